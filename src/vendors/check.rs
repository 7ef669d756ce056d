//! Validation of vendors files: every problem is named with its file, line and column.
//!
//! Files are validated together, in order: a later file (the user's `--vendors FILE`) may replace a record of
//! an earlier one (the built-in database) by reusing its id, and may refer to the earlier file's companies.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use toml::Spanned;

use super::schema::{self, Located, RawCompany, RawVendor, SourceFile};
use super::{Company, UNKNOWN_COMPANY, UNKNOWN_COMPANY_NAME, Vendor, VendorDb};
use crate::model::Category;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file is usable but something looks wrong.
    Warning,
    /// The file cannot be used.
    Error,
}

/// One problem in a vendors file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file's name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, and where relevant what to do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}:{}:{}: {level}: {}", self.file, self.line, self.column, self.message)
    }
}

/// Every problem found in a set of vendors files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Problems in file order.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CheckReport {}

/// The source tags `vendors.toml` documents; others draw a warning.
pub const KNOWN_SOURCES: &[&str] =
    &["third-party-web", "open-cookie-database", "wappalyzer-mit", "adguard-cname-trackers", "manual"];

/// Collects problems against the files they are in.
struct Reporter<'a> {
    files: &'a [SourceFile],
    problems: Vec<Problem>,
}

impl Reporter<'_> {
    fn push(&mut self, severity: Severity, file: usize, span: Range<usize>, message: String) {
        let source = &self.files[file];
        let (line, column) = source.line_col(span.start);
        self.problems.push(Problem { severity, file: source.name.clone(), line, column, message });
    }

    fn error(&mut self, file: usize, span: Range<usize>, message: String) {
        self.push(Severity::Error, file, span, message);
    }

    fn warn(&mut self, file: usize, span: Range<usize>, message: String) {
        self.push(Severity::Warning, file, span, message);
    }

    fn line_of(&self, file: usize, span: &Range<usize>) -> String {
        let (line, _) = self.files[file].line_col(span.start);
        if self.files.len() > 1 { format!("{}:{line}", self.files[file].name) } else { format!("line {line}") }
    }
}

/// Validates `files` (later files override earlier ones) and builds the database if there is no error.
pub fn load(files: &[SourceFile]) -> (CheckReport, Option<VendorDb>) {
    let mut rep = Reporter { files, problems: Vec::new() };
    let mut companies: Vec<Located<RawCompany>> = Vec::new();
    let mut vendors: Vec<Located<RawVendor>> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        match schema::parse(&file.text, i) {
            Ok((c, v)) => {
                override_by_id(&mut rep, &mut companies, c, "company", |c| &c.id);
                override_by_id(&mut rep, &mut vendors, v, "vendor", |v| &v.id);
            }
            Err((span, message)) => {
                let span = span.unwrap_or(0..0);
                rep.error(i, span, format!("not a valid vendors file: {}", message.trim()));
            }
        }
    }
    let db = build(&mut rep, &companies, &vendors);
    rep.problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let report = CheckReport { problems: rep.problems };
    let db = if report.has_errors() { None } else { Some(db) };
    (report, db)
}

