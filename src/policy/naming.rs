//! Whether an alias that is an ordinary word or a first name ("Segment", "Pulse", "Iris") is written as the
//! vendor's name where it stands.
//!
//! The alias index has already required the capitalisation of the database ("Pulse", never "pulse"). A
//! capital alone says little at the start of a sentence, list item or heading, in a Title-Case or upper-case
//! line, or in a text that capitalises its nouns (German), so the hit must stand where a name stands. The
//! rule reads only capitals, positions and punctuation, whatever the language:
//!
//! 1. **A naming context** makes it a name anywhere: a legal form right after it ("Heap Inc.", "Pulse, LLC",
//!    "Signal GmbH"); "'s" followed by privacy, cookie, terms or data ("Medium's privacy policy"); a URL or
//!    domain of the same vendor or company in the same unit ("Magnetic | … | `https://www.magnetic.com/…`");
//!    in a cookie-table row, a cookie the vendor sets ("| pulse_id | Pulse | … |"); a name that needs no
//!    such rule right beside it, with nothing between but punctuation or one short lowercase word
//!    ("Segment (Twilio Inc.)", "Monitor, Hotjar and Google Analytics", "Heap und Hotjar"); or the alias
//!    filling a whole list item.
//! 2. Otherwise a first name ("Iris", "Victor") is not a name: people's names are capitalised everywhere.
//! 3. Otherwise, in a line that is mostly upper case or in Title Case, or in a text that capitalises most of
//!    its nouns, it is not a name.
//! 4. Otherwise a capitalisation the plain word never has ("SAP", "HubSpot") is a name.
//! 5. Otherwise at the start of its unit (after nothing but list markers, numbers or punctuation) or right
//!    after an opening quote or bracket, it is not a name; anywhere else in running text it is.

use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::Regex;

use super::regex;
use super::segment::{Kind, Segmented};
use crate::vendors::Engine;
use crate::vendors::aliases::{AliasHit, Entity, Ordinary};

/// A legal form right after a name.
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^,?\s(?:Inc\b|Incorporated\b|Ltd\b|Limited\b|LLC\b|L\.L\.C\.|LLP\b|GmbH\b|AG\b|KG\b|UG\b|S\.A\.|SA\b|SAS\b|S\.A\.S\.|SE\b|B\.V\.|BV\b|N\.V\.|NV\b|Corp\b|Corporation\b|Co\.|plc\b|PLC\b|Pty\b|AB\b|A/S\b|ApS\b|Oy\b|Oyj\b|S\.p\.A\.|SpA\b|S\.r\.l\.|Srl\b|SRL\b|S\.L\.|SL\b|Ltda\b|sp\. z o\.o\.|Sp\. z o\.o\.)",
    )
});
/// A possessive that introduces the vendor's own documents.
static POSSESSIVE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^'s?\s+(?:[a-z]+\s+){0,2}?(?:privacy|cookie|terms|data)"));
/// A bare domain name ("heap.io", "www.medium.com").
static DOMAIN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,18}\b"));

/// Share of capitalised words inside sentences above which capitals do not mark names (German capitalises
/// every noun: about two words in five inside a sentence; English policies stay under one in five).
const NOUN_CAPITALS: f64 = 0.28;

/// What the rule needs to know about one policy.
pub(super) struct Naming<'a> {
    seg: &'a Segmented,
    engine: &'a Engine,
    /// URL and e-mail spans of `seg.norm`, sorted.
    urls: &'a [(usize, usize)],
    /// Whether the text capitalises its nouns, computed on first need.
    noun_capitals: OnceCell<bool>,
}

