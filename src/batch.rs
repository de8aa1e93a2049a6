//! The batch: many inputs converted in parallel, each finished in memory and written as one
//! folder, every input accounted for in `summary.tsv`.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::error::ErrorKind;
use crate::model::Format;
use crate::template::Report;
use crate::write;

/// File name endings picked up when a folder is searched; files named directly are always read.
pub const DOCUMENT_EXTENSIONS: [&str; 11] =
    ["pdf", "docx", "doc", "wps", "html", "htm", "shtml", "xhtml", "txt", "md", "text"];

/// How one input ended, ordered from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Ok,
    Warnings,
    NoText,
    Failed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warnings => "warnings",
            Status::NoText => "no-text",
            Status::Failed => "failed",
        }
    }
}

/// One line of `summary.tsv`, plus the document's `dataset.tsv` row.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub source: String,
    pub status: Status,
    pub format: String,
    pub pages: Option<u32>,
    pub tables: usize,
    pub checks_failed: usize,
    pub seconds: f64,
    pub message: String,
    pub dataset_row: Option<String>,
}

/// Options of a batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads; 0 lets rayon choose.
    pub jobs: usize,
    /// Time allowed to one file; `None` for no limit.
    pub timeout: Option<Duration>,
    /// Convert again documents whose output is up to date.
    pub force: bool,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { jobs: 0, timeout: Some(DEFAULT_TIMEOUT), force: false }
    }
}

/// Time allowed to one file by default: real reports take well under a second.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Largest input read; real attachments are a few MiB, and reading more would only exhaust
/// a worker's memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Where a document folder keeps its outcome, so a later run can skip it.
const OUTCOME_FILE: &str = ".outcome.tsv";

/// Expands folders (recursively, sorted) into the documents they hold.
pub fn collect_inputs(paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)?;
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// A folder name per input, from its file name without extension, made unique in input order.
pub fn folder_names(inputs: &[PathBuf]) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    inputs
        .iter()
        .map(|path| {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "document".into());
            let stem: String =
                stem.chars().map(|c| if c == '/' || c == '\\' || c.is_control() { '_' } else { c }).collect();
            let mut name = stem.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{stem}-{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// Converts one document, turning a panic inside any stage into a failure of this file only.
pub fn convert_guarded(bytes: &[u8]) -> Result<Report, ErrorKind> {
    match catch_unwind(AssertUnwindSafe(|| crate::convert_bytes(bytes))) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(ErrorKind::Internal(what))
        }
    }
}

/// Writes a document's folder under a temporary name, then renames it into place, so an
/// interrupted run never leaves a half-written folder.
pub fn write_document(out_dir: &Path, name: &str, report: &Report, source: &str, outcome: &str) -> io::Result<()> {
    let final_dir = out_dir.join(name);
    let tmp_dir = out_dir.join(format!(".{name}.partial"));
    if tmp_dir.exists() {
        fs::remove_dir_all(&tmp_dir)?;
    }
    fs::create_dir_all(tmp_dir.join("tables"))?;
    fs::write(tmp_dir.join("sections.tsv"), write::sections_tsv(report))?;
    for named in &report.tables {
        fs::write(tmp_dir.join("tables").join(format!("{}.tsv", named.id)), write::table_tsv(&named.table))?;
    }
    fs::write(tmp_dir.join("values.tsv"), write::values_tsv(report))?;
    fs::write(tmp_dir.join("checks.tsv"), write::checks_tsv(report))?;
    fs::write(tmp_dir.join("report.json"), write::report_json(report, source))?;
    fs::write(tmp_dir.join(OUTCOME_FILE), outcome)?;
    if final_dir.exists() {
        fs::remove_dir_all(&final_dir)?;
    }
    fs::rename(&tmp_dir, &final_dir)
}

