//! The IAB Global Privacy Platform (GPP) string: `__gpp('ping')`'s and `getGPPData`'s `gppString`, the
//! `__gpp` cookie.
//!
//! Layouts per InteractiveAdvertisingBureau/Global-Privacy-Platform: the header ("Core/Consent String
//! Specification.md": Type(6) = 3, Version(6), then the section ids as a Fibonacci-coded range list) and
//! `~`-separated sections. Decoded sections: 2 (`tcfeuv2`, with [`TcString`]), 6 (`uspv1`, with
//! [`UsPrivacy`]), 7 (`usnat`, "Sections/US-National", versions 1 and 2) and 8 (`usca`,
//! "Sections/US-States/CA"), each with its optional GPC subsection; the others are kept as raw text under
//! their id.

use serde::Serialize;

use super::{BitReader, ConsentStringError, TcString, UsPrivacy};

const KIND: &str = "GPP string";
const HEADER: &str = "GPP header";
const USNAT: &str = "usnat section";
const USCA: &str = "usca section";

/// The client-side API prefixes of the GPP section ids ("Sections/Section Information.md"), index = id.
const PREFIXES: [Option<&str>; 28] = [
    None,
    Some("tcfeuv1"),
    Some("tcfeuv2"),
    None, // 3: the header
    None, // 4: signal integrity
    Some("tcfcav1"),
    Some("uspv1"),
    Some("usnat"),
    Some("usca"),
    Some("usva"),
    Some("usco"),
    Some("usut"),
    Some("usct"),
    Some("usfl"),
    Some("usmt"),
    Some("usor"),
    Some("ustx"),
    Some("usde"),
    Some("usia"),
    Some("usne"),
    Some("usnh"),
    Some("usnj"),
    Some("ustn"),
    Some("usmn"),
    Some("usmd"),
    Some("usin"),
    Some("usky"),
    Some("usri"),
];

/// A decoded GPP string: the header's version and each section, in the order of the string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GppString {
    /// The GPP version of the header (1).
    pub version: u8,
    /// The sections, in the order the header lists them.
    pub sections: Vec<GppSection>,
}

/// One section of a GPP string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GppSection {
    /// The section id (2 = TCF EU v2, 6 = US Privacy, 7 = US National, 8 = California, ...).
    pub id: u16,
    /// The section's client-side API prefix ("tcfeuv2", "usnat", ...), for the ids the spec lists.
    pub api_prefix: Option<&'static str>,
    /// The section's text, as in the string.
    pub raw: String,
    /// What the section decodes to.
    pub data: GppSectionData,
}

/// What a GPP section decodes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum GppSectionData {
    /// Section 2: a TCF EU v2 TC string.
    TcfEuV2(Box<TcString>),
    /// Section 6: a US Privacy string.
    UspV1(UsPrivacy),
    /// Section 7: the MSPA US National section.
    UsNat(UsNat),
    /// Section 8: the California section.
    UsCa(UsCa),
    /// A section this decoder does not read (kept as raw text in [`GppSection::raw`]).
    NotDecoded,
    /// A section of a decoded kind whose text is not valid; the rest of the string is still read.
    Invalid(ConsentStringError),
}

/// The MSPA US National section (id 7, `usnat`).
///
/// The 2-bit notice and opt-out fields are 0 = not applicable, 1 = yes (notice given / opted out),
/// 2 = no; the consent lists are 0 = not applicable, 1 = no consent, 2 = consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsNat {
    /// The section version: 1, or 2 (since October 2024, with longer consent lists).
    pub version: u8,
    /// Notice of the processing of personal information (the spec's SharingNotice).
    pub sharing_notice: u8,
    /// Notice of the opportunity to opt out of sale.
    pub sale_opt_out_notice: u8,
    /// Notice of the opportunity to opt out of sharing.
    pub sharing_opt_out_notice: u8,
    /// Notice of the opportunity to opt out of targeted advertising.
    pub targeted_advertising_opt_out_notice: u8,
    /// Notice of the right to opt out of the processing of sensitive data.
    pub sensitive_data_processing_opt_out_notice: u8,
    /// Notice of the right to limit the use of sensitive data.
    pub sensitive_data_limit_use_notice: u8,
    /// Opted out of the sale of personal information.
    pub sale_opt_out: u8,
    /// Opted out of the sharing of personal information.
    pub sharing_opt_out: u8,
    /// Opted out of targeted advertising.
    pub targeted_advertising_opt_out: u8,
    /// Consent to process each category of sensitive data (12 categories in version 1, 16 in 2).
    pub sensitive_data_processing: Vec<u8>,
    /// Consent to process known children's data, by age band (2 bands in version 1, 3 in 2).
    pub known_child_sensitive_data_consents: Vec<u8>,
    /// Consent to process personal data beyond the secondary use limitations.
    pub personal_data_consents: u8,
    /// Whether the transaction is an MSPA covered transaction (1 = yes, 2 = no).
    pub mspa_covered_transaction: u8,
    /// Whether MSPA opt-out option mode is on.
    pub mspa_opt_out_option_mode: u8,
    /// Whether MSPA service provider mode is on.
    pub mspa_service_provider_mode: u8,
    /// The Global Privacy Control signal of the GPC subsection; `None` when the section has none.
    pub gpc: Option<bool>,
}

