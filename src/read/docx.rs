//! DOCX reader: `word/document.xml` streamed through quick-xml into the document model.
//!
//! Only the main document part is read, so headers, footers, comments and footnotes stay out
//! of the body. Tracked insertions are kept, deletions dropped, and `mc:Fallback` copies of
//! drawings skipped so that text boxes are not read twice.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, Cursor, Read};

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
    // An entry compressed by a method other than these opens, but fails on the first read:
    // such a document is taken as one that has no body part, as when it did not open.
    let readable = archive.by_name("word/document.xml").is_ok_and(|entry| {
        matches!(entry.compression(), zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated)
    });
    if !readable {
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
    let reader = StrayBytes::new(entry.take(MAX_PART_BYTES));
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

/// First of the private-use characters that stand for bytes that are not UTF-8.
const STRAY_BASE: u32 = 0x10_FF00;

/// An XML part as quick-xml reads it: UTF-8 only. Each byte that is not part of a UTF-8
/// character goes through as a private-use character of its own, and is turned back where a
/// text or an attribute value is read, so that such a byte spoils only the text or value it
/// is in (a text is then an error, a value is unset) instead of the whole part.
struct StrayBytes<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    /// The start of a character cut at the end of the last read.
    tail: Vec<u8>,
    done: bool,
    /// Whether any byte was carried as a private-use character.
    found: bool,
    /// Bytes handed on before `buf`.
    handed: u64,
    /// Where each private-use character starts in what was handed on.
    strays_at: Vec<u64>,
}

impl<R: Read> StrayBytes<R> {
    fn new(inner: R) -> Self {
        StrayBytes {
            inner,
            buf: Vec::new(),
            pos: 0,
            tail: Vec::new(),
            done: false,
            found: false,
            handed: 0,
            strays_at: Vec::new(),
        }
    }

    /// The position in the part of a position in what was handed on.
    fn original_position(&self, position: u64) -> u64 {
        // Each private-use character is four bytes for one.
        position - 3 * self.strays_at.partition_point(|&at| at < position) as u64
    }

    fn push_strays(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.strays_at.push(self.handed + self.buf.len() as u64);
            // U+10FF00 + b in UTF-8: F4 8F BC|BD 80+ (always four bytes, always valid).
            let code = STRAY_BASE + u32::from(b);
            self.buf.extend_from_slice(&[
                0xF0 | (code >> 18) as u8,
                0x80 | ((code >> 12) & 0x3F) as u8,
                0x80 | ((code >> 6) & 0x3F) as u8,
                0x80 | (code & 0x3F) as u8,
            ]);
        }
        self.found = true;
    }
}

impl<R: Read> Read for StrayBytes<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for StrayBytes<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.pos == self.buf.len() && !self.done {
            self.handed += self.buf.len() as u64;
            self.buf.clear();
            self.pos = 0;
            let mut chunk = std::mem::take(&mut self.tail);
            let start = chunk.len();
            chunk.resize(start + 8192, 0);
            let n = loop {
                match self.inner.read(&mut chunk[start..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        chunk.truncate(start);
                        self.tail = chunk;
                        return Err(e);
                    }
                }
            };
            chunk.truncate(start + n);
            self.done = n == 0;
            let mut rest = &chunk[..];
            while let Err(e) = std::str::from_utf8(rest) {
                let (good, bad) = rest.split_at(e.valid_up_to());
                self.buf.extend_from_slice(good);
                match e.error_len() {
                    Some(len) => {
                        self.push_strays(&bad[..len]);
                        rest = &bad[len..];
                    }
                    None if self.done => {
                        self.push_strays(bad);
                        rest = &[];
                    }
                    None => {
                        self.tail = bad.to_vec();
                        rest = &[];
                    }
                }
            }
            self.buf.extend_from_slice(rest);
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
}

/// The bytes a text read through [`StrayBytes`] stands for.
fn original_bytes(text: &str) -> Cow<'_, [u8]> {
    let stray = |c: char| (STRAY_BASE..STRAY_BASE + 0x100).contains(&u32::from(c));
    if !text.chars().any(stray) {
        return Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if stray(c) {
            out.push((u32::from(c) - STRAY_BASE) as u8);
        } else {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
    Cow::Owned(out)
}

fn local_name(name: &str) -> &[u8] {
    let name = name.as_bytes();
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// An attribute's unescaped value; `strays` says whether the part had bytes that are not
/// UTF-8, and a value with any of them is unset.
fn attr(e: &BytesStart, local: &[u8], strays: bool) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local_name(a.key.as_ref()) == local)
        .filter(|a| !strays || matches!(original_bytes(&a.value), Cow::Borrowed(_)))
        .and_then(|a| quick_xml::escape::unescape(&a.value).ok().map(|v| v.into_owned()))
}

