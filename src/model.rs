//! The one document model every reader produces and every later stage reads.

use std::borrow::Cow;

use serde::Serialize;

/// Where a piece of content came from in its source file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Origin {
    /// 1-based page number, for paginated formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Bounding box `[x0, y0, x1, y1]` in page points, y down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// How sure OCR was of the content (0 to 1: the least sure of its characters); absent
    /// for content read from a text layer or markup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// A table cell OCR read whose reading it doubts: two models read different numbers there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OcrDoubt {
    /// 1-based page number.
    pub page: u32,
    /// The cell's box `[x0, y0, x1, y1]` in page points, y down.
    pub bbox: [f32; 4],
    /// Why the reading is doubted, said for a reader (`read 1 by the text model, 2 by the digits model`).
    pub why: String,
}

/// A paragraph of running text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub text: String,
    /// Outline level from the source's own markup (1 = top), where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading_level: Option<u8>,
    pub origin: Origin,
}

/// One cell of a table, anchored at its top-left grid position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub text: String,
    pub origin: Origin,
}

/// The widest table a reader builds. Report tables have at most a few dozen columns; a
/// hostile span (`colspan="100000"`) must not make a grid of millions of positions.
pub const MAX_COLUMNS: usize = 256;
/// The most rows a reader builds for one table.
pub const MAX_ROWS: usize = 2_000;

/// How a table was found: what says where its rows and columns are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FoundBy {
    /// The document's markup (DOCX, HTML).
    #[default]
    Markup,
    /// Rulings that meet in a grid.
    Rulings,
    /// Rulings, and where they leave columns or rows out, the gaps the text lines up in, or
    /// row labels printed beside them.
    RulingsAndText,
    /// No rulings: rows of labels and figures lined up in columns.
    FigureRows,
    /// No rulings: lines of text cut into the same columns.
    TextColumns,
    /// A text dump's rows, by the character columns they line up in.
    DumpColumns,
    /// A text dump's rows that kept their cells' order, not their columns.
    DumpRows,
}

impl FoundBy {
    /// What found it, as `nianbao inspect` labels a table.
    pub fn describe(self) -> &'static str {
        match self {
            FoundBy::Markup => "markup",
            FoundBy::Rulings => "rulings",
            FoundBy::RulingsAndText => "rulings, and the gaps its text lines up in",
            FoundBy::FigureRows => "rows of figures lined up in columns",
            FoundBy::TextColumns => "lines of text cut into the same columns",
            FoundBy::DumpColumns => "a dump's character columns",
            FoundBy::DumpRows => "a dump's rows in cell order",
        }
    }
}

/// A table as a grid of cells with spans. Positions not covered by any cell are empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    pub n_rows: usize,
    pub n_cols: usize,
    pub cells: Vec<Cell>,
    pub origin: Origin,
    pub found_by: FoundBy,
}

impl Table {
    /// The grid with every merged cell's text repeated in each position it covers.
    pub fn expanded(&self) -> Vec<Vec<String>> {
        let mut grid = vec![vec![String::new(); self.n_cols]; self.n_rows];
        for cell in &self.cells {
            for row in grid.iter_mut().skip(cell.row).take(cell.row_span) {
                for slot in row.iter_mut().skip(cell.col).take(cell.col_span) {
                    slot.clone_from(&cell.text);
                }
            }
        }
        grid
    }

