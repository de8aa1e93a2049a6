//! Text reader: reports that reached us flattened, copied out of web pages or dumped by other
//! tools. Tables come back as rows of cells from whatever structure the text kept: pipes,
//! tabs, one cell per line, or cells glued together; template recognition does the rest.
//! Layout dumps, whose columns are only runs of spaces, go to `aligned` and the PDF layout.

use super::aligned;
use crate::error::ErrorKind;
use crate::grid::{outline, stacked};
use crate::model::{
    clean_text, join_text, Block, Cell, Document, Format, FoundBy, Origin, Paragraph, Table, MAX_COLUMNS, MAX_ROWS,
};
use crate::numbers::{is_zero_mark, parse_number};
use crate::vocabulary::Vocabulary;

/// Decodes text: UTF-8 or UTF-16 by byte-order mark, UTF-8 if valid, else GB18030 (GBK).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// Drops Word's `[bookmark: _GoBack]` markers that text exports leave in the text.
fn strip_bookmarks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[bookmark:") {
        out.push_str(&rest[..start]);
        match rest[start..].find(']') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_value(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && (parse_number(t).is_some() || is_zero_mark(t))
}

/// Splits `label0000000` into the label and the digits glued to it.
fn unglue(token: &str) -> Vec<String> {
    let trimmed = token.trim();
    let digits_start =
        trimmed.char_indices().rev().take_while(|(_, c)| c.is_ascii_digit() || *c == '.').last().map(|(i, _)| i);
    match digits_start {
        Some(i) if i > 0 && !is_value(trimmed) => {
            let (label, digits) = trimmed.split_at(i);
            // A label ending in a numbering digit (`第（一）项`) has none glued.
            if label.ends_with(['（', '(', '第']) {
                return vec![trimmed.to_string()];
            }
            vec![label.trim().to_string(), digits.to_string()]
        }
        _ => vec![trimmed.to_string()],
    }
}

/// How a zone's lines carry their cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Pipes,
    Tabs,
    Stream,
}

fn layout_of(lines: &[&str]) -> Layout {
    let non_empty: Vec<&&str> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    let with =
        |sep: char| non_empty.iter().filter(|l| l.trim_matches(|c: char| c == ' ').matches(sep).count() >= 1).count();
    let fields = |l: &&&str| l.split('\t').filter(|f| !f.trim().is_empty()).count();
    if with('|') * 2 >= non_empty.len() {
        Layout::Pipes
    } else if non_empty.iter().filter(|l| fields(l) >= 2).count() * 2 >= non_empty.len() {
        Layout::Tabs
    } else {
        Layout::Stream
    }
}

/// A row as the text printed it: labels, then values, with the column of each where the
/// layout kept one.
struct Row {
    cells: Vec<(Option<usize>, String)>,
}

fn rows_of(lines: &[&str], layout: Layout) -> Vec<Row> {
    match layout {
        Layout::Pipes => lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Row {
                cells: l.split('|').map(str::trim).filter(|c| !c.is_empty()).map(|c| (None, c.to_string())).collect(),
            })
            .collect(),
        Layout::Tabs => lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Row {
                cells: l
                    .split('\t')
                    .enumerate()
                    .filter(|(_, c)| !c.trim().is_empty())
                    .map(|(i, c)| (Some(i), c.trim().to_string()))
                    .collect(),
            })
            .collect(),
        Layout::Stream => {
            // Cells: one per line; where most lines open with a tab, a line without one
            // continues the cell above (`商业` / `企业`).
            let tabbed = lines.iter().filter(|l| l.starts_with('\t')).count() * 2 > lines.len();
            let mut cells: Vec<String> = Vec::new();
            let mut continues = false;
            for line in lines {
                if line.trim().is_empty() {
                    continues = false;
                    continue;
                }
                if tabbed && !line.starts_with('\t') && continues {
                    if let Some(last) = cells.last_mut() {
                        if !is_value(last) {
                            last.push_str(line.trim());
                            continue;
                        }
                    }
                }
                cells.extend(unglue(line));
                continues = true;
            }
            // A label after a value starts a new row.
            let mut rows: Vec<Row> = Vec::new();
            let mut current: Vec<(Option<usize>, String)> = Vec::new();
            for cell in cells {
                let label_after_value = !is_value(&cell) && current.last().is_some_and(|(_, c)| is_value(c));
                if label_after_value {
                    rows.push(Row { cells: std::mem::take(&mut current) });
                }
                current.push((None, cell));
            }
            if !current.is_empty() {
                rows.push(Row { cells: current });
            }
            rows
        }
    }
}

