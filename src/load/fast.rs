//! A fast path for the plain block YAML that records are written in.
//!
//! Almost every record is a block mapping of plain or quoted scalars,
//! block sequences and one-line flow collections. This module reads that
//! subset into a borrowed tree in one pass over the lines and decodes the
//! typed record from it, several times faster than the full YAML parser.
//!
//! It is only ever a shortcut: on anything outside the subset (anchors,
//! aliases, tags, block scalars, multi-line scalars, directives, tabs,
//! carriage returns, duplicate keys, escapes other than the common ones,
//! scalars whose type the full parser might resolve differently) and on
//! every decoding error it gives up, and the caller decodes the document
//! with serde-saphyr as before. Findings therefore always come from
//! serde-saphyr, and a record that decodes here decodes to exactly what
//! serde-saphyr makes of it (`tests/fast_yaml.rs` checks this on every
//! document of the example estate, the templates and the test cases).

use std::borrow::Cow;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

/// Documents longer than this go to the full parser, whose budgets
/// (nodes, events, scalar bytes) they could otherwise exceed.
const MAX_DOC: usize = 256 * 1024;

/// Collections nested deeper than this go to the full parser, whose depth
/// budget is 64.
const MAX_DEPTH: usize = 32;

/// Mappings with more entries than this go to the full parser: duplicate
/// keys are looked for by a scan, which would be quadratic.
const MAX_ENTRIES: usize = 256;

/// Why the fast path gave up. It carries no detail: the full parser says
/// what is wrong, if anything is.
#[derive(Debug)]
pub(crate) struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("outside the fast path")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

/// A value of the subset, borrowing from the document.
#[derive(Debug, PartialEq)]
pub(crate) enum Node<'a> {
    /// A plain scalar, trimmed; empty for a missing value.
    Plain(&'a str),
    /// A single- or double-quoted scalar, unescaped.
    Quoted(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    /// Entries in order; keys are scalars.
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl Node<'_> {
    fn key_text(&self) -> Option<&str> {
        match self {
            Node::Plain(s) => Some(s),
            Node::Quoted(s) => Some(s),
            _ => None,
        }
    }
}

/// Decodes `doc` as a `T` on the fast path, or gives up.
pub(crate) fn decode<T: DeserializeOwned>(doc: &str) -> Result<T, Bail> {
    let tree = parse(doc)?;
    T::deserialize(&tree)
}

/// Reads `doc` into a tree, or gives up.
pub(crate) fn parse(doc: &str) -> Result<Node<'_>, Bail> {
    if doc.len() > MAX_DOC || !plain_text(doc.as_bytes()) {
        return Err(Bail);
    }
    let mut parser = Parser::new(doc);
    // Blank and comment lines, then at most one `---` line.
    parser.skip_blank();
    if parser.at < parser.lines.len() && is_marker(parser.text(parser.at), "---") {
        parser.at += 1;
    }
    let Some(0) = parser.next_content() else { return Err(Bail) };
    let start = parser.lines[parser.at].start;
    let root = parser.block_map(start, 0)?;
    // Nothing may follow but `...` lines, blanks and comments.
    loop {
        parser.skip_blank();
        match parser.lines.get(parser.at) {
            None => return Ok(root),
            Some(_) if is_marker(parser.text(parser.at), "...") => parser.at += 1,
            Some(_) => return Err(Bail),
        }
    }
}

/// Whether `bytes` hold only what the subset allows: printable characters
/// and line feeds. No tab, carriage return, byte-order mark, C1 control,
/// non-character, or the line and paragraph separators of YAML 1.1.
fn plain_text(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | 0x20..=0x7e => i += 1,
            0xc2 => {
                if bytes.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)) {
                    return false;
                }
                i += 2;
            }
            0xe2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) => return false,
            0xef if matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ) =>
            {
                return false;
            }
            0x80.. => i += 1,
            _ => return false,
        }
    }
    true
}

/// Whether `line` is the document marker `marker` alone, or followed by
/// a comment.
fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker).is_some_and(is_comment_or_empty)
}

