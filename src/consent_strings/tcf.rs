//! The IAB Europe TCF v2 TC string: the `euconsent-v2` cookie and `__tcfapi('getTCData')`'s `tcString`.
//!
//! The core segment is decoded per "IAB Tech Lab - Consent string and vendor list formats v2" (TCF v2.2,
//! InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework, `TCFv2/`); of the segments after
//! a `.`, the disclosed vendors segment (type 1) is decoded and the others (publisher TC, the deprecated
//! allowed vendors) are only counted.
//!
//! Bounds: a vendor set holds ids 1 to 65,535 at most (ranges are merged before they are expanded, and
//! clipped to the section's MaxVendorId); publisher restrictions together may expand to at most
//! [`MAX_RESTRICTED_VENDOR_IDS`] ids, past which the string is refused.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use super::{BitReader, ConsentStringError};

const KIND: &str = "TC string";

/// The most vendor ids that all publisher restrictions of one TC string may list together (each
/// restriction is a set of at most 65,535 ids, but a string may hold 4,095 restrictions).
pub const MAX_RESTRICTED_VENDOR_IDS: usize = 1 << 18;

/// A decoded TC string (TCF v2): the core segment, and the disclosed vendors segment when present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TcString {
    /// The encoding version: always 2 (version 1 strings are refused).
    pub version: u8,
    /// When the string was created (since TCF v2.2 the same day-level time as `last_updated`); `None`
    /// when the field is 0 (not set).
    #[serde(serialize_with = "serialize_time")]
    pub created: Option<DateTime<Utc>>,
    /// When the string was last updated; `None` when the field is 0.
    #[serde(serialize_with = "serialize_time")]
    pub last_updated: Option<DateTime<Utc>>,
    /// The id of the CMP that last updated the string.
    pub cmp_id: u16,
    /// That CMP's version.
    pub cmp_version: u16,
    /// The CMP's screen number at which consent was given.
    pub consent_screen: u8,
    /// The ISO 639-1 language of the CMP's UI, upper case ("EN").
    pub consent_language: String,
    /// The version of the Global Vendor List used.
    pub vendor_list_version: u16,
    /// The TCF policy version (4 for TCF v2.2, 5 for v2.3).
    pub policy_version: u8,
    /// Whether the string is service-specific (must be true since global scope was deprecated).
    pub is_service_specific: bool,
    /// Whether the CMP used non-standard texts.
    pub use_non_standard_texts: bool,
    /// The special features opted in to (ids 1 to 12).
    pub special_features: Vec<u8>,
    /// The purposes consented to (ids 1 to 24).
    pub purposes_consent: Vec<u8>,
    /// The purposes whose legitimate interest was established and not objected to (ids 1 to 24).
    pub purposes_legitimate_interest: Vec<u8>,
    /// Whether purpose 1 was not disclosed (special treatment; see `publisher_cc`).
    pub purpose_one_treatment: bool,
    /// The ISO 3166-1 alpha-2 country of the publisher, upper case.
    pub publisher_cc: String,
    /// The MaxVendorId of the vendor consent section.
    pub max_vendor_id_consent: u16,
    /// The vendors consented to.
    pub vendor_consents: BTreeSet<u16>,
    /// The MaxVendorId of the vendor legitimate interest section.
    pub max_vendor_id_legitimate_interest: u16,
    /// The vendors whose legitimate interest was established and not objected to.
    pub vendor_legitimate_interests: BTreeSet<u16>,
    /// The publisher's restrictions on vendors' purposes.
    pub publisher_restrictions: Vec<PublisherRestriction>,
    /// The vendors disclosed to the user (the disclosed vendors segment, mandatory since TCF v2.3);
    /// `None` when the string has no such segment.
    pub disclosed_vendors: Option<BTreeSet<u16>>,
    /// How many `.`-separated segments the string has, the core segment included.
    pub segment_count: usize,
}

