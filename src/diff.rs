//! What changed between two scans: vendors added and removed per site, verdict changes, policy text changes,
//! sites newly failing or recovered, sites added to or dropped from the list.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::model::{AuditReport, Finding, Verdict};

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The site could be read before and cannot now.
    NewlyFailing,
    /// The site could not be read before and can now.
    Recovered,
    /// A vendor the site did not load before.
    VendorAdded,
    /// A vendor the site no longer loads.
    VendorRemoved,
    /// The verdict of a vendor changed.
    VerdictChanged,
    /// The policy text changed.
    PolicyChanged,
    /// A policy was found where there was none.
    PolicyFound,
    /// The policy can no longer be found.
    PolicyLost,
    /// The site is new in the list.
    SiteAdded,
    /// The site is no longer in the list.
    SiteRemoved,
}

impl ChangeKind {
    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::NewlyFailing => "newly-failing",
            ChangeKind::Recovered => "recovered",
            ChangeKind::VendorAdded => "vendor-added",
            ChangeKind::VendorRemoved => "vendor-removed",
            ChangeKind::VerdictChanged => "verdict-changed",
            ChangeKind::PolicyChanged => "policy-changed",
            ChangeKind::PolicyFound => "policy-found",
            ChangeKind::PolicyLost => "policy-lost",
            ChangeKind::SiteAdded => "site-added",
            ChangeKind::SiteRemoved => "site-removed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The site's target, as listed.
    pub site: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The vendor concerned, if any.
    pub vendor_id: Option<String>,
    /// Its name.
    pub vendor: Option<String>,
    /// The old value (verdict, status, policy hash).
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
    /// In words.
    pub detail: String,
}

impl Change {
    /// Whether this change brings an undisclosed or contradicted vendor (for `--fail-on new-undisclosed`).
    pub fn is_new_undisclosed(&self) -> bool {
        let bad = |v: &Option<String>| v.as_deref().is_some_and(|v| v == "undisclosed" || v == "contradicted");
        matches!(self.kind, ChangeKind::VendorAdded | ChangeKind::VerdictChanged) && bad(&self.new) && !bad(&self.old)
    }
}

fn failing(r: &AuditReport) -> bool {
    !r.any_page_read()
}

fn vendor_change(
    site: &str,
    kind: ChangeKind,
    f: &Finding,
    old: Option<Verdict>,
    new: Option<Verdict>,
    detail: String,
) -> Change {
    Change {
        site: site.to_string(),
        kind,
        vendor_id: Some(f.vendor.id.clone()),
        vendor: Some(f.vendor.name.clone()),
        old: old.map(|v| v.to_string()),
        new: new.map(|v| v.to_string()),
        detail,
    }
}

