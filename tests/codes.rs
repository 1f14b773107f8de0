//! The diagnostic codes are a published interface: each has a unique name,
//! a section in `docs/diagnostics.md` (in the order of `Code::ALL`), and a
//! snapshot case `tests/cmd/diag-<name>*.toml` that shows it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use itsm::diag::Code;

/// Codes deliberately without a `tests/cmd/diag-<name>*` case, each with
/// the reason. Every code has a case today; a code that cannot be produced
/// in a snapshot test (for instance one that needs root to set up) goes
/// here, so that skipping it is a visible decision.
const SKIPPED: &[(&str, &str)] = &[];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn names() -> Vec<&'static str> {
    Code::ALL.iter().map(|code| code.name()).collect()
}

/// Whether a heading reads like a code: lowercase letters, digits and
/// single hyphens, such as `unknown-field`.
fn looks_like_code(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The `## ` headings of `docs/diagnostics.md`, outside code blocks.
fn headings() -> Vec<String> {
    let path = root().join("docs/diagnostics.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut in_code = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ").filter(|_| !in_code) {
            found.push(heading.trim().to_string());
        }
    }
    found
}

/// The snapshot cases of `tests/cmd`, by file name without `.toml`.
fn cases() -> Vec<String> {
    let dir = root().join("tests/cmd");
    let mut found: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().to_str().and_then(|n| n.strip_suffix(".toml")).map(str::to_string))
        .collect();
    found.sort();
    found
}

/// The cases for `name`: `diag-<name>` and its variants `diag-<name>-<variant>`.
fn cases_of(name: &str, cases: &[String]) -> Vec<String> {
    let exact = format!("diag-{name}");
    let variant = format!("diag-{name}-");
    cases.iter().filter(|c| **c == exact || c.starts_with(&variant)).cloned().collect()
}

#[test]
fn code_names_are_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    for name in names() {
        assert!(looks_like_code(name), "code `{name}` is not lowercase words joined by hyphens");
        assert!(seen.insert(name), "code `{name}` is defined twice");
    }
}

#[test]
fn every_code_is_documented_in_order() {
    let headings = headings();
    let documented: Vec<&str> = headings.iter().map(String::as_str).filter(|h| looks_like_code(h)).collect();
    let names = names();
    for name in &names {
        assert!(documented.contains(name), "docs/diagnostics.md has no `## {name}` section");
    }
    for heading in &documented {
        assert!(names.contains(heading), "docs/diagnostics.md has a `## {heading}` section, but there is no such code");
    }
    assert_eq!(documented, names, "the code sections of docs/diagnostics.md are not in the order of Code::ALL");
}

#[test]
fn every_code_has_a_snapshot_case() {
    let cases = cases();
    let names = names();
    for (name, reason) in SKIPPED {
        assert!(names.contains(name), "SKIPPED names `{name}`, which is not a code");
        assert!(!reason.trim().is_empty(), "SKIPPED gives no reason for `{name}`");
        assert!(cases_of(name, &cases).is_empty(), "`{name}` is in SKIPPED but has a case; remove it from SKIPPED");
    }
    for name in names {
        if SKIPPED.iter().any(|(skipped, _)| *skipped == name) {
            continue;
        }
        let own = cases_of(name, &cases);
        assert!(!own.is_empty(), "no snapshot case tests/cmd/diag-{name}.toml for code `{name}`");
        // At least one of them must show the code itself: the human format
        // prints the code alone on a line above the message.
        let shown = own.iter().any(|case| {
            ["stderr", "stdout"].iter().any(|stream| {
                let path: PathBuf = root().join("tests/cmd").join(format!("{case}.{stream}"));
                fs::read_to_string(path).is_ok_and(|text| text.lines().any(|line| line.trim() == name))
            })
        });
        assert!(shown, "none of the cases {own:?} shows the code `{name}` in its snapshot");
    }
}

/// The ```text blocks under each code's "What itsm prints" heading, by code.
fn printed_blocks() -> Vec<(String, String)> {
    let path = root().join("docs/diagnostics.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (mut code, mut printing, mut block): (Option<String>, bool, Option<Vec<&str>>) = (None, false, None);
    let mut found = Vec::new();
    for line in text.lines() {
        if let Some(lines) = block.as_mut() {
            if line.starts_with("```") {
                if let Some(code) = &code {
                    found.push((code.clone(), lines.join("\n")));
                }
                block = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            code = Some(heading.trim().to_string()).filter(|h| looks_like_code(h));
            printing = false;
        } else if line.starts_with("### ") {
            printing = line.trim() == "### What itsm prints";
        } else if line.starts_with("```text") && printing {
            block = Some(Vec::new());
        }
    }
    found
}

#[test]
fn printed_output_in_the_docs_is_what_itsm_prints() {
    // Every "What itsm prints" block must stand, line for line, in a
    // snapshot of that code's cases: the docs cannot drift from the tool.
    let cases = cases();
    let blocks = printed_blocks();
    assert!(blocks.len() >= names().len(), "only {} printed blocks found", blocks.len());
    for (code, block) in blocks {
        let snapshots: Vec<String> = cases
            .iter()
            .filter(|c| **c == format!("diag-{code}") || c.starts_with(&format!("diag-{code}-")))
            .flat_map(|c| ["stderr", "stdout"].map(|ext| root().join(format!("tests/cmd/{c}.{ext}"))))
            .filter_map(|p| fs::read_to_string(p).ok())
            .collect();
        assert!(
            snapshots.iter().any(|s| s.contains(&block)),
            "docs/diagnostics.md, section {code}: this block is not in any diag-{code}* snapshot:\n{block}"
        );
    }
}

#[test]
fn format_samples_in_the_docs_are_the_snapshots() {
    let doc = fs::read_to_string(root().join("docs/diagnostics.md")).expect("docs/diagnostics.md");
    for (case, ext) in [("validate-human", "stderr"), ("validate-json", "stdout"), ("validate-github", "stdout")] {
        let snapshot = fs::read_to_string(root().join(format!("tests/cmd/{case}.{ext}"))).expect("snapshot");
        assert!(doc.contains(snapshot.trim_end()), "docs/diagnostics.md does not show tests/cmd/{case}.{ext} as it is");
    }
}
