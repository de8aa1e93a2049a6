//! Scans: pages of images read by OCR when Tesseract is installed, a clear message when it
//! is not. `testdata/scan/partly-ruled-scan.pdf` is `testdata/pdf/partly-ruled.pdf` rendered
//! to 150 dpi grey JPEG pages (`testdata/scan/make.py`): its printed values are that PDF's.

use std::fs;
use std::path::Path;
use std::process::Command;

use nianbao::batch;

/// What a scan whose images hold no text is told, on this machine.
pub fn blank_scan_message() -> String {
    let scan = "no text layer: 2 pages of images only (a scan)";
    match nianbao::ocr::tesseract::availability() {
        Ok(()) => format!("{scan}; OCR found no text on them"),
        Err(why) => {
            format!("{scan}; OCR is not available ({why}): install tesseract-ocr and tesseract-ocr-chi-sim to read it")
        }
    }
}

/// Whether the OCR tests can run: they fail, rather than skip, where CI requires them.
fn ocr_runs_here() -> bool {
    match nianbao::ocr::tesseract::availability() {
        Ok(()) => true,
        Err(why) if std::env::var_os("NIANBAO_REQUIRE_OCR").is_some() => panic!("OCR is required: {why}"),
        Err(why) => {
            eprintln!("OCR tests skipped: {why}");
            false
        }
    }
}

/// Characters inserted, deleted or changed to turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            current.push((previous[j + 1] + 1).min(current[j] + 1).min(previous[j] + usize::from(ca != *cb)));
        }
        previous = current;
    }
    previous[b.len()]
}

fn values(tsv: &str) -> Vec<(String, String)> {
    tsv.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next().zip(l.split('\t').nth(1)))
        .map(|(k, v)| (k.into(), v.into()))
        .collect()
}

#[test]
fn a_scan_is_read_by_ocr_into_sections_tables_and_values() {
    if !ocr_runs_here() {
        return;
    }
    let out = tempfile::tempdir().expect("tmp");
    let outcome = batch::process(
        &batch::OutputDir::open(out.path()).expect("output folder"),
        &batch::Input::file(Path::new("testdata/scan/partly-ruled-scan.pdf")),
        Path::new("scan"),
        &batch::BatchOptions::default(),
    );
    assert_eq!(outcome.pages, Some(2));
    assert!(outcome.message.ends_with("read by OCR (pages 1-2)"), "{}", outcome.message);
    // The arithmetic the template's tables must satisfy catches what OCR misread.
    assert_eq!(outcome.status, batch::Status::Warnings, "{}", outcome.message);

    let sections = fs::read_to_string(out.path().join("scan/sections.tsv")).expect("sections");
    assert!(sections.starts_with("section\ttitle\tpara\ttext\n0\t\t1\t白沙县统计局2022年政府信息公开工作年度报告\n"));
    // OCR is held to the printed text within one character (measured: a stray `和`).
    let paragraph = sections.lines().find(|l| l.starts_with("1\t一、总体情况\t1\t")).expect("paragraph of section 1");
    let read = paragraph.rsplit('\t').next().unwrap_or_default();
    assert!(edit_distance(read, "2022年，白沙县统计局认真落实政务公开各项要求。") <= 1, "{read}");

    let printed = values(&fs::read_to_string("testdata/golden/partly-ruled/values.tsv").expect("golden"));
    let read = values(&fs::read_to_string(out.path().join("scan/values.tsv")).expect("values"));
    let read: std::collections::HashMap<_, _> = read.into_iter().collect();
    for key in ["t2.fees.amount", "t3.new.business", "t3.new.research", "t3.new.total"] {
        let want = printed.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        assert_eq!(read.get(key).map(String::as_str), want, "{key}");
    }
    let right = printed.iter().filter(|(k, v)| !v.is_empty() && read.get(k) == Some(v)).count();
    let total = printed.iter().filter(|(_, v)| !v.is_empty()).count();
    assert_eq!(total, 186);
    assert!(right >= 114, "{right} of {total} values read right");

    // Every value read from an OCR'd cell carries the recognizer's confidence.
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("scan/report.json")).expect("json")).expect("parse");
    assert_eq!(report["ocr_pages"], serde_json::json!([1, 2]));
    let value = report["values"].as_array().and_then(|v| v.iter().find(|v| v["key"] == "t3.new.total")).expect("value");
    let confidence = value["origin"]["confidence"].as_f64().expect("confidence");
    assert!((0.5..=1.0).contains(&confidence), "{confidence}");
}

#[test]
fn ocr_can_be_turned_off() {
    let run = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", "testdata/scan/partly-ruled-scan.pdf"])
        .env("NIANBAO_OCR", "off")
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "testdata/scan/partly-ruled-scan.pdf: no-text: no text layer: 2 pages of images only (a scan); OCR is turned off (NIANBAO_OCR=off)\n"
    );
}

/// `inspect` draws what OCR found on a scan: the rulings traced on its image and the boxes of
/// the text read; with OCR off the page is an empty sheet.
#[test]
fn inspect_draws_the_rulings_and_text_ocr_found() {
    if !ocr_runs_here() {
        return;
    }
    let out = tempfile::tempdir().expect("tmp");
    let svg = |ocr: &str| {
        let path = out.path().join(format!("{ocr}.svg"));
        let run = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["inspect", "testdata/scan/partly-ruled-scan.pdf", "--page", "1", "-o"])
            .arg(&path)
            .env("NIANBAO_OCR", ocr)
            .output()
            .expect("runs");
        assert_eq!(run.status.code(), Some(0));
        fs::read_to_string(&path).expect("svg")
    };
    let read = svg("on");
    // The first rule under t2's heading, across the table, as the PDF drew it (72-522 pt).
    assert!(read.contains(r##"<line x1="72.0" y1="180.0" x2="522.2" y2="180.0" stroke="#e53e3e""##), "{read}");
    assert!(read.matches("<rect").count() > 100);
    let off = svg("off");
    assert_eq!(off.matches("<line").count() + off.matches("<rect").count(), 1);
}
