//! DOCX reader: `word/document.xml` streamed through quick-xml into the document model.
//!
//! Only the main document part is read, so headers, footers, comments and footnotes stay out
//! of the body. Tracked insertions are kept, deletions dropped, and `mc:Fallback` copies of
//! drawings skipped so that text boxes are not read twice.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::ErrorKind;
use crate::model::{
    clean_text, join_text, Block, Cell, Document, Format, FoundBy, Origin, Paragraph, Table, MAX_COLUMNS, MAX_ROWS,
};

/// Largest uncompressed XML part we accept; real reports are well under 10 MiB, and the cap
/// keeps a zip bomb posing as a DOCX from exhausting memory or time.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a DOCX file's body.
pub fn read(bytes: &[u8]) -> Result<Document, ErrorKind> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ErrorKind::Damaged(format!("unreadable zip archive ({e})")))?;
    if archive.by_name("word/document.xml").is_err() {
        return Err(ErrorKind::NotDocx("it has no word/document.xml".into()));
    }
    let heading_styles = match read_part(&mut archive, "word/styles.xml") {
        Some(xml) => heading_styles(&xml),
        None => HashMap::new(),
    };
    let entry =
        archive.by_name("word/document.xml").map_err(|e| ErrorKind::Damaged(format!("word/document.xml: {e}")))?;
    if entry.size() > MAX_PART_BYTES {
        return Err(ErrorKind::Damaged(format!(
            "word/document.xml expands to {} bytes, over the {} byte limit",
            entry.size(),
            MAX_PART_BYTES
        )));
    }
    let reader = BufReader::new(entry.take(MAX_PART_BYTES));
    let mut body = BodyReader::new(heading_styles);
    body.run(Reader::from_reader(reader))?;
    Ok(Document {
        format: Format::Docx,
        pages: None,
        blocks: body.blocks,
        notes: body.notes,
        glyphs: 0,
        unreadable: 0,
        images: body.images,
        damaged_pages: Vec::new(),
        ocr_pages: Vec::new(),
        ocr_doubts: Vec::new(),
        ocr: crate::model::Ocr::NotNeeded,
    })
}

fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let entry = archive.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.take(MAX_PART_BYTES).read_to_end(&mut out).ok()?;
    Some(out)
}

fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local_name(a.key.as_ref()) == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Maps paragraph style ids to outline levels (1 = top) from `word/styles.xml`.
fn heading_styles(xml: &[u8]) -> HashMap<String, u8> {
    let mut levels = HashMap::new();
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local_name(e.name().as_ref()) {
                b"style" => current = attr(&e, b"styleId"),
                b"name" => {
                    if let (Some(id), Some(name)) = (&current, attr(&e, b"val")) {
                        if let Some(level) = level_from_style_name(&name) {
                            levels.insert(id.clone(), level);
                        }
                    }
                }
                b"outlineLvl" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, b"val")) {
                        if let Ok(level) = v.parse::<u8>() {
                            if level < 9 {
                                levels.insert(id.clone(), level + 1);
                            }
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if local_name(e.name().as_ref()) == b"style" => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    levels
}

fn level_from_style_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

#[derive(Default)]
struct ParagraphBuilder {
    lines: Vec<String>,
    current: String,
    style: Option<String>,
    outline: Option<u8>,
}

impl ParagraphBuilder {
    fn text(&mut self) -> String {
        let mut lines = std::mem::take(&mut self.lines);
        lines.push(std::mem::take(&mut self.current));
        lines.iter().fold(String::new(), |acc, line| join_text(&acc, line))
    }
}

#[derive(Default)]
struct CellBuilder {
    col_span: usize,
    /// `Some(true)` restarts a vertical merge, `Some(false)` continues one.
    v_merge: Option<bool>,
    text: String,
}

#[derive(Default)]
struct TableBuilder {
    cells: Vec<Cell>,
    row: usize,
    col: usize,
    rows: usize,
    cols: usize,
    cell: Option<CellBuilder>,
}

impl TableBuilder {
    fn finish_cell(&mut self) {
        let Some(cell) = self.cell.take() else { return };
        // Columns past the widest real table, or rows past the longest, are dropped.
        if self.col >= MAX_COLUMNS || self.row >= MAX_ROWS {
            return;
        }
        let span = cell.col_span.max(1).min(MAX_COLUMNS - self.col);
        let col = self.col;
        self.col += span;
        self.cols = self.cols.max(self.col);
        if cell.v_merge == Some(false) {
            let row = self.row;
            if let Some(above) = self.cells.iter_mut().find(|c| c.col == col && c.row + c.row_span == row) {
                above.row_span += 1;
                if !cell.text.is_empty() {
                    above.text = join_text(&above.text, &cell.text);
                }
                return;
            }
        }
        self.cells.push(Cell {
            row: self.row,
            col,
            row_span: 1,
            col_span: span,
            text: clean_text(&cell.text),
            origin: Origin::default(),
        });
    }

    fn finish(mut self) -> Table {
        self.finish_cell();
        Table {
            n_rows: self.rows,
            n_cols: self.cols,
            cells: self.cells,
            origin: Origin::default(),
            found_by: FoundBy::Markup,
        }
    }

    /// Nested tables have no place in a grid of their own here: their text joins the
    /// enclosing cell in reading order, so nothing is lost.
    fn nested_text(&self) -> String {
        let mut cells: Vec<&Cell> = self.cells.iter().collect();
        cells.sort_by_key(|c| (c.row, c.col));
        cells.iter().map(|c| c.text.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

struct BodyReader {
    heading_styles: HashMap<String, u8>,
    blocks: Vec<Block>,
    notes: Vec<String>,
    paragraphs: Vec<ParagraphBuilder>,
    tables: Vec<TableBuilder>,
    in_text: bool,
    /// Depth inside an element whose content is dropped (deletions, fallbacks, field codes).
    skip_depth: usize,
    images: usize,
}

impl BodyReader {
    fn new(heading_styles: HashMap<String, u8>) -> Self {
        BodyReader {
            heading_styles,
            blocks: Vec::new(),
            notes: Vec::new(),
            paragraphs: Vec::new(),
            tables: Vec::new(),
            in_text: false,
            skip_depth: 0,
            images: 0,
        }
    }

    fn run<R: std::io::BufRead>(&mut self, mut reader: Reader<R>) -> Result<(), ErrorKind> {
        let mut buf = Vec::new();
        let mut events = 0usize;
        loop {
            events += 1;
            if events.is_multiple_of(8192) {
                crate::deadline::check()?;
            }
            let event = reader.read_event_into(&mut buf).map_err(|e| {
                ErrorKind::Damaged(format!(
                    "word/document.xml is not well-formed at byte {}: {e}",
                    reader.buffer_position()
                ))
            })?;
            match event {
                Event::Eof => break,
                Event::Start(e) => {
                    let name = local_name(e.name().as_ref()).to_vec();
                    if self.skip_depth > 0
                        || matches!(name.as_slice(), b"del" | b"Fallback" | b"delText" | b"instrText")
                    {
                        self.skip_depth += 1;
                    } else {
                        self.start(&name, &e);
                    }
                }
                Event::Empty(e) if self.skip_depth == 0 => {
                    let name = local_name(e.name().as_ref()).to_vec();
                    self.start(&name, &e);
                    self.end(&name);
                }
                Event::End(e) => {
                    if self.skip_depth > 0 {
                        self.skip_depth -= 1;
                    } else {
                        self.end(local_name(e.name().as_ref()));
                    }
                }
                Event::Text(t) if self.in_text && self.skip_depth == 0 => {
                    let text =
                        t.unescape().map_err(|e| ErrorKind::Damaged(format!("bad text in word/document.xml: {e}")))?;
                    if let Some(p) = self.paragraphs.last_mut() {
                        p.current.push_str(&text);
                    }
                }
                Event::CData(t) if self.in_text && self.skip_depth == 0 => {
                    if let Some(p) = self.paragraphs.last_mut() {
                        p.current.push_str(&String::from_utf8_lossy(&t));
                    }
                }
                _ => {}
            }
            buf.clear();
        }
        // A truncated part may leave open tables or paragraphs: keep what was read.
        if !self.paragraphs.is_empty() || !self.tables.is_empty() {
            self.notes.push("word/document.xml ended inside an open element".into());
            while !self.paragraphs.is_empty() {
                self.end(b"p");
            }
            while !self.tables.is_empty() {
                self.end(b"tbl");
            }
        }
        Ok(())
    }

    fn start(&mut self, name: &[u8], e: &BytesStart) {
        match name {
            b"p" => self.paragraphs.push(ParagraphBuilder::default()),
            b"t" => self.in_text = true,
            b"br" | b"cr" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    let line = std::mem::take(&mut p.current);
                    p.lines.push(line);
                }
            }
            b"tab" => {
                // A tab inside a run is text; `w:tab` inside `w:tabs` (paragraph properties) is not.
                if let Some(p) = self.paragraphs.last_mut() {
                    if !p.current.is_empty() {
                        p.current.push(' ');
                    }
                }
            }
            b"pStyle" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.style = attr(e, b"val");
                }
            }
            b"outlineLvl" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.outline = attr(e, b"val").and_then(|v| v.parse::<u8>().ok()).filter(|&l| l < 9).map(|l| l + 1);
                }
            }
            b"tbl" => self.tables.push(TableBuilder::default()),
            // DrawingML pictures and the VML ones older Word and WPS write; the VML copy in a
            // `mc:Fallback` is skipped with the rest of that element.
            b"drawing" | b"pict" => self.images += 1,
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.col = 0;
                }
            }
            b"gridBefore" => {
                if let Some(t) = self.tables.last_mut() {
                    t.col += attr(e, b"val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(1000);
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.finish_cell();
                    t.cell = Some(CellBuilder { col_span: 1, ..Default::default() });
                }
            }
            b"gridSpan" => {
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.col_span = attr(e, b"val").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, 1000);
                }
            }
            b"vMerge" => {
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.v_merge = Some(attr(e, b"val").as_deref() == Some("restart"));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"p" => {
                let Some(mut p) = self.paragraphs.pop() else {
                    return;
                };
                let text = clean_text(&p.text());
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    // Several paragraphs in one cell are lines of one cell text.
                    cell.text = join_text(&cell.text, &text);
                    return;
                }
                if text.is_empty() {
                    return;
                }
                let level = p.outline.or_else(|| p.style.as_ref().and_then(|s| self.heading_styles.get(s).copied()));
                self.blocks.push(Block::Paragraph(Paragraph { text, heading_level: level, origin: Origin::default() }));
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.finish_cell();
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.finish_cell();
                    t.row += 1;
                    t.rows = t.rows.max(t.row);
                }
            }
            b"tbl" => {
                let Some(builder) = self.tables.pop() else {
                    return;
                };
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    let text = builder.nested_text();
                    cell.text = join_text(&cell.text, &text);
                    return;
                }
                let table = builder.finish();
                if !table.cells.is_empty() {
                    self.blocks.push(Block::Table(table));
                }
            }
            _ => {}
        }
    }
}
