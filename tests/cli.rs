//! The `nianbao convert` command: every input accounted for, exact error messages, exit codes,
//! and the same bytes whatever the number of workers.

use std::fs;
use std::path::Path;
use std::process::Command;

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

/// `summary.tsv` rows as (source file name, status, message).
fn summary(out: &Path) -> Vec<(String, String, String)> {
    let text = fs::read_to_string(out.join("summary.tsv")).expect("summary.tsv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("source\tstatus\tformat\tpages\ttables\tchecks_failed\tseconds\tmessage\tfolder\tsha256\tversion")
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 11, "{l}");
            let name = Path::new(f[0]).file_name().expect("name").to_string_lossy().into_owned();
            (name, f[1].to_string(), f[7].to_string())
        })
        .collect()
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).expect("mkdir");
    fs::copy("testdata/docx/report-2021.docx", inputs.join("good.docx")).expect("copy");
    fs::write(inputs.join("empty.docx"), b"").expect("write");
    fs::write(inputs.join("garbage.pdf"), [0u8, 159, 146, 150, 1, 2, 3, 4, 5, 6, 7, 8]).expect("write");
    fs::write(inputs.join("legacy.doc"), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).expect("write");
    let docx = fs::read("testdata/docx/report-2021.docx").expect("read");
    fs::write(inputs.join("truncated.docx"), &docx[..docx.len() / 2]).expect("write");
    let not_docx = crate::support::docx::zip_parts(&[("mimetype", "application/epub+zip".to_string())]);
    fs::write(inputs.join("book.docx"), not_docx).expect("write");
    fs::write(inputs.join("notes.txt"), "会议纪要：本文件不是年度报告。").expect("write");
    // A Word report with the wrong ending still converts: formats come from the bytes.
    fs::copy("testdata/docx/report-2019.docx", inputs.join("misnamed.pdf")).expect("copy");
    fs::copy("testdata/broken/password-protected.pdf", inputs.join("locked.pdf")).expect("copy");
    let pdf = fs::read("testdata/pdf/wps-2021.pdf").expect("read");
    fs::write(inputs.join("cut.pdf"), &pdf[..pdf.len() / 3]).expect("write");

    let out = dir.path().join("out");
    let status = nianbao().arg("convert").arg(&inputs).arg("-o").arg(&out).status().expect("run");
    assert_eq!(status.code(), Some(1), "a failed file makes the exit status non-zero");

    let p = |name: &str| inputs.join(name).display().to_string();
    let rows = summary(&out);
    let want = vec![
        (
            "book.docx".to_string(),
            "failed".to_string(),
            format!("{}: zip archive is not a Word document: it has no word/document.xml", p("book.docx")),
        ),
        (
            "cut.pdf".to_string(),
            "failed".to_string(),
            format!(
                "{}: damaged document: no text and no images could be read (page 1: its content stream 21 0 R is missing; page 2: object ID 22 0 not found)",
                p("cut.pdf")
            ),
        ),
        ("empty.docx".to_string(), "failed".to_string(), format!("{}: empty file", p("empty.docx"))),
        (
            "garbage.pdf".to_string(),
            "failed".to_string(),
            format!("{}: not a PDF, DOCX, HTML or text file", p("garbage.pdf")),
        ),
        ("good.docx".to_string(), "ok".to_string(), String::new()),
        (
            "legacy.doc".to_string(),
            "failed".to_string(),
            // With LibreOffice installed the file is tried, and this one is not a document.
            if nianbao::read::legacy::office().is_some() {
                format!(
                    "{}: damaged document: LibreOffice could not convert this legacy file: it wrote no document",
                    p("legacy.doc")
                )
            } else {
                format!("{}: legacy .doc/.wps file: convert it to .docx (for example `soffice --headless --convert-to docx FILE`) and run again", p("legacy.doc"))
            },
        ),
        (
            "locked.pdf".to_string(),
            "failed".to_string(),
            format!("{}: password-protected PDF: it does not open without a password (give it with --password)", p("locked.pdf")),
        ),
        ("misnamed.pdf".to_string(), "warnings".to_string(), "1 check failed: t4.review".to_string()),
        ("notes.txt".to_string(), "ok".to_string(), "no template tables recognized".to_string()),
        (
            "truncated.docx".to_string(),
            "failed".to_string(),
            format!(
                "{}: damaged document: unreadable zip archive (invalid Zip archive: Could not find EOCD)",
                p("truncated.docx")
            ),
        ),
    ];
    assert_eq!(rows, want);
    assert!(out.join("good").join("values.tsv").exists());
    assert!(!out.join("empty").exists(), "no folder for a failed document");
    let dataset = fs::read_to_string(out.join("dataset.tsv")).expect("dataset");
    assert_eq!(dataset.lines().count(), 3, "a header line and the two recognized reports");
    let row: Vec<&str> = dataset.lines().nth(1).expect("row").split('\t').collect();
    assert_eq!(&row[1..4], ["2021", "清河县农业农村局", "2023"]);
}

