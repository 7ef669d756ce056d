//! Italian. "non" comes right before the verb, "mai" after it ("Non condividiamo mai i suoi dati"); the
//! subject is usually dropped and the first person plural ("-iamo") says who promises; the site speaks in
//! the third person ("Questo sito non utilizza cookie").

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// "non" with the object pronouns that may follow it.
const NON: &str = r"(?:(?:noi )?non) (?:(?:li|le|la|lo|ti|vi|ne|ci|gli|si) |l')?";
/// The site as the one who promises.
const SITE: &str = r"(?:(?:questo|il nostro|il) (?:sito(?: web| internet)?|servizio|portale|blog)|(?:questa|la nostra|la) (?:applicazione|app|piattaforma))";
/// Third parties as recipients.
const TERZI: &str = r"(?:terzi|terze parti|soggetti terzi|parti terze|societa terze|aziende terze|altre (?:societa|aziende|organizzazioni)|inserzionisti|nessuno)";
const SHARE: &str = r"(?:condividiamo|condivideremo|cediamo|cederemo|comunichiamo|comunicheremo|trasferiamo|trasferiremo|divulghiamo|divulgheremo|diffondiamo|diffonderemo|forniamo|forniremo|trasmettiamo|trasmetteremo|scambiamo)";
const USE: &str = r"(?:utilizziamo|usiamo|installiamo|impostiamo|memorizziamo|impieghiamo|utilizzeremo)";
const USE_3: &str = r"(?:utilizza|usa|installa|imposta|memorizza|fa uso di)";
const TP_COOKIES: &str = r"(?:cookie (?:di|da) terze parti|cookie di terzi|cookie terzi|cookie third[- ]party)";
const ANALYTICS: &str = r"(?:(?:servizi?o?|strumenti?o?|fornitori?e?|soluzion[ei]|piattaform[ae]|software) (?:di|per l'|per la) ?(?:analisi|analytics|statistica|statistiche|misurazione)(?: web| del traffico| delle visite)?(?: (?:di terze parti|di terzi|esterni?|esterne))?|analytics di terze parti)";

