//! Tables whose row labels form an outline (`三、` over `（三）` over `1.`), rebuilt from rows
//! that keep their cells' order but not their columns: text dumps, where a merged row header
//! printed once for many rows comes out as fragments on the rows around its middle (`三、本`,
//! `年度办 理结果`) and every row's cells are shifted by however many the dump dropped.
//!
//! Stages: each row's own label and the fragments of row headers beside it; fragments joined
//! into headers; each header's rows (the run of deeper rows around it whose numbering goes
//! on); label columns, one per outline level; the header rows over the values.

use crate::model::{is_cjk, Cell, FoundBy, Origin, Table};

/// One row of the body as the dump gives it: its label texts in order, then its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpRow {
    pub labels: Vec<String>,
    pub values: Vec<String>,
}

/// A row above the body: its texts in order, and whether the first stood in the dump's first
/// column (the table's top-left corner) rather than over the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRow {
    pub texts: Vec<String>,
    pub starts_at_left: bool,
}

/// The rebuilt table, and the fragments that belong to no cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlined {
    pub table: Table,
    pub left_out: Vec<String>,
}

/// The outline level and number an enumerated label opens with: `三、` (1, 3), `（二）` (2, 2),
/// `1.` or `1、` (3, 1).
pub fn enumeration(text: &str) -> Option<(u8, u32)> {
    let text = text.trim_start();
    let numeral = |text: &str| -> Option<(u32, usize)> {
        let digits: String = text.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
        let value = match digits.chars().collect::<Vec<_>>().as_slice() {
            [] => return None,
            [one] => chinese_digit(*one)?,
            ['十', one] => 10 + chinese_digit(*one)?,
            [tens, '十'] => chinese_digit(*tens)? * 10,
            [tens, '十', one] => chinese_digit(*tens)? * 10 + chinese_digit(*one)?,
            _ => return None,
        };
        Some((value, digits.len()))
    };
    if let Some((n, len)) = numeral(text) {
        return text[len..].starts_with('、').then_some((1, n));
    }
    if let Some(inner) = text.strip_prefix(['（', '(']) {
        let (n, len) = numeral(inner)?;
        return inner[len..].starts_with(['）', ')']).then_some((2, n));
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n = text[..digits].parse().ok()?;
    text[digits..].starts_with(['.', '．', '、']).then_some((3, n))
}

fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九十".chars().position(|d| d == c).map(|n| n as u32)
}

/// Text of one cell from the pieces a dump wrapped it into: spaces next to a CJK character
/// are wrapping, not text (`年度办 理结果` is `年度办理结果`).
pub fn unwrap_cell(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = out.chars().next_back();
            let after = chars[i + 1..].iter().copied().find(|c| !c.is_whitespace());
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) || before.is_some_and(char::is_whitespace) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// True when enough rows number their labels for the outline to decide the label columns.
pub fn is_outline(body: &[DumpRow]) -> bool {
    body.iter().filter(|r| r.labels.iter().any(|l| enumeration(l).is_some())).count() >= 3
}

/// A row header printed once beside many rows: its text, level and the rows it spans.
#[derive(Debug, Clone)]
struct RowHeader {
    text: String,
    level: u8,
    first: usize,
    last: usize,
}

/// Fragments beside each row's own label joined into row headers. An enumerated fragment
/// opens a header; a plain one continues the header that the fragment at its place in the
/// row above belongs to.
fn row_headers(body: &[DumpRow]) -> Vec<RowHeader> {
    let mut headers: Vec<RowHeader> = Vec::new();
    // The header of each fragment of the row above, by its place among the fragments.
    let mut above: Vec<usize> = Vec::new();
    for (r, row) in body.iter().enumerate() {
        let fragments = row.labels.split_last().map_or(&[][..], |(_, f)| f);
        let mut here = Vec::with_capacity(fragments.len());
        for (i, fragment) in fragments.iter().enumerate() {
            let text = unwrap_cell(fragment);
            let continued = above.get(i).copied().filter(|_| enumeration(&text).is_none());
            match continued {
                Some(h) => {
                    headers[h].text.push_str(&text);
                    headers[h].last = r;
                    here.push(h);
                }
                None => {
                    // A fragment with no header above it heads the rows beside it alone.
                    let level = enumeration(&text).map_or(0, |(level, _)| level);
                    headers.push(RowHeader { text, level, first: r, last: r });
                    here.push(headers.len() - 1);
                }
            }
        }
        above = here;
    }
    headers
}

