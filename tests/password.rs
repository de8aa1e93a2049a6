//! Password-protected PDFs: opened with the user or the owner password given (AES-256 of
//! revision 6, RC4-128 of revision 4), told apart when no password or a wrong one was given,
//! from the library and from the command line; the password is never written anywhere.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use nianbao::{ErrorKind, ReadOptions};

/// The 河川乡 report encrypted by testdata/broken/make.sh: (file, user password, owner password).
const AES256: (&str, &str, &str) = ("testdata/broken/hechuan-2019-aes256.pdf", "年报-2019", "owner-256");
const RC4: (&str, &str, &str) = ("testdata/broken/hechuan-2019-rc4.pdf", "user-128", "owner-128");

const NEEDS_PASSWORD: &str = "password-protected PDF: it does not open without a password (give it with --password)";
const WRONG_PASSWORD: &str = "password-protected PDF: the password given does not open it";

fn nianbao() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn golden(file: &str) -> String {
    fs::read_to_string(format!("testdata/golden/hechuan-2019/{file}")).expect("golden")
}

#[test]
fn a_pdf_opens_with_its_user_or_its_owner_password() {
    for (file, user, owner) in [AES256, RC4] {
        let bytes = fs::read(file).expect("fixture");
        for password in [user, owner] {
            let report = nianbao::convert_bytes_with(&bytes, &ReadOptions::with_password(password))
                .unwrap_or_else(|e| panic!("{file} with {password}: {e}"));
            assert_eq!((report.title.org.as_str(), report.title.year), ("原州区河川乡", Some(2020)), "{file}");
            assert_eq!(report.pages, Some(2));
            let value = |key: &str| report.value(key).map(|v| (v.raw.clone(), v.row_label.clone()));
            assert_eq!(value("t2.rules.created"), Some(("1".into(), "规章".into())), "{file}");
            assert_eq!(value("t3.new.total"), Some(("468".into(), "一、本年新收政府信息公开申请数量".into())));
            assert_eq!(value("t3.denied.enforcement.total").map(|v| v.0), Some("30".into()));
            // Every value as the unencrypted PDF gives it.
            assert_eq!(nianbao::write::values_tsv(&report), golden("values.tsv"), "{file} with {password}");
            assert_eq!(report.status(), (nianbao::Status::Ok, String::new()));
        }
    }
}

#[test]
fn the_text_of_a_decrypted_pdf_is_its_own() {
    let (file, user, _) = RC4;
    let (pages, _, _) =
        nianbao::read::pdf::read_pages_with(&fs::read(file).expect("fixture"), &ReadOptions::with_password(user))
            .expect("read");
    let text = nianbao::read::pdf::page_text(&pages[0]);
    assert_eq!(
        text.lines().take(2).collect::<Vec<_>>(),
        ["原州区河川乡2020年政府信息公开工作年度报告", "一、总体情况"]
    );
    let plain =
        nianbao::read::pdf::read_pages(&fs::read("testdata/pdf/hechuan-2019.pdf").expect("fixture")).expect("read").0;
    assert_eq!(text, nianbao::read::pdf::page_text(&plain[0]));
}

#[test]
fn no_password_and_a_wrong_one_are_told_apart() {
    for (file, user, _) in [AES256, RC4] {
        let bytes = fs::read(file).expect("fixture");
        let none = nianbao::convert_bytes(&bytes).map(|_| ()).unwrap_err();
        assert_eq!((none.clone(), none.to_string().as_str()), (ErrorKind::Encrypted, NEEDS_PASSWORD), "{file}");
        // Another file's password, then the right one short of its last character.
        for wrong in ["owner-secret", &user[..user.len() - 1]] {
            let err = nianbao::convert_bytes_with(&bytes, &ReadOptions::with_password(wrong)).map(|_| ()).unwrap_err();
            assert_eq!((err.clone(), err.to_string().as_str()), (ErrorKind::WrongPassword, WRONG_PASSWORD), "{file}");
        }
        let empty = nianbao::convert_bytes_with(&bytes, &ReadOptions::with_password("")).map(|_| ()).unwrap_err();
        assert_eq!(empty, ErrorKind::WrongPassword, "an empty password given is a wrong one");
    }
    let path = Path::new(AES256.0);
    let err = nianbao::convert_file_with(path, None, &ReadOptions::with_password("wrong")).map(|_| ()).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: {WRONG_PASSWORD}", AES256.0));
}

