//! OCR: a page image turned into the glyphs and rulings a PDF's text layer would have given,
//! so the same layout, grid and template stages read scans as they read any PDF.
//!
//! Staged: the image is levelled (skew by projection profile), its ink found (adaptive
//! threshold), its rulings traced (long runs of ink) and handed to the ruled-grid engine in
//! page space; each cell of those grids is then read on its own (a whole-page reading mixes
//! neighbouring cells), numbers re-read by a digits-only model, and the text outside the
//! tables read as one block. Nothing here knows the report template.

pub mod raster;
pub mod tesseract;

use crate::page::{Baseline, Glyph, Ruling};
pub use raster::Gray;
use tesseract::{Recognizers, Segmentation, Word};

/// Where an upright image sits on its page: pixel `(x, y)` (top-left origin) covers page
/// points `x0 + x·x_scale … ` and `y0 + y·y_scale …` (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub x0: f32,
    pub y0: f32,
    /// Page points per pixel.
    pub x_scale: f32,
    pub y_scale: f32,
}

impl Placement {
    fn x(&self, px: f32) -> f32 {
        self.x0 + px * self.x_scale
    }
    fn y(&self, py: f32) -> f32 {
        self.y0 + py * self.y_scale
    }
    fn px(&self, x: f32) -> f32 {
        (x - self.x0) / self.x_scale
    }
    fn py(&self, y: f32) -> f32 {
        (y - self.y0) / self.y_scale
    }
    /// The image's resolution, in pixels per inch.
    pub fn dpi(&self) -> u32 {
        (72.0 / self.x_scale.abs().max(1e-3)).round() as u32
    }
}

/// What OCR read of one page image, in page space.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Ruling>,
    /// The skew corrected, in degrees.
    pub skew: f32,
    /// Table cells whose reading is doubtful: their box in page space, and why.
    pub doubts: Vec<([f32; 4], String)>,
}

/// Shortest ruling traced, in points: three times a body character, so a character's long
/// stroke (`一`, a dash) is not taken for one.
const MIN_RULING_POINTS: f32 = 30.0;
/// Shortest piece of a ruling traced between two long ones, in points: a column rule in a
/// table block one row high.
const MIN_SHORT_RULING_POINTS: f32 = 8.0;
/// Thickest ink traced as a ruling, in points: a scanned hairline blurs to a few pixels;
/// thicker is a filled area or a stamp.
const MAX_RULING_THICKNESS_POINTS: f32 = 5.0;
/// Shortest horizontal ruling painted out of the text read around the grids, in points: a
/// table's rule runs across several columns, a false one traced through bold text over a
/// few characters.
const MIN_AROUND_ERASED_POINTS: f32 = 120.0;
/// Skew below this (degrees) is left alone: turning the image costs a resampling blur.
const MIN_SKEW_DEGREES: f32 = 0.05;
/// How far inside its rulings a cell is read, in points: the rulings' own ink and the
/// residue of a skew left over must not reach the recognizer.
const CELL_INSET_POINTS: f32 = 1.5;
/// Margin of white kept around a cell's ink when it is read, in points: the recognizer
/// finds characters poorly when they touch the image's edge.
const CELL_MARGIN_POINTS: f32 = 3.0;
/// Least ink (pixels at 72 dpi, scaled by resolution) a cell must hold to be read: a
/// speck of dust is not a `.`; a thin `1` at body size is several times more.
const MIN_CELL_INK_POINTS2: f32 = 4.0;

