//! Reading the site's policy documents: the privacy policy, and a separate cookie policy or cookie declaration
//! when the site links one. Candidates are tried best first until one reads as a policy: a 404, a login wall or
//! a page that is not a policy falls through to the next, and every try is recorded.

use std::sync::Arc;

use url::Url;

use super::gather::Gathered;
use super::{AuditConfig, Auditor};
use crate::crawl::{Crawler, PageOutcome};
use crate::discover::{Candidate, reads_as_policy};
use crate::model::{AuditError, AuditPolicy, DocumentKind, ErrorScope, SourceDocument};
use crate::policy::{self, ReadOptions};
use crate::vendors::Engine;

/// Most linked candidates tried for one kind of document.
const MAX_LINK_TRIES: usize = 5;

/// Most well-known paths tried for the privacy policy when no link led to one.
const MAX_WELL_KNOWN: usize = 4;

/// The documents an audit read, and the tries that failed.
#[derive(Debug, Default)]
pub(super) struct Documents {
    /// Every document read, the privacy policy first.
    pub docs: Vec<AuditPolicy>,
    /// The candidates tried that were not a policy, as report errors.
    pub tries: Vec<AuditError>,
    /// Why there is no privacy policy, when there is none.
    pub missing: Option<String>,
    /// The documents on another site: read once, never visited again.
    pub off_site: Vec<String>,
    /// Each document's bytes as fetched, in the order of `docs`.
    pub sources: Vec<SourceDocument>,
}

impl Documents {
    /// The URLs of the site's own documents read (later consent states visit them too; a document on
    /// another site is not the site's page, and is read once).
    #[cfg(feature = "browser")]
    pub(super) fn urls(&self) -> Vec<Url> {
        self.docs.iter().filter(|d| !self.off_site.contains(&d.url)).filter_map(|d| Url::parse(&d.url).ok()).collect()
    }
}

impl Auditor {
    /// The site's policy documents: given with `--policy`, or discovered. Their pages are always part of the
    /// audit.
    pub(super) async fn site_documents(
        &self,
        config: &AuditConfig,
        gathered: &mut Gathered,
        crawler: &mut Crawler,
        start: &Url,
    ) -> Documents {
        let mut out = Documents::default();
        if let Some(given) = &config.policy {
            let opts = ReadOptions::default();
            match policy::read_raw(given, &opts, &self.fetcher).await.and_then(|raw| Ok((raw.read(&opts)?, raw))) {
                Ok((text, raw)) => {
                    let kind = DocumentKind::PrivacyPolicy;
                    out.docs.push(self.read_policy(&text, given, kind, crate::model::Remedy::Policy.flag().into()));
                    let (url, content_type, body) = (given.clone(), raw.content_type, raw.bytes);
                    out.sources.push(SourceDocument { kind, url, content_type, body, rendered: false });
                }
                Err(e) => {
                    out.missing = Some(format!(
                        "the policy given with {} could not be read: {e}",
                        crate::model::Remedy::Policy.flag()
                    ));
                }
            }
            return out;
        }
        if !crawler.records().iter().any(|r| r.error.is_none()) {
            // Nothing was read (the start page failed): there is no site to look for a policy on.
            out.missing = Some("no page of the site could be read, so no policy was looked for".into());
            return out;
        }
        let mut failed: Vec<String> = Vec::new();
        let linked: Vec<Candidate> =
            gathered.discovery.ranked(DocumentKind::PrivacyPolicy).into_iter().take(MAX_LINK_TRIES).cloned().collect();
        let any_link = !gathered.discovery.candidates().is_empty();
        let mut privacy = self.first_policy(&linked, gathered, crawler, &mut out, &mut failed).await;
        if privacy.is_none() {
            let guesses = gathered.discovery.well_known(start, DocumentKind::PrivacyPolicy, MAX_WELL_KNOWN);
            privacy = self.first_policy(&guesses, gathered, crawler, &mut out, &mut failed).await;
        }
        if let Some((doc, source)) = privacy {
            out.docs.push(doc);
            out.sources.push(source);
        }
        // Cookie documents: linked from any page read, the policy's own page included.
        for kind in [DocumentKind::CookiePolicy, DocumentKind::CookieDeclaration] {
            let read: Vec<String> = out.docs.iter().map(|d| d.url.clone()).collect();
            let linked: Vec<Candidate> = gathered
                .discovery
                .ranked(kind)
                .into_iter()
                .filter(|c| !read.contains(&c.url.to_string()))
                .take(MAX_LINK_TRIES)
                .cloned()
                .collect();
            let mut ignored = Vec::new();
            if let Some((doc, source)) = self.first_policy(&linked, gathered, crawler, &mut out, &mut ignored).await {
                out.docs.push(doc);
                out.sources.push(source);
            }
        }
        if let Some(site) = &gathered.site {
            let off_site = out.docs.iter().filter(|d| Url::parse(&d.url).is_ok_and(|u| !site.is_first_party(&u)));
            out.off_site = off_site.map(|d| d.url.clone()).collect();
        }
        if !out.docs.iter().any(|d| d.kind == DocumentKind::PrivacyPolicy) {
            let tried = if failed.is_empty() { String::new() } else { format!("; tried {}", failed.join("; ")) };
            let why = if any_link {
                format!("no page read as a privacy policy{tried}")
            } else {
                format!("{}{tried}", no_link_message(crawler))
            };
            match out.docs.first() {
                // A cookie policy but no privacy policy: the verdicts rest on what there is, and the report says so.
                Some(doc) => out.tries.push(AuditError {
                    scope: ErrorScope::Policy,
                    url: None,
                    message: format!("{why}; the verdicts rest on the {} at {}", doc.kind.label(), doc.url),
                }),
                None => out.missing = Some(format!("{why}; {}", crate::model::Remedy::Policy)),
            }
        }
        out
    }