    /// Makes every position of the grid belong to one cell at most. An engine that builds cells
    /// from pieces of text can let two claim one position (a heading widened over its
    /// neighbour's column, an empty cell laid over a full one), and whichever the grid took last
    /// would hide the other's text. Cells with text come before empty ones and smaller before
    /// larger: each keeps the positions no cell before it took, the widest run of its columns
    /// (else of its rows) that are free in all of it; a cell left with none gives its text to
    /// the cell over its first position.
    pub fn without_overlaps(&mut self) {
        let (n_rows, n_cols) = (self.n_rows, self.n_cols);
        let mut claims = vec![0u32; n_rows * n_cols];
        for c in &self.cells {
            for r in c.row..(c.row + c.row_span).min(n_rows) {
                for k in c.col..(c.col + c.col_span).min(n_cols) {
                    claims[r * n_cols + k] += 1;
                }
            }
        }
        if claims.iter().all(|&n| n <= 1) {
            return;
        }
        let mut order: Vec<usize> = (0..self.cells.len()).collect();
        order.sort_by_key(|&i| {
            let c = &self.cells[i];
            (c.text.trim().is_empty(), c.row_span * c.col_span, c.row, c.col)
        });
        let mut owner: Vec<Option<usize>> = vec![None; n_rows * n_cols];
        let mut kept = vec![true; self.cells.len()];
        for i in order {
            let c = &self.cells[i];
            let (rows, cols) = (c.row..(c.row + c.row_span).min(n_rows), c.col..(c.col + c.col_span).min(n_cols));
            let free = |r: usize, k: usize| owner[r * n_cols + k].is_none();
            // The longest run of indices in `range` for which `ok` holds.
            let widest = |range: std::ops::Range<usize>, ok: &dyn Fn(usize) -> bool| {
                let mut best: Option<(usize, usize)> = None;
                let mut start: Option<usize> = None;
                for x in range.start..=range.end {
                    match (x < range.end && ok(x), start) {
                        (true, None) => start = Some(x),
                        (false, Some(s)) => {
                            if best.is_none_or(|(_, n)| x - s > n) {
                                best = Some((s, x - s));
                            }
                            start = None;
                        }
                        _ => {}
                    }
                }
                best
            };
            let all_free = rows.clone().all(|r| cols.clone().all(|k| free(r, k)));
            let placed = if all_free {
                Some((rows.start, rows.len(), cols.start, cols.len()))
            } else if let Some((k, n)) = widest(cols.clone(), &|k| rows.clone().all(|r| free(r, k))) {
                Some((rows.start, rows.len(), k, n))
            } else {
                widest(rows.clone(), &|r| cols.clone().all(|k| free(r, k))).map(|(r, n)| (r, n, cols.start, cols.len()))
            };
            match placed {
                Some((row, row_span, col, col_span)) if row_span > 0 && col_span > 0 => {
                    let cell = &mut self.cells[i];
                    (cell.row, cell.row_span, cell.col, cell.col_span) = (row, row_span, col, col_span);
                    for r in row..row + row_span {
                        for k in col..col + col_span {
                            owner[r * n_cols + k] = Some(i);
                        }
                    }
                }
                _ => {
                    kept[i] = false;
                    let at = (c.row < n_rows && c.col < n_cols).then(|| owner[c.row * n_cols + c.col]).flatten();
                    if let Some(host) = at {
                        if !c.text.trim().is_empty() {
                            let text = std::mem::take(&mut self.cells[i].text);
                            self.cells[host].text = join_text(&self.cells[host].text, &text);
                        }
                    }
                }
            }
        }
        let mut index = 0;
        self.cells.retain(|_| {
            index += 1;
            kept[index - 1]
        });
    }

    /// Drops the rows that print nothing and the columns at the right that print nothing: a
    /// grid is as wide and as tall as what its table prints. Cells over a dropped row span one
    /// row fewer; cells left with no row are dropped.
    pub fn trim_empty(&mut self) {
        let grid = self.expanded();
        let printed = |text: &String| !text.trim().is_empty();
        let kept: Vec<bool> = grid.iter().map(|row| row.iter().any(printed)).collect();
        let width = grid.iter().filter_map(|row| row.iter().rposition(printed)).map(|c| c + 1).max().unwrap_or(0);
        if kept.iter().all(|&k| k) && width == self.n_cols {
            return;
        }
        // New index of each old row: the kept rows before it.
        let mut index = Vec::with_capacity(self.n_rows + 1);
        let mut n = 0;
        for &k in &kept {
            index.push(n);
            n += usize::from(k);
        }
        index.push(n);
        self.cells.retain_mut(|cell| {
            let end = (cell.row + cell.row_span).min(kept.len());
            let (row, row_span) = (index[cell.row], index[end] - index[cell.row]);
            if row_span == 0 || cell.col >= width {
                return false;
            }
            (cell.row, cell.row_span) = (row, row_span);
            cell.col_span = cell.col_span.min(width - cell.col);
            true
        });
        self.n_rows = n;
        self.n_cols = width;
    }

