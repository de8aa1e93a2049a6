//! The canonical keys of both template versions (`keys-2021.tsv`, `keys-2019.tsv`).

use std::sync::OnceLock;

use serde::Serialize;

/// Which national template a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Version {
    /// 国办公开办函〔2019〕60号, reports for 2019 and 2020.
    #[serde(rename = "2019")]
    V2019,
    /// 国办公开办函〔2021〕30号, reports for 2021 onward.
    #[serde(rename = "2021")]
    V2021,
}

impl Version {
    pub fn name(self) -> &'static str {
        match self {
            Version::V2019 => "2019",
            Version::V2021 => "2021",
        }
    }
}

/// One numeric cell of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyDef {
    pub key: String,
    pub table: String,
    /// Row label path as the template prints it, pieces separated by `/`.
    pub row_label: String,
    pub column_label: String,
}

impl KeyDef {
    /// The key without its last component: the template row (`t3.denied.secret`).
    pub fn row_key(&self) -> &str {
        self.key.rsplit_once('.').map_or(self.key.as_str(), |(row, _)| row)
    }

    /// The last component: the template column (`person`).
    pub fn column(&self) -> &str {
        self.key.rsplit_once('.').map_or("", |(_, col)| col)
    }
}

fn parse(tsv: &str) -> Vec<KeyDef> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                [key, _, table, row, col, ..] => Some(KeyDef {
                    key: key.to_string(),
                    table: table.to_string(),
                    row_label: row.to_string(),
                    column_label: col.to_string(),
                }),
                _ => None,
            }
        })
        .collect()
}

/// Every key of a template version, in template order.
pub fn keys(version: Version) -> &'static [KeyDef] {
    static V2019: OnceLock<Vec<KeyDef>> = OnceLock::new();
    static V2021: OnceLock<Vec<KeyDef>> = OnceLock::new();
    match version {
        Version::V2019 => V2019.get_or_init(|| parse(include_str!("keys-2019.tsv"))),
        Version::V2021 => V2021.get_or_init(|| parse(include_str!("keys-2021.tsv"))),
    }
}

/// Every key of both versions, 2021 first, each once: the columns of `dataset.tsv`.
pub fn all_keys() -> &'static [String] {
    static ALL: OnceLock<Vec<String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut out: Vec<String> = Vec::new();
        for def in keys(Version::V2021).iter().chain(keys(Version::V2019)) {
            if !out.contains(&def.key) {
                out.push(def.key.clone());
            }
        }
        out
    })
}

/// English for the template's rows, by row key.
const ROW_GLOSSES: &[(&str, &str)] = &[
    ("t2.rules", "rules (规章)"),
    ("t2.normative", "normative documents"),
    ("t2.licensing", "administrative licensing"),
    ("t2.other_services", "other external management services"),
    ("t2.penalty", "administrative penalties"),
    ("t2.coercion", "administrative coercion"),
    ("t2.fees", "administrative fees"),
    ("t2.procurement", "centralized government procurement"),
    ("t3.new", "applications received this year"),
    ("t3.carried", "applications carried over from last year"),
    ("t3.granted", "disclosed"),
    ("t3.partial", "partly disclosed"),
    ("t3.denied.secret", "not disclosed: state secret"),
    ("t3.denied.law", "not disclosed: prohibited by other laws and regulations"),
    ("t3.denied.safety", "not disclosed: would endanger security or stability"),
    ("t3.denied.third_party", "not disclosed: protects a third party's lawful rights"),
    ("t3.denied.internal", "not disclosed: internal affairs"),
    ("t3.denied.process", "not disclosed: process information"),
    ("t3.denied.enforcement", "not disclosed: law-enforcement case files"),
    ("t3.denied.inquiry", "not disclosed: administrative inquiry matter"),
    ("t3.unable.not_held", "cannot be provided: not held by this body"),
    ("t3.unable.not_existing", "cannot be provided: would have to be newly made"),
    ("t3.unable.unclear", "cannot be provided: request still unclear"),
    ("t3.rejected.petition", "not processed: petition, report or complaint"),
    ("t3.rejected.repeat", "not processed: repeated application"),
    ("t3.rejected.publication", "not processed: asks for a publication"),
    ("t3.rejected.massive", "not processed: many repeated applications without good reason"),
    ("t3.rejected.confirm", "not processed: asks to confirm or reissue information obtained"),
    ("t3.other", "otherwise handled"),
    ("t3.other.no_correction", "otherwise handled: applicant did not correct in time"),
    ("t3.other.no_fee", "otherwise handled: applicant did not pay the fee"),
    ("t3.other.other", "otherwise handled: other"),
    ("t3.total", "total handled"),
    ("t3.carry_forward", "carried forward to next year"),
    ("t4.review", "administrative review"),
    ("t4.suit_direct", "administrative litigation without prior review"),
    ("t4.suit_after_review", "administrative litigation after review"),
];

