//! Text dumps of reports (the five seeds, each broken a different way): every canonical value
//! equal to what the seed's text says, pinned in `testdata/seeds/<seed>.values.tsv`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const SEEDS: [(&str, &str, &str, u32); 5] = [
    ("000_54cc634fc9fc9cf6", "2021", "衡陽市南岳區", 2023),
    ("001_df13baae5befcdaa", "2021", "色达县", 2023),
    ("002_a6189a0def67fc3b", "2021", "原州区河川乡", 2023),
    ("003_75f5e1dd19ed0e46", "2021", "桐柏县产业集聚区管理委员会", 2023),
    ("004_463bb84a48339622", "2019", "衡阳市人民政府", 2020),
];

fn expected(seed: &str) -> BTreeMap<String, String> {
    let text = fs::read_to_string(format!("testdata/seeds/{seed}.values.tsv")).expect("expected values");
    text.lines().skip(1).filter_map(|l| l.split_once('\t')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn check(seed: &str, report: &nianbao::Report) {
    let want = expected(seed);
    let got: BTreeMap<String, String> = report.values.iter().map(|v| (v.key.clone(), v.raw.clone())).collect();
    assert_eq!(got.len(), want.len(), "{seed}: every key of the template");
    let wrong: Vec<String> = want
        .iter()
        .filter(|(k, v)| got.get(*k) != Some(*v))
        .map(|(k, v)| format!("{k}: want {v:?} got {:?}", got.get(k)))
        .collect();
    assert!(wrong.is_empty(), "{seed}:\n{}", wrong.join("\n"));
}

#[test]
fn every_seed_gives_its_values() {
    for (seed, template, org, year) in SEEDS {
        let report = nianbao::convert_file(Path::new(&format!("testdata/seeds/{seed}.txt"))).expect("convert");
        assert_eq!(report.template.map(|t| t.name()), Some(template), "{seed}");
        assert_eq!((report.title.org.as_str(), report.title.year), (org, Some(year)), "{seed}");
        check(seed, &report);
    }
}

#[test]
fn printed_values_are_kept_as_printed() {
    let report = nianbao::convert_file(Path::new("testdata/seeds/004_463bb84a48339622.txt")).expect("convert");
    let raw = |key: &str| report.values.iter().find(|v| v.key == key).map(|v| (v.raw.clone(), v.number.clone()));
    assert_eq!(raw("t2.other_services.decisions"), Some(("487万".into(), Some("4870000".into()))));
    assert_eq!(raw("t2.licensing.change"), Some(("+355".into(), Some("355".into()))));
    assert_eq!(raw("t2.procurement.items"), Some(("3084 个".into(), Some("3084".into()))));
    assert_eq!(raw("t2.procurement.amount"), Some(("509.97亿元".into(), Some("50997000000".into()))));
    // Its results exceed its requests, as its own note explains: reported, not changed.
    let failed: Vec<&str> = report.checks.iter().filter(|c| !c.ok).map(|c| c.name.as_str()).collect();
    assert_eq!(failed, ["t3.balance.person", "t3.results.person", "t3.balance.total", "t3.results.total"]);
}

#[test]
fn glued_cells_are_cut_by_the_template_and_logged() {
    let report = nianbao::convert_file(Path::new("testdata/seeds/003_75f5e1dd19ed0e46.txt")).expect("convert");
    let t4 = report.repairs.iter().find(|r| r.row == "t4").expect("t4 repair");
    assert_eq!((t4.kind, t4.printed.as_str(), t4.reading.len()), ("glued-digits", "000000000000000", 15));
    assert_eq!(report.repairs.len(), 2 + 25 + 1, "t2's two three-cell rows, t3's rows, t4");
    assert!(report.repairs.iter().all(|r| r.applied()));
}

#[test]
fn gbk_text_reads_like_utf8() {
    let utf8 = fs::read_to_string("testdata/seeds/002_a6189a0def67fc3b.txt").expect("seed");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&utf8);
    assert!(!unmappable);
    let report = nianbao::convert_bytes(&gbk).expect("convert GBK");
    check("002_a6189a0def67fc3b", &report);
}

#[test]
fn ambiguous_glued_digits_are_left_empty_and_flagged() {
    let text = "某某县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况\n一、本年新收政府信息公开申请数量1111111\n二、上年结转政府信息公开申请数量120000012\n";
    let report = nianbao::convert_bytes(text.as_bytes()).expect("convert");
    let raw = |key: &str| report.values.iter().find(|v| v.key == key).map(|v| v.raw.clone()).unwrap_or_default();
    assert_eq!(raw("t3.new.person"), "", "1111111 has no reading whose total adds up");
    assert_eq!((raw("t3.carried.person"), raw("t3.carried.total")), ("12".to_string(), "12".to_string()));
    let flagged: Vec<(&str, &str)> = report
        .checks
        .iter()
        .filter(|c| c.name.starts_with("repair."))
        .map(|c| (c.name.as_str(), c.detail.as_str()))
        .collect();
    assert_eq!(
        flagged,
        [("repair.t3.new", "1111111 cannot be read as 7 cells that the template's arithmetic allows; left empty")]
    );
}

/// A `pdftotext -layout` dump of a PDF fixture gives the values the PDF itself gives.
fn layout_dump_reads_like_its_pdf(name: &str) -> nianbao::Report {
    let from_pdf = nianbao::convert_file(Path::new(&format!("testdata/pdf/{name}.pdf"))).expect("convert PDF");
    let from_dump =
        nianbao::convert_file(Path::new(&format!("testdata/text/{name}.layout.txt"))).expect("convert dump");
    let values = |r: &nianbao::Report| -> Vec<(String, String)> {
        r.values.iter().map(|v| (v.key.clone(), v.raw.clone())).collect()
    };
    assert!(from_pdf.values.iter().filter(|v| !v.raw.is_empty()).count() > 100, "{name}: the PDF prints its values");
    assert_eq!(values(&from_dump), values(&from_pdf), "{name}");
    assert_eq!(from_dump.template, from_pdf.template, "{name}");
    from_dump
}

#[test]
fn layout_dump_of_the_hechuan_breakage_reads_like_its_pdf() {
    let report = layout_dump_reads_like_its_pdf("hechuan-2019");
    assert!(report.checks.iter().all(|c| c.ok), "{:?}", report.checks.iter().filter(|c| !c.ok).collect::<Vec<_>>());
    // Running text wrapped at the page's width is joined back into its paragraphs, though the
    // tables stand wider than the text.
    let sections = nianbao::write::sections_tsv(&report);
    let overview: Vec<&str> = sections.lines().filter(|l| l.starts_with("1\t")).collect();
    assert_eq!(overview.len(), 3, "the heading and two paragraphs: {overview:?}");
    assert!(overview[2].ends_with(
        "全年通过政府门户网站、公告栏等形式主动公开政府信息６２３条，其中门户网站２１条，公告栏和新媒体平台６０２条。"
    ));
}

#[test]
fn layout_dump_of_partly_ruled_tables_reads_like_its_pdf() {
    layout_dump_reads_like_its_pdf("partly-ruled");
}

#[test]
fn cells_a_dump_lost_are_filled_only_where_the_total_forces_them() {
    let report = nianbao::convert_file(Path::new("testdata/seeds/002_a6189a0def67fc3b.txt")).expect("convert");
    let lost: Vec<(&str, &str, &str)> = report
        .repairs
        .iter()
        .filter(|r| r.kind == "lost-cell")
        .map(|r| (r.row.as_str(), r.printed.as_str(), r.detail.as_str()))
        .collect();
    let detail = "cell 1 of 7 was not printed; 0 is the only value the row's total allows";
    assert_eq!(
        lost,
        [
            ("t3.granted", "(blank) 0 0 0 0 0 0", detail),
            ("t3.partial", "(blank) 0 0 0 0 0 0", detail),
            ("t3.total", "(blank) 0 0 0 0 0 0", detail),
        ]
    );
}

/// A template table as the report printed it: a merged cell's text at its top-left position,
/// the positions it covers empty, one line per row.
fn printed_grid(table: &nianbao::model::Table) -> String {
    let mut grid = vec![vec![String::new(); table.n_cols]; table.n_rows];
    for cell in &table.cells {
        grid[cell.row][cell.col].clone_from(&cell.text);
    }
    grid.iter().map(|row| row.join("\t") + "\n").collect()
}

/// Each seed's t2, t3 and t4 against the grid the report printed, written by reading the seed
/// (`testdata/golden/seed-grids/<seed>/tK.tsv`), seed 003's included, which glues every row's
/// cells into one string (its tables are cut by the template's labels).
#[test]
fn seed_grids_have_the_printed_shape() {
    let not_rebuilt: [&str; 0] = [];
    let mut differ = Vec::new();
    for (seed, ..) in SEEDS {
        let report = nianbao::convert_file(Path::new(&format!("testdata/seeds/{seed}.txt"))).expect("converts");
        for id in ["t2", "t3", "t4"] {
            let golden = fs::read_to_string(format!("testdata/golden/seed-grids/{seed}/{id}.tsv")).expect("golden");
            let written = report.tables.iter().find(|t| t.id == id).map(|t| printed_grid(&t.table)).unwrap_or_default();
            if written != golden {
                eprintln!("{seed}/{id} written:\n{written}\nprinted:\n{golden}");
                differ.push(format!("{seed}/{id}"));
            }
        }
    }
    assert_eq!(differ, not_rebuilt);
}
