//! The JSON Schema of `itsm schema` against the loader: it accepts every
//! record of the example estate, rejects the broken records of the
//! schema-level validation cases (`tests/cmd/diag-*.in/`) for the reason
//! the loader gives, and its value patterns agree with the value parsers.
//!
//! Records reach the schema the way an editor sees them: a YAML document
//! or a TOML table turned into a JSON value (TOML dates and times become
//! their text, as TOML editors do).

use std::path::{Path, PathBuf};

use itsm::model::Kind;
use itsm::model::schema::{self, Subject};
use itsm::model::units::{Amount, CalendarSpan, Currency, Date, Duration, Percent, Period, TimeOfDay, Timestamp};
use jsonschema::Validator;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn validator(schema: &Value) -> Validator {
    jsonschema::validator_for(schema).expect("the schema compiles")
}

/// Every record of a file as JSON: one per YAML document, one per TOML
/// record (the file itself, or each `[[records]]` table).
fn documents(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("readable");
    if path.extension().is_some_and(|e| e == "toml") {
        let value = toml_to_json(toml::from_str::<toml::Value>(&text).expect("TOML"));
        match value.get("records") {
            Some(Value::Array(records)) if value.get("kind").is_none() => records.clone(),
            _ => vec![value],
        }
    } else {
        itsm::load::split_documents(&text)
            .into_iter()
            .map(|range| serde_saphyr::from_str::<Value>(&text[range]).expect("YAML"))
            .collect()
    }
}

/// A whole TOML file as JSON.
fn toml_file(path: &Path) -> Value {
    toml_to_json(toml::from_str(&std::fs::read_to_string(path).expect("readable")).expect("TOML"))
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

fn records_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walkable").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "toml"))
        .collect();
    files.sort();
    files
}

fn errors(validator: &Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{} at `{}`", e, e.instance_path())).collect()
}

