use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use md5::Digest as _;
use url::Url;

use super::*;
use crate::browser_page::ResourceType;
use crate::model::CanaryKind::{Email, Name, Phone};
use crate::model::LeakEncoding::{self, Base64, Md5, Plain, Sha1, Sha256, UrlEncoded};

fn canaries() -> Canaries {
    Canaries::from_token("k3y10gtest")
}

fn found(text: &str) -> Vec<(CanaryKind, LeakEncoding)> {
    Needles::new(&canaries()).find(text)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_canaries_are_unique_to_their_token_and_look_like_what_forms_accept() {
    let c = canaries();
    assert_eq!(c.email, "trackaudit.canary+k3y10gtest@example.com");
    assert_eq!(c.name, "Tracy Canarykdybagtest");
    assert!(c.phone.starts_with("+44 20 7946 0") && c.phone.len() == 16, "{}", c.phone);
    let (a, b) = (Canaries::random(), Canaries::random());
    assert_ne!(a.email, b.email, "random per site");
    assert!(a.email.starts_with("trackaudit.canary+") && a.email.ends_with("@example.com"));
    assert!(a.name.chars().all(|c| c.is_ascii_alphabetic() || c == ' '), "{}", a.name);
}

#[test]
fn plain_and_url_encoded_values_are_found_in_every_form() {
    let email = "trackaudit.canary+k3y10gtest@example.com";
    assert_eq!(found(&format!("https://t.test/p?e={email}&x=1")), [(Email, Plain)]);
    assert_eq!(found(&format!("{{\"e\":\"{}\"}}", email.to_uppercase())), [(Email, Plain)], "case aside");
    assert_eq!(found("e=trackaudit.canary%2Bk3y10gtest%40example.com"), [(Email, UrlEncoded)]);
    assert_eq!(found("e=trackaudit.canary%2bk3y10gtest%40example.com"), [(Email, UrlEncoded)], "lower-case hex");
    assert_eq!(found("e=trackaudit.canary%252Bk3y10gtest%2540example.com"), [(Email, UrlEncoded)], "twice");
    assert_eq!(found("n=Tracy+Canarykdybagtest"), [(Name, UrlEncoded)], "form encoding");
    assert_eq!(found("n=Tracy%20Canarykdybagtest"), [(Name, UrlEncoded)], "percent encoding");
    assert_eq!(found("ln=canarykdybagtest&fn=tracy"), [(Name, Plain)], "the last name alone");
    let phone = canaries().phone;
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(found(&format!("ph={digits}")), [(Phone, Plain)], "E.164 digits");
    assert_eq!(found(&format!("ph=0{}", &digits[2..])), [(Phone, Plain)], "national");
    assert_eq!(found(&format!("ph={}", phone.replace('+', "%2B").replace(' ', "+"))), [(Phone, UrlEncoded)]);
}

#[test]
fn base64_is_found_in_either_alphabet_padded_or_not_and_inside_an_encoded_blob_at_any_offset() {
    let c = canaries();
    for engine in [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD] {
        assert_eq!(found(&format!("d={}", engine.encode(&c.email))), [(Email, Base64)]);
    }
    for prefix in ["", "x", "xy", "xyz"] {
        let blob = format!("{{\"v\":1,\"u\":\"{prefix}{}\",\"t\":12}}", c.name);
        let enc = STANDARD.encode(&blob);
        assert_eq!(found(&format!("{{\"payload\":\"{enc}\"}}")), [(Name, Base64)], "{blob}");
        // In a URL: a path segment after a `/`, and percent-encoded in a query.
        assert_eq!(found(&format!("https://t.test/c/{}", URL_SAFE_NO_PAD.encode(&blob))), [(Name, Base64)]);
        let q = enc.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
        assert_eq!(found(&format!("https://t.test/p?d={q}")), [(Name, Base64)], "{q}");
    }
    // Base64 of a URL-encoded blob.
    let blob = format!("e={}", c.email.replace('+', "%2B").replace('@', "%40"));
    assert_eq!(found(&STANDARD.encode(blob)), [(Email, Base64)]);
}

#[test]
fn hashes_of_the_lower_cased_trimmed_values_are_found_in_hex() {
    let c = canaries();
    let email = c.email.as_bytes();
    assert_eq!(found(&format!("em={}", hex(&md5::Md5::digest(email)))), [(Email, Md5)]);
    assert_eq!(found(&format!("em={}", hex(&sha1::Sha1::digest(email)))), [(Email, Sha1)]);
    let sha = hex(&sha2::Sha256::digest(email));
    assert_eq!(found(&format!("https://px.test/tr?ud[em]={sha}")), [(Email, Sha256)]);
    assert_eq!(found(&format!("EM={}", sha.to_uppercase())), [(Email, Sha256)], "upper-case hex");
    assert_eq!(found(&STANDARD.encode(format!("{{\"em\":\"{sha}\"}}"))), [(Email, Sha256)], "inside base64");
    let name = hex(&sha2::Sha256::digest(c.name.to_lowercase().as_bytes()));
    assert_eq!(found(&format!("n={name}")), [(Name, Sha256)]);
    let last = hex(&sha2::Sha256::digest(b"canarykdybagtest"));
    assert_eq!(found(&format!("ln={last}")), [(Name, Sha256)], "the last name hashed alone");
    let digits: String = c.phone.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(found(&format!("ph={}", hex(&sha2::Sha256::digest(digits.as_bytes())))), [(Phone, Sha256)]);
    // Plain and hashed in one request: both.
    assert_eq!(found(&format!("e={}&h={sha}", c.email)), [(Email, Plain), (Email, Sha256)]);
}

#[test]
fn near_misses_are_not_leaks() {
    let c = canaries();
    let other = Canaries::from_token("othertoken");
    for text in [
        "",
        "short",
        other.email.as_str(),
        other.name.as_str(),
        "trackaudit.canary@example.com",
        "trackaudit.canary+k3y10gtes@example.com",
        "Tracy Canary",
        "Tracy+Canarykdybagtes",
    ] {
        assert!(found(text).is_empty(), "{text:?}: {:?}", found(text));
    }
    let last = c.phone.chars().last().unwrap();
    let wrong = format!("{}{}", &c.phone[..c.phone.len() - 1], if last == '9' { '0' } else { '9' });
    assert!(found(&wrong).is_empty(), "{wrong} is another number");
    assert!(found(&STANDARD.encode(&other.email)).is_empty());
    assert!(found(&STANDARD.encode(format!("{{\"n\":\"{}\"}}", other.name))).is_empty());
    assert!(found(&hex(&sha2::Sha256::digest(other.email.as_bytes()))).is_empty());
    let sha = hex(&sha2::Sha256::digest(c.email.as_bytes()));
    assert!(found(&sha[..40]).is_empty(), "a cut hash is no hash");
    assert!(found(&hex(&sha2::Sha256::digest(format!(" {} ", c.email).as_bytes()))).is_empty());
    // A page's ordinary traffic: a GA hit, a random base64 blob.
    assert!(found("https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&cid=1234.5678&en=page_view").is_empty());
    assert!(found(&STANDARD.encode([7u8; 300])).is_empty());
}

fn request(url: &str, method: &str, body: Option<&str>) -> NetRequest {
    NetRequest {
        url: Url::parse(url).unwrap(),
        method: method.into(),
        resource_type: ResourceType::Fetch,
        initiator: "script https://cdn.leaky-forms.test/capture.js".into(),
        frame_url: None,
        main_document: false,
        status: Some(204),
        mime: None,
        failed: None,
        after_click: false,
        started: 0.0,
        duration_ms: None,
        request_headers: vec![("X-Visitor".into(), canaries().phone)],
        response_headers: Vec::new(),
        size: None,
        post_data: body.map(str::to_string),
    }
}

#[test]
fn leaks_are_the_requests_after_the_fill_that_carry_a_typed_canary() {
    let c = canaries();
    let sha = hex(&sha2::Sha256::digest(c.email.as_bytes()));
    let name64 = STANDARD.encode(&c.name);
    let requests = vec![
        // Before typing: not searched, whatever it holds.
        request(&format!("https://cdn.leaky-forms.test/early?e={}", c.email), "GET", None),
        request(&format!("https://cdn.leaky-forms.test/px.gif?h={sha}"), "GET", None),
        request("https://www.keylog.test/api/draft", "POST", Some(&format!("{{\"n\":\"{name64}\"}}"))),
    ];
    let fill = FormFill {
        canaries: c,
        fields: vec![
            FilledField { field: "input[type=email]#nl-email".into(), kind: Email },
            FilledField { field: "input[type=text][name=name]".into(), kind: Name },
        ],
        first_request: 1,
        after_click: false,
    };
    let site = Site::from_url(&Url::parse("https://www.keylog.test/").unwrap(), &[]);
    let page = "https://www.keylog.test/";
    let found = leaks(&fill, &requests, &Engine::builtin(), &site, page, ConsentState::None);
    let brief: Vec<_> =
        found.iter().map(|f| (f.canary, f.encoding, f.location.as_str(), f.first_party, f.method.as_str())).collect();
    // The phone in a header was never typed (no phone field): not a leak of this page.
    assert_eq!(brief, [(Email, Sha256, "url", false, "GET"), (Name, Base64, "body", true, "POST")]);
    let px = &found[0];
    assert_eq!((px.recipient.as_str(), px.field.as_str()), ("cdn.leaky-forms.test", "input[type=email]#nl-email"));
    assert_eq!(px.script.as_deref(), Some("https://cdn.leaky-forms.test/capture.js"));
    assert_eq!((px.page.as_str(), px.consent), (page, Some(ConsentState::None)));
    assert!(px.words().contains("sent sha256-hashed in the url of GET https://cdn.leaky-forms.test/px.gif"));
    assert!(found[1].words().contains("(to the site itself)"), "{}", found[1].words());
    let none = FormFill { fields: Vec::new(), ..fill };
    assert!(leaks(&none, &requests, &Engine::builtin(), &site, page, ConsentState::None).is_empty());
}
