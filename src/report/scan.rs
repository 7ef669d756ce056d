//! Rendering scan summaries, diffs between scans, and a site's history.

use super::{Format, columns, md_cell, to_csv, to_json};
use crate::diff::Change;
use crate::history::{RunInfo, SiteRun};
use crate::model::ScanSummary;

/// The end-of-scan summary, in words.
pub fn summary(s: &ScanSummary) -> String {
    let mut out = String::new();
    if let Some(run) = s.run_id {
        out.push_str(&format!("Run {run}: "));
    }
    out.push_str(&format!("{} site(s) scanned", s.scanned));
    if s.resumed > 0 {
        out.push_str(&format!(" ({} more finished before the resume, {} in all)", s.resumed, s.total));
    }
    out.push_str(&format!(
        ", {} failed, {} with undisclosed vendors, {} with contradictions.\n",
        s.failed, s.with_undisclosed, s.with_contradictions
    ));
    if !s.top_undisclosed.is_empty() {
        out.push_str("Most frequent undisclosed vendors:\n");
        for (name, n) in &s.top_undisclosed {
            out.push_str(&format!("  {n:>5} site(s)  {name}\n"));
        }
    }
    if s.interrupted {
        let by = s.signal.map(|sig| format!(" by {}", sig.name())).unwrap_or_default();
        out.push_str(&format!("Interrupted{by}: every finished site is saved; {}.\n", crate::model::Remedy::Resume));
    }
    out
}

/// The CSV columns of a diff.
pub const DIFF_HEADER: &[&str] = &["site", "change", "vendor_id", "vendor", "old", "new", "detail"];

/// Renders the changes between two runs.
pub fn diff(old: &str, new: &str, changes: &[Change], format: Format) -> String {
    let rows = diff_rows(changes);
    match format {
        Format::Json | Format::Sarif => to_json(&serde_json::json!({"old": old, "new": new, "changes": changes})),
        Format::Csv => to_csv(DIFF_HEADER, &rows),
        Format::Html | Format::Pdf => {
            super::html::page_table(&format!("Changes from {old} to {new}"), DIFF_HEADER, &rows)
        }
        Format::Markdown => {
            let mut out = format!("# Changes from {old} to {new}\n\n");
            if changes.is_empty() {
                out.push_str("No changes.\n");
                return out;
            }
            out.push_str("| Site | Change | Vendor | Old | New | Detail |\n|---|---|---|---|---|---|\n");
            for r in &rows {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    md_cell(&r[0]),
                    r[1],
                    md_cell(&r[3]),
                    md_cell(&r[4]),
                    md_cell(&r[5]),
                    md_cell(&r[6])
                ));
            }
            out
        }
        Format::Table => {
            let mut out = format!("Changes from {old} to {new}: {}\n", changes.len());
            if !changes.is_empty() {
                let short: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| vec![r[0].clone(), r[1].clone(), r[3].clone(), r[4].clone(), r[5].clone()])
                    .collect();
                out.push_str(&columns(&["SITE", "CHANGE", "VENDOR", "OLD", "NEW"], &short, &[40, 16, 28, 24, 24]));
            }
            out
        }
    }
}

/// The rows of a diff, in [`DIFF_HEADER`] order.
pub(crate) fn diff_rows(changes: &[Change]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            vec![
                c.site.clone(),
                c.kind.to_string(),
                c.vendor_id.clone().unwrap_or_default(),
                c.vendor.clone().unwrap_or_default(),
                c.old.as_ref().map(ToString::to_string).unwrap_or_default(),
                c.new.as_ref().map(ToString::to_string).unwrap_or_default(),
                c.detail.clone(),
            ]
        })
        .collect()
}

