use super::*;
use crate::vendors::{SourceFile, VendorDb};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gvl/vendor-list.json");

fn fixture() -> Gvl {
    Gvl::load(FIXTURE).unwrap()
}

/// A database of `toml` alone.
fn db(toml: &str) -> VendorDb {
    VendorDb::from_files(&[SourceFile { name: "test.toml".into(), text: toml.into() }]).unwrap()
}

#[test]
fn reads_a_v3_list() {
    let gvl = fixture();
    assert_eq!(gvl.source.as_deref(), Some(FIXTURE));
    assert_eq!(gvl.specification_version, Some(3));
    assert_eq!(gvl.vendor_list_version, 137);
    assert_eq!(gvl.tcf_policy_version, Some(4));
    assert_eq!(gvl.last_updated.as_deref(), Some("2024-01-04T16:05:23Z"));
    assert_eq!(gvl.purposes.len(), 11);
    assert_eq!(gvl.purpose_name(1), Some("Store and/or access information on a device"));
    assert_eq!(gvl.vendors.len(), 10);
    let google = gvl.vendor(755).unwrap();
    assert_eq!(google.name, "Google Advertising Products");
    assert_eq!(google.purposes, [1, 3, 4]);
    assert_eq!(google.leg_int_purposes, [2, 7, 9, 10]);
    assert_eq!(google.flexible_purposes, [2, 7, 9, 10]);
    assert_eq!(google.policy_urls, ["https://business.safety.google/privacy/"]);
    assert_eq!(google.policy_domains, ["safety.google"]);
    assert_eq!(google.cookie_max_age_seconds, Some(34_190_000));
    assert_eq!(google.uses_cookies, Some(true));
    assert!(!google.deleted);
    assert_eq!(gvl.vendor(42).unwrap().policy_domains, ["taboola.com"]);
    assert!(gvl.vendor(9002).unwrap().deleted);
}

#[test]
fn reads_a_v2_list_with_policy_url() {
    let gvl = Gvl::parse(
        r#"{"vendorListVersion": 48, "lastUpdated": "2020-08-13T16:00:19Z",
            "purposes": {"1": {"id": 1, "name": "Store and/or access information on a device"}},
            "vendors": {"91": {"id": 91, "name": "Criteo SA", "purposes": [1, 3, 3], "legIntPurposes": [],
                               "flexiblePurposes": null, "policyUrl": "https://www.criteo.com/privacy/",
                               "cookieMaxAgeSeconds": 33696000.0}}}"#,
    )
    .unwrap();
    assert_eq!((gvl.specification_version, gvl.vendor_list_version), (None, 48));
    let criteo = gvl.vendor(91).unwrap();
    assert_eq!(criteo.purposes, [1, 3]);
    assert!(criteo.flexible_purposes.is_empty());
    assert_eq!(criteo.policy_domains, ["criteo.com"]);
    assert_eq!(criteo.cookie_max_age_seconds, Some(33_696_000));
    assert_eq!(criteo.uses_cookies, None);
}

