//! Reading a policy from a file or URL, and deciding whether it is HTML, Markdown or text; a source template
//! or component (`.vue`, `.blade.php`, Liquid Markdown) is first reduced to its text by [`template`].

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

use super::{PolicyError, PolicyText, ReadOptions, template};
use crate::decode;
use crate::fetch::Fetcher;
use crate::model::TextFormat;

/// A policy's bytes exactly as fetched or read from disk, before decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPolicy {
    /// The URL after redirects, or the path as given.
    pub source: String,
    /// The body.
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, or a hint from the file extension.
    pub content_type: Option<String>,
}

impl RawPolicy {
    /// Decodes and reads it.
    pub fn read(&self, opts: &ReadOptions) -> Result<PolicyText, PolicyError> {
        from_bytes(&self.source, &self.bytes, self.content_type.as_deref(), opts)
    }
}

/// Reads a policy from `input`: an `http(s)://` URL or a path.
pub async fn read(input: &str, opts: &ReadOptions, fetcher: &Fetcher) -> Result<PolicyText, PolicyError> {
    read_raw(input, opts, fetcher).await?.read(opts)
}

/// Fetches (or reads from disk) the policy at `input`, an `http(s)://` URL or a path, without decoding it.
pub async fn read_raw(input: &str, opts: &ReadOptions, fetcher: &Fetcher) -> Result<RawPolicy, PolicyError> {
    if input.starts_with("http://") || input.starts_with("https://") {
        let url = Url::parse(input).map_err(|_| PolicyError::BadUrl(input.to_string()))?;
        let resp = fetcher.get(&url).await?;
        if !(200..300).contains(&resp.status) {
            return Err(PolicyError::HttpStatus { url: resp.url.to_string(), status: resp.status });
        }
        Ok(RawPolicy { source: resp.url.to_string(), bytes: resp.body, content_type: resp.content_type })
    } else if input
        .split_once("://")
        .is_some_and(|(scheme, _)| scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+'))
    {
        Err(PolicyError::BadUrl(input.to_string()))
    } else {
        raw_file(Path::new(input), opts)
    }
}

/// Reads a policy file.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<PolicyText, PolicyError> {
    raw_file(path, opts)?.read(opts)
}

/// A policy file's bytes, with a content-type hint from its extension.
fn raw_file(path: &Path, opts: &ReadOptions) -> Result<RawPolicy, PolicyError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| PolicyError::Io { path: shown.clone(), source: e })?;
    if meta.is_dir() {
        return Err(PolicyError::IsDirectory(shown));
    }
    if meta.len() > opts.max_bytes {
        return Err(PolicyError::TooLarge { input: shown, bytes: meta.len(), limit: opts.max_bytes });
    }
    let bytes = std::fs::read(path).map_err(|e| PolicyError::Io { path: shown.clone(), source: e })?;
    let hint = match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm" | "xhtml") => Some("text/html"),
        Some("md" | "markdown" | "mdx") => Some("text/markdown"),
        _ => None,
    };
    Ok(RawPolicy { source: shown, bytes, content_type: hint.map(str::to_string) })
}

