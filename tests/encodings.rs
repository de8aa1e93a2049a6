//! Text right in every script: each simple-font encoding PDF defines, glyph names, ligatures,
//! doubled letters, right-to-left lines and vertical writing, each on a PDF built for it.

use std::io::Write;

use lopdf::{dictionary, Dictionary, Object};

use crate::support::pdf_fonts::{page_text, simple_font, unicode_font, FontPage};

/// A non-embedded standard font with no `/Encoding` and no metrics in the file.
fn standard_font(base_font: &str) -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => base_font.to_string() }
}

/// The text of `lines` of codes shown in `font`, one line each.
fn text_in(font: Dictionary, lines: &[&[u8]]) -> String {
    let mut page = FontPage::default();
    let name = page.font(font);
    for (i, codes) in lines.iter().enumerate() {
        page.show(&name, 12.0, 72.0, 100.0 + 20.0 * i as f32, codes);
    }
    page_text(&page.into_bytes())
}

#[test]
fn a_type1_font_without_an_encoding_reads_standard_encoding() {
    // In WinAnsi these would read `'Tis ®ne`, `` ``quoted'' ``, `áÆ`...
    let text = text_in(
        standard_font("Times-Roman"),
        &[b"\x27Tis \xAEne, \x60\x60quoted\x27\x27", b"\xE1sop \xF5 stra\xFBe \xD0 \xB1 \xAAhi\xBA \xAFy"],
    );
    assert_eq!(text, "’Tis fine, ‘‘quoted’’\nÆsop ı straße — – “hi” fly");
}

#[test]
fn differences_without_a_base_encoding_change_the_font_s_built_in_encoding() {
    let mut font = standard_font("Helvetica");
    font.set("Encoding", dictionary! { "Differences" => vec![65.into(), "Alpha".into(), "beta".into()] });
    assert_eq!(text_in(font, &[b"\x27AB \xAF"]), "’Αβ fl");
}

#[test]
fn a_truetype_font_without_an_encoding_reads_win_ansi() {
    let text = text_in(simple_font("TrueType", "Arial"), &[b"\x27Tis \x93ok\x94 caf\xE9 \x80"]);
    assert_eq!(text, "'Tis “ok” café €");
}

#[test]
fn named_encodings_read_by_their_tables() {
    let named = |encoding: &str, codes: &[u8]| {
        let mut font = simple_font("TrueType", "Arial");
        font.set("Encoding", encoding.to_string());
        text_in(font, &[codes])
    };
    assert_eq!(named("WinAnsiEncoding", b"it\x92s \x96 na\xEFve"), "it’s – naïve");
    assert_eq!(named("MacRomanEncoding", b"it\xD5s \xD0 na\x95ve \xDEne"), "it’s – naïve fine");
    assert_eq!(named("StandardEncoding", b"it\x27s \xB1 \xAEne"), "it’s – fine");
    // Not an encoding for fonts, but read as what it says.
    assert_eq!(named("PDFDocEncoding", b"\x8Dit\x90s \x93ne\x8E \xA0"), "“it’s fine” €");
}

#[test]
fn the_symbol_font_reads_greek_letters_and_math_signs() {
    assert_eq!(text_in(standard_font("Symbol"), &[b"a + b \xB3 g\xD6p \xA5 \xB9 W"]), "α + β ≥ γ√π ∞ ≠ Ω");
    let mut font = standard_font("Symbol");
    font.set("Encoding", dictionary! { "Differences" => vec![98.into(), "omega".into()] });
    assert_eq!(text_in(font, &[b"ab"]), "αω", "Differences over the font's own encoding");
}

#[test]
fn the_zapf_dingbats_font_reads_dingbats() {
    assert_eq!(text_in(standard_font("ZapfDingbats"), &[b"3 4 l n"]), "✓ ✔ ● ■");
}

