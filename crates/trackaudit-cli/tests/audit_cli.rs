//! `trackaudit audit` end to end: faults that must give clear per-page errors, exit codes, formats, the
//! first-party and vendor overlays, and local folders.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::sync::LazyLock;

use common::trackaudit;
use fixture_server::Server;
use serde_json::Value;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts"));

fn net() -> Vec<String> {
    let mut v = SERVER.connect_to_args();
    v.push("--insecure".to_string());
    v
}

/// Runs `trackaudit audit TARGET ARGS… --format FORMAT` through the fixture server.
fn run(target: &str, args: &[&str], format: &str) -> (i32, String, String) {
    let mut all = vec!["audit".to_string(), target.to_string(), "--format".into(), format.into()];
    // The test's own rules come first: the first matching --connect-to wins.
    all.extend(args.iter().map(std::string::ToString::to_string));
    all.extend(net());
    if !args.contains(&"--timeout") {
        all.extend(["--timeout".to_string(), "5".to_string()]);
    }
    let out = trackaudit().args(&all).output().unwrap();
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

fn json(target: &str, args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(target, args, "json");
    (code, serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}")))
}

fn first_page_error(r: &Value) -> String {
    r["pages"][0]["error"].as_str().unwrap_or_default().to_string()
}

#[test]
fn unreachable_start_pages_are_clear_errors_with_exit_code_2() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let refused = format!("www.down.test:80:127.0.0.1:{port}");
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("http://www.down.test/", vec!["--connect-to", &refused], "connection refused by www.down.test:80"),
        ("http://www.gone.invalid/", vec![], "could not resolve host www.gone.invalid"),
        ("http://www.faults.test/__slow/4000", vec!["--timeout", "1"], "timed out after 1s"),
        ("http://www.faults.test/__loop/0", vec![], "too many redirects (more than 10)"),
        ("http://www.faults.test/loop-a", vec![], "redirect loop: http://www.faults.test/loop-a redirects back"),
        ("http://www.faults.test/no-such-page.html", vec![], "HTTP 404"),
        ("http://www.faults.test/__status/503", vec![], "HTTP 503"),
        ("http://www.faults.test/__huge/20", vec!["--max-page-bytes", "1000000"], "larger than the 1 MB limit"),
        ("http://www.closed.test/", vec![], "disallowed by robots.txt"),
    ];
    for (target, args, needle) in cases {
        let (code, out, err) = run(target, &args, "json");
        let r: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{target}: {e}: {out}"));
        assert_eq!(code, 2, "{target}: {err}");
        assert!(first_page_error(&r).contains(needle), "{target}: {:?} lacks {needle:?}", first_page_error(&r));
        assert!(err.contains("nothing was audited"), "{target}: {err}");
        assert_eq!(r["findings"], Value::Array(vec![]));
    }
}

#[test]
fn robots_can_be_ignored_on_request() {
    let (code, r) = json("http://www.closed.test/", &["--ignore-robots"]);
    assert_eq!(code, 0);
    assert_eq!(r["findings"][0]["vendor"]["id"], "google-analytics");
    assert_eq!(r["findings"][0]["ids"], serde_json::json!(["G-CLOSED1234"]));
}

#[test]
fn fail_on_sets_the_exit_code() {
    // www.pixel-store.test: Meta Pixel, policy names only "advertising partners" (vague).
    assert_eq!(run("http://www.pixel-store.test/", &["--fail-on", "undisclosed"], "json").0, 0);
    assert_eq!(run("http://www.pixel-store.test/", &["--fail-on", "vague"], "json").0, 1);
    assert_eq!(run("http://www.pixel-store.test/", &["--fail-on", "any"], "json").0, 1);
    // www.b2b-saas.test: LinkedIn Insight, not named at all.
    assert_eq!(run("http://www.b2b-saas.test/", &["--fail-on", "undisclosed"], "json").0, 1);
    // www.ga4-shop.test: Google Analytics, named.
    assert_eq!(run("http://www.ga4-shop.test/", &["--fail-on", "any"], "json").0, 0);
    let (code, _, err) = run("http://www.ga4-shop.test/", &["--fail-on", "sometimes"], "json");
    assert_eq!(code, 2);
    assert!(err.contains("expected undisclosed, vague or any"), "{err}");
}

