//! Batches beyond one command line: inputs from a list, shards, merges, duplicates, reruns of
//! an interrupted run, and what each document folder holds.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn nianbao(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(cwd)
        .env("NIANBAO_OCR", "off")
        .args(args)
        .output()
        .expect("run nianbao")
}

/// `summary.tsv` without its `seconds` column, the one field a rerun may change.
fn summary_without_seconds(out: &Path) -> String {
    let text = fs::read_to_string(out.join("summary.tsv")).expect("summary.tsv");
    text.lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 11, "{line}");
            fields.remove(6);
            fields.join("\t") + "\n"
        })
        .collect()
}

/// (source, status, folder) of each `summary.tsv` row.
fn rows(out: &Path) -> Vec<(String, String, String)> {
    let text = fs::read_to_string(out.join("summary.tsv")).expect("summary.tsv");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[8].to_string())
        })
        .collect()
}

/// Every document file under `out` (the marks, which hold `seconds`, and the state folder
/// aside) with its bytes.
fn documents(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("list") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("name");
            if name == ".nianbao" || name == ".outcome.tsv" || name == "summary.tsv" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(out).expect("inside").display().to_string();
                found.push((relative, fs::read(&path).expect("read")));
            }
        }
    }
    found.sort();
    found
}

/// A folder of inputs: the shipped reports, two copies of one under the same file name in
/// different folders, and a file that cannot be read.
fn inputs(root: &Path) {
    for (from, to) in [
        ("testdata/docx/report-2021.docx", "in/a/report.docx"),
        ("testdata/docx/report-2021.docx", "in/b/report.docx"),
        ("testdata/docx/report-2019.docx", "in/c/report.docx"),
        ("testdata/html/page-2021.html", "in/page.html"),
        ("testdata/seeds/002_a6189a0def67fc3b.txt", "in/seed.txt"),
        ("testdata/pdf/wps-2021.pdf", "in/d/wps.pdf"),
        ("testdata/broken/password-protected.pdf", "in/d/locked.pdf"),
    ] {
        let to = root.join(to);
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), &to).unwrap_or_else(|e| panic!("{from}: {e}"));
    }
}

