//! HTML reports: one self-contained file each (inline CSS and SVG, no external request), escaped by the
//! template engine, readable on a phone and printable. One small inline script of ours (allowed by its hash,
//! nothing else may run) sorts and filters tables; the page reads the same without it. [`audit`] is the full audit report; [`page_table`]
//! renders any tabular report (policy, vendors, diffs, history) the same way, and [`scan`] a whole scan.

pub mod audit;
mod charts;
pub mod scan;

use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The style sheet every report inlines.
const STYLE: &str = include_str!("style.css");

/// The script every report inlines: table sorting and filtering, folded sections opened for printing.
const SCRIPT: &str = include_str!("script.js");

/// The page's content policy: nothing loads; only our script (by its SHA-256) runs.
static CSP: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    format!("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'")
});

/// A complete page: `title`, then `body`.
pub(super) fn page(title: &str, body: &Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // Nothing may load (no network, no frames), and no script runs but ours.
                meta http-equiv="Content-Security-Policy" content=(*CSP);
                meta name="generator" content={ "trackaudit " (env!("CARGO_PKG_VERSION")) };
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) script { (PreEscaped(SCRIPT)) } }
        }
    }
    .into_string()
}

/// A page holding one table: `title`, then `header` and `rows`.
pub fn page_table(title: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    page(
        title,
        &html! {
            h1 { (title) }
            p.mute { (rows.len()) " row(s)" }
            (table(header, rows))
        },
    )
}

/// A table of text cells.
pub(super) fn table(header: &[&str], rows: &[Vec<String>]) -> Markup {
    html! {
        table {
            thead { tr { @for h in header { th scope="col" { (h) } } } }
            tbody {
                @for row in rows {
                    tr { @for cell in row { td { (cell) } } }
                }
            }
        }
    }
}

/// `quote` with each (case-insensitive) occurrence of `term` marked.
pub(super) fn highlight(quote: &str, term: &str) -> Markup {
    let lower = quote.to_lowercase();
    let needle = term.to_lowercase();
    // Lower-casing can change byte lengths; mark only when offsets carry over.
    if needle.is_empty() || lower.len() != quote.len() {
        return html! { (quote) };
    }
    let mut parts = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(&needle).map(|i| i + at) {
        parts.push((&quote[at..i], false));
        parts.push((&quote[i..i + needle.len()], true));
        at = i + needle.len();
    }
    parts.push((&quote[at..], false));
    html! { @for (text, marked) in parts { @if marked { mark { (text) } } @else { (text) } } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_escape_cells_and_the_page_loads_nothing() {
        let out = page_table("Vendors <x>", &["name"], &[vec!["</style><script>alert(1)</script>".into()]]);
        assert!(out.contains("&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "{out}");
        // One script element, ours (nothing of the cell), and nothing that loads or links.
        assert_eq!(out.matches("<script").count(), 1, "{out}");
        assert!(out.contains(&format!("<script>{SCRIPT}</script>")), "{out}");
        assert!(!out.contains("src=") && !out.contains("href="), "{out}");
        assert!(out.contains("<title>Vendors &lt;x&gt;</title>"));
        assert!(out.contains("default-src 'none'"));
    }

    #[test]
    fn highlight_marks_every_match_and_escapes_the_rest() {
        let m = highlight("We use Hotjar <b>and</b> hotjar.", "Hotjar").into_string();
        assert_eq!(m, "We use <mark>Hotjar</mark> &lt;b&gt;and&lt;/b&gt; <mark>hotjar</mark>.");
        assert_eq!(highlight("İstanbul Hotjar", "hotjar").into_string(), "İstanbul Hotjar", "offsets changed");
    }
}
