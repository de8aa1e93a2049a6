//! Ruled cells that hold a table of their own, split by where their text leaves gaps.
//!
//! A frame with rules only between rows, or only around groups of columns, is found as a ruled
//! grid with too few columns: each cell holds a row of several values, or a whole block of rows.
//! Inside one grid column, the lines of text leave the same vertical gaps where the printer
//! drew no rule between columns; each line of such a cell is then a row of its own.
//!
//! Stages, each a pure function: the text lines of each cell (bands of glyphs) → the gaps the
//! lines of one grid column share → the split edges → cells, a word that crosses a split edge
//! (a heading centred over two columns) spanning the columns it covers.

use super::ruled::{CellBox, Grid};
use crate::numbers::{is_figure, is_zero_mark, parse_number};
use crate::page::Glyph;

/// Glyphs closer than this many ems are one chunk of text: letters of a word, words of a label
/// (a space is a quarter em), a dot leader's dots. A column gap is wider.
const CHUNK_GAP_EM: f32 = 0.6;
/// On a line whose writer typed its word spaces (glyphs shown after a space, running on from
/// it), a gap wider than this many ems that no space was typed into is where the writer placed
/// a new piece of text: the next cell's, however close (`sterilization|sterilization` under
/// two headings 0.3 em apart). Narrower gaps are kerning. Only a word is placed so: punctuation
/// set apart (leader dots, a decimal part spaced off its figure) continues the text before it.
const PLACED_GAP_EM: f32 = 0.2;
/// A gap between columns is a run of x no chunk of text covers in this many lines...
const MIN_GAP_LINES: usize = 3;
/// ... and in at least this fraction of the lines of the grid column: a gap most lines share.
const GAP_LINE_FRACTION: f32 = 0.5;
/// Lines that may cover a gap and still let it part columns, as a fraction of the lines with
/// text on both of its sides: headings centred over two columns.
const CROSSING_FRACTION: f32 = 0.2;
/// The fraction of a glyph's height, around its middle, that marks its line: glyphs whose
/// middles overlap are on one line; header lines staggered half a line apart are not.
pub(super) const LINE_OVERLAP: f32 = 0.5;

/// A line of text inside one cell: its vertical extent and the chunks of text on it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TextLine {
    pub(super) y0: f32,
    pub(super) y1: f32,
    /// Horizontal extents of the chunks, left to right.
    pub(super) chunks: Vec<(f32, f32)>,
    /// The centres of each chunk's first and last glyphs: a chunk crosses an edge only when
    /// its glyphs stand on both sides of it (a slash reaching half a point over it does not).
    pub(super) cores: Vec<(f32, f32)>,
    /// The median font size of its glyphs.
    pub(super) size: f32,
}

/// The glyphs of one cell as lines, top to bottom, each with its chunks.
pub(super) fn text_lines(glyphs: &[&Glyph]) -> Vec<TextLine> {
    let mut sorted: Vec<&Glyph> = glyphs.iter().copied().filter(|g| !g.vertical && !g.is_blank()).collect();
    sorted.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut bands: Vec<(f32, f32, Vec<&Glyph>)> = Vec::new();
    for g in sorted {
        let shrink = LINE_OVERLAP * (g.y1 - g.y0) / 2.0;
        let (y0, y1) = (g.y0 + shrink, g.y1 - shrink);
        match bands.last_mut() {
            Some(band) if y0 < band.1 => {
                band.1 = band.1.max(y1);
                band.2.push(g);
            }
            _ => bands.push((y0, y1, vec![g])),
        }
    }
    bands
        .into_iter()
        .map(|(y0, y1, mut line)| {
            let mut sizes: Vec<f32> = line.iter().map(|g| g.size).collect();
            sizes.sort_by(f32::total_cmp);
            let size = sizes[sizes.len() / 2];
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let typed_spaces = line.iter().any(|g| g.space_before);
            let mut chunks: Vec<(f32, f32)> = Vec::new();
            let mut cores: Vec<(f32, f32)> = Vec::new();
            for g in line {
                let gap = chunks.last().map(|last| g.x0 - last.1);
                let word = g.text.chars().next().is_some_and(char::is_alphanumeric);
                let placed =
                    typed_spaces && word && !g.space_before && gap.is_some_and(|gap| gap > PLACED_GAP_EM * g.size);
                match (chunks.last_mut(), cores.last_mut()) {
                    (Some(last), Some(core)) if gap.is_some_and(|gap| gap < CHUNK_GAP_EM * g.size) && !placed => {
                        last.1 = last.1.max(g.x1);
                        core.1 = g.cx();
                    }
                    _ => {
                        chunks.push((g.x0, g.x1));
                        cores.push((g.cx(), g.cx()));
                    }
                }
            }
            TextLine { y0, y1, chunks, cores, size }
        })
        .collect()
}

