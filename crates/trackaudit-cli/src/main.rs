//! The `trackaudit` command line: parses arguments, calls the library, prints, and sets the exit code.
#![cfg_attr(test, allow(unused_crate_dependencies))] // unit tests are linked with every dev-dependency

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
mod app;
mod config;
mod progress;
use progress::ProgressMode;
use trackaudit::audit::AuditConfig;
use trackaudit::baseline::Baseline;
use trackaudit::consent::ConsentMode;
use trackaudit::crawl::CrawlConfig;
use trackaudit::fetch::{FetchConfig, HostRule};
use trackaudit::model::{Category, TextFormat};
use trackaudit::report::Format;
use trackaudit::scan::ScanFormat;

/// Audit websites for third-party trackers and check them against the privacy policy.
#[derive(Parser, Debug)]
#[command(name = "trackaudit", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Audit a site (an http(s) URL, or a built static site's folder or HTML file): which third parties it
    /// loads, with evidence, and whether its privacy policy discloses each.
    Audit(AuditArgs),
    /// Audit many sites (a list file, a CSV with a `url` column, or - for standard input), with progress,
    /// a CSV or JSON Lines report, and an optional history database for diffs and resuming.
    Scan(ScanArgs),
    /// Compare two scans: vendors added and removed, verdict changes, policy changes, newly failing sites.
    Diff(DiffArgs),
    /// List a site's results across scans (or every scan with --runs).
    History(HistoryArgs),
    /// A PostgreSQL work queue for scans run by many workers: add a site list, see where runs stand.
    #[command(subcommand)]
    Queue(QueueCommand),
    /// Audit the sites of the PostgreSQL queue (`queue add`), with other workers on this or other machines,
    /// until stopped (SIGTERM finishes the sites in flight, then exits 0) or, with --until-empty, until none
    /// is left.
    Worker(WorkerArgs),
    /// Read a privacy policy: the vendors, companies, vague categories and claims it contains, each quoted.
    Policy(PolicyArgs),
    /// Inspect and validate the vendor database.
    #[command(subcommand)]
    Vendors(VendorsCommand),
    /// Write a commented trackaudit.toml: every setting of `audit` and `scan` with its default, and an
    /// example baseline entry.
    Init(InitArgs),
}

/// How many sites at once, and for how long each: `scan` and `worker`.
#[derive(Args, Debug)]
struct BatchArgs {
    /// Sites audited at once.
    #[arg(long, default_value_t = trackaudit::scan::DEFAULT_CONCURRENCY, value_name = "N")]
    concurrency: usize,
    /// (chrome) Chromium processes at once (default: the concurrency, at most the number of CPUs); sites
    /// wait for a free one.
    #[arg(long, value_name = "N")]
    browsers: Option<usize>,
    /// Longest time one site may take before it is recorded as failed, in seconds.
    #[arg(long, default_value_t = trackaudit::scan::DEFAULT_SITE_TIMEOUT.as_secs(), value_name = "SECS")]
    site_timeout: u64,
}

impl BatchArgs {
    /// Chromium processes: as asked, else the concurrency, at most the number of CPUs (at least 2).
    fn browsers(&self) -> usize {
        self.browsers.unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
            self.concurrency.clamp(1, cores.max(2))
        })
    }
}

