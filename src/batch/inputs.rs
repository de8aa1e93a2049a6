//! The inputs of a batch: folders expanded into the documents they hold, each given a folder
//! name of its own under the output folder, and each read as a regular file within the size
//! limit.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

use crate::error::ErrorKind;

/// File name endings picked up when a folder is searched; files named directly are always read.
pub const DOCUMENT_EXTENSIONS: [&str; 11] =
    ["pdf", "docx", "doc", "wps", "html", "htm", "shtml", "xhtml", "txt", "md", "text"];

/// Largest input read; real attachments are a few MiB, and reading more would only exhaust
/// a worker's memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Longest folder name component written: file systems refuse names over 255 bytes, and a
/// shortened name keeps a hash of the whole one so that it stays unique.
const MAX_COMPONENT_BYTES: usize = 160;

/// Names at the top of the output folder that belong to the batch, never to a document.
const RESERVED_NAMES: [&str; 5] = ["summary.tsv", "dataset.tsv", "summary.csv", "dataset.csv", "reports.jsonl"];

/// One document of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as found: an argument, or a file below a folder argument.
    pub path: PathBuf,
    /// Its path relative to the argument it was found under (its file name for a file
    /// argument): what its output folder is named after.
    pub relative: PathBuf,
    /// Why the folder holding it could not be listed, when that is how it ended.
    pub listing_error: Option<String>,
}

impl Input {
    /// A file named on its own: its folder is named after its file name.
    pub fn file(path: &Path) -> Input {
        let relative = path.file_name().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("document"));
        Input { path: path.to_path_buf(), relative, listing_error: None }
    }
}

/// Identifies a folder on disk whatever path leads to it, so that a symbolic link back up the
/// tree is followed once and the output folder is never read as input.
type FileId = (u64, u64);

pub(crate) fn file_id(path: &Path) -> Option<FileId> {
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Expands folders (recursively, sorted by name) into the documents they hold, then puts every
/// input in the batch's order: by its path as [`escape_path`] writes it, the same however the
/// inputs were given, sharded or merged; a path given twice is one input. Every folder is
/// entered once, however many links lead to it; `skip` (the output folder) is never entered.
/// A folder that cannot be listed becomes an input of its own that ends with the reason.
///
/// `paths` are the command line's: a file is named after its file name, a folder's documents
/// after their path below it. `listed` come from a list (`--files-from`), where many files
/// share a name: each is named after its whole path as listed, so the output mirrors the tree.
pub fn collect_inputs(paths: &[PathBuf], listed: &[PathBuf], skip: Option<&Path>) -> Vec<Input> {
    let mut visited: HashSet<FileId> = skip.and_then(file_id).into_iter().collect();
    let mut out = Vec::new();
    for (path, mirrored) in paths.iter().map(|p| (p, false)).chain(listed.iter().map(|p| (p, true))) {
        let first = out.len();
        if path.is_dir() {
            walk(path, path, &mut visited, &mut out);
        } else {
            out.push(Input::file(path));
        }
        if mirrored {
            let prefix = mirror(path);
            for input in &mut out[first..] {
                input.relative = if path.is_dir() { prefix.join(&input.relative) } else { prefix.clone() };
            }
        }
    }
    let mut keyed: Vec<(String, Input)> = out.into_iter().map(|input| (escape_path(&input.path), input)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, input)| input).collect()
}

/// A listed path as a relative one that keeps all of it: the root and `.` dropped, `..`
/// kept as a name of its own (made safe by [`folder_name`]).
fn mirror(path: &Path) -> PathBuf {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            Component::ParentDir => Some(OsStr::new("..")),
            _ => None,
        })
        .collect()
}

fn walk(root: &Path, dir: &Path, visited: &mut HashSet<FileId>, out: &mut Vec<Input>) {
    let Some(id) = file_id(dir) else { return };
    if !visited.insert(id) {
        return;
    }
    let listed =
        fs::read_dir(dir).and_then(|entries| entries.map(|e| e.map(|e| e.path())).collect::<io::Result<Vec<_>>>());
    let mut entries = match listed {
        Ok(entries) => entries,
        Err(e) => {
            let relative = dir.strip_prefix(root).map(Path::to_path_buf).unwrap_or_default();
            let relative = if relative.as_os_str().is_empty() { PathBuf::from("folder") } else { relative };
            out.push(Input { path: dir.to_path_buf(), relative, listing_error: Some(io_reason(&e)) });
            return;
        }
    };
    entries.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    for path in entries {
        let Some(name) = path.file_name() else { continue };
        if name.as_bytes().starts_with(b".") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, visited, out);
        } else if is_document_name(name) {
            let relative = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| PathBuf::from(name));
            out.push(Input { path, relative, listing_error: None });
        }
    }
}

