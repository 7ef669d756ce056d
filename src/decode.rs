//! Bytes to text: charset detection and decoding, and telling text from binary.
//!
//! The charset comes from, in order: a byte-order mark, the HTTP `Content-Type`, an HTML `<meta>` tag in the
//! first 4 KB, UTF-8 if the bytes are valid UTF-8, and Windows-1252 otherwise (the WHATWG default, which
//! is also how browsers read ISO-8859-1).

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

/// Decoded text and the encoding it was read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`).
    pub encoding: &'static str,
}

static META_CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).expect("static regex"));

/// The charset named by a `Content-Type` header value, if any.
pub(crate) fn charset_of_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("charset") {
            Encoding::for_label(v.trim().trim_matches('"').as_bytes())
        } else {
            None
        }
    })
}

/// Decodes `bytes`, using `content_type` and, when `sniff_html`, a `<meta charset>`.
pub(crate) fn decode(bytes: &[u8], content_type: Option<&str>, sniff_html: bool) -> Decoded {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(charset_of_content_type))
        .or_else(|| {
            if !sniff_html {
                return None;
            }
            let head = &bytes[..bytes.len().min(4096)];
            META_CHARSET.captures(head).and_then(|c| Encoding::for_label(&c[1]))
        })
        .unwrap_or_else(|| if std::str::from_utf8(bytes).is_ok() { UTF_8 } else { WINDOWS_1252 });
    // A UTF-16 <meta> inside an ASCII-compatible document is a lie browsers ignore; so do we.
    let encoding = if (encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE)
        && Encoding::for_bom(bytes).is_none()
    {
        UTF_8
    } else {
        encoding
    };
    let (text, used, _) = encoding.decode(bytes);
    Decoded { text: text.into_owned(), encoding: used.name() }
}

/// Why bytes are not text, if they are not: a known binary format, or NUL and control bytes.
pub(crate) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\x7FELF", "an executable"),
        (b"\xD0\xCF\x11\xE0", "an old Microsoft Office document"),
        (b"{\\rtf", "an RTF document"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    if Encoding::for_bom(bytes).is_some_and(|(e, _)| e != UTF_8) {
        return None; // UTF-16 text has NUL bytes by design
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head.iter().filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b) || b == 0x7F).count();
    if head.contains(&0) || control * 20 > head.len() {
        return Some("binary data");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_legacy_and_declared_charsets() {
        let latin = b"Donn\xe9es personnelles, Z\xfcrich, we\x92re";
        assert_eq!(decode(latin, None, false).text, "Données personnelles, Zürich, we’re");
        let html = b"<html><head><meta charset=\"windows-1252\"></head><body>Soci\xe9t\xe9</body></html>";
        assert!(decode(html, None, true).text.contains("Société"));
        let utf8 = "Société".as_bytes();
        assert_eq!(decode(utf8, Some("text/html; charset=utf-8"), true).text, "Société");
        assert_eq!(decode(b"\xef\xbb\xbfhi", None, false).encoding, "UTF-8");
    }

    #[test]
    fn tells_binary_from_text() {
        assert_eq!(binary_kind(b"%PDF-1.7 ..."), Some("a PDF document"));
        assert_eq!(binary_kind(b"abc\0def"), Some("binary data"));
        assert_eq!(binary_kind("plain text\nwith lines\n".as_bytes()), None);
        assert_eq!(binary_kind(b"\xff\xfeh\0i\0"), None);
    }
}
