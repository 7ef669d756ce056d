//! `trackaudit queue add`, `trackaudit queue status` and `trackaudit worker`: scans run by many workers
//! against one PostgreSQL database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::audit_cmd::auditor;
use super::runtime;
use trackaudit::audit::AuditConfig;
use trackaudit::fetch::FetchConfig;
use trackaudit::history::JobState;
use trackaudit::queue::worker::{JobEvent, WorkerConfig};
use trackaudit::queue::{Queue, RunStatus};
use trackaudit::report::Format;
use trackaudit::scan;

/// Queues a site list as a run's jobs.
pub fn queue_add(sites: &str, db: &str, run: Option<&str>) -> anyhow::Result<ExitCode> {
    let list = scan::read_sites(sites)?;
    if let Some(note) = list.duplicates_note() {
        eprintln!("trackaudit: note: {note}");
    }
    let name = run.map_or_else(|| default_run_name(sites), str::to_string);
    let rt = runtime()?;
    let added = rt.block_on(async {
        let queue = Queue::connect(db, 1).await?;
        queue.add(&name, sites, &list.sites).await
    })?;
    println!(
        "run {} ({}): {} site(s) queued, {} already in the run",
        added.run, added.name, added.added, added.already
    );
    Ok(ExitCode::SUCCESS)
}

/// A run's name when none is given: the list's file name (standard input's is `stdin`).
fn default_run_name(sites: &str) -> String {
    if sites == "-" {
        return "stdin".into();
    }
    std::path::Path::new(sites).file_name().map_or_else(|| sites.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Prints where every run's jobs stand.
pub fn queue_status(db: &str, format: Format) -> anyhow::Result<ExitCode> {
    let rt = runtime()?;
    let runs = rt.block_on(async { Queue::connect(db, 1).await?.status().await })?;
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&runs)? + "\n",
        _ => status_table(&runs),
    };
    super::write_output(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn status_table(runs: &[RunStatus]) -> String {
    if runs.is_empty() {
        return "no runs queued yet (add one with `trackaudit queue add SITES --db …`)\n".into();
    }
    let mut out = format!(
        "{:>5}  {:<24} {:>8} {:>8} {:>8} {:>8} {:>8}  {:>9} {:>9}  finished\n",
        "run", "name", "total", "queued", "running", "done", "failed", "sites/s·1m", "sites/s"
    );
    for r in runs {
        let name = r.name.as_deref().unwrap_or("(scan)");
        let running = if r.stale > 0 { format!("{}({} stale)", r.running, r.stale) } else { r.running.to_string() };
        out.push_str(&format!(
            "{:>5}  {:<24} {:>8} {:>8} {:>8} {:>8} {:>8}  {:>10.2} {:>9.2}  {}\n",
            r.run,
            name.chars().filter(|c| !c.is_control()).take(24).collect::<String>(),
            r.total(),
            r.queued,
            running,
            r.done,
            r.failed,
            r.rate_last_minute,
            r.rate_overall,
            r.finished_at.as_deref().unwrap_or("-"),
        ));
    }
    out
}

/// Options of `trackaudit worker`.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// The PostgreSQL database.
    pub db: String,
    /// Settings of every audit.
    pub audit: AuditConfig,
    /// HTTP settings.
    pub fetch: FetchConfig,
    /// Extra vendors files.
    pub vendors: Vec<PathBuf>,
    /// How the worker works (its id is filled in here).
    pub worker: WorkerConfig,
    /// The engine and its settings.
    pub engine: super::EngineOptions,
    /// Print a line per job.
    pub log: bool,
}

/// Works the queue until stopped (or, with `until_empty`, until it is empty). Exit 0 after SIGTERM or
/// Ctrl-C once the sites in flight are recorded (what Kubernetes expects of a pod told to stop).
pub fn worker(opts: &WorkerOptions) -> anyhow::Result<ExitCode> {
    let auditor = auditor(&opts.audit, &opts.fetch, &opts.vendors, &opts.engine)?;
    let rt = runtime()?;
    let config = &opts.worker;
    eprintln!(
        "trackaudit: worker {} on {} ({} at once, {} attempt(s), lease {}s)",
        config.id,
        trackaudit::history::shown_url(&opts.db),
        config.concurrency,
        config.attempts,
        config.lease.as_secs()
    );
    let log = |event: JobEvent<'_>| match event {
        JobEvent::Started(job) if opts.log => {
            eprintln!(
                "start  run {} #{} {} (attempt {})",
                job.run,
                job.entry.position,
                clean(&job.entry.target),
                job.attempt
            );
        }
        JobEvent::Ended { job, report, state, recorded, secs } if opts.log || !recorded => {
            let what = match (recorded, state) {
                (false, _) => "lost".to_string(),
                (true, JobState::Queued) => "retry".into(),
                (true, s) => s.as_str().into(),
            };
            let why = report.site_status().error().map(|e| format!(": {}", clean(e))).unwrap_or_default();
            eprintln!(
                "{what:<6} run {} #{} {} in {secs:.1}s{why}",
                job.run,
                job.entry.position,
                clean(&job.entry.target)
            );
        }
        JobEvent::DatabaseError(e) => eprintln!("trackaudit: database error (retrying): {e}"),
        _ => {}
    };
    let summary = rt.block_on(async {
        let queue = Queue::connect(&opts.db, config.concurrency + 2).await?;
        auditor.work(&queue, config, &log).await
    });
    rt.block_on(auditor.shutdown());
    rt.shutdown_timeout(Duration::from_millis(200));
    let summary = summary?;
    eprintln!(
        "trackaudit: worker {} stopped{}: {} done, {} failed, {} put back for a retry, {} lost to another worker",
        config.id,
        summary.signal.map(|s| format!(" by {}", s.name())).unwrap_or_default(),
        summary.done,
        summary.failed,
        summary.retried,
        summary.lost_leases
    );
    Ok(ExitCode::SUCCESS)
}

/// A crawled string made safe for one terminal line.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `--lease-secs` and friends as durations.
pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s.max(1))
}
