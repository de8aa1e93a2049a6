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
    /// Written top to bottom (an `Identity-V` font).
    pub vertical: bool,
    /// A space was shown just before this glyph.
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
    /// Glyphs whose font gave no Unicode text.
    pub unreadable: usize,
    /// The page's content could not be read whole (missing or damaged objects, a limit hit):
    /// what it holds may be incomplete.
    pub damaged: bool,
    /// The last glyph shown was a space (for the next glyph's `space_before`).
    #[serde(skip)]
    pub pending_space: bool,
}