/// Whether `rest` is blank or a comment (after at least one space).
fn is_comment_or_empty(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// One line of the document.
struct Line {
    /// Byte offsets of its start and of its end, before the line feed.
    start: usize,
    end: usize,
    /// Leading spaces.
    indent: usize,
    /// Whether it holds nothing but spaces or a comment.
    blank: bool,
}

struct Parser<'a> {
    src: &'a str,
    lines: Vec<Line>,
    /// The line being read.
    at: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        let mut lines = Vec::with_capacity(src.len() / 24 + 1);
        let mut start = 0;
        // Every line end at once, the last line's being the end of the text.
        for end in memchr::memchr_iter(b'\n', src.as_bytes()).chain([src.len()]) {
            if start >= src.len() {
                break;
            }
            let body = src[start..end].trim_start_matches(' ');
            lines.push(Line {
                start,
                end,
                indent: end - start - body.len(),
                blank: body.is_empty() || body.starts_with('#'),
            });
            start = end + 1;
        }
        Parser { src, lines, at: 0, depth: 0 }
    }

    /// The text of line `i`.
    fn text(&self, i: usize) -> &'a str {
        &self.src[self.lines[i].start..self.lines[i].end]
    }

    /// Moves past blank and comment lines.
    fn skip_blank(&mut self) {
        while self.lines.get(self.at).is_some_and(|line| line.blank) {
            self.at += 1;
        }
    }

    /// The indentation of the next line with content, skipping blank and
    /// comment lines, which `at` then points at. A document marker in the
    /// first column ends the content.
    fn next_content(&mut self) -> Option<usize> {
        self.skip_blank();
        let line = self.lines.get(self.at)?;
        let text = &self.src[line.start..line.end];
        if line.indent == 0 && (is_marker(text, "...") || is_marker(text, "---")) {
            return None;
        }
        Some(line.indent)
    }

    /// Whether the line being read starts, after its indentation, with a
    /// block sequence's dash.
    fn at_dash(&self) -> bool {
        let line = &self.lines[self.at];
        is_dash(&self.src[line.start + line.indent..line.end])
    }

    fn enter(&mut self) -> Result<(), Bail> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(Bail) } else { Ok(()) }
    }

    /// A block mapping whose first key starts at byte `from` of the line
    /// being read, in column `indent`; the following keys are on lines of
    /// that indentation.
    fn block_map(&mut self, mut from: usize, indent: usize) -> Result<Node<'a>, Bail> {
        self.enter()?;
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        loop {
            let line = &self.src[from..self.lines[self.at].end];
            let (key, after) = split_key(line).ok_or(Bail)?;
            admit_key(&key, &entries)?;
            let rest = &line[after..];
            self.at += 1;
            let value = if is_comment_or_empty(rest) {
                self.nested(indent, true)?
            } else {
                let value = inline_value(rest.trim_start_matches(' '), &mut self.depth)?;
                self.no_continuation(indent)?;
                value
            };
            entries.push((key, value));
            match self.next_content() {
                Some(i) if i == indent => {
                    if self.at_dash() {
                        return Err(Bail);
                    }
                    from = self.lines[self.at].start + i;
                }
                Some(i) if i > indent => return Err(Bail),
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(Node::Map(entries))
    }

    /// The value of a key or item whose line ends after its indicator:
    /// a block collection on the next lines, or nothing (null). A mapping
    /// value may be a sequence at the key's own indentation.
    fn nested(&mut self, indent: usize, in_map: bool) -> Result<Node<'a>, Bail> {
        let Some(i) = self.next_content() else { return Ok(Node::Plain("")) };
        let dash = self.at_dash();
        let start = self.lines[self.at].start + i;
        if i > indent || (in_map && i == indent && dash) {
            if dash { self.block_seq(i) } else { self.block_map(start, i) }
        } else {
            Ok(Node::Plain(""))
        }
    }

    /// After a value on the same line as its key or dash: the next line
    /// must not be indented deeper (a continuation, or an error).
    fn no_continuation(&mut self, indent: usize) -> Result<(), Bail> {
        match self.next_content() {
            Some(i) if i > indent => Err(Bail),
            _ => Ok(()),
        }
    }

    /// A block sequence whose first dash starts the line being read, in
    /// column `indent`.
    fn block_seq(&mut self, indent: usize) -> Result<Node<'a>, Bail> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            let Line { start, end, .. } = self.lines[self.at];
            let line = &self.src[start + indent..end];
            // `line` starts with the dash.
            let rest = &line[1..];
            let item = if is_comment_or_empty(rest) {
                self.at += 1;
                self.nested(indent, false)?
            } else {
                let content = rest.trim_start_matches(' ');
                let column = indent + line.len() - content.len();
                if is_dash(content) {
                    return Err(Bail);
                }
                if split_key(content).is_some() {
                    self.block_map(start + column, column)?
                } else {
                    self.at += 1;
                    let value = inline_value(content, &mut self.depth)?;
                    self.no_continuation(indent)?;
                    value
                }
            };
            items.push(item);
            match self.next_content() {
                Some(i) if i == indent && self.at_dash() => {}
                Some(i) if i > indent => return Err(Bail),
                _ => break,
            }
        }
        self.depth -= 1;
        Ok(Node::Seq(items))
    }
}

