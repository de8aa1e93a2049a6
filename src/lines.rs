//! Text lines: a page's glyphs, overprinted copies dropped, grouped into lines along their
//! baselines (or runs down and up the page), each cut into segments where a gap wide enough
//! to part table columns falls. What layout and the grid engines read.

use crate::bidi;
use crate::model::{is_cjk, join_text};
use crate::page::{Baseline, Glyph, Page};

/// Glyphs whose centres are closer than this fraction of their size, on one baseline, belong
/// to one line.
const LINE_TOLERANCE: f32 = 0.4;
/// A gap wider than this fraction of the size between two Latin glyphs is a space.
const SPACE_GAP: f32 = 0.25;
/// A run of glyphs on a line with no column gap inside it.
#[derive(Debug, Clone)]
pub struct Segment {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// The least OCR confidence of its glyphs; `None` for text from a text layer.
    pub confidence: Option<f32>,
}

/// A line of text: glyphs on one baseline, or one vertical run.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub size: f32,
    pub vertical: bool,
    /// Pieces of the line separated by gaps wide enough to part table columns.
    pub segments: Vec<Segment>,
    pub page: u32,
}

/// Glyphs of vertical runs whose centres are closer across than this fraction of their size
/// stand in one column.
const COLUMN_TOLERANCE: f32 = 0.3;
/// A gap along a vertical run wider than this fraction of the size ends the run.
const RUN_GAP: f32 = 1.5;
/// A gap wider than this fraction of the size parts two segments of a line.
const SEGMENT_GAP: f32 = 0.35;
/// ... unless a space was typed into it and it is no wider than this fraction: a word space
/// (up to 0.4 em in wide fonts such as Verdana, more in a line set with word spacing). Text a
/// writer placed anew was not typed after a space, and a gap of two spaces or more parts.
const WORD_SPACE_GAP: f32 = 0.6;

fn bounds(glyphs: &[&Glyph]) -> (f32, f32, f32, f32) {
    let x0 = glyphs.iter().map(|g| g.x0).fold(f32::INFINITY, f32::min);
    let y0 = glyphs.iter().map(|g| g.y0).fold(f32::INFINITY, f32::min);
    let x1 = glyphs.iter().map(|g| g.x1).fold(f32::NEG_INFINITY, f32::max);
    let y1 = glyphs.iter().map(|g| g.y1).fold(f32::NEG_INFINITY, f32::max);
    (x0, y0, x1, y1)
}

impl Line {
    /// The part of the line on one side of `x` (its segments that end left of it, or start
    /// right of it), or `None` when none does.
    pub fn side_of(&self, x: f32, left: bool) -> Option<Line> {
        let segments: Vec<Segment> =
            self.segments.iter().filter(|s| if left { s.x1 <= x } else { s.x0 >= x }).cloned().collect();
        let (first, last) = (segments.first()?, segments.last()?);
        Some(Line {
            text: segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" "),
            x0: first.x0,
            y0: segments.iter().map(|s| s.y0).fold(f32::INFINITY, f32::min),
            x1: last.x1,
            y1: segments.iter().map(|s| s.y1).fold(f32::NEG_INFINITY, f32::max),
            size: self.size,
            vertical: self.vertical,
            segments,
            page: self.page,
        })
    }

    fn from_glyphs(glyphs: &[&Glyph], vertical: bool) -> Line {
        let (x0, y0, x1, y1) = bounds(glyphs);
        let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size).collect();
        sizes.sort_by(f32::total_cmp);
        let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
        let text = if vertical { run_text(glyphs) } else { horizontal_text(glyphs) };
        let mut segments = Vec::new();
        if vertical {
            segments.push(Segment { text: text.clone(), x0, y0, x1, y1, confidence: least_confidence(glyphs) });
        } else {
            let mut start = 0;
            for i in 1..=glyphs.len() {
                let split = i == glyphs.len() || {
                    let gap = glyphs[i].x0 - glyphs[i - 1].x1;
                    (gap > SEGMENT_GAP * size && !(glyphs[i].space_before && gap <= WORD_SPACE_GAP * size))
                        || parts_solid_cjk(glyphs, i, size)
                };
                if split {
                    let part = &glyphs[start..i];
                    let (sx0, sy0, sx1, sy1) = bounds(part);
                    segments.push(Segment {
                        text: horizontal_text(part),
                        x0: sx0,
                        y0: sy0,
                        x1: sx1,
                        y1: sy1,
                        confidence: least_confidence(part),
                    });
                    start = i;
                }
            }
        }
        Line { text, x0, y0, x1, y1, size, vertical, segments, page: 0 }
    }
}