/// A tab-delimited table whose row labels form an outline (t3's `三、` / `（三）` / `1.`),
/// as header rows and body rows for [`outline::outline_table`]; `None` for any other table.
/// The dump's columns are not trusted (a merged cell it printed on one row shifts the others):
/// only the order of each row's cells is.
fn outline_rows(rows: &[Row]) -> Option<OutlineRows> {
    let first_body = rows.iter().position(|r| r.cells.iter().any(|(_, c)| is_value(c)))?;
    let mut body = Vec::new();
    let mut after = Vec::new();
    for (k, row) in rows[first_body..].iter().enumerate() {
        // The table ends at the first line without values (a note below it).
        let Some(split) = row.cells.iter().position(|(_, c)| is_value(c)) else {
            after = rows[first_body + k..].iter().flat_map(|r| r.cells.iter().map(|(_, c)| c.clone())).collect();
            break;
        };
        let (labels, values) = row.cells.split_at(split);
        body.push(outline::DumpRow {
            labels: labels.iter().map(|(_, c)| c.clone()).collect(),
            values: values.iter().map(|(_, c)| c.clone()).collect(),
        });
    }
    if !outline::is_outline(&body) {
        return None;
    }
    let mut header: Vec<outline::HeaderRow> = rows[..first_body]
        .iter()
        .map(|r| outline::HeaderRow {
            texts: r.cells.iter().map(|(_, c)| c.clone()).collect(),
            starts_at_left: r.cells.first().is_some_and(|(p, _)| *p == Some(0)),
        })
        .collect();
    // One cell per line runs the header into the first row: what stands before that row's
    // own label, unnumbered, is the header's.
    if let Some(first) = body.first_mut() {
        let own = first.labels.len().saturating_sub(1);
        let run_in = first.labels[..own].iter().take_while(|l| outline::enumeration(l).is_none()).count();
        if run_in > 0 {
            header.push(outline::HeaderRow { texts: first.labels.drain(..run_in).collect(), starts_at_left: false });
        }
    }
    Some(OutlineRows { header, body, after })
}

/// A stacked table's rows (t2's blocks), and the lines after its last row of values; `None`
/// when the rows are not blocks under titles.
fn stacked_rows(rows: &[Row]) -> Option<(Vec<stacked::TextRow>, Vec<String>)> {
    let mut out: Vec<stacked::TextRow> = Vec::new();
    for row in rows {
        let split = row.cells.iter().position(|(_, c)| is_value(c)).unwrap_or(row.cells.len());
        let mut texts: Vec<String> = row.cells[..split].iter().map(|(_, c)| c.clone()).collect();
        let values: Vec<String> = row.cells[split..].iter().map(|(_, c)| c.clone()).collect();
        // One cell per line runs a block's title and header into its first row: the title,
        // the labels' heading and one heading per value, then the row's label.
        let run_in = if values.is_empty() { 0 } else { texts.len().saturating_sub(1) };
        if run_in == values.len() + 2 {
            out.push(stacked::TextRow { texts: texts.drain(..1).collect(), values: Vec::new() });
        }
        if !values.is_empty() && texts.len() == values.len() + 2 {
            out.push(stacked::TextRow { texts: texts.drain(..values.len() + 1).collect(), values: Vec::new() });
        }
        out.push(stacked::TextRow { texts, values });
    }
    let last_values = out.iter().rposition(|r| !r.values.is_empty())?;
    let after: Vec<String> = out.drain(last_values + 1..).flat_map(|r| r.texts).collect();
    stacked::is_stacked(&out).then_some((out, after))
}

/// An outline table's rows, and the lines after it that belong to no row.
struct OutlineRows {
    header: Vec<outline::HeaderRow>,
    body: Vec<outline::DumpRow>,
    after: Vec<String>,
}

