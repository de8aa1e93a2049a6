//! Page images as 8-bit grey rasters, and the measures taken on them before OCR: skew,
//! ink, and the table rulings a scanner printed as pixels.

/// An 8-bit grey image, row by row; 0 is black, 255 white.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// A ruling found in an image, in pixels: a horizontal one at row `pos` from column `start`
/// to `end`, a vertical one at column `pos` from row `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelRuling {
    pub horizontal: bool,
    pub pos: f32,
    pub start: usize,
    pub end: usize,
    pub thickness: usize,
}

/// Largest skew searched, in degrees: a page fed by hand sits within a degree or two; more
/// is a rotated page, not a skewed one.
const MAX_SKEW_DEGREES: f32 = 3.0;
/// Step of the skew search, in degrees: over a 1,000-pixel line 0.1° moves an end by under
/// two pixels, within a ruling's thickness.
const SKEW_STEP_DEGREES: f32 = 0.1;
/// Every how many pixels, in both directions, the skew measure samples the ink: the
/// profile's peak needs no more.
const SKEW_SAMPLE_STEP: usize = 2;
/// Share of the image along each edge that the skew measure ignores, in percent.
const SKEW_MARGIN_PERCENT: usize = 4;
/// The share of a cell's pixels, in percent, that are ink or darker than its paper: a cell's
/// text covers far less than this.
const BACKGROUND_PERCENTILE: usize = 60;
/// Window of the adaptive threshold, as a fraction of the page width: a few characters
/// wide, so uneven lighting and yellowed paper do not turn into ink.
const THRESHOLD_WINDOW_FRACTION: f32 = 0.03;
/// How much darker than its neighbourhood a pixel must be to be ink (grey levels): scanner
/// noise on white paper stays under it.
const INK_CONTRAST: i32 = 18;
/// Least difference between paper and the darkest ink (grey levels) for an image to be made
/// black and white: below it the darkest pixels are the paper's own noise, which a cut would
/// turn into specks.
const MIN_BINARIZE_CONTRAST: u32 = 2 * INK_CONTRAST as u32;
/// Gaps along a ruling bridged when following it, in pixels: a thin line printed and
/// scanned breaks into dashes here and there.
const RULING_GAP_PIXELS: usize = 1;
/// Most ink a ruling may have beside it (see [`Ink::side_ink`]): text touching a rule here
/// and there stays under it, a character's own strokes do not.
const MAX_SIDE_INK: f32 = 0.3;
/// The same for a short ruling, which has no length to average a touching character over.
const MAX_SHORT_SIDE_INK: f32 = 0.15;
/// How far beyond a ruling's half thickness its sides are looked at, in pixels.
const SIDE_OFFSET_PIXELS: usize = 2;
/// How far the end of a short ruling may stop short of (or run past) the ruling it meets,
/// beyond their half thicknesses, in pixels: a scanned corner is rounded and blurred.
const RULING_END_SLACK_PIXELS: usize = 2;

impl Gray {
    pub fn new(width: usize, height: usize, pixels: Vec<u8>) -> Option<Gray> {
        (width > 0 && height > 0 && pixels.len() == width * height).then_some(Gray { width, height, pixels })
    }

    fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    /// The image turned about its centre so that lines sloping by `degrees` (down to the
    /// right, y growing with x) become level; uncovered corners white.
    pub fn levelled(&self, degrees: f32) -> Gray {
        if degrees.abs() < f32::EPSILON {
            return self.clone();
        }
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (cx, cy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let mut pixels = vec![255u8; self.pixels.len()];
        for y in 0..self.height {
            let dy = y as f32 + 0.5 - cy;
            for x in 0..self.width {
                let dx = x as f32 + 0.5 - cx;
                // The source of each target pixel: the inverse rotation, sampled bilinearly.
                let sx = cos * dx - sin * dy + cx - 0.5;
                let sy = sin * dx + cos * dy + cy - 0.5;
                if sx < 0.0 || sy < 0.0 || sx >= (self.width - 1) as f32 || sy >= (self.height - 1) as f32 {
                    continue;
                }
                let (x0, y0) = (sx as usize, sy as usize);
                let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
                let p = |x: usize, y: usize| self.at(x, y) as f32;
                let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
                let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
                pixels[y * self.width + x] = (top * (1.0 - fy) + bottom * fy).round() as u8;
            }
        }
        Gray { width: self.width, height: self.height, pixels }
    }

    /// The part of the image inside `[left, top, right, bottom)`, clamped to the image.
    pub fn crop(&self, [left, top, right, bottom]: [i32; 4]) -> Gray {
        let clamp = |v: i32, max: usize| (v.max(0) as usize).min(max);
        let (x0, x1) = (clamp(left, self.width), clamp(right, self.width));
        let (y0, y1) = (clamp(top, self.height), clamp(bottom, self.height));
        let (w, h) = ((x1 - x0).max(1), (y1 - y0).max(1));
        let mut pixels = vec![255u8; w * h];
        for y in y0..y1 {
            pixels[(y - y0) * w..(y - y0) * w + (x1 - x0)]
                .copy_from_slice(&self.pixels[y * self.width + x0..y * self.width + x1]);
        }
        Gray { width: w, height: h, pixels }
    }

    /// The image with its background made white: every level scaled so that the paper's
    /// (the level most pixels are at least as dark as) becomes 255. A shaded header cell's
    /// grey would otherwise be taken for ink by the recognizer's own global threshold and
    /// the whole cell read as a blot.
    pub fn whitened(&self) -> Gray {
        let mut levels = self.pixels.clone();
        let at = (levels.len() * BACKGROUND_PERCENTILE / 100).min(levels.len() - 1);
        let background = *levels.select_nth_unstable(at).1 as u32;
        if background == 0 || background >= 250 {
            return self.clone();
        }
        let pixels = self.pixels.iter().map(|&p| (p as u32 * 255 / background).min(255) as u8).collect();
        Gray { width: self.width, height: self.height, pixels }
    }

    /// The image in black and white, cut halfway between its darkest level and its paper's
    /// (the level most pixels are at least as dark as). Tesseract's own threshold, computed
    /// over a crop that is nearly all paper, drops the pale, blurred strokes of a low-resolution
    /// scan: a lone `0` or `规章` then reads as nothing. An image without contrast is left as
    /// it is.
    pub fn binarized(&self) -> Gray {
        let mut levels = self.pixels.clone();
        let at = (levels.len() * BACKGROUND_PERCENTILE / 100).min(levels.len() - 1);
        let paper = *levels.select_nth_unstable(at).1 as u32;
        let darkest = self.pixels.iter().copied().min().unwrap_or(255) as u32;
        if paper < darkest + MIN_BINARIZE_CONTRAST {
            return self.clone();
        }
        let cut = (darkest + paper) / 2;
        let pixels = self.pixels.iter().map(|&p| if (p as u32) < cut { 0 } else { 255 }).collect();
        Gray { width: self.width, height: self.height, pixels }
    }

    /// The image `factor` times larger, sampled bilinearly.
    pub fn enlarged(&self, factor: usize) -> Gray {
        if factor <= 1 {
            return self.clone();
        }
        let (w, h) = (self.width * factor, self.height * factor);
        let mut pixels = Vec::with_capacity(w * h);
        for y in 0..h {
            let sy = ((y as f32 + 0.5) / factor as f32 - 0.5).clamp(0.0, (self.height - 1) as f32);
            let (y0, fy) = (sy as usize, sy.fract());
            let y1 = (y0 + 1).min(self.height - 1);
            for x in 0..w {
                let sx = ((x as f32 + 0.5) / factor as f32 - 0.5).clamp(0.0, (self.width - 1) as f32);
                let (x0, fx) = (sx as usize, sx.fract());
                let x1 = (x0 + 1).min(self.width - 1);
                let p = |x: usize, y: usize| self.at(x, y) as f32;
                let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
                let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
                pixels.push((top * (1.0 - fy) + bottom * fy).round() as u8);
            }
        }
        Gray { width: w, height: h, pixels }
    }

    /// The image inside a white border `border` pixels wide.
    pub fn bordered(&self, border: usize) -> Gray {
        let w = self.width + 2 * border;
        let h = self.height + 2 * border;
        let mut pixels = vec![255u8; w * h];
        for y in 0..self.height {
            let at = (y + border) * w + border;
            pixels[at..at + self.width].copy_from_slice(&self.pixels[y * self.width..(y + 1) * self.width]);
        }
        Gray { width: w, height: h, pixels }
    }

    /// The image turned a quarter turn clockwise.
    pub fn turned_clockwise(&self) -> Gray {
        let (w, h) = (self.width, self.height);
        let mut pixels = Vec::with_capacity(w * h);
        // The new row y is the old column y, read from the bottom up.
        for y in 0..w {
            pixels.extend((0..h).map(|x| self.at(y, h - 1 - x)));
        }
        Gray { width: h, height: w, pixels }
    }

    /// Ink: pixels clearly darker than the mean of the window around them.
    pub fn ink(&self) -> Ink {
        let (w, h) = (self.width, self.height);
        let mut integral = vec![0u64; (w + 1) * (h + 1)];
        for y in 0..h {
            let mut row = 0u64;
            for x in 0..w {
                row += self.at(x, y) as u64;
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
            }
        }
        let half = ((w as f32 * THRESHOLD_WINDOW_FRACTION) as usize / 2).max(4);
        let mut mask = vec![false; w * h];
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(half), (y + half + 1).min(h));
            for x in 0..w {
                let (x0, x1) = (x.saturating_sub(half), (x + half + 1).min(w));
                let sum = integral[y1 * (w + 1) + x1] + integral[y0 * (w + 1) + x0]
                    - integral[y0 * (w + 1) + x1]
                    - integral[y1 * (w + 1) + x0];
                let mean = (sum / ((x1 - x0) * (y1 - y0)) as u64) as i32;
                // Ink below mid-grey counts even inside a wide dark area (a thick ruling's core).
                let value = self.at(x, y) as i32;
                mask[y * w + x] = value < mean - INK_CONTRAST || value < 96;
            }
        }
        Ink { width: w, height: h, mask }
    }
}

