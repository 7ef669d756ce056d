//! Where pages come from: the web (through the [`Fetcher`]) or a built static site on disk.
//!
//! A folder is read as a static host serves it ([`super::folder`]): a URL of the published site maps to a
//! file under the folder, and nothing outside the folder is ever read, through `..` or a symlink. Without
//! `--base-url` the folder is published at [`FOLDER_ORIGIN`], so that root-relative links (`/shop/`,
//! `<base href="/">`) resolve against the folder's root, as they do once the site is deployed; the audit
//! reports those URLs as the folder's `file://` URLs.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use url::Url;

use super::CrawlError;
use crate::fetch::{Fetcher, Hop};

/// Where a folder audited without `--base-url` is published while it is crawled: a name that can never be
/// a real host (RFC 6761 `.invalid`), never fetched, and replaced by the folder's `file://` URL in reports.
pub(crate) const FOLDER_ORIGIN: &str = "http://local-folder.invalid/";

/// A page as read from its source.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The final URL, after redirects.
    pub url: Url,
    /// The HTTP status (200 for a file that exists).
    pub status: u16,
    /// The `Content-Type` (guessed from the extension for files).
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// Every response on the way, for their `Set-Cookie` headers.
    pub hops: Vec<Hop>,
    /// The final response's headers (names lowercase; none for files).
    pub headers: Vec<(String, String)>,
    /// (Browser engine) what the browser captured; the body is then the rendered DOM.
    pub browser: Option<Box<crate::browser_page::BrowserPage>>,
    /// Notes from reading it, for the page's warnings (response headers dropped over the limit).
    pub warnings: Vec<String>,
}

/// The future a [`PageSource`] returns.
pub type Visit<'a> = Pin<Box<dyn Future<Output = Result<Fetched, CrawlError>> + Send + 'a>>;

/// Pages read by something other than the crawler's own fetcher or folder reader: the browser engine
/// implements it (see `browser::BrowserSource`), so the crawler knows nothing of Chromium.
pub trait PageSource: std::fmt::Debug + Send + Sync {
    /// Reads `url` as a page.
    fn visit<'a>(&'a self, url: &'a Url) -> Visit<'a>;
    /// The fetcher for robots.txt (and what else the crawl fetches outside the page source).
    fn fetcher(&self) -> &Fetcher;
}

/// Where an audit reads pages from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// Over HTTP(S).
    Web(Arc<Fetcher>),
    /// Through another reader of pages (Chromium).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    Pages(Arc<dyn PageSource>),
    /// A folder holding a built static site (`public/`, `_site/`, `out/`), published at `base`.
    Folder {
        /// The folder.
        root: PathBuf,
        /// The URL the folder is published at: `--base-url`, or [`FOLDER_ORIGIN`].
        base: Url,
        /// Largest file read.
        max_bytes: u64,
    },
}

impl Source {
    /// Reads `url`.
    pub(crate) async fn fetch(&self, url: &Url) -> Result<Fetched, CrawlError> {
        match self {
            Source::Pages(p) => p.visit(url).await,
            Source::Web(fetcher) => {
                let r = fetcher.get(url).await?;
                Ok(Fetched {
                    url: r.url,
                    status: r.status,
                    content_type: r.content_type,
                    body: r.body,
                    hops: r.hops,
                    headers: r.headers,
                    browser: None,
                    warnings: r.warnings,
                })
            }
            Source::Folder { root, base, max_bytes } => Ok(super::folder::read(root, base, *max_bytes, url)?),
        }
    }

    /// Whether robots.txt applies (not to files on disk).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(crate) fn is_web(&self) -> bool {
        match self {
            Source::Web(_) => true,
            Source::Pages(_) => true,
            Source::Folder { .. } => false,
        }
    }

    /// Whether `url` can be a page of this source: http(s) on the web; in a folder, the published site's
    /// URLs and `file:` URLs inside the folder. `data:`, `javascript:`, `mailto:`, `tel:`, `file:` on the web
    /// and other schemes are never pages.
    pub(crate) fn reads_as_page(&self, url: &Url) -> bool {
        match self {
            Source::Folder { root, .. } => super::folder::is_folder_url(root, url),
            _ => matches!(url.scheme(), "http" | "https"),
        }
    }

    /// The fetcher, for the web.
    pub(crate) fn fetcher(&self) -> Option<&Fetcher> {
        match self {
            Source::Web(f) => Some(f),
            Source::Pages(p) => Some(p.fetcher()),
            Source::Folder { .. } => None,
        }
    }
}