/// A publisher restriction: for one purpose, a restriction on a set of vendors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublisherRestriction {
    /// The purpose restricted (1 to 63).
    pub purpose: u8,
    /// What the restriction requires.
    pub restriction_type: RestrictionType,
    /// The vendors it applies to.
    pub vendors: BTreeSet<u16>,
}

/// What a publisher restriction requires of the vendors it lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionType {
    /// 0: the purpose is not allowed at all.
    NotAllowed,
    /// 1: the purpose requires consent (for vendors flexible on the legal basis).
    RequireConsent,
    /// 2: the purpose requires legitimate interest (for vendors flexible on the legal basis).
    RequireLegitimateInterest,
    /// 3: undefined by the spec.
    Undefined,
}

impl RestrictionType {
    /// The type encoded as `value` (its two low bits).
    fn from_bits(value: u64) -> RestrictionType {
        match value & 3 {
            0 => RestrictionType::NotAllowed,
            1 => RestrictionType::RequireConsent,
            2 => RestrictionType::RequireLegitimateInterest,
            _ => RestrictionType::Undefined,
        }
    }
}

impl TcString {
    /// Decodes a TC string: the core segment, then the segments after `.` (the disclosed vendors one
    /// decoded, the others counted).
    pub fn parse(text: &str) -> Result<TcString, ConsentStringError> {
        super::check_length(KIND, text)?;
        let mut segments = text.split('.');
        let core = segments.next().unwrap_or_default();
        let mut tc = parse_core(core)?;
        for segment in segments {
            tc.segment_count += 1;
            let mut r = BitReader::new(KIND, segment)?;
            let segment_type = r.int(3, "the segment type of a segment after the core")?;
            if segment_type == 1 {
                let (_, vendors) = read_vendor_section(&mut r, "the disclosed vendors segment")?;
                tc.disclosed_vendors = Some(vendors);
            }
        }
        Ok(tc)
    }

    /// Whether the user consented to anything: a purpose, a special feature or a vendor.
    pub fn has_any_consent(&self) -> bool {
        !self.purposes_consent.is_empty() || !self.special_features.is_empty() || !self.vendor_consents.is_empty()
    }

    /// Whether the user consented to vendor `id`.
    pub fn vendor_consent(&self, id: u16) -> bool {
        self.vendor_consents.contains(&id)
    }

    /// Whether vendor `id`'s legitimate interest was established and not objected to.
    pub fn vendor_legitimate_interest(&self, id: u16) -> bool {
        self.vendor_legitimate_interests.contains(&id)
    }

    /// Whether the user consented to purpose `id` (1 to 24).
    pub fn purpose_consent(&self, id: u8) -> bool {
        self.purposes_consent.contains(&id)
    }

    /// Whether the legitimate interest for purpose `id` was established and not objected to.
    pub fn purpose_legitimate_interest(&self, id: u8) -> bool {
        self.purposes_legitimate_interest.contains(&id)
    }
}

