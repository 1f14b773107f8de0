//! `itsm supplier review`.

use std::io::Write;

use super::{Context, Fatal, Outcome, require, warn_if_findings};
use crate::model::units::CalendarSpan;
use crate::render::{Format, render};
use crate::report::supplier;

/// What `--fail-on` can gate on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A contract's notice date falls within the horizon
    Notice,
    /// A supplier review is overdue
    Overdue,
    /// A supplier commits to less than an SLA that depends on it
    Weak,
    /// A supplier is behind more critical services than the threshold
    Concentration,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Contracts and notice dates, reviews, weak commitments, spend, concentration, performance
    Review(ReviewArgs),
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// How far ahead a notice date counts as due: 90d, 3 months, 1y
    #[arg(long, default_value = "90d")]
    pub horizon: CalendarSpan,
    /// Only this supplier
    #[arg(long)]
    pub supplier: Option<String>,
    /// Exit 1 when any of these is found
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
    if let Some(id) = &args.supplier {
        require(id, "supplier", estate.suppliers.iter().map(|s| s.id.as_str()))?;
    }
    let options = supplier::Options { as_of: context.as_of, horizon: args.horizon, supplier: args.supplier.clone() };
    let report = supplier::review(estate, &options);
    render(&report, args.format, out).map_err(Fatal::from_io)?;
    let failed = args.fail_on.iter().any(|f| match f {
        FailOn::Notice => !report.notice_due.is_empty(),
        FailOn::Overdue => report.reviews.iter().any(|r| r.overdue),
        FailOn::Weak => !report.weak_commitments.is_empty(),
        FailOn::Concentration => report.suppliers.iter().any(|s| s.concentrated),
    });
    Ok(if failed { Outcome::Findings } else { Outcome::Clean })
}
