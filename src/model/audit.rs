//! The site audit's data model: pages, evidence, findings and verdicts — the `trackaudit audit` JSON contract.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{
    BlockedCookie, Category, CnameReport, ConsentAction, ConsentIssue, ConsentManager, ConsentState, CookieIssue,
    CookieRecord, DeclaredCookie, FingerprintFinding, GpcReport, PolicyReport, SessionRecordingFinding, StorageRecord,
    TcfReport,
};

/// What kind of thing on a page a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// `<script src>`.
    Script,
    /// `<iframe src>`.
    Iframe,
    /// `<img src>` of ordinary size.
    Img,
    /// A tracking pixel: a 1×1 image, or an image inside `<noscript>`.
    Pixel,
    /// `<link rel=stylesheet>`.
    Stylesheet,
    /// A web font.
    Font,
    /// An inline `<script>` whose code matches a vendor's snippet, or builds a third-party URL.
    InlineScript,
    /// A cookie: a `Set-Cookie` header on one of the site's own responses, or (browser engine) a cookie the
    /// browser held.
    Cookie,
    /// (Browser engine) a `fetch`/XHR or other request made by a script.
    Request,
    /// (Browser engine) a beacon (`navigator.sendBeacon`, `<a ping>`).
    Beacon,
    /// (Browser engine) a localStorage or sessionStorage key a vendor uses.
    Storage,
    /// A resource hint (`dns-prefetch`, `preconnect`, `preload`, `prefetch`): not a loaded tracker.
    Hint,
    /// A plain link (`<a href>`): never a tracker.
    Link,
}

names!(EvidenceKind {
    Script => "script",
    Iframe => "iframe",
    Img => "img",
    Pixel => "pixel",
    Stylesheet => "stylesheet",
    Font => "font",
    InlineScript => "inline-script",
    Cookie => "cookie",
    Request => "request",
    Beacon => "beacon",
    Storage => "storage",
    Hint => "hint",
    Link => "link",
});

/// One observation a finding rests on, precise enough to check by hand.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// What was seen.
    pub kind: EvidenceKind,
    /// The page it was seen on.
    pub page: String,
    /// The resource URL (for a cookie, the response that set it; for an inline script, the URL it builds,
    /// if any).
    pub url: Option<String>,
    /// Details: the matched pattern or signature, the cookie, the element.
    pub detail: String,
    /// (Browser engine) the consent state it was seen in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub consent: Option<ConsentState>,
    /// (Browser engine) why the request failed (`net::ERR_CONNECTION_REFUSED`, `net::ERR_BLOCKED_BY_ORB`),
    /// when it did: the browser asked for it but nothing loaded. Absent for loaded requests and for static
    /// evidence, which is never failed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub failed: Option<String>,
    /// For cookie evidence, the cookie's name (absent for other evidence).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cookie: Option<String>,
    /// How the vendor hid behind the site's own name, when it did: a first-party URL serving its script or
    /// endpoint (`proxied`), or a first-party subdomain whose CNAME chain ends at it (`cloaked`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub disguise: Option<Disguise>,
}

/// How a tracker appears as the site itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "kebab-case")]
pub enum Disguise {
    /// A first-party URL that serves the vendor's script or endpoint (a server-side tag manager, a reverse
    /// proxy), found by the vendor's proxy pattern.
    Proxied {
        /// The pattern of the vendor database that matched the URL's path and query.
        pattern: String,
    },
    /// A first-party subdomain whose CNAME chain ends at the vendor's domain.
    Cloaked {
        /// The CNAME chain, from the subdomain to the tracker's name.
        chain: Vec<String>,
    },
}

impl Evidence {
    /// Whether this shows the vendor at work: something fetched (and not failed), a cookie or a storage key;
    /// not an inline snippet (which may be dormant, or wait for a condition), a resource hint or a link.
    pub fn loaded(&self) -> bool {
        self.failed.is_none()
            && !matches!(self.kind, EvidenceKind::InlineScript | EvidenceKind::Hint | EvidenceKind::Link)
    }
}