/// Decodes the core segment.
fn parse_core(core: &str) -> Result<TcString, ConsentStringError> {
    let mut r = BitReader::new(KIND, core)?;
    let version = r.int(6, "the Version field")? as u8;
    match version {
        2 => {}
        1 => {
            return Err(ConsentStringError::UnsupportedVersion {
                kind: KIND,
                version: 1,
                supported: "TCF v1 consent strings (invalid since 2020) are not decoded, only version 2",
            });
        }
        other => {
            return Err(ConsentStringError::UnsupportedVersion {
                kind: KIND,
                version: u32::from(other),
                supported: "only version 2 is decoded",
            });
        }
    }
    let created = deciseconds(r.int(36, "the Created field")?);
    let last_updated = deciseconds(r.int(36, "the LastUpdated field")?);
    let cmp_id = r.int(12, "the CmpId field")? as u16;
    let cmp_version = r.int(12, "the CmpVersion field")? as u16;
    let consent_screen = r.int(6, "the ConsentScreen field")? as u8;
    let consent_language = r.letters("the ConsentLanguage field")?;
    let vendor_list_version = r.int(12, "the VendorListVersion field")? as u16;
    let policy_version = r.int(6, "the TcfPolicyVersion field")? as u8;
    let is_service_specific = r.bool("the IsServiceSpecific field")?;
    let use_non_standard_texts = r.bool("the UseNonStandardTexts field")?;
    let special_features = small_ids(r.bitfield_ids(12, "the SpecialFeatureOptIns field")?);
    let purposes_consent = small_ids(r.bitfield_ids(24, "the PurposesConsent field")?);
    let purposes_legitimate_interest = small_ids(r.bitfield_ids(24, "the PurposesLITransparency field")?);
    let purpose_one_treatment = r.bool("the PurposeOneTreatment field")?;
    let publisher_cc = r.letters("the PublisherCC field")?;
    let (max_vendor_id_consent, vendor_consents) = read_vendor_section(&mut r, "the vendor consent section")?;
    let (max_vendor_id_legitimate_interest, vendor_legitimate_interests) =
        read_vendor_section(&mut r, "the vendor legitimate interest section")?;
    let publisher_restrictions = read_publisher_restrictions(&mut r)?;
    Ok(TcString {
        version,
        created,
        last_updated,
        cmp_id,
        cmp_version,
        consent_screen,
        consent_language,
        vendor_list_version,
        policy_version,
        is_service_specific,
        use_non_standard_texts,
        special_features,
        purposes_consent,
        purposes_legitimate_interest,
        purpose_one_treatment,
        publisher_cc,
        max_vendor_id_consent,
        vendor_consents,
        max_vendor_id_legitimate_interest,
        vendor_legitimate_interests,
        publisher_restrictions,
        disclosed_vendors: None,
        segment_count: 1,
    })
}

/// A 36-bit decisecond timestamp; `None` for 0.
fn deciseconds(value: u64) -> Option<DateTime<Utc>> {
    // 36 bits of deciseconds are about 218 years: well within i64 milliseconds and chrono's range.
    if value == 0 { None } else { DateTime::from_timestamp_millis(value as i64 * 100) }
}

/// Ids of a bitfield of at most 24 bits as `u8`.
fn small_ids(ids: Vec<u16>) -> Vec<u8> {
    ids.into_iter().map(|id| id as u8).collect()
}

/// Reads a vendor section (the consent and legitimate interest sections of the core, and the disclosed
/// vendors segment after its type): MaxVendorId(16), IsRangeEncoding(1), then a MaxVendorId-bit bitfield or
/// NumEntries(12) range entries. Range entries are clipped to MaxVendorId.
fn read_vendor_section(r: &mut BitReader, field: &'static str) -> Result<(u16, BTreeSet<u16>), ConsentStringError> {
    let max = r.int(16, field)? as u16;
    let is_range = r.bool(field)?;
    if !is_range {
        let ids = r.bitfield_ids(usize::from(max), field)?;
        return Ok((max, ids.into_iter().collect()));
    }
    let ranges = read_ranges(r, field)?;
    let mut set = BTreeSet::new();
    for (start, end) in merge(ranges) {
        if start > max {
            break;
        }
        set.extend(start..=end.min(max));
    }
    Ok((max, set))
}

/// Reads NumEntries(12) range entries, each IsARange(1) StartOrOnlyVendorId(16) [EndVendorId(16)]:
/// `(start, end)` pairs, checked to be 1 ≤ start ≤ end.
fn read_ranges(r: &mut BitReader, field: &'static str) -> Result<Vec<(u16, u16)>, ConsentStringError> {
    let count = r.int(12, field)? as usize;
    // Each entry takes at least 17 bits: a count the string cannot hold is refused before any allocation.
    r.ensure(count * 17, field)?;
    let mut ranges = Vec::with_capacity(count);
    for entry in 1..=count {
        let is_range = r.bool(field)?;
        let start = r.int(16, field)? as u16;
        let end = if is_range { r.int(16, field)? as u16 } else { start };
        if start == 0 {
            return Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!("range entry {entry} of {field} starts at vendor id 0 (ids start at 1)"),
            });
        }
        if end < start {
            return Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!("range entry {entry} of {field} ends at vendor {end}, before its start {start}"),
            });
        }
        ranges.push((start, end));
    }
    Ok(ranges)
}

