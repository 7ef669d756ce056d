//! The audit: crawl a site (or a built site on disk), capture what each page loads, attribute it to vendors,
//! find and read the privacy policy, and judge each vendor against it.

mod browse;
mod budget;
mod builder;
mod cloaking;
pub mod consent;
mod cookies;
mod declared;
mod documents;
mod findings;
mod folder;
mod gather;
mod gpc;
mod practices;
mod strings;
mod target;
mod tcf;
pub mod verdict;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use url::Url;

use self::gather::Gathered;
use self::target::{Target, parse_target};
use crate::consent::{ConsentDb, ConsentMode};
use crate::crawl::{CrawlConfig, Crawler, Source};
use crate::detect::Observations;
use crate::discover::Discovery;
use crate::fetch::Fetcher;
use crate::model::{AuditError, AuditReport, ErrorScope, timestamp};
use crate::site::registrable_domain;
use crate::vendors::Engine;

/// How to audit.
#[derive(Debug, Clone, Default)]
pub struct AuditConfig {
    /// Crawl limits.
    pub crawl: CrawlConfig,
    /// Extra first-party domains (`--first-party`).
    pub first_party: Vec<String>,
    /// Read this policy instead of discovering one (`--policy FILE|URL`).
    pub policy: Option<String>,
    /// Where a local folder is published (`--base-url`).
    pub base_url: Option<Url>,
    /// Largest page or file read, in bytes.
    pub max_page_bytes: u64,
    /// (Browser engine) the consent states to audit.
    pub consent: ConsentMode,
    /// Time allowed for reading one page or policy document (`--page-budget`); `None` for
    /// [`DEFAULT_PAGE_BUDGET`]. A page over it is an error and the rest of the site is audited.
    pub page_budget: Option<std::time::Duration>,
    /// Vendors reviewed and accepted (`[[accept]]` in `trackaudit.toml`): marked in the report, never failing.
    pub baseline: crate::baseline::Baseline,
    /// Keep each policy document's bytes as fetched in [`AuditReport::sources`] (for `--evidence`).
    pub keep_sources: bool,
    /// (Browser engine) tracking cookies living longer than this many days are findings
    /// (`--max-cookie-days`); `None` for [`DEFAULT_MAX_COOKIE_DAYS`].
    pub max_cookie_days: Option<u32>,
    /// (Browser engine) the IAB Global Vendor List (`--gvl FILE`), to match TCF vendor ids to vendors.
    pub gvl: Option<Arc<crate::consent_strings::Gvl>>,
    /// Whether the site's own subdomains are resolved to find CNAME cloaking (off by default).
    pub cname: CnameLookup,
    /// (Browser engine) type canary values (an e-mail address, a name, a phone number) into each page's
    /// visible form fields, never submitting, and report those sent anyway (`--probe-forms`; off by
    /// default, since it types into the site's forms).
    pub probe_forms: bool,
}

pub use cloaking::CnameLookup;

/// Largest page read by default, in bytes (`--max-page-bytes`); a larger one is the page's error.
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

pub use crate::model::EngineKind;

/// Runs audits; one per process or shared by a batch scan, with one vendor engine, one consent database, one
/// HTTP client and, for the browser engine, one pool of Chromium processes. Built by [`Auditor::builder`].
#[derive(Debug, Clone)]
pub struct Auditor {
    vendors: Arc<Engine>,
    consent: Arc<ConsentDb>,
    fetcher: Arc<Fetcher>,
    config: Arc<AuditConfig>,
    observer: Option<crate::crawl::PageObserver>,
    #[cfg(feature = "browser")]
    browsers: Option<Arc<crate::browser::BrowserPool>>,
    /// Global Vendor Lists matched to the vendor database, by list: a scan matches its list once.
    gvl_matches: GvlCache,
    /// CNAME resolvers, by lookup setting, shared by every audit (each host resolved once).
    resolvers: cloaking::Resolvers,
}

/// The GVL matches computed so far (a scan has one list; a few are kept).
type GvlCache = Arc<std::sync::Mutex<Vec<(Arc<crate::consent_strings::Gvl>, Arc<crate::consent_strings::GvlMatches>)>>>;

pub use crate::model::{
    BrowserSettings, DEFAULT_MAX_COOKIE_DAYS, DEFAULT_MAX_WAIT, DEFAULT_PAGE_TIMEOUT, DEFAULT_QUIET, DEFAULT_TABS,
    MAX_TABS, Settle,
};
pub use budget::{DEFAULT_PAGE_BUDGET, Overrun};
pub use builder::{AuditorBuilder, BuildError, CHROMIUM_HINT, find_chrome};

impl Auditor {
    /// A builder with every part at its default (the static engine, the built-in databases).
    pub fn builder() -> AuditorBuilder {
        AuditorBuilder::default()
    }

