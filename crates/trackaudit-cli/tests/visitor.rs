//! Seeing what a visitor sees (static engine): the identity trackaudit presents (a desktop Chrome's
//! User-Agent, Accept-Language, Accept and client hints, or `--user-agent`), robots.txt obeyed under the
//! `trackaudit` token whatever the User-Agent, and bot challenges and login walls reported as such instead of
//! audited as content. The fixture server records every request's headers.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::sync::LazyLock;

use common::trackaudit;
use fixture_server::{RequestRecord, Server};
use serde_json::Value;
use trackaudit::fetch::DEFAULT_USER_AGENT;
use trackaudit::fetch::identity::CHROME_MAJOR;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts"));

/// `trackaudit audit TARGET ARGS… --format json` through the fixture server: exit code, report, stderr.
fn audit(target: &str, args: &[&str]) -> (i32, Value, String) {
    let out = trackaudit()
        .args(["audit", target, "--format", "json", "--insecure", "--timeout", "5"])
        .args(args)
        .args(SERVER.connect_to_args())
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(!stderr.contains("panicked"), "{stderr}");
    let r = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    (out.status.code().unwrap_or(-1), r, stderr)
}

/// The requests the server got for `host` and exactly `path` (with its query).
fn requests(host: &str, path: &str) -> Vec<RequestRecord> {
    SERVER.requests().into_iter().filter(|r| r.host == host && r.path == path).collect()
}

fn one(host: &str, path: &str) -> RequestRecord {
    let got = requests(host, path);
    assert_eq!(got.len(), 1, "one request for {host}{path}: {got:#?}");
    got.into_iter().next().unwrap()
}

#[test]
fn the_static_engine_presents_a_desktop_chrome() {
    let (code, _, err) = audit("https://www.visitor.test/?t=default", &["--max-pages", "1"]);
    assert_eq!(code, 0, "{err}");
    let r = one("www.visitor.test", "/?t=default");
    let ua = r.user_agent.clone().unwrap();
    assert_eq!(ua, DEFAULT_USER_AGENT);
    assert!(ua.contains("(Windows NT 10.0; Win64; x64)") && ua.contains(&format!(" Chrome/{CHROME_MAJOR}.0.0.0 ")));
    assert!(!ua.contains("Headless") && !ua.contains("trackaudit"), "{ua}");
    assert_eq!(r.header("accept-language").as_deref(), Some("en-US,en;q=0.9"));
    assert!(r.header("accept").unwrap().starts_with("text/html,application/xhtml+xml,"), "{r:?}");
    // Client hints that match the User-Agent's version and platform, as Chrome sends them.
    let brands = r.header("sec-ch-ua").unwrap();
    assert!(brands.contains(&format!("\"Google Chrome\";v=\"{CHROME_MAJOR}\"")), "{brands}");
    assert!(brands.contains(&format!("\"Chromium\";v=\"{CHROME_MAJOR}\"")), "{brands}");
    assert!(!brands.contains("Headless"), "{brands}");
    assert_eq!(r.header("sec-ch-ua-mobile").as_deref(), Some("?0"));
    assert_eq!(r.header("sec-ch-ua-platform").as_deref(), Some("\"Windows\""));

    // Chrome sends client hints to secure origins only.
    let (code, _, _) = audit("http://www.visitor.test/?t=plain", &["--max-pages", "1"]);
    assert_eq!(code, 0);
    let r = one("www.visitor.test", "/?t=plain");
    assert_eq!(r.user_agent.as_deref(), Some(DEFAULT_USER_AGENT));
    assert_eq!(r.header("accept-language").as_deref(), Some("en-US,en;q=0.9"));
    assert_eq!(r.header("sec-ch-ua"), None);
}

