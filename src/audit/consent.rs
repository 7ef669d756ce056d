//! Consent findings of the browser engine: tracking vendors ([`crate::model::Category::is_tracking`]) that load
//! before consent or after reject, and vendors that sell or share data that load with Global Privacy Control on.

use crate::model::{AuditReport, Category, ConsentIssue, ConsentIssueKind, ConsentState};

/// Whether a vendor of this category receiving visitors' data is a sale or sharing (for targeted advertising)
/// in the sense of the US state laws that make GPC an opt-out: advertising, social and data brokers.
pub fn sells_or_shares(category: Category) -> bool {
    matches!(category, Category::Advertising | Category::Social | Category::DataBroker)
}

/// Tracking vendors that loaded before any consent choice on a site with a consent manager (or a banner the
/// audit clicked), tracking vendors that loaded after "reject all" was clicked, and advertising, social and
/// data-broker vendors that loaded with Global Privacy Control on ([`Evidence::loaded`](crate::model::Evidence::loaded):
/// an inline snippet that may never have run is not enough).
pub fn consent_issues(report: &AuditReport) -> Vec<ConsentIssue> {
    let asks_consent = report.asks_consent();
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
    for f in report.findings.iter().filter(|f| sells_or_shares(f.vendor.category)) {
        let evidence: Vec<_> =
            f.evidence.iter().filter(|e| e.consent == Some(ConsentState::Gpc) && e.loaded()).cloned().collect();
        if !evidence.is_empty() {
            out.push(ConsentIssue { kind: ConsentIssueKind::IgnoresGpc, vendor: f.vendor.clone(), evidence });
        }
    }
    out
}
