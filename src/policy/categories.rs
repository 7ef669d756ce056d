//! Vague categories of recipients: "analytics providers", "Werbepartner", "prestataires de paiement".
//!
//! A *phrase* names a kind of recipient on its own and counts anywhere. A bare *keyword* ("hosting",
//! "analytics") counts only in a list of what third parties do for the site: when its unit, or the unit
//! before it in the same paragraph, speaks of vendors, service providers, partners or third parties. Each
//! language ([`super::lang`]) has its own phrases; a negation in any of the policy's languages denies a
//! category rather than names it ("we do not use any analytics providers", "Wir nutzen keine
//! Analysedienste", "Analysedienste nutzen wir nicht").

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

use super::lang::{self, ascii_letters};
use super::segment::{Kind, Segmented};
use super::{quote, regex};
use crate::model::{Category, CategoryMention, Language};

/// One language's rules compiled for one pass over the text: a union of all phrases and a union of all
/// keywords find candidates; a set of the anchored expressions then says which categories a candidate
/// belongs to.
struct Compiled {
    phrases: Regex,
    keywords: Regex,
    phrase_set: RegexSet,
    keyword_set: RegexSet,
    /// The category of each entry of `phrase_set`.
    phrase_categories: Vec<Category>,
    /// The category of each entry of `keyword_set`.
    keyword_categories: Vec<Category>,
    context: Regex,
    negated_before: Regex,
    negated_after: Option<Regex>,
    negation_break: Regex,
    /// Whether every phrase is ASCII, so that ASCII lowercasing of the text suffices.
    ascii: bool,
}

static COMPILED: [OnceLock<Option<Compiled>>; Language::ALL.len()] = [const { OnceLock::new() }; Language::ALL.len()];

fn compiled(language: Language) -> Option<&'static Compiled> {
    let i = Language::ALL.iter().position(|l| *l == language).expect("every language is in ALL");
    COMPILED[i]
        .get_or_init(|| {
            let v = lang::categories(language)?;
            // Searched in a lowercased copy of the text: a case-sensitive automaton is much smaller and faster
            // than a case-insensitive one.
            // Accented letters are written as `ascii_letters` writes them in the text.
            let union = |parts: &[String]| regex(&format!(r"\b(?:{})\b", parts.join("|")));
            let set = |parts: &[String]| {
                RegexSet::new(parts.iter().map(|p| format!(r"^(?:{p})$")))
                    .expect("the union of the same patterns compiles")
            };
            let phrases: Vec<String> = v.rules.iter().map(|r| ascii_letters(&r.phrase)).collect();
            let keywords: Vec<String> =
                v.rules.iter().filter_map(|r| r.keyword.as_deref()).map(ascii_letters).collect();
            let ascii = v.rules.iter().all(|r| r.phrase.is_ascii() && r.keyword.as_deref().is_none_or(str::is_ascii));
            Some(Compiled {
                phrases: union(&phrases),
                keywords: union(&keywords),
                phrase_set: set(&phrases),
                keyword_set: set(&keywords),
                phrase_categories: v.rules.iter().map(|r| r.category).collect(),
                keyword_categories: v.rules.iter().filter(|r| r.keyword.is_some()).map(|r| r.category).collect(),
                context: regex(&v.context),
                negated_before: regex(&v.negated_before),
                negated_after: v.negated_after.as_deref().map(regex),
                negation_break: regex(&v.negation_break),
                ascii,
            })
        })
        .as_ref()
}

/// Four words and a negation fit in 80 bytes; looking further back only costs time.
const NEGATION_REACH: usize = 80;

/// Whether the match `start..end` in unit `sentence` is negated in one of the policy's languages (`sets`).
fn negated(seg: &Segmented, sets: &[&Compiled], sentence: usize, start: usize, end: usize) -> bool {
    let unit = seg.sentences[sentence].norm.clone();
    let mut from = unit.start.max(start.saturating_sub(NEGATION_REACH));
    while !seg.norm.is_char_boundary(from) {
        from += 1;
    }
    let before = &seg.norm[from..start];
    let mut to = unit.end.min(end + NEGATION_REACH);
    while !seg.norm.is_char_boundary(to) {
        to -= 1;
    }
    let after = &seg.norm[end..to];
    sets.iter().any(|c| {
        let clause_start = c.negation_break.find_iter(before).last().map_or(0, |m| m.end());
        c.negated_before.is_match(&before[clause_start..])
            || c.negated_after.as_ref().is_some_and(|r| r.is_match(after))
    })
}