#[derive(Subcommand, Debug)]
enum QueueCommand {
    /// Queue a site list (a text file, a CSV with a `url` column and extra columns, or - for standard input)
    /// as the jobs of a run; sites already in the run are not added again.
    Add {
        /// The site list.
        sites: String,
        /// The PostgreSQL database (postgres://user[:password]@host[:port]/db).
        #[arg(long, env = "TRACKAUDIT_DB", value_name = "URL")]
        db: String,
        /// The run's name (default: the list's file name); a new list under an existing name adds to it.
        #[arg(long, value_name = "NAME")]
        run: Option<String>,
    },
    /// Print each run's queued, running, done and failed sites and how fast they complete.
    Status {
        /// The PostgreSQL database.
        #[arg(long, env = "TRACKAUDIT_DB", value_name = "URL")]
        db: String,
        /// Output format (table or json).
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Args, Debug)]
struct WorkerArgs {
    /// The PostgreSQL database holding the queue (postgres://user[:password]@host[:port]/db).
    #[arg(long, env = "TRACKAUDIT_DB", value_name = "URL")]
    db: String,
    #[command(flatten)]
    audit: AuditSettings,
    #[command(flatten)]
    batch: BatchArgs,
    /// Attempts per site: transient failures (timeouts, refused connections, HTTP 5xx and 429) are retried
    /// until then; permanent ones (unknown host, robots.txt disallows, HTTP 404) are recorded at once.
    #[arg(long, default_value_t = trackaudit::queue::worker::DEFAULT_ATTEMPTS, value_name = "N")]
    attempts: u32,
    /// The lease on a claimed site, in seconds, renewed every third of it while this worker runs; when a
    /// worker dies, its sites go to another once their leases run out.
    #[arg(long, default_value_t = trackaudit::queue::worker::DEFAULT_LEASE.as_secs(), value_name = "SECS")]
    lease_secs: u64,
    /// Seconds before a failed site's first retry, doubled for each further attempt.
    #[arg(long, default_value_t = trackaudit::queue::worker::DEFAULT_BACKOFF.as_secs(), value_name = "SECS")]
    backoff_secs: u64,
    /// Exit once no site is queued or running (for a batch Job); by default wait for more.
    #[arg(long)]
    until_empty: bool,
    /// Write the time into FILE at every lease renewal (a liveness probe checks that it is recent).
    #[arg(long, value_name = "FILE")]
    heartbeat: Option<PathBuf>,
    /// This worker's name in the queue (default: host name, process id and a random part).
    #[arg(long, value_name = "NAME")]
    id: Option<String>,
    /// Print a line per site started and finished (by default only failures of the database are printed).
    #[arg(long)]
    log: bool,
    #[command(flatten)]
    net: NetArgs,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// The file to write (a folder gets trackaudit.toml inside it).
    #[arg(default_value = config::CONFIG_FILE)]
    path: PathBuf,
    /// Overwrite the file when it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Args, Debug)]
struct PolicyArgs {
    /// A policy file (HTML, Markdown or text) or an http(s) URL.
    input: String,
    /// Report format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Read the input as this format instead of detecting it.
    #[arg(long, value_enum)]
    input_format: Option<TextFormat>,
    /// Print the readable text extracted from the policy (what offsets refer to) instead of the report.
    #[arg(long)]
    text: bool,
    /// Largest policy accepted, in bytes.
    #[arg(long, default_value_t = trackaudit::policy::DEFAULT_MAX_POLICY_BYTES)]
    max_bytes: u64,
    /// Write the report to this file.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Extra vendors file merged over the built-in database (repeatable).
    #[arg(long = "vendors", value_name = "FILE")]
    vendors: Vec<PathBuf>,
    #[command(flatten)]
    net: NetArgs,
}

#[derive(Args, Debug)]
struct AuditArgs {
    /// An http(s) URL, or a folder (`public/`, `_site/`, `out/`) or HTML file of a built site.
    target: String,
    #[command(flatten)]
    audit: AuditSettings,
    /// Report format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the report to this file.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Exit with code 1 when a finding is undisclosed (or contradicted), vague (or worse), or anything but
    /// disclosed (any).
    #[arg(long, value_name = "undisclosed|vague|any")]
    fail_on: Option<app::FailOn>,
    /// Write this audit's findings (those not accepted yet) as `[[accept]]` entries to FILE, for a team to
    /// review: fill in each reason, then add them to trackaudit.toml.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Write an evidence pack into DIR: the HTML and JSON reports (and, with Chromium, the PDF, screenshots
    /// and HAR files), each policy document exactly as fetched, and manifest.json and SHA256SUMS with every
    /// file's SHA-256, the tool version and the vendor database's hash.
    #[arg(long, value_name = "DIR")]
    evidence: Option<PathBuf>,
    #[command(flatten)]
    net: NetArgs,
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// The site list: a text file (one URL per line, # comments), a CSV with a `url` column, or - for
    /// standard input. Not needed with --resume.
    sites: Option<String>,
    #[command(flatten)]
    audit: AuditSettings,
    #[command(flatten)]
    batch: BatchArgs,
    /// History database: every run, site and finding, committed as each site finishes; a SQLite file or a
    /// PostgreSQL URL (postgres://user@host/db).
    #[arg(long, value_name = "FILE|URL")]
    db: Option<PathBuf>,
    /// Finish the last interrupted run in --db, skipping the sites already done.
    #[arg(long)]
    resume: bool,
    /// Write the report to this file (CSV; JSON Lines for .jsonl; the run's page for .html, printed for .pdf).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Report format: csv (one row per site × vendor), jsonl (one audit per line), html (one page for the run)
    /// or pdf (that page printed by Chromium).
    #[arg(long, short, value_enum)]
    format: Option<ScanFormat>,
    /// Print one line per finished site even on a terminal (instead of progress bars).
    #[arg(long, conflicts_with = "quiet")]
    log: bool,
    /// Show no progress.
    #[arg(long, short)]
    quiet: bool,
    /// Exit with code 1 when any site has a finding that is undisclosed, vague (or worse), or any.
    #[arg(long, value_name = "undisclosed|vague|any")]
    fail_on: Option<app::FailOn>,
    /// Write an evidence pack per site into DIR/<site>/: the HTML and JSON reports, each policy document as
    /// fetched, (chrome) screenshots and HAR files, and manifest.json and SHA256SUMS with every file's SHA-256.
    #[arg(long, value_name = "DIR")]
    evidence: Option<PathBuf>,
    #[command(flatten)]
    net: NetArgs,
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The older scan: a run id, `previous`, `latest`, or a JSON Lines file from `scan --format jsonl`.
    #[arg(default_value = "previous")]
    old: String,
    /// The newer scan.
    #[arg(default_value = "latest")]
    new: String,
    /// The history database holding the runs (a SQLite file or a postgres:// URL).
    #[arg(long, value_name = "FILE|URL")]
    db: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the changes to this file.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Exit with code 1 when a vendor became undisclosed or contradicted (`new-undisclosed`).
    #[arg(long, value_name = "new-undisclosed", value_parser = ["new-undisclosed"])]
    fail_on: Option<String>,
}

#[derive(Args, Debug)]
struct HistoryArgs {
    /// The site (its domain, or the URL as listed); omit with --runs.
    #[arg(required_unless_present = "runs")]
    site: Option<String>,
    /// List every run instead.
    #[arg(long)]
    runs: bool,
    /// The history database (a SQLite file or a postgres:// URL).
    #[arg(long, value_name = "FILE|URL")]
    db: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Audit settings shared by `audit` and `scan`.
#[derive(Args, Debug)]
struct AuditSettings {
    /// The configuration file (default: trackaudit.toml in the working directory, when there is one): a
    /// value for any option here, under the flag's name (flags given win), and `[[accept]]` entries marking
    /// reviewed vendors accepted. `trackaudit init` writes one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Most pages crawled per site (the policy page comes on top).
    #[arg(long, default_value_t = trackaudit::crawl::DEFAULT_MAX_PAGES)]
    max_pages: usize,
    /// Most links followed from the start page.
    #[arg(long, default_value_t = trackaudit::crawl::DEFAULT_MAX_DEPTH)]
    depth: usize,
    /// Read this policy (file or URL) instead of looking for the site's policy link.
    #[arg(long, value_name = "FILE|URL")]
    policy: Option<String>,
    /// A domain that counts as first party besides the site's own (repeatable).
    #[arg(long, value_name = "DOMAIN")]
    first_party: Vec<String>,
    /// For a folder: the URL it is published at, so absolute links to it are first party.
    #[arg(long, value_name = "URL")]
    base_url: Option<url::Url>,
    /// Fetch pages that robots.txt disallows.
    #[arg(long)]
    ignore_robots: bool,
    /// Requests in flight at once per site.
    #[arg(long, default_value_t = trackaudit::crawl::DEFAULT_PER_SITE, value_name = "N")]
    per_site: usize,
    /// Largest page read, in bytes; a larger page is recorded as an error.
    #[arg(long, default_value_t = trackaudit::audit::DEFAULT_MAX_PAGE_BYTES, value_name = "BYTES")]
    max_page_bytes: u64,
    /// Seconds allowed for reading one page or policy document (parsing, extraction, analysis); a page over
    /// it is recorded as an error and the rest of the site is audited. Fractions are allowed.
    #[arg(long, default_value_t = trackaudit::audit::DEFAULT_PAGE_BUDGET.as_secs_f64(), value_name = "SECS",
          value_parser = page_budget)]
    page_budget: f64,
    /// Extra vendors file merged over the built-in database (repeatable).
    #[arg(long = "vendors", value_name = "FILE")]
    vendors: Vec<PathBuf>,
    /// `static` reads the HTML; `chrome` runs each page in headless Chromium (JavaScript, cookies, storage,
    /// consent states); `auto` uses Chromium when it is found ($CHROME, chromium, chromium-browser,
    /// google-chrome), else the static engine.
    #[arg(long, value_enum, default_value = "auto", env = "TRACKAUDIT_ENGINE")]
    engine: app::EngineChoice,
    /// (chrome) The consent state to audit: before any interaction (`none`), after clicking "accept all" or
    /// "reject all" on the consent banner, or `all` three, each in a fresh browser context.
    #[arg(long, value_enum, default_value = "none")]
    consent: ConsentMode,
    /// (chrome) Write a PNG screenshot of every page into this folder.
    #[arg(long, value_name = "DIR")]
    screenshots: Option<PathBuf>,
    /// (chrome) Write a HAR file per site and consent state into this folder.
    #[arg(long, value_name = "DIR")]
    har: Option<PathBuf>,
    /// (chrome) When a page counts as done after its load event: `smart` waits for the quiet period with no
    /// request in flight and no page timer due within 5 s (a late beacon is kept); `fixed` waits only for the
    /// quiet period (the rule before `smart`; its old default was --quiet-ms 2000).
    #[arg(long, value_enum, default_value = "smart")]
    settle: trackaudit::audit::Settle,
    /// (chrome) Milliseconds without network activity after the load event before a page counts as done.
    #[arg(long, default_value_t = trackaudit::audit::DEFAULT_QUIET.as_millis() as u64, value_name = "MS")]
    quiet_ms: u64,
    /// (chrome) Longest wait for that quiet period, in seconds.
    #[arg(long, default_value_t = trackaudit::audit::DEFAULT_MAX_WAIT.as_secs(), value_name = "SECS")]
    max_wait: u64,
    /// (chrome) Seconds allowed for a page to reach its load event.
    #[arg(long, default_value_t = trackaudit::audit::DEFAULT_PAGE_TIMEOUT.as_secs(), value_name = "SECS")]
    page_timeout: u64,
    /// (chrome) Pages of a site loading at once, each in its own tab of the site's browser context (the
    /// first page, where the consent banner is clicked, loads alone). 1 gives every page the context to
    /// itself, so that each cookie is credited to the page that set it.
    #[arg(long, default_value_t = trackaudit::audit::DEFAULT_TABS, value_name = "N", value_parser = tabs)]
    tabs: usize,
    /// (chrome) Tracking cookies asked to live longer than this many days are findings (cookie-lifetime).
    #[arg(long, default_value_t = trackaudit::audit::DEFAULT_MAX_COOKIE_DAYS, value_name = "DAYS")]
    max_cookie_days: u32,
    /// (chrome) The IAB Global Vendor List (its vendor-list.json), to match the vendor ids of TC strings to
    /// vendors: a vendor that loads without consent in the string is then a finding.
    #[arg(long, value_name = "FILE")]
    gvl: Option<PathBuf>,
    /// Resolve the site's own subdomains with this DNS server (IP:PORT) to find trackers behind a CNAME
    /// (default: the system's resolver; with --resolve or --connect-to, no lookups unless this is given).
    #[arg(long, value_name = "ADDR")]
    dns_server: Option<std::net::SocketAddr>,
    /// Do not resolve the site's subdomains (no CNAME-cloaking check, no DNS query of trackaudit's own).
    #[arg(long)]
    no_cname: bool,
    /// (chrome) Do not instrument pages: no init script records what scripts do (fingerprinting, session
    /// recording), only what they load. For comparison, and for sites that detect instrumentation.
    #[arg(long)]
    no_probes: bool,
    /// (chrome) Type canary values (an e-mail address, a name, a phone number) into each page's visible form
    /// fields, never submitting, and report those the page sends anyway, plain, URL-encoded, base64 or
    /// MD5/SHA-1/SHA-256-hashed (form-data-sent-before-submit). Off by default: it types into the site's forms.
    #[arg(long)]
    probe_forms: bool,
}

