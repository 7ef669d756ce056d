//! A small authoritative DNS server over UDP for the CNAME-cloaking tests: it answers `A`, `AAAA` and
//! `CNAME` queries from a [`Zone`] (`fixtures/dns/zone.txt`), NXDOMAIN for names it does not know.
//!
//! ```no_run
//! let dns = fixture_server::DnsServer::start("fixtures/dns/zone.txt")?;
//! // … point a resolver at `dns.addr()` (127.0.0.1 and a free UDP port), then read `dns.queries()`.
//! # Ok::<(), std::io::Error>(())
//! ```

mod zone;

use zone::Kind;
pub use zone::{Zone, ZoneData};

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use hickory_proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME};
use hickory_proto::rr::{Name, RData, Record, RecordType};

/// The TTL of every answer, in seconds.
const TTL: u32 = 60;

/// How often the serving thread looks whether it should stop.
const POLL: Duration = Duration::from_millis(50);

/// One query the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsQuery {
    /// The name asked for, lowercase, without the trailing dot.
    pub name: String,
    /// The record type asked for (`A`, `CNAME`, …).
    pub kind: String,
}

/// A running DNS server on a UDP socket. It answers until dropped.
#[derive(Debug)]
pub struct DnsServer {
    addr: SocketAddr,
    queries: Arc<Mutex<Vec<DnsQuery>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl DnsServer {
    /// Serves the zone file at `zone_path` on `127.0.0.1` and a free UDP port.
    pub fn start(zone_path: impl AsRef<Path>) -> io::Result<DnsServer> {
        DnsServer::serve(Zone::read(zone_path.as_ref())?, SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0))
    }

    /// Serves `zone` on the UDP address `addr` (port 0: a free port).
    pub fn serve(zone: Zone, addr: SocketAddr) -> io::Result<DnsServer> {
        let socket = UdpSocket::bind(addr)?;
        socket.set_read_timeout(Some(POLL))?;
        let addr = socket.local_addr()?;
        let queries = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, flag) = (Arc::clone(&queries), Arc::clone(&stop));
        let thread = std::thread::Builder::new()
            .name("fixture-dns".into())
            .spawn(move || serve_loop(&socket, &zone, &log, &flag))?;
        Ok(DnsServer { addr, queries, stop, thread: Some(thread) })
    }

    /// The address the server answers on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every query received so far, in arrival order.
    pub fn queries(&self) -> Vec<DnsQuery> {
        self.queries.lock().expect("query log lock").clone()
    }
}