/// Which pixels of an image are ink.
#[derive(Debug, Clone, PartialEq)]
pub struct Ink {
    pub width: usize,
    pub height: usize,
    pub mask: Vec<bool>,
}

impl Ink {
    fn at(&self, x: usize, y: usize) -> bool {
        self.mask[y * self.width + x]
    }

    /// Ink pixels inside `[left, top, right, bottom)`.
    pub fn count(&self, [left, top, right, bottom]: [usize; 4]) -> usize {
        let (right, bottom) = (right.min(self.width), bottom.min(self.height));
        (top..bottom).map(|y| (left..right).filter(|&x| self.at(x, y)).count()).sum()
    }

    /// The skew of the page's lines in degrees, positive when they slope down to the right:
    /// the angle at which the rows of ink are sharpest (the projection profile's variance is
    /// largest). Lines of text and rulings both make it peak.
    pub fn skew_degrees(&self) -> f32 {
        // The image's edges are left out: a scanner's shadow along them is level whatever
        // the page's skew.
        let (mx, my) = (self.width * SKEW_MARGIN_PERCENT / 100, self.height * SKEW_MARGIN_PERCENT / 100);
        let points: Vec<(f32, f32)> = (my..self.height - my)
            .step_by(SKEW_SAMPLE_STEP)
            .flat_map(|y| {
                (mx..self.width - mx)
                    .step_by(SKEW_SAMPLE_STEP)
                    .filter(move |&x| self.at(x, y))
                    .map(move |x| (x as f32, y as f32))
            })
            .collect();
        if points.len() < 100 {
            return 0.0;
        }
        let cx = self.width as f32 / 2.0;
        let steps = (MAX_SKEW_DEGREES / SKEW_STEP_DEGREES).round() as i32;
        let mut best = (f64::MIN, 0.0f32);
        let mut bins = vec![0u32; self.height + self.width];
        for step in -steps..=steps {
            let degrees = step as f32 * SKEW_STEP_DEGREES;
            let slope = degrees.to_radians().tan();
            bins.iter_mut().for_each(|b| *b = 0);
            let offset = (self.width / 2) as f32;
            for &(x, y) in &points {
                // The row a point falls in once lines of this slope are made level.
                let row = y - (x - cx) * slope + offset;
                // Bins as tall as the sampling step: with one-pixel bins, level lines of
                // points sampled on every other row fill every other bin, and the level
                // angle would always score double.
                if row >= 0.0 && (row as usize) < bins.len() {
                    bins[row as usize / SKEW_SAMPLE_STEP] += 1;
                }
            }
            let score: f64 = bins.iter().map(|&b| (b as f64) * (b as f64)).sum();
            if score > best.0 + 1e-9 || (score >= best.0 - 1e-9 && degrees.abs() < best.1.abs()) {
                best = (score, degrees);
            }
        }
        best.1
    }

