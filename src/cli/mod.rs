//! The command line: clap definitions, wiring, and the one place exit
//! codes are decided (0 clean, 1 findings, 2 usage or I/O error). A closed
//! pipe on stdout is not an error.

mod catalog;
mod continuity;
mod cost;
mod demand;
mod diff;
mod files;
mod portfolio;
mod relationship;
mod schema;
mod sla;
mod supplier;
mod tools;
mod validate;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::load::{self, Loaded};
use crate::model::project::PROJECT_FILE;

/// Validate and report on IT service management records kept in git.
#[derive(Debug, Parser)]
#[command(name = "itsm", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// The records directory [default: the nearest folder above holding itsm.toml, else the current one]
    #[arg(long, global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The day to take as today, for anything that depends on it [default: today]
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    #[command(subcommand)]
    pub command: Command,
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When writing to a terminal and NO_COLOR is not set
    Auto,
    /// Always, even into a pipe or a file
    Always,
    /// Never
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every record and report every problem, located to file, line and column
    Validate(validate::Args),
    /// The service catalog: list services, or show everything about one
    #[command(subcommand)]
    Catalog(catalog::Command),
    /// Service level management: attainment, error budgets, incident clocks, credits
    #[command(subcommand)]
    Sla(sla::Command),
    /// Composite availability, infeasible targets and single points of failure
    Availability(sla::AvailabilityArgs),
    /// Supplier management: contracts, notice dates, reviews, commitments, spend
    #[command(subcommand)]
    Supplier(supplier::Command),
    /// Customer satisfaction from feedback records
    #[command(subcommand)]
    Satisfaction(relationship::SatisfactionCommand),
    /// The four dimensions of the live services
    #[command(subcommand)]
    Dimensions(relationship::DimensionsCommand),
    /// Business continuity: what a loss takes out and how to recover
    #[command(subcommand)]
    Continuity(continuity::ContinuityCommand),
    /// Information security: the five pillars against the controls
    #[command(subcommand)]
    Security(continuity::SecurityCommand),
    /// Demand management: forecast every demand series
    #[command(subcommand)]
    Demand(demand::DemandCommand),
    /// Capacity management: services, components and teams against demand, and when they run out
    #[command(subcommand)]
    Capacity(demand::CapacityCommand),
    /// Financial management: what each service costs and earns
    #[command(subcommand)]
    Cost(cost::Command),
    /// Portfolio management: every service's cost, demand, service level and satisfaction, and what to do with it
    #[command(subcommand)]
    Portfolio(portfolio::Command),
    /// What a change to the records means: records, consequences, findings, cost
    Diff(diff::DiffArgs),
    /// The dependency graph of services, components, suppliers and sites
    Graph(tools::GraphArgs),
    /// Shell completions (bash, zsh, fish, elvish, powershell)
    Completions(tools::CompletionsArgs),
    /// The man page, in roff
    Man,
    /// JSON Schema of the records, for editors (yaml-language-server)
    Schema(schema::SchemaArgs),
    /// A new records directory with itsm.toml and one commented example of each kind
    Init(schema::InitArgs),
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| format!("`{text}` is not a date such as 2026-03-14 ({e})"))
}

/// What a command run came to.
pub enum Outcome {
    /// Done, nothing to report against the user.
    Clean,
    /// Done, and it found problems (exit 1).
    Findings,
}

/// An error that ends the run with exit code 2.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<E: std::error::Error> From<E> for Fatal {
    fn from(err: E) -> Self {
        Fatal(err.to_string())
    }
}

/// Shared context for the subcommands.
pub struct Context {
    pub dir: PathBuf,
    pub as_of: NaiveDate,
    pub color: bool,
}

impl Context {
    /// Loads the records directory, for the rest of the process: a
    /// command loads once and exits when done, so the estate is leaked
    /// rather than freed record by record at exit (some 60 ms on the main
    /// thread for 10,000 services), as compilers do with their sessions.
    pub fn load(&self) -> Result<&'static Loaded, Fatal> {
        Ok(Box::leak(Box::new(load::load(&self.dir)?)))
    }
}

