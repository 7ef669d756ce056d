-- Runs, their site lists, site results (with the full report as JSON) and findings.
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
