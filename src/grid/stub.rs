//! A ruled grid whose stub column was left unruled: the row labels printed just left of the
//! rules, one on each row, become the grid's first column.
//!
//! Stages, each a pure function: the free text beside the grid as lines → the grid row each
//! line sits in (every line inside one row, or there is no stub) → a column of cells, one
//! per row, from the labels' left edge to the grid's.

use super::ruled::{CellBox, Grid};
use super::split::{text_lines, LINE_OVERLAP};
use crate::page::Glyph;

/// The labels' right edge stands at most this many ems left of the grid: a left-aligned stub
/// whose longest label nearly reaches the first rule. Text further off is not the grid's.
const STUB_GAP_EM: f32 = 4.0;
/// A stub labels at least this many rows...
const MIN_LABELED_ROWS: usize = 3;
/// ... and at least this fraction of the grid's rows that can hold a line of them (header
/// rows often have no label).
const LABELED_FRACTION: f32 = 0.5;
/// Where a line may stand out of its row, as a fraction of its font size: a label's middle
/// band sits inside the row its rules draw, text printed between rows does not.
const ROW_SLACK_EM: f32 = 0.1;
/// What a text line's band leaves out of its glyphs' height above and below, in ems.
const LINE_HALF_BAND: f32 = LINE_OVERLAP / 2.0;
/// Room left of the labels' left edge, in points, so that no glyph straddles the new edge.
const STUB_MARGIN: f32 = 1.0;

/// The grid with a stub column on its left when the free glyphs (those in no grid) beside it
/// label its rows; `None` when they do not.
pub fn with_stub(grid: &Grid, free: &[&Glyph]) -> Option<Grid> {
    let (left, top, _, bottom) = (grid.bbox[0], grid.bbox[1], grid.bbox[2], grid.bbox[3]);
    let beside: Vec<&Glyph> =
        free.iter().copied().filter(|g| g.x1 <= left && g.cy() > top && g.cy() < bottom).collect();
    let lines = text_lines(&beside);
    let mut labeled = vec![false; grid.n_rows()];
    for line in &lines {
        // The line's full height: its glyphs' boxes, not just the middle band that marks it.
        let (y0, y1) = (line.y0 - LINE_HALF_BAND * line.size, line.y1 + LINE_HALF_BAND * line.size);
        let slack = ROW_SLACK_EM * line.size;
        let row = grid.ys.windows(2).position(|w| y0 >= w[0] - slack && y1 <= w[1] + slack)?;
        labeled[row] = true;
    }
    // Rows too low for a line of the labels (the strip between a double rule) need none.
    let line_height = lines.iter().map(|l| l.y1 - l.y0 + 2.0 * LINE_HALF_BAND * l.size).fold(f32::INFINITY, f32::min);
    let rows_for_text = grid.ys.windows(2).filter(|w| w[1] - w[0] >= line_height).count();
    let count = labeled.iter().filter(|l| **l).count();
    if count < MIN_LABELED_ROWS || (count as f32) < LABELED_FRACTION * rows_for_text as f32 {
        return None;
    }
    let nearest = lines.iter().flat_map(|l| l.chunks.iter().map(|c| c.1)).fold(f32::NEG_INFINITY, f32::max);
    let size = lines.iter().map(|l| l.size).fold(0.0, f32::max);
    if left - nearest > STUB_GAP_EM * size {
        return None;
    }
    let x0 = lines.iter().flat_map(|l| l.chunks.iter().map(|c| c.0)).fold(f32::INFINITY, f32::min) - STUB_MARGIN;
    let mut cells: Vec<CellBox> = (0..grid.n_rows())
        .map(|row| CellBox { row, col: 0, row_span: 1, col_span: 1, bbox: [x0, grid.ys[row], left, grid.ys[row + 1]] })
        .collect();
    cells.extend(grid.cells.iter().map(|c| CellBox { col: c.col + 1, ..c.clone() }));
    cells.sort_by_key(|c| (c.row, c.col));
    let xs = std::iter::once(x0).chain(grid.xs.iter().copied()).collect();
    Some(Grid { bbox: [x0, top, grid.bbox[2], bottom], xs, ys: grid.ys.clone(), cells })
}

