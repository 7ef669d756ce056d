//! Swedish. The finite verb comes second and "inte" or "aldrig" right after it, before the object ("Vi
//! säljer inte dina personuppgifter", "Vi lämnar aldrig ut dina uppgifter"), but after an object pronoun
//! ("Vi spårar dig inte"); "inga" negates a noun ("Vi använder inga cookies från tredje part"). Folding
//! turns "å" into "aa", so that "spårar" (tracks) stays apart from "sparar" (saves).

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// Who promises: "vi" or the site.
const WE: &str = r"(?:vi|(?:den har|vaar|denna) (?:webbplats(?:en)?|sajt(?:en)?|app(?:en)?|tjanst(?:en)?)|webbplatsen|sajten|appen|tjansten)";
const NEG: &str = r"(?:inte|aldrig|ej)";
const INGA: &str = r"(?:inga|ingen|inget|inte naagra|aldrig naagra)";
/// Third parties as recipients.
const TREDJE: &str = r"(?:tredje part(?:er)?|tredjepart(?:er)?|andra (?:foretag|aktorer|organisationer)|utomstaende|annonsorer|naagon annan)";
const DATA: &str = r"(?:(?:dina|era) )?(?:person)?uppgifter(?:na)?";
const TP_COOKIES: &str = r"(?:(?:cookies|kakor) (?:fraan|av) (?:tredje part(?:er)?|tredjepart(?:er)?|andra foretag)|tredjepartscookies|tredjepartskakor)";
const ANALYTICS: &str = r"(?:(?:externa )?(?:analystjanster|analysverktyg|analystjanst|analysprogram|statistiktjanster|webbanalys(?:verktyg|tjanster)?)(?: (?:fraan|av) tredje part(?:er)?)?)";

