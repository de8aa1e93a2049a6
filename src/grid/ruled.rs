//! Ruled tables: merged rulings, their intersections, cells with spans where
//! inner rulings are missing, and glyphs assigned to cells.

use crate::page::Ruling;

/// Rulings closer than this (points) are one line: double lines, pieces, rounding.
const SNAP: f32 = 2.5;
/// Collinear pieces with a gap up to this are joined.
const JOIN: f32 = 3.0;
/// How far a ruling may stop short of another and still meet it: row rules drawn inset from
/// a table's frame by a few points (a house style of statistical tables) still divide it.
const MEET: f32 = 5.0;

/// One cell found in a ruled grid, in page space.
#[derive(Debug, Clone, PartialEq)]
pub struct CellBox {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub bbox: [f32; 4],
}

/// A ruled table's grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub bbox: [f32; 4],
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    pub cells: Vec<CellBox>,
}

impl Grid {
    pub fn n_rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    pub fn n_cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    /// The cell whose box holds a point (the first, where boxes touch).
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        self.cells.iter().position(|c| holds(c, x, y))
    }

    /// A look-up of `cell_at` for many points: a page's every glyph against a table's cells.
    pub fn cell_lookup(&self) -> CellLookup<'_> {
        // Bands are searched by position: rows out of order leave none, and every point is
        // then looked for in every cell.
        let bands: Vec<(f32, f32)> = if self.ys.is_sorted_by(|a, b| a <= b) {
            self.ys.windows(2).map(|w| (w[0], w[1])).collect()
        } else {
            Vec::new()
        };
        let mut in_band: Vec<Vec<usize>> = vec![Vec::new(); bands.len()];
        let mut extent = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
        for (i, c) in self.cells.iter().enumerate() {
            let [x0, y0, x1, y1] = c.bbox;
            extent = [extent[0].min(x0), extent[1].min(y0), extent[2].max(x1), extent[3].max(y1)];
            let first = bands.partition_point(|&(_, bottom)| bottom < y0);
            for k in (first..bands.len()).take_while(|&k| bands[k].0 <= y1) {
                in_band[k].push(i);
            }
        }
        CellLookup { grid: self, bands, in_band, extent }
    }
}

fn holds(c: &CellBox, x: f32, y: f32) -> bool {
    x >= c.bbox[0] && x <= c.bbox[2] && y >= c.bbox[1] && y <= c.bbox[3]
}

/// The cells of a grid listed by the row bands (between consecutive `ys`) their boxes reach, so
/// that a point is tested against the cells of its band, not all. A cell holding a point
/// reaches every band holding it, so the answer is `Grid::cell_at`'s.
pub struct CellLookup<'a> {
    grid: &'a Grid,
    bands: Vec<(f32, f32)>,
    in_band: Vec<Vec<usize>>,
    /// The box around all cells: points outside it are in none.
    extent: [f32; 4],
}

impl CellLookup<'_> {
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let [x0, y0, x1, y1] = self.extent;
        if !(x >= x0 && x <= x1 && y >= y0 && y <= y1) {
            return None;
        }
        let first = self.bands.partition_point(|&(_, bottom)| bottom < y);
        let holding = self.bands[first..].iter().take_while(|&&(top, _)| top <= y).count();
        if holding == 0 {
            // A cell reaching past the grid's rows: look at every cell.
            return self.grid.cell_at(x, y);
        }
        (first..first + holding)
            .filter_map(|k| self.in_band[k].iter().copied().find(|&i| holds(&self.grid.cells[i], x, y)))
            .min()
    }
}

