//! JSON Schema of the records (`itsm schema`), generated from the same
//! types the loader decodes, so that an editor checks a record as it is
//! typed by the rules `itsm validate` applies to it.
//!
//! The derives on the model types describe the structure (`serde`'s
//! `deny_unknown_fields` becomes `additionalProperties: false`, defaults
//! make a field optional); the value types that parse text describe what
//! their parser accepts in [`values`]. The schemas are draft-07, the newest
//! draft that yaml-language-server and VS Code fully support.

mod values;

use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

use super::{Component, Cost, Demand, Feedback, Incident, Kind, Outage, Project, Service, Sla, Supplier, Team};

/// What `itsm schema` describes: one record kind, or the project file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Kind(Kind),
    /// `itsm.toml`.
    Project,
}

impl Subject {
    /// The name of the project file's schema on the command line.
    pub const PROJECT: &'static str = "project";

    /// The subject named `name`: a kind, or `project`.
    pub fn parse(name: &str) -> Option<Subject> {
        if name == Self::PROJECT { Some(Subject::Project) } else { Kind::parse(name).map(Subject::Kind) }
    }

    /// Every name [`Subject::parse`] accepts, kinds first.
    pub fn names() -> impl Iterator<Item = &'static str> + Clone {
        Kind::ALL.into_iter().map(Kind::as_str).chain([Self::PROJECT])
    }
}

/// The schema of one subject, as a standalone document.
pub fn of(subject: Subject) -> Value {
    let mut generator = settings().into_generator();
    let (mut root, title) = match subject {
        Subject::Project => (generator.root_schema_for::<Project>(), "itsm.toml, the project file".to_string()),
        Subject::Kind(kind) => (root_for(kind, &mut generator), format!("An itsm {} record", kind.noun())),
    };
    root.insert("title".into(), title.into());
    readable(root.to_value())
}

/// The document with `$schema`, `title` and `description` first and the
/// definitions last, as a person reads it.
fn readable(document: Value) -> Value {
    let Value::Object(mut map) = document else { return document };
    let mut ordered = serde_json::Map::new();
    for key in ["$schema", "title", "description"] {
        if let Some(value) = map.remove(key) {
            ordered.insert(key.into(), value);
        }
    }
    let definitions = map.remove("definitions");
    ordered.extend(map);
    if let Some(definitions) = definitions {
        ordered.insert("definitions".into(), definitions);
    }
    Value::Object(ordered)
}

/// The schema of a records file of any kind: one record, selected by its
/// `kind`, or a TOML file in the array form (only `[[records]]` tables).
pub fn any_record() -> Value {
    let mut generator = settings().into_generator();
    let kinds: Vec<Value> = Kind::ALL.into_iter().map(|kind| ref_for(kind, &mut generator).to_value()).collect();
    let mut definitions = generator.take_definitions(true);
    definitions.insert(
        "Record".into(),
        json!({
            "description": "One record: its `kind` selects the schema it must match.",
            "oneOf": kinds,
        }),
    );
    let root = json!({
        "$schema": settings().meta_schema,
        "title": "An itsm records file",
        "description": "One itsm record of any kind (a YAML document or a TOML file), or a TOML file in the array form \
                        that holds only `[[records]]` tables. See docs/records.md.",
        "if": { "required": ["records"], "not": { "required": ["kind"] } },
        "then": {
            "type": "object",
            "properties": {
                "records": { "type": "array", "items": { "$ref": "#/definitions/Record" } }
            },
            "additionalProperties": false
        },
        "else": { "$ref": "#/definitions/Record" },
        "definitions": definitions,
    });
    root
}

fn settings() -> SchemaSettings {
    SchemaSettings::draft07()
}

/// The root schema of a record kind.
fn root_for(kind: Kind, generator: &mut SchemaGenerator) -> Schema {
    match kind {
        Kind::Service => generator.root_schema_for::<Service>(),
        Kind::Sla => generator.root_schema_for::<Sla>(),
        Kind::Supplier => generator.root_schema_for::<Supplier>(),
        Kind::Component => generator.root_schema_for::<Component>(),
        Kind::Team => generator.root_schema_for::<Team>(),
        Kind::Outage => generator.root_schema_for::<Outage>(),
        Kind::Incident => generator.root_schema_for::<Incident>(),
        Kind::Demand => generator.root_schema_for::<Demand>(),
        Kind::Cost => generator.root_schema_for::<Cost>(),
        Kind::Feedback => generator.root_schema_for::<Feedback>(),
    }
}

/// A reference to a record kind's schema, added to the definitions.
fn ref_for(kind: Kind, generator: &mut SchemaGenerator) -> Schema {
    match kind {
        Kind::Service => generator.subschema_for::<Service>(),
        Kind::Sla => generator.subschema_for::<Sla>(),
        Kind::Supplier => generator.subschema_for::<Supplier>(),
        Kind::Component => generator.subschema_for::<Component>(),
        Kind::Team => generator.subschema_for::<Team>(),
        Kind::Outage => generator.subschema_for::<Outage>(),
        Kind::Incident => generator.subschema_for::<Incident>(),
        Kind::Demand => generator.subschema_for::<Demand>(),
        Kind::Cost => generator.subschema_for::<Cost>(),
        Kind::Feedback => generator.subschema_for::<Feedback>(),
    }
}

/// The schema of a record's `kind` field: exactly this kind's name.
pub(crate) fn kind_is(kind: Kind) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        *schema = json_schema!({
            "description": format!("The record kind: always `{kind}` for {}.", kind.with_article()),
            "const": kind.as_str(),
        });
    }
}

/// An `id`: a slug of at most 64 characters (`invalid-id` otherwise).
pub(crate) fn slug(schema: &mut Schema) {
    schema.insert("pattern".into(), "^[a-z0-9]+(-[a-z0-9]+)*$".into());
    schema.insert("maxLength".into(), 64.into());
    schema.insert(
        "description".into(),
        "Unique across all records: lowercase letters and digits, in words joined by single hyphens.".into(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subject_has_a_name_and_a_schema() {
        let names: Vec<&str> = Subject::names().collect();
        assert_eq!(names.len(), Kind::ALL.len() + 1);
        for name in names {
            let subject = Subject::parse(name).expect("a known name");
            let schema = of(subject);
            assert_eq!(schema["additionalProperties"], false, "{name}");
        }
    }

    #[test]
    fn records_require_their_own_kind() {
        for kind in Kind::ALL {
            let schema = of(Subject::Kind(kind));
            assert_eq!(schema["properties"]["kind"]["const"], kind.as_str());
            assert!(schema["required"].as_array().is_some_and(|r| r.contains(&"kind".into())));
        }
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(any_record(), any_record());
    }
}
