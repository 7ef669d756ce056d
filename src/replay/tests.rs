use url::Url;

use super::rules::{Sent, family};
use super::*;
use crate::model::{Evidence, VendorRef, Verdict};

const REC: &str = "https://cdn.replay-vendor.test/record.js";
const PAGE: &str = "https://www.shop.test/";

fn listen(script: &str, event: &str, target: &str) -> ApiCall {
    ApiCall {
        detail: Some(event.into()),
        target: Some(target.into()),
        capture: Some(true),
        ..ApiCall::new("EventTarget.addEventListener", script)
    }
}

fn observe(script: &str, target: &str, options: &str) -> ApiCall {
    ApiCall {
        detail: Some(options.into()),
        target: Some(target.into()),
        ..ApiCall::new("MutationObserver.observe", script)
    }
}

fn send(script: &str, api: &str, host: &str, bytes: u32, nth: u32) -> ApiCall {
    ApiCall {
        detail: Some("POST".into()),
        target: Some(host.into()),
        bytes: Some(bytes),
        nth: Some(nth),
        ..ApiCall::new(api, script)
    }
}

/// An rrweb-like recorder: document-wide listeners of every family, an observer of all of `<html>`.
fn recorder_calls(script: &str) -> Vec<ApiCall> {
    let mut calls: Vec<ApiCall> = ["mousemove", "click", "scroll", "input", "keydown"]
        .into_iter()
        .map(|e| listen(script, e, "document"))
        .collect();
    calls.push(listen(script, "resize", "window"));
    calls.push(observe(script, "html", "childList attributes characterData subtree"));
    calls
}

fn scripts(found: &[(String, super::rules::Hit)]) -> Vec<&str> {
    found.iter().map(|(s, _)| s.as_str()).collect()
}

#[test]
fn listeners_of_every_family_an_observer_of_the_document_and_batches_are_a_recorder() {
    let mut calls = recorder_calls(REC);
    calls.push(send(REC, "fetch", "cdn.replay-vendor.test", 812, 1));
    calls.push(send(REC, "fetch", "cdn.replay-vendor.test", 240, 2));
    let found = judge(&calls, &[]);
    assert_eq!(scripts(&found), [REC]);
    let hit = &found[0].1;
    assert!(hit.reason.contains("listens on the document for pointer (mousemove, click), input or keyboard (input, keydown), scroll (scroll) events"), "{}", hit.reason);
    assert!(
        hit.reason.contains("observes every change of the html (childList attributes characterData subtree)"),
        "{}",
        hit.reason
    );
    assert!(hit.reason.ends_with("sends batches: 2 sends to cdn.replay-vendor.test"), "{}", hit.reason);
    // The resize listener is no family's: not evidence.
    assert_eq!(hit.calls, [0, 1, 2, 3, 4, 6, 7, 8]);
    let words: Vec<String> = hit.calls.iter().map(|&i| calls[i].words()).collect();
    assert_eq!(words[0], "EventTarget.addEventListener: mousemove, on document, capture");
    assert_eq!(words[5], "MutationObserver.observe: childList attributes characterData subtree, on html");
    assert_eq!(words[6], "fetch: POST, to cdn.replay-vendor.test, 812 bytes, send 1");
}

#[test]
fn one_large_send_or_repeated_posts_seen_on_the_network_are_batches_too() {
    let mut calls = recorder_calls(REC);
    calls.push(send(REC, "Navigator.sendBeacon", "rec.test", super::rules::LARGE_SEND_BYTES, 1));
    assert_eq!(scripts(&judge(&calls, &[])), [REC]);
    assert!(judge(&calls, &[])[0].1.reason.ends_with("sends a 16384-byte body to rec.test"));
    // No send recorded by the probes (a WebSocket opened before they were?), two POSTs by the script.
    let calls = recorder_calls(REC);
    let url = Url::parse("https://rec.test/v1/events?s=1").unwrap();
    let other = Url::parse("https://rec.test/v1/events?s=2").unwrap();
    let initiator = format!("script {REC}");
    let post = |u| Sent { method: "POST", url: u, initiator: &initiator };
    let found = judge(&calls, &[post(&url), post(&other)]);
    assert_eq!(scripts(&found), [REC]);
    assert!(
        found[0].1.reason.ends_with("sends batches: 2 POSTs to https://rec.test/v1/events"),
        "{}",
        found[0].1.reason
    );
    assert_eq!(found[0].1.requests, [format!("POST https://rec.test/v1/events ×2 (initiator script {REC})")]);
    // One POST, or GETs, or another script's POSTs, are not batches.
    assert!(judge(&calls, &[post(&url)]).is_empty());
    let get = Sent { method: "GET", ..post(&url) };
    assert!(judge(&calls, &[get, get]).is_empty());
    let theirs = "script https://other.test/x.js";
    assert!(judge(&calls, &[Sent { initiator: theirs, ..post(&url) }; 2]).is_empty());
}

