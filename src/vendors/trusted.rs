//! Reading the built-in database, which is known to be valid, without the work validation needs.
//!
//! A test and `scripts/build-vendors --check` validate `vendors.toml` with [`super::check`]; at run time the
//! file is read without spans and its values are not checked again. Anything unexpected (which the test rules
//! out) makes this reader give up, and the caller falls back to the validating path.

use std::collections::HashMap;

use super::schema::{PlainFile, RawCompany, RawVendor};
use super::{Company, Vendor, VendorDb};

/// The database in `text`, or `None` if it is not a valid vendors file as far as this reader can tell.
pub(crate) fn load(text: &str) -> Option<VendorDb> {
    let raw: PlainFile = toml::from_str(text).ok()?;
    let (parents, owners) = {
        let index: HashMap<&str, usize> = raw.company.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let find = |id: &str| index.get(id).copied();
        let parents: Option<Vec<Option<usize>>> =
            raw.company.iter().map(|c| c.parent.as_deref().map_or(Some(None), |p| find(p).map(Some))).collect();
        let owners: Option<Vec<usize>> = raw.vendor.iter().map(|v| find(&v.company)).collect();
        if index.len() != raw.company.len() {
            return None; // a duplicate company id
        }
        (parents?, owners?)
    };
    let companies = raw.company.into_iter().zip(parents).map(|(c, parent)| company(c, parent)).collect();
    let vendors: Option<Vec<Vendor>> = raw.vendor.into_iter().zip(owners).map(|(v, owner)| vendor(v, owner)).collect();
    let db = VendorDb::new(companies, vendors?);
    db.has_unique_ids().then_some(db)
}

fn company(c: RawCompany<String>, parent_index: Option<usize>) -> Company {
    Company {
        id: c.id,
        name: c.name,
        aliases: c.aliases,
        proper_aliases: c.proper_aliases,
        parent: c.parent,
        parent_index,
        independent: c.independent.is_some_and(|b| *b.get_ref()),
        country: c.country,
        privacy_policy: c.privacy_policy,
        sources: c.sources,
    }
}

fn vendor(v: RawVendor<String>, company_index: usize) -> Option<Vendor> {
    Some(Vendor {
        category: v.category.parse().ok()?,
        id: v.id,
        name: v.name,
        company: v.company,
        company_index,
        aliases: v.aliases,
        proper_aliases: v.proper_aliases,
        domains: v.domains,
        script_patterns: v.script_patterns,
        proxy_patterns: v.proxy_patterns,
        signatures: v.signatures,
        cookies: v.cookies,
        third_party_cookies: v.third_party_cookies,
        globals: v.globals,
        ids: v.ids,
        sources: v.sources,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{BUILTIN_TOML, builtin_file, check};

    #[test]
    fn the_built_in_database_reads_the_same_without_validation() {
        let fast = super::load(BUILTIN_TOML).expect("the trusted reader takes the built-in database");
        let (_, checked) = check::load(&[builtin_file()]);
        let checked = checked.expect("the built-in database is valid");
        assert_eq!(fast.companies(), checked.companies());
        assert_eq!(fast.vendors(), checked.vendors());
        assert!(fast.companies().iter().any(|c| c.independent), "`independent` is read");
    }
}