impl Drop for DnsServer {
    /// Stops the serving thread and waits for it (at most one poll interval).
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve_loop(socket: &UdpSocket, zone: &Zone, log: &Mutex<Vec<DnsQuery>>, stop: &AtomicBool) {
    let mut buf = [0u8; 4096];
    while !stop.load(Ordering::Relaxed) {
        let Ok((len, peer)) = socket.recv_from(&mut buf) else {
            continue; // the poll timeout, or an ICMP error from an earlier reply
        };
        let Ok(request) = Message::from_vec(&buf[..len]) else {
            continue; // not DNS: no answer, as a server would do with garbage
        };
        if let Some(query) = request.queries.first() {
            let name = zone::key(&query.name.to_ascii());
            log.lock().expect("query log lock").push(DnsQuery { name, kind: query.query_type.to_string() });
        }
        if let Ok(bytes) = respond(zone, &request).to_vec() {
            let _ = socket.send_to(&bytes, peer);
        }
    }
}

/// The response to one request.
pub(crate) fn respond(zone: &Zone, request: &Message) -> Message {
    let id = request.metadata.id;
    let mut response = Message::response(id, request.metadata.op_code);
    response.metadata.recursion_desired = request.metadata.recursion_desired;
    if request.edns.is_some() {
        response.edns = Some(Edns::new());
    }
    let [query] = request.queries.as_slice() else {
        response.metadata.response_code = ResponseCode::FormErr;
        return response;
    };
    response.queries.push(query.clone());
    if request.metadata.message_type != MessageType::Query || request.metadata.op_code != OpCode::Query {
        response.metadata.response_code = ResponseCode::NotImp;
        return response;
    }
    response.metadata.authoritative = true;
    let kind = match query.query_type {
        RecordType::A => Kind::A,
        RecordType::AAAA => Kind::Aaaa,
        RecordType::CNAME => Kind::Cname,
        _ => Kind::Other,
    };
    let answer = zone.answer(&query.name.to_ascii(), kind);
    if answer.nxdomain {
        response.metadata.response_code = ResponseCode::NXDomain;
    }
    for (owner, data) in answer.records {
        let owner = if owner == zone::key(&query.name.to_ascii()) { query.name.clone() } else { fqdn(&owner) };
        let rdata = match data {
            ZoneData::A(ip) => RData::A(A(ip)),
            ZoneData::Aaaa(ip) => RData::AAAA(AAAA(ip)),
            ZoneData::Cname(target) => RData::CNAME(CNAME(fqdn(&target))),
        };
        response.answers.push(Record::from_rdata(owner, TTL, rdata));
    }
    response
}

/// A zone name (validated when the zone was parsed) as a fully qualified DNS name.
fn fqdn(name: &str) -> Name {
    Name::from_ascii(format!("{name}.")).expect("zone names are valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_proto::op::Query;

    fn ask(zone: &Zone, name: &str, kind: RecordType) -> Message {
        let mut request = Message::query();
        request.metadata.recursion_desired = true;
        request.add_query(Query::query(Name::from_ascii(name).unwrap(), kind));
        let bytes = respond(zone, &Message::from_vec(&request.to_vec().unwrap()).unwrap()).to_vec().unwrap();
        Message::from_vec(&bytes).unwrap()
    }

    #[test]
    fn answers_cname_a_and_nxdomain() {
        let zone = Zone::parse("m.shop.test CNAME shop.tracker.test\nshop.tracker.test A 127.0.0.1\n").unwrap();
        let cname = ask(&zone, "M.shop.test.", RecordType::CNAME);
        assert_eq!(cname.metadata.response_code, ResponseCode::NoError);
        assert!(cname.metadata.authoritative);
        assert_eq!(cname.answers.len(), 1);
        assert_eq!(cname.answers[0].name.to_ascii(), "M.shop.test.", "the owner echoes the query's case");
        assert_eq!(cname.answers[0].data, RData::CNAME(CNAME(fqdn("shop.tracker.test"))));
        let a = ask(&zone, "m.shop.test.", RecordType::A);
        assert_eq!(a.answers.len(), 2);
        assert_eq!(a.answers[1].data, RData::A(A(Ipv4Addr::LOCALHOST)));
        let none = ask(&zone, "other.shop.test.", RecordType::A);
        assert_eq!(none.metadata.response_code, ResponseCode::NXDomain);
        assert!(none.answers.is_empty());
        assert!(ask(&zone, "shop.tracker.test.", RecordType::MX).answers.is_empty());
    }

    #[test]
    fn serves_over_udp_and_stops_on_drop() {
        let zone = Zone::parse("a.test A 127.0.0.9").unwrap();
        let server = DnsServer::serve(zone, "127.0.0.1:0".parse().unwrap()).unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        client.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut request = Message::query();
        request.add_query(Query::query(Name::from_ascii("a.test.").unwrap(), RecordType::A));
        client.send_to(&request.to_vec().unwrap(), server.addr()).unwrap();
        let mut buf = [0u8; 512];
        let len = client.recv(&mut buf).unwrap();
        let response = Message::from_vec(&buf[..len]).unwrap();
        assert_eq!(response.metadata.id, request.metadata.id);
        assert_eq!(response.answers[0].data, RData::A(A(Ipv4Addr::new(127, 0, 0, 9))));
        assert_eq!(server.queries(), vec![DnsQuery { name: "a.test".into(), kind: "A".into() }]);
        let addr = server.addr();
        drop(server);
        assert!(UdpSocket::bind(addr).is_ok(), "the port is free again after drop");
    }
}