/// Whether `text` starts with a block sequence's dash.
fn is_dash(text: &str) -> bool {
    text.starts_with('-') && (text.len() == 1 || text.as_bytes()[1] == b' ')
}

/// Where a comment starts in `text`: a `#` after a space.
fn comment_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'#', bytes).find(|&i| i > 0 && bytes[i - 1] == b' ').map(|i| i - 1)
}

/// Checks that `key` may join the mapping `entries`, block or flow: a
/// scalar, not a merge key `<<` (which serde-saphyr expands), not one of
/// the keys already there, and within [`MAX_ENTRIES`].
fn admit_key(key: &Node<'_>, entries: &[(Node<'_>, Node<'_>)]) -> Result<(), Bail> {
    let text = key.key_text().ok_or(Bail)?;
    let merge = text == "<<" && matches!(key, Node::Plain(_));
    if merge || entries.len() >= MAX_ENTRIES || entries.iter().any(|(k, _)| k.key_text() == Some(text)) {
        return Err(Bail);
    }
    Ok(())
}

/// The characters a plain scalar may not start with.
const INDICATORS: &[u8] = b"-?:,[]{}#&*!|>'\"%@`";

/// Whether `byte` is one of [`INDICATORS`]: a table lookup rather than a
/// search of the list, since every key and value asks.
fn is_indicator(byte: u8) -> bool {
    const TABLE: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < INDICATORS.len() {
            table[INDICATORS[i] as usize] = true;
            i += 1;
        }
        table
    };
    TABLE[byte as usize]
}

/// Splits a block mapping entry's line into its key and the byte offset
/// just past the `:` indicator, if the line is one.
fn split_key(line: &str) -> Option<(Node<'_>, usize)> {
    let bytes = line.as_bytes();
    match bytes.first()? {
        b'"' | b'\'' => {
            let (key, used) = quoted(line)?;
            let after = line[used..].trim_start_matches(' ');
            let colon = line.len() - after.len();
            let rest = after.strip_prefix(':')?;
            (rest.is_empty() || rest.starts_with(' ')).then_some((Node::Quoted(key), colon + 1))
        }
        &first if is_indicator(first) => None,
        _ => {
            let mut from = 0;
            loop {
                let i = from + memchr::memchr(b':', &bytes[from..])?;
                if comment_start(&line[..i]).is_some() {
                    return None;
                }
                if i + 1 == line.len() || bytes[i + 1] == b' ' {
                    let key = line[..i].trim_end_matches(' ');
                    return Some((Node::Plain(key), i + 1));
                }
                from = i + 1;
            }
        }
    }
}

/// A value written on the same line as its key or dash: a quoted or
/// plain scalar, or a flow collection, with nothing after it but a comment.
fn inline_value<'a>(text: &'a str, depth: &mut usize) -> Result<Node<'a>, Bail> {
    let first = *text.as_bytes().first().ok_or(Bail)?;
    let (node, used) = match first {
        b'"' | b'\'' => {
            let (value, used) = quoted(text).ok_or(Bail)?;
            (Node::Quoted(value), used)
        }
        b'[' | b'{' => flow(text, depth)?,
        _ if is_indicator(first) => return Err(Bail),
        _ => {
            let end = comment_start(text).unwrap_or(text.len());
            let value = text[..end].trim_end_matches(' ');
            if value.as_bytes().windows(2).any(|w| w == b": ") || value.ends_with(':') {
                return Err(Bail);
            }
            (Node::Plain(value), end)
        }
    };
    if is_comment_or_empty(&text[used..]) { Ok(node) } else { Err(Bail) }
}

