//! curl's `--resolve` and `--connect-to`, for tests and staging servers.
//!
//! `--resolve HOST:PORT:ADDR[,ADDR…]` sends connections for HOST on PORT to ADDR (same port).
//! `--connect-to HOST1:PORT1:HOST2:PORT2` sends connections for HOST1 on PORT1 to HOST2 on PORT2; an empty
//! or `*` HOST1 or PORT1 matches any, an empty HOST2 or PORT2 keeps the original. The URL, the `Host`
//! header and TLS server name stay those of the original host, as with curl.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// One address-override rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRule {
    /// The host it applies to (lowercase); `None` for any host.
    pub host: Option<String>,
    /// The port it applies to; `None` for any port.
    pub port: Option<u16>,
    /// Where connections go instead.
    pub target: Target,
}

/// Where an overridden connection goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `--resolve`: these addresses, on the requested port.
    Addrs(Vec<IpAddr>),
    /// `--connect-to`: this host (resolved normally; `None` keeps the original) on this port (`None` keeps the
    /// requested one).
    HostPort(Option<String>, Option<u16>),
}

/// A rule that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {option} {value:?}: {reason}")]
pub struct RuleError {
    option: &'static str,
    value: String,
    reason: String,
}

/// Splits on `:` but not inside `[...]` (IPv6 literals).
fn split_colons(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, ch) in s.char_indices() {
        match ch {
            '[' => depth += 1,
            ']' => depth -= 1,
            ':' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn parse_host(s: &str) -> Option<String> {
    let s = s.trim_start_matches('[').trim_end_matches(']');
    (!s.is_empty() && s != "*").then(|| s.to_ascii_lowercase())
}

fn parse_port(s: &str) -> Result<Option<u16>, String> {
    if s.is_empty() || s == "*" {
        return Ok(None);
    }
    s.parse::<u16>().map(Some).map_err(|_| format!("{s:?} is not a port number"))
}

impl HostRule {
    /// Parses a `--resolve` value: `HOST:PORT:ADDR[,ADDR…]`.
    pub fn parse_resolve(value: &str) -> Result<HostRule, RuleError> {
        let err = |reason: String| RuleError {
            option: crate::model::Remedy::Resolve.flag(),
            value: value.to_string(),
            reason,
        };
        let parts = split_colons(value);
        let [host, port, addrs] = parts.as_slice() else {
            return Err(err("expected HOST:PORT:ADDR, e.g. www.example.com:443:127.0.0.1".into()));
        };
        let port = parse_port(port).map_err(err)?;
        let addrs = addrs
            .split(',')
            .map(|a| a.trim().trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| err(format!("{addrs:?} is not a list of IP addresses")))?;
        Ok(HostRule { host: parse_host(host), port, target: Target::Addrs(addrs) })
    }

    /// Parses a `--connect-to` value: `HOST1:PORT1:HOST2:PORT2`.
    pub fn parse_connect_to(value: &str) -> Result<HostRule, RuleError> {
        let err = |reason: String| RuleError { option: "--connect-to", value: value.to_string(), reason };
        let parts = split_colons(value);
        let [host1, port1, host2, port2] = parts.as_slice() else {
            return Err(err("expected HOST1:PORT1:HOST2:PORT2, e.g. :443:127.0.0.1:8443".into()));
        };
        Ok(HostRule {
            host: parse_host(host1),
            port: parse_port(port1).map_err(err)?,
            target: Target::HostPort(parse_host(host2), parse_port(port2).map_err(err)?),
        })
    }

    /// Whether the rule applies to a connection to `host` on `port`.
    pub fn applies(&self, host: &str, port: u16) -> bool {
        self.host.as_deref().is_none_or(|h| h.eq_ignore_ascii_case(host)) && self.port.is_none_or(|p| p == port)
    }

    /// The port connections go to when the request is for `port`.
    pub fn target_port(&self, port: u16) -> u16 {
        match &self.target {
            Target::Addrs(_) => port,
            Target::HostPort(_, p) => p.unwrap_or(port),
        }
    }
}

impl fmt::Display for HostRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self.host.as_deref().unwrap_or("*");
        let port = self.port.map_or("*".to_string(), |p| p.to_string());
        match &self.target {
            Target::Addrs(a) => {
                let a: Vec<String> = a.iter().map(IpAddr::to_string).collect();
                write!(f, "{host}:{port} -> {}", a.join(","))
            }
            Target::HostPort(h, p) => {
                write!(
                    f,
                    "{host}:{port} -> {}:{}",
                    h.as_deref().unwrap_or("(same host)"),
                    p.map_or("(same port)".into(), |p| p.to_string())
                )
            }
        }
    }
}

