//! Annual-report fixtures of both template versions, built from the canonical keys with
//! values chosen so that the template's arithmetic holds and no two cells of a row agree.

use std::collections::BTreeMap;

use nianbao::template::keys::{keys, KeyDef, Version};

use super::docx::{Docx, Tc};
use super::html::Page;

/// What a fixture prints for each canonical key (keys it does not print are absent).
pub type Printed = BTreeMap<String, String>;

const APPLICANTS: [&str; 6] = ["person", "business", "research", "nonprofit", "legal", "other"];

fn t3_rows(version: Version) -> Vec<(String, Vec<String>)> {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for def in keys(version).iter().filter(|d| d.table == "t3") {
        if rows.last().map(|(k, _)| k.as_str()) != Some(def.row_key()) {
            rows.push((def.row_key().to_string(), def.row_label.split('/').map(str::to_string).collect()));
        }
    }
    rows
}

/// Consistent values for every key the report prints. `single_other` prints （六）其他处理
/// as one row (2019, and many 2021 reports); otherwise its three sub-rows.
pub fn consistent_values(version: Version, single_other: bool) -> Printed {
    let mut v = Printed::new();
    for (i, def) in keys(version).iter().filter(|d| d.table == "t2").enumerate() {
        let value = match def.key.as_str() {
            "t2.fees.amount" => "12.5".to_string(),
            "t2.fees.change" => "-2".to_string(),
            "t2.procurement.amount" => "71.22".to_string(),
            _ => (i + 1).to_string(),
        };
        v.insert(def.key.clone(), value);
    }
    let result_rows: Vec<String> = t3_rows(version)
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| {
            let r = k.trim_start_matches("t3.");
            let is_other_part = r.starts_with("other.");
            let is_other_row = r == "other";
            ["granted", "partial", "denied.", "unable.", "rejected."].iter().any(|p| r.starts_with(p))
                || (is_other_part && !single_other)
                || (is_other_row && single_other)
        })
        .collect();
    let mut totals = [0u32; 6];
    for (i, row) in result_rows.iter().enumerate() {
        let mut sum = 0;
        for (j, col) in APPLICANTS.iter().enumerate() {
            let value = (i as u32 * 3 + j as u32 * 2) % 9;
            totals[j] += value;
            sum += value;
            v.insert(format!("{row}.{col}"), value.to_string());
        }
        v.insert(format!("{row}.total"), sum.to_string());
    }
    let mut put_row = |row: &str, values: [u32; 6]| {
        for (j, col) in APPLICANTS.iter().enumerate() {
            v.insert(format!("t3.{row}.{col}"), values[j].to_string());
        }
        v.insert(format!("t3.{row}.total"), values.iter().sum::<u32>().to_string());
    };
    let carry_forward: [u32; 6] = std::array::from_fn(|j| j as u32 + 1);
    let carried: [u32; 6] = std::array::from_fn(|j| j as u32 % 3);
    let new: [u32; 6] = std::array::from_fn(|j| totals[j] + carry_forward[j] - carried[j]);
    put_row("total", totals);
    put_row("carry_forward", carry_forward);
    put_row("carried", carried);
    put_row("new", new);
    for (b, block) in ["review", "suit_direct", "suit_after_review"].iter().enumerate() {
        let parts = [b as u32 + 1, b as u32, 2, 1];
        for (col, value) in ["upheld", "corrected", "other", "pending"].iter().zip(parts) {
            v.insert(format!("t4.{block}.{col}"), value.to_string());
        }
        v.insert(format!("t4.{block}.total"), parts.iter().sum::<u32>().to_string());
    }
    v
}

fn value(printed: &Printed, key: &str) -> String {
    printed.get(key).cloned().unwrap_or_default()
}

