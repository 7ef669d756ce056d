//! Fault routes, available on every host, for testing a client's error handling.
//!
//! | route | behaviour |
//! |---|---|
//! | `/__status/<code>` | empty body with that status (200–599) |
//! | `/__slow/<ms>` | sleeps, then a small HTML page |
//! | `/__hang` | never answers |
//! | `/__drop` | closes the connection without answering |
//! | `/__loop/<n>` | 302 to `/__loop/<n+1>`, forever |
//! | `/__huge/<mb>` | an HTML page of exactly `mb` MiB, streamed |
//! | `/__latin1` | a windows-1252 page, charset in the `Content-Type` header |
//! | `/__latin1/meta` | the same page, charset only in a `<meta charset>` tag |
//! | `/__gzip` | a page gzip-encoded when `Accept-Encoding` allows gzip |
//! | `/__grow/<n>` | 302 to `/__grow/<n+1>?` with a query 1 KiB longer each time, forever |
//! | `/__to/<scheme>` | 302 to a `file:`, `data:` or `javascript:` URL |
//! | `/__bomb` | 128 MiB of zeros gzip-encoded into about 128 KiB (sent whatever `Accept-Encoding` says) |
//! | `/__bomb/br` | 1 GiB of zeros brotli-encoded into 1,681 bytes (sent whatever `Accept-Encoding` says) |
//! | `/__endless` | a chunked HTML body that never ends |
//! | `/__charset` | UTF-8 bytes labelled `charset=shift_jis` |
//! | `/__badutf8` | a page labelled UTF-8 with invalid byte sequences |
//! | `/__oneline` | a 5 MiB page on a single line |
//! | `/__deep/<n>` | `n` nested `<div>`s with a Google tag script at the bottom |
//! | `/__attrs` | one element with 100,000 attributes |
//! | `/__links` | 100,000 links |
//! | `/__longurl` | a link whose URL is 100 KiB long |

use std::fmt;
use std::io::Write;
use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;
use hyper::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, VARY};
use hyper::{Response, StatusCode};

use crate::body::{ChunkedPage, Resp, ResponseBody, empty, response, text};
use crate::static_files::redirect;

/// The error a handler returns to make the server close the connection without answering.
#[derive(Debug)]
pub(crate) struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for DropConnection {}

/// The longest `/__slow` delay honoured (ten minutes).
const MAX_SLOW_MS: u64 = 600_000;
/// The largest `/__huge` page (1 TiB: large enough to never end in a test).
const MAX_HUGE_MIB: u64 = 1 << 20;

