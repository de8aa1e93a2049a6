//! `nianbao merge`: the output folders of several runs (shards of one input list, or runs of
//! different days) combined into one, as a single run over all their inputs would have written
//! it: `summary.tsv` and `dataset.tsv` in the batch's order, document folders under the names
//! that run would have handed out, duplicates of one content once in `dataset.tsv`.
//!
//! Stages: [`read_parts`] checks what each run recorded (its summary, a line at a time, and
//! the folder names its inputs asked for) before anything is written; [`merge`] walks the
//! parts side by side in the batch's order (each run wrote its summary in that order), keeps
//! one record per input (a later part's over an earlier one's), names the folders as one run
//! would, and links or copies the document folders into place a chunk at a time in parallel,
//! writing their lines as it goes. Memory holds the folder names handed out and the digests of
//! the contents seen, not the records: a part of a million inputs is never read whole.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashSet};
use std::fs::{self, File, TryLockError};
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::formats::BatchFormat;
use super::output::{self, Content, OutputDir, MARKER, STATE_DIR};
use super::{inputs, parse_fields, replace_source, summary_line, Outcome, Status, SUMMARY_HEADER, VERSION};

/// The state file that records, for each input of a run, the folder name it asked for: what a
/// merge needs to hand out names as one run over every input would (a taken name gets `~2`).
pub const NAMES_FILE: &str = "names.tsv";

/// Documents linked or copied in parallel before their lines are written, in order: enough to
/// keep every worker busy, few enough that what waits in memory does not grow with the batch.
const CHUNK: usize = 1024;

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

/// How the files of the parts' document folders reach the merged ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transfer {
    /// Hard links where the file system allows, copies elsewhere: no second copy of the bytes.
    #[default]
    Link,
    /// Copies, so that the merged folders share nothing with the parts.
    Copy,
}

/// How a merge runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct MergeOptions {
    /// Threads linking or copying folders (0: one per core).
    pub jobs: usize,
    /// The batch files written beside the TSVs.
    pub format: BatchFormat,
    pub transfer: Transfer,
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

/// A part whose record was checked, locked against a run that would write into it until the
/// merge is done.
pub struct Part {
    root: Arc<Path>,
    /// The records of a run that was interrupted (its summary in the order documents
    /// finished), read whole and put in the batch's order; `None` for a finished run, whose
    /// summary is read again, a line at a time, as the merge goes.
    loaded: Option<Vec<Entry>>,
    lock: Option<File>,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// Inputs in the merged `summary.tsv`.
    pub inputs: usize,
    /// Of them, those that failed.
    pub failed: usize,
    /// Inputs recorded by more than one part (the last part's record is kept).
    pub repeated: usize,
}

/// The folder names a part's inputs asked for: read alongside its summary when both are in
/// the batch's order, else looked up.
enum Names {
    InOrder { path: PathBuf, lines: io::Lines<BufReader<File>> },
    Loaded(BTreeMap<String, PathBuf>),
}

impl Names {
    fn open(root: &Path) -> Result<(PathBuf, File), MergeError> {
        let path = root.join(STATE_DIR).join(NAMES_FILE);
        let file = open_plain(&path).map_err(|e| match e.raw_os_error() {
            Some(libc::EMFILE) => error(&path, open_reason(&e)),
            _ => error(
                &path,
                format!("{}: the run that wrote this folder was not nianbao {VERSION}", inputs::io_reason(&e)),
            ),
        })?;
        Ok((path, file))
    }

    /// The name `source` asked for. In order, the lines before it are passed over (inputs
    /// that did not finish), and one after it means it is not there.
    fn wanted(&mut self, source: &str) -> Result<Option<PathBuf>, MergeError> {
        match self {
            Names::Loaded(map) => Ok(map.get(source).cloned()),
            Names::InOrder { path, lines } => {
                for line in lines.by_ref() {
                    let line = line.map_err(|e| error(path, inputs::io_reason(&e)))?;
                    let Some((name_source, wanted)) = line.split_once('\t') else { continue };
                    match name_source.cmp(source) {
                        std::cmp::Ordering::Less => continue,
                        std::cmp::Ordering::Equal => return Ok(Some(PathBuf::from(wanted))),
                        std::cmp::Ordering::Greater => return Ok(None),
                    }
                }
                Ok(None)
            }
        }
    }
}

