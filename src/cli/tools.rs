//! `itsm graph`, `itsm completions` and `itsm man`.

use std::io::Write;

use clap::CommandFactory;

use super::{Cli, Context, Fatal, Outcome, require};
use crate::report::graph::{self, GraphFormat};

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Only this service and what it stands on
    #[arg(long)]
    pub service: Option<String>,
    /// Mermaid renders inside Markdown and pull-request comments; dot is for Graphviz
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

pub fn graph(context: &Context, args: &GraphArgs, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let loaded = context.load()?;
    if let Some(id) = &args.service {
        require(id, "service", loaded.estate.services.iter().map(|s| s.id.as_str()))?;
    }
    out.write_all(graph::render(&loaded.estate, args.service.as_deref(), args.format).as_bytes())
        .map_err(Fatal::from_io)?;
    Ok(Outcome::Clean)
}

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    // clap_complete panics when its writer fails, so a closed pipe would
    // crash it: generate into memory, then write.
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "itsm", &mut buffer);
    out.write_all(&buffer).map_err(Fatal::from_io)?;
    Ok(Outcome::Clean)
}

pub fn man(out: &mut dyn Write) -> Result<Outcome, Fatal> {
    clap_mangen::Man::new(Cli::command()).render(out).map_err(Fatal::from_io)?;
    Ok(Outcome::Clean)
}
