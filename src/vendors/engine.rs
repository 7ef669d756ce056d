//! The matching engine compiled once from a [`VendorDb`], then queried many times per page.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet, RegexSetBuilder};

use super::aliases::AliasIndex;
use super::scripts::ScriptIndex;
use super::{Company, Vendor, VendorDb};

/// How a URL was attributed to a vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlMatch<'a> {
    /// A vendor's script pattern matched the URL (the pattern is given).
    Pattern(&'a str),
    /// The URL's host ends with one of the vendor's domains (the domain is given).
    Domain(&'a str),
}

/// A vendor database compiled for fast lookups.
#[derive(Debug)]
pub struct Engine {
    db: Arc<VendorDb>,
    /// Host suffix → vendor index.
    domains: HashMap<String, usize>,
    /// Script URL patterns, with their vendor index and text.
    scripts: ScriptIndex,
    script_owner: Vec<(usize, String)>,
    /// Inline-snippet signatures.
    signatures: Option<AhoCorasick>,
    signature_owner: Vec<(usize, String)>,
    /// Exact cookie names and wildcard patterns (compiled on first use).
    cookie_exact: HashMap<String, usize>,
    cookie_globs: OnceLock<RegexSet>,
    cookie_glob_owner: Vec<(usize, String)>,
    /// Tracker-ID patterns with their vendor index (compiled on first use).
    id_sources: Vec<(usize, String)>,
    ids: OnceLock<IdPatterns>,
    /// The alias automaton for policy text (compiled on first use: audits of pages alone never need it).
    aliases: OnceLock<AliasIndex>,
    /// Registrable domain of a company's privacy policy → company index.
    company_domains: HashMap<String, usize>,
    /// Proxy patterns (on a first-party URL's path and query), with their vendor index.
    proxies: RegexSet,
    proxy_owner: Vec<(usize, String)>,
}

/// Tracker-ID patterns: a set to find which apply, then each to extract.
#[derive(Debug)]
struct IdPatterns {
    set: RegexSet,
    patterns: Vec<(usize, Regex)>,
}

static BUILTIN: LazyLock<Arc<Engine>> = LazyLock::new(|| Arc::new(Engine::new(VendorDb::builtin())));

impl Engine {
    /// Compiles `db`. Patterns were validated when the database was loaded.
    pub fn new(db: Arc<VendorDb>) -> Engine {
        let mut domains = HashMap::new();
        let mut script_owner = Vec::new();
        let mut proxy_owner = Vec::new();
        let mut signature_owner = Vec::new();
        let mut cookie_exact = HashMap::new();
        let mut cookie_glob_owner = Vec::new();
        let mut id_sources = Vec::new();
        for (i, v) in db.vendors().iter().enumerate() {
            for d in &v.domains {
                domains.entry(d.clone()).or_insert(i);
            }
            script_owner.extend(v.script_patterns.iter().map(|p| (i, p.clone())));
            proxy_owner.extend(v.proxy_patterns.iter().map(|p| (i, p.clone())));
            signature_owner.extend(v.signatures.iter().map(|s| (i, fold_quotes(s).into_owned())));
            for c in v.cookies.iter().chain(&v.third_party_cookies) {
                if c.contains('*') {
                    cookie_glob_owner.push((i, c.clone()));
                } else {
                    cookie_exact.entry(c.clone()).or_insert(i);
                }
            }
            id_sources.extend(v.ids.iter().map(|p| (i, p.clone())));
        }
        let proxies = RegexSet::new(proxy_owner.iter().map(|(_, p)| p)).expect("proxy patterns were validated");
        let scripts = ScriptIndex::new(script_owner.iter().map(|(_, p)| p.clone()).collect());
        let signatures = (!signature_owner.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(signature_owner.iter().map(|(_, s)| s))
                .expect("signature automaton builds from plain strings")
        });
        let mut company_domains = HashMap::new();
        for (i, c) in db.companies().iter().enumerate() {
            let host = c
                .privacy_policy
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| u.host_str().map(str::to_string));
            if let Some(domain) = host.as_deref().and_then(psl::domain_str) {
                company_domains.entry(domain.to_string()).or_insert(i);
            }
        }
        Engine {
            db,
            domains,
            scripts,
            script_owner,
            signatures,
            signature_owner,
            cookie_exact,
            cookie_globs: OnceLock::new(),
            cookie_glob_owner,
            id_sources,
            ids: OnceLock::new(),
            aliases: OnceLock::new(),
            company_domains,
            proxies,
            proxy_owner,
        }
    }

    /// The engine for the built-in database (compiled once per process).
    pub fn builtin() -> Arc<Engine> {
        Arc::clone(&BUILTIN)
    }

    /// The engine for the built-in database with `overlays` (vendors files) merged over it, in order; the
    /// built-in engine itself when there are none.
    pub fn with_overlays<P: AsRef<std::path::Path>>(overlays: &[P]) -> Result<Arc<Engine>, super::LoadError> {
        if overlays.is_empty() {
            return Ok(Engine::builtin());
        }
        let paths: Vec<&std::path::Path> = overlays.iter().map(AsRef::as_ref).collect();
        Ok(Arc::new(Engine::new(VendorDb::with_overlays(&paths)?)))
    }

    /// The database this engine was compiled from.
    pub fn db(&self) -> &VendorDb {
        &self.db
    }

    /// The alias automaton for policy text.
    pub fn aliases(&self) -> &AliasIndex {
        self.aliases.get_or_init(|| AliasIndex::new(&self.db))
    }

    /// The vendor serving `host`: the longest listed domain that `host` equals or ends with.
    pub fn vendor_for_host(&self, host: &str) -> Option<(&Vendor, &str)> {
        self.host_entry(host).map(|(key, i)| (self.db.vendor_at(i), key))
    }

    /// Index of the vendor serving `host`.
    pub(crate) fn vendor_index_for_host(&self, host: &str) -> Option<usize> {
        self.host_entry(host).map(|(_, i)| i)
    }

    fn host_entry(&self, host: &str) -> Option<(&str, usize)> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let mut rest = host.as_str();
        loop {
            if let Some((key, &i)) = self.domains.get_key_value(rest) {
                return Some((key.as_str(), i));
            }
            match rest.split_once('.') {
                Some((_, tail)) if tail.contains('.') => rest = tail,
                _ => return None,
            }
        }
    }

    /// Index of the company whose privacy policy lives on the same registrable domain as `host`.
    pub(crate) fn company_for_host(&self, host: &str) -> Option<usize> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let domain = psl::domain_str(&host)?;
        self.company_domains.get(domain).copied()
    }

    /// The vendor a resource URL belongs to: a script pattern first (the longest matching pattern wins),
    /// then the host.
    pub fn vendor_for_url(&self, url: &url::Url) -> Option<(&Vendor, UrlMatch<'_>)> {
        let without_scheme = url.as_str().split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let best = self.scripts.matches(without_scheme).into_iter().max_by_key(|&p| self.script_owner[p].1.len());
        if let Some(p) = best {
            let (v, pattern) = &self.script_owner[p];
            return Some((self.db.vendor_at(*v), UrlMatch::Pattern(pattern)));
        }
        let host = url.host_str()?;
        self.vendor_for_host(host).map(|(v, d)| (v, UrlMatch::Domain(d)))
    }

    /// The vendor a first-party URL serves through the site, by its proxy patterns on the URL's path and
    /// query (the longest matching pattern wins). Only for the site's own URLs: a third-party URL is matched
    /// by [`vendor_for_url`](Engine::vendor_for_url).
    pub fn vendor_for_proxied(&self, url: &url::Url) -> Option<(&Vendor, &str)> {
        let rest = &url[url::Position::BeforePath..];
        let best = self.proxies.matches(rest).into_iter().max_by_key(|&p| self.proxy_owner[p].1.len())?;
        let (v, pattern) = &self.proxy_owner[best];
        Some((self.db.vendor_at(*v), pattern.as_str()))
    }

    /// The vendor that sets a cookie of this name: an exact name first, then the longest wildcard pattern.
    pub fn vendor_for_cookie(&self, name: &str) -> Option<(&Vendor, &str)> {
        if let Some((key, &i)) = self.cookie_exact.get_key_value(name) {
            return Some((self.db.vendor_at(i), key.as_str()));
        }
        let globs = self.cookie_globs.get_or_init(|| {
            RegexSet::new(self.cookie_glob_owner.iter().map(|(_, g)| glob_regex(g))).expect("escaped globs")
        });
        globs.matches(name).into_iter().max_by_key(|&p| self.cookie_glob_owner[p].1.len()).map(|p| {
            let (v, pattern) = &self.cookie_glob_owner[p];
            (self.db.vendor_at(*v), pattern.as_str())
        })
    }

    /// Every vendor signature found in inline code, with the signature, in order of appearance (double
    /// quotes in the code are folded to single quotes first).
    pub fn signatures_in(&self, code: &str) -> Vec<(&Vendor, &str)> {
        let Some(ac) = &self.signatures else { return Vec::new() };
        let code = fold_quotes(code);
        let mut seen = Vec::new();
        for m in ac.find_overlapping_iter(code.as_ref()) {
            let (v, sig) = &self.signature_owner[m.pattern().as_usize()];
            if !seen.iter().any(|(sv, ss): &(usize, &str)| sv == v && *ss == sig.as_str()) {
                seen.push((*v, sig.as_str()));
            }
        }
        seen.into_iter().map(|(v, s)| (self.db.vendor_at(v), s)).collect()
    }

    /// Every tracker ID in `text`, with the vendor whose pattern found it, without duplicates.
    pub fn ids_in(&self, text: &str) -> Vec<(&Vendor, String)> {
        let folded = fold_quotes(text);
        let mut out: Vec<(usize, String)> = Vec::new();
        let ids = self.ids.get_or_init(|| IdPatterns::new(&self.id_sources));
        for p in ids.set.matches(folded.as_ref()) {
            let (v, re) = &ids.patterns[p];
            for caps in re.captures_iter(folded.as_ref()) {
                let id = caps.get(1).or_else(|| caps.get(0)).map(|m| m.as_str().to_string()).unwrap_or_default();
                if !id.is_empty() && !out.iter().any(|(ov, oid)| ov == v && *oid == id) {
                    out.push((*v, id));
                }
            }
        }
        out.into_iter().map(|(v, id)| (self.db.vendor_at(v), id)).collect()
    }

    /// The company that owns a vendor.
    pub fn company_of(&self, vendor: &Vendor) -> &Company {
        self.db.company_of(vendor)
    }
}

