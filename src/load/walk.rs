//! Walking the records directory.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Format;
use crate::model::project::PROJECT_FILE;

/// The places that could not be read, with the reason, and the CSV files
/// met (the record files go to the caller as they are found).
pub(crate) struct Walked {
    pub errors: Vec<(PathBuf, String)>,
    /// The CSV files reached without passing a symbolic link, as the bytes
    /// of their paths: a demand series named by one of these paths, byte
    /// for byte, is a file inside the records directory without a look at
    /// the file system of its own. (Bytes, not `Path` equality, which
    /// ignores a trailing `/` that makes the path name a folder.)
    pub plain_csv: HashSet<OsString>,
}

/// Finds every YAML and TOML file under `root`, skipping hidden entries,
/// `target/` folders and the project file, and hands them to `found` in
/// path order, `batch` at a time, as the walk goes: the caller can start
/// on the first files while the walk looks for the rest. Symbolic links
/// are followed; a link that loops is reported, not followed forever, and
/// so is a record name that is not a regular file.
pub(crate) fn walk(root: &Path, batch: usize, mut found: impl FnMut(Vec<PathBuf>)) -> Walked {
    let mut files = Vec::with_capacity(batch);
    // The last file handed over, to check the order in debug builds.
    #[cfg(debug_assertions)]
    let mut last: Option<PathBuf> = None;
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
                    plain_csv.insert(path.as_os_str().to_os_string());
                }
                if kind.is_file() && !is_project && record {
                    // Each folder's entries come sorted by name, depth first,
                    // which is path order: what sorting the list would give.
                    #[cfg(debug_assertions)]
                    {
                        debug_assert!(last.as_deref().is_none_or(|last| last < path), "walk out of path order");
                        last = Some(path.to_path_buf());
                    }
                    files.push(path.to_path_buf());
                    if files.len() == batch {
                        found(std::mem::replace(&mut files, Vec::with_capacity(batch)));
                    }
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
    if !files.is_empty() {
        found(files);
    }
    Walked { errors, plain_csv }
}
