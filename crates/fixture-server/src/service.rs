//! Routing one request: log it, then fault routes, the synthetic web, or static files.

use std::path::PathBuf;
use std::sync::Arc;

use hyper::body::{Body, Incoming};
use hyper::header::{ACCEPT_ENCODING, ALLOW, CONTENT_LENGTH, HOST, HeaderValue};
use hyper::{HeaderMap, Method, Request, StatusCode, Uri};

use crate::body::{Resp, ResponseBody, empty, text};
use crate::faults::{self, DropConnection};
use crate::log::{RequestLog, RequestRecord, Scheme};
use crate::static_files::{self, StaticRequest};
use crate::synthetic::SyntheticWeb;

/// Everything the request handler needs, shared by all connections.
#[derive(Debug)]
pub(crate) struct State {
    /// The directory tree of host folders, if any.
    pub root: Option<PathBuf>,
    /// The generated benchmark web, if any.
    pub synthetic: Option<SyntheticWeb>,
    /// Where requests are recorded.
    pub log: RequestLog,
}

/// Answer one request (an `Err` makes the connection close without a response).
pub(crate) async fn handle(state: Arc<State>, scheme: Scheme, req: Request<Incoming>) -> Result<Resp, DropConnection> {
    let host = request_host(req.headers(), req.uri());
    let path_and_query = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let method = req.method().as_str();
    state.log.push(RequestRecord::new(scheme, &host, method, path_and_query, req.headers()));
    let mut resp = route(&state, scheme, &host, req.method(), path_and_query, req.headers()).await?;
    if req.method() == Method::HEAD {
        strip_body(&mut resp);
    }
    Ok(resp)
}

async fn route(
    state: &State,
    scheme: Scheme,
    host: &str,
    method: &Method,
    path_and_query: &str,
    headers: &HeaderMap,
) -> Result<Resp, DropConnection> {
    let path = path_and_query.split('?').next().unwrap_or("/");
    let accept_encoding = headers.get(ACCEPT_ENCODING).and_then(|v| v.to_str().ok());
    if let Some(outcome) = faults::handle(path, accept_encoding).await {
        return outcome;
    }
    if *method == Method::POST || *method == Method::OPTIONS {
        // A sink for beacons and preflights.
        return Ok(empty(StatusCode::NO_CONTENT));
    }
    if *method != Method::GET && *method != Method::HEAD {
        let mut resp = text(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        resp.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD, POST, OPTIONS"));
        return Ok(resp);
    }
    if host.is_empty() {
        return Ok(text(StatusCode::BAD_REQUEST, "400 Bad Request: no Host header\n"));
    }
    if let Some(resp) = state.synthetic.as_ref().and_then(|web| web.respond(host, path)) {
        return Ok(resp);
    }
    let dir = state.root.as_deref().and_then(|root| static_files::host_dir(root, host));
    Ok(match dir {
        Some(dir) => {
            let req = StaticRequest { scheme, host, path_and_query };
            static_files::serve(&dir, &req).await
        }
        None => text(StatusCode::NOT_FOUND, format!("404 Not Found: unknown host {host}\n")),
    })
}

/// The requested host: the `Host` header (or the URI's authority), lowercased, without port.
fn request_host(headers: &HeaderMap, uri: &Uri) -> String {
    let raw = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| uri.authority().map(hyper::http::uri::Authority::as_str))
        .unwrap_or_default()
        .trim();
    let without_port = if raw.starts_with('[') {
        raw.find(']').map_or(raw, |end| &raw[..=end])
    } else {
        match raw.rsplit_once(':') {
            Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
            _ => raw,
        }
    };
    without_port.trim_end_matches('.').to_ascii_lowercase()
}

/// Drop the body of a response to `HEAD`, keeping the `Content-Length` it would have had.
fn strip_body(resp: &mut Resp) {
    let len = resp.body().size_hint().exact().unwrap_or(0);
    if len > 0 && !resp.headers().contains_key(CONTENT_LENGTH) {
        resp.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
    *resp.body_mut() = ResponseBody::empty();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_parsing() {
        let uri: Uri = "/".parse().unwrap();
        let host = |h: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(HOST, HeaderValue::from_str(h).unwrap());
            request_host(&headers, &uri)
        };
        assert_eq!(host("WWW.Site.Test:8080"), "www.site.test");
        assert_eq!(host("www.site.test."), "www.site.test");
        assert_eq!(host("[::1]:80"), "[::1]");
        assert_eq!(host("localhost"), "localhost");
        let abs: Uri = "http://Abs.test:81/x".parse().unwrap();
        assert_eq!(request_host(&HeaderMap::new(), &abs), "abs.test");
    }
}
