//! The template's own arithmetic (勾稽关系), tested and reported, never used to change a value.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::OcrDoubt;
use crate::numbers::check_value;
use crate::template::keys::{keys, Version};
use crate::template::tables::Value;

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
    /// The keys (or tables) a failed check doubts, where it names them (`ocr.readings`).
    #[serde(skip)]
    pub cells: Vec<String>,
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
        (Some((l, ls)), Some((r, rs))) => Check {
            name,
            ok: (l - r).abs() < 1e-6,
            detail: format!("{ls} = {} ; {rs} = {}", fmt_num(l), fmt_num(r)),
            cells: Vec::new(),
        },
        _ => Check { name, ok: false, detail: "a cell holds text that is not a number".into(), cells: Vec::new() },
    }
}

fn term(label: &str, key: String) -> (String, String) {
    (label.to_string(), key)
}

/// Confidence (0 to 1) under which a value OCR read is doubted: Tesseract's word confidence
/// falls under it where the word is more guessed than read.
const UNSURE_OCR_CONFIDENCE: f32 = 0.5;
/// Most doubtful values a check's detail names; the rest are counted.
const NAMED_DOUBTS: usize = 10;

/// Whether the template's arithmetic vouches for `values[i]`: a check that holds would fail
/// were the value one more. A misread that the arithmetic still satisfies would need a second
/// misread in the same equation that makes up for it.
fn confirmed_by_arithmetic(values: &[Value], i: usize, version: Version, before: &[Check]) -> bool {
    let Some(number) = check_value(&values[i].raw) else {
        return false;
    };
    let mut changed = values.to_vec();
    changed[i].raw = fmt_num(number + 1.0);
    let after = run(&changed, version);
    before.iter().filter(|c| c.ok).any(|c| after.iter().any(|a| a.name == c.name && !a.ok))
}

/// The template row a key belongs to (`t3.other.no_fee` of `t3.other.no_fee.person`) and its column.
fn row_and_column(key: &str) -> (&str, &str) {
    key.rsplit_once('.').unwrap_or((key, ""))
}

/// Whether a key that was not found is printed another way: as the parts of its row
/// (`t3.other.*` for `t3.other`), or inside the row it is a part of.
fn printed_otherwise(key: &str, values: &[Value]) -> bool {
    let (row, column) = row_and_column(key);
    values.iter().filter(|v| v.found).any(|v| {
        let (found_row, found_column) = row_and_column(&v.key);
        found_column == column
            && (found_row.strip_prefix(row).is_some_and(|rest| rest.starts_with('.'))
                || row.strip_prefix(found_row).is_some_and(|rest| rest.starts_with('.')))
    })
}

/// The values of a document read by OCR that OCR may have got wrong, each with why:
///
/// - a template table, or a row or cell of one, not found on a scan (a row label OCR lost);
/// - a cell read as blank (printed reports fill their cells; a thin `0` can be lost) or as
///   text that is no number;
/// - a number read with little confidence, or one the two recognizers read differently
///   (`doubts`, from OCR), unless the template's arithmetic vouches for it.
///
/// The template's arithmetic cannot see a blank read for a `0`, nor check t2 at all, so a
/// scan with any such value is not passed as right.
pub fn ocr_readings(values: &[Value], ocr_pages: &[u32], doubts: &[OcrDoubt], version: Version) -> Check {
    let before = run(values, version);
    let mut doubtful: Vec<(String, String)> = Vec::new();
    for table in ["t2", "t3", "t4"] {
        let prefix = format!("{table}.");
        let keys: Vec<&Value> = values.iter().filter(|v| v.key.starts_with(&prefix)).collect();
        if !keys.is_empty() && !keys.iter().any(|v| v.found) {
            doubtful.push((table.to_string(), "table not found".into()));
            continue;
        }
        for v in keys.iter().filter(|v| !v.found && !printed_otherwise(&v.key, values)) {
            doubtful.push((v.key.clone(), "not found".into()));
        }
    }
    for (i, v) in values.iter().enumerate() {
        if !v.found || !v.origin.page.is_none_or(|p| ocr_pages.contains(&p)) {
            continue;
        }
        let why = if v.raw.trim().is_empty() {
            "blank".to_string()
        } else if check_value(&v.raw).is_none() {
            format!("read as {:?}", v.raw)
        } else {
            let unsure = v.origin.confidence.filter(|&c| c < UNSURE_OCR_CONFIDENCE);
            let disputed = doubts
                .iter()
                .find(|d| Some(d.page) == v.origin.page && v.origin.bbox.is_some_and(|b| holds(b, d.bbox)));
            let why = match (disputed, unsure) {
                (Some(d), _) => format!("{}: {}", v.raw, d.why),
                (None, Some(c)) => format!("{} read with confidence {c:.2}", v.raw),
                (None, None) => continue,
            };
            if confirmed_by_arithmetic(values, i, version, &before) {
                continue;
            }
            why
        };
        doubtful.push((v.key.clone(), why));
    }
    let mut detail = match doubtful.len() {
        0 => "every value read by OCR is a number read with confidence".to_string(),
        1 => "1 value read by OCR is doubtful: ".to_string(),
        n => format!("{n} values read by OCR are doubtful: "),
    };
    let named: Vec<String> = doubtful.iter().take(NAMED_DOUBTS).map(|(key, why)| format!("{key} ({why})")).collect();
    detail.push_str(&named.join(", "));
    if doubtful.len() > NAMED_DOUBTS {
        detail.push_str(", …");
    }
    Check {
        name: "ocr.readings".into(),
        ok: doubtful.is_empty(),
        detail,
        cells: doubtful.into_iter().map(|(key, _)| key).collect(),
    }
}

