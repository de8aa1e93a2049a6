//! `nianbao merge`: the output folders of several runs (shards of one input list, or runs of
//! different days) combined into one, as a single run over all their inputs would have written
//! it: `summary.tsv` and `dataset.tsv` in the batch's order, document folders under the names
//! that run would have handed out, duplicates of one content once in `dataset.tsv`.
//!
//! Stages: `read_part` reads what each run recorded (its summary, the folder names its
//! inputs asked for), [`merge`] keeps one record per input (a later part's over an earlier
//! one's), names the folders in the batch's order, and copies each document folder into place.

use std::collections::BTreeMap;
use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::formats::BatchFormat;
use super::output::{self, OutputDir, MARKER, STATE_DIR};
use super::{inputs, parse_fields, replace_source, Finished, Outcome, SUMMARY_HEADER, VERSION};

/// The state file that records, for each input of a run, the folder name it asked for: what a
/// merge needs to hand out names as one run over every input would (a taken name gets `~2`).
pub const NAMES_FILE: &str = "names.tsv";

/// What went wrong, naming the file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    pub path: PathBuf,
    pub why: String,
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.why)
    }
}

impl std::error::Error for MergeError {}

fn error(path: &Path, why: impl Into<String>) -> MergeError {
    MergeError { path: path.to_path_buf(), why: why.into() }
}

/// One input as a part recorded it.
#[derive(Debug)]
struct Entry {
    /// The part it was read from, shared by all its entries.
    part: Arc<Path>,
    outcome: Outcome,
    /// The folder name the input asked for.
    wanted: PathBuf,
}

/// A part as read, locked against a run that would write into it until the merge is done.
pub struct Part {
    entries: Vec<Entry>,
    lock: Option<File>,
}

/// What a merge did.
#[derive(Debug)]
pub struct Merged {
    /// Every input, in the batch's order, as the merged `summary.tsv` gives it.
    pub documents: Vec<Finished>,
    /// Inputs recorded by more than one part (the last part's record is kept).
    pub repeated: usize,
}

/// Reads a part's record: its `summary.tsv`, every line of it, and the folder names its
/// inputs asked for.
fn read_part(root: &Path) -> Result<Part, MergeError> {
    if !fs::symlink_metadata(root).is_ok_and(|m| m.is_dir()) {
        return Err(error(root, "not a folder"));
    }
    // A run holds its lock while it writes; a part is read only when no run holds it.
    let lock = match File::open(root.join(STATE_DIR).join("lock")) {
        Ok(lock) => match lock.try_lock_shared() {
            Ok(()) => Some(lock),
            Err(TryLockError::WouldBlock) => {
                return Err(error(root, "a nianbao run is writing into it: merge it when the run has finished"))
            }
            Err(TryLockError::Error(e)) => return Err(error(root, format!("cannot lock it: {e}"))),
        },
        Err(_) => None,
    };
    let summary_path = root.join("summary.tsv");
    let summary = fs::read_to_string(&summary_path).map_err(|e| error(&summary_path, inputs::io_reason(&e)))?;
    let Some(body) = summary.strip_prefix(SUMMARY_HEADER) else {
        return Err(error(&summary_path, "not a summary nianbao wrote (its header differs)"));
    };
    let names_path = root.join(STATE_DIR).join(NAMES_FILE);
    let names = fs::read_to_string(&names_path).map_err(|e| {
        error(
            &names_path,
            format!("{}: the run that wrote this folder was not nianbao {VERSION}", inputs::io_reason(&e)),
        )
    })?;
    let wanted: BTreeMap<&str, &str> = names.lines().filter_map(|line| line.split_once('\t')).collect();
    let part: Arc<Path> = Arc::from(root);
    let mut entries = Vec::new();
    for (n, line) in body.lines().enumerate() {
        let at = |why: String| error(&summary_path, format!("line {}: {why}", n + 2));
        let fields: Vec<&str> = line.split('\t').collect();
        let [source, result @ .., folder, sha256, version] = fields.as_slice() else {
            return Err(at("not a summary line".into()));
        };
        if *version != VERSION {
            return Err(at(format!(
                "written by nianbao {version}; this is {VERSION}: convert its inputs again with this version"
            )));
        }
        let folder = (!folder.is_empty()).then(|| folder.to_string());
        let outcome = parse_fields(&result.join("\t"), source, folder, sha256.to_string())
            .ok_or_else(|| at("not a summary line".into()))?;
        let wanted = wanted.get(source).ok_or_else(|| at(format!("{source} is not in {NAMES_FILE}")))?;
        entries.push(Entry { part: Arc::clone(&part), outcome, wanted: PathBuf::from(wanted) });
    }
    Ok(Part { entries, lock })
}

