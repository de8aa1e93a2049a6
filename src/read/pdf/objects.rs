//! Small helpers over lopdf objects: dereferencing with a bound, numbers and names.

use lopdf::{Dictionary, Document, Object};

/// Follows references (at most a few hops, so a reference cycle cannot hang us).
pub fn deref<'a>(doc: &'a Document, mut object: &'a Object) -> Option<&'a Object> {
    for _ in 0..8 {
        match object {
            Object::Reference(id) => object = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// A dictionary entry, dereferenced.
pub fn dict_get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    deref(doc, dict.get(key).ok()?)
}

pub fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64).filter(|v| v.is_finite()),
        _ => None,
    }
}

pub fn name_of(object: &Object) -> Option<String> {
    match object {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// Why reading stopped short.
#[derive(Debug)]
pub enum Stop {
    /// The whole document fails: its time is up, or it exceeds a limit for the document.
    Document(crate::error::ErrorKind),
    /// Only what is being read is lost (a page's rest, a font); the note says what.
    Page(String),
}

impl From<crate::error::ErrorKind> for Stop {
    fn from(kind: crate::error::ErrorKind) -> Stop {
        Stop::Document(kind)
    }
}

/// A stream decoded under a size limit.
pub enum Decoded {
    Bytes(Vec<u8>),
    /// It decodes to more than the limit.
    TooLarge,
    /// Its filters fail.
    Unreadable,
}

/// Decodes a stream, stopping as soon as its output passes `limit` bytes.
pub fn decode_bounded(stream: &lopdf::Stream, limit: usize) -> Decoded {
    match stream.decompressed_content_with_limit(limit) {
        Ok(data) => Decoded::Bytes(data),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => Decoded::TooLarge,
        Err(_) => Decoded::Unreadable,
    }
}

/// Whether `dict[key]` refers to an object the file does not hold (cut off or unreadable).
pub fn missing_ref(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<lopdf::ObjectId> {
    let id = dict.get(key).ok()?.as_reference().ok()?;
    doc.get_object(id).is_err().then_some(id)
}