    /// Horizontal and vertical rulings, in pixels: those at least `long` long, and shorter
    /// ones (at least `short`) that run from a long ruling across to another at both ends,
    /// like the piece of a column rule in a one-row block of a table. A character's stroke is
    /// seldom longer than the character, and meets a long ruling at both ends only inside
    /// the rule's own ink. A stack of ink thicker than `max_thickness` is a filled area.
    pub fn rulings(&self, long: usize, short: usize, max_thickness: usize) -> Vec<PixelRuling> {
        let rows = |y: usize| (0..self.width).map(move |x| self.at(x, y));
        let columns = |x: usize| (0..self.height).map(move |y| self.at(x, y));
        // Two passes: long rulings from long runs alone, so that text touching a rule adds
        // nothing to its thickness; short ones from every run of `short`.
        let traced = |min: usize| {
            let horizontal: Vec<Vec<(usize, usize)>> = (0..self.height).map(|y| long_runs(rows(y), min)).collect();
            let vertical: Vec<Vec<(usize, usize)>> = (0..self.width).map(|x| long_runs(columns(x), min)).collect();
            let ruling = |horizontal: bool| {
                move |(pos, start, end, thickness): (f32, usize, usize, usize)| PixelRuling {
                    horizontal,
                    pos,
                    start,
                    end,
                    thickness,
                }
            };
            let mut all: Vec<PixelRuling> =
                stack_runs(&horizontal, max_thickness).into_iter().map(ruling(true)).collect();
            all.extend(stack_runs(&vertical, max_thickness).into_iter().map(ruling(false)));
            all
        };
        // A long run through a line of text, where the strokes of neighbouring characters
        // touch, has the characters' other strokes beside it.
        let long_ones: Vec<PixelRuling> =
            traced(long).into_iter().filter(|r| self.side_ink(r) <= MAX_SIDE_INK).collect();
        let short_ones: Vec<PixelRuling> = traced(short)
            .into_iter()
            .filter(|r| r.end - r.start < long && self.side_ink(r) <= MAX_SHORT_SIDE_INK)
            .collect();
        let mut kept = long_ones.clone();
        kept.extend(short_ones.into_iter().filter(|r| {
            // The long rulings an end of `r` meets, by their position.
            let met = |at: usize| -> Vec<f32> {
                long_ones
                    .iter()
                    .filter(|o| o.horizontal != r.horizontal)
                    .filter(|o| {
                        let reach = o.thickness / 2 + RULING_END_SLACK_PIXELS;
                        (o.pos - at as f32).abs() <= reach as f32
                            && o.start <= r.pos as usize + reach
                            && r.pos as usize <= o.end + reach
                    })
                    .map(|o| o.pos)
                    .collect()
            };
            // Two different rulings, `short` apart at least: a stroke touching one thick
            // rule meets that one rule at both its ends.
            let (starts, ends) = (met(r.start), met(r.end));
            starts.iter().any(|a| ends.iter().any(|b| (b - a).abs() >= short as f32))
        }));
        kept
    }
}

/// A connected piece of ink (8-connected), in pixels of the image.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// `[left, top, right, bottom)`.
    pub bbox: [usize; 4],
    /// Its pixels, `(x, y)`.
    pub pixels: Vec<(usize, usize)>,
}

impl Ink {
    /// The connected pieces of ink inside `[left, top, right, bottom)`, in the order their
    /// first pixel comes row by row; ink outside the box is not followed.
    pub fn components(&self, [left, top, right, bottom]: [usize; 4]) -> Vec<Component> {
        let (right, bottom) = (right.min(self.width), bottom.min(self.height));
        if right <= left || bottom <= top {
            return Vec::new();
        }
        let w = right - left;
        let mut seen = vec![false; w * (bottom - top)];
        let mut found = Vec::new();
        let mut stack = Vec::new();
        for y in top..bottom {
            for x in left..right {
                if seen[(y - top) * w + x - left] || !self.at(x, y) {
                    continue;
                }
                seen[(y - top) * w + x - left] = true;
                stack.push((x, y));
                let mut piece = Component { bbox: [x, y, x + 1, y + 1], pixels: Vec::new() };
                while let Some((px, py)) = stack.pop() {
                    piece.pixels.push((px, py));
                    let b = &mut piece.bbox;
                    *b = [b[0].min(px), b[1].min(py), b[2].max(px + 1), b[3].max(py + 1)];
                    for ny in py.saturating_sub(1).max(top)..(py + 2).min(bottom) {
                        for nx in px.saturating_sub(1).max(left)..(px + 2).min(right) {
                            let at = (ny - top) * w + nx - left;
                            if !seen[at] && self.at(nx, ny) {
                                seen[at] = true;
                                stack.push((nx, ny));
                            }
                        }
                    }
                }
                found.push(piece);
            }
        }
        found
    }
}

