//! The PDF reader and grid reconstruction on generated fixtures: every font case, rotation,
//! ruled and unruled tables, scans and unreadable fonts.

use std::fs;
use std::path::Path;

use nianbao::batch;
use nianbao::template::keys::Version;

use crate::golden::{assert_every_value, check_fixture, narrative};
use crate::support::pdf_reports::{self, FONT_CASES};
use crate::support::reports::Printed;

fn committed(name: &str, bytes: &[u8]) -> Vec<u8> {
    let path = format!("testdata/pdf/{name}.pdf");
    if std::env::var_os("NIANBAO_BLESS").is_some() {
        fs::create_dir_all("testdata/pdf").expect("dir");
        fs::write(&path, bytes).expect("write fixture");
    }
    let on_disk = fs::read(&path).expect("committed fixture (NIANBAO_BLESS=1 creates it)");
    assert!(on_disk == bytes, "{path} is out of date with its generator");
    on_disk
}

#[test]
fn every_font_case_reads_as_written() {
    let bytes = committed("fonts", &pdf_reports::fonts());
    let (pages, notes) = nianbao::read::pdf::read_pages(&bytes).expect("read");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(pages.len(), FONT_CASES.len() + 1);
    for (page, (font, text)) in pages.iter().zip(FONT_CASES) {
        assert_eq!(nianbao::read::pdf::page_text(page), text, "{font:?}");
        assert_eq!(page.unreadable, 0, "{font:?}");
    }
    let vertical = &pages[4];
    assert!(vertical.glyphs.iter().all(|g| g.vertical), "Identity-V glyphs are marked vertical");
    let ys: Vec<f32> = vertical.glyphs.iter().map(|g| g.y0).collect();
    assert!(ys.windows(2).all(|w| w[1] > w[0]), "vertical glyphs run top to bottom: {ys:?}");
    let landscape = &pages[5];
    assert_eq!((landscape.width, landscape.height, landscape.rotation), (842.0, 595.0, 90));
    assert_eq!(nianbao::read::pdf::page_text(landscape), "横向页面");
}

/// A table printed sideways is read turned upright, whichever way its text runs.
#[test]
fn a_sideways_table_is_read_upright() {
    for (runs_up, name, turn) in [
        (true, "sideways-up", "its text runs up the page; read after a quarter turn clockwise"),
        (false, "sideways-down", "its text runs down the page; read after a quarter turn anticlockwise"),
    ] {
        let (bytes, printed) = pdf_reports::sideways_table(runs_up);
        let report = nianbao::convert_bytes(&committed(name, &bytes)).expect("convert");
        assert_eq!(report.notes, [format!("page 1: {turn}")], "{name}");
        assert_eq!(report.tables.len(), 1, "{name}");
        assert_eq!(report.tables[0].table.expanded(), printed, "{name}");
        assert_eq!(report.tables[0].table.found_by, nianbao::model::FoundBy::Rulings, "{name}");
        let text = nianbao::write::sections_tsv(&report);
        assert!(text.contains("Table 3 Spending by county (million yuan)"), "{name}: {text}");
    }
}

/// A table with neither rules nor numbers is found from how its text lines up.
#[test]
fn a_table_of_text_alone_is_found_by_its_columns() {
    let (bytes, printed) = pdf_reports::text_columns_table();
    let report = nianbao::convert_bytes(&committed("text-columns", &bytes)).expect("convert");
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].table.expanded(), printed);
    assert_eq!(report.tables[0].table.found_by, nianbao::model::FoundBy::TextColumns);
    let text = nianbao::write::sections_tsv(&report);
    assert!(text.contains("Offices that answer requests are listed below."), "{text}");
    // `inspect` outlines the table and says what found it.
    let svg = nianbao::inspect::page_svg(&bytes, 1).expect("inspect");
    assert!(svg.contains(">table 1: lines of text cut into the same columns</text>"), "{svg}");
    assert!(text.contains("Requests may also be sent by post."), "{text}");
}