/// Whether the gap before glyph `i` parts two runs of CJK text set solid (each character
/// against the next, two at least on each side): wider than [`CJK_RUN_GAP`] and wider, by as
/// much again, than the gaps on either side of it. Two cells' texts meet so in tables whose columns are barely apart
/// (`一般公共预算` | `上年结转…`); letter-spaced text has even gaps and stays whole.
fn parts_solid_cjk(glyphs: &[&Glyph], i: usize, size: f32) -> bool {
    let gap = |k: usize| glyphs[k].x0 - glyphs[k - 1].x1;
    let cjk = |k: usize| glyphs[k].text.chars().next().is_some_and(is_cjk);
    // Runs of two characters at least on both sides show how they are set; a typed space is
    // the writer's own word break (`北京 上海`), left to the word-space rule.
    let runs = i >= 2 && i + 1 < glyphs.len() && cjk(i - 2) && cjk(i - 1) && cjk(i) && cjk(i + 1);
    if !runs || glyphs[i].space_before || gap(i) <= CJK_RUN_GAP * size {
        return false;
    }
    gap(i) > gap(i - 1).max(gap(i + 1)) + CJK_RUN_GAP * size
}

/// A gap (in ems) between CJK characters set solid that no typesetter leaves inside a run.
const CJK_RUN_GAP: f32 = 0.2;

