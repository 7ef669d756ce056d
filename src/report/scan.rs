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
        out.push_str(&format!("Interrupted: every finished site is saved; {}.\n", crate::model::Remedy::Resume));
    }
    out
}

/// The CSV columns of a diff.
pub const DIFF_HEADER: &[&str] = &["site", "change", "vendor_id", "vendor", "old", "new", "detail"];

/// Renders the changes between two runs.
pub fn diff(old: &str, new: &str, changes: &[Change], format: Format) -> String {
    let rows: Vec<Vec<String>> = changes
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
        .collect();
    match format {
        Format::Json => to_json(&serde_json::json!({"old": old, "new": new, "changes": changes})),
        Format::Csv => to_csv(DIFF_HEADER, &rows),
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
        Format::Json => to_json(&runs),
        Format::Csv => to_csv(&header, &rows),
        Format::Markdown => {
            let mut out =
                format!("# History of {site}\n\n| {} |\n|{}\n", header.join(" | "), "---|".repeat(header.len()));
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
        Format::Json => to_json(&runs),
        Format::Csv => to_csv(&["run", "started_at", "finished_at", "sites", "input"], &rows),
        _ => columns(&["RUN", "STARTED", "FINISHED", "SITES", "INPUT"], &rows, &[6, 22, 22, 12, 60]),
    }
}
