//! The fallback for responses whose header section reqwest refuses.
//!
//! reqwest accepts at most [`MAX_HEADERS`] headers in at most [`MAX_HEAD_KIB`] KiB (hyper's read buffer, which
//! reqwest cannot change). A response over either limit is fetched once more here, through hyper's own
//! HTTP/1 connection with larger bounds ([`FALLBACK_MAX_HEADERS`] headers, [`FALLBACK_MAX_HEAD_KIB`] KiB), and
//! recorded with the headers that fit the first limits; the rest are dropped, with a note on the page.
//!
//! The request is the one the main client sends: the same addresses (`--resolve` / `--connect-to` rules and
//! the private-address guard, checked on the resolved address), the same timeouts, headers and `Host`, TLS
//! through rustls with the platform verifier (or none with `--insecure`), ALPN `http/1.1`. One request per
//! connection (`Connection: close`, nothing pooled), so no response is ever read from another's bytes.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::header::{
    ACCEPT_ENCODING, CONNECTION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderMap, LOCATION, SET_COOKIE,
    USER_AGENT,
};
use hyper_util::rt::TokioIo;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use url::{Host, Position, Url};

use super::{FetchError, Fetcher, MAX_HEAD_KIB, MAX_HEADERS, guard, last_cause, rules};

/// Most response headers the fallback reads (the ones over [`MAX_HEADERS`] are then dropped).
pub const FALLBACK_MAX_HEADERS: usize = 20_000;
/// The largest response header section the fallback reads, status line included, in KiB (the part over
/// [`MAX_HEAD_KIB`] is then dropped). A larger one stays an error.
pub const FALLBACK_MAX_HEAD_KIB: usize = 4 * 1024;

/// What the main client's decompression layer asks for (tower-http's value for gzip, deflate and br).
const ACCEPT_ENCODINGS: &str = "gzip,deflate,br";

/// A response read by the fallback: what [`Fetcher::get`] needs of it.
#[derive(Debug)]
pub(super) struct Answer {
    /// The status.
    pub status: u16,
    /// The headers kept (names lowercase), `Set-Cookie` aside.
    pub headers: Vec<(String, String)>,
    /// The `Set-Cookie` values kept.
    pub set_cookies: Vec<String>,
    /// `Content-Type`, read from the whole header section (it says how to read the body).
    pub content_type: Option<String>,
    /// `Location`, read from the whole header section (it says where a redirect goes).
    pub location: Option<String>,
    /// The body, decompressed (empty for a redirect, which is not read).
    pub body: Vec<u8>,
    /// What was dropped, when headers were.
    pub note: Option<String>,
}

