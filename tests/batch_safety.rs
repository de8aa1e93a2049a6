//! The batch never touches what it did not create, never mixes documents up, and accounts for
//! every input whatever its name or kind.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn run(cwd: &Path, args: &[&OsStr]) -> Output {
    nianbao().current_dir(cwd).arg("convert").args(args).output().expect("run nianbao")
}

/// Every file under `dir` (links not followed) with its bytes: a snapshot to compare.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            let meta = fs::symlink_metadata(&path).expect("meta");
            let rel = path.strip_prefix(dir).expect("prefix").to_path_buf();
            if meta.is_dir() {
                out.insert(rel.join(""), Vec::new());
                stack.push(path);
            } else if meta.file_type().is_symlink() {
                out.insert(rel, fs::read_link(&path).expect("link").as_os_str().as_bytes().to_vec());
            } else {
                out.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// `summary.tsv` rows as (source, status, message, folder).
fn summary(out: &Path) -> Vec<(String, String, String, String)> {
    let text = fs::read_to_string(out.join("summary.tsv")).expect("summary.tsv");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 11, "{l}");
            (f[0].to_string(), f[1].to_string(), f[7].to_string(), f[8].to_string())
        })
        .collect()
}

/// `dataset.tsv` rows as (source, template).
fn dataset(out: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(out.join("dataset.tsv")).expect("dataset.tsv");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string())
        })
        .collect()
}

fn s(text: &str) -> &OsStr {
    OsStr::new(text)
}

#[test]
fn dot_names_stay_inside_their_own_folders() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    fs::create_dir_all(p.join("in")).expect("mkdir");
    fs::create_dir_all(p.join("other/deep")).expect("mkdir");
    fs::write(p.join("other/deep/keep.txt"), "mine").expect("write");
    fs::copy("testdata/html/page-2021.html", p.join("in/...pdf")).expect("copy");
    fs::copy("testdata/html/page-2019-gbk.html", p.join("in/..pdf")).expect("copy");
    fs::copy("testdata/docx/report-2021.docx", p.join("in/a.docx")).expect("copy");
    let before = snapshot(p);

    let args = [s("in/...pdf"), s("in/..pdf"), s("in/a.docx"), s("-o"), s("out")];
    let first = run(p, &args);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let second = run(p, &args);
    assert_eq!(second.status.code(), Some(0), "{}", String::from_utf8_lossy(&second.stderr));

    let mut after = snapshot(p);
    after.retain(|path, _| !path.starts_with("out"));
    assert_eq!(after, before, "nothing outside the output folder changed");
    let rows: Vec<(String, String)> = summary(&p.join("out")).into_iter().map(|r| (r.0, r.3)).collect();
    let want = [("in/...pdf", "%2E."), ("in/..pdf", "%2E"), ("in/a.docx", "a")];
    assert_eq!(rows, want.map(|(a, b)| (a.to_string(), b.to_string())));
    for (_, folder) in want {
        assert!(p.join("out").join(folder).join("values.tsv").is_file(), "{folder}");
    }
    let templates: Vec<String> = dataset(&p.join("out")).into_iter().map(|r| r.1).collect();
    assert_eq!(templates, ["2021", "2019", "2021"]);
}

#[test]
fn an_output_folder_holding_the_users_files_keeps_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let work = dir.path().join("work");
    fs::create_dir_all(work.join("report/notes")).expect("mkdir");
    fs::write(work.join("report/notes/draft.txt"), "my notes").expect("write");
    // A folder named like the document's, not made by nianbao.
    fs::create_dir_all(work.join("report~2")).expect("mkdir");
    fs::write(work.join("report~2/x"), "also mine").expect("write");
    fs::copy("testdata/docx/report-2021.docx", work.join("report.docx")).expect("copy");
    let before = snapshot(&work);

    for _ in 0..2 {
        let out = run(dir.path(), &[s("work/report.docx"), s("-o"), s("work")]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let rows = summary(&work);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1.as_str(), rows[0].3.as_str()), ("ok", "report~3"));
    let after = snapshot(&work);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} unchanged", path.display());
    }
    let new: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert!(
        new.iter().all(|p| p.starts_with("report~3")
            || p.starts_with(".nianbao")
            || p.starts_with("summary.tsv")
            || p.starts_with("dataset.tsv")),
        "{new:?}"
    );
}