/// t2 as the template prints it: a block per 第二十条 item, each with its own header row.
pub fn t2_rows(version: Version, printed: &Printed) -> Vec<Vec<Tc>> {
    let mut rows = Vec::new();
    let defs: Vec<&KeyDef> = keys(version).iter().filter(|d| d.table == "t2").collect();
    let mut block = String::new();
    let mut i = 0;
    while i < defs.len() {
        let row_key = defs[i].row_key();
        let items: Vec<&KeyDef> = defs[i..].iter().take_while(|d| d.row_key() == row_key).copied().collect();
        let (block_label, item_label) = defs[i].row_label.split_once('/').unwrap_or(("", &defs[i].row_label));
        if block_label != block {
            block = block_label.to_string();
            rows.push(vec![Tc::new(block_label).span(4)]);
            let mut header = vec![Tc::new("信息内容")];
            header.extend(header_cells(&items.iter().map(|d| d.column_label.clone()).collect::<Vec<_>>()));
            rows.push(header);
        }
        let mut row = vec![Tc::new(item_label)];
        row.extend(header_cells(&items.iter().map(|d| value(printed, &d.key)).collect::<Vec<_>>()));
        rows.push(row);
        i += items.len();
    }
    rows
}

/// Three value columns: one text spans all three, two leave the last empty.
fn header_cells(texts: &[String]) -> Vec<Tc> {
    match texts.len() {
        1 => vec![Tc::new(&texts[0]).span(3)],
        2 => vec![Tc::new(&texts[0]), Tc::new(&texts[1]), Tc::new("")],
        _ => texts.iter().map(|t| Tc::new(t)).collect(),
    }
}

/// The three header rows of t3, with multi-line cells as WPS writes them.
pub fn t3_header() -> Vec<Vec<Tc>> {
    vec![
        vec![
            Tc::new("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）").span(3).restart(),
            Tc::new("申请人情况").span(7),
        ],
        vec![
            Tc::cont().span(3),
            Tc::new("自然人").restart(),
            Tc::new("法人或其他组织").span(5),
            Tc::new("总计").restart(),
        ],
        vec![
            Tc::cont().span(3),
            Tc::cont(),
            Tc::lines("商业|企业"),
            Tc::lines("科研|机构"),
            Tc::broken("社会|公益|组织"),
            Tc::broken("法律|服务|机构"),
            Tc::new("其他"),
            Tc::cont(),
        ],
    ]
}

/// t3 body rows: row headers merged vertically over the rows they span. `label` may print a
/// label piece differently from the template; rows it maps to `None` are left out. At
/// `restart_at` every merged row header starts again, as in the part of a table after a break.
pub fn t3_body(
    version: Version,
    printed: &Printed,
    label: &dyn Fn(&str, &str) -> Option<String>,
    restart_at: Option<&str>,
) -> Vec<Vec<Tc>> {
    let mut rows = Vec::new();
    let mut previous: Vec<String> = Vec::new();
    for (row_key, pieces) in t3_rows(version) {
        if !printed.contains_key(&format!("{row_key}.person")) {
            continue;
        }
        if restart_at == Some(row_key.as_str()) {
            previous.clear();
        }
        let Some(leaf) = label(&row_key, pieces.last().map(String::as_str).unwrap_or("")) else {
            continue;
        };
        let mut row = Vec::new();
        match pieces.len() {
            1 => row.push(Tc::new(&leaf).span(3)),
            n => {
                for (level, piece) in pieces[..n - 1].iter().enumerate() {
                    let same = previous.get(level) == Some(piece) && previous[..level] == pieces[..level];
                    row.push(if same { Tc::cont() } else { Tc::new(piece).restart() });
                }
                row.push(Tc::new(&leaf).span(4 - n));
            }
        }
        for col in APPLICANTS.iter().chain(["total"].iter()) {
            row.push(Tc::new(&value(printed, &format!("{row_key}.{col}"))));
        }
        previous = pieces;
        rows.push(row);
    }
    rows
}

