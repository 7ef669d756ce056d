//! The data model every pipeline stage shares.
//!
//! Stages pass these types to each other and the reporters serialise them, so the JSON field names here are
//! a contract: tests and later commands (`scan`, `diff`) read them back.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// `as_str` and `Display` for a fieldless enum from one table of its names (the names serde writes too), so
/// that each enum's names are written once.
macro_rules! names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The name reports use.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use names;

/// What a vendor does. One fixed list, shared by `vendors.toml`, the policy reader's vague categories and the
/// audit's verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Audience measurement: Google Analytics, Matomo, Plausible.
    Analytics,
    /// Ad serving, retargeting and conversion pixels: Google Ads, Criteo, Meta Pixel.
    Advertising,
    /// Social networks' widgets and sign-in: Facebook SDK, share buttons.
    Social,
    /// Session recording and heatmaps: Hotjar, FullStory.
    SessionReplay,
    /// Tag managers that load other tags: Google Tag Manager, Tealium.
    TagManager,
    /// Consent-management platforms: OneTrust, Cookiebot.
    Consent,
    /// Chat and help desks: Intercom, Zendesk.
    CustomerSupport,
    /// Marketing automation and CRM: HubSpot, Marketo, Mailchimp.
    MarketingAutomation,
    /// Transactional e-mail delivery: SendGrid, Mailgun.
    Email,
    /// Payment processors: Stripe, PayPal.
    Payments,
    /// Content-delivery networks and public script CDNs: jsDelivr, cdnjs.
    Cdn,
    /// Web-font services: Google Fonts, Adobe Fonts.
    Fonts,
    /// Video players and embeds: YouTube, Vimeo.
    Video,
    /// Website hosting and site builders: Netlify, Wix.
    Hosting,
    /// Bot protection and CAPTCHAs: reCAPTCHA, hCaptcha.
    Security,
    /// Experimentation: Optimizely, VWO.
    #[serde(rename = "a-b-testing")]
    AbTesting,
    /// Affiliate networks: ShareASale, Awin.
    Affiliate,
    /// Data brokers and identity graphs: LiveRamp, Oracle BlueKai.
    DataBroker,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in the documented order.
    pub const ALL: [Category; 19] = [
        Category::Analytics,
        Category::Advertising,
        Category::Social,
        Category::SessionReplay,
        Category::TagManager,
        Category::Consent,
        Category::CustomerSupport,
        Category::MarketingAutomation,
        Category::Email,
        Category::Payments,
        Category::Cdn,
        Category::Fonts,
        Category::Video,
        Category::Hosting,
        Category::Security,
        Category::AbTesting,
        Category::Affiliate,
        Category::DataBroker,
        Category::Other,
    ];

    /// The kebab-case name used in files and reports (`session-replay`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Analytics => "analytics",
            Category::Advertising => "advertising",
            Category::Social => "social",
            Category::SessionReplay => "session-replay",
            Category::TagManager => "tag-manager",
            Category::Consent => "consent",
            Category::CustomerSupport => "customer-support",
            Category::MarketingAutomation => "marketing-automation",
            Category::Email => "email",
            Category::Payments => "payments",
            Category::Cdn => "cdn",
            Category::Fonts => "fonts",
            Category::Video => "video",
            Category::Hosting => "hosting",
            Category::Security => "security",
            Category::AbTesting => "a-b-testing",
            Category::Affiliate => "affiliate",
            Category::DataBroker => "data-broker",
            Category::Other => "other",
        }
    }
}

impl Category {
    /// Whether vendors of this category track, profile or advertise: analytics, advertising, social,
    /// session replay, marketing automation, A/B testing, affiliate networks and data brokers. These need
    /// consent, and reports list them first. CDNs, fonts, payments, hosting, security, video embeds, e-mail
    /// delivery, chat and help desks, consent managers and tag managers (which load what they are told to:
    /// the tags they load are findings of their own) are other third parties.
    pub fn is_tracking(self) -> bool {
        use Category as C;
        matches!(
            self,
            C::Analytics
                | C::Advertising
                | C::Social
                | C::SessionReplay
                | C::MarketingAutomation
                | C::AbTesting
                | C::Affiliate
                | C::DataBroker
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown category name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown category {0:?}; expected one of: {list}", list = Category::ALL.map(Category::as_str).join(", "))]
pub struct UnknownCategory(pub String);

impl FromStr for Category {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| UnknownCategory(s.to_string()))
    }
}

/// The language a policy is written in: ISO 639-1 codes in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Dutch.
    Nl,
    /// Portuguese.
    Pt,
    /// Polish.
    Pl,
    /// Swedish.
    Sv,
    /// Danish (detected; claims and categories are read in English only).
    Da,
    /// Norwegian (detected only).
    No,
    /// Catalan (detected only).
    Ca,
    /// Czech (detected only).
    Cs,
    /// Finnish (detected only).
    Fi,
}

