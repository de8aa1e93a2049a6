//! Layout dumps: text where spaces stand in for positions (`pdftotext -layout` and the like).
//! Columns survive only as character positions, so each character is placed back on a page
//! as a glyph at its column and line, and the PDF layout stage rebuilds paragraphs and
//! unruled tables from those positions as it does for a PDF.

use std::collections::HashMap;

use crate::error::ErrorKind;
use crate::numbers::is_value_like;
use crate::page::{Baseline, Glyph, Page, MAX_DOCUMENT_GLYPHS};

/// Size of a placed character; one text column is this wide, one line this much taller.
const CHAR_SIZE: f32 = 10.0;
const LINE_PITCH: f32 = 1.5 * CHAR_SIZE;
/// Lines of one wrapped cell stand closer, in pitches.
const WRAPPED: f32 = 0.8;

/// How a dump counts columns: one per character (pdftotext) or two per wide character
/// (what a fixed-width editor shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metric {
    Chars,
    Display,
}

fn width_of(c: char, metric: Metric) -> usize {
    match metric {
        Metric::Chars => 1,
        Metric::Display if crate::model::is_cjk(c) => 2,
        Metric::Display => 1,
    }
}

/// Tokens of a line separated by two or more spaces, with their start columns.
fn spaced_tokens(line: &str, metric: Metric) -> Vec<(usize, String)> {
    let mut tokens: Vec<(usize, String)> = Vec::new();
    let mut col = 0;
    let mut spaces = 0;
    for c in line.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            match tokens.last_mut() {
                Some((_, token)) if spaces < 2 => {
                    token.extend(std::iter::repeat_n(' ', spaces));
                    token.push(c);
                }
                _ => tokens.push((col, c.to_string())),
            }
            spaces = 0;
        }
        col += width_of(c, metric);
    }
    tokens
}

fn text_width(text: &str, metric: Metric) -> usize {
    text.chars().map(|c| width_of(c, metric)).sum()
}

/// A number or a zero mark, as a value cell prints them.
fn is_number(token: &str) -> bool {
    !token.trim().is_empty() && is_value_like(token)
}

/// A token of numbers only (several when single spaces part them).
fn is_numbers(token: &str) -> bool {
    token.split(' ').all(is_number)
}

/// A line whose cells are parted by runs of spaces, with a number among them.
fn is_aligned_row(line: &str) -> bool {
    let tokens = spaced_tokens(line, Metric::Chars);
    tokens.len() >= 2 && tokens.iter().skip(1).any(|(_, t)| is_numbers(t))
}

/// True when the text lays its tables out with spaces rather than tabs or pipes.
pub fn is_layout_dump(text: &str) -> bool {
    let mut aligned = 0;
    let mut delimited = 0;
    for line in text.lines() {
        if line.contains(['\t', '|']) {
            delimited += 1;
        } else if is_aligned_row(line) {
            aligned += 1;
        }
    }
    aligned >= 5 && delimited * 4 < aligned
}

/// The metric under which numbers line up in fewer columns.
fn metric_of(text: &str) -> Result<Metric, ErrorKind> {
    let spread = |metric: Metric| -> Result<usize, ErrorKind> {
        let mut starts: Vec<usize> = Vec::new();
        for line in text.lines() {
            crate::deadline::check()?;
            starts.extend(
                spaced_tokens(line, metric)
                    .into_iter()
                    .filter(|(_, t)| is_number(t))
                    .map(|(col, t)| col + text_width(&t, metric) / 2),
            );
        }
        starts.sort_unstable();
        starts.dedup();
        Ok(starts.len())
    };
    Ok(if spread(Metric::Display)? < spread(Metric::Chars)? { Metric::Display } else { Metric::Chars })
}

/// What a line holds, for placing it vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// Only numbers, indented past the labels.
    Values {
        first_col: usize,
    },
    /// No numbers and no sentence: labels or headers, spanning these columns.
    Labels {
        first_col: usize,
        last_col: usize,
    },
    /// Labels then numbers from this column on, or running text.
    Other {
        first_number: Option<usize>,
    },
}

