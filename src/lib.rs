//! trackaudit audits websites for third-party trackers and checks them against what the site's privacy
//! policy discloses.
//!
//! The audit is a pipeline; each stage has its module, and all of them share the data model in [`model`]:
//!
//! 1. **crawl** ([`crawl`], over [`fetch`]): same-site pages of a URL or a built folder, breadth first,
//!    within limits, obeying robots.txt.
//! 2. **capture**: what each page loads (requests, scripts, iframes, pixels, inline snippets, cookies and
//!    storage), from its HTML or from Chromium in each [`consent`] state.
//! 3. **detect** ([`vendors`]): who is behind each third party, from the vendor database compiled into a
//!    matching [`vendors::Engine`]; [`cname`] finds trackers cloaked behind the site's own subdomains by
//!    their CNAME chains.
//! 4. **policy** ([`policy`]): the privacy and cookie policies found and read: vendors, companies, vague
//!    categories and claims, each with its sentence quoted.
//! 5. **audit** ([`audit`]): a verdict per vendor against the policy, with evidence, and the consent
//!    findings; [`Auditor`] runs the stages for one site, and a [`baseline`] marks reviewed vendors accepted.
//! 6. **report** ([`report`]): table, JSON, CSV, Markdown, HTML and SARIF; [`scan`] audits many sites, [`history`]
//!    keeps runs in a database and [`diff`] compares two runs.
//!
//! Start with [`Auditor::builder`]: it takes the vendor engine (or vendors files over the built-in one), the
//! consent database, the HTTP settings ([`FetchConfig`]), the audit settings ([`AuditConfig`]) and, for the
//! browser engine, [`BrowserSettings`]; it checks them once, and the auditor it builds runs
//! [`audit`](Auditor::audit) and [`scan`](Auditor::scan).
//!
//! The `trackaudit` command line (argument parsing, progress bars, exit codes) is the `trackaudit-cli` crate
//! in `crates/trackaudit-cli`; this library does no printing of its own.
//!
//! A complete audit from Rust code, here of a built site on disk (a URL works the same way):
//!
//! ```
//! use trackaudit::{AuditConfig, Auditor, CrawlConfig};
//!
//! let config = AuditConfig { crawl: CrawlConfig { max_pages: 10, ..CrawlConfig::default() }, ..AuditConfig::default() };
//! let auditor = Auditor::builder().config(config).build()?;
//! let runtime = tokio::runtime::Runtime::new()?;
//! let report = runtime.block_on(auditor.audit("fixtures/static-site/public"));
//! assert!(report.any_page_read(), "{:?}", report.errors);
//! for finding in &report.findings {
//!     // Each finding: the vendor, its verdict against the policy, and the evidence behind it.
//!     println!("{} ({}): {}", finding.vendor.name, finding.verdict, finding.reason);
//!     assert!(!finding.evidence.is_empty());
//! }
//! assert!(report.policy.is_some(), "the site's privacy policy was found and read");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![cfg_attr(test, allow(unused_crate_dependencies))] // unit tests are linked with every dev-dependency

pub mod audit;
pub mod baseline;
#[cfg(feature = "browser")]
mod browser;
mod browser_page;
mod capture;
pub mod cname;
pub mod consent;
pub mod consent_strings;
pub mod crawl;
pub mod declarations;
mod decode;
mod detect;
pub mod diff;
mod discover;
pub mod evidence;
pub mod fetch;
mod fingerprint;
mod formprobe;
pub mod history;
mod markup;
pub mod model;
pub mod policy;
pub mod queue;
mod replay;
pub mod report;
pub mod scan;
mod site;
pub mod vendors;

pub use audit::{AuditConfig, Auditor, AuditorBuilder, BuildError};
pub use consent::{ConsentDb, ConsentMode};
pub use crawl::CrawlConfig;
pub use fetch::{FetchConfig, FetchError, HostRule};
pub use model::{
    AuditError, AuditReport, BrowserSettings, ConsentState, EngineKind, Evidence, EvidenceKind, Finding, PolicyReport,
    ScanSummary, SiteEntry, Verdict,
};
pub use report::Format;
pub use scan::{ScanConfig, ScanProgress, Sinks};
pub use vendors::{Engine, VendorDb};
