//! The header row of a cookie table: which column holds the cookie's name, lifetime, provider, category and
//! purpose, from the header words in the eight languages the policy reader reads.

/// What a column of a cookie table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    /// The cookie's name.
    Name,
    /// How long it lives.
    Duration,
    /// Who sets it.
    Provider,
    /// Its category or type.
    Category,
    /// What it is for.
    Purpose,
}

/// Header words and phrases, lower case, separated by commas, by column, in the order tried: "Cookie type" is a category column and
/// "Cookie duration" a duration column, so [`Column::Name`] (which "cookie" alone names) comes last.
const HEADER_WORDS: &[(Column, &str)] = &[
    (Column::Category, "category, categories, type, types, kind, classification, group, kategorie, typ, art"),
    (Column::Category, "catégorie, categorie, categoría, tipo, tipologia, categoria, soort, kategoria, rodzaj"),
    (Column::Duration, "expiry, expires, expiration, expire, duration, retention, lifetime, lifespan, life span"),
    (Column::Duration, "storage period, storage time, max age, validity, how long, laufzeit, speicherdauer, dauer"),
    (Column::Duration, "ablauf, gültigkeit, ablaufdatum, durée, validité, conservation, duración, caducidad"),
    (Column::Duration, "vencimiento, plazo, conservación, durata, scadenza, conservazione, bewaartermijn, looptijd"),
    (Column::Duration, "duur, vervaldatum, geldigheid, duração, validade, expiração, prazo, okres przechowywania"),
    (Column::Duration, "czas przechowywania, wygaśnięcie, ważność"),
    (Column::Provider, "provider, set by, placed by, supplier, vendor, owner, source, domain, host, third party"),
    (Column::Provider, "service, anbieter, herausgeber, gesetzt von, domäne, fournisseur, émetteur, déposé par"),
    (Column::Provider, "propriétaire, proveedor, titular, fornitore, titolare, aanbieder, leverancier, eigenaar"),
    (Column::Provider, "fornecedor, dostawca, właściciel"),
    (Column::Purpose, "purpose, purposes, description, goal, used for, what it does, function, zweck, beschreibung"),
    (Column::Purpose, "verwendung, finalité, but, objet, finalidad, propósito, descripción, finalità, scopo"),
    (Column::Purpose, "descrizione, doel, beschrijving, finalidade, descrição, cel, opis"),
    (Column::Name, "cookie, cookies, name, names, cookie name, bezeichnung, nom, nombre, nome, naam, nazwa"),
    (Column::Name, "identifier"),
];

/// Words in a name header that say it is a cookie's name ("Cookie", "Nom du cookie"), not any name.
const COOKIE_WORDS: &[&str] = &["cookie", "cookies", "cookie name", "cookiename"];

/// The most words a header cell has.
const MAX_HEADER_WORDS: usize = 6;

/// A cookie table's header: the index of each column it names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Header {
    /// The name column.
    pub(super) name: usize,
    /// The duration column.
    pub(super) duration: Option<usize>,
    /// The provider column.
    pub(super) provider: Option<usize>,
    /// The category column.
    pub(super) category: Option<usize>,
    /// The purpose column.
    pub(super) purpose: Option<usize>,
    /// Whether the name header says "cookie": other tables need a duration or provider column as well
    /// and names that look like cookies'.
    pub(super) says_cookie: bool,
}

/// The header of a cookie table, when `cells` are one: a column of names and every other cell a short
/// header, with "cookie" in the name header or a duration or provider column beside it.
pub(super) fn header(cells: &[String]) -> Option<Header> {
    if cells.len() < 2 {
        return None;
    }
    let mut seen = Header::default();
    let mut name = None;
    for (i, cell) in cells.iter().enumerate() {
        let norm = normalise(cell);
        if norm.split_whitespace().count() > MAX_HEADER_WORDS {
            return None;
        }
        let Some(column) = classify(&norm) else { continue };
        let slot = match column {
            Column::Name => {
                if name.is_none() {
                    name = Some(i);
                    seen.says_cookie = COOKIE_WORDS.iter().any(|w| has_phrase(&norm, w));
                }
                continue;
            }
            Column::Duration => &mut seen.duration,
            Column::Provider => &mut seen.provider,
            Column::Category => &mut seen.category,
            Column::Purpose => &mut seen.purpose,
        };
        slot.get_or_insert(i);
    }
    let name = name?;
    (seen.says_cookie || seen.duration.is_some() || seen.provider.is_some()).then_some(Header { name, ..seen })
}

