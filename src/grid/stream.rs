//! Unruled tables: columns from how text aligns, rows from the lines that carry numbers,
//! wrapped cells joined and row headers merged over the rows they span.
//!
//! Government report tables are labels on the left and numbers on the right. Numbers align
//! in columns, so their clusters give the value columns; label columns come from the gaps
//! between labels on one line and from left edges that many rows share. Every line with
//! numbers anchors a row; a label fragment without numbers belongs to the nearest anchor,
//! unless it ended its cell short of the column's edge where the anchor's label goes on (a
//! section title inside the table: `Class A` over its rows), when it is a row of its own.
//! Lines above the first numbers are the header, but for label lines just above them.

use super::outline::enumeration;
use crate::lines::{Line, Segment};
use crate::model::{join_text, Cell, FoundBy, Origin, Table};
use crate::numbers::{is_figure, is_zero_mark, parse_number};

/// Left edges shared by this many rows make a column.
const MIN_EDGE_SUPPORT: usize = 3;
/// A horizontal rule on a page: a candidate boundary between table rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowRule {
    pub page: u32,
    pub y: f32,
    pub x0: f32,
    pub x1: f32,
}

/// Label pieces stacked closer than this many line heights are one text block.
const BLOCK_GAP: f32 = 0.45;
/// Room, in line heights beyond the next line's first word, that a line of a wrapped cell
/// may leave before its column's edge: a word space, the writer's rounding, and a cell a
/// little wider than its longest label (`Involvement of external actors in the every` /
/// `day school-life` wraps 18 points short of the longest label).
const WRAP_SLACK: f32 = 1.5;

/// How far, in ems, a wrapped label's next line may hang in from its first: a typesetter's
/// hanging indent is one or two.
const HANGING_INDENT: f32 = 2.5;

/// The width of `s`'s first word: up to its first space, or its first character in CJK text,
/// where a line may break after any character.
fn first_word_width(s: &Segment) -> f32 {
    let chars = s.text.chars().count().max(1);
    let first = s.text.chars().next().map_or(1, |c| {
        if crate::model::is_cjk(c) {
            1
        } else {
            s.text.chars().take_while(|c| !c.is_whitespace()).count().max(1)
        }
    });
    (s.x1 - s.x0) * first as f32 / chars as f32
}

/// Whether `lower` continues the cell `upper` began, as far as widths tell: `upper` ran to
/// `right`, its column's edge (the furthest any label of the column reaches), so the first
/// word of `lower` did not fit after it. A line that stops short of the edge ended its cell:
/// the line under it is a row of its own (`Class A` over `Net Asset Value`).
fn wraps_into(upper: &Segment, lower: &Segment, right: f32, size: f32) -> bool {
    right - upper.x1 < first_word_width(lower) + WRAP_SLACK * size
}

/// A figure of a table's value columns: a number as reports print them, a zero mark, or a
/// figure with a currency or percent sign, in parentheses or as a range.
fn is_numeric(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && (parse_number(t).is_some() || is_zero_mark(t) || is_figure(t))
}

/// Where the figures of segments that are labels then figures begin (`None` when they are not,
/// or print no figure).
fn first_figure(segments: &[Segment]) -> Option<usize> {
    let first = segments.iter().position(|s| is_numeric(&s.text))?;
    segments[first..].iter().all(|s| is_numeric(&s.text)).then_some(first)
}

/// The first label that follows a figure (`Votos Afirmativos` after `217`), if any.
fn label_after_figure(segments: &[Segment]) -> Option<usize> {
    (1..segments.len()).find(|&k| is_numeric(&segments[k - 1].text) && !is_numeric(&segments[k].text))
}

/// A line whose segments are labels then numbers, with at least one number.
pub fn is_data_line(line: &Line) -> bool {
    first_figure(&line.segments).is_some_and(|i| line.segments.len() >= 2 || i == 0)
}

/// Where two tables set side by side part, as an x between them: rows of the left one end in
/// figures and a label of the right one follows on the same line (`Presentes 217 0 217 Votos
/// Afirmativos 129 0 0 129`). The gap from the last figure to that label must be shared by
/// at least [`MIN_SIDE_BY_SIDE_ROWS`] such lines, and its middle crossed by no segment of any
/// line.
pub fn side_by_side_gutter(lines: &[&Line]) -> Option<f32> {
    let mut gutter: Option<(f32, f32)> = None;
    let mut rows = 0;
    let (mut left_columns, mut right_columns) = (0, 0);
    let mut right_labels: Vec<f32> = Vec::new();
    for line in lines {
        let Some(k) = label_after_figure(&line.segments) else {
            continue;
        };
        if line.segments[..k].iter().all(|s| is_numeric(&s.text)) {
            continue; // figures then a label: no row of the left table.
        }
        // A word between figures may be their unit (`12 t 300`), not a second table's label.
        if line.segments[k].text.chars().count() < MIN_SIDE_LABEL_CHARS {
            return None;
        }
        let figures = |part: &[Segment]| part.iter().filter(|s| is_numeric(&s.text)).count();
        left_columns = left_columns.max(figures(&line.segments[..k]));
        right_columns = right_columns.max(figures(&line.segments[k..]));
        right_labels.push(line.segments[k].x0);
        let gap = (line.segments[k - 1].x1, line.segments[k].x0);
        gutter = match gutter {
            None => Some(gap),
            Some((lo, hi)) if gap.0.max(lo) < gap.1.min(hi) => Some((gap.0.max(lo), gap.1.min(hi))),
            Some(_) => return None,
        };
        rows += 1;
    }
    let (lo, hi) = gutter?;
    // Each table has columns of figures, and the right one's labels start at one edge.
    let aligned = right_labels.iter().all(|&x| (x - right_labels[0]).abs() < MAX_LABEL_SHIFT);
    if left_columns < 2 || right_columns < 2 || !aligned {
        return None;
    }
    let middle = (lo + hi) / 2.0;
    // Headings right-aligned over the left table's last column may reach into the gap.
    let crossed = lines.iter().any(|l| l.segments.iter().any(|s| s.x0 < middle && s.x1 > middle));
    (rows >= MIN_SIDE_BY_SIDE_ROWS && !crossed).then_some(middle)
}

/// Lines that must print a row of each of two side-by-side tables before the region is read
/// as two: one could be a label that happens to follow a figure.
const MIN_SIDE_BY_SIDE_ROWS: usize = 2;
/// The right table's labels are words: a shorter text after a figure is a unit (`t`, `kg`).
const MIN_SIDE_LABEL_CHARS: usize = 4;
/// How far (points) the right table's labels may start apart and still share its left edge.
const MAX_LABEL_SHIFT: f32 = 2.0;

/// A line of figures rows: a row of one table (see [`is_data_line`]), or rows of two tables
/// side by side, each labels then numbers (`Present 217 0 217 Votes for 129 0 129`), one of
/// them with two figures or more (words with a number each, `Page 1 of 9`, are no rows).
pub fn is_rows_line(line: &Line) -> bool {
    if is_data_line(line) {
        return true;
    }
    let Some(k) = label_after_figure(&line.segments) else {
        return false;
    };
    let figures = |part: &[Segment]| part.iter().filter(|s| is_numeric(&s.text)).count();
    let row = |part: &[Segment]| first_figure(part).is_some_and(|f| f > 0);
    let (left, right) = line.segments.split_at(k);
    row(left) && row(right) && figures(left).max(figures(right)) >= 2
}

/// Value columns with the figures' clusters that hold nothing but zero marks (`—`, `-`)
/// joined to the nearer cluster beside them that no line also prints in: a placeholder
/// centred in its cell stands apart from the right-aligned figures of its column, in the rows
/// that have no figure there, and is no column of its own. A column of dashes beside figures
/// on the same lines stays one.
fn with_lone_marks_merged(values: Vec<(f32, f32)>, lines: &[&Line], data: &[usize]) -> Vec<(f32, f32)> {
    let inside = |&(x0, x1): &(f32, f32), s: &Segment| s.x0 >= x0 && s.x1 <= x1;
    let marks_only = |cluster: &(f32, f32)| {
        data.iter().flat_map(|&i| &lines[i].segments).filter(|s| inside(cluster, s)).all(|s| is_zero_mark(&s.text))
    };
    let share_a_line = |a: &(f32, f32), b: &(f32, f32)| {
        data.iter().any(|&i| {
            let segments = &lines[i].segments;
            segments.iter().any(|s| inside(a, s)) && segments.iter().any(|s| inside(b, s))
        })
    };
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(values.len());
    let mut k = 0;
    while k < values.len() {
        let cluster = values[k];
        if marks_only(&cluster) {
            let before = out.last().filter(|p| !share_a_line(p, &cluster)).map(|p| cluster.0 - p.1);
            let after =
                values.get(k + 1).filter(|n| !marks_only(n) && !share_a_line(n, &cluster)).map(|n| n.0 - cluster.1);
            match (before, after) {
                (Some(b), a) if a.is_none_or(|a| b <= a) => {
                    if let Some(last) = out.last_mut() {
                        last.1 = last.1.max(cluster.1);
                    }
                    k += 1;
                    continue;
                }
                (_, Some(_)) => {
                    out.push((cluster.0, values[k + 1].1));
                    k += 2;
                    continue;
                }
                _ => {}
            }
        }
        out.push(cluster);
        k += 1;
    }
    out
}