/// A generated report PDF: its golden outputs, every value it prints, its narrative sections
/// and its title, all as written.
fn report_fixture(
    name: &str,
    version: Version,
    (bytes, printed, sections): (Vec<u8>, Printed, String),
    (org, year): (&str, u32),
) -> nianbao::Report {
    let got = check_fixture(name, "pdf", &bytes);
    assert_every_value(&format!("{name}.pdf"), &got, version, &printed);
    let report = nianbao::convert_file(Path::new(&format!("testdata/pdf/{name}.pdf"))).expect("convert");
    assert_eq!(narrative(&nianbao::write::sections_tsv(&report)), sections);
    assert_eq!((report.title.org.as_str(), report.title.year), (org, Some(year)));
    report
}

#[test]
fn wps_style_report_every_value_and_golden() {
    let report = report_fixture("wps-2021", Version::V2021, pdf_reports::report_2021(), ("清河县农业农村局", 2023));
    let t3 = report.tables.iter().find(|t| t.id == "t3").expect("t3");
    assert_eq!(t3.parts, 2, "t3 continues on the next page");
    let grid = t3.table.expanded();
    assert_eq!(grid.len(), 3 + 25, "the repeated header is dropped");
    assert_eq!(grid[5][0], "三、本年度办理结果", "the vertical row header reads top to bottom");
    assert_eq!(grid[26][0], "三、本年度办理结果", "and continues over the page break");
    assert_eq!(grid[2][3..10], ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]);
    assert!(!nianbao::write::sections_tsv(&report).contains("- 2 -"), "page numbers are not text");
}

#[test]
fn hechuan_style_report_every_value_and_golden() {
    let report = report_fixture("hechuan-2019", Version::V2019, pdf_reports::report_hechuan(), ("原州区河川乡", 2020));
    let t3 = report.tables.iter().find(|t| t.id == "t3").expect("t3");
    let grid = t3.table.expanded();
    let header: Vec<&str> = grid[2].iter().map(String::as_str).filter(|t| !t.is_empty()).collect();
    for label in ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计"] {
        assert!(header.contains(&label), "{label} rebuilt from its wrapped pieces: {header:?}");
    }
    let row_headers: Vec<&str> = grid.iter().map(|r| r[0].as_str()).collect();
    assert!(row_headers.contains(&"三、本年度办理结果"), "三、本 / 年度办 / 理结果 joined: {row_headers:?}");
    assert!(report.checks.iter().all(|c| c.ok), "{:?}", report.checks.iter().filter(|c| !c.ok).collect::<Vec<_>>());
}

#[test]
fn partly_ruled_tables_every_value_and_golden() {
    let (bytes, printed) = pdf_reports::partly_ruled();
    let got = check_fixture("partly-ruled", "pdf", &bytes);
    assert_every_value("partly-ruled.pdf", &got, Version::V2021, &printed);
}

#[test]
fn a_scan_has_no_text() {
    let bytes = committed("scan", &pdf_reports::scan());
    let _ = bytes;
    let out = tempfile::tempdir().expect("tmp");
    let outcome = batch::process(
        &batch::OutputDir::open(out.path()).expect("output folder"),
        &batch::Input::file(Path::new("testdata/pdf/scan.pdf")),
        Path::new("scan"),
        &batch::BatchOptions::default(),
    );
    assert_eq!(outcome.status, batch::Status::NoText);
    assert_eq!(outcome.message, crate::ocr::blank_scan_message());
    assert_eq!(outcome.pages, Some(2));
}

#[test]
fn a_font_without_unicode_is_reported_not_guessed() {
    let _ = committed("no-unicode", &pdf_reports::no_unicode());
    let out = tempfile::tempdir().expect("tmp");
    let outcome = batch::process(
        &batch::OutputDir::open(out.path()).expect("output folder"),
        &batch::Input::file(Path::new("testdata/pdf/no-unicode.pdf")),
        Path::new("no-unicode"),
        &batch::BatchOptions::default(),
    );
    assert_eq!(outcome.status, batch::Status::Warnings);
    assert_eq!(outcome.message, "7 glyphs unreadable: their font has no Unicode mapping (written as U+FFFD)");
    let sections = fs::read_to_string(out.path().join("no-unicode/sections.tsv")).expect("sections");
    assert!(sections.contains("\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"), "{sections}");
}