/// The rows a header at level `level` spans: from its fragments, out over the rows whose own
/// labels are deeper, as long as the numbering of its direct children goes on (a `1.` after
/// an `8.` belongs to the next header).
fn header_rows(level: u8, first: usize, last: usize, own: &[Option<(u8, u32)>], taken: &[bool]) -> (usize, usize) {
    let deeper = |r: usize| own[r].is_some_and(|(l, _)| l > level) && !taken[r];
    let child = |r: usize| own[r].filter(|(l, _)| *l == level + 1).map(|(_, n)| n);
    let (mut start, mut end) = (first, last);
    let mut top_child = (start..=end).find_map(child);
    while start > 0 && deeper(start - 1) {
        if let (Some(n), Some(top)) = (child(start - 1), top_child) {
            if n >= top {
                break;
            }
        }
        start -= 1;
        top_child = child(start).or(top_child);
    }
    let mut bottom_child = (start..=end).rev().find_map(child);
    while end + 1 < own.len() && deeper(end + 1) {
        if let (Some(n), Some(bottom)) = (child(end + 1), bottom_child) {
            if n <= bottom {
                break;
            }
        }
        end += 1;
        bottom_child = child(end).or(bottom_child);
    }
    (start, end)
}

fn cell(row: usize, col: usize, row_span: usize, col_span: usize, text: String) -> Cell {
    Cell { row, col, row_span, col_span, text, origin: Origin::default() }
}

/// Rebuilds an outline table from its header rows and its body rows.
pub fn outline_table(header: &[HeaderRow], body: &[DumpRow]) -> Outlined {
    let n_values = body.iter().map(|r| r.values.len()).max().unwrap_or(0);
    let own: Vec<Option<(u8, u32)>> =
        body.iter().map(|r| r.labels.last().and_then(|l| enumeration(&unwrap_cell(l)))).collect();
    let mut headers = row_headers(body);
    // A header of unknown level heads the rows beside it one level above their own labels.
    for h in &mut headers {
        if h.level == 0 {
            h.level =
                (h.first..=h.last).filter_map(|r| own[r].map(|(l, _)| l)).min().unwrap_or(2).saturating_sub(1).max(1);
        }
    }
    // Shallower headers first, so a deeper one never claims the rows of a shallower one's
    // own label.
    headers.sort_by_key(|h| (h.level, h.first));
    let mut levels: Vec<u8> =
        own.iter().filter_map(|o| o.map(|(l, _)| l)).chain(headers.iter().map(|h| h.level)).collect();
    levels.sort_unstable();
    levels.dedup();
    let rank = |level: u8| levels.iter().position(|&l| l == level).unwrap_or(0);
    let n_labels = levels.len().max(1);

    let head = place_header(header, n_labels, n_values);
    let offset = head.rows;
    let mut cells = head.cells;
    let mut covered = vec![vec![false; n_labels]; body.len()];
    for h in &headers {
        let taken: Vec<bool> = covered.iter().map(|row| row[rank(h.level)]).collect();
        let (first, last) = header_rows(h.level, h.first, h.last, &own, &taken);
        let col = rank(h.level);
        for row in covered.iter_mut().take(last + 1).skip(first) {
            row[col] = true;
        }
        cells.push(cell(offset + first, col, last - first + 1, 1, h.text.clone()));
    }
    for (r, row) in body.iter().enumerate() {
        if let Some(label) = row.labels.last() {
            // Right of every header beside it, at its own level, to the last label column.
            let beside = covered[r].iter().rposition(|&c| c).map_or(0, |c| c + 1);
            let col = own[r].map_or(beside, |(level, _)| rank(level).max(beside)).min(n_labels - 1);
            cells.push(cell(offset + r, col, 1, n_labels - col, unwrap_cell(label)));
        }
        // Values keep their order from the right: a dump that lost one lost it at the front.
        let start = n_labels + n_values - row.values.len();
        for (i, value) in row.values.iter().enumerate() {
            cells.push(cell(offset + r, start + i, 1, 1, value.trim().to_string()));
        }
    }
    let table = Table {
        n_rows: offset + body.len(),
        n_cols: n_labels + n_values,
        cells,
        origin: Origin::default(),
        found_by: FoundBy::DumpRows,
    };
    Outlined { table, left_out: head.left_out }
}

