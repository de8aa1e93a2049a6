//! A content-stream lexer: operators and their operands, read straight from the bytes.
//!
//! Content streams are the bulk of a PDF's parsing work, and a general object parser spends
//! most of it allocating; this one reads only what page content holds (numbers, names,
//! strings, arrays, dictionaries, inline images) and skips what it cannot use.

use lopdf::{Dictionary, Object, StringFormat};

fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Reads a content stream's operations one by one; malformed bytes are skipped, never fatal.
pub struct Lexer<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, at: 0 }
    }

    fn skip_space(&mut self) {
        while self.at < self.data.len() {
            match self.data[self.at] {
                b if is_white(b) => self.at += 1,
                b'%' => {
                    while self.at < self.data.len() && !matches!(self.data[self.at], b'\n' | b'\r') {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.at;
        while self.at < self.data.len() && !is_white(self.data[self.at]) && !is_delimiter(self.data[self.at]) {
            self.at += 1;
        }
        &self.data[start..self.at]
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.at += 1; // (
        let mut out = Vec::new();
        let mut depth = 1;
        while self.at < self.data.len() {
            let b = self.data[self.at];
            self.at += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.at) else { break };
                    self.at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.at) == Some(&b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.data.get(self.at) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.at += 1; // <
        let mut out = Vec::new();
        // The high digit of a byte whose low digit is still to come.
        let mut high: Option<u8> = None;
        while self.at < self.data.len() && self.data[self.at] != b'>' {
            if let Some(digit) = (self.data[self.at] as char).to_digit(16) {
                match high.take() {
                    Some(h) => out.push(h << 4 | digit as u8),
                    None => high = Some(digit as u8),
                }
            }
            self.at += 1;
        }
        self.at += 1; // >
                      // An odd last digit is followed by a 0 (PDF 32000-1 7.3.4.3).
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn name(&mut self) -> Vec<u8> {
        self.at += 1; // /
        let raw = self.regular();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#' && i + 3 <= raw.len() {
                if let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(&raw[i + 1..i + 3]), 16) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
            out.push(raw[i]);
            i += 1;
        }
        out
    }

    /// One operand object, or `None` at an operator or the end.
    fn object(&mut self, depth: usize) -> Option<Object> {
        self.skip_space();
        let b = *self.data.get(self.at)?;
        Some(match b {
            b'/' => Object::Name(self.name()),
            b'(' => Object::String(self.literal_string(), StringFormat::Literal),
            b'<' if self.data.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                let mut dict = Dictionary::new();
                loop {
                    self.skip_space();
                    match self.data.get(self.at) {
                        None => break,
                        Some(b'>') => {
                            self.at += 2;
                            break;
                        }
                        Some(b'/') => {
                            let key = self.name();
                            if depth < 32 {
                                if let Some(v) = self.object(depth + 1) {
                                    dict.set(key, v);
                                }
                            }
                        }
                        Some(_) => {
                            // Not a key: skip it rather than loop on it.
                            if self.object(depth + 1).is_none() {
                                self.at += 1;
                            }
                        }
                    }
                }
                Object::Dictionary(dict)
            }
            b'<' => Object::String(self.hex_string(), StringFormat::Hexadecimal),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.data.get(self.at) {
                        None => break,
                        Some(b']') => {
                            self.at += 1;
                            break;
                        }
                        Some(_) if depth < 32 => match self.object(depth + 1) {
                            Some(v) => items.push(v),
                            // An operator keyword inside an array: skip the word.
                            None => {
                                let skipped = self.regular().len();
                                if skipped == 0 {
                                    self.at += 1;
                                }
                            }
                        },
                        Some(_) => self.at += 1,
                    }
                }
                Object::Array(items)
            }
            b')' | b'>' | b']' | b'{' | b'}' => {
                self.at += 1;
                Object::Null
            }
            _ => {
                let start = self.at;
                let word = self.regular();
                if let Some(number) = parse_number(word) {
                    return Some(number);
                }
                match word {
                    b"true" => Object::Boolean(true),
                    b"false" => Object::Boolean(false),
                    b"null" => Object::Null,
                    _ => {
                        self.at = start;
                        return None;
                    }
                }
            }
        })
    }

    /// Skips an inline image's data, from after `ID` to the `EI` that closes it.
    fn skip_inline_image(&mut self) {
        let data = self.data;
        let mut i = self.at + 1;
        while i + 2 <= data.len() {
            if &data[i..i + 2] == b"EI"
                && data.get(i.wrapping_sub(1)).is_some_and(|&b| is_white(b))
                && data.get(i + 2).is_none_or(|&b| is_white(b) || is_delimiter(b))
            {
                self.at = i + 2;
                return;
            }
            i += 1;
        }
        self.at = data.len();
    }
}