/// A document folder's name as nianbao gives it: relative, inside the folder it is in, with no
/// hidden part (a leading `.` is written `%2E`). What a part records is checked against it, so
/// that an edited or damaged part cannot make the merge read or write outside its folders.
fn is_folder_name(path: &Path) -> bool {
    path.components().next().is_some()
        && path.components().all(|c| match c {
            std::path::Component::Normal(name) => !name.as_encoded_bytes().starts_with(b"."),
            _ => false,
        })
}

/// Opens a file of a part for reading: a plain file only, never through a link (a link could
/// lead out of the part) and never waiting on a FIFO.
fn open_plain(path: &Path) -> io::Result<File> {
    let file = fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a plain file (a FIFO, a device or a folder)"));
    }
    Ok(file)
}

/// Whether every folder from `root` down to `root/relative` is a plain folder: no link
/// between a part and what it holds.
fn plain_folders(root: &Path, relative: &Path) -> bool {
    let mut dir = root.to_path_buf();
    relative.components().all(|part| {
        dir.push(part);
        fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
    })
}

/// Why a part's file did not open; past the limit on open files, what to do about it.
fn open_reason(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::EMFILE) => format!(
            "{}: a merge holds three files of each part open; raise the limit (`ulimit -n`) or merge the parts in groups, then the groups",
            inputs::io_reason(e)
        ),
        _ => inputs::io_reason(e),
    }
}

/// A part's `summary.tsv` read a record at a time, each with the folder name its input asked
/// for.
struct Records {
    part: Arc<Path>,
    summary_path: PathBuf,
    lines: io::Lines<BufReader<File>>,
    /// The number of the line read last.
    line: usize,
    names: Names,
    /// The source of the record read last, while records are expected in the batch's order.
    previous: Option<String>,
    /// A record out of the batch's order was met; reading stopped before it.
    out_of_order: bool,
}

impl Records {
    /// Opens a part's record, checking that nianbao wrote it; `in_order` reads it as a
    /// finished run wrote it.
    fn open(part: &Arc<Path>, in_order: bool) -> Result<Records, MergeError> {
        let summary_path = part.join("summary.tsv");
        let file = open_plain(&summary_path).map_err(|e| error(&summary_path, open_reason(&e)))?;
        let mut lines = BufReader::with_capacity(1 << 16, file).lines();
        let header = lines.next().transpose().map_err(|e| error(&summary_path, inputs::io_reason(&e)))?;
        if header.as_deref() != Some(SUMMARY_HEADER.trim_end_matches('\n')) {
            return Err(error(&summary_path, "not a summary nianbao wrote (its header differs)"));
        }
        let (names_path, names_file) = Names::open(part)?;
        let names = if in_order {
            Names::InOrder { path: names_path, lines: BufReader::with_capacity(1 << 16, names_file).lines() }
        } else {
            let mut map = BTreeMap::new();
            for line in BufReader::new(names_file).lines() {
                let line = line.map_err(|e| error(&names_path, inputs::io_reason(&e)))?;
                if let Some((source, wanted)) = line.split_once('\t') {
                    map.insert(source.to_string(), PathBuf::from(wanted));
                }
            }
            Names::Loaded(map)
        };
        Ok(Records { part: Arc::clone(part), summary_path, lines, line: 1, names, previous: None, out_of_order: false })
    }

