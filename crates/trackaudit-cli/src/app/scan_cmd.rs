//! `trackaudit scan`, `trackaudit diff` and `trackaudit history`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use super::audit_cmd::{FailOn, auditor};
use super::{runtime, write_report};
use crate::progress::{Progress, ProgressMode};
use trackaudit::audit::AuditConfig;
use trackaudit::diff;
use trackaudit::fetch::FetchConfig;
use trackaudit::history::{self, HistoryStore};
use trackaudit::model::{AuditReport, timestamp};
use trackaudit::report::html::scan::SinceRun;
use trackaudit::report::{self, Format};
use trackaudit::scan::{self, Output, ScanConfig, ScanFormat, Sinks, SiteEntry};

/// Options of `trackaudit scan`.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// The site list (a file, or `-` for standard input); not needed with `resume`.
    pub sites: Option<String>,
    /// Settings of every audit.
    pub audit: AuditConfig,
    /// HTTP settings.
    pub fetch: FetchConfig,
    /// Extra vendors files.
    pub vendors: Vec<PathBuf>,
    /// Sites audited at once.
    pub concurrency: usize,
    /// Longest time one site may take.
    pub site_timeout: Duration,
    /// The history database.
    pub db: Option<PathBuf>,
    /// Write an evidence pack per site into a folder of its own here.
    pub evidence: Option<PathBuf>,
    /// Finish the last unfinished run in `db`.
    pub resume: bool,
    /// Write the report here.
    pub output: Option<PathBuf>,
    /// The report format (`csv` or `jsonl`); from `output`'s extension when not given.
    pub format: Option<ScanFormat>,
    /// How progress is shown.
    pub progress: ProgressMode,
    /// Exit 1 when any site has such a finding.
    pub fail_on: Option<FailOn>,
    /// The engine and its settings.
    pub engine: super::EngineOptions,
}

/// The history database: a SQLite file, or a PostgreSQL URL.
fn open_db(db: &Path) -> anyhow::Result<Box<dyn HistoryStore>> {
    Ok(history::open(&db.to_string_lossy())?)
}

