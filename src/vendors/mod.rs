//! The vendor database: who is behind a domain, a cookie, a script or a name in a policy.
//!
//! `vendors.toml` is compiled into the binary; `--vendors FILE` adds to it. Files are validated by
//! [`check`] (every problem with its line), turned into a [`VendorDb`], and the database is compiled once
//! into an [`Engine`] whose lookups are cheap: a suffix map for hosts, one regex set for script URLs, one
//! Aho-Corasick automaton for inline-script signatures and one for the names policies use.

pub mod aliases;
pub mod check;
mod engine;
mod schema;
mod scripts;
mod trusted;

pub(crate) use scripts::ascii_boundaries;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use serde::Serialize;

pub use check::{CheckReport, Problem, Severity};
pub use engine::{Engine, UrlMatch};
pub use schema::SourceFile;

use crate::model::Category;

/// The text of the built-in database.
pub const BUILTIN_TOML: &str = include_str!("../../vendors.toml");

/// The name the built-in database goes by in messages.
pub const BUILTIN_NAME: &str = "<built-in vendors.toml>";

/// The reserved id of the company of a vendor whose company is not known.
pub const UNKNOWN_COMPANY: &str = "unknown";

/// The name of the reserved company [`UNKNOWN_COMPANY`].
pub const UNKNOWN_COMPANY_NAME: &str = "(company not known)";

/// A legal entity that owns vendors, with its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Company {
    /// Unique id (`google`).
    pub id: String,
    /// Legal name (`Google LLC`).
    pub name: String,
    /// Names policies use, matched case-insensitively.
    pub aliases: Vec<String>,
    /// Names that are ordinary words, matched only as written.
    pub proper_aliases: Vec<String>,
    /// Id of the parent company.
    pub parent: Option<String>,
    #[serde(skip)]
    pub(crate) parent_index: Option<usize>,
    /// Whether the company's ownership was checked and it belongs to no group (never with a `parent`).
    pub independent: bool,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// The company's privacy policy.
    pub privacy_policy: Option<String>,
    /// Where the facts came from.
    pub sources: Vec<String>,
}

/// A product a website can load, and how to recognise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vendor {
    /// Unique id (`google-analytics`).
    pub id: String,
    /// Product name (`Google Analytics`).
    pub name: String,
    /// Id of the owning company.
    pub company: String,
    #[serde(skip)]
    pub(crate) company_index: usize,
    /// What the product does.
    pub category: Category,
    /// Names policies use, matched case-insensitively.
    pub aliases: Vec<String>,
    /// Names that are ordinary words, matched only as written.
    pub proper_aliases: Vec<String>,
    /// Hosts (suffixes) the product is served from.
    pub domains: Vec<String>,
    /// Regular expressions on resource URLs without their scheme.
    pub script_patterns: Vec<String>,
    /// Regular expressions on the path and query of the site's own URLs that serve the product through the
    /// site (a server-side tag manager, a reverse proxy): `/gtm\.js\?(?:.*&)?id=GTM-`. Written so that they
    /// need the product's own path and its tracker ID, never a bare file name a site may use for itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proxy_patterns: Vec<String>,
    /// Literal strings that identify the product's inline snippet.
    pub signatures: Vec<String>,
    /// Cookie names the vendor's script sets on the site's own domain (first-party: `_ga`, `_fbp`), `*` as
    /// wildcard.
    pub cookies: Vec<String>,
    /// Cookie names the vendor sets on its own domains, third-party to the site (`IDE`, `fr`,
    /// `VISITOR_INFO1_LIVE`), `*` as wildcard.
    pub third_party_cookies: Vec<String>,
    /// JavaScript globals the vendor's script defines (`ga`, `fbq`, `hj`, `dataLayer`), as dotted paths.
    pub globals: Vec<String>,
    /// Regular expressions for tracker IDs.
    pub ids: Vec<String>,
    /// Where the facts came from.
    pub sources: Vec<String>,
}

impl Vendor {
    /// Whether the vendor is known to set cookies on its own domains (third-party cookies) when it loads.
    pub fn sets_third_party_cookies(&self) -> bool {
        !self.third_party_cookies.is_empty()
    }
}

/// A validated vendor database.
#[derive(Debug, Clone, Default)]
pub struct VendorDb {
    companies: Vec<Company>,
    vendors: Vec<Vendor>,
    company_ids: HashMap<String, usize>,
    vendor_ids: HashMap<String, usize>,
    /// Set for databases loaded from files; `None` for the built-in one (hashed when asked).
    sha256: Option<String>,
}

/// SHA-256 of one file's text, or for several, of their `sha256  name` lines in load order.
fn digest(files: &[SourceFile]) -> String {
    use crate::model::bounds::sha256_hex as hex;
    match files {
        [one] => hex(one.text.as_bytes()),
        many => {
            hex(many.iter().map(|f| format!("{}  {}\n", hex(f.text.as_bytes()), f.name)).collect::<String>().as_bytes())
        }
    }
}

