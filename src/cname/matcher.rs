//! The list of CNAME-cloaking targets (AdGuard's cname-trackers, `cname-trackers.json`), compiled into a
//! label-aligned suffix matcher, each record mapped to one of our vendors where one exists.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use super::vendor_map;
use crate::vendors::Engine;

/// The bundled list: AdGuard's `cloaked-trackers.json` (MIT; see NOTICE), copied unchanged.
pub const BUNDLED_JSON: &str = include_str!("../../cname-trackers.json");

/// What a listed company does with the traffic it receives through a cloaked subdomain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CloakKind {
    /// Analytics and tracking.
    Tracker,
    /// Advertising and affiliate marketing.
    Ad,
}

/// One company of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CloakRecord {
    /// The company as the list names it (`Eulerian`, `AT Internet (formerly XiTi)`).
    pub list_company: String,
    /// The company as reports name it: our company's name when the record maps to our database, else
    /// `list_company`.
    pub company: String,
    /// Tracker or ad.
    pub kind: CloakKind,
    /// The CNAME targets: a target matches itself and its subdomains (lowercase, no trailing dot).
    pub domains: Vec<String>,
    /// The id of our vendor behind the record, if there is one.
    pub vendor_id: Option<String>,
}

/// A CNAME chain that ends at (or passes through) a listed target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CloakMatch {
    /// The name in the chain that matched (`shop.example.eulerian.net`).
    pub target: String,
    /// The listed domain it matched (`eulerian.net`).
    pub domain: String,
    /// The company behind it ([`CloakRecord::company`]).
    pub company: String,
    /// Tracker or ad.
    pub kind: CloakKind,
    /// The id of our vendor behind it, if there is one.
    pub vendor_id: Option<String>,
}

/// Why a list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CloakListError {
    /// The text is not a JSON array of records.
    #[error(
        "invalid CNAME-tracker list: {0} (expected a JSON array of {{\"company_name\", \"type\": \"tracker\" or \"ad\", \"domains\": [...]}})"
    )]
    Json(#[from] serde_json::Error),
    /// A record is unusable.
    #[error("invalid CNAME-tracker list: record {index} ({company:?}): {problem}")]
    Record {
        /// Its position in the array, from 0.
        index: usize,
        /// Its `company_name`.
        company: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// A compiled list of CNAME-cloaking targets.
#[derive(Debug, Clone, Default)]
pub struct CloakList {
    records: Vec<CloakRecord>,
    /// Listed domain → record index.
    suffixes: HashMap<String, usize>,
}

#[derive(Deserialize)]
struct RawRecord {
    company_name: String,
    #[serde(rename = "type")]
    kind: CloakKind,
    domains: Vec<String>,
}

static BUNDLED: LazyLock<Arc<CloakList>> = LazyLock::new(|| {
    let list = CloakList::from_json(BUNDLED_JSON).expect("the bundled cname-trackers.json is valid (a test checks)");
    Arc::new(list.with_vendors(&Engine::builtin()))
});

impl CloakList {
    /// The bundled list, mapped to the built-in vendor database (compiled once per process). For a database
    /// with overlays, map a copy again: `CloakList::clone(&CloakList::bundled()).with_vendors(&engine)`.
    pub fn bundled() -> Arc<CloakList> {
        Arc::clone(&BUNDLED)
    }

    /// Reads a list in AdGuard's format, `[{"company_name", "type": "tracker"|"ad", "domains": [...]}]`
    /// (other fields are ignored), without vendor mapping (see [`CloakList::with_vendors`]). Every domain
    /// must be a host name of two labels or more, and listed once.
    pub fn from_json(json: &str) -> Result<CloakList, CloakListError> {
        let raw: Vec<RawRecord> = serde_json::from_str(json)?;
        let mut list = CloakList::default();
        for (index, r) in raw.into_iter().enumerate() {
            let problem = |problem: String| CloakListError::Record { index, company: r.company_name.clone(), problem };
            if r.company_name.trim().is_empty() {
                return Err(problem("empty company_name".into()));
            }
            if r.domains.is_empty() {
                return Err(problem("no domains".into()));
            }
            let mut domains = Vec::with_capacity(r.domains.len());
            for d in &r.domains {
                let domain = normalize(d);
                if !is_host_name(&domain) {
                    return Err(problem(format!("{d:?} is not a host name of two labels or more")));
                }
                if let Some(&other) = list.suffixes.get(&domain) {
                    let first = &list.records[other].list_company;
                    return Err(problem(format!("{domain:?} is already listed by {first:?}")));
                }
                list.suffixes.insert(domain.clone(), list.records.len());
                domains.push(domain);
            }
            let company = r.company_name.trim().to_string();
            list.records.push(CloakRecord {
                list_company: company.clone(),
                company,
                kind: r.kind,
                domains,
                vendor_id: None,
            });
        }
        Ok(list)
    }

    /// Maps every record to a vendor of `engine`'s database, by one of its domains or by name (see
    /// `vendor_map`); a record with no vendor of ours keeps the list's company name.
    #[must_use]
    pub fn with_vendors(mut self, engine: &Engine) -> CloakList {
        let names = vendor_map::NameIndex::new(engine.db());
        for record in &mut self.records {
            let mapped = vendor_map::map(engine, &names, &record.list_company, &record.domains);
            record.vendor_id = mapped.vendor_id;
            record.company = mapped.company.unwrap_or_else(|| record.list_company.clone());
        }
        self
    }

    /// Every record, in list order.
    pub fn records(&self) -> &[CloakRecord] {
        &self.records
    }

    /// The listed target a CNAME chain reaches, nearest hop first: a name matches a listed domain when it
    /// equals it or is a subdomain of it, label-aligned (`a.eulerian.net` matches `eulerian.net`,
    /// `xeulerian.net` does not).
    pub fn tracker_for(&self, chain: &[String]) -> Option<CloakMatch> {
        chain.iter().find_map(|name| {
            let name = normalize(name);
            let (domain, &i) = suffixes(&name).find_map(|s| self.suffixes.get_key_value(s))?;
            let r = &self.records[i];
            Some(CloakMatch {
                target: name.clone(),
                domain: domain.clone(),
                company: r.company.clone(),
                kind: r.kind,
                vendor_id: r.vendor_id.clone(),
            })
        })
    }
}

/// Lowercase, without surrounding space or the trailing dot.
pub(super) fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// `a.b.c`, `b.c`, `c`: the name and each suffix that starts after a dot, longest first.
fn suffixes(name: &str) -> impl Iterator<Item = &str> {
    std::iter::once(name).chain(name.match_indices('.').map(move |(i, _)| &name[i + 1..]))
}

/// Two or more labels of letters, digits, `-` and `_`, at most 63 bytes each.
fn is_host_name(name: &str) -> bool {
    name.len() <= 253
        && name.contains('.')
        && name.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}
