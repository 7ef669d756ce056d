use super::*;
use crate::consent_strings::test_encode::{Core, encode_core};
use crate::model::{Category, VendorRef, Verdict};

const PAGE: &str = "https://www.example.test/";

fn gvl() -> Gvl {
    Gvl::load(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gvl/vendor-list.json")).unwrap()
}

/// The matches `match_vendors` gives the fixture for these vendors (pinned in its own tests).
fn matches() -> GvlMatches {
    [("criteo", 91), ("taboola", 42), ("the-trade-desk", 21)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), vec![v]))
        .collect()
}

fn read_in(state: ConsentState, source: &str, value: &str) -> (ConsentState, String, String, String) {
    (state, PAGE.to_string(), source.to_string(), value.to_string())
}

fn evidence(kind: EvidenceKind, state: ConsentState) -> Evidence {
    Evidence {
        kind,
        page: PAGE.to_string(),
        url: Some("https://static.vendor.test/tag.js".into()),
        detail: "tag.js".into(),
        consent: Some(state),
        failed: None,
        cookie: None,
        disguise: None,
    }
}

fn finding(id: &str, name: &str, evidence: Vec<Evidence>) -> Finding {
    let mut consent_states: Vec<ConsentState> = evidence.iter().filter_map(|e| e.consent).collect();
    consent_states.dedup();
    Finding {
        vendor: VendorRef {
            id: id.into(),
            name: name.into(),
            company: format!("{name} Inc."),
            category: Category::Advertising,
        },
        verdict: Verdict::Disclosed,
        quote: None,
        quote_source: None,
        reason: String::new(),
        ids: Vec::new(),
        evidence,
        consent_states,
        accepted: None,
    }
}

/// The report of `strings` and `findings` against the fixture list.
fn run(strings: &[(ConsentState, String, String, String)], findings: &[Finding], banner: Option<&str>) -> TcfReport {
    let (gvl, matches) = (gvl(), matches());
    report(strings, findings, Some((&gvl, &matches)), banner).unwrap()
}

fn kinds(report: &TcfReport) -> Vec<(TcfIssueKind, ConsentState)> {
    report.issues.iter().map(|i| (i.kind, i.state)).collect()
}

#[test]
fn nothing_without_a_tc_string_or_a_list() {
    let others =
        [read_in(ConsentState::None, "usprivacy cookie", "1YNN"), read_in(ConsentState::None, "__gpp", "DBABTA~1YNN")];
    assert_eq!(report(&others, &[], None, None), None);
    let (gvl, matches) = (gvl(), matches());
    let report = report(&others, &[], Some((&gvl, &matches)), None).unwrap();
    assert!(report.strings.is_empty() && report.issues.is_empty());
    let info = report.gvl.unwrap();
    assert_eq!((info.vendor_list_version, info.vendors, info.matched), (137, 10, 3));
    assert!(info.path.unwrap().ends_with("fixtures/gvl/vendor-list.json"));
}

