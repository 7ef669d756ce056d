//! `trackaudit worker`: claims jobs from the [`Queue`], audits them `concurrency` at a time, renews its
//! leases while it works, retries transient failures with backoff and records the rest.
//!
//! SIGTERM (what Kubernetes sends) or Ctrl-C stops it claiming: the sites in flight finish and are
//! recorded, then it returns. A worker killed outright loses nothing either: its leases run out and other
//! workers take its jobs.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

use super::retry::{Outcome, backoff, classify};
use super::{Job, Queue, QueueError};
use crate::audit::Auditor;
use crate::history::JobState;
use crate::model::{AuditReport, StopSignal};
use crate::scan::{audit_entry, failed_report, stop_signal};

/// Attempts per site by default (`--attempts`).
pub const DEFAULT_ATTEMPTS: u32 = 3;
/// A lease's length by default (`--lease-secs`): renewed every third of it while the worker runs.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(120);
/// The first retry's delay by default (`--backoff-secs`), doubled for each further attempt.
pub const DEFAULT_BACKOFF: Duration = Duration::from_secs(30);

/// How a worker works.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// This worker's name in the queue (unique across the fleet).
    pub id: String,
    /// Sites audited at once.
    pub concurrency: usize,
    /// Attempts per site before it is recorded as failed.
    pub attempts: u32,
    /// The lease on a claimed job; renewed every third of it.
    pub lease: Duration,
    /// The delay before the first retry, doubled per attempt.
    pub backoff: Duration,
    /// Longest time one site may take.
    pub site_timeout: Duration,
    /// How long to wait before looking again when nothing is claimable.
    pub poll: Duration,
    /// Return once no job is queued or running anywhere (for batch Jobs); otherwise wait for more.
    pub until_empty: bool,
    /// A file touched at every lease renewal (for a liveness probe).
    pub heartbeat: Option<PathBuf>,
}

impl WorkerConfig {
    /// Defaults for a worker called `id`.
    pub fn new(id: impl Into<String>) -> WorkerConfig {
        WorkerConfig {
            id: id.into(),
            concurrency: crate::scan::DEFAULT_CONCURRENCY,
            attempts: DEFAULT_ATTEMPTS,
            lease: DEFAULT_LEASE,
            backoff: DEFAULT_BACKOFF,
            site_timeout: crate::scan::DEFAULT_SITE_TIMEOUT,
            poll: Duration::from_secs(2),
            until_empty: false,
            heartbeat: None,
        }
    }
}

/// A name for this process in the queue: the host (a pod's name in Kubernetes), the process id and the time.
pub fn worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".into());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{host}-{}-{nanos:08x}", std::process::id())
}

