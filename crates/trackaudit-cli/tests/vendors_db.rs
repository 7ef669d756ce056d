//! The built-in vendor database, its matching engine, and `trackaudit vendors check|list|show`.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::trackaudit;
use predicates::prelude::*;
use trackaudit::vendors::{Engine, VendorDb, check, read_file};

/// Products the foundation issue names as "must cover".
const REQUIRED: &[&str] = &[
    "google-analytics",
    "google-tag-manager",
    "google-ads",
    "doubleclick",
    "google-adsense",
    "google-ad-manager",
    "meta-pixel",
    "facebook-sdk",
    "criteo",
    "linkedin-insight",
    "tiktok-pixel",
    "x-pixel",
    "pinterest-tag",
    "snap-pixel",
    "reddit-pixel",
    "microsoft-uet",
    "microsoft-clarity",
    "hotjar",
    "fullstory",
    "mouseflow",
    "crazy-egg",
    "lucky-orange",
    "quantcast",
    "taboola",
    "outbrain",
    "amazon-ads",
    "adobe-analytics",
    "adobe-experience-cloud",
    "segment",
    "mixpanel",
    "amplitude",
    "heap",
    "hubspot",
    "marketo",
    "intercom",
    "drift",
    "zendesk",
    "matomo-cloud",
    "yandex-metrica",
    "cloudflare-web-analytics",
    "stripe",
    "paypal",
    "youtube",
    "vimeo",
    "google-fonts",
    "jsdelivr",
    "cdnjs",
    "unpkg",
    "onetrust",
    "cookiebot",
    "termly",
    "didomi",
    "usercentrics",
    "accessibe",
];

#[test]
fn builtin_database_is_valid_and_large_enough() {
    let (report, db) = check::load(&[trackaudit::vendors::builtin_file()]);
    assert!(!report.has_errors(), "{report}");
    assert!(report.problems.is_empty(), "the built-in file should not even have warnings:\n{report}");
    let db = db.unwrap();
    assert!(db.vendors().len() >= 300, "{} vendors", db.vendors().len());
    for id in REQUIRED {
        assert!(db.vendor(id).is_some(), "vendor {id} missing");
    }
    for v in db.vendors() {
        assert!(!v.sources.is_empty(), "{} has no sources", v.id);
    }
}

#[test]
fn builtin_database_reads_the_same_without_validation() {
    // The built-in file is read at run time without spans or checks; it must give what validation gives.
    let (_, validated) = check::load(&[trackaudit::vendors::builtin_file()]);
    let validated = validated.expect("valid built-in database");
    let fast = VendorDb::load_builtin();
    assert_eq!(fast.companies(), validated.companies());
    assert_eq!(fast.vendors(), validated.vendors());
}

#[test]
fn company_lineage_runs_to_the_parent() {
    let db = VendorDb::builtin();
    let dc = db.vendor("doubleclick").unwrap();
    let names: Vec<&str> = db.lineage(db.company_of(dc)).map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Google LLC", "Alphabet Inc."]);
    let bizo = db.vendor("bizo").unwrap();
    let ids: Vec<&str> = db.lineage(db.company_of(bizo)).map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["linkedin", "microsoft"]);
}

