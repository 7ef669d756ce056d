//! The IAB Europe Global Vendor List (`vendor-list.json`, formats v2 and v3): the vendors registered with the
//! TCF, by id, with the purposes each declares on consent and on legitimate interest, and the purposes' names.
//!
//! Read from a file the user gives (`Gvl::load`) or from its text (`Gvl::parse`); nothing is fetched. What
//! is read is bounded: at most [`MAX_GVL_BYTES`] of text, [`MAX_GVL_VENDORS`] vendors (the ids a TC string
//! can name), names cut to [`MAX_NAME_CHARS`] and URLs to [`MAX_URL_CHARS`] characters. Matching the list's
//! vendors to the vendor database: [`match_vendors`].

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

mod matching;
#[cfg(test)]
mod tests;

pub use matching::{GROUPS, GvlMatches, match_vendors, normalise_name};

/// The largest list read, in bytes (the real list, every vendor included, is a few megabytes).
pub const MAX_GVL_BYTES: u64 = 32 * 1024 * 1024;
/// The most vendors a list may hold: TC strings number vendors 1 to 65,535.
pub const MAX_GVL_VENDORS: usize = 65_535;
/// The longest vendor or purpose name kept, in characters.
pub const MAX_NAME_CHARS: usize = 256;
/// The longest URL kept, in characters.
pub const MAX_URL_CHARS: usize = 2048;
/// The most privacy-policy URLs kept a vendor (v3 lists one a language).
const MAX_POLICY_URLS: usize = 16;

/// A Global Vendor List.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Gvl {
    /// The file it was loaded from (`None` when parsed from text).
    pub source: Option<String>,
    /// `gvlSpecificationVersion` (3 for TCF v2.2 lists; absent from v2 lists).
    pub specification_version: Option<u32>,
    /// `vendorListVersion`: the version TC strings name in their VendorListVersion field.
    pub vendor_list_version: u32,
    /// `tcfPolicyVersion`.
    pub tcf_policy_version: Option<u32>,
    /// `lastUpdated`, as written.
    pub last_updated: Option<String>,
    /// The purposes' names by id, in the list's language.
    pub purposes: BTreeMap<u8, String>,
    /// The vendors by id, deleted ones included.
    pub vendors: BTreeMap<u16, GvlVendor>,
}

/// One vendor of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GvlVendor {
    /// Its GVL id: the id TC strings give it.
    pub id: u16,
    /// Its name as registered.
    pub name: String,
    /// The purposes it processes on consent.
    pub purposes: Vec<u8>,
    /// The purposes it processes on legitimate interest.
    pub leg_int_purposes: Vec<u8>,
    /// The purposes whose legal basis a publisher may switch (consent or legitimate interest).
    pub flexible_purposes: Vec<u8>,
    /// Its privacy-policy URLs (`urls[].privacy` in v3, `policyUrl` in v2).
    pub policy_urls: Vec<String>,
    /// The registrable domains of those URLs (`criteo.com`).
    pub policy_domains: Vec<String>,
    /// Whether it was deleted from the list (`deletedDate` set).
    pub deleted: bool,
    /// `cookieMaxAgeSeconds`: how long its cookies last, as it declares.
    pub cookie_max_age_seconds: Option<i64>,
    /// `usesCookies`.
    pub uses_cookies: Option<bool>,
}

