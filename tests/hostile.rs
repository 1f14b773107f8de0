//! Hostile input: every case gives a clear finding naming the file and
//! exit 1 (or 2), within a bounded time, and never a panic.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PROJECT: &str = "schema_version = 1\norganisation = \"Hostile\"\ncurrency = \"EUR\"\ntimezone = \"UTC\"\n";

struct Case {
    dir: PathBuf,
}

impl Case {
    fn new(name: &str) -> Case {
        let dir = std::env::temp_dir().join(format!("itsm-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("folder");
        std::fs::write(dir.join("itsm.toml"), PROJECT).expect("project");
        Case { dir }
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Case {
        std::fs::write(self.dir.join(name), bytes).expect("write");
        self
    }

    /// Runs `itsm validate`, killing it after `limit`; returns exit code and stderr.
    fn validate(&self, limit: Duration) -> (Option<i32>, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_itsm"))
            .args(["--dir"])
            .arg(&self.dir)
            .args(["validate", "--as-of", "2026-11-22"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("itsm runs");
        // Read stderr while waiting: a finding that quotes a long line is
        // larger than a pipe's buffer.
        let mut stderr = child.stderr.take().expect("stderr");
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            text
        });
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return (status.code(), reader.join().unwrap_or_default());
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                panic!("itsm validate did not finish within {limit:?} on {}", self.dir.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn expect_finding(&self, file: &str, code: &str) {
        let (status, stderr) = self.validate(Duration::from_secs(60));
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(matches!(status, Some(1 | 2)), "exit {status:?}: {stderr}");
        assert!(stderr.contains(file), "the finding names {file}: {stderr}");
        assert!(stderr.contains(code), "code {code}: {stderr}");
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn binary_file_with_a_record_extension() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    Case::new("binary").write("blob.yaml", bytes).expect_finding("blob.yaml", "not-utf8");
}

#[test]
fn nul_bytes_in_a_text_file() {
    Case::new("nul").write("nul.yaml", "kind: team\nid: a\u{0}b\nname: A\n").expect_finding("nul.yaml", "error");
}

#[test]
fn alias_bomb() {
    let mut yaml = String::from(
        "kind: team\nid: bomb\nname: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f"), ("h", "g"), ("i", "h")]
    {
        yaml.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    Case::new("bomb").write("bomb.yaml", yaml).expect_finding("bomb.yaml", "error");
}

#[test]
fn nesting_thousands_deep() {
    let deep = format!("kind: team\nid: t\nname: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
    Case::new("deep-yaml").write("deep.yaml", deep).expect_finding("deep.yaml", "error");
    let deep = format!("kind = \"team\"\nid = \"t\"\nname = {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
    Case::new("deep-toml").write("deep.toml", deep).expect_finding("deep.toml", "error");
}

#[test]
fn a_very_long_line_and_a_large_file() {
    let long = format!("kind: team\nid: t\nname: {}\nnmae: x\n", "a".repeat(5_000_000));
    Case::new("long").write("long.yaml", long).expect_finding("long.yaml", "unknown-field");
    // 20,000 records, about 1.5 MB, the last one broken.
    let mut many = String::new();
    for i in 0..20_000 {
        many.push_str(&format!("---\nkind: team\nid: team-{i}\nname: Team {i}\nemail: team-{i}@example.org\n"));
    }
    many.push_str("---\nkind: team\nid: broken\n");
    Case::new("large").write("teams.yaml", many).expect_finding("teams.yaml", "missing-field");
}

#[test]
fn numbers_out_of_range_and_impossible_values() {
    let case = Case::new("values");
    case.write("a.yaml", "kind: component\nid: c\nname: C\ntype: server\nredundancy: {instances: 99999999999999999999999, required: 1}\n");
    case.expect_finding("a.yaml", "error");
    let case = Case::new("dates");
    case.write(
        "a.yaml",
        "kind: cost\nid: c\nname: C\ncategory: other\namount: 1\nrecurrence: one-off\nfrom: 2026-02-30\n",
    );
    case.expect_finding("a.yaml", "invalid-value");
    let case = Case::new("negative");
    case.write(
        "a.yaml",
        "kind: cost\nid: c\nname: C\ncategory: other\namount: -5\nrecurrence: one-off\nfrom: 2026-02-03\n",
    );
    case.expect_finding("a.yaml", "invalid-value");
    let case = Case::new("negative-duration");
    case.write("a.yaml", "kind: sla\nid: s\nservice: x\ncustomer: y\navailability: 99\nsupport_hours: 24x7\nresponse: {p1: -1h}\nstart: 2026-01-01\n");
    case.expect_finding("a.yaml", "invalid-value");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop() {
    let case = Case::new("loop");
    std::os::unix::fs::symlink(&case.dir, case.dir.join("loop")).expect("symlink");
    case.expect_finding("loop", "io-error");
}
