//! Polish. "nie" comes right before the verb and a negated object takes the genitive ("Nie sprzedajemy
//! Twoich danych"), "nigdy" adds to "nie" ("Nigdy nie udostępniamy…"), and the verb's first person plural
//! ("-my") says who promises.

use super::{CategoryVocab, ClaimVocab, rule, words};
use crate::model::{Category, ClaimKind};

/// The negation, with object pronouns after it.
const NIE: &str = r"(?:(?:my )?(?:nigdy nie|nie)) (?:(?:ich|go|je|cie|ci|pana|pani|panstwa) )?";
/// Third parties as recipients (dative or genitive).
const TRZECI: &str = r"(?:(?:osobom|podmiotom|firmom|stronom|partnerom) trzecim|osob trzecich|podmiotow trzecich|stron trzecich|firm trzecich|innym (?:firmom|podmiotom|osobom)|reklamodawcom|nikomu)";
const TP_COOKIES: &str = r"(?:(?:plik(?:i|ow|ach)? cookies?|cookies?|ciasteczek|ciasteczka) (?:podmiotow trzecich|stron trzecich|firm trzecich|innych podmiotow|zewnetrznych (?:dostawcow|podmiotow))|zewnetrzn\w+ plik\w* cookies?)";
const ANALYTICS: &str = r"(?:(?:zewnetrznych |zewnetrzne )?(?:narzedzi|narzedzia|uslug|uslugi|systemow|oprogramowania) (?:analitycznych|analitycznego|analitycznej|analityczne|statystycznych)(?: (?:podmiotow trzecich|stron trzecich|firm zewnetrznych))?)";
const COOKIES: &str = r"(?:plikow cookies?|cookies?|ciasteczek)";