impl<'a> Naming<'a> {
    /// The rule for `seg`, whose URLs and e-mail addresses are `urls`.
    pub(super) fn new(seg: &'a Segmented, engine: &'a Engine, urls: &'a [(usize, usize)]) -> Naming<'a> {
        Naming { seg, engine, urls, noun_capitals: OnceCell::new() }
    }

    /// Whether `hits[i]`, an ordinary-word hit in unit `sentence`, names its entity.
    pub(super) fn is_name(&self, hits: &[AliasHit], i: usize, sentence: usize) -> bool {
        let hit = hits[i];
        let unit = &self.seg.sentences[sentence];
        let text = &self.seg.norm[unit.norm.clone()];
        let (start, end) = (hit.start - unit.norm.start, hit.end - unit.norm.start);
        let written = &text[start..end];
        if self.naming_context(hits, i, sentence, text, start, end) {
            return true;
        }
        if hit.ordinary == Some(Ordinary::FirstName) {
            return false;
        }
        if shouting_or_title_case(text, start, end) || self.noun_capitals() {
            return false;
        }
        if written.chars().filter(|c| c.is_uppercase()).count() >= 2 {
            return true;
        }
        let before = &text[..start];
        let before =
            if unit.kind == Kind::TableRow { before.rsplit(['|', '│']).next().unwrap_or(before) } else { before };
        !starts_unit(before)
    }

    fn naming_context(
        &self,
        hits: &[AliasHit],
        i: usize,
        sentence: usize,
        text: &str,
        start: usize,
        end: usize,
    ) -> bool {
        let after = &text[end..];
        if LEGAL_FORM.is_match(after) || POSSESSIVE.is_match(after) {
            return true;
        }
        let kind = self.seg.sentences[sentence].kind;
        if kind == Kind::ListItem && fills_cell(&text[..start], after) {
            return true;
        }
        if kind == Kind::TableRow && self.sets_cookie_in_row(hits[i].entity, text) {
            return true;
        }
        let unit = self.seg.sentences[sentence].norm.clone();
        let beside = |j: usize| {
            let other = hits[j];
            if other.start < unit.start || other.end > unit.end {
                return false;
            }
            let gap =
                if j < i { &self.seg.norm[other.end..hits[i].start] } else { &self.seg.norm[hits[i].end..other.start] };
            is_list_gap(gap) && other.ordinary.is_none()
        };
        if (i > 0 && beside(i - 1)) || (i + 1 < hits.len() && beside(i + 1)) {
            return true;
        }
        self.names_own_domain(hits[i].entity, sentence, text, &text[start..end])
    }

    /// Whether the unit holds a URL or a domain name of `entity` (or of its company), or one whose host has
    /// the name itself as a label ("Magnetic … https://www.magnetic.com/privacy").
    fn names_own_domain(&self, entity: Entity, sentence: usize, text: &str, written: &str) -> bool {
        let label = written.to_lowercase();
        let db = self.engine.db();
        let unit = self.seg.sentences[sentence].norm.clone();
        let first = self.urls.partition_point(|&(_, e)| e <= unit.start);
        let from_urls = self.urls[first..].iter().take_while(|&&(s, _)| s < unit.end).filter_map(|&(s, e)| {
            let url = &self.seg.norm[s..e.min(unit.end)];
            let with_scheme = if url.contains("://") { url.to_string() } else { format!("http://{url}") };
            url::Url::parse(&with_scheme).ok().and_then(|u| u.host_str().map(str::to_string))
        });
        let bare = DOMAIN.find_iter(text).map(|m| m.as_str().to_ascii_lowercase());
        from_urls.chain(bare).any(|host| {
            host.split('.').any(|l| l == label)
                || match entity {
                    Entity::Vendor(v) => {
                        self.engine.vendor_index_for_host(&host) == Some(v)
                            || self
                                .engine
                                .company_for_host(&host)
                                .is_some_and(|c| db.company_at(c).id == db.vendor_at(v).company)
                    }
                    Entity::Company(c) => {
                        self.engine.company_for_host(&host) == Some(c)
                            || self
                                .engine
                                .vendor_index_for_host(&host)
                                .is_some_and(|v| db.company_of(db.vendor_at(v)).id == db.company_at(c).id)
                    }
                }
        })
    }

    /// Whether a cell of a table row is a cookie that the vendor `entity` sets.
    fn sets_cookie_in_row(&self, entity: Entity, row: &str) -> bool {
        let Entity::Vendor(v) = entity else { return false };
        let id = &self.engine.db().vendor_at(v).id;
        row.split(['|', '│'])
            .map(|cell| cell.trim().trim_matches('`'))
            .filter(|cell| !cell.is_empty() && !cell.contains(' '))
            .any(|cell| self.engine.vendor_for_cookie(cell).is_some_and(|(vendor, _)| &vendor.id == id))
    }

    fn noun_capitals(&self) -> bool {
        *self.noun_capitals.get_or_init(|| capitalised_share(self.seg) > NOUN_CAPITALS)
    }
}

/// Whether only list markers, numbers, punctuation or an opening quote or bracket stand before a word: the
/// place where any word is capitalised.
fn starts_unit(before: &str) -> bool {
    let marker = before.trim();
    if !before.chars().any(char::is_alphabetic)
        || (marker.len() <= 5 && !marker.contains(' ') && marker.ends_with(['.', ')']))
    {
        return true;
    }
    // "… he said "Pulse …": a quotation or a bracket may open a sentence of its own.
    let trimmed = before.trim_end();
    trimmed.len() == before.len() && before.ends_with(['"', '(', '[', '\'', '«', '„', '¿', '¡'])
}

/// Whether a table cell or a list item holds nothing but the name (and emphasis marks).
fn fills_cell(before: &str, after: &str) -> bool {
    let filler = |s: &str| s.chars().all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '"'));
    let cell_before = before.rsplit(['|', '│']).next().unwrap_or(before);
    let cell_after = after.split(['|', '│']).next().unwrap_or(after);
    filler(cell_before) && filler(cell_after)
}

