//! The browser engine's sections of an audit report: the consent manager, what was clicked, consent issues,
//! and counts of cookies, refused cookies and storage keys.

use super::{Style, md_cell, truncate};
use crate::model::{AuditReport, ConsentState};

/// The states a finding loaded in, for tables: `none accept`.
pub fn states(states: &[ConsentState]) -> String {
    states.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
}

/// Lines for the terminal table (empty for a static audit without a consent manager).
pub fn table(r: &AuditReport, style: Style) -> String {
    let mut out = String::new();
    if let Some(m) = &r.consent_manager {
        out.push_str(&format!("\nConsent manager: {} ({})\n", m.name, truncate(&m.found_by.join("; "), 160)));
    }
    for a in &r.consent_actions {
        match (&a.clicked, &a.problem) {
            (Some(c), _) => out.push_str(&format!("Consent {}: clicked {c}\n", a.state)),
            (None, Some(p)) => out.push_str(&format!("Consent {}: {} {p}\n", a.state, style.yellow("not reached:"))),
            (None, None) => {}
        }
    }
    if !r.consent_issues.is_empty() {
        out.push('\n');
        out.push_str(&style.bold(&format!("Consent issues ({})", r.consent_issues.len())));
        out.push('\n');
        for i in &r.consent_issues {
            let e = i.evidence.first();
            let at = e.map(|e| format!("{} {} on {}", e.kind, e.url.as_deref().unwrap_or(&e.detail), e.page));
            out.push_str(&format!(
                "  {} {}: {}\n",
                style.red(i.kind.as_str()),
                i.vendor.name,
                truncate(&at.unwrap_or_default(), 160)
            ));
        }
    }
    if r.engine == "chrome" {
        let third = r.cookies.iter().filter(|c| !c.first_party).count();
        let js = r.cookies.iter().filter(|c| c.set_by == "js").count();
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
            let what = a.clicked.clone().or_else(|| a.problem.clone()).unwrap_or_default();
            out.push_str(&format!("| {} | {} | {} |\n", a.state, a.page, md_cell(&what)));
        }
    }
    if !r.consent_issues.is_empty() {
        out.push_str("\n## Consent issues\n\n| Issue | Vendor | Evidence |\n|---|---|---|\n");
        for i in &r.consent_issues {
            let e = i
                .evidence
                .first()
                .map(|e| format!("{} {} on {}", e.kind, e.url.as_deref().unwrap_or(&e.detail), e.page));
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                i.kind,
                md_cell(&i.vendor.name),
                md_cell(&e.unwrap_or_default())
            ));
        }
    }
    if !r.cookies.is_empty() {
        out.push_str(
            "\n## Cookies\n\n| Name | Domain | Party | Set by | Vendor | State |\n|---|---|---|---|---|---|\n",
        );
        for c in &r.cookies {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                md_cell(&c.name),
                c.domain,
                if c.first_party { "first" } else { "third" },
                c.set_by,
                c.vendor.as_deref().unwrap_or(""),
                c.consent.map(|s| s.as_str()).unwrap_or("")
            ));
        }
    }
    out
}
