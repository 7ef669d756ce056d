//! What the policy reader knows of each language: the patterns of its promises (`ClaimVocab`) and the
//! phrases of its vague categories (`CategoryVocab`). English, German, French, Spanish, Italian, Dutch,
//! Portuguese, Polish and Swedish each have a module with the same two tables; [`claims`](super::claims)
//! and [`categories`](super::categories) run the tables of the languages a policy is written in.
//!
//! Two conventions keep the patterns short:
//!
//! - Claim patterns are matched against a *folded* unit (`fold`): lowercased, accents and diacritics
//!   removed (`ü` → `u`, `é` → `e`, `ß` → `ss`, `ł` → `l`, `å` → `aa`), quotation marks dropped, and the name
//!   "Do Not Track" rewritten to `dnt`. They are written in plain ASCII.
//! - Category phrases are written in lowercase with their accents, and matched against a copy of the text
//!   with the same byte offsets (`ascii_letters`): every two-byte letter (`ä`, `é`, `ł`, `Ö`) becomes its
//!   base letter and `_` (`a_`, `e_`, `l_`, `o_`), and the phrases are rewritten the same way. So the search
//!   runs over ASCII, where `\b` (an ASCII word boundary, see `super::regex`) sees "leverantör" and
//!   "données" as whole words. An accented letter must therefore not appear inside a `[…]` class.

use crate::model::{Category, ClaimKind, Language};

mod de;
mod en;
mod es;
mod fr;
mod it;
mod nl;
mod pl;
mod pt;
mod sv;

/// The promises of one language.
pub(crate) struct ClaimVocab {
    /// A cheap pre-filter on the unit as written (case-insensitive): a unit without any of these words
    /// makes no promise in this language.
    pub cue: String,
    /// The patterns of each kind, over the folded unit.
    pub rules: Vec<(ClaimKind, String)>,
    /// Words that make a negative promise conditional ("except", "unless", "without your consent"): a unit
    /// with one of them makes no `no-…` promise in this language.
    pub exceptions: Option<String>,
    /// At a match's start: the match is made by someone other than the site ("you can…", "they…").
    pub others_at: Option<String>,
    /// Right before a match: the same, said before it ("many websites do not…").
    pub others_before: Option<String>,
}

/// One category's phrases and, optionally, its bare keywords (as regex sources).
pub(crate) struct CategoryRule {
    /// The category.
    pub category: Category,
    /// Phrases that name it anywhere.
    pub phrase: String,
    /// Keywords that name it in a unit about third parties.
    pub keyword: Option<String>,
}

/// The vague categories of one language.
pub(crate) struct CategoryVocab {
    /// Phrases and keywords of each category, over the lowercased text.
    pub rules: Vec<CategoryRule>,
    /// Words that say a unit is about third parties, which lets bare keywords count (case-insensitive).
    pub context: String,
    /// A negation shortly before a match, up to the match (case-insensitive, ends with `$`).
    pub negated_before: String,
    /// A negation right after a match in the same clause, from the match's end (case-insensitive, starts
    /// with `^`): German and Dutch put it late ("Analysedienste nutzen wir nicht").
    pub negated_after: Option<String>,
    /// Words that end the reach of a negation before a match ("except", "only", a semicolon).
    pub negation_break: String,
}

/// Builds a category rule.
pub(crate) fn rule(category: Category, phrase: &str, keyword: Option<&str>) -> CategoryRule {
    CategoryRule { category, phrase: phrase.to_string(), keyword: keyword.map(str::to_string) }
}

/// The claim patterns of `language`, if the reader knows them.
pub(crate) fn claims(language: Language) -> Option<ClaimVocab> {
    Some(match language {
        Language::En => en::claims(),
        Language::De => de::claims(),
        Language::Fr => fr::claims(),
        Language::Es => es::claims(),
        Language::It => it::claims(),
        Language::Nl => nl::claims(),
        Language::Pt => pt::claims(),
        Language::Pl => pl::claims(),
        Language::Sv => sv::claims(),
        Language::Da | Language::No | Language::Ca | Language::Cs | Language::Fi => return None,
    })
}

/// The category phrases of `language`, if the reader knows them.
pub(crate) fn categories(language: Language) -> Option<CategoryVocab> {
    Some(match language {
        Language::En => en::categories(),
        Language::De => de::categories(),
        Language::Fr => fr::categories(),
        Language::Es => es::categories(),
        Language::It => it::categories(),
        Language::Nl => nl::categories(),
        Language::Pt => pt::categories(),
        Language::Pl => pl::categories(),
        Language::Sv => sv::categories(),
        Language::Da | Language::No | Language::Ca | Language::Cs | Language::Fi => return None,
    })
}

