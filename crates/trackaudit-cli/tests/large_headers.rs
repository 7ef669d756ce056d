//! Responses with more headers than the client accepts are still audited: fetched again through the
//! large-header fallback and recorded with the headers that fit (issue 10). Loopback only, against the
//! fixture server's raw listener, which speaks TLS too on the same port.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::trackaudit;
use fixture_server::Server;
use serde_json::Value;
use trackaudit::fetch::{FetchConfig, FetchError, Fetcher, HostRule, MAX_HEAD_KIB, MAX_HEADERS};
use url::Url;

const NOTE: &str = "response headers over the limit of 1,000 headers and 408 KiB: kept 1,000 of 10,002 (";

fn audit_json(url: &str, args: &[&str]) -> Value {
    let out = trackaudit()
        .args(["audit", url, "--format", "json", "--engine", "static", "--timeout", "20", "--ignore-robots"])
        .args(["--max-pages", "1"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
}

/// The audited page of the 10,000-cookie response: read, with its tag, the note and the cookies that fit.
fn assert_cookies_page_audited(report: &Value) {
    let page = &report["pages"][0];
    assert!(page["url"].as_str().is_some_and(|u| u.ends_with("/__raw/cookies-10k")), "{page:#}");
    assert!(page["error"].is_null(), "the page is read: {page:#}");
    assert_eq!(page["status"], 200, "{page:#}");
    let warnings: Vec<&str> = page["warnings"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(warnings.iter().any(|w| w.starts_with(NOTE) && w.ends_with("the rest were dropped")), "{warnings:?}");
    let text = report.to_string();
    assert!(text.contains("G-COOKIES10K"), "the page's own tag is found: {report:#}");
    // `_ga` is the first Set-Cookie (kept), `_gcl_au` the last (dropped).
    assert!(text.contains("Set-Cookie _ga"), "a kept cookie is observed: {report:#}");
    assert!(!text.contains("_gcl_au"), "a dropped cookie is not: {report:#}");
}

#[test]
fn a_page_with_10000_cookies_is_audited_with_the_headers_that_fit() {
    let server = Server::start(fixture_server::Options::default()).unwrap();
    let raw = server.raw_port().unwrap();
    let resolve = format!("www.raw.test:{raw}:127.0.0.1");
    let report = audit_json(&format!("http://www.raw.test:{raw}/__raw/cookies-10k"), &["--resolve", &resolve]);
    assert_cookies_page_audited(&report);
    // The same over TLS (the raw listener's throw-away certificate, so --insecure).
    let report =
        audit_json(&format!("https://www.raw.test:{raw}/__raw/cookies-10k"), &["--resolve", &resolve, "--insecure"]);
    assert_cookies_page_audited(&report);
}

fn fetcher(raw: u16, insecure: bool) -> Fetcher {
    Fetcher::new(FetchConfig {
        rules: vec![HostRule::parse_resolve(&format!("www.raw.test:{raw}:127.0.0.1")).unwrap()],
        accept_invalid_certs: insecure,
        timeout: std::time::Duration::from_secs(20),
        ..FetchConfig::default()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fallback_keeps_the_first_headers_and_drops_the_rest_over_http_and_https() {
    let server = Server::start(fixture_server::Options::default()).unwrap();
    let raw = server.raw_port().unwrap();
    for scheme in ["http", "https"] {
        let f = fetcher(raw, scheme == "https");
        let url = Url::parse(&format!("{scheme}://www.raw.test:{raw}/__raw/cookies-10k")).unwrap();
        let r = f.get(&url).await.unwrap_or_else(|e| panic!("{scheme}: {e}"));
        assert_eq!(r.status, 200);
        assert!(String::from_utf8_lossy(&r.body).contains("Ten thousand cookies."), "{scheme}: the body is read");
        assert_eq!(r.content_type.as_deref(), Some("text/html"));
        let cookies = &r.hops.last().unwrap().set_cookies;
        assert!(cookies.len() <= MAX_HEADERS, "{scheme}: {} cookies kept", cookies.len());
        assert_eq!(cookies.len(), MAX_HEADERS - 1, "{scheme}: Content-Type and 999 cookies");
        assert_eq!(
            &cookies[..3],
            ["_ga=0; Path=/", "c1=1; Path=/", "c2=2; Path=/"],
            "{scheme}: the first ones, in order"
        );
        assert!(!cookies.iter().any(|c| c.starts_with("_gcl_au=")), "{scheme}: the last one is dropped");
        assert_eq!(r.headers, vec![("content-type".to_string(), "text/html".to_string())], "{scheme}");
        assert_eq!(r.warnings.len(), 1, "{scheme}: {:?}", r.warnings);
        assert!(r.warnings[0].starts_with(NOTE), "{scheme}: {:?}", r.warnings);
        // Two requests: the one reqwest refused and the fallback's.
        assert_eq!(f.requests_sent(), 2, "{scheme}");

        // One header of 1 MiB: over the size limit; it is dropped, the small ones are kept.
        let url = Url::parse(&format!("{scheme}://www.raw.test:{raw}/__raw/header-1mb")).unwrap();
        let r = f.get(&url).await.unwrap_or_else(|e| panic!("{scheme}: {e}"));
        assert!(String::from_utf8_lossy(&r.body).contains("One header of 1 MiB."), "{scheme}");
        assert!(r.headers.iter().any(|(n, v)| n == "content-type" && v == "text/html"), "{scheme}: {:?}", r.headers);
        assert!(r.headers.iter().any(|(n, _)| n == "content-length"), "{scheme}: {:?}", r.headers);
        assert!(!r.headers.iter().any(|(n, _)| n == "x-big"), "{scheme}");
        assert!(r.warnings[0].contains("kept 2 of 3"), "{scheme}: {:?}", r.warnings);

        // 5 MiB is over the fallback's 4 MiB too: the original error stands.
        let url = Url::parse(&format!("{scheme}://www.raw.test:{raw}/__raw/header-5mb")).unwrap();
        match f.get(&url).await {
            Err(FetchError::HeadersTooLarge { count, kib, .. }) => {
                assert_eq!((count, kib), (MAX_HEADERS, MAX_HEAD_KIB));
            }
            other => panic!("{scheme}: expected HeadersTooLarge, got {other:?}"),
        }
    }
}
