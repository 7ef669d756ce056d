//! TCF findings: the TC strings the pages held in each consent state (the `euconsent-v2` cookie and
//! `__tcfapi('getTCData')`), decoded, and what is wrong with them ([`TcfIssueKind`]): consent recorded before
//! any choice or after a reject, consent to purposes the banner never named, and vendors of the Global
//! Vendor List that loaded without what the string would have to give them.

use crate::consent_strings::{Gvl, GvlMatches, TcString};
use crate::model::{
    ConsentState, Evidence, EvidenceKind, Finding, GvlInfo, TcfIssue, TcfIssueKind, TcfReport, TcfStringRead,
};

/// The most pieces of a vendor's evidence an issue carries.
const MAX_EVIDENCE: usize = 20;

mod words;

use words::{consent_words, purpose_words, shown_purposes};

/// Whether a string read from `source` is a TC string.
fn is_tcf(source: &str) -> bool {
    let source = source.to_ascii_lowercase();
    source.contains("tcf") || source.contains("euconsent")
}

/// The string read, decoded (or why it could not be), and the decoded string.
fn read(state: ConsentState, page: &str, source: &str, value: &str) -> (TcfStringRead, Option<TcString>) {
    let parsed = TcString::parse(value);
    let tc = parsed.as_ref().ok();
    let out = TcfStringRead {
        state,
        page: page.to_string(),
        source: source.to_string(),
        value: value.chars().take(2048).collect(),
        cmp_id: tc.map(|t| t.cmp_id),
        cmp_version: tc.map(|t| t.cmp_version),
        purposes_consent: tc.map(|t| t.purposes_consent.clone()).unwrap_or_default(),
        purposes_legitimate_interest: tc.map(|t| t.purposes_legitimate_interest.clone()).unwrap_or_default(),
        purpose_one_treatment: tc.is_some_and(|t| t.purpose_one_treatment),
        vendor_consents: tc.map(|t| t.vendor_consents.iter().copied().collect()).unwrap_or_default(),
        vendor_legitimate_interests: tc
            .map(|t| t.vendor_legitimate_interests.iter().copied().collect())
            .unwrap_or_default(),
        created: tc.and_then(|t| t.created).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        problem: parsed.as_ref().err().map(ToString::to_string),
    };
    (out, parsed.ok())
}

/// The TCF report of the strings read (state, page, source, value; only TC strings are kept), the vendor
/// findings, the Global Vendor List with its matches to the vendor database, and the banner's visible text;
/// `None` when no TC string was read and no list was given.
pub(super) fn report(
    strings: &[(ConsentState, String, String, String)],
    findings: &[Finding],
    gvl: Option<(&Gvl, &GvlMatches)>,
    banner_text: Option<&str>,
) -> Option<TcfReport> {
    let reads: Vec<(TcfStringRead, Option<TcString>, &str)> = strings
        .iter()
        .filter(|(_, _, source, _)| is_tcf(source))
        .map(|(state, page, source, value)| {
            let (r, tc) = read(*state, page, source, value);
            (r, tc, value.as_str())
        })
        .collect();
    if reads.is_empty() && gvl.is_none() {
        return None;
    }
    let list = gvl.map(|(g, _)| g);
    let mut out = TcfReport {
        gvl: gvl.map(|(g, m)| GvlInfo {
            path: g.source.clone(),
            vendor_list_version: g.vendor_list_version,
            vendors: g.vendors.len(),
            matched: m.len(),
        }),
        ..TcfReport::default()
    };
    // Each decoded string once per state: the cookie and the API, on every page, usually hold the same.
    let (mut distinct, mut seen) = (Vec::new(), Vec::new());
    for (r, tc, value) in &reads {
        if let Some(tc) = tc
            && !seen.contains(&(r.state, *value))
        {
            seen.push((r.state, *value));
            distinct.push((r, tc));
        }
    }
    let shown = banner_text.map(|text| shown_purposes(text, list));
    for &(r, tc) in &distinct {
        string_issues(r, tc, list, shown.as_ref(), &mut out.issues);
    }
    if let Some((g, matches)) = gvl {
        vendor_issues(findings, g, matches, &distinct, &mut out.issues);
    }
    out.strings = reads.into_iter().map(|(r, ..)| r).collect();
    Some(out)
}

