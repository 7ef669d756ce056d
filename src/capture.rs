//! What a page loads, read from its HTML: scripts, iframes, images and pixels (also inside `<noscript>`),
//! stylesheets and fonts, resource hints, inline scripts, and links.
//!
//! Only what a browser would load counts as a resource. HTML comments, `<template>` contents, JSON-LD and
//! other non-script `<script>` types are not code; hints (`dns-prefetch`, `preconnect`, `preload`) are kept
//! apart; anchors are links, never resources.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use url::Url;

use crate::model::EvidenceKind;

/// Something the page loads (or hints at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resource {
    /// Script, iframe, img, pixel, stylesheet, font or hint.
    pub kind: EvidenceKind,
    /// Absolute URL.
    pub url: Url,
    /// The element, briefly: `<script async>`, `<img 1x1>`, `<link rel=dns-prefetch>`.
    pub detail: String,
}

/// An anchor on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// Absolute URL, without fragment.
    pub url: Url,
    /// The link text (or `title`/`aria-label`), whitespace collapsed.
    pub text: String,
    /// Whether it sits in the page footer.
    pub in_footer: bool,
}

/// An inline script: its code, and the URLs its string literals build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InlineScript {
    /// The code.
    pub code: String,
    /// Absolute http(s) URLs written in the code (`'https://www.googletagmanager.com/gtm.js?id='+i`).
    pub urls: Vec<Url>,
}

/// Everything captured from one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageCapture {
    /// Loaded resources and hints, in document order.
    pub resources: Vec<Resource>,
    /// Inline JavaScript.
    pub inline_scripts: Vec<InlineScript>,
    /// Anchors, in document order.
    pub links: Vec<Link>,
    /// The page's `<html lang>`.
    pub lang: Option<String>,
}

macro_rules! selector {
    ($s:expr) => {{
        static S: LazyLock<Selector> = LazyLock::new(|| Selector::parse($s).expect("static selector"));
        &*S
    }};
}

/// Script types that a browser runs.
fn is_js_type(t: Option<&str>) -> bool {
    match t.map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => {
            t.is_empty()
                || t == "module"
                || t.contains("javascript")
                || t.contains("ecmascript")
                || t == "text/jscript"
                || t == "text/livescript"
        }
    }
}

/// Script types consent managers use to hold a script back until consent (`type="text/plain"`).
fn is_consent_gated(el: &scraper::node::Element) -> bool {
    el.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("text/plain"))
        && el.attrs().any(|(k, _)| {
            k.starts_with("data-cookie")
                || k.starts_with("data-consent")
                || k == "data-category"
                || k.starts_with("data-usercentrics")
                || k == "data-src"
        })
}

/// Whether an element is inside a `<template>` (inert content a browser never loads).
fn in_template(el: &ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "template")
}

fn in_footer(el: &ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        v.name() == "footer"
            || v.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("contentinfo"))
            || v.id().is_some_and(|id| id.to_ascii_lowercase().contains("footer"))
            || v.classes().any(|c| c.to_ascii_lowercase().contains("footer"))
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// URLs written as string literals in JavaScript: absolute or protocol-relative.
static JS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["'`]((?:https?:)?//[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+(?::\d+)?(?:/[^"'`\s<>\\]*)?)"#)
        .expect("static regex")
});

