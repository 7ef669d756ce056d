//! Finding the policy documents: links whose text or URL names a privacy, cookie or data-protection policy, in
//! the languages sites are written in, ranked footer first, then by link text, then by URL words; settings and
//! opt-out links never. When no link leads to a policy, well-known paths are tried (`/privacy`,
//! `/datenschutz`, `/politique-de-confidentialite`, …).
//!
//! Discovery only ranks candidates; [`reads_as_policy`] decides whether a fetched candidate is a policy, so
//! that a 404, a login wall or an unrelated page falls through to the next one.

use std::collections::HashSet;

use url::Url;

use crate::capture::Link;
use crate::model::DocumentKind;

/// Words in link text (lowercase) that name a privacy policy, and their weight.
const TEXT_TERMS: &[(&str, i32)] = &[
    // English
    ("privacy policy", 100),
    ("privacy notice", 100),
    ("privacy statement", 100),
    ("data protection policy", 95),
    ("privacy", 80),
    ("data protection", 75),
    ("cookie policy", 60),
    ("cookie notice", 60),
    ("cookies policy", 60),
    ("cookie declaration", 60),
    // German
    ("datenschutzerklärung", 100),
    ("datenschutzhinweise", 95),
    ("datenschutz", 85),
    ("cookie-richtlinie", 60),
    ("cookie-erklärung", 60),
    ("cookie-hinweise", 60),
    // French
    ("politique de confidentialité", 100),
    ("confidentialité", 85),
    ("données personnelles", 80),
    ("vie privée", 80),
    ("politique de cookies", 60),
    ("politique relative aux cookies", 60),
    ("gestion des cookies", 50),
    // Spanish
    ("política de privacidad", 100),
    ("aviso de privacidad", 95),
    ("privacidad", 85),
    ("protección de datos", 80),
    ("política de cookies", 60),
    // Italian
    ("informativa sulla privacy", 100),
    ("informativa privacy", 100),
    ("trattamento dei dati", 75),
    ("informativa cookie", 60),
    // Dutch
    ("privacybeleid", 100),
    ("privacyverklaring", 100),
    ("cookiebeleid", 60),
    ("cookieverklaring", 60),
    // Swedish, Danish, Norwegian, Finnish
    ("integritetspolicy", 100),
    ("integritet", 80),
    ("dataskydd", 75),
    ("personuppgifter", 75),
    ("privatlivspolitik", 100),
    ("persondatapolitik", 95),
    ("personvernerklæring", 100),
    ("personvern", 85),
    ("tietosuojaseloste", 100),
    ("tietosuoja", 85),
    // Polish, Portuguese, Czech, Turkish
    ("polityka prywatności", 100),
    ("prywatności", 85),
    ("ochrona danych", 75),
    ("política de privacidade", 100),
    ("privacidade", 85),
    ("ochrana osobních údajů", 95),
    ("gizlilik", 85),
    ("kvkk", 70),
    ("çerez politikası", 60),
    // Generic last resort
    ("cookies", 40),
    ("gdpr", 50),
    ("legal", 10),
];

/// Words in a URL path that suggest a policy, and their weight.
const URL_TERMS: &[(&str, i32)] = &[
    ("privacy", 40),
    ("datenschutz", 40),
    ("confidentialite", 35),
    ("privacidad", 35),
    ("privacybeleid", 40),
    ("integritet", 35),
    ("prywatnosci", 35),
    ("privacidade", 35),
    ("personvern", 35),
    ("tietosuoja", 35),
    ("data-protection", 30),
    ("cookie", 25),
    ("gdpr", 20),
];

/// Link texts that are settings or opt-outs, not the policy itself.
const NOT_A_POLICY: &[&str] = &[
    "settings",
    "preferences",
    "manage",
    "choices",
    "do not sell",
    "opt out",
    "opt-out",
    "einstellungen",
    "paramètres",
    "préférences",
    "configuración",
    "impostazioni",
    "instellingen",
    "adchoices",
    "ad choices",
    "accept",
    "reject",
];

