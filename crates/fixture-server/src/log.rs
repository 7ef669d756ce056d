//! The request log: every request the server receives, in arrival order.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use hyper::HeaderMap;
use hyper::header::{ACCEPT_ENCODING, COOKIE, HeaderName, REFERER, USER_AGENT};

/// Which listener a request arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// The plain-text HTTP listener.
    Http,
    /// The TLS listener.
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request as the server saw it, recorded before it was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// The listener the request came in on.
    pub scheme: Scheme,
    /// The `Host` header, lowercased, without its port (empty when absent).
    pub host: String,
    /// The request method, e.g. `GET`.
    pub method: String,
    /// The path and query exactly as sent, e.g. `/p1.html?x=1`.
    pub path: String,
    /// The `User-Agent` header, if any.
    pub user_agent: Option<String>,
    /// The `Accept-Encoding` header, if any.
    pub accept_encoding: Option<String>,
    /// The `Cookie` header(s), if any (several are joined with `; `).
    pub cookie: Option<String>,
    /// The `Referer` header, if any.
    pub referer: Option<String>,
    /// Every header, in the order sent (names lowercase, values lossily decoded).
    pub headers: Vec<(String, String)>,
}

impl RequestRecord {
    /// The full URL the client asked for, e.g. `https://www.site.test/a?b` (without a port).
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.path)
    }

    /// The values of header `name` (case-insensitive) joined by `, `, if it was sent.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> =
            self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    pub(crate) fn new(scheme: Scheme, host: &str, method: &str, path: &str, headers: &HeaderMap) -> Self {
        RequestRecord {
            scheme,
            host: host.to_owned(),
            method: method.to_owned(),
            path: path.to_owned(),
            user_agent: header_string(headers, &USER_AGENT, ", "),
            accept_encoding: header_string(headers, &ACCEPT_ENCODING, ", "),
            cookie: header_string(headers, &COOKIE, "; "),
            referer: header_string(headers, &REFERER, ", "),
            headers: headers
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
        }
    }
}

/// All values of one header joined by `sep`, lossily decoded; `None` when absent.
fn header_string(headers: &HeaderMap, name: &HeaderName, sep: &str) -> Option<String> {
    let values: Vec<String> =
        headers.get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect();
    (!values.is_empty()).then(|| values.join(sep))
}

/// A shared, append-only list of [`RequestRecord`]s.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestLog {
    records: Arc<Mutex<Vec<RequestRecord>>>,
}

impl RequestLog {
    pub(crate) fn push(&self, record: RequestRecord) {
        self.records.lock().unwrap_or_else(PoisonError::into_inner).push(record);
    }

    pub(crate) fn snapshot(&self) -> Vec<RequestRecord> {
        self.records.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub(crate) fn clear(&self) {
        self.records.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}