/// A quoted scalar at the start of `text`, closed on the same line, and
/// how many bytes it took.
fn quoted(text: &str) -> Option<(Cow<'_, str>, usize)> {
    let quote = text.as_bytes()[0];
    let body = &text[1..];
    if quote == b'\'' {
        let mut out: Option<String> = None;
        let mut i = 0;
        loop {
            let j = i + body[i..].find('\'')?;
            if body.as_bytes().get(j + 1) == Some(&b'\'') {
                out.get_or_insert_with(String::new).push_str(&body[i..=j]);
                i = j + 2;
                continue;
            }
            return Some(match out {
                None => (Cow::Borrowed(&body[..j]), j + 2),
                Some(mut s) => {
                    s.push_str(&body[i..j]);
                    (Cow::Owned(s), j + 2)
                }
            });
        }
    }
    let end = body.find(['"', '\\'])?;
    if body.as_bytes()[end] == b'"' {
        return Some((Cow::Borrowed(&body[..end]), end + 2));
    }
    let mut out = String::from(&body[..end]);
    let mut chars = body[end..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((Cow::Owned(out), end + i + 2)),
            '\\' => out.push(match chars.next()?.1 {
                '\\' => '\\',
                '"' => '"',
                '/' => '/',
                'n' => '\n',
                't' => '\t',
                _ => return None,
            }),
            c => out.push(c),
        }
    }
    None
}

/// A flow collection on one line, at the start of `text`, and how many
/// bytes it took. Items are quoted or plain scalars, or flow collections.
fn flow<'a>(text: &'a str, depth: &mut usize) -> Result<(Node<'a>, usize), Bail> {
    *depth += 1;
    if *depth > MAX_DEPTH {
        return Err(Bail);
    }
    let is_map = text.starts_with('{');
    let close = if is_map { b'}' } else { b']' };
    let bytes = text.as_bytes();
    let mut i = 1;
    let skip = |i: &mut usize| {
        while bytes.get(*i) == Some(&b' ') {
            *i += 1;
        }
    };
    let mut items = Vec::new();
    let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
    loop {
        skip(&mut i);
        if bytes.get(i) == Some(&close) {
            i += 1;
            break;
        }
        let (item, quoted_item) = flow_item(text, &mut i, depth)?;
        skip(&mut i);
        if is_map {
            admit_key(&item, &entries)?;
            if bytes.get(i) != Some(&b':') {
                return Err(Bail);
            }
            i += 1;
            // A plain key's `:` must be followed by a space.
            if !quoted_item && bytes.get(i) != Some(&b' ') {
                return Err(Bail);
            }
            skip(&mut i);
            if matches!(bytes.get(i), Some(b',' | b'}') | None) {
                return Err(Bail);
            }
            let (value, _) = flow_item(text, &mut i, depth)?;
            entries.push((item, value));
            skip(&mut i);
        } else {
            if bytes.get(i) == Some(&b':') {
                return Err(Bail);
            }
            items.push(item);
        }
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(c) if *c == close => {
                i += 1;
                break;
            }
            _ => return Err(Bail),
        }
    }
    *depth -= 1;
    Ok((if is_map { Node::Map(entries) } else { Node::Seq(items) }, i))
}

/// One item of a flow collection at byte `*i`, moving `*i` past it, and
/// whether it was quoted.
fn flow_item<'a>(text: &'a str, i: &mut usize, depth: &mut usize) -> Result<(Node<'a>, bool), Bail> {
    let rest = &text[*i..];
    let first = *rest.as_bytes().first().ok_or(Bail)?;
    match first {
        b'"' | b'\'' => {
            let (value, used) = quoted(rest).ok_or(Bail)?;
            *i += used;
            Ok((Node::Quoted(value), true))
        }
        b'[' | b'{' => {
            let (node, used) = flow(rest, depth)?;
            *i += used;
            Ok((node, false))
        }
        _ if is_indicator(first) => Err(Bail),
        _ => {
            let end = rest.find([',', '[', ']', '{', '}', ':', '#']).ok_or(Bail)?;
            // A `:` not followed by a space or an indicator is part of the
            // scalar (`http://x`); keep it simple and give up on those.
            let value = rest[..end].trim_end_matches(' ');
            if value.is_empty() {
                return Err(Bail);
            }
            *i += end;
            Ok((Node::Plain(value), false))
        }
    }
}

/// Whether the full parser reads the plain scalar `s` as null.
fn nullish(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// What a plain scalar is, as far as the fast path can tell for sure.
enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
}