#[test]
fn errors_say_what_is_wrong() {
    let message = |text: &str| Gvl::parse(text).unwrap_err().to_string();
    assert!(message("<html>").starts_with("the Global Vendor List is not JSON: expected value at line 1"));
    assert!(message("[1, 2]").contains("no \"vendors\" object (it is not a JSON object)"));
    assert!(message(r#"{"vendorListVersion": 1}"#).contains("is this IAB's vendor-list.json"));
    assert!(message(r#"{"vendors": {}}"#).contains("no numeric \"vendorListVersion\""));
    let vendor = |v: &str| message(&format!(r#"{{"vendorListVersion": 1, "vendors": {{"7": {v}}}}}"#));
    assert_eq!(vendor(r#"{"name": "X"}"#), r#"vendor "7" of the Global Vendor List has no "id""#);
    assert_eq!(vendor(r#"{"id": 7}"#), r#"vendor "7" of the Global Vendor List has no "name""#);
    assert_eq!(vendor(r#"{"id": 7, "name": "  "}"#), r#"vendor "7" of the Global Vendor List has no "name""#);
    assert!(vendor(r#"{"id": 8, "name": "X"}"#).ends_with("has the id 8, which differs from its key"));
    assert!(vendor(r#"{"id": 70000, "name": "X"}"#).ends_with("outside 1 to 65535"));
    assert!(vendor(r#"{"id": "7", "name": "X"}"#).ends_with("which is not a whole number"));
    assert!(vendor(r#"{"id": 7, "name": "X", "purposes": ["1"]}"#).contains("has \"1\" in \"purposes\""));
    assert!(vendor(r#"{"id": 7, "name": "X", "legIntPurposes": 2}"#).contains("\"legIntPurposes\" that is not"));
    assert!(vendor("[]").ends_with("is not an object"));
    let purpose = message(r#"{"vendorListVersion": 1, "vendors": {}, "purposes": {"1": {"id": 1}}}"#);
    assert_eq!(purpose, r#"purpose "1" of the Global Vendor List has no "name""#);

    let missing = Gvl::load("/nonexistent/vendor-list.json").unwrap_err().to_string();
    assert!(missing.starts_with("cannot read the Global Vendor List /nonexistent/vendor-list.json: "), "{missing}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendor-list.json");
    std::fs::write(&path, b"{\"vendors\": {}, \"vendorListVersion\": \xff}").unwrap();
    let error = Gvl::load(&path).unwrap_err().to_string();
    assert!(error.starts_with(&format!("{}: the Global Vendor List is not JSON: not UTF-8", path.display())));
}

#[test]
fn what_a_list_can_make_it_hold_is_bounded() {
    let many: Vec<String> = (1..=65_536).map(|i| format!(r#""{i}":{{}}"#)).collect();
    let text = format!(r#"{{"vendorListVersion": 1, "vendors": {{{}}}}}"#, many.join(","));
    assert_eq!(
        Gvl::parse(&text).unwrap_err().to_string(),
        "the Global Vendor List has 65,536 vendors, more than the 65,535 ids TC strings can name"
    );
    let long = "n".repeat(5000);
    let urls: Vec<String> = (0..40).map(|i| format!(r#"{{"privacy": "https://p{i}.example/{long}"}}"#)).collect();
    let text = format!(
        r#"{{"vendorListVersion": 1, "vendors": {{"5": {{"id": 5, "name": "{long}", "urls": [{}]}}}}}}"#,
        urls.join(",")
    );
    let gvl = Gvl::parse(&text).unwrap();
    let v = gvl.vendor(5).unwrap();
    assert_eq!(v.name.chars().count(), MAX_NAME_CHARS);
    assert_eq!(v.policy_urls.len(), 16);
    assert!(v.policy_urls.iter().all(|u| u.chars().count() == MAX_URL_CHARS));
    let huge = " ".repeat(MAX_GVL_BYTES as usize + 1);
    assert!(matches!(Gvl::parse(&huge), Err(GvlError::TooLarge { .. })));
}

#[test]
fn names_are_normalised_without_their_legal_form() {
    assert_eq!(normalise_name("Criteo S.A."), "criteo");
    assert_eq!(normalise_name("Criteo SA"), "criteo");
    assert_eq!(normalise_name("Xandr, Inc."), "xandr");
    assert_eq!(normalise_name("Taboola Europe Limited"), "taboola europe");
    assert_eq!(normalise_name("Adition technologies GmbH & Co. KG"), "adition technologies");
    assert_eq!(normalise_name("Sirdata SAS"), "sirdata");
    assert_eq!(normalise_name("Widespace B.V."), "widespace");
    assert_eq!(normalise_name("The Trade Desk, Inc."), "the trade desk");
    assert_eq!(normalise_name("Google Advertising Products"), "google advertising products");
    assert_eq!(normalise_name("Amazon.com, Inc."), "amazon com");
    // A legal form alone is a name, not a suffix.
    assert_eq!(normalise_name("S.A."), "sa");
}

#[test]
fn matches_the_fixture_to_the_built_in_database() {
    let matches = match_vendors(&fixture(), &VendorDb::builtin());
    let expected: GvlMatches = [
        ("amazon-ads", 793),
        ("criteo", 91),
        ("doubleclick", 755),
        ("google-ad-manager", 755),
        ("google-ads", 755),
        ("google-adsense", 755),
        ("microsoft-uet", 1126),
        ("quantcast", 11),
        ("taboola", 42),
        ("the-trade-desk", 21),
        ("xandr", 32),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), vec![v]))
    .collect();
    assert_eq!(matches, expected);
}

#[test]
fn never_matches_generic_names_deleted_vendors_or_shared_domains() {
    let gvl = Gvl::parse(
        r#"{"vendorListVersion": 1, "vendors": {
            "1": {"id": 1, "name": "Digital Media GmbH", "policyUrl": "https://acme.test/privacy"},
            "2": {"id": 2, "name": "Acme Tracker", "deletedDate": "2022-01-01T00:00:00Z"},
            "3": {"id": 3, "name": "Globex Europe", "policyUrl": "https://www.globex.test/privacy"},
            "4": {"id": 4, "name": "Globex Labs", "policyUrl": "https://legal.globex.test/p"},
            "5": {"id": 5, "name": "Initech Ads Ltd", "policyUrl": "https://initech.test/privacy"},
            "6": {"id": 6, "name": "Umbrella Ltd", "policyUrl": "https://hooli.test/privacy"}}}"#,
    )
    .unwrap();
    let db = db(r#"
        [[company]]
        id = "acme"
        name = "Acme Ltd"
        [[company]]
        id = "hooli"
        name = "Hooli Inc."
        [[vendor]]
        id = "digital-media"
        name = "Digital Media"
        company = "acme"
        category = "advertising"
        [[vendor]]
        id = "acme-tracker"
        name = "Acme Tracker"
        company = "acme"
        category = "advertising"
        domains = ["acme.test"]
        [[vendor]]
        id = "globex"
        name = "Globex"
        company = "acme"
        category = "advertising"
        domains = ["globex.test"]
        [[vendor]]
        id = "initech"
        name = "Initech"
        company = "hooli"
        category = "advertising"
        domains = ["cdn.initech.test"]
        [[vendor]]
        id = "hooli"
        name = "Hooli Analytics"
        company = "hooli"
        category = "analytics"
        domains = ["hooli.test"]
    "#);
    // 1: a generic name, and a domain whose name is not in the GVL name; 2: deleted; 3 and 4: a domain two
    // GVL vendors share; 6: the domain's name ("hooli") is not a word of "Umbrella". Only 5 matches, by its
    // policy's domain.
    let matches = match_vendors(&gvl, &db);
    assert_eq!(matches, [("initech".to_string(), vec![5])].into_iter().collect::<GvlMatches>());
}

#[test]
fn matches_by_company_only_for_a_company_s_single_tracking_vendor() {
    let gvl = Gvl::parse(
        r#"{"vendorListVersion": 1, "vendors": {
            "1": {"id": 1, "name": "Acme Holdings S.A."}, "2": {"id": 2, "name": "Hooli Inc"}}}"#,
    )
    .unwrap();
    let db = db(r#"
        [[company]]
        id = "acme"
        name = "Acme Holdings SA"
        [[company]]
        id = "hooli"
        name = "Hooli Inc."
        [[vendor]]
        id = "acme-pixel"
        name = "Acme Pixel"
        company = "acme"
        category = "advertising"
        [[vendor]]
        id = "acme-cdn"
        name = "Acme CDN"
        company = "acme"
        category = "cdn"
        [[vendor]]
        id = "hooli-ads"
        name = "Hooli Ads"
        company = "hooli"
        category = "advertising"
        [[vendor]]
        id = "hooli-analytics"
        name = "Hooli Analytics"
        company = "hooli"
        category = "analytics"
    "#);
    let matches = match_vendors(&gvl, &db);
    assert_eq!(matches, [("acme-pixel".to_string(), vec![1])].into_iter().collect::<GvlMatches>());
}
