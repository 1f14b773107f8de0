//! Reading YAML records files: one record per document.
//!
//! Documents are split on their `---` markers before decoding, so that a
//! broken document never hides the findings of the ones after it. In YAML
//! a line that starts with `---` or `...` followed by a space or the end of
//! the line is always a document marker, so the split is exact.

use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::MessageFormatter;

use super::recover::{self, Failure, Style};
use super::schema_error::SchemaError;
use super::{DocSlice, FileId, Parsed};
use crate::diag::{Anchor, Code, Diagnostic, FieldPath, suggest};
use crate::model::{Kind, Origin, Record};

/// Splits `text` into the byte ranges of its non-empty documents.
///
/// Only a line that opens with `---` or `...` can be a marker, so those
/// are found by substring search, not by going through every line: the
/// line-by-line scan was about 6% of `validate`'s CPU time at 10,000
/// services.
pub fn split_documents(text: &str) -> Vec<Range<usize>> {
    use memchr::memmem::find_iter;
    let bytes = text.as_bytes();
    let at_line_start = |at: &usize| *at == 0 || bytes[*at - 1] == b'\n';
    let mut dashes = find_iter(bytes, b"---").filter(at_line_start).peekable();
    let mut dots = find_iter(bytes, b"...").filter(at_line_start).peekable();
    let mut starts = vec![0];
    loop {
        // The next line that opens with either, in order.
        let (at, dash) = match (dashes.peek(), dots.peek()) {
            (Some(d), Some(o)) if d < o => (*d, true),
            (_, Some(o)) => (*o, false),
            (Some(d), None) => (*d, true),
            (None, None) => break,
        };
        if dash {
            dashes.next();
        } else {
            dots.next();
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let rest = &text[at + 3..end].trim_end_matches(['\n', '\r']);
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        if dash {
            if at > 0 && starts.last() != Some(&at) {
                starts.push(at);
            }
        } else {
            // `...` ends a document; what follows starts the next one.
            starts.push(end);
        }
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).filter(|range| has_content(&text[range.clone()])).collect()
}

/// Whether a document holds anything but markers, comments and blanks.
fn has_content(doc: &str) -> bool {
    doc.lines().any(|line| {
        let line = line.trim();
        let line = line.strip_prefix("---").or_else(|| line.strip_prefix("...")).unwrap_or(line).trim();
        !line.is_empty() && !line.starts_with('#') && !line.starts_with('%')
    })
}

/// The value of a top-level `key:` line (a key at column 0 is always a
/// key of the document's root mapping), with its span.
fn scan_key<'a>(doc: &'a str, key: &str) -> Option<(&'a str, Range<usize>)> {
    let mut offset = 0;
    for line in doc.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key).and_then(|rest| rest.strip_prefix(':')) {
            let uncommented = memchr::memmem::find(rest.as_bytes(), b" #").map_or(rest, |end| &rest[..end]);
            let value = uncommented.trim().trim_matches(|c| c == '"' || c == '\'');
            // Where the value lies in the line: it is a part of it.
            let within = if value.is_empty() { key.len() } else { value.as_ptr() as usize - line.as_ptr() as usize };
            let start = offset + within;
            return Some((value, start..start + value.len().max(1)));
        }
        offset += line.len();
    }
    None
}

#[derive(Deserialize)]
struct Probe {
    kind: Option<String>,
}

/// Reads every record of a YAML file.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for (doc, range) in split_documents(text).into_iter().enumerate() {
        parsed.docs.push(DocSlice { range: range.clone(), prefix: FieldPath::root() });
        let origin = Origin { file, doc };
        let source = &text[range.clone()];
        let at = |span: Range<usize>| Anchor::Span(file, range.start + span.start..range.start + span.end);
        let plain = |(name, _): &(&str, Range<usize>)| !name.starts_with(['&', '!', '*', '{', '[', '|', '>']);
        let kind_name = match scan_key(source, "kind").filter(plain) {
            Some((name, span)) => Ok((name.to_string(), Some(span))),
            None => serde_saphyr::from_str::<Probe>(source).map(|p| (p.kind.unwrap_or_default(), None)),
        };
        let (name, span) = match kind_name {
            Ok(found) => found,
            Err(err) => {
                parsed.diagnostics.push(yaml_failure(&err, None, file, range.start, Some(source)).diagnostic);
                continue;
            }
        };
        let kind_anchor = || span.clone().map_or(Anchor::Field(origin, FieldPath::key("kind")), at);
        let Some(kind) = Kind::parse(&name) else {
            parsed.diagnostics.push(kind_diagnostic(&name, kind_anchor()));
            continue;
        };
        // Most records are plain block YAML that the fast path reads; it
        // gives up on anything else, and on any error, to serde-saphyr.
        if let Ok(record) = Record::decode(kind, FastDecoder(source)) {
            parsed.records.push((record, origin));
            continue;
        }
        let decoded = recover::decode_all(source, Style::Yaml, |text| {
            Record::decode(kind, YamlDecoder(text))
                .map_err(|err| yaml_failure(&err, Some(kind), file, range.start, Some(text)))
        });
        match decoded {
            Ok(record) => parsed.records.push((record, origin)),
            Err(found) => {
                parsed.diagnostics.extend(found);
                if let Some((id, _)) = scan_key(source, "id") {
                    parsed.failed.push((kind, id.to_string(), origin));
                }
            }
        }
    }
    parsed
}