/// Resolves a plain scalar the way the full parser does, or gives up on
/// anything that could be read more than one way (YAML 1.1 booleans,
/// octal, hexadecimal, underscores, exponents, infinities, times).
fn resolve(s: &str) -> Result<Scalar<'_>, Bail> {
    if nullish(s) {
        return Ok(Scalar::Null);
    }
    match s {
        "true" => return Ok(Scalar::Bool(true)),
        "false" => return Ok(Scalar::Bool(false)),
        _ => {}
    }
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n") {
        return Err(Bail);
    }
    // Whatever any YAML schema, or Rust's own number parsers, could read
    // as a number: a prefixed integer, an infinity or not-a-number, or
    // digits with only `._:eE+-` (decimals, exponents, underscores,
    // sexagesimals, dates). Anything else with a letter is text.
    let unsigned = lower.trim_start_matches(['-', '+']);
    let word = unsigned.trim_start_matches('.');
    if ["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p)) || word.starts_with("inf") || word.starts_with("nan")
    {
        return Err(Bail);
    }
    let numeric = unsigned.bytes().any(|b| b.is_ascii_digit())
        && unsigned.bytes().all(|b| b.is_ascii_digit() || b"._:e+-".contains(&b));
    if !numeric {
        return Ok(Scalar::Str(s));
    }
    if let Some(n) = canonical_int(s) {
        return Ok(n);
    }
    if canonical_float(s) {
        let f: f64 = s.parse().map_err(|_| Bail)?;
        return if f.is_finite() { Ok(Scalar::Float(f)) } else { Err(Bail) };
    }
    Err(Bail)
}

/// `-?(0|[1-9][0-9]*)` within range.
fn canonical_int(s: &str) -> Option<Scalar<'static>> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    if s.starts_with('-') { s.parse().ok().map(Scalar::Int) } else { s.parse().ok().map(Scalar::Uint) }
}

/// `-?(0|[1-9][0-9]*)\.[0-9]+`.
fn canonical_float(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let Some((whole, fraction)) = digits.split_once('.') else { return false };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction) && !(whole.len() > 1 && whole.starts_with('0'))
}

impl<'de> Node<'de> {
    fn plain(&self) -> Result<&'de str, Bail> {
        match self {
            Node::Plain(s) => Ok(s),
            _ => Err(Bail),
        }
    }

    fn visit_text<V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Plain(s) if nullish(s) => Err(Bail),
            Node::Plain(s) => visitor.visit_borrowed_str(s),
            Node::Quoted(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Node::Quoted(Cow::Owned(s)) => visitor.visit_str(s),
            _ => Err(Bail),
        }
    }

    fn visit_number<V: Visitor<'de>>(&self, visitor: V, float: bool) -> Result<V::Value, Bail> {
        match resolve(self.plain()?)? {
            Scalar::Int(n) => visitor.visit_i64(n),
            Scalar::Uint(n) => visitor.visit_u64(n),
            Scalar::Float(f) if float => visitor.visit_f64(f),
            _ => Err(Bail),
        }
    }
}

macro_rules! numbers {
    ($($method:ident => $float:expr),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
            self.visit_number(visitor, $float)
        })*
    };
}

macro_rules! bail {
    ($($method:ident),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
            Err(Bail)
        })*
    };
}

