//! The printed shape of a template table, rebuilt from the document's own text when the
//! layout lost its geometry.
//!
//! A text dump or a broken layout may give t4's header as rows of cells that start at the
//! left whatever column they head, as one cell per line, glued into one string, or as the
//! fragments of vertically printed labels. Geometry cannot tell which fragment heads which
//! column there; the template can, because every report prints t4 the same way:
//!
//! ```text
//! 行政复议 (5 columns)        | 行政诉讼 (10 columns)
//! 结果维持 … 总计 (2 rows each) | 未经复议直接起诉 (5)  | 复议后起诉 (5)
//!                             | 结果维持 … 总计       | 结果维持 … 总计
//! 15 numbers
//! ```
//!
//! The rebuilt grid holds only text the document prints: labels are used to decide where a
//! fragment goes, never written in its place. Fragments that fit no cell are returned as notes.

use crate::model::{Cell, Origin, Table};
use crate::numbers::is_value_like;
use crate::template::labels::{fold_char, label_key};
use crate::template::tables::Value;

/// Result labels of one t4 block, in printed order, each with the variants reports print.
const RESULT_LABELS: [&[&str]; 5] =
    [&["结果维持"], &["结果纠正"], &["其他结果", "驳回申请", "驳回起诉"], &["尚未审结"], &["总计", "合计"]];
/// The two top headers, over 5 and 10 columns.
const TOP_LABELS: [&str; 2] = ["行政复议", "行政诉讼"];
/// The two groups of 行政诉讼, over 5 columns each.
const GROUP_LABELS: [&str; 2] = ["未经复议直接起诉", "复议后起诉"];
const BLOCK: usize = 5;
const WIDTH: usize = 3 * BLOCK;
/// Header cells that start in each printed header row: the two tops; the five results of
/// 行政复议 (two rows tall) and the two groups; the ten results of the groups.
const STARTING: [usize; 3] = [2, BLOCK + 2, 2 * BLOCK];

/// One piece of header text with where it came from.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    origin: Origin,
}

/// Every label a t4 header prints, for splitting glued headers.
fn vocabulary() -> Vec<&'static str> {
    let mut words: Vec<&str> = TOP_LABELS.iter().chain(GROUP_LABELS.iter()).copied().collect();
    words.extend(RESULT_LABELS.iter().flat_map(|v| v.iter().copied()));
    words
}

/// Splits `text` into labels of the vocabulary when it is nothing but labels glued together
/// (`行政复议行政诉讼`); `None` when any part of it is not a label.
fn split_glued(text: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let keys: Vec<(Vec<char>, usize)> = vocabulary()
        .into_iter()
        .map(|w| {
            let k: Vec<char> = label_key(w).chars().collect();
            let n = k.len();
            (k, n)
        })
        .collect();
    // Folded one character at a time, so that positions in `folded` are positions in `chars`.
    let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let mut parts = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        // The longest label that starts here: 总计 must not be taken out of a longer one.
        let len = keys
            .iter()
            .filter(|(k, n)| at + n <= folded.len() && folded[at..at + n] == k[..])
            .map(|(_, n)| *n)
            .max()?;
        parts.push(chars[at..at + len].iter().collect());
        at += len;
    }
    (parts.len() > 1).then_some(parts)
}

