//! The policy's language in the reports: `trackaudit policy` (JSON, table, Markdown) and `trackaudit audit`
//! of a German site served by the fixture server.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::trackaudit;
use fixture_server::Server;

fn stdout_of(args: &[&str]) -> String {
    let out = trackaudit().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn policy_reports_the_language_in_every_format() {
    let json = stdout_of(&["policy", "fixtures/policies/de/blog.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["language"], "de");
    assert!(v["claims"].as_array().unwrap().iter().any(|c| c["kind"] == "no-sharing"), "German claims are read");
    let table = stdout_of(&["policy", "fixtures/policies/de/blog.md"]);
    assert!(table.lines().next().unwrap().contains("words, German (de))"), "{table}");
    let md = stdout_of(&["policy", "fixtures/policies/fr/association.md", "--format", "markdown"]);
    assert!(md.contains("Language: French (fr)."), "{md}");
    let v: serde_json::Value =
        serde_json::from_str(&stdout_of(&["policy", "fixtures/policies/claims.txt", "-f", "json"])).unwrap();
    assert_eq!(v["language"], "en");
}

#[test]
fn undetermined_language_is_null() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.txt");
    std::fs::write(&path, "Stripe, Hotjar, Matomo.\n").unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&stdout_of(&["policy", path.to_str().unwrap(), "-f", "json"])).unwrap();
    assert!(v["language"].is_null(), "{v}");
    let table = stdout_of(&["policy", path.to_str().unwrap()]);
    assert!(table.contains("language not determined"), "{table}");
}

#[test]
fn audit_shows_the_policy_language() {
    let server = Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts");
    let net = server.connect_to_args();
    let run = |format: &str| {
        let mut args = vec!["audit", "http://www.datenschutz.test/", "--format", format, "--timeout", "5"];
        args.extend(net.iter().map(String::as_str));
        let out = trackaudit().args(&args).output().expect("trackaudit runs");
        String::from_utf8(out.stdout).unwrap()
    };
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    // The policy report is flattened into the audit's `policy` object.
    let report = &v["policy"];
    assert_eq!(report["language"], "de", "{v}");
    assert!(
        report["categories"].as_array().unwrap().iter().any(|c| c["category"] == "hosting" && c["matched"] == "Hoster"),
        "the German category \"unser Hoster\": {report}"
    );
    assert!(run("table").contains("; German (de))"), "table");
    assert!(run("markdown").contains("; German (de))"), "markdown");
}