#[test]
fn glyph_names_read_by_the_adobe_glyph_list() {
    let names = [
        "f_i",
        "uni00410042",
        "a.sc",
        "afii10017",
        "afii10018",
        "Omega",
        "u1F600",
        "eacute.alt",
        "T_h",
        "quotedblleft",
        "quotedblright",
        "emdash",
        "Lslash",
        "notaglyph",
    ];
    let mut differences: Vec<Object> = vec![128.into()];
    differences.extend(names.iter().map(|&n| Object::from(n)));
    let mut font = simple_font("Type1", "Helvetica");
    font.set("Encoding", dictionary! { "BaseEncoding" => "WinAnsiEncoding", "Differences" => differences });
    let codes: Vec<u8> = (128..128 + names.len() as u8).collect();
    // An unknown name leaves its code as the base encoding has it (0x8D: none in WinAnsi).
    assert_eq!(text_in(font, &[&codes]), "fiABaАБΩ😀éTh“”—Ł\u{FFFD}");
}

/// A Type 1 font program: its cleartext with `encoding`, then a stand-in for its encrypted
/// part and trailer.
fn type1_program(encoding: &str) -> Vec<u8> {
    let mut program = format!(
        "%!PS-AdobeFont-1.0: CMR10 003.002\n/FontName /CMR10 def\n{encoding}\ncurrentdict end\ncurrentfile eexec\n"
    )
    .into_bytes();
    program.extend_from_slice(&[0xD9, 0xD6, 0x8F, 0x2A, 0x11, 0x80, 0xFF, 0x00]);
    program.extend_from_slice(b"\n0000000000\ncleartomark\n");
    program
}

/// A font with no `/Encoding` whose embedded program is `program`, written flate-compressed
/// or not.
fn embedded_type1(page: &mut FontPage, program: &[u8], compressed: bool) -> String {
    let length1 = program.windows(5).position(|w| w == b"eexec").expect("eexec") + 6;
    let mut dict = dictionary! {
        "Length1" => length1 as i64,
        "Length2" => (program.len() - length1) as i64,
        "Length3" => 0,
    };
    let bytes = if compressed {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(program).expect("deflate");
        dict.set("Filter", "FlateDecode");
        z.finish().expect("deflate")
    } else {
        program.to_vec()
    };
    let file = page.stream(dict, bytes);
    font_with_program(page, "ABCDEF+CMR10", "FontFile", file)
}

/// A Type 1 font `name` with no `/Encoding`, its program `file` under `key` of its descriptor;
/// its resource name.
fn font_with_program(page: &mut FontPage, name: &str, key: &str, file: lopdf::ObjectId) -> String {
    let descriptor = page.object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => name.to_string(),
        "Flags" => 4,
        key => file,
    });
    let mut font = simple_font("Type1", name);
    font.set("FontDescriptor", descriptor);
    page.font(font)
}

#[test]
fn an_embedded_type1_program_gives_its_built_in_encoding() {
    // TeX's OT1 encoding puts ligatures at 11 to 15, quotes at 34 and 92, the en dash at 123.
    let program = type1_program(
        "/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
         dup 11 /ff put\ndup 12 /fi put\ndup 14 /ffi put\ndup 34 /quotedblright put\n\
         dup 92 /quotedblleft put\ndup 123 /endash put\ndup 32 /space put\n\
         dup 65 /A put\ndup 79 /O put\ndup 107 /k put\ndup 101 /e put\ndup 110 /n put\ndup 111 /o put\n\
         readonly def",
    );
    for compressed in [false, true] {
        let mut page = FontPage::default();
        let font = embedded_type1(&mut page, &program, compressed);
        page.show(&font, 12.0, 72.0, 100.0, b"\x5COk\x22 \x7B A \x0Cne \x0Bo \x0En");
        assert_eq!(page_text(&page.into_bytes()), "“Ok” – A fine ffo ffin", "compressed: {compressed}");
    }
    // A program that keeps StandardEncoding reads as one.
    let mut page = FontPage::default();
    let font = embedded_type1(&mut page, &type1_program("/Encoding StandardEncoding def"), true);
    page.show(&font, 12.0, 72.0, 100.0, b"\x27Tis \xAEne");
    assert_eq!(page_text(&page.into_bytes()), "’Tis fine");
}