impl Language {
    /// Every language, in the documented order.
    pub const ALL: [Language; 14] = [
        Language::En,
        Language::De,
        Language::Fr,
        Language::Es,
        Language::It,
        Language::Nl,
        Language::Pt,
        Language::Pl,
        Language::Sv,
        Language::Da,
        Language::No,
        Language::Ca,
        Language::Cs,
        Language::Fi,
    ];

    /// The ISO 639-1 code used in reports (`de`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
            Language::Es => "es",
            Language::It => "it",
            Language::Nl => "nl",
            Language::Pt => "pt",
            Language::Pl => "pl",
            Language::Sv => "sv",
            Language::Da => "da",
            Language::No => "no",
            Language::Ca => "ca",
            Language::Cs => "cs",
            Language::Fi => "fi",
        }
    }

    /// The language's English name (`German`).
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "German",
            Language::Fr => "French",
            Language::Es => "Spanish",
            Language::It => "Italian",
            Language::Nl => "Dutch",
            Language::Pt => "Portuguese",
            Language::Pl => "Polish",
            Language::Sv => "Swedish",
            Language::Da => "Danish",
            Language::No => "Norwegian",
            Language::Ca => "Catalan",
            Language::Cs => "Czech",
            Language::Fi => "Finnish",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The format a policy text was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum TextFormat {
    /// An HTML page: its readable main text is extracted.
    Html,
    /// Markdown (front matter, comments and link targets are ignored).
    Markdown,
    /// Plain text.
    Text,
}

names!(TextFormat {
    Html => "html",
    Markdown => "markdown",
    Text => "text",
});

/// A vendor named in a policy, with the sentence that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorMention {
    /// The vendor's id in `vendors.toml`.
    pub id: String,
    /// The vendor's product name.
    pub name: String,
    /// The legal name of the vendor's company.
    pub company: String,
    /// The vendor's category.
    pub category: Category,
    /// The text as the policy wrote it.
    pub matched: String,
    /// The sentence (or cookie-table row) that names the vendor.
    pub quote: String,
    /// Byte offset of `matched` in the policy text (see [`crate::policy::PolicyText`]).
    pub offset: usize,
}

/// A company named in a policy without one of its products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyMention {
    /// The company's id in `vendors.toml`.
    pub id: String,
    /// The company's legal name.
    pub name: String,
    /// The text as the policy wrote it.
    pub matched: String,
    /// The sentence that names the company.
    pub quote: String,
    /// Byte offset of `matched` in the policy text.
    pub offset: usize,
}

/// A vague category of recipients ("analytics providers", "advertising partners").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryMention {
    /// The vendor category the phrase stands for.
    pub category: Category,
    /// The phrase as the policy wrote it.
    pub matched: String,
    /// The sentence that contains it.
    pub quote: String,
    /// Byte offset of `matched` in the policy text.
    pub offset: usize,
}

/// The kinds of promises a policy can make that observed behaviour can contradict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimKind {
    /// "We do not use third-party cookies."
    NoThirdPartyCookies,
    /// "This website does not use cookies."
    NoCookies,
    /// "We do not share your personal data with third parties."
    NoSharing,
    /// "We do not sell your personal information."
    NoSelling,
    /// "We do not track you."
    NoTracking,
    /// "We do not use third-party analytics."
    NoThirdPartyAnalytics,
    /// "We honour Do Not Track signals."
    HonoursDnt,
    /// "We do not respond to Do Not Track signals."
    IgnoresDnt,
    /// "We honor Global Privacy Control signals as a request to opt out of the sale or sharing of your
    /// personal information."
    HonoursGpc,
    /// "We do not currently respond to Global Privacy Control signals."
    IgnoresGpc,
    /// "We do not record your sessions", "we do not use session replay or heatmaps."
    NoSessionRecording,
    /// "We do not use browser fingerprinting."
    NoFingerprinting,
}

