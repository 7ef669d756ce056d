//! `trackaudit policy` end to end: formats, the JSON contract, URLs through the local fixture server, and
//! bad input that must give a clear error without a panic.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::io::Write;

use common::trackaudit;
use fixture_server::Server;
use predicates::prelude::*;

fn stdout_of(args: &[&str]) -> String {
    let out = trackaudit().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_is_the_documented_contract() {
    let out = stdout_of(&["policy", "fixtures/policies/termly-list.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"], "fixtures/policies/termly-list.md");
    assert_eq!(v["format"], "markdown");
    assert!(v["words"].as_u64().unwrap() > 500);
    let vendor = &v["vendors"][0];
    for key in ["id", "name", "company", "category", "matched", "quote", "offset"] {
        assert!(!vendor[key].is_null(), "vendors[].{key}");
    }
    assert!(v["companies"].is_array());
    let cat = &v["categories"][0];
    for key in ["category", "matched", "quote", "offset"] {
        assert!(!cat[key].is_null(), "categories[].{key}");
    }
    let claim = &v["claims"][0];
    for key in ["kind", "quote", "offset"] {
        assert!(!claim[key].is_null(), "claims[].{key}");
    }
    // Offsets are byte offsets into the file for Markdown.
    let file = std::fs::read_to_string(common::repo_path("fixtures/policies/termly-list.md")).unwrap();
    let off = vendor["offset"].as_u64().unwrap() as usize;
    assert!(file[off..].starts_with(vendor["matched"].as_str().unwrap()));
}

#[test]
fn csv_and_table_and_markdown() {
    let csv = stdout_of(&["policy", "fixtures/policies/cookie-table.md", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("source,kind,id,name,company,category,matched,offset,quote"));
    assert!(csv.contains(",vendor,criteo,Criteo,"));
    assert!(csv.contains(",claim,no-selling,"));
    let table = stdout_of(&["policy", "fixtures/policies/cookie-table.md"]);
    assert!(table.contains("Vendors named (14)") && table.contains("“`cto_bundle` | Criteo |"), "{table}");
    assert!(!table.contains('\x1b'), "no colour when not a terminal");
    let md = stdout_of(&["policy", "fixtures/policies/cookie-table.md", "--format", "markdown"]);
    assert!(md.contains("| Vendor | Company | Category | Quote |"));
}

#[test]
fn input_format_override_and_text_dump() {
    // Read as plain text, the HTML page's markup is text: tags are not stripped.
    let out = stdout_of(&["policy", "fixtures/policies/html-page.html", "--input-format", "text", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "text");
    let text = stdout_of(&["policy", "fixtures/policies/html-page.html", "--text"]);
    assert!(text.contains("Criteo for retargeting"));
    assert!(!text.contains("<p>") && !text.contains("Hosted on Netlify"));
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    trackaudit()
        .args(["policy", "fixtures/policies/plain-prose.txt", "-f", "json", "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(v["vendors"][0]["id"], "segment");
}

#[test]
fn reads_policies_over_http_and_https() {
    let root = tempfile::tempdir().unwrap();
    let host = root.path().join("www.policy.test");
    std::fs::create_dir_all(&host).unwrap();
    std::fs::copy(common::repo_path("fixtures/policies/html-page.html"), host.join("privacy.html")).unwrap();
    std::fs::copy(common::repo_path("fixtures/policies/hard-wrapped.txt"), host.join("privacy.txt")).unwrap();
    let server = Server::serve_dir(root.path()).unwrap();
    let net = server.connect_to_args();

    let run = |url: &str| {
        let mut args = vec!["policy", url, "--format", "json", "--insecure"];
        args.extend(net.iter().map(String::as_str));
        let out = trackaudit().args(&args).assert().success().get_output().stdout.clone();
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()
    };
    let v = run("https://www.policy.test/privacy.html");
    assert_eq!(v["format"], "html");
    assert_eq!(v["source"], "https://www.policy.test/privacy.html");
    assert!(v["vendors"].as_array().unwrap().iter().any(|m| m["id"] == "criteo"));
    let v = run("http://www.policy.test/privacy.txt");
    assert_eq!(v["format"], "text");
    // A legacy-charset page declared in the HTTP header is decoded.
    let v = run("http://www.policy.test/__latin1");
    assert_eq!(v["format"], "html");
    let hits: Vec<_> = server.requests().iter().map(|r| r.host.clone()).collect();
    assert!(hits.iter().all(|h| h == "www.policy.test"), "{hits:?}");
}

#[test]
fn http_errors_are_clear() {
    let server = Server::serve_dir(tempfile::tempdir().unwrap().path()).unwrap();
    let net = server.connect_to_args();
    let fail = |url: &str, extra: &[&str], needle: &str| {
        let mut args = vec!["policy", url, "--insecure"];
        args.extend(net.iter().map(String::as_str));
        args.extend(extra);
        trackaudit()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(needle))
            .stderr(predicate::str::contains("panicked").not());
    };
    fail("http://www.policy.test/missing.html", &[], "answered HTTP 404");
    fail("http://www.policy.test/__status/500", &[], "answered HTTP 500");
    fail("http://www.policy.test/__loop/0", &[], "too many redirects");
    fail("http://www.policy.test/__hang", &["--timeout", "1"], "timed out after 1s");
    fail("http://www.policy.test/__huge/20", &[], "larger than the 16 MB limit");
    fail("ftp://www.policy.test/x", &[], "only http:// and https:// URLs");

    // Connection refused: a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    trackaudit()
        .args(["policy", "http://closed.test/privacy", "--connect-to", &format!("closed.test:80:127.0.0.1:{port}")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("connection refused by closed.test:80"));
}

#[test]
fn bad_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (dir.path().join("nope.txt").to_str().unwrap().to_string(), "cannot read"),
        (dir.path().to_str().unwrap().to_string(), "is a directory"),
        (write("policy.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "is a PDF document"),
        (write("blob.bin", &[0u8, 1, 2, 3, 0, 255, 7, 8]), "is binary data"),
        (write("empty.txt", b""), "contains no readable text"),
        (write("blank.md", b"   \n\n  \t\n"), "contains no readable text"),
        (write("only-markup.html", b"<html><body><script>var x=1</script></body></html>"), "contains no readable text"),
    ];
    for (path, needle) in cases {
        trackaudit()
            .args(["policy", &path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(needle).and(predicate::str::contains("panicked").not()));
    }
}

#[test]
fn vue_component_is_read_by_its_template() {
    // A Vue single-file component keeps all its text in <template>, which the HTML reader drops as inert
    // markup: this file used to fail with "contains no readable text".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("PrivacyPage.vue");
    std::fs::write(
        &path,
        "<script setup>\nconst hotjar = 'https://static.hotjar.com/c/hotjar-1.js'\n</script>\n\n<template>\n           <LegalLayout>\n    <h1>Privacy</h1>\n    <p>{{ company }} processes card payments with <RouterLink to=\"/stripe\">Stripe</RouterLink>.</p>\n             <template v-if=\"eu\"><p>We do not sell your personal information.</p></template>\n  </LegalLayout>\n</template>\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&["policy", path, "--format", "json"])).unwrap();
    assert_eq!(v["format"], "html");
    let vendors: Vec<&str> = v["vendors"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(vendors, ["stripe"], "Hotjar is only in <script>");
    assert_eq!(v["vendors"][0]["quote"], "processes card payments with Stripe.");
    assert_eq!(v["claims"][0]["kind"], "no-selling", "text inside a nested <template v-if> is read");
    let text = stdout_of(&["policy", path, "--text"]);
    assert!(!text.contains("{{") && !text.contains("hotjar") && !text.contains('<'), "{text}");

    // The fixture component, in the table.
    let table = stdout_of(&["policy", "fixtures/policies/templates/privacy.vue"]);
    assert!(table.contains("(html, ") && table.contains("Plausible Analytics"), "{table}");
    assert!(!table.contains("{{") && !table.contains("Hotjar"), "{table}");
}

#[test]
fn template_markdown_offsets_point_into_the_file() {
    let out = stdout_of(&["policy", "fixtures/policies/templates/jekyll-privacy.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "markdown");
    let file = std::fs::read_to_string(common::repo_path("fixtures/policies/templates/jekyll-privacy.md")).unwrap();
    for m in v["vendors"].as_array().unwrap() {
        let off = m["offset"].as_u64().unwrap() as usize;
        assert!(file[off..].starts_with(m["matched"].as_str().unwrap()), "{m}");
        assert!(!m["quote"].as_str().unwrap().contains("{%"), "{m}");
    }
    // --text keeps the file's length: Liquid tags and front matter are blanked, not removed.
    assert_eq!(stdout_of(&["policy", "fixtures/policies/templates/jekyll-privacy.md", "--text"]).len(), file.len());
}

#[test]
fn a_10_mb_policy_is_read_and_a_larger_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    let para = "We process personal data to provide the service, and we keep it only as long as we need it. \
                Our staff are trained, our systems are monitored, and access is limited to those who need it.\n\n";
    while f.metadata().unwrap().len() < 10 * 1024 * 1024 {
        f.write_all(para.as_bytes()).unwrap();
    }
    f.write_all(b"Finally, we use Hotjar to record sessions.\n").unwrap();
    drop(f);
    let out = trackaudit()
        .args(["policy", path.to_str().unwrap(), "-f", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["words"].as_u64().unwrap() > 1_500_000);
    assert_eq!(v["vendors"][0]["id"], "hotjar");
    trackaudit()
        .args(["policy", path.to_str().unwrap(), "--max-bytes", "1000000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is 10.0 MB, over the 1.0 MB limit for a policy; raise --max-bytes"));
}
