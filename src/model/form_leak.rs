//! Form data sent before submit (browser engine, `--probe-forms`): canary values typed into a page's form
//! fields, never submitted, found afterwards in a request the page sent (its URL, body or a header), plain,
//! URL-encoded, base64 or hashed (see `crate::formprobe`).

use serde::{Deserialize, Serialize};

use super::ConsentState;

/// Which canary value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CanaryKind {
    /// The e-mail address typed into an e-mail field.
    Email,
    /// The person's name typed into a text field (or a text area).
    Name,
    /// The phone number typed into a telephone field.
    Phone,
}

super::names!(CanaryKind {
    Email => "email",
    Name => "name",
    Phone => "phone",
});

impl CanaryKind {
    /// Every kind, in report order.
    pub const ALL: [CanaryKind; 3] = [CanaryKind::Email, CanaryKind::Name, CanaryKind::Phone];
}

/// How the value was written in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeakEncoding {
    /// As typed (case aside).
    Plain,
    /// Percent- or form-encoded (`%40`, `+` for a space), once or more.
    UrlEncoded,
    /// Base64, standard or URL-safe, with or without padding, alone or inside an encoded blob.
    Base64,
    /// The MD5 of the value, lower-cased and trimmed, in hex.
    Md5,
    /// The SHA-1 of the value, lower-cased and trimmed, in hex.
    Sha1,
    /// The SHA-256 of the value, lower-cased and trimmed (a phone number also in E.164 digits), in hex: what
    /// ad pixels' "advanced matching" sends.
    Sha256,
}

super::names!(LeakEncoding {
    Plain => "plain",
    UrlEncoded => "url-encoded",
    Base64 => "base64",
    Md5 => "md5",
    Sha1 => "sha1",
    Sha256 => "sha256",
});

impl LeakEncoding {
    /// Every encoding, in report order (the plainest first).
    pub const ALL: [LeakEncoding; 6] = [
        LeakEncoding::Plain,
        LeakEncoding::UrlEncoded,
        LeakEncoding::Base64,
        LeakEncoding::Md5,
        LeakEncoding::Sha1,
        LeakEncoding::Sha256,
    ];
}

/// A canary value typed into a form field and found in a request sent before any submit:
/// `form-data-sent-before-submit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormLeakFinding {
    /// The page the form is on.
    pub page: String,
    /// The consent state the page was in when the value was typed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub consent: Option<ConsentState>,
    /// The field the value was typed into, described (`input[type=email]#nl-email[name=email]`).
    pub field: String,
    /// Which canary was found.
    pub canary: CanaryKind,
    /// How it was written.
    pub encoding: LeakEncoding,
    /// The request that carried it.
    pub url: String,
    /// The request's method.
    pub method: String,
    /// Where in the request: `url`, `body` or `header NAME`.
    pub location: String,
    /// The host the request went to.
    pub recipient: String,
    /// The recipient's vendor, by id, when it is a third party the database knows.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vendor: Option<String>,
    /// The script that sent the request, when the browser said (the request's initiator).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub script: Option<String>,
    /// Whether the request went to the site itself (still sent before submit).
    pub first_party: bool,
    /// How the site's policy documents stand on capturing what visitors type (none before the audit judged
    /// it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub policy: Option<super::PolicyStance>,
}

impl FormLeakFinding {
    /// The finding in words: `email typed into input#e sent sha256-hashed in the url of GET https://…`.
    pub fn words(&self) -> String {
        let how = match self.encoding {
            LeakEncoding::Plain => "as typed".to_string(),
            LeakEncoding::UrlEncoded => "URL-encoded".to_string(),
            LeakEncoding::Base64 => "base64-encoded".to_string(),
            e => format!("{e}-hashed"),
        };
        let party = if self.first_party { "the site itself" } else { "a third party" };
        format!(
            "the {} typed into {} was sent {how} in the {} of {} {} (to {party}) before the form was submitted",
            self.canary, self.field, self.location, self.method, self.url
        )
    }
}
