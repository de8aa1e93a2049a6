//! A small PDF writer for test fixtures: text in the font kinds Chinese reports use, rulings
//! drawn as strokes or thin filled rectangles, and a table renderer that wraps, centres and
//! spans cells the way report generators do, over several pages.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::docx::Tc;

/// The fonts a fixture can show text in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FontKind {
    /// Non-embedded STSong-Light, `UniGB-UCS2-H`, no ToUnicode: codes are UTF-16BE.
    StSong,
    /// A CID font with `Identity-H` codes and a ToUnicode map.
    IdentityH,
    /// The same glyphs written top to bottom (`Identity-V`).
    IdentityV,
    /// Non-embedded `GBK-EUC-H`: codes are GBK bytes.
    Gbk,
    /// Helvetica with WinAnsiEncoding, for Latin text and digits.
    Helvetica,
    /// A CID font with `Identity-H` codes and no ToUnicode: its text cannot be read.
    NoUnicode,
}

impl FontKind {
    fn resource(self) -> &'static str {
        match self {
            FontKind::StSong => "F1",
            FontKind::IdentityH => "F2",
            FontKind::IdentityV => "F3",
            FontKind::Gbk => "F4",
            FontKind::Helvetica => "F5",
            FontKind::NoUnicode => "F6",
        }
    }
}

fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

/// Width of text in points at `size`: CJK an em, ASCII half of one.
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| if is_wide(c) { size } else { size / 2.0 }).sum()
}

/// How the table's borders are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rules {
    None,
    /// `m l S` strokes along every cell edge.
    Stroked,
    /// Each cell filled white, then its edges stroked (r001's style).
    StrokedOverWhite,
    /// Every edge a thin filled rectangle closed with `f*` (WPS's style).
    ThinFills,
    /// Horizontal rules between rows only.
    HorizontalOnly,
    /// A frame around the whole table and nothing inside.
    FrameOnly,
}

struct PageOut {
    width: f32,
    height: f32,
    rotate: i32,
    content: String,
    /// Height of the page as displayed: what y is measured from.
    display_height: f32,
}

/// A document being written, page by page.
pub struct Pdf {
    pages: Vec<PageOut>,
    /// CIDs of the Identity fonts, in order of first use (CID = index + 1).
    cids: Vec<char>,
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Where the next line goes (y down from the top).
    pub cursor: f32,
    pub footer: Option<fn(usize) -> String>,
}

impl Pdf {
    pub fn new(width: f32, height: f32) -> Pdf {
        let mut pdf =
            Pdf { pages: Vec::new(), cids: Vec::new(), width, height, margin: 72.0, cursor: 0.0, footer: None };
        pdf.new_page();
        pdf
    }

    pub fn new_page(&mut self) {
        if let Some(footer) = self.footer {
            let n = self.pages.len();
            let text = footer(n);
            let (w, h) = (self.width, self.height);
            self.text_at(FontKind::StSong, 10.5, (w - text_width(&text, 10.5)) / 2.0, h - 40.0, &text);
        }
        self.pages.push(PageOut {
            width: self.width,
            height: self.height,
            rotate: 0,
            content: String::new(),
            display_height: self.height,
        });
        self.cursor = self.margin;
    }

    /// Closes the document's last page (writing its footer).
    fn finish_pages(&mut self) {
        if let Some(footer) = self.footer {
            let n = self.pages.len();
            let text = footer(n);
            let (w, h) = (self.width, self.height);
            self.text_at(FontKind::StSong, 10.5, (w - text_width(&text, 10.5)) / 2.0, h - 40.0, &text);
        }
    }

    /// Turns the current page to landscape as generators do: a portrait MediaBox shown
    /// with `/Rotate 90`, its content drawn through a quarter turn so it reads upright.
    pub fn landscape(&mut self) {
        if let Some(p) = self.pages.last_mut() {
            p.rotate = 90;
            p.display_height = p.width;
            p.content.push_str(&format!("0 1 -1 0 {} 0 cm\n", p.width));
        }
    }

    /// Prints the current page's content sideways on its portrait page, with no `/Rotate`: as
    /// a wide table is printed, to be read by turning the paper. Its text runs up the page, or
    /// down it.
    pub fn sideways(&mut self, runs_up: bool) {
        if let Some(p) = self.pages.last_mut() {
            p.display_height = p.width;
            let turn =
                if runs_up { format!("0 1 -1 0 {} 0 cm\n", p.width) } else { format!("0 -1 1 0 0 {} cm\n", p.height) };
            p.content.push_str(&turn);
        }
    }

