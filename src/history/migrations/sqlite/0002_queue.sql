-- The work queue: each listed site is a job with a state, attempts and a lease; runs may have a name.
ALTER TABLE runs ADD COLUMN name TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS runs_name ON runs(name);
ALTER TABLE run_sites ADD COLUMN state TEXT NOT NULL DEFAULT 'queued';
ALTER TABLE run_sites ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run_sites ADD COLUMN worker TEXT;
ALTER TABLE run_sites ADD COLUMN lease_until TEXT;
ALTER TABLE run_sites ADD COLUMN not_before TEXT;
ALTER TABLE run_sites ADD COLUMN completed_at TEXT;
ALTER TABLE run_sites ADD COLUMN last_error TEXT;
UPDATE run_sites SET state = 'done'
 WHERE EXISTS (SELECT 1 FROM site_results r WHERE r.run_id = run_sites.run_id AND r.position = run_sites.position);
-- Claims take the first queued job in list order, or a running one whose lease ran out: each from an index of
-- only such rows, so that a claim costs the same with a million jobs done as with none.
CREATE INDEX IF NOT EXISTS run_sites_queued ON run_sites(run_id, position) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS run_sites_running ON run_sites(lease_until) WHERE state = 'running';
