//! One row of a cookie table as declared cookies: its names (a cell may hold several), provider,
//! lifetime and category.

use super::columns::Header;
use super::{MAX_DECLARED, MAX_NAME_CHARS, declared};
use crate::model::{CookieCategory, DeclarationSource, DeclaredCookie, DeclaredLifetime, clean_name};

/// The most words a purpose cell has for its words to be read as a category ("Strictly necessary",
/// "Performance"); longer purposes describe what a cookie does, not its category.
const SHORT_PURPOSE_WORDS: usize = 2;

/// The most words a declared name has: longer cells are sentences, not names.
const MAX_NAME_WORDS: usize = 3;

/// Words that mark a sentence of a description as the cookie's lifetime ("365 days duration.", "Expires
/// after one year."), read when the table has no lifetime column.
const LIFETIME_HINTS: &[&str] = &[
    "duration",
    "expire",
    "expiry",
    "lifetime",
    "lifespan",
    "lasts",
    "stored for",
    "kept for",
    "laufzeit",
    "speicherdauer",
    "gültig",
    "läuft",
    "durée",
    "expir",
    "duración",
    "caduca",
    "durata",
    "scade",
    "bewaartermijn",
    "vervalt",
    "duração",
    "expira",
    "wygasa",
];

/// Words that join names in one cell ("_ga and _gid").
const JOINERS: &[&str] = &["and", "or", "und", "oder", "et", "ou", "y", "o", "e", "en", "of", "i", "lub"];

/// A row of a table being read.
pub(super) struct Row<'a> {
    /// The cells, in the header's column order.
    pub(super) cells: &'a [String],
    /// The row as read.
    pub(super) quote: &'a str,
}

/// Adds the cookies a row declares to `out`. `section` is the category the headings above the table give.
pub(super) fn push_row(
    row: &Row<'_>,
    header: &Header,
    section: Option<CookieCategory>,
    source: &DeclarationSource,
    out: &mut Vec<DeclaredCookie>,
) {
    let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).map(String::as_str).filter(|c| !c.trim().is_empty());
    let Some(names) = cell(Some(header.name)) else { return };
    let category = cell(header.category)
        .and_then(CookieCategory::from_words)
        .or_else(|| {
            cell(header.purpose)
                .filter(|p| p.split_whitespace().count() <= SHORT_PURPOSE_WORDS)
                .and_then(CookieCategory::from_words)
        })
        .or(section);
    let lifetime = match header.duration {
        Some(_) => cell(header.duration),
        None => cell(header.purpose).and_then(lifetime_sentence),
    };
    for name in split_names(names) {
        if out.len() >= MAX_DECLARED {
            return;
        }
        if let Some(d) = declared(&name, cell(header.provider), category, lifetime, source, row.quote) {
            out.push(d);
        }
    }
}

/// The first sentence of a description that gives a lifetime: one with a [`LIFETIME_HINTS`] word that
/// [`DeclaredLifetime::parse`] reads.
fn lifetime_sentence(description: &str) -> Option<&str> {
    description.split(['.', ';', '•', '\n']).map(str::trim).find(|sentence| {
        let lower = sentence.to_lowercase();
        LIFETIME_HINTS.iter().any(|h| lower.contains(h)) && DeclaredLifetime::parse(sentence).is_some()
    })
}

/// The names in a name cell: split at commas, semicolons, slashes, line breaks and joining words, each
/// without quotes, backticks, a trailing note in parentheses, or surrounding link brackets; sentences
/// (more than [`MAX_NAME_WORDS`] words) are no names.
pub(super) fn split_names(cell: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in cell.split([',', ';', '\n', '/', '、']) {
        let part = clean(part);
        let words: Vec<&str> =
            part.split_whitespace().filter(|w| !JOINERS.contains(&w.to_lowercase().as_str())).collect();
        if words.is_empty() || part.split_whitespace().count() > MAX_NAME_WORDS {
            continue;
        }
        if words.len() > 1 && words.iter().all(|w| identifier_like(w)) {
            names.extend(words.iter().map(|w| clean(w).to_string()));
        } else {
            names.push(part.to_string());
        }
        if names.len() >= MAX_DECLARED {
            break;
        }
    }
    names.retain(|n| n.chars().any(char::is_alphanumeric) && n.chars().count() <= MAX_NAME_CHARS * 4);
    names
}

