//! Cookie tables whose cells stand one a line: what the policy reader leaves of an HTML `<table>` inside a
//! Markdown page (Jekyll and Hugo sites write them so), once its tags are blanked. The header is a run of
//! short lines naming the columns ("Name", "Purpose", "Expires"); the rows follow, a cell a line, blank
//! lines between cells or rows. Rows are taken as long as each row's name is one word (cookie names
//! have no spaces) and its lifetime cell is short; an empty cell, which leaves no line, ends the table
//! wherever it shifts a sentence into the name column.

use super::MAX_DECLARED;
use super::columns::{self, Header};
use super::rows::{Row, push_row, split_names};
use super::table::{heading_level, split_row};
use crate::model::{CookieCategory, DeclarationSource, DeclaredCookie};

/// The most columns a one-cell-a-line table has.
const MAX_COLUMNS: usize = 12;

/// The most lines a spanning description cell takes.
const MAX_SPANNED_LINES: usize = 40;

/// The most words a lifetime cell has.
const MAX_LIFETIME_WORDS: usize = 8;

/// The header starting at line `i`, with the line after it, when lines `i..` are a run of at least two
/// short lines (after a blank line) that name columns: all of them, or all but one.
pub(super) fn find_header(lines: &[&str], i: usize) -> Option<(Header, usize)> {
    if lines[i].trim().is_empty() || (i > 0 && !lines[i - 1].trim().is_empty()) {
        return None;
    }
    let run: Vec<String> = lines[i..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .take(MAX_COLUMNS + 1)
        .map(|l| l.trim().to_string())
        .collect();
    if run.len() < 2 || run.len() > MAX_COLUMNS || run.iter().any(|l| split_row(l).is_some()) {
        return None;
    }
    let named = run.iter().filter(|c| columns::is_header_cell(c)).count();
    if named < 2 || named + 1 < run.len() {
        return None;
    }
    Some((columns::header(&run)?, i + run.len()))
}

/// Reads the rows from line `start` and returns the line after the last one read.
pub(super) fn read(
    lines: &[&str],
    start: usize,
    header: &Header,
    section: Option<CookieCategory>,
    source: &DeclarationSource,
    out: &mut Vec<DeclaredCookie>,
) -> usize {
    let width = header_width(lines, start);
    // A last column of descriptions may span lines (a list in the cell): they run to the next name.
    let spans = header.purpose == Some(width - 1) && header.name < width - 1;
    let mut i = start;
    while out.len() < MAX_DECLARED {
        // The next `width` non-blank lines, and the line after them.
        let mut cells = Vec::with_capacity(width);
        let mut j = i;
        while cells.len() < width && j < lines.len() {
            let t = lines[j].trim();
            let repeated_header = spans && columns::is_bare_header(t);
            if !t.is_empty() && !repeated_header {
                if ends_table(lines, j) {
                    break;
                }
                cells.push(t.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            j += 1;
        }
        if cells.len() < width || !plausible(&cells, header) {
            return i;
        }
        if spans {
            j = more_lines(lines, j, &mut cells[width - 1]);
        }
        let quote = cells.join(" | ");
        push_row(&Row { cells: &cells, quote: &quote }, header, section, source, out);
        i = j;
    }
    i
}

/// Whether line `j` ends a table: the header of the next one, a table row, or a `#` heading.
fn ends_table(lines: &[&str], j: usize) -> bool {
    find_header(lines, j).is_some()
        || split_row(lines[j]).is_some()
        || heading_level(lines, j).is_some_and(|level| level < 7)
}

/// Adds the lines from `j` to `cell` up to the next one-word line (the next row's name) or the end of the
/// table, skipping the header cells of a table that continues the same columns, and returns the line after
/// them.
fn more_lines(lines: &[&str], mut j: usize, cell: &mut String) -> usize {
    let mut added = 0;
    while j < lines.len() && added < MAX_SPANNED_LINES {
        let t = lines[j].trim();
        if !t.is_empty() && !columns::is_bare_header(t) {
            if ends_table(lines, j) || !t.contains(char::is_whitespace) {
                break;
            }
            cell.push(' ');
            cell.push_str(&t.split_whitespace().collect::<Vec<_>>().join(" "));
            added += 1;
        }
        j += 1;
    }
    j
}

/// The number of header lines just before `start`.
fn header_width(lines: &[&str], start: usize) -> usize {
    lines[..start].iter().rev().take_while(|l| !l.trim().is_empty()).count()
}

/// Whether `cells` read as a row of the table: a name cell of one-word names, and a short lifetime.
fn plausible(cells: &[String], header: &Header) -> bool {
    let names = cells.get(header.name).map(|c| split_names(c)).unwrap_or_default();
    let names_ok = !names.is_empty() && names.iter().all(|n| !n.contains(char::is_whitespace));
    let lifetime_ok =
        header.duration.and_then(|d| cells.get(d)).is_none_or(|c| c.split_whitespace().count() <= MAX_LIFETIME_WORDS);
    names_ok && lifetime_ok
}