#[test]
fn csv_has_one_row_per_vendor_and_one_for_a_site_without_findings_or_failed() {
    let (_, out, _) = run("http://www.ga4-shop.test/", &[], "csv");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some(
            "site,status,engine,pages,policy_url,vendor_id,vendor,company,category,verdict,consent_state,consent_issue,ids,evidence_kind,evidence_url,page,quote,scanned_at,tracking,evidence_failed,quote_source"
        )
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ga = rows.iter().find(|r| &r[5] == "google-analytics").expect("a Google Analytics row");
    assert_eq!((&ga[0], &ga[1], &ga[2], &ga[9]), ("ga4-shop.test", "ok", "static", "disclosed"));
    assert_eq!(&ga[10], "", "no consent state in the static engine");
    assert!(ga[12].contains("G-SHOP12345"));
    assert!(ga[16].contains("Google Analytics"), "the quote: {}", &ga[16]);
    assert_eq!((&ga[18], &ga[19]), ("yes", ""), "a tracker; static evidence is never failed");

    let (_, out, _) = run("http://www.lookalikes.test/", &[], "csv");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(&rows[0][1], "no-findings");

    let (_, out, _) = run("http://www.gone.invalid/", &[], "csv");
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(out.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0][1].starts_with("error: could not resolve host"), "{}", &rows[0][1]);
}

#[test]
fn table_and_markdown_reports() {
    let (_, table, _) = run("http://www.pixel-store.test/", &[], "table");
    assert!(table.contains("Trackers (1)") && table.contains("vague") && table.contains("Meta Pixel"), "{table}");
    assert!(!table.contains('\x1b'), "no colour when not a terminal");
    let (_, md, _) = run("http://www.pixel-store.test/", &[], "markdown");
    assert!(md.contains("| Vendor | Company | Category | Verdict | Evidence | Policy quote |"), "{md}");
    assert!(md.contains("**vague**"));
}

#[test]
fn trackers_come_first_and_other_third_parties_have_their_own_section() {
    // demo-shop loads Google Analytics, Meta Pixel, Criteo, LinkedIn (trackers) and Google Fonts (not one).
    let (_, table, _) = run("http://www.demo-shop.test/", &[], "table");
    let (_, md, _) = run("http://www.demo-shop.test/", &[], "markdown");
    for (text, trackers, other) in
        [(&table, "Trackers (4)", "Other third parties (1)"), (&md, "## Trackers", "## Other third parties")]
    {
        let (t, o) = (text.find(trackers).expect(trackers), text.find(other).expect(other));
        let fonts = text.find("Google Fonts").unwrap();
        assert!(t < o && o < fonts, "{text}");
        for tracker in ["Google Analytics", "Meta Pixel", "Criteo", "LinkedIn Insight Tag"] {
            let at = text.find(tracker).unwrap();
            assert!(t < at && at < o, "{tracker} is a tracker: {text}");
        }
        assert!(!text.contains("failed") && !text.contains("never loaded"), "static evidence never fails: {text}");
        assert!(!text.contains("LOADED IN") && !text.contains(" none "), "no consent column in a static audit");
    }
    // Verdicts are given in both sections.
    assert!(table.lines().any(|l| l.starts_with("disclosed-parent") && l.contains("Google Fonts")), "{table}");
    assert!(md.contains("| Google Fonts | Google LLC | fonts | **disclosed-parent** |"), "{md}");
    // JSON: no evidence of the static engine carries a failure.
    let (_, r) = json("http://www.demo-shop.test/", &[]);
    let evidence: Vec<&Value> =
        r["findings"].as_array().unwrap().iter().flat_map(|f| f["evidence"].as_array().unwrap()).collect();
    assert!(!evidence.is_empty() && evidence.iter().all(|e| e.get("failed").is_none()), "{evidence:?}");
}