/// The changes from `old` to `new` (reports keyed by their target), sites in the order of `new`.
pub fn diff(old: &[AuditReport], new: &[AuditReport]) -> Vec<Change> {
    let old_by: BTreeMap<&str, &AuditReport> = old.iter().map(|r| (r.target.as_str(), r)).collect();
    let new_targets: std::collections::HashSet<&str> = new.iter().map(|r| r.target.as_str()).collect();
    let mut changes = Vec::new();
    for n in new {
        let site = n.target.as_str();
        let simple = |kind, old: Option<String>, new: Option<String>, detail: String| Change {
            site: site.to_string(),
            kind,
            vendor_id: None,
            vendor: None,
            old,
            new,
            detail,
        };
        let Some(o) = old_by.get(site) else {
            changes.push(simple(ChangeKind::SiteAdded, None, None, format!("{site} is new in the list")));
            continue;
        };
        match (failing(o), failing(n)) {
            (false, true) => {
                let status = n.site_status();
                changes.push(simple(
                    ChangeKind::NewlyFailing,
                    Some("ok".into()),
                    Some(status.clone()),
                    format!("{site} can no longer be audited: {status}"),
                ));
                continue;
            }
            (true, false) => changes.push(simple(
                ChangeKind::Recovered,
                Some(o.site_status()),
                Some("ok".into()),
                format!("{site} can be audited again"),
            )),
            (true, true) => continue,
            (false, false) => {}
        }
        let old_findings: BTreeMap<&str, &Finding> = o.findings.iter().map(|f| (f.vendor.id.as_str(), f)).collect();
        let new_findings: BTreeMap<&str, &Finding> = n.findings.iter().map(|f| (f.vendor.id.as_str(), f)).collect();
        for (id, f) in &new_findings {
            match old_findings.get(id) {
                None => changes.push(vendor_change(
                    site,
                    ChangeKind::VendorAdded,
                    f,
                    None,
                    Some(f.verdict),
                    format!("{} ({}) now loads; verdict {}", f.vendor.name, f.vendor.company, f.verdict),
                )),
                Some(of) if of.verdict != f.verdict => changes.push(vendor_change(
                    site,
                    ChangeKind::VerdictChanged,
                    f,
                    Some(of.verdict),
                    Some(f.verdict),
                    format!("{}: {} → {}; {}", f.vendor.name, of.verdict, f.verdict, f.reason),
                )),
                Some(_) => {}
            }
        }
        for (id, f) in &old_findings {
            if !new_findings.contains_key(id) {
                changes.push(vendor_change(
                    site,
                    ChangeKind::VendorRemoved,
                    f,
                    Some(f.verdict),
                    None,
                    format!("{} no longer loads", f.vendor.name),
                ));
            }
        }
        match (&o.policy, &n.policy) {
            (Some(op), Some(np)) if op.sha256 != np.sha256 => changes.push(simple(
                ChangeKind::PolicyChanged,
                Some(op.sha256[..12.min(op.sha256.len())].to_string()),
                Some(np.sha256[..12.min(np.sha256.len())].to_string()),
                format!("the policy text at {} changed ({} → {} words)", np.url, op.report.words, np.report.words),
            )),
            (None, Some(np)) => changes.push(simple(
                ChangeKind::PolicyFound,
                None,
                Some(np.url.clone()),
                format!("a policy is now found at {}", np.url),
            )),
            (Some(op), None) => changes.push(simple(
                ChangeKind::PolicyLost,
                Some(op.url.clone()),
                None,
                format!("the policy at {} is no longer found: {}", op.url, n.policy_missing.as_deref().unwrap_or("")),
            )),
            _ => {}
        }
        // Further documents (a cookie policy), matched by kind.
        for np in &n.other_documents {
            let label = np.kind.label();
            match o.other_documents.iter().find(|d| d.kind == np.kind) {
                Some(op) if op.sha256 != np.sha256 => changes.push(simple(
                    ChangeKind::PolicyChanged,
                    Some(op.sha256[..12.min(op.sha256.len())].to_string()),
                    Some(np.sha256[..12.min(np.sha256.len())].to_string()),
                    format!("the {label} text at {} changed ({} → {} words)", np.url, op.report.words, np.report.words),
                )),
                None => changes.push(simple(
                    ChangeKind::PolicyFound,
                    None,
                    Some(np.url.clone()),
                    format!("a {label} is now found at {}", np.url),
                )),
                _ => {}
            }
        }
        for op in o.other_documents.iter().filter(|op| !n.other_documents.iter().any(|d| d.kind == op.kind)) {
            changes.push(simple(
                ChangeKind::PolicyLost,
                Some(op.url.clone()),
                None,
                format!("the {} at {} is no longer found", op.kind.label(), op.url),
            ));
        }
    }
    for o in old {
        if !new_targets.contains(o.target.as_str()) {
            changes.push(Change {
                site: o.target.clone(),
                kind: ChangeKind::SiteRemoved,
                vendor_id: None,
                vendor: None,
                old: None,
                new: None,
                detail: format!("{} is no longer in the list", o.target),
            });
        }
    }
    changes
}
