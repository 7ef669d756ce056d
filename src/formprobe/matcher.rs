//! Finding canary values in a piece of a request (its URL, body or a header): plain (case aside), URL-encoded
//! (percent or form encoding, nested up to three times), base64 (the value's own encoding in either
//! alphabet, or any base64-looking token that decodes to text holding the value, at any offset), and the
//! MD5, SHA-1 and SHA-256 hex of the value lower-cased and trimmed, also inside decoded layers.

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use md5::Digest as _;

use super::Canaries;
use crate::model::{CanaryKind, LeakEncoding};

/// Shortest run of base64 characters decoded as a token (12 bytes of data).
const MIN_TOKEN: usize = 16;

/// Layers of URL decoding tried (a value encoded twice, as a parameter of a parameter, is common).
const URL_DEPTH: usize = 3;

/// Base64 tokens decoded per text at most, so that a hostile body costs a bounded time.
const MAX_TOKENS: usize = 256;

/// Standard alphabet, padding optional.
const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// URL-safe alphabet, padding optional.
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// What is looked for of one canary.
#[derive(Debug, Clone)]
struct Needle {
    kind: CanaryKind,
    /// Forms of the value, lower-cased (an e-mail address as typed; a phone number also in E.164 and as
    /// digits; a name's token-bearing word).
    plain: Vec<String>,
    /// The base64 of each form as typed, without padding, standard then URL-safe: two per form (case
    /// matters).
    base64: Vec<String>,
    /// (encoding, lower-case hex digest) of each form, lower-cased and trimmed.
    hashes: Vec<(LeakEncoding, String)>,
}

/// The canaries of one site, ready to be looked for.
#[derive(Debug, Clone)]
pub(crate) struct Needles {
    needles: Vec<Needle>,
}

/// The forms of `kind`'s value that count as that value.
fn forms(c: &Canaries, kind: CanaryKind) -> Vec<String> {
    let value = c.value(kind).to_string();
    let mut out = vec![value.clone()];
    match kind {
        CanaryKind::Email => {}
        CanaryKind::Name => {
            // Split into first and last name (as pixels' `fn`/`ln` do): the last word carries the token.
            if let Some(last) = value.split_whitespace().last() {
                out.push(last.to_string());
            }
        }
        CanaryKind::Phone => {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            out.push(format!("+{digits}"));
            out.push(digits.clone());
            // The national form: the country code (44) replaced by the trunk prefix 0.
            if let Some(national) = digits.strip_prefix("44") {
                out.push(format!("0{national}"));
            }
        }
    }
    let mut seen = Vec::new();
    for f in out {
        if !seen.contains(&f) {
            seen.push(f);
        }
    }
    seen
}

/// `(encoding, hex digest)` of `value` for each hash.
fn digests(value: &str) -> [(LeakEncoding, String); 3] {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let b = value.as_bytes();
    [
        (LeakEncoding::Md5, hex(&md5::Md5::digest(b))),
        (LeakEncoding::Sha1, hex(&sha1::Sha1::digest(b))),
        (LeakEncoding::Sha256, hex(&sha2::Sha256::digest(b))),
    ]
}

impl Needles {
    /// The needles of every canary.
    pub(crate) fn new(c: &Canaries) -> Needles {
        let needles = CanaryKind::ALL
            .into_iter()
            .map(|kind| {
                let forms = forms(c, kind);
                let mut base64 = Vec::new();
                let mut hashes = Vec::new();
                for f in &forms {
                    for e in [general_purpose::STANDARD_NO_PAD, general_purpose::URL_SAFE_NO_PAD] {
                        base64.push(e.encode(f));
                    }
                    for normal in [f.clone(), f.trim().to_lowercase()] {
                        for d in digests(&normal) {
                            if !hashes.contains(&d) {
                                hashes.push(d);
                            }
                        }
                    }
                }
                Needle { kind, plain: forms.iter().map(|f| f.to_lowercase()).collect(), base64, hashes }
            })
            .collect();
        Needles { needles }
    }