/// Reads one page image: rulings, the cells of the grids they make, the text around them.
/// Fails only when the recognizer cannot run.
pub fn read_image(image: &Gray, placement: Placement) -> Result<Reading, String> {
    tesseract::availability()?;
    let ink = image.ink();
    let skew = ink.skew_degrees();
    let (image, ink) = if skew.abs() >= MIN_SKEW_DEGREES {
        let level = image.levelled(skew);
        let ink = level.ink();
        (level, ink)
    } else {
        (image.clone(), ink)
    };
    crate::deadline::check().map_err(|e| e.to_string())?;
    let pixels = |points: f32| (points / placement.x_scale.abs()).round().max(2.0) as usize;
    let (long, short) = (pixels(MIN_RULING_POINTS), pixels(MIN_SHORT_RULING_POINTS));
    let traced = ink.rulings(long, short, pixels(MAX_RULING_THICKNESS_POINTS));
    let rulings: Vec<Ruling> = traced
        .iter()
        .map(|r| {
            if r.horizontal {
                Ruling {
                    horizontal: true,
                    pos: placement.y(r.pos),
                    start: placement.x(r.start as f32),
                    end: placement.x(r.end as f32),
                    width: r.thickness as f32 * placement.y_scale,
                }
            } else {
                Ruling {
                    horizontal: false,
                    pos: placement.x(r.pos),
                    start: placement.y(r.start as f32),
                    end: placement.y(r.end as f32),
                    width: r.thickness as f32 * placement.x_scale,
                }
            }
        })
        .collect();
    let grids = crate::grid::ruled_grids(&rulings);
    // Cells are read with the rulings painted out: a ruling's edge left in a crop reads as
    // `|`, `1` or `-`.
    // The text around the ruled grids is read with the long horizontal rulings painted out:
    // the rows of a table ruled only across read badly through their rules. Shorter ones may
    // be false rulings traced through a line of bold text, and painting out vertical ones
    // cost body text a few percent of its characters (measured on the sample's scans).
    let mut around = image.clone();
    for r in traced.iter().filter(|r| r.horizontal && r.end - r.start >= pixels(MIN_AROUND_ERASED_POINTS)) {
        erase(&mut around, r);
    }
    let mut outside = around.pixels;
    let mut image = image;
    for r in &traced {
        erase(&mut image, r);
    }
    let ink = image.ink();
    let dpi = placement.dpi();
    let to_pixels = |[x0, y0, x1, y1]: [f32; 4], inset: f32| -> [i32; 4] {
        let inset_x = inset / placement.x_scale;
        let inset_y = inset / placement.y_scale;
        [
            (placement.px(x0) + inset_x).round() as i32,
            (placement.py(y0) + inset_y).round() as i32,
            (placement.px(x1) - inset_x).round() as i32,
            (placement.py(y1) - inset_y).round() as i32,
        ]
    };
    let min_ink = (MIN_CELL_INK_POINTS2 / (placement.x_scale * placement.y_scale)).ceil() as usize;
    let margin = (CELL_MARGIN_POINTS / placement.x_scale).round() as i32;
    let speck = (SPECK_POINTS2 / (placement.x_scale * placement.y_scale)).ceil() as usize;
    let residue = (RESIDUE_POINTS / placement.x_scale).round().max(1.0) as usize;
    let mut glyphs = Vec::new();
    let mut doubts = Vec::new();
    tesseract::with_recognizers(|engines| -> Result<(), String> {
        for grid in &grids {
            let mut readings = Vec::new();
            for cell in &grid.cells {
                crate::deadline::check().map_err(|e| e.to_string())?;
                let rect = clamp(to_pixels(cell.bbox, CELL_INSET_POINTS), &image);
                let Some(inked) = cell_ink(&ink, rect, min_ink, speck, residue) else {
                    continue;
                };
                let padded = clamp(
                    [inked.bbox[0] - margin, inked.bbox[1] - margin, inked.bbox[2] + margin, inked.bbox[3] + margin],
                    &image,
                );
                let padded =
                    [padded[0].max(rect[0]), padded[1].max(rect[1]), padded[2].min(rect[2]), padded[3].min(rect[3])];
                let crop = cleaned_crop(&image, padded, &inked.kept);
                let mut reading = read_cell(engines, &crop, padded, &placement);
                reading.bbox = cell.bbox;
                readings.push(((cell.col, cell.col_span), reading));
            }
            let numeric = numeric_columns(&readings);
            for ((col, span), reading) in readings {
                let in_numeric_column = span == 1 && numeric.contains(&col);
                // Which cells to doubt is said here, where both readings are known.
                let disagreement = models_disagree(&reading.text, &reading.number);
                let chosen = tidy_number(choose_cell_reading(reading.text, reading.number, in_numeric_column));
                if is_number_like(&joined(&chosen)) {
                    doubts.extend(disagreement.map(|why| (reading.bbox, why)));
                }
                glyphs.extend(words_to_glyphs(&chosen, &reading.placement));
            }
        }
        // The text around the tables, with the tables painted out.
        for grid in &grids {
            let [x0, y0, x1, y1] = clamp(to_pixels(grid.bbox, -CELL_INSET_POINTS), &image);
            for y in y0..y1 {
                let row = y as usize * image.width;
                outside[row + x0 as usize..row + x1 as usize].fill(255);
            }
        }
        crate::deadline::check().map_err(|e| e.to_string())?;
        engines.text.set_image(&outside, image.width, image.height, dpi);
        let symbols = engines.text.read([0, 0, image.width as i32, image.height as i32], Segmentation::Block);
        glyphs.extend(words_to_glyphs(&symbols, &placement));
        Ok(())
    })??;
    Ok(Reading { glyphs, rulings, skew, doubts })
}

/// Extra pixels painted white on each side of a ruling's traced thickness: its blurred edge.
const ERASE_MARGIN_PIXELS: usize = 2;

/// Paints a ruling white.
fn erase(image: &mut Gray, r: &raster::PixelRuling) {
    let half = r.thickness / 2 + ERASE_MARGIN_PIXELS;
    let centre = r.pos as usize;
    let (across0, across1) = (centre.saturating_sub(half), centre + half + 1);
    for along in r.start..r.end {
        for across in across0..across1 {
            let (x, y) = if r.horizontal { (along, across) } else { (across, along) };
            if x < image.width && y < image.height {
                image.pixels[y * image.width + x] = 255;
            }
        }
    }
}