/// `--tabs`: 1 to [`MAX_TABS`](trackaudit::audit::MAX_TABS).
fn tabs(s: &str) -> Result<usize, String> {
    let max = trackaudit::audit::MAX_TABS;
    match s.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("expected a number of tabs from 1 to {max}, got {s:?}")),
    }
}

/// `--page-budget`: a positive number of seconds.
fn page_budget(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(format!("expected seconds between 0 and 86400 (e.g. 15 or 0.5), got {s:?}")),
    }
}

impl AuditSettings {
    fn engine(&self, workers: usize) -> app::EngineOptions {
        app::EngineOptions {
            choice: self.engine,
            browser: trackaudit::audit::BrowserSettings {
                executable: None,
                workers,
                page_timeout: Duration::from_secs(self.page_timeout.max(1)),
                quiet: Duration::from_millis(self.quiet_ms),
                settle: self.settle,
                max_wait: Duration::from_secs(self.max_wait),
                tabs: self.tabs,
                screenshots: self.screenshots.clone(),
                har: self.har.clone(),
                probes: !self.no_probes,
            },
        }
    }

    /// Whether to resolve the site's subdomains: off when asked, or when hosts are mapped to test servers
    /// (`--resolve`, `--connect-to`) and no DNS server is given, since public DNS knows nothing of them.
    fn cname(&self, net: &NetArgs) -> trackaudit::audit::CnameLookup {
        use trackaudit::audit::CnameLookup;
        match (self.no_cname, self.dns_server) {
            (true, _) => CnameLookup::Off,
            (false, Some(addr)) => CnameLookup::Server(addr),
            (false, None) if !net.resolve.is_empty() || !net.connect_to.is_empty() => CnameLookup::Off,
            (false, None) => CnameLookup::System,
        }
    }

