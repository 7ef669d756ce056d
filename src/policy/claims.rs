//! Promises a policy makes that observed behaviour can contradict ("we do not use third-party cookies",
//! "Wir geben Ihre Daten nicht an Dritte weiter").
//!
//! Each language ([`super::lang`]) has a small set of patterns per kind over one folded unit (lowercase,
//! no accents) in which "Do Not Track" has been rewritten to `dnt`, so that the words "do not" inside that
//! name are never read as a negation. Near misses are excluded by the patterns themselves: "we do not use
//! cookies to identify you" limits a purpose, it does not promise a cookie-free site. A language may also
//! list exceptions ("außer", "sauf", "excepto") that make a negative promise conditional, and phrasings of
//! someone other than the site ("you can…", "many websites…").

use std::sync::{LazyLock, OnceLock};

use regex::{Regex, RegexSet, RegexSetBuilder};

use super::lang::{self, fold};
use super::segment::Segmented;
use super::{quote, regex};
use crate::model::{Claim, ClaimKind, Language};

/// One language's patterns, compiled.
struct Compiled {
    cue: Regex,
    rules: Vec<(ClaimKind, Regex)>,
    /// All rules at once: one pass over a unit says which rules can match it.
    any: RegexSet,
    exceptions: Option<Regex>,
    others_at: Option<Regex>,
    others_before: Option<Regex>,
}

static COMPILED: [OnceLock<Option<Compiled>>; Language::ALL.len()] = [const { OnceLock::new() }; Language::ALL.len()];

fn compiled(language: Language) -> Option<&'static Compiled> {
    let i = Language::ALL.iter().position(|l| *l == language).expect("every language is in ALL");
    COMPILED[i]
        .get_or_init(|| {
            let v = lang::claims(language)?;
            let rules: Vec<(ClaimKind, Regex)> = v.rules.iter().map(|(k, p)| (*k, regex(&ascii_words(p)))).collect();
            let any = RegexSetBuilder::new(rules.iter().map(|(_, r)| r.as_str()))
                .size_limit(64 * 1024 * 1024)
                .dfa_size_limit(32 * 1024 * 1024)
                .build()
                .expect("the rules compile one by one");
            Some(Compiled {
                cue: regex(&v.cue),
                rules,
                any,
                exceptions: v.exceptions.as_deref().map(regex),
                others_at: v.others_at.as_deref().map(regex),
                others_before: v.others_before.as_deref().map(regex),
            })
        })
        .as_ref()
}

/// A claim pattern with `\w` as an ASCII word character: the folded text is ASCII but for other scripts, and
/// Unicode classes would make the automata of the larger languages many times bigger.
fn ascii_words(pattern: &str) -> String {
    pattern.replace(r"\w", "[0-9A-Za-z_]")
}

impl Compiled {
    /// Whether the promise at `start` is made by the reader or someone else ("you can disable third-party
    /// cookies", "they do not share"), which is advice, not a promise of the site.
    fn by_others(&self, folded: &str, start: usize) -> bool {
        self.others_at.as_ref().is_some_and(|r| r.is_match(&folded[start..]))
            || self.others_before.as_ref().is_some_and(|r| r.is_match(&folded[..start]))
    }
}

/// Whether a kind is a promise not to do something, which an exception ("except with our processors")
/// takes back.
fn negative(kind: ClaimKind) -> bool {
    !matches!(kind, ClaimKind::HonoursDnt | ClaimKind::IgnoresDnt | ClaimKind::HonoursGpc | ClaimKind::IgnoresGpc)
}

/// Global Privacy Control by name ("Global Privacy Control (GPC)", "GPC") and the laws' generic terms for it
/// ("opt-out preference signals", "universal opt-out mechanisms", "browser privacy signals"), rewritten `gpc`.
static GPC: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r#"["'“‘(\[]?\b(?:[Gg]lobal [Pp]rivacy [Cc]ontrol|GLOBAL PRIVACY CONTROL)\b["'”’)\]]?(?: \(["'“]?GPC["'”]?\))?"#,
        r"|\bGPC\b",
        r"|\b(?:[Oo]pt-?[Oo]ut [Pp]reference|[Uu]niversal [Oo]pt-?[Oo]ut|[Bb]rowser(?:-based)? (?:[Pp]rivacy|[Oo]pt-?[Oo]ut))",
        r" (?:[Ss]ignals?|[Mm]echanisms?|[Cc]ontrols?)\b",
    ))
});

