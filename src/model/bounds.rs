//! Caps on the strings of a report. URLs, titles, cookie names and values, script snippets, policy quotes,
//! header values and error messages come from the site, and a hostile site can make any of them megabytes
//! long; every report format and the history database get them capped, here, once, when the report is done.
//!
//! Two caps, on characters: no unbroken run (a URL, a cookie value, a token — anything without whitespace)
//! is longer than [`MAX_RUN_CHARS`], so a URL quoted in a message is cut where it stands and the message
//! keeps its words; and no string is longer than [`MAX_TEXT_CHARS`]. A cut string ends with a marker
//! giving the full length and the start of the full value's SHA-256, so that two long values can still be
//! told apart: `…[truncated, 104857 chars, sha256:0f3a5c…]`. Marker included, a string never exceeds its cap.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{AuditReport, PolicyReport};

/// Longest unbroken run of non-whitespace characters (a URL) in any report string.
pub const MAX_RUN_CHARS: usize = 2048;

/// Longest string in a report (a policy quote, an error message).
pub const MAX_TEXT_CHARS: usize = 4096;

/// The SHA-256 of `bytes`, in lowercase hex: how reports, manifests and the database name a text.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `s` cut to `cap` characters, marker included, or `None` when it fits.
fn cut(s: &str, cap: usize) -> Option<String> {
    if s.len() <= cap || s.chars().count() <= cap {
        return None;
    }
    Some(shorten(s, s, cap))
}

/// The start of `prefix`, then the marker of `full` (its length and hash): `cap` characters in all.
fn shorten(prefix: &str, full: &str, cap: usize) -> String {
    let digest = Sha256::digest(full.as_bytes());
    let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let marker = format!("…[truncated, {} chars, sha256:{hash}…]", full.chars().count());
    let keep = cap.saturating_sub(marker.chars().count());
    let mut out: String = prefix.chars().take(keep).collect();
    out.push_str(&marker);
    out
}

