//! `--format html`: one self-contained page per audit. A built site whose title, policy text and file names
//! carry `<script>`, quotes and `</style>` must come out as text, never as live markup, and the page must hold
//! its sections and counts and load nothing.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::path::Path;

use common::trackaudit;
use scraper::{Html, Selector};

const HOSTILE: &str = "</style><script>alert(1)</script>\"'><img src=x onerror=alert(2)>";

fn write(root: &Path, rel: &str, body: &str) {
    std::fs::write(root.join(rel), body).unwrap();
}

/// A built site: Google Analytics and Hotjar load; the policy names Google Analytics in a sentence that
/// carries the hostile text (as entities, so that it is text on the page).
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let entities = HOSTILE.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    write(
        dir.path(),
        "index.html",
        &format!(
            "<html><head><title>{entities}</title>\
             <script async src=\"https://www.googletagmanager.com/gtag/js?id=G-HTML12345\"></script>\
             <script src=\"https://static.hotjar.com/c/hotjar-3012345.js?sv=6\"></script></head>\
             <body><main><p>Shop.</p></main><footer><a href=\"/privacy.html\">Privacy Policy</a></footer></body></html>"
        ),
    );
    write(
        dir.path(),
        "privacy.html",
        &format!(
            "<html><body><main><h1>Privacy Policy</h1><p>This privacy policy explains which personal data we \
             collect when you visit our website and why we process it. We use Google Analytics {entities} to \
             measure visits to our pages. You have the right to access, correct and delete your personal data. \
             Contact our data protection officer at privacy@example.test.</p></main></body></html>"
        ),
    );
    dir
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// The script elements, each checked to be the reports' own (sorting and filtering, nothing of the site).
fn ours(doc: &Html) -> usize {
    let scripts = select(doc, "script");
    for s in &scripts {
        let code = text(*s);
        assert!(code.contains("Sort by this column") && !code.contains("alert"), "not our script: {code}");
    }
    scripts.len()
}

fn text(e: scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>()
}

#[test]
fn the_html_report_escapes_crawled_text_holds_its_sections_and_loads_nothing() {
    let dir = site();
    let out = trackaudit().arg("audit").arg(dir.path()).args(["--format", "html"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    let doc = Html::parse_document(&html);

    // No live markup from the site: one style and one script element (ours, the same on every page: it
    // holds nothing of the site), no element with an event handler.
    assert_eq!(select(&doc, "style").len(), 1, "{html}");
    assert_eq!(ours(&doc), 1, "a script element of the site's in the report");
    assert!(select(&doc, "img").is_empty(), "an img element in the report");
    for e in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        for (name, value) in e.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value:?} on <{}>", e.value().name());
            assert!(
                !matches!(name, "src" | "href" | "action" | "srcset") || value.starts_with('#'),
                "<{}> {name}={value:?} would load or lead somewhere",
                e.value().name()
            );
        }
    }
    assert!(html.contains("default-src 'none'"), "the page forbids loading anything");

    // Sections and counts.
    let h2: Vec<String> = select(&doc, "h2").into_iter().map(text).collect();
    assert!(h2.contains(&"Vendors (2)".to_string()), "{h2:?}");
    assert!(h2.iter().any(|h| h == "Policy documents") && h2.iter().any(|h| h == "Pages (2)"), "{h2:?}");
    let cards = select(&doc, "article.card");
    assert_eq!(cards.len(), 2);
    let ga = select(&doc, "article#vendor-google-analytics");
    assert_eq!(ga.len(), 1, "a card per vendor, by id");
    let ga_text = text(ga[0]);
    assert!(ga_text.contains("disclosed") && ga_text.contains("G-HTML12345"), "{ga_text}");
    // The policy sentence is quoted, with the vendor's name marked and the hostile text shown as text.
    let quote = select(&doc, "article#vendor-google-analytics blockquote");
    assert!(text(quote[0]).contains(HOSTILE), "{}", text(quote[0]));
    assert_eq!(select(&doc, "article#vendor-google-analytics blockquote mark").len(), 1);
    let hotjar = text(select(&doc, "article#vendor-hotjar")[0]);
    assert!(hotjar.contains("undisclosed") && hotjar.contains("static.hotjar.com"), "{hotjar}");
    // Summary counts agree with the cards.
    let counts: Vec<String> = select(&doc, ".summary div").into_iter().map(text).collect();
    assert!(counts.contains(&"1undisclosed".to_string()) && counts.contains(&"1disclosed".to_string()), "{counts:?}");
    // The charts are inline SVG.
    assert!(select(&doc, "figure svg").len() >= 2);
}

