//! IAB Europe TCF v2: the TC strings a site's pages held in each consent state, decoded, and what is wrong
//! with them: consent recorded before any choice or after a reject, purposes consented that the banner
//! never named, and vendors of the Global Vendor List that loaded without the consent the string records.

use serde::{Deserialize, Serialize};

use super::{ConsentState, Evidence, VendorRef};

/// What an audit found about the site's TCF consent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TcfReport {
    /// The Global Vendor List the vendors were matched against, when one was given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gvl: Option<GvlInfo>,
    /// The TC strings read, once per state, page, source and value, decoded.
    pub strings: Vec<TcfStringRead>,
    /// What is wrong with them, or with the vendors that loaded under them.
    pub issues: Vec<TcfIssue>,
}

/// The Global Vendor List used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GvlInfo {
    /// The file it was read from (`None` when it was given as text).
    pub path: Option<String>,
    /// Its `vendorListVersion`.
    pub vendor_list_version: u32,
    /// How many vendors it lists, deleted ones included.
    pub vendors: usize,
    /// How many vendors of the vendor database were matched to one of its vendors.
    pub matched: usize,
}

/// A TC string a page held, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TcfStringRead {
    /// The consent state it was read in.
    pub state: ConsentState,
    /// The page it was read on.
    pub page: String,
    /// Where: `euconsent-v2 cookie` or `__tcfapi`.
    pub source: String,
    /// The string as the page gave it (cut to 2,048 characters).
    pub value: String,
    /// The id of the CMP that wrote it.
    pub cmp_id: Option<u16>,
    /// That CMP's version.
    pub cmp_version: Option<u16>,
    /// The purposes consented to.
    pub purposes_consent: Vec<u8>,
    /// The purposes whose legitimate interest stands (established and not objected to).
    pub purposes_legitimate_interest: Vec<u8>,
    /// Whether purpose 1 is left out of the TCF (the publisher's country treats it).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub purpose_one_treatment: bool,
    /// The GVL ids of the vendors consented to.
    pub vendor_consents: Vec<u16>,
    /// The GVL ids of the vendors whose legitimate interest stands.
    pub vendor_legitimate_interests: Vec<u16>,
    /// When it was created (RFC 3339).
    pub created: Option<String>,
    /// Why it could not be decoded, when it could not (the other fields are then empty).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
}

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TcfIssueKind {
    /// A vendor of the Global Vendor List loaded, or stored cookies, in a state whose TC string gives it
    /// neither consent nor legitimate interest; or it stored cookies (purpose 1, which needs consent)
    /// while the string gives it only legitimate interest, or does not consent to purpose 1.
    LoadedWithoutTcfConsent,
    /// A TC string read before any choice on the banner already records consent.
    ConsentBeforeChoice,
    /// After the visitor rejected, the TC string still records consent.
    ConsentAfterReject,
    /// The TC string records consent to a purpose whose standard name the banner never showed.
    PurposeNotOffered,
}

super::names!(TcfIssueKind {
    LoadedWithoutTcfConsent => "loaded-without-tcf-consent",
    ConsentBeforeChoice => "consent-before-choice",
    ConsentAfterReject => "consent-after-reject",
    PurposeNotOffered => "purpose-not-offered",
});

/// One TCF problem, with the string (and, for a vendor, its evidence) it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TcfIssue {
    /// Which problem.
    pub kind: TcfIssueKind,
    /// The consent state it was seen in.
    pub state: ConsentState,
    /// The vendor concerned (for `loaded-without-tcf-consent`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vendor: Option<VendorRef>,
    /// The vendor's GVL id (for `loaded-without-tcf-consent`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gvl_id: Option<u16>,
    /// The purposes concerned: those consented (before a choice, after a reject), those never named, or
    /// purpose 1 when storage lacked its consent.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub purposes: Vec<u8>,
    /// The GVL ids of the vendors consented to (before a choice, after a reject).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub vendors: Vec<u16>,
    /// The TC string concerned.
    pub string: TcfStringRead,
    /// Why, in words, naming purposes by number and name.
    pub detail: String,
    /// The vendor's evidence in that state (for `loaded-without-tcf-consent`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<Evidence>,
}