/// The header rows placed over the value columns, the top-left corner spanning the label
/// columns beside them.
struct PlacedHeader {
    rows: usize,
    cells: Vec<Cell>,
    left_out: Vec<String>,
}

fn place_header(header: &[HeaderRow], n_labels: usize, n_values: usize) -> PlacedHeader {
    let mut corner: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for h in header {
        let mut texts: Vec<String> = h.texts.iter().map(|t| unwrap_cell(t)).filter(|t| !t.is_empty()).collect();
        // A parenthesized note opening a header that runs on is the corner's text.
        if texts.len() > n_values && texts[0].starts_with(['(', '（']) {
            corner.push(texts.remove(0));
        }
        match texts.as_slice() {
            [] => {}
            // A row of one text in the first column: the corner's text.
            [only] if h.starts_at_left => corner.push(only.clone()),
            all if all.len() == n_values => rows.push(all.to_vec()),
            // Header rows run together: a heading over all the values, then the values' own
            // headings, or a heading, one group between two single columns, and the group's
            // columns (`申请人情况` / `自然人 法人或其他组织 总计` / five organisations).
            [heading, rest @ ..] if rest.len() == n_values => {
                rows.push(vec![heading.clone()]);
                rows.push(rest.to_vec());
            }
            [heading, a, group, b, subs @ ..] if n_values >= 4 && subs.len() + 2 == n_values => {
                rows.push(vec![heading.clone()]);
                rows.push(vec![a.clone(), group.clone(), b.clone()]);
                rows.push(subs.to_vec());
            }
            all if all.len() > n_values => rows.push(all[all.len() - n_values..].to_vec()),
            [rest @ .., last] if h.starts_at_left || all_but_last_left(&texts, n_values) => {
                // Texts before a lone heading stand in the corner.
                corner.extend(rest.iter().cloned());
                rows.push(vec![last.clone()]);
            }
            all => rows.push(all.to_vec()),
        }
    }
    let mut cells = Vec::new();
    let first_value = n_labels;
    for (r, texts) in rows.iter().enumerate() {
        let next = rows.get(r + 1).map_or(0, Vec::len);
        match texts.len() {
            1 => cells.push(cell(r, first_value, 1, n_values, texts[0].clone())),
            n if n == n_values => {
                cells.extend(texts.iter().enumerate().map(|(i, t)| cell(r, first_value + i, 1, 1, t.clone())))
            }
            // Group headings over the next row's: the outer ones stand alone over two rows,
            // the one between them heads the next row's columns.
            n if n >= 3 && next + n - 1 == n_values => {
                for (i, t) in texts.iter().enumerate() {
                    let (col, span, down) = match i {
                        _ if i == n - 2 => (first_value + i, next, 1),
                        _ if i == n - 1 => (first_value + n_values - 1, 1, 2),
                        _ => (first_value + i, 1, 2),
                    };
                    cells.push(cell(r, col, down, span, t.clone()));
                }
            }
            _ => cells.extend(texts.iter().enumerate().map(|(i, t)| cell(r, first_value + i, 1, 1, t.clone()))),
        }
    }
    // Sub-headings under a group: the next row fills only the group's columns.
    let mut placed: Vec<Cell> = Vec::new();
    for c in cells {
        let under_group = placed.iter().any(|p| p.row + 1 == c.row && p.col_span > 1 && p.row_span == 1);
        let row_len = rows[c.row].len();
        if under_group && row_len < n_values {
            let group = placed.iter().find(|p| p.row + 1 == c.row && p.col_span > 1).map_or(first_value, |p| p.col);
            let i = c.col - first_value;
            placed.push(Cell { col: group + i, ..c });
        } else {
            placed.push(c);
        }
    }
    // The corner holds one cell: its longest text. Others there are residue, left out.
    let mut left_out = Vec::new();
    corner.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let mut corner = corner.into_iter();
    let n_rows = rows.len().max(1);
    if let Some(text) = corner.next() {
        placed.push(cell(0, 0, n_rows, n_labels, text));
    }
    left_out.extend(corner);
    PlacedHeader { rows: if placed.is_empty() { 0 } else { n_rows }, cells: placed, left_out }
}

