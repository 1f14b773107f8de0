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

/// A fenced block of `docs/diagnostics.md`: the code section and the `### `
/// subsection it is in, its language, the line before it that is not
/// blank (which names the file of an example), its lines, and the line
/// of the doc it starts on.
struct Block {
    code: Option<String>,
    subsection: String,
    lang: String,
    caption: String,
    lines: Vec<String>,
    line: usize,
}

/// Every fenced block of `docs/diagnostics.md`, with where it stands.
fn blocks() -> Vec<Block> {
    let path = root().join("docs/diagnostics.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (mut code, mut subsection, mut caption) = (None, String::new(), String::new());
    let mut open: Option<Block> = None;
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(block) = open.as_mut() {
            if line.starts_with("```") {
                found.extend(open.take());
            } else {
                block.lines.push(line.to_string());
            }
            continue;
        }
        if let Some(lang) = line.strip_prefix("```") {
            open = Some(Block {
                code: code.clone(),
                subsection: subsection.clone(),
                lang: lang.trim().to_string(),
                caption: caption.clone(),
                lines: Vec::new(),
                line: number + 1,
            });
        } else if let Some(heading) = line.strip_prefix("## ") {
            code = Some(heading.trim().to_string()).filter(|h| looks_like_code(h));
            subsection.clear();
        } else if let Some(heading) = line.strip_prefix("### ") {
            subsection = heading.trim().to_string();
        }
        if !line.trim().is_empty() {
            caption = line.to_string();
        }
    }
    assert!(open.is_none(), "docs/diagnostics.md ends inside a code block");
    found
}

/// The `.stderr` and `.stdout` snapshots of `name`'s cases, by path.
fn snapshots_of(name: &str, cases: &[String]) -> Vec<(String, Vec<String>)> {
    cases_of(name, cases)
        .iter()
        .flat_map(|case| ["stderr", "stdout"].map(|stream| format!("tests/cmd/{case}.{stream}")))
        .filter_map(|path| {
            let text = fs::read_to_string(root().join(&path)).ok()?;
            Some((path, text.lines().map(str::to_string).collect()))
        })
        .collect()
}

/// Whether `block` is a contiguous run of whole lines of `snapshot` that is
/// one finding as printed: it starts at a line that is the code alone, and
/// the snapshot goes on with a blank line (or ends) right after it.
fn shows_finding(snapshot: &[String], block: &[String]) -> bool {
    !block.is_empty()
        && snapshot.windows(block.len()).enumerate().any(|(at, window)| {
            window == block && snapshot.get(at + block.len()).is_none_or(|next| next.trim().is_empty())
        })
}

#[test]
fn printed_output_in_the_docs_is_what_itsm_prints() {
    // Every "What itsm prints" block must stand, line for line, in a
    // snapshot of that code's cases, as one whole finding of that very
    // code: the docs cannot drift from the tool, nor show a neighbour's
    // finding from the same output.
    let cases = cases();
    let blocks = blocks();
    for name in names() {
        let printed: Vec<&Block> =
            blocks.iter().filter(|b| b.code.as_deref() == Some(name) && b.subsection == "What itsm prints").collect();
        assert!(!printed.is_empty(), "docs/diagnostics.md, section {name}: no block under \"What itsm prints\"");
        let snapshots = snapshots_of(name, &cases);
        for block in printed {
            let at = format!("docs/diagnostics.md line {}, section {name}", block.line);
            assert_eq!(block.lang, "text", "{at}: the printed output is not a ```text block");
            assert_eq!(
                block.lines.first().map(String::as_str),
                Some(name),
                "{at}: the printed block does not start with the code `{name}`, so it shows another finding"
            );
            assert!(
                snapshots.iter().any(|(_, snapshot)| shows_finding(snapshot, &block.lines)),
                "{at}: this block is not, line for line, a finding in any of {:?}:\n{}",
                snapshots.iter().map(|(path, _)| path).collect::<Vec<_>>(),
                block.lines.join("\n")
            );
        }
    }
}

/// The text of a records file; a file that is not UTF-8 (the `not-utf8`
/// example) is read as Latin-1, the way the docs show it.
fn read_records_file(path: &Path) -> Option<String> {
    let bytes = fs::read(path).ok()?;
    Some(String::from_utf8(bytes).unwrap_or_else(|e| e.into_bytes().iter().map(|&b| char::from(b)).collect()))
}

#[test]
fn examples_in_the_docs_are_the_records_of_the_cases() {
    // An example block under "Example" is introduced by its file name in
    // backticks (`services.yaml`:), and is that whole file of one of the
    // code's cases.
    let cases = cases();
    let mut checked = 0;
    for block in blocks() {
        let Some(name) = block.code.as_deref() else { continue };
        if block.subsection != "Example" || !["yaml", "toml", "csv"].contains(&block.lang.as_str()) {
            continue;
        }
        let at = format!("docs/diagnostics.md line {}, section {name}", block.line);
        let file = block.caption.split('`').nth(1).filter(|f| block.caption.starts_with('`') && !f.is_empty());
        let file = file.unwrap_or_else(|| panic!("{at}: the example is not introduced by its file name"));
        let wanted = block.lines.join("\n");
        let found: Vec<PathBuf> = cases_of(name, &cases)
            .iter()
            .map(|case| root().join(format!("tests/cmd/{case}.in")).join(file))
            .filter(|path| path.is_file())
            .collect();
        assert!(!found.is_empty(), "{at}: no case of `{name}` has a file {file}");
        assert!(
            found.iter().any(|path| read_records_file(path).is_some_and(|text| text.trim_end_matches('\n') == wanted)),
            "{at}: the example {file} is not the file {found:?} as it is"
        );
        checked += 1;
    }
    assert!(checked >= names().len(), "only {checked} example files found in docs/diagnostics.md");
}

#[test]
fn format_samples_in_the_docs_are_the_snapshots() {
    let doc = fs::read_to_string(root().join("docs/diagnostics.md")).expect("docs/diagnostics.md");
    for (case, ext) in [("validate-human", "stderr"), ("validate-json", "stdout"), ("validate-github", "stdout")] {
        let snapshot = fs::read_to_string(root().join(format!("tests/cmd/{case}.{ext}"))).expect("snapshot");
        assert!(doc.contains(snapshot.trim_end()), "docs/diagnostics.md does not show tests/cmd/{case}.{ext} as it is");
    }
}
