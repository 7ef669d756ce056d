//! The session-recording section of an audit report: each script that records the session (a known
//! recorder, or one that behaves like one), its vendor, where, why and what shows it.

use maud::Markup;

use super::Style;
use super::scripts::{ScriptRow, Section};
use crate::model::AuditReport;

const SECTION: Section = Section { title: "Session recording", what: "How", evidence: "Evidence" };

fn rows(r: &AuditReport) -> Vec<ScriptRow<'_>> {
    r.session_recording
        .iter()
        .map(|f| ScriptRow {
            what: f.how_text(),
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
    use crate::model::{ConsentState, RecordingHow, SessionRecordingFinding};
    use crate::report::{Format, audit::render};

    fn report() -> AuditReport {
        let mut r = AuditReport::started("http://www.shop.test/");
        r.finished_at = "2026-01-01T00:00:00Z".into();
        r.session_recording.push(SessionRecordingFinding {
            script: "https://cdn.rec.test/r.js?<script>x</script>".into(),
            vendor: Some("hotjar".into()),
            page: "http://www.shop.test/".into(),
            consent: Some(ConsentState::None),
            how: vec![RecordingHow::KnownRecorder, RecordingHow::Behaviour],
            evidence: vec!["EventTarget.addEventListener: mousemove, on document".into()],
            detail: "listens | everywhere </style>".into(),
            policy: None,
        });
        r
    }

    #[test]
    fn session_recording_is_a_section_of_every_human_format_and_a_csv_row() {
        let r = report();
        let t = table(&r, Style::default());
        assert!(
            t.contains("Session recording (1)") && t.contains("known-recorder behaviour https://cdn.rec.test/r.js")
        );
        assert!(t.contains("(hotjar) on http://www.shop.test/, before consent"), "{t}");
        let md = render(&r, Format::Markdown, Style::default());
        assert!(md.contains("## Session recording") && md.contains("| known-recorder behaviour |"), "{md}");
        assert!(md.contains("listens \\| everywhere") && !md.contains("<script>"), "{md}");
        let page = render(&r, Format::Html, Style::default());
        assert!(
            page.contains("Session recording (1)") && page.contains("&lt;script&gt;x") && !page.contains("<script>x")
        );
        assert!(page.contains("everywhere &lt;/style&gt;"), "escaped");
        let csv = render(&r, Format::Csv, Style::default());
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = super::super::audit::CSV_HEADER;
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let row = rows.iter().find(|r| &r[col("status")] == "session-recording").expect("a session-recording row");
        assert_eq!((&row[col("consent_issue")], &row[col("evidence_kind")]), ("known-recorder behaviour", "script"));
        assert_eq!(&row[col("evidence_url")], "https://cdn.rec.test/r.js?<script>x</script>");
        assert_eq!((&row[col("vendor_id")], &row[col("consent_state")]), ("hotjar", "none"));
        assert_eq!(&row[col("quote")], "listens | everywhere </style>");
        let json: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, Style::default())).unwrap();
        assert_eq!(json["session_recording"][0]["how"], serde_json::json!(["known-recorder", "behaviour"]));
        let empty = AuditReport::started("http://www.shop.test/");
        assert!(super::super::to_json(&empty).find("session_recording").is_none(), "no key when there is none");
    }
}
