//! HTML reader: report pages as government sites publish them.
//!
//! The page is decoded from its BOM or meta charset (GBK/GB2312 pages are common), parsed with
//! html5ever through `scraper`, and walked into paragraphs and tables. Site furniture
//! (navigation, breadcrumbs, share buttons, 相关阅读 lists, footers) is dropped by tag, by
//! class or id, and by being nothing but links.

use ego_tree::NodeRef;
use html5ever::driver;
use scraper::{ElementRef, Html, HtmlTreeSink, Node};
use tendril::{StrTendril, TendrilSink};

use crate::error::ErrorKind;
use crate::model::{
    clean_text, is_cjk, join_text, Block, Cell, Document, Format, FoundBy, Origin, Paragraph, Table, MAX_COLUMNS,
    MAX_ROWS,
};

/// Tags whose content is never part of the report.
const SKIPPED_TAGS: [&str; 15] = [
    "script", "style", "noscript", "iframe", "nav", "footer", "form", "button", "select", "option", "textarea", "svg",
    "canvas", "template", "head",
];

/// Tags that end a paragraph.
const BLOCK_TAGS: [&str; 22] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "address",
    "figure",
    "hr",
];

/// Class or id words of page furniture, matched as whole words of the attribute.
const FURNITURE_WORDS: [&str; 22] = [
    "nav",
    "navbar",
    "menu",
    "crumb",
    "crumbs",
    "breadcrumb",
    "share",
    "bdshare",
    "foot",
    "footer",
    "qr",
    "erweima",
    "rel",
    "related",
    "relate",
    "copyright",
    "sidebar",
    "toolbar",
    "print",
    "search",
    "login",
    "banner",
];

/// Paragraphs that are page furniture whatever their markup.
const FURNITURE_PREFIXES: [&str; 10] =
    ["相关阅读", "相关链接", "相关文章", "扫一扫", "分享到", "【字体", "打印本页", "关闭窗口", "【打印", "【关闭"];

/// Text handed to the HTML parser at a time, the time limit checked between pieces: in a
/// deeply nested page each tag costs time in proportion to the depth, so the pieces are small
/// enough that one takes a fraction of a second even 100,000 elements deep.
const PARSE_PIECE_BYTES: usize = 4096;

/// Parses a page piece by piece, as the parser would read it from a stream.
fn parse(text: &str) -> Result<Html, ErrorKind> {
    let mut parser = driver::parse_document(HtmlTreeSink::new(Html::new_document()), Default::default());
    let mut rest = text;
    while !rest.is_empty() {
        crate::deadline::check()?;
        let mut cut = rest.len().min(PARSE_PIECE_BYTES);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (piece, tail) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(piece));
        rest = tail;
    }
    Ok(parser.finish())
}

/// Reads an HTML page.
pub fn read(bytes: &[u8]) -> Result<Document, ErrorKind> {
    check_size(bytes.len(), "a web page")?;
    let text = decode(bytes);
    let html = parse(&text)?;
    drop(text);
    let mut walker = Walker::default();
    walker.walk(html.tree.root())?;
    walker.flush();
    Ok(Document {
        format: Format::Html,
        pages: None,
        blocks: walker.blocks,
        notes: Vec::new(),
        glyphs: 0,
        unreadable: 0,
        images: walker.images,
        damaged_pages: Vec::new(),
        ocr_pages: Vec::new(),
        ocr_doubts: Vec::new(),
        ocr: crate::model::Ocr::NotNeeded,
    })
}

/// Largest HTML or text input read: real report pages and dumps are under a few MiB, and
/// parsing takes about 20 times the input in memory.
pub const MAX_TEXT_BYTES: usize = 32 << 20;

/// Fails on an HTML or text input over `MAX_TEXT_BYTES`; `what` names it for the message.
pub fn check_size(len: usize, what: &str) -> Result<(), ErrorKind> {
    if len > MAX_TEXT_BYTES {
        return Err(ErrorKind::TooLarge(format!(
            "{what} of {} MiB exceeds the {} MiB limit for HTML and text",
            len >> 20,
            MAX_TEXT_BYTES >> 20
        )));
    }
    Ok(())
}

