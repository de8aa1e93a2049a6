//! Positioned content of one page, as the PDF reader sees it: glyphs and rulings in page
//! space (points, origin top-left, y down, after `/Rotate`).

use serde::Serialize;

/// One shown glyph.
/// The most glyphs one document may place, over all its pages (a thousand-page report holds
/// under two million): about 200 MiB of glyphs and lines in memory.
pub const MAX_DOCUMENT_GLYPHS: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// The glyph's text (usually one char; ligatures give more). U+FFFD when unreadable.
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Font size in page space.
    pub size: f32,
    /// Written top to bottom (an `Identity-V` font): upright glyphs stacked down the page.
    pub vertical: bool,
    /// Which way the glyph's baseline runs: `Right` for upright text, `Up` for text turned a
    /// quarter anticlockwise (a rotated table, a vertical header).
    pub baseline: Baseline,
    /// A space was shown just before this glyph, and the glyph starts where the space's
    /// advance ended: the text ran on from the space (a word space), it was not placed anew.
    pub space_before: bool,
    /// How sure OCR was of the glyph (0 to 1); `None` for a glyph of a text layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

impl Glyph {
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    pub fn is_blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// Which way a glyph's baseline runs on the page (y down): the way a line of it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Baseline {
    #[default]
    Right,
    Down,
    Left,
    Up,
}

impl Baseline {
    /// The baseline of a glyph whose baseline runs along `(dx, dy)` in page space.
    pub fn along(dx: f64, dy: f64) -> Baseline {
        if dx.abs() >= dy.abs() {
            if dx >= 0.0 {
                Baseline::Right
            } else {
                Baseline::Left
            }
        } else if dy > 0.0 {
            Baseline::Down
        } else {
            Baseline::Up
        }
    }

    /// The turn of the page after which text on this baseline reads left to right.
    pub fn upright_turn(self) -> Option<Turn> {
        match self {
            Baseline::Right => None,
            Baseline::Down => Some(Turn::Anticlockwise),
            Baseline::Left => Some(Turn::Half),
            Baseline::Up => Some(Turn::Clockwise),
        }
    }

    /// How it reads, as a note says it.
    pub fn describe(self) -> &'static str {
        match self {
            Baseline::Right => "left to right",
            Baseline::Down => "down the page",
            Baseline::Left => "upside down",
            Baseline::Up => "up the page",
        }
    }
}

/// A turn of a whole page, as one turns the paper to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    Clockwise,
    Half,
    Anticlockwise,
}

impl Turn {
    /// The map of a page `width` × `height` onto the turned page, as `[a b c d e f]`:
    /// `x' = a x + c y + e`, `y' = b x + d y + f` (y down, origin top-left on both).
    pub fn matrix(self, width: f32, height: f32) -> [f64; 6] {
        let (w, h) = (width as f64, height as f64);
        match self {
            // The left edge becomes the top: x' = h - y, y' = x.
            Turn::Clockwise => [0.0, 1.0, -1.0, 0.0, h, 0.0],
            Turn::Half => [-1.0, 0.0, 0.0, -1.0, w, h],
            // The right edge becomes the top: x' = y, y' = w - x.
            Turn::Anticlockwise => [0.0, -1.0, 1.0, 0.0, 0.0, w],
        }
    }

    /// The turned page's width and height.
    pub fn size(self, width: f32, height: f32) -> (f32, f32) {
        match self {
            Turn::Half => (width, height),
            Turn::Clockwise | Turn::Anticlockwise => (height, width),
        }
    }

    /// Where a baseline runs once the page is turned.
    pub fn baseline(self, baseline: Baseline) -> Baseline {
        let [a, b, c, d, _, _] = self.matrix(1.0, 1.0);
        let (dx, dy) = match baseline {
            Baseline::Right => (1.0, 0.0),
            Baseline::Down => (0.0, 1.0),
            Baseline::Left => (-1.0, 0.0),
            Baseline::Up => (0.0, -1.0),
        };
        Baseline::along(a * dx + c * dy, b * dx + d * dy)
    }

    /// How it is said in a note.
    pub fn describe(self) -> &'static str {
        match self {
            Turn::Clockwise => "a quarter turn clockwise",
            Turn::Half => "a half turn",
            Turn::Anticlockwise => "a quarter turn anticlockwise",
        }
    }
}