/// Glyphs of one line, left to right, with spaces where Latin words are apart; a line with
/// right-to-left text in its reading order (see [`crate::bidi`]).
fn horizontal_text(glyphs: &[&Glyph]) -> String {
    if glyphs.iter().any(|g| bidi::has_rtl(&g.text) || bidi::is_mark(&g.text)) {
        return bidi::reading_order(units(glyphs)).concat().trim().to_string();
    }
    let mut out = String::with_capacity(glyphs.iter().map(|g| g.text.len() + 1).sum());
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            if space_between(p, g, out.chars().next_back().unwrap_or(' ')) {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
    if out.trim().len() == out.len() {
        out
    } else {
        out.trim().to_string()
    }
}

/// Whether a space stands between glyph `p` and the next glyph `g`, `last` the text's last
/// character so far: a space was shown there, or a gap as wide as one parts Latin words.
fn space_between(p: &Glyph, g: &Glyph, last: char) -> bool {
    let gap = g.x0 - p.x1;
    let first = g.text.chars().next().unwrap_or(' ');
    let printed_space = g.space_before && gap > 0.0;
    let wide_gap = gap > SPACE_GAP * g.size.max(p.size) && !is_cjk(last) && !is_cjk(first);
    (printed_space || wide_gap) && last != ' '
}

/// How far, as a fraction of the size, a combining mark may stand outside the glyph it is
/// printed over and still be its mark: its box is its advance, which a mark often has none of.
const MARK_REACH: f32 = 0.05;

/// The line's glyphs as the units reading order moves: each glyph's text, with the combining
/// marks printed over it after it (a mark glyph may be placed before or after its letter),
/// and the spaces between words.
fn units(glyphs: &[&Glyph]) -> Vec<String> {
    let over = |mark: &Glyph, g: &Glyph| {
        let reach = MARK_REACH * g.size;
        !bidi::is_mark(&g.text) && mark.cx() >= g.x0 - reach && mark.cx() <= g.x1 + reach
    };
    let mut units: Vec<String> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    // A mark that stands before the letter it is printed over.
    let mut pending = String::new();
    for (i, g) in glyphs.iter().enumerate() {
        if bidi::is_mark(&g.text) {
            match (prev, units.last_mut()) {
                (Some(p), Some(unit)) if over(g, p) => {
                    unit.push_str(&g.text);
                    continue;
                }
                _ => {}
            }
            if glyphs.get(i + 1).is_some_and(|next| over(g, next)) {
                pending.push_str(&g.text);
                continue;
            }
        }
        if let Some(p) = prev {
            let last = units.last().and_then(|u| u.chars().next_back()).unwrap_or(' ');
            if space_between(p, g, last) {
                units.push(" ".to_string());
            }
        }
        units.push(format!("{}{}", g.text, std::mem::take(&mut pending)));
        prev = Some(g);
    }
    if !pending.is_empty() {
        units.push(pending);
    }
    units
}

/// How far apart, as a fraction of the glyph's own advance width and height, two copies of a
/// glyph may stand and still be one glyph overprinted (fake bold shifts its copy by a few
/// hundredths of an em). Measured against the glyph's width, not the font size, so that a real
/// pair of narrow letters (`ll`, `..`), one advance apart, is never taken for one.
const OVERPRINT_FRACTION: f32 = 0.3;
/// The narrowest width a glyph is measured with, in ems: a glyph whose font gives it no width
/// still has a place of its own.
const MIN_GLYPH_WIDTH_EM: f32 = 0.1;

/// True when `b` is `a` printed again at (almost) the same place.
fn overprints(a: &Glyph, b: &Glyph) -> bool {
    let width = (a.x1 - a.x0).min(b.x1 - b.x0).max(MIN_GLYPH_WIDTH_EM * a.size);
    let height = (a.y1 - a.y0).min(b.y1 - b.y0).max(MIN_GLYPH_WIDTH_EM * a.size);
    a.text == b.text
        && (a.x0 - b.x0).abs() < OVERPRINT_FRACTION * width
        && (a.y0 - b.y0).abs() < OVERPRINT_FRACTION * height
}

/// The page's glyphs without blank ones and glyphs printed twice at the same place (fake
/// bold), top to bottom.
pub fn visible_glyphs(page: &Page) -> Vec<&Glyph> {
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().filter(|g| !g.is_blank()).collect();
    glyphs.sort_by(|a, b| (a.cy(), a.x0).partial_cmp(&(b.cy(), b.x0)).unwrap_or(std::cmp::Ordering::Equal));
    let mut out: Vec<&Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let duplicate = out.iter().rev().take(8).any(|o| overprints(o, g));
        if !duplicate {
            out.push(g);
        }
    }
    out
}

/// A glyph of a line across the page (upright, or upside down), not of a run down or up it.
fn reads_across(g: &Glyph) -> bool {
    !g.vertical && matches!(g.baseline, Baseline::Right | Baseline::Left)
}

/// A run's text: upright glyphs stacked down are read in turn; glyphs turned to run up or
/// down the page are read as the line they are once turned upright, spaces and all.
fn run_text(glyphs: &[&Glyph]) -> String {
    if glyphs.iter().all(|g| g.vertical) {
        return glyphs.iter().map(|g| g.text.as_str()).collect();
    }
    // Turned upright, the run's length is x (from its first glyph on) and its height y.
    let upright: Vec<Glyph> = glyphs
        .iter()
        .map(|g| {
            let (x0, x1) = if g.baseline == Baseline::Up { (-g.y1, -g.y0) } else { (g.y0, g.y1) };
            Glyph { x0, x1, y0: g.x0, y1: g.x1, ..(*g).clone() }
        })
        .collect();
    horizontal_text(&upright.iter().collect::<Vec<_>>())
}

/// A superscript or subscript mark (`Others⁽¹⁾`, `m²`) is at most this many glyphs...
const MARK_MAX_GLYPHS: usize = 4;
/// ... set smaller than the text it marks, at most this fraction of its size...
const MARK_MAX_SIZE: f32 = 0.8;
/// ... and printed against it: no further from a glyph of it than this fraction of its size
/// (a word space at most).
const MARK_GAP: f32 = SPACE_GAP;

