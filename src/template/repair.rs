//! Named repairs of broken grids, each one logged: numbers glued together with no
//! separator (`0000000` for seven cells), cut apart where the template's arithmetic allows
//! exactly one reading; a cell a text dump lost; a cell OCR misread.

use serde::Serialize;

use crate::numbers::check_value;
use crate::template::checks;
use crate::template::keys::Version;
use crate::template::tables::Value;

/// A repair applied to the printed cells of one template row, or refused as ambiguous.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repair {
    /// The template row (`t3.new`), or table (`t4`).
    pub row: String,
    pub kind: &'static str,
    /// What the document printed.
    pub printed: String,
    /// The cells it was read as; empty when no single reading was found.
    pub reading: Vec<String>,
    pub detail: String,
}

impl Repair {
    pub fn applied(&self) -> bool {
        !self.reading.is_empty()
    }
}

/// The arithmetic a row's cells must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// No arithmetic: only a string with one possible cut is read.
    None,
    /// The last cell is the sum of the others (t3: 总计 of the six applicant columns).
    LastIsSum,
    /// Blocks of this many cells, each block's last the sum of the rest (t4: 5 per block).
    BlocksLastIsSum(usize),
}

/// Work allowed to one search before it counts as ambiguous.
const MAX_STEPS: usize = 2_000_000;

/// Cuts a string of digits into `n` numbers without leading zeros that satisfy `rule`.
/// Returns the one reading, or how many readings were seen (0, or 2 meaning "several").
pub fn cut_digits(digits: &str, n: usize, rule: Rule) -> Result<Vec<u64>, usize> {
    if n == 0 || digits.len() < n || digits.len() > 40 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(0);
    }
    let bytes = digits.as_bytes();
    let mut found: Vec<Vec<u64>> = Vec::new();
    let mut steps = 0usize;
    let mut parts: Vec<u64> = Vec::with_capacity(n);
    fn block_ok(parts: &[u64], rule: Rule, n: usize) -> bool {
        match rule {
            Rule::BlocksLastIsSum(k) if k > 1 && parts.len().is_multiple_of(k) => {
                let block = &parts[parts.len() - k..];
                block[..k - 1].iter().sum::<u64>() == block[k - 1]
            }
            Rule::LastIsSum if parts.len() == n => parts[..n - 1].iter().sum::<u64>() == parts[n - 1],
            _ => true,
        }
    }
    #[allow(clippy::too_many_arguments)]
    fn search(
        bytes: &[u8],
        at: usize,
        n: usize,
        rule: Rule,
        parts: &mut Vec<u64>,
        found: &mut Vec<Vec<u64>>,
        steps: &mut usize,
    ) {
        *steps += 1;
        if found.len() > 1 || *steps > MAX_STEPS {
            return;
        }
        let left = n - parts.len();
        if left == 0 {
            if at == bytes.len() {
                found.push(parts.clone());
            }
            return;
        }
        let remaining = bytes.len() - at;
        // Every later part needs at least one digit.
        let max_len = remaining.saturating_sub(left - 1).min(15);
        for len in 1..=max_len {
            if len > 1 && bytes[at] == b'0' {
                break;
            }
            let Ok(text) = std::str::from_utf8(&bytes[at..at + len]) else { break };
            let Ok(value) = text.parse::<u64>() else { break };
            parts.push(value);
            if block_ok(parts, rule, n) {
                search(bytes, at + len, n, rule, parts, found, steps);
            }
            parts.pop();
        }
    }
    search(bytes, 0, n, rule, &mut parts, &mut found, &mut steps);
    if steps > MAX_STEPS {
        return Err(2);
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        k => Err(k),
    }
}

/// Reads glued digits for a template row, logging what was done either way.
pub fn unglue(row: &str, printed: &str, n: usize, rule: Rule) -> Repair {
    match cut_digits(printed, n, rule) {
        Ok(parts) => Repair {
            row: row.to_string(),
            kind: "glued-digits",
            printed: printed.to_string(),
            reading: parts.iter().map(u64::to_string).collect(),
            detail: format!("{printed} read as {n} cells by the only cut that the template's arithmetic allows"),
        },
        Err(0) => Repair {
            row: row.to_string(),
            kind: "glued-digits",
            printed: printed.to_string(),
            reading: Vec::new(),
            detail: format!("{printed} cannot be read as {n} cells that the template's arithmetic allows; left empty"),
        },
        Err(_) => Repair {
            row: row.to_string(),
            kind: "glued-digits",
            printed: printed.to_string(),
            reading: Vec::new(),
            detail: format!("{printed} can be read as {n} cells in several ways; left empty"),
        },
    }
}

