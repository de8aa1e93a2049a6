//! A content-stream interpreter: text state, CTM, fonts, paths and Form XObjects, turning a
//! page into glyphs and rulings.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::objects::{decode_bounded, dict_get, missing_ref, name_of, number, Decoded, Stop};
use crate::error::ErrorKind;
use crate::page::{Baseline, Glyph, Page, Ruling, MAX_DOCUMENT_GLYPHS};

/// A filled rectangle at most this thick (points) is a ruling, as WPS and many exporters
/// draw table borders, heavy frames (3 pt around a totals row) included; shading behind a row
/// of text is taller.
const MAX_RULING_THICKNESS: f64 = 4.0;
/// The least share of its bounding box a slanted-cornered thin shape must fill to be a
/// ruling: a bevelled border's trapezoid fills nearly all, a triangle half.
const MIN_BOX_FILL: f64 = 0.75;
/// Segments shorter than this are tick marks or dots, not rulings.
const MIN_RULING_LENGTH: f64 = 2.0;
/// A segment within this of axis-aligned counts as horizontal or vertical.
const AXIS_TOLERANCE: f64 = 0.5;
/// How far (in ems) a glyph may start from where a space shown before it ended its advance
/// and still run on from it: kerning and rounding move it a little; a text placed anew
/// (another cell's, whose writer left a space at the end of the last) starts elsewhere.
const SPACE_RUN_TOLERANCE: f32 = 0.15;
/// Form XObjects nested deeper than this are not followed.
const MAX_FORM_DEPTH: usize = 12;
/// Operators interpreted per page, forms included, before giving up on an endless stream.
const MAX_OPERATIONS: usize = 5_000_000;
/// Largest decoded content of one page or one form: real pages take well under 1 MiB.
const MAX_CONTENT_BYTES: usize = 64 * 1024 * 1024;
/// Decoded stream bytes per document (page contents, forms, CMaps), so many streams each
/// under their limit cannot add up to exhaust memory or time either.
const MAX_DOCUMENT_DECODED_BYTES: usize = 256 * 1024 * 1024;
/// Content bytes lexed per page, a form counted each time it is drawn: a form drawn
/// thousands of times is read from its cached bytes, but each drawing is still work.
const MAX_PAGE_LEXED_BYTES: usize = 256 * 1024 * 1024;
/// Glyphs shown per page: a real page holds under 10,000.
const MAX_PAGE_GLYPHS: usize = 500_000;
/// Rulings per page: a dense table page has a few thousand.
const MAX_PAGE_RULINGS: usize = 200_000;
/// Image placements kept per page for OCR: a scan draws one image a page, a few dozen at
/// most when tiled; the count in `images` goes on past it.
const MAX_PLACED_IMAGES: usize = 1_024;
/// Coloured fills remembered per page as backgrounds white lines can show on: a table drawn
/// as shaded cells has one a cell, a few hundred on a dense page.
const MAX_BACKGROUNDS: usize = 2_048;
/// Points in one path: a real table border path has a few thousand.
const MAX_PATH_POINTS: usize = 200_000;
/// Glyphs shown between two checks of the time limit.
const CHECK_EVERY: usize = 4096;

const MIB: usize = 1024 * 1024;

/// An affine matrix `[a b c d e f]` as PDF writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix([f64; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix([a, b, c, d, e, f])
    }

    /// `self × other`: apply `self` first, then `other`.
    pub fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(tx: f64, ty: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// How much a unit length grows, on average over both axes.
    fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        ((a * a + b * b).sqrt() + (c * c + d * d).sqrt()) / 2.0
    }
}

fn matrix_from(operands: &[Object]) -> Option<Matrix> {
    let n: Vec<f64> = operands.iter().filter_map(number).collect();
    (n.len() == 6).then(|| Matrix::new(n[0], n[1], n[2], n[3], n[4], n[5]))
}

/// One operation as the interpreter reads it, its operands still in the lexer's buffer.
struct Operation<'a, 'o> {
    operator: &'a str,
    operands: &'o [Object],
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    line_width: f64,
    fill_white: bool,
    stroke_white: bool,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
}

/// What an interpreted stream may use: its resource dictionaries, innermost first.
#[derive(Clone)]
struct Resources<'a> {
    dicts: Vec<&'a Dictionary>,
}

impl<'a> Resources<'a> {
    /// The reference a resource name resolves to when the file lacks its object.
    fn missing(&self, doc: &'a Document, category: &[u8], name: &[u8]) -> Option<ObjectId> {
        for dict in &self.dicts {
            let Some(group) = dict_get(doc, dict, category).and_then(|g| g.as_dict().ok()) else {
                continue;
            };
            if group.has(name) {
                return missing_ref(doc, group, name);
            }
        }
        None
    }

