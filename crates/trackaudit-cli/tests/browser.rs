//! The Chromium engine end to end, in real headless Chromium against the fixture web (third-party hosts over
//! HTTPS with the fixture server's self-signed certificate, reached through `--connect-to`, which the engine
//! turns into Chromium host-resolver rules). See fixtures/web/BROWSER.md for what each site does.
//!
//! Without Chromium these tests say they were skipped; under `CI=true` a missing Chromium fails them, because
//! `.ci/run` installs it.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency
#![cfg(feature = "browser")]

mod common;

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use common::trackaudit;
use fixture_server::Server;
use serde_json::Value;

static SERVER: LazyLock<Server> =
    LazyLock::new(|| Server::serve_dir(common::repo_path("fixtures/web")).expect("fixture server starts"));

fn net() -> Vec<String> {
    let mut v = SERVER.connect_to_args();
    v.push("--insecure".into());
    v
}

/// `trackaudit audit TARGET --engine chrome ARGS… --format json`.
fn audit(target: &str, args: &[&str]) -> Value {
    let out = trackaudit()
        .args(["audit", target, "--engine", "chrome", "--format", "json"])
        .args(args)
        .args(net())
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"))
}

fn finding<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["vendor"]["id"] == id)
        .unwrap_or_else(|| panic!("no {id} finding in {:#}", r["findings"]))
}

fn has_finding(r: &Value, id: &str) -> bool {
    r["findings"].as_array().unwrap().iter().any(|f| f["vendor"]["id"] == id)
}

fn states(f: &Value) -> Vec<String> {
    f["consent_states"]
        .as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn cookie<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["cookies"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap_or_else(|| {
        panic!("no cookie {name} in {:#}", r["cookies"]);
    })
}

fn evidence_with<'a>(f: &'a Value, kind: &str, url_part: &str) -> &'a Value {
    f["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind && e["url"].as_str().unwrap_or_default().contains(url_part))
        .unwrap_or_else(|| panic!("no {kind} evidence with {url_part} in {:#}", f["evidence"]))
}

#[test]
fn javascript_trackers_cookies_iframes_and_late_beacons_are_seen() {
    if !common::have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("har");
    let shots = dir.path().join("shots");
    let r = audit(
        "http://www.js-shop.test/",
        &["--quiet-ms", "1500", "--har", har.to_str().unwrap(), "--screenshots", shots.to_str().unwrap()],
    );
    assert_eq!(r["engine"], "chrome");
    assert!(r["errors"].as_array().unwrap().is_empty(), "{:#}", r["errors"]);
    assert!(r["pages"][0]["load_ms"].as_u64().unwrap() >= 1500, "{:#}", r["pages"][0]);

    // A tag manager injected by a first-party script, which injects Google Analytics.
    let gtm = finding(&r, "google-tag-manager");
    let e = evidence_with(gtm, "script", "gtm.js?id=GTM-JSSHOP1");
    assert!(e["detail"].as_str().unwrap().contains("initiator script http://www.js-shop.test/static/app.js"), "{e}");
    let ga = finding(&r, "google-analytics");
    let e = evidence_with(ga, "script", "www.google-analytics.com/analytics.js");
    assert!(e["detail"].as_str().unwrap().contains("initiator script https://www.googletagmanager.com/gtm.js"), "{e}");
    evidence_with(ga, "request", "g/collect?v=2&tid=G-JSSHOP1");

    // Cookies: first-party ones set by JavaScript, third-party ones set by Set-Cookie on a subresource and
    // by JavaScript inside a cross-site iframe.
    let fbp = cookie(&r, "_fbp");
    assert_eq!((fbp["first_party"].as_bool(), fbp["set_by"].as_str()), (Some(true), Some("js")));
    assert_eq!(fbp["vendor"], "meta-pixel");
    assert_eq!(cookie(&r, "_ga")["vendor"], "google-analytics");
    let ide = cookie(&r, "IDE");
    assert_eq!((ide["first_party"].as_bool(), ide["set_by"].as_str()), (Some(false), Some("http")));
    assert_eq!((ide["domain"].as_str(), ide["http_only"].as_bool()), (Some("cm.g.doubleclick.net"), Some(true)));
    assert_eq!(ide["same_site"], "None");
    assert!(ide["expires"].is_string());
    let yt = cookie(&r, "yt_js");
    assert_eq!((yt["first_party"].as_bool(), yt["set_by"].as_str()), (Some(false), Some("js")));
    assert!(
        evidence_with(finding(&r, "meta-pixel"), "request", "www.facebook.com/tr")["detail"]
            .as_str()
            .unwrap()
            .contains("initiator script https://connect.facebook.net/en_US/fbevents.js")
    );

    // A tracker loaded inside a cross-site iframe, and a beacon a second after the load event.
    let e = evidence_with(finding(&r, "doubleclick"), "script", "googleads.g.doubleclick.net/pagead/id.js");
    assert!(e["detail"].as_str().unwrap().contains("in frame https://www.youtube.com/embed/jsvideo1"), "{e}");
    evidence_with(finding(&r, "youtube"), "iframe", "www.youtube.com/embed/jsvideo1");
    evidence_with(finding(&r, "segment"), "beacon", "api.segment.io/v1/t");

    // Storage keys (names only), per origin.
    let storage = r["storage"].as_array().unwrap();
    assert!(storage.iter().any(|s| s["key"] == "ta_demo" && s["kind"] == "local"), "{storage:?}");
    assert!(storage.iter().any(|s| s["key"] == "ta_session" && s["kind"] == "session"), "{storage:?}");

    // Lifetimes: what the site asked for (Set-Cookie, or a script's cookie write, in a frame too) beside
    // what Chromium stored (at most 400 days); a tracking cookie over 395 days is a finding.
    let ga_cookie = cookie(&r, "_ga");
    let asked = (ga_cookie["requested_days"].as_u64(), ga_cookie["requested"].as_str());
    assert_eq!(asked, (Some(730), Some("Max-Age=63072000")), "{ga_cookie}");
    assert_eq!((ga_cookie["stored_days"].as_u64(), ga_cookie["capped"].as_bool()), (Some(400), Some(true)));
    assert_eq!((fbp["requested_days"].as_u64(), fbp["stored_days"].as_u64()), (Some(90), Some(90)), "{fbp}");
    assert_eq!((ide["requested"].as_str(), ide["requested_days"].as_u64()), (Some("Max-Age=31536000"), Some(365)));
    assert_eq!(yt["requested"], "Max-Age=3600", "{yt}");
    let issues = r["cookie_issues"].as_array().unwrap();
    let long: Vec<&str> =
        issues.iter().filter(|i| i["kind"] == "cookie-lifetime").filter_map(|i| i["cookie"].as_str()).collect();
    assert!(long.contains(&"_ga") && !long.contains(&"_fbp") && !long.contains(&"IDE"), "{issues:#?}");

    // Verdicts come from the same pipeline: the policy names Google Analytics and YouTube only.
    assert_eq!(ga["verdict"], "disclosed");
    assert_eq!(finding(&r, "segment")["verdict"], "undisclosed");

    // Screenshots and a HAR file with every request.
    let pngs = std::fs::read_dir(&shots).unwrap().count();
    assert_eq!(pngs, r["pages"].as_array().unwrap().len());
    let har_file = har.join("www.js-shop.test-none.har");
    let h: Value = serde_json::from_str(&std::fs::read_to_string(&har_file).unwrap()).unwrap();
    let entries = h["log"]["entries"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["request"]["url"] == "https://api.segment.io/v1/t" && e["_resourceType"] == "Ping")
    );
    assert!(r["artifacts"].as_array().unwrap().iter().any(|a| a.as_str().unwrap().ends_with(".har")));

    // The static engine, for contrast, sees none of the injected tags.
    let out =
        trackaudit().args(["audit", "http://www.js-shop.test/", "--format", "json"]).args(net()).output().unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["engine"], "static");
    assert!(!has_finding(&s, "google-analytics") && !has_finding(&s, "meta-pixel"), "{:#}", s["findings"]);
}

