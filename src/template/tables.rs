//! Table recognition: which tables are t2, t3 and t4, how continued parts join, and which
//! printed cell holds each canonical key.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::grid::pages::{continuation_on_next_page, on_common_edges, opens_its_own_table, repeated_leading_rows};
use crate::model::{Origin, Table};
use crate::numbers::{is_value_like, parse_number};
use crate::template::keys::{keys, KeyDef, Version};
use crate::template::labels::{label_key, similarity, text_key};
use crate::template::repair::{fill_lost_cell, unglue, Repair, Rule};

/// The template's three tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TableKind {
    T2,
    T3,
    T4,
}

impl TableKind {
    pub fn id(self) -> &'static str {
        match self {
            TableKind::T2 => "t2",
            TableKind::T3 => "t3",
            TableKind::T4 => "t4",
        }
    }
}

/// Tells a template table by the labels it prints.
pub fn classify(table: &Table) -> Option<TableKind> {
    let text = text_key(&table.all_text());
    let has = |w: &str| text.contains(w);
    // `上年结转` and `结转下年度` alone are budget words too (`上年结转结余`): they tell t3 only
    // beside its applications.
    let applications = has("申请") || has("公开");
    if has("申请人情况")
        || has("本年新收")
        || has("结转下年度继续办理")
        || ((has("上年结转") || has("结转下年度")) && applications)
        || (has("予以公开") && has("不予公开"))
    {
        return Some(TableKind::T3);
    }
    let results = has("维持") || has("纠正") || has("审结");
    if (has("行政复议") && has("行政诉讼") && results) || (has("结果维持") && has("尚未审结")) {
        return Some(TableKind::T4);
    }
    if has("第二十条")
        || (has("信息内容") && (has("规章") || has("行政许可") || has("行政事业性收费")))
        || (has("行政许可") && has("行政处罚"))
    {
        return Some(TableKind::T2);
    }
    if (has("不予处理") || has("无法提供") || has("其他处理")) && applications {
        return Some(TableKind::T3);
    }
    None
}

/// A table of the output: its id, section and grid, with the template table it is, if any.
#[derive(Debug, Clone, Serialize)]
pub struct NamedTable {
    pub id: String,
    pub section: u8,
    pub kind: Option<TableKind>,
    pub table: Table,
    /// How many printed tables were joined into this one.
    pub parts: usize,
}

/// One printed table with what stands between it and the previous table.
#[derive(Debug, Clone)]
pub struct TableInput {
    pub section: u8,
    pub table: Table,
    /// Whether nothing but short lines (a page number, `续表`) separates it from the previous table.
    pub follows_previous: bool,
    /// Whether nothing at all stands between it and the previous table.
    pub directly_follows: bool,
}

/// Joins continued tables and names every table. A part continues the previous table when
/// it directly follows it and is the same template table, or an unrecognized part with the
/// same number of columns; header rows it repeats are dropped.
pub fn assemble(inputs: Vec<TableInput>) -> Vec<NamedTable> {
    let mut out: Vec<NamedTable> = Vec::new();
    for input in inputs {
        let kind = classify(&input.table);
        if let Some(prev) = out.last_mut() {
            let template_part = input.follows_previous
                && prev.section == input.section
                && prev.kind.is_some()
                && (kind == prev.kind || (kind.is_none() && input.table.n_cols == prev.table.n_cols));
            // Any other table continues only straight over a page break, with its columns
            // where they were.
            let other_part = if input.directly_follows
                && prev.kind.is_none()
                && kind.is_none()
                && !opens_its_own_table(&prev.table, &input.table)
            {
                continuation_on_next_page(&prev.table, &input.table)
            } else {
                None
            };
            if template_part || other_part.is_some() {
                // A ruled part over a page break lines up with the columns above by its cell
                // edges, whatever it prints fewer of (a block's value merged over three
                // columns); failing that, by the rules below.
                let by_edges = || {
                    continuation_on_next_page(&prev.table, &input.table)
                        .filter(|moved| moved.n_cols == prev.table.n_cols)
                };
                let mut rest = match other_part.or_else(by_edges) {
                    Some(moved) => moved,
                    None => match on_common_edges(&prev.table, &input.table) {
                        Some((above, below)) => {
                            prev.table = above;
                            below
                        }
                        None => input.table.clone(),
                    },
                };
                // The value columns stand at the right of every part; a part with fewer
                // label columns is aligned to them by widening its first column, or, when
                // the part below has more and its first ones continue cells the break cut,
                // by splitting the column after those.
                if rest.n_cols < prev.table.n_cols {
                    rest.split_column(0, prev.table.n_cols - rest.n_cols);
                } else if rest.n_cols > prev.table.n_cols {
                    let continued = prev.table.columns_continued_by(&rest);
                    prev.table.split_column(continued, rest.n_cols - prev.table.n_cols);
                }
                let repeated = repeated_header_rows(&prev.table, &rest).max(repeated_leading_rows(&prev.table, &rest));
                drop_leading_rows(&mut rest, repeated);
                prev.table.continue_cut_row(&mut rest);
                prev.table.continue_cut_cells(&mut rest);
                prev.table.append_rows(&rest);
                prev.parts += 1;
                continue;
            }
        }
        out.push(NamedTable { id: String::new(), section: input.section, kind, table: input.table, parts: 1 });
    }
    let mut seen: HashSet<TableKind> = HashSet::new();
    let mut other = 0;
    for named in &mut out {
        match named.kind {
            Some(kind) if seen.insert(kind) => named.id = kind.id().to_string(),
            _ => {
                named.kind = None;
                other += 1;
                named.id = format!("table-{other}");
            }
        }
    }
    out
}

