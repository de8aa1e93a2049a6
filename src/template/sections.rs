//! Section recognition: the template's six headings, and the title, organisation and year.

use crate::model::{Block, Origin};
use crate::template::labels::{fold, fold_char};

/// Heading phrases per section, longest first, in folded form without punctuation or spaces.
const SECTION_PHRASES: [&[&str]; 6] = [
    &["总体情况", "总体概况", "概述"],
    &["主动公开政府信息情况", "主动公开政府信息", "主动公开情况"],
    &["收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开政府信息情况", "依申请公开情况"],
    &[
        "因政府信息公开工作被申请行政复议提起行政诉讼情况",
        "政府信息公开行政复议行政诉讼情况",
        "政府信息公开行政复议行政诉讼",
        "行政复议行政诉讼情况",
    ],
    &[
        "存在的主要问题及改进情况",
        "存在的主要问题和改进情况",
        "存在的主要问题及改进措施",
        "主要问题及改进情况",
        "存在的主要问题",
    ],
    &["其他需要报告的事项", "其他需要报告事项", "其他需要报告的事情", "其他需要报告"],
];

const CJK_NUMERALS: &str = "一二三四五六七八九十";

/// A paragraph that opens one of the six sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMatch {
    /// 1-6.
    pub section: u8,
    /// The heading as printed.
    pub heading: String,
    /// Text printed after the heading in the same paragraph (a glued first paragraph).
    pub rest: String,
}

/// How many letters and digits of a text are read for a heading: a number (3), the prefix
/// 政府信息公开工作 (8) and the longest phrase (24) fit, with room to tell a heading that is the
/// phrase alone (at most 2 more) from a paragraph that goes on.
const HEADING_SCAN_CHARS: usize = 48;

/// Recognizes a section heading at the start of `text`, whatever its numbering.
pub fn match_heading(text: &str) -> Option<HeadingMatch> {
    let text = &crate::template::labels::strip_ruby(text);
    // （一） and (1) number the items inside a section, never the sections themselves.
    if text.trim_start().starts_with(['(', '（']) {
        return None;
    }
    // Compact form: folded chars without spaces or punctuation, each with its byte end in `text`;
    // the first HEADING_SCAN_CHARS of them say whether a heading starts the text.
    let mut compact: Vec<(char, usize)> = Vec::with_capacity(HEADING_SCAN_CHARS);
    for (i, ch) in text.char_indices() {
        let folded = fold_char(ch);
        if folded.is_alphanumeric() {
            compact.push((folded, i + ch.len_utf8()));
            if compact.len() == HEADING_SCAN_CHARS {
                break;
            }
        }
    }
    let numbered = compact.first().is_some_and(|(c, _)| c.is_ascii_digit() || CJK_NUMERALS.contains(*c) || *c == '第');
    let mut start = 0;
    while start < compact.len() && start < 3 {
        let c = compact[start].0;
        if c.is_ascii_digit()
            || CJK_NUMERALS.contains(c)
            || c == '第'
            || (c == '部' && start > 0)
            || (c == '分' && start > 1)
        {
            start += 1;
        } else {
            break;
        }
    }
    // A section number must be followed by punctuation or a space in the printed text, so that
    // "二是加强…" or "2023年…" are not taken for headings.
    if start > 0 {
        let byte_end = compact[start - 1].1;
        let next = text[byte_end..].chars().next();
        if !next.is_some_and(|c| !c.is_alphanumeric() || "部分".contains(c)) && !"部分".contains(compact[start - 1].0)
        {
            return None;
        }
    }
    let full: Vec<char> = compact[start..].iter().map(|(c, _)| *c).collect();
    // The 2019 template says 五、政府信息公开工作存在的主要问题…: a prefix some headings carry.
    let starts_with = |from: usize, phrase: &str| {
        let mut chars = full[from..].iter();
        phrase.chars().all(|p| chars.next() == Some(&p))
    };
    let prefix_len =
        ["政府信息公开工作", "政府信息公开"].iter().find(|p| starts_with(0, p)).map_or(0, |p| p.chars().count());
    for (index, phrases) in SECTION_PHRASES.iter().enumerate() {
        for phrase in phrases.iter() {
            let Some(skip) = [0, prefix_len].into_iter().find(|&k| starts_with(k, phrase)) else {
                continue;
            };
            let body_len = full.len() - skip;
            let start = start + skip;
            let len = phrase.chars().count();
            // Without a number, only a short paragraph that is the phrase itself is a heading.
            if !numbered && body_len > len + 2 {
                return None;
            }
            let end = compact[start + len - 1].1;
            let heading = text[..end].trim().to_string();
            let rest = text[end..]
                .trim_start_matches(|c: char| c.is_whitespace() || "：:。.，,".contains(c))
                .trim_end()
                .to_string();
            return Some(HeadingMatch { section: index as u8 + 1, heading, rest });
        }
    }
    None
}

