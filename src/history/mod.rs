//! Scan history: every run, its input list, every site result (with the full report), every finding, and a
//! hash of each policy text. A site is committed the moment it finishes, so an interrupted run can be resumed
//! with nothing lost and nothing counted twice.
//!
//! Scans write through the [`HistoryStore`] trait; [`History`] implements it in SQLite (one file, one
//! machine) and [`PgHistory`] in PostgreSQL (one server, many workers: see [`crate::queue`]). [`open`] takes
//! either a file path or a `postgres://` URL. Both have the same tables, created and upgraded by numbered
//! migrations when opened.

use std::collections::HashSet;

use crate::model::{AuditReport, SiteEntry, SiteStatus};

mod migrate;
pub(crate) mod postgres;
mod sqlite;

pub use postgres::{PgHistory, is_postgres_url, shown_url};
pub use sqlite::History;

/// Opens the history at `db`: a `postgres://` (or `postgresql://`) URL, or else a SQLite file (created when
/// missing).
pub fn open(db: &str) -> Result<Box<dyn HistoryStore>, HistoryError> {
    if is_postgres_url(db) {
        Ok(Box::new(PgHistory::open(db)?))
    } else {
        Ok(Box::new(History::open(std::path::Path::new(db))?))
    }
}

/// Where a listed site stands in the work queue (the `state` column of `run_sites`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting for a worker (or for its retry time).
    Queued,
    /// Claimed by a worker that holds a lease on it.
    Running,
    /// Audited: its result is recorded.
    Done,
    /// Given up (a permanent failure, or out of attempts): its error result is recorded.
    Failed,
}

impl JobState {
    /// The column's text.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }
}

/// The run `name` picks among `runs`: an id, or `latest` / `previous` among the finished ones.
fn pick_run(runs: &[RunInfo], name: &str, path: &str) -> Result<i64, HistoryError> {
    let finished: Vec<i64> = runs.iter().filter(|r| r.finished_at.is_some()).map(|r| r.id).collect();
    let pick = match name {
        "latest" => finished.last().copied(),
        "previous" => finished.iter().rev().nth(1).copied(),
        id => id.parse::<i64>().ok().filter(|id| runs.iter().any(|r| r.id == *id)),
    };
    pick.ok_or_else(|| HistoryError::NoSuchRun {
        path: path.to_string(),
        name: name.to_string(),
        finished: finished.len(),
    })
}

/// Stored reports (position, JSON) with their list entries, in input order.
fn pair_reports(
    entries: &[SiteEntry],
    rows: Vec<(usize, String)>,
    path: &str,
) -> Result<Vec<(SiteEntry, AuditReport)>, HistoryError> {
    let mut out = Vec::with_capacity(rows.len());
    for (position, json) in rows {
        let report: AuditReport = serde_json::from_str(&json)
            .map_err(|e| HistoryError::Corrupt { path: path.to_string(), message: e.to_string() })?;
        let entry = entries.iter().find(|s| s.position == position).cloned().unwrap_or(SiteEntry {
            position,
            target: report.target.clone(),
            meta: Vec::new(),
        });
        out.push((entry, report));
    }
    Ok(out)
}

/// A history database that could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HistoryError {
    /// SQLite failed.
    #[error("history database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// The cause.
        source: rusqlite::Error,
    },
    /// PostgreSQL failed (or could not be reached).
    #[error("history database {url}: {message}")]
    Postgres {
        /// The database URL, without its password.
        url: String,
        /// What the server or the driver said.
        message: String,
    },
    /// A stored report could not be read back.
    #[error("history database {path}: a stored report is unreadable: {message}")]
    Corrupt {
        /// The database file.
        path: String,
        /// What failed.
        message: String,
    },
    /// A run id or name that does not exist.
    #[error("no run {name:?} in {path} ({finished} finished run(s); {})", crate::model::Remedy::HistoryRuns)]
    NoSuchRun {
        /// The database.
        path: String,
        /// The id or name asked for.
        name: String,
        /// Finished runs it holds.
        finished: usize,
    },
}

