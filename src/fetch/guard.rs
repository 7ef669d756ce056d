//! The private-address guard: a crawl that starts at a public host never reaches loopback, private,
//! link-local, shared (CGNAT), unspecified, broadcast or multicast addresses, whatever its pages, redirects,
//! policy links, robots.txt or sitemaps point to.
//!
//! Addresses are checked where connections are made: on IP-literal hosts before connecting, and on the
//! addresses a name resolves to inside the client's resolver, so a name that resolves to a public address
//! first and a private one later (DNS rebinding) is caught too. Names mapped by the user's `--resolve` and
//! `--connect-to` rules are trusted. A site whose start URL is itself local (`localhost` or a non-public IP
//! literal) is audited without the guard; `--allow-private` lifts it everywhere.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use super::rules::HostRule;

/// A refused address and what kind of address it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused: {ip} is a {kind} address; {}", crate::model::Remedy::AllowPrivate)]
pub struct PrivateAddress {
    /// The address.
    pub ip: IpAddr,
    /// `loopback`, `private`, `link-local`, …
    pub kind: &'static str,
}

/// What kind of non-public address `ip` is, or `None` for a public one. IPv4-mapped IPv6 addresses
/// (`::ffff:127.0.0.1`) count as their IPv4 address.
pub fn private_kind(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4_kind(v4),
            None => v6_kind(v6),
        },
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    Some(if ip.is_loopback() {
        "loopback"
    } else if ip.is_private() {
        "private"
    } else if ip.is_link_local() {
        "link-local"
    } else if a == 100 && (64..128).contains(&b) {
        "shared (CGNAT)"
    } else if ip.is_broadcast() {
        "broadcast"
    } else if ip.is_multicast() {
        "multicast"
    } else if a == 0 {
        "unspecified"
    } else {
        return None;
    })
}

fn v6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    Some(if ip.is_loopback() {
        "loopback"
    } else if ip.is_unspecified() {
        "unspecified"
    } else if first & 0xfe00 == 0xfc00 {
        "private (unique local)"
    } else if first & 0xffc0 == 0xfe80 {
        "link-local"
    } else if ip.is_multicast() {
        "multicast"
    } else {
        return None;
    })
}

/// Refuses a non-public address.
pub fn check_ip(ip: IpAddr) -> Result<(), PrivateAddress> {
    match private_kind(ip) {
        Some(kind) => Err(PrivateAddress { ip, kind }),
        None => Ok(()),
    }
}

/// Whether a site starting at `url` is local, so that the guard is off for it: `localhost` (or
/// `*.localhost`) or a non-public IP literal. (A name mapped by `--resolve` / `--connect-to` is trusted
/// wherever it appears, but does not make the rest of the site's requests unguarded.)
pub fn is_local_start(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => private_kind(IpAddr::V4(ip)).is_some(),
        Some(Host::Ipv6(ip)) => private_kind(IpAddr::V6(ip)).is_some(),
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        None => false,
    }
}

/// Whether a user rule with a named host maps `host` on `port` (a wildcard rule maps every name; it trusts
/// names, not IP literals, which no resolver sees).
pub fn is_mapped(host: &str, port: u16, rules: &[HostRule]) -> bool {
    rules.iter().any(|r| r.applies(host, port))
}

/// The IP address of an IP-literal URL host.
pub fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    }
}

tokio::task_local! {
    /// The start URL of the site being audited on this task.
    static SITE_START: Url;
}

/// Runs `fut` as the audit of the site at `start`: the guard is off for every request it makes when
/// `start` is local (see [`is_local_start`]). Without a scope, each request's own URL is its start.
pub async fn site_scope<F: Future>(start: &str, fut: F) -> F::Output {
    match Url::parse(start) {
        Ok(url) => SITE_START.scope(url, fut).await,
        Err(_) => fut.await,
    }
}

/// The start URL of the site audited on this task, if any.
pub(crate) fn site_start() -> Option<Url> {
    SITE_START.try_with(Url::clone).ok()
}

/// Checks a URL that another client (the browser engine) is about to load, under the same rule as the
/// fetcher: within the site scope, unless `allow_private`, an IP literal or a name the rules do not map must
/// be a public address. The other client resolves the name again itself, so this does not cover rebinding.
pub async fn check_url(url: &Url, rules: &[HostRule], allow_private: bool) -> Result<(), PrivateAddress> {
    let start = site_start().unwrap_or_else(|| url.clone());
    if allow_private || is_local_start(&start) {
        return Ok(());
    }
    if let Some(ip) = literal_ip(url) {
        return check_ip(ip);
    }
    let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) else { return Ok(()) };
    if is_mapped(host, port, rules) {
        return Ok(());
    }
    let Ok(found) = tokio::net::lookup_host((host, port)).await else { return Ok(()) };
    let found: Vec<IpAddr> = found.map(|a| a.ip()).collect();
    match found.iter().find(|ip| private_kind(**ip).is_none()) {
        Some(_) => Ok(()),
        None => found.into_iter().next().map_or(Ok(()), check_ip),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let kind = |s: &str| private_kind(s.parse().unwrap());
        assert_eq!(kind("127.0.0.1"), Some("loopback"));
        assert_eq!(kind("10.1.2.3"), Some("private"));
        assert_eq!(kind("172.16.0.1"), Some("private"));
        assert_eq!(kind("192.168.1.1"), Some("private"));
        assert_eq!(kind("169.254.169.254"), Some("link-local"));
        assert_eq!(kind("100.64.0.1"), Some("shared (CGNAT)"));
        assert_eq!(kind("100.128.0.1"), None);
        assert_eq!(kind("0.0.0.0"), Some("unspecified"));
        assert_eq!(kind("255.255.255.255"), Some("broadcast"));
        assert_eq!(kind("224.0.0.1"), Some("multicast"));
        assert_eq!(kind("::1"), Some("loopback"));
        assert_eq!(kind("::"), Some("unspecified"));
        assert_eq!(kind("fd00::1"), Some("private (unique local)"));
        assert_eq!(kind("fe80::1"), Some("link-local"));
        assert_eq!(kind("ff02::1"), Some("multicast"));
        assert_eq!(kind("::ffff:127.0.0.1"), Some("loopback"));
        assert_eq!(kind("::ffff:169.254.169.254"), Some("link-local"));
        assert_eq!(kind("93.184.216.34"), None);
        assert_eq!(kind("2606:2800:220:1::1"), None);
        let e = check_ip("127.0.0.1".parse().unwrap()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "refused: 127.0.0.1 is a loopback address; use --allow-private to audit private networks"
        );
    }

    #[test]
    fn local_starts() {
        let local = |s: &str| is_local_start(&Url::parse(s).unwrap());
        assert!(local("http://localhost:3000/"));
        assert!(local("http://app.localhost/"));
        assert!(local("http://127.0.0.1/"));
        assert!(local("http://[::1]:8080/"));
        assert!(local("http://10.0.0.5/"));
        assert!(!local("http://93.184.216.34/"));
        assert!(!local("https://example.com/"));
        let rules = vec![HostRule::parse_resolve("www.site.test:8080:127.0.0.1").unwrap()];
        assert!(is_mapped("www.site.test", 8080, &rules));
        assert!(!is_mapped("www.site.test", 80, &rules), "the rule is for port 8080 only");
    }
}