/// Lines of glyphs with superscript and subscript marks joined to the line they mark. A mark
/// is raised or lowered by about half its height, so its centre can fall outside the marked
/// line's tolerance: it would read as a line of its own, above or below (`(1) Others`).
/// A short line of smaller glyphs whose centre lies within a larger line's height and that
/// touches one of its glyphs is that line's mark. Only marks are compared with other lines.
fn with_marks_joined(mut lines: Vec<Vec<&Glyph>>) -> Vec<Vec<&Glyph>> {
    let size = |line: &[&Glyph]| line.iter().map(|g| g.size).fold(0.0, f32::max);
    let extent = |line: &[&Glyph]| {
        let y0 = line.iter().map(|g| g.y0).fold(f32::INFINITY, f32::min);
        let y1 = line.iter().map(|g| g.y1).fold(f32::NEG_INFINITY, f32::max);
        (y0, y1)
    };
    let mut k = 0;
    while k < lines.len() {
        let mark = &lines[k];
        if mark.is_empty() || mark.len() > MARK_MAX_GLYPHS {
            k += 1;
            continue;
        }
        let (m0, m1) = extent(mark);
        let centre = (m0 + m1) / 2.0;
        let (left, right) = (
            mark.iter().map(|g| g.x0).fold(f32::INFINITY, f32::min),
            mark.iter().map(|g| g.x1).fold(f32::NEG_INFINITY, f32::max),
        );
        let host = (0..lines.len()).find(|&j| {
            let line = &lines[j];
            if j == k || line.len() <= mark.len() || size(mark) > MARK_MAX_SIZE * size(line) {
                return false;
            }
            let (y0, y1) = extent(line);
            let gap = MARK_GAP * size(line);
            let touches = line.iter().any(|g| {
                let apart = (left - g.x1).max(g.x0 - right);
                (-0.5..=gap).contains(&apart)
            });
            let over = line.iter().any(|g| g.x0 < right - 0.5 && left + 0.5 < g.x1);
            centre > y0 && centre < y1 && touches && !over
        });
        match host {
            Some(j) => {
                let mark = std::mem::take(&mut lines[k]);
                lines[j].extend(mark);
            }
            None => k += 1,
        }
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// A line being gathered: its glyphs left to right, the centre and size of the glyph that
/// opened it, and its widest glyph (which bounds how far left of a glyph one overlapping it
/// can start).
struct OpenLine<'a> {
    glyphs: Vec<&'a Glyph>,
    cy: f32,
    size: f32,
    widest: f32,
}

impl<'a> OpenLine<'a> {
    fn new(g: &'a Glyph) -> Self {
        OpenLine { glyphs: vec![g], cy: g.cy(), size: g.size, widest: g.x1 - g.x0 }
    }

    /// Inserted after any glyph starting at the same x, so glyphs that start together keep the
    /// order they came in (top to bottom).
    fn add(&mut self, g: &'a Glyph) {
        let at = self.glyphs.partition_point(|o| o.x0 <= g.x0);
        self.glyphs.insert(at, g);
        self.widest = self.widest.max(g.x1 - g.x0);
    }

    /// True if `g` would print over a glyph of this line. A combining mark is printed over its
    /// letter: it overprints no glyph.
    fn overprinted_by(&self, g: &Glyph) -> bool {
        if bidi::is_mark(&g.text) {
            return false;
        }
        // Only glyphs starting less than the widest glyph's width left of `g` can reach it
        // (the hundredth of a point absorbs the rounding of the widths).
        let from = self.glyphs.partition_point(|o| o.x0 < g.x0 - self.widest - 0.01);
        let to = self.glyphs.partition_point(|o| o.x0 < g.x1);
        self.glyphs[from..to.max(from)].iter().filter(|o| !bidi::is_mark(&o.text)).any(|o| {
            let overlap = o.x1.min(g.x1) - o.x0.max(g.x0);
            // Kerned punctuation overlaps its neighbour by up to half an em; text of another
            // row printed over this one overlaps almost wholly.
            overlap > 0.7 * (g.x1 - g.x0).min(o.x1 - o.x0)
        })
    }
}

/// Groups glyphs into lines: horizontal ones by baseline, vertical ones by column.
pub fn lines(glyphs: &[&Glyph]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut horizontal: Vec<&Glyph> = glyphs.iter().copied().filter(|g| reads_across(g)).collect();
    horizontal.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    // A glyph joins the nearest open line it fits, but never one where it would overprint
    // another glyph: wrapped cells of neighbouring rows can sit almost on one baseline.
    let mut open: Vec<OpenLine> = Vec::new();
    let mut done: Vec<Vec<&Glyph>> = Vec::new();
    for g in horizontal {
        let tolerance = LINE_TOLERANCE * g.size;
        // Lines far above can take no more glyphs.
        done.extend(open.extract_if(.., |line| g.cy() - line.cy > 2.0 * tolerance).map(|line| line.glyphs));
        let target = open
            .iter()
            .enumerate()
            .filter(|(_, line)| {
                (g.cy() - line.cy).abs() <= tolerance.max(LINE_TOLERANCE * line.size) && !line.overprinted_by(g)
            })
            .min_by(|a, b| (g.cy() - a.1.cy).abs().total_cmp(&(g.cy() - b.1.cy).abs()))
            .map(|(k, _)| k);
        match target {
            Some(k) => open[k].add(g),
            None => open.push(OpenLine::new(g)),
        }
    }
    done.extend(open.into_iter().map(|line| line.glyphs));
    for mut line in with_marks_joined(done) {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        out.push(Line::from_glyphs(&line, false));
    }
    // Vertical runs: same column, consecutive down the page (vertical writing, text turned to
    // run down) or up it (text turned to run up: a vertical header).
    for runs_up in [false, true] {
        let mut vertical: Vec<&Glyph> =
            glyphs.iter().copied().filter(|g| !reads_across(g) && (g.baseline == Baseline::Up) == runs_up).collect();
        // Along the run: down the page, or up it.
        let along = |g: &Glyph| if runs_up { -g.y1 } else { g.y0 };
        vertical.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
        // Columns first: glyphs whose centres are this close across (a fraction of the size)
        // stand in one column however the writer rounded their positions, then in each
        // column the glyphs along it.
        let mut columns: Vec<Vec<&Glyph>> = Vec::new();
        for g in vertical {
            match columns.last_mut() {
                Some(column) if (g.cx() - column[0].cx()).abs() < COLUMN_TOLERANCE * g.size => column.push(g),
                _ => columns.push(vec![g]),
            }
        }
        for mut column in columns {
            column.sort_by(|a, b| along(a).total_cmp(&along(b)));
            let mut run: Vec<&Glyph> = Vec::new();
            for g in column {
                let continues = run.last().is_some_and(|p| {
                    let gap = if runs_up { p.y0 - g.y1 } else { g.y0 - p.y1 };
                    gap < RUN_GAP * g.size
                });
                if !continues && !run.is_empty() {
                    out.push(Line::from_glyphs(&run, true));
                    run.clear();
                }
                run.push(g);
            }
            if !run.is_empty() {
                out.push(Line::from_glyphs(&run, true));
            }
        }
    }
    out.sort_by(|a, b| (a.y0, a.x0).partial_cmp(&(b.y0, b.x0)).unwrap_or(std::cmp::Ordering::Equal));
    out
}

/// A page's text, one line per baseline, top to bottom (for comparing with other tools).
pub fn plain_text(page: &Page) -> String {
    lines(&visible_glyphs(page)).iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// The least OCR confidence among glyphs read by OCR.
pub fn least_confidence(glyphs: &[&Glyph]) -> Option<f32> {
    glyphs.iter().filter_map(|g| g.confidence).reduce(f32::min)
}

/// Text of the glyphs inside one table cell: its lines joined, CJK without spaces.
pub fn cell_text(glyphs: &[&Glyph]) -> String {
    lines(glyphs).iter().fold(String::new(), |acc, l| join_text(&acc, &l.text))
}

#[cfg(test)]
impl Line {
    /// A line whose top is at `y`, `size` points tall, of segments `(text, x0, x1)` on page 1,
    /// for tests.
    pub(crate) fn of_segments(y: f32, size: f32, pieces: &[(&str, f32, f32)]) -> Line {
        let segments: Vec<Segment> = pieces
            .iter()
            .map(|&(text, x0, x1)| Segment { text: text.into(), x0, y0: y, x1, y1: y + size, confidence: None })
            .collect();
        Line {
            text: pieces.iter().map(|p| p.0).collect::<Vec<_>>().join(" "),
            x0: pieces.first().map_or(0.0, |p| p.1),
            y0: y,
            x1: pieces.last().map_or(0.0, |p| p.2),
            y1: y + size,
            size,
            vertical: false,
            segments,
            page: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of one line at 10 pt: (text, x0, advance width).
    fn glyphs(run: &[(&str, f32, f32)]) -> Vec<Glyph> {
        run.iter()
            .map(|&(text, x0, width)| Glyph {
                text: text.to_string(),
                x0,
                y0: 100.0,
                x1: x0 + width,
                y1: 110.0,
                size: 10.0,
                vertical: false,
                baseline: Baseline::Right,
                space_before: false,
                confidence: None,
            })
            .collect()
    }

    fn visible_text(run: &[(&str, f32, f32)]) -> String {
        let page = Page { number: 1, width: 600.0, height: 800.0, glyphs: glyphs(run), ..Page::default() };
        visible_glyphs(&page).iter().map(|g| g.text.as_str()).collect()
    }

    /// The texts of the segments of one line of CJK characters, 10 pt each, the n-th at the
    /// x that `place` gives it.
    fn cjk_segments(text: &str, place: impl Fn(usize) -> f32) -> Vec<String> {
        let run: Vec<(String, f32, f32)> =
            text.chars().enumerate().map(|(k, c)| (c.to_string(), place(k), 10.0)).collect();
        let refs: Vec<(&str, f32, f32)> = run.iter().map(|(t, x, w)| (t.as_str(), *x, *w)).collect();
        let page = Page { number: 1, width: 600.0, height: 800.0, glyphs: glyphs(&refs), ..Page::default() };
        lines(&visible_glyphs(&page))[0].segments.iter().map(|s| s.text.clone()).collect()
    }

    #[test]
    fn two_cells_of_solid_cjk_a_third_of_an_em_apart_are_two_segments() {
        // `一般公共预算` ends at 100; the next cell's text starts 3.5 pt (0.35 em) on.
        let parted = cjk_segments("一般公共预算上年结转", |k| {
            if k < 6 {
                40.0 + 10.0 * k as f32
            } else {
                43.5 + 10.0 * k as f32
            }
        });
        assert_eq!(parted, ["一般公共预算", "上年结转"]);
        // Letter-spaced text leaves every gap as wide: one segment.
        let spaced = cjk_segments("因公出国费用", |k| 40.0 + 13.0 * k as f32);
        assert_eq!(spaced, ["因公出国费用"]);
        // A two-character label spaced out (`合　计`) shows no run either side: one segment.
        assert_eq!(cjk_segments("合计", |k| 40.0 + 13.0 * k as f32), ["合计"]);
    }

    #[test]
    fn a_superscript_mark_reads_on_the_line_it_marks() {
        // `Others` at 10 pt, then `(1)` at 6.5 pt raised by 4 pt against its last letter;
        // a note in small type a line above, apart from the word, stays a line of its own.
        let mut all = glyphs(&[
            ("O", 0.0, 7.7),
            ("t", 7.7, 3.3),
            ("h", 11.0, 6.0),
            ("e", 17.0, 5.5),
            ("r", 22.5, 3.9),
            ("s", 26.4, 1.7),
        ]);
        let template = all[0].clone();
        let small = |text: &str, x0: f32, y0: f32| Glyph {
            text: text.into(),
            x0,
            y0,
            x1: x0 + 2.5,
            y1: y0 + 6.5,
            size: 6.5,
            ..template.clone()
        };
        all.extend([small("(", 28.1, 97.8), small("1", 30.6, 97.8), small(")", 33.1, 97.8)]);
        all.extend([small("a", 60.0, 92.0), small("b", 62.5, 92.0)]);
        let refs: Vec<&Glyph> = all.iter().collect();
        let found: Vec<String> = lines(&refs).iter().map(|l| l.text.clone()).collect();
        assert_eq!(found, ["ab", "Others(1)"]);
    }

    #[test]
    fn doubled_narrow_letters_are_kept_and_overprinted_copies_dropped() {
        // `All` and `..`: narrow letters one advance (2.2 pt, 2.5 pt) apart are two letters.
        assert_eq!(visible_text(&[("A", 0.0, 6.7), ("l", 6.7, 2.2), ("l", 8.9, 2.2)]), "All");
        assert_eq!(visible_text(&[("a", 0.0, 5.6), (".", 5.6, 2.5), (".", 8.1, 2.5)]), "a..");
        assert_eq!(visible_text(&[("f", 0.0, 2.8), ("f", 2.8, 2.8), ("i", 5.6, 2.2)]), "ffi");
        // Fake bold: the same glyph drawn again 0.2 pt to the right.
        assert_eq!(visible_text(&[("数", 0.0, 10.0), ("数", 0.2, 10.0), ("量", 10.0, 10.0)]), "数量");
        assert_eq!(visible_text(&[("l", 0.0, 2.2), ("l", 0.2, 2.2)]), "l");
    }

    #[test]
    fn a_typed_word_space_stays_inside_a_segment_and_a_placed_gap_parts_one() {
        // `Net Asset 5,111`: Verdana's word space is 0.35 em, and with its rounding the gap
        // after `Net` is 0.38 em, wider than a column gap of CJK text; a space was typed into
        // it. The figure was placed anew, no space typed before it.
        let mut run = glyphs(&[
            ("N", 0.0, 7.0),
            ("e", 7.0, 5.5),
            ("t", 12.5, 3.6),
            ("A", 19.9, 6.3),
            ("s", 26.2, 4.8),
            ("5", 90.0, 5.9),
            (",", 95.9, 3.4),
            ("1", 99.3, 5.9),
        ]);
        run[3].space_before = true;
        let refs: Vec<&Glyph> = run.iter().collect();
        let segments: Vec<String> = lines(&refs)[0].segments.iter().map(|s| s.text.clone()).collect();
        assert_eq!(segments, ["Net As", "5,1"]);
        // Two spaces typed (0.7 em) part columns; so does the same gap with no space typed.
        for (x, typed) in [(23.1, true), (19.9, false)] {
            let mut run = glyphs(&[("N", 0.0, 7.0), ("e", 7.0, 5.5), ("t", 12.5, 3.6), ("A", x, 6.3)]);
            run[3].space_before = typed;
            let refs: Vec<&Glyph> = run.iter().collect();
            let segments: Vec<String> = lines(&refs)[0].segments.iter().map(|s| s.text.clone()).collect();
            assert_eq!(segments, ["Net", "A"], "gap from 16.1 to {x}, typed {typed}");
        }
    }

    /// The glyphs of `run` turned to read up the page (a vertical header), or down it, from
    /// its baseline at x 100.
    fn turned(run: &[(&str, f32, f32)], baseline: Baseline) -> Vec<Glyph> {
        glyphs(run)
            .into_iter()
            .map(|g| {
                let (y0, y1) = if baseline == Baseline::Up { (300.0 - g.x1, 300.0 - g.x0) } else { (g.x0, g.x1) };
                Glyph { x0: 100.0, x1: 110.0, y0, y1, baseline, ..g }
            })
            .collect()
    }

    #[test]
    fn text_turned_up_or_down_the_page_reads_in_order_with_its_spaces() {
        // `Poll Book`: a word space of 3 pt between the words.
        let run = [
            ("P", 0.0, 6.7),
            ("o", 6.7, 5.6),
            ("l", 12.3, 2.2),
            ("l", 14.5, 2.2),
            ("B", 19.7, 6.7),
            ("o", 26.4, 5.6),
            ("o", 32.0, 5.6),
            ("k", 37.6, 5.0),
        ];
        for baseline in [Baseline::Up, Baseline::Down] {
            let glyphs = turned(&run, baseline);
            let refs: Vec<&Glyph> = glyphs.iter().collect();
            let found = lines(&refs);
            assert_eq!(found.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["Poll Book"], "{baseline:?}");
            assert!(found[0].vertical);
        }
    }
}
