//! Fonts: splitting shown strings into codes, their text, and their advance widths.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{Predefined, ToUnicode};
use super::encoding::{
    cff_encoding, font_program, glyph_text, spelled_out, type1_cleartext, type1_encoding, BaseEncoding, BuiltIn,
};
use super::objects::{decode_bounded, deref, dict_get, name_of, number, Decoded, Stop};

/// Largest decoded ToUnicode or encoding CMap: a complete CJK CMap is a few hundred KiB.
const MAX_CMAP_STREAM_BYTES: usize = 4 * 1024 * 1024;
/// CID widths one `/W` array may set in all: a font has at most 65536 glyphs, so more is
/// damage or an attack (overlapping ranges), and it bounds the work of reading it.
const MAX_WIDTH_CODES: usize = 1 << 20;
/// Entries read between two checks of the time limit.
const CHECK_EVERY: usize = 4096;

/// A font's CMap stream, parsed. `Ok(None)` when its filters fail (the font has none).
fn cmap_stream(stream: &lopdf::Stream, what: &str) -> Result<Option<ToUnicode>, Stop> {
    match decode_bounded(stream, MAX_CMAP_STREAM_BYTES) {
        Decoded::Bytes(data) => ToUnicode::parse(&data).map(Some).map_err(|stop| match stop {
            Stop::Page(why) => Stop::Page(why.replacen("its CMap", &format!("its {what} CMap"), 1)),
            fatal => fatal,
        }),
        Decoded::TooLarge => {
            Err(Stop::Page(format!("its {what} CMap exceeds the {} MiB limit", MAX_CMAP_STREAM_BYTES >> 20)))
        }
        Decoded::Unreadable => Ok(None),
    }
}

/// Helvetica's advance widths for codes 32..=126 (the standard AFM metrics), used for the
/// non-embedded base fonts that carry no `/Widths`.
const HELVETICA_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];

/// Times-Roman's advance widths for codes 32..=126.
const TIMES_WIDTHS: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
    722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500,
    444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480,
    200, 480, 541,
];

#[derive(Debug, Clone)]
enum Coding {
    /// One byte per code, each with its text (256 of them).
    Simple(Vec<Option<String>>),
    /// Type0: codes by a predefined CMap, or an embedded one's code space.
    Composite { predefined: Predefined, codespace: Option<ToUnicode> },
}

#[derive(Debug, Clone)]
enum Widths {
    Simple { first: u32, widths: Vec<f64>, missing: f64 },
    Cid { widths: HashMap<u32, f64>, default: f64 },
}

/// A font as far as text extraction needs it.
#[derive(Debug, Clone)]
pub struct Font {
    coding: Coding,
    to_unicode: Option<ToUnicode>,
    widths: Widths,
    /// `Identity-V` and the other vertical CMaps.
    pub vertical: bool,
    /// Glyph space to text space (1/1000, or a Type3 font's matrix).
    scale: f64,
}

/// One character code of a shown string.
pub struct Code<'a> {
    pub value: u32,
    pub bytes: &'a [u8],
}