/// A row of counts whose last cell is the sum of the others, printed with one cell lost (a
/// text dump that dropped it): the value the arithmetic forces, when the others are all
/// printed whole numbers and it is not negative. `cells` are the row's cells in template
/// order, the lost one empty.
pub fn fill_lost_cell(row: &str, cells: &[String]) -> Option<Repair> {
    let blank: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].trim().is_empty()).collect();
    let [lost] = blank.as_slice() else { return None };
    let lost = *lost;
    let numbers: Vec<Option<u64>> = cells.iter().map(|c| c.trim().parse::<u64>().ok()).collect();
    let known = |i: usize| if i == lost { Some(0) } else { numbers[i] };
    let last = cells.len().checked_sub(1)?;
    let parts: u64 = (0..last).map(known).sum::<Option<u64>>()?;
    let value = if lost == last { parts } else { known(last)?.checked_sub(parts)? };
    let mut reading: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    reading[lost] = value.to_string();
    let printed: Vec<&str> = cells.iter().map(|c| if c.trim().is_empty() { "(blank)" } else { c.trim() }).collect();
    Some(Repair {
        row: row.to_string(),
        kind: "lost-cell",
        printed: printed.join(" "),
        reading,
        detail: format!(
            "cell {} of {} was not printed; {value} is the only value the row's total allows",
            lost + 1,
            cells.len()
        ),
    })
}

/// The columns of a t3 row, its total last.
const T3_COLUMNS: [&str; 7] = ["person", "business", "research", "nonprofit", "legal", "other", "total"];

/// The value a t3 row's arithmetic forces in `column` (total = the six applicants), when every
/// other cell of the row is a number: a whole number, not negative.
fn forced_t3_cell(values: &[Value], row: &str, column: &str) -> Option<u64> {
    let number = |col: &str| -> Option<f64> {
        let key = format!("t3.{row}.{col}");
        values.iter().find(|v| v.key == key).map_or(Some(0.0), |v| check_value(&v.raw))
    };
    let applicants = &T3_COLUMNS[..6];
    let value = if column == "total" {
        applicants.iter().map(|c| number(c)).sum::<Option<f64>>()?
    } else {
        let others: f64 = applicants.iter().filter(|c| **c != column).map(|c| number(c)).sum::<Option<f64>>()?;
        number("total")? - others
    };
    (value >= 0.0 && value.fract() == 0.0 && value < 1e12).then_some(value as u64)
}

