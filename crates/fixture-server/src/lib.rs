//! A local virtual-host HTTP + HTTPS server for trackaudit's tests, demo and benchmarks.
//!
//! The server answers for any host name: the `Host` header picks a folder `ROOT/<host>/`
//! (or `ROOT/_default/`), so third-party hosts such as `www.google-analytics.com` can be
//! served from loopback. Clients reach it with curl-style `--connect-to` rules (see
//! [`Server::connect_to_args`]) or reqwest's `ClientBuilder::resolve`.
//!
//! Per host folder, Netlify-style `_redirects` and `_headers` files add redirects and
//! response headers. Fault routes (`/__status/<code>`, `/__slow/<ms>`, `/__hang`, `/__drop`,
//! `/__loop/<n>`, `/__huge/<mb>`, `/__latin1`, `/__gzip` and more: see the `faults` module) exist on every
//! host, a raw-TCP listener ([`Server::raw_port`]) writes the exact bytes of faults hyper will not produce
//! (`/__raw/<kind>`, see [`RAW_FAULTS`]), and an optional
//! [`SyntheticConfig`] adds generated `site<N>.bench.test` sites for benchmarks. Every request
//! is recorded and can be read back with [`Server::requests`].
//!
//! A separate [`DnsServer`] answers `A`, `AAAA` and `CNAME` queries over UDP from a zone file
//! (`fixtures/dns/zone.txt`), for the CNAME-cloaking tests.
//!
//! ```no_run
//! let server = fixture_server::Server::serve_dir("tests/fixtures/sites")?;
//! let mut args = vec!["https://www.site.test/".to_string()];
//! args.extend(server.connect_to_args());
//! // … run the client with `args`, then inspect `server.requests()`.
//! # Ok::<(), std::io::Error>(())
//! ```
#![cfg_attr(test, allow(unused_crate_dependencies))] // unit tests are linked with every dev-dependency
#![warn(missing_docs)]

mod body;
mod dns;
mod faults;
mod log;
mod mime;
mod net;
mod netlify;
pub mod postgres;
mod raw;
mod service;
mod static_files;
mod synthetic;
mod tls;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

pub use dns::{DnsQuery, DnsServer, Zone, ZoneData};
pub use log::{RequestRecord, Scheme};
pub use raw::RAW_FAULTS;
pub use synthetic::SyntheticConfig;

use log::RequestLog;
use service::State;
use synthetic::SyntheticWeb;

/// How to start a [`Server`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The directory holding one folder per host (`ROOT/<host>/…`), if any.
    pub root: Option<PathBuf>,
    /// Serve the generated benchmark web too, if set.
    pub synthetic: Option<SyntheticConfig>,
    /// Where the plain-HTTP listener binds (default `127.0.0.1:0`, any free port).
    pub http_addr: SocketAddr,
    /// Where the HTTPS listener binds (default `Some(127.0.0.1:0)`); `None` disables HTTPS.
    pub https_addr: Option<SocketAddr>,
    /// Where the raw-fault listener binds (default `Some(127.0.0.1:0)`): plain HTTP written byte by byte,
    /// for faults hyper will not produce (see the `raw` module: `/__raw/<kind>`); `None` disables it.
    pub raw_addr: Option<SocketAddr>,
}

impl Default for Options {
    fn default() -> Self {
        let any_port = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
        Options {
            root: None,
            synthetic: None,
            http_addr: any_port,
            https_addr: Some(any_port),
            raw_addr: Some(any_port),
        }
    }
}