#[test]
fn output_is_the_same_whatever_the_worker_count() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = |jobs: &str| {
        let out = dir.path().join(format!("out-{jobs}"));
        let status = nianbao()
            .args(["convert", "testdata/docx", "testdata/html", "-j", jobs, "-o"])
            .arg(&out)
            .status()
            .expect("run");
        assert_eq!(status.code(), Some(0));
        out
    };
    let one = run("1");
    let two = run("2");
    for name in ["report-2021", "report-2019", "report-deviant", "page-2021", "page-2019-gbk"] {
        for file in ["sections.tsv", "values.tsv", "checks.tsv", "report.json", "tables/t3.tsv"] {
            let a = fs::read(one.join(name).join(file)).unwrap_or_else(|e| {
                panic!("{name}/{file}: {e}\n{}", fs::read_to_string(one.join("summary.tsv")).unwrap_or_default())
            });
            let b = fs::read(two.join(name).join(file)).expect("file");
            assert!(a == b, "{name}/{file} differs between -j 1 and -j 2");
        }
    }
    assert_eq!(fs::read(one.join("dataset.tsv")).expect("a"), fs::read(two.join("dataset.tsv")).expect("b"));
    // The seconds column is the only field of summary.tsv that may differ between runs.
    let strip = |p: &Path| -> Vec<String> {
        fs::read_to_string(p.join("summary.tsv"))
            .expect("summary")
            .lines()
            .map(|l| l.split('\t').enumerate().filter(|(i, _)| *i != 6).map(|(_, f)| f).collect::<Vec<_>>().join("\t"))
            .collect()
    };
    assert_eq!(strip(&one), strip(&two));
}

#[test]
fn one_file_without_output_folder_prints_the_stream() {
    let output = nianbao().args(["convert", "testdata/docx/report-2021.docx"]).output().expect("run");
    assert!(output.status.success());
    let want = fs::read_to_string("testdata/golden/report-2021/stream.tsv").expect("golden stream");
    assert_eq!(String::from_utf8_lossy(&output.stdout), want);
}

#[test]
fn every_row_of_a_streamed_table_names_it_and_has_its_width() {
    let output = nianbao().args(["convert", "testdata/pdf/hechuan-2019.pdf"]).output().expect("run");
    assert!(output.status.success());
    let stream = String::from_utf8_lossy(&output.stdout);
    let mut widths: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    let mut announced = Vec::new();
    let mut last_column_printed = std::collections::BTreeSet::new();
    for line in stream.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields[1] {
            "table" => announced.push(fields[2].to_string()),
            "row" => {
                assert_eq!(announced.last().map(String::as_str), Some(fields[2]), "{line}");
                widths.entry(fields[2].to_string()).or_default().push(fields.len() - 3);
                if fields.last() != Some(&"") {
                    last_column_printed.insert(fields[2].to_string());
                }
            }
            _ => assert_eq!(fields.len(), 3, "{line}"),
        }
    }
    assert_eq!(announced, ["t2", "t3", "t4"]);
    assert_eq!(last_column_printed.len(), 3, "no padding beyond a table's last printed column");
    let shapes: Vec<(String, usize, usize)> =
        widths.iter().map(|(id, w)| (id.clone(), w.len(), *w.iter().max().unwrap_or(&0))).collect();
    assert_eq!(shapes, [("t2".into(), 18, 4), ("t3".into(), 26, 10), ("t4".into(), 4, 15)]);
    for (id, w) in &widths {
        assert!(w.iter().all(|&n| n == w[0]), "{id}: rows of widths {w:?}");
    }
}