    fn lookup(&self, doc: &'a Document, category: &[u8], name: &[u8]) -> Option<(&'a Object, Option<ObjectId>)> {
        for dict in &self.dicts {
            let Some(group) = dict_get(doc, dict, category).and_then(|g| g.as_dict().ok()) else {
                continue;
            };
            if let Ok(entry) = group.get(name) {
                let id = entry.as_reference().ok();
                if let Some(object) = super::objects::deref(doc, entry) {
                    return Some((object, id));
                }
            }
        }
        None
    }
}

/// A font as a resource names it: by reference, or written into the resources directly
/// (keyed by its address, fixed while the document is borrowed).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Ref(ObjectId),
    Direct(usize),
}

/// Interprets pages of one document, sharing parsed fonts and decoded forms between them.
pub struct Interpreter<'a> {
    doc: &'a Document,
    /// A font that could not be loaded keeps why, for every page that uses it.
    fonts: HashMap<FontKey, Result<Rc<Font>, String>>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    decoded_bytes: usize,
    glyphs: usize,
}

/// Numeric operands an operator takes at most (`cm`, `Tm`, `c`: six; a colour: four).
const FEW_OPERANDS: usize = 8;

/// An `/ActualText` longer than this many characters a glyph it replaces (and as many more)
/// is not read: the glyphs read as shown.
const ACTUAL_TEXT_PER_GLYPH: usize = 8;

/// An `/ActualText` of more bytes than this is not read (no word or ligature needs as many;
/// decoding one for every sequence that names it would cost without end).
const MAX_ACTUAL_TEXT_BYTES: usize = 4096;

/// Marked-content sequences nested deeper than this are not followed (no real page nests so
/// deep; a hostile one could nest without end).
const MAX_MARKED_DEPTH: usize = 64;

/// The glyphs shown from `start` on, inside marked content whose `/ActualText` says what they
/// are (a ligature, a word drawn from glyphs without Unicode, a hyphen that is not text), read
/// as that text: a character a glyph when they are as many, else one piece over all of them.
fn with_actual_text(page: &mut Page, start: usize, text: &str) {
    // A text no longer than a few characters a glyph: a ligature spells three at most, and a
    // text far longer than what it replaces (one property list named by every sequence of a
    // page) would let a small file fill memory.
    let shown = page.glyphs.len().saturating_sub(start);
    if shown == 0 || text.chars().count() > ACTUAL_TEXT_PER_GLYPH * shown + ACTUAL_TEXT_PER_GLYPH {
        return;
    }
    let shown = page.glyphs.split_off(start);
    page.unreadable = page.unreadable.saturating_sub(shown.iter().filter(|g| g.text.contains('\u{FFFD}')).count());
    let chars: Vec<char> = text.chars().collect();
    if chars.len() == shown.len() {
        page.glyphs.extend(shown.into_iter().zip(chars).map(|(g, c)| Glyph { text: c.to_string(), ..g }));
        return;
    }
    if text.trim().is_empty() {
        return;
    }
    let mut one = shown[0].clone();
    for g in &shown[1..] {
        (one.x0, one.y0) = (one.x0.min(g.x0), one.y0.min(g.y0));
        (one.x1, one.y1) = (one.x1.max(g.x1), one.y1.max(g.y1));
    }
    one.text = text.to_string();
    page.glyphs.push(one);
}

struct PageRun<'p> {
    page: &'p mut Page,
    operations: usize,
    lexed_bytes: usize,
    glyphs: usize,
    forms: Vec<ObjectId>,
    /// Coloured filled rectangles drawn so far, `[x0, y0, x1, y1]` in page space: a white line
    /// is invisible on the white page but a ruling where it crosses one of these (tables drawn
    /// as shaded cells parted by white lines).
    backgrounds: Vec<[f64; 4]>,
    /// What could not be read on this page, each said once.
    notes: Vec<String>,
}

