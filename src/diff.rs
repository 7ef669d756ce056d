//! What changed between two scans: vendors added and removed per site, verdict changes, policy text changes,
//! sites newly failing or recovered, sites added to or dropped from the list.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{
    AuditReport, ConsentIssue, ConsentState, CookieIssue, EngineKind, Finding, SiteStatus, Verdict, names,
};

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
    /// A consent issue the site did not have (a vendor now loading before consent, after reject, or with
    /// GPC on; a TCF or GPC string finding), in a consent state both runs audited.
    ConsentIssueAdded,
    /// A consent issue the site no longer has.
    ConsentIssueResolved,
    /// A cookie finding the site did not have (a tracking cookie over the lifetime limit, an undeclared
    /// cookie), both runs by the browser engine.
    CookieIssueAdded,
    /// A cookie finding the site no longer has.
    CookieIssueResolved,
    /// A behaviour the site's scripts did not show before (fingerprinting of a kind by a script, form data of a
    /// kind sent before submit to a host, a session recorder), both runs by the browser engine.
    BehaviourAdded,
    /// A behaviour the site's scripts no longer show.
    BehaviourResolved,
}

names!(ChangeKind {
    NewlyFailing => "newly-failing",
    Recovered => "recovered",
    VendorAdded => "vendor-added",
    VendorRemoved => "vendor-removed",
    VerdictChanged => "verdict-changed",
    PolicyChanged => "policy-changed",
    PolicyFound => "policy-found",
    PolicyLost => "policy-lost",
    SiteAdded => "site-added",
    SiteRemoved => "site-removed",
    ConsentIssueAdded => "consent-issue-added",
    ConsentIssueResolved => "consent-issue-resolved",
    CookieIssueAdded => "cookie-issue-added",
    CookieIssueResolved => "cookie-issue-resolved",
    BehaviourAdded => "behaviour-added",
    BehaviourResolved => "behaviour-resolved",
});

/// The old or new value of a change, serialised as the bare string reports have always written
/// (`undisclosed`, `ok`, `error: connection refused`, a short policy hash, a URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DiffValue {
    /// A vendor's verdict.
    Verdict(Verdict),
    /// Whether the site could be audited.
    Status(SiteStatus),
    /// Anything else: the first 12 hex digits of a policy hash, a policy URL. (Text that reads as a verdict
    /// or a status reads back as one.)
    Text(String),
}

impl DiffValue {
    /// The first 12 characters of a policy document's SHA-256.
    fn short_hash(sha256: &str) -> DiffValue {
        DiffValue::Text(sha256[..12.min(sha256.len())].to_string())
    }
}

impl fmt::Display for DiffValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffValue::Verdict(v) => v.fmt(f),
            DiffValue::Status(s) => s.fmt(f),
            DiffValue::Text(t) => f.write_str(t),
        }
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
    pub old: Option<DiffValue>,
    /// The new value.
    pub new: Option<DiffValue>,
    /// In words.
    pub detail: String,
}

impl Change {
    /// Whether this change brings an undisclosed or contradicted vendor (for `--fail-on new-undisclosed`).
    pub fn is_new_undisclosed(&self) -> bool {
        let bad = |v: &Option<DiffValue>| matches!(v, Some(DiffValue::Verdict(v)) if v.is_undisclosed());
        matches!(self.kind, ChangeKind::VendorAdded | ChangeKind::VerdictChanged) && bad(&self.new) && !bad(&self.old)
    }
}

fn failing(r: &AuditReport) -> bool {
    !r.any_page_read()
}

/// The consent state an issue was seen in.
fn issue_state(i: &ConsentIssue) -> Option<ConsentState> {
    i.evidence.first().and_then(|e| e.consent)
}

