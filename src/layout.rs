//! Layout: a PDF page's lines into paragraphs, ruled grids into tables,
//! with page numbers and running headers and footers removed, in reading order.

use std::collections::HashMap;

use crate::error::ErrorKind;
use crate::grid::{self, Grid};
use crate::lines::{cell_text, least_confidence, lines, visible_glyphs, Line};
use crate::model::{join_text, Block, Cell, Document, Format, FoundBy, Origin, Paragraph, Table};
use crate::page::{Glyph, Page};
use crate::vocabulary::Vocabulary;

/// Margins (fraction of page height) where page numbers and running heads live.
const MARGIN: f32 = 0.1;

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

/// A line that opens one of the report's sections: no unruled table runs through one, no
/// paragraph continues into one.
fn is_heading(line: &Line, vocabulary: &dyn Vocabulary) -> bool {
    vocabulary.is_heading(&line.text)
}

/// A line of running text: one piece, wider than most of the text column.
fn is_prose(line: &Line, body_width: f32) -> bool {
    line.segments.len() == 1 && line.x1 - line.x0 >= 0.6 * body_width && !grid::stream::is_data_line(line)
}

/// A line set this much larger than a table's rows, alone on its line, is the table's title,
/// printed above it, not a row of its header.
const TITLE_SIZE: f32 = 1.2;

fn is_title_over(line: &Line, rows: &Line) -> bool {
    line.segments.len() == 1 && line.size > TITLE_SIZE * rows.size
}

/// A table's caption, alone on its line: `Table 21 …`, `Table A-1. …`, `表1 …`. It stands above
/// the table, not in its header.
fn is_caption(line: &Line) -> bool {
    line.segments.len() == 1 && is_caption_text(&line.text)
}

fn is_caption_text(text: &str) -> bool {
    let text = text.trim_start();
    let rest = ["Table", "TABLE", "表"].iter().find_map(|word| text.strip_prefix(word)).map(str::trim_start);
    // The word, then a number (`21`, `一`) or a numbered label (`A-1.`).
    let label = rest.and_then(|r| r.split_whitespace().next()).unwrap_or("");
    label.chars().next().is_some_and(|c| {
        c.is_ascii_digit()
            || "一二三四五六七八九十".contains(c)
            || (c.is_ascii_uppercase() && label.chars().any(|d| d.is_ascii_digit()))
    })
}

/// Whether `line` is the last line of the paragraph `above` ends on: one piece, set under a
/// line of prose at its left edge, a line apart (`… nella misura indicata nella seguente` /
/// `tabella:` over the table it announces).
fn ends_paragraph(above: &Line, line: &Line, body_width: f32) -> bool {
    line.segments.len() == 1
        && above.page == line.page
        && is_prose(above, body_width)
        && (above.x0 - line.x0).abs() < 0.5 * line.size
        && line.y0 - above.y1 < line.size
}

/// A line of a form's fields (`Fecha: 28/11/2012`, `Presidente:` before a name, `Miembros del cuerpo:257`):
/// a label of letters ending in a colon, at the end of its text or before a space or a digit.
/// Forms stand above tables; their lines are not header rows. A colon between digits is a
/// time (`20:12`); one inside brackets or before more words of a heading explains it.
fn is_form_line(line: &Line) -> bool {
    line.segments.iter().enumerate().any(|(n, s)| {
        // A label ending in its colon is a field only with its value after it on the line; a
        // section row (`Current assets:`) stands alone.
        let value_after = n + 1 < line.segments.len();
        let chars: Vec<char> = s.text.trim_end().chars().collect();
        let mut open_brackets = 0i32;
        chars.iter().enumerate().any(|(k, &c)| {
            match c {
                '(' | '（' | '[' => open_brackets += 1,
                ')' | '）' | ']' => open_brackets -= 1,
                _ => {}
            }
            let labelled = k >= 2 && chars[k - 1].is_alphabetic() && chars[k - 2].is_alphabetic();
            let then_value = chars.get(k + 1).map_or(value_after, |&n| n == ' ' || n.is_ascii_digit());
            matches!(c, ':' | '：') && open_brackets == 0 && labelled && then_value
        })
    })
}

