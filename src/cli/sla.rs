//! `itsm sla check` and `itsm availability`.

use std::io::Write;

use super::{Context, Fatal, Outcome, warn_if_findings};
use crate::render::{Format, render};
use crate::report::availability;
use crate::report::sla::{self, Status};

/// What `--fail-on` can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// An SLA breached in the period
    Breach,
    /// An SLA at risk (or breached)
    AtRisk,
    /// A target above what the dependency chain can reach
    Infeasible,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Were SLAs met over a period (default: each SLA's measurement period around --as-of);
    /// error budget, burn rate, response and resolution, credits
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub period: super::PeriodArgs,
    /// Only this SLA
    #[arg(long)]
    pub sla: Option<String>,
    /// Only the SLAs of this service
    #[arg(long)]
    pub service: Option<String>,
    /// Exit 1 when any SLA is in one of these states
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct AvailabilityArgs {
    /// Only this service
    #[arg(long)]
    pub service: Option<String>,
    /// Exit 1 when an SLA target is above what the dependency chain can reach
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn check(context: &Context, args: &CheckArgs, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    let estate = &loaded.estate;
    if let Some(id) = &args.sla {
        super::require(id, "SLA", estate.slas.iter().map(|s| s.id.as_str()))?;
    }
    if let Some(id) = &args.service {
        super::require(id, "service", estate.services.iter().map(|s| s.id.as_str()))?;
    }
    let span = args.period.span()?;
    let options = sla::Options { span, sla: args.sla.clone(), service: args.service.clone(), as_of: context.as_of };
    let report = sla::check(estate, &options);
    render(&report, args.format, out).map_err(Fatal::from_io)?;
    let failed = report.slas.iter().any(|r| {
        args.fail_on.iter().any(|f| match f {
            FailOn::Breach => r.status == Status::Breached,
            FailOn::AtRisk => r.status >= Status::AtRisk,
            FailOn::Infeasible => !r.feasible,
        })
    });
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}

pub fn availability(context: &Context, args: &AvailabilityArgs, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    let estate = &loaded.estate;
    if let Some(id) = &args.service {
        super::require(id, "service", estate.services.iter().map(|s| s.id.as_str()))?;
    }
    let report = availability::report(estate, &availability::Options { service: args.service.clone() });
    render(&report, args.format, out).map_err(Fatal::from_io)?;
    let failed = args.fail_on.contains(&FailOn::Infeasible) && report.services.iter().any(|s| !s.feasible);
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}