/// How well the policy discloses a vendor the site loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The policy names the vendor (by name or alias).
    Disclosed,
    /// The policy names only the vendor's company or a parent company.
    DisclosedParent,
    /// The policy names only a category the vendor belongs to ("analytics providers").
    Vague,
    /// The policy does not name the vendor at all (or there is no policy).
    Undisclosed,
    /// A claim in the policy denies what the vendor does ("we do not use third-party cookies").
    Contradicted,
}

names!(Verdict {
    Disclosed => "disclosed",
    DisclosedParent => "disclosed-parent",
    Vague => "vague",
    Undisclosed => "undisclosed",
    Contradicted => "contradicted",
});

impl Verdict {
    /// Whether the policy fails the vendor: `undisclosed` or `contradicted`. Verdicts are ordered from the
    /// best disclosure to the worst, so severity is `Ord`.
    pub fn is_undisclosed(self) -> bool {
        self >= Verdict::Undisclosed
    }
}

/// A vendor as findings name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VendorRef {
    /// Id in `vendors.toml`.
    pub id: String,
    /// Product name.
    pub name: String,
    /// Legal name of the company.
    pub company: String,
    /// Category.
    pub category: Category,
}

/// A vendor the site loads, with the verdict and the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Who.
    pub vendor: VendorRef,
    /// How well the policy discloses it.
    pub verdict: Verdict,
    /// The policy sentence the verdict rests on (none for `undisclosed`).
    pub quote: Option<String>,
    /// The URL of the policy document the quote is from (the privacy policy, or the cookie policy).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote_source: Option<String>,
    /// Why, in words: what the policy names or claims.
    pub reason: String,
    /// Tracker IDs seen (GA4 `G-…`, GTM `GTM-…`, Meta pixel id…).
    pub ids: Vec<String>,
    /// Every observation, in page order.
    pub evidence: Vec<Evidence>,
    /// (Browser engine) the consent states it loaded in.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub consent_states: Vec<ConsentState>,
    /// Accepted by a baseline entry: still reported, never failing a run.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub accepted: Option<Accepted>,
}

/// Why a finding is accepted (a baseline's `[[accept]]` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// The reviewer's reason.
    pub reason: String,
    /// The last day it holds (`YYYY-MM-DD`), when it expires.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub until: Option<String>,
}

impl Finding {
    /// Whether every request for the vendor failed: it was asked for but never loaded.
    pub fn never_loaded(&self) -> bool {
        !self.evidence.is_empty() && self.evidence.iter().all(|e| e.failed.is_some())
    }
}

/// A third party with no entry in the vendor database, grouped by registrable domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainEvidence {
    /// Registrable domain (eTLD+1).
    pub domain: String,
    /// What was seen.
    pub evidence: Vec<Evidence>,
}

/// A vendor the policy names that the crawl never saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotObserved {
    /// Vendor id.
    pub id: String,
    /// Vendor name.
    pub name: String,
    /// The sentence that names it.
    pub quote: String,
}

/// One page of the crawl.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRecord {
    /// The URL requested.
    pub url: String,
    /// The final HTTP status (none when the request failed).
    pub status: Option<u16>,
    /// Why the page could not be read, if it could not.
    pub error: Option<String>,
    /// The URL after redirects, when different.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub final_url: Option<String>,
    /// Links followed from the start page to reach it.
    pub depth: usize,
    /// Problems that did not stop the page being read (invalid UTF-8, a truncated body).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
    /// (Browser engine) the consent state the page was visited in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub consent: Option<ConsentState>,
    /// (Browser engine) milliseconds from navigation to the end of the quiet period.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub load_ms: Option<u64>,
    /// (Browser engine) requests the page made.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub requests: Option<usize>,
    /// (Browser engine, with screenshots on) the PNG file of the page as loaded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub screenshot: Option<String>,
    /// A bot challenge or login wall served instead of the page: the page was not audited as content.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interstitial: Option<Interstitial>,
    /// (Browser engine, `--probe-forms`) the form fields a canary value was typed into, as `kind: field`
    /// (`email: input[type=email]#nl-email[name=email]`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub forms_filled: Vec<String>,
}

