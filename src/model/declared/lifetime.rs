//! Reading a declared cookie lifetime ("2 years", "13 Monate", "Sitzung", "365").

use std::sync::LazyLock;

use regex::Regex;

use super::DeclaredLifetime;

const YEAR: f64 = 365.0;
const MONTH: f64 = 365.0 / 12.0;

/// Time units, lower case, by their length in days: each string's words, separated by spaces.
const UNITS: &[(f64, &str)] = &[
    (YEAR, "year years yr yrs y jahr jahre jahren jahres j an ans année années annee annees"),
    (YEAR, "año años ano anos anno anni jaar jaren rok roku lata lat"),
    (MONTH, "month months mo mos monat monate monaten mois mes meses mês mese mesi maand maanden"),
    (MONTH, "miesiąc miesiące miesięcy mies"),
    (7.0, "week weeks wk woche wochen semaine semaines semana semanas settimana settimane weken"),
    (7.0, "tydzień tygodnie tygodni"),
    (1.0, "day days d tag tage tagen jour jours día días dia dias giorno giorni gg dag dagen dzień dni"),
    (1.0 / 24.0, "hour hours hr hrs h stunde stunden std heure heures hora horas ora ore uur uren"),
    (1.0 / 24.0, "godzina godziny godzin"),
    (1.0 / 1440.0, "minute minutes min mins minuten minuto minutos minuti minuut minuta minuty minut"),
    (1.0 / 86400.0, "second seconds sec secs s sekunde sekunden seconde secondes seconden segundo segundos"),
    (1.0 / 86400.0, "secondo secondi sekunda sekundy sekund"),
    (1.0 / 86_400_000.0, "ms millisecond milliseconds millisekunden milliseconde millisecondes"),
];

/// Numbers written as words ("one year", "ein Jahr", "un an", "dos años").
const NUMBER_WORDS: &[(f64, &str)] = &[
    (1.0, "a an one ein eine einen einem un une uno una een één um uma jeden jedna"),
    (2.0, "two zwei deux dos due twee dois duas dwa dwie"),
    (3.0, "three drei trois tres tre drie três trzy"),
    (4.0, "four"),
    (5.0, "five"),
    (6.0, "six"),
    (7.0, "seven"),
    (8.0, "eight"),
    (9.0, "nine"),
    (10.0, "ten"),
    (11.0, "eleven"),
    (12.0, "twelve"),
    (13.0, "thirteen"),
    (18.0, "eighteen"),
    (30.0, "thirty"),
];

/// Words that join the parts of one duration ("1 year and 1 month").
const JOINERS: &[&str] = &["and", "und", "et", "y", "e", "en", "i", "plus"];

/// Phrases of a session cookie.
const SESSION: &[&str] = &[
    "session",
    "sitzung",
    "sesión",
    "sesion",
    "sessione",
    "sessie",
    "sessão",
    "sessao",
    "sesja",
    "sesji",
    "sesyjn",
    "close the browser",
    "close your browser",
    "closing the browser",
    "closing your browser",
    "browser is closed",
    "browser closes",
    "schließen des browsers",
    "browser geschlossen",
    "fermeture du navigateur",
    "cerrar el navegador",
    "chiusura del browser",
    "sluiten van de browser",
    "fechar o navegador",
    "zamknięcia przeglądarki",
];

/// Phrases of a persistent cookie without a duration.
const PERSISTENT: &[&str] = &[
    "persist",
    "permanent",
    "dauerhaft",
    "unbegrenzt",
    "unbefristet",
    "unlimited",
    "never expire",
    "does not expire",
    "no expiry",
    "blijvend",
    "trwał",
    "stał",
];

/// The longest lifetime accepted, in days: a hundred years.
const MAX_DAYS: f64 = 36_500.0;

/// The longest text read: lifetimes are short cells.
const MAX_TEXT: usize = 1024;

static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)?|\p{L}+").expect("static regex"));