    /// The next record; `None` at the end, or at a record out of order when they are read in
    /// order (`out_of_order` then says so).
    fn next_entry(&mut self) -> Result<Option<Entry>, MergeError> {
        let Some(line) = self.lines.next() else { return Ok(None) };
        self.line += 1;
        let at = |why: String| error(&self.summary_path, format!("line {}: {why}", self.line));
        let line = line.map_err(|e| at(inputs::io_reason(&e)))?;
        let fields: Vec<&str> = line.split('\t').collect();
        let [source, result @ .., folder, sha256, version] = fields.as_slice() else {
            return Err(at("not a summary line".into()));
        };
        if *version != VERSION {
            return Err(at(format!(
                "written by nianbao {version}; this is {VERSION}: convert its inputs again with this version"
            )));
        }
        if matches!(self.names, Names::InOrder { .. }) {
            if self.previous.as_deref().is_some_and(|previous| previous >= *source) {
                self.out_of_order = true;
                return Ok(None);
            }
            self.previous = Some(source.to_string());
        }
        if !folder.is_empty() && !is_folder_name(Path::new(folder)) {
            return Err(at(format!("its folder {folder} is not one nianbao names: it leaves the part or is hidden")));
        }
        let folder = (!folder.is_empty()).then(|| folder.to_string());
        let outcome = parse_fields(&result.join("\t"), source, folder, sha256.to_string())
            .ok_or_else(|| at("not a summary line".into()))?;
        let wanted = self.names.wanted(source)?.ok_or_else(|| at(format!("{source} is not in {NAMES_FILE}")))?;
        if !is_folder_name(&wanted) {
            let why =
                format!("{NAMES_FILE} gives {source} the folder {}, which is not one nianbao names", wanted.display());
            return Err(at(why));
        }
        Ok(Some(Entry { part: Arc::clone(&self.part), outcome, wanted }))
    }
}

/// Checks a part's record, every line of it, and locks the part.
fn read_part(root: &Path) -> Result<Part, MergeError> {
    // The part as named (a link to a folder is the user's choice); inside it, no link is followed.
    if !fs::metadata(root).is_ok_and(|m| m.is_dir()) {
        return Err(error(root, "not a folder"));
    }
    // A run holds its lock while it writes; a part is read only when no run holds it.
    if fs::symlink_metadata(root.join(STATE_DIR)).is_ok_and(|m| !m.is_dir()) {
        return Err(error(&root.join(STATE_DIR), "not a folder nianbao made (a link or a file)"));
    }
    let lock = match open_plain(&root.join(STATE_DIR).join("lock")) {
        Ok(lock) => match lock.try_lock_shared() {
            Ok(()) => Some(lock),
            Err(TryLockError::WouldBlock) => {
                return Err(error(root, "a nianbao run is writing into it: merge it when the run has finished"))
            }
            Err(TryLockError::Error(e)) => return Err(error(root, format!("cannot lock it: {e}"))),
        },
        // A folder written by hand, or copied without its state, has no lock to take.
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(error(&root.join(STATE_DIR).join("lock"), open_reason(&e))),
    };
    let root: Arc<Path> = Arc::from(root);
    // Every record and the folder it names are checked now, before anything is written.
    let mut records = Records::open(&root, true)?;
    while let Some(entry) = records.next_entry()? {
        check_document(&entry)?;
    }
    let loaded = if records.out_of_order {
        // One record per input, the last line's winning, in the batch's order.
        let mut by_source = BTreeMap::new();
        let mut records = Records::open(&root, false)?;
        while let Some(entry) = records.next_entry()? {
            check_document(&entry)?;
            by_source.insert(entry.outcome.source.clone(), entry);
        }
        Some(by_source.into_values().collect())
    } else {
        None
    };
    Ok(Part { root, loaded, lock })
}

/// A file a document folder holds when nianbao wrote it (what `--write` chooses from), its
/// mark aside: anything else in a part's folder was put there by someone else.
fn is_document_file(path: &Path) -> bool {
    let names: Vec<&std::ffi::OsStr> = path.iter().collect();
    match names.as_slice() {
        [name] => ["sections.tsv", "values.tsv", "checks.tsv", "report.json"].iter().any(|n| name == n),
        [folder, name] => {
            let name = name.as_encoded_bytes();
            *folder == "tables" && name.ends_with(b".tsv") && !name.starts_with(b".")
        }
        _ => false,
    }
}

