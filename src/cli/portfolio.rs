//! `itsm portfolio review`.

use std::io::Write;

use super::{Context, Fatal, Outcome, require, warn_if_findings};
use crate::render::{Format, render};
use crate::report::portfolio::{self, Recommendation};

/// What `--fail-on` can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A live service the grid says to eliminate
    Eliminate,
    /// A live service the grid says to migrate
    Migrate,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Every service's cost, demand trend, SLA, satisfaction and incidents; tolerate, invest, migrate or eliminate
    Review(ReviewArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Only this service
    #[arg(long)]
    pub service: Option<String>,
    /// Exit 1 when a live service gets one of these recommendations
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(context: &Context, command: &Command, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let Command::Review(args) = command;
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    let estate = &loaded.estate;
    if let Some(id) = &args.service {
        require(id, "service", estate.services.iter().map(|s| s.id.as_str()))?;
    }
    let report = portfolio::review(estate, context.as_of, args.service.as_deref()).map_err(|e| Fatal(e.to_string()))?;
    render(&report, args.format, out).map_err(Fatal::from_io)?;
    let failed = report.services.iter().any(|r| {
        args.fail_on.iter().any(|f| match f {
            FailOn::Eliminate => r.recommendation == Some(Recommendation::Eliminate),
            FailOn::Migrate => r.recommendation == Some(Recommendation::Migrate),
        })
    });
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}
