//! Demand series: `period,value` CSV files named by demand records.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{FileId, Files, Format, SourceFile, display_name};
use crate::diag::{Anchor, Code, Diagnostic, FieldPath};
use crate::model::units::Period;
use crate::model::{DemandSeries, Estate};

/// Reads the series of every demand record, sorted by demand id, for the
/// estate's `series`.
pub(crate) fn load_series(
    root: &Path,
    files: &mut Files,
    estate: &Estate,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<DemandSeries> {
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // Finding the files (a few system calls each) and parsing them run in
    // parallel; registering them stays in demand order, so file ids and
    // findings come out as they would one by one.
    let found: Vec<Result<PathBuf, Diagnostic>> = estate
        .demands
        .par_iter()
        .map(|demand| {
            let record_file = files.get(demand.origin.file);
            let base = record_file.path.parent().unwrap_or(root);
            let path = base.join(&demand.series);
            let at_field = Anchor::Field(demand.origin, FieldPath::key("series"));
            let inside = path
                .canonicalize()
                .and_then(|real| if real.is_file() { Ok(real) } else { Err(std::io::ErrorKind::NotFound.into()) })
                .map(|real| real.starts_with(&root_real));
            match inside {
                Err(_) => Err(Diagnostic::new(
                    Code::DemandFileMissing,
                    format!("demand series file `{}` does not exist", demand.series),
                )
                .at(at_field, format!("looked for {}", display_name(root, &path)))
                .help("the path is relative to the file of the demand record; create the CSV or fix the path")),
                Ok(false) => Err(Diagnostic::new(
                    Code::DemandFileMissing,
                    format!("demand series file `{}` is outside the records directory", demand.series),
                )
                .at(at_field, "outside the records directory")
                .help("keep demand series inside the records directory, next to their records")),
                Ok(true) => Ok(path),
            }
        })
        .collect();
    let ids: Vec<Option<FileId>> = found
        .iter()
        .map(|path| {
            let path = path.as_ref().ok()?;
            Some(files.add(SourceFile::new(display_name(root, path), path.clone(), Format::Csv, String::new())))
        })
        .collect();
    type Read = (String, Option<Vec<(Period, f64)>>, Vec<Diagnostic>);
    let read: Vec<Option<Result<Read, Diagnostic>>> = found
        .par_iter()
        .zip(&ids)
        .map(|(path, id)| {
            let (Ok(path), Some(id)) = (path, id) else { return None };
            Some(super::read_text(*id, path).map(|text| {
                let (points, found) = parse_csv(*id, &text);
                (text, points, found)
            }))
        })
        .collect();
    let mut series = Vec::new();
    for (((demand, found), id), read) in estate.demands.iter().zip(found).zip(ids).zip(read) {
        let (Some(id), Some(read)) = (id, read) else {
            diagnostics.extend(found.err());
            continue;
        };
        let (text, points, found) = match read {
            Ok(read) => read,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        files.get_mut(id).keep(if found.is_empty() { super::Text::release(text) } else { super::Text::Kept(text) });
        diagnostics.extend(found);
        if let Some(points) = points {
            series.push(DemandSeries { demand: demand.id.clone(), points });
        }
    }
    series.sort_by(|a, b| a.demand.cmp(&b.demand));
    series
}

/// Parses a `period,value` CSV. Returns the points in period order when the
/// file is usable, and every finding either way.
pub fn parse_csv(file: FileId, text: &str) -> (Option<Vec<(Period, f64)>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let malformed = |span: Range<usize>, message: String, help: &str| {
        Diagnostic::new(Code::DemandMalformed, message).at(Anchor::Span(file, span), "here").help(help.to_string())
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows: BTreeMap<Period, (f64, Range<usize>)> = BTreeMap::new();
    let mut granularity = None;
    let mut header_seen = false;
    // Periods of rows whose value was bad still count as present, and an
    // unreadable period stops gap detection: neither should look like a gap.
    let mut present: std::collections::BTreeSet<Period> = std::collections::BTreeSet::new();
    let mut unreadable_period = false;
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(err) => {
                let at = err.position().map_or(0, |p| p.byte() as usize);
                diagnostics.push(malformed(
                    at..at + 1,
                    format!("not CSV: {err}"),
                    "write one `period,value` row per line",
                ));
                return (None, diagnostics);
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
        // A record's ranges leave out the commas: field `i` has `i` of them
        // before it in the line (quotes aside, which periods and numbers
        // do not need). An empty last field at the end of the text marks
        // the comma before it.
        let field_span = |i: usize| {
            let (from, to) = record
                .range(i)
                .map_or((start, start + 1), |r| (start + i + r.start, start + i + r.end.max(r.start + 1)));
            let to = to.min(text.len());
            from.min(to.saturating_sub(1))..to
        };
        if !header_seen {
            header_seen = true;
            let header: Vec<&str> = record.iter().map(str::trim).collect();
            if header != ["period", "value"] {
                diagnostics.push(malformed(
                    field_span(0),
                    format!("the header is `{}`, not `period,value`", header.join(",")),
                    "make the first line `period,value`",
                ));
                return (None, diagnostics);
            }
            continue;
        }
        if record.len() != 2 {
            diagnostics.push(malformed(
                field_span(0),
                format!("this row has {} fields, not 2", record.len()),
                "write each row as `period,value`, such as `2025-03,1520`",
            ));
            continue;
        }
        let period = match record[0].trim().parse::<Period>() {
            Ok(period) => period,
            Err(why) => {
                unreadable_period = true;
                diagnostics.push(malformed(
                    field_span(0),
                    why,
                    "write periods as 2025, 2025-Q1, 2025-03, 2025-W07 or 2025-03-14",
                ));
                continue;
            }
        };
        let value = match record[1].trim().parse::<f64>() {
            Ok(value) if value.is_finite() && value >= 0.0 => value,
            _ => {
                present.insert(period);
                diagnostics.push(malformed(
                    field_span(1),
                    format!("`{}` is not a non-negative number", record[1].trim()),
                    "write the demand as a number such as 1520 or 12.5",
                ));
                continue;
            }
        };
        match granularity {
            None => granularity = Some(period.granularity()),
            Some(g) if g != period.granularity() => {
                diagnostics.push(malformed(
                    field_span(0),
                    format!("period `{period}` is {}, but the series is {g}", period.granularity()),
                    "keep one period type per series",
                ));
                continue;
            }
            Some(_) => {}
        }
        if let Some((_, first)) = rows.get(&period) {
            diagnostics.push(
                Diagnostic::new(Code::DemandDuplicatePeriod, format!("period `{period}` appears twice"))
                    .at(Anchor::Span(file, field_span(0)), "second row")
                    .also(Anchor::Span(file, first.clone()), "first row")
                    .help("keep one row per period; add the values together if both are real"),
            );
            continue;
        }
        rows.insert(period, (value, field_span(0)));
    }
    if !header_seen {
        diagnostics.push(malformed(
            0..1,
            "the series file is empty".into(),
            "start the file with the line `period,value`",
        ));
        return (None, diagnostics);
    }
    present.extend(rows.keys().copied());
    // Only periods of the series' granularity: a row of another one (a bad
    // value in a week beside months) has no place in the sequence, and
    // stepping months towards a week would never arrive.
    let periods: Vec<Period> = present.into_iter().filter(|p| Some(p.granularity()) == granularity).collect();
    for pair in periods.windows(2).filter(|_| !unreadable_period) {
        let (before, after) = (pair[0], pair[1]);
        let Some(first_missing) = before.next().filter(|next| *next != after) else { continue };
        let mut last_missing = first_missing;
        while let Some(next) = last_missing.next().filter(|next| *next < after) {
            last_missing = next;
        }
        let missing = if first_missing == last_missing {
            format!("{first_missing} is missing")
        } else {
            format!("{first_missing} to {last_missing} are missing")
        };
        let at = rows.get(&after).map_or(0..1, |(_, span)| span.clone());
        diagnostics.push(
            Diagnostic::new(Code::DemandGap, format!("the series jumps from `{before}` to `{after}`"))
                .at(Anchor::Span(file, at), missing)
                .help("add a row for every missing period (with 0 if there was no demand)"),
        );
    }
    let usable = diagnostics.iter().all(|d| !d.is_error());
    let points = rows.into_iter().map(|(period, (value, _))| (period, value)).collect();
    (usable.then_some(points), diagnostics)
}
