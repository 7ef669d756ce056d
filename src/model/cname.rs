//! CNAME cloaking: the site's own subdomains whose CNAME chain ends at a tracker, and how the lookups went.

use serde::{Deserialize, Serialize};

/// What the CNAME lookups of an audit found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CnameReport {
    /// The DNS server asked (`system` for the system's resolver configuration, or an address).
    pub server: String,
    /// How many of the site's subdomains were resolved.
    pub resolved: usize,
    /// Subdomains that cloak a tracker.
    pub cloaked: Vec<CloakedHost>,
    /// Subdomains whose lookup failed, with why.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub failures: Vec<CnameFailure>,
    /// Subdomains not resolved because the site had too many.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub skipped: Vec<String>,
}

/// A first-party subdomain whose CNAME chain reaches a tracker's domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloakedHost {
    /// The subdomain (`metrics.shop.example`).
    pub host: String,
    /// Its CNAME chain, in order (the subdomain first).
    pub chain: Vec<String>,
    /// The tracker's domain the chain reached (`eulerian.net`), as AdGuard's cname-trackers list names it.
    pub domain: String,
    /// The company behind it, as the list names it.
    pub company: String,
    /// The vendor of the database it is attributed to, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vendor: Option<String>,
    /// How many requests of the crawl went to it.
    pub requests: usize,
}

/// A lookup that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CnameFailure {
    /// The subdomain.
    pub host: String,
    /// Why.
    pub error: String,
}
