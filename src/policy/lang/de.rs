//! German. The finite verb comes second in a main clause and the negation, the object and a separable
//! particle follow it ("Wir geben Ihre Daten nicht an Dritte weiter"); in a subordinate clause, after a
//! modal or in the perfect the verb comes last ("…, dass wir Ihre Daten nicht weitergeben"); the object may
//! come first ("Ihre Daten verkaufen wir nicht"); and German likes nouns ("Eine Weitergabe an Dritte findet
//! nicht statt") and the passive ("Ihre Daten werden nicht verkauft"). The patterns name each order.

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// Negations after the verb.
const NEG: &str = r"(?:nicht|nie|niemals|keinesfalls|auf keinen fall|in keinem fall)";
/// The negative article.
const KEIN: &str = r"(?:kein|keine|keinen|keiner|keinem|keines|keinerlei)";
/// The site as the one who promises.
const SITE: &str = r"(?:(?:diese|unsere) (?:web|internet)?(?:seite|site|website|webseite|homepage|app|plattform)|(?:dieses|unser) (?:onlineangebot|internetangebot|webangebot|angebot|blog|onlineshop|webshop|shop|portal|dienst|internetauftritt|webauftritt))";
/// The user's data in general (not "die Analysedaten").
const DATA: &str = r"(?:(?:ihre|deine|eure|personenbezogene|personenbezogenen|persoenliche|persoenlichen|personliche|personlichen|keine|keinerlei) )+(?:[\w]+-)?(?:daten|informationen|angaben)";
/// Third parties as recipients (not "Drittländer").
const THIRD: &str = r"(?:dritte|dritten|dritter|drittanbieter\w*|drittunternehmen|drittfirmen|drittparteien|andere (?:unternehmen|firmen|anbieter)|anderen (?:unternehmen|firmen|anbietern)|externe (?:unternehmen|firmen|dienstleister)|werbetreibende\w*|werbepartner\w*)";
/// Verb forms of passing data on that come last.
const SHARE_LAST: &str = r"(?:weiter(?:zu)?geben|weitergegeben|weiter(?:zu)?leiten|weitergeleitet|(?:zu )?teilen|geteilt|(?:zu )?ubermitteln|ubermittelt|(?:zu )?uberlassen|offen(?:zu)?legen|offengelegt|zuganglich (?:zu )?machen|zuganglich gemacht)";
/// Cookies of third parties.
const TP_COOKIES: &str = r"(?:cookies? (?:von|durch) (?:drittanbietern|dritten|drittanbieter|externen anbietern|dritter seite)|cookies dritter(?: anbieter)?|drittanbieter-?cookies?|drittcookies|third-?party-?cookies?|fremd-?cookies?)";
/// Verbs of using cookies or tools, first and third person.
const USE: &str = r"(?:verwenden|nutzen|setzen|benutzen|speichern|platzieren|erlauben|laden|binden|betreiben|verwendet|nutzt|setzt|benutzt|speichert|platziert|erlaubt|ladt|bindet|betreibt)";
/// Analytics services and tools.
const ANALYTICS: &str = r"(?:(?:web|online|reichweiten|nutzungs|statistik|dritt(?:anbieter)?-?)?analyse-?(?:dienste?n?|dienstleister[ns]?|tools?|werkzeuge?n?|software|programme?n?|anbieter[ns]?|services?|plattformen?|losungen|skripte?)|(?:web|reichweiten)analyse|webanalysedienste?n?|statistik-?(?:dienste?n?|tools?)|tracking-?(?:dienste?n?|tools?)|analytics-?(?:dienste?n?|tools?|services?|software|losungen))";
/// Session recording and heatmap tools.
const REPLAY: &str = r"(?:sitzungsaufzeichnung\w*|session-?(?:recording|replay)\w*|heatmap\w*|aufzeichnungs-?(?:tools?|software|dienste?|werkzeuge?)|bildschirmaufzeichnung\w*)";
/// Browser fingerprinting.
const FINGERPRINT: &str = r"(?:(?:(?:browser|gerate|device|canvas)-?)?fingerprint\w*|(?:digitale[nr]? )?(?:browser-?|gerate-?)?fingerabdr(?:u|ue)ck\w*)";
/// Verbs of answering a Do Not Track signal.
const RESPOND: &str = r"(?:reagieren|reagiert|berucksichtigen|berucksichtigt|beachten|beachtet|respektieren|respektiert|unterstutzen|unterstutzt|befolgen|befolgt|werten|wertet|verarbeiten|verarbeitet|honorieren|honoriert|folgen|folgt|erkennen|erkennt)";

