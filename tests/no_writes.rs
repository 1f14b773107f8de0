//! No command writes inside the records directory unless asked to: every
//! read-only command runs on a copy of the example estate, and the copy's
//! tree (paths, bytes and modification times) is the same afterwards. For
//! `diff` the copy is a git repository, and its `.git` counts too.

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

/// Runs each command in `dir` and checks that nothing under it changed.
fn run_all(dir: &Path, commands: &[&[&str]]) {
    let before = snapshot(dir);
    for args in commands {
        // Run from inside the records directory too, where a careless
        // relative path would land.
        let out = Command::new(env!("CARGO_BIN_EXE_itsm"))
            .current_dir(dir)
            .args(["--as-of", "2026-11-22"])
            .args(*args)
            .output()
            .expect("itsm runs");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(snapshot(dir), before, "`itsm {}` changed the records directory", args.join(" "));
    }
}

#[test]
fn read_only_commands_leave_the_records_untouched() {
    let dir = std::env::temp_dir().join(format!("itsm-no-writes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(Path::new("examples/northwind"), &dir);
    run_all(&dir, COMMANDS);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `diff` reads revisions from git's object database: neither the working
/// tree nor the repository changes.
#[test]
fn diff_leaves_the_records_and_the_repository_untouched() {
    let dir = std::env::temp_dir().join(format!("itsm-no-writes-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(Path::new("examples/northwind"), &dir);
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(&dir)
            .args(["-c", "user.name=itsm", "-c", "user.email=itsm@example.org", "-c", "init.defaultBranch=main"])
            .args(args)
            .output()
            .map(|out| out.status.success())
    };
    if !matches!(git(&["init", "-q"]), Ok(true)) {
        eprintln!("skipped: git is not available");
        return;
    }
    assert_eq!(git(&["add", "."]).ok(), Some(true));
    assert_eq!(git(&["commit", "-q", "-m", "records"]).ok(), Some(true));
    // A change in the working tree for `diff` to describe.
    let teams = dir.join("teams/teams.yaml");
    let text = std::fs::read_to_string(&teams).expect("teams");
    std::fs::write(&teams, format!("{text}\n---\nkind: team\nid: night-shift\nname: Night shift\n")).expect("write");
    run_all(
        &dir,
        &[&["diff", "HEAD"], &["diff", "HEAD", "HEAD", "--format", "json"], &["diff", "--format", "markdown"]],
    );
    let _ = std::fs::remove_dir_all(&dir);
}