/// Budget reports of the real corpus: landscape tables over many pages. Two are pinned.
#[test]
fn budget_tables_are_rebuilt_whole() {
    for (file, table, rows, cols) in [("b004", "table-2", 70, 9), ("b001", "table-3", 23, 11)] {
        let path = format!("../shared/corpus/real/docs/{file}.pdf");
        if !Path::new(&path).exists() {
            eprintln!("skipped: {path} is not present");
            continue;
        }
        let report = nianbao::convert_file(Path::new(&path)).expect("convert");
        let named = report.tables.iter().find(|t| t.id == table).expect("table");
        assert_eq!((named.table.n_rows, named.table.n_cols), (rows, cols), "{file} {table}");
        let got = nianbao::write::table_tsv(&named.table);
        let golden = format!("testdata/golden/budget/{file}-{table}.tsv");
        if std::env::var_os("NIANBAO_BLESS").is_some() {
            fs::create_dir_all("testdata/golden/budget").expect("dir");
            fs::write(&golden, &got).expect("write golden");
        }
        assert_eq!(got, fs::read_to_string(&golden).expect("golden"), "{file} {table}");
        for t in &report.tables {
            let grid = t.table.expanded();
            assert!(grid.iter().all(|row| row.len() == t.table.n_cols), "{file} {} is rectangular", t.id);
        }
    }
}

