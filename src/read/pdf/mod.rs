//! PDF reader: our own content-stream interpreter on lopdf, yielding every glyph with its
//! box and every ruling; layout and grid reconstruction turn those into the document model.

mod cmap;
mod font;
mod interpret;
mod lexer;
mod objects;

use lopdf::{Document as PdfDocument, LoadOptions};

use crate::error::ErrorKind;
use crate::page::Page;

pub use interpret::Matrix;

/// Loads a PDF, decrypting it when it opens with the empty user password.
fn load(bytes: &[u8]) -> Result<PdfDocument, ErrorKind> {
    let options = LoadOptions::with_password("");
    match PdfDocument::load_mem_with_options(bytes, options) {
        Ok(doc) => Ok(doc),
        Err(e) => {
            let text = e.to_string();
            let lower = text.to_lowercase();
            if lower.contains("password") || lower.contains("decrypt") || lower.contains("encrypt") {
                Err(ErrorKind::Encrypted)
            } else {
                Err(ErrorKind::Damaged(format!("unreadable PDF: {text}")))
            }
        }
    }
}

/// Reads every page's glyphs and rulings. A page that cannot be interpreted is noted and
/// left empty; the other pages are still read.
pub fn read_pages(bytes: &[u8]) -> Result<(Vec<Page>, Vec<String>), ErrorKind> {
    let doc = load(bytes)?;
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(ErrorKind::Damaged("the PDF has no pages".into()));
    }
    let mut interpreter = interpret::Interpreter::new(&doc);
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut notes = Vec::new();
    for (number, id) in page_ids {
        crate::deadline::check()?;
        match interpreter.page(number, id) {
            Ok(page) => pages.push(page),
            Err(message) => {
                notes.push(message);
                pages.push(Page { number, ..Default::default() });
            }
        }
    }
    Ok((pages, notes))
}

/// Plain text of a page in content order, one line per baseline: for comparing with other
/// extractors.
pub fn page_text(page: &Page) -> String {
    crate::layout::plain_text(page)
}
