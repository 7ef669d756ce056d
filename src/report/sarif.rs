//! SARIF 2.1.0 for code-scanning tools: a result per vendor finding (rule = its verdict), located at the tag
//! or snippet that loads it. For an audit of a built folder the location is the file, relative to the folder,
//! with the line and column of the tag (the page files are read again to find it); for a URL audit it is the
//! page's URL.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use url::Url;

use crate::model::{AuditReport, Evidence, Finding, Verdict};

/// The SARIF schema the output follows.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Locations given per result, at most.
const MAX_LOCATIONS: usize = 10;

const RULES: [(Verdict, &str, &str); 5] = [
    (Verdict::Contradicted, "error", "A claim in the policy denies what this vendor does on the site."),
    (Verdict::Undisclosed, "error", "The policy does not name this vendor, its company or a category covering it."),
    (Verdict::Vague, "warning", "The policy names only a category covering this vendor."),
    (Verdict::DisclosedParent, "warning", "The policy names only the vendor's company or a parent company."),
    (Verdict::Disclosed, "note", "The policy names this vendor."),
];

/// Renders a report as a SARIF 2.1.0 log.
pub fn render(report: &AuditReport) -> String {
    let root = folder_root(report);
    let rules: Vec<Value> = RULES
        .iter()
        .map(|(v, level, text)| {
            json!({
                "id": v.as_str(),
                "name": v.as_str(),
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": level},
            })
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(|f| result(f, root.as_deref())).collect();
    let mut run = json!({
        "tool": {"driver": {"name": "trackaudit", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
        "results": results,
    });
    if let Some(root) = &root {
        let uri = Url::from_directory_path(root).map(String::from).unwrap_or_default();
        run["originalUriBaseIds"] = json!({"SITEROOT": {"uri": uri}});
    }
    let log = json!({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]});
    serde_json::to_string_pretty(&log).expect("SARIF serialises")
}

fn result(f: &Finding, root: Option<&Path>) -> Value {
    let level = RULES.iter().find(|(v, ..)| *v == f.verdict).map_or("warning", |r| r.1);
    let mut locations: Vec<Value> = Vec::new();
    for e in &f.evidence {
        let Some(loc) = location(e, root) else { continue };
        if !locations.contains(&loc) {
            locations.push(loc);
        }
        if locations.len() == MAX_LOCATIONS {
            break;
        }
    }
    json!({
        "ruleId": f.verdict.as_str(),
        "level": level,
        "message": {"text": format!("{} ({}, {}): {}", f.vendor.name, f.vendor.company, f.vendor.category, f.reason)},
        "locations": locations,
        "partialFingerprints": {"vendor/v1": f.vendor.id},
        "properties": {"vendor": f.vendor.id, "category": f.vendor.category.as_str(), "ids": f.ids},
    })
}

/// The folder of a folder audit (its pages are `file:` URLs inside it).
fn folder_root(r: &AuditReport) -> Option<PathBuf> {
    let first = r.pages.first()?;
    if !first.url.starts_with("file:") {
        return None;
    }
    let target = Path::new(&r.target).canonicalize().ok()?;
    Some(if target.is_file() { target.parent()?.to_path_buf() } else { target })
}

fn location(e: &Evidence, root: Option<&Path>) -> Option<Value> {
    let Some(root) = root else {
        return Some(json!({"physicalLocation": {"artifactLocation": {"uri": e.page}}}));
    };
    let file = page_file(&e.page)?;
    let relative = file.strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
    let mut physical = json!({"artifactLocation": {"uri": relative, "uriBaseId": "SITEROOT"}});
    if let Some((line, column)) = std::fs::read_to_string(&file).ok().and_then(|text| find(&text, e)) {
        physical["region"] = json!({"startLine": line, "startColumn": column});
    }
    Some(json!({"physicalLocation": physical}))
}

/// The file a folder page's URL was read from.
fn page_file(page: &str) -> Option<PathBuf> {
    let path = Url::parse(page).ok()?.to_file_path().ok()?;
    if path.is_dir() {
        return Some(path.join("index.html")).filter(|p| p.is_file());
    }
    if path.is_file() {
        return Some(path);
    }
    Some(path.with_extension("html")).filter(|p| p.is_file())
}

/// Where in `text` the evidence's tag or snippet is: 1-based line and column (in UTF-16 code units, SARIF's
/// default).
fn find(text: &str, e: &Evidence) -> Option<(usize, usize)> {
    // URL forms first (then the region starts at the tag holding the URL), then an inline snippet's text.
    let mut needles: Vec<String> = Vec::new();
    if let Some(url) = &e.url {
        needles.push(url.clone());
        needles.push(url.replace('&', "&amp;"));
        if let Some(rest) = url.split_once("://").map(|(_, rest)| rest) {
            needles.push(format!("//{rest}"));
            needles.push(rest.to_string());
        }
    }
    let urls = needles.len();
    if let (Some(a), Some(b)) = (e.detail.find('`'), e.detail.rfind('`'))
        && b > a + 1
    {
        needles.push(e.detail[a + 1..b].to_string());
    }
    let (i, mut at) = needles
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_empty())
        .find_map(|(i, n)| Some((i, text.find(n.as_str())?)))?;
    if i < urls {
        // Back to the `<` of the tag the URL is an attribute of.
        if let Some(open) = text[..at].rfind('<').filter(|&o| !text[o..at].contains('>')) {
            at = open;
        }
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].encode_utf16().count() + 1;
    Some((line, column))
}