/// The x positions inside `(left, right)` where the lines' text parts columns: the middles of
/// the gaps most lines leave open.
fn column_splits(lines: &[&TextLine], left: f32, right: f32) -> Vec<f32> {
    // Every chunk's ends cut the span into pieces; a piece few chunks cover is gap.
    let mut cuts: Vec<f32> = lines.iter().flat_map(|l| l.chunks.iter().flat_map(|&(a, b)| [a, b])).collect();
    cuts.retain(|x| *x > left && *x < right);
    cuts.sort_by(f32::total_cmp);
    cuts.dedup();
    let covering = |a: f32, b: f32| lines.iter().filter(|l| l.chunks.iter().any(|&(x0, x1)| x0 < b && x1 > a)).count();
    // Lines with text on both sides of `(a, b)` and none inside it.
    let parted = |a: f32, b: f32| {
        lines
            .iter()
            .filter(|l| {
                l.chunks.iter().all(|&(x0, x1)| x1 <= a || x0 >= b)
                    && l.chunks.iter().any(|&(x0, _)| x0 < a)
                    && l.chunks.iter().any(|&(_, x1)| x1 > b)
            })
            .count()
    };
    // A gap: consecutive pieces that no more lines cross than headings could, narrowed to
    // its least covered run (the lines' own text reaching into it is not gap).
    let allowed = (CROSSING_FRACTION * lines.len() as f32) as usize;
    let mut gaps: Vec<(f32, f32)> = Vec::new();
    let mut run: Vec<(f32, f32, usize)> = Vec::new();
    let pieces = cuts.windows(2).map(|w| (w[0], w[1], covering(w[0], w[1])));
    for piece in pieces.chain(std::iter::once((right, right, usize::MAX))) {
        if piece.2 <= allowed && run.last().is_none_or(|last| last.1 == piece.0) {
            run.push(piece);
            continue;
        }
        if let Some(least) = run.iter().map(|p| p.2).min() {
            // The stretches of pieces at the least coverage; of those, the one that parts the
            // most lines with text on both of its sides (a wide leaf heading reaching into
            // the numbers' gap from the left, a group heading over it from the right: the
            // edge is where the heading row parts), then the longest.
            let mut stretches: Vec<(f32, f32)> = Vec::new();
            for p in run.iter().filter(|p| p.2 == least) {
                match stretches.last_mut() {
                    Some(last) if last.1 == p.0 => last.1 = p.1,
                    _ => stretches.push((p.0, p.1)),
                }
            }
            let best = stretches
                .into_iter()
                .map(|(a, b)| (parted(a, b), b - a, a, b))
                .max_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(y.2.total_cmp(&x.2)));
            gaps.extend(best.map(|(_, _, a, b)| (a, b)));
        }
        run.clear();
        if piece.2 <= allowed {
            run.push(piece);
        }
    }
    gaps.into_iter()
        .filter(|&(a, b)| {
            let open = |l: &&&TextLine| l.chunks.iter().all(|&(x0, x1)| x1 <= a || x0 >= b);
            let parted = parted(a, b);
            let crossing = lines.iter().filter(|l| !open(l)).count();
            parted >= MIN_GAP_LINES
                && parted as f32 >= GAP_LINE_FRACTION * lines.len() as f32
                && crossing as f32 <= CROSSING_FRACTION * parted as f32
        })
        .map(|(a, b)| (a + b) / 2.0)
        .collect()
}

/// Where rows part between lines of text given by their vertical extents: the middles of the
/// gaps between overlapping groups of them.
fn line_cuts(mut extents: Vec<(f32, f32)>) -> Vec<f32> {
    extents.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bands: Vec<(f32, f32)> = Vec::new();
    for (y0, y1) in extents {
        match bands.last_mut() {
            Some(band) if y0 < band.1 => band.1 = band.1.max(y1),
            _ => bands.push((y0, y1)),
        }
    }
    bands.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0).collect()
}

/// One cell of a grid row being cut into rows: its glyphs, its lines, and the x edges of the
/// columns its text was split into (its own edges when it was not).
struct BlockCell<'a, 'g> {
    glyphs: &'a [&'g Glyph],
    lines: &'a [TextLine],
    slots: Vec<f32>,
}

/// Where the band of a grid row from `top` to `bottom` is cut into rows: between the lines
/// its cells print, taken together, except above a line that [`continues_below`] joins to
/// the row under it, and between lines that are one wrapped text ([`wrapped_text`]).
fn block_cuts(top: f32, bottom: f32, cells: &[BlockCell]) -> Vec<f32> {
    let middle = |l: &TextLine| (l.y0 + l.y1) / 2.0;
    let inside = |l: &&TextLine| middle(l) > top && middle(l) < bottom;
    let extents = cells.iter().flat_map(|c| c.lines.iter().filter(inside)).map(|l| (l.y0, l.y1)).collect();
    let cuts = line_cuts(extents);
    let bounds: Vec<f32> = std::iter::once(top).chain(cuts.iter().copied()).chain([bottom]).collect();
    // Each cell's first line in a band between two bounds.
    let first_in = |band: usize| -> Vec<Option<usize>> {
        cells
            .iter()
            .map(|c| {
                c.lines.iter().position(|l| inside(&l) && middle(l) >= bounds[band] && middle(l) < bounds[band + 1])
            })
            .collect()
    };
    let text = |cell: usize, line: usize| {
        let c = &cells[cell];
        line_texts(c.glyphs, &c.lines[line..=line]).swap_remove(0)
    };
    // A band of headings wrapped in their columns, the one-line ones centred between their
    // lines, is one row however its lines stagger.
    let all_lines =
        |c: usize| -> Vec<usize> { (0..cells[c].lines.len()).filter(|&k| inside(&&cells[c].lines[k])).collect() };
    if !cuts.is_empty() && cuts.len() < MAX_HEADING_LINES && wrapped_text(cells, all_lines, Room::Widest) {
        return Vec::new();
    }
    let firsts: Vec<Vec<Option<usize>>> = (0..=cuts.len()).map(first_in).collect();
    (0..cuts.len())
        .filter(|&k| {
            let (upper, lower) = (&firsts[k], &firsts[k + 1]);
            let both = |c: usize| upper[c].into_iter().chain(lower[c]).collect();
            !continues_below(upper, lower, text) && !wrapped_text(cells, both, Room::Column)
        })
        .map(|k| cuts[k])
        .collect()
}

