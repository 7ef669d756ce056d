//! A cheap pass over HTML, before any parser sees it, that bounds how deep its elements nest.
//!
//! An HTML tree builder checks the stack of open elements for each new tag, so a page of 200,000 nested
//! `<div>`s costs time quadratic in its depth (minutes, for one page). This pass counts the depth of the
//! elements that nest (not void elements, not elements whose end tag is optional such as `<p>` or `<li>`,
//! which the parser closes by itself) and drops the tags that would open or close an element deeper than
//! [`MAX_DEPTH`], which Chromium's parser also caps its tree at. Text, comments, `<script>`, `<style>`,
//! `<iframe>` and the other raw-text elements, links and void elements (`<img>`, `<link>`) are kept, so a tag
//! at the bottom of a deep page is still seen; only the structure beyond the cap is flattened. The pass is
//! linear in the page's length.

use std::borrow::Cow;

/// The deepest element kept (Chromium's HTML parser limit).
pub(crate) const MAX_DEPTH: usize = 512;

/// A page after the pass.
#[derive(Debug)]
pub(crate) struct Bounded<'a> {
    /// The HTML, unchanged when it nests no deeper than the cap.
    pub html: Cow<'a, str>,
    /// The deepest nesting counted.
    pub depth: usize,
    /// Tags dropped.
    pub dropped: usize,
}

impl Bounded<'_> {
    /// A sentence for the page's warnings when the pass changed the page.
    pub(crate) fn warning(&self) -> Option<String> {
        (self.dropped > 0).then(|| {
            format!(
                "markup nested deeper than {MAX_DEPTH} levels ({} counted): {} deeper tags were dropped before \
                 parsing, their text, scripts and links kept",
                self.depth, self.dropped
            )
        })
    }
}

/// Elements without content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track",
    "wbr",
];
/// Elements whose end tag may be left out (the parser closes them) and `<a>` (a new one closes the last).
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "rp", "rt",
    "caption", "a", "html", "head", "body",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// Bounds the nesting of `html` to [`MAX_DEPTH`].
pub(crate) fn bound(html: &str) -> Bounded<'_> {
    bound_to(html, MAX_DEPTH)
}

/// Parses `html` as a document, its nesting bounded first.
pub(crate) fn parse(html: &str) -> scraper::Html {
    scraper::Html::parse_document(&bound(html).html)
}

/// Bounds the nesting of `html` to `max` (see the module's description).
pub(crate) fn bound_to(html: &str, max: usize) -> Bounded<'_> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    // Tags to drop, as byte ranges, in order; the page is copied only if there are any.
    let mut drops: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            i = memchr(b'>', rest).map_or(bytes.len(), |e| lt + 1 + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let self_closed = end >= 2 && bytes[end - 2] == b'/';
        let counted = !VOID.contains(&name.as_str()) && !SELF_CLOSING.contains(&name.as_str());
        if closing {
            if counted && depth > 0 {
                if depth > max {
                    drops.push((lt, end));
                }
                depth -= 1;
            }
            i = end;
        } else if RAW_TEXT.contains(&name.as_str()) {
            // Kept whatever the depth, with its content up to its end tag.
            i = if self_closed { end } else { raw_text_end(html, end, &name) };
        } else {
            if counted && !self_closed {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > max {
                    drops.push((lt, end));
                }
            }
            i = end;
        }
    }
    if drops.is_empty() {
        return Bounded { html: Cow::Borrowed(html), depth: deepest, dropped: 0 };
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for &(s, e) in &drops {
        out.push_str(&html[at..s]);
        at = e;
    }
    out.push_str(&html[at..]);
    Bounded { html: Cow::Owned(out), depth: deepest, dropped: drops.len() }
}

/// The byte after the `>` that ends a tag whose name ends at `from`, skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    bytes.len()
}

/// The byte after the end tag `</name…>` of a raw-text element whose content starts at `from`.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(off) = find(bytes, i, b"</") {
        let n = off + 2;
        if bytes.len() >= n + name.len() && bytes[n..n + name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return tag_end(bytes, n + name.len());
        }
        i = off + 2;
    }
    bytes.len()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// The offset of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while let Some(off) = bytes.get(i..).and_then(|h| memchr(first, h)) {
        let at = i + off;
        if bytes[at..].starts_with(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(n: usize) -> String {
        format!(
            "<html><body>{}<p>bottom</p><script src=\"https://www.googletagmanager.com/gtag/js?id=G-X\"></script>{}</body></html>",
            "<div class=\"x\">".repeat(n),
            "</div>".repeat(n)
        )
    }

    #[test]
    fn shallow_pages_are_unchanged() {
        let page = "<!doctype html><html><body><div><p>a<p>b<ul><li>x<li>y</ul><img src=a.gif><br/></div>\
                    <!-- <div><div> --><script>if (a < b) { '<div>' }</script></body></html>";
        let b = bound_to(page, 3);
        assert!(matches!(b.html, Cow::Borrowed(_)), "{b:?}");
        assert_eq!((b.depth, b.dropped), (2, 0));
        assert!(b.warning().is_none());
    }

    #[test]
    fn deep_pages_keep_text_and_scripts_and_lose_only_deep_tags() {
        let page = deep(5_000);
        let b = bound(&page);
        assert_eq!(b.depth, 5_000);
        assert_eq!(b.dropped, 2 * (5_000 - MAX_DEPTH));
        assert!(
            b.html.contains("<p>bottom</p><script src=\"https://www.googletagmanager.com/gtag/js?id=G-X\"></script>")
        );
        assert_eq!(b.html.matches("<div").count(), MAX_DEPTH);
        assert_eq!(b.html.matches("</div>").count(), MAX_DEPTH);
        assert!(b.warning().unwrap().contains("nested deeper than 512 levels (5000 counted)"));
    }

    #[test]
    fn a_very_deep_page_parses_into_a_bounded_tree() {
        let page = deep(200_000);
        let b = bound(&page);
        let doc = scraper::Html::parse_document(&b.html);
        let sel = scraper::Selector::parse("script").unwrap();
        let script = doc.select(&sel).next().expect("the script at the bottom is kept");
        assert!(script.value().attr("src").unwrap().contains("gtag/js?id=G-X"));
        assert!(script.ancestors().count() <= MAX_DEPTH + 4, "{}", script.ancestors().count());
    }

    #[test]
    fn quoted_brackets_and_odd_tags() {
        let page = "<div title=\"a > b\"><div data-x='<div>'>t</div></div>< notatag <3 </div>";
        let b = bound_to(page, 1);
        assert_eq!(b.depth, 2);
        assert_eq!(b.html, "<div title=\"a > b\">t</div>< notatag <3 </div>");
    }
}
