//! Files `itsm` writes when asked to (`--out`, `--plot`, `itsm init`).
//! Every write is atomic: the bytes go to a temporary file beside the
//! target, which is then moved into place, so a reader sees the old file
//! or the whole new one, never half of it.

use std::io::{self, Write};
use std::path::Path;

use tempfile::NamedTempFile;

/// Writes `bytes` to `target`, replacing a file already there.
pub fn replace(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let file = staged(target, bytes)?;
    file.persist(target).map_err(|err| err.error)?;
    Ok(())
}

/// Writes `bytes` to `target`, which must not exist; if it appears
/// meanwhile, it is left alone and the error is `AlreadyExists`.
pub fn create(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let file = staged(target, bytes)?;
    file.persist_noclobber(target).map_err(|err| err.error)?;
    Ok(())
}

/// A complete, synced temporary file in the target's folder (creating the
/// folder), so that the final move stays on one file system.
fn staged(target: &Path, bytes: &[u8]) -> io::Result<NamedTempFile> {
    let folder = target.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut file = tempfile::Builder::new().prefix(".itsm-").suffix(".tmp").tempfile_in(folder)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_overwrites_and_create_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/plan.md");
        create(&path, b"one").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        let err = create(&path, b"two").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        replace(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        // No temporary file is left behind.
        let names: Vec<_> =
            std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("plan.md")]);
    }
}
