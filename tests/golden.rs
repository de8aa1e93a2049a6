//! Golden tests: each fixture is generated, must equal the committed file in `testdata/docx/`,
//! and its converted output must equal `testdata/golden/<case>/` byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use nianbao::batch;
use nianbao::template::keys::{keys, Version};

use crate::support::docx::Docx;
use crate::support::reports::{self, Printed};

fn bless() -> bool {
    std::env::var_os("NIANBAO_BLESS").is_some()
}

fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read golden dir") {
            let path = entry.expect("entry").path();
            // Hidden files are the run's own bookkeeping (timings), not output to compare.
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("prefix").to_string_lossy().into_owned();
                out.insert(rel, fs::read(&path).expect("read golden file"));
            }
        }
    }
    out
}

fn replace_dir(from: &Path, to: &Path) {
    if to.exists() {
        fs::remove_dir_all(to).expect("remove old golden");
    }
    fs::create_dir_all(to).expect("golden dir");
    for (rel, bytes) in files_under(from) {
        let path = to.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        fs::write(path, bytes).expect("write golden");
    }
}

/// Converts the committed fixture and compares every output file with its golden copy.
fn check_case(case: &str, doc: &Docx) -> BTreeMap<String, (String, String)> {
    check_fixture(case, "docx", &doc.to_bytes())
}

pub(crate) fn check_fixture(case: &str, kind: &str, bytes: &[u8]) -> BTreeMap<String, (String, String)> {
    let fixture = PathBuf::from(format!("testdata/{kind}/{case}.{kind}"));
    if bless() {
        fs::create_dir_all(format!("testdata/{kind}")).expect("fixture dir");
        fs::write(&fixture, bytes).expect("write fixture");
    }
    let committed = fs::read(&fixture).expect("committed fixture (run with NIANBAO_BLESS=1 to create it)");
    assert!(committed == bytes, "{} is out of date with its generator", fixture.display());

    let out = tempfile::tempdir().expect("temp dir");
    let outcome = batch::process(
        &batch::OutputDir::open(out.path()).expect("output folder"),
        &batch::Input::file(&fixture),
        Path::new(case),
        &batch::BatchOptions::default(),
    );
    assert_ne!(outcome.status, batch::Status::Failed, "{}", outcome.message);
    let produced = out.path().join(case);
    let stream = nianbao::write::stream(&nianbao::convert_file(&fixture).expect("convert"));
    fs::write(produced.join("stream.tsv"), &stream).expect("stream");

    let golden = PathBuf::from(format!("testdata/golden/{case}"));
    if bless() {
        replace_dir(&produced, &golden);
    }
    let got = files_under(&produced);
    let want = files_under(&golden);
    assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "{case}: output files differ");
    for (name, bytes) in &want {
        let got_text = String::from_utf8_lossy(&got[name]);
        let want_text = String::from_utf8_lossy(bytes);
        if got_text != want_text {
            let line = got_text.lines().zip(want_text.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{case}/{name} differs from its golden file at line {}:\n  want: {}\n  got:  {}",
                line + 1,
                want_text.lines().nth(line).unwrap_or(""),
                got_text.lines().nth(line).unwrap_or("")
            );
        }
    }
    read_values(&produced.join("values.tsv"))
}

/// Sections 1, 5 and 6 of a `sections.tsv` as `number<TAB>text` lines, paragraphs joined.
pub(crate) fn narrative(sections_tsv: &str) -> String {
    let mut out = String::new();
    for n in ["1", "5", "6"] {
        let text: String = sections_tsv
            .lines()
            .skip(1)
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|f| f.len() == 4 && f[0] == n && f[2] != "0")
            .map(|f| f[3].to_string())
            .collect();
        out.push_str(&format!("{n}\t{text}\n"));
    }
    out
}

/// `values.tsv` as key → (raw, number).
fn read_values(path: &Path) -> BTreeMap<String, (String, String)> {
    let text = fs::read_to_string(path).expect("values.tsv");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("key\traw\tnumber\trow_label\tcolumn_label\tpage"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "values.tsv line with {} fields: {l}", f.len());
            (f[0].to_string(), (f[1].to_string(), f[2].to_string()))
        })
        .collect()
}

