//! Prints each line of a PDF page with its box and segments (for studying layouts).
//! `cargo run --example lines -- FILE.pdf PAGE`

mod common;

fn main() {
    let page = common::page_from_args("lines");
    let page = &page;
    let glyphs: Vec<&nianbao::page::Glyph> = page.glyphs.iter().filter(|g| !g.is_blank()).collect();
    for line in nianbao::lines::lines(&glyphs) {
        let segs: Vec<String> = line.segments.iter().map(|s| format!("[{:.0}-{:.0} {}]", s.x0, s.x1, s.text)).collect();
        println!("y {:6.1}-{:6.1} size {:4.1}  {}", line.y0, line.y1, line.size, segs.join(" "));
        if std::env::var_os("NIANBAO_GLYPHS").is_some() {
            for g in glyphs
                .iter()
                .filter(|g| g.cy() >= line.y0 && g.cy() <= line.y1 && g.x0 >= line.x0 - 0.1 && g.x1 <= line.x1 + 0.1)
            {
                print!(" {}[{:.1}-{:.1}@{:.1}]", g.text, g.x0, g.x1, g.cy());
            }
            println!();
        }
    }
}
