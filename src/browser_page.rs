//! What the browser engine captured on one page: every request (with type, initiator and outcome), the
//! cookies the browser held, the cookies it refused, storage keys, and the consent click. Engine-neutral
//! data, so detection can use it in builds without the `browser` feature.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::model::StorageKind;

mod calls;

pub(crate) use calls::ApiCall;

/// Chromium's resource type of a request (the DevTools `Network.ResourceType`), written as DevTools names it
/// (`Script`, `XHR`, `CSPViolationReport`). A name this list does not know (a newer protocol's) is kept as it
/// came, so it still reads back and is written unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum ResourceType {
    /// A document: the page or a frame.
    Document,
    /// A stylesheet.
    Stylesheet,
    /// An image.
    Image,
    /// Audio or video.
    Media,
    /// A web font.
    Font,
    /// A script.
    Script,
    /// A text track (subtitles).
    TextTrack,
    /// An `XMLHttpRequest`.
    Xhr,
    /// A `fetch()`.
    Fetch,
    /// A prefetch.
    Prefetch,
    /// An `EventSource` stream.
    EventSource,
    /// A WebSocket.
    WebSocket,
    /// A web app manifest.
    Manifest,
    /// A signed exchange.
    SignedExchange,
    /// A ping: `navigator.sendBeacon`, `<a ping>`.
    Ping,
    /// A Content-Security-Policy violation report.
    CspViolationReport,
    /// A CORS preflight.
    Preflight,
    /// A federated-credential (FedCM) request.
    FedCm,
    /// DevTools' `Other`, and requests that came without a type.
    Other,
    /// A type this list does not know, as DevTools named it.
    Unknown(String),
}

impl ResourceType {
    /// Every type DevTools names that this list knows, in protocol order.
    pub const LISTED: [ResourceType; 19] = [
        ResourceType::Document,
        ResourceType::Stylesheet,
        ResourceType::Image,
        ResourceType::Media,
        ResourceType::Font,
        ResourceType::Script,
        ResourceType::TextTrack,
        ResourceType::Xhr,
        ResourceType::Fetch,
        ResourceType::Prefetch,
        ResourceType::EventSource,
        ResourceType::WebSocket,
        ResourceType::Manifest,
        ResourceType::SignedExchange,
        ResourceType::Ping,
        ResourceType::CspViolationReport,
        ResourceType::Preflight,
        ResourceType::FedCm,
        ResourceType::Other,
    ];

    /// The DevTools name (`XHR`).
    pub fn as_str(&self) -> &str {
        match self {
            ResourceType::Document => "Document",
            ResourceType::Stylesheet => "Stylesheet",
            ResourceType::Image => "Image",
            ResourceType::Media => "Media",
            ResourceType::Font => "Font",
            ResourceType::Script => "Script",
            ResourceType::TextTrack => "TextTrack",
            ResourceType::Xhr => "XHR",
            ResourceType::Fetch => "Fetch",
            ResourceType::Prefetch => "Prefetch",
            ResourceType::EventSource => "EventSource",
            ResourceType::WebSocket => "WebSocket",
            ResourceType::Manifest => "Manifest",
            ResourceType::SignedExchange => "SignedExchange",
            ResourceType::Ping => "Ping",
            ResourceType::CspViolationReport => "CSPViolationReport",
            ResourceType::Preflight => "Preflight",
            ResourceType::FedCm => "FedCM",
            ResourceType::Other => "Other",
            ResourceType::Unknown(name) => name,
        }
    }

    /// The type DevTools names `name`: a listed one, else [`ResourceType::Unknown`].
    pub fn from_name(name: &str) -> ResourceType {
        ResourceType::LISTED
            .into_iter()
            .find(|t| t.as_str() == name)
            .unwrap_or_else(|| ResourceType::Unknown(name.to_string()))
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for ResourceType {
    fn from(name: String) -> ResourceType {
        ResourceType::from_name(&name)
    }
}

impl From<ResourceType> for String {
    fn from(t: ResourceType) -> String {
        t.to_string()
    }
}

/// One network request the page (or a frame in it) made.
#[derive(Debug, Clone, PartialEq)]
pub struct NetRequest {
    /// The URL requested.
    pub url: Url,
    /// HTTP method.
    pub method: String,
    /// Chromium's resource type: `Document`, `Script`, `Image`, `Stylesheet`, `Font`, `XHR`, `Fetch`, `Ping`,
    /// `Media`, `Other`…
    pub resource_type: ResourceType,
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
    /// The request body as text (invalid UTF-8 replaced), at most [`MAX_POST_DATA`] bytes; none without one.
    pub post_data: Option<String>,
}

/// Bytes of a request body kept ([`NetRequest::post_data`]).
#[cfg_attr(not(feature = "browser"), allow(dead_code))] // the browser engine's recorder keeps them
pub(crate) const MAX_POST_DATA: usize = 64 * 1024;

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
    /// The lifetime the site asked for, when the `Set-Cookie` line or `document.cookie` string was seen.
    pub asked: Option<AskedLifetime>,
}

/// The lifetime a site asked for when it set a cookie: from the `Max-Age` or `Expires` attribute of a
/// `Set-Cookie` header, or of the string a script gave `document.cookie` (or the Cookie Store API).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedLifetime {
    /// Seconds from when it was set; none for a session cookie.
    pub seconds: Option<i64>,
    /// The attribute as written (`Max-Age=63072000`, `expires=Thu, 01 Jan 2032 00:00:00 GMT`), or `session`.
    pub attribute: String,
}

