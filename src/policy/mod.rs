//! The policy reader: which vendors, companies, vague categories and promises a privacy policy contains,
//! each with the sentence that says so.
//!
//! The pipeline: [`read`] a file or URL (HTML, Markdown or text, legacy charsets decoded; template tags and
//! component code removed by [`template`]) into a [`PolicyText`]; [`analyze`] it: tell its language
//! ([`language`]), split it into units ([`segment`]), then find names ([`mentions`]), categories
//! ([`categories`]) and claims ([`claims`]). Categories and claims are read in English and in the policy's
//! language ([`lang`] has the words of each).
//!
//! Offsets in the report are byte offsets into [`PolicyText::text`]. For Markdown and plain-text files that
//! is the file itself (decoded to UTF-8; front matter, comments and template tags are blanked with spaces,
//! keeping offsets); for HTML (and components read as HTML: Vue, Svelte, Astro, JSX) it is the extracted text, which `trackaudit policy --text` prints.

mod browsers;
pub mod categories;
pub mod claims;
pub mod component;
pub mod extract;
pub mod input;
mod jsx;
pub mod lang;
pub mod language;
pub mod mentions;
mod naming;
mod practices;
pub mod segment;
pub mod template;

use crate::fetch::FetchError;
use crate::model::{PolicyReport, TextFormat};
use crate::vendors::Engine;

pub use input::{RawPolicy, from_bytes, read, read_file, read_raw};

/// Options for reading a policy.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Read as this format instead of detecting it (`--input-format`).
    pub format: Option<TextFormat>,
    /// Largest policy accepted, in bytes.
    pub max_bytes: u64,
}

/// Largest policy accepted by default, in bytes (`--max-bytes`).
pub const DEFAULT_MAX_POLICY_BYTES: u64 = 16 * 1024 * 1024;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { format: None, max_bytes: DEFAULT_MAX_POLICY_BYTES }
    }
}

/// Why a policy could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A directory was given.
    #[error("{0} is a directory; give the policy file itself")]
    IsDirectory(String),
    /// The URL is malformed or not http(s).
    #[error("invalid URL {0:?}: only http:// and https:// URLs are read")]
    BadUrl(String),
    /// The file is not text.
    #[error(
        "{input} is {kind}, not a policy text; trackaudit reads HTML, Markdown or plain text (convert PDFs with `pdftotext`)"
    )]
    Binary {
        /// The file or URL.
        input: String,
        /// What it looks like.
        kind: &'static str,
    },
    /// The server sent something that is not text.
    #[error("{input} was served as {content_type}, not as text; {}", crate::model::Remedy::InputFormat)]
    NotText {
        /// The URL.
        input: String,
        /// The MIME type.
        content_type: String,
    },
    /// The policy has no words.
    #[error("{input} contains no readable text (is it the right file?)")]
    Empty {
        /// The file or URL.
        input: String,
    },
    /// The policy is over the size limit.
    #[error("{input} is {:.1} MB, over the {:.1} MB limit for a policy; {}", mb(*bytes), mb(*limit), crate::model::Remedy::MaxBytes)]
    TooLarge {
        /// The file or URL.
        input: String,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Fetching the URL failed.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The server answered with an error status.
    #[error("{url} answered HTTP {status}; no policy there")]
    HttpStatus {
        /// The final URL.
        url: String,
        /// The status.
        status: u16,
    },
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// A policy as readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyText {
    /// The file path or URL.
    pub source: String,
    /// The format it was read as.
    pub format: TextFormat,
    /// The readable text; report offsets point into it.
    pub text: String,
}

impl PolicyText {
    /// Extracts the readable text of a decoded document.
    pub fn new(source: &str, format: TextFormat, document: &str) -> Result<PolicyText, PolicyError> {
        let text = match format {
            TextFormat::Html => {
                let url = (source.starts_with("http://") || source.starts_with("https://")).then_some(source);
                extract::html_to_text(document, url)
            }
            TextFormat::Markdown => extract::markdown_to_text(document),
            TextFormat::Text => document.to_string(),
        };
        if !text.chars().any(char::is_alphabetic) {
            return Err(PolicyError::Empty { input: source.to_string() });
        }
        Ok(PolicyText { source: source.to_string(), format, text })
    }
}