#[test]
fn every_criterion_is_needed() {
    let sends = [send(REC, "fetch", "rec.test", 100, 1), send(REC, "fetch", "rec.test", 100, 2)];
    let without = |drop: &dyn Fn(&ApiCall) -> bool| {
        let calls: Vec<ApiCall> = recorder_calls(REC).into_iter().chain(sends.clone()).filter(|c| !drop(c)).collect();
        judge(&calls, &[])
    };
    assert_eq!(without(&|_| false).len(), 1);
    for family_dropped in [&["mousemove", "click"][..], &["input", "keydown"], &["scroll"]] {
        let found = without(&|c| c.detail.as_deref().is_some_and(|d| family_dropped.contains(&d)));
        assert!(found.is_empty(), "without {family_dropped:?}: {found:?}");
    }
    assert!(without(&|c| c.api == "MutationObserver.observe").is_empty());
    assert!(without(&|c| c.nth == Some(2)).is_empty(), "one small send is no batch");
    // The listeners and the observer must be document-wide; the observer must watch the whole tree.
    let mut calls: Vec<ApiCall> = recorder_calls(REC).into_iter().chain(sends.clone()).collect();
    calls[6].target = Some("element".into());
    assert!(judge(&calls, &[]).is_empty());
    calls[6] = observe(REC, "body", "childList attributes");
    assert!(judge(&calls, &[]).is_empty(), "no subtree");
    calls[6] = observe(REC, "body", "childList characterData subtree");
    assert_eq!(judge(&calls, &[]).len(), 1);
    // Another script's listeners do not count.
    let mut calls: Vec<ApiCall> = recorder_calls(REC).into_iter().chain(sends).collect();
    calls[0].script = PAGE.into();
    calls[1].script = PAGE.into();
    assert!(judge(&calls, &[]).is_empty());
}

#[test]
fn a_click_tracker_a_lazy_loader_and_a_form_library_are_not_recorders() {
    const ANALYTICS: &str = "https://www.shop.test/static/analytics.js";
    const LAZY: &str = "https://www.shop.test/static/lazy.js";
    const FORMS: &str = "https://www.shop.test/static/forms.js";
    let calls = vec![
        // Analytics: clicks on the document and one beacon.
        listen(ANALYTICS, "click", "document"),
        send(ANALYTICS, "Navigator.sendBeacon", "www.shop.test", 120, 1),
        // Infinite scroll with lazy images: a scroll listener and an observer of new children, nothing sent.
        listen(LAZY, "scroll", "window"),
        listen(LAZY, "resize", "window"),
        observe(LAZY, "body", "childList subtree"),
        observe(LAZY, "element", "childList attributes subtree"),
        // A form library: input and change on its form (the probes record no element listener; a record with
        // another target is ignored), a mutation observer on the form.
        listen(FORMS, "input", "element"),
        listen(FORMS, "keydown", "element"),
        observe(FORMS, "element", "childList attributes characterData subtree"),
    ];
    assert!(judge(&calls, &[]).is_empty());
    assert_eq!(
        (family("mousemove"), family("keyup"), family("wheel"), family("resize")),
        (
            Some(super::rules::Family::Pointer),
            Some(super::rules::Family::Input),
            Some(super::rules::Family::Scroll),
            None
        )
    );
}

fn hotjar(evidence: Vec<Evidence>) -> Finding {
    Finding {
        vendor: VendorRef {
            id: "hotjar".into(),
            name: "Hotjar".into(),
            company: "Hotjar Ltd.".into(),
            category: Category::SessionReplay,
        },
        verdict: Verdict::Undisclosed,
        quote: None,
        quote_source: None,
        reason: String::new(),
        ids: Vec::new(),
        evidence,
        consent_states: Vec::new(),
        accepted: None,
    }
}

fn evidence(kind: EvidenceKind, url: &str, consent: Option<ConsentState>, failed: bool) -> Evidence {
    Evidence {
        kind,
        page: PAGE.into(),
        url: Some(url.into()),
        detail: "script".into(),
        consent,
        failed: failed.then(|| "net::ERR_CONNECTION_REFUSED".into()),
        cookie: None,
        disguise: None,
    }
}