    /// Cells whose top-left corner lies in `row`, left to right.
    pub fn row_cells(&self, row: usize) -> Vec<&Cell> {
        let mut cells: Vec<&Cell> = self.cells.iter().filter(|c| c.row == row).collect();
        cells.sort_by_key(|c| c.col);
        cells
    }

    /// The cell covering grid position (`row`, `col`), if any.
    pub fn cell_covering(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| (c.row..c.row + c.row_span).contains(&row) && (c.col..c.col + c.col_span).contains(&col))
    }

    /// Splits column `col` into `1 + by` columns: the cells over it widen to cover the new
    /// ones, the cells right of it move `by` columns right.
    pub fn split_column(&mut self, col: usize, by: usize) {
        for cell in &mut self.cells {
            if cell.col > col {
                cell.col += by;
            } else if cell.col + cell.col_span > col {
                cell.col_span += by;
            }
        }
        self.n_cols += by;
    }

    /// How many leading columns of `below`, the part of this table after a page break, only
    /// continue merged cells the break cut (see [`Table::continue_cut_cells`]).
    pub fn columns_continued_by(&self, below: &Table) -> usize {
        let continued = |col: usize| {
            below.cells.iter().any(|b| {
                b.row == 0
                    && b.col == col
                    && b.col_span == 1
                    && b.text.trim().is_empty()
                    && self.cut_cell(col, 1, b.row_span > 1).is_some()
            })
        };
        (0..self.n_cols.min(below.n_cols)).take_while(|&col| continued(col)).count()
    }

    /// The label cell at these columns that reaches this table's last row: one a page break
    /// may have cut. It is merged over rows, or the empty cell below the break is (a label
    /// over many rows may keep a single one before the break).
    fn cut_cell(&self, col: usize, col_span: usize, below_spans_rows: bool) -> Option<usize> {
        let last = self.n_rows.saturating_sub(1);
        self.cells.iter().position(|a| {
            a.row + a.row_span - 1 == last
                && a.col == col
                && a.col_span == col_span
                && (a.row_span > 1 || below_spans_rows)
                && !a.text.trim().is_empty()
        })
    }

    /// A merged label cell cut by a page break: the part below starts with an empty cell
    /// under a label cell that reaches this table's last row. That empty cell continues it.
    pub fn continue_cut_cells(&mut self, below: &mut Table) {
        let mut joined = Vec::new();
        for (k, cell) in below.cells.iter().enumerate() {
            if cell.row != 0 || !cell.text.trim().is_empty() {
                continue;
            }
            if let Some(a) = self.cut_cell(cell.col, cell.col_span, cell.row_span > 1) {
                self.cells[a].row_span += cell.row_span;
                joined.push(k);
            }
        }
        for k in joined.into_iter().rev() {
            below.cells.remove(k);
        }
    }

    /// A row a page break cut in two: the part below starts with a row that prints text only
    /// in the label columns (the wrapped rest of labels: `具已获取信息`, `开`) over empty
    /// value cells, under a last row that prints numbers. Its text joins the cells above it,
    /// a merged cell among them keeping the rows it spans below, and the row goes.
    pub fn continue_cut_row(&mut self, below: &mut Table) {
        let last = self.n_rows.saturating_sub(1);
        let Some(first_value) = self.cells.iter().filter(|c| looks_numeric(&c.text)).map(|c| c.col).min() else {
            return;
        };
        let ends_in_numbers = self.cells.iter().any(|c| c.row + c.row_span - 1 == last && looks_numeric(&c.text));
        let top: Vec<usize> = (0..below.cells.len()).filter(|&k| below.cells[k].row == 0).collect();
        let texts: Vec<usize> = top.iter().copied().filter(|&k| !below.cells[k].text.trim().is_empty()).collect();
        let labels_only = texts.iter().all(|&k| below.cells[k].col + below.cells[k].col_span <= first_value);
        let empty_values =
            top.iter().any(|&k| below.cells[k].col >= first_value && below.cells[k].text.trim().is_empty());
        if !ends_in_numbers || texts.is_empty() || !labels_only || !empty_values {
            return;
        }
        for &k in &texts {
            let part = &below.cells[k];
            let Some(a) = self.cells.iter().position(|c| {
                (c.row..c.row + c.row_span).contains(&last) && (c.col..c.col + c.col_span).contains(&part.col)
            }) else {
                return;
            };
            let above = &mut self.cells[a];
            above.text = join_text(&above.text, &part.text);
            above.row_span += part.row_span - 1;
        }
        below.cells.retain(|c| c.row != 0);
        for cell in &mut below.cells {
            cell.row -= 1;
        }
        below.n_rows -= 1;
    }

    /// Appends the rows of `other` below this table, widening either side as needed.
    pub fn append_rows(&mut self, other: &Table) {
        let offset = self.n_rows;
        for cell in &other.cells {
            let mut cell = cell.clone();
            cell.row += offset;
            self.cells.push(cell);
        }
        self.n_rows += other.n_rows;
        self.n_cols = self.n_cols.max(other.n_cols);
    }

    /// Every cell's text, in reading order, for classifying the table.
    pub fn all_text(&self) -> String {
        let mut cells: Vec<&Cell> = self.cells.iter().collect();
        cells.sort_by_key(|c| (c.row, c.col));
        cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// Text that prints a number (digits with separators, a sign, a decimal point or a percent):
/// what tells a table's value cells from its labels.
fn looks_numeric(text: &str) -> bool {
    let text = text.trim();
    text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | '−'))
}