/// The California section (id 8, `usca`), version 1. Values as in [`UsNat`]: the 2-bit notice and
/// opt-out fields are 0 = not applicable, 1 = yes, 2 = no; here the sensitive data list holds opt-outs
/// (1 = opted out, 2 = did not), the known-child list consents (1 = no consent, 2 = consent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsCa {
    /// The section version: 1.
    pub version: u8,
    /// Notice of the opportunity to opt out of sale.
    pub sale_opt_out_notice: u8,
    /// Notice of the opportunity to opt out of sharing.
    pub sharing_opt_out_notice: u8,
    /// Notice of the opportunity to limit the use of sensitive personal information.
    pub sensitive_data_limit_use_notice: u8,
    /// Opted out of the sale of personal information.
    pub sale_opt_out: u8,
    /// Opted out of the sharing of personal information.
    pub sharing_opt_out: u8,
    /// Opt-outs of the use of each of 9 categories of sensitive personal information.
    pub sensitive_data_processing: Vec<u8>,
    /// Consent to sell or share the data of consumers under 13 and from 13 to 16.
    pub known_child_sensitive_data_consents: Vec<u8>,
    /// Consent to uses of personal data incompatible with the purpose it was collected for.
    pub personal_data_consents: u8,
    /// Whether the transaction is an MSPA covered transaction (1 = yes, 2 = no).
    pub mspa_covered_transaction: u8,
    /// Whether MSPA opt-out option mode is on.
    pub mspa_opt_out_option_mode: u8,
    /// Whether MSPA service provider mode is on.
    pub mspa_service_provider_mode: u8,
    /// The Global Privacy Control signal of the GPC subsection; `None` when the section has none.
    pub gpc: Option<bool>,
}

/// The opt-outs one section of a GPP string records: `Some(true)` opted out, `Some(false)` did not,
/// `None` not applicable or not part of that section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OptOut {
    /// The section: "usnat", "usca" or "uspv1".
    pub section: &'static str,
    /// Opted out of the sale of personal information.
    pub sale: Option<bool>,
    /// Opted out of its sharing (for cross-context behavioral advertising).
    pub sharing: Option<bool>,
    /// Opted out of targeted advertising.
    pub targeted_advertising: Option<bool>,
    /// The Global Privacy Control signal the section carries.
    pub gpc: Option<bool>,
}

/// A 2-bit yes/no field: 1 = yes, 2 = no, else (0 = not applicable, 3 = undefined) `None`.
fn yes_no(value: u8) -> Option<bool> {
    match value {
        1 => Some(true),
        2 => Some(false),
        _ => None,
    }
}

impl UsNat {
    /// Decodes a `usnat` section: the core segment, then an optional GPC subsection after `.`.
    ///
    /// Like the IAB's reference implementation (iabgpp-es `UsNatCoreSegment`), the bit layout follows the
    /// length: a core segment of fewer than 70 bits has the version 1 lists (12 sensitive data
    /// categories, 2 child age bands), a longer one those of version 2 (16 and 3); the lists returned then
    /// have the length of the section's version, cut or padded with 0 (not applicable).
    pub fn parse(text: &str) -> Result<UsNat, ConsentStringError> {
        let (core, gpc) = split_gpc(USNAT, text)?;
        let mut r = BitReader::new(USNAT, core)?;
        let version = r.int(6, "the Version field")? as u8;
        if !matches!(version, 1 | 2) {
            return Err(ConsentStringError::UnsupportedVersion {
                kind: USNAT,
                version: u32::from(version),
                supported: "versions 1 and 2 are decoded",
            });
        }
        let (sensitive, child) = if r.len() < 70 { (12, 2) } else { (16, 3) };
        let mut two = |field| r.int(2, field).map(|v| v as u8);
        let mut nat = UsNat {
            version,
            sharing_notice: two("the SharingNotice field")?,
            sale_opt_out_notice: two("the SaleOptOutNotice field")?,
            sharing_opt_out_notice: two("the SharingOptOutNotice field")?,
            targeted_advertising_opt_out_notice: two("the TargetedAdvertisingOptOutNotice field")?,
            sensitive_data_processing_opt_out_notice: two("the SensitiveDataProcessingOptOutNotice field")?,
            sensitive_data_limit_use_notice: two("the SensitiveDataLimitUseNotice field")?,
            sale_opt_out: two("the SaleOptOut field")?,
            sharing_opt_out: two("the SharingOptOut field")?,
            targeted_advertising_opt_out: two("the TargetedAdvertisingOptOut field")?,
            sensitive_data_processing: (0..sensitive)
                .map(|_| two("the SensitiveDataProcessing field"))
                .collect::<Result<_, _>>()?,
            known_child_sensitive_data_consents: (0..child)
                .map(|_| two("the KnownChildSensitiveDataConsents field"))
                .collect::<Result<_, _>>()?,
            personal_data_consents: two("the PersonalDataConsents field")?,
            mspa_covered_transaction: two("the MspaCoveredTransaction field")?,
            mspa_opt_out_option_mode: two("the MspaOptOutOptionMode field")?,
            mspa_service_provider_mode: two("the MspaServiceProviderMode field")?,
            gpc,
        };
        let (sensitive, child) = if version == 1 { (12, 2) } else { (16, 3) };
        nat.sensitive_data_processing.resize(sensitive, 0);
        nat.known_child_sensitive_data_consents.resize(child, 0);
        Ok(nat)
    }

