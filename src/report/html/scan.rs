//! The HTML scan report: the run on one page, a table of sites (worst first) linking to each site's section,
//! the most common undisclosed vendors and the failed sites.

use std::collections::BTreeMap;

use maud::{Markup, PreEscaped, html};

use super::charts::{Bar, bars};
use super::page;
use crate::model::{AuditReport, SiteEntry};

/// One audited site, kept for the page: its row and its rendered section.
#[derive(Debug, Clone)]
pub struct ScanSite {
    position: usize,
    site: String,
    error: Option<String>,
    vendors: usize,
    undisclosed: Vec<String>,
    contradicted: usize,
    section: String,
}

impl ScanSite {
    /// What the page needs of one finished site.
    pub fn new(entry: &SiteEntry, report: &AuditReport) -> ScanSite {
        let undisclosed =
            report.findings.iter().filter(|f| f.verdict.is_undisclosed()).map(|f| f.vendor.name.clone()).collect();
        ScanSite {
            position: entry.position,
            site: if report.site.is_empty() { entry.target.clone() } else { report.site.clone() },
            error: report.site_status().error().map(str::to_string),
            vendors: report.findings.len(),
            undisclosed,
            contradicted: report.findings.iter().filter(|f| f.verdict == crate::model::Verdict::Contradicted).count(),
            section: super::audit::body(report).into_string(),
        }
    }
}

/// Changes since an earlier run, for the page: the earlier run's name and the changes.
#[derive(Debug, Clone)]
pub struct SinceRun {
    /// How the earlier run is named ("run 3").
    pub name: String,
    /// What changed.
    pub changes: Vec<crate::diff::Change>,
}

/// Renders the scan's sites as one page, with the changes since an earlier run when given.
pub fn render(sites: &[ScanSite], since: Option<&SinceRun>) -> String {
    let mut order: Vec<&ScanSite> = sites.iter().collect();
    order.sort_by_key(|s| (s.error.is_none(), std::cmp::Reverse(s.undisclosed.len()), s.position));
    let failed = sites.iter().filter(|s| s.error.is_some()).count();
    let mut top: BTreeMap<&str, usize> = BTreeMap::new();
    for name in sites.iter().flat_map(|s| &s.undisclosed) {
        *top.entry(name).or_default() += 1;
    }
    let mut top: Vec<(&str, usize)> = top.into_iter().collect();
    top.sort_by_key(|&(name, n)| (std::cmp::Reverse(n), name));
    let top_bars: Vec<Bar> = top
        .iter()
        .take(15)
        .map(|&(name, n)| Bar {
            label: name.to_string(),
            count: n,
            color: super::charts::verdict_color(crate::model::Verdict::Undisclosed),
        })
        .collect();
    let with_undisclosed = sites.iter().filter(|s| !s.undisclosed.is_empty()).count();
    let body = html! {
        h1 { "Tracker scan of " (sites.len()) " site(s)" }
        p.lead { (with_undisclosed) " site(s) load vendors their policy does not disclose or contradicts; "
            (failed) " could not be audited." }
        section.charts { (bars("Most common undisclosed vendors (sites)", &top_bars)) }
        section {
            h2 { "Sites" }
            table #sites {
                thead { tr { th { "#" } th { "site" } th { "vendors" } th { "undisclosed or contradicted" } th { "contradicted" } th { "status" } } }
                tbody { @for s in &order { (row(s)) } }
            }
        }
        @if let Some(since) = since {
            section #changes {
                h2 { "Changes since " (since.name) " (" (since.changes.len()) ")" }
                @if since.changes.is_empty() { p { "No changes." } }
                @else { (super::table(crate::report::scan::DIFF_HEADER, &crate::report::scan::diff_rows(&since.changes))) }
            }
        }
        @if failed > 0 {
            section {
                h2 { "Failed sites (" (failed) ")" }
                ul { @for s in order.iter().filter(|s| s.error.is_some()) {
                    li { strong { (s.site) } ": " (s.error.as_deref().unwrap_or_default()) }
                } }
            }
        }
        @for s in &order {
            section.site id={ "site-" (s.position) } {
                hr;
                (PreEscaped(&s.section))
            }
        }
    };
    page(&format!("trackaudit scan: {} site(s)", sites.len()), &body)
}

fn row(s: &ScanSite) -> Markup {
    html! {
        tr {
            td { (s.position + 1) }
            td { a href={ "#site-" (s.position) } { (s.site) } }
            td { (s.vendors) }
            td { (s.undisclosed.len()) @if !s.undisclosed.is_empty() { span.mute { " (" (s.undisclosed.join(", ")) ")" } } }
            td { (s.contradicted) }
            td { @if let Some(e) = &s.error { "error: " (e) } @else { "ok" } }
        }
    }
}
