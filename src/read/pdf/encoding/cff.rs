//! The built-in encoding of a CFF font program (`/FontFile3` of subtype `Type1C`): which
//! glyph each one-byte code shows, by the program's encoding and charset, named by its
//! strings (Adobe Technical Note #5176, the Compact Font Format). Only what an encoding needs
//! is read; anything out of bounds or malformed gives `None`, and the font falls back to
//! StandardEncoding.

use super::BuiltIn;

/// The names of the standard strings, SIDs 0 to 228: the ISOAdobe charset's glyphs (5176
/// appendix A). SIDs 229 to 390 name expert glyphs (small capitals, old-style figures) and
/// font weights, which no text is spelled with: they are not read.
const STANDARD_STRINGS: [&str; 229] = [
    ".notdef",
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quoteright",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "quoteleft",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
    "exclamdown",
    "cent",
    "sterling",
    "fraction",
    "yen",
    "florin",
    "section",
    "currency",
    "quotesingle",
    "quotedblleft",
    "guillemotleft",
    "guilsinglleft",
    "guilsinglright",
    "fi",
    "fl",
    "endash",
    "dagger",
    "daggerdbl",
    "periodcentered",
    "paragraph",
    "bullet",
    "quotesinglbase",
    "quotedblbase",
    "quotedblright",
    "guillemotright",
    "ellipsis",
    "perthousand",
    "questiondown",
    "grave",
    "acute",
    "circumflex",
    "tilde",
    "macron",
    "breve",
    "dotaccent",
    "dieresis",
    "ring",
    "cedilla",
    "hungarumlaut",
    "ogonek",
    "caron",
    "emdash",
    "AE",
    "ordfeminine",
    "Lslash",
    "Oslash",
    "OE",
    "ordmasculine",
    "ae",
    "dotlessi",
    "lslash",
    "oslash",
    "oe",
    "germandbls",
    "onesuperior",
    "logicalnot",
    "mu",
    "trademark",
    "Eth",
    "onehalf",
    "plusminus",
    "Thorn",
    "onequarter",
    "divide",
    "brokenbar",
    "degree",
    "thorn",
    "threequarters",
    "twosuperior",
    "registered",
    "minus",
    "eth",
    "multiply",
    "threesuperior",
    "copyright",
    "Aacute",
    "Acircumflex",
    "Adieresis",
    "Agrave",
    "Aring",
    "Atilde",
    "Ccedilla",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Egrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Igrave",
    "Ntilde",
    "Oacute",
    "Ocircumflex",
    "Odieresis",
    "Ograve",
    "Otilde",
    "Scaron",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Ugrave",
    "Yacute",
    "Ydieresis",
    "Zcaron",
    "aacute",
    "acircumflex",
    "adieresis",
    "agrave",
    "aring",
    "atilde",
    "ccedilla",
    "eacute",
    "ecircumflex",
    "edieresis",
    "egrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "igrave",
    "ntilde",
    "oacute",
    "ocircumflex",
    "odieresis",
    "ograve",
    "otilde",
    "scaron",
    "uacute",
    "ucircumflex",
    "udieresis",
    "ugrave",
    "yacute",
    "ydieresis",
    "zcaron",
];

/// The first SID of a font's own strings (after the 391 standard ones).
const FIRST_CUSTOM_SID: usize = 391;

fn byte(data: &[u8], at: usize) -> Option<usize> {
    data.get(at).map(|&b| b as usize)
}

fn card16(data: &[u8], at: usize) -> Option<usize> {
    Some(byte(data, at)? << 8 | byte(data, at + 1)?)
}

/// A big-endian offset of `size` bytes (1 to 4).
fn offset(data: &[u8], at: usize, size: usize) -> Option<usize> {
    (0..size).try_fold(0usize, |value, k| Some(value << 8 | byte(data, at + k)?))
}

/// The byte ranges of an INDEX's items, and where the INDEX ends.
fn index(data: &[u8], at: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let count = card16(data, at)?;
    if count == 0 {
        return Some((Vec::new(), at + 2));
    }
    let size = byte(data, at + 2)?;
    if !(1..=4).contains(&size) {
        return None;
    }
    let offsets = at + 3;
    // Offsets count from 1, at the byte before the items' data.
    let base = offsets + (count + 1) * size - 1;
    let mut items = Vec::with_capacity(count);
    let mut previous = offset(data, offsets, size)?;
    for k in 1..=count {
        let next = offset(data, offsets + k * size, size)?;
        if next < previous {
            return None;
        }
        items.push((base + previous, base + next));
        previous = next;
    }
    let end = base + previous;
    (end <= data.len()).then_some((items, end))
}

