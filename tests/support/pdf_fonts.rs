//! One-page PDFs for the encoding cases, built with lopdf: a font dictionary as a writer gives
//! it (standard fonts not embedded, a Type 1 program's cleartext, ToUnicode maps, Type 3
//! fonts with `/Differences`) and strings of codes shown in it where the test says.

use std::collections::BTreeMap;
use std::fmt::Write;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

/// A page being written: its fonts, by resource name, and its content.
pub struct FontPage {
    doc: Document,
    fonts: Dictionary,
    content: String,
}

/// A page's height: content is placed from its top, y down, as the reader reports it.
const HEIGHT: f32 = 800.0;

impl Default for FontPage {
    fn default() -> Self {
        FontPage { doc: Document::with_version("1.7"), fonts: Dictionary::new(), content: String::new() }
    }
}

impl FontPage {
    /// Adds a font; its resource name.
    pub fn font(&mut self, font: Dictionary) -> String {
        let name = format!("F{}", self.fonts.len() + 1);
        let id = self.doc.add_object(font);
        self.fonts.set(name.as_bytes(), id);
        name
    }

    /// Adds a stream; its reference.
    pub fn stream(&mut self, dict: Dictionary, content: Vec<u8>) -> ObjectId {
        self.doc.add_object(Stream::new(dict, content))
    }

    /// Adds an object; its reference.
    pub fn object(&mut self, object: impl Into<Object>) -> ObjectId {
        self.doc.add_object(object)
    }

    /// Shows `codes` in `font` at `size`, its baseline starting at (x, y), y down from the top.
    pub fn show(&mut self, font: &str, size: f32, x: f32, y: f32, codes: &[u8]) {
        self.operators(&format!("BT /{font} {size} Tf {x} {} Td <{}> Tj ET", HEIGHT - y, hex(codes)));
    }

    /// Content operators as written.
    pub fn operators(&mut self, ops: &str) {
        self.content.push_str(ops);
        self.content.push('\n');
    }

    pub fn into_bytes(mut self) -> Vec<u8> {
        let content = self.doc.add_object(Stream::new(Dictionary::new(), self.content.into_bytes()));
        let pages_id = self.doc.new_object_id();
        let page = self.doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 600.into(), Object::Real(HEIGHT)],
            "Resources" => dictionary! { "Font" => self.fonts },
            "Contents" => content,
        });
        self.doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = self.doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        self.doc.save_to(&mut bytes).expect("write the PDF");
        bytes
    }
}

pub fn hex(codes: &[u8]) -> String {
    codes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02X}");
        out
    })
}

/// The text of the document's only page, as `nianbao text` prints it.
pub fn page_text(bytes: &[u8]) -> String {
    let (pages, notes) = nianbao::read::pdf::read_pages(bytes).expect("read");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(pages.len(), 1);
    nianbao::read::pdf::page_text(&pages[0])
}

/// A simple font dictionary with every code 500 units wide.
pub fn simple_font(subtype: &str, base_font: &str) -> Dictionary {
    let widths: Vec<Object> = vec![500.into(); 256];
    dictionary! {
        "Type" => "Font",
        "Subtype" => subtype.to_string(),
        "BaseFont" => base_font.to_string(),
        "FirstChar" => 0,
        "LastChar" => 255,
        "Widths" => widths,
    }
}

/// A TrueType font whose ToUnicode map gives each code its character: ASCII as itself, the
/// other characters of `alphabet` at 0x80 on. With the function that encodes text in it.
pub fn unicode_font(page: &mut FontPage, alphabet: &str) -> (String, impl Fn(&str) -> Vec<u8>) {
    let mut codes: BTreeMap<char, u8> = (0x20u8..0x7F).map(|b| (b as char, b)).collect();
    for c in alphabet.chars().filter(|c| !c.is_ascii()) {
        let next = 0x80 + codes.values().filter(|&&b| b >= 0x80).count();
        let code = u8::try_from(next).expect("at most 128 characters beyond ASCII");
        codes.entry(c).or_insert(code);
    }
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <00> <FF> endcodespacerange\n",
    );
    let _ = writeln!(cmap, "{} beginbfchar", codes.len());
    for (c, code) in &codes {
        let units: String = c.encode_utf16(&mut [0u16; 2]).iter().map(|u| format!("{u:04X}")).collect();
        let _ = writeln!(cmap, "<{code:02X}> <{units}>");
    }
    cmap.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
    let to_unicode = page.stream(Dictionary::new(), cmap.into_bytes());
    let mut font = simple_font("TrueType", "ABCDEF+ArialUnicode");
    font.set("ToUnicode", to_unicode);
    let name = page.font(font);
    let encode = move |text: &str| text.chars().map(|c| *codes.get(&c).expect("a character of the font")).collect();
    (name, encode)
}
