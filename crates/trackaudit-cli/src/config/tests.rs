use std::path::Path;

use clap::{CommandFactory, FromArgMatches};

use super::{ConfigFile, apply, template::template};
use crate::{Cli, Command};

/// The template with every commented key, table and `[[accept]]` line uncommented.
fn uncommented() -> String {
    template()
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.starts_with('[')
                    || rest.split_once(" = ").is_some_and(|(k, _)| {
                        !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    }) =>
            {
                rest
            }
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_template_sets_nothing_and_names_every_key() {
    let commented = ConfigFile::parse(&template()).unwrap();
    assert_eq!(format!("{commented:?}"), format!("{:?}", ConfigFile::default()));
    let mut all = ConfigFile::parse(&uncommented()).unwrap();
    // A Url's Debug holds `port: None`: checked, then left out.
    assert!(all.base_url.take().is_some(), "base-url is in the template");
    let debug = format!("{all:?}").replace("base_url: None", "");
    // A key missing from the template would stay `key: None` here.
    assert!(!debug.contains(": None"), "a key is missing from the template: {debug}");
    assert_eq!(all.accept.len(), 1);
    all.baseline().validate().unwrap();
}

#[test]
fn the_template_shows_the_defaults_of_the_flags() {
    let all = ConfigFile::parse(&uncommented()).unwrap();
    let (file_audit, file_scan) = (parse_audit(&[], &ConfigFile::default()), parse_scan(&[], &ConfigFile::default()));
    let (from_audit, from_scan) = (parse_audit(&[], &all), parse_scan(&[], &all));
    // Shared settings whose template value is the default leave the arguments as they were.
    for (a, b) in [(&file_audit.audit, &from_audit.audit), (&file_scan.audit, &from_scan.audit)] {
        assert_eq!(
            (a.max_pages, a.depth, a.per_site, a.max_page_bytes, a.quiet_ms, a.max_wait, a.page_timeout, a.tabs),
            (b.max_pages, b.depth, b.per_site, b.max_page_bytes, b.quiet_ms, b.max_wait, b.page_timeout, b.tabs)
        );
        assert!((a.page_budget - b.page_budget).abs() < f64::EPSILON);
        assert_eq!((a.engine, a.consent, a.settle), (b.engine, b.consent, b.settle));
    }
    assert_eq!(file_audit.net.timeout, from_audit.net.timeout);
    assert_eq!(file_audit.net.accept_language, from_audit.net.accept_language);
    assert_eq!(file_audit.format, from_audit.format);
    assert_eq!(
        (file_scan.batch.concurrency, file_scan.batch.site_timeout),
        (from_scan.batch.concurrency, from_scan.batch.site_timeout)
    );
}

fn matches(args: &[&str]) -> (Command, clap::ArgMatches) {
    let m = Cli::command().try_get_matches_from(args).unwrap();
    (Cli::from_arg_matches(&m).unwrap().command, m)
}

fn parse_audit(flags: &[&str], file: &ConfigFile) -> crate::AuditArgs {
    let args: Vec<&str> = ["trackaudit", "audit", "site/"].iter().chain(flags).copied().collect();
    let (Command::Audit(mut a), m) = matches(&args) else { unreachable!() };
    apply::audit(file, &mut a, m.subcommand_matches("audit").unwrap());
    a
}

fn parse_scan(flags: &[&str], file: &ConfigFile) -> crate::ScanArgs {
    let args: Vec<&str> = ["trackaudit", "scan", "sites.txt"].iter().chain(flags).copied().collect();
    let (Command::Scan(mut a), m) = matches(&args) else { unreachable!() };
    apply::scan(file, &mut a, m.subcommand_matches("scan").unwrap());
    a
}

const EVERY_KEY: &str = r#"
max-pages = 101
depth = 102
per-site = 103
ignore-robots = true
policy = "https://policy.test/privacy"
first-party = ["cdn.first.test"]
base-url = "https://base.test/"
vendors = ["extra-vendors.toml"]
engine = "chrome"
consent = "all"
settle = "fixed"
screenshots = "shots"
har = "hars"
quiet-ms = 104
max-wait = 105
page-timeout = 106
tabs = 7
max-cookie-days = 112
gvl = "gvl.json"
dns-server = "127.0.0.1:5353"
no-cname = true
no-probes = true
probe-forms = true
max-page-bytes = 107
page-budget = 1.5
timeout = 108
user-agent = "agent/1"
accept-language = "fr"
resolve = ["a.test:443:127.0.0.1"]
connect-to = [":443:127.0.0.1:8443"]
insecure = true
allow-private = true

[audit]
format = "json"
output = "audit.json"
fail-on = "vague"

[scan]
format = "jsonl"
output = "scan.jsonl"
fail-on = "any"
concurrency = 109
browsers = 110
site-timeout = 111
db = "history.sqlite"
"#;

/// The `Debug` text of each setting given the value of `EVERY_KEY`.
const SHARED: [&str; 32] = [
    "max_pages: 101",
    "depth: 102",
    "per_site: 103",
    "ignore_robots: true",
    "policy: Some(\"https://policy.test/privacy\")",
    "first_party: [\"cdn.first.test\"]",
    "base.test",
    "vendors: [\"extra-vendors.toml\"]",
    "engine: Chrome",
    "consent: All",
    "settle: Fixed",
    "screenshots: Some(\"shots\")",
    "har: Some(\"hars\")",
    "quiet_ms: 104",
    "max_wait: 105",
    "page_timeout: 106",
    "tabs: 7",
    "max_cookie_days: 112",
    "gvl: Some(\"gvl.json\")",
    "dns_server: Some(127.0.0.1:5353)",
    "no_cname: true",
    "no_probes: true",
    "probe_forms: true",
    "max_page_bytes: 107",
    "page_budget: 1.5",
    "timeout: 108",
    "user_agent: Some(\"agent/1\")",
    "accept_language: \"fr\"",
    "resolve: [\"a.test:443:127.0.0.1\"]",
    "connect_to: [\":443:127.0.0.1:8443\"]",
    "insecure: true",
    "allow_private: true",
];

#[test]
fn every_key_reaches_its_setting() {
    let file = ConfigFile::parse(EVERY_KEY).unwrap();
    let audit = format!("{:?}", parse_audit(&[], &file));
    let scan = format!("{:?}", parse_scan(&[], &file));
    for want in SHARED {
        assert!(audit.contains(want), "audit lacks {want}: {audit}");
        assert!(scan.contains(want), "scan lacks {want}: {scan}");
    }
    for want in ["format: Json", "output: Some(\"audit.json\")", "fail_on: Some(Vague)"] {
        assert!(audit.contains(want), "audit lacks {want}: {audit}");
    }
    for want in [
        "format: Some(Jsonl)",
        "output: Some(\"scan.jsonl\")",
        "fail_on: Some(Any)",
        "concurrency: 109",
        "browsers: Some(110)",
        "site_timeout: 111",
        "db: Some(\"history.sqlite\")",
    ] {
        assert!(scan.contains(want), "scan lacks {want}: {scan}");
    }
}

#[test]
fn flags_given_win_over_the_file_and_lists_replace_its_lists() {
    let file = ConfigFile::parse(EVERY_KEY).unwrap();
    let a = parse_audit(
        &["--max-pages", "7", "--first-party", "mine.test", "--engine", "static", "--format", "csv", "--insecure"],
        &file,
    );
    assert_eq!(a.audit.max_pages, 7);
    assert_eq!(a.audit.first_party, ["mine.test"]);
    assert_eq!(a.audit.engine, crate::app::EngineChoice::Static);
    assert_eq!(a.format, trackaudit::report::Format::Csv);
    // Not given: from the file.
    assert_eq!(a.audit.depth, 102);
    let s = parse_scan(&["--concurrency", "3", "--format", "csv"], &file);
    assert_eq!(
        (s.batch.concurrency, s.format, s.batch.browsers),
        (3, Some(trackaudit::scan::ScanFormat::Csv), Some(110))
    );
}

#[test]
fn relative_paths_are_relative_to_the_file_and_urls_stay() {
    let mut file = ConfigFile::parse(
        "policy = \"legal/privacy.md\"\nvendors = [\"v.toml\", \"/abs/v.toml\"]\nhar = \"h\"\n[audit]\noutput = \"r.html\"\n[scan]\ndb = \"h.sqlite\"\n",
    )
    .unwrap();
    file.resolve_paths(Path::new("conf"));
    assert_eq!(file.policy.as_deref(), Some(Path::new("conf/legal/privacy.md").to_str().unwrap()));
    assert_eq!(file.vendors.unwrap(), [Path::new("conf/v.toml"), Path::new("/abs/v.toml")]);
    assert_eq!(file.har.unwrap(), Path::new("conf/h"));
    assert_eq!(file.audit.output.unwrap(), Path::new("conf/r.html"));
    assert_eq!(file.scan.db.unwrap(), Path::new("conf/h.sqlite"));
    let mut url = ConfigFile::parse("policy = \"https://www.example.com/privacy\"").unwrap();
    url.resolve_paths(Path::new("conf"));
    assert_eq!(url.policy.as_deref(), Some("https://www.example.com/privacy"));
    let mut pg = ConfigFile::parse("[scan]\ndb = \"postgres://audit@db.internal/trackaudit\"").unwrap();
    pg.resolve_paths(Path::new("conf"));
    assert_eq!(pg.scan.db.unwrap(), Path::new("postgres://audit@db.internal/trackaudit"));
}

#[test]
fn bad_values_name_the_line_and_the_key() {
    for (text, wants) in [
        ("depth = 2\nengine = \"firefox\"\n", &["line 2", "engine", "static, chrome or auto"][..]),
        ("max-pages = \"many\"\n", &["line 1", "max-pages"]),
        ("[audit]\nformat = \"pdfx\"\n", &["line 2", "format", "table"]),
        ("[scan]\nformat = \"table\"\n", &["line 2", "csv, jsonl, html or pdf"]),
        ("resolve = [\"nonsense\"]\n", &["line 1", "resolve", "HOST:PORT:ADDR"]),
        ("page-budget = -1\n", &["line 1", "page-budget"]),
        ("\n\nmax-page = 3\n", &["line 3", "max-page"]),
    ] {
        let e = ConfigFile::parse(text).unwrap_err().to_string();
        for want in wants {
            assert!(e.contains(want), "{text:?}: {want:?} not in {e}");
        }
    }
}

#[test]
fn a_table_key_at_the_top_says_where_it_belongs() {
    let e = ConfigFile::parse("format = \"json\"\n").unwrap_err();
    assert!(super::hint(&e).contains("[audit] or [scan]"));
    let e = ConfigFile::parse("[audit]\nconcurrency = 2\n").unwrap_err();
    assert!(super::hint(&e).contains("[scan]"));
}
