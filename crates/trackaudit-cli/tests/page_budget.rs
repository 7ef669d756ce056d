//! The page budget: a page that takes too long to read is an error row, and the rest of the site is audited.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::trackaudit;
use serde_json::Value;

/// A folder site: a start page linking a huge page and a small one, each with a tag of its own.
fn site(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let index = r#"<html><head><title>Home</title></head><body>
        <a href="big.html">Big</a> <a href="about.html">About</a></body></html>"#;
    std::fs::write(dir.join("index.html"), index).unwrap();
    let about = r#"<html><body><h1>About</h1>
        <script async src="https://www.googletagmanager.com/gtag/js?id=G-SMALL00001"></script></body></html>"#;
    std::fs::write(dir.join("about.html"), about).unwrap();
    // About 5 MB of small elements: well over a tenth of a second to parse and capture in any build.
    let mut big = String::from("<html><body>");
    for i in 0..80_000 {
        big.push_str(&format!("<p class=\"c{i}\"><a href=\"#a{i}\">item {i}</a> <span>text</span></p>\n"));
    }
    big.push_str(r#"<script src="https://static.hotjar.com/c/hotjar-123456.js?sv=6"></script></body></html>"#);
    std::fs::write(dir.join("big.html"), big).unwrap();
}

fn audit(dir: &std::path::Path, budget: &str) -> Value {
    let out = trackaudit()
        .args(["audit", dir.to_str().unwrap(), "--format", "json", "--engine", "static", "--page-budget", budget])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["pages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["url"].as_str().is_some_and(|u| u.ends_with(name))))
        .unwrap_or_else(|| panic!("no row for {name}: {report:#}"))
}

fn vendors(report: &Value) -> Vec<&str> {
    report["findings"].as_array().into_iter().flatten().filter_map(|f| f["vendor"]["id"].as_str()).collect()
}

#[test]
fn a_page_over_the_budget_is_an_error_row_and_the_rest_of_the_site_is_audited() {
    let dir = std::env::temp_dir().join(format!("trackaudit-budget-{}", std::process::id()));
    site(&dir);
    let report = audit(&dir, "0.02");
    let big = row(&report, "big.html");
    let error = big["error"].as_str().unwrap_or_else(|| panic!("the big page is an error row: {big:#}"));
    assert!(error.contains("took longer than 0.020 s") && error.contains("--page-budget"), "{error}");
    assert!(row(&report, "about.html")["error"].is_null(), "{report:#}");
    assert!(report["pages"][0]["error"].is_null(), "the start page is read: {report:#}");
    let found = vendors(&report);
    assert!(found.contains(&"google-analytics"), "the small page is audited: {found:?}");
    assert!(!found.contains(&"hotjar"), "what the unread page loads is not reported: {found:?}");
    assert!(
        report["errors"].as_array().into_iter().flatten().any(|e| e["message"].as_str() == Some(error)),
        "the overrun is listed among the report's errors: {report:#}"
    );

    // With the default budget the same page is read.
    let report = audit(&dir, "15");
    assert!(row(&report, "big.html")["error"].is_null(), "{report:#}");
    assert!(vendors(&report).contains(&"hotjar"), "{report:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_budget_that_is_not_a_positive_number_is_refused() {
    for bad in ["0", "-1", "soon", "NaN"] {
        let out = trackaudit().args(["audit", ".", &format!("--page-budget={bad}")]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("expected seconds"), "{bad}: {stderr}");
    }
}