/// Resolves an attribute URL against the page; only http(s) URLs count.
fn resolve(base: &Url, raw: &str) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with('#') || raw.starts_with("data:") || raw.starts_with("javascript:") {
        return None;
    }
    let mut url = base.join(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "file") {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

fn first_srcset(srcset: &str) -> Option<&str> {
    srcset.split(',').next()?.split_whitespace().next()
}

/// Whether an `<img>` is a tracking pixel: 1×1 or smaller, or hidden.
fn is_pixel(el: &scraper::node::Element) -> bool {
    let tiny = |a: &str| el.attr(a).map(|v| v.trim().trim_end_matches("px")).is_some_and(|v| v == "0" || v == "1");
    let hidden = el.attr("style").is_some_and(|s| s.replace(' ', "").contains("display:none"));
    (tiny("width") && tiny("height")) || hidden
}

/// Captures what `html` at `page` loads.
#[cfg(test)]
pub(crate) fn capture(html: &str, page: &Url) -> PageCapture {
    capture_document(&crate::markup::parse(html), page)
}

/// As [`capture`], from a document already parsed (so that other readers of the page need not parse it again).
pub(crate) fn capture_document(doc: &Html, page: &Url) -> PageCapture {
    let mut out = PageCapture { lang: None, ..PageCapture::default() };
    let base = doc
        .select(selector!("base[href]"))
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page.join(h).ok())
        .unwrap_or_else(|| page.clone());
    out.lang = doc.select(selector!("html[lang]")).next().and_then(|h| h.value().attr("lang")).map(str::to_string);
    collect(doc, &base, false, &mut out);
    // With scripting on (as in browsers), <noscript> holds raw text: parse it to see its fallback pixels.
    for ns in doc.select(selector!("noscript")) {
        if in_template(&ns) {
            continue;
        }
        let inner: String = ns.text().collect();
        if inner.contains('<') {
            let fragment = Html::parse_fragment(&crate::markup::bound(&inner).html);
            collect(&fragment, &base, true, &mut out);
        }
    }
    out
}