/// `s` with every unbroken run over [`MAX_RUN_CHARS`] cut, and the whole within [`MAX_TEXT_CHARS`].
pub fn bound_str(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_RUN_CHARS {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut changed = false;
    let mut rest = s;
    while !rest.is_empty() {
        if out.len() > MAX_TEXT_CHARS * 4 {
            // Over the text cap whatever follows: the marker counts and hashes the whole string.
            return Cow::Owned(shorten(&out, s, MAX_TEXT_CHARS));
        }
        let ws = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let run = rest.find(char::is_whitespace).unwrap_or(rest.len());
        match cut(&rest[..run], MAX_RUN_CHARS) {
            Some(short) => {
                out.push_str(&short);
                changed = true;
            }
            None => out.push_str(&rest[..run]),
        }
        rest = &rest[run..];
    }
    if out.len() > MAX_TEXT_CHARS && out.chars().count() > MAX_TEXT_CHARS {
        return Cow::Owned(shorten(&out, s, MAX_TEXT_CHARS));
    }
    if changed { Cow::Owned(out) } else { Cow::Borrowed(s) }
}

/// Caps every string in a JSON value; whether any was cut.
fn bound_value(v: &mut Value) -> bool {
    match v {
        Value::String(s) => match bound_str(s) {
            Cow::Owned(short) => {
                *s = short;
                true
            }
            Cow::Borrowed(_) => false,
        },
        Value::Array(a) => a.iter_mut().fold(false, |cut, x| bound_value(x) | cut),
        Value::Object(o) => o.values_mut().fold(false, |cut, x| bound_value(x) | cut),
        _ => false,
    }
}

/// Caps every string of `data`, whatever its type: a field added later is capped too.
fn bound_all<T: Serialize + DeserializeOwned>(data: &mut T) {
    let Ok(mut value) = serde_json::to_value(&*data) else { return };
    if bound_value(&mut value)
        && let Ok(bounded) = serde_json::from_value(value)
    {
        *data = bounded;
    }
}

impl AuditReport {
    /// Caps every string of the report ([`MAX_RUN_CHARS`], [`MAX_TEXT_CHARS`]).
    pub fn bound_strings(&mut self) {
        bound_all(self);
    }
}

impl PolicyReport {
    /// Caps every string of the report ([`MAX_RUN_CHARS`], [`MAX_TEXT_CHARS`]).
    pub fn bound_strings(&mut self) {
        bound_all(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AuditError, PageRecord};

    #[test]
    fn long_runs_and_long_texts_are_cut_with_a_marker() {
        assert!(matches!(bound_str("https://a.test/"), Cow::Borrowed(_)));
        let url = format!("https://a.test/?q={}", "x".repeat(100_000));
        let short = bound_str(&url);
        assert_eq!(short.chars().count(), MAX_RUN_CHARS);
        assert!(short.starts_with("https://a.test/?q=xxx"));
        assert!(short.contains("…[truncated, 100018 chars, sha256:"), "{}", &short[short.len() - 60..]);
        let other = bound_str(&format!("{url}y")).into_owned();
        let same_length = bound_str(&format!("{}y", &url[..url.len() - 1])).into_owned();
        assert_ne!(short, other);
        assert_ne!(short, same_length, "the hash tells apart two long values of one length");
        // A URL in a message is cut where it stands; the message keeps its words.
        let message = format!("redirected off-site to {url}; not audited");
        let short = bound_str(&message);
        assert!(short.starts_with("redirected off-site to https://a.test/") && short.ends_with("…] not audited"));
        assert!(short.chars().count() < MAX_RUN_CHARS + 40);
        // A long text of words is cut at the text cap.
        let quote = "We share data with partners. ".repeat(1000);
        let short = bound_str(&quote);
        assert_eq!(short.chars().count(), MAX_TEXT_CHARS);
        assert!(short.starts_with("We share data") && short.contains("…[truncated, 29000 chars"));
        // Multi-byte characters are counted as characters and never split.
        let wide = "é".repeat(5000);
        assert_eq!(bound_str(&wide).chars().count(), MAX_RUN_CHARS);
        // Many long runs: still within the text cap.
        let many = vec![url.as_str(); 50].join(" ");
        assert_eq!(bound_str(&many).chars().count(), MAX_TEXT_CHARS);
    }

    #[test]
    fn every_string_of_a_report_is_capped() {
        let url = format!("https://a.test/{}", "p".repeat(50_000));
        let mut r = AuditReport::started("https://a.test/");
        r.pages.push(PageRecord::new(&url, 1));
        r.errors.push(AuditError {
            scope: crate::model::ErrorScope::Page,
            url: Some(url.clone()),
            message: format!("HTTP 414 {url}"),
        });
        r.bound_strings();
        assert_eq!(r.pages[0].url.chars().count(), MAX_RUN_CHARS);
        assert_eq!(r.errors[0].url.as_deref().map(|u| u.chars().count()), Some(MAX_RUN_CHARS));
        assert!(r.errors[0].message.starts_with("HTTP 414 https://a.test/ppp"));
        assert!(serde_json::to_string(&r).unwrap().len() < 3 * MAX_TEXT_CHARS);
        assert_eq!(r.target, "https://a.test/", "short strings are left alone");
    }

    #[test]
    fn a_report_with_a_policy_round_trips_when_cut() {
        use crate::model::{AuditPolicy, DocumentKind, TextFormat};
        let quote = format!("We use {} for analytics.", "very ".repeat(2000));
        let policy = PolicyReport {
            source: "https://a.test/privacy".into(),
            format: TextFormat::Html,
            words: 2004,
            language: None,
            vendors: Vec::new(),
            companies: Vec::new(),
            categories: vec![crate::model::CategoryMention {
                category: crate::model::Category::Analytics,
                matched: "analytics".into(),
                quote: quote.clone(),
                offset: 7,
            }],
            claims: Vec::new(),
            practices: Vec::new(),
        };
        let mut r = AuditReport::started("https://a.test/");
        r.policy = Some(AuditPolicy {
            kind: DocumentKind::PrivacyPolicy,
            url: "https://a.test/privacy".into(),
            found_by: "footer link".into(),
            sha256: "0".repeat(64),
            report: policy.clone(),
            text: String::new(),
        });
        r.bound_strings();
        let cut = &r.policy.as_ref().unwrap().report.categories[0];
        assert_eq!(cut.quote.chars().count(), MAX_TEXT_CHARS, "the flattened policy report is cut too");
        assert_eq!((cut.offset, cut.category), (7, crate::model::Category::Analytics));
        let mut alone = policy;
        alone.bound_strings();
        assert_eq!(alone.categories[0].quote, cut.quote);
    }
}
