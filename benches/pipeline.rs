//! Criterion benchmarks of the pipeline stages on the DOCX fixtures in `testdata/docx/`.
//! Inputs are read once, outside the measured loop.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir("testdata/docx") {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if let Ok(bytes) = std::fs::read(&path) {
                out.push((path.display().to_string(), bytes));
            }
        }
    }
    out
}

fn stages(c: &mut Criterion) {
    let docs = fixtures();
    let bytes: u64 = docs.iter().map(|(_, b)| b.len() as u64).sum();
    let mut group = c.benchmark_group("docx");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("read", |b| {
        b.iter(|| {
            for (_, doc) in &docs {
                let _ = nianbao::read_bytes(doc);
            }
        })
    });
    let read: Vec<_> = docs.iter().filter_map(|(_, doc)| nianbao::read_bytes(doc).ok()).collect();
    group.bench_function("recognize", |b| {
        b.iter(|| {
            for doc in &read {
                let _ = nianbao::template::recognize(doc.clone());
            }
        })
    });
    let reports: Vec<_> = read.iter().map(|d| nianbao::template::recognize(d.clone())).collect();
    group.bench_function("write", |b| {
        b.iter(|| {
            for report in &reports {
                let _ = nianbao::write::values_tsv(report);
                let _ = nianbao::write::sections_tsv(report);
                let _ = nianbao::write::report_json(report, "bench");
            }
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
