//! Virtual hosts, static files, `_redirects`, `_headers`, HTTPS.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::{get, http_client, https_client, raw_request, site_tree};
use fixture_server::Server;
use reqwest::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};

const HOSTS: &[&str] =
    &["www.site.test", "other.test", "nowhere.test", "www.google-analytics.com", "x.test", "www.x.test"];

fn tree() -> tempfile::TempDir {
    site_tree(&[
        ("www.site.test/index.html", "<h1>site home</h1>"),
        ("www.site.test/about.html", "<h1>about</h1>"),
        ("www.site.test/plain", "plain file"),
        ("www.site.test/docs/index.html", "<h1>docs index</h1>"),
        ("www.site.test/docs/guide.md", "# guide"),
        ("www.site.test/app.js", "console.log(1)"),
        ("www.site.test/data.json", "{}"),
        ("www.site.test/blob.bin", "\u{1}"),
        ("www.site.test/404.html", "<h1>custom not found</h1>"),
        ("www.site.test/caf\u{e9}.html", "accented"),
        (
            "www.site.test/_redirects",
            "# comment\n/old /about 301\n/temp /about.html 302\n/keep /about 307\n/perm /about 308\n\
             /blog/* /news/:splat 301\n/away http://other.test/landing 302\n/spa/* /index.html 200\n",
        ),
        (
            "www.site.test/_headers",
            "/*\n  X-Frame-Options: DENY\n/\n  Set-Cookie: _ga=GA1.1.123; Path=/; Max-Age=63072000\n  Set-Cookie: session=abc; Path=/; HttpOnly\n\
             /data.json\n  Content-Type: text/plain\n",
        ),
        ("other.test/index.html", "<h1>other home</h1>"),
        ("other.test/_headers", "# a block for the file behind `/`\n/index.html\n\tSet-Cookie: idx=1\n"),
        ("www.google-analytics.com/analytics.js", "/* ga */"),
        ("_default/index.html", "<h1>default host</h1>"),
        ("x.test/_redirects", "/* https://www.x.test/:splat 301\n"),
        ("www.x.test/_redirects", "/* https://www.x.test/:splat 301!\n"),
        ("www.x.test/index.html", "<h1>x home</h1>"),
    ])
}

#[tokio::test]
async fn hosts_pick_their_folder() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, HOSTS);
    assert_eq!(get(&c, "http://www.site.test/").await, (200, "<h1>site home</h1>".into()));
    assert_eq!(get(&c, "http://other.test/").await, (200, "<h1>other home</h1>".into()));
    assert_eq!(get(&c, "http://www.google-analytics.com/analytics.js").await, (200, "/* ga */".into()));
    // No folder: the _default folder answers.
    assert_eq!(get(&c, "http://nowhere.test/").await, (200, "<h1>default host</h1>".into()));
}

#[tokio::test]
async fn unknown_host_without_default_is_404() {
    let dir = site_tree(&[("www.site.test/index.html", "home")]);
    let server = Server::serve_dir(dir.path()).unwrap();
    let (status, body) = get(&http_client(&server, HOSTS), "http://nowhere.test/").await;
    assert_eq!(status, 404);
    assert!(body.contains("nowhere.test"), "{body}");
}

#[tokio::test]
async fn paths_resolve_without_redirects() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, HOSTS);
    for (path, body) in [
        ("/about", "<h1>about</h1>"),
        ("/about.html", "<h1>about</h1>"),
        ("/plain", "plain file"),
        ("/docs", "<h1>docs index</h1>"),
        ("/docs/", "<h1>docs index</h1>"),
        ("/docs/index.html", "<h1>docs index</h1>"),
        ("/caf%C3%A9.html", "accented"),
        ("/?utm_source=x", "<h1>site home</h1>"),
    ] {
        assert_eq!(get(&c, &format!("http://www.site.test{path}")).await, (200, body.to_owned()), "{path}");
    }
}

#[tokio::test]
async fn content_types_follow_extensions() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, HOSTS);
    for (path, ty) in [
        ("/about.html", "text/html; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/docs/guide.md", "text/markdown; charset=utf-8"),
        ("/blob.bin", "application/octet-stream"),
        ("/plain", "application/octet-stream"),
        // Overridden in _headers.
        ("/data.json", "text/plain"),
    ] {
        let resp = c.get(format!("http://www.site.test{path}")).send().await.unwrap();
        assert_eq!(resp.headers()[CONTENT_TYPE], ty, "{path}");
        assert_eq!(resp.headers().get_all(CONTENT_TYPE).iter().count(), 1);
    }
}

#[tokio::test]
async fn missing_files_use_404_html() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, HOSTS);
    assert_eq!(get(&c, "http://www.site.test/nope").await, (404, "<h1>custom not found</h1>".into()));
    let (status, body) = get(&c, "http://other.test/nope").await;
    assert_eq!(status, 404);
    assert!(body.contains("/nope"), "{body}");
    // The rule files are never served.
    assert_eq!(get(&c, "http://www.site.test/_headers").await.0, 404);
    assert_eq!(get(&c, "http://www.site.test/_redirects").await.0, 404);
}