/// Reads everything the policy says about third parties.
pub fn analyze(policy: &PolicyText, engine: &Engine) -> PolicyReport {
    let detected = language::detect(&policy.text);
    let seg = segment::segment(&policy.text);
    let names = mentions::find(&seg, engine);
    PolicyReport {
        source: policy.source.clone(),
        format: policy.format,
        words: count_words(&policy.text),
        language: detected.language,
        categories: categories::find(&seg, &names.spans, &detected.readers),
        vendors: names.vendors,
        companies: names.companies,
        claims: claims::find(&seg, &detected.readers),
        practices: practices::find(&seg),
    }
}

/// Whether the match `start..end` of `unit` is part of an e-mail address, a URL or a host name
/// (`hazel@heatmap-blog.test`, `https://heatmaps.example/`): a name, not the practice.
pub(crate) fn in_address(unit: &str, start: usize, end: usize) -> bool {
    let from = unit[..start].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let to = unit[end..].find(char::is_whitespace).map_or(unit.len(), |i| end + i);
    let token = &unit[from..to];
    let after = &unit[end..to];
    token.contains('@')
        || token.contains("://")
        || token.starts_with("www.")
        // A host name: the match runs on into a dot or hyphen and more name, and then a dot and letters.
        || (after.starts_with(['.', '-'])
            && after.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']).rsplit_once('.').is_some_and(|(_, tld)| {
                tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
            }))
}

/// Compiles a pattern with ASCII word boundaries: Unicode `\b` makes the regex crate leave its fast DFA on
/// non-ASCII text, which costs an order of magnitude on real policies.
pub(crate) fn regex(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(&crate::vendors::ascii_boundaries(pattern))
        // Room for the lazy DFA of the large unions (categories, claims) so that it does not thrash.
        .dfa_size_limit(32 * 1024 * 1024)
        .size_limit(64 * 1024 * 1024)
        .build()
        .expect("static regex")
}

/// Words with at least one letter or digit.
pub fn count_words(text: &str) -> usize {
    // Byte-wise for speed: a word is a run of non-space bytes with an ASCII letter or digit, or any non-ASCII
    // byte (letters of other scripts); Unicode spaces other than ASCII are rare enough to ignore here.
    let (mut words, mut in_word, mut has_alnum) = (0, false, false);
    for &b in text.as_bytes() {
        if b.is_ascii_whitespace() {
            words += usize::from(in_word && has_alnum);
            (in_word, has_alnum) = (false, false);
        } else {
            in_word = true;
            has_alnum |= b.is_ascii_alphanumeric() || b >= 0x80;
        }
    }
    words + usize::from(in_word && has_alnum)
}

/// The longest quote; longer units are cut around the match.
const MAX_QUOTE: usize = 600;

/// The quote for a match at `at` (a `norm` offset) in unit `sentence`: the whole unit, or a window of it
/// around the match with `…` where it was cut.
pub(crate) fn quote(seg: &segment::Segmented, sentence: usize, at: usize) -> String {
    let range = seg.sentences[sentence].norm.clone();
    let text = &seg.norm[range.clone()];
    if text.len() <= MAX_QUOTE {
        return text.to_string();
    }
    let rel = at.saturating_sub(range.start).min(text.len());
    let mut start = rel.saturating_sub(MAX_QUOTE / 3);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + MAX_QUOTE).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut q = String::new();
    if start > 0 {
        q.push('…');
    }
    q.push_str(text[start..end].trim());
    if end < text.len() {
        q.push('…');
    }
    q
}

/// A policy document read from `text`, for tests of the stages that take documents (verdicts, diffs).
#[cfg(test)]
pub(crate) fn test_document(kind: crate::model::DocumentKind, url: &str, text: &str) -> crate::model::AuditPolicy {
    let doc = PolicyText { source: url.into(), format: TextFormat::Text, text: text.into() };
    crate::model::AuditPolicy {
        kind,
        url: url.into(),
        found_by: "test".into(),
        sha256: crate::model::bounds::sha256_hex(text.as_bytes()),
        report: analyze(&doc, &Engine::builtin()),
        text: text.into(),
    }
}