/// Leading rows of `next` that repeat the header of `first`: all labels, no values, and
/// every label one that the first part's header already printed.
fn repeated_header_rows(first: &Table, next: &Table) -> usize {
    let a = first.expanded();
    let b = next.expanded();
    let head: HashSet<String> = a
        .iter()
        .take_while(|row| row.iter().all(|t| !is_value_like(t) || t.trim().is_empty()))
        .flatten()
        .map(|t| text_key(t))
        .filter(|k| !k.is_empty())
        .collect();
    b.iter()
        .take_while(|row| {
            let keys: Vec<String> = row.iter().map(|t| text_key(t)).filter(|k| !k.is_empty()).collect();
            !keys.is_empty()
                && row.iter().all(|t| !is_value_like(t) || t.trim().is_empty())
                && keys.iter().all(|k| head.contains(k))
        })
        .count()
}

fn drop_leading_rows(table: &mut Table, n: usize) {
    if n == 0 {
        return;
    }
    table.cells.retain(|c| c.row + c.row_span > n);
    for cell in &mut table.cells {
        if cell.row < n {
            cell.row_span -= n - cell.row;
            cell.row = 0;
        } else {
            cell.row -= n;
        }
    }
    table.n_rows = table.n_rows.saturating_sub(n);
}

/// A canonical value as found in the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    pub key: String,
    /// The cell's text as printed; empty when the cell is blank or was not found.
    pub raw: String,
    /// The number the cell prints, where it prints one.
    pub number: Option<String>,
    pub row_label: String,
    pub column_label: String,
    pub origin: Origin,
    /// Whether a printed cell was found for the key.
    pub found: bool,
}

/// A cell located for a key.
#[derive(Debug, Clone)]
struct Found {
    raw: String,
    row_label: String,
    column_label: String,
    origin: Origin,
}

/// Guesses the template version from the tables' own labels, then from the report year.
pub fn detect_version(tables: &[NamedTable], year: Option<u32>) -> Version {
    let mut text = String::new();
    for t in tables.iter().filter(|t| t.kind.is_some()) {
        text.push_str(&text_key(&t.table.all_text()));
    }
    let v2021 = ["本年制发", "现行有效", "本年废止", "逾期不补正", "缴纳费用", "补正后申请内容"];
    let v2019 = ["新制作数量", "新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购"];
    let a = v2021.iter().filter(|w| text.contains(*w)).count();
    let b = v2019.iter().filter(|w| text.contains(*w)).count();
    if a != b {
        return if a > b { Version::V2021 } else { Version::V2019 };
    }
    match year {
        Some(y) if y <= 2020 => Version::V2019,
        _ => Version::V2021,
    }
}

