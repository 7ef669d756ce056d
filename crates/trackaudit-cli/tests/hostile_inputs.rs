//! Hostile and broken inputs that must stay bounded: folders whose symlinks lead out of them, web pages
//! linking `file:` and other non-web URLs, a policy on another domain, a 100 KB URL, and site lists that are
//! binary, empty, without a `url` column, with duplicates or with an unclosed quote.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use common::trackaudit;
use fixture_server::Server;
use serde_json::Value;

/// Length of the long URL's query.
const HUGE: usize = 100 * 1024;

/// The hosts of these tests, written to a temporary folder and served.
struct Web {
    server: Server,
    _dir: tempfile::TempDir,
}

fn write(root: &Path, rel: &str, body: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

const POLICY: &str = "<html><body><main><h1>Privacy Policy</h1><p>This privacy policy explains which personal \
    data we collect when you visit our website, why we process it and how long we keep it. We use Google \
    Analytics to measure visits; it sets cookies. You have the right to access, correct and delete your personal \
    data. Contact our data protection officer at privacy@example.test.</p></main></body></html>";

static WEB: LazyLock<Web> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let ga = r#"<script async src="https://www.googletagmanager.com/gtag/js?id=G-HOSTILE1"></script>"#;
    write(
        root,
        "www.offsite-policy.test/index.html",
        &format!(
            "<html><head>{ga}</head><body><main><a href=\"/about.html\">About</a></main><footer>\
             <a href=\"http://legal.policyhost.test/privacy.html\">Privacy Policy</a></footer></body></html>"
        ),
    );
    write(root, "www.offsite-policy.test/about.html", "<html><body><p>About us.</p></body></html>");
    write(root, "legal.policyhost.test/privacy.html", POLICY);
    write(
        root,
        "www.odd-links.test/index.html",
        "<html><body><a href=\"file:///etc/passwd\">passwd</a><a href=\"file:///index.html\">local</a>\
         <a href=\"data:text/html,<h1>hi</h1>\">data</a><a href=\"javascript:void(0)\">js</a>\
         <a href=\"mailto:ada@odd-links.test\">mail</a><a href=\"tel:+4912345\">call</a>\
         <a href=\"ftp://www.odd-links.test/pub/\">ftp</a><a href=\"blob:http://www.odd-links.test/x\">blob</a>\
         <a href=\"/about.html\">About</a></body></html>",
    );
    write(root, "www.odd-links.test/about.html", "<html><body><p>About.</p></body></html>");
    let long = "A".repeat(HUGE);
    write(
        root,
        "www.huge-url.test/index.html",
        &format!(
            "<html><head><title>{long}</title>\
             <script async src=\"https://www.googletagmanager.com/gtag/js?id=G-HUGE1&amp;x={long}\"></script>\
             <script src=\"https://cdn.unknown-widgets.test/w.js?{long}\"></script></head><body>\
             <img src=\"https://pixel.unknown-ads.test/p.gif?{long}\" width=\"1\" height=\"1\">\
             <a href=\"/page?x={long}\">more</a><a href=\"/privacy?x={long}\">Privacy Policy</a></body></html>"
        ),
    );
    let server = Server::serve_dir(root).expect("fixture server starts");
    Web { server, _dir: dir }
});

fn net() -> Vec<String> {
    let mut v = WEB.server.connect_to_args();
    v.extend(["--insecure".to_string(), "--timeout".to_string(), "5".to_string()]);
    v
}