/// The files of a document folder written by nianbao, paths relative to it, its mark aside;
/// anything but a plain file or folder inside it is refused.
fn folder_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, MergeError> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let listed =
            fs::read_dir(dir.join(&relative)).map_err(|e| error(&dir.join(&relative), inputs::io_reason(&e)))?;
        let mut names: Vec<_> = listed.filter_map(Result::ok).map(|e| e.file_name()).collect();
        names.sort();
        for name in names {
            let path = relative.join(&name);
            if path.as_os_str() == MARKER {
                continue;
            }
            let full = dir.join(&path);
            let meta = fs::symlink_metadata(&full).map_err(|e| error(&full, inputs::io_reason(&e)))?;
            if meta.is_dir() {
                pending.push(path);
            } else if meta.is_file() {
                let text = fs::read_to_string(&full).map_err(|e| error(&full, inputs::io_reason(&e)))?;
                files.push((path, text));
            } else {
                return Err(error(&full, "not a file nianbao writes (a link or a special file)"));
            }
        }
    }
    Ok(files)
}

/// `report.json` with its `folder` changed from `old` to `new`. The file begins with `source`,
/// `sha256` and `folder`, pretty or compact, and only that beginning is rewritten.
fn refolder(json: &str, source: &str, sha256: &str, old: &str, new: &str) -> Option<String> {
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let (source, sha256) = (quoted(source), quoted(sha256));
    let pretty = |folder: &str| {
        format!("{{\n  \"source\": {source},\n  \"sha256\": {sha256},\n  \"folder\": {}", quoted(folder))
    };
    let compact = |folder: &str| format!("{{\"source\":{source},\"sha256\":{sha256},\"folder\":{}", quoted(folder));
    [(pretty(old), pretty(new)), (compact(old), compact(new))]
        .into_iter()
        .find_map(|(from, to)| json.strip_prefix(&from).map(|rest| format!("{to}{rest}")))
}

/// Copies one document folder of a part into `folder` of the output, with its mark and its
/// `report.json` saying where it now is; returns the outcome with its dataset row.
fn copy_document(entry: &Entry, folder: &Path, output: &OutputDir) -> Result<Outcome, MergeError> {
    let mut outcome = entry.outcome.clone();
    let Some(old) = &entry.outcome.folder else {
        return Ok(outcome);
    };
    let dir = entry.part.join(old);
    let damaged = || error(&dir, "not a document folder nianbao wrote (its mark is missing or damaged)");
    let recorded = output::read_marker(&dir).ok_or_else(damaged)?;
    if recorded.sha256 != outcome.sha256 || recorded.version != VERSION {
        return Err(error(&dir, "its mark is not of the input summary.tsv names here"));
    }
    let new = folder.display().to_string();
    let mut files = folder_files(&dir)?;
    if *old != new {
        for (path, text) in &mut files {
            if path == Path::new("report.json") {
                *text = refolder(text, &outcome.source, &outcome.sha256, old, &new)
                    .ok_or_else(|| error(&dir.join("report.json"), "does not begin as nianbao writes it"))?;
            }
        }
    }
    outcome.dataset_row = recorded.dataset_row.as_deref().map(|row| replace_source(row, &outcome.source));
    output.write_document(folder, &files, &recorded).map_err(|e| error(&output.root().join(folder), e.to_string()))?;
    outcome.folder = Some(new);
    Ok(outcome)
}

