//! The CNAME section of an audit report: the site's own subdomains whose CNAME chain ends at a tracker
//! (cloaking), with the chain, and the lookups that failed or were skipped.

use maud::{Markup, html};

use super::{Style, md_cell, truncate};
use crate::model::{CloakedHost, CnameReport};

/// Who is behind the host, in words: `Eulerian (eulerian.net), vendor eulerian`.
fn behind(h: &CloakedHost) -> String {
    let vendor = h.vendor.as_deref().map(|v| format!(", vendor {v}")).unwrap_or_default();
    format!("{} ({}){vendor}", h.company, h.domain)
}

/// The lookups in one line: `3 subdomains resolved through system; 1 failed; 2 skipped`.
fn summary(c: &CnameReport) -> String {
    let mut out = format!("{} subdomain(s) resolved through {}", c.resolved, c.server);
    if !c.failures.is_empty() {
        out.push_str(&format!("; {} failed", c.failures.len()));
    }
    if !c.skipped.is_empty() {
        out.push_str(&format!("; {} skipped (too many)", c.skipped.len()));
    }
    out
}

/// Whether there is anything to say: a subdomain was resolved or a lookup failed.
fn shown(c: &CnameReport) -> bool {
    c.resolved > 0 || !c.failures.is_empty() || !c.skipped.is_empty()
}

/// Lines for the terminal table.
pub fn table(c: &CnameReport, style: Style) -> String {
    if !shown(c) {
        return String::new();
    }
    let mut out = format!("\n{}: {}\n", style.bold(&format!("CNAME cloaking ({})", c.cloaked.len())), summary(c));
    for h in &c.cloaked {
        out.push_str(&format!(
            "  {} {} -> {} ({} request(s))\n",
            style.red("cloaked"),
            truncate(&h.host, 120),
            truncate(&behind(h), 160),
            h.requests
        ));
        out.push_str(&format!("      chain: {}\n", truncate(&h.chain.join(" → "), 220)));
    }
    for f in &c.failures {
        out.push_str(&format!("  lookup failed: {}: {}\n", truncate(&f.host, 120), truncate(&f.error, 160)));
    }
    out
}

/// The Markdown section.
pub fn markdown(c: &CnameReport) -> String {
    if !shown(c) {
        return String::new();
    }
    let mut out = format!("\n## CNAME cloaking\n\n{}\n", md_cell(&summary(c)));
    if !c.cloaked.is_empty() {
        out.push_str("\n| Subdomain | Chain | Behind it | Requests |\n|---|---|---|---|\n");
        for h in &c.cloaked {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_cell(&h.host),
                md_cell(&h.chain.join(" → ")),
                md_cell(&behind(h)),
                h.requests
            ));
        }
    }
    if !c.failures.is_empty() {
        out.push_str("\n| Lookup failed | Why |\n|---|---|\n");
        for f in &c.failures {
            out.push_str(&format!("| {} | {} |\n", md_cell(&f.host), md_cell(&f.error)));
        }
    }
    out
}

/// The HTML section.
pub fn html(c: &CnameReport) -> Markup {
    html! {
        @if shown(c) { section {
            h2 { "CNAME cloaking (" (c.cloaked.len()) ")" }
            p { (summary(c)) }
            @if !c.cloaked.is_empty() {
                table {
                    thead { tr { th { "Subdomain" } th { "Chain" } th { "Behind it" } th { "Requests" } } }
                    tbody { @for h in &c.cloaked {
                        tr {
                            td { code { (h.host) } } td { code { (h.chain.join(" → ")) } } td { (behind(h)) }
                            td { (h.requests) }
                        }
                    } }
                }
            }
            @if !c.failures.is_empty() {
                ul { @for f in &c.failures { li { "Lookup failed: " code { (f.host) } ": " (f.error) } } }
            }
        } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AuditReport, CnameFailure};
    use crate::report::{Format, audit::render};

    fn report() -> AuditReport {
        let mut r = AuditReport::started("http://www.shop.test/");
        r.finished_at = "2026-01-01T00:00:00Z".into();
        r.cname = Some(CnameReport {
            server: "127.0.0.1:5353".into(),
            resolved: 2,
            cloaked: vec![CloakedHost {
                host: "metrics.shop.test".into(),
                chain: vec!["metrics.shop.test".into(), "shop.eulerian.net".into()],
                domain: "eulerian.net".into(),
                company: "Eulerian <Technologies>".into(),
                vendor: Some("eulerian".into()),
                requests: 3,
            }],
            failures: vec![CnameFailure { host: "cdn.shop.test".into(), error: "timed out | </td>".into() }],
            skipped: Vec::new(),
        });
        r
    }

    #[test]
    fn cloaked_subdomains_are_a_section_of_every_human_format() {
        let r = report();
        let t = render(&r, Format::Table, Style::default());
        assert!(t.contains("CNAME cloaking (1): 2 subdomain(s) resolved through 127.0.0.1:5353; 1 failed"), "{t}");
        assert!(t.contains("metrics.shop.test -> Eulerian <Technologies> (eulerian.net), vendor eulerian (3"), "{t}");
        assert!(t.contains("chain: metrics.shop.test → shop.eulerian.net"), "{t}");
        let md = render(&r, Format::Markdown, Style::default());
        assert!(md.contains("## CNAME cloaking") && md.contains("| metrics.shop.test | metrics.shop.test → shop"));
        assert!(md.contains("timed out \\| ") && !md.contains("<Technologies>"), "{md}");
        let page = render(&r, Format::Html, Style::default());
        assert!(page.contains("CNAME cloaking (1)") && page.contains("Eulerian &lt;Technologies&gt;"), "escaped");
        assert!(page.contains("timed out | &lt;/td&gt;"), "escaped");
        let none = AuditReport::started("http://www.shop.test/");
        assert!(!render(&none, Format::Markdown, Style::default()).contains("CNAME"));
        let mut nothing = none.clone();
        nothing.cname = Some(CnameReport { server: "system".into(), ..CnameReport::default() });
        assert!(!render(&nothing, Format::Table, Style::default()).contains("CNAME"), "no subdomain, no section");
    }
}
