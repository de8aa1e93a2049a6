//! PDF fixtures: the report fixtures of `reports.rs` laid out as PDFs in the styles real
//! generators use, and one page per font case.

use nianbao::template::keys::Version;

use super::docx::Tc;
use super::pdf::{FontKind, Pdf, Rules, TableStyle};
use super::reports::{consistent_values, t2_rows, t3_body, t3_header, t4_rows, Printed};

pub const A4: (f32, f32) = (595.0, 842.0);

/// The sentence each font case shows, by font.
pub const FONT_CASES: [(FontKind, &str); 5] = [
    (FontKind::StSong, "一、总体情况：主动公开政府信息 1234 条。"),
    (FontKind::IdentityH, "二、主动公开政府信息情况（嵌入字体）"),
    (FontKind::Gbk, "三、收到和处理政府信息公开申请情况"),
    (FontKind::Helvetica, "Annual report 2023: 85 requests"),
    (FontKind::IdentityV, "三、本年度办理结果"),
];

/// One page per font case, then a landscape page (`/Rotate 90`) in STSong.
pub fn fonts() -> Vec<u8> {
    let mut pdf = Pdf::new(A4.0, A4.1);
    for (i, (font, text)) in FONT_CASES.iter().enumerate() {
        if i > 0 {
            pdf.new_page();
        }
        pdf.text_at(*font, 12.0, 100.0, 100.0, text);
    }
    // A landscape page: drawn on a portrait MediaBox, turned for display.
    pdf.new_page();
    pdf.landscape();
    pdf.text_at(FontKind::StSong, 12.0, 100.0, 100.0, "横向页面");
    pdf.into_bytes()
}

/// Text in a font whose codes have no Unicode mapping.
pub fn no_unicode() -> Vec<u8> {
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::StSong, 12.0, 72.0, 72.0, "说明");
    pdf.text_at(FontKind::NoUnicode, 12.0, 72.0, 100.0, "无法识别的文字");
    pdf.into_bytes()
}

/// Two pages of images and no text: a scan.
pub fn scan() -> Vec<u8> {
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.image();
    pdf.new_page();
    pdf.image();
    pdf.into_bytes()
}

fn body(pdf: &mut Pdf, font: FontKind, text: &str) {
    pdf.paragraph(font, 12.0, text, true);
}

fn heading(pdf: &mut Pdf, font: FontKind, text: &str) {
    pdf.paragraph(font, 14.0, text, true);
}

