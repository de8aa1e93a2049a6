//! Simple fonts' encodings: the character each one-byte code stands for, by the encoding a
//! font names (PDF 32000-1 annex D), its `/Differences` by glyph name (the Adobe Glyph List),
//! or its built-in encoding (the standard fonts' own, or an embedded Type 1 or CFF program's).
//!
//! `glyphlist.txt` is the Adobe Glyph List 2.0 as Adobe publishes it (its licence at its top);
//! `tables.rs` is written by `tables.pl` from Unicode's mappings of Adobe's encodings.

mod cff;
mod tables;

pub use cff::cff_encoding;

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// An encoding a simple font's codes may follow before its `/Differences`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    /// PDFDocEncoding: for text strings, not fonts, but read when a font names it.
    PdfDoc,
    /// The Symbol font's built-in encoding.
    Symbol,
    /// The ZapfDingbats font's built-in encoding.
    Dingbats,
}

impl BaseEncoding {
    /// The encoding an `/Encoding` or `/BaseEncoding` name stands for.
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"PDFDocEncoding" => Some(BaseEncoding::PdfDoc),
            _ => None,
        }
    }

    /// The built-in encoding of a standard symbolic font, by its `/BaseFont` (subset tag and
    /// style suffix aside): Symbol and ZapfDingbats and the metric-compatible fonts that stand
    /// in for them.
    pub fn of_symbolic_font(base_font: &str) -> Option<BaseEncoding> {
        let name = match base_font.split_once('+') {
            Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
            _ => base_font,
        };
        let family = name.split([',', '-']).next().unwrap_or(name);
        match family {
            "Symbol" | "SymbolMT" | "StandardSymL" | "StandardSymbolsPS" => Some(BaseEncoding::Symbol),
            "ZapfDingbats" | "ZapfDingbatsITC" | "Dingbats" | "D050000L" => Some(BaseEncoding::Dingbats),
            _ => None,
        }
    }

    pub fn char(self, code: u8) -> Option<char> {
        let from = |table: &[char; 256]| Some(table[code as usize]).filter(|c| *c != '\0');
        match self {
            BaseEncoding::Standard => from(&tables::STANDARD),
            BaseEncoding::WinAnsi => win_ansi(code),
            BaseEncoding::MacRoman => mac_roman(code),
            BaseEncoding::PdfDoc => pdf_doc(code),
            BaseEncoding::Symbol => from(&tables::SYMBOL),
            BaseEncoding::Dingbats => from(&tables::DINGBATS),
        }
    }

    /// Every code's text.
    pub fn table(self) -> Vec<Option<String>> {
        (0..=255u8).map(|code| self.char(code).map(String::from)).collect()
    }
}

/// WinAnsiEncoding's codes 0x80..=0x9F; the rest of the table is Latin-1.
const WIN_ANSI_HIGH: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž', '\u{FFFD}', '\u{FFFD}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}', 'ž', 'Ÿ',
];

fn win_ansi(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E | 0xA0..=0xFF => Some(code as char),
        0x80..=0x9F => Some(WIN_ANSI_HIGH[(code - 0x80) as usize]).filter(|c| *c != '\u{FFFD}'),
        _ => None,
    }
}

/// MacRomanEncoding's codes 0x80 to 0xFF (PDF 32000 annex D: 0xDB is the currency sign, 0xF0
/// is not used).
const MAC_ROMAN_HIGH: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø\
¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄¤‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{FFFD}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

fn mac_roman(code: u8) -> Option<char> {
    match code {
        0x20..=0x7E => Some(code as char),
        0x80..=0xFF => MAC_ROMAN_HIGH.chars().nth((code - 0x80) as usize).filter(|c| *c != '\u{FFFD}'),
        _ => None,
    }
}

/// PDFDocEncoding's codes 0x18..=0x1F (accents) ...
const PDF_DOC_ACCENTS: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
/// ... and 0x80..=0xA0; the rest of the table is Latin-1, 0x7F, 0x9F and 0xAD unused.
const PDF_DOC_HIGH: [char; 33] = [
    '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚', '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ',
    'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}', '€',
];

fn pdf_doc(code: u8) -> Option<char> {
    match code {
        0x18..=0x1F => Some(PDF_DOC_ACCENTS[(code - 0x18) as usize]),
        0x20..=0x7E | 0xA1..=0xAC | 0xAE..=0xFF => Some(code as char),
        0x80..=0xA0 => Some(PDF_DOC_HIGH[(code - 0x80) as usize]).filter(|c| *c != '\u{FFFD}'),
        _ => None,
    }
}

