//! Choosing part of a report to write (`--pages`, `--tables`): the report cut down to the
//! paragraphs and tables of some pages, or to some tables with their values and checks.

use std::ops::RangeInclusive;

use crate::template::sections::Placed;
use crate::template::Report;

/// Pages to keep, as `--pages` gives them: `3`, `1-4`, `2,5-7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pages(Vec<RangeInclusive<u32>>);

impl Pages {
    pub fn holds(&self, page: u32) -> bool {
        self.0.iter().any(|range| range.contains(&page))
    }
}

impl std::str::FromStr for Pages {
    type Err = String;

    fn from_str(text: &str) -> Result<Pages, String> {
        let number = |n: &str| match n.trim().parse::<u32>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("`{}` is not a page number (pages count from 1)", n.trim())),
        };
        let mut ranges = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let range = match part.split_once('-') {
                Some((first, last)) => number(first)?..=number(last)?,
                None => number(part).map(|n| n..=n)?,
            };
            if range.is_empty() {
                return Err(format!("`{}` ends before it begins", part.trim()));
            }
            ranges.push(range);
        }
        if ranges.is_empty() {
            return Err("name at least one page: 3, 1-4 or 2,5-7".into());
        }
        Ok(Pages(ranges))
    }
}

/// What to write of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only what stands on these pages (paginated documents).
    pub pages: Option<Pages>,
    /// Only these tables (`t2`, `t3`, `t4`, `table-N`), with their values and checks, and no
    /// paragraphs.
    pub tables: Option<Vec<String>>,
}

impl Selection {
    pub fn is_everything(&self) -> bool {
        self.pages.is_none() && self.tables.is_none()
    }

    /// The report cut down to the selection. Refused, with the reason, when it names pages of
    /// a document without pages or a table the report does not have.
    pub fn apply(&self, report: &Report) -> Result<Report, String> {
        if self.is_everything() {
            return Ok(report.clone());
        }
        if let Some(pages) = &self.pages {
            let Some(count) = report.pages else {
                return Err(format!("--pages: a {} document has no pages", report.format.name().to_uppercase()));
            };
            if !(1..=count).any(|p| pages.holds(p)) {
                let noun = if count == 1 { "page" } else { "pages" };
                return Err(format!("--pages: the document has {count} {noun}"));
            }
        }
        if let Some(wanted) = &self.tables {
            if wanted.iter().all(|id| id.trim().is_empty()) {
                return Err("--tables: name at least one table: t2, t3, t4 or table-N".into());
            }
            let missing: Vec<&str> = wanted
                .iter()
                .filter(|id| !id.trim().is_empty() && report.table(id.trim()).is_none())
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let has: Vec<&str> = report.tables.iter().map(|t| t.id.as_str()).collect();
                let has = if has.is_empty() { "none".to_string() } else { has.join(", ") };
                return Err(format!("--tables: no table {} in this document (it has {has})", missing.join(", ")));
            }
        }
        let on_pages = |page: Option<u32>| match (&self.pages, page) {
            (None, _) => true,
            (Some(pages), Some(page)) => pages.holds(page),
            (Some(_), None) => false,
        };
        let kept: Vec<bool> = report
            .tables
            .iter()
            .map(|named| {
                let chosen = self.tables.as_ref().is_none_or(|ids| ids.iter().any(|id| id.trim() == named.id));
                let pages =
                    std::iter::once(named.table.origin.page).chain(named.table.cells.iter().map(|c| c.origin.page));
                chosen && (self.pages.is_none() || pages.into_iter().any(on_pages))
            })
            .collect();
        // Where each kept table lands among the kept ones.
        let mut renumbered = Vec::with_capacity(kept.len());
        let mut next = 0;
        for &keep in &kept {
            renumbered.push(keep.then_some(next));
            next += usize::from(keep);
        }
        let mut out = report.clone();
        out.tables = report.tables.iter().zip(&kept).filter(|(_, keep)| **keep).map(|(t, _)| t.clone()).collect();
        out.items = report
            .items
            .iter()
            .filter_map(|item| match item {
                Placed::Table { section, index } => {
                    renumbered.get(*index).copied().flatten().map(|index| Placed::Table { section: *section, index })
                }
                Placed::Heading { origin, .. } | Placed::Para { origin, .. } => {
                    (self.tables.is_none() && on_pages(origin.page)).then(|| item.clone())
                }
            })
            .collect();
        // A value or check belongs to the table its name begins with (`t3.` for t3); a check
        // of the whole document (`ocr.readings`) stays.
        let table_of = |name: &str| name.split('.').next().unwrap_or("").to_string();
        let kept_ids: Vec<&str> = out.tables.iter().map(|t| t.id.as_str()).collect();
        let table_ids: Vec<String> =
            report.values.iter().map(|v| table_of(&v.key)).chain(report.tables.iter().map(|t| t.id.clone())).collect();
        out.values.retain(|v| kept_ids.contains(&table_of(&v.key).as_str()));
        out.checks.retain(|c| {
            let table = table_of(&c.name);
            kept_ids.contains(&table.as_str()) || !table_ids.contains(&table)
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_read_as_ranges() {
        let pages: Pages = "2, 5-7".parse().expect("pages");
        assert_eq!(pages, Pages(vec![2..=2, 5..=7]));
        assert!(pages.holds(6) && !pages.holds(4));
        assert_eq!("0".parse::<Pages>(), Err("`0` is not a page number (pages count from 1)".to_string()));
        assert_eq!("7-5".parse::<Pages>(), Err("`7-5` ends before it begins".to_string()));
        assert_eq!("x".parse::<Pages>(), Err("`x` is not a page number (pages count from 1)".to_string()));
        assert_eq!(",".parse::<Pages>(), Err("name at least one page: 3, 1-4 or 2,5-7".to_string()));
    }
}
