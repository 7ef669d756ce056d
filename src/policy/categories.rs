//! Vague categories of recipients: "analytics providers", "advertising partners", "payment processors".
//!
//! A *phrase* names a kind of recipient on its own and counts anywhere. A bare *keyword* ("hosting",
//! "analytics") counts only in a list of what third parties do for the site: when its unit, or the unit
//! before it in the same paragraph, speaks of vendors, service providers, partners or third parties.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::segment::Segmented;
use super::{quote, regex};
use crate::model::{Category, CategoryMention};

/// One category's phrases and, optionally, its bare keywords (as regex sources).
struct Rule {
    category: Category,
    phrase: String,
    keyword: Option<String>,
}

fn rule(category: Category, phrase: &str, keyword: Option<&str>) -> Rule {
    Rule { category, phrase: phrase.to_string(), keyword: keyword.map(str::to_string) }
}

/// The rules compiled for one pass over the text: a union of all phrases and a union of all keywords find
/// candidates; a set of the anchored expressions then says which categories a candidate belongs to.
struct Compiled {
    phrases: Regex,
    keywords: Regex,
    phrase_set: RegexSet,
    keyword_set: RegexSet,
    /// The category of each entry of `keyword_set`.
    keyword_categories: Vec<Category>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    // Searched in an ASCII-lowercased copy of the text: a case-sensitive automaton is much smaller and faster
    // than a case-insensitive one.
    let union = |parts: &[&str]| regex(&format!(r"\b(?:{})\b", parts.join("|")));
    let set = |parts: &[&str]| {
        RegexSet::new(parts.iter().map(|p| format!(r"^(?:{p})$"))).expect("the union of the same patterns compiles")
    };
    let phrases: Vec<&str> = RULES.iter().map(|r| r.phrase.as_str()).collect();
    let keywords: Vec<&str> = RULES.iter().filter_map(|r| r.keyword.as_deref()).collect();
    Compiled {
        phrases: union(&phrases),
        keywords: union(&keywords),
        phrase_set: set(&phrases),
        keyword_set: set(&keywords),
        keyword_categories: RULES.iter().filter(|r| r.keyword.is_some()).map(|r| r.category).collect(),
    }
});

const PROVIDER: &str = r"(?:service )?(?:providers?|partners?|vendors?|services|companies|platforms?|networks?|tools?|processors?|solutions?|software|suppliers?)";

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let p = PROVIDER;
    vec![
        rule(
            Category::Analytics,
            &format!(
                r"(?:web |website |site |usage |mobile |product |third[- ]party |external )?analytics? {p}|analytical (?:tools|services|cookies)|audience measurement|measurement (?:partners|providers|services)|(?:web|website|site|usage|third[- ]party) analytics|analytics (?:and|or) (?:measurement|performance) cookies|analytics cookies|(?:performance|statistics|statistical) cookies"
            ),
            Some(
                r"analytics|analy[sz]ing (?:data|usage|traffic|how)|data analy[sz]is|measuring (?:traffic|usage|performance)",
            ),
        ),
        rule(
            Category::Advertising,
            &format!(
                r"advertis(?:ing|ement|ements) {p}|advertisers|ad (?:networks?|partners?|servers?|providers?|platforms?|exchanges?|tech(?:nology)? (?:companies|partners|providers|vendors))|(?:targeted|interest[- ]based|personali[sz]ed|behaviou?ral|tailored|relevant|retargeted) (?:advertising|ads|advertisements)|retargeting|remarketing|(?:serve|serving|display|displaying|show|showing|deliver|delivering)(?: [a-z]+){{0,3}} (?:ads|advertisements)|(?:advertising|marketing|targeting) cookies|(?:advertising|marketing) partners|conversion tracking|(?:advertising|tracking) pixels"
            ),
            Some(r"advertising|advertisements|ads"),
        ),
        rule(
            Category::Social,
            &format!(
                r"social (?:media|network(?:ing)?) (?:{p}|sites?|features|widgets|plug-?ins?|buttons|integrations?)|social (?:plug-?ins?|widgets|sharing buttons|media features|login|sign[- ]in)|social (?:media|networks?) (?:such as|like|including)|(?:share|sharing|like) buttons?"
            ),
            None,
        ),
        rule(
            Category::SessionReplay,
            r"session (?:replay|recording)s?|heat ?maps?|screen recordings?|(?:mouse|click) tracking",
            None,
        ),
        rule(Category::TagManager, r"tag management (?:systems?|tools?|services?|solutions?)|tag managers?", None),
        rule(
            Category::Consent,
            r"consent management (?:platforms?|providers?|tools?|solutions?)|cookie consent (?:tools?|platforms?|managers?|providers?|solutions?)",
            None,
        ),
        rule(
            Category::CustomerSupport,
            &format!(
                r"(?:customer (?:support|service|success|care)|help ?desk|support ticket(?:ing)?|live chat|chat) {p}|chat ?bots?|live chat"
            ),
            Some(r"customer (?:support|service)"),
        ),
        rule(
            Category::MarketingAutomation,
            &format!(
                r"(?:marketing automation|customer relationship management|crm|e-?mail marketing|newsletter) {p}|marketing automation"
            ),
            Some(r"marketing (?:assistance|services|campaigns)"),
        ),
        rule(
            Category::Email,
            &format!(
                r"e-?mail (?:delivery|sending|service|communication)(?: {p})?|(?:e-?mail|mailing) {p}|transactional e-?mails?"
            ),
            Some(r"(?:sending|send|delivering|deliver) (?:\w+ ){0,3}e-?mails?|e-?mail delivery"),
        ),
        rule(
            Category::Payments,
            &format!(
                r"payment (?:processing|processors?|providers?|service providers?|gateways?|platforms?|partners|services|networks?)|(?:credit card|card) (?:processors?|processing)|process(?:ing)? (?:your )?(?:credit card )?payments|billing {p}"
            ),
            Some(r"payments?|billing|invoicing"),
        ),
        rule(Category::Cdn, r"content (?:delivery|distribution) networks?|cdns?", None),
        rule(Category::Fonts, r"(?:web ?)?font (?:services?|providers?|librar(?:y|ies))|web ?fonts", None),
        rule(
            Category::Video,
            r"video (?:hosting|players?|platforms?|embeds?|providers?|services|sharing)|(?:embedded|embeddable) (?:videos?|media)|media players?",
            None,
        ),
        rule(
            Category::Hosting,
            &format!(
                r"(?:web |website |cloud |server )?hosting (?:{p})|(?:web|website|cloud|server) hosting|cloud (?:service |computing |infrastructure |storage )?{p}|data (?:storage|cent(?:er|re)s?) {p}|infrastructure {p}"
            ),
            Some(r"hosting|data storage|cloud storage|cloud computing"),
        ),
        rule(
            Category::Security,
            &format!(
                r"(?:fraud prevention|fraud detection|anti-?fraud|bot (?:detection|protection|management)|captcha|security) {p}"
            ),
            Some(r"fraud (?:prevention|detection)"),
        ),
        rule(
            Category::AbTesting,
            r"(?:a/b|ab|split|multivariate) test(?:ing|s)?(?: (?:tools?|providers?|services?|platforms?))?|experimentation (?:platforms?|tools?)|website testing",
            None,
        ),
        rule(Category::Affiliate, r"affiliate (?:marketing|networks?|programs?|programmes?|partners?|links?)", None),
        rule(
            Category::DataBroker,
            r"data (?:brokers?|aggregators?|resellers?|onboarding)|data management platforms?",
            None,
        ),
    ]
});