    /// Tries `candidates` in order; the first that reads as a policy of its kind is read. Failures are recorded in
    /// `out.tries` and, as `url (why)`, in `failed`.
    async fn first_policy(
        &self,
        candidates: &[Candidate],
        gathered: &mut Gathered,
        crawler: &mut Crawler,
        out: &mut Documents,
        failed: &mut Vec<String>,
    ) -> Option<(AuditPolicy, SourceDocument)> {
        for c in candidates {
            match self.try_candidate(c, gathered, crawler).await {
                Ok((mut doc, source)) => {
                    if !failed.is_empty() {
                        doc.found_by.push_str(&format!("; tried before it: {}", failed.join("; ")));
                    }
                    return Some((doc, source));
                }
                Err(why) => {
                    out.tries.push(AuditError {
                        scope: ErrorScope::Policy,
                        url: Some(c.url.to_string()),
                        message: format!("{} candidate ({}) not used: {why}", c.kind.label(), c.describe()),
                    });
                    failed.push(format!("{} ({why})", c.url));
                }
            }
        }
        None
    }

    /// Fetches one candidate (as a page of the audit, so what it loads is seen too) and reads it as a policy;
    /// its bytes come with it.
    async fn try_candidate(
        &self,
        c: &Candidate,
        gathered: &mut Gathered,
        crawler: &mut Crawler,
    ) -> Result<(AuditPolicy, SourceDocument), Rejected> {
        let key = c.url.to_string();
        if !crawler.has_seen(&c.url) {
            gathered.wanted.insert(key.clone());
            let engine = Arc::clone(&self.vendors);
            if gathered.site.as_ref().is_some_and(|s| !s.is_first_party(&c.url)) {
                // A policy on another site: read as the document, not audited as one of the site's pages.
                crawler.crawl(vec![(c.url.clone(), 1)], 1, |u, f, _| gathered.off_site_document(u, f)).await;
            } else {
                crawler.crawl(vec![(c.url.clone(), 1)], 1, |u, f, _| gathered.page(&engine, u, f)).await;
            }
        }
        if let Some(e) = crawler.record_of(&c.url).and_then(|r| r.error.clone()) {
            return Err(Rejected::Page(e));
        }
        let ((url, body, ct), rendered) = if let Some(b) = gathered.policy_bodies.remove(&key) {
            b
        } else {
            let f = crawler.source().fetch(&c.url).await?;
            if !(200..300).contains(&f.status) {
                return Err(Rejected::Status(f.status));
            }
            let rendered = f.browser.is_some();
            ((f.url.to_string(), f.body, f.content_type), rendered)
        };
        if let Ok(final_url) = Url::parse(&url)
            && final_url.path() == "/"
            && c.url.path() != "/"
        {
            return Err(Rejected::HomePage(final_url));
        }
        let engine = Arc::clone(&self.vendors);
        let (kind, strong, found_by) = (c.kind, c.is_strong(), c.describe());
        super::budget::within(gathered.budget, move || {
            let text = policy::from_bytes(&url, &body, ct.as_deref(), &ReadOptions::default())?;
            reads_as_policy(&text.text, policy::count_words(&text.text), kind, strong).map_err(Rejected::NotAPolicy)?;
            let doc = read_policy(&engine, &text, &url, kind, found_by);
            Ok((doc, SourceDocument { kind, url, content_type: ct, body, rendered }))
        })
        .unwrap_or_else(|e| Err(Rejected::Overrun(e)))
    }

