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
}

names!(ConsentState {
    None => "none",
    Accept => "accept",
    Reject => "reject",
});

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
}

/// What kind of consent problem a vendor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentIssueKind {
    /// A tracking vendor loaded before any consent choice, on a site that asks for consent.
    LoadedBeforeConsent,
    /// A tracking vendor loaded after the visitor rejected tracking.
    LoadedAfterReject,
}

names!(ConsentIssueKind {
    LoadedBeforeConsent => "loaded-before-consent",
    LoadedAfterReject => "loaded-after-reject",
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
    pub set_by: String,
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
    /// The vendor the cookie is attributed to, by name or domain.
    pub vendor: Option<String>,
    /// The first page after which it was present.
    pub page: String,
    /// The consent state it appeared in.
    pub consent: Option<ConsentState>,
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

/// A localStorage or sessionStorage key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageRecord {
    /// The origin whose storage holds it.
    pub origin: String,
    /// `local` or `session`.
    pub kind: String,
    /// The key (values are not kept: they can hold personal data).
    pub key: String,
    /// The vendor the key is attributed to, by name.
    pub vendor: Option<String>,
    /// The first page after which it was present.
    pub page: String,
    /// The consent state it appeared in.
    pub consent: Option<ConsentState>,
}