/// Appends `new` records to `all`: a record replaces one with the same id from an earlier file, and a second
/// record with the same id in the same file is an error.
fn override_by_id<T>(
    rep: &mut Reporter<'_>,
    all: &mut Vec<Located<T>>,
    new: Vec<Located<T>>,
    kind: &str,
    id: impl Fn(&T) -> &Spanned<String>,
) {
    let mut position: HashMap<String, usize> =
        all.iter().enumerate().map(|(i, r)| (id(&r.value).get_ref().clone(), i)).collect();
    for rec in new {
        let key = id(&rec.value).get_ref().clone();
        match position.get(&key) {
            Some(&pos) if all[pos].file == rec.file => {
                let first = rep.line_of(all[pos].file, &id(&all[pos].value).span());
                rep.error(
                    rec.file,
                    id(&rec.value).span(),
                    format!("duplicate {kind} id {key:?} (first defined at {first})"),
                );
            }
            Some(&pos) => all[pos] = rec,
            None => {
                position.insert(key, all.len());
                all.push(rec);
            }
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Why a string is not a usable domain, if it is not.
pub(crate) fn domain_problem(domain: &str) -> Option<String> {
    if domain.is_empty() {
        return Some("empty domain".into());
    }
    if domain.contains("://") || domain.contains('/') || domain.contains('*') || domain.contains(':') {
        return Some(format!(
            "invalid domain {domain:?}: write a bare host name such as \"example.com\" (no scheme, path, port or wildcard)"
        ));
    }
    if domain != domain.to_ascii_lowercase() {
        return Some(format!("invalid domain {domain:?}: domains are lowercase"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Some(format!("invalid domain {domain:?}: a domain has at least two labels"));
    }
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Some(format!("invalid domain {domain:?}: bad label {label:?}"));
        }
    }
    if domain.parse::<std::net::IpAddr>().is_ok() {
        return Some(format!("invalid domain {domain:?}: IP addresses are not vendor domains"));
    }
    // A public suffix of the ICANN section ("co.uk") is shared by unrelated sites. Private-section suffixes
    // ("azureedge.net", "cloudfront.net") are a provider's own infrastructure, so a vendor may claim them.
    if psl::suffix(domain.as_bytes())
        .is_some_and(|s| s.as_bytes() == domain.as_bytes() && s.typ() == Some(psl::Type::Icann))
    {
        return Some(format!("invalid domain {domain:?}: it is a public suffix, shared by unrelated sites"));
    }
    None
}

/// Normalised form of an alias for conflict detection and matching: lowercase, single spaces, ASCII quotes.
pub(crate) fn alias_key(alias: &str) -> String {
    super::aliases::normalize_alias(alias).to_lowercase()
}

/// Who claims an alias, for conflict detection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claimant {
    Company(usize),
    Vendor(usize),
}

fn build(rep: &mut Reporter<'_>, companies: &[Located<RawCompany>], vendors: &[Located<RawVendor>]) -> VendorDb {
    let company_index: HashMap<&str, usize> =
        companies.iter().enumerate().map(|(i, c)| (c.value.id.get_ref().as_str(), i)).collect();

    let mut out_companies = Vec::with_capacity(companies.len());
    for c in companies {
        let v = &c.value;
        if !valid_id(v.id.get_ref()) {
            rep.error(
                c.file,
                v.id.span(),
                format!("invalid company id {:?}: use lowercase kebab-case such as \"google\"", v.id.get_ref()),
            );
        }
        check_text(rep, c.file, &v.name, "company name");
        check_reserved_company(rep, c.file, v);
        let parent = v.parent.as_ref().and_then(|p| {
            if let Some(&i) = company_index.get(p.get_ref().as_str()) {
                Some(i)
            } else {
                rep.error(
                    c.file,
                    p.span(),
                    format!("unknown parent company {:?}: add a [[company]] with that id", p.get_ref()),
                );
                None
            }
        });
        if let Some(p) = v.parent.as_ref().filter(|p| p.get_ref() == UNKNOWN_COMPANY) {
            rep.error(c.file, p.span(), format!("company {UNKNOWN_COMPANY:?} (no known company) is nobody's parent"));
        }
        let independent = v.independent.as_ref().is_some_and(|b| *b.get_ref());
        if let (true, Some(b)) = (independent && v.parent.is_some(), &v.independent) {
            rep.error(
                c.file,
                b.span(),
                format!("company {:?} has a parent and `independent = true`: keep one of them", v.id.get_ref()),
            );
        }
        if let Some(country) = &v.country {
            let s = country.get_ref();
            if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
                rep.error(
                    c.file,
                    country.span(),
                    format!("invalid country {s:?}: use an ISO 3166-1 alpha-2 code such as \"US\""),
                );
            }
        }
        if let Some(url) = &v.privacy_policy {
            check_url(rep, c.file, url);
        }
        check_sources(rep, c.file, &v.sources);
        out_companies.push(Company {
            id: v.id.get_ref().clone(),
            name: v.name.get_ref().clone(),
            aliases: strings(&v.aliases),
            proper_aliases: strings(&v.proper_aliases),
            parent: v.parent.as_ref().map(|p| p.get_ref().clone()),
            parent_index: parent,
            independent,
            country: v.country.as_ref().map(|s| s.get_ref().clone()),
            privacy_policy: v.privacy_policy.as_ref().map(|s| s.get_ref().clone()),
            sources: strings(&v.sources),
        });
    }
    check_parent_cycles(rep, companies, &out_companies);

    let mut out_vendors = Vec::with_capacity(vendors.len());
    let mut domain_owner: HashMap<String, (usize, usize, Range<usize>)> = HashMap::new();
    for (vi, rec) in vendors.iter().enumerate() {
        let v = &rec.value;
        let f = rec.file;
        if !valid_id(v.id.get_ref()) {
            rep.error(
                f,
                v.id.span(),
                format!(
                    "invalid vendor id {:?}: use lowercase kebab-case such as \"google-analytics\"",
                    v.id.get_ref()
                ),
            );
        }
        check_text(rep, f, &v.name, "vendor name");
        let company = company_index.get(v.company.get_ref().as_str()).copied();
        if company.is_none() {
            rep.error(
                f,
                v.company.span(),
                format!("unknown company {:?}: add a [[company]] with that id", v.company.get_ref()),
            );
        }
        let category = match v.category.get_ref().parse::<Category>() {
            Ok(c) => Some(c),
            Err(e) => {
                rep.error(f, v.category.span(), e.to_string());
                None
            }
        };
        for d in &v.domains {
            if let Some(msg) = domain_problem(d.get_ref()) {
                rep.error(f, d.span(), msg);
            } else if let Some((other, ofile, ospan)) = domain_owner.get(d.get_ref()) {
                if *other != vi {
                    let at = rep.line_of(*ofile, ospan);
                    let other_id = vendors[*other].value.id.get_ref();
                    rep.error(f, d.span(), format!("domain {:?} is already claimed by vendor {other_id:?} ({at}); a domain belongs to one vendor", d.get_ref()));
                }
            } else {
                domain_owner.insert(d.get_ref().clone(), (vi, f, d.span()));
            }
        }
        for p in v.script_patterns.iter().chain(&v.proxy_patterns).chain(&v.ids) {
            // The parser finds every error `Regex::new` reports for a pattern of this size, without compiling.
            if let Err(e) = regex_syntax::Parser::new().parse(p.get_ref()) {
                let detail =
                    e.to_string().lines().last().unwrap_or_default().trim().trim_start_matches("error: ").to_string();
                rep.error(f, p.span(), format!("bad pattern {:?}: {detail}", p.get_ref()));
            }
        }
        for s in &v.signatures {
            if s.get_ref().trim().len() < 4 {
                rep.error(
                    f,
                    s.span(),
                    format!("signature {:?} is too short to be specific (4 characters at least)", s.get_ref()),
                );
            }
        }
        for c in v.cookies.iter().chain(&v.third_party_cookies) {
            let name = c.get_ref();
            let ok = !name.is_empty()
                && name != "*"
                && name.chars().all(|ch| ch.is_ascii_graphic() && !";,=\"".contains(ch));
            if !ok {
                rep.error(f, c.span(), format!("bad cookie pattern {name:?}: a cookie name with optional * wildcards"));
            }
        }
        for g in &v.globals {
            if !is_js_path(g.get_ref()) {
                rep.error(
                    f,
                    g.span(),
                    format!(
                        "bad global {:?}: a JavaScript name or dotted path such as `fbq` or `Intercom.booted`",
                        g.get_ref()
                    ),
                );
            }
        }
        check_sources(rep, f, &v.sources);
        if let (Some(company), Some(category)) = (company, category) {
            out_vendors.push(Vendor {
                id: v.id.get_ref().clone(),
                name: v.name.get_ref().clone(),
                company: v.company.get_ref().clone(),
                company_index: company,
                category,
                aliases: strings(&v.aliases),
                proper_aliases: strings(&v.proper_aliases),
                domains: strings(&v.domains),
                script_patterns: strings(&v.script_patterns),
                proxy_patterns: strings(&v.proxy_patterns),
                signatures: strings(&v.signatures),
                cookies: strings(&v.cookies),
                third_party_cookies: strings(&v.third_party_cookies),
                globals: strings(&v.globals),
                ids: strings(&v.ids),
                sources: strings(&v.sources),
            });
        }
    }
    check_alias_conflicts(rep, companies, vendors, &company_index);
    VendorDb::new(out_companies, out_vendors)
}

/// Whether `s` is a JavaScript identifier or a dotted path of them (`ga`, `_hjSettings`, `Intercom.booted`).
fn is_js_path(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
}

fn strings(v: &[Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.get_ref().clone()).collect()
}

fn check_text(rep: &mut Reporter<'_>, file: usize, s: &Spanned<String>, what: &str) {
    if s.get_ref().trim().is_empty() {
        rep.error(file, s.span(), format!("empty {what}"));
    }
}

fn check_url(rep: &mut Reporter<'_>, file: usize, s: &Spanned<String>) {
    match url::Url::parse(s.get_ref()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {}
        _ => rep.error(file, s.span(), format!("invalid URL {:?}: expected an http(s) URL", s.get_ref())),
    }
}

fn check_sources(rep: &mut Reporter<'_>, file: usize, sources: &[Spanned<String>]) {
    for s in sources {
        if !KNOWN_SOURCES.contains(&s.get_ref().as_str()) {
            rep.warn(
                file,
                s.span(),
                format!("unknown source {:?}; documented sources: {}", s.get_ref(), KNOWN_SOURCES.join(", ")),
            );
        }
    }
}

/// The reserved company `unknown` stands for "no company is known": it has its fixed name and nothing else
/// (no aliases, parent, country or policy), so a report never presents a guess as a company.
fn check_reserved_company(rep: &mut Reporter<'_>, file: usize, c: &RawCompany) {
    if c.id.get_ref() != UNKNOWN_COMPANY {
        return;
    }
    if c.name.get_ref() != UNKNOWN_COMPANY_NAME {
        rep.error(
            file,
            c.name.span(),
            format!("the reserved company {UNKNOWN_COMPANY:?} must be named {UNKNOWN_COMPANY_NAME:?}"),
        );
    }
    let extra = [
        (!c.aliases.is_empty(), "aliases"),
        (!c.proper_aliases.is_empty(), "proper_aliases"),
        (c.parent.is_some(), "parent"),
        (c.independent.is_some(), "independent"),
        (c.country.is_some(), "country"),
        (c.privacy_policy.is_some(), "privacy_policy"),
    ];
    for (_, field) in extra.iter().filter(|(present, _)| *present) {
        rep.error(
            file,
            c.id.span(),
            format!("the reserved company {UNKNOWN_COMPANY:?} (no known company) may not have `{field}`"),
        );
    }
}

fn check_parent_cycles(rep: &mut Reporter<'_>, raw: &[Located<RawCompany>], companies: &[Company]) {
    for (start, c) in companies.iter().enumerate() {
        let mut seen = vec![start];
        let mut cur = c.parent_index;
        while let Some(p) = cur {
            if p == start {
                let rec = &raw[start];
                let span = rec.value.parent.as_ref().map_or(rec.span.clone(), toml::Spanned::span);
                rep.error(rec.file, span, format!("company {:?} is its own ancestor (parent cycle)", c.id));
                break;
            }
            if seen.contains(&p) {
                break; // a cycle further up; reported for its own members
            }
            seen.push(p);
            cur = companies[p].parent_index;
        }
    }
}

/// Two companies, or two vendors, or a vendor and a company that is not its own, must not share an alias.
fn check_alias_conflicts(
    rep: &mut Reporter<'_>,
    companies: &[Located<RawCompany>],
    vendors: &[Located<RawVendor>],
    company_index: &HashMap<&str, usize>,
) {
    let mut claimed: HashMap<String, (Claimant, usize, Range<usize>)> = HashMap::new();
    let company_of = |c: Claimant| match c {
        Claimant::Company(i) => Some(i),
        Claimant::Vendor(v) => company_index.get(vendors[v].value.company.get_ref().as_str()).copied(),
    };
    let describe = |c: Claimant| match c {
        Claimant::Company(i) => format!("company {:?}", companies[i].value.id.get_ref()),
        Claimant::Vendor(i) => format!("vendor {:?}", vendors[i].value.id.get_ref()),
    };
    let mut entries: Vec<(Claimant, usize, &Spanned<String>)> = Vec::new();
    for (i, c) in companies.iter().enumerate() {
        let v = &c.value;
        for a in std::iter::once(&v.name).chain(&v.aliases).chain(&v.proper_aliases) {
            entries.push((Claimant::Company(i), c.file, a));
        }
    }
    for (i, rec) in vendors.iter().enumerate() {
        let v = &rec.value;
        for a in std::iter::once(&v.name).chain(&v.aliases).chain(&v.proper_aliases) {
            entries.push((Claimant::Vendor(i), rec.file, a));
        }
    }
    for (who, file, alias) in entries {
        let key = alias_key(alias.get_ref());
        if key.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            rep.error(file, alias.span(), format!("alias {:?} is too short to match safely", alias.get_ref()));
            continue;
        }
        match claimed.get(&key) {
            None => {
                claimed.insert(key, (who, file, alias.span()));
            }
            Some(&(prev, pfile, ref pspan)) => {
                let conflict = match (prev, who) {
                    _ if prev == who => false, // the same record lists it twice: harmless
                    (Claimant::Vendor(_), Claimant::Vendor(_)) => true,
                    _ => company_of(prev) != company_of(who),
                };
                if conflict {
                    let at = rep.line_of(pfile, pspan);
                    rep.error(
                        file,
                        alias.span(),
                        format!(
                            "alias {:?} is claimed by {} and by {} ({at}); an alias must name one entity",
                            alias.get_ref(),
                            describe(who),
                            describe(prev)
                        ),
                    );
                }
            }
        }
    }
}
