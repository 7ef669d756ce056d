//! Decoders for the consent strings that sites store and CMPs hand out: pure functions of the text, no I/O.
//!
//! - [`TcString`]: the IAB Europe TCF v2 TC string (the `euconsent-v2` cookie, `__tcfapi('getTCData')`'s
//!   `tcString`), core segment per the TCF v2.2 layout, plus the disclosed vendors segment when present.
//! - [`UsPrivacy`]: the IAB CCPA US Privacy string (the `usprivacy` cookie, `__uspapi('getUSPData')`).
//! - [`GppString`]: the IAB Global Privacy Platform string (`__gpp('ping')`'s `gppString`, the `__gpp`
//!   cookie): its header, and the TCF EU v2, US Privacy, US National (`usnat`) and California (`usca`)
//!   sections; other sections are kept as raw text under their id.
//! - [`Gvl`]: the IAB Global Vendor List (`vendor-list.json`, v2 and v3), read from a file the user gives,
//!   and [`match_vendors`], which tells which vendors of the database are which GVL vendors; with
//!   [`purposes`], the standard TCF v2.2 purposes' names in English, German and French.
//!
//! Every decoder reads hostile input safely: a truncated, overlong or garbled string gives a
//! [`ConsentStringError`] that says what was wrong, never a panic, and what a string can make the decoder
//! allocate is bounded (vendor sets hold at most the 65,535 possible ids; see [`tcf`] for the caps).
//!
//! ```
//! use trackaudit::consent_strings::{GppString, UsPrivacy};
//!
//! let usp = UsPrivacy::parse("1YYN")?;
//! assert_eq!(usp.opted_out_of_sale(), Some(true));
//!
//! let gpp = GppString::parse("DBABTA~1YNN")?;
//! assert_eq!(gpp.section_ids(), vec![6]);
//! assert_eq!(gpp.opt_outs()[0].sale, Some(false));
//! # Ok::<(), trackaudit::consent_strings::ConsentStringError>(())
//! ```

pub mod gpp;
pub mod gvl;
pub mod purposes;
pub mod tcf;
#[cfg(test)]
pub(crate) mod test_encode;
pub mod usp;

pub use gpp::{GppSection, GppSectionData, GppString, OptOut, UsCa, UsNat};
pub use gvl::{Gvl, GvlError, GvlMatches, GvlVendor, match_vendors};
pub use tcf::{PublisherRestriction, RestrictionType, TcString};
pub use usp::{UsPrivacy, UspFlag};

use serde::Serialize;

/// The longest string any decoder here reads, in characters: far above real strings (a TC string with
/// many publisher restrictions runs to a few kilobytes), low enough to bound the work a hostile one causes.
pub const MAX_INPUT_LEN: usize = 100_000;

