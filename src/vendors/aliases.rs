//! Finding vendor and company names in prose.
//!
//! One Aho-Corasick automaton holds every alias that begins with a letter or digit, walked from each word
//! start of the text (a compact automaton, a few steps per word); the few aliases that begin with
//! punctuation ("\[24\]7") are searched for everywhere. A hit counts only when it is word-bounded; a
//! `proper_aliases` entry counts only when written with its capitalisation. A one-word alias that is a
//! dictionary word or a common first name ([`is_ordinary_word`], decided once when the index is compiled) also
//! counts only when written with its capitalisation, and its hit is marked [`AliasHit::ordinary`]: the policy
//! reader then asks for a proper noun in a naming context (`policy::naming`). Among overlapping hits the
//! leftmost, then longest, wins ("Google Tag Manager" over "Google"), and a vendor beats a company on the same
//! words.

use std::collections::HashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, MatchKind};

use super::VendorDb;

/// What an alias names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// A vendor, by index in [`VendorDb::vendors`].
    Vendor(usize),
    /// A company, by index in [`VendorDb::companies`].
    Company(usize),
}

/// One alias hit in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AliasHit {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// Who is named.
    pub entity: Entity,
    /// The alias is one ordinary word or first name ("Segment", "Pulse", "Iris"), written here with its
    /// capitalisation: whether it names the vendor depends on where it stands.
    pub ordinary: Option<Ordinary>,
}

/// Why a one-word alias is ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordinary {
    /// A dictionary word ("Segment", "Pulse", "Medium").
    Word,
    /// A common first name ("Iris", "Victor", "Albert"), which is capitalised wherever it stands.
    FirstName,
}

#[derive(Debug, Clone)]
struct Claim {
    entity: Entity,
    /// `Some(text)` when the alias must appear exactly as written.
    exact: Option<String>,
}

/// The compiled alias automata.
#[derive(Debug, Clone)]
pub struct AliasIndex {
    /// Aliases that begin with a word character, walked from word starts.
    words: NFA,
    /// Key id of each pattern of `words`.
    word_keys: Vec<usize>,
    /// Fingerprints of the first words of the `words` patterns: a word of the text whose fingerprint is not
    /// here begins no alias, so the walk is skipped (most words of a policy).
    first_words: FirstWords,
    /// Aliases that begin with anything else, searched everywhere.
    others: Option<AhoCorasick>,
    other_keys: Vec<usize>,
    /// Claims per key id; vendors first.
    claims: Vec<Vec<Claim>>,
    /// Per pattern id: whether the pattern is one ordinary word or first name.
    ordinary: Vec<Option<Ordinary>>,
    by_key: HashMap<String, usize>,
}

/// Normalises an alias or a text for matching: curly quotes and apostrophes become ASCII, dashes become `-`,
/// and every run of whitespace becomes one space.
pub fn normalize_alias(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        let ch = fold_char(ch);
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(ch);
    }
    out
}

/// The ASCII stand-in for typographic punctuation.
pub fn fold_char(ch: char) -> char {
    match ch {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        c => c,
    }
}

