//! The static crawler: same-site pages, breadth first from the start page, within limits, robots.txt
//! respected, a few requests in flight at a time and the host's crawl delay honoured.
//!
//! The crawler knows nothing about trackers: it hands each page to a callback, which captures what the page
//! loads and returns the links worth following. Every page attempted is recorded with its status or error.
//! A bot challenge or login wall served instead of a page (`interstitial`) is recorded as such and never
//! handed to the callback: its content is not the site's.

mod error;
mod folder;
pub(crate) mod interstitial;
mod robots;
mod source;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::time::Instant;
use url::Url;

use crate::model::PageRecord;
pub use error::{CrawlError, FolderError, RobotsError};
pub(crate) use robots::RobotsCache;
pub(crate) use source::{FOLDER_ORIGIN, Source};
pub use source::{Fetched, PageSource, Visit};

/// Crawl limits.
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    /// Most pages fetched (the policy page comes on top).
    pub max_pages: usize,
    /// Most links followed from the start page.
    pub max_depth: usize,
    /// Fetch pages robots.txt disallows.
    pub ignore_robots: bool,
    /// Requests in flight at once for the site (per-host politeness).
    pub concurrency: usize,
    /// Longest crawl delay honoured between requests, whatever robots.txt asks.
    pub max_delay: Duration,
}

/// Most pages crawled per site by default (`--max-pages`).
pub const DEFAULT_MAX_PAGES: usize = 20;
/// Most links followed from the start page by default (`--depth`).
pub const DEFAULT_MAX_DEPTH: usize = 3;
/// Requests in flight at once per site by default (`--per-site`).
pub const DEFAULT_PER_SITE: usize = 2;

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            max_pages: DEFAULT_MAX_PAGES,
            max_depth: DEFAULT_MAX_DEPTH,
            ignore_robots: false,
            concurrency: DEFAULT_PER_SITE,
            max_delay: Duration::from_secs(5),
        }
    }
}

/// What the callback says about a page it was given.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageOutcome {
    /// Links to follow (the crawler drops those already seen or too deep).
    pub links: Vec<Url>,
    /// Problems worth recording on the page.
    pub warnings: Vec<String>,
    /// Why the page, though fetched, could not be read (it is then an error row).
    pub error: Option<String>,
}

/// Most notes on one page about other URLs of the same file.
const MAX_ALIAS_NOTES: usize = 5;

type FetchFuture<'a> = Pin<Box<dyn Future<Output = (Url, usize, Result<Fetched, CrawlError>)> + Send + 'a>>;

/// A crawl in progress: what has been seen, and the records so far.
#[derive(Debug)]
pub(crate) struct Crawler {
    source: Source,
    config: CrawlConfig,
    robots: RobotsCache,
    seen: HashSet<String>,
    /// (Folder) the files handed to the callback, by canonical path, with the index of their record: a file
    /// reached by two URLs is audited once.
    files: HashMap<String, usize>,
    records: Vec<PageRecord>,
    observer: Option<PageObserver>,
}

/// Told of each page as the crawl finishes it (for progress displays); a built folder's pages are named by
/// their path in the folder (`/about.html`).
#[derive(Clone)]
pub struct PageObserver(std::sync::Arc<dyn Fn(&PageRecord) + Send + Sync>);

impl PageObserver {
    /// An observer calling `f` with each page's record.
    pub fn new(f: impl Fn(&PageRecord) + Send + Sync + 'static) -> PageObserver {
        PageObserver(std::sync::Arc::new(f))
    }
}

impl std::fmt::Debug for PageObserver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageObserver")
    }
}

/// The key a URL is deduplicated by: without scheme (a site's http and https pages are the same pages),
/// default port or fragment.
fn key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    if url.scheme() == "file" { url.path().to_string() + &query } else { format!("{host}{port}{}{query}", url.path()) }
}

impl Crawler {
    /// A crawler reading from `source`.
    pub(crate) fn new(source: Source, config: CrawlConfig) -> Crawler {
        Crawler {
            source,
            config,
            robots: RobotsCache::default(),
            seen: HashSet::new(),
            files: HashMap::new(),
            records: Vec::new(),
            observer: None,
        }
    }

    /// Tells `observer` of each page finished.
    pub(crate) fn observed(mut self, observer: Option<PageObserver>) -> Crawler {
        self.observer = observer;
        self
    }

    /// The source pages are read from.
    pub(crate) fn source(&self) -> &Source {
        &self.source
    }

    /// The key a URL is deduplicated by: in a folder, the file it names.
    fn key(&self, url: &Url) -> String {
        match self.source {
            Source::Folder { .. } => folder::folder_key(url),
            _ => key(url),
        }
    }

    /// Whether a URL was fetched or queued already.
    pub(crate) fn has_seen(&self, url: &Url) -> bool {
        self.seen.contains(&self.key(url))
    }

    /// Every page attempted so far, in crawl order.
    pub(crate) fn records(&self) -> &[PageRecord] {
        &self.records
    }

    /// The latest record of a URL attempted (by the URL requested).
    pub(crate) fn record_of(&self, url: &Url) -> Option<&PageRecord> {
        self.records.iter().rev().find(|r| r.url == url.as_str())
    }

    /// Every page attempted, in crawl order.
    pub(crate) fn into_records(self) -> Vec<PageRecord> {
        self.records
    }

