//! Integration tests of the loader and the cross-record rules, through the
//! public library API, on records directories written to fresh temporary
//! folders.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use itsm::diag::{Code, Diagnostic};
use itsm::load::{Loaded, load, split_documents};
use itsm::validate::{Options, validate};

// ------------------------------------------------------------------ helpers

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty folder under the system temp dir, unique per process,
    /// test and call.
    fn new(label: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!("itsm-loader-test-{}-{label}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `text` to `name` (relative, `/`-separated) inside the folder.
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent dir");
        }
        std::fs::write(&path, text).expect("write file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PROJECT: &str = "schema_version = 1\n\
                       organisation = \"Test Org\"\n\
                       currency = \"EUR\"\n\
                       timezone = \"Europe/Berlin\"\n";

/// A records directory with a valid `itsm.toml`.
fn records_dir(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    dir.write("itsm.toml", PROJECT);
    dir
}

fn load_ok(dir: &Path) -> Loaded {
    load(dir).unwrap_or_else(|e| panic!("load failed: {e}"))
}

fn options() -> Options {
    Options { as_of: NaiveDate::from_ymd_opt(2026, 11, 22).expect("date") }
}

/// Loader findings followed by cross-record findings.
fn all_findings(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut out = loaded.diagnostics.clone();
    out.extend(validate(&loaded.estate, &options()));
    out
}

fn codes(findings: &[Diagnostic]) -> Vec<Code> {
    findings.iter().map(|d| d.code).collect()
}

/// A component document; `deps` become its `depends_on`.
fn component(id: &str, deps: &[&str]) -> String {
    let mut doc = format!("kind: component\nid: {id}\nname: Component {id}\ntype: server\n");
    if !deps.is_empty() {
        doc.push_str(&format!("depends_on: [{}]\n", deps.join(", ")));
    }
    doc
}

/// Joins documents into one multi-document YAML text.
fn yaml_docs(docs: &[String]) -> String {
    docs.iter().map(|d| format!("---\n{d}")).collect()
}

/// The text of each range `split_documents` found.
fn split_texts(text: &str) -> Vec<&str> {
    split_documents(text).into_iter().map(|r| &text[r]).collect()
}

// ------------------------------------------------------- split_documents

#[test]
fn split_two_documents() {
    let text = "a: 1\n---\nb: 2\n";
    // The marker belongs to the document it opens.
    assert_eq!(split_texts(text), ["a: 1\n", "---\nb: 2\n"]);
    assert_eq!(split_documents(text), [0..5, 5..text.len()]);
}

#[test]
fn split_leading_marker_opens_the_first_document() {
    // A `---` on the first line is not a split: no empty document before it.
    let text = "---\na: 1\n---\nb: 2\n";
    assert_eq!(split_texts(text), ["---\na: 1\n", "---\nb: 2\n"]);
}

#[test]
fn split_trailing_end_marker_stays_in_its_document() {
    let text = "a: 1\n...\n---\nb: 2\n...\n";
    assert_eq!(split_texts(text), ["a: 1\n...\n", "---\nb: 2\n...\n"]);
    // A lone end marker after the last document adds no document.
    assert_eq!(split_texts("a: 1\n...\n"), ["a: 1\n...\n"]);
}

#[test]
fn split_skips_comment_only_and_empty_documents() {
    let text = "# header comment\n---\n# only a comment\n\n---\na: 1\n---\n---\n...\n---\nb: 2\n";
    assert_eq!(split_texts(text), ["---\na: 1\n", "---\nb: 2\n"]);
    assert!(split_documents("").is_empty());
    assert!(split_documents("# nothing\n---\n   \n").is_empty());
    // A directive alone is not content either.
    assert_eq!(split_texts("%YAML 1.2\n---\na: 1\n"), ["---\na: 1\n"]);
}

#[test]
fn split_ignores_indented_marker_in_block_scalar() {
    let text = "summary: |\n  before\n  ---\n  after\nb: 2\n";
    assert_eq!(split_texts(text), [text]);
}

#[test]
fn split_needs_blank_or_end_after_marker() {
    // `---x` is not a marker; `--- # note` and `---\t` are.
    assert_eq!(split_texts("a: 1\n---x\n"), ["a: 1\n---x\n"]);
    assert_eq!(split_texts("a: 1\n--- # note\nb: 2\n"), ["a: 1\n", "--- # note\nb: 2\n"]);
    assert_eq!(split_texts("a: 1\n---\tb: 2\n"), ["a: 1\n", "---\tb: 2\n"]);
    // A marker as the very last line, with no newline, opens an empty document.
    assert_eq!(split_texts("a: 1\n---"), ["a: 1\n"]);
}

#[test]
fn split_handles_crlf() {
    let text = "a: 1\r\n---\r\nb: 2\r\n";
    assert_eq!(split_texts(text), ["a: 1\r\n", "---\r\nb: 2\r\n"]);
}

// ------------------------------------------------------------ load: files

#[test]
fn load_multi_document_yaml() {
    let dir = records_dir("multi-doc");
    let text = format!("# components\n{}...\n", yaml_docs(&[component("db", &[]), component("web", &["db"])]));
    dir.write("components.yaml", &text);
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&all_findings(&loaded)), []);
    let ids: Vec<&str> = loaded.estate.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["db", "web"]);
    assert_eq!(loaded.estate.components[1].origin.doc, 1);
}

