//! The browser engine as a source of pages for the crawler: one site's tabs, and the fetcher for robots.txt.

use std::sync::Arc;

use url::Url;

use super::SiteSession;
use crate::crawl::{PageSource, Visit};
use crate::fetch::Fetcher;

/// A site's pages read through Chromium, in the tabs of one context, with the fetcher for robots.txt and the policy.
#[derive(Debug)]
pub(crate) struct BrowserSource {
    /// The context and its tabs.
    pub session: SiteSession,
    /// For robots.txt.
    pub fetcher: Arc<Fetcher>,
}

impl PageSource for BrowserSource {
    fn visit<'a>(&'a self, url: &'a Url) -> Visit<'a> {
        Box::pin(
            async move { self.session.visit(url).await.map_err(|e| crate::crawl::CrawlError::Source(Box::new(e))) },
        )
    }

    fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }
}