impl PageRun<'_> {
    fn damaged(&mut self, note: String) {
        self.page.damaged = true;
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

impl<'a> Interpreter<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Interpreter { doc, fonts: HashMap::new(), forms: HashMap::new(), decoded_bytes: 0, glyphs: 0 }
    }

    /// Charges decoded bytes to the document's budget.
    fn charge(&mut self, bytes: usize) -> Result<(), Stop> {
        self.decoded_bytes = self.decoded_bytes.saturating_add(bytes);
        if self.decoded_bytes > MAX_DOCUMENT_DECODED_BYTES {
            return Err(Stop::Document(ErrorKind::TooLarge(format!(
                "the document's streams decode to more than {} MiB",
                MAX_DOCUMENT_DECODED_BYTES / MIB
            ))));
        }
        Ok(())
    }

    /// The page's content streams, decoded and joined. A stream the file lacks marks the
    /// page damaged; one that decodes past the limit fails the document.
    fn content(&mut self, page_no: u32, page_id: ObjectId, run: &mut PageRun) -> Result<Vec<u8>, Stop> {
        let mut content = Vec::new();
        for id in self.doc.get_page_contents(page_id) {
            let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else {
                run.damaged(format!("page {page_no}: its content stream {} {} R is missing", id.0, id.1));
                continue;
            };
            let limit = MAX_CONTENT_BYTES - content.len().min(MAX_CONTENT_BYTES);
            let data = match decode_bounded(stream, limit) {
                Decoded::Bytes(data) => data,
                Decoded::Unreadable if stream.content.len() <= limit => stream.content.clone(),
                _ => {
                    return Err(Stop::Document(ErrorKind::TooLarge(format!(
                        "the content stream of page {page_no} exceeds the {} MiB limit",
                        MAX_CONTENT_BYTES / MIB
                    ))))
                }
            };
            self.charge(data.len())?;
            content.extend_from_slice(&data);
            content.push(b'\n');
        }
        Ok(content)
    }

    /// Interprets one page into glyphs and rulings. What cannot be read of it marks it
    /// damaged and adds a note; a page that cannot be read at all is `Stop::Page`.
    pub fn page(&mut self, page_no: u32, page_id: ObjectId, notes: &mut Vec<String>) -> Result<Page, Stop> {
        let doc = self.doc;
        let page_dict = doc.get_dictionary(page_id).map_err(|e| Stop::Page(format!("page {page_no}: {e}")))?;
        let media = inherited(doc, page_dict, b"MediaBox").and_then(rect_of).unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let crop = inherited(doc, page_dict, b"CropBox").and_then(rect_of).unwrap_or(media);
        let rotation = inherited(doc, page_dict, b"Rotate").and_then(number).unwrap_or(0.0) as i32;
        let rotation = rotation.rem_euclid(360) / 90 * 90;
        let (llx, lly, w, h) = (crop[0], crop[1], crop[2] - crop[0], crop[3] - crop[1]);
        // User space to display space with y up, honouring /Rotate (clockwise).
        let to_display = match rotation {
            90 => Matrix::new(0.0, -1.0, 1.0, 0.0, -lly, w + llx),
            180 => Matrix::new(-1.0, 0.0, 0.0, -1.0, w + llx, h + lly),
            270 => Matrix::new(0.0, 1.0, -1.0, 0.0, h + lly, -llx),
            _ => Matrix::new(1.0, 0.0, 0.0, 1.0, -llx, -lly),
        };
        let (width, height) = if rotation % 180 == 90 { (h, w) } else { (w, h) };
        // Display space (y up) to page space (y down).
        let base = to_display.then(&Matrix::new(1.0, 0.0, 0.0, -1.0, 0.0, height));
        let mut page =
            Page { number: page_no, width: width as f32, height: height as f32, rotation, ..Default::default() };
        let resources = page_resources(doc, page_dict);
        let mut run = PageRun {
            page: &mut page,
            operations: 0,
            lexed_bytes: 0,
            glyphs: 0,
            forms: Vec::new(),
            backgrounds: Vec::new(),
            notes: Vec::new(),
        };
        if let Some(id) = inherited_missing(doc, page_dict, b"Resources") {
            run.damaged(format!("page {page_no}: its resources {} {} R are missing", id.0, id.1));
        }
        let content = self.content(page_no, page_id, &mut run)?;
        let state = GraphicsState {
            ctm: base,
            line_width: 1.0,
            fill_white: false,
            stroke_white: false,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let result = self.run_stream(&content, state, &resources, &mut run);
        let page_notes = std::mem::take(&mut run.notes);
        match result {
            Ok(()) => {}
            // The rest of the page is lost; what was read of it stands.
            Err(Stop::Page(note)) => {
                page.damaged = true;
                notes.extend(page_notes);
                notes.push(note);
                return Ok(page);
            }
            Err(fatal) => return Err(fatal),
        }
        notes.extend(page_notes);
        Ok(page)
    }

    fn font(&mut self, resources: &Resources<'a>, name: &[u8], run: &mut PageRun) -> Result<Option<Rc<Font>>, Stop> {
        let Some((object, id)) = resources.lookup(self.doc, b"Font", name) else {
            if let Some(id) = resources.missing(self.doc, b"Font", name) {
                let label = String::from_utf8_lossy(name);
                run.damaged(format!("page {}: font {label} ({} {} R) is missing", run.page.number, id.0, id.1));
            }
            return Ok(None);
        };
        let Ok(dict) = object.as_dict() else {
            return Ok(None);
        };
        let key = id.map_or(FontKey::Direct(dict as *const Dictionary as usize), FontKey::Ref);
        let loaded = match self.fonts.get(&key) {
            Some(loaded) => loaded.clone(),
            None => {
                let loaded = match Font::load(self.doc, dict) {
                    Ok(font) => Ok(Rc::new(font)),
                    Err(Stop::Page(why)) => Err(why),
                    Err(fatal) => return Err(fatal),
                };
                self.fonts.insert(key, loaded.clone());
                loaded
            }
        };
        match loaded {
            Ok(font) => Ok(Some(font)),
            Err(why) => {
                let label = String::from_utf8_lossy(name);
                run.damaged(format!("page {}: font {label}: {why}; its text is not read", run.page.number));
                Ok(None)
            }
        }
    }

    fn run_stream(
        &mut self,
        data: &[u8],
        state: GraphicsState,
        resources: &Resources<'a>,
        run: &mut PageRun,
    ) -> Result<(), Stop> {
        run.lexed_bytes = run.lexed_bytes.saturating_add(data.len());
        if run.lexed_bytes > MAX_PAGE_LEXED_BYTES {
            return Err(Stop::Page(format!(
                "page {}: more than {} MiB of content, counting each form as often as it is drawn; \
                 the rest of the page is not read",
                run.page.number,
                MAX_PAGE_LEXED_BYTES / MIB
            )));
        }
        let mut gs = state;
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut path = Path::default();
        // Open marked-content sequences: for one with an `/ActualText`, that text and where
        // its glyphs begin.
        let mut marked: Vec<Option<(String, usize)>> = Vec::new();
        // Sequences opened past the depth followed, so that their ends close no other.
        let mut unfollowed = 0usize;
        let mut lexer = super::lexer::Lexer::new(data);
        let mut operands: Vec<Object> = Vec::new();
        while let Some(operator) = lexer.next_into(&mut operands) {
            let op = Operation { operator, operands: &operands };
            run.operations += 1;
            if run.operations.is_multiple_of(CHECK_EVERY) {
                crate::deadline::check()?;
            }
            if run.operations > MAX_OPERATIONS {
                return Err(Stop::Page(format!(
                    "page {}: more than {MAX_OPERATIONS} drawing operations; the rest of the page is not read",
                    run.page.number
                )));
            }
            // The numbers among the operands, on the stack for the few any real operator takes.
            let mut few = [0f64; FEW_OPERANDS];
            let mut many: Vec<f64> = Vec::new();
            let mut count = 0;
            for value in op.operands.iter().filter_map(number) {
                if count < FEW_OPERANDS {
                    few[count] = value;
                } else {
                    if many.is_empty() {
                        many.extend_from_slice(&few);
                    }
                    many.push(value);
                }
                count += 1;
            }
            let nums: &[f64] = if count <= FEW_OPERANDS { &few[..count] } else { &many };
            match op.operator {
                // Unbalanced saves beyond any real nesting are ignored.
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix_from(op.operands) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                "w" => gs.line_width = nums.first().copied().unwrap_or(1.0),
                "g" => gs.fill_white = is_white(nums),
                "G" => gs.stroke_white = is_white(nums),
                "rg" | "k" | "sc" | "scn" => gs.fill_white = is_white_any(op.operator, nums, op.operands),
                "RG" | "K" | "SC" | "SCN" => gs.stroke_white = is_white_any(op.operator, nums, op.operands),
                "cs" => gs.fill_white = false,
                "CS" => gs.stroke_white = false,
                // Text state and positioning.
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    if let Some(Object::Name(name)) = op.operands.first() {
                        gs.font = self.font(resources, name, run)?;
                    }
                    gs.font_size = nums.last().copied().unwrap_or(gs.font_size);
                }
                "Tc" => gs.char_spacing = nums.first().copied().unwrap_or(0.0),
                "Tw" => gs.word_spacing = nums.first().copied().unwrap_or(0.0),
                "Tz" => gs.h_scale = nums.first().copied().unwrap_or(100.0) / 100.0,
                "TL" => gs.leading = nums.first().copied().unwrap_or(0.0),
                "Ts" => gs.rise = nums.first().copied().unwrap_or(0.0),
                "Td" | "TD" => {
                    if let [tx, ty] = nums[..] {
                        if op.operator == "TD" {
                            gs.leading = -ty;
                        }
                        tlm = Matrix::translate(tx, ty).then(&tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = matrix_from(op.operands) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        if op.operator == "\"" {
                            if let [aw, ac, ..] = nums[..] {
                                gs.word_spacing = aw;
                                gs.char_spacing = ac;
                            }
                        }
                        tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = op.operands.last() {
                        self.show(&gs, &mut tm, bytes, run)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = op.operands.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(&gs, &mut tm, bytes, run)?,
                                other => {
                                    if let Some(adjust) = number(other) {
                                        let shift = -adjust / 1000.0 * gs.font_size;
                                        let vertical = gs.font.as_ref().is_some_and(|f| f.vertical);
                                        tm = if vertical {
                                            Matrix::translate(0.0, shift).then(&tm)
                                        } else {
                                            Matrix::translate(shift * gs.h_scale, 0.0).then(&tm)
                                        };
                                    }
                                }
                            }
                        }
                    }
                }
                // Path construction, in device space.
                "m" => {
                    if let [x, y] = nums[..] {
                        path.move_to(gs.ctm.apply(x, y));
                    }
                }
                "l" => {
                    if let [x, y] = nums[..] {
                        path.line_to(gs.ctm.apply(x, y));
                    }
                }
                // Curves are not rulings; keep only where the path ends up.
                "c" | "v" | "y" if nums.len() >= 2 => {
                    let (x, y) = (nums[nums.len() - 2], nums[nums.len() - 1]);
                    path.curve_to(gs.ctm.apply(x, y));
                }
                "h" => path.close(),
                "re" => {
                    if let [x, y, w, h] = nums[..] {
                        let corners =
                            [(x, y), (x + w, y), (x + w, y + h), (x, y + h)].map(|(px, py)| gs.ctm.apply(px, py));
                        path.rect(corners);
                    }
                }
                "S" | "s" => {
                    if op.operator == "s" {
                        path.close();
                    }
                    path.stroke(gs.line_width * gs.ctm.scale(), gs.stroke_white, run);
                    path = Path::default();
                }
                "f" | "F" | "f*" => {
                    path.fill(gs.fill_white, run);
                    path = Path::default();
                }
                "B" | "B*" | "b" | "b*" => {
                    if op.operator.starts_with('b') {
                        path.close();
                    }
                    path.fill(gs.fill_white, run);
                    path.stroke(gs.line_width * gs.ctm.scale(), gs.stroke_white, run);
                    path = Path::default();
                }
                "n" => path = Path::default(),
                "Do" => {
                    if let Some(Object::Name(name)) = op.operands.first() {
                        self.do_xobject(name, &gs, resources, run)?;
                    }
                }
                "BI" | "ID" | "EI" => run.page.images += 1,
                "BMC" | "BDC" if marked.len() >= MAX_MARKED_DEPTH => unfollowed += 1,
                "BMC" => marked.push(None),
                "BDC" => {
                    let properties = match op.operands.get(1) {
                        Some(Object::Dictionary(dict)) => Some(dict),
                        Some(Object::Name(name)) => {
                            resources.lookup(self.doc, b"Properties", name).and_then(|(o, _)| o.as_dict().ok())
                        }
                        _ => None,
                    };
                    let actual = properties
                        .and_then(|dict| dict_get(self.doc, dict, b"ActualText"))
                        .and_then(|text| text.as_str().ok())
                        .filter(|bytes| bytes.len() <= MAX_ACTUAL_TEXT_BYTES)
                        .map(super::encoding::text_string);
                    marked.push(actual.map(|text| (text, run.page.glyphs.len())));
                }
                "EMC" if unfollowed > 0 => unfollowed -= 1,
                "EMC" => {
                    if let Some(Some((text, start))) = marked.pop() {
                        with_actual_text(run.page, start, &text);
                    }
                }
                _ => {}
            }
            if path.points > MAX_PATH_POINTS {
                return Err(Stop::Page(format!(
                    "page {}: a path of more than {MAX_PATH_POINTS} points; the rest of the page is not read",
                    run.page.number
                )));
            }
            if run.page.rulings.len() > MAX_PAGE_RULINGS {
                run.page.rulings.truncate(MAX_PAGE_RULINGS);
                return Err(Stop::Page(format!(
                    "page {}: more than {MAX_PAGE_RULINGS} rulings; the rest of the page is not read",
                    run.page.number
                )));
            }
        }
        Ok(())
    }

    fn do_xobject(
        &mut self,
        name: &[u8],
        gs: &GraphicsState,
        resources: &Resources<'a>,
        run: &mut PageRun,
    ) -> Result<(), Stop> {
        crate::deadline::check()?;
        let Some((object, id)) = resources.lookup(self.doc, b"XObject", name) else {
            if let Some(id) = resources.missing(self.doc, b"XObject", name) {
                let label = String::from_utf8_lossy(name);
                run.damaged(format!("page {}: XObject {label} ({} {} R) is missing", run.page.number, id.0, id.1));
            }
            return Ok(());
        };
        // An image arrives as its dictionary alone (see `drop_unread_stream`).
        let dict = match object {
            Object::Stream(stream) => &stream.dict,
            Object::Dictionary(dict) => dict,
            _ => return Ok(()),
        };
        match dict.get(b"Subtype").ok().and_then(name_of).as_deref() {
            Some("Image") => {
                run.page.images += 1;
                if let (Some(object), true) = (id, run.page.placed_images.len() < MAX_PLACED_IMAGES) {
                    run.page.placed_images.push(crate::page::PlacedImage { object, matrix: gs.ctm.0 });
                }
            }
            Some("Form") => {
                let Ok(stream) = object.as_stream() else {
                    return Ok(());
                };
                if run.forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|id| run.forms.contains(&id)) {
                    return Ok(());
                }
                let data = self.form_content(id, stream, run.page.number)?;
                let mut inner = gs.clone();
                if let Some(m) =
                    stream.dict.get(b"Matrix").ok().and_then(|m| m.as_array().ok()).and_then(|a| matrix_from(a))
                {
                    inner.ctm = m.then(&gs.ctm);
                }
                let mut inner_resources = resources.clone();
                if let Some(dict) = dict_get(self.doc, &stream.dict, b"Resources").and_then(|r| r.as_dict().ok()) {
                    inner_resources.dicts.insert(0, dict);
                }
                run.forms.push(id.unwrap_or((0, 0)));
                let result = self.run_stream(&data, inner, &inner_resources, run);
                run.forms.pop();
                result?;
            }
            _ => {}
        }
        Ok(())
    }
}

