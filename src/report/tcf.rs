//! The IAB TCF section of an audit report (browser engine): the Global Vendor List used, the TC strings
//! read in each state (CMP, purposes and vendors consented), and what is wrong with them.

use maud::{Markup, html};

use super::consent::state_words;
use super::{Style, md_cell, truncate};
use crate::model::{TcfReport, TcfStringRead};

/// What a string records, in a few words.
fn consents(s: &TcfStringRead) -> String {
    if let Some(p) = &s.problem {
        return format!("not decoded: {p}");
    }
    let list = |v: &[u8]| v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    format!(
        "CMP {}; purposes consented: {}; legitimate interest: {}; {} vendors consented, {} by legitimate interest",
        s.cmp_id.map_or_else(|| "?".into(), |c| c.to_string()),
        if s.purposes_consent.is_empty() { "none".into() } else { list(&s.purposes_consent) },
        if s.purposes_legitimate_interest.is_empty() { "none".into() } else { list(&s.purposes_legitimate_interest) },
        s.vendor_consents.len(),
        s.vendor_legitimate_interests.len()
    )
}

/// The list used, in words.
fn list_used(t: &TcfReport) -> String {
    match &t.gvl {
        Some(g) => format!(
            "Global Vendor List version {} ({} vendors; {} vendors of the database matched to them)",
            g.vendor_list_version, g.vendors, g.matched
        ),
        None => "no Global Vendor List given (--gvl): vendors are not matched to TCF ids".into(),
    }
}

/// Lines for the terminal table.
pub fn table(t: &TcfReport, style: Style) -> String {
    let mut out = format!("\nIAB TCF: {}\n", list_used(t));
    for s in &t.strings {
        out.push_str(&format!("  {} {}: {}\n", state_words(s.state), s.source, truncate(&consents(s), 200)));
    }
    for i in &t.issues {
        out.push_str(&format!("  {} {}\n", style.red(i.kind.as_str()), truncate(&i.detail, 240)));
    }
    out
}

/// The Markdown section.
pub fn markdown(t: &TcfReport) -> String {
    let mut out = format!("\n## IAB TCF\n\n{}\n", list_used(t));
    if !t.issues.is_empty() {
        out.push_str("\n| Issue | State | Vendor | Why |\n|---|---|---|---|\n");
        for i in &t.issues {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                i.kind,
                state_words(i.state),
                md_cell(i.vendor.as_ref().map_or("", |v| v.name.as_str())),
                md_cell(&i.detail)
            ));
        }
    }
    if !t.strings.is_empty() {
        out.push_str("\n| State | Source | String | Consents | Page |\n|---|---|---|---|---|\n");
        for s in &t.strings {
            out.push_str(&format!(
                "| {} | {} | `{}` | {} | {} |\n",
                state_words(s.state),
                md_cell(&s.source),
                md_cell(&truncate(&s.value, 80)),
                md_cell(&consents(s)),
                md_cell(&s.page)
            ));
        }
    }
    out
}

/// The HTML section.
pub fn html(t: &TcfReport) -> Markup {
    html! {
        section {
            h2 { "IAB TCF" }
            p { (list_used(t)) }
            @if !t.issues.is_empty() {
                ul { @for i in &t.issues {
                    li { strong { (i.kind) } " (" (state_words(i.state)) "): " (i.detail) }
                } }
            }
            @if !t.strings.is_empty() {
                table {
                    thead { tr { th { "State" } th { "Source" } th { "String" } th { "Consents" } th { "Page" } } }
                    tbody { @for s in &t.strings {
                        tr {
                            td { (state_words(s.state)) } td { (s.source) } td { code { (truncate(&s.value, 120)) } }
                            td { (consents(s)) } td { (s.page) }
                        }
                    } }
                }
            }
        }
    }
}