/// One scan run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunInfo {
    /// Run id.
    pub id: i64,
    /// RFC 3339 start time.
    pub started_at: String,
    /// RFC 3339 end time, when finished.
    pub finished_at: Option<String>,
    /// The site list it read.
    pub input: String,
    /// Sites in the run.
    pub total: usize,
    /// Sites finished so far.
    pub done: usize,
}

/// One site's result in one run, for `trackaudit history`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SiteRun {
    /// Run id.
    pub run_id: i64,
    /// When the site finished.
    pub finished_at: String,
    /// What was audited.
    pub target: String,
    /// `ok` or the error (the `status` column keeps the text: `ok`, `error: …`).
    pub status: SiteStatus,
    /// Pages read.
    pub pages: usize,
    /// Vendors found.
    pub vendors: usize,
    /// Vendors undisclosed or contradicted.
    pub undisclosed: usize,
    /// The policy URL, if any.
    pub policy_url: Option<String>,
    /// SHA-256 of the policy text, if any.
    pub policy_sha256: Option<String>,
}

/// Where scans keep their runs and results.
pub trait HistoryStore: Send + std::fmt::Debug {
    /// Starts a run over `sites` (read from `input`, with the scan's `options`); returns its id.
    fn start_run(&mut self, input: &str, options: &str, sites: &[SiteEntry], now: &str) -> Result<i64, HistoryError>;
    /// The most recent run that did not finish.
    fn unfinished_run(&self) -> Result<Option<i64>, HistoryError>;
    /// The input list of a run.
    fn run_sites(&self, run: i64) -> Result<Vec<SiteEntry>, HistoryError>;
    /// Positions of the sites of a run already recorded.
    fn done_positions(&self, run: i64) -> Result<HashSet<usize>, HistoryError>;
    /// Records one site's result, with its findings, in one transaction.
    fn record_site(&mut self, run: i64, entry: &SiteEntry, report: &AuditReport) -> Result<(), HistoryError>;
    /// Marks a run finished.
    fn finish_run(&mut self, run: i64, now: &str) -> Result<(), HistoryError>;
    /// Every site result of a run, with its entry, in input order.
    fn reports(&self, run: i64) -> Result<Vec<(SiteEntry, AuditReport)>, HistoryError>;
    /// Every run, oldest first.
    fn runs(&self) -> Result<Vec<RunInfo>, HistoryError>;
    /// A run named by id, `latest` or `previous` (finished runs only for the names).
    fn resolve_run(&self, name: &str) -> Result<i64, HistoryError>;
    /// Every result for a site, matched by registrable domain or by target, oldest first.
    fn site_history(&self, site: &str) -> Result<Vec<SiteRun>, HistoryError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Verdict;
    use crate::model::{Category, Finding, PageRecord, VendorRef};

    fn entry(position: usize, target: &str) -> SiteEntry {
        SiteEntry { position, target: target.into(), meta: vec![("owner".into(), "web team".into())] }
    }

    fn report(target: &str, site: &str, verdicts: &[Verdict]) -> AuditReport {
        let mut r = AuditReport::started(target);
        r.site = site.into();
        r.finished_at = "2026-12-02T10:00:00Z".into();
        let mut page = PageRecord::new(target, 0);
        page.status = Some(200);
        r.pages.push(page);
        for (i, &verdict) in verdicts.iter().enumerate() {
            r.findings.push(Finding {
                vendor: VendorRef {
                    id: format!("v{i}"),
                    name: format!("Vendor {i}"),
                    company: "Co".into(),
                    category: Category::Advertising,
                },
                verdict,
                quote: None,
                quote_source: None,
                reason: String::new(),
                ids: vec!["G-TEST".into()],
                evidence: Vec::new(),
                consent_states: Vec::new(),
                accepted: None,
            });
        }
        r
    }

    fn open() -> (tempfile::TempDir, History) {
        let dir = tempfile::tempdir().unwrap();
        let history = History::open(&dir.path().join("history.sqlite")).unwrap();
        (dir, history)
    }