/// One item of the document in reading order, placed in its section (0 = before section 一).
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    Heading {
        section: u8,
        text: String,
        origin: Origin,
    },
    Para {
        section: u8,
        text: String,
        origin: Origin,
    },
    /// Index into the document's tables, in order of appearance.
    Table {
        section: u8,
        index: usize,
    },
}

impl Placed {
    pub fn section(&self) -> u8 {
        match self {
            Placed::Heading { section, .. } | Placed::Para { section, .. } | Placed::Table { section, .. } => *section,
        }
    }
}

/// Places every block in its section. Headings must come in increasing order; a phrase that
/// would go back to an earlier section is ordinary text.
pub fn place(blocks: &[Block]) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut section = 0u8;
    let mut tables = 0usize;
    for block in blocks {
        match block {
            Block::Paragraph(p) => match match_heading(&p.text) {
                Some(m) if m.section > section => {
                    section = m.section;
                    out.push(Placed::Heading { section, text: m.heading, origin: p.origin.clone() });
                    if !m.rest.is_empty() {
                        out.push(Placed::Para { section, text: m.rest, origin: p.origin.clone() });
                    }
                }
                _ => out.push(Placed::Para { section, text: p.text.clone(), origin: p.origin.clone() }),
            },
            Block::Table(_) => {
                out.push(Placed::Table { section, index: tables });
                tables += 1;
            }
        }
    }
    mark_closing(&mut out);
    out
}

/// The section number given to the closing signature (落款): organisation and date after the
/// last section's text.
pub const CLOSING: u8 = 7;

/// A date as a signature prints it: `2024年1月5日`, `2024 年 1 月 5 日`, `二〇二四年一月五日`.
pub fn is_date_line(text: &str) -> bool {
    if text.chars().count() > 24 {
        return false;
    }
    let t: String = fold(text).chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| "()（）".contains(c));
    let Some((year, rest)) = t.split_once('年') else { return false };
    let Some((month, rest)) = rest.split_once('月') else { return false };
    let Some(day) = rest.strip_suffix('日') else { return false };
    let numeral = |s: &str, max_len: usize| {
        !s.is_empty()
            && s.chars().count() <= max_len
            && s.chars().all(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十○".contains(c))
    };
    numeral(year, 4) && numeral(month, 3) && numeral(day, 3)
}

/// Moves a trailing signature (an organisation line and a date line after the last section)
/// out of the section it would otherwise end.
fn mark_closing(placed: &mut Vec<Placed>) {
    let Some(last) = placed.iter().rposition(|p| matches!(p, Placed::Para { .. })) else { return };
    // An organisation and a date that the layout put on one line: `嘉阳市北平乡2025年1月17日`.
    if let Placed::Para { section, text, origin } = &placed[last] {
        // An organisation and a date fit on one short line.
        if text.chars().count() > 64 {
            return;
        }
        let whole_date = is_date_line(text);
        let split = text.char_indices().map(|(i, _)| i).find(|&i| {
            !whole_date && i > 0 && is_date_line(&text[i..]) && !text[..i].ends_with(|c: char| c.is_ascii_digit())
        });
        if let Some(i) = split {
            let org = text[..i].trim();
            if org.chars().count() <= 40 && !org.contains(['。', '；', '，', ';']) {
                let date =
                    Placed::Para { section: *section, text: text[i..].trim().to_string(), origin: origin.clone() };
                let org = Placed::Para { section: *section, text: org.to_string(), origin: origin.clone() };
                placed.splice(last..=last, [org, date]);
                return mark_closing(placed);
            }
        }
    }
    let last = placed.iter().rposition(|p| matches!(p, Placed::Para { .. })).unwrap_or(last);
    let Placed::Para { section, text, .. } = &placed[last] else { return };
    if *section == 0 || !is_date_line(text) {
        return;
    }
    let mut first = last;
    // The organisation, and any line between it and the date, stand just above.
    while first > 0 && last - first < 2 {
        match &placed[first - 1] {
            Placed::Para { text, .. } if text.chars().count() <= 40 && !text.contains(['。', '；', '，', ';']) => {
                first -= 1
            }
            _ => break,
        }
    }
    for item in &mut placed[first..=last] {
        if let Placed::Para { section, .. } = item {
            *section = CLOSING;
        }
    }
}

