//! The PostgreSQL work queue: how many jobs a second it hands out, and how many sites a second one worker
//! audits, and from those what a fleet for a million sites a day needs.
//!
//! Run with `scripts/bench-queue` (or `cargo bench --bench queue`). It starts a throwaway PostgreSQL from
//! Debian's packages (as the tests do; durability settings off, so the figures are the queue's own cost, not
//! the disk's) and
//!
//! 1. queues JOBS jobs, then has 1, 4 and 16 concurrent claimers (each with its own connection) claim them
//!    all: claims/s; then again with each claim completed with a small result in its own transaction (what
//!    a worker does per site): jobs/s;
//! 2. serves a synthetic web of SITES sites (PAGES pages of ~KIB KiB) on loopback and lets one worker
//!    (`Auditor::work`, WORKER_CONC sites at a time) audit all of them with the static engine: sites/s, and
//!    the database's size per site; with ENGINE=chrome also with the browser engine and --consent all (the
//!    four consent states: none, accept, reject, GPC), on BROWSER_SITES sites;
//! 3. prints the workers and database a million sites a day need.
//!
//! Prints figures only; asserts nothing about time. The database, the web server and the worker share the
//! machine's CPUs.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

use std::time::{Duration, Instant};

use fixture_server::postgres::TempPostgres;
use fixture_server::{Options, Server, SyntheticConfig};
use trackaudit::audit::{AuditConfig, Auditor, CnameLookup};
use trackaudit::fetch::{FetchConfig, HostRule};
use trackaudit::history::JobState;
use trackaudit::model::AuditReport;
use trackaudit::queue::Queue;
use trackaudit::queue::worker::WorkerConfig;
use trackaudit::scan::SiteEntry;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn entries(n: usize, host: impl Fn(usize) -> String) -> Vec<SiteEntry> {
    (0..n).map(|i| SiteEntry { position: i, target: format!("http://{}/", host(i)), meta: Vec::new() }).collect()
}

/// Claims (and with `complete`, completes) every job with `claimers` concurrent claimers; jobs per second.
async fn drain(queue: &Queue, claimers: usize, complete: bool) -> f64 {
    let report = {
        let mut r = AuditReport::started("http://bench.test/");
        r.site = "bench.test".into();
        r
    };
    let started = Instant::now();
    let tasks = (0..claimers).map(|c| {
        let (queue, report) = (queue.clone(), report.clone());
        async move {
            let id = format!("bench-{c}");
            let mut n = 0usize;
            while let Some(job) = queue.claim(&id, Duration::from_secs(60)).await.expect("claim") {
                if complete {
                    queue.complete(&job, &id, &report, JobState::Done).await.expect("complete");
                }
                n += 1;
            }
            n
        }
    });
    let n: usize = futures::future::join_all(tasks).await.into_iter().sum();
    n as f64 / started.elapsed().as_secs_f64()
}

async fn queue_figures(pg: &TempPostgres, jobs: usize) -> Vec<(usize, f64, f64)> {
    let mut out = Vec::new();
    for claimers in [1, 4, 16] {
        let mut rates = [0.0; 2];
        for (i, complete) in [false, true].into_iter().enumerate() {
            let url = pg.database(&format!("q{claimers}_{i}")).expect("database");
            let queue = Queue::connect(&url, claimers + 1).await.expect("connect");
            let t = Instant::now();
            queue.add("bench", "bench", &entries(jobs, |i| format!("site{i}.queue.test"))).await.expect("add");
            if i == 0 {
                println!("  queued {jobs} jobs in {:.2} s", t.elapsed().as_secs_f64());
            }
            rates[i] = drain(&queue, claimers, complete).await;
        }
        println!(
            "  {claimers:>2} claimer(s): {:>7.0} claims/s   {:>7.0} jobs/s claimed and completed",
            rates[0], rates[1]
        );
        out.push((claimers, rates[0], rates[1]));
    }
    out
}

/// One worker audits every queued site; returns sites/s and the database bytes per site.
async fn worker_figures(pg: &TempPostgres, name: &str, auditor: &Auditor, sites: usize, conc: usize) -> (f64, f64) {
    let url = pg.database(name).expect("database");
    let queue = Queue::connect(&url, conc + 2).await.expect("connect");
    queue.add("bench", "bench", &entries(sites, SyntheticConfig::host)).await.expect("add");
    let config = WorkerConfig {
        concurrency: conc,
        until_empty: true,
        poll: Duration::from_millis(100),
        ..WorkerConfig::new("bench")
    };
    let started = Instant::now();
    let summary = auditor.work(&queue, &config, &|_| {}).await.expect("work");
    let secs = started.elapsed().as_secs_f64();
    let bytes: f64 = pg
        .psql(name, "SELECT pg_total_relation_size('site_results') + pg_total_relation_size('findings') + pg_total_relation_size('run_sites')")
        .expect("size")
        .parse()
        .expect("a number");
    println!(
        "  {} site(s) in {secs:.1} s: {:.2} sites/s ({} done, {} failed), {:.1} KiB of database per site",
        summary.done + summary.failed,
        sites as f64 / secs,
        summary.done,
        summary.failed,
        bytes / sites as f64 / 1024.0
    );
    (sites as f64 / secs, bytes / sites as f64)
}

