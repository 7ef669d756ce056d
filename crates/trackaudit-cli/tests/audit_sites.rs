//! `trackaudit audit` against the fixture web (`fixtures/web`, served on loopback by the fixture server and
//! reached through `--connect-to`), each site checked against its answer key in `fixtures/web-expected`.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use common::trackaudit;
use fixture_server::Server;
use serde::Deserialize;
use serde_json::Value;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts"));

/// Runs an audit through the fixture server; returns the exit code and the JSON report.
pub fn audit(target: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["audit", target, "--format", "json", "--insecure", "--timeout", "5"];
    let net = SERVER.connect_to_args();
    args.extend(net.iter().map(String::as_str));
    args.extend(extra);
    let out = trackaudit().args(&args).output().expect("trackaudit runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}); stderr: {stderr}"));
    (out.status.code().unwrap_or(-1), json)
}

#[derive(Deserialize)]
struct Key {
    start: String,
    #[serde(default)]
    args: Vec<String>,
    site: String,
    policy_found: bool,
    #[serde(default)]
    policy_url_contains: Option<String>,
    #[serde(default)]
    unknown_domains: Vec<String>,
    #[serde(default)]
    hint_domains: Vec<String>,
    #[serde(default)]
    absent_vendors: Vec<String>,
    #[serde(default)]
    not_observed: Vec<String>,
    #[serde(default)]
    finding: Vec<FindingKey>,
    #[serde(default)]
    page_error: Vec<PageKey>,
    #[serde(default)]
    page_warning: Vec<PageKey>,
}

#[derive(Deserialize)]
struct FindingKey {
    vendor: String,
    verdict: String,
    #[serde(default)]
    evidence_kinds: Vec<String>,
    #[serde(default)]
    ids: Vec<String>,
}