#[test]
fn load_toml_array_form() {
    let dir = records_dir("toml-array");
    dir.write(
        "mixed.toml",
        "[[records]]\n\
         kind = \"team\"\n\
         id = \"platform\"\n\
         name = \"Platform\"\n\
         \n\
         [[records]]\n\
         kind = \"component\"\n\
         id = \"db\"\n\
         name = \"Database\"\n\
         type = \"database\"\n\
         owner = \"platform\"\n\
         \n\
         [[records]]\n\
         kind = \"component\"\n\
         id = \"web\"\n\
         name = \"Web\"\n\
         type = \"server\"\n\
         depends_on = [\"db\"]\n",
    );
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&all_findings(&loaded)), []);
    assert_eq!(loaded.estate.record_count(), 3);
    assert_eq!(loaded.estate.teams[0].id, "platform");
    assert_eq!(loaded.estate.components[0].id, "db");
    assert_eq!(loaded.estate.components[0].owner.as_deref(), Some("platform"));
    assert_eq!(loaded.estate.components[1].depends_on, ["db"]);
    // Each record is its own document of the file, in order.
    assert_eq!(loaded.estate.teams[0].origin.doc, 0);
    assert_eq!(loaded.estate.components[0].origin.doc, 1);
    assert_eq!(loaded.estate.components[1].origin.doc, 2);
}

#[test]
fn load_toml_single_record() {
    let dir = records_dir("toml-single");
    dir.write("team.toml", "kind = \"team\"\nid = \"platform\"\nname = \"Platform\"\n");
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&all_findings(&loaded)), []);
    assert_eq!(loaded.estate.teams.len(), 1);
}

#[test]
fn broken_middle_document_does_not_hide_the_others() {
    let dir = records_dir("broken-middle");
    let broken = "kind: component\nid: b\nname: [unclosed\ntype: server\n".to_string();
    let text = yaml_docs(&[component("a", &[]), broken, component("c", &[])]);
    dir.write("components.yaml", &text);
    let loaded = load_ok(dir.path());
    assert_eq!(loaded.estate.record_count(), 2);
    let ids: Vec<&str> = loaded.estate.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(loaded.diagnostics.len(), 1, "{:#?}", loaded.diagnostics);
    assert!(loaded.diagnostics[0].is_error());
    // The third record is still the file's third document.
    assert_eq!(loaded.estate.components[1].origin.doc, 2);
}

