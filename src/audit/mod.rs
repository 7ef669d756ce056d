//! The audit: crawl a site (or a built site on disk), capture what each page loads, attribute it to vendors,
//! find and read the privacy policy, and judge each vendor against it.

mod budget;
pub mod consent;
mod documents;
mod findings;
mod folder;
pub mod verdict;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use url::Url;

use self::documents::Documents;
use crate::capture;
use crate::consent::{ConsentDb, ConsentMode};
use crate::crawl::{CrawlConfig, Crawler, Fetched, PageOutcome, Source};
use crate::decode;
use crate::detect::Observations;
use crate::discover::Discovery;
use crate::fetch::Fetcher;
use crate::model::{AuditError, AuditReport, ConsentManager, ConsentState, timestamp};
use crate::policy;
use crate::site::{Site, registrable_domain};
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

/// Which engine reads pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EngineKind {
    /// HTML only: what the markup loads.
    #[default]
    Static,
    /// Chromium over the DevTools protocol: what the page really loads, JavaScript included.
    Chrome,
}

/// Runs audits; one per process or shared by a batch scan, with one engine and one HTTP client.
#[derive(Debug, Clone)]
pub struct Auditor {
    engine: Arc<Engine>,
    fetcher: Arc<Fetcher>,
    #[cfg(feature = "browser")]
    browsers: Option<Arc<crate::browser::BrowserPool>>,
}

/// Extensions of links that are not pages.
const NOT_PAGES: &[&str] = &[
    "pdf", "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "zip", "gz", "tgz", "rar", "7z", "mp3", "mp4", "webm",
    "mov", "avi", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "css", "js", "json", "xml", "rss", "woff", "woff2",
    "ttf", "eot", "exe", "dmg", "apk", "csv",
];

fn is_page_link(url: &Url) -> bool {
    let last = url.path().rsplit('/').next().unwrap_or_default();
    match last.rsplit_once('.') {
        Some((_, ext)) => !NOT_PAGES.contains(&ext.to_ascii_lowercase().as_str()),
        None => true,
    }
}

/// What an audit target is.
enum Target {
    Web(Url),
    Folder { root: PathBuf, start: PathBuf },
}

fn parse_target(target: &str) -> Result<Target, String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        return Url::parse(target).map(Target::Web).map_err(|e| format!("invalid URL {target:?}: {e}"));
    }
    if target.contains("://") {
        return Err(format!(
            "invalid target {target:?}: only http:// and https:// URLs, folders and HTML files are audited"
        ));
    }
    let path = Path::new(target);
    let abs = std::fs::canonicalize(path)
        .map_err(|e| format!("cannot read {target}: {e} (give an http(s) URL, a folder or an HTML file)"))?;
    if abs.is_dir() {
        let start = ["index.html", "index.htm"].iter().map(|f| abs.join(f)).find(|p| p.is_file());
        match start {
            Some(start) => Ok(Target::Folder { root: abs, start }),
            None => Err(format!(
                "{target} has no index.html: give the built site's folder (public/, _site/, out/) or an HTML file"
            )),
        }
    } else {
        let root = abs.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
        Ok(Target::Folder { root, start: abs })
    }
}

pub use budget::{DEFAULT_PAGE_BUDGET, Overrun};

/// State gathered while the crawl runs.
struct Gathered {
    site: Option<Site>,
    first_party: Vec<String>,
    observations: Observations,
    discovery: Discovery,
    /// Bodies of pages that were policy candidates when fetched, by the URL requested, with the final URL, so
    /// that a policy is not fetched twice.
    policy_bodies: HashMap<String, (String, Vec<u8>, Option<String>)>,
    /// URLs tried as policy documents that are not linked candidates (well-known paths).
    wanted: HashSet<String>,
    /// The consent manager, once found.
    cmp: Option<ConsentManager>,
    /// (Browser engine) the consent state being audited.
    run: Option<ConsentState>,
    /// Time allowed for reading one page.
    budget: std::time::Duration,
}

