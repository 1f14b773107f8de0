//! Turns the errors serde reports while decoding a record into findings
//! with stable codes, the same way for YAML and TOML.

use crate::diag::{Anchor, Code, Diagnostic, suggest};
use crate::model::Kind;

/// What went wrong while decoding a record, independent of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SchemaError {
    UnknownField { field: String, expected: Vec<String> },
    UnknownVariant { variant: String, expected: Vec<String> },
    MissingField { field: String },
    InvalidType { message: String },
    InvalidValue { message: String },
    DuplicateKey { key: Option<String> },
    Syntax { message: String },
}

impl SchemaError {
    /// Classifies a serde error message, as `toml` renders them.
    pub(crate) fn from_message(message: &str) -> Self {
        let ticked = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
        if let Some(rest) = message.strip_prefix("unknown field ") {
            let mut names = ticked(rest);
            let field = if names.is_empty() { String::new() } else { names.remove(0) };
            return Self::UnknownField { field, expected: names };
        }
        if let Some(rest) = message.strip_prefix("unknown variant ") {
            let mut names = ticked(rest);
            let variant = if names.is_empty() { String::new() } else { names.remove(0) };
            return Self::UnknownVariant { variant, expected: names };
        }
        if let Some(rest) = message.strip_prefix("missing field ") {
            return Self::MissingField { field: ticked(rest).into_iter().next().unwrap_or_default() };
        }
        if message.starts_with("invalid type") {
            return Self::InvalidType { message: message.to_string() };
        }
        if message.starts_with("duplicate key") {
            return Self::DuplicateKey { key: ticked(message).into_iter().next() };
        }
        Self::InvalidValue { message: message.to_string() }
    }

    /// The known field an unknown field is probably a typo of.
    pub(crate) fn suggestion(&self) -> Option<String> {
        match self {
            SchemaError::UnknownField { field, expected } => {
                crate::diag::did_you_mean(field, expected.iter().map(String::as_str)).map(str::to_string)
            }
            _ => None,
        }
    }

    /// The finding for this error in a record of `kind`, at `anchor`.
    pub(crate) fn into_diagnostic(self, kind: Option<Kind>, anchor: Anchor) -> Diagnostic {
        let of_kind = kind.map(|k| format!(" of {} record", k.with_article())).unwrap_or_default();
        let reference = kind.map_or_else(
            || "see docs/records.md".to_string(),
            |k| format!("see docs/records.md#{k} for the fields of {}", k.with_article()),
        );
        match self {
            SchemaError::UnknownField { field, expected } => {
                let list = expected.join(", ");
                let fallback = if list.is_empty() {
                    format!("remove it; {reference}")
                } else {
                    format!("remove it, or use one of: {list}")
                };
                Diagnostic::new(Code::UnknownField, format!("unknown field `{field}`{of_kind}"))
                    .at(anchor, "not a field here")
                    .help(suggest(&field, expected.iter().map(String::as_str), fallback))
            }
            SchemaError::UnknownVariant { variant, expected } => {
                let list = expected.join(", ");
                let help = match crate::diag::did_you_mean(&variant, expected.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`? allowed values: {list}"),
                    None => format!("allowed values: {list}"),
                };
                Diagnostic::new(Code::InvalidChoice, format!("`{variant}` is not an allowed value"))
                    .at(anchor, "not allowed here")
                    .help(help)
            }
            SchemaError::MissingField { field } => {
                Diagnostic::new(Code::MissingField, format!("missing required field `{field}`{of_kind}"))
                    .at(anchor, format!("`{field}` is missing from this mapping"))
                    .help(format!("add `{field}`; {reference}"))
            }
            SchemaError::InvalidType { message } => {
                Diagnostic::new(Code::InvalidType, first_upper_lower(&message)).at(anchor, "wrong type").help(reference)
            }
            SchemaError::InvalidValue { message } => {
                let (what, expected) = match message.split_once("; expected ") {
                    Some((what, expected)) => (what.to_string(), Some(expected.to_string())),
                    None => (message, None),
                };
                Diagnostic::new(Code::InvalidValue, what)
                    .at(anchor, "cannot be read")
                    .help(expected.map_or(reference, |e| format!("write {e}")))
            }
            SchemaError::DuplicateKey { key } => {
                let key = key.map(|k| format!("`{k}` ")).unwrap_or_default();
                Diagnostic::new(Code::DuplicateKey, format!("the key {key}appears twice in one mapping"))
                    .at(anchor, "second occurrence")
                    .help("keep one of the two entries")
            }
            SchemaError::Syntax { message } => Diagnostic::new(Code::Syntax, message)
                .at(anchor, "here")
                .help("fix the YAML syntax at the marked place; quoting a value that holds `: ` or ` #` often helps"),
        }
    }
}

fn first_upper_lower(message: &str) -> String {
    message.trim_end_matches('.').to_string()
}
