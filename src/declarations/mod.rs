//! The cookies a site declares, read as data: the cookie tables of its policies ([`from_policy_text`]),
//! Cookiebot's cookie declaration ([`from_cookiebot`]) and OneTrust's domain data ([`from_onetrust`]).
//! Each reader is pure (text or JSON in, [`DeclaredCookie`]s out) and bounded: at most [`MAX_DECLARED`]
//! cookies, names cut to [`MAX_NAME_CHARS`] characters, other fields to [`MAX_FIELD_CHARS`]; missing
//! fields are left empty, never a panic.
//!
//! [`DeclaredCookie`]: crate::model::DeclaredCookie

mod columns;
mod cookiebot;
mod line_cells;
mod onetrust;
mod rows;
mod table;

pub use cookiebot::from_cookiebot;
pub use onetrust::from_onetrust;
pub use table::from_policy_text;

use crate::model::{CookieCategory, DeclarationSource, DeclaredCookie, DeclaredLifetime};

/// The most declared cookies one reader returns.
pub const MAX_DECLARED: usize = 2000;

/// The longest declared name, in characters.
pub const MAX_NAME_CHARS: usize = 256;

/// The longest provider, lifetime text or quote, in characters.
pub const MAX_FIELD_CHARS: usize = 1000;

/// `s` trimmed and cut to `max` characters (with `…` where it was cut).
fn bounded(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        Some((at, _)) => {
            let mut cut: String = s[..at].chars().take(max.saturating_sub(1)).collect();
            cut.push('…');
            cut
        }
        None => s.to_string(),
    }
}

/// `s` trimmed and bounded, or `None` when empty.
fn field(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| bounded(s, MAX_FIELD_CHARS))
}

/// A declared cookie from its fields, each bounded; `None` when it has no name.
fn declared(
    name: &str,
    provider: Option<&str>,
    category: Option<CookieCategory>,
    lifetime_text: Option<&str>,
    source: &DeclarationSource,
    quote: &str,
) -> Option<DeclaredCookie> {
    let name = crate::model::clean_name(name);
    if name.is_empty() {
        return None;
    }
    let lifetime_text = lifetime_text.and_then(field);
    Some(DeclaredCookie {
        name: bounded(name, MAX_NAME_CHARS),
        provider: provider.and_then(field),
        category,
        lifetime: lifetime_text.as_deref().and_then(DeclaredLifetime::parse),
        lifetime_text,
        source: source.clone(),
        quote: bounded(quote, MAX_FIELD_CHARS),
    })
}

#[cfg(test)]
mod realworld;
#[cfg(test)]
mod tests;
