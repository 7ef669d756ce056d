//! The cookie sections of an audit report (browser engine): cookie findings (lifetimes over the limit,
//! cookies set before consent, declared against observed), and each cookie's lifetime asked and stored.

use maud::{Markup, html};

use super::consent::state_words;
use super::{Style, md_cell, truncate};
use crate::model::{AuditReport, CookieIssue, CookieRecord};

/// A cookie's lifetime for a table cell: `730 d asked (Max-Age=63072000), 400 d stored (capped)`, `session`.
pub fn lifetime_cell(c: &CookieRecord) -> String {
    let stored = c.stored_days.map(|d| format!("{d} d stored{}", if c.capped { " (Chromium's cap)" } else { "" }));
    match (c.requested_days, &c.requested, stored) {
        (Some(d), Some(attr), Some(s)) if Some(d) != c.stored_days => format!("{d} d asked ({attr}), {s}"),
        (Some(d), Some(attr), _) => format!("{d} d ({attr})"),
        (_, _, Some(s)) => s,
        _ => "session".into(),
    }
}

/// Where the issue was seen, in words.
fn seen(i: &CookieIssue) -> String {
    let mut out = Vec::new();
    if let Some(d) = &i.domain {
        out.push(format!("domain {d}"));
    }
    if let Some(p) = &i.page {
        out.push(format!("on {p}"));
    }
    if let Some(s) = i.consent {
        out.push(state_words(s).to_string());
    }
    out.join(", ")
}

/// Lines for the terminal table.
pub fn table(r: &AuditReport, style: Style) -> String {
    if r.cookie_issues.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", style.bold(&format!("Cookie issues ({})", r.cookie_issues.len())));
    for i in &r.cookie_issues {
        out.push_str(&format!("  {} {}: {}\n", style.red(i.kind.as_str()), i.cookie, truncate(&i.detail, 220)));
        if let Some(d) = &i.declared {
            out.push_str(&format!("      declared: {}\n", truncate(d, 200)));
        }
    }
    out
}

/// The Markdown section.
pub fn markdown(r: &AuditReport) -> String {
    if r.cookie_issues.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n## Cookie issues\n\n| Issue | Cookie | Vendor | Seen | Why | Declared |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for i in &r.cookie_issues {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            i.kind,
            md_cell(&i.cookie),
            md_cell(i.vendor.as_deref().unwrap_or("")),
            md_cell(&seen(i)),
            md_cell(&i.detail),
            md_cell(i.declared.as_deref().unwrap_or(""))
        ));
    }
    out
}

/// The HTML section.
pub fn html(r: &AuditReport) -> Markup {
    html! {
        @if !r.cookie_issues.is_empty() {
            section {
                h2 { "Cookie issues (" (r.cookie_issues.len()) ")" }
                table {
                    thead { tr { th { "Issue" } th { "Cookie" } th { "Vendor" } th { "Seen" } th { "Why" } th { "Declared" } } }
                    tbody { @for i in &r.cookie_issues {
                        tr {
                            td { strong { (i.kind) } } td { code { (i.cookie) } } td { (i.vendor.as_deref().unwrap_or("")) }
                            td { (seen(i)) } td { (i.detail) }
                            td { @if let Some(d) = &i.declared { blockquote { (d) } } }
                        }
                    } }
                }
            }
        }
    }
}
