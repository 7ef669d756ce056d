//! Cookie findings: tracking cookies that live longer than the limit, and the differences between the cookies
//! a site declares (its cookie table, its consent manager's list) and those the browser saw it set.

use serde::{Deserialize, Serialize};

use super::ConsentState;

/// Tracking cookies asked to live longer than this many days are findings by default (`--max-cookie-days`):
/// about 13 months, the longest the CNIL's guidelines accept for a consent-based cookie.
pub const DEFAULT_MAX_COOKIE_DAYS: u32 = 395;

/// What is wrong with a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CookieIssueKind {
    /// A tracking cookie asked to live longer than the limit.
    CookieLifetime,
    /// A cookie the site set that its declaration does not list.
    UndeclaredCookie,
    /// A cookie the declaration lists that the audit never saw set.
    DeclaredNotSet,
    /// A cookie that lives more than 1.5 times the duration declared for it.
    LifetimeMismatch,
    /// A cookie declared strictly necessary that the vendor database knows as a tracker's.
    WrongCategory,
    /// A cookie that is not strictly necessary, set before any consent choice on a site that asks for consent.
    SetBeforeConsent,
}

super::names!(CookieIssueKind {
    CookieLifetime => "cookie-lifetime",
    UndeclaredCookie => "undeclared-cookie",
    DeclaredNotSet => "declared-not-set",
    LifetimeMismatch => "lifetime-mismatch",
    WrongCategory => "wrong-category",
    SetBeforeConsent => "set-before-consent",
});

impl CookieIssueKind {
    /// Every kind, in report order.
    pub const ALL: [CookieIssueKind; 6] = [
        CookieIssueKind::CookieLifetime,
        CookieIssueKind::SetBeforeConsent,
        CookieIssueKind::WrongCategory,
        CookieIssueKind::LifetimeMismatch,
        CookieIssueKind::UndeclaredCookie,
        CookieIssueKind::DeclaredNotSet,
    ];
}

/// A cookie finding with its evidence: the cookie as observed and, when the finding rests on it, the
/// declaration's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieIssue {
    /// Which problem.
    pub kind: CookieIssueKind,
    /// The cookie's name (for `declared-not-set`, the name or pattern declared).
    pub cookie: String,
    /// The cookie's domain, when it was observed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domain: Option<String>,
    /// The vendor it is attributed to, by id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vendor: Option<String>,
    /// The page after which it was first present.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<String>,
    /// The consent state it was observed in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub consent: Option<ConsentState>,
    /// The declaration's entry, quoted as read, with where it was read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub declared: Option<String>,
    /// Why, in words: the lifetimes, categories or states concerned.
    pub detail: String,
}
