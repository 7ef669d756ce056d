//! Promises a policy makes that observed behaviour can contradict ("we do not use third-party cookies").
//!
//! Each kind is a small set of patterns over one lowercased unit in which "Do Not Track" has been rewritten
//! to `dnt`, so that the words "do not" inside that name are never read as a negation. Near misses are
//! excluded by the patterns themselves: "we do not use cookies to identify you" limits a purpose, it does not
//! promise a cookie-free site.

use std::sync::LazyLock;

use regex::Regex;

use super::segment::Segmented;
use super::{quote, regex};
use crate::model::{Claim, ClaimKind};
use crate::vendors::aliases::fold_char;

/// Negations that start a promise.
const NOT: &str = r"(?:do not|don't|does not|doesn't|will not|won't|would not|never|shall not|have not|haven't|has not|hasn't|did not|didn't|are not|is not|cannot|can't|will never|do never)";

/// Who makes the promise: the site itself. A third party's practice ("YouTube does not set cookies") is not
/// the site's promise.
const SUBJECT: &str = r"(?:we|our (?:web)?sites?|this (?:web)?site|the (?:web)?site|our (?:company|services?|apps?|platform|systems?|pages)|it)";

struct Rule {
    kind: ClaimKind,
    pattern: Regex,
}

fn rules() -> Vec<Rule> {
    let r = |kind, p: String| Rule { kind, pattern: regex(&p) };
    let recipients = r"(?:third[- ]part(?:y|ies)|any(?:one| other (?:company|organi[sz]ation|party|entity))|other (?:companies|organi[sz]ations|parties|businesses|entities)|outside (?:parties|companies|organi[sz]ations)|advertisers|any (?:company|organi[sz]ation|party|entity))";
    vec![
        r(
            ClaimKind::NoThirdPartyCookies,
            format!(r"\b{SUBJECT} {NOT} (?:\w+ ){{0,2}}?(?:use|set|place|allow|permit|serve|store|employ|have|install|drop)s? (?:any )?third[- ]party cookies|\bno third[- ]party cookies (?:are|will be|is) (?:\w+ )?(?:used|set|placed|stored|served)|\b(?:we|{SUBJECT}) (?:\w+ )?(?:disable|disables|block|blocks|prevent|prevents) (?:all |any )?third[- ]party cookies|\bwithout (?:using |any )?third[- ]party cookies\b|\bfree (?:of|from) third[- ]party cookies"),
        ),
        r(
            ClaimKind::NoCookies,
            format!(r"\b{SUBJECT} {NOT} (?:\w+ )?(?:use|set|place|store|install|drop)s? (?:any )?cookies(?: (?:on|in) (?:this|our|the) (?:web)?sites?| at all| whatsoever)?(?:\s*[.;!)]|\s*$|,? (?:or|and|nor) (?:any )?(?:similar|other|tracking)\b)|\bno cookies (?:are|will be|is) (?:\w+ )?(?:used|set|placed|stored)|\b(?:is|are) cookie-?free\b|\bdoes(?: not|n't) (?:use|set) any cookies"),
        ),
        r(
            ClaimKind::NoSharing,
            format!(r"\b{NOT}(?: \w+,?){{0,5}}? (?:share|shared|disclose|disclosed|rent|rented|trade|traded|transfer|transferred)\b[^.;]*?\b{recipients}|\b(?:never|not) be (?:\w+ (?:to )?or )?(?:shared|disclosed|rented|transferred)\b[^.;]*?\b(?:with|to) {recipients}"),
        ),
        r(
            ClaimKind::NoSelling,
            format!(r"\b{NOT}(?: \w+,?){{0,5}}? (?:sell|sold|sells|rent|rents|rented|trade|trades)\b|\b(?:never|not) be sold\b|\bno (?:sale|selling) of (?:your )?personal"),
        ),
        r(
            ClaimKind::NoTracking,
            format!(r"\b(?:we|this (?:web)?site|our (?:web)?sites?) {NOT} (?:\w+ )?track (?:you|your|users|visitors|individuals|people|anyone)\b|\bno (?:tracking|trackers)(?: (?:cookies|technologies|scripts))? (?:are|is|will be) used|\b(?:we|this (?:web)?site) {NOT} use (?:any )?(?:tracking (?:cookies|technologies|scripts|pixels)|trackers)\b"),
        ),
        r(
            ClaimKind::NoThirdPartyAnalytics,
            format!(r"\b(?:we|this (?:web)?site|our (?:web)?sites?) {NOT} (?:\w+ )?use (?:any )?(?:third[- ]party|external|outside) (?:analytics|tracking|statistics)|\bno third[- ]party analytics\b|\bwe (?:only )?use (?:only )?(?:self-hosted|first[- ]party|in-house|our own)(?: \w+)? analytics(?: only)?\b"),
        ),
        r(
            ClaimKind::IgnoresDnt,
            format!(r"\b{NOT}(?: \w+){{0,5}}? (?:honou?r|respect|respond|recogni[sz]es?|follow|support|act on|take any action|comply with|process|accept|obey)\b[^.;]{{0,100}}?\bdnt\b|\bdnt (?:signals? |requests? |settings? |headers? )?(?:are|is|will be) (?:\w+ )?(?:ignored|not (?:honou?red|respected|supported|recogni[sz]ed))|\bignores? (?:\w+ ){{0,2}}dnt\b"),
        ),
        r(
            ClaimKind::HonoursDnt,
            r"\b(?:we|this (?:web)?site|our (?:web)?sites?) (?:will |do |currently |always )*(?:honou?r|respect|respond to|comply with|recogni[sz]e|follow|obey|observe|support|treat)s? (?:\w+ ){0,3}?dnt\b|\bdnt (?:signals? |requests? )?(?:are|is|will be) (?:always )?(?:honou?red|respected|recogni[sz]ed)".to_string(),
        ),
    ]
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(rules);

/// All rules at once: one pass over a unit says which rules can match it.
static ANY_RULE: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(RULES.iter().map(|r| r.pattern.as_str())).expect("the rules compile one by one")
});

