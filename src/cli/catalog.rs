//! `itsm catalog list|show`.

use std::io::Write;

use super::{Context, Fatal, Outcome, warn_if_findings};
use crate::render::{Format, render};
use crate::report::catalog::{self, ListOptions, Stage};
use crate::report::show;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the live services (the catalog), or any stage of the portfolio
    List {
        /// Which stage to list; `all` gives the portfolio view with dates
        #[arg(long, value_enum, default_value_t = Stage::Live)]
        lifecycle: Stage,
        /// Only services owned by this team
        #[arg(long, value_name = "TEAM")]
        owner: Option<String>,
        /// Only services used by this customer
        #[arg(long)]
        customer: Option<String>,
        /// Only services with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Everything known about one service
    Show {
        /// The service's id
        id: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

pub fn run(context: &Context, command: &Command, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let loaded = context.load()?;
    warn_if_findings(loaded, context);
    let estate = &loaded.estate;
    match command {
        Command::List { lifecycle, owner, customer, tag, format } => {
            if let Some(owner) = owner {
                super::require(owner, "team", estate.teams.iter().map(|t| t.id.as_str()))?;
            }
            let options = ListOptions {
                as_of: Some(context.as_of),
                stage: Some(*lifecycle),
                owner: owner.clone(),
                customer: customer.clone(),
                tag: tag.clone(),
            };
            render(&catalog::list(estate, &options), *format, out).map_err(Fatal::from_io)?;
        }
        Command::Show { id, format } => {
            super::require(id, "service", estate.services.iter().map(|s| s.id.as_str()))?;
            let Some(card) = show::show(estate, id) else { return Ok(Outcome::Clean) };
            render(&card, *format, out).map_err(Fatal::from_io)?;
        }
    }
    Ok(Outcome::Clean)
}
