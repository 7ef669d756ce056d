//! `trackaudit audit <URL|FOLDER>`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use std::process::ExitCode;
use std::str::FromStr;

use super::{runtime, write_report};
use trackaudit::audit::{AuditConfig, Auditor};
use trackaudit::baseline::Baseline;
use trackaudit::evidence;
use trackaudit::fetch::FetchConfig;
use trackaudit::model::{AuditReport, EngineKind, Verdict};
use trackaudit::report::{self, Format, Style};

/// When `--fail-on` makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// A vendor the policy does not name, or one it contradicts.
    Undisclosed,
    /// As `Undisclosed`, or a vendor the policy names only by a vague category.
    Vague,
    /// Any vendor not named outright (`disclosed-parent` too), or any unknown third party.
    Any,
}

impl FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "undisclosed" => Ok(FailOn::Undisclosed),
            "vague" => Ok(FailOn::Vague),
            "any" => Ok(FailOn::Any),
            other => Err(format!("unknown --fail-on {other:?}: expected undisclosed, vague or any")),
        }
    }
}

impl FailOn {
    /// Whether the report has a finding this condition fails on.
    pub fn fails(self, report: &AuditReport) -> bool {
        report.findings.iter().filter(|f| f.accepted.is_none()).any(|f| match self {
            FailOn::Undisclosed => f.verdict.is_undisclosed(),
            FailOn::Vague => f.verdict >= Verdict::Vague,
            FailOn::Any => f.verdict != Verdict::Disclosed,
        }) || (self == FailOn::Any && !report.unknown_third_parties.is_empty())
    }
}

/// Options of `trackaudit audit`.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// A URL, a folder or an HTML file.
    pub target: String,
    /// Crawl, policy and first-party settings.
    pub config: AuditConfig,
    /// HTTP settings.
    pub fetch: FetchConfig,
    /// Extra vendors files merged over the built-in database.
    pub vendors: Vec<PathBuf>,
    /// Report format.
    pub format: Format,
    /// Where to write the findings as baseline entries to review.
    pub write_baseline: Option<PathBuf>,
    /// Where to write the evidence pack.
    pub evidence: Option<PathBuf>,
    /// Write the report here instead of standard output.
    pub output: Option<PathBuf>,
    /// Exit 1 when the report has such a finding.
    pub fail_on: Option<FailOn>,
    /// The engine and its settings.
    pub engine: super::EngineOptions,
}

/// The auditor for these settings (vendors files over the built-in database, the chosen engine).
pub(crate) fn auditor(
    config: &AuditConfig,
    fetch: &FetchConfig,
    vendors: &[PathBuf],
    engine: &super::EngineOptions,
) -> anyhow::Result<Auditor> {
    observed_auditor(config, fetch, vendors, engine, None)
}

/// As [`auditor`], telling `observer` of every page.
fn observed_auditor(
    config: &AuditConfig,
    fetch: &FetchConfig,
    vendors: &[PathBuf],
    engine: &super::EngineOptions,
    observer: Option<trackaudit::crawl::PageObserver>,
) -> anyhow::Result<Auditor> {
    let mut builder = Auditor::builder().config(config.clone()).fetch(fetch.clone()).vendor_overlays(vendors);
    if let Some(o) = observer {
        builder = builder.on_page(o);
    }
    super::engine::build(builder, engine)
}