#[test]
fn one_bad_file_to_stdout_names_the_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("empty.docx");
    fs::write(&path, b"").expect("write");
    let output = nianbao().arg("convert").arg(&path).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), format!("{}: empty file\n", path.display()));
    assert!(output.stdout.is_empty());
}

#[test]
fn several_inputs_need_an_output_folder() {
    let output = nianbao().args(["convert", "testdata/docx", "testdata/docx"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "nianbao: several inputs need an output folder: add -o OUT\n");
}

/// One file to stdout: the stream alone on stdout, the document's status on stderr when it is
/// not `ok`, and exit 3 for it with `--strict`.
#[test]
fn one_file_says_what_is_wrong_with_it_on_stderr() {
    let scan = "testdata/pdf/scan.pdf";
    let said = format!("testdata/pdf/scan.pdf: no-text: {}\n", crate::ocr::blank_scan_message());
    let run = nianbao().args(["convert", scan]).output().expect("runs");
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&run.stderr), said);
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("section\tkind\ttext\n"));
    let strict = nianbao().args(["convert", "--strict", scan]).output().expect("runs");
    assert_eq!(strict.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&strict.stderr), said);

    let seed = "testdata/seeds/004_463bb84a48339622.txt";
    let run = nianbao().args(["convert", seed]).output().expect("runs");
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!("{seed}: warnings: 4 checks failed: t3.balance.person, t3.results.person, t3.balance.total, t3.results.total\n")
    );
    let clean = nianbao().args(["convert", "--strict", "testdata/docx/report-2021.docx"]).output().expect("runs");
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&clean.stderr), "");

    let missing = nianbao().args(["convert", "nosuch.pdf"]).output().expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&missing.stderr), "nosuch.pdf: cannot read: no such file\n");
}

/// A batch with `--strict`: 3 when nothing failed but a document has warnings or no text.
#[test]
fn strict_batches_exit_3_on_warnings() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    let run = nianbao()
        .args([
            "convert",
            "--strict",
            "testdata/seeds/004_463bb84a48339622.txt",
            "testdata/docx/report-2021.docx",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(3));
    let run = nianbao()
        .args(["convert", "testdata/seeds/004_463bb84a48339622.txt", "-o"])
        .arg(dir.path().join("b"))
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(0));
}

/// `nianbao keys`: the dictionary of a template version, one key a line.
#[test]
fn keys_prints_the_dictionary_of_a_template_version() {
    for (template, count) in [("2021", 208), ("2019", 199)] {
        let run = nianbao().args(["keys", "--template", template]).output().expect("runs");
        assert_eq!(run.status.code(), Some(0));
        let text = String::from_utf8_lossy(&run.stdout).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "key\ttable\trow_label\tcolumn_label\tgloss");
        assert_eq!(lines.len(), count, "{template}");
        assert!(lines.iter().all(|l| l.split('\t').count() == 5));
    }
    let run = nianbao().args(["keys"]).output().expect("runs");
    let text = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(text.contains("\nt4.suit_after_review.pending\tt4\t行政诉讼/复议后起诉\t尚未审结\tadministrative litigation after review; pending\n"));
    let bad = nianbao().args(["keys", "--template", "2020"]).output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}

