//! HTTP fetching shared by the policy reader and the crawler.
//!
//! Redirects are followed by hand so that every hop is recorded (its status and `Set-Cookie` headers) and
//! loops are named as such. Bodies are capped while streaming, so a huge page costs no more than the cap.
//! A response whose headers are over reqwest's limits ([`MAX_HEADERS`], [`MAX_HEAD_KIB`]) is read again
//! through a fallback connection with larger bounds and kept with the headers that fit, with a warning.

mod fallback;
pub mod guard;
pub mod identity;
mod rules;

use std::collections::HashMap;
use std::error::Error as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{
    ACCEPT, ACCEPT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderMap, HeaderValue, LOCATION, SET_COOKIE,
    TRANSFER_ENCODING, UPGRADE_INSECURE_REQUESTS,
};
use url::Url;

pub use fallback::{FALLBACK_MAX_HEAD_KIB, FALLBACK_MAX_HEADERS};
use identity::ClientHints;
pub use identity::{DEFAULT_ACCEPT_LANGUAGE, DEFAULT_USER_AGENT};
use rules::RuleResolver;
pub use rules::{HostRule, RuleError, Target};

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// `User-Agent` header (a current desktop Chrome's unless `--user-agent` says otherwise; see
    /// [`identity`]).
    pub user_agent: String,
    /// `Accept-Language` header (none when empty).
    pub accept_language: String,
    /// Time allowed for one request, from connecting to the end of the body.
    pub timeout: Duration,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Largest body read; a larger one is an error.
    pub max_body_bytes: u64,
    /// Most redirects followed for one request.
    pub max_redirects: usize,
    /// Accept self-signed and otherwise invalid TLS certificates (`--insecure`).
    pub accept_invalid_certs: bool,
    /// `--resolve` and `--connect-to` rules, first match wins.
    pub rules: Vec<HostRule>,
    /// Requests in flight at once to one host, across every site of a scan (politeness).
    pub per_host: usize,
    /// Let public sites reach loopback and private addresses (`--allow-private`; see [`guard`]).
    pub allow_private: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            accept_language: DEFAULT_ACCEPT_LANGUAGE.to_string(),
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 16 * 1024 * 1024,
            max_redirects: 10,
            accept_invalid_certs: false,
            rules: Vec::new(),
            per_host: 4,
            allow_private: false,
        }
    }
}

/// One response on the way to the final one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// The URL requested.
    pub url: Url,
    /// The HTTP status it answered.
    pub status: u16,
    /// Its `Set-Cookie` header values.
    pub set_cookies: Vec<String>,
}

/// A fetched resource.
#[derive(Debug, Clone)]
pub struct Response {
    /// The final URL, after redirects.
    pub url: Url,
    /// The final status.
    pub status: u16,
    /// The final `Content-Type`.
    pub content_type: Option<String>,
    /// The final body (decompressed).
    pub body: Vec<u8>,
    /// Every response, redirects first, the final one last.
    pub hops: Vec<Hop>,
    /// The final response's headers (names lowercase), `Set-Cookie` aside.
    pub headers: Vec<(String, String)>,
    /// Notes on how the responses were read: headers dropped over the limit (see [`MAX_HEADERS`]).
    pub warnings: Vec<String>,
}

/// One response as `get` handles it, from reqwest or from the large-header fallback.
struct Answer {
    status: u16,
    set_cookies: Vec<String>,
    location: Option<String>,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
    body: Body,
    note: Option<String>,
}

/// A body still to read, or read already.
enum Body {
    Stream(reqwest::Response),
    Read(Vec<u8>),
}

impl Answer {
    fn from_reqwest(resp: reqwest::Response) -> Answer {
        let text = |name| resp.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_string);
        Answer {
            status: resp.status().as_u16(),
            set_cookies: resp
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_string))
                .collect(),
            location: text(LOCATION),
            content_type: text(CONTENT_TYPE),
            headers: resp
                .headers()
                .iter()
                .filter(|(name, _)| *name != SET_COOKIE)
                .map(|(name, value)| {
                    (name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned())
                })
                .collect(),
            body: Body::Stream(resp),
            note: None,
        }
    }

    fn from_fallback(a: fallback::Answer) -> Answer {
        Answer {
            status: a.status,
            set_cookies: a.set_cookies,
            location: a.location,
            content_type: a.content_type,
            headers: a.headers,
            body: Body::Read(a.body),
            note: a.note,
        }
    }
}