impl Interpreter<'_> {
    /// A form's decoded content, decoded once per document however often it is drawn.
    fn form_content(
        &mut self,
        id: Option<ObjectId>,
        stream: &lopdf::Stream,
        page_no: u32,
    ) -> Result<Rc<Vec<u8>>, Stop> {
        if let Some(data) = id.and_then(|id| self.forms.get(&id)) {
            return Ok(data.clone());
        }
        let data = match decode_bounded(stream, MAX_CONTENT_BYTES) {
            Decoded::Bytes(data) => data,
            Decoded::Unreadable if stream.content.len() <= MAX_CONTENT_BYTES => stream.content.clone(),
            _ => {
                return Err(Stop::Document(ErrorKind::TooLarge(format!(
                    "a form drawn on page {page_no} exceeds the {} MiB limit",
                    MAX_CONTENT_BYTES / MIB
                ))))
            }
        };
        self.charge(data.len())?;
        let data = Rc::new(data);
        if let Some(id) = id {
            self.forms.insert(id, data.clone());
        }
        Ok(data)
    }

    /// Shows a string, counting its glyphs against the page's and the document's limits.
    fn show(&mut self, gs: &GraphicsState, tm: &mut Matrix, bytes: &[u8], run: &mut PageRun) -> Result<(), Stop> {
        let Some(font) = gs.font.as_ref() else { return Ok(()) };
        // A string has at most as many codes as bytes: a short one cannot pass a limit.
        let room = (MAX_PAGE_GLYPHS - run.glyphs.min(MAX_PAGE_GLYPHS))
            .min(MAX_DOCUMENT_GLYPHS - self.glyphs.min(MAX_DOCUMENT_GLYPHS));
        if bytes.len() <= room.min(CHECK_EVERY) {
            let shown = show(gs, font, tm, font.codes(bytes), run.page);
            run.glyphs += shown;
            self.glyphs += shown;
            return Ok(());
        }
        let mut codes = font.codes(bytes);
        loop {
            let room = (MAX_PAGE_GLYPHS - run.glyphs.min(MAX_PAGE_GLYPHS))
                .min(MAX_DOCUMENT_GLYPHS - self.glyphs.min(MAX_DOCUMENT_GLYPHS))
                .min(CHECK_EVERY);
            let shown = show(gs, font, tm, codes.by_ref().take(room), run.page);
            run.glyphs += shown;
            self.glyphs += shown;
            if shown < room {
                return Ok(());
            }
            crate::deadline::check()?;
            if self.glyphs >= MAX_DOCUMENT_GLYPHS || run.glyphs >= MAX_PAGE_GLYPHS {
                // Only a glyph beyond the limit is too many.
                let Some(_) = codes.next() else { return Ok(()) };
                if self.glyphs >= MAX_DOCUMENT_GLYPHS {
                    return Err(Stop::Document(ErrorKind::TooLarge(format!(
                        "the document shows more than {MAX_DOCUMENT_GLYPHS} glyphs"
                    ))));
                }
                return Err(Stop::Page(format!(
                    "page {}: more than {MAX_PAGE_GLYPHS} glyphs; the rest of the page is not read",
                    run.page.number
                )));
            }
        }
    }
}