impl AliasIndex {
    /// Compiles every name and alias of `db`.
    pub fn new(db: &VendorDb) -> AliasIndex {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut claims: Vec<Vec<Claim>> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut ordinary: Vec<Option<Ordinary>> = Vec::new();
        let mut add = |text: &str, entity: Entity, proper: bool| {
            let norm = normalize_alias(text);
            let key = norm.to_lowercase();
            if key.is_empty() {
                return;
            }
            let word = is_ordinary_word(&key);
            let id = *by_key.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                claims.push(Vec::new());
                ordinary.push(word);
                claims.len() - 1
            });
            // An ordinary word counts only as written in the database, and a lowercase one only capitalised.
            let exact = if word.is_some() { Some(capitalised(&norm)) } else { proper.then_some(norm) };
            let claim = Claim { entity, exact };
            if !claims[id].iter().any(|c| c.entity == claim.entity && c.exact == claim.exact) {
                claims[id].push(claim);
            }
        };
        for (i, v) in db.vendors().iter().enumerate() {
            let e = Entity::Vendor(i);
            add(&v.name, e, false);
            v.aliases.iter().for_each(|a| add(a, e, false));
            v.proper_aliases.iter().for_each(|a| add(a, e, true));
        }
        for (i, c) in db.companies().iter().enumerate() {
            let e = Entity::Company(i);
            add(&c.name, e, false);
            c.aliases.iter().for_each(|a| add(a, e, false));
            c.proper_aliases.iter().for_each(|a| add(a, e, true));
        }
        for list in &mut claims {
            list.sort_by_key(|c| c.entity);
        }
        let (word_keys, other_keys): (Vec<usize>, Vec<usize>) =
            (0..patterns.len()).partition(|&k| patterns[k].chars().next().is_some_and(is_word));
        let first_words = FirstWords::new(word_keys.iter().map(|&k| patterns[k].as_str()));
        let words = NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(word_keys.iter().map(|&k| &patterns[k]))
            .expect("alias automaton builds from plain strings");
        let others = (!other_keys.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(other_keys.iter().map(|&k| &patterns[k]))
                .expect("alias automaton builds from plain strings")
        });
        AliasIndex { words, word_keys, first_words, others, other_keys, claims, ordinary, by_key }
    }

    /// Every alias occurrence `(start, end, key id)` that can be word-bounded at its start: aliases that
    /// begin with a word character at word starts, the others anywhere.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        for (start, end) in word_runs(text) {
            if self.first_words.contains(&bytes[start..end]) {
                self.walk(bytes, start, &mut out);
            }
        }
        if let Some(ac) = &self.others {
            out.extend(
                ac.find_overlapping_iter(text).map(|m| (m.start(), m.end(), self.other_keys[m.pattern().as_usize()])),
            );
        }
        out
    }

    /// The aliases that begin exactly at `start`.
    fn walk(&self, bytes: &[u8], start: usize, out: &mut Vec<(usize, usize, usize)>) {
        let nfa = &self.words;
        let Ok(mut sid) = nfa.start_state(Anchored::Yes) else { return };
        for (end, &b) in (start + 1..).zip(&bytes[start..]) {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_dead(sid) {
                return;
            }
            if !nfa.is_match(sid) {
                continue;
            }
            for i in 0..nfa.match_len(sid) {
                let pid = nfa.match_pattern(sid, i);
                // A state also carries the matches of its suffixes; only those that start here count.
                if end - nfa.pattern_len(pid) == start {
                    out.push((start, end, self.word_keys[pid.as_usize()]));
                }
            }
        }
    }

    /// The entities a name stands for, exactly (case-insensitively) as an alias is written.
    pub fn lookup(&self, name: &str) -> Vec<Entity> {
        let key = normalize_alias(name).to_lowercase();
        self.by_key.get(&key).map(|&id| self.claims[id].iter().map(|c| c.entity).collect()).unwrap_or_default()
    }

    /// Every word-bounded, non-overlapping name in `text` (which should be normalised like the aliases, see
    /// [`normalize_alias`]), in text order.
    pub fn find(&self, text: &str) -> Vec<AliasHit> {
        let mut candidates: Vec<(usize, usize, Entity, Option<Ordinary>)> = Vec::new();
        for (start, end, key) in self.occurrences(text) {
            if !is_boundary(text, start, end) {
                continue;
            }
            let written = &text[start..end];
            let claim = self.claims[key].iter().find(|c| c.exact.as_deref().is_none_or(|exact| exact == written));
            if let Some(c) = claim {
                candidates.push((start, end, c.entity, self.ordinary[key]));
            }
        }
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut hits = Vec::new();
        let mut last_end = 0;
        for (start, end, entity, ordinary) in candidates {
            if start >= last_end {
                hits.push(AliasHit { start, end, entity, ordinary });
                last_end = end;
            }
        }
        hits
    }
}

/// Lowercase dictionary words (SCOWL via Debian's wamerican and wbritish), sorted; see `scripts/build-words`.
const WORDS: &str = include_str!("words.txt");
/// Lowercase common first names (US Census 1990 and a hand-written EU list), sorted.
const FIRST_NAMES: &str = include_str!("first-names.txt");

/// Whether a lowercased alias is one ordinary word or a common first name: one word (no space) listed in
/// `FIRST_NAMES` (which wins: "iris" is a flower too) or `WORDS`. Multi-word aliases ("Google
/// Analytics") never are.
pub fn is_ordinary_word(key: &str) -> Option<Ordinary> {
    if key.contains(' ') {
        None
    } else if listed(FIRST_NAMES, key) {
        Some(Ordinary::FirstName)
    } else if listed(WORDS, key) {
        Some(Ordinary::Word)
    } else {
        None
    }
}