#[test]
fn a_document_named_like_a_batch_file_gets_a_folder_of_its_own() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    fs::copy("testdata/html/page-2021.html", input.join("summary.tsv.html")).expect("copy");
    let out = run(dir.path(), &[s("in/summary.tsv.html"), s("-o"), s("out")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = summary(&dir.path().join("out"));
    assert_eq!(rows, [("in/summary.tsv.html".into(), "ok".into(), String::new(), "summary.tsv~2".into())]);
    assert!(dir.path().join("out/summary.tsv~2/values.tsv").is_file());
}

#[test]
fn batch_files_nianbao_did_not_write_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::create_dir(dir.path().join("out")).expect("mkdir");
    fs::write(dir.path().join("out/dataset.tsv"), "year\tcount\n2021\t3\n").expect("write");
    let out = nianbao()
        .current_dir(dir.path())
        .arg("convert")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/html"))
        .args(["-o", "out"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "nianbao: out/dataset.tsv exists and was not written by nianbao; it is left alone: choose another output folder\n"
    );
    assert_eq!(fs::read_to_string(dir.path().join("out/dataset.tsv")).expect("read"), "year\tcount\n2021\t3\n");
    // A table of the user's that only begins like nianbao's summary is not nianbao's either.
    fs::remove_file(dir.path().join("out/dataset.tsv")).expect("rm");
    let notes = "source\tstatus\tmy notes\na.pdf\tread\tcheck t3\n";
    fs::write(dir.path().join("out/summary.tsv"), notes).expect("write");
    let out = nianbao().current_dir(dir.path()).args(["merge", "none", "-o", "out"]).output().expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "nianbao: cannot merge: none: not a folder\n");
    fs::create_dir(dir.path().join("part")).expect("mkdir");
    let summary = "source\tstatus\tformat\tpages\ttables\tchecks_failed\tseconds\tmessage\tfolder\tsha256\tversion\n";
    fs::write(dir.path().join("part/summary.tsv"), summary).expect("write");
    fs::create_dir(dir.path().join("part/.nianbao")).expect("mkdir");
    fs::write(dir.path().join("part/.nianbao/names.tsv"), "").expect("write");
    let out = nianbao().current_dir(dir.path()).args(["merge", "part", "-o", "out"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "nianbao: out/summary.tsv exists and was not written by nianbao; it is left alone: choose another output folder\n"
    );
    assert_eq!(fs::read_to_string(dir.path().join("out/summary.tsv")).expect("read"), notes);
}

#[test]
fn a_rerun_never_gives_one_documents_data_to_another() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    for d in ["A", "B"] {
        fs::create_dir(p.join(d)).expect("mkdir");
    }
    fs::copy("testdata/html/page-2019-gbk.html", p.join("A/report.html")).expect("copy");
    fs::copy("testdata/html/page-2021.html", p.join("B/report.html")).expect("copy");
    let first = run(p, &[s("B/report.html"), s("-o"), s("out")]);
    assert_eq!(first.status.code(), Some(0));
    let second = run(p, &[s("A/report.html"), s("B/report.html"), s("-o"), s("out")]);
    assert_eq!(second.status.code(), Some(0));
    let rows: Vec<(String, String)> = summary(&p.join("out")).into_iter().map(|r| (r.0, r.3)).collect();
    assert_eq!(
        rows,
        [("A/report.html".to_string(), "report".to_string()), ("B/report.html".into(), "report~2".into())]
    );
    assert_eq!(
        dataset(&p.join("out")),
        [("A/report.html".to_string(), "2019".to_string()), ("B/report.html".into(), "2021".into())]
    );
    let json = fs::read_to_string(p.join("out/report/report.json")).expect("json");
    assert!(json.contains("\"source\": \"A/report.html\""), "{json}");
}

