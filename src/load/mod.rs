//! Loading a records directory: walk it, read and parse every file in
//! parallel, keep each file's text for locating findings, and never stop
//! at the first problem.
//!
//! The loader reports what it could not read or decode as findings; only
//! a records directory that does not exist at all is an error.

mod fast;
mod files;
pub mod git;
mod locate;
mod node;
mod recover;
mod schema_error;
mod series;
mod toml;
mod walk;
mod yaml;

use std::path::{Path, PathBuf};

use files::Text;
pub use files::{DocSlice, FileId, Files, Format, SourceFile};
pub use locate::Locator;
pub use yaml::split_documents;

/// Whether the fast path reads the YAML document `doc` into its tree: the
/// parse-only baseline of `benches/estate.rs` parses as itsm does, with
/// the fast path first and serde-saphyr where it gives up.
#[doc(hidden)]
pub fn fast_parses(doc: &str) -> bool {
    fast::parse(doc).is_ok()
}

use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::model::project::{PROJECT_FILE, SCHEMA_VERSION};
use crate::model::{Estate, Kind, Origin, Project, Record};

/// What came out of one file.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub records: Vec<(Record, Origin)>,
    /// Records that did not decode, by kind and id, so that references to
    /// them do not turn into findings of their own.
    pub failed: Vec<(Kind, String, Origin)>,
    pub diagnostics: Vec<Diagnostic>,
    pub docs: Vec<DocSlice>,
}

/// How many files one parallel task reads: enough to amortise the task,
/// few enough to balance two cores on a small estate.
const CHUNK: usize = 32;

/// What came out of one file, for the registry and the findings.
struct FileResult {
    id: FileId,
    text: Text,
    docs: Vec<DocSlice>,
    diagnostics: Vec<Diagnostic>,
    /// Whether the file held no record and nothing wrong.
    empty: bool,
}

/// What came out of one parallel task: its files' results in order, the
/// records that decoded, and the records that did not.
type Chunk = (Vec<FileResult>, Estate, Vec<(Kind, String, Origin)>);

/// A loaded records directory.
#[derive(Debug)]
pub struct Loaded {
    /// The records directory.
    pub root: PathBuf,
    /// Every file read, for rendering findings.
    pub files: Files,
    /// Every record that decoded.
    pub estate: Estate,
    /// What the loader found wrong.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a records directory could not be loaded at all.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "cannot read records directory {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

/// Loads every record under `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    let meta = std::fs::metadata(root).map_err(|e| LoadError { path: root.to_path_buf(), reason: e.to_string() })?;
    if !meta.is_dir() {
        return Err(LoadError { path: root.to_path_buf(), reason: "not a directory".into() });
    }
    let mut files = Files::default();
    let mut diagnostics = Vec::new();

    let project_path = root.join(PROJECT_FILE);
    let mut project_origin = None;
    let project = if project_path.is_file() {
        let (project, id) = load_project(&mut files, &project_path, &mut diagnostics);
        project_origin = id.map(|file| Origin { file, doc: 0 });
        project
    } else {
        diagnostics.push(
            Diagnostic::new(Code::MissingProject, format!("no {PROJECT_FILE} in {}", root.display())).help(format!(
                "create {PROJECT_FILE} with schema_version = {SCHEMA_VERSION}, organisation, currency and timezone, \
                     or point --dir at the folder that has it"
            )),
        );
        Project::default()
    };

    // Files are read, parsed and decoded in parallel, a few dozen to a
    // task, starting while the walk still looks for more; each task files
    // its records straight into a partial estate, so that no list of every
    // record is kept beside the estate. File ids follow path order, and
    // texts move into the registry without a copy.
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, Chunk)>();
    let walked = rayon::in_place_scope(|scope| {
        let mut tasks = 0;
        walk::walk(root, CHUNK, |paths| {
            let chunk: Vec<(FileId, PathBuf, Format)> = paths
                .into_iter()
                .map(|path| {
                    let format = Format::of(&path).unwrap_or(Format::Yaml);
                    let id = files.add(SourceFile::new(display_name(root, &path), path.clone(), format, String::new()));
                    (id, path, format)
                })
                .collect();
            let (sender, task) = (sender.clone(), tasks);
            tasks += 1;
            // The receiver outlives the scope, so the send cannot fail.
            scope.spawn(move |_| drop(sender.send((task, read_chunk(chunk)))));
        })
    });
    drop(sender);
    let mut chunks: Vec<(usize, Chunk)> = receiver.into_iter().collect();
    chunks.sort_unstable_by_key(|(task, _)| *task);

    let mut estate = Estate::new(project);
    let mut failed = Vec::new();
    let mut partials = Vec::with_capacity(chunks.len());
    for (_, (results, partial, partial_failed)) in chunks {
        for result in results {
            let file = files.get_mut(result.id);
            file.keep(result.text);
            file.docs = result.docs;
            if result.empty {
                diagnostics.push(
                    Diagnostic::new(Code::EmptyFile, "this file holds no record")
                        .at(Anchor::File(result.id), "empty")
                        .help("add a record, or delete the file"),
                );
            }
            diagnostics.extend(result.diagnostics);
        }
        partials.push(partial);
        failed.extend(partial_failed);
    }
    estate.absorb_all(partials);

    let walked_csv = walked.plain_csv;
    for (path, reason) in walked.errors {
        let format = Format::of(&path).unwrap_or(Format::Yaml);
        let id = files.add(SourceFile::new(display_name(root, &path), path, format, String::new()));
        diagnostics.push(
            Diagnostic::new(Code::IoError, format!("cannot read this: {reason}"))
                .at(Anchor::File(id), "unreadable")
                .help("fix the permissions or the link, or move it out of the records directory"),
        );
    }

    estate.sort();
    estate.project_origin = project_origin;
    failed.sort();
    estate.undecoded = failed;
    // The lookups every command needs (ids to positions, the dependency
    // graph) are built while the demand series are read, which is mostly
    // waiting on the file system.
    let (series, ()) = rayon::join(
        || series::load_series(root, &mut files, &estate, &walked_csv, &mut diagnostics),
        || {
            estate.graph();
        },
    );
    estate.series = series;
    Ok(Loaded { root: root.to_path_buf(), files, estate, diagnostics })
}