/// A block of the document body, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// Input formats nianbao recognizes from a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Html,
    Text,
    /// Legacy OLE2 compound file (.doc, .wps).
    Ole2,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Text => "text",
            Format::Ole2 => "ole2",
        }
    }
}

/// Whether a document's pages of images were read by OCR.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ocr {
    /// No page needed it: every page has a text layer, or the format has no pages.
    #[default]
    NotNeeded,
    /// Pages of images were read by OCR (some may have held no text).
    Read,
    /// OCR was needed and could not run here, for the reason given.
    Unavailable(String),
    /// OCR was needed and is turned off (`NIANBAO_OCR=off`).
    Off,
}

/// A document as read from its source, before any template knowledge is applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub format: Format,
    /// Page count for paginated formats.
    pub pages: Option<u32>,
    pub blocks: Vec<Block>,
    /// Things the reader noticed but could work around.
    pub notes: Vec<String>,
    /// Visible glyphs read (PDF); 0 with pages means there is no text layer.
    pub glyphs: usize,
    /// Glyphs whose font gave no Unicode text (PDF).
    pub unreadable: usize,
    /// Images drawn on the pages (PDF) or placed in the body (DOCX, HTML): images and no text
    /// is a scan.
    pub images: usize,
    /// Pages whose content could not be read whole (PDF), numbered from 1.
    pub damaged_pages: Vec<u32>,
    /// Pages read by OCR from their image (PDF scans), numbered from 1.
    pub ocr_pages: Vec<u32>,
    /// Table cells OCR read and doubts (PDF scans).
    pub ocr_doubts: Vec<OcrDoubt>,
    /// Whether pages of images were read by OCR.
    pub ocr: Ocr,
}