#[test]
fn policy_override_and_vendor_overlay_and_first_party() {
    // A policy that names the LinkedIn Insight Tag and makes no claim.
    let (_, r) = json("http://www.b2b-saas.test/", &["--policy", "fixtures/policies/html-page.html"]);
    assert_eq!(r["policy"]["found_by"], "--policy");
    let li = r["findings"].as_array().unwrap().iter().find(|f| f["vendor"]["id"] == "linkedin-insight").unwrap();
    assert_eq!(li["verdict"], "disclosed");

    // A policy kept as a Vue component is read by its <template> (it used to be "no readable text").
    let dir = tempfile::tempdir().unwrap();
    let vue = dir.path().join("privacy.vue");
    std::fs::write(
        &vue,
        "<script setup>\nconst t = useI18n()\n</script>\n<template>\n  <main>\n    <h1>Privacy</h1>\n             <p>We measure campaigns with the {{ brand }} LinkedIn Insight Tag, which sets cookies.</p>\n  </main>\n</template>\n",
    )
    .unwrap();
    let (_, r) = json("http://www.b2b-saas.test/", &["--policy", vue.to_str().unwrap()]);
    assert_eq!(r["policy"]["found_by"], "--policy", "{r}");
    let li = r["findings"].as_array().unwrap().iter().find(|f| f["vendor"]["id"] == "linkedin-insight").unwrap();
    assert_eq!(li["verdict"], "disclosed");

    let (_, r) = json("http://www.inhouse.test/", &[]);
    let unknown: Vec<&str> =
        r["unknown_third_parties"].as_array().unwrap().iter().map(|u| u["domain"].as_str().unwrap()).collect();
    assert_eq!(unknown, ["acme-metrics.test", "inhouse-cdn.test"], "never dropped");
    let (_, r) = json(
        "http://www.inhouse.test/",
        &["--vendors", "fixtures/vendors/overlay.toml", "--first-party", "inhouse-cdn.test"],
    );
    assert_eq!(r["unknown_third_parties"], Value::Array(vec![]));
    assert_eq!(r["findings"][0]["vendor"]["id"], "acme-beacon");
    assert_eq!(r["findings"][0]["verdict"], "disclosed");
    assert_eq!(r["findings"][0]["ids"], serde_json::json!(["AB-20261"]));
}

#[test]
fn output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.json");
    let (code, out, _) = run("http://www.ga4-shop.test/", &["--output", path.to_str().unwrap()], "json");
    assert_eq!((code, out.as_str()), (0, ""));
    let r: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(r["site"], "ga4-shop.test");
}

#[test]
fn local_folder_needs_base_url_for_its_own_absolute_links() {
    let folder = common::repo_path("fixtures/static-site/public");
    let folder = folder.to_str().unwrap();
    let out = trackaudit().args(["audit", folder, "--format", "json"]).output().unwrap();
    let without: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(without["pages"][0]["url"].as_str().unwrap().starts_with("file:///"), "{}", without["pages"]);
    let out = trackaudit()
        .args(["audit", folder, "--format", "json", "--base-url", "https://www.static-site.test/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let with: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(with["site"], "static-site.test");
    assert!(with["pages"][0]["url"].as_str().unwrap().starts_with("https://www.static-site.test/"));
    // Absolute links to the published domain are first party, so they are followed into the folder.
    assert!(with["pages"].as_array().unwrap().len() >= 4, "every page of the folder: {}", with["pages"]);
    let unknown = |r: &Value| -> Vec<String> {
        r["unknown_third_parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["domain"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        unknown(&without).contains(&"static-site.test".to_string()),
        "without --base-url its own logo URL is third party"
    );
    assert!(!unknown(&with).contains(&"static-site.test".to_string()), "{:?}", unknown(&with));
    assert!(with["pages"].as_array().unwrap().iter().all(|p| p["error"].is_null()), "{}", with["pages"]);

    let bad = trackaudit().args(["audit", "no/such/folder"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot read no/such/folder"));
}
