//! Criterion benchmarks of the pipeline stages on the fixtures in `testdata/`.
//! Inputs are read once, outside the measured loops.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const PROVENANCE: nianbao::write::Provenance<'static> =
    nianbao::write::Provenance { source: "bench", sha256: "", folder: "bench" };

fn fixtures(dir: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn docx(c: &mut Criterion) {
    let docs = fixtures("testdata/docx");
    let mut group = c.benchmark_group("docx");
    group.throughput(Throughput::Bytes(docs.iter().map(|d| d.len() as u64).sum()));
    group.bench_function("read", |b| b.iter(|| docs.iter().filter_map(|d| nianbao::read_bytes(d).ok()).count()));
    let read: Vec<_> = docs.iter().filter_map(|d| nianbao::read_bytes(d).ok()).collect();
    group.bench_function("recognize", |b| {
        b.iter(|| read.iter().map(|doc| nianbao::template::recognize(doc.clone()).values.len()).sum::<usize>())
    });
    let reports: Vec<_> = read.iter().map(|d| nianbao::template::recognize(d.clone())).collect();
    group.bench_function("write", |b| {
        b.iter(|| {
            reports
                .iter()
                .map(|r| nianbao::write::values_tsv(r).len() + nianbao::write::report_json(r, &PROVENANCE).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn pdf(c: &mut Criterion) {
    let docs = fixtures("testdata/pdf");
    let pages: Vec<_> = docs.iter().filter_map(|d| nianbao::read::pdf::read_pages(d).ok()).map(|(p, _)| p).collect();
    let n_pages: usize = pages.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("pdf");
    group.throughput(Throughput::Elements(n_pages as u64));
    group.bench_function("interpret", |b| {
        b.iter(|| docs.iter().filter_map(|d| nianbao::read::pdf::read_pages(d).ok()).count())
    });
    group.bench_function("ruled_grids", |b| {
        b.iter(|| pages.iter().flatten().map(|p| nianbao::grid::ruled_grids(&p.rulings).len()).sum::<usize>())
    });
    group.bench_function("layout", |b| {
        b.iter(|| {
            pages
                .iter()
                .map(|p| {
                    nianbao::layout::document(p, Vec::new(), &nianbao::template::ReportVocabulary)
                        .map_or(0, |d| d.blocks.len())
                })
                .sum::<usize>()
        })
    });
    group.bench_function("convert", |b| b.iter(|| docs.iter().filter_map(|d| nianbao::convert_bytes(d).ok()).count()));
    group.finish();
}

criterion_group!(benches, docx, pdf);
criterion_main!(benches);