/// Maps paragraph style ids to outline levels (1 = top) from `word/styles.xml`.
fn heading_styles(xml: &[u8]) -> HashMap<String, u8> {
    let mut levels = HashMap::new();
    let mut reader = Reader::from_reader(StrayBytes::new(xml));
    let mut buf = Vec::new();
    let mut current: Option<String> = None;
    loop {
        let event = reader.read_event_into(&mut buf);
        let strays = reader.get_ref().found;
        match event {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local_name(e.name().as_ref()) {
                b"style" => current = attr(&e, b"styleId", strays),
                b"name" => {
                    if let (Some(id), Some(name)) = (&current, attr(&e, b"val", strays)) {
                        if let Some(level) = level_from_style_name(&name) {
                            levels.insert(id.clone(), level);
                        }
                    }
                }
                b"outlineLvl" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, b"val", strays)) {
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
    /// Whether the part had bytes that are not UTF-8 (see [`StrayBytes`]).
    strays: bool,
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
            strays: false,
            skip_depth: 0,
            images: 0,
        }
    }

    fn run<R: Read>(&mut self, mut reader: Reader<StrayBytes<R>>) -> Result<(), ErrorKind> {
        // A lone `&` comes as text, so that the run it is in fails to unescape below, as a
        // bad text rather than as a badly formed part.
        reader.config_mut().allow_dangling_amp = true;
        let mut buf = Vec::new();
        // The reader hands over a run of text between two tags in pieces, each entity or
        // character reference on its own; the run is put back together and unescaped whole,
        // so that an unknown entity or a lone `&` is an error wherever it stands in the run.
        let mut run = String::new();
        let mut events = 0usize;
        loop {
            events += 1;
            if events.is_multiple_of(8192) {
                crate::deadline::check()?;
            }
            let event = reader.read_event_into(&mut buf);
            self.strays = reader.get_ref().found;
            let event = match event {
                Ok(event) => event,
                Err(e) => {
                    self.text(&run)?;
                    return Err(ErrorKind::Damaged(format!(
                        "word/document.xml is not well-formed at byte {}: {e}",
                        reader.get_ref().original_position(reader.buffer_position())
                    )));
                }
            };
            match event {
                Event::Text(t) => {
                    run.push_str(&t);
                    buf.clear();
                    continue;
                }
                Event::GeneralRef(r) => {
                    run.push('&');
                    run.push_str(&r);
                    run.push(';');
                    buf.clear();
                    continue;
                }
                _ => {}
            }
            self.text(&run)?;
            run.clear();
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
                Event::CData(t) if self.in_text && self.skip_depth == 0 => {
                    if let Some(p) = self.paragraphs.last_mut() {
                        match self.strays {
                            true => p.current.push_str(&String::from_utf8_lossy(&original_bytes(&t))),
                            false => p.current.push_str(&t),
                        }
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

    /// A run of text between two tags, still escaped.
    fn text(&mut self, run: &str) -> Result<(), ErrorKind> {
        if run.is_empty() || !self.in_text || self.skip_depth > 0 {
            return Ok(());
        }
        let bad = |e: quick_xml::Error| ErrorKind::Damaged(format!("bad text in word/document.xml: {e}"));
        // As before quick-xml 0.38: a text that is not UTF-8 fails first, then one that does
        // not unescape.
        let original = if self.strays { original_bytes(run) } else { Cow::Borrowed(run.as_bytes()) };
        let run = std::str::from_utf8(&original).map_err(|e| bad(e.into()))?;
        let text = quick_xml::escape::unescape(run).map_err(|e| bad(e.into()))?;
        if let Some(p) = self.paragraphs.last_mut() {
            p.current.push_str(&text);
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
                    p.style = attr(e, b"val", self.strays);
                }
            }
            b"outlineLvl" => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.outline = attr(e, b"val", self.strays)
                        .and_then(|v| v.parse::<u8>().ok())
                        .filter(|&l| l < 9)
                        .map(|l| l + 1);
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
                    t.col += attr(e, b"val", self.strays).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(1000);
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
                    cell.col_span =
                        attr(e, b"val", self.strays).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, 1000);
                }
            }
            b"vMerge" => {
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    cell.v_merge = Some(attr(e, b"val", self.strays).as_deref() == Some("restart"));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The paragraphs read from a `word/document.xml` body, or the error.
    fn body(inner: &[u8]) -> Result<Vec<String>, ErrorKind> {
        let mut xml = b"<w:document xmlns:w=\"x\"><w:body>".to_vec();
        xml.extend_from_slice(inner);
        xml.extend_from_slice(b"</w:body></w:document>");
        let mut body = BodyReader::new(HashMap::new());
        body.run(Reader::from_reader(StrayBytes::new(&xml[..])))?;
        Ok(body
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                Block::Table(_) => None,
            })
            .collect())
    }

    fn damaged(why: &str) -> Result<Vec<String>, ErrorKind> {
        Err(ErrorKind::Damaged(why.into()))
    }

    #[test]
    fn entities_and_character_references_are_unescaped() {
        let got = body(b"<w:p><w:r><w:t>a &amp; b &lt;c&gt; &quot;d&apos; &#x4E00;&#20108;</w:t></w:r></w:p>");
        assert_eq!(got, Ok(vec!["a & b <c> \"d' \u{4e00}\u{4e8c}".to_string()]));
    }

    #[test]
    fn an_unknown_entity_or_a_lone_ampersand_in_a_text_is_bad_text() {
        assert_eq!(
            body(b"<w:p><w:r><w:t>x &nbsp; y</w:t></w:r></w:p>"),
            damaged("bad text in word/document.xml: at 3..7: unrecognized entity `nbsp`")
        );
        assert_eq!(
            body(b"<w:p><w:r><w:t>x & y &amp;</w:t></w:r></w:p>"),
            damaged(
                "bad text in word/document.xml: Error while escaping character at range 2..11: Cannot find ';' after '&'"
            )
        );
        // Outside `w:t`, and in deletions, the same text is not read and so no error.
        assert_eq!(
            body(b"<w:p><w:r>x & &foo;<w:t>ok</w:t></w:r><w:del><w:r><w:t>&foo;</w:t></w:r></w:del></w:p>"),
            Ok(vec!["ok".to_string()])
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_spoil_only_the_text_they_are_in() {
        assert_eq!(
            body(b"<w:p><w:r><w:t>bad \xff byte</w:t></w:r></w:p>"),
            damaged(
                "bad text in word/document.xml: cannot decode input using UTF-8: invalid utf-8 sequence of 1 bytes \
                 from index 4"
            )
        );
        let got =
            body(b"<w:p w:x=\"\xff\">\xe4<w:pPr><w:pStyle w:val=\"\xfe\"/></w:pPr><w:r><w:t>fine</w:t></w:r></w:p>");
        assert_eq!(got, Ok(vec!["fine".to_string()]));
        // An error's position is counted in the part's own bytes.
        assert_eq!(
            body(b"<w:p w:a=\"\xff\xff\xff\"><w:r><w:t>x</w:t></w:r></w:q>"),
            damaged(
                "word/document.xml is not well-formed at byte 76: ill-formed document: expected `</w:p>`, but \
                 `</w:q>` was found"
            )
        );
    }

    /// Hands out its bytes a few at a time, to cut characters at every place.
    struct Dribble<'a>(&'a [u8], usize);

    impl Read for Dribble<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn stray_bytes_pass_utf8_through_and_carry_the_rest() {
        let text = "年报 a\u{1F600}b 一二三".as_bytes();
        for step in 1..6 {
            let mut through = StrayBytes::new(Dribble(text, step));
            let mut out = Vec::new();
            through.read_to_end(&mut out).expect("read");
            assert_eq!(out, text);
            assert!(!through.found);
        }
        let broken = b"a\xe5\xb9b\xff\xe5\xb9";
        for step in 1..4 {
            let mut through = StrayBytes::new(Dribble(broken, step));
            let mut out = String::new();
            through.read_to_string(&mut out).expect("read");
            assert!(through.found);
            assert_eq!(original_bytes(&out).as_ref(), broken);
            assert_eq!(through.original_position(out.len() as u64), broken.len() as u64);
        }
    }
}
