//! The history in PostgreSQL: the same tables as SQLite, for scans whose results many workers write (see
//! [`crate::queue`]) and for teams that keep their audits in a server database.
//!
//! [`PgHistory`] answers the synchronous [`HistoryStore`] calls of a scan on one machine: its connection is
//! driven by a thread of its own, so that the calls can block from inside or outside an async runtime alike.

use std::collections::HashSet;
use std::future::Future;

use tokio_postgres::{Client, NoTls, Statement, Transaction};

use super::migrate::{self, pending};
use super::{HistoryError, HistoryStore, JobState, RunInfo, SiteRun};
use crate::model::{AuditReport, SiteEntry, Verdict};

/// The advisory lock held while migrations run (so that workers starting together do not race).
const MIGRATION_LOCK: i64 = 0x7472_6163_6b61;

/// Whether `db` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// A database as it may be shown: a URL's password masked.
pub fn shown_url(db: &str) -> String {
    match url::Url::parse(db) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => db.to_string(),
    }
}

/// What PostgreSQL said, in one line (the server's message when it sent one).
pub(crate) fn message(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{}: {}", db.severity(), db.message());
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The connection settings of a `postgres://` URL, with a 10-second connect timeout unless it sets one.
pub(crate) fn config(db: &str) -> Result<tokio_postgres::Config, HistoryError> {
    let mut config: tokio_postgres::Config = db.parse().map_err(|e: tokio_postgres::Error| HistoryError::Postgres {
        url: shown_url(db),
        message: format!("not a PostgreSQL connection URL: {}", message(&e)),
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(std::time::Duration::from_secs(10));
    }
    if config.get_application_name().is_none() {
        config.application_name("trackaudit");
    }
    Ok(config)
}

/// Applies the missing migrations, in one transaction under an advisory lock.
pub(crate) async fn migrate(client: &mut Client) -> Result<(), String> {
    let tx = client.transaction().await.map_err(|e| message(&e))?;
    let run = async {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
        tx.batch_execute(migrate::TABLE).await?;
        let applied: Vec<i64> =
            tx.query("SELECT version FROM schema_migrations", &[]).await?.iter().map(|r| r.get(0)).collect();
        Ok::<_, tokio_postgres::Error>(applied)
    };
    let applied = run.await.map_err(|e| message(&e))?;
    for m in pending(migrate::POSTGRES, &applied)? {
        tx.batch_execute(m.sql).await.map_err(|e| format!("migration {} ({}): {}", m.version, m.name, message(&e)))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            &[&m.version, &m.name, &crate::model::timestamp()],
        )
        .await
        .map_err(|e| message(&e))?;
    }
    tx.commit().await.map_err(|e| message(&e))
}

/// The two statements that write a site's result and its findings (prepared once per connection by the
/// worker, per call by [`PgHistory`]).
pub(crate) const INSERT_RESULT: &str = "INSERT INTO site_results (run_id, position, target, site, status, pages, policy_url, policy_sha256, finished_at, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
/// See [`INSERT_RESULT`].
pub(crate) const INSERT_FINDING: &str =
    "INSERT INTO findings (site_result_id, vendor_id, vendor, company, category, verdict, ids, quote)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Writes one site's result and its findings (inside the caller's transaction, which also settles the job),
/// with the statements of [`INSERT_RESULT`] and [`INSERT_FINDING`].
pub(crate) async fn insert_result(
    tx: &Transaction<'_>,
    (insert_result, insert_finding): (&Statement, &Statement),
    run: i64,
    entry: &SiteEntry,
    report: &AuditReport,
) -> Result<(), tokio_postgres::Error> {
    let status = report.site_status().to_string();
    let pages = report.pages.iter().filter(|p| p.error.is_none()).count() as i64;
    let json = serde_json::to_string(report).expect("reports serialise");
    let position = entry.position as i64;
    let row = tx
        .query_one(
            insert_result,
            &[
                &run,
                &position,
                &entry.target,
                &report.site,
                &status,
                &pages,
                &report.policy.as_ref().map(|p| p.url.as_str()),
                &report.policy.as_ref().map(|p| p.sha256.as_str()),
                &report.finished_at,
                &json,
            ],
        )
        .await?;
    let id: i64 = row.get(0);
    for f in &report.findings {
        tx.execute(
            insert_finding,
            &[
                &id,
                &f.vendor.id,
                &f.vendor.name,
                &f.vendor.company,
                &f.vendor.category.as_str(),
                &f.verdict.as_str(),
                &f.ids.join(" "),
                &f.quote,
            ],
        )
        .await?;
    }
    Ok(())
}

/// The history in a PostgreSQL database.
pub struct PgHistory {
    client: Client,
    url: String,
}

impl std::fmt::Debug for PgHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgHistory").field("url", &self.url).finish_non_exhaustive()
    }
}