#[test]
fn a_loaded_session_replay_vendor_is_a_known_recorder_once_per_state_and_merges_with_its_behaviour() {
    const HJ: &str = "https://static.hotjar.com/c/hotjar-1.js";
    let none = Some(ConsentState::None);
    let accept = Some(ConsentState::Accept);
    let reject = Some(ConsentState::Reject);
    let snippet = "https://static.hotjar.com/c/hotjar-";
    let f = hotjar(vec![
        evidence(EvidenceKind::InlineScript, snippet, none, false),
        evidence(EvidenceKind::Hint, "https://static.hotjar.com/", none, false),
        evidence(EvidenceKind::Script, "https://static.hotjar.com/__drop", none, true),
        evidence(EvidenceKind::Script, HJ, none, false),
        evidence(EvidenceKind::Request, "https://in.hotjar.com/api", none, false),
        evidence(EvidenceKind::Script, HJ, accept, false),
        evidence(EvidenceKind::Script, "https://static.hotjar.com/c/other.js", accept, false),
        evidence(EvidenceKind::InlineScript, snippet, reject, false),
    ]);
    let found = with_known(Vec::new(), std::slice::from_ref(&f));
    let rows: Vec<(&str, Option<ConsentState>, String)> =
        found.iter().map(|k| (k.script.as_str(), k.consent, k.how_text())).collect();
    // The script the browser loaded rather than the snippet, when there is one.
    let known = || "known-recorder".to_string();
    assert_eq!(rows, [(HJ, none, known()), (HJ, accept, known()), (snippet, reject, known())]);
    assert_eq!(found[0].vendor.as_deref(), Some("hotjar"));
    assert_eq!(found[0].evidence, [format!("script {HJ} (script)")]);
    assert!(found[0].detail.starts_with("Hotjar (hotjar) is a session recorder"), "{}", found[0].detail);
    // Found by its behaviour too, in `accept`: one finding with both reasons.
    let behaviour = Recording {
        script: HJ.into(),
        vendor: None,
        calls: recorder_calls(HJ),
        requests: Vec::new(),
        reason: "listens on the document".into(),
    }
    .finding(PAGE, ConsentState::Accept);
    let found = with_known(vec![behaviour], &[f]);
    assert_eq!(found.len(), 3);
    assert_eq!((found[0].how_text(), found[0].consent), ("known-recorder behaviour".into(), accept));
    assert!(found[0].detail.ends_with("; listens on the document") && found[0].evidence.len() == 8);
    assert_eq!(found[0].vendor.as_deref(), Some("hotjar"));
    // Only hints or failed requests, or another category: none.
    let hints =
        hotjar(vec![evidence(EvidenceKind::Hint, HJ, none, false), evidence(EvidenceKind::Script, HJ, none, true)]);
    assert!(with_known(Vec::new(), &[hints]).is_empty());
    let mut analytics = hotjar(vec![evidence(EvidenceKind::Script, HJ, none, false)]);
    analytics.vendor.category = Category::Analytics;
    assert!(with_known(Vec::new(), &[analytics]).is_empty());
}

#[test]
fn a_third_party_recorders_vendor_comes_from_the_database() {
    let site = crate::site::Site::from_url(&Url::parse(PAGE).unwrap(), &[]);
    let engine = Engine::builtin();
    let hj = "https://static.hotjar.com/c/hotjar-1.js";
    let mut calls = recorder_calls(hj);
    calls.extend(recorder_calls(REC));
    for s in [hj, REC] {
        calls.push(send(s, "XMLHttpRequest.send", "x.test", 10, 1));
        calls.push(send(s, "WebSocket.send", "x.test", 10, 1));
    }
    let found = verdicts(&calls, &[], &engine, &site);
    let vendors: Vec<(&str, Option<&str>)> = found.iter().map(|r| (r.script.as_str(), r.vendor.as_deref())).collect();
    assert_eq!(vendors, [(hj, Some("hotjar")), (REC, None)]);
    let f = found[1].clone().finding(PAGE, ConsentState::None);
    assert_eq!((f.how_text(), f.page.as_str(), f.consent), ("behaviour".into(), PAGE, Some(ConsentState::None)));
    assert!(f.evidence.iter().any(|e| e.starts_with("WebSocket.send: POST, to x.test")), "{:?}", f.evidence);
}