/// Removes the spaces a letter-spaced label prints between its characters.
fn unspaced(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn is_label(text: &str, labels: &[&str]) -> bool {
    let key = label_key(text);
    !key.is_empty() && labels.iter().any(|l| label_key(l) == key)
}

/// The header rows of a t4 table and its 15 numbers, read in reading order, or `None` when the
/// table is not one header followed by one row of 15 numbers.
fn header_and_numbers(table: &Table, values: &[Value]) -> Option<(Vec<Vec<Piece>>, Vec<Piece>)> {
    let mut cells: Vec<&Cell> = table.cells.iter().filter(|c| !c.text.trim().is_empty()).collect();
    cells.sort_by_key(|c| (c.row, c.col));
    let first_number = cells.iter().position(|c| is_value_like(&c.text))?;
    let (head, tail) = cells.split_at(first_number);
    // Anything but numbers after the first number is not t4's shape: leave the table as it is.
    if tail.iter().any(|c| !is_value_like(&c.text)) {
        return None;
    }
    let numbers: Vec<Piece> = if tail.len() == WIDTH {
        tail.iter().map(|c| Piece { text: c.text.trim().to_string(), origin: c.origin.clone() }).collect()
    } else if tail.len() == 1 {
        // Glued digits: the repair already read them as 15 cells.
        let read: Vec<&Value> = values.iter().filter(|v| v.key.starts_with("t4.") && v.found).collect();
        if read.len() != WIDTH || read.iter().any(|v| v.raw.is_empty()) {
            return None;
        }
        read.iter().map(|v| Piece { text: v.raw.clone(), origin: tail[0].origin.clone() }).collect()
    } else {
        return None;
    };
    let mut rows: Vec<Vec<Piece>> = Vec::new();
    let mut last_row = None;
    for cell in head {
        if last_row != Some(cell.row) {
            rows.push(Vec::new());
            last_row = Some(cell.row);
        }
        let texts = split_glued(&cell.text).unwrap_or_else(|| vec![cell.text.trim().to_string()]);
        if let Some(row) = rows.last_mut() {
            row.extend(texts.into_iter().map(|text| Piece { text, origin: cell.origin.clone() }));
        }
    }
    Some((rows, numbers))
}

/// The header cells that start in each of the three printed header rows, from the document's
/// rows: as they stand when their counts are the printed ones, in reading order when the
/// document gave them as one run (one cell per line), else rebuilt from fragments.
fn header_rows(rows: &[Vec<Piece>], notes: &mut Vec<String>) -> Option<[Vec<Piece>; 3]> {
    let counts: Vec<usize> = rows.iter().map(Vec::len).collect();
    if counts == STARTING {
        return Some([rows[0].clone(), rows[1].clone(), rows[2].clone()]);
    }
    let all: Vec<Piece> = rows.iter().flatten().cloned().collect();
    if all.len() == STARTING.iter().sum::<usize>() {
        let (top, rest) = all.split_at(STARTING[0]);
        let (middle, bottom) = rest.split_at(STARTING[1]);
        return Some([top.to_vec(), middle.to_vec(), bottom.to_vec()]);
    }
    from_fragments(rows, notes)
}

/// Vertical labels cut into fragments over two rows (`结` above `果维持`): the bottom row
/// heads all 15 columns; each of 行政复议's five results takes, from the row above, the
/// fragments that complete its label in the order they stand. Fragments that complete no label
/// are noted and left out.
fn from_fragments(rows: &[Vec<Piece>], notes: &mut Vec<String>) -> Option<[Vec<Piece>; 3]> {
    let [top, middle, bottom] = rows else { return None };
    if top.len() != STARTING[0]
        || bottom.len() != WIDTH
        || !top.iter().zip(TOP_LABELS).all(|(p, l)| is_label(&p.text, &[l]))
    {
        return None;
    }
    let mut groups = Vec::new();
    let mut fragments: Vec<Piece> = Vec::new();
    for piece in middle {
        if is_label(&piece.text, &GROUP_LABELS) {
            groups.push(piece.clone());
        } else {
            fragments.extend(
                piece.text.split_whitespace().map(|t| Piece { text: t.to_string(), origin: piece.origin.clone() }),
            );
        }
    }
    if groups.len() != GROUP_LABELS.len() {
        return None;
    }
    let mut used = vec![false; fragments.len()];
    let mut cursor = 0;
    let mut results = Vec::new();
    for (below, labels) in bottom.iter().zip(RESULT_LABELS) {
        let tail = label_key(&below.text);
        let mut text = unspaced(&below.text);
        let wanted: Vec<String> = labels
            .iter()
            .map(|l| label_key(l))
            .filter(|l| l.len() > tail.len() && l.ends_with(&tail))
            .map(|l| l[..l.len() - tail.len()].to_string())
            .collect();
        // The first run of consecutive fragments, at or after the last one taken, that spells
        // the missing start of a label.
        'search: for start in cursor..fragments.len() {
            let mut spelled = String::new();
            for end in start..fragments.len() {
                spelled.push_str(&label_key(&fragments[end].text));
                if wanted.contains(&spelled) {
                    let head: String = fragments[start..=end].iter().map(|f| unspaced(&f.text)).collect();
                    text = head + &text;
                    used[start..=end].iter_mut().for_each(|u| *u = true);
                    cursor = end + 1;
                    break 'search;
                }
                if !wanted.iter().any(|w| w.starts_with(&spelled)) {
                    break;
                }
            }
        }
        results.push(Piece { text, origin: below.origin.clone() });
    }
    for (fragment, _) in fragments.iter().zip(&used).filter(|(_, u)| !**u) {
        notes.push(format!("t4: header fragment `{}` belongs to no cell; left out of the grid", fragment.text));
    }
    results.extend(groups);
    Some([top.clone(), results, bottom[BLOCK..].to_vec()])
}

