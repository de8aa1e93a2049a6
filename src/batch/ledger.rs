//! The batch's record while it is made: each document's `summary.tsv` line and `dataset.tsv`
//! row go to a temporary file as the document finishes, and memory holds only where they
//! are and what the end needs (status, digest), so that a shard of a million documents does
//! not hold a million dataset rows. At the end both files are written from it in the batch's
//! order.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::sync::Mutex;

use super::{summary_line, Outcome, Status, SUMMARY_HEADER};

/// Where a line was put in the spool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spooled {
    offset: u64,
    len: u32,
}

/// What the batch keeps of one finished document.
#[derive(Debug, Clone)]
pub struct Finished {
    pub status: Status,
    /// The failure's message, kept for the report at the end of a run (failures are few).
    pub failure: Option<String>,
    /// SHA-256 of the input's bytes, when they could be read: tells duplicates apart.
    sha256: Option<[u8; 32]>,
    summary: Spooled,
    dataset_row: Option<Spooled>,
}

/// Text appended to an unnamed temporary file (gone when the batch ends, however it ends).
pub struct Ledger {
    spool: Mutex<(BufWriter<File>, u64)>,
    file: File,
}

impl Ledger {
    /// A ledger spooling to a temporary file in `dir`.
    pub fn new(dir: &std::path::Path) -> io::Result<Ledger> {
        let file = tempfile::tempfile_in(dir)?;
        let writer = BufWriter::with_capacity(1 << 16, file.try_clone()?);
        Ok(Ledger { spool: Mutex::new((writer, 0)), file })
    }

    fn put(&self, text: &str) -> io::Result<Spooled> {
        let len = u32::try_from(text.len()).map_err(|_| io::Error::other("a summary line over 4 GiB"))?;
        let mut spool = self.spool.lock().map_err(|_| io::Error::other("the batch's ledger was poisoned"))?;
        let (writer, end) = &mut *spool;
        writer.write_all(text.as_bytes())?;
        let at = Spooled { offset: *end, len };
        *end += u64::from(len);
        Ok(at)
    }

    /// Records a finished document: its summary line and its dataset row go to the spool.
    pub fn record(&self, outcome: &Outcome) -> io::Result<Finished> {
        let summary = self.put(&summary_line(outcome))?;
        let dataset_row = outcome.dataset_row.as_deref().map(|row| self.put(row)).transpose()?;
        Ok(Finished {
            status: outcome.status,
            failure: (outcome.status == Status::Failed).then(|| outcome.message.clone()),
            sha256: parse_digest(&outcome.sha256),
            summary,
            dataset_row,
        })
    }

    /// Everything recorded, on disk and readable.
    fn flush(&self) -> io::Result<()> {
        let mut spool = self.spool.lock().map_err(|_| io::Error::other("the batch's ledger was poisoned"))?;
        spool.0.flush()
    }

    fn copy(&self, at: Spooled, buf: &mut Vec<u8>, out: &mut dyn Write) -> io::Result<()> {
        buf.resize(at.len as usize, 0);
        self.file.read_exact_at(buf, at.offset)?;
        out.write_all(buf)
    }

    /// `summary.tsv` of the documents, in their order.
    pub fn write_summary(&self, finished: &[Finished], out: &mut dyn Write) -> io::Result<()> {
        self.flush()?;
        out.write_all(SUMMARY_HEADER.as_bytes())?;
        let mut buf = Vec::new();
        for document in finished {
            self.copy(document.summary, &mut buf, out)?;
        }
        Ok(())
    }

    /// `dataset.tsv` of the documents, in their order: a row per recognized report, once per
    /// content however many paths held the same bytes (the first of them in the batch's order
    /// names it; `summary.tsv` has them all).
    pub fn write_dataset(&self, finished: &[Finished], out: &mut dyn Write) -> io::Result<()> {
        self.flush()?;
        out.write_all(crate::write::dataset_header().as_bytes())?;
        let mut seen: HashSet<[u8; 32]> = HashSet::new();
        let mut buf = Vec::new();
        for document in finished {
            let Some(row) = document.dataset_row else { continue };
            if document.sha256.is_none_or(|digest| seen.insert(digest)) {
                self.copy(row, &mut buf, out)?;
            }
        }
        Ok(())
    }
}

/// A SHA-256 written as 64 hexadecimal digits, as bytes.
pub(super) fn parse_digest(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(hex.chunks(2)) {
        let text = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(source: &str, status: Status, sha256: &str, row: Option<&str>) -> Outcome {
        Outcome {
            source: source.into(),
            status,
            format: "html".into(),
            pages: None,
            tables: 3,
            checks_failed: 0,
            seconds: 0.25,
            message: if status == Status::Failed { format!("{source}: empty file") } else { String::new() },
            folder: (status != Status::Failed).then(|| source.trim_end_matches(".html").to_string()),
            sha256: sha256.into(),
            dataset_row: row.map(str::to_string),
        }
    }

    #[test]
    fn files_come_back_in_the_batch_order_with_duplicates_once_in_the_dataset() {
        let dir = tempfile::tempdir().expect("tmp");
        let ledger = Ledger::new(dir.path()).expect("ledger");
        let (a, b) = ("a".repeat(64), "b".repeat(64));
        // Recorded as they finish (c, then a), kept in the batch's order (a, b, c).
        let c = ledger.record(&outcome("c.html", Status::Ok, &a, Some("c.html\t2021\n"))).expect("c");
        let first = ledger.record(&outcome("a.html", Status::Ok, &a, Some("a.html\t2021\n"))).expect("a");
        let failed = ledger.record(&outcome("b.html", Status::Failed, &b, None)).expect("b");
        assert_eq!(failed.failure.as_deref(), Some("b.html: empty file"));
        assert_eq!(first.failure, None);
        let order = [first, failed, c];

        let mut summary = Vec::new();
        ledger.write_summary(&order, &mut summary).expect("summary");
        let version = super::super::VERSION;
        assert_eq!(
            String::from_utf8(summary).expect("utf-8"),
            format!(
                "{SUMMARY_HEADER}a.html\tok\thtml\t\t3\t0\t0.250\t\ta\t{a}\t{version}\n\
                 b.html\tfailed\thtml\t\t3\t0\t0.250\tb.html: empty file\t\t{b}\t{version}\n\
                 c.html\tok\thtml\t\t3\t0\t0.250\t\tc\t{a}\t{version}\n"
            )
        );
        let mut dataset = Vec::new();
        ledger.write_dataset(&order, &mut dataset).expect("dataset");
        let dataset = String::from_utf8(dataset).expect("utf-8");
        assert_eq!(dataset.strip_prefix(crate::write::dataset_header().as_str()), Some("a.html\t2021\n"));
    }

    #[test]
    fn digests_read_back_or_are_none() {
        let hex = "00ff".repeat(16);
        assert_eq!(parse_digest(&hex).map(|d| (d[0], d[1], d[31])), Some((0, 255, 255)));
        assert_eq!(parse_digest(""), None);
        assert_eq!(parse_digest(&"zz".repeat(32)), None);
    }
}
