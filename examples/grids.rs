//! Prints a PDF page's merged rulings, its ruled grids and the grids after text splitting
//! (for studying tables). `cargo run --example grids -- FILE.pdf PAGE`; with
//! `NIANBAO_BAND=y0,y1` it prints instead the glyphs whose centres lie between the two heights,
//! left to right, blanks as `[ x0-x1]` and `_` before each glyph typed after a space.

mod common;

fn main() {
    let page = common::page_from_args("grids");
    let page = &page;
    if let Some((a, b)) = std::env::var("NIANBAO_BAND").ok().and_then(|v| {
        let (a, b) = v.split_once(',')?;
        Some((a.parse::<f32>().ok()?, b.parse::<f32>().ok()?))
    }) {
        let mut gs: Vec<&nianbao::page::Glyph> = page.glyphs.iter().filter(|g| g.cy() >= a && g.cy() <= b).collect();
        gs.sort_by(|p, q| p.x0.total_cmp(&q.x0));
        for g in gs {
            let t = if g.is_blank() { format!("[ {:.1}-{:.1}]", g.x0, g.x1) } else { g.text.clone() };
            print!("{}{}", if g.space_before { "_" } else { "" }, t);
        }
        println!();
        return;
    }
    for horizontal in [true, false] {
        for r in nianbao::grid::ruled::merge(&page.rulings, horizontal) {
            println!("{} {:.1} {:.1}-{:.1} w{:.1}", if horizontal { "H" } else { "V" }, r.pos, r.start, r.end, r.width);
        }
    }
    let refs = nianbao::lines::visible_glyphs(page);
    for g in nianbao::grid::ruled_grids(&page.rulings) {
        println!("grid {:?} xs {:?}\n  ys {:?}", g.bbox, g.xs, g.ys);
        if let Some(s) = nianbao::grid::split::split_by_text(&g, &refs) {
            println!("split xs {:?}\n  ys {:?}", s.xs, s.ys);
        }
    }
}
