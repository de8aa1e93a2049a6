//! Template tables whose every line came glued (t2, t3), rebuilt in the template's printed shape.
//!
//! Some text dumps print a table a line per row with nothing between its cells:
//!
//! ```text
//! (本列数据的勾稽关系为:…)申请人情况
//! 自然人法人或其他组织总计
//! 商业企业科研机构社会公益组织法律服务机构其他
//! 三、本年度办理结果(一)予以公开0000000
//! (二)部分公开(区分处理的,只计这一情形,不计其他情形)0000000
//! ```
//!
//! No geometry tells the cells apart there, but the template does: its header labels, read
//! level by level, are the header text after the corner note; a row's printed label is the
//! end of its template label path (the pieces above it were printed on an earlier line and
//! span down to it); its numbers are the glued digits the repair read. The rebuilt grid holds
//! only the document's text, cut where the template's labels end: a label is never written in
//! place of what the document prints. A table that does not read this way is left as it is.

use crate::model::{Cell, Origin, Table};
use crate::numbers::is_value_like;
use crate::template::keys::Version;
use crate::template::labels::fold_char;
use crate::template::tables::Value;
use crate::template::tables::{template_rows, TemplateRow};

/// Punctuation that closes a label and stays with it when glued text is cut after the label
/// (`(一)` keeps its `)`; the `(` of the next label goes with the next).
const CLOSING: [char; 8] = [')', '）', '”', '」', '、', '.', '．', ':'];

/// The characters labels are compared by: folded (full-width to ASCII), letters and digits
/// only, so that `（一）` and `(一)` or `三、` and `三.` compare equal.
fn comparable(text: &str) -> Vec<(usize, char)> {
    text.char_indices().map(|(at, c)| (at, fold_char(c))).filter(|(_, c)| c.is_alphanumeric()).collect()
}

fn key_of(text: &str) -> Vec<char> {
    comparable(text).into_iter().map(|(_, c)| c).collect()
}

/// Cuts `text` into pieces whose comparable characters are `lengths` long, in order; the
/// last piece takes the rest. A piece keeps the closing punctuation that follows it.
fn cut(text: &str, lengths: &[usize]) -> Vec<String> {
    let chars = comparable(text);
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut counted = 0;
    for (i, &len) in lengths.iter().enumerate() {
        if i + 1 == lengths.len() {
            break;
        }
        counted += len;
        let Some(&(last, _)) = chars.get(counted - 1) else { break };
        // The original character's width, not the folded one's.
        let mut end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        for c in text[end..].chars() {
            if !CLOSING.contains(&c) {
                break;
            }
            end += c.len_utf8();
        }
        pieces.push(text[start..end].trim().to_string());
        start = end;
    }
    pieces.push(text[start..].trim().to_string());
    pieces
}

/// One line of the table as printed: the texts of the cells that begin in one grid row.
struct Line {
    text: String,
    /// The trailing run of ASCII digits, glued numbers, when the line ends in one.
    digits: Option<String>,
    origin: Origin,
}

/// The table's lines; a line's digits are those its last cell ends with, when no other cell of
/// it is a number (numbers in cells of their own are not glued).
fn lines(table: &Table) -> Vec<Line> {
    let mut out = Vec::new();
    for r in 0..table.n_rows {
        let mut cells: Vec<&Cell> = table.cells.iter().filter(|c| c.row == r && !c.text.trim().is_empty()).collect();
        cells.sort_by_key(|c| c.col);
        let Some((last, before)) = cells.split_last() else { continue };
        let last_text = last.text.trim();
        let label_end = last_text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let glued = label_end < last_text.len() && !before.iter().any(|c| is_value_like(&c.text));
        let mut text: String = before.iter().map(|c| c.text.trim()).collect();
        text.push_str(if glued { &last_text[..label_end] } else { last_text });
        let digits = glued.then(|| last_text[label_end..].to_string());
        out.push(Line { text: text.trim().to_string(), digits, origin: last.origin.clone() });
    }
    out
}

