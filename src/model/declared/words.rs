//! The words that name a cookie category, in the eight languages the policy reader reads.

use super::CookieCategory::{self, Marketing, Necessary, Preferences, Statistics, Unclassified};

/// Category words, lower case. A trailing `*` matches any word starting so (`notwendig*`: notwendige,
/// notwendigen); without it the whole word must match. A leading `~` marks a weak word, counted only when
/// no other word names a category.
const CATEGORY_WORDS: &[(&str, CookieCategory)] = &[
    // Necessary
    ("strictly necessary", Necessary),
    ("necessar*", Necessary),
    ("necessár*", Necessary),
    ("nécessaire*", Necessary),
    ("necesari*", Necessary),
    ("essential*", Necessary),
    ("essenziell*", Necessary),
    ("essenzial*", Necessary),
    ("essentiel*", Necessary),
    ("esencial*", Necessary),
    ("essencia*", Necessary),
    ("required", Necessary),
    ("mandatory", Necessary),
    ("notwendig*", Necessary),
    ("erforderlich*", Necessary),
    ("nötig*", Necessary),
    ("indispensable*", Necessary),
    ("obligatoire*", Necessary),
    ("obligatori*", Necessary),
    ("noodzakelijk*", Necessary),
    ("niezbędn*", Necessary),
    ("konieczn*", Necessary),
    ("technical", Necessary),
    ("technisch*", Necessary),
    ("tecnic*", Necessary),
    ("técnic*", Necessary),
    ("techniczn*", Necessary),
    // Preferences
    ("functional*", Preferences),
    ("functionality", Preferences),
    ("funktional*", Preferences),
    ("funktionell*", Preferences),
    ("fonctionnel*", Preferences),
    ("fonctionnalit*", Preferences),
    ("funcional*", Preferences),
    ("funzional*", Preferences),
    ("functione*", Preferences),
    ("funkcjonaln*", Preferences),
    ("preference*", Preferences),
    ("préférence*", Preferences),
    ("preferencia*", Preferences),
    ("preferenz*", Preferences),
    ("präferenz*", Preferences),
    ("preferênc*", Preferences),
    ("voorkeur*", Preferences),
    ("preferencj*", Preferences),
    ("komfort*", Preferences),
    ("~personnalis*", Preferences),
    ("~personalis*", Preferences),
    ("~personaliz*", Preferences),
    // Statistics
    ("analytic*", Statistics),
    ("analytisch*", Statistics),
    ("analytiq*", Statistics),
    ("analyse*", Statistics),
    ("analysis", Statistics),
    ("análisis", Statistics),
    ("analisi", Statistics),
    ("análise", Statistics),
    ("analíti*", Statistics),
    ("analitic*", Statistics),
    ("analityczn*", Statistics),
    ("statisti*", Statistics),
    ("estadístic*", Statistics),
    ("estatístic*", Statistics),
    ("statystyczn*", Statistics),
    ("performance", Statistics),
    ("leistung*", Statistics),
    ("prestazion*", Statistics),
    ("rendimiento", Statistics),
    ("desempenho", Statistics),
    ("mesure d'audience", Statistics),
    ("audience measurement", Statistics),
    ("measur*", Statistics),
    ("medición", Statistics),
    ("misurazion*", Statistics),
    ("medição", Statistics),
    // Marketing
    ("marketing*", Marketing),
    ("advert*", Marketing),
    ("ads", Marketing),
    ("targeting", Marketing),
    ("targeted", Marketing),
    ("retargeting", Marketing),
    ("ciblage", Marketing),
    ("publicit*", Marketing),
    ("pubblicit*", Marketing),
    ("werbung", Marketing),
    ("werbe*", Marketing),
    ("reklam*", Marketing),
    ("social", Marketing),
    ("soziale medien", Marketing),
    ("réseaux sociaux", Marketing),
    ("redes sociales", Marketing),
    ("tracking", Marketing),
    // Unclassified
    ("unclassified", Unclassified),
    ("uncategori*", Unclassified),
    ("unklassifiziert*", Unclassified),
    ("nicht klassifiziert*", Unclassified),
    ("non classé*", Unclassified),
    ("non classifié*", Unclassified),
    ("sin clasificar", Unclassified),
    ("no clasificad*", Unclassified),
    ("non classificat*", Unclassified),
    ("niet geclassificeerd", Unclassified),
    ("não classificad*", Unclassified),
    ("niesklasyfikowan*", Unclassified),
];

