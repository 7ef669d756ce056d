//! The vendor database at scale: every tracking entity of third-party-web resolves to a vendor, and vendors
//! with no known company say so.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::trackaudit;
use predicates::prelude::*;
use trackaudit::vendors::{Engine, UNKNOWN_COMPANY, UNKNOWN_COMPANY_NAME};

/// third-party-web categories whose every domain must name a vendor.
const TRACKING: &[&str] =
    &["ad", "analytics", "social", "tag-manager", "marketing", "customer-success", "consent-provider"];

fn entities() -> Option<Vec<serde_json::Value>> {
    // Under CI a missing ../shared fails the test; elsewhere it is skipped with a message.
    let path = common::shared("data/third-party-web")?.join("entities.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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
        ("SpotX", "magnite"),
        ("DoubleClick for Publishers", "google"),
        ("DFP", "google"),
        ("AdMob", "google"),
        ("Crashlytics", "google"),
        ("Fabric", "google"),
        ("Parse", "meta"),
        ("SiteCatalyst", "adobe"),
        ("Demdex", "adobe"),
        ("Marketo", "adobe"),
        ("Eloqua", "oracle"),
        ("Datalogix", "oracle"),
        ("Moat", "oracle"),
        ("Grapeshot", "oracle"),
        ("eXelate", "nielsen"),
        ("Aggregate Knowledge", "transunion"),
        ("Neustar", "transunion"),
        ("Rocket Fuel", "zeta-global"),
        ("MediaMath", "infillion"),
        ("Right Media", "yahoo"),
        ("Flurry", "yahoo"),
        ("Turn", "nexxen"),
        ("Quantcast Measure", "quantcast"),
        ("Urban Airship", "airship"),
        ("Mixpanel", "mixpanel"),
        ("Kissmetrics", "kissmetrics"),
        ("Clearbit", "hubspot"),
        ("Segment", "twilio"),
        ("Webex", "cisco"),
        ("Splunk", "cisco"),
        ("Flashtalking", "mediaocean"),
        ("Box", "box"),
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

/// Companies among the largest whose ownership is not established yet (no source the maintainers trust says
/// who owns them now). The list may only shrink: each entry gets a `parent` or `independent = true` once checked.
const LINEAGE_NOT_CHECKED: &[&str] = &[
    "answers",
    "commanders-act",
    "edigital-research",
    "ensighten",
    "flixmedia",
    "fresh-relevance",
    "glassbox",
    "micro-analytics",
    "moving-pictures",
    "salecycle",
    "scale8",
    "scoota",
    "smartfocus",
    "tint",
    "ve",
];

/// The largest companies: by number of vendor domains, then of vendors, then by id; without `unknown`.
fn largest_companies(db: &trackaudit::vendors::VendorDb, n: usize) -> Vec<&trackaudit::vendors::Company> {
    let mut size: std::collections::HashMap<&str, (usize, usize)> = std::collections::HashMap::new();
    for v in db.vendors() {
        let e = size.entry(v.company.as_str()).or_default();
        e.0 += v.domains.len();
        e.1 += 1;
    }
    let mut ranked: Vec<_> = db.companies().iter().filter(|c| c.id != UNKNOWN_COMPANY).collect();
    ranked.sort_by_key(|c| {
        let (domains, vendors) = size.get(c.id.as_str()).copied().unwrap_or_default();
        (std::cmp::Reverse(domains), std::cmp::Reverse(vendors), c.id.clone())
    });
    ranked.truncate(n);
    ranked
}

#[test]
fn the_largest_companies_have_a_checked_lineage() {
    let engine = Engine::builtin();
    let db = engine.db();
    let top = largest_companies(db, 150);
    assert_eq!(top.len(), 150);
    let mut not_checked = Vec::new();
    for c in &top {
        assert!(!(c.independent && c.parent.is_some()), "{}: both a parent and independent", c.id);
        if c.parent.is_none() && !c.independent {
            not_checked.push(c.id.as_str());
        }
    }
    not_checked.sort_unstable();
    assert_eq!(not_checked, LINEAGE_NOT_CHECKED, "companies among the 150 largest with neither parent nor independent");
    for c in db.companies() {
        let chain: Vec<_> = db.lineage(c).collect();
        assert!(chain.len() < db.companies().len(), "{}: parent cycle", c.id);
        for pair in chain.windows(2) {
            assert_eq!(pair[0].parent.as_deref(), Some(pair[1].id.as_str()), "{}: parent resolves", c.id);
        }
        if let Some(p) = &chain.last().expect("the company itself").parent {
            panic!("{}: parent {p} does not resolve", c.id);
        }
        assert!(chain.iter().skip(1).all(|p| p.id != UNKNOWN_COMPANY), "{}: `unknown` is nobody's parent", c.id);
    }
}

#[test]
fn the_biggest_tracker_domains_show_their_company_chain() {
    let engine = Engine::builtin();
    let db = engine.db();
    for (domain, chain) in [
        ("doubleclick.net", "google>alphabet"),
        ("google-analytics.com", "google>alphabet"),
        ("googlesyndication.com", "google>alphabet"),
        ("facebook.net", "meta"),
        ("amazon-adsystem.com", "amazon"),
        ("adnxs.com", "microsoft"),
        ("bing.com", "microsoft"),
        ("bizographics.com", "linkedin>microsoft"),
        ("criteo.com", "criteo"),
        ("taboola.com", "taboola"),
        ("outbrain.com", "outbrain"),
        ("teads.tv", "teads>outbrain"),
        ("rubiconproject.com", "magnite"),
        ("spotxchange.com", "magnite"),
        ("pubmatic.com", "pubmatic"),
        ("casalemedia.com", "index-exchange"),
        ("adsrvr.org", "the-trade-desk"),
        ("scorecardresearch.com", "comscore"),
        ("yahoo.com", "yahoo>apollo"),
        ("aol.com", "yahoo>apollo"),
        ("demdex.net", "adobe"),
        ("bluekai.com", "oracle"),
        ("agkn.com", "neustar>transunion"),
        ("rfihub.com", "rocket-fuel>zeta-global"),
        ("flashtalking.com", "flashtalking>mediaocean"),
        ("tidaltv.com", "videology>amobee>nexxen"),
    ] {
        let (v, _) = engine.vendor_for_host(domain).unwrap_or_else(|| panic!("{domain}: no vendor"));
        let found: Vec<&str> = db.lineage(db.company_of(v)).map(|c| c.id.as_str()).collect();
        assert_eq!(found.join(">"), chain, "{domain} ({})", v.id);
    }
}

#[test]
fn show_names_bing_and_aol_and_an_independent_company() {
    trackaudit()
        .args(["vendors", "show", "bing.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains("company:    Microsoft Corporation (microsoft), independent"));
    trackaudit()
        .args(["vendors", "show", "aol.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains("company:    Yahoo Inc. (yahoo) → parent: Apollo Global Management"));
    trackaudit()
        .args(["vendors", "show", "box.com"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Box, Inc. (box), independent"));
}