fn describe(report: &Report) -> (Status, String) {
    if report.is_blank_pdf() {
        let why = if report.notes.is_empty() { "its pages are empty".to_string() } else { report.notes.join("; ") };
        return (Status::Failed, format!("damaged document: no text and no images could be read ({why})"));
    }
    if report.has_no_text() {
        let message = match (report.format, report.images) {
            (Format::Pdf, _) => format!(
                "no text layer: {} pages of images only (a scan); nothing to read without OCR",
                report.pages.unwrap_or(0)
            ),
            (_, 0) => "no text: the document is blank".to_string(),
            (format, images) => format!(
                "no text: {images} {} and no text (a scan saved as {}); nothing to read without OCR",
                if images == 1 { "image" } else { "images" },
                format.name().to_uppercase()
            ),
        };
        return (Status::NoText, message);
    }
    if report.unreadable > 0 {
        return (
            Status::Warnings,
            format!("{} glyphs unreadable: their font has no Unicode mapping (written as U+FFFD)", report.unreadable),
        );
    }
    let failed: Vec<&str> = report.checks.iter().filter(|c| !c.ok).map(|c| c.name.as_str()).collect();
    if !failed.is_empty() {
        let mut names = failed.iter().take(5).copied().collect::<Vec<_>>().join(", ");
        if failed.len() > 5 {
            names.push_str(", …");
        }
        let noun = if failed.len() == 1 { "check" } else { "checks" };
        return (Status::Warnings, format!("{} {noun} failed: {names}", failed.len()));
    }
    if report.template.is_none() {
        return (Status::Ok, "no template tables recognized".into());
    }
    let missing: Vec<String> =
        (1..=6u8).filter(|s| !report.sections_found().contains(s)).map(|s| s.to_string()).collect();
    if !missing.is_empty() {
        return (Status::Ok, format!("section headings not found: {}", missing.join(" ")));
    }
    (Status::Ok, String::new())
}

/// An outcome's `summary.tsv` fields after `source`.
fn outcome_fields(o: &Outcome) -> String {
    let fields = [
        o.status.name().to_string(),
        o.format.clone(),
        o.pages.map(|p| p.to_string()).unwrap_or_default(),
        o.tables.to_string(),
        o.checks_failed.to_string(),
        format!("{:.3}", o.seconds),
        write::field(&o.message),
    ];
    fields.join("\t")
}

/// What a document folder records of its outcome: its summary fields, then its dataset row.
fn outcome_line(o: &Outcome) -> String {
    format!("{}\n{}", outcome_fields(o), o.dataset_row.as_deref().unwrap_or("\n"))
}

/// The outcome a previous run recorded for this input, when its folder is newer than it.
fn previous_outcome(path: &Path, folder: &Path, source: &str) -> Option<Outcome> {
    let recorded = folder.join(OUTCOME_FILE);
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
    if modified(&recorded) < modified(path) {
        return None;
    }
    let text = fs::read_to_string(&recorded).ok()?;
    let mut lines = text.splitn(2, '\n');
    let f: Vec<&str> = lines.next()?.split('\t').collect();
    let [status, format, pages, tables, checks_failed, seconds, message] = f.as_slice() else { return None };
    let status = [Status::Ok, Status::Warnings, Status::NoText].into_iter().find(|s| s.name() == *status)?;
    let dataset_row = lines.next().map(str::to_string).filter(|r| !r.trim().is_empty());
    Some(Outcome {
        source: source.to_string(),
        status,
        format: format.to_string(),
        pages: pages.parse().ok(),
        tables: tables.parse().ok()?,
        checks_failed: checks_failed.parse().ok()?,
        seconds: seconds.parse().ok()?,
        message: message.to_string(),
        dataset_row,
    })
}