#[test]
fn shards_merged_equal_one_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    inputs(p);
    // Files named one by one: the three report.docx ask for the same folder name.
    let files = [
        "in/a/report.docx",
        "in/b/report.docx",
        "in/c/report.docx",
        "in/page.html",
        "in/seed.txt",
        "in/d/wps.pdf",
        "in/d/locked.pdf",
    ];
    let mut args = vec!["convert"];
    args.extend(files);
    let whole = nianbao(p, &[&args[..], &["-o", "whole", "-q", "--format", "jsonl"]].concat());
    assert_eq!(whole.status.code(), Some(1), "a document failed: {}", String::from_utf8_lossy(&whole.stderr));
    let mut parts = Vec::new();
    for k in 0..3 {
        let part = format!("part-{k}");
        let shard = format!("{k}/3");
        let ran = nianbao(p, &[&args[..], &["--shard", &shard, "-o", &part, "-q"]].concat());
        assert!(matches!(ran.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&ran.stderr));
        parts.push(part);
    }
    // The shards are disjoint and together are every input.
    let mut sharded: Vec<String> = parts.iter().flat_map(|part| rows(&p.join(part))).map(|r| r.0).collect();
    sharded.sort();
    let mut all: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    all.sort();
    assert_eq!(sharded, all);

    let mut merge = vec!["merge"];
    merge.extend(parts.iter().map(String::as_str));
    let merged = nianbao(p, &[&merge[..], &["-o", "merged", "--format", "jsonl"]].concat());
    assert_eq!(merged.status.code(), Some(0), "{}", String::from_utf8_lossy(&merged.stderr));
    let jsonl = |out: &str| fs::read_to_string(p.join(out).join("reports.jsonl")).expect("reports.jsonl");
    assert_eq!(jsonl("merged"), jsonl("whole"));
    assert_eq!(jsonl("merged").lines().count(), 7);
    assert_eq!(
        String::from_utf8_lossy(&merged.stderr),
        "7 inputs from 3 parts, 1 of them failed (status `failed` in summary.tsv); output in merged\n"
    );
    assert_eq!(summary_without_seconds(&p.join("merged")), summary_without_seconds(&p.join("whole")));
    assert_eq!(documents(&p.join("merged")), documents(&p.join("whole")));
    // In the batch's order, names handed out in it; the duplicate's row once in dataset.tsv.
    let folders: Vec<(String, String, String)> = rows(&p.join("merged"));
    assert_eq!(
        folders,
        [
            ("in/a/report.docx".to_string(), "ok".to_string(), "report".to_string()),
            ("in/b/report.docx".into(), "ok".into(), "report~2".into()),
            ("in/c/report.docx".into(), "warnings".into(), "report~3".into()),
            ("in/d/locked.pdf".into(), "failed".into(), "".into()),
            ("in/d/wps.pdf".into(), "ok".into(), "wps".into()),
            ("in/page.html".into(), "ok".into(), "page".into()),
            ("in/seed.txt".into(), "ok".into(), "seed".into()),
        ]
    );
    let dataset = fs::read_to_string(p.join("merged/dataset.tsv")).expect("dataset");
    let sources: Vec<&str> = dataset.lines().skip(1).map(|l| l.split('\t').next().unwrap_or("")).collect();
    assert_eq!(sources, ["in/a/report.docx", "in/c/report.docx", "in/d/wps.pdf", "in/page.html", "in/seed.txt"]);
    let json = fs::read_to_string(p.join("merged/report~2/report.json")).expect("json");
    assert!(json.contains("\n  \"folder\": \"report~2\",\n"), "{json}");
    // The parts' files are linked, not copied, save a report.json that names another folder.
    let part_of = |source: &str| parts.iter().find(|part| rows(&p.join(part)).iter().any(|r| r.0 == source));
    let wps = p.join(part_of("in/d/wps.pdf").expect("wps.pdf's part")).join("wps/values.tsv");
    let inode = |path: &Path| fs::metadata(path).map(|m| m.ino()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(inode(&p.join("merged/wps/values.tsv")), inode(&wps));
    assert_eq!(fs::metadata(p.join("merged/wps/.outcome.tsv")).expect("mark").nlink(), 1);
    let moved_part = p.join(part_of("in/b/report.docx").expect("report~2's part"));
    let moved_from = rows(&moved_part).into_iter().find(|r| r.0 == "in/b/report.docx").expect("row").2;
    assert_ne!(inode(&p.join("merged/report~2/report.json")), inode(&moved_part.join(moved_from).join("report.json")));
    let copied = nianbao(p, &[&merge[..], &["-o", "copied", "-q", "--copy", "--format", "jsonl"]].concat());
    assert_eq!(copied.status.code(), Some(0), "{}", String::from_utf8_lossy(&copied.stderr));
    assert_eq!(fs::metadata(p.join("copied/wps/values.tsv")).expect("copy").nlink(), 1);
    assert_eq!(documents(&p.join("copied")), documents(&p.join("whole")));

    // A part merged into itself, a part still being written, and a folder that is no part.
    let itself = nianbao(p, &["merge", "part-0", "-o", "part-0"]);
    assert_eq!(itself.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&itself.stderr),
        "nianbao: cannot merge: part-0: is the merge's output folder: merge into another one\n"
    );
    let held = nianbao::batch::OutputDir::open(&p.join("part-1")).expect("lock");
    let busy = nianbao(p, &["merge", "part-0", "part-1", "-o", "other"]);
    assert_eq!(
        String::from_utf8_lossy(&busy.stderr),
        "nianbao: cannot merge: part-1: a nianbao run is writing into it: merge it when the run has finished\n"
    );
    drop(held);
    let stranger = nianbao(p, &["merge", "part-0", "in", "-o", "other"]);
    assert_eq!(String::from_utf8_lossy(&stranger.stderr), "nianbao: cannot merge: in/summary.tsv: no such file\n");
    assert!(!p.join("other").exists(), "nothing is written before every part is read");
}

#[test]
fn a_later_part_wins_and_the_merge_can_be_merged_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    inputs(p);
    assert_eq!(nianbao(p, &["convert", "in/page.html", "in/seed.txt", "-o", "monday", "-q"]).status.code(), Some(0));
    // By Tuesday page.html has changed.
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/html/page-2019-gbk.html"), p.join("in/page.html"))
        .expect("copy");
    assert_eq!(nianbao(p, &["convert", "in/page.html", "in/a", "-o", "tuesday", "-q"]).status.code(), Some(0));
    let merged = nianbao(p, &["merge", "monday", "tuesday", "-o", "week"]);
    assert_eq!(
        String::from_utf8_lossy(&merged.stderr),
        "3 inputs from 2 parts (1 recorded by more than one part: the last part's record kept); output in week\n"
    );
    let dataset = fs::read_to_string(p.join("week/dataset.tsv")).expect("dataset");
    let years: Vec<(&str, &str)> =
        dataset.lines().skip(1).map(|l| l.split('\t').collect::<Vec<_>>()).map(|f| (f[0], f[1])).collect();
    assert_eq!(years, [("in/a/report.docx", "2021"), ("in/page.html", "2019"), ("in/seed.txt", "2021")]);
    // What a merge writes is a part like any other.
    assert_eq!(nianbao(p, &["merge", "week", "-o", "again", "-q"]).status.code(), Some(0));
    assert_eq!(summary_without_seconds(&p.join("again")), summary_without_seconds(&p.join("week")));
    assert_eq!(documents(&p.join("again")), documents(&p.join("week")));
}

