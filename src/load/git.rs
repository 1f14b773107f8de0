//! Records at a git revision, read straight from the object database with
//! `git ls-tree` and `git cat-file --batch`: never a checkout, never the
//! index or the working tree. The blobs are written into a private
//! temporary folder that is removed when the snapshot is dropped, so that
//! the one loader serves files on disk and revisions alike.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The records directory as it was at one revision.
#[derive(Debug)]
pub struct Snapshot {
    /// The temporary folder; removed on drop.
    base: PathBuf,
    /// The records directory inside it.
    pub root: PathBuf,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim().to_string()
}

/// The top of the repository holding `dir`, and `dir` relative to it.
pub fn locate(dir: &Path) -> Result<(PathBuf, PathBuf), String> {
    let top = PathBuf::from(text(git(dir, &["rev-parse", "--show-toplevel"])?));
    let real_top = top.canonicalize().map_err(|e| e.to_string())?;
    let real_dir = dir.canonicalize().map_err(|e| e.to_string())?;
    let prefix = real_dir.strip_prefix(&real_top).map_err(|_| "the records directory is outside the repository")?;
    Ok((real_top, prefix.to_path_buf()))
}

/// The merge base of HEAD with the default branch (origin's HEAD, else
/// `main`, else `master`).
pub fn default_base(dir: &Path) -> Result<String, String> {
    let candidates = ["origin/HEAD", "origin/main", "main", "origin/master", "master"];
    let branch = candidates
        .iter()
        .find(|b| git(dir, &["rev-parse", "--verify", "--quiet", &format!("{b}^{{commit}}")]).is_ok())
        .ok_or("no default branch (main or master) to compare with; name a BASE revision")?;
    Ok(text(git(dir, &["merge-base", "HEAD", branch])?))
}

/// The records directory `dir` as it was at `rev`.
pub fn snapshot(dir: &Path, rev: &str) -> Result<Snapshot, String> {
    let (top, prefix) = locate(dir)?;
    let commit = text(git(&top, &["rev-parse", "--verify", &format!("{rev}^{{commit}}")])?);
    let spec = if prefix.as_os_str().is_empty() { ".".to_string() } else { prefix.to_string_lossy().into_owned() };
    let listing = git(&top, &["ls-tree", "-r", "-z", "--full-tree", &commit, "--", &spec])?;
    let mut blobs = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut parts = meta.split(' ');
        let (mode, kind, sha) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        // Regular files only: links and submodules are not records.
        if kind == "blob" && mode != "120000" {
            blobs.push((sha.to_string(), path.to_string()));
        }
    }
    let base =
        std::env::temp_dir().join(format!("itsm-diff-{}-{}", std::process::id(), &commit[..12.min(commit.len())]));
    let _ = std::fs::remove_dir_all(&base);
    let snapshot = Snapshot { root: base.join(&prefix), base: base.clone() };
    std::fs::create_dir_all(&snapshot.root).map_err(|e| e.to_string())?;
    let mut child = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    let shas: Vec<String> = blobs.iter().map(|(sha, _)| sha.clone()).collect();
    let feeder = std::thread::spawn(move || {
        for sha in shas {
            if writeln!(stdin, "{sha}").is_err() {
                break;
            }
        }
    });
    let mut reader = BufReader::new(child.stdout.take().ok_or("git cat-file has no output")?);
    for (_, path) in &blobs {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(|e| e.to_string())?;
        let size: usize =
            header.split_whitespace().nth(2).and_then(|s| s.parse().ok()).ok_or("git cat-file answered oddly")?;
        let mut content = vec![0; size];
        reader.read_exact(&mut content).map_err(|e| e.to_string())?;
        let mut newline = [0u8; 1];
        reader.read_exact(&mut newline).map_err(|e| e.to_string())?;
        let target = base.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&target, content).map_err(|e| e.to_string())?;
    }
    let _ = feeder.join();
    let _ = child.wait();
    Ok(snapshot)
}
