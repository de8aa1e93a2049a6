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
    let mut glyphs = Vec::new();
    tesseract::with_recognizers(|engines| -> Result<(), String> {
        for grid in &grids {
            for cell in &grid.cells {
                crate::deadline::check().map_err(|e| e.to_string())?;
                let rect = clamp(to_pixels(cell.bbox, CELL_INSET_POINTS), &image);
                let Some(inked) = ink_box(&ink, rect, min_ink) else {
                    continue;
                };
                let padded =
                    clamp([inked[0] - margin, inked[1] - margin, inked[2] + margin, inked[3] + margin], &image);
                let padded =
                    [padded[0].max(rect[0]), padded[1].max(rect[1]), padded[2].min(rect[2]), padded[3].min(rect[3])];
                glyphs.extend(read_cell(engines, &image, padded, &placement));
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
    Ok(Reading { glyphs, rulings, skew })
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

/// The box of the ink inside `rect`, when it holds enough to be read.
fn ink_box(ink: &raster::Ink, [x0, y0, x1, y1]: [i32; 4], min_ink: usize) -> Option<[i32; 4]> {
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let mut found = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
    let mut count = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            if ink.mask[y as usize * ink.width + x as usize] {
                count += 1;
                found = [found[0].min(x), found[1].min(y), found[2].max(x + 1), found[3].max(y + 1)];
            }
        }
    }
    (count >= min_ink).then_some(found)
}

/// Characters a number cell prints, and the letters a recognizer confuses with digits.
fn is_number_like(text: &str) -> bool {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    !text.is_empty()
        && text.chars().any(|c| c.is_ascii_digit() || "OoIl|".contains(c))
        && text.chars().all(|c| c.is_ascii_digit() || ".,-%+OoIl|—－，．".contains(c))
}

/// Cells are read at this many times their resolution when the scan is coarser than
/// [`UPSCALE_BELOW_DPI`]: characters of a small table font at 110 dpi are a dozen pixels
/// high, below what the models read well.
const CELL_UPSCALE: usize = 2;
const UPSCALE_BELOW_DPI: u32 = 200;
/// White border around a cell's crop, in pixels of the crop.
const CELL_BORDER: usize = 8;

/// Reads one cell, cut out of the page, enlarged and given a white border: as text, and again
/// with the digits-only model, whose reading is kept when the cell prints a number.
fn read_cell(engines: &mut Recognizers, image: &Gray, rect: [i32; 4], placement: &Placement) -> Vec<Glyph> {
    let scale = if placement.dpi() < UPSCALE_BELOW_DPI { CELL_UPSCALE } else { 1 };
    let crop = image.crop(rect).whitened().enlarged(scale).bordered(CELL_BORDER);
    let dpi = placement.dpi() * scale as u32;
    // Crop pixel (x, y) on the page.
    let crop_placement = Placement {
        x0: placement.x(rect[0] as f32) - CELL_BORDER as f32 * placement.x_scale / scale as f32,
        y0: placement.y(rect[1] as f32) - CELL_BORDER as f32 * placement.y_scale / scale as f32,
        x_scale: placement.x_scale / scale as f32,
        y_scale: placement.y_scale / scale as f32,
    };
    let whole = [0, 0, crop.width as i32, crop.height as i32];
    engines.text.set_image(&crop.pixels, crop.width, crop.height, dpi);
    let text = engines.text.read(whole, Segmentation::Block);
    engines.numbers.set_image(&crop.pixels, crop.width, crop.height, dpi);
    let number = engines.numbers.read(whole, Segmentation::Line);
    let chosen = tidy_number(choose_cell_reading(text, number));
    words_to_glyphs(&chosen, &crop_placement)
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

/// The text model's reading of a cell, or the digits model's when the cell prints a number.
fn choose_cell_reading(text: Vec<Word>, number: Vec<Word>) -> Vec<Word> {
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
    let unsure_short_text = text_joined.chars().filter(|c| !c.is_whitespace()).count() <= 3
        && mean_confidence(&text) < UNSURE_TEXT_CONFIDENCE
        && mean_confidence(&number) >= SURE_NUMBER_CONFIDENCE;
    if has_digit && (text_joined.trim().is_empty() || unsure_short_text) {
        return number;
    }
    text
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
