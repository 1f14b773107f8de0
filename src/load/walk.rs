//! Walking the records directory.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Format;
use crate::model::project::PROJECT_FILE;

/// The record files found, sorted, and the places that could not be read
/// with the reason.
pub(crate) struct Walked {
    pub files: Vec<PathBuf>,
    pub errors: Vec<(PathBuf, String)>,
    /// The CSV files reached without passing a symbolic link: a demand
    /// series named by one of these paths is a file inside the records
    /// directory without a look at the file system of its own.
    pub plain_csv: HashSet<PathBuf>,
}

/// Finds every YAML and TOML file under `root`, skipping hidden entries,
/// `target/` folders and the project file. Symbolic links are followed;
/// a link that loops is reported, not followed forever, and so is a
/// record name that is not a regular file.
pub(crate) fn walk(root: &Path) -> Walked {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut plain_csv = HashSet::new();
    // Whether the entry at each depth was reached through a link, for the
    // entries below it.
    let mut linked: Vec<bool> = Vec::new();
    let walker = WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|entry| {
        entry.depth() == 0 || {
            let name = entry.file_name().to_string_lossy();
            let hidden = name.starts_with('.');
            let build = entry.file_type().is_dir() && name == "target";
            !hidden && !build
        }
    });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_project = entry.depth() == 1 && entry.file_name() == PROJECT_FILE;
                let record = matches!(Format::of(path), Some(Format::Yaml | Format::Toml));
                let kind = entry.file_type();
                linked.truncate(entry.depth());
                // The records directory itself may be a link: the check for
                // series outside it resolves it anyway.
                let through_link =
                    linked.last().copied().unwrap_or(false) || (entry.depth() > 0 && entry.path_is_symlink());
                linked.push(through_link);
                if kind.is_file() && !through_link && Format::of(path) == Some(Format::Csv) {
                    plain_csv.insert(path.to_path_buf());
                }
                if kind.is_file() && !is_project && record {
                    files.push(path.to_path_buf());
                } else if record && !kind.is_file() && !kind.is_dir() {
                    // A named pipe or a device would be read forever, or
                    // block waiting for a writer: refuse it, and say so.
                    errors.push((path.to_path_buf(), "not a regular file (a named pipe, socket or device)".into()));
                }
            }
            Err(err) => {
                let place = err.path().map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                // A broken link to a file that is not a record is none of our business.
                let other_file = Format::of(&place).is_none() && place.extension().is_some();
                if other_file && err.loop_ancestor().is_none() {
                    continue;
                }
                let reason = if err.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder above it".to_string()
                } else {
                    err.io_error().map_or_else(|| err.to_string(), ToString::to_string)
                };
                errors.push((place, reason));
            }
        }
    }
    files.sort();
    Walked { files, errors, plain_csv }
}
