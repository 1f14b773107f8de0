//! `itsm schema`: the JSON Schema of the records, for editors; and `itsm
//! init` (in `init.rs`), a new records directory.

use std::io::Write;

use super::{Context, Fatal, Outcome};
use crate::model::schema::{self, Subject};

mod init;

pub use init::{InitArgs, init};

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// One record kind (service, sla, ...), or `project` for itsm.toml; every kind when absent
    pub kind: Option<String>,
}

/// Prints the schema of one kind, or of a records file of any kind.
pub fn schema(_context: &Context, args: &SchemaArgs, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let document = match &args.kind {
        None => schema::any_record(),
        Some(name) => schema::of(subject(name)?),
    };
    let text = serde_json::to_string_pretty(&document)?;
    writeln!(out, "{text}").map_err(Fatal::from_io)?;
    Ok(Outcome::Clean)
}

/// The subject `name` stands for, or the closest names when none.
fn subject(name: &str) -> Result<Subject, Fatal> {
    Subject::parse(name).ok_or_else(|| {
        let all: Vec<&str> = Subject::names().collect();
        let hint = crate::diag::suggest(
            name,
            Subject::names(),
            format!("the kinds are: {}, and `{}` for itsm.toml", all[..all.len() - 1].join(", "), Subject::PROJECT),
        );
        Fatal(format!("no record kind is called `{name}`: {hint}"))
    })
}
