//! What the audit gathers while the crawl runs: each page read (under the page budget), captured and
//! attributed, and the policy candidates it links.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use url::Url;

use super::budget;
use super::target::is_page_link;
use crate::capture;
use crate::consent::ConsentDb;
use crate::crawl::{Fetched, PageOutcome};
use crate::decode;
use crate::detect::Observations;
use crate::discover::Discovery;
use crate::model::{ConsentManager, ConsentState};
use crate::policy;
use crate::site::Site;
use crate::vendors::Engine;

/// State gathered while the crawl runs.
pub(super) struct Gathered {
    pub(super) site: Option<Site>,
    pub(super) first_party: Vec<String>,
    pub(super) observations: Observations,
    pub(super) discovery: Discovery,
    /// Bodies of pages that were policy candidates when fetched, by the URL requested, with the final URL, so
    /// that a policy is not fetched twice.
    /// Bodies of policy candidates read as pages, by the URL requested.
    pub(super) policy_bodies: HashMap<String, PolicyBody>,
    /// URLs tried as policy documents that are not linked candidates (well-known paths).
    pub(super) wanted: HashSet<String>,
    /// The consent manager, once found.
    pub(super) cmp: Option<ConsentManager>,
    /// (Browser engine) the consent state being audited.
    pub(super) run: Option<ConsentState>,
    /// Time allowed for reading one page.
    pub(super) budget: std::time::Duration,
    /// The consent managers known (banners, choice cookies).
    pub(super) consent: Arc<ConsentDb>,
}

/// A policy candidate's body: (final URL, body, content type), and whether the body is the browser's rendered
/// DOM rather than the bytes served.
pub(super) type PolicyBody = ((String, Vec<u8>, Option<String>), bool);

impl Gathered {
    /// Handles one page read (`requested`, after redirects `fetched.url`): capture, attribute, look for policy
    /// links, and return links to follow.
    pub(super) fn page(&mut self, engine: &Engine, requested: &Url, fetched: &Fetched) -> PageOutcome {
        if self.discovery.is_candidate(requested) || self.wanted.contains(requested.as_str()) {
            let body = (fetched.url.to_string(), fetched.body.clone(), fetched.content_type.clone());
            self.policy_bodies.insert(requested.to_string(), (body, fetched.browser.is_some()));
        }
        let outcome = self.content(engine, fetched);
        // Cookies after what the page loads, so that a finding's first evidence is the tag itself; a page that
        // could not be read still set them.
        let site = self.site.as_ref().expect("set by content()");
        for hop in &fetched.hops {
            if site.is_first_party(&hop.url) && !hop.set_cookies.is_empty() {
                self.observations.add_cookies(engine, &fetched.url, &hop.url, &hop.set_cookies);
            }
        }
        outcome
    }

    /// Captures and attributes what a page loads; returns the links to follow.
    fn content(&mut self, engine: &Engine, fetched: &Fetched) -> PageOutcome {
        let site = self.site.get_or_insert_with(|| Site::from_url(&fetched.url, &self.first_party));
        let mut outcome = PageOutcome::default();
        if !site.is_first_party(&fetched.url) {
            outcome.warnings.push(format!("redirected off-site to {}; not audited", fetched.url));
            return outcome;
        }
        let is_html = match fetched.content_type.as_deref() {
            Some(ct) => ct.contains("html"),
            None => {
                policy::input::sniff(&String::from_utf8_lossy(&fetched.body[..fetched.body.len().min(4096)]))
                    == crate::model::TextFormat::Html
            }
        };
        if !is_html {
            return outcome;
        }
        let job = ReadPage {
            body: fetched.body.clone(),
            content_type: fetched.content_type.clone(),
            url: fetched.url.clone(),
            consent: Arc::clone(&self.consent),
            cmp_globals: self
                .cmp
                .is_none()
                .then(|| fetched.browser.as_ref().map(|b| b.cmp_globals.clone()).unwrap_or_default()),
        };
        let read = match budget::within(self.budget, move || job.run()) {
            Ok(read) => read,
            Err(e) => {
                outcome.error = Some(format!("page not read: {e}"));
                return outcome;
            }
        };
        outcome.warnings = read.warnings;
        let captured = read.captured;
        let from_dom = fetched.browser.is_some();
        self.observations.add_page(engine, site, &fetched.url, &captured, from_dom);
        if let (Some(bp), Some(run)) = (&fetched.browser, self.run) {
            self.observations.add_browser_page(engine, &self.consent, site, &fetched.url, bp, run);
        }
        if self.cmp.is_none() {
            self.cmp = read.cmp;
        }
        self.discovery.note_lang(captured.lang.as_deref());
        self.discovery.add_links(&fetched.url, &captured.links);
        outcome.links = captured
            .links
            .into_iter()
            .map(|l| l.url)
            .filter(|u| matches!(u.scheme(), "http" | "https" | "file") && site.is_first_party(u) && is_page_link(u))
            .collect();
        outcome
    }
}

/// The part of reading a page that is CPU work on the page alone: decoding, bounding, parsing, capture and
/// consent-manager detection. It owns its input so that it can run on a thread of its own under the page budget.
struct ReadPage {
    body: Vec<u8>,
    content_type: Option<String>,
    url: Url,
    consent: Arc<ConsentDb>,
    /// The JS globals the browser saw, when a consent manager is still to be found.
    cmp_globals: Option<Vec<String>>,
}

/// What [`ReadPage`] gives back.
struct PageRead {
    warnings: Vec<String>,
    captured: capture::PageCapture,
    cmp: Option<ConsentManager>,
}

impl ReadPage {
    fn run(self) -> PageRead {
        let mut warnings = Vec::new();
        let decoded = decode::decode(&self.body, self.content_type.as_deref(), true);
        if decoded.encoding == "UTF-8" && std::str::from_utf8(&self.body).is_err() {
            let bad = decoded.text.matches('\u{FFFD}').count();
            warnings.push(format!("invalid UTF-8: {bad} malformed byte sequence(s) replaced"));
        }
        // Nesting is bounded before parsing: parse time grows with depth times tags (see `markup`).
        let bounded = crate::markup::bound(&decoded.text);
        warnings.extend(bounded.warning());
        let doc = scraper::Html::parse_document(&bounded.html);
        let captured = capture::capture_document(&doc, &self.url);
        let cmp = self.cmp_globals.and_then(|g| self.consent.detect(&self.url, &captured, Some(&doc), &g));
        PageRead { warnings, captured, cmp }
    }
}