/// The header's cells from the template's column label paths: at each level, the columns that
/// share a label there are one cell over them, and a path that ends above the last level spans
/// down to it. Returned in reading order (level by level, left to right) as (level, first
/// column, columns spanned, rows spanned, label).
fn header_layout<'a>(paths: &[Vec<&'a str>]) -> Vec<(usize, usize, usize, usize, &'a str)> {
    let depth = paths.iter().map(Vec::len).max().unwrap_or(0);
    let mut cells = Vec::new();
    for level in 0..depth {
        let mut c = 0;
        while c < paths.len() {
            let Some(&label) = paths[c].get(level) else {
                c += 1;
                continue;
            };
            let mut width = 1;
            while c + width < paths.len()
                && paths[c + width].len() > level
                && paths[c + width][..=level] == paths[c][..=level]
            {
                width += 1;
            }
            let height = if level + 1 == paths[c].len() { depth - level } else { 1 };
            cells.push((level, c, width, height, label));
            c += width;
        }
    }
    cells
}

/// The row of the template a printed row label is, from `from` on: the one whose label path
/// ends with what the line prints (`(二)部分公开…` for 三、…/（二）部分公开…). Returns the row's
/// index and how many pieces of its path the line prints.
fn match_row(label: &[char], rows: &[TemplateRow], from: usize) -> Option<(usize, usize)> {
    (from..rows.len()).find_map(|i| {
        let path = &rows[i].pieces;
        (1..=path.len())
            .rev()
            .find(|&n| path[path.len() - n..].iter().flat_map(|p| key_of(p)).eq(label.iter().copied()))
            .map(|n| (i, n))
    })
}