/// The finding for a missing or unknown `kind`.
pub(crate) fn kind_diagnostic(name: &str, anchor: Anchor) -> Diagnostic {
    let kinds = Kind::ALL.map(Kind::as_str);
    if name.is_empty() {
        return Diagnostic::new(Code::MissingKind, "this record does not say which kind it is")
            .at(anchor, "no `kind` field")
            .help(format!("add `kind:` with one of: {}", kinds.join(", ")));
    }
    Diagnostic::new(Code::UnknownKind, format!("unknown kind `{name}`")).at(anchor, "not a record kind").help(suggest(
        name,
        kinds,
        format!("use one of: {}", kinds.join(", ")),
    ))
}

/// The byte offset of a 1-based line and character column in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum();
    let rest = text.get(start..)?;
    let within = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    Some(start + within)
}

/// The span of what owns the mapping around `offset`: the key of a nested
/// mapping, or the record's first line. serde reports a missing field at
/// the mapping's last entry, which is a confusing place to point at.
fn mapping_owner(doc: &str, offset: usize) -> Range<usize> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in doc.split_inclusive('\n') {
        lines.push((start, line.trim_end()));
        start += line.len();
    }
    let content = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with("---") && !t.starts_with("...")
    };
    let indent = |l: &str| {
        let t = l.trim_start();
        let dash = if t.starts_with("- ") { 2 } else { 0 };
        l.len() - t.len() + dash
    };
    let here = lines.iter().rposition(|(s, _)| *s <= offset).unwrap_or(0);
    let depth = lines.get(here).map_or(0, |(_, l)| indent(l));
    let parent = lines[..here].iter().rev().find(|(_, l)| content(l) && indent(l) < depth);
    let first = lines.iter().find(|(_, l)| content(l));
    match parent.or(first) {
        Some((s, l)) => {
            let lead = l.len() - l.trim_start().len();
            let key_len = l.trim_start().find(':').unwrap_or(l.trim_start().len()).max(1);
            s + lead..s + lead + key_len
        }
        None => 0..1,
    }
}

struct YamlDecoder<'a>(&'a str);

impl crate::model::Decoder for YamlDecoder<'_> {
    type Error = serde_saphyr::Error;

    fn decode<T: DeserializeOwned>(self) -> Result<T, serde_saphyr::Error> {
        serde_saphyr::from_str(self.0)
    }
}

struct FastDecoder<'a>(&'a str);

impl crate::model::Decoder for FastDecoder<'_> {
    type Error = super::fast::Bail;

    fn decode<T: DeserializeOwned>(self) -> Result<T, super::fast::Bail> {
        super::fast::decode(self.0)
    }
}