impl Font {
    /// Reads a font dictionary. Anything missing falls back to a plain one-byte font; a font
    /// over a limit is refused (`Stop::Page` says why).
    pub fn load(doc: &Document, dict: &Dictionary) -> Result<Font, Stop> {
        let subtype = dict_get(doc, dict, b"Subtype").and_then(name_of).unwrap_or_default();
        let to_unicode = match dict_get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(s)) => cmap_stream(s, "ToUnicode")?,
            _ => None,
        };
        let to_unicode = to_unicode.filter(|t| !t.is_empty());
        if subtype == "Type0" {
            return Font::load_type0(doc, dict, to_unicode);
        }
        let scale = if subtype == "Type3" {
            dict_get(doc, dict, b"FontMatrix")
                .and_then(|m| m.as_array().ok())
                .and_then(|a| a.first())
                .and_then(number)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let base = dict_get(doc, dict, b"BaseFont").and_then(name_of).unwrap_or_default();
        Ok(Font {
            coding: Coding::Simple(simple_table(doc, dict, &subtype, &base)),
            to_unicode,
            widths: simple_widths(doc, dict, &base),
            vertical: false,
            scale,
        })
    }

    fn load_type0(doc: &Document, dict: &Dictionary, to_unicode: Option<ToUnicode>) -> Result<Font, Stop> {
        let (predefined, vertical, codespace) = match dict_get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => {
                let name = String::from_utf8_lossy(name).into_owned();
                match Predefined::from_name(&name) {
                    Some((p, v)) => (p, v, None),
                    None => (Predefined::Identity, name.ends_with("-V"), None),
                }
            }
            Some(Object::Stream(stream)) => {
                let name = stream.dict.get(b"CMapName").ok().and_then(name_of).unwrap_or_default();
                let parsed = cmap_stream(stream, "encoding")?.filter(|c| c.has_ranges());
                match Predefined::from_name(&name) {
                    Some((p, v)) => (p, v, parsed),
                    None => (Predefined::Identity, name.ends_with("-V"), parsed),
                }
            }
            _ => (Predefined::Identity, false, None),
        };
        let descendant = dict_get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let widths = match descendant {
            Some(d) => cid_widths(doc, d)?,
            None => Widths::Cid { widths: HashMap::new(), default: 1000.0 },
        };
        Ok(Font { coding: Coding::Composite { predefined, codespace }, to_unicode, widths, vertical, scale: 0.001 })
    }

    /// Splits a shown string into character codes.
    pub fn codes<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = Code<'a>> + 'a {
        let mut i = 0;
        std::iter::from_fn(move || {
            if i >= bytes.len() {
                return None;
            }
            let rest = &bytes[i..];
            let len = match &self.coding {
                Coding::Simple(_) => 1,
                Coding::Composite { codespace: Some(cs), .. } => cs.code_len(rest),
                Coding::Composite { predefined, .. } => match (&self.to_unicode, predefined) {
                    (Some(tu), Predefined::Identity) if tu.has_ranges() => tu.code_len(rest),
                    _ => predefined.code_len(rest),
                },
            }
            .min(rest.len())
            .max(1);
            let code = &rest[..len];
            i += len;
            Some(Code { value: code.iter().fold(0u32, |acc, &b| acc << 8 | b as u32), bytes: code })
        })
    }

    /// The text a code stands for, or `None` when the font gives no way to know.
    pub fn text(&self, code: &Code) -> Option<String> {
        if let Some(text) = self.to_unicode.as_ref().and_then(|t| t.get(code.value)) {
            return Some(spelled_out(text));
        }
        match &self.coding {
            Coding::Simple(table) => table.get(code.value as usize & 0xFF).cloned().flatten(),
            Coding::Composite { predefined, .. } => predefined.decode(code.bytes),
        }
    }

    /// The code's advance in text space units (before the font size).
    pub fn width(&self, code: &Code) -> f64 {
        match &self.widths {
            Widths::Simple { first, widths, missing } => {
                code.value.checked_sub(*first).and_then(|i| widths.get(i as usize)).copied().unwrap_or(*missing)
                    * self.scale
            }
            Widths::Cid { widths, default } => {
                let cid = match &self.coding {
                    Coding::Composite { predefined: Predefined::Identity, .. } => Some(code.value),
                    // Adobe-GB1 puts printable ASCII at CIDs 1..=95.
                    Coding::Composite { .. } => (0x20..=0x7E).contains(&code.value).then(|| code.value - 0x1F),
                    Coding::Simple(_) => Some(code.value),
                };
                let w = cid.and_then(|c| widths.get(&c)).copied().unwrap_or_else(|| {
                    // Without metrics, half-width ASCII in a CJK font is still half as wide.
                    if cid.is_some_and(|c| (1..=95).contains(&c))
                        && !matches!(self.coding, Coding::Composite { predefined: Predefined::Identity, .. })
                    {
                        500.0
                    } else {
                        *default
                    }
                });
                w * self.scale
            }
        }
    }

    /// Word spacing applies to the single-byte code 32 only.
    pub fn is_word_space(&self, code: &Code) -> bool {
        code.bytes == b" "
    }
}

