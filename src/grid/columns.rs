//! Unruled tables of text alone: consecutive lines cut into pieces by column gaps, the pieces
//! of every line lining up in the same columns. The numbers engine (`stream`) anchors its
//! rows on lines of numbers; a table of codes, names or marks has none.
//!
//! Stages, each a pure function: the lines' pieces → columns (the extents the pieces of the
//! most finely cut lines cover; a piece over several of them spans them) → a row per line.

use crate::lines::Line;
use crate::model::{Cell, FoundBy, Origin, Table};

/// A table of text has at least this many rows: two lines with a gap each are a label and
/// its value, or a signature and its date.
pub const MIN_ROWS: usize = 3;
/// A table of two columns whose pieces are wider than this fraction of the table is two
/// columns of running text, not a table.
const MAX_TWO_COLUMN_PIECE: f32 = 0.4;

/// Columns as x extents, left to right, from the lines' pieces: lines cut into the most pieces
/// first, so a heading over several columns (fewer pieces) does not merge them.
fn columns(lines: &[&Line]) -> Vec<(f32, f32)> {
    let mut order: Vec<&&Line> = lines.iter().collect();
    order.sort_by_key(|l| std::cmp::Reverse(l.segments.len()));
    let mut columns: Vec<(f32, f32)> = Vec::new();
    for line in order {
        for s in &line.segments {
            let overlapped: Vec<usize> =
                (0..columns.len()).filter(|&c| s.x0 < columns[c].1 && s.x1 > columns[c].0).collect();
            match overlapped.as_slice() {
                [] => columns.push((s.x0, s.x1)),
                [c] => columns[*c] = (columns[*c].0.min(s.x0), columns[*c].1.max(s.x1)),
                // Over several columns: it spans them.
                _ => {}
            }
        }
    }
    columns.sort_by(|a, b| a.0.total_cmp(&b.0));
    columns
}

/// The table the lines print, when their pieces line up in columns: every line cut into at
/// least two pieces, every piece in one column or spanning neighbours.
pub fn table_from_text_lines(lines: &[&Line]) -> Option<Table> {
    if lines.len() < MIN_ROWS || lines.iter().any(|l| l.segments.len() < 2) {
        return None;
    }
    let columns = columns(lines);
    if columns.len() < 2 {
        return None;
    }
    let (left, right) = (columns[0].0, columns[columns.len() - 1].1);
    let prose = columns.len() == 2
        && lines.iter().flat_map(|l| &l.segments).any(|s| s.x1 - s.x0 > MAX_TWO_COLUMN_PIECE * (right - left));
    if prose {
        return None;
    }
    let mut cells = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        let mut last_col: Option<usize> = None;
        for s in &line.segments {
            let covered: Vec<usize> =
                (0..columns.len()).filter(|&c| s.x0 < columns[c].1 && s.x1 > columns[c].0).collect();
            let (&first, &last) = (covered.first()?, covered.last()?);
            // Two pieces of one line in one column: the gap between them is no column's.
            if last_col.is_some_and(|c| c >= first) {
                return None;
            }
            last_col = Some(last);
            cells.push(Cell {
                row,
                col: first,
                row_span: 1,
                col_span: last - first + 1,
                text: s.text.clone(),
                origin: Origin {
                    page: Some(line.page),
                    bbox: Some([s.x0, s.y0, s.x1, s.y1]),
                    confidence: s.confidence,
                },
            });
        }
    }
    Some(Table {
        n_rows: lines.len(),
        n_cols: columns.len(),
        cells,
        origin: Origin { page: lines.first().map(|l| l.page), bbox: None, confidence: None },
        found_by: FoundBy::TextColumns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line at `y` with a piece per `(text, x0, x1)`.
    fn line(y: f32, pieces: &[(&str, f32, f32)]) -> Line {
        Line::of_segments(y, 10.0, pieces)
    }

    fn grid(table: &Table) -> Vec<Vec<String>> {
        table.expanded()
    }

    #[test]
    fn pieces_that_line_up_are_a_table_with_empty_cells_where_a_row_prints_nothing() {
        let lines = [
            line(
                0.0,
                &[("Outer 1", 0.0, 30.0), ("Outer 2", 50.0, 80.0), ("Long 1", 100.0, 125.0), ("Inner", 150.0, 170.0)],
            ),
            line(14.0, &[("A1", 5.0, 15.0), ("B1", 55.0, 65.0), ("C1", 100.0, 110.0), ("E1", 152.0, 162.0)]),
            line(28.0, &[("C2", 100.0, 110.0)]),
            line(42.0, &[("C3", 100.0, 110.0), ("E3", 152.0, 162.0)]),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        // A line of one piece is no row of such a table.
        assert_eq!(table_from_text_lines(&refs), None);
        let refs: Vec<&Line> = [&lines[0], &lines[1], &lines[3]].into_iter().collect();
        let table = table_from_text_lines(&refs).expect("a table");
        assert_eq!(
            grid(&table),
            [["Outer 1", "Outer 2", "Long 1", "Inner"], ["A1", "B1", "C1", "E1"], ["", "", "C3", "E3"]]
        );
    }

    #[test]
    fn a_heading_over_two_columns_spans_them() {
        let lines = [
            line(0.0, &[("Region", 0.0, 30.0), ("Counts by year", 60.0, 140.0)]),
            line(14.0, &[("Name", 0.0, 20.0), ("2022", 60.0, 80.0), ("2023", 120.0, 140.0)]),
            line(28.0, &[("North", 0.0, 25.0), ("ten", 62.0, 78.0), ("nine", 122.0, 140.0)]),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let table = table_from_text_lines(&refs).expect("a table");
        let spans: Vec<(usize, usize, usize)> = table.cells.iter().map(|c| (c.row, c.col, c.col_span)).collect();
        assert_eq!(spans[..2], [(0, 0, 1), (0, 1, 2)]);
        assert_eq!(table.n_cols, 3);
    }

    #[test]
    fn two_columns_of_running_text_are_no_table() {
        let lines: Vec<Line> = (0..4)
            .map(|r| {
                line(14.0 * r as f32, &[("words of the left column", 0.0, 200.0), ("and the right", 220.0, 420.0)])
            })
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        assert_eq!(table_from_text_lines(&refs), None);
    }
}
