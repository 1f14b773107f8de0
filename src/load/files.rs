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
        let extension = path.extension()?.to_str()?;
        let is = |name: &str| extension.eq_ignore_ascii_case(name);
        if is("yaml") || is("yml") {
            Some(Format::Yaml)
        } else if is("toml") {
            Some(Format::Toml)
        } else if is("csv") {
            Some(Format::Csv)
        } else {
            None
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
    /// The text; empty when the file could not be read as UTF-8. Released
    /// after loading when nothing was found in the file, and read again
    /// only if a finding must show it.
    text: OnceLock<String>,
    /// The length and hash of a released text, to make sure that the file
    /// read again is the one that was loaded.
    released: Option<(usize, u64)>,
    /// The records in the file, in order; `Origin::doc` indexes this.
    pub docs: Vec<DocSlice>,
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file with its text and no documents yet.
    pub fn new(name: String, path: PathBuf, format: Format, text: String) -> Self {
        let text = OnceLock::from(text);
        Self { name, path, format, text, released: None, docs: Vec::new(), line_starts: OnceLock::new() }
    }

    /// The text of the file. A released text is read again from disk; if
    /// the file changed or vanished since it was loaded, the text is empty
    /// and findings in it are shown without a snippet.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let Some((len, hash)) = self.released else { return String::new() };
            match std::fs::read(&self.path) {
                Ok(bytes) if bytes.len() == len && fingerprint(&bytes) == hash => {
                    String::from_utf8(bytes).unwrap_or_default()
                }
                _ => String::new(),
            }
        })
    }

    /// Sets the text of the file.
    pub(crate) fn set_text(&mut self, text: String) {
        self.text = OnceLock::from(text);
        self.released = None;
        self.line_starts = OnceLock::new();
    }

    /// Keeps the text of the file, or lets go of it (see [`Text`]).
    pub(crate) fn keep(&mut self, text: Text) {
        match text {
            Text::Kept(text) => self.set_text(text),
            Text::Released { len, hash } => {
                self.released = Some((len, hash));
                self.text = OnceLock::new();
                self.line_starts = OnceLock::new();
            }
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text().match_indices('\n').map(|(i, _)| i + 1)).collect());
        let text = self.text();
        let offset = offset.min(text.len());
        let line = starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let start = starts[line];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// A file's text as the loader keeps it: most files have no finding, and
/// keeping every text would add the size of the estate to the peak
/// memory, so the text of a file without findings is let go of as soon
/// as it is parsed, and read again from disk only if a later finding
/// needs it.
#[derive(Debug)]
pub(crate) enum Text {
    Kept(String),
    Released { len: usize, hash: u64 },
}

impl Text {
    /// Lets go of `text`, keeping what tells whether the file changed.
    pub(crate) fn release(text: String) -> Text {
        Text::Released { len: text.len(), hash: fingerprint(text.as_bytes()) }
    }
}

/// A hash of a file's bytes, to tell whether it changed.
fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x1757).hash_one(bytes)
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
