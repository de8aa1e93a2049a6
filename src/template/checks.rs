//! The template's own arithmetic (勾稽关系), tested and reported, never used to change a value.

use std::collections::HashMap;

use serde::Serialize;

use crate::numbers::check_value;
use crate::template::keys::{keys, Version};
use crate::template::tables::Value;

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

const APPLICANTS: [&str; 6] = ["person", "business", "research", "nonprofit", "legal", "other"];
const COLUMNS: [&str; 7] = ["person", "business", "research", "nonprofit", "legal", "other", "total"];

struct Values<'a> {
    by_key: HashMap<&'a str, &'a Value>,
}

impl Values<'_> {
    /// A cell's number for arithmetic; blank cells count as 0, text that is no number as `None`.
    fn get(&self, key: &str) -> Option<f64> {
        self.by_key.get(key).map_or(Some(0.0), |v| check_value(&v.raw))
    }

    fn printed(&self, key: &str) -> bool {
        self.by_key.get(key).is_some_and(|v| !v.raw.trim().is_empty())
    }

    fn found(&self, prefix: &str) -> bool {
        self.by_key.iter().any(|(k, v)| k.starts_with(prefix) && v.found)
    }

    fn found_key(&self, key: &str) -> bool {
        self.by_key.get(key).is_some_and(|v| v.found)
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A sum over named terms, with the text that shows it.
fn sum(values: &Values, terms: &[(String, String)]) -> Option<(f64, String)> {
    let mut total = 0.0;
    let mut shown = Vec::new();
    for (label, key) in terms {
        let v = values.get(key)?;
        total += v;
        shown.push(format!("{label} {}", fmt_num(v)));
    }
    Some((total, shown.join(" + ")))
}

fn equation(name: String, values: &Values, left: &[(String, String)], right: &[(String, String)]) -> Check {
    match (sum(values, left), sum(values, right)) {
        (Some((l, ls)), Some((r, rs))) => {
            Check { name, ok: (l - r).abs() < 1e-6, detail: format!("{ls} = {} ; {rs} = {}", fmt_num(l), fmt_num(r)) }
        }
        _ => Check { name, ok: false, detail: "a cell holds text that is not a number".into() },
    }
}

fn term(label: &str, key: String) -> (String, String) {
    (label.to_string(), key)
}

/// Confidence (0 to 1) under which a value OCR read is doubted.
const UNSURE_OCR_CONFIDENCE: f32 = 0.5;

/// The values of a document read by OCR that OCR may have got wrong: a cell read as blank
/// (printed reports fill their cells, a thin `0` can be lost), as text that is no number, or
/// with little confidence. The template's arithmetic cannot see a blank read for a `0`, nor
/// check t2 at all, so a scan with any such value is not passed as right.
pub fn ocr_readings(values: &[Value], ocr_pages: &[u32]) -> Check {
    let doubtful: Vec<&str> = values
        .iter()
        .filter(|v| v.found && v.origin.page.is_none_or(|p| ocr_pages.contains(&p)))
        .filter(|v| {
            v.raw.trim().is_empty()
                || check_value(&v.raw).is_none()
                || v.origin.confidence.is_some_and(|c| c < UNSURE_OCR_CONFIDENCE)
        })
        .map(|v| v.key.as_str())
        .collect();
    let mut detail = match doubtful.len() {
        0 => "every value read by OCR is a number read with confidence".to_string(),
        n => format!("{n} values read by OCR are blank, not numbers or unsure: "),
    };
    detail.push_str(&doubtful.iter().take(10).copied().collect::<Vec<_>>().join(", "));
    if doubtful.len() > 10 {
        detail.push_str(", …");
    }
    Check { name: "ocr.readings".into(), ok: doubtful.is_empty(), detail }
}

/// Runs every check of TEMPLATE.md over the values of tables that were found.
pub fn run(values: &[Value], version: Version) -> Vec<Check> {
    let values = Values { by_key: values.iter().map(|v| (v.key.as_str(), v)).collect() };
    let mut checks = Vec::new();
    if values.found("t3.") {
        let rows: Vec<String> = {
            let mut rows: Vec<String> = Vec::new();
            for def in keys(version).iter().filter(|d| d.table == "t3") {
                let row = def.row_key().trim_start_matches("t3.").to_string();
                if !rows.contains(&row) {
                    rows.push(row);
                }
            }
            rows
        };
        for col in COLUMNS {
            let k = |row: &str| format!("t3.{row}.{col}");
            checks.push(equation(
                format!("t3.balance.{col}"),
                &values,
                &[term("new", k("new")), term("carried", k("carried"))],
                &[term("total", k("total")), term("carry_forward", k("carry_forward"))],
            ));
            let results: Vec<(String, String)> = rows
                .iter()
                .filter(|row| {
                    ["granted", "partial", "denied.", "unable.", "rejected."].iter().any(|p| row.starts_with(p))
                })
                .map(|row| term(row, k(row)))
                .collect();
            let other_parts: Vec<(String, String)> =
                rows.iter().filter(|row| row.starts_with("other.")).map(|row| term(row, k(row))).collect();
            // 2021 reports print （六）其他处理 either as three sub-rows or as one row.
            let other = if other_parts.iter().any(|(_, key)| values.printed(key)) {
                other_parts
            } else {
                vec![term("other", k("other"))]
            };
            let mut right = results;
            right.extend(other);
            checks.push(equation(format!("t3.results.{col}"), &values, &[term("total", k("total"))], &right));
        }
        for row in &rows {
            let k = |col: &str| format!("t3.{row}.{col}");
            if !COLUMNS.iter().any(|c| values.found_key(&k(c))) {
                continue;
            }
            let applicants: Vec<(String, String)> = APPLICANTS.iter().map(|c| term(c, k(c))).collect();
            checks.push(equation(format!("t3.row.{row}"), &values, &[term("total", k("total"))], &applicants));
        }
    }
    if values.found("t4.") {
        for block in ["review", "suit_direct", "suit_after_review"] {
            let k = |col: &str| format!("t4.{block}.{col}");
            checks.push(equation(
                format!("t4.{block}"),
                &values,
                &[term("total", k("total"))],
                &["upheld", "corrected", "other", "pending"].map(|c| term(c, k(c))),
            ));
        }
    }
    checks
}