fn line_kind(line: &str, metric: Metric) -> LineKind {
    let tokens = spaced_tokens(line, metric);
    let Some((first_col, _)) = tokens.first() else {
        return LineKind::Blank;
    };
    let numbers = tokens.iter().filter(|(_, t)| is_numbers(t)).count();
    if numbers == tokens.len() && *first_col > 0 {
        return LineKind::Values { first_col: *first_col };
    }
    let sentence = line.contains(['。', '；', '：']) || line.trim().chars().count() > 40;
    if numbers == 0 && !sentence {
        let last_col = tokens.iter().map(|(col, t)| col + text_width(t, metric)).max();
        return LineKind::Labels { first_col: *first_col, last_col: last_col.unwrap_or(*first_col) };
    }
    let first_number = tokens.iter().find(|(_, t)| is_numbers(t)).map(|(col, _)| *col);
    LineKind::Other { first_number }
}

/// True when no token of one line stands over a token of the other.
fn disjoint(a: &str, b: &str, metric: Metric) -> bool {
    let spans = |line: &str| -> Vec<(usize, usize)> {
        spaced_tokens(line, metric).into_iter().map(|(col, t)| (col, col + text_width(&t, metric))).collect()
    };
    let (a, b) = (spans(a), spans(b));
    a.iter().all(|&(a0, a1)| b.iter().all(|&(b0, b1)| a1 + 1 < b0 || b1 + 1 < a0))
}

/// Vertical positions of a page's lines, in line pitches. A layout dump gives every baseline
/// its own line, which pulls apart what the page printed together; two patterns are put back:
/// a row's numbers printed between the lines of its wrapped label go back beside the label,
/// whose lines are set closer than rows are, and header lines of neighbouring cells printed
/// at staggered heights (`结 结 其 尚` under 行政复议, then under 行政诉讼) share one line again.
fn line_positions(lines: &[&str], metric: Metric) -> Vec<f32> {
    let kinds: Vec<LineKind> = lines.iter().map(|l| line_kind(l, metric)).collect();
    let labels_left_of = |kind: Option<&LineKind>, col: usize| matches!(kind, Some(LineKind::Labels { last_col, .. }) if *last_col < col);
    let mut positions = Vec::with_capacity(lines.len());
    let mut y = 0.0_f32;
    let mut i = 0;
    while i < lines.len() {
        if i > 0 {
            y += 1.0;
        }
        // A wrapped label around its row's numbers: label, numbers (with or without more
        // label), label.
        let numbers_at = match kinds[i + 1..].first() {
            Some(LineKind::Values { first_col }) => Some((*first_col, true)),
            Some(LineKind::Other { first_number: Some(col) }) => Some((*col, false)),
            _ => None,
        };
        if let Some((col, values_only)) = numbers_at {
            if labels_left_of(kinds.get(i), col) && labels_left_of(kinds.get(i + 2), col) {
                let (middle, last) = if values_only { (WRAPPED / 2.0, WRAPPED) } else { (WRAPPED, 2.0 * WRAPPED) };
                positions.extend([y, y + middle, y + last]);
                y += last;
                i += 3;
                continue;
            }
        }
        let staggered = i >= 1
            && matches!((kinds[i - 1], kinds[i]), (LineKind::Labels { .. }, LineKind::Labels { .. }))
            && disjoint(lines[i - 1], lines[i], metric)
            && (i < 2 || positions[i - 1] != positions[i - 2]);
        if staggered {
            y -= 1.0;
        }
        positions.push(y);
        i += 1;
    }
    positions
}

/// Centres of a line's trailing numbers, when it ends in at least three.
fn trailing_number_centres(line: &str, metric: Metric) -> Vec<usize> {
    let tokens = spaced_tokens(line, metric);
    let numbers = tokens.iter().rev().take_while(|(_, t)| is_number(t)).count();
    if numbers < 3 {
        return Vec::new();
    }
    tokens[tokens.len() - numbers..].iter().map(|(col, t)| col + text_width(t, metric) / 2).collect()
}

