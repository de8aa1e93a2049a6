//! Prints each line of a PDF page with its box and segments (for studying layouts).
//! `cargo run --example lines -- FILE.pdf PAGE`

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(page)) = (args.get(1), args.get(2).and_then(|p| p.parse::<u32>().ok())) else {
        eprintln!("usage: lines FILE.pdf PAGE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_default();
    let Ok((pages, _)) = nianbao::read::pdf::read_pages(&bytes) else {
        eprintln!("{path}: unreadable");
        std::process::exit(1);
    };
    let Some(page) = pages.iter().find(|p| p.number == page) else {
        return;
    };
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