/// Decodes and reads policy bytes; `content_type` is the HTTP header or a hint from the file extension.
pub fn from_bytes(
    source: &str,
    bytes: &[u8],
    content_type: Option<&str>,
    opts: &ReadOptions,
) -> Result<PolicyText, PolicyError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(PolicyError::TooLarge {
            input: source.to_string(),
            bytes: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    if let Some(kind) = decode::binary_kind(bytes) {
        return Err(PolicyError::Binary { input: source.to_string(), kind });
    }
    let mime = content_type.map(|c| c.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
    if let Some(m) = mime.as_deref() {
        let textual = m.starts_with("text/") || m.contains("html") || m.contains("xml") || m.contains("markdown");
        if !textual && opts.format.is_none() {
            return Err(PolicyError::NotText { input: source.to_string(), content_type: m.to_string() });
        }
    }
    let looks_html =
        mime.as_deref().is_some_and(|m| m.contains("html")) || sniff(bytes_head(bytes)) == TextFormat::Html;
    let decoded = decode::decode(bytes, content_type, looks_html);
    let prepared = template::prepare(file_name(source), &decoded.text);
    let blanked = prepared.text(TextFormat::Text);
    let format = opts.format.or(prepared.format).unwrap_or_else(|| match mime.as_deref() {
        Some(m) if m.contains("html") => TextFormat::Html,
        Some(m) if m.contains("markdown") => TextFormat::Markdown,
        _ if prepared.server => sniff_fragment(&blanked),
        _ => sniff(&blanked),
    });
    let text = if format == TextFormat::Html && !prepared.code.is_empty() { prepared.text(format) } else { blanked };
    PolicyText::new(source, format, &text)
}

/// The file name of a path, or the last segment of a URL's path: its extensions say what a template is.
fn file_name(source: &str) -> &str {
    let path = if source.starts_with("http://") || source.starts_with("https://") {
        source.split(['?', '#']).next().unwrap_or(source)
    } else {
        source
    };
    path.rsplit(['/', std::path::MAIN_SEPARATOR]).next().unwrap_or(path)
}

/// [`sniff`] for a server template, usually a fragment of a page: a few HTML tags make it HTML unless it
/// reads as Markdown.
fn sniff_fragment(text: &str) -> TextFormat {
    match sniff(text) {
        TextFormat::Text if HTML_TAG.find_iter(&text[..floor_char_boundary(text, 65536)]).nth(1).is_some() => {
            TextFormat::Html
        }
        f => f,
    }
}

fn bytes_head(bytes: &[u8]) -> &str {
    let head = &bytes[..bytes.len().min(65536)];
    match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    }
}

static HTML_DOC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)\A\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])")
        .expect("static regex")
});
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(p|div|span|h[1-6]|li|ul|ol|table|tr|td|a|br|section|article|body)[\s>/]")
        .expect("static regex")
});
/// Markdown syntax that plain text rarely has: headings, emphasis, links, table rules, quotes.
static MD_SIGNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(#{1,6}\s+\S|\s*\|?\s*:?-{3,}:?\s*\||>\s|---\s*$)|\*\*\S|\]\(|\]\[").expect("static regex")
});
/// List bullets: common in Markdown, but plain text uses them too.
static MD_BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*[-*+]\s+\S").expect("static regex"));

/// Guesses the format of a text: a full HTML document or tag soup is HTML; Markdown headings, lists,
/// tables, emphasis or links make Markdown; anything else is text.
pub fn sniff(text: &str) -> TextFormat {
    let head = &text[..floor_char_boundary(text, 65536)];
    if HTML_DOC.is_match(head) {
        return TextFormat::Html;
    }
    let tags = HTML_TAG.find_iter(head).count();
    let md = MD_SIGNAL.find_iter(head).count();
    let bullets = MD_BULLET.find_iter(head).count();
    if tags >= 10 && tags > (md + bullets) * 2 {
        TextFormat::Html
    } else if md >= 2 || (md >= 1 && bullets >= 2) || text.starts_with("---\n") {
        TextFormat::Markdown
    } else {
        TextFormat::Text
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff("<!DOCTYPE html><html><body><p>x</p></body></html>"), TextFormat::Html);
        assert_eq!(sniff("---\ntitle: x\n---\n\n## Policy\n\n- **a**\n"), TextFormat::Markdown);
        assert_eq!(sniff("# Privacy\n\nWe collect [data](x).\n\n- one\n- two\n"), TextFormat::Markdown);
        assert_eq!(sniff("1. INTRODUCTION\nThis policy describes how we\ncollect data.\n"), TextFormat::Text);
        let md_with_comment =
            "<!-- <div name=\"termly-embed\"></div> -->\n## PRIVACY POLICY\n\nText **bold**.\n\n- a\n- b\n";
        assert_eq!(sniff(md_with_comment), TextFormat::Markdown);
    }
}