    /// Reads a policy text into a document of the report.
    pub(super) fn read_policy(
        &self,
        text: &policy::PolicyText,
        url: &str,
        kind: DocumentKind,
        found_by: String,
    ) -> AuditPolicy {
        read_policy(&self.vendors, text, url, kind, found_by)
    }
}

/// Why a policy candidate was not used.
#[derive(Debug, thiserror::Error)]
enum Rejected {
    /// Its page was recorded as an error by the crawl.
    #[error("{0}")]
    Page(String),
    /// Fetching it again failed.
    #[error(transparent)]
    Fetch(#[from] crate::crawl::CrawlError),
    /// It answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// It redirected to the site's home page, which is not a policy.
    #[error("redirected to the home page {0}")]
    HomePage(Url),
    /// Its body is not a readable text.
    #[error(transparent)]
    Read(#[from] policy::PolicyError),
    /// It reads as something other than a policy (the reason says what was found).
    #[error("{0}")]
    NotAPolicy(String),
    /// Reading it took longer than the page budget.
    #[error("policy not read: {0}")]
    Overrun(super::budget::Overrun),
}

/// Reads a policy text into a document of the report.
fn read_policy(
    engine: &Engine,
    text: &policy::PolicyText,
    url: &str,
    kind: DocumentKind,
    found_by: String,
) -> AuditPolicy {
    let normalized = text.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sha256 = crate::model::bounds::sha256_hex(normalized.as_bytes());
    let report = policy::analyze(text, engine);
    AuditPolicy { kind, url: url.to_string(), found_by, sha256, report, text: text.text.clone() }
}

impl Gathered {
    /// Keeps the body of a policy document on another site (a footer link to the owner group's policy) for
    /// reading; what that page loads is not the site's, so it is not captured.
    fn off_site_document(&mut self, requested: &Url, fetched: &crate::crawl::Fetched) -> PageOutcome {
        let body = (fetched.url.to_string(), fetched.body.clone(), fetched.content_type.clone());
        self.policy_bodies.insert(requested.to_string(), (body, fetched.browser.is_some()));
        let host = fetched.url.host_str().unwrap_or_default();
        PageOutcome {
            links: Vec::new(),
            warnings: vec![format!(
                "a policy document on another site ({host}): read as the policy; what the page loads is not audited"
            )],
            error: None,
        }
    }
}

/// Why no policy was found when no page linked one.
fn no_link_message(crawler: &Crawler) -> String {
    let read = crawler.records().iter().filter(|p| p.error.is_none()).count();
    format!(
        "no link to a privacy, cookie or data-protection policy was found on the {read} page(s) read (looked for \
         link text and URLs such as \"Privacy Policy\", \"Datenschutz\", \"Confidentialité\", \"Privacidad\", \
         \"Privacybeleid\", \"Integritetspolicy\", \"Polityka prywatności\"), nor at well-known paths"
    )
}
