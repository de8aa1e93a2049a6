//! The real reports of the corpus beside the project (skipped where it is absent): every
//! canonical value against its truth, the narrative text, and the checks that fail as printed.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const CORPUS: &str = "../shared/corpus/real";

fn present(file: &str) -> Option<String> {
    let path = format!("{CORPUS}/docs/{file}");
    if Path::new(&path).exists() {
        Some(path)
    } else {
        eprintln!("skipped: {path} is not present");
        None
    }
}

/// The values a truth file gives, as (key, printed value).
fn truth(id: &str) -> BTreeMap<String, String> {
    let text = fs::read_to_string(format!("{CORPUS}/truth/{id}.values.tsv")).expect("truth");
    text.lines()
        .skip(1)
        .filter(|l| !l.starts_with('_'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Values compared as score.py does: as text, or as numbers.
fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().replace([',', ' '], "");
    let (a, b) = (norm(a), norm(b));
    a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

#[test]
fn real_reports_every_value_right() {
    for (id, file) in [
        ("r001", "r001.pdf"),
        ("r003", "r003.pdf"),
        ("pingtan2023", "pingtan2023.html"),
        ("pingtan2024", "pingtan2024.html"),
    ] {
        let Some(path) = present(file) else { continue };
        let report = nianbao::convert_file(Path::new(&path)).expect("convert");
        let got: BTreeMap<&str, &str> = report.values.iter().map(|v| (v.key.as_str(), v.raw.as_str())).collect();
        let want = truth(id);
        let wrong: Vec<String> = want
            .iter()
            .filter(|(k, v)| !got.get(k.as_str()).is_some_and(|g| same(g, v)))
            .map(|(k, v)| format!("{k}: want {v:?} got {:?}", got.get(k.as_str())))
            .collect();
        assert!(wrong.is_empty(), "{id}: {} of {} wrong:\n{}", wrong.len(), want.len(), wrong.join("\n"));
        assert_eq!(report.sections_found(), vec![1, 2, 3, 4, 5, 6], "{id}");
    }
}

#[test]
fn r001_t4_fails_its_check_as_printed() {
    let Some(path) = present("r001.pdf") else { return };
    let report = nianbao::convert_file(Path::new(&path)).expect("convert");
    let failed: Vec<(&str, &str)> =
        report.checks.iter().filter(|c| !c.ok).map(|c| (c.name.as_str(), c.detail.as_str())).collect();
    assert_eq!(
        failed,
        [
            ("t4.review", "total 0 = 0 ; upheld 10 + corrected 1 + other 0 + pending 0 = 11"),
            ("t4.suit_after_review", "total 0 = 0 ; upheld 5 + corrected 0 + other 0 + pending 0 = 5"),
        ]
    );
    let total = report.values.iter().find(|v| v.key == "t4.review.total").expect("key");
    assert_eq!(total.raw, "0", "the printed total stays");
}

#[test]
fn real_reports_narrative_text() {
    for id in ["r001", "r003"] {
        let Some(path) = present(&format!("{id}.pdf")) else { continue };
        let report = nianbao::convert_file(Path::new(&path)).expect("convert");
        let got = crate::golden::narrative(&nianbao::write::sections_tsv(&report));
        let want = fs::read_to_string(format!("testdata/real/{id}.sections-1-5-6.tsv")).expect("expected text");
        assert_eq!(got, want, "{id}");
    }
}
