//! A work queue in PostgreSQL, for scans that outgrow one machine: `queue add` turns a site list into a
//! run's jobs, workers ([`worker`]) claim them with `SELECT … FOR UPDATE SKIP LOCKED`, hold a lease they
//! renew while they work, and write each site's result in the transaction that completes its job.
//!
//! The jobs are the rows of `run_sites` (the history's own site lists), so a queued run is read by `diff`,
//! `history` and the HTML report like any other. A job is `queued` (perhaps not before a retry time),
//! `running` under a worker's lease, `done` or `failed`; a lease that runs out (its worker was killed) makes
//! the job claimable again, and only the worker that holds the lease can complete it, so no site is lost or
//! recorded twice.

pub mod retry;
pub mod worker;

use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use crate::history::postgres::{INSERT_FINDING, INSERT_RESULT, config, insert_result, message, migrate, shown_url};
use crate::history::{HistoryError, JobState, is_postgres_url};
use crate::model::{AuditReport, SiteEntry};

/// Why the queue could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueueError {
    /// The database is not PostgreSQL.
    #[error(
        "the work queue needs a PostgreSQL database (--db postgres://user@host/db), not {0:?}; a SQLite file serves one machine: use `trackaudit scan --db FILE`"
    )]
    NotPostgres(String),
    /// The database failed or could not be reached.
    #[error(transparent)]
    Database(#[from] HistoryError),
}

/// One claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The run it belongs to.
    pub run: i64,
    /// The listed site.
    pub entry: SiteEntry,
    /// This attempt's number, from 1.
    pub attempt: u32,
    /// Why the last attempt failed, if one did.
    pub last_error: Option<String>,
}

/// What `queue add` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Added {
    /// The run's id.
    pub run: i64,
    /// The run's name.
    pub name: String,
    /// Sites newly queued.
    pub added: usize,
    /// Sites already in the run (not added again).
    pub already: usize,
}

/// Where one run's jobs stand.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunStatus {
    /// The run's id.
    pub run: i64,
    /// Its name (runs started by `scan` have none).
    pub name: Option<String>,
    /// Jobs waiting.
    pub queued: usize,
    /// Jobs under a worker's lease.
    pub running: usize,
    /// Of those, leases that ran out (their worker died; another will take them).
    pub stale: usize,
    /// Jobs with a result.
    pub done: usize,
    /// Jobs given up, with an error result.
    pub failed: usize,
    /// Jobs completed (done or failed) in the last minute, per second.
    pub rate_last_minute: f64,
    /// Jobs completed per second from the first completion to the last.
    pub rate_overall: f64,
    /// When the run finished (every job done or failed).
    pub finished_at: Option<String>,
}

impl RunStatus {
    /// Every job of the run.
    pub fn total(&self) -> usize {
        self.queued + self.running + self.done + self.failed
    }
}