/// Whether lines of a grid row are one wrapped text rather than rows: `lines_of` gives each
/// cell's lines in question, top down. In every cell, each column of its text that holds
/// words on two of them one after the other had no room left on the upper for the lower's
/// first word (`Under 18` over `years` in a column 28 points wide), and no line prints a
/// figure. A heading over several columns of the text (a group over its sub-headings), or a
/// column where the upper line stopped short, makes them rows.
fn wrapped_text(cells: &[BlockCell], lines_of: impl Fn(usize) -> Vec<usize>, room: Room) -> bool {
    let mut pairs = 0;
    for (c, cell) in cells.iter().enumerate() {
        let lines: Vec<&TextLine> = lines_of(c).into_iter().map(|k| &cell.lines[k]).collect();
        let inner = &cell.slots[1..cell.slots.len().saturating_sub(1)];
        let crosses = |line: &TextLine| line.cores.iter().any(|&(a, b)| inner.iter().any(|&e| a < e && e < b));
        let figure =
            |line: &TextLine| line.chunks.iter().any(|&chunk| is_figure_text(&chunk_text(cell.glyphs, line, chunk)));
        if lines.iter().any(|l| crosses(l) || figure(l)) {
            return false;
        }
        for slot in cell.slots.windows(2) {
            let (x0, x1) = (slot[0], slot[1]);
            let in_slot = |line: &TextLine| -> Vec<(f32, f32)> {
                line.chunks.iter().copied().filter(|&(a, b)| (a + b) / 2.0 >= x0 && (a + b) / 2.0 < x1).collect()
            };
            let printed: Vec<(&TextLine, Vec<(f32, f32)>)> =
                lines.iter().map(|&l| (l, in_slot(l))).filter(|(_, chunks)| !chunks.is_empty()).collect();
            for pair in printed.windows(2) {
                let ((_, up_chunks), (low, low_chunks)) = (&pair[0], &pair[1]);
                let (first_up, last_up, first_low) = (up_chunks[0], up_chunks[up_chunks.len() - 1], low_chunks[0]);
                // The lower line's first word: up to its first typed space, one character of CJK.
                let low_glyphs = chunk_glyphs(cell.glyphs, low, first_low);
                let Some(first) = low_glyphs.first() else { continue };
                let word_end = if first.text.chars().next().is_some_and(crate::model::is_cjk) {
                    first.x1
                } else {
                    low_glyphs.iter().skip(1).take_while(|g| !g.space_before).last().map_or(first.x1, |g| g.x1)
                };
                let width = match room {
                    Room::Column => x1 - x0,
                    Room::Widest => printed.iter().flat_map(|(_, c)| c).map(|&(a, b)| b - a).fold(0.0, f32::max),
                };
                let left = width - (last_up.1 - first_up.0);
                if left > (word_end - first.x0) + WORD_SPACE_EM * low.size {
                    return false;
                }
                pairs += 1;
            }
        }
    }
    pairs > 0
}

/// How wide a column of text is taken to be when asking whether a line of it was full.
#[derive(Clone, Copy)]
enum Room {
    /// The column the text was split into, gap included: when it stands between rulings.
    Column,
    /// Its widest text among the lines in question: a column with no rulings beside it is as
    /// wide as its longest line.
    Widest,
}

/// A band of at most this many lines may be headings wrapped in their columns: more are rows.
const MAX_HEADING_LINES: usize = 6;

/// The glyphs of one chunk of a line, left to right.
fn chunk_glyphs<'g>(glyphs: &[&'g Glyph], line: &TextLine, (x0, x1): (f32, f32)) -> Vec<&'g Glyph> {
    let mut on: Vec<&Glyph> = glyphs
        .iter()
        .copied()
        .filter(|g| !g.is_blank() && g.cx() >= x0 && g.cx() <= x1 && g.cy() >= line.y0 && g.cy() <= line.y1)
        .collect();
    on.sort_by(|p, q| p.x0.total_cmp(&q.x0));
    on
}

fn chunk_text(glyphs: &[&Glyph], line: &TextLine, chunk: (f32, f32)) -> String {
    chunk_glyphs(glyphs, line, chunk).iter().map(|g| g.text.as_str()).collect()
}