/// The document folder an entry names, checked as the merge will read it: reached through
/// plain folders only, its mark nianbao's and of the same input, version and results as the
/// summary line, and nothing in it but the files nianbao writes. Returns the mark.
fn check_document(entry: &Entry) -> Result<Option<output::Recorded>, MergeError> {
    let Some(folder) = &entry.outcome.folder else { return Ok(None) };
    let dir = entry.part.join(folder);
    if !plain_folders(&entry.part, Path::new(folder)) {
        return Err(error(&dir, "not a folder nianbao wrote (a link, or a link on the way to it)"));
    }
    let damaged = || error(&dir, "not a document folder nianbao wrote (its mark is missing or damaged)");
    let recorded = output::read_marker(&dir).ok_or_else(damaged)?;
    if recorded.sha256 != entry.outcome.sha256 || recorded.version != VERSION {
        return Err(error(&dir, "its mark is not of the input summary.tsv names here"));
    }
    if recorded.fields != super::result_fields(&entry.outcome) {
        return Err(error(&dir, "its mark records other results than summary.tsv gives it"));
    }
    folder_files(&dir)?;
    Ok(Some(recorded))
}

/// The files of a document folder written by nianbao, paths relative to it, its mark aside;
/// a link, a special file, or a file or folder nianbao does not write is refused.
fn folder_files(dir: &Path) -> Result<Vec<PathBuf>, MergeError> {
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
            if meta.is_dir() && path == Path::new("tables") {
                pending.push(path);
            } else if meta.is_file() && is_document_file(&path) {
                files.push(path);
            } else if meta.is_dir() || meta.is_file() {
                return Err(error(&full, "not a file nianbao writes in a document folder"));
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

/// Puts one document folder of a part at `folder` of the output, with its mark, and its
/// `report.json` saying where it now is; returns the outcome with its dataset row.
fn transfer_document(
    entry: &Entry,
    folder: &Path,
    output: &OutputDir,
    transfer: Transfer,
) -> Result<Outcome, MergeError> {
    let mut outcome = entry.outcome.clone();
    // Checked again: the part may have changed since it was read.
    let (Some(old), Some(recorded)) = (&entry.outcome.folder, check_document(entry)?) else {
        return Ok(outcome);
    };
    let dir = entry.part.join(old);
    let new = folder.display().to_string();
    let mut files = Vec::new();
    for path in folder_files(&dir)? {
        let from = dir.join(&path);
        let content = if *old != new && path == Path::new("report.json") {
            let json = fs::read_to_string(&from).map_err(|e| error(&from, inputs::io_reason(&e)))?;
            let moved = refolder(&json, &outcome.source, &outcome.sha256, old, &new)
                .ok_or_else(|| error(&from, "does not begin as nianbao writes it"))?;
            Content::Text(moved)
        } else {
            match transfer {
                Transfer::Link => Content::Linked(from),
                Transfer::Copy => Content::Copied(from),
            }
        };
        files.push((path, content));
    }
    outcome.dataset_row = recorded.dataset_row.as_deref().map(|row| replace_source(row, &outcome.source));
    output.write_document(folder, &files, &recorded).map_err(|e| error(&output.root().join(folder), e.to_string()))?;
    outcome.folder = Some(new);
    Ok(outcome)
}

/// Checks the records of the runs written into `parts`, before anything is written into the
/// merge's output folder `output` (which may not exist yet, and is none of them).
pub fn read_parts(parts: &[PathBuf], output: &Path) -> Result<Vec<Part>, MergeError> {
    // Each part's lock stays open until the merge is done.
    raise_open_file_limit();
    let own = inputs::file_id(output);
    let out = resolved(output);
    parts
        .iter()
        .map(|root| {
            if own.is_some() && inputs::file_id(root) == own {
                return Err(error(root, "is the merge's output folder: merge into another one"));
            }
            // One inside the other, the merge would write into the part, or read its own output.
            if let (Some(out), Ok(part)) = (&out, fs::canonicalize(root)) {
                if out.starts_with(&part) {
                    let why = format!("is inside the part {}: merge into a folder outside the parts", root.display());
                    return Err(error(output, why));
                }
                if part.starts_with(out) {
                    return Err(error(root, "is inside the merge's output folder: merge into a folder outside it"));
                }
            }
            read_part(root)
        })
        .collect()
}

/// `path` with links resolved, for a path that may not exist yet: its nearest existing
/// ancestor resolved, the rest as written.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            return Some(rest.iter().rev().fold(real, |path, name| path.join(name)));
        }
        rest.push(existing.file_name()?);
        existing = existing.parent()?;
    }
}

