//! `trackaudit queue` and `trackaudit worker` against a real PostgreSQL (started from Debian's packages into
//! a temporary folder): idempotent adds, `scan --db postgres://` like SQLite, and a fleet of worker
//! processes of which one is killed and one stopped while they work.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::trackaudit;
use fixture_server::postgres::{TempPostgres, for_test};
use fixture_server::{Options, Server, SyntheticConfig};
use serde_json::Value;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = trackaudit().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn queue_status(db: &str) -> Vec<Value> {
    let (code, out, err) = run(&["queue", "status", "--db", db, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn adding_a_list_twice_adds_nothing_and_a_new_list_adds_only_new_sites() {
    let Some(pg) = for_test() else { return };
    let db = pg.database("add").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("brands.csv");
    std::fs::write(&list, "url,owner\nhttp://a.test/,Ada\nhttp://b.test/,Bo\nhttp://c.test/,Cy\n").unwrap();
    let list = list.to_str().unwrap();
    let (code, out, err) = run(&["queue", "add", list, "--db", &db]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "run 1 (brands.csv): 3 site(s) queued, 0 already in the run");
    let (_, out, _) = run(&["queue", "add", list, "--db", &db]);
    assert_eq!(out.trim(), "run 1 (brands.csv): 0 site(s) queued, 3 already in the run");
    let more = dir.path().join("more.txt");
    std::fs::write(&more, "http://c.test/\nhttp://d.test/\n").unwrap();
    let (_, out, _) = run(&["queue", "add", more.to_str().unwrap(), "--db", &db, "--run", "brands.csv"]);
    assert_eq!(out.trim(), "run 1 (brands.csv): 1 site(s) queued, 1 already in the run");
    let runs = queue_status(&db);
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0]["queued"].as_u64(), runs[0]["done"].as_u64()), (Some(4), Some(0)));
    // The extra columns are kept with each job, and positions follow the order added.
    let meta = pg
        .psql("add", "SELECT string_agg(position || '=' || target || meta, ' ' ORDER BY position) FROM run_sites")
        .unwrap();
    assert_eq!(
        meta,
        r#"0=http://a.test/[["owner","Ada"]] 1=http://b.test/[["owner","Bo"]] 2=http://c.test/[["owner","Cy"]] 3=http://d.test/[]"#
    );
    let (_, table, _) = run(&["queue", "status", "--db", &db]);
    assert!(
        table.contains("brands.csv") && table.lines().nth(1).unwrap().split_whitespace().nth(2) == Some("4"),
        "{table}"
    );
    // A SQLite path is refused with what to do instead; an unreachable server is a clear error.
    let (code, _, err) = run(&["queue", "add", list, "--db", "history.sqlite"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs a PostgreSQL database") && err.contains("trackaudit scan --db FILE"), "{err}");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (code, _, err) = run(&["queue", "status", "--db", &format!("postgres://x:hunter2@127.0.0.1:{port}/q")]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("history database postgres://x:***@127.0.0.1:{port}/q")) && !err.contains("hunter2"),
        "{err}"
    );
}

#[test]
fn scan_diff_and_history_work_on_postgresql_as_on_sqlite() {
    let Some(pg) = for_test() else { return };
    let db = pg.database("scan").unwrap();
    let server = Server::serve_dir(common::repo_path("fixtures/web")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(&list, "http://www.ga4-shop.test/\nhttp://www.pixel-store.test/\n").unwrap();
    let mut args = vec!["scan".to_string(), list.to_str().unwrap().into(), "--db".into(), db.clone(), "-q".into()];
    args.extend(server.connect_to_args());
    for _ in 0..2 {
        let out = trackaudit().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (code, out, err) = run(&["history", "--runs", "--db", &db, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let runs: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 2);
    assert!(runs[1]["finished_at"].is_string() && runs[1]["done"] == 2, "{runs}");
    let (code, out, err) = run(&["history", "ga4-shop.test", "--db", &db, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().len(), 2, "{out}");
    let (code, out, err) = run(&["diff", "--db", &db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("run 1") && out.contains("run 2"), "{out}");
}

fn worker(db: &str, id: &str, server: &Server, extra: &[&str]) -> Child {
    StdCommand::new(assert_cmd::cargo::cargo_bin("trackaudit"))
        .current_dir(common::repo())
        .env("TRACKAUDIT_ENGINE", "static")
        .args(["worker", "--db", db, "--id", id, "--concurrency", "2", "--lease-secs", "3", "--attempts", "2"])
        .args(["--backoff-secs", "1", "--until-empty", "--max-pages", "3", "--log"])
        .args(extra)
        .args(server.connect_to_args())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn count(pg: &TempPostgres, db: &str, sql: &str) -> i64 {
    pg.psql(db, sql).unwrap().parse().unwrap()
}

/// Waits until `sql` counts at least `n`, or panics after a minute.
fn wait_for(pg: &TempPostgres, db: &str, sql: &str, n: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(pg, db, sql) < n {
        assert!(Instant::now() < deadline, "{sql} never reached {n}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait(mut child: Child, limit: Duration) -> (std::process::ExitStatus, String) {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status, err);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("a worker did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn three_workers_one_killed_one_stopped_leave_every_site_with_exactly_one_result() {
    let Some(pg) = for_test() else { return };
    let db = pg.database("fleet").unwrap();
    let server = Server::start(Options {
        synthetic: Some(SyntheticConfig { sites: 300, pages_per_site: 4, page_kib: 8, seed: 7 }),
        https_addr: None,
        ..Options::default()
    })
    .unwrap();
    // 280 sites that answer, 10 that answer 503 (retried, then failed) and 10 that answer 404 (failed at once).
    let mut list = String::new();
    for i in 0..300 {
        let host = SyntheticConfig::host(i);
        list.push_str(&match i % 30 {
            7 => format!("http://{host}/__status/503\n"),
            8 => format!("http://{host}/__status/404\n"),
            _ => format!("http://{host}/\n"),
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.txt");
    std::fs::write(&path, list).unwrap();
    let (code, out, err) = run(&["queue", "add", path.to_str().unwrap(), "--db", &db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("300 site(s) queued"), "{out}");

    let killed = worker(&db, "w-killed", &server, &[]);
    let stopped = worker(&db, "w-stopped", &server, &[]);
    let survivor = worker(&db, "w-survivor", &server, &[]);
    wait_for(&pg, "fleet", "SELECT COUNT(*) FROM site_results", 60);
    StdCommand::new("kill").args(["-KILL", &killed.id().to_string()]).status().unwrap();
    // What the killed worker held when it died: its leases run out, and another worker must take them.
    let orphans = pg
        .psql(
            "fleet",
            "SELECT string_agg(position::text, ',') FROM run_sites WHERE worker = 'w-killed' AND state = 'running'",
        )
        .unwrap();
    assert!(!orphans.is_empty(), "the worker was killed while it audited (two sites at a time)");
    let (status, _) = wait(killed, Duration::from_secs(10));
    assert_eq!(status.code(), None, "killed by a signal");
    wait_for(&pg, "fleet", "SELECT COUNT(*) FROM site_results", 120);
    StdCommand::new("kill").args(["-TERM", &stopped.id().to_string()]).status().unwrap();
    let (status, err) = wait(stopped, Duration::from_secs(60));
    assert_eq!(status.code(), Some(0), "SIGTERM finishes the sites in flight and exits 0: {err}");
    assert!(err.contains("worker w-stopped stopped by SIGTERM"), "{err}");
    assert_eq!(
        count(&pg, "fleet", "SELECT COUNT(*) FROM run_sites WHERE worker = 'w-stopped'"),
        0,
        "nothing is left held by the stopped worker"
    );
    let (status, err) = wait(survivor, Duration::from_secs(180));
    assert_eq!(status.code(), Some(0), "{err}");

    // Every site has exactly one result; none was lost or recorded twice.
    assert_eq!(
        pg.psql("fleet", "SELECT COUNT(*) || ' ' || COUNT(DISTINCT position) FROM site_results").unwrap(),
        "300 300"
    );
    let states = pg.psql("fleet", "SELECT string_agg(state || '=' || n, ' ' ORDER BY state) FROM (SELECT state, COUNT(*) n FROM run_sites GROUP BY state) s").unwrap();
    assert_eq!(states, "done=280 failed=20");
    // The 503s were tried twice, the 404s once.
    assert_eq!(
        count(
            &pg,
            "fleet",
            "SELECT COUNT(*) FROM run_sites WHERE target LIKE '%/__status/503' AND attempts = 2 AND state = 'failed'"
        ),
        10
    );
    assert_eq!(
        count(
            &pg,
            "fleet",
            "SELECT COUNT(*) FROM run_sites WHERE target LIKE '%/__status/404' AND attempts = 1 AND state = 'failed'"
        ),
        10
    );
    // The killed worker's sites were taken over once its leases ran out.
    for position in orphans.split(',').filter(|p| !p.is_empty()) {
        let row = pg
            .psql(
                "fleet",
                &format!("SELECT state || ' ' || (attempts >= 2)::text FROM run_sites WHERE position = {position}"),
            )
            .unwrap();
        assert!(row == "done true" || row == "failed true", "orphan {position}: {row}");
    }
    let runs = queue_status(&db);
    assert_eq!(
        (runs[0]["done"].as_u64(), runs[0]["failed"].as_u64(), runs[0]["queued"].as_u64()),
        (Some(280), Some(20), Some(0))
    );
    assert!(runs[0]["finished_at"].is_string(), "the last job finished the run: {}", runs[0]);
    let (code, out, err) = run(&["history", "--runs", "--db", &db, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let history: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((history[0]["total"].as_u64(), history[0]["done"].as_u64()), (Some(300), Some(300)), "{history}");
}