/// Each grid with its stub, where free text beside it labels its rows and the stub would
/// overlap no other grid.
pub fn with_stubs(grids: Vec<Grid>, glyphs: &[&Glyph]) -> Vec<Grid> {
    let inside = |g: &Glyph, b: &[f32; 4]| g.cx() >= b[0] && g.cx() <= b[2] && g.cy() >= b[1] && g.cy() <= b[3];
    let free: Vec<&Glyph> =
        glyphs.iter().copied().filter(|g| !grids.iter().any(|grid| inside(g, &grid.bbox))).collect();
    let overlaps = |a: &[f32; 4], b: &[f32; 4]| a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    let extended: Vec<Option<Grid>> = grids.iter().map(|g| with_stub(g, &free)).collect();
    grids
        .iter()
        .zip(extended)
        .enumerate()
        .map(|(i, (grid, stubbed))| match stubbed {
            Some(s) if !grids.iter().enumerate().any(|(j, other)| j != i && overlaps(&s.bbox, &other.bbox)) => s,
            _ => grid.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Two ruled number columns from x 100 to 200, a header row and three body rows 20 high.
    fn numbers_grid() -> Grid {
        let ys = vec![0.0, 20.0, 40.0, 60.0, 80.0];
        let mut cells = Vec::new();
        for row in 0..4 {
            for col in 0..2 {
                let x = 100.0 + 50.0 * col as f32;
                cells.push(CellBox { row, col, row_span: 1, col_span: 1, bbox: [x, ys[row], x + 50.0, ys[row + 1]] });
            }
        }
        Grid { bbox: [100.0, 0.0, 200.0, 80.0], xs: vec![100.0, 150.0, 200.0], ys, cells }
    }

    #[test]
    fn labels_left_of_the_rules_become_the_first_column() {
        let mut glyphs = Vec::new();
        for (row, label) in ["Alcona", "Caledonia", "City Harrisville"].iter().enumerate() {
            glyphs.extend(word(label, 20.0, 25.0 + 20.0 * row as f32));
        }
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let grid = with_stub(&numbers_grid(), &refs).expect("a stub");
        assert_eq!(grid.xs, [19.0, 100.0, 150.0, 200.0]);
        assert_eq!(grid.n_cols(), 3);
        assert_eq!(grid.cells.len(), 12);
        assert_eq!(grid.cells[0].bbox, [19.0, 0.0, 100.0, 20.0]);
        assert_eq!((grid.cells[1].col, grid.cells[1].bbox), (1, [100.0, 0.0, 150.0, 20.0]));
    }

    #[test]
    fn text_beside_that_does_not_sit_in_the_rows_is_no_stub() {
        // Lines 12 apart: the second straddles the rule at y 40.
        let mut glyphs = Vec::new();
        for (row, label) in ["a paragraph", "that runs", "beside it"].iter().enumerate() {
            glyphs.extend(word(label, 40.0, 25.0 + 12.0 * row as f32));
        }
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(with_stub(&numbers_grid(), &refs), None);
        // Labels far from the rules are not the grid's either.
        let far: Vec<Glyph> = (0..3).flat_map(|row| word("Item", 0.0, 25.0 + 20.0 * row as f32)).collect();
        let refs: Vec<&Glyph> = far.iter().collect();
        assert_eq!(with_stub(&numbers_grid(), &refs), None);
        // Two labels are too few.
        let few: Vec<Glyph> = (0..2).flat_map(|row| word("Item", 70.0, 25.0 + 20.0 * row as f32)).collect();
        let refs: Vec<&Glyph> = few.iter().collect();
        assert_eq!(with_stub(&numbers_grid(), &refs), None);
    }
}
