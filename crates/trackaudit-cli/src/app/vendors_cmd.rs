//! `trackaudit vendors check|list|show`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{write_output, write_report};
use trackaudit::model::Category;
use trackaudit::report::vendors::Shown;
use trackaudit::report::{self, Format, Style};
use trackaudit::vendors::aliases::Entity;
use trackaudit::vendors::{self, Engine, SourceFile, UrlMatch, check};

/// Options of `trackaudit vendors check`.
#[derive(Debug, Clone, Default)]
pub struct VendorsCheckOptions {
    /// The file to check; the built-in database when `None`.
    pub file: Option<PathBuf>,
    /// Check the file on its own, not as an overlay of the built-in database.
    pub standalone: bool,
}

/// Validates a vendors file and prints each problem with its line. Exit code 1 when there are errors.
pub fn vendors_check(opts: &VendorsCheckOptions) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    let target = match &opts.file {
        Some(path) => {
            if !opts.standalone {
                files.push(vendors::builtin_file());
            }
            vendors::read_file(path)?
        }
        None => vendors::builtin_file(),
    };
    let name = target.name.clone();
    files.push(target);
    let (report, db) = check::load(&files);
    let mut out = report.to_string();
    let ok = !report.has_errors();
    if let Some(db) = db.filter(|_| ok) {
        let target_file: &SourceFile = files.last().expect("pushed above");
        let (c, v) = count_records(target_file);
        out.push_str(&format!(
            "{name}: ok ({v} vendor(s), {c} company(ies) in the file; {} vendors, {} companies in effect)\n",
            db.vendors().len(),
            db.companies().len()
        ));
    } else {
        out.push_str(&format!("{name}: {} error(s)\n", report.error_count()));
    }
    write_output(None, &out)?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn count_records(file: &SourceFile) -> (usize, usize) {
    let count = |table: &str| file.text.lines().filter(|l| l.trim() == table).count();
    (count("[[company]]"), count("[[vendor]]"))
}

/// Lists vendors, optionally of one category.
pub fn vendors_list(category: Option<Category>, overlays: &[PathBuf], format: Format) -> anyhow::Result<ExitCode> {
    let engine = Engine::with_overlays(overlays)?;
    let db = engine.db();
    let vendors: Vec<_> = db.vendors().iter().filter(|v| category.is_none_or(|c| v.category == c)).collect();
    write_report(None, &report::vendors::list(db, &vendors, format), format)?;
    Ok(ExitCode::SUCCESS)
}

/// Shows what an id, name, domain, URL or cookie name stands for. Exit code 1 when nothing matches.
pub fn vendors_show(query: &str, overlays: &[PathBuf], format: Format) -> anyhow::Result<ExitCode> {
    let engine = Engine::with_overlays(overlays)?;
    let shown = lookup(&engine, query);
    if shown.is_empty() {
        anyhow::bail!(
            "nothing in the vendor database matches {query:?} (tried ids, names, domains, URLs and cookie names)"
        );
    }
    write_report(None, &report::vendors::show(&shown, format, Style::for_stdout()), format)?;
    Ok(ExitCode::SUCCESS)
}

/// Resolves a query: ids first, then a host or URL, then names, then a cookie name.
fn lookup<'a>(engine: &'a Engine, query: &str) -> Vec<Shown<'a>> {
    let db = engine.db();
    let q = query.trim();
    let vendor = |v: &'a vendors::Vendor, matched_by: String| Shown::Vendor {
        matched_by,
        vendor: v,
        companies: db.lineage(db.company_of(v)).collect(),
    };
    let company = |c: &'a vendors::Company, matched_by: String| Shown::Company {
        matched_by,
        companies: db.lineage(c).collect(),
        vendors: db.vendors().iter().filter(|v| v.company == c.id).map(|v| v.id.as_str()).collect(),
    };
    let mut out = Vec::new();
    if let Some(v) = db.vendor(q) {
        out.push(vendor(v, format!("vendor id {q}")));
    }
    if let Some(c) = db.company(q) {
        out.push(company(c, format!("company id {q}")));
    }
    if !out.is_empty() {
        return out;
    }
    // A host or URL is what it resolves to ("amazon.com" is the vendor served from it, though it is also a
    // name of the company Amazon.com, Inc.).
    let as_url = if q.contains("://") {
        url::Url::parse(q).ok()
    } else if q.contains('.') && !q.contains(char::is_whitespace) {
        url::Url::parse(&format!("https://{q}")).ok()
    } else {
        None
    };
    let found = as_url.filter(|u| u.host_str().is_some_and(|h| h.contains('.'))).and_then(|u| {
        engine.vendor_for_url(&u).map(|(v, how)| match how {
            UrlMatch::Pattern(p) => vendor(v, format!("script pattern {p}")),
            UrlMatch::Domain(d) => vendor(v, format!("domain {d}")),
        })
    });
    if let Some(shown) = found {
        return vec![shown];
    }
    for entity in engine.aliases().lookup(q) {
        match entity {
            Entity::Vendor(i) => out.push(vendor(&db.vendors()[i], format!("name {q:?}"))),
            Entity::Company(i) => out.push(company(&db.companies()[i], format!("name {q:?}"))),
        }
    }
    if !out.is_empty() {
        return out;
    }
    if let Some((v, pattern)) = engine.vendor_for_cookie(q) {
        out.push(vendor(v, format!("cookie {pattern}")));
    }
    out
}