/// Shows codes: one glyph each, advancing the text matrix. Returns how many were shown.
fn show<'c>(
    gs: &GraphicsState,
    font: &Font,
    tm: &mut Matrix,
    codes: impl Iterator<Item = super::font::Code<'c>>,
    page: &mut Page,
) -> usize {
    let fs = gs.font_size;
    let mut shown = 0;
    for code in codes {
        shown += 1;
        let w0 = font.width(&code);
        let trm = Matrix::new(fs * gs.h_scale, 0.0, 0.0, fs, 0.0, gs.rise).then(tm).then(&gs.ctm);
        // The glyph's box in glyph units: an em high, its advance wide; vertical glyphs hang
        // below their origin, centred on it.
        let (x0, y0, x1, y1) = if font.vertical { (-0.5, -1.0, 0.5, 0.0) } else { (0.0, -0.2, w0.max(0.01), 0.8) };
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].map(|(x, y)| trm.apply(x, y));
        let (min_x, max_x) = min_max(corners.iter().map(|c| c.0));
        let (min_y, max_y) = min_max(corners.iter().map(|c| c.1));
        let size = fs.abs() * tm.then(&gs.ctm).scale();
        let text = font.text(&code);
        if text.is_none() {
            page.unreadable += 1;
        }
        let text = text.unwrap_or_else(|| "\u{FFFD}".to_string());
        let blank = text.chars().all(char::is_whitespace);
        // The glyph runs on from a space shown just before it when it starts where the
        // space's advance ended; text placed anew after a space (the next cell's, a line's
        // start) was not typed after it.
        let (ox, oy) = trm.apply(0.0, 0.0);
        let space_before = page.pending_space.take().is_some_and(|(sx, sy, size)| {
            ((ox as f32 - sx).powi(2) + (oy as f32 - sy).powi(2)).sqrt() <= SPACE_RUN_TOLERANCE * size
        });
        // Text beyond the page's edges is not printed (it overflowed the page or was parked
        // off it), so it is not read either.
        let (cx, cy) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
        let on_page = cx >= -1.0 && cy >= -1.0 && cx <= page.width as f64 + 1.0 && cy <= page.height as f64 + 1.0;
        if size > 0.1 && min_x.is_finite() && min_y.is_finite() && on_page {
            page.glyphs.push(Glyph {
                text,
                x0: min_x as f32,
                y0: min_y as f32,
                x1: max_x as f32,
                y1: max_y as f32,
                size: size as f32,
                vertical: font.vertical,
                baseline: {
                    let ((ox, oy), (bx, by)) = (trm.apply(0.0, 0.0), trm.apply(1.0, 0.0));
                    Baseline::along(bx - ox, by - oy)
                },
                space_before: space_before && !blank,
                confidence: None,
            });
        }
        let spacing = gs.char_spacing + if font.is_word_space(&code) { gs.word_spacing } else { 0.0 };
        // Vertical writing advances by w1 × Tfs + Tc + Tw (PDF 32000-1 9.4.4), w1 one em down:
        // spacing is added upward, so a header spread down a tall cell has a negative Tc.
        *tm = if font.vertical {
            Matrix::translate(0.0, spacing - fs).then(tm)
        } else {
            Matrix::translate((w0 * fs + spacing) * gs.h_scale, 0.0).then(tm)
        };
        if blank {
            let (ex, ey) =
                Matrix::new(fs * gs.h_scale, 0.0, 0.0, fs, 0.0, gs.rise).then(tm).then(&gs.ctm).apply(0.0, 0.0);
            page.pending_space = Some((ex as f32, ey as f32, size as f32));
        }
    }
    shown
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

