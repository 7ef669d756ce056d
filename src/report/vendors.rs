//! Rendering vendor-database listings and lookups.

use serde::Serialize;

use super::{Format, Style, columns, md_cell, to_csv, to_json};
use crate::vendors::{Company, UNKNOWN_COMPANY, Vendor, VendorDb};

/// The CSV columns of `vendors list`.
pub const LIST_HEADER: &[&str] = &["id", "name", "company", "company_name", "category", "domains", "aliases"];

/// Renders a list of vendors.
pub fn list(db: &VendorDb, vendors: &[&Vendor], format: Format) -> String {
    let rows: Vec<Vec<String>> = vendors
        .iter()
        .map(|v| {
            vec![
                v.id.clone(),
                v.name.clone(),
                v.company.clone(),
                db.company_of(v).name.clone(),
                v.category.to_string(),
                v.domains.join(" "),
                v.aliases.iter().chain(&v.proper_aliases).cloned().collect::<Vec<_>>().join("; "),
            ]
        })
        .collect();
    match format {
        Format::Json | Format::Sarif => to_json(&vendors),
        Format::Csv => to_csv(LIST_HEADER, &rows),
        Format::Html | Format::Pdf => super::html::page_table("Vendors", LIST_HEADER, &rows),
        Format::Markdown => {
            let mut out = String::from("| Id | Vendor | Company | Category | Domains |\n|---|---|---|---|---|\n");
            for r in &rows {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    r[0],
                    md_cell(&r[1]),
                    md_cell(&r[3]),
                    r[4],
                    md_cell(&r[5])
                ));
            }
            out
        }
        Format::Table => {
            let short: Vec<Vec<String>> = rows
                .iter()
                .map(|r| vec![r[0].clone(), r[1].clone(), r[3].clone(), r[4].clone(), r[5].clone()])
                .collect();
            let mut out = columns(&["ID", "VENDOR", "COMPANY", "CATEGORY", "DOMAINS"], &short, &[28, 30, 30, 20, 50]);
            out.push_str(&format!("{} vendor(s)\n", vendors.len()));
            out
        }
    }
}

/// What `vendors show` found.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Shown<'a> {
    /// A vendor, how the query matched it, and its company chain.
    Vendor {
        /// How the query matched (`id`, `name`, `domain google-analytics.com`, `cookie _ga`...).
        matched_by: String,
        /// The vendor.
        vendor: &'a Vendor,
        /// Its company, then the company's parents.
        companies: Vec<&'a Company>,
    },
    /// A company, its parents and its vendors.
    Company {
        /// How the query matched.
        matched_by: String,
        /// The company, then its parents.
        companies: Vec<&'a Company>,
        /// Ids of the company's vendors.
        vendors: Vec<&'a str>,
    },
}

/// Renders the result of `vendors show`.
pub fn show(shown: &[Shown<'_>], format: Format, style: Style) -> String {
    if format == Format::Json {
        return to_json(&shown);
    }
    let mut out = String::new();
    for s in shown {
        match s {
            Shown::Vendor { matched_by, vendor: v, companies } => {
                out.push_str(&format!("{} ({}), {}\n", style.bold(&v.name), v.id, v.category));
                out.push_str(&format!("  matched by: {matched_by}\n"));
                out.push_str(&format!("  company:    {}\n", chain(companies)));
                field(&mut out, "aliases", &[v.aliases.clone(), v.proper_aliases.clone()].concat());
                field(&mut out, "domains", &v.domains);
                field(&mut out, "scripts", &v.script_patterns);
                field(&mut out, "snippets", &v.signatures);
                field(&mut out, "cookies", &v.cookies);
                field(&mut out, "3p cookies", &v.third_party_cookies);
                field(&mut out, "js globals", &v.globals);
                field(&mut out, "tracker ids", &v.ids);
                if let Some(p) = companies.first().and_then(|c| c.privacy_policy.as_ref()) {
                    out.push_str(&format!("  policy:     {p}\n"));
                }
                field(&mut out, "sources", &v.sources);
            }
            Shown::Company { matched_by, companies, vendors } => {
                let c = companies[0];
                out.push_str(&format!("{} ({}), company\n", style.bold(&c.name), c.id));
                out.push_str(&format!("  matched by: {matched_by}\n"));
                out.push_str(&format!("  lineage:    {}\n", chain(companies)));
                field(&mut out, "aliases", &[c.aliases.clone(), c.proper_aliases.clone()].concat());
                if let Some(country) = &c.country {
                    out.push_str(&format!("  country:    {country}\n"));
                }
                if let Some(p) = &c.privacy_policy {
                    out.push_str(&format!("  policy:     {p}\n"));
                }
                field(&mut out, "vendors", &vendors.iter().map(std::string::ToString::to_string).collect::<Vec<_>>());
            }
        }
        out.push('\n');
    }
    out
}

fn chain(companies: &[&Company]) -> String {
    if companies.first().is_some_and(|c| c.id == UNKNOWN_COMPANY) {
        return "not known (no source names the company behind it)".to_string();
    }
    let line = companies.iter().map(|c| format!("{} ({})", c.name, c.id)).collect::<Vec<_>>().join(" → parent: ");
    if companies.last().is_some_and(|c| c.independent) { format!("{line}, independent") } else { line }
}

fn field(out: &mut String, name: &str, values: &[String]) {
    if !values.is_empty() {
        out.push_str(&format!("  {:<11} {}\n", format!("{name}:"), values.join(", ")));
    }
}