/// The report's title, organisation and year, read from the paragraphs before section 一.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleInfo {
    pub title: String,
    pub org: String,
    pub year: Option<u32>,
}

/// Finds the title among the leading paragraphs: the first that names 政府信息公开 or 年度报告,
/// joined with the next one when the title is split over two lines. Breadcrumbs are skipped.
pub fn title_info(placed: &[Placed]) -> TitleInfo {
    let leading: Vec<&str> = placed
        .iter()
        .take_while(|p| p.section() == 0)
        .filter_map(|p| match p {
            Placed::Para { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let is_breadcrumb = |folded: &str| {
        folded.contains('>') || folded.contains('»') || folded.contains("首页") || folded.contains("当前位置")
    };
    // A title may be split anywhere over two lines; the reading that names both a year and
    // 报告 wins, so a page's navigation that says 政府信息公开 does not.
    for i in 0..leading.len() {
        let Some(folded) = folded_title(leading[i]) else { continue };
        if is_breadcrumb(&folded) {
            continue;
        }
        let mut readings = vec![leading[i].trim().to_string()];
        if let Some(next) = leading.get(i + 1) {
            // Split titles carry their year on the first line and 报告 on the second.
            let year_here = org_and_year(leading[i]).1.is_some();
            if year_here && !folded.contains("报告") && fold(next).chars().count() <= 30 {
                readings.push(crate::model::join_text(leading[i].trim(), next.trim()));
            }
        }
        for title in readings {
            let (org, year) = org_and_year(&title);
            if year.is_some() && fold(&title).contains("报告") {
                return TitleInfo { title, org, year };
            }
        }
    }
    if let Some(info) = leading.iter().take(6).find_map(|p| title_in_sentence(p)) {
        return info;
    }
    let first = leading.iter().enumerate().find(|(_, text)| {
        folded_title(text).is_some_and(|folded| {
            !is_breadcrumb(&folded) && (folded.contains("政府信息公开") || folded.contains("年度报告"))
        })
    });
    match first {
        Some((i, _)) => {
            let title = title_lines(&leading, i);
            let (org, year) = org_and_year(&title);
            TitleInfo { title, org, year }
        }
        None => TitleInfo::default(),
    }
}

/// Longest text, in characters, that is read as a title: longer ones are paragraphs.
const MAX_TITLE_CHARS: usize = 80;

/// The folded text of a paragraph short enough to be a title, else `None` (counted before
/// folding, which keeps the count, so that long paragraphs are never folded).
fn folded_title(text: &str) -> Option<String> {
    (crate::template::labels::strip_ruby(text).chars().count() <= MAX_TITLE_CHARS).then(|| fold(text))
}

/// A report without a title line names itself in its preface: `现将衡阳市人民政府2020年政府
/// 信息公开年度报告向社会公布`.
fn title_in_sentence(text: &str) -> Option<TitleInfo> {
    let folded = fold(text);
    let marker = ["年政府信息公开", "年度政府信息公开"].iter().filter_map(|m| folded.find(m)).min()?;
    let before = &folded[..marker];
    let year_start = before.char_indices().rev().take(4).last().map(|(i, _)| i)?;
    let year: u32 = before[year_start..].parse().ok()?;
    let head = &before[..year_start];
    let start = head
        .rfind(['，', ',', '。', '《', '“', '：', ':', ' ', '、'])
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    let org = head[start..].trim_start_matches("现将").trim_start_matches("将").trim_start_matches("关于").trim();
    if org.is_empty() || org.chars().count() > 30 || !(1990..=2100).contains(&year) {
        return None;
    }
    let end = folded[marker..].find("报告").map(|i| marker + i + "报告".len())?;
    Some(TitleInfo { title: folded[start..end].to_string(), org: org.to_string(), year: Some(year) })
}

/// The title starting at line `i`, joined with the next line when it is split over two.
fn title_lines(leading: &[&str], i: usize) -> String {
    let title = leading[i].trim().to_string();
    if fold(&title).contains("报告") {
        return title;
    }
    match leading.get(i + 1) {
        Some(next) if fold(next).contains("报告") && fold(next).chars().count() <= 20 => {
            crate::model::join_text(&title, next.trim())
        }
        _ => title,
    }
}

/// Splits a title such as `原州区河川乡 2023 年政府信息公开工作年度报告` into organisation and year.
pub fn org_and_year(title: &str) -> (String, Option<u32>) {
    let title = &crate::template::labels::strip_ruby(title);
    let chars: Vec<char> = title.chars().collect();
    let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let mut i = 0;
    while i + 4 <= folded.len() {
        let digits = &folded[i..i + 4];
        let is_year = digits.iter().all(|c| c.is_ascii_digit())
            && (i == 0 || !folded[i - 1].is_ascii_digit())
            && folded.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if is_year {
            let after: String = folded[i + 4..].iter().filter(|c| !c.is_whitespace()).take(1).collect();
            if after == "年" {
                let year: u32 = digits.iter().collect::<String>().parse().unwrap_or(0);
                if (1990..=2100).contains(&year) {
                    let before: String = chars[..i].iter().collect();
                    let mut org = before.trim().trim_end_matches("关于").trim_end_matches("關於").trim().to_string();
                    if org.is_empty() {
                        // `2023年某某局政府信息公开工作年度报告`: the organisation follows the year.
                        let rest: String = chars[i + 4..].iter().collect();
                        let rest = rest.trim_start().trim_start_matches('年').trim_start_matches('度');
                        let end = ["政府信息公开", "政府信息公開", "政务公开", "政務公開"]
                            .iter()
                            .filter_map(|m| rest.find(m))
                            .min()
                            .unwrap_or(0);
                        org = rest[..end].trim().to_string();
                    }
                    return (org, Some(year));
                }
            }
        }
        i += 1;
    }
    (String::new(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section_of(text: &str) -> Option<u8> {
        match_heading(text).map(|m| m.section)
    }

    #[test]
    fn heading_variants() {
        assert_eq!(section_of("一、总体情况"), Some(1));
        assert_eq!(section_of("一. 总体情况"), Some(1));
        assert_eq!(section_of("一，总 体 情 况"), Some(1));
        assert_eq!(section_of("二、主動公開政府信息情況"), Some(2));
        assert_eq!(section_of("四、政府信息公开行政复议、行政诉讼情况"), Some(4));
        assert_eq!(section_of("五、存在的主要问题及改进情况"), Some(5));
        assert_eq!(section_of("五、政府信息公开工作存在的主要问题及改进情况"), Some(5));
        assert_eq!(section_of("六、其他需要报告的事项"), Some(6));
        assert_eq!(section_of("三、主动公开政府信息情况"), Some(2), "a wrong number does not hide the heading");
        assert_eq!(section_of("总体情况"), Some(1), "a missing number neither");
        assert_eq!(section_of("总体情况良好，全年共公开信息100条。"), None);
        assert_eq!(section_of("二是主动公开政府信息情况良好"), None);
        assert_eq!(section_of("（一）主动公开"), None);
        assert_eq!(section_of("（二）依申请公开情况"), None);
    }

    #[test]
    fn glued_heading_keeps_its_paragraph() {
        let m = match_heading("一、总体情况2023年，河川乡按照要求推进公开。").expect("heading");
        assert_eq!(m.heading, "一、总体情况");
        assert_eq!(m.rest, "2023年，河川乡按照要求推进公开。");
    }

    #[test]
    fn dates_of_signatures() {
        assert!(is_date_line("2024年1月5日"));
        assert!(is_date_line("2024 年 1 月 5 日"));
        assert!(is_date_line("（2024年1月5日）"));
        assert!(is_date_line("二〇二四年一月五日"));
        assert!(!is_date_line("2024年1月5日发布了通知"));
        assert!(!is_date_line("2024年工作要点"));
    }

    #[test]
    fn org_and_year_from_titles() {
        assert_eq!(
            org_and_year("原州区河川乡 2023 年政府信息公开工作年度报告"),
            ("原州区河川乡".to_string(), Some(2023))
        );
        assert_eq!(
            org_and_year("屏樂市洪陽區民政局2024年政府信息公開工作年度報告"),
            ("屏樂市洪陽區民政局".to_string(), Some(2024))
        );
        assert_eq!(org_and_year("市财政局关于2022年政府信息公开工作年度报告"), ("市财政局".to_string(), Some(2022)));
        assert_eq!(
            org_and_year("2020年某某县教育局政府信息公开工作年度报告"),
            ("某某县教育局".to_string(), Some(2020))
        );
        assert_eq!(org_and_year("政府信息公开工作年度报告格式模板"), (String::new(), None));
        assert_eq!(
            org_and_year("衡陽市南岳區(qū)2023年政府信息公開工作年度報告"),
            ("衡陽市南岳區".to_string(), Some(2023))
        );
        let preface = "编制说明:根据条例的规定和要求,现将衡阳市人民政府2020年政府信息公开年度报告向社会公布。";
        let info = title_in_sentence(preface).expect("title in the preface");
        assert_eq!((info.org.as_str(), info.year), ("衡阳市人民政府", Some(2020)));
    }
}