/// Intervals that overlap (after widening by `slack`) merged into clusters.
fn clusters(mut spans: Vec<(f32, f32)>, slack: f32) -> Vec<(f32, f32)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a - slack <= last.1 + slack => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Column edges: label columns, then value columns.
struct Columns {
    edges: Vec<f32>,
    /// Index of the first value column.
    first_value: usize,
    /// How far each value column's figures reach across.
    figures: Vec<(f32, f32)>,
}

impl Columns {
    fn count(&self) -> usize {
        self.edges.len() - 1
    }

    /// The columns a heading alone on its line heads: all of them when its text is centred
    /// on the whole table (`第二十条第（一）项` over t2), else the value columns
    /// (`申请人情况` over t3's).
    fn headed_by(&self, centre_x: f32) -> (usize, usize) {
        let (left, first_value, right) = (self.edges[0], self.edges[self.first_value], self.edges[self.count()]);
        let whole = ((left + right) / 2.0 - centre_x).abs();
        let values = ((first_value + right) / 2.0 - centre_x).abs();
        if whole < values {
            (0, self.count())
        } else {
            (self.first_value, self.count() - self.first_value)
        }
    }

    fn at(&self, x: f32) -> usize {
        let n = self.count();
        (0..n).find(|&i| x < self.edges[i + 1]).unwrap_or(n - 1)
    }

    /// The columns a header segment heads: over the value columns, those whose figures it
    /// stands over. Headings of right-aligned figures are often wider than the figures and
    /// reach into the gap before them (`weighted school` over `93`), which parts no columns;
    /// one that stands over no figures heads what its place covers.
    fn heads(&self, s: &Segment) -> (usize, usize) {
        let (a, b) = self.span(s);
        if a < self.first_value {
            return (a, b);
        }
        let over: Vec<usize> =
            (0..self.figures.len()).filter(|&k| s.x0 < self.figures[k].1 && s.x1 > self.figures[k].0).collect();
        match (over.first(), over.last()) {
            (Some(&lo), Some(&hi)) => (self.first_value + lo, self.first_value + hi),
            _ => (a, b),
        }
    }

    /// The columns a segment covers; a number belongs to the column of its centre.
    fn span(&self, s: &Segment) -> (usize, usize) {
        let c = (s.x0 + s.x1) / 2.0;
        if is_numeric(&s.text) && c >= self.edges[self.first_value] {
            let col = self.at(c);
            return (col, col);
        }
        let inset = ((s.x1 - s.x0) / 4.0).min(3.0);
        let (a, b) = (self.at(s.x0 + inset), self.at(s.x1 - inset));
        let (a, b) = (a.min(b), a.max(b));
        // Text centred over the values heads them, even when it is wider than they are and
        // starts over the labels' column (`本年收费金额（单位：万元）`).
        if c >= self.edges[self.first_value] {
            return (a.max(self.first_value), b);
        }
        (a, b)
    }
}

fn find_columns(lines: &[&Line], data: &[usize], size: f32) -> Option<Columns> {
    let numbers: Vec<(f32, f32)> = data
        .iter()
        .flat_map(|&i| lines[i].segments.iter().filter(|s| is_numeric(&s.text)).map(|s| (s.x0, s.x1)))
        .collect();
    let values = with_lone_marks_merged(clusters(numbers, 0.15 * size), lines, data);
    let first_value_x = values.first()?.0;
    // How far the labels reach: those of the rows, and label-only lines (a wrapped label's
    // first line) that end before the figures begin.
    let label_right = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            let on_data = data.contains(&i);
            l.segments.iter().filter(move |s| !is_numeric(&s.text) && (on_data || s.x1 < first_value_x))
        })
        .map(|s| s.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let left = lines.iter().flat_map(|l| l.segments.iter()).map(|s| s.x0).fold(f32::INFINITY, f32::min);
    let right = lines.iter().flat_map(|l| l.segments.iter()).map(|s| s.x1).fold(f32::NEG_INFINITY, f32::max);

    let mut edges = vec![left];
    if label_right.is_finite() && left < first_value_x - size {
        // Boundaries between label columns. Each pair of labels on one line says an edge lies
        // in the gap between them, at the place the fewest labels cross (only spanning cells
        // should).
        let label_segments: Vec<&Segment> = lines
            .iter()
            .flat_map(|l| l.segments.iter())
            .filter(|s| s.x0 < first_value_x - 0.5 * size && !is_numeric(&s.text))
            .collect();
        let mut gaps: Vec<(f32, f32)> = Vec::new();
        for line in lines {
            let mut segs: Vec<&Segment> =
                line.segments.iter().filter(|s| s.x1 <= first_value_x && !is_numeric(&s.text)).collect();
            segs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            for pair in segs.windows(2) {
                gaps.push((pair[0].x1, pair[1].x0));
            }
        }
        let mut starts: Vec<f32> = data
            .iter()
            .flat_map(|&i| lines[i].segments.iter().filter(|s| !is_numeric(&s.text)).map(|s| s.x0))
            .collect();
        starts.sort_by(f32::total_cmp);
        let mut k = 0;
        while k < starts.len() {
            let group: Vec<f32> = starts[k..].iter().copied().take_while(|x| x - starts[k] <= 2.0).collect();
            if group.len() >= MIN_EDGE_SUPPORT && starts[k] > left + size {
                gaps.push((starts[k] - size, starts[k] - 0.1));
            }
            k += group.len();
        }
        let crossings = |x: f32| label_segments.iter().filter(|s| s.x0 + 0.5 < x && x < s.x1 - 0.5).count();
        // Each gap's edge is where the fewest labels cross inside it: a wide gap (text in
        // the first and third columns) finds the emptier of its two edges, a narrow one its own.
        let mut found: Vec<f32> = Vec::new();
        for (a, b) in gaps {
            // The longest run of positions with the fewest crossings; the edge is its middle.
            let mut best: Option<(usize, f32, f32)> = None;
            let mut run: Option<(usize, f32, f32)> = None;
            let mut x = a;
            while x <= b {
                let n = crossings(x);
                run = match run {
                    Some((m, s0, _)) if m == n => Some((m, s0, x)),
                    _ => Some((n, x, x)),
                };
                if let Some(r) = run {
                    let better = best.is_none_or(|(m, s0, e)| r.0 < m || (r.0 == m && r.2 - r.1 > e - s0));
                    if better {
                        best = Some(r);
                    }
                }
                x += 0.5;
            }
            let Some((_, s0, e)) = best else { continue };
            found.push((s0 + e) / 2.0);
        }
        found.sort_by(f32::total_cmp);
        let mut last = left;
        for edge in found {
            if edge - last >= size && edge < first_value_x - 0.5 * size {
                edges.push(edge);
                last = edge;
            }
        }
        let boundary =
            if label_right < first_value_x { (label_right + first_value_x) / 2.0 } else { first_value_x - 1.0 };
        if boundary - last >= 0.5 * size {
            edges.push(boundary);
        }
    }
    let first_value = edges.len() - 1;
    for pair in values.windows(2) {
        edges.push((pair[0].1 + pair[1].0) / 2.0);
    }
    edges.push(right.max(values.last()?.1) + 0.1);
    if edges.len() < 3 {
        return None;
    }
    Some(Columns { edges, first_value, figures: values })
}

/// A cell being built: its column span, rows, and text fragments with their vertical place.
#[derive(Debug, Clone)]
struct Draft {
    row: usize,
    row_span: usize,
    col: usize,
    col_span: usize,
    parts: Vec<Part>,
}

/// A piece of a cell's text where the page printed it.
#[derive(Debug, Clone)]
struct Part {
    page: u32,
    y0: f32,
    y1: f32,
    x0: f32,
    x1: f32,
    text: String,
    confidence: Option<f32>,
}