/// Why a fetch failed, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The URL cannot be fetched at all.
    #[error("invalid URL {0:?}: expected an absolute http:// or https:// URL")]
    InvalidUrl(String),
    /// The host name does not resolve.
    #[error("could not resolve host {host}: {}", crate::model::Remedy::Resolve)]
    Dns {
        /// The host.
        host: String,
    },
    /// Nothing listens on the port.
    #[error("connection refused by {host}:{port}: is the server running?")]
    Refused {
        /// The host.
        host: String,
        /// The port.
        port: u16,
    },
    /// The request took too long.
    #[error("timed out after {secs}s fetching {url} ({})", crate::model::Remedy::Timeout)]
    Timeout {
        /// The URL.
        url: String,
        /// The limit in seconds.
        secs: u64,
    },
    /// The TLS handshake failed.
    #[error("TLS error talking to {host}: {detail} ({})", crate::model::Remedy::Insecure)]
    Tls {
        /// The host.
        host: String,
        /// What the TLS library said.
        detail: String,
    },
    /// Redirects went on too long.
    #[error("too many redirects (more than {limit}) starting at {url}")]
    TooManyRedirects {
        /// The first URL.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// A redirect came back to a URL already visited.
    #[error("redirect loop: {url} redirects back to itself through {hops} hop(s)")]
    RedirectLoop {
        /// The URL that repeats.
        url: String,
        /// Hops in the loop.
        hops: usize,
    },
    /// The body is larger than the cap.
    #[error("{url} is larger than the {limit_mb} MB limit; not read")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap in MB.
        limit_mb: u64,
    },
    /// The private-address guard refused the connection.
    #[error("{0}")]
    Private(guard::PrivateAddress),
    /// The response's header section is larger than the client accepts, and the large-header fallback
    /// (see [`FALLBACK_MAX_HEADERS`]) could not read it either.
    #[error("{url}: the response headers are larger than {limit} (at most {count} headers, {kib} KiB); not read")]
    HeadersTooLarge {
        /// The URL.
        url: String,
        /// What was exceeded.
        limit: &'static str,
        /// The header count limit.
        count: usize,
        /// The header size limit in KiB.
        kib: usize,
    },
    /// The connection failed some other way.
    #[error("fetching {url} failed: {detail}")]
    Other {
        /// The URL.
        url: String,
        /// What went wrong.
        detail: String,
    },
}

impl FetchError {
    /// The setting that would have avoided this error, if one would.
    pub fn remedy(&self) -> Option<crate::model::Remedy> {
        use crate::model::Remedy;
        match self {
            FetchError::Dns { .. } => Some(Remedy::Resolve),
            FetchError::Timeout { .. } => Some(Remedy::Timeout),
            FetchError::Tls { .. } => Some(Remedy::Insecure),
            FetchError::Private(_) => Some(Remedy::AllowPrivate),
            _ => None,
        }
    }
}

/// A reusable HTTP client configured once.
#[derive(Debug)]
pub struct Fetcher {
    config: FetchConfig,
    rules: Arc<Vec<HostRule>>,
    /// One client per destination port and guard setting, because the address rules depend on the port and
    /// a resolver only sees the host name.
    clients: Mutex<HashMap<(u16, bool), reqwest::Client>>,
    /// Per-host request slots.
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Semaphore>>>,
    /// Requests sent so far (for progress reports).
    sent: AtomicU64,
    /// The client hints that go with the user agent, for secure origins.
    hints: Option<ClientHints>,
}