    /// (Folder) whether the file read for `requested` (at `file`, its URL after symlinks) was audited
    /// already, through another URL (`/about` and `/about.html`, a symlink inside the folder); that URL's
    /// record then notes this one. Web pages are always audited.
    fn already_read(&mut self, requested: &Url, file: &Url) -> bool {
        let Source::Folder { root, base, .. } = &self.source else { return false };
        let k = match folder::file_of(root, base, file) {
            Some(path) => path.to_string_lossy().into_owned(),
            None => folder::folder_key(file),
        };
        let first = match self.files.entry(k) {
            Entry::Vacant(v) => {
                // The record about to be pushed.
                v.insert(self.records.len());
                return false;
            }
            Entry::Occupied(o) => *o.get(),
        };
        if let Some(first) = self.records.get_mut(first)
            && first.warnings.len() < MAX_ALIAS_NOTES
        {
            first.warnings.push(format!("the same file is linked as {requested}: audited once"));
        }
        true
    }

    /// Crawls from `seeds` (URL and depth), fetching at most `budget` pages, breadth first. `on_page` gets each
    /// page read successfully (status 2xx) with its depth.
    pub(crate) async fn crawl<F>(&mut self, seeds: Vec<(Url, usize)>, budget: usize, mut on_page: F)
    where
        F: FnMut(&Url, &Fetched, usize) -> PageOutcome,
    {
        let mut queue: VecDeque<(Url, usize)> = VecDeque::new();
        for (url, depth) in seeds {
            if !self.source.reads_as_page(&url) {
                let error = format!("not read: a {}: URL is not a page of the site", url.scheme());
                self.records.push(PageRecord { error: Some(error), ..PageRecord::new(url.as_str(), depth) });
                continue;
            }
            if self.seen.insert(self.key(&url)) {
                queue.push_back((url, depth));
            }
        }
        let source = self.source.clone();
        let mut in_flight: FuturesUnordered<FetchFuture<'_>> = FuturesUnordered::new();
        let mut started = 0;
        let mut next_slot = Instant::now();
        loop {
            while in_flight.len() < self.config.concurrency.max(1) && started < budget {
                let Some((url, depth)) = queue.pop_front() else { break };
                let mut delay = Duration::ZERO;
                if let (false, Some(fetcher)) = (self.config.ignore_robots, source.fetcher()) {
                    if let Err(why) = self.robots.check(fetcher, &url).await {
                        self.records
                            .push(PageRecord { error: Some(why.to_string()), ..PageRecord::new(url.as_str(), depth) });
                        continue;
                    }
                    if let Some(d) = self.robots.delay(fetcher, &url).await {
                        delay = Duration::from_secs_f32(d.max(0.0)).min(self.config.max_delay);
                    }
                }
                started += 1;
                // Politeness: with a crawl delay, requests are spaced out one at a time.
                let at = next_slot.max(Instant::now());
                next_slot = at + delay;
                let src = source.clone();
                let concurrency_one = !delay.is_zero();
                in_flight.push(Box::pin(async move {
                    tokio::time::sleep_until(at).await;
                    let r = src.fetch(&url).await;
                    (url, depth, r)
                }));
                if concurrency_one {
                    break;
                }
            }
            let Some((url, depth, result)) = in_flight.next().await else { break };
            let mut record = PageRecord::new(url.as_str(), depth);
            match result {
                Err(e) => record.error = Some(e.to_string()),
                Ok(fetched) => {
                    record.status = Some(fetched.status);
                    record.warnings.clone_from(&fetched.warnings);
                    if fetched.url != url {
                        record.final_url = Some(fetched.url.to_string());
                        let k = self.key(&fetched.url);
                        self.seen.insert(k);
                    }
                    if let Some(b) = &fetched.browser {
                        record.load_ms = Some(b.load_ms);
                        record.requests = Some(b.requests.len());
                        record.screenshot.clone_from(&b.screenshot);
                        let filled = b.form_fill.iter().flat_map(|f| &f.fields);
                        record.forms_filled = filled.map(|f| format!("{}: {}", f.kind, f.field)).collect();
                    }
                    if let Some(wall) = interstitial::Signatures::builtin().detect(&url, &fetched, depth) {
                        record.error = Some(wall.message(url.as_str()));
                        record.interstitial = Some(wall);
                    } else if (200..300).contains(&fetched.status) && self.already_read(&url, &fetched.url) {
                        continue;
                    } else if (200..300).contains(&fetched.status) {
                        let outcome = on_page(&url, &fetched, depth);
                        record.warnings.extend(outcome.warnings);
                        record.error = outcome.error;
                        if depth < self.config.max_depth {
                            for link in outcome.links.into_iter().filter(|l| source.reads_as_page(l)) {
                                let k = self.key(&link);
                                if self.seen.insert(k) {
                                    queue.push_back((link, depth + 1));
                                }
                            }
                        }
                    } else {
                        record.error = Some(format!("HTTP {}", fetched.status));
                    }
                }
            }
            if let Some(o) = &self.observer {
                match record.url.strip_prefix(source::FOLDER_ORIGIN) {
                    Some(path) => (o.0)(&PageRecord { url: format!("/{path}"), ..record.clone() }),
                    None => (o.0)(&record),
                }
            }
            self.records.push(record);
        }
    }
}