impl Part {
    fn of(page: u32, s: &Segment) -> Part {
        Part { page, y0: s.y0, y1: s.y1, x0: s.x0, x1: s.x1, text: s.text.clone(), confidence: s.confidence }
    }
}

impl Draft {
    fn text(&self) -> String {
        let mut parts = self.parts.clone();
        parts.sort_by(|a, b| {
            (a.page, a.y0, a.x0).partial_cmp(&(b.page, b.y0, b.x0)).unwrap_or(std::cmp::Ordering::Equal)
        });
        // Fragments on one baseline read left to right; lines join CJK-style.
        let mut out = String::new();
        let mut prev: Option<(u32, f32)> = None;
        for Part { page, y0, text, .. } in parts {
            match prev {
                Some((p, y)) if p == page && (y0 - y).abs() < 2.0 => out.push_str(&text),
                _ => out = join_text(&out, &text),
            }
            prev = Some((page, y0));
        }
        out
    }
    /// The box around its text on the page of its first part.
    fn bbox(&self) -> Option<[f32; 4]> {
        let page = self.parts.first()?.page;
        let on_page = self.parts.iter().filter(|p| p.page == page);
        let mut b = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
        for p in on_page {
            b = [b[0].min(p.x0), b[1].min(p.y0), b[2].max(p.x1), b[3].max(p.y1)];
        }
        b.iter().all(|v| v.is_finite()).then_some(b)
    }

    /// Horizontal centre of its text.
    fn centre_x(&self) -> f32 {
        let x0 = self.parts.iter().map(|p| p.x0).fold(f32::INFINITY, f32::min);
        let x1 = self.parts.iter().map(|p| p.x1).fold(f32::NEG_INFINITY, f32::max);
        (x0 + x1) / 2.0
    }
    fn bottom(&self) -> (u32, f32) {
        self.parts
            .iter()
            .map(|p| (p.page, p.y1))
            .fold((0, f32::NEG_INFINITY), |a, b| if (b.0, b.1) > a { b } else { a })
    }
    fn top(&self) -> (u32, f32) {
        self.parts
            .iter()
            .map(|p| (p.page, p.y0))
            .fold((u32::MAX, f32::INFINITY), |a, b| if (b.0, b.1) < a { b } else { a })
    }
}