/// Consent issues added and resolved between two runs of a site, in states both runs audited.
fn consent_changes(site: &str, o: &AuditReport, n: &AuditReport) -> Vec<Change> {
    let audited = |r: &AuditReport, s: Option<ConsentState>| s.is_some() && r.pages.iter().any(|p| p.consent == s);
    let key = |i: &ConsentIssue| (i.kind, i.vendor.id.clone());
    let mut out = Vec::new();
    for (from, to, kind, verb) in
        [(o, n, ChangeKind::ConsentIssueAdded, "now"), (n, o, ChangeKind::ConsentIssueResolved, "no longer")]
    {
        for i in to.consent_issues.iter().filter(|i| audited(from, issue_state(i)) && audited(to, issue_state(i))) {
            if !from.consent_issues.iter().any(|f| key(f) == key(i)) {
                out.push(Change {
                    site: site.to_string(),
                    kind,
                    vendor_id: Some(i.vendor.id.clone()),
                    vendor: Some(i.vendor.name.clone()),
                    old: (kind == ChangeKind::ConsentIssueResolved).then(|| DiffValue::Text(i.kind.to_string())),
                    new: (kind == ChangeKind::ConsentIssueAdded).then(|| DiffValue::Text(i.kind.to_string())),
                    detail: format!("{}: {verb} {}", i.vendor.name, i.kind),
                });
            }
        }
    }
    out
}

/// TCF and GPC string findings as (kind, state, vendor id, words), for [`string_changes`].
fn string_issues(r: &AuditReport) -> Vec<(String, ConsentState, Option<String>, String)> {
    let mut out = Vec::new();
    for i in r.tcf.iter().flat_map(|t| &t.issues) {
        let vendor = i.vendor.as_ref().map(|v| v.id.clone());
        let who = i.vendor.as_ref().map(|v| format!("{}: ", v.name)).unwrap_or_default();
        out.push((i.kind.to_string(), i.state, vendor, format!("TCF {who}{}", i.kind)));
    }
    for i in r.gpc.iter().flat_map(|g| &g.issues) {
        out.push((i.kind.to_string(), i.string.state, None, format!("GPC {} {}", i.string.kind, i.kind)));
    }
    out.sort();
    out.dedup();
    out
}

/// TCF and GPC string findings added and resolved, in states both runs audited (reported as consent
/// issues).
fn string_changes(site: &str, o: &AuditReport, n: &AuditReport) -> Vec<Change> {
    let audited = |r: &AuditReport, s: ConsentState| r.pages.iter().any(|p| p.consent == Some(s));
    let (old, new) = (string_issues(o), string_issues(n));
    let mut out = Vec::new();
    for (from, to, kind, verb) in [
        (&old, &new, ChangeKind::ConsentIssueAdded, "now"),
        (&new, &old, ChangeKind::ConsentIssueResolved, "no longer"),
    ] {
        for (issue, state, vendor, words) in to {
            if !audited(o, *state) || !audited(n, *state) {
                continue;
            }
            if from.iter().any(|(i, s, v, _)| i == issue && s == state && v == vendor) {
                continue;
            }
            let value = Some(DiffValue::Text(issue.clone()));
            out.push(Change {
                site: site.to_string(),
                kind,
                vendor_id: vendor.clone(),
                vendor: None,
                old: if kind == ChangeKind::ConsentIssueResolved { value.clone() } else { None },
                new: if kind == ChangeKind::ConsentIssueAdded { value } else { None },
                detail: format!("{words}: {verb} ({state})"),
            });
        }
    }
    out
}