#[test]
fn failed_requests_are_marked_failed_in_every_format() {
    if !common::have_chrome() {
        return;
    }
    use trackaudit::model::AuditReport;
    use trackaudit::report::{Format, Style, audit::render};
    // Hotjar's script and an unknown pixel get no answer (`/__drop`); Criteo's pixel fails but its script
    // loads; Google Analytics loads. See fixtures/web/BROWSER.md.
    let r = audit("http://www.broken-tags.test/", &[]);
    let failed = |e: &Value| e["failed"].as_str().is_some_and(|w| w.starts_with("net::ERR_"));
    let hotjar = finding(&r, "hotjar");
    assert!(failed(evidence_with(hotjar, "script", "static.hotjar.com/__drop")), "{hotjar:#}");
    assert!(hotjar["evidence"].as_array().unwrap().iter().all(failed), "{hotjar:#}");
    let criteo = finding(&r, "criteo");
    assert!(failed(evidence_with(criteo, "img", "static.criteo.net/__drop")), "{criteo:#}");
    assert!(evidence_with(criteo, "script", "publishertag.js").get("failed").is_none(), "{criteo:#}");
    let ga = finding(&r, "google-analytics");
    assert!(ga["evidence"].as_array().unwrap().iter().all(|e| e.get("failed").is_none()), "{ga:#}");
    let unknown = &r["unknown_third_parties"][0];
    assert_eq!(unknown["domain"], "adsnoop.example");
    assert!(failed(&unknown["evidence"][0]), "{unknown:#}");

    // The human formats and CSV, rendered from the same report.
    let report: AuditReport = serde_json::from_value(r.clone()).unwrap();
    let table = render(&report, Format::Table, Style::default());
    let md = render(&report, Format::Markdown, Style::default());
    for text in [&table, &md] {
        let hotjar = text.lines().find(|l| l.contains("Hotjar Ltd.")).unwrap_or_else(|| panic!("{text}"));
        assert!(hotjar.contains("requested but never loaded: script (failed: net::ERR_"), "{hotjar}");
        let criteo = text.lines().find(|l| l.contains("Criteo") && l.contains("criteo.net")).unwrap();
        assert!(
            criteo.contains("publishertag.js") && !criteo.contains("failed"),
            "the loaded request is shown: {criteo}"
        );
        assert!(text.contains("(failed: net::ERR_") && text.contains("https://pixel.adsnoop.example/__drop"), "{text}");
        assert!(text.contains("before consent") && !text.contains(" none "), "{text}");
    }
    assert!(
        table.contains("Hotjar: the policy names Hotjar") && table.contains("Requested but never loaded"),
        "{table}"
    );
    let csv = render(&report, Format::Csv, Style::default());
    let hotjar_row = csv.lines().find(|l| l.contains(",hotjar,")).unwrap();
    assert!(
        hotjar_row.ends_with(",yes,net::ERR_EMPTY_RESPONSE") || hotjar_row.contains(",yes,net::ERR_"),
        "{hotjar_row}"
    );
    assert!(hotjar_row.contains(",none,"), "CSV keeps the machine consent value: {hotjar_row}");

    // The static engine sees the same tags in the HTML: static evidence is never failed.
    let out =
        trackaudit().args(["audit", "http://www.broken-tags.test/", "--format", "json"]).args(net()).output().unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["engine"], "static");
    let hotjar = finding(&s, "hotjar");
    assert!(hotjar["evidence"].as_array().unwrap().iter().all(|e| e.get("failed").is_none()), "{hotjar:#}");
}

#[test]
fn a_cmp_that_waits_for_accept_is_audited_in_three_states() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.consent-shop.test/", &["--consent", "all", "--quiet-ms", "500"]);
    assert!(r["errors"].as_array().unwrap().is_empty(), "{:#}", r["errors"]);
    assert_eq!(r["consent_manager"]["id"], "onetrust");
    let actions = r["consent_actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2);
    assert!(actions[0]["clicked"].as_str().unwrap().contains("#onetrust-accept-btn-handler"), "{actions:?}");
    assert!(actions[1]["clicked"].as_str().unwrap().contains("#onetrust-reject-all-handler"), "{actions:?}");
    assert_eq!(states(finding(&r, "google-analytics")), ["accept"]);
    assert_eq!(states(finding(&r, "hotjar")), ["accept"]);
    // `--consent all` audits GPC too; the CMP loads in every state.
    assert_eq!(states(finding(&r, "onetrust")), ["none", "accept", "reject", "gpc"]);
    assert!(r["consent_issues"].as_array().is_none_or(std::vec::Vec::is_empty), "{:#}", r["consent_issues"]);
    let pages = r["pages"].as_array().unwrap();
    for state in ["none", "accept", "reject"] {
        assert!(pages.iter().filter(|p| p["consent"] == state).count() >= 2, "{pages:?}");
    }
    // The consent cookie of each choice, and the trackers' cookies only after accept.
    let cookies = r["cookies"].as_array().unwrap();
    assert!(cookies.iter().any(|c| c["name"] == "_ga" && c["consent"] == "accept"));
    assert!(!cookies.iter().any(|c| c["name"] == "_ga" && c["consent"] != "accept"), "{cookies:?}");
    // OneTrust's own cookie list, read from the page, against the cookies set.
    let declared = r["declared_cookies"].as_array().unwrap();
    assert!(declared.iter().any(|d| d["name"] == "_ga" && d["source"]["kind"] == "onetrust"), "{declared:#?}");
    let issues = r["cookie_issues"].as_array().unwrap();
    let of = |kind: &str| -> Vec<&str> {
        issues.iter().filter(|i| i["kind"] == kind).filter_map(|i| i["cookie"].as_str()).collect()
    };
    assert_eq!(of("undeclared-cookie"), ["_hjSessionUser_4242"], "{issues:#?}");
    assert_eq!(of("declared-not-set"), ["_gid"], "{issues:#?}");
    assert!(of("lifetime-mismatch").is_empty() && of("wrong-category").is_empty(), "{issues:#?}");

    // The CSV has a row per vendor and state.
    let out = trackaudit()
        .args(["audit", "http://www.consent-shop.test/", "--engine", "chrome", "--consent", "accept"])
        .args(["--quiet-ms", "500", "--format", "csv"])
        .args(net())
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "consent_state").expect("consent_state column");
    let ga_rows: Vec<&str> =
        csv.lines().filter(|l| l.contains(",google-analytics,") && !l.contains(",cookie-issue,")).collect();
    assert_eq!(ga_rows.len(), 1, "{csv}");
    assert_eq!(ga_rows[0].split(',').nth(col), Some("accept"), "{csv}");

    // The static engine finds the CMP too, from its script and banner markup.
    let out =
        trackaudit().args(["audit", "http://www.consent-shop.test/", "--format", "json"]).args(net()).output().unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["consent_manager"]["id"], "onetrust", "{:#}", s["consent_manager"]);
}

