//! Prints the size of every table a file's reader builds, and how long reading and
//! recognizing took (for studying slow inputs). `cargo run --example tables -- FILE`

fn main() {
    let Some(path) = std::env::args().nth(1) else { return };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let started = std::time::Instant::now();
    let Ok(doc) = nianbao::read_bytes(&bytes) else { return };
    let read = started.elapsed();
    for block in &doc.blocks {
        if let nianbao::model::Block::Table(t) = block {
            println!("table {} x {}, {} cells", t.n_rows, t.n_cols, t.cells.len());
        }
    }
    let report = nianbao::template::recognize(doc);
    println!("read {read:?}, recognized {:?}, {} tables", started.elapsed() - read, report.tables.len());
}
