//! Baselines: vendors a team has reviewed and accepts, from the `[[accept]]` entries of `trackaudit.toml`. An
//! accepted finding stays in every report, marked with the reason, but does not fail a run; an entry whose
//! `until` date has passed accepts nothing.
//!
//! ```toml
//! [[accept]]
//! vendor = "hotjar"                 # a vendor id (`trackaudit vendors show hotjar`)
//! site = "shop.example.com"         # optional: only on this site
//! reason = "DPA signed 2026-03; policy update in review"
//! until = 2027-01-31                # optional: the acceptance expires after this day
//! ```

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::{Accepted, AuditReport};

/// One accepted vendor.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    /// The vendor id.
    pub vendor: String,
    /// Only on this site (as reports name it, e.g. `shop.example.com`); every site when absent.
    #[serde(default)]
    pub site: Option<String>,
    /// Why it is accepted; required.
    pub reason: String,
    /// The last day the acceptance holds.
    #[serde(default, deserialize_with = "date")]
    pub until: Option<NaiveDate>,
}

/// The accepted vendors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The entries, in file order.
    #[serde(default)]
    pub accept: Vec<Accept>,
}

/// Why a baseline cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file is not valid TOML, or holds keys a configuration does not have.
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// An entry has an empty reason.
    #[error("accept entry {index} (vendor {vendor:?}) has no reason: say why the vendor is accepted")]
    NoReason {
        /// The entry's position, from 1.
        index: usize,
        /// Its vendor.
        vendor: String,
    },
}

fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    // A TOML date (`until = 2027-01-31`) or a string holding one.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Date(toml::value::Datetime),
        Text(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Date(dt) => dt.to_string(),
        Raw::Text(s) => s,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("until = {text:?} is not a date such as 2027-01-31")))
}

impl Baseline {
    /// Reads and checks the `[[accept]]` entries of a configuration file's text.
    pub fn from_toml(text: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline = toml::from_str(text)?;
        baseline.validate()?;
        Ok(baseline)
    }

    /// Checks the entries: each needs a reason.
    pub fn validate(&self) -> Result<(), BaselineError> {
        match self.accept.iter().enumerate().find(|(_, a)| a.reason.trim().is_empty()) {
            Some((i, a)) => Err(BaselineError::NoReason { index: i + 1, vendor: a.vendor.clone() }),
            None => Ok(()),
        }
    }

    /// Marks the findings of `report` that an entry accepts on `today`.
    pub fn apply(&self, report: &mut AuditReport, today: NaiveDate) {
        for f in &mut report.findings {
            let entry = self.accept.iter().find(|a| {
                a.vendor == f.vendor.id
                    && a.site.as_deref().is_none_or(|s| s.eq_ignore_ascii_case(&report.site))
                    && a.until.is_none_or(|u| today <= u)
            });
            f.accepted = entry.map(|a| Accepted { reason: a.reason.clone(), until: a.until.map(|u| u.to_string()) });
        }
    }

    /// `[[accept]]` entries for every finding of `reports` not yet accepted, with an empty reason for a
    /// reviewer to fill in (a baseline with an empty reason is refused, so nothing is accepted unread).
    pub fn draft(reports: &[AuditReport]) -> String {
        let mut out = String::from(
            "# Vendors found by trackaudit, to review. Fill in each reason (why the vendor is accepted) and\n\
             # optionally an `until` date; trackaudit refuses entries without a reason.\n",
        );
        for r in reports {
            for f in r.findings.iter().filter(|f| f.accepted.is_none()) {
                let _ = write!(
                    out,
                    "\n[[accept]]\nvendor = {}\nsite = {}\nreason = \"\"  # {} ({}): {}\n",
                    toml_string(&f.vendor.id),
                    toml_string(&r.site),
                    one_line(&f.vendor.name),
                    f.verdict,
                    one_line(&f.reason)
                );
            }
        }
        out
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text safe in a TOML comment: one line.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
#[path = "baseline_tests.rs"]
mod tests;