#[test]
fn a_password_changes_nothing_where_none_is_needed() {
    let options = ReadOptions::with_password("owner-secret-not");
    // The empty user password is tried first, whatever is given.
    let bytes = fs::read("testdata/broken/empty-user-password.pdf").expect("fixture");
    let (pages, _, _) = nianbao::read::pdf::read_pages_with(&bytes, &options).expect("read");
    assert_eq!(nianbao::read::pdf::page_text(&pages[0]), "一、总体情况：主动公开政府信息 1234 条。");
    for file in ["testdata/pdf/hechuan-2019.pdf", "testdata/docx/report-2021.docx"] {
        let plain = nianbao::convert_file(Path::new(file)).expect("convert");
        let with = nianbao::convert_file_with(Path::new(file), None, &options).expect("convert");
        assert_eq!(nianbao::write::stream(&with), nianbao::write::stream(&plain), "{file}");
    }
}

#[test]
fn convert_with_a_password_prints_the_stream_of_the_plain_pdf() {
    for (file, user, owner) in [AES256, RC4] {
        for password in [user, owner] {
            let run = nianbao().args(["convert", file, "--password", password]).output().expect("run");
            assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
            assert_eq!(String::from_utf8_lossy(&run.stdout), golden("stream.tsv"), "{file} with {password}");
            assert_eq!(stderr(&run), "");
        }
        let none = nianbao().args(["convert", file]).output().expect("run");
        assert_eq!((none.status.code(), stderr(&none)), (Some(1), format!("{file}: {NEEDS_PASSWORD}\n")));
        assert!(none.stdout.is_empty());
        let wrong = nianbao().args(["convert", file, "--password=not-it"]).output().expect("run");
        assert_eq!((wrong.status.code(), stderr(&wrong)), (Some(1), format!("{file}: {WRONG_PASSWORD}\n")));
        assert!(!stderr(&wrong).contains("not-it"));
    }
}

#[test]
fn the_password_file_gives_its_first_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let (file, user, _) = AES256;
    // A CRLF line ending and a second line, both left out.
    let secret = dir.path().join("secret");
    fs::write(&secret, format!("{user}\r\nnot the password\n")).expect("write");
    let run = nianbao().args(["convert", file, "--password-file"]).arg(&secret).output().expect("run");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(String::from_utf8_lossy(&run.stdout), golden("stream.tsv"));
    // No line ending at all.
    fs::write(&secret, RC4.1).expect("write");
    let run = nianbao().args(["convert", RC4.0, "--password-file"]).arg(&secret).output().expect("run");
    assert_eq!(String::from_utf8_lossy(&run.stdout), golden("stream.tsv"), "{}", stderr(&run));
    // A password with a space kept whole: not this file's, so it is a wrong one.
    fs::write(&secret, format!(" {user}\n")).expect("write");
    let run = nianbao().args(["convert", file, "--password-file"]).arg(&secret).output().expect("run");
    assert_eq!((run.status.code(), stderr(&run)), (Some(1), format!("{file}: {WRONG_PASSWORD}\n")));
}