#[test]
fn a_table_header_left_at_a_page_foot_joins_its_rows() {
    let report =
        report_fixture("stranded-header", Version::V2021, pdf_reports::stranded_header(), ("青石镇人民政府", 2021));
    let t2 = report.tables.iter().find(|t| t.id == "t2").expect("t2");
    let grid = t2.table.expanded();
    assert_eq!(grid[0], ["第二十条第（一）项"; 4]);
    assert_eq!(grid[1], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]);
    assert_eq!(grid[2][0], "规章");
    let t2_page = |row: usize| t2.table.cells.iter().find(|c| c.row == row).and_then(|c| c.origin.page);
    assert_eq!((t2_page(0), t2_page(2)), (Some(1), Some(2)), "the header and the rows are a page apart");
    let section_2: Vec<&str> = report
        .items
        .iter()
        .filter(|p| p.section() == 2)
        .filter_map(|p| match p {
            nianbao::template::sections::Placed::Para { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(section_2.is_empty(), "no header line is left as a paragraph: {section_2:?}");
}

/// A row label wrapped two characters a line and centred in the one row a page break left
/// of its cell: its first lines fall in the row above, its last below the table. Each goes
/// back to its cell, and the part over the break meets the next page's columns.
#[test]
fn a_label_cut_by_a_page_break_is_read_whole_in_its_cell() {
    let (bytes, printed) = pdf_reports::label_over_page_break(652.0);
    let got = check_fixture("label-over-page-break", "pdf", &bytes);
    assert_every_value("label-over-page-break.pdf", &got, Version::V2021, &printed);
    let report = nianbao::convert_file(Path::new("testdata/pdf/label-over-page-break.pdf")).expect("convert");
    let t3 = report.tables.iter().find(|t| t.id == "t3").expect("t3");
    assert_eq!(t3.parts, 2);
    let grid = t3.table.expanded();
    assert_eq!(grid[4][..3], ["二、上年结转政府信息公开申请数量"; 3]);
    assert_eq!(grid[5][..3], ["三、本年度办理结果", "（一）予以公开", "（一）予以公开"]);
    assert_eq!(
        grid[6][..3],
        [
            "三、本年度办理结果",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        ]
    );
    assert_eq!(grid[7][..3], ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]);
    assert!(report.notes.contains(&"t3: \"三、本年\" printed over the cell above its own (\"二、上年结转政府信息公开申请数量\") was returned to its cell".to_string()), "{:?}", report.notes);
    let text = nianbao::write::sections_tsv(&report);
    assert!(!text.contains("理结"), "the label's last lines are not a paragraph: {text}");
}

/// A space glyph marks the next glyph as typed after it only when that glyph starts where the
/// space's advance ended: a text placed anew after a trailing space (the next cell's) is not.
#[test]
fn a_space_counts_before_the_glyph_that_runs_on_from_it() {
    use crate::support::pdf::{text_width, FontKind, Pdf};
    let mut pdf = Pdf::new(400.0, 200.0);
    let size = 10.0;
    // One run `Female sterilization`, its words a typed space apart; then `Male ` with a
    // trailing space, and `Pill` placed 3 pt after that space ended.
    pdf.text_at(FontKind::Helvetica, size, 20.0, 40.0, "Female sterilization");
    pdf.text_at(FontKind::Helvetica, size, 20.0, 80.0, "Male ");
    pdf.text_at(FontKind::Helvetica, size, 20.0 + text_width("Male ", size) + 3.0, 80.0, "Pill");
    let (pages, _) = nianbao::read::pdf::read_pages(&pdf.into_bytes()).expect("read");
    let after_space: Vec<&str> = pages[0].glyphs.iter().filter(|g| g.space_before).map(|g| g.text.as_str()).collect();
    assert_eq!(after_space, ["s"]);
}

/// A table at the top of a page continues the one that ends the page before only when it
/// does not open with a header of its own: without a header, or repeating it, it is the same
/// table; with another header over the same columns, a new one.
#[test]
fn tables_on_consecutive_pages_are_one_only_when_the_second_continues_the_first() {
    for (separate, repeat_header) in [(true, false), (false, false), (false, true)] {
        let (bytes, printed) = pdf_reports::tables_on_consecutive_pages(separate, repeat_header);
        let report = nianbao::convert_bytes(&bytes).expect("convert");
        let grids: Vec<Vec<Vec<String>>> = report.tables.iter().map(|t| t.table.expanded()).collect();
        assert_eq!(grids, printed, "separate {separate}, header repeated {repeat_header}");
        let parts: Vec<usize> = report.tables.iter().map(|t| t.parts).collect();
        assert_eq!(parts, if separate { vec![1, 1] } else { vec![2] });
    }
}

/// Section rows of a statement with no rules are rows of their own, set a row's height above
/// the rows they head or as close as a wrapped line; a label wrapped under its row joins it;
/// the title above, in larger type, is text, not a row.
#[test]
fn section_rows_stand_apart_from_the_rows_they_head() {
    let (bytes, printed) = pdf_reports::key_figures();
    let report = nianbao::convert_bytes(&committed("key-figures", &bytes)).expect("convert");
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].table.expanded(), printed);
    let text = nianbao::write::sections_tsv(&report);
    assert!(text.contains("\tKey figures\n"), "{text}");
}

/// A body ruled between its columns only (one tall cell a column) is a row per line.
#[test]
fn a_body_ruled_between_columns_only_is_a_row_per_line() {
    let (bytes, printed) = pdf_reports::column_ruled_frame();
    let report = nianbao::convert_bytes(&committed("column-ruled", &bytes)).expect("convert");
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].table.expanded(), printed);
    assert_eq!(report.tables[0].table.found_by, nianbao::model::FoundBy::RulingsAndText);
}

/// White lines on shaded cells are the table's rulings (a merged figure cell over two rows
/// included); white lines on the white page are not.
#[test]
fn white_lines_on_shaded_cells_are_rulings() {
    let (bytes, printed) = pdf_reports::shaded_cells_white_lines();
    let report = nianbao::convert_bytes(&committed("shaded-cells", &bytes)).expect("convert");
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].table.expanded(), printed);
    assert_eq!(report.tables[0].table.found_by, nianbao::model::FoundBy::Rulings);
    let text = nianbao::write::sections_tsv(&report);
    assert!(
        text.contains("\tVisits were counted by hand. See note 2. People were counted once. See note 3.\n"),
        "{text}"
    );
}