fn is_white(components: &[f64]) -> bool {
    !components.is_empty() && components.iter().all(|&c| c >= 0.95)
}

fn is_white_any(operator: &str, nums: &[f64], operands: &[Object]) -> bool {
    if operands.iter().any(|o| matches!(o, Object::Name(_))) {
        return false;
    }
    match (operator, nums.len()) {
        ("k" | "K", _) | (_, 4) => nums.len() == 4 && nums.iter().all(|&c| c <= 0.05),
        _ => is_white(nums),
    }
}

/// A path being built, in page space.
#[derive(Default)]
struct Path {
    subpaths: Vec<(Vec<(f64, f64)>, bool)>,
    /// Points in all subpaths.
    points: usize,
}

impl Path {
    fn move_to(&mut self, p: (f64, f64)) {
        self.points += 1;
        self.subpaths.push((vec![p], false));
    }
    fn line_to(&mut self, p: (f64, f64)) {
        self.points += 1;
        match self.subpaths.last_mut() {
            Some((points, _)) => points.push(p),
            None => self.subpaths.push((vec![p], false)),
        }
    }
    fn curve_to(&mut self, p: (f64, f64)) {
        // A curve breaks the run of straight segments.
        self.points += 1;
        self.subpaths.push((vec![p], false));
    }
    fn close(&mut self) {
        if let Some((_, closed)) = self.subpaths.last_mut() {
            *closed = true;
        }
    }
    fn rect(&mut self, corners: [(f64, f64); 4]) {
        self.points += 4;
        self.subpaths.push((corners.to_vec(), true));
    }