/// Answer a fault route, or `None` if `path` (without query) is not one.
pub(crate) async fn handle(path: &str, accept_encoding: Option<&str>) -> Option<Result<Resp, DropConnection>> {
    let rest = path.strip_prefix("/__")?;
    let (name, arg) = rest.split_once('/').unwrap_or((rest, ""));
    let number = || arg.parse::<u64>().ok();
    let resp = match name {
        "status" => match number().and_then(|c| u16::try_from(c).ok()).filter(|c| (200..=599).contains(c)) {
            Some(code) => empty(StatusCode::from_u16(code).unwrap_or(StatusCode::OK)),
            None => bad_number("status code (200-599)"),
        },
        "slow" => match number() {
            Some(ms) => {
                tokio::time::sleep(Duration::from_millis(ms.min(MAX_SLOW_MS))).await;
                let page = format!(
                    "<!doctype html>\n<html><head><title>Slow</title></head><body><p>Slept {ms} ms.</p></body></html>\n"
                );
                response(StatusCode::OK, "text/html; charset=utf-8", page)
            }
            None => bad_number("delay in milliseconds"),
        },
        "hang" => std::future::pending().await,
        "drop" => return Some(Err(DropConnection)),
        "loop" => match number() {
            Some(n) => redirect(302, &format!("/__loop/{}", n.saturating_add(1))),
            None => bad_number("loop counter"),
        },
        "huge" => match number().filter(|&mb| mb <= MAX_HUGE_MIB) {
            Some(mb) => huge(mb),
            None => bad_number("size in MiB"),
        },
        "latin1" if arg.is_empty() => response(StatusCode::OK, "text/html; charset=windows-1252", latin1_page(false)),
        "latin1" if arg == "meta" => response(StatusCode::OK, "text/html", latin1_page(true)),
        "gzip" => gzip(accept_encoding),
        "grow" => match number() {
            Some(n) => redirect(
                302,
                &format!("/__grow/{}?{}", n.saturating_add(1), "g".repeat(1024 * (n as usize % 4096 + 1))),
            ),
            None => bad_number("redirect counter"),
        },
        "to" => match arg {
            "file" => redirect(302, "file:///etc/passwd"),
            "data" => {
                redirect(302, "data:text/html,<script src=https://connect.facebook.net/en_US/fbevents.js></script>")
            }
            "javascript" => redirect(302, "javascript:alert(1)"),
            _ => bad_number("scheme (file, data or javascript)"),
        },
        "bomb" if arg.is_empty() => bomb(),
        "bomb" if arg == "br" => brotli_bomb(),
        "endless" => endless(),
        "charset" => response(
            StatusCode::OK,
            "text/html; charset=shift_jis",
            html_page("Charset", "<p>caf\u{e9} \u{2014} \u{65e5}\u{672c}</p>"),
        ),
        "badutf8" => {
            let mut page = html_page("Bad UTF-8", "<p>before</p>").into_bytes();
            page.extend_from_slice(b"<p>\xff\xfe\xc3\x28\xe2\x82 after</p>");
            response(StatusCode::OK, "text/html; charset=utf-8", page)
        }
        "oneline" => {
            response(StatusCode::OK, "text/html", format!("<!doctype html><p>{}</p>", "word ".repeat(1 << 20)))
        }
        "deep" => match number().filter(|&n| n <= 10_000_000) {
            Some(n) => deep(n as usize),
            None => bad_number("depth"),
        },
        "attrs" => {
            let attrs: String = (0..100_000).map(|i| format!(" data-a{i}=\"{i}\"")).collect();
            response(StatusCode::OK, "text/html", html_page("Attributes", &format!("<div{attrs}>x</div>")))
        }
        "links" => {
            let links: String = (0..100_000).map(|i| format!("<a href=\"/page/{i}\">{i}</a>\n")).collect();
            response(StatusCode::OK, "text/html", html_page("Links", &links))
        }
        "longurl" => {
            let link = format!("<a href=\"/long?{}\">long</a>", "u".repeat(100 * 1024));
            response(StatusCode::OK, "text/html", html_page("Long URL", &link))
        }
        _ => return None,
    };
    Some(Ok(resp))
}

fn html_page(title: &str, body: &str) -> String {
    format!("<!doctype html>\n<html><head><title>{title}</title></head><body>{body}</body></html>\n")
}

/// `n` nested `<div>`s, a Google tag at the bottom.
fn deep(n: usize) -> Resp {
    let mut page = String::with_capacity(n * 11 + 200);
    page.push_str("<!doctype html>\n<html><head><title>Deep</title></head><body>");
    page.push_str(&"<div>".repeat(n));
    page.push_str("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-DEEP000001\"></script>");
    page.push_str(&"</div>".repeat(n));
    page.push_str("</body></html>\n");
    response(StatusCode::OK, "text/html; charset=utf-8", page)
}

/// 128 MiB of zeros, gzip-encoded once (about 128 KiB; 16 times the default body cap, and quick to make
/// even in a debug build, where 1 GiB took longer than the tests' timeouts under load).
fn bomb() -> Resp {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    let gz = BOMB.get_or_init(|| {
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..128 {
            enc.write_all(&zeros).expect("writing to a Vec cannot fail");
        }
        Bytes::from(enc.finish().expect("writing to a Vec cannot fail"))
    });
    let mut resp = response(StatusCode::OK, "text/html", gz.clone());
    resp.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    resp
}

/// 1 GiB of zeros, brotli-encoded: `bomb-1g.br` was made once with Python's `brotli` package,
/// `brotli.compress(b"\0" * 2**30, quality=11)` (no brotli encoder is among the workspace's crates).
fn brotli_bomb() -> Resp {
    static BR: &[u8] = include_bytes!("bomb-1g.br");
    let mut resp = response(StatusCode::OK, "text/html", Bytes::from_static(BR));
    resp.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
    resp
}

/// A chunked body that never ends (no `Content-Length`).
fn endless() -> Resp {
    let mut resp = huge(MAX_HUGE_MIB);
    resp.headers_mut().remove(CONTENT_LENGTH);
    resp
}