#[test]
fn trackers_before_consent_and_after_reject_are_consent_issues() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.ignores-reject.test/", &["--consent", "all", "--quiet-ms", "500"]);
    let actions = r["consent_actions"].as_array().unwrap();
    assert_eq!(actions[0]["clicked"], "button by text \"alle akzeptieren\"", "{actions:?}");
    assert_eq!(actions[1]["clicked"], "button by text \"alle ablehnen\"", "{actions:?}");
    let issues: Vec<(String, String)> = r["consent_issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap().to_string(), i["vendor"]["id"].as_str().unwrap().to_string()))
        .collect();
    let has = |k: &str, v: &str| issues.iter().any(|(a, b)| a == k && b == v);
    assert!(has("loaded-after-reject", "criteo"), "{issues:?}");
    assert!(has("loaded-before-consent", "google-analytics"), "{issues:?}");
    assert!(has("loaded-after-reject", "google-analytics"), "{issues:?}");
    // Meta Pixel loads only after accept: no issue.
    assert!(!issues.iter().any(|(_, v)| v == "meta-pixel"), "{issues:?}");
    assert_eq!(states(finding(&r, "meta-pixel")), ["accept"]);
    // Every issue's evidence is in the state it names.
    for i in r["consent_issues"].as_array().unwrap() {
        let want = if i["kind"] == "loaded-after-reject" { "reject" } else { "none" };
        assert!(i["evidence"].as_array().unwrap().iter().all(|e| e["consent"] == want), "{i:#}");
    }
}

#[test]
fn a_site_without_a_banner_says_nothing_was_clicked() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.demo-shop.test/", &["--consent", "reject", "--quiet-ms", "300", "--max-pages", "1"]);
    let a = &r["consent_actions"][0];
    assert!(a["clicked"].is_null());
    assert!(a["problem"].as_str().unwrap().contains("no visible \"reject all\" button"), "{a}");
    assert!(r["consent_issues"].as_array().is_none_or(std::vec::Vec::is_empty));
}

#[test]
fn no_third_party_cookies_is_contradicted_by_an_observed_third_party_cookie_only() {
    if !common::have_chrome() {
        return;
    }
    // "We use Google Analytics … We do not use third-party cookies.": _ga is set by GA's script on the site's
    // own domain (first-party); the YouTube iframe's Set-Cookie is on www.youtube.com (third-party).
    let r = audit("http://www.cookie-claims.test/", &[]);
    assert_eq!(cookie(&r, "_ga")["first_party"], true);
    let ga = finding(&r, "google-analytics");
    assert_eq!(ga["verdict"], "disclosed", "{ga:#}");
    let yt = finding(&r, "youtube");
    assert_eq!(yt["verdict"], "contradicted", "{yt:#}");
    let reason = yt["reason"].as_str().unwrap();
    assert!(reason.contains("YouTube set the third-party cookie(s) VISITOR_INFO1_LIVE on www.youtube.com"), "{reason}");
    assert!(reason.contains("Set-Cookie of https://www.youtube.com/embed/jsvideo1"), "{reason}");
    assert!(!reason.contains("known to"), "the browser engine names what it saw: {reason}");
}

fn chromium_processes_using(dir: &Path) -> usize {
    let out = StdCommand::new("pgrep").args(["-f", &dir.display().to_string()]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).lines().count()
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn crashed_and_hung_chromium_is_replaced_and_leaves_nothing_behind() {
    if !common::have_chrome() {
        return;
    }
    let real = trackaudit::audit::find_chrome().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    // A Chromium that writes down its process id, so the test can kill it and freeze it.
    let pids = dir.path().join("pids");
    let wrapper = dir.path().join("chrome");
    std::fs::write(&wrapper, format!("#!/bin/sh\necho $$ >> {}\nexec {} \"$@\"\n", pids.display(), real.display()))
        .unwrap();
    StdCommand::new("chmod").args(["+x", wrapper.to_str().unwrap()]).status().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(
        &list,
        "http://www.faults.test/__slow/20000\nhttp://www.faults.test/__slow/20001\nhttp://www.js-shop.test/\n",
    )
    .unwrap();
    let out = dir.path().join("out.jsonl");
    let mut args: Vec<String> = ["scan", list.to_str().unwrap(), "--engine", "chrome", "--concurrency", "1"]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    args.extend(
        ["--page-timeout", "3", "--quiet-ms", "300", "--max-pages", "1", "--quiet", "--output"].map(String::from),
    );
    args.push(out.display().to_string());
    args.extend(net());
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("trackaudit"))
        .current_dir(common::repo())
        .env("CHROME", &wrapper)
        .env("TMPDIR", &tmp)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid_list =
        || std::fs::read_to_string(&pids).unwrap_or_default().lines().map(str::to_string).collect::<Vec<_>>();
    let requested = |path: &str| SERVER.requests().iter().any(|r| r.path == path);

    // Site 1: Chromium is killed while the page loads.
    wait_for("the first page request", Duration::from_secs(60), || requested("/__slow/20000"));
    let first = pid_list()[0].clone();
    StdCommand::new("kill").args(["-KILL", &first]).status().unwrap();
    // Site 2: a fresh Chromium, frozen (SIGSTOP) while the page loads: it stops answering.
    wait_for("a second Chromium", Duration::from_secs(60), || pid_list().len() >= 2);
    wait_for("the second page request", Duration::from_secs(60), || requested("/__slow/20001"));
    let second = pid_list()[1].clone();
    StdCommand::new("kill").args(["-STOP", &second]).status().unwrap();

    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(status.success() || status.code() == Some(1), "{status:?} {stderr}");
    let rows: Vec<Value> =
        std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 3, "{rows:#?}");
    for (i, row) in rows.iter().take(2).enumerate() {
        let msgs: Vec<&str> = row["errors"].as_array().unwrap().iter().filter_map(|e| e["message"].as_str()).collect();
        assert!(msgs.iter().any(|m| m.contains("Chromium crashed or stopped responding")), "site {i}: {msgs:?}");
        assert!(!row["pages"].as_array().unwrap().iter().any(|p| p["error"].is_null()), "site {i} read a page");
    }
    // Site 3 runs in a third Chromium and is audited normally.
    assert!(rows[2]["errors"].as_array().unwrap().is_empty(), "{:#}", rows[2]["errors"]);
    assert!(rows[2]["findings"].as_array().unwrap().iter().any(|f| f["vendor"]["id"] == "google-analytics"));
    assert_eq!(pid_list().len(), 3, "one restart per broken browser");
    // Nothing left: no Chromium process, no profile folder.
    wait_for("Chromium processes to end", Duration::from_secs(10), || chromium_processes_using(&tmp) == 0);
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "profile folders left: {left:?}");
}