/// A 2021 report as WPS exports it: t2 bordered with thin filled rectangles, t3 stroked over
/// white-filled cells with its row header 三、本年度办理结果 in a vertical font and split over
/// pages with the header repeated, t4 stroked; page numbers `- N -`.
pub fn report_2021() -> (Vec<u8>, Printed, String) {
    let printed = consistent_values(Version::V2021, false);
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.footer = Some(|n| format!("- {n} -"));
    pdf.text_at(FontKind::StSong, 18.0, 90.0, 60.0, "清河县农业农村局2023年政府信息公开工作年度报告");
    pdf.cursor = 100.0;
    let font = FontKind::StSong;
    body(
        &mut pdf,
        font,
        "本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    );
    heading(&mut pdf, font, "一、总体情况");
    let overview = "2023年，清河县农业农村局认真贯彻落实政务公开工作要求，健全工作机制，丰富公开渠道，全年主动公开政府信息215条，其中政策文件32条，工作动态183条，切实保障人民群众的知情权、参与权、表达权和监督权。";
    body(&mut pdf, font, overview);
    heading(&mut pdf, font, "二、主动公开政府信息情况");
    let t2_style = TableStyle::new(Rules::ThinFills, FontKind::IdentityH, 10.0, vec![150.0, 100.0, 100.0, 100.0], 3.0);
    pdf.table(&t2_rows(Version::V2021, &printed), &t2_style);
    heading(&mut pdf, font, "三、收到和处理政府信息公开申请情况");
    let mut t3 = t3_header();
    t3.extend(t3_body(Version::V2021, &printed, &|_, leaf| Some(leaf.to_string()), None));
    let t3_widths = vec![30.0, 70.0, 140.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0];
    let t3_style = TableStyle {
        repeat_header: 3,
        vertical: vec!["三、本年度办理结果".to_string()],
        ..TableStyle::new(Rules::StrokedOverWhite, FontKind::IdentityH, 9.0, t3_widths, 2.0)
    };
    pdf.table(&t3, &t3_style);
    heading(&mut pdf, font, "四、政府信息公开行政复议、行政诉讼情况");
    let t4_style = TableStyle::new(Rules::Stroked, FontKind::IdentityH, 9.0, vec![30.0; 15], 2.0);
    pdf.table(&t4_rows(&printed, ["其他结果"; 3]), &t4_style);
    heading(&mut pdf, font, "五、存在的主要问题及改进情况");
    let problems = "一是公开内容不够全面，部分栏目更新不够及时；二是解读形式较为单一。下一步将加强培训，提升公开质量。";
    body(&mut pdf, font, problems);
    heading(&mut pdf, font, "六、其他需要报告的事项");
    body(&mut pdf, font, "本年度未收取信息处理费。");
    let sections = format!("1\t{overview}\n5\t{problems}\n6\t本年度未收取信息处理费。\n");
    (pdf.into_bytes(), printed, sections)
}

/// A 2019-template report laid out like the 河川乡 PDF: no rulings, narrow columns, so labels
/// wrap over several lines and the row header 三、本年度办理结果 breaks into 三、本 / 年度办 /
/// 理结果 centred across its rows; headers wrap (`社会` / `公益` / `组织`); t3 runs over a page
/// break with `第 N 页` between its parts; body text in a GBK-EUC-H font.
pub fn report_hechuan() -> (Vec<u8>, Printed, String) {
    let printed = consistent_values(Version::V2019, true);
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.footer = Some(|n| format!("第 {n} 页"));
    pdf.text_at(FontKind::Gbk, 16.0, 110.0, 60.0, "原州区河川乡2020年政府信息公开工作年度报告");
    pdf.cursor = 100.0;
    let font = FontKind::Gbk;
    heading(&mut pdf, font, "一、总体情况");
    let overview = "2020年，河川乡按照政务公开工作要点要求，对照各项指标落实工作，不断加强组织领导，健全工作机制，丰富工作渠道，广泛接受社会和人民群众的监督，有效推进政府信息公开工作。";
    body(&mut pdf, font, overview);
    body(
        &mut pdf,
        font,
        "全年通过政府门户网站、公告栏等形式主动公开政府信息623条，其中门户网站21条，公告栏和新媒体平台602条。",
    );
    heading(&mut pdf, font, "二、主动公开政府信息情况");
    let t2_style = TableStyle::new(Rules::None, FontKind::StSong, 9.0, vec![130.0, 80.0, 80.0, 80.0], 3.0);
    pdf.table(&t2_rows(Version::V2019, &printed), &t2_style);
    heading(&mut pdf, font, "三、收到和处理政府信息公开申请情况");
    let mut t3 = t3_header();
    t3.extend(t3_body(Version::V2019, &printed, &|_, leaf| Some(leaf.to_string()), None));
    let t3_style = TableStyle::new(
        Rules::None,
        FontKind::StSong,
        9.0,
        vec![30.0, 40.0, 90.0, 28.0, 28.0, 28.0, 28.0, 28.0, 28.0, 28.0],
        2.0,
    );
    pdf.table(&t3, &t3_style);
    heading(&mut pdf, font, "四、政府信息公开行政复议、行政诉讼情况");
    let t4_style = TableStyle::new(Rules::None, FontKind::StSong, 9.0, vec![28.0; 15], 2.0);
    pdf.table(&t4_rows(&printed, ["其他结果"; 3]), &t4_style);
    heading(&mut pdf, font, "五、存在的主要问题及改进情况");
    let problems = "一是信息公开的及时性有待提高；二是工作人员业务能力有待加强。";
    body(&mut pdf, font, problems);
    heading(&mut pdf, font, "六、其他需要报告的事项");
    body(&mut pdf, font, "无。");
    let sections = format!("1\t{overview}全年通过政府门户网站、公告栏等形式主动公开政府信息623条，其中门户网站21条，公告栏和新媒体平台602条。\n5\t{problems}\n6\t无。\n");
    (pdf.into_bytes(), printed, sections)
}

/// The 2021 report with its tables partly ruled: t2 and t3 with horizontal rules only, t4 in
/// an outer frame with nothing inside.
pub fn partly_ruled() -> (Vec<u8>, Printed) {
    let printed = consistent_values(Version::V2021, true);
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.footer = Some(|n| format!("— {n} —"));
    pdf.text_at(FontKind::StSong, 16.0, 100.0, 60.0, "白沙县统计局2022年政府信息公开工作年度报告");
    pdf.cursor = 100.0;
    let font = FontKind::StSong;
    heading(&mut pdf, font, "一、总体情况");
    body(&mut pdf, font, "2022年，白沙县统计局认真落实政务公开各项要求。");
    heading(&mut pdf, font, "二、主动公开政府信息情况");
    let style = |rules: Rules, widths: Vec<f32>| TableStyle::new(rules, FontKind::StSong, 9.0, widths, 3.0);
    pdf.table(&t2_rows(Version::V2021, &printed), &style(Rules::HorizontalOnly, vec![150.0, 100.0, 100.0, 100.0]));
    heading(&mut pdf, font, "三、收到和处理政府信息公开申请情况");
    let mut t3 = t3_header();
    t3.extend(t3_body(Version::V2021, &printed, &|_, leaf| Some(leaf.to_string()), None));
    let t3_widths = vec![40.0, 60.0, 140.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0];
    pdf.table(&t3, &style(Rules::HorizontalOnly, t3_widths));
    heading(&mut pdf, font, "四、政府信息公开行政复议、行政诉讼情况");
    pdf.table(&t4_rows(&printed, ["其他结果"; 3]), &style(Rules::FrameOnly, vec![30.0; 15]));
    heading(&mut pdf, font, "五、存在的主要问题及改进情况");
    body(&mut pdf, font, "公开内容的全面性有待提高。");
    heading(&mut pdf, font, "六、其他需要报告的事项");
    body(&mut pdf, font, "无。");
    (pdf.into_bytes(), printed)
}

/// A 2021 report whose unruled t2 breaks right after its two header rows: the header stands
/// at the foot of page 1 and every row of numbers on page 2, as Word exports often leave it.
/// The header wraps (`本年制发` / `件数`) around the label column's `信息内容`.
pub fn stranded_header() -> (Vec<u8>, Printed, String) {
    let printed = consistent_values(Version::V2021, true);
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.footer = Some(|n| format!("- {n} -"));
    pdf.text_at(FontKind::StSong, 16.0, 100.0, 60.0, "青石镇人民政府2021年政府信息公开工作年度报告");
    pdf.cursor = 100.0;
    let font = FontKind::StSong;
    heading(&mut pdf, font, "一、总体情况");
    let overview = "2021年，青石镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息356条。";
    body(&mut pdf, font, overview);
    let style = TableStyle::new(Rules::None, FontKind::StSong, 9.0, vec![110.0, 45.0, 45.0, 45.0], 3.0);
    // Just room for the heading and the two header rows (one line, then two) above the margin.
    let header_height = (1.2 * 9.0 + 6.0) + (2.0 * 1.2 * 9.0 + 6.0);
    pdf.cursor = pdf.height - pdf.margin - header_height - 30.0;
    heading(&mut pdf, font, "二、主动公开政府信息情况");
    pdf.cursor = pdf.height - pdf.margin - header_height - 1.0;
    pdf.table(&t2_rows(Version::V2021, &printed), &style);
    heading(&mut pdf, font, "三、收到和处理政府信息公开申请情况");
    let mut t3 = t3_header();
    t3.extend(t3_body(Version::V2021, &printed, &|_, leaf| Some(leaf.to_string()), None));
    let t3_widths = vec![40.0, 60.0, 140.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0];
    pdf.table(&t3, &TableStyle { col_widths: t3_widths, rules: Rules::Stroked, ..style.clone() });
    heading(&mut pdf, font, "四、政府信息公开行政复议、行政诉讼情况");
    pdf.table(
        &t4_rows(&printed, ["其他结果"; 3]),
        &TableStyle { col_widths: vec![30.0; 15], rules: Rules::Stroked, ..style },
    );
    heading(&mut pdf, font, "五、存在的主要问题及改进情况");
    let problems = "政务公开的时效性还需提高。";
    body(&mut pdf, font, problems);
    heading(&mut pdf, font, "六、其他需要报告的事项");
    body(&mut pdf, font, "无。");
    let sections = format!("1\t{overview}\n5\t{problems}\n6\t无。\n");
    (pdf.into_bytes(), printed, sections)
}

/// A wide table printed sideways on a portrait page (no `/Rotate`), its text running up the
/// page or down it, under a caption; the table's rows and columns as printed.
pub fn sideways_table(runs_up: bool) -> (Vec<u8>, Vec<Vec<&'static str>>) {
    let printed = vec![
        vec!["County", "Spending 2022", "Spending 2023", "Change"],
        vec!["Hechuan", "1,204.5", "1,310.0", "8.8%"],
        vec!["Qingshi", "87.25", "90.1", "3.3%"],
        vec!["All counties", "1,291.75", "1,400.1", "8.4%"],
    ];
    let rows: Vec<Vec<Tc>> = printed.iter().map(|row| row.iter().map(|t| Tc::new(t)).collect()).collect();
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.sideways(runs_up);
    pdf.text_at(FontKind::Helvetica, 12.0, 72.0, 60.0, "Table 3  Spending by county (million yuan)");
    pdf.cursor = 90.0;
    pdf.table(&rows, &TableStyle::new(Rules::Stroked, FontKind::Helvetica, 10.0, vec![160.0, 110.0, 110.0, 80.0], 3.0));
    (pdf.into_bytes(), printed)
}

/// A table of codes and names with no rules and no numbers: columns only where its text lines
/// up, a row that prints only some columns, a paragraph above and below.
pub fn text_columns_table() -> (Vec<u8>, Vec<Vec<&'static str>>) {
    let printed = vec![
        vec!["Code", "Office", "Contact", "Hours"],
        vec!["A-1", "Records", "Ms Li", "Mon-Fri"],
        vec!["", "", "Mr Wang", "Sat"],
        vec!["B-7", "Archives", "Ms Zhao", "Tue"],
    ];
    let xs = [72.0, 140.0, 260.0, 380.0];
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::Helvetica, 10.0, 72.0, 80.0, "Offices that answer requests are listed below.");
    for (r, row) in printed.iter().enumerate() {
        for (text, x) in row.iter().zip(xs) {
            if !text.is_empty() {
                pdf.text_at(FontKind::Helvetica, 10.0, x, 110.0 + 14.0 * r as f32, text);
            }
        }
    }
    pdf.text_at(FontKind::Helvetica, 10.0, 72.0, 190.0, "Requests may also be sent by post.");
    (pdf.into_bytes(), printed)
}