impl Ink {
    /// The larger share of ink along the two lines that run beside a ruling, just clear of
    /// its own blur, its ends left out: a printed rule stands in white; a stroke of a
    /// character, or a row through a line of text, has the character's other strokes beside it.
    fn side_ink(&self, r: &PixelRuling) -> f32 {
        let offset = r.thickness / 2 + SIDE_OFFSET_PIXELS;
        let centre = r.pos as usize;
        let (from, to) =
            (r.start + r.thickness + SIDE_OFFSET_PIXELS, r.end.saturating_sub(r.thickness + SIDE_OFFSET_PIXELS));
        if to <= from {
            return 0.0;
        }
        let share = |across: Option<usize>| -> f32 {
            let Some(across) = across else { return 0.0 };
            let inked = (from..to)
                .filter(|&along| {
                    let (x, y) = if r.horizontal { (along, across) } else { (across, along) };
                    x < self.width && y < self.height && self.at(x, y)
                })
                .count();
            inked as f32 / (to - from) as f32
        };
        share(centre.checked_sub(offset)).max(share(Some(centre + offset)))
    }
}

/// Runs of ink at least `min_length` long along one row or column, small gaps bridged.
fn long_runs(pixels: impl Iterator<Item = bool>, min_length: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (i, ink) in pixels.enumerate() {
        if !ink {
            continue;
        }
        current = match current {
            Some((start, end)) if i <= end + RULING_GAP_PIXELS + 1 => Some((start, i + 1)),
            Some(run) => {
                runs.push(run);
                Some((i, i + 1))
            }
            None => Some((i, i + 1)),
        };
    }
    runs.extend(current);
    runs.retain(|&(start, end)| end - start >= min_length);
    runs
}