impl Document {
    /// Drops pinyin ruby from every paragraph and cell, noting how many texts carried it: the
    /// annotation belongs to no word and no cell.
    pub fn strip_ruby(&mut self) {
        let mut annotated = 0;
        let mut strip = |text: &mut String| {
            if let Cow::Owned(stripped) = strip_ruby(text) {
                annotated += 1;
                *text = stripped;
            }
        };
        for block in &mut self.blocks {
            match block {
                Block::Paragraph(p) => strip(&mut p.text),
                Block::Table(t) => t.cells.iter_mut().for_each(|c| strip(&mut c.text)),
            }
        }
        if annotated > 0 {
            self.notes.push(format!("pinyin annotations (ruby) left out of {annotated} paragraphs and cells"));
        }
    }
}

/// True for characters written without spaces between them (CJK ideographs, kana, CJK punctuation).
pub fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Joins two pieces of one logical line: CJK text without a space, Latin words with one.
pub fn join_text(left: &str, right: &str) -> String {
    let left = left.trim_end();
    let right = right.trim_start();
    if left.is_empty() {
        return right.to_string();
    }
    if right.is_empty() {
        return left.to_string();
    }
    let last = left.chars().next_back().unwrap_or(' ');
    let first = right.chars().next().unwrap_or(' ');
    // A number wrapped in a narrow cell continues on the next line; two whole numbers on two
    // lines of a cell (`2,753,438` over `2,799,250`) stay two.
    let left_number = left.rsplit(char::is_whitespace).next().unwrap_or("");
    let right_number = right.split(char::is_whitespace).next().unwrap_or("");
    let two_numbers = is_whole_number(left_number) && is_whole_number(right_number);
    if is_cjk(last) || is_cjk(first) || (last.is_ascii_digit() && first.is_ascii_digit() && !two_numbers) {
        format!("{left}{right}")
    } else {
        format!("{left} {right}")
    }
}

/// Tone-marked and plain pinyin letters, as ruby annotations print them.
fn is_pinyin(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c)
}

