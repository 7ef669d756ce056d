//! Network-level hostile input: the private-address guard and responses that must not be borrowed.

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
fn a_body_sent_with_304_is_not_read_as_the_next_page() {
    let server = Server::start(fixture_server::Options::default()).unwrap();
    let raw = server.raw_port().unwrap();
    // Only the start page, the 304 and the next page, one request at a time so they share a connection.
    let args: Vec<String> =
        ["--resolve", &format!("www.raw.test:{raw}:127.0.0.1"), "--per-site", "1", "--max-pages", "3"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let report = audit_json(&format!("http://www.raw.test:{raw}/"), &args);
    let next = page(&report, "/next").unwrap_or_else(|| panic!("no row for /next: {report:#}"));
    assert!(next["error"].is_null(), "{next:#}");
    let vendors = vendor_ids(&report);
    assert!(vendors.iter().any(|v| v.contains("google")), "the next page's own tag: {vendors:?} {report:#}");
    assert!(!vendors.iter().any(|v| v.contains("meta") || v.contains("facebook")), "borrowed: {vendors:?}");
}
