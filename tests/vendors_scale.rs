//! The vendor database at scale: every tracking entity of third-party-web resolves to a vendor, and vendors
//! with no known company say so.

mod common;

use std::path::PathBuf;

use common::trackaudit;
use predicates::prelude::*;
use trackaudit::vendors::{Engine, UNKNOWN_COMPANY, UNKNOWN_COMPANY_NAME};

/// third-party-web categories whose every domain must name a vendor.
const TRACKING: &[&str] =
    &["ad", "analytics", "social", "tag-manager", "marketing", "customer-success", "consent-provider"];

fn entities() -> Option<Vec<serde_json::Value>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/third-party-web/entities.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not there", path.display());
        return None;
    };
    Some(serde_json::from_str(&text).expect("entities.json is a JSON array"))
}

#[test]
fn every_tracking_domain_of_third_party_web_resolves() {
    let Some(entities) = entities() else { return };
    let engine = Engine::builtin();
    let (mut checked, mut missing) = (0, Vec::new());
    for e in &entities {
        if !TRACKING.contains(&e["category"].as_str().unwrap_or_default()) {
            continue;
        }
        for d in e["domains"].as_array().into_iter().flatten().filter_map(|d| d.as_str()) {
            let host = d.trim_start_matches("*.").to_lowercase();
            if psl::domain_str(&host).is_none() {
                continue; // a public suffix (de.com, net.pl): no vendor may claim it
            }
            let url = url::Url::parse(&format!("https://{host}/")).expect("a host");
            checked += 1;
            if engine.vendor_for_url(&url).is_none() {
                missing.push(format!("{host} ({})", e["name"].as_str().unwrap_or_default()));
            }
        }
    }
    assert!(checked > 2000, "only {checked} tracking domains in entities.json");
    assert!(missing.is_empty(), "{} of {checked} domains resolve to no vendor: {missing:?}", missing.len());
}

#[test]
fn the_database_is_large_and_unknown_companies_are_honest() {
    let engine = Engine::builtin();
    let db = engine.db();
    assert!(db.vendors().len() >= 2000, "{} vendors", db.vendors().len());
    let unknown = db.company(UNKNOWN_COMPANY).expect("the reserved company is in the database");
    assert_eq!(unknown.name, UNKNOWN_COMPANY_NAME);
    assert!(unknown.aliases.is_empty() && unknown.parent.is_none());
    assert!(db.vendors().iter().any(|v| v.company == UNKNOWN_COMPANY));
    // Wappalyzer-only products have no company in their source: they are never given an invented one.
    let wappalyzer_only = db.vendors().iter().filter(|v| v.sources == ["wappalyzer-mit"]);
    assert!(wappalyzer_only.clone().any(|v| v.company == UNKNOWN_COMPANY));
    for v in wappalyzer_only.filter(|v| v.company != UNKNOWN_COMPANY) {
        let company = db.company_of(v);
        assert!(company.sources.iter().any(|s| s == "manual" || s == "third-party-web"), "{}: {}", v.id, company.id);
    }
}

#[test]
fn legacy_brand_names_resolve_to_their_owners() {
    let engine = Engine::builtin();
    let db = engine.db();
    let owner = |name: &str| -> Vec<String> {
        engine
            .aliases()
            .lookup(name)
            .into_iter()
            .map(|e| match e {
                trackaudit::vendors::aliases::Entity::Vendor(i) => {
                    let v = &db.vendors()[i];
                    db.lineage(db.company_of(v)).map(|c| c.id.clone()).collect::<Vec<_>>().join(">")
                }
                trackaudit::vendors::aliases::Entity::Company(i) => {
                    db.lineage(&db.companies()[i]).map(|c| c.id.clone()).collect::<Vec<_>>().join(">")
                }
            })
            .collect()
    };
    for (name, ancestor) in [
        ("Urchin", "google"),
        ("DoubleClick", "google"),
        ("Atlas", "meta"),
        ("Bizo", "microsoft"),
        ("AppNexus", "microsoft"),
        ("Xandr", "microsoft"),
        ("Omniture", "adobe"),
        ("Krux", "salesforce"),
        ("BlueKai", "oracle"),
        ("Sizmek", "amazon"),
        ("Rubicon Project", "magnite"),
        ("Telaria", "magnite"),
    ] {
        let found = owner(name);
        assert!(found.iter().any(|chain| chain.split('>').any(|c| c == ancestor)), "{name}: {found:?}, not {ancestor}");
    }
}

#[test]
fn show_a_domain_shows_its_vendor() {
    trackaudit()
        .args(["vendors", "show", "amazon.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains("matched by: domain amazon.com"))
        .stdout(predicate::str::contains(", company\n").not());
    trackaudit()
        .args(["vendors", "show", "adnxs.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Xandr (xandr)"))
        .stdout(predicate::str::contains("Microsoft Corporation (microsoft)"));
    trackaudit()
        .args(["vendors", "show", "https://cdn.taboola.com/libtrc/x/loader.js"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Taboola"));
}

#[test]
fn show_says_when_the_company_is_not_known() {
    let engine = Engine::builtin();
    let v = engine.db().vendors().iter().find(|v| v.company == UNKNOWN_COMPANY).expect("one");
    trackaudit()
        .args(["vendors", "show", &v.id])
        .assert()
        .success()
        .stdout(predicate::str::contains("company:    not known"));
}
