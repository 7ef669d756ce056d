//! `trackaudit scan`, `diff` and `history`: concurrent batch scans with CSV / JSON Lines output, the SQLite
//! history, resuming an interrupted run, and diffs between runs.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use common::trackaudit;
use fixture_server::Server;
use serde_json::Value;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts"));

fn net(server: &Server) -> Vec<String> {
    let mut v = server.connect_to_args();
    v.extend(["--insecure".to_string(), "--timeout".to_string(), "5".to_string()]);
    v
}

fn csv_records(text: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    (header, r.records().map(Result::unwrap).collect())
}

#[test]
fn csv_list_with_carried_columns_summary_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("brands.csv");
    std::fs::write(
        &list,
        "# our brands\nowner,url,team\nAda,http://www.ga4-shop.test/,web\nBo,http://www.pixel-store.test/,shop\n\
         Cy,http://www.gone.invalid/,legacy\nDi,http://www.lookalikes.test/,web\nEd,http://www.b2b-saas.test/,sales\n\
         Fe,http://www.criteo-deals.test/,shop\n",
    )
    .unwrap();
    let db = dir.path().join("history.db");
    let report = dir.path().join("report.csv");
    let out = trackaudit()
        .arg("scan")
        .arg(&list)
        .args(["--db", db.to_str().unwrap(), "--output", report.to_str().unwrap(), "--concurrency", "3"])
        .args(net(&SERVER))
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // Not a terminal: one plain line per finished site on stderr, the summary on stdout.
    assert_eq!(stderr.lines().filter(|l| l.starts_with('[')).count(), 6, "{stderr}");
    assert!(
        stdout.contains("Run 1: 6 site(s) scanned, 1 failed, 2 with undisclosed vendors, 1 with contradictions."),
        "{stdout}"
    );
    assert!(stdout.contains("1 site(s)  LinkedIn Insight Tag"), "{stdout}");

    let (header, rows) = csv_records(&std::fs::read_to_string(&report).unwrap());
    assert_eq!(
        header.iter().skip(trackaudit::report::audit::CSV_HEADER.len()).collect::<Vec<_>>(),
        ["owner", "team"],
        "carried columns follow the audit columns"
    );
    let row = |site: &str| rows.iter().filter(|r| &r[0] == site).cloned().collect::<Vec<_>>();
    let gone = row("gone.invalid");
    assert_eq!(gone.len(), 1, "a failed site still has its row");
    assert!(gone[0][1].starts_with("error: could not resolve host"));
    let meta = trackaudit::report::audit::CSV_HEADER.len();
    assert_eq!((&gone[0][meta], &gone[0][meta + 1]), ("Cy", "legacy"));
    assert_eq!(&row("lookalikes.test")[0][1], "no-findings");
    assert_eq!(&row("criteo-deals.test")[0][9], "contradicted");
    assert_eq!(&row("pixel-store.test")[0][meta], "Bo");

    let runs = trackaudit().args(["history", "--runs", "--db", db.to_str().unwrap(), "-f", "json"]).output().unwrap();
    let runs: Value = serde_json::from_slice(&runs.stdout).unwrap();
    assert_eq!(runs[0]["total"], 6);
    assert_eq!(runs[0]["done"], 6);
    assert!(runs[0]["finished_at"].is_string());
    let h =
        trackaudit().args(["history", "b2b-saas.test", "--db", db.to_str().unwrap(), "-f", "json"]).output().unwrap();
    let h: Value = serde_json::from_slice(&h.stdout).unwrap();
    assert_eq!(h[0]["undisclosed"], 1);
    assert_eq!(h[0]["status"], "ok");
    assert_eq!(h[0]["policy_sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn jsonl_to_stdout_from_stdin_list() {
    let out = trackaudit()
        .args(["scan", "-", "--format", "jsonl", "--quiet"])
        .args(net(&SERVER))
        .write_stdin("http://www.ga4-shop.test/\n# skipped\n\nhttp://www.no-policy.test/\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let mut sites: Vec<&str> = lines.iter().map(|l| l["site"].as_str().unwrap()).collect();
    sites.sort_unstable();
    assert_eq!(sites, ["ga4-shop.test", "no-policy.test"]);
    assert!(lines.iter().all(|l| l["engine"] == "static" && l["findings"].is_array()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('['), "--quiet shows no progress: {stderr}");
    assert!(stderr.contains("2 site(s) scanned"), "with the report on stdout the summary goes to stderr: {stderr}");
}

#[test]
fn fail_on_and_bad_lists() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(&list, "http://www.ga4-shop.test/\nhttp://www.b2b-saas.test/\n").unwrap();
    let run = |extra: &[&str]| {
        trackaudit().arg("scan").arg(&list).args(extra).args(net(&SERVER)).output().unwrap().status.code()
    };
    assert_eq!(run(&["--fail-on", "undisclosed", "-q"]), Some(1));
    assert_eq!(run(&["-q"]), Some(0));
    std::fs::write(&list, "owner,address\nAda,http://www.ga4-shop.test/\n").unwrap();
    let out = trackaudit().arg("scan").arg(&list).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `url` column"));
    std::fs::write(&list, "# nothing here\n\n").unwrap();
    let out = trackaudit().arg("scan").arg(&list).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no sites to scan"));
    let out = trackaudit().args(["scan", "--resume"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--resume needs --db FILE"));
}

/// Waits until `done` sites are committed in the database (by asking `trackaudit history --runs`).
fn wait_for_done(db: &Path, done: u64) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let out =
            trackaudit().args(["history", "--runs", "--db", db.to_str().unwrap(), "-f", "json"]).output().unwrap();
        if serde_json::from_slice::<Value>(&out.stdout).is_ok_and(|v| v[0]["done"].as_u64().unwrap_or(0) >= done) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{done} sites never finished");
}

fn interrupted_run_resumes(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    // The third site hangs: the scan is stopped while it waits there.
    std::fs::write(
        &list,
        "http://www.ga4-shop.test/\nhttp://www.pixel-store.test/\nhttp://www.faults.test/__hang\nhttp://www.b2b-saas.test/\nhttp://www.no-policy.test/\n",
    )
    .unwrap();
    let db = dir.path().join("h.db");
    let report = dir.path().join("report.csv");
    let mut args: Vec<String> =
        vec!["scan".into(), list.to_str().unwrap().into(), "--db".into(), db.to_str().unwrap().into()];
    args.extend(["--output".into(), report.to_str().unwrap().into(), "--concurrency".into(), "1".into(), "-q".into()]);
    args.extend(net(&SERVER).into_iter().filter(|a| a != "5" && a != "--timeout"));
    args.extend(["--timeout".into(), "60".into()]);
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("trackaudit"))
        .current_dir(common::repo())
        .env("TRACKAUDIT_ENGINE", "static")
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_done(&db, 2);
    std::thread::sleep(Duration::from_millis(300));
    StdCommand::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    match signal {
        "-INT" => assert_eq!(status.code(), Some(130), "Ctrl-C exits with 130"),
        "-TERM" => assert_eq!(status.code(), Some(143), "SIGTERM is handled like Ctrl-C and exits with 143"),
        "-HUP" => assert_eq!(status.code(), Some(129), "SIGHUP is handled like Ctrl-C and exits with 129"),
        _ => {}
    }
    let rows_before = csv_records(&std::fs::read_to_string(&report).unwrap()).1;
    assert_eq!(rows_before.len(), 2, "the two finished sites were written at once");

    // Resume: the hanging site now gives up after the site timeout; the rest finish.
    let out = trackaudit()
        .args([
            "scan",
            "--resume",
            "--db",
            db.to_str().unwrap(),
            "--output",
            report.to_str().unwrap(),
            "--site-timeout",
            "2",
            "--log",
        ])
        .args(net(&SERVER))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with('[')).count(),
        3,
        "only the three unfinished sites run again: {stderr}"
    );
    assert!(stderr.contains("[3/5]") && stderr.contains("[5/5]"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("3 site(s) scanned (2 more finished before the resume, 5 in all)"), "{stdout}");

    let (_, rows) = csv_records(&std::fs::read_to_string(&report).unwrap());
    let mut sites: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    sites.sort_unstable();
    sites.dedup();
    assert_eq!(sites, ["b2b-saas.test", "faults.test", "ga4-shop.test", "no-policy.test", "pixel-store.test"]);
    assert_eq!(rows.iter().filter(|r| &r[0] == "ga4-shop.test").count(), 1, "nothing written twice");
    let hang = rows.iter().find(|r| &r[0] == "faults.test").unwrap();
    assert!(hang[1].contains("--site-timeout"), "{}", &hang[1]);
    let runs = trackaudit().args(["history", "--runs", "--db", db.to_str().unwrap(), "-f", "json"]).output().unwrap();
    let runs: Value = serde_json::from_slice(&runs.stdout).unwrap();
    assert_eq!(runs.as_array().unwrap().len(), 1, "resuming continues the same run");
    assert_eq!((runs[0]["done"].as_u64(), runs[0]["total"].as_u64()), (Some(5), Some(5)));
    assert!(runs[0]["finished_at"].is_string());
    let again = trackaudit().args(["scan", "--resume", "--db", db.to_str().unwrap()]).output().unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing to resume"));
}

#[test]
fn ctrl_c_then_resume_loses_nothing_and_counts_nothing_twice() {
    interrupted_run_resumes("-INT");
}

#[test]
fn sigterm_then_resume_loses_nothing_either() {
    interrupted_run_resumes("-TERM");
}

#[test]
fn sighup_then_resume_loses_nothing_either() {
    interrupted_run_resumes("-HUP");
}

#[test]
fn a_killed_scan_resumes_too() {
    interrupted_run_resumes("-KILL");
}

/// Writes version `v` of an evolving site into `root`.
fn evolving_site(root: &Path, v: u32) {
    let host = root.join("www.evolving.test");
    std::fs::create_dir_all(host.join("privacy")).unwrap();
    let pixel = if v >= 2 {
        "<script>!function(f,b,e,v,n,t,s){}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init', '445566778899001');</script>"
    } else {
        ""
    };
    std::fs::write(
        host.join("index.html"),
        format!(
            "<html><head><script async src=\"https://www.googletagmanager.com/gtag/js?id=G-EVOLVE001\"></script>{pixel}</head>\
             <body><h1>Evolving</h1><footer><a href=\"/privacy/\">Privacy Policy</a></footer></body></html>"
        ),
    )
    .unwrap();
    let extra =
        if v >= 2 { "<p>We also keep order records for seven years, as the tax office requires.</p>" } else { "" };
    std::fs::write(
        host.join("privacy/index.html"),
        format!("<html><body><main><h1>Privacy Policy</h1><p>We use Google Analytics to count visits to this website.</p>{extra}</main></body></html>"),
    )
    .unwrap();
}

#[test]
fn diff_between_runs_and_jsonl_files() {
    let web = tempfile::tempdir().unwrap();
    evolving_site(web.path(), 1);
    std::fs::create_dir_all(web.path().join("www.fragile.test")).unwrap();
    std::fs::write(web.path().join("www.fragile.test/index.html"), "<html><body>up</body></html>").unwrap();
    let server = Server::serve_dir(web.path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(&list, "http://www.evolving.test/\nhttp://www.fragile.test/\n").unwrap();
    let db = dir.path().join("h.db");
    let scan = |jsonl: &str| {
        let out = trackaudit()
            .arg("scan")
            .arg(&list)
            .args(["--db", db.to_str().unwrap(), "-q", "--output", dir.path().join(jsonl).to_str().unwrap()])
            .args(net(&server))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    };
    scan("one.jsonl");
    // The site adds the Meta Pixel and changes its policy; the other site goes down.
    evolving_site(web.path(), 2);
    std::fs::remove_file(web.path().join("www.fragile.test/index.html")).unwrap();
    scan("two.jsonl");

    let out = trackaudit().args(["diff", "--db", db.to_str().unwrap(), "-f", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((d["old"].as_str(), d["new"].as_str()), (Some("run 1"), Some("run 2")));
    let kinds: Vec<(String, String)> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap().to_string(), c["vendor_id"].as_str().unwrap_or("").to_string()))
        .collect();
    assert!(kinds.contains(&("vendor-added".into(), "meta-pixel".into())), "{kinds:?}");
    assert!(kinds.contains(&("policy-changed".into(), String::new())), "{kinds:?}");
    assert!(kinds.contains(&("newly-failing".into(), String::new())), "{kinds:?}");
    assert!(!kinds.iter().any(|(_, v)| v == "google-analytics"), "unchanged vendors are not changes: {kinds:?}");
    let added = d["changes"].as_array().unwrap().iter().find(|c| c["vendor_id"] == "meta-pixel").unwrap();
    assert_eq!(added["new"], "undisclosed");

    let gate = trackaudit()
        .args(["diff", "1", "2", "--db", db.to_str().unwrap(), "--fail-on", "new-undisclosed"])
        .output()
        .unwrap();
    assert_eq!(gate.status.code(), Some(1), "a new undisclosed vendor fails the gate");
    let same = trackaudit()
        .args(["diff", "2", "2", "--db", db.to_str().unwrap(), "--fail-on", "new-undisclosed"])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("Changes from run 2 to run 2: 0"));

    let files = trackaudit()
        .args([
            "diff",
            dir.path().join("one.jsonl").to_str().unwrap(),
            dir.path().join("two.jsonl").to_str().unwrap(),
            "-f",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&files.stdout);
    assert!(text.starts_with("site,change,vendor_id,vendor,old,new,detail\n"), "{text}");
    assert!(text.contains("http://www.evolving.test/,vendor-added,meta-pixel,Meta Pixel,,undisclosed,"), "{text}");
    let md = trackaudit()
        .args(["diff", "previous", "latest", "--db", db.to_str().unwrap(), "-f", "markdown"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&md.stdout).contains("| http://www.evolving.test/ | vendor-added | Meta Pixel |"));
    let bad = trackaudit().args(["diff", "7", "latest", "--db", db.to_str().unwrap()]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no run \"7\""));
}