pub(super) fn claims() -> ClaimVocab {
    let (w2, w3, w4, w6, w8) = (words(2), words(3), words(4), words(6), words(8));
    let we = format!(r"(?:wir|{SITE})");
    let end =
        r"(?:\s*[.;!)]|\s*$|,? (?:und|oder|noch) (?:auch )?(?:keine )?(?:ahnliche|vergleichbare|sonstige|andere)\b)";
    let cookies_end = format!(
        r"cookies?(?: (?:ein|auf (?:dieser|unserer) (?:web|internet)?(?:seite|site|website)|uberhaupt|generell|jeglicher art))*{end}"
    );
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{we} {USE}\b {w4}{KEIN} {w2}{TP_COOKIES}"),
                format!(r"\b{USE} (?:wir|{SITE}) {w4}{KEIN} {w2}{TP_COOKIES}"),
                format!(r"\b{TP_COOKIES} {w3}(?:verwenden|nutzen|setzen|benutzen|erlauben) (?:wir|{SITE}) {w3}{NEG}\b"),
                format!(r"\b(?:es )?(?:werden|wird) {w4}{KEIN} {w2}{TP_COOKIES} {w4}(?:verwendet|gesetzt|eingesetzt|genutzt|gespeichert|platziert|abgelegt)"),
                format!(r"\b{TP_COOKIES} {w4}(?:werden|wird|kommen) {w4}{NEG} {w2}(?:verwendet|gesetzt|eingesetzt|genutzt|gespeichert|zum einsatz)"),
                format!(r"\b{we} (?:blockieren|blockiert|unterbinden|unterbindet|verhindern|verhindert|deaktivieren|deaktiviert) {w3}(?:alle |samtliche |jegliche )?{TP_COOKIES}"),
                format!(r"\b(?:ohne|frei von) (?:jegliche )?{TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            [
                format!(r"\b{we} {USE}\b {w4}(?:keine|keinerlei|uberhaupt keine) {cookies_end}"),
                format!(r"\b{USE} (?:wir|{SITE}) {w4}(?:keine|keinerlei|uberhaupt keine) {cookies_end}"),
                format!(r"\b(?:es )?(?:werden|wird) {w4}(?:keine|keinerlei) cookies? {w4}(?:verwendet|gesetzt|eingesetzt|genutzt|gespeichert|platziert|abgelegt){end}"),
                format!(r"\b{SITE} (?:kommt|kommen) {w3}ohne (?:jegliche )?cookies aus\b"),
                format!(r"\b{SITE} (?:ist|sind) (?:komplett |vollstandig |vollig )?cookie-?frei\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSharing,
            [
                // V2 with the particle last: "Wir geben Ihre Daten nicht an Dritte weiter."
                format!(r"\bwir {w6}(?:geben|leiten)\b {w4}(?:{NEG}|{KEIN})\b {w8}weiter\b"),
                format!(r"\b(?:geben|leiten) wir {w4}(?:{NEG}|{KEIN})\b {w8}weiter\b"),
                // Other verbs, with third parties named: "Wir teilen Ihre Daten nicht mit Dritten."
                format!(r"\b(?:wir (?:teilen|ubermitteln|uberlassen|ubertragen|offenbaren)|(?:teilen|ubermitteln|uberlassen|ubertragen|offenbaren) wir) {w4}(?:{NEG}|{KEIN})\b {w6}(?:an|mit) {w2}{THIRD}\b"),
                // The verb last: "…, dass wir Ihre Daten niemals an Dritte weitergeben."
                format!(r"\bwir {w6}(?:{NEG}|{KEIN})\b {w4}(?:an|mit|zu) {w2}{THIRD} {w3}{SHARE_LAST}\b"),
                format!(r"\bwir {w6}(?:{NEG}|{KEIN})\b {w3}weiter(?:zu)?geben\b"),
                // Passive: "Ihre Daten werden nicht an Dritte weitergegeben."
                format!(r"\b{DATA} {w3}(?:werden|wird) {w4}{NEG}\b {w6}(?:weitergegeben|weitergeleitet)\b"),
                format!(r"\b{DATA} {w3}(?:werden|wird) {w4}{NEG}\b {w4}(?:an|mit) {w2}{THIRD} {w3}(?:ubermittelt|geteilt|offengelegt|uberlassen|zuganglich gemacht)\b"),
                format!(r"\b(?:es|an {THIRD}) (?:werden|wird) {w3}(?:{DATA} {w3}{NEG}|{KEIN} {w2}(?:daten|informationen|angaben))\b {w6}(?:weitergegeben|weitergeleitet|ubermittelt|offengelegt)\b"),
                // Nouns: "Eine Weitergabe an Dritte findet nicht statt."
                format!(r"\b(?:weitergabe|weiterleitung)(?: (?:ihrer|deiner|von|der|personenbezogener|personlicher|persoenlicher) (?:personenbezogenen |personlichen |persoenlichen )?(?:daten|informationen|angaben))?(?: (?:an|zu) {w2}{THIRD})? (?:erfolgt|findet) {w3}(?:nicht|nie|niemals|in keinem fall)\b"),
                format!(r"\b(?:ubermittlung|offenlegung)(?: (?:ihrer|deiner|von|der|personenbezogener|personlicher) (?:personenbezogenen |personlichen )?(?:daten|informationen|angaben))? (?:an|zu) {w2}{THIRD} (?:erfolgt|findet) {w3}(?:nicht|nie|niemals)\b"),
                format!(r"\b(?:erfolgt|findet) {w3}keine (?:weitergabe|weiterleitung)\b"),
                format!(r"\b(?:erfolgt|findet) {w3}keine (?:ubermittlung|offenlegung)(?: (?:ihrer|von|der|personenbezogener) (?:\w+ )?(?:daten|informationen))? (?:an|zu) {w2}{THIRD}"),
                format!(r"\bkeine weitergabe (?:ihrer |von |der )?(?:\w+ )?(?:daten |informationen )?an {w2}{THIRD}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\bwir (?:verkaufen|vermieten|veraussern)(?: (?:oder|und|bzw|noch) (?:verkaufen|vermieten|tauschen|veraussern))? {w3}{DATA} {w3}{NEG}\b"),
                format!(r"\bwir (?:verkaufen|vermieten|veraussern)(?: (?:oder|und|bzw|noch) (?:verkaufen|vermieten|tauschen|veraussern))? {w2}{KEIN} {w2}(?:\w+-)?(?:daten|informationen|angaben)\b"),
                format!(r"\b{DATA} (?:verkaufen|vermieten) wir {w3}{NEG}\b"),
                format!(r"\b(?:verkaufen|vermieten) wir {w3}(?:{KEIN} {w2}(?:daten|informationen)|{DATA} {w3}{NEG})\b"),
                format!(r"\bwir {w4}{DATA} {w4}{NEG} {w4}(?:verkaufen|vermieten|verkauft|vermietet|weiterverkaufen|veraussern)\b"),
                format!(r"\bwir {w4}{KEIN} {w2}(?:daten|informationen) {w4}(?:verkaufen|vermieten|verkauft|vermietet|weiterverkaufen)\b"),
                format!(r"\b{DATA} {w3}(?:werden|wird) {w4}{NEG} {w4}(?:verkauft|vermietet|weiterverkauft)\b"),
                format!(r"\bes werden {w3}{KEIN} {w2}(?:daten|informationen) {w4}(?:verkauft|vermietet)\b"),
                format!(r"\bverkauf (?:ihrer|von|der|personenbezogener|deiner) (?:\w+ )?(?:daten|informationen)(?: an {w2}{THIRD})? (?:findet|erfolgt) {w3}(?:nicht|nie|niemals)\b"),
                r"\b(?:findet|erfolgt) (?:[\w'-]+ ){0,3}?kein verkauf\b|\bkein verkauf (?:ihrer |von |deiner )?(?:\w+ )?daten\b".to_string(),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                format!(r"\b{we} (?:tracken|verfolgen|uberwachen|trackt|verfolgt|uberwacht) (?:sie|dich|euch|ihr [\w-]+|ihre (?:aktivitaten|bewegungen)|nutzer\w*|besucher\w*) {w6}{NEG}\b"),
                format!(r"\b(?:tracken|verfolgen|uberwachen) wir (?:sie|dich|euch|ihr [\w-]+|nutzer\w*|besucher\w*) {w4}{NEG}\b"),
                format!(r"\b{we} (?:verwenden|nutzen|setzen|betreiben|verwendet|nutzt|setzt|betreibt) {w4}{KEIN} (?:tracking|tracker|tracking-[\w-]+|trackingcookies|verfolgungs-?\w+)"),
                format!(r"\b(?:es )?findet {w3}{KEIN} (?:\w+ )?tracking statt\b|\bkein(?:erlei)? tracking (?:findet|erfolgt)\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            [
                format!(r"\b{we} {USE} {w4}{KEIN} {w2}{ANALYTICS}"),
                format!(r"\b{USE} (?:wir|{SITE}) {w4}{KEIN} {w2}{ANALYTICS}"),
                format!(r"\b{ANALYTICS}(?: (?:von|durch) (?:drittanbietern|dritten|externen anbietern))? {w3}(?:verwenden|nutzen|setzen|binden|benutzen|betreiben) (?:wir|{SITE}) {w4}{NEG}\b"),
                format!(r"\b{we} (?:verzichten|verzichtet) {w4}auf {w3}{ANALYTICS}"),
                format!(r"\b{ANALYTICS} {w4}(?:werden|wird|kommen|kommt) {w4}{NEG} {w2}(?:eingesetzt|verwendet|genutzt|eingebunden|zum einsatz)"),
                format!(r"\b{we} (?:verwenden|nutzen|setzen|betreiben) {w3}(?:ausschliesslich|nur) (?:eine |ein |unsere |die )?(?:selbst gehostete|selbstgehostete|eigene|lokal (?:gehostete|installierte|betriebene)|auf unseren (?:eigenen )?servern (?:betriebene|installierte|gehostete))\w* (?:[\w-]+ )?(?:webanalyse|analyse|statistik|reichweitenmessung|analysesoftware)"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::IgnoresDnt,
            [
                format!(r"\b{we} {RESPOND}\b {w4}{NEG}\b[^.;:]{{0,60}}?\bdnt\b"),
                format!(r"\b{we} {RESPOND}\b[^.;:]{{0,60}}?\bdnt\b[^.;:]{{0,40}}? {NEG}\b"),
                format!(r"\bdnt\b[^.;:]{{0,40}}? {RESPOND} (?:wir|{SITE}) {w4}{NEG}\b"),
                format!(r"\bdnt[\w-]* {w3}(?:werden|wird) {w4}{NEG} {w2}(?:berucksichtigt|beachtet|respektiert|unterstutzt|ausgewertet|befolgt|verarbeitet|honoriert)"),
                format!(r"\b{we} (?:ignorieren|ignoriert)\b[^.;:]{{0,40}}?\bdnt\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::HonoursDnt,
            [
                format!(r"\b{we} (?:respektieren|respektiert|beachten|beachtet|berucksichtigen|berucksichtigt|unterstutzen|unterstutzt|befolgen|befolgt|honorieren|honoriert|reagieren auf|reagiert auf) {w4}dnt\b"),
                format!(r"\bdnt[\w-]* {w3}(?:werden|wird) {w3}(?:respektiert|beachtet|berucksichtigt|unterstutzt|befolgt|honoriert)\b"),
                format!(r"\bdnt[\w-]* {w2}(?:respektieren|beachten|berucksichtigen|unterstutzen|befolgen) (?:wir|{SITE})\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSessionRecording,
            [
                // "Wir zeichnen Ihre Sitzungen nicht auf", "Wir zeichnen keine Mausbewegungen auf".
                format!(r"\b{we} (?:zeichnen|zeichnet) {w4}(?:{NEG}|{KEIN}) {w3}(?:sitzungen|besuche|nutzungssitzungen|mausbewegungen|mausklicks|bildschirm\w*|tastatureingaben)\b {w2}auf\b"),
                format!(r"\b{we} (?:zeichnen|zeichnet) {w4}(?:sitzungen|besuche|mausbewegungen|bildschirm\w*) {w3}{NEG} auf\b"),
                format!(r"\b{we} {USE} {w4}{KEIN} {w2}{REPLAY}"),
                format!(r"\b{we} (?:verzichten|verzichtet) {w4}auf {w3}{REPLAY}"),
                format!(r"\b{REPLAY}[\w-]* {w4}(?:werden|wird|kommen|kommt) {w4}{NEG} {w2}(?:eingesetzt|verwendet|genutzt|eingebunden|zum einsatz)"),
                format!(r"\b(?:es )?findet {w3}{KEIN} (?:\w+ )?(?:sitzungsaufzeichnung|aufzeichnung (?:von|der|ihrer) (?:sitzungen|besuche|mausbewegungen)) {w3}statt\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoFingerprinting,
            [
                format!(r"\b{we} {USE} {w4}{KEIN} {w2}{FINGERPRINT}"),
                format!(r"\b{we} (?:verzichten|verzichtet) {w4}auf {w3}{FINGERPRINT}"),
                format!(r"\b{FINGERPRINT}[\w-]* {w4}(?:werden|wird|kommen|kommt) {w4}{NEG} {w2}(?:eingesetzt|verwendet|genutzt|durchgefuhrt|betrieben|angewendet|zum einsatz)"),
                format!(r"\b(?:es )?findet {w3}{KEIN} (?:\w+ )?{FINGERPRINT} {w3}statt\b"),
            ]
            .join("|"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:nicht|nie|niemals|kein\w*|ohne|frei von|verzicht\w*|respektier|beacht|berücksichtig|berucksichtig|unterstütz|unterstutz|honorier|befolg|ignorier|ausschließlich|ausschliesslich|nur|blockier|track|dnt)".to_string(),
        rules,
        exceptions: Some(r"\b(?:ausser|ausgenommen|mit ausnahme|es sei denn|sofern|soweit|falls|wenn|nur (?:an|mit|wenn|sofern|soweit|dann|im rahmen|zur|zum|zu|fur|bei|nach)|lediglich|ohne (?:ihre|deine|eure) (?:vorherige |ausdruckliche |vorherige ausdruckliche )?(?:einwilligung|zustimmung|erlaubnis)|nicht ohne)\b".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    // Nouns that close a compound: "Analyse|dienste", "Werbe|partner", "Hosting-|Anbieter".
    let p = r"(?:dienste?n?|dienstleister[ns]?|anbieter[ns]?|partner[ns]?|tools?|werkzeuge?n?|software|plattform(?:en)?|netzwerke?n?|unternehmen|firmen|lösung(?:en)?|services?|systeme?n?|provider[ns]?)";
    let rules = vec![
        rule(
            Category::Analytics,
            &format!(
                r"(?:web|online|reichweiten|nutzungs|besucher|dritt(?:anbieter)?-)?analyse-?(?:{p}|cookies?)|(?:web|reichweiten|nutzungs)analyse|web-?analytics|analytics-?(?:{p}|cookies?)|reichweitenmessung|statistik-?(?:cookies?|{p})|webstatistik(?:en)?"
            ),
            Some(r"analysezweck\w*|statistikzweck\w*|auswertung des nutzungsverhaltens"),
        ),
        rule(
            Category::Advertising,
            &format!(
                r"werbe-?{p}|werbe-?(?:cookies?|pixel|zwecke\w*)|werbetreibende[n]?|anzeigen-?{p}|(?:personalisierte|interessenbasierte|zielgerichtete|nutzungsbasierte|personalisierter|interessenbasierter|zielgerichteter)[nr]? (?:werbung|anzeigen)|marketing-?(?:cookies?|partner[ns]?|pixel)|retargeting(?:-[\w-]+)?|remarketing(?:-[\w-]+)?|conversion-?tracking"
            ),
            Some(r"werbung|anzeigen|werbemaßnahmen"),
        ),
        rule(
            Category::Social,
            r"soziale[nm]? (?:netzwerke?n?|medien) (?:wie|z\. ?b\.)|social-?media-?(?:plugins?|plug-ins?|buttons?|dienste?n?|plattform(?:en)?|netzwerke?n?|kanäle?n?|anbieter[ns]?)|social-?plugins?|(?:teilen|share|like)-?(?:buttons?|schaltflächen)|plugins? (?:sozialer|von sozialen) (?:netzwerke|medien)|soziale[n]? plugins?",
            None,
        ),
        rule(
            Category::SessionReplay,
            r"sitzungsaufzeichnung(?:en)?|session-?(?:recording|replay)s?|heatmaps?|aufzeichnung (?:von|der) mausbewegungen",
            None,
        ),
        rule(Category::TagManager, r"tag-?manage(?:r|ment)(?:-?(?:systeme?|tools?|dienste?))?", None),
        rule(
            Category::Consent,
            r"(?:einwilligungs|consent|cookie-consent|zustimmungs)-?(?:management-?)?(?:plattform(?:en)?|tools?|dienste?n?|lösung(?:en)?|manager)|consent-management-plattform(?:en)?",
            None,
        ),
        rule(
            Category::CustomerSupport,
            &format!(
                r"(?:kundensupport|kundenservice|kundendienst|support|helpdesk|chat)-?{p}|live-?chats?|chatbots?|ticketsysteme?n?"
            ),
            Some(r"kundensupport|kundenservice|kundendienst"),
        ),
        rule(
            Category::MarketingAutomation,
            &format!(
                r"(?:marketing-?automation|marketing-?automatisierung|crm|newsletter|e-?mail-?marketing)-?{p}|marketing-?automatisierung"
            ),
            None,
        ),
        rule(
            Category::Email,
            &format!(
                r"e-?mail-?(?:versand|zustell)-?{p}|(?:e-?mail|mail)-?(?:dienstleister[ns]?|versanddienst\w*)|transaktions-?e-?mails?"
            ),
            Some(r"versand (?:von|der) e-?mails|e-?mail-?versand"),
        ),
        rule(
            Category::Payments,
            &format!(
                r"zahlungs-?(?:{p}|abwicklung|abwickler[ns]?|verkehr|service-?provider[ns]?)|payment-?(?:provider[ns]?|dienstleister[ns]?|anbieter[ns]?)|kreditkarten-?(?:abwicklung|zahlungen)|bezahldienste?n?|bezahl-?dienstleister[ns]?"
            ),
            Some(r"zahlungen|bezahlung|rechnungsstellung"),
        ),
        rule(Category::Cdn, r"content-?delivery-?(?:netzwerke?n?|networks?)|cdns?", None),
        rule(
            Category::Fonts,
            r"(?:web-?)?schrift(?:arten)?-?(?:dienste?n?|anbieter[ns]?|bibliothek(?:en)?)|web-?fonts?|font-?dienste?n?|schriftartendienste?n?",
            None,
        ),
        rule(Category::Video, &format!(r"video-?(?:{p}|player[ns]?|portale?n?|hosting)|eingebettete[n]? videos"), None),
        rule(
            Category::Hosting,
            &format!(
                r"hosting-?{p}|hoster[ns]?|webhoster[ns]?|webhosting|cloud-?(?:{p}|hosting)|server-?(?:anbieter[ns]?|dienstleister[ns]?)"
            ),
            Some(r"hosting|serverbetrieb"),
        ),
        rule(
            Category::Security,
            r"(?:betrugs|bot)-?(?:prävention|erkennung|schutz)|spam-?schutz(?:-?dienste?n?)?|captcha-?(?:dienste?n?)?|captchas?|sicherheits-?dienstleister[ns]?",
            None,
        ),
        rule(Category::AbTesting, r"a/b-?tests?|a/b-?testing|split-?tests?", None),
        rule(
            Category::Affiliate,
            r"affiliate-?(?:partner[ns]?|netzwerke?n?|programme?n?|links?|marketing)|partnerprogramme?n?|partner-?links?",
            None,
        ),
        rule(Category::DataBroker, r"datenhändler[ns]?|adresshändler[ns]?|datenbroker[ns]?|data-?broker[ns]?", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:dritte[nr]?|drittanbieter\w*|dienstleister\w*|auftragsverarbeiter\w*|anbieter[ns]?|partner[ns]?|in unserem auftrag|externe[nr]? \w+|empfänger\w*)\b".to_string(),
        negated_before: r"(?i)\b(?:kein\w*|nicht|nie|niemals|ohne|weder|noch|verzicht\w*)(?:\s+[\w-]+){0,4}\s*$".to_string(),
        negated_after: Some(
            concat!(
                r"(?i)^[^.;:,!?]{0,60}?\b(?:nutzen|verwenden|setzen|binden|beauftragen|arbeiten|benutzen|haben|übermitteln|geben|brauchen|benötigen) wir\b[^.;:,!?]{0,30}?\b(?:nicht|nie|niemals)\b",
                r"|(?i)^[^.;:,!?]{0,40}?\b(?:werden|wird)\b[^.;:,!?]{0,30}?\b(?:nicht|nie|niemals) (?:[\w-]+ ){0,2}?(?:eingesetzt|verwendet|genutzt|eingebunden|beauftragt|weitergegeben|übermittelt|zum einsatz)",
                r"|(?i)^[^.;:,!?]{0,40}?\b(?:kommen|kommt) (?:[\w-]+ ){0,3}?(?:nicht|nie) zum einsatz",
                r"|(?i)^[^.;:,!?]{0,40}?\b(?:erfolgt|findet) (?:[\w-]+ ){0,3}?(?:nicht|nie|niemals)(?: statt)?\s*(?:[.;:,!?]|$)",
            )
            .to_string(),
        ),
        negation_break: r"(?i)[;:.]|\b(?:außer|ausser|sondern|aber|jedoch|nur|ausschließlich|lediglich)\b".to_string(),
    }
}
