//! Which of our vendors is behind a record of the CNAME-tracker list: by one of its domains, else by name.

use std::collections::HashMap;

use crate::model::Category;
use crate::vendors::{Engine, UNKNOWN_COMPANY, VendorDb};

/// Normalised vendor and company names (and aliases) of a database.
pub(super) struct NameIndex {
    vendors: HashMap<String, usize>,
    companies: HashMap<String, usize>,
}

impl NameIndex {
    pub(super) fn new(db: &VendorDb) -> NameIndex {
        let mut vendors = HashMap::new();
        for (i, v) in db.vendors().iter().enumerate() {
            for name in std::iter::once(&v.name).chain(&v.aliases).chain(&v.proper_aliases) {
                vendors.entry(name_key(name)).or_insert(i);
            }
        }
        let mut companies = HashMap::new();
        for (i, c) in db.companies().iter().enumerate() {
            for name in std::iter::once(&c.name).chain(&c.aliases).chain(&c.proper_aliases) {
                companies.entry(name_key(name)).or_insert(i);
            }
        }
        vendors.remove("");
        companies.remove("");
        NameIndex { vendors, companies }
    }
}

/// What a record maps to.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Mapped {
    /// Our vendor's id.
    pub(super) vendor_id: Option<String>,
    /// Our company's name.
    pub(super) company: Option<String>,
}

/// Maps a record (its company name and CNAME targets) to a vendor of `engine`:
///
/// 1. a target that is one of a vendor's domains, or lies below one of them, unless that vendor is a
///    hosting provider or CDN that the target merely runs on (TraceDock's `*.elb.amazonaws.com` is not AWS
///    tracking) and lists it not itself;
/// 2. else the company name (without a parenthesis such as "(formerly XiTi)", letters and digits only,
///    any case) as a vendor's name or alias;
/// 3. else as a company's name or alias: that company's vendor if it has one only, else the company alone.
pub(super) fn map(engine: &Engine, names: &NameIndex, list_company: &str, domains: &[String]) -> Mapped {
    let db = engine.db();
    let by_domain = domains.iter().find_map(|d| {
        let (vendor, key) = engine.vendor_for_host(d)?;
        let platform = matches!(vendor.category, Category::Hosting | Category::Cdn);
        (key == d || !platform).then_some(vendor)
    });
    let key = name_key(list_company);
    let vendor = by_domain.or_else(|| names.vendors.get(&key).map(|&i| &db.vendors()[i]));
    if let Some(v) = vendor {
        let company = db.company_of(v);
        let company = (company.id != UNKNOWN_COMPANY).then(|| company.name.clone());
        return Mapped { vendor_id: Some(v.id.clone()), company };
    }
    let Some(&ci) = names.companies.get(&key) else {
        return Mapped::default();
    };
    let company = &db.companies()[ci];
    let mut owned = db.vendors().iter().filter(|v| v.company == company.id);
    let only = match (owned.next(), owned.next()) {
        (Some(v), None) => Some(v.id.clone()),
        _ => None,
    };
    Mapped { vendor_id: only, company: Some(company.name.clone()) }
}

/// `AT Internet (formerly XiTi)` → `atinternet`; `Parse.ly` → `parsely`.
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => key.extend(c.to_lowercase()),
            _ => {}
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        assert_eq!(name_key("AT Internet (formerly XiTi)"), "atinternet");
        assert_eq!(name_key("Parse.ly"), "parsely");
        assert_eq!(name_key("Act-On"), "acton");
        assert_eq!(name_key("(x)"), "");
    }

    #[test]
    fn domains_before_names_and_platforms_skipped() {
        let engine = Engine::builtin();
        let names = NameIndex::new(engine.db());
        let map = |company: &str, domains: &[&str]| {
            let domains: Vec<String> = domains.iter().map(|d| (*d).to_string()).collect();
            map(&engine, &names, company, &domains)
        };
        assert_eq!(map("Some Other Name", &["dnsdelegation.io"]).vendor_id.as_deref(), Some("criteo"));
        assert_eq!(map("Criteo", &["nothing-of-ours.test"]).vendor_id.as_deref(), Some("criteo"));
        assert_eq!(map("Nobody", &["x.eu-central-1.elb.amazonaws.com"]), Mapped::default());
        assert_eq!(map("Nobody", &["nothing-of-ours.test"]), Mapped::default());
        let keyade = map("Keyade", &["nothing-of-ours.test"]);
        assert!(keyade.company.is_some(), "a company of ours by name: {keyade:?}");
    }
}