names!(ClaimKind {
    NoThirdPartyCookies => "no-third-party-cookies",
    NoCookies => "no-cookies",
    NoSharing => "no-sharing",
    NoSelling => "no-selling",
    NoTracking => "no-tracking",
    NoThirdPartyAnalytics => "no-third-party-analytics",
    HonoursDnt => "honours-dnt",
    IgnoresDnt => "ignores-dnt",
    HonoursGpc => "honours-gpc",
    IgnoresGpc => "ignores-gpc",
    NoSessionRecording => "no-session-recording",
    NoFingerprinting => "no-fingerprinting",
});

/// A promise found in a policy, with its sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// What is promised.
    pub kind: ClaimKind,
    /// The sentence that makes the promise.
    pub quote: String,
    /// Byte offset of the sentence in the policy text.
    pub offset: usize,
}

/// What the policy reader found in one policy: the `trackaudit policy` JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyReport {
    /// The file path or URL the policy was read from.
    pub source: String,
    /// The format the policy was read as.
    pub format: TextFormat,
    /// Number of words in the policy's readable text.
    pub words: usize,
    /// The language the policy is written in (ISO 639-1), or `null` when it could not be told. Claims and
    /// categories are read in this language and in English.
    #[serde(default)]
    pub language: Option<Language>,
    /// Vendors named by name or alias, one entry per vendor and sentence, in text order.
    pub vendors: Vec<VendorMention>,
    /// Companies named without one of their products, one entry per company and sentence, in text order.
    pub companies: Vec<CompanyMention>,
    /// Vague categories of recipients, one entry per category and sentence, in text order.
    pub categories: Vec<CategoryMention>,
    /// Promises the policy makes, one entry per kind and sentence, in text order.
    pub claims: Vec<Claim>,
    /// Practices the policy speaks of without denying them (fingerprinting, session recording, keystrokes),
    /// one entry per practice and sentence, in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practices: Vec<PracticeMention>,
}

mod audit;
pub mod bounds;
mod cname;
mod consent;
mod cookie_issue;
mod declared;
mod engine;
mod fingerprint;
mod form_leak;
mod gpc;
mod practice;
mod remedy;
mod replay;
mod scan;
mod tcf;

pub use audit::{
    Accepted, AuditError, AuditPolicy, AuditReport, Disguise, DocumentKind, DomainEvidence, EngineKind, ErrorScope,
    Evidence, EvidenceKind, Finding, Interstitial, InterstitialKind, NotObserved, PageRecord, SiteStatus,
    SourceDocument, UnknownSiteStatus, VendorRef, Verdict, timestamp,
};
pub use cname::{CloakedHost, CnameFailure, CnameReport};
pub use consent::{
    BlockedCookie, ConsentAction, ConsentIssue, ConsentIssueKind, ConsentManager, ConsentState, CookieRecord,
    CookieSource, SetBy, StorageKind, StorageRecord,
};
pub use cookie_issue::{CookieIssue, CookieIssueKind, DEFAULT_MAX_COOKIE_DAYS};
pub(crate) use declared::clean_name;
pub use declared::{CookieCategory, DeclarationSource, DeclaredCookie, DeclaredLifetime};
pub use engine::{
    BrowserSettings, DEFAULT_MAX_WAIT, DEFAULT_PAGE_TIMEOUT, DEFAULT_QUIET, DEFAULT_TABS, MAX_TABS, Settle,
};
pub use fingerprint::{FingerprintFinding, FingerprintKind};
pub use form_leak::{CanaryKind, FormLeakFinding, LeakEncoding};
pub use gpc::{GpcIssue, GpcIssueKind, GpcReport, PrivacyString, PrivacyStringKind, WellKnownGpc};
pub use practice::{PolicyStance, Practice, PracticeMention};
pub use remedy::Remedy;
pub use replay::{RecordingHow, SessionRecordingFinding};
pub use scan::{ScanSummary, SiteEntry, StopSignal};
pub use tcf::{GvlInfo, TcfIssue, TcfIssueKind, TcfReport, TcfStringRead};