#[test]
fn unknown_field_in_middle_document_is_one_finding() {
    let dir = records_dir("unknown-field");
    let bad = "kind: component\nid: b\nname: B\ntype: server\ncolour: blue\n".to_string();
    dir.write("c.yaml", &yaml_docs(&[component("a", &[]), bad, component("c", &[])]));
    let loaded = load_ok(dir.path());
    assert_eq!(loaded.estate.record_count(), 2);
    assert_eq!(codes(&loaded.diagnostics), [Code::UnknownField]);
    assert!(loaded.diagnostics[0].message.contains("colour"));
}

#[test]
fn missing_project_file_is_reported() {
    let dir = TempDir::new("no-project");
    dir.write("c.yaml", &component("a", &[]));
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&loaded.diagnostics), [Code::MissingProject]);
    assert_eq!(loaded.estate.record_count(), 1);
}

#[test]
fn missing_records_directory_is_an_error() {
    let dir = TempDir::new("gone");
    assert!(load(&dir.path().join("does-not-exist")).is_err());
}

// ------------------------------------------------------------- cycles

fn dependency_findings(docs: &[String]) -> Vec<Diagnostic> {
    let dir = records_dir("deps");
    dir.write("components.yaml", &yaml_docs(docs));
    let loaded = load_ok(dir.path());
    all_findings(&loaded)
}

#[test]
fn three_cycle_is_reported_once_naming_every_member() {
    let findings = dependency_findings(&[component("a", &["b"]), component("b", &["c"]), component("c", &["a"])]);
    assert_eq!(codes(&findings), [Code::DependencyCycle], "{findings:#?}");
    let message = &findings[0].message;
    assert_eq!(message, "dependency cycle: a -> b -> c -> a");
    // One primary label and one related label per remaining edge.
    assert!(findings[0].primary.is_some());
    assert_eq!(findings[0].related.len(), 2);
}

#[test]
fn cycle_is_found_whatever_the_entry_point() {
    // Same cycle, but reached first from `x`, which is outside it.
    let findings = dependency_findings(&[
        component("x", &["b"]),
        component("a", &["b"]),
        component("b", &["c"]),
        component("c", &["a"]),
    ]);
    assert_eq!(codes(&findings), [Code::DependencyCycle], "{findings:#?}");
    // Rotated to start at the smallest id.
    assert_eq!(findings[0].message, "dependency cycle: a -> b -> c -> a");
}

#[test]
fn diamond_is_not_a_cycle() {
    let findings = dependency_findings(&[
        component("a", &["b", "c"]),
        component("b", &["d"]),
        component("c", &["d"]),
        component("d", &[]),
    ]);
    assert_eq!(codes(&findings), [], "{findings:#?}");
}

#[test]
fn self_dependency_is_a_cycle() {
    let findings = dependency_findings(&[component("a", &["a"])]);
    assert_eq!(codes(&findings), [Code::DependencyCycle], "{findings:#?}");
    assert_eq!(findings[0].message, "dependency cycle: a -> a");
}

#[test]
fn two_cycles_through_one_node_are_both_reported() {
    // a -> b -> a and a -> c -> a share `a`.
    let findings = dependency_findings(&[component("a", &["b", "c"]), component("b", &["a"]), component("c", &["a"])]);
    let mut messages: Vec<&str> = findings.iter().map(|d| d.message.as_str()).collect();
    messages.sort_unstable();
    assert_eq!(messages, ["dependency cycle: a -> b -> a", "dependency cycle: a -> c -> a"]);
}