/// Whether unit `i` is a title ("## Reichweitenmessung", "5. Webanalyse"): it names a topic, and the
/// section below it says whether the site uses such a recipient. A title's category counts unless the
/// first unit below it denies it ("## Reichweitenmessung" over "Wir nutzen keine Analysedienste.").
fn is_title(seg: &Segmented, i: usize) -> bool {
    let s = &seg.sentences[i];
    if s.kind == Kind::Heading {
        return true;
    }
    let text = seg.text(i);
    let number = |j: usize| {
        let t = seg.text(j);
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.len() <= 8
    };
    // "5." and "Webanalyse" are two units of one block: the number ends with a period.
    let numbered = i > 0 && seg.sentences[i - 1].block == s.block && number(i - 1);
    let next_is_paragraph = seg.sentences.get(i + 1).is_some_and(|n| n.block != s.block && n.kind == Kind::Prose);
    numbered && next_is_paragraph && !text.ends_with(['.', '!', '?', ':', ';', ',']) && text.split(' ').count() <= 5
}

/// Every vague category in `seg` named in one of `languages`, one entry per category and unit, in text
/// order. Matches overlapping a vendor or company name (`names`, sorted spans in `seg.norm`) are not
/// categories.
pub fn find(seg: &Segmented, names: &[(usize, usize)], languages: &[Language]) -> Vec<CategoryMention> {
    let sets: Vec<&Compiled> = languages.iter().filter_map(|&l| compiled(l)).collect();
    let in_name = |start: usize, end: usize| {
        let i = names.partition_point(|&(_, e)| e <= start);
        names.get(i).is_some_and(|&(s, _)| s < end)
    };
    let mut found: Vec<CategoryMention> = Vec::new();
    let mut seen: HashSet<(Category, usize)> = HashSet::new();
    // Whether a unit speaks of third parties, computed once per unit.
    let mut context_cache: Vec<Option<bool>> = vec![None; seg.sentences.len()];
    let mut speaks_of_third_parties = |sentence: usize| {
        *context_cache[sentence].get_or_insert_with(|| sets.iter().any(|c| c.context.is_match(seg.text(sentence))))
    };
    // Lowercase with the same offsets; accented letters as `ascii_letters` writes them when a language needs
    // them (English does not, and ASCII lowercasing is cheaper).
    let lower = if sets.iter().all(|c| c.ascii) { seg.norm.to_ascii_lowercase() } else { ascii_letters(&seg.norm) };
    // Phrases before keywords, and at one place the longest first, so that "Hosting-Anbieter" wins over the
    // English keyword "hosting" inside it.
    let mut candidates: Vec<(bool, usize, std::cmp::Reverse<usize>, usize)> = Vec::new();
    for (k, c) in sets.iter().enumerate() {
        candidates.extend(c.phrases.find_iter(&lower).map(|m| (false, m.start(), std::cmp::Reverse(m.end()), k)));
        candidates.extend(c.keywords.find_iter(&lower).map(|m| (true, m.start(), std::cmp::Reverse(m.end()), k)));
    }
    candidates.sort_unstable();
    // What each candidate names, and which categories are denied in which unit (for titles, below).
    struct Candidate {
        start: usize,
        end: usize,
        sentence: usize,
        categories: Vec<Category>,
        is_keyword: bool,
    }
    let mut named: Vec<Candidate> = Vec::new();
    let mut denied: HashSet<(Category, usize)> = HashSet::new();
    for (is_keyword, start, std::cmp::Reverse(end), k) in candidates {
        let c = sets[k];
        let Some(sentence) = seg.sentence_at(start) else { continue };
        let text = &lower[start..end];
        let categories: Vec<Category> = if is_keyword {
            c.keyword_set.matches(text).into_iter().map(|i| c.keyword_categories[i]).collect()
        } else {
            c.phrase_set.matches(text).into_iter().map(|i| c.phrase_categories[i]).collect()
        };
        if categories.is_empty() || in_name(start, end) {
            continue;
        }
        let unit = &seg.sentences[sentence].norm;
        if super::in_address(&seg.norm[unit.clone()], start - unit.start, end - unit.start) {
            continue;
        }
        if negated(seg, &sets, sentence, start, end) {
            denied.extend(categories.iter().map(|&cat| (cat, sentence)));
            continue;
        }
        named.push(Candidate { start, end, sentence, categories, is_keyword });
    }
    for n in named {
        let (start, end, sentence) = (n.start, n.end, n.sentence);
        let title = is_title(seg, sentence);
        let categories: Vec<Category> = n
            .categories
            .into_iter()
            .filter(|cat| {
                let denied_below = title && denied.contains(&(*cat, sentence + 1));
                !denied_below && !seen.contains(&(*cat, sentence))
            })
            .collect();
        if categories.is_empty() {
            continue;
        }
        if n.is_keyword {
            let same_block_before = sentence > 0 && seg.sentences[sentence - 1].block == seg.sentences[sentence].block;
            if !(speaks_of_third_parties(sentence) || (same_block_before && speaks_of_third_parties(sentence - 1))) {
                continue;
            }
        }
        for category in categories {
            seen.insert((category, sentence));
            found.push(CategoryMention {
                category,
                matched: seg.norm[start..end].to_string(),
                quote: quote(seg, sentence, start),
                offset: seg.raw_offset(start),
            });
        }
    }
    found.sort_by_key(|c| (c.offset, c.category));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::segment::segment;

    fn cats(language: Language, text: &str) -> Vec<(String, String)> {
        find(&segment(text), &[], &[Language::En, language])
            .into_iter()
            .map(|c| (c.category.to_string(), c.matched))
            .collect()
    }

    fn pair(c: &str, m: &str) -> (String, String) {
        (c.to_string(), m.to_string())
    }

    #[test]
    fn words_inside_addresses_name_no_category() {
        assert!(cats(Language::En, "Write to hazel@heatmap-blog.test.").is_empty());
        assert!(
            cats(Language::En, "Our analytics providers are listed at https://example.com/advertising-partners.").len()
                == 1
        );
        assert_eq!(cats(Language::En, "We use heatmaps."), [pair("session-replay", "heatmaps")]);
    }

    #[test]
    fn every_language_compiles() {
        for l in Language::ALL {
            assert_eq!(compiled(l).is_some(), lang::has_rules(l), "{l}");
        }
    }

    #[test]
    fn german_categories_and_negation() {
        assert_eq!(cats(Language::De, "Wir setzen Analysedienste ein."), [pair("analytics", "Analysedienste")]);
        assert_eq!(
            cats(Language::De, "Wir arbeiten mit Zahlungsdienstleistern und einem Hosting-Anbieter."),
            [pair("payments", "Zahlungsdienstleistern"), pair("hosting", "Hosting-Anbieter")]
        );
        assert!(cats(Language::De, "Wir nutzen keine Analysedienste.").is_empty());
        assert!(cats(Language::De, "Analysedienste nutzen wir nicht.").is_empty());
        assert!(
            cats(Language::De, "Wir verwenden kein Retargeting.").is_empty(),
            "an English phrase, a German negation"
        );
    }

    #[test]
    fn romance_and_other_categories() {
        assert_eq!(
            cats(Language::Fr, "Nos partenaires publicitaires."),
            [pair("advertising", "partenaires publicitaires")]
        );
        assert_eq!(cats(Language::Fr, "Nos prestataires d’analyse."), [pair("analytics", "prestataires d’analyse")]);
        assert!(cats(Language::Fr, "Nous ne travaillons avec aucune régie publicitaire.").is_empty());
        assert_eq!(cats(Language::Es, "Proveedores de análisis y socios publicitarios.").len(), 2);
        assert_eq!(cats(Language::It, "I fornitori di servizi di analisi e i partner pubblicitari.").len(), 2);
        assert_eq!(cats(Language::Nl, "Onze advertentiepartners en analysediensten.").len(), 2);
        assert_eq!(cats(Language::Nl, "Wij gebruiken betaaldienstverleners.")[0].0, "payments");
        assert!(cats(Language::Nl, "Wij werken niet met advertentiepartners.").is_empty());
    }
}
