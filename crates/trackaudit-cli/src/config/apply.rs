//! Precedence: a flag the user gave (on the command line, or through its environment variable such as
//! `TRACKAUDIT_ENGINE`) wins; else the configuration file's value; else the flag's built-in default. A list
//! given on the command line replaces the file's list.

use clap::ArgMatches;
use clap::parser::ValueSource;

use super::ConfigFile;
use crate::{AuditArgs, AuditSettings, BatchArgs, NetArgs, ScanArgs, WorkerArgs};

/// Fills the arguments of `trackaudit audit` the user did not give from the file.
pub fn audit(file: &ConfigFile, args: &mut AuditArgs, m: &ArgMatches) {
    settings(file, &mut args.audit, m);
    net(file, &mut args.net, m);
    let t = &file.audit;
    set(m, "format", &mut args.format, t.format);
    set(m, "output", &mut args.output, t.output.clone().map(Some));
    set(m, "fail_on", &mut args.fail_on, t.fail_on.map(Some));
    set(m, "evidence", &mut args.evidence, t.evidence.clone().map(Some));
}

/// Fills the arguments of `trackaudit scan` the user did not give from the file.
pub fn scan(file: &ConfigFile, args: &mut ScanArgs, m: &ArgMatches) {
    settings(file, &mut args.audit, m);
    net(file, &mut args.net, m);
    let t = &file.scan;
    set(m, "format", &mut args.format, t.format.map(Some));
    set(m, "output", &mut args.output, t.output.clone().map(Some));
    set(m, "fail_on", &mut args.fail_on, t.fail_on.map(Some));
    batch(file, &mut args.batch, m);
    set(m, "db", &mut args.db, t.db.clone().map(Some));
    set(m, "evidence", &mut args.evidence, t.evidence.clone().map(Some));
}

/// Fills `worker`'s audit and network settings left at their defaults from the file.
pub fn worker(file: &ConfigFile, args: &mut WorkerArgs, m: &ArgMatches) {
    settings(file, &mut args.audit, m);
    net(file, &mut args.net, m);
    batch(file, &mut args.batch, m);
}

/// `scan`'s and `worker`'s concurrency, browsers and site timeout.
fn batch(file: &ConfigFile, b: &mut BatchArgs, m: &ArgMatches) {
    let t = &file.scan;
    set(m, "concurrency", &mut b.concurrency, t.concurrency);
    set(m, "browsers", &mut b.browsers, t.browsers.map(Some));
    set(m, "site_timeout", &mut b.site_timeout, t.site_timeout);
}

/// The settings `audit` and `scan` share.
fn settings(f: &ConfigFile, a: &mut AuditSettings, m: &ArgMatches) {
    set(m, "max_pages", &mut a.max_pages, f.max_pages);
    set(m, "depth", &mut a.depth, f.depth);
    set(m, "per_site", &mut a.per_site, f.per_site);
    set(m, "ignore_robots", &mut a.ignore_robots, f.ignore_robots);
    set(m, "policy", &mut a.policy, f.policy.clone().map(Some));
    set(m, "first_party", &mut a.first_party, f.first_party.clone());
    set(m, "base_url", &mut a.base_url, f.base_url.clone().map(Some));
    set(m, "vendors", &mut a.vendors, f.vendors.clone());
    set(m, "engine", &mut a.engine, f.engine);
    set(m, "consent", &mut a.consent, f.consent);
    set(m, "settle", &mut a.settle, f.settle);
    set(m, "screenshots", &mut a.screenshots, f.screenshots.clone().map(Some));
    set(m, "har", &mut a.har, f.har.clone().map(Some));
    set(m, "quiet_ms", &mut a.quiet_ms, f.quiet_ms);
    set(m, "max_wait", &mut a.max_wait, f.max_wait);
    set(m, "page_timeout", &mut a.page_timeout, f.page_timeout);
    set(m, "tabs", &mut a.tabs, f.tabs);
    set(m, "max_cookie_days", &mut a.max_cookie_days, f.max_cookie_days);
    set(m, "gvl", &mut a.gvl, f.gvl.clone().map(Some));
    set(m, "dns_server", &mut a.dns_server, f.dns_server.map(Some));
    set(m, "no_cname", &mut a.no_cname, f.no_cname);
    set(m, "no_probes", &mut a.no_probes, f.no_probes);
    set(m, "probe_forms", &mut a.probe_forms, f.probe_forms);
    set(m, "max_page_bytes", &mut a.max_page_bytes, f.max_page_bytes);
    set(m, "page_budget", &mut a.page_budget, f.page_budget);
}

/// The HTTP settings.
fn net(f: &ConfigFile, n: &mut NetArgs, m: &ArgMatches) {
    set(m, "timeout", &mut n.timeout, f.timeout);
    set(m, "user_agent", &mut n.user_agent, f.user_agent.clone().map(Some));
    set(m, "accept_language", &mut n.accept_language, f.accept_language.clone());
    set(m, "resolve", &mut n.resolve, f.resolve.clone());
    set(m, "connect_to", &mut n.connect_to, f.connect_to.clone());
    set(m, "insecure", &mut n.insecure, f.insecure);
    set(m, "allow_private", &mut n.allow_private, f.allow_private);
}

/// Puts the file's `value` in `slot` unless the user gave argument `id`.
fn set<T>(m: &ArgMatches, id: &str, slot: &mut T, value: Option<T>) {
    if let Some(v) = value
        && !given(m, id)
    {
        *slot = v;
    }
}

/// Whether the user gave argument `id`: on the command line or through its environment variable, not by its
/// default.
pub fn given(m: &ArgMatches, id: &str) -> bool {
    matches!(m.value_source(id), Some(ValueSource::CommandLine | ValueSource::EnvVariable))
}
