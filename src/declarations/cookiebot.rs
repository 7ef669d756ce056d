//! Cookiebot's cookie declaration.
//!
//! Cookiebot's declaration script (`consent.cookiebot.com/<cbid>/cc.js`, which `cd.js` and the
//! `CookieDeclaration` embed load) fills the global `CookieConsentDialog` with one array per category:
//! `cookieTableNecessary`, `cookieTablePreference`, `cookieTableStatistics`, `cookieTableAdvertising` and
//! `cookieTableUnclassified`. Each row is an array `[name, provider, purpose, expiry, type name, type id,
//! …]`: the provider may hold `<br/>` tags, the type is `HTTP`, `HTML`, `Pixel`… Names use `#` for the
//! variable part (`_ga_#`). The row layout is the one the cc.js readers of the CookieBlock project (ETH
//! Zürich, github.com/dibollinger/CookieBlock-Consent-Crawler, BSD-3) and others index; no complete cc.js is
//! kept in a public repository we found, so the fixtures are written to that shape.

use serde_json::Value;

use super::{MAX_DECLARED, MAX_FIELD_CHARS, declared};
use crate::model::{CookieCategory, DeclarationSource, DeclaredCookie};

/// The keys of the object [`from_cookiebot`] takes, with their categories: the browser code builds it from
/// `CookieConsentDialog.cookieTable…` (`cookieTablePreference` as `preference`, and so on).
const TABLES: &[(&[&str], CookieCategory)] = &[
    (&["necessary"], CookieCategory::Necessary),
    (&["preference", "preferences"], CookieCategory::Preferences),
    (&["statistics"], CookieCategory::Statistics),
    (&["advertising", "marketing"], CookieCategory::Marketing),
    (&["unclassified"], CookieCategory::Unclassified),
];

/// The declared cookies of Cookiebot's declaration, given as
/// `{"necessary": [[name, provider, purpose, expiry, type, …], …], "preference": […], "statistics": […],
/// "advertising": […], "unclassified": […]}`. Rows that are not arrays or have no name are skipped; other
/// keys are ignored.
pub fn from_cookiebot(json: &Value) -> Vec<DeclaredCookie> {
    let mut out = Vec::new();
    let Some(object) = json.as_object() else { return out };
    for &(keys, category) in TABLES {
        let Some(rows) = keys.iter().find_map(|k| object.get(*k)).and_then(Value::as_array) else { continue };
        for row in rows {
            if out.len() >= MAX_DECLARED {
                return out;
            }
            let Some(cells) = row.as_array() else { continue };
            let cell = |i: usize| cells.get(i).map(text).unwrap_or_default();
            let provider = strip_tags(&cell(1));
            let quote = quote(cells);
            let source = DeclarationSource::Cookiebot;
            if let Some(d) = declared(&cell(0), Some(&provider), Some(category), Some(&cell(3)), &source, &quote) {
                out.push(d);
            }
        }
    }
    out
}

/// A cell as text: strings as they are, numbers and booleans written out, anything else empty.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.chars().take(MAX_FIELD_CHARS * 4).collect(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The row as a person checks it: its first five cells (name, provider, purpose, expiry, type), joined.
fn quote(cells: &[Value]) -> String {
    cells.iter().take(5).map(|c| strip_tags(&text(c))).collect::<Vec<_>>().join(" | ")
}

/// `s` without HTML tags (`Google<br/>` is Google), whitespace collapsed.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::DeclaredLifetime;

    #[test]
    fn rows_of_each_table() {
        let decl = json!({
            "necessary": [["CookieConsent", "Cookiebot", "Stores the user's cookie consent state", "1 year", "HTTP", 1]],
            "preference": [["lang", "example.test<br/>", "Remembers the language", "Session", "HTTP", 1]],
            "statistics": [["_ga_#", "Google", "Used to store and count pageviews.", "2 years", "HTTP", 1]],
            "advertising": [["IDE", "doubleclick.net", "Ads", "400 days", "HTTP", 1], "not a row", []],
            "unclassified": [[42, null]],
            "other": [["x", "y", "z", "1 day"]]
        });
        let got = from_cookiebot(&decl);
        let names: Vec<&str> = got.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["CookieConsent", "lang", "_ga_#", "IDE", "42"]);
        assert_eq!(got[1].provider.as_deref(), Some("example.test"));
        assert_eq!(got[1].lifetime, Some(DeclaredLifetime::Session));
        assert_eq!(got[2].category, Some(CookieCategory::Statistics));
        assert!(got[2].matches("_ga_ABC123"));
        assert_eq!(got[3].days(), Some(400.0));
        assert_eq!(got[3].category, Some(CookieCategory::Marketing));
        assert_eq!(got[0].quote, "CookieConsent | Cookiebot | Stores the user's cookie consent state | 1 year | HTTP");
        assert_eq!(got[4].lifetime, None);
        assert!(from_cookiebot(&json!([1, 2])).is_empty());
        assert!(from_cookiebot(&json!({"necessary": "no"})).is_empty());
    }

    #[test]
    fn bounded() {
        let row = json!(["n".repeat(300), "p".repeat(1500), "x", "1 year"]);
        let decl = json!({ "necessary": vec![row; 3000] });
        let got = from_cookiebot(&decl);
        assert_eq!(got.len(), MAX_DECLARED);
        assert_eq!(got[0].name.chars().count(), super::super::MAX_NAME_CHARS);
        assert!(got[0].provider.as_ref().unwrap().chars().count() <= MAX_FIELD_CHARS);
        assert!(got[0].quote.chars().count() <= MAX_FIELD_CHARS);
    }
}