/// A line that states the unit of a table's figures (`单位：万元`, `金额单位：元`, `Unit: USD`,
/// `(in thousands)`, `$ thousand`), set beside or above the table: it qualifies the figures
/// and is no header row. It stands alone on its line, or beside the table's caption; a unit
/// beside other words is a heading's (`本年收费金额` `（单位：万元）`).
fn is_unit_line(line: &Line) -> bool {
    match &line.segments[..] {
        [unit] => is_unit_text(&unit.text),
        [a, b] => {
            (is_unit_text(&a.text) && is_caption_text(&b.text)) || (is_caption_text(&a.text) && is_unit_text(&b.text))
        }
        _ => false,
    }
}

fn is_unit_text(text: &str) -> bool {
    let text = text.trim().trim_start_matches(['(', '（', '[']).trim_end_matches([')', '）', ']']);
    // `单位：` after at most a qualifier (`金额单位：`, `计量单位：`).
    let unit_label = text.find("单位").is_some_and(|at| {
        let rest = text[at + "单位".len()..].trim_start();
        text[..at].chars().count() <= UNIT_QUALIFIER_CHARS && (rest.starts_with(':') || rest.starts_with('：'))
    });
    let lower = text.to_lowercase();
    let magnitude =
        |word: &str| ["thousand", "million", "billion"].iter().any(|m| word == *m || word.strip_suffix('s') == Some(m));
    let in_magnitude =
        lower.strip_prefix("in ").is_some_and(|rest| rest.split_whitespace().next().is_some_and(magnitude));
    // A currency's sign or code, then the magnitude (`$ thousand`, `EUR million`).
    let currency_magnitude = text.split_once(' ').is_some_and(|(currency, rest)| {
        let sign = matches!(currency, "$" | "€" | "£" | "¥" | "₹" | "元");
        let code = currency.chars().count() == 3 && currency.chars().all(|c| c.is_ascii_uppercase());
        (sign || code) && magnitude(&rest.trim().to_lowercase())
    });
    text.chars().count() <= MAX_UNIT_CHARS
        && (unit_label
            || lower.starts_with("unit:")
            || lower.starts_with("units:")
            || in_magnitude
            || currency_magnitude)
}

/// Characters a unit label may have before `单位` (`金额`, `计量`).
const UNIT_QUALIFIER_CHARS: usize = 2;
/// A unit line says only that: longer text is a sentence that mentions one.
const MAX_UNIT_CHARS: usize = 40;

/// A note under a table: `Note: …`, `Notes. …`, `Source: …`, `注：…`, `资料来源：…`. It stands
/// under the table, not in its last row.
fn is_note(line: &Line) -> bool {
    is_note_text(&line.text)
}

fn is_note_text(text: &str) -> bool {
    let text = text.trim_start();
    ["Note", "Notes", "NOTE", "NOTES", "Source", "Sources", "SOURCE", "注", "资料来源", "数据来源", "说明"].iter().any(
        |word| text.strip_prefix(word).and_then(|r| r.chars().next()).is_some_and(|c| matches!(c, ':' | '：' | '.')),
    )
}

/// Whether `next` may continue a table region whose last line is `prev`.
fn continues_region(prev: &Line, next: &Line, body_width: f32, vocabulary: &dyn Vocabulary) -> bool {
    if is_heading(next, vocabulary) || is_prose(next, body_width) {
        return false;
    }
    next.page != prev.page || next.y0 - prev.y1 < MAX_TABLE_GAP * next.size.max(prev.size)
}

/// The unruled table a region of lines prints, or the two it prints side by side (each
/// then read from its own side of the lines), left one first.
fn side_by_side_tables(region: &[&Line], rules: &[grid::stream::RowRule]) -> Option<Vec<Table>> {
    if let Some(x) = grid::stream::side_by_side_gutter(region) {
        let side = |left: bool| -> Vec<Line> { region.iter().filter_map(|l| l.side_of(x, left)).collect() };
        let (left, right) = (side(true), side(false));
        let (left, right): (Vec<&Line>, Vec<&Line>) = (left.iter().collect(), right.iter().collect());
        if let (Some(a), Some(b)) =
            (grid::stream::table_from_lines(&left, rules), grid::stream::table_from_lines(&right, rules))
        {
            return Some(vec![a, b]);
        }
    }
    grid::stream::table_from_lines(region, rules).map(|t| vec![t])
}

