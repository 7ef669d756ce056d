//! Global Privacy Control: what the site declares (`/.well-known/gpc.json`), the US privacy strings its pages
//! hold before and with GPC on, and the strings that do not record the opt-out GPC asks for.

use serde::{Deserialize, Serialize};

use super::ConsentState;

/// What an audit that includes the `gpc` state found about Global Privacy Control.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpcReport {
    /// The site's `/.well-known/gpc.json`.
    pub well_known: WellKnownGpc,
    /// The consent and privacy strings the pages held, once per state, source and value.
    pub strings: Vec<PrivacyString>,
    /// Strings that, with GPC on, do not record an opt-out of sale or sharing.
    pub issues: Vec<GpcIssue>,
}

/// The site's GPC support resource (<https://privacycg.github.io/gpc-spec/#gpc-support-resource>).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WellKnownGpc {
    /// The URL fetched.
    pub url: String,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// Its `gpc` member: `true` when the site says it honours the signal.
    pub gpc: Option<bool>,
    /// Its `lastUpdate` member, as written.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_update: Option<String>,
    /// Why it could not be read (no answer, not found, not JSON, no boolean `gpc`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
}

/// Which kind of string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrivacyStringKind {
    /// The IAB US Privacy string (CCPA), `1YNN`.
    Usp,
    /// The IAB Global Privacy Platform string.
    Gpp,
    /// The IAB TCF v2 TC string.
    Tcf,
}

super::names!(PrivacyStringKind {
    Usp => "usp",
    Gpp => "gpp",
    Tcf => "tcf",
});

/// A consent or privacy string a page held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyString {
    /// Which kind.
    pub kind: PrivacyStringKind,
    /// Where it was read: `__uspapi`, `usprivacy cookie`, `__gpp`, `__gpp cookie`, `__tcfapi`,
    /// `euconsent-v2 cookie`.
    pub source: String,
    /// The string as the page gave it.
    pub value: String,
    /// The consent state it was read in.
    pub state: ConsentState,
    /// The first page it was read on.
    pub page: String,
    /// Whether it records an opt-out of sale or sharing (`None`: it does not say, or does not apply).
    pub opted_out: Option<bool>,
    /// What it says, in words (or why it could not be decoded).
    pub meaning: String,
}

/// What is wrong with a string under GPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GpcIssueKind {
    /// With GPC on, the string records no opt-out of sale or sharing.
    StringNotOptedOut,
}

super::names!(GpcIssueKind {
    StringNotOptedOut => "string-not-opted-out",
});

/// A string that does not honour GPC, with the string as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpcIssue {
    /// Which problem.
    pub kind: GpcIssueKind,
    /// The string, as read with GPC on.
    pub string: PrivacyString,
    /// Why, in words.
    pub detail: String,
}
