//! The batch: many inputs converted in parallel, each finished in memory and written as one
//! folder, every input accounted for in `summary.tsv`.
//!
//! Stages: [`inputs`] finds the documents and names their folders, [`process`] reads and
//! converts one (or reuses the folder an earlier run wrote from the same bytes and the same
//! version), [`output`] writes it where nothing but nianbao's own folders is touched.

pub mod inputs;
pub mod output;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::ErrorKind;
use crate::model::{Format, Ocr};
use crate::template::Report;
use crate::write;

pub use inputs::{collect_inputs, escape_path, Input, DOCUMENT_EXTENSIONS, MAX_FILE_BYTES};
pub use output::OutputDir;

/// The version written into every output and compared before a folder is reused: output of
/// another version is converted again.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

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
    /// The input's path, escaped as [`escape_path`] writes it.
    pub source: String,
    pub status: Status,
    pub format: String,
    pub pages: Option<u32>,
    pub tables: usize,
    pub checks_failed: usize,
    pub seconds: f64,
    pub message: String,
    /// The document's folder relative to the output folder; `None` when nothing was written.
    pub folder: Option<String>,
    /// SHA-256 of the input's bytes, hexadecimal; empty when they could not be read.
    pub sha256: String,
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

/// SHA-256 of some bytes, as 64 lowercase hexadecimal digits.
pub fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
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

/// Page numbers as a short list: `3 5-8`.
fn page_list(pages: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &p in pages {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == p => *end = p,
            _ => runs.push((p, p)),
        }
    }
    runs.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect::<Vec<_>>().join(" ")
}

/// The status of a converted document and the message that explains it; a document with
/// several problems names each.
pub fn describe(report: &Report) -> (Status, String) {
    if report.is_blank_pdf() {
        let why = if report.notes.is_empty() { "its pages are empty".to_string() } else { report.notes.join("; ") };
        return (Status::Failed, format!("damaged document: no text and no images could be read ({why})"));
    }
    let pages = report.pages.unwrap_or(0);
    if pages > 0 && report.damaged_pages.len() as u32 >= pages {
        return (Status::Failed, format!("damaged document: none of its {pages} pages could be read whole"));
    }
    if report.has_no_text() {
        let message = match (report.format, report.images) {
            (Format::Pdf, _) => {
                let scan = format!("no text layer: {pages} pages of images only (a scan)");
                match &report.ocr {
                    Ocr::Read => format!("{scan}; OCR found no text on them"),
                    Ocr::Off => format!("{scan}; OCR is turned off (NIANBAO_OCR=off)"),
                    Ocr::Unavailable(why) => format!(
                        "{scan}; OCR is not available ({why}): install tesseract-ocr and tesseract-ocr-chi-sim to read it"
                    ),
                    Ocr::NotNeeded => format!("{scan}; nothing to read without OCR"),
                }
            }
            (_, 0) => "no text: the document is blank".to_string(),
            (format, images) => format!(
                "no text: {images} {} and no text (a scan saved as {}); nothing to read without OCR",
                if images == 1 { "image" } else { "images" },
                format.name().to_uppercase()
            ),
        };
        return (Status::NoText, message);
    }
    let mut warnings = Vec::new();
    if !report.damaged_pages.is_empty() {
        let noun = if report.damaged_pages.len() == 1 { "page" } else { "pages" };
        warnings.push(format!(
            "{noun} {} could not be read whole (damaged or over a limit; see report.json notes)",
            page_list(&report.damaged_pages)
        ));
    }
    if report.unreadable > 0 {
        warnings.push(format!(
            "{} glyphs unreadable: their font has no Unicode mapping (written as U+FFFD)",
            report.unreadable
        ));
    }
    let failed: Vec<&str> = report.checks.iter().filter(|c| !c.ok).map(|c| c.name.as_str()).collect();
    if !failed.is_empty() {
        let mut names = failed.iter().take(5).copied().collect::<Vec<_>>().join(", ");
        if failed.len() > 5 {
            names.push_str(", …");
        }
        let noun = if failed.len() == 1 { "check" } else { "checks" };
        warnings.push(format!("{} {noun} failed: {names}", failed.len()));
    }
    // A scan says so, whatever else is said of it.
    let by_ocr = (!report.ocr_pages.is_empty()).then(|| {
        let noun = if report.ocr_pages.len() == 1 { "page" } else { "pages" };
        format!("read by OCR ({noun} {})", page_list(&report.ocr_pages))
    });
    if !warnings.is_empty() {
        warnings.extend(by_ocr);
        return (Status::Warnings, warnings.join("; "));
    }
    let mut said: Vec<String> = by_ocr.into_iter().collect();
    let missing: Vec<String> =
        (1..=6u8).filter(|s| !report.sections_found().contains(s)).map(|s| s.to_string()).collect();
    if report.template.is_none() {
        said.push("no template tables recognized".into());
    } else if !missing.is_empty() {
        said.push(format!("section headings not found: {}", missing.join(" ")));
    }
    (Status::Ok, said.join("; "))
}