/// Finds unruled tables among the lines and replaces their lines with the rebuilt table.
fn stream_tables(
    items: Vec<Item>,
    body_width: f32,
    rules: &[grid::stream::RowRule],
    vocabulary: &dyn Vocabulary,
) -> Result<Vec<Item>, ErrorKind> {
    let lines: Vec<Option<&Line>> = items.iter().map(|i| if let Item::Line(l) = i { Some(l) } else { None }).collect();
    let mut region_of: Vec<Option<usize>> = vec![None; items.len()];
    let mut tables: Vec<Vec<Table>> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Some(seed) = lines[i] else {
            i += 1;
            continue;
        };
        if !grid::stream::is_rows_line(seed) || region_of[i].is_some() {
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
                    if continues_region(prev, cur, body_width, vocabulary)
                        && !is_prose(prev, body_width)
                        && !is_heading(prev, vocabulary)
                        && !is_title_over(prev, seed)
                        && !is_caption(prev)
                        && !is_form_line(prev)
                        && !is_unit_line(prev)
                        && !(start >= 2
                            && lines[start - 2].is_some_and(|above| ends_paragraph(above, prev, body_width)))
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
                // A caption (`表5 …`) under the rows is the next table's title.
                (Some(prev), Some(next))
                    if continues_region(prev, next, body_width, vocabulary) && !is_caption(next) =>
                {
                    end += 1
                }
                _ => break,
            }
        }
        // Trailing lines after the last row belong to it only when they hug it.
        let last_data = (start..=end).rev().find(|&k| lines[k].is_some_and(grid::stream::is_rows_line)).unwrap_or(i);
        let mut stop = last_data;
        while stop < end {
            match (lines[stop], lines[stop + 1]) {
                (Some(prev), Some(next))
                    if next.page == prev.page && next.y0 - prev.y1 < 0.6 * next.size && !is_note(next) =>
                {
                    stop += 1
                }
                _ => break,
            }
        }
        let region: Vec<&Line> = (start..=stop).filter_map(|k| lines[k]).collect();
        let data: Vec<&&Line> = region.iter().filter(|l| grid::stream::is_rows_line(l)).collect();
        // One row of numbers makes a table when a header stands above it (t4 prints one).
        let enough = data.len() >= 2 || (data.len() == 1 && region.len() >= 2 && data[0].segments.len() >= 4);
        if enough {
            if let Some(found) = side_by_side_tables(&region, rules) {
                for slot in region_of.iter_mut().take(stop + 1).skip(start) {
                    *slot = Some(tables.len());
                }
                tables.push(found);
            }
        }
        i = stop + 1;
    }
    // Tables of text alone: runs of lines cut into columns, on one page, that no line of
    // numbers anchored.
    let cut = |k: usize, region_of: &[Option<usize>]| {
        region_of[k].is_none() && lines[k].is_some_and(|l| l.segments.len() >= 2 && !is_heading(l, vocabulary))
    };
    let mut k = 0;
    while k < items.len() {
        if !cut(k, &region_of) {
            k += 1;
            continue;
        }
        let mut end = k;
        while end + 1 < items.len() && cut(end + 1, &region_of) {
            match (lines[end], lines[end + 1]) {
                (Some(prev), Some(next))
                    if next.page == prev.page && continues_region(prev, next, body_width, vocabulary) =>
                {
                    end += 1
                }
                _ => break,
            }
        }
        let run: Vec<&Line> = (k..=end).filter_map(|j| lines[j]).collect();
        if let Some(table) = grid::columns::table_from_text_lines(&run) {
            for slot in &mut region_of[k..=end] {
                *slot = Some(tables.len());
            }
            tables.push(vec![table]);
        }
        k = end + 1;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut emitted = vec![false; tables.len()];
    let mut tables: Vec<Vec<Table>> = tables;
    for (k, item) in items.into_iter().enumerate() {
        match region_of[k] {
            Some(t) => {
                if !emitted[t] {
                    emitted[t] = true;
                    out.extend(std::mem::take(&mut tables[t]).into_iter().map(Item::Table));
                }
            }
            None => out.push(item),
        }
    }
    Ok(out)
}