/// A name without quotes and backticks, Markdown emphasis (`*_ga*`, but `_ga*` is a pattern), a trailing
/// `(note)`, or `[...]` around all of it (a Markdown link's text).
fn clean(part: &str) -> &str {
    let mut s = clean_name(part);
    while s.len() > 2 && s.starts_with('*') && s.ends_with('*') {
        s = clean_name(&s[1..s.len() - 1]);
    }
    if let Some(open) = s.rfind(" (")
        && s.ends_with(')')
    {
        s = clean_name(&s[..open]);
    }
    if s.starts_with('[') && s.ends_with(']') && !s[1..s.len() - 1].contains([']', '[']) {
        s = clean_name(&s[1..s.len() - 1]);
    }
    s
}

/// Whether a word looks like a cookie name rather than a word of prose: one token with an underscore, a
/// digit, a dot or dash, a wildcard, or capitals after its first letter (`_ga`, `AMP_TOKEN`, `IDE`,
/// `UserMatchHistory`).
pub(super) fn identifier_like(word: &str) -> bool {
    let word = clean_name(word);
    !word.is_empty()
        && !word.contains(char::is_whitespace)
        && (word.contains(['_', '.', '-', '*', '#', '$', '<', '[', '{'])
            || word.chars().any(|c| c.is_ascii_digit())
            || word.chars().skip(1).any(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_cell() {
        let cases: &[(&str, &[&str])] = &[
            ("`_ga`", &["_ga"]),
            ("_ga, _gid", &["_ga", "_gid"]),
            ("_ga and _gid", &["_ga", "_gid"]),
            ("`_ga`; `_gat`", &["_ga", "_gat"]),
            ("ARRAffinity     ARRAffinitySameSite", &["ARRAffinity", "ARRAffinitySameSite"]),
            ("ARRAffinity\nARRAffinitySameSite", &["ARRAffinity", "ARRAffinitySameSite"]),
            ("_ga (Google Analytics)", &["_ga"]),
            ("remember_web_*", &["remember_web_*"]),
            ("*_ga*", &["_ga"]),
            ("[_ga]", &["_ga"]),
            ("[Domain]_session", &["[Domain]_session"]),
            ("_ga_<container-id>", &["_ga_<container-id>"]),
            ("sessionid", &["sessionid"]),
            ("Google Analytics", &["Google Analytics"]),
            ("This cookie is used to count visitors", &[]),
            ("-", &[]),
            ("", &[]),
        ];
        for (cell, want) in cases {
            assert_eq!(split_names(cell), *want, "{cell:?}");
        }
    }

    #[test]
    fn lifetimes_in_descriptions() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Set when a user first lands on a page. 365 days duration. JSON data type.", Some("365 days duration")),
            ("Identifies a new session. Session duration.", Some("Session duration")),
            ("Counts visits. Expires after 2 years", Some("Expires after 2 years")),
            ("Keeps you signed in during this visit.", None),
            ("Stores the duration of your visit.", None),
            ("Valid for 2 years.", None),
        ];
        for (text, want) in cases {
            assert_eq!(lifetime_sentence(text), *want, "{text}");
        }
    }

    #[test]
    fn identifiers() {
        for yes in ["_ga", "IDE", "UserMatchHistory", "_hjSession_*", "AMP_TOKEN", "li_sugr", "NID1"] {
            assert!(identifier_like(yes), "{yes}");
        }
        for no in ["Google", "the", "Analytics", "cookie", ""] {
            assert!(!identifier_like(no), "{no}");
        }
    }
}
