//! The configuration file, `trackaudit.toml`: a value for every option of `trackaudit audit` and `trackaudit
//! scan`, under the flag's own name, and the baseline's `[[accept]]` entries.
//!
//! Settings both commands share are top-level keys (`max-pages = 5` is `--max-pages 5`); the keys whose
//! meaning depends on the command (the report's `format`, its `output` file and `fail-on`) and the scan's own
//! settings go in an `[audit]` or `[scan]` table. A flag given on the command line (or through its environment
//! variable) wins over the file, and the file over the built-in default ([`apply`]). Relative paths are
//! relative to the file's folder, as in Cargo. `trackaudit init` writes a commented file ([`template`]).

pub mod apply;
pub mod template;

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::Context as _;
use clap::ValueEnum;
use serde::{Deserialize, Deserializer, de};
use trackaudit::baseline::{Accept, Baseline};
use trackaudit::consent::ConsentMode;
use trackaudit::fetch::HostRule;
use trackaudit::report::Format;
use trackaudit::scan::ScanFormat;

use crate::app::{EngineChoice, FailOn};

/// The configuration file read from the working directory when `--config` is not given.
pub const CONFIG_FILE: &str = "trackaudit.toml";

/// The contents of `trackaudit.toml`. Every key is optional; an absent key leaves the flag's default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// `--max-pages`.
    pub max_pages: Option<usize>,
    /// `--depth`.
    pub depth: Option<usize>,
    /// `--per-site`.
    pub per_site: Option<usize>,
    /// `--ignore-robots`.
    pub ignore_robots: Option<bool>,
    /// `--policy`: a file (relative to the configuration's folder) or an http(s) URL.
    pub policy: Option<String>,
    /// `--first-party`.
    pub first_party: Option<Vec<String>>,
    /// `--base-url`.
    #[serde(default, deserialize_with = "parsed")]
    pub base_url: Option<url::Url>,
    /// `--vendors`.
    pub vendors: Option<Vec<PathBuf>>,
    /// `--engine`.
    #[serde(default, deserialize_with = "word")]
    pub engine: Option<EngineChoice>,
    /// `--consent`.
    #[serde(default, deserialize_with = "word")]
    pub consent: Option<ConsentMode>,
    /// `--settle`.
    #[serde(default, deserialize_with = "word")]
    pub settle: Option<trackaudit::audit::Settle>,
    /// `--screenshots`.
    pub screenshots: Option<PathBuf>,
    /// `--har`.
    pub har: Option<PathBuf>,
    /// `--quiet-ms`.
    pub quiet_ms: Option<u64>,
    /// `--max-wait`.
    pub max_wait: Option<u64>,
    /// `--page-timeout`.
    pub page_timeout: Option<u64>,
    /// `--tabs`.
    pub tabs: Option<usize>,
    /// `--max-cookie-days`.
    pub max_cookie_days: Option<u32>,
    /// `--gvl`.
    pub gvl: Option<PathBuf>,
    /// `--dns-server`.
    pub dns_server: Option<std::net::SocketAddr>,
    /// `--no-cname`.
    pub no_cname: Option<bool>,
    /// `--no-probes`.
    pub no_probes: Option<bool>,
    /// `--probe-forms`.
    pub probe_forms: Option<bool>,
    /// `--max-page-bytes`.
    pub max_page_bytes: Option<u64>,
    /// `--page-budget`, in seconds.
    #[serde(default, deserialize_with = "page_budget")]
    pub page_budget: Option<f64>,
    /// `--timeout`.
    pub timeout: Option<u64>,
    /// `--user-agent`.
    pub user_agent: Option<String>,
    /// `--accept-language`.
    pub accept_language: Option<String>,
    /// `--resolve`.
    #[serde(default, deserialize_with = "resolve_rules")]
    pub resolve: Option<Vec<String>>,
    /// `--connect-to`.
    #[serde(default, deserialize_with = "connect_to_rules")]
    pub connect_to: Option<Vec<String>>,
    /// `--insecure`.
    pub insecure: Option<bool>,
    /// `--allow-private`.
    pub allow_private: Option<bool>,
    /// The `[audit]` table.
    #[serde(default)]
    pub audit: AuditTable,
    /// The `[scan]` table.
    #[serde(default)]
    pub scan: ScanTable,
    /// The baseline's `[[accept]]` entries.
    #[serde(default)]
    pub accept: Vec<Accept>,
}

/// `[audit]`: the settings only `trackaudit audit` has.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AuditTable {
    /// `--format`.
    #[serde(default, deserialize_with = "word")]
    pub format: Option<Format>,
    /// `--output`.
    pub output: Option<PathBuf>,
    /// `--fail-on`.
    #[serde(default, deserialize_with = "parsed")]
    pub fail_on: Option<FailOn>,
    /// `--evidence`.
    pub evidence: Option<PathBuf>,
}

/// `[scan]`: the settings only `trackaudit scan` has.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanTable {
    /// `--format`.
    #[serde(default, deserialize_with = "word")]
    pub format: Option<ScanFormat>,
    /// `--output`.
    pub output: Option<PathBuf>,
    /// `--fail-on`.
    #[serde(default, deserialize_with = "parsed")]
    pub fail_on: Option<FailOn>,
    /// `--concurrency`.
    pub concurrency: Option<usize>,
    /// `--browsers`.
    pub browsers: Option<usize>,
    /// `--site-timeout`, in seconds.
    pub site_timeout: Option<u64>,
    /// `--db`.
    pub db: Option<PathBuf>,
    /// `--evidence`.
    pub evidence: Option<PathBuf>,
}

