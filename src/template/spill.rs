//! Label text printed over a neighbouring cell. A wrapped label centred over rows that a page
//! break cut can run past its cell's top into the row above, its lines interleaved with that
//! row's own (`二、上年结转政府信息公开申请数` / `三、` / `量` / `本年` over `度办理结果`):
//! geometry put the pieces in the cell their ink fell in. The template's labels tell them
//! apart: the cell above holds one label with extra characters woven in, and those characters
//! followed by the text of the cell below make another label. They go back to that cell.

use std::collections::HashSet;

use super::labels::{fold_char, text_key};
use crate::model::Table;

/// One character of a cell's printed text and whether it counts in its key: punctuation and
/// spaces go with the character they follow.
fn is_key_char(c: char) -> bool {
    fold_char(c).is_alphanumeric()
}

/// Splits `printed` into the label `label_key` and the characters woven into it: `(label,
/// extra)` as printed, when `label_key` is a subsequence of the text's key with characters
/// left over. Punctuation goes with the character before it.
fn unweave(printed: &str, label_key: &str) -> Option<(String, String)> {
    let mut wanted = label_key.chars().peekable();
    let (mut label, mut extra) = (String::new(), String::new());
    let mut last_to_label = true;
    for c in printed.chars() {
        if !is_key_char(c) {
            if last_to_label {
                label.push(c)
            } else {
                extra.push(c)
            }
            continue;
        }
        if wanted.peek() == Some(&fold_char(c)) {
            wanted.next();
            label.push(c);
            last_to_label = true;
        } else {
            extra.push(c);
            last_to_label = false;
        }
    }
    (wanted.peek().is_none() && !text_key(&extra).is_empty()).then_some((label, extra))
}

/// Returns label text to the cell it was printed for, where one cell stands directly above
/// another in the same column and the template's `labels` (as printed) account for both.
/// Returns a note for every cell mended.
pub fn mend(table: &mut Table, labels: &[&str]) -> Vec<String> {
    // In the template's order, so that the first label that accounts for a pair is the one taken.
    let keys: Vec<String> = labels.iter().map(|l| text_key(l)).filter(|k| !k.is_empty()).collect();
    let is_label: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let mut notes = Vec::new();
    for above in 0..table.cells.len() {
        let (row, col, span) = (table.cells[above].row, table.cells[above].col, table.cells[above].row_span);
        let Some(below) = table.cells.iter().position(|c| c.row == row + span && c.col == col) else {
            continue;
        };
        let (upper, lower) = (&table.cells[above].text, &table.cells[below].text);
        let (upper_key, lower_key) = (text_key(upper), text_key(lower));
        if upper_key.is_empty()
            || lower_key.is_empty()
            || is_label.contains(upper_key.as_str())
            || is_label.contains(lower_key.as_str())
        {
            continue;
        }
        // The characters that go back, followed by the cell below, make a label: one that
        // ends with the cell below's text. Most pairs of cells have none, and stop here.
        if !keys.iter().any(|k| k.len() > lower_key.len() && k.ends_with(&lower_key)) {
            continue;
        }
        let (upper, lower) = (upper.clone(), lower.clone());
        let found = keys.iter().filter(|k| k.len() < upper_key.len()).find_map(|k| {
            let (label, extra) = unweave(&upper, k)?;
            let whole = format!("{}{lower_key}", text_key(&extra));
            is_label.contains(whole.as_str()).then_some((label, extra))
        });
        if let Some((label, extra)) = found {
            notes.push(format!(
                "\"{}\" printed over the cell above its own (\"{label}\") was returned to its cell",
                extra.trim()
            ));
            table.cells[above].text = label.trim().to_string();
            table.cells[below].text = format!("{}{}", extra.trim(), lower.trim());
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, FoundBy, Origin};

    fn cell(row: usize, col: usize, row_span: usize, col_span: usize, text: &str) -> Cell {
        Cell { row, col, row_span, col_span, text: text.into(), origin: Origin::default() }
    }

    fn table(cells: Vec<Cell>) -> Table {
        Table { n_rows: 3, n_cols: 3, cells, origin: Origin::default(), found_by: FoundBy::Rulings }
    }

    const LABELS: [&str; 3] = ["二、上年结转政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开"];

    #[test]
    fn lines_of_a_label_woven_into_the_row_above_go_back_to_their_cell() {
        let mut t = table(vec![
            cell(0, 0, 1, 2, "二、上年结转政府信息公开申请数三、量本年"),
            cell(0, 2, 1, 1, "0"),
            cell(1, 0, 1, 1, "度办理结果"),
            cell(1, 1, 1, 1, "（一）予以公开"),
            cell(1, 2, 1, 1, "0"),
        ]);
        let notes = mend(&mut t, &LABELS);
        assert_eq!(t.cells[0].text, "二、上年结转政府信息公开申请数量");
        assert_eq!(t.cells[2].text, "三、本年度办理结果");
        assert_eq!(t.cells[3].text, "（一）予以公开");
        assert_eq!(
            notes,
            ["\"三、本年\" printed over the cell above its own (\"二、上年结转政府信息公开申请数量\") was returned to its cell"]
        );
    }

    #[test]
    fn text_the_labels_do_not_account_for_stays_where_it_is() {
        let cells = vec![
            cell(0, 0, 1, 2, "二、上年结转政府信息公开申请数三、量本年"),
            cell(1, 0, 1, 1, "度办理"),
            // A label as printed is never taken apart.
            cell(1, 1, 1, 1, "（一）予以公开"),
            cell(2, 1, 1, 1, "三、本年度办理结果"),
        ];
        let mut t = table(cells.clone());
        assert!(mend(&mut t, &LABELS).is_empty());
        assert_eq!(t.cells, cells);
    }

    #[test]
    fn unweaving_keeps_punctuation_with_the_character_before_it() {
        assert_eq!(
            unweave("二、上年结转政府信息公开申请数三、量本年", "二上年结转政府信息公开申请数量"),
            Some(("二、上年结转政府信息公开申请数量".into(), "三、本年".into()))
        );
        assert_eq!(unweave("二、上年", "二上年"), None);
        assert_eq!(unweave("二、上", "二上年"), None);
    }
}