/// t4: blocks over two header rows, results below, one row of values.
pub fn t4_rows(printed: &Printed, other_labels: [&str; 3]) -> Vec<Vec<Tc>> {
    let results = |other: &str| -> Vec<Tc> {
        ["结果维持", "结果纠正", other, "尚未审结", "总计"].iter().map(|t| Tc::new(t)).collect()
    };
    let mut row2: Vec<Tc> = results(other_labels[0]).into_iter().map(Tc::restart).collect();
    row2.push(Tc::new("未经复议直接起诉").span(5));
    row2.push(Tc::new("复议后起诉").span(5));
    let mut row3: Vec<Tc> = (0..5).map(|_| Tc::cont()).collect();
    row3.extend(results(other_labels[1]));
    row3.extend(results(other_labels[2]));
    let mut data = Vec::new();
    for block in ["review", "suit_direct", "suit_after_review"] {
        for col in ["upheld", "corrected", "other", "pending", "total"] {
            data.push(Tc::new(&value(printed, &format!("t4.{block}.{col}"))));
        }
    }
    vec![vec![Tc::new("行政复议").span(5), Tc::new("行政诉讼").span(10)], row2, row3, data]
}

/// What a report is written into: a Word body or a web page.
pub trait Body {
    fn para(&mut self, text: &str) -> &mut Self;
    fn heading(&mut self, text: &str) -> &mut Self;
    fn table(&mut self, rows: &[Vec<Tc>]) -> &mut Self;
}

/// Sections 二 to 六 of a plain report: the template's three tables under their headings,
/// then the problems and the other matters.
fn template_sections<B: Body>(b: &mut B, version: Version, printed: &Printed, problems: &[&str], other: &str) {
    let mut t3 = t3_header();
    t3.extend(t3_body(version, printed, &|_, leaf| Some(leaf.to_string()), None));
    b.heading("二、主动公开政府信息情况")
        .table(&t2_rows(version, printed))
        .heading("三、收到和处理政府信息公开申请情况")
        .table(&t3)
        .heading("四、政府信息公开行政复议、行政诉讼情况")
        .table(&t4_rows(printed, ["其他结果"; 3]))
        .heading("五、存在的主要问题及改进情况");
    for text in problems {
        b.para(text);
    }
    b.heading("六、其他需要报告的事项").para(other);
}

/// A plain 2021 report as Word or WPS writes it; every check holds.
pub fn report_2021() -> (Docx, Printed) {
    let printed = consistent_values(Version::V2021, false);
    let mut d = Docx {
        header_text: Some("页眉：不应出现在正文".into()),
        footnote_text: Some("脚注：不应出现在正文".into()),
        ..Default::default()
    };
    d.para("清河县农业农村局2023年政府信息公开工作年度报告")
        .para("本报告根据《中华人民共和国政府信息公开条例》编制。")
        .heading("一、总体情况")
        .para("2023年，清河县农业农村局认真贯彻落实政务公开工作要求。")
        .raw("<w:p><w:r><w:t>全年主动公开信息</w:t></w:r><w:ins w:id=\"1\" w:author=\"a\"><w:r><w:t>215</w:t></w:r></w:ins><w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>199</w:delText></w:r></w:del><w:r><w:t>条。</w:t></w:r></w:p>");
    template_sections(
        &mut d,
        Version::V2021,
        &printed,
        &["一是公开内容不够全面；二是解读形式较为单一。", "下一步将加强培训，提升公开质量。"],
        "本年度未收取信息处理费。",
    );
    (d, printed)
}

/// A 2019-template report for 2020, with （六）其他处理 as one row and a t4 total that does
/// not add up, as printed.
pub fn report_2019() -> (Docx, Printed) {
    let mut printed = consistent_values(Version::V2019, true);
    printed.insert("t4.review.total".into(), "7".into());
    let mut d = Docx::default();
    d.para("2020年平安县教育局政府信息公开工作年度报告")
        .heading("一、总体情况")
        .para("2020年，平安县教育局扎实推进政府信息公开工作。");
    template_sections(&mut d, Version::V2019, &printed, &["信息公开的及时性有待提高。"], "无。");
    (d, printed)
}

