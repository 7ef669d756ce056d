//! A TC string encoder for tests elsewhere in the crate (the audit's TCF findings): the core segment only,
//! vendor sections as bitfields, no publisher restrictions. Checked below against a published string.

use super::encode_bits;

/// The fields of a core segment that tests set; the rest are fixed (consent screen 0, language EN, policy
/// version 4 unless set, service-specific, no special features).
#[derive(Debug, Clone)]
pub(crate) struct Core {
    pub created_deciseconds: u64,
    pub cmp_id: u16,
    pub cmp_version: u16,
    pub vendor_list_version: u16,
    pub policy_version: u8,
    pub purposes_consent: Vec<u8>,
    pub purposes_legitimate_interest: Vec<u8>,
    pub purpose_one_treatment: bool,
    pub publisher_cc: [u8; 2],
    pub vendor_consents: Vec<u16>,
    pub vendor_legitimate_interests: Vec<u16>,
}

impl Default for Core {
    fn default() -> Core {
        Core {
            // 2024-01-01T00:00:00Z.
            created_deciseconds: 17_040_672_000,
            cmp_id: 10,
            cmp_version: 2,
            vendor_list_version: 100,
            policy_version: 4,
            purposes_consent: Vec::new(),
            purposes_legitimate_interest: Vec::new(),
            purpose_one_treatment: false,
            publisher_cc: *b"DE",
            vendor_consents: Vec::new(),
            vendor_legitimate_interests: Vec::new(),
        }
    }
}

/// `n` bits of `value`, most significant first.
fn int(value: u64, n: usize) -> String {
    format!("{value:0n$b}")
}

/// A `len`-bit TCF bitfield with the (1-based) `ids` set.
fn bitfield<T: Copy + Into<usize>>(ids: &[T], len: usize) -> String {
    (1..=len).map(|i| if ids.iter().any(|&id| id.into() == i) { '1' } else { '0' }).collect()
}

/// Two upper-case letters as two 6-bit values.
fn letters(code: [u8; 2]) -> String {
    code.iter().map(|c| int(u64::from(c - b'A'), 6)).collect()
}

/// A vendor section: MaxVendorId, IsRangeEncoding 0, the bitfield.
fn vendors(ids: &[u16]) -> String {
    let max = ids.iter().copied().max().unwrap_or(0);
    format!("{}0{}", int(u64::from(max), 16), bitfield(ids, usize::from(max)))
}

/// The core segment of `core`, base64url.
pub(crate) fn encode_core(core: &Core) -> String {
    let bits = [
        int(2, 6),
        int(core.created_deciseconds, 36),
        int(core.created_deciseconds, 36),
        int(u64::from(core.cmp_id), 12),
        int(u64::from(core.cmp_version), 12),
        int(0, 6),
        letters(*b"EN"),
        int(u64::from(core.vendor_list_version), 12),
        int(u64::from(core.policy_version), 6),
        "10".to_string(),
        int(0, 12),
        bitfield(&core.purposes_consent, 24),
        bitfield(&core.purposes_legitimate_interest, 24),
        if core.purpose_one_treatment { "1" } else { "0" }.to_string(),
        letters(core.publisher_cc),
        vendors(&core.vendor_consents),
        vendors(&core.vendor_legitimate_interests),
        int(0, 12),
    ];
    encode_bits(&bits.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent_strings::TcString;

    #[test]
    fn encodes_the_core_of_a_published_string() {
        // IABTechLab/iabgpp-es, GppModel.test.ts, "should decode tcfeuv2 sections" (decoded in tcf.rs):
        // CmpId 880, VendorListVersion 224, PolicyVersion 2, PublisherCC AA, 2022-01-01, nothing consented.
        let core = Core {
            created_deciseconds: 16_409_952_000,
            cmp_id: 880,
            cmp_version: 0,
            vendor_list_version: 224,
            policy_version: 2,
            publisher_cc: *b"AA",
            ..Core::default()
        };
        assert_eq!(encode_core(&core), "CPSG_8APSG_8ANwAAAENDgCgAAAAAAAAAAAAAAAAAAAA");
    }

    #[test]
    fn decodes_what_it_encodes() {
        let core = Core {
            purposes_consent: vec![1, 3, 4],
            purposes_legitimate_interest: vec![2, 7, 10],
            purpose_one_treatment: true,
            vendor_consents: vec![11, 755, 793],
            vendor_legitimate_interests: vec![21, 755],
            ..Core::default()
        };
        let tc = TcString::parse(&encode_core(&core)).unwrap();
        assert_eq!(tc.cmp_id, 10);
        assert_eq!(tc.cmp_version, 2);
        assert_eq!(tc.purposes_consent, [1, 3, 4]);
        assert_eq!(tc.purposes_legitimate_interest, [2, 7, 10]);
        assert!(tc.purpose_one_treatment);
        assert_eq!(tc.publisher_cc, "DE");
        assert_eq!(tc.vendor_consents.into_iter().collect::<Vec<_>>(), [11, 755, 793]);
        assert_eq!(tc.vendor_legitimate_interests.into_iter().collect::<Vec<_>>(), [21, 755]);
        assert_eq!(tc.created.unwrap().to_rfc3339(), "2024-01-01T00:00:00+00:00");
        assert!(!TcString::parse(&encode_core(&Core::default())).unwrap().has_any_consent());
    }
}