fn clamp([x0, y0, x1, y1]: [i32; 4], image: &Gray) -> [i32; 4] {
    let (w, h) = (image.width as i32, image.height as i32);
    [x0.clamp(0, w), y0.clamp(0, h), x1.clamp(0, w), y1.clamp(0, h)]
}

/// Pieces of ink smaller than this (points², at any resolution) are dust when they stand
/// apart from a cell's text: a scan's specks are one to three pixels at 96 dpi (2 pt² is
/// 3.5 pixels there), the smallest stroke of a digit at body size twice as much. A decimal
/// point is as small, but stands between digits, inside the text's box, where nothing is
/// taken away.
const SPECK_POINTS2: f32 = 2.0;
/// Thickest piece of ink along a cell's edge taken for the residue of a ruling painted out,
/// in points: the blur a skewed or uneven rule leaves beyond what was erased is a pixel or
/// two wide; a character standing against the edge is far wider.
const RESIDUE_POINTS: f32 = 1.5;
/// How far from the ink kept a pixel of a cell's crop may be and keep its grey, in pixels:
/// a glyph's blurred edge lies within a pixel of what the threshold called ink; paler
/// residue and dust further off are painted white, as the recognizer reads them as marks.
const KEEP_RADIUS_PIXELS: usize = 1;

/// What a cell holds to be read: the box of its text, and which of its pixels to keep.
#[derive(Debug, Clone, PartialEq)]
struct CellInk {
    /// `[left, top, right, bottom)` of the text, in page pixels.
    bbox: [i32; 4],
    /// The ink pixels kept (the text's pieces and whatever stands inside its box).
    kept: Vec<(usize, usize)>,
}

/// The text a cell holds inside `rect`, without the dust around it and the residue of
/// rulings along its edges, when it holds enough to be read: `min_ink` pixels of text
/// pieces, each at least `speck` pixels, a piece along an edge no thicker than `residue`
/// being residue.
fn cell_ink(ink: &raster::Ink, rect: [i32; 4], min_ink: usize, speck: usize, residue: usize) -> Option<CellInk> {
    let [x0, y0, x1, y1] = rect;
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let pieces = ink.components([x0 as usize, y0 as usize, x1 as usize, y1 as usize]);
    let (x0, y0, x1, y1) = (x0 as usize, y0 as usize, x1 as usize, y1 as usize);
    let is_residue = |b: &[usize; 4]| {
        let (w, h) = (b[2] - b[0], b[3] - b[1]);
        ((b[0] == x0 || b[2] == x1) && w <= residue) || ((b[1] == y0 || b[3] == y1) && h <= residue)
    };
    let text: Vec<&raster::Component> =
        pieces.iter().filter(|c| c.pixels.len() >= speck && !is_residue(&c.bbox)).collect();
    if text.iter().map(|c| c.pixels.len()).sum::<usize>() < min_ink {
        return None;
    }
    let mut bbox = [usize::MAX, usize::MAX, 0, 0];
    for c in &text {
        bbox = [bbox[0].min(c.bbox[0]), bbox[1].min(c.bbox[1]), bbox[2].max(c.bbox[2]), bbox[3].max(c.bbox[3])];
    }
    let inside = |b: &[usize; 4]| b[0] >= bbox[0] && b[1] >= bbox[1] && b[2] <= bbox[2] && b[3] <= bbox[3];
    let kept = pieces.iter().filter(|c| inside(&c.bbox)).flat_map(|c| c.pixels.iter().copied()).collect();
    Some(CellInk { bbox: bbox.map(|v| v as i32), kept })
}

/// The part `rect` of the page with every pixel further than [`KEEP_RADIUS_PIXELS`] from
/// the ink kept painted white.
fn cleaned_crop(image: &Gray, rect: [i32; 4], kept: &[(usize, usize)]) -> Gray {
    let mut crop = image.crop(rect);
    let (left, top) = (rect[0].max(0) as usize, rect[1].max(0) as usize);
    let mut near = vec![false; crop.pixels.len()];
    let r = KEEP_RADIUS_PIXELS;
    for &(x, y) in kept {
        for ny in y.saturating_sub(r)..=y + r {
            for nx in x.saturating_sub(r)..=x + r {
                if nx >= left && ny >= top && nx - left < crop.width && ny - top < crop.height {
                    near[(ny - top) * crop.width + nx - left] = true;
                }
            }
        }
    }
    for (p, near) in crop.pixels.iter_mut().zip(near) {
        if !near {
            *p = 255;
        }
    }
    crop
}

/// Characters a number cell prints, and the letters a recognizer confuses with digits.
fn is_number_like(text: &str) -> bool {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !text.is_empty()
        && text.chars().any(|c| c.is_ascii_digit() || "OoIl|".contains(c))
        && text.chars().all(|c| c.is_ascii_digit() || ".,-%+OoIl|—－，．".contains(c))
}

