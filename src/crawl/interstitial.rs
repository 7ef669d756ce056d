//! Bot challenges and login walls: a page served instead of the one asked for. The signatures are data
//! (`interstitials.toml`); this module only applies them. A page that matches is recorded as such and is not
//! audited as content.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use scraper::{ElementRef, Html, Selector};
use serde::Deserialize;
use url::Url;

use super::Fetched;
use crate::model::{Interstitial, InterstitialKind};

/// What the built-in `interstitials.toml` holds.
const BUILTIN: &str = include_str!("../../interstitials.toml");

/// The file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    challenge: Vec<Challenge>,
    login: Login,
}

/// One `[[challenge]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Challenge {
    #[allow(dead_code)]
    id: String,
    name: String,
    #[serde(default = "bot_challenge")]
    kind: InterstitialKind,
    headers: Vec<String>,
    strong: Vec<String>,
    weak: Vec<String>,
    statuses: Vec<u16>,
    max_words: usize,
    #[serde(default)]
    only_statuses: Vec<u16>,
}

fn bot_challenge() -> InterstitialKind {
    InterstitialKind::BotChallenge
}

/// `[login]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Login {
    paths: Vec<String>,
    hosts: Vec<String>,
    return_params: Vec<String>,
    max_words: usize,
}

/// Why an `interstitials.toml` was refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SignaturesError {
    /// Not valid TOML, or not the expected tables.
    #[error("interstitials.toml: {0}")]
    Toml(#[from] toml::de::Error),
    /// A challenge lists an empty marker, which would match every page.
    #[error("interstitials.toml: challenge {0}: an empty marker")]
    EmptyMarker(String),
    /// The markers could not be compiled.
    #[error("interstitials.toml: the markers cannot be compiled: {0}")]
    Markers(#[from] aho_corasick::BuildError),
}

/// The signatures, with every marker in one automaton so that a page is scanned once.
#[derive(Debug)]
pub(crate) struct Signatures {
    challenges: Vec<Challenge>,
    login: Login,
    markers: AhoCorasick,
    /// Per pattern of `markers`: the challenge it belongs to, whether it is strong, and the marker.
    owners: Vec<(usize, bool, String)>,
}

static BUILTIN_SIGNATURES: LazyLock<Signatures> =
    LazyLock::new(|| Signatures::parse(BUILTIN).expect("the built-in interstitials.toml is valid"));

impl Signatures {
    /// The built-in signatures.
    pub(crate) fn builtin() -> &'static Signatures {
        &BUILTIN_SIGNATURES
    }

    /// Parses an `interstitials.toml`.
    pub(crate) fn parse(text: &str) -> Result<Signatures, SignaturesError> {
        let file: File = toml::from_str(text)?;
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (i, c) in file.challenge.iter().enumerate() {
            for (list, strong) in [(&c.strong, true), (&c.weak, false)] {
                for m in list {
                    if m.is_empty() {
                        return Err(SignaturesError::EmptyMarker(c.id.clone()));
                    }
                    patterns.push(m.to_ascii_lowercase());
                    owners.push((i, strong, m.clone()));
                }
            }
        }
        // Matched against the lowercased page: a case-sensitive leftmost search keeps aho-corasick's SIMD
        // prefilter, about four times faster on ordinary pages than a case-insensitive overlapping one.
        let markers = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&patterns)?;
        Ok(Signatures { challenges: file.challenge, login: file.login, markers, owners })
    }

    /// The interstitial `fetched` is, if any. `requested` is the URL asked for; login walls are looked for
    /// on the start page (`depth` 0) only.
    pub(crate) fn detect(&self, requested: &Url, fetched: &Fetched, depth: usize) -> Option<Interstitial> {
        let textual = fetched.content_type.as_deref().is_none_or(|ct| {
            let ct = ct.to_ascii_lowercase();
            ct.contains("html") || ct.starts_with("text/") || ct.contains("xml")
        });
        let body = if textual { fetched.body.as_slice() } else { &[] };
        let lower = body.to_ascii_lowercase();
        self.challenge(fetched, body, &lower)
            .or_else(|| if depth == 0 { self.login_wall(requested, fetched, body, &lower) } else { None })
    }

    fn challenge(&self, fetched: &Fetched, body: &[u8], lower: &[u8]) -> Option<Interstitial> {
        let status = fetched.status;
        let mut found: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); self.challenges.len()];
        if !lower.is_empty() {
            for m in self.markers.find_iter(lower) {
                let p = m.pattern().as_usize();
                found[self.owners[p].0].insert(p);
            }
        }
        let mut words: Option<usize> = None;
        for (i, c) in self.challenges.iter().enumerate() {
            if !c.only_statuses.is_empty() && !c.only_statuses.contains(&status) {
                continue;
            }
            let mut evidence = vec![format!("HTTP {status}")];
            for h in &c.headers {
                let (name, want) = h.split_once(':').unwrap_or((h, ""));
                let (name, want) = (name.trim(), want.trim().to_ascii_lowercase());
                if let Some((n, v)) = fetched
                    .headers
                    .iter()
                    .find(|(n, v)| n.eq_ignore_ascii_case(name) && v.to_ascii_lowercase().contains(&want))
                {
                    evidence.push(format!("header {n}: {}", clip(v)));
                }
            }
            let marker = |p: &usize| format!("marker {:?}", self.owners[*p].2);
            let strong: Vec<String> = found[i].iter().filter(|p| self.owners[**p].1).map(marker).collect();
            let weak: Vec<String> = found[i].iter().filter(|p| !self.owners[**p].1).map(marker).collect();
            if evidence.len() > 1 || !strong.is_empty() {
                evidence.extend(strong);
                evidence.extend(weak);
                return Some(Interstitial { kind: c.kind, by: c.name.clone(), evidence });
            }
            if weak.is_empty() {
                continue;
            }
            let refusal = c.statuses.contains(&status);
            if !refusal && c.max_words > 0 {
                let n = *words.get_or_insert_with(|| visible_words(&crate::markup::parse(&lossy(body)), false));
                if n < c.max_words {
                    evidence.extend(weak);
                    evidence.push(format!("{n} words of text"));
                    return Some(Interstitial { kind: c.kind, by: c.name.clone(), evidence });
                }
            } else if refusal {
                evidence.extend(weak);
                return Some(Interstitial { kind: c.kind, by: c.name.clone(), evidence });
            }
        }
        None
    }

    fn login_wall(&self, requested: &Url, fetched: &Fetched, body: &[u8], lower: &[u8]) -> Option<Interstitial> {
        // A sign-in page asked for on purpose is audited as it is.
        if self.is_login_url(requested) {
            return None;
        }
        let wall = |by: &str, evidence: Vec<String>| {
            Some(Interstitial { kind: InterstitialKind::LoginWall, by: by.into(), evidence })
        };
        let mut moved = fetched.url.clone();
        moved.set_fragment(None);
        if moved != *requested && self.is_login_url(&moved) {
            let mut evidence = vec![format!("redirected to {}", clip(moved.as_str()))];
            let back: Vec<String> = moved
                .query_pairs()
                .filter(|(k, _)| self.login.return_params.iter().any(|p| p.eq_ignore_ascii_case(k)))
                .map(|(k, v)| format!("{k}={}", clip(&v)))
                .collect();
            if !back.is_empty() {
                evidence.push(format!("return parameter {}", back.join(", ")));
            }
            return wall("sign-in redirect", evidence);
        }
        if !(200..300).contains(&fetched.status) || !lower.windows(8).any(|w| w == b"password") {
            return None;
        }
        let doc = crate::markup::parse(&lossy(body));
        static INPUT: LazyLock<Selector> = LazyLock::new(|| Selector::parse("input").expect("static selector"));
        let field = doc
            .select(&INPUT)
            .find(|i| i.value().attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("password")))?;
        let words = visible_words(&doc, true);
        if words >= self.login.max_words {
            return None;
        }
        let name = field.value().attr("name").or_else(|| field.value().attr("id")).unwrap_or("");
        let field = if name.is_empty() {
            "<input type=password>".to_string()
        } else {
            format!("<input type=password name={:?}>", clip(name))
        };
        wall(
            "password form",
            vec![format!("HTTP {}", fetched.status), field, format!("{words} words of text outside forms")],
        )
    }

    /// Whether a URL is a sign-in page's: its host or a path segment says so.
    fn is_login_url(&self, url: &Url) -> bool {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let host_hit = self.login.hosts.iter().any(|h| {
            let h = h.to_ascii_lowercase();
            if h.starts_with('.') { host.ends_with(&h) } else { host.starts_with(&h) }
        });
        let path = url.path().to_ascii_lowercase();
        host_hit
            || self.login.paths.iter().any(|p| {
                if p.contains('/') {
                    path.contains(&format!("/{p}"))
                } else {
                    path.split('/').any(|seg| seg.split('.').next() == Some(p.as_str()))
                }
            })
    }
}