/// What stood between the crawler and a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterstitialKind {
    /// A CDN's or bot-management service's check of the visitor (Cloudflare, DataDome, a CAPTCHA).
    BotChallenge,
    /// A sign-in page instead of the content (HTTP authentication, a redirect to a login URL, a page that
    /// is only a password form).
    LoginWall,
}

impl InterstitialKind {
    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            InterstitialKind::BotChallenge => "bot-challenge",
            InterstitialKind::LoginWall => "login-wall",
        }
    }
}

/// A bot challenge or login wall, with what gave it away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interstitial {
    /// Which kind.
    pub kind: InterstitialKind,
    /// Who or what served it: `Cloudflare`, `DataDome`, `HTTP authentication`, `sign-in redirect`,
    /// `password form`.
    pub by: String,
    /// The evidence: the status, a response header, a marker in the page, the URL redirected to.
    pub evidence: Vec<String>,
}

impl Interstitial {
    /// The error recorded for the page at `url`.
    pub fn message(&self, url: &str) -> String {
        match self.kind {
            InterstitialKind::BotChallenge => format!(
                "bot challenge ({}) on {url}: the site refused automated visits; results are incomplete",
                self.by
            ),
            InterstitialKind::LoginWall => {
                format!("login wall ({}) on {url}: the page asks visitors to sign in; results are incomplete", self.by)
            }
        }
    }
}

impl PageRecord {
    /// A page at `depth` not read yet.
    pub fn new(url: impl Into<String>, depth: usize) -> PageRecord {
        PageRecord {
            url: url.into(),
            status: None,
            error: None,
            final_url: None,
            depth,
            warnings: Vec::new(),
            consent: None,
            load_ms: None,
            requests: None,
            screenshot: None,
            interstitial: None,
            forms_filled: Vec::new(),
        }
    }
}

/// What kind of policy document the audit read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// The privacy policy (privacy notice, data-protection statement).
    #[default]
    PrivacyPolicy,
    /// A separate cookie policy.
    CookiePolicy,
    /// A cookie declaration: the page listing the site's cookies (often a table).
    CookieDeclaration,
}

impl DocumentKind {
    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::PrivacyPolicy => "privacy-policy",
            DocumentKind::CookiePolicy => "cookie-policy",
            DocumentKind::CookieDeclaration => "cookie-declaration",
        }
    }

    /// The name in words (`cookie policy`).
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::PrivacyPolicy => "privacy policy",
            DocumentKind::CookiePolicy => "cookie policy",
            DocumentKind::CookieDeclaration => "cookie declaration",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A policy document the audit read, with what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPolicy {
    /// What kind of document it is.
    #[serde(default)]
    pub kind: DocumentKind,
    /// Where the policy was read from.
    pub url: String,
    /// How it was found (`footer link "Privacy Policy"`, `--policy`), and the candidates tried before it that
    /// were not a policy.
    pub found_by: String,
    /// SHA-256 of the policy's readable text (whitespace collapsed), to notice when the policy changes.
    pub sha256: String,
    /// The policy reader's report.
    #[serde(flatten)]
    pub report: PolicyReport,
    /// The readable text the offsets of `report` refer to, for the HTML report's marked-up copy; not
    /// serialised (the SHA-256 above identifies it), so empty in reports read back from JSON.
    #[serde(skip)]
    pub text: String,
}

/// A policy document exactly as the audit fetched it (kept with [`AuditConfig::keep_sources`]), so that an
/// evidence pack can file the bytes the verdicts rest on. Not part of the serialised report.
///
/// [`AuditConfig::keep_sources`]: crate::audit::AuditConfig::keep_sources
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceDocument {
    /// What kind of document it is.
    pub kind: DocumentKind,
    /// Where it was read from (as [`AuditPolicy::url`]).
    pub url: String,
    /// The `Content-Type` it was served with (or a hint from a file's extension).
    pub content_type: Option<String>,
    /// The body, byte for byte.
    pub body: Vec<u8>,
    /// Whether the body is the browser engine's rendered DOM (what the policy reader read, after scripts
    /// ran) rather than the bytes the server sent.
    pub rendered: bool,
}

