//! nianbao converts Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) from DOCX, PDF (text or scanned), HTML and text dumps into clean
//! sections, tables in their printed grid and the canonical values of the national template.
//!
//! # Converting
//!
//! [`convert_file`] reads a file (its errors name it), [`convert_bytes`] a document held in
//! memory ([`convert_file_with`] and [`convert_bytes_with`] take [`ReadOptions`]: the password
//! of an encrypted PDF); all give a [`Report`]: its [`sections`](Report::items), its
//! [`tables`](Report::table) as grids, the template's [`values`](Report::value) by canonical
//! key, its [`checks`](Report::checks), and its [`status`](Report::status).
//!
//! ```
//! let report = nianbao::convert_file("testdata/docx/report-2021.docx".as_ref())?;
//! assert_eq!(report.template, Some(nianbao::template::keys::Version::V2021));
//!
//! // A value of the template, by its canonical key (`nianbao keys` lists them all).
//! let issued = report.value("t2.rules.issued").expect("a key of the 2021 template");
//! assert_eq!((issued.raw.as_str(), issued.row_label.as_str()), ("1", "规章"));
//!
//! // A table as printed: merged cells span, and `expanded` repeats their text.
//! let t3 = report.table("t3").expect("t3");
//! let grid = t3.table.expanded();
//! assert!(grid[0][0].starts_with("（本列数据的勾稽关系为"));
//! assert_eq!(grid[0][3], "申请人情况"); // the header spans the applicant columns
//!
//! let (status, message) = report.status();
//! assert_eq!((status, message.as_str()), (nianbao::Status::Ok, ""));
//! # Ok::<(), nianbao::Error>(())
//! ```
//!
//! Errors say what went wrong in words a user can act on:
//!
//! ```
//! let err = nianbao::convert_bytes(b"").unwrap_err();
//! assert_eq!(err, nianbao::ErrorKind::Empty);
//! assert_eq!(err.to_string(), "empty file");
//! let err = nianbao::convert_file("no/such.pdf".as_ref()).unwrap_err();
//! assert_eq!(err.to_string(), "no/such.pdf: cannot read: no such file");
//! ```
//!
//! A report serializes (serde) as `report.json` does (`docs/OUTPUT.md` describes every field):
//!
//! ```
//! let report = nianbao::convert_file("testdata/html/page-2021.html".as_ref())?;
//! let json: serde_json::Value = serde_json::to_value(&report).expect("serializes");
//! assert_eq!(json["template"], "2021");
//! assert_eq!(json["tables"][0]["id"], "t2");
//! # Ok::<(), nianbao::Error>(())
//! ```
//!
//! # Many files
//!
//! [`batch`] converts many inputs in parallel into an output folder (`summary.tsv`,
//! `dataset.tsv`, a folder per document), as `nianbao convert -o OUT` does; [`write`](mod@write) gives
//! each output file as text.
//!
//! # Stages
//!
//! The pipeline, one module per stage, each usable on its own:
//! [`detect`] → [`read`] → [`model::Document`] (paragraphs and tables, generic) →
//! [`template::recognize`] → [`select`] (part of a report, optionally) → [`write`](mod@write).
//! Modules hidden from these docs (`grid`, `layout`, `lines`,
//! `ocr`, `deadline`) are public only for the tools and benchmarks built beside the library;
//! they may change without notice.

pub mod batch;
pub(crate) mod bidi;
#[doc(hidden)]
pub mod deadline;
pub mod detect;
pub mod error;
#[doc(hidden)]
pub mod grid;
pub mod inspect;
#[doc(hidden)]
pub mod layout;
#[doc(hidden)]
pub mod lines;
pub mod model;
pub(crate) mod numbers;
#[doc(hidden)]
pub mod ocr;
pub mod page;
pub mod read;
pub mod select;
pub mod template;
pub mod vocabulary;
pub mod write;

use std::path::Path;
use std::time::Duration;