/// A thin filled trapezoid (a browser's bevelled border side) is a ruling; a thin triangle (a
/// sort arrow) and a slanted sliver are not.
#[test]
fn thin_shapes_that_fill_their_box_are_rulings() {
    use crate::support::pdf::Pdf;
    use crate::support::pdf_reports::A4;
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.draw("0 g 100 700 m 300 700 l 299.2 700.8 l 100.8 700.8 l h f");
    pdf.draw("0 g 100 650 m 106 650 l 103 653 l h f");
    pdf.draw("0 g 100 600 m 300 602 l 300 603 l 100 601 l h f");
    let (pages, _) = nianbao::read::pdf::read_pages(&pdf.into_bytes()).expect("read");
    let rulings: Vec<(bool, f32, f32, f32)> =
        pages[0].rulings.iter().map(|r| (r.horizontal, r.pos.round(), r.start.round(), r.end.round())).collect();
    assert_eq!(rulings, [(true, 142.0, 100.0, 300.0)]);
}

/// A label wrapped over the line its figures stand on is one row with them, in a table ruled
/// between its columns only and in one not ruled at all; a heading with no figures over rows
/// in capitals is a row of its own.
#[test]
fn a_label_wrapped_above_its_figures_is_one_row() {
    for (ruled, name) in [(true, "wrapped-labels-ruled"), (false, "wrapped-labels")] {
        let (bytes, printed) = pdf_reports::labels_wrapped_over_figures(ruled);
        let report = nianbao::convert_bytes(&committed(name, &bytes)).expect("convert");
        assert_eq!(report.tables.len(), 1, "{name}");
        assert_eq!(report.tables[0].table.expanded(), printed, "{name}");
    }
}

/// Two unruled tables set side by side are two tables, each with its own columns; the form
/// fields above them are text, not header rows.
#[test]
fn tables_side_by_side_are_two_and_form_fields_are_text() {
    let (bytes, [left, right]) = pdf_reports::side_by_side_tables();
    let report = nianbao::convert_bytes(&committed("side-by-side", &bytes)).expect("convert");
    let grids: Vec<Vec<Vec<String>>> = report.tables.iter().map(|t| t.table.expanded()).collect();
    assert_eq!(grids, vec![left, right]);
    let text = nianbao::write::sections_tsv(&report);
    for field in ["Session: 18", "Date: 28/11/2012", "Chair: Julian Dominguez"] {
        assert!(text.contains(field), "{field}: {text}");
    }
}

/// A caption right above an unruled table and a note right under it are text, not rows.
#[test]
fn a_caption_and_a_note_set_close_to_a_table_are_not_its_rows() {
    let (bytes, printed) = pdf_reports::captioned_table();
    let report = nianbao::convert_bytes(&committed("captioned", &bytes)).expect("convert");
    assert_eq!(report.tables.len(), 1);
    assert_eq!(report.tables[0].table.expanded(), printed);
    let text = nianbao::write::sections_tsv(&report);
    for line in ["Table 3 Requests by office, 2023", "Note: requests answered by 31 March 2024."] {
        assert!(text.contains(&format!("\t{line}\n")), "{line}: {text}");
    }
}