/// Renders a site's runs.
pub fn history(site: &str, runs: &[SiteRun], format: Format) -> String {
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                r.run_id.to_string(),
                r.finished_at.clone(),
                r.status.to_string(),
                r.pages.to_string(),
                r.vendors.to_string(),
                r.undisclosed.to_string(),
                r.policy_url.clone().unwrap_or_default(),
                r.policy_sha256.as_deref().map(|h| h[..12.min(h.len())].to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["run", "finished_at", "status", "pages", "vendors", "undisclosed", "policy_url", "policy_sha256"];
    match format {
        Format::Json | Format::Sarif => to_json(&runs),
        Format::Csv => to_csv(&header, &rows),
        Format::Html | Format::Pdf => super::html::page_table(&format!("History of {site}"), &header, &rows),
        Format::Markdown => {
            let mut out = format!(
                "# History of {}\n\n| {} |\n|{}\n",
                md_cell(site),
                header.join(" | "),
                "---|".repeat(header.len())
            );
            for r in &rows {
                out.push_str(&format!("| {} |\n", r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")));
            }
            out
        }
        Format::Table => {
            let upper: Vec<String> = header.iter().map(|h| h.to_uppercase()).collect();
            let upper: Vec<&str> = upper.iter().map(String::as_str).collect();
            format!(
                "History of {site}: {} run(s)\n{}",
                runs.len(),
                columns(&upper, &rows, &[6, 22, 30, 6, 8, 12, 50, 14])
            )
        }
    }
}

/// Renders the list of runs.
pub fn runs(runs: &[RunInfo], format: Format) -> String {
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.started_at.clone(),
                r.finished_at.clone().unwrap_or_else(|| "(unfinished)".into()),
                format!("{}/{}", r.done, r.total),
                r.input.clone(),
            ]
        })
        .collect();
    match format {
        Format::Json | Format::Sarif => to_json(&runs),
        Format::Csv => to_csv(&["run", "started_at", "finished_at", "sites", "input"], &rows),
        Format::Html | Format::Pdf => {
            super::html::page_table("Runs", &["run", "started_at", "finished_at", "sites", "input"], &rows)
        }
        _ => columns(&["RUN", "STARTED", "FINISHED", "SITES", "INPUT"], &rows, &[6, 22, 22, 12, 60]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SiteStatus;

    fn runs() -> Vec<SiteRun> {
        let run = |id: i64, status: SiteStatus, undisclosed: usize| SiteRun {
            run_id: id,
            finished_at: format!("2026-12-0{id}T10:00:00Z"),
            target: "https://shop.test/".into(),
            status,
            pages: 3,
            vendors: 4,
            undisclosed,
            policy_url: Some("https://shop.test/privacy".into()),
            policy_sha256: Some("0123456789abcdef0123".into()),
        };
        vec![run(1, SiteStatus::Ok, 2), run(2, SiteStatus::Error("refused: <b>a|b</b>,\n\"x\"".into()), 0)]
    }

    #[test]
    fn summary_counts_resumes_the_top_vendors_and_says_how_to_resume() {
        let s = ScanSummary {
            run_id: Some(7),
            total: 10,
            resumed: 4,
            scanned: 6,
            failed: 1,
            with_undisclosed: 3,
            with_contradictions: 1,
            top_undisclosed: vec![("Hotjar".into(), 3)],
            interrupted: true,
            signal: Some(crate::model::StopSignal::Sigterm),
        };
        let text = summary(&s);
        assert!(text.starts_with("Run 7: 6 site(s) scanned (4 more finished before the resume, 10 in all), 1 failed, 3 with undisclosed vendors, 1 with contradictions."), "{text}");
        assert!(text.contains("      3 site(s)  Hotjar\n"), "{text}");
        assert!(
            text.contains("Interrupted by SIGTERM: every finished site is saved") && text.contains("--resume"),
            "{text}"
        );
        let quiet =
            summary(&ScanSummary { interrupted: false, signal: None, top_undisclosed: vec![], resumed: 0, ..s });
        assert!(
            !quiet.contains("Interrupted") && !quiet.contains("resume") && !quiet.contains("Most frequent"),
            "{quiet}"
        );
    }

    #[test]
    fn a_sites_history_in_every_format_keeps_values_and_escapes_crawled_text() {
        let runs = runs();
        let json: serde_json::Value = serde_json::from_str(&history("shop.test", &runs, Format::Json)).unwrap();
        assert_eq!(json[1]["status"], "error: refused: <b>a|b</b>,\n\"x\"", "{json}");
        assert_eq!(json[0]["undisclosed"], 2);

        let csv = history("shop.test", &runs, Format::Csv);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(reader.headers().unwrap().get(7), Some("policy_sha256"));
        assert_eq!((rows.len(), &rows[0][7], &rows[1][2]), (2, "0123456789ab", "error: refused: <b>a|b</b>,\n\"x\""));

        let md = history("<i>shop</i>", &runs, Format::Markdown);
        assert!(md.starts_with("# History of &lt;i&gt;shop&lt;/i&gt;\n"), "{md}");
        assert!(md.contains("&lt;b&gt;a\\|b&lt;/b&gt;"), "{md}");
        assert!(!md.contains("<b>") && md.lines().filter(|l| l.starts_with("| ")).count() == 3, "{md}");

        let table = history("shop.test", &runs, Format::Table);
        assert!(table.starts_with("History of shop.test: 2 run(s)\nRUN"), "{table}");
        assert!(table.contains("https://shop.test/privacy"), "{table}");
    }
}
