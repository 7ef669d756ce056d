//! CNAME chains of host names, over `hickory-resolver`: the system's resolver (resolv.conf) or one DNS
//! server given explicitly, plain DNS over UDP (TCP for truncated answers), one CNAME query per hop.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::{Resolver, TokioResolver};

use super::matcher::normalize;

/// How long one DNS lookup (one hop) may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// The longest CNAME chain followed.
pub const MAX_HOPS: usize = 10;

/// How many hosts the cache keeps (further hosts are resolved but not kept).
const CACHE_CAPACITY: usize = 4096;

/// Where and how to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CnameConfig {
    /// The DNS server to ask (what `--dns-server ADDR` passes); `None` for the system's (resolv.conf).
    pub server: Option<SocketAddr>,
    /// How long one lookup may take ([`DEFAULT_TIMEOUT`]).
    pub timeout: Duration,
}

impl Default for CnameConfig {
    fn default() -> Self {
        CnameConfig { server: None, timeout: DEFAULT_TIMEOUT }
    }
}

/// Why a host's CNAME chain is not known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CnameError {
    /// The system's DNS configuration could not be read.
    #[error("cannot read the system's DNS configuration: {message}; give a DNS server explicitly (--dns-server ADDR)")]
    SystemConfig {
        /// What went wrong.
        message: String,
    },
    /// The host is not a DNS name.
    #[error("{host:?} is not a DNS name ({message})")]
    InvalidName {
        /// The host given.
        host: String,
        /// What is wrong with it.
        message: String,
    },
    /// The host does not exist.
    #[error("{host} does not exist (NXDOMAIN from {server}): a stale or mistyped host name; nothing to resolve")]
    NxDomain {
        /// The host given.
        host: String,
        /// The DNS server asked.
        server: String,
    },
    /// No answer in time.
    #[error(
        "no answer for {name} from {server} within {} ms (resolving {host}): check that the DNS server is reachable (--dns-server ADDR), or allow a longer timeout",
        .timeout.as_millis()
    )]
    Timeout {
        /// The host given.
        host: String,
        /// The name asked when the time ran out (the host, or a hop of its chain).
        name: String,
        /// The DNS server asked.
        server: String,
        /// The timeout per lookup.
        timeout: Duration,
    },
    /// The chain comes back to a name already in it.
    #[error("the CNAME chain of {host} loops back to {name}: the site's DNS is misconfigured")]
    Loop {
        /// The host given.
        host: String,
        /// The name seen twice.
        name: String,
    },
    /// The chain is longer than [`MAX_HOPS`].
    #[error("the CNAME chain of {host} is longer than {MAX_HOPS} hops; not followed further")]
    TooLong {
        /// The host given.
        host: String,
    },
    /// The server answered with an error code (SERVFAIL, REFUSED).
    #[error(
        "{server} answered {code} for {name} (resolving {host}): try again later, or another DNS server (--dns-server ADDR)"
    )]
    Server {
        /// The host given.
        host: String,
        /// The name asked.
        name: String,
        /// The DNS server asked.
        server: String,
        /// The response code.
        code: String,
    },
    /// Any other failure (network, protocol).
    #[error("DNS lookup of {name} from {server} failed (resolving {host}): {message}")]
    Lookup {
        /// The host given.
        host: String,
        /// The name asked.
        name: String,
        /// The DNS server asked.
        server: String,
        /// What went wrong.
        message: String,
    },
}

/// Resolves CNAME chains, each host once (results, failures included, are cached for the resolver's life).
pub struct CnameResolver {
    inner: TokioResolver,
    /// The server(s) asked, for messages.
    server: String,
    timeout: Duration,
    cache: Mutex<HashMap<String, Result<Vec<String>, CnameError>>>,
}

impl std::fmt::Debug for CnameResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CnameResolver").field("server", &self.server).field("timeout", &self.timeout).finish()
    }
}