/// Binary search for the line `word` in `list`, one entry a line, sorted bytewise.
fn listed(list: &str, word: &str) -> bool {
    let bytes = list.as_bytes();
    // `lo` is always the start of a line.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
        let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
        match list[start..end].cmp(word) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// `s` with its first letter in upper case ("medium" → "Medium"); unchanged when it has a capital already.
fn capitalised(s: &str) -> String {
    if s.chars().any(char::is_uppercase) {
        return s.to_string();
    }
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The set of first words of the word-start aliases, as 64-bit fingerprints of their ASCII-lowercased bytes.
///
/// An alias that begins with a word character matches at a word start only if the text's whole first word
/// (its maximal run of word characters, see [`word_runs`]) equals the alias's first word: the alias either
/// ends there, and must then be word-bounded, or goes on with a character that is not a word character. So a
/// word whose fingerprint is absent cannot begin an alias; a collision only costs a walk.
#[derive(Debug, Clone)]
struct FirstWords {
    /// Sorted fingerprints.
    sorted: Vec<u64>,
    /// A 2^16-bit filter on the fingerprints' low bits, to skip the binary search for most words.
    bits: Box<[u64; 1024]>,
}

impl FirstWords {
    fn new<'a>(patterns: impl Iterator<Item = &'a str>) -> FirstWords {
        let mut sorted: Vec<u64> = patterns
            .filter_map(|p| word_runs(p).next().filter(|&(s, _)| s == 0).map(|(s, e)| fingerprint(&p.as_bytes()[s..e])))
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut bits = Box::new([0u64; 1024]);
        for &f in &sorted {
            bits[(f as usize >> 6) & 1023] |= 1 << (f & 63);
        }
        FirstWords { sorted, bits }
    }

    fn contains(&self, word: &[u8]) -> bool {
        let f = fingerprint(word);
        self.bits[(f as usize >> 6) & 1023] & (1 << (f & 63)) != 0 && self.sorted.binary_search(&f).is_ok()
    }
}

/// FNV-1a over the ASCII-lowercased bytes, finished with a multiply so that the low bits mix well.
fn fingerprint(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

/// The maximal runs of word characters ([`is_word`]) in `text`, as byte ranges. ASCII is classified by
/// byte; other characters are decoded.
fn word_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    // The length of the character at `i` and whether it is a word character.
    let class = move |i: usize| -> (usize, bool) {
        let b = bytes[i];
        if b < 0x80 {
            (1, b.is_ascii_alphanumeric() || b == b'_')
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.len_utf8(), is_word(c))
        }
    };
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (len, word) = class(i);
            if word {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (len, word) = class(i);
            if !word {
                break;
            }
            i += len;
        }
        Some((start, i))
    })
}

/// Whether `text[start..end]` is a whole word (or words): no letter or digit touches either end.
fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let inner_first = text[start..end].chars().next();
    let inner_last = text[start..end].chars().next_back();
    let word = |c: Option<char>| c.is_some_and(is_word);
    // Only a word character inside the alias needs a non-word neighbour ("Google+" may touch a letter after
    // its "+").
    !((word(before) && word(inner_first)) || (word(after) && word(inner_last)))
}

/// A character that belongs to a word: a letter, a digit or `_`.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_typography_and_space() {
        assert_eq!(normalize_alias("  Google\u{a0}\n Analytics’s “x” "), "Google Analytics's \"x\"");
    }

    #[test]
    fn boundaries() {
        assert!(is_boundary("use Heap.", 4, 8));
        assert!(!is_boundary("cheap", 1, 5));
        assert!(!is_boundary("Googlebot", 0, 6));
        assert!(is_boundary("Google+x", 0, 7));
    }

    #[test]
    fn ordinary_words_and_first_names() {
        for w in ["segment", "pulse", "medium", "beacon", "optimise", "clarity", "sumo"] {
            assert_eq!(is_ordinary_word(w), Some(Ordinary::Word), "{w}");
        }
        for w in ["iris", "victor", "max", "ada", "albert", "jürgen"] {
            assert_eq!(is_ordinary_word(w), Some(Ordinary::FirstName), "{w}");
        }
        for w in ["hotjar", "criteo", "google", "twitter", "mollie", "google analytics", "pure necessity", "zzzz", ""] {
            assert_eq!(is_ordinary_word(w), None, "{w}");
        }
        // The first and last entries of each list are found too.
        for list in [WORDS, FIRST_NAMES] {
            let first = list.lines().next().unwrap();
            let last = list.lines().next_back().unwrap();
            assert!(listed(list, first) && listed(list, last), "{first} {last}");
            assert!(list.lines().zip(list.lines().skip(1)).all(|(a, b)| a < b), "sorted, no duplicates");
        }
    }

    #[test]
    fn word_runs_and_first_words() {
        let runs: Vec<&str> =
            word_runs("  Hotjar's “Zoë” 24/7,_x").map(|(s, e)| &"  Hotjar's “Zoë” 24/7,_x"[s..e]).collect();
        assert_eq!(runs, ["Hotjar", "s", "Zoë", "24", "7", "_x"]);
        let first = FirstWords::new(["google analytics", "hotjar", "24/7 media", "zoë"].into_iter());
        for w in ["GOOGLE", "google", "Hotjar", "24", "zoë"] {
            assert!(first.contains(w.as_bytes()), "{w}");
        }
        for w in ["analytics", "googles", "goo", "media", "ZOË"] {
            assert!(!first.contains(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn capitalises_lowercase_forms_only() {
        assert_eq!(capitalised("medium"), "Medium");
        assert_eq!(capitalised("SAP"), "SAP");
        assert_eq!(capitalised("Segment"), "Segment");
    }
}
