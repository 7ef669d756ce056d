//! Policy discovery on real-world site shapes, and verdicts that rest on every policy document: a relative
//! footer link that 404s from subpages, a login wall behind the "Privacy Policy" link, a site that links no
//! policy but has one at a well-known path, a separate cookie policy, and "no third-party cookies" claims judged
//! by the cookies each vendor really sets (static engine here; tests/browser.rs pins the browser engine).
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::sync::LazyLock;

use common::trackaudit;
use fixture_server::Server;
use serde_json::Value;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts"));

fn audit(target: &str) -> Value {
    let mut args = vec!["audit".to_string(), target.into(), "-f".into(), "json".into(), "--insecure".into()];
    args.extend(SERVER.connect_to_args());
    let out = trackaudit().args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"))
}

fn finding<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["vendor"]["id"] == id)
        .unwrap_or_else(|| panic!("no {id} finding in {:#}", r["findings"]))
}

fn policy_errors(r: &Value) -> Vec<String> {
    r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["scope"] == "policy")
        .map(|e| format!("{} {}", e["url"].as_str().unwrap_or("-"), e["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn a_candidate_that_404s_falls_through_to_the_next() {
    // The blog's footer says "Privacy Policy" (ranked first) but its relative link points to /blog/privacy/.
    let r = audit("http://www.relative-links.test/");
    assert_eq!(r["policy"]["url"], "http://www.relative-links.test/privacy/", "{:#}", r["policy"]);
    let found_by = r["policy"]["found_by"].as_str().unwrap();
    assert!(found_by.starts_with("footer link \"Privacy\" on http://www.relative-links.test/"), "{found_by}");
    assert!(
        found_by.contains("tried before it: http://www.relative-links.test/blog/privacy/ (HTTP 404)"),
        "{found_by}"
    );
    let errors = policy_errors(&r);
    assert!(
        errors.iter().any(|e| e.starts_with("http://www.relative-links.test/blog/privacy/ privacy policy candidate")
            && e.ends_with("not used: HTTP 404")),
        "{errors:?}"
    );
    assert_eq!(finding(&r, "google-analytics")["verdict"], "disclosed");
}

#[test]
fn a_separate_cookie_policy_is_read_and_quoted() {
    let r = audit("http://www.relative-links.test/");
    let others = r["other_documents"].as_array().unwrap();
    assert_eq!(others.len(), 1, "{others:#?}");
    assert_eq!(others[0]["kind"], "cookie-policy");
    assert_eq!(others[0]["url"], "http://www.relative-links.test/cookies/");
    assert!(others[0]["found_by"].as_str().unwrap().contains("on http://www.relative-links.test/privacy/"));
    assert_eq!(others[0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(r["policy"]["kind"], "privacy-policy");
    // Hotjar is named only in the cookie policy: the quote and its source are the cookie policy's.
    let hotjar = finding(&r, "hotjar");
    assert_eq!(hotjar["verdict"], "disclosed", "{hotjar:#}");
    assert_eq!(hotjar["quote_source"], "http://www.relative-links.test/cookies/");
    assert!(hotjar["reason"].as_str().unwrap().starts_with("the cookie policy names Hotjar"), "{hotjar:#}");
    let ga = finding(&r, "google-analytics");
    assert_eq!(ga["quote_source"], "http://www.relative-links.test/privacy/");
    // The table and Markdown list every document read, with its hash.
    let mut args = vec!["audit".to_string(), "http://www.relative-links.test/".into(), "--insecure".into()];
    args.extend(SERVER.connect_to_args());
    let table = String::from_utf8(trackaudit().args(&args).output().unwrap().stdout).unwrap();
    assert!(table.contains("Cookie policy: http://www.relative-links.test/cookies/"), "{table}");
    let sha = others[0]["sha256"].as_str().unwrap();
    args.extend(["-f".into(), "markdown".into()]);
    let md = String::from_utf8(trackaudit().args(&args).output().unwrap().stdout).unwrap();
    assert!(md.contains("| cookie policy | http://www.relative-links.test/cookies/ |"), "{md}");
    assert!(md.contains(&sha[..12]), "{md}");
}

#[test]
fn a_login_wall_is_not_a_policy() {
    let r = audit("http://www.walled-policy.test/");
    assert_eq!(r["policy"]["url"], "http://www.walled-policy.test/data-protection/", "{:#}", r["policy"]);
    let errors = policy_errors(&r);
    assert!(
        errors.iter().any(|e| e.contains("/account/login/?next=/privacy")
            && e.contains("not a privacy policy")
            && e.contains("opens with")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("/old-privacy") && e.contains("redirected to the home page")),
        "{errors:?}"
    );
    assert_eq!(finding(&r, "meta-pixel")["verdict"], "disclosed");
}

#[test]
fn a_policy_at_a_well_known_path_is_found_without_a_link() {
    let r = audit("http://www.wellknown.test/");
    let url = r["policy"]["url"].as_str().unwrap_or_else(|| panic!("no policy: {:#}", r["errors"]));
    assert!(url.starts_with("http://www.wellknown.test/datenschutz"), "{url}");
    assert!(r["policy"]["found_by"].as_str().unwrap().starts_with("well-known path /datenschutz"));
    assert_eq!(finding(&r, "google-analytics")["verdict"], "disclosed");
    assert!(r["policy_missing"].is_null());
}

#[test]
fn a_site_without_any_policy_says_what_was_tried() {
    let r = audit("http://www.no-policy.test/");
    let missing = r["policy_missing"].as_str().unwrap();
    assert!(missing.starts_with("no link to a privacy, cookie or data-protection policy was found"), "{missing}");
    assert!(missing.contains("http://www.no-policy.test/privacy-policy (HTTP 404)"), "{missing}");
    // The well-known paths tried are reported once, as policy tries, not again as page errors.
    let page_errors = r["errors"].as_array().unwrap().iter().filter(|e| e["scope"] == "page").count();
    assert_eq!(page_errors, 0, "{:#}", r["errors"]);
}

#[test]
fn no_third_party_cookies_is_contradicted_only_by_third_party_cookies() {
    // "We use Google Analytics … We do not use third-party cookies.": GA's cookies are first-party; the
    // embedded YouTube player sets its cookies on youtube.com.
    let r = audit("http://www.cookie-claims.test/");
    let ga = finding(&r, "google-analytics");
    assert_eq!(ga["verdict"], "disclosed", "{ga:#}");
    let yt = finding(&r, "youtube");
    assert_eq!(yt["verdict"], "contradicted", "{yt:#}");
    let reason = yt["reason"].as_str().unwrap();
    assert!(
        reason.contains("YouTube is known to set third-party cookies on its own domains when it loads"),
        "{reason}"
    );
    assert!(reason.contains("VISITOR_INFO1_LIVE"), "{reason}");
    assert_eq!(yt["quote"], "We do not use third-party cookies.");
}