/// Aborts a spawned task when dropped (the connection's driver, once its one response is read or abandoned).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Fetcher {
    /// GETs `url` once through the fallback connection (no redirects followed: [`Fetcher::get`] does that).
    pub(super) async fn get_large_head(&self, url: &Url, guarded: bool) -> Result<Answer, FetchError> {
        let timeout = || FetchError::Timeout { url: url.to_string(), secs: self.config.timeout.as_secs().max(1) };
        tokio::time::timeout(self.config.timeout, self.large_head_request(url, guarded))
            .await
            .unwrap_or_else(|_| Err(timeout()))
    }

    async fn large_head_request(&self, url: &Url, guarded: bool) -> Result<Answer, FetchError> {
        let host = url.host_str().ok_or_else(|| FetchError::InvalidUrl(url.to_string()))?;
        let port = url.port_or_known_default().unwrap_or(80);
        let tcp = self.connect_fallback(url, guarded).await?;
        let other = |detail: String| FetchError::Other { url: url.to_string(), detail };
        let mut builder = hyper::client::conn::http1::Builder::new();
        builder
            .max_headers(FALLBACK_MAX_HEADERS)
            .max_header_size(FALLBACK_MAX_HEAD_KIB * 1024)
            // The head must fit in the read buffer, with room for the start of the body.
            .max_buf_size(FALLBACK_MAX_HEAD_KIB * 1024 + 64 * 1024);
        let request = self.fallback_request(url, host, port).map_err(|e| other(e.to_string()))?;
        let response = if url.scheme() == "https" {
            let tls = self.tls_fallback(url, tcp).await?;
            send(&builder, tls, request).await
        } else {
            send(&builder, tcp, request).await
        };
        let (response, _driver) = response.map_err(|e| self.hyper_error(url, &e))?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let text =
            |name| headers.get(name).and_then(|v: &hyper::header::HeaderValue| v.to_str().ok()).map(str::to_string);
        let content_type = text(CONTENT_TYPE);
        let location = text(LOCATION);
        let encoding = text(CONTENT_ENCODING);
        let announced = text(CONTENT_LENGTH).and_then(|l| l.trim().parse::<u64>().ok());
        let mut kept = keep_headers(headers);
        let redirect = response.status().is_redirection() && location.is_some();
        let body = if redirect {
            Vec::new()
        } else {
            let limit = self.config.max_body_bytes;
            let too_large = || FetchError::TooLarge { url: url.to_string(), limit_mb: limit.div_ceil(1024 * 1024) };
            if encoding.is_none() && announced.is_some_and(|n| n > limit) {
                return Err(too_large());
            }
            let mut body = response.into_body();
            let mut raw = Vec::new();
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| self.hyper_error(url, &e))?;
                if let Ok(chunk) = frame.into_data() {
                    if raw.len() as u64 + chunk.len() as u64 > limit {
                        return Err(too_large());
                    }
                    raw.extend_from_slice(&chunk);
                }
            }
            match decode(raw, encoding.as_deref(), limit) {
                Ok((body, decoded)) => {
                    if decoded {
                        // As the main client's decompression does: the body is no longer what these described.
                        kept.headers.retain(|(n, _)| n != "content-encoding" && n != "content-length");
                    }
                    body
                }
                Err(Decode::TooLarge) => return Err(too_large()),
                Err(Decode::Invalid(e)) => return Err(other(format!("error decoding response body: {e}"))),
            }
        };
        Ok(Answer {
            status,
            headers: kept.headers,
            set_cookies: kept.set_cookies,
            content_type,
            location,
            body,
            note: kept.note,
        })
    }

    /// The request the main client would send for `url`.
    fn fallback_request(
        &self,
        url: &Url,
        host: &str,
        port: u16,
    ) -> Result<hyper::Request<Empty<Bytes>>, hyper::http::Error> {
        // As the main path sends it: the URL's host, with its port when the URL names one.
        let host_header = match url.port() {
            Some(_) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let mut request = hyper::Request::get(&url[Position::BeforePath..Position::AfterQuery])
            .header(HOST, host_header)
            .header(USER_AGENT, &self.config.user_agent);
        for (name, value) in &self.navigation_headers() {
            request = request.header(name, value);
        }
        for (name, value) in self.hint_headers(url) {
            request = request.header(name, value);
        }
        request.header(ACCEPT_ENCODING, ACCEPT_ENCODINGS).header(CONNECTION, "close").body(Empty::new())
    }

    /// Connects where the main client would, within the connect timeout.
    async fn connect_fallback(&self, url: &Url, guarded: bool) -> Result<TcpStream, FetchError> {
        let host = url.host_str().unwrap_or_default().to_string();
        let port = url.port_or_known_default().unwrap_or(80);
        let timed_out =
            || FetchError::Timeout { url: url.to_string(), secs: self.config.connect_timeout.as_secs().max(1) };
        let connect = async {
            // IP literals never reach the resolver (nor the rules), as with the main client; `get` checked them.
            let addrs: Vec<SocketAddr> = match guard::literal_ip(url) {
                Some(ip) => vec![SocketAddr::new(ip, port)],
                None => rules::resolve(&self.rules, &host, port, guarded).await.map_err(|e| match e
                    .downcast_ref::<guard::PrivateAddress>(
                ) {
                    Some(p) => FetchError::Private(p.clone()),
                    None => FetchError::Dns { host: host.clone() },
                })?,
            };
            let mut last = None;
            for addr in addrs {
                match TcpStream::connect(addr).await {
                    Ok(tcp) => {
                        let _ = tcp.set_nodelay(true);
                        return Ok(tcp);
                    }
                    Err(e) => last = Some(e),
                }
            }
            Err(match last {
                Some(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                    FetchError::Refused { host: host.clone(), port }
                }
                Some(e) => FetchError::Other { url: url.to_string(), detail: e.to_string() },
                None => FetchError::Dns { host: host.clone() },
            })
        };
        tokio::time::timeout(self.config.connect_timeout, connect).await.unwrap_or_else(|_| Err(timed_out()))
    }

    /// The TLS handshake, within the connect timeout.
    async fn tls_fallback(
        &self,
        url: &Url,
        tcp: TcpStream,
    ) -> Result<tokio_rustls::client::TlsStream<TcpStream>, FetchError> {
        let host = url.host_str().unwrap_or_default().to_string();
        let tls_error = |detail: String| FetchError::Tls { host: host.clone(), detail };
        let name = match url.host() {
            Some(Host::Domain(d)) => ServerName::try_from(d.to_string()).map_err(|e| tls_error(e.to_string()))?,
            Some(Host::Ipv4(ip)) => ServerName::IpAddress(IpAddr::V4(ip).into()),
            Some(Host::Ipv6(ip)) => ServerName::IpAddress(IpAddr::V6(ip).into()),
            None => return Err(FetchError::InvalidUrl(url.to_string())),
        };
        let config = tls_config(self.config.accept_invalid_certs).map_err(&tls_error)?;
        let handshake = tokio_rustls::TlsConnector::from(config).connect(name, tcp);
        match tokio::time::timeout(self.config.connect_timeout, handshake).await {
            Ok(Ok(tls)) => Ok(tls),
            Ok(Err(e)) => Err(tls_error(last_cause(&e))),
            Err(_) => {
                Err(FetchError::Timeout { url: url.to_string(), secs: self.config.connect_timeout.as_secs().max(1) })
            }
        }
    }

    fn hyper_error(&self, url: &Url, e: &hyper::Error) -> FetchError {
        let chain = super::error_chain(e);
        if chain.contains("message head is too large") || chain.contains("too many headers") {
            let limit = if chain.contains("too many headers") { "the header count limit" } else { "the size limit" };
            return FetchError::HeadersTooLarge {
                url: url.to_string(),
                limit,
                count: FALLBACK_MAX_HEADERS,
                kib: FALLBACK_MAX_HEAD_KIB,
            };
        }
        if e.is_timeout() {
            return FetchError::Timeout { url: url.to_string(), secs: self.config.timeout.as_secs().max(1) };
        }
        FetchError::Other { url: url.to_string(), detail: last_cause(e) }
    }
}

