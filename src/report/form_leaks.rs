//! The form-data section of an audit report (browser engine, `--probe-forms`): each canary typed into a form
//! and sent before the form was submitted (`form-data-sent-before-submit`), how, in which request, to whom.

use maud::{Markup, html};

use super::{Style, md_cell, truncate};
use crate::model::{AuditReport, FormLeakFinding};

fn seen(f: &FormLeakFinding) -> String {
    super::consent::seen_on(&f.page, f.consent)
}

/// The recipient in words: `cdn.leaky-forms.test (vendor)`, `www.shop.test (first party)`.
fn recipient(f: &FormLeakFinding) -> String {
    match (&f.vendor, f.first_party) {
        (_, true) => format!("{} (first party)", f.recipient),
        (Some(v), false) => format!("{} ({v})", f.recipient),
        (None, false) => f.recipient.clone(),
    }
}

/// Lines for the terminal table.
pub fn table(r: &AuditReport, style: Style) -> String {
    if r.form_leaks.is_empty() {
        return String::new();
    }
    let title = format!("Form data sent before submit ({})", r.form_leaks.len());
    let mut out = format!("\n{}\n", style.bold(&title));
    for f in &r.form_leaks {
        out.push_str(&format!(
            "  {} {} as {} in the {} of {} {} to {}\n      typed into {} {}\n",
            style.red("form-data-sent-before-submit"),
            f.canary,
            f.encoding,
            f.location,
            f.method,
            truncate(&f.url, 120),
            recipient(f),
            truncate(&f.field, 120),
            seen(f)
        ));
        out.push_str(&super::stance::table(f.policy.as_ref(), style));
    }
    out
}

/// The Markdown section.
pub fn markdown(r: &AuditReport) -> String {
    if r.form_leaks.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n## Form data sent before submit\n\n| Canary | Encoding | Field | Request | Where | Recipient | Script | Seen | Policy |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for f in &r.form_leaks {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            f.canary,
            f.encoding,
            md_cell(&f.field),
            md_cell(&format!("{} {}", f.method, f.url)),
            md_cell(&f.location),
            md_cell(&recipient(f)),
            md_cell(f.script.as_deref().unwrap_or("")),
            md_cell(&seen(f)),
            md_cell(&super::stance::words(f.policy.as_ref()))
        ));
    }
    out
}

/// The HTML section.
pub fn html(r: &AuditReport) -> Markup {
    html! {
        @if !r.form_leaks.is_empty() {
            section {
                h2 { "Form data sent before submit (" (r.form_leaks.len()) ")" }
                p { "Canary values typed into the page's form fields (never submitted) were found in these requests." }
                table {
                    thead { tr {
                        th { "Canary" } th { "Encoding" } th { "Field" } th { "Request" } th { "Where" }
                        th { "Recipient" } th { "Script" } th { "Seen" } th { "Policy" }
                    } }
                    tbody { @for f in &r.form_leaks {
                        tr {
                            td { strong { (f.canary) } } td { (f.encoding) } td { code { (f.field) } }
                            td { (f.method) " " code { (f.url) } } td { (f.location) } td { (recipient(f)) }
                            td { @if let Some(s) = &f.script { code { (s) } } } td { (seen(f)) }
                            td { (super::stance::html(f.policy.as_ref())) }
                        }
                    } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CanaryKind, ConsentState, LeakEncoding};
    use crate::report::{Format, audit::render};

    fn report() -> AuditReport {
        let mut r = AuditReport::started("http://www.shop.test/");
        r.finished_at = "2026-01-01T00:00:00Z".into();
        r.form_leaks.push(FormLeakFinding {
            page: "http://www.shop.test/".into(),
            consent: Some(ConsentState::None),
            field: "input[type=email]#<b>x</b>".into(),
            canary: CanaryKind::Email,
            encoding: LeakEncoding::Sha256,
            url: "https://cdn.leak.test/px?h=ab|cd<script>".into(),
            method: "GET".into(),
            location: "url".into(),
            recipient: "cdn.leak.test".into(),
            vendor: Some("hotjar".into()),
            script: Some("https://cdn.leak.test/capture.js".into()),
            first_party: false,
            policy: None,
        });
        r
    }

    #[test]
    fn form_leaks_are_a_section_of_every_human_format_and_a_csv_row() {
        let r = report();
        let t = table(&r, Style::default());
        assert!(t.contains("Form data sent before submit (1)"), "{t}");
        assert!(t.contains("email as sha256 in the url of GET https://cdn.leak.test/px?h=ab|cd"), "{t}");
        assert!(t.contains("to cdn.leak.test (hotjar)") && t.contains("on http://www.shop.test/, before consent"));
        let md = render(&r, Format::Markdown, Style::default());
        assert!(md.contains("## Form data sent before submit") && md.contains("| email | sha256 |"), "{md}");
        assert!(md.contains("ab\\|cd") && !md.contains("<script>") && !md.contains("<b>"), "{md}");
        let page = render(&r, Format::Html, Style::default());
        assert!(page.contains("Form data sent before submit (1)") && page.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(page.contains("ab|cd&lt;script&gt;") && !page.contains("cd<script>"), "escaped");
        let csv = render(&r, Format::Csv, Style::default());
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = super::super::audit::CSV_HEADER;
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let row = rows.iter().find(|r| &r[col("status")] == "form-data-sent-before-submit").expect("a row");
        assert_eq!((&row[col("consent_issue")], &row[col("evidence_kind")]), ("email sha256", "request"));
        assert_eq!(&row[col("evidence_url")], "https://cdn.leak.test/px?h=ab|cd<script>");
        assert_eq!((&row[col("vendor_id")], &row[col("consent_state")]), ("hotjar", "none"));
        assert!(row[col("quote")].contains("typed into input[type=email]#<b>x</b> was sent sha256-hashed in the url"));
        let json: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, Style::default())).unwrap();
        assert_eq!(json["form_leaks"][0]["encoding"], "sha256");
        let empty = AuditReport::started("http://www.shop.test/");
        assert!(super::super::to_json(&empty).find("form_leaks").is_none(), "no key when there is none");
    }
}