impl ConfigFile {
    /// Parses a configuration's text; its relative paths stay as written.
    pub fn parse(text: &str) -> Result<ConfigFile, toml::de::Error> {
        toml::from_str(text)
    }

    /// The `[[accept]]` entries.
    pub fn baseline(&self) -> Baseline {
        Baseline { accept: self.accept.clone() }
    }

    /// Makes the relative paths of the file relative to `dir` (the file's folder) instead. A policy given as
    /// an http(s) URL is left as it is.
    fn resolve_paths(&mut self, dir: &Path) {
        let join = |p: &mut PathBuf| *p = dir.join(&*p);
        if let Some(policy) = &mut self.policy
            && !is_url(policy)
        {
            *policy = dir.join(&*policy).to_string_lossy().into_owned();
        }
        self.vendors.iter_mut().flatten().for_each(join);
        for p in [
            &mut self.screenshots,
            &mut self.har,
            &mut self.gvl,
            &mut self.audit.output,
            &mut self.audit.evidence,
            &mut self.scan.output,
            &mut self.scan.evidence,
        ] {
            p.iter_mut().for_each(join);
        }
        // A PostgreSQL URL is no path.
        if let Some(db) = &mut self.scan.db
            && !trackaudit::history::is_postgres_url(&db.to_string_lossy())
        {
            join(db);
        }
    }
}

/// Whether a `policy` value is a URL rather than a file (as `trackaudit::policy::read` decides).
fn is_url(policy: &str) -> bool {
    policy.starts_with("http://") || policy.starts_with("https://")
}

/// Reads the configuration: `path` when given (it must exist), else `trackaudit.toml` in the working directory
/// when there is one, else an empty configuration. Paths in it are made relative to its folder, and its
/// baseline is checked (every entry needs a reason).
pub fn load(path: Option<&Path>) -> anyhow::Result<ConfigFile> {
    let default = Path::new(CONFIG_FILE);
    let path = match path {
        Some(p) => p,
        None if default.is_file() => default,
        None => return Ok(ConfigFile::default()),
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let invalid = || format!("{} is not a valid trackaudit configuration", path.display());
    let mut file = ConfigFile::parse(&text)
        .map_err(|e| anyhow::anyhow!("{}{}", e.to_string().trim_end(), hint(&e)))
        .with_context(invalid)?;
    file.baseline().validate().with_context(invalid)?;
    file.resolve_paths(path.parent().unwrap_or(Path::new("")));
    Ok(file)
}

/// Where a key the parser did not expect belongs, when it is one of the keys kept in a table.
fn hint(e: &toml::de::Error) -> &'static str {
    let message = e.message();
    let unknown = |key: &str| message.starts_with(&format!("unknown field `{key}`"));
    if ["format", "output", "fail-on"].into_iter().any(unknown) {
        "\n(format, output and fail-on belong in the [audit] or [scan] table)"
    } else if ["concurrency", "browsers", "site-timeout", "db"].into_iter().any(unknown) {
        "\n(concurrency, browsers, site-timeout and db belong in the [scan] table)"
    } else {
        ""
    }
}

/// The words of a flag's vocabulary, as `--help` lists them: `a, b or c`.
pub fn words<T: ValueEnum>() -> String {
    let names: Vec<String> =
        T::value_variants().iter().filter_map(T::to_possible_value).map(|v| v.get_name().to_string()).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The name of a value, as the flag takes it.
pub fn word_of<T: ValueEnum>(value: &T) -> String {
    value.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default()
}

/// A value of a flag's vocabulary (`engine = "static"`), read by clap's `ValueEnum` as the flag is.
fn word<'de, D: Deserializer<'de>, T: ValueEnum>(d: D) -> Result<Option<T>, D::Error> {
    let s = String::deserialize(d)?;
    T::from_str(&s, false)
        .map(Some)
        .map_err(|_| de::Error::custom(format!("unknown value {s:?}: expected {}", words::<T>())))
}

/// A value read by its `FromStr`, as the flag is (`base-url`, `fail-on`).
fn parsed<'de, D: Deserializer<'de>, T: FromStr>(d: D) -> Result<Option<T>, D::Error>
where
    T::Err: Display,
{
    let s = String::deserialize(d)?;
    s.parse().map(Some).map_err(|e| de::Error::custom(format!("{s:?}: {e}")))
}

/// `page-budget`: seconds, as `--page-budget` takes them.
fn page_budget<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = f64::deserialize(d)?;
    crate::page_budget(&v.to_string()).map(Some).map_err(de::Error::custom)
}

/// `resolve`: each entry as `--resolve` takes it.
fn resolve_rules<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    rules(d, HostRule::parse_resolve)
}

/// `connect-to`: each entry as `--connect-to` takes it.
fn connect_to_rules<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    rules(d, HostRule::parse_connect_to)
}

fn rules<'de, D: Deserializer<'de>, E: Display>(
    d: D,
    parse: fn(&str) -> Result<HostRule, E>,
) -> Result<Option<Vec<String>>, D::Error> {
    let list = Vec::<String>::deserialize(d)?;
    for r in &list {
        parse(r).map_err(de::Error::custom)?;
    }
    Ok(Some(list))
}

#[cfg(test)]
mod tests;
