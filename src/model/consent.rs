//! What the browser engine adds to an audit: consent states, the consent manager, cookies, storage and
//! consent issues. The static engine leaves these empty (it still reports a consent manager it can see).

use serde::{Deserialize, Serialize};

use super::{Evidence, VendorRef};

/// The consent state a page was seen in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentState {
    /// Before any interaction with the consent banner.
    None,
    /// After clicking "accept all".
    Accept,
    /// After clicking "reject all".
    Reject,
    /// Before any interaction, with Global Privacy Control on: every request sends `Sec-GPC: 1` and every frame
    /// sees `navigator.globalPrivacyControl === true`.
    Gpc,
}

names!(ConsentState {
    None => "none",
    Accept => "accept",
    Reject => "reject",
    Gpc => "gpc",
});

impl ConsentState {
    /// Whether reaching this state takes a click on the consent banner.
    pub fn clicks(self) -> bool {
        matches!(self, ConsentState::Accept | ConsentState::Reject)
    }
}

/// A consent management platform found on the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentManager {
    /// Id in `consent.toml`.
    pub id: String,
    /// Name.
    pub name: String,
    /// The page it was found on.
    pub page: String,
    /// What gave it away: a script URL, a banner element, a global, a cookie.
    pub found_by: Vec<String>,
}

/// What the browser did to reach a consent state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentAction {
    /// The state aimed at.
    pub state: ConsentState,
    /// The page the banner was on.
    pub page: String,
    /// What was clicked (`#onetrust-accept-btn-handler "Accept All Cookies"`), if anything.
    pub clicked: Option<String>,
    /// Why nothing was clicked, when nothing was: the state's pages are then the same as before consent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
    /// The visible text of the frame whose button was clicked, read just before the click (what the banner
    /// offered, for the TCF purposes check); not serialised: it is the site's text, up to 20,000 characters.
    #[serde(skip)]
    pub banner_text: Option<String>,
}

/// What kind of consent problem a vendor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentIssueKind {
    /// A tracking vendor loaded before any consent choice, on a site that asks for consent.
    LoadedBeforeConsent,
    /// A tracking vendor loaded after the visitor rejected tracking.
    LoadedAfterReject,
    /// An advertising, social or data-broker vendor loaded with Global Privacy Control on (an opt-out of sale
    /// and sharing under California's and other US states' rules).
    IgnoresGpc,
}

names!(ConsentIssueKind {
    LoadedBeforeConsent => "loaded-before-consent",
    LoadedAfterReject => "loaded-after-reject",
    IgnoresGpc => "ignores-gpc",
});

/// A tracking vendor that ignored the visitor's (missing or negative) consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentIssue {
    /// Which problem.
    pub kind: ConsentIssueKind,
    /// Who.
    pub vendor: VendorRef,
    /// The observations in the state concerned.
    pub evidence: Vec<Evidence>,
}

/// What set a cookie (serialised in lowercase: `http`, `js`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CookieSource {
    /// A `Set-Cookie` response header.
    Http,
    /// JavaScript: `document.cookie` or the Cookie Store API.
    Js,
}

names!(CookieSource {
    Http => "http",
    Js => "js",
});

/// What set a cookie, as evidence and verdict reasons name it: `Set-Cookie of URL`, `a Set-Cookie header`
/// (the response is not known) or `JavaScript`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SetBy {
    /// The `Set-Cookie` header of this response.
    Response(String),
    /// A `Set-Cookie` header of a response not known.
    Header,
    /// JavaScript.
    JavaScript,
}

impl SetBy {
    /// What set a cookie from `source`, the response that set it when known.
    pub fn new(source: CookieSource, response: Option<&str>) -> SetBy {
        match (response, source) {
            (Some(url), _) => SetBy::Response(url.to_string()),
            (None, CookieSource::Http) => SetBy::Header,
            (None, CookieSource::Js) => SetBy::JavaScript,
        }
    }
}

impl std::fmt::Display for SetBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetBy::Response(url) => write!(f, "Set-Cookie of {url}"),
            SetBy::Header => f.write_str("a Set-Cookie header"),
            SetBy::JavaScript => f.write_str("JavaScript"),
        }
    }
}

