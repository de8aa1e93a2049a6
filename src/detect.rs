//! Format detection from a file's bytes, never from its name.

use crate::error::ErrorKind;
use crate::model::Format;

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The stream name `EncryptedPackage` as OLE2 directories store it (UTF-16LE).
const ENCRYPTED_PACKAGE: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

/// Tells which reader a file needs.
pub fn detect(bytes: &[u8]) -> Result<Format, ErrorKind> {
    if bytes.is_empty() {
        return Err(ErrorKind::Empty);
    }
    // A PDF header may follow a little junk; readers accept it within the first KiB.
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Format::Docx);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        // A password-protected DOCX is an OLE2 container holding the encrypted package.
        if find(bytes, ENCRYPTED_PACKAGE).is_some() {
            return Err(ErrorKind::EncryptedWord);
        }
        return Ok(Format::Ole2);
    }
    let head = &bytes[..bytes.len().min(4096)];
    if looks_binary(head) {
        return Err(ErrorKind::UnknownFormat);
    }
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let skip = lower.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let start = &lower[skip..];
    let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
    if start.starts_with(b"<!doctype html")
        || start.starts_with(b"<html")
        || find(&lower, b"<html").is_some()
        || find(&lower, b"<table").is_some()
        || find(&lower, b"<body").is_some()
    {
        return Ok(Format::Html);
    }
    Ok(Format::Text)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Control bytes other than whitespace mean binary data; text in any ASCII-compatible
/// encoding (UTF-8, GBK) has none. UTF-16 with a byte-order mark is text too.
fn looks_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    controls * 100 > head.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(detect(b"%PDF-1.7\n"), Ok(Format::Pdf));
        assert_eq!(detect(b"PK\x03\x04rest"), Ok(Format::Docx));
        assert_eq!(detect(OLE2_MAGIC), Ok(Format::Ole2));
        let encrypted = [OLE2_MAGIC, &[0; 16], ENCRYPTED_PACKAGE].concat();
        assert_eq!(detect(&encrypted), Err(ErrorKind::EncryptedWord));
        assert_eq!(detect(b"  <!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(detect("一、总体情况\n".as_bytes()), Ok(Format::Text));
        assert_eq!(detect(b""), Err(ErrorKind::Empty));
        assert_eq!(detect(&[0u8, 1, 2, 3, 4, 5, 6, 7]), Err(ErrorKind::UnknownFormat));
    }
}