pub(super) fn claims() -> ClaimVocab {
    let w3 = words(3);
    let end = r"(?:\s*[.;!)]|\s*$|,? (?:eller|och) (?:liknande|andra) (?:tekniker|verktyg)\b)";
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{WE} (?:anvander|satter|placerar|lagrar|tillaater)\b (?:{NEG} (?:naagra )?|inga )(?:[\w-]+ )?{TP_COOKIES}"),
                format!(r"\butan {TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            format!(r"\b{WE} (?:anvander|satter|placerar|lagrar)\b {INGA} (?:cookies|kakor)(?: (?:paa (?:den har|vaar) webbplats(?:en)?|alls))?{end}"),
        ),
        (
            ClaimKind::NoSharing,
            [
                format!(r"\b{WE} (?:delar|lamnar|overlaater|overfor|skickar|ger|saljer)\b {NEG}(?: ut)?\b[^.;:]{{0,80}}?\b(?:med|till) (?:[\w-]+ )?{TREDJE}\b"),
                format!(r"\b{DATA} (?:delas|lamnas ut|overlaats|saljs)\b {NEG}\b[^.;:]{{0,60}}?\b(?:med|till) (?:[\w-]+ )?{TREDJE}\b"),
                format!(r"\b{DATA} (?:kommer|kommer att) {NEG} (?:att )?(?:delas|lamnas ut)\b[^.;:]{{0,60}}?\b(?:med|till) (?:[\w-]+ )?{TREDJE}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\b{WE} (?:saljer|hyr ut)\b {NEG}\b {w3}(?:{DATA}|data|information)\b"),
                format!(r"\b{WE} saljer (?:inga|aldrig naagra) (?:person)?uppgifter\b"),
                format!(r"\b{DATA} (?:saljs|hyrs ut) {NEG}\b|\b{DATA} (?:kommer|kommer att) {NEG} (?:att )?(?:saljas|hyras ut)\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                format!(r"\b{WE} (?:spaarar|foljer|overvakar) (?:dig|er|besokarna|anvandarna|naagon) {NEG}\b"),
                format!(r"\b{WE} (?:spaarar|foljer|overvakar) {NEG} (?:dig|er|din|dina|besokare|anvandare)\b"),
                format!(r"\b{WE} (?:anvander|satter) {INGA} (?:spaarningscookies|spaarningsverktyg|spaarare|trackers|tracking\w*)"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            format!(r"\b{WE} (?:anvander|nyttjar)\b (?:{INGA}|{NEG}) {ANALYTICS}"),
        ),
        (
            ClaimKind::IgnoresDnt,
            format!(r"\b{WE} (?:svarar|reagerar|respekterar|foljer|hedrar|stodjer|beaktar)\b {NEG}\b[^.;:]{{0,60}}?\bdnt\b"),
        ),
        (
            ClaimKind::HonoursDnt,
            format!(r"\b{WE} (?:respekterar|foljer|hedrar|stodjer|beaktar|tar hansyn till)\b {w3}dnt\b"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:inte|inga|ingen|inget|aldrig|ej|utan)\b|respekter|hedrar|track|dnt".to_string(),
        rules,
        exceptions: Some(r"\b(?:utom|forutom|med undantag|undantaget|saavida inte|om inte|utan (?:ditt|ert) (?:\w+ )?samtycke|endast (?:om|nar|till|med|i|for)|bara (?:om|nar|till|med)|enbart (?:om|nar|till|med)|om du|nar lagen|om lagen)\b".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    let rules = vec![
        rule(
            Category::Analytics,
            r"analys(?:verktyg|tjänster|tjänst|program|leverantörer|partners|cookies|kakor)|webbanalys(?:verktyg|tjänster)?|statistik(?:cookies|kakor|verktyg|tjänster)|analytiska (?:cookies|kakor)",
            None,
        ),
        rule(
            Category::Advertising,
            r"annons(?:partners?|nätverk|leverantörer|plattformar|cookies|kakor|tjänster)|annonsörer|reklam(?:partners?|nätverk|cookies|kakor|byråer)|marknadsförings(?:cookies|kakor)|(?:riktad|personanpassad|målgruppsanpassad|riktade|personanpassade) (?:reklam|annonsering|annonser)|retargeting|remarketing|konverteringspixlar",
            Some(r"annonser|reklam"),
        ),
        rule(
            Category::Social,
            r"sociala medier (?:som|såsom)|delningsknappar|sociala (?:plugin\w*|knappar)|gilla-?knappar",
            None,
        ),
        rule(Category::SessionReplay, r"sessionsinspelning\w*|värmekartor|heatmaps?", None),
        rule(Category::TagManager, r"tagghanter\w*|tag managers?", None),
        rule(Category::Consent, r"samtyckes(?:hantering\w*|plattform\w*|verktyg)", None),
        rule(
            Category::CustomerSupport,
            r"kundtjänst(?:verktyg|system|plattform\w*)|livechatt\w*|chatt(?:tjänst\w*|verktyg)|chatbott?\w*|kundsupport(?:system|verktyg)",
            Some(r"kundtjänst|kundsupport"),
        ),
        rule(
            Category::MarketingAutomation,
            r"(?:marknadsföringsautomation|e-?postmarknadsföring)(?:-?(?:verktyg|system|tjänst\w*|plattform\w*))?|crm-?(?:verktyg|system|tjänst\w*)|nyhetsbrevs(?:tjänst\w*|verktyg|leverantör\w*)",
            None,
        ),
        rule(
            Category::Email,
            r"e-?post(?:tjänst\w*|leverantör\w*|utskickstjänst\w*)|transaktionella e-?postmeddelanden",
            None,
        ),
        rule(
            Category::Payments,
            r"betal(?:tjänstleverantör\w*|tjänster|tjänst|leverantör\w*|lösningar|partners?|förmedlare|ningsleverantör\w*)|betalningsförmedl\w*|kortinlösen\w*",
            Some(r"betalningar"),
        ),
        rule(Category::Cdn, r"innehållsleveransnätverk|cdn\w*", None),
        rule(Category::Fonts, r"webbtypsnitt|typsnittstjänst\w*|web ?fonts?", None),
        rule(Category::Video, r"video(?:tjänst\w*|plattform\w*|spelare)|inbäddade videor", None),
        rule(
            Category::Hosting,
            r"webbhotell(?:et)?|hosting(?:leverantör\w*|tjänst\w*|företag\w*)|driftleverantör\w*|molntjänst\w*|serverleverantör\w*",
            Some(r"hosting"),
        ),
        rule(Category::Security, r"bedrägeri(?:förebyggande|skydd|upptäckt)|botskydd|spamskydd|captcha", None),
        rule(Category::AbTesting, r"a/b-?test\w*", None),
        rule(Category::Affiliate, r"affiliate(?:partners?|nätverk|program|länkar|marknadsföring)|partnerprogram", None),
        rule(Category::DataBroker, r"datamäklare|dataförmedlare|data brokers?", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:tredje part\w*|tredjepart\w*|personuppgiftsbiträden|personuppgiftsbiträde|leverantörer|partners?|samarbetspartners?|för vår räkning|underleverantörer)".to_string(),
        negated_before: r"(?i)\b(?:inte|inga|ingen|inget|aldrig|utan|ej|varken)(?:\s+[\w-]+){0,4}\s*$".to_string(),
        negated_after: None,
        negation_break: r"(?i)[;:.]|\b(?:utom|förutom|men|endast|bara|enbart)\b".to_string(),
    }
}
