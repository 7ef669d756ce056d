//! The DNS fixture server: the shared zone file, over UDP, from the library and from the binary.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use fixture_server::{DnsServer, Zone, ZoneData};
use hickory_proto::op::{Message, Query, ResponseCode};
use hickory_proto::rr::rdata::{A, CNAME};
use hickory_proto::rr::{Name, RData, RecordType};

fn zone_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/dns/zone.txt")
}

/// One query over UDP, with a timeout so that a broken server fails the test instead of hanging it.
fn ask(server: SocketAddr, name: &str, kind: RecordType) -> Message {
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    client.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut request = Message::query();
    request.metadata.recursion_desired = true;
    request.add_query(Query::query(Name::from_ascii(name).unwrap(), kind));
    client.send_to(&request.to_vec().unwrap(), server).unwrap();
    let mut buf = [0u8; 4096];
    let len = client.recv(&mut buf).unwrap();
    let response = Message::from_vec(&buf[..len]).unwrap();
    assert_eq!(response.metadata.id, request.metadata.id);
    response
}

fn cname(target: &str) -> RData {
    RData::CNAME(CNAME(Name::from_ascii(target).unwrap()))
}

#[test]
fn the_shared_zone_parses() {
    let zone = Zone::read(&zone_path()).unwrap();
    assert_eq!(zone.records("metrics.cname-shop.test"), [ZoneData::Cname("cname-shop.test.eulerian.net".into())]);
    assert_eq!(zone.records("cname-shop.test.eulerian.net."), [ZoneData::A(Ipv4Addr::LOCALHOST)]);
    let missing = Zone::read(&zone_path().with_file_name("absent.txt")).unwrap_err();
    assert!(missing.to_string().contains("cannot read zone file"), "{missing}");
}

#[test]
fn answers_the_zone_over_udp() {
    let dns = DnsServer::start(zone_path()).unwrap();
    assert!(dns.addr().ip().is_loopback() && dns.addr().port() != 0);

    let one_hop = ask(dns.addr(), "metrics.cname-shop.test.", RecordType::CNAME);
    assert_eq!(one_hop.metadata.response_code, ResponseCode::NoError);
    assert_eq!(
        one_hop.answers.iter().map(|r| r.data.clone()).collect::<Vec<_>>(),
        [cname("cname-shop.test.eulerian.net.")]
    );

    let followed = ask(dns.addr(), "sdk.cname-shop.test.", RecordType::A);
    let data: Vec<RData> = followed.answers.iter().map(|r| r.data.clone()).collect();
    assert_eq!(
        data,
        [
            cname("sdk.cname-shop.test.edge.example-cdn.net."),
            cname("cname-shop.dnsdelegation.io."),
            RData::A(A(Ipv4Addr::LOCALHOST)),
        ]
    );

    let nodata = ask(dns.addr(), "shop.cname-shop.test.", RecordType::CNAME);
    assert_eq!((nodata.metadata.response_code, nodata.answers.len()), (ResponseCode::NoError, 0));
    let nx = ask(dns.addr(), "unknown.cname-shop.test.", RecordType::A);
    assert_eq!((nx.metadata.response_code, nx.answers.len()), (ResponseCode::NXDomain, 0));

    let asked: Vec<String> = dns.queries().into_iter().map(|q| format!("{} {}", q.name, q.kind)).collect();
    assert_eq!(
        asked,
        [
            "metrics.cname-shop.test CNAME",
            "sdk.cname-shop.test A",
            "shop.cname-shop.test CNAME",
            "unknown.cname-shop.test A"
        ]
    );
}

#[test]
fn binary_prints_its_dns_address_and_answers() {
    struct Child(std::process::Child);
    impl Drop for Child {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_fixture-server"))
            .arg("--no-https")
            .arg("--dns")
            .arg(zone_path())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let parts: Vec<(&str, &str)> = line.split_whitespace().map(|p| p.split_once('=').unwrap()).collect();
    assert_eq!(parts.iter().map(|p| p.0).collect::<Vec<_>>(), ["http", "dns"], "{line}");
    let dns: SocketAddr = parts[1].1.parse().unwrap();
    assert!(dns.ip().is_loopback(), "{line}");
    let answer = ask(dns, "static.cname-shop.test.", RecordType::CNAME);
    assert_eq!(answer.answers[0].data, cname("cname-shop-test.cdn.example-cdn.net."));

    let bad_zone = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad_zone.path(), "a.test MX mail.test\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fixture-server"))
        .arg("--no-https")
        .arg("--dns")
        .arg(bad_zone.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 1: unsupported type MX"), "{stderr}");
}
