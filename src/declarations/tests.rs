//! The table reader on the project's fixtures, read through the policy reader as an audit reads them.

use std::path::Path;

use super::from_policy_text;
use crate::model::{CookieCategory, DeclarationSource, DeclaredCookie, DeclaredLifetime};
use crate::policy::{ReadOptions, read_file};

fn read(fixture: &str) -> Vec<DeclaredCookie> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let text = read_file(&path, &ReadOptions::default()).unwrap().text;
    from_policy_text(&text, fixture)
}

/// Name, provider and lifetime of each row, in order.
fn rows(got: &[DeclaredCookie]) -> Vec<(&str, Option<&str>, Option<&str>)> {
    got.iter().map(|d| (d.name.as_str(), d.provider.as_deref(), d.lifetime_text.as_deref())).collect()
}

#[test]
fn markdown_cookie_table() {
    let got = read("fixtures/policies/cookie-table.md");
    let want = [
        ("sessionid", "Saltmarsh (saltmarsh.test)", "When you close the browser"),
        ("_ga", "Google Analytics", "2 years"),
        ("_gid", "Google Analytics", "24 hours"),
        ("_gcl_au", "Google Ads", "3 months"),
        ("IDE", "DoubleClick", "13 months"),
        ("_fbp", "Facebook", "3 months"),
        ("_hjSessionUser_*", "Hotjar", "1 year"),
        ("li_sugr", "LinkedIn", "3 months"),
        ("bcookie", "LinkedIn", "1 year"),
        ("_uetsid", "Microsoft Bing Ads", "1 day"),
        ("MUID", "Microsoft Clarity", "1 year"),
        ("_tt_enable_cookie", "TikTok", "13 months"),
        ("cto_bundle", "Criteo", "13 months"),
        ("__stripe_mid", "Stripe", "1 year"),
    ];
    let want: Vec<_> = want.iter().map(|&(n, p, l)| (n, Some(p), Some(l))).collect();
    assert_eq!(rows(&got), want);
    let days: Vec<Option<f64>> = got.iter().map(DeclaredCookie::days).collect();
    assert_eq!(days[0], Some(0.0));
    assert_eq!(days[1], Some(730.0));
    assert_eq!(days[2], Some(1.0));
    assert!(got.iter().all(|d| d.category.is_none()), "no heading or column names a category");
    assert!(got[6].matches("_hjSessionUser_3051234"));
    assert_eq!(
        got[1].quote,
        "| `_ga` | Google Analytics | Distinguishes one visitor from another so that we can count visits | 2 years |"
    );
    assert_eq!(got[1].source, DeclarationSource::Policy { url: "fixtures/policies/cookie-table.md".into() });
}

#[test]
fn html_cookie_table_without_lifetimes() {
    let got = read("fixtures/policies/cookie-table.html");
    let want = [
        ("cl_session", "Copperleaf (first party)"),
        ("_ga", "Google Analytics"),
        ("_gid", "Google Analytics"),
        ("BizoID", "Bizo (LinkedIn)"),
        ("UserMatchHistory", "LinkedIn Insight Tag"),
        ("_fbp", "Meta Pixel"),
        ("_uetvid", "Microsoft Advertising (UET)"),
        ("personalization_id", "X Pixel (Twitter)"),
        ("__stripe_mid", "Stripe"),
    ];
    let want: Vec<_> = want.iter().map(|&(n, p)| (n, Some(p), None)).collect();
    assert_eq!(rows(&got), want);
    assert!(got.iter().all(|d| d.lifetime.is_none() && d.category.is_none()));
    assert!(
        got[0].quote.starts_with("`cl_session` │Copperleaf (first party) │Keeps you signed in"),
        "{}",
        got[0].quote
    );
}

#[test]
fn web_fixture_cookie_policy() {
    let got = read("fixtures/web/www.cookie-table.test/cookie-policy/index.html");
    let want = [
        ("_ga", "Google Analytics", "2 years"),
        ("_ga_<container-id>", "Google Analytics", "2 years"),
        ("_hjSessionUser_*", "Hotjar", "1 year"),
        ("_hjSession_*", "Hotjar", "30 minutes"),
        ("booking_session", "Stillwater Yoga", "Session"),
    ];
    let want: Vec<_> = want.iter().map(|&(n, p, l)| (n, Some(p), Some(l))).collect();
    assert_eq!(rows(&got), want);
    assert_eq!(got[4].lifetime, Some(DeclaredLifetime::Session));
    assert!(got[1].matches("_ga_G12AB34CD5"));
    assert!(!got[0].matches("_ga_G12AB34CD5"));
}

#[test]
fn headings_and_category_columns() {
    let text = "## Strictly necessary cookies\n\n| Cookie | Expiry |\n|---|---|\n| `sid` | Session |\n\n\
                ## Analytics cookies\n\nWe count visits.\n\n| Cookie | Expiry |\n|---|---|\n| `_ga`, `_gid` | 2 years |\n\n\
                | Name | Category | Duration |\n|---|---|---|\n| ads_id | Werbung | 90 Tage |\n";
    let got = from_policy_text(text, "u");
    let cats: Vec<_> = got.iter().map(|d| (d.name.as_str(), d.category)).collect();
    assert_eq!(
        cats,
        [
            ("sid", Some(CookieCategory::Necessary)),
            ("_ga", Some(CookieCategory::Statistics)),
            ("_gid", Some(CookieCategory::Statistics)),
            ("ads_id", Some(CookieCategory::Marketing)),
        ]
    );
    assert_eq!(got[2].days(), Some(730.0));
}

#[test]
fn tables_that_declare_no_cookies() {
    let toc = "| Section | Page |\n|---|---|\n| Introduction | 1 |\n| Cookies | 2 |\n";
    let retention = "| Data category | Retention period |\n|---|---|\n| Account data | 2 years |\n| Logs | 30 days |\n";
    let vendors = "| Name | Purpose | Location |\n|---|---|---|\n| Stripe | Payments | USA |\n";
    let storage = "| Clave | Propósito | Duración |\n|---|---|---|\n| `consent` | Guarda su elección | Persistente |\n";
    for text in [toc, retention, vendors, storage, "", "|", "no tables here\n\n| a |\n"] {
        assert!(from_policy_text(text, "u").is_empty(), "{text}");
    }
}

#[test]
fn hostile_text_is_bounded() {
    let mut text = String::from("| Cookie | Expiry |\n|---|---|\n");
    for i in 0..5000 {
        text.push_str(&format!("| c{i}, d{i} | {} |\n", "9".repeat(50)));
    }
    text.push_str(&format!("| {} | 1 day |\n", "n".repeat(100_000)));
    let got = from_policy_text(&text, &"u".repeat(5000));
    assert_eq!(got.len(), super::MAX_DECLARED);
    let long = from_policy_text(&format!("| Cookie | Expiry |\n|---|---|\n| {} | 1 day |\n", "n".repeat(100_000)), "u");
    assert!(long.iter().all(|d| d.name.chars().count() <= super::MAX_NAME_CHARS), "{}", long.len());
    // Unbalanced brackets, lone pipes, box characters and multi-byte text do not panic.
    for text in
        ["| Cookie | Expiry |\n│─┼─│\n| [_ga | é │ ┃ |\n", "│Cookie│Dauer│\n──┼──\n│ä│\n│\n", "Cookie\nExpiry\n\nx\n"]
    {
        let _ = from_policy_text(text, "u");
    }
}