/// Builds the document model from interpreted pages, the document's section headings told
/// by `vocabulary`; fails only when the file's time is up.
pub fn document(pages: &[Page], notes: Vec<String>, vocabulary: &dyn Vocabulary) -> Result<Document, ErrorKind> {
    // Per page: its height, its lines outside ruled tables, and its ruled tables by top edge.
    type PageItems = (f32, Vec<Line>, Vec<(f32, Table)>);
    let mut per_page: Vec<PageItems> = Vec::new();
    for page in pages {
        crate::deadline::check()?;
        let glyphs = visible_glyphs(page);
        let glyph_refs = &glyphs;
        // A strip boxed apart just under a grid (a totals row) is the grid's last row.
        let ruled = grid::strip::with_strips_joined(grid::ruled_grids(&page.rulings), glyph_refs);
        // A ruled grid whose cells hold columns of text the rules left out is split by them.
        let grids: Vec<Grid> =
            ruled.iter().map(|g| grid::split::split_by_text(g, glyph_refs).unwrap_or_else(|| g.clone())).collect();
        // A grid row that holds a column of figures beside other columns' lines, ruled
        // between columns only, is a row per line.
        let grids: Vec<Grid> =
            grids.into_iter().map(|g| grid::split::split_rows_by_text(&g, glyph_refs).unwrap_or(g)).collect();
        // Row labels printed beside a grid's rules are its first column.
        let grids = grid::stub::with_stubs(grids, glyph_refs);
        let mut used = vec![false; glyphs.len()];
        let mut tables = Vec::new();
        for (g, by_rules) in grids.iter().zip(&ruled) {
            let found_by = if g == by_rules { FoundBy::Rulings } else { FoundBy::RulingsAndText };
            crate::deadline::check()?;
            let mut in_cells: Vec<Vec<&Glyph>> = vec![Vec::new(); g.cells.len()];
            let lookup = g.cell_lookup();
            for (i, &glyph) in glyphs.iter().enumerate() {
                if let Some(c) = lookup.cell_at(glyph.cx(), glyph.cy()) {
                    in_cells[c].push(glyph);
                    used[i] = true;
                }
            }
            take_overflow_below(g, &mut in_cells, &glyphs, &mut used);
            tables.push((g.bbox[1], table_from_grid(g, &in_cells, page.number, found_by)));
        }
        let free: Vec<&Glyph> = glyphs.iter().zip(&used).filter(|(_, u)| !**u).map(|(g, _)| *g).collect();
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
    let items = stream_tables(items, body_width, &rules, vocabulary)?;

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
                            && !is_heading(&line, vocabulary)
                            && line.x0 <= left + 0.5 * line.size
                            && prev.x1 >= prev_right(prev, prev_right_edge)
                    }
                    Some((_, prev)) => same_paragraph(prev, &line, left, right, vocabulary),
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
        ocr_doubts: pages.iter().flat_map(|p| p.ocr_doubts.iter().cloned()).collect(),
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
fn same_paragraph(prev: &Line, line: &Line, left: f32, right: f32, vocabulary: &dyn Vocabulary) -> bool {
    if prev.vertical || line.vertical || is_heading(line, vocabulary) {
        return false;
    }
    let size = prev.size.max(line.size);
    let gap = line.y0 - prev.y1;
    let same_size = (prev.size - line.size).abs() <= 0.2 * size;
    let indented = line.x0 > left + 1.2 * line.size;
    let prev_full = prev.x1 >= right - 1.5 * prev.size;
    same_size && gap < 1.0 * size && gap > -0.5 * size && !indented && prev_full
}

/// How close (in text sizes) a line below a ruled grid must follow the text of a bottom cell
/// to be that text's overflow: lines of one wrapped block are set less than a line apart, a
/// note or caption under a table stands further off.
const OVERFLOW_GAP: f32 = 0.6;
/// How much (as a fraction of its size) the text of a line below a grid may differ in size
/// from a bottom cell's and still be that cell's overflow: rounding, not a smaller font.
const OVERFLOW_SIZE: f32 = 0.1;
/// How near (in text sizes) a bottom cell's text must come to the cell's lower edge for
/// overflow to be possible: a block that runs past its cell fills it to the edge.
const OVERFLOW_REACH: f32 = 1.0;

/// A cell whose wrapped text is centred over rows a page break cut (the part on this page
/// may be a single row) runs past the grid's bottom rule: the lines below the grid that
/// continue it, each within the cell's columns and no further apart than its own lines, are
/// its text. A line that crosses into another column (a note under the table) is not.
fn take_overflow_below<'a>(grid: &Grid, in_cells: &mut [Vec<&'a Glyph>], glyphs: &[&'a Glyph], used: &mut [bool]) {
    let bottom = grid.bbox[3];
    let mut below: Vec<usize> = (0..glyphs.len())
        .filter(|&i| {
            let g = &glyphs[i];
            !used[i] && !g.vertical && g.cy() > bottom && g.x1 > grid.bbox[0] && g.x0 < grid.bbox[2]
        })
        .collect();
    below.sort_by(|&a, &b| glyphs[a].cy().total_cmp(&glyphs[b].cy()));
    // The lines under the grid, top down: glyphs whose centres are within half a size.
    let mut lines: Vec<Vec<usize>> = Vec::new();
    for i in below {
        match lines.last_mut() {
            Some(line) if (glyphs[i].cy() - glyphs[line[0]].cy()).abs() <= 0.5 * glyphs[line[0]].size => line.push(i),
            _ => lines.push(vec![i]),
        }
    }
    let extent = |line: &[usize]| {
        let x0 = line.iter().map(|&i| glyphs[i].x0).fold(f32::INFINITY, f32::min);
        let x1 = line.iter().map(|&i| glyphs[i].x1).fold(f32::NEG_INFINITY, f32::max);
        let y0 = line.iter().map(|&i| glyphs[i].y0).fold(f32::INFINITY, f32::min);
        let y1 = line.iter().map(|&i| glyphs[i].y1).fold(f32::NEG_INFINITY, f32::max);
        (x0, x1, y0, y1)
    };
    let bottom_row = grid.n_rows();
    for (c, cell) in grid.cells.iter().enumerate() {
        if cell.row + cell.row_span != bottom_row || in_cells[c].is_empty() {
            continue;
        }
        let size = in_cells[c].iter().map(|g| g.size).fold(0.0, f32::max);
        let mut last_bottom = in_cells[c].iter().map(|g| g.y1).fold(f32::NEG_INFINITY, f32::max);
        if last_bottom < cell.bbox[3] - OVERFLOW_REACH * size {
            continue;
        }
        let tolerance = 0.1 * size;
        for line in &lines {
            let (x0, x1, y0, y1) = extent(line);
            if y0 - last_bottom > OVERFLOW_GAP * size {
                break;
            }
            let inside = x0 >= cell.bbox[0] - tolerance && x1 <= cell.bbox[2] + tolerance;
            // A cell's own lines are set in its size; a note under the table is often smaller.
            let same_size = line.iter().all(|&i| (glyphs[i].size - size).abs() <= OVERFLOW_SIZE * size);
            let mut in_order: Vec<&Glyph> = line.iter().map(|&i| glyphs[i]).collect();
            in_order.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let note = is_note_text(&in_order.iter().map(|g| g.text.as_str()).collect::<String>());
            if !inside || !same_size || note || line.iter().any(|&i| used[i]) {
                // The text below is something else; lines further down cannot continue the cell.
                if x1 > cell.bbox[0] && x0 < cell.bbox[2] {
                    break;
                }
                continue;
            }
            for &i in line {
                in_cells[c].push(glyphs[i]);
                used[i] = true;
            }
            last_bottom = last_bottom.max(y1);
        }
    }
}

