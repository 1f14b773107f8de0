//! `continuity plan --out FILE`: writes the plan, refuses to overwrite
//! without `--force`, and leaves no temporary file behind.

use std::path::PathBuf;
use std::process::Command;

fn itsm(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_itsm"))
        .args(["--dir", "examples/northwind", "--as-of", "2026-11-22", "continuity", "plan"])
        .args(args)
        .output()
        .expect("itsm runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("itsm-out-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

#[test]
fn writes_refuses_to_overwrite_and_forces() {
    let dir = scratch("plan");
    let file = dir.join("plan.md");
    let path = file.to_str().expect("utf-8 path");
    let args = ["--scenario", "site:fra-dc1", "--format", "markdown", "--out", path];

    let first = itsm(&args);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(first.stdout.is_empty(), "nothing on stdout when writing a file");
    let written = std::fs::read_to_string(&file).expect("plan written");
    let printed = itsm(&["--scenario", "site:fra-dc1", "--format", "markdown"]);
    assert_eq!(written.as_bytes(), printed.stdout.as_slice(), "the file holds what stdout would");

    std::fs::write(&file, "mine").expect("overwrite by hand");
    let refused = itsm(&args);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), "mine", "nothing written without --force");

    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(itsm(&forced).status.success());
    assert_eq!(std::fs::read_to_string(&file).expect("rewritten"), written);

    let leftovers: Vec<_> =
        std::fs::read_dir(&dir).expect("list").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("plan.md")], "no temporary file is left");
    let _ = std::fs::remove_dir_all(&dir);
}
