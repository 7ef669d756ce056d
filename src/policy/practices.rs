//! Practices a policy speaks of: fingerprinting ("device fingerprinting", "Browser-Fingerabdruck",
//! "empreinte numérique du navigateur"), session recording ("session replay", "heatmaps", "Sitzungsaufzeichnung",
//! "cartes de chaleur") and capturing keystrokes ("keystrokes", "Tastatureingaben", "frappes au clavier"), in
//! the languages the policy reader knows. A mention that a negation shortly before denies ("we do not use
//! fingerprinting", "nous n'utilisons pas de cartes de chaleur") is no disclosure: the claims reader
//! ([`super::claims`]) reads those as promises.
//!
//! The terms are distinctive across languages, so one expression per practice runs once over the whole text.

use std::sync::LazyLock;

use regex::Regex;

use super::segment::Segmented;
use super::{quote, regex};
use crate::model::{Practice, PracticeMention};

/// Fingerprinting. A bare "fingerprint" is often the reader's finger (Touch ID); the practice needs the
/// "-ing" or a browser/device/canvas qualifier.
const FINGERPRINTING: &str = concat!(
    r"(?:browser|device|canvas|digital|web|audio|font)[- ]fingerprint(?:ing|s)?|fingerprinting",
    r"|(?:geräte|gerate|browser|digitale[nr]?)[- ]?fingerabdr(?:u|ü)ck\w*",
    // "empreinte numérique" alone is the browser's; "empreintes digitales" alone are a finger's.
    r"|empreintes? (?:numériques?|numeriques?)(?: (?:du|de votre|de l'|des|de) ?(?:navigateurs?|appareils?|terminal|terminaux))?",
    r"|empreintes? digitales? (?:du|de votre|de l'|des|de) ?(?:navigateurs?|appareils?|terminal|terminaux)",
    r"|empreintes? (?:du navigateur|de (?:l'appareil|navigateur))|prises? d'empreintes?",
    r"|huellas? digital(?:es)? del? (?:su )?(?:navegador|dispositivo)|impronta digitale del (?:browser|dispositivo)",
    r"|(?:browser|apparaat)-?vingerafdruk\w*|digitale vingerafdruk\w*",
    r"|impressão digital do (?:navegador|dispositivo)|odcisk\w* (?:palca )?przeglądarki|fingeravtryck\w*",
);

/// Session recording and heatmaps.
const SESSION_RECORDING: &str = concat!(
    r"session[- ]?(?:recording|replay)s?|(?:records?|recording|recorded) (?:of )?(?:your |user |users' |visitors' |visitor )?sessions",
    r"|heat ?maps?|mouse[- ](?:movement )?tracking|mouse movements?|cursor movements?|screen recordings?",
    r"|sitzungsaufzeichnung\w*|aufzeichnung (?:von|der|ihrer) (?:sitzungen|mausbewegungen)|mausbewegungen",
    r"|enregistrements? (?:de |des )?(?:sessions?|navigation)|cartes? (?:de chaleur|thermiques)|rejeu de sessions?|mouvements de (?:la )?souris",
    r"|grabaci(?:ón|ones|on) de sesi(?:ón|ones|on)|mapas? de calor|registrazion[ei] (?:delle |della |di )?session[ei]|mappe di calore",
    r"|sessie-?opnames?|nagrywani\w* sesji|map\w* ciepła|gravaç(?:ão|ões) de sess(?:ão|ões)|sessionsinspelning\w*|värmekartor",
);

/// Capturing what visitors type.
const KEYSTROKES: &str = concat!(
    r"key ?strokes?|keystroke logging|key ?logging|what you type|text (?:you )?(?:type|enter) (?:in|into) (?:forms?|fields?)",
    r"|tastatureingaben|tastenanschläge|tastenanschlage|frappes? (?:au |du |de )?clavier|saisies? (?:au |de )?clavier",
    r"|pulsaciones de (?:teclas|teclado)|toetsaanslagen|sequenze di tasti|pressioni dei tasti|naciśnięć klawiszy|tangenttryckningar",
);

/// Each practice's expression.
static RULES: LazyLock<Vec<(Practice, Regex)>> = LazyLock::new(|| {
    [
        (Practice::Fingerprinting, FINGERPRINTING),
        (Practice::SessionRecording, SESSION_RECORDING),
        (Practice::Keystrokes, KEYSTROKES),
    ]
    .into_iter()
    .map(|(p, pattern)| (p, regex(&format!(r"(?i)\b(?:{pattern})\b"))))
    .collect()
});