/// Removes `(jù)`-style pinyin annotations that follow a character: pages that annotate
/// characters with ruby lose the markup when saved as text, and the annotation then stands in
/// the middle of words (`根據(jù)`).
pub fn strip_ruby(text: &str) -> Cow<'_, str> {
    // Most texts hold no bracket at all: they are returned as they are, unallocated.
    if !text.contains(['(', '（']) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' || chars[i] == '（' {
            let close = if chars[i] == '(' { ')' } else { '）' };
            // Pinyin of one character is at most six letters: look no further.
            let end = chars[i + 1..].iter().take(8).position(|&c| c == close).map(|p| i + 1 + p);
            if let Some(end) = end {
                let inner = &chars[i + 1..end];
                let tone_marked = inner.iter().any(|c| !c.is_ascii());
                let after_cjk = i > 0 && is_cjk(chars[i - 1]);
                if !inner.is_empty()
                    && inner.len() <= 6
                    && inner.iter().all(|&c| is_pinyin(c))
                    && after_cjk
                    && tone_marked
                {
                    i = end + 1;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    if out.len() == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// A number that cannot be the start of a wrapped one: grouped in thousands (`2,753,438`), with
/// a decimal part (`12.5`), or a date with its four-digit year (`1.12.2009`, `2024-03-05`).
fn is_whole_number(text: &str) -> bool {
    let text = text.trim_start_matches(['-', '+', '(', '$']).trim_end_matches([')', '%']);
    if is_date(text) {
        return true;
    }
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let groups: Vec<&str> = int.split(',').collect();
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let grouped = groups.len() > 1
        && groups[0].len() <= 3
        && groups.iter().all(|g| digits(g))
        && groups[1..].iter().all(|g| g.len() == 3);
    let decimal = digits(frac) && groups.iter().all(|g| digits(g)) && (groups.len() == 1 || grouped);
    grouped || decimal
}

/// Day, month and a four-digit year (or year, month, day) parted by one of `.`, `/`, `-`.
fn is_date(text: &str) -> bool {
    let Some(separator) = text.chars().find(|c| matches!(c, '.' | '/' | '-')) else {
        return false;
    };
    let parts: Vec<&str> = text.split(separator).collect();
    let digits =
        |t: &str, n: std::ops::RangeInclusive<usize>| n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    match parts[..] {
        [a, b, c] => {
            (digits(a, 1..=2) && digits(b, 1..=2) && digits(c, 4..=4))
                || (digits(a, 4..=4) && digits(b, 1..=2) && digits(c, 1..=2))
        }
        _ => false,
    }
}

/// Trims whitespace, including the ideographic space U+3000 that blank cells often hold.
pub fn clean_text(text: &str) -> String {
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_a_cell_join_by_script() {
        assert_eq!(join_text("2,753,438", "2,799,250"), "2,753,438 2,799,250");
        assert_eq!(join_text("12.5", "(4.7)"), "12.5 (4.7)");
        assert_eq!(join_text("1.12.2009", "2.12.2009 to"), "1.12.2009 2.12.2009 to");
        assert_eq!(join_text("2024-03-05", "2024/3/9"), "2024-03-05 2024/3/9");
        assert_eq!(join_text("1.12.20", "09"), "1.12.2009");
        // A number wrapped in a narrow cell is one number.
        assert_eq!(join_text("38.095", "33"), "38.09533");
        assert_eq!(join_text("2541", "765"), "2541765");
        assert_eq!(join_text("本年处理决定", "数量"), "本年处理决定数量");
        assert_eq!(join_text("total", "revenue"), "total revenue");
    }

    #[test]
    fn joins_cjk_without_space_and_latin_with_one() {
        assert_eq!(join_text("商业", "企业"), "商业企业");
        assert_eq!(join_text("annual", "report"), "annual report");
        assert_eq!(join_text("2023", "年"), "2023年");
        assert_eq!(join_text("244", "6"), "2446");
        assert_eq!(join_text("", "企业"), "企业");
    }

    #[test]
    fn cells_claiming_one_position_each_keep_their_text() {
        // A heading widened over its neighbour's column, an empty cell laid over a full one,
        // and a note wholly under another cell: no text is hidden, every position one cell's.
        let mut table = grid(
            2,
            4,
            &[
                (0, 0, 1, 2, "Bloque"),
                (0, 1, 1, 1, "Provincia"),
                (0, 2, 1, 2, "Votos"),
                (1, 0, 1, 4, ""),
                (1, 1, 1, 1, "Rio Negro"),
                (1, 1, 1, 1, "note"),
            ],
        );
        table.without_overlaps();
        assert_eq!(table.expanded(), [["Bloque", "Provincia", "Votos", "Votos"], ["", "Rio Negro note", "", ""]]);
        let spans: Vec<(usize, usize, usize)> = table.cells.iter().map(|c| (c.row, c.col, c.col_span)).collect();
        assert_eq!(spans, [(0, 0, 1), (0, 1, 1), (0, 2, 2), (1, 2, 2), (1, 1, 1)]);
    }

    #[test]
    fn empty_rows_and_trailing_columns_are_trimmed() {
        let mut table = grid(
            4,
            4,
            &[
                (0, 0, 3, 1, "A"),
                (0, 1, 1, 1, "1"),
                (1, 1, 1, 1, ""),
                (2, 1, 1, 1, "2"),
                (3, 0, 1, 1, ""),
                (0, 2, 4, 2, ""),
            ],
        );
        table.trim_empty();
        // Row 1 is under the merged `A`: a row of the table, its value blank.
        assert_eq!((table.n_rows, table.n_cols), (3, 2));
        assert_eq!(table.expanded(), [["A", "1"], ["A", ""], ["A", "2"]]);
    }

    #[test]
    fn a_row_cut_by_a_page_break_is_one_row() {
        let mut above = grid(
            2,
            3,
            &[
                (0, 0, 2, 1, "（三）不予公"),
                (0, 1, 1, 1, "1.属于国家秘密"),
                (0, 2, 1, 1, "0"),
                (1, 1, 1, 1, "2.其他法律行政法规禁止"),
                (1, 2, 1, 1, "3"),
            ],
        );
        let mut below = grid(
            3,
            3,
            &[
                (0, 0, 3, 1, "开"),
                (0, 1, 1, 1, "公开"),
                (0, 2, 1, 1, ""),
                (1, 1, 1, 1, "3.危及“三安全一稳定”"),
                (1, 2, 1, 1, "1"),
                (2, 1, 1, 1, "4.保护第三方合法权益"),
                (2, 2, 1, 1, "2"),
            ],
        );
        above.continue_cut_row(&mut below);
        above.append_rows(&below);
        let rows: Vec<Vec<String>> = above.expanded();
        assert_eq!(
            rows,
            [
                ["（三）不予公开", "1.属于国家秘密", "0"],
                ["（三）不予公开", "2.其他法律行政法规禁止公开", "3"],
                ["（三）不予公开", "3.危及“三安全一稳定”", "1"],
                ["（三）不予公开", "4.保护第三方合法权益", "2"],
            ]
        );
        // A part opening with a title row over the values is a row of its own.
        let mut above = grid(1, 2, &[(0, 0, 1, 1, "行政许可"), (0, 1, 1, 1, "7")]);
        let mut below = grid(1, 2, &[(0, 0, 1, 2, "第二十条第（六）项")]);
        above.continue_cut_row(&mut below);
        assert_eq!(below.n_rows, 1);
    }

    #[test]
    fn expanded_repeats_merged_text() {
        let table = Table {
            n_rows: 2,
            n_cols: 2,
            cells: vec![
                Cell { row: 0, col: 0, row_span: 2, col_span: 1, text: "A".into(), origin: Origin::default() },
                Cell { row: 0, col: 1, row_span: 1, col_span: 1, text: "B".into(), origin: Origin::default() },
            ],
            origin: Origin::default(),
            found_by: FoundBy::Markup,
        };
        assert_eq!(table.expanded(), vec![vec!["A", "B"], vec!["A", ""]]);
    }

    fn grid(n_rows: usize, n_cols: usize, cells: &[(usize, usize, usize, usize, &str)]) -> Table {
        let cells = cells
            .iter()
            .map(|&(row, col, row_span, col_span, text)| Cell {
                row,
                col,
                row_span,
                col_span,
                text: text.into(),
                origin: Origin::default(),
            })
            .collect();
        Table { n_rows, n_cols, cells, origin: Origin::default(), found_by: FoundBy::Markup }
    }

    #[test]
    fn a_part_with_one_more_label_column_splits_the_column_after_the_cut_cells() {
        // Above the break: `三、` merged over two rows, each with one label and one value.
        let mut above = grid(
            2,
            3,
            &[
                (0, 0, 2, 1, "三、"),
                (0, 1, 1, 1, "（一）"),
                (0, 2, 1, 1, "5"),
                (1, 1, 1, 1, "（二）"),
                (1, 2, 1, 1, "6"),
            ],
        );
        // Below: the cut `三、` continues as an empty cell; `（三）` has sub-rows of its own.
        let mut below = grid(
            2,
            4,
            &[
                (0, 0, 2, 1, ""),
                (0, 1, 2, 1, "（三）"),
                (0, 2, 1, 1, "1."),
                (0, 3, 1, 1, "7"),
                (1, 2, 1, 1, "2."),
                (1, 3, 1, 1, "8"),
            ],
        );
        assert_eq!(above.columns_continued_by(&below), 1);
        above.split_column(1, 1);
        above.continue_cut_cells(&mut below);
        above.append_rows(&below);
        let rows: Vec<Vec<String>> = above.expanded();
        let want = [
            ["三、", "（一）", "（一）", "5"],
            ["三、", "（二）", "（二）", "6"],
            ["三、", "（三）", "1.", "7"],
            ["三、", "（三）", "2.", "8"],
        ];
        assert_eq!(rows, want.map(|r| r.map(String::from).to_vec()).to_vec());
        assert_eq!(above.cells.iter().filter(|c| c.text == "三、").map(|c| c.row_span).collect::<Vec<_>>(), vec![4]);
    }
}