/// Sorts inclusive ranges and merges those that overlap or touch, so that expanding them costs at most
/// one insertion a distinct id.
fn merge(mut ranges: Vec<(u16, u16)>) -> Vec<(u16, u16)> {
    ranges.sort_unstable();
    let mut merged: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if u32::from(start) <= u32::from(last.1) + 1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Reads NumPubRestrictions(12) and the restrictions: PurposeId(6) RestrictionType(2) and range entries.
fn read_publisher_restrictions(r: &mut BitReader) -> Result<Vec<PublisherRestriction>, ConsentStringError> {
    const FIELD: &str = "the publisher restrictions section";
    let count = r.int(12, FIELD)? as usize;
    // Each restriction takes at least 20 bits.
    r.ensure(count * 20, FIELD)?;
    let mut restrictions = Vec::with_capacity(count);
    let mut total = 0usize;
    for _ in 0..count {
        let purpose = r.int(6, FIELD)? as u8;
        let restriction_type = RestrictionType::from_bits(r.int(2, FIELD)?);
        let ranges = merge(read_ranges(r, FIELD)?);
        total += ranges.iter().map(|&(start, end)| usize::from(end - start) + 1).sum::<usize>();
        if total > MAX_RESTRICTED_VENDOR_IDS {
            return Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!(
                    "its publisher restrictions list more than {} vendor ids together",
                    super::thousands(MAX_RESTRICTED_VENDOR_IDS)
                ),
            });
        }
        let vendors = ranges.into_iter().flat_map(|(start, end)| start..=end).collect();
        restrictions.push(PublisherRestriction { purpose, restriction_type, vendors });
    }
    Ok(restrictions)
}

