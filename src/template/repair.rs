//! Named repairs of broken grids, each one logged: here, numbers glued together with no
//! separator (`0000000` for seven cells), cut apart where the template's arithmetic allows
//! exactly one reading.

use serde::Serialize;

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
