//! The batch: many inputs converted in parallel, each finished in memory and written as one
//! folder, every input accounted for in `summary.tsv`.
//!
//! Stages: [`inputs`] finds the documents and names their folders, [`process`] reads and
//! converts one (or reuses the folder an earlier run wrote from the same bytes and the same
//! version), [`output`] writes it where nothing but nianbao's own folders is touched.

pub mod formats;
pub mod inputs;
pub mod ledger;
pub mod merge;
pub mod output;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::ErrorKind;
use crate::model::{Format, Ocr};
use crate::read::ReadOptions;
use crate::template::Report;
use crate::write;

pub use inputs::{collect_inputs, escape_path, Input, DOCUMENT_EXTENSIONS, MAX_FILE_BYTES};
pub use ledger::Finished;
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
    /// The status a `summary.tsv` line names.
    pub fn from_name(name: &str) -> Option<Status> {
        [Status::Ok, Status::Warnings, Status::NoText, Status::Failed].into_iter().find(|s| s.name() == name)
    }

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
    /// What each document's folder holds.
    pub written: Written,
    /// The batch files written beside the TSVs.
    pub format: formats::BatchFormat,
    /// How the documents are read: the password tried on every PDF that does not open
    /// without one. It is recorded nowhere; a folder is reused whatever password made it.
    pub read: ReadOptions,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 0,
            timeout: Some(DEFAULT_TIMEOUT),
            force: false,
            written: Written::default(),
            format: formats::BatchFormat::Tsv,
            read: ReadOptions::default(),
        }
    }
}

/// The files of a document folder, as `--write` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFile {
    Sections,
    Tables,
    Values,
    Checks,
    Json,
}

impl DocumentFile {
    const ALL: [DocumentFile; 5] =
        [DocumentFile::Sections, DocumentFile::Tables, DocumentFile::Values, DocumentFile::Checks, DocumentFile::Json];

    pub fn name(self) -> &'static str {
        match self {
            DocumentFile::Sections => "sections",
            DocumentFile::Tables => "tables",
            DocumentFile::Values => "values",
            DocumentFile::Checks => "checks",
            DocumentFile::Json => "json",
        }
    }
}

/// What a document folder holds (`--write`, default every file) and whether `report.json` is
/// compact (`--compact`: one line, no boxes). Recorded in the folder's mark, so that a rerun
/// asking for other files converts again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    files: [bool; 5],
    pub compact: bool,
}

impl Default for Written {
    fn default() -> Self {
        Written { files: [true; 5], compact: false }
    }
}

impl Written {
    pub fn holds(&self, file: DocumentFile) -> bool {
        self.files[file as usize]
    }

    /// How the mark records it: `sections,tables,values,checks,json`, then `;compact` if so.
    pub fn label(&self) -> String {
        let names: Vec<&str> = DocumentFile::ALL.iter().filter(|f| self.holds(**f)).map(|f| f.name()).collect();
        format!("{}{}", names.join(","), if self.compact { ";compact" } else { "" })
    }
}

impl std::str::FromStr for Written {
    type Err = String;

    /// A `--write` list: names from `sections,tables,values,checks,json`, or `all`.
    fn from_str(list: &str) -> Result<Written, String> {
        let mut written = Written { files: [false; 5], compact: false };
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "all" {
                written.files = [true; 5];
                continue;
            }
            let file = DocumentFile::ALL.into_iter().find(|f| f.name() == name).ok_or_else(|| {
                format!(
                    "`{name}` is not a file of a document folder: choose from sections, tables, values, checks, json"
                )
            })?;
            written.files[file as usize] = true;
        }
        if !written.files.contains(&true) {
            return Err("name at least one of sections, tables, values, checks, json".into());
        }
        Ok(written)
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
    convert_guarded_with(bytes, &ReadOptions::default())
}