/// t3 of a 2021 report alone, stroked, its first column so narrow that 三、本年度办理结果 wraps
/// two characters a line, and placed so that the page break falls after （一）予以公开: the
/// label, centred in the one row of its cell on the first page, runs past that row's top into
/// the row above and past the table's bottom. The header repeats on the next page.
pub fn label_over_page_break(top: f32) -> (Vec<u8>, Printed) {
    let printed = consistent_values(Version::V2021, false);
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::StSong, 14.0, 90.0, 60.0, "三、收到和处理政府信息公开申请情况");
    pdf.cursor = top;
    let mut t3 = t3_header();
    t3.extend(t3_body(Version::V2021, &printed, &|_, leaf| Some(leaf.to_string()), None));
    let widths = vec![26.0, 63.0, 118.0, 35.0, 35.0, 35.0, 35.0, 35.0, 35.0, 35.0];
    let style = TableStyle { repeat_header: 3, ..TableStyle::new(Rules::Stroked, FontKind::StSong, 9.0, widths, 2.0) };
    pdf.table(&t3, &style);
    // What the page prints: t3's values, nothing of t2 and t4.
    let printed = printed.into_iter().filter(|(key, _)| key.starts_with("t3.")).collect();
    (pdf.into_bytes(), printed)
}

/// Two ruled tables of the same columns, the first filling page 1, the second at the top of
/// page 2 with nothing between them: the second opens with a header of its own (`separate`),
/// or it is the first continued, without a header or repeating it (`repeat_header`).
pub fn tables_on_consecutive_pages(separate: bool, repeat_header: bool) -> (Vec<u8>, Vec<Vec<Vec<String>>>) {
    let row = |label: String, a: u32, b: u32| vec![Tc::new(&label), Tc::new(&a.to_string()), Tc::new(&b.to_string())];
    let header = |labels: [&str; 3]| labels.iter().map(|l| Tc::new(l)).collect::<Vec<Tc>>();
    let mut first = vec![header(["County", "2022", "2023"])];
    first.extend((1..=30).map(|n| row(format!("County {n}"), 100 + n, 200 + 3 * n)));
    let mut second = vec![header(["Office", "Requests", "Answered"])];
    second.extend((1..=8).map(|n| row(format!("Office {n}"), 10 * n, 10 * n - 1)));
    let texts = |rows: &[Vec<Tc>]| -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.lines.join("")).collect()).collect()
    };
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::Helvetica, 12.0, 72.0, 60.0, "Requests by county and by office");
    pdf.cursor = 90.0;
    let mut style = TableStyle::new(Rules::Stroked, FontKind::Helvetica, 10.0, vec![200.0, 100.0, 100.0], 3.0);
    if separate {
        pdf.table(&first, &style);
        pdf.new_page();
        pdf.table(&second, &style);
        (pdf.into_bytes(), vec![texts(&first), texts(&second)])
    } else {
        // One table of 48 rows: it breaks over the page after the 33rd.
        let mut one = first;
        one.extend((31..=48).map(|n| row(format!("County {n}"), 100 + n, 200 + 3 * n)));
        style.repeat_header = usize::from(repeat_header);
        pdf.table(&one, &style);
        (pdf.into_bytes(), vec![texts(&one)])
    }
}