/// A problem during the audit that did not stop it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditError {
    /// What it concerns.
    pub scope: ErrorScope,
    /// The URL concerned.
    pub url: Option<String>,
    /// What went wrong.
    pub message: String,
}

/// What an audit error concerns (serialised in lowercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorScope {
    /// The whole site: a bad target, a timeout, the browser.
    Site,
    /// One page.
    Page,
    /// One page, refused by robots.txt.
    Robots,
    /// The policy documents.
    Policy,
}

names!(ErrorScope {
    Site => "site",
    Page => "page",
    Robots => "robots",
    Policy => "policy",
});

/// Which engine read the pages (serialised in lowercase: `static`, `chrome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// HTML only: what the markup loads.
    #[default]
    Static,
    /// Chromium over the DevTools protocol: what the page really loads, JavaScript included.
    Chrome,
}

names!(EngineKind {
    Static => "static",
    Chrome => "chrome",
});

/// Everything one audit found: the `trackaudit audit --format json` contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReport {
    /// What was audited, as given.
    pub target: String,
    /// The site's registrable domain (after redirects), or the folder.
    pub site: String,
    /// The engine that read the pages.
    pub engine: EngineKind,
    /// RFC 3339 start time.
    pub started_at: String,
    /// RFC 3339 end time.
    pub finished_at: String,
    /// Every page visited or attempted, in crawl order.
    pub pages: Vec<PageRecord>,
    /// The privacy policy read (or, when the site has none, the first other policy document found).
    pub policy: Option<AuditPolicy>,
    /// Further policy documents read: a separate cookie policy, a cookie declaration. Verdicts rest on every
    /// document.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub other_documents: Vec<AuditPolicy>,
    /// Why there is no policy, when there is none.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub policy_missing: Option<String>,
    /// Known vendors the site loads, with verdicts.
    pub findings: Vec<Finding>,
    /// Third parties not in the vendor database.
    pub unknown_third_parties: Vec<DomainEvidence>,
    /// CNAME cloaking: the site's own subdomains whose CNAME chain ends at a tracker (when lookups ran).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cname: Option<CnameReport>,
    /// Third-party resource hints (prefetch, preconnect): not trackers.
    pub hints: Vec<DomainEvidence>,
    /// Vendors the policy names that the crawl never saw.
    pub disclosed_not_observed: Vec<NotObserved>,
    /// Problems that did not stop the audit.
    pub errors: Vec<AuditError>,
    /// The consent manager found, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub consent_manager: Option<ConsentManager>,
    /// (Browser engine) the consent states audited, and what was clicked to reach them.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub consent_actions: Vec<ConsentAction>,
    /// (Browser engine) tracking vendors loaded before consent or after reject.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub consent_issues: Vec<ConsentIssue>,
    /// (Browser engine, with the `gpc` state) Global Privacy Control: the site's `/.well-known/gpc.json`, the
    /// privacy strings read, and those that ignore the signal.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gpc: Option<GpcReport>,
    /// (Browser engine) IAB TCF: the TC strings read in each state, decoded, and what is wrong with them.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tcf: Option<TcfReport>,
    /// The cookies the site declares: the cookie tables of its policy documents and, in the browser, its
    /// consent manager's cookie list.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub declared_cookies: Vec<DeclaredCookie>,
    /// (Browser engine) cookie findings: tracking cookies over the lifetime limit, cookies set before
    /// consent, and differences between the cookies declared and those set.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cookie_issues: Vec<CookieIssue>,
    /// (Browser engine) scripts that fingerprint the browser (canvas, WebGL, audio, fonts, WebRTC), with the
    /// calls that show it.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fingerprinting: Vec<FingerprintFinding>,
    /// Scripts that record the session: known recorders (both engines) and recorder behaviour (browser
    /// engine), with what shows it.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub session_recording: Vec<SessionRecordingFinding>,
    /// (Browser engine) every cookie the browser held.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cookies: Vec<CookieRecord>,
    /// (Browser engine) cookies Chromium refused, with reasons.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub blocked_cookies: Vec<BlockedCookie>,
    /// (Browser engine) localStorage and sessionStorage keys.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub storage: Vec<StorageRecord>,
    /// (Browser engine, `--probe-forms`) canary values typed into forms and sent before any submit
    /// (`form-data-sent-before-submit`), with the request, the field and the encoding.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub form_leaks: Vec<super::FormLeakFinding>,
    /// (Browser engine) screenshots and HAR files written.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub artifacts: Vec<String>,
    /// The policy documents as fetched, in the order of [`documents`](AuditReport::documents), when
    /// [`keep_sources`](crate::audit::AuditConfig::keep_sources) asked for them; never serialised.
    #[serde(skip)]
    pub sources: Vec<SourceDocument>,
}