/// An outcome's `summary.tsv` fields from `status` to `message`: what a document folder
/// records, as they do not depend on where the input was found.
fn result_fields(o: &Outcome) -> String {
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

/// The outcome a folder's record gives for `input`, when it can be reused.
fn reused(recorded: output::Recorded, source: &str, folder: &Path) -> Option<Outcome> {
    let f: Vec<&str> = recorded.fields.split('\t').collect();
    let [status, format, pages, tables, checks_failed, seconds, message] = f.as_slice() else { return None };
    let status = [Status::Ok, Status::Warnings, Status::NoText].into_iter().find(|s| s.name() == *status)?;
    Some(Outcome {
        source: source.to_string(),
        status,
        format: format.to_string(),
        pages: pages.parse().ok(),
        tables: tables.parse().ok()?,
        checks_failed: checks_failed.parse().ok()?,
        seconds: seconds.parse().ok()?,
        message: message.to_string(),
        folder: Some(folder.display().to_string()),
        sha256: recorded.sha256,
        dataset_row: recorded.dataset_row.map(|row| replace_source(&row, source)),
    })
}

/// A dataset row recorded under another path of the same bytes, given this input's path.
fn replace_source(row: &str, source: &str) -> String {
    match row.split_once('\t') {
        Some((_, rest)) => format!("{}\t{rest}", write::field(source)),
        None => row.to_string(),
    }
}

/// The bytes a reader takes for an input, and the format name for the summary: a legacy Word
/// file comes back converted to DOCX when LibreOffice is at hand.
pub fn readable_bytes(path: &Path, bytes: Vec<u8>, limit: Option<Duration>) -> Result<(Vec<u8>, String), ErrorKind> {
    match crate::detect::detect(&bytes) {
        Ok(Format::Ole2) => {
            let docx = crate::read::legacy::to_docx(path, &bytes, limit.unwrap_or(DEFAULT_TIMEOUT))?;
            Ok((docx, "docx".to_string()))
        }
        Ok(format) => Ok((bytes, format.name().to_string())),
        Err(ErrorKind::EncryptedWord) => Err(ErrorKind::EncryptedWord),
        Err(_) => Ok((bytes, String::new())),
    }
}

/// The files of a document's folder, paths relative to it.
fn document_files(report: &Report, provenance: &write::Provenance) -> Vec<(PathBuf, String)> {
    let mut files = vec![(PathBuf::from("sections.tsv"), write::sections_tsv(report))];
    for named in &report.tables {
        files.push((Path::new("tables").join(format!("{}.tsv", named.id)), write::table_tsv(&named.table)));
    }
    files.push((PathBuf::from("values.tsv"), write::values_tsv(report)));
    files.push((PathBuf::from("checks.tsv"), write::checks_tsv(report)));
    files.push((PathBuf::from("report.json"), write::report_json(report, provenance)));
    files
}

/// Converts one input into its `folder` under the output folder, or reuses what an earlier run
/// wrote there from the same bytes with the same version (unless `force`).
pub fn process(output: &OutputDir, input: &Input, folder: &Path, options: &BatchOptions) -> Outcome {
    let started = Instant::now();
    let source = escape_path(&input.path);
    let mut outcome = Outcome {
        source: source.clone(),
        status: Status::Failed,
        format: String::new(),
        pages: None,
        tables: 0,
        checks_failed: 0,
        seconds: 0.0,
        message: String::new(),
        folder: None,
        sha256: String::new(),
        dataset_row: None,
    };
    let fail = |mut outcome: Outcome, why: String| {
        outcome.message = format!("{source}: {why}");
        outcome.seconds = started.elapsed().as_secs_f64();
        outcome
    };
    if let Some(why) = &input.listing_error {
        return fail(outcome, format!("cannot list this folder: {why}"));
    }
    let bytes = match inputs::read_input(&input.path) {
        Ok(bytes) => bytes,
        Err(kind) => return fail(outcome, kind.to_string()),
    };
    outcome.sha256 = hex_digest(&bytes);
    if !options.force {
        let recorded = output.recorded(folder).filter(|r| r.version == VERSION && r.sha256 == outcome.sha256);
        if let Some(previous) = recorded.and_then(|r| reused(r, &source, folder)) {
            return previous;
        }
    }
    let result = crate::deadline::with_limit(options.timeout, || {
        readable_bytes(&input.path, bytes, options.timeout).and_then(|(bytes, format)| {
            outcome.format = format;
            convert_guarded(&bytes)
        })
    });
    let report = match result {
        Ok(report) => report,
        Err(kind) => return fail(outcome, kind.to_string()),
    };
    outcome.pages = report.pages;
    outcome.tables = report.tables.len();
    outcome.checks_failed = report.checks_failed();
    let (status, message) = describe(&report);
    if status == Status::Failed {
        return fail(outcome, message);
    }
    outcome.status = status;
    outcome.message = message;
    outcome.seconds = started.elapsed().as_secs_f64();
    outcome.dataset_row = write::dataset_row(&report, &source);
    let folder_name = folder.display().to_string();
    let provenance = write::Provenance { source: &source, sha256: &outcome.sha256, folder: &folder_name };
    let record = output::Recorded {
        version: VERSION.to_string(),
        sha256: outcome.sha256.clone(),
        fields: result_fields(&outcome),
        dataset_row: outcome.dataset_row.clone(),
    };
    match output.write_document(folder, &document_files(&report, &provenance), &record) {
        Ok(()) => outcome.folder = Some(folder_name),
        Err(e) => {
            outcome.status = Status::Failed;
            outcome.dataset_row = None;
            outcome.message = format!("{source}: cannot write output: {e}");
        }
    }
    outcome
}

/// The header line of `summary.tsv`.
pub const SUMMARY_HEADER: &str =
    "source\tstatus\tformat\tpages\ttables\tchecks_failed\tseconds\tmessage\tfolder\tsha256\tversion\n";

/// `summary.tsv`.
pub fn summary_tsv(outcomes: &[Outcome]) -> String {
    let mut out = String::from(SUMMARY_HEADER);
    for o in outcomes {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{VERSION}\n",
            write::field(&o.source),
            result_fields(o),
            o.folder.as_deref().unwrap_or(""),
            o.sha256
        ));
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

/// Runs a batch: names every input's folder, converts them in parallel, calling `on_done`
/// after each, then writes `summary.tsv` and `dataset.tsv`. Outcomes come back in input order
/// whatever the thread count.
pub fn run(
    inputs: &[Input],
    output: &OutputDir,
    options: &BatchOptions,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> std::io::Result<Vec<Outcome>> {
    let mut names = inputs::FolderNames::default();
    let folders: Vec<PathBuf> =
        inputs.iter().map(|input| names.assign(&inputs::folder_name(&input.relative), output)).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let outcomes: Vec<Outcome> = pool.install(|| {
        inputs
            .par_iter()
            .zip(folders.par_iter())
            .map(|(input, folder)| {
                let outcome = process(output, input, folder, options);
                on_done(&outcome);
                outcome
            })
            .collect()
    });
    output.write_batch_file("summary.tsv", &summary_tsv(&outcomes))?;
    output.write_batch_file("dataset.tsv", &dataset_tsv(&outcomes))?;
    Ok(outcomes)
}
