//! The audit: crawl a site (or a built site on disk), capture what each page loads, attribute it to vendors,
//! find and read the privacy policy, and judge each vendor against it.

mod browse;
mod budget;
pub mod consent;
mod documents;
mod findings;
mod folder;
mod gather;
mod target;
pub mod verdict;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use url::Url;

use self::gather::Gathered;
use self::target::{Target, parse_target};
use crate::consent::ConsentMode;
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
    /// Which engine reads the pages.
    pub engine: EngineKind,
    /// (Browser engine) the consent states to audit.
    pub consent: ConsentMode,
    /// Time allowed for reading one page or policy document (`--page-budget`); `None` for
    /// [`DEFAULT_PAGE_BUDGET`]. A page over it is an error and the rest of the site is audited.
    pub page_budget: Option<std::time::Duration>,
}

/// Largest page read by default, in bytes (`--max-page-bytes`); a larger one is the page's error.
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

pub use crate::model::EngineKind;

/// Runs audits; one per process or shared by a batch scan, with one engine and one HTTP client.
#[derive(Debug, Clone)]
pub struct Auditor {
    engine: Arc<Engine>,
    fetcher: Arc<Fetcher>,
    #[cfg(feature = "browser")]
    browsers: Option<Arc<crate::browser::BrowserPool>>,
}

pub use budget::{DEFAULT_PAGE_BUDGET, Overrun};

impl Auditor {
    /// An auditor with a vendor engine and an HTTP client.
    pub fn new(engine: Arc<Engine>, fetcher: Arc<Fetcher>) -> Auditor {
        Auditor {
            engine,
            fetcher,
            #[cfg(feature = "browser")]
            browsers: None,
        }
    }

    /// Uses these Chromium processes for audits with [`EngineKind::Chrome`].
    #[cfg(feature = "browser")]
    pub fn with_browsers(mut self, pool: Arc<crate::browser::BrowserPool>) -> Auditor {
        self.browsers = Some(pool);
        self
    }

    /// Audits `target` (an http(s) URL, a folder or an HTML file). Never fails: problems are in the report's
    /// pages and errors, and [`AuditReport::any_page_read`] says whether anything was audited.
    pub async fn audit(&self, target: &str, config: &AuditConfig) -> AuditReport {
        // The private-address guard depends on where the site starts.
        crate::fetch::guard::site_scope(target, self.audit_site(target, config)).await
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
        };
        let browser = config.engine == EngineKind::Chrome && source.is_web();
        if config.engine == EngineKind::Chrome && !browser {
            report.errors.push(AuditError {
                scope: ErrorScope::Site,
                url: None,
                message: "the browser engine audits URLs; this folder was read with the static engine".into(),
            });
        }
        let documents = if browser {
            self.browse(&mut report, &mut gathered, &start, config).await
        } else {
            let mut crawler = Crawler::new(source, config.crawl.clone());
            let engine = Arc::clone(&self.engine);
            crawler
                .crawl(vec![(start.clone(), 0)], config.crawl.max_pages, |u, f, _| gathered.page(&engine, u, f))
                .await;
            let documents = self.site_documents(config, &mut gathered, &mut crawler, &start).await;
            report.pages = crawler.into_records();
            documents
        };
        report.site = gathered.site.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| {
            Url::parse(target).ok().and_then(|u| u.host_str().map(registrable_domain)).unwrap_or_default()
        });
        let tried: HashSet<String> = documents.tries.iter().filter_map(|e| e.url.clone()).collect();
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
        self.judge(&mut report, &gathered.observations);
        report.consent_manager = gathered.cmp.take();
        if browser {
            report.consent_issues = consent::consent_issues(&report);
        }
        let obs = gathered.observations;
        report.unknown_third_parties = obs.unknown_third_parties();
        report.hints = obs.hint_list();
        report.cookies = obs.cookies;
        report.blocked_cookies = obs.blocked_cookies;
        report.storage = obs.storage;
        if let Some((from, to)) = rebase {
            folder::rebase(&mut report, &from, &to);
        }
        // Site-controlled strings (a 100 KB URL) are capped once, for every format and the database.
        report.bound_strings();
        report.finished_at = timestamp();
        report
    }
}
