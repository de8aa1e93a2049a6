//! Legacy Word files through LibreOffice, with a stand-in `soffice` on the PATH: the result is
//! read from the conversion's own private folder, and a conversion that overruns the time
//! limit is killed with every process it started, its folder removed.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Writes a stand-in `soffice` into `bin`: `--version` succeeds; a conversion runs `body`
/// with `$outdir` and `$input` set from its arguments, after recording them in `log`.
fn fake_office(bin: &Path, log: &Path, body: &str) {
    let script = format!(
        r#"#!/bin/sh
[ "$1" = "--version" ] && exit 0
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) outdir=$2; shift ;;
    -*) ;;
    *) input=$1 ;;
  esac
  shift
done
echo "$outdir" > {log}/outdir
echo "$input" > {log}/input
{body}
"#,
        log = log.display()
    );
    fs::create_dir_all(bin).expect("bin");
    let path = bin.join("soffice");
    fs::write(&path, script).expect("script");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn convert(bin: &Path, args: &[&str], cwd: &Path) -> Output {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(cwd)
        .env("PATH", path)
        .arg("convert")
        .args(args)
        .output()
        .expect("run nianbao")
}

fn is_running(pid: &str) -> bool {
    // A zombie has exited; only its parent's wait is missing.
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
}

#[test]
fn the_result_is_read_from_the_conversions_own_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let (bin, log) = (dir.path().join("bin"), dir.path().join("log"));
    fs::create_dir(&log).expect("log");
    let docx = fs::canonicalize("testdata/docx/report-2021.docx").expect("fixture");
    fake_office(&bin, &log, &format!("cp {} \"$outdir/input.docx\"", docx.display()));
    fs::write(dir.path().join("old report.doc"), OLE2).expect("doc");

    let out = convert(&bin, &["old report.doc", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = fs::read_to_string(dir.path().join("out/summary.tsv")).expect("summary");
    let row: Vec<&str> = summary.lines().nth(1).expect("row").split('\t').collect();
    assert_eq!(row[..3], ["old report.doc", "ok", "docx"]);

    let outdir = fs::read_to_string(log.join("outdir")).expect("outdir");
    let input = fs::read_to_string(log.join("input")).expect("input");
    let private = Path::new(outdir.trim()).parent().expect("conversion folder").to_path_buf();
    assert!(private.file_name().is_some_and(|n| n.to_string_lossy().starts_with("nianbao-legacy-")), "{outdir}");
    assert_eq!(Path::new(input.trim()), private.join("input.doc"), "a copy is converted, never the user's file");
    assert!(!private.exists(), "the conversion folder is removed");
}

#[test]
fn an_overrunning_conversion_is_killed_with_its_children() {
    let dir = tempfile::tempdir().expect("tmp");
    let (bin, log) = (dir.path().join("bin"), dir.path().join("log"));
    fs::create_dir(&log).expect("log");
    // Like soffice.bin, a child that would outlive the command that started it.
    let body = format!("sleep 300 &\necho $! > {log}/child\necho $$ > {log}/parent\nwait", log = log.display());
    fake_office(&bin, &log, &body);
    fs::write(dir.path().join("slow.doc"), OLE2).expect("doc");

    let started = Instant::now();
    let out = convert(&bin, &["slow.doc", "--timeout", "1"], dir.path());
    assert!(started.elapsed() < Duration::from_secs(30), "the limit holds");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "slow.doc: timed out after 1 s\n");
    for process in ["parent", "child"] {
        let pid = fs::read_to_string(log.join(process)).expect("pid");
        // SIGKILL is sent before the command returns, but a grandchild the kernel is still
        // ending can be seen running for a moment after.
        let ends = Instant::now() + Duration::from_secs(5);
        while is_running(pid.trim()) && Instant::now() < ends {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!is_running(pid.trim()), "the conversion's {process} process ({}) was killed", pid.trim());
    }
    let outdir = fs::read_to_string(log.join("outdir")).expect("outdir");
    assert!(!Path::new(outdir.trim()).parent().expect("folder").exists(), "the conversion folder is removed");
}