/// A DICT's entries: each operator (an escaped one as 1200 + its second byte) with the
/// integer operands before it (reals, which no entry read here takes, count as 0).
fn dict(data: &[u8]) -> Vec<(usize, Vec<i64>)> {
    let mut entries = Vec::new();
    let mut operands: Vec<i64> = Vec::new();
    let mut i = 0;
    while let Some(b0) = byte(data, i) {
        let b1 = || byte(data, i + 1).unwrap_or(0) as i64;
        match b0 {
            0..=21 => {
                let op = if b0 == 12 { 1200 + byte(data, i + 1).unwrap_or(0) } else { b0 };
                i += if b0 == 12 { 2 } else { 1 };
                entries.push((op, std::mem::take(&mut operands)));
                continue;
            }
            28 => {
                operands.push((b1() << 8 | byte(data, i + 2).unwrap_or(0) as i64) as i16 as i64);
                i += 3;
            }
            29 => {
                let value = offset(data, i + 1, 4).unwrap_or(0) as u32 as i32;
                operands.push(value as i64);
                i += 5;
            }
            30 => {
                // A real: nibbles up to the one that ends it.
                i += 1;
                while let Some(b) = byte(data, i) {
                    i += 1;
                    if b & 0x0F == 0x0F || b >> 4 == 0x0F {
                        break;
                    }
                }
                operands.push(0);
            }
            32..=246 => {
                operands.push(b0 as i64 - 139);
                i += 1;
            }
            247..=250 => {
                operands.push((b0 as i64 - 247) * 256 + b1() + 108);
                i += 2;
            }
            251..=254 => {
                operands.push(-(b0 as i64 - 251) * 256 - b1() - 108);
                i += 2;
            }
            _ => i += 1,
        }
        if operands.len() > 48 {
            // No DICT operator takes as many: not a DICT.
            return entries;
        }
    }
    entries
}

