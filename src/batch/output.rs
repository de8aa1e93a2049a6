//! The output folder of a batch: what it may touch and how it is written.
//!
//! A batch writes only `summary.tsv` and `dataset.tsv` (when absent, or written by nianbao
//! before), its own state folder `.nianbao/` (the lock that keeps a second run out, and the
//! temporary folders documents are written in), and the document folders it creates, each
//! marked by its [`MARKER`] file. It creates the folders that mirror the input tree, and never
//! deletes, renames or overwrites anything else: a name already taken by something it did not
//! write is left alone and the document gets another name.

use std::fs::{self, File, TryLockError};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::inputs::Disk;

/// The batch's own folder inside the output folder: lock and temporary folders.
pub const STATE_DIR: &str = ".nianbao";

/// The file that marks a document folder as written by nianbao and records its outcome, so a
/// later run can reuse it.
pub const MARKER: &str = ".outcome.tsv";

/// First field of a marker's first line, before the version and the input's SHA-256.
const MARKER_TAG: &str = "nianbao";

/// How the batch files begin when nianbao wrote them (a CSV file may have a byte order mark
/// before; `reports.jsonl` is empty when the batch had no inputs): the summary's whole header
/// line, the dataset's columns up to the first key (the keys may change with the template),
/// so that a user's table that merely begins like them is left alone.
const BATCH_FILE_HEADERS: [(&str, &str); 5] = [
    (
        "summary.tsv",
        "source\tstatus\tformat\tpages\ttables\tchecks_failed\tseconds\tmessage\tfolder\tsha256\tversion\n",
    ),
    ("dataset.tsv", "source\ttemplate\torg\tyear\tt"),
    ("summary.csv", "source,status,format,pages,tables,checks_failed,seconds,message,folder,sha256,version\r\n"),
    ("dataset.csv", "source,template,org,year,t"),
    ("reports.jsonl", "{\"status\":"),
];

/// An output folder opened for one batch, locked against other runs until dropped.
pub struct OutputDir {
    root: PathBuf,
    tmp: PathBuf,
    _lock: File,
}

/// What a file of a document folder is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Text written afresh.
    Text(String),
    /// The bytes of a file another run wrote, hard-linked where the file system allows (no
    /// second copy of the bytes: nianbao never changes a file it wrote in place, it replaces
    /// whole folders) and copied where it does not.
    Linked(PathBuf),
    /// The bytes of a file another run wrote, copied.
    Copied(PathBuf),
}

/// What a document folder recorded of the run that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub version: String,
    pub sha256: String,
    /// What the folder holds, as [`super::Written::label`] says it.
    pub written: String,
    /// The summary fields after `source` and before `folder`.
    pub fields: String,
    pub dataset_row: Option<String>,
}

fn refuse(message: String) -> io::Error {
    io::Error::other(message)
}