/// What happened to one job (for the worker's log).
#[derive(Debug)]
pub enum JobEvent<'a> {
    /// A job was claimed and its audit starts.
    Started(&'a Job),
    /// A job ended: recorded as done or failed, put back for a retry, or lost (another worker holds it now).
    Ended {
        /// The job.
        job: &'a Job,
        /// Its result.
        report: &'a AuditReport,
        /// Where the job stands now (`Queued` for a retry).
        state: JobState,
        /// Whether this worker still held the lease (false: the result was dropped).
        recorded: bool,
        /// Seconds the audit took.
        secs: f64,
    },
    /// The database failed; the worker waits and goes on.
    DatabaseError(&'a QueueError),
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct WorkerSummary {
    /// Jobs recorded as done.
    pub done: usize,
    /// Jobs recorded as failed.
    pub failed: usize,
    /// Jobs put back for a retry.
    pub retried: usize,
    /// Results dropped because the lease had passed to another worker.
    pub lost_leases: usize,
    /// The signal that stopped the worker, if one did.
    pub signal: Option<StopSignal>,
}

#[derive(Default)]
struct Counts {
    done: AtomicUsize,
    failed: AtomicUsize,
    retried: AtomicUsize,
    lost: AtomicUsize,
}

struct Stop {
    flag: AtomicBool,
    notify: Notify,
    signal: std::sync::Mutex<Option<StopSignal>>,
}

impl Stop {
    fn stopping(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    fn set(&self, signal: Option<StopSignal>) {
        *self.signal.lock().expect("stop lock") = signal;
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Sleeps for `d`, or less when a stop comes.
    async fn sleep(&self, d: Duration) {
        let notified = self.notify.notified();
        if self.stopping() {
            return;
        }
        tokio::select! {
            () = tokio::time::sleep(d) => {}
            () = notified => {}
        }
    }
}

impl Auditor {
    /// Works the queue until stopped by a signal (or, with `until_empty`, until no job is left), calling
    /// `log` with each job's start and end.
    pub async fn work(
        &self,
        queue: &Queue,
        config: &WorkerConfig,
        log: &(dyn Fn(JobEvent<'_>) + Sync),
    ) -> Result<WorkerSummary, QueueError> {
        let mut concurrency = config.concurrency.max(1);
        if let Some(browsers) = self.browser_workers() {
            concurrency = concurrency.min(browsers);
        }
        let stop =
            Arc::new(Stop { flag: AtomicBool::new(false), notify: Notify::new(), signal: std::sync::Mutex::default() });
        let listener = {
            let stop = Arc::clone(&stop);
            tokio::spawn(async move {
                let signal = stop_signal().await;
                stop.set(signal);
            })
        };
        let renewer = {
            let (queue, id, lease, heartbeat) =
                (queue.clone(), config.id.clone(), config.lease, config.heartbeat.clone());
            tokio::spawn(async move {
                loop {
                    if let Some(path) = &heartbeat {
                        let _ = std::fs::write(path, crate::model::timestamp());
                    }
                    tokio::time::sleep(lease / 3).await;
                    let _ = queue.renew(&id, lease).await;
                }
            })
        };
        let counts = Counts::default();
        let slots = (0..concurrency).map(|_| self.slot(queue, config, &stop, &counts, log));
        futures::future::join_all(slots).await;
        renewer.abort();
        listener.abort();
        let signal = *stop.signal.lock().expect("stop lock");
        Ok(WorkerSummary {
            done: counts.done.load(Ordering::SeqCst),
            failed: counts.failed.load(Ordering::SeqCst),
            retried: counts.retried.load(Ordering::SeqCst),
            lost_leases: counts.lost.load(Ordering::SeqCst),
            signal,
        })
    }

    /// One of the worker's slots: claims, audits and settles jobs one after another.
    async fn slot(
        &self,
        queue: &Queue,
        config: &WorkerConfig,
        stop: &Stop,
        counts: &Counts,
        log: &(dyn Fn(JobEvent<'_>) + Sync),
    ) {
        while !stop.stopping() {
            let job = match queue.claim(&config.id, config.lease).await {
                Ok(Some(job)) => job,
                Ok(None) => {
                    if config.until_empty && queue.open_jobs().await.is_ok_and(|n| n == 0) {
                        stop.set(None);
                        break;
                    }
                    stop.sleep(config.poll).await;
                    continue;
                }
                Err(e) => {
                    log(JobEvent::DatabaseError(&e));
                    stop.sleep(config.poll).await;
                    continue;
                }
            };
            log(JobEvent::Started(&job));
            let started = std::time::Instant::now();
            let (report, state) = if job.attempt > config.attempts {
                // Its earlier workers died holding it (a site that crashes or hangs the browser, say).
                let why = job.last_error.clone().unwrap_or_else(|| "its worker stopped before finishing it".into());
                let message = format!("given up after {} attempt(s); the last: {why}", job.attempt - 1);
                (failed_report(&job.entry, message), JobState::Failed)
            } else {
                let report = audit_entry(self, &job.entry, config.site_timeout).await;
                let state = match classify(&report) {
                    Outcome::Done => JobState::Done,
                    Outcome::Permanent(_) => JobState::Failed,
                    Outcome::Transient(_) if job.attempt >= config.attempts => JobState::Failed,
                    Outcome::Transient(_) => JobState::Queued,
                };
                (report, state)
            };
            let recorded = settle(queue, config, &job, &report, state, log).await;
            let counter = match (recorded, state) {
                (false, _) => &counts.lost,
                (true, JobState::Queued) => &counts.retried,
                (true, JobState::Failed) => &counts.failed,
                (true, _) => &counts.done,
            };
            counter.fetch_add(1, Ordering::SeqCst);
            log(JobEvent::Ended { job: &job, report: &report, state, recorded, secs: started.elapsed().as_secs_f64() });
        }
    }
}

/// Records the job's result (or puts it back for a retry), trying again while the database is away (the
/// lease keeps the job this worker's meanwhile). Returns whether this worker still held it.
async fn settle(
    queue: &Queue,
    config: &WorkerConfig,
    job: &Job,
    report: &AuditReport,
    state: JobState,
    log: &(dyn Fn(JobEvent<'_>) + Sync),
) -> bool {
    for _ in 0..5 {
        let result = match state {
            JobState::Queued => {
                let why = report.site_status().error().unwrap_or_default().to_string();
                queue.retry(job, &config.id, backoff(config.backoff, job.attempt), &why).await
            }
            _ => queue.complete(job, &config.id, report, state).await,
        };
        match result {
            Ok(held) => return held,
            Err(e) => {
                log(JobEvent::DatabaseError(&e));
                tokio::time::sleep(config.poll).await;
            }
        }
    }
    false
}
