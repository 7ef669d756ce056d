//! Network-level hostile input: the private-address guard and responses that must not be borrowed.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::trackaudit;
use fixture_server::Server;
use serde_json::Value;

/// Runs `trackaudit audit URL ARGS… --format json` and returns the report.
fn audit_json(url: &str, args: &[String]) -> Value {
    let out = trackaudit()
        .args(["audit", url, "--format", "json", "--engine", "static", "--timeout", "5", "--ignore-robots"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
}

fn page<'a>(report: &'a Value, suffix: &str) -> Option<&'a Value> {
    let ends = |p: &Value, key: &str| p[key].as_str().is_some_and(|u| u.ends_with(suffix));
    report["pages"].as_array()?.iter().find(|p| ends(p, "url") || ends(p, "final_url"))
}

fn vendor_ids(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["vendor"]["id"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

#[test]
fn a_public_site_redirecting_to_loopback_is_refused_unless_allowed() {
    let root = tempfile::tempdir().unwrap();
    let server = Server::serve_dir(root.path()).unwrap();
    let port = server.http_port();
    let site = root.path().join("www.public-site.test");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("_redirects"), format!("/internal http://127.0.0.1:{port}/secret.html 302\n")).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><html><head><title>Public</title></head><body><a href=\"/internal\">internal</a></body></html>",
    )
    .unwrap();
    // The loopback address answers for the `127.0.0.1` host folder.
    let local = root.path().join("127.0.0.1");
    std::fs::create_dir_all(&local).unwrap();
    std::fs::write(
        local.join("secret.html"),
        "<!doctype html><html><head><title>Secret</title></head><body><p>internal dashboard</p></body></html>",
    )
    .unwrap();
    let start = format!("http://www.public-site.test:{port}/");
    let resolve = vec!["--resolve".to_string(), format!("www.public-site.test:{port}:127.0.0.1")];

    let report = audit_json(&start, &resolve);
    let internal = page(&report, "/internal").unwrap_or_else(|| panic!("no row for the redirect: {report:#}"));
    let error = internal["error"].as_str().unwrap_or_default();
    assert!(error.contains("refused: 127.0.0.1 is a loopback address; use --allow-private"), "{internal:#}");
    assert!(!server.requests().iter().any(|r| r.path.contains("secret")), "the refused address was never connected to");

    let mut allowed = resolve.clone();
    allowed.push("--allow-private".into());
    let report = audit_json(&start, &allowed);
    let internal = page(&report, "/secret.html").unwrap_or_else(|| panic!("no row for the redirect: {report:#}"));
    assert!(internal["error"].is_null(), "{internal:#}");
    assert!(server.requests().iter().any(|r| r.path.contains("secret")));

    // A local start URL keeps working without the flag.
    let report = audit_json(&format!("http://127.0.0.1:{port}/secret.html"), &[]);
    assert!(page(&report, "/secret.html").is_some_and(|p| p["error"].is_null()), "{report:#}");
}

#[test]
fn a_page_200000_elements_deep_is_read_flattened_with_its_tag_and_a_warning() {
    let server = Server::start(fixture_server::Options::default()).unwrap();
    let port = server.http_port();
    let args =
        vec!["--resolve".to_string(), format!("www.faults.test:{port}:127.0.0.1"), "--max-pages".into(), "1".into()];
    let report = audit_json(&format!("http://www.faults.test:{port}/__deep/200000"), &args);
    let deep = page(&report, "/__deep/200000").unwrap_or_else(|| panic!("no row: {report:#}"));
    assert!(deep["error"].is_null(), "{deep:#}");
    let text = report.to_string();
    assert!(text.contains("markup nested deeper than 512 levels (200000 counted)"), "{report:#}");
    assert!(text.contains("G-DEEP000001"), "the tag at the bottom is found: {report:#}");
}