impl OutputDir {
    /// Opens (creating it if needed) and locks an output folder, refusing one whose batch
    /// files were not written by nianbao or that another run is writing.
    pub fn open(root: &Path) -> io::Result<OutputDir> {
        fs::create_dir_all(root).map_err(|e| refuse(format!("cannot create {}: {e}", root.display())))?;
        for (name, header) in BATCH_FILE_HEADERS {
            let path = root.join(name);
            match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Ok(meta) if meta.is_file() && starts_with(&path, header) => {}
                _ => {
                    return Err(refuse(format!(
                        "{} exists and was not written by nianbao; it is left alone: choose another output folder",
                        path.display()
                    )))
                }
            }
        }
        let state = root.join(STATE_DIR);
        match fs::symlink_metadata(&state) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(&state)?,
            Ok(meta) if meta.is_dir() => {}
            _ => {
                return Err(refuse(format!(
                    "{} is not a folder nianbao made; it is left alone: choose another output folder",
                    state.display()
                )))
            }
        }
        let lock_path = state.join("lock");
        // Never through a link: the lock file is truncated, and it must be nianbao's own.
        let mut lock = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = lock.read_to_string(&mut holder);
                let holder = holder.trim();
                // A run writing the folder wrote its process id; a merge reading it as a part
                // holds the lock without writing one, so the id may be of an earlier run.
                let by = if holder.is_empty() { String::new() } else { format!(" (last written by process {holder})") };
                return Err(refuse(format!(
                    "{} is in use by another nianbao run, writing it or merging it{by}: wait for it to finish or choose another output folder",
                    root.display()
                )));
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
        lock.set_len(0)?;
        write!(lock, "{}", std::process::id())?;
        // Temporary folders of an interrupted run; the lock says no other run is using them.
        let tmp = state.join("tmp");
        if fs::symlink_metadata(&tmp).is_ok() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir(&tmp)?;
        Ok(OutputDir { root: root.to_path_buf(), tmp, _lock: lock })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What the document folder at `folder` recorded, when nianbao wrote it.
    pub fn recorded(&self, folder: &Path) -> Option<Recorded> {
        read_marker(&self.root.join(folder))
    }

    /// Writes a document's files into a fresh folder of the state folder, then moves it to
    /// `folder`, replacing only a folder nianbao wrote there before. `files` are paths
    /// relative to the document folder with what they are made from; the marker is written last.
    pub fn write_document(&self, folder: &Path, files: &[(PathBuf, Content)], marker: &Recorded) -> io::Result<()> {
        let fresh = tempfile::Builder::new().prefix("doc-").tempdir_in(&self.tmp)?;
        for (name, content) in files {
            let path = fresh.path().join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            match content {
                Content::Text(text) => fs::write(path, text)?,
                Content::Linked(from) => {
                    // Another file system, or one without hard links: a copy holds the same bytes.
                    if fs::hard_link(from, &path).is_err() {
                        fs::copy(from, &path)?;
                    }
                }
                Content::Copied(from) => {
                    fs::copy(from, &path)?;
                }
            }
        }
        let marker_text = format!(
            "{MARKER_TAG}\t{}\t{}\t{}\n{}\n{}",
            marker.version,
            marker.sha256,
            marker.written,
            marker.fields,
            marker.dataset_row.as_deref().unwrap_or("\n")
        );
        fs::write(fresh.path().join(MARKER), marker_text)?;
        self.make_parents(folder)?;
        let target = self.root.join(folder);
        match fs::symlink_metadata(&target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Ok(_) if is_document_folder(&target) => {
                // Renaming onto an empty folder replaces it; the old folder then goes with it.
                let old = tempfile::Builder::new().prefix("old-").tempdir_in(&self.tmp)?;
                fs::rename(&target, old.path())?;
            }
            _ => return Err(refuse(format!("{} appeared meanwhile and was not written by nianbao", target.display()))),
        }
        fs::rename(fresh.keep(), &target)
    }

    /// Creates the folders that lead to a document folder, refusing to write through a
    /// link or into anything but a plain folder.
    fn make_parents(&self, folder: &Path) -> io::Result<()> {
        let mut dir = self.root.clone();
        let Some(parent) = folder.parent() else { return Ok(()) };
        for part in parent.iter() {
            dir.push(part);
            match fs::create_dir(&dir) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let plain = fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
                    if !plain || is_document_folder(&dir) {
                        return Err(refuse(format!("{} is not a folder nianbao can write into", dir.display())));
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Writes `summary.tsv` or `dataset.tsv` whole, through a temporary file.
    pub fn write_batch_file(&self, name: &str, text: &str) -> io::Result<()> {
        self.replace(&self.root.join(name), text)
    }

    /// Writes a batch file (`summary.tsv`, `dataset.csv`, `reports.jsonl`, …) through a
    /// temporary file, as `fill` writes it.
    pub fn write_batch_file_with(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut file = self.pending_batch_file(name)?;
        fill(&mut file)?;
        file.commit()
    }

    /// A batch file to be written a piece at a time: it takes its name, replacing the old one,
    /// only when [`PendingFile::commit`] is called.
    pub fn pending_batch_file(&self, name: &str) -> io::Result<PendingFile> {
        self.pending(self.root.join(name))
    }

    /// A file of the state folder to be written a piece at a time, as [`Self::pending_batch_file`].
    pub fn pending_state_file(&self, name: &str) -> io::Result<PendingFile> {
        self.pending(self.root.join(STATE_DIR).join(name))
    }

    fn pending(&self, target: PathBuf) -> io::Result<PendingFile> {
        let tmp = tempfile::Builder::new().prefix("batch-").tempfile_in(&self.tmp)?;
        Ok(PendingFile { out: io::BufWriter::with_capacity(1 << 16, tmp), target })
    }

    /// A ledger for this batch's record, spooled in the state folder.
    pub fn ledger(&self) -> io::Result<super::ledger::Ledger> {
        super::ledger::Ledger::new(&self.tmp)
    }

    /// Writes a file of the state folder whole, through a temporary file.
    pub fn write_state_file(&self, name: &str, text: &str) -> io::Result<()> {
        self.replace(&self.root.join(STATE_DIR).join(name), text)
    }

    fn replace(&self, path: &Path, text: &str) -> io::Result<()> {
        let mut tmp = tempfile::Builder::new().prefix("batch-").tempfile_in(&self.tmp)?;
        tmp.write_all(text.as_bytes())?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Starts `summary.tsv` afresh with its header, to be appended to as inputs finish.
    pub fn begin_summary(&self, header: &str) -> io::Result<SummaryLog> {
        self.write_batch_file("summary.tsv", header)?;
        let file =
            fs::OpenOptions::new().append(true).custom_flags(libc::O_NOFOLLOW).open(self.root.join("summary.tsv"))?;
        Ok(SummaryLog(Mutex::new(file)))
    }
}

/// A file being written through a temporary file of the state folder; dropped without
/// [`PendingFile::commit`], it is removed and the file it was to replace is left as it was.
pub struct PendingFile {
    out: io::BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl PendingFile {
    /// Puts the file in place of the one it replaces.
    pub fn commit(self) -> io::Result<()> {
        let tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        tmp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `summary.tsv` while a batch runs: a line appended as each input finishes.
pub struct SummaryLog(Mutex<File>);

impl SummaryLog {
    /// Appends one whole line. A line that cannot be written is let go: the summary is
    /// written again whole at the end, and that write reports a disk that refuses it.
    pub fn append(&self, line: &str) {
        if let Ok(mut file) = self.0.lock() {
            let _ = file.write_all(line.as_bytes());
        }
    }
}

/// What a document folder's mark records, when it is a plain folder nianbao wrote. A mark of
/// a version that did not record what the folder holds holds every file, pretty.
pub fn read_marker(dir: &Path) -> Option<Recorded> {
    if !is_document_folder(dir) {
        return None;
    }
    let text = fs::read_to_string(dir.join(MARKER)).ok()?;
    let mut lines = text.splitn(3, '\n');
    let mut identity = lines.next()?.split('\t');
    if identity.next()? != MARKER_TAG {
        return None;
    }
    let (version, sha256) = (identity.next()?.to_string(), identity.next()?.to_string());
    let written = identity.next().map(str::to_string).unwrap_or_else(|| super::Written::default().label());
    let fields = lines.next()?.to_string();
    let dataset_row = lines.next().map(str::to_string).filter(|r| !r.trim().is_empty());
    Some(Recorded { version, sha256, written, fields, dataset_row })
}

impl Disk for OutputDir {
    fn blocks_parent(&self, path: &Path) -> bool {
        let dir = self.root.join(path);
        match fs::symlink_metadata(&dir) {
            Err(e) => e.kind() != io::ErrorKind::NotFound,
            Ok(meta) => !meta.is_dir() || is_document_folder(&dir),
        }
    }

    fn blocks_document(&self, path: &Path) -> bool {
        let dir = self.root.join(path);
        match fs::symlink_metadata(&dir) {
            Err(e) => e.kind() != io::ErrorKind::NotFound,
            Ok(_) => !is_document_folder(&dir),
        }
    }
}

/// A plain folder (not a link) holding nianbao's marker file.
fn is_document_folder(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn starts_with(path: &Path, header: &str) -> bool {
    const BOM: &[u8] = "\u{FEFF}".as_bytes();
    let mut head = Vec::with_capacity(header.len() + BOM.len());
    let read = File::open(path).and_then(|f| f.take((header.len() + BOM.len()) as u64).read_to_end(&mut head));
    let head = head.strip_prefix(BOM).unwrap_or(&head);
    read.is_ok() && (head.starts_with(header.as_bytes()) || (header.starts_with('{') && head.is_empty()))
}