/// Link-text words that name a privacy policy rather than a cookie policy ("Privacy & Cookie Policy" is the
/// privacy policy).
const PRIVACY_WORDS: &[&str] = &[
    "privacy",
    "datenschutz",
    "confidentialit",
    "vie privée",
    "données personnelles",
    "privacidad",
    "protección de datos",
    "trattamento dei dati",
    "integritet",
    "privatliv",
    "persondata",
    "personvern",
    "tietosuoja",
    "prywatno",
    "privacidade",
    "osobních",
    "gizlilik",
    "kvkk",
    "data protection",
    "gdpr",
];

/// Link-text words that name a cookie declaration (the list of cookies) rather than a cookie policy.
const DECLARATION_WORDS: &[&str] = &[
    "cookie declaration",
    "cookie list",
    "list of cookies",
    "cookies we use",
    "cookie-erklärung",
    "cookieerklärung",
    "cookie-liste",
    "liste des cookies",
    "déclaration relative aux cookies",
    "declaración de cookies",
    "dichiarazione cookie",
    "cookieverklaring",
    "cookielijst",
];

/// Well-known policy paths by language (ISO 639-1), the privacy policy's first. Tried, a few at a time, when no
/// link leads to a policy.
const WELL_KNOWN: &[(&str, &[&str])] = &[
    ("en", &["/privacy-policy", "/privacy", "/privacy-notice", "/legal/privacy"]),
    ("de", &["/datenschutz", "/datenschutzerklaerung", "/datenschutzerklarung"]),
    ("fr", &["/politique-de-confidentialite", "/confidentialite"]),
    ("es", &["/politica-de-privacidad", "/privacidad"]),
    ("it", &["/informativa-privacy", "/privacy-policy"]),
    ("nl", &["/privacybeleid", "/privacyverklaring"]),
    ("sv", &["/integritetspolicy"]),
    ("da", &["/privatlivspolitik"]),
    ("nb", &["/personvern", "/personvernerklaering"]),
    ("fi", &["/tietosuojaseloste"]),
    ("pl", &["/polityka-prywatnosci"]),
    ("pt", &["/politica-de-privacidade", "/privacidade"]),
    ("cs", &["/ochrana-osobnich-udaju", "/zasady-ochrany-osobnich-udaju"]),
    ("tr", &["/gizlilik-politikasi", "/gizlilik"]),
];

/// Well-known cookie-policy paths, tried when no link leads to one.
const WELL_KNOWN_COOKIES: &[(&str, &[&str])] = &[
    ("en", &["/cookie-policy", "/cookies"]),
    ("de", &["/cookie-richtlinie"]),
    ("fr", &["/politique-cookies"]),
    ("es", &["/politica-de-cookies"]),
    ("nl", &["/cookiebeleid"]),
];

/// Country-code top-level domains whose sites mostly write in one language, for ordering well-known paths when
/// a page has no `<html lang>`.
const TLD_LANGUAGE: &[(&str, &str)] = &[
    ("de", "de"),
    ("at", "de"),
    ("ch", "de"),
    ("fr", "fr"),
    ("be", "fr"),
    ("es", "es"),
    ("mx", "es"),
    ("ar", "es"),
    ("it", "it"),
    ("nl", "nl"),
    ("se", "sv"),
    ("dk", "da"),
    ("no", "nb"),
    ("fi", "fi"),
    ("pl", "pl"),
    ("pt", "pt"),
    ("br", "pt"),
    ("cz", "cs"),
    ("tr", "tr"),
];

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A link on a page.
    Link {
        /// Whether it sits in the page footer.
        in_footer: bool,
    },
    /// A well-known path tried without a link.
    WellKnown,
}

/// A URL that may be a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Where it points.
    pub url: Url,
    /// The link text (empty for a well-known path).
    pub text: String,
    /// The page it was found on (the start page for a well-known path).
    pub found_on: Url,
    /// How it was found.
    pub origin: Origin,
    /// What kind of document it is likely to be.
    pub kind: DocumentKind,
    /// How strongly the link text names a policy.
    pub text_score: i32,
    /// How strongly the URL path names a policy.
    pub url_score: i32,
}

impl Candidate {
    /// How the candidate was found, for the report.
    pub(crate) fn describe(&self) -> String {
        match self.origin {
            Origin::Link { in_footer: true } => format!("footer link {:?} on {}", self.text, self.found_on),
            Origin::Link { in_footer: false } => format!("link {:?} on {}", self.text, self.found_on),
            Origin::WellKnown => {
                format!("well-known path {} (no link to a {} was found)", self.url.path(), self.kind.label())
            }
        }
    }