/// Every canonical key of `version`, each with the printed cell found for it, if any, and the
/// repairs made (or refused) on the way.
pub fn extract_values(tables: &[NamedTable], version: Version) -> (Vec<Value>, Vec<Repair>) {
    let mut ex = Extraction::default();
    for named in tables {
        match named.kind {
            Some(TableKind::T2) => extract_t2(&named.table, version, &mut ex),
            Some(TableKind::T3) => extract_t3(&named.table, version, &mut ex),
            Some(TableKind::T4) => extract_t4(&named.table, version, &mut ex),
            None => {}
        }
    }
    let values = keys(version)
        .iter()
        .map(|def| match ex.found.remove(&def.key) {
            Some(f) => Value {
                key: def.key.clone(),
                number: parse_number(&f.raw),
                raw: f.raw,
                row_label: f.row_label,
                column_label: f.column_label,
                origin: f.origin,
                found: true,
            },
            None => Value {
                key: def.key.clone(),
                raw: String::new(),
                number: None,
                row_label: def.row_label.clone(),
                column_label: def.column_label.clone(),
                origin: Origin::default(),
                found: false,
            },
        })
        .collect();
    (values, ex.repairs)
}

/// A template row: its key prefix and the comparable forms of its label.
pub(crate) struct TemplateRow {
    pub(crate) row_key: String,
    leaf: String,
    path: String,
    /// The row label path as the template prints it, piece by piece.
    pub(crate) pieces: Vec<&'static str>,
    /// The row's keys, in column order.
    pub(crate) columns: Vec<&'static KeyDef>,
}

/// The rows of a template table, in printed order, each with its keys.
pub(crate) fn template_rows(version: Version, table: &str) -> Vec<TemplateRow> {
    let mut rows: Vec<TemplateRow> = Vec::new();
    for def in keys(version).iter().filter(|d| d.table == table) {
        match rows.last_mut() {
            Some(row) if row.row_key == def.row_key() => row.columns.push(def),
            _ => {
                let pieces: Vec<&'static str> = def.row_label.split('/').collect();
                rows.push(TemplateRow {
                    row_key: def.row_key().to_string(),
                    leaf: label_key(pieces.last().copied().unwrap_or("")),
                    path: pieces.iter().map(|p| label_key(p)).collect(),
                    pieces,
                    columns: vec![def],
                })
            }
        }
    }
    rows
}

/// Distinct consecutive non-empty texts, as printed.
fn distinct_pieces<'a>(texts: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        let t = t.trim();
        if !t.is_empty() && out.last().map(String::as_str) != Some(t) {
            out.push(t.to_string());
        }
    }
    out
}

/// The best template row for a printed label path, if it is close enough.
fn match_row<'a>(pieces: &[String], rows: &'a [TemplateRow], min_score: f64) -> Option<(&'a TemplateRow, f64)> {
    let leaf = label_key(pieces.last()?);
    if leaf.is_empty() {
        return None;
    }
    let path: String = pieces.iter().map(|p| label_key(p)).collect();
    // Most labels are printed as the template words them; the first exact match is what the
    // scoring below would pick, without computing it for every row.
    if let Some(row) = rows.iter().find(|row| row.leaf == leaf || row.path == path) {
        return Some((row, 1.0));
    }
    let mut best: Option<(&TemplateRow, f64)> = None;
    for row in rows {
        let score = similarity(&leaf, &row.leaf).max(similarity(&path, &row.path));
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((row, score));
        }
    }
    best.filter(|(_, s)| *s >= min_score)
}

/// Label cells of a grid row: the non-empty texts left of the first value cell.
fn row_label_pieces(row: &[String]) -> (Vec<String>, usize) {
    let mut end = 0;
    for (c, text) in row.iter().enumerate() {
        if !text.trim().is_empty() && is_value_like(text) {
            break;
        }
        if !text.trim().is_empty() {
            end = c + 1;
        }
    }
    (distinct_pieces(row[..end].iter()), end)
}

const T3_COLUMNS: [&str; 7] = ["person", "business", "research", "nonprofit", "legal", "other", "total"];