/// Serializes an optional time as RFC 3339 (UTC, milliseconds), or null.
#[allow(clippy::ref_option)] // the signature serde's `serialize_with` calls
fn serialize_time<S: Serializer>(time: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
    match time {
        Some(t) => serializer.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::encode_bits as encode;
    use super::*;

    fn ids(list: &[u16]) -> BTreeSet<u16> {
        list.iter().copied().collect()
    }

    fn date(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    /// The core fields up to and including PublisherCC (213 bits) of a valid version 2 string.
    fn core_prefix() -> String {
        let mut bits = String::new();
        bits += "000010"; // Version 2
        bits += &"0".repeat(36 * 2); // Created, LastUpdated
        bits += &"0".repeat(12 + 12 + 6); // CmpId, CmpVersion, ConsentScreen
        bits += &"0".repeat(12 + 12 + 6); // ConsentLanguage "AA", VendorListVersion, TcfPolicyVersion
        bits += "10"; // IsServiceSpecific, UseNonStandardTexts
        bits += &"0".repeat(12 + 24 + 24 + 1 + 12); // features, purposes, PurposeOneTreatment, PublisherCC
        bits
    }

    fn bits16(n: u16) -> String {
        format!("{n:016b}")
    }

    #[test]
    fn decodes_the_iabgpp_es_string_with_vendors_11_28_29_and_publisher_tc() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/encoder/section/TcfEuV2.test.ts, "decode with vendor
        // [11, 28, 29] and publisher TC": IsServiceSpecific true, PolicyVersion 5, Created
        // 2022-02-01T00:00:00Z, VendorConsents [11, 28, 29], VendorsDisclosed [11, 28, 29, 50, 60, 80],
        // ConsentLanguage EN, PurposeConsents [true, false, true, ...], PurposeLegitimateInterests
        // [false, true, false, ...].
        let tc = TcString::parse("CPTtLAAPTtLAAAAAAAENAAFgALwAAEAAAAAAAOgAgABgAAAA.IAoAAgABgAAEAQAAEAAA.d4AACEAAAAAA")
            .unwrap();
        assert_eq!(tc.version, 2);
        assert!(tc.is_service_specific);
        assert_eq!(tc.policy_version, 5);
        assert_eq!(tc.created, Some(date("2022-02-01T00:00:00Z")));
        assert_eq!(tc.last_updated, Some(date("2022-02-01T00:00:00Z")));
        assert_eq!(tc.consent_language, "EN");
        assert_eq!(tc.vendor_consents, ids(&[11, 28, 29]));
        assert!(tc.vendor_consent(28) && !tc.vendor_consent(27));
        assert_eq!(tc.disclosed_vendors, Some(ids(&[11, 28, 29, 50, 60, 80])));
        assert!(tc.purpose_consent(1) && !tc.purpose_consent(2) && tc.purpose_consent(3));
        assert!(!tc.purpose_legitimate_interest(1) && tc.purpose_legitimate_interest(2));
        assert!(!tc.purpose_legitimate_interest(3));
        assert!(tc.has_any_consent());
        assert_eq!(tc.segment_count, 3);
    }

    #[test]
    fn decodes_the_iabgpp_es_strings_with_cmp_880() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/GppModel.test.ts, "should decode tcfeuv2 sections":
        // Version 2, CmpId 880, CmpVersion 0, ConsentScreen 0, ConsentLanguage EN, VendorListVersion 224,
        // PolicyVersion 2, IsServiceSpecific true, UseNonStandardStacks false, PurposeOneTreatment false,
        // PublisherCountryCode AA, Created and LastUpdated 2022-01-01T00:00:00Z.
        let tc = TcString::parse("CPSG_8APSG_8ANwAAAENDgCgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA").unwrap();
        assert_eq!(tc.version, 2);
        assert_eq!(tc.cmp_id, 880);
        assert_eq!(tc.cmp_version, 0);
        assert_eq!(tc.consent_screen, 0);
        assert_eq!(tc.consent_language, "EN");
        assert_eq!(tc.vendor_list_version, 224);
        assert_eq!(tc.policy_version, 2);
        assert!(tc.is_service_specific);
        assert!(!tc.use_non_standard_texts);
        assert!(!tc.purpose_one_treatment);
        assert_eq!(tc.publisher_cc, "AA");
        assert_eq!(tc.created, Some(date("2022-01-01T00:00:00Z")));
        assert_eq!(tc.last_updated, Some(date("2022-01-01T00:00:00Z")));
        assert!(!tc.has_any_consent());
        assert_eq!(tc.disclosed_vendors, Some(BTreeSet::new()));
        assert_eq!(tc.segment_count, 3);

        // Same file, "should encode tcfeuv2 sections": CmpId 880, ConsentLanguage EN, VendorListVersion 48,
        // PolicyVersion 2, IsServiceSpecific true, PublisherCountryCode DE, VendorConsents [1, 2, 3, 4],
        // VendorLegitimateInterests [], VendorsDisclosed [1, 2, 3, 4, 5, 100, 404].
        let tc =
            TcString::parse("CPSG_8APSG_8ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA").unwrap();
        assert_eq!(tc.cmp_id, 880);
        assert_eq!(tc.vendor_list_version, 48);
        assert_eq!(tc.publisher_cc, "DE");
        assert_eq!(tc.vendor_consents, ids(&[1, 2, 3, 4]));
        assert!(tc.vendor_legitimate_interests.is_empty());
        assert_eq!(tc.disclosed_vendors, Some(ids(&[1, 2, 3, 4, 5, 100, 404])));

        // The TCF spec's example (InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework,
        // "TCFv2/IAB Tech Lab - Consent string and vendor list formats v2.md", "TC String Format") is the
        // same string but for its Created/LastUpdated characters ("CQSbk4AQSbk4A" for "CPSG_8APSG_8A"),
        // and has the three segments the spec lists: core, disclosed vendors, publisher TC.
        let spec =
            TcString::parse("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA").unwrap();
        assert_eq!(spec.segment_count, 3);
        assert_eq!(TcString { created: tc.created, last_updated: tc.last_updated, ..spec.clone() }, tc);
        assert!(spec.created > tc.created);
    }

    #[test]
    fn decodes_range_encoded_vendor_consents_from_iabgpp_es() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/GppModel.test.ts, "should decode tcfeuv2 vendor
        // consents [28]" / "[29]" / "[1, 173, 722]", with the VendorsDisclosed each test asserts.
        let cases: [(&str, &[u16], &[u16]); 3] = [
            ("CPSG_8APSG_8AAAAAAENAAFgAAAAAAAAAAAAAOAAAABAAAAA.IAOABgAB.YAAAAAAAAAAA", &[28], &[10, 11, 28]),
            ("CPSG_8APSG_8AAAAAAENAAFgAAAAAAAAAAAAAOwAQAOgAAAA.IAOgBgAAgAAA.YAAAAAAAAAAA", &[29], &[10, 11, 29]),
            (
                "CPSG_8APSG_8AAAAAAENAAFgAAAAAAAAAAAAFpQAwAAgCtAWkAAAAAAA.IFpQBQAAwAKAAsADoArQFpAA.YAAAAAAAAAAA",
                &[1, 173, 722],
                &[1, 10, 11, 29, 173, 722],
            ),
        ];
        for (text, consents, disclosed) in cases {
            let tc = TcString::parse(text).unwrap();
            assert_eq!(tc.vendor_consents, ids(consents), "{text}");
            assert_eq!(tc.disclosed_vendors, Some(ids(disclosed)), "{text}");
        }
    }

    #[test]
    fn decodes_publisher_restrictions_of_a_real_cmp_string() {
        // InteractiveAdvertisingBureau/iabtcf-es, modules/core/test/ReportedIssues.test.ts, "201 unable to
        // decode valid TCF2 String": version 2, and the vendors under the restriction (purpose 1, type 1 =
        // require consent) are [7, 20, 71, 122, 140, 183]. (The string repeats a restriction for a vendor.)
        let text = "CO4VGswO4VGswAfZCBDEAzCsAP_AAH_AAAigGUNf_X9fb2vj-_599_t0eY1f9_63t-wzjheMs-8NyZ-X_J4Wv2MyvB34JqQKGRgkunLBAQdtHGncTQgBwIlViTLMY02MjzNKJrJEilsbe2dYGH9vn8XT_ZKZ70-_v__7v3___33_5Ayhr_6_r7e18f3_Pvv9ujzGr_v_W9v2GccLxln3huTPy_5PC1-xmV4O_BNSBQyMEl05YICDto407iaEAOBEqsSZZjGmxkeZpRNZIkUtjb2zrAw_t8_i6f7JTPen39___d-___--__ICgKAOAAcAA4AFAAjgB6AEYALcGACAW0AtoJAHAAOAAcACgARwA9ACMAFuFABALaAW0GgDgAHAAOABQAI4AegBGAC3DgAgFtALaEQBwADgAHAAoAEcAPQAjABbiQAQC2gFtCoA4ABwADgAUACOAHoARgAtxYAIBbQC2hkAcAA4ABwAKABHAD0AIwAW40AEAtoBbQ6AOAAcAA4AFAAjgB6AEYALceACAW0AtohAHAAOAAcACgARwA9ACMAFuRABALaAW0SgDgAHAAOABQAI4AegBGAC3JgAgFtALaKQBwADgAHAAoAEcAPQAjABblQAQC2gFtA";
        let tc = TcString::parse(text).unwrap();
        assert_eq!(tc.version, 2);
        let require_consent: BTreeSet<u16> = tc
            .publisher_restrictions
            .iter()
            .filter(|r| r.purpose == 1 && r.restriction_type == RestrictionType::RequireConsent)
            .flat_map(|r| r.vendors.iter().copied())
            .collect();
        assert_eq!(require_consent, ids(&[7, 20, 71, 122, 140, 183]));
        assert!(tc.has_any_consent());
        assert_eq!(tc.segment_count, 1);
    }

    #[test]
    fn refuses_version_1_strings() {
        // InteractiveAdvertisingBureau/iabtcf-es, modules/core/test/ReportedIssues.test.ts, "156 it should
        // auto detect 1 version" (decoded version 1) and "191 ... TCF 1.1 consentString".
        for text in [
            "BOhwdphOxFC7tAHABBFRC--AAAAuhr_7__7-_9_-_f__9uj3Or_v_f__32ccL59v_h_7v-_7fi_20nV4u_1vft9yfk1-5ctDztp507iakivXmqdeb9v_nz3_5pxP78k89r7337Ew_v8_v-b7BCON_YxEiA",
            "BO2e4qiO2e4qiB9ABADEDS-AAAAxKABgACBiQA",
        ] {
            let error = TcString::parse(text).unwrap_err();
            assert!(matches!(error, ConsentStringError::UnsupportedVersion { version: 1, .. }), "{error}");
            assert!(error.to_string().contains("TCF v1"), "{error}");
        }
    }

    #[test]
    fn refuses_a_bitfield_shorter_than_max_vendor_id() {
        // InteractiveAdvertisingBureau/iabtcf-es, modules/core/test/ReportedIssues.test.ts, "142 it should
        // throw an error if the bitfield length does not match the maxId". Its core segment is whole; the
        // disclosed vendors segment after it claims a MaxVendorId its 48 bits cannot hold.
        let text = "CLSYjTaOngnCIAOABBENAXCMAGOAABBAAA7IA5n-m7fP6_3fbqVv6E__PoA5Aqff3aJx8tv_1967rfnQEQoAIAAQCrwkAEABAcACABIMACAAuApEVABABUSABgBCAVSAtIoACACIArYQAHACgAFgAVwBJgDcAI7AWgMAAgBiKgAgBMgFfKQAQBRkQAQA4AFiBAAoA-AEVAJlAVgAtYcACAJcAr4eABAK8OgBgFzAOmAqwgABAWyA.IFukWSQh";
        let error = TcString::parse(text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the TC string is cut short: the disclosed vendors segment needs 753 bits, it has 48"
        );
        assert!(TcString::parse(text.split('.').next().unwrap()).is_ok());
    }

    #[test]
    fn hostile_input_gives_errors_never_panics() {
        let valid = "CPTtLAAPTtLAAAAAAAENAAFgALwAAEAAAAAAAOgAgABgAAAA.IAoAAgABgAAEAQAAEAAA.d4AACEAAAAAA";
        // Every truncation of the core segment is an error, never a panic.
        let core = valid.split('.').next().unwrap();
        for end in 0..core.len() {
            assert!(TcString::parse(&core[..end]).is_err(), "{}", &core[..end]);
        }
        assert!(matches!(TcString::parse(""), Err(ConsentStringError::Empty { .. })));
        assert!(matches!(TcString::parse("not a tc string!"), Err(ConsentStringError::InvalidCharacter { .. })));
        assert!(matches!(TcString::parse("CPé"), Err(ConsentStringError::InvalidCharacter { .. })));
        assert!(TcString::parse("........").is_err());
        assert!(TcString::parse(&format!("{valid}.")).is_err());
        let overlong = "C".repeat(super::super::MAX_INPUT_LEN + 1);
        assert!(matches!(TcString::parse(&overlong), Err(ConsentStringError::TooLong { .. })));
        // Version 0 and 63.
        assert!(matches!(TcString::parse("AAAA"), Err(ConsentStringError::UnsupportedVersion { version: 0, .. })));
        assert!(matches!(TcString::parse("____"), Err(ConsentStringError::UnsupportedVersion { version: 63, .. })));

        // A huge MaxVendorId with a tiny payload: a bitfield of 65,535 bits the string does not have.
        let text = encode(&format!("{}{}0", core_prefix(), bits16(u16::MAX)));
        let error = TcString::parse(&text).unwrap_err();
        assert!(matches!(error, ConsentStringError::Truncated { needed: 65_765, .. }), "{error}");
        assert!(error.to_string().contains("the vendor consent section needs 65,765 bits"), "{error}");

        // A range entry count the payload cannot hold.
        let text = encode(&format!("{}{}1{:012b}", core_prefix(), bits16(10), 4095));
        assert!(matches!(TcString::parse(&text), Err(ConsentStringError::Truncated { .. })));

        // A range that ends before it starts, and one starting at vendor 0.
        let text = encode(&format!("{}{}1{:012b}1{}{}", core_prefix(), bits16(100), 1, bits16(50), bits16(40)));
        let error = TcString::parse(&text).unwrap_err();
        assert!(error.to_string().contains("ends at vendor 40, before its start 50"), "{error}");
        let text = encode(&format!("{}{}1{:012b}0{}", core_prefix(), bits16(100), 1, bits16(0)));
        assert!(matches!(TcString::parse(&text), Err(ConsentStringError::Invalid { .. })));

        // A range covering 1..=65535 with MaxVendorId 3 is clipped to 1..=3.
        let legitimate_interest = format!("{}0", bits16(0));
        let text = encode(&format!(
            "{}{}1{:012b}1{}{}{legitimate_interest}{:012b}",
            core_prefix(),
            bits16(3),
            1,
            bits16(1),
            bits16(u16::MAX),
            0
        ));
        let tc = TcString::parse(&text).unwrap();
        assert_eq!(tc.vendor_consents, ids(&[1, 2, 3]));
        assert_eq!(tc.max_vendor_id_consent, 3);

        // 4,095 overlapping ranges each covering every vendor: merged, 65,535 ids.
        let entry = format!("1{}{}", bits16(1), bits16(u16::MAX));
        let text = encode(&format!(
            "{}{}1{:012b}{}{legitimate_interest}{:012b}",
            core_prefix(),
            bits16(u16::MAX),
            4095,
            entry.repeat(4095),
            0
        ));
        let tc = TcString::parse(&text).unwrap();
        assert_eq!(tc.vendor_consents.len(), 65_535);

        // 4,095 publisher restrictions, each over every vendor: over the cap, refused.
        let no_vendors = format!("{}0", bits16(0));
        let restriction = format!("000001{}{:012b}{entry}", "00", 1);
        let text =
            encode(&format!("{}{no_vendors}{no_vendors}{:012b}{}", core_prefix(), 4095, restriction.repeat(4095)));
        let error = TcString::parse(&text).unwrap_err();
        assert!(error.to_string().contains("more than 262,144 vendor ids"), "{error}");

        // Three such restrictions are fine.
        let text = encode(&format!("{}{no_vendors}{no_vendors}{:012b}{}", core_prefix(), 3, restriction.repeat(3)));
        let tc = TcString::parse(&text).unwrap();
        assert_eq!(tc.publisher_restrictions.len(), 3);
        assert_eq!(tc.publisher_restrictions[0].restriction_type, RestrictionType::NotAllowed);
        assert_eq!(tc.publisher_restrictions[0].vendors.len(), 65_535);
        assert!(!tc.has_any_consent());
    }

    #[test]
    fn serializes_times_as_rfc_3339() {
        let tc = TcString::parse("CPSG_8APSG_8ANwAAAENDgCgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA").unwrap();
        let json = serde_json::to_value(&tc).unwrap();
        assert_eq!(json["created"], "2022-01-01T00:00:00.000Z");
        assert_eq!(json["cmp_id"], 880);
    }
}