pub use batch::Status;
pub use error::{Error, ErrorKind};
pub use model::{Cell, Document, Format, Table};
pub use read::ReadOptions;
pub use template::tables::{NamedTable, Value};
pub use template::Report;

/// Reads a document from its bytes, whatever its format: paragraphs and tables, before the
/// template is applied.
pub fn read_bytes(bytes: &[u8]) -> Result<Document, ErrorKind> {
    read_bytes_with(bytes, &ReadOptions::default())
}

/// [`read_bytes`] with [`ReadOptions`] (the password of an encrypted PDF).
pub fn read_bytes_with(bytes: &[u8], options: &ReadOptions) -> Result<Document, ErrorKind> {
    let format = detect::detect(bytes)?;
    read::read_with(bytes, format, &template::ReportVocabulary, options)
}

/// Converts a document held in memory (PDF, DOCX, HTML or text; legacy `.doc` needs a file
/// and LibreOffice: see [`convert_file`]).
pub fn convert_bytes(bytes: &[u8]) -> Result<Report, ErrorKind> {
    convert_bytes_with(bytes, &ReadOptions::default())
}

/// [`convert_bytes`] with [`ReadOptions`]: a PDF that does not open with the empty password
/// is opened with the one given, its user or its owner password.
///
/// ```
/// use nianbao::{ErrorKind, ReadOptions};
/// let bytes = std::fs::read("testdata/broken/hechuan-2019-aes256.pdf").expect("fixture");
///
/// let err = nianbao::convert_bytes(&bytes).unwrap_err();
/// assert_eq!(err, ErrorKind::Encrypted);
/// let err = nianbao::convert_bytes_with(&bytes, &ReadOptions::with_password("wrong")).unwrap_err();
/// assert_eq!(err.to_string(), "password-protected PDF: the password given does not open it");
///
/// let report = nianbao::convert_bytes_with(&bytes, &ReadOptions::with_password("年报-2019"))?;
/// assert_eq!(report.value("t2.rules.created").map(|v| v.raw.as_str()), Some("1"));
/// # Ok::<(), nianbao::ErrorKind>(())
/// ```
pub fn convert_bytes_with(bytes: &[u8], options: &ReadOptions) -> Result<Report, ErrorKind> {
    Ok(template::recognize(read_bytes_with(bytes, options)?))
}

/// Converts one file within [`batch::DEFAULT_TIMEOUT`]; the error names the file. Legacy Word
/// files go through LibreOffice when it is installed.
pub fn convert_file(path: &Path) -> Result<Report, Error> {
    convert_file_within(path, Some(batch::DEFAULT_TIMEOUT))
}

/// Converts one file within `limit` (`None`: no limit); the error names the file. A panic in
/// any stage becomes an error of this file, as a running time over the limit does.
pub fn convert_file_within(path: &Path, limit: Option<Duration>) -> Result<Report, Error> {
    convert_file_with(path, limit, &ReadOptions::default())
}

/// [`convert_file_within`] with [`ReadOptions`] (the password of an encrypted PDF).
pub fn convert_file_with(path: &Path, limit: Option<Duration>, options: &ReadOptions) -> Result<Report, Error> {
    deadline::with_limit(limit, || convert_path_with(path, limit, options))
        .map_err(|kind| Error { path: path.to_path_buf(), kind })
}

/// Converts one file, a panic in any stage turned into an error; `limit` bounds the
/// LibreOffice conversion of a legacy Word file (the caller sets the deadline of the rest).
#[doc(hidden)]
pub fn convert_path(path: &Path, limit: Option<Duration>) -> Result<Report, ErrorKind> {
    convert_path_with(path, limit, &ReadOptions::default())
}

/// [`convert_path`] with [`ReadOptions`].
#[doc(hidden)]
pub fn convert_path_with(path: &Path, limit: Option<Duration>, options: &ReadOptions) -> Result<Report, ErrorKind> {
    let bytes = batch::inputs::read_input(path)?;
    let (bytes, _) = batch::readable_bytes(path, bytes, limit)?;
    batch::convert_guarded_with(&bytes, options)
}
