//! Scan history in SQLite: every run, its input list, every site result (with the full report), every
//! finding, and a hash of each policy text. A site is committed the moment it finishes, so an interrupted run
//! can be resumed with nothing lost and nothing counted twice.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::model::SiteEntry;
use crate::model::{AuditReport, SiteStatus, Verdict};

/// A history database that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// SQLite failed.
    #[error("history database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// The cause.
        source: rusqlite::Error,
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
    #[error("{0}")]
    NoSuchRun(String),
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

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    input TEXT NOT NULL,
    options TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_sites (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    position INTEGER NOT NULL,
    target TEXT NOT NULL,
    meta TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE TABLE IF NOT EXISTS site_results (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    position INTEGER NOT NULL,
    target TEXT NOT NULL,
    site TEXT NOT NULL,
    status TEXT NOT NULL,
    pages INTEGER NOT NULL,
    policy_url TEXT,
    policy_sha256 TEXT,
    finished_at TEXT NOT NULL,
    report TEXT NOT NULL,
    UNIQUE (run_id, position)
);
CREATE INDEX IF NOT EXISTS site_results_site ON site_results(site);
CREATE TABLE IF NOT EXISTS findings (
    site_result_id INTEGER NOT NULL REFERENCES site_results(id),
    vendor_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    company TEXT NOT NULL,
    category TEXT NOT NULL,
    verdict TEXT NOT NULL,
    ids TEXT NOT NULL,
    quote TEXT
);
CREATE INDEX IF NOT EXISTS findings_vendor ON findings(vendor_id);
";

/// The history database.
#[derive(Debug)]
pub struct History {
    conn: Connection,
    path: String,
}

impl History {
    /// Opens (creating if needed) the database at `path`, in WAL mode.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        let shown = path.display().to_string();
        let err = |source| HistoryError::Sqlite { path: shown.clone(), source };
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(History { conn, path: shown })
    }

    fn err(&self, source: rusqlite::Error) -> HistoryError {
        HistoryError::Sqlite { path: self.path.clone(), source }
    }

    /// Starts a run over `sites`; returns its id.
    pub fn start_run(
        &mut self,
        input: &str,
        options: &str,
        sites: &[SiteEntry],
        now: &str,
    ) -> Result<i64, HistoryError> {
        let tx = self.conn.transaction().map_err(|e| HistoryError::Sqlite { path: self.path.clone(), source: e })?;
        tx.execute("INSERT INTO runs (started_at, input, options) VALUES (?1, ?2, ?3)", params![now, input, options])
            .map_err(|e| HistoryError::Sqlite { path: self.path.clone(), source: e })?;
        let run = tx.last_insert_rowid();
        for s in sites {
            let meta = serde_json::to_string(&s.meta).expect("strings serialise");
            tx.execute(
                "INSERT INTO run_sites (run_id, position, target, meta) VALUES (?1, ?2, ?3, ?4)",
                params![run, s.position as i64, s.target, meta],
            )
            .map_err(|e| HistoryError::Sqlite { path: self.path.clone(), source: e })?;
        }
        tx.commit().map_err(|e| HistoryError::Sqlite { path: self.path.clone(), source: e })?;
        Ok(run)
    }

    /// The most recent run that did not finish.
    pub fn unfinished_run(&self) -> Result<Option<i64>, HistoryError> {
        self.conn
            .query_row("SELECT id FROM runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The input list of a run.
    pub fn run_sites(&self, run: i64) -> Result<Vec<SiteEntry>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare("SELECT position, target, meta FROM run_sites WHERE run_id = ?1 ORDER BY position")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([run], |r| {
                let meta: String = r.get(2)?;
                Ok(SiteEntry {
                    position: r.get::<_, i64>(0)? as usize,
                    target: r.get(1)?,
                    meta: serde_json::from_str(&meta).unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Positions of the sites of a run that are finished.
    pub fn done_positions(&self, run: i64) -> Result<HashSet<usize>, HistoryError> {
        let mut stmt =
            self.conn.prepare("SELECT position FROM site_results WHERE run_id = ?1").map_err(|e| self.err(e))?;
        let rows = stmt.query_map([run], |r| r.get::<_, i64>(0).map(|p| p as usize)).map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Commits one finished site: its result, report and findings, in one transaction.
    pub fn record_site(&mut self, run: i64, entry: &SiteEntry, report: &AuditReport) -> Result<(), HistoryError> {
        let path = self.path.clone();
        let e = |source| HistoryError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(e)?;
        let status = report.site_status().to_string();
        let pages = report.pages.iter().filter(|p| p.error.is_none()).count() as i64;
        let json = serde_json::to_string(report).expect("reports serialise");
        tx.execute(
            "INSERT INTO site_results (run_id, position, target, site, status, pages, policy_url, policy_sha256, finished_at, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                run,
                entry.position as i64,
                entry.target,
                report.site,
                status,
                pages,
                report.policy.as_ref().map(|p| &p.url),
                report.policy.as_ref().map(|p| &p.sha256),
                report.finished_at,
                json
            ],
        )
        .map_err(e)?;
        let id = tx.last_insert_rowid();
        for f in &report.findings {
            tx.execute(
                "INSERT INTO findings (site_result_id, vendor_id, vendor, company, category, verdict, ids, quote) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, f.vendor.id, f.vendor.name, f.vendor.company, f.vendor.category.as_str(), f.verdict.as_str(), f.ids.join(" "), f.quote],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// Marks a run finished.
    pub fn finish_run(&self, run: i64, now: &str) -> Result<(), HistoryError> {
        self.conn
            .execute("UPDATE runs SET finished_at = ?1 WHERE id = ?2", params![now, run])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Every site result of a run, with its entry, in input order.
    pub fn reports(&self, run: i64) -> Result<Vec<(SiteEntry, AuditReport)>, HistoryError> {
        let entries = self.run_sites(run)?;
        let mut stmt = self
            .conn
            .prepare("SELECT position, report FROM site_results WHERE run_id = ?1 ORDER BY position")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([run], |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, String>(1)?)))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (position, json) = row.map_err(|e| self.err(e))?;
            let report: AuditReport = serde_json::from_str(&json)
                .map_err(|e| HistoryError::Corrupt { path: self.path.clone(), message: e.to_string() })?;
            let entry = entries.iter().find(|s| s.position == position).cloned().unwrap_or(SiteEntry {
                position,
                target: report.target.clone(),
                meta: Vec::new(),
            });
            out.push((entry, report));
        }
        Ok(out)
    }

    /// All runs, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.id, r.started_at, r.finished_at, r.input,
                        (SELECT COUNT(*) FROM run_sites s WHERE s.run_id = r.id),
                        (SELECT COUNT(*) FROM site_results x WHERE x.run_id = r.id)
                 FROM runs r ORDER BY r.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RunInfo {
                    id: r.get(0)?,
                    started_at: r.get(1)?,
                    finished_at: r.get(2)?,
                    input: r.get(3)?,
                    total: r.get::<_, i64>(4)? as usize,
                    done: r.get::<_, i64>(5)? as usize,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// A run named by id, `latest` or `previous` (finished runs only for the names).
    pub fn resolve_run(&self, name: &str) -> Result<i64, HistoryError> {
        let finished: Vec<i64> = self.runs()?.into_iter().filter(|r| r.finished_at.is_some()).map(|r| r.id).collect();
        let pick = match name {
            "latest" => finished.last().copied(),
            "previous" => finished.iter().rev().nth(1).copied(),
            id => id
                .parse::<i64>()
                .ok()
                .filter(|id| self.runs().map(|rs| rs.iter().any(|r| r.id == *id)).unwrap_or(false)),
        };
        pick.ok_or_else(|| {
            HistoryError::NoSuchRun(format!(
                "no run {name:?} in {} ({} finished run(s); use a run id from `trackaudit history --runs`, `latest` or `previous`)",
                self.path,
                finished.len()
            ))
        })
    }

    /// Every result for a site, matched by registrable domain or by target, oldest first.
    pub fn site_history(&self, site: &str) -> Result<Vec<SiteRun>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id, s.run_id, s.finished_at, s.target, s.status, s.pages, s.policy_url, s.policy_sha256,
                        (SELECT COUNT(*) FROM findings f WHERE f.site_result_id = s.id),
                        (SELECT COUNT(*) FROM findings f WHERE f.site_result_id = s.id AND f.verdict IN (?2, ?3))
                 FROM site_results s WHERE s.site = ?1 OR s.target = ?1 ORDER BY s.run_id, s.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![site, Verdict::Undisclosed.as_str(), Verdict::Contradicted.as_str()], |r| {
                Ok(SiteRun {
                    run_id: r.get(1)?,
                    finished_at: r.get(2)?,
                    target: r.get(3)?,
                    status: r.get::<_, String>(4)?.parse().map_err(|e: crate::model::UnknownSiteStatus| {
                        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
                    })?,
                    pages: r.get::<_, i64>(5)? as usize,
                    policy_url: r.get(6)?,
                    policy_sha256: r.get(7)?,
                    vendors: r.get::<_, i64>(8)? as usize,
                    undisclosed: r.get::<_, i64>(9)? as usize,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            });
        }
        r
    }

    fn open() -> (tempfile::TempDir, History) {
        let dir = tempfile::tempdir().unwrap();
        let history = History::open(&dir.path().join("history.sqlite")).unwrap();
        (dir, history)
    }

    #[test]
    fn a_run_keeps_its_list_its_results_and_reads_them_back_in_input_order() {
        let (_dir, mut h) = open();
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

    #[test]
    fn latest_and_previous_name_finished_runs_only() {
        let (_dir, mut h) = open();
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

    #[test]
    fn a_sites_history_counts_its_vendors_and_the_undisclosed_ones() {
        let (_dir, mut h) = open();
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
