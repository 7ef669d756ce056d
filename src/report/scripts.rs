//! A section of scripts that do something (fingerprint the browser, record the session): per script, what it
//! does, its vendor, where it ran, why, what shows it, and the policy's stance, in each human format.

use maud::{Markup, html};

use super::{Style, md_cell, truncate};
use crate::model::{ConsentState, PolicyStance};

/// The names a section uses.
pub(super) struct Section {
    /// The heading: `Fingerprinting`.
    pub title: &'static str,
    /// The first column, what the script does: `Kinds`.
    pub what: &'static str,
    /// The evidence column: `Calls`.
    pub evidence: &'static str,
}

/// One script's row.
pub(super) struct ScriptRow<'a> {
    /// What it does: `canvas webgl`, `known-recorder behaviour`.
    pub what: String,
    pub script: &'a str,
    pub vendor: Option<&'a str>,
    pub page: &'a str,
    pub consent: Option<ConsentState>,
    /// Why, sentences joined by `; `.
    pub detail: &'a str,
    pub evidence: &'a [String],
    pub policy: Option<&'a PolicyStance>,
}

impl ScriptRow<'_> {
    fn seen(&self) -> String {
        super::consent::seen_on(self.page, self.consent)
    }
}

/// Lines for the terminal table.
pub(super) fn table(s: &Section, rows: &[ScriptRow<'_>], style: Style) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", style.bold(&format!("{} ({})", s.title, rows.len())));
    for f in rows {
        let vendor = f.vendor.map(|v| format!(" ({v})")).unwrap_or_default();
        out.push_str(&format!("  {} {}{vendor} {}\n", style.red(&f.what), truncate(f.script, 120), f.seen()));
        for reason in f.detail.split("; ") {
            out.push_str(&format!("      {}\n", truncate(reason, 220)));
        }
        out.push_str(&super::stance::table(f.policy, style));
    }
    out
}

/// The Markdown section.
pub(super) fn markdown(s: &Section, rows: &[ScriptRow<'_>]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n## {}\n\n| {} | Script | Vendor | Seen | Why | {} | Policy |\n|---|---|---|---|---|---|---|\n",
        s.title, s.what, s.evidence
    );
    for f in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            f.what,
            md_cell(f.script),
            md_cell(f.vendor.unwrap_or("")),
            md_cell(&f.seen()),
            md_cell(f.detail),
            md_cell(&f.evidence.join("; ")),
            md_cell(&super::stance::words(f.policy))
        ));
    }
    out
}

/// The HTML section.
pub(super) fn html(s: &Section, rows: &[ScriptRow<'_>]) -> Markup {
    html! {
        @if !rows.is_empty() {
            section {
                h2 { (s.title) " (" (rows.len()) ")" }
                table {
                    thead { tr {
                        th { (s.what) } th { "Script" } th { "Vendor" } th { "Seen" } th { "Why" } th { (s.evidence) }
                        th { "Policy" }
                    } }
                    tbody { @for f in rows {
                        tr {
                            td { strong { (f.what) } } td { code { (f.script) } } td { (f.vendor.unwrap_or("")) }
                            td { (f.seen()) } td { (f.detail) }
                            td { ul { @for e in f.evidence { li { code { (e) } } } } }
                            td { (super::stance::html(f.policy)) }
                        }
                    } }
                }
            }
        }
    }
}
