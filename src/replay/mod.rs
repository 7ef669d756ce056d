//! Session recording: scripts of known session recorders (loaded vendors of category `session-replay`, from
//! the report's findings, in both engines) and scripts that behave like one (from the browser engine's probe
//! records and requests, by the rule in [`rules`]), as `session-recording` findings. Pure: no browser, no
//! network.

mod rules;
#[cfg(test)]
mod tests;

use url::Url;

use crate::browser_page::{ApiCall, NetRequest};
use crate::model::{Category, ConsentState, Evidence, EvidenceKind, Finding, RecordingHow, SessionRecordingFinding};
use crate::site::Site;
use crate::vendors::Engine;

/// Sends the probes record per API, method and host in a document (`SENDS` in `src/browser/probes.js`).
pub(crate) const SENDS_RECORDED: u32 = 8;

/// Probe records quoted as evidence: enough to check by hand.
const MAX_EVIDENCE: usize = 16;

/// The verdict on one script that records the session by its behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recording {
    /// The script's URL (the page's, for an inline script).
    pub script: String,
    /// The vendor it belongs to, by id, when it is a third party's the database knows.
    pub vendor: Option<String>,
    /// The listeners, observers and sends it rests on, in call order.
    pub calls: Vec<ApiCall>,
    /// The requests it sent, by endpoint, in words.
    pub requests: Vec<String>,
    /// Why, in words.
    pub reason: String,
}

impl Recording {
    /// The report's finding, for `page` in `consent`.
    pub(crate) fn finding(self, page: &str, consent: ConsentState) -> SessionRecordingFinding {
        let mut evidence: Vec<String> = self.calls.iter().map(ApiCall::words).collect();
        evidence.extend(self.requests);
        SessionRecordingFinding {
            script: self.script,
            vendor: self.vendor,
            page: page.to_string(),
            consent: Some(consent),
            how: vec![RecordingHow::Behaviour],
            evidence,
            detail: self.reason,
            policy: None,
        }
    }
}

/// The scripts among `calls` (one page's, in one consent state, with that page's `requests` in the same
/// state) that record the session, in the order they first called; a third-party script's vendor from
/// `engine`.
pub(crate) fn verdicts<'a>(
    calls: &[ApiCall],
    requests: impl IntoIterator<Item = &'a NetRequest>,
    engine: &Engine,
    site: &Site,
) -> Vec<Recording> {
    let sent: Vec<rules::Sent<'_>> =
        requests.into_iter().map(|r| rules::Sent { method: &r.method, url: &r.url, initiator: &r.initiator }).collect();
    judge(calls, &sent)
        .into_iter()
        .map(|(script, hit)| {
            let vendor = Url::parse(&script)
                .ok()
                .filter(|u| !site.is_first_party(u))
                .and_then(|u| engine.vendor_for_url(&u).map(|(v, _)| v.id.clone()));
            Recording {
                script,
                vendor,
                calls: hit.calls.into_iter().take(MAX_EVIDENCE).map(|i| calls[i].clone()).collect(),
                requests: hit.requests,
                reason: hit.reason,
            }
        })
        .collect()
}

/// Each script that records the session, with what the rule found.
pub(crate) fn judge(calls: &[ApiCall], requests: &[rules::Sent<'_>]) -> Vec<(String, rules::Hit)> {
    let mut scripts: Vec<&str> = Vec::new();
    for c in calls {
        if !scripts.contains(&c.script.as_str()) {
            scripts.push(&c.script);
        }
    }
    scripts.into_iter().filter_map(|s| rules::recorder(calls, requests, s).map(|h| (s.to_string(), h))).collect()
}

/// `found` (the behaviour findings) with the known recorders among `findings` added: for each vendor of
/// category `session-replay`, its first script that loaded in each consent state (else the inline snippet
/// that loads it; never a hint, a link or a failed request). A known recorder's script already found by its
/// behaviour in that state is one finding, with both reasons.
pub(crate) fn with_known(
    mut found: Vec<SessionRecordingFinding>,
    findings: &[Finding],
) -> Vec<SessionRecordingFinding> {
    for f in findings.iter().filter(|f| f.vendor.category == Category::SessionReplay) {
        let loaded = |e: &&Evidence, kind: EvidenceKind| e.kind == kind && e.failed.is_none();
        let mut states: Vec<Option<ConsentState>> = Vec::new();
        for e in f.evidence.iter().filter(|e| loaded(e, EvidenceKind::Script) || loaded(e, EvidenceKind::InlineScript))
        {
            if !states.contains(&e.consent) {
                states.push(e.consent);
            }
        }
        for state in states {
            // The script itself when the browser saw it, else the snippet that loads it.
            let in_state = |kind| f.evidence.iter().find(|e| e.consent == state && loaded(e, kind));
            let Some(e) = in_state(EvidenceKind::Script).or_else(|| in_state(EvidenceKind::InlineScript)) else {
                continue;
            };
            let script = e.url.clone().unwrap_or_else(|| e.page.clone());
            let words = format!("{} {script} ({})", e.kind, e.detail);
            let why = format!("{} ({}) is a session recorder (category session-replay)", f.vendor.name, f.vendor.id);
            if let Some(k) = found.iter_mut().find(|k| k.script == script && k.consent == e.consent) {
                k.how.insert(0, RecordingHow::KnownRecorder);
                k.vendor.get_or_insert_with(|| f.vendor.id.clone());
                k.evidence.insert(0, words);
                k.detail = format!("{why}; {}", k.detail);
                continue;
            }
            found.push(SessionRecordingFinding {
                script,
                vendor: Some(f.vendor.id.clone()),
                page: e.page.clone(),
                consent: e.consent,
                how: vec![RecordingHow::KnownRecorder],
                evidence: vec![words],
                detail: why,
                policy: None,
            });
        }
    }
    found
}
