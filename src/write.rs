//! Writers: pure functions from a report to the bytes of each output file (docs/OUTPUT.md).

use serde::Serialize;
use serde_json::json;

use crate::template::keys::all_keys;
use crate::template::sections::Placed;
use crate::template::{Report, ReportJson};

/// A TSV field: tabs and line breaks become one space, so no field can break a line.
pub fn field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for ch in text.chars() {
        if matches!(ch, '\t' | '\n' | '\r') {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(ch);
            last_space = false;
        }
    }
    out
}

fn line(fields: &[&str]) -> String {
    let mut out = fields.iter().map(|f| field(f)).collect::<Vec<_>>().join("\t");
    out.push('\n');
    out
}

/// A TSV text as CSV (RFC 4180): the same rows and fields, a field quoted when it holds a
/// comma, a quote or a leading/trailing space, quotes doubled. TSV fields hold no tab or line
/// break (see [`field`]), so splitting on tabs gives the fields back.
pub fn tsv_to_csv(tsv: &str) -> String {
    let mut out = String::with_capacity(tsv.len() + tsv.len() / 8);
    for row in tsv.lines() {
        let fields: Vec<String> = row
            .split('\t')
            .map(|f| {
                if f.contains([',', '"']) || f.starts_with(' ') || f.ends_with(' ') {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.to_string()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The title column of the closing signature's lines.
const CLOSING_TITLE: &str = "落款";

/// `sections.tsv`: columns section, title, para, text. Each section's heading is its paragraph 0;
/// the closing signature (organisation and date) is section 7.
pub fn sections_tsv(report: &Report) -> String {
    let mut out = line(&["section", "title", "para", "text"]);
    let mut title = String::new();
    let mut para = 0usize;
    for item in &report.items {
        match item {
            Placed::Heading { section, text, .. } => {
                title.clone_from(text);
                para = 0;
                out.push_str(&line(&[&section.to_string(), &title, "0", text]));
            }
            Placed::Para { section, text, .. } => {
                if *section == crate::template::sections::CLOSING && title != CLOSING_TITLE {
                    title = CLOSING_TITLE.to_string();
                    para = 0;
                }
                para += 1;
                out.push_str(&line(&[&section.to_string(), &title, &para.to_string(), text]));
            }
            Placed::Table { .. } => {}
        }
    }
    out
}

/// `tables/<id>.tsv`: the rectangular grid, merged text repeated in every position it covers.
pub fn table_tsv(table: &crate::model::Table) -> String {
    table.expanded().iter().map(|row| line(&row.iter().map(String::as_str).collect::<Vec<_>>())).collect()
}

fn page(origin: &crate::model::Origin) -> String {
    origin.page.map(|p| p.to_string()).unwrap_or_default()
}

/// `values.tsv`: one line per canonical key of the recognized template.
pub fn values_tsv(report: &Report) -> String {
    let mut out = line(&["key", "raw", "number", "row_label", "column_label", "page"]);
    for v in &report.values {
        out.push_str(&line(&[
            &v.key,
            &v.raw,
            v.number.as_deref().unwrap_or(""),
            &v.row_label,
            &v.column_label,
            &page(&v.origin),
        ]));
    }
    out
}

/// `checks.tsv`: each check, `ok` or `failed`, with the numbers.
pub fn checks_tsv(report: &Report) -> String {
    let mut out = line(&["check", "status", "detail"]);
    for c in &report.checks {
        out.push_str(&line(&[&c.name, if c.ok { "ok" } else { "failed" }, &c.detail]));
    }
    out
}

/// Where a report came from and where it is written, for `report.json`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Provenance<'a> {
    /// The input's path, escaped as the summary writes it.
    pub source: &'a str,
    /// SHA-256 of the input's bytes, hexadecimal.
    pub sha256: &'a str,
    /// The document's folder, relative to the output folder.
    pub folder: &'a str,
}

/// `report.json`: everything, with provenance.
pub fn report_json(report: &Report, provenance: &Provenance) -> String {
    let mut text = report_json_as(report, provenance, None, true);
    text.push('\n');
    text
}

/// `report.json` on one line and without the boxes of paragraphs, cells and values (pages
/// kept): a fraction of the bytes, for batches of many documents.
pub fn report_json_compact(report: &Report, provenance: &Provenance) -> String {
    let mut text = report_json_as(&without_boxes(report), provenance, None, false);
    text.push('\n');
    text
}

/// A copy of the report whose origins keep their page and confidence but not their box.
fn without_boxes(report: &Report) -> Report {
    let mut report = report.clone();
    for item in &mut report.items {
        if let Placed::Heading { origin, .. } | Placed::Para { origin, .. } = item {
            origin.bbox = None;
        }
    }
    for named in &mut report.tables {
        named.table.origin.bbox = None;
        for cell in &mut named.table.cells {
            cell.origin.bbox = None;
        }
    }
    for value in &mut report.values {
        value.origin.bbox = None;
    }
    report
}

/// The document's status and the message that explains it, as `summary.tsv` gives them.
#[derive(Serialize)]
pub struct StatusJson<'a> {
    pub status: &'a str,
    pub message: &'a str,
}

/// The serializable view of a report that `report.json` is written from.
pub fn report_view<'a>(report: &'a Report, provenance: &Provenance<'a>) -> ReportJson<'a> {
    let sections = report
        .items
        .iter()
        .map(|item| match item {
            Placed::Heading { section, text, origin } => {
                json!({"section": section, "kind": "heading", "text": text, "origin": origin})
            }
            Placed::Para { section, text, origin } => {
                json!({"section": section, "kind": "para", "text": text, "origin": origin})
            }
            Placed::Table { section, index } => {
                json!({"section": section, "kind": "table", "index": index})
            }
        })
        .collect();
    ReportJson {
        source: provenance.source,
        sha256: provenance.sha256,
        folder: provenance.folder,
        nianbao: env!("CARGO_PKG_VERSION"),
        format: report.format.name(),
        pages: report.pages,
        damaged_pages: &report.damaged_pages,
        ocr_pages: &report.ocr_pages,
        title: &report.title.title,
        org: &report.title.org,
        year: report.title.year,
        template: report.template.map(|v| v.name()),
        sections,
        tables: &report.tables,
        values: &report.values,
        checks: &report.checks,
        repairs: &report.repairs,
        notes: &report.notes,
    }
}

/// The stdout stream's JSON formats: what `report.json` holds, after the document's status,
/// pretty (`json`) or on one line (`jsonl`).
pub fn report_json_as(report: &Report, provenance: &Provenance, status: Option<StatusJson>, pretty: bool) -> String {
    #[derive(Serialize)]
    struct WithStatus<'a> {
        #[serde(flatten)]
        status: StatusJson<'a>,
        #[serde(flatten)]
        report: ReportJson<'a>,
    }
    let view = report_view(report, provenance);
    let written = match (status, pretty) {
        (Some(status), true) => serde_json::to_string_pretty(&WithStatus { status, report: view }),
        (Some(status), false) => serde_json::to_string(&WithStatus { status, report: view }),
        (None, true) => serde_json::to_string_pretty(&view),
        (None, false) => serde_json::to_string(&view),
    };
    written.unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The stdout stream for one file: columns section, kind, text....; a table is a `table`
/// line naming it, then one `row` line per grid row, each naming the table again, all of one
/// table's width.
pub fn stream(report: &Report) -> String {
    let mut out = line(&["section", "kind", "text"]);
    for item in &report.items {
        match item {
            Placed::Heading { section, text, .. } => out.push_str(&line(&[&section.to_string(), "heading", text])),
            Placed::Para { section, text, .. } => out.push_str(&line(&[&section.to_string(), "para", text])),
            Placed::Table { section, index } => {
                // A continued part was joined into the table before it and is written there.
                let Some(named) = table_for_index(report, *index) else {
                    continue;
                };
                let s = section.to_string();
                out.push_str(&line(&[&s, "table", &named.id]));
                for row in named.table.expanded() {
                    let mut fields = vec![s.as_str(), "row", named.id.as_str()];
                    fields.extend(row.iter().map(String::as_str));
                    out.push_str(&line(&fields));
                }
            }
        }
    }
    out
}

/// The output table that starts with printed table `index`, if that table was not joined
/// into an earlier one.
fn table_for_index(report: &Report, index: usize) -> Option<&crate::template::tables::NamedTable> {
    let mut start = 0;
    for named in &report.tables {
        if start == index {
            return Some(named);
        }
        start += named.parts;
    }
    None
}

/// The header line of `dataset.tsv`.
pub fn dataset_header() -> String {
    let mut fields = vec!["source", "template", "org", "year"];
    fields.extend(all_keys().iter().map(String::as_str));
    line(&fields)
}

/// One `dataset.tsv` row, or `None` when the document follows no recognized template.
pub fn dataset_row(report: &Report, source: &str) -> Option<String> {
    let version = report.template?;
    let year = report.title.year.map(|y| y.to_string()).unwrap_or_default();
    let mut fields: Vec<String> = vec![source.to_string(), version.name().to_string(), report.title.org.clone(), year];
    for key in all_keys() {
        let number = report.values.iter().find(|v| &v.key == key).and_then(|v| v.number.clone()).unwrap_or_default();
        fields.push(number);
    }
    Some(line(&fields.iter().map(String::as_str).collect::<Vec<_>>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_never_hold_tabs_or_newlines() {
        assert_eq!(field("a\tb\nc\r\nd"), "a b c d");
        assert_eq!(line(&["x", "y\tz"]), "x\ty z\n");
    }
}