/// Lays rows out as a table. Rows with positions keep them; the others put their labels at
/// the left and their values at the right, where the template's value columns are.
fn table_of(rows: Vec<Row>) -> Table {
    // Headers run together before the first values: keep the last label with the values.
    let mut split_rows: Vec<Vec<(Option<usize>, String)>> = Vec::new();
    for row in rows {
        let first_value = row.cells.iter().position(|(_, c)| is_value(c)).unwrap_or(row.cells.len());
        if first_value > 3 && first_value < row.cells.len() && row.cells.iter().all(|(p, _)| p.is_none()) {
            let (head, rest) = row.cells.split_at(first_value - 1);
            split_rows.push(head.to_vec());
            split_rows.push(rest.to_vec());
        } else {
            split_rows.push(row.cells);
        }
    }
    let values_of = |r: &Vec<(Option<usize>, String)>| r.iter().filter(|(_, c)| is_value(c)).count();
    let labels_of = |r: &Vec<(Option<usize>, String)>| r.iter().take_while(|(_, c)| !is_value(c)).count();
    let max_values = split_rows.iter().map(values_of).max().unwrap_or(0);
    let max_labels = split_rows.iter().map(labels_of).max().unwrap_or(0);
    let packed_cols = max_labels + max_values;
    let positional_cols = split_rows.iter().flatten().filter_map(|(p, _)| p.map(|p| p + 1)).max().unwrap_or(0);
    let n_cols = packed_cols.max(positional_cols).clamp(1, MAX_COLUMNS);
    split_rows.truncate(MAX_ROWS);
    let mut cells = Vec::new();
    for (r, row) in split_rows.iter().enumerate() {
        let n_values = values_of(row);
        let mut label_col = 0;
        let mut value_col = n_cols.saturating_sub(n_values);
        let mut used = vec![false; n_cols];
        for (position, text) in row {
            let col = match position {
                Some(p) => *p,
                None if is_value(text) => {
                    value_col += 1;
                    value_col - 1
                }
                None => {
                    label_col += 1;
                    label_col - 1
                }
            };
            if col < n_cols && col < MAX_COLUMNS && !used[col] {
                used[col] = true;
                cells.push(Cell {
                    row: r,
                    col,
                    row_span: 1,
                    col_span: 1,
                    text: clean_text(text),
                    origin: Origin::default(),
                });
            }
        }
    }
    Table { n_rows: split_rows.len(), n_cols, cells, origin: Origin::default(), found_by: FoundBy::DumpColumns }
}

/// Characters that end a sentence or a clause a paragraph may end on.
const CLOSING: &[char] = &['。', '！', '？', '；', '：', '.', '!', '?', ';', ':', '…', '”', '」', '』', '）', ')', '"'];

/// Whether `next` is the rest of the sentence `prev` breaks off in: a page break or a blank
/// line of the dump cut a paragraph (`…也没有因` / `政府信息提起行政复议…`). `prev` is running
/// text (a sentence with commas, not a heading, an item or a bullet) ending on a word, and
/// `next` opens no heading, item or bullet.
fn continues_sentence(prev: &str, next: &str, vocabulary: &dyn Vocabulary) -> bool {
    let (prev, next) = (prev.trim(), next.trim());
    let Some(last) = prev.chars().last() else { return false };
    let running = prev.chars().count() >= 15 && prev.contains(['，', ',']);
    let ends_on_word = last.is_alphanumeric() && !CLOSING.contains(&last);
    running && ends_on_word && !opens_item(prev, vocabulary) && !opens_item(next, vocabulary)
}

/// A heading, an enumerated item (`一、`, `（一）`, `1.`) or a bullet.
fn opens_item(text: &str, vocabulary: &dyn Vocabulary) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let head: String = text.chars().take_while(|&c| numeral(c)).collect();
    text.starts_with(['(', '（', '•', '·', '●', '▪', '-', '*'])
        || (!head.is_empty() && text[head.len()..].starts_with(['、', '.', '．']))
        || vocabulary.is_heading(text)
}