#[test]
fn deep_chain_does_not_overflow_the_stack() {
    // c0 -> c1 -> ... -> c19999, one file, 20,000 documents.
    const N: usize = 20_000;
    let dir = records_dir("deep-chain");
    let mut text = String::with_capacity(N * 80);
    for i in 0..N {
        text.push_str(&format!("---\nkind: component\nid: c{i}\nname: C{i}\ntype: server\n"));
        if i + 1 < N {
            text.push_str(&format!("depends_on: [c{}]\n", i + 1));
        }
    }
    dir.write("chain.yaml", &text);
    let loaded = load_ok(dir.path());
    assert_eq!(loaded.estate.components.len(), N);
    // Run validation on a thread with a small (256 KiB) stack, so that a
    // recursive walk would overflow even if the main test stack were large.
    let findings = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || all_findings(&loaded))
        .expect("spawn")
        .join()
        .expect("validation did not overflow");
    assert_eq!(codes(&findings), []);
}

#[test]
fn deep_chain_closed_into_a_ring_is_one_cycle() {
    // c0 -> c1 -> ... -> c1999 -> c0.
    const N: usize = 2_000;
    let docs: Vec<String> = (0..N).map(|i| component(&format!("c{i}"), &[&format!("c{}", (i + 1) % N)])).collect();
    let findings = dependency_findings(&docs);
    assert_eq!(codes(&findings), [Code::DependencyCycle]);
    // The message names all N members plus the return to the start.
    assert_eq!(findings[0].message.matches(" -> ").count(), N);
    assert_eq!(findings[0].related.len(), N - 1);
}

// ------------------------------------------------------------ ids

#[test]
fn duplicate_id_across_two_kinds() {
    let dir = records_dir("dup-id");
    dir.write("team.yaml", "kind: team\nid: shared\nname: Shared team\n");
    dir.write("component.yaml", &component("shared", &[]));
    let loaded = load_ok(dir.path());
    let findings = all_findings(&loaded);
    assert_eq!(codes(&findings), [Code::DuplicateId], "{findings:#?}");
    assert!(findings[0].message.contains("`shared`"));
    // The finding points at the second record and shows the first.
    assert_eq!(findings[0].related.len(), 1);
}

#[test]
fn duplicate_id_within_one_kind() {
    let dir = records_dir("dup-id-same");
    dir.write("a.yaml", &component("db", &[]));
    dir.write("b.yaml", &component("db", &[]));
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&all_findings(&loaded)), [Code::DuplicateId]);
}

// ------------------------------------------------------------ demand

/// A records dir with a team, a service and a demand record whose series
/// is `series`; the CSV, when given, is written at `csv_path`.
fn demand_dir(label: &str, series: &str, csv: Option<(&str, &str)>) -> TempDir {
    let base = TempDir::new(label);
    base.write("records/itsm.toml", PROJECT);
    base.write(
        "records/team.yaml",
        "kind: team\nid: platform\nname: Platform\nmembers: [{name: Ada}]\nskills: [typescript]\n",
    );
    // Full dimensions, so that no dimension-gap warning joins the findings.
    base.write(
        "records/service.yaml",
        "kind: service\n\
         id: portal\n\
         name: Portal\n\
         summary: The patient portal\n\
         owner: platform\n\
         lifecycle: live\n\
         type: customer-facing\n\
         criticality: high\n\
         dimensions: {technologies: [TypeScript], partners: [in-house], practices: [incident management]}\n",
    );
    base.write(
        "records/demand.yaml",
        &format!("kind: demand\nid: portal-logins\nservice: portal\nunit: logins\nseries: {series}\n"),
    );
    if let Some((path, text)) = csv {
        base.write(path, text);
    }
    base
}

fn demand_findings(base: &TempDir) -> (Loaded, Vec<Diagnostic>) {
    let loaded = load_ok(&base.path().join("records"));
    let findings = all_findings(&loaded);
    (loaded, findings)
}

#[test]
fn demand_series_that_is_fine() {
    let csv = "period,value\n2026-01,10\n2026-02,12.5\n2026-03,0\n";
    let base = demand_dir("demand-ok", "logins.csv", Some(("records/logins.csv", csv)));
    let (loaded, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [], "{findings:#?}");
    assert_eq!(loaded.estate.series.len(), 1);
    let points = &loaded.estate.series[0].points;
    assert_eq!(points.len(), 3);
    assert_eq!(points[1].1, 12.5);
}

