//! No command writes inside the records directory unless asked to: every
//! read-only command runs on a copy of the example estate, and the copy's
//! tree (paths, bytes and modification times) is the same afterwards.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Every command that only reads, with its arguments. A new read-only
/// command belongs here.
const COMMANDS: &[&[&str]] = &[
    &["validate"],
    &["validate", "--format", "json"],
    &["catalog", "list", "--lifecycle", "all"],
    &["catalog", "show", "patient-portal"],
    &["sla", "check", "--period", "2026-10"],
    &["availability"],
    &["supplier", "review"],
    &["satisfaction", "report"],
    &["dimensions", "report"],
    &["continuity", "plan", "--scenario", "site:fra-dc1"],
    &["security", "report"],
    &["cost", "report"],
    &["portfolio", "review"],
    &["demand", "forecast"],
    &["capacity", "report"],
    &["graph"],
    &["schema"],
    &["completions", "bash"],
    &["man"],
];

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every path under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let meta = std::fs::metadata(&folder).expect("folder metadata");
        all.insert(folder.clone(), (Vec::new(), meta.modified().expect("mtime")));
        for entry in std::fs::read_dir(&folder).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let meta = std::fs::metadata(&path).expect("metadata");
                all.insert(path.clone(), (std::fs::read(&path).expect("read"), meta.modified().expect("mtime")));
            }
        }
    }
    all
}

#[test]
fn read_only_commands_leave_the_records_untouched() {
    let dir = std::env::temp_dir().join(format!("itsm-no-writes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(Path::new("examples/northwind"), &dir);
    let before = snapshot(&dir);
    for args in COMMANDS {
        // Run from inside the records directory too, where a careless
        // relative path would land.
        let out = Command::new(env!("CARGO_BIN_EXE_itsm"))
            .current_dir(&dir)
            .args(["--as-of", "2026-11-22"])
            .args(*args)
            .output()
            .expect("itsm runs");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(snapshot(&dir), before, "`itsm {}` changed the records directory", args.join(" "));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