/// The current time as reports write it (RFC 3339, UTC, whole seconds).
pub fn timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl AuditReport {
    /// Whether the site asks for consent: a consent manager was found, or the audit clicked a banner.
    pub fn asks_consent(&self) -> bool {
        self.consent_manager.is_some() || self.consent_actions.iter().any(|a| a.clicked.is_some())
    }

    /// A report of `target` with nothing in it yet, started now.
    pub fn started(target: &str) -> AuditReport {
        AuditReport {
            target: target.to_string(),
            site: String::new(),
            engine: EngineKind::Static,
            started_at: timestamp(),
            finished_at: String::new(),
            pages: Vec::new(),
            policy: None,
            other_documents: Vec::new(),
            policy_missing: None,
            findings: Vec::new(),
            unknown_third_parties: Vec::new(),
            cname: None,
            hints: Vec::new(),
            disclosed_not_observed: Vec::new(),
            errors: Vec::new(),
            consent_manager: None,
            consent_actions: Vec::new(),
            consent_issues: Vec::new(),
            gpc: None,
            tcf: None,
            declared_cookies: Vec::new(),
            cookie_issues: Vec::new(),
            fingerprinting: Vec::new(),
            session_recording: Vec::new(),
            cookies: Vec::new(),
            blocked_cookies: Vec::new(),
            storage: Vec::new(),
            form_leaks: Vec::new(),
            artifacts: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Every policy document read: the privacy policy first.
    pub fn documents(&self) -> impl Iterator<Item = &AuditPolicy> {
        self.policy.iter().chain(&self.other_documents)
    }

    /// Whether at least one page was read: an audit with none saw nothing.
    pub fn any_page_read(&self) -> bool {
        self.pages.iter().any(|p| p.error.is_none() && p.status.is_some_and(|s| (200..300).contains(&s)))
    }

    /// The site-level status: ok, or an error and why nothing could be audited.
    pub fn site_status(&self) -> SiteStatus {
        if self.any_page_read() {
            return SiteStatus::Ok;
        }
        let why = self
            .pages
            .first()
            .and_then(|p| p.error.clone())
            .or_else(|| self.errors.first().map(|e| e.message.clone()))
            .unwrap_or_else(|| "no page could be read".into());
        SiteStatus::Error(why)
    }
}

/// Whether a site could be audited: written `ok` or `error: ` and why (in CSV, the history database, scan
/// progress and diffs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum SiteStatus {
    /// At least one page was read.
    Ok,
    /// No page could be read, and why.
    Error(String),
}

impl SiteStatus {
    /// Why nothing could be audited, for an error.
    pub fn error(&self) -> Option<&str> {
        match self {
            SiteStatus::Ok => None,
            SiteStatus::Error(why) => Some(why),
        }
    }
}

impl fmt::Display for SiteStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteStatus::Ok => f.write_str("ok"),
            SiteStatus::Error(why) => write!(f, "error: {why}"),
        }
    }
}