#[test]
fn engine_attributes_hosts_urls_cookies_snippets_and_ids() {
    let e = Engine::builtin();
    let host = |h: &str| e.vendor_for_host(h).map(|(v, _)| v.id.clone());
    assert_eq!(host("stats.g.doubleclick.net").as_deref(), Some("doubleclick"));
    assert_eq!(host("www.google-analytics.com").as_deref(), Some("google-analytics"));
    assert_eq!(host("cdnjs.cloudflare.com").as_deref(), Some("cdnjs"), "a listed host beats its registrable domain");
    assert_eq!(host("static.hotjar.com").as_deref(), Some("hotjar"));
    assert_eq!(host("www.example.com"), None);
    assert_eq!(host("com"), None);

    let url = |u: &str| e.vendor_for_url(&url::Url::parse(u).unwrap()).map(|(v, _)| v.id.clone());
    assert_eq!(url("https://www.googletagmanager.com/gtag/js?id=G-ABCDEF1234").as_deref(), Some("google-analytics"));
    assert_eq!(url("https://www.googletagmanager.com/gtm.js?id=GTM-ABC123").as_deref(), Some("google-tag-manager"));
    assert_eq!(url("https://www.googletagmanager.com/gtag/js?id=AW-123456789").as_deref(), Some("google-ads"));
    assert_eq!(url("https://connect.facebook.net/en_US/fbevents.js").as_deref(), Some("meta-pixel"));
    assert_eq!(url("https://connect.facebook.net/en_US/sdk.js").as_deref(), Some("facebook-sdk"));

    let cookie = |c: &str| e.vendor_for_cookie(c).map(|(v, _)| v.id.clone());
    assert_eq!(cookie("_ga").as_deref(), Some("google-analytics"));
    assert_eq!(cookie("_ga_ABC123XYZ").as_deref(), Some("google-analytics"));
    assert_eq!(cookie("_fbp").as_deref(), Some("meta-pixel"));
    assert_eq!(cookie("_hjSessionUser_123456").as_deref(), Some("hotjar"));
    assert_eq!(cookie("sessionid"), None);

    let snippet = r#"!function(f,b,e,v,n,t,s){...}(window,document,'script','https://connect.facebook.net/en_US/fbevents.js');
        fbq("init", "123456789012345"); fbq('track', 'PageView');"#;
    let sigs: Vec<String> = e.signatures_in(snippet).into_iter().map(|(v, _)| v.id.clone()).collect();
    assert!(sigs.contains(&"meta-pixel".to_string()), "{sigs:?}");
    let ids: Vec<(String, String)> = e.ids_in(snippet).into_iter().map(|(v, id)| (v.id.clone(), id)).collect();
    assert!(ids.contains(&("meta-pixel".into(), "123456789012345".into())), "{ids:?}");

    let gtag = "gtag('config', 'G-ABCDEF1234'); gtag('config', 'AW-987654321'); (window,document,'script','dataLayer','GTM-K9X2ZQ');";
    let ids: Vec<String> = e.ids_in(gtag).into_iter().map(|(_, id)| id).collect();
    for want in ["G-ABCDEF1234", "AW-987654321", "GTM-K9X2ZQ"] {
        assert!(ids.iter().any(|i| i == want), "{want} not in {ids:?}");
    }
    let li = "_linkedin_partner_id = \"4567890\"; window._linkedin_data_partner_ids.push(_linkedin_partner_id);";
    let ids: Vec<(String, String)> = e.ids_in(li).into_iter().map(|(v, id)| (v.id.clone(), id)).collect();
    assert!(ids.contains(&("linkedin-insight".into(), "4567890".into())), "{ids:?}");
    assert!(e.signatures_in("var graph = ga; synonym(x); f(b)").is_empty(), "ordinary code is not a snippet");
}

#[test]
fn aliases_are_word_bounded_and_ordinary_words_need_capitals() {
    let e = Engine::builtin();
    let db = e.db();
    let names = |text: &str| -> Vec<String> {
        e.aliases()
            .find(text)
            .into_iter()
            .map(|h| match h.entity {
                trackaudit::vendors::aliases::Entity::Vendor(i) => db.vendors()[i].id.clone(),
                trackaudit::vendors::aliases::Entity::Company(i) => db.companies()[i].id.clone(),
            })
            .collect()
    };
    assert!(names("we segment users by heap size, signal drift and amplitude, for clarity").is_empty());
    assert_eq!(names("Events go to Segment and Amplitude."), ["segment", "amplitude"]);
    assert_eq!(names("We use google analytics and GOOGLE TAG MANAGER."), ["google-analytics", "google-tag-manager"]);
    assert!(names("Googlebot crawls cheap pages").is_empty());
    assert_eq!(names("Meta Pixel, then Facebook, then Meta."), ["meta-pixel", "meta", "meta"]);
    assert!(names("metadata and meta tags").is_empty());
}

#[test]
fn aliases_that_begin_with_punctuation_or_end_inside_words() {
    let toml = r#"
[[company]]
id = "acme"
name = "Acme Holdings"
sources = ["manual"]

[[vendor]]
id = "acme-247"
name = "[24]7 Chat"
company = "acme"
category = "customer-support"
aliases = ["Acme Ads", "Acme Ads Plus+"]
sources = ["manual"]
"#;
    let file = trackaudit::vendors::SourceFile { name: "test.toml".into(), text: toml.into() };
    let db = std::sync::Arc::new(VendorDb::from_files(&[file]).expect("valid file"));
    let e = Engine::new(db);
    let hits = |text: &str| -> Vec<String> {
        e.aliases().find(text).into_iter().map(|h| text[h.start..h.end].to_string()).collect()
    };
    assert_eq!(hits("We use [24]7 Chat and acme ads."), ["[24]7 Chat", "acme ads"]);
    assert_eq!(hits("xacme ads, Acme Adsense, Acme Holdings"), ["Acme Holdings"], "word-bounded only");
    assert_eq!(hits("ACME ADS PLUS+x"), ["ACME ADS PLUS+"], "the longest wins, and may touch a letter after `+`");
}

