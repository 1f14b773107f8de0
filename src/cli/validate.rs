//! `itsm validate`: every finding at once; the gate a CI job runs.

use std::io::{self, Write};

use super::{Context, Fatal, Outcome};
use crate::diag::{Anchor, Diagnostic, render};
use crate::load::{Files, Locator};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print findings: for people (on stderr), JSON, or GitHub Actions annotations (on stdout)
    #[arg(long, value_enum, default_value_t = Style::Human)]
    pub format: Style,

    /// Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Output styles of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    Human,
    Json,
    Github,
}

pub fn run(context: &Context, args: &Args, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let loaded = context.load()?;
    let options = crate::validate::Options { as_of: context.as_of };
    let mut findings = loaded.diagnostics.clone();
    findings.extend(crate::validate::validate(&loaded.estate, &options));
    let findings = locate_and_sort(&loaded.files, findings);

    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    match args.format {
        Style::Human => {
            let mut err = io::stderr().lock();
            render::human(&loaded.files, &findings, context.color, 100, &mut err).map_err(Fatal::from_io)?;
            let records = loaded.estate.record_count();
            writeln!(
                err,
                "{}: {errors} error{}, {warnings} warning{} in {records} record{} from {} file{}",
                if failed { "failed" } else { "checked" },
                plural(errors),
                plural(warnings),
                plural(records),
                loaded.files.len(),
                plural(loaded.files.len()),
            )
            .map_err(Fatal::from_io)?;
        }
        Style::Json => render::json(&loaded.files, &findings, out).map_err(Fatal::from_io)?,
        Style::Github => {
            let prefix = github_prefix(&context.dir);
            render::github(&loaded.files, &findings, &prefix, out).map_err(Fatal::from_io)?;
        }
    }
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Resolves every field anchor to a span and sorts findings by file,
/// position and code, so that the same records give the same output.
pub fn locate_and_sort(files: &Files, mut findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut locator = Locator::new(files);
    for finding in &mut findings {
        locator.resolve(finding);
    }
    let key = |d: &Diagnostic| match d.primary.as_ref().map(|l| &l.anchor) {
        None => (None, 0),
        Some(Anchor::Span(file, span)) => (Some(files.get(*file).name.clone()), span.start),
        Some(anchor) => (Some(files.get(anchor.file()).name.clone()), 0),
    };
    findings
        .sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.code.cmp(&b.code)).then_with(|| a.message.cmp(&b.message)));
    findings.dedup();
    findings
}

/// The records directory as a prefix for paths relative to the current
/// folder, which is where a CI job's repository root is.
fn github_prefix(dir: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let relative = dir.strip_prefix(&cwd).unwrap_or(dir);
    let text = relative.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./").trim_end_matches('/');
    if text.is_empty() || text == "." { String::new() } else { format!("{text}/") }
}