/// `text` right-aligned at `right` in 10 pt Helvetica, on the line whose top is `y`.
fn right_aligned(pdf: &mut Pdf, right: f32, y: f32, text: &str) {
    let width = super::pdf::text_width(text, 10.0);
    pdf.text_at(FontKind::Helvetica, 10.0, right - width, y, text);
}

/// A statement of key figures with no rules: a title in larger type, labels at the left and
/// figures right-aligned, section rows that print a label alone (`Class A` a row's height
/// above its first row, `Investment result` as close above it as a wrapped line would be),
/// and the longest label wrapped onto a line under its row. Returns the grid as printed.
pub fn key_figures() -> (Vec<u8>, Vec<Vec<String>>) {
    // (label, figure, leading before the line)
    let lines: [(&str, &str, f32); 11] = [
        ("Class A", "", 0.0),
        ("Net asset value at 31 December", "5,111,372", 22.0),
        ("Number of outstanding units", "49,136", 22.0),
        ("Class B", "", 22.0),
        ("Net asset value at 31 December", "49,144,825", 22.0),
        ("Number of outstanding units", "471,555", 22.0),
        ("Investment result", "", 22.0),
        ("Direct result", "-", 12.0),
        ("Revaluation", "2,076,667", 12.0),
        ("Total investment result for the period after", "1,969,797", 12.0),
        ("costs and fees", "", 12.0),
    ];
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::Helvetica, 16.0, 72.0, 86.0, "Key figures");
    let mut y = 110.0;
    for (label, figure, leading) in lines {
        y += leading;
        pdf.text_at(FontKind::Helvetica, 10.0, 72.0, y, label);
        if !figure.is_empty() {
            right_aligned(&mut pdf, 520.0, y, figure);
        }
    }
    pdf.text_at(FontKind::Helvetica, 10.0, 72.0, y + 40.0, "Figures are audited.");
    let mut printed: Vec<Vec<String>> =
        lines[..10].iter().map(|(label, figure, _)| vec![label.to_string(), figure.to_string()]).collect();
    printed[9][0].push_str(" costs and fees");
    (pdf.into_bytes(), printed)
}