/// Whether the text between two names is what separates items of a list: punctuation, or one short word
/// ("and", "or", "und", "et", "y", "e", "en", "och", "oraz", "i").
fn is_list_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let punctuation_only = gap.chars().all(|c| !c.is_alphanumeric() && !matches!(c, '.' | '!' | '?' | ':'));
    gap.len() <= 8
        && match words.as_slice() {
            [] => punctuation_only,
            [w] => w.chars().count() <= 4 && w.chars().all(char::is_lowercase),
            _ => false,
        }
}

/// Whether the unit is mostly upper case, or in Title Case (every other word of four letters or more, the
/// name itself apart, capitalised).
fn shouting_or_title_case(text: &str, start: usize, end: usize) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    if letters >= 8 && upper * 5 >= letters * 4 {
        return true;
    }
    let mut others = 0;
    let mut capitalised = 0;
    let mut offset = 0;
    for (n, word) in text.split(|c: char| !c.is_alphanumeric()).enumerate() {
        let at = offset;
        offset += word.len() + 1;
        if n == 0 || word.chars().count() < 4 || (at >= start && at < end) || !word.chars().all(char::is_alphabetic) {
            continue;
        }
        others += 1;
        capitalised += usize::from(word.chars().next().is_some_and(char::is_uppercase));
    }
    others >= 1 && capitalised * 4 >= others * 3
}

/// Words enough to tell a language that capitalises its nouns (a long policy has about 10,000).
const SHARE_SAMPLE: usize = 20_000;

/// The share of words inside prose sentences (the first word of each apart) that start with a capital,
/// counted over the first [`SHARE_SAMPLE`] words or so.
fn capitalised_share(seg: &Segmented) -> f64 {
    let (mut words, mut capitals) = (0usize, 0usize);
    for s in seg.sentences.iter().filter(|s| s.kind == Kind::Prose) {
        if words >= SHARE_SAMPLE {
            break;
        }
        let text = &seg.norm[s.norm.clone()];
        for word in text.split_whitespace().skip(1) {
            let word = word.trim_matches(|c: char| !c.is_alphabetic());
            if word.chars().count() >= 3 && word.chars().all(char::is_alphabetic) {
                words += 1;
                capitals += usize::from(word.chars().next().is_some_and(char::is_uppercase));
            }
        }
    }
    if words < 50 { 0.0 } else { capitals as f64 / words as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_starts() {
        assert!(starts_unit(""));
        assert!(starts_unit("3. "));
        assert!(starts_unit("(a) "));
        assert!(starts_unit("He said \""));
        assert!(!starts_unit("We use "));
        assert!(!starts_unit("We use \" "));
    }

    #[test]
    fn list_gaps() {
        for gap in [", ", " and ", " (", " / ", ", or ", " und ", " & "] {
            assert!(is_list_gap(gap), "{gap:?}");
        }
        for gap in [" of users such as ", ". ", " is a ", " The ", ": "] {
            assert!(!is_list_gap(gap), "{gap:?}");
        }
    }

    #[test]
    fn title_case_and_shouting() {
        assert!(shouting_or_title_case("Our Commitment to Clarity", 18, 25));
        assert!(shouting_or_title_case("WE USE PULSE TO MEASURE", 7, 12));
        assert!(!shouting_or_title_case("We send events to Segment, a customer data platform", 18, 25));
        assert!(!shouting_or_title_case("Using Pulse", 6, 11));
    }

    #[test]
    fn cells() {
        assert!(fills_cell("Cookie | ", " | 13 months"));
        assert!(fills_cell("", ""));
        assert!(fills_cell("**", "**"));
        assert!(!fills_cell("", ": we explain"));
        assert!(!fills_cell("", " of users"));
    }

    #[test]
    fn legal_forms_and_possessives() {
        for after in [" Inc.", ", Inc.", " GmbH", " Ltd", " S.A.", ", LLC", " Sp. z o.o."] {
            assert!(LEGAL_FORM.is_match(after), "{after:?}");
        }
        for after in [" inc", " Incident", " Sale", " Co"] {
            assert!(!LEGAL_FORM.is_match(after), "{after:?}");
        }
        assert!(POSSESSIVE.is_match("'s privacy policy"));
        assert!(POSSESSIVE.is_match("'s own cookie notice"));
        assert!(!POSSESSIVE.is_match("'s strength"));
    }
}