/// [`convert_guarded`] with [`ReadOptions`] (the password of an encrypted PDF).
pub fn convert_guarded_with(bytes: &[u8], options: &ReadOptions) -> Result<Report, ErrorKind> {
    match catch_unwind(AssertUnwindSafe(|| crate::convert_bytes_with(bytes, options))) {
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
    // What a scan's reading doubts, by key, so that the cells to look at are in the summary.
    let doubted: Vec<&str> =
        report.checks.iter().filter(|c| !c.ok).flat_map(|c| c.cells.iter().map(String::as_str)).collect();
    if !doubted.is_empty() {
        let mut names = doubted.iter().take(NAMED_DOUBTED_CELLS).copied().collect::<Vec<_>>().join(", ");
        if doubted.len() > NAMED_DOUBTED_CELLS {
            names.push_str(", …");
        }
        warnings.push(format!("doubtful OCR readings: {names}"));
    }
    if !report.ocr_pages.is_empty() && report.template.is_none() {
        // A scan whose tables were not found has lost its values, not printed none.
        warnings.push("no template tables recognized".into());
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

/// Most doubted cells the summary's message names; `checks.tsv` has them all.
const NAMED_DOUBTED_CELLS: usize = 5;

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

/// An outcome from the `summary.tsv` fields `status` to `message` (as [`result_fields`]
/// writes them) and what stands around them.
fn parse_fields(fields: &str, source: &str, folder: Option<String>, sha256: String) -> Option<Outcome> {
    let f: Vec<&str> = fields.split('\t').collect();
    let [status, format, pages, tables, checks_failed, seconds, message] = f.as_slice() else { return None };
    Some(Outcome {
        source: source.to_string(),
        status: Status::from_name(status)?,
        format: format.to_string(),
        pages: if pages.is_empty() { None } else { Some(pages.parse().ok()?) },
        tables: tables.parse().ok()?,
        checks_failed: checks_failed.parse().ok()?,
        seconds: seconds.parse().ok()?,
        message: message.to_string(),
        folder,
        sha256,
        dataset_row: None,
    })
}

/// The outcome a folder's record gives for `input`, when it can be reused.
fn reused(recorded: output::Recorded, source: &str, folder: &Path) -> Option<Outcome> {
    let mut outcome = parse_fields(&recorded.fields, source, Some(folder.display().to_string()), recorded.sha256)?;
    if outcome.status == Status::Failed {
        return None;
    }
    outcome.dataset_row = recorded.dataset_row.map(|row| replace_source(&row, source));
    Some(outcome)
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

/// The files of a document's folder that `written` asks for, paths relative to it.
fn document_files(report: &Report, provenance: &write::Provenance, written: Written) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    if written.holds(DocumentFile::Sections) {
        files.push((PathBuf::from("sections.tsv"), write::sections_tsv(report)));
    }
    if written.holds(DocumentFile::Tables) {
        for named in &report.tables {
            files.push((Path::new("tables").join(format!("{}.tsv", named.id)), write::table_tsv(&named.table)));
        }
    }
    if written.holds(DocumentFile::Values) {
        files.push((PathBuf::from("values.tsv"), write::values_tsv(report)));
    }
    if written.holds(DocumentFile::Checks) {
        files.push((PathBuf::from("checks.tsv"), write::checks_tsv(report)));
    }
    if written.holds(DocumentFile::Json) {
        let json = if written.compact { write::report_json_compact } else { write::report_json };
        files.push((PathBuf::from("report.json"), json(report, provenance)));
    }
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
        let written = options.written.label();
        let recorded = output
            .recorded(folder)
            .filter(|r| r.version == VERSION && r.sha256 == outcome.sha256 && r.written == written);
        if let Some(previous) = recorded.and_then(|r| reused(r, &source, folder)) {
            return previous;
        }
    }
    let result = crate::deadline::with_limit(options.timeout, || {
        readable_bytes(&input.path, bytes, options.timeout).and_then(|(bytes, format)| {
            outcome.format = format;
            convert_guarded_with(&bytes, &options.read)
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
        written: options.written.label(),
        fields: result_fields(&outcome),
        dataset_row: outcome.dataset_row.clone(),
    };
    let files: Vec<(PathBuf, output::Content)> = document_files(&report, &provenance, options.written)
        .into_iter()
        .map(|(path, text)| (path, output::Content::Text(text)))
        .collect();
    match output.write_document(folder, &files, &record) {
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

/// One line of `summary.tsv`.
fn summary_line(o: &Outcome) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{VERSION}\n",
        write::field(&o.source),
        result_fields(o),
        o.folder.as_deref().unwrap_or(""),
        o.sha256
    )
}

/// Writes `summary.tsv` and `dataset.tsv` from the ledger, documents in the batch's order.
fn write_batch_files(output: &OutputDir, ledger: &ledger::Ledger, finished: &[Finished]) -> std::io::Result<()> {
    output.write_batch_file_with("summary.tsv", |out| ledger.write_summary(finished, out))?;
    output.write_batch_file_with("dataset.tsv", |out| ledger.write_dataset(finished, out))
}

/// `.nianbao/names.tsv`: each input's path and the folder name it asked for, the state a
/// merge needs to hand out the folders a single run would have.
fn names_tsv<'a>(entries: impl IntoIterator<Item = (&'a str, &'a Path)>) -> String {
    entries.into_iter().map(|(source, wanted)| format!("{}\t{}\n", write::field(source), wanted.display())).collect()
}

/// Runs a batch: names every input's folder, converts them in parallel, calling `on_done`
/// after each, then writes `summary.tsv` and `dataset.tsv`. `summary.tsv` gets each line as
/// its input finishes, so an interrupted run keeps its record (and a rerun reuses what was
/// finished), and is written again whole, in input order, at the end, from the ledger where
/// each finished document's lines wait on disk. Returns what the ledger kept of each input,
/// in input order whatever the thread count.
pub fn run(
    inputs: &[Input],
    output: &OutputDir,
    options: &BatchOptions,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> std::io::Result<Vec<Finished>> {
    let mut names = inputs::FolderNames::default();
    let wanted: Vec<(String, PathBuf)> =
        inputs.iter().map(|input| (escape_path(&input.path), input.wanted_folder())).collect();
    let folders: Vec<PathBuf> = wanted.iter().map(|(_, name)| names.assign(name, output)).collect();
    output.write_state_file(merge::NAMES_FILE, &names_tsv(wanted.iter().map(|(s, w)| (s.as_str(), w.as_path()))))?;
    let log = output.begin_summary(SUMMARY_HEADER)?;
    let ledger = output.ledger()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let finished: std::io::Result<Vec<Finished>> = pool.install(|| {
        inputs
            .par_iter()
            .zip(folders.par_iter())
            .map(|(input, folder)| {
                let outcome = process(output, input, folder, options);
                log.append(&summary_line(&outcome));
                on_done(&outcome);
                ledger.record(&outcome)
            })
            .collect()
    });
    let finished = finished?;
    write_batch_files(output, &ledger, &finished)?;
    formats::write_other_formats(output, options.format)?;
    Ok(finished)
}