/// A negation in any of the languages, in the words just before a mention.
static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"(?i)(?:\b(?:not|never|no|without|nor|kein\w*|nicht|niemals|ohne|verzicht\w*|pas|aucun\w*|jamais|sans|ni|sin|nunca|ningún|ninguna|non|nessun\w*|senza|geen|niet|nooit|zonder|nie|bez|inte|aldrig|utan|nenhum\w*|não|nao)\b",
        r"|n't\b|\bn['’])"
    ))
});

/// How far before a mention a negation denies it: a few words.
const NEGATION_REACH: usize = 48;

/// Words just before a mention that make it the threat the site protects against, not something it does:
/// "defend against fingerprinting", "anti-fingerprinting", "notre lutte contre les empreintes digitales".
static COUNTER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"(?i)(?:\b(?:against|gegen|contre|contra)\s+(?:the\s+|das\s+|die\s+|den\s+|le\s+|la\s+|les\s+|l['’]|el\s+|il\s+)?",
        // One more word, or the countered term itself before a gloss: "contre le fingerprinting (prise d'empreinte)".
        r"(?:[\w'’-]+\s+(?:\(\s*)?)?|\banti-?)$"
    ))
});

/// Words just after a mention that name a protection from it: "fingerprinting protection",
/// "Fingerprinting-Bekämpfung", "Fingerprinting-Schutz".
static COUNTER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^[- ]?(?:protections?|resistance|defen[cs]es?|blocking|blockers?|bekämpfung|schutz|abwehr|blocker)\b")
});

/// A German purpose clause that prevents the practice: "um Fingerprinting besser verstehen, verhindern und uns
/// davor schützen zu können" (the object stands before the verb, so the verb follows the mention; "wir nutzen
/// Fingerprinting, um Betrug zu verhindern" has no "um" before it and stays a disclosure).
static DE_PREVENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bum\s+(?:\w+\s+)?$"));
static DE_PREVENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[^.;:!?]{0,60}?\b(?:verhindern|unterbinden|bekämpfen|bekampfen|abwehren|schützen|schutzen|erschweren)\b",
    )
});

/// Whether the mention at `start..end` of `norm` (in the unit starting at `unit_start` and ending at `unit_end`)
/// speaks of the practice as a threat the site counters.
fn countered(norm: &str, unit_start: usize, unit_end: usize, start: usize, end: usize) -> bool {
    let mut from = start.saturating_sub(NEGATION_REACH).max(unit_start);
    while !norm.is_char_boundary(from) {
        from += 1;
    }
    let before = &norm[from..start];
    let after = &norm[end..unit_end.max(end)];
    COUNTER_BEFORE.is_match(before)
        || COUNTER_AFTER.is_match(after)
        || (DE_PREVENT_BEFORE.is_match(before) && DE_PREVENT_AFTER.is_match(after))
}

