//! Tables cut by a page break: whether the table at the top of a page continues the one that
//! ends the page before, and the two parts moved onto common columns. Geometry and the text
//! of the cells only; which template table a part is, is for the template stage to say.

use crate::model::Table;
use crate::numbers::is_value_like;

/// Column edges of a laid-out table: every cell's left and right edge.
fn column_edges(t: &Table) -> Vec<f32> {
    let mut xs: Vec<f32> = t.cells.iter().filter_map(|c| c.origin.bbox).flat_map(|b| [b[0], b[2]]).collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() <= EDGE_TOLERANCE);
    xs
}

/// How far apart two printed column edges may be and still be one.
const EDGE_TOLERANCE: f32 = 3.0;

/// `next` as a continuation of `prev` on a later page: its cells moved onto `prev`'s columns
/// by position. `None` when some cell edge is not one of `prev`'s edges.
pub fn continuation_on_next_page(prev: &Table, next: &Table) -> Option<Table> {
    let last_page = prev.cells.iter().filter_map(|c| c.origin.page).max()?;
    if next.origin.page? <= last_page {
        return None;
    }
    onto_edges(next, &column_edges(prev))
}

/// `table` with its cells moved onto the columns between `edges` by their boxes; `None` when
/// a cell has no box or an edge of it is none of `edges`.
fn onto_edges(table: &Table, edges: &[f32]) -> Option<Table> {
    let at = |x: f32| edges.iter().position(|e| (e - x).abs() <= EDGE_TOLERANCE);
    let mut moved = table.clone();
    for cell in &mut moved.cells {
        let b = cell.origin.bbox?;
        let (start, end) = (at(b[0])?, at(b[2])?);
        if end <= start {
            return None;
        }
        cell.col = start;
        cell.col_span = end - start;
    }
    moved.n_cols = edges.len() - 1;
    Some(moved)
}

/// `prev` and `next`, its continuation on a later page, both moved onto the union of their
/// column edges: each part draws only the edges its own rows need (a label column split
/// below a merged cell on one page, whole on the other), and the edges are what they share.
/// `None` unless every cell of both has a box and the parts share their outer edges.
pub fn on_common_edges(prev: &Table, next: &Table) -> Option<(Table, Table)> {
    let last_page = prev.cells.iter().filter_map(|c| c.origin.page).max()?;
    if next.origin.page? <= last_page {
        return None;
    }
    let (a, b) = (column_edges(prev), column_edges(next));
    let outer = |a: &[f32], b: &[f32]| Some(((a.first()? - b.first()?).abs(), (a.last()? - b.last()?).abs()));
    let (left, right) = outer(&a, &b)?;
    if left > EDGE_TOLERANCE || right > EDGE_TOLERANCE {
        return None;
    }
    let mut edges: Vec<f32> = a.iter().chain(&b).copied().collect();
    edges.sort_by(f32::total_cmp);
    edges.dedup_by(|x, y| (*x - *y).abs() <= EDGE_TOLERANCE);
    Some((onto_edges(prev, &edges)?, onto_edges(next, &edges)?))
}

/// The cells of a row that print something.
fn filled(row: &[String]) -> impl Iterator<Item = &String> {
    row.iter().filter(|text| !text.trim().is_empty())
}

fn is_figure(text: &str) -> bool {
    !text.trim().is_empty() && is_value_like(text)
}

/// A label as it compares across parts: printed spaces and line breaks aside.
fn label_key(text: &str) -> String {
    text.split_whitespace().collect()
}

/// `next`, at the top of a page straight after `prev`, is a table of its own rather than
/// `prev` continued: it opens with a row of labels (two or more) that prints words where the
/// rows of `prev` print figures, and that `prev`'s header (its rows above the first figure)
/// does not print. A continuation goes on with rows of figures, or repeats the header; a table
/// of text alone gives no such sign and is taken as continued.
pub fn opens_its_own_table(prev: &Table, next: &Table) -> bool {
    let (above, below) = (prev.expanded(), next.expanded());
    let Some(first) = below.first() else { return false };
    let header_rows = above.iter().take_while(|row| !row.iter().any(|text| is_figure(text))).count();
    let figure_columns: Vec<usize> =
        (0..prev.n_cols).filter(|&col| above.iter().any(|row| row.get(col).is_some_and(|t| is_figure(t)))).collect();
    let in_figure_columns: Vec<&String> =
        figure_columns.iter().filter_map(|&col| first.get(col)).filter(|text| !text.trim().is_empty()).collect();
    let words_for_figures = !in_figure_columns.is_empty() && in_figure_columns.iter().all(|text| !is_figure(text));
    if filled(first).count() < 2 || !words_for_figures {
        return false;
    }
    let printed: std::collections::HashSet<String> =
        above[..header_rows].iter().flat_map(|row| filled(row)).map(|text| label_key(text)).collect();
    let repeats_the_header = filled(first).all(|text| printed.contains(&label_key(text)));
    !repeats_the_header
}

