//! Rendering an [`AuditReport`]: a terminal table, Markdown, CSV (one row per site × vendor) and JSON.

use super::consent::states;
use super::{Format, Style, columns, md_cell, to_csv, to_json, truncate};
use crate::model::{AuditReport, ConsentState, Evidence, Finding, Verdict};

/// The CSV columns, shared with `trackaudit scan`. `consent_state` is a machine value (`none`, `accept`,
/// `reject`); `tracking` is `yes` or `no` (empty for an unknown third party); `evidence_failed` is why the
/// row's request failed (browser engine), empty when it loaded: a row shows a loaded request when the vendor
/// has one in that state.
pub const CSV_HEADER: &[&str] = &[
    "site",
    "status",
    "engine",
    "pages",
    "policy_url",
    "vendor_id",
    "vendor",
    "company",
    "category",
    "verdict",
    "consent_state",
    "consent_issue",
    "ids",
    "evidence_kind",
    "evidence_url",
    "page",
    "quote",
    "scanned_at",
    "tracking",
    "evidence_failed",
    "quote_source",
];

/// Renders a report in `format`.
pub fn render(report: &AuditReport, format: Format, style: Style) -> String {
    match format {
        Format::Json => to_json(report),
        Format::Csv => to_csv(CSV_HEADER, &csv_rows(report)),
        Format::Table => table(report, style),
        Format::Markdown => markdown(report),
        Format::Html | Format::Pdf => super::html::audit::render(report),
        Format::Sarif => super::sarif::render(report),
    }
}

/// Pages read successfully.
fn pages_read(r: &AuditReport) -> usize {
    r.pages.iter().filter(|p| p.error.is_none()).count()
}

/// The CSV rows of one report: one per vendor (with its first evidence), one per unknown third party, and a
/// single row when there is neither, so that no site disappears from a spreadsheet.
pub fn csv_rows(r: &AuditReport) -> Vec<Vec<String>> {
    let status = r.site_status().to_string();
    let policy_url = r.policy.as_ref().map(|p| p.url.clone()).unwrap_or_default();
    let base = |status: &str| {
        vec![r.site.clone(), status.to_string(), r.engine.to_string(), pages_read(r).to_string(), policy_url.clone()]
    };
    let evidence_cells = |e: Option<&Evidence>| match e {
        Some(e) => vec![e.kind.to_string(), e.url.clone().unwrap_or_default(), e.page.clone()],
        None => vec![String::new(), String::new(), String::new()],
    };
    let failed_cell = |e: Option<&Evidence>| e.and_then(|e| e.failed.clone()).unwrap_or_default();
    let mut rows = Vec::new();
    for f in &r.findings {
        // Browser engine: one row per consent state the vendor loaded in, with that state's first evidence.
        let states: Vec<Option<ConsentState>> =
            if f.consent_states.is_empty() { vec![None] } else { f.consent_states.iter().copied().map(Some).collect() };
        for state in states {
            let issue = r
                .consent_issues
                .iter()
                .find(|i| i.vendor.id == f.vendor.id && i.evidence.first().and_then(|e| e.consent) == state)
                .map(|i| i.kind.to_string())
                .unwrap_or_default();
            let mut row = base(&status);
            row.extend([
                f.vendor.id.clone(),
                f.vendor.name.clone(),
                f.vendor.company.clone(),
                f.vendor.category.to_string(),
                f.verdict.to_string(),
                state.map(|s| s.to_string()).unwrap_or_default(),
                issue,
                f.ids.join(" "),
            ]);
            let first = shown_evidence(f.evidence.iter().filter(|e| state.is_none() || e.consent == state));
            row.extend(evidence_cells(first));
            row.extend([f.quote.clone().unwrap_or_default(), r.finished_at.clone()]);
            let tracking = if f.vendor.category.is_tracking() { "yes" } else { "no" };
            row.extend([tracking.to_string(), failed_cell(first), f.quote_source.clone().unwrap_or_default()]);
            rows.push(row);
        }
    }
    for u in &r.unknown_third_parties {
        let mut row = base("unknown-third-party");
        let state = u.evidence.first().and_then(|e| e.consent).map(|s| s.to_string()).unwrap_or_default();
        row.extend([String::new(), u.domain.clone(), String::new(), String::new(), String::new(), state]);
        row.extend([String::new(), String::new()]);
        let first = shown_evidence(u.evidence.iter());
        row.extend(evidence_cells(first));
        row.extend([String::new(), r.finished_at.clone(), String::new(), failed_cell(first), String::new()]);
        rows.push(row);
    }
    rows.extend(super::issue_rows::rows(r, &base));
    if rows.is_empty() {
        let status = if status == "ok" { "no-findings".to_string() } else { status };
        let mut row = base(&status);
        let scanned_at = CSV_HEADER.iter().position(|h| *h == "scanned_at").expect("a CSV column");
        row.resize(scanned_at, String::new());
        row.push(r.finished_at.clone());
        row.resize(CSV_HEADER.len(), String::new());
        rows.push(row);
    }
    rows
}