#[tokio::test]
async fn head_has_headers_but_no_body() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, HOSTS);
    let resp = c.head("http://www.site.test/about").send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-length"], "14");
    assert_eq!(resp.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(resp.bytes().await.unwrap().len(), 0);
    // The connection stays usable after a HEAD.
    assert_eq!(get(&c, "http://www.site.test/about").await.0, 200);
}

#[test]
fn traversal_is_refused() {
    let dir = tree();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let server = Server::serve_dir(dir.path()).unwrap();
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/docs/../../secret.txt", "/..%2fsecret.txt"] {
        let req = format!("GET {path} HTTP/1.1\r\nHost: www.site.test\r\nConnection: close\r\n\r\n");
        let resp = String::from_utf8_lossy(&raw_request(server.http_addr(), &req).unwrap()).into_owned();
        assert!(resp.starts_with("HTTP/1.1 400"), "{path}: {resp}");
        assert!(!resp.contains("secret\n") && !resp.ends_with("secret"), "{path}: {resp}");
    }
    // A host name cannot climb out of the root either.
    let req = "GET /secret.txt HTTP/1.1\r\nHost: ..\r\nConnection: close\r\n\r\n";
    let resp = String::from_utf8_lossy(&raw_request(server.http_addr(), req).unwrap()).into_owned();
    assert!(!resp.starts_with("HTTP/1.1 200"), "{resp}");
}

#[tokio::test]
async fn https_serves_the_same_tree() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = https_client(&server, HOSTS);
    assert_eq!(get(&c, "https://www.site.test/about").await, (200, "<h1>about</h1>".into()));
    assert_eq!(get(&c, "https://www.google-analytics.com/analytics.js").await, (200, "/* ga */".into()));
    assert!(server.ca_cert_pem().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
}

#[tokio::test]
async fn https_certificate_verifies_against_the_ca() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let ca = reqwest::Certificate::from_pem(server.ca_cert_pem().unwrap().as_bytes()).unwrap();
    let c = reqwest::Client::builder()
        .tls_certs_only([ca])
        .resolve("localhost", server.https_addr().unwrap())
        .build()
        .unwrap();
    // Verified against the CA; there is no `localhost` folder, so `_default` answers.
    assert_eq!(get(&c, "https://localhost/").await, (200, "<h1>default host</h1>".into()));
}

#[tokio::test]
async fn redirects_file() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, HOSTS);
    for (path, status, location) in [
        ("/old", 301, "/about"),
        ("/temp", 302, "/about.html"),
        ("/keep", 307, "/about"),
        ("/perm", 308, "/about"),
        ("/old?x=1", 301, "/about?x=1"),
        ("/blog/2024/post", 301, "/news/2024/post"),
        ("/away", 302, "http://other.test/landing"),
    ] {
        let resp = c.get(format!("http://www.site.test{path}")).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), status, "{path}");
        assert_eq!(resp.headers()[LOCATION], location, "{path}");
        // _headers apply to redirects too.
        assert_eq!(resp.headers()["x-frame-options"], "DENY");
    }
    // Status 200 rewrites: the URL stays, another file is served.
    assert_eq!(get(&c, "http://www.site.test/spa/any/route").await, (200, "<h1>site home</h1>".into()));
}

#[tokio::test]
async fn splat_redirect_to_canonical_https_host() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let (http, https) = (http_client(&server, HOSTS), https_client(&server, HOSTS));
    let resp = http.get("http://x.test/a/b?c=d").send().await.unwrap();
    assert_eq!(resp.status(), 301);
    assert_eq!(resp.headers()[LOCATION], "https://www.x.test/a/b?c=d");
    // The canonical host redirects http to https …
    let resp = http.get("http://www.x.test/").send().await.unwrap();
    assert_eq!(resp.status(), 301);
    assert_eq!(resp.headers()[LOCATION], "https://www.x.test/");
    // … and does not loop on https.
    assert_eq!(get(&https, "https://www.x.test/").await, (200, "<h1>x home</h1>".into()));
}

#[tokio::test]
async fn headers_file_sets_several_cookies() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, HOSTS);
    let cookies = |resp: &reqwest::Response| -> Vec<String> {
        resp.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
    };
    let resp = c.get("http://www.site.test/").send().await.unwrap();
    assert_eq!(cookies(&resp), ["_ga=GA1.1.123; Path=/; Max-Age=63072000", "session=abc; Path=/; HttpOnly"]);
    assert_eq!(resp.headers()["x-frame-options"], "DENY");
    // A block for `/index.html` applies to `/`, which serves that file, and to the file itself.
    for url in ["http://other.test/", "http://other.test/index.html"] {
        assert_eq!(cookies(&c.get(url).send().await.unwrap()), ["idx=1"], "{url}");
    }
    let resp = c.get("http://www.site.test/about").send().await.unwrap();
    assert_eq!(resp.headers().get_all(SET_COOKIE).iter().count(), 0);
    assert_eq!(resp.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn files_added_after_start_are_served() {
    let dir = tree();
    let server = Server::serve_dir(dir.path()).unwrap();
    common::write(dir.path(), "late.test/index.html", b"late");
    common::write(dir.path(), "late.test/_redirects", b"/x /y 302\n");
    let c = http_client(&server, &["late.test"]);
    assert_eq!(get(&c, "http://late.test/").await, (200, "late".into()));
    assert_eq!(c.get("http://late.test/x").send().await.unwrap().status(), 302);
}