#[test]
fn demand_series_rows_out_of_order_are_sorted() {
    let csv = "period,value\n2026-W02,2\n2026-W01,1\n2026-W03,3\n";
    let base = demand_dir("demand-order", "s.csv", Some(("records/s.csv", csv)));
    let (loaded, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), []);
    let periods: Vec<String> = loaded.estate.series[0].points.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(periods, ["2026-W01", "2026-W02", "2026-W03"]);
}

#[test]
fn demand_series_across_iso_week_53_has_no_gap() {
    // 2026 has 53 ISO weeks (python: date(2026, 12, 28).isocalendar()).
    let csv = "period,value\n2026-W52,1\n2026-W53,2\n2027-W01,3\n";
    let base = demand_dir("demand-w53", "s.csv", Some(("records/s.csv", csv)));
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [], "{findings:#?}");
}

#[test]
fn demand_gap() {
    let csv = "period,value\n2026-01,10\n2026-03,12\n";
    let base = demand_dir("demand-gap", "logins.csv", Some(("records/logins.csv", csv)));
    let (loaded, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandGap], "{findings:#?}");
    assert!(findings[0].message.contains("`2026-01` to `2026-03`"));
    // An error makes the series unusable.
    assert!(loaded.estate.series.is_empty());
}

#[test]
fn demand_duplicate_period() {
    let csv = "period,value\n2026-01,10\n2026-01,11\n2026-02,12\n";
    let base = demand_dir("demand-dup", "logins.csv", Some(("records/logins.csv", csv)));
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandDuplicatePeriod], "{findings:#?}");
    assert!(findings[0].message.contains("2026-01"));
    assert_eq!(findings[0].related.len(), 1);
}

#[test]
fn demand_bad_header() {
    let csv = "month,value\n2026-01,10\n";
    let base = demand_dir("demand-header", "logins.csv", Some(("records/logins.csv", csv)));
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandMalformed], "{findings:#?}");
}

#[test]
fn demand_bad_rows() {
    // A bad period, a negative value, a row with three fields and a change
    // of granularity: one finding each. The rejected rows do not count, so
    // the good rows 2026-01, 2026-02 and the last 2026-03 leave no gap and
    // no duplicate.
    let csv = "period,value\n2026-01,1\n2026-02,2\n2026-13,9\n2026-03,-3\n2026-03,4,5\n2026-Q2,6\n2026-03,7\n";
    let base = demand_dir("demand-rows", "s.csv", Some(("records/s.csv", csv)));
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandMalformed; 4], "{findings:#?}");
}

#[test]
fn demand_empty_file() {
    let base = demand_dir("demand-empty", "s.csv", Some(("records/s.csv", "")));
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandMalformed], "{findings:#?}");
}

#[test]
fn demand_missing_file() {
    let base = demand_dir("demand-missing", "nope.csv", None);
    let (loaded, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandFileMissing], "{findings:#?}");
    assert!(findings[0].message.contains("does not exist"));
    assert!(loaded.estate.series.is_empty());
}

#[test]
fn demand_path_escaping_the_records_dir() {
    // The demand record is at the root of records/, so `../outside.csv` is
    // the file next to `records/`: it exists, but outside.
    let csv = "period,value\n2026-01,10\n";
    let base = demand_dir("demand-escape", "../outside.csv", Some(("outside.csv", csv)));
    let (loaded, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandFileMissing], "{findings:#?}");
    assert!(findings[0].message.contains("outside the records directory"));
    assert!(loaded.estate.series.is_empty());
}

#[test]
fn demand_path_escaping_to_a_missing_file() {
    // Same path, but nothing there: reported as missing.
    let base = demand_dir("demand-escape-missing", "../outside.csv", None);
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandFileMissing], "{findings:#?}");
    assert!(findings[0].message.contains("does not exist"));
}