/// Audits one site and prints the report. Exit code 2 when no page could be read, 1 when `--fail-on`
/// matches, 0 otherwise.
pub fn audit(opts: &AuditOptions) -> anyhow::Result<ExitCode> {
    let (mut config, mut engine) = (opts.config.clone(), opts.engine.clone());
    if let Some(dir) = &opts.evidence {
        // The pack holds the policies as fetched, and the browser's screenshots and HAR files.
        config.keep_sources = true;
        engine.browser.screenshots.get_or_insert_with(|| dir.join("screenshots"));
        engine.browser.har.get_or_insert_with(|| dir.join("har"));
    }
    let (spinner, observer) = crate::progress::AuditSpinner::on_terminal().unzip();
    let auditor = observed_auditor(&config, &opts.fetch, &opts.vendors, &engine, observer)?;
    let rt = runtime()?;
    let report = rt.block_on(async {
        let report = auditor.audit(&opts.target).await;
        auditor.shutdown().await;
        report
    });
    drop(spinner);
    let style = if opts.output.is_some() { Style::default() } else { Style::for_stdout() };
    write_report(opts.output.as_deref(), &report::audit::render(&report, opts.format, style), opts.format)?;
    if let Some(dir) = &opts.evidence {
        write_evidence(dir, &report, auditor.vendors().db().sha256())?;
    }
    if let Some(path) = &opts.write_baseline {
        std::fs::write(path, Baseline::draft(std::slice::from_ref(&report)))
            .with_context(|| format!("cannot write the baseline to {}", path.display()))?;
    }
    if !report.any_page_read() {
        eprintln!("trackaudit: error: nothing was audited: {}", report.site_status().error().unwrap_or_default());
        return Ok(ExitCode::from(2));
    }
    Ok(match opts.fail_on {
        Some(f) if f.fails(&report) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

/// Writes the evidence pack; with the browser engine, the PDF report goes in too.
fn write_evidence(dir: &Path, report: &AuditReport, vendor_db: &str) -> anyhow::Result<()> {
    let mut pack = evidence::PackOptions { vendor_database_sha256: vendor_db.to_string(), ..Default::default() };
    if report.engine == EngineKind::Chrome {
        let html = report::audit::render(report, Format::Html, Style::default());
        match super::print_pdf(&html) {
            Ok(pdf) => pack.extra.push(("report.pdf".into(), "report".into(), pdf)),
            Err(e) => eprintln!("trackaudit: warning: the evidence pack has no PDF: {e:#}"),
        }
    }
    let manifest = evidence::write(dir, report, &pack)
        .with_context(|| format!("cannot write the evidence pack to {}", dir.display()))?;
    eprintln!(
        "trackaudit: evidence pack in {} ({} files; check it with `sha256sum -c SHA256SUMS` there)",
        dir.display(),
        manifest.files.len() + 2
    );
    for m in &manifest.missing {
        eprintln!("trackaudit: warning: {m} is named in the report but was not found, so it is not in the pack");
    }
    Ok(())
}

/// A scan's evidence packs: one folder per site under the pack folder, named by the site (`-2`, `-3` for a
/// site listed twice); a pack that cannot be written is reported at the end, and the scan goes on.
pub(crate) struct Packs {
    dir: Option<PathBuf>,
    vendor_db: String,
    names: std::collections::HashSet<String>,
    written: usize,
    failed: Vec<String>,
}

impl Packs {
    /// Packs into `dir` (none when `None`).
    pub(crate) fn new(dir: Option<PathBuf>, vendor_db: &str) -> Packs {
        let names = std::collections::HashSet::new();
        Packs { dir, vendor_db: vendor_db.to_string(), names, written: 0, failed: Vec::new() }
    }

    /// Writes the pack of one finished site.
    pub(crate) fn add(&mut self, report: &AuditReport) {
        let Some(dir) = &self.dir else { return };
        let shown = if report.site.is_empty() { report.target.as_str() } else { report.site.as_str() };
        let base: String = shown
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
            .take(100)
            .collect();
        let base = if base.trim_matches(['.', '_']).is_empty() { "site".to_string() } else { base };
        let mut name = base.clone();
        for n in 2.. {
            if self.names.insert(name.clone()) {
                break;
            }
            name = format!("{base}-{n}");
        }
        let pack = evidence::PackOptions {
            vendor_database_sha256: self.vendor_db.clone(),
            move_artifacts: true,
            extra: Vec::new(),
        };
        match evidence::write(&dir.join(&name), report, &pack) {
            Ok(_) => self.written += 1,
            Err(e) => self.failed.push(format!("{name}: {e}")),
        }
    }

    /// Says on standard error what was written, and removes the browser's staging folder.
    pub(crate) fn report(&self) {
        let Some(dir) = &self.dir else { return };
        let staging = dir.join(".browser");
        if staging.is_dir() {
            let _ = std::fs::remove_dir_all(staging);
        }
        eprintln!("trackaudit: {} evidence pack(s) in {}, one folder per site", self.written, dir.display());
        for f in &self.failed {
            eprintln!("trackaudit: warning: no evidence pack for {f}");
        }
    }
}