    fn segments(&self) -> Vec<((f64, f64), (f64, f64))> {
        let mut out = Vec::new();
        for (points, closed) in &self.subpaths {
            for pair in points.windows(2) {
                out.push((pair[0], pair[1]));
            }
            if *closed && points.len() > 2 {
                out.push((points[points.len() - 1], points[0]));
            }
        }
        out
    }

    /// Stroked segments are rulings; white ones only where they cross a coloured background.
    fn stroke(&self, width: f64, white: bool, run: &mut PageRun) {
        for (a, b) in self.segments() {
            if !white || on_background(&run.backgrounds, ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)) {
                push_segment(a, b, width, run.page);
            }
        }
    }

    /// A filled axis-aligned rectangle thin enough to be a line is a ruling (a white one only
    /// on a coloured background); a wider coloured fill is a background, and a white one
    /// paints out the backgrounds it covers.
    fn fill(&self, white: bool, run: &mut PageRun) {
        for (points, _) in &self.subpaths {
            if points.len() < 3 {
                continue;
            }
            let (x0, x1) = min_max(points.iter().map(|p| p.0));
            let (y0, y1) = min_max(points.iter().map(|p| p.1));
            let axis_aligned = points.iter().all(|p| {
                ((p.0 - x0).abs() < AXIS_TOLERANCE || (p.0 - x1).abs() < AXIS_TOLERANCE)
                    && ((p.1 - y0).abs() < AXIS_TOLERANCE || (p.1 - y1).abs() < AXIS_TOLERANCE)
            });
            let (w, h) = (x1 - x0, y1 - y0);
            let thin = (h <= MAX_RULING_THICKNESS && w >= MIN_RULING_LENGTH && w > h)
                || (w <= MAX_RULING_THICKNESS && h >= MIN_RULING_LENGTH && h > w);
            // A thin shape that fills its box is a line whatever its corners: browsers draw
            // each side of a bevelled (`border=1`) cell border as a trapezoid. A triangle (a
            // sort arrow) or a slanted stroke fills far less.
            let fills_box = polygon_area(points) >= MIN_BOX_FILL * w * h;
            if !(axis_aligned || (thin && fills_box)) {
                continue;
            }
            if thin {
                if white && !on_background(&run.backgrounds, ((x0 + x1) / 2.0, (y0 + y1) / 2.0)) {
                    continue;
                }
                if w > h {
                    push_ruling(true, (y0 + y1) / 2.0, x0, x1, h, run.page);
                } else {
                    push_ruling(false, (x0 + x1) / 2.0, y0, y1, w, run.page);
                }
            } else if white {
                run.backgrounds.retain(|b| !(x0 <= b[0] && y0 <= b[1] && b[2] <= x1 && b[3] <= y1));
            } else if w > MAX_RULING_THICKNESS && h > MAX_RULING_THICKNESS && run.backgrounds.len() < MAX_BACKGROUNDS {
                run.backgrounds.push([x0, y0, x1, y1]);
            }
        }
    }
}