/// A cookie the browser held after a page, read through the DevTools `Storage` domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieRecord {
    /// Name.
    pub name: String,
    /// Domain (a leading dot for domain cookies).
    pub domain: String,
    /// Whether the cookie's domain belongs to the site.
    pub first_party: bool,
    /// `http` (a `Set-Cookie` header) or `js` (`document.cookie` or the Cookie Store API).
    pub set_by: CookieSource,
    /// The response whose `Set-Cookie` set it, when `set_by` is `http`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub set_by_url: Option<String>,
    /// HttpOnly.
    pub http_only: bool,
    /// Secure.
    pub secure: bool,
    /// SameSite (`Strict`, `Lax`, `None`), if given.
    pub same_site: Option<String>,
    /// Expiry as RFC 3339, none for a session cookie.
    pub expires: Option<String>,
    /// Days the site asked it to live (the `Max-Age` or `Expires` of its `Set-Cookie` header or
    /// `document.cookie` string); none for a session cookie, or when the write was not seen.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub requested_days: Option<u32>,
    /// What the site wrote: `Max-Age=63072000`, `expires=Thu, 01 Jan 2032 00:00:00 GMT` or `session`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub requested: Option<String>,
    /// Days Chromium keeps it, from when it was read (its stored expiry); none for a session cookie.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stored_days: Option<u32>,
    /// Whether Chromium shortened the lifetime asked for: it keeps a cookie at most 400 days.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub capped: bool,
    /// The vendor the cookie is attributed to, by name or domain.
    pub vendor: Option<String>,
    /// The first page after which it was present.
    pub page: String,
    /// The consent state it appeared in.
    pub consent: Option<ConsentState>,
}

impl CookieRecord {
    /// The cookie's lifetime in days as the site meant it: asked for when the write was seen, else as stored.
    pub fn lifetime_days(&self) -> Option<u32> {
        self.requested_days.or(self.stored_days)
    }
}

/// A cookie Chromium refused to store, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedCookie {
    /// The cookie's name.
    pub name: String,
    /// The response that tried to set it.
    pub url: String,
    /// Chromium's reasons (`SameSiteNoneInsecure`, `ThirdPartyPhaseout`, …).
    pub reasons: Vec<String>,
    /// The page.
    pub page: String,
}

/// Which Web Storage area holds a key (serialised in lowercase: `local`, `session`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// `localStorage`.
    Local,
    /// `sessionStorage`.
    Session,
}

names!(StorageKind {
    Local => "local",
    Session => "session",
});

impl StorageKind {
    /// Both areas, in the order the browser engine reads them.
    pub const ALL: [StorageKind; 2] = [StorageKind::Local, StorageKind::Session];
}

/// A localStorage or sessionStorage key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageRecord {
    /// The origin whose storage holds it.
    pub origin: String,
    /// `local` or `session`.
    pub kind: StorageKind,
    /// The key (values are not kept: they can hold personal data).
    pub key: String,
    /// The vendor the key is attributed to, by name.
    pub vendor: Option<String>,
    /// The first page after which it was present.
    pub page: String,
    /// The consent state it appeared in.
    pub consent: Option<ConsentState>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_sources_and_storage_kinds_serialise_as_the_strings_reports_have_always_written() {
        for (source, name) in [(CookieSource::Http, "http"), (CookieSource::Js, "js")] {
            assert_eq!(serde_json::to_string(&source).unwrap(), format!("\"{name}\""));
            assert_eq!(source.to_string(), name);
            assert_eq!(serde_json::from_str::<CookieSource>(&format!("\"{name}\"")).unwrap(), source);
        }
        for (kind, name) in [(StorageKind::Local, "local"), (StorageKind::Session, "session")] {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{name}\""));
            assert_eq!(kind.to_string(), name);
            assert_eq!(serde_json::from_str::<StorageKind>(&format!("\"{name}\"")).unwrap(), kind);
        }
        assert_eq!(StorageKind::ALL.map(StorageKind::as_str), ["local", "session"]);
        let by = |source, response| SetBy::new(source, response).to_string();
        assert_eq!(by(CookieSource::Http, Some("https://t.test/p")), "Set-Cookie of https://t.test/p");
        assert_eq!(by(CookieSource::Js, Some("https://t.test/p")), "Set-Cookie of https://t.test/p");
        assert_eq!(by(CookieSource::Http, None), "a Set-Cookie header");
        assert_eq!(by(CookieSource::Js, None), "JavaScript");
        // Records stored by an earlier version read back typed, and write the same JSON.
        let cookie = r#"{"name":"_ga","domain":".a.test","first_party":true,"set_by":"js","http_only":false,"secure":false,"same_site":null,"expires":null,"vendor":"google-analytics","page":"https://a.test/","consent":"none"}"#;
        let c: CookieRecord = serde_json::from_str(cookie).unwrap();
        assert_eq!(c.set_by, CookieSource::Js);
        assert_eq!(serde_json::to_string(&c).unwrap(), cookie);
        let storage = r#"{"origin":"https://a.test","kind":"session","key":"_hjSession","vendor":null,"page":"https://a.test/","consent":"accept"}"#;
        let k: StorageRecord = serde_json::from_str(storage).unwrap();
        assert_eq!(k.kind, StorageKind::Session);
        assert_eq!(serde_json::to_string(&k).unwrap(), storage);
    }
}