fn plan(engine: &str, per_worker: f64, bytes_per_site: f64, queue_jobs_per_s: f64) {
    let per_day = 1_000_000.0;
    let workers = (per_day / (per_worker * 86_400.0)).ceil();
    println!(
        "  {engine}: {per_worker:.2} sites/s per worker = {:.0} sites/day; 1M sites/day needs {workers} worker(s) \
         (the queue then hands out {:.1} jobs/s, {:.2} % of the {queue_jobs_per_s:.0} it can); the database grows \
         {:.1} GiB/day",
        per_worker * 86_400.0,
        per_day / 86_400.0,
        per_day / 86_400.0 / queue_jobs_per_s * 100.0,
        bytes_per_site * per_day / f64::from(1u32 << 30)
    );
}

/// With ENGINE=chrome, one worker's sites/s and database bytes per site with Chromium and `--consent all`.
#[cfg(feature = "browser")]
fn browser_figures(
    rt: &tokio::runtime::Runtime,
    pg: &TempPostgres,
    config: AuditConfig,
    fetch: FetchConfig,
) -> Option<(f64, f64)> {
    if !std::env::var("ENGINE").is_ok_and(|e| e == "chrome") {
        return None;
    }
    let browsers = env("BROWSERS", 2);
    let sites = env("BROWSER_SITES", 40);
    println!("browser engine, --consent all: one worker, {browsers} Chromium at a time, {sites} sites");
    let config = AuditConfig { consent: trackaudit::consent::ConsentMode::All, ..config };
    let settings = trackaudit::audit::BrowserSettings { workers: browsers, ..Default::default() };
    let chrome = Auditor::builder().config(config).fetch(fetch).browser(settings).build().expect("chrome auditor");
    let figures = rt.block_on(worker_figures(pg, "chrome", &chrome, sites, browsers));
    rt.block_on(chrome.shutdown());
    Some(figures)
}

/// Built without the browser engine: no browser figures.
#[cfg(not(feature = "browser"))]
fn browser_figures(
    _: &tokio::runtime::Runtime,
    _: &TempPostgres,
    _: AuditConfig,
    _: FetchConfig,
) -> Option<(f64, f64)> {
    None
}

fn main() {
    let Ok(pg) = TempPostgres::start() else {
        eprintln!("bench-queue needs PostgreSQL's server programs: apt-get install -y postgresql");
        std::process::exit(2);
    };
    let (jobs, sites, pages, kib, conc) =
        (env("JOBS", 10_000), env("SITES", 300), env("PAGES", 5), env("KIB", 30), env("WORKER_CONC", 8));
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    println!(
        "PostgreSQL {} on 127.0.0.1:{}, {} CPU(s)",
        pg.psql("postgres", "SHOW server_version").unwrap_or_default(),
        pg.port(),
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    println!("queue: {jobs} jobs");
    let queue = rt.block_on(queue_figures(&pg, jobs));
    let best_cycle = queue.iter().map(|q| q.2).fold(0.0, f64::max);

    let server = Server::start(Options {
        synthetic: Some(SyntheticConfig {
            sites: sites.max(env("BROWSER_SITES", 40)),
            pages_per_site: pages,
            page_kib: kib,
            seed: 1,
        }),
        https_addr: None,
        ..Options::default()
    })
    .expect("fixture server");
    let rule = HostRule::parse_connect_to(&format!(":80:127.0.0.1:{}", server.http_port())).expect("rule");
    let fetch = FetchConfig { rules: vec![rule], ..FetchConfig::default() };
    let config = AuditConfig { cname: CnameLookup::Off, ..AuditConfig::default() };
    println!("static engine: one worker, {conc} sites at a time, {sites} sites of {} pages of ~{kib} KiB", pages + 1);
    let auditor = Auditor::builder().config(config.clone()).fetch(fetch.clone()).build().expect("auditor");
    let (static_rate, static_bytes) = rt.block_on(worker_figures(&pg, "static", &auditor, sites, conc));
    let browser = browser_figures(&rt, &pg, config, fetch);
    println!("a million sites a day:");
    plan("static engine", static_rate, static_bytes, best_cycle);
    if let Some((rate, bytes)) = browser {
        plan("browser engine, four consent states", rate, bytes, best_cycle);
    }
}
