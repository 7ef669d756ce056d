//! Serving `ROOT/<host>/<path>`, with the host's `_redirects` and `_headers` applied.

use std::path::{Path, PathBuf};

use hyper::StatusCode;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue, LOCATION};

use crate::body::{Resp, empty, response, text};
use crate::log::Scheme;
use crate::mime;
use crate::netlify::{self, HeaderBlock, RedirectAction};

/// The folder used when no folder is named after the requested host.
const DEFAULT_HOST_DIR: &str = "_default";
/// Files that configure a host and are never served.
const CONFIG_FILES: [&str; 2] = ["_headers", "_redirects"];

/// One request to a static host, with everything needed to answer it.
pub(crate) struct StaticRequest<'a> {
    /// The listener it arrived on.
    pub scheme: Scheme,
    /// The host (lowercase, no port).
    pub host: &'a str,
    /// The request target, e.g. `/a/b?x=1`.
    pub path_and_query: &'a str,
}

/// The folder serving `host`: `ROOT/<host>`, else `ROOT/_default`, if either exists.
pub(crate) fn host_dir(root: &Path, host: &str) -> Option<PathBuf> {
    if !is_safe_host(host) {
        return None;
    }
    [host, DEFAULT_HOST_DIR].into_iter().map(|name| root.join(name)).find(|dir| dir.is_dir())
}

/// A host name usable as a folder name (no separators, no leading dot).
fn is_safe_host(host: &str) -> bool {
    !host.is_empty() && !host.starts_with('.') && !host.contains(['/', '\\', '\0'])
}

/// Answer a `GET`/`HEAD` request from the host folder `dir`.
pub(crate) async fn serve(dir: &Path, req: &StaticRequest<'_>) -> Resp {
    let raw_path = req.path_and_query.split('?').next().unwrap_or("/");
    let Some(path) = decode_path(raw_path) else {
        return text(StatusCode::BAD_REQUEST, "400 Bad Request: invalid path\n");
    };
    let headers_file = read_rules(dir, "_headers", netlify::parse_headers).await;
    let redirects = read_rules(dir, "_redirects", netlify::parse_redirects).await;

    let own_url = format!("{}://{}{}", req.scheme, req.host, req.path_and_query);
    let (mut resp, served) = match netlify::find_redirect(&redirects, req.path_and_query, &own_url) {
        Some(RedirectAction::Redirect { status, location }) => (redirect(status, &location), None),
        Some(RedirectAction::Rewrite { status, path: target }) => {
            let target = target.split('?').next().unwrap_or("/");
            match decode_path(target) {
                Some(target) => {
                    let (mut resp, served) = serve_file(dir, &target).await;
                    if served.is_some() {
                        *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
                    }
                    (resp, served)
                }
                None => (not_found(dir, &path).await, None),
            }
        }
        None => serve_file(dir, &path).await,
    };
    let mut paths = vec![path.as_str()];
    paths.extend(served.as_deref());
    apply_headers(&mut resp, &headers_file, &paths);
    resp
}

/// Read and parse one of the host's rule files; a missing or unreadable file gives no rules.
async fn read_rules<T>(dir: &Path, name: &str, parse: fn(&str) -> Vec<T>) -> Vec<T> {
    match tokio::fs::read_to_string(dir.join(name)).await {
        Ok(text) => parse(&text),
        Err(_) => Vec::new(),
    }
}

/// Percent-decode a request path; `None` if it is not UTF-8, contains a `..` segment, a
/// backslash or a NUL, or does not start with `/`.
pub(crate) fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |j: usize| bytes.get(j).and_then(|&b| char::from(b).to_digit(16));
            // Two hex digits make at most 0xff.
            out.push((hex(i + 1)? * 16 + hex(i + 2)?) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    let bad = !path.starts_with('/') || path.contains(['\\', '\0']) || path.split('/').any(|s| s == "..");
    (!bad).then_some(path)
}

/// Serve the file for a decoded path: `/a/` → `a/index.html`; `/a` → `a`, `a.html` or
/// `a/index.html`. Returns the response and the path of the file served (e.g. `/a.html`).
async fn serve_file(dir: &Path, path: &str) -> (Resp, Option<String>) {
    let candidates: Vec<String> = if path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}.html"), format!("{path}/index.html")]
    };
    for candidate in candidates {
        let file_name = candidate.rsplit('/').next().unwrap_or_default();
        if CONFIG_FILES.contains(&file_name) {
            continue;
        }
        let file = dir.join(candidate.trim_start_matches('/'));
        if !tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_file()) {
            continue;
        }
        if let Ok(bytes) = tokio::fs::read(&file).await {
            return (response(StatusCode::OK, mime::content_type(&file), bytes), Some(candidate));
        }
    }
    (not_found(dir, path).await, None)
}

/// 404, with the body of the host's `404.html` when there is one.
async fn not_found(dir: &Path, path: &str) -> Resp {
    match tokio::fs::read(dir.join("404.html")).await {
        Ok(bytes) => response(StatusCode::NOT_FOUND, "text/html; charset=utf-8", bytes),
        Err(_) => text(StatusCode::NOT_FOUND, format!("404 Not Found: {path}\n")),
    }
}

/// A redirect response with a `Location` and no body.
pub(crate) fn redirect(status: u16, location: &str) -> Resp {
    let Ok(value) = HeaderValue::from_str(location) else {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "invalid redirect target\n");
    };
    let mut resp = empty(StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND));
    resp.headers_mut().insert(LOCATION, value);
    resp
}

/// Add the `_headers` entries matching `paths`: `Content-Type` replaces, others are appended.
fn apply_headers(resp: &mut Resp, blocks: &[HeaderBlock], paths: &[&str]) {
    for (name, value) in netlify::headers_for(blocks, paths) {
        let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) else {
            continue;
        };
        if name == CONTENT_TYPE {
            resp.headers_mut().insert(name, value);
        } else {
            resp.headers_mut().append(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_and_traversal() {
        assert_eq!(decode_path("/caf%C3%A9.html").as_deref(), Some("/café.html"));
        assert_eq!(decode_path("/a/./b").as_deref(), Some("/a/./b"));
        assert_eq!(decode_path("/a/../b"), None);
        assert_eq!(decode_path("/%2e%2e/secret"), None);
        assert_eq!(decode_path("/a%5c..%5cb"), None);
        assert_eq!(decode_path("/bad%zz"), None);
        assert_eq!(decode_path("/plus%+4"), None);
        assert_eq!(decode_path("/trunc%4"), None);
        assert_eq!(decode_path("relative"), None);
    }

    #[test]
    fn host_names() {
        assert!(is_safe_host("www.site.test"));
        assert!(!is_safe_host(".."));
        assert!(!is_safe_host("a/b"));
        assert!(!is_safe_host(""));
    }
}