/// Decodes by byte-order mark, then the declared charset, then UTF-8 if valid, else GB18030.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if let Some(label) = declared_charset(&head) {
        if let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            return encoding.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn declared_charset(head: &str) -> Option<String> {
    let at = head.find("charset")?;
    let rest = head[at + "charset".len()..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    (!label.is_empty()).then_some(label)
}

fn is_furniture(element: &scraper::node::Element) -> bool {
    if SKIPPED_TAGS.contains(&element.name()) {
        return true;
    }
    let mut words = element.classes().chain(element.id());
    words.any(|attr| {
        attr.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| FURNITURE_WORDS.contains(&word))
    })
}

/// Collapses HTML whitespace; spaces next to CJK text are layout, not content.
fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev = out.chars().next_back().unwrap_or(' ');
            if !is_cjk(prev) && !is_cjk(ch) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(ch);
    }
    out
}

/// A paragraph being collected: its text, and how much of it sits inside links.
#[derive(Default)]
struct Pending {
    text: String,
    link_chars: usize,
    heading: Option<u8>,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    pending: Pending,
    link_depth: usize,
    /// `<img>` elements outside the site furniture: a page of them and no text is a scan.
    images: usize,
}

/// Work left in a walk: a node to enter, or the close of an element entered earlier. The
/// walks keep their own stack because a page may nest elements deeper than a thread's stack.
enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    Leave { link: bool, block: bool },
}

/// Nodes visited between two checks of the time limit.
const NODES_PER_CHECK: usize = 4096;

impl Walker {
    fn walk(&mut self, root: NodeRef<Node>) -> Result<(), ErrorKind> {
        let mut stack = vec![Step::Enter(root)];
        let mut visited = 0usize;
        while let Some(step) = stack.pop() {
            visited += 1;
            if visited.is_multiple_of(NODES_PER_CHECK) {
                crate::deadline::check()?;
            }
            let node = match step {
                Step::Enter(node) => node,
                Step::Leave { link, block } => {
                    if link {
                        self.link_depth -= 1;
                    }
                    if block {
                        self.flush();
                    }
                    continue;
                }
            };
            match node.value() {
                Node::Text(text) => {
                    self.pending.text.push_str(text);
                    if self.link_depth > 0 {
                        self.pending.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
                Node::Element(element) => {
                    if is_furniture(element) {
                        continue;
                    }
                    let name = element.name();
                    match name {
                        "table" => {
                            self.flush();
                            if let Some(element) = ElementRef::wrap(node) {
                                let table = read_table(element)?;
                                if !table.cells.is_empty() {
                                    self.blocks.push(Block::Table(table));
                                }
                            }
                        }
                        "br" => self.flush(),
                        "img" => self.images += 1,
                        _ => {
                            let block = BLOCK_TAGS.contains(&name);
                            if block {
                                self.flush();
                            }
                            if let Some(level) = name.strip_prefix('h').and_then(|l| l.parse::<u8>().ok()) {
                                self.pending.heading = Some(level);
                            }
                            let link = name == "a";
                            if link {
                                self.link_depth += 1;
                            }
                            stack.push(Step::Leave { link, block });
                            stack.extend(node.children().rev().map(Step::Enter));
                        }
                    }
                }
                Node::Document | Node::Fragment => stack.extend(node.children().rev().map(Step::Enter)),
                _ => {}
            }
        }
        Ok(())
    }

    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let text = clean_text(&normalize_space(&pending.text));
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if text.is_empty() || pending.link_chars * 10 >= chars * 9 {
            return;
        }
        if FURNITURE_PREFIXES.iter().any(|p| text.starts_with(p)) {
            return;
        }
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            heading_level: pending.heading,
            origin: Origin::default(),
        }));
    }
}

