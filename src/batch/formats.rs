//! A batch's files in other formats (`--format csv|jsonl` with `-o`), made from the written
//! `summary.tsv`, `dataset.tsv` and document folders, a line at a time: `summary.csv` and
//! `dataset.csv` for spreadsheets, `reports.jsonl` with one JSON object per input.

use std::fs::File;
use std::io::{self, BufRead, BufReader};

use super::output::OutputDir;

/// The batch files written beside the TSVs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BatchFormat {
    /// The TSVs alone.
    #[default]
    Tsv,
    /// `summary.csv` and `dataset.csv`, with a UTF-8 byte order mark when `bom` (Excel).
    Csv { bom: bool },
    /// `reports.jsonl`: every input's status, message and `report.json`, one line each.
    Jsonl,
}

/// The file names each format adds.
pub const CSV_FILES: [(&str, &str); 2] = [("summary.tsv", "summary.csv"), ("dataset.tsv", "dataset.csv")];
pub const JSONL_FILE: &str = "reports.jsonl";

/// Writes the files `format` adds, from the batch files and folders already written. Those of
/// other formats an earlier run left are removed (the output folder was opened only because
/// they are nianbao's), so that no file describes another batch than the last.
pub fn write_other_formats(output: &OutputDir, format: BatchFormat) -> io::Result<()> {
    let stale: Vec<&str> = match format {
        BatchFormat::Tsv => CSV_FILES.iter().map(|(_, csv)| *csv).chain([JSONL_FILE]).collect(),
        BatchFormat::Csv { .. } => vec![JSONL_FILE],
        BatchFormat::Jsonl => CSV_FILES.iter().map(|(_, csv)| *csv).collect(),
    };
    for name in stale {
        match std::fs::remove_file(output.root().join(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    match format {
        BatchFormat::Tsv => Ok(()),
        BatchFormat::Csv { bom } => {
            for (tsv, csv) in CSV_FILES {
                let lines = BufReader::new(File::open(output.root().join(tsv))?);
                output.write_batch_file_with(csv, |out| {
                    if bom {
                        out.write_all("\u{FEFF}".as_bytes())?;
                    }
                    for line in lines.lines() {
                        out.write_all(crate::write::tsv_to_csv(&line?).as_bytes())?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        }
        BatchFormat::Jsonl => {
            let mut lines = BufReader::new(File::open(output.root().join("summary.tsv"))?).lines();
            lines.next().transpose()?; // the header
            output.write_batch_file_with(JSONL_FILE, |out| {
                for line in lines {
                    out.write_all(report_line(output, &line?)?.as_bytes())?;
                }
                Ok(())
            })
        }
    }
}

/// One input's `reports.jsonl` line from its `summary.tsv` line: `status` and `message`, then
/// its `report.json` on one line, or its `source` and `sha256` when it has no folder.
fn report_line(output: &OutputDir, summary_line: &str) -> io::Result<String> {
    let fields: Vec<&str> = summary_line.split('\t').collect();
    let [source, status, .., message, folder, sha256, _version] = fields.as_slice() else {
        return Err(io::Error::other(format!("summary.tsv: not a summary line: {summary_line}")));
    };
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let head = format!("{{\"status\":{},\"message\":{}", quoted(status), quoted(message));
    let report = if folder.is_empty() {
        None
    } else {
        match std::fs::read_to_string(output.root().join(folder).join("report.json")) {
            Ok(json) => Some(json),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        }
    };
    Ok(match report.as_deref().map(minify).as_deref().and_then(|json| json.strip_prefix('{')) {
        Some(rest) => format!("{head},{rest}\n"),
        None => format!("{head},\"source\":{},\"sha256\":{}}}\n", quoted(source), quoted(sha256)),
    })
}

/// JSON text without the white space between its tokens (strings kept as they are), so a
/// pretty `report.json` becomes one line with its fields in their order.
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for ch in json.chars() {
        if in_string {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
            }
        } else if ch == '"' {
            in_string = true;
            out.push(ch);
        } else if !ch.is_whitespace() {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_json_keeps_strings_and_order() {
        let pretty = "{\n  \"b\": \"a \\\" b\\\\\",\n  \"a\": [\n    1,\n    \" x \"\n  ]\n}\n";
        assert_eq!(minify(pretty), "{\"b\":\"a \\\" b\\\\\",\"a\":[1,\" x \"]}");
    }
}