    /// Whether it sits in a page footer.
    pub(crate) fn in_footer(&self) -> bool {
        self.origin == Origin::Link { in_footer: true }
    }

    /// Whether the link names the policy plainly ("Privacy Policy", "Datenschutz", "Cookie Policy"), so that
    /// its page needs less policy vocabulary to be taken for one.
    pub(crate) fn is_strong(&self) -> bool {
        matches!(self.origin, Origin::Link { .. }) && self.text_score >= 60
    }

    /// The ranking key: footer links first, then the link text's score, then the URL's.
    fn rank(&self) -> (bool, i32, i32) {
        (self.in_footer(), self.text_score, self.url_score)
    }
}

/// What a link says about being a policy: its kind and the scores of its text and URL, or `None` when it is
/// not a policy link.
pub(crate) fn classify(link: &Link) -> Option<(DocumentKind, i32, i32)> {
    let text = link.text.to_lowercase();
    if NOT_A_POLICY.iter().any(|w| text.contains(w)) || text.len() > 80 {
        return None;
    }
    let from_text = TEXT_TERMS.iter().filter(|(t, _)| text.contains(t)).map(|&(_, w)| w).max().unwrap_or(0);
    let path = link.url.path().to_lowercase();
    let from_url = URL_TERMS.iter().filter(|(t, _)| path.contains(t)).map(|&(_, w)| w).max().unwrap_or(0);
    if from_text < 40 && from_url == 0 {
        return None;
    }
    let privacy_text = PRIVACY_WORDS.iter().any(|w| text.contains(w));
    let cookie_text = text.contains("cookie") || text.contains("çerez");
    let kind = if privacy_text {
        DocumentKind::PrivacyPolicy
    } else if DECLARATION_WORDS.iter().any(|w| text.contains(w)) {
        DocumentKind::CookieDeclaration
    } else if cookie_text
        || (path.contains("cookie") && !URL_TERMS.iter().any(|(t, _)| *t != "cookie" && path.contains(t)))
    {
        DocumentKind::CookiePolicy
    } else {
        DocumentKind::PrivacyPolicy
    };
    Some((kind, from_text, from_url))
}

/// The score of a link as a policy link of any kind, or `None` when it is not one.
#[cfg(test)]
pub(crate) fn score(link: &Link) -> Option<i32> {
    classify(link).map(|(_, text, url)| text + url + if link.in_footer { 15 } else { 0 })
}

/// Policy candidates collected over a crawl.
#[derive(Debug, Clone, Default)]
pub(crate) struct Discovery {
    candidates: Vec<Candidate>,
    seen: HashSet<Url>,
    /// The `<html lang>` of the first page that had one.
    lang: Option<String>,
}

impl Discovery {
    /// Considers the links of a page. Footer links are looked at first, as in webXray: that is where sites put
    /// their policies.
    pub(crate) fn add_links(&mut self, page: &Url, links: &[Link]) {
        let footer_first = links.iter().filter(|l| l.in_footer).chain(links.iter().filter(|l| !l.in_footer));
        for link in footer_first {
            if let Some((kind, text_score, url_score)) = classify(link)
                && self.seen.insert(link.url.clone())
            {
                self.candidates.push(Candidate {
                    url: link.url.clone(),
                    text: link.text.clone(),
                    found_on: page.clone(),
                    origin: Origin::Link { in_footer: link.in_footer },
                    kind,
                    text_score,
                    url_score,
                });
            }
        }
    }