/// A word space, in ems: what a line that wraps must lack room for besides the next word.
const WORD_SPACE_EM: f32 = 0.25;

/// Whether a row's lines in one band (each cell's first line there, if it has one) begin the
/// row of the band below rather than make one: a label alone, no figure beside it, whose
/// cell's next line starts in lower case is the first line of a wrapped label (`Murder and
/// nonnegligent` over `manslaughter . . .  10.0`), as statistical tables print figures level
/// with their label's last line. Scripts without case give no such sign.
fn continues_below(upper: &[Option<usize>], lower: &[Option<usize>], text: impl Fn(usize, usize) -> String) -> bool {
    let mut filled = upper.iter().enumerate().filter(|(_, line)| line.is_some());
    let (Some((label, _)), None) = (filled.next(), filled.next()) else {
        return false;
    };
    let beside = lower.iter().enumerate().any(|(c, line)| c != label && line.is_some());
    beside && lower[label].is_some_and(|line| text(label, line).chars().next().is_some_and(char::is_lowercase))
}

/// Edges closer than this (points) are one: splits found in neighbouring cells of one row.
const SNAP: f32 = 2.0;

/// Sorted positions with near neighbours merged (the first of each cluster kept).
fn snapped(mut values: Vec<f32>) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for v in values {
        if out.last().is_none_or(|last| v - last > SNAP) {
            out.push(v);
        }
    }
    out
}

/// The index of the edge nearest `x`.
fn nearest(edges: &[f32], x: f32) -> usize {
    edges.iter().enumerate().min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs())).map(|(i, _)| i).unwrap_or(0)
}

/// A cell of a grid whose rows were `old_ys`, placed on the edges `xs` and `ys` that added
/// rows: whole where no new row edge falls inside it, else a cell per row it covers (rows
/// added inside it part it too: each of its lines goes to its row).
fn in_new_rows(cell: &CellBox, xs: &[f32], old_ys: &[f32], ys: &[f32]) -> Vec<CellBox> {
    let [x0, y0, x1, y1] = cell.bbox;
    let (c0, c1) = (nearest(xs, x0), nearest(xs, x1));
    let (r0, r1) = (nearest(ys, y0), nearest(ys, y1));
    let divided = (r0 + 1..r1).any(|r| !old_ys.iter().any(|&y| (y - ys[r]).abs() <= SNAP));
    if !divided {
        return vec![CellBox { row: r0, col: c0, row_span: r1 - r0, col_span: c1 - c0, bbox: cell.bbox }];
    }
    (r0..r1)
        .map(|r| CellBox { row: r, col: c0, row_span: 1, col_span: c1 - c0, bbox: [x0, ys[r], x1, ys[r + 1]] })
        .collect()
}

