//! The raw shape of a vendors file, exactly as written, with the byte span of every value.
//!
//! Spans let `trackaudit vendors check` name the line of each problem. The raw records are validated by
//! [`super::check`] and only then turned into the [`super::VendorDb`] the rest of the tool uses.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

/// One vendors file: its name (a path, or `<built-in>`) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where the text came from, as shown in messages.
    pub name: String,
    /// The whole file.
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

/// A string value and where it was written.
pub(crate) type SpStr = Spanned<String>;

/// The top level of a vendors file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub company: Vec<Spanned<RawCompany>>,
    #[serde(default)]
    pub vendor: Vec<Spanned<RawVendor>>,
}

/// The top level of a vendors file read without spans, for the built-in database, which is validated by a
/// test and needs no line numbers at run time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlainFile {
    #[serde(default)]
    pub company: Vec<RawCompany<String>>,
    #[serde(default)]
    pub vendor: Vec<RawVendor<String>>,
}

/// A `[[company]]` table as written; `S` is a string with its span, or a plain `String`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "S: Deserialize<'de>"))]
pub(crate) struct RawCompany<S = SpStr> {
    pub id: S,
    pub name: S,
    #[serde(default)]
    pub aliases: Vec<S>,
    #[serde(default)]
    pub proper_aliases: Vec<S>,
    pub parent: Option<S>,
    #[serde(default)]
    pub independent: Option<Spanned<bool>>,
    pub country: Option<S>,
    pub privacy_policy: Option<S>,
    #[serde(default)]
    pub sources: Vec<S>,
}

/// A `[[vendor]]` table as written; `S` as for [`RawCompany`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "S: Deserialize<'de>"))]
pub(crate) struct RawVendor<S = SpStr> {
    pub id: S,
    pub name: S,
    pub company: S,
    pub category: S,
    #[serde(default)]
    pub aliases: Vec<S>,
    #[serde(default)]
    pub proper_aliases: Vec<S>,
    #[serde(default)]
    pub domains: Vec<S>,
    #[serde(default)]
    pub script_patterns: Vec<S>,
    #[serde(default)]
    pub proxy_patterns: Vec<S>,
    #[serde(default)]
    pub signatures: Vec<S>,
    #[serde(default)]
    pub cookies: Vec<S>,
    #[serde(default)]
    pub third_party_cookies: Vec<S>,
    #[serde(default)]
    pub globals: Vec<S>,
    #[serde(default)]
    pub ids: Vec<S>,
    #[serde(default)]
    pub sources: Vec<S>,
}

/// A raw record together with the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct Located<T> {
    /// Index of the file in the list of loaded files.
    pub file: usize,
    /// Span of the whole table.
    pub span: Range<usize>,
    pub value: T,
}

/// The records of one file.
pub(crate) type Records = (Vec<Located<RawCompany>>, Vec<Located<RawVendor>>);

/// A syntax error: where (if known) and what.
pub(crate) type SyntaxError = (Option<Range<usize>>, String);

/// Parses one file into located records. A syntax error is returned with its span.
pub(crate) fn parse(text: &str, file: usize) -> Result<Records, SyntaxError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| (e.span(), e.message().to_string()))?;
    fn locate<T>(file: usize, s: Spanned<T>) -> Located<T> {
        let span = s.span();
        Located { file, span, value: s.into_inner() }
    }
    Ok((
        raw.company.into_iter().map(|s| locate(file, s)).collect(),
        raw.vendor.into_iter().map(|s| locate(file, s)).collect(),
    ))
}