    /// Whether the user opted out of sale: `None` when not applicable.
    pub fn sale_opted_out(&self) -> Option<bool> {
        yes_no(self.sale_opt_out)
    }

    /// Whether the user opted out of sharing: `None` when not applicable.
    pub fn sharing_opted_out(&self) -> Option<bool> {
        yes_no(self.sharing_opt_out)
    }

    /// Whether the user opted out of targeted advertising: `None` when not applicable.
    pub fn targeted_advertising_opted_out(&self) -> Option<bool> {
        yes_no(self.targeted_advertising_opt_out)
    }
}

impl UsCa {
    /// Decodes a `usca` section (version 1): the core segment, then an optional GPC subsection after `.`.
    pub fn parse(text: &str) -> Result<UsCa, ConsentStringError> {
        let (core, gpc) = split_gpc(USCA, text)?;
        let mut r = BitReader::new(USCA, core)?;
        let version = r.int(6, "the Version field")? as u8;
        if version != 1 {
            return Err(ConsentStringError::UnsupportedVersion {
                kind: USCA,
                version: u32::from(version),
                supported: "only version 1 is decoded",
            });
        }
        let mut two = |field| r.int(2, field).map(|v| v as u8);
        Ok(UsCa {
            version,
            sale_opt_out_notice: two("the SaleOptOutNotice field")?,
            sharing_opt_out_notice: two("the SharingOptOutNotice field")?,
            sensitive_data_limit_use_notice: two("the SensitiveDataLimitUseNotice field")?,
            sale_opt_out: two("the SaleOptOut field")?,
            sharing_opt_out: two("the SharingOptOut field")?,
            sensitive_data_processing: (0..9)
                .map(|_| two("the SensitiveDataProcessing field"))
                .collect::<Result<_, _>>()?,
            known_child_sensitive_data_consents: (0..2)
                .map(|_| two("the KnownChildSensitiveDataConsents field"))
                .collect::<Result<_, _>>()?,
            personal_data_consents: two("the PersonalDataConsents field")?,
            mspa_covered_transaction: two("the MspaCoveredTransaction field")?,
            mspa_opt_out_option_mode: two("the MspaOptOutOptionMode field")?,
            mspa_service_provider_mode: two("the MspaServiceProviderMode field")?,
            gpc,
        })
    }

    /// Whether the user opted out of sale: `None` when not applicable.
    pub fn sale_opted_out(&self) -> Option<bool> {
        yes_no(self.sale_opt_out)
    }

    /// Whether the user opted out of sharing: `None` when not applicable.
    pub fn sharing_opted_out(&self) -> Option<bool> {
        yes_no(self.sharing_opt_out)
    }
}

/// Splits a US section into its core segment and the value of its GPC subsection (SubsectionType(2) = 1,
/// Gpc(1)), if it has one.
fn split_gpc<'a>(kind: &'static str, text: &'a str) -> Result<(&'a str, Option<bool>), ConsentStringError> {
    super::check_length(kind, text)?;
    let mut parts = text.split('.');
    let core = parts.next().unwrap_or_default();
    let mut gpc = None;
    for subsection in parts {
        let mut r = BitReader::new(kind, subsection)?;
        let subsection_type = r.int(2, "the SubsectionType field")?;
        if subsection_type != 1 {
            return Err(ConsentStringError::Invalid {
                kind,
                reason: format!("a subsection has type {subsection_type}; only 1 (GPC) is defined"),
            });
        }
        gpc = Some(r.bool("the Gpc field")?);
    }
    Ok((core, gpc))
}