/// Why a Global Vendor List could not be read. Each message says what is wrong with the file.
#[derive(Debug, thiserror::Error)]
pub enum GvlError {
    /// The file could not be read.
    #[error("cannot read the Global Vendor List {path}: {source}")]
    Io {
        /// The path given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A problem with the file's content, and which file.
    #[error("{path}: {error}")]
    InFile {
        /// The path given.
        path: String,
        /// What is wrong.
        error: Box<GvlError>,
    },
    /// Over [`MAX_GVL_BYTES`].
    #[error("the Global Vendor List is {} bytes, more than the {} read", super::thousands(*.bytes as usize), super::thousands(*.max as usize))]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit.
        max: u64,
    },
    /// Not JSON (or not UTF-8).
    #[error("the Global Vendor List is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an object with a `vendors` object.
    #[error("the Global Vendor List has no \"vendors\" object{0}: is this IAB's vendor-list.json (v2 or v3)?")]
    NoVendors(&'static str),
    /// No numeric `vendorListVersion`.
    #[error("the Global Vendor List has no numeric \"vendorListVersion\": is this IAB's vendor-list.json?")]
    NoVersion,
    /// More vendors than TC strings can name.
    #[error("the Global Vendor List has {} vendors, more than the {} ids TC strings can name", super::thousands(*.count), super::thousands(*.max))]
    TooManyVendors {
        /// How many.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A vendor or purpose entry that cannot be read.
    #[error("{what} {key:?} of the Global Vendor List {reason}")]
    BadEntry {
        /// `vendor` or `purpose`.
        what: &'static str,
        /// Its key in the list (cut to 40 characters).
        key: String,
        /// What is wrong ("has no \"name\"").
        reason: String,
    },
}

impl Gvl {
    /// Reads the list from `path` (at most [`MAX_GVL_BYTES`]).
    pub fn load(path: impl AsRef<Path>) -> Result<Gvl, GvlError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let io = |source| GvlError::Io { path: shown.clone(), source };
        let in_file = |error| GvlError::InFile { path: shown.clone(), error: Box::new(error) };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut bytes = Vec::new();
        file.take(MAX_GVL_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > MAX_GVL_BYTES {
            let bytes = std::fs::metadata(path).map_or(MAX_GVL_BYTES + 1, |m| m.len());
            return Err(in_file(GvlError::TooLarge { bytes, max: MAX_GVL_BYTES }));
        }
        let text = String::from_utf8(bytes).map_err(|e| in_file(GvlError::NotJson(format!("not UTF-8 text ({e})"))))?;
        let mut gvl = Gvl::parse(&text).map_err(in_file)?;
        gvl.source = Some(shown);
        Ok(gvl)
    }

    /// Reads the list from its JSON text.
    pub fn parse(text: &str) -> Result<Gvl, GvlError> {
        if text.len() as u64 > MAX_GVL_BYTES {
            return Err(GvlError::TooLarge { bytes: text.len() as u64, max: MAX_GVL_BYTES });
        }
        let root: Value = serde_json::from_str(text).map_err(|e| GvlError::NotJson(e.to_string()))?;
        let Value::Object(root) = root else {
            return Err(GvlError::NoVendors(" (it is not a JSON object)"));
        };
        let Some(Value::Object(vendors)) = root.get("vendors") else {
            return Err(GvlError::NoVendors(""));
        };
        if vendors.len() > MAX_GVL_VENDORS {
            return Err(GvlError::TooManyVendors { count: vendors.len(), max: MAX_GVL_VENDORS });
        }
        let number = |field: &str| root.get(field).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
        let mut gvl = Gvl {
            source: None,
            specification_version: number("gvlSpecificationVersion"),
            vendor_list_version: number("vendorListVersion").ok_or(GvlError::NoVersion)?,
            tcf_policy_version: number("tcfPolicyVersion"),
            last_updated: root.get("lastUpdated").and_then(Value::as_str).map(|s| cut(s, 64)),
            ..Gvl::default()
        };
        if let Some(Value::Object(purposes)) = root.get("purposes") {
            for (key, value) in purposes.iter().take(64) {
                let (id, name) = purpose(key, value)?;
                gvl.purposes.insert(id, name);
            }
        }
        for (key, value) in vendors {
            let vendor = vendor(key, value)?;
            gvl.vendors.insert(vendor.id, vendor);
        }
        Ok(gvl)
    }

    /// Vendor `id`, deleted or not.
    pub fn vendor(&self, id: u16) -> Option<&GvlVendor> {
        self.vendors.get(&id)
    }

    /// The list's name for purpose `id`.
    pub fn purpose_name(&self, id: u8) -> Option<&str> {
        self.purposes.get(&id).map(String::as_str)
    }
}

/// The first `max` characters of `s`, trimmed.
fn cut(s: &str, max: usize) -> String {
    s.trim().chars().take(max).collect()
}

/// An entry error.
fn bad(what: &'static str, key: &str, reason: impl Into<String>) -> GvlError {
    GvlError::BadEntry { what, key: cut(key, 40), reason: reason.into() }
}

/// The numeric `id` of an entry, which must match its key and lie in `1..=max`.
fn entry_id(what: &'static str, key: &str, entry: &Map<String, Value>, max: u64) -> Result<u64, GvlError> {
    let id = match entry.get("id") {
        None | Some(Value::Null) => return Err(bad(what, key, "has no \"id\"")),
        Some(v) => v.as_u64().ok_or_else(|| bad(what, key, format!("has the id {v}, which is not a whole number")))?,
    };
    if !(1..=max).contains(&id) {
        return Err(bad(what, key, format!("has the id {id}, outside 1 to {max}")));
    }
    if key.trim() != id.to_string() {
        return Err(bad(what, key, format!("has the id {id}, which differs from its key")));
    }
    Ok(id)
}

/// The non-empty `name` of an entry.
fn entry_name(what: &'static str, key: &str, entry: &Map<String, Value>) -> Result<String, GvlError> {
    match entry.get("name").and_then(Value::as_str).map(|s| cut(s, MAX_NAME_CHARS)) {
        Some(name) if !name.is_empty() => Ok(name),
        _ => Err(bad(what, key, "has no \"name\"")),
    }
}

/// A purpose entry: `"1": {"id": 1, "name": "..."}`.
fn purpose(key: &str, value: &Value) -> Result<(u8, String), GvlError> {
    let Value::Object(entry) = value else { return Err(bad("purpose", key, "is not an object")) };
    let id = entry_id("purpose", key, entry, 255)? as u8;
    Ok((id, entry_name("purpose", key, entry)?))
}

/// A vendor entry.
fn vendor(key: &str, value: &Value) -> Result<GvlVendor, GvlError> {
    let Value::Object(entry) = value else { return Err(bad("vendor", key, "is not an object")) };
    let id = entry_id("vendor", key, entry, u64::from(u16::MAX))? as u16;
    let name = entry_name("vendor", key, entry)?;
    let ids = |field: &str| -> Result<Vec<u8>, GvlError> {
        let list = match entry.get(field) {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(list)) if list.len() <= 64 => list,
            Some(_) => return Err(bad("vendor", key, format!("has a \"{field}\" that is not a list of purpose ids"))),
        };
        let mut out = Vec::with_capacity(list.len());
        for item in list {
            match item.as_u64().and_then(|n| u8::try_from(n).ok()) {
                Some(n) if n > 0 => out.push(n),
                _ => return Err(bad("vendor", key, format!("has {item} in \"{field}\", which is not a purpose id"))),
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    };
    let mut policy_urls: Vec<String> = Vec::new();
    let v3 = entry.get("urls").and_then(Value::as_array).into_iter().flatten().filter_map(|u| u.get("privacy"));
    for url in v3.chain(entry.get("policyUrl")).filter_map(Value::as_str).map(|u| cut(u, MAX_URL_CHARS)) {
        if !url.is_empty() && !policy_urls.contains(&url) && policy_urls.len() < MAX_POLICY_URLS {
            policy_urls.push(url);
        }
    }
    let mut policy_domains: Vec<String> = Vec::new();
    for url in &policy_urls {
        let host = url::Url::parse(url).ok().and_then(|u| u.host_str().map(crate::site::registrable_domain));
        if let Some(domain) = host.filter(|d| d.contains('.') && !policy_domains.contains(d)) {
            policy_domains.push(domain);
        }
    }
    let max_age = entry.get("cookieMaxAgeSeconds");
    Ok(GvlVendor {
        id,
        name,
        purposes: ids("purposes")?,
        leg_int_purposes: ids("legIntPurposes")?,
        flexible_purposes: ids("flexiblePurposes")?,
        policy_urls,
        policy_domains,
        deleted: entry.get("deletedDate").is_some_and(|d| !d.is_null()),
        cookie_max_age_seconds: max_age.and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))),
        uses_cookies: entry.get("usesCookies").and_then(Value::as_bool),
    })
}