#[test]
fn late_beacons_are_kept_with_the_default_settings_and_a_heartbeat_does_not_hold_the_page() {
    if !common::have_chrome() {
        return;
    }
    // A beacon one second after the load event (js-shop) and a pixel three seconds after it (late-tags).
    let r = audit("http://www.js-shop.test/", &["--max-pages", "1"]);
    evidence_with(finding(&r, "segment"), "beacon", "api.segment.io/v1/t");
    let r = audit("http://www.late-tags.test/", &["--max-pages", "1"]);
    evidence_with(finding(&r, "google-analytics"), "img", "tid=G-LATE3000");
    // The page also re-arms a 0.7 s timer forever: it is not waited for until --max-wait (10 s).
    let home = &r["pages"][0];
    let ms = home["load_ms"].as_u64().unwrap();
    assert!((3000..6500).contains(&ms), "the page took {ms} ms: {home}");
    // The old fixed quiet period, shortened to what makes it fast, misses the three-second pixel.
    let fixed = audit("http://www.late-tags.test/", &["--max-pages", "1", "--settle", "fixed", "--quiet-ms", "500"]);
    assert!(!has_finding(&fixed, "google-analytics"), "a 0.5 s quiet period should miss the 3 s pixel");
}

#[test]
fn global_privacy_control_is_sent_and_a_site_that_ignores_it_is_found_out() {
    if !common::have_chrome() {
        return;
    }
    // A site that honours GPC: with the signal on, no Meta pixel, and its US Privacy string opts out of sale.
    let r = audit("http://www.gpc-honours.test/", &["--consent", "gpc"]);
    // (Its inline loader names the pixel, so the pixel is a finding, but only by that snippet: nothing loaded.)
    if has_finding(&r, "meta-pixel") {
        let pixel = finding(&r, "meta-pixel");
        let kinds: Vec<&str> =
            pixel["evidence"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert!(kinds.iter().all(|k| *k == "inline-script"), "the pixel is not loaded with GPC on: {pixel:#}");
        assert_ne!(pixel["verdict"], "contradicted", "{pixel:#}");
    }
    assert_eq!(r["consent_issues"].as_array().map_or(0, Vec::len), 0, "{:#}", r["consent_issues"]);
    let gpc = &r["gpc"];
    assert_eq!(gpc["well_known"]["gpc"], true, "{gpc:#}");
    assert_eq!(gpc["well_known"]["last_update"], "2026-06-01");
    let strings = gpc["strings"].as_array().unwrap();
    let usp = strings.iter().find(|s| s["source"] == "usprivacy cookie").expect("the usprivacy cookie is read");
    assert_eq!(
        (usp["value"].as_str(), usp["state"].as_str(), usp["opted_out"].as_bool()),
        (Some("1YYN"), Some("gpc"), Some(true))
    );
    assert!(strings.iter().any(|s| s["source"] == "__uspapi" && s["value"] == "1YYN"), "{strings:?}");
    assert!(gpc["issues"].as_array().unwrap().is_empty(), "{gpc:#}");
    // Every request of the state said so: the page and its sub-resources sent Sec-GPC: 1.
    let sent: Vec<_> =
        SERVER.requests().into_iter().filter(|q| q.host.starts_with("www.gpc-honours.test") && q.path == "/").collect();
    assert!(!sent.is_empty() && sent.iter().all(|q| q.header("sec-gpc").as_deref() == Some("1")), "{sent:?}");

    // A site that ignores it, and whose policy says it honours it, in all four states.
    let r = audit("http://www.gpc-ignores.test/", &["--consent", "all"]);
    let issues = r["consent_issues"].as_array().unwrap();
    let ignored = issues.iter().find(|i| i["kind"] == "ignores-gpc").unwrap_or_else(|| panic!("{issues:?}"));
    assert_eq!(ignored["vendor"]["id"], "meta-pixel");
    assert!(ignored["evidence"].as_array().unwrap().iter().all(|e| e["consent"] == "gpc"), "{ignored:#}");
    let pixel = finding(&r, "meta-pixel");
    assert_eq!(pixel["verdict"], "contradicted", "{pixel:#}");
    assert!(pixel["reason"].as_str().unwrap().contains("Global Privacy Control"), "{pixel:#}");
    assert!(pixel["quote"].as_str().unwrap().contains("We honor Global Privacy Control signals"), "{pixel:#}");
    let gpc = &r["gpc"];
    assert_eq!(gpc["well_known"]["status"], 404, "{gpc:#}");
    let issue = &gpc["issues"][0];
    assert_eq!(issue["kind"], "string-not-opted-out", "{gpc:#}");
    assert_eq!((issue["string"]["value"].as_str(), issue["string"]["state"].as_str()), (Some("1YNN"), Some("gpc")));
    // Its GPP string (iabgpp-es UsNat test string `BVQqAAAAAgA`: usnat, not opted out of sale) is decoded.
    let gpp = gpc["strings"].as_array().unwrap().iter().find(|s| s["source"] == "__gpp" && s["state"] == "gpc");
    let gpp = gpp.unwrap_or_else(|| panic!("no __gpp string: {gpc:#}"));
    assert_eq!(gpp["opted_out"], false, "{gpp:#}");
    assert!(gpp["meaning"].as_str().unwrap().contains("usnat: not opted out of sale"), "{gpp:#}");
    // The same string before consent is read too, and is no issue there.
    assert!(gpc["strings"].as_array().unwrap().iter().any(|s| s["state"] == "none" && s["value"] == "1YNN"));
    assert!(gpc["issues"].as_array().unwrap().iter().all(|i| i["string"]["state"] == "gpc"));
}

fn tcf_issues<'a>(r: &'a Value, kind: &str) -> Vec<&'a Value> {
    r["tcf"]["issues"].as_array().map_or_else(Vec::new, |a| a.iter().filter(|i| i["kind"] == kind).collect())
}