impl PgHistory {
    /// Connects to the database at `db` (a `postgres://` URL) and brings its schema up to date.
    pub fn open(db: &str) -> Result<PgHistory, HistoryError> {
        let url = shown_url(db);
        let config = config(db)?;
        let (tx, rx) = std::sync::mpsc::channel();
        // The connection's socket is driven here until the client is dropped.
        std::thread::Builder::new()
            .name("trackaudit-postgres".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = tx.send(Err(e.to_string()));
                        return;
                    }
                };
                rt.block_on(async move {
                    match config.connect(NoTls).await {
                        Ok((client, connection)) => {
                            let _ = tx.send(Ok(client));
                            let _ = connection.await;
                        }
                        Err(e) => {
                            let _ = tx.send(Err(message(&e)));
                        }
                    }
                });
            })
            .map_err(|e| HistoryError::Postgres { url: url.clone(), message: e.to_string() })?;
        let fail = |message: String| HistoryError::Postgres { url: url.clone(), message };
        let mut client = rx.recv().map_err(|e| fail(e.to_string()))?.map_err(fail)?;
        block(migrate(&mut client)).map_err(fail)?;
        Ok(PgHistory { client, url })
    }

    fn err(&self, e: &tokio_postgres::Error) -> HistoryError {
        HistoryError::Postgres { url: self.url.clone(), message: message(e) }
    }

    fn query(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<tokio_postgres::Row>, HistoryError> {
        block(self.client.query(sql, params)).map_err(|e| self.err(&e))
    }

    async fn write_run(
        client: &mut Client,
        input: &str,
        options: &str,
        sites: &[SiteEntry],
        now: &str,
    ) -> Result<i64, tokio_postgres::Error> {
        let tx = client.transaction().await?;
        let run: i64 = tx
            .query_one(
                "INSERT INTO runs (started_at, input, options) VALUES ($1, $2, $3) RETURNING id",
                &[&now, &input, &options],
            )
            .await?
            .get(0);
        let insert =
            tx.prepare("INSERT INTO run_sites (run_id, position, target, meta) VALUES ($1, $2, $3, $4)").await?;
        for s in sites {
            let meta = serde_json::to_string(&s.meta).expect("strings serialise");
            tx.execute(&insert, &[&run, &(s.position as i64), &s.target, &meta]).await?;
        }
        tx.commit().await?;
        Ok(run)
    }

    async fn write_site(
        client: &mut Client,
        run: i64,
        entry: &SiteEntry,
        report: &AuditReport,
    ) -> Result<(), tokio_postgres::Error> {
        let tx = client.transaction().await?;
        let (site, finding) = (tx.prepare(INSERT_RESULT).await?, tx.prepare(INSERT_FINDING).await?);
        insert_result(&tx, (&site, &finding), run, entry, report).await?;
        tx.execute(
            "UPDATE run_sites SET state = $3, completed_at = now(), lease_until = NULL, worker = NULL
             WHERE run_id = $1 AND position = $2",
            &[&run, &(entry.position as i64), &JobState::Done.as_str()],
        )
        .await?;
        tx.commit().await
    }
}

/// Waits for a query: the connection's own thread does the I/O, so this blocks only the caller.
fn block<F: Future>(future: F) -> F::Output {
    futures::executor::block_on(future)
}

impl HistoryStore for PgHistory {
    fn start_run(&mut self, input: &str, options: &str, sites: &[SiteEntry], now: &str) -> Result<i64, HistoryError> {
        block(Self::write_run(&mut self.client, input, options, sites, now)).map_err(|e| self.err(&e))
    }