/// Completions and the manual page come from the command's own definition.
#[test]
fn completions_and_man_page_name_the_subcommands() {
    let bash = nianbao().args(["completions", "bash"]).output().expect("runs");
    assert_eq!(bash.status.code(), Some(0));
    let script = String::from_utf8_lossy(&bash.stdout).into_owned();
    assert!(script.starts_with("_nianbao() {"), "{script}");
    for sub in ["convert", "inspect", "keys", "text"] {
        assert!(script.contains(sub), "{sub}");
    }
    let man = nianbao().args(["man"]).output().expect("runs");
    let page = String::from_utf8_lossy(&man.stdout).into_owned();
    assert!(page.contains(".TH nianbao 1"), "{page}");
    assert!(page.contains("nianbao\\-convert"), "{page}");
    let bad = nianbao().args(["completions", "cmd.exe"]).output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}

/// `--format json|jsonl`: report.json's content after the document's status, pretty or on one
/// line; only for one file to stdout.
#[test]
fn one_file_as_json_and_json_lines() {
    let seed = "testdata/seeds/002_a6189a0def67fc3b.txt";
    let lines = nianbao().args(["convert", "--format", "jsonl", seed]).output().expect("runs");
    assert_eq!(lines.status.code(), Some(0));
    let text = String::from_utf8_lossy(&lines.stdout).into_owned();
    assert_eq!(text.lines().count(), 1);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("one JSON object");
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["source"], seed);
    assert_eq!(doc["template"], "2021");
    let granted =
        doc["values"].as_array().expect("values").iter().find(|v| v["key"] == "t3.granted.person").expect("key");
    assert_eq!(granted["raw"], "0");
    let t4 = doc["tables"].as_array().expect("tables").iter().find(|t| t["id"] == "t4").expect("t4");
    assert_eq!(t4["table"]["n_cols"], 15);
    let pretty = nianbao().args(["convert", "--format", "json", seed]).output().expect("runs");
    let pretty_doc: serde_json::Value = serde_json::from_slice(&pretty.stdout).expect("JSON");
    assert_eq!(pretty_doc, doc);
    assert!(String::from_utf8_lossy(&pretty.stdout).starts_with("{\n  \"status\": \"ok\",\n"));

    let dir = tempfile::tempdir().expect("tmp");
    let batch =
        nianbao().args(["convert", "--format", "json", seed, "-o"]).arg(dir.path().join("out")).output().expect("runs");
    assert_eq!(batch.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&batch.stderr),
        "nianbao: --format json is one document's pretty object; a batch writes reports.jsonl with --format jsonl\n"
    );
    assert!(!dir.path().join("out").exists());
}

/// `-q` says nothing but errors; `-v` a line per document: status, seconds, path.
#[test]
fn quiet_and_verbose() {
    let dir = tempfile::tempdir().expect("tmp");
    let quiet = nianbao()
        .args([
            "convert",
            "-q",
            "testdata/seeds/004_463bb84a48339622.txt",
            "testdata/broken/password-protected.pdf",
            "-o",
        ])
        .arg(dir.path().join("q"))
        .output()
        .expect("runs");
    assert_eq!(quiet.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&quiet.stderr),
        "failed: testdata/broken/password-protected.pdf: password-protected PDF: it does not open without a password (give it with --password)\n"
    );
    let one = nianbao().args(["convert", "-q", "testdata/pdf/scan.pdf"]).output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&one.stderr), "");

    let verbose = nianbao()
        .args([
            "convert",
            "-v",
            "-j",
            "1",
            "testdata/seeds/004_463bb84a48339622.txt",
            "testdata/docx/report-2021.docx",
            "-o",
        ])
        .arg(dir.path().join("v"))
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&verbose.stderr).into_owned();
    let mut lines: Vec<(String, String)> = said
        .lines()
        .filter(|l| l.contains('\t'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{l}");
            assert!(f[1].parse::<f64>().is_ok(), "{l}");
            (f[0].to_string(), f[2].to_string())
        })
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            ("ok".to_string(), "testdata/docx/report-2021.docx".to_string()),
            ("warnings".to_string(), "testdata/seeds/004_463bb84a48339622.txt".to_string())
        ]
    );
    assert!(said.ends_with(&format!(
        "2 documents: 1 ok, 1 with warnings, 0 without text, 0 failed; output in {}\n",
        dir.path().join("v").display()
    )));
}