#[test]
fn output_of_another_version_or_other_bytes_is_converted_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    fs::copy("testdata/html/page-2021.html", p.join("r.html")).expect("copy");
    assert_eq!(run(p, &[s("r.html"), s("-o"), s("out")]).status.code(), Some(0));
    let marker = p.join("out/r/.outcome.tsv");
    let recorded = fs::read_to_string(&marker).expect("marker");
    let sha = recorded.lines().next().expect("line").split('\t').nth(2).expect("sha").to_string();
    let identity = format!("nianbao\t{}\t{sha}\tsections,tables,values,checks,json", env!("CARGO_PKG_VERSION"));
    assert_eq!(recorded.lines().next(), Some(identity.as_str()));

    // An older version's folder: converted again, not reused.
    fs::write(&marker, recorded.replacen(env!("CARGO_PKG_VERSION"), "0.0.1", 1).replace("\tok\t", "\twarnings\t"))
        .expect("write");
    assert_eq!(run(p, &[s("r.html"), s("-o"), s("out")]).status.code(), Some(0));
    assert_eq!(summary(&p.join("out"))[0].1, "ok", "the edited record was not reused");
    assert_eq!(fs::read_to_string(&marker).expect("marker").lines().next(), recorded.lines().next());

    // Other files asked for: converted again, and only those written.
    assert_eq!(
        run(p, &[s("r.html"), s("-o"), s("out"), s("--write"), s("values,json"), s("--compact")]).status.code(),
        Some(0)
    );
    let identity = format!("nianbao\t{}\t{sha}\tvalues,json;compact", env!("CARGO_PKG_VERSION"));
    assert_eq!(fs::read_to_string(&marker).expect("marker").lines().next(), Some(identity.as_str()));
    let mut files: Vec<String> = fs::read_dir(p.join("out/r"))
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, [".outcome.tsv", "report.json", "values.tsv"]);
    let json = fs::read_to_string(p.join("out/r/report.json")).expect("json");
    assert_eq!(json.lines().count(), 1, "compact: one line");
    assert!(json.starts_with("{\"source\":\"r.html\",\"sha256\":"), "{json}");

    // Other bytes under the same name: converted again.
    fs::copy("testdata/html/page-2019-gbk.html", p.join("r.html")).expect("copy");
    assert_eq!(run(p, &[s("r.html"), s("-o"), s("out")]).status.code(), Some(0));
    assert_eq!(dataset(&p.join("out")), [("r.html".to_string(), "2019".to_string())]);
}

#[test]
fn a_second_run_into_the_same_folder_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("out");
    let held = nianbao::batch::OutputDir::open(&root).expect("first run");
    let second = nianbao::batch::OutputDir::open(&root).err().expect("second run refused");
    assert_eq!(
        second.to_string(),
        format!(
            "{} is in use by another nianbao run, writing it or merging it (last written by process {}): wait for it to finish or choose another output folder",
            root.display(),
            std::process::id()
        )
    );
    drop(held);
    // A child another test forks in this process holds a copy of the lock's descriptor until
    // it execs: the lock may take a moment to be free.
    let free = (0..50).any(|_| {
        let open = nianbao::batch::OutputDir::open(&root).is_ok();
        if !open {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        open
    });
    assert!(free, "free again once the first run ends");
}