/// A 2021 report that deviates as real ones do: breadcrumb and a title over two lines,
/// traditional, unnumbered, misnumbered and glued headings, t3 continued after a paragraph
/// with its header repeated, label variants (`2、`, a dropped character, traditional), a
/// （六）其他处理 printed as one row, zero marks, `驳回申请` for 其他结果, and a nested table.
pub fn report_deviant() -> (Docx, Printed) {
    let mut printed = consistent_values(Version::V2021, true);
    printed.insert("t3.granted.person".into(), "—".into());
    printed.insert("t2.rules.repealed".into(), "".into());
    let relabel = |row: &str, leaf: &str| -> Option<String> {
        Some(match row {
            "t3.denied.law" => "2.其他法律行政止公开".to_string(),
            "t3.denied.safety" => "3、危及“三安全一稳定”".to_string(),
            "t3.unable.not_held" => "1.本機關不掌握相關政府信息".to_string(),
            "t3.partial" => "(二)部分公开（区分处理的，只计这一情形，不计其他情形）".to_string(),
            _ => leaf.to_string(),
        })
    };
    let mut d = Docx::default();
    d.para("首页 > 政务公开 > 政府信息公开年报")
        .para("东湖市西山区住房和城乡建设局2024年政府信息公开")
        .para("工作年度报告")
        .para("一．總體情況")
        .para("2024年，西山区住房和城乡建设局持续深化政务公开。")
        .para("三、主动公开政府信息情况")
        .table(&t2_rows(Version::V2021, &printed))
        .para("三、收到和处理政府信息公开申请情况");
    // The table breaks before （四）无法提供; the part after it repeats the header rows.
    let body = t3_body(Version::V2021, &printed, &relabel, Some("t3.unable.not_held"));
    let split = t3_body(Version::V2021, &printed, &relabel, None)
        .iter()
        .position(|row| row.iter().any(|c| c.lines.iter().any(|l| l.contains("本機關不掌握"))))
        .expect("row after the break");
    let mut first = t3_header();
    first.extend(body[..split].iter().cloned());
    let mut second = t3_header();
    second.extend(body[split..].iter().cloned());
    d.table(&first)
        .para("（续表）")
        .table(&second)
        .para("四、政府信息公开行政复议、行政诉讼情况")
        .table(&t4_rows(&printed, ["驳回申请", "其他结果", "驳回起诉"]))
        .para("五、存在的主要问题及改进情况。一是公开意识有待增强；二是平台功能有待完善。")
        .para("其他需要报告的事项")
        .para("本年度收取信息处理费0元。")
        .raw(&format!(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>附件</w:t></w:r></w:p></w:tc><w:tc>{}<w:p/></w:tc></w:tr></w:tbl>",
            super::docx::table_xml(&[vec![Tc::new("联系电话"), Tc::new("0571-1234567")]])
        ));
    (d, printed)
}

/// The 2021 report as a UTF-8 web page.
pub fn page_2021() -> (Page, Printed) {
    let printed = consistent_values(Version::V2021, false);
    let mut p = Page::new("清河县农业农村局2023年政府信息公开工作年度报告", "utf-8");
    p.para("本报告根据《中华人民共和国政府信息公开条例》编制。")
        .heading("一、总体情况")
        .para("2023年，清河县农业农村局认真贯彻落实政务公开工作要求。");
    template_sections(
        &mut p,
        Version::V2021,
        &printed,
        &["一是公开内容不够全面；二是解读形式较为单一。"],
        "本年度未收取信息处理费。",
    );
    (p, printed)
}

/// The 2019 report as a GB2312 web page.
pub fn page_2019_gbk() -> (Vec<u8>, Printed) {
    let (_, printed) = report_2019();
    let mut p = Page::new("2020年平安县教育局政府信息公开工作年度报告", "gb2312");
    p.heading("一、总体情况").para("2020年，平安县教育局扎实推进政府信息公开工作。");
    template_sections(&mut p, Version::V2019, &printed, &["信息公开的及时性有待提高。"], "无。");
    let page = p.render();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable, "the page is all GBK");
    (bytes.into_owned(), printed)
}