/// The grid with every cell that holds columns of text split into them, or `None` when no cell
/// does. `glyphs` are the page's glyphs; each is in the cell its centre falls in.
pub fn split_by_text(grid: &Grid, glyphs: &[&Glyph]) -> Option<Grid> {
    let mut in_cells: Vec<Vec<&Glyph>> = vec![Vec::new(); grid.cells.len()];
    let lookup = grid.cell_lookup();
    for &g in glyphs {
        if let Some(c) = lookup.cell_at(g.cx(), g.cy()) {
            in_cells[c].push(g);
        }
    }
    let lines: Vec<Vec<TextLine>> = in_cells.iter().map(|g| text_lines(g)).collect();
    // Column splits per grid column (cells of the same column and width), from all its lines.
    let mut splits_of_cell: Vec<Vec<f32>> = vec![Vec::new(); grid.cells.len()];
    let mut columns: Vec<(usize, usize)> = grid.cells.iter().map(|c| (c.col, c.col_span)).collect();
    columns.sort_unstable();
    columns.dedup();
    for (col, span) in columns {
        let members: Vec<usize> =
            (0..grid.cells.len()).filter(|&i| (grid.cells[i].col, grid.cells[i].col_span) == (col, span)).collect();
        let column_lines: Vec<&TextLine> = members.iter().flat_map(|&i| &lines[i]).collect();
        let splits = column_splits(&column_lines, grid.xs[col], grid.xs[col + span]);
        if splits.is_empty() {
            continue;
        }
        // Only cells with text on both sides of a split are split.
        for &i in &members {
            let parted = lines[i].iter().any(|l| {
                splits.iter().any(|&s| l.chunks.iter().any(|&(x0, _)| x0 < s) && l.chunks.iter().any(|&(_, x1)| x1 > s))
            });
            if parted {
                splits_of_cell[i] = splits.clone();
            }
        }
    }
    if splits_of_cell.iter().all(Vec::is_empty) {
        return None;
    }
    let xs = snapped(grid.xs.iter().copied().chain(splits_of_cell.iter().flatten().copied()).collect());
    // A grid row that a split cell covers has a row per line of text, the lines of all its
    // cells taken together (a label and its numbers are one line).
    let mut cuts: Vec<f32> = Vec::new();
    for r in 0..grid.n_rows() {
        let covers = |c: &CellBox| c.row <= r && r < c.row + c.row_span;
        if !(0..grid.cells.len()).any(|i| !splits_of_cell[i].is_empty() && covers(&grid.cells[i])) {
            continue;
        }
        let block: Vec<BlockCell> = (0..grid.cells.len())
            .filter(|&i| covers(&grid.cells[i]))
            .map(|i| {
                let [x0, _, x1, _] = grid.cells[i].bbox;
                let slots = std::iter::once(x0).chain(splits_of_cell[i].iter().copied()).chain([x1]).collect();
                BlockCell { glyphs: in_cells[i].as_slice(), lines: lines[i].as_slice(), slots }
            })
            .collect();
        cuts.extend(block_cuts(grid.ys[r], grid.ys[r + 1], &block));
    }
    let ys = snapped(grid.ys.iter().copied().chain(cuts).collect());

    let mut cells: Vec<CellBox> = Vec::new();
    for (i, cell) in grid.cells.iter().enumerate() {
        let [x0, y0, x1, y1] = cell.bbox;
        let (c0, c1) = (nearest(&xs, x0), nearest(&xs, x1));
        let (r0, r1) = (nearest(&ys, y0), nearest(&ys, y1));
        if splits_of_cell[i].is_empty() {
            cells.extend(in_new_rows(cell, &xs, &grid.ys, &ys));
            continue;
        }
        // Each sub-row: the slots between this cell's own splits, merged where a chunk of
        // text crosses one.
        let own: Vec<usize> = std::iter::once(c0)
            .chain(splits_of_cell[i].iter().map(|&s| nearest(&xs, s)))
            .chain(std::iter::once(c1))
            .collect();
        for r in r0..r1 {
            let (top, bottom) = (ys[r], ys[r + 1]);
            let line = lines[i].iter().find(|l| (l.y0 + l.y1) / 2.0 > top && (l.y0 + l.y1) / 2.0 < bottom);
            let crossed =
                |edge: usize| line.is_some_and(|l| l.cores.iter().any(|&(a, b)| a < xs[edge] && b > xs[edge]));
            let mut k = 0;
            while k + 1 < own.len() {
                let mut end = k + 1;
                while end + 1 < own.len() && crossed(own[end]) {
                    end += 1;
                }
                let (ca, cb) = (own[k], own[end]);
                cells.push(CellBox {
                    row: r,
                    col: ca,
                    row_span: 1,
                    col_span: cb - ca,
                    bbox: [xs[ca], top, xs[cb], bottom],
                });
                k = end;
            }
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    Some(Grid { bbox: grid.bbox, xs, ys, cells })
}

/// Lines of two cells whose middles are closer than this fraction of their size print one
/// row of the table.
const LEVEL_TOLERANCE: f32 = 0.3;
/// A cell holds a column of the table's rows when it prints a figure on each of at least this
/// many lines: a number wrapped in a narrow cell (`243` over `3`) takes two.
const MIN_BLOCK_ROWS: usize = 3;

/// The text of each of a cell's lines, left to right: the glyphs whose middles fall in it.
fn line_texts(glyphs: &[&Glyph], lines: &[TextLine]) -> Vec<String> {
    // Lines are bands top down: a glyph's is the last that starts above its middle.
    let mut on_line: Vec<Vec<&Glyph>> = vec![Vec::new(); lines.len()];
    for &g in glyphs.iter().filter(|g| !g.is_blank()) {
        let k = lines.partition_point(|l| l.y0 <= g.cy());
        if let Some(line) = k.checked_sub(1).filter(|&k| g.cy() <= lines[k].y1) {
            on_line[line].push(g);
        }
    }
    on_line
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            line.iter().map(|g| g.text.as_str()).collect()
        })
        .collect()
}

/// A figure as tables print them: a number, a zero mark, or a number with its sign or unit.
fn is_figure_text(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && (parse_number(t).is_some() || is_zero_mark(t) || is_figure(t))
}