/// Sends one request on a new connection, whose driver runs until the guard it returns is dropped.
async fn send<T>(
    builder: &hyper::client::conn::http1::Builder,
    io: T,
    request: hyper::Request<Empty<Bytes>>,
) -> Result<(hyper::Response<hyper::body::Incoming>, AbortOnDrop), hyper::Error>
where
    T: AsyncRead + AsyncWrite + Send + Unpin + 'static,
{
    let (mut sender, conn) = builder.handshake(TokioIo::new(io)).await?;
    let driver = AbortOnDrop(tokio::spawn(async move {
        let _ = conn.await;
    }));
    let response = sender.send_request(request).await?;
    Ok((response, driver))
}

/// The rustls configuration: the platform verifier, as reqwest uses, or none with `--insecure`. Built once.
fn tls_config(insecure: bool) -> Result<Arc<ClientConfig>, String> {
    static VERIFIED: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    static INSECURE: OnceLock<Result<Arc<ClientConfig>, String>> = OnceLock::new();
    let cell = if insecure { &INSECURE } else { &VERIFIED };
    cell.get_or_init(|| {
        let provider = rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        let verifier: Arc<dyn ServerCertVerifier> = if insecure {
            Arc::new(AcceptAnything(provider.signature_verification_algorithms.supported_schemes()))
        } else {
            Arc::new(rustls_platform_verifier::Verifier::new(Arc::clone(&provider)).map_err(|e| e.to_string())?)
        };
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(rustls::ALL_VERSIONS)
            .map_err(|e| e.to_string())?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    })
    .clone()
}