/// A table ruled around its header, between its columns and around its totals row, with no
/// rule between the body's rows: the whole body stands in one ruled cell a column. Returns
/// the grid as printed.
pub fn column_ruled_frame() -> (Vec<u8>, Vec<Vec<String>>) {
    let mut printed: Vec<Vec<String>> = vec![vec!["Country".into(), "Replies".into(), "Late".into(), "Total".into()]];
    let countries = ["Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Denmark"];
    for (k, country) in countries.iter().enumerate() {
        let (replies, late) = (40 + 17 * k as u32, k as u32 % 3);
        printed.push(vec![country.to_string(), replies.to_string(), late.to_string(), (replies + late).to_string()]);
    }
    let total = |col: usize| printed[1..].iter().map(|r| r[col].parse::<u32>().unwrap_or(0)).sum::<u32>().to_string();
    let totals = vec!["TOTAL".to_string(), total(1), total(2), total(3)];
    printed.push(totals);
    let xs = [72.0, 200.0, 280.0, 360.0, 440.0];
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::Helvetica, 10.0, 72.0, 80.0, "Replies per country.");
    let (top, header_bottom) = (100.0, 120.0);
    let body_bottom = header_bottom + 14.0 * countries.len() as f32 + 4.0;
    let bottom = body_bottom + 20.0;
    for y in [top, header_bottom, body_bottom, bottom] {
        pdf.stroke(xs[0], y, xs[4], y);
    }
    for x in xs {
        pdf.stroke(x, top, x, bottom);
    }
    let put = |pdf: &mut Pdf, row: &[String], y: f32| {
        pdf.text_at(FontKind::Helvetica, 10.0, xs[0] + 3.0, y, &row[0]);
        for (c, text) in row.iter().enumerate().skip(1) {
            right_aligned(pdf, xs[c + 1] - 10.0, y, text);
        }
    };
    put(&mut pdf, &printed[0], top + 5.0);
    for (k, row) in printed[1..=countries.len()].iter().enumerate() {
        put(&mut pdf, row, header_bottom + 3.0 + 14.0 * k as f32);
    }
    put(&mut pdf, &printed[countries.len() + 1], body_bottom + 5.0);
    (pdf.into_bytes(), printed)
}