/// The grid with every row that holds several of the table's rows cut into a row per line,
/// or `None` when no row does: a frame ruled between columns only (or around the header and
/// the totals), where one tall cell per column holds the whole body.
///
/// A grid row is such a block when at least two of its cells hold several lines, the lines of
/// each level with those of the cell with the most, and one of them prints a figure on every
/// one of [`MIN_BLOCK_ROWS`] lines or more. Wrapped text alone (headings of two lines side by
/// side, a row of wrapped cells with an amount in two currencies) is not cut.
pub fn split_rows_by_text(grid: &Grid, glyphs: &[&Glyph]) -> Option<Grid> {
    // Only rows as tall as a block of lines can be one; most grids have none, and their
    // glyphs need not be put in cells.
    let [left, top, right, bottom] = grid.bbox;
    let inside = |g: &Glyph| g.cx() >= left && g.cx() <= right && g.cy() >= top && g.cy() <= bottom;
    let mut sizes: Vec<f32> = glyphs.iter().filter(|g| inside(g)).map(|g| g.size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = *sizes.get(sizes.len() / 2)?;
    let tall: Vec<(f32, f32)> =
        grid.ys.windows(2).map(|w| (w[0], w[1])).filter(|(y0, y1)| y1 - y0 >= MIN_BLOCK_ROWS as f32 * size).collect();
    if tall.is_empty() {
        return None;
    }
    let mut in_cells: Vec<Vec<&Glyph>> = vec![Vec::new(); grid.cells.len()];
    let lookup = grid.cell_lookup();
    for &g in glyphs.iter().filter(|g| inside(g) && tall.iter().any(|&(y0, y1)| g.cy() >= y0 && g.cy() <= y1)) {
        if let Some(c) = lookup.cell_at(g.cx(), g.cy()) {
            in_cells[c].push(g);
        }
    }
    let lines: Vec<Vec<TextLine>> = in_cells.iter().map(|g| text_lines(g)).collect();
    let middle = |l: &TextLine| (l.y0 + l.y1) / 2.0;
    let mut cuts: Vec<f32> = Vec::new();
    for r in 0..grid.n_rows() {
        let in_row: Vec<usize> =
            (0..grid.cells.len()).filter(|&i| grid.cells[i].row == r && grid.cells[i].row_span == 1).collect();
        let stacked: Vec<usize> = in_row.iter().copied().filter(|&i| lines[i].len() >= 2).collect();
        let Some(&most) = stacked.iter().max_by_key(|&&i| lines[i].len()) else { continue };
        // More lines than a table has rows are no block of its rows (and would cost a
        // comparison of every line with every other).
        if stacked.len() < 2 || lines[most].len() > crate::model::MAX_ROWS {
            continue;
        }
        let level = |a: &TextLine, b: &TextLine| (middle(a) - middle(b)).abs() < LEVEL_TOLERANCE * a.size.max(b.size);
        let aligned =
            stacked.iter().all(|&i| lines[i].iter().all(|l| lines[most].iter().filter(|m| level(l, m)).count() == 1));
        let figures = stacked.iter().any(|&i| {
            lines[i].len() >= MIN_BLOCK_ROWS
                && line_texts(&in_cells[i], &lines[i]).iter().all(|text| is_figure_text(text))
        });
        if aligned && figures {
            let block: Vec<BlockCell> = in_row
                .iter()
                .map(|&i| {
                    let [x0, _, x1, _] = grid.cells[i].bbox;
                    BlockCell { glyphs: in_cells[i].as_slice(), lines: lines[i].as_slice(), slots: vec![x0, x1] }
                })
                .collect();
            cuts.extend(block_cuts(grid.ys[r], grid.ys[r + 1], &block));
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let ys = snapped(grid.ys.iter().copied().chain(cuts).collect());
    let mut cells: Vec<CellBox> =
        grid.cells.iter().flat_map(|cell| in_new_rows(cell, &grid.xs, &grid.ys, &ys)).collect();
    cells.sort_by_key(|c| (c.row, c.col));
    Some(Grid { bbox: grid.bbox, xs: grid.xs.clone(), ys, cells })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` at 10 pt, 5 pt a character, starting at `x` on the line whose top is `y`.
    fn word(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .filter(|(_, c)| *c != ' ')
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x0: x + 5.0 * i as f32,
                y0: y,
                x1: x + 5.0 * (i + 1) as f32,
                y1: y + 10.0,
                size: 10.0,
                vertical: false,
                baseline: crate::page::Baseline::Right,
                space_before: false,
                confidence: None,
            })
            .collect()
    }

    /// A grid of one column from x 0 to 200 with a row between each pair of `ys`.
    fn frame(ys: &[f32]) -> Grid {
        let cells = (0..ys.len() - 1)
            .map(|r| CellBox { row: r, col: 0, row_span: 1, col_span: 1, bbox: [0.0, ys[r], 200.0, ys[r + 1]] })
            .collect();
        Grid { bbox: [0.0, ys[0], 200.0, ys[ys.len() - 1]], xs: vec![0.0, 200.0], ys: ys.to_vec(), cells }
    }

    fn shape(grid: &Grid) -> Vec<(usize, usize, usize, usize)> {
        grid.cells.iter().map(|c| (c.row, c.col, c.row_span, c.col_span)).collect()
    }

    /// The text in each cell, by where glyph centres fall.
    fn texts(grid: &Grid, glyphs: &[Glyph]) -> Vec<String> {
        let mut out = vec![String::new(); grid.cells.len()];
        for g in glyphs {
            if let Some(c) = grid.cell_at(g.cx(), g.cy()) {
                out[c].push_str(&g.text);
            }
        }
        out
    }

    #[test]
    fn rules_only_between_rows_give_the_columns_of_the_text() {
        // Labels left-aligned at 5, two number columns right-aligned at 120 and 180.
        let rows = [("Assam", "12", "345"), ("Bihar", "7", "8"), ("Goa", "100", "2"), ("Kerala", "3", "45")];
        let mut glyphs = Vec::new();
        for (r, (label, a, b)) in rows.iter().enumerate() {
            let y = 22.0 + 20.0 * r as f32;
            glyphs.extend(word(label, 5.0, y));
            glyphs.extend(word(a, 120.0 - 5.0 * a.len() as f32, y));
            glyphs.extend(word(b, 180.0 - 5.0 * b.len() as f32, y));
        }
        let grid = frame(&[20.0, 40.0, 60.0, 80.0, 100.0]);
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let split = split_by_text(&grid, &refs).expect("split");
        assert_eq!(split.xs.len(), 4, "{:?}", split.xs);
        assert_eq!(split.ys, grid.ys);
        let expected: Vec<(usize, usize, usize, usize)> =
            (0..4).flat_map(|r| (0..3).map(move |c| (r, c, 1, 1))).collect();
        assert_eq!(shape(&split), expected);
        assert_eq!(texts(&split, &glyphs)[..6], ["Assam", "12", "345", "Bihar", "7", "8"]);
    }

    /// `word`, its glyphs typed after spaces where `text` has them (a writer that shows its
    /// word spaces).
    fn typed(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        let mut glyphs = word(text, x, y);
        let after_space: Vec<bool> = text.chars().collect::<Vec<_>>().windows(2).map(|w| w[0] == ' ').collect();
        let flags = std::iter::once(false).chain(after_space).zip(text.chars()).filter(|(_, c)| *c != ' ');
        for (g, (flag, _)) in glyphs.iter_mut().zip(flags) {
            g.space_before = flag;
        }
        glyphs
    }

    /// The text of each cell of row `row`, left to right.
    fn row_texts(grid: &Grid, glyphs: &[Glyph], row: usize) -> Vec<String> {
        let all = texts(grid, glyphs);
        grid.cells.iter().zip(all).filter(|(c, _)| c.row == row).map(|(_, t)| t).collect()
    }

    #[test]
    fn a_heading_placed_close_after_a_typed_one_is_a_cell_of_its_own() {
        // `Any method` (its space typed) ends at 55; `Total` is placed 3 pt (0.3 em) after it,
        // over a column of its own: no space was typed there, so the two are two headings.
        let mut glyphs = typed("Any method", 5.0, 2.0);
        glyphs.extend(word("Total", 58.0, 2.0));
        for r in 0..4 {
            let y = 16.0 + 14.0 * r as f32;
            glyphs.extend(word("12", 40.0, y));
            glyphs.extend(word("345", 68.0, y));
        }
        let grid = frame(&[0.0, 80.0]);
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let split = split_by_text(&grid, &refs).expect("split");
        assert_eq!(row_texts(&split, &glyphs, 0), ["Anymethod", "Total"]);
        assert_eq!(row_texts(&split, &glyphs, 1), ["12", "345"]);
        // Leader dots placed after a label continue it.
        let mut glyphs = typed("Any method", 5.0, 2.0);
        glyphs.extend(word(".", 58.0, 2.0));
        glyphs.extend(word("Total", 80.0, 2.0));
        for r in 0..4 {
            let y = 16.0 + 14.0 * r as f32;
            glyphs.extend(word("12", 40.0, y));
            glyphs.extend(word("345", 80.0, y));
        }
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let split = split_by_text(&grid, &refs).expect("split");
        assert_eq!(row_texts(&split, &glyphs, 0), ["Anymethod.", "Total"]);
    }

    #[test]
    fn the_edge_between_two_columns_is_where_their_headings_part() {
        // A title over everything; a group heading from 55 over the second column; the first
        // column's heading reaches to 65, into the numbers' gap (25 to 80). Both stretches of
        // that gap crossed least (25-55 and 65-75) are crossed by two lines; the heading row
        // parts only at 65-75, so the edge is there, not in the longer stretch.
        let mut glyphs = word("Titletitletitletitletitletitle", 0.0, 2.0);
        glyphs.extend(word("Groupheading", 55.0, 14.0));
        glyphs.extend(word("Longlabelhead", 0.0, 26.0));
        glyphs.extend(word("Pill", 75.0, 26.0));
        for r in 0..20 {
            let y = 40.0 + 14.0 * r as f32;
            glyphs.extend(word("1", 20.0, y));
            glyphs.extend(word("22", 80.0, y));
        }
        let grid = frame(&[0.0, 330.0]);
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let split = split_by_text(&grid, &refs).expect("split");
        assert_eq!(split.xs, [0.0, 70.0, 200.0]);
        assert_eq!(row_texts(&split, &glyphs, 2), ["Longlabelhead", "Pill"]);
    }

    #[test]
    fn a_block_of_rows_in_one_cell_is_a_row_per_line_and_a_centred_heading_spans() {
        // One ruled cell holds a heading line and three rows; `Amounts` is centred over the two
        // number columns and crosses the gap between them.
        let mut glyphs = word("Name", 5.0, 2.0);
        glyphs.extend(word("Amounts in total", 100.0, 2.0));
        let rows = [("Ann", "1", "22"), ("Bo", "333", "4"), ("Cy", "5", "66"), ("Di", "77", "8"), ("Ed", "9", "10")];
        for (r, (label, a, b)) in rows.iter().enumerate() {
            let y = 16.0 + 14.0 * r as f32;
            glyphs.extend(word(label, 5.0, y));
            glyphs.extend(word(a, 120.0 - 5.0 * a.len() as f32, y));
            glyphs.extend(word(b, 180.0 - 5.0 * b.len() as f32, y));
        }
        let grid = frame(&[0.0, 90.0]);
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let split = split_by_text(&grid, &refs).expect("split");
        assert_eq!(split.n_rows(), 6);
        assert_eq!(split.n_cols(), 3);
        let first_row: Vec<_> = shape(&split).into_iter().filter(|c| c.0 == 0).collect();
        assert_eq!(first_row, vec![(0, 0, 1, 1), (0, 1, 1, 2)]);
        assert_eq!(
            texts(&split, &glyphs),
            [
                "Name",
                "Amountsintotal",
                "Ann",
                "1",
                "22",
                "Bo",
                "333",
                "4",
                "Cy",
                "5",
                "66",
                "Di",
                "77",
                "8",
                "Ed",
                "9",
                "10"
            ]
        );
    }

    #[test]
    fn a_grid_with_one_value_a_cell_is_left_alone() {
        // Two columns ruled, each cell one label or one number, and a label of two words.
        let mut cells = Vec::new();
        let mut glyphs = Vec::new();
        for r in 0..4 {
            let y = 20.0 * r as f32;
            cells.push(CellBox { row: r, col: 0, row_span: 1, col_span: 1, bbox: [0.0, y, 100.0, y + 20.0] });
            cells.push(CellBox { row: r, col: 1, row_span: 1, col_span: 1, bbox: [100.0, y, 200.0, y + 20.0] });
            glyphs.extend(word(["Rice fields", "Wheat", "Tea gardens", "Corn"][r], 5.0, y + 5.0));
            glyphs.extend(word(["12", "345", "6", "78"][r], 150.0, y + 5.0));
        }
        let grid = Grid {
            bbox: [0.0, 0.0, 200.0, 80.0],
            xs: vec![0.0, 100.0, 200.0],
            ys: vec![0.0, 20.0, 40.0, 60.0, 80.0],
            cells,
        };
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(split_by_text(&grid, &refs), None);
    }

    /// A grid ruled between its columns and under its header and over its totals: a header
    /// row, one row of `body` lines 14 points apart, a totals row. Each body line is a label
    /// at 5 and figures right-aligned at 120 and 180.
    fn column_ruled(header: [&str; 3], body: &[(&str, &str, &str)]) -> (Grid, Vec<Glyph>) {
        let bottom = 20.0 + 14.0 * body.len() as f32 + 4.0;
        let ys = vec![0.0, 20.0, bottom, bottom + 20.0];
        let xs = vec![0.0, 100.0, 140.0, 200.0];
        let mut cells = Vec::new();
        for r in 0..3 {
            for c in 0..3 {
                cells.push(CellBox {
                    row: r,
                    col: c,
                    row_span: 1,
                    col_span: 1,
                    bbox: [xs[c], ys[r], xs[c + 1], ys[r + 1]],
                });
            }
        }
        let mut glyphs = Vec::new();
        let mut put = |(label, a, b): (&str, &str, &str), y: f32| {
            glyphs.extend(word(label, 5.0, y));
            glyphs.extend(word(a, 120.0 - 5.0 * a.len() as f32, y));
            glyphs.extend(word(b, 180.0 - 5.0 * b.len() as f32, y));
        };
        put((header[0], header[1], header[2]), 5.0);
        for (k, &line) in body.iter().enumerate() {
            put(line, 22.0 + 14.0 * k as f32);
        }
        put(("Total", "1", "2"), bottom + 5.0);
        (Grid { bbox: [0.0, 0.0, 200.0, bottom + 20.0], xs, ys, cells }, glyphs)
    }

    #[test]
    fn a_body_ruled_between_columns_only_is_a_row_per_line() {
        let body = [("Austria", "77", "1"), ("Belgium", "159", "2"), ("Bulgaria", "52", "0"), ("Croatia", "144", "0")];
        let (grid, glyphs) = column_ruled(["Country", "Sent", "Late"], &body);
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let split = split_rows_by_text(&grid, &refs).expect("split");
        assert_eq!(split.xs, grid.xs);
        assert_eq!(split.n_rows(), 1 + 4 + 1);
        let expected: Vec<(usize, usize, usize, usize)> =
            (0..6).flat_map(|r| (0..3).map(move |c| (r, c, 1, 1))).collect();
        assert_eq!(shape(&split), expected);
        assert_eq!(
            texts(&split, &glyphs),
            [
                "Country", "Sent", "Late", "Austria", "77", "1", "Belgium", "159", "2", "Bulgaria", "52", "0",
                "Croatia", "144", "0", "Total", "1", "2"
            ]
        );
    }

    #[test]
    fn wrapped_cells_side_by_side_are_not_rows() {
        // Headings of two lines, and a number wrapped in a narrow cell beside a wrapped
        // label: the lines are level, but no cell prints a column of three figures or more.
        let (grid, glyphs) =
            column_ruled(["Country", "Sent", "Late"], &[("Valid", "per", "Late"), ("replies", "year", "ones")]);
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(split_rows_by_text(&grid, &refs), None);
        let (grid, glyphs) =
            column_ruled(["Country", "Sent", "Late"], &[("New requests", "243", "7"), ("this year", "3", "")]);
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(split_rows_by_text(&grid, &refs), None);
    }
}