/// Whether the box `outer` holds the centre of `inner`.
fn holds(outer: [f32; 4], inner: [f32; 4]) -> bool {
    let (cx, cy) = ((inner[0] + inner[2]) / 2.0, (inner[1] + inner[3]) / 2.0);
    outer[0] <= cx && cx <= outer[2] && outer[1] <= cy && cy <= outer[3]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    /// Every key of the 2021 template, found, `0` read by OCR on page 1 with confidence 0.9,
    /// each in a box of its own (10 points high, one under the other).
    fn scan_values() -> Vec<Value> {
        keys(Version::V2021)
            .iter()
            .enumerate()
            .map(|(i, def)| Value {
                key: def.key.clone(),
                raw: "0".into(),
                number: Some("0".into()),
                row_label: String::new(),
                column_label: String::new(),
                origin: Origin {
                    page: Some(1),
                    bbox: Some([0.0, 10.0 * i as f32, 50.0, 10.0 * i as f32 + 10.0]),
                    confidence: Some(0.9),
                },
                found: true,
            })
            .collect()
    }

    fn at<'a>(values: &'a mut [Value], key: &str) -> &'a mut Value {
        values.iter_mut().find(|v| v.key == key).expect("key")
    }

    fn doubt_on(values: &[Value], key: &str, why: &str) -> OcrDoubt {
        let v = values.iter().find(|v| v.key == key).expect("key");
        OcrDoubt { page: 1, bbox: v.origin.bbox.expect("box"), why: why.into() }
    }

    #[test]
    fn a_scan_read_with_confidence_passes() {
        let mut values = scan_values();
        // 2021 reports print 其他处理 as three rows: the one-row key is not looked for then.
        values.iter_mut().filter(|v| v.key.starts_with("t3.other.") && v.key.matches('.').count() == 2).for_each(|v| {
            v.found = false;
        });
        let check = ocr_readings(&values, &[1], &[], Version::V2021);
        assert!(check.ok, "{}", check.detail);
        assert_eq!(check.detail, "every value read by OCR is a number read with confidence");
    }

    #[test]
    fn two_models_reading_different_numbers_make_a_t2_cell_doubtful() {
        let mut values = scan_values();
        at(&mut values, "t2.licensing.decisions").raw = "2".into();
        let doubt = doubt_on(&values, "t2.licensing.decisions", "read 1 by the text model, 2 by the digits model");
        let check = ocr_readings(&values, &[1], std::slice::from_ref(&doubt), Version::V2021);
        assert!(!check.ok);
        assert_eq!(
            check.detail,
            "1 value read by OCR is doubtful: t2.licensing.decisions (2: read 1 by the text model, 2 by the digits model)"
        );
        assert_eq!(check.cells, ["t2.licensing.decisions"]);
        // A doubt on another page is another cell.
        let elsewhere = OcrDoubt { page: 2, ..doubt };
        assert!(ocr_readings(&values, &[1, 2], &[elsewhere], Version::V2021).ok);
    }

    #[test]
    fn the_arithmetic_vouches_for_a_doubted_t3_cell_it_checks() {
        let mut values = scan_values();
        for key in ["t3.new.person", "t3.new.total", "t3.granted.person", "t3.granted.total", "t3.total.person"] {
            at(&mut values, key).raw = "8".into();
        }
        at(&mut values, "t3.total.total").raw = "8".into();
        // Read 8 by one model and 0 by the other, but its row and column add up with 8.
        let doubt = doubt_on(&values, "t3.new.person", "read 8 by the text model, 0 by the digits model");
        let check = ocr_readings(&values, &[1], &[doubt], Version::V2021);
        assert!(check.ok, "{}", check.detail);
        // Unsure and in no equation (t2): doubtful.
        at(&mut values, "t2.rules.issued").origin.confidence = Some(0.3);
        let check = ocr_readings(&values, &[1], &[], Version::V2021);
        assert!(check.detail.contains("t2.rules.issued (0 read with confidence 0.30)"), "{}", check.detail);
    }

    #[test]
    fn a_row_or_table_not_found_on_a_scan_is_doubtful() {
        let mut values = scan_values();
        values.iter_mut().filter(|v| v.key.starts_with("t3.other.") && v.key.matches('.').count() == 2).for_each(|v| {
            v.found = false;
        });
        for key in ["t2.rules.issued", "t2.rules.repealed"] {
            at(&mut values, key).found = false;
        }
        values.iter_mut().filter(|v| v.key.starts_with("t4.")).for_each(|v| v.found = false);
        at(&mut values, "t3.granted.person").raw = String::new();
        at(&mut values, "t3.granted.business").raw = "了".into();
        let check = ocr_readings(&values, &[1], &[], Version::V2021);
        assert_eq!(
            check.detail,
            "5 values read by OCR are doubtful: t2.rules.issued (not found), t2.rules.repealed (not found), t4 (table not found), t3.granted.person (blank), t3.granted.business (read as \"了\")"
        );
        assert_eq!(
            check.cells,
            ["t2.rules.issued", "t2.rules.repealed", "t4", "t3.granted.person", "t3.granted.business"]
        );
    }
}