#[test]
fn tcf_strings_written_before_a_choice_or_kept_after_reject_and_vendors_without_consent_are_found() {
    if !common::have_chrome() {
        return;
    }
    let gvl = common::repo_path("fixtures/gvl/vendor-list.json");
    let gvl = gvl.to_str().unwrap();
    // A CMP that writes a string full of consents before any choice, and an empty one after reject, while
    // Criteo (GVL id 91) loads whatever the visitor chose.
    let r = audit("http://www.tcf-early.test/", &["--consent", "all", "--gvl", gvl, "--max-pages", "2"]);
    let tcf = &r["tcf"];
    assert!(tcf["gvl"]["vendor_list_version"].as_u64().is_some(), "{tcf:#}");
    let strings = tcf["strings"].as_array().unwrap();
    let before = strings.iter().find(|s| s["state"] == "none").unwrap_or_else(|| panic!("{tcf:#}"));
    assert_eq!(before["cmp_id"], 300, "{before:#}");
    assert_eq!(before["purposes_consent"].as_array().unwrap().len(), 10, "{before:#}");
    assert!(before["vendor_consents"].as_array().unwrap().contains(&Value::from(91)), "{before:#}");
    let early = tcf_issues(&r, "consent-before-choice");
    assert!(early.iter().any(|i| i["state"] == "none"), "{tcf:#}");
    let without = tcf_issues(&r, "loaded-without-tcf-consent");
    let criteo = without.iter().find(|i| i["vendor"]["id"] == "criteo").unwrap_or_else(|| panic!("{tcf:#}"));
    assert_eq!((criteo["state"].as_str(), criteo["gvl_id"].as_u64()), (Some("reject"), Some(91)), "{criteo:#}");
    assert!(!criteo["evidence"].as_array().unwrap().is_empty(), "{criteo:#}");
    assert!(without.iter().all(|i| i["state"] != "accept"), "accept consents to Criteo: {tcf:#}");
    assert!(tcf_issues(&r, "consent-after-reject").is_empty(), "the reject string is empty: {tcf:#}");
    // The banner names purposes 1, 2, 3 and 7; the string consents to 1 to 10.
    let unoffered = tcf_issues(&r, "purpose-not-offered");
    let unoffered = unoffered.first().unwrap_or_else(|| panic!("{tcf:#}"));
    assert_eq!(unoffered["purposes"], serde_json::json!([4, 5, 6, 8, 9, 10]), "{unoffered:#}");

    // A CMP that writes nothing before a choice, and after "Reject all" a string that still consents.
    let r = audit("http://www.tcf-reject.test/", &["--consent", "all", "--gvl", gvl, "--max-pages", "2"]);
    let tcf = &r["tcf"];
    assert!(tcf_issues(&r, "consent-before-choice").is_empty(), "{tcf:#}");
    let kept = tcf_issues(&r, "consent-after-reject");
    let kept = kept.first().unwrap_or_else(|| panic!("{tcf:#}"));
    assert_eq!(kept["purposes"], serde_json::json!([1, 2, 3, 4]), "{kept:#}");
    assert_eq!(kept["vendors"], serde_json::json!([755]), "{kept:#}");
    assert!(kept["detail"].as_str().unwrap().contains("Store and/or access information on a device"), "{kept:#}");
    assert!(tcf_issues(&r, "loaded-without-tcf-consent").is_empty(), "Criteo loads only after accept: {tcf:#}");

    // A GVL that is not one is a clear error, before any page is read.
    let out = trackaudit()
        .args(["audit", "http://www.tcf-early.test/", "--engine", "chrome", "--gvl", "Cargo.toml"])
        .current_dir(common::repo_path(""))
        .args(net())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--gvl") && stderr.contains("Cargo.toml"), "{stderr}");
}

#[test]
fn a_cookie_table_that_omits_a_cookie_and_understates_another_is_compared_with_what_was_set() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.cookie-decl.test/", &["--max-pages", "1"]);
    let declared = r["declared_cookies"].as_array().unwrap_or_else(|| panic!("{r:#}"));
    assert_eq!(declared.len(), 4, "{declared:#?}");
    let issues = r["cookie_issues"].as_array().unwrap();
    let of = |kind: &str| -> Vec<&str> {
        issues.iter().filter(|i| i["kind"] == kind).filter_map(|i| i["cookie"].as_str()).collect()
    };
    assert_eq!(of("undeclared-cookie"), ["promo_seen"], "{issues:#?}");
    assert_eq!(of("lifetime-mismatch"), ["site_lang"], "{issues:#?}");
    assert_eq!(of("wrong-category"), ["_fbp"], "{issues:#?}");
    assert_eq!(of("declared-not-set"), ["_hjSessionUser_*"], "{issues:#?}");
    assert_eq!(of("cookie-lifetime"), ["_ga"], "{issues:#?}");
    let lang = issues.iter().find(|i| i["kind"] == "lifetime-mismatch").unwrap();
    assert!(lang["detail"].as_str().unwrap().contains("1 day") && lang["detail"].as_str().unwrap().contains("365"));
    let quote = lang["declared"].as_str().unwrap();
    assert!(quote.contains("site_lang") && quote.contains("cookie-policy"), "{quote}");

    // The same findings in Markdown, with the declaration quoted.
    let out = trackaudit()
        .args([
            "audit",
            "http://www.cookie-decl.test/",
            "--engine",
            "chrome",
            "--max-pages",
            "1",
            "--format",
            "markdown",
        ])
        .args(net())
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("## Cookie issues") && md.contains("| wrong-category | _fbp |"), "{md}");
}

