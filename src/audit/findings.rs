//! From observations to findings: each vendor seen, with its evidence, tracker IDs, cookies and the verdict of
//! the site's policy documents.

use super::Auditor;
use super::verdict::{self, CookieEvidence, SeenCookie};
use crate::detect::Observations;
use crate::model::{
    AuditPolicy, AuditReport, ConsentState, CookieSource, EvidenceKind, Finding, NotObserved, SetBy, VendorRef,
};

/// The cookies observed for a vendor. The browser engine knows each cookie's domain and party; the static
/// engine sees only `Set-Cookie` headers on the site's own responses (first-party by construction).
fn cookies_of(obs: &Observations, id: &str, browser: bool) -> Vec<SeenCookie> {
    if browser {
        return obs
            .cookies
            .iter()
            .filter(|c| c.vendor.as_deref() == Some(id))
            .map(|c| SeenCookie {
                name: c.name.clone(),
                domain: Some(c.domain.clone()),
                third_party: !c.first_party,
                set_by: SetBy::new(c.set_by, c.set_by_url.as_deref()),
                page: c.page.clone(),
            })
            .collect();
    }
    obs.vendors
        .get(id)
        .into_iter()
        .flatten()
        .filter(|e| e.kind == EvidenceKind::Cookie)
        .filter_map(|e| {
            Some(SeenCookie {
                name: e.cookie.clone()?,
                domain: None,
                third_party: false,
                set_by: SetBy::new(CookieSource::Http, e.url.as_deref()),
                page: e.page.clone(),
            })
        })
        .collect()
}

impl Auditor {
    /// Turns observations into findings with verdicts, and lists what the policy documents name but was not
    /// seen.
    pub(super) fn judge(&self, report: &mut AuditReport, obs: &Observations) {
        let db = self.vendors.db();
        let browser = report.engine == crate::model::EngineKind::Chrome;
        let docs: Vec<AuditPolicy> = report.documents().cloned().collect();
        let doc_refs: Vec<&AuditPolicy> = docs.iter().collect();
        for (id, evidence) in &obs.vendors {
            let Some(vendor) = db.vendor(id) else { continue };
            let seen = cookies_of(obs, id, browser);
            let under_gpc = evidence.iter().any(|e| e.consent == Some(ConsentState::Gpc) && e.loaded());
            let j = verdict::judge(db, vendor, &doc_refs, CookieEvidence { seen: &seen, browser, under_gpc });
            let mut consent_states: Vec<ConsentState> = evidence.iter().filter_map(|e| e.consent).collect();
            consent_states.sort();
            consent_states.dedup();
            report.findings.push(Finding {
                vendor: VendorRef {
                    id: vendor.id.clone(),
                    name: vendor.name.clone(),
                    company: db.company_of(vendor).name.clone(),
                    category: vendor.category,
                },
                verdict: j.verdict,
                quote: j.quote,
                quote_source: j.quote_source,
                reason: j.reason,
                ids: obs.ids.get(id).map(|s| s.iter().cloned().collect()).unwrap_or_default(),
                evidence: evidence.clone(),
                consent_states,
                accepted: None,
            });
        }
        report.findings.sort_by(|a, b| b.verdict.cmp(&a.verdict).then(a.vendor.name.cmp(&b.vendor.name))); // worst first
        for m in docs.iter().flat_map(|d| &d.report.vendors) {
            let seen = obs.vendors.contains_key(&m.id);
            if !seen && !report.disclosed_not_observed.iter().any(|n| n.id == m.id) {
                report.disclosed_not_observed.push(NotObserved {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    quote: m.quote.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn cookie_evidence(detail: &str, cookie: Option<&str>) -> Evidence {
        Evidence {
            kind: EvidenceKind::Cookie,
            page: "https://www.shop.test/".into(),
            url: Some("https://www.shop.test/".into()),
            detail: detail.into(),
            consent: None,
            failed: None,
            cookie: cookie.map(str::to_string),
            disguise: None,
        }
    }

    #[test]
    fn the_static_engines_cookies_are_named_by_the_evidence_field_not_its_text() {
        let mut obs = Observations::default();
        let ga = vec![
            // The detail's wording does not matter: the name comes from the field.
            cookie_evidence("a cookie of some kind", Some("_ga")),
            cookie_evidence("Set-Cookie _gid; Max-Age=86400", None),
            Evidence { kind: EvidenceKind::Script, ..cookie_evidence("<script>", None) },
        ];
        obs.vendors.insert("google-analytics".into(), ga);
        let seen = cookies_of(&obs, "google-analytics", false);
        assert_eq!(seen.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["_ga"]);
        assert_eq!(seen[0].set_by, SetBy::Response("https://www.shop.test/".into()));
        assert!(!seen[0].third_party && seen[0].domain.is_none());
    }
}
