//! `trackaudit init`: writes a commented `trackaudit.toml` holding every key with its default.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use trackaudit::consent::ConsentMode;
use trackaudit::report::Format;
use trackaudit::scan::ScanFormat;

use super::{CONFIG_FILE, word_of, words};
use crate::app::EngineChoice;

/// A TOML string.
fn s(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The commented configuration `trackaudit init` writes: every key commented out, with its default (or, for
/// a key without one, an example) and what it does.
pub fn template() -> String {
    let fetch = trackaudit::fetch::FetchConfig::default();
    format!(
        r#"# trackaudit configuration: the settings of `trackaudit audit` and `trackaudit scan`.
#
# trackaudit reads trackaudit.toml in the working directory, or the file given with --config FILE.
# Keys are named like the flags (`--max-pages 5` is `max-pages = 5`). A flag given on the command line (or
# TRACKAUDIT_ENGINE for --engine) wins over this file, and this file over the built-in defaults. A list given
# on the command line (--first-party, --vendors, --resolve, --connect-to) replaces the list here.
# Relative paths (policy, vendors, screenshots, har, output, db) are relative to this file's folder.
#
# Every key is commented out and shows its default (or an example, for keys without one): uncomment what
# you change.

# --- Crawl ---
# Most pages crawled per site (the policy page comes on top).
# max-pages = {max_pages}
# Most links followed from the start page.
# depth = {depth}
# Requests in flight at once per site.
# per-site = {per_site}
# Fetch pages that robots.txt disallows.
# ignore-robots = false

# --- Policy and first party ---
# Read this policy (a file, or an http(s) URL) instead of looking for the site's policy link (the default).
# policy = "privacy.html"
# Domains that count as first party besides the site's own.
# first-party = []
# For a folder: the URL it is published at, so absolute links to it are first party (default: none).
# base-url = "https://www.example.com/"
# Extra vendors files merged over the built-in database.
# vendors = []

# --- Engine ---
# {engines}: static reads the HTML, chrome runs each page in headless Chromium, auto uses
# Chromium when it is found.
# engine = {engine}
# (chrome) The consent state audited: {consents}.
# consent = {consent}
# (chrome) Write a PNG screenshot of every page into this folder (default: none).
# screenshots = "screenshots"
# (chrome) Write a HAR file per site and consent state into this folder (default: none).
# har = "har"
# (chrome) When a page is done: {settles} (smart also waits for requests in flight and timers due
# within 5 s of the load event; fixed waits only for the quiet period).
# settle = {settle}
# (chrome) Milliseconds without network activity after the load event before a page counts as done.
# quiet-ms = {quiet_ms}
# (chrome) Longest wait for that quiet period, in seconds.
# max-wait = {max_wait}
# (chrome) Seconds allowed for a page to reach its load event.
# page-timeout = {page_timeout}
# (chrome) Pages of a site loading at once, each in its own tab (1: each cookie credited to its page).
# tabs = {tabs}
# (chrome) Tracking cookies asked to live longer than this many days are findings (about 13 months).
# max-cookie-days = {max_cookie_days}
# (chrome) The IAB Global Vendor List, to match TC strings' vendor ids to vendors (default: none).
# gvl = "vendor-list.json"
# The DNS server (IP:PORT) that resolves the site's own subdomains to find trackers behind a CNAME
# (default: the system's resolver; none when resolve or connect-to map hosts to test servers).
# dns-server = "127.0.0.1:53"
# Do not resolve the site's subdomains at all.
# no-cname = false
# (chrome) Do not instrument pages (no fingerprinting or session-recording findings).
# no-probes = false
# (chrome) Type canary values into each page's visible form fields (never submitting) and report those
# sent anyway, plain, URL-encoded, base64 or hashed: key logging. Off: it types into the site's forms.
# probe-forms = false

# --- Limits ---
# Largest page read, in bytes; a larger page is recorded as an error.
# max-page-bytes = {max_page_bytes}
# Seconds allowed for reading one page or policy document (fractions allowed).
# page-budget = {page_budget:?}

# --- Network ---
# Seconds allowed for one request.
# timeout = {timeout}
# The User-Agent sent (default: a current desktop Chrome's); e.g. to identify the crawler:
# user-agent = "trackaudit/0.1 (+https://example.com/audits; privacy@example.com)"
# The Accept-Language sent ("" for none).
# accept-language = {accept_language}
# Send connections for HOST:PORT to ADDR, like curl, e.g. ["www.example.com:443:127.0.0.1"].
# resolve = []
# Send connections for HOST1:PORT1 to HOST2:PORT2, like curl, e.g. [":443:127.0.0.1:8443"].
# connect-to = []
# Accept invalid TLS certificates (self-signed test and staging servers).
# insecure = false
# Let a public site's redirects and links reach loopback and private addresses.
# allow-private = false

# --- Output: trackaudit audit ---
[audit]
# Report format: {formats}.
# format = {format}
# Write the report to this file (default: standard output).
# output = "trackaudit-report.html"
# Exit with code 1 when a finding is undisclosed, vague (or worse), or anything but disclosed (any)
# (default: never).
# fail-on = "undisclosed"
# Write an evidence pack (reports, policies as fetched, screenshots, HAR, manifest with hashes) here.
# evidence = "evidence"

# --- Output and settings: trackaudit scan ---
[scan]
# Report format: {scan_formats} (default: from output's extension; with neither, only the
# summary is printed).
# format = "csv"
# Write the report to this file (default: standard output when a format is given).
# output = "scan.csv"
# Exit with code 1 when any site has a finding that is undisclosed, vague (or worse), or any (default: never).
# fail-on = "undisclosed"
# Sites audited at once.
# concurrency = {concurrency}
# (chrome) Chromium processes at once (default: the concurrency, at most the number of CPUs).
# browsers = 2
# Longest time one site may take before it is recorded as failed, in seconds.
# site-timeout = {site_timeout}
# SQLite history database: every run, site and finding (default: none).
# db = "trackaudit-history.sqlite"
# Write an evidence pack per site into a folder of its own here.
# evidence = "evidence"

# --- Baseline: vendors your team has reviewed and accepts ---
# An accepted finding is still reported, with its reason, but does not trip fail-on. Every entry needs a
# reason; `site` and `until` are optional. `trackaudit audit --write-baseline FILE` drafts entries.
# [[accept]]
# vendor = "hotjar"
# site = "shop.example.com"
# reason = "DPA signed 2026-03; policy update in review"
# until = 2027-01-31
"#,
        max_pages = trackaudit::crawl::DEFAULT_MAX_PAGES,
        depth = trackaudit::crawl::DEFAULT_MAX_DEPTH,
        per_site = trackaudit::crawl::DEFAULT_PER_SITE,
        engines = words::<EngineChoice>(),
        engine = s(&word_of(&EngineChoice::default())),
        consents = words::<ConsentMode>(),
        consent = s(&word_of(&ConsentMode::default())),
        settles = words::<trackaudit::audit::Settle>(),
        settle = s(&word_of(&trackaudit::audit::Settle::default())),
        quiet_ms = trackaudit::audit::DEFAULT_QUIET.as_millis(),
        max_wait = trackaudit::audit::DEFAULT_MAX_WAIT.as_secs(),
        page_timeout = trackaudit::audit::DEFAULT_PAGE_TIMEOUT.as_secs(),
        tabs = trackaudit::audit::DEFAULT_TABS,
        max_cookie_days = trackaudit::audit::DEFAULT_MAX_COOKIE_DAYS,
        max_page_bytes = trackaudit::audit::DEFAULT_MAX_PAGE_BYTES,
        page_budget = trackaudit::audit::DEFAULT_PAGE_BUDGET.as_secs_f64(),
        timeout = fetch.timeout.as_secs(),
        accept_language = s(trackaudit::fetch::DEFAULT_ACCEPT_LANGUAGE),
        formats = words::<Format>(),
        format = s(&word_of(&Format::Table)),
        scan_formats = words::<ScanFormat>(),
        concurrency = trackaudit::scan::DEFAULT_CONCURRENCY,
        site_timeout = trackaudit::scan::DEFAULT_SITE_TIMEOUT.as_secs(),
    )
}

/// Where `trackaudit init PATH` writes: PATH, or `trackaudit.toml` inside it when it is a folder.
fn target(path: &Path) -> PathBuf {
    if path.is_dir() { path.join(CONFIG_FILE) } else { path.to_path_buf() }
}

/// Writes the template to `path` (refusing to replace an existing file unless `force`) and says where.
pub fn init(path: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let path = target(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = match options.open(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!("{} already exists; use --force to overwrite it", path.display())
        }
        other => other.with_context(|| format!("cannot write {}", path.display()))?,
    };
    file.write_all(template().as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {}: every setting is commented out with its default; uncomment what you change", path.display());
    Ok(ExitCode::SUCCESS)
}
