//! Turning field paths into byte spans, lazily: a document's tree is built
//! the first time a finding points into it, and kept for the next one.

use std::collections::HashMap;
use std::ops::Range;

use super::node::{Node, toml_tree, yaml_tree};
use super::{Files, Format};
use crate::diag::{Anchor, Diagnostic, FieldPath};
use crate::model::Origin;

/// Resolves [`Anchor::Field`] anchors to spans.
pub struct Locator<'a> {
    files: &'a Files,
    trees: HashMap<Origin, Option<Node>>,
}

impl<'a> Locator<'a> {
    /// A locator over `files`.
    pub fn new(files: &'a Files) -> Self {
        Self { files, trees: HashMap::new() }
    }

    /// The byte span of `path` inside the record at `origin`; the record's
    /// first byte when the path cannot be found.
    pub fn span(&mut self, origin: Origin, path: &FieldPath) -> Range<usize> {
        let file = self.files.get(origin.file);
        let Some(doc) = file.docs.get(origin.doc) else { return 0..1 };
        let tree = self.trees.entry(origin).or_insert_with(|| match file.format {
            Format::Toml => {
                let table = toml::de::DeTable::parse(file.text()).ok()?;
                let value = toml::Spanned::new(table.span(), toml::de::DeValue::Table(table.into_inner()));
                Some(toml_tree(&value))
            }
            // A text read again may have changed, and be empty: no tree then.
            _ => file.text().get(doc.range.clone()).and_then(yaml_tree).map(|mut tree| {
                shift(&mut tree, doc.range.start);
                tree
            }),
        });
        let mut full = doc.prefix.clone();
        full.0.extend(path.0.iter().cloned());
        match tree {
            Some(tree) => tree.locate(&full, true),
            None => doc.range.start..doc.range.start + 1,
        }
    }

    /// Rewrites every field anchor of `diagnostic` into a span anchor.
    pub fn resolve(&mut self, diagnostic: &mut Diagnostic) {
        let labels = diagnostic.primary.iter_mut().chain(diagnostic.related.iter_mut());
        for label in labels {
            if let Anchor::Field(origin, path) = &label.anchor {
                let span = self.span(*origin, path);
                label.anchor = Anchor::Span(origin.file, span);
            }
        }
    }
}

fn shift(node: &mut Node, by: usize) {
    node.span = node.span.start + by..node.span.end + by;
    match &mut node.value {
        super::node::NodeValue::Scalar => {}
        super::node::NodeValue::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        super::node::NodeValue::Map(entries) => {
            for (_, key, value) in entries {
                *key = key.start + by..key.end + by;
                shift(value, by);
            }
        }
    }
}