fn cell(row: usize, col: usize, row_span: usize, col_span: usize, piece: &Piece) -> Cell {
    Cell { row, col, row_span, col_span, text: unspaced_cjk(&piece.text), origin: piece.origin.clone() }
}

/// Letter-spacing removed between CJK characters; other spaces kept.
fn unspaced_cjk(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = out.chars().next_back().is_some_and(crate::model::is_cjk);
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(|&c| crate::model::is_cjk(c));
            if before && after {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// True when the table already has t4's printed shape: nothing to rebuild.
fn has_printed_shape(table: &Table) -> bool {
    let mut spans: Vec<(usize, usize, usize, usize)> = table
        .cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| (c.row, c.col, c.row_span, c.col_span))
        .collect();
    spans.sort_unstable();
    spans == printed_spans()
}

fn printed_spans() -> Vec<(usize, usize, usize, usize)> {
    let mut spans = vec![(0, 0, 1, BLOCK), (0, BLOCK, 1, 2 * BLOCK)];
    spans.extend((0..BLOCK).map(|c| (1, c, 2, 1)));
    spans.extend([(1, BLOCK, 1, BLOCK), (1, 2 * BLOCK, 1, BLOCK)]);
    spans.extend((BLOCK..WIDTH).map(|c| (2, c, 1, 1)));
    spans.extend((0..WIDTH).map(|c| (3, c, 1, 1)));
    spans.sort_unstable();
    spans
}

/// t4 in its printed shape, from the document's own header text and numbers; `None` when the
/// table is in that shape already or is not shaped like t4 at all (the grid then follows the
/// document as it stands). Fragments left out are added to `notes`.
pub fn t4(table: &Table, values: &[Value], notes: &mut Vec<String>) -> Option<Table> {
    if has_printed_shape(table) {
        return None;
    }
    let (rows, numbers) = header_and_numbers(table, values)?;
    let mut left_out = Vec::new();
    let [top, middle, bottom] = header_rows(&rows, &mut left_out)?;
    let mut cells = vec![cell(0, 0, 1, BLOCK, &top[0]), cell(0, BLOCK, 1, 2 * BLOCK, &top[1])];
    cells.extend(middle[..BLOCK].iter().enumerate().map(|(c, p)| cell(1, c, 2, 1, p)));
    cells.push(cell(1, BLOCK, 1, BLOCK, &middle[BLOCK]));
    cells.push(cell(1, 2 * BLOCK, 1, BLOCK, &middle[BLOCK + 1]));
    cells.extend(bottom.iter().enumerate().map(|(i, p)| cell(2, BLOCK + i, 1, 1, p)));
    cells.extend(numbers.iter().enumerate().map(|(c, p)| cell(3, c, 1, 1, p)));
    notes.extend(left_out);
    Some(Table { n_rows: 4, n_cols: WIDTH, cells, origin: table.origin.clone(), found_by: table.found_by })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                cells.push(Cell {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    text: text.to_string(),
                    origin: Origin::default(),
                });
            }
        }
        let n_cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        Table { n_rows: rows.len(), n_cols, cells, origin: Origin::default(), found_by: crate::model::FoundBy::Markup }
    }

    fn printed(t: &Table) -> Vec<Vec<String>> {
        let mut grid = vec![vec![String::new(); t.n_cols]; t.n_rows];
        for c in &t.cells {
            grid[c.row][c.col].clone_from(&c.text);
        }
        grid
    }

    const RESULTS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

    fn expected() -> Vec<Vec<String>> {
        let s = |t: &str| t.to_string();
        let mut top = vec![String::new(); WIDTH];
        top[0] = s("行政复议");
        top[5] = s("行政诉讼");
        let mut middle: Vec<String> = RESULTS.iter().map(|t| s(t)).collect();
        middle.extend([s("未经复议直接起诉"), s(""), s(""), s(""), s(""), s("复议后起诉"), s(""), s(""), s(""), s("")]);
        let mut bottom = vec![String::new(); BLOCK];
        bottom.extend(RESULTS.iter().chain(RESULTS.iter()).map(|t| s(t)));
        vec![top, middle, bottom, (0..WIDTH).map(|i| i.to_string()).collect()]
    }

    fn numbers() -> Vec<String> {
        (0..WIDTH).map(|i| i.to_string()).collect()
    }

    #[test]
    fn rows_starting_at_the_left_are_placed_under_their_headers() {
        let n = numbers();
        let mut middle: Vec<&str> = RESULTS.to_vec();
        middle.extend(GROUP_LABELS);
        let bottom: Vec<&str> = RESULTS.iter().chain(RESULTS.iter()).copied().collect();
        let t = table(&[&TOP_LABELS, &middle, &bottom, &n.iter().map(String::as_str).collect::<Vec<_>>()]);
        let mut notes = Vec::new();
        let shaped = t4(&t, &[], &mut notes).expect("reshaped");
        assert_eq!(printed(&shaped), expected());
        assert!(notes.is_empty());
        // Already printed shape: left alone.
        assert!(t4(&shaped, &[], &mut notes).is_none());
    }

    #[test]
    fn glued_headers_are_split_into_their_labels() {
        let n = numbers();
        let t = table(&[
            &["行政复议行政诉讼"],
            &["结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"],
            &["结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"],
            &n.iter().map(String::as_str).collect::<Vec<_>>(),
        ]);
        let shaped = t4(&t, &[], &mut Vec::new()).expect("reshaped");
        assert_eq!(printed(&shaped), expected());
    }

    #[test]
    fn vertical_fragments_complete_their_labels_and_strays_are_noted() {
        let n = numbers();
        let bottom: Vec<&str> = ["果维持", "果纠正", "他 结 果", "未审结", "总计"]
            .into_iter()
            .chain(RESULTS.iter().copied())
            .chain(RESULTS.iter().copied())
            .collect();
        let t = table(&[
            &["行政复议", "", "", "行政诉讼"],
            &["结", "结 结 其", "", "", "尚", "", "未经复议直接起诉", "", "", "", "复议后起诉"],
            &bottom,
            &n.iter().map(String::as_str).collect::<Vec<_>>(),
        ]);
        let mut notes = Vec::new();
        let shaped = t4(&t, &[], &mut notes).expect("reshaped");
        assert_eq!(printed(&shaped), expected());
        assert_eq!(notes, ["t4: header fragment `结` belongs to no cell; left out of the grid"]);
    }

    #[test]
    fn a_table_of_another_shape_is_left_as_it_stands() {
        let t = table(&[&["行政复议", "行政诉讼"], &["结果维持", "总计"], &["1", "2"]]);
        assert!(t4(&t, &[], &mut Vec::new()).is_none());
    }
}
