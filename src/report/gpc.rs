//! The Global Privacy Control section of an audit report (audits that include the `gpc` state): what the
//! site's `/.well-known/gpc.json` says, the privacy strings read, and the strings that ignore the signal.

use maud::{Markup, html};

use super::consent::state_words;
use super::{Style, md_cell, truncate};
use crate::model::{GpcReport, WellKnownGpc};

/// The support resource in words.
fn declared(w: &WellKnownGpc) -> String {
    match (w.gpc, &w.problem) {
        (Some(gpc), _) => {
            let updated = w.last_update.as_ref().map(|d| format!(", last updated {d}")).unwrap_or_default();
            format!("{} says \"gpc\": {gpc}{updated}", w.url)
        }
        (None, Some(p)) => format!("{}: {p}", w.url),
        (None, None) => w.url.clone(),
    }
}

fn opted(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    }
}

/// Lines for the terminal table.
pub fn table(g: &GpcReport, style: Style) -> String {
    let mut out = format!("\nGlobal Privacy Control: {}\n", truncate(&declared(&g.well_known), 200));
    for i in &g.issues {
        out.push_str(&format!(
            "  {} {} {} on {}: {}\n",
            style.red(i.kind.as_str()),
            i.string.source,
            truncate(&i.string.value, 80),
            i.string.page,
            truncate(&i.string.meaning, 160)
        ));
    }
    if !g.strings.is_empty() {
        out.push_str(&format!("  privacy strings read: {}\n", g.strings.len()));
    }
    out
}

/// The Markdown section.
pub fn markdown(g: &GpcReport) -> String {
    let mut out = format!("\n## Global Privacy Control\n\nSupport resource: {}\n", md_cell(&declared(&g.well_known)));
    if !g.issues.is_empty() {
        out.push_str("\n| Issue | Detail |\n|---|---|\n");
        for i in &g.issues {
            out.push_str(&format!("| {} | {} |\n", i.kind, md_cell(&i.detail)));
        }
    }
    if !g.strings.is_empty() {
        out.push_str("\n| State | Source | String | Opted out | Meaning | Page |\n|---|---|---|---|---|---|\n");
        for s in &g.strings {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                state_words(s.state),
                md_cell(&s.source),
                md_cell(&truncate(&s.value, 120)),
                opted(s.opted_out),
                md_cell(&s.meaning),
                md_cell(&s.page)
            ));
        }
    }
    out
}

/// The HTML section.
pub fn html(g: &GpcReport) -> Markup {
    html! {
        section {
            h2 { "Global Privacy Control" }
            p { "Support resource: " (declared(&g.well_known)) }
            @if !g.issues.is_empty() {
                ul { @for i in &g.issues { li { strong { (i.kind) } ": " (i.detail) } } }
            }
            @if !g.strings.is_empty() {
                table {
                    thead { tr { th { "State" } th { "Source" } th { "String" } th { "Opted out" } th { "Meaning" } th { "Page" } } }
                    tbody { @for s in &g.strings {
                        tr {
                            td { (state_words(s.state)) } td { (s.source) } td { code { (truncate(&s.value, 120)) } }
                            td { (opted(s.opted_out)) } td { (s.meaning) } td { (s.page) }
                        }
                    } }
                }
            }
        }
    }
}