/// Cells are read by the text model at this many times their resolution when the scan is
/// coarser than [`UPSCALE_BELOW_DPI`]: characters of a small table font at 110 dpi are a
/// dozen pixels high, below what the models read well. More blurs CJK strokes the model then
/// misreads (measured on the sample's scans: labels of t4 lost at 3×).
const CELL_UPSCALE: usize = 2;
/// The same for the digits model, which reads a cell made black and white: at 2× a lone `0`
/// at 96 dpi is read as nothing about one time in three, at 3× hardly ever (measured on the
/// sample's scans).
const NUMBER_UPSCALE: usize = 3;
const UPSCALE_BELOW_DPI: u32 = 200;
/// White border around a cell's crop, in pixels of the crop.
const CELL_BORDER: usize = 8;

/// Reads one cell, `cell` cut out of the page at `rect`, enlarged and given a white border:
/// as text, and with the digits-only model on the cell made black and white. A text reading
/// that is empty or doubted is tried again as one line (Tesseract's block segmentation finds
/// no line in a two-character label such as `规章` now and then) and on the black and white
/// crop; the surest of the three is kept.
fn read_cell(engines: &mut Recognizers, cell: &Gray, rect: [i32; 4], placement: &Placement) -> CellReading {
    let low = placement.dpi() < UPSCALE_BELOW_DPI;
    let (scale, number_scale) = if low { (CELL_UPSCALE, NUMBER_UPSCALE) } else { (1, 1) };
    let whitened = cell.whitened();
    let crop = whitened.enlarged(scale).bordered(CELL_BORDER);
    let binary = whitened.enlarged(number_scale).binarized().bordered(CELL_BORDER);
    // Crop pixel (x, y) on the page.
    let crop_placement = Placement {
        x0: placement.x(rect[0] as f32) - CELL_BORDER as f32 * placement.x_scale / scale as f32,
        y0: placement.y(rect[1] as f32) - CELL_BORDER as f32 * placement.y_scale / scale as f32,
        x_scale: placement.x_scale / scale as f32,
        y_scale: placement.y_scale / scale as f32,
    };
    let whole = |image: &Gray| [0, 0, image.width as i32, image.height as i32];
    let border = CELL_BORDER as i32;
    engines.text.set_image(&crop.pixels, crop.width, crop.height, placement.dpi() * scale as u32);
    let mut text = engines.text.read(whole(&crop), Segmentation::Block);
    if text.iter().all(|w| w.text.trim().is_empty()) || mean_confidence(&text) < UNSURE_TEXT_CONFIDENCE {
        let as_line = engines.text.read(whole(&crop), Segmentation::Line);
        engines.text.set_image(&binary.pixels, binary.width, binary.height, placement.dpi() * number_scale as u32);
        let in_black_and_white = engines.text.read(whole(&binary), Segmentation::Block);
        for again in [as_line, rescaled(in_black_and_white, number_scale, scale, border)] {
            text = surer(text, again);
        }
    }
    engines.numbers.set_image(&binary.pixels, binary.width, binary.height, placement.dpi() * number_scale as u32);
    let number = engines.numbers.read(whole(&binary), Segmentation::Line);
    let number = rescaled(number, number_scale, scale, border);
    CellReading { text, number, placement: crop_placement, bbox: [0.0; 4] }
}

/// Of two readings of the same crop, the one read with more confidence; an empty one loses.
fn surer(first: Vec<Word>, second: Vec<Word>) -> Vec<Word> {
    let empty = |words: &[Word]| words.iter().all(|w| w.text.trim().is_empty());
    if empty(&second) || (!empty(&first) && mean_confidence(&first) >= mean_confidence(&second)) {
        first
    } else {
        second
    }
}

/// What the two recognizers read of one cell, and where the crop they read stands on the page.
struct CellReading {
    text: Vec<Word>,
    number: Vec<Word>,
    placement: Placement,
    /// The cell's box in page space.
    bbox: [f32; 4],
}

/// The columns of a grid (cells one column wide) where more cells read as numbers than as
/// text: a short text reading there is more likely a misread number (`7` as `了`) than a word.
fn numeric_columns(readings: &[((usize, usize), CellReading)]) -> Vec<usize> {
    let mut votes: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for ((col, span), reading) in readings {
        if *span != 1 {
            continue;
        }
        let chosen = joined(&choose_cell_reading(reading.text.clone(), reading.number.clone(), false));
        let vote = votes.entry(*col).or_default();
        if is_number_like(&chosen) {
            vote.0 += 1;
        } else if !chosen.trim().is_empty() {
            vote.1 += 1;
        }
    }
    votes.into_iter().filter(|(_, (numbers, words))| numbers > words).map(|(col, _)| col).collect()
}

/// Words read on a crop enlarged `from` times (inside a white border of `border` pixels)
/// placed on the same crop enlarged `to` times.
fn rescaled(mut words: Vec<Word>, from: usize, to: usize, border: i32) -> Vec<Word> {
    if from == to {
        return words;
    }
    let (from, to) = (from.max(1) as i32, to.max(1) as i32);
    let at = |v: i32| ((v - border) * to + from / 2).div_euclid(from) + border;
    for w in &mut words {
        w.bbox = w.bbox.map(at);
        w.line = w.line.map(at);
    }
    words
}