/// A table drawn as shaded cells parted by white lines, as designed reports draw them: a dark
/// header row, tan body cells, and two rows whose figure cells are one shaded cell over both
/// (the second row prints only its label and date). Under it, white lines around text on the
/// white page, which no reader sees. Returns the grid as printed, a merged cell's text in
/// each row it covers.
pub fn shaded_cells_white_lines() -> (Vec<u8>, Vec<Vec<String>>) {
    let rows: [[&str; 4]; 5] = [
        ["Region", "Date", "Visits", "People"],
        ["North", "1.3.2024", "8", "120"],
        ["South", "2.3.2024", "", ""],
        ["East", "5.3.2024", "6", "95"],
        ["Total", "", "14", "215"],
    ];
    let xs = [72.0, 170.0, 260.0, 330.0, 400.0];
    let (top, row_height) = (100.0, 18.0);
    let y_of = |r: usize| top + row_height * r as f32;
    let mut pdf = Pdf::new(A4.0, A4.1);
    let (header, body, lighter) = ([0.8, 0.13, 0.16], [0.95, 0.82, 0.75], [0.97, 0.9, 0.86]);
    let cell = |pdf: &mut Pdf, r0: usize, r1: usize, c: usize, colour: [f32; 3]| {
        let (x0, x1, y0, y1) = (xs[c], xs[c + 1], y_of(r0), y_of(r1 + 1));
        pdf.shade(x0, y0, x1, y1, colour);
        pdf.white_stroke(x0, y0, x1, y0);
        pdf.white_stroke(x0, y1, x1, y1);
        pdf.white_stroke(x0, y0, x0, y1);
        pdf.white_stroke(x1, y0, x1, y1);
    };
    for c in 0..4 {
        cell(&mut pdf, 0, 0, c, header);
        cell(&mut pdf, 3, 3, c, body);
        cell(&mut pdf, 4, 4, c, body);
    }
    for c in 0..2 {
        cell(&mut pdf, 1, 1, c, body);
        cell(&mut pdf, 2, 2, c, lighter);
    }
    for c in 2..4 {
        cell(&mut pdf, 1, 2, c, body);
    }
    for (r, row) in rows.iter().enumerate() {
        pdf.text_at(FontKind::Helvetica, 10.0, xs[0] + 4.0, y_of(r) + 4.0, row[0]);
        pdf.text_at(FontKind::Helvetica, 10.0, xs[1] + 4.0, y_of(r) + 4.0, row[1]);
        for c in 2..4 {
            right_aligned(&mut pdf, xs[c + 1] - 6.0, y_of(r) + 4.0, row[c]);
        }
    }
    // Two lines of words with figures in a white grid nobody sees: text, not a table.
    let (y0, y1, y2) = (250.0, 268.0, 286.0);
    for y in [y0, y1, y2] {
        pdf.white_stroke(xs[0], y, xs[4], y);
    }
    for x in [xs[0], xs[2], xs[4]] {
        pdf.white_stroke(x, y0, x, y2);
    }
    pdf.text_at(FontKind::Helvetica, 10.0, xs[0] + 4.0, y0 + 4.0, "Visits were counted by hand.");
    pdf.text_at(FontKind::Helvetica, 10.0, xs[2] + 4.0, y0 + 4.0, "See note 2.");
    pdf.text_at(FontKind::Helvetica, 10.0, xs[0] + 4.0, y1 + 4.0, "People were counted once.");
    pdf.text_at(FontKind::Helvetica, 10.0, xs[2] + 4.0, y1 + 4.0, "See note 3.");
    let mut printed: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|t| t.to_string()).collect()).collect();
    printed[2][2] = "8".into();
    printed[2][3] = "120".into();
    (pdf.into_bytes(), printed)
}