/// A PDF text string (an `/ActualText`, a title): UTF-16BE after its byte-order mark, UTF-8
/// after its own (PDF 2.0), else PDFDocEncoding (PDF 32000-1 7.9.2.2).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])).collect();
        return char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect();
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| pdf_doc(b).unwrap_or('\u{FFFD}')).collect()
}

/// Text as it reads and compares: the ligatures and presentation forms of Unicode's
/// compatibility blocks (`ﬁ`, Arabic and Hebrew letters in their joined shapes, `ﻻ`) are
/// spelled out as the letters they are, so that words read as typed (`Pacific`, not `Paciﬁc`).
pub fn spelled_out(text: &str) -> String {
    fn presentation_form(c: char) -> bool {
        matches!(c, '\u{FB00}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
    }
    if !text.chars().any(presentation_form) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if presentation_form(c) {
            out.extend(std::iter::once(c).nfkc());
        } else {
            out.push(c);
        }
    }
    out
}

/// Glyph names read otherwise than the Adobe Glyph List says, so that text reads as typed:
/// a minus sign in a number as the hyphen-minus numbers are written with, a no-break space as
/// a space, and the Greek letters the AGL gives as the signs of the same shape (Ohm, increment,
/// micro) as the letters.
const NAME_OVERRIDES: [(&str, &str); 6] =
    [("minus", "-"), ("nbspace", " "), ("Omega", "Ω"), ("Delta", "Δ"), ("mu", "μ"), ("st", "st")];

/// Suffixes of glyph names the AGL maps into the private use area (small capitals, old-style
/// figures, superior and inferior letters): the glyph reads as the letter it is a form of.
const FORM_SUFFIXES: [&str; 4] = ["small", "oldstyle", "superior", "inferior"];

fn glyph_list() -> &'static HashMap<&'static str, &'static str> {
    static LIST: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("glyphlist.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once(';'))
            .collect()
    })
}

fn private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// One code point written in hex (`0041`), a Unicode scalar value outside the surrogates.
fn scalar(hex: &str) -> Option<char> {
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

/// A name of the Adobe Glyph List.
fn listed(name: &str) -> Option<String> {
    let codes = glyph_list().get(name)?;
    let text: String = codes.split(' ').map(scalar).collect::<Option<_>>()?;
    if !text.chars().any(private_use) {
        return Some(text);
    }
    // Forms of letters and figures read as their letter or figure; the sans and serif forms
    // of the Symbol font's signs as the signs.
    if let Some(stem) = FORM_SUFFIXES.iter().find_map(|s| name.strip_suffix(s)).filter(|s| !s.is_empty()) {
        return component(stem);
    }
    let sign = match name {
        "copyrightsans" | "copyrightserif" => "©",
        "registersans" | "registerserif" => "®",
        "trademarksans" | "trademarkserif" => "™",
        _ => return None,
    };
    Some(sign.to_string())
}

/// One component of a glyph name (the AGL specification's step 3).
fn component(name: &str) -> Option<String> {
    if let Some((_, text)) = NAME_OVERRIDES.iter().find(|(n, _)| *n == name) {
        return Some(text.to_string());
    }
    if let Some(text) = listed(name) {
        return Some(text);
    }
    // `uni` and four hex digits for each character (`uni0041`, `uni00660069`), a tolerated
    // five or six for one beyond the BMP.
    if let Some(hex) = name.strip_prefix("uni") {
        if !hex.is_empty() && hex.len().is_multiple_of(4) {
            return (0..hex.len()).step_by(4).map(|i| hex.get(i..i + 4).and_then(scalar)).collect();
        }
        if (5..=6).contains(&hex.len()) {
            return scalar(hex).map(String::from);
        }
    }
    // `u` and four to six hex digits for one character (`u1F600`).
    if let Some(hex) = name.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        if let Some(c) = scalar(hex) {
            return Some(c.to_string());
        }
    }
    // A lone letter or digit names itself (`1`, as some writers name figures).
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Some(c.to_string()),
        _ => None,
    }
}

/// The text a glyph name stands for, by the Adobe Glyph List specification: what follows the
/// first period is a variant's suffix (`a.sc`, `one.alt`), underscores join the components of
/// a ligature (`f_f_i`), and each component is a name of the list, `uniXXXX` or `uXXXX[XX]`.
/// `None` when a component names nothing known.
pub fn glyph_text(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or_default();
    if base.is_empty() {
        return None;
    }
    base.split('_').map(component).collect()
}

