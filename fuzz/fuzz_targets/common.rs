//! One fuzz input becomes one records file in a private folder, which
//! goes through the whole pipeline a CI job runs: load, validate, locate
//! every finding and render it for a person and as JSON.

// Each target uses part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PROJECT: &str = "schema_version = 1\norganisation = \"Fuzz\"\ncurrency = \"EUR\"\ntimezone = \"Europe/Berlin\"\n\n[exchange_rates]\nUSD = \"0.92\"\n";

/// Records every input is checked against: a team, a service and a demand
/// record whose series file is the fuzz input for the CSV target.
const FRAME: &str = "kind: team\nid: ops\nname: Ops\n---\nkind: service\nid: portal\nname: Portal\nsummary: S\nowner: ops\nlifecycle: live\ntype: customer-facing\ncriticality: high\ncapacity: {limit: 100, unit: logins}\n---\nkind: demand\nid: logins\nservice: portal\nunit: logins\nseries: series.csv\n";

/// Removes the folders earlier fuzzing processes left in the temporary
/// folder (`itsm-fuzz-<pid>` and `itsm-fuzz-dir-<pid>`): libFuzzer ends a
/// process with `exit`, so nothing runs to clean up after it. A folder is
/// removed only when no process with its number is alive.
pub fn remove_stale_folders() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("itsm-fuzz-")) else { continue };
        let pid = pid.strip_prefix("dir-").unwrap_or(pid);
        let alive = pid.parse::<u32>().map_or(true, |pid| Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        remove_stale_folders();
        let dir = std::env::temp_dir().join(format!("itsm-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("fuzz folder");
        std::fs::write(dir.join("itsm.toml"), PROJECT).expect("project");
        std::fs::write(dir.join("frame.yaml"), FRAME).expect("frame");
        std::fs::write(dir.join("series.csv"), "period,value\n2026-01,1\n2026-02,2\n2026-03,3\n").expect("series");
        dir
    })
}

/// Writes `data` as `name` in the folder and runs the pipeline on it.
pub fn run(name: &str, data: &[u8]) {
    let dir = folder();
    std::fs::write(dir.join(name), data).expect("write input");
    check(dir);
}

/// Loads and validates the records directory `dir`, and renders every
/// finding.
pub fn check(dir: &std::path::Path) {
    let loaded = match itsm::load::load(dir) {
        Ok(loaded) => loaded,
        Err(_) => return,
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let mut findings = loaded.diagnostics.clone();
    findings.extend(itsm::validate::validate(&loaded.estate, &itsm::validate::Options { as_of }));
    let mut out = Vec::new();
    let _ = itsm::diag::render::human(&loaded.files, &findings, false, 100, &mut out);
    let _ = itsm::diag::render::json(&loaded.files, &findings, &mut out);
}
