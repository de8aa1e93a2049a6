//! `nianbao inspect`: an SVG of one PDF page showing what the reader saw: glyph boxes,
//! rulings, text lines, the cells of the tables it rebuilt and what found each table.

use std::fmt::Write;

use crate::error::ErrorKind;
use crate::model::Cell;
use crate::page::{Glyph, Page};
use crate::read::ReadOptions;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Draws page `number` (1-based) of a PDF.
pub fn page_svg(bytes: &[u8], number: u32) -> Result<String, ErrorKind> {
    page_svg_with(bytes, number, &ReadOptions::default())
}

/// [`page_svg`] of a PDF opened with [`ReadOptions`] (its password).
pub fn page_svg_with(bytes: &[u8], number: u32, options: &ReadOptions) -> Result<String, ErrorKind> {
    let (pages, notes, _) = crate::read::pdf::read_pages_with(bytes, options)?;
    let count = pages.len();
    let page = pages
        .iter()
        .find(|p| p.number == number)
        .ok_or_else(|| ErrorKind::Unsupported(format!("page {number} does not exist: the PDF has {count} pages")))?;
    // The cells of every table the layout rebuilt, ruled or not, that stand on this page, and
    // the region each table covers here with what found it.
    let document = crate::layout::document(&pages, notes, &crate::template::ReportVocabulary)?;
    let mut cells: Vec<Cell> = Vec::new();
    let mut regions: Vec<Region> = Vec::new();
    let tables = document.blocks.iter().filter_map(|b| match b {
        crate::model::Block::Table(t) => Some(t),
        _ => None,
    });
    for (n, table) in tables.enumerate() {
        let here: Vec<&Cell> =
            table.cells.iter().filter(|c| c.origin.page == Some(number) && c.origin.bbox.is_some()).collect();
        let boxes = here.iter().filter_map(|c| c.origin.bbox);
        let bbox = boxes.reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]);
        if let Some(bbox) = bbox {
            regions.push(Region { label: format!("table {}: {}", n + 1, table.found_by.describe()), bbox });
        }
        cells.extend(here.into_iter().cloned());
    }
    Ok(draw(page, &cells, &regions))
}

/// Where a table stands on the page, and a label that says what found it.
pub struct Region {
    pub label: String,
    pub bbox: [f32; 4],
}

/// The SVG of an interpreted page with the table cells found on it and the tables' regions.
pub fn draw(page: &Page, cells: &[Cell], regions: &[Region]) -> String {
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">"#,
        w = page.width,
        h = page.height
    );
    let _ = writeln!(svg, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    for c in cells {
        let Some([x0, y0, x1, y1]) = c.origin.bbox else { continue };
        let _ = writeln!(
            svg,
            r##"<rect x="{x0:.1}" y="{y0:.1}" width="{:.1}" height="{:.1}" fill="#2b6cb0" fill-opacity="0.06" stroke="#2b6cb0" stroke-width="0.6"><title>cell r{} c{} span {}x{}: {}</title></rect>"##,
            x1 - x0,
            y1 - y0,
            c.row,
            c.col,
            c.row_span,
            c.col_span,
            esc(&c.text)
        );
    }
    for region in regions {
        let [x0, y0, x1, y1] = region.bbox;
        let _ = writeln!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#805ad5" stroke-width="0.8" stroke-dasharray="4 2"/><text x="{:.1}" y="{:.1}" font-size="6" fill="#805ad5">{}</text>"##,
            x0 - 2.0,
            y0 - 2.0,
            x1 - x0 + 4.0,
            y1 - y0 + 4.0,
            x0 - 2.0,
            y0 - 3.5,
            esc(&region.label)
        );
    }
    for r in &page.rulings {
        let (x1, y1, x2, y2) =
            if r.horizontal { (r.start, r.pos, r.end, r.pos) } else { (r.pos, r.start, r.pos, r.end) };
        let _ = writeln!(
            svg,
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#e53e3e" stroke-width="{:.2}"/>"##,
            r.width.max(0.3)
        );
    }
    let glyphs: Vec<&Glyph> = page.glyphs.iter().filter(|g| !g.is_blank()).collect();
    for line in crate::lines::lines(&glyphs) {
        let _ = writeln!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#38a169" stroke-width="0.4"><title>{}</title></rect>"##,
            line.x0,
            line.y0,
            line.x1 - line.x0,
            line.y1 - line.y0,
            esc(&line.text)
        );
    }
    for g in &glyphs {
        let color = if g.text == "\u{FFFD}" { "#d69e2e" } else { "#4a5568" };
        let _ = writeln!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{color}">{}</text>"##,
            g.x0,
            g.y1 - 0.2 * g.size,
            g.size * 0.8,
            esc(&g.text)
        );
    }
    svg.push_str("</svg>\n");
    svg
}
