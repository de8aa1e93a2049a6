//! Readers: one module per input format, each turning bytes into the document model.

pub mod docx;
pub mod html;

use crate::error::ErrorKind;
use crate::model::{Document, Format};

/// Reads a document of a detected format.
pub fn read(bytes: &[u8], format: Format) -> Result<Document, ErrorKind> {
    match format {
        Format::Docx => docx::read(bytes),
        Format::Ole2 => Err(ErrorKind::LegacyWord),
        Format::Pdf => Err(ErrorKind::Unsupported(
            "PDF reading is not available in this build yet".into(),
        )),
        Format::Html => html::read(bytes),
        Format::Text => Err(ErrorKind::Unsupported(
            "text reading is not available in this build yet".into(),
        )),
    }
}
