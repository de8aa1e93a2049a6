//! Hostile PDFs: every limit holds and every failure is named.

use std::fs;
use std::time::{Duration, Instant};

use lopdf::{Dictionary, Stream};
use nianbao::read::pdf::read_pages;
use nianbao::{batch, ErrorKind};

/// A minimal PDF from numbered object bodies, with a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
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

/// A stream object, Flate-compressed when that makes it smaller, with `dict` (without its
/// brackets) in its dictionary.
fn flate(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut stream = Stream::new(Dictionary::new(), content.to_vec());
    stream.compress().expect("compress");
    let filter = if stream.is_compressed() { "/Filter /FlateDecode" } else { "" };
    let mut out = format!("<< {dict} {filter} /Length {} >>\nstream\n", stream.content.len()).into_bytes();
    out.extend_from_slice(&stream.content);
    out.extend_from_slice(b"\nendstream");
    out
}

/// One page drawing `content` with font `/F1` (object 4) and form `/X1` (object 6, if any).
fn one_page(content: &[u8], font: &str, more: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>".to_vec(),
        font.as_bytes().to_vec(),
        flate("", content),
    ];
    objects.extend_from_slice(more);
    pdf(&objects)
}

const TYPE0: &str =
    "<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>";
const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
const SHOW: &[u8] = b"BT /F1 10 Tf 20 100 Td <00410042> Tj ET";

/// Reads a PDF, checking that it ends well within the time limit.
fn read(bytes: &[u8]) -> (Vec<nianbao::page::Page>, Vec<String>) {
    let start = Instant::now();
    let read = nianbao::deadline::with_limit(Some(Duration::from_secs(20)), || read_pages(bytes)).expect("read");
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    read
}

fn fails(bytes: &[u8]) -> String {
    let start = Instant::now();
    let err = batch::convert_guarded(bytes).map(|_| ()).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    err.to_string()
}

fn form(content: &[u8]) -> Vec<u8> {
    flate("/Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> >>", content)
}

