//! Finding the privacy policy: links whose text or URL names a privacy, cookie or data-protection policy, in
//! the languages sites are written in; footer links first, settings and opt-out links never.

use std::collections::HashSet;

use url::Url;

use crate::capture::Link;

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
    // German
    ("datenschutzerklärung", 100),
    ("datenschutzhinweise", 95),
    ("datenschutz", 85),
    ("cookie-richtlinie", 60),
    // French
    ("politique de confidentialité", 100),
    ("confidentialité", 85),
    ("données personnelles", 80),
    ("vie privée", 80),
    ("politique de cookies", 60),
    ("politique relative aux cookies", 60),
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
    ("cookie policy", 60),
    // Dutch
    ("privacybeleid", 100),
    ("privacyverklaring", 100),
    ("cookiebeleid", 60),
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

/// A link that may lead to the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Where it points.
    pub url: Url,
    /// Its text.
    pub text: String,
    /// The page it was found on.
    pub found_on: Url,
    /// Whether it is in the page footer.
    pub in_footer: bool,
    /// How likely it is the policy: higher is better.
    pub score: i32,
}

impl Candidate {
    /// How the candidate was found, for the report.
    pub fn describe(&self) -> String {
        let place = if self.in_footer { "footer link" } else { "link" };
        format!("{place} {:?} on {}", self.text, self.found_on)
    }
}

/// The score of a link as a policy link, or `None` when it is not one.
pub fn score(link: &Link) -> Option<i32> {
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
    Some(from_text + from_url + if link.in_footer { 15 } else { 0 })
}

/// Policy candidates collected over a crawl.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    candidates: Vec<Candidate>,
    seen: HashSet<Url>,
}

impl Discovery {
    /// Considers the links of a page. Footer links are looked at first, as in webXray: that is where sites put
    /// their policies.
    pub fn add_links(&mut self, page: &Url, links: &[Link]) {
        let footer_first = links.iter().filter(|l| l.in_footer).chain(links.iter().filter(|l| !l.in_footer));
        for link in footer_first {
            if let Some(score) = score(link)
                && self.seen.insert(link.url.clone())
            {
                self.candidates.push(Candidate {
                    url: link.url.clone(),
                    text: link.text.clone(),
                    found_on: page.clone(),
                    in_footer: link.in_footer,
                    score,
                });
            }
        }
    }

    /// Whether a URL is a candidate so far.
    pub fn is_candidate(&self, url: &Url) -> bool {
        self.seen.contains(url)
    }

    /// The best candidate: the highest score, the first found among equals.
    pub fn best(&self) -> Option<&Candidate> {
        self.candidates.iter().fold(None, |best: Option<&Candidate>, c| match best {
            Some(b) if b.score >= c.score => Some(b),
            _ => Some(c),
        })
    }

    /// All candidates, in the order found.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }
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
        }
        assert_eq!(score(&link("About us", "https://x.test/about", true)), None);
    }
}