impl Gathered {
    /// Handles one page read (`requested`, after redirects `fetched.url`): capture, attribute, look for policy
    /// links, and return links to follow.
    fn page(&mut self, engine: &Engine, requested: &Url, fetched: &Fetched) -> PageOutcome {
        if self.discovery.is_candidate(requested) || self.wanted.contains(requested.as_str()) {
            let body = (fetched.url.to_string(), fetched.body.clone(), fetched.content_type.clone());
            self.policy_bodies.insert(requested.to_string(), body);
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
            self.observations.add_browser_page(engine, site, &fetched.url, bp, run);
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
        let cmp = self.cmp_globals.and_then(|g| ConsentDb::builtin().detect(&self.url, &captured, Some(&doc), &g));
        PageRead { warnings, captured, cmp }
    }
}

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
                report.errors.push(AuditError { scope: "site".into(), url: None, message });
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
                scope: "site".into(),
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
            report.errors.push(AuditError { scope: "policy".into(), url: None, message: message.clone() });
            report.policy_missing = Some(message);
        }
        for p in &report.pages {
            if let Some(e) = &p.error
                && !tried.contains(&p.url)
            {
                let scope = if e.contains("robots.txt") { "robots" } else { "page" };
                report.errors.push(AuditError { scope: scope.into(), url: Some(p.url.clone()), message: e.clone() });
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

    /// The browser engine: each consent state in a fresh context of one leased Chromium. The policy is read
    /// in the first state; later states visit its page too, so every state sees the same pages.
    #[cfg(feature = "browser")]
    async fn browse(
        &self,
        report: &mut AuditReport,
        gathered: &mut Gathered,
        start: &Url,
        config: &AuditConfig,
    ) -> Documents {
        use crate::browser::{BrowserSource, SiteSession};

        report.engine = "chrome".into();
        let site_error = |report: &mut AuditReport, message: String| {
            report.errors.push(AuditError {
                scope: "site".into(),
                url: Some(start.to_string()),
                message: message.clone(),
            });
            let mut page = crate::model::PageRecord::new(start.as_str(), 0);
            page.error = Some(message);
            report.pages.push(page);
        };
        let Some(pool) = &self.browsers else {
            site_error(report, "the browser engine was asked for but no Chromium was set up".into());
            return Documents::default();
        };
        let mut lease = match pool.lease().await {
            Ok(l) => l,
            Err(e) => {
                site_error(report, e);
                return Documents::default();
            }
        };
        let label: String = start
            .host_str()
            .unwrap_or("site")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
            .collect();
        let engine = Arc::clone(&self.engine);
        let crawl = CrawlConfig { concurrency: 1, ..config.crawl.clone() };
        let mut documents = Documents::default();
        for (n, state) in config.consent.states().into_iter().enumerate() {
            let session = match SiteSession::open(&lease, state, &label).await {
                Ok(s) => s,
                Err(e) => {
                    lease.mark_broken();
                    site_error(report, e);
                    break;
                }
            };
            let src = Arc::new(BrowserSource {
                session: tokio::sync::Mutex::new(session),
                fetcher: Arc::clone(&self.fetcher),
            });
            gathered.run = Some(state);
            gathered.observations.state = Some(state);
            let mut crawler =
                Crawler::new(Source::Pages(Arc::clone(&src) as Arc<dyn crate::crawl::PageSource>), crawl.clone());
            crawler
                .crawl(vec![(start.clone(), 0)], config.crawl.max_pages, |u, f, _| gathered.page(&engine, u, f))
                .await;
            if n == 0 {
                documents = self.site_documents(config, gathered, &mut crawler, start).await;
            } else {
                let unseen: Vec<(Url, usize)> =
                    documents.urls().into_iter().filter(|u| !crawler.has_seen(u)).map(|u| (u, 1)).collect();
                let budget = unseen.len();
                crawler.crawl(unseen, budget, |u, f, _| gathered.page(&engine, u, f)).await;
            }
            report.pages.extend(crawler.into_records().into_iter().map(|mut p| {
                p.consent = Some(state);
                p
            }));
            let end = match Arc::try_unwrap(src) {
                Ok(src) => src.session.into_inner().close().await,
                Err(_) => crate::browser::SessionEnd {
                    broken: Some("the browser session was still in use".into()),
                    ..Default::default()
                },
            };
            report.consent_actions.extend(end.action);
            report.artifacts.extend(end.artifacts);
            if let Some(why) = end.broken {
                lease.mark_broken();
                report.errors.push(AuditError { scope: "site".into(), url: Some(start.to_string()), message: why });
                break;
            }
        }
        lease.release().await;
        gathered.observations.state = None;
        documents
    }

    #[cfg(not(feature = "browser"))]
    async fn browse(
        &self,
        report: &mut AuditReport,
        _gathered: &mut Gathered,
        start: &Url,
        _config: &AuditConfig,
    ) -> Documents {
        let message = "this trackaudit was built without the `browser` feature; use --engine static".to_string();
        report.errors.push(AuditError { scope: "site".into(), url: Some(start.to_string()), message: message.clone() });
        let mut page = crate::model::PageRecord::new(start.as_str(), 0);
        page.error = Some(message);
        report.pages.push(page);
        Documents::default()
    }
}
