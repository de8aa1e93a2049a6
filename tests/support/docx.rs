//! A small DOCX writer for test fixtures: paragraphs and tables with spans, as Word and WPS
//! write them (`w:gridSpan`, `w:vMerge`, several `w:p` or `w:br` in a cell).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::reports::Body;
use zip::DateTime;

/// One table cell.
#[derive(Clone, Debug)]
pub struct Tc {
    /// Lines of the cell; each becomes a paragraph, or a `w:br` when `breaks` is set.
    pub lines: Vec<String>,
    pub span: usize,
    /// `Some(true)` restarts a vertical merge, `Some(false)` continues one.
    pub v_merge: Option<bool>,
    pub breaks: bool,
}

impl Tc {
    pub fn new(text: &str) -> Tc {
        Tc { lines: vec![text.to_string()], span: 1, v_merge: None, breaks: false }
    }
    pub fn span(mut self, n: usize) -> Tc {
        self.span = n;
        self
    }
    pub fn restart(mut self) -> Tc {
        self.v_merge = Some(true);
        self
    }
    pub fn cont() -> Tc {
        Tc { lines: vec![], span: 1, v_merge: Some(false), breaks: false }
    }
    /// Splits the text over several paragraphs at each `|`.
    pub fn lines(text: &str) -> Tc {
        Tc { lines: text.split('|').map(str::to_string).collect(), span: 1, v_merge: None, breaks: false }
    }
    /// Splits the text over `w:br` line breaks at each `|`.
    pub fn broken(text: &str) -> Tc {
        Tc { breaks: true, ..Tc::lines(text) }
    }
}

pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

#[derive(Default)]
pub struct Docx {
    pub body: String,
    pub header_text: Option<String>,
    pub footnote_text: Option<String>,
}

impl Body for Docx {
    fn para(&mut self, text: &str) -> &mut Self {
        self.body.push_str(&format!("<w:p>{}</w:p>", run(text)));
        self
    }
    fn heading(&mut self, text: &str) -> &mut Self {
        self.body.push_str(&format!("<w:p><w:pPr><w:pStyle w:val=\"2\"/></w:pPr>{}</w:p>", run(text)));
        self
    }
    fn table(&mut self, rows: &[Vec<Tc>]) -> &mut Self {
        self.body.push_str(&table_xml(rows));
        self
    }
}

impl Docx {
    /// Raw body XML, for tracked changes and other markup.
    pub fn raw(&mut self, xml: &str) -> &mut Self {
        self.body.push_str(xml);
        self
    }
    pub fn to_bytes(&self) -> Vec<u8> {
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{}<w:sectPr/></w:body></w:document>",
            self.body
        );
        let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style></w:styles>";
        let mut parts: Vec<(&str, String)> = vec![
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
            ("word/document.xml", document),
            ("word/styles.xml", styles.to_string()),
        ];
        if let Some(text) = &self.header_text {
            parts.push(("word/header1.xml", format!("<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p>{}</w:p></w:hdr>", run(text))));
        }
        if let Some(text) = &self.footnote_text {
            parts.push(("word/footnotes.xml", format!("<w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:footnote w:id=\"1\"><w:p>{}</w:p></w:footnote></w:footnotes>", run(text))));
        }
        zip_parts(&parts)
    }
}

/// A zip archive of the given parts, byte-identical on every run.
pub fn zip_parts(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().last_modified_time(DateTime::default());
    for (name, content) in parts {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

pub fn table_xml(rows: &[Vec<Tc>]) -> String {
    // Word always writes the grid's columns; LibreOffice needs them to keep the spans.
    let columns = rows.iter().map(|row| row.iter().map(|tc| tc.span).sum::<usize>()).max().unwrap_or(0);
    let mut xml = String::from("<w:tbl><w:tblPr><w:tblStyle w:val=\"a\"/></w:tblPr><w:tblGrid>");
    for _ in 0..columns {
        xml.push_str("<w:gridCol w:w=\"900\"/>");
    }
    xml.push_str("</w:tblGrid>");
    for row in rows {
        xml.push_str("<w:tr>");
        for tc in row {
            xml.push_str("<w:tc><w:tcPr>");
            if tc.span > 1 {
                xml.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", tc.span));
            }
            match tc.v_merge {
                Some(true) => xml.push_str("<w:vMerge w:val=\"restart\"/>"),
                Some(false) => xml.push_str("<w:vMerge/>"),
                None => {}
            }
            xml.push_str("</w:tcPr>");
            if tc.lines.is_empty() {
                xml.push_str("<w:p/>");
            } else if tc.breaks {
                let runs: Vec<String> = tc.lines.iter().map(|l| run(l)).collect();
                xml.push_str(&format!("<w:p>{}</w:p>", runs.join("<w:r><w:br/></w:r>")));
            } else {
                for line in &tc.lines {
                    xml.push_str(&format!("<w:p>{}</w:p>", run(line)));
                }
            }
            xml.push_str("</w:tc>");
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}
