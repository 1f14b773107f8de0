//! `itsm`: IT service management records, kept as YAML and TOML in git,
//! validated against typed schemas and turned into reports.
//!
//! The data flows one way:
//!
//! ```text
//! load      walk the directory, parse YAML/TOML, keep each file's text   (load)
//! validate  typed records -> cross-record rules -> findings             (validate)
//! report    pure functions: (&Estate, options) -> a report struct         (report)
//! render    a report struct -> table | json | csv | markdown             (render)
//! cli       clap definitions, wiring, and the one place exit codes live   (cli)
//! ```
//!
//! Findings ([`diag::Diagnostic`]) carry stable codes, documented in
//! `docs/diagnostics.md`. The library never prints; the CLI decides where
//! output goes.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod calendar;
pub mod cli;
pub mod diag;
pub mod forecast;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod validate;