#[test]
fn a_part_whose_summary_is_out_of_order_merges_as_a_finished_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    inputs(p);
    let ran = nianbao(p, &["convert", "in", "-o", "part", "-q"]);
    assert_eq!(ran.status.code(), Some(1), "{}", String::from_utf8_lossy(&ran.stderr));
    assert_eq!(nianbao(p, &["merge", "part", "-o", "finished", "-q"]).status.code(), Some(0));
    // An interrupted run's summary holds lines in the order documents finished, one twice.
    let summary = fs::read_to_string(p.join("part/summary.tsv")).expect("summary");
    let (header, body) = summary.split_once('\n').expect("header");
    let mut lines: Vec<&str> = body.lines().collect();
    lines.reverse();
    lines.push(lines[0]);
    fs::write(p.join("part/summary.tsv"), format!("{header}\n{}\n", lines.join("\n"))).expect("write");
    let merged = nianbao(p, &["merge", "part", "-o", "interrupted"]);
    assert_eq!(
        String::from_utf8_lossy(&merged.stderr),
        "7 inputs from 1 parts, 1 of them failed (status `failed` in summary.tsv); output in interrupted\n"
    );
    assert_eq!(fs::read_to_string(p.join("interrupted/summary.tsv")).expect("summary"), summary);
    assert_eq!(documents(&p.join("interrupted")), documents(&p.join("finished")));

    // A line whose input the run never named is refused, with its line number.
    fs::write(p.join("part/summary.tsv"), format!("{header}\n{}", body.replacen("in/", "elsewhere/", 1)))
        .expect("write");
    let refused = nianbao(p, &["merge", "part", "-o", "refused"]);
    assert_eq!(refused.status.code(), Some(1));
    let first =
        body.lines().next().expect("a line").split('\t').next().expect("source").replacen("in/", "elsewhere/", 1);
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!("nianbao: cannot merge: part/summary.tsv: line 2: {first} is not in names.tsv\n")
    );
    assert!(!p.join("refused").exists(), "nothing is written before every part is read");

    // An edited part cannot make the merge read or write outside the folders it names.
    let first_line = body.lines().next().expect("a line");
    let fields: Vec<&str> = first_line.split('\t').collect();
    let mut outside = fields.clone();
    outside[8] = "../../elsewhere";
    fs::write(p.join("part/summary.tsv"), format!("{header}\n{}\n", outside.join("\t"))).expect("write");
    let refused = nianbao(p, &["merge", "part", "-o", "refused"]);
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "nianbao: cannot merge: part/summary.tsv: line 2: its folder ../../elsewhere is not one nianbao names: it leaves the part or is hidden\n"
    );
    fs::write(p.join("part/summary.tsv"), format!("{header}\n{first_line}\n")).expect("write");
    let names = fs::read_to_string(p.join("part/.nianbao/names.tsv")).expect("names");
    let escaping = names.replacen(&format!("{}\t", fields[0]), &format!("{}\t/tmp/", fields[0]), 1);
    fs::write(p.join("part/.nianbao/names.tsv"), escaping).expect("write");
    let refused = nianbao(p, &["merge", "part", "-o", "refused"]);
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "nianbao: cannot merge: part/summary.tsv: line 2: names.tsv gives {} the folder /tmp/{}, which is not one nianbao names\n",
            fields[0], fields[8]
        )
    );
    assert!(!p.join("refused").exists());
}