#[test]
fn decodes_tc_strings_and_keeps_undecodable_ones_with_the_reason() {
    let value =
        encode_core(&Core { purposes_consent: vec![1, 2], vendor_legitimate_interests: vec![21], ..Core::default() });
    let strings = [
        read_in(ConsentState::Accept, "usprivacy cookie", "1YNN"),
        read_in(ConsentState::Accept, "euconsent-v2 cookie", "not a tc string!"),
        read_in(ConsentState::Accept, "__tcfapi", &value),
    ];
    let report = report(&strings, &[], None, None).unwrap();
    assert_eq!(report.strings.len(), 2);
    let bad = &report.strings[0];
    assert!(bad.problem.as_deref().unwrap().contains("is not a base64url character"), "{bad:?}");
    assert_eq!((bad.cmp_id, bad.purposes_consent.len()), (None, 0));
    let good = &report.strings[1];
    assert_eq!((good.cmp_id, good.cmp_version), (Some(10), Some(2)));
    assert_eq!(good.purposes_consent, [1, 2]);
    assert_eq!(good.vendor_legitimate_interests, [21]);
    assert_eq!(good.created.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(good.problem, None);
    assert!(report.issues.is_empty());
}

#[test]
fn consent_before_choice_names_purposes_and_vendors_once_per_string() {
    let value = encode_core(&Core { purposes_consent: vec![1, 3], vendor_consents: vec![755], ..Core::default() });
    let strings =
        [read_in(ConsentState::None, "euconsent-v2 cookie", &value), read_in(ConsentState::None, "__tcfapi", &value)];
    let report = run(&strings, &[], None);
    assert_eq!(kinds(&report), [(TcfIssueKind::ConsentBeforeChoice, ConsentState::None)]);
    let issue = &report.issues[0];
    assert_eq!((issue.purposes.as_slice(), issue.vendors.as_slice()), (&[1, 3][..], &[755][..]));
    assert!(
        issue.detail.contains(
            "already records consent to purposes 1 (Store and/or access information on a device) and 3 (Create \
         profiles for personalised advertising) and to 1 vendor of the Global Vendor List: 755 (Google \
         Advertising Products)"
        ),
        "{}",
        issue.detail
    );
    assert_eq!(issue.string.source, "euconsent-v2 cookie");

    // Before a choice with legitimate interests only, and with nothing: no issue.
    for core in [
        Core { purposes_legitimate_interest: vec![2, 7], vendor_legitimate_interests: vec![755], ..Core::default() },
        Core::default(),
    ] {
        assert!(run(&[read_in(ConsentState::None, "__tcfapi", &encode_core(&core))], &[], None).issues.is_empty());
    }
}

#[test]
fn consent_after_reject_lists_what_is_left() {
    let vendors: Vec<u16> = (1..=30).collect();
    let value = encode_core(&Core { purposes_consent: vec![1], vendor_consents: vendors.clone(), ..Core::default() });
    let report = run(&[read_in(ConsentState::Reject, "__tcfapi", &value)], &[], None);
    assert_eq!(kinds(&report), [(TcfIssueKind::ConsentAfterReject, ConsentState::Reject)]);
    let issue = &report.issues[0];
    assert_eq!(issue.vendors, vendors);
    assert!(issue.detail.contains("still records consent to purpose 1 (Store and/or access information on a device)"));
    assert!(
        issue.detail.contains("to 30 vendors of the Global Vendor List: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 20 more")
    );

    // A reject that leaves only legitimate interests, or nothing, is no issue; nor is consent after accept.
    let li = encode_core(&Core {
        purposes_legitimate_interest: vec![2],
        vendor_legitimate_interests: vec![21],
        ..Core::default()
    });
    let strings = [
        read_in(ConsentState::Reject, "__tcfapi", &li),
        read_in(ConsentState::Reject, "euconsent-v2 cookie", &encode_core(&Core::default())),
        read_in(ConsentState::Accept, "__tcfapi", &value),
    ];
    assert!(run(&strings, &[], None).issues.is_empty());
}

#[test]
fn a_vendor_with_consent_or_legitimate_interest_is_no_issue() {
    let accept = encode_core(&Core {
        purposes_consent: vec![1, 2],
        vendor_consents: vec![91],
        vendor_legitimate_interests: vec![21],
        ..Core::default()
    });
    let findings = [
        finding(
            "criteo",
            "Criteo",
            vec![
                evidence(EvidenceKind::Script, ConsentState::Accept),
                evidence(EvidenceKind::Cookie, ConsentState::Accept),
            ],
        ),
        finding("the-trade-desk", "The Trade Desk", vec![evidence(EvidenceKind::Script, ConsentState::Accept)]),
        // Not in the list's matches.
        finding("google-analytics", "Google Analytics", vec![evidence(EvidenceKind::Cookie, ConsentState::Accept)]),
    ];
    let report = run(&[read_in(ConsentState::Accept, "__tcfapi", &accept)], &findings, None);
    assert!(report.issues.is_empty(), "{:?}", report.issues);
}

#[test]
fn a_vendor_loading_without_consent_is_reported_with_its_evidence_in_that_state() {
    let reject = encode_core(&Core {
        purposes_legitimate_interest: vec![2],
        vendor_legitimate_interests: vec![21],
        ..Core::default()
    });
    let accept = encode_core(&Core { purposes_consent: vec![1, 3], vendor_consents: vec![42, 91], ..Core::default() });
    let mut failed = evidence(EvidenceKind::Script, ConsentState::Reject);
    failed.failed = Some("net::ERR_BLOCKED_BY_CLIENT".into());
    let findings = [
        finding(
            "taboola",
            "Taboola",
            vec![
                evidence(EvidenceKind::Script, ConsentState::Accept),
                evidence(EvidenceKind::Pixel, ConsentState::Reject),
                evidence(EvidenceKind::Script, ConsentState::Gpc),
            ],
        ),
        // Legitimate interest covers loading, not cookies.
        finding(
            "the-trade-desk",
            "The Trade Desk",
            vec![
                evidence(EvidenceKind::Script, ConsentState::Reject),
                evidence(EvidenceKind::Cookie, ConsentState::Reject),
            ],
        ),
        // Only a failed request and an inline snippet: it did not load.
        finding("criteo", "Criteo", vec![failed, evidence(EvidenceKind::InlineScript, ConsentState::Reject)]),
    ];
    let strings =
        [read_in(ConsentState::Reject, "__tcfapi", &reject), read_in(ConsentState::Accept, "__tcfapi", &accept)];
    let report = run(&strings, &findings, None);
    // Nothing for gpc: no TC string was read there.
    assert_eq!(kinds(&report), [(TcfIssueKind::LoadedWithoutTcfConsent, ConsentState::Reject); 2]);
    let taboola = &report.issues[0];
    assert_eq!((taboola.vendor.as_ref().unwrap().id.as_str(), taboola.gvl_id), ("taboola", Some(42)));
    assert_eq!(taboola.evidence, [evidence(EvidenceKind::Pixel, ConsentState::Reject)]);
    assert!(taboola.purposes.is_empty());
    assert!(
        taboola.detail.starts_with(
            "Taboola (Taboola Inc.), vendor 42 (\"Taboola Europe Limited\") of the IAB Global Vendor List, loaded in \
         the reject state (first on https://www.example.test/), but the TC string gives vendor 42 neither consent \
         nor legitimate interest (read from __tcfapi on https://www.example.test/)."
        ),
        "{}",
        taboola.detail
    );
    let ttd = &report.issues[1];
    assert_eq!((ttd.gvl_id, ttd.purposes.as_slice(), ttd.evidence.len()), (Some(21), &[1][..], 2));
    assert!(
        ttd.detail.contains(
            "loaded and stored cookies or other data on the device in the reject state (first on \
         https://www.example.test/), but storing cookies or other data on the device is purpose 1 (Store and/or \
         access information on a device), which needs consent, and the TC string gives vendor 21 only \
         legitimate interest"
        ),
        "{}",
        ttd.detail
    );
}

#[test]
fn storage_needs_purpose_one_consent_unless_the_string_leaves_purpose_one_out() {
    let findings = [finding("criteo", "Criteo", vec![evidence(EvidenceKind::Storage, ConsentState::Accept)])];
    let without = encode_core(&Core { purposes_consent: vec![2, 3], vendor_consents: vec![91], ..Core::default() });
    let report = run(&[read_in(ConsentState::Accept, "__tcfapi", &without)], &findings, None);
    assert_eq!(kinds(&report), [(TcfIssueKind::LoadedWithoutTcfConsent, ConsentState::Accept)]);
    assert_eq!(report.issues[0].purposes, [1]);
    assert!(report.issues[0].detail.contains("consents to vendor 91 but not to purpose 1 (Store and/or access"));

    let treated = encode_core(&Core {
        purposes_consent: vec![2, 3],
        vendor_consents: vec![91],
        purpose_one_treatment: true,
        ..Core::default()
    });
    assert!(run(&[read_in(ConsentState::Accept, "__tcfapi", &treated)], &findings, None).issues.is_empty());
    // Of two strings in a state, one that gives what is needed is enough.
    let with = encode_core(&Core { purposes_consent: vec![1], vendor_consents: vec![91], ..Core::default() });
    let both = [
        read_in(ConsentState::Accept, "euconsent-v2 cookie", &without),
        read_in(ConsentState::Accept, "__tcfapi", &with),
    ];
    assert!(run(&both, &findings, None).issues.is_empty());
}

#[test]
fn purpose_not_offered_when_the_banner_names_others_but_not_it() {
    let banner = "Wir und unsere Partner verarbeiten Daten für: Speichern von oder Zugriff auf Informationen auf einem \
                  Endgerät, Erstellung von Profilen für personalisierte Werbung. Use limited data to select advertising; \
                  Measure advertising performance. Alle akzeptieren";
    let accept = encode_core(&Core { purposes_consent: vec![1, 2, 3, 4, 7, 20], ..Core::default() });
    let report = run(&[read_in(ConsentState::Accept, "__tcfapi", &accept)], &[], Some(banner));
    assert_eq!(kinds(&report), [(TcfIssueKind::PurposeNotOffered, ConsentState::Accept)]);
    let issue = &report.issues[0];
    assert_eq!(issue.purposes, [4]);
    assert!(
        issue.detail.contains(
            "records consent to purpose 4 (Use profiles to select personalised advertising), which the consent \
         banner never names, though it names purposes 1 (Store and/or access information on a device), 2 (Use \
         limited data to select advertising), 3 (Create profiles for personalised advertising) and 7 (Measure \
         advertising performance) by their standard names"
        ),
        "{}",
        issue.detail
    );

    // Every purpose shown (in French and as the list names it), a banner showing stacks only, and purpose 1
    // left out of the TCF by the string: no issue.
    let french = "Stocker et/ou accéder à des informations sur un appareil. Utiliser des profils pour sélectionner des \
                  publicités personnalisées";
    let shown = encode_core(&Core { purposes_consent: vec![1, 4], ..Core::default() });
    assert!(run(&[read_in(ConsentState::Accept, "__tcfapi", &shown)], &[], Some(french)).issues.is_empty());
    let stacks = "Personalised advertising and content, advertising and content measurement, audience research";
    assert!(run(&[read_in(ConsentState::Accept, "__tcfapi", &accept)], &[], Some(stacks)).issues.is_empty());
    let treated = encode_core(&Core { purposes_consent: vec![1, 4], purpose_one_treatment: true, ..Core::default() });
    let english = "Use profiles to select personalized advertising";
    assert!(run(&[read_in(ConsentState::Accept, "__tcfapi", &treated)], &[], Some(english)).issues.is_empty());
}
