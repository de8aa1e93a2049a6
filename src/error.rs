//! Errors: every one names what went wrong in terms a user can act on.

use std::fmt;
use std::path::PathBuf;

/// Why a document could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are none of the formats nianbao reads.
    UnknownFormat,
    /// A legacy Word/WPS binary file.
    LegacyWord,
    /// The file is empty.
    Empty,
    /// A zip archive that is not a Word document.
    NotDocx(String),
    /// A document whose structure is damaged.
    Damaged(String),
    /// A format recognized but not read by this build.
    Unsupported(String),
    /// Reading the file failed.
    Io(String),
    /// The reader stopped on an internal fault.
    Internal(String),
    /// The document took longer than the time limit.
    Timeout(u64),
    /// A PDF that opens only with a password, and none was given.
    Encrypted,
    /// A PDF that opens only with a password, and the one given opens it neither as its user
    /// nor as its owner password.
    WrongPassword,
    /// A Word file that opens only with a password (an OLE2 container holding an encrypted
    /// package).
    EncryptedWord,
    /// Something in the file is larger than nianbao reads for one document (the reason names
    /// what and the limit).
    TooLarge(String),
    /// A path that is not a regular file (a FIFO, a device, a socket): never read.
    NotAFile(String),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnknownFormat => write!(f, "not a PDF, DOCX, HTML or text file"),
            ErrorKind::LegacyWord => write!(
                f,
                "legacy .doc/.wps file: convert it to .docx (for example `soffice --headless --convert-to docx FILE`) and run again"
            ),
            ErrorKind::Empty => write!(f, "empty file"),
            ErrorKind::NotDocx(why) => write!(f, "zip archive is not a Word document: {why}"),
            ErrorKind::Damaged(why) => write!(f, "damaged document: {why}"),
            ErrorKind::Unsupported(why) => write!(f, "unsupported: {why}"),
            ErrorKind::Io(why) => write!(f, "cannot read: {why}"),
            ErrorKind::Internal(why) => write!(f, "internal error: {why}"),
            ErrorKind::Timeout(secs) => write!(f, "timed out after {secs} s"),
            ErrorKind::Encrypted => {
                write!(f, "password-protected PDF: it does not open without a password (give it with --password)")
            }
            ErrorKind::WrongPassword => write!(f, "password-protected PDF: the password given does not open it"),
            ErrorKind::EncryptedWord => {
                write!(f, "password-protected Word file: it does not open without a password")
            }
            ErrorKind::TooLarge(why) => write!(f, "too large: {why}"),
            ErrorKind::NotAFile(what) => write!(f, "not a regular file ({what}): not read"),
        }
    }
}

impl std::error::Error for ErrorKind {}

/// An error tied to the file it happened on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub path: PathBuf,
    pub kind: ErrorKind,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.kind)
    }
}

/// The message already says the kind, so it is not given again as a source.
impl std::error::Error for Error {}
