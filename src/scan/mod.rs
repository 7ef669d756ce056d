//! Batch scans: many sites audited concurrently, each result written (and committed to the history database)
//! the moment it finishes, so that an interrupted scan can be resumed with nothing lost or counted twice.

pub mod input;
pub mod output;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, mpsc};

pub use input::{Duplicate, InputError, SiteEntry, SiteList, read_sites};
pub use output::{JsonlError, Output, ScanFormat, ScanRecord, read_jsonl};

use crate::audit::Auditor;
use crate::history::{HistoryError, HistoryStore};
pub use crate::model::ScanSummary;
use crate::model::{AuditError, AuditReport, Verdict};

#[derive(Default)]
struct Tally {
    summary: ScanSummary,
    undisclosed: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, report: &AuditReport) {
        let s = &mut self.summary;
        s.scanned += 1;
        s.failed += usize::from(!report.any_page_read());
        let undisclosed: Vec<&str> =
            report.findings.iter().filter(|f| f.verdict.is_undisclosed()).map(|f| f.vendor.name.as_str()).collect();
        s.with_undisclosed += usize::from(!undisclosed.is_empty());
        s.with_contradictions += usize::from(report.findings.iter().any(|f| f.verdict == Verdict::Contradicted));
        for name in undisclosed {
            *self.undisclosed.entry(name.to_string()).or_default() += 1;
        }
    }

    fn finish(mut self) -> ScanSummary {
        let mut top: Vec<(String, usize)> = self.undisclosed.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(10);
        self.summary.top_undisclosed = top;
        self.summary
    }
}

/// Sites audited at once by default (`--concurrency`).
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Longest time one site may take by default (`--site-timeout`).
pub const DEFAULT_SITE_TIMEOUT: Duration = Duration::from_secs(300);

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanConfig {
    /// Sites audited at once (with the browser engine, at most one per Chromium worker).
    pub concurrency: usize,
    /// Longest time one site may take; then it is recorded as failed.
    pub site_timeout: Duration,
}

/// A report for a site that could not be audited at all (a timeout of the whole site).
pub(crate) fn failed_report(entry: &SiteEntry, message: String) -> AuditReport {
    let mut report = AuditReport::started(&entry.target);
    report.site = url::Url::parse(&entry.target)
        .ok()
        .and_then(|u| u.host_str().map(crate::site::registrable_domain))
        .unwrap_or_else(|| entry.target.clone());
    report.finished_at = report.started_at.clone();
    report.errors.push(AuditError { scope: crate::model::ErrorScope::Site, url: Some(entry.target.clone()), message });
    report
}

/// What a scan tells its caller while it runs (the CLI draws progress bars from it).
pub trait ScanProgress: Sync {
    /// A site started.
    fn started(&self, target: &str);
    /// The count of pages fetched so far, across the scan.
    fn pages(&self, pages: u64);
    /// A site finished with `report`, after `secs` seconds.
    fn finished(&self, target: &str, report: &AuditReport, secs: f64);
    /// The scan ended.
    fn finish(&self);
}

/// Progress that nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl ScanProgress for NoProgress {
    fn started(&self, _: &str) {}
    fn pages(&self, _: u64) {}
    fn finished(&self, _: &str, _: &AuditReport, _: f64) {}
    fn finish(&self) {}
}

/// Why a scan stopped before its list was done (a site's own failure never stops it: it becomes an error row).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// A result could not be written to the history.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// A result could not be written to the output file.
    #[error("cannot write the scan output: {0}")]
    Output(#[from] std::io::Error),
}

/// Where finished sites go.
pub struct Sinks<'a> {
    /// The history database and run, if any.
    pub history: Option<(&'a mut dyn HistoryStore, i64)>,
    /// The CSV or JSON Lines output, if any.
    pub output: Option<&'a mut Output>,
    /// Progress display.
    pub progress: &'a dyn ScanProgress,
    /// Called with every finished report (for `--fail-on`).
    pub on_report: &'a mut dyn FnMut(&AuditReport),
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig { concurrency: DEFAULT_CONCURRENCY, site_timeout: DEFAULT_SITE_TIMEOUT }
    }
}

impl Auditor {
    /// Audits `entries` with this auditor's settings, `config.concurrency` at a time, writing each result to
    /// the sinks as it finishes. Stops launching new sites on Ctrl-C; what finished is kept.
    pub async fn scan(
        &self,
        entries: Vec<SiteEntry>,
        config: &ScanConfig,
        sinks: Sinks<'_>,
    ) -> Result<ScanSummary, ScanError> {
        let mut config = config.clone();
        if let Some(workers) = self.browser_workers() {
            // With Chromium, a site in flight holds a browser: no more sites than browsers, so that no site's
            // time runs out while it waits for one.
            config.concurrency = config.concurrency.min(workers);
        }
        run(self, entries, &config, sinks).await
    }
}