#[test]
fn a_password_file_that_cannot_be_read_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let missing = dir.path().join("no-such-secret");
    let out = dir.path().join("out");
    let commands = [
        vec!["convert".into(), AES256.0.into(), "-o".into(), out.display().to_string()],
        vec!["text".into(), AES256.0.into()],
        vec!["inspect".into(), AES256.0.into(), "-o".into(), dir.path().join("p1.svg").display().to_string()],
    ];
    for command in commands {
        let run = nianbao().args(&command).arg("--password-file").arg(&missing).output().expect("run");
        assert_eq!(
            (run.status.code(), stderr(&run)),
            (Some(2), format!("nianbao: cannot read the password file {}: no such file\n", missing.display())),
            "{command:?}"
        );
        assert!(run.stdout.is_empty());
    }
    assert!(!dir.path().join("p1.svg").exists());
    assert!(!out.exists(), "nothing is written before the password is read");
    let binary = dir.path().join("binary");
    fs::write(&binary, [0xff, 0xfe, b'\n']).expect("write");
    let run = nianbao().args(["convert", AES256.0, "--password-file"]).arg(&binary).output().expect("run");
    assert_eq!(
        (run.status.code(), stderr(&run)),
        (
            Some(2),
            format!("nianbao: cannot read the password file {}: its first line is not UTF-8 text\n", binary.display())
        )
    );
    let long = dir.path().join("long");
    fs::write(&long, "x".repeat(70_000)).expect("write");
    let run = nianbao().args(["convert", AES256.0, "--password-file"]).arg(&long).output().expect("run");
    assert_eq!(
        (run.status.code(), stderr(&run)),
        (
            Some(2),
            format!(
                "nianbao: cannot read the password file {}: its first line is over 64 KiB: not a password\n",
                long.display()
            )
        )
    );
    // A password that begins with a hyphen is a password, not an option.
    let run = nianbao().args(["convert", AES256.0, "--password", "-not-an-option"]).output().expect("run");
    assert_eq!(
        (run.status.code(), stderr(&run)),
        (Some(1), format!("{}: password-protected PDF: the password given does not open it\n", AES256.0))
    );
    let both =
        nianbao().args(["convert", AES256.0, "--password", "x", "--password-file"]).arg(&binary).output().expect("run");
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("'--password <PASSWORD>' cannot be used with '--password-file <FILE>'"));
}

#[test]
fn text_and_inspect_take_the_password() {
    let dir = tempfile::tempdir().expect("tmp");
    let (file, user, owner) = RC4;
    let text = nianbao().args(["text", file, "--password", user]).output().expect("run");
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let plain = nianbao().args(["text", "testdata/pdf/hechuan-2019.pdf"]).output().expect("run");
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("原州区河川乡2020年政府信息公开工作年度报告\n"));
    assert_eq!(text.stdout, plain.stdout);
    let locked = nianbao().args(["text", file]).output().expect("run");
    assert_eq!((locked.status.code(), stderr(&locked)), (Some(1), format!("{file}: {NEEDS_PASSWORD}\n")));

    let svg = dir.path().join("p1.svg");
    let secret = dir.path().join("secret");
    fs::write(&secret, format!("{owner}\n")).expect("write");
    let run = nianbao()
        .args(["inspect", file, "--page", "1", "-o"])
        .arg(&svg)
        .arg("--password-file")
        .arg(&secret)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let drawn = fs::read_to_string(&svg).expect("svg");
    assert!(drawn.starts_with("<svg"), "{drawn}");
    assert!(drawn.contains(">table 1: "), "the page's table is outlined");
    let wrong = nianbao().args(["inspect", file, "--password", "x", "-o"]).arg(dir.path().join("x.svg")).output();
    let wrong = wrong.expect("run");
    assert_eq!((wrong.status.code(), stderr(&wrong)), (Some(1), format!("{file}: {WRONG_PASSWORD}\n")));
}

/// `summary.tsv` rows as (file name, status, message, folder).
fn summary(out: &Path) -> Vec<(String, String, String, String)> {
    let text = fs::read_to_string(out.join("summary.tsv")).expect("summary.tsv");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let name = Path::new(f[0]).file_name().expect("name").to_string_lossy().into_owned();
            (name, f[1].to_string(), f[7].to_string(), f[8].to_string())
        })
        .collect()
}