    /// The engine that reads pages: [`EngineKind::Chrome`] when built with [`AuditorBuilder::browser`].
    pub fn engine_kind(&self) -> EngineKind {
        #[cfg(feature = "browser")]
        if self.browsers.is_some() {
            return EngineKind::Chrome;
        }
        EngineKind::Static
    }

    /// The vendor engine.
    pub fn vendors(&self) -> &Arc<Engine> {
        &self.vendors
    }

    /// The consent database.
    pub fn consent_db(&self) -> &Arc<ConsentDb> {
        &self.consent
    }

    /// The vendors of `gvl` matched to the vendor database, computed once per list.
    fn gvl_matches(&self, gvl: &Arc<crate::consent_strings::Gvl>) -> Arc<crate::consent_strings::GvlMatches> {
        let mut cache = self.gvl_matches.lock().expect("gvl cache lock");
        if let Some((_, m)) = cache.iter().find(|(g, _)| Arc::ptr_eq(g, gvl)) {
            return Arc::clone(m);
        }
        let m = Arc::new(crate::consent_strings::match_vendors(gvl, self.vendors.db()));
        if cache.len() >= 4 {
            cache.remove(0);
        }
        cache.push((Arc::clone(gvl), Arc::clone(&m)));
        m
    }

    /// The settings of every audit.
    pub fn config(&self) -> &AuditConfig {
        &self.config
    }

    /// (Browser engine) the Chromium processes it runs at most; `None` for the static engine.
    pub fn browser_workers(&self) -> Option<usize> {
        #[cfg(feature = "browser")]
        if let Some(pool) = &self.browsers {
            return Some(pool.workers());
        }
        None
    }

    /// HTTP requests sent so far by the static engine's client (for progress).
    pub fn requests_sent(&self) -> u64 {
        self.fetcher.requests_sent()
    }

    /// Audits `target` (an http(s) URL, a folder or an HTML file). Never fails: problems are in the report's
    /// pages and errors, and [`AuditReport::any_page_read`] says whether anything was audited.
    pub async fn audit(&self, target: &str) -> AuditReport {
        self.audit_with(target, &self.config).await
    }

    /// Audits `target` with other audit settings (a per-target policy or base URL), same engine and databases.
    pub async fn audit_with(&self, target: &str, config: &AuditConfig) -> AuditReport {
        // The private-address guard depends on where the site starts.
        let mut report = crate::fetch::guard::site_scope(target, self.audit_site(target, config)).await;
        config.baseline.apply(&mut report, chrono::Utc::now().date_naive());
        report
    }

