//! A ruled strip set just under a grid, boxed apart (a totals row in a heavy frame a little
//! below the body), continues the grid: its column rules stand on the grid's, so its rows
//! are the grid's next rows, in the grid's columns.
//!
//! Stages, each a pure function: the grids top to bottom → pairs of a grid and a strip under it
//! (close, inside its width, every column rule of the strip on one of the grid's, nothing
//! printed between them) → one grid, the strip's rows after the grid's, its slots outside its
//! frame filled by the grid's columns.

use super::ruled::{CellBox, Grid};
use crate::page::Glyph;

/// Rules closer than this (points) are one: the strip's column rules on the grid's.
const SNAP: f32 = 2.5;
/// The strip starts at most this many of the grid's tallest rows below it: set apart by a gap
/// of a row, not a caption and a paragraph away.
const MAX_GAP_ROWS: f32 = 1.0;
/// A strip has at least this many column rules inside the grid's width on the grid's: a box
/// around a note under a table lines up with its frame alone.
const MIN_SHARED_INNER_RULES: usize = 2;

/// The grid `under` continues `grid`: it stands just below it, inside its width, its column
/// rules on the grid's, and no glyph is printed between the two.
fn continues(grid: &Grid, under: &Grid, glyphs: &[&Glyph]) -> bool {
    let [x0, _, x1, bottom] = grid.bbox;
    let tallest = grid.ys.windows(2).map(|w| w[1] - w[0]).fold(0.0, f32::max);
    let gap = under.bbox[1] - bottom;
    if gap < -SNAP || gap > MAX_GAP_ROWS * tallest {
        return false;
    }
    if under.bbox[0] < x0 - SNAP || under.bbox[2] > x1 + SNAP {
        return false;
    }
    let on_grid = |x: &f32| grid.xs.iter().any(|g| (g - x).abs() <= SNAP);
    if !under.xs.iter().all(on_grid) {
        return false;
    }
    let inner = under.xs.iter().filter(|&&x| x > x0 + SNAP && x < x1 - SNAP).count();
    if inner < MIN_SHARED_INNER_RULES {
        return false;
    }
    let (top, end) = (bottom + SNAP, under.bbox[1] - SNAP);
    !glyphs.iter().any(|g| g.cy() > top && g.cy() < end && g.cx() > x0 && g.cx() < x1)
}

/// The index of the edge nearest `x`.
fn nearest(edges: &[f32], x: f32) -> usize {
    edges.iter().enumerate().min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs())).map(|(i, _)| i).unwrap_or(0)
}

/// `grid` with the rows of `under` after its own. The gap between them is no row: the strip's
/// first row reaches up to the grid's bottom. Slots of the grid's columns outside the strip's
/// frame are cells of their own, so what is printed there (a total beside the box) still
/// stands in its column.
fn joined(grid: &Grid, under: &Grid) -> Grid {
    let rows = grid.n_rows();
    let mut ys = grid.ys.clone();
    ys.extend(under.ys.iter().skip(1));
    let mut cells = grid.cells.clone();
    for r in 0..under.n_rows() {
        let row = rows + r;
        let mut covered = vec![false; grid.n_cols()];
        for c in under.cells.iter().filter(|c| c.row == r) {
            let (c0, c1) = (nearest(&grid.xs, c.bbox[0]), nearest(&grid.xs, c.bbox[2]));
            let (r0, r1) = (row, row + c.row_span);
            covered[c0..c1].iter_mut().for_each(|s| *s = true);
            let top = if r == 0 { ys[r0] } else { c.bbox[1] };
            cells.push(CellBox {
                row: r0,
                col: c0,
                row_span: r1 - r0,
                col_span: c1 - c0,
                bbox: [c.bbox[0], top, c.bbox[2], c.bbox[3]],
            });
        }
        for (col, _) in covered.iter().enumerate().filter(|(_, c)| !**c) {
            let spanned = cells
                .iter()
                .any(|c| c.row < row && row < c.row + c.row_span && c.col <= col && col < c.col + c.col_span);
            if !spanned {
                cells.push(CellBox {
                    row,
                    col,
                    row_span: 1,
                    col_span: 1,
                    bbox: [grid.xs[col], ys[row], grid.xs[col + 1], ys[row + 1]],
                });
            }
        }
    }
    cells.sort_by_key(|c| (c.row, c.col));
    let bbox = [grid.bbox[0], grid.bbox[1], grid.bbox[2], under.bbox[3]];
    Grid { bbox, xs: grid.xs.clone(), ys, cells }
}

