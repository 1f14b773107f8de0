//! Reading TOML records files: one record per file, or the array form,
//! a file holding only `[[records]]` tables, one record each.

use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::recover::{self, Failure, Style};
use super::schema_error::SchemaError;
use super::yaml::kind_diagnostic;
use super::{DocSlice, FileId, Parsed};
use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::model::{Kind, Origin, Record};

/// The key of the array form.
pub const RECORDS_KEY: &str = "records";

/// Reads every record of a TOML file.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for err in errors {
            let span = err.span().unwrap_or(0..1);
            let message = match err.message().trim() {
                // Dotted keys or table headers thousands of names long.
                "recursion limit" => "keys or tables nest too deeply to read (the recursion limit)".to_string(),
                message => message.to_string(),
            };
            let schema = if message.starts_with("duplicate key") {
                SchemaError::DuplicateKey {
                    key: text.get(span.clone()).map(|k| k.trim().trim_matches('"').to_string()),
                }
            } else {
                SchemaError::Syntax { message }
            };
            let mut diagnostic = schema.into_diagnostic(None, Anchor::Span(file, span));
            if diagnostic.code == Code::Syntax {
                diagnostic.help = Some("fix the TOML syntax at the marked place (see https://toml.io)".into());
            }
            parsed.diagnostics.push(diagnostic);
        }
        return parsed;
    }
    let whole = 0..text.len();
    let root = Spanned::new(table.span(), DeValue::Table(table.into_inner()));
    let DeValue::Table(top) = root.get_ref() else { return parsed };
    let array_form = !top.contains_key("kind") && top.contains_key(RECORDS_KEY);
    if top.is_empty() {
        return parsed;
    }
    if !array_form {
        parsed.docs.push(DocSlice { range: whole, prefix: FieldPath::root() });
        decode(file, 0, text, &root, None, &mut parsed);
        return parsed;
    }
    if let Some(extra) = top.keys().find(|k| k.get_ref() != RECORDS_KEY) {
        parsed.diagnostics.push(
            Diagnostic::new(Code::UnknownField, format!("unknown field `{}` beside `records`", extra.get_ref()))
                .at(Anchor::Span(file, extra.span()), "not a field here")
                .help("a file in the array form holds only `[[records]]` tables; move this into one of them"),
        );
    }
    let records = top.iter().find(|(k, _)| k.get_ref() == RECORDS_KEY).map(|(_, v)| v.clone());
    match records.as_ref().map(|v| (v.span(), v.get_ref())) {
        Some((_, DeValue::Array(items))) => {
            for (index, item) in items.iter().enumerate() {
                let doc = parsed.docs.len();
                parsed
                    .docs
                    .push(DocSlice { range: 0..text.len(), prefix: FieldPath::key(RECORDS_KEY).then_index(index) });
                decode(file, doc, text, item, Some(index), &mut parsed);
            }
        }
        Some((span, _)) => parsed.diagnostics.push(
            Diagnostic::new(Code::InvalidType, "`records` must be an array of tables")
                .at(Anchor::Span(file, span), "not an array")
                .help("write each record as a `[[records]]` table"),
        ),
        None => {}
    }
    parsed
}

