//! Readers: one module per input format, each turning bytes into the document model.

pub mod aligned;
pub mod docx;
pub mod html;
pub mod legacy;
pub mod pdf;
pub mod text;

use crate::error::ErrorKind;
use crate::model::{Document, Format};
use crate::vocabulary::Vocabulary;

/// Reads a document of a detected format, its section headings told by `vocabulary`.
pub fn read(bytes: &[u8], format: Format, vocabulary: &dyn Vocabulary) -> Result<Document, ErrorKind> {
    match format {
        Format::Docx => docx::read(bytes),
        Format::Ole2 => Err(ErrorKind::LegacyWord),
        Format::Pdf => {
            let (pages, notes, ocr) = pdf::read_pages_with_ocr(bytes)?;
            let mut document = crate::layout::document(&pages, notes, vocabulary)?;
            document.ocr = ocr;
            Ok(document)
        }
        // Saved web pages keep a character's ruby as text after it.
        Format::Html | Format::Text => {
            let mut document = if format == Format::Html { html::read(bytes)? } else { text::read(bytes, vocabulary)? };
            document.strip_ruby();
            Ok(document)
        }
    }
}
