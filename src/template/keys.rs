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