impl<'de> Deserializer<'de> for &Node<'de> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Plain(s) => match resolve(s)? {
                Scalar::Null => visitor.visit_unit(),
                Scalar::Bool(b) => visitor.visit_bool(b),
                Scalar::Int(n) => visitor.visit_i64(n),
                Scalar::Uint(n) => visitor.visit_u64(n),
                Scalar::Float(f) => visitor.visit_f64(f),
                Scalar::Str(s) => visitor.visit_borrowed_str(s),
            },
            Node::Quoted(_) => self.visit_text(visitor),
            Node::Seq(_) => self.deserialize_seq(visitor),
            Node::Map(_) => self.deserialize_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match resolve(self.plain()?)? {
            Scalar::Bool(b) => visitor.visit_bool(b),
            _ => Err(Bail),
        }
    }

    numbers! {
        deserialize_i8 => false, deserialize_i16 => false, deserialize_i32 => false, deserialize_i64 => false,
        deserialize_u8 => false, deserialize_u16 => false, deserialize_u32 => false, deserialize_u64 => false,
        deserialize_f32 => true, deserialize_f64 => true,
    }

    bail! { deserialize_char, deserialize_bytes, deserialize_byte_buf }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.visit_text(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.visit_text(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Plain(s) if nullish(s) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Plain(s) if nullish(s) => visitor.visit_unit(),
            _ => Err(Bail),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Seq(items) => {
                let mut access = Items(items.iter());
                let value = visitor.visit_seq(&mut access)?;
                if access.0.next().is_some() { Err(Bail) } else { Ok(value) }
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self {
            Node::Map(entries) => {
                let mut access = Entries { entries: entries.iter(), value: None };
                let value = visitor.visit_map(&mut access)?;
                if access.entries.next().is_some() { Err(Bail) } else { Ok(value) }
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        match self {
            Node::Plain(s) if !nullish(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            Node::Quoted(s) => visitor.visit_enum(s.as_ref().into_deserializer()),
            _ => Err(Bail),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.visit_text(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_unit()
    }
}

struct Items<'a, 'de>(std::slice::Iter<'a, Node<'de>>);

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Bail> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'a, 'de> {
    entries: std::slice::Iter<'a, (Node<'de>, Node<'de>)>,
    value: Option<&'a Node<'de>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Bail> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Bail> {
        seed.deserialize(self.value.take().ok_or(Bail)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Node<'_> {
        Node::Plain(s)
    }

    /// YAML 1.2's indicator characters (section 5.3, `c-indicator`): the
    /// fast path leaves a plain key or value that begins with one to
    /// serde-saphyr. (`-`, `?` and `:` may begin a plain scalar when a
    /// non-space follows; the fast path does not decide that either.)
    #[test]
    fn values_and_keys_that_begin_with_an_indicator_are_left_to_serde_saphyr() {
        for c in ['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`'] {
            assert!(is_indicator(c as u8), "{c}");
            // Flow collections and quotes are read here; `#` after a space
            // starts a comment.
            let read_here = matches!(c, '[' | '{' | '\'' | '"' | '#');
            if !read_here {
                assert!(parse(&format!("key: {c}x\n")).is_err(), "value {c}x");
                assert!(parse(&format!("{c}x: 1\n")).is_err(), "key {c}x");
            }
        }
        for byte in 0..=255u8 {
            let listed = b"-?:,[]{}#&*!|>'\"%@`".contains(&byte);
            assert_eq!(is_indicator(byte), listed, "{}", byte as char);
        }
        assert!(parse("key: x-y\n").is_ok());
    }

    #[test]
    fn reads_block_mappings_sequences_and_flow() {
        let doc = "---\nkind: service # the kind\nid: \"svc-1\"\ntags: [a, 'b c', \"d\"]\ncharge: {amount: 2.50, per: user}\nsteps:\n  - one\n  - two\nteam:\n- name: x\n  fte: 1\n...\n";
        let tree = parse(doc).unwrap();
        let Node::Map(entries) = tree else { panic!("not a map") };
        assert_eq!(entries[0], (plain("kind"), plain("service")));
        assert_eq!(entries[1], (plain("id"), Node::Quoted(Cow::Borrowed("svc-1"))));
        assert_eq!(
            entries[2].1,
            Node::Seq(vec![plain("a"), Node::Quoted(Cow::Borrowed("b c")), Node::Quoted(Cow::Borrowed("d"))])
        );
        assert_eq!(entries[3].1, Node::Map(vec![(plain("amount"), plain("2.50")), (plain("per"), plain("user"))]));
        assert_eq!(entries[4].1, Node::Seq(vec![plain("one"), plain("two")]));
        assert_eq!(
            entries[5].1,
            Node::Seq(vec![Node::Map(vec![(plain("name"), plain("x")), (plain("fte"), plain("1"))])])
        );
    }

    #[test]
    fn gives_up_outside_the_subset() {
        for doc in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: one\n  two\n",
            "a: 1\na: 2\n",
            "a:\tb\n",
            "a: b\r\n",
            "%YAML 1.2\n---\na: b\n",
            "a: \"multi\n  line\"\n",
            "a: b: c\n",
            "a: [1, 2\n",
            "<<: {a: 1}\n",
            "- a\n",
            "a: b\n c: d\n",
            "a: \"\\x41\"\n",
            "\u{feff}a: b\n",
            "a:\n  - - b\n",
        ] {
            assert!(parse(doc).is_err(), "accepted {doc:?}");
        }
    }

    #[test]
    fn resolves_only_unambiguous_scalars() {
        assert!(matches!(resolve("12"), Ok(Scalar::Uint(12))));
        assert!(matches!(resolve("-3"), Ok(Scalar::Int(-3))));
        assert!(matches!(resolve("2.50"), Ok(Scalar::Float(f)) if f == 2.5));
        assert!(matches!(resolve("24x7"), Ok(Scalar::Str("24x7"))));
        assert!(matches!(resolve("~"), Ok(Scalar::Null)));
        for ambiguous in ["012", "0x1f", "1_000", "1e3", ".inf", "yes", "Off", "12:30", "2024-01-01", "+1", "1."] {
            assert!(resolve(ambiguous).is_err(), "resolved {ambiguous}");
        }
    }
}