impl Fetcher {
    /// A fetcher with this configuration.
    pub fn new(config: FetchConfig) -> Fetcher {
        let rules = Arc::new(config.rules.clone());
        let hints = ClientHints::for_user_agent(&config.user_agent);
        Fetcher {
            hints,
            config,
            rules,
            clients: Mutex::new(HashMap::new()),
            hosts: Mutex::new(HashMap::new()),
            sent: AtomicU64::new(0),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// How many requests this fetcher has sent.
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    fn host_slots(&self, host: &str) -> Arc<tokio::sync::Semaphore> {
        let mut hosts = self.hosts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            hosts
                .entry(host.to_ascii_lowercase())
                .or_insert_with(|| Arc::new(tokio::sync::Semaphore::new(self.config.per_host.max(1)))),
        )
    }

    fn client(&self, port: u16, guarded: bool) -> Result<reqwest::Client, FetchError> {
        let mut clients = self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = clients.get(&(port, guarded)) {
            return Ok(c.clone());
        }
        // Client hints go on each request to a secure origin (see `send`).
        let mut builder = reqwest::Client::builder()
            .user_agent(&self.config.user_agent)
            .default_headers(self.navigation_headers())
            .timeout(self.config.timeout)
            .connect_timeout(self.config.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .danger_accept_invalid_certs(self.config.accept_invalid_certs)
            // A scan moves from host to host: idle connections to finished sites are dead weight.
            .pool_max_idle_per_host(2)
            .pool_idle_timeout(Duration::from_secs(1))
            .http1_max_headers(MAX_HEADERS);
        builder = builder.dns_resolver(Arc::new(RuleResolver { rules: Arc::clone(&self.rules), port, guarded }));
        let client = builder.build().map_err(|e| FetchError::Other { url: String::new(), detail: e.to_string() })?;
        clients.insert((port, guarded), client.clone());
        Ok(client)
    }

    /// What a browser sends with every navigation, whichever client sends it.
    fn navigation_headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(identity::ACCEPT_HTML));
        if let Ok(lang) = HeaderValue::from_str(&self.config.accept_language)
            && !lang.is_empty()
        {
            headers.insert(ACCEPT_LANGUAGE, lang);
        }
        headers.insert(UPGRADE_INSECURE_REQUESTS, HeaderValue::from_static("1"));
        headers
    }

    /// The client hints for a request to `url`: Chrome sends them to secure origins only.
    fn hint_headers(&self, url: &Url) -> Vec<(&'static str, String)> {
        match (&self.hints, url.scheme()) {
            (Some(hints), "https") => hints.headers().into(),
            _ => Vec::new(),
        }
    }