/// The text of a cell: its paragraphs and line breaks joined, CJK without spaces.
fn cell_text(node: NodeRef<Node>) -> Result<String, ErrorKind> {
    let mut lines: Vec<String> = vec![String::new()];
    collect_lines(node, &mut lines)?;
    Ok(lines.iter().map(|l| normalize_space(l)).fold(String::new(), |acc, l| join_text(&acc, &l)))
}

fn collect_lines(node: NodeRef<Node>, lines: &mut Vec<String>) -> Result<(), ErrorKind> {
    // `Leave` marks the close of an element that breaks the line; `link` is unused here.
    let mut stack: Vec<Step> = node.children().rev().map(Step::Enter).collect();
    let mut visited = 0usize;
    while let Some(step) = stack.pop() {
        visited += 1;
        if visited.is_multiple_of(NODES_PER_CHECK) {
            crate::deadline::check()?;
        }
        let child = match step {
            Step::Enter(child) => child,
            Step::Leave { .. } => {
                lines.push(String::new());
                continue;
            }
        };
        match child.value() {
            Node::Text(text) => {
                if let Some(last) = lines.last_mut() {
                    last.push_str(text);
                }
            }
            Node::Element(element) if !SKIPPED_TAGS.contains(&element.name()) => {
                let name = element.name();
                let breaks = name == "br" || BLOCK_TAGS.contains(&name) || matches!(name, "table" | "tr" | "td" | "th");
                if breaks {
                    lines.push(String::new());
                    stack.push(Step::Leave { link: false, block: true });
                }
                stack.extend(child.children().rev().map(Step::Enter));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Rows of this table, not of tables nested in its cells.
fn table_rows(table: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    for child in table.child_elements() {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(child.child_elements().filter(|e| e.value().name() == "tr")),
            _ => {}
        }
    }
    rows
}

/// Largest span honoured; a larger one is a page's mistake, not a table.
const MAX_SPAN: usize = MAX_COLUMNS;

fn span(element: ElementRef, name: &str) -> usize {
    element.value().attr(name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

/// Lays `td`/`th` cells out on a grid, honouring rowspan and colspan.
fn read_table(table: ElementRef) -> Result<Table, ErrorKind> {
    let rows = table_rows(table);
    let mut occupied: Vec<Vec<bool>> = Vec::new();
    let mut cells = Vec::new();
    let mut n_cols = 0;
    let rows = &rows[..rows.len().min(MAX_ROWS)];
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for td in row.child_elements().filter(|e| matches!(e.value().name(), "td" | "th")) {
            while occupied.get(r).and_then(|o| o.get(c)).copied().unwrap_or(false) {
                c += 1;
            }
            if c >= MAX_COLUMNS {
                break;
            }
            let row_span = span(td, "rowspan").min(rows.len() - r);
            let col_span = span(td, "colspan").min(MAX_COLUMNS - c);
            for rr in r..r + row_span {
                if occupied.len() <= rr {
                    occupied.resize(rr + 1, Vec::new());
                }
                let line = &mut occupied[rr];
                if line.len() < c + col_span {
                    line.resize(c + col_span, false);
                }
                for slot in &mut line[c..c + col_span] {
                    *slot = true;
                }
            }
            cells.push(Cell {
                row: r,
                col: c,
                row_span,
                col_span,
                text: clean_text(&cell_text(*td)?),
                origin: Origin::default(),
            });
            c += col_span;
            n_cols = n_cols.max(c);
        }
    }
    Ok(Table { n_rows: rows.len(), n_cols, cells, origin: Origin::default(), found_by: FoundBy::Markup })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_declared_gbk() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("<html><head><meta charset=\"gbk\"></head><body><p>总体情况</p></body></html>");
        assert!(decode(&bytes).contains("总体情况"));
        let (bytes, _, _) = encoding_rs::GBK.encode("<html><body><p>总体情况</p></body></html>");
        assert!(decode(&bytes).contains("总体情况"), "undeclared GBK falls back to GB18030");
    }

    #[test]
    fn spaces_next_to_cjk_are_dropped() {
        assert_eq!(normalize_space(" 2023 年，\n 河川乡 annual  report "), "2023年，河川乡annual report");
    }
}