/// Cookie findings added and resolved between two runs of a site by the browser engine.
fn cookie_changes(site: &str, o: &AuditReport, n: &AuditReport) -> Vec<Change> {
    if o.engine != EngineKind::Chrome || n.engine != EngineKind::Chrome {
        return Vec::new();
    }
    let key = |i: &CookieIssue| (i.kind, i.cookie.clone(), i.domain.clone());
    let mut out = Vec::new();
    for (from, to, kind, verb) in
        [(o, n, ChangeKind::CookieIssueAdded, "now"), (n, o, ChangeKind::CookieIssueResolved, "no longer")]
    {
        let mut seen = std::collections::HashSet::new();
        for i in &to.cookie_issues {
            if !seen.insert(key(i)) || from.cookie_issues.iter().any(|f| key(f) == key(i)) {
                continue;
            }
            let vendor = i.vendor.as_deref().and_then(|id| to.findings.iter().find(|f| f.vendor.id == id));
            out.push(Change {
                site: site.to_string(),
                kind,
                vendor_id: i.vendor.clone(),
                vendor: vendor.map(|f| f.vendor.name.clone()),
                old: (kind == ChangeKind::CookieIssueResolved).then(|| DiffValue::Text(i.kind.to_string())),
                new: (kind == ChangeKind::CookieIssueAdded).then(|| DiffValue::Text(i.kind.to_string())),
                detail: format!("cookie {}: {verb} {}", i.cookie, i.kind),
            });
        }
    }
    out
}

