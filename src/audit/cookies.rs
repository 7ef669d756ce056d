//! Cookie findings of the browser engine: tracking cookies asked to live longer than the limit
//! (`cookie-lifetime`), and cookies that are not strictly necessary set before any consent choice on a site
//! that asks for consent (`set-before-consent`).

use std::collections::HashSet;

use crate::detect::CHROMIUM_MAX_COOKIE_DAYS;
use crate::model::{AuditReport, Category, ConsentState, CookieIssue, CookieIssueKind, CookieRecord, Finding};

/// The finding of the vendor a cookie is attributed to.
pub(super) fn finding_of<'a>(report: &'a AuditReport, cookie: &CookieRecord) -> Option<&'a Finding> {
    let id = cookie.vendor.as_deref()?;
    report.findings.iter().find(|f| f.vendor.id == id)
}

/// The finding of the cookie's vendor when that vendor is a tracker.
pub(super) fn tracker_of<'a>(report: &'a AuditReport, cookie: &CookieRecord) -> Option<&'a Finding> {
    finding_of(report, cookie).filter(|f| f.vendor.category.is_tracking())
}

/// The category of the vendor a cookie is attributed to, from the report's findings.
fn category(report: &AuditReport, cookie: &CookieRecord) -> Option<Category> {
    finding_of(report, cookie).map(|f| f.vendor.category)
}

/// The vendor's name, for the words of a finding.
fn vendor_name<'a>(report: &'a AuditReport, cookie: &'a CookieRecord) -> &'a str {
    finding_of(report, cookie).map_or(cookie.vendor.as_deref().unwrap_or("an unknown vendor"), |f| &f.vendor.name)
}

/// Each cookie once (by name and domain), in the order first seen.
fn distinct(report: &AuditReport) -> impl Iterator<Item = &CookieRecord> {
    let mut seen = HashSet::new();
    report.cookies.iter().filter(move |c| seen.insert((c.name.as_str(), c.domain.as_str())))
}

/// How long the cookie lives, in words: asked and stored, and whether Chromium capped it.
pub(super) fn lifetime_words(c: &CookieRecord) -> String {
    let mut out = match (&c.requested, c.requested_days) {
        (Some(attr), Some(days)) => format!("asked to live {days} days ({attr})"),
        _ => match c.stored_days {
            Some(days) => format!("stored for {days} days"),
            None => "a session cookie".into(),
        },
    };
    if c.capped {
        out.push_str(&format!(
            "; Chromium stored it for {} days, its {CHROMIUM_MAX_COOKIE_DAYS}-day cap",
            c.stored_days.unwrap_or(CHROMIUM_MAX_COOKIE_DAYS)
        ));
    }
    out
}

/// A finding about an observed cookie.
pub(super) fn issue(kind: CookieIssueKind, c: &CookieRecord, detail: String) -> CookieIssue {
    CookieIssue {
        kind,
        cookie: c.name.clone(),
        domain: Some(c.domain.clone()),
        vendor: c.vendor.clone(),
        page: Some(c.page.clone()),
        consent: c.consent,
        declared: None,
        detail,
    }
}

