//! The resolver and `find_cloaked` against the DNS fixture server (`fixtures/dns/zone.txt`, loopback only).

use std::net::UdpSocket;
use std::time::{Duration, Instant};

use fixture_server::DnsServer;

use super::*;

fn dns() -> DnsServer {
    DnsServer::start(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dns/zone.txt")).unwrap()
}

fn resolver(dns: &DnsServer) -> CnameResolver {
    CnameResolver::with_server(dns.addr()).unwrap()
}

fn hosts(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_string()).collect()
}

#[tokio::test]
async fn chains_of_one_and_two_hops_and_none() {
    let dns = dns();
    let r = resolver(&dns);
    assert_eq!(r.chain("metrics.cname-shop.test").await.unwrap(), ["cname-shop.test.eulerian.net"]);
    assert_eq!(
        r.chain("SDK.cname-shop.test.").await.unwrap(),
        ["sdk.cname-shop.test.edge.example-cdn.net", "cname-shop.dnsdelegation.io"]
    );
    assert_eq!(r.chain("shop.cname-shop.test").await.unwrap(), Vec::<String>::new());
    assert_eq!(r.chain("gone.cname-shop.test").await.unwrap(), ["retired.eulerian.net"], "dangling: kept");
    assert_eq!(r.server(), dns.addr().to_string());
}

#[tokio::test]
async fn nxdomain_and_loops_are_errors() {
    let dns = dns();
    let r = resolver(&dns);
    let e = r.chain("missing.cname-shop.test").await.unwrap_err();
    assert!(matches!(&e, CnameError::NxDomain { host, .. } if host == "missing.cname-shop.test"), "{e:?}");
    assert!(e.to_string().contains("does not exist (NXDOMAIN"), "{e}");
    let e = r.chain("loop1.cname-shop.test").await.unwrap_err();
    assert!(matches!(&e, CnameError::Loop { name, .. } if name == "loop1.cname-shop.test"), "{e:?}");
}

#[tokio::test]
async fn each_host_is_resolved_once() {
    let dns = dns();
    let r = resolver(&dns);
    for _ in 0..3 {
        assert_eq!(r.chain("metrics.cname-shop.test").await.unwrap().len(), 1);
        assert!(r.chain("missing.cname-shop.test").await.is_err());
    }
    let asked = |name: &str| dns.queries().iter().filter(|q| q.name == name).count();
    assert_eq!(asked("metrics.cname-shop.test"), 1, "{:?}", dns.queries());
    assert_eq!(asked("missing.cname-shop.test"), 1, "{:?}", dns.queries());
}

#[tokio::test]
async fn a_silent_server_times_out_quickly() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap(); // bound, never read: queries go unanswered
    let config = CnameConfig { server: Some(silent.local_addr().unwrap()), timeout: Duration::from_millis(300) };
    let r = CnameResolver::new(&config).unwrap();
    let start = Instant::now();
    let e = r.chain("metrics.cname-shop.test").await.unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
    assert!(matches!(&e, CnameError::Timeout { timeout, .. } if *timeout == config.timeout), "{e:?}");
    let message = e.to_string();
    assert!(message.contains("within 300 ms") && message.contains("--dns-server"), "{message}");
}

#[tokio::test]
async fn finds_the_cloaked_subdomains_only() {
    let dns = dns();
    let r = resolver(&dns);
    let crawl = hosts(&[
        "cname-shop.test",          // apex: skipped
        "www.cname-shop.test",      // www: skipped (it points at eulerian.net in the fixture)
        "metrics.cname-shop.test",  // one hop to eulerian.net
        "Metrics.cname-shop.test.", // a repeat
        "static.cname-shop.test",   // the shop's own CDN
        "assets.cname-shop.test",   // a chain inside the site
        "stats.cname-shop.test",    // xeulerian.net is not eulerian.net
        "shop.cname-shop.test",     // no CNAME
        "sdk.cname-shop.test",      // two hops to Criteo
        "missing.cname-shop.test",  // NXDOMAIN: a failure
        "www.google-analytics.com", // another site's host
        "127.0.0.1",                // an IP
    ]);
    let scan = find_cloaked(crawl, "www.cname-shop.test", &r, &CloakList::bundled()).await;
    let found: Vec<(&str, &str, Option<&str>)> = scan
        .cloaked
        .iter()
        .map(|c| (c.host.as_str(), c.matched.domain.as_str(), c.matched.vendor_id.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("metrics.cname-shop.test", "eulerian.net", Some("eulerian")),
            ("sdk.cname-shop.test", "dnsdelegation.io", Some("criteo")),
        ]
    );
    assert_eq!(scan.cloaked[1].chain.len(), 2);
    assert_eq!(scan.cloaked[1].matched.target, "cname-shop.dnsdelegation.io");
    assert_eq!(scan.failures.len(), 1);
    assert_eq!(scan.failures[0].host, "missing.cname-shop.test");
    assert!(matches!(scan.failures[0].error, CnameError::NxDomain { .. }));
    assert_eq!((scan.resolved, scan.skipped.len()), (7, 0));
    let asked: HashSet<String> = dns.queries().into_iter().map(|q| q.name).collect();
    for never in ["cname-shop.test", "www.cname-shop.test", "www.google-analytics.com"] {
        assert!(!asked.contains(never), "{never} was resolved: {asked:?}");
    }
    let json = serde_json::to_value(&scan).unwrap();
    assert!(json["failures"][0]["error"].as_str().unwrap().contains("NXDOMAIN"), "{json}");
}

#[tokio::test]
async fn the_site_s_own_domain_is_never_a_tracker() {
    // A site on a listed domain: its chain inside its own domain is not cloaking.
    let list = CloakList::from_json(r#"[{"company_name": "Shop", "type": "tracker", "domains": ["cname-shop.test"]}]"#)
        .unwrap();
    let dns = dns();
    let scan = find_cloaked(hosts(&["assets.cname-shop.test"]), "cname-shop.test", &resolver(&dns), &list).await;
    assert_eq!(scan.cloaked, []);
    assert_eq!(scan.failures, []);
}

#[tokio::test]
async fn the_number_of_hosts_resolved_is_bounded() {
    let dns = dns();
    let many: Vec<String> = (0..MAX_HOSTS_PER_SITE + 5).map(|i| format!("h{i}.cname-shop.test")).collect();
    let scan = find_cloaked(many, "cname-shop.test", &resolver(&dns), &CloakList::bundled()).await;
    assert_eq!(scan.resolved, MAX_HOSTS_PER_SITE);
    assert_eq!(
        scan.skipped,
        [
            "h50.cname-shop.test",
            "h51.cname-shop.test",
            "h52.cname-shop.test",
            "h53.cname-shop.test",
            "h54.cname-shop.test"
        ]
    );
    assert_eq!(scan.failures.len(), MAX_HOSTS_PER_SITE, "every h<N> is NXDOMAIN");
}

#[test]
fn subdomains_are_label_aligned() {
    assert!(is_below("a.shop.test", "shop.test"));
    assert!(!is_below("shop.test", "shop.test"));
    assert!(!is_below("xshop.test", "shop.test"));
    assert!(!is_below(".shop.test", "shop.test"));
}

#[test]
fn the_system_resolver_reads_resolv_conf() {
    match CnameResolver::system() {
        Ok(r) => assert!(!r.server().is_empty()),
        Err(e) => {
            assert!(matches!(e, CnameError::SystemConfig { .. }) && e.to_string().contains("--dns-server"), "{e}");
        }
    }
}