/// Whether a cell is a short header naming a column.
pub(super) fn is_header_cell(cell: &str) -> bool {
    let norm = normalise(cell);
    norm.split_whitespace().count() <= MAX_HEADER_WORDS && classify(&norm).is_some()
}

/// Whether a cell is nothing but a header word or phrase ("Cookie name", "Description").
pub(super) fn is_bare_header(cell: &str) -> bool {
    let norm = normalise(cell);
    HEADER_WORDS.iter().any(|(_, words)| words.split(", ").any(|w| w == norm))
}

/// The column a header cell names.
fn classify(norm: &str) -> Option<Column> {
    if norm.is_empty() {
        return None;
    }
    HEADER_WORDS.iter().find(|(_, words)| words.split(", ").any(|w| has_phrase(norm, w))).map(|&(c, _)| c)
}

/// A header cell in lower case, punctuation and hyphens as spaces and emphasis (`__Cookie__`) dropped; an
/// underscore inside a word stays, so that `cookie_consent` is no "cookie".
fn normalise(cell: &str) -> String {
    let lower = cell.to_lowercase();
    let spaced: String = lower.chars().map(|c| if c.is_alphanumeric() || "_'".contains(c) { c } else { ' ' }).collect();
    let words = spaced.split_whitespace().map(|w| w.trim_matches('_').trim_end_matches("'s").trim_matches('\''));
    words.filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Whether `phrase` stands in `text` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let end = at + phrase.len();
        (at == 0 || text.as_bytes()[at - 1] == b' ') && (end == text.len() || text.as_bytes()[end] == b' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(row: &[&str]) -> Vec<String> {
        row.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn headers() {
        let h = header(&cells(&["Cookie", "Provider", "Purpose", "Expiry"])).unwrap();
        assert_eq!((h.name, h.provider, h.purpose, h.duration), (0, Some(1), Some(2), Some(3)));
        let h = header(&cells(&["Propriétaire", "Nom du cookie", "But", "Durée de stockage"])).unwrap();
        assert_eq!((h.name, h.provider, h.duration, h.says_cookie), (1, Some(0), Some(3), true));
        let h = header(&cells(&["Cookie", "Dauer", "Typ", "Herausgeber", "Beschreibung"])).unwrap();
        assert_eq!((h.duration, h.category, h.provider, h.purpose), (Some(1), Some(2), Some(3), Some(4)));
        let h = header(&cells(&["Owner", "Cookie's name", "Goal", "Storage time"])).unwrap();
        assert_eq!((h.name, h.provider, h.purpose, h.duration, h.says_cookie), (1, Some(0), Some(2), Some(3), true));
        let h = header(&cells(&["Name", "Typical Content", "Expires"])).unwrap();
        assert_eq!((h.name, h.duration, h.says_cookie), (0, Some(2), false));
        let h = header(&cells(&["Name des Cookies", "Anbieter", "Speicherdauer"])).unwrap();
        assert_eq!((h.name, h.provider, h.duration), (0, Some(1), Some(2)));
        assert_eq!(header(&cells(&["Cookie type", "Purpose"])), None, "a table of categories");
        assert_eq!(header(&cells(&["Name", "Purpose"])), None, "any names");
        assert_eq!(header(&cells(&["Clave", "Propósito", "Duración"])), None, "local storage keys");
        assert_eq!(header(&cells(&["Data category", "Retention period"])), None);
        assert_eq!(header(&cells(&["Section", "Page"])), None);
        assert_eq!(
            header(&cells(&["`_ga`", "Google Analytics", "Counts visits to the site over time", "2 years"])),
            None
        );
        assert_eq!(header(&cells(&["cookie_consent", "Stores your choice", "1 year"])), None);
        assert_eq!(header(&cells(&["Cookie"])), None);
    }
}
