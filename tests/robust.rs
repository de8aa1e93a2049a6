//! Hostile and broken inputs end as clear failures, never a panic, a hang or a lost file; a
//! re-run skips what is up to date.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use nianbao::{batch, ErrorKind};

fn convert(bytes: &[u8]) -> Result<nianbao::Report, ErrorKind> {
    batch::convert_guarded(bytes)
}

/// A minimal PDF from numbered object bodies, with a correct cross-reference table.
fn pdf(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn a_pdf_that_opens_with_the_empty_password_is_read() {
    let (pages, _) =
        nianbao::read::pdf::read_pages(&fs::read("testdata/broken/empty-user-password.pdf").expect("fixture"))
            .expect("read");
    assert_eq!(nianbao::read::pdf::page_text(&pages[0]), "一、总体情况：主动公开政府信息 1234 条。");
}

#[test]
fn a_password_protected_pdf_is_reported() {
    let err = convert(&fs::read("testdata/broken/password-protected.pdf").expect("fixture")).map(|_| ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "password-protected PDF: it does not open without a password (give it with --password)"
    );
}

#[test]
fn a_cyclic_page_tree_and_a_form_drawing_itself_end() {
    let bytes = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        // The page tree lists itself among its kids.
        "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>",
        // A form that draws itself.
        "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 4 0 R >> >> /Length 5 >>\nstream\n/X Do\nendstream",
        "<< /Length 5 >>\nstream\n/X Do\nendstream",
    ]);
    // Whatever the page tree yields, reading ends and no text is invented.
    match convert(&bytes) {
        Ok(report) => assert_eq!(report.glyphs, 0),
        Err(e) => assert!(matches!(e, ErrorKind::Damaged(_)), "{e}"),
    }
}

#[test]
fn a_zip_bomb_posing_as_docx_is_refused() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).expect("entry");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..80 {
        zip.write_all(&chunk).expect("write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    assert!(bytes.len() < 1 << 20, "the bomb is small: {} bytes", bytes.len());
    let err = convert(&bytes).map(|_| ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "damaged document: word/document.xml expands to 83886080 bytes, over the 67108864 byte limit"
    );
}

#[test]
fn a_file_too_large_to_be_a_report_is_refused_unread() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("huge.pdf");
    // A sparse file: large on paper, nothing on disk.
    fs::File::create(&path).expect("create").set_len(2 * 1024 * 1024 * 1024).expect("size");
    let output = batch::OutputDir::open(&dir.path().join("out")).expect("output folder");
    let outcome =
        batch::process(&output, &batch::Input::file(&path), Path::new("huge"), &batch::BatchOptions::default());
    assert_eq!(outcome.status, batch::Status::Failed);
    assert_eq!(
        outcome.message,
        format!("{}: too large: the file is 2048 MiB, over the 512 MiB limit for one report", path.display())
    );
}

#[test]
fn the_time_limit_stops_a_file() {
    let result = nianbao::deadline::with_limit(Some(Duration::ZERO), || {
        nianbao::convert_path(Path::new("testdata/pdf/wps-2021.pdf"), Some(Duration::ZERO))
    });
    assert_eq!(result.map(|_| ()).unwrap_err().to_string(), "timed out after 0 s");
}

#[test]
fn a_rerun_skips_what_is_up_to_date_and_force_redoes_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    let run = |force: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"));
        cmd.args(["convert", "testdata/docx", "-o"]).arg(&out);
        if force {
            cmd.arg("--force");
        }
        assert!(cmd.status().expect("run").success());
        fs::read_to_string(out.join("summary.tsv")).expect("summary")
    };
    let first = run(false);
    let recorded = fs::metadata(out.join("report-2021/.outcome.tsv")).and_then(|m| m.modified()).expect("mtime");
    std::thread::sleep(Duration::from_millis(20));
    let second = run(false);
    assert_eq!(first, second, "skipped documents keep their recorded outcome, timings included");
    let unchanged = fs::metadata(out.join("report-2021/.outcome.tsv")).and_then(|m| m.modified()).expect("mtime");
    assert_eq!(recorded, unchanged, "nothing was rewritten");
    run(true);
    let redone = fs::metadata(out.join("report-2021/.outcome.tsv")).and_then(|m| m.modified()).expect("mtime");
    assert!(redone > recorded, "--force converts again");
    let unfinished = fs::read_dir(out.join(".nianbao/tmp")).expect("work folder").count();
    assert_eq!(unfinished, 0, "no half-written folder is left behind");
}

#[test]
fn hostile_spans_build_bounded_tables() {
    let page = r#"<html><body><table><tr><td colspan="100000">a</td><td colspan="100000">b</td></tr><tr><td rowspan="100000">c</td></tr></table></body></html>"#;
    let doc = nianbao::read_bytes(page.as_bytes()).expect("read");
    let nianbao::model::Block::Table(table) = &doc.blocks[0] else { panic!("a table") };
    assert_eq!((table.n_rows, table.n_cols), (2, nianbao::model::MAX_COLUMNS));
    let tabs = format!("第二十条\n规章{}0\n", "\t".repeat(1_000_000));
    let doc = nianbao::read_bytes(tabs.as_bytes()).expect("read");
    assert!(doc.blocks.iter().all(|b| match b {
        nianbao::model::Block::Table(t) => t.n_cols <= nianbao::model::MAX_COLUMNS,
        _ => true,
    }));
}

