//! The synthetic benchmark web, served over HTTP.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::{get, http_client, https_client};
use fixture_server::{Options, Server, SyntheticConfig};

fn server(seed: u64) -> Server {
    Server::start(Options {
        synthetic: Some(SyntheticConfig { sites: 4, pages_per_site: 10, page_kib: 16, seed }),
        ..Options::default()
    })
    .unwrap()
}

const HOSTS: &[&str] = &["site0.bench.test", "site1.bench.test", "site3.bench.test", "site4.bench.test"];

#[tokio::test]
async fn sites_serve_pages_privacy_and_robots() {
    let server = server(42);
    let c = http_client(&server, HOSTS);
    let (status, home) = get(&c, "http://site0.bench.test/").await;
    assert_eq!(status, 200);
    assert!(home.starts_with("<!doctype html>") && home.contains("href=\"/privacy.html\""));
    assert!(home.contains("href=\"/p0.html\""));
    let (status, page) = get(&c, "http://site3.bench.test/p9.html").await;
    assert_eq!(status, 200);
    assert!((16 * 1024..20 * 1024).contains(&page.len()), "{} bytes", page.len());
    assert!(page.contains("<nav") && page.contains("<footer") && page.contains("<article>"));
    let (status, privacy) = get(&c, "http://site1.bench.test/privacy.html").await;
    assert_eq!(status, 200);
    assert!(privacy.contains("Privacy Policy"));
    let (status, robots) = get(&c, "http://site1.bench.test/robots.txt").await;
    assert_eq!(status, 200);
    assert!(robots.starts_with("User-agent: *"));
    assert_eq!(get(&c, "http://site1.bench.test/p10.html").await.0, 404);
    // site4 is beyond `sites`: an unknown host.
    assert_eq!(get(&c, "http://site4.bench.test/").await.0, 404);
    // Same over https.
    let (status, same) = get(&https_client(&server, HOSTS), "https://site3.bench.test/p9.html").await;
    assert_eq!((status, same), (200, page));
}

#[tokio::test]
async fn seed_makes_the_web_deterministic() {
    let (a, b, other) = (server(7), server(7), server(8));
    let mut differs = false;
    for host in ["site0.bench.test", "site1.bench.test", "site3.bench.test"] {
        let url = format!("http://{host}/p2.html");
        let page_a = get(&http_client(&a, HOSTS), &url).await.1;
        assert_eq!(page_a, get(&http_client(&b, HOSTS), &url).await.1);
        differs |= page_a != get(&http_client(&other, HOSTS), &url).await.1;
    }
    assert!(differs);
}

#[tokio::test]
async fn pages_carry_third_party_tags() {
    let server = Server::start(Options {
        synthetic: Some(SyntheticConfig { sites: 30, pages_per_site: 2, page_kib: 4, seed: 3 }),
        ..Options::default()
    })
    .unwrap();
    let hosts: Vec<String> = (0..30).map(SyntheticConfig::host).collect();
    let host_refs: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let c = http_client(&server, &host_refs);
    let mut all = String::new();
    for host in &hosts {
        all.push_str(&get(&c, &format!("http://{host}/p1.html")).await.1);
    }
    for needle in [
        "https://www.googletagmanager.com/gtag/js?id=G-",
        "'GTM-",
        "connect.facebook.net/en_US/fbevents.js",
        "<noscript><img",
        "snap.licdn.com",
        "static.hotjar.com",
        "static.criteo.net",
        "https://www.youtube.com/embed/",
        "fonts.googleapis.com",
        "cdn.jsdelivr.net",
        "rel=\"dns-prefetch\"",
        "https://www.facebook.com/",
        "https://twitter.com/",
        "application/ld+json",
        ".example/widget.js",
    ] {
        assert!(all.contains(needle), "no site has {needle}");
    }
}
