//! PDF reader: our own content-stream interpreter on lopdf, yielding every glyph with its
//! box and every ruling; layout and grid reconstruction turn those into the document model.

mod cmap;
mod font;
mod interpret;
mod lexer;
mod objects;

use lopdf::{Dictionary, Document as PdfDocument, LoadOptions, Object, ObjectId};

use crate::error::ErrorKind;
use crate::page::Page;

pub use interpret::Matrix;

/// Largest decoded object or cross-reference stream while loading: they hold dictionaries
/// and offsets, a few MiB in the largest reports.
const MAX_OBJECT_STREAM_BYTES: usize = 64 * 1024 * 1024;

fn load_options() -> LoadOptions {
    LoadOptions { max_decompressed_size: Some(MAX_OBJECT_STREAM_BYTES), ..LoadOptions::with_password("") }
}

/// Loads a PDF, decrypting it when it opens with the empty user password. Streams the reader
/// never decodes are dropped as they load (see [`drop_unread_stream`]), so what a document
/// holds in memory follows its text, not the size of its images and embedded fonts.
fn load(bytes: &[u8]) -> Result<PdfDocument, ErrorKind> {
    let options = LoadOptions { filter: Some(drop_unread_stream), ..load_options() };
    match PdfDocument::load_mem_with_options(bytes, options) {
        // lopdf rebuilds a damaged cross-reference table only for unfiltered loads.
        Ok(doc) if doc.get_pages().is_empty() => load_unfiltered(bytes).or(Ok(doc)),
        Ok(doc) => Ok(doc),
        Err(e) => match load_error(&e) {
            ErrorKind::Encrypted => Err(ErrorKind::Encrypted),
            _ => load_unfiltered(bytes),
        },
    }
}

fn load_unfiltered(bytes: &[u8]) -> Result<PdfDocument, ErrorKind> {
    PdfDocument::load_mem_with_options(bytes, load_options()).map_err(|e| load_error(&e))
}

fn load_error(e: &lopdf::Error) -> ErrorKind {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("decrypt") || lower.contains("encrypt") {
        ErrorKind::Encrypted
    } else {
        ErrorKind::Damaged(format!("unreadable PDF: {text}"))
    }
}

/// Load filter: a stream whose bytes are never read (an image, whose presence is all that
/// counts; an embedded font program, as widths and Unicode come from the font dictionaries;
/// XMP metadata; an attached file) is kept as its dictionary alone.
///
/// lopdf keeps the object as changed in place when it was read from the file body, and the
/// returned one when it came out of an object stream (which never holds streams), hence both.
fn drop_unread_stream(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(stream) if is_unread_stream(&stream.dict) => {
            *object = Object::Dictionary(std::mem::take(&mut stream.dict));
            Some((id, Object::Null))
        }
        Object::Stream(_) => Some((id, Object::Null)),
        _ => Some((id, object.clone())),
    }
}

fn is_unread_stream(dict: &Dictionary) -> bool {
    let name = |key: &[u8]| dict.get(key).and_then(Object::as_name).ok();
    matches!(name(b"Subtype"), Some(b"Image" | b"Type1C" | b"CIDFontType0C" | b"OpenType"))
        || matches!(name(b"Type"), Some(b"Metadata" | b"EmbeddedFile"))
        || [b"Length1".as_slice(), b"Length2", b"Length3"].iter().any(|key| dict.has(key))
}

/// Reads every page's glyphs and rulings. A page that cannot be read whole is marked
/// damaged and noted; the other pages are still read. The time limit and the limits for a
/// whole document fail it.
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
        match interpreter.page(number, id, &mut notes) {
            Ok(page) => pages.push(page),
            Err(objects::Stop::Page(message)) => {
                notes.push(message);
                pages.push(Page { number, damaged: true, ..Default::default() });
            }
            Err(objects::Stop::Document(kind)) => return Err(kind),
        }
    }
    Ok((pages, notes))
}

/// Plain text of a page in content order, one line per baseline: for comparing with other
/// extractors.
pub fn page_text(page: &Page) -> String {
    crate::layout::plain_text(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn stream(dict: Dictionary) -> Object {
        Object::Stream(Stream::new(dict, b"q Q".to_vec()))
    }

    #[test]
    fn drops_the_bytes_of_images_font_programs_and_metadata() {
        for dict in [
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2 },
            dictionary! { "Length1" => 4 },
            dictionary! { "Subtype" => "CIDFontType0C" },
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        ] {
            let mut object = stream(dict);
            let kept_dict = object.as_stream().map(|s| s.dict.clone()).ok();
            drop_unread_stream((7, 0), &mut object);
            assert_eq!(object.as_dict().ok(), kept_dict.as_ref());
        }
    }

    #[test]
    fn keeps_the_streams_it_reads() {
        for dict in [
            dictionary! {},
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 9.into(), 9.into()] },
            dictionary! { "Type" => "CMap", "CMapName" => "Adobe-Identity-UCS" },
        ] {
            let mut object = stream(dict);
            drop_unread_stream((7, 0), &mut object);
            assert_eq!(object.as_stream().map(|s| s.content.as_slice()).ok(), Some(b"q Q".as_slice()));
        }
    }

    #[test]
    fn hands_back_objects_from_object_streams_whole() {
        let mut object = Object::Dictionary(dictionary! { "Type" => "Page" });
        let kept = drop_unread_stream((7, 0), &mut object);
        assert_eq!(kept, Some(((7, 0), object)));
    }
}