fn paint(style: Style, v: Verdict) -> String {
    match v {
        v if v.is_undisclosed() => style.red(v.as_str()),
        Verdict::Disclosed => style.green(v.as_str()),
        _ => style.yellow(v.as_str()),
    }
}

/// The evidence to show for a vendor: the first that loaded, else the first (failed) one.
pub(crate) fn shown_evidence<'a>(mut evidence: impl Iterator<Item = &'a Evidence> + Clone) -> Option<&'a Evidence> {
    evidence.clone().find(|e| e.failed.is_none()).or_else(|| evidence.next())
}

/// One piece of evidence in words: `script https://…`, or `script (failed: net::ERR_…) https://…` when it
/// never loaded (the marker before the URL, so that a table cut to width keeps it).
pub(crate) fn evidence_text(e: &Evidence) -> String {
    let what = e.url.as_deref().unwrap_or(&e.detail);
    match &e.failed {
        Some(why) => format!("{} (failed: {why}) {what}", e.kind),
        None => format!("{} {what}", e.kind),
    }
}

fn evidence_summary(e: Option<&Evidence>) -> String {
    e.map(evidence_text).unwrap_or_default()
}

/// A finding's evidence cell: the evidence shown, prefixed when every request failed.
fn finding_evidence(f: &Finding) -> String {
    let shown = evidence_summary(shown_evidence(f.evidence.iter()));
    if f.never_loaded() { format!("requested but never loaded: {shown}") } else { shown }
}