impl GppString {
    /// Decodes a GPP string: the header, then each section it lists. A header that cannot be read, or
    /// that lists a different number of sections than the string has, is an error; a section of a decoded
    /// kind whose text is invalid becomes [`GppSectionData::Invalid`], so that one bad section does not
    /// hide the others.
    pub fn parse(text: &str) -> Result<GppString, ConsentStringError> {
        super::check_length(KIND, text)?;
        let mut parts = text.split('~');
        let header = parts.next().unwrap_or_default();
        let texts: Vec<&str> = parts.collect();
        let (version, ids) = parse_header(header, texts.len())?;
        if ids.len() != texts.len() {
            return Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!(
                    "its header lists {} section(s) ({}), the string has {}",
                    ids.len(),
                    ids.iter().map(u16::to_string).collect::<Vec<_>>().join(", "),
                    texts.len()
                ),
            });
        }
        let mut sections = Vec::with_capacity(ids.len());
        for (id, raw) in ids.into_iter().zip(texts) {
            if raw.is_empty() {
                return Err(ConsentStringError::Invalid { kind: KIND, reason: format!("its section {id} is empty") });
            }
            let data = match id {
                2 => TcString::parse(raw).map(|tc| GppSectionData::TcfEuV2(Box::new(tc))),
                6 => UsPrivacy::parse(raw).map(GppSectionData::UspV1),
                7 => UsNat::parse(raw).map(GppSectionData::UsNat),
                8 => UsCa::parse(raw).map(GppSectionData::UsCa),
                _ => Ok(GppSectionData::NotDecoded),
            }
            .unwrap_or_else(GppSectionData::Invalid);
            let api_prefix = PREFIXES.get(usize::from(id)).copied().flatten();
            sections.push(GppSection { id, api_prefix, raw: raw.to_string(), data });
        }
        Ok(GppString { version, sections })
    }

    /// The ids of the sections, in the order of the string (which the spec requires to be ascending).
    pub fn section_ids(&self) -> Vec<u16> {
        self.sections.iter().map(|s| s.id).collect()
    }

    /// The section with that id.
    pub fn section(&self, id: u16) -> Option<&GppSection> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The decoded TCF EU v2 section (id 2).
    pub fn tcf_eu_v2(&self) -> Option<&TcString> {
        self.sections.iter().find_map(|s| match &s.data {
            GppSectionData::TcfEuV2(tc) => Some(&**tc),
            _ => None,
        })
    }

    /// The decoded US Privacy section (id 6).
    pub fn usp_v1(&self) -> Option<&UsPrivacy> {
        self.sections.iter().find_map(|s| match &s.data {
            GppSectionData::UspV1(usp) => Some(usp),
            _ => None,
        })
    }

    /// The decoded US National section (id 7).
    pub fn us_nat(&self) -> Option<&UsNat> {
        self.sections.iter().find_map(|s| match &s.data {
            GppSectionData::UsNat(section) => Some(section),
            _ => None,
        })
    }

    /// The decoded California section (id 8).
    pub fn us_ca(&self) -> Option<&UsCa> {
        self.sections.iter().find_map(|s| match &s.data {
            GppSectionData::UsCa(section) => Some(section),
            _ => None,
        })
    }

    /// The sections that failed to decode, with their errors.
    pub fn section_errors(&self) -> Vec<(u16, &ConsentStringError)> {
        self.sections
            .iter()
            .filter_map(|s| match &s.data {
                GppSectionData::Invalid(error) => Some((s.id, error)),
                _ => None,
            })
            .collect()
    }

    /// The opt-outs of the decoded US sections (usnat, usca, uspv1), in the order of the string.
    pub fn opt_outs(&self) -> Vec<OptOut> {
        self.sections
            .iter()
            .filter_map(|s| match &s.data {
                GppSectionData::UsNat(nat) => Some(OptOut {
                    section: "usnat",
                    sale: nat.sale_opted_out(),
                    sharing: nat.sharing_opted_out(),
                    targeted_advertising: nat.targeted_advertising_opted_out(),
                    gpc: nat.gpc,
                }),
                GppSectionData::UsCa(ca) => Some(OptOut {
                    section: "usca",
                    sale: ca.sale_opted_out(),
                    sharing: ca.sharing_opted_out(),
                    targeted_advertising: None,
                    gpc: ca.gpc,
                }),
                GppSectionData::UspV1(usp) => Some(OptOut {
                    section: "uspv1",
                    sale: usp.opted_out_of_sale(),
                    sharing: None,
                    targeted_advertising: None,
                    gpc: None,
                }),
                _ => None,
            })
            .collect()
    }
}

/// Decodes the header: its version and section ids. `present` (the sections the string has) bounds
/// how many ids the header may expand to.
fn parse_header(header: &str, present: usize) -> Result<(u8, Vec<u16>), ConsentStringError> {
    let mut r = BitReader::new(HEADER, header)?;
    let header_type = r.int(6, "the Type field")?;
    if header_type != 3 {
        let hint = if header_type == 2 { " (this looks like a TCF v2 TC string, not a GPP string)" } else { "" };
        return Err(ConsentStringError::Invalid {
            kind: HEADER,
            reason: format!("its type is {header_type}, not 3{hint}"),
        });
    }
    let version = r.int(6, "the Version field")? as u8;
    if version != 1 {
        return Err(ConsentStringError::UnsupportedVersion {
            kind: HEADER,
            version: u32::from(version),
            supported: "only GPP version 1 is decoded",
        });
    }
    let count = r.int(12, "the SectionIds field")? as usize;
    let mut ids: Vec<u16> = Vec::new();
    let mut last = 0u64;
    for _ in 0..count {
        let is_group = r.bool("the SectionIds field")?;
        let start = last + r.fibonacci("the SectionIds field")?;
        let end = if is_group { start + r.fibonacci("the SectionIds field")? } else { start };
        let end_id = u16::try_from(end).map_err(|_| ConsentStringError::Invalid {
            kind: HEADER,
            reason: format!("it lists section id {end}, above 65,535"),
        })?;
        // start ≤ end, so start fits too; and the sections listed cannot outnumber the string's.
        let group = (start as u16)..=end_id;
        if ids.len() + group.len() > present {
            return Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!("its header lists more sections than the {present} the string has"),
            });
        }
        ids.extend(group);
        last = end;
    }
    Ok((version, ids))
}

#[cfg(test)]
mod tests {
    use super::super::encode_bits;
    use super::*;