fn bad_number(what: &str) -> Resp {
    text(StatusCode::BAD_REQUEST, format!("400 Bad Request: expected a {what}\n"))
}

/// Exactly `mb` MiB of HTML: a 64-byte head, 64-byte `<p>` lines, a 64-byte tail.
fn huge(mb: u64) -> Resp {
    static FILLER: OnceLock<Bytes> = OnceLock::new();
    let filler = FILLER.get_or_init(|| {
        let mut s = String::with_capacity(64 * 1024);
        for i in 0..1024 {
            let line = format!("<p>{:<56}</p>\n", format!("Line {i:04} of a very large page; lorem ipsum dolor."));
            debug_assert_eq!(line.len(), 64);
            s.push_str(&line);
        }
        Bytes::from(s)
    });
    let head = format!("{:<63}\n", "<!doctype html><html><head><title>Huge</title></head><body>");
    let tail = format!("{:<63}\n", "</body></html>");
    let page = ChunkedPage::new(head.into(), filler.clone(), tail.into(), mb << 20);
    let total = (mb << 20).max(128);
    let mut resp = Response::new(ResponseBody::Stream(page));
    let headers = resp.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(total));
    resp
}

/// A French/German page in windows-1252 bytes: é (0xE9), ü (0xFC), ’ (0x92), “ ” (0x93, 0x94).
fn latin1_page(meta: bool) -> Bytes {
    let meta_tag: &[u8] = if meta { b"<meta charset=\"windows-1252\">" } else { b"" };
    let mut page = Vec::new();
    page.extend_from_slice(b"<!doctype html>\n<html lang=\"fr\"><head>");
    page.extend_from_slice(meta_tag);
    page.extend_from_slice(
        b"<title>Caf\xe9 M\xfcller \x96 Politique de confidentialit\xe9</title></head>\n<body>\n\
<h1>Politique de confidentialit\xe9</h1>\n\
<p>Caf\xe9 M\xfcller\x92s \x93privacy\x94 policy: nous utilisons Google Analytics et le Meta Pixel.</p>\n\
<p>Gr\xfc\xdfe aus K\xf6ln, \xe0 bient\xf4t.</p>\n</body></html>\n",
    );
    page.into()
}

/// A page sent gzip-encoded when the client accepts gzip, plain otherwise.
fn gzip(accept_encoding: Option<&str>) -> Resp {
    static PAGES: OnceLock<(Bytes, Bytes)> = OnceLock::new();
    let (plain, gz) = PAGES.get_or_init(|| {
        let mut page = String::from("<!doctype html>\n<html><head><title>Gzip</title>\n");
        page.push_str("<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-GZIP123456\"></script>\n");
        page.push_str("</head><body><h1>Compressed page</h1>\n");
        for i in 0..200 {
            page.push_str(&format!("<p>Paragraph {i}: this text compresses well, well, well.</p>\n"));
        }
        page.push_str("</body></html>\n");
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(page.as_bytes()).expect("writing to a Vec cannot fail");
        let gz = enc.finish().expect("writing to a Vec cannot fail");
        (Bytes::from(page), Bytes::from(gz))
    });
    let use_gzip = accept_encoding.is_some_and(accepts_gzip);
    let mut resp =
        response(StatusCode::OK, "text/html; charset=utf-8", if use_gzip { gz.clone() } else { plain.clone() });
    resp.headers_mut().insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    if use_gzip {
        resp.headers_mut().insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    resp
}

/// Whether an `Accept-Encoding` value allows gzip (`gzip`, `x-gzip` or `*`, without `q=0`).
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or_default().to_ascii_lowercase();
        let refused = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q == 0.0));
        matches!(coding.as_str(), "gzip" | "x-gzip" | "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding() {
        assert!(accepts_gzip("gzip, deflate, br"));
        assert!(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
        assert!(accepts_gzip("*"));
        assert!(!accepts_gzip("br, deflate"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip(""));
    }

    #[test]
    fn latin1_bytes() {
        let page = latin1_page(false);
        for b in [0xe9, 0xfc, 0x92, 0x93, 0x94] {
            assert!(page.contains(&b), "missing byte {b:#x}");
        }
        assert!(std::str::from_utf8(&page).is_err());
    }
}
