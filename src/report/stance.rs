//! The policy's stance on an observed behaviour (fingerprinting, session recording, form data sent before
//! submit), written the same way in every section that shows one.

use maud::{Markup, html};

use super::{Style, truncate};
use crate::model::PolicyStance;

/// In a few words, for Markdown cells: `undisclosed: the privacy policy never mentions fingerprinting`.
pub fn words(p: Option<&PolicyStance>) -> String {
    p.map(|p| format!("{}: {}", p.verdict, p.reason)).unwrap_or_default()
}

/// Indented lines for the terminal table: the verdict and reason, then the deciding sentence.
pub fn table(p: Option<&PolicyStance>, style: Style) -> String {
    let Some(p) = p else { return String::new() };
    let mut out = format!("      policy: {} ({})\n", style.bold(p.verdict.as_str()), truncate(&p.reason, 200));
    if let Some(q) = &p.quote {
        out.push_str(&format!("        “{}”\n", truncate(q, 200)));
    }
    out
}

/// A table cell's content for the HTML report.
pub fn html(p: Option<&PolicyStance>) -> Markup {
    html! {
        @if let Some(p) = p {
            strong { (p.verdict) } " " (p.reason)
            @if let Some(q) = &p.quote { blockquote { (q) } }
        }
    }
}
