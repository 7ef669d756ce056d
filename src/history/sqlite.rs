//! The history in SQLite, in WAL mode: one file, one writer, readers alongside.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::migrate::{self, pending};
use super::{HistoryError, HistoryStore, RunInfo, SiteRun};
use crate::model::{AuditReport, SiteEntry, Verdict};

enum Migrate {
    Sqlite(rusqlite::Error),
    Newer(String),
}

/// Applies the missing migrations in one transaction (a database from before migrations were numbered has
/// the first one's tables already: its statements create only what is missing).
fn migrate(conn: &Connection) -> Result<(), Migrate> {
    conn.execute_batch(migrate::TABLE).map_err(Migrate::Sqlite)?;
    conn.execute_batch("BEGIN IMMEDIATE").map_err(Migrate::Sqlite)?;
    let run = || -> Result<(), Migrate> {
        let mut stmt = conn.prepare("SELECT version FROM schema_migrations").map_err(Migrate::Sqlite)?;
        let applied = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .and_then(Iterator::collect::<Result<Vec<_>, _>>)
            .map_err(Migrate::Sqlite)?;
        for m in pending(migrate::SQLITE, &applied).map_err(Migrate::Newer)? {
            conn.execute_batch(m.sql).map_err(Migrate::Sqlite)?;
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                params![m.version, m.name, crate::model::timestamp()],
            )
            .map_err(Migrate::Sqlite)?;
        }
        Ok(())
    };
    match run() {
        Ok(()) => conn.execute_batch("COMMIT").map_err(Migrate::Sqlite),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

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
        migrate(&conn).map_err(|e| match e {
            Migrate::Sqlite(source) => err(source),
            Migrate::Newer(message) => HistoryError::Corrupt { path: shown.clone(), message },
        })?;
        Ok(History { conn, path: shown })
    }

    /// The schema version of the database (the newest migration applied).
    pub fn schema_version(&self) -> Result<i64, HistoryError> {
        self.conn
            .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))
            .map_err(|e| self.err(e))
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
        tx.execute(
            "UPDATE run_sites SET state = ?3, completed_at = ?4, lease_until = NULL, worker = NULL
             WHERE run_id = ?1 AND position = ?2",
            params![run, entry.position as i64, super::JobState::Done.as_str(), report.finished_at],
        )
        .map_err(e)?;
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
        let rows = rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))?;
        super::pair_reports(&entries, rows, &self.path)
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
        super::pick_run(&self.runs()?, name, &self.path)
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