/// The parts' records side by side, merged in the batch's order, one record per input.
struct Walk {
    parts: Vec<PartRecords>,
    /// The next source of each part that has one, smallest first (for one source, the
    /// earliest part first).
    heads: BinaryHeap<Reverse<(String, usize)>>,
    /// The record each part has at the head.
    waiting: Vec<Option<Entry>>,
    repeated: usize,
}

enum PartRecords {
    Streamed(Records),
    Loaded(std::vec::IntoIter<Entry>),
}

impl PartRecords {
    fn next_entry(&mut self) -> Result<Option<Entry>, MergeError> {
        match self {
            PartRecords::Loaded(entries) => Ok(entries.next()),
            PartRecords::Streamed(records) => {
                let entry = records.next_entry()?;
                if records.out_of_order {
                    return Err(error(&records.summary_path, "changed while it was merged"));
                }
                Ok(entry)
            }
        }
    }
}

impl Walk {
    fn new(parts: Vec<Part>) -> Result<(Walk, Vec<Option<File>>), MergeError> {
        let mut records = Vec::with_capacity(parts.len());
        let mut locks = Vec::with_capacity(parts.len());
        for part in parts {
            records.push(match part.loaded {
                Some(entries) => PartRecords::Loaded(entries.into_iter()),
                None => PartRecords::Streamed(Records::open(&part.root, true)?),
            });
            locks.push(part.lock);
        }
        let count = records.len();
        let mut walk =
            Walk { parts: records, heads: BinaryHeap::new(), waiting: (0..count).map(|_| None).collect(), repeated: 0 };
        for part in 0..count {
            walk.advance(part)?;
        }
        Ok((walk, locks))
    }

    fn advance(&mut self, part: usize) -> Result<(), MergeError> {
        if let Some(entry) = self.parts[part].next_entry()? {
            self.heads.push(Reverse((entry.outcome.source.clone(), part)));
            self.waiting[part] = Some(entry);
        }
        Ok(())
    }

    /// The next input in the batch's order, as the last part that recorded it has it.
    fn next_entry(&mut self) -> Result<Option<Entry>, MergeError> {
        let Some(Reverse((source, first))) = self.heads.pop() else { return Ok(None) };
        let mut holders = vec![first];
        while self.heads.peek().is_some_and(|Reverse((next, _))| *next == source) {
            if let Some(Reverse((_, part))) = self.heads.pop() {
                holders.push(part);
            }
        }
        self.repeated += holders.len() - 1;
        let last = holders.iter().copied().max().unwrap_or(first);
        let entry = self.waiting[last].take();
        for part in holders {
            self.waiting[part] = None;
            self.advance(part)?;
        }
        Ok(entry)
    }
}

/// The merged batch files while they are written, and what they hold so far.
struct MergedFiles {
    summary: output::PendingFile,
    dataset: output::PendingFile,
    names: output::PendingFile,
    /// Digests of the contents with a row in `dataset.tsv`: a duplicate gets none.
    seen: HashSet<[u8; 32]>,
    merged: Merged,
}

