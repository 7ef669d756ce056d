//! The real-world regression corpus (`tests/realworld/`): built pages and privacy policies of real sites,
//! taken from public GitHub repositories under permissive licences, each with an answer key written by
//! reading the files (`expected.toml`). For every case the static engine audits each page (as published at
//! its real URL) and the policy reader reads the policy; the results are compared with the key and
//! precision/recall are printed (`--nocapture`) and written to `target/realworld-report.md`.
//!
//! The test is a strict regression test: per case, the mismatches must be exactly the `known_miss` and
//! `known_extra` entries of the key. A fix that turns a known miss into a hit fails the test until the key
//! is updated. See `tests/realworld/README.md`.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use trackaudit::audit::{AuditConfig, Auditor};
use trackaudit::crawl::CrawlConfig;
use trackaudit::model::PolicyReport;
use trackaudit::policy::{self, ReadOptions};
use trackaudit::vendors::Engine;
use url::Url;

/// At least this many cases must be in the corpus.
const MIN_CASES: usize = 20;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Key {
    /// What the site is ("SaaS marketing site", "German non-profit").
    site: String,
    /// The policy file, relative to the case folder.
    policy: String,
    /// The policy's language (ISO 639-1), for the report.
    #[serde(default)]
    language: Option<String>,
    /// The pages audited.
    page: Vec<PageKey>,
    /// Third parties the pages really load.
    #[serde(default)]
    vendor: Vec<VendorKey>,
    /// Vendors and companies the policy names.
    #[serde(default)]
    policy_names: Vec<NameKey>,
    /// The claims the policy makes; `None` when not keyed.
    #[serde(default)]
    claims: Option<Vec<String>>,
    /// Mismatches known today (keyed vendors the tool does not report).
    #[serde(default)]
    known_miss: Vec<Known>,
    /// Mismatches known today (reports the key does not have).
    #[serde(default)]
    known_extra: Vec<Known>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageKey {
    /// The file, relative to the case folder.
    file: String,
    /// The URL it is published at.
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorKey {
    /// The trackaudit vendor id, or a descriptive id when the database does not know the vendor.
    id: String,
    /// The vendor as an auditor would name it.
    name: String,
    /// Whether `vendors.toml` has the vendor.
    #[serde(default = "yes")]
    known: bool,
    /// Which page and element load it.
    evidence: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameKey {
    /// The trackaudit vendor or company id, or a descriptive id.
    id: String,
    /// As the policy writes it.
    name: String,
    #[serde(default = "yes")]
    known: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Known {
    /// `detection`, `policy` or `claim`.
    kind: String,
    /// The vendor, company or claim id.
    id: String,
    /// Why, in one line.
    reason: String,
}

fn yes() -> bool {
    true
}

/// One metric's counts.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn precision(&self) -> String {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> String {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 { "—".into() } else { format!("{:.2} ({a}/{b})", a as f64 / b as f64) }
}

/// The comparison of one set.
fn compare(
    kind: &str,
    want: &BTreeSet<String>,
    got: &BTreeSet<String>,
    mismatches: &mut BTreeSet<(String, String)>,
) -> Counts {
    for id in want.difference(got) {
        mismatches.insert((format!("miss:{kind}"), id.clone()));
    }
    for id in got.difference(want) {
        mismatches.insert((format!("extra:{kind}"), id.clone()));
    }
    Counts { tp: want.intersection(got).count(), fp: got.difference(want).count(), fn_: want.difference(got).count() }
}

struct CaseResult {
    name: String,
    site: String,
    language: String,
    detection: Counts,
    policy: Counts,
    claims: Option<Counts>,
    /// Mismatches seen, as (`miss:KIND` | `extra:KIND`, id).
    mismatches: BTreeSet<(String, String)>,
    problems: Vec<String>,
}

fn corpus() -> PathBuf {
    common::repo_path("crates/trackaudit-cli/tests/realworld")
}

/// Audits one page file, its folder published at the page URL's folder: a page named like its URL's last segment
/// (or `index.html` for a folder URL) is audited at its own URL; a template stored under another name is audited
/// at that name in the same folder, which keeps the site (first party) the same.
fn audit_page(
    rt: &tokio::runtime::Runtime,
    auditor: &Auditor,
    file: &Path,
    url: &str,
    policy: &Path,
) -> Result<trackaudit::model::AuditReport, String> {
    let url = Url::parse(url).map_err(|e| format!("page url {url}: {e}"))?;
    let base = url.join("./").map_err(|e| e.to_string())?;
    let config = AuditConfig {
        crawl: CrawlConfig { max_pages: 1, max_depth: 0, ignore_robots: true, ..CrawlConfig::default() },
        policy: Some(policy.to_string_lossy().into_owned()),
        base_url: Some(base),
        ..AuditConfig::default()
    };
    let report = rt.block_on(auditor.audit_with(&file.to_string_lossy(), &config));
    if let Some(p) = report.pages.iter().find(|p| p.error.is_some()) {
        return Err(format!("{}: {}", p.url, p.error.as_deref().unwrap_or_default()));
    }
    if report.pages.is_empty() {
        return Err(format!("{}: no page read: {:?}", file.display(), report.errors));
    }
    Ok(report)
}

fn run_case(rt: &tokio::runtime::Runtime, auditor: &Auditor, engine: &Engine, dir: &Path) -> CaseResult {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text =
        std::fs::read_to_string(dir.join("expected.toml")).unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
    let key: Key = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
    let mut problems = Vec::new();
    for f in ["SOURCE.md", key.policy.as_str()] {
        if !dir.join(f).is_file() {
            problems.push(format!("{f} is missing"));
        }
    }
    let policy_path = dir.join(&key.policy);

    // Detection: every page, one audit each.
    let mut detected = BTreeSet::new();
    for p in &key.page {
        match audit_page(rt, auditor, &dir.join(&p.file), &p.url, &policy_path) {
            Ok(r) => detected.extend(r.findings.iter().map(|f| f.vendor.id.clone())),
            Err(e) => problems.push(e),
        }
    }
    let want_det: BTreeSet<String> = key.vendor.iter().map(|v| v.id.clone()).collect();
    let mut mismatches = BTreeSet::new();
    let detection = compare("detection", &want_det, &detected, &mut mismatches);

    // The policy reader.
    let report: Option<PolicyReport> = match policy::read_file(&policy_path, &ReadOptions::default()) {
        Ok(t) => Some(policy::analyze(&t, engine)),
        Err(e) => {
            problems.push(format!("policy {}: {e}", key.policy));
            None
        }
    };
    let (named, claimed): (BTreeSet<String>, BTreeSet<String>) = match &report {
        Some(r) => (
            r.vendors.iter().map(|m| m.id.clone()).chain(r.companies.iter().map(|m| m.id.clone())).collect(),
            r.claims.iter().map(|c| c.kind.as_str().to_string()).collect(),
        ),
        None => Default::default(),
    };
    let want_names: BTreeSet<String> = key.policy_names.iter().map(|n| n.id.clone()).collect();
    let policy_counts = compare("policy", &want_names, &named, &mut mismatches);
    let claims = key.claims.as_ref().map(|c| {
        let want: BTreeSet<String> = c.iter().cloned().collect();
        compare("claim", &want, &claimed, &mut mismatches)
    });

    // Keys are consistent: known = false entries are expected misses, and every known entry has a reason.
    for (what, unknown) in key
        .vendor
        .iter()
        .filter(|v| !v.known)
        .map(|v| ("detection", &v.id))
        .chain(key.policy_names.iter().filter(|n| !n.known).map(|n| ("policy", &n.id)))
    {
        if !key.known_miss.iter().any(|k| k.kind == what && &k.id == unknown) {
            problems.push(format!("{what} {unknown} is `known = false` but has no known_miss entry"));
        }
    }
    for k in key.known_miss.iter().chain(&key.known_extra) {
        if k.reason.trim().is_empty() {
            problems.push(format!("known {} {} has no reason", k.kind, k.id));
        }
        if !["detection", "policy", "claim"].contains(&k.kind.as_str()) {
            problems.push(format!("known entry kind {:?} (detection, policy or claim)", k.kind));
        }
    }
    for v in &key.vendor {
        if v.evidence.trim().is_empty() || v.name.trim().is_empty() {
            problems.push(format!("vendor {} needs a name and evidence", v.id));
        }
    }
    for n in &key.policy_names {
        if n.name.trim().is_empty() {
            problems.push(format!("policy name {} needs the name as the policy writes it", n.id));
        }
    }
    let listed: BTreeSet<(String, String)> = key
        .known_miss
        .iter()
        .map(|k| (format!("miss:{}", k.kind), k.id.clone()))
        .chain(key.known_extra.iter().map(|k| (format!("extra:{}", k.kind), k.id.clone())))
        .collect();
    for (kind, id) in mismatches.difference(&listed) {
        problems.push(format!("new mismatch {kind} {id} (not listed in the key)"));
    }
    for (kind, id) in listed.difference(&mismatches) {
        problems.push(format!("listed {kind} {id} no longer happens: update the key"));
    }
    CaseResult {
        name,
        site: key.site,
        language: key.language.unwrap_or_else(|| "?".into()),
        detection,
        policy: policy_counts,
        claims,
        mismatches,
        problems,
    }
}

fn report(results: &[CaseResult]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# trackaudit real-world corpus\n");
    let _ = writeln!(out, "{} cases (static engine). P = precision, R = recall, (hits/total).\n", results.len());
    let _ =
        writeln!(out, "| case | site | lang | detection P | detection R | policy P | policy R | claims P | claims R |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let (mut det, mut pol, mut cla) = (Counts::default(), Counts::default(), Counts::default());
    for r in results {
        det.add(r.detection);
        pol.add(r.policy);
        if let Some(c) = r.claims {
            cla.add(c);
        }
        let (cp, cr) = r.claims.map_or_else(|| ("—".into(), "—".into()), |c| (c.precision(), c.recall()));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            r.site,
            r.language,
            r.detection.precision(),
            r.detection.recall(),
            r.policy.precision(),
            r.policy.recall(),
            cp,
            cr
        );
    }
    let _ = writeln!(
        out,
        "| **total** | | | **{}** | **{}** | **{}** | **{}** | **{}** | **{}** |\n",
        det.precision(),
        det.recall(),
        pol.precision(),
        pol.recall(),
        cla.precision(),
        cla.recall()
    );
    let _ = writeln!(out, "## Mismatches\n");
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in results {
        for (kind, id) in &r.mismatches {
            by_kind.entry(kind.as_str()).or_default().push(format!("{} ({})", id, r.name));
        }
    }
    for (kind, items) in by_kind {
        let _ = writeln!(out, "- **{kind}** ({}): {}", items.len(), items.join(", "));
    }
    out
}

#[test]
fn realworld_corpus_matches_its_keys() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("crates/trackaudit-cli/tests/realworld exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.toml").is_file())
        .collect();
    dirs.sort();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let engine = Engine::builtin();
    let auditor = Auditor::builder().vendors(Arc::clone(&engine)).build().expect("the default auditor builds");
    let results: Vec<CaseResult> = dirs.iter().map(|d| run_case(&rt, &auditor, &engine, d)).collect();
    assert_eq!(results.len(), dirs.len(), "the harness ran every case");

    let text = report(&results);
    println!("{text}");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| common::repo_path("target"), PathBuf::from);
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("realworld-report.md"), &text).unwrap();

    assert!(dirs.len() >= MIN_CASES, "at least {MIN_CASES} cases, found {}", dirs.len());
    let failures: Vec<String> = results
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| format!("{}:\n    {}", r.name, r.problems.join("\n    ")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from their keys:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}