/// `trackaudit audit TARGET --format FORMAT` through the fixture server: exit code and standard output.
fn audit(target: &str, format: &str, extra: &[&str]) -> (i32, String) {
    let out = trackaudit().args(["audit", target, "--format", format]).args(extra).args(net()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn audit_json(target: &str) -> Value {
    let (_, out) = audit(target, "json", &[]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn vendor_ids(r: &Value) -> Vec<String> {
    r["findings"].as_array().unwrap().iter().map(|f| f["vendor"]["id"].as_str().unwrap().to_string()).collect()
}

fn messages(r: &Value) -> Vec<String> {
    r["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap().to_string()).collect()
}

/// A built site whose symlinks lead out of it (to a file and a folder with trackers of their own), in a
/// loop, back to the folder itself, and to a page inside it.
#[cfg(unix)]
fn folder_with_symlinks() -> (tempfile::TempDir, PathBuf) {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().canonicalize().unwrap();
    let root = top.join("public");
    let hotjar = r#"<script src="https://static.hotjar.com/c/hotjar-3012345.js?sv=6"></script>"#;
    let pixel = r#"<script src="https://connect.facebook.net/en_US/fbevents.js"></script>"#;
    let ga = r#"<script async src="https://www.googletagmanager.com/gtag/js?id=G-INSIDE1"></script>"#;
    write(&top, "outside.html", &format!("<html><head>{hotjar}</head><body>outside</body></html>"));
    write(&top, "secret/index.html", &format!("<html><head>{pixel}</head><body>secret</body></html>"));
    let real = format!("{}/real.html", root.display());
    write(
        &root,
        "index.html",
        &format!(
            "<html><body><a href=\"file://{real}\">by path</a><a href=\"file:///etc/passwd\">passwd</a>\
         <a href=\"leak.html\">leak</a><a href=\"ext/\">ext</a><a href=\"a.html\">a</a>\
         <a href=\"loop/\">loop</a><a href=\"loop/loop/real.html\">deep</a><a href=\"sub/alias.html\">alias</a>\
         <a href=\"real.html\">real</a><a href=\"real\">pretty URL</a></body></html>"
        ),
    );
    write(&root, "real.html", &format!("<html><head>{ga}</head><body><a href=\"loop/\">again</a></body></html>"));
    std::fs::create_dir_all(root.join("sub")).unwrap();
    let outside = top.join("outside.html");
    let links: [(&str, &Path); 6] = [
        ("leak.html", &outside),
        ("ext", Path::new("../secret")),
        ("a.html", Path::new("b.html")),
        ("b.html", Path::new("a.html")),
        ("loop", Path::new(".")),
        ("sub/alias.html", Path::new("../real.html")),
    ];
    for (link, target) in links {
        symlink(target, root.join(link)).unwrap();
    }
    (dir, root)
}

#[cfg(unix)]
#[test]
fn folder_audits_read_nothing_outside_the_folder_and_each_file_once() {
    let (_dir, root) = folder_with_symlinks();
    let out = trackaudit().args(["audit", root.to_str().unwrap(), "--format", "json"]).output().unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = vendor_ids(&r);
    assert!(!ids.iter().any(|v| v.contains("hotjar")), "the file outside the folder was read: {ids:?}");
    assert!(!ids.iter().any(|v| v.contains("facebook") || v.contains("meta")), "the folder outside was read: {ids:?}");
    assert!(ids.iter().any(|v| v.contains("google-analytics")), "the page inside is audited: {ids:?}");
    let errors = messages(&r);
    let has = |needle: &[&str]| errors.iter().any(|m| needle.iter().all(|n| m.contains(n)));
    assert!(has(&["skipped", "leak.html", "outside.html", "outside the folder"]), "{errors:?}");
    assert!(has(&["skipped", "ext", "../secret", "outside the folder"]), "{errors:?}");
    assert!(has(&["a.html", "symlink loop"]), "{errors:?}");
    // Every file read once: the home page and real.html, however many URLs lead to them.
    let pages = r["pages"].as_array().unwrap();
    let read: Vec<&str> = pages
        .iter()
        .filter(|p| p["error"].is_null())
        .map(|p| p["final_url"].as_str().or(p["url"].as_str()).unwrap())
        .collect();
    assert_eq!(read.len(), 2, "{pages:#?}");
    assert!(read.iter().any(|u| u.ends_with("/public/")) && read.iter().any(|u| u.ends_with("/real.html")), "{read:?}");
    let ga = r["findings"].as_array().unwrap().iter().find(|f| f["vendor"]["id"] == "google-analytics").unwrap();
    let on: Vec<&str> = ga["evidence"].as_array().unwrap().iter().map(|e| e["page"].as_str().unwrap()).collect();
    assert!(on.iter().all(|p| p.ends_with("/real.html")), "evidence from one page only: {on:?}");
    assert!(pages.len() < 12, "the loop does not multiply pages: {pages:#?}");
    assert!(!pages.iter().any(|p| p["url"].as_str().unwrap().contains("/etc/")), "{pages:#?}");
}

#[test]
fn web_pages_queue_only_web_links() {
    let r = audit_json("http://www.odd-links.test/");
    let urls: Vec<&str> = r["pages"].as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert!(urls.contains(&"http://www.odd-links.test/about.html"), "{urls:?}");
    assert!(urls.iter().all(|u| u.starts_with("http://")), "only web pages are queued: {urls:?}");
    let requested: Vec<String> = WEB.server.requests().iter().map(fixture_server::RequestRecord::url).collect();
    assert!(!requested.iter().any(|u| u.contains("/pub/")), "no ftp URL is fetched over http: {requested:?}");
}

#[test]
fn an_off_site_policy_is_fetched_once_and_not_called_a_redirect() {
    let r = audit_json("http://www.offsite-policy.test/");
    assert_eq!(r["policy"]["url"], "http://legal.policyhost.test/privacy.html", "{:#}", r["policy"]);
    let found_by = r["policy"]["found_by"].as_str().unwrap();
    assert!(found_by.starts_with("footer link \"Privacy Policy\""), "{found_by}");
    let text = serde_json::to_string(&r).unwrap();
    assert!(!text.contains("redirected off-site"), "nothing redirected: {:#}", r["pages"]);
    let fetched =
        WEB.server.requests().iter().filter(|q| q.url().ends_with("legal.policyhost.test/privacy.html")).count();
    assert_eq!(fetched, 1, "the policy is fetched once");
    assert_eq!(vendor_ids(&r), ["google-analytics"]);
    assert_eq!(r["findings"][0]["verdict"], "disclosed");
}

/// The longest string anywhere in a JSON value, in characters.
fn longest_string(v: &Value) -> usize {
    match v {
        Value::String(s) => s.chars().count(),
        Value::Array(a) => a.iter().map(longest_string).max().unwrap_or(0),
        Value::Object(o) => o.iter().map(|(k, v)| k.chars().count().max(longest_string(v))).max().unwrap_or(0),
        _ => 0,
    }
}

/// The longest run of `A`s (the long URL's query) in a text.
fn longest_run(text: &str) -> usize {
    text.split(|c| c != 'A').map(str::len).max().unwrap_or(0)
}

#[test]
fn a_100_kb_url_is_capped_in_every_format_and_in_the_database() {
    // Before the caps: 1.5 MB of JSON, 1.1 MB of Markdown, 300 KB of CSV for this one page.
    use trackaudit::model::bounds::{MAX_RUN_CHARS, MAX_TEXT_CHARS};
    let target = "http://www.huge-url.test/";
    let r = audit_json(target);
    assert!(longest_string(&r) <= MAX_TEXT_CHARS, "a JSON string over the cap");
    let pages: Vec<&str> = r["pages"].as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert!(pages.iter().any(|u| u.contains("truncated, ") && u.contains("sha256:")), "{pages:?}");
    assert!(pages.iter().all(|u| u.chars().count() <= MAX_RUN_CHARS));
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.len() < 64 * 1024, "the report stays small: {} bytes", json.len());
    assert!(vendor_ids(&r).contains(&"google-analytics".to_string()), "the long tag is still attributed");
    for format in ["csv", "markdown", "table"] {
        let (code, out) = audit(target, format, &[]);
        assert!(
            code != 2 && out.to_lowercase().contains("google analytics"),
            "{format}: the report is written ({code}): {out}"
        );
        assert!(longest_run(&out) < MAX_RUN_CHARS, "{format}: a run of {} chars", longest_run(&out));
        assert!(out.len() < 128 * 1024, "{format}: {} bytes", out.len());
        if format == "csv" {
            let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(out.as_bytes());
            for record in reader.records() {
                assert!(record.unwrap().iter().all(|cell| cell.chars().count() <= MAX_TEXT_CHARS));
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(&list, format!("{target}\n")).unwrap();
    let db = dir.path().join("history.sqlite");
    let out = trackaudit().arg("scan").arg(&list).arg("--db").arg(&db).arg("-q").args(net()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: i64 = conn.query_row("SELECT max(length(report)) FROM site_results", [], |row| row.get(0)).unwrap();
    assert!(stored > 0 && stored < 64 * 1024, "stored report: {stored} bytes");
}

/// `trackaudit scan LIST` of a list with these bytes: exit code and standard error.
fn scan_list(name: &str, bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join(name);
    std::fs::write(&list, bytes).unwrap();
    let out = trackaudit().arg("scan").arg(&list).args(["--format", "jsonl", "-q"]).args(net()).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn bad_site_lists_are_one_clear_error_with_exit_code_2() {
    let mut binary = b"\x7fELF\x02\x01\x01\x00".to_vec();
    binary.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    let cases: [(&str, &[u8], &str); 5] = [
        ("sites.bin", &binary, "binary data"),
        ("sites.txt", b"# nothing yet\n\n", "no sites to scan"),
        ("sites.csv", b"owner,address\nAda,http://www.odd-links.test/\n", "no `url` column"),
        ("one.csv", b"address\nhttp://www.odd-links.test/\n", "no `url` column"),
        ("quotes.csv", b"owner,url\n\"Ada,http://www.odd-links.test/\nBo,http://x.test/\n", "line 2: a quote"),
    ];
    for (name, bytes, expected) in cases {
        let (code, stderr) = scan_list(name, bytes);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{name}: one message: {stderr}");
    }
}

#[test]
fn duplicate_sites_are_scanned_once_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(&list, "http://www.odd-links.test/\nhttp://WWW.odd-links.test\nhttp://www.odd-links.test/#x\n")
        .unwrap();
    let out = trackaudit().arg("scan").arg(&list).args(["--format", "jsonl", "-q"]).args(net()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 duplicate site(s) in the list, each scanned once"), "{stderr}");
    assert!(stderr.contains("line 2 repeats line 1"), "{stderr}");
    let rows = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(rows, 1, "one row for the site");
}
