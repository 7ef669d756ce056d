//! CNAME cloaking in an audit: the site's own subdomains seen in the crawl are resolved (one resolver per
//! lookup setting, shared by the audits of an [`Auditor`](super::Auditor), each host once), and a chain that
//! ends at a tracker of AdGuard's list makes that subdomain's requests the tracker's.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::cname::{CloakList, CnameConfig, CnameResolver, DEFAULT_TIMEOUT, find_cloaked};
use crate::detect::Observations;
use crate::model::{CloakedHost, CnameFailure, CnameReport};
use crate::vendors::VendorDb;

/// Whether and how the site's own subdomains are resolved to find CNAME cloaking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CnameLookup {
    /// No lookups (the library's default: an audit makes no DNS query of its own).
    #[default]
    Off,
    /// The system's resolver configuration (`/etc/resolv.conf`).
    System,
    /// This DNS server (`--dns-server ADDR`): a staging resolver, or a test's.
    Server(SocketAddr),
}

/// The resolvers made so far, by setting.
pub(super) type Resolvers = Arc<Mutex<Vec<(CnameLookup, Arc<CnameResolver>)>>>;

/// The resolver for `lookup` (made once), none when lookups are off.
pub(super) fn resolver(cache: &Resolvers, lookup: CnameLookup) -> Result<Option<Arc<CnameResolver>>, String> {
    let server = match lookup {
        CnameLookup::Off => return Ok(None),
        CnameLookup::System => None,
        CnameLookup::Server(addr) => Some(addr),
    };
    let mut cache = cache.lock().expect("resolver cache lock");
    if let Some((_, r)) = cache.iter().find(|(l, _)| *l == lookup) {
        return Ok(Some(Arc::clone(r)));
    }
    let r = Arc::new(CnameResolver::new(&CnameConfig { server, timeout: DEFAULT_TIMEOUT }).map_err(|e| e.to_string())?);
    cache.push((lookup, Arc::clone(&r)));
    Ok(Some(r))
}

/// Resolves the site's own subdomains seen in `obs`, moves the evidence of cloaked ones to their tracker, and
/// reports what the lookups found.
pub(super) async fn check(resolver: &CnameResolver, site: &str, obs: &mut Observations, db: &VendorDb) -> CnameReport {
    let hosts: Vec<String> = obs.first_party.keys().cloned().collect();
    let scan = find_cloaked(hosts, site, resolver, &CloakList::bundled()).await;
    let mut out = CnameReport {
        server: resolver.server().to_string(),
        resolved: scan.resolved,
        cloaked: Vec::new(),
        failures: scan
            .failures
            .iter()
            .map(|f| CnameFailure { host: f.host.clone(), error: f.error.to_string() })
            .collect(),
        skipped: scan.skipped,
    };
    for c in scan.cloaked {
        let vendor = c.matched.vendor_id.filter(|id| db.vendor(id).is_some());
        let requests = obs.add_cloaked(&c.host, &c.chain, vendor.as_deref(), &c.matched.domain, &c.matched.company);
        let mut chain = vec![c.host.clone()];
        chain.extend(c.chain);
        out.cloaked.push(CloakedHost {
            host: c.host,
            chain,
            domain: c.matched.domain,
            company: c.matched.company,
            vendor,
            requests,
        });
    }
    out
}