/// Words that say a unit is about third parties, which lets bare keywords count.
static THIRD_PARTY_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:third[- ]part(?:y|ies)|vendors?|service providers?|sub-?processors?|processors|partners|on our behalf|perform services|provide services to us|share (?:your |personal )?(?:information|data))\b",
    )
});

/// A negation shortly before a category in the same clause ("we do not use any analytics providers", "no
/// social media buttons") denies it rather than names it.
static NEGATED: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?:n['’]t|\b(?:no|not|never|without|neither|nor))(?:\s+[\w-]+){0,4}\s*$"));

/// Words that end the reach of a negation ("we do not share data except with analytics providers").
static NEGATION_BREAK: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)[;:.]|\b(?:except|but|other than|apart from|only|unless)\b"));

fn negated(seg: &Segmented, sentence: usize, start: usize) -> bool {
    // Four words and a negation fit in 80 bytes; looking further back only costs time.
    let mut from = seg.sentences[sentence].norm.start.max(start.saturating_sub(80));
    while !seg.norm.is_char_boundary(from) {
        from += 1;
    }
    let before = &seg.norm[from..start];
    let clause_start = NEGATION_BREAK.find_iter(before).last().map_or(0, |m| m.end());
    NEGATED.is_match(&before[clause_start..])
}

/// Every vague category in `seg`, one entry per category and unit, in text order. Matches overlapping a
/// vendor or company name (`names`, sorted spans in `seg.norm`) are not categories.
pub fn find(seg: &Segmented, names: &[(usize, usize)]) -> Vec<CategoryMention> {
    let in_name = |start: usize, end: usize| {
        let i = names.partition_point(|&(_, e)| e <= start);
        names.get(i).is_some_and(|&(s, _)| s < end)
    };
    let mut found: Vec<CategoryMention> = Vec::new();
    let mut seen: HashSet<(Category, usize)> = HashSet::new();
    // Whether a unit speaks of third parties, computed once per unit.
    let mut context_cache: Vec<Option<bool>> = vec![None; seg.sentences.len()];
    let mut speaks_of_third_parties = |sentence: usize| {
        *context_cache[sentence].get_or_insert_with(|| THIRD_PARTY_CONTEXT.is_match(seg.text(sentence)))
    };
    let c = &*COMPILED;
    let lower = seg.norm.to_ascii_lowercase();
    let phrases = c.phrases.find_iter(&lower).map(|m| (m, true));
    let keywords = c.keywords.find_iter(&lower).map(|m| (m, false));
    for (m, is_phrase) in phrases.chain(keywords) {
        let Some(sentence) = seg.sentence_at(m.start()) else { continue };
        let text = &lower[m.range()];
        let categories: Vec<Category> = if is_phrase {
            c.phrase_set.matches(text).into_iter().map(|i| RULES[i].category).collect()
        } else {
            c.keyword_set.matches(text).into_iter().map(|i| c.keyword_categories[i]).collect()
        };
        let categories: Vec<Category> =
            categories.into_iter().filter(|cat| !seen.contains(&(*cat, sentence))).collect();
        if categories.is_empty() || in_name(m.start(), m.end()) {
            continue;
        }
        if !is_phrase {
            let same_block_before = sentence > 0 && seg.sentences[sentence - 1].block == seg.sentences[sentence].block;
            if !(speaks_of_third_parties(sentence) || (same_block_before && speaks_of_third_parties(sentence - 1))) {
                continue;
            }
        }
        if negated(seg, sentence, m.start()) {
            continue;
        }
        for category in categories {
            seen.insert((category, sentence));
            found.push(CategoryMention {
                category,
                matched: seg.norm[m.range()].to_string(),
                quote: quote(seg, sentence, m.start()),
                offset: seg.raw_offset(m.start()),
            });
        }
    }
    found.sort_by_key(|c| (c.offset, c.category));
    found
}
