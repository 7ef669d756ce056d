//! Which vendors of the database are which vendors of the Global Vendor List. Precision first: a wrong match
//! would blame a vendor for another's missing consent, so only these count, and never a deleted GVL vendor:
//!
//! 1. a name: the GVL name, normalised ([`normalise_name`]: case, punctuation and legal suffixes such as
//!    "GmbH", "Inc.", "S.A." dropped), equal to the vendor's name or one of its aliases, normalised alike;
//! 2. a company: the GVL name equal to the name or an alias of the vendor's company, when that vendor is
//!    the company's only tracking vendor (a company's CDN is not its ad platform);
//! 3. for a GVL vendor no name matched, a domain: the registrable domain of its privacy policy among the
//!    vendor's own domains, when no other GVL vendor's policy is on that domain, only one vendor of the
//!    database has it, and the domain's name (`taboola` of `taboola.com`) is a word of the GVL name;
//! 4. (before 3) a few GVL names that stand for several products of the database ([`GROUPS`]).
//!
//! A name made only of generic words ("Digital Media", "Advertising") or shorter than three characters is
//! never matched.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Gvl;
use crate::vendors::{UNKNOWN_COMPANY, VendorDb};

/// The vendor database's id of each matched vendor → its GVL ids, sorted.
pub type GvlMatches = BTreeMap<String, Vec<u16>>;

/// Legal-form words dropped from the end of a name.
const LEGAL_SUFFIXES: &[&str] = &[
    "ab",
    "ag",
    "as",
    "asa",
    "bv",
    "co",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "oy",
    "plc",
    "pty",
    "sa",
    "sarl",
    "sas",
    "sasu",
    "se",
    "sl",
    "spa",
    "srl",
];

/// Words that say what a company does, not who it is: a name of these alone matches nothing.
const GENERIC: &[&str] = &[
    "ad",
    "ads",
    "adtech",
    "advertising",
    "agency",
    "analytics",
    "and",
    "audience",
    "cloud",
    "consent",
    "cookie",
    "cookies",
    "data",
    "digital",
    "europe",
    "global",
    "group",
    "holding",
    "holdings",
    "interactive",
    "international",
    "labs",
    "marketing",
    "media",
    "mobile",
    "network",
    "networks",
    "of",
    "one",
    "online",
    "partners",
    "pixel",
    "platform",
    "products",
    "services",
    "smart",
    "software",
    "solutions",
    "systems",
    "tag",
    "tech",
    "technologies",
    "technology",
    "the",
    "video",
    "web",
];

/// GVL names (normalised) that stand for several products of the database, and those products' ids.
pub const GROUPS: &[(&str, &[&str])] =
    &[("google advertising products", &["google-ads", "doubleclick", "google-adsense", "google-ad-manager"])];

/// `name` in lower case, words separated by one space, runs of single letters joined (`S.A.` as `sa`),
/// and legal-form words dropped from its end ("Criteo S.A." → `criteo`, "Xandr, Inc." → `xandr`).
pub fn normalise_name(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut words: Vec<String> = Vec::new();
    let mut joining = false;
    for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let single = word.chars().count() == 1;
        match words.last_mut() {
            Some(last) if single && joining => last.push_str(word),
            _ => words.push(word.to_string()),
        }
        joining = single;
    }
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(&w.as_str())) {
        words.pop();
    }
    words.join(" ")
}

/// Whether a normalised name may be matched: three characters or more, and a word that is not generic.
fn distinctive(name: &str) -> bool {
    name.chars().count() >= 3 && name.split(' ').any(|w| !GENERIC.contains(&w))
}

/// Matches the GVL's vendors to the database's (see the module's documentation for the rules).
pub fn match_vendors(gvl: &Gvl, db: &VendorDb) -> GvlMatches {
    let live = || gvl.vendors.values().filter(|v| !v.deleted);
    let mut by_name: HashMap<String, Vec<u16>> = HashMap::new();
    for v in live() {
        let name = normalise_name(&v.name);
        if distinctive(&name) {
            by_name.entry(name).or_default().push(v.id);
        }
    }
    fn lookup<'a>(by_name: &HashMap<String, Vec<u16>>, names: impl IntoIterator<Item = &'a String>) -> Vec<u16> {
        names.into_iter().filter_map(|n| by_name.get(&normalise_name(n))).flatten().copied().collect()
    }
    let mut tracking: HashMap<&str, usize> = HashMap::new();
    for v in db.vendors().iter().filter(|v| v.category.is_tracking()) {
        *tracking.entry(v.company.as_str()).or_default() += 1;
    }
    let mut out: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    for vendor in db.vendors() {
        let mut ids = lookup(&by_name, std::iter::once(&vendor.name).chain(&vendor.aliases));
        let company = db.company_of(vendor);
        if company.id != UNKNOWN_COMPANY
            && vendor.category.is_tracking()
            && tracking.get(company.id.as_str()) == Some(&1)
        {
            ids.extend(lookup(&by_name, std::iter::once(&company.name).chain(&company.aliases)));
        }
        if !ids.is_empty() {
            out.entry(vendor.id.clone()).or_default().extend(ids);
        }
    }
    for (name, products) in GROUPS {
        for id in by_name.get(*name).into_iter().flatten() {
            for product in products.iter().filter(|p| db.vendor(p).is_some()) {
                out.entry((*product).to_string()).or_default().insert(*id);
            }
        }
    }
    // Policy domains, for GVL vendors no name matched: distinctive among the GVL's vendors, and held by one
    // vendor of the database.
    let named: BTreeSet<u16> = out.values().flatten().copied().collect();
    let mut gvl_domains: HashMap<&str, Vec<u16>> = HashMap::new();
    for v in live() {
        for d in &v.policy_domains {
            gvl_domains.entry(d.as_str()).or_default().push(v.id);
        }
    }
    let mut our_domains: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for vendor in db.vendors() {
        for d in &vendor.domains {
            our_domains.entry(crate::site::registrable_domain(d)).or_default().insert(vendor.id.as_str());
        }
    }
    for (domain, ids) in &gvl_domains {
        let [id] = ids.as_slice() else { continue };
        if named.contains(id) {
            continue;
        }
        let label = domain.split('.').next().unwrap_or_default();
        let name = normalise_name(&gvl.vendors[id].name);
        if !distinctive(label) || !name.split(' ').any(|w| w == label) {
            continue;
        }
        if let Some(ours) = our_domains.get(*domain).filter(|o| o.len() == 1) {
            out.entry(ours.iter().next().copied().unwrap_or_default().to_string()).or_default().insert(*id);
        }
    }
    out.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect()
}