/// Cells read by OCR that the template's arithmetic shows were misread: in a t3 row whose
/// total does not add up, the one cell whose value, as the row forces it, makes the row, its
/// column's balance and its column's results all add up. Only where exactly one cell of the
/// row does so is it changed; each change is logged. Values not read by OCR are never
/// changed: a printed report that does not add up is reported as printed.
pub fn misread_cells(values: &mut [Value], version: Version) -> Vec<Repair> {
    let mut repairs = Vec::new();
    let failing: Vec<String> = checks::run(values, version)
        .into_iter()
        .filter(|c| !c.ok)
        .filter_map(|c| c.name.strip_prefix("t3.row.").map(str::to_string))
        .collect();
    for row in failing {
        let mut fixes: Vec<(usize, u64)> = Vec::new();
        for column in T3_COLUMNS {
            let key = format!("t3.{row}.{column}");
            let Some(i) = values.iter().position(|v| v.key == key && v.found && v.origin.confidence.is_some()) else {
                continue;
            };
            let Some(value) = forced_t3_cell(values, &row, column) else {
                continue;
            };
            let mut trial = values.to_vec();
            trial[i].raw = value.to_string();
            let after = checks::run(&trial, version);
            let passes = |name: String| after.iter().find(|c| c.name == name).is_none_or(|c| c.ok);
            if passes(format!("t3.row.{row}"))
                && passes(format!("t3.balance.{column}"))
                && passes(format!("t3.results.{column}"))
            {
                fixes.push((i, value));
            }
        }
        let [(i, value)] = fixes[..] else {
            continue;
        };
        let printed = values[i].raw.clone();
        repairs.push(Repair {
            row: format!("t3.{row}"),
            kind: "ocr-misread",
            printed: if printed.trim().is_empty() { "(blank)".into() } else { printed.clone() },
            reading: vec![value.to_string()],
            detail: format!(
                "{} read by OCR as {:?}; {value} is the one value that makes its row, its column's balance and its column's results add up",
                values[i].key, printed
            ),
        });
        values[i].raw = value.to_string();
        values[i].number = Some(value.to_string());
    }
    repairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_cell_is_what_the_total_forces() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let repair = fill_lost_cell("t3.granted", &cells(&["", "0", "0", "0", "0", "0", "0"])).expect("filled");
        assert_eq!(repair.reading, ["0", "0", "0", "0", "0", "0", "0"]);
        assert_eq!(repair.printed, "(blank) 0 0 0 0 0 0");
        assert_eq!(repair.detail, "cell 1 of 7 was not printed; 0 is the only value the row's total allows");
        let repair = fill_lost_cell("t3.new", &cells(&["3", "1", "0", "0", "0", "0", ""])).expect("filled");
        assert_eq!(repair.reading[6], "4");
        let repair = fill_lost_cell("t3.new", &cells(&["3", "", "0", "0", "0", "0", "5"])).expect("filled");
        assert_eq!(repair.reading[1], "2");
        // More than the total, two cells lost, or a cell that is no count: nothing is forced.
        assert_eq!(fill_lost_cell("t3.new", &cells(&["6", "", "0", "0", "0", "0", "5"])), None);
        assert_eq!(fill_lost_cell("t3.new", &cells(&["", "", "0", "0", "0", "0", "5"])), None);
        assert_eq!(fill_lost_cell("t3.new", &cells(&["", "一", "0", "0", "0", "0", "5"])), None);
    }

    /// A 2021 t3 of one applicant row (`new`), its results all granted: person 1, business 2,
    /// total 3; `misread` is what OCR read for `t3.new.business`.
    fn t3_values(misread: &str, confidence: Option<f32>) -> Vec<Value> {
        let value = |key: &str, raw: &str| Value {
            key: key.into(),
            raw: raw.into(),
            number: Some(raw.into()),
            row_label: String::new(),
            column_label: String::new(),
            origin: crate::model::Origin { page: Some(1), bbox: None, confidence },
            found: true,
        };
        let mut values = Vec::new();
        for row in ["new", "granted", "total"] {
            values.push(value(&format!("t3.{row}.person"), "1"));
            values.push(value(&format!("t3.{row}.business"), if row == "new" { misread } else { "2" }));
            values.push(value(&format!("t3.{row}.total"), "3"));
        }
        values
    }

    #[test]
    fn an_ocr_misread_is_the_one_cell_the_arithmetic_forces() {
        let mut values = t3_values("8", Some(0.6));
        let repairs = misread_cells(&mut values, Version::V2021);
        assert_eq!(repairs.len(), 1);
        assert_eq!(repairs[0].kind, "ocr-misread");
        assert_eq!(repairs[0].reading, ["2"]);
        assert_eq!(
            repairs[0].detail,
            "t3.new.business read by OCR as \"8\"; 2 is the one value that makes its row, its column's balance and its column's results add up"
        );
        assert_eq!(values[1].raw, "2");
        // A mark the recognizer left for a digit is repaired the same way.
        let mut values = t3_values("沁", Some(0.3));
        assert_eq!(misread_cells(&mut values, Version::V2021)[0].reading, ["2"]);
        // A report printed that way, not read by OCR, keeps what it printed.
        let mut values = t3_values("8", None);
        assert!(misread_cells(&mut values, Version::V2021).is_empty());
        assert_eq!(values[1].raw, "8");
    }

    #[test]
    fn zeros_have_one_reading() {
        assert_eq!(cut_digits("0000000", 7, Rule::LastIsSum), Ok(vec![0; 7]));
        assert_eq!(cut_digits("000000000000000", 15, Rule::BlocksLastIsSum(5)), Ok(vec![0; 15]));
        assert_eq!(cut_digits("000", 3, Rule::None), Ok(vec![0, 0, 0]));
    }

    #[test]
    fn arithmetic_chooses_the_reading() {
        // Of the cuts of 120000012 into seven, only 12 0 0 0 0 0 12 has its total add up.
        assert_eq!(cut_digits("120000012", 7, Rule::LastIsSum), Ok(vec![12, 0, 0, 0, 0, 0, 12]));
        // No leading zeros: 1001 in three cells can only be 10 0 1.
        assert_eq!(cut_digits("1001", 3, Rule::None), Ok(vec![10, 0, 1]));
        // 1 11 or 11 1: without arithmetic nothing decides.
        assert_eq!(cut_digits("111", 2, Rule::None), Err(2));
        assert_eq!(cut_digits("11", 3, Rule::None), Err(0));
    }
}