impl IdPatterns {
    fn new(sources: &[(usize, String)]) -> IdPatterns {
        let patterns: Vec<(usize, Regex)> = sources
            .iter()
            .filter_map(|(i, p)| Regex::new(&super::scripts::ascii_boundaries(p)).ok().map(|r| (*i, r)))
            .collect();
        let set = RegexSetBuilder::new(patterns.iter().map(|(_, r)| r.as_str()))
            .dfa_size_limit(64 * 1024 * 1024)
            .build()
            .expect("validated patterns");
        IdPatterns { set, patterns }
    }
}

/// Replaces `"` by `'` so that signatures written with single quotes match either style.
fn fold_quotes(s: &str) -> Cow<'_, str> {
    if s.contains('"') { Cow::Owned(s.replace('"', "'")) } else { Cow::Borrowed(s) }
}

/// An anchored regex for a cookie-name glob where `*` is any run of characters.
fn glob_regex(glob: &str) -> String {
    let parts: Vec<String> = glob.split('*').map(regex::escape).collect();
    format!("^{}$", parts.join(".*"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_are_anchored_and_escaped() {
        let re = Regex::new(&glob_regex("_ga_*")).unwrap();
        assert!(re.is_match("_ga_ABC123"));
        assert!(!re.is_match("x_ga_ABC"));
        let re = Regex::new(&glob_regex("a.b*")).unwrap();
        assert!(!re.is_match("axb1"));
    }

    #[test]
    fn a_session_recorder_from_a_public_cdn_is_the_recorder_not_the_cdn() {
        let engine = Engine::builtin();
        let owner = |u: &str| engine.vendor_for_url(&url::Url::parse(u).unwrap()).map(|(v, _)| v.id.clone());
        assert_eq!(owner("https://cdn.jsdelivr.net/npm/rrweb@latest/dist/rrweb.min.js").as_deref(), Some("rrweb"));
        assert_eq!(
            owner("https://unpkg.com/@rrweb/record@2.0.0-alpha.17/dist/record.umd.min.cjs").as_deref(),
            Some("rrweb")
        );
        let jquery = owner("https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js");
        assert_ne!(jquery.as_deref(), Some("rrweb"));
        assert_ne!(owner("https://cdn.jsdelivr.net/npm/rrweb-player-docs/readme.js").as_deref(), Some("rrweb"));
    }

    #[test]
    fn proxied_tracker_urls_need_the_vendors_path_and_id() {
        let engine = Engine::builtin();
        let proxied = |u: &str| {
            let url = url::Url::parse(&format!("https://shop.test{u}")).unwrap();
            engine.vendor_for_proxied(&url).map(|(v, _)| v.id.clone())
        };
        for (url, vendor) in [
            ("/gtm.js?id=GTM-AB12CD", "google-tag-manager"),
            ("/metrics/gtm.js?l=dataLayer&id=GTM-AB12CD", "google-tag-manager"),
            ("/gtag/js?id=G-ABC123DEF", "google-analytics"),
            ("/sst/g/collect?v=2&tid=G-ABC123DEF&cid=1.2", "google-analytics"),
            ("/collect?v=1&tid=UA-1234567-1&t=pageview", "google-analytics"),
            ("/gtag/js?id=AW-123456789", "google-ads"),
            ("/en_US/fbevents.js", "meta-pixel"),
            ("/px/tr?id=1234567890&ev=PageView", "meta-pixel"),
            ("/tr/?ev=Purchase&id=1234567890", "meta-pixel"),
        ] {
            assert_eq!(proxied(url).as_deref(), Some(vendor), "{url}");
        }
        // The site's own files and endpoints, whatever their names.
        for url in [
            "/static/analytics.js",
            "/js/gtm.js",
            "/gtm.js?id=main",
            "/gtag/js",
            "/collect?item=42",
            "/tr?id=12&lang=en",
            "/tr/?id=1234567890",
            "/fbevents.json",
            "/blog/gtm.js-guide",
        ] {
            assert_eq!(proxied(url), None, "{url}");
        }
    }
}
