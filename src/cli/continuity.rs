//! `itsm continuity plan` and `itsm security report`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Context, Fatal, Outcome, files, require, warn_if_findings};
use crate::render::{Format, Report, render};
use crate::report::continuity::{self, Scenario};
use crate::report::security;

#[derive(Debug, clap::Subcommand)]
pub enum ContinuityCommand {
    /// The recovery plan: impact, waves, contacts, open risks
    Plan(PlanArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// What is lost: site:ID, supplier:ID, component:ID or service:ID (repeat to combine)
    #[arg(long, value_name = "KIND:ID")]
    pub scenario: Vec<Scenario>,
    /// Only this service and what it depends on; for a pipeline service, its effect on existing ones
    #[arg(long)]
    pub service: Option<String>,
    /// Output format; markdown is a complete document to print or commit
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the plan to this file instead of the standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the --out file if it exists
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum SecurityCommand {
    /// Required levels on the five pillars against the controls in place
    Report {
        /// Only this service
        #[arg(long)]
        service: Option<String>,
        /// Exit 1 when any service has a gap or no classification
        #[arg(long, value_enum, value_delimiter = ',')]
        fail_on: Vec<SecurityFailOn>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// What `security report --fail-on` gates on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SecurityFailOn {
    /// A control missing for a required level, or a service with no classification
    Gap,
}

pub fn plan(context: &Context, command: &ContinuityCommand, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let ContinuityCommand::Plan(args) = command;
    if let Some(path) = args.out.as_ref().filter(|p| p.exists() && !args.force) {
        return Err(Fatal(format!("{} exists; pass --force to overwrite it", path.display())));
    }
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    let estate = &loaded.estate;
    if let Some(id) = &args.service {
        require(id, "service", estate.services.iter().map(|s| s.id.as_str()))?;
    }
    for scenario in &args.scenario {
        let id = scenario.id();
        match scenario {
            Scenario::Site(_) => {
                let sites = site_ids(estate);
                require(id, "site", sites.iter().map(String::as_str))?;
            }
            Scenario::Supplier(_) => require(id, "supplier", estate.suppliers.iter().map(|s| s.id.as_str()))?,
            Scenario::Component(_) => require(id, "component", estate.components.iter().map(|c| c.id.as_str()))?,
            Scenario::Service(_) => require(id, "service", estate.services.iter().map(|s| s.id.as_str()))?,
        }
    }
    let options = continuity::Options {
        scenarios: args.scenario.clone(),
        service: args.service.clone(),
        as_of: Some(context.as_of),
    };
    let report = continuity::plan(estate, &options);
    emit(&report, args.format, args.out.as_deref(), out)?;
    Ok(Outcome::Clean)
}

/// Every site named by a component.
fn site_ids(estate: &crate::model::Estate) -> Vec<String> {
    let mut sites: Vec<String> = estate
        .components
        .iter()
        .flat_map(|c| c.site.iter().chain(c.redundancy.iter().flat_map(|r| r.sites.iter())))
        .cloned()
        .collect();
    sites.sort();
    sites.dedup();
    sites
}

/// Renders to `out`, or to a file written atomically, so a reader never
/// sees half a plan.
fn emit<R: Report>(report: &R, format: Format, file: Option<&Path>, out: &mut dyn Write) -> Result<(), Fatal> {
    let Some(path) = file else {
        return render(report, format, out).map_err(Fatal::from_io);
    };
    let mut bytes = Vec::new();
    render(report, format, &mut bytes).map_err(Fatal::from_io)?;
    files::replace(path, &bytes).map_err(|err| Fatal(format!("cannot write {}: {err}", path.display())))?;
    Ok(())
}

pub fn security(context: &Context, command: &SecurityCommand, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let SecurityCommand::Report { service, fail_on, format } = command;
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    if let Some(id) = service {
        require(id, "service", loaded.estate.services.iter().map(|s| s.id.as_str()))?;
    }
    let report = security::report(&loaded.estate, service.as_deref(), context.as_of);
    render(&report, *format, out).map_err(Fatal::from_io)?;
    let gap = report.services.iter().any(|s| !s.gaps.is_empty());
    Ok(if fail_on.contains(&SecurityFailOn::Gap) && gap { Outcome::Findings } else { Outcome::Clean })
}
