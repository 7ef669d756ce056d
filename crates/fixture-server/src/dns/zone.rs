//! The zone a [`DnsServer`](super::DnsServer) answers from: one record per line, `NAME TYPE VALUE`.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::Path;

/// The longest CNAME chain the server follows inside its own zone when answering one query.
const MAX_CHAIN: usize = 16;

/// The data of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneData {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// An alias: the canonical name (lowercase, without the trailing dot).
    Cname(String),
}

/// A parsed zone: records by owner name (lowercase, without the trailing dot).
///
/// The text format is one record per line, `NAME TYPE VALUE`, with `A`, `AAAA` or `CNAME` as the type and
/// names with or without their trailing dot; `#` and `;` start comments and blank lines are skipped:
///
/// ```text
/// metrics.cname-shop.test.      CNAME cname-shop.test.eulerian.net.
/// cname-shop.test.eulerian.net. A     127.0.0.1
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Zone {
    records: HashMap<String, Vec<ZoneData>>,
}

/// A name as the zone keys it.
pub(crate) fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

impl Zone {
    /// Parses zone text; an error names the line and what is wrong with it.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let mut records: HashMap<String, Vec<ZoneData>> = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split(['#', ';']).next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let err = |msg: String| format!("line {}: {msg}: {raw:?}", i + 1);
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [name, kind, value] = fields[..] else {
                return Err(err("expected NAME TYPE VALUE".to_string()));
            };
            let name = key(name);
            if name.is_empty() || !valid_name(&name) {
                return Err(err(format!("invalid name {name:?}")));
            }
            let data = match kind.to_ascii_uppercase().as_str() {
                "A" => ZoneData::A(value.parse().map_err(|_| err(format!("invalid IPv4 address {value:?}")))?),
                "AAAA" => ZoneData::Aaaa(value.parse().map_err(|_| err(format!("invalid IPv6 address {value:?}")))?),
                "CNAME" if valid_name(&key(value)) => ZoneData::Cname(key(value)),
                "CNAME" => return Err(err(format!("invalid CNAME target {value:?}"))),
                other => return Err(err(format!("unsupported type {other} (A, AAAA or CNAME)"))),
            };
            let existing = records.entry(name).or_default();
            let is_cname = matches!(data, ZoneData::Cname(_));
            if !existing.is_empty() && (is_cname || existing.iter().any(|d| matches!(d, ZoneData::Cname(_)))) {
                return Err(err("a name with a CNAME can have no other record".to_string()));
            }
            existing.push(data);
        }
        Ok(Zone { records })
    }

    /// Reads and parses a zone file; a parse error is [`io::ErrorKind::InvalidData`] naming the file and line.
    pub fn read(path: &Path) -> io::Result<Zone> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot read zone file {}: {e}", path.display())))?;
        Zone::parse(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))
    }

    /// The records of `name` (any case, with or without the trailing dot).
    pub fn records(&self, name: &str) -> &[ZoneData] {
        self.records.get(&key(name)).map_or(&[], Vec::as_slice)
    }

    /// Whether `name` owns records or has names below it (an empty non-terminal, which exists in DNS).
    fn exists(&self, name: &str) -> bool {
        let name = key(name);
        let below = format!(".{name}");
        self.records.contains_key(&name) || self.records.keys().any(|k| k.ends_with(&below))
    }

    /// The answer to a query as an authoritative server gives it: the CNAME chain followed inside the zone
    /// (only its first hop for a CNAME query), then the records of the asked type; no records for a name
    /// without them (NODATA); NXDOMAIN for a name that does not exist, or a chain that ends at one.
    pub(crate) fn answer(&self, name: &str, want: Kind) -> Answer {
        let mut owner = key(name);
        let mut records = Vec::new();
        for _ in 0..MAX_CHAIN {
            let data = self.records(&owner);
            if let [ZoneData::Cname(target)] = data {
                records.push((owner.clone(), ZoneData::Cname(target.clone())));
                if want == Kind::Cname {
                    break;
                }
                owner.clone_from(target);
                continue;
            }
            if data.is_empty() && !self.exists(&owner) {
                return Answer { nxdomain: true, records };
            }
            records.extend(data.iter().filter(|d| want.matches(d)).map(|d| (owner.clone(), d.clone())));
            break;
        }
        Answer { nxdomain: false, records }
    }
}

/// What [`Zone::answer`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// Whether the name (or the end of its CNAME chain) does not exist.
    pub(crate) nxdomain: bool,
    /// The answer records, `(owner, data)`, in order.
    pub(crate) records: Vec<(String, ZoneData)>,
}

/// The record types a query can ask for, as far as the zone is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `A`.
    A,
    /// `AAAA`.
    Aaaa,
    /// `CNAME`.
    Cname,
    /// Any other type: the name exists or not, but has no such records.
    Other,
}

impl Kind {
    fn matches(self, data: &ZoneData) -> bool {
        matches!((self, data), (Kind::A, ZoneData::A(_)) | (Kind::Aaaa, ZoneData::Aaaa(_)))
    }
}

/// Letters, digits, `-` and `_` in non-empty labels of at most 63 bytes.
fn valid_name(name: &str) -> bool {
    name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE: &str = "\
# comment
a.test.  CNAME b.test.   ; trailing comment
b.test   CNAME c.test
c.test   A     127.0.0.1
c.test   AAAA  ::1
x.sub.test A 127.0.0.2
";

    #[test]
    fn parses_and_answers() {
        let zone = Zone::parse(ZONE).unwrap();
        let cname = |s: &str| ZoneData::Cname(s.to_string());
        let a = ZoneData::A(Ipv4Addr::LOCALHOST);
        let ok = |records| Answer { nxdomain: false, records };
        assert_eq!(zone.answer("A.Test.", Kind::Cname), ok(vec![("a.test".to_string(), cname("b.test"))]));
        assert_eq!(
            zone.answer("a.test", Kind::A),
            ok(vec![("a.test".into(), cname("b.test")), ("b.test".into(), cname("c.test")), ("c.test".into(), a)])
        );
        assert_eq!(zone.answer("c.test", Kind::Cname), ok(vec![]), "NODATA");
        assert_eq!(zone.answer("sub.test", Kind::A), ok(vec![]), "an empty non-terminal exists");
        assert_eq!(zone.answer("nope.test", Kind::A), Answer { nxdomain: true, records: vec![] });
        let dangling = Zone::parse("d.test CNAME gone.test").unwrap().answer("d.test", Kind::A);
        assert_eq!(dangling, Answer { nxdomain: true, records: vec![("d.test".into(), cname("gone.test"))] });
    }

    #[test]
    fn loops_end() {
        let zone = Zone::parse("l1.test CNAME l2.test\nl2.test CNAME l1.test\n").unwrap();
        assert_eq!(zone.answer("l1.test", Kind::A).records.len(), MAX_CHAIN);
    }

    #[test]
    fn errors_name_the_line() {
        for (text, needle) in [
            ("a.test A", "line 1: expected NAME TYPE VALUE"),
            ("\na.test MX mail.test", "line 2: unsupported type MX"),
            ("a.test A 300.1.1.1", "invalid IPv4"),
            ("a..test A 127.0.0.1", "invalid name"),
            ("a.test CNAME b.test\na.test A 127.0.0.1", "line 2: a name with a CNAME"),
        ] {
            let e = Zone::parse(text).unwrap_err();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }
}
