//! Layout: a PDF page's glyphs into lines, lines into paragraphs, ruled grids into tables,
//! with page numbers and running headers and footers removed, in reading order.

use std::collections::HashMap;

use crate::error::ErrorKind;
use crate::grid::{self, Grid};
use crate::model::{is_cjk, join_text, Block, Cell, Document, Format, Origin, Paragraph, Table};
use crate::page::{Baseline, Glyph, Page};

/// Glyphs whose centres are closer than this fraction of their size, on one baseline, belong
/// to one line.
const LINE_TOLERANCE: f32 = 0.4;
/// A gap wider than this fraction of the size between two Latin glyphs is a space.
const SPACE_GAP: f32 = 0.25;
/// Margins (fraction of page height) where page numbers and running heads live.
const MARGIN: f32 = 0.1;

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

/// A gap wider than this fraction of the size parts two segments of a line.
const SEGMENT_GAP: f32 = 0.35;

fn bounds(glyphs: &[&Glyph]) -> (f32, f32, f32, f32) {
    let x0 = glyphs.iter().map(|g| g.x0).fold(f32::INFINITY, f32::min);
    let y0 = glyphs.iter().map(|g| g.y0).fold(f32::INFINITY, f32::min);
    let x1 = glyphs.iter().map(|g| g.x1).fold(f32::NEG_INFINITY, f32::max);
    let y1 = glyphs.iter().map(|g| g.y1).fold(f32::NEG_INFINITY, f32::max);
    (x0, y0, x1, y1)
}