/// `table` (a template table of `table_id`, read with `values`) rebuilt in the printed shape
/// when every line of it came glued; `None` otherwise.
pub fn rebuild(table: &Table, table_id: &str, version: Version, values: &[Value]) -> Option<Table> {
    let rows = template_rows(version, table_id);
    let first = rows.first()?;
    let column_paths: Vec<Vec<&str>> = first.columns.iter().map(|d| d.column_label.split('/').collect()).collect();
    let width = column_paths.len();
    if rows.iter().any(|r| r.columns.len() != width) {
        return None;
    }
    let lines = lines(table);
    // Glued data lines: a label, then at least a digit for each of the row's columns. Every
    // line after the first data line must be one.
    let first_data = lines.iter().position(|l| l.digits.as_ref().is_some_and(|d| d.len() >= width))?;
    let (head, data) = lines.split_at(first_data);
    if data.iter().any(|l| l.digits.as_ref().is_none_or(|d| d.len() < width) || l.text.is_empty()) {
        return None;
    }

    // The header: a corner note, then the template's labels, level by level.
    let header = header_layout(&column_paths);
    let head_text: String = head.iter().map(|l| l.text.as_str()).collect();
    let head_key = key_of(&head_text);
    let labels_key: Vec<char> = header.iter().flat_map(|h| key_of(h.4)).collect();
    if head_key.len() < labels_key.len() || head_key[head_key.len() - labels_key.len()..] != labels_key[..] {
        return None;
    }
    let corner_len = head_key.len() - labels_key.len();
    let mut lengths = vec![corner_len];
    lengths.extend(header.iter().map(|h| key_of(h.4).len()));
    let head_pieces = cut(&head_text, &lengths);
    let header_rows = column_paths.iter().map(Vec::len).max().unwrap_or(0);
    let label_cols = rows.iter().map(|r| r.pieces.len()).max().unwrap_or(0);
    let head_origin = head.first().map(|l| l.origin.clone()).unwrap_or_default();
    let mut cells = Vec::new();
    let cell = |row, col, row_span, col_span, text: &str, origin: &Origin| Cell {
        row,
        col,
        row_span,
        col_span,
        text: text.to_string(),
        origin: origin.clone(),
    };
    if corner_len > 0 {
        cells.push(cell(0, 0, header_rows, label_cols, &head_pieces[0], &head_origin));
    }
    for (h, text) in header.iter().zip(&head_pieces[1..]) {
        cells.push(cell(h.0, label_cols + h.1, h.3, h.2, text, &head_origin));
    }

    // The rows: each line's label cut into the pieces of its path it prints, its numbers
    // as the repair read them.
    let mut from = 0;
    // For each label column, the cell printed last there and the path piece it holds.
    let mut open: Vec<Option<(usize, &str)>> = vec![None; label_cols];
    for (i, line) in data.iter().enumerate() {
        let r = header_rows + i;
        let (index, printed) = match_row(&key_of(&line.text), &rows, from)?;
        from = index + 1;
        let row = &rows[index];
        let numbers: Vec<&str> = row
            .columns
            .iter()
            .map(|d| values.iter().find(|v| v.key == d.key).map(|v| v.raw.as_str()).unwrap_or(""))
            .collect();
        if numbers.iter().any(|n| n.is_empty()) {
            return None;
        }
        let skipped = row.pieces.len() - printed;
        let lengths: Vec<usize> = row.pieces[skipped..].iter().map(|p| key_of(p).len()).collect();
        for (level, slot) in open.iter_mut().enumerate() {
            // A piece above what the line prints continues the cell above it; any other is
            // closed.
            let continues = level < skipped && slot.is_some_and(|(_, piece)| row.pieces.get(level) == Some(&piece));
            if !continues {
                *slot = None;
            }
        }
        for (n, text) in cut(&line.text, &lengths).iter().enumerate() {
            let level = skipped + n;
            let leaf = level + 1 == row.pieces.len();
            let col_span = if leaf { label_cols - level } else { 1 };
            open[level] = Some((cells.len(), row.pieces[level]));
            cells.push(cell(r, level, 1, col_span, text, &line.origin));
        }
        for slot in open.iter().take(skipped).flatten() {
            cells[slot.0].row_span = r + 1 - cells[slot.0].row;
        }
        for (c, number) in numbers.iter().enumerate() {
            cells.push(cell(r, label_cols + c, 1, 1, number, &line.origin));
        }
    }
    Some(Table {
        n_rows: header_rows + data.len(),
        n_cols: label_cols + width,
        cells,
        origin: table.origin.clone(),
        found_by: table.found_by,
    })
}

/// The heading of t2's label column, printed at the head of every group.
const ITEM_HEADING: &str = "信息内容";

/// Where `label` ends when the text at `at` begins with it (compared as [`comparable`]
/// characters, punctuation between them skipped), with the closing punctuation after it.
fn label_at(text: &str, at: usize, label: &str) -> Option<usize> {
    let mut want = key_of(label).into_iter().peekable();
    let mut end = at;
    let mut begun = false;
    for (i, c) in text[at..].char_indices() {
        if want.peek().is_none() {
            break;
        }
        let folded = fold_char(c);
        if folded.is_alphanumeric() {
            if want.next() != Some(folded) {
                return None;
            }
            begun = true;
        } else if !begun && !c.is_whitespace() && !"(（“「".contains(c) {
            // Only opening punctuation may stand before a label's first character.
            return None;
        }
        end = at + i + c.len_utf8();
    }
    if want.peek().is_some() {
        return None;
    }
    Some(end + text[end..].chars().take_while(|c| CLOSING.contains(c)).map(char::len_utf8).sum::<usize>())
}

/// The first place at or after `at` where `label` begins: (start, end).
fn find_label(text: &str, at: usize, label: &str) -> Option<(usize, usize)> {
    text[at..].char_indices().find_map(|(i, _)| label_at(text, at + i, label).map(|end| (at + i, end)))
}