#[test]
fn demand_path_is_relative_to_the_record_file() {
    // A second demand record in records/sub/ names `../logins.csv`, which
    // resolves to records/logins.csv: inside, and fine.
    let csv = "period,value\n2026-01,10\n2026-02,11\n2026-03,12\n";
    let base = demand_dir("demand-relative", "logins.csv", Some(("records/logins.csv", csv)));
    base.write(
        "records/sub/other.yaml",
        "kind: demand\nid: portal-other\nservice: portal\nunit: logins\nseries: ../logins.csv\n",
    );
    let (loaded, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [], "{findings:#?}");
    assert_eq!(loaded.estate.series.len(), 2);
}

#[cfg(unix)]
#[test]
fn demand_symlink_escaping_the_records_dir() {
    let csv = "period,value\n2026-01,10\n";
    let base = demand_dir("demand-symlink", "link.csv", Some(("outside.csv", csv)));
    std::os::unix::fs::symlink(base.path().join("outside.csv"), base.path().join("records/link.csv")).expect("symlink");
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandFileMissing], "{findings:#?}");
    assert!(findings[0].message.contains("outside the records directory"));
}

#[test]
fn demand_path_naming_a_file_as_a_folder() {
    // `logins.csv/` is not the file `logins.csv`: a trailing slash asks for
    // a folder, and the path resolves to nothing.
    let csv = "period,value\n2026-01,10\n2026-02,11\n2026-03,12\n";
    for (label, series) in [("demand-as-folder", "logins.csv/"), ("demand-as-folder-dot", "logins.csv/.")] {
        let base = demand_dir(label, series, Some(("records/logins.csv", csv)));
        let (_, findings) = demand_findings(&base);
        assert_eq!(codes(&findings), [Code::DemandFileMissing], "{series}: {findings:#?}");
        assert!(findings[0].message.contains("does not exist"), "{series}");
    }
}

#[cfg(unix)]
#[test]
fn demand_through_a_linked_folder_escaping_the_records_dir() {
    // The series file itself is plain, but the folder it is in is a link to
    // a folder outside: still outside.
    let csv = "period,value\n2026-01,10\n";
    let base = demand_dir("demand-linked-folder", "data/s.csv", Some(("elsewhere/s.csv", csv)));
    std::os::unix::fs::symlink(base.path().join("elsewhere"), base.path().join("records/data")).expect("symlink");
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandFileMissing], "{findings:#?}");
    assert!(findings[0].message.contains("outside the records directory"));
}

#[cfg(unix)]
#[test]
fn demand_through_a_linked_folder_inside_the_records_dir() {
    // A link to a folder inside the records directory stays inside.
    let csv = "period,value\n2026-01,10\n2026-02,11\n2026-03,12\n";
    let base = demand_dir("demand-linked-inside", "data/s.csv", Some(("records/real/s.csv", csv)));
    std::os::unix::fs::symlink(base.path().join("records/real"), base.path().join("records/data")).expect("symlink");
    let (loaded, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [], "{findings:#?}");
    assert_eq!(loaded.estate.series.len(), 1);
}

// ------------------------------------------------------- locating findings

/// The byte range a finding's primary label points at, once resolved, and
/// the text there.
fn primary_span(loaded: &Loaded, finding: &Diagnostic) -> (std::ops::Range<usize>, String) {
    let mut finding = finding.clone();
    itsm::load::Locator::new(&loaded.files).resolve(&mut finding);
    match finding.primary.map(|label| label.anchor) {
        Some(itsm::diag::Anchor::Span(file, range)) => {
            let text = loaded.files.get(file).text()[range.clone()].to_string();
            (range, text)
        }
        other => panic!("not resolved to a span: {other:?}"),
    }
}

