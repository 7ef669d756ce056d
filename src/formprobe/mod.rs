//! Key logging (`--probe-forms`): the canary values the browser engine types into a page's form fields
//! (an e-mail address, a name and a phone number, unique to the site's audit), and the search of every
//! request sent after they were typed for those values, whatever the encoding (see [`matcher`]). A match is
//! a [`FormLeakFinding`]: form data sent before the form was submitted. Pure: no browser, no network.

mod matcher;
#[cfg(test)]
mod tests;

use std::hash::{BuildHasher, Hasher};

use crate::browser_page::NetRequest;
use crate::model::{CanaryKind, ConsentState, FormLeakFinding};
use crate::site::Site;
use crate::vendors::Engine;

pub(crate) use matcher::Needles;

/// Findings kept per page at most (a page sending every keystroke to many hosts would make thousands).
const MAX_PER_PAGE: usize = 50;

/// The values typed into forms, unique to one site's audit so that they cannot be met by chance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canaries {
    /// `trackaudit.canary+TOKEN@example.com` (example.com never receives mail).
    pub email: String,
    /// `Tracy Canary` followed by the token in letters.
    pub name: String,
    /// A UK number from Ofcom's range for drama (`+44 20 7946 0xxx`), which no one can have.
    pub phone: String,
}

#[cfg_attr(not(feature = "browser"), allow(dead_code))] // made by the browser engine's audit
impl Canaries {
    /// The canaries of `token` (lower-case letters and digits).
    pub(crate) fn from_token(token: &str) -> Canaries {
        let letters: String =
            token.chars().map(|c| if c.is_ascii_digit() { (b'a' + (c as u8 - b'0')) as char } else { c }).collect();
        let digits: u32 = token.bytes().fold(0u32, |n, b| n.wrapping_mul(31).wrapping_add(u32::from(b))) % 1000;
        Canaries {
            email: format!("trackaudit.canary+{token}@example.com"),
            name: format!("Tracy Canary{letters}"),
            phone: format!("+44 20 7946 0{digits:03}"),
        }
    }

    /// Canaries of a fresh random token.
    pub(crate) fn random() -> Canaries {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        let mut n = h.finish();
        let alphabet = b"abcdefghijkmnpqrstuvwxyz23456789";
        let token: String = (0..10)
            .map(|_| {
                let c = alphabet[(n % 32) as usize] as char;
                n /= 32;
                c
            })
            .collect();
        Canaries::from_token(&token)
    }

    /// The value of `kind`.
    pub(crate) fn value(&self, kind: CanaryKind) -> &str {
        match kind {
            CanaryKind::Email => &self.email,
            CanaryKind::Name => &self.name,
            CanaryKind::Phone => &self.phone,
        }
    }
}

/// A field the browser engine typed a canary into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilledField {
    /// The field described (`input[type=email]#nl-email[name=email]`).
    pub field: String,
    /// The canary typed.
    pub kind: CanaryKind,
}

/// What the browser engine typed on one page, and from which of its requests on the search starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormFill {
    /// The site's canaries.
    pub canaries: Canaries,
    /// The fields filled, in page order.
    pub fields: Vec<FilledField>,
    /// The index in the page's requests of the first one sent once typing began.
    pub first_request: usize,
    /// Whether it was typed after the consent click.
    pub after_click: bool,
}

/// The script that sent `r`, from its initiator (`script https://…/a.js`).
fn script_of(r: &NetRequest) -> Option<String> {
    let (kind, url) = r.initiator.split_once(' ')?;
    (kind == "script" && !url.is_empty()).then(|| url.to_string())
}

/// Every canary of `fill` found in the requests sent after it (their URL, body and headers), as findings on
/// `page` in `consent`; the recipient's vendor from `engine` when it is a third party.
pub(crate) fn leaks(
    fill: &FormFill,
    requests: &[NetRequest],
    engine: &Engine,
    site: &Site,
    page: &str,
    consent: ConsentState,
) -> Vec<FormLeakFinding> {
    let mut out: Vec<FormLeakFinding> = Vec::new();
    if fill.fields.is_empty() {
        return out;
    }
    let needles = Needles::new(&fill.canaries);
    for r in requests.iter().skip(fill.first_request) {
        if !matches!(r.url.scheme(), "http" | "https" | "ws" | "wss") {
            continue;
        }
        let mut places: Vec<(String, &str)> = vec![("url".into(), r.url.as_str())];
        if let Some(body) = &r.post_data {
            places.push(("body".into(), body));
        }
        places
            .extend(r.request_headers.iter().map(|(k, v)| (format!("header {}", k.to_ascii_lowercase()), v.as_str())));
        let first_party = site.is_first_party(&r.url);
        for (location, text) in places {
            for (kind, encoding) in needles.find(text) {
                let typed: Vec<&str> =
                    fill.fields.iter().filter(|f| f.kind == kind).map(|f| f.field.as_str()).collect();
                if typed.is_empty() || out.len() >= MAX_PER_PAGE {
                    continue;
                }
                let f = FormLeakFinding {
                    page: page.to_string(),
                    consent: Some(consent),
                    field: typed.iter().take(3).copied().collect::<Vec<_>>().join(", "),
                    canary: kind,
                    encoding,
                    url: r.url.to_string(),
                    method: r.method.clone(),
                    location: location.clone(),
                    recipient: r.url.host_str().unwrap_or_default().to_string(),
                    vendor: if first_party { None } else { engine.vendor_for_url(&r.url).map(|(v, _)| v.id.clone()) },
                    script: script_of(r),
                    first_party,
                    policy: None,
                };
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
    }
    out
}
