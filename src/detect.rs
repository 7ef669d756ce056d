//! From captured pages to vendors: every third-party resource, inline snippet and cookie is attributed to a
//! vendor in the database, or kept as an unknown third party by registrable domain; hints are kept apart.

use std::collections::{BTreeMap, BTreeSet};

use url::Url;

use crate::capture::PageCapture;
use crate::model::{DomainEvidence, Evidence, EvidenceKind};
use crate::site::{Site, url_domain};
use crate::vendors::{Engine, UrlMatch};

/// Observations of a whole site.
#[derive(Debug, Clone, Default)]
pub struct Observations {
    /// Evidence of known vendors, keyed by vendor id, deduplicated, in order.
    pub vendors: BTreeMap<String, Vec<Evidence>>,
    /// Tracker IDs seen, keyed by the id pattern's vendor. An ID alone never makes a finding (a random
    /// `G-…` string is not Google Analytics); it is attached to the vendor's finding when there is one.
    pub ids: BTreeMap<String, BTreeSet<String>>,
    /// Unknown third parties, keyed by registrable domain.
    pub unknown: BTreeMap<String, Vec<Evidence>>,
    /// Third-party hints, keyed by registrable domain.
    pub hints: BTreeMap<String, Vec<Evidence>>,
}

fn push_unique(list: &mut Vec<Evidence>, e: Evidence) {
    if !list.contains(&e) {
        list.push(e);
    }
}

/// Most observations kept per vendor or domain: enough to check by hand, bounded on huge sites.
const MAX_EVIDENCE: usize = 200;

impl Observations {
    fn add_vendor(&mut self, id: &str, e: Evidence) {
        let list = self.vendors.entry(id.to_string()).or_default();
        if list.len() < MAX_EVIDENCE {
            push_unique(list, e);
        }
    }

    fn add_ids(&mut self, engine: &Engine, text: &str) {
        for (v, id) in engine.ids_in(text) {
            self.ids.entry(v.id.clone()).or_default().insert(id);
        }
    }

    fn add_domain(map: &mut BTreeMap<String, Vec<Evidence>>, domain: String, e: Evidence) {
        let list = map.entry(domain).or_default();
        if list.len() < MAX_EVIDENCE {
            push_unique(list, e);
        }
    }

    /// Records what one page loads.
    pub fn add_page(&mut self, engine: &Engine, site: &Site, page: &Url, capture: &PageCapture) {
        let page_s = page.to_string();
        for r in &capture.resources {
            if site.is_first_party(&r.url) {
                continue;
            }
            let domain = url_domain(&r.url).unwrap_or_default();
            let known = engine.vendor_for_url(&r.url);
            if r.kind == EvidenceKind::Hint {
                let detail = match known {
                    Some((v, _)) => format!("{} ({})", r.detail, v.name),
                    None => r.detail.clone(),
                };
                let e = Evidence { kind: r.kind, page: page_s.clone(), url: Some(r.url.to_string()), detail };
                Self::add_domain(&mut self.hints, domain, e);
                continue;
            }
            self.add_url(engine, &page_s, r.kind, &r.url, &r.detail, known);
        }
        for script in &capture.inline_scripts {
            for (vendor, signature) in engine.signatures_in(&script.code) {
                let e = Evidence {
                    kind: EvidenceKind::InlineScript,
                    page: page_s.clone(),
                    url: None,
                    detail: format!("inline snippet matches `{signature}`"),
                };
                self.add_vendor(&vendor.id, e);
            }
            for url in &script.urls {
                if !site.is_first_party(url) {
                    let known = engine.vendor_for_url(url);
                    self.add_url(
                        engine,
                        &page_s,
                        EvidenceKind::InlineScript,
                        url,
                        "URL built by an inline script",
                        known,
                    );
                }
            }
            self.add_ids(engine, &script.code);
        }
    }

    fn add_url(
        &mut self,
        engine: &Engine,
        page: &str,
        kind: EvidenceKind,
        url: &Url,
        element: &str,
        known: Option<(&crate::vendors::Vendor, UrlMatch<'_>)>,
    ) {
        match known {
            Some((vendor, how)) => {
                let how = match how {
                    UrlMatch::Pattern(p) => format!("{element}; script pattern `{p}`"),
                    UrlMatch::Domain(d) => format!("{element}; domain {d}"),
                };
                let e = Evidence { kind, page: page.to_string(), url: Some(url.to_string()), detail: how };
                self.add_vendor(&vendor.id, e);
                self.add_ids(engine, url.as_str());
            }
            None => {
                let e =
                    Evidence { kind, page: page.to_string(), url: Some(url.to_string()), detail: element.to_string() };
                Self::add_domain(&mut self.unknown, url_domain(url).unwrap_or_default(), e);
            }
        }
    }

    /// Records the `Set-Cookie` headers of one of the site's responses: cookies whose names a vendor uses are
    /// attributed to it.
    pub fn add_cookies(&mut self, engine: &Engine, page: &Url, response: &Url, set_cookies: &[String]) {
        for line in set_cookies {
            let Ok(c) = cookie::Cookie::parse(line.as_str()) else { continue };
            let Some((vendor, pattern)) = engine.vendor_for_cookie(c.name()) else { continue };
            let mut detail = format!("Set-Cookie {}", c.name());
            if let Some(d) = c.domain() {
                detail.push_str(&format!("; Domain={d}"));
            }
            if let Some(age) = c.max_age() {
                detail.push_str(&format!("; Max-Age={}", age.whole_seconds()));
            } else if c.expires().is_some() {
                detail.push_str("; persistent");
            }
            if pattern != c.name() {
                detail.push_str(&format!(" (matches `{pattern}`)"));
            }
            let e = Evidence {
                kind: EvidenceKind::Cookie,
                page: page.to_string(),
                url: Some(response.to_string()),
                detail,
            };
            self.add_vendor(&vendor.id, e);
        }
    }

    /// Unknown third parties, for the report.
    pub fn unknown_third_parties(&self) -> Vec<DomainEvidence> {
        self.unknown.iter().map(|(d, e)| DomainEvidence { domain: d.clone(), evidence: e.clone() }).collect()
    }

    /// Hints, for the report.
    pub fn hint_list(&self) -> Vec<DomainEvidence> {
        self.hints.iter().map(|(d, e)| DomainEvidence { domain: d.clone(), evidence: e.clone() }).collect()
    }
}
