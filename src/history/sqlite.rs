//! The history in SQLite, in WAL mode: one file, one writer, readers alongside.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::{HistoryError, HistoryStore, RunInfo, SiteRun};
use crate::model::{AuditReport, SiteEntry, Verdict};

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
    pub(super) conn: Connection,
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
}

impl HistoryStore for History {
    /// Starts a run over `sites`; returns its id.
    fn start_run(&mut self, input: &str, options: &str, sites: &[SiteEntry], now: &str) -> Result<i64, HistoryError> {
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
    fn unfinished_run(&self) -> Result<Option<i64>, HistoryError> {
        self.conn
            .query_row("SELECT id FROM runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The input list of a run.
    fn run_sites(&self, run: i64) -> Result<Vec<SiteEntry>, HistoryError> {
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
    fn done_positions(&self, run: i64) -> Result<HashSet<usize>, HistoryError> {
        let mut stmt =
            self.conn.prepare("SELECT position FROM site_results WHERE run_id = ?1").map_err(|e| self.err(e))?;
        let rows = stmt.query_map([run], |r| r.get::<_, i64>(0).map(|p| p as usize)).map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Commits one finished site: its result, report and findings, in one transaction.
    fn record_site(&mut self, run: i64, entry: &SiteEntry, report: &AuditReport) -> Result<(), HistoryError> {
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
    fn finish_run(&mut self, run: i64, now: &str) -> Result<(), HistoryError> {
        self.conn
            .execute("UPDATE runs SET finished_at = ?1 WHERE id = ?2", params![now, run])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// Every site result of a run, with its entry, in input order.
    fn reports(&self, run: i64) -> Result<Vec<(SiteEntry, AuditReport)>, HistoryError> {
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
    fn runs(&self) -> Result<Vec<RunInfo>, HistoryError> {
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
    fn resolve_run(&self, name: &str) -> Result<i64, HistoryError> {
        let finished: Vec<i64> = self.runs()?.into_iter().filter(|r| r.finished_at.is_some()).map(|r| r.id).collect();
        let pick = match name {
            "latest" => finished.last().copied(),
            "previous" => finished.iter().rev().nth(1).copied(),
            id => id.parse::<i64>().ok().filter(|id| self.runs().is_ok_and(|rs| rs.iter().any(|r| r.id == *id))),
        };
        pick.ok_or_else(|| HistoryError::NoSuchRun {
            path: self.path.clone(),
            name: name.to_string(),
            finished: finished.len(),
        })
    }

    /// Every result for a site, matched by registrable domain or by target, oldest first.
    fn site_history(&self, site: &str) -> Result<Vec<SiteRun>, HistoryError> {
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
