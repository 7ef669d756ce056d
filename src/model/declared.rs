//! The cookies a site declares: the rows of its cookie policy's tables, or its consent manager's cookie
//! declaration (Cookiebot, OneTrust), read as data so that they can be compared with the cookies a browser
//! saw. The readers are in [`crate::declarations`].

mod lifetime;
mod words;

use serde::{Deserialize, Serialize};

/// The purpose category a declaration gives a cookie, in the consent managers' four groups (and theirs for
/// the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CookieCategory {
    /// Strictly necessary, essential, technical: set without consent.
    Necessary,
    /// Preferences and functional cookies: language, settings, embedded features.
    Preferences,
    /// Statistics: analytics, performance, audience measurement.
    Statistics,
    /// Marketing: advertising, targeting, social media.
    Marketing,
    /// Declared, but in no category (Cookiebot's and others' "unclassified").
    Unclassified,
}

names!(CookieCategory {
    Necessary => "necessary",
    Preferences => "preferences",
    Statistics => "statistics",
    Marketing => "marketing",
    Unclassified => "unclassified",
});

impl CookieCategory {
    /// The category a heading, a category cell or a group name speaks of ("Strictly necessary cookies",
    /// "Statistik", "Mesure d'audience", "Cookies publicitaires"), in English, German, French, Spanish,
    /// Italian, Dutch, Portuguese or Polish; `None` when it names none. A negated word ("non-essential",
    /// "nicht notwendig") does not count; when several categories are named, the first one does, and
    /// personalisation words only when nothing else is named ("personalised advertising" is marketing).
    pub fn from_words(text: &str) -> Option<CookieCategory> {
        words::category(text)
    }
}

/// How long a declaration says a cookie lives.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeclaredLifetime {
    /// Until the browser is closed.
    Session,
    /// This many days (fractions for hours and minutes: 24 hours is 1, 30 minutes about 0.02). A year is
    /// 365 days and a month a twelfth of that.
    Days(f64),
    /// Declared persistent, with no duration.
    Persistent,
}

// `Days` never holds NaN: `parse` makes it from finite counts only, so equality is total.
impl Eq for DeclaredLifetime {}

impl DeclaredLifetime {
    /// Reads a declared duration: "2 years", "13 months", "1 year 1 month", "24 hours", "30 minutes",
    /// "Session", "when you close the browser", "2 Jahre", "13 mois", "1 an", "2 años", "2 anni",
    /// "2 jaar", "Sitzung", "fin de session", "sesión", "sessie", "persistent", or a bare number of days
    /// as OneTrust writes them ("365"; "0" is a session cookie). When a text gives several durations
    /// ("1 day or 2 years"), the longest counts, and a duration counts over a session word ("when the
    /// browser is closed or after 20 hours" is 20 hours). `None` when the text gives no lifetime.
    pub fn parse(text: &str) -> Option<DeclaredLifetime> {
        lifetime::parse(text)
    }

    /// The lifetime in days: 0 for a session cookie, none for persistent without a duration.
    pub fn days(self) -> Option<f64> {
        match self {
            DeclaredLifetime::Session => Some(0.0),
            DeclaredLifetime::Days(d) => Some(d),
            DeclaredLifetime::Persistent => None,
        }
    }
}

/// Where a declaration was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DeclarationSource {
    /// A table row of a policy or cookie document.
    Policy {
        /// The document's URL (or path).
        url: String,
    },
    /// Cookiebot's cookie declaration (`CookieConsentDialog.cookieTable…`).
    Cookiebot,
    /// OneTrust's domain data (`OneTrust.GetDomainData()`, or the banner JSON's `DomainData`).
    #[serde(rename = "onetrust")]
    OneTrust,
}

/// One cookie a site declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredCookie {
    /// The name as declared, quotes and backticks removed; it may be a pattern (`_ga_*`, `_ga_<container-id>`,
    /// `_hjSessionUser_#`): see [`DeclaredCookie::matches`].
    pub name: String,
    /// Who sets it, as declared (a company, product or domain).
    pub provider: Option<String>,
    /// Its declared category.
    pub category: Option<CookieCategory>,
    /// Its declared lifetime, read from `lifetime_text`.
    pub lifetime: Option<DeclaredLifetime>,
    /// The lifetime as declared ("2 years", "365").
    pub lifetime_text: Option<String>,
    /// Where it was declared.
    pub source: DeclarationSource,
    /// The table row or entry exactly as read, for a person to check.
    pub quote: String,
}

impl DeclaredCookie {
    /// Whether a cookie of this name is the one declared: the same name (case counts), or a name the
    /// declared pattern covers, with patterns as declarations write them: `*` (`_hjSessionUser_*`,
    /// `_pk_id.*`), Cookiebot's `#` (`_ga_#`), a placeholder in angle, square or curly brackets
    /// (`_ga_<container-id>`, `_ga_[ID]`, `{id}`), `xxx` (`_gac_xxx`) and `...`. Each stands for any run of
    /// characters, an empty one included.
    pub fn matches(&self, cookie_name: &str) -> bool {
        let declared = clean_name(&self.name);
        let observed = clean_name(cookie_name);
        if declared.is_empty() {
            return false;
        }
        declared == observed || pattern(declared).is_some_and(|parts| glob(&parts, observed))
    }