/// Runs `itsm` with the process's arguments.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let context = Context {
        dir: cli.dir.clone().unwrap_or_else(find_root),
        // The one clock read: everything below takes the date from here.
        as_of: cli.as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
        color: match cli.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        },
    };
    // Buffered: a report of ten thousand lines is written in a few calls,
    // not one per line. Every command writes its output at the end anyway.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let result = match &cli.command {
        Command::Validate(args) => validate::run(&context, args, &mut out),
        Command::Catalog(command) => catalog::run(&context, command, &mut out),
        Command::Sla(sla::Command::Check(args)) => sla::check(&context, args, &mut out),
        Command::Availability(args) => sla::availability(&context, args, &mut out),
        Command::Supplier(command) => supplier::run(&context, command, &mut out),
        Command::Satisfaction(command) => relationship::satisfaction(&context, command, &mut out),
        Command::Dimensions(command) => relationship::dimensions(&context, command, &mut out),
        Command::Continuity(command) => continuity::plan(&context, command, &mut out),
        Command::Security(command) => continuity::security(&context, command, &mut out),
        Command::Demand(command) => demand::forecast(&context, command, &mut out),
        Command::Capacity(command) => demand::capacity(&context, command, &mut out),
        Command::Cost(command) => cost::run(&context, command, &mut out),
        Command::Portfolio(command) => portfolio::run(&context, command, &mut out),
        Command::Diff(args) => diff::run(&context, args, &mut out),
        Command::Graph(args) => tools::graph(&context, args, &mut out),
        Command::Completions(args) => tools::completions(args, &mut out),
        Command::Man => tools::man(&mut out),
        Command::Schema(args) => schema::schema(&context, args, &mut out),
        Command::Init(args) => schema::init(&context, args, &mut out),
    };
    // stdout is flushed before anything more goes to stderr, on every path.
    let flushed = out.flush();
    drop(out);
    let result = result.and_then(|outcome| flushed.map(|()| outcome).map_err(Fatal::from_io));
    finish_check();
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(Fatal(message)) if message == BROKEN_PIPE => ExitCode::SUCCESS,
        Err(Fatal(message)) => {
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
    }
}

const BROKEN_PIPE: &str = "\0broken pipe";

impl Fatal {
    /// An output error; a closed pipe becomes a quiet success.
    pub fn from_io(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Fatal(BROKEN_PIPE.into())
        } else {
            Fatal(format!("cannot write output: {err}"))
        }
    }
}

/// The nearest folder, from the current one up, that holds `itsm.toml`;
/// the current folder when none does.
fn find_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    cwd.ancestors()
        .find(|dir| dir.join(PROJECT_FILE).is_file())
        .map_or_else(|| PathBuf::from("."), |dir| relative_to(dir, &cwd))
}

/// `dir` relative to `cwd` when it is an ancestor, for shorter file names.
fn relative_to(dir: &Path, cwd: &Path) -> PathBuf {
    let Ok(rest) = cwd.strip_prefix(dir) else { return dir.to_path_buf() };
    let ups = rest.components().count();
    if ups == 0 { PathBuf::from(".") } else { (0..ups).map(|_| "..").collect() }
}

/// Checks that an id given on the command line exists, suggesting the
/// closest one when it does not.
pub fn require<'a>(id: &str, what: &str, ids: impl Iterator<Item = &'a str> + Clone) -> Result<(), Fatal> {
    if ids.clone().any(|known| known == id) {
        return Ok(());
    }
    let all: Vec<&str> = ids.clone().collect();
    let hint = crate::diag::suggest(id, ids, format!("the {what} ids are: {}", all.join(", ")));
    Err(Fatal(format!("no {what} has the id `{id}`: {hint}")))
}

/// The period options shared by the reports that cover a stretch of time.
#[derive(Debug, Clone, clap::Args)]
pub struct PeriodArgs {
    /// The period: 2026, 2026-Q3 or 2026-10 (the default is in the command's description)
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub period: Option<crate::model::units::Period>,
    /// The first day of a custom period
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// The last day of a custom period (inclusive)
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
}

impl PeriodArgs {
    /// The span asked for, if any.
    pub fn span(&self) -> Result<Option<crate::report::period::Span>, Fatal> {
        use crate::report::period::Span;
        match (self.period, self.from, self.to) {
            (Some(period), _, _) => Ok(Some(Span::of(period))),
            (None, Some(from), Some(to)) if to >= from => Ok(Some(Span::inclusive(from, to))),
            (None, Some(_), Some(_)) => Err(Fatal("--to is before --from".into())),
            _ => Ok(None),
        }
    }
}

/// A one-line note on stderr when the records have errors, so that a
/// report is not mistaken for a complete one.
pub fn warn_if_findings(loaded: &'static Loaded, context: &Context) {
    let options = crate::validate::Options { as_of: context.as_of };
    // The rules that can find errors run beside the report, on a thread
    // of their own: they take about half the time of `validate`, and most
    // reports leave a core free. The warning is printed once the report is out.
    let check = std::thread::spawn(move || {
        let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count()
            + crate::validate::error_findings(&loaded.estate, &options).iter().filter(|d| d.is_error()).count();
        (errors > 0).then(|| {
            format!(
                "warning: the records have {errors} error{}; this report covers only what loaded. Run `itsm validate` for details.",
                if errors == 1 { "" } else { "s" }
            )
        })
    });
    *PENDING_CHECK.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(check);
}

/// The check [`warn_if_findings`] started, if any, with its warning.
static PENDING_CHECK: std::sync::Mutex<Option<std::thread::JoinHandle<Option<String>>>> = std::sync::Mutex::new(None);

/// Waits for the check [`warn_if_findings`] started and prints its
/// warning, after the report: the same order whatever the timing.
fn finish_check() {
    let pending = PENDING_CHECK.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    if let Some(Ok(Some(warning))) = pending.map(std::thread::JoinHandle::join) {
        let _ = writeln!(io::stderr(), "{warning}");
    }
}