    fn config(&self, baseline: Baseline) -> anyhow::Result<AuditConfig> {
        let gvl = match &self.gvl {
            Some(path) => Some(std::sync::Arc::new(
                trackaudit::consent_strings::Gvl::load(path)
                    .map_err(|e| anyhow::anyhow!("--gvl: {e} (give the IAB's vendor-list.json, v2 or v3)"))?,
            )),
            None => None,
        };
        Ok(AuditConfig {
            crawl: CrawlConfig {
                max_pages: self.max_pages.max(1),
                max_depth: self.depth,
                ignore_robots: self.ignore_robots,
                concurrency: self.per_site.max(1),
                ..CrawlConfig::default()
            },
            first_party: self.first_party.clone(),
            policy: self.policy.clone(),
            base_url: self.base_url.clone(),
            max_page_bytes: self.max_page_bytes,
            page_budget: Some(Duration::from_secs_f64(self.page_budget)),
            consent: self.consent,
            baseline,
            keep_sources: false,
            max_cookie_days: Some(self.max_cookie_days),
            gvl,
            cname: trackaudit::audit::CnameLookup::Off,
            probe_forms: self.probe_forms,
        })
    }
}

/// HTTP options shared by every command that fetches.
#[derive(Args, Debug)]
struct NetArgs {
    /// Seconds allowed for one request.
    #[arg(long, default_value_t = trackaudit::fetch::FetchConfig::default().timeout.as_secs(), value_name = "SECS")]
    timeout: u64,
    /// The User-Agent to send, in both engines and for robots.txt and policy fetches. By default trackaudit
    /// presents itself as a current desktop Chrome (Chromium's own user agent, without "Headless", in the
    /// browser engine) so that sites serve what visitors see. To identify the crawler, as a site owner may
    /// ask, give e.g. "trackaudit/0.1 (+https://example.com/audits; privacy@example.com)". robots.txt is
    /// obeyed under the token `trackaudit` whatever this says.
    #[arg(long, value_name = "STRING")]
    user_agent: Option<String>,
    /// The Accept-Language to send, in both engines (empty for none).
    #[arg(long, value_name = "LANGUAGES", default_value = trackaudit::fetch::DEFAULT_ACCEPT_LANGUAGE)]
    accept_language: String,
    /// Send connections for HOST:PORT to ADDR, like curl (repeatable; `*` matches any host).
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Send connections for HOST1:PORT1 to HOST2:PORT2, like curl (repeatable; empty or `*` matches any).
    #[arg(long, value_name = "HOST1:PORT1:HOST2:PORT2")]
    connect_to: Vec<String>,
    /// Accept invalid TLS certificates (self-signed test and staging servers).
    #[arg(long, short = 'k')]
    insecure: bool,
    /// Let a public site's redirects and links reach loopback, private, link-local and other non-public
    /// addresses (refused by default; a local start URL or a host mapped by --resolve/--connect-to is
    /// always allowed).
    #[arg(long)]
    allow_private: bool,
}

