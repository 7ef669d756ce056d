//! Global Privacy Control findings: the site's `/.well-known/gpc.json`, and the US privacy strings its pages
//! held with GPC on (and before), decoded; a string that records no opt-out of sale or sharing with GPC on is
//! an issue. (Vendors that load with GPC on are consent issues: see [`super::consent`].)

use url::Url;

use crate::fetch::Fetcher;
use crate::model::{ConsentState, GpcIssue, GpcIssueKind, GpcReport, PrivacyString, PrivacyStringKind, WellKnownGpc};

/// Fetches and reads `/.well-known/gpc.json` of the site at `site`.
pub(super) async fn well_known(fetcher: &Fetcher, site: &Url) -> WellKnownGpc {
    let Ok(url) = site.join("/.well-known/gpc.json") else {
        return WellKnownGpc { url: site.to_string(), problem: Some("not a web site".into()), ..Default::default() };
    };
    let mut out = WellKnownGpc { url: url.to_string(), ..Default::default() };
    match fetcher.get(&url).await {
        Err(e) => out.problem = Some(format!("no answer: {e}")),
        Ok(r) => {
            out.status = Some(r.status);
            if !(200..300).contains(&r.status) {
                out.problem = Some(format!("HTTP {}: the site publishes no GPC support resource", r.status));
                return out;
            }
            match serde_json::from_slice::<serde_json::Value>(&r.body) {
                Err(e) => out.problem = Some(format!("not JSON: {e}")),
                Ok(v) => {
                    out.gpc = v.get("gpc").and_then(serde_json::Value::as_bool);
                    out.last_update =
                        v.get("lastUpdate").and_then(|d| d.as_str()).map(|d| d.chars().take(64).collect());
                    if out.gpc.is_none() {
                        out.problem = Some("it has no boolean \"gpc\" member".into());
                    }
                }
            }
        }
    }
    out
}

/// The kind of a string by where it was read.
fn kind_of(source: &str) -> PrivacyStringKind {
    if source.contains("usp") {
        PrivacyStringKind::Usp
    } else if source.contains("gpp") {
        PrivacyStringKind::Gpp
    } else {
        PrivacyStringKind::Tcf
    }
}

/// The report: the strings read (state, page, source, value), decoded, and the issues among those read with
/// GPC on.
pub(super) fn report(well_known: WellKnownGpc, strings: &[(ConsentState, String, String, String)]) -> GpcReport {
    let mut out = GpcReport { well_known, ..Default::default() };
    for (state, page, source, value) in strings {
        let kind = kind_of(source);
        let (opted_out, meaning) = super::strings::decode(kind, value);
        let s = PrivacyString {
            kind,
            source: source.clone(),
            value: value.chars().take(2048).collect(),
            state: *state,
            page: page.clone(),
            opted_out,
            meaning,
        };
        if *state == ConsentState::Gpc && opted_out == Some(false) {
            let detail = format!(
                "with Global Privacy Control on, the {} string read from {} ({}) records no opt-out of sale or \
                 sharing: {}",
                kind, s.source, s.value, s.meaning
            );
            out.issues.push(GpcIssue { kind: GpcIssueKind::StringNotOptedOut, string: s.clone(), detail });
        }
        out.strings.push(s);
    }
    out
}
