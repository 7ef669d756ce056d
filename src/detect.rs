//! From captured pages to vendors: every third-party resource, inline snippet and cookie is attributed to a
//! vendor in the database, or kept as an unknown third party by registrable domain; hints are kept apart.

use std::collections::{BTreeMap, BTreeSet};

use url::Url;

use crate::browser_page::{AskedLifetime, BrowserPage, ResourceType};
use crate::capture::PageCapture;
use crate::consent::ConsentDb;
use crate::model::{
    BlockedCookie, ConsentState, CookieRecord, CookieSource, Disguise, DomainEvidence, Evidence, EvidenceKind,
    FingerprintFinding, SessionRecordingFinding, SetBy, StorageRecord,
};
use crate::site::{Site, url_domain};
use crate::vendors::{Engine, UrlMatch};

/// Observations of a whole site.
#[derive(Debug, Clone, Default)]
pub(crate) struct Observations {
    /// Evidence of known vendors, keyed by vendor id, deduplicated, in order.
    pub vendors: BTreeMap<String, Vec<Evidence>>,
    /// Tracker IDs seen, keyed by the id pattern's vendor. An ID alone never makes a finding (a random
    /// `G-…` string is not Google Analytics); it is attached to the vendor's finding when there is one.
    pub ids: BTreeMap<String, BTreeSet<String>>,
    /// Unknown third parties, keyed by registrable domain.
    pub unknown: BTreeMap<String, Vec<Evidence>>,
    /// Third-party hints, keyed by registrable domain.
    pub hints: BTreeMap<String, Vec<Evidence>>,
    /// (Browser engine) the consent state evidence is being recorded in (a request sent before the consent
    /// click is recorded as `none`).
    pub state: Option<ConsentState>,
    /// (Browser engine) every cookie the browser held, first seen where.
    pub cookies: Vec<CookieRecord>,
    /// (Browser engine) cookies Chromium refused.
    pub blocked_cookies: Vec<BlockedCookie>,
    /// (Browser engine) storage keys.
    pub storage: Vec<StorageRecord>,
    /// (Browser engine) consent and privacy strings: (state, page, where read, the string), once per state,
    /// source and string.
    pub privacy_strings: Vec<(ConsentState, String, String, String)>,
    /// The site's own hosts other than the page's, with what was fetched from each (bounded): the
    /// candidates for CNAME cloaking.
    pub first_party: BTreeMap<String, Vec<Evidence>>,
    /// (Browser engine) consent managers' cookie declarations, the first read of each kind, with its page.
    pub declarations: Vec<(String, String, serde_json::Value)>,
    /// (Browser engine) scripts that fingerprint, on the first page they were seen on in each consent state
    /// (again on a later page only when they fingerprint more there).
    pub fingerprinting: Vec<FingerprintFinding>,
    /// (Browser engine, `--probe-forms`) canaries typed into forms and sent before submit, once per request,
    /// canary, encoding and place in each consent state.
    pub form_leaks: Vec<crate::model::FormLeakFinding>,
    /// (Browser engine) scripts that behave like session recorders, on the first page they were seen on in
    /// each consent state.
    pub session_recording: Vec<SessionRecordingFinding>,
}

/// Chromium keeps a cookie at most this many days, whatever it was asked.
pub(crate) const CHROMIUM_MAX_COOKIE_DAYS: u32 = 400;

/// Whether the browser stored a shorter lifetime than asked because of its 400-day cap.
fn capped(asked: Option<&AskedLifetime>, stored_days: Option<u32>) -> bool {
    let asked = asked.and_then(AskedLifetime::days);
    matches!((asked, stored_days), (Some(a), Some(s)) if a > CHROMIUM_MAX_COOKIE_DAYS && s <= CHROMIUM_MAX_COOKIE_DAYS + 1)
}

fn push_unique(list: &mut Vec<Evidence>, e: Evidence) {
    if !list.contains(&e) {
        list.push(e);
    }
}