#[test]
fn accepts_every_record_of_the_example_estate() {
    let any = validator(&schema::any_record());
    let kinds: Vec<(Kind, Validator)> =
        Kind::ALL.into_iter().map(|k| (k, validator(&schema::of(Subject::Kind(k))))).collect();
    let project = validator(&schema::of(Subject::Project));
    let root = Path::new("examples/northwind");
    let mut checked = 0;
    for path in records_files(root) {
        if path == root.join("itsm.toml") {
            let value = toml_file(&path);
            assert!(project.is_valid(&value), "{}: {:?}", path.display(), errors(&project, &value));
            continue;
        }
        if path.extension().is_some_and(|e| e == "toml") {
            let file = toml_file(&path);
            assert!(any.is_valid(&file), "{} as a whole: {:?}", path.display(), errors(&any, &file));
        }
        for (index, record) in documents(&path).into_iter().enumerate() {
            let name = record["kind"].as_str().unwrap_or_default();
            let (_, own) = kinds.iter().find(|(k, _)| k.as_str() == name).expect("a known kind");
            assert!(own.is_valid(&record), "{} record {index}: {:?}", path.display(), errors(own, &record));
            assert!(any.is_valid(&record), "{} record {index}: {:?}", path.display(), errors(&any, &record));
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} records checked");
}

/// A validation case whose records file holds a record broken at the
/// schema level: the case, the file, the broken document, and the fix the
/// loader's finding asks for (a JSON pointer and the value to put there,
/// `null` to remove the field), after which the schema must accept it.
const BROKEN: &[Broken] = &[
    ("unknown-field", "teams.yaml", 0, Some(("/emial", "null"))),
    ("unknown-field-toml", "platform.toml", 0, Some(("/emial", "null"))),
    ("missing-field", "services.yaml", 0, Some(("/owner", r#""platform""#))),
    ("missing-field-toml", "patient-portal.toml", 0, Some(("/owner", r#""platform""#))),
    ("invalid-choice", "services.yaml", 0, Some(("/lifecycle", r#""live""#))),
    ("invalid-type", "services.yaml", 0, Some(("/depends_on", r#"["identity"]"#))),
    ("invalid-value", "services.yaml", 0, Some(("/continuity/rto", r#""4h""#))),
    ("invalid-value-toml", "patient-portal.toml", 0, Some(("/continuity/rto", r#""4h""#))),
    ("invalid-value-score", "feedback.yaml", 0, Some(("/score", "4.5"))),
    ("invalid-id", "services.yaml", 0, Some(("/id", r#""patient-portal""#))),
    ("unknown-kind", "teams.yaml", 0, Some(("/kind", r#""team""#))),
    ("missing-kind", "teams.yaml", 0, Some(("/kind", r#""team""#))),
    ("not-a-record", "teams.yaml", 1, None),
];

/// A case, its records file, the broken document in it, and its fix.
type Broken = (&'static str, &'static str, usize, Option<Fix>);

/// A JSON pointer and the JSON value to put there.
type Fix = (&'static str, &'static str);

/// `record` with the value at `pointer` set, or removed for `null`.
fn fixed(mut record: Value, pointer: &str, value: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let value: Value = serde_json::from_str(value).expect("JSON");
    let map = record.pointer_mut(parent).and_then(Value::as_object_mut).expect("a mapping");
    if value.is_null() {
        map.remove(key);
    } else {
        map.insert(key.into(), value);
    }
    record
}

#[test]
fn rejects_the_broken_records_of_the_validation_cases() {
    let any = validator(&schema::any_record());
    for &(case, broken_file, broken_doc, fix) in BROKEN {
        let dir = PathBuf::from(format!("tests/cmd/diag-{case}.in"));
        let mut rejected = 0;
        for path in records_files(&dir).into_iter().filter(|p| !p.ends_with("itsm.toml")) {
            for (index, record) in documents(&path).into_iter().enumerate() {
                let broken = path.ends_with(broken_file) && index == broken_doc;
                assert_eq!(any.is_valid(&record), !broken, "{case}: {} record {index}", path.display());
                let Some((pointer, value)) = fix.filter(|_| broken) else { continue };
                rejected += 1;
                let record = fixed(record, pointer, value);
                assert!(any.is_valid(&record), "{case}: still rejected once fixed: {:?}", errors(&any, &record));
                let kind = Subject::parse(record["kind"].as_str().expect("a kind")).expect("a known kind");
                let own = validator(&schema::of(kind));
                assert!(own.is_valid(&record), "{case}: its kind rejects the fix: {:?}", errors(&own, &record));
            }
        }
        assert_eq!(rejected, usize::from(fix.is_some()), "{case}: the broken record was not found");
    }
    let not_a_record = toml_file(Path::new("tests/cmd/diag-not-a-record-toml.in/teams.toml"));
    assert!(!any.is_valid(&not_a_record), "records must be tables");
}

/// Whether the schema of `T` accepts `value`.
fn schema_accepts(definition: &str, value: &Value) -> bool {
    let any = schema::any_record();
    let document = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": any["definitions"],
        "allOf": [{ "$ref": format!("#/definitions/{definition}") }],
    });
    validator(&document).is_valid(value)
}

#[derive(serde::Deserialize)]
struct One<T> {
    #[allow(dead_code)]
    v: T,
}

/// Checks that the schema of `T` and its parser agree on every YAML
/// scalar in `samples`, each written as it stands after `v: `.
fn agree_yaml<T: DeserializeOwned>(definition: &str, samples: &[&str]) {
    for sample in samples {
        let text = format!("v: {sample}\n");
        let value: Value = serde_saphyr::from_str(&text).expect("YAML");
        let loader = serde_saphyr::from_str::<One<T>>(&text).is_ok();
        let schema = schema_accepts(definition, &value["v"]);
        assert_eq!(schema, loader, "{definition} `{sample}` (YAML): schema says {schema}, loader says {loader}");
    }
}

/// The same for TOML values, written as they stand after `v = `.
fn agree_toml<T: DeserializeOwned>(definition: &str, samples: &[&str]) {
    for sample in samples {
        let text = format!("v = {sample}\n");
        let value = toml_to_json(toml::from_str::<toml::Value>(&text).expect("TOML"));
        let loader = toml::from_str::<One<T>>(&text).is_ok();
        let schema = schema_accepts(definition, &value["v"]);
        assert_eq!(schema, loader, "{definition} `{sample}` (TOML): schema says {schema}, loader says {loader}");
    }
}

#[test]
fn value_patterns_agree_with_the_parsers() {
    agree_yaml::<Duration>(
        "Duration",
        &["30m", "15min", "4h", "2d", "1w", "90s", "1h30m", "1d12h", "'4 h'", "'1h 30m'", "0m"],
    );
    agree_yaml::<Duration>("Duration", &["30", "4 hours", "-1h", "h", "1.5h", "''", "4H"]);
    agree_yaml::<Percent>("Percent", &["99.9", "100", "0", "'99.9%'", "'50 %'", "100.0", ".5", "5.", "'+5'"]);
    agree_yaml::<Percent>("Percent", &["101", "-1", "100.5", "'abc'", "'99,9'", "'%'"]);
    agree_toml::<Percent>("Percent", &["99.9", "100", "0", "\"99.95%\"", "101", "-0.5"]);
    agree_yaml::<Amount>("Amount", &["1200", "12.50", "0.18", "'7800.00'", "1_200_000", "12.3456", "0"]);
    agree_yaml::<Amount>("Amount", &["-5", "12.34567", "'1,200'", "'12,50'", "abc", "'1.2.3'"]);
    agree_toml::<Amount>("Amount", &["1200", "12.5", "0.18", "\"7800.00\"", "12.3456", "12.34567", "-1", "1_200"]);
    agree_yaml::<Currency>("Currency", &["EUR", "USD", "eur", "EURO", "'E1R'", "123"]);
    agree_yaml::<CalendarSpan>(
        "CalendarSpan",
        &["3 months", "90 days", "1 year", "2 weeks", "6mo", "30d", "2y", "1 day", "3", "3 fortnights", "months"],
    );
    agree_yaml::<Date>("Date", &["2026-03-14", "2026-12-31", "2026-3-14", "14.03.2026", "2026-13-01", "2026"]);
    agree_toml::<Date>("Date", &["2026-03-14", "\"2026-03-14\"", "\"2026/03/14\""]);
    agree_yaml::<Timestamp>(
        "Timestamp",
        &[
            "2026-10-14T09:40:00+02:00",
            "2026-10-27T03:14:00+01:00",
            "2026-03-14T08:12:00Z",
            "2026-10-14T09:40+02:00",
            "2026-10-14T09:40",
            "2026-10-14T09:40:00",
            "'2026-10-14 09:40:00'",
            "'2026-10-14 09:40'",
            "2026-10-14T09:40:00.250+02:00",
            "2026-10-14",
            "'2026-10-14 9:40 am'",
            "2026-10-14T25:00:00Z",
        ],
    );
    agree_toml::<Timestamp>(
        "Timestamp",
        &["2026-07-22T10:15:00+02:00", "2026-07-22T10:15:00", "2026-07-22T10:15:00Z", "2026-07-22"],
    );
    agree_yaml::<TimeOfDay>(
        "TimeOfDay",
        &["'08:00'", "'17:30'", "'24:00'", "'00:00'", "'08:00:00'", "'08:00:30'", "'24:30'", "'8am'", "'25:00'"],
    );
    agree_toml::<TimeOfDay>("TimeOfDay", &["\"08:00\"", "08:00:00", "17:30:00", "08:00:30"]);
    agree_yaml::<Period>("Period", &["2026", "2026-Q1", "2026-Q4", "2026-03", "2026-W07", "2026-W53", "2026-03-14"]);
    agree_yaml::<Period>("Period", &["2026-Q5", "2026-3", "2026-W7", "26", "2026-13", "'2026 Q1'"]);
    agree_toml::<Period>("Period", &["2026", "\"2026-Q2\"", "2026-03-14", "999"]);
}

#[test]
fn support_hours_are_24x7_or_a_calendar() {
    let accepts = |value: Value| schema_accepts("SupportHours", &value);
    assert!(accepts(json!("24x7")));
    assert!(accepts(json!({ "start": "08:00", "end": "18:00" })));
    assert!(!accepts(json!("24/7")));
    assert!(!accepts(json!({ "start": "08:00" })));
    assert!(!accepts(json!({ "start": "08:00", "end": "18:00", "days": ["monday"] })));
}
