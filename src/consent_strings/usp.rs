//! The IAB CCPA US Privacy string: the `usprivacy` cookie and `__uspapi('getUSPData')`'s `uspString`.
//!
//! Four characters: the version (`1`), then whether notice was given, whether the user opted out of the
//! sale of personal information, and whether the publisher is covered by the LSPA, each `Y`, `N` or `-`
//! (not applicable).

use serde::Serialize;

use super::ConsentStringError;

const KIND: &str = "US Privacy string";

/// A decoded US Privacy string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UsPrivacy {
    /// The version: always 1.
    pub version: u8,
    /// Whether explicit notice and the opportunity to opt out were given.
    pub notice: UspFlag,
    /// Whether the user opted out of the sale of their personal information.
    pub opt_out_sale: UspFlag,
    /// Whether the publisher is a signatory of the IAB Limited Service Provider Agreement.
    pub lspa_covered: UspFlag,
}

/// One flag of a US Privacy string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UspFlag {
    /// `Y`.
    Yes,
    /// `N`.
    No,
    /// `-`: the CCPA does not apply, or the signal is not given.
    NotApplicable,
}

impl UspFlag {
    /// The flag as a boolean: `None` when not applicable.
    pub fn as_bool(self) -> Option<bool> {
        match self {
            UspFlag::Yes => Some(true),
            UspFlag::No => Some(false),
            UspFlag::NotApplicable => None,
        }
    }

    /// The flag a character encodes.
    fn from_char(c: char, field: &str) -> Result<UspFlag, ConsentStringError> {
        match c {
            'Y' => Ok(UspFlag::Yes),
            'N' => Ok(UspFlag::No),
            '-' => Ok(UspFlag::NotApplicable),
            _ => Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!("{field} is {c:?}; it must be 'Y', 'N' or '-'"),
            }),
        }
    }
}

impl UsPrivacy {
    /// Decodes a US Privacy string (exactly four characters, version `1`).
    pub fn parse(text: &str) -> Result<UsPrivacy, ConsentStringError> {
        if text.is_empty() {
            return Err(ConsentStringError::Empty { kind: KIND });
        }
        let chars: Vec<char> = text.chars().take(5).collect();
        let version = chars[0];
        if !version.is_ascii_digit() {
            return Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!("its version is {version:?}, not a digit"),
            });
        }
        if version != '1' {
            return Err(ConsentStringError::UnsupportedVersion {
                kind: KIND,
                version: version.to_digit(10).unwrap_or_default(),
                supported: "only version 1 is defined",
            });
        }
        if chars.len() != 4 {
            return Err(ConsentStringError::Invalid {
                kind: KIND,
                reason: format!(
                    "it has {} characters; it must have 4 (version, notice, opt-out of sale, LSPA)",
                    if chars.len() > 4 { "more than 4".to_string() } else { chars.len().to_string() }
                ),
            });
        }
        Ok(UsPrivacy {
            version: 1,
            notice: UspFlag::from_char(chars[1], "the notice flag")?,
            opt_out_sale: UspFlag::from_char(chars[2], "the opt-out of sale flag")?,
            lspa_covered: UspFlag::from_char(chars[3], "the LSPA flag")?,
        })
    }

    /// Whether the user opted out of the sale of their personal information: `None` when not applicable.
    pub fn opted_out_of_sale(&self) -> Option<bool> {
        self.opt_out_sale.as_bool()
    }

    /// Whether notice was given: `None` when not applicable.
    pub fn notice_given(&self) -> Option<bool> {
        self.notice.as_bool()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_published_examples() {
        // InteractiveAdvertisingBureau/Global-Privacy-Platform, "Core/Consent String Specification.md",
        // GPP string examples 2 and 3 carry the US Privacy section "1YNN"; IABTechLab/iabgpp-es,
        // modules/cmpapi/test/GppModel.test.ts, "should decode uspv1 section", decodes it as Notice "Y",
        // OptOutSale "N", LspaCovered "N".
        let usp = UsPrivacy::parse("1YNN").unwrap();
        assert_eq!(usp.version, 1);
        assert_eq!(usp.notice, UspFlag::Yes);
        assert_eq!(usp.opt_out_sale, UspFlag::No);
        assert_eq!(usp.lspa_covered, UspFlag::No);
        assert_eq!(usp.opted_out_of_sale(), Some(false));
        assert_eq!(usp.notice_given(), Some(true));

        let usp = UsPrivacy::parse("1YYY").unwrap();
        assert_eq!(usp.opted_out_of_sale(), Some(true));
        assert_eq!(usp.lspa_covered, UspFlag::Yes);

        // iabgpp-es GppModel.test.ts, "should decode null": "DBABTA~1---" round-trips, and a model with only
        // Notice set to "Y" encodes as "1Y--": '-' is the value not set.
        let usp = UsPrivacy::parse("1---").unwrap();
        assert_eq!(usp.opted_out_of_sale(), None);
        assert_eq!(usp.notice_given(), None);
        assert_eq!(usp.lspa_covered, UspFlag::NotApplicable);
    }

    #[test]
    fn refuses_invalid_strings() {
        assert!(matches!(UsPrivacy::parse("2YNN"), Err(ConsentStringError::UnsupportedVersion { version: 2, .. })));
        let error = UsPrivacy::parse("1YN").unwrap_err();
        assert!(error.to_string().contains("it has 3 characters"), "{error}");
        let error = UsPrivacy::parse("1ABC").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the US Privacy string is invalid: the notice flag is 'A'; it must be 'Y', 'N' or '-'"
        );
        assert!(UsPrivacy::parse("").is_err());
        assert!(UsPrivacy::parse("1").is_err());
        assert!(UsPrivacy::parse("1YNNN").is_err());
        assert!(UsPrivacy::parse(&"1YNN".repeat(100_000)).is_err());
        assert!(UsPrivacy::parse("1yNN").is_err());
        assert!(UsPrivacy::parse("éYNN").is_err());
        assert!(UsPrivacy::parse("1YNé").is_err());
    }
}
