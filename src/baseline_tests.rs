use super::*;
use crate::model::{Category, Finding, VendorRef, Verdict};

fn report(site: &str, vendors: &[&str]) -> AuditReport {
    let mut r = AuditReport::started("https://x.test/");
    r.site = site.into();
    r.findings = vendors
        .iter()
        .map(|id| Finding {
            vendor: VendorRef {
                id: (*id).into(),
                name: id.to_uppercase(),
                company: "Co".into(),
                category: Category::Analytics,
            },
            verdict: Verdict::Undisclosed,
            quote: None,
            quote_source: None,
            reason: "the policy does not name it".into(),
            ids: Vec::new(),
            evidence: Vec::new(),
            consent_states: Vec::new(),
            accepted: None,
        })
        .collect();
    r
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn entries_accept_by_vendor_site_and_date() {
    let b: Baseline = toml::from_str(
        r#"
        [[accept]]
        vendor = "hotjar"
        reason = "DPA signed"
        until = 2027-01-31

        [[accept]]
        vendor = "criteo"
        site = "shop.test"
        reason = "campaign until March"
        "#,
    )
    .unwrap();
    b.validate().unwrap();
    let mut r = report("shop.test", &["hotjar", "criteo", "meta-pixel"]);
    b.apply(&mut r, day("2027-01-31"));
    let accepted: Vec<Option<&str>> =
        r.findings.iter().map(|f| f.accepted.as_ref().map(|a| a.reason.as_str())).collect();
    assert_eq!(accepted, [Some("DPA signed"), Some("campaign until March"), None]);
    assert_eq!(r.findings[0].accepted.as_ref().unwrap().until.as_deref(), Some("2027-01-31"));
    // The day after `until`, and on another site, nothing of that is accepted.
    let mut later = report("blog.test", &["hotjar", "criteo"]);
    b.apply(&mut later, day("2027-02-01"));
    assert!(later.findings.iter().all(|f| f.accepted.is_none()), "{:?}", later.findings);
}

#[test]
fn a_reason_is_required_and_unknown_keys_and_bad_dates_are_errors() {
    let b: Baseline = toml::from_str("[[accept]]\nvendor = \"hotjar\"\nreason = \" \"\n").unwrap();
    let e = b.validate().unwrap_err().to_string();
    assert!(e.contains("entry 1") && e.contains("hotjar") && e.contains("no reason"), "{e}");
    assert!(toml::from_str::<Baseline>("[[accept]]\nvendor = \"x\"\nreason = \"r\"\nsite_name = \"a\"\n").is_err());
    let e = toml::from_str::<Baseline>("[[accept]]\nvendor = \"x\"\nreason = \"r\"\nuntil = \"soon\"\n").unwrap_err();
    assert!(e.to_string().contains("not a date such as 2027-01-31"), "{e}");
}

#[test]
fn a_draft_lists_unaccepted_findings_and_is_refused_until_reviewed() {
    let mut r = report("shop.test", &["hotjar", "criteo"]);
    r.findings[1].reason = "line one\nline \"two\"".into();
    r.findings[0].accepted = Some(Accepted { reason: "ok".into(), until: None });
    let draft = Baseline::draft(&[r]);
    let parsed: Baseline = toml::from_str(&draft).expect("the draft is TOML");
    assert_eq!(parsed.accept.len(), 1);
    assert_eq!((parsed.accept[0].vendor.as_str(), parsed.accept[0].site.as_deref()), ("criteo", Some("shop.test")));
    assert!(parsed.validate().is_err(), "an unreviewed draft accepts nothing");
}