#[test]
fn a_type3_font_names_its_hebrew_glyphs() {
    // `שלום` drawn left to right as seen: final mem, vav, lamed, shin.
    let mut page = FontPage::default();
    let proc = page.stream(Dictionary::new(), b"500 0 d0".to_vec());
    let names = ["afii57677", "vav", "lamed", "shin", "alef", "bet"];
    let procs: Dictionary = names.iter().map(|&n| (n.to_string(), Object::Reference(proc))).collect();
    let mut differences: Vec<Object> = vec![65.into()];
    differences.extend(names.iter().map(|&n| Object::from(n)));
    let widths: Vec<Object> = vec![500.into(); names.len()];
    let font = page.font(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type3",
        "FontBBox" => vec![0.into(), 0.into(), 500.into(), 700.into()],
        "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
        "CharProcs" => procs,
        "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => differences },
        "FirstChar" => 65,
        "LastChar" => 65 + names.len() as i64 - 1,
        "Widths" => widths,
        "Resources" => Dictionary::new(),
    });
    page.show(&font, 12.0, 72.0, 100.0, b"ABCD FE");
    assert_eq!(page_text(&page.into_bytes()), "אב שלום");
}

/// The text of lines shown in a font that maps its codes to `alphabet`'s characters, each
/// line given as it is seen, left to right.
fn seen(alphabet: &str, lines: &[&str]) -> String {
    let mut page = FontPage::default();
    let (font, encode) = unicode_font(&mut page, alphabet);
    for (i, line) in lines.iter().enumerate() {
        page.show(&font, 12.0, 72.0, 100.0 + 20.0 * i as f32, &encode(line));
    }
    page_text(&page.into_bytes())
}

#[test]
fn a_hebrew_line_drawn_left_to_right_reads_right_to_left() {
    assert_eq!(seen("שלוםע", &["םלוע םולש"]), "שלום עולם");
}

#[test]
fn numbers_and_latin_words_in_right_to_left_text_keep_their_order() {
    let alphabet = "הדוחלשנת";
    assert_eq!(seen(alphabet, &["ACME לש 2024 תנשל חודה"]), "הדוח לשנת 2024 של ACME");
    assert_eq!(seen("عنديقط", &["ططق 47 يدنع"]), "عندي 47 قطط");
}

#[test]
fn right_to_left_words_in_a_left_to_right_line_read_in_place() {
    assert_eq!(seen("שלום", &["The word םולש means peace."]), "The word שלום means peace.");
}

#[test]
fn brackets_in_right_to_left_text_keep_their_sense() {
    // `אמר (שלום)`: the parenthesis seen at the left closes it.
    assert_eq!(seen("אמרשלום", &["(םולש) רמא"]), "אמר (שלום)");
}

#[test]
fn arabic_presentation_forms_read_as_letters_in_reading_order() {
    // `اسمي سلطان` as fonts draw it: each letter in its joined shape, the line as seen.
    let visual = "\u{FEE5}\u{FE8E}\u{FEC4}\u{FEE0}\u{FEB3} \u{FEF2}\u{FEE4}\u{FEB3}\u{FE8D}";
    assert_eq!(seen(visual, &[visual]), "اسمي سلطان");
    // The lam-alef ligature is one glyph for two letters.
    let visual = "\u{FE94}\u{FEF3}\u{FEB0}\u{FEF4}\u{FEE0}\u{FEA0}\u{FEE7}\u{FEFB}\u{FE8D}";
    assert_eq!(seen(visual, &[visual]), "الانجليزية");
}

#[test]
fn a_combining_mark_reads_after_its_letter() {
    // `مرحباً`: the tanwin drawn raised over the final alef, which stands leftmost.
    let mut page = FontPage::default();
    let (font, encode) = unicode_font(&mut page, "\u{FE8E}\u{064B}\u{FE92}\u{FEA3}\u{FEAE}\u{FEE3}");
    page.operators(&format!(
        "BT /{font} 12 Tf 72 700 Td <{}> Tj ET BT /{font} 12 Tf 72.5 703 Td <{}> Tj ET BT /{font} 12 Tf 78 700 Td <{}> Tj ET",
        crate::support::pdf_fonts::hex(&encode("\u{FE8E}")),
        crate::support::pdf_fonts::hex(&encode("\u{064B}")),
        crate::support::pdf_fonts::hex(&encode("\u{FE92}\u{FEA3}\u{FEAE}\u{FEE3}")),
    ));
    assert_eq!(page_text(&page.into_bytes()), "مرحباً");
}