#[test]
fn listed_paths_mirror_their_tree_and_odd_names_survive() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    inputs(p);
    let odd = OsStr::from_bytes(b"in/a/tab\there\nnewline.docx");
    fs::copy(p.join("in/a/report.docx"), p.join(odd)).expect("copy");
    let list =
        [b"in/a/report.docx".as_slice(), b"./in/b/report.docx", b"in/d/../c/report.docx", odd.as_bytes()].join(&0u8);
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(p)
        .args(["convert", "--files-from", "-", "-0", "-o", "out", "-q"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(&list).expect("write list");
    assert_eq!(child.wait().expect("wait").code(), Some(0));
    let folders: Vec<(String, String)> = rows(&p.join("out")).into_iter().map(|r| (r.0, r.2)).collect();
    assert_eq!(
        folders,
        [
            ("./in/b/report.docx".to_string(), "in/b/report".to_string()),
            ("in/a/report.docx".into(), "in/a/report".into()),
            ("in/a/tab\\there\\nnewline.docx".into(), "in/a/tab%09here%0Anewline".into()),
            ("in/d/../c/report.docx".into(), "in/d/%2E./c/report".into()),
        ]
    );
}

#[test]
fn an_interrupted_run_keeps_its_record_and_a_rerun_finishes_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    let pdf = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pdf/wps-2021.pdf")).expect("pdf");
    fs::create_dir(p.join("in")).expect("mkdir");
    // Different bytes each, so no folder is another's: a comment appended after %%EOF.
    for i in 0..400 {
        let mut bytes = pdf.clone();
        bytes.extend_from_slice(format!("\n% copy {i}\n").as_bytes());
        fs::write(p.join(format!("in/{i:03}.pdf")), bytes).expect("write");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(p)
        .env("NIANBAO_OCR", "off")
        .args(["convert", "in", "-o", "out", "-j", "1", "-q"])
        .spawn()
        .expect("spawn");
    let summary = p.join("out/summary.tsv");
    let lines = || fs::read_to_string(&summary).map(|t| t.lines().count()).unwrap_or(0);
    let started = std::time::Instant::now();
    while lines() < 6 && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    let kept = fs::read_to_string(&summary).expect("summary");
    let done: Vec<&str> = kept.lines().skip(1).collect();
    assert!(done.len() >= 5 && done.len() < 400, "interrupted after {} documents", done.len());
    assert!(kept.ends_with('\n') && done.iter().all(|l| l.split('\t').count() == 11), "whole lines only: {kept}");

    assert_eq!(nianbao(p, &["convert", "in", "-o", "out", "-q"]).status.code(), Some(0));
    let rerun = fs::read_to_string(&summary).expect("summary");
    assert_eq!(rerun.lines().count(), 401);
    // Documents finished before the interruption were reused: their records, seconds too.
    for line in done {
        assert!(rerun.lines().any(|l| l == line), "not reused: {line}");
    }
}

#[test]
fn compact_reports_drop_boxes_and_keep_pages() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    inputs(p);
    assert_eq!(nianbao(p, &["convert", "in/d/wps.pdf", "-o", "full", "-q"]).status.code(), Some(0));
    let args = ["convert", "in/d/wps.pdf", "-o", "small", "--write", "values,json", "--compact", "-q"];
    assert_eq!(nianbao(p, &args).status.code(), Some(0));
    let full = fs::read_to_string(p.join("full/wps/report.json")).expect("json");
    let small = fs::read_to_string(p.join("small/wps/report.json")).expect("json");
    assert!(full.contains("\"bbox\"") && !small.contains("\"bbox\""));
    assert!(small.contains("\"page\":1") && small.lines().count() == 1);
    assert!(small.len() * 2 < full.len(), "{} vs {} bytes", small.len(), full.len());
    assert_eq!(
        fs::read_to_string(p.join("small/wps/values.tsv")).expect("values"),
        fs::read_to_string(p.join("full/wps/values.tsv")).expect("values")
    );
    assert!(!p.join("small/wps/sections.tsv").exists() && !p.join("small/wps/tables").exists());
    let refused = nianbao(p, &["convert", "in/d/wps.pdf", "--write", "value"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("`value` is not a file of a document folder: choose from sections, tables, values, checks, json"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

/// A part whose every input failed (so it has no document folders), as a run over `sources`
/// (in the batch's order) writes it.
fn failed_part(root: &Path, sources: impl Iterator<Item = String>) {
    let version = env!("CARGO_PKG_VERSION");
    fs::create_dir_all(root.join(".nianbao")).expect("mkdir");
    let mut summary = String::from(
        "source\tstatus\tformat\tpages\ttables\tchecks_failed\tseconds\tmessage\tfolder\tsha256\tversion\n",
    );
    let mut names = String::new();
    for source in sources {
        let sha = "ab".repeat(32);
        summary += &format!("{source}\tfailed\tpdf\t\t0\t0\t0.010\t{source}: empty file\t\t{sha}\t{version}\n");
        names += &format!("{source}\t{}\n", source.trim_end_matches(".pdf"));
    }
    fs::write(root.join("summary.tsv"), summary).expect("summary");
    fs::write(root.join(".nianbao/names.tsv"), names).expect("names");
}

#[test]
fn many_parts_merge_under_a_low_limit_on_open_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    let parts: Vec<String> = (0..150).map(|k| format!("part-{k:03}")).collect();
    for (k, part) in parts.iter().enumerate() {
        // Interleaved: part k holds inputs k, k + 150, k + 300.
        failed_part(&p.join(part), (0..3).map(|i| format!("in/{:04}.pdf", k + 150 * i)));
    }
    // 150 parts hold 450 files open at once: over a soft limit of 256, which the merge raises.
    let script =
        format!("ulimit -Sn 256 && exec {} merge {} -o merged", env!("CARGO_BIN_EXE_nianbao"), parts.join(" "));
    let merged = Command::new("sh").arg("-c").arg(&script).current_dir(p).output().expect("run");
    assert_eq!(
        String::from_utf8_lossy(&merged.stderr),
        "450 inputs from 150 parts, 450 of them failed (status `failed` in summary.tsv); output in merged\n"
    );
    let sources: Vec<String> = rows(&p.join("merged")).into_iter().map(|r| r.0).collect();
    assert_eq!(sources, (0..450).map(|n| format!("in/{n:04}.pdf")).collect::<Vec<_>>());
}

/// Copies a folder tree (files and folders only).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("list") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn a_merge_refuses_parts_it_would_write_into_or_read_out_of() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path();
    inputs(p);
    assert_eq!(nianbao(p, &["convert", "in", "-o", "part", "-q"]).status.code(), Some(1));
    let refused = |args: &[&str], message: &str| {
        let ran = nianbao(p, args);
        assert_eq!(String::from_utf8_lossy(&ran.stderr), format!("nianbao: cannot merge: {message}\n"), "{args:?}");
        assert_eq!(ran.status.code(), Some(1), "{args:?}");
    };
    // A part inside the output folder, and the output folder inside a part.
    copy_tree(&p.join("part"), &p.join("out/inner"));
    let before = documents(&p.join("out/inner"));
    refused(
        &["merge", "out/inner", "-o", "out"],
        "out/inner: is inside the merge's output folder: merge into a folder outside it",
    );
    assert_eq!(documents(&p.join("out/inner")), before);
    refused(
        &["merge", "part", "-o", "part/merged"],
        "part/merged: is inside the part part: merge into a folder outside the parts",
    );
    assert!(!p.join("part/merged").exists());

    // What an edited part holds is refused before anything is written.
    let edited = |name: &str, edit: &dyn Fn(&Path)| {
        let copy = p.join(name);
        copy_tree(&p.join("part"), &copy);
        edit(&copy);
        copy
    };
    edited("linked", &|part| {
        fs::rename(part.join("d"), p.join("outside")).expect("move");
        std::os::unix::fs::symlink(p.join("outside"), part.join("d")).expect("link");
    });
    refused(
        &["merge", "linked", "-o", "m1"],
        "linked/d/wps: not a folder nianbao wrote (a link, or a link on the way to it)",
    );
    edited("extra", &|part| fs::write(part.join("page/notes.txt"), "mine").expect("write"));
    refused(&["merge", "extra", "-o", "m2"], "extra/page/notes.txt: not a file nianbao writes in a document folder");
    edited("restated", &|part| {
        let summary = fs::read_to_string(part.join("summary.tsv")).expect("summary");
        fs::write(part.join("summary.tsv"), summary.replace("in/c/report.docx\twarnings", "in/c/report.docx\tok"))
            .expect("write");
    });
    refused(
        &["merge", "restated", "-o", "m3"],
        "restated/c/report: its mark records other results than summary.tsv gives it",
    );
    edited("fifo", &|part| {
        fs::remove_file(part.join("summary.tsv")).expect("rm");
        assert!(Command::new("mkfifo").arg(part.join("summary.tsv")).status().expect("mkfifo").success());
    });
    refused(&["merge", "fifo", "-o", "m4"], "fifo/summary.tsv: not a plain file (a FIFO, a device or a folder)");
    for out in ["m1", "m2", "m3", "m4"] {
        assert!(!p.join(out).exists(), "{out}: nothing is written before every part is checked");
    }

    // A part named through a link is the user's choice: it is merged.
    std::os::unix::fs::symlink("part", p.join("via-link")).expect("link");
    let merged = nianbao(p, &["merge", "via-link", "-o", "m5", "-q"]);
    assert_eq!(merged.status.code(), Some(0), "{}", String::from_utf8_lossy(&merged.stderr));
    assert_eq!(summary_without_seconds(&p.join("m5")), summary_without_seconds(&p.join("part")));
}