impl Line {
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
                let split = i == glyphs.len() || glyphs[i].x0 - glyphs[i - 1].x1 > SEGMENT_GAP * size;
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

/// Glyphs of one line, left to right, with spaces where Latin words are apart.
fn horizontal_text(glyphs: &[&Glyph]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let last = out.chars().next_back().unwrap_or(' ');
            let first = g.text.chars().next().unwrap_or(' ');
            let printed_space = g.space_before && gap > 0.0;
            let wide_gap = gap > SPACE_GAP * g.size.max(p.size) && !is_cjk(last) && !is_cjk(first);
            if (printed_space || wide_gap) && last != ' ' {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
    out.trim().to_string()
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

/// Drops blank glyphs and glyphs printed twice at the same place (fake bold).
fn visible_glyphs(page: &Page) -> Vec<Glyph> {
    let mut glyphs: Vec<Glyph> = page.glyphs.iter().filter(|g| !g.is_blank()).cloned().collect();
    glyphs.sort_by(|a, b| (a.cy(), a.x0).partial_cmp(&(b.cy(), b.x0)).unwrap_or(std::cmp::Ordering::Equal));
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        let duplicate = out.iter().rev().take(8).any(|o| overprints(o, &g));
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

/// Groups glyphs into lines: horizontal ones by baseline, vertical ones by column.
pub fn lines(glyphs: &[&Glyph]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut horizontal: Vec<&Glyph> = glyphs.iter().copied().filter(|g| reads_across(g)).collect();
    horizontal.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    // Each open line: its glyphs and the centre of its first glyph. A glyph joins the nearest
    // line it fits, but never one where it would overprint another glyph: wrapped cells of
    // neighbouring rows can sit almost on one baseline.
    let mut open: Vec<(Vec<&Glyph>, f32)> = Vec::new();
    let mut done: Vec<Vec<&Glyph>> = Vec::new();
    for g in horizontal {
        let tolerance = LINE_TOLERANCE * g.size;
        // Lines far above can take no more glyphs.
        let (stale, keep): (Vec<_>, Vec<_>) = open.into_iter().partition(|(_, cy)| g.cy() - cy > 2.0 * tolerance);
        done.extend(stale.into_iter().map(|(line, _)| line));
        open = keep;
        let overlaps = |line: &Vec<&Glyph>| {
            line.iter().any(|o| {
                let overlap = o.x1.min(g.x1) - o.x0.max(g.x0);
                // Kerned punctuation overlaps its neighbour by up to half an em; text of another
                // row printed over this one overlaps almost wholly.
                overlap > 0.7 * (g.x1 - g.x0).min(o.x1 - o.x0)
            })
        };
        let target = open
            .iter()
            .enumerate()
            .filter(|(_, (line, cy))| {
                (g.cy() - cy).abs() <= tolerance.max(LINE_TOLERANCE * line[0].size) && !overlaps(line)
            })
            .min_by(|a, b| (g.cy() - a.1 .1).abs().total_cmp(&(g.cy() - b.1 .1).abs()))
            .map(|(k, _)| k);
        match target {
            Some(k) => open[k].0.push(g),
            None => open.push((vec![g], g.cy())),
        }
    }
    done.extend(open.into_iter().map(|(line, _)| line));
    for mut line in done {
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
        vertical
            .sort_by(|a, b| (a.cx(), along(a)).partial_cmp(&(b.cx(), along(b))).unwrap_or(std::cmp::Ordering::Equal));
        let mut run: Vec<&Glyph> = Vec::new();
        for g in vertical {
            let continues = run.last().is_some_and(|p| {
                let gap = if runs_up { p.y0 - g.y1 } else { g.y0 - p.y1 };
                (p.cx() - g.cx()).abs() < 0.3 * g.size && gap < 1.5 * g.size
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
    out.sort_by(|a, b| (a.y0, a.x0).partial_cmp(&(b.y0, b.x0)).unwrap_or(std::cmp::Ordering::Equal));
    out
}

/// A page's text, one line per baseline, top to bottom (for comparing with other tools).
pub fn plain_text(page: &Page) -> String {
    let glyphs = visible_glyphs(page);
    let refs: Vec<&Glyph> = glyphs.iter().collect();
    lines(&refs).iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// Text of the glyphs inside one table cell: its lines joined, CJK without spaces.
/// The least OCR confidence among glyphs read by OCR.
fn least_confidence(glyphs: &[&Glyph]) -> Option<f32> {
    glyphs.iter().filter_map(|g| g.confidence).reduce(f32::min)
}

fn cell_text(glyphs: &[&Glyph]) -> String {
    lines(glyphs).iter().fold(String::new(), |acc, l| join_text(&acc, &l.text))
}

fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| "-—–－_·•.".contains(c));
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 4 {
        return true;
    }
    let inner = t.strip_prefix('第').and_then(|r| r.split_once('页'));
    if let Some((n, rest)) = inner {
        let rest_ok = rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(|m| m.chars().all(|c| c.is_ascii_digit()));
        return !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && rest_ok;
    }
    if let Some((a, b)) = t.split_once('/') {
        return !a.is_empty() && !b.is_empty() && (a.chars().chain(b.chars())).all(|c| c.is_ascii_digit());
    }
    false
}

/// Running heads and feet: margin lines whose text (digits aside) recurs on several pages.
fn furniture_keys(pages: &[(f32, Vec<Line>)]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (height, lines) in pages {
        let mut seen = std::collections::HashSet::new();
        for line in lines.iter().filter(|l| in_margin(l, *height)) {
            let key = margin_key(&line.text);
            if seen.insert(key.clone()) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    counts
}

fn margin_key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

fn in_margin(line: &Line, height: f32) -> bool {
    line.y1 < height * MARGIN || line.y0 > height * (1.0 - MARGIN)
}

enum Item {
    Line(Line),
    Table(Table),
}

/// Lines separated by more than this many line heights do not belong to one table.
const MAX_TABLE_GAP: f32 = 2.5;

fn is_heading(line: &Line) -> bool {
    crate::template::sections::match_heading(&line.text).is_some()
}

/// A line of running text: one piece, wider than most of the text column.
fn is_prose(line: &Line, body_width: f32) -> bool {
    line.segments.len() == 1 && line.x1 - line.x0 >= 0.6 * body_width && !grid::stream::is_data_line(line)
}

/// Whether `next` may continue a table region whose last line is `prev`.
fn continues_region(prev: &Line, next: &Line, body_width: f32) -> bool {
    if is_heading(next) || is_prose(next, body_width) {
        return false;
    }
    next.page != prev.page || next.y0 - prev.y1 < MAX_TABLE_GAP * next.size.max(prev.size)
}

/// Finds unruled tables among the lines and replaces their lines with the rebuilt table.
fn stream_tables(items: Vec<Item>, body_width: f32, rules: &[grid::stream::RowRule]) -> Result<Vec<Item>, ErrorKind> {
    let lines: Vec<Option<&Line>> = items.iter().map(|i| if let Item::Line(l) = i { Some(l) } else { None }).collect();
    let mut region_of: Vec<Option<usize>> = vec![None; items.len()];
    let mut tables: Vec<Table> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Some(seed) = lines[i] else {
            i += 1;
            continue;
        };
        if !grid::stream::is_data_line(seed) || region_of[i].is_some() {
            i += 1;
            continue;
        }
        crate::deadline::check()?;
        // Grow up over header lines and down over rows, fragments and continued pages. A
        // header left at the foot of the previous page (rows on this one) joins when its
        // last line is one of cells, not the end of a paragraph.
        let mut start = i;
        while start > 0 && region_of[start - 1].is_none() {
            match (lines[start - 1], lines[start]) {
                (Some(prev), Some(cur))
                    if continues_region(prev, cur, body_width)
                        && !is_prose(prev, body_width)
                        && !is_heading(prev)
                        && (prev.page == cur.page || prev.segments.len() >= 2) =>
                {
                    start -= 1
                }
                _ => break,
            }
        }
        let mut end = i;
        while end + 1 < items.len() {
            match (lines[end], lines[end + 1]) {
                (Some(prev), Some(next)) if continues_region(prev, next, body_width) => end += 1,
                _ => break,
            }
        }
        // Trailing lines after the last row belong to it only when they hug it.
        let last_data = (start..=end).rev().find(|&k| lines[k].is_some_and(grid::stream::is_data_line)).unwrap_or(i);
        let mut stop = last_data;
        while stop < end {
            match (lines[stop], lines[stop + 1]) {
                (Some(prev), Some(next)) if next.page == prev.page && next.y0 - prev.y1 < 0.6 * next.size => stop += 1,
                _ => break,
            }
        }
        let region: Vec<&Line> = (start..=stop).filter_map(|k| lines[k]).collect();
        let data: Vec<&&Line> = region.iter().filter(|l| grid::stream::is_data_line(l)).collect();
        // One row of numbers makes a table when a header stands above it (t4 prints one).
        let enough = data.len() >= 2 || (data.len() == 1 && region.len() >= 2 && data[0].segments.len() >= 4);
        if enough {
            if let Some(table) = grid::stream::table_from_lines(&region, rules) {
                for slot in region_of.iter_mut().take(stop + 1).skip(start) {
                    *slot = Some(tables.len());
                }
                tables.push(table);
            }
        }
        i = stop + 1;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut emitted = vec![false; tables.len()];
    let mut tables: Vec<Option<Table>> = tables.into_iter().map(Some).collect();
    for (k, item) in items.into_iter().enumerate() {
        match region_of[k] {
            Some(t) => {
                if !emitted[t] {
                    emitted[t] = true;
                    if let Some(table) = tables[t].take() {
                        out.push(Item::Table(table));
                    }
                }
            }
            None => out.push(item),
        }
    }
    Ok(out)
}

/// Builds the document model from interpreted pages; fails only when the file's time is up.
pub fn document(pages: &[Page], notes: Vec<String>) -> Result<Document, ErrorKind> {
    // Per page: its height, its lines outside ruled tables, and its ruled tables by top edge.
    type PageItems = (f32, Vec<Line>, Vec<(f32, Table)>);
    let mut per_page: Vec<PageItems> = Vec::new();
    for page in pages {
        crate::deadline::check()?;
        let glyphs = visible_glyphs(page);
        let glyph_refs: Vec<&Glyph> = glyphs.iter().collect();
        // A ruled grid whose cells hold columns of text the rules left out is split by them.
        let grids: Vec<Grid> = grid::ruled_grids(&page.rulings)
            .into_iter()
            .map(|g| grid::split::split_by_text(&g, &glyph_refs).unwrap_or(g))
            .collect();
        let mut used = vec![false; glyphs.len()];
        let mut tables = Vec::new();
        for g in &grids {
            crate::deadline::check()?;
            let mut in_cells: Vec<Vec<&Glyph>> = vec![Vec::new(); g.cells.len()];
            for (i, glyph) in glyphs.iter().enumerate() {
                if let Some(c) = g.cell_at(glyph.cx(), glyph.cy()) {
                    in_cells[c].push(glyph);
                    used[i] = true;
                }
            }
            tables.push((g.bbox[1], table_from_grid(g, &in_cells, page.number)));
        }
        let free: Vec<&Glyph> = glyphs.iter().zip(&used).filter(|(_, u)| !**u).map(|(g, _)| g).collect();
        let mut page_lines = lines(&free);
        for line in &mut page_lines {
            line.page = page.number;
        }
        per_page.push((page.height, page_lines, tables));
    }
    let margin_lines: Vec<(f32, Vec<Line>)> = per_page.iter().map(|(h, l, _)| (*h, l.clone())).collect();
    let recurring = furniture_keys(&margin_lines);
    let repeat_threshold = (pages.len() / 2).max(2);

    // One reading-order sequence over all pages, page furniture left out.
    let mut items: Vec<Item> = Vec::new();
    let mut edges: HashMap<u32, (f32, f32)> = HashMap::new();
    let mut widths: Vec<f32> = Vec::new();
    for ((height, lines, tables), page) in per_page.into_iter().zip(pages) {
        let lines: Vec<Line> = lines
            .into_iter()
            .filter(|l| {
                !(in_margin(l, height)
                    && (is_page_number(&l.text)
                        || recurring.get(&margin_key(&l.text)).copied().unwrap_or(0) >= repeat_threshold))
            })
            .collect();
        let (left, right) = body_edges(&lines);
        widths.push(right - left);
        // Paragraphs run to where running text ends, which may be short of the tables.
        edges.insert(page.number, (left, running_text_right(&lines).unwrap_or(right)));
        let mut page_items: Vec<(f32, Item)> = lines.into_iter().map(|l| (l.y0, Item::Line(l))).collect();
        page_items.extend(tables.into_iter().map(|(y, t)| (y, Item::Table(t))));
        page_items.sort_by(|a, b| a.0.total_cmp(&b.0));
        items.extend(page_items.into_iter().map(|(_, item)| item));
    }
    let body_width = {
        widths.retain(|w| w.is_finite());
        widths.sort_by(f32::total_cmp);
        widths.get(widths.len() / 2).copied().unwrap_or(400.0)
    };
    // Horizontal rules that are not part of a ruled grid may still separate an unruled
    // table's rows.
    let rules: Vec<grid::stream::RowRule> = pages
        .iter()
        .flat_map(|p| {
            grid::ruled::merge(&p.rulings, true).into_iter().map(move |r| grid::stream::RowRule {
                page: p.number,
                y: r.pos,
                x0: r.start,
                x1: r.end,
            })
        })
        .collect();
    let items = stream_tables(items, body_width, &rules)?;

    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<(Paragraph, Line)> = None;
    let mut layout_notes = notes;
    for item in items {
        match item {
            Item::Table(table) => {
                if let Some((p, _)) = open.take() {
                    blocks.push(Block::Paragraph(p));
                }
                blocks.push(Block::Table(table));
            }
            Item::Line(line) => {
                let (left, right) = edges.get(&line.page).copied().unwrap_or((0.0, f32::INFINITY));
                let origin = Origin {
                    page: Some(line.page),
                    bbox: Some([line.x0, line.y0, line.x1, line.y1]),
                    confidence: None,
                };
                let continues = match &open {
                    // Across a page break: the last line ran to the margin and this one is not indented.
                    Some((_, prev)) if prev.page != line.page => {
                        let (_, prev_right_edge) = edges.get(&prev.page).copied().unwrap_or((0.0, f32::INFINITY));
                        !prev.vertical
                            && !line.vertical
                            && !is_heading(&line)
                            && line.x0 <= left + 0.5 * line.size
                            && prev.x1 >= prev_right(prev, prev_right_edge)
                    }
                    Some((_, prev)) => same_paragraph(prev, &line, left, right),
                    None => false,
                };
                if continues {
                    if let Some((p, prev)) = open.as_mut() {
                        p.text = join_text(&p.text, &line.text);
                        *prev = line;
                    }
                } else {
                    if let Some((p, _)) = open.take() {
                        blocks.push(Block::Paragraph(p));
                    }
                    open = Some((Paragraph { text: line.text.clone(), heading_level: None, origin }, line));
                }
            }
        }
    }
    if let Some((p, _)) = open.take() {
        blocks.push(Block::Paragraph(p));
    }
    let unreadable: usize = pages.iter().map(|p| p.unreadable).sum();
    if unreadable > 0 {
        let on: Vec<String> = pages.iter().filter(|p| p.unreadable > 0).map(|p| p.number.to_string()).collect();
        layout_notes.push(format!(
            "{unreadable} glyphs have no Unicode mapping in their font (pages {}); they are shown as U+FFFD",
            on.join(" ")
        ));
    }
    Ok(Document {
        format: Format::Pdf,
        pages: Some(pages.len() as u32),
        blocks,
        notes: layout_notes,
        glyphs: pages.iter().map(|p| p.glyphs.iter().filter(|g| !g.is_blank()).count()).sum(),
        unreadable,
        images: pages.iter().map(|p| p.images).sum(),
        damaged_pages: pages.iter().filter(|p| p.damaged).map(|p| p.number).collect(),
        ocr_pages: pages.iter().filter(|p| p.ocr).map(|p| p.number).collect(),
        ocr: crate::model::Ocr::NotNeeded,
    })
}

fn prev_right(prev: &Line, right: f32) -> f32 {
    right - 1.5 * prev.size
}

/// The left and right edges of the body text: where most long lines start and end.
fn body_edges(lines: &[Line]) -> (f32, f32) {
    let mut lefts: Vec<f32> =
        lines.iter().filter(|l| !l.vertical && l.text.chars().count() >= 8).map(|l| l.x0).collect();
    let mut rights: Vec<f32> =
        lines.iter().filter(|l| !l.vertical && l.text.chars().count() >= 8).map(|l| l.x1).collect();
    if lefts.is_empty() {
        return (0.0, f32::INFINITY);
    }
    lefts.sort_by(f32::total_cmp);
    rights.sort_by(f32::total_cmp);
    (lefts[lefts.len() / 10], rights[rights.len() * 9 / 10])
}

/// Where most lines of running text end: full lines of justified text share their right
/// edge. Tables can stand wider than the text (in layout dumps), so their lines do not count.
fn running_text_right(lines: &[Line]) -> Option<f32> {
    let prose: Vec<&Line> =
        lines.iter().filter(|l| !l.vertical && l.text.chars().count() >= 8 && l.text.contains(['，', '。'])).collect();
    let mut buckets: HashMap<i32, (usize, f32)> = HashMap::new();
    for l in &prose {
        let entry = buckets.entry((l.x1 / l.size).round() as i32).or_insert((0, 0.0));
        entry.0 += 1;
        entry.1 = entry.1.max(l.x1);
    }
    buckets
        .into_values()
        .filter(|(count, _)| *count >= 2 && *count * 5 >= prose.len())
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, right)| right)
}

/// Whether `line` continues the paragraph whose last line is `prev`.
fn same_paragraph(prev: &Line, line: &Line, left: f32, right: f32) -> bool {
    if prev.vertical || line.vertical || is_heading(line) {
        return false;
    }
    let size = prev.size.max(line.size);
    let gap = line.y0 - prev.y1;
    let same_size = (prev.size - line.size).abs() <= 0.2 * size;
    let indented = line.x0 > left + 1.2 * line.size;
    let prev_full = prev.x1 >= right - 1.5 * prev.size;
    same_size && gap < 1.0 * size && gap > -0.5 * size && !indented && prev_full
}

fn table_from_grid(grid: &Grid, in_cells: &[Vec<&Glyph>], page: u32) -> Table {
    let cells = grid
        .cells
        .iter()
        .zip(in_cells)
        .map(|(c, glyphs)| Cell {
            row: c.row,
            col: c.col,
            row_span: c.row_span,
            col_span: c.col_span,
            text: cell_text(glyphs),
            origin: Origin { page: Some(page), bbox: Some(c.bbox), confidence: least_confidence(glyphs) },
        })
        .collect();
    Table {
        n_rows: grid.n_rows(),
        n_cols: grid.n_cols(),
        cells,
        origin: Origin { page: Some(page), bbox: Some(grid.bbox), confidence: None },
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

    #[test]
    fn page_numbers() {
        for n in ["-2-", "- 3 -", "第3页", "第 3 页", "12", "— 4 —", "3/10", "第3页共10页"] {
            assert!(is_page_number(n), "{n}");
        }
        for t in ["2023年", "一、总体情况", "第二十条", "12345"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