/// Reads, parses and decodes one task's files into a partial estate.
fn read_chunk(chunk: Vec<(FileId, PathBuf, Format)>) -> Chunk {
    let mut estate = Estate::default();
    let mut failed = Vec::new();
    let results = chunk
        .into_iter()
        .map(|(id, path, format)| {
            let (text, parsed, read_diags) = read_and_parse(id, &path, format);
            let empty = read_diags.is_empty() && parsed.records.is_empty() && parsed.diagnostics.is_empty();
            for (record, origin) in parsed.records {
                estate.add(record, origin);
            }
            failed.extend(parsed.failed);
            let mut diagnostics = read_diags;
            diagnostics.extend(parsed.diagnostics);
            let text = if diagnostics.is_empty() && !empty { Text::release(text) } else { Text::Kept(text) };
            FileResult { id, text, docs: parsed.docs, diagnostics, empty }
        })
        .collect();
    (results, estate, failed)
}

/// The path shown to people: relative to the root, with `/`.
fn display_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Reads a file as UTF-8 text, or says why it cannot be.
fn read_text(id: FileId, path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::new(Code::IoError, format!("cannot read this file: {e}"))
            .at(Anchor::File(id), "unreadable")
            .help("check the file's permissions")
    })?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::new(
            Code::NotUtf8,
            format!("this file is not UTF-8 text (an invalid byte on line {line}, byte {column} of the line)"),
        )
        .at(Anchor::File(id), "not text")
        .help("save the file as UTF-8, or move it out of the records directory")
    })?;
    if text.starts_with('\u{feff}') {
        text.replace_range(..3, "");
    }
    Ok(text)
}

fn read_and_parse(id: FileId, path: &Path, format: Format) -> (String, Parsed, Vec<Diagnostic>) {
    match read_text(id, path) {
        Ok(text) => {
            let parsed = match format {
                Format::Toml => toml::parse(id, &text),
                _ => yaml::parse(id, &text),
            };
            (text, parsed, Vec::new())
        }
        Err(diagnostic) => (String::new(), Parsed::default(), vec![diagnostic]),
    }
}

/// Reads `itsm.toml`. The id is returned only when the file decoded: rules
/// that check against the estate's currency or zone must not run against
/// defaults standing in for a broken file.
fn load_project(files: &mut Files, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> (Project, Option<FileId>) {
    let id = files.add(SourceFile::new(PROJECT_FILE.into(), path.to_path_buf(), Format::Toml, String::new()));
    let text = match read_text(id, path) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (Project::default(), None);
        }
    };
    let file = files.get_mut(id);
    file.docs = vec![DocSlice { range: 0..text.len(), prefix: FieldPath::root() }];
    file.set_text(text);
    let project = match toml::parse_project(id, files.get(id).text()) {
        Ok(project) => {
            if project.schema_version != SCHEMA_VERSION {
                diagnostics.push(
                    Diagnostic::new(
                        Code::SchemaVersion,
                        format!("schema version {} is not one this itsm reads", project.schema_version),
                    )
                    .at_field(Origin { file: id, doc: 0 }, FieldPath::key("schema_version"), "unsupported")
                    .help(format!("this itsm reads schema version {SCHEMA_VERSION}; upgrade itsm or the records")),
                );
            }
            project
        }
        Err(found) => {
            diagnostics.extend(found);
            return (Project::default(), None);
        }
    };
    (project, Some(id))
}
