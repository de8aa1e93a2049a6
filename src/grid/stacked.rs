//! Stacked tables rebuilt from rows that kept their cells' order but not their columns (text
//! dumps): blocks one under another, each a title row across the table, a header row and rows
//! of values (t2's `第二十条第（X）项` blocks). Each block has as many value columns as it
//! needs, the table as many as its widest block; a block's cells start at the first value
//! column, and a block of one value column spans them all (its cells are centred over the
//! table's).

use crate::model::{Cell, FoundBy, Origin, Table};

use super::outline::unwrap_cell;

/// A row as a dump gives it: its texts before its values, then its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRow {
    pub texts: Vec<String>,
    pub values: Vec<String>,
}

/// What a row without values is, given the rows of values under it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A block's title, across the table.
    Title(String),
    /// A block's header: the labels' heading, then one heading per value column.
    Header(Vec<String>),
    /// A block's title and its header, run together on one line.
    TitleAndHeader(String, Vec<String>),
}

/// Values in the block a row without values opens: those of the next row that has any.
fn block_width(rows: &[TextRow], from: usize) -> usize {
    rows[from..].iter().find(|r| !r.values.is_empty()).map_or(0, |r| r.values.len())
}

fn kind(row: &TextRow, width: usize) -> Kind {
    let texts: Vec<String> = row.texts.iter().map(|t| unwrap_cell(t)).filter(|t| !t.is_empty()).collect();
    match texts.as_slice() {
        [title] => Kind::Title(title.clone()),
        [title, header @ ..] if width > 0 && header.len() == width + 1 => {
            Kind::TitleAndHeader(title.clone(), header.to_vec())
        }
        _ => Kind::Header(texts),
    }
}

/// True when the rows print at least two blocks, each opened by a title over rows of values.
pub fn is_stacked(rows: &[TextRow]) -> bool {
    let is_title = |r: usize| {
        rows[r].values.is_empty()
            && matches!(kind(&rows[r], block_width(rows, r + 1)), Kind::Title(_) | Kind::TitleAndHeader(..))
    };
    let titles: Vec<usize> = (0..rows.len()).filter(|&r| is_title(r)).collect();
    // Every block holds rows of values before the next title (a two-level header is no block).
    let mut ends = titles[1.min(titles.len())..].to_vec();
    ends.push(rows.len());
    let filled = titles.iter().zip(&ends).all(|(&start, &end)| rows[start..end].iter().any(|r| !r.values.is_empty()));
    titles.len() >= 2 && filled
}

fn cell(row: usize, col: usize, col_span: usize, text: String) -> Cell {
    Cell { row, col, row_span: 1, col_span, text, origin: Origin::default() }
}

/// Rebuilds a stacked table.
pub fn stacked_table(rows: &[TextRow]) -> Table {
    let n_values = rows.iter().map(|r| r.values.len()).max().unwrap_or(0);
    let n_cols = 1 + n_values;
    let mut cells = Vec::new();
    let mut r = 0;
    // Cells of a row from the first value column; one alone spans them all.
    let place = |cells: &mut Vec<Cell>, r: usize, texts: &[String]| {
        let span_all = texts.len() == 1;
        for (i, text) in texts.iter().enumerate() {
            cells.push(cell(r, 1 + i, if span_all { n_values } else { 1 }, text.clone()));
        }
    };
    for (k, row) in rows.iter().enumerate() {
        if row.values.is_empty() {
            match kind(row, block_width(rows, k + 1)) {
                Kind::Title(title) => {
                    cells.push(cell(r, 0, n_cols, title));
                    r += 1;
                }
                Kind::TitleAndHeader(title, header) => {
                    cells.push(cell(r, 0, n_cols, title));
                    cells.push(cell(r + 1, 0, 1, header[0].clone()));
                    place(&mut cells, r + 1, &header[1..]);
                    r += 2;
                }
                Kind::Header(texts) => {
                    if let Some((first, rest)) = texts.split_first() {
                        cells.push(cell(r, 0, 1, first.clone()));
                        place(&mut cells, r, rest);
                        r += 1;
                    }
                }
            }
            continue;
        }
        let label = row.texts.iter().map(|t| unwrap_cell(t)).collect::<Vec<_>>().join("");
        cells.push(cell(r, 0, 1, label));
        let values: Vec<String> = row.values.iter().map(|v| v.trim().to_string()).collect();
        place(&mut cells, r, &values);
        r += 1;
    }
    Table { n_rows: r, n_cols, cells, origin: Origin::default(), found_by: FoundBy::DumpRows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(texts: &[&str], values: &[&str]) -> TextRow {
        TextRow {
            texts: texts.iter().map(|s| s.to_string()).collect(),
            values: values.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn blocks_start_at_the_first_value_column() {
        let rows = [
            row(&["第二十条第（一）项"], &[]),
            row(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], &[]),
            row(&["规章"], &["1", "2", "3"]),
            row(&["第二十条第（五）项", "信息内容", "本年处理决定数量"], &[]),
            row(&["行政许可"], &["7"]),
            row(&["第二十条第（八）项"], &[]),
            row(&["信息内容", "上一年项目数量", "本年增/减"], &[]),
            row(&["行政事业性收费"], &["19", "-2"]),
        ];
        assert!(is_stacked(&rows));
        let header_only = [row(&["行政复议"], &[]), row(&["行政诉讼"], &[]), row(&[], &["0", "0"])];
        assert!(!is_stacked(&header_only), "titles with no values between them open no blocks");
        let t1 = "第二十条第（一）项";
        let t5 = "第二十条第（五）项";
        let t8 = "第二十条第（八）项";
        assert_eq!(
            stacked_table(&rows).expanded(),
            [
                [t1, t1, t1, t1],
                ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", "1", "2", "3"],
                [t5, t5, t5, t5],
                ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
                ["行政许可", "7", "7", "7"],
                [t8, t8, t8, t8],
                ["信息内容", "上一年项目数量", "本年增/减", ""],
                ["行政事业性收费", "19", "-2", ""],
            ]
        );
    }
}
