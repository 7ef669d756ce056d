//! The CNAME-tracker list: reading it, label-aligned matching, and the mapping to our vendors.

use super::{BUNDLED_JSON, CloakKind, CloakList};
use crate::vendors::{Engine, UNKNOWN_COMPANY};

fn chain(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn bundled_list_is_complete_and_valid() {
    let list = CloakList::from_json(BUNDLED_JSON).unwrap();
    assert_eq!(list.records().len(), 43);
    assert!(list.records().iter().all(|r| r.vendor_id.is_none() && r.company == r.list_company));
}

#[test]
fn matches_are_label_aligned() {
    let list = CloakList::from_json(BUNDLED_JSON).unwrap();
    let m = list.tracker_for(&chain(&["Shop.Example.Eulerian.NET."])).unwrap();
    assert_eq!(
        (m.target.as_str(), m.domain.as_str(), m.company.as_str()),
        ("shop.example.eulerian.net", "eulerian.net", "Eulerian")
    );
    assert_eq!(m.kind, CloakKind::Tracker);
    assert_eq!(list.tracker_for(&chain(&["eulerian.net"])).unwrap().domain, "eulerian.net", "itself");
    assert_eq!(list.tracker_for(&chain(&["xeulerian.net", "eulerian.net.evil.test", "net"])), None);
    // A listed subdomain matches itself and below it, not its siblings: `k.keyade.com` is listed.
    assert_eq!(list.tracker_for(&chain(&["www.keyade.com"])), None);
    assert_eq!(list.tracker_for(&chain(&["x.k.keyade.com"])).unwrap().domain, "k.keyade.com");
    // The nearest hop that matches wins; unlisted hops before it are skipped.
    let two = list.tracker_for(&chain(&["edge.cdn.test", "shop.dnsdelegation.io", "shop.eulerian.net"])).unwrap();
    assert_eq!((two.target.as_str(), two.company.as_str()), ("shop.dnsdelegation.io", "Criteo"));
    assert_eq!(list.tracker_for(&[]), None);
}

#[test]
fn bundled_records_map_to_our_vendors() {
    let list = CloakList::bundled();
    let by_name = |name: &str| list.records().iter().find(|r| r.list_company == name).unwrap();
    let engine = Engine::builtin();
    for (list_company, vendor) in [
        ("Criteo", Some("criteo")),
        ("Eulerian", Some("eulerian")),
        ("Adobe Experience Cloud (formerly Omniture)", Some("adobe-analytics")),
        ("AT Internet (formerly XiTi)", Some("at-internet")),
        ("LexisNexis Risk Solutions", Some("threatmetrix")),
        ("A8.net", Some("a8-net")),
        // Its targets are load balancers on amazonaws.com: AWS hosting is not the tracker.
        ("TraceDock", None),
        ("affilbox.cz", None),
    ] {
        let r = by_name(list_company);
        assert_eq!(r.vendor_id.as_deref(), vendor, "{list_company}");
        match vendor {
            Some(id) => {
                // Our company's name, unless we do not know the vendor's company (A8.net's).
                let company = engine.db().company_of(engine.db().vendor(id).unwrap());
                let expected = if company.id == UNKNOWN_COMPANY { list_company } else { &company.name };
                assert_eq!(r.company, expected, "{list_company}");
            }
            None => assert_eq!(r.company, list_company),
        }
    }
    let m = list.tracker_for(&chain(&["metrics.shop.test.dnsdelegation.io"])).unwrap();
    assert_eq!(m.vendor_id.as_deref(), Some("criteo"));
    let mapped = list.records().iter().filter(|r| r.vendor_id.is_some()).count();
    assert!(mapped >= 23, "{mapped} of 43 records mapped (23 when written)");
}

#[test]
fn errors_say_what_is_wrong() {
    for (json, needle) in [
        ("{}", "expected a JSON array"),
        (r#"[{"company_name": "X", "type": "spy", "domains": ["x.test"]}]"#, "unknown variant `spy`"),
        (r#"[{"company_name": "X", "type": "ad"}]"#, "missing field `domains`"),
        (r#"[{"company_name": " ", "type": "ad", "domains": ["x.test"]}]"#, "record 0 (\" \"): empty company_name"),
        (r#"[{"company_name": "X", "type": "ad", "domains": []}]"#, "no domains"),
        (r#"[{"company_name": "X", "type": "ad", "domains": ["localhost"]}]"#, "not a host name"),
        (
            r#"[{"company_name": "X", "type": "ad", "domains": ["x.test"]},
               {"company_name": "Y", "type": "tracker", "domains": ["X.test."]}]"#,
            "record 1 (\"Y\"): \"x.test\" is already listed by \"X\"",
        ),
    ] {
        let e = CloakList::from_json(json).unwrap_err().to_string();
        assert!(e.contains(needle), "{json}: {e}");
    }
    let ok = CloakList::from_json(r#"[{"company_name": "X", "type": "ad", "domains": ["X.Test."], "extra": 1}]"#);
    assert_eq!(ok.unwrap().records()[0].domains, ["x.test"]);
}