/// Whether claims and categories are read in `language` (otherwise it is only detected).
pub fn has_rules(language: Language) -> bool {
    !matches!(language, Language::Da | Language::No | Language::Ca | Language::Cs | Language::Fi)
}

/// Up to `n` words (with hyphens, apostrophes and trailing commas) and their spaces, as few as possible:
/// `"(?:[\w'-]+,? ){0,n}?"`.
pub(crate) fn words(n: usize) -> String {
    format!(r"(?:[\w'-]+,? ){{0,{n}}}?")
}

/// Folds a unit for claim patterns: lowercase, without accents or quotation marks, single spaces.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        for b in text.bytes() {
            if b != b'"' {
                out.push(b.to_ascii_lowercase() as char);
            }
        }
    } else {
        for c in text.chars().flat_map(char::to_lowercase) {
            match fold_char(c) {
                Folded::Drop => {}
                Folded::One(c) => out.push(c),
                Folded::Two(s) => out.push_str(s),
            }
        }
    }
    if out.contains("  ") || out.starts_with(' ') || out.ends_with(' ') {
        let mut single = String::with_capacity(out.len());
        let mut space = false;
        for c in out.chars() {
            if !(space && c == ' ') {
                single.push(c);
            }
            space = c == ' ';
        }
        out = single.trim().to_string();
    }
    out
}

/// `text` with each two-byte letter written as its lowercase base letter and `_`, ASCII lowercased, and
/// everything else kept: the same length and the same byte offsets as `text`.
pub(crate) fn ascii_letters(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(b.to_ascii_lowercase());
            i += 1;
        } else if (0xC0..0xE0).contains(&b) {
            let c = text[i..].chars().next().expect("a lead byte starts a character");
            if c.is_alphabetic() {
                let lower = c.to_lowercase().next().unwrap_or(c);
                let base = match fold_char(lower) {
                    Folded::One(f) if f.is_ascii_alphabetic() => f as u8,
                    Folded::Two(s) => s.as_bytes()[0],
                    _ => b'x',
                };
                out.extend([base, b'_']);
            } else {
                out.extend_from_slice(&bytes[i..i + 2]);
            }
            i += 2;
        } else {
            let n = text[i..].chars().next().map_or(1, char::len_utf8);
            out.extend_from_slice(&bytes[i..i + n]);
            i += n;
        }
    }
    String::from_utf8(out).expect("ASCII bytes and whole characters of the input")
}

enum Folded {
    Drop,
    One(char),
    Two(&'static str),
}

fn fold_char(c: char) -> Folded {
    Folded::One(match c {
        '"' | '«' | '»' | '„' | '“' | '”' | '‟' | '‹' | '›' => return Folded::Drop,
        '‘' | '’' | '‛' | '′' | '`' | '´' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'ď' => 'd',
        'ť' => 't',
        // Swedish "spårar" (tracks) must not become "sparar" (saves).
        'å' => return Folded::Two("aa"),
        'ß' => return Folded::Two("ss"),
        'æ' => return Folded::Two("ae"),
        'œ' => return Folded::Two("oe"),
        c => c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            fold("Wir geben Ihre Daten nicht an „Dritte“ weiter"),
            "wir geben ihre daten nicht an dritte weiter"
        );
        assert_eq!(fold("Nous n’utilisons pas « dnt »"), "nous n'utilisons pas dnt");
        assert_eq!(
            fold("Übermittlung, Straße, données, żadnych, spårar"),
            "ubermittlung, strasse, donnees, zadnych, spaarar"
        );
        assert_eq!(fold("We \"never\" SELL"), "we never sell");
    }

    #[test]
    fn ascii_letters_keep_offsets() {
        let s = "ÜBER Études, leverantör; ŁÓDŹ Straße d’analyse €";
        let a = ascii_letters(s);
        assert_eq!(a.len(), s.len());
        assert_eq!(a, "u_ber e_tudes, leveranto_r; l_o_dz_ stras_e d’analyse €");
    }

    #[test]
    fn no_accented_letter_in_a_character_class() {
        for l in Language::ALL {
            let Some(v) = categories(l) else { continue };
            for r in v.rules {
                for p in std::iter::once(&r.phrase).chain(r.keyword.as_ref()) {
                    let mut in_class = false;
                    for c in p.chars() {
                        match c {
                            '[' => in_class = true,
                            ']' => in_class = false,
                            c if in_class && c.len_utf8() == 2 => panic!("{l}: {c:?} inside a class in {p}"),
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_language_with_rules_has_both_tables() {
        for l in Language::ALL {
            assert_eq!(claims(l).is_some(), has_rules(l), "{l}");
            assert_eq!(categories(l).is_some(), has_rules(l), "{l}");
        }
    }
}