/// `--insecure`: every certificate and signature is accepted, as reqwest's `danger_accept_invalid_certs`.
#[derive(Debug)]
struct AcceptAnything(Vec<SignatureScheme>);

impl ServerCertVerifier for AcceptAnything {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.clone()
    }
}

/// The headers kept of a header section, and what was dropped.
#[derive(Debug, Default)]
struct Kept {
    headers: Vec<(String, String)>,
    set_cookies: Vec<String>,
    note: Option<String>,
}

/// Keeps the headers that fit [`MAX_HEADERS`] and [`MAX_HEAD_KIB`] (each counted as `name: value` and its line
/// end, `Set-Cookie` included), in the order hyper gives them (by name, each name where it first appeared,
/// its values in order): a header that does not fit is dropped, and later, smaller ones may still fit.
fn keep_headers(headers: &HeaderMap) -> Kept {
    let budget = MAX_HEAD_KIB * 1024;
    let mut kept = Kept::default();
    let (mut count, mut bytes, mut total, mut total_bytes) = (0usize, 0usize, 0usize, 0usize);
    for (name, value) in headers {
        let size = name.as_str().len() + value.len() + 4;
        total += 1;
        total_bytes += size;
        if count >= MAX_HEADERS || bytes + size > budget {
            continue;
        }
        if name == SET_COOKIE {
            // As the main path: a value that is not visible ASCII is not a cookie it reads.
            if let Ok(v) = value.to_str() {
                kept.set_cookies.push(v.to_string());
            }
        } else {
            kept.headers.push((name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()));
        }
        count += 1;
        bytes += size;
    }
    if count < total {
        kept.note = Some(format!(
            "response headers over the limit of {} headers and {MAX_HEAD_KIB} KiB: kept {} of {} ({} of {} KiB); \
             the rest were dropped",
            thousands(MAX_HEADERS),
            thousands(count),
            thousands(total),
            thousands(bytes.div_ceil(1024)),
            thousands(total_bytes.div_ceil(1024)),
        ));
    }
    kept
}

/// `10000` as `10,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[derive(Debug)]
enum Decode {
    TooLarge,
    Invalid(std::io::Error),
}

/// Decompresses a body the server encoded (gzip, deflate, br, as the main client does) up to `limit` bytes;
/// another or no encoding is passed through. Says whether it decoded.
fn decode(raw: Vec<u8>, encoding: Option<&str>, limit: u64) -> Result<(Vec<u8>, bool), Decode> {
    let encoding = encoding.map(|e| e.trim().to_ascii_lowercase()).unwrap_or_default();
    let reader: Box<dyn Read + '_> = match encoding.as_str() {
        "gzip" | "x-gzip" => Box::new(flate2::read::MultiGzDecoder::new(&raw[..])),
        // `deflate` is zlib (RFC 9110); some servers send a raw deflate stream, which browsers read too.
        "deflate" if is_zlib(&raw) => Box::new(flate2::read::ZlibDecoder::new(&raw[..])),
        "deflate" => Box::new(flate2::read::DeflateDecoder::new(&raw[..])),
        "br" => Box::new(brotli_decompressor::Decompressor::new(&raw[..], 4096)),
        _ => return Ok((raw, false)),
    };
    let mut out = Vec::new();
    reader.take(limit + 1).read_to_end(&mut out).map_err(Decode::Invalid)?;
    if out.len() as u64 > limit {
        return Err(Decode::TooLarge);
    }
    Ok((out, true))
}