#[test]
fn cycle_finding_points_at_the_dependency_entry() {
    let dir = records_dir("locate-cycle");
    dir.write("c.yaml", &yaml_docs(&[component("a", &["b"]), component("b", &["c"]), component("c", &["a"])]));
    let loaded = load_ok(dir.path());
    let findings = all_findings(&loaded);
    assert_eq!(codes(&findings), [Code::DependencyCycle]);
    // The first edge of the cycle is a's `depends_on[0]`: the `b` inside
    // `depends_on: [b]` of the first document.
    let text = loaded.files.get(loaded.estate.components[0].origin.file).text();
    let at = text.find("depends_on: [b]").expect("a's dependency") + "depends_on: [".len();
    assert_eq!(primary_span(&loaded, &findings[0]), (at..at + 1, "b".to_string()));
}

#[test]
fn duplicate_id_in_toml_array_form_points_at_the_second_id() {
    let dir = records_dir("locate-toml");
    dir.write(
        "t.toml",
        "[[records]]\nkind = \"team\"\nid = \"a\"\nname = \"A\"\n\n\
         [[records]]\nkind = \"component\"\nid = \"a\"\nname = \"A\"\ntype = \"server\"\n",
    );
    let loaded = load_ok(dir.path());
    let findings = all_findings(&loaded);
    assert_eq!(codes(&findings), [Code::DuplicateId]);
    let text = loaded.files.get(loaded.estate.components[0].origin.file).text();
    // The component (records[1]) reuses the id: its `"a"`, the last one.
    let second_id = text.rfind("\"a\"").expect("second id");
    assert_eq!(primary_span(&loaded, &findings[0]), (second_id..second_id + 3, "\"a\"".to_string()));
}

// --------------------------------------------------------- odd records dirs

#[test]
fn comment_only_file_is_an_empty_file_warning() {
    let dir = records_dir("empty-file");
    dir.write("nothing.yaml", "# nothing here\n---\n# nor here\n");
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&loaded.diagnostics), [Code::EmptyFile]);
    assert!(!loaded.diagnostics[0].is_error());
}

#[test]
fn upper_case_extension_is_read() {
    // Extensions are matched without regard to case: `Teams.YAML` used to
    // be skipped without a finding.
    let dir = records_dir("upper-ext");
    dir.write("Teams.YAML", "kind: team\nid: a\nname: A\n");
    let loaded = load_ok(dir.path());
    assert_eq!(loaded.estate.record_count(), 1);
    assert_eq!(codes(&loaded.diagnostics), []);
}

#[test]
fn nested_project_file_is_read_as_a_record() {
    // SURPRISING: only the top-level itsm.toml is the project file; one in
    // a sub-folder is read as a record and has no `kind`.
    let dir = records_dir("nested-project");
    dir.write("sub/itsm.toml", PROJECT);
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&loaded.diagnostics), [Code::MissingKind]);
}

#[test]
fn hidden_and_target_folders_are_skipped() {
    let dir = records_dir("hidden");
    dir.write(".git/x.yaml", "not: a record\n");
    dir.write("target/x.yaml", "not: a record\n");
    dir.write(".hidden.yaml", "not: a record\n");
    dir.write("notes.txt", "not: a record\n");
    dir.write("ok.yaml", &component("a", &[]));
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&loaded.diagnostics), []);
    assert_eq!(loaded.estate.record_count(), 1);
}

#[test]
fn demand_series_naming_a_directory() {
    // `series: ''` (or any folder) is not a series file: demand-file-missing
    // (it used to fail later with io-error "Is a directory").
    let base = demand_dir("demand-dir", "''", None);
    let (_, findings) = demand_findings(&base);
    assert_eq!(codes(&findings), [Code::DemandFileMissing], "{findings:#?}");
}

// ------------------------------------------------------ fixed bugs

#[test]
fn bare_document_after_end_marker_is_its_own_document() {
    // In YAML 1.2 `...` ends a document and a bare document may follow;
    // the module doc of load/yaml.rs calls both markers exact. Today the
    // whole text is one range, serde-saphyr says "only single YAML document
    // expected but multiple found", and neither record loads.
    let text = "kind: team\nid: a\nname: A\n...\nkind: team\nid: b\nname: B\n";
    assert_eq!(split_documents(text).len(), 2);
    let dir = records_dir("bare-after-end");
    dir.write("t.yaml", text);
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&loaded.diagnostics), []);
    assert_eq!(loaded.estate.record_count(), 2);
}