fn t3_column(bottom_label: &str) -> Option<&'static str> {
    let k = label_key(bottom_label);
    let pairs = [
        ("自然人", "person"),
        ("商业企业", "business"),
        ("科研机构", "research"),
        ("社会公益", "nonprofit"),
        ("公益组织", "nonprofit"),
        ("法律服务", "legal"),
        ("总计", "total"),
        ("合计", "total"),
    ];
    for (word, col) in pairs {
        if k.contains(word) {
            return Some(col);
        }
    }
    (k == "其他" || k == "其他组织").then_some("other")
}

/// What extraction found: a printed cell per key, and the repairs it made or refused.
#[derive(Default)]
struct Extraction {
    found: HashMap<String, Found>,
    repairs: Vec<Repair>,
}

impl Extraction {
    fn put(&mut self, key: String, found: Found) {
        self.found.entry(key).or_insert(found);
    }
}

/// A value cell that holds several numbers glued together: the row's only value, all digits,
/// where the template expects more than one.
fn glued_digits<'a>(values: &[&'a str], expected: usize) -> Option<&'a str> {
    let printed: Vec<&&str> = values.iter().filter(|t| !t.trim().is_empty()).collect();
    match printed.as_slice() {
        [only] if expected > 1 && only.len() > 1 && only.bytes().all(|b| b.is_ascii_digit()) => Some(only.trim()),
        _ => None,
    }
}