    /// Each canary found in `text`, with the plainest encoding it was found in and every hash it was found
    /// as; in [`CanaryKind::ALL`] then [`LeakEncoding::ALL`] order.
    pub(crate) fn find(&self, text: &str) -> Vec<(CanaryKind, LeakEncoding)> {
        if text.len() < 8 {
            return Vec::new();
        }
        let raw = text.to_lowercase();
        let url_layers = url_decodings(text);
        let url_lower: Vec<String> = url_layers.iter().map(|l| l.to_lowercase()).collect();
        let mut decoded: Vec<String> = Vec::new();
        for layer in std::iter::once(text).chain(url_layers.iter().map(String::as_str)) {
            for d in base64_decodings(layer) {
                decoded.extend(url_decodings(&d).iter().map(|l| l.to_lowercase()));
                decoded.push(d.to_lowercase());
            }
        }
        let mut out = Vec::new();
        for n in &self.needles {
            let any = |hay: &[String], what: &[String]| hay.iter().any(|h| what.iter().any(|w| h.contains(w.as_str())));
            // The first form (the value as typed) decides before the partial ones: `Tracy+Canary…` is the
            // name URL-encoded, though its last word is there as typed.
            let textual = n.plain.iter().zip(n.base64.chunks(2)).find_map(|(p, b64)| {
                let one = std::slice::from_ref(p);
                if raw.contains(p.as_str()) {
                    Some(LeakEncoding::Plain)
                } else if any(&url_lower, one) {
                    Some(LeakEncoding::UrlEncoded)
                } else if any(&decoded, one)
                    || b64
                        .iter()
                        .any(|b| text.contains(b.as_str()) || url_layers.iter().any(|l| l.contains(b.as_str())))
                {
                    Some(LeakEncoding::Base64)
                } else {
                    None
                }
            });
            out.extend(textual.map(|e| (n.kind, e)));
            for enc in [LeakEncoding::Md5, LeakEncoding::Sha1, LeakEncoding::Sha256] {
                let found = n.hashes.iter().filter(|(e, _)| *e == enc).any(|(_, h)| {
                    raw.contains(h.as_str())
                        || url_lower.iter().any(|l| l.contains(h.as_str()))
                        || decoded.iter().any(|l| l.contains(h.as_str()))
                });
                if found {
                    out.push((n.kind, enc));
                }
            }
        }
        out
    }
}

/// `text` URL-decoded once to [`URL_DEPTH`] times, by percent decoding alone and by form decoding (`+` a
/// space), each layer that differs from those before.
fn url_decodings(text: &str) -> Vec<String> {
    let mut layers: Vec<String> = Vec::new();
    let mut frontier = vec![text.to_string()];
    for _ in 0..URL_DEPTH {
        let mut next = Vec::new();
        for t in &frontier {
            if !t.contains('%') && !t.contains('+') {
                continue;
            }
            let percent = percent_encoding::percent_decode_str(t).decode_utf8_lossy().into_owned();
            let form = percent_encoding::percent_decode_str(&t.replace('+', " ")).decode_utf8_lossy().into_owned();
            for d in [percent, form] {
                if d != text && !layers.contains(&d) {
                    layers.push(d.clone());
                    next.push(d);
                }
            }
        }
        frontier = next;
    }
    layers
}

/// The text of every base64-looking token of `text` (a run of at least [`MIN_TOKEN`] characters of either
/// alphabet), decoded from each of its first four offsets so that a value inside it is found wherever the
/// encoded data starts; invalid bytes become U+FFFD.
fn base64_decodings(text: &str) -> Vec<String> {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_');
    let mut out = Vec::new();
    for token in text.split(|c: char| !is_b64(c)).filter(|t| t.len() >= MIN_TOKEN).take(MAX_TOKENS) {
        // A `/` may separate path segments rather than be data: each segment alone too.
        let parts = std::iter::once(token).chain(token.split('/').filter(|p| p.len() >= MIN_TOKEN && *p != token));
        for part in parts {
            let engine = if part.contains(['-', '_']) { &URL_SAFE } else { &STANDARD };
            for offset in 0..4.min(part.len()) {
                let mut s = &part[offset..];
                if s.len() % 4 == 1 {
                    s = &s[..s.len() - 1];
                }
                if let Ok(bytes) = engine.decode(s) {
                    out.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
    }
    out
}