#[test]
fn every_tabular_report_has_an_html_form() {
    let dir = site();
    let policy = dir.path().join("privacy.html");
    let out = trackaudit().arg("policy").arg(&policy).args(["--format", "html"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(ours(&doc), 1);
    let cells: Vec<String> = select(&doc, "td").into_iter().map(text).collect();
    assert!(cells.iter().any(|c| c == "google-analytics"), "{cells:?}");
    assert!(cells.iter().any(|c| c.contains(HOSTILE)), "the quote, as text");

    let out = trackaudit().args(["vendors", "list", "--format", "html"]).output().unwrap();
    assert!(out.status.success());
    let doc = Html::parse_document(&String::from_utf8(out.stdout).unwrap());
    assert!(select(&doc, "tbody tr").len() > 1000, "the vendor database as a table");
}

#[test]
fn the_html_scan_report_links_every_site_and_lists_the_failed_ones() {
    let (a, b) = (site(), site());
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    let missing = dir.path().join("no-such-site");
    std::fs::write(&list, format!("{}\n{}\n{}\n", a.path().display(), missing.display(), b.path().display())).unwrap();
    let page = dir.path().join("scan.html");
    let out = trackaudit().arg("scan").arg(&list).arg("--output").arg(&page).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&page).expect("--output scan.html writes the HTML page");
    let doc = Html::parse_document(&html);
    assert_eq!(ours(&doc), 1);
    let rows = select(&doc, "#sites tbody tr");
    assert_eq!(rows.len(), 3, "a row per site");
    // Every row links to its site's section on the page.
    for link in select(&doc, "#sites tbody tr a") {
        let target = link.value().attr("href").unwrap();
        assert_eq!(select(&doc, target).len(), 1, "{target} has no section");
    }
    assert_eq!(select(&doc, "section.site").len(), 3);
    let failed: Vec<String> = select(&doc, "h2").into_iter().map(text).filter(|h| h.starts_with("Failed")).collect();
    assert_eq!(failed, ["Failed sites (1)"]);
    // Hotjar is undisclosed on both working sites: the chart counts it twice.
    let chart = text(select(&doc, "figure")[0]);
    assert!(chart.contains("Hotjar") && chart.contains('2'), "{chart}");
}

#[test]
fn accepted_vendors_are_reported_with_their_reason_and_do_not_fail_the_run() {
    let dir = site();
    let work = tempfile::tempdir().unwrap();
    let audit = |extra: &[&str]| {
        trackaudit().current_dir(work.path()).arg("audit").arg(dir.path()).args(extra).output().unwrap()
    };
    // Hotjar is undisclosed: --fail-on undisclosed fails.
    assert_eq!(audit(&["--fail-on", "undisclosed"]).status.code(), Some(1));
    // A draft baseline lists it with an empty reason, which is refused until someone writes one.
    let draft = work.path().join("draft.toml");
    assert!(audit(&["--write-baseline", draft.to_str().unwrap()]).status.success());
    let drafted = std::fs::read_to_string(&draft).unwrap();
    assert!(drafted.contains("vendor = \"hotjar\"") && drafted.contains("reason = \"\""), "{drafted}");
    std::fs::write(work.path().join("trackaudit.toml"), &drafted).unwrap();
    let refused = audit(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("has no reason"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // Reviewed: trackaudit.toml in the working directory accepts Hotjar; the run passes and says why.
    let reviewed = drafted.replace("reason = \"\"", "reason = \"DPA signed, policy update pending\"");
    std::fs::write(work.path().join("trackaudit.toml"), &reviewed).unwrap();
    let out = audit(&["--fail-on", "undisclosed", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hotjar = json["findings"].as_array().unwrap().iter().find(|f| f["vendor"]["id"] == "hotjar").unwrap();
    assert_eq!(hotjar["verdict"], "undisclosed", "still reported as it is");
    assert_eq!(hotjar["accepted"]["reason"], "DPA signed, policy update pending");
    let html = String::from_utf8(audit(&["--format", "html"]).stdout).unwrap();
    let doc = Html::parse_document(&html);
    assert!(text(select(&doc, "article#vendor-hotjar .accepted")[0]).contains("DPA signed"));
    // An expired acceptance accepts nothing; --config names another file.
    let expired = work.path().join("expired.toml");
    std::fs::write(&expired, reviewed.replace("reason = \"DPA", "until = 2020-01-01\nreason = \"DPA")).unwrap();
    let out = audit(&["--fail-on", "undisclosed", "--config", expired.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn with_a_history_database_the_scan_page_shows_the_changes_since_the_last_run() {
    let a = site();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(&list, format!("{}\n", a.path().display())).unwrap();
    let (db, page) = (dir.path().join("history.db"), dir.path().join("scan.html"));
    let scan = || {
        let out = trackaudit().arg("scan").arg(&list).arg("--db").arg(&db).arg("--output").arg(&page).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Html::parse_document(&std::fs::read_to_string(&page).unwrap())
    };
    let first = scan();
    assert!(select(&first, "#changes").is_empty(), "nothing to compare the first run with");
    // Criteo appears on the site before the second run.
    let index = a.path().join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        html.replace("</head>", "<script src=\"https://static.criteo.net/js/ld/ld.js\"></script></head>"),
    )
    .unwrap();
    let second = scan();
    let heading = text(select(&second, "#changes h2")[0]);
    assert_eq!(heading, "Changes since run 1 (1)");
    let cells: Vec<String> = select(&second, "#changes td").into_iter().map(text).collect();
    assert!(cells.iter().any(|c| c == "criteo"), "{cells:?}");
}