#[test]
fn anchored_kind_is_read() {
    // scan_kind takes the raw text after `kind:`; YAML node properties
    // (anchors `&k`, tags `!!str`) are kept as part of the name.
    let dir = records_dir("anchored-kind");
    dir.write("t.yaml", "kind: &k team\nid: a\nname: A\n---\nkind: !!str team\nid: b\nname: B\n");
    let loaded = load_ok(dir.path());
    assert_eq!(codes(&loaded.diagnostics), []);
    assert_eq!(loaded.estate.record_count(), 2);
}

// ------------------------------------------------------- cost contracts

#[test]
fn a_cost_names_an_existing_contract_of_its_supplier() {
    let dir = records_dir("cost-contract");
    let supplier = |id: &str, contract: &str| {
        format!(
            "kind: supplier\nid: {id}\nname: {id}\ncontracts:\n  - id: {contract}\n    start: 2026-01-01\n    end: 2026-12-31\n    notice: 1 month\n    value: 10\n    billing: monthly\n"
        )
    };
    let cost = |id: &str, supplier: &str, contract: &str| {
        format!(
            "kind: cost\nid: {id}\nname: n\ncategory: hosting\namount: 10\nrecurrence: monthly\nfrom: 2026-01-01\nsupplier: {supplier}\ncontract: {contract}\n"
        )
    };
    dir.write(
        "records.yaml",
        &yaml_docs(&[
            supplier("acme", "acme-2026"),
            supplier("zeta", "zeta-2026"),
            cost("fine", "acme", "acme-2026"),
            cost("typo", "acme", "acme-2062"),
            cost("crossed", "acme", "zeta-2026"),
        ]),
    );
    let findings = all_findings(&load_ok(dir.path()));
    let dangling: Vec<&str> =
        findings.iter().filter(|d| d.code == Code::DanglingReference).map(|d| d.message.as_str()).collect();
    assert_eq!(
        dangling,
        // In cost id order: `crossed`, then `typo`.
        [
            "contract `zeta-2026` belongs to supplier `zeta`, not to `acme`",
            "no supplier contract has the id `acme-2062`"
        ]
    );
}

#[test]
fn texts_of_clean_files_are_read_again_only_if_unchanged() {
    // A file without findings lets go of its text after loading; a finding
    // made later (here, by the cycle rule) reads it again from disk.
    let dir = records_dir("release-text");
    let text = yaml_docs(&[component("a", &["b"]), component("b", &["a"])]);
    dir.write("c.yaml", &text);
    let loaded = load_ok(dir.path());
    assert_eq!(loaded.files.get(loaded.estate.components[0].origin.file).text(), text);

    // Changed on disk between loading and showing a finding: the text is
    // not the one that was loaded, so none is shown rather than a wrong one.
    let loaded = load_ok(dir.path());
    dir.write("c.yaml", &text.replace("name:", "title:"));
    let file = loaded.files.get(loaded.estate.components[0].origin.file);
    assert_eq!(file.text(), "");
    assert_eq!(file.line_col(10), (1, 1));
    // The finding is still located (to the record's first byte) and shown,
    // without a snippet, and nothing panics on the empty text.
    let mut findings = all_findings(&loaded);
    assert_eq!(codes(&findings), [Code::DependencyCycle]);
    itsm::load::Locator::new(&loaded.files).resolve(&mut findings[0]);
    let mut shown = Vec::new();
    itsm::diag::render::human(&loaded.files, &findings[..1], false, 100, &mut shown).expect("render");
    let shown = String::from_utf8(shown).expect("utf-8");
    assert!(shown.contains("c.yaml") && !shown.contains("depends_on"), "{shown}");
}
