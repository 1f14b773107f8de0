//! The file registry: every file the loader read, with its text, so that
//! findings can show a snippet and a line and column.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::diag::FieldPath;

/// An index into [`Files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Csv,
}

impl Format {
    /// The format a file name says it holds, if it is one the loader reads.
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Where one record sits inside its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSlice {
    /// The bytes of the document (the whole file for TOML).
    pub range: Range<usize>,
    /// The path from the file's root to the record (`records[2]` in the
    /// TOML array form; empty otherwise).
    pub prefix: FieldPath,
}

/// One file that was read.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to people: relative to the records directory,
    /// with `/` separators.
    pub name: String,
    /// The path on disk.
    pub path: PathBuf,
    pub format: Format,
    /// The text; empty when the file could not be read as UTF-8.
    pub text: String,
    /// The records in the file, in order; `Origin::doc` indexes this.
    pub docs: Vec<DocSlice>,
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file with its text and no documents yet.
    pub fn new(name: String, path: PathBuf, format: Format, text: String) -> Self {
        Self { name, path, format, text, docs: Vec::new(), line_starts: OnceLock::new() }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let start = starts[line];
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// Every file the loader read, in path order.
#[derive(Debug, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    /// Registers a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file with this id, for the loader to fill in.
    pub(crate) fn get_mut(&mut self, id: FileId) -> &mut SourceFile {
        &mut self.files[id.0 as usize]
    }

    /// How many files were read.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