/// The issues of one string by itself: consent before a choice or after a reject, purposes not offered.
fn string_issues(
    r: &TcfStringRead,
    tc: &TcString,
    gvl: Option<&Gvl>,
    shown: Option<&Vec<(u8, bool)>>,
    issues: &mut Vec<TcfIssue>,
) {
    let where_ = format!("the TC string read from {} on {}", r.source, r.page);
    let issue = |kind, purposes: Vec<u8>, vendors: Vec<u16>, detail: String| TcfIssue {
        kind,
        state: r.state,
        vendor: None,
        gvl_id: None,
        purposes,
        vendors,
        string: r.clone(),
        detail,
        evidence: Vec::new(),
    };
    let consents = !r.purposes_consent.is_empty() || !r.vendor_consents.is_empty();
    let words = consent_words(&r.purposes_consent, &r.vendor_consents, gvl);
    if consents && !r.state.clicks() {
        let detail = format!(
            "Before any choice on the consent banner (the {} state), {where_} already records consent {words}. \
             Consent must come from the visitor's own choice: a CMP may not record it before one is made.",
            r.state
        );
        issues.push(issue(
            TcfIssueKind::ConsentBeforeChoice,
            r.purposes_consent.clone(),
            r.vendor_consents.clone(),
            detail,
        ));
    }
    if consents && r.state == ConsentState::Reject {
        let detail = format!(
            "After the visitor rejected on the consent banner, {where_} still records consent {words}. Vendors \
             read the string as permission: a reject must leave no consent in it."
        );
        issues.push(issue(
            TcfIssueKind::ConsentAfterReject,
            r.purposes_consent.clone(),
            r.vendor_consents.clone(),
            detail,
        ));
    }
    // Only when the banner names some purposes by their standard names: one that names none shows stacks or
    // keeps the purposes on a second layer, and says nothing of which were offered.
    let Some(shown) = shown.filter(|s| s.iter().any(|&(_, on)| on)) else { return };
    let is_shown = |id: u8| shown.iter().any(|&(p, on)| p == id && on);
    let missing: Vec<u8> = r
        .purposes_consent
        .iter()
        .copied()
        .filter(|&p| p <= 11 && !(p == 1 && tc.purpose_one_treatment) && !is_shown(p))
        .collect();
    if !missing.is_empty() {
        let named: Vec<u8> = shown.iter().filter(|&&(_, on)| on).map(|&(p, _)| p).collect();
        let detail = format!(
            "In the {} state, {where_} records consent to {}, which the consent banner never names, \
             though it names {} by their standard names. Consent counts only for the purposes the \
             visitor was shown.",
            r.state,
            purpose_words(&missing, gvl),
            purpose_words(&named, gvl)
        );
        issues.push(issue(TcfIssueKind::PurposeNotOffered, missing, Vec::new(), detail));
    }
}

/// What a string fails to give a vendor with GVL ids `ids` that loaded (and `stores`: set cookies or
/// storage): its GVL id, the purposes concerned and why, in words; `None` when it gives what is needed.
fn judge(tc: &TcString, ids: &[u16], stores: bool) -> Option<(u16, Vec<u8>, String)> {
    let consent = ids.iter().copied().find(|&id| tc.vendor_consent(id));
    let interest = ids.iter().copied().find(|&id| tc.vendor_legitimate_interest(id));
    let purpose_one = purpose_words(&[1], None);
    match (consent, interest) {
        (None, None) => {
            let id = ids.first().copied().unwrap_or_default();
            Some((id, Vec::new(), format!("the TC string gives vendor {id} neither consent nor legitimate interest")))
        }
        (None, Some(id)) if stores => Some((
            id,
            vec![1],
            format!(
                "storing cookies or other data on the device is {purpose_one}, which needs consent, and \
                 the TC string gives vendor {id} only legitimate interest"
            ),
        )),
        (Some(id), _) if stores && !tc.purpose_consent(1) && !tc.purpose_one_treatment => Some((
            id,
            vec![1],
            format!(
                "the TC string consents to vendor {id} but not to {purpose_one}, which storing cookies or \
                 other data on the device needs"
            ),
        )),
        _ => None,
    }
}

/// `loaded-without-tcf-consent`: a matched vendor that loaded in a state where no string read gives it what
/// it needs. States without a decoded TC string are not judged.
fn vendor_issues(
    findings: &[Finding],
    gvl: &Gvl,
    matches: &GvlMatches,
    distinct: &[(&TcfStringRead, &TcString)],
    issues: &mut Vec<TcfIssue>,
) {
    for f in findings {
        let Some(ids) = matches.get(&f.vendor.id).filter(|ids| !ids.is_empty()) else { continue };
        let mut states: Vec<ConsentState> =
            f.evidence.iter().filter(|e| e.loaded()).filter_map(|e| e.consent).collect();
        states.sort_unstable();
        states.dedup();
        for state in states {
            let here: Vec<_> = distinct.iter().filter(|(r, _)| r.state == state).collect();
            let evidence: Vec<&Evidence> =
                f.evidence.iter().filter(|e| e.loaded() && e.consent == Some(state)).collect();
            let stores = evidence.iter().any(|e| matches!(e.kind, EvidenceKind::Cookie | EvidenceKind::Storage));
            let verdicts: Vec<_> = here.iter().map(|(_, tc)| judge(tc, ids, stores)).collect();
            let (Some(&&(r, _)), Some(Some((gvl_id, purposes, why)))) = (here.first(), verdicts.first()) else {
                continue;
            };
            if verdicts.iter().any(Option::is_none) {
                continue;
            }
            let registered = gvl.vendor(*gvl_id).map_or_else(String::new, |v| format!(" (\"{}\")", v.name));
            let did = if stores { "loaded and stored cookies or other data on the device" } else { "loaded" };
            let detail = format!(
                "{} ({}), vendor {gvl_id}{registered} of the IAB Global Vendor List, {did} in the {state} state \
                 (first on {}), but {why} (read from {} on {}). Under the TCF a vendor may act only on the consent \
                 or legitimate interest the string records for it.",
                f.vendor.name, f.vendor.company, evidence[0].page, r.source, r.page
            );
            issues.push(TcfIssue {
                kind: TcfIssueKind::LoadedWithoutTcfConsent,
                state,
                vendor: Some(f.vendor.clone()),
                gvl_id: Some(*gvl_id),
                purposes: purposes.clone(),
                vendors: Vec::new(),
                string: r.clone(),
                detail,
                evidence: evidence.into_iter().take(MAX_EVIDENCE).cloned().collect(),
            });
        }
    }
}

#[cfg(test)]
#[path = "tcf_tests.rs"]
mod tests;
