//! Converts one file and prints its values (debugging aid; panics surface with a backtrace).
//! `cargo run --example convert_one -- FILE`

fn main() {
    let Some(path) = std::env::args().nth(1) else { return };
    match nianbao::convert_file(std::path::Path::new(&path)) {
        Ok(report) => print!("{}", nianbao::write::values_tsv(&report)),
        Err(e) => eprintln!("{e}"),
    }
}
