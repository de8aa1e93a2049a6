//! Prints each page's text, one line per baseline, as nianbao's PDF reader sees it.
//! `cargo run --example page_text -- FILE.pdf`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: page_text FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match nianbao::read::pdf::read_pages(&bytes) {
        Ok((pages, notes)) => {
            for page in &pages {
                println!("{}", nianbao::read::pdf::page_text(page));
                print!("\x0c");
            }
            for note in notes {
                eprintln!("{path}: {note}");
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
