//! Turning a policy document into the text the reader matches against.
//!
//! HTML: page chrome (navigation, header, footer, cookie banners, scripts) is removed, Readability
//! (dom_smoothie) picks the main content, and html2text renders it with tables kept one row per line.
//! Markdown: front matter, HTML comments, embedded HTML tags, link targets and bold markers are blanked out
//! with spaces, so that byte offsets still point into the original file.

use std::sync::LazyLock;

use dom_query::Document;
use regex::Regex;

/// Elements that are never policy text.
const NEVER_TEXT: &str = "script, style, noscript, template, svg, iframe, object, form, button, select, input, \
                          textarea, dialog, [hidden], [aria-hidden='true'], [style*='display:none'], \
                          [style*='display: none']";

/// Page chrome: removed unless it holds the main content.
const CHROME: &str = "nav, header, footer, aside, [role='navigation'], [role='banner'], [role='contentinfo'], \
                      [role='complementary'], [role='dialog'], [role='alertdialog']";

/// Words in an id or class that mark a cookie banner or consent dialog.
static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)cookie|consent|gdpr|\bcmp\b|onetrust|optanon|cookiebot|didomi|usercentrics|truste|termly|banner|popup|modal|overlay|newsletter|subscribe|share|social")
        .expect("static regex")
});

/// The readable main text of an HTML page.
pub fn html_to_text(html: &str, url: Option<&str>) -> String {
    // Nesting bounded first: a deep page would cost minutes in every pass below (see `markup`).
    let doc = Document::from(crate::markup::bound(html).html.as_ref());
    doc.select(NEVER_TEXT).remove();
    let total = visible_len(&doc.select("body").text());
    remove_chrome(&doc, total);
    let cleaned = doc.html().to_string();

    let readable = dom_smoothie::Readability::with_document(Document::from(cleaned.as_str()), url, None)
        .and_then(|mut r| r.parse())
        .ok()
        .map(|article| article.content.to_string());
    // Readability sometimes keeps only one section of a long policy; fall back to the cleaned page when it
    // dropped most of the text.
    let chosen = match readable {
        Some(content)
            if visible_len(&Document::from(content.as_str()).select("body").text()) * 10 >= total.max(1) * 6 =>
        {
            content
        }
        _ => cleaned,
    };
    render(&chosen)
}

/// Characters of visible text, ignoring whitespace.
fn visible_len(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Removes navigation, headers, footers and cookie banners, unless one holds most of the page's text (then
/// it is the content, e.g. `<div class="cookie-policy">`).
fn remove_chrome(doc: &Document, total: usize) {
    let main = doc.select("main, article, [role='main']");
    let has_main = main.exists();
    for node in doc.select(CHROME).nodes() {
        let inside_main = node.ancestors_it(None).any(|a| {
            a.node_name().is_some_and(|n| n.as_ref() == "main" || n.as_ref() == "article")
                || a.attr("role").is_some_and(|r| r.as_ref() == "main")
        });
        // A <header> inside the article is its title, not chrome.
        let is_inner_header = inside_main && node.node_name().is_some_and(|n| n.as_ref() == "header");
        if !is_inner_header && visible_len(&node.text()) * 2 < total.max(1) {
            node.remove_from_parent();
        }
    }
    for node in doc.select("div, section, aside, p, span, ul").nodes() {
        let marker = format!("{} {}", node.id_attr().unwrap_or_default(), node.class().unwrap_or_default());
        if marker.trim().is_empty() || !BANNER.is_match(&marker) {
            continue;
        }
        let contains_main =
            has_main && node.descendants_it().any(|d| d.node_name().is_some_and(|n| n.as_ref() == "main"));
        if !contains_main && visible_len(&node.text()) * 3 < total.max(1) {
            node.remove_from_parent();
        }
    }
}

/// Renders HTML to plain text: wide enough that table rows stay on one line, no link footnotes.
fn render(html: &str) -> String {
    let text = html2text::config::plain()
        .link_footnotes(false)
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), 400)
        .unwrap_or_default();
    text.replace('\u{a0}', " ")
}

static FRONT_MATTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\A\u{feff}?(---|\+\+\+)[ \t]*\r?\n.*?\r?\n(---|\+\+\+)[ \t]*(\r?\n|\z)").expect("static regex")
});
static MD_HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?s)<!--.*?(-->|\z)",                            // HTML comments
        r"|<(script|style)\b.*?(</(script|style)\s*>|\z)", // embedded code
        r"|</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>",        // other tags
        r"|\]\([^)\s]*(\s+[^)]*)?\)",                      // link targets: ](url "title")
        r"|(?m)^[ \t]*\[[^\]\n]+\]:[ \t]*\S+[^\n]*$",      // reference definitions
        r"|\*\*",                                          // bold markers
    ))
    .expect("static regex")
});

/// Markdown with everything that is not prose replaced by spaces (newlines kept), so offsets are preserved.
pub fn markdown_to_text(md: &str) -> String {
    let mut out = md.to_string();
    if let Some(m) = FRONT_MATTER.find(md) {
        blank(&mut out, m.start(), m.end());
    }
    let spans: Vec<(usize, usize)> = MD_HIDDEN.find_iter(&out).map(|m| (m.start(), m.end())).collect();
    for (start, end) in spans {
        // Keep the "]" of a link: only the "(url)" part goes.
        let start = if out.as_bytes()[start] == b']' && out[start..].starts_with("](") { start + 1 } else { start };
        blank(&mut out, start, end);
    }
    out
}

/// Replaces `s[start..end]` by spaces, keeping newlines and the byte length.
fn blank(s: &mut String, start: usize, end: usize) {
    let replaced: String = s[start..end]
        .chars()
        .flat_map(|c| {
            let n = c.len_utf8();
            let fill = if c == '\n' || c == '\r' { c } else { ' ' };
            std::iter::repeat_n(fill, if fill == ' ' { n } else { 1 })
        })
        .collect();
    s.replace_range(start..end, &replaced);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_blanking_keeps_offsets() {
        let md = "---\ntitle: x\n---\n<!-- <script src=\"https://app.termly.io/x.js\"></script> -->\nSee [Stripe](https://stripe.com/privacy) and **Google Analytics**.\n";
        let text = markdown_to_text(md);
        assert_eq!(text.len(), md.len());
        assert!(!text.contains("termly"));
        assert!(!text.contains("title"));
        assert!(!text.contains("stripe.com"));
        assert!(text.contains("[Stripe]"));
        assert!(text.contains("  Google Analytics  ."));
        assert_eq!(text.find("Google Analytics"), md.find("Google Analytics"));
    }

    #[test]
    fn html_drops_chrome_and_banners() {
        let html = r#"<html><body><header><nav><a href="/">Home</a> Hosted on Netlify</nav></header>
            <div id="cookie-banner">We use Hotjar cookies. <button>Accept</button></div>
            <main><article><h1>Privacy Policy</h1>
            <p>We use Google Analytics to understand how visitors use the site. It sets cookies.</p>
            <p>Payments are processed by Stripe, which receives your card details directly.</p>
            <script>gtag('config','G-ABC1234567')</script></article></main>
            <footer>Follow us on Instagram. © 2026</footer></body></html>"#;
        let text = html_to_text(html, None);
        assert!(text.contains("Google Analytics"), "{text}");
        assert!(text.contains("Stripe"), "{text}");
        for absent in ["Netlify", "Hotjar", "Instagram", "gtag", "Accept"] {
            assert!(!text.contains(absent), "{absent} leaked into: {text}");
        }
    }
}
