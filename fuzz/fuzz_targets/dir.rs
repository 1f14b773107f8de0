//! A whole records directory, through load, validate and rendering.
//!
//! The input is a text archive: each file is a section that opens with a
//! line `@@ <path>`, and its contents are the bytes up to the next such
//! line, less the one newline that ends the section (so `fuzz/seed.sh`
//! packs a folder with `printf '@@ %s\n' "$f"; cat "$f"; printf '\n'`).
//! Bytes before the first `@@ ` line are ignored.
//!
//! A path is taken only if it is plain: UTF-8, relative, at most
//! `MAX_DEPTH` names separated by `/`, each name non-empty, not `.` or
//! `..`, without NUL or `\`, and at most `MAX_NAME` bytes long. Other
//! sections are skipped, and so is every section after the first
//! `MAX_FILES` taken. A section that cannot be written (a name that is
//! both a file and a folder) is skipped too. The files are written into a
//! folder emptied for each input, then checked as `common::check` does.
#![no_main]

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const MAX_FILES: usize = 32;
const MAX_DEPTH: usize = 3;
const MAX_NAME: usize = 64;

/// The folder this process writes each input into.
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        common::remove_stale_folders();
        std::env::temp_dir().join(format!("itsm-fuzz-dir-{}", std::process::id()))
    })
}

/// The relative path `raw` names, if it is plain.
fn plain(raw: &[u8]) -> Option<PathBuf> {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let text = std::str::from_utf8(raw).ok()?;
    let names: Vec<&str> = text.split('/').collect();
    if names.len() > MAX_DEPTH {
        return None;
    }
    let mut path = PathBuf::new();
    for name in names {
        let bad =
            name.is_empty() || name == "." || name == ".." || name.len() > MAX_NAME || name.contains(['\0', '\\']);
        if bad {
            return None;
        }
        path.push(name);
    }
    Some(path)
}

/// The (path, contents) sections of `data`, plain paths only, at most
/// `MAX_FILES` of them.
fn sections(data: &[u8]) -> Vec<(PathBuf, &[u8])> {
    // Where each header line starts, and where its line ends.
    let mut headers = Vec::new();
    let mut start = 0;
    while start < data.len() {
        let end = data[start..].iter().position(|&b| b == b'\n').map_or(data.len(), |n| start + n);
        if data[start..end].starts_with(b"@@ ") {
            headers.push((start, end));
        }
        start = end + 1;
    }
    let mut out = Vec::new();
    for (i, &(start, end)) in headers.iter().enumerate() {
        let body_start = (end + 1).min(data.len());
        let body_end = headers.get(i + 1).map_or(data.len(), |&(next, _)| next);
        let body = &data[body_start..body_end];
        let body = body.strip_suffix(b"\n").unwrap_or(body);
        if let Some(path) = plain(&data[start + 3..end]) {
            out.push((path, body));
            if out.len() == MAX_FILES {
                break;
            }
        }
    }
    out
}

fn write(root: &Path, path: &Path, body: &[u8]) -> std::io::Result<()> {
    let path = root.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, body)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let root = folder();
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).expect("fuzz folder");
    for (path, body) in sections(data) {
        let _ = write(root, &path, body);
    }
    common::check(root);
});