/// Reads a text dump, its section headings and the labels its tables open on told by
/// `vocabulary`.
pub fn read(bytes: &[u8], vocabulary: &dyn Vocabulary) -> Result<Document, ErrorKind> {
    super::html::check_size(bytes.len(), "a text file")?;
    let text = strip_bookmarks(&decode(bytes));
    if aligned::is_layout_dump(&text) {
        let mut document = crate::layout::document(&aligned::pages_of(&text)?, Vec::new(), vocabulary)?;
        document.format = Format::Text;
        return Ok(document);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut notes = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        crate::deadline::check()?;
        // Tables open on a short line of labels, never on a sentence.
        let sentence = lines[i].contains(['。', '；']) || lines[i].trim().chars().count() > 80;
        let anchored = vocabulary.opens_table(lines[i]) && !sentence && !vocabulary.is_heading(lines[i].trim());
        if !anchored {
            let line = clean_text(&lines[i].replace('\t', " "));
            match blocks.last_mut() {
                Some(Block::Paragraph(prev))
                    if !line.is_empty() && continues_sentence(&prev.text, &line, vocabulary) =>
                {
                    prev.text = join_text(&prev.text, &line);
                }
                _ if !line.is_empty() => blocks.push(Block::Paragraph(Paragraph {
                    text: line,
                    heading_level: None,
                    origin: Origin::default(),
                })),
                _ => {}
            }
            i += 1;
            continue;
        }
        // The zone runs to the next section heading or line of running text.
        let mut end = i + 1;
        while end < lines.len() {
            let line = lines[end].trim();
            let prose = line.chars().count() > 60 && !line.contains(['|', '\t']) && line.ends_with(['。', '；']);
            if vocabulary.is_heading(line) || prose {
                break;
            }
            end += 1;
        }
        let zone = &lines[i..end];
        let layout = layout_of(zone);
        let rows = rows_of(zone, layout);
        let mut after = Vec::new();
        let table = match outline_rows(&rows) {
            Some(parts) => {
                let outlined = outline::outline_table(&parts.header, &parts.body);
                notes.extend(
                    outlined.left_out.iter().map(|t| format!("a table's text \"{t}\" belongs to no cell; left out")),
                );
                after = parts.after;
                outlined.table
            }
            None => match stacked_rows(&rows) {
                Some((stacked, trailing)) => {
                    after = trailing;
                    stacked::stacked_table(&stacked)
                }
                None => table_of(rows),
            },
        };
        if !table.cells.is_empty() {
            blocks.push(Block::Table(table));
        }
        blocks.extend(after.into_iter().map(|text| {
            Block::Paragraph(Paragraph { text: clean_text(&text), heading_level: None, origin: Origin::default() })
        }));
        i = end;
    }
    Ok(Document {
        format: Format::Text,
        pages: None,
        blocks,
        notes,
        glyphs: 0,
        unreadable: 0,
        images: 0,
        damaged_pages: Vec::new(),
        ocr_pages: Vec::new(),
        ocr_doubts: Vec::new(),
        ocr: crate::model::Ocr::NotNeeded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::Plain;

    #[test]
    fn a_sentence_cut_by_a_blank_line_is_one_paragraph() {
        let doc = read("一、总体情况\n\n2023年本乡未收到政府信息公开申请,也没有因\n\n政府信息提起行政复议的情况。\n\n（一）主动公开\n\n本乡主动公开信息623条,其中门户网站21条\n\n二、主动公开政府信息情况\n".as_bytes(), &Plain)
            .expect("read");
        let texts: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| if let Block::Paragraph(p) = b { Some(p.text.as_str()) } else { None })
            .collect();
        assert_eq!(
            texts,
            [
                "一、总体情况",
                "2023年本乡未收到政府信息公开申请,也没有因政府信息提起行政复议的情况。",
                "（一）主动公开",
                "本乡主动公开信息623条,其中门户网站21条",
                "二、主动公开政府信息情况",
            ]
        );
        assert!(!continues_sentence(
            "原州区河川乡2023年政府信息公开工作年度报告",
            "根据《条例》规定,现发布本报告。",
            &Plain
        ));
        assert!(!continues_sentence("• 输入网页链接,自动生成快照快照快照", "标签化管理网页链接", &Plain));
    }

    #[test]
    fn ungluing_labels_from_digits() {
        assert_eq!(unglue("规章000"), vec!["规章", "000"]);
        assert_eq!(
            unglue("一、本年新收政府信息公开申请数量0000000"),
            vec!["一、本年新收政府信息公开申请数量", "0000000"]
        );
        assert_eq!(unglue("第二十条第(一)项"), vec!["第二十条第(一)项"]);
        assert_eq!(unglue("123"), vec!["123"]);
        assert_eq!(unglue("2.重复申请"), vec!["2.重复申请"]);
    }
}