fn apply(m: &[f64; 6], x: f32, y: f32) -> (f32, f32) {
    let [a, b, c, d, e, f] = *m;
    let (x, y) = (x as f64, y as f64);
    ((a * x + c * y + e) as f32, (b * x + d * y + f) as f32)
}

/// `first` then `second`, as matrices `[a b c d e f]`.
fn compose(first: &[f64; 6], second: &[f64; 6]) -> [f64; 6] {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *second;
    [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2]
}

/// A horizontal or vertical line segment drawn on the page: a stroked line or a thin
/// filled rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ruling {
    pub horizontal: bool,
    /// y of a horizontal ruling, x of a vertical one.
    pub pos: f32,
    /// Extent along the ruling: x range of a horizontal one, y range of a vertical one.
    pub start: f32,
    pub end: f32,
    pub width: f32,
}

impl Ruling {
    pub fn len(&self) -> f32 {
        self.end - self.start
    }

    /// Its two ends, `(x, y)`.
    fn ends(&self) -> [(f32, f32); 2] {
        if self.horizontal {
            [(self.start, self.pos), (self.end, self.pos)]
        } else {
            [(self.pos, self.start), (self.pos, self.end)]
        }
    }
}

/// An image XObject drawn on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedImage {
    /// The image's object number and generation.
    pub object: (u32, u16),
    /// The matrix from image space (the unit square, first row at the top, v = 1) to page
    /// space: `[a b c d e f]`.
    pub matrix: [f64; 6],
}

impl PlacedImage {
    /// The area it covers on the page, in square points.
    pub fn area(&self) -> f64 {
        let [a, b, c, d, _, _] = self.matrix;
        (a * d - b * c).abs()
    }
}

/// Text runs one way on a page when more than this fraction of its glyphs run so: a rotated
/// table with an upright page number or heading is still turned.
const TURN_MAJORITY: f32 = 0.5;

impl Page {
    /// The turn that makes most of the page's text read left to right, if it needs one: a
    /// table printed sideways on an upright page. Vertical writing (upright glyphs stacked
    /// down) reads as it is.
    pub fn upright_turn(&self) -> Option<(Baseline, Turn)> {
        let mut counts = [0usize; 4];
        let order = [Baseline::Right, Baseline::Down, Baseline::Left, Baseline::Up];
        for g in self.glyphs.iter().filter(|g| !g.vertical && !g.is_blank()) {
            counts[order.iter().position(|b| *b == g.baseline).unwrap_or(0)] += 1;
        }
        let total: usize = counts.iter().sum();
        let (most, &count) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
        let baseline = order[most];
        (count as f32 > TURN_MAJORITY * total as f32).then_some(())?;
        baseline.upright_turn().map(|turn| (baseline, turn))
    }

    /// Turns the page's content: glyphs, rulings, images and the page's size.
    pub fn turn(&mut self, turn: Turn) {
        let m = turn.matrix(self.width, self.height);
        for g in &mut self.glyphs {
            let (ax, ay) = apply(&m, g.x0, g.y0);
            let (bx, by) = apply(&m, g.x1, g.y1);
            (g.x0, g.x1, g.y0, g.y1) = (ax.min(bx), ax.max(bx), ay.min(by), ay.max(by));
            g.baseline = turn.baseline(g.baseline);
        }
        for r in &mut self.rulings {
            let [(ax, ay), (bx, by)] = r.ends().map(|(x, y)| apply(&m, x, y));
            r.horizontal = (ay - by).abs() < (ax - bx).abs();
            (r.pos, r.start, r.end) =
                if r.horizontal { (ay, ax.min(bx), ax.max(bx)) } else { (ax, ay.min(by), ay.max(by)) };
        }
        for image in &mut self.placed_images {
            image.matrix = compose(&image.matrix, &m);
        }
        (self.width, self.height) = turn.size(self.width, self.height);
    }
}

/// One page's content.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub rotation: i32,
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Ruling>,
    /// Images drawn (a page of images and no glyphs is a scan).
    pub images: usize,
    /// Image XObjects drawn, with where each landed: what OCR reads on a scanned page.
    #[serde(skip)]
    pub placed_images: Vec<PlacedImage>,
    /// The page's glyphs and rulings were read by OCR from its image.
    pub ocr: bool,
    /// Table cells OCR read and doubts.
    #[serde(skip)]
    pub ocr_doubts: Vec<crate::model::OcrDoubt>,
    /// Glyphs whose font gave no Unicode text.
    pub unreadable: usize,
    /// The page's content could not be read whole (missing or damaged objects, a limit hit):
    /// what it holds may be incomplete.
    pub damaged: bool,
    /// The last glyph shown was a space: where its advance ended, in page space, and the
    /// font size (for the next glyph's `space_before`).
    #[serde(skip)]
    pub pending_space: Option<(f32, f32, f32)>,
}