/// The built-in encoding of a CFF program: the glyph name of each code its encoding maps,
/// `Standard` when it uses the predefined StandardEncoding. `None` for a CID-keyed program
/// (it has no encoding), the predefined expert encoding or charsets, or a malformed program.
pub fn cff_encoding(data: &[u8]) -> Option<BuiltIn> {
    let header_size = byte(data, 2)?;
    let (_, after_names) = index(data, header_size)?;
    let (top_dicts, after_top) = index(data, after_names)?;
    let (strings, _) = index(data, after_top)?;
    let &(start, end) = top_dicts.first()?;
    let top = dict(data.get(start..end)?);
    let operand = |op: usize| top.iter().find(|(o, _)| *o == op).and_then(|(_, v)| v.last().copied());
    if top.iter().any(|(op, _)| *op == 1230) {
        return None; // ROS: CID-keyed
    }
    let encoding = usize::try_from(operand(16).unwrap_or(0)).ok()?;
    match encoding {
        0 => return Some(BuiltIn::Standard),
        1 => return None,
        _ => {}
    }
    let (glyphs, _) = index(data, usize::try_from(operand(17)?).ok()?)?;
    let n_glyphs = glyphs.len();
    // The SID of each glyph, by the charset (GID 0 is .notdef).
    let charset = usize::try_from(operand(15).unwrap_or(0)).ok()?;
    let mut sids: Vec<usize> = vec![0; n_glyphs];
    match charset {
        0 => (0..n_glyphs).for_each(|gid| sids[gid] = gid),
        1 | 2 => return None,
        at => {
            let format = byte(data, at)?;
            let mut gid = 1;
            let mut i = at + 1;
            while gid < n_glyphs {
                match format {
                    0 => {
                        sids[gid] = card16(data, i)?;
                        gid += 1;
                        i += 2;
                    }
                    1 | 2 => {
                        let first = card16(data, i)?;
                        let left = if format == 1 { byte(data, i + 2)? } else { card16(data, i + 2)? };
                        for k in 0..(left + 1).min(n_glyphs - gid) {
                            sids[gid] = first + k;
                            gid += 1;
                        }
                        i += if format == 1 { 3 } else { 4 };
                    }
                    _ => return None,
                }
            }
        }
    }
    let name = |sid: usize| -> Option<String> {
        if sid < FIRST_CUSTOM_SID {
            return STANDARD_STRINGS.get(sid).map(|s| s.to_string());
        }
        let &(a, b) = strings.get(sid - FIRST_CUSTOM_SID)?;
        Some(String::from_utf8_lossy(data.get(a..b)?).into_owned())
    };
    // Codes by glyph (format 0: a code each; format 1: ranges of codes), then supplements
    // that give more codes to glyphs by SID.
    let format = byte(data, encoding)?;
    let mut names: Vec<(u8, String)> = Vec::new();
    let mut gid = 1;
    let mut i = encoding + 1;
    match format & 0x7F {
        0 => {
            let n_codes = byte(data, i)?;
            i += 1;
            for _ in 0..n_codes {
                let code = byte(data, i)?;
                i += 1;
                if let Some(text) = sids.get(gid).and_then(|&sid| name(sid)) {
                    names.push((code as u8, text));
                }
                gid += 1;
            }
        }
        1 => {
            let n_ranges = byte(data, i)?;
            i += 1;
            for _ in 0..n_ranges {
                let (first, left) = (byte(data, i)?, byte(data, i + 1)?);
                i += 2;
                for code in first..=(first + left).min(255) {
                    if let Some(text) = sids.get(gid).and_then(|&sid| name(sid)) {
                        names.push((code as u8, text));
                    }
                    gid += 1;
                }
            }
        }
        _ => return None,
    }
    if format & 0x80 != 0 {
        let n_supplements = byte(data, i)?;
        i += 1;
        for _ in 0..n_supplements {
            let (code, sid) = (byte(data, i)?, card16(data, i + 1)?);
            i += 3;
            if let Some(text) = name(sid) {
                names.push((code as u8, text));
            }
        }
    }
    (!names.is_empty()).then_some(BuiltIn::Names(names))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An INDEX of `items`, with offsets of one byte.
    fn index_of(items: &[&[u8]]) -> Vec<u8> {
        let mut out = vec![0, items.len() as u8, 1, 1];
        let mut at = 1;
        for item in items {
            at += item.len();
            out.push(at as u8);
        }
        for item in items {
            out.extend_from_slice(item);
        }
        out
    }

    #[test]
    fn the_standard_strings_are_where_the_standard_encoding_puts_them() {
        assert_eq!(
            (STANDARD_STRINGS[34], STANDARD_STRINGS[95], STANDARD_STRINGS[96]),
            ("A", "asciitilde", "exclamdown")
        );
        assert_eq!(
            (STANDARD_STRINGS[149], STANDARD_STRINGS[150], STANDARD_STRINGS[228]),
            ("germandbls", "onesuperior", "zcaron")
        );
    }

    /// A program of `n_glyphs` glyphs with `charset` and `encoding` as written.
    fn program(n_glyphs: usize, charset: &[u8], encoding: &[u8]) -> Vec<u8> {
        let int = |v: usize| {
            let mut b = vec![29];
            b.extend((v as u32).to_be_bytes());
            b
        };
        let (names, strings) = (index_of(&[b"F"]), index_of(&[b"a.sc"]));
        let glyphs = index_of(&vec![&[14u8][..]; n_glyphs]);
        let glyphs_at = 4 + names.len() + index_of(&[&[0u8; 18]]).len() + strings.len() + 2;
        let (charset_at, encoding_at) = (glyphs_at + glyphs.len(), glyphs_at + glyphs.len() + charset.len());
        let mut top = int(charset_at);
        top.push(15);
        top.extend(int(encoding_at));
        top.push(16);
        top.extend(int(glyphs_at));
        top.push(17);
        let mut out = vec![1, 0, 4, 1];
        for part in [names, index_of(&[&top]), strings, vec![0, 0], glyphs, charset.to_vec(), encoding.to_vec()] {
            out.extend(part);
        }
        out
    }

    #[test]
    fn ranges_of_glyphs_and_of_codes_read_in_turn() {
        // Charset format 1: SIDs 66 to 68 (`a` `b` `c`), then 391 (its own `a.sc`); encoding
        // format 1: codes 0x61 to 0x63, then 0x41.
        let data = program(5, &[1, 0, 66, 2, 1, 135, 0], &[1, 2, 0x61, 2, 0x41, 0]);
        let names: Vec<(u8, String)> = [(0x61, "a"), (0x62, "b"), (0x63, "c"), (0x41, "a.sc")]
            .iter()
            .map(|&(code, name)| (code, name.to_string()))
            .collect();
        assert_eq!(cff_encoding(&data), Some(BuiltIn::Names(names)));
        // A range longer than the glyphs left stops at the last glyph.
        let data = program(3, &[2, 0, 66, 255, 255], &[0, 2, 0x61, 0x62]);
        let names = vec![(0x61, "a".to_string()), (0x62, "b".to_string())];
        assert_eq!(cff_encoding(&data), Some(BuiltIn::Names(names)));
    }

    #[test]
    fn a_malformed_program_has_no_encoding() {
        assert_eq!(cff_encoding(b""), None);
        assert_eq!(cff_encoding(&[1, 0, 4, 1, 0, 5, 9]), None);
        // An INDEX whose offsets run backwards.
        let mut data = vec![1, 0, 4, 1];
        data.extend([0, 2, 1, 5, 1, 0, 0, 0, 0]);
        assert_eq!(cff_encoding(&data), None);
        // A Top DICT of nothing but operands.
        let mut data = vec![1, 0, 4, 1];
        data.extend(index_of(&[b"F"]));
        data.extend(index_of(&[&[139u8; 200]]));
        assert_eq!(cff_encoding(&data), None);
    }
}
