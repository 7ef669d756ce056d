//! trackaudit audits websites for third-party trackers and checks them against what the site's privacy
//! policy discloses.
//!
//! The library follows the audit pipeline, one module per stage, sharing the data model in [`model`]:
//!
//! - [`vendors`]: the vendor database (`vendors.toml`) compiled into a matching [`vendors::Engine`];
//! - [`policy`]: the policy reader (vendors, companies, vague categories and claims, each quoted);
//! - [`fetch`] and [`decode`]: HTTP with recorded redirects and capped bodies, and charset decoding;
//! - [`report`]: tables, JSON and CSV.
//!
//! The `trackaudit` command line (argument parsing, progress bars, exit codes) is the `trackaudit-cli` crate
//! in `crates/trackaudit-cli`; this library does no printing of its own.
//!
//! A complete audit from Rust code, here of a built site on disk (a URL works the same way):
//!
//! ```
//! use trackaudit::audit::Auditor;
//!
//! let auditor = Auditor::builder().build()?;
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
#![warn(clippy::all, rust_2018_idioms, unreachable_pub)]

pub mod audit;
#[cfg(feature = "browser")]
pub mod browser;
pub mod browser_page;
pub mod capture;
pub mod consent;
pub mod crawl;
pub mod decode;
pub mod detect;
pub mod diff;
pub mod discover;
pub mod fetch;
pub mod history;
pub mod markup;
pub mod model;
pub mod policy;
pub mod report;
pub mod scan;
pub mod site;
pub mod vendors;
