//! Right-to-left text in reading order. A PDF places each glyph where it is seen, so a line
//! read left to right gives Hebrew and Arabic in visual order: every word backwards, the words
//! of a right-to-left sentence last to first. [`reading_order`] turns one line back into
//! logical order, a minimal inverse of the Unicode bidirectional algorithm: numbers and
//! left-to-right words inside right-to-left text keep their order, brackets their sense.
//!
//! It works on units (a glyph's text, a space between words) rather than characters, so that
//! what one glyph stands for (`لا` of the lam-alef ligature, a letter with its marks) stays as
//! the font gives it. unicode-bidi supplies the characters' classes; its reordering goes the
//! other way (logical to visual), which is why the reversal is done here.

use unicode_bidi::{bidi_class, BidiClass};

/// A unit's part in reordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Hebrew, Arabic and the other right-to-left letters.
    Rtl,
    /// Latin, CJK and the other left-to-right letters.
    Ltr,
    /// Digits, with the signs that belong to a number (`1,234.5`, `50%`, `-3`).
    Number,
    /// Spaces and punctuation: they take the direction of the text around them.
    Neutral,
}

/// Characters that are neither right-to-left nor a combining mark for certain, without a
/// table look-up: Latin up to the combining diacritics, and CJK with its punctuation and
/// full-width forms (the kana voiced marks and ideographic tone marks left out: they
/// combine), the text this reads most.
fn plainly_ltr(c: char) -> bool {
    c < '\u{0300}'
        || ('\u{3000}'..='\u{3029}').contains(&c)
        || ('\u{3030}'..='\u{3098}').contains(&c)
        || ('\u{309B}'..='\u{9FFF}').contains(&c)
        || ('\u{AC00}'..='\u{D7AF}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

fn is_rtl_char(c: char) -> bool {
    !plainly_ltr(c) && matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// Whether the text holds a right-to-left letter.
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(is_rtl_char)
}

/// Whether the text is combining marks alone (an accent, a vowel point), printed over the
/// glyph they belong to.
pub fn is_mark(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| !plainly_ltr(c) && bidi_class(c) == BidiClass::NSM)
}

fn kind(unit: &str) -> (Kind, Option<BidiClass>) {
    let first = unit.chars().next().map(bidi_class);
    let mut number = false;
    for c in unit.chars() {
        match bidi_class(c) {
            BidiClass::R | BidiClass::AL => return (Kind::Rtl, first),
            BidiClass::L => return (Kind::Ltr, first),
            BidiClass::EN | BidiClass::AN => number = true,
            _ => {}
        }
    }
    (if number { Kind::Number } else { Kind::Neutral }, first)
}

/// Each unit's kind, with the signs of a number joined to it: a separator between two digits
/// (`1,234`, `3.5`, `1-2`, the algorithm's rule W4) and the signs next to one (`50%`, `$5`,
/// rule W5). A plus or minus sign next to digits is taken as the number's own (`-4.3` in a
/// column of figures), where the algorithm would leave it to the text around.
fn kinds(units: &[String]) -> Vec<Kind> {
    let classed: Vec<(Kind, Option<BidiClass>)> = units.iter().map(|u| kind(u)).collect();
    let mut kinds: Vec<Kind> = classed.iter().map(|(k, _)| *k).collect();
    let class = |i: usize| classed[i].1;
    for i in 1..units.len().saturating_sub(1) {
        let separator = matches!(class(i), Some(BidiClass::CS | BidiClass::ES));
        if kinds[i] == Kind::Neutral && separator && kinds[i - 1] == Kind::Number && kinds[i + 1] == Kind::Number {
            kinds[i] = Kind::Number;
        }
    }
    let sign = |i: usize| number_sign(class(i));
    // Signs spread from a number over the signs next to it, both ways.
    for i in 1..units.len() {
        if kinds[i] == Kind::Neutral && sign(i) && kinds[i - 1] == Kind::Number {
            kinds[i] = Kind::Number;
        }
    }
    for i in (0..units.len().saturating_sub(1)).rev() {
        if kinds[i] == Kind::Neutral && sign(i) && kinds[i + 1] == Kind::Number {
            kinds[i] = Kind::Number;
        }
    }
    kinds
}

/// A sign that belongs to the number it stands next to: `%`, `$`, `°`, `+`, `-`.
fn number_sign(class: Option<BidiClass>) -> bool {
    matches!(class, Some(BidiClass::ET | BidiClass::ES))
}

/// Brackets and the other paired signs a right-to-left run shows mirrored: the glyph seen as
/// `(` closes a parenthesis there.
fn mirrored(unit: &str) -> String {
    const PAIRS: [(char, char); 8] =
        [('(', ')'), ('[', ']'), ('{', '}'), ('<', '>'), ('«', '»'), ('‹', '›'), ('≤', '≥'), ('⟨', '⟩')];
    unit.chars()
        .map(|c| {
            PAIRS
                .iter()
                .find_map(|&(a, b)| {
                    if c == a {
                        Some(b)
                    } else if c == b {
                        Some(a)
                    } else {
                        None
                    }
                })
                .unwrap_or(c)
        })
        .collect()
}

/// A line's units, given left to right as placed, in reading order. A line with no
/// right-to-left letter is left as it is. A line with more right-to-left letters than
/// left-to-right ones reads from the right: its runs of left-to-right words and numbers keep
/// their order inside it. Otherwise it reads from the left, each right-to-left run inside it
/// reversed (numbers in the run keeping theirs).
pub fn reading_order(units: Vec<String>) -> Vec<String> {
    if !units.iter().any(|u| has_rtl(u)) {
        return units;
    }
    let kinds = kinds(&units);
    let count = |wanted: Kind| -> usize {
        units.iter().zip(&kinds).filter(|(_, k)| **k == wanted).map(|(u, _)| u.chars().count()).sum()
    };
    let (rtl, ltr) = (count(Kind::Rtl), count(Kind::Ltr));
    // An even count goes to the side whose letter ends the line on the right: where a
    // right-to-left line begins.
    let rightmost_rtl = kinds.iter().rev().find(|k| matches!(k, Kind::Rtl | Kind::Ltr)) == Some(&Kind::Rtl);
    if rtl > ltr || (rtl == ltr && rightmost_rtl) {
        from_the_right(units, &kinds)
    } else {
        from_the_left(units, &kinds)
    }
}

/// A right-to-left line: read from its right end, a left-to-right run as it stands. A run of
/// left-to-right words and numbers spans the spaces and signs between them once it holds a
/// word (`Jeremy 47`: a number after a word reads after it), but two numbers with a space
/// between are two runs (rule N1 counts numbers as right-to-left there).
fn from_the_right(units: Vec<String>, kinds: &[Kind]) -> Vec<String> {
    let n = units.len();
    // run_start[i]: where the left-to-right run that ends at unit i starts.
    let mut run_start: Vec<Option<usize>> = vec![None; n];
    let mut i = 0;
    while i < n {
        if !matches!(kinds[i], Kind::Ltr | Kind::Number) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut has_word = kinds[i] == Kind::Ltr;
        let mut j = i + 1;
        while j < n {
            match kinds[j] {
                Kind::Ltr => has_word = true,
                Kind::Number if j == end + 1 || has_word => {}
                Kind::Number => break,
                Kind::Neutral => {
                    j += 1;
                    continue;
                }
                Kind::Rtl => break,
            }
            end = j;
            j += 1;
        }
        run_start[end] = Some(start);
        i = end + 1;
    }
    let mut slots: Vec<Option<String>> = units.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(n);
    let mut i = n;
    while i > 0 {
        i -= 1;
        match run_start[i] {
            Some(start) => {
                out.extend((start..=i).filter_map(|k| slots[k].take()));
                i = start;
            }
            None => out.extend(slots[i].take().map(|u| mirrored(&u))),
        }
    }
    out
}

/// A left-to-right line: each right-to-left run (from a right-to-left letter to the last one
/// before a left-to-right letter, with the spaces, signs and numbers between) reversed, the
/// numbers in it keeping their order.
fn from_the_left(units: Vec<String>, kinds: &[Kind]) -> Vec<String> {
    let n = units.len();
    let mut slots: Vec<Option<String>> = units.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        if kinds[i] != Kind::Rtl {
            out.extend(slots[i].take());
            i += 1;
            continue;
        }
        let mut end = i;
        let mut j = i + 1;
        while j < n && kinds[j] != Kind::Ltr {
            if kinds[j] == Kind::Rtl {
                end = j;
            }
            j += 1;
        }
        let mut k = end + 1;
        while k > i {
            k -= 1;
            if kinds[k] == Kind::Number {
                let mut first = k;
                while first > i && kinds[first - 1] == Kind::Number {
                    first -= 1;
                }
                out.extend((first..=k).filter_map(|m| slots[m].take()));
                k = first;
            } else {
                out.extend(slots[k].take().map(|u| mirrored(&u)));
            }
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_plainly_left_to_right_is_neither_right_to_left_nor_a_mark() {
        let wrong: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| plainly_ltr(c) && matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::NSM))
            .collect();
        assert_eq!(wrong, []);
    }

    /// The text's characters as units, read in reading order.
    fn read(visual: &str) -> String {
        reading_order(visual.chars().map(String::from).collect()).concat()
    }

    /// The text as a left-to-right display shows it: each character reversed in order, as
    /// glyphs of a right-to-left line stand.
    fn backwards(text: &str) -> String {
        text.chars().rev().collect()
    }

    #[test]
    fn left_to_right_text_is_left_alone() {
        for text in ["Annual report 2023: 85 requests", "一、总体情况（1234 条）", "", "(a) [b] {c}"] {
            assert_eq!(read(text), text);
        }
    }

    #[test]
    fn a_right_to_left_line_reads_from_the_right() {
        assert_eq!(read(&backwards("שלום עולם")), "שלום עולם");
        assert_eq!(read(&backwards("اسمي سلطان")), "اسمي سلطان");
    }

    #[test]
    fn numbers_and_latin_words_keep_their_order_in_right_to_left_text() {
        // Seen: `קטט 47 ידנע` (the number as written, the words backwards).
        assert_eq!(read("ططق 47 يدنع"), "عندي 47 قطط");
        assert_eq!(read(&format!("{} 2024 {}", backwards("בשנת"), backwards("הדוח"))), "הדוח 2024 בשנת");
        assert_eq!(read(&format!("{} Jeremy {}", backwards("في"), backwards("اسمي"))), "اسمي Jeremy في");
        assert_eq!(read(&format!("New York {}", backwards("אני גר בעיר"))), "אני גר בעיר New York");
        // Signs of a number stay with it; two numbers apart read right one first.
        assert_eq!(read(&format!("{} 1,234.5 {}", backwards("סך"), backwards("הכל"))), "הכל 1,234.5 סך");
        assert_eq!(read(&format!("50% {}", backwards("הנחה"))), "הנחה 50%");
        assert_eq!(read(&format!("20 10 {}", backwards("בין"))), "בין 10 20");
    }

    #[test]
    fn right_to_left_words_in_a_left_to_right_line_are_reversed_in_place() {
        assert_eq!(read(&format!("Jeremy is {} in Arabic", backwards("جرمي"))), "Jeremy is جرمي in Arabic");
        assert_eq!(read(&format!("The {} is long", backwards("שלום עולם"))), "The שלום עולם is long");
        assert_eq!(
            read(&format!("The year {} was good", backwards("שנה 2024 טובה").replace("4202", "2024"))),
            "The year שנה 2024 טובה was good"
        );
    }

    #[test]
    fn brackets_of_right_to_left_text_keep_their_sense() {
        // `(שלום)` is seen as `(םולש)`: the glyph at the left closes the parenthesis.
        assert_eq!(read("(םולש) רמא"), "אמר (שלום)");
        assert_eq!(read("Say (םולש) now"), "Say (שלום) now");
    }

    #[test]
    fn a_glyph_s_text_stays_whole() {
        // The lam-alef ligature's glyph stands for two letters, in their logical order.
        let units: Vec<String> = ["ة", "ي", "ز", "ي", "ل", "ج", "ن", "لا", "ا"].iter().map(|s| s.to_string()).collect();
        assert_eq!(reading_order(units).concat(), "الانجليزية");
    }

    #[test]
    fn marks_and_directions_are_told_apart() {
        assert!(is_mark("\u{064B}") && is_mark("\u{05B4}") && is_mark("\u{0301}"));
        assert!(!is_mark("a") && !is_mark("") && !is_mark("数") && !is_mark("\u{0627}"));
        assert!(has_rtl("abc ש") && has_rtl("ا") && !has_rtl("abc 123 数量"));
    }
}
