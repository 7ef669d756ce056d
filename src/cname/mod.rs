//! CNAME cloaking: trackers served from a first-party subdomain (`metrics.shop.example` CNAME
//! `shop.example.eulerian.net`), so that the browser treats them as the site itself.
//!
//! [`find_cloaked`] resolves the CNAME chains ([`CnameResolver`]) of the site's own subdomains seen in a
//! crawl and matches them against AdGuard's list of cloaking targets ([`CloakList`], bundled as
//! `cname-trackers.json`), each record mapped to one of our vendors where one exists.
//!
//! ```no_run
//! # async fn run() -> Result<(), trackaudit::cname::CnameError> {
//! use trackaudit::cname::{CloakList, CnameResolver, find_cloaked};
//!
//! let resolver = CnameResolver::system()?;
//! let hosts = ["metrics.shop.example".to_string(), "www.shop.example".to_string()];
//! let scan = find_cloaked(hosts, "shop.example", &resolver, &CloakList::bundled()).await;
//! for c in &scan.cloaked {
//!     println!("{} → {} ({})", c.host, c.matched.target, c.matched.company);
//! }
//! # Ok(()) }
//! ```

mod matcher;
mod resolver;
mod vendor_map;

#[cfg(test)]
mod list_tests;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use futures::StreamExt;
use serde::Serialize;

pub use matcher::{BUNDLED_JSON, CloakKind, CloakList, CloakListError, CloakMatch, CloakRecord};
pub use resolver::{CnameConfig, CnameError, CnameResolver, DEFAULT_TIMEOUT, MAX_HOPS};

use crate::site::registrable_domain;

/// The most hosts resolved for one site; further hosts are listed in [`CloakScan::skipped`].
pub const MAX_HOSTS_PER_SITE: usize = 50;

/// How many lookups run at once.
const CONCURRENT_LOOKUPS: usize = 8;

/// A first-party subdomain whose CNAME chain reaches a listed tracker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cloaked {
    /// The subdomain (`metrics.shop.example`).
    pub host: String,
    /// Its CNAME chain, in order.
    pub chain: Vec<String>,
    /// The listed target it reaches.
    pub matched: CloakMatch,
}

/// A host whose chain could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupFailure {
    /// The subdomain.
    pub host: String,
    /// Why (the message says what to do).
    #[serde(serialize_with = "as_display")]
    pub error: CnameError,
}

/// What [`find_cloaked`] found for one site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CloakScan {
    /// Subdomains cloaking a tracker, in the order the hosts were given.
    pub cloaked: Vec<Cloaked>,
    /// Subdomains whose lookup failed, in the order the hosts were given.
    pub failures: Vec<LookupFailure>,
    /// How many subdomains were resolved.
    pub resolved: usize,
    /// Subdomains not resolved, over [`MAX_HOSTS_PER_SITE`].
    pub skipped: Vec<String>,
}

fn as_display<S: serde::Serializer>(e: &CnameError, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(e)
}

/// Resolves the first-party subdomains among `hosts` and returns those whose CNAME chain reaches a
/// target of `list`, and the ones whose lookup failed.
///
/// Only strict subdomains of the registrable domain of `site_domain` (a host or domain of the site) count:
/// the apex and `www.` are skipped, as are other sites' hosts, IP literals and repeats; at most
/// [`MAX_HOSTS_PER_SITE`] are resolved, in the order given. Names of the chain inside the site's own
/// domain are not considered, so a chain that stays inside it, or ends at a CDN the list does not name
/// (the site's own `shop-example.cdn.cloudflare.net`), is not cloaking.
pub async fn find_cloaked(
    hosts: impl IntoIterator<Item = String>,
    site_domain: &str,
    resolver: &CnameResolver,
    list: &CloakList,
) -> CloakScan {
    let domain = registrable_domain(site_domain);
    let www = format!("www.{domain}");
    let mut seen = HashSet::new();
    let candidates: Vec<String> = hosts
        .into_iter()
        .map(|h| matcher::normalize(&h))
        .filter(|h| *h != www && is_below(h, &domain) && h.parse::<std::net::IpAddr>().is_err())
        .filter(|h| seen.insert(h.clone()))
        .collect();
    let mut scan = CloakScan::default();
    let mut candidates = candidates.into_iter();
    let to_resolve: Vec<String> = candidates.by_ref().take(MAX_HOSTS_PER_SITE).collect();
    scan.skipped = candidates.collect();
    scan.resolved = to_resolve.len();
    let results: Vec<(String, Result<Vec<String>, CnameError>)> = futures::stream::iter(to_resolve)
        .map(|host| async move {
            let chain = resolver.chain(&host).await;
            (host, chain)
        })
        .buffered(CONCURRENT_LOOKUPS)
        .collect()
        .await;
    for (host, result) in results {
        match result {
            Ok(chain) => {
                let outside: Vec<String> =
                    chain.iter().filter(|name| **name != domain && !is_below(name, &domain)).cloned().collect();
                if let Some(matched) = list.tracker_for(&outside) {
                    scan.cloaked.push(Cloaked { host, chain, matched });
                }
            }
            Err(error) => scan.failures.push(LookupFailure { host, error }),
        }
    }
    scan
}

/// Whether `name` is a strict subdomain of `domain`, label-aligned.
fn is_below(name: &str, domain: &str) -> bool {
    name.strip_suffix(domain).is_some_and(|rest| rest.len() > 1 && rest.ends_with('.'))
}
