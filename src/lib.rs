//! trackaudit audits websites for third-party trackers and checks them against what the site's privacy
//! policy discloses.
//!
//! The library follows the audit pipeline, one module per stage, sharing the data model in [`model`]:
//!
//! - [`vendors`]: the vendor database (`vendors.toml`) compiled into a matching [`vendors::Engine`];
//! - [`policy`]: the policy reader (vendors, companies, vague categories and claims, each quoted);
//! - [`fetch`] and [`decode`]: HTTP with recorded redirects and capped bodies, and charset decoding;
//! - [`report`]: tables, JSON and CSV;
//! - [`app`]: the commands the `trackaudit` binary runs.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::all, rust_2018_idioms, unreachable_pub)]

pub mod app;
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