/// Marks a recognizer reads at the ends of a number from the specks and ruling residue of a
/// scanned cell: `:0`, `0.`, `”0`, `0-`. A leading `-` is a sign and stays.
const STRAY_BEFORE_NUMBER: &[char] = &['.', ',', ':', ';', '\'', '"', '“', '”', '‘', '’', '|', '、', '，', '。'];
const STRAY_AFTER_NUMBER: &[char] = &['.', ',', ':', ';', '-', '\'', '"', '“', '”', '‘', '’', '|', '、', '，', '。'];

/// A cell's reading with stray marks at the ends of the number it prints taken off.
fn tidy_number(mut words: Vec<Word>) -> Vec<Word> {
    let text: String = words.iter().map(|w| w.text.as_str()).collect();
    let tidy = text.trim().trim_start_matches(STRAY_BEFORE_NUMBER).trim_end_matches(STRAY_AFTER_NUMBER);
    if tidy.is_empty() || tidy.len() == text.trim().len() || !is_number_like(tidy) {
        return words;
    }
    words.retain(|w| !w.text.trim().trim_matches(STRAY_BEFORE_NUMBER).trim_matches(STRAY_AFTER_NUMBER).is_empty());
    if let Some(first) = words.first_mut() {
        first.text = first.text.trim().trim_start_matches(STRAY_BEFORE_NUMBER).to_string();
    }
    if let Some(last) = words.last_mut() {
        last.text = last.text.trim().trim_end_matches(STRAY_AFTER_NUMBER).to_string();
    }
    words
}

fn joined(words: &[Word]) -> String {
    words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

fn mean_confidence(words: &[Word]) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    words.iter().map(|w| w.confidence).sum::<f32>() / words.len() as f32
}

/// Confidence (0 to 100) under which the text model's reading of a short cell is doubted.
const UNSURE_TEXT_CONFIDENCE: f32 = 60.0;
/// Confidence from which the digits model's reading replaces a doubted one.
const SURE_NUMBER_CONFIDENCE: f32 = 80.0;

/// Most characters (spaces aside) of a text reading that may be a misread number: `了`,
/// `]8`, `二 了`; the labels of number columns that are as short (`总计`, `其他`) the digits
/// model reads as nothing.
const SHORT_TEXT_CHARS: usize = 3;
/// Confidence from which the digits model's reading replaces a short text reading in a
/// column of numbers.
const COLUMN_NUMBER_CONFIDENCE: f32 = 70.0;

/// The text model's reading of a cell, or the digits model's when the cell prints a number.
fn choose_cell_reading(text: Vec<Word>, number: Vec<Word>, in_numeric_column: bool) -> Vec<Word> {
    let text_joined = joined(&text);
    let number_joined = joined(&number);
    // The digits model reads numbers better, but drops a leading digit now and then
    // (`107648` as `07648`, `363` as `63`) that the text model keeps: a text reading that
    // holds the digits one and more wins.
    if is_number_like(&text_joined) {
        let digits = |s: &str| -> String {
            s.replace(['O', 'o'], "0").replace(['I', 'l', '|'], "1").chars().filter(|c| !c.is_whitespace()).collect()
        };
        let (read_as_text, read_as_number) = (digits(&text_joined), digits(&number_joined));
        // The digits model's reading lacks digits the text model read around it.
        let holds_more = read_as_text.len() > read_as_number.len() && read_as_text.contains(read_as_number.as_str());
        if !read_as_number.chars().any(|c| c.is_ascii_digit()) {
            return text;
        }
        if holds_more {
            return text
                .into_iter()
                .map(|mut w| {
                    w.text = digits(&w.text);
                    w
                })
                .collect();
        }
        return number;
    }
    let has_digit = number_joined.chars().any(|c| c.is_ascii_digit());
    // A digit the text model took for a character (`1` as `工`) it reads with little
    // confidence, where the digits model is sure.
    let short_text = text_joined.chars().filter(|c| !c.is_whitespace()).count() <= SHORT_TEXT_CHARS;
    let unsure_short_text = short_text
        && mean_confidence(&text) < UNSURE_TEXT_CONFIDENCE
        && mean_confidence(&number) >= SURE_NUMBER_CONFIDENCE;
    // In a column of numbers the digits model is believed over a short word when it is
    // fairly sure (`7` read `了` at 94 by the text model, at 96 by the digits model).
    let number_in_its_column = in_numeric_column && short_text && mean_confidence(&number) >= COLUMN_NUMBER_CONFIDENCE;
    // A reading of marks alone (`】`, `]8`, `[5`) is no word: the strokes of digits the text
    // model took for brackets.
    let no_word = !text_joined.chars().any(char::is_alphabetic);
    if has_digit && (no_word || unsure_short_text || number_in_its_column) {
        return number;
    }
    text
}