/// Found by fuzzing the HTML reader: a page whose last paragraph is 30 KB long made the
/// signature search test every suffix for a date (seconds per file).
#[test]
fn fuzz_regression_long_last_paragraph() {
    let report = nianbao::convert_file(Path::new("testdata/fuzz/html-long-paragraph.html")).expect("convert");
    assert!(report.tables.is_empty());
    assert!(report.items.iter().all(|p| p.section() != nianbao::template::sections::CLOSING), "no signature in it");
}

/// A legacy Word file goes through LibreOffice when it is installed (skipped otherwise).
#[test]
fn a_legacy_doc_converts_through_libreoffice() {
    let Some(office) = nianbao::read::legacy::office() else {
        eprintln!("skipped: LibreOffice is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let status = std::process::Command::new(office)
        .args([profile.as_str(), "--headless", "--convert-to", "doc", "--outdir"])
        .arg(dir.path())
        .arg("testdata/docx/report-2021.docx")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run LibreOffice");
    assert!(status.success());
    let doc = dir.path().join("report-2021.doc");
    assert_eq!(nianbao::detect::detect(&fs::read(&doc).expect("doc")), Ok(nianbao::Format::Ole2));
    let from_doc = nianbao::convert_file(&doc).expect("convert the .doc");
    let from_docx = nianbao::convert_file(Path::new("testdata/docx/report-2021.docx")).expect("convert the .docx");
    let values = |r: &nianbao::Report| r.values.iter().map(|v| (v.key.clone(), v.raw.clone())).collect::<Vec<_>>();
    assert_eq!(values(&from_doc), values(&from_docx));
}

#[test]
fn a_pdf_whose_cross_reference_table_points_past_its_objects_is_read() {
    let good = fs::read("testdata/pdf/hechuan-2019.pdf").expect("fixture");
    // Bytes added before the first object, with `startxref` still finding the table, as an
    // edit that rewrote only the file's tail leaves it: every object lies past its offset.
    let first = good.windows(7).position(|w| w == b"1 0 obj").expect("first object");
    let startxref = good.windows(9).rposition(|w| w == b"startxref").expect("startxref");
    let table: usize = String::from_utf8_lossy(&good[startxref + 9..])
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("table offset");
    let added = format!("%{}\n", "x".repeat(200));
    let mut shifted = good[..first].to_vec();
    shifted.extend_from_slice(added.as_bytes());
    shifted.extend_from_slice(&good[first..startxref]);
    shifted.extend_from_slice(format!("startxref\n{}\n%%EOF\n", table + added.len()).as_bytes());
    let text = |bytes: &[u8]| {
        let (pages, _) = nianbao::read::pdf::read_pages(bytes).expect("read");
        pages.iter().map(nianbao::read::pdf::page_text).collect::<Vec<_>>()
    };
    let expected = text(&good);
    assert!(expected[0].starts_with("原州区河川乡2020年政府信息公开工作年度报告\n"), "{}", expected[0]);
    assert_eq!(text(&shifted), expected);
}

#[test]
fn documents_of_images_or_blank_space_have_no_text() {
    use crate::support::docx::Docx;
    // A page scan pasted into Word: a DrawingML picture and, in its fallback, the VML copy.
    let picture = "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing/></mc:Choice>\
                   <mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r></w:p>";
    let scanned_docx = Docx::default().raw(picture).raw(picture).raw("<w:p/>").to_bytes();
    let dir = tempfile::tempdir().expect("tmp");
    let inputs: [(&str, &[u8]); 4] = [
        ("scan.docx", &scanned_docx),
        (
            "scan.html",
            "<html><body><p><img src=\"1.jpg\"></p><div class=\"footer\"><img src=\"logo.png\"></div></body></html>"
                .as_bytes(),
        ),
        ("blank.txt", b" \r\n\x0c\x0c\n"),
        ("blank.html", b"<html><head><title></title></head><body><p>&nbsp;</p></body></html>"),
    ];
    for (name, bytes) in inputs {
        fs::write(dir.path().join(name), bytes).expect("write");
        let outcome = batch::process(
            &batch::OutputDir::open(&dir.path().join("out")).expect("output folder"),
            &batch::Input::file(&dir.path().join(name)),
            Path::new(name),
            &batch::BatchOptions::default(),
        );
        let expected = match name {
            "scan.docx" => "no text: 2 images and no text (a scan saved as DOCX); nothing to read without OCR",
            "scan.html" => "no text: 1 image and no text (a scan saved as HTML); nothing to read without OCR",
            _ => "no text: the document is blank",
        };
        assert_eq!((outcome.status, outcome.message.as_str()), (batch::Status::NoText, expected), "{name}");
    }
}