/// Trackers ([`crate::model::Category::is_tracking`]) first, then other third parties: the two sections of
/// the human formats.
fn sections(r: &AuditReport) -> [(&'static str, Vec<&Finding>); 2] {
    let (tracking, other): (Vec<&Finding>, Vec<&Finding>) =
        r.findings.iter().partition(|f| f.vendor.category.is_tracking());
    [("Trackers", tracking), ("Other third parties", other)]
}

/// What the "Other third parties" section holds, said once under its title.
const OTHER_NOTE: &str = "not trackers by category (CDNs, fonts, payments, hosting, security, video, e-mail, \
                          chat, consent and tag managers); still checked against the policy";

fn table(r: &AuditReport, style: Style) -> String {
    let mut out = format!(
        "{} {} ({} engine, {} of {} page(s) read)\n",
        style.bold("Audit of"),
        r.site,
        r.engine,
        pages_read(r),
        r.pages.len()
    );
    match (&r.policy, &r.policy_missing) {
        (Some(p), _) => out.push_str(&format!(
            "Policy: {} ({}; {} words; {})\n",
            p.url,
            p.found_by,
            p.report.words,
            super::policy::language_label(&p.report)
        )),
        (None, Some(why)) => out.push_str(&format!("Policy: {} {why}\n", style.red("none:"))),
        (None, None) => {}
    }
    for d in &r.other_documents {
        let label = capitalised(d.kind.label());
        out.push_str(&format!("{label}: {} ({}; {} words)\n", d.url, d.found_by, d.report.words));
    }
    let with_states = r.findings.iter().any(|f| !f.consent_states.is_empty());
    for (title, findings) in sections(r) {
        out.push('\n');
        out.push_str(&style.bold(&format!("{title} ({})", findings.len())));
        out.push('\n');
        if title != "Trackers" && !findings.is_empty() {
            out.push_str(&style.dim(&format!("  {OTHER_NOTE}\n")));
        }
        if findings.is_empty() {
            continue;
        }
        let rows: Vec<Vec<String>> = findings
            .iter()
            .map(|f| {
                let mut row = vec![
                    f.verdict.to_string(),
                    f.vendor.name.clone(),
                    f.vendor.company.clone(),
                    f.vendor.category.to_string(),
                ];
                if with_states {
                    row.push(states(&f.consent_states));
                }
                row.extend([finding_evidence(f), f.ids.join(" ")]);
                row
            })
            .collect();
        let (header, caps): (Vec<&str>, Vec<usize>) = if with_states {
            (
                vec!["VERDICT", "VENDOR", "COMPANY", "CATEGORY", "SEEN", "EVIDENCE", "IDS"],
                vec![16, 26, 26, 20, 44, 90, 30],
            )
        } else {
            (vec!["VERDICT", "VENDOR", "COMPANY", "CATEGORY", "EVIDENCE", "IDS"], vec![16, 26, 26, 20, 90, 30])
        };
        out.push_str(&columns(&header, &rows, &caps));
        out.push('\n');
        for f in &findings {
            let quote = f.quote.as_deref().map(|q| format!(" “{}”", truncate(q, 160))).unwrap_or_default();
            let never = match f.evidence.first().and_then(|e| e.failed.as_deref()) {
                Some(why) if f.never_loaded() => format!(" Requested but never loaded: every request failed ({why})."),
                _ => String::new(),
            };
            let accepted = f.accepted.as_ref().map(|a| format!(" Accepted: {}.", a.reason)).unwrap_or_default();
            out.push_str(&format!(
                "  {} {}: {}.{quote}{never}{accepted}\n",
                paint(style, f.verdict),
                f.vendor.name,
                f.reason
            ));
        }
    }
    out.push_str(&super::consent::table(r, style));
    if !r.unknown_third_parties.is_empty() {
        out.push('\n');
        out.push_str(&style.bold(&format!("Unknown third parties ({})", r.unknown_third_parties.len())));
        out.push('\n');
        for u in &r.unknown_third_parties {
            out.push_str(&format!("  {:<30} {}\n", u.domain, evidence_summary(shown_evidence(u.evidence.iter()))));
        }
    }
    if !r.hints.is_empty() {
        let domains: Vec<&str> = r.hints.iter().map(|h| h.domain.as_str()).collect();
        out.push_str(&format!("\nResource hints (not trackers): {}\n", domains.join(", ")));
    }
    if !r.disclosed_not_observed.is_empty() {
        let names: Vec<&str> = r.disclosed_not_observed.iter().map(|n| n.name.as_str()).collect();
        out.push_str(&format!("\nNamed in the policy but not seen on the site: {}\n", names.join(", ")));
    }
    if !r.errors.is_empty() {
        out.push('\n');
        out.push_str(&style.bold(&format!("Problems ({})", r.errors.len())));
        out.push('\n');
        for e in &r.errors {
            out.push_str(&format!("  {} {}: {}\n", e.scope, e.url.as_deref().unwrap_or(""), e.message));
        }
    }
    out
}

fn markdown(r: &AuditReport) -> String {
    let mut out = format!("# Tracker audit: {}\n\n", r.site);
    out.push_str(&format!(
        "- Target: {}\n- Engine: {}\n- Pages read: {} of {}\n- Started: {}\n- Finished: {}\n",
        r.target,
        r.engine,
        pages_read(r),
        r.pages.len(),
        r.started_at,
        r.finished_at
    ));
    match (&r.policy, &r.policy_missing) {
        (Some(p), _) => out.push_str(&format!(
            "- Policy: {} ({}; {})\n",
            p.url,
            md_cell(&p.found_by),
            super::policy::language_label(&p.report)
        )),
        (None, Some(why)) => out.push_str(&format!("- Policy: none. {}\n", md_cell(why))),
        (None, None) => {}
    }
    if r.policy.is_some() {
        out.push_str(
            "\n## Policy documents read\n\n| Document | URL | Words | SHA-256 | Found by |\n|---|---|---|---|---|\n",
        );
        for d in r.documents() {
            out.push_str(&format!(
                "| {} | {} | {} | `{}` | {} |\n",
                d.kind.label(),
                md_cell(&d.url),
                d.report.words,
                d.sha256.get(..16).unwrap_or(&d.sha256),
                md_cell(&d.found_by)
            ));
        }
    }
    let with_states = r.findings.iter().any(|f| !f.consent_states.is_empty());
    for (title, findings) in sections(r) {
        out.push_str(&format!("\n## {title}\n\n"));
        if title != "Trackers" {
            out.push_str(&format!("Other third parties are {OTHER_NOTE}.\n\n"));
        }
        if findings.is_empty() {
            out.push_str("None.\n");
            continue;
        }
        if with_states {
            out.push_str("| Vendor | Company | Category | Verdict | Seen | Evidence | Policy quote |\n|---|---|---|---|---|---|---|\n");
        } else {
            out.push_str(
                "| Vendor | Company | Category | Verdict | Evidence | Policy quote |\n|---|---|---|---|---|---|\n",
            );
        }
        for f in findings {
            let seen = if with_states { format!(" {} |", states(&f.consent_states)) } else { String::new() };
            out.push_str(&format!(
                "| {} | {} | {} | **{}**{} |{seen} {} | {} |\n",
                md_cell(&f.vendor.name),
                md_cell(&f.vendor.company),
                f.vendor.category,
                f.verdict,
                f.accepted.as_ref().map(|a| format!(" (accepted: {})", md_cell(&a.reason))).unwrap_or_default(),
                md_cell(&finding_evidence(f)),
                md_cell(f.quote.as_deref().unwrap_or(&f.reason))
            ));
        }
    }
    out.push_str(&super::consent::markdown(r));
    if !r.unknown_third_parties.is_empty() {
        out.push_str("\n## Unknown third parties\n\n| Domain | Evidence |\n|---|---|\n");
        for u in &r.unknown_third_parties {
            let e = evidence_summary(shown_evidence(u.evidence.iter()));
            out.push_str(&format!("| {} | {} |\n", md_cell(&u.domain), md_cell(&e)));
        }
    }
    if !r.disclosed_not_observed.is_empty() {
        out.push_str("\n## Named in the policy but not seen\n\n| Vendor | Quote |\n|---|---|\n");
        for n in &r.disclosed_not_observed {
            out.push_str(&format!("| {} | {} |\n", md_cell(&n.name), md_cell(&n.quote)));
        }
    }
    if !r.errors.is_empty() {
        out.push_str("\n## Problems\n\n");
        for e in &r.errors {
            out.push_str(&format!("- {} {}: {}\n", e.scope, e.url.as_deref().unwrap_or(""), md_cell(&e.message)));
        }
    }
    out
}

/// `cookie policy` → `Cookie policy`.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, ConsentAction, EvidenceKind, VendorRef};

    fn evidence(kind: EvidenceKind, url: &str, state: ConsentState, failed: Option<&str>) -> Evidence {
        Evidence {
            kind,
            page: "http://www.shop.test/".into(),
            url: Some(url.into()),
            detail: "Script request".into(),
            consent: Some(state),
            failed: failed.map(str::to_string),
            cookie: None,
            disguise: None,
        }
    }

    fn finding(id: &str, name: &str, category: Category, evidence: Vec<Evidence>) -> Finding {
        let mut consent_states: Vec<ConsentState> = evidence.iter().filter_map(|e| e.consent).collect();
        consent_states.sort();
        consent_states.dedup();
        Finding {
            vendor: VendorRef { id: id.into(), name: name.into(), company: "Co".into(), category },
            verdict: Verdict::Undisclosed,
            quote: None,
            quote_source: None,
            reason: "the policy does not name it".into(),
            ids: Vec::new(),
            evidence,
            consent_states,
            accepted: None,
        }
    }

    /// A browser audit: Hotjar only ever failed, Criteo failed once and loaded once, Stripe (not a tracker)
    /// loaded after accept.
    fn report() -> AuditReport {
        use ConsentState::{Accept, None as Before, Reject};
        let mut r = AuditReport::started("http://www.shop.test/");
        r.site = "shop.test".into();
        r.engine = crate::model::EngineKind::Chrome;
        let refused = Some("net::ERR_CONNECTION_REFUSED");
        r.findings = vec![
            finding(
                "hotjar",
                "Hotjar",
                Category::SessionReplay,
                vec![evidence(EvidenceKind::Script, "https://static.hotjar.com/c/h.js", Before, refused)],
            ),
            finding(
                "criteo",
                "Criteo",
                Category::Advertising,
                vec![
                    evidence(EvidenceKind::Img, "https://static.criteo.net/px", Before, refused),
                    evidence(EvidenceKind::Script, "https://static.criteo.net/ld.js", Reject, None),
                ],
            ),
            finding(
                "stripe",
                "Stripe",
                Category::Payments,
                vec![evidence(EvidenceKind::Script, "https://js.stripe.com/v3/", Accept, None)],
            ),
        ];
        r.consent_actions = vec![ConsentAction {
            state: Reject,
            page: "http://www.shop.test/".into(),
            clicked: Some("#reject \"Reject all\"".into()),
            problem: None,
            banner_text: None,
        }];
        r
    }

    #[test]
    fn human_formats_use_words_sections_and_failure_marks() {
        let r = report();
        for text in [table(&r, Style::default()), markdown(&r)] {
            assert!(!text.contains(" none") && !text.contains("LOADED IN"), "{text}");
            assert!(text.contains("before consent, after reject"), "Criteo's states in words: {text}");
            assert!(text.contains("after accept"), "{text}");
            let trackers = text.find("Trackers").unwrap();
            let other = text.find("Other third parties").unwrap();
            let (hotjar, stripe) = (text.find("Hotjar").unwrap(), text.find("Stripe").unwrap());
            assert!(trackers < hotjar && hotjar < other && other < stripe, "{text}");
            assert!(
                text.contains("requested but never loaded: script (failed: net::ERR_CONNECTION_REFUSED)"),
                "{text}"
            );
            // Criteo loaded once: its loaded request is shown, and it is not "never loaded".
            let criteo_line = text.lines().find(|l| l.contains("Criteo") && l.contains("criteo.net")).unwrap();
            assert!(criteo_line.contains("script https://static.criteo.net/ld.js"), "{criteo_line}");
            assert!(!criteo_line.contains("never loaded"), "{criteo_line}");
        }
        let t = table(&r, Style::default());
        assert!(t.contains("Trackers (2)") && t.contains("Other third parties (1)"), "{t}");
        assert!(t.contains("Hotjar: the policy does not name it. Requested but never loaded"), "{t}");
        assert!(t.contains("Reject all: clicked #reject"), "{t}");
        assert!(markdown(&r).contains("| after reject | http://www.shop.test/ | #reject \"Reject all\" |"));
    }

    #[test]
    fn json_and_csv_keep_machine_values() {
        let r = report();
        let json: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, Style::default())).unwrap();
        let hotjar = &json["findings"][0];
        assert_eq!(hotjar["consent_states"], serde_json::json!(["none"]));
        assert_eq!(hotjar["evidence"][0]["failed"], "net::ERR_CONNECTION_REFUSED");
        assert!(json["findings"][2]["evidence"][0].get("failed").is_none(), "no key when it loaded");

        let csv = render(&r, Format::Csv, Style::default());
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, CSV_HEADER);
        let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let row = |vendor: &str, state: &str| {
            rows.iter().find(|r| &r[col("vendor_id")] == vendor && &r[col("consent_state")] == state).unwrap()
        };
        let h = row("hotjar", "none");
        assert_eq!((&h[col("tracking")], &h[col("evidence_failed")]), ("yes", "net::ERR_CONNECTION_REFUSED"));
        assert_eq!(&row("criteo", "none")[col("evidence_failed")], "net::ERR_CONNECTION_REFUSED");
        let c = row("criteo", "reject");
        assert_eq!((&c[col("evidence_url")], &c[col("evidence_failed")]), ("https://static.criteo.net/ld.js", ""));
        assert_eq!(&row("stripe", "accept")[col("tracking")], "no");
    }

    #[test]
    fn cookie_tcf_and_gpc_findings_get_a_csv_row_each_and_escaped_html() {
        use crate::model::ConsentState::Reject;
        use crate::model::{CookieIssue, CookieIssueKind, TcfIssue, TcfIssueKind, TcfReport, TcfStringRead};
        let mut r = report();
        r.cookie_issues.push(CookieIssue {
            kind: CookieIssueKind::UndeclaredCookie,
            cookie: "<script>x</script>".into(),
            domain: Some(".shop.test".into()),
            vendor: Some("criteo".into()),
            page: Some("http://www.shop.test/".into()),
            consent: Some(Reject),
            declared: None,
            detail: "set but not declared </style>".into(),
        });
        let string = TcfStringRead {
            state: Reject,
            page: "http://www.shop.test/".into(),
            source: "euconsent-v2 cookie".into(),
            value: "CP1R2oAP".into(),
            cmp_id: Some(300),
            cmp_version: Some(2),
            purposes_consent: vec![1],
            purposes_legitimate_interest: Vec::new(),
            purpose_one_treatment: false,
            vendor_consents: vec![755],
            vendor_legitimate_interests: Vec::new(),
            created: None,
            problem: None,
        };
        let issue = TcfIssue {
            kind: TcfIssueKind::ConsentAfterReject,
            state: Reject,
            vendor: None,
            gvl_id: None,
            purposes: vec![1],
            vendors: vec![755],
            string: string.clone(),
            detail: "after reject, consent to purpose 1".into(),
            evidence: Vec::new(),
        };
        r.tcf = Some(TcfReport { gvl: None, strings: vec![string], issues: vec![issue] });
        let csv = render(&r, Format::Csv, Style::default());
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let col = |name: &str| CSV_HEADER.iter().position(|h| *h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let cookie = rows.iter().find(|r| &r[col("status")] == "cookie-issue").expect("a cookie-issue row");
        assert_eq!(
            (&cookie[col("consent_issue")], &cookie[col("evidence_kind")], &cookie[col("vendor")]),
            ("undeclared-cookie", "cookie", "Criteo")
        );
        assert_eq!((&cookie[col("evidence_url")], &cookie[col("consent_state")]), ("<script>x</script>", "reject"));
        let tcf = rows.iter().find(|r| &r[col("status")] == "tcf-issue").expect("a tcf-issue row");
        assert_eq!((&tcf[col("consent_issue")], &tcf[col("evidence_url")]), ("consent-after-reject", "CP1R2oAP"));
        // Site strings are text in the HTML report, never markup.
        let html = render(&r, Format::Html, Style::default());
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>x"), "escaped");
        assert!(html.contains("declared &lt;/style&gt;"), "escaped");
        let md = render(&r, Format::Markdown, Style::default());
        assert!(md.contains("## Cookie issues") && md.contains("## IAB TCF") && !md.contains("<script>"), "{md}");
    }

    #[test]
    fn markdown_cells_cannot_inject_html() {
        assert_eq!(md_cell("a|b\n<img src=x onerror=alert(1)>"), "a\\|b &lt;img src=x onerror=alert(1)&gt;");
    }
}