/// The digits a reading holds, with the letters a recognizer confuses with digits read as
/// the digits they stand for.
fn digits_read(words: &[Word]) -> String {
    joined(words)
        .chars()
        .filter_map(|c| match c {
            'O' | 'o' => Some('0'),
            'I' | 'l' | '|' => Some('1'),
            c if c.is_ascii_digit() => Some(c),
            _ => None,
        })
        .collect()
}

/// Confidence (0 to 100) from which a number the text model alone read is believed: a cell's
/// number read cleanly scores 85 to 97, one a model half guesses (a digit lost beside it)
/// scores far less.
const LONE_NUMBER_CONFIDENCE: f32 = 75.0;

/// Why a cell's two readings make its number doubtful, if they do: the text model and the
/// digits model both read digits and neither's are part of the other's (`1` and `2` for a
/// printed `12`), or only the text model read digits, unsurely. One reading holding the other's digits and more (`18` and `8`) is a digit
/// dropped by one model, which [`choose_cell_reading`] resolves by keeping the longer; signs
/// and decimal points, which one model often leaves out, are not compared.
fn models_disagree(text: &[Word], number: &[Word]) -> Option<String> {
    let (as_text, as_number) = (digits_read(text), digits_read(number));
    // The digits model found no number in ink the text model read as one (`6` of a printed
    // `76`): believed only when the text model is sure.
    let text_confidence = mean_confidence(text);
    if !as_text.is_empty() && as_number.is_empty() && text_confidence < LONE_NUMBER_CONFIDENCE {
        return Some(format!(
            "read {} by the text model with confidence {:.2}, nothing by the digits model",
            joined(text).trim(),
            text_confidence / 100.0
        ));
    }
    if as_text.is_empty() || as_number.is_empty() || as_text.contains(&as_number) || as_number.contains(&as_text) {
        return None;
    }
    Some(format!("read {} by the text model, {} by the digits model", joined(text).trim(), joined(number).trim()))
}

/// Words in image pixels to glyphs in page space. The recognizer's own reading order is
/// kept: the characters of each run of words on a text line are spread evenly over the
/// run's box (the boxes the LSTM models give single characters overlap their neighbours,
/// and read back by position they would scramble the line). Runs are cut where words stand
/// wide apart, as the cells of an unruled table do, so that columns keep their places. A
/// word's confidence becomes each of its glyphs' (0 to 1).
fn words_to_glyphs(words: &[Word], placement: &Placement) -> Vec<Glyph> {
    let mut glyphs: Vec<Glyph> = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let line_height = (words[start].line[3] - words[start].line[1]).max(1) as f32;
        let end = (start + 1..words.len())
            .find(|&i| {
                words[i].line_start
                    || (words[i].bbox[0] - words[i - 1].bbox[2]) as f32 > COLUMN_GAP_LINE_HEIGHTS * line_height
            })
            .unwrap_or(words.len());
        let space_before = start > 0 && !words[start].line_start;
        glyphs.extend(run_glyphs(&words[start..end], space_before, placement));
        start = end;
    }
    glyphs
}

/// A gap between words wider than this many line heights separates columns, not words.
const COLUMN_GAP_LINE_HEIGHTS: f32 = 1.0;

