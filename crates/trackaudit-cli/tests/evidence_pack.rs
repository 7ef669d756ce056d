//! `audit --evidence DIR`: the reports, each policy document as fetched, (with Chromium) the PDF,
//! screenshots and HAR, and a manifest with every file's SHA-256, the tool version and the vendor database's
//! hash, so that the pack can be checked later (and tampering is noticed).
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::path::Path;

use common::{have_chrome, repo_path, trackaudit};
use fixture_server::Server;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Every file the manifest lists exists with its hash and size, and SHA256SUMS agrees (the manifest too).
fn check_hashes(dir: &Path, m: &Value) {
    let files = m["files"].as_array().unwrap();
    for f in files {
        let bytes = std::fs::read(dir.join(f["path"].as_str().unwrap())).unwrap();
        assert_eq!(f["sha256"].as_str().unwrap(), sha256(&bytes), "{f}");
        assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64);
    }
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), files.len() + 1);
    let manifest_sum = format!("{}  manifest.json", sha256(&std::fs::read(dir.join("manifest.json")).unwrap()));
    assert!(sums.lines().any(|l| l == manifest_sum), "{sums}");
}

#[test]
fn a_folder_audit_files_its_reports_and_the_policy_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    let out = trackaudit()
        .args(["audit", "fixtures/web/www.demo-shop.test", "--format", "json", "--evidence"])
        .arg(&pack)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("evidence pack in"), "the pack is announced");
    let m = manifest(&pack);
    assert_eq!(m["tool"], "trackaudit");
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["target"], "fixtures/web/www.demo-shop.test");
    let vendors_toml = std::fs::read(repo_path("vendors.toml")).unwrap();
    assert_eq!(
        m["vendor_database_sha256"].as_str().unwrap(),
        sha256(&vendors_toml),
        "the built-in vendors.toml's hash"
    );
    let paths: Vec<&str> = m["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["report.json", "report.html", "policies/1-privacy-policy.html"]);
    let policy = &m["files"][2];
    assert!(policy["source"].as_str().unwrap().ends_with("/www.demo-shop.test/privacy/"), "{policy}");
    assert_eq!(
        std::fs::read(pack.join("policies/1-privacy-policy.html")).unwrap(),
        std::fs::read(repo_path("fixtures/web/www.demo-shop.test/privacy/index.html")).unwrap(),
        "the policy exactly as read"
    );
    // The pack's JSON report is the report printed (timestamps and all).
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let filed: Value = serde_json::from_str(&std::fs::read_to_string(pack.join("report.json")).unwrap()).unwrap();
    assert_eq!(printed, filed);
    check_hashes(&pack, &m);

    // A changed file no longer matches.
    std::fs::write(pack.join("policies/1-privacy-policy.html"), "<p>We never track.</p>").unwrap();
    let problems = trackaudit::evidence::verify(&pack).unwrap();
    assert_eq!(problems, ["policies/1-privacy-policy.html: its SHA-256 differs from the manifest's"]);
}

#[test]
fn an_unwritable_pack_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = trackaudit()
        .args(["audit", "fixtures/web/www.demo-shop.test", "--format", "json", "--evidence"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write the evidence pack"), "{stderr}");
}

#[test]
fn with_chromium_the_pack_holds_the_pdf_screenshots_and_har_and_the_html_embeds_the_screenshots() {
    if !have_chrome() {
        return;
    }
    let server = Server::serve_dir(repo_path("fixtures/web")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    let out = trackaudit()
        .args(["audit", "http://www.demo-shop.test/", "--engine", "chrome", "--format", "json", "--insecure"])
        .args(server.connect_to_args())
        .arg("--evidence")
        .arg(&pack)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = manifest(&pack);
    check_hashes(&pack, &m);
    let files = m["files"].as_array().unwrap();
    let what = |w: &str| files.iter().filter(|f| f["what"] == w).count();
    let pages_read = report["pages"].as_array().unwrap().iter().filter(|p| p["error"].is_null()).count();
    assert_eq!(what("screenshot"), pages_read, "a screenshot per page read: {files:?}");
    assert_eq!(what("har"), 1, "a HAR for the one consent state");
    assert!(std::fs::read(pack.join("report.pdf")).unwrap().starts_with(b"%PDF-"));
    let policy = files.iter().find(|f| f["what"] == "privacy-policy").expect("the policy is filed");
    assert_eq!(policy["rendered_dom"], true, "the browser's DOM is marked as such");
    // The HTML report embeds each screenshot once, as data, and the vendor cards point at them.
    let html = std::fs::read_to_string(pack.join("report.html")).unwrap();
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), pages_read);
    assert!(html.contains("href=\"#shot-1\""), "a card links to its page's screenshot");
}

#[test]
fn a_scan_writes_one_pack_per_site_and_a_failed_site_gets_one_too() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    let shop = repo_path("fixtures/web/www.demo-shop.test");
    let news = repo_path("fixtures/web/www.gtm-news.test");
    let missing = dir.path().join("no-such-site");
    std::fs::write(&list, format!("{}\n{}\n{}\n", shop.display(), news.display(), missing.display())).unwrap();
    let packs = dir.path().join("packs");
    let out = trackaudit().arg("scan").arg(&list).arg("--quiet").arg("--evidence").arg(&packs).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("3 evidence pack(s)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> =
        std::fs::read_dir(&packs).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    for name in &names {
        let pack = packs.join(name);
        let m = manifest(&pack);
        check_hashes(&pack, &m);
    }
    let shop_pack = packs.join("www.demo-shop.test");
    assert!(shop_pack.join("policies/1-privacy-policy.html").is_file(), "{names:?}");
    assert_eq!(manifest(&shop_pack)["site"], "www.demo-shop.test");
}