#[test]
fn trackers_proxied_through_the_site_are_theirs_and_its_own_files_are_nobodys() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.proxied.test/", &["--max-pages", "1"]);
    let proxied = |id: &str, kind: &str, url_part: &str| {
        let e = evidence_with(finding(&r, id), kind, url_part);
        assert_eq!(e["disguise"]["how"], "proxied", "{e:#}");
        assert!(e["detail"].as_str().unwrap().contains("the site's own URL serves"), "{e:#}");
    };
    // The tag manager's container from the shop's server, and the GA4 hit it sends to the shop's endpoint.
    proxied("google-tag-manager", "script", "/metrics/gtm.js?id=GTM-PROX123");
    proxied("google-analytics", "request", "/metrics/g/collect?v=2&tid=G-PROX456");
    proxied("meta-pixel", "img", "/metrics/tr?id=1234567890123&ev=PageView");
    assert_eq!(finding(&r, "google-analytics")["ids"], serde_json::json!(["G-PROX456"]));
    // The shop's own analytics.js and collect.js are nobody's.
    let findings = r["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "{findings:#?}");
}

#[test]
fn canvas_webgl_audio_and_font_fingerprints_are_found_with_their_script_and_a_chart_is_not() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.fingerprint.test/", &[]);
    let pages: Vec<&str> = r["pages"].as_array().unwrap().iter().filter_map(|p| p["url"].as_str()).collect();
    assert!(pages.contains(&"http://www.fingerprint.test/charts/"), "{pages:?}");
    let found = r["fingerprinting"].as_array().unwrap_or_else(|| panic!("{r:#}"));
    let of = |script: &str| {
        found.iter().find(|f| f["script"] == script).unwrap_or_else(|| panic!("no finding for {script}: {found:#?}"))
    };
    // FingerprintJS-like: a third-party script reads a text canvas, the unmasked renderer and offline audio.
    let fp = of("https://cdn.fp-vendor.test/fp.js");
    assert_eq!(fp["kinds"], serde_json::json!(["canvas", "webgl", "audio", "navigator"]), "{fp:#}");
    assert!(fp["detail"].as_str().unwrap().contains("navigator: read 10 navigator properties"), "{fp:#}");
    assert_eq!((fp["page"].as_str(), fp["consent"].as_str()), (Some("http://www.fingerprint.test/"), Some("none")));
    let evidence: Vec<&str> = fp["evidence"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for call in [
        "HTMLCanvasElement.toDataURL on #1: 240×60 px, image/png",
        "WebGLRenderingContext.getParameter on #2: UNMASKED_RENDERER_WEBGL",
        "OfflineAudioContext.startRendering",
        "AudioBuffer.getChannelData",
    ] {
        assert!(evidence.iter().any(|e| e.starts_with(call)), "{call} in {evidence:#?}");
    }
    assert!(evidence.iter().any(|e| e.contains("fillText") && e.contains("colour rgba(102, 204, 0, 0.2)")));
    // An inline script measuring 24 font families is the page's own.
    assert_eq!(of("http://www.fingerprint.test/")["kinds"], serde_json::json!(["fonts"]));
    // The first-party chart drawn between save() and restore() and exported as PNG is no fingerprint.
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|f| f["page"] != "http://www.fingerprint.test/charts/"), "{found:#?}");
    // The policy says the shop uses no browser fingerprinting: both scripts contradict it.
    for f in found {
        assert_eq!(f["policy"]["verdict"], "contradicted", "{f:#}");
        assert!(f["policy"]["quote"].as_str().unwrap().starts_with("We do not use browser fingerprinting"), "{f:#}");
        assert_eq!(f["policy"]["quote_source"], "http://www.fingerprint.test/privacy/");
    }
    // Without the probes nothing of what the scripts do is seen; what they load still is.
    let r = audit("http://www.fingerprint.test/", &["--no-probes", "--max-pages", "1"]);
    assert!(r.get("fingerprinting").is_none(), "{r:#}");
    let unknown = r["unknown_third_parties"].to_string();
    assert!(unknown.contains("fp-vendor.test"), "{unknown}");
}

#[test]
fn a_session_recorder_is_found_by_its_behaviour_and_hotjar_as_a_known_recorder_and_a_blog_is_not() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.replay.test/", &[]);
    let pages: Vec<&str> = r["pages"].as_array().unwrap().iter().filter_map(|p| p["url"].as_str()).collect();
    assert!(pages.contains(&"http://www.replay.test/blog/"), "{pages:?}");
    let found = r["session_recording"].as_array().unwrap_or_else(|| panic!("{r:#}"));
    // An unknown third party's rrweb-like recorder: document listeners, an observer of <html>, batches.
    let rec = found
        .iter()
        .find(|f| f["script"] == "https://cdn.replay-vendor.test/record.js")
        .unwrap_or_else(|| panic!("no finding for record.js: {found:#?}"));
    assert_eq!(rec["how"], serde_json::json!(["behaviour"]), "{rec:#}");
    assert!(rec.get("vendor").is_none(), "{rec:#}");
    assert_eq!((rec["page"].as_str(), rec["consent"].as_str()), (Some("http://www.replay.test/"), Some("none")));
    let evidence: Vec<&str> = rec["evidence"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for call in [
        "EventTarget.addEventListener: mousemove, on document, capture",
        "EventTarget.addEventListener: keydown, on document, capture",
        "EventTarget.addEventListener: scroll, on document, capture",
        "MutationObserver.observe: childList attributes characterData subtree, on html",
        "fetch: POST, to cdn.replay-vendor.test, ",
    ] {
        assert!(evidence.iter().any(|e| e.starts_with(call)), "{call} in {evidence:#?}");
    }
    let sends = evidence.iter().filter(|e| e.starts_with("fetch: POST")).count();
    assert!(sends >= 2, "{evidence:#?}");
    let why = rec["detail"].as_str().unwrap();
    assert!(why.contains("observes every change of the html") && why.contains("sends batches: "), "{why}");
    // The blog's click analytics, infinite scroll and form library are none.
    assert_eq!(found.len(), 1, "{found:#?}");
    // The policy says sessions are not recorded: a recorder no vendor list knows contradicts it.
    assert_eq!(rec["policy"]["verdict"], "contradicted", "{rec:#}");
    assert_eq!(rec["policy"]["quote"], "We do not record your sessions or your mouse movements on this website.");
    // Hotjar (category session-replay) is a known recorder, in the browser and in the static engine.
    let hotjar = |r: &Value| {
        let found = r["session_recording"].as_array().unwrap_or_else(|| panic!("{r:#}"));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0]["vendor"].as_str(), &found[0]["how"]),
            (Some("hotjar"), &serde_json::json!(["known-recorder"]))
        );
        assert_eq!(found[0]["page"], "http://www.heatmap-blog.test/");
        // Its policy names neither Hotjar nor session recording.
        assert_eq!(found[0]["policy"]["verdict"], "undisclosed", "{:#}", found[0]);
        found[0]["script"].as_str().unwrap().to_string()
    };
    let browser = hotjar(&audit("http://www.heatmap-blog.test/", &[]));
    assert!(browser.starts_with("https://static.hotjar.com/c/hotjar-3456789.js"), "{browser}");
    let out = trackaudit().args(["audit", "http://www.heatmap-blog.test/", "--format", "json"]).args(net()).output();
    let s: Value = serde_json::from_slice(&out.unwrap().stdout).unwrap();
    assert_eq!(s["engine"], "static");
    // The static engine sees the inline snippet, not the script it builds: the page's, as for inline scripts.
    assert_eq!(hotjar(&s), "http://www.heatmap-blog.test/");
}

