//! Consent findings of the browser engine: tracking vendors that load before consent or after reject.

use crate::model::{AuditReport, Category, ConsentIssue, ConsentIssueKind, ConsentState};

/// Categories whose vendors need consent: they track, profile or advertise. CDNs, fonts, payments, security,
/// tag managers (which load what they are told to), video embeds and consent managers themselves do not count.
fn needs_consent(c: Category) -> bool {
    use Category as C;
    matches!(
        c,
        C::Analytics
            | C::Advertising
            | C::Social
            | C::SessionReplay
            | C::MarketingAutomation
            | C::AbTesting
            | C::Affiliate
            | C::DataBroker
    )
}

/// Tracking vendors that loaded before any consent choice on a site with a consent manager (or a banner the
/// audit clicked), and tracking vendors that loaded after "reject all" was clicked.
pub fn consent_issues(report: &AuditReport) -> Vec<ConsentIssue> {
    let asks_consent = report.consent_manager.is_some() || report.consent_actions.iter().any(|a| a.clicked.is_some());
    let rejected = report.consent_actions.iter().any(|a| a.state == ConsentState::Reject && a.clicked.is_some());
    let mut out = Vec::new();
    for f in report.findings.iter().filter(|f| needs_consent(f.vendor.category)) {
        let mut push = |kind: ConsentIssueKind, state: ConsentState| {
            let evidence: Vec<_> = f.evidence.iter().filter(|e| e.consent == Some(state)).cloned().collect();
            if !evidence.is_empty() {
                out.push(ConsentIssue { kind, vendor: f.vendor.clone(), evidence });
            }
        };
        if asks_consent {
            push(ConsentIssueKind::LoadedBeforeConsent, ConsentState::None);
        }
        if rejected {
            push(ConsentIssueKind::LoadedAfterReject, ConsentState::Reject);
        }
    }
    out
}
