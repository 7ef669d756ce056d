//! The browser engine's audit: each consent state in a fresh context of one leased Chromium, its pages
//! loading a few at a time in the context's tabs.

use url::Url;

use super::documents::Documents;
use super::gather::Gathered;
use super::{AuditConfig, Auditor};
use crate::model::AuditReport;
#[cfg(feature = "browser")]
use crate::model::{AuditError, ErrorScope};

impl Auditor {
    /// The browser engine: each consent state in a fresh context of one leased Chromium. The policy is read
    /// in the first state; later states visit its page too, so every state sees the same pages.
    #[cfg(feature = "browser")]
    pub(super) async fn browse(
        &self,
        pool: &std::sync::Arc<crate::browser::BrowserPool>,
        report: &mut AuditReport,
        gathered: &mut Gathered,
        start: &Url,
        config: &AuditConfig,
    ) -> Documents {
        use std::sync::Arc;

        use crate::browser::{BrowserSource, SiteSession};
        use crate::crawl::{CrawlConfig, Crawler, Source};

        report.engine = crate::model::EngineKind::Chrome;
        let site_error = |report: &mut AuditReport, error: crate::browser::BrowserError| {
            let message = error.to_string();
            report.errors.push(AuditError {
                scope: ErrorScope::Site,
                url: Some(start.to_string()),
                message: message.clone(),
            });
            let mut page = crate::model::PageRecord::new(start.as_str(), 0);
            page.error = Some(message);
            report.pages.push(page);
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
        let engine = Arc::clone(&self.vendors);
        // The crawl has as many pages in flight as the session has tabs.
        let crawl = CrawlConfig { concurrency: lease.options().settings.tabs.max(1), ..config.crawl.clone() };
        let mut documents = Documents::default();
        // One set of canaries per site (`--probe-forms`), typed in every consent state.
        let canaries = config.probe_forms.then(crate::formprobe::Canaries::random);
        for (n, state) in config.consent.states().into_iter().enumerate() {
            let session = match SiteSession::open(&lease, state, &label).await {
                Ok(mut s) => {
                    if let Some(c) = &canaries {
                        s.probe_forms(c.clone());
                    }
                    s
                }
                Err(e) => {
                    lease.mark_broken();
                    site_error(report, e);
                    break;
                }
            };
            let src = Arc::new(BrowserSource { session, fetcher: Arc::clone(&self.fetcher) });
            gathered.run = Some(state);
            gathered.observations.state = Some(state);
            let mut crawler =
                Crawler::new(Source::Pages(Arc::clone(&src) as Arc<dyn crate::crawl::PageSource>), crawl.clone())
                    .observed(self.observer.clone());
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
                Ok(src) => src.session.close().await,
                Err(_) => crate::browser::SessionEnd {
                    broken: Some(crate::browser::BrowserError::StillInUse),
                    ..Default::default()
                },
            };
            report.consent_actions.extend(end.action);
            report.artifacts.extend(end.artifacts);
            if let Some(why) = end.broken {
                lease.mark_broken();
                report.errors.push(AuditError {
                    scope: ErrorScope::Site,
                    url: Some(start.to_string()),
                    message: why.to_string(),
                });
                break;
            }
        }
        lease.release().await;
        gathered.observations.state = None;
        documents
    }

    /// Without the browser feature there is no pool, so this is never called.
    #[cfg(not(feature = "browser"))]
    #[allow(clippy::unused_async)] // the same signature as the browser build's
    pub(super) async fn browse(
        &self,
        pool: &std::convert::Infallible,
        _report: &mut AuditReport,
        _gathered: &mut Gathered,
        _start: &Url,
        _config: &AuditConfig,
    ) -> Documents {
        match *pool {}
    }
}