    #[test]
    fn decodes_the_gpp_spec_header_and_string_examples() {
        // InteractiveAdvertisingBureau/Global-Privacy-Platform, "Core/Consent String Specification.md",
        // "Header Examples" and "GPP String Examples": 1 = EU TCF v2 only (section 2) "DBABM", 2 = EU TCF v2
        // and US Privacy (2, 6) "DBACNY", 3 = Canadian TCF and US Privacy (5, 6) "DBABjw"; the URL example
        // writes header 2 as "DBACNYA" (one more padding character).
        let tcf = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA";
        let one = GppString::parse(&format!("DBABM~{tcf}")).unwrap();
        assert_eq!(one.version, 1);
        assert_eq!(one.section_ids(), vec![2]);
        assert_eq!(one.sections[0].api_prefix, Some("tcfeuv2"));
        assert_eq!(one.sections[0].raw, tcf);
        assert!(one.tcf_eu_v2().is_some(), "{:?}", one.section_errors());
        assert!(one.opt_outs().is_empty());

        for header in ["DBACNY", "DBACNYA"] {
            let two = GppString::parse(&format!("{header}~{tcf}~1YNN")).unwrap();
            assert_eq!(two.section_ids(), vec![2, 6]);
            assert_eq!(two.usp_v1().unwrap().opted_out_of_sale(), Some(false));
            assert_eq!(
                two.opt_outs(),
                vec![OptOut {
                    section: "uspv1",
                    sale: Some(false),
                    sharing: None,
                    targeted_advertising: None,
                    gpc: None
                }]
            );
        }

        let three = GppString::parse(&format!("DBABjw~{tcf}~1YNN")).unwrap();
        assert_eq!(three.section_ids(), vec![5, 6]);
        assert_eq!(three.sections[0].api_prefix, Some("tcfcav1"));
        assert_eq!(three.sections[0].data, GppSectionData::NotDecoded);
        assert_eq!(three.usp_v1().unwrap().notice_given(), Some(true));
    }

