//! The fault routes, on every host.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::time::{Duration, Instant};

use common::{builder, get, http_client, https_client, raw_request};
use fixture_server::{Options, Server};
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};

const HOSTS: &[&str] = &["any.test", "www.google-analytics.com"];

fn server() -> Server {
    // No root at all: fault routes work on every host anyway.
    Server::start(Options::default()).unwrap()
}

#[tokio::test]
async fn status_route() {
    let server = server();
    let c = http_client(&server, HOSTS);
    for code in [200u16, 204, 403, 404, 410, 429, 500, 503] {
        let resp = c.get(format!("http://any.test/__status/{code}")).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), code);
        assert!(resp.bytes().await.unwrap().is_empty());
    }
    assert_eq!(get(&c, "http://any.test/__status/42").await.0, 400);
    assert_eq!(get(&c, "http://any.test/__status/abc").await.0, 400);
    let https = https_client(&server, HOSTS);
    assert_eq!(get(&https, "https://www.google-analytics.com/__status/503").await.0, 503);
}

#[tokio::test]
async fn slow_route() {
    let server = server();
    let c = http_client(&server, HOSTS);
    let t = Instant::now();
    let (status, body) = get(&c, "http://any.test/__slow/300").await;
    assert!(t.elapsed() >= Duration::from_millis(300), "{:?}", t.elapsed());
    assert_eq!(status, 200);
    assert!(body.contains("<html>"), "{body}");
}

#[tokio::test]
async fn hang_route_times_out_the_client() {
    let server = server();
    let c = builder(server.http_addr(), HOSTS).timeout(Duration::from_millis(400)).build().unwrap();
    let t = Instant::now();
    let err = c.get("http://any.test/__hang").send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(t.elapsed() < Duration::from_secs(5));
    // The server keeps serving others.
    assert_eq!(get(&http_client(&server, HOSTS), "http://any.test/__status/200").await.0, 200);
}

#[tokio::test]
async fn drop_route_closes_without_answer() {
    let server = server();
    let c = http_client(&server, HOSTS);
    let err = c.get("http://any.test/__drop").send().await.unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    let err = https_client(&server, HOSTS).get("https://any.test/__drop").send().await.unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    // On the wire: the connection ends with no bytes at all.
    let addr = server.http_addr();
    let raw = tokio::task::spawn_blocking(move || raw_request(addr, "GET /__drop HTTP/1.1\r\nHost: any.test\r\n\r\n"))
        .await
        .unwrap();
    assert!(raw.map_or(true, |bytes| bytes.is_empty()));
}

#[tokio::test]
async fn loop_route_redirects_forever() {
    let server = server();
    let c = http_client(&server, HOSTS);
    let resp = c.get("http://any.test/__loop/5").send().await.unwrap();
    assert_eq!(resp.status(), 302);
    assert_eq!(resp.headers()[LOCATION], "/__loop/6");
    let following =
        builder(server.http_addr(), HOSTS).redirect(reqwest::redirect::Policy::limited(10)).build().unwrap();
    let err = following.get("http://any.test/__loop/0").send().await.unwrap_err();
    assert!(err.is_redirect(), "{err:?}");
}

#[tokio::test]
async fn huge_route_streams_exact_size() {
    let server = server();
    let c = http_client(&server, HOSTS);
    let mut resp = c.get("http://any.test/__huge/3").send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()[CONTENT_LENGTH], (3u64 << 20).to_string().as_str());
    assert_eq!(resp.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    let (mut total, mut chunks, mut last) = (0usize, 0usize, Vec::new());
    while let Some(chunk) = resp.chunk().await.unwrap() {
        total += chunk.len();
        chunks += 1;
        last = chunk.to_vec();
    }
    assert_eq!(total, 3 << 20);
    assert!(chunks > 10, "{chunks} chunks");
    assert!(String::from_utf8(last).unwrap().contains("</body></html>"));
    let head = c.head("http://any.test/__huge/2").send().await.unwrap();
    assert_eq!(head.headers()[CONTENT_LENGTH], (2u64 << 20).to_string().as_str());
    assert_eq!(get(&c, "http://any.test/__huge/x").await.0, 400);
}

#[tokio::test]
async fn latin1_route() {
    let server = server();
    let c = http_client(&server, HOSTS);
    let resp = c.get("http://any.test/__latin1").send().await.unwrap();
    assert_eq!(resp.headers()[CONTENT_TYPE], "text/html; charset=windows-1252");
    let bytes = resp.bytes().await.unwrap();
    for b in [0xE9u8, 0xFC, 0x92, 0x93, 0x94] {
        assert!(bytes.contains(&b), "byte {b:#x} missing");
    }
    assert!(std::str::from_utf8(&bytes).is_err());
    let resp = c.get("http://any.test/__latin1/meta").send().await.unwrap();
    assert_eq!(resp.headers()[CONTENT_TYPE], "text/html");
    let bytes = resp.bytes().await.unwrap();
    assert!(bytes.windows(29).any(|w| w == b"<meta charset=\"windows-1252\">"));
}

#[tokio::test]
async fn gzip_route() {
    let server = server();
    let raw = builder(server.http_addr(), HOSTS).no_gzip().build().unwrap();
    let resp = raw.get("http://any.test/__gzip").header(ACCEPT_ENCODING, "br, gzip").send().await.unwrap();
    assert_eq!(resp.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(resp.headers()["vary"], "Accept-Encoding");
    assert_eq!(&resp.bytes().await.unwrap()[..2], &[0x1f, 0x8b]);
    // Without gzip in Accept-Encoding the page is sent as is.
    let resp = raw.get("http://any.test/__gzip").send().await.unwrap();
    assert!(resp.headers().get(CONTENT_ENCODING).is_none());
    assert!(resp.text().await.unwrap().contains("Compressed page"));
    // A decoding client gets the same page.
    let (status, body) = get(&http_client(&server, HOSTS), "http://any.test/__gzip").await;
    assert_eq!(status, 200);
    assert!(body.contains("Compressed page") && body.contains("G-GZIP123456"));
}