#[test]
fn a_tounicode_bomb_loses_its_font_and_marks_the_page() {
    let cmap = vec![b' '; 8 << 20];
    let bytes = one_page(
        SHOW,
        TYPE0,
        &[form(b""), b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /DW 1000 >>".to_vec(), flate("", &cmap)],
    );
    assert!(bytes.len() < 64 << 10, "{} bytes", bytes.len());
    let (pages, notes) = read(&bytes);
    assert_eq!(notes, ["page 1: font F1: its ToUnicode CMap exceeds the 4 MiB limit; its text is not read"]);
    assert!(pages[0].damaged);
    assert!(pages[0].glyphs.is_empty());
}

#[test]
fn a_cmap_of_overlapping_ranges_is_refused_quickly() {
    let mut cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n100000 beginbfrange\n".to_vec();
    for _ in 0..100_000 {
        cmap.extend_from_slice(b"<0000> <FFFF> <0041>\n");
    }
    cmap.extend_from_slice(b"endbfrange\n");
    let bytes = one_page(
        SHOW,
        TYPE0,
        &[form(b""), b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /DW 1000 >>".to_vec(), flate("", &cmap)],
    );
    let (pages, notes) = read(&bytes);
    assert_eq!(notes, ["page 1: font F1: its ToUnicode CMap maps more than 1048576 codes; its text is not read"]);
    assert_eq!(pages.iter().filter(|p| p.damaged).map(|p| p.number).collect::<Vec<_>>(), [1]);
}

#[test]
fn a_widths_array_of_overlapping_ranges_is_refused_quickly() {
    let widths = " 0 65535 500".repeat(200_000);
    let descendant = format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /W [{widths}] >>");
    let cmap = b"1 beginbfchar <0041> <0041> endbfchar";
    let bytes = one_page(SHOW, TYPE0, &[form(b""), descendant.into_bytes(), flate("", cmap)]);
    let (pages, notes) = read(&bytes);
    assert_eq!(notes, ["page 1: font F1: its /W widths cover more than 1048576 codes; its text is not read"]);
    assert!(pages[0].damaged);
}

#[test]
fn a_form_drawn_thousands_of_times_is_decoded_once() {
    let mut inner = vec![b' '; 32 << 10];
    inner.extend_from_slice(b"BT /F1 10 Tf 20 100 Td (A) Tj ET");
    let content = b"/X1 Do ".repeat(4000);
    let (pages, notes) = read(&one_page(&content, HELVETICA, &[form(&inner)]));
    assert_eq!(notes, Vec::<String>::new());
    assert_eq!((pages[0].glyphs.len(), pages[0].damaged), (4000, false));
}

#[test]
fn a_form_drawn_past_the_page_content_limit_stops_the_page() {
    let mut inner = vec![b' '; 128 << 10];
    inner.extend_from_slice(b"BT /F1 10 Tf 20 100 Td (A) Tj ET");
    let content = b"/X1 Do ".repeat(4000);
    let (pages, notes) = read(&one_page(&content, HELVETICA, &[form(&inner)]));
    assert_eq!(
        notes,
        ["page 1: more than 256 MiB of content, counting each form as often as it is drawn; the rest of the page is not read"]
    );
    // 2048 drawings of 128 KiB fit in 256 MiB.
    assert_eq!((pages[0].glyphs.len(), pages[0].damaged), (2047, true));
}

#[test]
fn one_string_of_sixteen_million_glyphs_stops_the_page() {
    let mut content = b"BT /F1 1 Tf 20 100 Td (".to_vec();
    content.extend(std::iter::repeat_n(b'A', 16 << 20));
    content.extend_from_slice(b") Tj ET");
    let bytes = one_page(&content, HELVETICA, &[form(b"")]);
    assert!(bytes.len() < 64 << 10, "{} bytes", bytes.len());
    let (pages, notes) = read(&bytes);
    assert_eq!(notes, ["page 1: more than 500000 glyphs; the rest of the page is not read"]);
    assert!(pages[0].damaged);
    let report = batch::convert_guarded(&bytes).expect("convert");
    assert_eq!(report.damaged_pages, [1]);
}

#[test]
fn a_content_stream_over_its_limit_fails_the_document() {
    let bytes = one_page(&vec![b' '; 65 << 20], HELVETICA, &[form(b"")]);
    assert_eq!(fails(&bytes), "too large: the content stream of page 1 exceeds the 64 MiB limit");
}

#[test]
fn pages_whose_content_or_fonts_are_missing_are_damaged() {
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> /Contents 7 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> /Contents 40 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 41 0 R >> >> /Contents 7 0 R >>".to_vec(),
        HELVETICA.as_bytes().to_vec(),
        flate("", b"BT /F1 10 Tf 20 100 Td (AB) Tj ET"),
    ]);
    let (pages, notes) = read(&bytes);
    assert_eq!(notes, ["page 2: its content stream 40 0 R is missing", "page 3: font F1 (41 0 R) is missing"]);
    let glyphs: Vec<(usize, bool)> = pages.iter().map(|p| (p.glyphs.len(), p.damaged)).collect();
    assert_eq!(glyphs, [(2, false), (0, true), (0, true)]);
}

#[test]
fn a_pdf_cut_in_half_names_its_lost_pages() {
    let whole = fs::read("testdata/pdf/wps-2021.pdf").expect("fixture");
    assert_eq!(batch::convert_guarded(&whole).expect("whole").damaged_pages, Vec::<u32>::new());
    let half = &whole[..whole.len() / 2];
    let (pages, notes) = read(half);
    assert_eq!(notes, ["page 2: its content stream 23 0 R is missing"]);
    assert!(!pages[0].glyphs.is_empty(), "the first page is still read");
    assert_eq!(batch::convert_guarded(half).expect("half").damaged_pages, [2]);
}

#[test]
fn the_time_limit_fails_the_document() {
    let err =
        nianbao::deadline::with_limit(Some(Duration::ZERO), || read_pages(&one_page(SHOW, HELVETICA, &[form(b"")])));
    assert_eq!(err.map(|_| ()), Err(ErrorKind::Timeout(0)));
}
