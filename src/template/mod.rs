//! What the national report template lets us know: sections, tables, keys and checks.

pub mod checks;
pub mod glued;
pub mod keys;
pub mod labels;
pub mod repair;
pub mod sections;
pub mod shape;
pub mod spill;
pub mod tables;

use serde::Serialize;

use crate::model::{Block, Document, Format};
use checks::Check;
use keys::Version;
use repair::Repair;
use sections::{Placed, TitleInfo};
use tables::{NamedTable, TableInput, Value};

/// A document recognized against the template: everything the writers need.
#[derive(Debug, Clone)]
pub struct Report {
    pub format: Format,
    pub pages: Option<u32>,
    pub title: TitleInfo,
    /// The template version, when any of its tables was recognized.
    pub template: Option<Version>,
    /// Headings and paragraphs in reading order, placed in sections; tables by index.
    pub items: Vec<Placed>,
    pub tables: Vec<NamedTable>,
    /// Every canonical key of `template`, found or not; empty when no template table was found.
    pub values: Vec<Value>,
    pub checks: Vec<Check>,
    /// Repairs of broken grids, applied or refused, for provenance.
    pub repairs: Vec<Repair>,
    pub notes: Vec<String>,
    /// Visible glyphs read from a PDF (0 for other formats).
    pub glyphs: usize,
    /// Glyphs whose font gave no Unicode text.
    pub unreadable: usize,
    /// Images drawn on the pages.
    pub images: usize,
    /// Pages whose content could not be read whole (PDF), numbered from 1.
    pub damaged_pages: Vec<u32>,
    /// Pages read by OCR from their image, numbered from 1.
    pub ocr_pages: Vec<u32>,
    /// Whether pages of images were read by OCR.
    pub ocr: crate::model::Ocr,
}

impl Report {
    /// Nothing to read: a PDF of images without one glyph (a scan without a text layer), or
    /// any other document whose paragraphs and cells are all blank.
    pub fn has_no_text(&self) -> bool {
        match self.format {
            Format::Pdf => self.glyphs == 0 && self.images > 0,
            _ => !self.has_text(),
        }
    }

    fn has_text(&self) -> bool {
        let blank = |text: &str| text.trim().is_empty();
        self.items.iter().any(|item| match item {
            Placed::Heading { text, .. } | Placed::Para { text, .. } => !blank(text),
            Placed::Table { .. } => false,
        }) || self.tables.iter().any(|named| named.table.cells.iter().any(|cell| !blank(&cell.text)))
    }

    /// A PDF with neither text nor images: nothing on its pages could be read.
    pub fn is_blank_pdf(&self) -> bool {
        self.format == Format::Pdf && self.glyphs == 0 && self.images == 0
    }

    /// Section numbers (1-6) whose heading was found.
    pub fn sections_found(&self) -> Vec<u8> {
        self.items
            .iter()
            .filter_map(|p| match p {
                Placed::Heading { section, .. } => Some(*section),
                _ => None,
            })
            .collect()
    }

    /// How many checks failed.
    pub fn checks_failed(&self) -> usize {
        self.checks.iter().filter(|c| !c.ok).count()
    }

    /// The value of a canonical key (`t3.denied.law.person`), when the report's template
    /// has that key.
    pub fn value(&self, key: &str) -> Option<&Value> {
        self.values.iter().find(|v| v.key == key)
    }

    /// A table by its id: `t2`, `t3`, `t4` for the template's, `table-N` for others.
    pub fn table(&self, id: &str) -> Option<&NamedTable> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// How the conversion ended and the message that says why, as `summary.tsv` and the
    /// terminal give them: [`Status::Ok`] (its message may still name sections not found),
    /// [`Status::Warnings`] (failed checks, unreadable glyphs, damaged pages), [`Status::NoText`]
    /// (a scan OCR could not read, a blank file) or [`Status::Failed`] (nothing readable).
    ///
    /// [`Status::Ok`]: crate::Status::Ok
    /// [`Status::Warnings`]: crate::Status::Warnings
    /// [`Status::NoText`]: crate::Status::NoText
    /// [`Status::Failed`]: crate::Status::Failed
    pub fn status(&self) -> (crate::Status, String) {
        crate::batch::describe(self)
    }