/// The name "Do Not Track" (capitalised, hyphenated, quoted, or followed by "signals" and the like), as
/// opposed to the words "we do not track you".
static DNT: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r#"["'“‘(\[]?\b(?:Do Not Track|DO NOT TRACK|Do not Track|[Dd]o-[Nn]ot-[Tt]rack)\b["'”’)\]]?(?: \(["'“]?DNT["']?\))?()"#,
        r"|\b[Dd]o not track( (?:browser )?(?:signals?|settings?|requests?|headers?|features?|preferences?|mechanisms?))\b",
    ))
});

/// Every claim in `seg` made in one of `languages`, one entry per kind and unit, in text order.
pub fn find(seg: &Segmented, languages: &[Language]) -> Vec<Claim> {
    let sets: Vec<&Compiled> = languages.iter().filter_map(|&l| compiled(l)).collect();
    let mut claims = Vec::new();
    let mut cued: Vec<&Compiled> = Vec::with_capacity(sets.len());
    // Where each language's next cue starts in `seg.norm`: one search finds it for every unit before it, so
    // the cue runs over the text once instead of once per unit (units are separated by `\n`, which no cue
    // crosses).
    let mut next_cue: Vec<usize> = vec![0; sets.len()];
    for (i, s) in seg.sentences.iter().enumerate() {
        let text = seg.text(i);
        cued.clear();
        for (c, next) in sets.iter().zip(&mut next_cue) {
            if *next < s.norm.start {
                *next = c.cue.find_at(&seg.norm, s.norm.start).map_or(usize::MAX, |m| m.start());
            }
            if *next < s.norm.end {
                cued.push(c);
            }
        }
        if cued.is_empty() {
            continue;
        }
        let named: std::borrow::Cow<'_, str> =
            if text.contains("rack") || text.contains("RACK") { DNT.replace_all(text, "dnt$1") } else { text.into() };
        let named = if named.contains("GPC")
            || named.contains("rivacy Control")
            || named.contains("ignal")
            || named.contains("echanism")
        {
            std::borrow::Cow::Owned(GPC.replace_all(&named, "gpc").into_owned())
        } else {
            named
        };
        let folded = fold(&named);
        let mut kinds: Vec<ClaimKind> = Vec::new();
        for c in &cued {
            let matched = c.any.matches(&folded);
            if !matched.matched_any() {
                continue;
            }
            // Looked for only when a rule matched: most cued units make no promise.
            let excepted = c.exceptions.as_ref().is_some_and(|r| r.is_match(&folded));
            for r in matched.into_iter().map(|i| &c.rules[i]) {
                if kinds.contains(&r.0) || (excepted && negative(r.0)) {
                    continue;
                }
                if r.1.find_iter(&folded).any(|m| !c.by_others(&folded, m.start())) {
                    kinds.push(r.0);
                }
            }
        }
        if kinds.contains(&ClaimKind::IgnoresDnt) {
            kinds.retain(|k| *k != ClaimKind::HonoursDnt);
        }
        if kinds.contains(&ClaimKind::IgnoresGpc) {
            kinds.retain(|k| *k != ClaimKind::HonoursGpc);
        }
        kinds.sort();
        for kind in kinds {
            claims.push(Claim { kind, quote: quote(seg, i, s.norm.start), offset: s.raw.start });
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::segment::segment;

    /// The kinds found in one sentence read as `language` (and English).
    fn kinds(language: Language, text: &str) -> Vec<&'static str> {
        find(&segment(text), &[Language::En, language]).iter().map(|c| c.kind.as_str()).collect()
    }

    #[test]
    fn global_privacy_control() {
        let en = |t| kinds(Language::En, t);
        let honours = ["honours-gpc"];
        assert_eq!(en("We honor Global Privacy Control (GPC) signals."), honours);
        assert_eq!(en("We recognize the GPC signal as a request to opt out of the sale of your data."), honours);
        assert_eq!(en("Our website processes opt-out preference signals, such as Global Privacy Control."), honours);
        assert_eq!(
            en("If your browser sends a Global Privacy Control signal, we treat it as a request to opt out."),
            honours
        );
        assert_eq!(
            en("If you enable GPC in your browser, we will treat it as a valid request to opt out of sharing."),
            honours
        );
        assert_eq!(en("GPC signals are honored for the browser they are sent from."), honours);
        let ignores = ["ignores-gpc"];
        assert_eq!(en("We do not currently respond to Global Privacy Control signals."), ignores);
        assert_eq!(en("At this time, we do not recognize browser-based opt-out signals such as GPC."), ignores);
        assert_eq!(en("We don't honor universal opt-out mechanisms at this time."), ignores);
        // About GPC, not a promise of the site's.
        assert!(en("You can turn on Global Privacy Control in your browser settings.").is_empty());
        assert!(en("Global Privacy Control is a browser setting that signals your choice.").is_empty());
        assert!(en("Some browsers send an opt-out preference signal.").is_empty());
        // Do Not Track is another claim.
        assert_eq!(en("We honor Do Not Track signals."), ["honours-dnt"]);
    }

    #[test]
    fn session_recording_and_fingerprinting_denials() {
        let en = |t| kinds(Language::En, t);
        assert_eq!(en("We do not record your sessions or your mouse movements."), ["no-session-recording"]);
        assert_eq!(en("We don't use session replay or heatmaps on this website."), ["no-session-recording"]);
        assert_eq!(en("No session recording tools are used."), ["no-session-recording"]);
        assert_eq!(en("We do not use browser fingerprinting."), ["no-fingerprinting"]);
        assert_eq!(en("We never use device fingerprinting to identify you."), ["no-fingerprinting"]);
        // Saying what a recorder does, or that others fingerprint, is no promise of the site's.
        assert!(en("Hotjar records sessions and heatmaps to help us improve the site.").is_empty());
        assert!(en("We use Hotjar, which records your sessions.").is_empty());
        assert!(en("Some advertisers use device fingerprinting.").is_empty());
        // A vendor's practice ("it" is the vendor), and a promise about typing only, are not this claim.
        assert!(en("Microsoft Clarity records clicks; it does not record what you type into fields.").is_empty());
        assert!(en("We do not record what you type into forms.").is_empty());
        assert!(en("Fingerprinting is a way to identify a browser without cookies.").is_empty());
    }

    #[test]
    fn session_recording_and_fingerprinting_denials_in_german_and_french() {
        let de = |t| kinds(Language::De, t);
        assert_eq!(de("Wir zeichnen Ihre Sitzungen nicht auf."), ["no-session-recording"]);
        assert_eq!(de("Wir zeichnen keine Mausbewegungen auf."), ["no-session-recording"]);
        assert_eq!(de("Wir verwenden keine Heatmaps oder Session-Recording-Tools."), ["no-session-recording"]);
        assert_eq!(de("Sitzungsaufzeichnungen werden auf dieser Website nicht eingesetzt."), ["no-session-recording"]);
        assert_eq!(de("Wir setzen kein Browser-Fingerprinting ein."), ["no-fingerprinting"]);
        assert_eq!(de("Wir verzichten bewusst auf Fingerprinting."), ["no-fingerprinting"]);
        assert_eq!(de("Fingerprinting-Techniken werden von uns nicht eingesetzt."), ["no-fingerprinting"]);
        assert!(de("Hotjar zeichnet Sitzungen und Mausbewegungen auf.").is_empty());
        assert!(de("Wir nutzen Hotjar, um Heatmaps zu erstellen.").is_empty());
        assert!(de("Manche Werbenetzwerke nutzen Fingerprinting.").is_empty());
        let fr = |t| kinds(Language::Fr, t);
        assert_eq!(fr("Nous n’enregistrons pas vos sessions de navigation."), ["no-session-recording"]);
        assert_eq!(fr("Nous n'utilisons aucun outil d'enregistrement de sessions."), ["no-session-recording"]);
        assert_eq!(fr("Nous n'utilisons pas de cartes de chaleur."), ["no-session-recording"]);
        assert_eq!(fr("Nous n'utilisons pas le fingerprinting."), ["no-fingerprinting"]);
        assert_eq!(fr("Nous n'avons pas recours à l'empreinte numérique de votre navigateur."), ["no-fingerprinting"]);
        assert_eq!(fr("Aucune prise d'empreinte n'est réalisée sur ce site."), ["no-fingerprinting"]);
        assert!(fr("Hotjar enregistre vos sessions et produit des cartes de chaleur.").is_empty());
        assert!(fr("Nous utilisons le fingerprinting pour lutter contre la fraude.").is_empty());
    }

    #[test]
    fn every_language_compiles() {
        for l in Language::ALL {
            assert_eq!(compiled(l).is_some(), lang::has_rules(l), "{l}");
        }
    }

    #[test]
    fn german_word_order() {
        let de = |t| kinds(Language::De, t);
        assert_eq!(de("Wir geben Ihre Daten nicht an Dritte weiter."), ["no-sharing"]);
        assert_eq!(de("Eine Weitergabe an Dritte findet nicht statt."), ["no-sharing"]);
        assert_eq!(de("Wir verkaufen Ihre Daten nicht."), ["no-selling"]);
        assert_eq!(de("Wir verwenden keine Cookies von Drittanbietern."), ["no-third-party-cookies"]);
        assert_eq!(de("Diese Website verwendet keine Cookies."), ["no-cookies"]);
        assert!(de("Wir verwenden Cookies nicht, um Sie zu identifizieren.").is_empty());
        assert!(de("Sie können Cookies von Drittanbietern blockieren.").is_empty());
        assert!(de("Wir geben Ihre Daten nur an Dritte weiter, wenn Sie eingewilligt haben.").is_empty());
        assert!(de("Wir geben Ihre Daten nicht an Dritte weiter, außer an unseren Hoster.").is_empty());
    }

    #[test]
    fn romance_negation() {
        assert_eq!(kinds(Language::Fr, "Nous ne vendons pas vos données."), ["no-selling"]);
        assert_eq!(kinds(Language::Fr, "Nous ne partageons jamais vos données avec des tiers."), ["no-sharing"]);
        assert_eq!(kinds(Language::Fr, "Ce site n’utilise aucun cookie tiers."), ["no-third-party-cookies"]);
        assert!(kinds(Language::Fr, "Nous ne partageons vos données qu’avec notre hébergeur.").is_empty());
        assert!(
            kinds(Language::Fr, "Nous ne partageons pas vos données avec des tiers, sauf avec nos sous-traitants.")
                .is_empty()
        );
        assert_eq!(kinds(Language::Es, "No compartimos sus datos con terceros."), ["no-sharing"]);
        assert!(
            kinds(Language::Es, "No compartimos sus datos con terceros, excepto con nuestros proveedores.").is_empty()
        );
        assert_eq!(kinds(Language::It, "Non vendiamo i suoi dati personali."), ["no-selling"]);
        assert!(kinds(Language::It, "Non condividiamo i suoi dati con terzi, tranne che con i fornitori.").is_empty());
        assert_eq!(kinds(Language::Pt, "Nunca partilhamos os seus dados com terceiros."), ["no-sharing"]);
    }

    #[test]
    fn dutch_polish_swedish() {
        assert_eq!(kinds(Language::Nl, "Wij verkopen uw gegevens niet."), ["no-selling"]);
        assert_eq!(kinds(Language::Nl, "Wij gebruiken geen cookies van derden."), ["no-third-party-cookies"]);
        assert!(kinds(Language::Nl, "Wij delen uw gegevens niet met derden, behalve met onze verwerkers.").is_empty());
        assert_eq!(kinds(Language::Pl, "Nie sprzedajemy Twoich danych osobowych."), ["no-selling"]);
        assert_eq!(kinds(Language::Sv, "Vi säljer inte dina personuppgifter."), ["no-selling"]);
        assert!(kinds(Language::Sv, "Vi sparar inte dina uppgifter längre än nödvändigt.").is_empty());
    }

    #[test]
    fn other_languages_rules_do_not_run_unless_asked() {
        let seg = segment("Wir verkaufen Ihre Daten nicht.");
        assert!(find(&seg, &[Language::En]).is_empty());
    }
}
