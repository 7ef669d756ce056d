//! Which language a policy is written in: a count of common words over a sample of its text.
//!
//! Each language has a short list of frequent words (articles, pronouns, conjunctions, "data") chosen to be
//! rare in the other languages of the list; the language whose words are most frequent wins. Close
//! neighbours (Danish and Norwegian next to Swedish, Catalan next to Spanish, Czech next to Polish) have
//! lists too, so that they are told apart rather than read as their neighbour. The count reads at most
//! [`SAMPLE`] bytes (windows spread over a longer text), so it costs the same for any size of policy.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::Language;

/// The most text read: the whole text when shorter, otherwise `WINDOWS` windows spread evenly over it.
pub const SAMPLE: usize = 64 * 1024;
const WINDOWS: usize = 16;

/// Fewer hits than this, or hits on fewer than one word in [`MIN_SHARE`], and the language is not told.
const MIN_HITS: usize = 8;
const MIN_SHARE: usize = 25;

/// Frequent words of each language: a line per language, its code and its words.
const WORDS: &str = include_str!("language-words.txt");

/// Each listed word and the languages it counts for (a bit per index in [`Language::ALL`]).
static INDEX: LazyLock<HashMap<&'static str, u16>> = LazyLock::new(|| {
    let mut index: HashMap<&'static str, u16> = HashMap::new();
    for line in WORDS.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut words = line.split_whitespace();
        let code = words.next().expect("a code starts the line");
        let language = Language::ALL.into_iter().find(|l| l.as_str() == code).expect("a known language code");
        let bit = 1u16 << bit_of(language);
        for w in words {
            *index.entry(w).or_default() |= bit;
        }
    }
    index
});

fn bit_of(language: Language) -> usize {
    Language::ALL.iter().position(|l| *l == language).expect("every language is in ALL")
}

/// What the count found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The language of the text, if it could be told.
    pub language: Option<Language>,
    /// The languages whose claim and category rules to run: English, the detected language, and any other
    /// language that makes up a good part of the text (bilingual policies), in that order.
    pub readers: Vec<Language>,
}

/// Tells the language of `text`.
pub fn detect(text: &str) -> Detected {
    let mut hits = [0usize; Language::ALL.len()];
    let mut words = 0usize;
    let mut lower = String::new();
    for window in sample(text) {
        for token in window.split(|c: char| !c.is_alphabetic()).filter(|t| !t.is_empty()) {
            words += 1;
            let key = if token.bytes().all(|b| b.is_ascii_lowercase()) {
                token
            } else {
                lower.clear();
                lower.extend(token.chars().flat_map(char::to_lowercase));
                &lower
            };
            if let Some(&bits) = INDEX.get(key) {
                for (i, h) in hits.iter_mut().enumerate() {
                    *h += usize::from(bits & (1 << i) != 0);
                }
            }
        }
    }
    let best = (0..hits.len()).max_by_key(|&i| (hits[i], std::cmp::Reverse(i))).expect("at least one language");
    let told = hits[best] >= MIN_HITS && hits[best] * MIN_SHARE >= words;
    let language = told.then_some(Language::ALL[best]);
    let mut readers = vec![Language::En];
    // A language that is only detected (Danish) is read in English alone, not with its neighbour's rules.
    let read_others = told && super::lang::has_rules(Language::ALL[best]);
    for (i, l) in Language::ALL.iter().enumerate() {
        let strong = i == best || hits[i] * 3 >= hits[best];
        if read_others && *l != Language::En && hits[i] >= MIN_HITS && strong && super::lang::has_rules(*l) {
            readers.push(*l);
        }
    }
    // The detected language first after English, then the others.
    if let Some(l) = language.filter(|l| *l != Language::En && readers.contains(l)) {
        readers.retain(|r| *r != l);
        readers.insert(1, l);
    }
    Detected { language, readers }
}

