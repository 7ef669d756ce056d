//! What the browser engine captured on one page: every request (with type, initiator and outcome), the
//! cookies the browser held, the cookies it refused, storage keys, and the consent click. Engine-neutral
//! data, so detection can use it in builds without the `browser` feature.

use url::Url;

/// One network request the page (or a frame in it) made.
#[derive(Debug, Clone, PartialEq)]
pub struct NetRequest {
    /// The URL requested.
    pub url: Url,
    /// HTTP method.
    pub method: String,
    /// Chromium's resource type: `Document`, `Script`, `Image`, `Stylesheet`, `Font`, `XHR`, `Fetch`, `Ping`,
    /// `Media`, `Other`…
    pub resource_type: String,
    /// Who started it: `parser`, `script https://…/gtm.js`, `other`…
    pub initiator: String,
    /// The document that made it, when it is not the page itself (a frame).
    pub frame_url: Option<String>,
    /// Whether it is the page's own navigation.
    pub main_document: bool,
    /// The response status, when a response came.
    pub status: Option<u16>,
    /// The response's MIME type.
    pub mime: Option<String>,
    /// Why it failed (`net::ERR_BLOCKED_BY_CLIENT`, `net::ERR_NAME_NOT_RESOLVED`), when it did.
    pub failed: Option<String>,
    /// Whether it was sent after the consent click.
    pub after_click: bool,
    /// Wall time it was sent, seconds since the epoch.
    pub started: f64,
    /// Milliseconds until it finished or failed, when it did.
    pub duration_ms: Option<f64>,
    /// Request headers.
    pub request_headers: Vec<(String, String)>,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Bytes received.
    pub size: Option<f64>,
}

impl NetRequest {
    /// Whether a response came and the request did not fail.
    pub fn loaded(&self) -> bool {
        self.failed.is_none() && self.status.is_some()
    }

    /// The outcome in words, for evidence.
    pub fn outcome(&self) -> String {
        match (&self.failed, self.status) {
            (Some(why), _) => format!("failed: {why}"),
            (None, Some(s)) => format!("loaded, HTTP {s}"),
            (None, None) => "no response before the page was left".into(),
        }
    }
}

/// A cookie the browser held, from the DevTools `Storage` domain.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenCookie {
    /// Name.
    pub name: String,
    /// Domain (a leading dot for domain cookies).
    pub domain: String,
    /// Path.
    pub path: String,
    /// HttpOnly.
    pub http_only: bool,
    /// Secure.
    pub secure: bool,
    /// SameSite, if given.
    pub same_site: Option<String>,
    /// Expiry, seconds since the epoch; none for a session cookie.
    pub expires: Option<f64>,
    /// The response whose `Set-Cookie` set it, if one did (else JavaScript did).
    pub set_by_response: Option<String>,
    /// Whether it was first present after the consent click.
    pub after_click: bool,
}

/// A cookie Chromium refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedCookie {
    /// Name.
    pub name: String,
    /// The response that tried to set it.
    pub url: String,
    /// Chromium's reasons.
    pub reasons: Vec<String>,
}

/// A localStorage or sessionStorage key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageKey {
    /// The origin.
    pub origin: String,
    /// `local` or `session`.
    pub kind: String,
    /// The key.
    pub key: String,
    /// Whether it was first present after the consent click.
    pub after_click: bool,
}

/// Everything the browser captured on one page visit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrowserPage {
    /// Every request, in the order sent.
    pub requests: Vec<NetRequest>,
    /// Cookies the browser held after the page (all of them; detection keeps the new ones).
    pub cookies: Vec<SeenCookie>,
    /// Cookies refused while the page loaded.
    pub refused: Vec<RefusedCookie>,
    /// Storage keys of the page and its frames.
    pub storage: Vec<StorageKey>,
    /// CMP globals defined on the page (`OneTrust`, `__tcfapi`).
    pub cmp_globals: Vec<String>,
    /// Milliseconds from navigation to the end of the quiet period.
    pub load_ms: u64,
    /// Screenshot written, if any.
    pub screenshot: Option<String>,
}