/// Merges collinear and near-coincident rulings of one orientation.
pub fn merge(rulings: &[Ruling], horizontal: bool) -> Vec<Ruling> {
    let mut list: Vec<Ruling> = rulings.iter().filter(|r| r.horizontal == horizontal).copied().collect();
    list.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    // Cluster by position.
    let mut clusters: Vec<Vec<Ruling>> = Vec::new();
    for r in list {
        match clusters.last_mut() {
            Some(c) if (r.pos - c[c.len() - 1].pos).abs() <= SNAP => c.push(r),
            _ => clusters.push(vec![r]),
        }
    }
    let mut out = Vec::new();
    for cluster in clusters {
        let pos = cluster.iter().map(|r| r.pos).sum::<f32>() / cluster.len() as f32;
        let width = cluster.iter().map(|r| r.width).fold(0.0, f32::max);
        let mut spans: Vec<(f32, f32)> = cluster.iter().map(|r| (r.start, r.end)).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut current: Option<(f32, f32)> = None;
        for (s, e) in spans {
            current = match current {
                Some((cs, ce)) if s <= ce + JOIN => Some((cs, ce.max(e))),
                Some(done) => {
                    out.push(Ruling { horizontal, pos, start: done.0, end: done.1, width });
                    Some((s, e))
                }
                None => Some((s, e)),
            };
        }
        if let Some(done) = current {
            out.push(Ruling { horizontal, pos, start: done.0, end: done.1, width });
        }
    }
    out
}

fn meets(h: &Ruling, v: &Ruling) -> bool {
    v.pos >= h.start - MEET && v.pos <= h.end + MEET && h.pos >= v.start - MEET && h.pos <= v.end + MEET
}

/// Whether `ruling` crosses position `at` across it, reaching as far as [`meets`] lets it.
fn spans(ruling: &Ruling, at: f32) -> bool {
    at >= ruling.start - MEET && at <= ruling.end + MEET
}

/// Whether an end of `a` that stops short of `b` (its crossing lies in the gap [`MEET`]
/// allows) meets another ruling parallel to `b` first, between the end and `b`: an end joins
/// the nearest ruling across it. A table's column rules that start on its own top rule do not
/// also reach the box a few points above it: two tables stacked close stay two. `parallel` is
/// sorted by position, as [`merge`] gives them.
fn meets_nearer(a: &Ruling, b: &Ruling, parallel: &[Ruling]) -> bool {
    let between = |lo: f32, hi: f32| {
        let first = parallel.partition_point(|r| r.pos < lo);
        parallel[first..].iter().take_while(|r| r.pos <= hi).any(|r| r.pos != b.pos && spans(r, a.pos))
    };
    if b.pos < a.start {
        between(b.pos, a.start + SNAP)
    } else if b.pos > a.end {
        between(a.end - SNAP, b.pos)
    } else {
        false
    }
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while parent[root] != root {
        root = parent[root];
    }
    let mut node = i;
    while parent[node] != root {
        let next = parent[node];
        parent[node] = root;
        node = next;
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Distinct positions, each cluster of close values replaced by its mean.
fn positions(mut values: Vec<f32>) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<Vec<f32>> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some(c) if v - c[c.len() - 1] <= SNAP => c.push(v),
            _ => out.push(vec![v]),
        }
    }
    out.iter().map(|c| c.iter().sum::<f32>() / c.len() as f32).collect()
}

/// The smallest row or column worth a cell.
const MIN_EXTENT: f32 = 5.0;

/// Adds an edge where the crossing rulings reach beyond the outermost parallel one.
fn extend_open_edges(edges: &mut Vec<f32>, crossing: &[Ruling]) {
    let (Some(&first), Some(&last)) = (edges.first(), edges.last()) else {
        return;
    };
    let reach_end = crossing.iter().map(|r| r.end).fold(f32::NEG_INFINITY, f32::max);
    let reach_start = crossing.iter().map(|r| r.start).fold(f32::INFINITY, f32::min);
    if reach_end > last + MIN_EXTENT {
        edges.push(reach_end);
    }
    if reach_start < first - MIN_EXTENT {
        edges.insert(0, reach_start);
    }
}

