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

/// What reading a document may need beyond its bytes: the password of an encrypted PDF.
///
/// ```
/// let options = nianbao::ReadOptions::with_password("secret");
/// assert_eq!(options.password.as_deref(), Some("secret"));
/// // Debug output never shows the password.
/// assert_eq!(format!("{options:?}"), "ReadOptions { password: Some(\"***\") }");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// The password of a PDF that does not open without one: its user or its owner password.
    /// The empty password is tried first, so a PDF that opens without one ignores it. Other
    /// formats ignore it too (a password-protected Word file is not read).
    pub password: Option<String>,
}

impl ReadOptions {
    /// Options giving the password of an encrypted PDF.
    pub fn with_password(password: impl Into<String>) -> ReadOptions {
        ReadOptions { password: Some(password.into()) }
    }
}

/// A password is never printed, not even in a debug line.
impl std::fmt::Debug for ReadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOptions").field("password", &self.password.as_ref().map(|_| "***")).finish()
    }
}

/// Reads a document of a detected format, its section headings told by `vocabulary`.
pub fn read(bytes: &[u8], format: Format, vocabulary: &dyn Vocabulary) -> Result<Document, ErrorKind> {
    read_with(bytes, format, vocabulary, &ReadOptions::default())
}

/// [`read`] with [`ReadOptions`]: an encrypted PDF is opened with the password given.
pub fn read_with(
    bytes: &[u8],
    format: Format,
    vocabulary: &dyn Vocabulary,
    options: &ReadOptions,
) -> Result<Document, ErrorKind> {
    let mut document = match format {
        Format::Docx => docx::read(bytes)?,
        Format::Ole2 => return Err(ErrorKind::LegacyWord),
        Format::Pdf => {
            let (pages, notes, ocr) = pdf::read_pages_with(bytes, options)?;
            let mut document = crate::layout::document(&pages, notes, vocabulary)?;
            document.ocr = ocr;
            document
        }
        // Saved web pages keep a character's ruby as text after it.
        Format::Html | Format::Text => {
            let mut document = if format == Format::Html { html::read(bytes)? } else { text::read(bytes, vocabulary)? };
            document.strip_ruby();
            document
        }
    };
    // Whatever built a table (markup that spans two cells over one, a dump's columns), no
    // cell hides another's text.
    for block in &mut document.blocks {
        if let crate::model::Block::Table(table) = block {
            table.without_overlaps();
        }
    }
    Ok(document)
}