/// A site status that is neither `ok` nor `error: …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown site status {0:?}; expected \"ok\" or \"error: …\"")]
pub struct UnknownSiteStatus(pub String);

impl std::str::FromStr for SiteStatus {
    type Err = UnknownSiteStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ok" => Ok(SiteStatus::Ok),
            _ => s
                .strip_prefix("error: ")
                .map(|why| SiteStatus::Error(why.to_string()))
                .ok_or_else(|| UnknownSiteStatus(s.to_string())),
        }
    }
}

impl TryFrom<String> for SiteStatus {
    type Error = UnknownSiteStatus;

    fn try_from(s: String) -> Result<Self, UnknownSiteStatus> {
        s.parse()
    }
}

impl From<SiteStatus> for String {
    fn from(s: SiteStatus) -> String {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_ordered_by_severity_and_the_last_two_are_undisclosed() {
        let all =
            [Verdict::Disclosed, Verdict::DisclosedParent, Verdict::Vague, Verdict::Undisclosed, Verdict::Contradicted];
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        let bad: Vec<_> = all.into_iter().filter(|v| v.is_undisclosed()).collect();
        assert_eq!(bad, [Verdict::Undisclosed, Verdict::Contradicted]);
    }

    #[test]
    fn engine_and_error_scope_serialise_as_the_strings_reports_have_always_written() {
        for (engine, name) in [(EngineKind::Static, "static"), (EngineKind::Chrome, "chrome")] {
            assert_eq!(serde_json::to_string(&engine).unwrap(), format!("\"{name}\""));
            assert_eq!(engine.to_string(), name);
            assert_eq!(serde_json::from_str::<EngineKind>(&format!("\"{name}\"")).unwrap(), engine);
        }
        for (scope, name) in [
            (ErrorScope::Site, "site"),
            (ErrorScope::Page, "page"),
            (ErrorScope::Robots, "robots"),
            (ErrorScope::Policy, "policy"),
        ] {
            assert_eq!(serde_json::to_string(&scope).unwrap(), format!("\"{name}\""));
            assert_eq!(scope.to_string(), name);
        }
        // A report stored by an earlier version reads back with its engine and error scopes typed.
        let mut r = AuditReport::started("https://a.test/");
        r.errors.push(AuditError { scope: ErrorScope::Robots, url: None, message: "disallowed".into() });
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""engine":"static""#) && json.contains(r#""scope":"robots""#), "{json}");
        assert_eq!(serde_json::from_str::<AuditReport>(&json).unwrap(), r);
    }

    #[test]
    fn site_status_is_written_ok_or_error_and_why_and_reads_back() {
        let down = SiteStatus::Error("connection refused".into());
        for (status, text) in [(SiteStatus::Ok, "ok"), (down.clone(), "error: connection refused")] {
            assert_eq!(status.to_string(), text);
            assert_eq!(serde_json::to_string(&status).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<SiteStatus>(&format!("\"{text}\"")).unwrap(), status);
            assert_eq!(text.parse::<SiteStatus>().unwrap(), status);
        }
        assert_eq!(down.error(), Some("connection refused"));
        assert_eq!(SiteStatus::Ok.error(), None);
        assert!("partial".parse::<SiteStatus>().is_err());
        assert!(serde_json::from_str::<SiteStatus>("\"fine\"").is_err());
        // An audit that read nothing says why: the first page's error, else the first audit error.
        let mut r = AuditReport::started("https://a.test/");
        assert_eq!(r.site_status(), SiteStatus::Error("no page could be read".into()));
        r.errors.push(AuditError { scope: ErrorScope::Site, url: None, message: "bad target".into() });
        assert_eq!(r.site_status().to_string(), "error: bad target");
        let mut page = PageRecord::new("https://a.test/", 0);
        page.error = Some("timed out".into());
        r.pages.push(page.clone());
        assert_eq!(r.site_status().error(), Some("timed out"));
        page.error = None;
        page.status = Some(200);
        r.pages.push(page);
        assert_eq!(r.site_status(), SiteStatus::Ok);
    }
}