/// `--files-from LIST` (`-` for stdin; `-0` for NUL-terminated names): every listed path an
/// input, odd names included, a missing one a failed row.
#[test]
fn inputs_from_a_list() {
    use std::io::Write as _;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tmp");
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).expect("mkdir");
    let report = fs::read("testdata/seeds/001_df13baae5befcdaa.txt").expect("seed");
    let odd = [
        inputs.join("with\ttab.txt"),
        inputs.join("new\nline.txt"),
        inputs.join(std::ffi::OsStr::from_bytes(b"bytes-\xff.txt")),
        inputs.join("space d.txt"),
    ];
    for path in &odd {
        fs::write(path, &report).expect("write");
    }
    let missing = inputs.join("gone.txt");
    let mut list = Vec::new();
    for path in odd.iter().chain([&missing]) {
        list.extend_from_slice(path.as_os_str().as_bytes());
        list.push(0);
    }
    let out = dir.path().join("out");
    let mut child = nianbao()
        .args(["convert", "--files-from", "-", "-0", "-o"])
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("runs");
    child.stdin.take().expect("stdin").write_all(&list).expect("list");
    assert_eq!(child.wait().expect("exit").code(), Some(1));
    let mut rows = summary(&out);
    rows.sort();
    let statuses: Vec<(&str, &str)> = rows.iter().map(|(n, s, _)| (n.as_str(), s.as_str())).collect();
    assert_eq!(
        statuses,
        [
            ("bytes-\\xff.txt", "ok"),
            ("gone.txt", "failed"),
            ("new\\nline.txt", "ok"),
            ("space d.txt", "ok"),
            ("with\\ttab.txt", "ok")
        ]
    );

    // One path a line, CRLF endings tolerated, blank lines skipped.
    let list_file = dir.path().join("list.txt");
    fs::write(&list_file, format!("{}\r\n\n{}\n", odd[3].display(), missing.display())).expect("list");
    let run = nianbao()
        .args(["convert", "--files-from"])
        .arg(&list_file)
        .arg("-o")
        .arg(dir.path().join("out2"))
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(1));
    let mut rows = summary(&dir.path().join("out2"));
    rows.sort();
    assert_eq!(
        rows.iter().map(|(n, s, _)| (n.as_str(), s.as_str())).collect::<Vec<_>>(),
        [("gone.txt", "failed"), ("space d.txt", "ok")]
    );

    let no_list = nianbao()
        .args(["convert", "--files-from", "nosuch.list", "-o"])
        .arg(dir.path().join("out3"))
        .output()
        .expect("runs");
    assert_eq!(no_list.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&no_list.stderr),
        "nianbao: cannot read the list nosuch.list: No such file or directory (os error 2)\n"
    );
}

/// `--shard K/N`: the parts are disjoint, together they are the whole set, and each document
/// comes out of its part as it does out of one run.
#[test]
fn shards_split_a_batch_into_disjoint_parts() {
    let dir = tempfile::tempdir().expect("tmp");
    let inputs = ["testdata/docx", "testdata/html", "testdata/seeds"];
    let run = |args: &[&str], out: &str| {
        let status = nianbao()
            .arg("convert")
            .args(args)
            .args(inputs)
            .arg("-o")
            .arg(dir.path().join(out))
            .status()
            .expect("runs");
        assert_eq!(status.code(), Some(0));
        let rows = |file: &str| -> Vec<String> {
            let text = fs::read_to_string(dir.path().join(out).join(file)).expect("written");
            text.lines().skip(1).map(str::to_string).collect()
        };
        (summary(&dir.path().join(out)), rows("dataset.tsv"))
    };
    let (all, all_dataset) = run(&[], "all");
    let mut parts = Vec::new();
    let mut dataset = Vec::new();
    for k in 0..3 {
        let (part, rows) = run(&["--shard", &format!("{k}/3")], &format!("part{k}"));
        assert!(!part.is_empty() && part.len() < all.len(), "part {k}: {} of {}", part.len(), all.len());
        parts.extend(part);
        dataset.extend(rows);
    }
    let names = |rows: &[(String, String, String)]| {
        let mut names: Vec<(String, String)> = rows.iter().map(|(n, s, _)| (n.clone(), s.clone())).collect();
        names.sort();
        names
    };
    assert_eq!(names(&parts), names(&all));
    let (mut dataset, mut all_dataset) = (dataset, all_dataset);
    dataset.sort();
    all_dataset.sort();
    assert_eq!(dataset, all_dataset);
    let bad = nianbao()
        .args(["convert", "--shard", "0/2", "testdata/seeds/001_df13baae5befcdaa.txt"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&bad.stderr), "nianbao: --shard needs an output folder: add -o OUT\n");
}