fn extract_t3(table: &Table, version: Version, ex: &mut Extraction) {
    let grid = table.expanded();
    let rows = template_rows(version, "t3");
    // Each grid row's best template row; each template row then takes its best grid row,
    // one that prints values before one that does not.
    let mut best: HashMap<&str, (usize, &TemplateRow, usize, bool, f64)> = HashMap::new();
    for (r, row) in grid.iter().enumerate() {
        let (pieces, label_end) = row_label_pieces(row);
        // A header row is all labels; a data row has value cells right of its label.
        if label_end >= row.len() {
            continue;
        }
        let Some((template_row, score)) = match_row(&pieces, &rows, 0.6) else {
            continue;
        };
        let has_values = row[label_end..].iter().any(|t| !t.trim().is_empty());
        let better =
            best.get(template_row.row_key.as_str()).is_none_or(|&(_, _, _, v, s)| (has_values, score) > (v, s));
        if better {
            best.insert(template_row.row_key.as_str(), (r, template_row, label_end, has_values, score));
        }
    }
    let mut matched: Vec<(usize, &TemplateRow, usize)> = best.into_values().map(|(r, t, e, _, _)| (r, t, e)).collect();
    matched.sort_by_key(|m| m.0);
    let Some(first_data_row) = matched.iter().map(|(r, _, _)| *r).min() else {
        return;
    };

    // Columns from the header rows above the first data row, by their lowest label.
    let mut columns: Vec<(usize, &'static str, String)> = Vec::new();
    for c in 0..table.n_cols {
        let pieces = distinct_pieces(grid[..first_data_row].iter().map(|row| &row[c]));
        if let Some(col) = pieces.last().and_then(|p| t3_column(p)) {
            if !columns.iter().any(|(_, k, _)| *k == col) {
                columns.push((c, col, pieces.join("/")));
            }
        }
    }
    // Where the data rows print numbers. A header shifted against its numbers (a text dump
    // that lost a cell) yields to them.
    // A value cell spanning several columns counts once, where it starts.
    let starts_at = |r: usize, c: usize| table.cell_covering(r, c).is_none_or(|cell| cell.col == c);
    let printed_in = |c: usize| {
        matched
            .iter()
            .filter(|(r, _, e)| {
                c >= *e && starts_at(*r, c) && !grid[*r][c].trim().is_empty() && is_value_like(&grid[*r][c])
            })
            .count()
    };
    let numeric: Vec<usize> = (0..table.n_cols).filter(|&c| printed_in(c) * 2 > matched.len()).collect();
    // The header must also keep the template's order: 自然人 … 其他, then 总计.
    let in_order = T3_COLUMNS
        .iter()
        .map(|k| columns.iter().find(|(_, c, _)| c == k).map(|(col, _, _)| *col))
        .collect::<Option<Vec<usize>>>()
        .is_some_and(|cols| cols.windows(2).all(|w| w[0] < w[1]));
    let header_fits = in_order && columns.iter().all(|(c, _, _)| numeric.is_empty() || numeric.contains(c));
    if !header_fits {
        let positions: Vec<usize> = if numeric.len() >= T3_COLUMNS.len() {
            numeric[numeric.len() - T3_COLUMNS.len()..].to_vec()
        } else if columns.len() == T3_COLUMNS.len() {
            columns.iter().map(|(c, _, _)| *c).collect()
        } else {
            // No usable header: the template's seven columns are the table's last seven.
            let start = table.n_cols.saturating_sub(T3_COLUMNS.len());
            (start..table.n_cols).collect()
        };
        let labels: HashMap<&str, String> = columns.iter().map(|(_, k, l)| (*k, l.clone())).collect();
        columns = T3_COLUMNS
            .iter()
            .zip(positions)
            .map(|(k, c)| (c, *k, labels.get(k).cloned().unwrap_or_else(|| k.to_string())))
            .collect();
    }
    for (r, template_row, label_end) in matched {
        let (pieces, _) = row_label_pieces(&grid[r]);
        let row_values: Vec<&str> = grid[r][label_end.min(grid[r].len())..].iter().map(String::as_str).collect();
        if let Some(digits) = glued_digits(&row_values, template_row.columns.len()) {
            let repair = unglue(&template_row.row_key, digits, template_row.columns.len(), Rule::LastIsSum);
            let cell = grid[r].iter().position(|t| t.trim() == digits).unwrap_or(label_end);
            for (i, def) in template_row.columns.iter().enumerate() {
                ex.put(
                    def.key.clone(),
                    Found {
                        raw: repair.reading.get(i).cloned().unwrap_or_default(),
                        row_label: pieces.join("/"),
                        column_label: def.column_label.clone(),
                        origin: origin_at(table, r, cell),
                    },
                );
            }
            ex.repairs.push(repair);
            continue;
        }
        for (c, col, col_label) in &columns {
            if *c < label_end || *c >= table.n_cols {
                continue;
            }
            let key = format!("{}.{}", template_row.row_key, col);
            if template_row.columns.iter().any(|d| d.key == key) {
                ex.put(
                    key,
                    Found {
                        raw: grid[r][*c].trim().to_string(),
                        row_label: pieces.join("/"),
                        column_label: col_label.clone(),
                        origin: origin_at(table, r, *c),
                    },
                );
            }
        }
        // A row printed with one of its cells lost (a dump that dropped it): the row's total
        // forces it, when every other cell is there.
        let keys: Vec<&String> = template_row.columns.iter().map(|d| &d.key).collect();
        if keys.len() == T3_COLUMNS.len() && keys.iter().all(|k| ex.found.contains_key(*k)) {
            let cells: Vec<String> =
                keys.iter().map(|k| ex.found.get(*k).map(|f| f.raw.clone()).unwrap_or_default()).collect();
            if let Some(repair) = fill_lost_cell(&template_row.row_key, &cells) {
                for (key, value) in keys.iter().zip(&repair.reading) {
                    if let Some(found) = ex.found.get_mut(*key) {
                        found.raw.clone_from(value);
                    }
                }
                ex.repairs.push(repair);
            }
        }
    }
}

fn origin_at(table: &Table, row: usize, col: usize) -> Origin {
    table.cell_covering(row, col).map(|c| c.origin.clone()).unwrap_or_default()
}

/// A t2 row whose label OCR lost (read as nothing, or as no label of the template: `规从` for
/// `规章`), its value cells read by OCR. The template's next row, matched under it, tells
/// which row it is.
fn is_unlabelled_ocr_row(cells: &[&crate::model::Cell], rows: &[TemplateRow]) -> bool {
    let Some((label, values)) = cells.split_first() else {
        return false;
    };
    let k = label_key(&label.text);
    let no_label = k.is_empty()
        || (label.origin.confidence.is_some() && !rows.iter().any(|row| similarity(&k, &row.leaf) >= 0.75));
    no_label && !values.is_empty() && values.iter().all(|c| c.origin.confidence.is_some() && !c.text.trim().is_empty())
}

fn extract_t2(table: &Table, version: Version, ex: &mut Extraction) {
    let rows = template_rows(version, "t2");
    let mut header: Vec<String> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    // The last header row (`信息内容 …`) seen.
    let mut header_row: Option<usize> = None;
    for r in 0..table.n_rows {
        let cells = table.row_cells(r);
        let Some(label_at) = cells.iter().position(|c| {
            let k = label_key(&c.text);
            !k.is_empty() && rows.iter().any(|row| row.leaf == k || similarity(&k, &row.leaf) >= 0.75)
        }) else {
            if cells.first().is_some_and(|c| label_key(&c.text).contains("信息内容")) {
                header = cells.iter().skip(1).map(|c| c.text.clone()).collect();
                header_row = Some(r);
            }
            continue;
        };
        let label = &cells[label_at].text;
        let k = label_key(label);
        let Some(at) = rows
            .iter()
            .enumerate()
            .map(|(i, row)| (i, similarity(&k, &row.leaf)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
        else {
            continue;
        };
        let row = &rows[at];
        // The row above, its label lost, is the template's row before this one, when that
        // row is in the same block (as many columns) and was not found elsewhere.
        let between = header_row.is_some_and(|h| h + 2 == r);
        if let Some(previous) = at.checked_sub(1).filter(|_| between).map(|i| &rows[i]) {
            let lost = table.row_cells(r - 1);
            if previous.columns.len() == row.columns.len()
                && lost.len() == cells.len()
                && is_unlabelled_ocr_row(&lost, &rows)
                && used.insert(previous.row_key.clone())
            {
                put_t2_row(ex, previous, "", &lost[1..], &header);
            }
        }
        if !used.insert(row.row_key.clone()) {
            continue;
        }
        let values = &cells[label_at + 1..];
        let texts: Vec<&str> = values.iter().map(|c| c.text.as_str()).collect();
        if let Some(digits) = glued_digits(&texts, row.columns.len()) {
            let repair = unglue(&row.row_key, digits, row.columns.len(), Rule::None);
            for (i, def) in row.columns.iter().enumerate() {
                ex.put(
                    def.key.clone(),
                    Found {
                        raw: repair.reading.get(i).cloned().unwrap_or_default(),
                        row_label: label.clone(),
                        column_label: def.column_label.clone(),
                        origin: values.first().map(|c| c.origin.clone()).unwrap_or_default(),
                    },
                );
            }
            ex.repairs.push(repair);
            continue;
        }
        put_t2_row(ex, row, label, values, &header);
    }
}

/// The values of one t2 row, its cells in the template's column order.
fn put_t2_row(ex: &mut Extraction, row: &TemplateRow, label: &str, values: &[&crate::model::Cell], header: &[String]) {
    for (i, def) in row.columns.iter().enumerate() {
        let Some(cell) = values.get(i) else { break };
        let column_label = header.get(i).cloned().unwrap_or_else(|| def.column_label.clone());
        ex.put(
            def.key.clone(),
            Found {
                raw: cell.text.trim().to_string(),
                row_label: label.to_string(),
                column_label,
                origin: cell.origin.clone(),
            },
        );
    }
}

fn t4_block(pieces: &[String]) -> Option<&'static str> {
    let keys: Vec<String> = pieces.iter().map(|p| label_key(p)).collect();
    if keys.iter().any(|k| k.contains("直接起诉") || k.contains("未经复议")) {
        Some("suit_direct")
    } else if keys.iter().any(|k| k.contains("复议后起诉")) {
        Some("suit_after_review")
    } else if keys.iter().any(|k| k.contains("行政复议")) {
        Some("review")
    } else {
        None
    }
}

const T4_COLUMNS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];
const T4_BLOCKS: [&str; 3] = ["review", "suit_direct", "suit_after_review"];

fn t4_column(bottom: &str) -> Option<&'static str> {
    let k = label_key(bottom);
    [
        ("维持", "upheld"),
        ("纠正", "corrected"),
        ("其他", "other"),
        ("驳回", "other"),
        ("审结", "pending"),
        ("总计", "total"),
        ("合计", "total"),
    ]
    .into_iter()
    .find(|(w, _)| k.contains(w))
    .map(|(_, c)| c)
}