/// The name "Do Not Track" (capitalised, hyphenated, quoted, or followed by "signals" and the like), as
/// opposed to the words "we do not track you".
static DNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r#"["'“‘(\[]?\b(?:Do Not Track|DO NOT TRACK|Do not Track|[Dd]o-[Nn]ot-[Tt]rack)\b["'”’)\]]?(?: \(["'“]?DNT["']?\))?()"#,
        r"|\b[Dd]o not track( (?:browser )?(?:signals?|settings?|requests?|headers?|features?|preferences?|mechanisms?))\b",
    ))
});

/// Cheap pre-filter: a unit with none of these words makes no promise.
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)n['’]t|\b(?:not|never|no|without|free|disable|block|honou?r|respect|ignore|only|prevent)")
});

/// Whether the promise at `start` is made by the reader or someone else ("you can disable third-party
/// cookies", "they do not share"), which is advice, not a promise of the site.
fn by_the_reader(lower: &str, start: usize) -> bool {
    static OTHERS: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:you|they|users?|visitors?|he|she|your browser)\b"));
    static OTHERS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(concat!(
            r"\b(?:you|they|users?|visitors?|he|she|your browser|if|unless|whether)(?: \w+)?\s*$",
            r"|\b(?:many|some|most|other|these|those|third[- ]party|such|certain)\s+(?:\w+\s+)?",
            r"(?:websites?|sites?|browsers?|companies|services|platforms|providers|partners|vendors|parties)\s*$",
        ))
    });
    OTHERS.is_match(&lower[start..]) || OTHERS_BEFORE.is_match(&lower[..start])
}

/// Every claim in `seg`, one entry per kind and unit, in text order.
pub fn find(seg: &Segmented) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (i, s) in seg.sentences.iter().enumerate() {
        let text = seg.text(i);
        if !CUE.is_match(text) {
            continue;
        }
        let named =
            if text.contains("rack") || text.contains("RACK") { DNT.replace_all(text, "dnt$1") } else { text.into() };
        let mut lower = named.to_lowercase();
        if !lower.is_ascii() {
            lower = lower.chars().map(fold_char).collect();
        }
        let mut kinds: Vec<ClaimKind> = ANY_RULE
            .matches(&lower)
            .into_iter()
            .map(|i| &RULES[i])
            .filter(|r| r.pattern.find_iter(&lower).any(|m| !by_the_reader(&lower, m.start())))
            .map(|r| r.kind)
            .collect();
        if kinds.contains(&ClaimKind::IgnoresDnt) {
            kinds.retain(|k| *k != ClaimKind::HonoursDnt);
        }
        for kind in kinds {
            claims.push(Claim { kind, quote: quote(seg, i, s.norm.start), offset: s.raw.start });
        }
    }
    claims
}
