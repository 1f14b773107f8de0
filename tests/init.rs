//! `itsm init`: writes a records directory that loads and validates with
//! no finding, never overwrites a file, and leaves no temporary file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use itsm::load::load;
use itsm::validate::{Options, validate};

fn itsm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_itsm")).args(args).output().expect("itsm runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("itsm-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every file under `dir`, relative, with its content.
fn contents(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walkable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            (name, std::fs::read_to_string(e.path()).expect("text"))
        })
        .collect()
}

#[test]
fn a_new_directory_validates_clean() {
    let dir = scratch("clean");
    let path = dir.to_str().expect("utf-8 path");
    let created = itsm(&["init", path]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));

    let loaded = load(&dir).expect("loads");
    assert!(loaded.diagnostics.is_empty(), "loader findings: {:?}", loaded.diagnostics);
    // The examples hold no date that turns into a warning as time passes.
    for as_of in ["2026-01-01", "2026-11-22", "2035-06-30"] {
        let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("a date");
        let findings = validate(&loaded.estate, &Options { as_of });
        assert!(findings.is_empty(), "findings as of {as_of}: {findings:?}");
    }
    // One record of every kind.
    let estate = &loaded.estate;
    let counts = [
        estate.services.len(),
        estate.slas.len(),
        estate.suppliers.len(),
        estate.components.len(),
        estate.teams.len(),
        estate.outages.len(),
        estate.incidents.len(),
        estate.demands.len(),
        estate.feedback.len(),
    ];
    assert!(counts.iter().all(|&n| n == 1), "{counts:?}");
    assert_eq!(estate.costs.len(), 2);
    assert_eq!(estate.series.len(), 1, "the demand series loads");

    let checked = itsm(&["--dir", path, "validate"]);
    assert_eq!(checked.status.code(), Some(0), "{}", String::from_utf8_lossy(&checked.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn never_overwrites_and_writes_nothing_when_a_file_exists() {
    let dir = scratch("again");
    let path = dir.to_str().expect("utf-8 path");
    assert!(itsm(&["init", path]).status.success());
    std::fs::write(dir.join("services/services.yaml"), "mine\n").expect("edit by hand");
    let before = contents(&dir);

    let again = itsm(&["init", path]);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("itsm.toml") && stderr.contains("wrote nothing"), "{stderr}");
    assert_eq!(contents(&dir), before, "nothing changed, no temporary file left");

    // One file in the way is enough to write none of the others.
    let partial = scratch("partial");
    std::fs::create_dir_all(partial.join("teams")).expect("folder");
    std::fs::write(partial.join("teams/teams.yaml"), "mine\n").expect("a file in the way");
    let refused = itsm(&["init", partial.to_str().expect("utf-8 path")]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("teams.yaml already exists"));
    assert_eq!(contents(&partial).into_keys().collect::<Vec<_>>(), ["teams/teams.yaml"]);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&partial);
}
