//! Legacy Word and WPS files (`.doc`, `.wps`, OLE2): converted to DOCX by LibreOffice when it
//! is installed, in a private temporary folder, then read as DOCX.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::ErrorKind;

/// LibreOffice's command, if one is on the PATH.
pub fn office() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|cmd| {
        Command::new(cmd)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// How often a running conversion is polled for its end.
const POLL: Duration = Duration::from_millis(50);

/// Converts a legacy file's bytes to DOCX bytes, or says why it could not.
///
/// The bytes are copied into a fresh folder only this process can read (random name, mode
/// 0700), so nothing planted in advance can pass for the result, and LibreOffice gets its own
/// profile there. It runs in a process group of its own: on a time-out, and after it exits,
/// the whole group is killed, so no `soffice.bin` outlives the file.
pub fn to_docx(path: &Path, bytes: &[u8], limit: Duration) -> Result<Vec<u8>, ErrorKind> {
    let Some(office) = office() else { return Err(ErrorKind::LegacyWord) };
    let io = |e: std::io::Error| ErrorKind::Io(format!("temporary folder for LibreOffice: {e}"));
    let dir = tempfile::Builder::new().prefix("nianbao-legacy-").tempdir().map_err(io)?;
    let extension = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("wps") => "wps",
        _ => "doc",
    };
    let input = dir.path().join(format!("input.{extension}"));
    std::fs::write(&input, bytes).map_err(io)?;
    let out = dir.path().join("out");
    std::fs::create_dir(&out).map_err(io)?;
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let mut command = Command::new(office);
    command
        .args([profile.as_str(), "--headless", "--convert-to", "docx", "--outdir"])
        .arg(&out)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    new_process_group(&mut command);
    let mut child = command.spawn().map_err(|e| ErrorKind::Io(format!("cannot run {office}: {e}")))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() > limit => break Err(ErrorKind::Timeout(limit.as_secs())),
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => break Err(ErrorKind::Io(e.to_string())),
        }
    };
    kill_group(&mut child);
    let result = status.and_then(|status| {
        std::fs::read(out.join("input.docx")).map_err(|_| {
            let why = match status.code() {
                Some(0) => "it wrote no document".to_string(),
                Some(code) => format!("it exited with status {code}"),
                None => "it was stopped by a signal".to_string(),
            };
            ErrorKind::Damaged(format!("LibreOffice could not convert this legacy file: {why}"))
        })
    });
    drop(dir);
    result
}

#[cfg(unix)]
fn new_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn new_process_group(_: &mut Command) {}

/// Kills the conversion and every process it started, then reaps it.
fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the process group `pid` leads; the group
        // was created for this child alone by `process_group(0)`.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}
