//! What the study examples share: the PDF page their command line names.

/// Page PAGE of FILE.pdf, as `cargo run --example NAME -- FILE.pdf PAGE` gives them; exits
/// with the usage (2) or the reason (1) when there is none.
pub fn page_from_args(name: &str) -> nianbao::page::Page {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(number)) = (args.get(1), args.get(2).and_then(|p| p.parse::<u32>().ok())) else {
        eprintln!("usage: {name} FILE.pdf PAGE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_default();
    let Ok((pages, _)) = nianbao::read::pdf::read_pages(&bytes) else {
        eprintln!("{path}: unreadable");
        std::process::exit(1);
    };
    let Some(page) = pages.into_iter().find(|p| p.number == number) else {
        eprintln!("{path}: no page {number}");
        std::process::exit(1);
    };
    page
}
