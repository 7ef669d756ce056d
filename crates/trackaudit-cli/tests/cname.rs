//! CNAME cloaking end to end: the shop's own subdomains seen on its pages are resolved through a DNS server
//! on loopback (`--dns-server`, the fixture zone `fixtures/dns/zone.txt`), and a chain that ends at a listed
//! tracker makes the subdomain's requests that tracker's; the shop's own CDN under a CNAME is nobody's.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::sync::LazyLock;

use common::trackaudit;
use fixture_server::{DnsServer, Server};
use serde_json::Value;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts"));

fn audit(extra: &[&str]) -> Value {
    let out = trackaudit()
        .args(["audit", "http://www.cname-shop.test/", "--format", "json", "--max-pages", "1"])
        .args(extra)
        .args(SERVER.connect_to_args())
        .arg("--insecure")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_tracker_behind_the_sites_own_subdomain_is_found_through_its_cname_chain() {
    let dns = DnsServer::start(common::repo_path("fixtures/dns/zone.txt")).expect("DNS fixture starts");
    let r = audit(&["--dns-server", &dns.addr().to_string()]);
    let cname = &r["cname"];
    assert_eq!(cname["resolved"], 2, "metrics. and static. are resolved (not www.): {cname:#}");
    let cloaked = cname["cloaked"].as_array().unwrap();
    assert_eq!(cloaked.len(), 1, "{cname:#}");
    assert_eq!(cloaked[0]["host"], "metrics.cname-shop.test");
    assert_eq!(cloaked[0]["chain"], serde_json::json!(["metrics.cname-shop.test", "cname-shop.test.eulerian.net"]));
    assert_eq!(
        (cloaked[0]["domain"].as_str(), cloaked[0]["vendor"].as_str()),
        (Some("eulerian.net"), Some("eulerian"))
    );

    let findings = r["findings"].as_array().unwrap();
    let eulerian = findings.iter().find(|f| f["vendor"]["id"] == "eulerian").unwrap_or_else(|| panic!("{findings:#?}"));
    let e = &eulerian["evidence"][0];
    assert_eq!(e["url"], "https://metrics.cname-shop.test/tag.js", "{e:#}");
    assert_eq!(e["disguise"]["how"], "cloaked", "{e:#}");
    assert!(
        e["detail"].as_str().unwrap().contains("cloaked: CNAME metrics.cname-shop.test → cname-shop.test.eulerian.net")
    );
    assert_eq!(eulerian["verdict"], "undisclosed", "the policy names no vendor");
    // The shop's CDN is its own: no finding, no unknown third party.
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(r["unknown_third_parties"].as_array().is_none_or(Vec::is_empty), "{:#}", r["unknown_third_parties"]);
    // Each name was asked once.
    let asked: Vec<String> = dns.queries().into_iter().map(|q| q.name).collect();
    assert!(!asked.iter().any(|n| n.starts_with("www.")), "www is not checked: {asked:?}");
}

#[test]
fn no_lookup_is_made_for_hosts_mapped_to_test_servers_unless_a_dns_server_is_given() {
    let r = audit(&[]);
    assert!(r.get("cname").is_none(), "{:#}", r["cname"]);
    assert!(!r["findings"].as_array().unwrap().iter().any(|f| f["vendor"]["id"] == "eulerian"));
    let dns = DnsServer::start(common::repo_path("fixtures/dns/zone.txt")).expect("DNS fixture starts");
    let r = audit(&["--dns-server", &dns.addr().to_string(), "--no-cname"]);
    assert!(r.get("cname").is_none(), "--no-cname wins: {:#}", r["cname"]);
    assert!(dns.queries().is_empty());
}