/// The area a closed polygon encloses (shoelace formula).
fn polygon_area(points: &[(f64, f64)]) -> f64 {
    let n = points.len();
    let twice: f64 = (0..n)
        .map(|k| {
            let (a, b) = (points[k], points[(k + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    twice.abs() / 2.0
}

/// Whether a point lies on one of the coloured backgrounds (their edges included: a white
/// line between two shaded cells runs along both).
fn on_background(backgrounds: &[[f64; 4]], (x, y): (f64, f64)) -> bool {
    backgrounds.iter().any(|b| b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3])
}

fn push_segment(a: (f64, f64), b: (f64, f64), width: f64, page: &mut Page) {
    if (a.1 - b.1).abs() < AXIS_TOLERANCE && (a.0 - b.0).abs() >= MIN_RULING_LENGTH {
        push_ruling(true, (a.1 + b.1) / 2.0, a.0.min(b.0), a.0.max(b.0), width, page);
    } else if (a.0 - b.0).abs() < AXIS_TOLERANCE && (a.1 - b.1).abs() >= MIN_RULING_LENGTH {
        push_ruling(false, (a.0 + b.0) / 2.0, a.1.min(b.1), a.1.max(b.1), width, page);
    }
}

fn push_ruling(horizontal: bool, pos: f64, start: f64, end: f64, width: f64, page: &mut Page) {
    if [pos, start, end].iter().all(|v| v.is_finite()) {
        page.rulings.push(Ruling {
            horizontal,
            pos: pos as f32,
            start: start as f32,
            end: end as f32,
            width: width as f32,
        });
    }
}

fn rect_of(object: &Object) -> Option<[f64; 4]> {
    let a = object.as_array().ok()?;
    let n: Vec<f64> = a.iter().filter_map(number).collect();
    (n.len() == 4).then(|| [n[0].min(n[2]), n[1].min(n[3]), n[0].max(n[2]), n[1].max(n[3])])
}

/// A page attribute, inherited from the page tree when the page does not set it.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = page;
    for _ in 0..32 {
        if let Some(value) = dict_get(doc, dict, key) {
            return Some(value);
        }
        dict = dict_get(doc, dict, b"Parent")?.as_dict().ok()?;
    }
    None
}

/// A page attribute, inherited like [`inherited`], that refers to an object the file lacks.
fn inherited_missing(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    let mut dict = page;
    for _ in 0..32 {
        if dict.has(key) {
            return missing_ref(doc, dict, key);
        }
        dict = dict_get(doc, dict, b"Parent")?.as_dict().ok()?;
    }
    None
}

fn page_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Resources<'a> {
    let dicts = inherited(doc, page, b"Resources").and_then(|r| r.as_dict().ok()).into_iter().collect();
    Resources { dicts }
}
