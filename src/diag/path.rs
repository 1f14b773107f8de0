//! Paths to a value inside a record, such as `depends_on[2]`.

use std::fmt;

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path from a record's root to one of its values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    /// The record itself.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// A top-level field.
    pub fn key(name: &str) -> Self {
        Self(vec![Seg::Key(name.to_string())])
    }

    /// Parses a dotted path with `[i]` indexes, such as `contracts[0].end`.
    pub fn parse(text: &str) -> Self {
        let mut out = Self::root();
        for part in text.split('.') {
            let (key, indexes) = part.split_once('[').unwrap_or((part, ""));
            out = out.then_key(key);
            for index in indexes.split('[').filter(|s| !s.is_empty()) {
                if let Ok(i) = index.trim_end_matches(']').parse() {
                    out = out.then_index(i);
                }
            }
        }
        out
    }

    /// This path, one key further down.
    pub fn then_key(mut self, name: &str) -> Self {
        self.0.push(Seg::Key(name.to_string()));
        self
    }

    /// This path, one list index further down.
    pub fn then_index(mut self, index: usize) -> Self {
        self.0.push(Seg::Index(index));
        self
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(key) if i == 0 => f.write_str(key)?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}
