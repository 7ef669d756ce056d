//! Dutch. Like German, the finite verb comes second and "niet" or "nooit" late, after the object ("Wij
//! verkopen uw gegevens niet"); "geen" negates a noun ("Wij gebruiken geen cookies van derden"); the verb
//! comes last after a modal or in a subordinate clause ("…dat wij uw gegevens nooit aan derden
//! verstrekken"); the object may come first ("Analysediensten gebruiken wij niet").

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// Who promises: "wij", "we", or the site.
const WE: &str = r"(?:wij|we|(?:deze|onze) (?:website|site|webwinkel|webshop|app|applicatie|dienst|pagina)|(?:dit|ons) (?:platform|blog|bedrijf))";
const NEG: &str = r"(?:niet|nooit)";
const GEEN: &str = r"(?:geen(?: enkele| enkel)?)";
/// Third parties as recipients.
const DERDEN: &str =
    r"(?:derden|derde partijen|andere (?:bedrijven|partijen|organisaties)|externe partijen|adverteerders|niemand)";
/// The user's data.
const DATA: &str = r"(?:(?:uw|je|jouw|persoonlijke|deze) )?(?:persoons)?gegevens";
const TP_COOKIES: &str =
    r"(?:cookies? van (?:derden|derde partijen|externe partijen)|third[- ]party[- ]cookies|cookies derden)";
const ANALYTICS: &str = r"(?:analysediensten|analysedienst|analysetools?|analyse-?(?:diensten|tools?|software)|analytische diensten|analytics-?diensten|statistiekdiensten|webanalyse(?:diensten|tools)?|statistieksoftware)";