/// Bytes of a Type 1 program read for its cleartext: its header, font information and
/// encoding take a few KiB; the encrypted part after `eexec` is never needed.
pub const MAX_TYPE1_CLEARTEXT_BYTES: usize = 64 * 1024;
/// Largest Type 1 program decoded whole, when its filter cannot be read a prefix at a time: a
/// full Latin font is under 100 KiB.
const MAX_TYPE1_PROGRAM_BYTES: usize = 4 * 1024 * 1024;

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A font program stream's bytes, at most [`MAX_TYPE1_PROGRAM_BYTES`] of them decoded.
pub fn font_program(stream: &lopdf::Stream) -> Option<Vec<u8>> {
    stream.decompressed_content_with_limit(MAX_TYPE1_PROGRAM_BYTES).ok().or_else(|| {
        (!stream.dict.has(b"Filter"))
            .then(|| stream.content[..stream.content.len().min(MAX_TYPE1_PROGRAM_BYTES)].to_vec())
    })
}

/// The cleartext part of a Type 1 font program stream (`/FontFile`): its bytes up to
/// `eexec`, at most [`MAX_TYPE1_CLEARTEXT_BYTES`]. `None` when its filters fail.
pub fn type1_cleartext(stream: &lopdf::Stream) -> Option<Vec<u8>> {
    let filter = stream.dict.get(b"Filter").ok();
    let flate_only = match filter {
        Some(lopdf::Object::Name(name)) => name == b"FlateDecode",
        Some(lopdf::Object::Array(items)) => {
            items.len() == 1 && items[0].as_name().ok() == Some(b"FlateDecode".as_slice())
        }
        _ => false,
    };
    let mut data = if filter.is_none() {
        stream.content[..stream.content.len().min(MAX_TYPE1_CLEARTEXT_BYTES)].to_vec()
    } else if flate_only && !stream.dict.has(b"DecodeParms") {
        // Only the first bytes are needed: inflate no further than them.
        let mut data = Vec::new();
        flate2::read::ZlibDecoder::new(stream.content.as_slice())
            .take(MAX_TYPE1_CLEARTEXT_BYTES as u64)
            .read_to_end(&mut data)
            .ok()?;
        data
    } else {
        let mut data = stream.decompressed_content_with_limit(MAX_TYPE1_PROGRAM_BYTES).ok()?;
        data.truncate(MAX_TYPE1_CLEARTEXT_BYTES);
        data
    };
    if let Some(end) = find(&data, b"eexec") {
        data.truncate(end + b"eexec".len());
    }
    Some(data)
}

/// A Type 1 program's built-in encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuiltIn {
    Standard,
    /// The glyph name of each code it encodes.
    Names(Vec<(u8, String)>),
}

/// Tokens of a Type 1 cleartext read after `/Encoding` before giving up on finding its end:
/// a full encoding is 256 `dup code /name put` lines, four tokens each.
const MAX_ENCODING_TOKENS: usize = 4 * 256 + 64;

/// A PostScript token, as far as an encoding needs them.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Name(&'a [u8]),
    Int(i64),
    Word(&'a [u8]),
}

fn ps_tokens(data: &[u8]) -> impl Iterator<Item = Token<'_>> {
    let delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
    let mut i = 0;
    std::iter::from_fn(move || loop {
        let b = *data.get(i)?;
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b == b'%' {
            while data.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                i += 1;
            }
        } else if b"()<>[]{}".contains(&b) {
            // Strings and procedures hold nothing an encoding is made of; their delimiters
            // are passed over as words of their own.
            i += 1;
            return Some(Token::Word(&data[i - 1..i]));
        } else {
            let start = i;
            i += 1;
            while data.get(i).is_some_and(|&c| !delimiter(c)) {
                i += 1;
            }
            let word = &data[start..i];
            if let Some(name) = word.strip_prefix(b"/") {
                return Some(Token::Name(name));
            }
            match std::str::from_utf8(word).ok().and_then(|w| w.parse::<i64>().ok()) {
                Some(n) => return Some(Token::Int(n)),
                None => return Some(Token::Word(word)),
            }
        }
    })
}