#[test]
fn user_agent_and_accept_language_override_the_identity_everywhere() {
    let ua = "trackaudit/0.1 (+https://example.test/audits; privacy@example.test)";
    let (code, r, err) = audit(
        "https://www.visitor.test/?t=honest",
        &["--max-pages", "1", "--user-agent", ua, "--accept-language", "de-DE,de;q=0.9"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(r["policy"]["url"].as_str().unwrap().ends_with("/privacy/"), "{}", r["policy"]);
    let page = one("www.visitor.test", "/?t=honest");
    assert_eq!(page.user_agent.as_deref(), Some(ua));
    assert_eq!(page.header("accept-language").as_deref(), Some("de-DE,de;q=0.9"));
    assert_eq!(page.header("sec-ch-ua"), None, "no Chrome client hints with a User-Agent that is not Chrome's");
    // robots.txt and the policy page were asked for under the same User-Agent.
    let all = SERVER.requests();
    for path in ["/robots.txt", "/privacy/"] {
        assert!(all.iter().any(|r| r.path == path && r.user_agent.as_deref() == Some(ua)), "{path}");
    }

    // `trackaudit policy URL` too.
    let out = trackaudit()
        .args(["policy", "https://www.visitor.test/privacy/?t=policy", "--insecure", "--user-agent", ua])
        .args(SERVER.connect_to_args())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(one("www.visitor.test", "/privacy/?t=policy").user_agent.as_deref(), Some(ua));

    // A Chrome User-Agent of another version and platform gets its own client hints.
    let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36";
    audit("https://www.visitor.test/?t=mac", &["--max-pages", "1", "--user-agent", mac]);
    let page = one("www.visitor.test", "/?t=mac");
    assert!(page.header("sec-ch-ua").unwrap().contains("\"Google Chrome\";v=\"147\""), "{page:?}");
    assert_eq!(page.header("sec-ch-ua-platform").as_deref(), Some("\"macOS\""));
}

#[test]
fn robots_txt_is_obeyed_under_the_trackaudit_token_whatever_the_user_agent() {
    let chrome = DEFAULT_USER_AGENT;
    let honest = "trackaudit/0.1 (+https://example.test/audits)";
    for ua in [None, Some(chrome), Some(honest)] {
        let mut args = vec!["--max-pages", "1"];
        if let Some(ua) = ua {
            args.extend(["--user-agent", ua]);
        }
        // The `trackaudit` group disallows /no-trackaudit/ ...
        let (code, r, err) = audit("https://www.visitor.test/no-trackaudit/", &args);
        assert_eq!(code, 2, "{ua:?}: {err}");
        let error = r["pages"][0]["error"].as_str().unwrap_or_default();
        assert!(error.contains("disallowed by robots.txt"), "{ua:?}: {error}");
        // ... and the group for Chrome and Mozilla is not trackaudit's, even when the User-Agent says Chrome.
        let (code, r, err) = audit("https://www.visitor.test/no-chrome/", &args);
        assert_eq!(code, 0, "{ua:?}: {err}");
        assert!(r["pages"][0]["error"].is_null(), "{ua:?}: {}", r["pages"]);
    }
    assert!(requests("www.visitor.test", "/no-trackaudit/").is_empty(), "a disallowed page was fetched");
}

fn messages(r: &Value) -> Vec<String> {
    r["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap().to_string()).collect()
}

fn evidence(page: &Value) -> Vec<String> {
    page["interstitial"]["evidence"].as_array().unwrap().iter().map(|e| e.as_str().unwrap().to_string()).collect()
}

#[test]
fn a_cloudflare_challenge_is_reported_and_not_audited() {
    let (code, r, err) = audit("http://www.challenge.test/", &[]);
    assert_eq!(code, 2, "nothing was audited: {err}");
    assert!(err.contains("nothing was audited: bot challenge (Cloudflare)"), "{err}");
    let page = &r["pages"][0];
    assert_eq!(page["status"], 403);
    assert_eq!(page["interstitial"]["kind"], "bot-challenge");
    assert_eq!(page["interstitial"]["by"], "Cloudflare");
    let ev = evidence(page);
    assert!(
        ev.contains(&"HTTP 403".to_string()) && ev.contains(&"header cf-mitigated: challenge".to_string()),
        "{ev:?}"
    );
    assert!(ev.iter().any(|e| e.contains("window._cf_chl_opt")), "{ev:?}");
    assert!(
        messages(&r).contains(
            &"bot challenge (Cloudflare) on http://www.challenge.test/: the site refused automated visits; \
              results are incomplete"
                .to_string()
        ),
        "{:?}",
        messages(&r)
    );
    // The challenge's own scripts (challenges.cloudflare.com) are not findings, and nothing is followed.
    assert_eq!(r["findings"], Value::Array(vec![]));
    assert_eq!(r["unknown_third_parties"], Value::Array(vec![]));
    assert_eq!(r["pages"].as_array().unwrap().len(), 1, "{}", r["pages"]);

    // An older JavaScript challenge: 503 and challenge markup, no header.
    let (code, r, _) = audit("http://www.challenge.test/js-challenge", &[]);
    assert_eq!(code, 2);
    let page = &r["pages"][0];
    assert_eq!((page["status"].as_u64(), page["interstitial"]["by"].as_str()), (Some(503), Some("Cloudflare")));
    let ev = evidence(page);
    assert!(ev.contains(&"HTTP 503".to_string()) && !ev.iter().any(|e| e.starts_with("header")), "{ev:?}");
    assert!(ev.iter().any(|e| e.contains("challenges.cloudflare.com")), "{ev:?}");

    // A contact form with the same vendor's Turnstile widget is an ordinary page, audited as one.
    let (code, r, err) = audit("http://www.challenge.test/contact/", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(r["pages"].as_array().unwrap().iter().all(|p| p["interstitial"].is_null()), "{}", r["pages"]);
    assert!(r["findings"].as_array().unwrap().iter().any(|f| f["vendor"]["id"] == "cloudflare-turnstile"), "{r:#}");
    assert!(messages(&r).is_empty(), "{:?}", messages(&r));
}

#[test]
fn login_walls_are_reported_and_not_audited() {
    let has_ga = |r: &Value| r["findings"].as_array().unwrap().iter().any(|f| f["vendor"]["id"] == "google-analytics");

    // The home page redirects to the sign-in page.
    let (code, r, err) = audit("http://www.members.test/", &[]);
    assert_eq!(code, 2, "{err}");
    let page = &r["pages"][0];
    assert_eq!(page["final_url"], "http://www.members.test/login?next=%2F");
    assert_eq!(
        (page["interstitial"]["kind"].as_str(), page["interstitial"]["by"].as_str()),
        (Some("login-wall"), Some("sign-in redirect"))
    );
    assert_eq!(evidence(page), ["redirected to http://www.members.test/login?next=%2F", "return parameter next=/"]);
    assert!(
        messages(&r).contains(
            &"login wall (sign-in redirect) on http://www.members.test/: the page asks visitors to sign in; \
              results are incomplete"
                .to_string()
        ),
        "{:?}",
        messages(&r)
    );
    assert!(!has_ga(&r), "the sign-in page's tags are not the audited page's");

    // A start page that is only a password form.
    let (code, r, _) = audit("http://www.members.test/portal/", &[]);
    assert_eq!(code, 2);
    let page = &r["pages"][0];
    assert_eq!(page["interstitial"]["by"], "password form");
    assert!(evidence(page).contains(&"<input type=password name=\"pin\">".to_string()), "{:?}", evidence(page));
    assert!(!has_ga(&r));

    // HTTP authentication.
    let (code, r, _) = audit("http://www.members.test/private/", &[]);
    assert_eq!(code, 2);
    let page = &r["pages"][0];
    assert_eq!(
        (page["status"].as_u64(), page["interstitial"]["by"].as_str()),
        (Some(401), Some("HTTP authentication"))
    );
    assert!(evidence(page).iter().any(|e| e.starts_with("header www-authenticate: Basic realm=\"Staff area\"")));

    // The sign-in page asked for on purpose, or reached by a link, is an ordinary page with its own tags.
    let (code, r, _) = audit("http://www.members.test/login", &[]);
    assert_eq!(code, 0);
    assert!(r["pages"][0]["interstitial"].is_null() && has_ga(&r), "{r:#}");
    let (code, r, _) = audit("http://www.members.test/about/", &[]);
    assert_eq!(code, 0);
    let pages = r["pages"].as_array().unwrap();
    let login =
        pages.iter().find(|p| p["url"] == "http://www.members.test/login").expect("the sign-in link is followed");
    assert!(login["error"].is_null() && login["interstitial"].is_null(), "{login}");
    assert!(pages.iter().all(|p| p["interstitial"].is_null()), "{pages:?}");
}