#[test]
fn doubled_letters_ligatures_and_fake_bold_read_as_typed() {
    let mut page = FontPage::default();
    let mut font = standard_font("Helvetica");
    font.set(
        "Encoding",
        dictionary! { "BaseEncoding" => "WinAnsiEncoding", "Differences" => vec![1.into(), "f_f_i".into(), "fl".into()] },
    );
    let name = page.font(font);
    page.show(&name, 12.0, 72.0, 100.0, b"Balloon llama: all 100 a.. o\x01ce \x02y");
    // Fake bold: the word drawn again a few hundredths of an em to the right.
    page.show(&name, 12.0, 72.0, 120.0, b"Bold");
    page.show(&name, 12.0, 72.3, 120.0, b"Bold");
    assert_eq!(page_text(&page.into_bytes()), "Balloon llama: all 100 a.. office fly\nBold");
}

/// A font writing top to bottom (`Identity-V`) whose CIDs 1, 2, … stand for `text`'s characters.
fn vertical_font(page: &mut FontPage, text: &str) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    cmap.push_str(&format!("{} beginbfchar\n", text.chars().count()));
    for (i, c) in text.chars().enumerate() {
        cmap.push_str(&format!("<{:04X}> <{:04X}>\n", i + 1, c as u32));
    }
    cmap.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
    let to_unicode = page.stream(Dictionary::new(), cmap.into_bytes());
    let descendant = page.object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "ABCDEF+SimSun",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 1000,
        "CIDToGIDMap" => "Identity",
    });
    page.font(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "ABCDEF+SimSun-V",
        "Encoding" => "Identity-V",
        "DescendantFonts" => vec![descendant.into()],
        "ToUnicode" => to_unicode,
    })
}

fn vertical_glyphs(bytes: &[u8]) -> Vec<(String, f32, f32)> {
    let (pages, _) = nianbao::read::pdf::read_pages(bytes).expect("read");
    pages[0].glyphs.iter().map(|g| (g.text.clone(), g.cx(), g.y0)).collect()
}

#[test]
fn vertical_text_spaced_out_reads_top_to_bottom() {
    // A header spread down a tall cell: character spacing moves each glyph further down
    // (PDF 32000-1 9.4.4: ty = w1 × Tfs + Tc, w1 = -1 em).
    let mut page = FontPage::default();
    let font = vertical_font(&mut page, "本年度办理结果");
    page.operators(&format!("BT /{font} 12 Tf -17 Tc 1 0 0 1 100 700 Tm <0001000200030004000500060007> Tj ET"));
    let bytes = page.into_bytes();
    let ys: Vec<f32> = vertical_glyphs(&bytes).iter().map(|g| g.2).collect();
    assert!(ys.windows(2).all(|w| (w[1] - w[0] - 29.0).abs() < 0.01), "each 29 pt below the last: {ys:?}");
    assert_eq!(page_text(&bytes), "本年度办理结果");
}

#[test]
fn vertical_text_placed_glyph_by_glyph_reads_top_to_bottom() {
    // Each glyph placed on its own, its x off by the rounding of the writer's arithmetic.
    let mut page = FontPage::default();
    let font = vertical_font(&mut page, "本年度办理结果");
    for (i, x) in [100.0, 100.004, 99.998, 100.003, 99.999, 100.002, 100.0].iter().enumerate() {
        let y = 700.0 - 14.0 * i as f32;
        page.operators(&format!("BT /{font} 12 Tf 1 0 0 1 {x} {y} Tm <{:04X}> Tj ET", i + 1));
    }
    assert_eq!(page_text(&page.into_bytes()), "本年度办理结果");
}

#[test]
fn marked_content_with_actual_text_reads_as_that_text() {
    let mut page = FontPage::default();
    let font = page.font(simple_font("TrueType", "Arial"));
    // A ligature glyph with no Unicode of its own, and two such glyphs that are one CJK
    // character each (the text a UTF-16 string), a line-end hyphen that is no text (`()`), and
    // marked content without one (`/P`, `/Tag`), read as shown.
    page.operators(&format!(
        "BT /{font} 12 Tf 72 700 Td (Paci) Tj /Span <</ActualText (fi)>> BDC <01> Tj EMC (c) Tj ET\n\
         BT /{font} 12 Tf 72 680 Td /Span <</ActualText <FEFF6570636E>>> BDC <0102> Tj EMC ( ok) Tj ET\n\
         BT /{font} 12 Tf 72 660 Td (infor) Tj /Artifact <</ActualText ()>> BDC (-) Tj EMC ET\n\
         BT /{font} 12 Tf 72 640 Td /P <</MCID 3>> BDC (mation) Tj EMC /Tag BMC (!) Tj EMC ET"
    ));
    assert_eq!(page_text(&page.into_bytes()), "Pacific\n数据 ok\ninfor\nmation!");
}