/// A running server. It listens until dropped.
///
/// It runs on its own multi-thread tokio runtime in a background thread, so it can be used
/// from synchronous tests and from inside another tokio runtime alike.
#[derive(Debug)]
pub struct Server {
    http_addr: SocketAddr,
    https_addr: Option<SocketAddr>,
    raw_addr: Option<SocketAddr>,
    ca_pem: Option<String>,
    log: RequestLog,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Bind the listeners and start serving; returns once both listeners accept connections.
    pub fn start(opts: Options) -> io::Result<Server> {
        let http = bind(opts.http_addr)?;
        let https = opts.https_addr.map(bind).transpose()?;
        let raw = opts.raw_addr.map(bind).transpose()?;
        let raw_addr = raw.as_ref().map(std::net::TcpListener::local_addr).transpose()?;
        let tls = https.is_some().then(tls::setup).transpose()?;
        let http_addr = http.local_addr()?;
        let https_addr = https.as_ref().map(std::net::TcpListener::local_addr).transpose()?;

        let log = RequestLog::default();
        let state =
            Arc::new(State { root: opts.root, synthetic: opts.synthetic.map(SyntheticWeb::new), log: log.clone() });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fixture-server")
            .enable_all()
            .build()?;
        let acceptor = tls.as_ref().map(|t| TlsAcceptor::from(Arc::clone(&t.config)));
        let (shutdown, shutdown_rx) = oneshot::channel::<()>();
        let (ready_tx, ready_rx) = mpsc::channel::<io::Result<()>>();

        let thread = std::thread::Builder::new().name("fixture-server".into()).spawn(move || {
            runtime.block_on(async move {
                let listeners = (|| {
                    let http = tokio::net::TcpListener::from_std(http)?;
                    let https = https.map(tokio::net::TcpListener::from_std).transpose()?;
                    let raw = raw.map(tokio::net::TcpListener::from_std).transpose()?;
                    Ok::<_, io::Error>((http, https, raw))
                })();
                let (http, https, raw) = match listeners {
                    Ok(l) => l,
                    Err(e) => return drop(ready_tx.send(Err(e))),
                };
                tokio::spawn(net::accept_loop(http, None, Arc::clone(&state)));
                if let Some(raw) = raw {
                    tokio::spawn(raw::accept_loop(raw));
                }
                if let (Some(https), Some(acceptor)) = (https, acceptor) {
                    tokio::spawn(net::accept_loop(https, Some(acceptor), state));
                }
                let _ = ready_tx.send(Ok(()));
                let _ = shutdown_rx.await;
            });
            // Drops every task: listeners and open connections close here.
            runtime.shutdown_timeout(Duration::from_millis(500));
        })?;
        ready_rx.recv().map_err(|_| io::Error::other("fixture-server thread exited during start"))??;
        Ok(Server {
            http_addr,
            https_addr,
            raw_addr,
            ca_pem: tls.map(|t| t.ca_pem),
            log,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// Start a server for the host folders under `root`, with HTTP and HTTPS on free ports.
    pub fn serve_dir(root: impl Into<PathBuf>) -> io::Result<Server> {
        Server::start(Options { root: Some(root.into()), ..Options::default() })
    }

    /// The port of the plain-HTTP listener.
    pub fn http_port(&self) -> u16 {
        self.http_addr.port()
    }

    /// The port of the HTTPS listener, if enabled.
    pub fn https_port(&self) -> Option<u16> {
        self.https_addr.map(|a| a.port())
    }

    /// The port of the raw-fault listener, if enabled.
    pub fn raw_port(&self) -> Option<u16> {
        self.raw_addr.map(|a| a.port())
    }

    /// The address of the plain-HTTP listener.
    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// The address of the HTTPS listener, if enabled.
    pub fn https_addr(&self) -> Option<SocketAddr> {
        self.https_addr
    }

    /// The PEM of the CA that signed the server certificate (valid for `localhost`, `*.test`,
    /// `*.bench.test`, `127.0.0.1`, `::1`), if HTTPS is enabled.
    pub fn ca_cert_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.log.snapshot()
    }

    /// Forget the requests received so far.
    pub fn clear_requests(&self) {
        self.log.clear();
    }

    /// curl-style client arguments sending every host's port 80 to the HTTP listener and port
    /// 443 to the HTTPS listener: `["--connect-to", ":80:127.0.0.1:<http>", "--connect-to",
    /// ":443:127.0.0.1:<https>"]` (the second pair only when HTTPS is enabled). Each value is
    /// `HOST1:PORT1:HOST2:PORT2` with an empty `HOST1`, i.e. any host.
    pub fn connect_to_args(&self) -> Vec<String> {
        let mut args = vec!["--connect-to".to_owned(), connect_to_rule(80, self.http_addr)];
        if let Some(addr) = self.https_addr {
            args.extend(["--connect-to".to_owned(), connect_to_rule(443, addr)]);
        }
        args
    }
}

impl Drop for Server {
    /// Stop the listeners, close open connections and wait for the runtime to end.
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Bind a listening socket ready for tokio.
fn bind(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// A `--connect-to` rule `:PORT1:ADDR:PORT2` (an unspecified bind address becomes loopback).
fn connect_to_rule(from_port: u16, addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(ip) => format!(":{from_port}:{ip}:{}", addr.port()),
        IpAddr::V6(ip) => format!(":{from_port}:[{ip}]:{}", addr.port()),
    }
}