/// Runs on neighbouring lines that overlap stacked into one ruling each: (centre line, start,
/// end, thickness). A stack thicker than `max_thickness` is a filled area and dropped.
fn stack_runs(lines: &[Vec<(usize, usize)>], max_thickness: usize) -> Vec<(f32, usize, usize, usize)> {
    // Open stacks: (first line, last line, start, end).
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for (line, runs) in lines.iter().enumerate() {
        let mut next_open = Vec::new();
        let mut taken = vec![false; open.len()];
        for &(start, end) in runs {
            let joined =
                open.iter().enumerate().find(|(i, s)| !taken[*i] && s.1 + 1 == line && start < s.3 && s.2 < end);
            match joined {
                Some((i, s)) => {
                    taken[i] = true;
                    next_open.push((s.0, line, s.2.min(start), s.3.max(end)));
                }
                None => next_open.push((line, line, start, end)),
            }
        }
        done.extend(open.iter().zip(&taken).filter(|(_, t)| !**t).map(|(s, _)| *s));
        open = next_open;
    }
    done.extend(open);
    done.into_iter()
        .filter(|s| s.1 - s.0 < max_thickness)
        .map(|(first, last, start, end)| ((first + last) as f32 / 2.0 + 0.5, start, end, last - first + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(width: usize, height: usize) -> Gray {
        Gray { width, height, pixels: vec![250; width * height] }
    }

    fn draw(page: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize) {
        for y in y0..y1 {
            for x in x0..x1 {
                page.pixels[y * page.width + x] = 20;
            }
        }
    }

    #[test]
    fn finds_a_frame_of_rulings_and_leaves_text_strokes_out() {
        let mut image = page(400, 300);
        draw(&mut image, 50, 50, 350, 52); // top
        draw(&mut image, 50, 250, 350, 252); // bottom
        draw(&mut image, 50, 50, 52, 252); // left
        draw(&mut image, 348, 50, 350, 252); // right
        draw(&mut image, 100, 100, 120, 102); // a character's stroke
        let mut rulings = image.ink().rulings(60, 60, 6);
        rulings.sort_by_key(|r| (r.horizontal, r.pos as i32));
        let found: Vec<(bool, i32, usize, usize, usize)> =
            rulings.iter().map(|r| (r.horizontal, r.pos as i32, r.start, r.end, r.thickness)).collect();
        assert_eq!(
            found,
            vec![(false, 51, 50, 252, 2), (false, 349, 50, 252, 2), (true, 51, 50, 350, 2), (true, 251, 50, 350, 2)]
        );
    }

    #[test]
    fn keeps_a_short_ruling_only_between_two_long_ones() {
        let mut image = page(400, 300);
        draw(&mut image, 50, 50, 350, 52); // long, top
        draw(&mut image, 50, 80, 350, 82); // long, below
        draw(&mut image, 200, 52, 202, 80); // short column rule between them
        draw(&mut image, 100, 150, 102, 178); // a stroke as long, meeting nothing
        let rulings = image.ink().rulings(200, 20, 6);
        let vertical: Vec<(i32, usize, usize)> =
            rulings.iter().filter(|r| !r.horizontal).map(|r| (r.pos as i32, r.start, r.end)).collect();
        assert_eq!(vertical, vec![(201, 50, 82)]);
    }

    #[test]
    fn bridges_small_breaks_in_a_ruling() {
        let mut image = page(300, 40);
        draw(&mut image, 10, 20, 100, 21);
        draw(&mut image, 101, 20, 290, 21);
        let rulings = image.ink().rulings(100, 100, 6);
        assert_eq!(rulings.len(), 1);
        assert_eq!((rulings[0].start, rulings[0].end), (10, 290));
    }

    #[test]
    fn measures_the_skew_of_tilted_lines_and_turns_them_level() {
        let mut image = page(600, 400);
        // Lines falling 1 pixel in 60 to the right: about 0.95° clockwise on the page.
        for line in 0..8 {
            let y0 = 60 + line * 40;
            for x in 20..580 {
                let y = y0 + x / 60;
                draw(&mut image, x, y, x + 1, y + 3);
            }
        }
        let skew = image.ink().skew_degrees();
        assert!((skew - 0.95).abs() <= 0.15, "skew {skew}");
        let level = image.levelled(skew);
        let rulings = level.ink().rulings(400, 400, 6);
        assert_eq!(rulings.iter().filter(|r| r.horizontal).count(), 8, "{rulings:?}");
    }

    #[test]
    fn turns_a_quarter_clockwise() {
        // 3 wide, 2 high: a b c / d e f becomes d a / e b / f c.
        let image = Gray { width: 3, height: 2, pixels: vec![1, 2, 3, 4, 5, 6] };
        assert_eq!(image.turned_clockwise(), Gray { width: 2, height: 3, pixels: vec![4, 1, 5, 2, 6, 3] });
    }

    #[test]
    fn whitens_a_shaded_cell_to_its_paper() {
        // Paper at 200 (a grey header cell), text at 50: the paper becomes white.
        let mut pixels = vec![200u8; 10];
        pixels[0] = 50;
        let cell = Gray { width: 10, height: 1, pixels };
        assert_eq!(cell.whitened().pixels, [63, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
        // White paper is left as it is.
        let white = Gray { width: 2, height: 1, pixels: vec![50, 255] };
        assert_eq!(white.whitened(), white);
    }

    #[test]
    fn finds_connected_pieces_of_ink_inside_a_box() {
        let mut image = page(40, 20);
        draw(&mut image, 2, 2, 6, 4); // a bar, 4 by 2
        draw(&mut image, 6, 4, 7, 5); // touching it at a corner: the same piece
        draw(&mut image, 20, 10, 21, 11); // a speck
        draw(&mut image, 30, 2, 38, 18); // a block cut by the box's right edge at 34
        let pieces = image.ink().components([0, 0, 34, 20]);
        let summary: Vec<([usize; 4], usize)> = pieces.iter().map(|c| (c.bbox, c.pixels.len())).collect();
        assert_eq!(summary, vec![([2, 2, 7, 5], 9), ([30, 2, 34, 18], 64), ([20, 10, 21, 11], 1)]);
    }

    #[test]
    fn cuts_an_image_halfway_between_its_ink_and_its_paper() {
        // Paper at 250, a pale stroke at 130 and its blur at 200: the cut is at 190.
        let image = Gray { width: 6, height: 1, pixels: vec![250, 250, 250, 200, 130, 189] };
        assert_eq!(image.binarized().pixels, [255, 255, 255, 255, 0, 0]);
        // Paper noise alone (250 and 240) is left as it is.
        let blank = Gray { width: 3, height: 1, pixels: vec![250, 240, 250] };
        assert_eq!(blank.binarized(), blank);
    }

    #[test]
    fn counts_ink_in_a_box() {
        let mut image = page(50, 50);
        draw(&mut image, 10, 10, 14, 12);
        assert_eq!(image.ink().count([0, 0, 50, 50]), 8);
        assert_eq!(image.ink().count([12, 0, 50, 50]), 4);
    }
}
