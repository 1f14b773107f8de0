//! Rendering findings: for people through miette, as JSON objects, and as
//! GitHub Actions workflow commands that annotate a pull request.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use serde::Serialize;

use super::{Anchor, Diagnostic, Label, Severity};
use crate::load::{FileId, Files};

/// A located point, as people count: 1-based line and column. A finding
/// about a whole file has no line or column.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
}

fn point(files: &Files, anchor: &Anchor) -> Point {
    let file = files.get(anchor.file());
    let Anchor::Span(_, span) = anchor else {
        return Point { file: file.name.clone(), line: None, column: None, end_line: None, end_column: None };
    };
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end.max(span.start + 1) - 1);
    Point {
        file: file.name.clone(),
        line: Some(line),
        column: Some(column),
        end_line: Some(end_line),
        end_column: Some(end_column + 1),
    }
}

/// Renders findings for a person, with snippets, to `out`.
pub fn human(
    files: &Files,
    diagnostics: &[Diagnostic],
    color: bool,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(width).with_links(false).with_show_related_as_nested(true);
    for diagnostic in diagnostics {
        let report = Report::new(files, diagnostic);
        let mut text = String::new();
        handler.render_report(&mut text, &report).map_err(io::Error::other)?;
        writeln!(out, "{}", text.trim_end())?;
        writeln!(out)?;
    }
    Ok(())
}

/// One finding per JSON object, in an array.
pub fn json(files: &Files, diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Related {
        #[serde(flatten)]
        at: Point,
        message: String,
    }
    #[derive(Serialize)]
    struct Finding<'a> {
        code: &'static str,
        severity: Severity,
        message: &'a str,
        #[serde(flatten)]
        at: Option<Point>,
        help: Option<&'a str>,
        related: Vec<Related>,
    }
    let findings: Vec<Finding> = diagnostics
        .iter()
        .map(|d| Finding {
            code: d.code.name(),
            severity: d.severity,
            message: &d.message,
            at: d.primary.as_ref().map(|l| point(files, &l.anchor)),
            help: d.help.as_deref(),
            related: d
                .related
                .iter()
                .map(|l| Related { at: point(files, &l.anchor), message: l.text.clone() })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &findings).map_err(io::Error::from)?;
    writeln!(out)
}

/// GitHub Actions workflow commands; `prefix` is prepended to file names
/// so that they are relative to the repository root.
pub fn github(files: &Files, diagnostics: &[Diagnostic], prefix: &str, out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = vec![format!("title={}", property(&format!("itsm {}", d.code)))];
        if let Some(label) = &d.primary {
            let at = point(files, &label.anchor);
            properties.insert(0, format!("file={}", property(&format!("{prefix}{}", at.file))));
            if let (Some(line), Some(col), Some(end_line), Some(end_col)) =
                (at.line, at.column, at.end_line, at.end_column)
            {
                properties.insert(1, format!("line={line}"));
                properties.insert(2, format!("col={col}"));
                properties.insert(3, format!("endLine={end_line}"));
                properties.insert(4, format!("endColumn={end_col}"));
            }
        }
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(out, "::{level} {}::{}", properties.join(","), data(&message))?;
    }
    Ok(())
}

fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A file's text under its name, for miette.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// A finding shaped for miette: labels in the primary file show as
/// labels, places in other files as related notes.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    message: String,
    severity: miette::Severity,
    source: Option<Source<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl<'a> Report<'a> {
    fn new(files: &'a Files, diagnostic: &'a Diagnostic) -> Self {
        let severity = match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let mut report = Report {
            diagnostic,
            message: diagnostic.message.clone(),
            severity,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        };
        let Some(primary) = &diagnostic.primary else { return report };
        let home = primary.anchor.file();
        let file = files.get(home);
        report.source = Some(Source { name: &file.name, text: file.text() });
        if let Some(label) = labeled(primary, home, true, file.text().len()) {
            report.labels.push(label);
        } else {
            report.message = format!("{} ({})", diagnostic.message, file.name);
        }
        // A place before the finding's own in the same file would take the
        // snippet's header (file:line:column); it is shown as a note instead.
        let primary_start = match &primary.anchor {
            Anchor::Span(_, span) => span.start,
            _ => 0,
        };
        for label in &diagnostic.related {
            let after = matches!(&label.anchor, Anchor::Span(_, span) if span.start >= primary_start);
            match labeled(label, home, false, file.text().len()).filter(|_| after) {
                Some(span) => report.labels.push(span),
                None => report.related.push(Report::note(files, diagnostic, label)),
            }
        }
        report
    }

    fn note(files: &'a Files, diagnostic: &'a Diagnostic, label: &'a Label) -> Self {
        let file = files.get(label.anchor.file());
        Report {
            diagnostic,
            message: label.text.clone(),
            severity: miette::Severity::Advice,
            source: Some(Source { name: &file.name, text: file.text() }),
            // The note's message already says what the place is.
            labels: labeled(label, label.anchor.file(), true, file.text().len())
                .map(|span| LabeledSpan::new_primary_with_span(None, *span.inner()))
                .into_iter()
                .collect(),
            related: Vec::new(),
        }
    }
}

/// The label as a miette span, when it points into `home`; spans are kept
/// inside the text (`len` bytes), so that no span can break rendering.
fn labeled(label: &Label, home: FileId, primary: bool, len: usize) -> Option<LabeledSpan> {
    match &label.anchor {
        Anchor::Span(file, span) if *file == home && len > 0 => {
            let start = span.start.min(len);
            let span = SourceSpan::from(start..span.end.clamp(start, len));
            let text = Some(label.text.clone());
            Some(if primary {
                LabeledSpan::new_primary_with_span(text, span)
            } else {
                LabeledSpan::new_with_span(text, span)
            })
        }
        _ => None,
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (self.severity != miette::Severity::Advice).then(|| Box::new(self.diagnostic.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.severity == miette::Severity::Advice {
            return None;
        }
        self.diagnostic.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
    }
}
