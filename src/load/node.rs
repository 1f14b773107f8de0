//! A light tree of a document's keys and values with their byte spans,
//! built only when a finding must be located inside a record that parsed.
//!
//! YAML trees are read through serde-saphyr's own `Spanned`, so anchors,
//! aliases and merge keys resolve exactly as they did for the typed parse;
//! TOML trees come from `toml`'s spanned document.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{FieldPath, Seg};

/// A value with its span, relative to the start of its document.
#[derive(Debug, Clone)]
pub struct Node {
    pub span: Range<usize>,
    pub value: NodeValue,
}

/// The shape of a [`Node`].
#[derive(Debug, Clone)]
pub enum NodeValue {
    Scalar,
    Seq(Vec<Node>),
    /// Entries with the key's text and span.
    Map(Vec<(String, Range<usize>, Node)>),
}

impl Node {
    /// The span of the value at `path`, or of the deepest part of the path
    /// that exists (a missing field points at its parent mapping's key).
    /// With `key` set, a mapping entry is pointed at by its key.
    pub fn locate(&self, path: &FieldPath, key: bool) -> Range<usize> {
        let mut node = self;
        let mut best = self.span.clone();
        for seg in &path.0 {
            let next = match (seg, &node.value) {
                (Seg::Key(name), NodeValue::Map(entries)) => {
                    entries.iter().find(|(k, _, _)| k == name).map(|(_, key_span, value)| (key_span.clone(), value))
                }
                (Seg::Index(i), NodeValue::Seq(items)) => items.get(*i).map(|n| (n.span.clone(), n)),
                _ => None,
            };
            match next {
                Some((key_span, child)) => {
                    best = if key && !matches!(child.value, NodeValue::Scalar) { key_span } else { child.span.clone() };
                    node = child;
                }
                None => break,
            }
        }
        best
    }
}

fn span_of<T>(spanned: &Spanned<T>) -> Range<usize> {
    let span = spanned.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().unwrap_or(0) as usize;
    start..start + len.max(1)
}

/// Parses a YAML document into a [`Node`] tree.
pub fn yaml_tree(text: &str) -> Option<Node> {
    let spanned: Spanned<NodeValue> = serde_saphyr::from_str(text).ok()?;
    let span = span_of(&spanned);
    Some(Node { span, value: spanned.value })
}

/// A mapping key as text, whatever scalar type it was written as.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for NodeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = NodeValue;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }

            fn visit_bool<E: de::Error>(self, _: bool) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_unit<E: de::Error>(self) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_none<E: de::Error>(self) -> Result<NodeValue, E> {
                Ok(NodeValue::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeValue, D::Error> {
                NodeValue::deserialize(d)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<NodeValue>>()? {
                    items.push(Node { span: span_of(&item), value: item.value });
                }
                Ok(NodeValue::Seq(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeValue, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
                    let value = map.next_value::<Spanned<NodeValue>>()?;
                    let key_span = span_of(&key);
                    entries.push((key.value.0, key_span, Node { span: span_of(&value), value: value.value }));
                }
                Ok(NodeValue::Map(entries))
            }
        }

        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Builds a [`Node`] tree from a spanned TOML value.
pub fn toml_tree(value: &toml::Spanned<toml::de::DeValue<'_>>) -> Node {
    let span = value.span();
    let value = match value.get_ref() {
        toml::de::DeValue::Array(items) => NodeValue::Seq(items.iter().map(toml_tree).collect()),
        toml::de::DeValue::Table(table) => {
            NodeValue::Map(table.iter().map(|(k, v)| (k.get_ref().to_string(), k.span(), toml_tree(v))).collect())
        }
        _ => NodeValue::Scalar,
    };
    Node { span, value }
}
