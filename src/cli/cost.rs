//! `itsm cost report`.

use std::io::Write;

use super::{Context, Fatal, Outcome, require, warn_if_findings};
use crate::render::{Format, render};
use crate::report::cost::{self, By, FlagKind};
use crate::report::supplier::fiscal_year;

/// What `--fail-on` can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A cost above its budget in the period
    Overrun,
    /// A cost, or a share of one, that lands on no service
    Unallocated,
    /// A live service whose charge earns less than it costs
    Loss,
    /// A retired service that still costs money
    Retired,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Cost per service over a period (default: the fiscal year around --as-of): allocations,
    /// unit cost, margin, budget variance, flags, market prices
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: super::PeriodArgs,
    /// Totals by this too
    #[arg(long, value_enum, default_value_t = By::Service)]
    pub by: By,
    /// Only this service
    #[arg(long)]
    pub service: Option<String>,
    /// Exit 1 when any of these is found
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(context: &Context, command: &Command, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let Command::Report(args) = command;
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    let estate = &loaded.estate;
    if let Some(id) = &args.service {
        require(id, "service", estate.services.iter().map(|s| s.id.as_str()))?;
    }
    let span = args.period.span()?.unwrap_or_else(|| fiscal_year(estate, context.as_of));
    let options = cost::Options { span, by: args.by, service: args.service.clone() };
    let report = cost::report(estate, &options).map_err(|e| Fatal(e.to_string()))?;
    render(&report, args.format, out).map_err(Fatal::from_io)?;
    let failed = report.flags.iter().any(|f| {
        args.fail_on.iter().any(|on| match on {
            FailOn::Overrun => f.kind == FlagKind::BudgetOverrun,
            FailOn::Unallocated => f.kind == FlagKind::Unallocated,
            FailOn::Loss => f.kind == FlagKind::ChargeDoesNotCover,
            FailOn::Retired => f.kind == FlagKind::RetiredStillCosts,
        })
    });
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}
