//! Rendering a [`PolicyReport`].

use super::{Format, Style, columns, md_cell, to_csv, to_json, truncate};
use crate::model::PolicyReport;

/// The CSV columns: one row per finding.
pub const CSV_HEADER: &[&str] = &["source", "kind", "id", "name", "company", "category", "matched", "offset", "quote"];

/// The language a policy was read in, for people: "German (de)", or that it could not be told.
pub fn language_label(r: &PolicyReport) -> String {
    match r.language {
        Some(l) if crate::policy::lang::has_rules(l) => format!("{} ({l})", l.name()),
        Some(l) => format!("{} ({l}, claims and categories read in English only)", l.name()),
        None => "language not determined".to_string(),
    }
}

/// Renders a report in `format`.
pub fn render(report: &PolicyReport, format: Format, style: Style) -> String {
    match format {
        Format::Json | Format::Sarif => to_json(report),
        Format::Csv => to_csv(CSV_HEADER, &csv_rows(report)),
        Format::Table => table(report, style),
        Format::Markdown => markdown(report),
        Format::Html | Format::Pdf => {
            super::html::page_table(&format!("Policy: {}", report.source), CSV_HEADER, &csv_rows(report))
        }
    }
}

fn csv_rows(r: &PolicyReport) -> Vec<Vec<String>> {
    let s = || r.source.clone();
    let mut rows = Vec::new();
    for v in &r.vendors {
        rows.push(vec![
            s(),
            "vendor".into(),
            v.id.clone(),
            v.name.clone(),
            v.company.clone(),
            v.category.to_string(),
            v.matched.clone(),
            v.offset.to_string(),
            v.quote.clone(),
        ]);
    }
    for c in &r.companies {
        rows.push(vec![
            s(),
            "company".into(),
            c.id.clone(),
            c.name.clone(),
            c.name.clone(),
            String::new(),
            c.matched.clone(),
            c.offset.to_string(),
            c.quote.clone(),
        ]);
    }
    for c in &r.categories {
        rows.push(vec![
            s(),
            "category".into(),
            c.category.to_string(),
            String::new(),
            String::new(),
            c.category.to_string(),
            c.matched.clone(),
            c.offset.to_string(),
            c.quote.clone(),
        ]);
    }
    for c in &r.claims {
        rows.push(vec![
            s(),
            "claim".into(),
            c.kind.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            c.offset.to_string(),
            c.quote.clone(),
        ]);
    }
    for m in &r.practices {
        rows.push(vec![
            s(),
            "practice".into(),
            m.practice.to_string(),
            String::new(),
            String::new(),
            String::new(),
            m.matched.clone(),
            m.offset.to_string(),
            m.quote.clone(),
        ]);
    }
    rows
}

fn table(r: &PolicyReport, style: Style) -> String {
    let mut out =
        format!("{} {} ({}, {} words, {})\n", style.bold("Policy"), r.source, r.format, r.words, language_label(r));
    let section = |out: &mut String, title: &str, n: usize| {
        out.push('\n');
        out.push_str(&style.bold(&format!("{title} ({n})")));
        out.push('\n');
    };
    section(&mut out, "Vendors named", r.vendors.len());
    if !r.vendors.is_empty() {
        let rows: Vec<Vec<String>> = r
            .vendors
            .iter()
            .map(|v| vec![v.name.clone(), v.company.clone(), v.category.to_string(), format!("“{}”", v.quote)])
            .collect();
        out.push_str(&columns(&["VENDOR", "COMPANY", "CATEGORY", "QUOTE"], &rows, &[28, 24, 20, 90]));
    }
    section(&mut out, "Companies named without a product", r.companies.len());
    if !r.companies.is_empty() {
        let rows: Vec<Vec<String>> =
            r.companies.iter().map(|c| vec![c.name.clone(), c.matched.clone(), format!("“{}”", c.quote)]).collect();
        out.push_str(&columns(&["COMPANY", "AS WRITTEN", "QUOTE"], &rows, &[28, 20, 100]));
    }
    section(&mut out, "Vague categories", r.categories.len());
    if !r.categories.is_empty() {
        let rows: Vec<Vec<String>> = r
            .categories
            .iter()
            .map(|c| vec![c.category.to_string(), c.matched.clone(), format!("“{}”", c.quote)])
            .collect();
        out.push_str(&columns(&["CATEGORY", "AS WRITTEN", "QUOTE"], &rows, &[20, 28, 100]));
    }
    section(&mut out, "Claims", r.claims.len());
    if !r.claims.is_empty() {
        let rows: Vec<Vec<String>> =
            r.claims.iter().map(|c| vec![c.kind.to_string(), format!("“{}”", truncate(&c.quote, 140))]).collect();
        out.push_str(&columns(&["CLAIM", "QUOTE"], &rows, &[26, 140]));
    }
    if !r.practices.is_empty() {
        section(&mut out, "Practices spoken of", r.practices.len());
        let rows: Vec<Vec<String>> = r
            .practices
            .iter()
            .map(|m| vec![m.practice.to_string(), m.matched.clone(), format!("“{}”", truncate(&m.quote, 140))])
            .collect();
        out.push_str(&columns(&["PRACTICE", "AS WRITTEN", "QUOTE"], &rows, &[20, 24, 120]));
    }
    out
}

fn markdown(r: &PolicyReport) -> String {
    let mut out = format!(
        "# Policy: {}\n\nFormat: {}, {} words. Language: {}.\n\n## Vendors named\n\n",
        r.source,
        r.format,
        r.words,
        language_label(r)
    );
    out.push_str("| Vendor | Company | Category | Quote |\n|---|---|---|---|\n");
    for v in &r.vendors {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            md_cell(&v.name),
            md_cell(&v.company),
            v.category,
            md_cell(&v.quote)
        ));
    }
    out.push_str("\n## Companies named without a product\n\n| Company | Quote |\n|---|---|\n");
    for c in &r.companies {
        out.push_str(&format!("| {} | {} |\n", md_cell(&c.name), md_cell(&c.quote)));
    }
    out.push_str("\n## Vague categories\n\n| Category | As written | Quote |\n|---|---|---|\n");
    for c in &r.categories {
        out.push_str(&format!("| {} | {} | {} |\n", c.category, md_cell(&c.matched), md_cell(&c.quote)));
    }
    out.push_str("\n## Claims\n\n| Claim | Quote |\n|---|---|\n");
    for c in &r.claims {
        out.push_str(&format!("| {} | {} |\n", c.kind, md_cell(&c.quote)));
    }
    if !r.practices.is_empty() {
        out.push_str("\n## Practices spoken of\n\n| Practice | As written | Quote |\n|---|---|---|\n");
        for m in &r.practices {
            out.push_str(&format!("| {} | {} | {} |\n", m.practice, md_cell(&m.matched), md_cell(&m.quote)));
        }
    }
    out
}
