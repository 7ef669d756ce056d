//! The browser engine's sections of an audit report: the consent manager, what was clicked, consent issues,
//! cookie and fingerprinting findings, and counts of cookies, refused cookies and storage keys.

use super::audit::evidence_text;
use super::{Style, md_cell, truncate};
use crate::model::{AuditReport, ConsentState, CookieSource};

/// A consent state in words, for people: `before consent`, `after accept`, `after reject`, `with GPC`. JSON
/// and CSV keep the machine values (`none`, `accept`, `reject`, `gpc`).
pub fn state_words(state: ConsentState) -> &'static str {
    match state {
        ConsentState::None => "before consent",
        ConsentState::Accept => "after accept",
        ConsentState::Reject => "after reject",
        ConsentState::Gpc => "with GPC",
    }
}

/// Where a behaviour was seen, in words: `on https://www.shop.test/, before consent`.
pub fn seen_on(page: &str, state: Option<ConsentState>) -> String {
    match state {
        Some(s) => format!("on {page}, {}", state_words(s)),
        None => format!("on {page}"),
    }
}

/// The states a finding loaded in, for tables: `before consent, after accept`.
pub fn states(states: &[ConsentState]) -> String {
    states.iter().map(|&s| state_words(s)).collect::<Vec<_>>().join(", ")
}

/// What the browser clicked (or failed to click) to reach a state, in words.
fn action(state: ConsentState) -> &'static str {
    match state {
        ConsentState::None => "No click",
        ConsentState::Accept => "Accept all",
        ConsentState::Reject => "Reject all",
        ConsentState::Gpc => "Global Privacy Control on",
    }
}

/// Lines for the terminal table (empty for a static audit without a consent manager).
pub fn table(r: &AuditReport, style: Style) -> String {
    let mut out = String::new();
    if let Some(m) = &r.consent_manager {
        out.push_str(&format!("\nConsent manager: {} ({})\n", m.name, truncate(&m.found_by.join("; "), 160)));
    }
    for a in &r.consent_actions {
        match (&a.clicked, &a.problem) {
            (Some(c), _) => out.push_str(&format!("{}: clicked {c}\n", action(a.state))),
            (None, Some(p)) => out.push_str(&format!(
                "{}: {} {p}; so “{}” is the same as before consent\n",
                action(a.state),
                style.yellow("not clicked:"),
                state_words(a.state)
            )),
            (None, None) => {}
        }
    }
    if !r.consent_issues.is_empty() {
        out.push('\n');
        out.push_str(&style.bold(&format!("Consent issues ({})", r.consent_issues.len())));
        out.push('\n');
        for i in &r.consent_issues {
            let e = super::audit::shown_evidence(i.evidence.iter());
            let at = e.map(|e| format!("{} on {}", evidence_text(e), e.page));
            out.push_str(&format!(
                "  {} {}: {}\n",
                style.red(i.kind.as_str()),
                i.vendor.name,
                truncate(&at.unwrap_or_default(), 200)
            ));
        }
    }
    out.push_str(&super::form_leaks::table(r, style));
    if let Some(g) = &r.gpc {
        out.push_str(&super::gpc::table(g, style));
    }
    if let Some(t) = &r.tcf {
        out.push_str(&super::tcf::table(t, style));
    }
    out.push_str(&super::cookies::table(r, style));
    out.push_str(&super::fingerprint::table(r, style));
    if let Some(c) = &r.cname {
        out.push_str(&super::cname::table(c, style));
    }
    out.push_str(&super::replay::table(r, style));
    if r.engine == crate::model::EngineKind::Chrome {
        let third = r.cookies.iter().filter(|c| !c.first_party).count();
        let js = r.cookies.iter().filter(|c| c.set_by == CookieSource::Js).count();
        out.push_str(&format!(
            "\nCookies: {} ({} third-party, {} set by JavaScript), {} refused by Chromium; storage keys: {}\n",
            r.cookies.len(),
            third,
            js,
            r.blocked_cookies.len(),
            r.storage.len()
        ));
    }
    out
}

/// Markdown sections.
pub fn markdown(r: &AuditReport) -> String {
    let mut out = String::new();
    if let Some(m) = &r.consent_manager {
        out.push_str(&format!("\n## Consent manager\n\n{} ({})\n", m.name, md_cell(&m.found_by.join("; "))));
    }
    if !r.consent_actions.is_empty() {
        out.push_str("\n## Consent states\n\n| State | Page | Clicked |\n|---|---|---|\n");
        for a in &r.consent_actions {
            let what = match (&a.clicked, &a.problem) {
                (Some(c), _) => c.clone(),
                (None, Some(p)) => format!("nothing: {p}"),
                (None, None) => String::new(),
            };
            out.push_str(&format!("| {} | {} | {} |\n", state_words(a.state), md_cell(&a.page), md_cell(&what)));
        }
    }
    if !r.consent_issues.is_empty() {
        out.push_str("\n## Consent issues\n\n| Issue | Vendor | Evidence |\n|---|---|---|\n");
        for i in &r.consent_issues {
            let e =
                super::audit::shown_evidence(i.evidence.iter()).map(|e| format!("{} on {}", evidence_text(e), e.page));
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                i.kind,
                md_cell(&i.vendor.name),
                md_cell(&e.unwrap_or_default())
            ));
        }
    }
    out.push_str(&super::form_leaks::markdown(r));
    if let Some(g) = &r.gpc {
        out.push_str(&super::gpc::markdown(g));
    }
    if let Some(t) = &r.tcf {
        out.push_str(&super::tcf::markdown(t));
    }
    out.push_str(&super::cookies::markdown(r));
    out.push_str(&super::fingerprint::markdown(r));
    if let Some(c) = &r.cname {
        out.push_str(&super::cname::markdown(c));
    }
    out.push_str(&super::replay::markdown(r));
    if !r.cookies.is_empty() {
        out.push_str(
            "\n## Cookies\n\n| Name | Domain | Party | Set by | Lifetime | Vendor | State |\n|---|---|---|---|---|---|---|\n",
        );
        for c in &r.cookies {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                md_cell(&c.name),
                md_cell(&c.domain),
                if c.first_party { "first" } else { "third" },
                c.set_by,
                md_cell(&super::cookies::lifetime_cell(c)),
                md_cell(c.vendor.as_deref().unwrap_or("")),
                c.consent.map_or("", state_words)
            ));
        }
    }
    out
}