    /// GETs `url`, following redirects, and reads the body up to the cap.
    pub async fn get(&self, url: &Url) -> Result<Response, FetchError> {
        let mut current = url.clone();
        let mut hops: Vec<Hop> = Vec::new();
        let mut warnings = Vec::new();
        let start = guard::site_start().unwrap_or_else(|| url.clone());
        let guarded = !self.config.allow_private && !guard::is_local_start(&start);
        loop {
            if !matches!(current.scheme(), "http" | "https") || current.host_str().is_none() {
                return Err(FetchError::InvalidUrl(current.to_string()));
            }
            // IP literals never reach the resolver: check them here.
            if let (true, Some(ip)) = (guarded, guard::literal_ip(&current)) {
                guard::check_ip(ip).map_err(FetchError::Private)?;
            }
            // Politeness: at most `per_host` requests to one host at a time, body included.
            let _slot = self.host_slots(current.host_str().unwrap_or_default()).acquire_owned().await.ok();
            self.sent.fetch_add(1, Ordering::Relaxed);
            let answer = match self.send(&current, guarded).await {
                Ok(resp) => {
                    if framing_forbidden(&resp) {
                        // The bytes of a body where none is allowed would be read as the next response on this
                        // connection: retire the client (and its pooled connections) for this port.
                        self.retire_client(&current, guarded);
                    }
                    Answer::from_reqwest(resp)
                }
                // Over reqwest's header limits: once more through the fallback, which keeps the headers that
                // fit. If it fails too, the original error stands.
                Err(e @ FetchError::HeadersTooLarge { .. }) => {
                    self.sent.fetch_add(1, Ordering::Relaxed);
                    match self.get_large_head(&current, guarded).await {
                        Ok(a) => Answer::from_fallback(a),
                        Err(_) => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            };
            let Answer { status, set_cookies, location, content_type, headers, body, note } = answer;
            hops.push(Hop { url: current.clone(), status, set_cookies });
            let redirect = (300..400).contains(&status);
            if let Some(note) = note {
                warnings.push(if redirect && location.is_some() { format!("{current}: {note}") } else { note });
            }
            if let (true, Some(location)) = (redirect, location) {
                let next = current.join(&location).map_err(|_| FetchError::InvalidUrl(location.clone()))?;
                if let Some(pos) = hops.iter().position(|h| h.url == next) {
                    return Err(FetchError::RedirectLoop { url: next.to_string(), hops: hops.len() - pos });
                }
                if hops.len() > self.config.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: url.to_string(),
                        limit: self.config.max_redirects,
                    });
                }
                current = next;
                continue;
            }
            let body = match body {
                Body::Stream(resp) => self.read_body(&current, resp).await?,
                Body::Read(body) => body,
            };
            return Ok(Response { url: current, status, content_type, body, hops, headers, warnings });
        }
    }

    /// Drops the client for `url`'s port, so later requests open fresh connections.
    fn retire_client(&self, url: &Url, guarded: bool) {
        let port = url.port_or_known_default().unwrap_or(80);
        self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&(port, guarded));
    }

    async fn send(&self, url: &Url, guarded: bool) -> Result<reqwest::Response, FetchError> {
        let host = url.host_str().unwrap_or_default().to_string();
        let port = url.port_or_known_default().unwrap_or(80);
        let client = self.client(port, guarded)?;
        // A URL with an explicit port keeps it over whatever the resolver returns, so when a rule moves that
        // port elsewhere, send the request without the port and restore the Host header by hand.
        let moved = url.port().is_some()
            && self.rules.iter().find(|r| r.applies(&host, port)).is_some_and(|r| r.target_port(port) != port);
        let mut request = if moved {
            let mut bare = url.clone();
            let _ = bare.set_port(None);
            client.get(bare.as_str()).header(HOST, format!("{host}:{port}"))
        } else {
            client.get(url.as_str())
        };
        for (name, value) in self.hint_headers(url) {
            request = request.header(name, value);
        }
        request.send().await.map_err(|e| self.classify(url, &e))
    }

    async fn read_body(&self, url: &Url, mut resp: reqwest::Response) -> Result<Vec<u8>, FetchError> {
        let limit = self.config.max_body_bytes;
        let too_large = || FetchError::TooLarge { url: url.to_string(), limit_mb: limit.div_ceil(1024 * 1024) };
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(url, &e))? {
            if body.len() as u64 + chunk.len() as u64 > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// Turns a reqwest error into one that says what happened.
    fn classify(&self, url: &Url, e: &reqwest::Error) -> FetchError {
        let host = url.host_str().unwrap_or_default().to_string();
        let port = url.port_or_known_default().unwrap_or(0);
        if e.is_timeout() {
            return FetchError::Timeout { url: url.to_string(), secs: self.config.timeout.as_secs().max(1) };
        }
        let mut source = e.source();
        while let Some(s) = source {
            if let Some(p) = s.downcast_ref::<guard::PrivateAddress>() {
                return FetchError::Private(p.clone());
            }
            source = s.source();
        }
        let chain = error_chain(e);
        if chain.contains("message head is too large") || chain.contains("too many headers") {
            let limit = if chain.contains("too many headers") { "the header count limit" } else { "the size limit" };
            return FetchError::HeadersTooLarge { url: url.to_string(), limit, count: MAX_HEADERS, kib: MAX_HEAD_KIB };
        }
        if e.is_dns() || chain.contains("failed to lookup address") || chain.contains("Name or service not known") {
            return FetchError::Dns { host };
        }
        let mut source = e.source();
        while let Some(s) = source {
            if let Some(io) = s.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => return FetchError::Refused { host, port },
                    std::io::ErrorKind::TimedOut => {
                        return FetchError::Timeout {
                            url: url.to_string(),
                            secs: self.config.timeout.as_secs().max(1),
                        };
                    }
                    _ => {}
                }
            }
            source = s.source();
        }
        let lower = chain.to_lowercase();
        if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
            return FetchError::Tls { host, detail: last_cause(e) };
        }
        FetchError::Other { url: url.to_string(), detail: last_cause(e) }
    }
}

/// Most response headers kept (hyper's default is 100; real sites send up to a few hundred, mostly
/// `Set-Cookie`). reqwest refuses a response with more; the fallback reads it and keeps this many.
pub const MAX_HEADERS: usize = 1000;
/// The largest response header section kept, in KiB: hyper's read buffer (8 KiB + 100 × 4 KiB), which
/// reqwest does not let us change. reqwest refuses a larger one; the fallback reads it and keeps this much.
pub const MAX_HEAD_KIB: usize = 408;

/// Whether a response that may not have a body (1xx, 204, 304) announces one anyway with `Content-Length` or
/// `Transfer-Encoding`. hyper reads such a response as bodiless, so the announced bytes, if the server sends
/// them later, would be parsed as the next response on the connection.
fn framing_forbidden(resp: &reqwest::Response) -> bool {
    let status = resp.status().as_u16();
    let no_body = (100..200).contains(&status) || status == 204 || status == 304;
    let length = resp.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).map(str::trim);
    no_body && (length.is_some_and(|l| l != "0") || resp.headers().contains_key(TRANSFER_ENCODING))
}

/// Every message in an error's source chain, joined.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The innermost cause, which is usually the informative one.
fn last_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}
