//! `itsm demand forecast` and `itsm capacity report`.

use std::io::Write;
use std::path::PathBuf;

use super::{Context, Fatal, Outcome, files, require, warn_if_findings};
use crate::render::{Format, plot, render};
use crate::report::{capacity, demand};

#[derive(Debug, clap::Subcommand)]
pub enum DemandCommand {
    /// Forecast every demand series: model chosen by AICc, intervals, known events
    Forecast(ForecastArgs),
}

#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// Only the demand of this service
    #[arg(long)]
    pub service: Option<String>,
    /// Periods ahead [default: one season, or 12 without one]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub horizon: Option<u16>,
    /// Prediction interval levels in percent
    #[arg(long, value_delimiter = ',', default_value = "80,95", value_parser = parse_level)]
    pub level: Vec<f64>,
    /// Season length in periods, over the record's and the period type's (12 months, 4 quarters, 52 weeks, 7 days)
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=366))]
    pub season: Option<u16>,
    /// Output format; csv has exactly the columns service,period,forecast,lower,upper (widest level)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also draw history, forecast and the widest interval as an SVG chart in this file
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// Overwrite the --plot file if it exists
    #[arg(long, requires = "plot")]
    pub force: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum CapacityCommand {
    /// Capacity against demand now and forecast; when each service, component and team runs out
    Report(CapacityArgs),
}

#[derive(Debug, clap::Args)]
pub struct CapacityArgs {
    /// Periods ahead [default: each series' own, one season or 12]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub horizon: Option<u16>,
    /// The prediction interval level of the upper bound, in percent
    #[arg(long, default_value = "95", value_parser = parse_level)]
    pub level: f64,
    /// Exit 1 when something is exhausted or runs out within the horizon
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<CapacityFailOn>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What `capacity report --fail-on` gates on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CapacityFailOn {
    /// A service or component over capacity now or within the horizon, or a team with more work than people
    Exhausted,
}

fn parse_level(text: &str) -> Result<f64, String> {
    match text.trim().trim_end_matches('%').parse::<f64>() {
        Ok(level) if level > 0.0 && level < 100.0 => Ok(level),
        _ => Err(format!("`{text}` is not a level between 0 and 100 (exclusive), such as 80 or 95")),
    }
}

pub fn forecast(context: &Context, command: &DemandCommand, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let DemandCommand::Forecast(args) = command;
    if let Some(path) = args.plot.as_ref().filter(|p| p.exists() && !args.force) {
        return Err(Fatal(format!("{} exists; pass --force to overwrite it", path.display())));
    }
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    if let Some(id) = &args.service {
        require(id, "service", loaded.estate.services.iter().map(|s| s.id.as_str()))?;
        if !loaded.estate.demands.iter().any(|d| d.service == *id) {
            return Err(Fatal(format!("service `{id}` has no demand record to forecast")));
        }
    }
    let mut levels = args.level.clone();
    levels.sort_by(f64::total_cmp);
    levels.dedup();
    let options = demand::Options {
        service: args.service.clone(),
        horizon: args.horizon.map(usize::from),
        levels,
        season: args.season.map(usize::from),
    };
    let report = demand::report(&loaded.estate, &options);
    if let Some(path) = &args.plot {
        let estate = &loaded.estate;
        let capacity = |s: &demand::SeriesForecast| {
            let limit = estate.service(&s.service).and_then(|service| service.capacity.as_ref());
            limit.filter(|c| crate::validate::same_unit(&c.unit, &s.unit)).map(|c| c.limit)
        };
        let svg = plot::svg(&report.series, &capacity).map_err(Fatal)?;
        files::replace(path, svg.as_bytes()).map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
    }
    render(&report, args.format, out).map_err(Fatal::from_io)?;
    Ok(Outcome::Clean)
}

pub fn capacity(context: &Context, command: &CapacityCommand, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let CapacityCommand::Report(args) = command;
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    let options = capacity::Options { horizon: args.horizon.map(usize::from), level: Some(args.level) };
    let report = capacity::report(&loaded.estate, &options);
    render(&report, args.format, out).map_err(Fatal::from_io)?;
    let fail = args.fail_on.contains(&CapacityFailOn::Exhausted) && report.exhausted();
    Ok(if fail { Outcome::Findings } else { Outcome::Clean })
}