/// Every key of the version is present, with exactly what the fixture printed.
pub(crate) fn assert_every_value(
    case: &str,
    got: &BTreeMap<String, (String, String)>,
    version: Version,
    printed: &Printed,
) {
    let mut wrong = Vec::new();
    for def in keys(version) {
        let want = printed.get(&def.key).cloned().unwrap_or_default();
        match got.get(&def.key) {
            Some((raw, _)) if *raw == want => {}
            Some((raw, _)) => wrong.push(format!("{}: want {want:?} got {raw:?}", def.key)),
            None => wrong.push(format!("{}: missing", def.key)),
        }
    }
    assert_eq!(got.len(), keys(version).len(), "{case}: values.tsv has extra keys");
    assert!(wrong.is_empty(), "{case}: {} of {} values wrong:\n{}", wrong.len(), keys(version).len(), wrong.join("\n"));
}

#[test]
fn report_2021_every_value_and_golden() {
    let (doc, printed) = reports::report_2021();
    let got = check_case("report-2021", &doc);
    assert_every_value("report-2021", &got, Version::V2021, &printed);
    assert_eq!(got["t2.fees.amount"], ("12.5".to_string(), "12.5".to_string()));
}

#[test]
fn report_2019_every_value_and_golden() {
    let (doc, printed) = reports::report_2019();
    let got = check_case("report-2019", &doc);
    assert_every_value("report-2019", &got, Version::V2019, &printed);
    assert_eq!(got["t2.fees.change"], ("-2".to_string(), "-2".to_string()));
}

#[test]
fn deviant_report_every_value_and_golden() {
    let (doc, printed) = reports::report_deviant();
    let got = check_case("report-deviant", &doc);
    assert_every_value("report-deviant", &got, Version::V2021, &printed);
    assert_eq!(
        got["t3.granted.person"],
        ("—".to_string(), String::new()),
        "a zero mark is kept as printed, with no number"
    );
}

#[test]
fn report_2021_sections_and_title() {
    let report = nianbao::convert_file(Path::new("testdata/docx/report-2021.docx")).expect("convert");
    assert_eq!(report.title.title, "清河县农业农村局2023年政府信息公开工作年度报告");
    assert_eq!(report.title.org, "清河县农业农村局");
    assert_eq!(report.title.year, Some(2023));
    assert_eq!(report.sections_found(), vec![1, 2, 3, 4, 5, 6]);
    let sections = nianbao::write::sections_tsv(&report);
    assert!(
        sections.contains("1\t一、总体情况\t2\t全年主动公开信息215条。\n"),
        "w:ins kept, w:del dropped:\n{sections}"
    );
    assert!(!sections.contains("页眉") && !sections.contains("脚注"), "headers and footnotes stay out of the body");
    assert_eq!(report.checks_failed(), 0);
    let t3 = report.tables.iter().find(|t| t.id == "t3").expect("t3");
    let grid = t3.table.expanded();
    assert_eq!(grid[2][3..10], ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]);
    assert_eq!(grid[5][0], "三、本年度办理结果");
    assert_eq!(grid[27][0], "四、结转下年度继续办理");
}

#[test]
fn report_2019_t4_failure_is_reported_not_repaired() {
    let report = nianbao::convert_file(Path::new("testdata/docx/report-2019.docx")).expect("convert");
    let failed: Vec<(&str, &str)> =
        report.checks.iter().filter(|c| !c.ok).map(|c| (c.name.as_str(), c.detail.as_str())).collect();
    assert_eq!(failed, vec![("t4.review", "total 7 = 7 ; upheld 1 + corrected 0 + other 2 + pending 1 = 4")]);
    let total = report.values.iter().find(|v| v.key == "t4.review.total").expect("key");
    assert_eq!(total.raw, "7");
}

