//! Browser fingerprinting, from the API calls the browser engine's probes recorded on a page ([`ApiCall`]):
//! per calling script, which surfaces it fingerprints, by published detection rules (see [`rules`]), with
//! the calls that make the case. Pure: no browser, no network.

mod rules;
#[cfg(test)]
mod tests;

use url::Url;

use crate::browser_page::ApiCall;
use crate::model::{ConsentState, FingerprintFinding, FingerprintKind};
use crate::site::Site;
use crate::vendors::Engine;

use rules::Hit;

/// Calls quoted as evidence per kind: enough to check by hand (a font probe measures dozens).
const EVIDENCE_PER_KIND: usize = 8;

/// The verdict on one script that fingerprints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprinting {
    /// The calling script's URL (the page's, for an inline script).
    pub script: String,
    /// The vendor it belongs to, by id, when it is a third party's the database knows.
    pub vendor: Option<String>,
    /// What it fingerprints, in [`FingerprintKind::ALL`] order.
    pub kinds: Vec<FingerprintKind>,
    /// The calls each kind rests on, in call order.
    pub calls: Vec<ApiCall>,
    /// Why, one sentence per kind (none with `; `, which joins them in the report).
    pub reasons: Vec<String>,
}

impl Fingerprinting {
    /// The report's finding, for `page` in `consent`.
    pub(crate) fn finding(self, page: &str, consent: ConsentState) -> FingerprintFinding {
        FingerprintFinding {
            evidence: self.calls.iter().map(ApiCall::words).collect(),
            script: self.script,
            vendor: self.vendor,
            kinds: self.kinds,
            page: page.to_string(),
            consent: Some(consent),
            detail: self.reasons.join("; "),
            policy: None,
        }
    }
}

/// The scripts among `calls` (one page's, in one consent state) that fingerprint, in the order they first
/// called; a third-party script's vendor from `engine`.
pub(crate) fn verdicts(calls: &[ApiCall], engine: &Engine, site: &Site) -> Vec<Fingerprinting> {
    judge(calls)
        .into_iter()
        .map(|(script, hits)| {
            let vendor = Url::parse(&script)
                .ok()
                .filter(|u| !site.is_first_party(u))
                .and_then(|u| engine.vendor_for_url(&u).map(|(v, _)| v.id.clone()));
            let mut used: Vec<usize> =
                hits.iter().flat_map(|h| h.calls.iter().take(EVIDENCE_PER_KIND)).copied().collect();
            used.sort_unstable();
            used.dedup();
            Fingerprinting {
                script,
                vendor,
                kinds: hits.iter().map(|h| h.kind).collect(),
                calls: used.into_iter().map(|i| calls[i].clone()).collect(),
                reasons: hits.into_iter().map(|h| format!("{}: {}", h.kind, h.reason)).collect(),
            }
        })
        .collect()
}

/// Each script that fingerprints, with what each rule found, kinds in [`FingerprintKind::ALL`] order.
pub(crate) fn judge(calls: &[ApiCall]) -> Vec<(String, Vec<Hit>)> {
    let mut scripts: Vec<&str> = Vec::new();
    for c in calls {
        if !scripts.contains(&c.script.as_str()) {
            scripts.push(&c.script);
        }
    }
    scripts
        .into_iter()
        .filter_map(|script| {
            let canvas = rules::canvas(calls, script);
            let webgl = rules::webgl(calls, script, canvas.is_some());
            let mut hits: Vec<Hit> =
                [canvas, webgl, rules::audio(calls, script), rules::fonts(calls, script), rules::webrtc(calls, script)]
                    .into_iter()
                    .flatten()
                    .collect();
            hits.extend(rules::navigator(calls, script, !hits.is_empty()));
            (!hits.is_empty()).then(|| (script.to_string(), hits))
        })
        .collect()
}
