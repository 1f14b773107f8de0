//! Output formats for reports. A report is computed once, as a struct;
//! this module turns it into a table, JSON, CSV or Markdown, writing to any
//! `Write`. It is the only place comfy-table appears (see [`text`]).

pub mod plot;
mod text;

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

/// The formats every report command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// A titled grid of text, the common shape of every report's tables. An
/// empty cell means "nothing recorded": tables and Markdown show it as `-`,
/// CSV leaves it empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// An untitled table with these headers.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(headers: I) -> Self {
        Self { title: None, headers: headers.into_iter().map(Into::into).collect(), rows: Vec::new() }
    }

    /// The same table with a title.
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Adds a row.
    pub fn row<I: IntoIterator<Item = S>, S: Into<String>>(&mut self, cells: I) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }
}

/// A report that can be shown in every format.
pub trait Report: Serialize {
    /// The report as tables, for the table and Markdown formats.
    fn tables(&self) -> Vec<Table>;

    /// The report as one table, for CSV. By default the tables are stacked
    /// under a leading `section` column when there are several.
    fn csv_table(&self) -> Table {
        let mut tables = self.tables();
        if tables.len() == 1 {
            return tables.remove(0);
        }
        let headers = tables.first().map(|t| t.headers.clone()).unwrap_or_default();
        let mut merged = Table::new(std::iter::once("section".to_string()).chain(headers));
        for table in tables {
            let section = table.title.clone().unwrap_or_default();
            for row in table.rows {
                merged.row(std::iter::once(section.clone()).chain(row));
            }
        }
        merged
    }

    /// The report as a whole Markdown document, when it is more than its
    /// tables (a plan to print); the tables are used otherwise.
    fn markdown(&self) -> Option<String> {
        None
    }

    /// A line said after the report, in the table and Markdown formats.
    fn footer(&self) -> Option<String> {
        None
    }
}

/// Writes `report` in `format` to `out`.
pub fn render<R: Report>(report: &R, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::from)?;
            writeln!(out)
        }
        Format::Csv => csv(&report.csv_table(), out),
        Format::Table => {
            // A report of many tables (a forecast per series) has them
            // drawn in parallel, and written in order.
            let drawn: Vec<Vec<u8>> = report
                .tables()
                .par_iter()
                .map(|table| {
                    let mut text = Vec::new();
                    text_table(table, &mut text).map(|()| text)
                })
                .collect::<io::Result<_>>()?;
            for (i, text) in drawn.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                out.write_all(text)?;
            }
            if let Some(footer) = report.footer() {
                writeln!(out, "\n{footer}")?;
            }
            Ok(())
        }
        Format::Markdown => {
            if let Some(document) = report.markdown() {
                return out.write_all(document.as_bytes());
            }
            for (i, table) in report.tables().iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                markdown(table, out)?;
            }
            if let Some(footer) = report.footer() {
                writeln!(out, "\n{footer}")?;
            }
            Ok(())
        }
    }
}

fn text_table(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    if let Some(title) = &table.title {
        writeln!(out, "{title}")?;
    }
    if table.rows.is_empty() {
        return writeln!(out, "(none)");
    }
    text::write_grid(table, out)
}

fn markdown(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    if let Some(title) = &table.title {
        writeln!(out, "## {title}\n")?;
    }
    if table.rows.is_empty() {
        return writeln!(out, "_None._");
    }
    let cell = |s: &str| if s.is_empty() { "-".to_string() } else { s.replace('|', "\\|").replace('\n', "<br>") };
    writeln!(out, "| {} |", table.headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "))?;
    writeln!(out, "|{}", table.headers.iter().map(|_| " --- |").collect::<String>())?;
    for row in &table.rows {
        writeln!(out, "| {} |", row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "))?;
    }
    Ok(())
}

fn csv(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&table.headers).map_err(csv_error)?;
    for row in &table.rows {
        writer.write_record(row).map_err(csv_error)?;
    }
    writer.flush()
}

/// Keeps the I/O error inside a CSV error, so a closed pipe stays one.
fn csv_error(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}