/// The figure at `at` (digits, with a decimal point or separators): its text and end.
fn figure_at(text: &str, at: usize) -> Option<(String, usize)> {
    let len: usize = text[at..]
        .chars()
        .take_while(|&c| fold_char(c).is_ascii_digit() || matches!(fold_char(c), '.' | ','))
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| (text[at..at + len].to_string(), at + len))
}

/// t2 rebuilt in its printed shape from a table whose text came glued (`规章000`): read in
/// order, each group's heading (`第二十条第（一）项`), `信息内容` and its column labels, then each
/// row's label and numbers (glued numbers as the repair read them). `None` unless the whole
/// text reads that way.
pub fn rebuild_t2(table: &Table, version: Version, values: &[Value]) -> Option<Table> {
    let rows = template_rows(version, "t2");
    // The template's groups, in order: heading, then the rows under it.
    let mut groups: Vec<(&str, Vec<&TemplateRow>)> = Vec::new();
    for row in &rows {
        let [heading, _label] = row.pieces.as_slice() else { return None };
        match groups.last_mut() {
            Some((h, members)) if *h == *heading => members.push(row),
            _ => groups.push((heading, vec![row])),
        }
    }
    let width = groups.iter().flat_map(|(_, rows)| rows.iter().map(|r| r.columns.len())).max()?;
    let mut cells_in_order: Vec<&Cell> = table.cells.iter().filter(|c| !c.text.trim().is_empty()).collect();
    cells_in_order.sort_by_key(|c| (c.row, c.col));
    let text: String = cells_in_order.iter().map(|c| c.text.trim()).collect();
    let origin = cells_in_order.first().map(|c| c.origin.clone()).unwrap_or_default();
    let mut cells = Vec::new();
    let mut put = |row: usize, col: usize, col_span: usize, piece: &str| {
        let text = piece.trim().to_string();
        cells.push(Cell { row, col, row_span: 1, col_span, text, origin: origin.clone() });
    };
    let mut at = 0;
    let mut r = 0;
    for (heading, members) in &groups {
        let n = members[0].columns.len();
        if members.iter().any(|m| m.columns.len() != n) || (n != 1 && n != width) {
            return None;
        }
        // A value cell under each label, or one over every column.
        let span = width / n;
        let end = label_at(&text, at, heading)?;
        put(r, 0, width + 1, &text[at..end]);
        at = end;
        let end = label_at(&text, at, ITEM_HEADING)?;
        put(r + 1, 0, 1, &text[at..end]);
        at = end;
        if n == 1 {
            // One column: its label is all up to the first row's label (reports word it
            // differently: `本年收费金额（单位：万元，保留4位小数）`).
            let (start, _) = find_label(&text, at, members[0].pieces[1])?;
            put(r + 1, 1, span, &text[at..start]);
            at = start;
        } else {
            for (c, def) in members[0].columns.iter().enumerate() {
                let end = label_at(&text, at, &def.column_label)?;
                put(r + 1, 1 + c, 1, &text[at..end]);
                at = end;
            }
        }
        r += 2;
        for member in members {
            let end = label_at(&text, at, member.pieces[1])?;
            put(r, 0, 1, &text[at..end]);
            let (figure, end) = figure_at(&text, end)?;
            at = end;
            if n == 1 {
                put(r, 1, span, &figure);
            } else {
                // Glued: the repair's reading, which must be the printed digits cut.
                let read: Vec<&str> = member
                    .columns
                    .iter()
                    .map(|d| values.iter().find(|v| v.key == d.key).map_or("", |v| v.raw.as_str()))
                    .collect();
                if read.iter().any(|v| v.is_empty()) || read.concat() != figure {
                    return None;
                }
                for (c, value) in read.iter().enumerate() {
                    put(r, 1 + c, 1, value);
                }
            }
            r += 1;
        }
    }
    if !text[at..].trim().is_empty() {
        return None;
    }
    Some(Table { n_rows: r, n_cols: width + 1, cells, origin: table.origin.clone(), found_by: table.found_by })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::keys::keys;

    #[test]
    fn glued_text_is_cut_where_labels_end() {
        assert_eq!(cut("三、本年度办理结果(一)予以公开", &[8, 5]), ["三、本年度办理结果", "(一)予以公开"]);
        assert_eq!(cut("(三)不予公开1.属于国家秘密", &[5, 7]), ["(三)不予公开", "1.属于国家秘密"]);
        assert_eq!(cut("自然人法人或其他组织总计", &[3, 7, 2]), ["自然人", "法人或其他组织", "总计"]);
    }

    fn table(rows: &[&[&str]]) -> Table {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let origin = Origin::default();
                cells.push(Cell { row: r, col: c, row_span: 1, col_span: 1, text: text.to_string(), origin });
            }
        }
        let n_cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        Table {
            n_rows: rows.len(),
            n_cols,
            cells,
            origin: Origin::default(),
            found_by: crate::model::FoundBy::DumpRows,
        }
    }

    fn zeros(rows: &[&str]) -> Vec<Value> {
        let row_keys: Vec<String> = rows.iter().map(|r| format!("t3.{r}.")).collect();
        keys(Version::V2021)
            .iter()
            .filter(|d| row_keys.iter().any(|k| d.key.starts_with(k.as_str()) && !d.key[k.len()..].contains('.')))
            .map(|d| Value {
                key: d.key.clone(),
                raw: "0".into(),
                number: Some("0".into()),
                row_label: String::new(),
                column_label: String::new(),
                origin: Origin::default(),
                found: true,
            })
            .collect()
    }

    const HEADER: [&str; 3] =
        ["(说明)申请人情况", "自然人法人或其他组织总计", "商业企业科研机构社会公益组织法律服务机构其他"];

    #[test]
    fn glued_rows_are_cut_by_the_template_labels() {
        let rows: Vec<&[&str]> = vec![
            &HEADER[..1],
            &HEADER[1..2],
            &HEADER[2..],
            &["三、本年度办理结果(一)予以公开0000000"],
            &["(三)不予公开", "1.属于国家秘密0000000"],
            &["2.其他法律行政法规禁止公开0000000"],
        ];
        let values = zeros(&["granted", "denied.secret", "denied.law"]);
        let rebuilt = rebuild(&table(&rows), "t3", Version::V2021, &values).expect("rebuilt");
        let at = |r: usize, c: usize| {
            rebuilt.cells.iter().find(|x| x.row == r && x.col == c).map(|x| (x.text.as_str(), x.row_span, x.col_span))
        };
        assert_eq!((rebuilt.n_rows, rebuilt.n_cols), (6, 10));
        assert_eq!(at(0, 0), Some(("(说明)", 3, 3)));
        assert_eq!(at(0, 3), Some(("申请人情况", 1, 7)));
        assert_eq!(at(1, 3), Some(("自然人", 2, 1)));
        assert_eq!(at(1, 4), Some(("法人或其他组织", 1, 5)));
        assert_eq!(at(1, 9), Some(("总计", 2, 1)));
        assert_eq!(at(2, 8), Some(("其他", 1, 1)));
        // 三、 spans down its three rows; (三) over its two; each leaf to the last label column.
        assert_eq!(at(3, 0), Some(("三、本年度办理结果", 3, 1)));
        assert_eq!(at(3, 1), Some(("(一)予以公开", 1, 2)));
        assert_eq!(at(4, 1), Some(("(三)不予公开", 2, 1)));
        assert_eq!(at(5, 2), Some(("2.其他法律行政法规禁止公开", 1, 1)));
        assert_eq!(at(5, 9), Some(("0", 1, 1)));
    }

    #[test]
    fn tables_that_do_not_read_as_glued_rows_are_left_alone() {
        let values = zeros(&["granted"]);
        // Numbers in cells of their own.
        let separate =
            table(&[&HEADER[..1], &HEADER[1..2], &HEADER[2..], &["(一)予以公开", "0", "0", "0", "0", "0", "0", "0"]]);
        assert!(rebuild(&separate, "t3", Version::V2021, &values).is_none());
        // A header that is not the template's labels.
        let other = table(&[&["申请人"], &["三、本年度办理结果(一)予以公开0000000"]]);
        assert!(rebuild(&other, "t3", Version::V2021, &values).is_none());
        // A row label the template does not have.
        let unknown = table(&[&HEADER[..1], &HEADER[1..2], &HEADER[2..], &["(九)其他情况0000000"]]);
        assert!(rebuild(&unknown, "t3", Version::V2021, &values).is_none());
    }

    fn t2_values(read: &[(&str, &str)]) -> Vec<Value> {
        read.iter()
            .map(|(key, raw)| Value {
                key: key.to_string(),
                raw: raw.to_string(),
                number: Some(raw.to_string()),
                row_label: String::new(),
                column_label: String::new(),
                origin: Origin::default(),
                found: true,
            })
            .collect()
    }

    const T2_LINES: [&str; 14] = [
        "第二十条第(一)项",
        "信息内容本年制发件数本年废止件数现行有效件数",
        "规章1021",
        "行政规范性文件000",
        "第二十条第(五)项",
        "信息内容本年处理决定数量",
        "行政许可13",
        "第二十条第(六)项",
        "信息内容本年处理决定数量",
        "行政处罚2",
        "行政强制0",
        "第二十条第(八)项",
        "信息内容本年收费金额(单位:万元,保留4位小数)",
        "行政事业性收费12.5",
    ];

    #[test]
    fn glued_t2_is_read_group_by_group() {
        let rows: Vec<&[&str]> = T2_LINES.iter().map(std::slice::from_ref).collect();
        let values = t2_values(&[
            ("t2.rules.issued", "10"),
            ("t2.rules.repealed", "2"),
            ("t2.rules.in_force", "1"),
            ("t2.normative.issued", "0"),
            ("t2.normative.repealed", "0"),
            ("t2.normative.in_force", "0"),
        ]);
        let rebuilt = rebuild_t2(&table(&rows), Version::V2021, &values).expect("rebuilt");
        let mut grid = vec![vec![String::new(); rebuilt.n_cols]; rebuilt.n_rows];
        for c in &rebuilt.cells {
            grid[c.row][c.col] =
                format!("{}{}", c.text, if c.col_span > 1 { format!("<{}>", c.col_span) } else { String::new() });
        }
        let lines: Vec<String> = grid.iter().map(|r| r.join("|")).collect();
        assert_eq!(
            lines,
            [
                "第二十条第(一)项<4>|||",
                "信息内容|本年制发件数|本年废止件数|现行有效件数",
                "规章|10|2|1",
                "行政规范性文件|0|0|0",
                "第二十条第(五)项<4>|||",
                "信息内容|本年处理决定数量<3>||",
                "行政许可|13<3>||",
                "第二十条第(六)项<4>|||",
                "信息内容|本年处理决定数量<3>||",
                "行政处罚|2<3>||",
                "行政强制|0<3>||",
                "第二十条第(八)项<4>|||",
                "信息内容|本年收费金额(单位:万元,保留4位小数)<3>||",
                "行政事业性收费|12.5<3>||",
            ]
        );
        // The repair's reading must be the printed digits; a row the template lacks, or text
        // left over, leaves the table as it is.
        let mut misread = values.clone();
        misread[2].raw = "2".into(); // 10 2 2 is not the printed 1021
        assert!(rebuild_t2(&table(&rows), Version::V2021, &misread).is_none());
        let mut extra: Vec<&[&str]> = rows.clone();
        extra.push(&["备注:无"]);
        assert!(rebuild_t2(&table(&extra), Version::V2021, &values).is_none());
    }
}
