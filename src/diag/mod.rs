//! Findings: what is wrong, where, and how to fix it.
//!
//! A [`Diagnostic`] is built where the problem is found, anchored either to
//! a byte span in a file or to a field path inside a record; the loader's
//! locator later turns paths into spans, so that rendering can show file,
//! line, column and a snippet.

mod codes;
mod path;
pub mod render;

use std::ops::Range;

pub use codes::{Code, Severity};
pub use path::{FieldPath, Seg};

use crate::load::FileId;
use crate::model::Origin;

/// Where a label points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// A whole file, when nothing inside it can be named.
    File(FileId),
    /// A byte range in a file.
    Span(FileId, Range<usize>),
    /// A field inside a record, resolved to a span by the locator.
    Field(Origin, FieldPath),
}

impl Anchor {
    /// The file the anchor is in.
    pub fn file(&self) -> FileId {
        match self {
            Anchor::File(file) | Anchor::Span(file, _) => *file,
            Anchor::Field(origin, _) => origin.file,
        }
    }
}

/// A pointer into the source with a short text shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub anchor: Anchor,
    pub text: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is wrong; `None` for findings about the directory itself.
    pub primary: Option<Label>,
    /// Other places that explain the finding (the first of two duplicates).
    pub related: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding with the code's own severity and no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: None,
            related: Vec::new(),
            help: None,
        }
    }

    /// Points the finding at `anchor`, labelled `text`.
    pub fn at(mut self, anchor: Anchor, text: impl Into<String>) -> Self {
        self.primary = Some(Label { anchor, text: text.into() });
        self
    }

    /// Points the finding at a field of a record.
    pub fn at_field(self, origin: Origin, path: FieldPath, text: impl Into<String>) -> Self {
        self.at(Anchor::Field(origin, path), text)
    }

    /// Adds a second place worth showing.
    pub fn also(mut self, anchor: Anchor, text: impl Into<String>) -> Self {
        self.related.push(Label { anchor, text: text.into() });
        self
    }

    /// Says how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether the finding is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The closest of `candidates` to `word`, if one is close enough to be a
/// likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // Edits allowed grow with the word: one typo in a short word, up to
    // three in a long one. Transposed letters count as one edit.
    let word = word.to_lowercase();
    let allowed = match word.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&word, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| strsim::jaro_winkler(&word, b.1).total_cmp(&strsim::jaro_winkler(&word, a.1)))
                .then_with(|| a.1.cmp(b.1))
        })
        .map(|(_, c)| c)
}

/// `help` with a "did you mean" suggestion put first when there is one.
pub fn suggest<'a, I>(word: &str, candidates: I, fallback: impl Into<String>) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match did_you_mean(word, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => fallback.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions() {
        let kinds = ["service", "sla", "supplier", "component", "team"];
        assert_eq!(did_you_mean("servise", kinds), Some("service"));
        assert_eq!(did_you_mean("wbe", ["web", "ops"]), Some("web"));
        assert_eq!(did_you_mean("Team", kinds), Some("team"));
        assert_eq!(did_you_mean("compnent", kinds), Some("component"));
        assert_eq!(did_you_mean("xyz", kinds), None);
        assert_eq!(did_you_mean("", kinds), None);
    }
}