    /// Notes a page's `<html lang>`, which orders the well-known paths tried.
    pub(crate) fn note_lang(&mut self, lang: Option<&str>) {
        if self.lang.is_none() {
            self.lang = lang.map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase());
        }
    }

    /// Whether a URL is a candidate so far.
    pub(crate) fn is_candidate(&self, url: &Url) -> bool {
        self.seen.contains(url)
    }

    /// The linked candidates of one kind, best first: footer links, then by link text, then by URL words; the
    /// first found among equals (pages are read breadth first, so the start page's links come first).
    pub(crate) fn ranked(&self, kind: DocumentKind) -> Vec<&Candidate> {
        let mut list: Vec<&Candidate> = self.candidates.iter().filter(|c| c.kind == kind).collect();
        list.sort_by_key(|c| std::cmp::Reverse(c.rank()));
        list
    }

    /// The best linked candidate of any kind, privacy policies first.
    #[cfg(test)]
    pub(crate) fn best(&self) -> Option<&Candidate> {
        self.ranked(DocumentKind::PrivacyPolicy)
            .into_iter()
            .next()
            .or_else(|| self.ranked(DocumentKind::CookiePolicy).into_iter().next())
    }

    /// All linked candidates, in the order found.
    pub(crate) fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// Well-known paths of `kind` on the site of `start`, at most `limit`: the site's language first (its
    /// `<html lang>`, else its country domain), then English. Paths already linked are left out.
    pub(crate) fn well_known(&self, start: &Url, kind: DocumentKind, limit: usize) -> Vec<Candidate> {
        let table = if kind == DocumentKind::PrivacyPolicy { WELL_KNOWN } else { WELL_KNOWN_COOKIES };
        let tld_lang = start
            .host_str()
            .and_then(|h| h.rsplit('.').next())
            .and_then(|tld| TLD_LANGUAGE.iter().find(|(t, _)| *t == tld).map(|&(_, l)| l.to_string()));
        let lang = self.lang.clone().or(tld_lang);
        let langs = [lang.as_deref().map(|l| if l == "no" || l == "nn" { "nb" } else { l }), Some("en")];
        let mut out: Vec<Candidate> = Vec::new();
        for lang in langs.into_iter().flatten() {
            let Some((_, paths)) = table.iter().find(|(l, _)| *l == lang) else { continue };
            for path in *paths {
                let Ok(url) = start.join(path) else { continue };
                let slashed = start.join(&format!("{path}/")).ok();
                let linked = |u: &Url| self.seen.contains(u) || slashed.as_ref().is_some_and(|s| self.seen.contains(s));
                if linked(&url) || out.iter().any(|c| c.url == url) {
                    continue;
                }
                out.push(Candidate {
                    url,
                    text: String::new(),
                    found_on: start.clone(),
                    origin: Origin::WellKnown,
                    kind,
                    text_score: 0,
                    url_score: 0,
                });
            }
        }
        out.truncate(limit);
        out
    }
}

/// Terms that a privacy or cookie policy uses, in the 14 languages discovery knows (lowercase). A page reached
/// by a policy link is expected to be one, so the bar is low: it tells a policy from a 404 page, a login wall
/// or a home page, not a good policy from a bad one.
const VOCABULARY: &[&str] = &[
    "privacy",
    "personal",
    "cookie",
    "collect",
    "information we",
    "your data",
    "data protection",
    "third part",
    "gdpr",
    "ccpa",
    "controller",
    "processor",
    "processing",
    "your rights",
    "retention",
    "consent",
    "opt out",
    "opt-out",
    "analytics",
    "advertis",
    "tracking",
    "expir",
    "purpose",
    "personenbezogen",
    "datenschutz",
    "verantwortlich",
    "dsgvo",
    "verarbeitung",
    "betroffene",
    "einwilligung",
    "données",
    "rgpd",
    "traitement",
    "consentement",
    "datos personales",
    "tratamiento",
    "consentimiento",
    "dati personali",
    "trattamento",
    "titolare",
    "consenso",
    "persoonsgegevens",
    "verwerking",
    "toestemming",
    "personuppgifter",
    "personoplysninger",
    "personopplysninger",
    "henkilötiedo",
    "dane osobowe",
    "danych osobowych",
    "dados pessoais",
    "osobní údaje",
    "osobních údajů",
    "kişisel veri",
];

/// What a page that is not a policy says near its start: an error page or a login wall.
const NOT_A_POLICY_PAGE: &[&str] = &[
    "page not found",
    "404",
    "not found",
    "sign in",
    "log in",
    "login",
    "password",
    "seite nicht gefunden",
    "anmelden",
    "passwort",
    "page introuvable",
    "connexion",
    "mot de passe",
    "página no encontrada",
    "iniciar sesión",
    "contraseña",
    "pagina non trovata",
    "pagina niet gevonden",
    "wachtwoord",
];

