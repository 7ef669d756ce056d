//! `--format sarif`: a SARIF 2.1.0 log whose results point a code-scanning UI at the tag that loads each
//! vendor. The log is checked against the structure the SARIF 2.1.0 schema requires of what we write
//! (version, `runs[].tool.driver.name`, results with `message.text`, known rule ids and levels, locations
//! with an artifact URI and a 1-based region).
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::sync::LazyLock;

use common::{repo_path, trackaudit};
use fixture_server::Server;
use serde_json::Value;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(repo_path("fixtures/web")).expect("fixture server starts"));

fn sarif(target: &std::path::Path) -> Value {
    let out = trackaudit().arg("audit").arg(target).args(["--format", "sarif"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

/// What the schema requires of the parts we write.
fn check_structure(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif-2.1.0")));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "trackaudit");
    let rules: Vec<&str> = driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rules, ["contradicted", "undisclosed", "vague", "disclosed-parent", "disclosed"]);
    for r in driver["rules"].as_array().unwrap() {
        assert!(r["shortDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
    for result in runs[0]["results"].as_array().expect("results is an array") {
        assert!(rules.contains(&result["ruleId"].as_str().unwrap()), "{result}");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()), "{result}");
        assert!(result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{result}");
        for loc in result["locations"].as_array().unwrap() {
            let physical = &loc["physicalLocation"];
            assert!(physical["artifactLocation"]["uri"].as_str().is_some_and(|u| !u.is_empty()), "{loc}");
            if let Some(region) = physical.get("region") {
                assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1), "{loc}");
                assert!(region["startColumn"].as_u64().is_some_and(|c| c >= 1), "{loc}");
            }
        }
    }
}

#[test]
fn a_folder_audit_points_each_finding_at_the_line_of_its_tag() {
    let root = repo_path("fixtures/static-site/public");
    let log = sarif(&root);
    check_structure(&log);
    let run = &log["runs"][0];
    assert!(run["originalUriBaseIds"]["SITEROOT"]["uri"].as_str().unwrap().starts_with("file:///"));
    let results = run["results"].as_array().unwrap();
    let ga = results.iter().find(|r| r["properties"]["vendor"] == "google-analytics").expect("a GA result");
    assert!(ga["message"]["text"].as_str().unwrap().starts_with("Google Analytics (Google LLC, analytics): "));
    let mut located = 0;
    for loc in ga["locations"].as_array().unwrap() {
        let physical = &loc["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "SITEROOT");
        assert!(!uri.starts_with('/') && !uri.contains(':'), "relative to the folder: {uri}");
        let text = std::fs::read_to_string(root.join(uri)).unwrap();
        let line = physical["region"]["startLine"].as_u64().unwrap() as usize;
        let column = physical["region"]["startColumn"].as_u64().unwrap() as usize;
        let at: String = text.lines().nth(line - 1).unwrap().chars().skip(column - 1).collect();
        // The region starts at the tag that loads GA, or at the inline snippet that configures it.
        assert!(at.starts_with("<script") || at.starts_with("gtag("), "{uri}:{line}:{column}: {at}");
        located += 1;
    }
    assert!(located >= 2, "{ga}");
}

#[test]
fn a_url_audit_locates_findings_by_page_without_regions() {
    let out = trackaudit()
        .args(["audit", "http://www.demo-shop.test/", "--format", "sarif", "--insecure"])
        .args(SERVER.connect_to_args())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    check_structure(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "contradicted"), "the demo shop's contradictions");
    for r in results {
        for loc in r["locations"].as_array().unwrap() {
            let physical = &loc["physicalLocation"];
            assert!(physical["artifactLocation"]["uri"].as_str().unwrap().starts_with("http://www.demo-shop.test/"));
            assert!(physical.get("region").is_none());
        }
    }
}

#[test]
fn sarif_is_for_audits_only() {
    let out = trackaudit().args(["vendors", "list", "--format", "sarif"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format sarif is for `trackaudit audit`"));
}
