//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test file uses a different subset

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use fixture_server::Server;
use tempfile::TempDir;

/// A temporary site tree holding `files` (paths relative to the root, e.g. `www.site.test/index.html`).
pub fn site_tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, contents) in files {
        write(dir.path(), path, contents.as_bytes());
    }
    dir
}

/// Write one file under `root`, creating its folders.
pub fn write(root: &Path, path: &str, contents: &[u8]) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().expect("parent")).expect("create dirs");
    std::fs::write(file, contents).expect("write file");
}

/// A client that sends `hosts` to `addr`, accepts the test certificate, follows no redirects
/// and gives up after 10 s.
pub fn client(addr: SocketAddr, hosts: &[&str]) -> reqwest::Client {
    builder(addr, hosts).build().expect("client")
}

/// The builder behind [`client`], to adjust.
pub fn builder(addr: SocketAddr, hosts: &[&str]) -> reqwest::ClientBuilder {
    let mut b = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10));
    for host in hosts {
        b = b.resolve(host, addr);
    }
    b
}

/// A client for the HTTP listener.
pub fn http_client(server: &Server, hosts: &[&str]) -> reqwest::Client {
    client(server.http_addr(), hosts)
}

/// A client for the HTTPS listener.
pub fn https_client(server: &Server, hosts: &[&str]) -> reqwest::Client {
    client(server.https_addr().expect("https enabled"), hosts)
}

/// Status and body text of a GET.
pub async fn get(client: &reqwest::Client, url: &str) -> (u16, String) {
    let resp = client.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = resp.status().as_u16();
    (status, resp.text().await.expect("body"))
}

/// Send raw bytes on a new connection and read everything until the server closes it.
pub fn raw_request(addr: SocketAddr, request: &str) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(request.as_bytes())?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out)?;
    Ok(out)
}
