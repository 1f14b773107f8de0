//! Reporting every schema error of one record, not only the first.
//!
//! serde stops at the first error in a value. When a record fails, the
//! entry at fault is blanked out of a copy of the text (replaced by spaces,
//! so every byte offset and line number stays where it was) and the record
//! is decoded again, until it decodes or nothing more can be blanked. Each
//! round's error is located by the parser itself, exactly as the first.
//!
//! Only whole entries in block style are blanked: a `key: value` line with
//! the lines indented under it (YAML), or a `key = value` line or a table
//! (TOML). An error inside a list item or a flow collection ends the search,
//! which then reports what it found so far.

use std::collections::BTreeSet;

use crate::diag::Diagnostic;

/// At most this many rounds per record; a record with more errors than
/// this is reported with the first ones.
const MAX_ROUNDS: usize = 32;

/// Which syntax a text is in, for finding entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Yaml,
    Toml,
}

/// One failed attempt at decoding.
pub(crate) struct Failure {
    pub diagnostic: Diagnostic,
    /// Where the error is, as a byte offset into the text.
    pub offset: Option<usize>,
    /// The field that was missing, for a missing-field error; `offset` then
    /// points at the owner of the mapping that lacks it.
    pub missing: Option<String>,
    /// Whether the text itself is broken, so that no round can help.
    pub fatal: bool,
    /// For an unknown field, the known field it is probably a typo of.
    pub suggests: Option<String>,
}

/// Decodes with `decode`, recovering as described in the module docs.
/// Returns the record, or every finding about it.
pub(crate) fn decode_all<T, F>(text: &str, style: Style, mut decode: F) -> Result<T, Vec<Diagnostic>>
where
    F: FnMut(&str) -> Result<T, Failure>,
{
    // Copied only when an entry has to be blanked: most records decode at once.
    let mut work = std::borrow::Cow::Borrowed(text);
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut blanked: BTreeSet<String> = BTreeSet::new();
    let mut suggested: BTreeSet<String> = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        let failure = match decode(&work) {
            Ok(record) if found.is_empty() => return Ok(record),
            Ok(_) => return Err(found),
            Err(failure) => failure,
        };
        if failure.missing.as_ref().is_some_and(|field| blanked.contains(field) || suggested.contains(field)) {
            // A required field we blanked ourselves, or one an unknown field
            // is a typo of ("did you mean"): already reported.
            return Err(found);
        }
        suggested.extend(failure.suggests.clone());
        found.push(failure.diagnostic);
        if failure.fatal {
            return Err(found);
        }
        // For a missing field the offset is the owner of the mapping that
        // lacks it; blanking a nested owner lets the search go on, but the
        // record itself (whose first key is `kind`) cannot be blanked.
        let entry = failure.offset.and_then(|at| entry_at(&work, at, style));
        let Some((key, lines)) = entry.filter(|(key, _)| failure.missing.is_none() || key != "kind") else {
            return Err(found);
        };
        blank(work.to_mut(), lines);
        blanked.insert(key);
    }
    Err(found)
}

/// The key and byte range of the entry holding `offset`.
fn entry_at(text: &str, offset: usize, style: Style) -> Option<(String, std::ops::Range<usize>)> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |start, line| {
            let at = *start;
            *start += line.len();
            Some((at, line))
        })
        .collect();
    let index = lines.iter().rposition(|(start, _)| *start <= offset)?;
    let (start, line) = lines[index];
    let content = line.trim_end();
    let trimmed = content.trim_start();
    let indent = content.len() - trimmed.len();
    let end_of = |last: usize| lines.get(last + 1).map_or(text.len(), |(s, _)| *s);
    let is_blank = |l: &str| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    };
    match style {
        Style::Yaml => {
            if trimmed.starts_with('-') || trimmed.starts_with('{') || trimmed.starts_with('[') {
                return None;
            }
            let (key, _) = trimmed.split_once(':')?;
            let key = key.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
            let mut last = index;
            for (i, (_, next)) in lines.iter().enumerate().skip(index + 1) {
                if is_blank(next) {
                    continue;
                }
                let next_indent = next.len() - next.trim_start().len();
                if next_indent <= indent && !next.trim_start().starts_with("- ") || next_indent < indent {
                    break;
                }
                last = i;
            }
            Some((key, start..end_of(last)))
        }
        Style::Toml => {
            if trimmed.starts_with("[[") {
                return None;
            }
            if let Some(header) = trimmed.strip_prefix('[') {
                let key = header.trim_end_matches(']').rsplit('.').next()?.trim().to_string();
                let mut last = index;
                for (i, (_, next)) in lines.iter().enumerate().skip(index + 1) {
                    if next.trim_start().starts_with('[') {
                        break;
                    }
                    last = i;
                }
                return Some((key, start..end_of(last)));
            }
            let (key, value) = trimmed.split_once('=')?;
            let value = value.trim();
            let opens_block = (value.starts_with('[') && !value.ends_with(']'))
                || (value.starts_with('{') && !value.ends_with('}'))
                || value.matches("\"\"\"").count() == 1
                || value.matches("'''").count() == 1;
            if opens_block {
                return None;
            }
            let _ = indent;
            Some((key.trim().trim_matches('"').to_string(), start..end_of(index)))
        }
    }
}

/// Replaces every byte in `range` but line breaks with a space.
fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let blanked: String =
        text[range.clone()].bytes().map(|b| if b == b'\n' || b == b'\r' { b as char } else { ' ' }).collect();
    text.replace_range(range, &blanked);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_entry_spans_its_indented_lines() {
        let text = "kind: team\nbad:\n  a: 1\n  b: 2\nname: x\n";
        let at = text.find("bad").unwrap();
        let (key, range) = entry_at(text, at, Style::Yaml).unwrap();
        assert_eq!(key, "bad");
        assert_eq!(&text[range], "bad:\n  a: 1\n  b: 2\n");
    }

    #[test]
    fn yaml_entry_takes_unindented_list_items() {
        let text = "tags:\n- a\n- b\nname: x\n";
        let (key, range) = entry_at(text, 0, Style::Yaml).unwrap();
        assert_eq!(key, "tags");
        assert_eq!(&text[range], "tags:\n- a\n- b\n");
    }

    #[test]
    fn list_items_are_not_blanked() {
        let text = "members:\n  - name: a\n";
        assert!(entry_at(text, text.find("name").unwrap(), Style::Yaml).is_none());
    }

    #[test]
    fn toml_line_and_table() {
        let text = "kind = \"team\"\nbad = 1\n[on_call]\nphone = \"1\"\n[x]\n";
        let (key, range) = entry_at(text, text.find("bad").unwrap(), Style::Toml).unwrap();
        assert_eq!((key.as_str(), &text[range]), ("bad", "bad = 1\n"));
        let (key, range) = entry_at(text, text.find("[on_call]").unwrap(), Style::Toml).unwrap();
        assert_eq!((key.as_str(), &text[range]), ("on_call", "[on_call]\nphone = \"1\"\n"));
    }

    #[test]
    fn blanking_keeps_offsets() {
        // `ä` is two bytes in UTF-8, so the first line is 6 bytes long.
        let mut text = "ä: 1\nb: 2\n".to_string();
        let len = text.len();
        blank(&mut text, 0..6);
        assert_eq!(text.len(), len);
        assert_eq!(text, "     \nb: 2\n");
    }
}
