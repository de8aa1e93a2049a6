//! nianbao converts Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) from DOCX, PDF, HTML and text into clean sections, rectangular
//! tables and the canonical values of the national template.
//!
//! The pipeline, one module per stage:
//! [`detect`] → [`read`] → [`model::Document`] → [`template::recognize`] → [`write`];
//! [`batch`] runs it over many files in parallel.

pub mod batch;
pub mod deadline;
pub mod detect;
pub mod error;
pub mod grid;
pub mod inspect;
pub mod layout;
pub mod lines;
pub mod model;
pub mod numbers;
pub mod ocr;
pub mod page;
pub mod read;
pub mod template;
pub mod write;

use std::path::Path;

pub use error::{Error, ErrorKind};
pub use model::{Document, Format};
pub use template::Report;

/// Reads a document from its bytes, whatever its format.
pub fn read_bytes(bytes: &[u8]) -> Result<Document, ErrorKind> {
    let format = detect::detect(bytes)?;
    read::read(bytes, format)
}

/// Converts a document held in memory.
pub fn convert_bytes(bytes: &[u8]) -> Result<Report, ErrorKind> {
    Ok(template::recognize(read_bytes(bytes)?))
}

/// Converts one file; the error names the file. Legacy Word files go through LibreOffice when
/// it is installed.
pub fn convert_file(path: &Path) -> Result<Report, Error> {
    convert_path(path, Some(batch::DEFAULT_TIMEOUT)).map_err(|kind| Error { path: path.to_path_buf(), kind })
}

/// Converts one file, a panic in any stage turned into an error.
pub fn convert_path(path: &Path, limit: Option<std::time::Duration>) -> Result<Report, ErrorKind> {
    let bytes = batch::inputs::read_input(path)?;
    let (bytes, _) = batch::readable_bytes(path, bytes, limit)?;
    batch::convert_guarded(&bytes)
}
