//! Legacy Word and WPS files (`.doc`, `.wps`, OLE2): converted to DOCX by LibreOffice when it
//! is installed, in a temporary folder, then read as DOCX.

use std::path::Path;
use std::process::{Command, Stdio};
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

/// Converts a legacy file to DOCX bytes, or says why it could not.
pub fn to_docx(path: &Path, limit: Duration) -> Result<Vec<u8>, ErrorKind> {
    let Some(office) = office() else { return Err(ErrorKind::LegacyWord) };
    let dir =
        std::env::temp_dir().join(format!("nianbao-legacy-{}-{:?}", std::process::id(), std::thread::current().id()));
    std::fs::create_dir_all(&dir).map_err(|e| ErrorKind::Io(e.to_string()))?;
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let mut child = Command::new(office)
        .args([profile.as_str(), "--headless", "--convert-to", "docx", "--outdir"])
        .arg(&dir)
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| ErrorKind::Io(format!("cannot run {office}: {e}")))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(ErrorKind::Timeout(limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => break Err(ErrorKind::Io(e.to_string())),
        }
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let result = status.and_then(|status| {
        std::fs::read(dir.join(format!("{stem}.docx"))).map_err(|_| {
            let why = match status.code() {
                Some(0) => "it wrote no document".to_string(),
                Some(code) => format!("it exited with status {code}"),
                None => "it was stopped by a signal".to_string(),
            };
            ErrorKind::Damaged(format!("LibreOffice could not convert this legacy file: {why}"))
        })
    });
    let _ = std::fs::remove_dir_all(&dir);
    result
}
