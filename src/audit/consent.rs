//! Consent findings of the browser engine: tracking vendors ([`crate::model::Category::is_tracking`]) that load
//! before consent or after reject.

use crate::model::{AuditReport, ConsentIssue, ConsentIssueKind, ConsentState};

/// Tracking vendors that loaded before any consent choice on a site with a consent manager (or a banner the
/// audit clicked), and tracking vendors that loaded after "reject all" was clicked.
pub fn consent_issues(report: &AuditReport) -> Vec<ConsentIssue> {
    let asks_consent = report.consent_manager.is_some() || report.consent_actions.iter().any(|a| a.clicked.is_some());
    let rejected = report.consent_actions.iter().any(|a| a.state == ConsentState::Reject && a.clicked.is_some());
    let mut out = Vec::new();
    for f in report.findings.iter().filter(|f| f.vendor.category.is_tracking()) {
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