/// When each room's page (www.tabs.test `/a/`, `/b/`, `/c/`) started loading and sent its page view, from the
/// HAR file the audit wrote, with the page each request is filed under.
/// (HAR times are RFC 3339 in UTC with milliseconds, so they order as strings.)
fn room_times(har_dir: &Path) -> Vec<(String, String, String)> {
    let file = std::fs::read_dir(har_dir).unwrap().next().expect("a HAR file").unwrap().path();
    let har: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let log = &har["log"];
    let title = |pageref: &Value| {
        let page = log["pages"].as_array().unwrap().iter().find(|p| p["id"] == *pageref).unwrap();
        page["title"].as_str().unwrap().to_string()
    };
    let at = |e: &Value| e["startedDateTime"].as_str().unwrap().to_string();
    let entries = log["entries"].as_array().unwrap();
    ["a", "b", "c"]
        .iter()
        .map(|room| {
            let page = format!("http://www.tabs.test/{room}/");
            let doc = entries.iter().find(|e| e["request"]["url"] == page.as_str()).expect("the room's document");
            let beacon = entries
                .iter()
                .find(|e| e["request"]["url"].as_str().unwrap().ends_with(&format!("dp=room-{room}")))
                .unwrap_or_else(|| panic!("no page view of room {room}"));
            assert_eq!(title(&doc["pageref"]), page, "the document is filed under its page");
            assert_eq!(title(&beacon["pageref"]), page, "the page view of room {room} is filed under its page");
            (page, at(doc), at(beacon))
        })
        .collect()
}

#[test]
fn pages_load_in_parallel_tabs_and_each_request_and_cookie_stays_with_its_page() {
    if !common::have_chrome() {
        return;
    }
    for tabs in ["3", "1"] {
        let har = tempfile::tempdir().unwrap();
        let r = audit("http://www.tabs.test/", &["--tabs", tabs, "--har", har.path().to_str().unwrap()]);
        let ga = finding(&r, "google-analytics");
        for room in ["a", "b", "c"] {
            let page = format!("http://www.tabs.test/{room}/");
            let view = evidence_with(ga, "img", &format!("dp=room-{room}"));
            assert_eq!(view["page"], page.as_str(), "--tabs {tabs}: {view}");
            let c = cookie(&r, &format!("room_{room}"));
            assert_eq!(c["page"], page.as_str(), "--tabs {tabs}: the cookie its response set: {c}");
        }
        let times = room_times(har.path());
        // Did a room start loading before another room's page view (sent a second after its load)?
        let overlap = times.iter().any(|(p, _, beacon)| {
            times.iter().any(|(q, doc, _)| {
                p != q && doc < beacon && {
                    // …and after that room's own document, so the two were loading at once.
                    times.iter().any(|(r, own_doc, _)| r == p && own_doc <= doc)
                }
            })
        });
        match tabs {
            "3" => assert!(overlap, "with 3 tabs the rooms should load at once: {times:?}"),
            _ => assert!(!overlap, "with 1 tab the rooms should load one after another: {times:?}"),
        }
    }
}

/// Starts a Chromium scan of a page that hangs, with Chromium's profiles under `tmp`, and waits until the page
/// is being loaded.
fn scan_hanging(tmp: &Path) -> std::process::Child {
    let dir = tmp.parent().unwrap();
    let list = dir.join("sites.txt");
    std::fs::write(&list, "http://www.faults.test/__hang\nhttp://www.js-shop.test/\n").unwrap();
    let mut args: Vec<String> =
        ["scan", list.to_str().unwrap(), "--engine", "chrome", "--quiet"].iter().map(ToString::to_string).collect();
    args.extend(net());
    let child = StdCommand::new(assert_cmd::cargo::cargo_bin("trackaudit"))
        .current_dir(common::repo())
        .env("TMPDIR", tmp)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("Chromium to start", Duration::from_secs(60), || chromium_processes_using(tmp) > 0);
    wait_for("the hanging page", Duration::from_secs(60), || {
        SERVER.requests().iter().any(|r| r.path == "/__hang" && r.host.starts_with("www.faults.test"))
    });
    child
}

fn profiles_left(tmp: &Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(tmp).unwrap().map(|e| e.unwrap().file_name()).collect()
}

#[test]
fn sigterm_stops_a_browser_scan_like_ctrl_c_and_leaves_no_chromium_or_profile() {
    if !common::have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut child = scan_hanging(&tmp);
    StdCommand::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "SIGTERM exits with 143");
    // Exited means cleaned up: no process and no profile are left, without waiting.
    assert_eq!(chromium_processes_using(&tmp), 0, "Chromium processes survived SIGTERM");
    assert!(profiles_left(&tmp).is_empty(), "profile folders left: {:?}", profiles_left(&tmp));
}

#[test]
fn after_a_sigkill_of_trackaudit_its_chromium_and_profile_are_gone_within_seconds() {
    if !common::have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut child = scan_hanging(&tmp);
    StdCommand::new("kill").args(["-KILL", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    let killed = Instant::now();
    wait_for("Chromium processes to end", Duration::from_secs(5), || chromium_processes_using(&tmp) == 0);
    wait_for("the profile to be removed", Duration::from_secs(5), || profiles_left(&tmp).is_empty());
    eprintln!("Chromium and its profile gone {:.1} s after the SIGKILL", killed.elapsed().as_secs_f64());
}

/// Percent-decodes a query value (`+` is not used by `encodeURIComponent`).
fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// The query parameters of the `/seen` request that the page `referer` sent (fixtures/web/www.visitor.test).
fn seen_from(referer: &str) -> (fixture_server::RequestRecord, std::collections::HashMap<String, String>) {
    let r = SERVER
        .requests()
        .into_iter()
        .find(|r| r.host == "www.visitor.test" && r.path.starts_with("/seen?") && r.referer.as_deref() == Some(referer))
        .unwrap_or_else(|| panic!("no /seen request from {referer}"));
    let query = r.path.split_once('?').unwrap().1;
    let params =
        query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), decode(v))).collect();
    (r, params)
}

#[test]
fn chromium_presents_itself_as_chrome_not_headless_chrome() {
    if !common::have_chrome() {
        return;
    }
    let page = "https://www.visitor.test/?t=chrome";
    let r = audit(page, &["--max-pages", "1", "--quiet-ms", "300"]);
    assert!(r["errors"].as_array().unwrap().is_empty(), "{:#}", r["errors"]);
    let doc = SERVER.requests().into_iter().find(|q| q.host == "www.visitor.test" && q.path == "/?t=chrome").unwrap();
    let ua = doc.user_agent.clone().unwrap();
    assert!(ua.contains(" Chrome/") && !ua.contains("Headless"), "{ua}");
    assert_eq!(doc.header("accept-language").as_deref(), Some("en-US,en;q=0.9"));
    let brands = doc.header("sec-ch-ua").unwrap();
    assert!(brands.contains("\"Google Chrome\";v=") && !brands.contains("Headless"), "{brands}");
    // What scripts see agrees with the headers.
    let (seen, js) = seen_from(page);
    assert_eq!(js["ua"], ua, "navigator.userAgent");
    assert_eq!(seen.user_agent.as_deref(), Some(ua.as_str()), "a script's fetch");
    assert!(js["brands"].contains("Google Chrome/") && !js["brands"].contains("Headless"), "{js:?}");
    assert_eq!(js["languages"], "en-US,en");

    // --user-agent replaces it, with the client hints and navigator.platform of what it claims.
    let page = "https://www.visitor.test/?t=chrome-custom";
    let custom = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36";
    audit(page, &["--max-pages", "1", "--quiet-ms", "300", "--user-agent", custom, "--accept-language", "de-DE,de"]);
    let (seen, js) = seen_from(page);
    assert_eq!((js["ua"].as_str(), seen.user_agent.as_deref()), (custom, Some(custom)));
    assert!(js["brands"].contains("Google Chrome/147"), "{js:?}");
    assert_eq!(js["platform"], "Windows");
    assert!(seen.header("accept-language").unwrap().starts_with("de-DE"), "{seen:?}");
}