impl AskedLifetime {
    /// The lifetime a `Set-Cookie` line or `document.cookie` string asks for, set at `now` (seconds since
    /// the epoch). `Max-Age` wins over `Expires`, as browsers do. None for a line that deletes the cookie (a
    /// zero or negative `Max-Age`, an `Expires` in the past) or that does not parse.
    pub fn of_line(line: &str, now: i64) -> Option<AskedLifetime> {
        let c = cookie::Cookie::parse(line).ok()?;
        if let Some(age) = c.max_age() {
            let s = age.whole_seconds();
            return (s > 0).then(|| AskedLifetime { seconds: Some(s), attribute: format!("Max-Age={s}") });
        }
        match c.expires() {
            Some(cookie::Expiration::DateTime(t)) => {
                let s = t.unix_timestamp() - now;
                let raw = attribute_of(line, "expires").unwrap_or_else(|| t.to_string());
                (s > 0).then(|| AskedLifetime { seconds: Some(s), attribute: format!("expires={raw}") })
            }
            _ => Some(AskedLifetime { seconds: None, attribute: "session".into() }),
        }
    }

    /// Whole days (rounded to the nearest), none for a session cookie.
    pub fn days(&self) -> Option<u32> {
        self.seconds.map(|s| u32::try_from((s + 43_200) / 86_400).unwrap_or(u32::MAX))
    }
}

/// The value of `name` among a cookie line's attributes, as written (capped).
fn attribute_of(line: &str, name: &str) -> Option<String> {
    line.split(';').skip(1).find_map(|a| {
        let (k, v) = a.split_once('=')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim().chars().take(64).collect())
    })
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
    pub kind: StorageKind,
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
    /// Consent and privacy strings the page held: (where it was read, the string), e.g.
    /// (`usprivacy cookie`, `1YNN`), (`__gpp`, `DBABLA~BVQqAAAAAgA.QA`).
    pub privacy_strings: Vec<(String, String)>,
    /// The consent manager's cookie declarations: (`cookiebot` or `onetrust`, the JSON read from the page).
    pub declarations: Vec<(String, serde_json::Value)>,
    /// Calls the page's scripts (and its frames') made to the APIs fingerprinting uses, in order.
    pub api_calls: Vec<ApiCall>,
    /// (`--probe-forms`) the canaries typed into the page's form fields, and where the search starts.
    pub form_fill: Option<crate::formprobe::FormFill>,
    /// Milliseconds from navigation to the end of the quiet period.
    pub load_ms: u64,
    /// Screenshot written, if any.
    pub screenshot: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_lifetimes_come_from_max_age_then_expires_and_deletions_ask_nothing() {
        let now = 1_800_000_000; // 2027-01-15T08:00:00Z
        let ga = AskedLifetime::of_line("_ga=GA1.1.1.2; Max-Age=63072000; Path=/", now).unwrap();
        assert_eq!((ga.seconds, ga.days(), ga.attribute.as_str()), (Some(63_072_000), Some(730), "Max-Age=63072000"));
        let both = AskedLifetime::of_line("a=1; Expires=Fri, 15 Jan 2027 09:00:00 GMT; Max-Age=60", now).unwrap();
        assert_eq!(both.seconds, Some(60), "Max-Age wins over Expires");
        let exp = AskedLifetime::of_line("b=1; expires=Sat, 15 Jan 2028 08:00:00 GMT; path=/", now).unwrap();
        assert_eq!(exp.days(), Some(365));
        assert_eq!(exp.attribute, "expires=Sat, 15 Jan 2028 08:00:00 GMT");
        let session = AskedLifetime::of_line("sid=x; HttpOnly", now).unwrap();
        assert_eq!((session.seconds, session.days(), session.attribute.as_str()), (None, None, "session"));
        assert_eq!(AskedLifetime::of_line("gone=; Max-Age=0", now), None);
        assert_eq!(AskedLifetime::of_line("gone=; expires=Thu, 01 Jan 1970 00:00:00 GMT", now), None);
        assert_eq!(AskedLifetime::of_line("no equals sign", now), None);
    }

    #[test]
    fn resource_types_keep_the_devtools_names_and_unknown_ones_round_trip() {
        let pinned = [
            (ResourceType::Document, "Document"),
            (ResourceType::Script, "Script"),
            (ResourceType::Image, "Image"),
            (ResourceType::Xhr, "XHR"),
            (ResourceType::CspViolationReport, "CSPViolationReport"),
            (ResourceType::FedCm, "FedCM"),
            (ResourceType::Ping, "Ping"),
            (ResourceType::Other, "Other"),
        ];
        for (t, name) in pinned {
            assert_eq!(t.to_string(), name);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<ResourceType>(&format!("\"{name}\"")).unwrap(), t);
        }
        for t in ResourceType::LISTED {
            assert_eq!(ResourceType::from_name(t.as_str()), t, "{t}");
        }
        let future = ResourceType::from_name("SpeculationRules");
        assert_eq!(future, ResourceType::Unknown("SpeculationRules".into()));
        assert_eq!(serde_json::to_string(&future).unwrap(), "\"SpeculationRules\"");
        assert_eq!(serde_json::from_str::<ResourceType>("\"SpeculationRules\"").unwrap(), future);
        assert_eq!(String::from(future), "SpeculationRules");
        assert_eq!(ResourceType::from("XHR".to_string()), ResourceType::Xhr, "a listed name is never unknown");
    }
}