/// Reads the records of the runs written into `parts`, before anything is written into the
/// merge's output folder `output` (which may not exist yet, and is none of them).
pub fn read_parts(parts: &[PathBuf], output: &Path) -> Result<Vec<Part>, MergeError> {
    let own = inputs::file_id(output);
    parts
        .iter()
        .map(|root| {
            if own.is_some() && inputs::file_id(root) == own {
                return Err(error(root, "is the merge's output folder: merge into another one"));
            }
            read_part(root)
        })
        .collect()
}

/// Merges the parts into `output`, with `jobs` threads copying folders (0: one per core),
/// writing the batch files of `format` beside the TSVs. Nothing in the parts is changed; they
/// stay locked until the merge is done.
pub fn merge(parts: Vec<Part>, output: &OutputDir, jobs: usize, format: BatchFormat) -> Result<Merged, MergeError> {
    // One record per input, the last part's winning; the map keeps the batch's order. Each
    // record moves from its part into the map: a million inputs are held once.
    let mut by_source: BTreeMap<String, Entry> = BTreeMap::new();
    let mut repeated = 0;
    let mut locks = Vec::with_capacity(parts.len());
    for part in parts {
        locks.push(part.lock);
        for entry in part.entries {
            if by_source.insert(entry.outcome.source.clone(), entry).is_some() {
                repeated += 1;
            }
        }
    }
    let entries: Vec<Entry> = by_source.into_values().collect();
    let mut names = inputs::FolderNames::default();
    let folders: Vec<PathBuf> = entries.iter().map(|e| names.assign(&e.wanted, output)).collect();
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(jobs).build().map_err(|e| error(output.root(), e.to_string()))?;
    let ledger = output.ledger().map_err(|e| error(output.root(), e.to_string()))?;
    let documents: Result<Vec<Finished>, MergeError> = pool.install(|| {
        entries
            .par_iter()
            .zip(folders.par_iter())
            .map(|(entry, folder)| {
                let outcome = copy_document(entry, folder, output)?;
                ledger.record(&outcome).map_err(|e| error(output.root(), e.to_string()))
            })
            .collect()
    });
    let documents = documents?;
    let wanted = entries.iter().map(|e| (e.outcome.source.as_str(), e.wanted.as_path()));
    let write =
        |name: &str, result: io::Result<()>| result.map_err(|e| error(&output.root().join(name), e.to_string()));
    write(NAMES_FILE, output.write_state_file(NAMES_FILE, &super::names_tsv(wanted)))?;
    super::write_batch_files(output, &ledger, &documents).map_err(|e| error(output.root(), e.to_string()))?;
    super::formats::write_other_formats(output, format).map_err(|e| error(output.root(), e.to_string()))?;
    drop(locks);
    Ok(Merged { documents, repeated })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_folder_of_a_report_is_rewritten() {
        let pretty =
            "{\n  \"source\": \"in/a.pdf\",\n  \"sha256\": \"ab\",\n  \"folder\": \"a.pdf\",\n  \"x\": \"a.pdf\"\n}\n";
        assert_eq!(
            refolder(pretty, "in/a.pdf", "ab", "a.pdf", "a.pdf~2").as_deref(),
            Some("{\n  \"source\": \"in/a.pdf\",\n  \"sha256\": \"ab\",\n  \"folder\": \"a.pdf~2\",\n  \"x\": \"a.pdf\"\n}\n")
        );
        let compact = "{\"source\":\"q\\\"\",\"sha256\":\"ab\",\"folder\":\"a\",\"x\":1}\n";
        assert_eq!(
            refolder(compact, "q\"", "ab", "a", "b").as_deref(),
            Some("{\"source\":\"q\\\"\",\"sha256\":\"ab\",\"folder\":\"b\",\"x\":1}\n")
        );
        assert_eq!(refolder(compact, "other", "ab", "a", "b"), None);
    }
}