impl MergedFiles {
    fn add(&mut self, entry: &Entry, outcome: &Outcome) -> io::Result<()> {
        self.summary.write_all(summary_line(outcome).as_bytes())?;
        if let Some(row) = &outcome.dataset_row {
            if super::ledger::parse_digest(&outcome.sha256).is_none_or(|digest| self.seen.insert(digest)) {
                self.dataset.write_all(row.as_bytes())?;
            }
        }
        let names = super::names_tsv([(outcome.source.as_str(), entry.wanted.as_path())]);
        self.names.write_all(names.as_bytes())?;
        self.merged.inputs += 1;
        self.merged.failed += usize::from(outcome.status == Status::Failed);
        Ok(())
    }
}

/// Raises the soft limit on open files to the hard one: the merge holds three files of every
/// part open (its lock, its summary and its names as it walks them), and a merge of hundreds
/// of shards would pass the usual soft limit of 1,024.
fn raise_open_file_limit() {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Merges the parts into `output`. Nothing in the parts is changed; they stay locked until
/// the merge is done.
pub fn merge(parts: Vec<Part>, output: &OutputDir, options: &MergeOptions) -> Result<Merged, MergeError> {
    raise_open_file_limit();
    let at = |name: &str| {
        let path = output.root().join(name);
        move |e: io::Error| error(&path, e.to_string())
    };
    let (mut walk, locks) = Walk::new(parts)?;
    let mut files = MergedFiles {
        summary: output.pending_batch_file("summary.tsv").map_err(at("summary.tsv"))?,
        dataset: output.pending_batch_file("dataset.tsv").map_err(at("dataset.tsv"))?,
        names: output.pending_state_file(NAMES_FILE).map_err(at(NAMES_FILE))?,
        seen: HashSet::new(),
        merged: Merged { inputs: 0, failed: 0, repeated: 0 },
    };
    files.summary.write_all(SUMMARY_HEADER.as_bytes()).map_err(at("summary.tsv"))?;
    files.dataset.write_all(crate::write::dataset_header().as_bytes()).map_err(at("dataset.tsv"))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| error(output.root(), e.to_string()))?;
    let mut names = inputs::FolderNames::default();
    let mut chunk: Vec<(Entry, PathBuf)> = Vec::with_capacity(CHUNK);
    loop {
        let entry = walk.next_entry()?;
        let done = entry.is_none();
        if let Some(entry) = entry {
            let folder = names.assign(&entry.wanted, output);
            chunk.push((entry, folder));
        }
        if chunk.len() == CHUNK || (done && !chunk.is_empty()) {
            let outcomes: Vec<Outcome> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|(entry, folder)| transfer_document(entry, folder, output, options.transfer))
                    .collect::<Result<_, _>>()
            })?;
            for ((entry, _), outcome) in chunk.iter().zip(&outcomes) {
                files.add(entry, outcome).map_err(at("summary.tsv"))?;
            }
            chunk.clear();
        }
        if done {
            break;
        }
    }
    let MergedFiles { summary, dataset, names: names_file, mut merged, .. } = files;
    names_file.commit().map_err(at(NAMES_FILE))?;
    summary.commit().map_err(at("summary.tsv"))?;
    dataset.commit().map_err(at("dataset.tsv"))?;
    super::formats::write_other_formats(output, options.format).map_err(|e| error(output.root(), e.to_string()))?;
    merged.repeated = walk.repeated;
    drop(locks);
    Ok(merged)
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

    #[test]
    fn only_names_nianbao_gives_are_folders() {
        for name in ["a", "2021/a~2", "in/%2E./c/report"] {
            assert!(is_folder_name(Path::new(name)), "{name}");
        }
        for name in ["", "/etc", "../a", "a/../../b", "./a", "a/.nianbao", ".outcome.tsv"] {
            assert!(!is_folder_name(Path::new(name)), "{name}");
        }
    }
}