impl NetArgs {
    fn config(&self) -> anyhow::Result<FetchConfig> {
        let mut rules = Vec::new();
        for r in &self.resolve {
            rules.push(HostRule::parse_resolve(r)?);
        }
        for r in &self.connect_to {
            rules.push(HostRule::parse_connect_to(r)?);
        }
        let mut config = FetchConfig {
            timeout: Duration::from_secs(self.timeout.max(1)),
            accept_invalid_certs: self.insecure,
            allow_private: self.allow_private,
            accept_language: self.accept_language.clone(),
            rules,
            ..FetchConfig::default()
        };
        if let Some(ua) = &self.user_agent {
            config.user_agent.clone_from(ua);
        }
        config.connect_timeout = config.connect_timeout.min(config.timeout);
        Ok(config)
    }
}

#[derive(Subcommand, Debug)]
enum VendorsCommand {
    /// Validate a vendors file and name the line of each problem (the built-in database when no FILE).
    Check {
        /// The vendors file; it is checked as an overlay of the built-in database unless --standalone.
        file: Option<PathBuf>,
        /// Check the file on its own: its vendors may then only use its own companies.
        #[arg(long)]
        standalone: bool,
    },
    /// List vendors.
    List {
        /// Only vendors of this category.
        #[arg(long, short)]
        category: Option<Category>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Extra vendors file merged over the built-in database (repeatable).
        #[arg(long = "vendors", value_name = "FILE")]
        vendors: Vec<PathBuf>,
    },
    /// Show who is behind an id, a name, a domain, a URL or a cookie name.
    Show {
        /// e.g. `doubleclick.net`, `_ga`, `Google Analytics`, `criteo`.
        query: String,
        /// Output format (table or json).
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Extra vendors file merged over the built-in database (repeatable).
        #[arg(long = "vendors", value_name = "FILE")]
        vendors: Vec<PathBuf>,
    },
}

