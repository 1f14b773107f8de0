//! `itsm diff`: what a change to the records means, for reviewers.

use std::io::Write;

use super::{Context, Fatal, Outcome};
use crate::diag::Severity;
use crate::load::{self, git};
use crate::render::{Format, render};
use crate::report::diff;

/// What `--fail-on` can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// The change introduces an error
    NewErrors,
    /// The change introduces an error or a warning
    NewWarnings,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The revision to compare from [default: the merge base with the default branch]
    pub base: Option<String>,
    /// The revision to compare to [default: the working tree]
    pub head: Option<String>,
    /// Exit 1 when the change makes things worse
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Output format; markdown is written to be posted as a pull-request comment
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(context: &Context, args: &DiffArgs, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let base_rev = match &args.base {
        Some(rev) => rev.clone(),
        None => git::default_base(&context.dir).map_err(Fatal)?,
    };
    let base_snapshot = git::snapshot(&context.dir, &base_rev).map_err(Fatal)?;
    let base = load::load(&base_snapshot.root)?;
    let head_snapshot = match &args.head {
        Some(rev) => Some(git::snapshot(&context.dir, rev).map_err(Fatal)?),
        None => None,
    };
    let head = load::load(head_snapshot.as_ref().map_or(context.dir.as_path(), |s| s.root.as_path()))?;
    let short = |rev: &str| rev.chars().take(12).collect::<String>();
    let head_name = args.head.clone().unwrap_or_else(|| "working tree".into());
    let result = diff::diff(&base, &head, &short(&base_rev), &head_name, context.as_of);
    render(&result, args.format, out).map_err(Fatal::from_io)?;
    let failed = args.fail_on.iter().any(|f| match f {
        FailOn::NewErrors => result.introduces(Severity::Error),
        FailOn::NewWarnings => result.introduces(Severity::Error) || result.introduces(Severity::Warning),
    });
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}