impl CnameResolver {
    /// A resolver as `config` says: its server, or the system's from resolv.conf.
    pub fn new(config: &CnameConfig) -> Result<CnameResolver, CnameError> {
        let (resolver_config, mut opts) = match config.server {
            Some(addr) => {
                let connections = [ConnectionConfig::udp(), ConnectionConfig::tcp()]
                    .into_iter()
                    .map(|mut c| {
                        c.port = addr.port();
                        c
                    })
                    .collect();
                let server = NameServerConfig::new(addr.ip(), true, connections);
                (ResolverConfig::from_name_servers(vec![server]), ResolverOpts::default())
            }
            None => hickory_resolver::system_conf::read_system_conf()
                .map_err(|e| CnameError::SystemConfig { message: e.to_string() })?,
        };
        let servers: Vec<String> = resolver_config
            .name_servers()
            .iter()
            .map(|ns| SocketAddr::new(ns.ip, ns.connections.first().map_or(53, |c| c.port)).to_string())
            .collect();
        if servers.is_empty() {
            return Err(CnameError::SystemConfig { message: "no nameserver is configured".into() });
        }
        opts.timeout = config.timeout;
        opts.attempts = 1;
        opts.use_hosts_file = ResolveHosts::Never;
        let inner = Resolver::builder_with_config(resolver_config, TokioRuntimeProvider::default())
            .with_options(opts)
            .build()
            .map_err(|e| CnameError::SystemConfig { message: e.to_string() })?;
        Ok(CnameResolver { inner, server: servers.join(", "), timeout: config.timeout, cache: Mutex::default() })
    }

    /// The system's resolver (resolv.conf), with the default timeout.
    pub fn system() -> Result<CnameResolver, CnameError> {
        CnameResolver::new(&CnameConfig::default())
    }

    /// A resolver asking only `server`, with the default timeout.
    pub fn with_server(server: SocketAddr) -> Result<CnameResolver, CnameError> {
        CnameResolver::new(&CnameConfig { server: Some(server), ..CnameConfig::default() })
    }

    /// The DNS server(s) asked, as messages name them.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The CNAME targets of `host`, in order (empty when it has no CNAME), at most [`MAX_HOPS`]. A chain
    /// whose last target does not exist (a dangling CNAME) is returned as far as it goes; NXDOMAIN is an
    /// error only for `host` itself.
    pub async fn chain(&self, host: &str) -> Result<Vec<String>, CnameError> {
        let host = normalize(host);
        if let Some(known) = self.cache.lock().expect("cname cache lock").get(&host) {
            return known.clone();
        }
        let result = self.resolve(&host).await;
        let mut cache = self.cache.lock().expect("cname cache lock");
        if cache.len() < CACHE_CAPACITY {
            cache.insert(host, result.clone());
        }
        result
    }

    async fn resolve(&self, host: &str) -> Result<Vec<String>, CnameError> {
        let mut chain: Vec<String> = Vec::new();
        let mut current = host.to_string();
        loop {
            let name = Name::from_ascii(format!("{current}."))
                .map_err(|e| CnameError::InvalidName { host: host.to_string(), message: e.to_string() })?;
            let lookup = match tokio::time::timeout(self.timeout, self.inner.lookup(name, RecordType::CNAME)).await {
                Ok(Ok(lookup)) => lookup,
                Ok(Err(e)) if e.is_nx_domain() && chain.is_empty() => {
                    return Err(CnameError::NxDomain { host: host.to_string(), server: self.server.clone() });
                }
                Ok(Err(e)) if e.is_no_records_found() => return Ok(chain),
                Ok(Err(e)) => return Err(self.failure(host, &current, &e)),
                Err(_) => return Err(self.failure(host, &current, &NetError::Timeout)),
            };
            // Follow every CNAME of the answer from the current name (a resolver may send several hops).
            let mut advanced = false;
            while let Some(next) = lookup.answers().iter().find_map(|r| match &r.data {
                RData::CNAME(target) if normalize(&r.name.to_ascii()) == current => {
                    Some(normalize(&target.0.to_ascii()))
                }
                _ => None,
            }) {
                if next == host || chain.contains(&next) {
                    return Err(CnameError::Loop { host: host.to_string(), name: next });
                }
                if chain.len() == MAX_HOPS {
                    return Err(CnameError::TooLong { host: host.to_string() });
                }
                chain.push(next.clone());
                current = next;
                advanced = true;
            }
            if !advanced {
                return Ok(chain);
            }
        }
    }

    fn failure(&self, host: &str, name: &str, e: &NetError) -> CnameError {
        let (host, name, server) = (host.to_string(), name.to_string(), self.server.clone());
        match e {
            NetError::Timeout => CnameError::Timeout { host, name, server, timeout: self.timeout },
            NetError::Dns(DnsError::ResponseCode(code)) => {
                CnameError::Server { host, name, server, code: code.to_string() }
            }
            other => CnameError::Lookup { host, name, server, message: other.to_string() },
        }
    }
}