fn extract_t4(table: &Table, version: Version, ex: &mut Extraction) {
    let grid = table.expanded();
    let header_words = ["复议", "诉讼", "维持", "纠正", "其他", "审结", "总计", "起诉"];
    let values_in = |row: &Vec<String>| row.iter().filter(|t| !t.trim().is_empty() && is_value_like(t)).count();
    // A header row names the results and prints (almost) no numbers.
    let is_header = |row: &Vec<String>| {
        values_in(row) < 3
            && row.iter().any(|t| {
                let k = label_key(t);
                header_words.iter().any(|w| k.contains(w))
            })
    };
    let Some(last_header) = grid.iter().rposition(is_header) else {
        return;
    };
    let n_cells = T4_BLOCKS.len() * T4_COLUMNS.len();
    fn value_cells(row: &[String]) -> Vec<&str> {
        row.iter().map(String::as_str).filter(|t| is_value_like(t)).collect()
    }
    let glued = |row: &Vec<String>| glued_digits(&value_cells(row), n_cells).is_some();
    // The numbers follow the header, or stand glued at the end of its last row.
    let Some(data_row) = (last_header..grid.len()).find(|&r| {
        glued(&grid[r]) || (r > last_header && (grid[r].iter().all(|t| is_value_like(t)) || values_in(&grid[r]) >= 5))
    }) else {
        return;
    };
    let known: HashSet<&str> = keys(version).iter().filter(|d| d.table == "t4").map(|d| d.key.as_str()).collect();
    let data: Vec<&str> = grid[data_row].iter().map(String::as_str).collect();
    if let Some(digits) = glued_digits(&value_cells(&grid[data_row]), n_cells) {
        let repair = unglue("t4", digits, n_cells, Rule::BlocksLastIsSum(T4_COLUMNS.len()));
        let cell = data.iter().position(|t| t.trim() == digits).unwrap_or(0);
        for (i, block) in T4_BLOCKS.iter().enumerate() {
            for (j, col) in T4_COLUMNS.iter().enumerate() {
                ex.put(
                    format!("t4.{block}.{col}"),
                    Found {
                        raw: repair.reading.get(i * T4_COLUMNS.len() + j).cloned().unwrap_or_default(),
                        row_label: block.to_string(),
                        column_label: col.to_string(),
                        origin: origin_at(table, data_row, cell),
                    },
                );
            }
        }
        ex.repairs.push(repair);
        return;
    }
    // Columns grouped by block, in printed order: (block, [(grid column, header pieces)]).
    type BlockColumns = (&'static str, Vec<(usize, Vec<String>)>);
    let mut blocks: Vec<BlockColumns> = Vec::new();
    for c in 0..table.n_cols {
        let pieces = distinct_pieces(grid[..=last_header].iter().map(|row| &row[c]));
        let Some(block) = t4_block(&pieces) else {
            continue;
        };
        match blocks.iter_mut().find(|(b, _)| *b == block) {
            Some((_, cols)) => cols.push((c, pieces)),
            None => blocks.push((block, vec![(c, pieces)])),
        }
    }
    let labelled: usize = blocks.iter().map(|(_, cols)| cols.len()).sum();
    let label_columns_print_values =
        blocks.iter().flat_map(|(_, cols)| cols.iter()).all(|(c, _)| is_value_like(&grid[data_row][*c]));
    if (labelled < n_cells || !label_columns_print_values) && table.n_cols >= n_cells {
        // Headers whose spans the layout hid: the template's order of 3 blocks of 5 decides,
        // over the columns that print the numbers (else the last fifteen).
        let printed: Vec<usize> = (0..table.n_cols)
            .filter(|&c| !grid[data_row][c].trim().is_empty() && is_value_like(&grid[data_row][c]))
            .collect();
        let columns: Vec<usize> =
            if printed.len() == n_cells { printed } else { (table.n_cols - n_cells..table.n_cols).collect() };
        for (i, block) in T4_BLOCKS.iter().enumerate() {
            for (j, col) in T4_COLUMNS.iter().enumerate() {
                let c = columns[i * T4_COLUMNS.len() + j];
                let key = format!("t4.{block}.{col}");
                if known.contains(key.as_str()) {
                    ex.put(
                        key,
                        Found {
                            raw: grid[data_row][c].trim().to_string(),
                            row_label: block.to_string(),
                            column_label: col.to_string(),
                            origin: origin_at(table, data_row, c),
                        },
                    );
                }
            }
        }
        return;
    }
    for (block, cols) in blocks {
        let by_label: Vec<Option<&'static str>> =
            cols.iter().map(|(_, p)| p.last().and_then(|l| t4_column(l))).collect();
        let distinct: HashSet<&str> = by_label.iter().flatten().copied().collect();
        // The template's order decides when labels do not (`驳回申请` printed for 其他结果).
        let names: Vec<Option<&'static str>> = if distinct.len() == cols.len() {
            by_label
        } else if cols.len() == T4_COLUMNS.len() {
            T4_COLUMNS.iter().map(|c| Some(*c)).collect()
        } else {
            by_label
        };
        for ((c, pieces), name) in cols.iter().zip(names) {
            let Some(col) = name else { continue };
            let key = format!("t4.{block}.{col}");
            if known.contains(key.as_str()) {
                ex.put(
                    key,
                    Found {
                        raw: grid[data_row][*c].trim().to_string(),
                        row_label: pieces[..pieces.len().saturating_sub(1)].join("/"),
                        column_label: pieces.last().cloned().unwrap_or_default(),
                        origin: origin_at(table, data_row, *c),
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cell, FoundBy, Origin};

    /// A t2 first block as OCR read it: every cell one column wide, each read with confidence
    /// except blanks; `label` is what it read for `规章`.
    fn first_block(label: &str, ocr: bool) -> Table {
        let rows: [[&str; 4]; 4] = [
            ["第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            [label, "3", "0", "5"],
            ["行政规范性文件", "1", "2", "4"],
        ];
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let confidence = (ocr && !text.is_empty()).then_some(0.9);
                let origin = Origin { page: Some(1), bbox: None, confidence };
                cells.push(Cell { row: r, col: c, row_span: 1, col_span: 1, text: text.to_string(), origin });
            }
        }
        Table { n_rows: 4, n_cols: 4, cells, origin: Origin::default(), found_by: FoundBy::Rulings }
    }

    fn one_column(labels: &[&str]) -> Table {
        let cells = labels
            .iter()
            .enumerate()
            .map(|(r, text)| Cell {
                row: r,
                col: 0,
                row_span: 1,
                col_span: 1,
                text: text.to_string(),
                origin: Origin::default(),
            })
            .collect();
        Table { n_rows: labels.len(), n_cols: 1, cells, origin: Origin::default(), found_by: FoundBy::FigureRows }
    }

    #[test]
    fn budget_words_t3_shares_do_not_make_a_budget_table_t3() {
        let budget =
            one_column(&["一般公共预算", "上年结转结余及调入预算稳定调节基金", "结转下年度支出", "其他处理费用"]);
        assert_eq!(classify(&budget), None);
        let carried = one_column(&["二、上年结转政府信息公开申请数量", "一、本年新收政府信息公开申请数量"]);
        assert_eq!(classify(&carried), Some(TableKind::T3));
        // The last rows of t3 on a page of their own.
        let tail = one_column(&["（七）总计", "四、结转下年度继续办理"]);
        assert_eq!(classify(&tail), Some(TableKind::T3));
        let handled = one_column(&["（五）不予处理", "1.信访举报投诉类申请"]);
        assert_eq!(classify(&handled), Some(TableKind::T3));
    }

    fn t2_values(table: Table) -> Vec<(String, String)> {
        let named = NamedTable { id: "t2".into(), section: 2, kind: Some(TableKind::T2), table, parts: 1 };
        let (values, _) = extract_values(&[named], Version::V2021);
        values.into_iter().filter(|v| v.found && v.key.starts_with("t2.rules.")).map(|v| (v.key, v.raw)).collect()
    }

    #[test]
    fn a_t2_row_whose_label_ocr_lost_is_the_one_the_template_puts_before_the_next() {
        let rules = vec![
            ("t2.rules.issued".to_string(), "3".to_string()),
            ("t2.rules.repealed".to_string(), "0".to_string()),
            ("t2.rules.in_force".to_string(), "5".to_string()),
        ];
        assert_eq!(t2_values(first_block("规章", true)), rules);
        assert_eq!(t2_values(first_block("", true)), rules);
        assert_eq!(t2_values(first_block("规从", true)), rules);
        // A text layer's row without a label is what the document printed: not guessed.
        assert_eq!(t2_values(first_block("", false)), vec![]);
    }
}