/// A script's URL without its query and fragment: the same script with another cache-busting query is the
/// same script.
fn script_key(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// Behaviours of a report as (finding, what, script or recipient, vendor id): one per fingerprinting kind per
/// script, one per session-recording script (and why it is one), one per canary and encoding per recipient
/// host for form data sent before submit.
fn behaviours(r: &AuditReport) -> Vec<(&'static str, String, String, Option<String>)> {
    let mut out: Vec<(&'static str, String, String, Option<String>)> = Vec::new();
    for f in &r.fingerprinting {
        for k in &f.kinds {
            out.push(("fingerprinting", k.to_string(), script_key(&f.script).to_string(), f.vendor.clone()));
        }
    }
    for f in &r.session_recording {
        out.push(("session-recording", f.how_text(), script_key(&f.script).to_string(), f.vendor.clone()));
    }
    for f in &r.form_leaks {
        let what = format!("{} {}", f.canary, f.encoding);
        out.push(("form-data-sent-before-submit", what, f.recipient.clone(), f.vendor.clone()));
    }
    out.sort();
    out.dedup_by(|a, b| (a.0, &a.1, &a.2) == (b.0, &b.1, &b.2));
    out
}

/// Behaviour findings added and resolved between two runs of a site by the browser engine.
fn behaviour_changes(site: &str, o: &AuditReport, n: &AuditReport) -> Vec<Change> {
    if o.engine != EngineKind::Chrome || n.engine != EngineKind::Chrome {
        return Vec::new();
    }
    let (mut old, mut new) = (behaviours(o), behaviours(n));
    // Form data is only compared when both runs typed into forms (--probe-forms).
    let typed = |r: &AuditReport| r.pages.iter().any(|p| !p.forms_filled.is_empty());
    if !typed(o) || !typed(n) {
        old.retain(|b| b.0 != "form-data-sent-before-submit");
        new.retain(|b| b.0 != "form-data-sent-before-submit");
    }
    let mut out = Vec::new();
    for (from, to, report, kind, verb) in [
        (&old, &new, n, ChangeKind::BehaviourAdded, "now"),
        (&new, &old, o, ChangeKind::BehaviourResolved, "no longer"),
    ] {
        for (finding, what, script, vendor) in to {
            if from.iter().any(|(f, w, s, _)| f == finding && w == what && s == script) {
                continue;
            }
            let name = vendor.as_deref().and_then(|id| report.findings.iter().find(|f| f.vendor.id == id));
            let value = Some(DiffValue::Text(format!("{finding} {what}")));
            out.push(Change {
                site: site.to_string(),
                kind,
                vendor_id: vendor.clone(),
                vendor: name.map(|f| f.vendor.name.clone()),
                old: if kind == ChangeKind::BehaviourResolved { value.clone() } else { None },
                new: if kind == ChangeKind::BehaviourAdded { value } else { None },
                detail: format!("{script}: {verb} {finding} ({what})"),
            });
        }
    }
    out
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
        old: old.map(DiffValue::Verdict),
        new: new.map(DiffValue::Verdict),
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
        let simple = |kind, old: Option<DiffValue>, new: Option<DiffValue>, detail: String| Change {
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
                let detail = format!("{site} can no longer be audited: {status}");
                changes.push(simple(
                    ChangeKind::NewlyFailing,
                    Some(DiffValue::Status(SiteStatus::Ok)),
                    Some(DiffValue::Status(status)),
                    detail,
                ));
                continue;
            }
            (true, false) => changes.push(simple(
                ChangeKind::Recovered,
                Some(DiffValue::Status(o.site_status())),
                Some(DiffValue::Status(SiteStatus::Ok)),
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
        changes.extend(consent_changes(site, o, n));
        changes.extend(cookie_changes(site, o, n));
        changes.extend(string_changes(site, o, n));
        changes.extend(behaviour_changes(site, o, n));
        match (&o.policy, &n.policy) {
            (Some(op), Some(np)) if op.sha256 != np.sha256 => changes.push(simple(
                ChangeKind::PolicyChanged,
                Some(DiffValue::short_hash(&op.sha256)),
                Some(DiffValue::short_hash(&np.sha256)),
                format!("the policy text at {} changed ({} → {} words)", np.url, op.report.words, np.report.words),
            )),
            (None, Some(np)) => changes.push(simple(
                ChangeKind::PolicyFound,
                None,
                Some(DiffValue::Text(np.url.clone())),
                format!("a policy is now found at {}", np.url),
            )),
            (Some(op), None) => changes.push(simple(
                ChangeKind::PolicyLost,
                Some(DiffValue::Text(op.url.clone())),
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
                    Some(DiffValue::short_hash(&op.sha256)),
                    Some(DiffValue::short_hash(&np.sha256)),
                    format!("the {label} text at {} changed ({} → {} words)", np.url, op.report.words, np.report.words),
                )),
                None => changes.push(simple(
                    ChangeKind::PolicyFound,
                    None,
                    Some(DiffValue::Text(np.url.clone())),
                    format!("a {label} is now found at {}", np.url),
                )),
                _ => {}
            }
        }
        for op in o.other_documents.iter().filter(|op| !n.other_documents.iter().any(|d| d.kind == op.kind)) {
            changes.push(simple(
                ChangeKind::PolicyLost,
                Some(DiffValue::Text(op.url.clone())),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, DocumentKind, PageRecord, VendorRef};

    /// A report of `target` that read its start page (or not), with these vendors and verdicts.
    fn report(target: &str, read: bool, vendors: &[(&str, Verdict)]) -> AuditReport {
        let mut r = AuditReport::started(target);
        let mut page = PageRecord::new(target, 0);
        if read {
            page.status = Some(200);
        } else {
            page.error = Some("connection refused".into());
        }
        r.pages.push(page);
        for &(id, verdict) in vendors {
            r.findings.push(Finding {
                vendor: VendorRef {
                    id: id.into(),
                    name: id.to_uppercase(),
                    company: format!("{id} Inc."),
                    category: Category::Analytics,
                },
                verdict,
                quote: None,
                quote_source: None,
                reason: format!("{id} reason"),
                ids: Vec::new(),
                evidence: Vec::new(),
                consent_states: Vec::new(),
                accepted: None,
            });
        }
        r
    }

    use crate::policy::test_document as policy;

    /// A change's value as reports write it.
    fn text(v: Option<&DiffValue>) -> Option<String> {
        v.map(ToString::to_string)
    }

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, Option<&str>)> {
        changes.iter().map(|c| (c.kind, c.vendor_id.as_deref())).collect()
    }

    #[test]
    fn vendors_added_removed_and_reverdicted_are_changes_and_unchanged_ones_are_not() {
        let old = report(
            "https://a.test/",
            true,
            &[("ga", Verdict::Disclosed), ("hotjar", Verdict::Vague), ("fb", Verdict::Disclosed)],
        );
        let new = report(
            "https://a.test/",
            true,
            &[("ga", Verdict::Disclosed), ("hotjar", Verdict::Undisclosed), ("criteo", Verdict::Undisclosed)],
        );
        let changes = diff(&[old], &[new]);
        assert_eq!(
            kinds(&changes),
            [
                (ChangeKind::VendorAdded, Some("criteo")),
                (ChangeKind::VerdictChanged, Some("hotjar")),
                (ChangeKind::VendorRemoved, Some("fb")),
            ]
        );
        let hotjar = &changes[1];
        assert_eq!(
            (text(hotjar.old.as_ref()), text(hotjar.new.as_ref())),
            (Some("vague".into()), Some("undisclosed".into()))
        );
        assert_eq!(hotjar.new, Some(DiffValue::Verdict(Verdict::Undisclosed)));
        assert!(hotjar.detail.contains("vague → undisclosed"), "{}", hotjar.detail);
        assert!(changes[0].is_new_undisclosed() && hotjar.is_new_undisclosed());
        assert!(!changes[2].is_new_undisclosed(), "a removed vendor brings nothing new");
    }

    #[test]
    fn a_worse_verdict_among_bad_ones_is_not_new_undisclosed() {
        let old = report("https://a.test/", true, &[("ga", Verdict::Undisclosed)]);
        let new = report("https://a.test/", true, &[("ga", Verdict::Contradicted)]);
        let changes = diff(&[old], &[new]);
        assert_eq!(kinds(&changes), [(ChangeKind::VerdictChanged, Some("ga"))]);
        assert!(!changes[0].is_new_undisclosed(), "it was already undisclosed");
    }

    #[test]
    fn failing_and_recovering_sites_and_sites_that_fail_twice() {
        let ok = report("https://a.test/", true, &[("ga", Verdict::Disclosed)]);
        let down = report("https://a.test/", false, &[]);
        let changes = diff(std::slice::from_ref(&ok), std::slice::from_ref(&down));
        assert_eq!(kinds(&changes), [(ChangeKind::NewlyFailing, None)]);
        assert_eq!(text(changes[0].old.as_ref()).as_deref(), Some("ok"));
        assert_eq!(text(changes[0].new.as_ref()).as_deref(), Some("error: connection refused"));
        assert_eq!(changes[0].new, Some(DiffValue::Status(SiteStatus::Error("connection refused".into()))));
        // A failing site's vendors are not reported as removed.
        let back = diff(std::slice::from_ref(&down), std::slice::from_ref(&ok));
        assert_eq!(kinds(&back), [(ChangeKind::Recovered, None), (ChangeKind::VendorAdded, Some("ga"))]);
        assert!(diff(std::slice::from_ref(&down), std::slice::from_ref(&down)).is_empty());
    }

    #[test]
    fn sites_added_to_and_dropped_from_the_list() {
        let a = report("https://a.test/", true, &[]);
        let b = report("https://b.test/", true, &[]);
        let changes = diff(std::slice::from_ref(&a), std::slice::from_ref(&b));
        assert_eq!(kinds(&changes), [(ChangeKind::SiteAdded, None), (ChangeKind::SiteRemoved, None)]);
        assert_eq!(changes[0].site, "https://b.test/");
        assert_eq!(changes[1].site, "https://a.test/");
        let same = std::slice::from_ref(&a);
        assert!(diff(same, same).is_empty(), "the same report twice changes nothing");
    }

    #[test]
    fn policy_documents_changed_found_and_lost() {
        let mut old = report("https://a.test/", true, &[]);
        let mut new = old.clone();
        old.policy = Some(policy(DocumentKind::PrivacyPolicy, "https://a.test/privacy", "We use Google Analytics."));
        new.policy =
            Some(policy(DocumentKind::PrivacyPolicy, "https://a.test/privacy", "We use Google Analytics and Hotjar."));
        new.other_documents.push(policy(DocumentKind::CookiePolicy, "https://a.test/cookies", "Cookies we set."));
        let changes = diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
        assert_eq!(kinds(&changes), [(ChangeKind::PolicyChanged, None), (ChangeKind::PolicyFound, None)]);
        assert_eq!(text(changes[0].old.as_ref()).as_deref().map(str::len), Some(12), "a short hash");
        assert!(changes[0].detail.contains("(4 → 6 words)"), "{}", changes[0].detail);
        assert!(changes[1].detail.contains("cookie policy"), "{}", changes[1].detail);

        let mut gone = new.clone();
        gone.policy = None;
        gone.other_documents.clear();
        gone.policy_missing = Some("no link to a privacy policy".into());
        let lost = diff(std::slice::from_ref(&new), std::slice::from_ref(&gone));
        assert_eq!(kinds(&lost), [(ChangeKind::PolicyLost, None), (ChangeKind::PolicyLost, None)]);
        assert!(lost[0].detail.ends_with("no link to a privacy policy"), "{}", lost[0].detail);
        let found = diff(std::slice::from_ref(&gone), std::slice::from_ref(&old));
        assert_eq!(kinds(&found), [(ChangeKind::PolicyFound, None)]);
    }

    #[test]
    fn consent_issues_added_and_resolved_in_states_both_runs_audited() {
        use crate::model::{ConsentIssueKind, Evidence, EvidenceKind};
        let with_states = |issues: &[(ConsentIssueKind, &str, ConsentState)], states: &[ConsentState]| {
            let mut r = report("https://a.test/", true, &[]);
            r.pages[0].consent = Some(states[0]);
            for s in &states[1..] {
                let mut p = r.pages[0].clone();
                p.consent = Some(*s);
                r.pages.push(p);
            }
            for &(kind, id, state) in issues {
                let vendor = VendorRef {
                    id: id.into(),
                    name: id.into(),
                    company: String::new(),
                    category: Category::Advertising,
                };
                let e = Evidence {
                    kind: EvidenceKind::Script,
                    page: "https://a.test/".into(),
                    url: None,
                    detail: String::new(),
                    consent: Some(state),
                    failed: None,
                    cookie: None,
                    disguise: None,
                };
                r.consent_issues.push(ConsentIssue { kind, vendor, evidence: vec![e] });
            }
            r
        };
        let (none, gpc) = (ConsentState::None, ConsentState::Gpc);
        let old = with_states(&[(ConsentIssueKind::LoadedBeforeConsent, "criteo", none)], &[none, gpc]);
        let new = with_states(&[(ConsentIssueKind::IgnoresGpc, "criteo", gpc)], &[none, gpc]);
        let changes = diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
        assert_eq!(
            kinds(&changes),
            [(ChangeKind::ConsentIssueAdded, Some("criteo")), (ChangeKind::ConsentIssueResolved, Some("criteo"))]
        );
        assert_eq!(changes[0].detail, "criteo: now ignores-gpc");
        assert_eq!(text(changes[1].old.as_ref()).as_deref(), Some("loaded-before-consent"));
        // A run that did not audit the gpc state says nothing about GPC issues.
        let without_gpc = with_states(&[], &[none]);
        assert!(diff(&[without_gpc], std::slice::from_ref(&new)).is_empty());
    }

    #[test]
    fn fingerprinting_added_and_resolved_between_browser_runs() {
        use crate::model::{FingerprintFinding, FingerprintKind};
        let with = |engine: EngineKind, script: &str, kinds: &[FingerprintKind]| {
            let mut r = report("https://a.test/", true, &[]);
            r.engine = engine;
            r.fingerprinting.push(FingerprintFinding {
                script: script.into(),
                vendor: None,
                kinds: kinds.to_vec(),
                page: "https://a.test/".into(),
                consent: Some(ConsentState::None),
                evidence: Vec::new(),
                detail: String::new(),
                policy: None,
            });
            r
        };
        let (canvas, audio) = (FingerprintKind::Canvas, FingerprintKind::Audio);
        let old = with(EngineKind::Chrome, "https://fp.test/fp.js?v=1", &[canvas]);
        let new = with(EngineKind::Chrome, "https://fp.test/fp.js?v=2", &[canvas, audio]);
        let changes = diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
        assert_eq!(kinds(&changes), [(ChangeKind::BehaviourAdded, None)], "another query is the same script");
        assert_eq!(changes[0].detail, "https://fp.test/fp.js: now fingerprinting (audio)");
        assert_eq!(text(changes[0].new.as_ref()).as_deref(), Some("fingerprinting audio"));
        let back = diff(std::slice::from_ref(&new), std::slice::from_ref(&old));
        assert_eq!(kinds(&back), [(ChangeKind::BehaviourResolved, None)]);
        // A static run sees no behaviour: it says nothing about it.
        let static_run = with(EngineKind::Static, "https://fp.test/fp.js", &[]);
        assert!(diff(&[static_run], std::slice::from_ref(&new)).is_empty());
    }

    #[test]
    fn form_data_sent_before_submit_is_compared_only_when_both_runs_typed() {
        use crate::model::{CanaryKind, FormLeakFinding, LeakEncoding};
        let with = |typed: bool, leak: bool| {
            let mut r = report("https://a.test/", true, &[]);
            r.engine = EngineKind::Chrome;
            if typed {
                r.pages[0].forms_filled.push("input#email".into());
            }
            if leak {
                r.form_leaks.push(FormLeakFinding {
                    page: "https://a.test/".into(),
                    consent: Some(ConsentState::None),
                    field: "input#email".into(),
                    canary: CanaryKind::Email,
                    encoding: LeakEncoding::Sha256,
                    url: "https://px.test/p?em=1".into(),
                    method: "GET".into(),
                    location: "url".into(),
                    recipient: "px.test".into(),
                    vendor: None,
                    script: None,
                    first_party: false,
                    policy: None,
                });
            }
            r
        };
        let changes = diff(&[with(true, true)], &[with(true, false)]);
        assert_eq!(kinds(&changes), [(ChangeKind::BehaviourResolved, None)]);
        assert_eq!(changes[0].detail, "px.test: no longer form-data-sent-before-submit (email sha256)");
        assert!(diff(&[with(true, true)], &[with(false, false)]).is_empty(), "the new run did not type");
    }

    #[test]
    fn cookie_issues_added_and_resolved_between_browser_runs() {
        use crate::model::{CookieIssue, CookieIssueKind};
        let with = |engine: EngineKind, issues: &[(CookieIssueKind, &str)]| {
            let mut r = report("https://a.test/", true, &[]);
            r.engine = engine;
            for &(kind, name) in issues {
                r.cookie_issues.push(CookieIssue {
                    kind,
                    cookie: name.into(),
                    domain: Some(".a.test".into()),
                    vendor: Some("google-analytics".into()),
                    page: Some("https://a.test/".into()),
                    consent: Some(ConsentState::None),
                    declared: None,
                    detail: String::new(),
                });
            }
            r
        };
        let old = with(EngineKind::Chrome, &[(CookieIssueKind::UndeclaredCookie, "_gid")]);
        let new = with(EngineKind::Chrome, &[(CookieIssueKind::CookieLifetime, "_ga")]);
        let changes = diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
        assert_eq!(
            kinds(&changes),
            [
                (ChangeKind::CookieIssueAdded, Some("google-analytics")),
                (ChangeKind::CookieIssueResolved, Some("google-analytics"))
            ]
        );
        assert_eq!(changes[0].detail, "cookie _ga: now cookie-lifetime");
        assert_eq!(text(changes[1].old.as_ref()).as_deref(), Some("undeclared-cookie"));
        // A static run sees no cookies: it says nothing about cookie issues.
        let static_run = with(EngineKind::Static, &[]);
        assert!(diff(&[static_run], std::slice::from_ref(&new)).is_empty());
    }

    #[test]
    fn tcf_issues_added_and_resolved_in_states_both_runs_audited() {
        use crate::model::{TcfIssue, TcfIssueKind, TcfReport, TcfStringRead};
        let with = |kinds: &[TcfIssueKind], states: &[ConsentState]| {
            let mut r = report("https://a.test/", true, &[]);
            r.engine = EngineKind::Chrome;
            r.pages[0].consent = Some(states[0]);
            for s in &states[1..] {
                let mut p = r.pages[0].clone();
                p.consent = Some(*s);
                r.pages.push(p);
            }
            let string = TcfStringRead {
                state: ConsentState::Reject,
                page: "https://a.test/".into(),
                source: "__tcfapi".into(),
                value: "CP".into(),
                cmp_id: None,
                cmp_version: None,
                purposes_consent: vec![1],
                purposes_legitimate_interest: Vec::new(),
                purpose_one_treatment: false,
                vendor_consents: Vec::new(),
                vendor_legitimate_interests: Vec::new(),
                created: None,
                problem: None,
            };
            let issues = kinds
                .iter()
                .map(|&kind| TcfIssue {
                    kind,
                    state: ConsentState::Reject,
                    vendor: None,
                    gvl_id: None,
                    purposes: vec![1],
                    vendors: Vec::new(),
                    string: string.clone(),
                    detail: String::new(),
                    evidence: Vec::new(),
                })
                .collect();
            r.tcf = Some(TcfReport { gvl: None, strings: vec![string], issues });
            r
        };
        let (none, reject) = (ConsentState::None, ConsentState::Reject);
        let old = with(&[], &[none, reject]);
        let new = with(&[TcfIssueKind::ConsentAfterReject], &[none, reject]);
        let changes = diff(std::slice::from_ref(&old), std::slice::from_ref(&new));
        assert_eq!(kinds(&changes), [(ChangeKind::ConsentIssueAdded, None)]);
        assert_eq!(changes[0].detail, "TCF consent-after-reject: now (reject)");
        let back = diff(std::slice::from_ref(&new), std::slice::from_ref(&old));
        assert_eq!(kinds(&back), [(ChangeKind::ConsentIssueResolved, None)]);
        // A run that did not audit the reject state says nothing about it.
        assert!(diff(&[with(&[], &[none])], std::slice::from_ref(&new)).is_empty());
    }

    #[test]
    fn kinds_are_named_in_kebab_case() {
        assert_eq!(ChangeKind::NewlyFailing.to_string(), "newly-failing");
        assert_eq!(serde_json::to_string(&ChangeKind::VerdictChanged).unwrap(), "\"verdict-changed\"");
    }

    #[test]
    fn diff_values_serialise_as_the_bare_strings_diffs_have_always_written() {
        let pinned = [
            (DiffValue::Verdict(Verdict::DisclosedParent), "disclosed-parent"),
            (DiffValue::Verdict(Verdict::Contradicted), "contradicted"),
            (DiffValue::Status(SiteStatus::Ok), "ok"),
            (DiffValue::Status(SiteStatus::Error("HTTP 503".into())), "error: HTTP 503"),
            (DiffValue::Text("0123456789ab".into()), "0123456789ab"),
            (DiffValue::Text("https://a.test/privacy".into()), "https://a.test/privacy"),
        ];
        for (value, text) in pinned {
            assert_eq!(value.to_string(), text);
            assert_eq!(serde_json::to_string(&value).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<DiffValue>(&format!("\"{text}\"")).unwrap(), value);
        }
        assert_eq!(DiffValue::short_hash(&"f".repeat(64)), DiffValue::Text("ffffffffffff".into()));
        // A whole change writes its values as plain strings, and null when there is none.
        let old = report("https://a.test/", true, &[]);
        let new = report("https://a.test/", true, &[("criteo", Verdict::Undisclosed)]);
        let json = serde_json::to_string(&diff(&[old], &[new])[0]).unwrap();
        assert!(json.contains(r#""old":null,"new":"undisclosed""#), "{json}");
    }
}