    /// The scenarios every store passes, SQLite and PostgreSQL alike.
    type Scenario = fn(&mut dyn HistoryStore);
    const SCENARIOS: &[(&str, Scenario)] = &[
        ("run_round_trip", run_round_trip),
        ("latest_and_previous", latest_and_previous),
        ("site_history_counts", site_history_counts),
    ];

    #[test]
    fn a_run_keeps_its_list_its_results_and_reads_them_back_in_input_order() {
        run_round_trip(&mut open().1);
    }

    #[test]
    fn latest_and_previous_name_finished_runs_only() {
        latest_and_previous(&mut open().1);
    }

    #[test]
    fn a_sites_history_counts_its_vendors_and_the_undisclosed_ones() {
        site_history_counts(&mut open().1);
    }

    #[test]
    fn postgresql_passes_the_same_scenarios_and_migrates_once() {
        let Some(pg) = fixture_server::postgres::for_test() else { return };
        for (name, scenario) in SCENARIOS {
            let url = pg.database(name).unwrap();
            scenario(&mut *super::open(&url).unwrap());
        }
        // Opening again applies nothing twice; the versions are those SQLite has.
        let url = pg.url("run_round_trip");
        drop(PgHistory::open(&url).unwrap());
        let versions = pg
            .psql("run_round_trip", "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations")
            .unwrap();
        let (_dir, sqlite) = open();
        assert_eq!(versions, "1,2");
        assert_eq!(sqlite.schema_version().unwrap(), 2);
        // The job states follow the results.
        let states =
            pg.psql("run_round_trip", "SELECT string_agg(state, ',' ORDER BY position) FROM run_sites").unwrap();
        assert_eq!(states, "done,done");
    }

