//! The fingerprinting section of an audit report (browser engine): each script that fingerprints the
//! browser, what it fingerprints, where, and the calls that show it.

use maud::Markup;

use super::Style;
use super::scripts::{ScriptRow, Section};
use crate::model::AuditReport;

const SECTION: Section = Section { title: "Fingerprinting", what: "Kinds", evidence: "Calls" };

fn rows(r: &AuditReport) -> Vec<ScriptRow<'_>> {
    r.fingerprinting
        .iter()
        .map(|f| ScriptRow {
            what: f.kinds_text(),
            script: &f.script,
            vendor: f.vendor.as_deref(),
            page: &f.page,
            consent: f.consent,
            detail: &f.detail,
            evidence: &f.evidence,
            policy: f.policy.as_ref(),
        })
        .collect()
}

/// Lines for the terminal table.
pub fn table(r: &AuditReport, style: Style) -> String {
    super::scripts::table(&SECTION, &rows(r), style)
}

/// The Markdown section.
pub fn markdown(r: &AuditReport) -> String {
    super::scripts::markdown(&SECTION, &rows(r))
}

/// The HTML section.
pub fn html(r: &AuditReport) -> Markup {
    super::scripts::html(&SECTION, &rows(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConsentState, FingerprintFinding, FingerprintKind};
    use crate::report::{Format, audit::render};

    fn report() -> AuditReport {
        let mut r = AuditReport::started("http://www.shop.test/");
        r.finished_at = "2026-01-01T00:00:00Z".into();
        r.fingerprinting.push(FingerprintFinding {
            script: "https://cdn.fp.test/fp.js?<script>x</script>".into(),
            vendor: Some("hotjar".into()),
            kinds: vec![FingerprintKind::Canvas, FingerprintKind::Webgl],
            page: "http://www.shop.test/".into(),
            consent: Some(ConsentState::None),
            evidence: vec!["HTMLCanvasElement.toDataURL on #1: 240×60 px, image/png".into()],
            detail: "canvas: text | drawn </style>".into(),
            policy: Some(crate::model::PolicyStance {
                verdict: crate::model::Verdict::Contradicted,
                quote: Some("We never use <b>fingerprinting</b>.".into()),
                quote_source: Some("http://www.shop.test/privacy/".into()),
                reason: "the privacy policy says the site does not do it (no-fingerprinting)".into(),
            }),
        });
        r
    }

    #[test]
    fn fingerprinting_is_a_section_of_every_human_format_and_a_csv_row() {
        let r = report();
        let t = table(&r, Style::default());
        assert!(t.contains("Fingerprinting (1)") && t.contains("canvas webgl https://cdn.fp.test/fp.js"), "{t}");
        assert!(t.contains("(hotjar) on http://www.shop.test/, before consent"), "{t}");
        assert!(t.contains("policy: contradicted (the privacy policy says") && t.contains("“We never use"), "{t}");
        let md = render(&r, Format::Markdown, Style::default());
        assert!(md.contains("## Fingerprinting") && md.contains("| canvas webgl |") && md.contains("text \\| drawn"));
        assert!(!md.contains("<script>"), "{md}");
        let page = render(&r, Format::Html, Style::default());
        assert!(page.contains("Fingerprinting (1)") && page.contains("&lt;script&gt;x") && !page.contains("<script>x"));
        assert!(page.contains("drawn &lt;/style&gt;"), "escaped");
        assert!(page.contains("We never use &lt;b&gt;fingerprinting"), "the policy's sentence, escaped");
        assert!(md.contains("| contradicted: the privacy policy says"), "{md}");
        let csv = render(&r, Format::Csv, Style::default());
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = super::super::audit::CSV_HEADER;
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let row = rows.iter().find(|r| &r[col("status")] == "fingerprinting").expect("a fingerprinting row");
        assert_eq!((&row[col("consent_issue")], &row[col("evidence_kind")]), ("canvas webgl", "script"));
        assert_eq!(&row[col("evidence_url")], "https://cdn.fp.test/fp.js?<script>x</script>");
        assert_eq!((&row[col("vendor_id")], &row[col("consent_state")]), ("hotjar", "none"));
        assert_eq!(&row[col("verdict")], "contradicted");
        assert_eq!(&row[col("quote")], "We never use <b>fingerprinting</b>.");
        assert_eq!(&row[col("quote_source")], "http://www.shop.test/privacy/");
        let mut undecided = r.clone();
        undecided.fingerprinting[0].policy = None;
        let csv = render(&undecided, Format::Csv, Style::default());
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let row = reader.records().map(Result::unwrap).find(|r| &r[col("status")] == "fingerprinting").unwrap();
        assert_eq!(&row[col("quote")], "canvas: text | drawn </style>", "without a policy sentence, the detail");
        let json: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, Style::default())).unwrap();
        assert_eq!(json["fingerprinting"][0]["kinds"], serde_json::json!(["canvas", "webgl"]));
        let empty = AuditReport::started("http://www.shop.test/");
        assert!(super::super::to_json(&empty).find("fingerprinting").is_none(), "no key when there is none");
    }
}