fn is_document_name(name: &OsStr) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A path as written in the output: UTF-8 kept as it is, with `\` escapes for a backslash, a
/// tab, a line break and any other control character or byte that is not UTF-8 (`\t`, `\n`,
/// `\r`, `\\`, `\xNN`), so that every name reads back unambiguously and no field breaks a line.
pub fn escape_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for ch in chunk.valid().chars() {
            match ch {
                '\\' => out.push_str("\\\\"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// One component of a document's folder name: printable UTF-8, never hidden, never `.` or
/// `..`, never over [`MAX_COMPONENT_BYTES`]. Bytes that could not stand in a name are written
/// as `%XX` (and `%` itself as `%25`), so two different inputs never share a name.
fn safe_component(name: &OsStr) -> String {
    let bytes = name.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for ch in chunk.valid().chars() {
            let hidden = out.is_empty() && ch == '.';
            if hidden || ch == '%' || ch == '\\' || ch.is_control() {
                let mut buf = [0u8; 4];
                for b in ch.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            } else {
                out.push(ch);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        return "%".into();
    }
    if out.len() > MAX_COMPONENT_BYTES {
        let digest = super::hex_digest(bytes);
        let mut cut = MAX_COMPONENT_BYTES - 17;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('~');
        out.push_str(&digest[..16]);
    }
    out
}

impl Input {
    /// The folder name this input asks for: its relative path's components made safe, where a
    /// document (not a folder that could not be listed) is named after its file name without
    /// the ending, `a.pdf` → `a`, as programs that look a document up by its name expect.
    pub fn wanted_folder(&self) -> PathBuf {
        folder_name(&self.relative, self.listing_error.is_none())
    }
}

/// The folder name a relative path asks for: its components made safe, the last without its
/// ending when `drop_ending` (`..pdf` → `%2E`, never the folder above). `.` is dropped; `..`
/// (kept from a listed path) becomes a name of its own, `%2E.`.
pub fn folder_name(relative: &Path, drop_ending: bool) -> PathBuf {
    let mut parts: Vec<&OsStr> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            Component::ParentDir => Some(OsStr::new("..")),
            _ => None,
        })
        .collect();
    if drop_ending {
        if let Some(&last) = parts.last() {
            let stem = Path::new(last).file_stem().filter(|stem| !stem.is_empty()).unwrap_or(last);
            parts.pop();
            parts.push(stem);
        }
    }
    if parts.is_empty() {
        return PathBuf::from("document");
    }
    parts.into_iter().map(safe_component).collect()
}

/// Hands out document folders: each unique, none inside another document's folder nor
/// holding one, none at a reserved name. A taken name gets `~2`, `~3`… in input order; when
/// a folder on the way is taken (by a document, or on disk by something the batch may not
/// write into), that folder's name is the one that changes.
#[derive(Default)]
pub struct FolderNames {
    documents: HashSet<PathBuf>,
    /// Every folder that holds a document folder.
    parents: HashSet<PathBuf>,
    /// For a document name that was taken, the first `~N` not yet tried: many inputs asking for
    /// one name are each given the next, rather than trying `~2`, `~3`, … every time (a taken
    /// name never comes free within a batch).
    next_suffix: HashMap<PathBuf, usize>,
}

/// What stands on disk at a name the batch may want.
pub trait Disk {
    /// The name cannot hold document folders (a file, a link, a document's own folder, …).
    fn blocks_parent(&self, path: &Path) -> bool;
    /// The name cannot become a document's folder (something nianbao did not write).
    fn blocks_document(&self, path: &Path) -> bool;
}

impl FolderNames {
    /// A folder for the document that asks for `wanted`.
    pub fn assign(&mut self, wanted: &Path, disk: &dyn Disk) -> PathBuf {
        let parts: Vec<String> = wanted.iter().map(|c| c.to_string_lossy().into_owned()).collect();
        let mut base = PathBuf::new();
        for (i, part) in parts.iter().enumerate() {
            let leaf = i + 1 == parts.len();
            let asked = base.join(part);
            let mut n = if leaf { self.next_suffix.get(&asked).copied().unwrap_or(1) } else { 1 };
            base = loop {
                let candidate = base.join(if n == 1 { part.clone() } else { format!("{part}~{n}") });
                let reserved = i == 0 && RESERVED_NAMES.iter().any(|r| candidate.as_os_str().eq_ignore_ascii_case(r));
                let free = !reserved
                    && !self.documents.contains(&candidate)
                    && if leaf {
                        !self.parents.contains(&candidate) && !disk.blocks_document(&candidate)
                    } else {
                        self.parents.contains(&candidate) || !disk.blocks_parent(&candidate)
                    };
                if free {
                    break candidate;
                }
                n += 1;
            };
            if leaf && n > 1 {
                self.next_suffix.insert(asked, n + 1);
            } else if !leaf {
                self.parents.insert(base.clone());
            }
        }
        self.documents.insert(base.clone());
        base
    }
}

/// What a failed read of an input says: the cause in a few words.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            // "Is a directory (os error 21)" → "is a directory (os error 21)"
            let mut chars = text.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or(text)
        }
    }
}

/// What kind of thing a path that is not a regular file is, for the message that refuses it.
fn special_kind(kind: fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a FIFO")
    } else if kind.is_char_device() {
        Some("a character device")
    } else if kind.is_block_device() {
        Some("a block device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("not a file")
    }
}

/// Reads an input's bytes: a regular file (a FIFO, a device or a socket is refused unread,
/// whatever links lead to it) of at most [`MAX_FILE_BYTES`], counted as it is read too, in
/// case the file grows.
pub fn read_input(path: &Path) -> Result<Vec<u8>, ErrorKind> {
    let cannot_read = |e: io::Error| ErrorKind::Io(io_reason(&e));
    // Opened without blocking, then checked on the open file itself: a FIFO put in the
    // file's place is refused instead of waiting forever for a writer.
    let file = fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    if let Some(what) = special_kind(meta.file_type()) {
        return Err(ErrorKind::NotAFile(what.into()));
    }
    let too_large = |size: u64| {
        ErrorKind::TooLarge(format!(
            "the file is {} MiB, over the {} MiB limit for one report",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    #[test]
    fn names_become_safe_distinct_folder_components() {
        let name = |bytes: &[u8]| safe_component(&OsString::from_vec(bytes.to_vec()));
        assert_eq!(name(b"...pdf"), "%2E..pdf");
        assert_eq!(name(b"..pdf"), "%2E.pdf");
        assert_eq!(name(b".."), "%2E.");
        assert_eq!(name(b"a\tb\nc.pdf"), "a%09b%0Ac.pdf");
        assert_eq!(name(b"100%.pdf"), "100%25.pdf");
        assert_eq!(name(b"r\xffport.pdf"), "r%FFport.pdf");
        assert_eq!(name("报告.pdf".as_bytes()), "报告.pdf");
        let long = name(&[b'x'; 4000]);
        assert_eq!(long.len(), MAX_COMPONENT_BYTES);
        assert_ne!(long, name(&[b'x'; 3999]), "a shortened name keeps what tells it apart");
    }

    #[test]
    fn documents_are_named_after_their_file_name_without_its_ending() {
        let document = |p: &str| folder_name(Path::new(p), true).display().to_string();
        assert_eq!(document("s1_00001.pdf"), "s1_00001");
        assert_eq!(document("gd/2021/附件1.docx"), "gd/2021/附件1");
        assert_eq!(document("report.tar.html"), "report.tar");
        assert_eq!(document("README"), "README");
        // Never the folder above, nor a hidden name.
        assert_eq!(document("in/..pdf"), "in/%2E");
        assert_eq!(document("in/.pdf"), "in/%2Epdf");
        assert_eq!(document("%2E./a.pdf"), "%252E./a");
        assert_eq!(document("../a.pdf"), "%2E./a");
        // `a.docx` and `a.pdf` both ask for `a`: the second in the batch's order gets `a~2`.
        let mut names = FolderNames::default();
        let inputs = [Input::file(Path::new("in/a.docx")), Input::file(Path::new("in/a.pdf"))];
        let folders: Vec<PathBuf> = inputs.iter().map(|i| names.assign(&i.wanted_folder(), &Empty)).collect();
        assert_eq!(folders, [PathBuf::from("a"), PathBuf::from("a~2")]);
        // A folder that could not be listed keeps its whole name.
        assert_eq!(folder_name(Path::new("in/v1.2"), false).display().to_string(), "in/v1.2");
    }

    #[test]
    fn paths_are_escaped_reversibly() {
        let path = PathBuf::from(OsString::from_vec(b"in/a\tb\\c\nd\xfe.pdf".to_vec()));
        assert_eq!(escape_path(&path), "in/a\\tb\\\\c\\nd\\xfe.pdf");
        assert_eq!(escape_path(Path::new("报告 2023.pdf")), "报告 2023.pdf");
    }

    struct Empty;
    impl Disk for Empty {
        fn blocks_parent(&self, _: &Path) -> bool {
            false
        }
        fn blocks_document(&self, path: &Path) -> bool {
            path == Path::new("c.pdf") || path == Path::new("d")
        }
    }

    #[test]
    fn many_inputs_asking_one_name_take_the_next_free_each() {
        let mut names = FolderNames::default();
        let mut given: Vec<String> =
            (0..5).map(|_| names.assign(Path::new("d"), &Empty).display().to_string()).collect();
        // `d` itself stands on disk; a later input asking for `d~3` finds it taken.
        given.push(names.assign(Path::new("d~3"), &Empty).display().to_string());
        given.push(names.assign(Path::new("d"), &Empty).display().to_string());
        assert_eq!(given, ["d~2", "d~3", "d~4", "d~5", "d~6", "d~3~2", "d~7"]);
    }

    #[test]
    fn folders_never_collide_nor_nest() {
        let mut names = FolderNames::default();
        let mut assign = |p: &str| names.assign(Path::new(p), &Empty).display().to_string();
        assert_eq!(assign("report.html"), "report.html");
        assert_eq!(assign("report.html"), "report.html~2");
        assert_eq!(assign("summary.tsv"), "summary.tsv~2");
        // A document folder never holds another, nor takes a folder that holds documents.
        assert_eq!(assign("report.html/x.pdf"), "report.html~3/x.pdf");
        assert_eq!(assign("a/b.pdf"), "a/b.pdf");
        assert_eq!(assign("a/c.pdf"), "a/c.pdf");
        assert_eq!(assign("a"), "a~2");
        // Taken on disk by something nianbao did not write.
        assert_eq!(assign("c.pdf"), "c.pdf~2");
        assert_eq!(assign("d"), "d~2");
    }
}

/// One of N disjoint parts of an input set (`--shard K/N`, K from 0): an input belongs to the
/// part its path's hash falls in, so machines given the same inputs split them with no
/// coordination and the parts together are the whole set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let (index, count) = text.split_once('/').ok_or_else(|| format!("`{text}` is not K/N"))?;
        let index: u64 = index.trim().parse().map_err(|_| format!("`{index}` is not a shard number"))?;
        let count: u64 = count.trim().parse().map_err(|_| format!("`{count}` is not a shard count"))?;
        if count == 0 || index >= count {
            return Err(format!("shard {index}/{count}: K must be at least 0 and less than N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether an input is in this part: the first 8 bytes of the SHA-256 of its path's bytes,
    /// modulo the count (the same on every machine and every run).
    pub fn holds(&self, input: &Input) -> bool {
        use sha2::{Digest, Sha256};
        use std::os::unix::ffi::OsStrExt;
        let digest = Sha256::digest(input.path.as_os_str().as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index
    }
}

#[cfg(test)]
mod shard_tests {
    use super::*;

    #[test]
    fn shards_are_disjoint_and_cover_every_input() {
        let inputs: Vec<Input> = (0..200).map(|i| Input::file(Path::new(&format!("in/{i}.pdf")))).collect();
        let shards: Vec<Shard> = (0..4).map(|k| format!("{k}/4").parse().expect("shard")).collect();
        for input in &inputs {
            assert_eq!(shards.iter().filter(|s| s.holds(input)).count(), 1);
        }
        let sizes: Vec<usize> = shards.iter().map(|s| inputs.iter().filter(|i| s.holds(i)).count()).collect();
        assert!(sizes.iter().all(|&n| n > 30), "{sizes:?}");
        assert_eq!("4/4".parse::<Shard>(), Err("shard 4/4: K must be at least 0 and less than N".to_string()));
        assert_eq!("1-4".parse::<Shard>(), Err("`1-4` is not K/N".to_string()));
        assert!("0/1".parse::<Shard>().is_ok_and(|s| inputs.iter().all(|i| s.holds(i))));
    }
}