pub(super) fn claims() -> ClaimVocab {
    let w2 = words(2);
    let end = r"(?:\s*[.;!)]|\s*$|,? (?:ani|i|lub) (?:innych |podobnych )?(?:technologii|narzedzi)\b)";
    let data = r"(?:(?:twoje|pana|pani|panstwa) )?dane(?: osobowe)?";
    let rules = vec![
        (
            ClaimKind::NoThirdPartyCookies,
            [
                format!(r"\b{NIE}(?:uzywamy|stosujemy|wykorzystujemy|instalujemy|zapisujemy)\b {w2}(?:zadnych )?{TP_COOKIES}"),
                format!(r"\bbez (?:uzycia |stosowania )?{TP_COOKIES}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoCookies,
            [
                format!(r"\b{NIE}(?:uzywamy|stosujemy|wykorzystujemy|instalujemy|zapisujemy) (?:zadnych )?{COOKIES}(?: (?:na (?:tej|naszej) stronie(?: internetowej)?))?{end}"),
                format!(r"\b(?:ta|nasza) strona(?: internetowa)? nie (?:uzywa|stosuje|wykorzystuje|zapisuje) (?:zadnych )?{COOKIES}{end}"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSharing,
            [
                format!(r"\b{NIE}(?:przekazujemy|udostepniamy|ujawniamy|przekazemy|udostepnimy|ujawnimy|powierzamy)\b[^.;:]{{0,80}}?\b{TRZECI}\b"),
                r"\bnie dzielimy sie (?:[\w-]+ ){0,4}?(?:z|ze) (?:osobami|podmiotami|firmami|stronami) trzecimi\b".to_string(),
                format!(r"\b{data} (?:nie|nigdy nie) (?:sa|beda|zostana|zostaja) (?:\w+ )?(?:przekazywane|udostepniane|ujawniane|przekazane|udostepnione|ujawnione)\b[^.;:]{{0,60}}?\b{TRZECI}\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoSelling,
            [
                format!(r"\b{NIE}(?:sprzedajemy|sprzedamy|wynajmujemy|odsprzedajemy)\b[^.;:]{{0,40}}?\b(?:danych|dane|informacji|adresow)\b"),
                format!(r"\b{data} (?:nie|nigdy nie) (?:sa|beda|zostana) (?:\w+ )?(?:sprzedawane|sprzedane|odsprzedawane)\b"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoTracking,
            [
                r"\b(?:nigdy nie|nie) (?:sledzimy|monitorujemy|namierzamy)\b".to_string(),
                format!(r"\b{NIE}(?:uzywamy|stosujemy) (?:zadnych )?(?:narzedzi sledzacych|plikow cookies? sledzacych|technologii sledzacych|trackerow)"),
            ]
            .join("|"),
        ),
        (
            ClaimKind::NoThirdPartyAnalytics,
            format!(r"\b{NIE}(?:korzystamy z|uzywamy|stosujemy|wykorzystujemy)\b {w2}(?:zadnych )?{ANALYTICS}"),
        ),
        (
            ClaimKind::IgnoresDnt,
            r"\b(?:nigdy nie|nie) (?:reagujemy|respektujemy|uwzgledniamy|obslugujemy|honorujemy|przestrzegamy|odpowiadamy)\b[^.;:]{0,60}?\bdnt\b".to_string(),
        ),
        (
            ClaimKind::HonoursDnt,
            r"\b(?:respektujemy|uwzgledniamy|honorujemy|przestrzegamy|obslugujemy|szanujemy)\b[^.;:]{0,30}?\bdnt\b".to_string(),
        ),
    ];
    ClaimVocab {
        cue: r"(?i)\b(?:nie|nigdy|bez)\b|żadn|zadn|respekt|uwzgl|honoruj|szanuj|przestrzeg|track|dnt".to_string(),
        rules,
        exceptions: Some(r"\b(?:z wyjatkiem|chyba ze|poza (?:przypadkami|sytuacjami)|oprocz|bez (?:twojej|pana|pani|panstwa) (?:\w+ )?zgody|tylko (?:gdy|jesli|wtedy|w przypadku|z|dla|na|za)|wylacznie (?:gdy|w przypadku|na|za|wtedy|jesli)|jezeli|jesli)\b".to_string()),
        others_at: None,
        others_before: None,
    }
}

pub(super) fn categories() -> CategoryVocab {
    let rules = vec![
        rule(
            Category::Analytics,
            r"(?:narzędzi[ae]?|usług[ia]?|dostawc(?:a|y|ów|om)|system(?:y|ów)?|oprogramowani[ae]|platform[ay]?|partner(?:zy|ów)|firm[ya]?) (?:analityczn\w+|do analizy(?: ruchu| statystyk)?|statystyczn\w+)|(?:plik\w* )?cookies? analityczn\w+(?: i (?:marketingow|reklamow)\w+)?|analityk\w* internetow\w*|analiz\w* ruchu",
            None,
        ),
        rule(
            Category::Advertising,
            r"partner(?:zy|ów|om|ami)? reklamow\w+|(?:sieci|dostawc\w+|firm\w*|platform\w*|usług\w*) reklamow\w+|reklamodawc\w+|reklam\w* (?:spersonalizowan\w+|behawioraln\w+|ukierunkowan\w+|dopasowan\w+)|(?:plik\w* cookies?|cookies?) (?:\w+ i )?(?:marketingow\w+|reklamow\w+)|retargeting\w*|remarketing\w*",
            Some(r"reklam\w*"),
        ),
        rule(
            Category::Social,
            r"(?:wtyczk\w+|przycisk\w+) (?:społecznościow\w+|mediów społecznościowych|portali społecznościowych|do udostępniania)|media społecznościowe (?:takie jak|jak)|portale społecznościowe (?:takie jak|jak)",
            None,
        ),
        rule(Category::SessionReplay, r"nagrywani\w* sesji|map\w* ciepła|heatmap\w*", None),
        rule(Category::TagManager, r"menedżer\w* tagów|tag manager\w*", None),
        rule(Category::Consent, r"(?:platform\w*|narzędzi\w*) do zarządzania zgodami", None),
        rule(
            Category::CustomerSupport,
            r"czat\w* na żywo|chatbot\w*|(?:narzędzi\w*|system\w*|dostawc\w+|platform\w*) (?:do )?(?:obsługi klienta|wsparcia klienta|helpdesk\w*)",
            Some(r"obsług\w* klienta"),
        ),
        rule(
            Category::MarketingAutomation,
            r"(?:narzędzi\w*|platform\w*|system\w*|dostawc\w+) (?:do )?(?:automatyzacji marketingu|e-?mail marketingu|crm|wysyłki newslettera)|automatyzacj\w* marketingu",
            None,
        ),
        rule(
            Category::Email,
            r"(?:dostawc\w+|usług\w*|platform\w*|operator\w*) (?:do )?(?:wysyłki|wysyłania|dostarczania) (?:wiadomości )?(?:e-?mail\w*|poczty elektronicznej)|e-?maile transakcyjne|wiadomości transakcyjne",
            None,
        ),
        rule(
            Category::Payments,
            r"(?:dostawc\w+|operator\w*|pośrednik\w*|pośrednicy|system\w*|bramk\w*|usług\w*) (?:usług )?płatnicz\w+|(?:dostawc\w+|operator\w*|pośrednik\w*|pośrednicy|bramk\w*) płatności|obsług\w* płatności|płatności online",
            Some(r"płatności"),
        ),
        rule(Category::Cdn, r"sieci dostarczania treści|cdn\w*", None),
        rule(
            Category::Fonts,
            r"(?:usług\w*|bibliotek\w*) (?:czcionek|fontów)|czcionk\w* internetow\w*|web ?fonty?",
            None,
        ),
        rule(
            Category::Video,
            r"(?:platform\w*|odtwarzacz\w*|serwis\w*|usług\w*) (?:wideo|video)|osadzone (?:filmy|wideo)",
            None,
        ),
        rule(
            Category::Hosting,
            r"dostawc\w+ (?:usług )?hostingu|(?:firm\w*|usług\w*|operator\w*) hostingow\w+|dostawc\w+ (?:usług )?chmurow\w+|usług\w* chmurow\w+",
            Some(r"hosting\w*"),
        ),
        rule(
            Category::Security,
            r"(?:zapobiegani\w*|wykrywani\w*) oszustw\w*|ochron\w* przed (?:botami|spamem)|captcha",
            None,
        ),
        rule(Category::AbTesting, r"test\w* a/b", None),
        rule(
            Category::Affiliate,
            r"(?:program\w*|sieci|partner\w*|link\w*) afiliacyjn\w+|marketing\w* afiliacyjn\w+|program\w* partnersk\w+",
            None,
        ),
        rule(Category::DataBroker, r"broker\w* danych|handlarz\w* danych", None),
    ];
    CategoryVocab {
        rules,
        context: r"(?i)\b(?:podmiot\w* trzeci\w*|stron\w* trzeci\w*|osob\w* trzeci\w*|dostawc\w+|odbiorc\w+|podmiot\w* przetwarzając\w*|partner\w*|w naszym imieniu)".to_string(),
        negated_before: r"(?i)(?:\b(?:nie|nigdy|bez|ani)|żadn\w*)(?:\s+[\w-]+){0,4}\s*$".to_string(),
        negated_after: None,
        negation_break: r"(?i)[;:.]|\b(?:z wyjątkiem|oprócz|ale|lecz|tylko|wyłącznie|jedynie)\b".to_string(),
    }
}
