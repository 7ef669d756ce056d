//! The policy reader: which vendors, companies, vague categories and promises a privacy policy contains,
//! each with the sentence that says so.
//!
//! The pipeline: [`read`] a file or URL (HTML, Markdown or text, legacy charsets decoded) into a
//! [`PolicyText`]; [`analyze`] it: split into units ([`segment`]), then find names ([`mentions`]),
//! categories ([`categories`]) and claims ([`claims`]).
//!
//! Offsets in the report are byte offsets into [`PolicyText::text`]. For Markdown and plain-text files that
//! is the file itself (decoded to UTF-8; front matter and comments are blanked with spaces, keeping
//! offsets); for HTML it is the extracted text, which `trackaudit policy --text` prints.

pub mod categories;
pub mod claims;
pub mod extract;
pub mod input;
pub mod mentions;
pub mod segment;

use crate::fetch::FetchError;
use crate::model::{PolicyReport, TextFormat};
use crate::vendors::Engine;

pub use input::{from_bytes, read, read_file};

/// Options for reading a policy.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Read as this format instead of detecting it (`--input-format`).
    pub format: Option<TextFormat>,
    /// Largest policy accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { format: None, max_bytes: 16 * 1024 * 1024 }
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
    /// The URL is malformed.
    #[error("invalid URL {0:?}")]
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
    #[error("{input} was served as {content_type}, not as text; pass --input-format to read it anyway")]
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
    #[error("{input} is {} MB, over the {} MB limit for a policy; raise --max-bytes to read it", bytes.div_ceil(1024 * 1024), limit / (1024 * 1024))]
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
    let seg = segment::segment(&policy.text);
    let names = mentions::find(&seg, engine);
    PolicyReport {
        source: policy.source.clone(),
        format: policy.format,
        words: count_words(&policy.text),
        categories: categories::find(&seg, &names.spans),
        vendors: names.vendors,
        companies: names.companies,
        claims: claims::find(&seg),
    }
}

/// Words with at least one letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
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