/// Every table of a collection of printed tables (`DIR/cases.tsv`, each case's PDF and its
/// `<case>.expected.tsv`: the grids it prints, a merged cell's text in its first slot only, the
/// grids apart by a blank line) comes out as printed, cell texts compared without their white
/// space (a label indented with U+3000 is the label); the cases named in `imperfect` only
/// with every printed text in a cell or in the text around, and those in `left_out` not at
/// all. Returns how many tables came out as printed.
fn assert_printed_grids(dir: &Path, imperfect: &[&str], left_out: &[&str]) -> usize {
    let bare = |text: &str| text.split_whitespace().collect::<String>();
    let manifest = fs::read_to_string(dir.join("cases.tsv")).expect("cases.tsv");
    let mut checked = 0;
    for case in manifest.lines().skip(1).filter_map(|l| l.split('\t').next()).filter(|c| !left_out.contains(c)) {
        let report = nianbao::convert_file(&dir.join(format!("{case}.pdf"))).expect("convert");
        let grids: Vec<Vec<Vec<String>>> = report
            .tables
            .iter()
            .map(|t| {
                let mut grid = vec![vec![String::new(); t.table.n_cols]; t.table.n_rows];
                for c in &t.table.cells {
                    grid[c.row][c.col] = bare(&c.text);
                }
                grid
            })
            .collect();
        let expected = fs::read_to_string(dir.join(format!("{case}.expected.tsv"))).expect("expected");
        let blocks = expected.split("\n\n").filter(|b| !b.trim().is_empty()).count();
        if !imperfect.contains(&case) {
            assert_eq!(report.tables.len(), blocks, "{case}: as many tables as printed");
        }
        for block in expected.split("\n\n").map(|b| b.trim_end_matches('\n')).filter(|b| !b.is_empty()) {
            let want: Vec<Vec<String>> = block.lines().map(|l| l.split('\t').map(bare).collect()).collect();
            if imperfect.contains(&case) {
                // Nothing printed is lost: each text is in a cell or in the text around.
                let mut texts: Vec<String> = grids.iter().flatten().flatten().cloned().collect();
                texts.push(bare(&nianbao::write::sections_tsv(&report)));
                for text in want.iter().flatten().filter(|t| !t.is_empty()) {
                    assert!(texts.iter().any(|t| t.contains(text.as_str())), "{case}: {text} is lost");
                }
                continue;
            }
            assert!(grids.contains(&want), "{case}: no table is {want:?}; the tables: {grids:?}");
            checked += 1;
        }
    }
    checked
}

/// Tables a spreadsheet program printed (`testdata/spreadsheet/`, from
/// `benches/spreadsheets/make.py`): full borders, rules on the header and the foot only, rules
/// between rows only, no rules, zebra shading, merged header and row-header cells, wrapped
/// cells, a table over two pages, a unit line above and a note under a table, a three-level
/// header. Left: in the unruled statement (`xls04`), the section row `Expenses`, set further
/// out than its items, joins the first item's row.
#[test]
fn spreadsheet_tables_are_read_as_printed() {
    assert_eq!(assert_printed_grids(Path::new("testdata/spreadsheet"), &["xls04_noborders"], &[]), 13);
}

/// Tables a word processor printed (`testdata/writer/`, from `benches/writer/make.py`): Word
/// documents with all borders, outer and header borders only, none, merged header and
/// row-header cells, cells of several paragraphs, a table over two pages with its header row
/// repeated, a landscape section, numbered items, two tables parted by a caption. Left: a
/// three-line table with wrapped English cells (`doc14`) comes out in pieces, its header as
/// text (not checked), and row headers merged across a page break (`doc17`) cover a row too
/// many or too few.
#[test]
fn writer_tables_are_read_as_printed() {
    let left_out = ["doc14_threeline_wrapped_en"];
    assert_eq!(
        assert_printed_grids(Path::new("testdata/writer"), &["doc17_rowspan_pagebreak_hrules_cn"], &left_out),
        17
    );
}

/// Tables a web browser printed (`testdata/browser/`, from `benches/browser/make.py`): collapsed
/// and bevelled double borders, no borders, zebra rows, rules between rows only, colspan and
/// rowspan headers over three levels, wrapped labels and headings, a caption, unit line and
/// notes, a table over two pages with its header repeated, a landscape page.
#[test]
fn browser_tables_are_read_as_printed() {
    assert_eq!(assert_printed_grids(Path::new("testdata/browser"), &[], &[]), 22);
}
