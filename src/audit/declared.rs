//! Declared against observed cookies (browser engine): the cookies a site declares (its policies' cookie
//! tables, its consent manager's list) compared with those the browser saw it set: `undeclared-cookie`,
//! `declared-not-set`, `lifetime-mismatch` (observed more than 1.5 times the declared duration),
//! `wrong-category` (declared strictly necessary, known as a tracker's) and `set-before-consent` for cookies
//! declared as not necessary.

use std::collections::HashSet;

use super::cookies::{issue, lifetime_words, tracker_of};
use crate::model::{
    AuditReport, ConsentState, CookieCategory, CookieIssue, CookieIssueKind, CookieRecord, DeclarationSource,
    DeclaredCookie,
};

/// An observed lifetime this many times the declared one (and a day longer) is a mismatch.
const MISMATCH_FACTOR: f64 = 1.5;

/// The declarations of every policy document's cookie tables.
pub(super) fn from_documents(report: &AuditReport) -> Vec<DeclaredCookie> {
    let mut out: Vec<DeclaredCookie> = Vec::new();
    for d in report.policy.iter().chain(&report.other_documents) {
        for c in crate::declarations::from_policy_text(&d.text, &d.url) {
            if !out.iter().any(|o| o.name == c.name && o.source == c.source) {
                out.push(c);
            }
        }
    }
    out
}

/// The declarations consent managers kept in the pages: (`cookiebot` or `onetrust`, page, JSON).
pub(super) fn from_cmps(found: &[(String, String, serde_json::Value)]) -> Vec<DeclaredCookie> {
    let mut out = Vec::new();
    for (kind, _, json) in found {
        match kind.as_str() {
            "cookiebot" => out.extend(crate::declarations::from_cookiebot(json)),
            "onetrust" => out.extend(crate::declarations::from_onetrust(json)),
            _ => {}
        }
    }
    out
}

/// Where a declaration was read, in words.
fn source_words(d: &DeclaredCookie) -> String {
    match &d.source {
        DeclarationSource::Policy { url } => format!("cookie table of {url}"),
        DeclarationSource::Cookiebot => "Cookiebot's cookie declaration".into(),
        DeclarationSource::OneTrust => "OneTrust's cookie list".into(),
    }
}

/// The declaration's entry as the issue quotes it.
fn quoted(d: &DeclaredCookie) -> String {
    format!("{} ({})", d.quote, source_words(d))
}

/// Days the cookie lives as observed: 0 for a session cookie.
fn observed_days(c: &CookieRecord) -> u32 {
    c.lifetime_days().unwrap_or(0)
}

/// Whether the observed lifetime is more than 1.5 times (and a day longer than) the declared one.
fn mismatched(observed: u32, declared: f64) -> bool {
    let observed = f64::from(observed);
    observed > declared * MISMATCH_FACTOR && observed - declared >= 1.0
}

/// The declared-against-observed issues, given the declarations; nothing when the site declares nothing.
pub(super) fn declaration_issues(report: &AuditReport, declared: &[DeclaredCookie]) -> Vec<CookieIssue> {
    let mut out = Vec::new();
    if declared.is_empty() {
        return out;
    }
    let mut seen = HashSet::new();
    for c in report.cookies.iter().filter(|c| seen.insert((c.name.as_str(), c.domain.as_str()))) {
        let Some(d) = declared.iter().find(|d| d.matches(&c.name)) else {
            let detail = format!(
                "cookie {} (domain {}, {}) is set but not declared in {}",
                c.name,
                c.domain,
                lifetime_words(c),
                declared_where(declared)
            );
            out.push(issue(CookieIssueKind::UndeclaredCookie, c, detail));
            continue;
        };
        let mut push = |kind, detail: String| {
            let mut i = issue(kind, c, detail);
            i.declared = Some(quoted(d));
            out.push(i);
        };
        if let Some(days) = d.days()
            && mismatched(observed_days(c), days)
        {
            let declared_text = d.lifetime_text.as_deref().unwrap_or("a session");
            push(
                CookieIssueKind::LifetimeMismatch,
                format!(
                    "cookie {} is declared to last {declared_text} but {}, more than {MISMATCH_FACTOR} times as long",
                    c.name,
                    lifetime_words(c)
                ),
            );
        }
        if d.category == Some(CookieCategory::Necessary)
            && let Some(f) = tracker_of(report, c)
        {
            push(
                CookieIssueKind::WrongCategory,
                format!(
                    "cookie {} is declared strictly necessary, but it is {}'s ({}), a tracker's cookie",
                    c.name, f.vendor.name, f.vendor.category
                ),
            );
        }
    }
    out.extend(not_set(report, declared));
    out
}

/// The documents or lists the declarations came from, in words.
fn declared_where(declared: &[DeclaredCookie]) -> String {
    let mut places: Vec<String> = Vec::new();
    for d in declared {
        let w = source_words(d);
        if !places.contains(&w) {
            places.push(w);
        }
    }
    places.join(" or ")
}

/// Declared cookies never seen set, when the audit saw what a consenting visitor gets: the accept state was
/// clicked, or the site asks for no consent.
fn not_set(report: &AuditReport, declared: &[DeclaredCookie]) -> Vec<CookieIssue> {
    let accepted = report.consent_actions.iter().any(|a| a.state == ConsentState::Accept && a.clicked.is_some());
    let asks = report.asks_consent();
    if asks && !accepted {
        return Vec::new();
    }
    let pages = report.pages.iter().filter(|p| p.error.is_none()).count();
    let mut names = HashSet::new();
    declared
        .iter()
        .filter(|d| names.insert(d.name.as_str()) && !report.cookies.iter().any(|c| d.matches(&c.name)))
        .map(|d| CookieIssue {
            kind: CookieIssueKind::DeclaredNotSet,
            cookie: d.name.clone(),
            domain: None,
            vendor: None,
            page: None,
            consent: None,
            declared: Some(quoted(d)),
            detail: format!(
                "cookie {} is declared but was not set on the {pages} page(s) read{}",
                d.name,
                if accepted { ", after accepting all" } else { "" }
            ),
        })
        .collect()
}

/// Cookies declared as not strictly necessary, set before any choice on a site that asks for consent (those
/// of tracking vendors are found by [`super::cookies`] already).
pub(super) fn set_before_consent(report: &AuditReport, declared: &[DeclaredCookie]) -> Vec<CookieIssue> {
    let asks = report.asks_consent();
    if !asks {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in report.cookies.iter().filter(|c| c.consent == Some(ConsentState::None) && tracker_of(report, c).is_none())
    {
        let Some(d) = declared.iter().find(|d| d.matches(&c.name)) else { continue };
        let Some(cat) = d.category.filter(|c| !matches!(c, CookieCategory::Necessary | CookieCategory::Unclassified))
        else {
            continue;
        };
        let mut i = issue(
            CookieIssueKind::SetBeforeConsent,
            c,
            format!("cookie {}, declared as {cat}, was set on {} before any consent choice", c.name, c.page),
        );
        i.declared = Some(quoted(d));
        out.push(i);
    }
    out
}