    fn unfinished_run(&self) -> Result<Option<i64>, HistoryError> {
        let rows = self.query("SELECT id FROM runs WHERE finished_at IS NULL ORDER BY id DESC LIMIT 1", &[])?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn run_sites(&self, run: i64) -> Result<Vec<SiteEntry>, HistoryError> {
        let rows =
            self.query("SELECT position, target, meta FROM run_sites WHERE run_id = $1 ORDER BY position", &[&run])?;
        Ok(rows
            .iter()
            .map(|r| SiteEntry {
                position: r.get::<_, i64>(0) as usize,
                target: r.get(1),
                meta: serde_json::from_str(r.get::<_, &str>(2)).unwrap_or_default(),
            })
            .collect())
    }

    fn done_positions(&self, run: i64) -> Result<HashSet<usize>, HistoryError> {
        let rows = self.query("SELECT position FROM site_results WHERE run_id = $1", &[&run])?;
        Ok(rows.iter().map(|r| r.get::<_, i64>(0) as usize).collect())
    }

    fn record_site(&mut self, run: i64, entry: &SiteEntry, report: &AuditReport) -> Result<(), HistoryError> {
        block(Self::write_site(&mut self.client, run, entry, report)).map_err(|e| self.err(&e))
    }

    fn finish_run(&mut self, run: i64, now: &str) -> Result<(), HistoryError> {
        block(self.client.execute("UPDATE runs SET finished_at = $1 WHERE id = $2", &[&now, &run]))
            .map(|_| ())
            .map_err(|e| self.err(&e))
    }

    fn reports(&self, run: i64) -> Result<Vec<(SiteEntry, AuditReport)>, HistoryError> {
        let entries = self.run_sites(run)?;
        let rows =
            self.query("SELECT position, report FROM site_results WHERE run_id = $1 ORDER BY position", &[&run])?;
        let rows = rows.iter().map(|r| (r.get::<_, i64>(0) as usize, r.get::<_, String>(1))).collect();
        super::pair_reports(&entries, rows, &self.url)
    }

    fn runs(&self) -> Result<Vec<RunInfo>, HistoryError> {
        let rows = self.query(
            "SELECT r.id, r.started_at, r.finished_at, r.input,
                    (SELECT COUNT(*) FROM run_sites s WHERE s.run_id = r.id),
                    (SELECT COUNT(*) FROM site_results x WHERE x.run_id = r.id)
             FROM runs r ORDER BY r.id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| RunInfo {
                id: r.get(0),
                started_at: r.get(1),
                finished_at: r.get(2),
                input: r.get(3),
                total: r.get::<_, i64>(4) as usize,
                done: r.get::<_, i64>(5) as usize,
            })
            .collect())
    }

    fn resolve_run(&self, name: &str) -> Result<i64, HistoryError> {
        super::pick_run(&self.runs()?, name, &self.url)
    }

    fn site_history(&self, site: &str) -> Result<Vec<SiteRun>, HistoryError> {
        let rows = self.query(
            "SELECT s.id, s.run_id, s.finished_at, s.target, s.status, s.pages, s.policy_url, s.policy_sha256,
                    (SELECT COUNT(*) FROM findings f WHERE f.site_result_id = s.id),
                    (SELECT COUNT(*) FROM findings f WHERE f.site_result_id = s.id AND f.verdict IN ($2, $3))
             FROM site_results s WHERE s.site = $1 OR s.target = $1 ORDER BY s.run_id, s.id",
            &[&site, &Verdict::Undisclosed.as_str(), &Verdict::Contradicted.as_str()],
        )?;
        rows.iter()
            .map(|r| {
                Ok(SiteRun {
                    run_id: r.get(1),
                    finished_at: r.get(2),
                    target: r.get(3),
                    status: r.get::<_, &str>(4).parse().map_err(|e: crate::model::UnknownSiteStatus| {
                        HistoryError::Corrupt { path: self.url.clone(), message: e.to_string() }
                    })?,
                    pages: r.get::<_, i64>(5) as usize,
                    policy_url: r.get(6),
                    policy_sha256: r.get(7),
                    vendors: r.get::<_, i64>(8) as usize,
                    undisclosed: r.get::<_, i64>(9) as usize,
                })
            })
            .collect()
    }
}