/// Why a consent string could not be decoded. Each message names the kind of string and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum ConsentStringError {
    /// The string (or a part that must not be empty) is empty.
    #[error("the {kind} is empty")]
    Empty {
        /// What was being decoded ("TC string", "GPP header", ...).
        kind: &'static str,
    },
    /// The string is longer than [`MAX_INPUT_LEN`].
    #[error("the {kind} is {} characters long, more than the {} this decoder reads", thousands(*.length), thousands(*.max))]
    TooLong {
        /// What was being decoded.
        kind: &'static str,
        /// Its length in characters.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// A character outside the encoding's alphabet.
    #[error("the {kind} has {character:?} at position {position}, which is not a {alphabet} character")]
    InvalidCharacter {
        /// What was being decoded.
        kind: &'static str,
        /// The offending character.
        character: char,
        /// Its position, in characters from 0.
        position: usize,
        /// The alphabet expected ("base64url", ...).
        alphabet: &'static str,
    },
    /// The string ends before a field it must hold.
    #[error("the {kind} is cut short: {field} needs {} bits, it has {}", thousands(*.needed), thousands(*.available))]
    Truncated {
        /// What was being decoded.
        kind: &'static str,
        /// The field being read ("the vendor consent section", ...).
        field: &'static str,
        /// The bits the string needed to hold, counted from its start, to the end of that field.
        needed: usize,
        /// The bits it has.
        available: usize,
    },
    /// A version (or type) this decoder does not read.
    #[error("the {kind} is version {version}; {supported}")]
    UnsupportedVersion {
        /// What was being decoded.
        kind: &'static str,
        /// The version found.
        version: u32,
        /// What is supported, as a sentence ("only version 2 is decoded").
        supported: &'static str,
    },
    /// Well-formed bits with an impossible meaning (a range that ends before it starts, a section count
    /// that does not match, ...).
    #[error("the {kind} is invalid: {reason}")]
    Invalid {
        /// What was being decoded.
        kind: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// `1204` as `"1,204"`, for messages.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Checks that `text` is neither empty nor longer than [`MAX_INPUT_LEN`].
fn check_length(kind: &'static str, text: &str) -> Result<(), ConsentStringError> {
    if text.is_empty() {
        return Err(ConsentStringError::Empty { kind });
    }
    let length = text.chars().count();
    if length > MAX_INPUT_LEN {
        return Err(ConsentStringError::TooLong { kind, length, max: MAX_INPUT_LEN });
    }
    Ok(())
}

/// A reader of the bits of a base64url text (six bits a character, most significant first), as the TC
/// string, the GPP header and the GPP sections encode them. Reading past the end is an error, never a
/// panic.
#[derive(Debug)]
struct BitReader {
    kind: &'static str,
    /// One 6-bit value a character.
    sextets: Vec<u8>,
    /// The next bit to read.
    pos: usize,
}

impl BitReader {
    /// Decodes `text` (base64url without padding; the standard alphabet's `+` and `/` and trailing `=`
    /// are accepted too, as some encoders emit them).
    fn new(kind: &'static str, text: &str) -> Result<BitReader, ConsentStringError> {
        check_length(kind, text)?;
        let trimmed = text.trim_end_matches('=');
        if trimmed.is_empty() {
            return Err(ConsentStringError::Empty { kind });
        }
        let mut sextets = Vec::with_capacity(trimmed.len());
        for (position, character) in trimmed.chars().enumerate() {
            let value = match character {
                'A'..='Z' => character as u8 - b'A',
                'a'..='z' => character as u8 - b'a' + 26,
                '0'..='9' => character as u8 - b'0' + 52,
                '-' | '+' => 62,
                '_' | '/' => 63,
                _ => {
                    return Err(ConsentStringError::InvalidCharacter {
                        kind,
                        character,
                        position,
                        alphabet: "base64url",
                    });
                }
            };
            sextets.push(value);
        }
        Ok(BitReader { kind, sextets, pos: 0 })
    }

    /// How many bits the text holds.
    fn len(&self) -> usize {
        self.sextets.len() * 6
    }

    /// How many bits are left to read.
    fn remaining(&self) -> usize {
        self.len() - self.pos
    }

    /// Errors unless `n` more bits can be read.
    fn ensure(&self, n: usize, field: &'static str) -> Result<(), ConsentStringError> {
        if n > self.remaining() {
            return Err(ConsentStringError::Truncated {
                kind: self.kind,
                field,
                needed: self.pos.saturating_add(n),
                available: self.len(),
            });
        }
        Ok(())
    }

    /// The bit at `index` (which must be in range).
    fn bit_at(&self, index: usize) -> bool {
        (self.sextets[index / 6] >> (5 - index % 6)) & 1 == 1
    }

    /// Reads one bit.
    fn bool(&mut self, field: &'static str) -> Result<bool, ConsentStringError> {
        Ok(self.int(1, field)? == 1)
    }

    /// Reads an `n`-bit unsigned integer, `n` at most 64.
    fn int(&mut self, n: usize, field: &'static str) -> Result<u64, ConsentStringError> {
        debug_assert!(n <= 64);
        self.ensure(n, field)?;
        let mut value = 0u64;
        for i in 0..n {
            value = (value << 1) | u64::from(self.bit_at(self.pos + i));
        }
        self.pos += n;
        Ok(value)
    }

    /// Reads `n` bits as the 1-based ids of the bits set (a TCF bitfield).
    fn bitfield_ids(&mut self, n: usize, field: &'static str) -> Result<Vec<u16>, ConsentStringError> {
        debug_assert!(u16::try_from(n).is_ok());
        self.ensure(n, field)?;
        let ids = (0..n).filter(|i| self.bit_at(self.pos + i)).map(|i| (i + 1) as u16).collect();
        self.pos += n;
        Ok(ids)
    }

    /// Reads two 6-bit letters (0 = 'A'), as the TCF language and country codes encode them.
    fn letters(&mut self, field: &'static str) -> Result<String, ConsentStringError> {
        let mut out = String::with_capacity(2);
        for _ in 0..2 {
            let value = self.int(6, field)? as u8;
            if value > 25 {
                return Err(ConsentStringError::Invalid {
                    kind: self.kind,
                    reason: format!("{field} holds {value}, which is not a letter (0 to 25)"),
                });
            }
            out.push(char::from(b'A' + value));
        }
        Ok(out)
    }

    /// Reads a Fibonacci-coded integer (the GPP header's encoding): bits weighted 1, 2, 3, 5, 8, ...
    /// ended by two 1 bits. Codes longer than 32 bits (values above 5.7 million) are refused.
    fn fibonacci(&mut self, field: &'static str) -> Result<u64, ConsentStringError> {
        const MAX_BITS: usize = 32;
        // The weight of the next bit and of the one after: 1, 2, 3, 5, 8, ...
        let (mut weight, mut next) = (1u64, 2u64);
        let mut value = 0u64;
        let mut last_bit = false;
        for _ in 0..MAX_BITS {
            let bit = self.bool(field)?;
            if bit && last_bit {
                return Ok(value);
            }
            if bit {
                value += weight;
            }
            last_bit = bit;
            (weight, next) = (next, weight + next);
        }
        Err(ConsentStringError::Invalid {
            kind: self.kind,
            reason: format!("{field} has a Fibonacci code longer than {MAX_BITS} bits"),
        })
    }
}

/// Encodes a bit string ("0101...", other characters ignored) as base64url, zero-padded to whole
/// characters: for tests of hostile inputs only (every positive test decodes a published string).
#[cfg(test)]
fn encode_bits(bits: &str) -> String {
    let mut bits: Vec<u8> = bits.bytes().filter(|b| *b == b'0' || *b == b'1').map(|b| b - b'0').collect();
    while !bits.len().is_multiple_of(6) {
        bits.push(0);
    }
    bits.chunks(6)
        .map(|c| {
            let v = c.iter().fold(0u8, |acc, b| (acc << 1) | b);
            char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[usize::from(v)])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separates_groups_of_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(96), "96");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn truncated_message_names_the_field_and_the_bits() {
        let error = ConsentStringError::Truncated {
            kind: "TC string",
            field: "the vendor consent section",
            needed: 1204,
            available: 96,
        };
        assert_eq!(
            error.to_string(),
            "the TC string is cut short: the vendor consent section needs 1,204 bits, it has 96"
        );
    }

    #[test]
    fn bit_reader_reads_big_endian_fields_and_refuses_past_the_end() {
        // "DBABM": 000011 000001 000000 000001 001100 (the GPP spec's header example 1).
        let mut r = BitReader::new("GPP header", "DBABM").unwrap();
        assert_eq!(r.len(), 30);
        assert_eq!(r.int(6, "type").unwrap(), 3);
        assert_eq!(r.int(6, "version").unwrap(), 1);
        assert_eq!(r.int(12, "count").unwrap(), 1);
        assert!(!r.bool("single").unwrap());
        assert_eq!(r.fibonacci("id").unwrap(), 2);
        assert!(matches!(r.int(8, "the rest"), Err(ConsentStringError::Truncated { needed: 36, available: 30, .. })));
        assert!(matches!(
            BitReader::new("TC string", "CP*"),
            Err(ConsentStringError::InvalidCharacter { character: '*', position: 2, .. })
        ));
        assert!(matches!(BitReader::new("TC string", ""), Err(ConsentStringError::Empty { .. })));
        assert!(matches!(BitReader::new("TC string", "=="), Err(ConsentStringError::Empty { .. })));
    }

    #[test]
    fn fibonacci_codes_decode_as_the_gpp_spec_tabulates() {
        // Core/Consent String Specification.md, "About Fibonacci Encoding": 1 = 11, 2 = 011, 3 = 0011,
        // 4 = 1011, 5 = 00011, 6 = 10011, 7 = 01011.
        let codes = ["11", "011", "0011", "1011", "00011", "10011", "01011"];
        for (expected, code) in (1u64..).zip(codes) {
            let mut r = BitReader::new("test", &encode_bits(code)).unwrap();
            assert_eq!(r.fibonacci("n").unwrap(), expected, "{code}");
        }
        // 33 zero bits: no terminator within the limit.
        let mut r = BitReader::new("test", "AAAAAAAA").unwrap();
        assert!(matches!(r.fibonacci("n"), Err(ConsentStringError::Invalid { .. })));
    }
}