/// Leading rows of `next` that repeat the first rows of `first` cell for cell (printed spaces
/// aside): a header printed again at the top of each page, years and all.
pub fn repeated_leading_rows(first: &Table, next: &Table) -> usize {
    let (above, below) = (first.expanded(), next.expanded());
    above
        .iter()
        .zip(&below)
        .take_while(|(a, b)| {
            a.len() == b.len()
                && filled(a).next().is_some()
                && a.iter().zip(b.iter()).all(|(x, y)| label_key(x) == label_key(y))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, FoundBy, Origin};

    /// A one-row part on `page` whose cells span the given x ranges.
    fn part(page: u32, spans: &[(f32, f32, &str)]) -> Table {
        let cells = spans
            .iter()
            .enumerate()
            .map(|(col, &(x0, x1, text))| Cell {
                row: 0,
                col,
                row_span: 1,
                col_span: 1,
                text: text.into(),
                origin: Origin { page: Some(page), bbox: Some([x0, 0.0, x1, 20.0]), confidence: None },
            })
            .collect();
        let origin = Origin { page: Some(page), bbox: Some([0.0, 0.0, 130.0, 20.0]), confidence: None };
        Table { n_rows: 1, n_cols: spans.len(), cells, origin, found_by: FoundBy::Rulings }
    }

    fn columns(t: &Table) -> Vec<(usize, usize, &str)> {
        t.cells.iter().map(|c| (c.col, c.col_span, c.text.as_str())).collect()
    }

    #[test]
    fn parts_over_a_page_break_meet_on_the_union_of_their_column_edges() {
        // Page 1 prints one label across 30–100; page 2 splits it at 60.
        let above = part(1, &[(0.0, 30.0, "三、"), (30.0, 100.0, "（一）予以公开"), (100.0, 130.0, "0")]);
        let below =
            part(2, &[(0.0, 30.0, ""), (30.0, 60.0, "（三）"), (60.0, 100.0, "1.属于国家秘密"), (100.0, 130.0, "0")]);
        let (above, below) = on_common_edges(&above, &below).expect("aligned");
        assert_eq!(columns(&above), [(0, 1, "三、"), (1, 2, "（一）予以公开"), (3, 1, "0")]);
        assert_eq!(columns(&below), [(0, 1, ""), (1, 1, "（三）"), (2, 1, "1.属于国家秘密"), (3, 1, "0")]);
        assert_eq!((above.n_cols, below.n_cols), (4, 4));
    }

    #[test]
    fn parts_that_do_not_share_their_outer_edges_are_not_aligned_by_them() {
        let above = part(1, &[(0.0, 30.0, "a"), (30.0, 130.0, "b")]);
        let shifted = part(2, &[(10.0, 40.0, "c"), (40.0, 140.0, "d")]);
        assert!(on_common_edges(&above, &shifted).is_none());
        let same_page = part(1, &[(0.0, 60.0, "c"), (60.0, 130.0, "d")]);
        assert!(on_common_edges(&above, &same_page).is_none());
    }

    /// A part on `page` of rows of three cells, each column 100 wide.
    fn rows(page: u32, rows: &[[&str; 3]]) -> Table {
        let mut cells = Vec::new();
        for (row, texts) in rows.iter().enumerate() {
            for (col, text) in texts.iter().enumerate() {
                let (x, y) = (100.0 * col as f32, 20.0 * row as f32);
                let origin = Origin { page: Some(page), bbox: Some([x, y, x + 100.0, y + 20.0]), confidence: None };
                cells.push(Cell { row, col, row_span: 1, col_span: 1, text: text.to_string(), origin });
            }
        }
        let origin =
            Origin { page: Some(page), bbox: Some([0.0, 0.0, 300.0, 20.0 * rows.len() as f32]), confidence: None };
        Table { n_rows: rows.len(), n_cols: 3, cells, origin, found_by: FoundBy::Rulings }
    }

    #[test]
    fn a_part_with_a_header_of_its_own_is_another_table() {
        let above = rows(1, &[["County", "2022", "2023"], ["North", "101", "203"]]);
        let other = rows(2, &[["Office", "Requests", "Answered"], ["Records", "10", "9"]]);
        assert!(opens_its_own_table(&above, &other));
        // The header repeated, a body row, a section row with one label: the same table.
        let repeated = rows(2, &[["County", "2022", "2023 "], ["South", "102", "206"]]);
        assert!(!opens_its_own_table(&above, &repeated));
        let worded = rows(1, &[["County", "Spent", "Budget"], ["North", "101", "203"]]);
        assert!(!opens_its_own_table(&worded, &rows(2, &[["County", "Spent", "Bud get"], ["South", "1", "2"]])));
        assert!(opens_its_own_table(&worded, &other));
        assert!(!opens_its_own_table(&above, &rows(2, &[["South", "102", "206"]])));
        assert!(!opens_its_own_table(&above, &rows(2, &[["Coast", "", ""], ["East", "1", "2"]])));
        assert_eq!(repeated_leading_rows(&above, &repeated), 1);
        assert_eq!(repeated_leading_rows(&above, &other), 0);
        // A table of text alone gives no sign: it continues.
        let text = rows(1, &[["Code", "Office", "Hours"], ["A-1", "Records", "Mon"]]);
        assert!(!opens_its_own_table(&text, &rows(2, &[["B-7", "Archives", "Tue"]])));
    }
}