/// The queue: a pool of connections to its PostgreSQL database.
#[derive(Clone)]
pub struct Queue {
    pool: Pool,
    url: String,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Queue {
    /// Connects (with up to `connections` connections) and brings the schema up to date.
    pub async fn connect(db: &str, connections: usize) -> Result<Queue, QueueError> {
        if !is_postgres_url(db) {
            return Err(QueueError::NotPostgres(db.to_string()));
        }
        let url = shown_url(db);
        let manager =
            Manager::from_config(config(db)?, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(connections.max(1))
            .build()
            .map_err(|e| HistoryError::Postgres { url: url.clone(), message: e.to_string() })?;
        let queue = Queue { pool, url };
        let mut client = queue.client().await?;
        migrate(&mut client).await.map_err(|message| queue.fail(message))?;
        Ok(queue)
    }

    fn fail(&self, message: String) -> QueueError {
        QueueError::Database(HistoryError::Postgres { url: self.url.clone(), message })
    }

    fn db(&self, e: &tokio_postgres::Error) -> QueueError {
        self.fail(message(e))
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, QueueError> {
        self.pool.get().await.map_err(|e| {
            let text = match &e {
                deadpool_postgres::PoolError::Backend(e) => message(e),
                other => other.to_string(),
            };
            self.fail(text)
        })
    }

    /// Queues `sites` as jobs of the run called `name` (created when missing; read from `input`). A site
    /// already in the run is not added again, so adding the same list twice adds nothing.
    pub async fn add(&self, name: &str, input: &str, sites: &[SiteEntry]) -> Result<Added, QueueError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(|e| self.db(&e))?;
        let now = crate::model::timestamp();
        tx.execute(
            "INSERT INTO runs (name, started_at, input, options) VALUES ($1, $2, $3, '{\"queue\":true}')
             ON CONFLICT (name) DO NOTHING",
            &[&name, &now, &input],
        )
        .await
        .map_err(|e| self.db(&e))?;
        // The row lock serialises concurrent adds to one run.
        let run: i64 = tx
            .query_one("SELECT id FROM runs WHERE name = $1 FOR UPDATE", &[&name])
            .await
            .map_err(|e| self.db(&e))?
            .get(0);
        let rows = tx
            .query("SELECT target, position FROM run_sites WHERE run_id = $1", &[&run])
            .await
            .map_err(|e| self.db(&e))?;
        let mut known: std::collections::HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
        let mut next = rows.iter().map(|r| r.get::<_, i64>(1) + 1).max().unwrap_or(0);
        let insert = tx
            .prepare("INSERT INTO run_sites (run_id, position, target, meta) VALUES ($1, $2, $3, $4)")
            .await
            .map_err(|e| self.db(&e))?;
        let (mut added, mut already) = (0, 0);
        for site in sites {
            if !known.insert(site.target.clone()) {
                already += 1;
                continue;
            }
            let meta = serde_json::to_string(&site.meta).expect("strings serialise");
            tx.execute(&insert, &[&run, &next, &site.target, &meta]).await.map_err(|e| self.db(&e))?;
            next += 1;
            added += 1;
        }
        if added > 0 {
            // New jobs reopen a finished run.
            tx.execute("UPDATE runs SET finished_at = NULL WHERE id = $1", &[&run]).await.map_err(|e| self.db(&e))?;
        }
        tx.commit().await.map_err(|e| self.db(&e))?;
        Ok(Added { run, name: name.to_string(), added, already })
    }

    /// Claims the next claimable job for `worker`, with a lease of `lease`: first a job whose lease ran out
    /// (its worker died), else the first queued job that is due, in list order.
    pub async fn claim(&self, worker: &str, lease: Duration) -> Result<Option<Job>, QueueError> {
        const SET: &str = "UPDATE run_sites s
                SET state = 'running', attempts = s.attempts + 1, worker = $1,
                    lease_until = now() + make_interval(secs => $2), not_before = NULL
               FROM next
              WHERE s.run_id = next.run_id AND s.position = next.position
          RETURNING s.run_id, s.position, s.target, s.meta, s.attempts, s.last_error";
        let client = self.client().await?;
        for pick in [
            "SELECT run_id, position FROM run_sites WHERE state = 'running' AND lease_until < now()
              ORDER BY lease_until LIMIT 1 FOR UPDATE SKIP LOCKED",
            "SELECT run_id, position FROM run_sites
              WHERE state = 'queued' AND (not_before IS NULL OR not_before <= now())
              ORDER BY run_id, position LIMIT 1 FOR UPDATE SKIP LOCKED",
        ] {
            let sql = format!("WITH next AS ({pick}) {SET}");
            let statement = client.prepare_cached(&sql).await.map_err(|e| self.db(&e))?;
            let row = client.query_opt(&statement, &[&worker, &lease.as_secs_f64()]).await.map_err(|e| self.db(&e))?;
            if let Some(r) = row {
                return Ok(Some(Job {
                    run: r.get(0),
                    entry: SiteEntry {
                        position: r.get::<_, i64>(1) as usize,
                        target: r.get(2),
                        meta: serde_json::from_str(r.get::<_, &str>(3)).unwrap_or_default(),
                    },
                    attempt: r.get::<_, i32>(4).max(0) as u32,
                    last_error: r.get(5),
                }));
            }
        }
        Ok(None)
    }

    /// Extends the leases of every job `worker` holds; returns how many it holds.
    pub async fn renew(&self, worker: &str, lease: Duration) -> Result<u64, QueueError> {
        let client = self.client().await?;
        client
            .execute(
                "UPDATE run_sites SET lease_until = now() + make_interval(secs => $2)
                  WHERE worker = $1 AND state = 'running'",
                &[&worker, &lease.as_secs_f64()],
            )
            .await
            .map_err(|e| self.db(&e))
    }

    /// Records `report` as the job's result and settles the job as `state` (done or failed), in one
    /// transaction. Returns false, writing nothing, when `worker` no longer holds the job's lease (it ran
    /// out and another worker took the job).
    pub async fn complete(
        &self,
        job: &Job,
        worker: &str,
        report: &AuditReport,
        state: JobState,
    ) -> Result<bool, QueueError> {
        let mut client = self.client().await?;
        let settle = client
            .prepare_cached(
                "UPDATE run_sites SET state = $4, completed_at = now(), lease_until = NULL, worker = NULL, last_error = $5
                  WHERE run_id = $1 AND position = $2 AND worker = $3 AND state = 'running'",
            )
            .await
            .map_err(|e| self.db(&e))?;
        let finish = client
            .prepare_cached(
                // Two lookups, each in its partial index (one `state IN (…)` would scan the run's rows).
                "UPDATE runs SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM run_sites WHERE run_id = $1 AND state = 'queued')
                    AND NOT EXISTS (SELECT 1 FROM run_sites WHERE state = 'running' AND run_id = $1)",
            )
            .await
            .map_err(|e| self.db(&e))?;
        let site = client.prepare_cached(INSERT_RESULT).await.map_err(|e| self.db(&e))?;
        let finding = client.prepare_cached(INSERT_FINDING).await.map_err(|e| self.db(&e))?;
        let tx = client.transaction().await.map_err(|e| self.db(&e))?;
        let error = report.site_status().error().map(str::to_string);
        let held = tx
            .execute(&settle, &[&job.run, &(job.entry.position as i64), &worker, &state.as_str(), &error])
            .await
            .map_err(|e| self.db(&e))?;
        if held == 0 {
            return Ok(false);
        }
        insert_result(&tx, (&site, &finding), job.run, &job.entry, report).await.map_err(|e| self.db(&e))?;
        tx.commit().await.map_err(|e| self.db(&e))?;
        // After the commit, so that of two workers finishing a run's last jobs at once the later sees both.
        let now = crate::model::timestamp();
        client.execute(&finish, &[&job.run, &now]).await.map_err(|e| self.db(&e))?;
        Ok(true)
    }

    /// Puts the job back in the queue, not to be claimed before `after` (a transient failure). Returns false
    /// when `worker` no longer holds it.
    pub async fn retry(&self, job: &Job, worker: &str, after: Duration, error: &str) -> Result<bool, QueueError> {
        let client = self.client().await?;
        let held = client
            .execute(
                "UPDATE run_sites SET state = 'queued', worker = NULL, lease_until = NULL,
                        not_before = now() + make_interval(secs => $4), last_error = $5
                  WHERE run_id = $1 AND position = $2 AND worker = $3 AND state = 'running'",
                &[&job.run, &(job.entry.position as i64), &worker, &after.as_secs_f64(), &error],
            )
            .await
            .map_err(|e| self.db(&e))?;
        Ok(held > 0)
    }

    /// Jobs not yet done or failed, in every run.
    pub async fn open_jobs(&self) -> Result<u64, QueueError> {
        let client = self.client().await?;
        let row = client
            .query_one(
                "SELECT (SELECT COUNT(*) FROM run_sites WHERE state = 'queued')
                      + (SELECT COUNT(*) FROM run_sites WHERE state = 'running')",
                &[],
            )
            .await
            .map_err(|e| self.db(&e))?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    /// Where every run's jobs stand, oldest run first.
    pub async fn status(&self) -> Result<Vec<RunStatus>, QueueError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT r.id, r.name, r.finished_at,
                        COUNT(*) FILTER (WHERE s.state = 'queued'),
                        COUNT(*) FILTER (WHERE s.state = 'running'),
                        COUNT(*) FILTER (WHERE s.state = 'running' AND s.lease_until < now()),
                        COUNT(*) FILTER (WHERE s.state = 'done'),
                        COUNT(*) FILTER (WHERE s.state = 'failed'),
                        COUNT(*) FILTER (WHERE s.completed_at > now() - interval '60 seconds'),
                        EXTRACT(EPOCH FROM MAX(s.completed_at) - MIN(s.completed_at))::float8,
                        COUNT(s.completed_at)
                   FROM runs r JOIN run_sites s ON s.run_id = r.id
                  GROUP BY r.id ORDER BY r.id",
                &[],
            )
            .await
            .map_err(|e| self.db(&e))?;
        Ok(rows
            .iter()
            .map(|r| {
                let count = |i: usize| r.get::<_, i64>(i) as usize;
                let span: Option<f64> = r.get(9);
                let completed = count(10);
                RunStatus {
                    run: r.get(0),
                    name: r.get(1),
                    finished_at: r.get(2),
                    queued: count(3),
                    running: count(4),
                    stale: count(5),
                    done: count(6),
                    failed: count(7),
                    rate_last_minute: count(8) as f64 / 60.0,
                    rate_overall: match span {
                        Some(s) if s > 0.0 && completed > 1 => (completed - 1) as f64 / s,
                        _ => 0.0,
                    },
                }
            })
            .collect())
    }
}