#[test]
fn a_policy_50000_elements_deep_is_read() {
    let dir = std::env::temp_dir().join(format!("trackaudit-deep-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("privacy.html");
    let n = 50_000;
    let body = format!(
        "<html><body>{}<h1>Privacy Policy</h1><p>We use Google Analytics and Hotjar. We do not sell your personal information.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    std::fs::write(&file, body).unwrap();
    let out = trackaudit().args(["policy", file.to_str().unwrap(), "--format", "json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("google-analytics") && stdout.contains("hotjar"), "{stdout}");
    assert!(stdout.contains("no-selling"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_body_sent_with_304_is_not_read_as_the_next_page() {
    let server = Server::start(fixture_server::Options::default()).unwrap();
    let raw = server.raw_port().unwrap();
    // Only the start page, the 304 and the next page, one request at a time so they share a connection.
    let args: Vec<String> =
        ["--resolve", &format!("www.raw.test:{raw}:127.0.0.1"), "--per-site", "1", "--max-pages", "3"]
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
    let report = audit_json(&format!("http://www.raw.test:{raw}/"), &args);
    let next = page(&report, "/next").unwrap_or_else(|| panic!("no row for /next: {report:#}"));
    assert!(next["error"].is_null(), "{next:#}");
    let vendors = vendor_ids(&report);
    assert!(vendors.iter().any(|v| v.contains("google")), "the next page's own tag: {vendors:?} {report:#}");
    assert!(!vendors.iter().any(|v| v.contains("meta") || v.contains("facebook")), "borrowed: {vendors:?}");
}

/// The nesting depth of the `/__deep` case (before nesting was bounded, 200,000 took the scan to ten
/// minutes). No time is asserted.
const DEEP_DEPTH: usize = 200_000;
/// What the deep case must give: a page read, its structure flattened below 512 levels.
const DEEP_EXPECT: Expect = Expect::Ok;
/// Peak resident memory allowed for the whole scan, in MiB.
const PEAK_MIB: u64 = 1024;

/// What a fault must give on its start page.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Read without an error.
    Ok,
    /// An error containing this text.
    Error(&'static str),
}

/// Every fault kind: its path (on `www.faults.test`, or on the raw listener for `/__raw/…`) and what it gives.
fn fault_cases() -> Vec<(String, Expect)> {
    use Expect::*;
    let mut cases: Vec<(String, Expect)> = [
        ("/__status/500", Error("HTTP 500")),
        // An empty 204 page is a page read without error.
        ("/__status/204", Ok),
        ("/__slow/100", Ok),
        ("/__slow/60000", Error("timed out")),
        ("/__hang", Error("timed out")),
        ("/__drop", Error("failed")),
        ("/__loop/0", Error("too many redirects")),
        ("/__grow/0", Error("too many redirects")),
        ("/__huge/64", Error("larger than")),
        ("/__endless", Error("larger than")),
        ("/__bomb", Error("larger than")),
        ("/__bomb/br", Error("larger than")),
        ("/__latin1", Ok),
        ("/__latin1/meta", Ok),
        ("/__gzip", Ok),
        ("/__charset", Ok),
        ("/__badutf8", Ok),
        ("/__oneline", Ok),
        ("/__attrs", Ok),
        ("/__links", Ok),
        ("/__longurl", Ok),
        ("/__to/file", Error("invalid URL")),
        ("/__to/data", Error("invalid URL")),
        ("/__to/javascript", Error("invalid URL")),
        ("/__raw/304-body", Error("HTTP 304")),
        ("/__raw/204-body", Ok),
        ("/__raw/cl-long", Error("failed")),
        ("/__raw/cl-short", Ok),
        ("/__raw/bad-chunked", Error("failed")),
        ("/__raw/garbage", Error("failed")),
        ("/__raw/nul", Error("failed")),
        // Over reqwest's limits (408 KiB, 1,000 headers): read again through the fallback, with the headers
        // that fit.
        ("/__raw/header-1mb", Ok),
        ("/__raw/cookies-10k", Ok),
        // Over even the fallback's 4 MiB.
        ("/__raw/header-5mb", Error("response headers are larger")),
        ("/__raw/drip", Error("timed out")),
    ]
    .into_iter()
    .map(|(p, e)| (p.to_string(), e))
    .collect();
    cases.push((format!("/__deep/{DEEP_DEPTH}"), DEEP_EXPECT));
    cases
}

/// Peak resident memory of a running process, in KiB (`VmHWM`).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn every_fault_kind_gives_a_row_with_its_error_class_in_bounded_memory() {
    assert!(fault_cases().len() >= 30, "the suite covers at least 30 kinds");
    assert!(fixture_server::RAW_FAULTS.iter().all(|k| fault_cases().iter().any(|(p, _)| p == &format!("/__raw/{k}"))));
    let server = Server::start(fixture_server::Options::default()).unwrap();
    let raw = server.raw_port().unwrap();
    let url = |path: &str| {
        if path.starts_with("/__raw/") {
            format!("http://www.raw.test:{raw}{path}")
        } else {
            format!("http://www.faults.test{path}")
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    let cases = fault_cases();
    std::fs::write(&list, cases.iter().map(|(p, _)| url(p) + "\n").collect::<String>()).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("trackaudit");
    let mut child = std::process::Command::new(bin)
        .current_dir(common::repo())
        .arg("scan")
        .arg(&list)
        .args(["--format", "jsonl", "--quiet", "--engine", "static", "--timeout", "3", "--site-timeout", "60"])
        .args(["--max-pages", "1", "--depth", "0", "--ignore-robots", "--concurrency", "8"])
        .args(["--resolve", &format!("www.raw.test:{raw}:127.0.0.1")])
        .args(server.connect_to_args())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        peak = peak.max(peak_kib(pid).unwrap_or(0));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let stdout = reader.join().unwrap();
    let reports: Vec<Value> = stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let mut problems = Vec::new();
    let mut table = String::new();
    for (path, expect) in &cases {
        let target = url(path);
        let Some(r) = reports.iter().find(|r| r["target"] == target.as_str()) else {
            problems.push(format!("{path}: no row"));
            continue;
        };
        let first = &r["pages"][0];
        let error = first["error"].as_str().unwrap_or("");
        table.push_str(&format!("{path}: {}\n", if error.is_empty() { "ok" } else { error }));
        match expect {
            Expect::Ok if !error.is_empty() => problems.push(format!("{path}: expected success, got {error:?}")),
            Expect::Error(want) if !error.contains(want) => {
                problems.push(format!("{path}: expected an error with {want:?}, got {error:?}"));
            }
            _ => {}
        }
    }
    eprintln!("{table}peak memory: {} MiB", peak / 1024);
    assert!(problems.is_empty(), "{}\n\n{table}", problems.join("\n"));
    assert!(peak > 0 && peak / 1024 < PEAK_MIB, "peak memory {} MiB (limit {PEAK_MIB} MiB)", peak / 1024);
}