async fn run(
    auditor: &Auditor,
    entries: Vec<SiteEntry>,
    config: &ScanConfig,
    sinks: Sinks<'_>,
) -> Result<ScanSummary, ScanError> {
    let Sinks { mut history, mut output, progress, on_report } = sinks;
    enum Event {
        Started(String),
        Done(Box<(SiteEntry, AuditReport, f64)>),
    }
    let (tx, mut rx) = mpsc::channel::<Event>(64);
    let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped_by = Arc::new(std::sync::Mutex::new(None));
    let mut tasks = tokio::task::JoinSet::new();
    {
        let (stop, stopped_by) = (Arc::clone(&stop), Arc::clone(&stopped_by));
        tokio::spawn(async move {
            if let Some(signal) = stop_signal().await {
                *stopped_by.lock().expect("signal lock") = Some(signal);
                stop.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        });
    }
    let launcher = {
        let auditor = auditor.clone();
        let site_timeout = config.site_timeout;
        let slots = Arc::clone(&slots);
        let stop = Arc::clone(&stop);
        let tx = tx.clone();
        async move {
            for entry in entries {
                let Ok(permit) = Arc::clone(&slots).acquire_owned().await else { break };
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let auditor = auditor.clone();
                let tx = tx.clone();
                tasks.spawn(async move {
                    let _ = tx.send(Event::Started(entry.target.clone())).await;
                    let started = Instant::now();
                    let report = audit_entry(&auditor, &entry, site_timeout).await;
                    let _ = tx.send(Event::Done(Box::new((entry, report, started.elapsed().as_secs_f64())))).await;
                    drop(permit);
                });
                // Let the started task be visible before the next one queues.
                tokio::task::yield_now().await;
            }
            while tasks.join_next().await.is_some() {}
        }
    };
    drop(tx);
    let launcher = tokio::spawn(launcher);
    let mut tally = Tally::default();
    let mut ticker = tokio::time::interval(Duration::from_millis(250));
    loop {
        tokio::select! {
            msg = rx.recv() => {
                let (entry, report, secs) = match msg {
                    None => break,
                    Some(Event::Started(target)) => {
                        progress.started(&target);
                        continue;
                    }
                    Some(Event::Done(done)) => *done,
                };
                if let Some((db, run)) = history.as_mut() {
                    db.record_site(*run, &entry, &report)?;
                }
                if let Some(out) = output.as_mut() {
                    out.write(&entry, &report)?;
                }
                tally.add(&report);
                on_report(&report);
                progress.finished(&entry.target, &report, secs);
            }
            _ = ticker.tick() => {
                progress.pages(auditor.requests_sent());
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    // A signal: sites in flight are abandoned; everything finished is already written.
                    launcher.abort();
                    tally.summary.interrupted = true;
                    tally.summary.signal = *stopped_by.lock().expect("signal lock");
                    break;
                }
            }
        }
    }
    progress.finish();
    Ok(tally.finish())
}

/// Audits one listed site within `site_timeout`; a site that fails as a whole (its audit stopped, or the
/// time ran out) gets an error report.
pub(crate) async fn audit_entry(auditor: &Auditor, entry: &SiteEntry, site_timeout: Duration) -> AuditReport {
    // The audit runs as a task of its own, so that this timer fires even while the audit's thread is busy
    // with one page; an abandoned audit is aborted at its next await. Aborted with the caller's task too (a
    // signal stops the scan): the audit's browser lease is then handed back, and the pool's shutdown closes
    // that browser.
    let (auditor, target) = (auditor.clone(), entry.target.clone());
    let mut audit = AbortOnDrop(tokio::spawn(async move { auditor.audit(&target).await }));
    match tokio::time::timeout(site_timeout, &mut audit.0).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => failed_report(entry, format!("the audit of this site stopped: {e}")),
        Err(_) => {
            audit.0.abort();
            failed_report(
                entry,
                format!(
                    "the site took longer than {}s; abandoned; {}",
                    site_timeout.as_secs(),
                    crate::model::Remedy::SiteTimeout
                ),
            )
        }
    }
}

/// The first of SIGINT, SIGTERM and SIGHUP to arrive (`None` when none can be listened for).
pub(crate) async fn stop_signal() -> Option<crate::model::StopSignal> {
    use crate::model::StopSignal;
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
            return tokio::signal::ctrl_c().await.ok().map(|()| StopSignal::Sigint);
        };
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.ok().map(|()| StopSignal::Sigint),
            _ = term.recv() => Some(StopSignal::Sigterm),
            _ = hup.recv() => Some(StopSignal::Sighup),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.ok().map(|()| StopSignal::Sigint)
    }
}

/// A spawned task aborted when its handle is dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