/// `--format csv`: the stream's rows as RFC 4180 CSV; `--bom` puts a UTF-8 byte order mark first.
#[test]
fn one_file_as_csv_with_a_bom() {
    let seed = "testdata/seeds/002_a6189a0def67fc3b.txt";
    let tsv = nianbao().args(["convert", seed]).output().expect("runs").stdout;
    let csv = nianbao().args(["convert", "--format", "csv", "--bom", seed]).output().expect("runs").stdout;
    assert!(csv.starts_with("\u{FEFF}section,kind,text\r\n".as_bytes()));
    let tsv = String::from_utf8_lossy(&tsv).into_owned();
    let csv = String::from_utf8_lossy(&csv[3..]).into_owned();
    assert_eq!(tsv.lines().count(), csv.lines().count());
    let with_comma = tsv.lines().find(|l| l.contains(',')).expect("a field with a comma");
    let fields: Vec<&str> = with_comma.split('\t').collect();
    let expected = format!("{},{},\"{}\"", fields[0], fields[1], fields[2]);
    assert!(csv.lines().any(|l| l == expected), "{expected}");
    let row = tsv.lines().find(|l| l.starts_with("3\trow\tt3\t一、")).expect("a t3 row");
    assert!(csv.lines().any(|l| l == row.replace('\t', ",")), "{row}");
}

#[test]
fn tables_and_pages_choose_what_one_file_writes() {
    let run = |args: &[&str]| nianbao().arg("convert").args(args).output().expect("runs");
    let out = run(&["testdata/pdf/wps-2021.pdf", "--tables", "t4"]);
    assert_eq!(out.status.code(), Some(0));
    let stream = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = stream.lines().collect();
    assert_eq!(lines[..2], ["section\tkind\ttext", "3\ttable\tt4"]);
    assert_eq!(lines.len(), 6, "t4's four rows and nothing else:\n{stream}");
    assert_eq!(lines[5], "3\trow\tt4\t1\t0\t2\t1\t4\t2\t1\t2\t1\t6\t3\t2\t2\t1\t8");

    let out = run(&["testdata/pdf/wps-2021.pdf", "--tables", "t2,t4", "--format", "jsonl"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = json["tables"].as_array().expect("tables").iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, ["t2", "t4"]);
    let values = json["values"].as_array().expect("values");
    assert!(values.iter().all(|v| v["key"].as_str().is_some_and(|k| k.starts_with("t2.") || k.starts_with("t4."))));
    assert_eq!(values.len(), 10 + 15, "every key of the 2021 t2 and t4");
    let checks: Vec<&str> =
        json["checks"].as_array().expect("checks").iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(checks, ["t4.review", "t4.suit_direct", "t4.suit_after_review"]);

    // Page 1 holds the opening sections and the start of t2 and t3, not t4.
    let out = run(&["testdata/pdf/wps-2021.pdf", "--pages", "1"]);
    let stream = String::from_utf8(out.stdout).expect("utf-8");
    let tables: Vec<&str> = stream.lines().filter(|l| l.split('\t').nth(1) == Some("table")).collect();
    assert_eq!(tables, ["2\ttable\tt2", "3\ttable\tt3"]);
    assert!(stream.contains("1\theading\t一、总体情况\n"));

    let refused = [
        (
            vec!["testdata/pdf/wps-2021.pdf", "--tables", "t9"],
            "nianbao: testdata/pdf/wps-2021.pdf: --tables: no table t9 in this document (it has t2, t3, t4)\n",
        ),
        (
            vec!["testdata/docx/report-2021.docx", "--pages", "2"],
            "nianbao: testdata/docx/report-2021.docx: --pages: a DOCX document has no pages\n",
        ),
        (vec!["testdata/pdf/wps-2021.pdf", "--pages", "9-12"], "nianbao: testdata/pdf/wps-2021.pdf: --pages: the document has 2 pages\n"),
        (
            vec!["testdata/pdf/wps-2021.pdf", "--tables", ","],
            "nianbao: testdata/pdf/wps-2021.pdf: --tables: name at least one table: t2, t3, t4 or table-N\n",
        ),
        (
            vec!["testdata/docx", "-o", "/nonexistent/x", "--tables", "t3"],
            "nianbao: --pages and --tables choose what one file writes to stdout; a batch writes every page and table\n",
        ),
    ];
    for (args, message) in refused {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), message);
        assert!(out.stdout.is_empty());
    }
    let out = run(&["testdata/pdf/wps-2021.pdf", "--pages", "3-1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`3-1` ends before it begins"));
}