/// The encoding a simple font's codes follow when it names none, or names no base for its
/// `/Differences` (PDF 32000-1 9.6.6): a font's built-in encoding. The standard symbolic fonts
/// have their own; a Type 1 font has the one its embedded program defines, else
/// StandardEncoding. A TrueType font's codes name glyphs through its own cmap, whose Latin
/// codes WinAnsiEncoding reads; a Type 3 font has no built-in encoding, and WinAnsi is the best
/// guess there too.
fn built_in_table(doc: &Document, dict: &Dictionary, subtype: &str, base_font: &str) -> Vec<Option<String>> {
    if let Some(base) = BaseEncoding::of_symbolic_font(base_font) {
        return base.table();
    }
    if !matches!(subtype, "Type1" | "MMType1") {
        return BaseEncoding::WinAnsi.table();
    }
    let descriptor = dict_get(doc, dict, b"FontDescriptor").and_then(|d| d.as_dict().ok());
    let program = descriptor.and_then(|d| dict_get(doc, d, b"FontFile")).and_then(|p| p.as_stream().ok());
    // A Type 1 font's program may be compact (CFF, `/FontFile3` of subtype `Type1C`).
    let compact = || {
        descriptor
            .and_then(|d| dict_get(doc, d, b"FontFile3"))
            .and_then(|p| p.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").ok().and_then(|t| t.as_name().ok()) == Some(b"Type1C".as_slice()))
            .and_then(font_program)
            .and_then(|data| cff_encoding(&data))
    };
    match program.and_then(type1_cleartext).and_then(|text| type1_encoding(&text)).or_else(compact) {
        Some(BuiltIn::Names(names)) => {
            let mut table = vec![None; 256];
            for (code, name) in names {
                table[code as usize] = glyph_text(&name);
            }
            table
        }
        Some(BuiltIn::Standard) | None => BaseEncoding::Standard.table(),
    }
}

/// Every code's text: the font's encoding, or its built-in one, with its `/Differences`.
fn simple_table(doc: &Document, dict: &Dictionary, subtype: &str, base_font: &str) -> Vec<Option<String>> {
    let encoding = dict_get(doc, dict, b"Encoding");
    let named = match encoding {
        Some(Object::Name(name)) => Some(name.as_slice()),
        Some(Object::Dictionary(enc)) => match dict_get(doc, enc, b"BaseEncoding") {
            Some(Object::Name(name)) => Some(name.as_slice()),
            _ => None,
        },
        _ => None,
    };
    let mut table = match named.and_then(BaseEncoding::from_name) {
        Some(base) => base.table(),
        None => built_in_table(doc, dict, subtype, base_font),
    };
    let differences = match encoding {
        Some(Object::Dictionary(enc)) => dict_get(doc, enc, b"Differences").and_then(|d| d.as_array().ok()),
        _ => None,
    };
    let mut code = 0usize;
    for item in differences.into_iter().flatten() {
        match deref(doc, item) {
            Some(Object::Integer(n)) => code = (*n).clamp(0, 255) as usize,
            Some(Object::Name(name)) => {
                // A name the glyph list does not know leaves the code as its base had it.
                if let Some(text) = table.get_mut(code) {
                    if let Some(known) = glyph_text(&String::from_utf8_lossy(name)) {
                        *text = Some(known);
                    }
                }
                code += 1;
            }
            _ => {}
        }
    }
    table.into_iter().map(|text| text.map(|t| spelled_out(&t))).collect()
}

fn simple_widths(doc: &Document, dict: &Dictionary, base: &str) -> Widths {
    let missing = dict_get(doc, dict, b"FontDescriptor")
        .and_then(|d| d.as_dict().ok())
        .and_then(|d| dict_get(doc, d, b"MissingWidth"))
        .and_then(number)
        .unwrap_or(0.0);
    if let Some(widths) = dict_get(doc, dict, b"Widths").and_then(|w| w.as_array().ok()) {
        let first = dict_get(doc, dict, b"FirstChar").and_then(number).unwrap_or(0.0).max(0.0) as u32;
        let widths = widths.iter().map(|w| deref(doc, w).and_then(number).unwrap_or(missing)).collect();
        let missing = if missing > 0.0 { missing } else { 500.0 };
        return Widths::Simple { first, widths, missing };
    }
    // A standard font without metrics in the file: use the built-in ones.
    let table: Option<&[u16; 95]> = if base.contains("Helvetica") || base.contains("Arial") {
        Some(&HELVETICA_WIDTHS)
    } else if base.contains("Times") {
        Some(&TIMES_WIDTHS)
    } else {
        None
    };
    let default = if base.contains("Courier") { 600.0 } else { 500.0 };
    let widths = match table {
        Some(t) => t.iter().map(|&w| w as f64).collect(),
        None => vec![default; 95],
    };
    Widths::Simple { first: 32, widths, missing: default }
}

/// CID widths from `/W`, in both of its forms: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(doc: &Document, descendant: &Dictionary) -> Result<Widths, Stop> {
    let default = dict_get(doc, descendant, b"DW").and_then(number).unwrap_or(1000.0);
    let mut widths = HashMap::new();
    let mut set = 0usize;
    let mut insert = |widths: &mut HashMap<u32, f64>, cid: u32, w: f64| -> Result<(), Stop> {
        set += 1;
        if set > MAX_WIDTH_CODES {
            return Err(Stop::Page(format!("its /W widths cover more than {MAX_WIDTH_CODES} codes")));
        }
        if set.is_multiple_of(CHECK_EVERY) {
            crate::deadline::check()?;
        }
        widths.insert(cid, w);
        Ok(())
    };
    if let Some(w) = dict_get(doc, descendant, b"W").and_then(|w| w.as_array().ok()) {
        let items: Vec<&Object> = w.iter().filter_map(|o| deref(doc, o)).collect();
        let mut i = 0;
        while i < items.len() {
            let Some(first) = number(items[i]) else {
                i += 1;
                continue;
            };
            let first = first.max(0.0) as u32;
            match items.get(i + 1) {
                Some(Object::Array(list)) => {
                    for (k, w) in list.iter().enumerate() {
                        if let Some(w) = deref(doc, w).and_then(number) {
                            insert(&mut widths, first.saturating_add(k as u32), w)?;
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(w)) = (number(last), items.get(i + 2).and_then(|o| number(o))) else {
                        break;
                    };
                    let last = (last.max(0.0) as u32).min(first.saturating_add(0xFFFF));
                    for cid in first..=last {
                        insert(&mut widths, cid, w)?;
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }
    Ok(Widths::Cid { widths, default })
}

#[cfg(test)]
mod tests {
    use super::*;

    use lopdf::dictionary;

    #[test]
    fn the_time_limit_stops_reading_a_font() {
        let doc = Document::with_version("1.7");
        let w: Vec<Object> = (0..10_000).flat_map(|i| [Object::Integer(i), Object::Integer(i), 500.into()]).collect();
        let descendant = dictionary! { "Subtype" => "CIDFontType2", "W" => w };
        let font = dictionary! { "Subtype" => "Type0", "DescendantFonts" => vec![Object::Dictionary(descendant)] };
        assert!(Font::load(&doc, &font).is_ok());
        let timed_out = crate::deadline::with_limit(Some(std::time::Duration::ZERO), || Font::load(&doc, &font));
        assert!(matches!(timed_out, Err(Stop::Document(crate::error::ErrorKind::Timeout(0)))));
    }
}