/// Every file under `dir`, with its bytes.
fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        for entry in fs::read_dir(&at).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path).expect("read");
                found.push((path, bytes));
            }
        }
    }
    found
}

/// A batch whose PDF failed for want of its password converts it when rerun with the password,
/// and a rerun without it reuses the folder so made; the password is written nowhere.
#[test]
fn a_rerun_with_the_password_converts_what_failed_without_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).expect("mkdir");
    fs::copy(AES256.0, inputs.join("locked.pdf")).expect("copy");
    fs::copy("testdata/html/page-2021.html", inputs.join("page.html")).expect("copy");
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        nianbao().arg("convert").arg(&inputs).arg("-o").arg(&out).arg("-v").args(extra).output().expect("run")
    };
    let locked = inputs.join("locked.pdf").display().to_string();

    let first = run(&[]);
    assert_eq!(first.status.code(), Some(1));
    assert_eq!(
        summary(&out),
        [
            ("locked.pdf".into(), "failed".into(), format!("{locked}: {NEEDS_PASSWORD}"), String::new()),
            ("page.html".into(), "ok".into(), String::new(), "page".into()),
        ]
    );
    assert!(!out.join("locked").exists());

    let second = run(&["--password", AES256.1]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(
        summary(&out),
        [
            ("locked.pdf".into(), "ok".into(), String::new(), "locked".into()),
            ("page.html".into(), "ok".into(), String::new(), "page".into()),
        ]
    );
    assert_eq!(fs::read_to_string(out.join("locked/values.tsv")).expect("values"), golden("values.tsv"));
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("locked/report.json")).expect("json")).expect("json");
    assert_eq!((report["org"].as_str(), report["year"].as_u64()), (Some("原州区河川乡"), Some(2020)));
    let written = fs::read(out.join("locked/values.tsv")).expect("values");

    // Reused: the same bytes and version, whatever password made the folder.
    let third = run(&[]);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert_eq!(summary(&out)[0], ("locked.pdf".into(), "ok".into(), String::new(), "locked".into()));
    assert_eq!(fs::read(out.join("locked/values.tsv")).expect("values"), written);

    // A wrong password on a forced rerun fails the PDF with its own message.
    let wrong = run(&["--force", "--password", "owner-secret"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(summary(&out)[0].2, format!("{locked}: {WRONG_PASSWORD}"));
    assert!(stderr(&wrong).contains(&format!("failed: {locked}: {WRONG_PASSWORD}\n")), "{}", stderr(&wrong));

    for (path, bytes) in files_under(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(AES256.1) && !text.contains("owner-secret"), "{} holds the password", path.display());
    }
    for said in [&first, &second, &third, &wrong] {
        let text = format!("{}{}", stderr(said), String::from_utf8_lossy(&said.stdout));
        assert!(!text.contains(AES256.1) && !text.contains("owner-secret"), "{text}");
    }
}

/// A Chinese password of an RC4 or AES-128 file is its bytes in UTF-8 or in GBK: both open with
/// the password typed as text, and a part of it opens neither.
#[test]
fn a_chinese_password_opens_the_bytes_other_programs_wrote_for_it() {
    for file in ["testdata/broken/hechuan-2019-rc4-utf8.pdf", "testdata/broken/hechuan-2019-aes128-gbk.pdf"] {
        let bytes = fs::read(file).expect("fixture");
        let report = nianbao::convert_bytes_with(&bytes, &ReadOptions::with_password("年报")).expect(file);
        assert_eq!(nianbao::write::values_tsv(&report), golden("values.tsv"), "{file}");
        let wrong = nianbao::convert_bytes_with(&bytes, &ReadOptions::with_password("年")).map(|_| ()).unwrap_err();
        assert_eq!(wrong, ErrorKind::WrongPassword, "{file}");
    }
}
