//! `fixture-server`: run the test server from the command line (for `scripts/demo` and
//! `scripts/bench`). Prints `http=ADDR https=ADDR [dns=ADDR]` once listening, then serves until killed.
#![allow(unused_crate_dependencies)] // a thin wrapper: the library uses the dependencies
#![warn(missing_docs)]

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use fixture_server::{DnsServer, Options, Server, SyntheticConfig, Zone};

const USAGE: &str = "\
usage: fixture-server [--root DIR] [--http ADDR] [--https ADDR | --no-https]
                      [--synthetic SITES:PAGES:KIB[:SEED]] [--dns ZONE [--dns-addr ADDR]]

Serves ROOT/<host>/<path> for any Host header, fault routes (/__status/<code>, /__slow/<ms>,
/__hang, /__drop, /__loop/<n>, /__huge/<mb>, /__latin1, /__gzip) on every host, and with
--synthetic generated sites site<N>.bench.test. With --dns, a DNS server answers A, AAAA and
CNAME queries over UDP from the zone file ZONE (one `NAME TYPE VALUE` record a line, e.g.
fixtures/dns/zone.txt). ADDR defaults to 127.0.0.1:0 (a free port). Prints one line
`http=ADDR https=ADDR dns=ADDR` (no https= part with --no-https, no dns= part without --dns)
once listening.";

/// The command line: the HTTP server's options and, with `--dns`, the zone file and the DNS address.
#[derive(Debug)]
struct Args {
    server: Options,
    dns: Option<(PathBuf, SocketAddr)>,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("fixture-server: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match Server::start(args.server) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("fixture-server: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dns = match args.dns.map(|(zone, addr)| Zone::read(&zone).and_then(|zone| DnsServer::serve(zone, addr))) {
        None => None,
        Some(Ok(dns)) => Some(dns),
        Some(Err(e)) => {
            eprintln!("fixture-server: cannot start the DNS server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut line = format!("http={}", server.http_addr());
    if let Some(addr) = server.https_addr() {
        line.push_str(&format!(" https={addr}"));
    }
    if let Some(dns) = &dns {
        line.push_str(&format!(" dns={}", dns.addr()));
    }
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}").and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    // Serve until a signal (SIGTERM, ctrl-c) ends the process.
    loop {
        std::thread::park();
    }
}

/// Parse the command line; `Ok(None)` means help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut opts = Options::default();
    let mut dns_zone: Option<PathBuf> = None;
    let mut dns_addr = opts.http_addr; // 127.0.0.1:0
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--root" => opts.root = Some(value("--root")?.into()),
            "--http" => opts.http_addr = parse_addr(&value("--http")?)?,
            "--https" => opts.https_addr = Some(parse_addr(&value("--https")?)?),
            "--no-https" => opts.https_addr = None,
            "--synthetic" => opts.synthetic = Some(parse_synthetic(&value("--synthetic")?)?),
            "--dns" => dns_zone = Some(value("--dns")?.into()),
            "--dns-addr" => dns_addr = parse_addr(&value("--dns-addr")?)?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(Args { server: opts, dns: dns_zone.map(|zone| (zone, dns_addr)) }))
}

fn parse_addr(s: &str) -> Result<SocketAddr, String> {
    s.parse().map_err(|_| format!("invalid address {s:?} (expected e.g. 127.0.0.1:8080)"))
}

/// `SITES:PAGES:KIB[:SEED]`, the seed defaulting to 1.
fn parse_synthetic(s: &str) -> Result<SyntheticConfig, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let num =
        |p: &str| p.parse::<u64>().map_err(|_| format!("invalid --synthetic {s:?} (expected SITES:PAGES:KIB[:SEED])"));
    let size = |p: &str| num(p).and_then(|n| usize::try_from(n).map_err(|e| e.to_string()));
    match parts.as_slice() {
        [sites, pages, kib] | [sites, pages, kib, _] => Ok(SyntheticConfig {
            sites: size(sites)?,
            pages_per_site: size(pages)?,
            page_kib: size(kib)?,
            seed: parts.get(3).map(|p| num(p)).transpose()?.unwrap_or(1),
        }),
        _ => Err(format!("invalid --synthetic {s:?} (expected SITES:PAGES:KIB[:SEED])")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Options>, String> {
        parse_all(args).map(|a| a.map(|a| a.server))
    }

    fn parse_all(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(std::string::ToString::to_string))
    }

    #[test]
    fn arguments() {
        let opts = parse(&["--root", "sites", "--http", "127.0.0.1:8080", "--no-https", "--synthetic", "3:4:5"])
            .unwrap()
            .unwrap();
        assert_eq!(opts.root.as_deref(), Some(std::path::Path::new("sites")));
        assert_eq!(opts.http_addr.port(), 8080);
        assert_eq!(opts.https_addr, None);
        assert_eq!(opts.synthetic, Some(SyntheticConfig { sites: 3, pages_per_site: 4, page_kib: 5, seed: 1 }));
        assert_eq!(parse(&["--synthetic", "1:2:3:9"]).unwrap().unwrap().synthetic.unwrap().seed, 9);
        assert!(parse(&["--help"]).unwrap().is_none());
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--root"]).is_err());
        assert!(parse(&["--synthetic", "1:2"]).is_err());
        assert!(parse(&["--http", "nope"]).is_err());
        assert!(parse_all(&["--root", "x"]).unwrap().unwrap().dns.is_none());
        let (zone, addr) = parse_all(&["--dns", "zone.txt"]).unwrap().unwrap().dns.unwrap();
        assert_eq!((zone, addr.to_string()), (PathBuf::from("zone.txt"), "127.0.0.1:0".to_string()));
        let with_addr = parse_all(&["--dns-addr", "127.0.0.1:5353", "--dns", "z"]).unwrap().unwrap();
        assert_eq!(with_addr.dns.unwrap().1.port(), 5353);
        assert!(parse(&["--dns"]).is_err());
    }
}
