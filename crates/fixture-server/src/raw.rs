//! A raw-TCP listener for faults hyper refuses to produce: it reads requests itself and writes exact bytes.
//!
//! Every path is answered on one connection after another (keep-alive) until a fault closes it. A
//! connection that starts with a TLS handshake is served over TLS (the server's throw-away certificate,
//! ALPN `http/1.1`) on the same port, so every fault can be fetched as `https://` too.
//!
//! | path | what is written |
//! |---|---|
//! | `/` | a page linking to `/__raw/304-body`, then `/next` |
//! | `/all` | a page linking to every raw fault |
//! | `/next` | a page with a Google tag (`G-NEXTPAGE01`) |
//! | `/__raw/304-body` | `304 Not Modified` with a `Content-Length`; the announced body (a whole response with a Meta Pixel page) is written when the next request arrives on the connection |
//! | `/__raw/204-body` | `204 No Content` with a `Content-Length` and a body (a Meta Pixel page) |
//! | `/__raw/cl-long` | `Content-Length: 100000` but 200 bytes, then the connection closes |
//! | `/__raw/cl-short` | `Content-Length: 20` before a longer page |
//! | `/__raw/bad-chunked` | `Transfer-Encoding: chunked` with a chunk size that is not hex |
//! | `/__raw/garbage` | an SSH banner instead of a status line |
//! | `/__raw/nul` | a status line and headers with NUL bytes and bare LF line ends |
//! | `/__raw/header-1mb` | one header of 1 MiB |
//! | `/__raw/header-5mb` | one header of 5 MiB (over even the fetcher's fallback bound of 4 MiB) |
//! | `/__raw/cookies-10k` | 10,000 `Set-Cookie` headers (`_ga` first, `c1`…`c9998`, `_gcl_au` last), on a page with a Google tag (`G-COOKIES10K`) |
//! | `/__raw/drip` | a page written one byte per second |

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// Every raw fault path, for index pages and tests.
pub const RAW_FAULTS: &[&str] = &[
    "304-body",
    "204-body",
    "cl-long",
    "cl-short",
    "bad-chunked",
    "garbage",
    "nul",
    "header-1mb",
    "header-5mb",
    "cookies-10k",
    "drip",
];

/// The largest request head read.
const MAX_REQUEST_HEAD: usize = 64 * 1024;

/// Accept raw connections forever.
pub(crate) async fn accept_loop(listener: TcpListener) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve_either(stream));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

fn page(title: &str, head_extra: &str, body: &str) -> String {
    format!("<!doctype html>\n<html><head><title>{title}</title>{head_extra}</head><body>{body}</body></html>\n")
}

