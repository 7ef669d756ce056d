//! The CSV rows of the browser engine's findings that are not vendor rows: cookie issues, TCF issues, GPC
//! string issues and fingerprinting scripts, one row each, in the columns of [`super::audit::CSV_HEADER`].
//! The row's `status` says which (`cookie-issue`, `tcf-issue`, `gpc-issue`, `fingerprinting`),
//! `consent_issue` holds the finding's kind (for fingerprinting, its kinds: `canvas webgl`), and the
//! evidence columns say what it rests on (the cookie by name, the TC or privacy string, the script's URL).
//! A behaviour row (fingerprinting) carries the policy's stance on it in `verdict`, and in `quote` and
//! `quote_source` the deciding sentence when there is one (a claim that denies it, a sentence that discloses
//! it); otherwise `quote` holds why the script was judged to do it.

use crate::model::{AuditReport, ConsentState, PolicyStance, VendorRef};

/// What one row holds.
struct IssueRow<'a> {
    status: &'static str,
    vendor_id: Option<&'a str>,
    state: Option<ConsentState>,
    kind: String,
    evidence_kind: &'static str,
    evidence: String,
    page: Option<&'a str>,
    quote: Option<String>,
    stance: Option<&'a PolicyStance>,
}

/// Every issue row of the report: cookie issues, TCF issues, GPC issues, fingerprinting (and session recording).
pub(super) fn rows(r: &AuditReport, base: &dyn Fn(&str) -> Vec<String>) -> Vec<Vec<String>> {
    let mut items: Vec<IssueRow<'_>> = Vec::new();
    for i in &r.cookie_issues {
        items.push(IssueRow {
            status: "cookie-issue",
            vendor_id: i.vendor.as_deref(),
            state: i.consent,
            kind: i.kind.to_string(),
            evidence_kind: "cookie",
            evidence: i.cookie.clone(),
            page: i.page.as_deref(),
            quote: i.declared.clone(),
            stance: None,
        });
    }
    for i in r.tcf.iter().flat_map(|t| &t.issues) {
        items.push(IssueRow {
            status: "tcf-issue",
            vendor_id: i.vendor.as_ref().map(|v: &VendorRef| v.id.as_str()),
            state: Some(i.state),
            kind: i.kind.to_string(),
            evidence_kind: "tc-string",
            evidence: i.string.value.clone(),
            page: Some(&i.string.page),
            quote: Some(i.detail.clone()),
            stance: None,
        });
    }
    for i in r.gpc.iter().flat_map(|g| &g.issues) {
        items.push(IssueRow {
            status: "gpc-issue",
            vendor_id: None,
            state: Some(i.string.state),
            kind: i.kind.to_string(),
            evidence_kind: "privacy-string",
            evidence: i.string.value.clone(),
            page: Some(&i.string.page),
            quote: Some(i.detail.clone()),
            stance: None,
        });
    }
    // Form data sent before submit: the canary and its encoding, the request that carried it.
    for f in &r.form_leaks {
        items.push(IssueRow {
            status: "form-data-sent-before-submit",
            vendor_id: f.vendor.as_deref(),
            state: f.consent,
            kind: format!("{} {}", f.canary, f.encoding),
            evidence_kind: "request",
            evidence: f.url.clone(),
            page: Some(&f.page),
            quote: Some(f.words()),
            stance: f.policy.as_ref(),
        });
    }
    for f in &r.fingerprinting {
        items.push(IssueRow {
            status: "fingerprinting",
            vendor_id: f.vendor.as_deref(),
            state: f.consent,
            kind: f.kinds_text(),
            evidence_kind: "script",
            evidence: f.script.clone(),
            page: Some(&f.page),
            quote: Some(f.detail.clone()),
            stance: f.policy.as_ref(),
        });
    }
    for f in &r.session_recording {
        items.push(IssueRow {
            status: "session-recording",
            vendor_id: f.vendor.as_deref(),
            state: f.consent,
            kind: f.how_text(),
            evidence_kind: "script",
            evidence: f.script.clone(),
            page: Some(&f.page),
            quote: Some(f.detail.clone()),
            stance: f.policy.as_ref(),
        });
    }
    items.into_iter().map(|i| row(r, base, i)).collect()
}

fn row(r: &AuditReport, base: &dyn Fn(&str) -> Vec<String>, i: IssueRow<'_>) -> Vec<String> {
    let header = super::audit::CSV_HEADER;
    let col = |name: &str| header.iter().position(|h| *h == name).expect("a CSV column");
    let mut row = base(i.status);
    row.resize(header.len(), String::new());
    if let Some(id) = i.vendor_id {
        row[col("vendor_id")] = id.to_string();
        if let Some(f) = r.findings.iter().find(|f| f.vendor.id == id) {
            row[col("vendor")].clone_from(&f.vendor.name);
            row[col("company")].clone_from(&f.vendor.company);
            row[col("category")] = f.vendor.category.to_string();
            row[col("tracking")] = if f.vendor.category.is_tracking() { "yes" } else { "no" }.into();
        }
    }
    row[col("consent_state")] = i.state.map(|s| s.to_string()).unwrap_or_default();
    row[col("consent_issue")] = i.kind;
    row[col("evidence_kind")] = i.evidence_kind.into();
    row[col("evidence_url")] = i.evidence;
    row[col("page")] = i.page.unwrap_or_default().to_string();
    row[col("quote")] = i.quote.unwrap_or_default();
    if let Some(s) = i.stance {
        row[col("verdict")] = s.verdict.to_string();
        if let (Some(q), Some(from)) = (&s.quote, &s.quote_source) {
            row[col("quote")].clone_from(q);
            row[col("quote_source")].clone_from(from);
        }
    }
    row[col("scanned_at")].clone_from(&r.finished_at);
    row
}