pub(super) fn claims() -> ClaimVocab {
    let (w2, w3, w4, w5) = (words(2), words(3), words(4), words(5));
    let end = r"(?:\s*[.;!)]|\s*$|,? (?:of|en|noch) (?:andere |vergelijkbare |soortgelijke )?(?:technieken|technologieen|trackers)\b)";
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{WE} (?:gebruiken|gebruikt|plaatsen|plaatst|zetten|zet|maken gebruik van|maakt gebruik van|laden|laadt)\b {w4}{GEEN} (?:[\w-]+ )?{TP_COOKIES}"),
                format!(r"\b(?:gebruiken|plaatsen|zetten) (?:wij|we)\b {w4}{GEEN} (?:[\w-]+ )?{TP_COOKIES}"),
                format!(r"\b{TP_COOKIES} (?:gebruiken|plaatsen|zetten) (?:wij|we) {w3}{NEG}\b"),
                format!(r"\ber (?:worden|wordt) {w4}{GEEN} {TP_COOKIES} {w3}(?:geplaatst|gebruikt)"),
                format!(r"\b{TP_COOKIES} (?:worden|wordt) {w3}{NEG} (?:geplaatst|gebruikt)"),
                format!(r"\bzonder {TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            [
                format!(r"\b{WE} (?:gebruiken|gebruikt|plaatsen|plaatst|zetten|zet|maken gebruik van|maakt gebruik van)\b {w4}geen cookies?(?: (?:op (?:deze|onze) (?:website|site)|van welke aard dan ook|ook niet))?{end}"),
                format!(r"\b(?:gebruiken|plaatsen) (?:wij|we) {w4}geen cookies?{end}"),
                format!(r"\ber (?:worden|wordt) {w4}geen cookies? {w3}(?:geplaatst|gebruikt){end}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSharing,
            [
                format!(r"\b{WE} (?:delen|deelt|verstrekken|verstrekt|geven|geeft|leveren|levert|verhuren|verhuurt|sturen|stuurt)\b {w5}(?:{NEG}|{GEEN})\b[^.;:]{{0,60}}?\b(?:met|aan) (?:[\w-]+ )?{DERDEN}\b"),
                format!(r"\b(?:delen|verstrekken|geven) (?:wij|we)\b {w5}(?:{NEG}|{GEEN})\b[^.;:]{{0,60}}?\b(?:met|aan) (?:[\w-]+ )?{DERDEN}\b"),
                format!(r"\b(?:wij|we)\b {w5}(?:{NEG}|{GEEN})\b {w5}(?:met|aan) (?:[\w-]+ )?{DERDEN} {w3}(?:delen|verstrekken|doorgeven|gedeeld|verstrekt|doorgegeven)\b"),
                format!(r"\b{DATA} {w2}(?:worden|wordt|zullen)\b {w3}{NEG}\b[^.;:]{{0,60}}?\b(?:met|aan) (?:[\w-]+ )?{DERDEN} {w3}(?:gedeeld|verstrekt|doorgegeven|verkocht)"),
                format!(r"\ber (?:worden|wordt|zullen) {w3}geen (?:persoons)?gegevens\b[^.;:]{{0,40}}?\b(?:met|aan) (?:[\w-]+ )?{DERDEN}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\b{WE} (?:verkopen|verkoopt|verhuren|verhuurt)\b {w3}{DATA} {w3}{NEG}\b"),
                format!(r"\b{WE} (?:verkopen|verkoopt|verhuren|verhuurt)\b {w2}{GEEN} (?:[\w-]+ )?(?:persoons)?(?:gegevens|informatie)\b"),
                format!(r"\b{DATA} (?:verkopen|verhuren) (?:wij|we) {w3}{NEG}\b"),
                format!(r"\b(?:wij|we) {w3}{DATA} {w3}{NEG} {w3}(?:verkopen|verhuren|verkocht)\b"),
                format!(r"\b{DATA} {w2}(?:worden|wordt|zullen) {w3}{NEG} {w3}(?:verkocht|verhuurd)\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                format!(r"\b{WE} (?:volgen|volgt|tracken|trackt) (?:u|je|jou|bezoekers|gebruikers) {w5}{NEG}\b"),
                format!(r"\b{WE} (?:gebruiken|plaatsen|gebruikt|plaatst) {w3}geen (?:tracking ?cookies|trackers|volgcookies|tracking(?:software|technologie)?)\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            [
                format!(r"\b{WE} (?:gebruiken|gebruikt|maken gebruik van|maakt gebruik van|zetten|zet)\b {w4}{GEEN} (?:[\w-]+ ){{0,2}}?{ANALYTICS}"),
                format!(r"\b{ANALYTICS}\b {w4}(?:gebruiken|hebben|zetten|plaatsen) (?:wij|we)\b {w4}{NEG}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::IgnoresDnt,
            [
                format!(r"\b{WE} (?:reageren|reageert|respecteren|respecteert|honoreren|honoreert|volgen|volgt|ondersteunen|ondersteunt|erkennen|erkent)\b {w3}{NEG}\b[^.;:]{{0,60}}?\bdnt\b"),
                format!(r"\b{WE} (?:respecteren|respecteert|honoreren|honoreert|ondersteunen|ondersteunt|volgen|volgt)\b[^.;:]{{0,40}}?\bdnt[\w-]* {w3}{NEG}\b"),
                format!(r"\bdnt[\w-]* {w3}(?:worden|wordt) {w3}{NEG} (?:gerespecteerd|gehonoreerd|ondersteund|opgevolgd)|\b{WE} negeren\b[^.;:]{{0,40}}?\bdnt\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::HonoursDnt,
            format!(r"\b{WE} (?:respecteren|respecteert|honoreren|honoreert|volgen|ondersteunen|ondersteunt|erkennen|reageren op|houden rekening met)\b {w3}dnt\b"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:niet|geen|nooit|zonder)\b|track|dnt|respecte|honore|negeren|ondersteun".to_string(),
        rules,
        exceptions: Some(r"\b(?:behalve|tenzij|met uitzondering|uitgezonderd|zonder (?:uw|je|jouw) (?:\w+ )?toestemming|alleen (?:als|wanneer|indien|aan|met|voor|na)|uitsluitend (?:aan|met|als|wanneer|voor)|enkel (?:aan|met|als)|indien|mits|als (?:u|je|de wet|dat|dit|wij))\b".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    let rules = vec![
        rule(
            Category::Analytics,
            r"analyse-?(?:diensten|dienst|tools?|software|partners?|bedrijven|platforms?)|analytische (?:cookies|diensten|tools)|analytics-?(?:diensten|tools|cookies)|webanalyse|statistische cookies|(?:statistiek|analyse)cookies",
            None,
        ),
        rule(
            Category::Advertising,
            r"advertentie-?(?:partners?|netwerken?|bedrijven|diensten|platforms?)|reclame-?(?:partners?|netwerken?|bedrijven|cookies)|adverteerders|(?:gepersonaliseerde|gerichte|persoonlijke|op interesse gebaseerde) (?:advertenties|reclame)|marketing-?cookies|retargeting|remarketing|conversiepixels?",
            Some(r"advertenties|reclame"),
        ),
        rule(
            Category::Social,
            r"sociale (?:media|netwerken) (?:zoals|als)|social[- ]media-?(?:knoppen|buttons|plugins?|functies)|(?:deel|share|like)-?knoppen|social plugins?",
            None,
        ),
        rule(Category::SessionReplay, r"sessie-?opnames?|heatmaps?|session recordings?", None),
        rule(Category::TagManager, r"tag ?managers?|tagbeheer(?:systemen)?", None),
        rule(
            Category::Consent,
            r"toestemmings-?(?:beheer\w*|platforms?|tools?)|cookie-?(?:toestemmings|consent)-?(?:tools?|platforms?)|consent management platforms?",
            None,
        ),
        rule(
            Category::CustomerSupport,
            r"(?:klantenservice|klantensupport|support|helpdesk|chat)-?(?:software|tools?|diensten|platforms?|systemen)|live-?chat|chatbots?",
            Some(r"klantenservice"),
        ),
        rule(
            Category::MarketingAutomation,
            r"(?:marketing-?automatisering|e-?mailmarketing|nieuwsbrief|crm)-?(?:software|tools?|diensten|dienst|platforms?|systemen|partijen)|marketingautomatisering",
            None,
        ),
        rule(
            Category::Email,
            r"e-?mail-?(?:dienst|diensten|dienstverleners?|verzenddiensten|providers?|verzending)|transactionele e-?mails?",
            None,
        ),
        rule(
            Category::Payments,
            r"betaal-?(?:dienstverleners?|diensten|dienst|providers?|platforms?|systemen|partners?|verwerkers?)|payment service providers?|betalingsverwerk\w*|betalingsdienst\w*",
            Some(r"betalingen"),
        ),
        rule(Category::Cdn, r"content delivery networks?|cdns?", None),
        rule(Category::Fonts, r"web-?fonts?|lettertype-?(?:diensten|dienst|bibliotheken)", None),
        rule(Category::Video, r"video-?(?:platforms?|diensten|dienst|spelers?|hosting)|ingesloten video's", None),
        rule(
            Category::Hosting,
            r"hosting-?(?:providers?|partij(?:en)?|bedrij(?:f|ven)|diensten|dienst|partners?)|webhost(?:ing|ers?)?|cloud-?(?:diensten|dienst|providers?|opslag)",
            Some(r"hosting"),
        ),
        rule(
            Category::Security,
            r"fraude-?(?:preventie|detectie|bestrijding)|bot-?(?:bescherming|detectie)|spambeveiliging|captchas?",
            None,
        ),
        rule(Category::AbTesting, r"a/b-?test(?:en|s)?", None),
        rule(
            Category::Affiliate,
            r"affiliate-?(?:partners?|netwerken?|programma's|links?|marketing)|partnerprogramma's",
            None,
        ),
        rule(Category::DataBroker, r"databrokers?|gegevenshandelaren|data brokers?", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:derden|derde partijen|verwerkers?|dienstverleners?|partners?|namens ons|in onze opdracht|leveranciers?)\b".to_string(),
        negated_before: r"(?i)\b(?:geen|niet|nooit|zonder|noch)(?:\s+[\w-]+){0,4}\s*$".to_string(),
        negated_after: Some(r"(?i)^[^.;:,!?]{0,60}?\b(?:(?:gebruiken|gebruikt|hebben|heeft|zetten|zet|plaatsen|plaatst|werken|werkt|schakelen|bouwen) (?:wij|we)\b[^.;:,!?]{0,30}?\b(?:niet|nooit|geen)\b|(?:worden|wordt) [^.;:,!?]{0,30}?\b(?:niet|nooit)\b)".to_string()),
        negation_break: r"(?i)[;:.]|\b(?:behalve|maar|alleen|uitsluitend|tenzij|enkel)\b".to_string(),
    }
}