/// Every practice mention in `seg`, one per practice and unit, in text order.
pub(super) fn find(seg: &Segmented) -> Vec<PracticeMention> {
    let mut out: Vec<(usize, PracticeMention)> = Vec::new();
    for (practice, rule) in RULES.iter() {
        let mut last_unit = None;
        for m in rule.find_iter(&seg.norm) {
            let Some(unit) = seg.sentence_at(m.start()) else { continue };
            if last_unit == Some(unit) {
                continue;
            }
            let unit_start = seg.sentences[unit].norm.start;
            let mut from = m.start().saturating_sub(NEGATION_REACH).max(unit_start);
            while !seg.norm.is_char_boundary(from) {
                from += 1;
            }
            if NEGATION.is_match(&seg.norm[from..m.start()]) {
                continue;
            }
            let unit_end = seg.sentences[unit].norm.end;
            if super::in_address(&seg.norm[unit_start..unit_end], m.start() - unit_start, m.end() - unit_start) {
                continue;
            }
            if countered(&seg.norm, unit_start, unit_end, m.start(), m.end()) {
                continue;
            }
            last_unit = Some(unit);
            out.push((
                m.start(),
                PracticeMention {
                    practice: *practice,
                    matched: m.as_str().to_string(),
                    quote: quote(seg, unit, m.start()),
                    offset: seg.raw_offset(m.start()),
                },
            ));
        }
    }
    out.sort_by_key(|(at, m)| (*at, m.practice));
    out.into_iter().map(|(_, m)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::segment::segment;

    fn practices(text: &str) -> Vec<(&'static str, String)> {
        find(&segment(text)).into_iter().map(|m| (m.practice.as_str(), m.matched)).collect()
    }

    #[test]
    fn disclosures_in_several_languages() {
        assert_eq!(
            practices("We use device fingerprinting to detect fraud."),
            [("fingerprinting", "device fingerprinting".to_string())]
        );
        assert_eq!(practices("Wir verwenden Browser-Fingerabdrücke zur Betrugsprävention.")[0].0, "fingerprinting");
        assert_eq!(practices("Nous utilisons l'empreinte numérique de votre navigateur.")[0].0, "fingerprinting");
        assert_eq!(practices("Nous calculons l'empreinte digitale de votre navigateur.")[0].0, "fingerprinting");
        assert!(practices("L'application se déverrouille avec vos empreintes digitales.").is_empty(), "a finger's");
        assert_eq!(practices("Hotjar records mouse movements and creates heatmaps.")[0].0, "session-recording");
        assert_eq!(practices("Wir setzen Tools zur Sitzungsaufzeichnung ein.")[0].0, "session-recording");
        assert_eq!(practices("Nous utilisons des cartes de chaleur.")[0].0, "session-recording");
        assert_eq!(practices("Utilizamos mapas de calor.")[0].0, "session-recording");
        assert_eq!(
            practices("The recorder captures clicks and keystrokes, but masks passwords.")[0],
            ("keystrokes", "keystrokes".to_string())
        );
        assert_eq!(practices("Erfasst werden Mausbewegungen und Tastatureingaben.").len(), 2);
    }

    #[test]
    fn denials_and_ordinary_words_are_not_disclosures() {
        assert!(practices("We do not use browser fingerprinting.").is_empty());
        assert!(practices("We never use heatmaps or session replay.").is_empty());
        assert!(practices("Wir verwenden kein Fingerprinting.").is_empty());
        assert!(practices("Nous n'utilisons pas de cartes de chaleur.").is_empty());
        assert!(practices("You can unlock the app with your fingerprint.").is_empty());
        assert!(practices("We keep a record of your orders.").is_empty());
    }

    #[test]
    fn a_practice_the_site_protects_against_is_no_disclosure() {
        // Mozilla's Firefox privacy notice (fixtures/realworld-practices), en, de, fr.
        assert!(
            practices(
                "We collect technical data via OHTTP, to better understand, prevent and defend against fingerprinting."
            )
            .is_empty()
        );
        assert!(practices("Security measures (such as our anti-fingerprinting work).").is_empty());
        assert!(practices("Firefox turns on fingerprinting protection in private windows.").is_empty());
        assert!(practices("Wir erfassen technische Daten, um Fingerprinting besser verstehen, verhindern und uns davor schützen zu können.").is_empty());
        assert!(
            practices("Berechtigtes Interesse (z. B. unsere Arbeit im Bereich der Fingerprinting-Bekämpfung).")
                .is_empty()
        );
        assert!(practices("Afin de mieux comprendre, prévenir et se défendre contre le fingerprinting.").is_empty());
        assert!(practices("Comme notre lutte contre les empreintes digitales.").is_empty());
        assert!(practices("Se défendre contre le fingerprinting (prise d'empreinte).").is_empty());
        // Fraud prevention by fingerprinting is still a disclosure.
        assert_eq!(practices("We use device fingerprinting to prevent fraud.").len(), 1);
        assert_eq!(practices("Wir nutzen Browser-Fingerprinting, um Betrug zu verhindern.").len(), 1);
    }

    #[test]
    fn collected_mouse_movements_are_session_recording() {
        // Codefresh's privacy policy (FullStory), fixtures/realworld-practices.
        let got = practices("Includes clicks, scrolls, mouse movements, and keystrokes (except for passwords).");
        assert_eq!(got.iter().map(|(p, _)| *p).collect::<Vec<_>>(), ["session-recording", "keystrokes"]);
        assert_eq!(practices("L'outil collecte les mouvements de souris et les clics.")[0].0, "session-recording");
        assert!(practices("We do not track mouse movements.").is_empty());
    }

    #[test]
    fn names_in_addresses_are_not_practices() {
        assert!(practices("Write to hazel@heatmap-blog.test.").is_empty());
        assert!(practices("See https://example.com/session-replay/ for details.").is_empty());
        assert!(practices("Our status page is heatmap-status.example.org today.").is_empty());
        assert_eq!(practices("We use heatmaps.")[0].0, "session-recording", "a full stop is no host name");
        assert_eq!(practices("We use heatmaps. Nothing else.").len(), 1);
        assert_eq!(practices("We use session-replay tools and heatmaps.")[0].0, "session-recording");
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Intro.\n\nWe use   heatmaps to improve pages.";
        let m = &find(&segment(text))[0];
        assert_eq!(&text[m.offset..m.offset + m.matched.len()], "heatmaps");
        assert!(m.quote.contains("heatmaps to improve"));
    }
}