pub(super) fn claims() -> ClaimVocab {
    let (w2, w3) = (words(2), words(3));
    let end =
        r"(?:\s*[.;!)]|\s*$|,? (?:ne|e|o) (?:altri |alcun |altre )?(?:strumenti|tecnologie|tracciamento|simili)\b)";
    let data = r"(?:i (?:suoi|tuoi|vostri) dati(?: personali)?|i dati personali)";
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{NON}{USE}(?: mai)?\b {w2}(?:alcun |nessun |alcuni )?{TP_COOKIES}"),
                format!(r"\b{SITE} non {USE_3}(?: mai)?\b {w2}(?:alcun |nessun )?{TP_COOKIES}"),
                format!(r"\bnessun {TP_COOKIES} (?:viene|e|sara) (?:\w+ )?(?:installato|utilizzato|impostato)"),
                format!(r"\bnon (?:vengono|sono|verranno) (?:\w+ )?(?:utilizzati|installati|impostati) (?:\w+ )?{TP_COOKIES}"),
                format!(r"\bsenza (?:alcun |l'uso di |utilizzare )?{TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            [
                format!(r"\b{NON}{USE}(?: mai)? (?:alcun |nessun )?cookie(?: (?:di alcun tipo|su questo sito|sul nostro sito))?{end}"),
                format!(r"\b{SITE} non {USE_3}(?: mai)? (?:alcun |nessun )?cookie(?: di alcun tipo)?{end}"),
                format!(r"\bnon (?:vengono|sono|verranno) (?:\w+ )?(?:utilizzati|installati|impostati) (?:alcun )?cookie{end}"),
                format!(r"\bnessun cookie (?:viene|e|sara) (?:\w+ )?(?:installato|utilizzato|impostato|memorizzato)(?: (?:sul|nel) (?:suo|tuo) \w+)?{end}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSharing,
            [
                format!(r"\b{NON}{SHARE}(?: mai)?\b[^.;:]{{0,80}}?\b(?:con|a|ad) {w2}{TERZI}\b"),
                format!(r"\b{data} non (?:saranno|sono|vengono|verranno|potranno essere) (?:mai )?(?:condivisi|ceduti|comunicati|trasferiti|divulgati|diffusi|forniti|trasmessi)\b[^.;:]{{0,60}}?\b(?:con|a|ad) {w2}{TERZI}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\b{NON}(?:vendiamo|venderemo|affittiamo|noleggiamo|commercializziamo)(?: mai)?\b[^.;:]{{0,40}}?\b(?:dati|informazioni|indirizzi|elenchi)\b"),
                format!(r"\b{data} non (?:saranno|sono|vengono|verranno) (?:mai )?(?:venduti|affittati|noleggiati|commercializzati|ceduti a (?:titolo oneroso|pagamento))\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                r"\b(?:noi )?non (?:la|ti|vi|li|lo|le) (?:tracciamo|seguiamo|monitoriamo|profiliamo)\b".to_string(),
                r"\bnon (?:tracciamo|monitoriamo) (?:la sua|la tua|le sue|le tue|la vostra) (?:attivita|navigazione)".to_string(),
                format!(r"\b{NON}(?:utilizziamo|usiamo|impieghiamo) (?:alcun |nessun |alcuno )?(?:cookie di (?:tracciamento|profilazione)|strumenti di tracciamento|tracker|sistemi di tracciamento|pixel di tracciamento)"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            [
                format!(r"\b{NON}(?:{USE}|ci avvaliamo di|ricorriamo a|integriamo)\b {w3}(?:alcun |alcuna |nessun |nessuna )?{ANALYTICS}"),
                format!(r"\b{SITE} non {USE_3}\b {w2}(?:alcun |nessun )?{ANALYTICS}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::IgnoresDnt,
            [
                r"\b(?:noi )?non (?:rispondiamo|rispettiamo|accogliamo|riconosciamo|seguiamo|teniamo conto|elaboriamo|supportiamo|onoriamo)\b[^.;:]{0,60}?\bdnt\b".to_string(),
                format!(r"\b{SITE} non (?:risponde|rispetta|riconosce|supporta|accoglie)\b[^.;:]{{0,60}}?\bdnt\b"),
                r"\bdnt\b[^.;:]{0,30}? non (?:vengono|sono|verranno) (?:\w+ )?(?:rispettati|considerati|presi in considerazione|accolti|riconosciuti)".to_string(),
            ]
            .join("|"),
        ),
        (
            ClaimKind::HonoursDnt,
            format!(r"\b(?:rispettiamo|onoriamo|riconosciamo|accogliamo|supportiamo|teniamo conto d\w*)\b[^.;:]{{0,30}}?\bdnt\b|\b{SITE} (?:rispetta|riconosce|supporta)\b[^.;:]{{0,30}}?\bdnt\b"),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:non|mai|nessun\w*|alcun[oa]?|senza)\b|rispett|blocc|track|dnt".to_string(),
        rules,
        exceptions: Some(r"\b(?:tranne|eccetto|salvo|ad eccezione|a eccezione|fatta eccezione|a meno che|se non (?:con|per|a|nei)|senza (?:il )?(?:suo|tuo|vostro) (?:\w+ )?consenso|solo (?:con|a|ai|alle|agli|se|quando|nei casi|per|previo)|soltanto (?:con|a|ai|se|quando)|esclusivamente (?:con|a|ai|alle|per)|qualora|nei casi in cui|nel caso in cui|previo (?:suo |tuo )?consenso)\b".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    let ap = "['’]";
    let who =
        r"(?:fornitor[ei]|serviz[io]|strument[io]|piattaform[ae]|soluzion[ei]|software|società|partner|prestator[ei])";
    let rules = vec![
        rule(
            Category::Analytics,
            &format!(
                r"{who} (?:di |per l{ap}|per la )(?:servizi di )?(?:analisi|analytics|statistica|statistiche|misurazione)(?: web| del traffico| delle visite| dell{ap}audience)?|cookie (?:analitici|di analisi|statistici|di misurazione)|analisi (?:web|statistica del traffico|del traffico)|statistiche di (?:visita|navigazione)|web analytics"
            ),
            None,
        ),
        rule(
            Category::Advertising,
            r"(?:partner|reti|fornitori|concessionari[ae]?|servizi|piattaforme|cookie|circuiti|network) pubblicitar[ie]|inserzionisti|pubblicità (?:personalizzata|mirata|comportamentale|basata sui (?:suoi|tuoi) interessi)|annunci (?:personalizzati|mirati)|cookie (?:di profilazione|di marketing|pubblicitari)|retargeting|remarketing|pixel di conversione",
            Some(r"annunci"),
        ),
        rule(
            Category::Social,
            r"social (?:network|media) (?:come|quali)|(?:pulsanti|plugin|widget|bottoni) (?:social|dei social(?: network)?|di condivisione)|plugin sociali|pulsanti? (?:mi piace|condividi)",
            None,
        ),
        rule(
            Category::SessionReplay,
            r"registrazion[ei] (?:delle|della|di) session[ei]|mappe di calore|heatmaps?",
            None,
        ),
        rule(Category::TagManager, r"gestor[ei] di tag|tag managers?", None),
        rule(
            Category::Consent,
            r"piattaform[ae] di gestione del consenso|strument[io] di gestione (?:del consenso|dei cookie)",
            None,
        ),
        rule(
            Category::CustomerSupport,
            r"chat dal vivo|live chat|chatbots?|(?:strumenti|fornitori|servizi|piattaforme|software) di (?:assistenza|supporto)(?: clienti)?",
            Some(r"assistenza clienti|servizio clienti"),
        ),
        rule(
            Category::MarketingAutomation,
            r"(?:strumenti|piattaforme|fornitori|servizi|software) di (?:marketing automation|automazione del marketing|email marketing|crm|invio (?:della|delle) newsletter)|automazione del marketing",
            None,
        ),
        rule(
            Category::Email,
            r"(?:fornitor[ei]|serviz[io]|piattaform[ae]) (?:del servizio |dei servizi )?di (?:invio|consegna|spedizione) (?:delle |di )?(?:e-?mail|posta elettronica)|e-?mail transazionali",
            None,
        ),
        rule(
            Category::Payments,
            r"(?:fornitor[ei]|serviz[io]|prestator[ei]|piattaform[ae]|gestor[ei]|circuit[io]|sistem[ai]|partner) (?:di servizi )?di pagamento|elaborazione dei pagamenti|gateway di pagamento",
            Some(r"pagamenti"),
        ),
        rule(Category::Cdn, r"ret[ei] di distribuzione (?:dei )?contenuti|content delivery networks?|cdns?", None),
        rule(
            Category::Fonts,
            r"(?:serviz[io]|librerie|fornitor[ei]) di (?:font|caratteri)(?: web)?|font web|web fonts?",
            None,
        ),
        rule(
            Category::Video,
            r"(?:piattaform[ae]|lettor[ei]|serviz[io]|fornitor[ei]) (?:di )?video|video incorporati|player video",
            None,
        ),
        rule(
            Category::Hosting,
            r"(?:fornitor[ei]|serviz[io]|provider|società|gestor[ei]) (?:del servizio |di servizi )?di hosting|hosting provider|web hosting|serviz[io] (?:di )?cloud|fornitor[ei] di (?:servizi )?cloud",
            Some(r"hosting"),
        ),
        rule(
            Category::Security,
            r"prevenzione (?:delle|degli) (?:frodi|abusi)|rilevamento (?:delle )?frodi|protezione (?:dallo spam|dai bot)|captchas?",
            None,
        ),
        rule(Category::AbTesting, r"test a/b|a/b test(?:ing)?", None),
        rule(
            Category::Affiliate,
            r"(?:programm[ai]|ret[ei]|partner|link|marketing) di affiliazione|affiliate marketing",
            None,
        ),
        rule(Category::DataBroker, r"data brokers?|intermediari di dati", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:terzi|terze parti|fornitori|responsabili del trattamento|partner|soggetti|destinatari|per nostro conto)\b".to_string(),
        negated_before: r"(?i)(?:\b(?:non|mai|nessun|nessuna|nessuno|senza|alcun|alcuna|alcuno)|\bné)(?:\s+[\w'’-]+){0,4}\s*$".to_string(),
        negated_after: None,
        negation_break: r"(?i)[;:.]|\b(?:tranne|eccetto|salvo|ma|solo|soltanto|solamente|esclusivamente)\b|\bbensì".to_string(),
    }
}