/// Why a vendors file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read vendors file {path}: {source}")]
    Io {
        /// The path given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file has errors; each names its line.
    #[error("invalid vendors file ({} error(s)):\n{report}", report.error_count())]
    Invalid {
        /// Every problem found.
        report: CheckReport,
    },
}

static BUILTIN: LazyLock<Arc<VendorDb>> = LazyLock::new(|| Arc::new(VendorDb::load_builtin()));

/// The built-in database as a source file.
pub fn builtin_file() -> SourceFile {
    SourceFile { name: BUILTIN_NAME.to_string(), text: BUILTIN_TOML.to_string() }
}

/// Reads a vendors file from disk.
pub fn read_file(path: &Path) -> Result<SourceFile, LoadError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: path.display().to_string(), source })?;
    Ok(SourceFile { name: path.display().to_string(), text })
}

impl VendorDb {
    pub(crate) fn new(companies: Vec<Company>, vendors: Vec<Vendor>) -> VendorDb {
        let company_ids = companies.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let vendor_ids = vendors.iter().enumerate().map(|(i, v)| (v.id.clone(), i)).collect();
        VendorDb { companies, vendors, company_ids, vendor_ids, sha256: None }
    }

    /// SHA-256 identifying the database: of `vendors.toml` for the built-in one; with overlays, of the lines
    /// `sha256  name` of each file in load order (so that a report can say which database judged it).
    pub fn sha256(&self) -> &str {
        static BUILTIN_SHA256: LazyLock<String> = LazyLock::new(|| digest(&[builtin_file()]));
        self.sha256.as_deref().unwrap_or(&BUILTIN_SHA256)
    }

    /// The built-in database (parsed once per process).
    pub fn builtin() -> Arc<VendorDb> {
        Arc::clone(&BUILTIN)
    }

    /// Reads the built-in database afresh (use [`VendorDb::builtin`], which does it once per process).
    pub fn load_builtin() -> VendorDb {
        if let Some(db) = trusted::load(BUILTIN_TOML) {
            return db;
        }
        match check::load(&[builtin_file()]) {
            (_, Some(db)) => db,
            (report, None) => panic!("the built-in vendors.toml is invalid (a test catches this):\n{report}"),
        }
    }

    /// Whether no two companies and no two vendors share an id.
    pub(crate) fn has_unique_ids(&self) -> bool {
        self.company_ids.len() == self.companies.len() && self.vendor_ids.len() == self.vendors.len()
    }

    /// Loads files in order, later files replacing records of earlier ones with the same id.
    pub fn from_files(files: &[SourceFile]) -> Result<VendorDb, LoadError> {
        match check::load(files) {
            (_, Some(mut db)) => {
                db.sha256 = Some(digest(files));
                Ok(db)
            }
            (report, None) => Err(LoadError::Invalid { report }),
        }
    }

    /// The built-in database with `extra` files merged over it.
    pub fn with_overlays(extra: &[&Path]) -> Result<Arc<VendorDb>, LoadError> {
        if extra.is_empty() {
            return Ok(VendorDb::builtin());
        }
        let mut files = vec![builtin_file()];
        for path in extra {
            files.push(read_file(path)?);
        }
        VendorDb::from_files(&files).map(Arc::new)
    }

    /// All companies, in file order.
    pub fn companies(&self) -> &[Company] {
        &self.companies
    }

    /// All vendors, in file order.
    pub fn vendors(&self) -> &[Vendor] {
        &self.vendors
    }

    /// A vendor by id.
    pub fn vendor(&self, id: &str) -> Option<&Vendor> {
        self.vendor_ids.get(id).map(|&i| &self.vendors[i])
    }

    /// A company by id.
    pub fn company(&self, id: &str) -> Option<&Company> {
        self.company_ids.get(id).map(|&i| &self.companies[i])
    }

    /// The company that owns a vendor ([`UNKNOWN_COMPANY`] when none is known).
    pub fn company_of(&self, vendor: &Vendor) -> &Company {
        &self.companies[vendor.company_index]
    }

    /// A company and its ancestors, nearest first (`google`, `alphabet`).
    pub fn lineage<'a>(&'a self, company: &'a Company) -> impl Iterator<Item = &'a Company> + 'a {
        std::iter::successors(Some(company), move |c| c.parent_index.map(|p| &self.companies[p]))
            .take(self.companies.len())
    }

    pub(crate) fn vendor_at(&self, index: usize) -> &Vendor {
        &self.vendors[index]
    }

    pub(crate) fn company_at(&self, index: usize) -> &Company {
        &self.companies[index]
    }
}