fn collect(doc: &Html, base: &Url, in_noscript: bool, out: &mut PageCapture) {
    let sel =
        selector!("script, iframe[src], img, link[href], a[href], embed[src], video[src], audio[src], source[src]");
    for el in doc.select(sel) {
        if in_template(&el) {
            continue;
        }
        let v = el.value();
        let inside_noscript =
            in_noscript || el.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "noscript");
        let mut push = |kind: EvidenceKind, raw: &str, detail: String| {
            if let Some(url) = resolve(base, raw) {
                out.resources.push(Resource { kind, url, detail });
            }
        };
        match v.name() {
            "script" => {
                let src = v.attr("src");
                if is_js_type(v.attr("type")) {
                    if let Some(src) = src {
                        let flags: Vec<&str> = ["async", "defer"].into_iter().filter(|a| v.attr(a).is_some()).collect();
                        let detail = if flags.is_empty() {
                            "<script>".to_string()
                        } else {
                            format!("<script {}>", flags.join(" "))
                        };
                        push(EvidenceKind::Script, src, detail);
                    } else {
                        let code: String = el.text().collect();
                        if !code.trim().is_empty() {
                            let urls = JS_URL
                                .captures_iter(&code)
                                .filter_map(|c| {
                                    let raw = &c[1];
                                    let raw =
                                        if raw.starts_with("//") { format!("https:{raw}") } else { raw.to_string() };
                                    Url::parse(&raw).ok()
                                })
                                .collect();
                            out.inline_scripts.push(InlineScript { code, urls });
                        }
                    }
                } else if let Some(src) = src.or_else(|| v.attr("data-src")).filter(|_| is_consent_gated(v)) {
                    push(EvidenceKind::Script, src, "<script type=text/plain> held back until consent".into());
                }
            }
            "iframe" => push(EvidenceKind::Iframe, v.attr("src").unwrap_or_default(), "<iframe>".into()),
            "img" => {
                let src =
                    v.attr("src").or_else(|| v.attr("srcset").and_then(first_srcset)).or_else(|| v.attr("data-src"));
                if let Some(src) = src {
                    if inside_noscript || is_pixel(v) {
                        let why = if inside_noscript { "<noscript><img>" } else { "<img> 1x1" };
                        push(EvidenceKind::Pixel, src, why.into());
                    } else {
                        push(EvidenceKind::Img, src, "<img>".into());
                    }
                }
            }
            "embed" | "video" | "audio" | "source" => {
                push(EvidenceKind::Iframe, v.attr("src").unwrap_or_default(), format!("<{}>", v.name()));
            }
            "link" => {
                let rel = v.attr("rel").unwrap_or_default().to_ascii_lowercase();
                let rels: Vec<&str> = rel.split_whitespace().collect();
                let href = v.attr("href").unwrap_or_default();
                if rels.contains(&"stylesheet") {
                    push(EvidenceKind::Stylesheet, href, "<link rel=stylesheet>".into());
                } else if let Some(hint) = rels.iter().find(|r| {
                    matches!(
                        **r,
                        "dns-prefetch" | "preconnect" | "prefetch" | "preload" | "modulepreload" | "prerender"
                    )
                }) {
                    let as_ = v.attr("as").map(|a| format!(" as={a}")).unwrap_or_default();
                    push(EvidenceKind::Hint, href, format!("<link rel={hint}{as_}>"));
                }
            }
            "a" => {
                if let Some(url) = resolve(base, v.attr("href").unwrap_or_default()) {
                    let mut text = collapse(&el.text().collect::<String>());
                    if text.is_empty() {
                        text = v.attr("title").or_else(|| v.attr("aria-label")).map(collapse).unwrap_or_default();
                    }
                    out.links.push(Link { url, text, in_footer: in_footer(&el) });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://www.shop.test/products/").unwrap()
    }

    #[test]
    fn captures_resources_and_skips_lookalikes() {
        let html = r#"<!doctype html><html lang="de"><head>
            <link rel="dns-prefetch" href="//www.google-analytics.com">
            <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">
            <script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123XYZ9"></script>
            <script>window.dataLayer=[];gtag('config','G-ABC123XYZ9');</script>
            <script type="application/ld+json">{"sameAs":["https://www.facebook.com/shop"]}</script>
            <!-- <script src="https://connect.facebook.net/en_US/fbevents.js"></script> -->
            <script type="text/plain" data-cookieconsent="marketing" src="https://static.hotjar.com/c/hotjar-1.js"></script>
            </head><body>
            <template><img src="https://px.ads.test/t.gif"></template>
            <noscript><img height="1" width="1" src="https://www.facebook.com/tr?id=123456789012345&ev=PageView"/></noscript>
            <img src="/logo.png"><img src="https://bat.bing.com/action/0?ti=1" width="1" height="1">
            <iframe src="https://www.youtube.com/embed/abc"></iframe>
            <a href="https://www.facebook.com/shop">Facebook</a>
            <footer><a href="/privacy#top">Privacy Policy</a></footer>
            </body></html>"#;
        let c = capture(html, &page());
        let kinds: Vec<(EvidenceKind, &str)> =
            c.resources.iter().map(|r| (r.kind, r.url.host_str().unwrap())).collect();
        assert!(kinds.contains(&(EvidenceKind::Hint, "www.google-analytics.com")));
        assert!(kinds.contains(&(EvidenceKind::Stylesheet, "fonts.googleapis.com")));
        assert!(kinds.contains(&(EvidenceKind::Script, "www.googletagmanager.com")));
        assert!(kinds.contains(&(EvidenceKind::Script, "static.hotjar.com")), "consent-gated scripts still count");
        assert!(kinds.contains(&(EvidenceKind::Pixel, "www.facebook.com")), "noscript pixel: {kinds:?}");
        assert!(kinds.contains(&(EvidenceKind::Pixel, "bat.bing.com")));
        assert!(kinds.contains(&(EvidenceKind::Img, "www.shop.test")));
        assert!(kinds.contains(&(EvidenceKind::Iframe, "www.youtube.com")));
        assert!(!kinds.iter().any(|(_, h)| *h == "connect.facebook.net"), "commented-out code is not loaded");
        assert!(!kinds.iter().any(|(_, h)| *h == "px.ads.test"), "template content is inert");
        assert_eq!(c.inline_scripts.len(), 1, "JSON-LD is not code");
        assert_eq!(c.lang.as_deref(), Some("de"));
        let privacy = c.links.iter().find(|l| l.text == "Privacy Policy").unwrap();
        assert!(privacy.in_footer);
        assert_eq!(privacy.url.as_str(), "https://www.shop.test/privacy");
        assert!(!c.links.iter().find(|l| l.text == "Facebook").unwrap().in_footer);
    }

    #[test]
    fn inline_loaders_yield_their_urls() {
        let html = r#"<script>(function(w,d,s,l,i){var f=d.getElementsByTagName(s)[0],j=d.createElement(s);
            j.src='https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);
            })(window,document,'script','dataLayer','GTM-K9X2ZQ');
            var img = "//px.tracker.test/p.gif?x=1";</script>"#;
        let c = capture(html, &page());
        let urls: Vec<String> = c.inline_scripts[0].urls.iter().map(Url::to_string).collect();
        assert_eq!(urls, ["https://www.googletagmanager.com/gtm.js?id=", "https://px.tracker.test/p.gif?x=1"]);
    }
}
