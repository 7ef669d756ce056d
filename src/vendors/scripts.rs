//! Script-URL patterns: which of a few thousand regexes match a URL, without running them all.
//!
//! Nearly every pattern begins with a literal (`googletagmanager\.com/gtag/js`, `(?:www\.)?hotjar\.com/`), and
//! every match of the pattern begins with one of its literals. One Aho-Corasick automaton over those literals
//! names the few patterns that can match a URL; only those run, each compiled the first time it is needed.
//! Patterns without a usable literal share one regex set. Everything is built on the first lookup, so that
//! commands that never look at a URL do not pay for it.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet, RegexSetBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Literals shorter than this would pick nearly every URL ("/", "js").
const MIN_LITERAL: usize = 5;

/// Script-URL patterns in database order, matched case-insensitively with ASCII word boundaries.
#[derive(Debug)]
pub(crate) struct ScriptIndex {
    patterns: Vec<String>,
    compiled: OnceLock<Compiled>,
}

#[derive(Debug)]
struct Compiled {
    /// Literal prefixes of the patterns that have them.
    literals: Option<AhoCorasick>,
    /// Patterns per literal id.
    literal_patterns: Vec<Vec<usize>>,
    /// One regex per pattern, compiled on first use (`None`: it does not compile, so it never matches).
    regexes: Vec<OnceLock<Option<Regex>>>,
    /// The patterns without a usable literal, and their indices.
    rest: RegexSet,
    rest_ids: Vec<usize>,
}

impl ScriptIndex {
    pub(crate) fn new(patterns: Vec<String>) -> ScriptIndex {
        ScriptIndex { patterns, compiled: OnceLock::new() }
    }

    /// Indices of the patterns that match `text`, ascending.
    pub(crate) fn matches(&self, text: &str) -> Vec<usize> {
        let c = self.compiled.get_or_init(|| Compiled::new(&self.patterns));
        let mut candidates: Vec<usize> = Vec::new();
        if !text.is_ascii() {
            // Case-insensitive Unicode patterns can match non-ASCII text without its literals (`k` matches
            // the Kelvin sign): run every literal pattern. URLs as `url::Url` writes them never come here.
            candidates.extend(c.literal_patterns.iter().flatten());
        } else if let Some(ac) = &c.literals {
            for m in ac.find_overlapping_iter(text) {
                candidates.extend(&c.literal_patterns[m.pattern().as_usize()]);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut out: Vec<usize> = candidates
            .into_iter()
            .filter(|&p| {
                let re = c.regexes[p].get_or_init(|| Regex::new(&full_pattern(&self.patterns[p])).ok());
                re.as_ref().is_some_and(|re| re.is_match(text))
            })
            .collect();
        out.extend(c.rest.matches(text).into_iter().map(|i| c.rest_ids[i]));
        out.sort_unstable();
        out
    }
}

impl Compiled {
    fn new(patterns: &[String]) -> Compiled {
        let mut literal_ids: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        let mut literal_patterns: Vec<Vec<usize>> = Vec::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut rest_ids = Vec::new();
        for (p, pattern) in patterns.iter().enumerate() {
            let Some(prefixes) = literal_prefixes(pattern) else {
                // A pattern that does not parse never matches, and must not take the shared set down with it.
                if regex_syntax::Parser::new().parse(&full_pattern(pattern)).is_ok() {
                    rest_ids.push(p);
                }
                continue;
            };
            for lit in prefixes {
                let id = *literal_ids.entry(lit.clone()).or_insert_with(|| {
                    literals.push(lit);
                    literal_patterns.push(Vec::new());
                    literal_patterns.len() - 1
                });
                literal_patterns[id].push(p);
            }
        }
        let literals = (!literals.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&literals)
                .expect("literal automaton builds from plain strings")
        });
        // A pattern that does not compile never matches (the database validates every pattern).
        let rest = RegexSetBuilder::new(rest_ids.iter().map(|&p| full_pattern(&patterns[p])))
            .dfa_size_limit(64 * 1024 * 1024)
            .build()
            .unwrap_or_else(|_| RegexSet::empty());
        let regexes = (0..patterns.len()).map(|_| OnceLock::new()).collect();
        Compiled { literals, literal_patterns, regexes, rest, rest_ids }
    }
}

/// The pattern with ASCII word boundaries. A Unicode `\b` makes the regex crate leave its DFAs for a much
/// slower engine whenever the text holds non-ASCII bytes; URLs and code identifiers are ASCII anyway.
pub(crate) fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// The regex a pattern runs as: case-insensitive, with ASCII word boundaries.
fn full_pattern(pattern: &str) -> String {
    format!("(?i){}", ascii_boundaries(pattern))
}

/// Lowercase literals one of which begins every match of `pattern`, if there is such a finite set of
/// ASCII literals, each long enough to be selective.
///
/// The literals are taken from the case-sensitive pattern and matched ASCII-case-insensitively, which finds
/// every match of the case-insensitive pattern in ASCII text.
fn literal_prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.len() < MIN_LITERAL || !l.as_bytes().is_ascii()) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefixes_are_required_and_selective() {
        assert_eq!(
            literal_prefixes(r"googletagmanager\.com/gtm\.js"),
            Some(vec![b"googletagmanager.com/gtm.js".to_vec()])
        );
        let both = literal_prefixes(r"(?:www\.)?Hotjar\.com/").unwrap();
        assert!(both.contains(&b"hotjar.com/".to_vec()) && both.contains(&b"www.hotjar.com/".to_vec()));
        assert_eq!(literal_prefixes(r".*\.js"), None);
        assert_eq!(literal_prefixes(r"/js/[a-z]+"), None, "too short to be selective");
    }

    #[test]
    fn matches_agree_with_running_every_pattern() {
        let patterns: Vec<String> = [
            r"googletagmanager\.com/gtag/js",
            r"(?:www\.)?hotjar\.com/c/hotjar-",
            r".*\.example\.com/t\.js",
            r"\bcdn\.Segment\.com/analytics\.js",
            r"static\.hotjar\.com",
            r"(",
        ]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
        let index = ScriptIndex::new(patterns.clone());
        for url in [
            "www.googletagmanager.com/gtag/js?id=G-1",
            "STATIC.HOTJAR.COM/c/hotjar-1.js",
            "a.b.example.com/t.js",
            "cdn.segment.com/analytics.js/v1",
            "xcdn.segment.com/analytics.js",
            "example.org/",
            "\u{212A}.example.com/t.js",
        ] {
            let every: Vec<usize> = (0..patterns.len())
                .filter(|&p| Regex::new(&full_pattern(&patterns[p])).is_ok_and(|re| re.is_match(url)))
                .collect();
            assert_eq!(index.matches(url), every, "{url}");
        }
    }
}