/// A statistical table whose figures stand level with the last line of their row's label:
/// labels indented under their group, a wrapped label's next line hanging further in and
/// starting in lower case, a group heading with no figures over rows in capitals, headings
/// wrapped in columns just wide enough for them. Ruled around its header and between its
/// columns, with no rule between the body's rows, or not ruled at all. Returns the grid as
/// printed.
pub fn labels_wrapped_over_figures(ruled: bool) -> (Vec<u8>, Vec<Vec<String>>) {
    // (label lines, indent in points, figures)
    let rows: [(&[&str], f32, [&str; 3]); 7] = [
        (&["Violent crime"], 0.0, ["467.9", "69.1", "398.8"]),
        (&["Murder and nonnegligent", "manslaughter"], 8.0, ["10.0", "0.9", "9.1"]),
        (&["Robbery"], 8.0, ["102.1", "25.5", "76.6"]),
        (&["Property crime:"], 0.0, ["", "", ""]),
        (&["Burglary"], 8.0, ["240.9", "60.3", "180.6"]),
        (&["Offenses against the family", "and children"], 8.0, ["92.4", "3.7", "88.7"]),
        (&["Vagrancy"], 8.0, ["26.6", "2.2", "24.4"]),
    ];
    // Columns just wide enough for their headings, which wrap: `Under 18` over `years`.
    let xs = [72.0, 230.0, 275.0, 320.0, 365.0];
    let header: [&[&str]; 4] =
        [&["Offense charged"], &["", "Total"], &["Under 18", "years"], &["18 years", "and over"]];
    let mut pdf = Pdf::new(A4.0, A4.1);
    let (top, header_bottom, leading) = (100.0, 129.0, 11.0);
    for (c, lines) in header.iter().enumerate() {
        for (k, text) in lines.iter().enumerate() {
            let y = top + 4.0 + 11.0 * k as f32;
            match c {
                0 => pdf.text_at(FontKind::Helvetica, 10.0, xs[0] + 3.0, y + 5.5, text),
                _ => right_aligned(&mut pdf, xs[c + 1] - 3.0, y, text),
            }
        }
    }
    let mut y = header_bottom + 3.0;
    for (lines, indent, figures) in &rows {
        for (k, line) in lines.iter().enumerate() {
            let hang = if k > 0 { 6.0 } else { 0.0 };
            pdf.text_at(FontKind::Helvetica, 10.0, xs[0] + 3.0 + indent + hang, y, line);
            if k + 1 == lines.len() {
                for (c, figure) in figures.iter().enumerate() {
                    if !figure.is_empty() {
                        right_aligned(&mut pdf, xs[c + 2] - 6.0, y, figure);
                    }
                }
            }
            y += leading;
        }
    }
    if ruled {
        let bottom = y + 3.0;
        for line_y in [top, header_bottom, bottom] {
            pdf.stroke(xs[0], line_y, xs[4], line_y);
        }
        for x in xs {
            pdf.stroke(x, top, x, bottom);
        }
    }
    let mut printed: Vec<Vec<String>> = vec![header.iter().map(|lines| lines.join(" ").trim().to_string()).collect()];
    for (lines, _, figures) in &rows {
        let mut row = vec![lines.join(" ")];
        row.extend(figures.iter().map(|f| f.to_string()));
        printed.push(row);
    }
    (pdf.into_bytes(), printed)
}