#[cfg(test)]
impl Ruling {
    /// A thin horizontal ruling at `y` from `x0` to `x1`, for tests.
    pub(crate) fn across(y: f32, x0: f32, x1: f32) -> Ruling {
        Ruling { horizontal: true, pos: y, start: x0, end: x1, width: 0.5 }
    }

    /// A thin vertical ruling at `x` from `y0` to `y1`, for tests.
    pub(crate) fn down(x: f32, y0: f32, y1: f32) -> Ruling {
        Ruling { horizontal: false, pos: x, start: y0, end: y1, width: 0.5 }
    }
}

#[cfg(test)]
impl Glyph {
    /// An upright text-layer glyph of size 10 in the box `[x0, y0, x1, y1]`, for tests.
    pub(crate) fn boxed(text: &str, x0: f32, y0: f32, x1: f32, y1: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0,
            y0,
            x1,
            y1,
            size: 10.0,
            vertical: false,
            baseline: Baseline::Right,
            space_before: false,
            confidence: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x0: f32, y0: f32, x1: f32, y1: f32, baseline: Baseline) -> Glyph {
        Glyph { baseline, ..Glyph::boxed("A", x0, y0, x1, y1) }
    }

    #[test]
    fn a_page_of_text_running_up_is_turned_clockwise() {
        // A 100 × 200 page; two glyphs run up it from its lower left, an upright page number.
        let mut page = Page { width: 100.0, height: 200.0, ..Default::default() };
        page.glyphs = vec![
            glyph(10.0, 170.0, 20.0, 180.0, Baseline::Up),
            glyph(10.0, 160.0, 20.0, 170.0, Baseline::Up),
            glyph(50.0, 190.0, 55.0, 198.0, Baseline::Right),
        ];
        page.rulings = vec![Ruling::across(150.0, 5.0, 95.0), Ruling::down(30.0, 20.0, 180.0)];
        page.placed_images = vec![PlacedImage { object: (1, 0), matrix: [100.0, 0.0, 0.0, 200.0, 0.0, 0.0] }];
        let (baseline, turn) = page.upright_turn().expect("a turn");
        assert_eq!((baseline, turn), (Baseline::Up, Turn::Clockwise));
        page.turn(turn);
        assert_eq!((page.width, page.height), (200.0, 100.0));
        let boxes: Vec<_> = page.glyphs.iter().map(|g| (g.x0, g.y0, g.x1, g.y1, g.baseline)).collect();
        assert_eq!(
            boxes,
            [
                (20.0, 10.0, 30.0, 20.0, Baseline::Right),
                (30.0, 10.0, 40.0, 20.0, Baseline::Right),
                (2.0, 50.0, 10.0, 55.0, Baseline::Down),
            ]
        );
        assert_eq!(page.rulings, [Ruling::down(50.0, 5.0, 95.0), Ruling::across(30.0, 20.0, 180.0),]);
        // The image's unit square lands where the turned page is.
        assert_eq!(page.placed_images[0].matrix, [0.0, 100.0, -200.0, 0.0, 200.0, 0.0]);
    }

    #[test]
    fn each_baseline_reads_left_to_right_after_its_turn() {
        for baseline in [Baseline::Right, Baseline::Down, Baseline::Left, Baseline::Up] {
            let turned = baseline.upright_turn().map_or(baseline, |turn| turn.baseline(baseline));
            assert_eq!(turned, Baseline::Right, "{baseline:?}");
        }
    }

    #[test]
    fn upright_pages_and_vertical_writing_are_not_turned() {
        let mut page = Page { width: 100.0, height: 200.0, ..Default::default() };
        page.glyphs = vec![glyph(10.0, 10.0, 20.0, 20.0, Baseline::Right), glyph(10.0, 30.0, 20.0, 40.0, Baseline::Up)];
        assert_eq!(page.upright_turn(), None, "no majority");
        page.glyphs.iter_mut().for_each(|g| g.vertical = true);
        assert_eq!(page.upright_turn(), None);
    }
}
