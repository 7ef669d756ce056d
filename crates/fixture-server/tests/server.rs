//! Starting, addressing, logging and stopping the server; the binary.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{get, http_client, https_client, raw_request, site_tree};
use fixture_server::{Options, Scheme, Server};
use reqwest::header::{ACCEPT_ENCODING, COOKIE, REFERER, USER_AGENT};

#[tokio::test]
async fn request_log_records_every_request_in_order() {
    let dir = site_tree(&[("www.site.test/index.html", "home")]);
    let server = Server::serve_dir(dir.path()).unwrap();
    let c = http_client(&server, &["www.site.test", "www.google-analytics.com"]);
    c.get("http://WWW.Site.Test/?q=1&r=2")
        .header(USER_AGENT, "trackaudit-test/1")
        .header(COOKIE, "a=1; b=2")
        .header(REFERER, "http://ref.test/")
        .send()
        .await
        .unwrap();
    c.post("http://www.google-analytics.com/g/collect?v=2").send().await.unwrap();
    let https = https_client(&server, &["www.site.test"]);
    https.get("https://www.site.test/__status/500").header(ACCEPT_ENCODING, "gzip").send().await.unwrap();

    let log = server.requests();
    assert_eq!(log.len(), 3, "{log:#?}");
    assert_eq!(log[0].scheme, Scheme::Http);
    assert_eq!(log[0].host, "www.site.test");
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].path, "/?q=1&r=2");
    assert_eq!(log[0].user_agent.as_deref(), Some("trackaudit-test/1"));
    assert_eq!(log[0].cookie.as_deref(), Some("a=1; b=2"));
    assert_eq!(log[0].referer.as_deref(), Some("http://ref.test/"));
    assert_eq!(log[0].url(), "http://www.site.test/?q=1&r=2");
    assert_eq!((log[1].method.as_str(), log[1].path.as_str()), ("POST", "/g/collect?v=2"));
    assert_eq!(log[1].host, "www.google-analytics.com");
    assert_eq!(log[2].scheme, Scheme::Https);
    assert_eq!(log[2].accept_encoding.as_deref(), Some("gzip"));
    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[test]
fn connect_to_args_name_both_listeners() {
    let server = Server::start(Options::default()).unwrap();
    let https = server.https_port().unwrap();
    assert_eq!(
        server.connect_to_args(),
        [
            "--connect-to".to_owned(),
            format!(":80:127.0.0.1:{}", server.http_port()),
            "--connect-to".to_owned(),
            format!(":443:127.0.0.1:{https}"),
        ]
    );
    let plain = Server::start(Options { https_addr: None, ..Options::default() }).unwrap();
    assert_eq!(plain.https_port(), None);
    assert_eq!(plain.https_addr(), None);
    assert_eq!(plain.connect_to_args(), ["--connect-to".to_owned(), format!(":80:127.0.0.1:{}", plain.http_port())]);
}

#[test]
fn connect_to_args_work_with_curl() {
    if Command::new("curl").arg("--version").stdout(Stdio::null()).status().is_err() {
        // .ci/run installs curl, so under CI a missing one is a failure, not a skip.
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "curl is missing: .ci/run installs it");
        eprintln!("skipping: no curl (install it with apt-get install curl)");
        return;
    }
    let dir = site_tree(&[("www.site.test/index.html", "curl home")]);
    let server = Server::serve_dir(dir.path()).unwrap();
    for url in ["http://www.site.test/", "https://www.site.test/"] {
        let out = Command::new("curl")
            .args(["-sS", "-k", "--max-time", "10"])
            .args(server.connect_to_args())
            .arg(url)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "curl home",
            "{url}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn works_without_a_runtime_and_drop_closes_everything() {
    let server = Server::start(Options::default()).unwrap();
    let (http, https) = (server.http_addr(), server.https_addr().unwrap());
    let resp = raw_request(http, "GET /__status/204 HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n").unwrap();
    assert!(resp.starts_with(b"HTTP/1.1 204"), "{}", String::from_utf8_lossy(&resp));
    // A client stuck on /__hang does not delay shutdown, and its connection is closed.
    let hung = std::thread::spawn(move || raw_request(http, "GET /__hang HTTP/1.1\r\nHost: a.test\r\n\r\n"));
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    drop(server);
    assert!(t.elapsed() < Duration::from_secs(2), "drop took {:?}", t.elapsed());
    assert!(hung.join().unwrap().map_or(true, |b| b.is_empty()));
    assert!(TcpStream::connect(http).is_err());
    assert!(TcpStream::connect(https).is_err());
}

#[tokio::test(flavor = "current_thread")]
async fn starts_and_drops_inside_a_current_thread_runtime() {
    let server = Server::start(Options::default()).unwrap();
    let c = http_client(&server, &["a.test"]);
    assert_eq!(get(&c, "http://a.test/__status/200").await.0, 200);
    drop(server);
}

#[test]
fn binding_a_busy_port_fails() {
    let server = Server::start(Options::default()).unwrap();
    let err = Server::start(Options { http_addr: server.http_addr(), ..Options::default() }).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
}

/// Kills the child process when dropped, so a failing test leaves nothing behind.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn binary_prints_its_addresses_and_serves() {
    let dir = site_tree(&[("www.site.test/index.html", "bin home")]);
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_fixture-server"))
            .args(["--root".as_ref(), dir.path().as_os_str()])
            .args(["--synthetic", "2:3:4:9"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let mut addrs = line.split_whitespace().map(|part| part.split_once('=').unwrap());
    let (k1, http) = addrs.next().unwrap();
    let (k2, https) = addrs.next().unwrap();
    assert_eq!((k1, k2), ("http", "https"), "{line}");
    let (http, https) = (http.parse().unwrap(), https.parse().unwrap());
    let c = common::client(http, &["www.site.test", "site1.bench.test"]);
    assert_eq!(get(&c, "http://www.site.test/").await, (200, "bin home".into()));
    assert_eq!(get(&c, "http://site1.bench.test/p2.html").await.0, 200);
    let tls = common::client(https, &["www.site.test"]);
    assert_eq!(get(&tls, "https://www.site.test/").await, (200, "bin home".into()));
}

#[test]
fn binary_without_https_prints_only_http() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_fixture-server"))
            .args(["--no-https", "--http", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.starts_with("http=127.0.0.1:") && !line.contains("https"), "{line}");
    let status =
        Command::new(env!("CARGO_BIN_EXE_fixture-server")).arg("--bogus").stderr(Stdio::null()).status().unwrap();
    assert_eq!(status.code(), Some(2));
}