/// Decodes the record `value`, which is the whole of `text` or its
/// `records` entry number `element`.
fn decode(
    file: FileId,
    doc: usize,
    text: &str,
    value: &Spanned<DeValue<'_>>,
    element: Option<usize>,
    parsed: &mut Parsed,
) {
    let origin = Origin { file, doc };
    let DeValue::Table(table) = value.get_ref() else {
        parsed.diagnostics.push(
            Diagnostic::new(Code::NotARecord, "this value is not a table, so it cannot be a record")
                .at(Anchor::Span(file, value.span()), "a record is expected here")
                .help("write each record as a `[[records]]` table"),
        );
        return;
    };
    let kind_value = table.iter().find(|(k, _)| k.get_ref() == "kind").map(|(_, v)| v);
    let name = kind_value.and_then(|v| v.get_ref().as_str()).unwrap_or("").to_string();
    let anchor = kind_value
        .map_or(Anchor::Span(file, value.span().start..value.span().start + 1), |v| Anchor::Span(file, v.span()));
    let Some(kind) = Kind::parse(&name) else {
        parsed.diagnostics.push(kind_diagnostic(&name, anchor));
        return;
    };
    let decoded = recover::decode_all(text, Style::Toml, |text| {
        let value = reparse(text, element).ok_or_else(|| Failure {
            diagnostic: SchemaError::Syntax { message: "the file no longer parses".into() }
                .into_diagnostic(Some(kind), Anchor::File(file)),
            offset: None,
            missing: None,
            fatal: true,
            suggests: None,
        })?;
        Record::decode(kind, TomlDecoder(value)).map_err(|err| {
            let span = err.span().unwrap_or(0..1);
            let schema = SchemaError::from_message(err.message().trim());
            let missing = match &schema {
                SchemaError::MissingField { field } => Some(field.clone()),
                _ => None,
            };
            Failure {
                offset: Some(span.start),
                suggests: schema.suggestion(),
                diagnostic: schema.into_diagnostic(Some(kind), Anchor::Span(file, span)),
                missing,
                fatal: false,
            }
        })
    });
    match decoded {
        Ok(record) => parsed.records.push((record, origin)),
        Err(found) => {
            parsed.diagnostics.extend(found);
            if let Some(id) = table.iter().find(|(k, _)| k.get_ref() == "id").and_then(|(_, v)| v.get_ref().as_str()) {
                parsed.failed.push((kind, id.to_string(), origin));
            }
        }
    }
}

/// Parses `text` again and takes the whole table, or `records` entry `element`.
fn reparse(text: &str, element: Option<usize>) -> Option<Spanned<DeValue<'_>>> {
    let table = DeTable::parse(text).ok()?;
    let root = Spanned::new(table.span(), DeValue::Table(table.into_inner()));
    let Some(index) = element else { return Some(root) };
    let DeValue::Table(top) = root.into_inner() else { return None };
    let records = top.into_iter().find(|(k, _)| k.get_ref() == RECORDS_KEY).map(|(_, v)| v)?;
    match records.into_inner() {
        DeValue::Array(items) => items.into_iter().nth(index),
        _ => None,
    }
}

struct TomlDecoder<'a>(Spanned<DeValue<'a>>);

impl crate::model::Decoder for TomlDecoder<'_> {
    type Error = toml::de::Error;

    fn decode<T: serde::de::DeserializeOwned>(self) -> Result<T, toml::de::Error> {
        T::deserialize(ValueDeserializer::from(self.0))
    }
}

/// Decodes the project file, reporting every problem in it.
pub fn parse_project(file: FileId, text: &str) -> Result<crate::model::Project, Vec<Diagnostic>> {
    recover::decode_all(text, Style::Toml, |text| {
        toml::from_str::<crate::model::Project>(text).map_err(|err| {
            let span = err.span().unwrap_or(0..1);
            let message = err.message().trim();
            let parses = DeTable::parse(text).is_ok();
            let schema = if parses {
                SchemaError::from_message(message)
            } else {
                SchemaError::Syntax { message: message.into() }
            };
            let missing = match &schema {
                SchemaError::MissingField { field } => Some(field.clone()),
                _ => None,
            };
            let suggests = schema.suggestion();
            let mut diagnostic = schema.into_diagnostic(None, Anchor::Span(file, span.clone()));
            diagnostic.help = diagnostic.help.map(|h| h.replace("see docs/records.md", "see docs/records.md#itsmtoml"));
            if diagnostic.code == Code::Syntax {
                diagnostic.help = Some("fix the TOML syntax at the marked place (see https://toml.io)".into());
            }
            Failure { diagnostic, offset: Some(span.start), missing, fatal: !parses, suggests }
        })
    })
}