/// Tracking cookies that live longer than `max_days`, and tracking cookies set in the `none` state of a site
/// that asks for consent.
pub(super) fn cookie_issues(report: &AuditReport, max_days: u32) -> Vec<CookieIssue> {
    let asks_consent = report.asks_consent();
    let mut out = Vec::new();
    for c in distinct(report) {
        let Some(cat) = category(report, c).filter(|c| c.is_tracking()) else { continue };
        if let Some(days) = c.lifetime_days().filter(|d| *d > max_days) {
            let detail = format!(
                "{} cookie {} of {} ({cat}) lives {days} days, over the {max_days}-day limit: {}",
                if c.first_party { "first-party" } else { "third-party" },
                c.name,
                vendor_name(report, c),
                lifetime_words(c)
            );
            out.push(issue(CookieIssueKind::CookieLifetime, c, detail));
        }
    }
    if asks_consent {
        for c in report.cookies.iter().filter(|c| c.consent == Some(ConsentState::None)) {
            let Some(cat) = category(report, c).filter(|c| c.is_tracking()) else { continue };
            let detail = format!(
                "{} ({cat}) set cookie {} on {} before any consent choice, on a site that asks for consent",
                vendor_name(report, c),
                c.name,
                c.page
            );
            out.push(issue(CookieIssueKind::SetBeforeConsent, c, detail));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConsentManager, CookieSource, Finding, VendorRef, Verdict};

    fn cookie(name: &str, vendor: Option<&str>, requested: Option<u32>, stored: Option<u32>) -> CookieRecord {
        CookieRecord {
            name: name.into(),
            domain: ".shop.test".into(),
            first_party: true,
            set_by: CookieSource::Js,
            set_by_url: None,
            http_only: false,
            secure: false,
            same_site: None,
            expires: None,
            requested_days: requested,
            requested: requested.map(|d| format!("Max-Age={}", u64::from(d) * 86_400)),
            stored_days: stored,
            capped: requested.is_some_and(|d| d > 400) && stored == Some(400),
            vendor: vendor.map(str::to_string),
            page: "https://www.shop.test/".into(),
            consent: Some(ConsentState::Accept),
        }
    }

    fn finding(id: &str, category: Category) -> Finding {
        Finding {
            vendor: VendorRef { id: id.into(), name: format!("{id} name"), company: String::new(), category },
            verdict: Verdict::Undisclosed,
            quote: None,
            quote_source: None,
            reason: String::new(),
            ids: Vec::new(),
            evidence: Vec::new(),
            consent_states: Vec::new(),
            accepted: None,
        }
    }

    #[test]
    fn tracking_cookies_over_the_limit_are_findings_with_the_lifetime_asked_and_the_cap() {
        let mut r = AuditReport::started("https://www.shop.test/");
        r.findings = vec![finding("google-analytics", Category::Analytics), finding("stripe", Category::Payments)];
        r.cookies = vec![
            cookie("_ga", Some("google-analytics"), Some(730), Some(400)),
            // Seen again after reject: one finding per cookie.
            CookieRecord {
                consent: Some(ConsentState::Reject),
                ..cookie("_ga", Some("google-analytics"), Some(730), Some(400))
            },
            cookie("_gid", Some("google-analytics"), Some(1), Some(1)),
            // Not a tracker's: a payment cookie may live long.
            cookie("__stripe_mid", Some("stripe"), Some(730), Some(400)),
            // No asked lifetime seen: the stored one counts.
            cookie("_gac_x", Some("google-analytics"), None, Some(396)),
            cookie("sid", None, Some(3650), Some(400)),
        ];
        let issues = cookie_issues(&r, 395);
        let got: Vec<(&str, CookieIssueKind)> = issues.iter().map(|i| (i.cookie.as_str(), i.kind)).collect();
        assert_eq!(got, [("_ga", CookieIssueKind::CookieLifetime), ("_gac_x", CookieIssueKind::CookieLifetime)]);
        let d = &issues[0].detail;
        assert!(d.contains("730 days") && d.contains("Max-Age=63072000") && d.contains("395-day limit"), "{d}");
        assert!(d.contains("400-day cap"), "{d}");
        assert!(issues[1].detail.contains("stored for 396 days"), "{}", issues[1].detail);
        assert!(cookie_issues(&r, 800).is_empty(), "a higher limit has no finding");
    }

    #[test]
    fn tracking_cookies_set_before_a_choice_are_findings_only_where_consent_is_asked() {
        let mut r = AuditReport::started("https://www.shop.test/");
        r.findings = vec![finding("meta-pixel", Category::Advertising), finding("onetrust", Category::Consent)];
        let before = |name: &str, vendor: &str| CookieRecord {
            consent: Some(ConsentState::None),
            ..cookie(name, Some(vendor), Some(90), Some(90))
        };
        r.cookies = vec![before("_fbp", "meta-pixel"), before("OptanonConsent", "onetrust")];
        assert!(cookie_issues(&r, 395).is_empty(), "no banner, no consent asked");
        r.consent_manager = Some(ConsentManager {
            id: "onetrust".into(),
            name: "OneTrust".into(),
            page: r.target.clone(),
            found_by: Vec::new(),
        });
        let issues = cookie_issues(&r, 395);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!((issues[0].kind, issues[0].cookie.as_str()), (CookieIssueKind::SetBeforeConsent, "_fbp"));
        assert!(issues[0].detail.contains("before any consent choice"), "{}", issues[0].detail);
    }
}
