//! CMaps: how a font's byte codes split into character codes, and what text each code is.
//!
//! Two sources: a font's embedded `/ToUnicode` stream, and the predefined CMaps that
//! non-embedded Chinese fonts name (`UniGB-UCS2-H`, `GBK-EUC-H`, …), whose codes are
//! UTF-16 or GBK bytes and can be decoded directly.

use std::collections::HashMap;

use super::objects::Stop;

/// Byte ranges a code may take, from `begincodespacerange`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CodeRange {
    low: Vec<u8>,
    high: Vec<u8>,
}

impl CodeRange {
    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() >= self.low.len()
            && (0..self.low.len()).all(|i| bytes[i] >= self.low[i] && bytes[i] <= self.high[i])
    }
}

/// A parsed `/ToUnicode` CMap.
#[derive(Debug, Clone, Default)]
pub struct ToUnicode {
    ranges: Vec<CodeRange>,
    map: HashMap<u32, String>,
    /// Code length used when no codespace range matches.
    default_len: usize,
}

/// Largest number of codes one bfrange may expand to; a larger one is damage, not a font.
const MAX_RANGE_CODES: u32 = 0x1_0000;
/// Codes one CMap may map in all: a font has at most 65536 glyphs, so this is damage or an
/// attack (overlapping ranges), and it bounds the work of parsing.
pub const MAX_CMAP_CODES: usize = 1 << 20;
/// Codes mapped between two checks of the time limit.
const CHECK_EVERY: usize = 4096;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Int(i64),
    Word(String),
    Open,
    Close,
}

fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let start = i + 1;
                let end = data[start..].iter().position(|&c| c == b'>').map_or(data.len(), |p| start + p);
                let digits: Vec<u8> = data[start..end].iter().copied().filter(u8::is_ascii_hexdigit).collect();
                let mut bytes = Vec::with_capacity(digits.len() / 2 + 1);
                for pair in digits.chunks(2) {
                    let hi = (pair[0] as char).to_digit(16).unwrap_or(0) as u8;
                    let lo = pair.get(1).map_or(0, |c| (*c as char).to_digit(16).unwrap_or(0) as u8);
                    bytes.push(hi << 4 | lo);
                }
                tokens.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                tokens.push(Token::Open);
                i += 1;
            }
            b']' => {
                tokens.push(Token::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings hold names and registry text here; skip them with nesting.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !data[i].is_ascii_whitespace() && !b"<>[]()%/".contains(&data[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1; // a lone '/' or stray delimiter
                    continue;
                }
                let word = String::from_utf8_lossy(&data[start..i]).into_owned();
                match word.parse::<i64>() {
                    Ok(n) => tokens.push(Token::Int(n)),
                    Err(_) => tokens.push(Token::Word(word)),
                }
            }
        }
    }
    tokens
}

fn code_value(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |acc, &b| acc << 8 | b as u32)
}

/// UTF-16BE bytes as text; unpaired surrogates become U+FFFD.
pub fn utf16be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks(2).map(|c| (c[0] as u16) << 8 | *c.get(1).unwrap_or(&0) as u16).collect();
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

/// Adds `offset` to the last code unit of a UTF-16BE destination, as bfrange does.
fn offset_utf16(dst: &[u8], offset: u32) -> String {
    let mut bytes = dst.to_vec();
    if bytes.len() >= 2 {
        let n = bytes.len();
        let last = ((bytes[n - 2] as u32) << 8 | bytes[n - 1] as u32).wrapping_add(offset);
        bytes[n - 2] = (last >> 8) as u8;
        bytes[n - 1] = last as u8;
    } else if let Some(b) = bytes.last_mut() {
        *b = b.wrapping_add(offset as u8);
    }
    utf16be(&bytes)
}

