//! Demand series: `period,value` CSV files named by demand records.

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

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
    plain_csv: &HashSet<OsString>,
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
            // A plain relative path to a CSV file the walk met without a
            // link is inside; anything else is resolved on disk.
            let plain = Path::new(&demand.series).components().all(|c| matches!(c, Component::Normal(_)));
            if plain && plain_csv.contains(path.as_os_str()) {
                return Ok(path);
            }
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
    CSV.with_borrow_mut(|reader| parse_rows(Rows::new(reader, text), file, text))
}

fn parse_rows(mut reader: Rows, file: FileId, text: &str) -> (Option<Vec<(Period, f64)>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let malformed = |span: Range<usize>, message: String, help: &str| {
        Diagnostic::new(Code::DemandMalformed, message).at(Anchor::Span(file, span), "here").help(help.to_string())
    };
    let mut rows: BTreeMap<Period, (f64, Range<usize>)> = BTreeMap::new();
    let mut granularity = None;
    let mut header_seen = false;
    // Periods of rows whose value was bad still count as present, and an
    // unreadable period stops gap detection: neither should look like a gap.
    let mut present: std::collections::BTreeSet<Period> = std::collections::BTreeSet::new();
    let mut unreadable_period = false;
    while let Some(record) = reader.next_row() {
        let start = record.start;
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
            let header: Vec<&str> = (0..record.len()).map(|i| record.field(i).trim()).collect();
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
        let period = match record.field(0).trim().parse::<Period>() {
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
        let value = match record.field(1).trim().parse::<f64>() {
            Ok(value) if value.is_finite() && value >= 0.0 => value,
            _ => {
                present.insert(period);
                diagnostics.push(malformed(
                    field_span(1),
                    format!("`{}` is not a non-negative number", record.field(1).trim()),
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

thread_local! {
    /// The csv-core reader this thread parses series with, built once and
    /// reset for each file: building one lays out its state table, which
    /// costs more than parsing a series of a few dozen rows. (It is not
    /// cloned from one shared reader: csv-core 0.1.13's `Clone` copies
    /// only part of the table, and the copy reads every byte as a row.)
    /// Defaults as the csv crate's: commas, double quotes, any line
    /// ending, rows of any length.
    static CSV: std::cell::RefCell<csv_core::Reader> = std::cell::RefCell::new(csv_core::Reader::new());
}

/// The rows of a CSV text, read by a csv-core reader. Each row's fields
/// are unquoted into one buffer; the row's byte offset is where the
/// reader began it, where the row before ended (at the `\n` of a `\r\n`),
/// as the csv crate's `Position::byte`.
struct Rows<'r, 't> {
    reader: &'r mut csv_core::Reader,
    input: &'t [u8],
    /// How far the reader has read.
    at: usize,
    /// Every field of the current row, unquoted, one after another.
    fields: Vec<u8>,
    /// Where each field of the current row ends in `fields`.
    ends: Vec<usize>,
}

/// One row: where it starts in the text, and its fields.
struct Row<'r> {
    start: usize,
    fields: &'r [u8],
    ends: &'r [usize],
}

impl<'r, 't> Rows<'r, 't> {
    fn new(reader: &'r mut csv_core::Reader, text: &'t str) -> Self {
        reader.reset();
        // Unquoting never lengthens a field, so the buffer never fills.
        Self { reader, input: text.as_bytes(), at: 0, fields: vec![0; text.len()], ends: vec![0; 8] }
    }

    /// The next row, or `None` at the end of the text. An empty slice of
    /// input tells the reader that the text has ended.
    fn next_row(&mut self) -> Option<Row<'_>> {
        use csv_core::ReadRecordResult::*;
        let start = self.at;
        let (mut written, mut ended) = (0, 0);
        loop {
            let (result, read, wrote, ends) =
                self.reader.read_record(&self.input[self.at..], &mut self.fields[written..], &mut self.ends[ended..]);
            self.at += read;
            written += wrote;
            ended += ends;
            match result {
                InputEmpty => {}
                OutputFull => self.fields.resize(self.fields.len().max(1) * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => return Some(Row { start, fields: &self.fields[..written], ends: &self.ends[..ended] }),
                End => return None,
            }
        }
    }
}

impl Row<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where field `i` lies in the row's unquoted fields.
    fn range(&self, i: usize) -> Option<Range<usize>> {
        let end = *self.ends.get(i)?;
        Some(if i == 0 { 0 } else { self.ends[i - 1] }..end)
    }

    /// Field `i`, which is UTF-8 as the text is: fields are cut at ASCII
    /// commas and quotes.
    fn field(&self, i: usize) -> &str {
        self.range(i).and_then(|r| std::str::from_utf8(&self.fields[r]).ok()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::{CSV, Rows};

    /// Each row as the csv crate's reader gives it: where it starts, and
    /// its fields. The crate reads through a buffer of its own and builds
    /// its csv-core reader afresh: the oracle for [`Rows`].
    fn by_csv_crate(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        reader
            .records()
            .map(|row| {
                let row = row.expect("UTF-8 text reads");
                let start = row.position().map_or(0, |p| p.byte() as usize);
                (start, row.iter().map(str::to_string).collect())
            })
            .collect()
    }

    fn by_rows(text: &str) -> Vec<(usize, Vec<String>)> {
        CSV.with_borrow_mut(|reader| {
            let mut rows = Rows::new(reader, text);
            let mut out = Vec::new();
            while let Some(row) = rows.next_row() {
                out.push((row.start, (0..row.len()).map(|i| row.field(i).to_string()).collect()));
            }
            out
        })
    }

    /// Random texts of the bytes that matter to CSV (separators, quotes,
    /// every line ending, a byte order mark, long fields that outgrow the
    /// row buffers), read both ways: same rows, same fields, same starts.
    /// The reader is reused across texts, as on a loader thread.
    #[test]
    fn reads_what_the_csv_crate_reads() {
        const PIECES: &[&str] = &[
            "period", "value", "2025-03", "12.5", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n", "\r", " ", "é",
            "\u{feff}", "",
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for round in 0..5_000 {
            let mut text = String::new();
            for _ in 0..rng.random_range(0..40) {
                text.push_str(PIECES[rng.random_range(0..PIECES.len())]);
            }
            if round % 50 == 0 {
                // More fields than the ends buffer holds at first, and a
                // field longer than the whole of most texts.
                text.push_str(&",x".repeat(20));
                text.push_str(&"y".repeat(300));
            }
            assert_eq!(by_rows(&text), by_csv_crate(&text), "{text:?}");
        }
    }

    #[test]
    fn a_series_reads_as_it_did() {
        let text = "period,value\n2025-01,10\r\n2025-02,\"12\"\n\n2025-03,14";
        assert_eq!(
            by_rows(text),
            vec![
                (0, vec!["period".into(), "value".into()]),
                (13, vec!["2025-01".into(), "10".into()]),
                // The reader ends a row at `\r` and begins the next at
                // the `\n` after it, as the csv crate counts.
                (24, vec!["2025-02".into(), "12".into()]),
                (38, vec!["2025-03".into(), "14".into()]),
            ]
        );
    }
}