    /// The declared lifetime in days: 0 for a session cookie, none when no duration is declared.
    pub fn days(&self) -> Option<f64> {
        self.lifetime.and_then(DeclaredLifetime::days)
    }
}

/// A name without surrounding whitespace, backticks and quotes.
pub(crate) fn clean_name(name: &str) -> &str {
    name.trim_matches(|c: char| c.is_whitespace() || "`'\"“”‘’«»„".contains(c))
}

/// The literal runs of a declared pattern, split where a wildcard stands; `None` when it has no wildcard.
fn pattern(name: &str) -> Option<Vec<&str>> {
    let bytes = name.as_bytes();
    let mut parts = Vec::new();
    let (mut lit, mut i, mut wild) = (0, 0, false);
    while i < bytes.len() {
        let end = match bytes[i] {
            b'*' | b'#' => Some(i + 1),
            b'<' | b'[' | b'{' => {
                let close = match bytes[i] {
                    b'<' => b'>',
                    b'[' => b']',
                    _ => b'}',
                };
                bytes[i + 1..].iter().position(|&b| b == close).filter(|&n| n > 0 && n <= 40).map(|n| i + n + 2)
            }
            b'.' if name[i..].starts_with("...") => Some(i + 3),
            b'x' | b'X' if i == 0 || b"_-.".contains(&bytes[i - 1]) => {
                let n = bytes[i..].iter().take_while(|b| matches!(b, b'x' | b'X')).count();
                let after = bytes.get(i + n);
                (n >= 3 && after.is_none_or(|b| b"_-.".contains(b))).then_some(i + n)
            }
            0xE2 if name[i..].starts_with('…') => Some(i + '…'.len_utf8()),
            _ => None,
        };
        match end {
            Some(end) => {
                parts.push(&name[lit..i]);
                (lit, i, wild) = (end, end, true);
            }
            None => i += 1,
        }
    }
    parts.push(&name[lit..]);
    wild.then_some(parts)
}

/// Whether `s` is the literal runs `parts` with any text (or none) between each two.
fn glob(parts: &[&str], s: &str) -> bool {
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if s.len() < first.len() + last.len() || !s.starts_with(first) || !s.ends_with(last) {
        return false;
    }
    let mut rest = &s[first.len()..s.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(name: &str) -> DeclaredCookie {
        DeclaredCookie {
            name: name.into(),
            provider: None,
            category: None,
            lifetime: None,
            lifetime_text: None,
            source: DeclarationSource::Cookiebot,
            quote: name.into(),
        }
    }

    #[test]
    fn names_and_patterns_match() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("_ga", &["_ga", " _ga "], &["_GA", "_ga_X1", "_gat"]),
            ("`_gid`", &["_gid"], &["gid"]),
            ("\"IDE\"", &["IDE"], &["ide"]),
            ("_hjSessionUser_*", &["_hjSessionUser_123456"], &["_hjSession_123", "_hjsessionuser_1"]),
            ("_ga_*", &["_ga_ABC123"], &["_ga", "_gat_x"]),
            ("_ga_<container-id>", &["_ga_G1234"], &["_gid"]),
            ("_ga_[ID]", &["_ga_G1234"], &["_ga"]),
            ("_gac_xxx", &["_gac_UA-1-1"], &["_ga"]),
            ("_hjid#", &["_hjid", "_hjid1"], &["_hj"]),
            ("_ga_#", &["_ga_X"], &["_gax"]),
            ("wp_{id}_session", &["wp_12_session"], &["wp_12_sess"]),
            ("_pk_id.*", &["_pk_id.1.1fff"], &["_pk_ses.1.1fff", "_pk_id"]),
            ("[Domain]_session", &["example_session"], &["example_sessions"]),
            ("_gat_UA-######-#", &["_gat_UA-123456-1"], &["_gat"]),
            ("AMP_TOKEN...", &["AMP_TOKEN"], &["AMP"]),
            ("taxonomy", &["taxonomy"], &["taxonomyx"]), // "xonomy" is no placeholder
        ];
        for (name, yes, no) in cases {
            let d = declared(name);
            for y in *yes {
                assert!(d.matches(y), "{name} should match {y}");
            }
            for n in *no {
                assert!(!d.matches(n), "{name} should not match {n}");
            }
        }
        assert!(!declared("").matches(""));
    }

    #[test]
    fn serde_shapes() {
        let mut d = declared("_ga");
        d.lifetime = Some(DeclaredLifetime::Days(730.0));
        d.category = Some(CookieCategory::Statistics);
        d.source = DeclarationSource::Policy { url: "https://a.test/cookies".into() };
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["lifetime"], serde_json::json!({"days": 730.0}));
        assert_eq!(json["category"], "statistics");
        assert_eq!(json["source"], serde_json::json!({"kind": "policy", "url": "https://a.test/cookies"}));
        assert_eq!(serde_json::from_value::<DeclaredCookie>(json).unwrap(), d);
        let onetrust = serde_json::to_value(DeclarationSource::OneTrust).unwrap();
        assert_eq!(onetrust, serde_json::json!({"kind": "onetrust"}));
        assert_eq!(serde_json::to_value(DeclaredLifetime::Session).unwrap(), "session");
        assert_eq!(d.days(), Some(730.0));
        assert_eq!(CookieCategory::Marketing.to_string(), "marketing");
    }
}