impl ToUnicode {
    /// Parses a ToUnicode stream. Whatever cannot be read is skipped; a CMap mapping more
    /// than [`MAX_CMAP_CODES`] codes is refused, and the time limit is checked as it goes.
    pub fn parse(data: &[u8]) -> Result<ToUnicode, Stop> {
        let tokens = tokenize(data);
        let mut cmap = ToUnicode { default_len: 2, ..Default::default() };
        let mut inserted = 0usize;
        let mut insert = |map: &mut HashMap<u32, String>, code: u32, text: String| -> Result<(), Stop> {
            inserted += 1;
            if inserted > MAX_CMAP_CODES {
                return Err(Stop::Page(format!("its CMap maps more than {MAX_CMAP_CODES} codes")));
            }
            if inserted.is_multiple_of(CHECK_EVERY) {
                crate::deadline::check()?;
            }
            map.insert(code, text);
            Ok(())
        };
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Word(w) if w == "begincodespacerange" => {
                    i += 1;
                    while let (Some(Token::Hex(low)), Some(Token::Hex(high))) = (tokens.get(i), tokens.get(i + 1)) {
                        if low.len() == high.len() && !low.is_empty() {
                            cmap.ranges.push(CodeRange { low: low.clone(), high: high.clone() });
                        }
                        i += 2;
                    }
                }
                Token::Word(w) if w == "beginbfchar" => {
                    i += 1;
                    while let (Some(Token::Hex(src)), Some(Token::Hex(dst))) = (tokens.get(i), tokens.get(i + 1)) {
                        insert(&mut cmap.map, code_value(src), utf16be(dst))?;
                        cmap.note_len(src.len());
                        i += 2;
                    }
                }
                Token::Word(w) if w == "beginbfrange" => {
                    i += 1;
                    while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) = (tokens.get(i), tokens.get(i + 1)) {
                        let (low, high) = (code_value(lo), code_value(hi));
                        cmap.note_len(lo.len());
                        let count = high.saturating_sub(low).min(MAX_RANGE_CODES);
                        match tokens.get(i + 2) {
                            Some(Token::Hex(dst)) => {
                                for k in 0..=count {
                                    insert(&mut cmap.map, low.wrapping_add(k), offset_utf16(dst, k))?;
                                }
                                i += 3;
                            }
                            Some(Token::Open) => {
                                let mut j = i + 3;
                                let mut k = 0;
                                while let Some(Token::Hex(dst)) = tokens.get(j) {
                                    if k <= count {
                                        insert(&mut cmap.map, low.wrapping_add(k), utf16be(dst))?;
                                    }
                                    k += 1;
                                    j += 1;
                                }
                                i = j + 1;
                            }
                            _ => i += 2,
                        }
                    }
                }
                _ => i += 1,
            }
        }
        // Shortest codes first, as a code is read: sorted once here, not for every code.
        cmap.ranges.sort_by_key(|r| r.low.len());
        Ok(cmap)
    }

    fn note_len(&mut self, len: usize) {
        if self.ranges.is_empty() && (1..=4).contains(&len) {
            self.default_len = len;
        }
    }

    /// Length of the code starting at `bytes`.
    pub fn code_len(&self, bytes: &[u8]) -> usize {
        self.ranges.iter().find(|r| r.matches(bytes)).map_or(self.default_len, |r| r.low.len()).clamp(1, 4)
    }

    pub fn has_ranges(&self) -> bool {
        !self.ranges.is_empty()
    }

    pub fn get(&self, code: u32) -> Option<&str> {
        self.map.get(&code).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// A predefined CMap named by a non-embedded CJK font, decodable without its CMap file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predefined {
    /// `Identity-H`/`Identity-V`: two-byte codes equal to CIDs, text only through ToUnicode.
    Identity,
    /// `UniGB-UCS2-*`, `UniGB-UTF16-*` and the other `Uni*` CMaps: codes are UTF-16BE.
    Utf16,
    /// `GBK-EUC-*`, `GBK2K-*`, `GBpc-EUC-*`, `GB-EUC-*`: codes are GBK/GB18030 bytes.
    Gbk,
    /// `UniGB-UTF8-*` and friends.
    Utf8,
}

impl Predefined {
    /// The predefined CMap a name denotes, and whether it writes vertically.
    pub fn from_name(name: &str) -> Option<(Predefined, bool)> {
        let vertical = name.ends_with("-V");
        let kind = if name.starts_with("Identity") {
            Predefined::Identity
        } else if name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16")) {
            Predefined::Utf16
        } else if name.starts_with("Uni") && name.contains("UTF8") {
            Predefined::Utf8
        } else if name.starts_with("GBK")
            || name.starts_with("GBpc")
            || name.starts_with("GB-")
            || name.starts_with("GBT")
        {
            Predefined::Gbk
        } else {
            return None;
        };
        Some((kind, vertical))
    }

    /// Length of the code starting at `bytes`.
    pub fn code_len(self, bytes: &[u8]) -> usize {
        match self {
            Predefined::Identity | Predefined::Utf16 => 2,
            Predefined::Gbk => {
                if bytes.first().is_some_and(|&b| b >= 0x81) {
                    // GB18030 four-byte codes have a digit as their second byte.
                    if bytes.get(1).is_some_and(|b| b.is_ascii_digit()) {
                        4
                    } else {
                        2
                    }
                } else {
                    1
                }
            }
            Predefined::Utf8 => match bytes.first() {
                Some(b) if *b >= 0xF0 => 4,
                Some(b) if *b >= 0xE0 => 3,
                Some(b) if *b >= 0xC0 => 2,
                _ => 1,
            },
        }
    }

    /// The text of one code, where the CMap alone says it.
    pub fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            Predefined::Identity => None,
            Predefined::Utf16 => Some(utf16be(bytes)),
            Predefined::Gbk => {
                let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
                (!bad).then(|| text.into_owned())
            }
            Predefined::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bfchar_and_both_bfrange_forms() {
        let data = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0010> <4E00> endbfchar
            2 beginbfrange <0020> <0022> <0041> <0100> <0101> [<6C5F> <82CF>] endbfrange
            endcmap";
        let cmap = ToUnicode::parse(data).expect("parse");
        assert_eq!(cmap.get(0x0003), Some(" "));
        assert_eq!(cmap.get(0x0010), Some("一"));
        assert_eq!(cmap.get(0x0022), Some("C"));
        assert_eq!(cmap.get(0x0101), Some("苏"));
        assert_eq!(cmap.code_len(&[0x00, 0x10]), 2);
    }

    #[test]
    fn one_byte_codes_without_codespace() {
        let cmap = ToUnicode::parse(b"1 beginbfrange <20> <7E> <0020> endbfrange").expect("parse");
        assert_eq!(cmap.code_len(b"A"), 1);
        assert_eq!(cmap.get(0x41), Some("A"));
    }

    #[test]
    fn predefined_gb_cmaps_decode_their_bytes() {
        assert_eq!(Predefined::from_name("UniGB-UCS2-H"), Some((Predefined::Utf16, false)));
        assert_eq!(Predefined::from_name("Identity-V"), Some((Predefined::Identity, true)));
        assert_eq!(Predefined::Utf16.decode(&[0x6C, 0x5F]).as_deref(), Some("江"));
        let (gbk, _, _) = encoding_rs::GBK.encode("力");
        assert_eq!(Predefined::Gbk.code_len(&gbk), 2);
        assert_eq!(Predefined::Gbk.decode(&gbk).as_deref(), Some("力"));
        assert_eq!(Predefined::Gbk.code_len(b"A"), 1);
    }
}