    /// The report as `report.json` writes it (pretty, with boxes), without the provenance
    /// fields a batch fills in (`source`, `sha256` and `folder` are empty).
    pub fn to_json(&self) -> String {
        crate::write::report_json(self, &crate::write::Provenance::default())
    }
}

/// A report serializes as `report.json` does (see `docs/OUTPUT.md`), with empty `source`,
/// `sha256` and `folder`.
impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::write::report_view(self, &crate::write::Provenance::default()).serialize(serializer)
    }
}

/// The annual reports' words for the generic stages: their numbered section headings, and
/// the labels their tables open on (the only sign of a table a flattened text dump keeps).
pub struct ReportVocabulary;

/// Words that open one of the template's tables: t2's article, t3's header and check note,
/// t2's column label, t4's header, t3's first row.
const TABLE_ANCHORS: [&str; 6] =
    ["第二十条", "申请人情况", "本列数据的勾稽关系", "信息内容", "行政复议", "本年新收政府信息公开申请"];

impl crate::vocabulary::Vocabulary for ReportVocabulary {
    fn is_heading(&self, text: &str) -> bool {
        sections::match_heading(text).is_some()
    }

    fn opens_table(&self, text: &str) -> bool {
        let key = labels::text_key(text);
        TABLE_ANCHORS.iter().any(|a| key.contains(a))
    }
}

/// Paragraphs that may stand between two parts of one table: a page number, `续表`, a unit note.
const MAX_GAP_PARAGRAPHS: usize = 2;
const MAX_GAP_CHARS: usize = 30;

/// Applies the template to a document.
pub fn recognize(doc: Document) -> Report {
    let (glyphs, unreadable, images) = (doc.glyphs, doc.unreadable, doc.images);
    let damaged_pages = doc.damaged_pages;
    let ocr_pages = doc.ocr_pages;
    let ocr_doubts = doc.ocr_doubts;
    let ocr = doc.ocr;
    let placed = sections::place(&doc.blocks);
    let title = sections::title_info(&placed);
    let mut tables_in: Vec<TableInput> = Vec::new();
    let mut gap: Option<(usize, bool)> = None;
    let mut doc_tables = doc.blocks.into_iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    });
    for item in &placed {
        match item {
            Placed::Table { section, .. } => {
                let follows_previous = matches!(gap, Some((n, false)) if n <= MAX_GAP_PARAGRAPHS);
                if let Some(table) = doc_tables.next() {
                    let directly_follows = matches!(gap, Some((0, false)));
                    tables_in.push(TableInput { section: *section, table, follows_previous, directly_follows });
                }
                gap = Some((0, false));
            }
            Placed::Para { text, .. } => {
                if let Some((n, broken)) = gap {
                    gap = Some((n + 1, broken || text.chars().count() > MAX_GAP_CHARS));
                }
            }
            Placed::Heading { .. } => gap = gap.map(|(n, _)| (n, true)),
        }
    }
    let mut tables = tables::assemble(tables_in);
    let recognized = tables.iter().any(|t| t.kind.is_some());
    let (template, values, checks, repairs) = if recognized {
        let version = tables::detect_version(&tables, title.year);
        let (mut values, mut repairs) = tables::extract_values(&tables, version);
        repairs.extend(repair::misread_cells(&mut values, version));
        let mut checks = checks::run(&values, version);
        if !ocr_pages.is_empty() {
            checks.push(checks::ocr_readings(&values, &ocr_pages, &ocr_doubts, version));
        }
        // A repair that found no single reading is a warning of its own.
        checks.extend(repairs.iter().filter(|r| !r.applied()).map(|r| Check {
            name: format!("repair.{}", r.row),
            ok: false,
            detail: r.detail.clone(),
            cells: Vec::new(),
        }));
        (Some(version), values, checks, repairs)
    } else {
        (None, Vec::new(), Vec::new(), Vec::new())
    };
    let mut notes = doc.notes;
    // Tables whose layout lost the template's printed shape get it back from their own text.
    for named in &mut tables {
        if named.kind == Some(tables::TableKind::T4) {
            if let Some(shaped) = shape::t4(&named.table, &values, &mut notes) {
                named.table = shaped;
            }
        }
        // Glued rows (a text dump that printed no space between cells): the repairs read
        // their numbers; the template's labels cut the rest.
        let glued_in = |id: &str| repairs.iter().any(|r| r.applied() && r.row.starts_with(&format!("{id}.")));
        let rebuilt = match (named.kind, template) {
            (Some(tables::TableKind::T2), Some(version)) if glued_in("t2") => {
                glued::rebuild_t2(&named.table, version, &values)
            }
            (Some(tables::TableKind::T3), Some(version)) => glued::rebuild(&named.table, "t3", version, &values),
            _ => None,
        };
        if let Some(shaped) = rebuilt {
            named.table = shaped;
        }
        if let (Some(kind), Some(version)) = (named.kind, template) {
            let labels: Vec<&str> = keys::keys(version)
                .iter()
                .filter(|d| d.table == kind.id())
                .flat_map(|d| d.row_label.split('/').chain(d.column_label.split('/')))
                .collect();
            notes.extend(spill::mend(&mut named.table, &labels).into_iter().map(|n| format!("{}: {n}", named.id)));
        }
    }
    // Grids are written as wide and as tall as what they print.
    for named in &mut tables {
        named.table.trim_empty();
    }
    Report {
        format: doc.format,
        pages: doc.pages,
        title,
        template,
        items: placed,
        tables,
        values,
        checks,
        repairs,
        notes,
        glyphs,
        unreadable,
        images,
        damaged_pages,
        ocr_pages,
        ocr,
    }
}