#[test]
fn deviant_report_structure() {
    let report = nianbao::convert_file(Path::new("testdata/docx/report-deviant.docx")).expect("convert");
    assert_eq!(report.title.title, "东湖市西山区住房和城乡建设局2024年政府信息公开工作年度报告");
    assert_eq!(report.title.org, "东湖市西山区住房和城乡建设局");
    assert_eq!(report.sections_found(), vec![1, 2, 3, 4, 5, 6]);
    let ids: Vec<&str> = report.tables.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t2", "t3", "t4", "table-1"]);
    let t3 = &report.tables[1];
    assert_eq!(t3.parts, 2, "the part after （续表） joins t3");
    assert_eq!(t3.table.n_rows, 3 + 23, "header rows once, then the 23 body rows");
    assert_eq!(report.tables[3].table.expanded(), vec![vec!["附件", "联系电话 0571-1234567"]]);
    let sections = nianbao::write::sections_tsv(&report);
    assert!(sections.contains("5\t五、存在的主要问题及改进情况\t1\t一是公开意识有待增强；二是平台功能有待完善。\n"));
    assert!(sections.contains("6\t其他需要报告的事项\t0\t其他需要报告的事项\n"));
    assert_eq!(report.checks_failed(), 0);
}

#[test]
fn page_2021_every_value_and_golden() {
    let (page, printed) = reports::page_2021();
    let got = check_fixture("page-2021", "html", page.render().as_bytes());
    assert_every_value("page-2021", &got, Version::V2021, &printed);
    let report = nianbao::convert_file(Path::new("testdata/html/page-2021.html")).expect("convert");
    assert_eq!((report.title.org.as_str(), report.title.year), ("清河县农业农村局", Some(2023)));
    let sections = nianbao::write::sections_tsv(&report);
    for furniture in ["首页", "分享到", "相关阅读", "网站标识码", "var views", "2022年政府信息公开工作年度报告"]
    {
        assert!(!sections.contains(furniture), "{furniture} is page furniture:\n{sections}");
    }
    assert!(sections.ends_with("6\t六、其他需要报告的事项\t1\t本年度未收取信息处理费。\n"));
    let t3 = report.tables.iter().find(|t| t.id == "t3").expect("t3");
    assert_eq!(
        t3.table.expanded()[2][5..8],
        ["科研机构", "社会公益组织", "法律服务机构"],
        "<p> and <br> inside cells joined"
    );
}

#[test]
fn page_2019_gbk_every_value_and_golden() {
    let (bytes, printed) = reports::page_2019_gbk();
    let got = check_fixture("page-2019-gbk", "html", &bytes);
    assert_every_value("page-2019-gbk", &got, Version::V2019, &printed);
    let report = nianbao::convert_file(Path::new("testdata/html/page-2019-gbk.html")).expect("convert");
    assert_eq!((report.title.org.as_str(), report.title.year), ("平安县教育局", Some(2020)));
    assert_eq!(report.sections_found(), vec![1, 2, 3, 4, 5, 6]);
}

#[test]
fn real_template_r004_reads_without_loss() {
    let path = Path::new("../shared/corpus/real/docs/r004.docx");
    if !path.exists() {
        eprintln!("skipped: {} is not present", path.display());
        return;
    }
    let report = nianbao::convert_file(path).expect("convert r004");
    assert_eq!(report.template, Some(Version::V2021));
    assert_eq!(report.sections_found(), vec![1, 2, 3, 4, 5, 6]);
    let not_found: Vec<&str> = report.values.iter().filter(|v| !v.found).map(|v| v.key.as_str()).collect();
    // r004 prints （六）其他处理 with its three sub-rows, so only the one-row form is absent.
    assert_eq!(
        not_found,
        keys(Version::V2021).iter().filter(|d| d.row_key() == "t3.other").map(|d| d.key.as_str()).collect::<Vec<_>>()
    );
    assert!(report.values.iter().all(|v| v.raw.is_empty()), "the template prints no numbers");
    let t3 = report.tables.iter().find(|t| t.id == "t3").expect("t3");
    assert_eq!((t3.table.n_rows, t3.table.n_cols), (28, 10));
}