    #[test]
    fn decodes_the_iabgpp_es_headers() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/encoder/section/HeaderV1.test.ts: "DBAA" = [],
        // "DBABMA" = [2], "DBACNYA" = [2, 6]; GppModel.test.ts "should decode header only": "DBAA".
        assert_eq!(GppString::parse("DBAA").unwrap().section_ids(), Vec::<u16>::new());
        assert_eq!(parse_header("DBABMA", 1).unwrap(), (1, vec![2]));
        assert_eq!(parse_header("DBACNYA", 2).unwrap(), (1, vec![2, 6]));
    }

    #[test]
    fn decodes_tcf_and_usp_sections_from_iabgpp_es() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/GppModel.test.ts, "should decode uspv1 and tcfeuv2
        // sections": section ids [2, 6]; uspv1 Notice "Y", OptOutSale "N", LspaCovered "N"; tcfeuv2 CmpId 880,
        // ConsentLanguage EN, VendorListVersion 48, PolicyVersion 2, IsServiceSpecific true,
        // PublisherCountryCode AA.
        let gpp =
            GppString::parse("DBACNYA~CPSG_8APSG_8ANwAAAENAwCgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA~1YNN").unwrap();
        assert_eq!(gpp.section_ids(), vec![2, 6]);
        let usp = gpp.usp_v1().unwrap();
        assert_eq!((usp.notice_given(), usp.opted_out_of_sale()), (Some(true), Some(false)));
        assert_eq!(usp.lspa_covered, super::super::UspFlag::No);
        let tc = gpp.tcf_eu_v2().unwrap();
        assert_eq!(tc.cmp_id, 880);
        assert_eq!(tc.consent_language, "EN");
        assert_eq!(tc.vendor_list_version, 48);
        assert_eq!(tc.policy_version, 2);
        assert!(tc.is_service_specific);
        assert_eq!(tc.publisher_cc, "AA");

        // Same file, "should decode uspv1 section": "DBABTA~1YNN" = [6].
        assert_eq!(GppString::parse("DBABTA~1YNN").unwrap().section_ids(), vec![6]);
        // "should decode DBABTA~1YYN".
        let gpp = GppString::parse("DBABTA~1YYN").unwrap();
        assert_eq!(gpp.opt_outs()[0].sale, Some(true));

        // "should decode uspv1 and tcfeuv2 and tcfcav1 sections": ids [2, 5, 6], Notice "Y".
        let gpp = GppString::parse("DBACOeA~CPSG_8APSG_8ANwAAAENAwCgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA~BPSG_8APSG_8AAyACAENGdCgf_gfgAfgfgBgABABAAABAB4AACACADwAAEAE.fHHHA4444ao~1YNN").unwrap();
        assert_eq!(gpp.section_ids(), vec![2, 5, 6]);
        assert_eq!(gpp.section(5).unwrap().data, GppSectionData::NotDecoded);
        assert_eq!(gpp.usp_v1().unwrap().notice_given(), Some(true));
        assert!(gpp.section_errors().is_empty());
    }

    #[test]
    fn lists_every_section_id_of_the_iabgpp_es_all_sections_string() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/GppModel.test.ts, "should decode defaults from all
        // sections": it has tcfeuv2 (2), tcfcav1 (5), uspv1 (6) and usnat (7) to usri (27).
        let text = "DBACOcGA~CPSG_8APSG_8ANwAAAENAAFgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA~BPSG_8APSG_8AAAAAAENAACAAAAAAAAAAAAAAAAAAA.YAAAAAAAAAA~1---~BAAAAAAAAABA.QA~BAAAAABA.QA~BAAAABA~BAAAAEA.QA~BAAAAAQA~BAAAAAEA.QA~BAAAAABA~BAAAAABA.QA~BAAAAAABAA.QA~BAAAAAQA.QA~BAAAAAABAA.QA~BAAAAAQA.QA~BAAAAAQA.QA~BAAAAABA.QA~BAAAAAAAQA.QA~BAAAAAQA.QA~BAAAAAQA.QA~BQAA.QA~BQAA.AAA~BQAA.AAA~BQAA.AAA";
        let gpp = GppString::parse(text).unwrap();
        let mut expected = vec![2, 5];
        expected.extend(6..=27);
        assert_eq!(gpp.section_ids(), expected);
        let prefixes: Vec<_> = gpp.sections.iter().map(|s| s.api_prefix.unwrap()).collect();
        assert_eq!(prefixes[..5], ["tcfeuv2", "tcfcav1", "uspv1", "usnat", "usca"]);
        assert_eq!(prefixes.last(), Some(&"usri"));
        assert!(gpp.tcf_eu_v2().is_some() && gpp.usp_v1().is_some());
        assert!(gpp.us_nat().is_some() && gpp.us_ca().is_some(), "{:?}", gpp.section_errors());
        assert_eq!(gpp.usp_v1().unwrap().opted_out_of_sale(), None);
        // Its usnat section, "BAAAAAAAAABA.QA", is labelled version 1 but has the 72-bit version 2 layout:
        // read as iabgpp-es does, by length, its MspaCoveredTransaction is the default 1.
        let nat = gpp.us_nat().unwrap();
        assert_eq!((nat.version, nat.mspa_covered_transaction, nat.gpc), (1, 1, Some(false)));
        assert_eq!((nat.sensitive_data_processing.len(), nat.known_child_sensitive_data_consents.len()), (12, 2));
        assert_eq!(gpp.section(27).unwrap().raw, "BQAA.AAA");
        assert_eq!(gpp.section(27).unwrap().data, GppSectionData::NotDecoded);
    }

    #[test]
    fn decodes_usnat_sections_from_iabgpp_es() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/encoder/section/UsNat.test.ts, "should encode to
        // CVVVkkkkkpFY.YA": every notice and opt-out 1, SensitiveDataProcessing
        // [2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2], KnownChildSensitiveDataConsents [2, 1, 0],
        // PersonalDataConsents 1, MspaCoveredTransaction 1, MspaOptOutOptionMode 1,
        // MspaServiceProviderMode 2, Gpc true (version 2, the default).
        let nat = UsNat::parse("CVVVkkkkkpFY.YA").unwrap();
        assert_eq!(nat.version, 2);
        for value in [
            nat.sharing_notice,
            nat.sale_opt_out_notice,
            nat.sharing_opt_out_notice,
            nat.targeted_advertising_opt_out_notice,
            nat.sensitive_data_processing_opt_out_notice,
            nat.sensitive_data_limit_use_notice,
            nat.sale_opt_out,
            nat.sharing_opt_out,
            nat.targeted_advertising_opt_out,
        ] {
            assert_eq!(value, 1);
        }
        assert_eq!(nat.sensitive_data_processing, [2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2]);
        assert_eq!(nat.known_child_sensitive_data_consents, [2, 1, 0]);
        assert_eq!(nat.personal_data_consents, 1);
        assert_eq!(nat.mspa_covered_transaction, 1);
        assert_eq!(nat.mspa_opt_out_option_mode, 1);
        assert_eq!(nat.mspa_service_provider_mode, 2);
        assert_eq!(nat.gpc, Some(true));

        // "should encode default to CAAAAAAAAABA.QA" (version 2, all 0 but MspaCoveredTransaction 1,
        // Gpc false) and, without the GPC subsection, "CAAAAAAAAABA".
        let nat = UsNat::parse("CAAAAAAAAABA.QA").unwrap();
        assert_eq!((nat.version, nat.mspa_covered_transaction, nat.gpc), (2, 1, Some(false)));
        assert_eq!(nat.sale_opted_out(), None);
        assert_eq!(nat.sensitive_data_processing, [0; 16]);
        assert_eq!(UsNat::parse("CAAAAAAAAABA").unwrap().gpc, None);

        // "should encode usnat v1 with v1 values": version 1, SensitiveDataProcessing twelve 1s,
        // KnownChildSensitiveDataConsents [1, 1]; "... v2 with v2 values": sixteen 1s and [1, 1, 1];
        // "... v2 with v1 values": twelve 1s then 0s, [1, 1, 0].
        let v1 = UsNat::parse("BAAAVVVVUQA.QA").unwrap();
        assert_eq!(v1.version, 1);
        assert_eq!(v1.sensitive_data_processing, [1; 12]);
        assert_eq!(v1.known_child_sensitive_data_consents, [1, 1]);
        assert_eq!(v1.mspa_covered_transaction, 1);
        let v2 = UsNat::parse("CAAAVVVVVVRA.QA").unwrap();
        assert_eq!(v2.sensitive_data_processing, [1; 16]);
        assert_eq!(v2.known_child_sensitive_data_consents, [1, 1, 1]);
        let v2 = UsNat::parse("CAAAVVVVAFBA.QA").unwrap();
        assert_eq!(v2.sensitive_data_processing, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
        assert_eq!(v2.known_child_sensitive_data_consents, [1, 1, 0]);

        // GppModel.test.ts: "DBABLA~CAAAAAABEQA.QA" has SensitiveDataProcessing with 1 at index 11 and
        // KnownChildSensitiveDataConsents [0, 1, 0] (a version 2 section in the 66-bit version 1 layout,
        // padded to the version 2 lists); "DBABLA~CAAAAAAAAQRA.QA" 1 at index 15 and [0, 0, 1].
        let gpp = GppString::parse("DBABLA~CAAAAAABEQA.QA").unwrap();
        assert_eq!(gpp.section_ids(), vec![7]);
        let nat = gpp.us_nat().unwrap();
        assert_eq!(nat.sensitive_data_processing, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
        assert_eq!(nat.known_child_sensitive_data_consents, [0, 1, 0]);
        let gpp = GppString::parse("DBABLA~CAAAAAAAAQRA.QA").unwrap();
        let nat = gpp.us_nat().unwrap();
        assert_eq!(nat.sensitive_data_processing, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(nat.known_child_sensitive_data_consents, [0, 0, 1]);
    }

    #[test]
    fn usnat_opt_outs_summarise_the_section() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/encoder/section/UsNat.test.ts, "should decode
        // CVQqAAAACg": SharingNotice, SaleOptOutNotice, SharingOptOutNotice and
        // TargetedAdvertisingOptOutNotice 1; SharingOptOut 2; TargetedAdvertisingOptOut 2;
        // PersonalDataConsents 2, MspaCoveredTransaction 2; no GPC subsection. That test lists SaleOptOut
        // as 0, but its `expect(a, b)` calls assert nothing, and the spec's layout puts "q" = 10 10 10 in
        // SaleOptOut, SharingOptOut and TargetedAdvertisingOptOut: all three are 2 (did not opt out). A
        // 60-bit section, it is read with the version 1 layout and, being version 2, padded to its lists,
        // as iabgpp-es does.
        let nat = UsNat::parse("CVQqAAAACg").unwrap();
        assert_eq!((nat.sharing_notice, nat.sale_opt_out_notice, nat.sharing_opt_out_notice), (1, 1, 1));
        assert_eq!(nat.targeted_advertising_opt_out_notice, 1);
        assert_eq!((nat.sale_opt_out, nat.sharing_opt_out, nat.targeted_advertising_opt_out), (2, 2, 2));
        assert_eq!(nat.sensitive_data_processing, [0; 16]);
        assert_eq!(nat.known_child_sensitive_data_consents, [0; 3]);
        assert_eq!((nat.personal_data_consents, nat.mspa_covered_transaction), (2, 2));
        assert_eq!(nat.gpc, None);
        let gpp = GppString::parse("DBABLA~CVQqAAAACg").unwrap();
        assert_eq!(
            gpp.opt_outs(),
            vec![OptOut {
                section: "usnat",
                sale: Some(false),
                sharing: Some(false),
                targeted_advertising: Some(false),
                gpc: None
            }]
        );

        // GppModel.test.ts, "should decode DBABLA~BVQqAAAAAgA.QA" (a version 1 section).
        let gpp = GppString::parse("DBABLA~BVQqAAAAAgA.QA").unwrap();
        let nat = gpp.us_nat().unwrap();
        assert_eq!(nat.version, 1);
        assert_eq!(nat.sensitive_data_processing.len(), 12);
        assert_eq!(gpp.opt_outs()[0].gpc, Some(false));
    }

    #[test]
    fn decodes_usca_sections_from_iabgpp_es() {
        // IABTechLab/iabgpp-es, modules/cmpapi/test/encoder/section/UsCa.test.ts, "should encode to
        // BVWSSSVY.YA": SaleOptOutNotice, SharingOptOutNotice, SensitiveDataLimitUseNotice, SaleOptOut,
        // SharingOptOut 1; SensitiveDataProcessing [2, 1, 0, 2, 1, 0, 2, 1, 0]; KnownChildSensitiveDataConsents
        // [2, 1]; PersonalDataConsents 1; MspaCoveredTransaction 1; MspaOptOutOptionMode 1;
        // MspaServiceProviderMode 2; Gpc true.
        let ca = UsCa::parse("BVWSSSVY.YA").unwrap();
        assert_eq!(ca.version, 1);
        assert_eq!((ca.sale_opt_out_notice, ca.sharing_opt_out_notice, ca.sensitive_data_limit_use_notice), (1, 1, 1));
        assert_eq!((ca.sale_opt_out, ca.sharing_opt_out), (1, 1));
        assert_eq!(ca.sensitive_data_processing, [2, 1, 0, 2, 1, 0, 2, 1, 0]);
        assert_eq!(ca.known_child_sensitive_data_consents, [2, 1]);
        assert_eq!(ca.personal_data_consents, 1);
        assert_eq!(
            (ca.mspa_covered_transaction, ca.mspa_opt_out_option_mode, ca.mspa_service_provider_mode),
            (1, 1, 2)
        );
        assert_eq!(ca.gpc, Some(true));

        // "should encode default to BAAAAABA.QA" and "should encode to BAAAAABA" (no GPC subsection).
        let ca = UsCa::parse("BAAAAABA.QA").unwrap();
        assert_eq!((ca.mspa_covered_transaction, ca.gpc, ca.sale_opted_out()), (1, Some(false), None));
        assert_eq!(UsCa::parse("BAAAAABA").unwrap().gpc, None);

        // That section in a GPP string (its header "DBABBg" = [8] encoded here per the spec's layout).
        let gpp = GppString::parse("DBABBg~BVWSSSVY.YA").unwrap();
        assert_eq!(gpp.section_ids(), vec![8]);
        assert_eq!(
            gpp.opt_outs(),
            vec![OptOut {
                section: "usca",
                sale: Some(true),
                sharing: Some(true),
                targeted_advertising: None,
                gpc: Some(true)
            }]
        );
    }

    #[test]
    fn hostile_input_gives_errors_never_panics() {
        // IABTechLab/iabgpp-es GppModel.test.ts: "invalid gpp string" and "z" fail; so does a header
        // listing more sections than the string has ("should fail to decode missing sections") and a
        // blank section ("should fail to decode blank sections").
        assert!(GppString::parse("invalid gpp string").is_err());
        assert!(GppString::parse("z").is_err());
        assert!(GppString::parse("DBACOeA~CPSG_8APSG_8ANwAAAENAwCAAAAAAAAAAAAAAAAAAAAA.QAAA.IAAA~BPSG_8APSG_8AAyACAENGdCgf_gfgAfgfgBhADVqxGAD0AILVgAA.fHHHA4444ao").is_err());
        let error = GppString::parse("DBACOeA~~1YNN").unwrap_err();
        assert!(error.to_string().contains("lists more sections than the 2"), "{error}");
        // UsNat.test.ts / UsCa.test.ts: "z" is not a section.
        assert!(UsNat::parse("z").is_err());
        assert!(UsCa::parse("z").is_err());

        assert!(matches!(GppString::parse(""), Err(ConsentStringError::Empty { .. })));
        assert!(GppString::parse("~~~~").is_err());
        assert!(GppString::parse("D").is_err());
        assert!(GppString::parse("DBABM").is_err(), "a header listing a section the string lacks");
        assert!(GppString::parse("DBAA~1YNN").is_err(), "a section the header does not list");
        let error = GppString::parse("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA").unwrap_err();
        assert!(error.to_string().contains("looks like a TCF v2 TC string"), "{error}");
        assert!(matches!(GppString::parse("DCAA"), Err(ConsentStringError::UnsupportedVersion { version: 2, .. })));
        let overlong = format!("DBABTA~{}", "1YNN".repeat(30_000));
        assert!(matches!(GppString::parse(&overlong), Err(ConsentStringError::TooLong { .. })));
        // A header whose count says 4,095 entries, and one whose Fibonacci code never ends.
        assert!(GppString::parse("DBP_").is_err());
        assert!(GppString::parse("DBABAAAAAAAAAAAA~1YNN").is_err());
        // Groups past id 65,535, or longer than the string's sections, are refused before they are
        // expanded: one from 1 to 1 + 196,418, one from 1 to 1 + 46,368.
        let group = |length: &str| encode_bits(&format!("000011 000001 000000000001 1 11 {length}"));
        let error = parse_header(&group(&format!("{}11", "0".repeat(25))), 1).unwrap_err();
        assert!(error.to_string().contains("section id 196419, above 65,535"), "{error}");
        let error = parse_header(&group(&format!("{}11", "0".repeat(22))), 1).unwrap_err();
        assert!(error.to_string().contains("more sections than the 1 the string has"), "{error}");
        // Every truncation of a valid header is an error (its last character, "A", is padding).
        for end in 1..5 {
            assert!(GppString::parse(&format!("{}~1YNN", &"DBABTA"[..end])).is_err());
        }
        // Invalid sections are reported in place, the others still decoded.
        let gpp = GppString::parse("DBACNYA~CPSG~1YNN").unwrap();
        assert!(matches!(gpp.sections[0].data, GppSectionData::Invalid(ConsentStringError::Truncated { .. })));
        assert_eq!(gpp.section_errors().len(), 1);
        assert_eq!(gpp.usp_v1().unwrap().opted_out_of_sale(), Some(false));
        let gpp = GppString::parse("DBABTA~2YNN").unwrap();
        assert_eq!(gpp.section_errors()[0].0, 6);
        assert!(gpp.opt_outs().is_empty());
        // Truncated, garbled and wrongly typed US sections.
        assert!(matches!(UsNat::parse("CVVV"), Err(ConsentStringError::Truncated { .. })));
        assert!(matches!(UsNat::parse("DVVVkkkkkpFY"), Err(ConsentStringError::UnsupportedVersion { .. })));
        assert!(UsNat::parse("CVVVkkkkkpFY.").is_err());
        assert!(UsNat::parse("CVVVkkkkkpFY.AA").is_err(), "subsection type 0");
        assert!(UsNat::parse("CVVVkkkkkpFY.Y*").is_err());
        assert!(UsCa::parse("BVWSSS").is_err());
        assert!(UsCa::parse("CVWSSSVY").is_err(), "usca version 2");
        assert!(UsCa::parse(".YA").is_err());
    }

    #[test]
    fn serializes_sections_with_their_kind() {
        let gpp = GppString::parse("DBACNYA~CPSG~1YNN").unwrap();
        let json = serde_json::to_value(&gpp).unwrap();
        assert_eq!(json["sections"][1]["data"]["type"], "usp_v1");
        assert_eq!(json["sections"][1]["data"]["value"]["opt_out_sale"], "no");
        assert_eq!(json["sections"][0]["data"]["type"], "invalid");
        assert_eq!(json["sections"][0]["data"]["value"]["error"], "truncated");
    }
}