    #[test]
    fn an_unreachable_or_malformed_postgres_url_is_a_clear_error_without_the_password() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let err = super::open(&format!("postgres://u:secret@127.0.0.1:{port}/db")).unwrap_err().to_string();
        assert!(err.starts_with(&format!("history database postgres://u:***@127.0.0.1:{port}/db: ")), "{err}");
        assert!(!err.contains("secret") && err.to_lowercase().contains("refused"), "{err}");
        let err = super::open("postgres://127.0.0.1:notaport/db").unwrap_err().to_string();
        assert!(err.contains("not a PostgreSQL connection URL"), "{err}");
    }

    #[test]
    fn an_old_database_without_numbered_migrations_is_brought_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        let old = rusqlite::Connection::open(&path).unwrap();
        old.execute_batch(migrate::SQLITE[0].sql).unwrap();
        old.execute("INSERT INTO runs (started_at, input, options) VALUES ('t', 'l', '{}')", []).unwrap();
        old.execute("INSERT INTO run_sites VALUES (1, 0, 'https://a.test/', '[]')", []).unwrap();
        drop(old);
        let h = History::open(&path).unwrap();
        assert_eq!(h.schema_version().unwrap(), 2);
        assert_eq!(h.run_sites(1).unwrap().len(), 1, "the old run is kept");
        let state: String = h.conn.query_row("SELECT state FROM run_sites", [], |r| r.get(0)).unwrap();
        assert_eq!(state, "queued");
        h.conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', 't')", []).unwrap();
        drop(h);
        let err = History::open(&path).unwrap_err().to_string();
        assert!(err.contains("schema is version 99, newer than this trackaudit knows (2)"), "{err}");
    }

    fn run_round_trip(h: &mut dyn HistoryStore) {
        let sites = [entry(0, "https://a.test/"), entry(1, "https://b.test/")];
        let run = h.start_run("sites.csv", "{}", &sites, "2026-12-02T09:00:00Z").unwrap();
        assert_eq!(h.run_sites(run).unwrap(), sites, "the list, with its extra columns");
        assert_eq!(h.unfinished_run().unwrap(), Some(run));
        // Finished out of order: the reports still come back in input order.
        h.record_site(run, &sites[1], &report("https://b.test/", "b.test", &[Verdict::Disclosed])).unwrap();
        assert_eq!(h.done_positions(run).unwrap(), HashSet::from([1]), "a resumed run skips these");
        let a = report("https://a.test/", "a.test", &[Verdict::Undisclosed]);
        h.record_site(run, &sites[0], &a).unwrap();
        h.finish_run(run, "2026-12-02T09:05:00Z").unwrap();
        assert_eq!(h.unfinished_run().unwrap(), None);
        let back = h.reports(run).unwrap();
        assert_eq!(back.iter().map(|(e, _)| e.position).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(back[0].1, a, "the report round-trips");
        let runs = h.runs().unwrap();
        assert_eq!((runs.len(), runs[0].total, runs[0].done), (1, 2, 2));
        assert_eq!(runs[0].finished_at.as_deref(), Some("2026-12-02T09:05:00Z"));
    }

    fn latest_and_previous(h: &mut dyn HistoryStore) {
        let sites = [entry(0, "https://a.test/")];
        let first = h.start_run("l", "{}", &sites, "t1").unwrap();
        h.finish_run(first, "t1").unwrap();
        let second = h.start_run("l", "{}", &sites, "t2").unwrap();
        h.finish_run(second, "t2").unwrap();
        let unfinished = h.start_run("l", "{}", &sites, "t3").unwrap();
        assert_eq!(h.resolve_run("latest").unwrap(), second);
        assert_eq!(h.resolve_run("previous").unwrap(), first);
        assert_eq!(h.resolve_run(&unfinished.to_string()).unwrap(), unfinished, "by id, finished or not");
        let err = h.resolve_run("99").unwrap_err().to_string();
        assert!(err.contains("no run \"99\"") && err.contains("2 finished run(s)"), "{err}");
    }

    fn site_history_counts(h: &mut dyn HistoryStore) {
        let sites = [entry(0, "https://www.a.test/")];
        let run = h.start_run("l", "{}", &sites, "t1").unwrap();
        let verdicts = [Verdict::Disclosed, Verdict::Undisclosed, Verdict::Contradicted, Verdict::Vague];
        h.record_site(run, &sites[0], &report("https://www.a.test/", "a.test", &verdicts)).unwrap();
        for name in ["a.test", "https://www.a.test/"] {
            let rows = h.site_history(name).unwrap();
            assert_eq!(rows.len(), 1, "{name}");
            assert_eq!(
                (&rows[0].status, rows[0].pages, rows[0].vendors, rows[0].undisclosed),
                (&SiteStatus::Ok, 1, 4, 2)
            );
        }
        assert!(h.site_history("b.test").unwrap().is_empty());
    }

    #[test]
    fn a_failed_sites_status_column_keeps_the_text_and_reads_back_typed() {
        let (_dir, mut h) = open();
        let sites = [entry(0, "https://down.test/")];
        let run = h.start_run("l", "{}", &sites, "t1").unwrap();
        let mut r = report("https://down.test/", "down.test", &[]);
        r.pages[0].status = None;
        r.pages[0].error = Some("connection refused".into());
        h.record_site(run, &sites[0], &r).unwrap();
        let column: String = h.conn.query_row("SELECT status FROM site_results", [], |r| r.get(0)).unwrap();
        assert_eq!(column, "error: connection refused");
        let rows = h.site_history("down.test").unwrap();
        assert_eq!(rows[0].status, SiteStatus::Error("connection refused".into()));
        assert!(serde_json::to_string(&rows[0]).unwrap().contains(r#""status":"error: connection refused""#));
        h.conn.execute("UPDATE site_results SET status = 'partial'", []).unwrap();
        let err = h.site_history("down.test").unwrap_err().to_string();
        assert!(err.contains("unknown site status \"partial\""), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.sqlite");
        std::fs::write(&path, b"this is not SQLite, just text long enough to have a header page").unwrap();
        let err = History::open(&path).unwrap_err().to_string();
        assert!(err.starts_with(&format!("history database {}", path.display())), "{err}");
    }
}
