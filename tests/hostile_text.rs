//! Hostile text, HTML and Word inputs: every limit holds and every failure is named.

use std::time::Duration;

use nianbao::model::Block;
use nianbao::read::{html, text};
use nianbao::template::ReportVocabulary;
use nianbao::{deadline, ErrorKind};

fn paragraphs(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn deeply_nested_html_reads_on_a_small_stack() {
    // Far deeper than a recursive walk survives on this stack; html5ever itself takes time
    // quadratic in the depth, so deeper pages only slow the test.
    let depth = 10_000;
    let page = format!("<html><body>{}<p>总体情况</p>{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
    let blocks = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || html::read(page.as_bytes()).map(|d| d.blocks))
        .expect("spawn")
        .join()
        .expect("no stack overflow")
        .expect("read");
    assert_eq!(paragraphs(&blocks), vec!["总体情况".to_string()]);
}

#[test]
fn deeply_nested_table_cell_reads_on_a_small_stack() {
    // Far deeper than a recursive walk survives on this stack; html5ever itself takes time
    // quadratic in the depth, so deeper pages only slow the test.
    let depth = 10_000;
    let page =
        format!("<table><tr><td>{}规章{}</td><td>3</td></tr></table>", "<span>".repeat(depth), "</span>".repeat(depth));
    let blocks = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || html::read(page.as_bytes()).map(|d| d.blocks))
        .expect("spawn")
        .join()
        .expect("no stack overflow")
        .expect("read");
    let Some(Block::Table(table)) = blocks.first() else { panic!("a table: {blocks:?}") };
    assert_eq!(table.expanded(), vec![vec!["规章".to_string(), "3".to_string()]]);
}

#[test]
fn oversized_html_and_text_are_refused() {
    let big = vec![b' '; html::MAX_TEXT_BYTES + (1 << 20)];
    let err = html::read(&big).map(|_| ()).unwrap_err();
    assert_eq!(err, ErrorKind::TooLarge("a web page of 33 MiB exceeds the 32 MiB limit for HTML and text".into()));
    assert_eq!(err.to_string(), "too large: a web page of 33 MiB exceeds the 32 MiB limit for HTML and text");
    let err = text::read(&big, &ReportVocabulary).map(|_| ()).unwrap_err();
    assert_eq!(err, ErrorKind::TooLarge("a text file of 33 MiB exceeds the 32 MiB limit for HTML and text".into()));
}

#[test]
fn html_walk_respects_the_time_limit() {
    let page = format!("<html><body>{}</body></html>", "<p>总体情况</p>".repeat(10_000));
    let result = deadline::with_limit(Some(Duration::ZERO), || html::read(page.as_bytes()).map(|_| ()));
    assert_eq!(result, Err(ErrorKind::Timeout(0)));
}

#[test]
fn a_layout_dump_respects_the_time_limit() {
    let dump = std::fs::read("testdata/text/hechuan-2019.layout.txt").expect("dump");
    assert!(text::read(&dump, &ReportVocabulary).is_ok());
    let result = deadline::with_limit(Some(Duration::ZERO), || text::read(&dump, &ReportVocabulary).map(|_| ()));
    assert_eq!(result, Err(ErrorKind::Timeout(0)));
}