#[test]
fn odd_names_are_written_escaped_and_each_read_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    let names: [&[u8]; 3] = [b"tab\there.html", b"line\nbreak.html", b"gbk-\xc4\xea.html"];
    for name in names {
        fs::copy("testdata/html/page-2021.html", input.join(OsStr::from_bytes(name))).expect("copy");
    }
    // A link back up the tree is followed once.
    std::os::unix::fs::symlink("..", input.join("loop")).expect("link");
    let out = run(dir.path(), &[s("in"), s("-o"), s("out")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<(String, String)> = summary(&dir.path().join("out")).into_iter().map(|r| (r.0, r.3)).collect();
    let want = [
        ("in/gbk-\\xc4\\xea.html", "gbk-%C4%EA"),
        ("in/line\\nbreak.html", "line%0Abreak"),
        ("in/tab\\there.html", "tab%09here"),
    ];
    assert_eq!(rows, want.map(|(a, b)| (a.to_string(), b.to_string())));
    for (_, folder) in want {
        assert!(dir.path().join("out").join(folder).join("values.tsv").is_file(), "{folder}");
    }
}

#[test]
fn a_path_of_4096_bytes_converts() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut deep = dir.path().join("in");
    let component = "长".repeat(80); // 240 bytes, near the 255-byte limit of a name
    while deep.as_os_str().len() < 4096 - 300 {
        deep.push(&component);
    }
    fs::create_dir_all(&deep).expect("mkdir");
    let file = deep.join("r.html");
    fs::copy("testdata/html/page-2021.html", &file).expect("copy");
    assert!(file.as_os_str().len() > 3800);
    let out = run(dir.path(), &[s("in"), s("-o"), s("out")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = summary(&dir.path().join("out"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, "ok");
    let folder = dir.path().join("out").join(&rows[0].3);
    assert!(folder.join("values.tsv").is_file(), "{}", folder.display());
    // Long names are shortened, and stay unique by a digest of the whole name.
    let first = Path::new(&rows[0].3).iter().next().expect("component").to_string_lossy().into_owned();
    let digest = nianbao::batch::hex_digest(component.as_bytes());
    assert_eq!(first, format!("{}~{}", "长".repeat(47), &digest[..16]));
}

#[test]
fn fifos_and_devices_are_refused_unread() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    let fifo = std::ffi::CString::new(input.join("b.pdf").as_os_str().as_bytes()).expect("path");
    // SAFETY: mkfifo with a valid C string and a mode.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("/dev/zero", input.join("z.txt")).expect("link");
    fs::copy("testdata/html/page-2021.html", input.join("c.html")).expect("copy");
    let out = run(dir.path(), &[s("in"), s("-o"), s("out")]);
    assert_eq!(out.status.code(), Some(1));
    let rows: Vec<(String, String, String)> =
        summary(&dir.path().join("out")).into_iter().map(|r| (r.0, r.1, r.2)).collect();
    let want = [
        ("in/b.pdf", "failed", "in/b.pdf: not a regular file (a FIFO): not read"),
        ("in/c.html", "ok", ""),
        ("in/z.txt", "failed", "in/z.txt: not a regular file (a character device): not read"),
    ];
    assert_eq!(rows, want.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())));
}

#[test]
fn one_file_named_alone_says_what_is_wrong_with_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(dir.path(), &[s("nosuch.pdf")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "nosuch.pdf: cannot read: no such file\n");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("z.txt")).expect("link");
    let out = run(dir.path(), &[s("z.txt")]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "z.txt: not a regular file (a character device): not read\n");
}

#[test]
fn a_time_limit_too_large_to_represent_is_no_limit() {
    let out = nianbao()
        .args(["convert", "testdata/html/page-2021.html", "--timeout", "18446744073709551615"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("section\tkind\ttext\n"));
}

#[test]
fn an_encrypted_word_file_is_called_what_it_is() {
    let dir = tempfile::tempdir().expect("tmp");
    // An OLE2 header, then a directory entry naming the encrypted package, as Word writes it.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(1024, 0);
    fs::write(dir.path().join("locked.docx"), &bytes).expect("write");
    let out = run(dir.path(), &[s("locked.docx")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "locked.docx: password-protected Word file: it does not open without a password\n"
    );
}