/// Scans a list of sites. Exit code 1 when `--fail-on` matches a site, 130, 143 or 129 when stopped by SIGINT,
/// SIGTERM or SIGHUP, 0 otherwise.
pub fn scan(opts: &ScanOptions) -> anyhow::Result<ExitCode> {
    let mut history = opts.db.as_deref().map(open_db).transpose()?;
    let (run, all, done): (Option<i64>, Vec<SiteEntry>, std::collections::HashSet<usize>) = if opts.resume {
        let db = history
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("--resume needs --db FILE: the history database of the run to finish"))?;
        let run = db.unfinished_run()?.ok_or_else(|| {
            anyhow::anyhow!(
                "nothing to resume: every run in {} is finished",
                opts.db.as_deref().unwrap_or(Path::new("")).display()
            )
        })?;
        if opts.sites.is_some() {
            eprintln!(
                "trackaudit: note: resuming run {run}: its site list comes from the database, not from the SITES argument"
            );
        }
        (Some(run), db.run_sites(run)?, db.done_positions(run)?)
    } else {
        let path = opts
            .sites
            .as_deref()
            .ok_or_else(|| anyhow::anyhow!("give the site list: a file, or - for standard input"))?;
        let list = scan::read_sites(path)?;
        if let Some(note) = list.duplicates_note() {
            eprintln!("trackaudit: note: {note}");
        }
        let entries = list.sites;
        let run = match history.as_mut() {
            Some(db) => {
                let options = serde_json::json!({
                    "max_pages": opts.audit.crawl.max_pages,
                    "depth": opts.audit.crawl.max_depth,
                    "concurrency": opts.concurrency,
                    "policy": opts.audit.policy,
                    "first_party": opts.audit.first_party,
                });
                Some(db.start_run(path, &options.to_string(), &entries, &timestamp())?)
            }
            None => None,
        };
        (run, entries, std::collections::HashSet::default())
    };

    let format = opts.format.or(opts.output.as_deref().map(ScanFormat::for_path));
    let mut output = match format {
        Some(f) => {
            let meta_columns: Vec<String> =
                all.first().map(|e| e.meta.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
            let mut out = Output::open(opts.output.as_deref(), f, meta_columns)?;
            // A resumed run's output is rebuilt from the database first, so that no finished site is lost or
            // written twice.
            if let (Some(db), Some(run)) = (history.as_ref(), run) {
                for (entry, report) in db.reports(run)? {
                    out.write(&entry, &report)?;
                }
            }
            Some(out)
        }
        None => None,
    };
    let report_on_stdout = output.is_some() && opts.output.is_none();

    let (mut audit, mut engine) = (opts.audit.clone(), opts.engine.clone());
    if let Some(dir) = &opts.evidence {
        // The browser writes into a staging folder; each site's pack takes its own files from there.
        audit.keep_sources = true;
        engine.browser.screenshots.get_or_insert_with(|| dir.join(".browser").join("screenshots"));
        engine.browser.har.get_or_insert_with(|| dir.join(".browser").join("har"));
    }
    let auditor = auditor(&audit, &opts.fetch, &opts.vendors, &engine)?;
    let mut packs = super::audit_cmd::Packs::new(opts.evidence.clone(), auditor.vendors().db().sha256());
    let todo: Vec<SiteEntry> = all.iter().filter(|e| !done.contains(&e.position)).cloned().collect();
    let progress = Progress::new(opts.progress, all.len(), done.len());
    let config = ScanConfig { concurrency: opts.concurrency, site_timeout: opts.site_timeout };
    let mut failing = false;
    let mut on_report = |r: &AuditReport| {
        failing |= opts.fail_on.is_some_and(|f| f.fails(r));
        packs.add(r);
    };
    let rt = runtime()?;
    let mut summary = rt.block_on(auditor.scan(
        todo,
        &config,
        Sinks {
            history: history.as_deref_mut().map(|h| h as &mut dyn HistoryStore).zip(run),
            output: output.as_mut(),
            progress: &progress,
            on_report: &mut on_report,
        },
    ))?;
    // Every Chromium is closed and its profile removed, also after Ctrl-C (sites in flight were dropped).
    rt.block_on(auditor.shutdown());
    // Sites in flight at Ctrl-C were abandoned with the runtime; what finished is saved.
    rt.shutdown_timeout(Duration::from_millis(200));
    if let Some(mut out) = output {
        // The page shows what changed since the last finished run in the database.
        if let (true, Some(db), Some(run)) = (out.is_html(), history.as_ref(), run)
            && let Ok(previous) = db.resolve_run("latest")
            && previous != run
        {
            let old: Vec<AuditReport> = db.reports(previous)?.into_iter().map(|(_, r)| r).collect();
            let new: Vec<AuditReport> = db.reports(run)?.into_iter().map(|(_, r)| r).collect();
            out.set_changes(SinceRun { name: format!("run {previous}"), changes: diff::diff(&old, &new) });
        }
        out.finish_printed(|html| super::print_pdf(html).map_err(|e| std::io::Error::other(format!("{e:#}"))))?;
    }
    packs.report();
    summary.run_id = run;
    summary.total = all.len();
    summary.resumed = done.len();
    if let (Some(db), Some(run), false) = (history.as_mut(), run, summary.interrupted) {
        db.finish_run(run, &timestamp())?;
    }
    let text = report::scan::summary(&summary);
    if report_on_stdout {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    Ok(if summary.interrupted {
        ExitCode::from(summary.signal.map_or(130, trackaudit::model::StopSignal::exit_code))
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Options of `trackaudit diff`.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// The older run: an id, `previous`, `latest`, or a JSON Lines file.
    pub old: String,
    /// The newer run.
    pub new: String,
    /// The history database, for run ids.
    pub db: Option<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Write here instead of standard output.
    pub output: Option<PathBuf>,
    /// Exit 1 when a vendor became undisclosed or contradicted.
    pub fail_on_new_undisclosed: bool,
}

fn load_reports(spec: &str, db: Option<&dyn HistoryStore>) -> anyhow::Result<(String, Vec<AuditReport>)> {
    let path = Path::new(spec);
    if path.is_file() {
        let records = scan::read_jsonl(path)?;
        return Ok((spec.to_string(), records.into_iter().map(|r| r.report).collect()));
    }
    let db = db.ok_or_else(|| {
        anyhow::anyhow!(
            "{spec:?} is not a JSON Lines file; to compare runs by id, `latest` or `previous`, give --db FILE"
        )
    })?;
    let run = db.resolve_run(spec)?;
    Ok((format!("run {run}"), db.reports(run)?.into_iter().map(|(_, r)| r).collect()))
}

/// Compares two runs. Exit code 1 with `--fail-on new-undisclosed` when a vendor became undisclosed.
pub fn diff(opts: &DiffOptions) -> anyhow::Result<ExitCode> {
    let db = opts.db.as_deref().map(open_db).transpose()?;
    let (old_name, old) = load_reports(&opts.old, db.as_deref())?;
    let (new_name, new) = load_reports(&opts.new, db.as_deref())?;
    let changes = diff::diff(&old, &new);
    write_report(
        opts.output.as_deref(),
        &report::scan::diff(&old_name, &new_name, &changes, opts.format),
        opts.format,
    )?;
    Ok(if opts.fail_on_new_undisclosed && changes.iter().any(diff::Change::is_new_undisclosed) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Lists a site's runs, or with no site every run.
pub fn history(site: Option<&str>, db: &Path, format: Format) -> anyhow::Result<ExitCode> {
    if !db.exists() && !history::is_postgres_url(&db.to_string_lossy()) {
        anyhow::bail!(
            "no history database at {} (create one with `trackaudit scan --db {}`)",
            db.display(),
            db.display()
        );
    }
    let h = open_db(db)?;
    let text = match site {
        Some(site) => {
            let runs = h.site_history(site)?;
            if runs.is_empty() {
                anyhow::bail!("{site} is in no run of {} (give the site's domain or the URL as listed)", db.display());
            }
            report::scan::history(site, &runs, format)
        }
        None => report::scan::runs(&h.runs()?, format),
    };
    write_report(None, &text, format)?;
    Ok(ExitCode::SUCCESS)
}