/// Serializable view of the report for `report.json`.
#[derive(Serialize)]
pub struct ReportJson<'a> {
    pub source: &'a str,
    /// SHA-256 of the input's bytes.
    pub sha256: &'a str,
    /// The document's folder, relative to the output folder.
    pub folder: &'a str,
    /// The nianbao version that wrote this file.
    pub nianbao: &'static str,
    pub format: &'static str,
    pub pages: Option<u32>,
    /// Pages that could not be read whole (damaged, or over a reader's limit).
    pub damaged_pages: &'a [u32],
    /// Pages read by OCR from their image (a scan).
    pub ocr_pages: &'a [u32],
    pub title: &'a str,
    pub org: &'a str,
    pub year: Option<u32>,
    pub template: Option<&'static str>,
    pub sections: Vec<serde_json::Value>,
    pub tables: &'a [NamedTable],
    pub values: &'a [Value],
    pub checks: &'a [Check],
    pub repairs: &'a [Repair],
    pub notes: &'a [String],
}

#[cfg(test)]
mod tests {
    use super::ReportVocabulary;
    use crate::read::text;
    use crate::vocabulary::{Plain, Vocabulary};

    #[test]
    fn the_report_vocabulary_knows_the_sections_and_the_tables_labels() {
        assert!(ReportVocabulary.is_heading("一、总体情况"));
        assert!(ReportVocabulary.is_heading("三、收到和处理政府信息公开申请情况"));
        assert!(!ReportVocabulary.is_heading("二是加强政策解读"));
        assert!(!ReportVocabulary.is_heading("（一）主动公开"));
        assert!(ReportVocabulary.opens_table("申请人情况 | 自然人"));
        assert!(ReportVocabulary.opens_table("第二十条第(一)项"));
        assert!(!ReportVocabulary.opens_table("本年度共收到申请12件"));
    }

    #[test]
    fn a_text_dump_s_table_is_found_by_the_labels_its_vocabulary_knows() {
        let dump =
            "一、总体情况\n本乡公开信息。\n信息内容 | 本年制发件数 | 本年废止件数\n规章 | 0 | 0\n二、其他\n".as_bytes();
        let tables = |vocabulary: &dyn Vocabulary| {
            let document = text::read(dump, vocabulary).expect("read");
            document.blocks.iter().filter(|b| matches!(b, crate::model::Block::Table(_))).count()
        };
        assert_eq!(tables(&ReportVocabulary), 1);
        assert_eq!(tables(&Plain), 0);
    }
}