/// See [`DeclaredLifetime::parse`].
pub(super) fn parse(text: &str) -> Option<DeclaredLifetime> {
    let mut end = text.len().min(MAX_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lower = text[..end].trim().to_lowercase();
    if !lower.is_empty() && lower.bytes().all(|b| b.is_ascii_digit()) {
        // OneTrust's day count; "0" is a session cookie.
        if lower.bytes().all(|b| b == b'0') {
            return Some(DeclaredLifetime::Session);
        }
        return Some(DeclaredLifetime::Days(lower.parse::<f64>().unwrap_or(MAX_DAYS).min(MAX_DAYS)));
    }
    if let Some(days) = longest_duration(&lower) {
        return Some(DeclaredLifetime::Days(days.min(MAX_DAYS)));
    }
    let first = |phrases: &[&str]| phrases.iter().filter_map(|p| lower.find(p)).min();
    match (first(SESSION), first(PERSISTENT)) {
        (Some(s), Some(p)) if p < s => Some(DeclaredLifetime::Persistent),
        (Some(_), _) => Some(DeclaredLifetime::Session),
        (None, Some(_)) => Some(DeclaredLifetime::Persistent),
        (None, None) => None,
    }
}

/// The longest duration in `text`, lower case: runs of number-unit pairs, summed ("1 year 1 month").
fn longest_duration(text: &str) -> Option<f64> {
    let tokens: Vec<&str> = TOKEN.find_iter(text).take(200).map(|m| m.as_str()).collect();
    let pair = |i: usize| -> Option<f64> { Some(number(tokens.get(i)?)? * unit(tokens.get(i + 1)?)?) };
    let mut best: Option<f64> = None;
    let mut i = 0;
    while i < tokens.len() {
        let Some(mut total) = pair(i) else {
            i += 1;
            continue;
        };
        i += 2;
        loop {
            let next = if tokens.get(i).is_some_and(|t| JOINERS.contains(t)) { i + 1 } else { i };
            match pair(next) {
                Some(more) => {
                    total += more;
                    i = next + 2;
                }
                None => break,
            }
        }
        best = Some(best.map_or(total, |b: f64| b.max(total)));
    }
    best
}

fn number(token: &str) -> Option<f64> {
    if token.as_bytes()[0].is_ascii_digit() {
        // "1,5" is one and a half; "1,000" a thousand.
        let normal = match token.split_once(',') {
            Some((int, frac)) if frac.len() == 3 => format!("{int}{frac}"),
            _ => token.replace(',', "."),
        };
        return normal.parse().ok();
    }
    lookup(NUMBER_WORDS, token)
}

fn unit(token: &str) -> Option<f64> {
    lookup(UNITS, token)
}

/// The value of the group whose words hold `token`.
fn lookup(table: &[(f64, &str)], token: &str) -> Option<f64> {
    table.iter().find(|(_, words)| words.split(' ').any(|w| w == token)).map(|&(value, _)| value)
}

#[cfg(test)]
mod tests {
    use super::DeclaredLifetime::{self, Days, Persistent, Session};

    fn days(text: &str) -> f64 {
        match DeclaredLifetime::parse(text) {
            Some(Days(d)) => d,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn durations() {
        let cases: &[(&str, f64)] = &[
            ("2 years", 730.0),
            ("13 months", 395.416),
            ("1 day", 1.0),
            ("24 hours", 1.0),
            ("30 minutes", 0.0208),
            ("400 days", 400.0),
            ("1 year 1 month", 395.416),
            ("1 year and 1 month", 395.416),
            ("2 Jahre", 730.0),
            ("13 Monate", 395.416),
            ("1 Woche", 7.0),
            ("90 Tage", 90.0),
            ("24 Stunden", 1.0),
            ("1 an", 365.0),
            ("13 mois", 395.416),
            ("1 jour", 1.0),
            ("2 años", 730.0),
            ("1 mes", 30.416),
            ("2 anni", 730.0),
            ("2 jaar", 730.0),
            ("1 minute", 0.000_694),
            ("2 anos", 730.0),
            ("2 lata", 730.0),
            ("399 days", 399.0),
            ("365", 365.0),
            ("one year", 365.0),
            ("an hour", 0.0416),
            ("24h", 1.0),
            ("1,5 Jahre", 547.5),
            ("Under 100ms duration", 0.000_001_157),
            ("Expires after 2 years", 730.0),
            ("1 day or 2 years", 730.0),
            ("When the browser is closed or after 20 hours", 0.833),
        ];
        for (text, want) in cases {
            let got = days(text);
            assert!((got - want).abs() < 0.001, "{text}: {got} != {want}");
        }
    }

    #[test]
    fn sessions_and_persistent() {
        for text in [
            "Session",
            "session",
            "When you close the browser",
            "when you close your browser",
            "End of session",
            "Sitzung",
            "Ende der Sitzung",
            "fin de session",
            "sesión",
            "Sessione",
            "sessie",
            "0",
        ] {
            assert_eq!(DeclaredLifetime::parse(text), Some(Session), "{text}");
        }
        for text in ["Persistent", "persistent", "Persistente (hasta eliminación manual)", "permanent"] {
            assert_eq!(DeclaredLifetime::parse(text), Some(Persistent), "{text}");
        }
        for text in ["", "-", "Google Analytics", "randomly generated number", "years"] {
            assert_eq!(DeclaredLifetime::parse(text), None, "{text}");
        }
        assert_eq!(DeclaredLifetime::parse(&"9".repeat(5000)), Some(Days(36_500.0)));
    }
}