/// For each count of trailing numbers, the columns most lines with that many print them at.
/// A dump spaces each block of the page on its own scale, so the rows of one table can drift
/// apart; snapping their numbers to the common columns lines the table up again.
fn common_number_columns(text: &str, metric: Metric) -> Result<HashMap<usize, Vec<usize>>, ErrorKind> {
    let mut seen: HashMap<Vec<usize>, usize> = HashMap::new();
    for line in text.lines() {
        crate::deadline::check()?;
        let centres = trailing_number_centres(line, metric);
        if !centres.is_empty() {
            *seen.entry(centres).or_default() += 1;
        }
    }
    let mut best: HashMap<usize, (usize, Vec<usize>)> = HashMap::new();
    for (centres, count) in seen {
        let entry = best.entry(centres.len()).or_insert((0, Vec::new()));
        if (count, std::cmp::Reverse(&centres)) > (entry.0, std::cmp::Reverse(&entry.1)) {
            *entry = (count, centres);
        }
    }
    Ok(best.into_iter().map(|(n, (_, centres))| (n, centres)).collect())
}

/// Each character of a line with its column and width, trailing numbers moved to the common
/// columns where the labels leave room.
fn placements(line: &str, metric: Metric, common: &HashMap<usize, Vec<usize>>) -> Vec<(usize, usize, char)> {
    let mut out = Vec::new();
    let mut col = 0;
    for c in line.chars() {
        let w = if c == '\t' { 8 - col % 8 } else { width_of(c, metric) };
        if !c.is_whitespace() && !c.is_control() {
            out.push((col, w, c));
        }
        col += w;
    }
    let centres = trailing_number_centres(line, metric);
    let Some(target) = common.get(&centres.len()) else {
        return out;
    };
    let tokens = spaced_tokens(line, metric);
    let first_number = tokens.len() - centres.len();
    let label_end = tokens[..first_number].iter().map(|(col, t)| col + text_width(t, metric)).max().unwrap_or(0);
    if target.first().is_some_and(|&t| t <= label_end + 1) {
        return out;
    }
    // Characters of the trailing numbers, in order, each token moved by its own shift.
    let mut k = out.len();
    for (j, (start, token)) in tokens[first_number..].iter().enumerate().rev() {
        let shift = target[j] as isize - (start + text_width(token, metric) / 2) as isize;
        for _ in 0..token.chars().filter(|c| *c != ' ').count() {
            k -= 1;
            out[k].0 = (out[k].0 as isize + shift).max(0) as usize;
        }
    }
    out
}

/// Places the dump's characters on pages (form feeds part pages). A dump that places more
/// characters than a PDF may show ([`MAX_DOCUMENT_GLYPHS`]) is too large to be one report.
pub fn pages_of(text: &str) -> Result<Vec<Page>, ErrorKind> {
    pages_within(text, MAX_DOCUMENT_GLYPHS)
}