#[test]
fn a_batch_adds_csv_or_json_lines_beside_its_tsvs() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    let inputs =
        ["testdata/docx/report-2021.docx", "testdata/broken/password-protected.pdf", "testdata/html/page-2021.html"];
    let run = |extra: &[&str]| {
        nianbao().arg("convert").args(inputs).arg("-o").arg(&out).arg("-q").args(extra).output().expect("runs")
    };

    assert_eq!(run(&["--format", "jsonl"]).status.code(), Some(1), "the locked PDF fails");
    let jsonl = fs::read_to_string(out.join("reports.jsonl")).expect("reports.jsonl");
    let lines: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let got: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["source"].as_str().unwrap_or(""),
                l["status"].as_str().unwrap_or(""),
                l["template"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("testdata/broken/password-protected.pdf", "failed", ""),
            ("testdata/docx/report-2021.docx", "ok", "2021"),
            ("testdata/html/page-2021.html", "ok", "2021"),
        ]
    );
    assert_eq!(
        lines[0]["message"],
        "testdata/broken/password-protected.pdf: password-protected PDF: it does not open without a password (give it with --password)"
    );
    // The line is the document's report.json, after its status.
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("report-2021/report.json")).expect("json")).expect("json");
    let mut line = lines[1].clone();
    if let Some(fields) = line.as_object_mut() {
        fields.remove("status");
        fields.remove("message");
    }
    assert_eq!(line, report);

    assert_eq!(run(&["--format", "csv", "--bom"]).status.code(), Some(1));
    assert!(!out.join("reports.jsonl").exists(), "another format's file of an earlier run is removed");
    let csv = fs::read_to_string(out.join("summary.csv")).expect("summary.csv");
    assert!(csv.starts_with(
        "\u{FEFF}source,status,format,pages,tables,checks_failed,seconds,message,folder,sha256,version\r\n"
    ));
    assert_eq!(csv.lines().count(), 4);
    let dataset = fs::read_to_string(out.join("dataset.csv")).expect("dataset.csv");
    let tsv = fs::read_to_string(out.join("dataset.tsv")).expect("dataset.tsv");
    assert_eq!(dataset.trim_start_matches('\u{FEFF}').replace(',', "\t").replace("\r\n", "\n"), tsv);

    let refused = [
        (vec!["--format", "json"], "nianbao: --format json is one document's pretty object; a batch writes reports.jsonl with --format jsonl\n"),
        (vec!["--bom"], "nianbao: --bom marks CSV files for Excel: add --format csv\n"),
        (
            vec!["--format", "jsonl", "--write", "values"],
            "nianbao: --format jsonl makes reports.jsonl from each document's report.json: add json to --write\n",
        ),
    ];
    for (args, message) in refused {
        let got = run(&args);
        assert_eq!(got.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&got.stderr), message);
    }
}