/// A header row whose texts but the last cannot head the values (too few for them): they
/// stand in the corner.
fn all_but_last_left(texts: &[String], n_values: usize) -> bool {
    texts.len() == 2 && n_values > 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(labels: &[&str], values: &[&str]) -> DumpRow {
        DumpRow {
            labels: labels.iter().map(|s| s.to_string()).collect(),
            values: values.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn reads_enumerations_at_their_levels() {
        assert_eq!(enumeration("三、本年度办理结果"), Some((1, 3)));
        assert_eq!(enumeration("十二、其他"), Some((1, 12)));
        assert_eq!(enumeration("二十、其他"), Some((1, 20)));
        assert_eq!(enumeration(" （一）予以公开"), Some((2, 1)));
        assert_eq!(enumeration("(七)总计"), Some((2, 7)));
        assert_eq!(enumeration("1.属于国家秘密"), Some((3, 1)));
        assert_eq!(enumeration("12、其他"), Some((3, 12)));
        for text in ["三本年度", "（本列数据的勾稽关系为", "2021年", "一", "信息内容", ""] {
            assert_eq!(enumeration(text), None, "{text}");
        }
    }

    #[test]
    fn wrapping_spaces_next_to_cjk_go() {
        assert_eq!(unwrap_cell("年度办 理结果"), "年度办理结果");
        assert_eq!(unwrap_cell("法律 服务 机构"), "法律服务机构");
        assert_eq!(unwrap_cell("Annual  report 2023"), "Annual report 2023");
    }

    #[test]
    fn row_headers_printed_as_fragments_span_their_rows() {
        let body = [
            row(&["一、本年新收"], &["1", "1"]),
            row(&["(一) 予以公开"], &["2", "2"]),
            row(&["1.甲"], &["3", "3"]),
            row(&["三、本", "(二)", "2.乙"], &["4", "4"]),
            row(&["年度办 理结果", "不予公开", "3.丙"], &["5", "5"]),
            row(&["(三) 无法提供", "1.丁"], &["6", "6"]),
            row(&["2.戊"], &["7"]),
            row(&["四、结转"], &["8", "8"]),
        ];
        let header = [
            HeaderRow { texts: vec!["(本列数据)".into()], starts_at_left: true },
            HeaderRow { texts: vec!["甲方".into(), "乙方".into()], starts_at_left: false },
        ];
        let out = outline_table(&header, &body);
        assert_eq!(
            out.table.expanded(),
            [
                ["(本列数据)", "(本列数据)", "(本列数据)", "甲方", "乙方"],
                ["一、本年新收", "一、本年新收", "一、本年新收", "1", "1"],
                ["三、本年度办理结果", "(一)予以公开", "(一)予以公开", "2", "2"],
                ["三、本年度办理结果", "(二)不予公开", "1.甲", "3", "3"],
                ["三、本年度办理结果", "(二)不予公开", "2.乙", "4", "4"],
                ["三、本年度办理结果", "(二)不予公开", "3.丙", "5", "5"],
                ["三、本年度办理结果", "(三)无法提供", "1.丁", "6", "6"],
                ["三、本年度办理结果", "(三)无法提供", "2.戊", "", "7"],
                ["四、结转", "四、结转", "四、结转", "8", "8"],
            ]
        );
        assert!(out.left_out.is_empty());
    }

    #[test]
    fn a_header_run_together_is_split_into_its_rows() {
        let body = [
            row(&["一、甲"], &["1", "2", "3", "6"]),
            row(&["二、乙"], &["1", "2", "3", "6"]),
            row(&["三、丙"], &["1", "2", "3", "6"]),
        ];
        let texts = ["（本列数据）", "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构"];
        let header = [HeaderRow { texts: texts.iter().map(|t| t.to_string()).collect(), starts_at_left: false }];
        let out = outline_table(&header, &body);
        assert_eq!(
            out.table.expanded()[..3],
            [
                ["（本列数据）", "申请人情况", "申请人情况", "申请人情况", "申请人情况"],
                ["（本列数据）", "自然人", "法人或其他组织", "法人或其他组织", "总计"],
                ["（本列数据）", "自然人", "商业企业", "科研机构", "总计"],
            ]
        );
    }
}