    /// Closes every Chromium this auditor started and removes its profile (waiting at most 20 s); nothing to
    /// do for the static engine. Audits after it start new browsers.
    #[cfg_attr(not(feature = "browser"), allow(clippy::unused_async))] // the same API in every build
    pub async fn shutdown(&self) {
        #[cfg(feature = "browser")]
        if let Some(pool) = &self.browsers {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(20), pool.shutdown()).await;
        }
    }

    async fn audit_site(&self, target: &str, config: &AuditConfig) -> AuditReport {
        let mut report = AuditReport::started(target);
        let mut rebase = None;
        let (source, start, site) = match parse_target(target) {
            Err(message) => {
                report.errors.push(AuditError { scope: ErrorScope::Site, url: None, message });
                report.finished_at = timestamp();
                return report;
            }
            Ok(Target::Web(url)) => (Source::Web(Arc::clone(&self.fetcher)), url, None),
            Ok(Target::Folder { root, start }) => {
                let f = folder::setup(&root, &start, config.base_url.as_ref(), &config.first_party);
                let max_bytes = if config.max_page_bytes == 0 { 16 * 1024 * 1024 } else { config.max_page_bytes };
                rebase = f.rebase;
                (Source::Folder { root, base: f.base, max_bytes }, f.start, Some(f.site))
            }
        };
        let mut gathered = Gathered {
            site,
            first_party: config.first_party.clone(),
            observations: Observations::default(),
            discovery: Discovery::default(),
            policy_bodies: HashMap::new(),
            wanted: HashSet::new(),
            cmp: None,
            run: None,
            budget: config.page_budget.unwrap_or(DEFAULT_PAGE_BUDGET),
            consent: Arc::clone(&self.consent),
        };
        let web = source.is_web();
        #[cfg(feature = "browser")]
        let pool = self.browsers.as_ref().filter(|_| web);
        // Without the browser feature there is no pool to run.
        #[cfg(not(feature = "browser"))]
        let pool: Option<&std::convert::Infallible> = None;
        let browser = pool.is_some();
        if self.engine_kind() == EngineKind::Chrome && !browser {
            report.errors.push(AuditError {
                scope: ErrorScope::Site,
                url: None,
                message: "the browser engine audits URLs; this folder was read with the static engine".into(),
            });
        }
        let documents = if let Some(pool) = pool {
            self.browse(pool, &mut report, &mut gathered, &start, config).await
        } else {
            let mut crawler = Crawler::new(source, config.crawl.clone()).observed(self.observer.clone());
            let engine = Arc::clone(&self.vendors);
            crawler
                .crawl(vec![(start.clone(), 0)], config.crawl.max_pages, |u, f, _| gathered.page(&engine, u, f))
                .await;
            let documents = self.site_documents(config, &mut gathered, &mut crawler, &start).await;
            report.pages = crawler.into_records();
            documents
        };
        report.site = gathered.site.as_ref().map_or_else(
            || Url::parse(target).ok().and_then(|u| u.host_str().map(registrable_domain)).unwrap_or_default(),
            |s| s.name.clone(),
        );
        let tried: HashSet<String> = documents.tries.iter().filter_map(|e| e.url.clone()).collect();
        if config.keep_sources {
            report.sources = documents.sources;
        }
        let mut docs = documents.docs.into_iter();
        report.policy = docs.next();
        report.other_documents = docs.collect();
        if let Some(message) = documents.missing {
            report.errors.push(AuditError { scope: ErrorScope::Policy, url: None, message: message.clone() });
            report.policy_missing = Some(message);
        }
        for p in &report.pages {
            if let Some(e) = &p.error
                && !tried.contains(&p.url)
            {
                let scope = if e.contains("robots.txt") { ErrorScope::Robots } else { ErrorScope::Page };
                report.errors.push(AuditError { scope, url: Some(p.url.clone()), message: e.clone() });
            }
        }
        report.errors.extend(documents.tries);
        report.declared_cookies = declared::from_documents(&report);
        let site_name = gathered.site.as_ref().map(|s| s.name.clone());
        if let (true, Some(site_name)) = (web, site_name) {
            match cloaking::resolver(&self.resolvers, config.cname) {
                Ok(Some(r)) => {
                    let found = cloaking::check(&r, &site_name, &mut gathered.observations, self.vendors.db()).await;
                    report.cname = Some(found);
                }
                Ok(None) => {}
                Err(message) => report.errors.push(AuditError { scope: ErrorScope::Site, url: None, message }),
            }
        }
        self.judge(&mut report, &gathered.observations);
        report.consent_manager = gathered.cmp.take();
        if browser {
            report.consent_issues = consent::consent_issues(&report);
        }
        if browser && config.consent.states().contains(&crate::model::ConsentState::Gpc) {
            let read = report.pages.iter().find(|p| p.error.is_none());
            let site = read.and_then(|p| Url::parse(p.final_url.as_deref().unwrap_or(&p.url)).ok());
            let well_known = gpc::well_known(&self.fetcher, site.as_ref().unwrap_or(&start)).await;
            report.gpc = Some(gpc::report(well_known, &gathered.observations.privacy_strings));
        }
        if browser {
            let matches = config.gvl.as_ref().map(|g| (g, self.gvl_matches(g)));
            let gvl = matches.as_ref().map(|(g, m)| (g.as_ref(), m.as_ref()));
            let banner = report.consent_actions.iter().find_map(|a| a.banner_text.as_deref());
            report.tcf = tcf::report(&gathered.observations.privacy_strings, &report.findings, gvl, banner);
        }
        report.declared_cookies.extend(declared::from_cmps(&gathered.observations.declarations));
        let obs = gathered.observations;
        report.unknown_third_parties = obs.unknown_third_parties();
        report.hints = obs.hint_list();
        report.cookies = obs.cookies;
        report.blocked_cookies = obs.blocked_cookies;
        if browser {
            let max_days = config.max_cookie_days.unwrap_or(crate::model::DEFAULT_MAX_COOKIE_DAYS);
            report.cookie_issues = cookies::cookie_issues(&report, max_days);
            report.cookie_issues.extend(declared::set_before_consent(&report, &report.declared_cookies));
            report.cookie_issues.extend(declared::declaration_issues(&report, &report.declared_cookies));
        }
        if browser {
            report.fingerprinting = obs.fingerprinting;
        }
        report.session_recording = crate::replay::with_known(obs.session_recording, &report.findings);
        report.storage = obs.storage;
        report.form_leaks = obs.form_leaks;
        // After every behaviour finding is in.
        practices::judge(&mut report, self.vendors.db());
        if let Some((from, to)) = rebase {
            folder::rebase(&mut report, &from, &to);
        }
        // Site-controlled strings (a 100 KB URL) are capped once, for every format and the database.
        report.bound_strings();
        report.finished_at = timestamp();
        report
    }
}