/// How the browser saw a request: the consent state it was sent in and, when it failed, why. Static
/// evidence has neither.
#[derive(Debug, Clone, Copy, Default)]
struct Seen<'a> {
    consent: Option<ConsentState>,
    failed: Option<&'a str>,
}

/// Most observations kept per vendor or domain: enough to check by hand, bounded on huge sites.
const MAX_EVIDENCE: usize = 200;

/// The site's own hosts kept as CNAME-cloaking candidates, and what is kept of each.
const MAX_FIRST_PARTY_HOSTS: usize = 200;
const MAX_FIRST_PARTY_EVIDENCE: usize = 20;

impl Observations {
    fn add_vendor(&mut self, id: &str, mut e: Evidence) {
        e.consent = e.consent.or(self.state);
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

    fn add_domain(map: &mut BTreeMap<String, Vec<Evidence>>, domain: String, e: Evidence, state: Option<ConsentState>) {
        let mut e = e;
        e.consent = e.consent.or(state);
        let list = map.entry(domain).or_default();
        if list.len() < MAX_EVIDENCE {
            push_unique(list, e);
        }
    }

    /// Records what one page loads, read from its HTML. With `from_dom` (the browser engine's rendered DOM),
    /// only hints, inline snippets and tracker IDs are taken from it: what loaded comes from the network.
    pub(crate) fn add_page(&mut self, engine: &Engine, site: &Site, page: &Url, capture: &PageCapture, from_dom: bool) {
        let page_s = page.to_string();
        for r in &capture.resources {
            if from_dom && r.kind != EvidenceKind::Hint {
                continue;
            }
            if site.is_first_party(&r.url) {
                if !matches!(r.kind, EvidenceKind::Hint | EvidenceKind::Link) {
                    self.add_proxied(engine, &page_s, r.kind, &r.url, &r.detail, Seen::default());
                }
                continue;
            }
            let domain = url_domain(&r.url).unwrap_or_default();
            if r.kind == EvidenceKind::Hint {
                let detail = match engine.vendor_for_url(&r.url) {
                    Some((v, _)) => format!("{} ({})", r.detail, v.name),
                    None => r.detail.clone(),
                };
                let e = Evidence {
                    kind: r.kind,
                    page: page_s.clone(),
                    url: Some(r.url.to_string()),
                    detail,
                    consent: None,
                    failed: None,
                    cookie: None,
                    disguise: None,
                };
                Self::add_domain(&mut self.hints, domain, e, self.state);
                continue;
            }
            self.add_url(engine, &page_s, r.kind, &r.url, &r.detail, Seen::default());
        }
        for script in &capture.inline_scripts {
            for (vendor, signature) in engine.signatures_in(&script.code) {
                let e = Evidence {
                    kind: EvidenceKind::InlineScript,
                    page: page_s.clone(),
                    url: None,
                    detail: format!("inline snippet matches `{signature}`"),
                    consent: None,
                    failed: None,
                    cookie: None,
                    disguise: None,
                };
                self.add_vendor(&vendor.id, e);
            }
            for url in script.urls.iter().filter(|_| !from_dom) {
                let built = "URL built by an inline script";
                if site.is_first_party(url) {
                    self.add_proxied(engine, &page_s, EvidenceKind::InlineScript, url, built, Seen::default());
                } else {
                    self.add_url(engine, &page_s, EvidenceKind::InlineScript, url, built, Seen::default());
                }
            }
            self.add_ids(engine, &script.code);
        }
    }

    /// A first-party URL that serves a vendor's script or endpoint through the site (its proxy pattern):
    /// evidence for that vendor, marked [`Disguise::Proxied`], with the tracker ID it carries. Other
    /// first-party URLs are the site's own and nobody's.
    fn add_proxied(
        &mut self,
        engine: &Engine,
        page: &str,
        kind: EvidenceKind,
        url: &Url,
        element: &str,
        seen: Seen<'_>,
    ) {
        let Some((vendor, pattern)) = engine.vendor_for_proxied(url) else {
            self.add_first_party(page, kind, url, element, seen);
            return;
        };
        let e = Evidence {
            kind,
            page: page.to_string(),
            url: Some(url.to_string()),
            detail: format!("{element}; the site's own URL serves {} (proxied: pattern `{pattern}`)", vendor.name),
            consent: seen.consent,
            failed: seen.failed.map(str::to_string),
            cookie: None,
            disguise: Some(Disguise::Proxied { pattern: pattern.to_string() }),
        };
        self.add_vendor(&vendor.id, e);
        self.add_ids(engine, url.as_str());
    }

    /// Keeps what was fetched from one of the site's own hosts (not the page's own host), for CNAME cloaking.
    fn add_first_party(&mut self, page: &str, kind: EvidenceKind, url: &Url, element: &str, seen: Seen<'_>) {
        let Some(host) = url.host_str() else { return };
        if Url::parse(page).ok().as_ref().and_then(Url::host_str) == Some(host) {
            return;
        }
        if self.first_party.len() >= MAX_FIRST_PARTY_HOSTS && !self.first_party.contains_key(host) {
            return;
        }
        let e = Evidence {
            kind,
            page: page.to_string(),
            url: Some(url.to_string()),
            detail: element.to_string(),
            consent: seen.consent.or(self.state),
            failed: seen.failed.map(str::to_string),
            cookie: None,
            disguise: None,
        };
        let list = self.first_party.entry(host.to_string()).or_default();
        if list.len() < MAX_FIRST_PARTY_EVIDENCE {
            push_unique(list, e);
        }
    }

    /// Files the evidence of a cloaked subdomain under its tracker: the vendor when the database has it,
    /// else an unknown third party named by the tracker's domain. Returns how many requests went to it.
    pub(crate) fn add_cloaked(
        &mut self,
        host: &str,
        chain: &[String],
        vendor: Option<&str>,
        domain: &str,
        company: &str,
    ) -> usize {
        let Some(list) = self.first_party.remove(host) else { return 0 };
        let n = list.len();
        let full: Vec<String> = std::iter::once(host.to_string()).chain(chain.iter().cloned()).collect();
        let path = full.join(" → ");
        for mut e in list {
            e.detail.push_str(&format!("; cloaked: CNAME {path} ({company})"));
            e.disguise = Some(Disguise::Cloaked { chain: full.clone() });
            match vendor {
                Some(id) => self.add_vendor(id, e),
                None => Self::add_domain(&mut self.unknown, domain.to_string(), e, None),
            }
        }
        n
    }

    fn add_url(&mut self, engine: &Engine, page: &str, kind: EvidenceKind, url: &Url, element: &str, seen: Seen<'_>) {
        let Seen { consent, failed } = seen;
        if let Some((vendor, how)) = engine.vendor_for_url(url) {
            let how = match how {
                UrlMatch::Pattern(p) => format!("{element}; script pattern `{p}`"),
                UrlMatch::Domain(d) => format!("{element}; domain {d}"),
            };
            let failed = failed.map(str::to_string);
            let at = Some(url.to_string());
            let e = Evidence {
                kind,
                page: page.to_string(),
                url: at,
                detail: how,
                consent,
                failed,
                cookie: None,
                disguise: None,
            };
            self.add_vendor(&vendor.id, e);
            self.add_ids(engine, url.as_str());
        } else {
            let e = Evidence {
                kind,
                page: page.to_string(),
                url: Some(url.to_string()),
                detail: element.to_string(),
                consent: None,
                failed: failed.map(str::to_string),
                cookie: None,
                disguise: None,
            };
            Self::add_domain(&mut self.unknown, url_domain(url).unwrap_or_default(), e, self.state);
        }
    }

    /// Records the `Set-Cookie` headers of one of the site's responses: cookies whose names a vendor uses are
    /// attributed to it.
    pub(crate) fn add_cookies(&mut self, engine: &Engine, page: &Url, response: &Url, set_cookies: &[String]) {
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
                consent: None,
                failed: None,
                cookie: Some(c.name().to_string()),
                disguise: None,
            };
            self.add_vendor(&vendor.id, e);
        }
    }

    /// Records what the browser captured on one page: third-party requests, new cookies (first- and
    /// third-party, by name or domain), cookies Chromium refused, and storage keys vendors use. `run` is the
    /// consent state aimed at; what happened before the consent click is recorded as `none`. A consent
    /// manager's choice cookie (from `consent`) belongs to that manager's vendor. Scripts that fingerprint
    /// (from the page's API calls) are findings of their own.
    pub(crate) fn add_browser_page(
        &mut self,
        engine: &Engine,
        consent: &ConsentDb,
        site: &Site,
        page: &Url,
        bp: &BrowserPage,
        run: ConsentState,
    ) {
        let page_s = page.to_string();
        // Before the consent click a page is as before consent; a state without a click (`gpc`) is itself
        // from the start.
        let state_of = |after_click: bool| if after_click || !run.clicks() { run } else { ConsentState::None };
        for (kind, value) in &bp.declarations {
            if !self.declarations.iter().any(|(k, _, _)| k == kind) {
                self.declarations.push((kind.clone(), page.to_string(), value.clone()));
            }
        }
        for (source, value) in &bp.privacy_strings {
            if !self.privacy_strings.iter().any(|(s, _, src, v)| *s == run && src == source && v == value) {
                self.privacy_strings.push((run, page.to_string(), source.clone(), value.clone()));
            }
        }
        for r in &bp.requests {
            if r.main_document || !matches!(r.url.scheme(), "http" | "https") {
                continue;
            }
            let first_party = site.is_first_party(&r.url);
            let kind = match r.resource_type {
                ResourceType::Script => EvidenceKind::Script,
                ResourceType::Image => EvidenceKind::Img,
                ResourceType::Document => EvidenceKind::Iframe,
                ResourceType::Stylesheet => EvidenceKind::Stylesheet,
                ResourceType::Font => EvidenceKind::Font,
                ResourceType::Ping => EvidenceKind::Beacon,
                _ => EvidenceKind::Request,
            };
            let frame = match (&r.frame_url, kind) {
                (Some(f), k) if k != EvidenceKind::Iframe => format!(" in frame {f}"),
                _ => String::new(),
            };
            let element = format!("{} request, initiator {}{frame}; {}", r.resource_type, r.initiator, r.outcome());
            let seen = Seen { consent: Some(state_of(r.after_click)), failed: r.failed.as_deref() };
            if first_party {
                self.add_proxied(engine, &page_s, kind, &r.url, &element, seen);
            } else {
                self.add_url(engine, &page_s, kind, &r.url, &element, seen);
            }
        }
        let now = chrono::Utc::now().timestamp() as f64;
        for c in &bp.cookies {
            let host = c.domain.trim_start_matches('.');
            let first_party = site.is_first_party_host(host);
            let domain_url = Url::parse(&format!("https://{host}/")).ok();
            let by_domain = if first_party { None } else { domain_url.as_ref().and_then(|u| engine.vendor_for_url(u)) };
            // By domain for third-party cookies, else by name; a CMP's choice cookie belongs to the CMP.
            let vendor =
                by_domain.map(|(v, _)| v).or_else(|| engine.vendor_for_cookie(&c.name).map(|(v, _)| v)).or_else(|| {
                    let cmp = consent.cmp_for_cookie(&c.name)?;
                    engine.db().vendor(cmp.vendor.as_deref()?)
                });
            let expires = c
                .expires
                .and_then(|t| chrono::DateTime::from_timestamp(t as i64, 0))
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            let stored_days = c.expires.map(|t| ((t - now).max(0.0) / 86_400.0).round() as u32);
            let set_by = if c.set_by_response.is_some() { CookieSource::Http } else { CookieSource::Js };
            let state = state_of(c.after_click);
            let dup = self.cookies.iter().any(|k| k.name == c.name && k.domain == c.domain && k.consent == Some(state));
            if !dup {
                self.cookies.push(CookieRecord {
                    name: c.name.clone(),
                    domain: c.domain.clone(),
                    first_party,
                    set_by,
                    set_by_url: c.set_by_response.clone(),
                    http_only: c.http_only,
                    secure: c.secure,
                    same_site: c.same_site.clone(),
                    expires: expires.clone(),
                    requested_days: c.asked.as_ref().and_then(AskedLifetime::days),
                    requested: c.asked.as_ref().map(|a| a.attribute.clone()),
                    stored_days,
                    capped: capped(c.asked.as_ref(), stored_days),
                    vendor: vendor.map(|v| v.id.clone()),
                    page: page_s.clone(),
                    consent: Some(state),
                });
            }
            let mut detail = format!(
                "cookie {}; domain {}; {}; set by {}",
                c.name,
                c.domain,
                if first_party { "first-party" } else { "third-party" },
                SetBy::new(set_by, c.set_by_response.as_deref())
            );
            detail.push_str(&match &expires {
                Some(t) => format!("; expires {t}"),
                None => "; session".into(),
            });
            if let Some(a) = &c.asked
                && a.seconds.is_some()
            {
                detail.push_str(&format!("; asked {}", a.attribute));
            }
            if c.http_only {
                detail.push_str("; HttpOnly");
            }
            if let Some(ss) = &c.same_site {
                detail.push_str(&format!("; SameSite={ss}"));
            }
            let e = Evidence {
                kind: EvidenceKind::Cookie,
                page: page_s.clone(),
                url: c.set_by_response.clone(),
                detail,
                consent: Some(state),
                failed: None,
                cookie: Some(c.name.clone()),
                disguise: None,
            };
            match vendor {
                Some(v) => self.add_vendor(&v.id, e),
                None if !first_party => {
                    Self::add_domain(&mut self.unknown, crate::site::registrable_domain(host), e, self.state);
                }
                None => {}
            }
        }
        for b in &bp.refused {
            self.blocked_cookies.push(BlockedCookie {
                name: b.name.clone(),
                url: b.url.clone(),
                reasons: b.reasons.clone(),
                page: page_s.clone(),
            });
        }
        for after_click in [false, true] {
            let calls: Vec<_> = bp.api_calls.iter().filter(|c| c.after_click == after_click).cloned().collect();
            for f in crate::fingerprint::verdicts(&calls, engine, site) {
                let f = f.finding(&page_s, state_of(after_click));
                let known = self.fingerprinting.iter().any(|k| {
                    k.script == f.script && k.consent == f.consent && f.kinds.iter().all(|x| k.kinds.contains(x))
                });
                if !known {
                    self.fingerprinting.push(f);
                }
            }
            let requests = bp.requests.iter().filter(|r| r.after_click == after_click);
            for f in crate::replay::verdicts(&calls, requests, engine, site) {
                let f = f.finding(&page_s, state_of(after_click));
                if !self.session_recording.iter().any(|k| k.script == f.script && k.consent == f.consent) {
                    self.session_recording.push(f);
                }
            }
        }
        if let Some(fill) = &bp.form_fill {
            let state = state_of(fill.after_click);
            for f in crate::formprobe::leaks(fill, &bp.requests, engine, site, &page_s, state) {
                if !self.form_leaks.contains(&f) {
                    self.form_leaks.push(f);
                }
            }
        }
        for k in &bp.storage {
            let vendor = engine.vendor_for_cookie(&k.key).map(|(v, _)| v);
            let state = state_of(k.after_click);
            self.storage.push(StorageRecord {
                origin: k.origin.clone(),
                kind: k.kind,
                key: k.key.clone(),
                vendor: vendor.map(|v| v.id.clone()),
                page: page_s.clone(),
                consent: Some(state),
            });
            if let Some(v) = vendor {
                let e = Evidence {
                    kind: EvidenceKind::Storage,
                    page: page_s.clone(),
                    url: None,
                    detail: format!("{}Storage key {} of {}", k.kind, k.key, k.origin),
                    consent: Some(state),
                    failed: None,
                    cookie: None,
                    disguise: None,
                };
                self.add_vendor(&v.id, e);
            }
        }
    }

    /// Unknown third parties, for the report.
    pub(crate) fn unknown_third_parties(&self) -> Vec<DomainEvidence> {
        self.unknown.iter().map(|(d, e)| DomainEvidence { domain: d.clone(), evidence: e.clone() }).collect()
    }

    /// Hints, for the report.
    pub(crate) fn hint_list(&self) -> Vec<DomainEvidence> {
        self.hints.iter().map(|(d, e)| DomainEvidence { domain: d.clone(), evidence: e.clone() }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::capture;

    fn observe(html: &str, from_dom: bool) -> Observations {
        let page = Url::parse("https://www.shop.test/").unwrap();
        let site = Site::from_url(&page, &[]);
        let mut o = Observations::default();
        o.add_page(&Engine::builtin(), &site, &page, &capture(html, &page), from_dom);
        o
    }

    #[test]
    fn a_script_tag_is_its_vendor_with_the_element_the_rule_and_the_tracker_id() {
        let o =
            observe(r#"<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC1234567"></script>"#, false);
        let ga = o.vendors.values().flatten().find(|e| e.kind == EvidenceKind::Script).expect("a script finding");
        assert_eq!(ga.page, "https://www.shop.test/");
        assert!(ga.url.as_deref().is_some_and(|u| u.contains("gtag/js")), "{ga:?}");
        assert!(ga.detail.contains("script pattern") || ga.detail.contains("domain"), "{}", ga.detail);
        assert!(o.ids.values().flatten().any(|id| id == "G-ABC1234567"), "{:?}", o.ids);
        assert!(o.unknown.is_empty() && o.hints.is_empty());
    }

    #[test]
    fn hints_are_kept_apart_and_first_party_resources_are_nobodys() {
        let o = observe(
            r#"<link rel="preconnect" href="https://static.hotjar.com">
               <script src="/assets/app.js"></script><img src="https://www.shop.test/logo.png">"#,
            false,
        );
        assert!(o.vendors.is_empty(), "a resource hint is not a tracker: {:?}", o.vendors);
        let hint = &o.hints["hotjar.com"][0];
        assert_eq!(hint.kind, EvidenceKind::Hint);
        assert!(hint.detail.contains("Hotjar"), "the hint names who it points at: {}", hint.detail);
        assert!(o.unknown.is_empty());
    }

    #[test]
    fn an_unknown_third_party_is_kept_by_registrable_domain() {
        let o = observe(r#"<script src="https://cdn.eu.tiny-analytics.example/t.js"></script>"#, false);
        assert!(o.vendors.is_empty());
        let e = &o.unknown["tiny-analytics.example"][0];
        assert_eq!(e.url.as_deref(), Some("https://cdn.eu.tiny-analytics.example/t.js"));
    }

    #[test]
    fn an_inline_snippet_is_attributed_by_its_signature() {
        let o = observe(
            "<script>(function(h){h.hj=h.hj||function(){};h._hjSettings={hjid:123456,hjsv:6};})(window);</script>",
            false,
        );
        let hotjar = o.vendors.get("hotjar").expect("the Hotjar snippet");
        assert_eq!(hotjar[0].kind, EvidenceKind::InlineScript);
        assert!(hotjar[0].detail.starts_with("inline snippet matches `"), "{}", hotjar[0].detail);
    }

    #[test]
    fn from_the_rendered_dom_only_hints_snippets_and_ids_are_taken() {
        let html = r#"<script src="https://static.hotjar.com/c/hotjar-1.js"></script>
                      <link rel="dns-prefetch" href="https://connect.facebook.net">"#;
        let o = observe(html, true);
        assert!(o.vendors.is_empty(), "what loaded comes from the network log: {:?}", o.vendors);
        assert_eq!(o.hints.len(), 1);
        assert!(!observe(html, false).vendors.is_empty(), "the static engine takes the script");
    }

    #[test]
    fn a_cookie_a_vendor_uses_is_attributed_to_it() {
        let page = Url::parse("https://www.shop.test/").unwrap();
        let mut o = Observations::default();
        let lines = ["_ga=GA1.2.1.2; Path=/; Max-Age=63072000".to_string(), "session=abc; HttpOnly".to_string()];
        o.add_cookies(&Engine::builtin(), &page, &page, &lines);
        let ga = o.vendors.get("google-analytics").expect("_ga is Google Analytics'");
        assert_eq!(ga[0].kind, EvidenceKind::Cookie);
        assert!(ga[0].detail.contains("_ga"), "{}", ga[0].detail);
        assert_eq!(ga[0].cookie.as_deref(), Some("_ga"), "the cookie's name is a field, not only text");
        assert_eq!(o.vendors.len(), 1, "a generic cookie name is nobody's: {:?}", o.vendors.keys());
    }

    fn request(url: &str, resource_type: ResourceType) -> crate::browser_page::NetRequest {
        crate::browser_page::NetRequest {
            url: Url::parse(url).unwrap(),
            method: "GET".into(),
            resource_type,
            initiator: "parser".into(),
            frame_url: None,
            main_document: false,
            status: Some(200),
            mime: None,
            failed: None,
            after_click: false,
            started: 0.0,
            duration_ms: None,
            request_headers: Vec::new(),
            response_headers: Vec::new(),
            size: None,
            post_data: None,
        }
    }

    #[test]
    fn the_browser_engine_types_requests_cookies_and_storage() {
        use crate::browser_page::{SeenCookie, StorageKey};
        use crate::model::StorageKind;
        let page = Url::parse("https://www.shop.test/").unwrap();
        let site = Site::from_url(&page, &[]);
        let bp = BrowserPage {
            requests: vec![
                request("https://static.hotjar.com/c/hotjar-1.js", ResourceType::Script),
                request("https://tiny-analytics.example/collect", ResourceType::Unknown("SpeculationRules".into())),
            ],
            cookies: vec![SeenCookie {
                name: "_hjSessionUser_123".into(),
                domain: ".shop.test".into(),
                path: "/".into(),
                http_only: false,
                secure: true,
                same_site: None,
                expires: None,
                set_by_response: None,
                after_click: false,
                asked: None,
            }],
            storage: vec![StorageKey {
                origin: "https://www.shop.test".into(),
                kind: StorageKind::Session,
                key: "_hjSessionStorageTest".into(),
                after_click: false,
            }],
            ..BrowserPage::default()
        };
        let mut o = Observations::default();
        o.add_browser_page(
            &Engine::builtin(),
            &crate::consent::ConsentDb::builtin(),
            &site,
            &page,
            &bp,
            ConsentState::Accept,
        );
        let hotjar = &o.vendors["hotjar"];
        let script = hotjar.iter().find(|e| e.kind == EvidenceKind::Script).expect("the script request");
        assert!(script.detail.starts_with("Script request, initiator parser"), "{}", script.detail);
        assert_eq!(script.cookie, None);
        let unknown = &o.unknown["tiny-analytics.example"][0];
        assert_eq!(unknown.kind, EvidenceKind::Request, "an unlisted type is a plain request");
        assert!(unknown.detail.starts_with("SpeculationRules request"), "{}", unknown.detail);
        let cookie = hotjar.iter().find(|e| e.kind == EvidenceKind::Cookie).expect("the cookie");
        assert_eq!(cookie.cookie.as_deref(), Some("_hjSessionUser_123"));
        assert!(cookie.detail.contains("set by JavaScript"), "{}", cookie.detail);
        assert_eq!(o.cookies[0].set_by, CookieSource::Js);
        assert_eq!(o.storage[0].kind, StorageKind::Session);
        let storage = hotjar.iter().find(|e| e.kind == EvidenceKind::Storage).expect("the storage key");
        assert!(storage.detail.starts_with("sessionStorage key _hjSessionStorageTest"), "{}", storage.detail);
    }

    #[test]
    fn evidence_is_deduplicated_and_bounded_per_vendor() {
        let engine = Engine::builtin();
        let mut o = Observations::default();
        let html = r#"<script src="https://static.hotjar.com/c/hotjar-1.js"></script>"#;
        for i in 0..(MAX_EVIDENCE + 50) {
            let page = Url::parse(&format!("https://www.shop.test/p{i}")).unwrap();
            let site = Site::from_url(&page, &[]);
            let captured = capture(html, &page);
            o.add_page(&engine, &site, &page, &captured, false);
            o.add_page(&engine, &site, &page, &captured, false);
        }
        assert_eq!(o.vendors["hotjar"].len(), MAX_EVIDENCE);
    }

    #[test]
    fn every_element_kind_is_evidence_of_its_kind() {
        let o = observe(
            r#"<iframe src="https://www.youtube.com/embed/abc"></iframe>
               <img src="https://www.facebook.com/tr?id=123456789012345&ev=PageView" width="1" height="1">
               <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">
               <script src="https://static.hotjar.com/c/hotjar-1.js"></script>"#,
            false,
        );
        let kinds: Vec<(EvidenceKind, &str)> =
            o.vendors.iter().flat_map(|(id, es)| es.iter().map(move |e| (e.kind, id.as_str()))).collect();
        for kind in [EvidenceKind::Iframe, EvidenceKind::Pixel, EvidenceKind::Stylesheet, EvidenceKind::Script] {
            assert!(kinds.iter().any(|(k, _)| *k == kind), "no {kind:?} evidence in {kinds:?}");
        }
        let pixel = o.vendors.values().flatten().find(|e| e.kind == EvidenceKind::Pixel).unwrap();
        assert!(pixel.url.as_deref().is_some_and(|u| u.starts_with("https://www.facebook.com/tr")), "{pixel:?}");
    }

    #[test]
    fn lookalike_hosts_are_not_the_vendor() {
        // A vendor's domain inside another name, or as a subdomain label of someone else's, is not the vendor.
        let o = observe(
            r#"<script src="https://google-analytics.com.cdn-mirror.example/a.js"></script>
               <script src="https://notgoogle-analytics.com/a.js"></script>
               <script src="https://hotjar.example/c/hotjar-1.js"></script>"#,
            false,
        );
        assert!(
            !o.vendors.contains_key("google-analytics") && !o.vendors.contains_key("hotjar"),
            "lookalikes taken for vendors: {:?}",
            o.vendors.keys().collect::<Vec<_>>()
        );
        assert!(o.unknown.contains_key("cdn-mirror.example"), "{:?}", o.unknown.keys().collect::<Vec<_>>());
        assert!(o.unknown.contains_key("notgoogle-analytics.com"));
    }

    #[test]
    fn commented_out_snippets_and_links_are_not_trackers_and_gated_scripts_say_so() {
        let o = observe(
            r#"<!-- <script src="https://static.hotjar.com/c/hotjar-1.js"></script> -->
               <a href="https://www.facebook.com/shop">Facebook</a>
               <script type="text/plain" data-cookieconsent="statistics"
                 src="https://www.googletagmanager.com/gtag/js?id=G-ABC1234567"></script>"#,
            false,
        );
        // Neither the commented-out Hotjar script nor the plain link to Facebook is anybody's evidence.
        assert_eq!(o.vendors.keys().collect::<Vec<_>>(), ["google-analytics"], "{:?}", o.vendors);
        // A script held back until consent is the vendor's (it runs after accept), and the evidence says so.
        let gated = &o.vendors["google-analytics"][0];
        assert!(gated.detail.contains("held back until consent"), "{}", gated.detail);
    }
}
