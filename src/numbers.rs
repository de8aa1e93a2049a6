//! Reading numbers out of cells printed as `487万`, `+355`, `3,985,758`, `3084 个`, `509.97亿元`,
//! in simplified or traditional characters, half- or full-width.

use crate::model::strip_ruby;

/// Full-width ASCII to half-width, the ideographic space to a space, and the traditional forms
/// of the units and marks numbers carry to their simplified ones; pinyin ruby dropped.
fn fold(text: &str) -> String {
    strip_ruby(text)
        .chars()
        .map(|ch| match ch {
            '\u{3000}' | '\u{00A0}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
            '億' => '亿',
            '萬' => '万',
            '個' => '个',
            '條' => '条',
            '項' => '项',
            '無' => '无',
            _ => ch,
        })
        .collect()
}

/// Units a cell may carry, with the power of ten they scale by.
const UNITS: [(&str, i32); 12] = [
    ("亿元", 8),
    ("万元", 4),
    ("千元", 3),
    ("亿", 8),
    ("万", 4),
    ("元", 0),
    ("个", 0),
    ("件", 0),
    ("条", 0),
    ("项", 0),
    ("次", 0),
    ("人", 0),
];

/// Marks that real reports print for "none": they are kept as printed, not read as numbers.
pub fn is_zero_mark(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '/' | '\\' | '-' | '—' | '–' | '－' | '无'))
}

/// True for what may stand in a value cell: nothing, a number, or a zero mark.
pub fn is_value_like(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || parse_number(t).is_some() || is_zero_mark(t)
}

/// The number a cell prints, as a plain decimal string (`4870000`, `38.09533`, `-2`), or `None`
/// when the text is not a number.
pub fn parse_number(raw: &str) -> Option<String> {
    let folded: String = fold(raw).chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    let mut text = folded.as_str();
    let mut scale = 0i32;
    for (unit, power) in UNITS {
        if let Some(stripped) = text.strip_suffix(unit) {
            text = stripped;
            scale = power;
            break;
        }
    }
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'+') => (false, &text[1..]),
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if int_part.is_empty()
        || !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if digits.ends_with('.') {
        return None;
    }
    // Shift the decimal point by the unit's power of ten without going through floating point.
    let mut all: String = format!("{int_part}{frac_part}");
    let mut point = int_part.len() as i32 + scale;
    while point > all.len() as i32 {
        all.push('0');
    }
    while point <= 0 {
        all.insert(0, '0');
        point += 1;
    }
    let (int, frac) = all.split_at(point as usize);
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let mut out = String::new();
    if negative && (int != "0" || !frac.is_empty()) {
        out.push('-');
    }
    out.push_str(int);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// Signs of a unit a figure may carry before or after it in a table of any kind.
const FIGURE_MARKS: [char; 10] = ['$', '€', '£', '¥', '￥', '%', '‰', '*', '†', '‡'];

/// True for a figure as tables print them, beyond what [`parse_number`] reads: a currency
/// or percent sign (`$1,204`, `8 €`, `12.5%`), an accounting negative (`(4.7)`), a range
/// (`1.1–1.2`), a footnote mark (`12*`), or a decimal point spaced off (`11,062 .6`).
pub fn is_figure(text: &str) -> bool {
    let t: String = fold(text).chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| FIGURE_MARKS.contains(&c));
    let t = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(t);
    let t = t.trim_matches(|c: char| FIGURE_MARKS.contains(&c));
    if t.is_empty() {
        return false;
    }
    if parse_number(t).is_some() {
        return true;
    }
    // A range of two figures.
    t.split_once(['–', '—', '~', '～']).is_some_and(|(a, b)| parse_number(a).is_some() && parse_number(b).is_some())
}

/// The value of a cell for arithmetic checks: blanks and zero marks count as 0.
pub fn check_value(raw: &str) -> Option<f64> {
    if raw.trim().is_empty() || is_zero_mark(raw) {
        return Some(0.0);
    }
    parse_number(raw).and_then(|n| n.parse::<f64>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_as_printed() {
        assert_eq!(parse_number("487万").as_deref(), Some("4870000"));
        assert_eq!(parse_number("+355").as_deref(), Some("355"));
        assert_eq!(parse_number("3084 个").as_deref(), Some("3084"));
        assert_eq!(parse_number("38.09533").as_deref(), Some("38.09533"));
        assert_eq!(parse_number("509.97亿元").as_deref(), Some("50997000000"));
        assert_eq!(parse_number("96171.6万元").as_deref(), Some("961716000"));
        assert_eq!(parse_number("3,985,758").as_deref(), Some("3985758"));
        assert_eq!(parse_number("-2").as_deref(), Some("-2"));
        assert_eq!(parse_number("０").as_deref(), Some("0"));
        assert_eq!(parse_number("0.50").as_deref(), Some("0.5"));
        assert_eq!(parse_number("/"), None);
        assert_eq!(parse_number("—"), None);
        assert_eq!(parse_number("自然人"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("1.2.3"), None);
    }

    #[test]
    fn figures_of_any_table() {
        for figure in ["$1,204", "8 €", "12.5%", "(4.7)", "1.1–1.2", "12*", "11,062 .6", "-3.2%", "(12%)"] {
            assert!(is_figure(figure), "{figure}");
        }
        for text in ["%", "()", "Ref.", "1.属于国家秘密", "（一）", "2016年", "A-1", "1-2-3"] {
            assert!(!is_figure(text), "{text}");
        }
    }

    #[test]
    fn zero_marks_and_value_likeness() {
        assert!(is_zero_mark("/"));
        assert!(is_zero_mark("—"));
        assert!(is_zero_mark("-"));
        assert!(!is_zero_mark("0"));
        assert!(is_zero_mark("無"));
        assert_eq!(parse_number("12萬").as_deref(), Some("120000"));
        assert!(is_value_like(""));
        assert!(is_value_like("12"));
        assert!(!is_value_like("规章"));
        assert_eq!(check_value("/"), Some(0.0));
        assert_eq!(check_value("3"), Some(3.0));
        assert_eq!(check_value("规章"), None);
    }
}