fn ok_response(body: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

/// The page whose bytes must never be taken for another page's: it loads the Meta Pixel.
fn borrowed_page() -> String {
    page(
        "Borrowed",
        "<script async src=\"https://connect.facebook.net/en_US/fbevents.js\"></script>",
        "<p>These bytes belong to no request.</p>",
    )
}

/// The TLS identity of raw connections, made on the first one that needs it.
fn acceptor() -> Option<TlsAcceptor> {
    static ACCEPTOR: OnceLock<Option<TlsAcceptor>> = OnceLock::new();
    ACCEPTOR.get_or_init(|| crate::tls::setup().ok().map(|t| TlsAcceptor::from(Arc::clone(&t.config)))).clone()
}

/// Serves a connection in plain HTTP, or over TLS when its first byte is a TLS handshake record (0x16).
async fn serve_either(stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut first = [0u8; 1];
    let tls = matches!(stream.peek(&mut first).await, Ok(1)) && first[0] == 0x16;
    match (tls, acceptor()) {
        (true, Some(acceptor)) => {
            if let Ok(tls) = acceptor.accept(stream).await {
                serve(tls).await;
            }
        }
        _ => serve(stream).await,
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) {
    let mut buf = Vec::new();
    let mut pending: Option<Vec<u8>> = None;
    loop {
        let Some(path) = read_request(&mut stream, &mut buf).await else { return };
        if let Some(bytes) = pending.take() {
            // The 304's announced body, written as the answer to whatever came next.
            let _ = stream.write_all(&bytes).await;
            continue;
        }
        let Ok(keep) = answer(&mut stream, &path, &mut pending).await else { return };
        if !keep {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

/// Reads one request head and returns its path, or `None` when the connection ends.
async fn read_request<S: AsyncRead + Unpin>(stream: &mut S, buf: &mut Vec<u8>) -> Option<String> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 4);
            let line = head.lines().next()?;
            return Some(line.split(' ').nth(1).unwrap_or("/").to_string());
        }
        if buf.len() > MAX_REQUEST_HEAD {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Writes the answer for `path`; `Ok(false)` closes the connection.
async fn answer<S: AsyncWrite + Unpin>(
    stream: &mut S,
    path: &str,
    pending: &mut Option<Vec<u8>>,
) -> std::io::Result<bool> {
    let path = path.split('?').next().unwrap_or("/");
    let kind = path.strip_prefix("/__raw/");
    match kind {
        None if path == "/" => {
            let body = page("Raw", "", "<a href=\"/__raw/304-body\">304</a>\n<a href=\"/next\">next</a>\n");
            stream.write_all(&ok_response(&body)).await?;
        }
        None if path == "/all" => {
            let links: String = RAW_FAULTS.iter().map(|k| format!("<a href=\"/__raw/{k}\">{k}</a>\n")).collect();
            stream.write_all(&ok_response(&page("Raw faults", "", &links))).await?;
        }
        None if path == "/next" => {
            let tag = "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-NEXTPAGE01\"></script>";
            stream.write_all(&ok_response(&page("Next", tag, "<p>The next page's own content.</p>"))).await?;
        }
        None => {
            let body = "404 Not Found\n";
            let head =
                format!("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n", body.len());
            stream.write_all(format!("{head}{body}").as_bytes()).await?;
        }
        Some("304-body") => {
            let borrowed = ok_response(&borrowed_page());
            let head = format!("HTTP/1.1 304 Not Modified\r\nContent-Length: {}\r\n\r\n", borrowed.len());
            stream.write_all(head.as_bytes()).await?;
            *pending = Some(borrowed);
        }
        Some("204-body") => {
            let body = borrowed_page();
            let resp = format!("HTTP/1.1 204 No Content\r\nContent-Length: {}\r\n\r\n{body}", body.len());
            stream.write_all(resp.as_bytes()).await?;
        }
        Some("cl-long") => {
            let body = format!("{:<200}", "<!doctype html><p>Shorter than announced.");
            let resp = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n{body}");
            stream.write_all(resp.as_bytes()).await?;
            return Ok(false);
        }
        Some("cl-short") => {
            let body = borrowed_page();
            let resp = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n{body}");
            stream.write_all(resp.as_bytes()).await?;
        }
        Some("bad-chunked") => {
            let resp = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n\
                        10\r\n<!doctype html>\n\r\nzz-not-hex\r\n<p>broken</p>\r\n0\r\n\r\n";
            stream.write_all(resp.as_bytes()).await?;
            return Ok(false);
        }
        Some("garbage") => {
            stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n").await?;
            return Ok(false);
        }
        Some("nul") => {
            stream.write_all(b"HTTP/1.1 200 OK\nContent-Type: text/html\0\nX-Nul: a\0b\n\n<p>\0\0\0</p>").await?;
            return Ok(false);
        }
        Some("header-1mb") => {
            let big = "a".repeat(1 << 20);
            let body = page("Big header", "", "<p>One header of 1 MiB.</p>");
            let resp = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: {big}\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(resp.as_bytes()).await?;
            return Ok(false);
        }
        Some("header-5mb") => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: {}\r\n", "a".repeat(5 << 20));
            let body = page("Bigger header", "", "<p>One header of 5 MiB.</p>");
            let resp = format!("{head}Content-Length: {}\r\n\r\n{body}", body.len());
            stream.write_all(resp.as_bytes()).await?;
            return Ok(false);
        }
        Some("cookies-10k") => {
            let mut head = String::from("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n");
            for i in 0..10_000 {
                // Google Analytics' cookie first, Google Ads' last: a client that keeps only the first
                // headers sees the one and not the other.
                let name = match i {
                    0 => "_ga".to_string(),
                    9_999 => "_gcl_au".to_string(),
                    _ => format!("c{i}"),
                };
                head.push_str(&format!("Set-Cookie: {name}={i}; Path=/\r\n"));
            }
            let tag = "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-COOKIES10K\"></script>";
            let body = page("Cookies", tag, "<p>Ten thousand cookies.</p>");
            head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
            stream.write_all(head.as_bytes()).await?;
            return Ok(false);
        }
        Some("drip") => {
            let resp = ok_response(&page("Drip", "", &"<p>drip</p>".repeat(100)));
            for b in resp {
                stream.write_all(&[b]).await?;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            return Ok(false);
        }
        Some(_) => {
            stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").await?;
        }
    }
    Ok(true)
}