fn parse_number(word: &[u8]) -> Option<Object> {
    let first = *word.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let text = std::str::from_utf8(word).ok()?;
    if !word.contains(&b'.') {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Object::Integer(i));
        }
    }
    text.parse::<f32>().ok().filter(|f| f.is_finite()).map(Object::Real)
}

impl<'a> Lexer<'a> {
    /// The next operator, with its operands left in `operands` (cleared first), so that one
    /// buffer serves a whole stream; `None` at the end.
    pub fn next_into(&mut self, operands: &mut Vec<Object>) -> Option<&'a str> {
        operands.clear();
        loop {
            self.skip_space();
            if self.at >= self.data.len() {
                return None;
            }
            match self.object(0) {
                Some(o) => {
                    if operands.len() < 64 {
                        operands.push(o);
                    }
                }
                None => {
                    let word = self.regular();
                    if word.is_empty() {
                        // A stray delimiter: step over it.
                        self.at += 1;
                        continue;
                    }
                    let operator = std::str::from_utf8(word).unwrap_or("");
                    if operator == "ID" {
                        self.skip_inline_image();
                    }
                    return Some(operator);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Object>)> {
        let mut lexer = Lexer::new(data);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(operator) = lexer.next_into(&mut operands) {
            out.push((operator.to_string(), operands.clone()));
        }
        out
    }

    #[test]
    fn reads_operators_and_operands() {
        let got =
            ops(b"BT /F1 12 Tf 1 0 0 1 72.5 -3 Tm (a\\(b\\)\\101) Tj [<0041> -250 (c)] TJ ET % note\n0 0 10 .5 re f*");
        assert_eq!(got[0], ("BT".to_string(), vec![]));
        assert_eq!(got[1], ("Tf".to_string(), vec![Object::Name(b"F1".to_vec()), Object::Integer(12)]));
        assert_eq!(got[2].1[4], Object::Real(72.5));
        assert_eq!(got[2].1[5], Object::Integer(-3));
        assert_eq!(got[3].1, vec![Object::String(b"a(b)A".to_vec(), StringFormat::Literal)]);
        let Object::Array(items) = &got[4].1[0] else { panic!("array") };
        assert_eq!(items[0], Object::String(vec![0, 0x41], StringFormat::Hexadecimal));
        assert_eq!(items[1], Object::Integer(-250));
        assert_eq!(
            got[6],
            ("re".to_string(), vec![Object::Integer(0), Object::Integer(0), Object::Integer(10), Object::Real(0.5)])
        );
        assert_eq!(got[7].0, "f*");
    }

    #[test]
    fn skips_inline_images_and_marked_content() {
        let got = ops(b"/P <</MCID 0>> BDC BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff\xfe EI Q EMC");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BDC", "BI", "ID", "Q", "EMC"]);
    }

    #[test]
    fn garbage_ends() {
        let _ = ops(b")))]]]>>>{{{<<</ /#zz ( unterminated");
        let _ = ops(&[0xff; 64]);
    }
}