#[test]
fn marked_content_nested_past_any_real_depth_or_closed_too_often_reads_as_shown() {
    let mut page = FontPage::default();
    let font = page.font(simple_font("TrueType", "Arial"));
    // An `/ActualText` 70 sequences deep is past what is followed (its `no` is not read), and
    // its end closes no sequence that is followed: the outer `ok` still covers `y!`. Ends with
    // no sequence open are ignored.
    let deep = "/A BMC ".repeat(69);
    let ends = "EMC ".repeat(69);
    page.operators(&format!(
        "BT /{font} 12 Tf 72 700 Td EMC EMC /Span <</ActualText (ok)>> BDC {deep}\
         /Span <</ActualText (no)>> BDC (y) Tj EMC {ends}(!) Tj EMC ET"
    ));
    assert_eq!(page_text(&page.into_bytes()), "ok");
}

#[test]
fn an_actual_text_far_longer_than_what_it_replaces_is_not_read() {
    let mut page = FontPage::default();
    let font = page.font(simple_font("TrueType", "Arial"));
    // 100 characters for one glyph, and 5,000 bytes for two: the glyphs read as shown.
    let (long, longer) = ("x".repeat(100), "y".repeat(5000));
    page.operators(&format!(
        "BT /{font} 12 Tf 72 700 Td /Span <</ActualText ({long})>> BDC (a) Tj EMC ET\n\
         BT /{font} 12 Tf 72 680 Td /Span <</ActualText ({longer})>> BDC (bc) Tj EMC ET"
    ));
    assert_eq!(page_text(&page.into_bytes()), "a\nbc");
}

/// An INDEX of the Compact Font Format holding `items`, its offsets one byte each.
fn cff_index(items: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![0, items.len() as u8, 1, 1];
    let mut at = 1;
    for item in items {
        at += item.len();
        out.push(at as u8);
    }
    items.iter().for_each(|item| out.extend_from_slice(item));
    out
}

/// A CFF program whose glyphs are `H`, `i` and `uni4E2D` (a name of its own), encoded at
/// codes 0x21 to 0x23, and `A` at 0x24 by a supplement: a built-in encoding nothing like
/// StandardEncoding, where 0x21 is `exclam`.
fn cff_program() -> Vec<u8> {
    let int = |v: usize| {
        let mut b = vec![29];
        b.extend((v as u32).to_be_bytes());
        b
    };
    let header = [1u8, 0, 4, 1];
    let names = cff_index(&[b"F"]);
    let strings = cff_index(&[b"uni4E2D"]);
    let subrs = [0u8, 0];
    let glyphs = cff_index(&[&[14], &[14], &[14], &[14]]);
    let charset = [0u8, 0, 41, 0, 74, 1, 135];
    let encoding = [0x80u8, 3, 0x21, 0x22, 0x23, 1, 0x24, 0, 34];
    // The Top DICT's offsets, each written in five bytes, so the dict's size is known first.
    let top_size = cff_index(&[&[0u8; 18]]).len();
    let glyphs_at = header.len() + names.len() + top_size + strings.len() + subrs.len();
    let charset_at = glyphs_at + glyphs.len();
    let encoding_at = charset_at + charset.len();
    let mut top = int(charset_at);
    top.push(15);
    top.extend(int(encoding_at));
    top.push(16);
    top.extend(int(glyphs_at));
    top.push(17);
    let mut program = header.to_vec();
    for part in [names, cff_index(&[&top]), strings, subrs.to_vec(), glyphs, charset.to_vec(), encoding.to_vec()] {
        program.extend(part);
    }
    program
}

#[test]
fn an_embedded_cff_program_gives_its_built_in_encoding() {
    let mut page = FontPage::default();
    let file = page.stream(dictionary! { "Subtype" => "Type1C" }, cff_program());
    let name = font_with_program(&mut page, "ABCDEF+Custom", "FontFile3", file);
    page.show(&name, 12.0, 72.0, 100.0, b"\x21\x22\x23\x24");
    assert_eq!(page_text(&page.into_bytes()), "Hi中A");
}