fn table_from_grid(grid: &Grid, in_cells: &[Vec<&Glyph>], page: u32, found_by: FoundBy) -> Table {
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
        found_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_lines_are_told_by_their_words() {
        for unit in
            ["单位：万元", "金额单位：元", "（单位：万元）", "Unit: USD", "(in thousands)", "$ thousand", "EUR million"]
        {
            assert!(is_unit_text(unit), "{unit}");
        }
        for text in [
            "单位名称",
            "预算单位数量：5个",
            "Unit cost",
            "in the thousands of cases we saw",
            "Total thousand-year",
            "1 million",
            "of thousands",
        ] {
            assert!(!is_unit_text(text), "{text}");
        }
    }

    #[test]
    fn form_fields_are_told_by_a_label_and_its_colon() {
        let line = |pieces: &[(&str, f32, f32)]| Line::of_segments(100.0, 10.0, pieces);
        for form in [
            line(&[("Fecha:", 389.0, 419.0), ("28/11/2012", 425.0, 473.0)]),
            line(&[("Base Mayoría: Votos Emitidos", 18.0, 151.0)]),
            line(&[("Miembros del cuerpo:257", 18.0, 127.0)]),
        ] {
            assert!(is_form_line(&form), "{}", form.text);
        }
        for heading in [
            line(&[("Hora", 18.0, 40.0), ("20:12", 60.0, 90.0)]),
            line(&[("（本列数据的勾稽关系为：第一项加第二项之和）", 18.0, 300.0)]),
            line(&[("Ratio 3:1", 18.0, 60.0), ("Total", 100.0, 130.0)]),
            line(&[("Current assets:", 18.0, 90.0)]),
        ] {
            assert!(!is_form_line(&heading), "{}", heading.text);
        }
    }

    #[test]
    fn captions_and_notes_are_told_by_their_first_word_and_label() {
        for caption in
            ["Table 21 Current use", "Table A-1. Coverage", "TABLE 125: STATE-WISE", "表1 政府信息", "表三 收支"]
        {
            assert!(is_caption_text(caption), "{caption}");
        }
        for text in ["Tablet computers 5", "Table of contents", "表示 3 项", "Tables 1 and 2 show"] {
            assert!(!is_caption_text(text), "{text}");
        }
        for note in ["Note: if more than one", "Notes. See", "Source: Data Warehouse", "注：本表", "资料来源：统计局"]
        {
            assert!(is_note_text(note), "{note}");
        }
        for text in ["Notebook: 3", "Sourced locally", "注意事项", "Noted"] {
            assert!(!is_note_text(text), "{text}");
        }
    }
    use crate::grid::ruled::CellBox;

    /// A run of glyphs of size 10 from `x`, each 10 wide, on the line whose top is `y`.
    fn run(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        let left = |i: usize| x + 10.0 * i as f32;
        text.chars().enumerate().map(|(i, c)| Glyph::boxed(&c.to_string(), left(i), y, left(i + 1), y + 10.0)).collect()
    }

    /// A one-row grid from y 100 to 120: a label column 0–30 and a value column 30–100.
    fn one_row_grid() -> Grid {
        let cell = |col: usize, x0: f32, x1: f32| CellBox {
            row: 0,
            col,
            row_span: 1,
            col_span: 1,
            bbox: [x0, 100.0, x1, 120.0],
        };
        Grid {
            bbox: [0.0, 100.0, 100.0, 120.0],
            xs: vec![0.0, 30.0, 100.0],
            ys: vec![100.0, 120.0],
            cells: vec![cell(0, 0.0, 30.0), cell(1, 30.0, 100.0)],
        }
    }

    fn cells_with_overflow(glyphs: &[Glyph]) -> Vec<String> {
        let grid = one_row_grid();
        let mut used = vec![false; glyphs.len()];
        let mut in_cells: Vec<Vec<&Glyph>> = vec![Vec::new(); grid.cells.len()];
        for (i, g) in glyphs.iter().enumerate() {
            if let Some(c) = grid.cell_at(g.cx(), g.cy()) {
                in_cells[c].push(g);
                used[i] = true;
            }
        }
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        take_overflow_below(&grid, &mut in_cells, &refs, &mut used);
        in_cells.iter().map(|g| cell_text(g)).collect()
    }

    #[test]
    fn a_label_running_past_the_grid_s_bottom_keeps_its_last_lines() {
        let mut glyphs = run("度办", 5.0, 109.0);
        glyphs.extend(run("0", 60.0, 105.0));
        glyphs.extend(run("理结", 5.0, 121.0));
        glyphs.extend(run("果", 10.0, 133.0));
        // A page number further down is not part of it.
        glyphs.extend(run("2", 10.0, 160.0));
        assert_eq!(cells_with_overflow(&glyphs), ["度办理结果", "0"]);
    }

    #[test]
    fn a_note_under_the_grid_stays_out_of_its_cells() {
        let mut glyphs = run("度办", 5.0, 109.0);
        glyphs.extend(run("0", 60.0, 105.0));
        // Crosses from the label column into the value column.
        glyphs.extend(run("注本表单位", 5.0, 121.0));
        assert_eq!(cells_with_overflow(&glyphs), ["度办", "0"]);
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