/// Words that negate the category word after them ("non-essential", "nicht notwendig", "not strictly
/// necessary").
const NEGATIONS: &[&str] = &["non", "not", "nicht", "no", "não", "nie", "niet", "keine", "pas"];

/// The longest text looked at: headings and cells are short.
const MAX_TEXT: usize = 4096;

/// See [`CookieCategory::from_words`].
pub(super) fn category(text: &str) -> Option<CookieCategory> {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lower = text[..end].to_lowercase().replace(['’', '`', '´'], "'");
    let mut best: Option<(bool, usize, CookieCategory)> = None;
    for &(word, category) in CATEGORY_WORDS {
        let weak = word.starts_with('~');
        let word = word.trim_start_matches('~');
        let (word, prefix) = word.strip_suffix('*').map_or((word, false), |w| (w, true));
        let Some(at) = find_word(&lower, word, prefix) else { continue };
        // Strong words first, then the earliest.
        let key = (weak, at, category);
        if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
            best = Some(key);
        }
    }
    best.map(|(_, _, c)| c)
}

/// The first offset where `word` stands in `text` as a word (or the start of one, when `prefix`), not
/// negated.
fn find_word(text: &str, word: &str, prefix: bool) -> Option<usize> {
    let mut from = 0;
    while let Some(rel) = text[from..].find(word) {
        let at = from + rel;
        let end = at + word.len();
        let starts = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let ends = prefix || text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if starts && ends && !negated(&text[..at]) {
            return Some(at);
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Whether one of the two words before the end of `before` is a negation.
fn negated(before: &str) -> bool {
    before.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).rev().take(2).any(|w| NEGATIONS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_in_eight_languages() {
        let cases: &[(&str, Option<CookieCategory>)] = &[
            ("Strictly necessary cookies", Some(Necessary)),
            ("Essential", Some(Necessary)),
            ("Technisch notwendige Cookies", Some(Necessary)),
            ("Cookies strictement nécessaires", Some(Necessary)),
            ("Cookies técnicas necesarias", Some(Necessary)),
            ("Cookie tecnici", Some(Necessary)),
            ("Noodzakelijke cookies", Some(Necessary)),
            ("Pliki cookie niezbędne", Some(Necessary)),
            ("Cookies necessários", Some(Necessary)),
            ("Analytics cookies", Some(Statistics)),
            ("Performance", Some(Statistics)),
            ("Statistik", Some(Statistics)),
            ("Cookies de mesure d’audience", Some(Statistics)),
            ("__Des cookies analytiques__", Some(Statistics)),
            ("Measuring website usage (Google Analytics)", Some(Statistics)),
            ("Cookies de análisis", Some(Statistics)),
            ("Marketing", Some(Marketing)),
            ("Advertising and targeting cookies", Some(Marketing)),
            ("Cookies publicitaires", Some(Marketing)),
            ("Werbung", Some(Marketing)),
            ("Social media cookies", Some(Marketing)),
            ("Functional cookies", Some(Preferences)),
            ("Preferences", Some(Preferences)),
            ("Cookies de personnalisation", Some(Preferences)),
            ("Funktionale Cookies", Some(Preferences)),
            ("Unclassified", Some(Unclassified)),
            ("Cookies non classés", Some(Unclassified)),
            // Order, weak words and negation.
            ("Des cookies nécessaires et de fonctionnalité", Some(Necessary)),
            ("Personalised advertising", Some(Marketing)),
            ("Non-essential cookies", None),
            ("Cookies that are not strictly necessary", None),
            ("nicht notwendige Cookies", None),
            // Not category words.
            ("The cookies we use", None),
            ("Addresses", None),
            ("Medios (YouTube)", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(CookieCategory::from_words(text), *want, "{text}");
        }
    }
}
