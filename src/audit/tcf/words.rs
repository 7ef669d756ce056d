//! The words of the TCF issues: purposes by number and name, vendors by GVL id and name.

use crate::consent_strings::Gvl;
use crate::consent_strings::purposes::{comparable, standard_purpose};

/// The most vendors an issue's words name (its `vendors` list holds them all).
const MAX_NAMED: usize = 10;

/// Purposes 1 to 11 as `(id, shown)`: whether the banner's text shows the purpose's standard name (in
/// English, German or French) or the Global Vendor List's.
pub(super) fn shown_purposes(text: &str, gvl: Option<&Gvl>) -> Vec<(u8, bool)> {
    let text = comparable(text);
    let has = |name: &str| text.contains(&comparable(name));
    (1..=11)
        .map(|id| {
            let standard = standard_purpose(id).is_some_and(|p| p.names().into_iter().any(has));
            (id, standard || gvl.and_then(|g| g.purpose_name(id)).is_some_and(has))
        })
        .collect()
}

/// `purpose 3 (Create profiles for personalised advertising)`, `purposes 1 (…) and 3 (…)`.
pub(super) fn purpose_words(ids: &[u8], gvl: Option<&Gvl>) -> String {
    let name = |id: u8| {
        standard_purpose(id)
            .map(|p| p.en)
            .or_else(|| gvl.and_then(|g| g.purpose_name(id)))
            .unwrap_or("not a purpose of TCF v2.2")
    };
    let noun = if ids.len() == 1 { "purpose" } else { "purposes" };
    format!("{noun} {}", join(ids.iter().map(|&id| format!("{id} ({})", name(id))).collect()))
}

/// `755 (Google Advertising Products)` for the first vendors, joined, with how many more.
fn vendor_words(ids: &[u16], gvl: Option<&Gvl>) -> String {
    let mut words: Vec<String> = ids
        .iter()
        .take(MAX_NAMED)
        .map(|&id| match gvl.and_then(|g| g.vendor(id)) {
            Some(v) => format!("{id} ({})", v.name),
            None => id.to_string(),
        })
        .collect();
    if ids.len() > MAX_NAMED {
        words.push(format!("{} more", ids.len() - MAX_NAMED));
    }
    join(words)
}

/// `a`, `a and b`, `a, b and c`.
fn join(mut words: Vec<String>) -> String {
    match words.len() {
        0 => String::new(),
        1 => words.remove(0),
        n => {
            let last = words.remove(n - 1);
            format!("{} and {last}", words.join(", "))
        }
    }
}

/// What a string consents to, in words: ` to purposes … and to N vendors (…)`.
pub(super) fn consent_words(purposes: &[u8], vendors: &[u16], gvl: Option<&Gvl>) -> String {
    let mut parts = Vec::new();
    if !purposes.is_empty() {
        parts.push(format!("to {}", purpose_words(purposes, gvl)));
    }
    if !vendors.is_empty() {
        let noun = if vendors.len() == 1 { "vendor" } else { "vendors" };
        parts.push(format!("to {} {noun} of the Global Vendor List: {}", vendors.len(), vendor_words(vendors, gvl)));
    }
    parts.join(" and ")
}