/// Unwraps the snippet and alias wrappers serde-saphyr puts around errors.
fn innermost(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match err.without_snippet() {
        serde_saphyr::Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// The finding for a decoding error, with what recovery needs to know.
fn yaml_failure(
    err: &serde_saphyr::Error,
    kind: Option<Kind>,
    file: FileId,
    base: usize,
    source: Option<&str>,
) -> Failure {
    use serde_saphyr::Error as E;
    let err = innermost(err);
    // Scanner errors carry a line and column but no byte offset.
    let local = err.location().and_then(|loc| {
        loc.span().byte_offset().map(|o| o as usize).or_else(|| {
            let (line, column) = (usize::try_from(loc.line()).ok()?, usize::try_from(loc.column()).ok()?);
            source.and_then(|text| offset_of(text, line, column))
        })
    });
    let offset = base + local.unwrap_or(0);
    let len = err.location().and_then(|loc| loc.span().byte_len()).unwrap_or(1).max(1) as usize;
    let mut anchor = Anchor::Span(file, offset..offset + len);
    let message = || serde_saphyr::UserMessageFormatter.format_message(err).into_owned();
    let list = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
    let schema = match err {
        E::SerdeUnknownField { field, expected, .. } => {
            SchemaError::UnknownField { field: field.clone(), expected: list(expected) }
        }
        E::SerdeUnknownVariant { variant, expected, .. } => {
            SchemaError::UnknownVariant { variant: variant.clone(), expected: list(expected) }
        }
        E::SerdeMissingField { field, .. } => SchemaError::MissingField { field: field.to_string() },
        E::SerdeInvalidType { .. } | E::SerdeInvalidLength { .. } | E::NullIntoString { .. } | E::Unexpected { .. } => {
            let mut message = message();
            // The parser's "expected sequence start" does not say what it met.
            let found = local.and_then(|at| source?.get(at..at + len)).map(str::trim).filter(|f| !f.is_empty());
            if let (false, Some(found)) = (message.contains("found") || message.starts_with("invalid type"), found) {
                let found: String = found.chars().take(40).collect();
                message = format!("invalid type: {message}, found `{found}`");
            }
            SchemaError::InvalidType { message }
        }
        E::SerdeInvalidValue { .. } | E::Message { .. } | E::InvalidScalar { .. } | E::NonFiniteFloat { .. } => {
            SchemaError::InvalidValue { message: message() }
        }
        E::DuplicateMappingKey { key, .. } => SchemaError::DuplicateKey { key: key.clone() },
        _ => SchemaError::Syntax { message: message() },
    };
    if kind.is_none() && matches!(schema, SchemaError::InvalidType { .. }) {
        let diagnostic = Diagnostic::new(Code::NotARecord, "this document is not a mapping, so it cannot be a record")
            .at(anchor, "a record starts here")
            .help("write a record as `key: value` lines, starting with `kind:` and `id:`");
        return Failure { diagnostic, offset: local, missing: None, fatal: true, suggests: None };
    }
    let missing = match &schema {
        SchemaError::MissingField { field } => Some(field.clone()),
        _ => None,
    };
    let mut local = local;
    if let (Some(_), Some(at), Some(source)) = (&missing, local, source) {
        let owner = mapping_owner(source, at);
        local = Some(owner.start);
        anchor = Anchor::Span(file, base + owner.start..base + owner.end);
    }
    let fatal = matches!(schema, SchemaError::Syntax { .. });
    let suggests = schema.suggestion();
    Failure { diagnostic: schema.into_diagnostic(kind, anchor), offset: local, missing, fatal, suggests }
}

#[cfg(test)]
mod tests {
    //! The fast path against serde-saphyr, on every YAML document of the
    //! project and on mutations of them: whenever the fast path decodes a
    //! record, serde-saphyr must decode the same record.

    use super::*;

    /// Every YAML document under the example estate, the templates and the
    /// test cases, with where it came from.
    fn documents() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut docs = Vec::new();
        for dir in ["examples", "templates", "tests"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.unwrap();
                let path = entry.path();
                if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else { continue };
                for range in split_documents(&text) {
                    docs.push((path.display().to_string(), text[range].to_string()));
                }
            }
        }
        docs
    }

    /// Decodes `doc` both ways; `Some(fast took it)`, or `None` for a
    /// document without a known kind.
    fn compare(doc: &str, origin: &str) -> Option<bool> {
        let kind = Kind::parse(scan_key(doc, "kind")?.0)?;
        let Ok(fast) = Record::decode(kind, FastDecoder(doc)) else { return Some(false) };
        match Record::decode(kind, YamlDecoder(doc)) {
            Ok(slow) => assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{origin}:\n{doc}"),
            Err(err) => panic!("the fast path accepted what serde-saphyr refuses ({err}), {origin}:\n{doc}"),
        }
        Some(true)
    }

    /// The split as it was first written, line by line: the oracle of
    /// the substring search.
    fn split_by_lines(text: &str) -> Vec<Range<usize>> {
        let mut starts = vec![0];
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let bare = line.trim_end_matches(['\n', '\r']);
            let is_marker =
                |m: &str| bare.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
            if offset > 0 && is_marker("---") && starts.last() != Some(&offset) {
                starts.push(offset);
            }
            offset += line.len();
            if is_marker("...") {
                starts.push(offset);
            }
        }
        starts.push(text.len());
        starts.windows(2).map(|w| w[0]..w[1]).filter(|range| has_content(&text[range.clone()])).collect()
    }

    #[test]
    fn a_scanned_value_is_located_where_it_is() {
        // The value's text also occurs earlier in the line (`kin` begins
        // the key; a lone `d` ends `id`): its span is where the value is.
        let doc = "id: x\nkind: kin # note\n";
        assert_eq!(scan_key(doc, "kind"), Some(("kin", 12..15)));
        assert_eq!(scan_key("id: d\n", "id"), Some(("d", 4..5)));
        assert_eq!(scan_key("kind: 'service'\n", "kind"), Some(("service", 7..14)));
        // No value: the colon.
        assert_eq!(scan_key("kind:\n", "kind"), Some(("", 4..5)));
        assert_eq!(scan_key("kinds: x\n", "kind"), None);
    }

    #[test]
    fn documents_split_as_line_by_line() {
        use rand::{Rng, SeedableRng};
        // Pieces that make markers, near-markers and content, joined at
        // random: 20,000 texts from a fixed seed.
        let pieces = [
            "---",
            "...",
            "----",
            "....",
            "-- ",
            "..",
            " ---",
            "--- ",
            "---\t",
            "... #",
            "---x",
            "...\r",
            "\n",
            "\n",
            "\n",
            "\r\n",
            "\r",
            "kind: service",
            "# note",
            "- a",
            "a: 1.5",
            "%YAML 1.2",
            " ",
            "\t",
            "é",
            "-",
            ".",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5917);
        for _ in 0..20_000 {
            let text: String =
                (0..rng.random_range(0..24)).map(|_| pieces[rng.random_range(0..pieces.len())]).collect();
            assert_eq!(split_documents(&text), split_by_lines(&text), "{text:?}");
        }
        for (origin, doc) in documents() {
            assert_eq!(split_documents(&doc), split_by_lines(&doc), "{origin}");
        }
    }

    #[test]
    fn the_fast_path_decodes_what_serde_saphyr_decodes() {
        let docs = documents();
        let (mut fast, mut known) = (0, 0);
        let mut example = (0, 0);
        for (origin, doc) in &docs {
            if let Some(took) = compare(doc, origin) {
                known += 1;
                fast += usize::from(took);
                if origin.contains("examples") {
                    example.0 += 1;
                    example.1 += usize::from(took);
                }
            }
        }
        // Not vacuous: the fast path takes most records (300 of 326 when
        // this was written; 106 of the 121 example records, the others
        // use block scalars and other full-YAML features).
        assert!(known > 300, "only {known} documents");
        assert!(fast * 10 >= known * 8, "the fast path took {fast} of {known}");
        assert!(example.1 * 10 >= example.0 * 8, "the fast path took {} of {} example records", example.1, example.0);
    }

    #[test]
    fn mutated_documents_decode_the_same_or_fall_back() {
        // Each line of each example record, edited in ways that change
        // its meaning, break it, or leave the subset.
        let edits: [fn(&str) -> String; 10] = [
            |_| String::new(),
            |line| format!("{line}\n{line}"),
            |line| format!(" {line}"),
            |line| line.strip_prefix(' ').unwrap_or(line).to_string(),
            |line| format!("{line}\t"),
            |line| format!("{line} # note"),
            |line| line.replacen(": ", ": '", 1),
            |line| line.replacen(": ", ": [", 1),
            |line| line.replacen(": ", ":\n  ", 1),
            |line| line.replacen("- ", "- - ", 1),
        ];
        // Values of every type, and of none, in place of each value.
        let values = [
            "~",
            "null",
            "",
            "yes",
            "No",
            "true",
            "0x10",
            "010",
            "1e3",
            "1_000",
            ".inf",
            "12",
            "-3",
            "2.5",
            "12:30",
            "2026-02-30",
            "'quoted'",
            "\"a\\\"b\"",
            "[]",
            "{}",
            "[a, b]",
            "{a: 1}",
            "24x7",
            "&a x",
            "*a",
            "!!str 1",
        ];
        let mut checked = 0;
        for (origin, doc) in documents().iter().filter(|(origin, _)| !origin.contains("/tests/")) {
            let lines: Vec<&str> = doc.lines().collect();
            for (at, line) in lines.iter().enumerate() {
                let replaced = line.split_once(": ").map(|(key, _)| values.map(|v| format!("{key}: {v}")));
                let changed = edits.iter().map(|edit| edit(line)).chain(replaced.into_iter().flatten());
                for new in changed {
                    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                    edited[at] = new;
                    let text = edited.join("\n") + "\n";
                    if compare(&text, origin) == Some(true) {
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000, "only {checked} mutations took the fast path");
    }
}