/// The built-in encoding a Type 1 program's cleartext defines: `/Encoding StandardEncoding
/// def`, or an array filled by `dup code /name put`. `None` when it defines neither.
pub fn type1_encoding(cleartext: &[u8]) -> Option<BuiltIn> {
    let start = find(cleartext, b"/Encoding")? + b"/Encoding".len();
    let mut tokens = ps_tokens(&cleartext[start..]).take(MAX_ENCODING_TOKENS);
    let mut recent: Vec<Token> = Vec::with_capacity(4);
    let mut names = Vec::new();
    match tokens.next()? {
        Token::Word(b"StandardEncoding") => return Some(BuiltIn::Standard),
        first => recent.push(first),
    }
    for token in tokens {
        match &token {
            Token::Word(b"def") => break,
            Token::Word(b"put") => {
                if let [.., Token::Word(b"dup"), Token::Int(code), Token::Name(name)] = recent.as_slice() {
                    if let Ok(code) = u8::try_from(*code) {
                        names.push((code, String::from_utf8_lossy(name).into_owned()));
                    }
                }
            }
            _ => {}
        }
        if recent.len() == 3 {
            recent.remove(0);
        }
        recent.push(token);
    }
    (!names.is_empty()).then_some(BuiltIn::Names(names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_encoding_differs_from_latin_1_where_the_spec_says() {
        let read =
            |codes: &[u8]| -> String { codes.iter().map(|&c| BaseEncoding::Standard.char(c).unwrap_or('?')).collect() };
        assert_eq!(read(b"\x27Tis \x60\x60ok\x27\x27"), "’Tis ‘‘ok’’");
        assert_eq!(read(b"\xAE\xAF \xE1\xF5\xFB \xD0\xB1 \xAA\xBA \xA9\xC1"), "ﬁﬂ Æıß —– “” '`");
        assert_eq!(BaseEncoding::Standard.char(0xE9), Some('Ø'));
        assert_eq!(BaseEncoding::Standard.char(0x80), None);
        assert_eq!(BaseEncoding::Standard.char(0xA0), None);
    }

    #[test]
    fn the_symbol_and_dingbats_fonts_read_by_their_own_encodings() {
        let read = |base: BaseEncoding, codes: &[u8]| -> String {
            codes.iter().map(|&c| base.char(c).unwrap_or('?')).collect()
        };
        assert_eq!(
            read(BaseEncoding::Symbol, b"abgdpmW \xB3\xA3\xB9 \xA5\xD6\xE5\xF2 \xB1\xB4"),
            "αβγδπμΩ ≥≤≠ ∞√∑∫ ±×"
        );
        assert_eq!(read(BaseEncoding::Dingbats, b"34l\x80\x8D"), "✓✔●❨❵");
        assert_eq!(BaseEncoding::of_symbolic_font("ABCDEF+SymbolMT"), Some(BaseEncoding::Symbol));
        assert_eq!(BaseEncoding::of_symbolic_font("Symbol,Bold"), Some(BaseEncoding::Symbol));
        assert_eq!(BaseEncoding::of_symbolic_font("ZapfDingbats"), Some(BaseEncoding::Dingbats));
        assert_eq!(BaseEncoding::of_symbolic_font("Times-Roman"), None);
        // No private-use code point is read as text.
        for base in [BaseEncoding::Symbol, BaseEncoding::Dingbats, BaseEncoding::Standard] {
            assert!((0..=255u8).filter_map(|c| base.char(c)).all(|c| !private_use(c) && !c.is_control()), "{base:?}");
        }
    }

    #[test]
    fn pdf_doc_encoding_reads_its_own_codes() {
        let read: String = b"\x8D\x93\x94\x8E \x84 \x18\x19 \xA0\xE9 \x92"
            .iter()
            .map(|&c| BaseEncoding::PdfDoc.char(c).unwrap_or('?'))
            .collect();
        assert_eq!(read, "“ﬁﬂ” — ˘ˇ €é ™");
        assert_eq!(BaseEncoding::PdfDoc.char(0x9F), None);
        assert_eq!(BaseEncoding::PdfDoc.char(0xAD), None);
    }

    #[test]
    fn mac_roman_codes_read_as_mac_roman() {
        let codes = b"Mar\x92a \x8e\x9f \xd2\xd3 \xdb";
        let read: String = codes.iter().map(|&b| mac_roman(b).unwrap_or('?')).collect();
        assert_eq!(read, "María éü “” ¤");
        assert_eq!(MAC_ROMAN_HIGH.chars().count(), 128);
        assert_eq!(mac_roman(0xF0), None);
    }

    #[test]
    fn glyph_names_read_by_the_adobe_glyph_list_rules() {
        for (name, text) in [
            ("A", "A"),
            ("eacute", "é"),
            ("Ydieresis", "Ÿ"),
            ("Euro", "€"),
            ("exclamdown", "¡"),
            ("quoteright", "’"),
            ("dotlessi", "ı"),
            // Greek, Cyrillic, Hebrew and Arabic by their names and their afii numbers.
            ("alpha", "α"),
            ("Omega", "Ω"),
            ("mu", "μ"),
            ("afii10017", "А"),
            ("afii10066", "б"),
            ("alef", "א"),
            ("bet", "ב"),
            ("afii57664", "א"),
            ("afii57409", "ء"),
            ("afii57416", "ب"),
            ("afii57415", "ا"),
            ("dalethatafpatah", "\u{05D3}\u{05B2}"),
            // Code points by name.
            ("uni0041", "A"),
            ("uni00660069", "fi"),
            ("uni05D0", "א"),
            ("u1F600", "😀"),
            ("u05D0", "א"),
            // Ligatures by their components, variants by their base name.
            ("f_i", "fi"),
            ("f_f_l", "ffl"),
            ("T_h", "Th"),
            ("a.sc", "a"),
            ("one.alt", "1"),
            ("f_i.liga", "fi"),
            ("uni0041.001", "A"),
            // Forms the list puts in the private use area read as their letters.
            ("Asmall", "A"),
            ("Adieresissmall", "Ä"),
            ("zerooldstyle", "0"),
            ("copyrightsans", "©"),
            // Read as typed.
            ("minus", "-"),
            ("nbspace", " "),
            ("7", "7"),
        ] {
            assert_eq!(glyph_text(name).as_deref(), Some(text), "{name}");
        }
        for unknown in ["notaglyph", ".notdef", "g123", "uniD800", "uni12", "f_notaglyph", "parenlefttp"] {
            assert_eq!(glyph_text(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn ligatures_and_presentation_forms_read_as_their_letters() {
        for (name, letters) in [("fi", "fi"), ("f_f_i", "ffi"), ("fl", "fl"), ("ffl", "ffl"), ("uniFB01", "fi")] {
            let text = glyph_text(name).expect(name);
            assert_eq!(spelled_out(&text), letters, "{name}");
        }
        assert_eq!(spelled_out("Paci\u{FB01}c o\u{FB03}ce \u{FB06}"), "Pacific office st");
        assert_eq!(spelled_out("数量"), "数量");
        // Arabic letters in their joined shapes, the lam-alef ligature, Hebrew wide letters.
        assert_eq!(spelled_out("\u{FEE3}\u{FEAE}\u{FEA3}\u{FE92}\u{FE8E}"), "مرحبا");
        assert_eq!(spelled_out("\u{FEFB}"), "لا");
        assert_eq!(spelled_out("\u{FB21}"), "א");
    }

    #[test]
    fn a_type1_program_s_cleartext_gives_its_built_in_encoding() {
        let program = b"%!PS-AdobeFont-1.0: CMR10 003.002\n/FontName /CMR10 def\n\
            /Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
            dup 11 /ff put\ndup 12 /fi put\ndup 39 /quoteright put\ndup 65 /A put\n\
            readonly def\ncurrentdict end\ncurrentfile eexec\n\xD9\xD6\x8F\x2A dup 66 /B put";
        let names =
            vec![(11, "ff".to_string()), (12, "fi".to_string()), (39, "quoteright".to_string()), (65, "A".to_string())];
        assert_eq!(type1_encoding(program), Some(BuiltIn::Names(names)));
        assert_eq!(
            type1_encoding(b"/FontName /Times def /Encoding StandardEncoding def currentfile eexec"),
            Some(BuiltIn::Standard)
        );
        assert_eq!(type1_encoding(b"/FontName /X def"), None);
        assert_eq!(type1_encoding(b"/Encoding 256 array dup 300 /A put dup -1 /B put readonly def"), None);
        // The stream is cut at `eexec`, whatever its filter.
        let plain = lopdf::Stream::new(lopdf::Dictionary::new(), program.to_vec());
        let mut deflated = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut deflated, program).expect("deflate");
        let flated =
            lopdf::Stream::new(lopdf::dictionary! { "Filter" => "FlateDecode" }, deflated.finish().expect("deflate"));
        for stream in [plain, flated] {
            let text = type1_cleartext(&stream).expect("cleartext");
            assert!(text.ends_with(b"currentfile eexec"), "{}", String::from_utf8_lossy(&text));
        }
    }
}