#[test]
fn a_challenge_page_is_reported_in_the_browser_too() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.challenge.test/", &["--quiet-ms", "300"]);
    let page = &r["pages"][0];
    assert_eq!(
        (page["interstitial"]["kind"].as_str(), page["interstitial"]["by"].as_str()),
        (Some("bot-challenge"), Some("Cloudflare")),
        "{page:#}"
    );
    assert!(
        page["interstitial"]["evidence"].as_array().unwrap().iter().any(|e| e == "header cf-mitigated: challenge"),
        "{page:#}"
    );
    // Chromium loaded the challenge's Turnstile script; it is not a finding.
    assert_eq!(r["findings"], Value::Array(vec![]));
    assert!(r["errors"].as_array().unwrap().iter().any(|e| {
        e["message"].as_str().unwrap().starts_with("bot challenge (Cloudflare) on http://www.challenge.test/")
    }));
}

#[test]
fn form_values_sent_before_submit_are_found_in_their_encoding_only_with_probe_forms() {
    if !common::have_chrome() {
        return;
    }
    let r = audit("http://www.keylog.test/", &["--probe-forms"]);
    let pages = r["pages"].as_array().unwrap();
    let filled = |url: &str| -> Vec<String> {
        let p = pages.iter().find(|p| p["url"] == url).unwrap_or_else(|| panic!("no {url} in {pages:#?}"));
        p["forms_filled"].as_array().into_iter().flatten().map(|f| f.as_str().unwrap().to_string()).collect()
    };
    // Visible, enabled, writable text-like fields only: not the hidden, display:none, checkbox, password or
    // read-only ones.
    assert_eq!(
        filled("http://www.keylog.test/"),
        [
            "email: input[type=email]#nl-email[name=email] in form#newsletter",
            "name: input[type=text]#nl-name[name=name] in form#newsletter"
        ]
    );
    assert_eq!(
        filled("http://www.keylog.test/contact/"),
        [
            "name: input[type=text]#c-name[name=name] in form#contact",
            "email: input[type=email]#c-email[name=email] in form#contact",
            "phone: input[type=tel]#c-phone[name=phone] in form#contact",
            "name: textarea#c-message[name=message] in form#contact"
        ]
    );
    let leaks = r["form_leaks"].as_array().unwrap_or_else(|| panic!("no form_leaks in {r:#}"));
    let brief: Vec<_> = leaks
        .iter()
        .map(|f| (f["canary"].as_str(), f["encoding"].as_str(), f["location"].as_str(), f["method"].as_str()))
        .collect();
    // The e-mail address SHA-256-hashed in a GET pixel's query, the name (from its key events) in base64 in a
    // beacon's body; both from the third-party capture script, on the home page before consent.
    assert_eq!(
        brief,
        [
            (Some("email"), Some("sha256"), Some("url"), Some("GET")),
            (Some("name"), Some("base64"), Some("body"), Some("POST"))
        ],
        "{leaks:#?}"
    );
    assert!(leaks[0]["url"].as_str().unwrap().starts_with("https://cdn.leaky-forms.test/px.gif?ev=Lead&em="));
    assert_eq!(leaks[0]["field"], "input[type=email]#nl-email[name=email] in form#newsletter");
    assert_eq!(
        (leaks[1]["url"].as_str(), leaks[1]["field"].as_str()),
        (Some("https://cdn.leaky-forms.test/collect"), Some("input[type=text]#nl-name[name=name] in form#newsletter"))
    );
    for f in leaks {
        // "We do not share your personal data with third parties", yet what was typed went to one.
        assert_eq!(f["policy"]["verdict"], "contradicted", "{f:#}");
        assert_eq!(f["policy"]["quote"], "We do not share your personal data with third parties.");
        assert_eq!((f["page"].as_str(), f["consent"].as_str()), (Some("http://www.keylog.test/"), Some("none")));
        assert_eq!((f["recipient"].as_str(), f["first_party"].as_bool()), (Some("cdn.leaky-forms.test"), Some(false)));
    }
    // The beacon's initiator is the capture script; the pixel's `new Image()` load starts outside any script
    // (Chromium says `other`), so its script is unknown.
    assert_eq!(leaks[1]["script"], "https://cdn.leaky-forms.test/capture.js");
    let sent = SERVER.requests();
    // The contact page's validation sent its form-start event once typing began, with nothing typed in it.
    assert!(sent.iter().any(|q| q.host == "www.keylog.test" && q.method == "POST" && q.path == "/api/events"));
    // Nothing was submitted.
    assert!(!sent.iter().any(|q| q.path.starts_with("/subscribe/") || q.path.starts_with("/contact/send/")));

    // The CSV report has a row per leak.
    let out = trackaudit()
        .args(["audit", "http://www.keylog.test/", "--engine", "chrome", "--format", "csv", "--probe-forms"])
        .args(net())
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .map(Result::unwrap)
        .filter(|row| &row[col("status")] == "form-data-sent-before-submit")
        .collect();
    let kinds: Vec<&str> = rows.iter().map(|row| &row[col("consent_issue")]).collect();
    assert_eq!(kinds, ["email sha256", "name base64"], "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(&rows[1][col("evidence_url")], "https://cdn.leaky-forms.test/collect");

    // Without --probe-forms nothing is typed: no field filled, no capture beacon, no finding.
    SERVER.clear_requests();
    let plain = audit("http://www.keylog.test/", &[]);
    assert!(plain.get("form_leaks").is_none(), "{:#}", plain["form_leaks"]);
    assert!(plain["pages"].as_array().unwrap().iter().all(|p| p.get("forms_filled").is_none()), "{plain:#}");
    let sent = SERVER.requests();
    assert!(sent.iter().any(|q| q.host == "www.keylog.test" && q.path == "/contact/"), "{sent:#?}");
    assert!(sent.iter().any(|q| q.host == "cdn.leaky-forms.test" && q.path == "/capture.js"), "{sent:#?}");
    assert!(!sent.iter().any(|q| q.host == "cdn.leaky-forms.test" && q.path != "/capture.js"), "{sent:#?}");
    assert!(!sent.iter().any(|q| q.path == "/api/events"), "{sent:#?}");
}
