//! Vague categories of recipients: "analytics providers", "advertising partners", "payment processors".
//!
//! A *phrase* names a kind of recipient on its own and counts anywhere. A bare *keyword* ("hosting",
//! "analytics") counts only in a list of what third parties do for the site: when its unit, or the unit
//! before it in the same paragraph, speaks of vendors, service providers, partners or third parties.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::quote;
use super::segment::Segmented;
use crate::model::{Category, CategoryMention};

struct Rule {
    category: Category,
    phrase: Regex,
    keyword: Option<Regex>,
}

fn rule(category: Category, phrase: &str, keyword: Option<&str>) -> Rule {
    let compile = |p: &str| Regex::new(&format!(r"(?i)\b(?:{p})\b")).expect("static regex");
    Rule { category, phrase: compile(phrase), keyword: keyword.map(compile) }
}

const PROVIDER: &str = r"(?:service )?(?:providers?|partners?|vendors?|services|companies|platforms?|networks?|tools?|processors?|solutions?|software|suppliers?)";

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let p = PROVIDER;
    vec![
        rule(
            Category::Analytics,
            &format!(
                r"(?:web |website |site |usage |mobile |product |third[- ]party |external )?analytics? {p}|analytical (?:tools|services|cookies)|audience measurement|measurement (?:partners|providers|services)|(?:web|website|site|usage|third[- ]party) analytics|analytics (?:and|or) (?:measurement|performance) cookies|analytics cookies|(?:performance|statistics|statistical) cookies"
            ),
            Some(r"analytics|analy[sz]ing data|data analy[sz]is|measuring (?:traffic|usage|performance)"),
        ),
        rule(
            Category::Advertising,
            &format!(
                r"advertis(?:ing|ement|ements) {p}|advertisers|ad (?:networks?|partners?|servers?|providers?|platforms?|exchanges?|tech(?:nology)? (?:companies|partners|providers|vendors))|(?:targeted|interest[- ]based|personali[sz]ed|behaviou?ral|tailored|relevant|retargeted) (?:advertising|ads|advertisements)|retargeting|remarketing|(?:serve|serving|display|displaying|show|showing|deliver|delivering)(?: \w+){{0,3}} (?:ads|advertisements)|(?:advertising|marketing|targeting) cookies|(?:advertising|marketing) partners|conversion tracking|(?:advertising|tracking) pixels"
            ),
            Some(r"advertising|advertisements|ads"),
        ),
        rule(
            Category::Social,
            &format!(
                r"social (?:media|network(?:ing)?) (?:{p}|sites?|features|widgets|plug-?ins?|buttons|integrations?)|social (?:plug-?ins?|widgets|sharing buttons|media features|login|sign[- ]in)|(?:share|sharing|like) buttons?"
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
            r"(?:video|media) (?:hosting|players?|platforms?|embeds?|providers?|services)|embedded videos?",
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
    Regex::new(r"(?i)\b(?:third[- ]part(?:y|ies)|vendors?|service providers?|sub-?processors?|processors|partners|on our behalf|perform services|provide services to us|share (?:your |personal )?(?:information|data))\b")
        .expect("static regex")
});

/// Every vague category in `seg`, one entry per category and unit, in text order. Matches overlapping a
/// vendor or company name (`names`, sorted spans in `seg.norm`) are not categories.
pub fn find(seg: &Segmented, names: &[(usize, usize)]) -> Vec<CategoryMention> {
    let in_name = |start: usize, end: usize| {
        let i = names.partition_point(|&(_, e)| e <= start);
        names.get(i).is_some_and(|&(s, _)| s < end)
    };
    let mut found: Vec<CategoryMention> = Vec::new();
    let mut seen: HashSet<(Category, usize)> = HashSet::new();
    let context = |sentence: usize| {
        let here = THIRD_PARTY_CONTEXT.is_match(seg.text(sentence));
        let before = sentence > 0
            && seg.sentences[sentence - 1].block == seg.sentences[sentence].block
            && THIRD_PARTY_CONTEXT.is_match(seg.text(sentence - 1));
        here || before
    };
    for rule in RULES.iter() {
        let phrases = rule.phrase.find_iter(&seg.norm).map(|m| (m, true));
        let keywords = rule.keyword.iter().flat_map(|k| k.find_iter(&seg.norm)).map(|m| (m, false));
        for (m, is_phrase) in phrases.chain(keywords) {
            let Some(sentence) = seg.sentence_at(m.start()) else { continue };
            if seen.contains(&(rule.category, sentence))
                || in_name(m.start(), m.end())
                || (!is_phrase && !context(sentence))
            {
                continue;
            }
            seen.insert((rule.category, sentence));
            found.push(CategoryMention {
                category: rule.category,
                matched: m.as_str().to_string(),
                quote: quote(seg, sentence, m.start()),
                offset: seg.raw_offset(m.start()),
            });
        }
    }
    found.sort_by_key(|c| (c.offset, c.category));
    found
}