/// English for the template's columns, by table and column key.
const COLUMN_GLOSSES: &[(&str, &str, &str)] = &[
    ("t2", "issued", "issued this year"),
    ("t2", "repealed", "repealed this year"),
    ("t2", "in_force", "in force"),
    ("t2", "created", "made this year"),
    ("t2", "published", "published this year"),
    ("t2", "total_public", "published in all"),
    ("t2", "decisions", "decisions this year"),
    ("t2", "prev_items", "items last year"),
    ("t2", "change", "change this year"),
    ("t2", "items", "items"),
    ("t2", "amount", "amount"),
    ("t3", "person", "natural persons"),
    ("t3", "business", "commercial enterprises"),
    ("t3", "research", "research institutions"),
    ("t3", "nonprofit", "public-interest organizations"),
    ("t3", "legal", "legal service agencies"),
    ("t3", "other", "other organizations"),
    ("t3", "total", "all applicants"),
    ("t4", "upheld", "upheld"),
    ("t4", "corrected", "corrected"),
    ("t4", "other", "other result"),
    ("t4", "pending", "pending"),
    ("t4", "total", "total"),
];

/// A short English gloss of a key: its row, then its column (`t3.denied.law.person`: "not
/// disclosed: prohibited by other laws and regulations; natural persons").
pub fn gloss(def: &KeyDef) -> String {
    let row = ROW_GLOSSES.iter().find(|(k, _)| *k == def.row_key()).map_or(def.row_key(), |(_, g)| g);
    let column =
        COLUMN_GLOSSES.iter().find(|(t, c, _)| *t == def.table && *c == def.column()).map_or(def.column(), |(.., g)| g);
    format!("{row}; {column}")
}

/// The key dictionary of a template version as TSV: key, table, row label, column label, gloss.
pub fn dictionary_tsv(version: Version) -> String {
    let mut out = String::from("key\ttable\trow_label\tcolumn_label\tgloss\n");
    for def in keys(version) {
        out.push_str(&format!("{}\t{}\t{}\t{}\t{}\n", def.key, def.table, def.row_label, def.column_label, gloss(def)));
    }
    out
}

#[cfg(test)]
mod gloss_tests {
    use super::*;

    #[test]
    fn every_key_has_an_english_row_and_column() {
        for version in [Version::V2019, Version::V2021] {
            for def in keys(version) {
                assert!(ROW_GLOSSES.iter().any(|(k, _)| *k == def.row_key()), "row of {}", def.key);
                assert!(
                    COLUMN_GLOSSES.iter().any(|(t, c, _)| *t == def.table && *c == def.column()),
                    "column of {}",
                    def.key
                );
            }
        }
        let law = keys(Version::V2021).iter().find(|d| d.key == "t3.denied.law.person").expect("key");
        assert_eq!(gloss(law), "not disclosed: prohibited by other laws and regulations; natural persons");
        let first = dictionary_tsv(Version::V2021).lines().nth(1).map(str::to_string);
        assert_eq!(
            first.as_deref(),
            Some("t2.rules.issued\tt2\t第二十条第（一）项/规章\t本年制发件数\trules (规章); issued this year")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_versions_load_completely() {
        assert_eq!(keys(Version::V2021).len(), 207);
        assert_eq!(keys(Version::V2019).len(), keys(Version::V2019).iter().filter(|k| k.key.starts_with('t')).count());
        assert_eq!(keys(Version::V2021).iter().filter(|k| k.table == "t3").count(), 182);
        assert_eq!(keys(Version::V2019).iter().filter(|k| k.table == "t3").count(), 161);
        assert_eq!(keys(Version::V2021)[0].row_key(), "t2.rules");
        assert_eq!(keys(Version::V2021)[0].column(), "issued");
    }
}