/// Fewest words a policy document has when the link named it plainly, and otherwise.
const MIN_WORDS: (usize, usize) = (10, 40);

/// Whether a document's readable text reads as a policy: enough words, and terms policies use. When the link
/// named the policy plainly (`strong`), 10 words are enough (short policies use no legal vocabulary at all);
/// otherwise two terms and 40 words (a well-known path, a link saying only "Legal"); a
/// cookie document needs "cookie" among them. A short page that opens like an error page or a login wall is
/// not one. The error says why not, for the report.
pub(crate) fn reads_as_policy(text: &str, words: usize, kind: DocumentKind, strong: bool) -> Result<(), String> {
    let lower = text.to_lowercase();
    let hits: Vec<&str> = VOCABULARY.iter().copied().filter(|t| lower.contains(t)).collect();
    let (needed, min_words) = if strong { (0, MIN_WORDS.0) } else { (2, MIN_WORDS.1) };
    let enough = hits.len() >= needed && (kind == DocumentKind::PrivacyPolicy || hits.contains(&"cookie"));
    let mut head_end = lower.len().min(300);
    while !lower.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let wall = NOT_A_POLICY_PAGE.iter().find(|m| lower[..head_end].contains(*m)).filter(|_| words < 200);
    if words < min_words || !enough || wall.is_some() {
        let found = if hits.is_empty() { "none".to_string() } else { hits.join(", ") };
        let opens = wall.map(|m| format!(", opens with {m:?}")).unwrap_or_default();
        return Err(format!(
            "not a {}: {words} words{opens}, policy vocabulary found: {found} (an error page, a login wall or another \
             page?)",
            kind.label()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str, url: &str, in_footer: bool) -> Link {
        Link { url: Url::parse(url).unwrap(), text: text.into(), in_footer }
    }

    #[test]
    fn prefers_footer_policy_links_in_any_language() {
        let page = Url::parse("https://www.shop.test/").unwrap();
        let mut d = Discovery::default();
        d.add_links(
            &page,
            &[
                link("Cookie settings", "https://www.shop.test/#cookies", true),
                link("Blog", "https://www.shop.test/blog", false),
                link("Privacy", "https://www.shop.test/legal/privacy", false),
                link("Datenschutzerklärung", "https://www.shop.test/datenschutz", true),
                link("Do Not Sell My Personal Information", "https://www.shop.test/ccpa", true),
            ],
        );
        let best = d.best().unwrap();
        assert_eq!(best.url.path(), "/datenschutz");
        assert!(best.describe().starts_with("footer link \"Datenschutzerklärung\""));
        assert_eq!(d.candidates().len(), 2);
        let ranked: Vec<&str> = d.ranked(DocumentKind::PrivacyPolicy).iter().map(|c| c.url.path()).collect();
        assert_eq!(ranked, ["/datenschutz", "/legal/privacy"]);
        for (text, url) in [
            ("Politique de confidentialité", "https://x.test/a"),
            ("Política de privacidad", "https://x.test/b"),
            ("Informativa sulla privacy", "https://x.test/c"),
            ("Privacybeleid", "https://x.test/d"),
            ("Integritetspolicy", "https://x.test/e"),
            ("Polityka prywatności", "https://x.test/f"),
            ("Privacy Policy", "https://x.test/g"),
            ("Datenschutz", "https://x.test/h"),
        ] {
            assert!(score(&link(text, url, false)).is_some_and(|s| s >= 80), "{text}");
            assert_eq!(classify(&link(text, url, false)).unwrap().0, DocumentKind::PrivacyPolicy, "{text}");
        }
        assert_eq!(score(&link("About us", "https://x.test/about", true)), None);
    }

    #[test]
    fn cookie_policies_and_declarations_are_their_own_kind() {
        let kind = |text: &str, url: &str| classify(&link(text, url, true)).map(|c| c.0);
        assert_eq!(kind("Cookie Policy", "https://x.test/cookies"), Some(DocumentKind::CookiePolicy));
        assert_eq!(kind("Cookies", "https://x.test/legal/c"), Some(DocumentKind::CookiePolicy));
        assert_eq!(kind("Cookie-Richtlinie", "https://x.test/c"), Some(DocumentKind::CookiePolicy));
        assert_eq!(kind("Cookie declaration", "https://x.test/c"), Some(DocumentKind::CookieDeclaration));
        assert_eq!(kind("Privacy & Cookie Policy", "https://x.test/privacy"), Some(DocumentKind::PrivacyPolicy));
        assert_eq!(kind("Legal", "https://x.test/cookie-policy"), Some(DocumentKind::CookiePolicy));
        assert_eq!(kind("Legal", "https://x.test/privacy-and-cookies"), Some(DocumentKind::PrivacyPolicy));
        assert_eq!(kind("Cookie settings", "https://x.test/cookies"), None);
    }

    #[test]
    fn footer_beats_link_text_and_link_text_beats_url() {
        let page = Url::parse("https://x.test/").unwrap();
        let mut d = Discovery::default();
        d.add_links(
            &page,
            &[
                link("Read our privacy policy", "https://x.test/p1", false),
                link("Data protection", "https://x.test/p2", true),
                link("Privacy", "https://x.test/legal/privacy-policy", true),
            ],
        );
        let ranked: Vec<&str> = d.ranked(DocumentKind::PrivacyPolicy).iter().map(|c| c.url.path()).collect();
        assert_eq!(ranked, ["/legal/privacy-policy", "/p2", "/p1"]);
    }

    #[test]
    fn well_known_paths_follow_the_site_language() {
        let start = Url::parse("https://www.beispiel.de/shop/").unwrap();
        let mut d = Discovery::default();
        let paths = |d: &Discovery| -> Vec<String> {
            d.well_known(&start, DocumentKind::PrivacyPolicy, 4).iter().map(|c| c.url.path().to_string()).collect()
        };
        assert_eq!(paths(&d), ["/datenschutz", "/datenschutzerklaerung", "/datenschutzerklarung", "/privacy-policy"]);
        d.note_lang(Some("fr-FR"));
        assert_eq!(paths(&d)[..2], ["/politique-de-confidentialite".to_string(), "/confidentialite".to_string()]);
        let c = &d.well_known(&start, DocumentKind::CookiePolicy, 1)[0];
        assert_eq!(c.url.path(), "/politique-cookies");
        assert!(c.describe().contains("no link to a cookie policy"), "{}", c.describe());
    }

    #[test]
    fn policy_vocabulary_decides() {
        let policy = "This privacy policy explains how we process personal data. ".repeat(12)
            + "You have rights under the GDPR.";
        assert!(reads_as_policy(&policy, 120, DocumentKind::PrivacyPolicy, false).is_ok());
        let login = "Sign in to your account. Email. Password. Forgot your password? ".repeat(10);
        let err = reads_as_policy(&login, 110, DocumentKind::PrivacyPolicy, true).unwrap_err();
        assert!(err.contains("not a privacy policy"), "{err}");
        let soft_404 = "Page not found. The page you asked for is gone; see our privacy policy, cookie settings and \
                        personal account instead. "
            .repeat(4);
        let err = reads_as_policy(&soft_404, 72, DocumentKind::PrivacyPolicy, true).unwrap_err();
        assert!(err.contains("opens with \"page not found\""), "{err}");
        let german =
            "Diese Datenschutzerklärung beschreibt die Verarbeitung personenbezogener Daten nach der DSGVO. ".repeat(8);
        assert!(reads_as_policy(&german, 96, DocumentKind::PrivacyPolicy, false).is_ok());
        let cookies = "We use cookies with your consent. This cookie policy lists them and their retention. ".repeat(8);
        assert!(reads_as_policy(&cookies, 96, DocumentKind::CookiePolicy, false).is_ok());
        assert!(reads_as_policy("privacy cookies gdpr", 3, DocumentKind::PrivacyPolicy, true).is_err());
        let short =
            "Privacy. We take care of the details you give us and keep them safe for as long as needed. ".repeat(4);
        assert!(reads_as_policy(&short, 76, DocumentKind::PrivacyPolicy, true).is_ok());
        assert!(reads_as_policy(&short, 76, DocumentKind::PrivacyPolicy, false).is_err());
    }
}