fn lossy(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// At most 200 characters of a string from a site, for evidence.
fn clip(s: &str) -> String {
    if s.chars().count() <= 200 { s.to_string() } else { s.chars().take(200).collect::<String>() + "…" }
}

/// Words of visible text in the body (scripts, styles, templates and, with `skip_forms`, forms left out).
fn visible_words(doc: &Html, skip_forms: bool) -> usize {
    fn walk(el: ElementRef<'_>, skip_forms: bool, n: &mut usize) {
        for child in el.children() {
            if let Some(e) = ElementRef::wrap(child) {
                let name = e.value().name();
                if matches!(name, "script" | "style" | "noscript" | "template" | "head")
                    || (skip_forms && name == "form")
                {
                    continue;
                }
                walk(e, skip_forms, n);
            } else if let Some(t) = child.value().as_text() {
                *n += t.split_whitespace().count();
            }
        }
    }
    let mut n = 0;
    walk(doc.root_element(), skip_forms, &mut n);
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, status: u16, headers: &[(&str, &str)], body: &str) -> Fetched {
        Fetched {
            url: Url::parse(url).unwrap(),
            status,
            content_type: Some("text/html; charset=utf-8".into()),
            body: body.as_bytes().to_vec(),
            hops: Vec::new(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            browser: None,
            warnings: Vec::new(),
        }
    }

    fn detect(url: &str, f: &Fetched, depth: usize) -> Option<Interstitial> {
        Signatures::builtin().detect(&Url::parse(url).unwrap(), f, depth)
    }

    const CF: &str = "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>\
        <noscript><span id=\"challenge-error-text\">Enable JavaScript and cookies to continue</span></noscript>\
        <script src=\"https://challenges.cloudflare.com/x.js\"></script></body></html>";

    #[test]
    fn cloudflare_by_header_by_status_and_markup_not_by_an_embedded_widget() {
        let u = "https://www.x.test/";
        let i = detect(u, &page(u, 403, &[("cf-mitigated", "challenge")], "<p>hi</p>"), 3).unwrap();
        assert_eq!((i.kind, i.by.as_str()), (InterstitialKind::BotChallenge, "Cloudflare"));
        assert_eq!(i.evidence, ["HTTP 403", "header cf-mitigated: challenge"]);
        let i = detect(u, &page(u, 503, &[], CF), 1).unwrap();
        assert_eq!(i.by, "Cloudflare");
        assert!(i.evidence.contains(&"marker \"<title>Just a moment...</title>\"".to_string()), "{:?}", i.evidence);
        assert!(i.evidence.contains(&"marker \"challenges.cloudflare.com\"".to_string()), "{:?}", i.evidence);
        let strong = "<html><body><script>window._cf_chl_opt={cType:'managed'}</script></body></html>";
        assert_eq!(detect(u, &page(u, 200, &[], strong), 0).unwrap().by, "Cloudflare");
        // A contact form with a Turnstile widget is an ordinary page.
        let words = "We answer within a day. ".repeat(30);
        let contact = format!(
            "<html><body><h1>Contact</h1><p>{words}</p><form><div class=cf-turnstile></div></form>\
             <script src=\"https://challenges.cloudflare.com/turnstile/v0/api.js\"></script></body></html>"
        );
        assert_eq!(detect(u, &page(u, 200, &[], &contact), 0), None);
        // A page with reCAPTCHA is ordinary unless refused; Google's own "unusual traffic" page is not.
        let form = "<form><div class=\"g-recaptcha\"></div></form><p>Short.</p>";
        assert_eq!(detect(u, &page(u, 200, &[], form), 0), None);
        assert_eq!(detect(u, &page(u, 429, &[], form), 0).unwrap().by, "reCAPTCHA");
        let images = page(u, 403, &[], CF);
        let images = Fetched { content_type: Some("image/png".into()), ..images };
        assert_eq!(detect(u, &images, 1), None, "only text is scanned");
    }

    #[test]
    fn other_services() {
        let u = "https://www.x.test/";
        let dd = "<html><body><script>var dd={'rt':'c','host':'geo.captcha-delivery.com'}</script></body></html>";
        assert_eq!(detect(u, &page(u, 403, &[], dd), 0).unwrap().by, "DataDome");
        let px = "<html><body><div id=\"px-captcha\"></div></body></html>";
        assert_eq!(detect(u, &page(u, 403, &[], px), 0).unwrap().by, "HUMAN (PerimeterX)");
        let inc = "<html><head><META NAME=\"robots\" CONTENT=\"noindex,nofollow\"></head><body>\
                   <iframe src=\"/_Incapsula_Resource?SWUDNSAI=31&xinfo=\"></iframe></body></html>";
        assert_eq!(detect(u, &page(u, 200, &[], inc), 0).unwrap().by, "Imperva (Incapsula)", "tiny page");
        let normal = format!("<p>{}</p><script src=\"/_Incapsula_Resource?SWJIYLWA=1\"></script>", "word ".repeat(200));
        assert_eq!(detect(u, &page(u, 200, &[], &normal), 0), None, "Incapsula's tag on an ordinary page");
        let auth = page(u, 401, &[("www-authenticate", "Basic realm=\"staff\"")], "");
        let i = detect(u, &auth, 2).unwrap();
        assert_eq!((i.kind, i.by.as_str()), (InterstitialKind::LoginWall, "HTTP authentication"));
        assert!(i.message(u).starts_with("login wall (HTTP authentication) on https://www.x.test/: "));
    }

    #[test]
    fn login_walls_on_the_start_page() {
        let start = "https://www.x.test/account/";
        let to = page("https://www.x.test/login?next=%2Faccount%2F", 200, &[], "<form></form>");
        let i = detect(start, &to, 0).unwrap();
        assert_eq!((i.kind, i.by.as_str()), (InterstitialKind::LoginWall, "sign-in redirect"));
        assert_eq!(i.evidence[1], "return parameter next=/account/");
        let sso = page("https://accounts.idp.test/?continue=https://www.x.test/", 200, &[], "");
        assert_eq!(detect(start, &sso, 0).unwrap().by, "sign-in redirect");
        assert_eq!(detect(start, &to, 1), None, "a sign-in page reached by a link is an ordinary page");
        assert_eq!(detect("https://www.x.test/login", &to, 0), None, "asked for on purpose");
        let form = "<html><body><h1>Members</h1><form method=post><input name=user>\
                    <input type=\"PASSWORD\" name=\"pw\"><button>Sign in</button></form></body></html>";
        let i = detect(start, &page(start, 200, &[], form), 0).unwrap();
        assert_eq!(i.by, "password form");
        assert_eq!(i.evidence[1], "<input type=password name=\"pw\">");
        let shop =
            format!("<html><body><p>{}</p><form><input type=password></form></body></html>", "pots ".repeat(300));
        assert_eq!(detect(start, &page(start, 200, &[], &shop), 0), None, "a page with content and a login box");
        assert_eq!(detect("https://www.x.test/author/", &page("https://www.x.test/author/", 200, &[], ""), 0), None);
    }
}