/// Finds every ruled grid on a page.
pub fn ruled_grids(rulings: &[Ruling]) -> Vec<Grid> {
    let hs = merge(rulings, true);
    let vs = merge(rulings, false);
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if meets(h, v) && !meets_nearer(v, h, &hs) && !meets_nearer(h, v, &vs) {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Ruling>, Vec<Ruling>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let entry = groups.entry(root).or_default();
        if i < hs.len() {
            entry.0.push(hs[i]);
        } else {
            entry.1.push(vs[i - hs.len()]);
        }
    }
    let mut grids: Vec<Grid> = groups.into_values().filter_map(|(h, v)| grid_from(&h, &v)).collect();
    grids.sort_by(|a, b| a.bbox[1].total_cmp(&b.bbox[1]));
    grids
}

fn grid_from(hs: &[Ruling], vs: &[Ruling]) -> Option<Grid> {
    if hs.len() < 2 || vs.len() < 2 {
        return None;
    }
    let mut ys = positions(hs.iter().map(|r| r.pos).collect());
    let mut xs = positions(vs.iter().map(|r| r.pos).collect());
    // A table cut by a page break has no ruling on its open side, but its column rules run
    // on to where the page cut it: that is its edge.
    extend_open_edges(&mut ys, vs);
    extend_open_edges(&mut xs, hs);
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // A rule separates two slots when it crosses the middle of their shared side.
    let v_edge = |x: f32, y0: f32, y1: f32| {
        let mid = (y0 + y1) / 2.0;
        vs.iter().any(|v| (v.pos - x).abs() <= SNAP && v.start <= mid && v.end >= mid)
    };
    let h_edge = |y: f32, x0: f32, x1: f32| {
        let mid = (x0 + x1) / 2.0;
        hs.iter().any(|h| (h.pos - y).abs() <= SNAP && h.start <= mid && h.end >= mid)
    };
    let slot = |r: usize, c: usize| r * cols + c;
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        for c in 0..cols {
            if c + 1 < cols && !v_edge(xs[c + 1], ys[r], ys[r + 1]) {
                union(&mut parent, slot(r, c), slot(r, c + 1));
            }
            if r + 1 < rows && !h_edge(ys[r + 1], xs[c], xs[c + 1]) {
                union(&mut parent, slot(r, c), slot(r + 1, c));
            }
        }
    }
    let mut spans: std::collections::BTreeMap<usize, (usize, usize, usize, usize)> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(&mut parent, slot(r, c));
            let e = spans.entry(root).or_insert((r, c, r, c));
            e.0 = e.0.min(r);
            e.1 = e.1.min(c);
            e.2 = e.2.max(r);
            e.3 = e.3.max(c);
        }
    }
    let mut cells: Vec<CellBox> = spans
        .values()
        .map(|&(r0, c0, r1, c1)| CellBox {
            row: r0,
            col: c0,
            row_span: r1 - r0 + 1,
            col_span: c1 - c0 + 1,
            bbox: [xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]],
        })
        .collect();
    cells.sort_by_key(|c| (c.row, c.col));
    // A frame with nothing inside it is a box around text, not a table.
    if cells.len() < 2 {
        return None;
    }
    Some(Grid { bbox: [xs[0], ys[0], xs[cols], ys[rows]], xs, ys, cells })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cell_lookup_finds_what_a_scan_of_every_cell_finds() {
        let cell = |row, col, row_span, col_span, bbox| CellBox { row, col, row_span, col_span, bbox };
        // A row header over two rows, a cell reaching above the grid's first row, touching
        // boxes (a point on their edge is the first cell's) and a gap no cell covers.
        let grid = Grid {
            bbox: [0.0, 0.0, 90.0, 30.0],
            xs: vec![0.0, 30.0, 60.0, 90.0],
            ys: vec![0.0, 10.0, 20.0, 30.0],
            cells: vec![
                cell(0, 0, 2, 1, [0.0, 0.0, 30.0, 20.0]),
                cell(0, 1, 1, 1, [30.0, -5.0, 60.0, 10.0]),
                cell(1, 1, 1, 2, [30.0, 10.0, 90.0, 20.0]),
                cell(2, 0, 1, 2, [0.0, 20.0, 60.0, 30.0]),
            ],
        };
        let lookup = grid.cell_lookup();
        for i in -4..=190 {
            for j in -16..=70 {
                let (x, y) = (i as f32 * 0.5, j as f32 * 0.5);
                assert_eq!(lookup.cell_at(x, y), grid.cell_at(x, y), "at ({x}, {y})");
            }
        }
        assert_eq!(lookup.cell_at(45.0, -3.0), Some(1));
        assert_eq!(lookup.cell_at(30.0, 10.0), Some(0));
        assert_eq!(lookup.cell_at(75.0, 25.0), None);
    }

    #[test]
    fn merges_pieces_and_double_lines() {
        let merged = merge(
            &[Ruling::across(10.0, 0.0, 50.0), Ruling::across(10.5, 51.0, 100.0), Ruling::across(12.0, 20.0, 60.0)],
            true,
        );
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].start, merged[0].end), (0.0, 100.0));
    }

    #[test]
    fn missing_inner_rulings_make_spans() {
        // Three columns, two rows; the first column's middle rule is missing (a merged row
        // header) and the top row has no rule between columns 2 and 3 (a merged header).
        let rulings = vec![
            Ruling::across(0.0, 0.0, 90.0),
            Ruling::across(10.0, 30.0, 90.0),
            Ruling::across(20.0, 0.0, 90.0),
            Ruling::down(0.0, 0.0, 20.0),
            Ruling::down(30.0, 0.0, 20.0),
            Ruling::down(60.0, 10.0, 20.0),
            Ruling::down(90.0, 0.0, 20.0),
        ];
        let grids = ruled_grids(&rulings);
        assert_eq!(grids.len(), 1);
        let spans: Vec<(usize, usize, usize, usize)> =
            grids[0].cells.iter().map(|c| (c.row, c.col, c.row_span, c.col_span)).collect();
        assert_eq!(spans, vec![(0, 0, 2, 1), (0, 1, 1, 2), (1, 1, 1, 1), (1, 2, 1, 1)]);
    }

    #[test]
    fn row_rules_inset_from_the_frame_divide_it() {
        // A frame 0..200 with double sides; the rules between its rows stop 4 points short.
        let rulings = vec![
            Ruling::across(0.0, 0.0, 200.0),
            Ruling::across(20.0, 4.0, 196.0),
            Ruling::across(40.0, 4.0, 196.0),
            Ruling::across(60.0, 0.0, 200.0),
            Ruling::down(0.0, 0.0, 60.0),
            Ruling::down(198.0, 0.0, 60.0),
            Ruling::down(200.0, 0.0, 60.0),
        ];
        let grids = ruled_grids(&rulings);
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].ys, [0.0, 20.0, 40.0, 60.0]);
        assert_eq!(grids[0].n_cols(), 1);
    }

    #[test]
    fn two_tables_stacked_a_few_points_apart_stay_two() {
        // A box of two columns from 0 to 40, and under it, 4.5 points down, a table of three
        // columns whose column rules start on its own top rule, 0.2 points above it: they
        // reach the box above within the gap a ruling may stop short by, but meet their own
        // top rule first.
        let rulings = vec![
            Ruling::across(0.0, 0.0, 200.0),
            Ruling::across(40.0, 0.0, 200.0),
            Ruling::down(0.0, 0.0, 40.0),
            Ruling::down(120.0, 0.0, 40.0),
            Ruling::down(200.0, 0.0, 40.0),
            Ruling::across(44.5, 10.0, 190.0),
            Ruling::across(60.0, 10.0, 190.0),
            Ruling::across(80.0, 10.0, 190.0),
            Ruling::down(10.0, 44.3, 80.0),
            Ruling::down(70.0, 44.3, 80.0),
            Ruling::down(150.0, 44.3, 80.0),
            Ruling::down(190.0, 44.3, 80.0),
        ];
        let grids = ruled_grids(&rulings);
        let shapes: Vec<(Vec<f32>, Vec<f32>)> = grids.iter().map(|g| (g.xs.clone(), g.ys.clone())).collect();
        assert_eq!(
            shapes,
            [(vec![0.0, 120.0, 200.0], vec![0.0, 40.0]), (vec![10.0, 70.0, 150.0, 190.0], vec![44.5, 60.0, 80.0])]
        );
    }
}