/// Rebuilds the table that `lines` (in reading order, possibly over several pages) print.
pub fn table_from_lines(lines: &[&Line], rules: &[RowRule]) -> Option<Table> {
    let data: Vec<usize> = (0..lines.len()).filter(|&i| is_data_line(lines[i])).collect();
    let first_data = *data.first()?;
    let size = {
        let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
        sizes.sort_by(f32::total_cmp);
        sizes[sizes.len() / 2]
    };
    let columns = find_columns(lines, &data, size)?;
    let n_cols = columns.count();

    let centre = |l: &Line| (l.y0 + l.y1) / 2.0;
    // A header repeated at the top of a continuation page is dropped.
    let header_texts: std::collections::HashSet<&str> =
        lines[..first_data].iter().flat_map(|l| l.segments.iter().map(|s| s.text.as_str())).collect();
    let mut skip = vec![false; lines.len()];
    let mut k = first_data + 1;
    while k < lines.len() {
        if lines[k].page != lines[k - 1].page {
            while k < lines.len()
                && !data.contains(&k)
                && lines[k].segments.iter().all(|s| header_texts.contains(s.text.as_str()))
            {
                skip[k] = true;
                k += 1;
            }
        }
        k += 1;
    }

    // Body rows: one per numbers line, and one per line with text over the value columns
    // (a block title or an inner header).
    let value_x = columns.edges[columns.first_value];
    let over_values = |l: &Line| l.segments.iter().any(|seg| (seg.x0 + seg.x1) / 2.0 >= value_x);
    // Label lines between the header and the first numbers that stand in the rows' label
    // column, level with the first row's label or set further out, are the body's: a section
    // row (`Class A` over its rows, `Revenue` over indented items) or the first row's label
    // wrapped.
    let leaf = columns.first_value.checked_sub(1);
    let first_label_x = lines[first_data].segments.first().map(|s| s.x0);
    let in_label_column = |l: &Line| {
        l.segments.iter().all(|seg| {
            leaf.is_some_and(|leaf| columns.span(seg) == (leaf, leaf))
                && first_label_x.is_some_and(|x| seg.x0 - x < 0.5 * size)
        })
    };
    let mut body_start = first_data;
    while body_start > 0
        && lines[body_start - 1].page == lines[first_data].page
        && in_label_column(lines[body_start - 1])
    {
        body_start -= 1;
    }
    let mut body_rows: Vec<Vec<(usize, usize)>> = Vec::new(); // (line, segment)
    let mut row_of_line: Vec<Option<usize>> = vec![None; lines.len()];
    for i in first_data..lines.len() {
        if !skip[i] && (data.contains(&i) || over_values(lines[i])) {
            body_rows.push(Vec::new());
            row_of_line[i] = Some(body_rows.len() - 1);
        }
    }
    // Label segments form text blocks: stacked tightly and overlapping, on one page.
    let mut segs: Vec<(usize, usize)> = Vec::new();
    for i in body_start..lines.len() {
        if skip[i] {
            continue;
        }
        for (j, seg) in lines[i].segments.iter().enumerate() {
            // A row's own numbers and titles stay with it; labels may belong elsewhere.
            let label = (seg.x0 + seg.x1) / 2.0 < value_x;
            match row_of_line[i] {
                Some(r) if !(data.contains(&i) && label) => body_rows[r].push((i, j)),
                _ => segs.push((i, j)),
            }
        }
    }
    let seg_of = |&(i, j): &(usize, usize)| &lines[i].segments[j];
    // How far the labels ending in each label column reach: where the lines of its cells,
    // all as wide, wrap. A label over more columns (a section heading set further out) ends
    // where those of its last column do.
    let mut label_right: std::collections::HashMap<usize, f32> = Default::default();
    for line in &lines[body_start..] {
        for seg in line.segments.iter().filter(|seg| (seg.x0 + seg.x1) / 2.0 < value_x) {
            let right = label_right.entry(columns.span(seg).1).or_insert(f32::NEG_INFINITY);
            *right = right.max(seg.x1);
        }
    }
    let wraps = |upper: &Segment, lower: &Segment| {
        let right = label_right.get(&columns.span(upper).1).copied().unwrap_or(f32::INFINITY);
        wraps_into(upper, lower, right, size)
    };
    let mut parent: Vec<usize> = (0..segs.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut order: Vec<usize> = (0..segs.len()).collect();
    order.sort_by(|&a, &b| {
        (lines[segs[a].0].page, seg_of(&segs[a]).y0)
            .partial_cmp(&(lines[segs[b].0].page, seg_of(&segs[b]).y0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for (n, &a) in order.iter().enumerate() {
        for &b in order[n + 1..].iter() {
            let (sa, sb) = (seg_of(&segs[a]), seg_of(&segs[b]));
            if lines[segs[a].0].page != lines[segs[b].0].page || sb.y0 - sa.y1 > BLOCK_GAP * size {
                if sb.y0 - sa.y1 > 3.0 * size {
                    break;
                }
                continue;
            }
            // Lines of one wrapped cell share a centre (centred text) or a left edge within
            // the same columns (left-aligned text).
            let same_centre = ((sa.x0 + sa.x1) - (sb.x0 + sb.x1)).abs() / 2.0 < 0.6 * size;
            let same_left = (sa.x0 - sb.x0).abs() < 0.5 * size && columns.span(sa) == columns.span(sb);
            // A line set further in that starts in lower case hangs under the line above: its
            // cell's text goes on (`Murder and nonnegligent` over `  manslaughter`).
            let hanging = sb.x0 > sa.x0
                && sb.x0 - sa.x0 < HANGING_INDENT * size
                && columns.span(sa) == columns.span(sb)
                && sb.text.chars().next().is_some_and(char::is_lowercase);
            if sb.y0 >= sa.y1 - 0.5 * size && (same_centre || same_left || hanging) && wraps(sa, sb) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                if ra != rb {
                    // Two rows' numbers lines never share a block.
                    let rows_in = |r: usize, parent: &mut [usize]| -> Vec<usize> {
                        (0..segs.len())
                            .filter(|&k| root(parent, k) == r)
                            .filter_map(|k| if data.contains(&segs[k].0) { row_of_line[segs[k].0] } else { None })
                            .collect()
                    };
                    let (xa, xb) = (rows_in(ra, &mut parent), rows_in(rb, &mut parent));
                    if xa.is_empty() || xb.is_empty() || xa == xb {
                        parent[ra.max(rb)] = ra.min(rb);
                    }
                }
            }
        }
    }
    let mut blocks: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for k in 0..segs.len() {
        let r = root(&mut parent, k);
        blocks.entry(r).or_default().push(k);
    }
    let anchored_rows = |members: &[usize]| -> std::collections::BTreeSet<usize> {
        members.iter().filter(|&&k| data.contains(&segs[k].0)).filter_map(|&k| row_of_line[segs[k].0]).collect()
    };
    // Where each block goes: the row of the one numbers line it is on, else (on none, or
    // across several: a merged row header) the row nearest its middle on its page, unless it
    // is a row of its own. Blocks on one numbers line are placed first, so that a block on
    // none knows the labels of the rows around it.
    let blocks: Vec<&Vec<usize>> = blocks.values().collect();
    let mut row_of_block: Vec<Option<usize>> = blocks
        .iter()
        .map(|m| Some(anchored_rows(m)).filter(|rows| rows.len() == 1).and_then(|rows| rows.first().copied()))
        .collect();
    let mut labels_of_row: Vec<Vec<&Segment>> = vec![Vec::new(); body_rows.len()];
    for (members, row) in blocks.iter().zip(&row_of_block) {
        if let Some(r) = *row {
            labels_of_row[r].extend(members.iter().map(|&k| seg_of(&segs[k])));
        }
    }
    // Rows of their own that blocks on no numbers line make (section rows), by the line they
    // start on.
    let mut own_rows: Vec<(usize, usize)> = Vec::new();
    for (b, members) in blocks.iter().enumerate() {
        if row_of_block[b].is_some() {
            continue;
        }
        let page = lines[segs[members[0]].0].page;
        let top = members.iter().map(|&k| seg_of(&segs[k]).y0).fold(f32::INFINITY, f32::min);
        let bottom = members.iter().map(|&k| seg_of(&segs[k]).y1).fold(f32::NEG_INFINITY, f32::max);
        let middle = (top + bottom) / 2.0;
        let nearest = data
            .iter()
            .filter(|&&d| lines[d].page == page && !skip[d])
            .min_by(|&&a, &&b| (centre(lines[a]) - middle).abs().total_cmp(&(centre(lines[b]) - middle).abs()))
            .copied();
        let Some(d) = nearest else { continue };
        let Some(r) = row_of_line[d] else { continue };
        row_of_block[b] = Some(r);
        let first = members.iter().min_by(|&&a, &&b| seg_of(&segs[a]).y0.total_cmp(&seg_of(&segs[b]).y0));
        let last = members.iter().max_by(|&&a, &&b| seg_of(&segs[a]).y1.total_cmp(&seg_of(&segs[b]).y1));
        let (Some(&first), Some(&last)) = (first, last) else { continue };
        let (first_seg, last_seg) = (seg_of(&segs[first]), seg_of(&segs[last]));
        let col = columns.span(first_seg).0;
        // Section rows stand in the column of the rows' own labels; a block in a column of
        // row headers left of it heads the rows beside it.
        if col + 1 != columns.first_value {
            continue;
        }
        // The row's own label in the block's column, level with the block's start or right
        // of it (a heading over indented items; a hanging line is a wrapped cell's).
        let row_labels: Vec<&&Segment> = labels_of_row[r]
            .iter()
            .filter(|seg| (seg.x0 + seg.x1) / 2.0 < value_x && columns.span(seg).0 == col)
            .filter(|seg| first_seg.x0 <= seg.x0 + 0.5 * size)
            .collect();
        let ends_its_cell = if bottom <= lines[d].y0 {
            // Above the row: its last line stops short of the row label's first word.
            row_labels.iter().min_by(|a, b| a.y0.total_cmp(&b.y0)).is_some_and(|below| !wraps(last_seg, below))
        } else if top >= lines[d].y1 {
            // Below the row: the row's last label line stops short of the block's first word.
            row_labels.iter().max_by(|a, b| a.y1.total_cmp(&b.y1)).is_some_and(|above| !wraps(above, first_seg))
        } else {
            false
        };
        if ends_its_cell {
            row_of_block[b] = None;
            own_rows.push((segs[first].0, b));
        }
    }
    for (members, row) in blocks.iter().zip(&row_of_block) {
        if let Some(r) = *row {
            body_rows[r].extend(members.iter().map(|&k| segs[k]));
        }
    }
    if !own_rows.is_empty() {
        // Every row in the order of the line it starts on.
        let mut starts: Vec<usize> = vec![0; body_rows.len()];
        for (i, row) in row_of_line.iter().enumerate() {
            if let Some(r) = row {
                starts[*r] = i;
            }
        }
        let mut all: Vec<(usize, Vec<(usize, usize)>)> = starts.into_iter().zip(body_rows).collect();
        all.extend(own_rows.into_iter().map(|(start, b)| (start, blocks[b].iter().map(|&k| segs[k]).collect())));
        all.sort_by_key(|(start, _)| *start);
        body_rows = all.into_iter().map(|(_, row)| row).collect();
    }
    // Horizontal rules across the table (a table ruled between rows only) bound its rows:
    // every band between two of them is one row, whatever wraps inside it.
    let width = columns.edges[columns.count()] - columns.edges[0];
    let mut bands: Vec<(u32, f32, f32)> = Vec::new();
    let pages: std::collections::BTreeSet<u32> = lines[first_data..].iter().map(|l| l.page).collect();
    for page in pages {
        let mut ys: Vec<f32> =
            rules.iter().filter(|r| r.page == page && r.x1 - r.x0 >= 0.5 * width).map(|r| r.y).collect();
        ys.sort_by(f32::total_cmp);
        ys.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        bands.extend(ys.windows(2).map(|w| (page, w[0], w[1])));
    }
    let in_band = |page: u32, y: f32| bands.iter().position(|&(p, top, bottom)| p == page && y >= top && y < bottom);
    let banded = bands.len() >= 2 && data.iter().all(|&d| in_band(lines[d].page, centre(lines[d])).is_some()) && {
        let mut seen: Vec<usize> = data.iter().filter_map(|&d| in_band(lines[d].page, centre(lines[d]))).collect();
        seen.dedup();
        seen.len() == data.len()
    };
    if banded {
        let mut by_band: std::collections::BTreeMap<usize, Vec<(usize, usize)>> = Default::default();
        for (i, line) in lines.iter().enumerate().skip(body_start) {
            if skip[i] {
                continue;
            }
            for (j, seg) in line.segments.iter().enumerate() {
                if let Some(b) = in_band(line.page, (seg.y0 + seg.y1) / 2.0) {
                    by_band.entry(b).or_default().push((i, j));
                }
            }
        }
        body_rows = by_band.into_values().collect();
    }

    // Header: the lines above the body, stacked per column.
    let header_lines: Vec<usize> = (0..body_start).collect();
    let mut header = header_drafts(lines, &header_lines, &columns, size);
    let header_rows = header.iter().map(|d| d.row + d.row_span).max().unwrap_or(0);
    let mut drafts: Vec<Draft> = Vec::new();
    drafts.append(&mut header);
    for (r, members) in body_rows.iter().enumerate() {
        let row = header_rows + r;
        let mut in_row: Vec<Draft> = Vec::new();
        for &(i, j) in members {
            {
                let s = &lines[i].segments[j];
                let (a, b) = columns.span(s);
                let part = Part::of(lines[i].page, s);
                // A fragment narrower than a cell it sits in (a wrapped line) joins that cell.
                match in_row.iter_mut().find(|d| d.col <= a && d.col + d.col_span > b && a < columns.first_value) {
                    Some(d) => d.parts.push(part),
                    None => match in_row.iter_mut().find(|d| d.col == a && d.col_span == b - a + 1) {
                        Some(d) => d.parts.push(part),
                        None => in_row.push(Draft { row, row_span: 1, col: a, col_span: b - a + 1, parts: vec![part] }),
                    },
                }
            }
        }
        // A wider fragment may have come after a narrower one of the same cell.
        in_row.sort_by_key(|d| std::cmp::Reverse(d.col_span));
        let mut merged: Vec<Draft> = Vec::new();
        for d in in_row {
            match merged
                .iter_mut()
                .find(|m| m.col <= d.col && m.col + m.col_span >= d.col + d.col_span && d.col < columns.first_value)
            {
                Some(m) => m.parts.extend(d.parts),
                None => merged.push(d),
            }
        }
        // A row holding one heading over the values and nothing else opens a block of a
        // stacked table (`第二十条第（五）项`): it heads all the value columns.
        if let [only] = merged.as_mut_slice() {
            if only.col >= columns.first_value && !is_numeric(&only.text()) {
                (only.col, only.col_span) = columns.headed_by(only.centre_x());
            }
        }
        drafts.extend(merged);
    }
    let n_rows = header_rows + body_rows.len();
    merge_row_headers(&mut drafts, &columns, header_rows, n_rows, size);
    let cells = drafts
        .iter()
        .map(|d| Cell {
            row: d.row,
            col: d.col,
            row_span: d.row_span,
            col_span: d.col_span,
            text: d.text(),
            origin: Origin {
                page: d.parts.first().map(|p| p.page),
                bbox: d.bbox(),
                confidence: d.parts.iter().filter_map(|p| p.confidence).reduce(f32::min),
            },
        })
        .collect();
    let (n_cols, cells) = without_unused_columns(n_cols, cells);
    let (n_cols, cells) = with_exclusive_value_columns_merged(n_cols, columns.first_value, cells);
    let mut cells = with_blocks_packed_left(n_cols, cells);
    // In reading order, whatever order the stages placed them in.
    cells.sort_by_key(|c| (c.row, c.col));
    Some(Table {
        n_rows,
        n_cols,
        cells,
        origin: Origin { page: lines.first().map(|l| l.page), bbox: None, confidence: None },
        found_by: FoundBy::FigureRows,
    })
}

/// Drops the columns no cell starts in: every cell over such a column spans it together with
/// the one before (a boundary only a wrapped header line suggested), or it is empty.
fn without_unused_columns(n_cols: usize, mut cells: Vec<Cell>) -> (usize, Vec<Cell>) {
    let mut starts = vec![false; n_cols];
    for cell in &cells {
        if let Some(start) = starts.get_mut(cell.col) {
            *start = true;
        }
    }
    // New index of each old column: the columns kept before it.
    let mut index = Vec::with_capacity(n_cols + 1);
    let mut kept = 0;
    for (col, &start) in starts.iter().enumerate() {
        index.push(kept);
        if start || col == 0 {
            kept += 1;
        }
    }
    index.push(kept);
    if kept == n_cols {
        return (n_cols, cells);
    }
    for cell in &mut cells {
        let end = (cell.col + cell.col_span).min(n_cols);
        cell.col_span = index[end] - index[cell.col];
        cell.col = index[cell.col];
    }
    (kept, cells)
}

/// Merges neighbouring value columns that no row fills both of: the blocks of a stacked
/// table (t2's `第二十条第（X）项` parts) print their numbers at their own positions, and a
/// block with fewer columns starts at the same first one.
fn with_exclusive_value_columns_merged(n_cols: usize, first_value: usize, mut cells: Vec<Cell>) -> (usize, Vec<Cell>) {
    // For each column, the rows where a cell with text starts in it.
    let n_rows = cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
    let mut filled = vec![vec![false; n_rows]; n_cols];
    for c in cells.iter().filter(|c| !c.text.trim().is_empty()) {
        if let Some(rows) = filled.get_mut(c.col) {
            rows[c.row..c.row + c.row_span].iter_mut().for_each(|r| *r = true);
        }
    }
    let mut col = first_value;
    while col + 1 < filled.len() {
        let (this, next) = (&filled[col], &filled[col + 1]);
        let exclusive = this.contains(&true) && next.contains(&true) && this.iter().zip(next).all(|(a, b)| !(*a && *b));
        if !exclusive {
            col += 1;
            continue;
        }
        let next = filled.remove(col + 1);
        filled[col].iter_mut().zip(next).for_each(|(a, b)| *a |= b);
        for cell in &mut cells {
            let end = cell.col + cell.col_span;
            if cell.col > col {
                cell.col -= 1;
            }
            if end > col + 1 {
                cell.col_span = end - 1 - cell.col;
            }
        }
        // An empty cell now on a cell with text gives way to it.
        let texts: std::collections::HashSet<(usize, usize)> =
            cells.iter().filter(|c| !c.text.trim().is_empty()).map(|c| (c.row, c.col)).collect();
        cells.retain(|c| !c.text.trim().is_empty() || !texts.contains(&(c.row, c.col)));
    }
    (filled.len(), cells)
}

/// The blocks of a stacked table (rows between two title rows, each title one cell over the
/// labels and the values) that print fewer columns of values than the table has, packed from its first
/// value column: their cells are wider than the table's columns, so each lands in whichever
/// column lies under its centre (`行政许可 | | 66 |` for a value merged over three). A block's
/// columns are the runs of its value cells' boxes that overlap. A block of one column spans
/// all the value columns (its cells are centred over them); one of several takes the first
/// ones, as no table column says how far each of its cells reaches. Blocks with as many
/// columns as the table are left as they are.
fn with_blocks_packed_left(n_cols: usize, mut cells: Vec<Cell>) -> Vec<Cell> {
    let Some(first_value) = cells.iter().filter(|c| is_numeric(&c.text)).map(|c| c.col).min() else { return cells };
    let n_rows = cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
    let has_text = |c: &Cell| !c.text.trim().is_empty();
    // A title row: one cell of text alone on its row, starting among the labels and reaching
    // over the values (a heading over the value columns only heads them, it opens no block).
    let is_title = |row: usize, cells: &[Cell]| {
        let in_row: Vec<&Cell> = cells.iter().filter(|c| c.row == row && has_text(c)).collect();
        matches!(in_row.as_slice(), [only] if only.col < first_value
            && only.col + only.col_span > first_value
            && only.row_span == 1
            && !is_numeric(&only.text))
    };
    let titles: Vec<usize> = (0..n_rows).filter(|&r| is_title(r, &cells)).collect();
    if titles.len() < 2 {
        return cells;
    }
    let mut bounds = titles;
    bounds.push(n_rows);
    for pair in bounds.windows(2) {
        let rows = pair[0] + 1..pair[1];
        let in_block = |c: &Cell| rows.contains(&c.row) && c.row_span == 1 && c.col >= first_value;
        let boxes: Vec<(f32, f32)> = cells
            .iter()
            .filter(|c| in_block(c) && has_text(c))
            .filter_map(|c| c.origin.bbox)
            .map(|b| (b[0], b[2]))
            .collect();
        let block_columns = clusters(boxes, 0.0);
        if block_columns.is_empty() || block_columns.len() >= n_cols - first_value {
            continue;
        }
        cells.retain(|c| !in_block(c) || has_text(c));
        for c in cells.iter_mut().filter(|c| in_block(c)) {
            let Some([x0, _, x1, _]) = c.origin.bbox else { continue };
            let index = block_columns.iter().position(|&(a, b)| x0 <= b && x1 >= a).unwrap_or(0);
            c.col = first_value + index;
            c.col_span = if block_columns.len() == 1 { n_cols - first_value } else { 1 };
        }
    }
    cells
}

/// Header cells: fragments stacked in one column span join into one cell; cells are put in
/// rows by their vertical level; then group headings widen over empty neighbours and the
/// lowest heading of each column reaches down to the body.
fn header_drafts(lines: &[&Line], header: &[usize], columns: &Columns, size: f32) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    for &i in header {
        for s in &lines[i].segments {
            let (mut a, mut b) = columns.heads(s);
            // Header text is centred in its cell, so a line wider than its cell (`本年制发`
            // over `件数`) stays on the side of the label/value divide its centre is on.
            let first_value = columns.first_value;
            if a < first_value && first_value <= b {
                if (s.x0 + s.x1) / 2.0 >= columns.edges[first_value] {
                    a = first_value;
                } else {
                    b = first_value - 1;
                }
            }
            let part = Part::of(lines[i].page, s);
            let in_label_area = |col: usize, span: usize| col + span <= columns.first_value;
            // Whether the segment lies within a draft's extent, widened by `slack` each side.
            let inside_extent =
                |d: &Draft, slack: f32| d.bbox().is_some_and(|[x0, _, x1, _]| s.x0 >= x0 - slack && s.x1 <= x1 + slack);
            let stacked = drafts.iter_mut().find(|d| {
                let (page, bottom) = d.bottom();
                let below = page == lines[i].page && s.y0 - bottom < 0.6 * size;
                // Label-area lines of one wrapped heading are centred under each other, so
                // they need not start in the same column.
                // A wrapped heading's next line, shorter, starts or centres where it does: it
                // may stand over no figures and so seem to head other columns (`Change` over
                // `(%)`).
                let within = inside_extent(d, 0.5 * size)
                    && d.bbox().is_some_and(|[x0, _, x1, _]| {
                        let same_left = (s.x0 - x0).abs() < 0.5 * size;
                        let same_centre = ((s.x0 + s.x1) - (x0 + x1)).abs() / 2.0 < 0.6 * size;
                        same_left || same_centre
                    });
                let under = (d.col == a && d.col_span == b - a + 1)
                    || (in_label_area(a, b - a + 1) && in_label_area(d.col, d.col_span) && inside_extent(d, size))
                    || (!in_label_area(d.col, d.col_span) && within);
                // A heading with two headings of the next line under it groups them; a wrapped
                // heading's next line is the only text under it.
                let grouping = d.bbox().is_some_and(|[x0, _, x1, _]| {
                    lines[i].segments.iter().filter(|o| o.x1 > x0 && o.x0 < x1).count() >= 2
                });
                below && under && !grouping
            });
            match stacked {
                Some(d) => {
                    // A line inside the heading's extent adds no columns to it.
                    if !inside_extent(d, 0.5 * size) || (d.col < columns.first_value && a < columns.first_value) {
                        let end = (d.col + d.col_span).max(b + 1);
                        d.col = d.col.min(a);
                        d.col_span = end - d.col;
                    }
                    d.parts.push(part);
                }
                None => drafts.push(Draft { row: 0, row_span: 1, col: a, col_span: b - a + 1, parts: vec![part] }),
            }
        }
    }
    if drafts.is_empty() {
        return drafts;
    }
    // Levels. The lowest single-column cell of each value column is a leaf heading and they
    // share the last level; the group headings above are put in levels by vertical centre;
    // label-area cells span every level.
    let centre = |d: &Draft| (d.top().1 + d.bottom().1) / 2.0;
    let n_cols = columns.count();
    let mut leaf = vec![false; drafts.len()];
    for c in columns.first_value..n_cols {
        let lowest = drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.col_span == 1 && d.col == c)
            .max_by(|a, b| a.1.bottom().1.total_cmp(&b.1.bottom().1))
            .map(|(k, _)| k);
        if let Some(k) = lowest {
            leaf[k] = true;
        }
    }
    let mut leaf_centres: Vec<f32> =
        drafts.iter().enumerate().filter(|(k, _)| leaf[*k]).map(|(_, d)| centre(d)).collect();
    leaf_centres.sort_by(f32::total_cmp);
    let typical_leaf = leaf_centres.get(leaf_centres.len() / 2).copied().unwrap_or(0.0);
    // A heading over two columns printed on the leaves' line is a leaf too (a column whose
    // numbers sit apart in other blocks of a stacked table), not a level of its own.
    let on_leaf_line = |d: &Draft| !leaf_centres.is_empty() && (centre(d) - typical_leaf).abs() < 0.4 * size;
    let mut centres: Vec<f32> = drafts
        .iter()
        .enumerate()
        .filter(|(k, d)| d.col >= columns.first_value && !leaf[*k] && !on_leaf_line(d))
        .map(|(_, d)| centre(d))
        .collect();
    centres.sort_by(f32::total_cmp);
    let mut levels: Vec<f32> = Vec::new();
    for c in centres {
        if levels.last().is_none_or(|l| c - l > 0.8 * size) {
            levels.push(c);
        }
    }
    let n_levels = levels.len() + 1;
    // Leaves with a group heading above them: they stand under it, in the last level.
    let grouped: Vec<bool> = (0..drafts.len())
        .map(|k| {
            let d = &drafts[k];
            drafts.iter().enumerate().any(|(j, g)| {
                j != k && !leaf[j] && g.col <= d.col && d.col < g.col + g.col_span && centre(g) < centre(d)
            })
        })
        .collect();
    for (k, d) in drafts.iter_mut().enumerate() {
        if d.col < columns.first_value {
            d.row = 0;
            d.row_span = n_levels;
        } else if on_leaf_line(d) || (leaf[k] && (centre(d) >= typical_leaf || grouped[k])) {
            d.row = n_levels - 1;
        } else if leaf[k] {
            // A leaf set higher than the others, centred on the header's full height beside a
            // group, spans from its level down to the leaves' (`合计` beside `公务用车…` over
            // `小计 | 购置费 | 运行费`).
            let c = centre(d);
            d.row = levels.iter().rposition(|l| c >= l - 0.4 * size).unwrap_or(0);
            d.row_span = n_levels - d.row;
        } else {
            let c = centre(d);
            d.row = levels.iter().rposition(|l| c >= l - 0.4 * size).unwrap_or(0);
        }
    }
    let covered = |drafts: &[Draft], r: usize, c: usize, skip: usize| {
        drafts.iter().enumerate().any(|(k, d)| {
            k != skip && (d.row..d.row + d.row_span).contains(&r) && (d.col..d.col + d.col_span).contains(&c)
        })
    };
    // A centred heading's true span is symmetric about its text: the widest run of columns
    // centred on it, inside its parent heading, over positions no other cell holds.
    let edges = &columns.edges;
    let widen = |drafts: &mut Vec<Draft>, row: usize| {
        for k in 0..drafts.len() {
            if drafts[k].row != row || drafts[k].col < columns.first_value || leaf[k] {
                continue;
            }
            let (a0, b0) = (drafts[k].col, drafts[k].col + drafts[k].col_span - 1);
            let cx = drafts[k].centre_x();
            let parent = drafts
                .iter()
                .enumerate()
                .find(|(p, d)| {
                    *p != k
                        && d.row + d.row_span == row
                        && d.col_span > 1
                        && edges[d.col] <= cx
                        && cx <= edges[d.col + d.col_span]
                })
                .map(|(_, d)| (d.col, d.col + d.col_span - 1));
            let (lo, hi) = parent.unwrap_or((columns.first_value, n_cols - 1));
            let width = edges[a0 + 1] - edges[a0];
            let mut best = (a0, b0);
            for a in lo..=a0 {
                for b in b0..=hi {
                    let mid = (edges[a] + edges[b + 1]) / 2.0;
                    let free = (a..=b).all(|c| (a0..=b0).contains(&c) || !covered(drafts, row, c, k));
                    if free && (mid - cx).abs() <= 0.25 * width && b - a > best.1 - best.0 {
                        best = (a, b);
                    }
                }
            }
            drafts[k].col = best.0;
            drafts[k].col_span = best.1 - best.0 + 1;
        }
    };
    // The top heading spans what it stands over (all the value columns when it is the only
    // one); leaf headings reach up; the rest widen.
    if n_levels > 1 {
        let top: Vec<usize> = (0..drafts.len())
            .filter(|&k| drafts[k].row == 0 && drafts[k].col >= columns.first_value && !leaf[k])
            .collect();
        let beside = |k: usize| {
            let ((page, top), (_, bottom)) = (drafts[k].top(), drafts[k].bottom());
            drafts.iter().enumerate().any(|(j, d)| {
                j != k && d.col >= columns.first_value && d.top().0 == page && d.top().1 < bottom && top < d.bottom().1
            })
        };
        if let [only] = top.as_slice() {
            if !beside(*only) {
                let (col, span) = columns.headed_by(drafts[*only].centre_x());
                (drafts[*only].col, drafts[*only].col_span) = (col, span);
                if col == 0 {
                    // It stands over the label column's heading too (`信息内容`).
                    for (k, d) in drafts.iter_mut().enumerate() {
                        if k != *only && d.col < columns.first_value && d.row == 0 {
                            (d.row, d.row_span) = (1, n_levels - 1);
                        }
                    }
                }
            }
        }
        widen(&mut drafts, 0);
    }
    // A leaf centred higher than the others stands in a taller cell: it reaches up into the
    // levels above that nothing covers.
    for k in 0..drafts.len() {
        if !leaf[k] || centre(&drafts[k]) > typical_leaf - 0.3 * size {
            continue;
        }
        let c = drafts[k].col;
        while drafts[k].row > 1 && !covered(&drafts, drafts[k].row - 1, c, k) {
            drafts[k].row -= 1;
            drafts[k].row_span += 1;
        }
    }
    for row in 1..n_levels {
        widen(&mut drafts, row);
    }
    drafts
}

/// Rows a table must have before a column filled in nearly all of them is known to label
/// each row rather than head several.
const MIN_LABEL_COLUMN_ROWS: usize = 4;
/// The share of the body's rows a column of row labels fills; row headers, printed once for
/// several rows, fill far fewer.
const LABEL_COLUMN_FILL: f32 = 0.8;

/// Row headers printed once for several rows (`三、本` / `年度办` / `理结果`): fragments of one
/// text block in a label column become one cell, which spans the rows around it that print
/// nothing in that column.
fn merge_row_headers(drafts: &mut Vec<Draft>, columns: &Columns, header_rows: usize, n_rows: usize, size: f32) {
    let leaf_col = columns.first_value.saturating_sub(1);
    let body_rows = n_rows.saturating_sub(header_rows);
    for col in 0..leaf_col {
        // A column with a text in nearly every row (names beside a column of words such as
        // `新建`) labels each row: it holds no row headers to join or spread.
        let filled = (header_rows..n_rows)
            .filter(|&r| drafts.iter().any(|d| d.row == r && d.col == col && d.col_span == 1))
            .count();
        if body_rows >= MIN_LABEL_COLUMN_ROWS && filled as f32 >= LABEL_COLUMN_FILL * body_rows as f32 {
            continue;
        }
        // Join vertically contiguous fragments of the same single-column cell.
        let mut k = 0;
        while k < drafts.len() {
            let d = &drafts[k];
            if d.col != col || d.col_span != 1 || d.row < header_rows {
                k += 1;
                continue;
            }
            let (page, bottom) = d.bottom();
            let next = drafts.iter().position(|e| {
                e.col == col
                    && e.col_span == 1
                    && e.row == d.row + d.row_span
                    && e.top().0 == page
                    && e.top().1 - bottom < 0.6 * size
            });
            match next {
                Some(j) => {
                    let e = drafts.remove(j);
                    let k2 = if j < k { k - 1 } else { k };
                    drafts[k2].row_span += e.row_span;
                    drafts[k2].parts.extend(e.parts);
                    k = k2;
                }
                None => k += 1,
            }
        }
        // Spread each over the empty rows around it, but not over a row whose label is its
        // sibling (`三、本年度办理结果` never covers `一、本年新收…`). They grow a row a side
        // at a time, all of them in turn, so that the rows between two headings go to the
        // nearer one: each is centred on its rows.
        let enumerations: Vec<Option<(u8, u32)>> = drafts.iter().map(|d| enumeration(&d.text())).collect();
        // A label with no label beside it in its own rows (`（七）总计` left of an empty leaf
        // cell) labels those rows itself; it heads no others.
        let beside = |drafts: &[Draft], k: usize| {
            let rows = drafts[k].row..drafts[k].row + drafts[k].row_span;
            drafts.iter().any(|d| d.col > col && d.col <= leaf_col && rows.contains(&d.row))
        };
        let heads: Vec<usize> = (0..drafts.len())
            .filter(|&k| drafts[k].col == col && drafts[k].col_span == 1 && drafts[k].row >= header_rows)
            .filter(|&k| beside(drafts, k))
            .collect();
        // A head that cannot grow either way never can again (rows only fill up): it leaves.
        let mut active = heads;
        while !active.is_empty() {
            let mut still: Vec<usize> = Vec::with_capacity(active.len());
            for &k in &active {
                let mut grew = false;
                let level = enumerations[k].map(|(level, _)| level);
                let label_in_row = |drafts: &[Draft], r: usize, wanted: &dyn Fn((u8, u32)) -> bool| {
                    drafts.iter().zip(&enumerations).any(|(d, e)| {
                        (d.row..d.row + d.row_span).contains(&r)
                            && d.col > col
                            && d.col <= leaf_col
                            && e.is_some_and(wanted)
                    })
                };
                // Siblings (`一、` beside `三、`) are never under it; the first child (`（一）`
                // under `三、`) opens a group, which the header above does not cover.
                let sibling =
                    |drafts: &[Draft], r: usize| level.is_some_and(|h| label_in_row(drafts, r, &|(l, _)| l == h));
                let first_child = |drafts: &[Draft], r: usize| {
                    level.is_some_and(|h| label_in_row(drafts, r, &|(l, n)| l == h + 1 && n == 1))
                };
                let free = |drafts: &[Draft], r: usize| {
                    !sibling(drafts, r)
                        && !drafts.iter().any(|d| {
                            (d.row..d.row + d.row_span).contains(&r) && (d.col..d.col + d.col_span).contains(&col)
                        })
                };
                if drafts[k].row > header_rows && !first_child(drafts, drafts[k].row) && free(drafts, drafts[k].row - 1)
                {
                    drafts[k].row -= 1;
                    drafts[k].row_span += 1;
                    grew = true;
                }
                let below = drafts[k].row + drafts[k].row_span;
                if below < n_rows && free(drafts, below) && !first_child(drafts, below) {
                    drafts[k].row_span += 1;
                    grew = true;
                }
                if grew {
                    still.push(k);
                }
            }
            active = still;
        }
    }
    // A label with empty cells to its left in all of its rows is a merged cell whose text
    // was centred: it starts where the cells to its left are taken.
    for k in 0..drafts.len() {
        let d = &drafts[k];
        if d.col > leaf_col {
            continue;
        }
        let rows = d.row..d.row + d.row_span;
        let taken = |col: usize| {
            drafts.iter().any(|e| {
                e.row < rows.end && rows.start < e.row + e.row_span && (e.col..e.col + e.col_span).contains(&col)
            })
        };
        let mut col = d.col;
        while col > 0 && !taken(col - 1) {
            col -= 1;
        }
        drafts[k].col_span += drafts[k].col - col;
        drafts[k].col = col;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line at `y`, 9 points tall, of segments (text, x0, x1).
    fn line(y: f32, segments: &[(&str, f32, f32)]) -> Line {
        Line::of_segments(y, 9.0, segments)
    }

    #[test]
    fn a_placeholder_centred_in_its_cell_joins_its_column_and_a_column_of_dashes_stays() {
        // Figures right-aligned at 356; a dash centred at 308 on a line with no figure there.
        let a = line(100.0, &[("A", 40.0, 50.0), ("8.2%", 230.0, 258.0), ("-1.5%", 325.0, 356.0)]);
        let b = line(115.0, &[("B", 40.0, 50.0), ("1.1%", 230.0, 258.0), ("—", 303.0, 314.0)]);
        let refs = [&a, &b];
        let clusters = vec![(230.0, 258.0), (303.0, 314.0), (325.0, 356.0)];
        assert_eq!(with_lone_marks_merged(clusters.clone(), &refs, &[0, 1]), [(230.0, 258.0), (303.0, 356.0)]);
        // The same dashes on the lines that print the next column's figures are a column.
        let c = line(100.0, &[("C", 40.0, 50.0), ("8.2%", 230.0, 258.0), ("-", 303.0, 314.0), ("1.5", 325.0, 356.0)]);
        let d = line(115.0, &[("D", 40.0, 50.0), ("1.1%", 230.0, 258.0), ("-", 303.0, 314.0), ("2.5", 325.0, 356.0)]);
        assert_eq!(with_lone_marks_merged(clusters.clone(), &[&c, &d], &[0, 1]), clusters);
    }

    #[test]
    fn rows_of_two_tables_side_by_side_are_rows_and_words_with_numbers_are_not() {
        let rows = line(
            100.0,
            &[
                ("Present", 40.0, 74.0),
                ("217", 135.0, 152.0),
                ("0", 215.0, 221.0),
                ("Votes for", 292.0, 332.0),
                ("129", 405.0, 422.0),
                ("0", 465.0, 471.0),
            ],
        );
        let page = line(100.0, &[("Page", 40.0, 60.0), ("1", 65.0, 70.0), ("of", 75.0, 85.0), ("9", 90.0, 95.0)]);
        let figures_then_words =
            line(100.0, &[("217", 40.0, 60.0), ("0", 65.0, 70.0), ("Votes", 75.0, 95.0), ("9", 100.0, 105.0)]);
        assert!(is_rows_line(&rows));
        assert!(!is_rows_line(&page));
        assert!(!is_rows_line(&figures_then_words));
        let header = line(86.0, &[("Identified", 100.0, 141.0), ("Total", 255.0, 282.5), ("Members", 385.0, 427.0)]);
        let absent = line(
            114.0,
            &[("Absent", 40.0, 71.0), ("40", 270.0, 281.0), ("Votes against", 292.0, 353.0), ("65", 410.0, 421.0)],
        );
        let gutter = side_by_side_gutter(&[&header, &rows, &absent]).expect("a gutter");
        assert!((gutter - 286.5).abs() < 0.01, "{gutter}");
        // One line with a label after its figures is no evidence of a second table.
        assert_eq!(side_by_side_gutter(&[&header, &rows]), None);
        let across = line(128.0, &[("A note running over both", 200.0, 360.0)]);
        assert_eq!(side_by_side_gutter(&[&header, &rows, &absent, &across]), None);
        // A column of units between figure columns is one table's.
        let steel = line(
            100.0,
            &[
                ("Steel", 40.0, 70.0),
                ("12", 120.0, 130.0),
                ("t", 150.0, 155.0),
                ("300", 200.0, 215.0),
                ("400", 250.0, 265.0),
            ],
        );
        let copper = line(
            114.0,
            &[
                ("Copper", 40.0, 75.0),
                ("7", 125.0, 130.0),
                ("kg", 150.0, 160.0),
                ("31", 205.0, 215.0),
                ("42", 255.0, 265.0),
            ],
        );
        assert_eq!(side_by_side_gutter(&[&steel, &copper]), None);
    }

    #[test]
    fn names_in_every_row_beside_a_column_of_words_stay_a_row_each() {
        // A category centred beside its rows, a project name in every row, then a word
        // (`新建`) and a figure: the names are row labels, not one row header.
        let lines = [
            line(
                100.0,
                &[("类别", 40.0, 58.0), ("项目名称", 120.0, 156.0), ("性质", 250.0, 268.0), ("总投资", 330.0, 357.0)],
            ),
            line(114.0, &[("卫生院项目", 120.0, 165.0), ("新建", 250.0, 268.0), ("22,023", 330.0, 357.0)]),
            line(
                125.0,
                &[
                    ("交通运输", 40.0, 76.0),
                    ("供水管网项目", 120.0, 174.0),
                    ("改扩建", 250.0, 277.0),
                    ("36,879", 330.0, 357.0),
                ],
            ),
            line(136.0, &[("养老中心项目", 120.0, 174.0), ("新建", 250.0, 268.0), ("9,500", 334.0, 357.0)]),
            line(147.0, &[("校舍项目", 120.0, 156.0), ("续建", 250.0, 268.0), ("1,200", 334.0, 357.0)]),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let table = table_from_lines(&refs, &[]).expect("table");
        let names: Vec<String> = table.expanded().iter().map(|row| row[1].clone()).collect();
        assert_eq!(names, ["项目名称", "卫生院项目", "供水管网项目", "养老中心项目", "校舍项目"]);
    }

    #[test]
    fn a_heading_wider_than_its_figures_heads_their_column_alone() {
        // Headings right-aligned over right-aligned figures reach into the gap before them
        // (`weighted school` from 499, the column before ends its figures at 485).
        let lines = [
            line(100.0, &[("Combined", 519.0, 554.0)]),
            line(110.0, &[("Percentage of", 161.0, 209.0), ("weighted school", 499.0, 554.0)]),
            line(
                120.0,
                &[
                    ("Education system", 38.0, 99.0),
                    ("coverage", 177.0, 209.0),
                    ("Weighted student", 425.0, 485.0),
                    ("response rate", 507.0, 554.0),
                ],
            ),
            line(
                135.0,
                &[("Australia", 38.0, 68.0), ("100", 197.0, 209.0), ("95", 477.0, 485.0), ("93", 546.0, 554.0)],
            ),
            line(147.0, &[("Austria", 38.0, 62.0), ("100", 197.0, 209.0), ("98", 477.0, 485.0), ("98", 546.0, 554.0)]),
            line(
                159.0,
                &[("Azerbaijan", 38.0, 75.0), ("100", 197.0, 209.0), ("100", 473.0, 485.0), ("100", 542.0, 554.0)],
            ),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let table = table_from_lines(&refs, &[]).expect("table");
        assert_eq!(
            table.expanded(),
            [
                [
                    "Education system",
                    "Percentage of coverage",
                    "Weighted student",
                    "Combined weighted school response rate"
                ],
                ["Australia", "100", "95", "93"],
                ["Austria", "100", "98", "98"],
                ["Azerbaijan", "100", "100", "100"],
            ]
        );
    }

    fn boxed(row: usize, col: usize, col_span: usize, text: &str, x: (f32, f32)) -> Cell {
        Cell {
            row,
            col,
            row_span: 1,
            col_span,
            text: text.into(),
            origin: Origin { page: Some(1), bbox: Some([x.0, 0.0, x.1, 10.0]), confidence: None },
        }
    }

    #[test]
    fn blocks_with_fewer_columns_start_at_the_first_value_column() {
        // Columns: labels 0-100, values 100-200, 200-300, 300-400.
        let cells = vec![
            boxed(0, 0, 4, "第二十条第（一）项", (150.0, 250.0)),
            boxed(1, 0, 1, "规章", (10.0, 40.0)),
            boxed(1, 1, 1, "1", (145.0, 155.0)),
            boxed(1, 2, 1, "2", (245.0, 255.0)),
            boxed(1, 3, 1, "3", (345.0, 355.0)),
            boxed(2, 0, 4, "第二十条第（五）项", (150.0, 250.0)),
            // One value centred over the three columns: the middle one lies under it.
            boxed(3, 0, 1, "行政许可", (10.0, 60.0)),
            boxed(3, 2, 1, "7", (245.0, 255.0)),
            boxed(4, 0, 4, "第二十条第（八）项", (150.0, 250.0)),
            // Two values each over one and a half columns: centres in the first and third.
            boxed(5, 0, 1, "行政事业性收费", (10.0, 80.0)),
            boxed(5, 1, 1, "19", (170.0, 180.0)),
            boxed(5, 3, 1, "-2", (320.0, 330.0)),
        ];
        let packed = with_blocks_packed_left(4, cells);
        let placed: Vec<(usize, usize, usize, &str)> =
            packed.iter().map(|c| (c.row, c.col, c.col_span, c.text.as_str())).collect();
        assert_eq!(
            placed,
            [
                (0, 0, 4, "第二十条第（一）项"),
                (1, 0, 1, "规章"),
                (1, 1, 1, "1"),
                (1, 2, 1, "2"),
                (1, 3, 1, "3"),
                (2, 0, 4, "第二十条第（五）项"),
                (3, 0, 1, "行政许可"),
                (3, 1, 3, "7"),
                (4, 0, 4, "第二十条第（八）项"),
                (5, 0, 1, "行政事业性收费"),
                (5, 1, 1, "19"),
                (5, 2, 1, "-2"),
            ]
        );
    }

    fn cell(col: usize, col_span: usize, text: &str) -> Cell {
        Cell { row: 0, col, row_span: 1, col_span, text: text.into(), origin: Origin::default() }
    }

    #[test]
    fn drops_columns_no_cell_starts_in() {
        // Column 2 only ever continues a cell of column 1; column 4 is empty.
        let cells = vec![cell(0, 1, "a"), cell(1, 2, "b"), cell(3, 1, "c"), cell(5, 1, "d")];
        let (n_cols, cells) = without_unused_columns(6, cells);
        assert_eq!(n_cols, 4);
        let placed: Vec<(usize, usize, &str)> = cells.iter().map(|c| (c.col, c.col_span, c.text.as_str())).collect();
        assert_eq!(placed, vec![(0, 1, "a"), (1, 1, "b"), (2, 1, "c"), (3, 1, "d")]);
    }

    #[test]
    fn merges_value_columns_no_row_fills_both() {
        let at = |row: usize, col: usize, text: &str| Cell { row, ..cell(col, 1, text) };
        // A block of three values, then a block whose second value stands apart (column 2).
        let cells = vec![
            at(0, 0, "信息内容"),
            at(0, 1, "甲"),
            at(0, 3, "乙"),
            at(1, 0, "规章"),
            at(1, 1, "1"),
            at(1, 3, "2"),
            at(2, 0, "信息内容"),
            at(2, 1, "丙"),
            at(2, 2, "丁"),
            at(3, 0, "收费"),
            at(3, 1, "3"),
            at(3, 2, "4"),
        ];
        let (n_cols, cells) = with_exclusive_value_columns_merged(4, 1, cells);
        assert_eq!(n_cols, 3);
        let table = Table { n_rows: 4, n_cols, cells, origin: Origin::default(), found_by: FoundBy::FigureRows };
        assert_eq!(table.expanded()[1], ["规章", "1", "2"]);
        assert_eq!(table.expanded()[3], ["收费", "3", "4"]);
        // Columns that some row fills both of stay apart.
        let kept = vec![at(0, 1, "1"), at(0, 2, "2"), at(1, 2, "3")];
        assert_eq!(with_exclusive_value_columns_merged(3, 1, kept).0, 3);
    }
}