    fn content(&mut self) -> &mut String {
        &mut self.pages.last_mut().expect("a page").content
    }

    fn encode(&mut self, font: FontKind, text: &str) -> String {
        let mut hex = String::new();
        match font {
            FontKind::StSong => {
                for unit in text.encode_utf16() {
                    let _ = write!(hex, "{unit:04X}");
                }
            }
            FontKind::Gbk => {
                let (bytes, _, _) = encoding_rs::GBK.encode(text);
                for b in bytes.iter() {
                    let _ = write!(hex, "{b:02X}");
                }
            }
            FontKind::Helvetica => {
                for b in text.bytes() {
                    let _ = write!(hex, "{b:02X}");
                }
            }
            FontKind::IdentityH | FontKind::IdentityV | FontKind::NoUnicode => {
                for c in text.chars() {
                    let cid = match self.cids.iter().position(|&k| k == c) {
                        Some(i) => i + 1,
                        None => {
                            self.cids.push(c);
                            self.cids.len()
                        }
                    };
                    let _ = write!(hex, "{cid:04X}");
                }
            }
        }
        hex
    }

    /// Shows text with its top-left corner at (x, y), y down from the page top. A vertical
    /// font writes downward from there, centred on x.
    pub fn text_at(&mut self, font: FontKind, size: f32, x: f32, y: f32, text: &str) {
        let hex = self.encode(font, text);
        let h = self.pages.last().map_or(self.height, |p| p.display_height);
        let (px, py) = if font == FontKind::IdentityV { (x, h - y) } else { (x, h - y - 0.8 * size) };
        let op = format!("BT /{} {size} Tf 1 0 0 1 {px:.2} {py:.2} Tm <{hex}> Tj ET\n", font.resource());
        self.content().push_str(&op);
    }

    /// A paragraph of body text, wrapped at the margins, first line indented two ems.
    pub fn paragraph(&mut self, font: FontKind, size: f32, text: &str, indent: bool) {
        let width = self.width - 2.0 * self.margin;
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut avail = width - if indent { 2.0 * size } else { 0.0 };
        for c in text.chars() {
            if text_width(&current, size) + text_width(&c.to_string(), size) > avail + 0.01 {
                lines.push(std::mem::take(&mut current));
                avail = width;
            }
            current.push(c);
        }
        if !current.is_empty() {
            lines.push(current);
        }
        for (i, line) in lines.iter().enumerate() {
            if self.cursor + 1.6 * size > self.height - self.margin {
                self.new_page();
            }
            let x = self.margin + if i == 0 && indent { 2.0 * size } else { 0.0 };
            let cursor = self.cursor;
            self.text_at(font, size, x, cursor, line);
            self.cursor += 1.6 * size;
        }
        self.cursor += 0.4 * size;
    }

    /// A ruling from (x0, y0) to (x1, y1), y measured down from the top of the page.
    pub fn stroke(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        let h = self.pages.last().map_or(self.height, |p| p.display_height);
        let op = format!("0 G 0.5 w {x0:.2} {:.2} m {x1:.2} {:.2} l S\n", h - y0, h - y1);
        self.content().push_str(&op);
    }

    /// A rectangle filled in an RGB colour, y measured down from the top of the page.
    pub fn shade(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, rgb: [f32; 3]) {
        let h = self.pages.last().map_or(self.height, |p| p.display_height);
        let [r, g, b] = rgb;
        let op = format!("{r} {g} {b} rg {x0:.2} {:.2} {:.2} {:.2} re f 0 g\n", h - y1, x1 - x0, y1 - y0);
        self.content().push_str(&op);
    }

    /// Content operators as they are, in the page's own space (y up from the bottom).
    pub fn draw(&mut self, operators: &str) {
        self.content().push_str(operators);
        self.content().push('\n');
    }

    /// A white line from (x0, y0) to (x1, y1): seen only where it crosses a shaded area.
    pub fn white_stroke(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        let h = self.pages.last().map_or(self.height, |p| p.display_height);
        let op = format!("1 G 0.5 w {x0:.2} {:.2} m {x1:.2} {:.2} l S 0 G\n", h - y0, h - y1);
        self.content().push_str(&op);
    }

    fn thin_fill(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        let h = self.pages.last().map_or(self.height, |p| p.display_height);
        let (w, hh) = ((x1 - x0).max(0.6), (y1 - y0).max(0.6));
        let op = format!("0 g {x0:.2} {:.2} {w:.2} {hh:.2} re f*\n", h - y0 - hh);
        self.content().push_str(&op);
    }