#[derive(Deserialize)]
struct PageKey {
    url: String,
    message: String,
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// Checks one answer key; returns the problems.
fn check(name: &str) -> Vec<String> {
    let path = common::repo_path(&format!("fixtures/web-expected/{name}"));
    let key: Key = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let extra: Vec<&str> = key.args.iter().map(String::as_str).collect();
    let (code, r) = audit(&key.start, &extra);
    let mut problems = Vec::new();
    if code != 0 {
        problems.push(format!("exit code {code}"));
    }
    if r["site"] != key.site {
        problems.push(format!("site {} (expected {})", r["site"], key.site));
    }
    match (&r["policy"], key.policy_found) {
        (Value::Null, true) => problems.push(format!("no policy: {}", r["policy_missing"])),
        (Value::Null, false) => {
            if !r["policy_missing"].is_string() {
                problems.push("no policy, but no reason given".into());
            }
        }
        (p, false) => problems.push(format!("unexpected policy {}", p["url"])),
        (p, true) => {
            if let Some(want) = &key.policy_url_contains
                && !p["url"].as_str().unwrap_or_default().contains(want.as_str())
            {
                problems.push(format!("policy url {} lacks {want}", p["url"]));
            }
        }
    }
    let findings = r["findings"].as_array().cloned().unwrap_or_default();
    let got: BTreeSet<String> =
        findings.iter().map(|f| f["vendor"]["id"].as_str().unwrap_or_default().to_string()).collect();
    let want: BTreeSet<String> = key.finding.iter().map(|f| f.vendor.clone()).collect();
    if got != want {
        problems.push(format!("findings {got:?}, expected {want:?}"));
    }
    for fk in &key.finding {
        let Some(f) = findings.iter().find(|f| f["vendor"]["id"] == fk.vendor.as_str()) else { continue };
        if f["verdict"] != fk.verdict.as_str() {
            problems.push(format!(
                "{}: verdict {} (expected {}); reason: {}",
                fk.vendor, f["verdict"], fk.verdict, f["reason"]
            ));
        }
        let kinds: BTreeSet<String> =
            f["evidence"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect();
        for k in &fk.evidence_kinds {
            if !kinds.contains(k) {
                problems.push(format!("{}: no {k} evidence among {kinds:?}", fk.vendor));
            }
        }
        let ids = strs(&f["ids"]);
        for id in &fk.ids {
            if !ids.contains(id) {
                problems.push(format!("{}: id {id} not among {ids:?}", fk.vendor));
            }
        }
        if f["verdict"] != "undisclosed" && !f["quote"].is_string() {
            problems.push(format!("{}: a {} verdict without a quote", fk.vendor, f["verdict"]));
        }
        for e in f["evidence"].as_array().unwrap() {
            if !e["page"].as_str().is_some_and(|p| p.starts_with("http") || p.starts_with("file:")) {
                problems.push(format!("{}: evidence without a page: {e}", fk.vendor));
            }
        }
    }
    for absent in &key.absent_vendors {
        if got.contains(absent) {
            problems.push(format!("{absent} must not be found"));
        }
    }
    let domains = |field: &str| -> BTreeSet<String> {
        r[field].as_array().unwrap().iter().map(|d| d["domain"].as_str().unwrap().to_string()).collect()
    };
    for d in &key.unknown_domains {
        if !domains("unknown_third_parties").contains(d) {
            problems.push(format!("unknown third party {d} missing from {:?}", domains("unknown_third_parties")));
        }
    }
    for d in &key.hint_domains {
        if !domains("hints").contains(d) {
            problems.push(format!("hint {d} missing from {:?}", domains("hints")));
        }
    }
    let not_observed: BTreeSet<String> =
        r["disclosed_not_observed"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_string()).collect();
    for n in &key.not_observed {
        if !not_observed.contains(n) {
            problems.push(format!("{n} missing from disclosed_not_observed {not_observed:?}"));
        }
    }
    let pages = r["pages"].as_array().unwrap();
    for pk in &key.page_error {
        let hit = pages.iter().any(|p| {
            p["url"].as_str().unwrap().contains(&pk.url) && p["error"].as_str().is_some_and(|e| e.contains(&pk.message))
        });
        if !hit {
            problems.push(format!(
                "no page {} with error {:?}: {}",
                pk.url,
                pk.message,
                serde_json::to_string(pages).unwrap()
            ));
        }
    }
    for pk in &key.page_warning {
        let hit = pages.iter().any(|p| {
            p["url"].as_str().unwrap().contains(&pk.url) && strs(&p["warnings"]).iter().any(|w| w.contains(&pk.message))
        });
        if !hit {
            problems.push(format!("no page {} with warning {:?}", pk.url, pk.message));
        }
    }
    problems
}

#[test]
fn every_fixture_site_matches_its_answer_key() {
    let mut names: Vec<String> = std::fs::read_dir(common::repo_path("fixtures/web-expected"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 13, "at least 13 answer keys, found {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let problems = check(name);
        if !problems.is_empty() {
            failures.push(format!("{name}:\n    {}", problems.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} sites differ from their keys:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// Copies a folder tree.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What two audits of the same site must agree on: vendors, verdicts, evidence kinds, tracker ids, whether
/// and where the policy was found, what it names, unknown third parties, hints, pages read (by their path
/// under `root`, the path the site is published at).
fn outcome(r: &Value, root: &str) -> Value {
    let path = |u: &Value| {
        let u = u.as_str().unwrap_or_default();
        let p = url::Url::parse(u).map(|u| u.path().to_string()).unwrap_or_default();
        p.strip_prefix(root).map(str::to_string).unwrap_or(p)
    };
    let findings: Vec<Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let kinds: BTreeSet<String> =
                f["evidence"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect();
            serde_json::json!({"vendor": f["vendor"]["id"], "verdict": f["verdict"], "quote": f["quote"],
                               "kinds": kinds, "ids": f["ids"]})
        })
        .collect();
    let domains = |field: &str| -> BTreeSet<String> {
        r[field].as_array().unwrap().iter().map(|d| d["domain"].as_str().unwrap().to_string()).collect()
    };
    let mut pages: Vec<String> = r["pages"].as_array().unwrap().iter().map(|p| path(&p["url"])).collect();
    pages.sort();
    serde_json::json!({
        "findings": findings,
        "policy": path(&r["policy"]["url"]),
        "policy_vendors": r["policy"]["vendors"].as_array().map(|v| v.iter().map(|m| m["id"].clone()).collect::<Vec<_>>()),
        "unknown": domains("unknown_third_parties"),
        "hints": domains("hints"),
        "pages": pages,
        "page_errors": r["pages"].as_array().unwrap().iter().filter(|p| !p["error"].is_null()).count(),
        "errors": r["errors"],
    })
}

#[test]
fn a_built_copy_of_the_demo_shop_audits_like_the_served_site() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("www.demo-shop.test");
    copy_tree(&common::repo_path("fixtures/web/www.demo-shop.test"), &copy);
    let (code, served) = audit("http://www.demo-shop.test/", &[]);
    assert_eq!(code, 0);
    assert!(served["policy"]["url"].as_str().unwrap().ends_with("/privacy/"), "{}", served["policy"]);
    let want = outcome(&served, "/");
    assert!(want["findings"].as_array().unwrap().len() >= 5, "{want:#}");

    let folder = copy.to_str().unwrap();
    let root = url::Url::from_directory_path(std::fs::canonicalize(&copy).unwrap()).unwrap();
    // Root-relative links (/shop/, /privacy/) resolve against the folder's root, with or without --base-url.
    for extra in [vec![], vec!["--base-url", "http://www.demo-shop.test/"]] {
        let out = common::trackaudit().args(["audit", folder, "--format", "json"]).args(&extra).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        let published = if extra.is_empty() { root.path() } else { "/" };
        assert_eq!(outcome(&r, published), want, "{extra:?}: the folder audit differs from the URL audit");
        if extra.is_empty() {
            // Reported as the files they are: no made-up host anywhere in the report.
            assert_eq!(r["pages"][0]["url"], root.as_str());
            assert_eq!(r["policy"]["url"], root.join("privacy/").unwrap().as_str());
            let text = serde_json::to_string(&r).unwrap();
            assert!(!text.contains(".invalid"), "{text}");
            assert_eq!(r["site"], "www.demo-shop.test");
        } else {
            assert_eq!(r["site"], "demo-shop.test");
            assert_eq!(r["policy"]["url"], "http://www.demo-shop.test/privacy/");
        }
    }
}