/// The text, or windows spread over it when it is longer than [`SAMPLE`].
fn sample(text: &str) -> Vec<&str> {
    if text.len() <= SAMPLE {
        return vec![text];
    }
    let width = SAMPLE / WINDOWS;
    let step = text.len() / WINDOWS;
    (0..WINDOWS)
        .map(|i| {
            let mut start = i * step;
            while !text.is_char_boundary(start) {
                start += 1;
            }
            let mut end = (start + width).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            &text[start..end]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Option<&'static str> {
        detect(text).language.map(Language::as_str)
    }

    #[test]
    fn tells_the_languages_apart() {
        let cases = [
            (
                "en",
                "We do not sell your personal information. This policy explains how we use the data you give us when you visit our website.",
            ),
            (
                "de",
                "Wir geben Ihre Daten nicht an Dritte weiter. Die Daten werden auf Servern in der EU gespeichert, und Sie können der Verarbeitung jederzeit widersprechen.",
            ),
            (
                "fr",
                "Nous ne vendons pas vos données. Les données sont conservées pour la durée nécessaire et vous pouvez exercer vos droits auprès de notre délégué.",
            ),
            (
                "es",
                "No vendemos sus datos personales. Los datos se conservan mientras sean necesarios y usted puede ejercer sus derechos cuando lo desee, también por correo.",
            ),
            (
                "it",
                "Non vendiamo i suoi dati personali. I dati sono conservati per il tempo necessario e può esercitare i suoi diritti scrivendo al titolare del trattamento.",
            ),
            (
                "nl",
                "Wij verkopen uw gegevens niet. De gegevens worden bewaard zolang dat nodig is en u kunt uw rechten uitoefenen door een e-mail te sturen naar onze functionaris.",
            ),
            (
                "pt",
                "Não vendemos seus dados pessoais. Os dados são armazenados pelo tempo necessário e você pode exercer os seus direitos quando quiser, também por e-mail.",
            ),
            (
                "pl",
                "Nie sprzedajemy Twoich danych osobowych. Dane są przechowywane przez okres niezbędny, a Ty możesz w każdej chwili skorzystać z przysługujących Ci praw lub złożyć skargę.",
            ),
            (
                "sv",
                "Vi säljer inte dina personuppgifter. Uppgifterna sparas så länge det behövs och du kan när som helst begära att få veta vilka uppgifter vi har om dig och att de raderas.",
            ),
            (
                "da",
                "Vi sælger ikke dine personoplysninger. Oplysningerne bliver gemt så længe det er nødvendigt, og du kan altid bede om at få at vide, hvilke oplysninger vi har om dig.",
            ),
        ];
        for (want, text) in cases {
            assert_eq!(lang(text), Some(want), "{text}");
        }
    }

    #[test]
    fn every_language_has_words() {
        for l in Language::ALL {
            assert!(INDEX.values().any(|bits| bits & (1 << bit_of(l)) != 0), "{l} has no words");
        }
    }

    #[test]
    fn too_little_text_is_undetermined() {
        assert_eq!(lang("Google Analytics, Stripe, Hotjar"), None);
        assert_eq!(lang(""), None);
        let d = detect("Stripe");
        assert_eq!(d.readers, [Language::En], "English rules always run");
    }

    #[test]
    fn readers_are_english_and_the_detected_language() {
        let d = detect(
            "Wir geben Ihre Daten nicht an Dritte weiter. Die Daten werden auf Servern in der EU gespeichert, und Sie können der Verarbeitung jederzeit widersprechen.",
        );
        assert_eq!(d.readers, [Language::En, Language::De]);
        // A Danish policy is told, but read with the English rules only.
        let d = detect(
            "Vi sælger ikke dine personoplysninger. Oplysningerne bliver gemt så længe det er nødvendigt, og du kan altid bede om at få at vide, hvilke oplysninger vi har om dig.",
        );
        assert_eq!((d.language, d.readers), (Some(Language::Da), vec![Language::En]));
    }

    #[test]
    fn a_long_text_is_sampled() {
        let page = "Nous ne vendons pas vos données et nous ne les partageons pas avec des tiers. ".repeat(20_000);
        assert!(page.len() > 10 * SAMPLE);
        assert_eq!(lang(&page), Some("fr"));
        let read: usize = sample(&page).iter().map(|w| w.len()).sum();
        assert!((SAMPLE..SAMPLE + 4 * WINDOWS).contains(&read), "{read}");
    }
}