/// [`pages_of`] with the most characters the dump may place.
fn pages_within(text: &str, max_glyphs: usize) -> Result<Vec<Page>, ErrorKind> {
    let metric = metric_of(text)?;
    let common = common_number_columns(text, metric)?;
    let mut pages = Vec::new();
    let mut placed = 0usize;
    for (index, page_text) in text.split('\u{c}').enumerate() {
        crate::deadline::check()?;
        let mut page = Page { number: index as u32 + 1, ..Page::default() };
        let lines: Vec<&str> = page_text.lines().collect();
        let positions = line_positions(&lines, metric);
        let mut widest = 0;
        for (line, row) in lines.iter().zip(&positions) {
            crate::deadline::check()?;
            let top = row * LINE_PITCH;
            let mut last_col = None;
            for (col, w, c) in placements(line, metric, &common) {
                page.glyphs.push(Glyph {
                    text: c.to_string(),
                    x0: col as f32 * CHAR_SIZE,
                    y0: top,
                    x1: (col + w) as f32 * CHAR_SIZE,
                    y1: top + CHAR_SIZE,
                    size: CHAR_SIZE,
                    vertical: false,
                    baseline: Baseline::Right,
                    space_before: last_col.is_some_and(|end| col > end),
                    confidence: None,
                });
                last_col = Some(col + w);
                widest = widest.max(col + w);
            }
            if placed + page.glyphs.len() > max_glyphs {
                return Err(ErrorKind::TooLarge(format!("the layout dump places more than {max_glyphs} characters")));
            }
        }
        placed += page.glyphs.len();
        page.width = (widest.max(1) as f32) * CHAR_SIZE;
        page.height = (positions.last().copied().unwrap_or(0.0) + 1.0) * LINE_PITCH;
        pages.push(page);
    }
    // A dump ending in a form feed has an empty last page.
    while pages.len() > 1 && pages.last().is_some_and(|p| p.glyphs.is_empty()) {
        pages.pop();
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dump_placing_more_characters_than_allowed_is_refused() {
        let dump = "  规章    1    2    3\n".repeat(10) + "\u{c}" + &"  规范性文件    4    5    6\n".repeat(10);
        let pages = pages_within(&dump, 150).expect("150 characters: within the limit");
        assert_eq!(pages.iter().map(|p| p.glyphs.len()).collect::<Vec<_>>(), [50, 80]);
        let err = pages_within(&dump, 129).map(|_| ()).unwrap_err();
        assert_eq!(err.to_string(), "too large: the layout dump places more than 129 characters");
    }

    #[test]
    fn tokens_part_at_two_spaces() {
        let tokens = spaced_tokens("  规章 一         0       12", Metric::Chars);
        assert_eq!(tokens, vec![(2, "规章 一".to_string()), (15, "0".to_string()), (23, "12".to_string())]);
        let tokens = spaced_tokens("规章  0", Metric::Display);
        assert_eq!(tokens, vec![(0, "规章".to_string()), (6, "0".to_string())]);
    }

    #[test]
    fn dumps_with_tabs_are_not_layout_dumps() {
        let spaced = "规章     0     0\n".repeat(5);
        assert!(is_layout_dump(&spaced));
        let tabbed = "规章\t0\t0\n".repeat(5);
        assert!(!is_layout_dump(&tabbed));
        assert!(!is_layout_dump("2021 年共主动公开政府信息 237 条。\n"));
    }

    #[test]
    fn numbers_aligned_by_display_width_choose_that_metric() {
        let text = "规章      0\n行政许可  0\n";
        assert_eq!(metric_of(text), Ok(Metric::Display));
        let text = "规章      0\n行政许可    0\n";
        assert_eq!(metric_of(text), Ok(Metric::Chars));
    }

    #[test]
    fn numbers_between_the_lines_of_their_label_return_beside_it() {
        let lines = ["2.其他法律行政法规禁", "                 0     0", "止公开", "3.危及安全   0     0"];
        assert_eq!(line_positions(&lines, Metric::Chars), vec![0.0, 0.4, 0.8, 1.8]);
        let lines = ["（二）部分公开（区分", "的，只计这一情形   1   0", "他情形）"];
        assert_eq!(line_positions(&lines, Metric::Chars), vec![0.0, 0.8, 1.6]);
    }

    #[test]
    fn staggered_header_lines_share_one_line() {
        let lines = ["结    结", "            结    结", "果    果", "            果    果", "0  0  0  0"];
        assert_eq!(line_positions(&lines, Metric::Chars), vec![0.0, 0.0, 1.0, 1.0, 2.0]);
    }

    #[test]
    fn drifted_numbers_snap_to_the_common_columns() {
        let text = "一、本年新收申请   1   2   3\n二、上年结转申请   4   5   6\n（一）公开             7   8   9\n";
        let common = common_number_columns(text, Metric::Chars).expect("columns");
        assert_eq!(common.get(&3), Some(&vec![11, 15, 19]));
        let placed = placements("（一）公开             7   8   9", Metric::Chars, &common);
        let digits: Vec<(usize, char)> =
            placed.iter().filter(|(_, _, c)| c.is_ascii_digit()).map(|&(col, _, c)| (col, c)).collect();
        assert_eq!(digits, vec![(11, '7'), (15, '8'), (19, '9')]);
        // No room left of the labels: kept where printed.
        let placed = placements("（一）予以公开予以公开  7   8   9", Metric::Chars, &common);
        assert_eq!(placed.iter().find(|(_, _, c)| *c == '7').map(|p| p.0), Some(13));
    }
}
