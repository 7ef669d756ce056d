//! Web browsers named in a policy ("in Chrome, Safari or Firefox", "Internet Explorer", "Microsoft Edge").
//!
//! A browser is software on the visitor's device, named in instructions for its settings: it receives no
//! data from the site, so its name is not a company mention ("Google Chrome" does not disclose Google). The
//! policy reader drops every company or vendor name inside a browser name and lists the browsers apart.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Browser names as policies write them. A bare "Edge" or "Opera" counts only capitalised, and only as the
/// whole word (see [`find`]).
const BROWSERS: &[&str] = &[
    "Google Chrome",
    "Chrome",
    "Chromium",
    "Mozilla Firefox",
    "Firefox",
    "FireFox",
    "Apple Safari",
    "Safari",
    "Mobile Safari",
    "Microsoft Edge",
    "Edge",
    "Internet Explorer",
    "Microsoft Internet Explorer",
    "Opera",
    "Opera Mini",
    "Brave",
    "Vivaldi",
    "Samsung Internet",
    "Yandex Browser",
    "UC Browser",
    "Tor Browser",
    "DuckDuckGo Browser",
];

static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(BROWSERS)
        .expect("browser automaton builds from plain strings")
});

/// Spans of browser names in `text`, word-bounded, written with their capitals, in text order.
pub(super) fn find(text: &str) -> Vec<(usize, usize)> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    AUTOMATON
        .find_iter(text)
        .filter(|m| !word(text[..m.start()].chars().next_back()) && !word(text[m.end()..].chars().next()))
        .map(|m| (m.start(), m.end()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_browser_names_whole_and_capitalised() {
        let text = "Open Google Chrome, Safari or Firefox; in Microsoft Edge or Internet Explorer, see Opera.";
        let names: Vec<&str> = find(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(names, ["Google Chrome", "Safari", "Firefox", "Microsoft Edge", "Internet Explorer", "Opera"]);
        assert!(find("at the edge of a chrome-plated safari, we went to the opera").is_empty());
        assert!(find("Chromecast and Operations").is_empty());
    }
}