impl FromStr for HostRule {
    type Err = RuleError;

    /// Four fields are a `--connect-to` rule, three a `--resolve` rule.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if split_colons(s).len() == 4 { HostRule::parse_connect_to(s) } else { HostRule::parse_resolve(s) }
    }
}

/// A DNS resolver that applies the rules for connections on one port, and the system resolver otherwise.
/// `.invalid` names fail at once (RFC 6761).
#[derive(Debug, Clone)]
pub(crate) struct RuleResolver {
    pub rules: Arc<Vec<HostRule>>,
    /// The port of the connections this resolver serves.
    pub port: u16,
    /// Refuse non-public addresses for names the rules do not map (see [`super::guard`]).
    pub guarded: bool,
}

impl Resolve for RuleResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let (rules, port, guarded) = (Arc::clone(&self.rules), self.port, self.guarded);
        Box::pin(async move { resolve(&rules, &host, port, guarded).await.map(|a| Box::new(a.into_iter()) as Addrs) })
    }
}

/// The addresses a connection to `host` on `port` goes to, under the rules and the private-address guard:
/// what [`RuleResolver`] gives reqwest, and what the large-header fallback connects to.
pub(crate) async fn resolve(
    rules: &[HostRule],
    host: &str,
    port: u16,
    guarded: bool,
) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
    let host = host.to_ascii_lowercase();
    let rule = rules.iter().find(|r| r.applies(&host, port));
    // RFC 6761 §6.4: `.invalid` names never resolve, and resolvers should say so at once.
    if host == "invalid" || host.ends_with(".invalid") {
        let e =
            std::io::Error::new(std::io::ErrorKind::NotFound, "failed to lookup address: Name or service not known");
        return Err(Box::new(e));
    }
    let (lookup, target_port) = match rule {
        Some(HostRule { target: Target::Addrs(addrs), .. }) => {
            return Ok(addrs.iter().map(|ip| SocketAddr::new(*ip, port)).collect());
        }
        Some(r @ HostRule { target: Target::HostPort(h, _), .. }) => {
            (h.clone().unwrap_or_else(|| host.clone()), r.target_port(port))
        }
        None => (host.clone(), port),
    };
    let mut found: Vec<SocketAddr> = tokio::net::lookup_host((lookup.as_str(), target_port)).await?.collect();
    // A name the rules map is the user's choice; any other name must resolve to a public address.
    if guarded && rule.is_none() {
        let refused = found.iter().find_map(|a| super::guard::check_ip(a.ip()).err());
        found.retain(|a| super::guard::private_kind(a.ip()).is_none());
        if let (true, Some(refused)) = (found.is_empty(), refused) {
            return Err(Box::new(refused));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_curl_forms() {
        let r = HostRule::parse_resolve("www.site.test:443:127.0.0.1").unwrap();
        assert_eq!(r.host.as_deref(), Some("www.site.test"));
        assert_eq!(r.port, Some(443));
        assert_eq!(r.target, Target::Addrs(vec!["127.0.0.1".parse().unwrap()]));
        let r = HostRule::parse_resolve("*:80:[::1],127.0.0.1").unwrap();
        assert_eq!(r.host, None);
        assert_eq!(r.target, Target::Addrs(vec!["::1".parse().unwrap(), "127.0.0.1".parse().unwrap()]));
        let r = HostRule::parse_connect_to(":443:127.0.0.1:8443").unwrap();
        assert!(r.applies("anything.test", 443));
        assert!(!r.applies("anything.test", 80));
        assert_eq!(r.target_port(443), 8443);
        let r: HostRule = "a.test:80::8080".parse().unwrap();
        assert_eq!(r.target, Target::HostPort(None, Some(8080)));
        assert!(HostRule::parse_resolve("nonsense").is_err());
        assert!(HostRule::parse_connect_to("a:b:c:d").is_err());
    }
}