/// The grids, each strip that continues a grid joined to it.
pub fn with_strips_joined(mut grids: Vec<Grid>, glyphs: &[&Glyph]) -> Vec<Grid> {
    grids.sort_by(|a, b| a.bbox[1].total_cmp(&b.bbox[1]));
    let mut i = 0;
    while i < grids.len() {
        // The nearest grid below that overlaps this one across: the only one a strip can be.
        let below = (0..grids.len())
            .filter(|&j| j != i && grids[j].bbox[1] >= grids[i].bbox[3] - SNAP)
            .filter(|&j| grids[j].bbox[0] < grids[i].bbox[2] && grids[i].bbox[0] < grids[j].bbox[2])
            .min_by(|&a, &b| grids[a].bbox[1].total_cmp(&grids[b].bbox[1]));
        match below {
            Some(j) if continues(&grids[i], &grids[j], glyphs) => {
                let under = grids.remove(j);
                let k = if j < i { i - 1 } else { i };
                grids[k] = joined(&grids[k], &under);
                i = k;
            }
            _ => i += 1,
        }
    }
    grids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Ruling;

    fn glyph(text: &str, x: f32, y: f32) -> Glyph {
        Glyph::boxed(text, x, y, x + 5.0, y + 10.0)
    }

    /// A grid of four columns (edges 0, 50, 100, 150, 200) and two rows from y 0 to 40; a
    /// strip framed from x 50 to 200, from y `top` to `top + 20`, with the grid's inner rules.
    fn rulings(top: f32) -> Vec<Ruling> {
        let mut r =
            vec![Ruling::across(0.0, 0.0, 200.0), Ruling::across(20.0, 0.0, 200.0), Ruling::across(40.0, 0.0, 200.0)];
        r.extend([0.0, 50.0, 100.0, 150.0, 200.0].map(|x| Ruling::down(x, 0.0, 40.0)));
        r.extend([Ruling::across(top, 50.0, 200.0), Ruling::across(top + 20.0, 50.0, 200.0)]);
        r.extend([50.0, 100.0, 150.0, 200.0].map(|x| Ruling::down(x, top, top + 20.0)));
        r
    }

    #[test]
    fn a_boxed_totals_row_under_a_grid_is_its_last_row_in_its_columns() {
        let grids = super::super::ruled_grids(&rulings(52.0));
        assert_eq!(grids.len(), 2);
        // A total printed left of the box, under the grid's first column.
        let glyphs = [glyph("9", 20.0, 57.0)];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let joined = with_strips_joined(grids, &refs);
        assert_eq!(joined.len(), 1);
        let grid = &joined[0];
        assert_eq!(grid.ys, [0.0, 20.0, 40.0, 72.0]);
        assert_eq!(grid.n_cols(), 4);
        let last: Vec<(usize, usize, usize)> =
            grid.cells.iter().filter(|c| c.row == 2).map(|c| (c.col, c.col_span, c.row_span)).collect();
        assert_eq!(last, [(0, 1, 1), (1, 1, 1), (2, 1, 1), (3, 1, 1)]);
        assert_eq!(grid.cell_at(22.5, 62.0), grid.cells.iter().position(|c| c.row == 2 && c.col == 0));
    }

    #[test]
    fn a_grid_below_with_text_between_or_far_off_stays_apart() {
        // A caption between the two.
        let grids = super::super::ruled_grids(&rulings(52.0));
        let glyphs = [glyph("T", 60.0, 41.0)];
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(with_strips_joined(grids, &refs).len(), 2);
        // More than a row below.
        let grids = super::super::ruled_grids(&rulings(70.0));
        assert_eq!(with_strips_joined(grids, &[]).len(), 2);
    }
}