/// The glyphs of one run of words: (character, confidence, space before) spread over the
/// run's box, from the top to the bottom of its text line.
fn run_glyphs(words: &[Word], space_first: bool, placement: &Placement) -> Vec<Glyph> {
    let mut chars: Vec<(char, f32, bool)> = Vec::new();
    for word in words {
        // Latin words keep their spaces; CJK text has none between its characters.
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let mut first = true;
        for c in word.text.chars().filter(|c| !c.is_whitespace()) {
            let space = first && latin(Some(c)) && latin(chars.last().map(|p| p.0));
            chars.push((c, word.confidence, space));
            first = false;
        }
    }
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Vec::new();
    };
    if let Some(c) = chars.first_mut() {
        c.2 = space_first;
    }
    let (l, r) = (first.bbox[0], last.bbox[2].max(first.bbox[0] + 1));
    // The line's top and bottom, or the words' when the recognizer gave no line.
    let [_, mut t, _, mut b] = first.line;
    if b <= t {
        t = words.iter().map(|w| w.bbox[1]).min().unwrap_or(0);
        b = words.iter().map(|w| w.bbox[3]).max().unwrap_or(t + 1);
    }
    let size = (b - t).max(1) as f32 * placement.y_scale;
    let step = (r - l) as f32 / chars.len().max(1) as f32;
    chars
        .iter()
        .enumerate()
        .map(|(i, &(c, confidence, space_before))| Glyph {
            text: c.to_string(),
            x0: placement.x(l as f32 + step * i as f32),
            y0: placement.y(t as f32),
            x1: placement.x(l as f32 + step * (i + 1) as f32),
            y1: placement.y(b as f32),
            size,
            vertical: false,
            baseline: Baseline::Right,
            space_before,
            confidence: Some((confidence / 100.0).clamp(0.0, 1.0)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_stray_marks_off_the_ends_of_a_number() {
        let word = |text: &str| Word {
            text: text.into(),
            bbox: [0, 0, 10, 10],
            line: [0, 0, 10, 10],
            confidence: 90.0,
            line_start: true,
        };
        let tidy = |texts: &[&str]| -> String {
            tidy_number(texts.iter().map(|t| word(t)).collect())
                .iter()
                .map(|w| w.text.clone())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(tidy(&[":0"]), "0");
        assert_eq!(tidy(&["0."]), "0");
        assert_eq!(tidy(&["”", "12"]), "12");
        assert_eq!(tidy(&["0-"]), "0");
        assert_eq!(tidy(&["-1"]), "-1");
        assert_eq!(tidy(&["130.46"]), "130.46");
        assert_eq!(tidy(&["规章"]), "规章");
        assert_eq!(tidy(&["、"]), "、");
    }

    fn word(text: &str, confidence: f32) -> Word {
        Word { text: text.into(), bbox: [8, 8, 20, 20], line: [8, 8, 20, 20], confidence, line_start: true }
    }

    fn texts(words: &[Word]) -> String {
        joined(words)
    }

    fn blank_page(width: usize, height: usize) -> Gray {
        Gray { width, height, pixels: vec![250; width * height] }
    }

    fn paint(page: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize, level: u8) {
        for y in y0..y1 {
            for x in x0..x1 {
                page.pixels[y * page.width + x] = level;
            }
        }
    }

    #[test]
    fn a_cell_s_text_box_leaves_out_dust_and_ruling_residue() {
        let mut page = blank_page(100, 40);
        paint(&mut page, 40, 12, 48, 26, 30); // a digit, 8 by 14
        paint(&mut page, 45, 24, 46, 25, 30); // a speck inside its box: kept
        paint(&mut page, 80, 5, 82, 6, 30); // dust far off: 2 pixels
        paint(&mut page, 10, 10, 12, 30, 30); // residue of a ruling along the left edge, 2 wide
        let ink = page.ink();
        let cell = cell_ink(&ink, [10, 5, 95, 35], 20, 4, 2).expect("text");
        assert_eq!(cell.bbox, [40, 12, 48, 26]);
        assert_eq!(cell.kept.len(), 8 * 14);
        assert!(cell.kept.contains(&(45, 24)) && !cell.kept.contains(&(80, 5)) && !cell.kept.contains(&(10, 10)));
        // Dust and residue alone are no text.
        let mut empty = blank_page(100, 40);
        paint(&mut empty, 80, 5, 82, 6, 30);
        paint(&mut empty, 10, 10, 12, 30, 30);
        assert_eq!(cell_ink(&empty.ink(), [10, 5, 95, 35], 20, 4, 2), None);
    }

    #[test]
    fn a_cleaned_crop_keeps_grey_only_next_to_the_ink_kept() {
        let mut page = blank_page(10, 3);
        paint(&mut page, 0, 0, 10, 3, 200); // pale residue everywhere
        paint(&mut page, 4, 1, 5, 2, 20); // the ink kept
        let crop = cleaned_crop(&page, [2, 0, 9, 3], &[(4, 1)]);
        assert_eq!((crop.width, crop.height), (7, 3));
        // Within a pixel of (4, 1), crop columns 1 to 3 keep their grey; the rest is white.
        let row = |y: usize| crop.pixels[y * 7..(y + 1) * 7].to_vec();
        assert_eq!(row(0), [255, 200, 200, 200, 255, 255, 255]);
        assert_eq!(row(1), [255, 200, 20, 200, 255, 255, 255]);
    }

    #[test]
    fn words_read_on_a_larger_crop_are_placed_on_the_smaller_one() {
        let mut words = vec![word("0", 90.0)];
        words[0].bbox = [8, 8, 38, 68];
        words[0].line = [8, 5, 38, 71];
        // 3 times larger inside the same 8-pixel border: (x - 8) * 2 / 3 + 8.
        let placed = rescaled(words.clone(), 3, 2, 8);
        assert_eq!(placed[0].bbox, [8, 8, 28, 48]);
        assert_eq!(placed[0].line, [8, 6, 28, 50]);
        assert_eq!(rescaled(words.clone(), 2, 2, 8), words);
    }

    #[test]
    fn the_surer_reading_wins_and_an_empty_one_loses() {
        assert_eq!(texts(&surer(vec![word("窜合", 10.0)], vec![word("规章", 80.0)])), "规章");
        assert_eq!(texts(&surer(vec![word("规章", 80.0)], vec![word("窜合", 10.0)])), "规章");
        assert_eq!(texts(&surer(vec![], vec![word("0", 5.0)])), "0");
        assert_eq!(texts(&surer(vec![word("其他", 5.0)], vec![word(" ", 95.0)])), "其他");
    }

    #[test]
    fn a_short_word_in_a_column_of_numbers_is_a_misread_number() {
        let cell = |text: &str, tc: f32, number: &str, nc: f32| CellReading {
            text: vec![word(text, tc)],
            number: if number.is_empty() { vec![] } else { vec![word(number, nc)] },
            placement: Placement { x0: 0.0, y0: 0.0, x_scale: 1.0, y_scale: 1.0 },
            bbox: [0.0; 4],
        };
        // Column 1 reads numbers (3 against a label and `了`), column 0 labels; column 2's
        // cell spans two columns and does not vote.
        let readings = vec![
            ((0, 1), cell("规章", 95.0, "", 0.0)),
            ((1, 1), cell("本年新制作数量", 90.0, "", 0.0)),
            ((1, 1), cell("0", 96.0, "0", 90.0)),
            ((1, 1), cell("12", 96.0, "12", 90.0)),
            ((1, 1), cell("5", 96.0, "5", 92.0)),
            ((1, 1), cell("了", 94.0, "7", 96.0)),
            ((0, 1), cell("其他", 95.0, "", 0.0)),
            ((2, 2), cell("3", 95.0, "3", 90.0)),
        ];
        assert_eq!(numeric_columns(&readings), vec![1]);
        let choose = |text: &str, number: &str, nc: f32, numeric: bool| {
            texts(&choose_cell_reading(vec![word(text, 94.0)], vec![word(number, nc)], numeric))
        };
        assert_eq!(choose("了", "7", 96.0, true), "7");
        assert_eq!(choose("了", "7", 96.0, false), "了");
        // The digits model unsure, or the text too long to be a misread number: text kept.
        assert_eq!(choose("了", "7", 50.0, true), "了");
        assert_eq!(choose("政府信息", "1", 96.0, true), "政府信息");
        // Marks alone are no word, wherever they stand and however unsure the digits model.
        assert_eq!(choose("】", "1", 30.0, false), "1");
        assert_eq!(choose("]8", "18", 30.0, false), "18");
        assert_eq!(choose("】", "", 0.0, false), "】");
    }

    #[test]
    fn two_models_disagree_when_neither_reads_the_other_s_digits() {
        let disagree = |text: &str, number: &str| models_disagree(&[word(text, 90.0)], &[word(number, 90.0)]);
        // A printed `12` whose thin `1` the digits model lost and the text model kept alone.
        assert_eq!(disagree("1", "2").as_deref(), Some("read 1 by the text model, 2 by the digits model"));
        assert_eq!(disagree("4", "+1").as_deref(), Some("read 4 by the text model, +1 by the digits model"));
        // One reading holding the other's digits, or the same digits with marks, a sign, a
        // decimal point or look-alike letters: no disagreement.
        for (text, number) in [("8", "18"), ("14", "4"), ("0 ，", "0"), ("6l29", "6129.88"), ("-3", "3"), ("1O", "10")]
        {
            assert_eq!(disagree(text, number), None, "{text} {number}");
        }
        // A word read by the text model: nothing to compare.
        assert_eq!(disagree("工", "1"), None);
        // A number the text model alone read is doubted unless it read it surely.
        assert_eq!(models_disagree(&[word("0", 90.0)], &[]), None);
        assert_eq!(
            models_disagree(&[word("6", 68.0)], &[]).as_deref(),
            Some("read 6 by the text model with confidence 0.68, nothing by the digits model")
        );
    }

    #[test]
    fn tells_number_cells_from_text_cells() {
        for number in ["0", "1,234", "-1", "130.46", "O", "1O", "12%"] {
            assert!(is_number_like(number), "{number}");
        }
        for text in ["行政许可", "", "其他", "A1"] {
            assert!(!is_number_like(text), "{text}");
        }
    }

    #[test]
    fn places_words_on_the_page_in_runs_with_their_confidence() {
        let placement = Placement { x0: 10.0, y0: 20.0, x_scale: 0.5, y_scale: 0.5 };
        let word = |text: &str, l: i32, r: i32, line_start: bool| Word {
            text: text.into(),
            bbox: [l, 100, r, 120],
            line: [0, 98, 400, 122],
            confidence: 87.5,
            line_start,
        };
        // 本年 and AB touch: one run of 4 characters over 0..80 pixels. C stands a line
        // height (24 pixels) and more away: a run of its own.
        let glyphs = words_to_glyphs(
            &[word("本年", 0, 40, true), word("AB", 40, 80, false), word("C", 200, 210, false)],
            &placement,
        );
        type Placed<'a> = (&'a str, f32, f32, f32, f32, bool, Option<f32>);
        let summary: Vec<Placed> =
            glyphs.iter().map(|g| (g.text.as_str(), g.x0, g.x1, g.y0, g.size, g.space_before, g.confidence)).collect();
        assert_eq!(
            summary,
            vec![
                ("本", 10.0, 20.0, 69.0, 12.0, false, Some(0.875)),
                ("年", 20.0, 30.0, 69.0, 12.0, false, Some(0.875)),
                ("A", 30.0, 40.0, 69.0, 12.0, false, Some(0.875)),
                ("B", 40.0, 50.0, 69.0, 12.0, false, Some(0.875)),
                ("C", 110.0, 115.0, 69.0, 12.0, true, Some(0.875)),
            ]
        );
    }
}