    fn white_fill(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        let h = self.pages.last().map_or(self.height, |p| p.display_height);
        let op = format!("1 1 1 rg {x0:.2} {:.2} {:.2} {:.2} re f 0 g\n", h - y1, x1 - x0, y1 - y0);
        self.content().push_str(&op);
    }

    /// An image standing for a scanned page.
    pub fn image(&mut self) {
        let (w, h) = (self.width, self.height);
        let op = format!("q {w} 0 0 {h} 0 0 cm /Im1 Do Q\n");
        self.content().push_str(&op);
    }

    /// The whole file.
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.finish_pages();
        let mut objects: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
        let n_pages = self.pages.len();
        let first_page = 20;
        let kids: Vec<String> = (0..n_pages).map(|i| format!("{} 0 R", first_page + 2 * i)).collect();
        objects.insert(1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
        objects.insert(2, format!("<< /Type /Pages /Kids [{}] /Count {n_pages} >>", kids.join(" ")).into_bytes());
        let resources = "<< /Font << /F1 3 0 R /F2 5 0 R /F3 7 0 R /F4 9 0 R /F5 11 0 R /F6 12 0 R >> /XObject << /Im1 14 0 R >> >>";
        // STSong-Light, UniGB-UCS2-H; ASCII at Adobe-GB1 CIDs 1..=95 is half-width.
        objects.insert(3, b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>".to_vec());
        let half: Vec<&str> = vec!["500"; 95];
        objects.insert(4, format!("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W [1 [{}]] >>", half.join(" ")).into_bytes());
        let widths: Vec<String> =
            self.cids.iter().map(|&c| if is_wide(c) { "1000".to_string() } else { "500".to_string() }).collect();
        let w = format!("/W [1 [{}]]", widths.join(" "));
        let mut cmap = String::from("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
        for chunk in self.cids.chunks(100).enumerate() {
            let (k, chars) = chunk;
            let _ = writeln!(cmap, "{} beginbfchar", chars.len());
            for (i, c) in chars.iter().enumerate() {
                let cid = k * 100 + i + 1;
                let units: String = c.encode_utf16(&mut [0u16; 2]).iter().map(|u| format!("{u:04X}")).collect();
                let _ = writeln!(cmap, "<{cid:04X}> <{units}>");
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
        let cid_font = |name: &str| {
            format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 {w} /CIDToGIDMap /Identity >>")
        };
        objects.insert(5, b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 13 0 R >>".to_vec());
        objects.insert(6, cid_font("ABCDEF+SimSun").into_bytes());
        objects.insert(7, b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun-V /Encoding /Identity-V /DescendantFonts [8 0 R] /ToUnicode 13 0 R >>".to_vec());
        objects.insert(8, cid_font("ABCDEF+SimSun-V").into_bytes());
        objects.insert(9, b"<< /Type /Font /Subtype /Type0 /BaseFont /FangSong_GB2312 /Encoding /GBK-EUC-H /DescendantFonts [10 0 R] >>".to_vec());
        objects.insert(10, b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /FangSong_GB2312 /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>".to_vec());
        objects
            .insert(11, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());
        objects.insert(
            12,
            b"<< /Type /Font /Subtype /Type0 /BaseFont /GHIJKL+KaiTi /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
                .to_vec(),
        );
        objects.insert(13, stream("", cmap.as_bytes()));
        objects.insert(
            14,
            stream(
                "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
                &[0x80],
            ),
        );
        for (i, page) in self.pages.iter().enumerate() {
            let id = first_page + 2 * i;
            let rotate = if page.rotate != 0 { format!(" /Rotate {}", page.rotate) } else { String::new() };
            objects.insert(
                id,
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}]{rotate} /Resources {resources} /Contents {} 0 R >>",
                    page.width,
                    page.height,
                    id + 1
                )
                .into_bytes(),
            );
            objects.insert(id + 1, stream("", page.content.as_bytes()));
        }
        let mut out: Vec<u8> = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let max_id = *objects.keys().last().unwrap_or(&0);
        let mut offsets = vec![0usize; max_id + 1];
        for (id, body) in &objects {
            offsets[*id] = out.len();
            out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", max_id + 1).as_bytes());
        for (id, offset) in offsets.iter().enumerate().skip(1) {
            if objects.contains_key(&id) {
                out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
            } else {
                out.extend_from_slice(b"0000000000 65535 f \n");
            }
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", max_id + 1).as_bytes(),
        );
        out
    }
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A cell of a laid-out table.
#[derive(Clone, Debug)]
struct GridCell {
    row: usize,
    col: usize,
    row_span: usize,
    col_span: usize,
    text: String,
}

/// Table rows written for DOCX (`Tc` with gridSpan and vMerge) as cells with spans.
fn grid_cells(rows: &[Vec<Tc>]) -> (Vec<GridCell>, usize) {
    let mut cells: Vec<GridCell> = Vec::new();
    let mut n_cols = 0;
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for tc in row {
            if tc.v_merge == Some(false) {
                if let Some(above) = cells.iter_mut().find(|x| x.col == c && x.row + x.row_span == r) {
                    above.row_span += 1;
                }
            } else {
                cells.push(GridCell { row: r, col: c, row_span: 1, col_span: tc.span, text: tc.lines.concat() });
            }
            c += tc.span;
        }
        n_cols = n_cols.max(c);
    }
    (cells, n_cols)
}

/// How a table is drawn.
#[derive(Clone)]
pub struct TableStyle {
    pub rules: Rules,
    pub font: FontKind,
    pub size: f32,
    pub col_widths: Vec<f32>,
    /// Header rows repeated at the top of each continuation page.
    pub repeat_header: usize,
    /// Cells whose text is written top to bottom in the vertical font.
    pub vertical: Vec<String>,
    /// Inner padding of a cell.
    pub padding: f32,
}

impl TableStyle {
    /// A table in one font, without a repeated header or vertical text.
    pub fn new(rules: Rules, font: FontKind, size: f32, col_widths: Vec<f32>, padding: f32) -> TableStyle {
        TableStyle { rules, font, size, col_widths, repeat_header: 0, vertical: vec![], padding }
    }
}

fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if !current.is_empty() && text_width(&current, size) + text_width(&c.to_string(), size) > width + 0.01 {
            lines.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

impl Pdf {
    /// Draws a table at the cursor, breaking it over pages between rows.
    pub fn table(&mut self, rows: &[Vec<Tc>], style: &TableStyle) {
        let (cells, n_cols) = grid_cells(rows);
        assert_eq!(n_cols, style.col_widths.len(), "a width per column");
        let leading = 1.2 * style.size;
        let xs: Vec<f32> = std::iter::once(self.margin)
            .chain(style.col_widths.iter().scan(self.margin, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        let cell_width = |c: &GridCell| xs[c.col + c.col_span] - xs[c.col] - 2.0 * style.padding;
        let lines_of = |c: &GridCell| -> Vec<String> {
            if style.vertical.contains(&c.text) {
                vec![c.text.clone()]
            } else {
                wrap(&c.text, cell_width(c), style.size)
            }
        };
        // Row heights: the tallest single-row cell; a spanning cell may stretch its last row.
        let n_rows = rows.len();
        let mut heights = vec![leading + 2.0 * style.padding; n_rows];
        for c in cells.iter().filter(|c| c.row_span == 1) {
            let h = lines_of(c).len() as f32 * leading + 2.0 * style.padding;
            heights[c.row] = heights[c.row].max(h);
        }
        for c in cells.iter().filter(|c| c.row_span > 1) {
            let need = if style.vertical.contains(&c.text) {
                c.text.chars().count() as f32 * style.size + 2.0 * style.padding
            } else {
                lines_of(c).len() as f32 * leading + 2.0 * style.padding
            };
            let have: f32 = heights[c.row..c.row + c.row_span].iter().sum();
            if need > have {
                heights[c.row + c.row_span - 1] += need - have;
            }
        }
        // Place rows on pages.
        let mut placed: Vec<(usize, f32)> = Vec::new(); // (page index, top y) per row
        let mut page = self.pages.len() - 1;
        let mut y = self.cursor;
        for r in 0..n_rows {
            if y + heights[r] > self.height - self.margin && r > 0 {
                self.new_page();
                page = self.pages.len() - 1;
                y = self.cursor;
                if style.repeat_header > 0 && r >= style.repeat_header {
                    let top = self.cursor;
                    let header_rows: Vec<(usize, f32)> =
                        (0..style.repeat_header).map(|k| (page, top + heights[..k].iter().sum::<f32>())).collect();
                    self.draw_rows(&cells, &xs, &heights, &header_rows, style, 0..style.repeat_header, &lines_of);
                    y += heights[..style.repeat_header].iter().sum::<f32>();
                }
            }
            placed.push((page, y));
            y += heights[r];
        }
        self.draw_rows(&cells, &xs, &heights, &placed, style, 0..n_rows, &lines_of);
        if style.rules == Rules::FrameOnly {
            // One frame per page the table stands on.
            let (left, right) = (xs[0], xs[xs.len() - 1]);
            let pages: std::collections::BTreeSet<usize> = placed.iter().map(|(p, _)| *p).collect();
            for p in pages {
                let top = placed.iter().filter(|(q, _)| *q == p).map(|(_, y)| *y).fold(f32::INFINITY, f32::min);
                let bottom = placed
                    .iter()
                    .enumerate()
                    .filter(|(_, (q, _))| *q == p)
                    .map(|(r, (_, y))| y + heights[r])
                    .fold(f32::NEG_INFINITY, f32::max);
                self.on_page(p, |pdf| {
                    pdf.stroke(left, top, right, top);
                    pdf.stroke(left, bottom, right, bottom);
                    pdf.stroke(left, top, left, bottom);
                    pdf.stroke(right, top, right, bottom);
                });
            }
        }
        self.cursor = y + style.size;
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_rows(
        &mut self,
        cells: &[GridCell],
        xs: &[f32],
        heights: &[f32],
        placed: &[(usize, f32)],
        style: &TableStyle,
        rows: std::ops::Range<usize>,
        lines_of: &dyn Fn(&GridCell) -> Vec<String>,
    ) {
        for c in cells.iter().filter(|c| rows.contains(&c.row)) {
            // A cell split by a page break is drawn in parts, its text on the first page.
            let last_row = (c.row + c.row_span - 1).min(rows.end - 1);
            let mut parts: Vec<(usize, f32, f32)> = Vec::new(); // (page, top, bottom)
            for r in c.row..=last_row {
                let (p, top) = placed[r - rows.start];
                let bottom = top + heights[r];
                match parts.last_mut() {
                    Some(last) if last.0 == p => last.2 = bottom,
                    _ => parts.push((p, top, bottom)),
                }
            }
            let (x0, x1) = (xs[c.col], xs[c.col + c.col_span]);
            for (k, &(p, top, bottom)) in parts.iter().enumerate() {
                self.on_page(p, |pdf| {
                    match style.rules {
                        Rules::None => {}
                        Rules::Stroked | Rules::StrokedOverWhite => {
                            if style.rules == Rules::StrokedOverWhite {
                                pdf.white_fill(x0, top, x1, bottom);
                            }
                            pdf.stroke(x0, top, x1, top);
                            pdf.stroke(x0, bottom, x1, bottom);
                            pdf.stroke(x0, top, x0, bottom);
                            pdf.stroke(x1, top, x1, bottom);
                        }
                        Rules::HorizontalOnly => {
                            pdf.stroke(x0, top, x1, top);
                            pdf.stroke(x0, bottom, x1, bottom);
                        }
                        Rules::FrameOnly => {}
                        Rules::ThinFills => {
                            pdf.thin_fill(x0, top, x1, top + 0.6);
                            pdf.thin_fill(x0, bottom - 0.6, x1, bottom);
                            pdf.thin_fill(x0, top, x0 + 0.6, bottom);
                            pdf.thin_fill(x1 - 0.6, top, x1, bottom);
                        }
                    }
                    if k == 0 {
                        let lines = lines_of(c);
                        if style.vertical.contains(&c.text) {
                            let height = c.text.chars().count() as f32 * style.size;
                            let y = top + (bottom - top - height) / 2.0;
                            pdf.text_at(FontKind::IdentityV, style.size, (x0 + x1) / 2.0, y, &c.text);
                        } else {
                            let block = lines.len() as f32 * 1.2 * style.size;
                            let mut y = top + (bottom - top - block) / 2.0 + 0.1 * style.size;
                            for line in &lines {
                                let x = (x0 + x1 - text_width(line, style.size)) / 2.0;
                                pdf.text_at(style.font, style.size, x, y, line);
                                y += 1.2 * style.size;
                            }
                        }
                    }
                });
            }
        }
    }

    /// Runs `f` with page `index` as the current page.
    fn on_page(&mut self, index: usize, f: impl FnOnce(&mut Pdf)) {
        let last = self.pages.len() - 1;
        if index == last {
            f(self);
            return;
        }
        let tail = self.pages.split_off(index + 1);
        f(self);
        self.pages.extend(tail);
    }
}
