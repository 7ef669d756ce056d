//! English: the patterns the reader started with.

use super::{CategoryVocab, ClaimVocab, rule};
use crate::model::{Category, ClaimKind};

/// Negations that start a promise.
const NOT: &str = r"(?:do not|don't|does not|doesn't|will not|won't|would not|never|shall not|have not|haven't|has not|hasn't|did not|didn't|are not|is not|cannot|can't|will never|do never)";

/// Who makes the promise: the site itself. A third party's practice ("YouTube does not set cookies") is not
/// the site's promise.
const SUBJECT: &str = r"(?:we|our (?:web)?sites?|this (?:web)?site|the (?:web)?site|our (?:company|services?|apps?|platform|systems?|pages)|it)";

/// The site itself, in promises about what its own pages do (not "it", which is often a vendor named before).
const WE: &str = r"(?:we|our (?:web)?sites?|this (?:web)?site|the (?:web)?site)";

pub(super) fn claims() -> ClaimVocab {
    let r = |kind, p: String| (kind, p);
    let recipients = r"(?:third[- ]part(?:y|ies)|any(?:one| other (?:company|organi[sz]ation|party|entity))|other (?:companies|organi[sz]ations|parties|businesses|entities)|outside (?:parties|companies|organi[sz]ations)|advertisers|any (?:company|organi[sz]ation|party|entity))";
    let rules = vec![
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
        r(
            ClaimKind::HonoursGpc,
            r"\b(?:we|this (?:web)?site|our (?:web)?sites?|our services?) (?:will |do |currently |always |automatically )*(?:honou?rs?|respects?|responds? to|compl(?:y|ies) with|recogni[sz]es?|process(?:es)?|treats?|supports?|accepts?|appl(?:y|ies)|observes?|obeys?) (?:\w+ ){0,4}?gpc\b|\bgpc (?:signals? |requests? )?(?:are|is|will be) (?:always |automatically )?(?:honou?red|respected|recogni[sz]ed|processed|treated as|applied)|\bif (?:you|your browser) (?:\w+ ){0,3}?(?:enable|use|turn on|set|send|have|broadcast)s? (?:\w+ ){0,4}?gpc\b[^.;]{0,160}?\b(?:we|it) (?:will |shall |automatically )*(?:\w+ ){0,2}?(?:treats?|process(?:es)?|honou?rs?|appl(?:y|ies)|opts? you out|stops?|recogni[sz]es?)\b".to_string(),
        ),
        r(
            ClaimKind::IgnoresGpc,
            format!(r"\b{NOT}(?: \w+){{0,5}}? (?:honou?r|respect|respond|recogni[sz]e|follow|support|act on|comply with|process|accept|obey)\b[^.;]{{0,100}}?\bgpc\b|\bgpc (?:signals? |requests? |settings? )?(?:are|is|will be) (?:\w+ )?(?:ignored|not (?:honou?red|respected|supported|recogni[sz]ed|processed))|\bignores? (?:\w+ ){{0,2}}gpc\b"),
        ),
        r(
            ClaimKind::NoSessionRecording,
            format!(r"\b{WE} {NOT} (?:\w+ ){{0,2}}?(?:record|replay)s? (?:\w+ )?(?:sessions?|screens?|mouse movements?|visits)\b|\b{WE} {NOT} (?:\w+ )?use (?:any )?(?:session[- ](?:recording|replay)|heat ?maps?|screen[- ]recording)|\bno (?:session[- ](?:recording|replay)|heat ?map)s? (?:tools? |software |technolog(?:y|ies) )?(?:are|is|will be) used"),
        ),
        r(
            ClaimKind::NoFingerprinting,
            format!(r"\b{WE} {NOT} (?:\w+ )?(?:use|employ|engage in|rely on|perform|apply)s? (?:any )?(?:(?:browser|device|canvas|digital) )?fingerprint(?:ing|s)?\b|\bno (?:browser |device |canvas )?fingerprinting (?:is|will be) (?:used|performed|carried out)"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)n['’]t|\b(?:not|never|no|without|free|disable|block|honou?r|respect|ignore|only|prevent|gpc|global privacy control|preference signal|opt-?out (?:signal|mechanism)|recogni[sz]e)"
            .to_string(),
        rules,
        exceptions: None,
        others_at: Some(r"^(?:you|they|users?|visitors?|he|she|your browser)\b".to_string()),
        others_before: Some(
            concat!(
                r"\b(?:you|they|users?|visitors?|he|she|your browser|if|unless|whether)(?: \w+)?\s*$",
                r"|\b(?:many|some|most|other|these|those|third[- ]party|such|certain)\s+(?:\w+\s+)?",
                r"(?:websites?|sites?|browsers?|companies|services|platforms|providers|partners|vendors|parties)\s*$",
            )
            .to_string(),
        ),
    }
}

const PROVIDER: &str = r"(?:service )?(?:providers?|partners?|vendors?|services|companies|platforms?|networks?|tools?|processors?|solutions?|software|suppliers?)";

pub(super) fn categories() -> CategoryVocab {
    let p = PROVIDER;
    let rules = vec![
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
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:third[- ]part(?:y|ies)|vendors?|service providers?|sub-?processors?|processors|partners|on our behalf|perform services|provide services to us|share (?:your |personal )?(?:information|data))\b".to_string(),
        negated_before: r"(?i)(?:n['’]t|\b(?:no|not|never|without|neither|nor))(?:\s+[\w-]+){0,4}\s*$".to_string(),
        negated_after: None,
        negation_break: r"(?i)[;:.]|\b(?:except|but|other than|apart from|only|unless)\b".to_string(),
    }
}