#[test]
fn check_names_the_line_of_each_problem() {
    let out = trackaudit()
        .args(["vendors", "check", "fixtures/vendors/broken.toml", "--standalone"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for (line, words) in [
        (13, "alias \"Acme\" is claimed by company \"globex\" and by company \"acme\" (line 7)"),
        (14, "invalid country \"usa\""),
        (24, "duplicate vendor id \"acme-pixel\" (first defined at line 17)"),
        (32, "unknown company \"initech\""),
        (40, "bad pattern"),
        (47, "invalid domain \"https://acme.test/x\""),
        (47, "invalid domain \"co.uk\": it is a public suffix"),
        (53, "unknown category \"trackers\""),
    ] {
        let prefix = format!("fixtures/vendors/broken.toml:{line}:");
        assert!(
            out.lines().any(|l| l.starts_with(&prefix) && l.contains(words)),
            "no line {line} saying {words:?} in:\n{out}"
        );
    }
    assert!(out.contains("8 error(s)"), "{out}");
}

#[test]
fn check_rejects_a_company_with_a_parent_that_is_independent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lineage.toml");
    let text = "[[company]]\nid = \"acme\"\nname = \"Acme Ltd\"\nparent = \"google\"\nindependent = true\n";
    std::fs::write(&path, text).unwrap();
    trackaudit()
        .args(["vendors", "check", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("lineage.toml:5:").and(predicate::str::contains("keep one of them")));
    std::fs::write(&path, text.replace("parent = \"google\"\n", "")).unwrap();
    trackaudit().args(["vendors", "check", path.to_str().unwrap()]).assert().success();
}

#[test]
fn check_reports_a_syntax_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[[vendor]]\nid = \"x\"\nname = \"X\ncompany = \"y\"\n").unwrap();
    trackaudit()
        .args(["vendors", "check", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("bad.toml:3:").and(predicate::str::contains("not a valid vendors file")));
    std::fs::write(
        &path,
        "[[vendor]]\nid = \"x\"\nname = \"X\"\ncompany = \"google\"\ncategory = \"other\"\ncolour = \"red\"\n",
    )
    .unwrap();
    trackaudit()
        .args(["vendors", "check", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unknown field `colour`"));
}

#[test]
fn overlay_merges_over_the_builtin_database() {
    let files =
        [trackaudit::vendors::builtin_file(), read_file(&common::repo_path("fixtures/vendors/overlay.toml")).unwrap()];
    let db = VendorDb::from_files(&files).unwrap();
    let builtin = VendorDb::builtin();
    assert_eq!(db.vendors().len(), builtin.vendors().len() + 2);
    assert_eq!(db.company_of(db.vendor("google-internal-widget").unwrap()).id, "google");
    trackaudit()
        .args(["vendors", "check", "fixtures/vendors/overlay.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("overlay.toml: ok (2 vendor(s), 1 company(ies) in the file"));
    trackaudit()
        .args(["vendors", "show", "beacon.acme-metrics.test", "--vendors", "fixtures/vendors/overlay.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Acme Beacon (acme-beacon)").and(predicate::str::contains("Acme Corp.")));
}

#[test]
fn show_names_vendor_company_and_parent() {
    trackaudit().args(["vendors", "show", "doubleclick.net"]).assert().success().stdout(
        predicate::str::contains("DoubleClick (doubleclick)")
            .and(predicate::str::contains("Google LLC (google) → parent: Alphabet Inc. (alphabet)"))
            .and(predicate::str::contains("matched by: domain doubleclick.net")),
    );
    trackaudit().args(["vendors", "show", "_fbp"]).assert().success().stdout(predicate::str::contains("Meta Pixel"));
    trackaudit()
        .args(["vendors", "show", "Google Analytics"])
        .assert()
        .success()
        .stdout(predicate::str::contains("google-analytics"));
    trackaudit()
        .args(["vendors", "show", "google"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Google LLC (google), company"));
    let json = trackaudit()
        .args(["vendors", "show", "hotjar", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v[0]["kind"], "vendor");
    assert_eq!(v[0]["vendor"]["category"], "session-replay");
    trackaudit()
        .args(["vendors", "show", "no-such-thing-anywhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing in the vendor database matches"));
}

#[test]
fn list_filters_by_category() {
    let out = trackaudit()
        .args(["vendors", "list", "--category", "session-replay", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("id,name,company,company_name,category,domains,aliases\n"));
    assert!(out.contains("\nhotjar,Hotjar,hotjar,"));
    assert!(out.lines().skip(1).all(|l| l.contains(",session-replay,")), "{out}");
    trackaudit()
        .args(["vendors", "list", "--category", "spyware"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown category"));
}
