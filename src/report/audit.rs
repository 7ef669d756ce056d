//! Rendering an [`AuditReport`]: a terminal table, Markdown, CSV (one row per site × vendor) and JSON.

use super::{Format, Style, columns, md_cell, to_csv, to_json, truncate};
use crate::model::{AuditReport, ConsentState, Evidence, Verdict};

/// The CSV columns, shared with `trackaudit scan`.
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
];

/// Renders a report in `format`.
pub fn render(report: &AuditReport, format: Format, style: Style) -> String {
    match format {
        Format::Json => to_json(report),
        Format::Csv => to_csv(CSV_HEADER, &csv_rows(report)),
        Format::Table => table(report, style),
        Format::Markdown => markdown(report),
    }
}

/// Pages read successfully.
fn pages_read(r: &AuditReport) -> usize {
    r.pages.iter().filter(|p| p.error.is_none()).count()
}

/// The site-level status: `ok`, or why nothing could be audited.
pub fn site_status(r: &AuditReport) -> String {
    if r.any_page_read() {
        return "ok".into();
    }
    let why = r
        .pages
        .first()
        .and_then(|p| p.error.clone())
        .or_else(|| r.errors.first().map(|e| e.message.clone()))
        .unwrap_or_else(|| "no page could be read".into());
    format!("error: {why}")
}

/// The CSV rows of one report: one per vendor (with its first evidence), one per unknown third party, and a
/// single row when there is neither, so that no site disappears from a spreadsheet.
pub fn csv_rows(r: &AuditReport) -> Vec<Vec<String>> {
    let status = site_status(r);
    let policy_url = r.policy.as_ref().map(|p| p.url.clone()).unwrap_or_default();
    let base = |status: &str| {
        vec![r.site.clone(), status.to_string(), r.engine.clone(), pages_read(r).to_string(), policy_url.clone()]
    };
    let evidence_cells = |e: Option<&Evidence>| match e {
        Some(e) => vec![e.kind.to_string(), e.url.clone().unwrap_or_default(), e.page.clone()],
        None => vec![String::new(), String::new(), String::new()],
    };
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
            let first = f.evidence.iter().find(|e| state.is_none() || e.consent == state);
            row.extend(evidence_cells(first));
            row.extend([f.quote.clone().unwrap_or_default(), r.finished_at.clone()]);
            rows.push(row);
        }
    }
    for u in &r.unknown_third_parties {
        let mut row = base("unknown-third-party");
        let state = u.evidence.first().and_then(|e| e.consent).map(|s| s.to_string()).unwrap_or_default();
        row.extend([String::new(), u.domain.clone(), String::new(), String::new(), String::new(), state]);
        row.extend([String::new(), String::new()]);
        row.extend(evidence_cells(u.evidence.first()));
        row.extend([String::new(), r.finished_at.clone()]);
        rows.push(row);
    }
    if rows.is_empty() {
        let status = if status == "ok" { "no-findings".to_string() } else { status };
        let mut row = base(&status);
        row.extend(std::iter::repeat_n(String::new(), CSV_HEADER.len() - 6));
        row.push(r.finished_at.clone());
        rows.push(row);
    }
    rows
}

fn paint(style: Style, v: Verdict) -> String {
    match v {
        Verdict::Disclosed => style.green(v.as_str()),
        Verdict::DisclosedParent | Verdict::Vague => style.yellow(v.as_str()),
        Verdict::Undisclosed | Verdict::Contradicted => style.red(v.as_str()),
    }
}

fn evidence_summary(e: Option<&Evidence>) -> String {
    match e {
        Some(e) => format!("{} {}", e.kind, e.url.as_deref().unwrap_or(&e.detail)),
        None => String::new(),
    }
}

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
        (Some(p), _) => out.push_str(&format!("Policy: {} ({}; {} words)\n", p.url, p.found_by, p.report.words)),
        (None, Some(why)) => out.push_str(&format!("Policy: {} {why}\n", style.red("none:"))),
        (None, None) => {}
    }
    for d in &r.other_documents {
        let label = capitalised(d.kind.label());
        out.push_str(&format!("{label}: {} ({}; {} words)\n", d.url, d.found_by, d.report.words));
    }
    out.push('\n');
    out.push_str(&style.bold(&format!("Third-party vendors ({})", r.findings.len())));
    out.push('\n');
    if !r.findings.is_empty() {
        let rows: Vec<Vec<String>> = r
            .findings
            .iter()
            .map(|f| {
                vec![
                    f.verdict.to_string(),
                    f.vendor.name.clone(),
                    f.vendor.company.clone(),
                    f.vendor.category.to_string(),
                    super::consent::states(&f.consent_states),
                    evidence_summary(f.evidence.first()),
                    f.ids.join(" "),
                ]
            })
            .collect();
        out.push_str(&columns(
            &["VERDICT", "VENDOR", "COMPANY", "CATEGORY", "LOADED IN", "EVIDENCE", "IDS"],
            &rows,
            &[16, 26, 26, 16, 18, 60, 30],
        ));
        out.push('\n');
        for f in &r.findings {
            let quote = f.quote.as_deref().map(|q| format!(" “{}”", truncate(q, 160))).unwrap_or_default();
            out.push_str(&format!("  {} {}: {}.{quote}\n", paint(style, f.verdict), f.vendor.name, f.reason));
        }
    }
    out.push_str(&super::consent::table(r, style));
    if !r.unknown_third_parties.is_empty() {
        out.push('\n');
        out.push_str(&style.bold(&format!("Unknown third parties ({})", r.unknown_third_parties.len())));
        out.push('\n');
        for u in &r.unknown_third_parties {
            out.push_str(&format!("  {:<30} {}\n", u.domain, evidence_summary(u.evidence.first())));
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
        (Some(p), _) => out.push_str(&format!("- Policy: {} ({})\n", p.url, md_cell(&p.found_by))),
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
    out.push_str("\n## Third-party vendors\n\n| Vendor | Company | Category | Verdict | Evidence | Policy quote |\n|---|---|---|---|---|---|\n");
    for f in &r.findings {
        out.push_str(&format!(
            "| {} | {} | {} | **{}** | {} | {} |\n",
            md_cell(&f.vendor.name),
            md_cell(&f.vendor.company),
            f.vendor.category,
            f.verdict,
            md_cell(&evidence_summary(f.evidence.first())),
            md_cell(f.quote.as_deref().unwrap_or(&f.reason))
        ));
    }
    out.push_str(&super::consent::markdown(r));
    if !r.unknown_third_parties.is_empty() {
        out.push_str("\n## Unknown third parties\n\n| Domain | Evidence |\n|---|---|\n");
        for u in &r.unknown_third_parties {
            out.push_str(&format!("| {} | {} |\n", u.domain, md_cell(&evidence_summary(u.evidence.first()))));
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