/// SARIF describes findings at source locations: only audits have them.
fn not_sarif(format: Format) -> anyhow::Result<Format> {
    anyhow::ensure!(format != Format::Sarif, "--format sarif is for `trackaudit audit`; use json here");
    Ok(format)
}

/// Runs the command; `matches` tell the flags the user gave from those left at their defaults, which the
/// configuration file may set.
fn run(cli: Cli, matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let given = matches.subcommand().map_or(matches, |(_, m)| m);
    match cli.command {
        Command::Audit(mut a) => {
            let file = config::load(a.audit.config.as_deref())?;
            config::apply::audit(&file, &mut a, given);
            let mut fetch = a.net.config()?;
            fetch.max_body_bytes = a.audit.max_page_bytes;
            app::audit(&app::AuditOptions {
                target: a.target,
                config: AuditConfig { cname: a.audit.cname(&a.net), ..a.audit.config(file.baseline())? },
                fetch,
                vendors: a.audit.vendors.clone(),
                format: a.format,
                output: a.output,
                fail_on: a.fail_on,
                write_baseline: a.write_baseline,
                evidence: a.evidence,
                engine: a.audit.engine(1),
            })
        }
        Command::Scan(mut a) => {
            let file = config::load(a.audit.config.as_deref())?;
            config::apply::scan(&file, &mut a, given);
            let mut fetch = a.net.config()?;
            fetch.max_body_bytes = a.audit.max_page_bytes;
            app::scan(&app::ScanOptions {
                sites: a.sites,
                audit: AuditConfig { cname: a.audit.cname(&a.net), ..a.audit.config(file.baseline())? },
                fetch,
                vendors: a.audit.vendors.clone(),
                concurrency: a.batch.concurrency.max(1),
                site_timeout: Duration::from_secs(a.batch.site_timeout.max(1)),
                db: a.db,
                evidence: a.evidence,
                resume: a.resume,
                output: a.output,
                format: a.format,
                progress: if a.quiet {
                    ProgressMode::Quiet
                } else if a.log {
                    ProgressMode::Lines
                } else {
                    ProgressMode::Auto
                },
                fail_on: a.fail_on,
                engine: a.audit.engine(a.batch.browsers()),
            })
        }
        Command::Diff(a) => app::diff(&app::DiffOptions {
            old: a.old,
            new: a.new,
            db: a.db,
            format: not_sarif(a.format)?,
            output: a.output,
            fail_on_new_undisclosed: a.fail_on.is_some(),
        }),
        Command::History(a) => app::history(a.site.as_deref().filter(|_| !a.runs), &a.db, not_sarif(a.format)?),
        Command::Policy(a) => app::policy(&app::PolicyOptions {
            input: a.input,
            format: not_sarif(a.format)?,
            input_format: a.input_format,
            vendors: a.vendors,
            output: a.output,
            print_text: a.text,
            max_bytes: a.max_bytes,
            fetch: a.net.config()?,
        }),
        Command::Vendors(VendorsCommand::Check { file, standalone }) => {
            app::vendors_check(&app::VendorsCheckOptions { file, standalone })
        }
        Command::Vendors(VendorsCommand::List { category, format, vendors }) => {
            app::vendors_list(category, &vendors, not_sarif(format)?)
        }
        Command::Vendors(VendorsCommand::Show { query, format, vendors }) => {
            app::vendors_show(&query, &vendors, not_sarif(format)?)
        }
        Command::Init(a) => config::template::init(&a.path, a.force),
        Command::Queue(QueueCommand::Add { sites, db, run }) => app::queue_add(&sites, &db, run.as_deref()),
        Command::Queue(QueueCommand::Status { db, format }) => app::queue_status(&db, not_sarif(format)?),
        Command::Worker(mut a) => {
            let file = config::load(a.audit.config.as_deref())?;
            config::apply::worker(&file, &mut a, given);
            let mut fetch = a.net.config()?;
            fetch.max_body_bytes = a.audit.max_page_bytes;
            let id = a.id.clone().unwrap_or_else(trackaudit::queue::worker::worker_id);
            app::worker(&app::WorkerOptions {
                db: a.db.clone(),
                audit: AuditConfig { cname: a.audit.cname(&a.net), ..a.audit.config(file.baseline())? },
                fetch,
                vendors: a.audit.vendors.clone(),
                worker: trackaudit::queue::worker::WorkerConfig {
                    concurrency: a.batch.concurrency.max(1),
                    attempts: a.attempts.max(1),
                    lease: app::secs(a.lease_secs),
                    backoff: app::secs(a.backoff_secs),
                    site_timeout: app::secs(a.batch.site_timeout),
                    until_empty: a.until_empty,
                    heartbeat: a.heartbeat.clone(),
                    ..trackaudit::queue::worker::WorkerConfig::new(id)
                },
                engine: a.audit.engine(a.batch.browsers()),
                log: a.log,
            })
        }
    }
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(cli, &matches) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("trackaudit: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