/// Whether a body starts with a zlib header (RFC 1950: deflate, and a check value).
fn is_zlib(raw: &[u8]) -> bool {
    matches!(raw, [cmf, flg, ..] if cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)).is_multiple_of(31))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use hyper::header::HeaderValue;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;
    use crate::fetch::{FetchConfig, HostRule};

    /// A loopback server answering every connection with 1,500 headers (`/redirect`: a redirect to `/final`,
    /// with as many; `/final`: a small page); the request heads it read, in order.
    async fn many_headers_server() -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = Arc::clone(&heads);
        tokio::spawn(async move {
            while let Ok((mut tcp, _)) = listener.accept().await {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tcp.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).into_owned();
                seen.lock().unwrap().push(head.clone());
                if head.starts_with("GET /final ") {
                    let _ = tcp.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal").await;
                    continue;
                }
                let mut resp = String::from(if head.starts_with("GET /redirect ") {
                    "HTTP/1.1 302 Found\r\nLocation: /final\r\nContent-Type: text/html\r\n"
                } else {
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                });
                for i in 0..1_500 {
                    resp.push_str(&format!("X-N: {i}\r\n"));
                }
                resp.push_str("Content-Length: 9\r\nConnection: close\r\n\r\n<p>ok</p>");
                let _ = tcp.write_all(resp.as_bytes()).await;
                let _ = tcp.shutdown().await;
            }
        });
        (port, heads)
    }

    /// A request's header lines, lowercase names, sorted, without those named.
    fn header_lines(head: &str, without: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = head
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (name, value) = l.split_once(':').unwrap();
                format!("{}: {}", name.to_ascii_lowercase(), value.trim())
            })
            .filter(|l| !without.iter().any(|w| l.starts_with(&format!("{w}:"))))
            .collect();
        lines.sort();
        lines
    }

    #[tokio::test]
    async fn the_fallback_sends_what_the_main_client_sends_where_the_rules_say() {
        let (port, heads) = many_headers_server().await;
        // A rule that moves port 1 to the server: the Host header keeps the URL's port.
        let rule = HostRule::parse_connect_to(&format!("www.moved.test:1:127.0.0.1:{port}")).unwrap();
        let fetcher = Fetcher::new(FetchConfig { rules: vec![rule], ..FetchConfig::default() });
        let url = Url::parse("http://www.moved.test:1/path?q=1").unwrap();
        let r = fetcher.get(&url).await.unwrap();
        assert_eq!(r.body, b"<p>ok</p>");
        assert_eq!(r.headers.len(), MAX_HEADERS);
        assert!(r.warnings[0].contains("kept 1,000 of 1,503"), "{:?}", r.warnings);
        let heads = heads.lock().unwrap().clone();
        assert_eq!(heads.len(), 2, "reqwest's request, then the fallback's: {heads:?}");
        for head in &heads {
            assert!(head.starts_with("GET /path?q=1 HTTP/1.1\r\n"), "{head}");
            assert!(head.to_ascii_lowercase().contains("\r\nhost: www.moved.test:1\r\n"), "{head}");
        }
        // The same headers, but for the fallback's `Connection: close` (and the order of Accept-Encoding's
        // values, which is the same here).
        let main = header_lines(&heads[0], &[]);
        let fallback = header_lines(&heads[1], &["connection"]);
        assert_eq!(main, fallback);
        assert!(heads[1].to_ascii_lowercase().contains("\r\nconnection: close\r\n"));
        assert!(main.iter().any(|l| l.starts_with("user-agent: Mozilla/5.0")), "{main:?}");
    }

    #[tokio::test]
    async fn a_redirect_read_by_the_fallback_is_followed_by_get() {
        let (port, heads) = many_headers_server().await;
        let rule = HostRule::parse_resolve(&format!("www.redirect.test:{port}:127.0.0.1")).unwrap();
        let fetcher = Fetcher::new(FetchConfig { rules: vec![rule], ..FetchConfig::default() });
        let url = Url::parse(&format!("http://www.redirect.test:{port}/redirect")).unwrap();
        let r = fetcher.get(&url).await.unwrap();
        assert_eq!((r.url.path(), r.status, r.body.as_slice()), ("/final", 200, &b"final"[..]));
        assert_eq!(r.hops.iter().map(|h| h.status).collect::<Vec<_>>(), [302, 200]);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].starts_with(&format!("{url}: response headers over the limit")), "{:?}", r.warnings);
        assert_eq!(heads.lock().unwrap().len(), 3, "the redirect twice (reqwest, fallback), then the page");
    }

    #[tokio::test]
    async fn the_fallback_keeps_the_private_address_guard() {
        let (port, heads) = many_headers_server().await;
        let fetcher = Fetcher::new(FetchConfig::default());
        // `localhost` resolves to loopback: refused when guarded, as the main client's resolver refuses it.
        let url = Url::parse(&format!("http://localhost:{port}/")).unwrap();
        match fetcher.get_large_head(&url, true).await {
            Err(FetchError::Private(p)) => assert_eq!(p.kind, "loopback"),
            other => panic!("expected the guard's refusal, got {other:?}"),
        }
        assert!(heads.lock().unwrap().is_empty(), "nothing was sent");
        // A name the rules map is trusted, as with the main client.
        let rule = HostRule::parse_resolve(&format!("www.mapped.test:{port}:127.0.0.1")).unwrap();
        let fetcher = Fetcher::new(FetchConfig { rules: vec![rule], ..FetchConfig::default() });
        let url = Url::parse(&format!("http://www.mapped.test:{port}/")).unwrap();
        let a = fetcher.get_large_head(&url, true).await.unwrap();
        assert_eq!(a.body, b"<p>ok</p>");
        // Nothing listening: refused, within the connect timeout.
        drop(fetcher);
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = Url::parse(&format!("http://127.0.0.1:{closed}/")).unwrap();
        let fetcher = Fetcher::new(FetchConfig::default());
        assert!(matches!(fetcher.get_large_head(&url, false).await, Err(FetchError::Refused { .. })));
    }

    #[test]
    fn ten_thousand_cookies_keep_the_first_thousand_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        for i in 0..10_000 {
            headers.append(SET_COOKIE, HeaderValue::from_str(&format!("c{i}={i}; Path=/")).unwrap());
        }
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("42"));
        let kept = keep_headers(&headers);
        assert_eq!(kept.headers, vec![("content-type".to_string(), "text/html".to_string())]);
        assert_eq!(kept.set_cookies.len(), MAX_HEADERS - 1);
        assert_eq!(kept.set_cookies[0], "c0=0; Path=/");
        assert_eq!(kept.set_cookies[998], "c998=998; Path=/");
        let note = kept.note.unwrap();
        assert!(
            note.starts_with("response headers over the limit of 1,000 headers and 408 KiB: kept 1,000 of 10,002 ("),
            "{note}"
        );
        assert!(note.ends_with("the rest were dropped"), "{note}");
    }

    #[test]
    fn a_header_over_the_size_limit_is_dropped_and_the_smaller_ones_kept() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        headers.insert("x-big", HeaderValue::from_str(&"a".repeat(1 << 20)).unwrap());
        headers.insert(SET_COOKIE, HeaderValue::from_static("id=1"));
        let kept = keep_headers(&headers);
        assert_eq!(kept.headers.len(), 1);
        assert_eq!(kept.set_cookies, vec!["id=1".to_string()]);
        assert!(kept.note.unwrap().contains("kept 2 of 3 (1 of 1,025 KiB)"));
        let mut small = HeaderMap::new();
        small.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        assert!(keep_headers(&small).note.is_none(), "nothing dropped, nothing noted");
    }

    #[test]
    fn encoded_bodies_are_decoded_within_the_cap() {
        let page = b"<!doctype html><p>hello</p>".repeat(100);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&page).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(decode(gz.clone(), Some("gzip"), 1 << 20).unwrap(), (page.clone(), true));
        assert!(matches!(decode(gz, Some("gzip"), 100), Err(Decode::TooLarge)));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&page).unwrap();
        assert_eq!(decode(z.finish().unwrap(), Some("deflate"), 1 << 20).unwrap().0, page);
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        d.write_all(&page).unwrap();
        assert_eq!(decode(d.finish().unwrap(), Some("deflate"), 1 << 20).unwrap().0, page);
        assert_eq!(decode(page.clone(), None, 1 << 20).unwrap(), (page.clone(), false));
        assert_eq!(decode(page.clone(), Some("zstd"), 1 << 20).unwrap(), (page, false));
        assert!(matches!(decode(b"not gzip".to_vec(), Some("gzip"), 1 << 20), Err(Decode::Invalid(_))));
        assert_eq!(thousands(10_002), "10,002");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
