//! Cookie tables in the text the policy reader makes of a document ([`crate::policy::PolicyText::text`]).
//!
//! The reader gives tables in three shapes: Markdown keeps its pipe rows (`| _ga | Google | 2 years |`, one
//! row a line); HTML is rendered by html2text with `│` between cells and `─┼─` rules between rows (a row
//! may span lines when a cell holds a line break); and an HTML `<table>` inside Markdown has its tags
//! blanked, leaving one cell a line ([`super::line_cells`]). A table counts when its header names a cookie
//! column ([`super::columns`]); every row under it is a declared cookie. The headings above a table give
//! the category of rows whose table has no category column.

use super::columns::{self, Header};
use super::rows::{Row, push_row};
use super::{MAX_DECLARED, MAX_FIELD_CHARS, bounded, line_cells};
use crate::model::{CookieCategory, DeclarationSource, DeclaredCookie};

/// The most lines read: a 16 MB policy has a few hundred thousand.
const MAX_LINES: usize = 500_000;

/// The longest line a heading is (in characters), and its most words.
const MAX_HEADING_CHARS: usize = 120;
const MAX_HEADING_WORDS: usize = 10;

/// The cookies declared in the tables of a policy's text (as [`crate::policy::PolicyText`] has it), read
/// from the document at `url`.
pub fn from_policy_text(text: &str, url: &str) -> Vec<DeclaredCookie> {
    let lines: Vec<&str> = text.lines().take(MAX_LINES).collect();
    let source = DeclarationSource::Policy { url: bounded(url, MAX_FIELD_CHARS) };
    let mut out = Vec::new();
    let mut sections = Sections::default();
    let mut i = 0;
    while i < lines.len() && out.len() < MAX_DECLARED {
        let line = lines[i];
        if let Some(level) = heading_level(&lines, i) {
            sections.enter(level, CookieCategory::from_words(line));
        } else if let Some(row) = split_row(line)
            && let Some(header) = columns::header(&row)
        {
            i = read_rows(&lines, i + 1, &header, sections.category(), &source, &mut out);
            continue;
        } else if let Some((header, next)) = line_cells::find_header(&lines, i) {
            i = line_cells::read(&lines, next, &header, sections.category(), &source, &mut out);
            continue;
        }
        i += 1;
    }
    out
}

/// Reads the rows of a table from line `start` (after its header) and returns the line after the table.
fn read_rows(
    lines: &[&str],
    start: usize,
    header: &Header,
    section: Option<CookieCategory>,
    source: &DeclarationSource,
    out: &mut Vec<DeclaredCookie>,
) -> usize {
    // html2text's rows are the lines between two rules; Markdown's are single lines.
    let boxed = lines.get(start).is_some_and(|l| is_rule(l) && l.contains('─'));
    let mut pending: Vec<(Vec<String>, String)> = Vec::new();
    let flush = |pending: &mut Vec<(Vec<String>, String)>, out: &mut Vec<DeclaredCookie>| {
        if let Some((cells, quote)) = merge(pending) {
            push_row(&Row { cells: &cells, quote: &quote }, header, section, source, out);
        }
        pending.clear();
    };
    let mut i = start;
    while i < lines.len() && out.len() < MAX_DECLARED {
        let line = lines[i];
        if is_rule(line) {
            flush(&mut pending, out);
        } else if let Some(cells) = split_row(line) {
            if columns::header(&cells).is_some() {
                break; // the next table
            }
            pending.push((cells, collapse(line)));
            if !boxed {
                flush(&mut pending, out);
            }
        } else {
            break;
        }
        i += 1;
    }
    flush(&mut pending, out);
    i
}

/// The lines of one row as one: each cell's lines joined (names by line breaks, so that each is a name).
fn merge(lines: &[(Vec<String>, String)]) -> Option<(Vec<String>, String)> {
    let width = lines.iter().map(|(cells, _)| cells.len()).max()?;
    let cells = (0..width)
        .map(|c| {
            let parts: Vec<&str> = lines
                .iter()
                .filter_map(|(cells, _)| cells.get(c))
                .map(String::as_str)
                .filter(|s| !s.is_empty())
                .collect();
            parts.join("\n")
        })
        .collect();
    let quote = lines.iter().map(|(_, q)| q.as_str()).collect::<Vec<_>>().join(" / ");
    Some((cells, quote))
}

/// The cells of a table row: a line with `|`, `│` or `┃` between cells (and maybe at both ends).
pub(super) fn split_row(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if !t.contains(['|', '│', '┃']) || is_rule(t) {
        return None;
    }
    let t = t.strip_prefix(['|', '│', '┃']).unwrap_or(t);
    let t = t.strip_suffix(['|', '│', '┃']).unwrap_or(t);
    let cells: Vec<String> = t.split(['|', '│', '┃']).map(collapse).collect();
    (cells.len() >= 2).then_some(cells)
}

/// A rule line of a table: dashes, box-drawing lines and joints, colons, pipes and spaces only.
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.chars().any(|c| c == '-' || ('\u{2500}'..='\u{257f}').contains(&c) && c != '│' && c != '┃')
        && t.chars().all(|c| "-=:|+ \t".contains(c) || ('\u{2500}'..='\u{257f}').contains(&c))
}

/// `s` trimmed, whitespace runs as one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The heading level of line `i`: a Markdown (or html2text) `#` heading, or (level 7) a short standalone
/// line without closing punctuation between blank lines, such as a bold paragraph or a table caption.
pub(super) fn heading_level(lines: &[&str], i: usize) -> Option<usize> {
    let t = lines[i].trim();
    if t.is_empty() || t.contains(['|', '│', '┃']) {
        return None;
    }
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        return Some(hashes);
    }
    let blank_or_table =
        |l: Option<&&str>| l.is_none_or(|l| l.trim().is_empty() || split_row(l).is_some() || is_rule(l));
    let standalone = (i == 0 || blank_or_table(lines.get(i - 1))) && blank_or_table(lines.get(i + 1));
    let short = t.chars().count() <= MAX_HEADING_CHARS && t.split_whitespace().count() <= MAX_HEADING_WORDS;
    let closed = t.ends_with(['.', ':', ';', ',', '!', '?']);
    let item = t.starts_with(['-', '*', '+', '•']) && !t.starts_with("**") && !t.starts_with("__");
    (standalone && short && !closed && !item).then_some(7)
}

/// The headings above the current line, by level, with the category each names.
#[derive(Default)]
struct Sections(Vec<(usize, Option<CookieCategory>)>);

impl Sections {
    /// A heading of `level`: it ends the sections of its level and below.
    fn enter(&mut self, level: usize, category: Option<CookieCategory>) {
        while self.0.last().is_some_and(|&(l, _)| l >= level) {
            self.0.pop();
        }
        self.0.push((level, category));
    }

    /// The category of the innermost heading that names one.
    fn category(&self) -> Option<CookieCategory> {
        self.0.iter().rev().find_map(|&(_, c)| c)
    }
}
