//! `itsm diff` over a real git repository built for each test: changes of
//! every kind, rename-only and reformat-only commits that must show no
//! change, and a working tree and index left as they were.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Repo {
    dir: PathBuf,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let dir = std::env::temp_dir().join(format!("itsm-diff-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("repo folder");
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.email", "test@example.org"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sla"), &repo.dir.join("records"));
        repo.commit("base");
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git").arg("-C").arg(&self.dir).args(args).output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.dir.join("records").join(file);
        let text = std::fs::read_to_string(&path).expect("file to edit");
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("edit");
    }

    fn itsm(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_itsm"))
            .current_dir(&self.dir)
            .args(["--dir", "records", "--as-of", "2026-11-22", "diff"])
            .args(args)
            .output()
            .expect("itsm runs")
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = self.itsm(&all);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("json")
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn ids(value: &serde_json::Value, key: &str) -> Vec<String> {
    value[key].as_array().expect(key).iter().map(|r| r["id"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn every_kind_of_change_is_reported_with_its_meaning() {
    let repo = Repo::new("kinds");
    repo.edit("slas.yaml", "availability: 99.9\n", "availability: 99.95\n");
    repo.edit(
        "estate.yaml",
        "id: desk\nname: Service desk\nsummary: Help for staff\nowner: ops\nlifecycle: live",
        "id: desk\nname: Service desk\nsummary: Help for staff\nowner: ops\nlifecycle: retired\nretired_on: 2026-11-01",
    );
    repo.edit("estate.yaml", "depends_on: [rx-gateway]", "depends_on: [rx-gateway, db]");
    std::fs::write(
        repo.dir.join("records/new.yaml"),
        "kind: component\nid: cache\nname: Cache\ntype: database\nsite: ber-1\nowner: nobody\n",
    )
    .expect("new record");
    repo.commit("change");
    let status_before = repo.git(&["status", "--porcelain"]);
    let head_before = repo.git(&["rev-parse", "HEAD"]);

    let diff = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(ids(&diff, "added"), ["cache"]);
    assert!(ids(&diff, "removed").is_empty());
    let changed = ids(&diff, "changed");
    assert!(changed.contains(&"portal-gold".to_string()) && changed.contains(&"desk".to_string()), "{changed:?}");
    assert_eq!(diff["lifecycle"][0], serde_json::json!(["desk", "live", "retired"]));
    assert_eq!(diff["sla_targets"][0], serde_json::json!(["portal-gold", "99.9%", "99.95%"]));
    assert_eq!(diff["edges_added"][0], serde_json::json!(["rx", "db"]));
    // The new component names a team that does not exist: a new error;
    // desk retired with an SLA in force: another.
    let new: Vec<&str> = diff["new_findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(new.contains(&"dangling-reference") && new.contains(&"retired-with-sla"), "{new:?}");
    // rx is not critical, so standing on the single-instance db makes no
    // new single point of failure of a critical service.
    assert_eq!(diff["new_single_points"], serde_json::json!([]));

    // --fail-on new-errors gates on it; markdown reads as a PR comment.
    assert_eq!(repo.itsm(&["HEAD~1", "HEAD", "--fail-on", "new-errors"]).status.code(), Some(1));
    let md = repo.itsm(&["HEAD~1", "HEAD", "--format", "markdown"]);
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with("**itsm diff**"), "{md}");
    assert!(md.contains("<details><summary>Records"), "{md}");
    // The table, for a reviewer in a shell, names the same changes.
    let table = repo.itsm(&["HEAD~1", "HEAD"]);
    let table = String::from_utf8_lossy(&table.stdout);
    for needle in ["cache", "portal-gold", "99.95%", "desk", "retired", "dangling-reference"] {
        assert!(table.contains(needle), "table lacks {needle}:\n{table}");
    }

    // Nothing in the repository moved.
    assert_eq!(repo.git(&["status", "--porcelain"]), status_before);
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head_before);
}

#[test]
fn a_rename_or_a_reformat_is_no_change() {
    let repo = Repo::new("noop");
    repo.git(&["mv", "records/slas.yaml", "records/service-levels.yaml"]);
    repo.commit("rename");
    let diff = repo.json(&["HEAD~1", "HEAD"]);
    assert!(
        ids(&diff, "added").is_empty() && ids(&diff, "removed").is_empty() && ids(&diff, "changed").is_empty(),
        "{diff}"
    );
    let table = repo.itsm(&["HEAD~1", "HEAD"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("no change to the records"), "{table:?}");
    // The same records in another layout: flow style, a comment, keys reordered.
    repo.edit(
        "estate.yaml",
        "kind: team\nid: ops\nname: Operations\non_call: {phone: \"+49 30 0000 0000\"}",
        "# The operations team.\nname: Operations\nid: ops\nkind: team\non_call:\n  phone: '+49 30 0000 0000'",
    );
    repo.commit("reformat");
    let out = repo.itsm(&["HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "**itsm diff** HEAD~1..HEAD: no change to the records.");
}

#[test]
fn the_working_tree_is_the_default_head() {
    let repo = Repo::new("worktree");
    repo.edit("slas.yaml", "availability: 99.5\n", "availability: 99.6\n");
    let diff = repo.json(&["HEAD"]);
    assert_eq!(diff["head"], "working tree");
    assert_eq!(ids(&diff, "changed"), ["idp-internal"]);
}
