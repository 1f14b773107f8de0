//! `itsm satisfaction report` and `itsm dimensions report`.

use std::io::Write;

use super::{Context, Fatal, Outcome, require, warn_if_findings};
use crate::model::units::Period;
use crate::render::{Format, render};
use crate::report::period::Span;
use crate::report::{dimensions, satisfaction};

#[derive(Debug, clap::Subcommand)]
pub enum SatisfactionCommand {
    /// Satisfaction per service and customer, trend, evidence, falls during SLA breaches
    Report {
        /// Only feedback for periods starting in this one: 2026, 2026-Q3, 2026-10
        #[arg(long)]
        period: Option<Period>,
        /// Only this service
        #[arg(long)]
        service: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum DimensionsCommand {
    /// Live services against the four dimensions, with the gaps
    Report {
        /// Only this service
        #[arg(long)]
        service: Option<String>,
        /// Exit 1 when a live service has a gap
        #[arg(long)]
        fail_on_gap: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub fn satisfaction(context: &Context, command: &SatisfactionCommand, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let SatisfactionCommand::Report { period, service, format } = command;
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    if let Some(id) = service {
        require(id, "service", loaded.estate.services.iter().map(|s| s.id.as_str()))?;
    }
    let options = satisfaction::Options { span: period.map(Span::of), service: service.clone(), as_of: context.as_of };
    render(&satisfaction::report(&loaded.estate, &options), *format, out).map_err(Fatal::from_io)?;
    Ok(Outcome::Clean)
}

pub fn dimensions(context: &Context, command: &DimensionsCommand, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let DimensionsCommand::Report { service, fail_on_gap, format } = command;
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    if let Some(id) = service {
        require(id, "service", loaded.estate.services.iter().map(|s| s.id.as_str()))?;
    }
    let report = dimensions::report(&loaded.estate, service.as_deref());
    render(&report, *format, out).map_err(Fatal::from_io)?;
    let gap = report.services.iter().any(|r| !r.gaps().is_empty());
    Ok(if *fail_on_gap && gap { Outcome::Findings } else { Outcome::Clean })
}