/// Two unruled tables side by side under the fields of a form (`Session: 18`, `Date:
/// 28/11/2012`): the left one's rows end in figures and the right one's labels follow on the
/// same lines. Returns the two grids as printed, left first.
pub fn side_by_side_tables() -> (Vec<u8>, [Vec<Vec<String>>; 2]) {
    let left: [[&str; 4]; 3] =
        [["", "Identified", "Unidentified", "Total"], ["Present", "217", "0", "217"], ["Absent", "", "", "40"]];
    let right: [[&str; 4]; 4] = [
        ["", "Members", "Chair", "Total"],
        ["Votes for", "129", "0", "129"],
        ["Votes against", "65", "0", "65"],
        ["Abstentions", "22", "", "22"],
    ];
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::Helvetica, 10.0, 40.0, 90.0, "Session: 18");
    pdf.text_at(FontKind::Helvetica, 10.0, 300.0, 90.0, "Date: 28/11/2012");
    pdf.text_at(FontKind::Helvetica, 10.0, 40.0, 112.0, "Chair: Julian Dominguez");
    let top = 136.0;
    let (left_label, left_rights) = (40.0, [150.0, 220.0, 280.0]);
    let (right_label, right_rights) = (292.0, [420.0, 470.0, 540.0]);
    for (r, row) in left.iter().enumerate() {
        let y = top + 14.0 * r as f32;
        pdf.text_at(FontKind::Helvetica, 10.0, left_label, y, row[0]);
        for c in 1..4 {
            right_aligned(&mut pdf, left_rights[c - 1], y, row[c]);
        }
    }
    for (r, row) in right.iter().enumerate() {
        let y = top + 14.0 * r as f32;
        pdf.text_at(FontKind::Helvetica, 10.0, right_label, y, row[0]);
        for c in 1..4 {
            right_aligned(&mut pdf, right_rights[c - 1], y, row[c]);
        }
    }
    let grid = |rows: &[[&str; 4]]| -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|t| t.to_string()).collect()).collect()
    };
    (pdf.into_bytes(), [grid(&left), grid(&right)])
}

/// An unruled table set close between its caption (`Table 3 …`, as large as its rows, right
/// above its header) and a note right under its last row. Returns the grid as printed.
pub fn captioned_table() -> (Vec<u8>, Vec<Vec<String>>) {
    let rows = [
        ["Office", "Requests", "Answered"],
        ["Records", "120", "118"],
        ["Archives", "45", "45"],
        ["Permits", "300", "297"],
    ];
    let mut pdf = Pdf::new(A4.0, A4.1);
    pdf.text_at(FontKind::Helvetica, 10.0, 72.0, 100.0, "Table 3 Requests by office, 2023");
    for (r, row) in rows.iter().enumerate() {
        let y = 114.0 + 14.0 * r as f32;
        pdf.text_at(FontKind::Helvetica, 10.0, 72.0, y, row[0]);
        right_aligned(&mut pdf, 300.0, y, row[1]);
        right_aligned(&mut pdf, 400.0, y, row[2]);
    }
    pdf.text_at(FontKind::Helvetica, 10.0, 72.0, 114.0 + 14.0 * 4.0, "Note: requests answered by 31 March 2024.");
    (pdf.into_bytes(), rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect())
}