/// Reads an input's bytes, refusing files too large to be a report; a legacy Word file comes
/// back converted to DOCX when LibreOffice is at hand.
pub fn input_bytes(path: &Path, limit: Option<Duration>) -> Result<(Vec<u8>, String), ErrorKind> {
    let size = fs::metadata(path).map_err(|e| ErrorKind::Io(e.to_string()))?.len();
    if size > MAX_FILE_BYTES {
        return Err(ErrorKind::Unsupported(format!(
            "the file is {} MiB, over the {} MiB limit for one report",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = fs::read(path).map_err(|e| ErrorKind::Io(e.to_string()))?;
    match crate::detect::detect(&bytes) {
        Ok(crate::model::Format::Ole2) => {
            let docx = crate::read::legacy::to_docx(path, limit.unwrap_or(DEFAULT_TIMEOUT))?;
            Ok((docx, "docx".to_string()))
        }
        Ok(format) => Ok((bytes, format.name().to_string())),
        Err(_) => Ok((bytes, String::new())),
    }
}

/// Converts one input into its folder under `out_dir`, or reuses the folder a previous run
/// left when it is newer than the input (unless `force`).
pub fn process(path: &Path, name: &str, out_dir: &Path, options: &BatchOptions) -> Outcome {
    let started = Instant::now();
    let source = path.display().to_string();
    if !options.force {
        if let Some(previous) = previous_outcome(path, &out_dir.join(name), &source) {
            return previous;
        }
    }
    let mut outcome = Outcome {
        source: source.clone(),
        status: Status::Failed,
        format: String::new(),
        pages: None,
        tables: 0,
        checks_failed: 0,
        seconds: 0.0,
        message: String::new(),
        dataset_row: None,
    };
    let result = crate::deadline::with_limit(options.timeout, || {
        input_bytes(path, options.timeout).and_then(|(bytes, format)| {
            outcome.format = format;
            convert_guarded(&bytes)
        })
    });
    match result {
        Ok(report) => {
            outcome.pages = report.pages;
            outcome.tables = report.tables.len();
            outcome.checks_failed = report.checks_failed();
            let (status, message) = describe(&report);
            outcome.seconds = started.elapsed().as_secs_f64();
            if status == Status::Failed {
                outcome.message = format!("{source}: {message}");
                return outcome;
            }
            outcome.status = status;
            outcome.message = message;
            outcome.dataset_row = write::dataset_row(&report, &source);
            if let Err(e) = write_document(out_dir, name, &report, &source, &outcome_line(&outcome)) {
                outcome.status = Status::Failed;
                outcome.dataset_row = None;
                outcome.message = format!("{source}: cannot write output: {e}");
            }
        }
        Err(kind) => {
            outcome.message = format!("{source}: {kind}");
            outcome.seconds = started.elapsed().as_secs_f64();
        }
    }
    outcome
}

/// `summary.tsv`.
pub fn summary_tsv(outcomes: &[Outcome]) -> String {
    let mut out = String::from("source\tstatus\tformat\tpages\ttables\tchecks_failed\tseconds\tmessage\n");
    for o in outcomes {
        out.push_str(&format!("{}\t{}\n", write::field(&o.source), outcome_fields(o)));
    }
    out
}

/// `dataset.tsv`.
pub fn dataset_tsv(outcomes: &[Outcome]) -> String {
    let mut out = write::dataset_header();
    for row in outcomes.iter().filter_map(|o| o.dataset_row.as_deref()) {
        out.push_str(row);
    }
    out
}

fn write_whole(path: &Path, text: &str) -> io::Result<()> {
    let tmp = path.with_extension("tsv.partial");
    fs::write(&tmp, text)?;
    fs::rename(tmp, path)
}

/// Runs a batch: converts every input in parallel, calling `on_done` after each, then writes
/// `summary.tsv` and `dataset.tsv`. Outcomes come back in input order whatever the thread count.
pub fn run(
    inputs: &[PathBuf],
    out_dir: &Path,
    options: &BatchOptions,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> io::Result<Vec<Outcome>> {
    fs::create_dir_all(out_dir)?;
    let names = folder_names(inputs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let outcomes: Vec<Outcome> = pool.install(|| {
        inputs
            .par_iter()
            .zip(names.par_iter())
            .map(|(path, name)| {
                let outcome = process(path, name, out_dir, options);
                on_done(&outcome);
                outcome
            })
            .collect()
    });
    write_whole(&out_dir.join("summary.tsv"), &summary_tsv(&outcomes))?;
    write_whole(&out_dir.join("dataset.tsv"), &dataset_tsv(&outcomes))?;
    Ok(outcomes)
}
