//! Every HTML report opened in real Chromium, as a reader opens it from disk: its sections and counts are in
//! the DOM, it makes no network request, the console shows no error (a content-policy violation is one), and
//! a screenshot is saved under `target/report-screenshots/`. `--format pdf` prints it: the PDF has pages and
//! holds the site and every vendor name (read back with `pdftotext` from Debian's poppler-utils).
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency
#![cfg(feature = "browser")]

mod common;

use std::path::{Path, PathBuf};

use common::{have_chrome, repo_path, trackaudit};
use scraper::{Html, Selector};
use trackaudit::report::print::{PrintOptions, Printed, print};

const SHOP: [&str; 4] = ["audit", "fixtures/web/www.demo-shop.test", "--base-url", "https://www.demo-shop.test/"];

fn run(args: &[&str]) -> String {
    let out = trackaudit().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Opens `html` in Chromium and saves its screenshot as `name.png`.
fn open(name: &str, html: &str) -> Printed {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let opts = PrintOptions { pdf: false, screenshot: Some((900, Some(1200))), ..PrintOptions::default() };
    let printed = rt.block_on(print(html, &opts)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let png = printed.png.as_deref().expect("a screenshot was asked for");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 1000, "{name}: not a PNG");
    let dir = repo_path("target/report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    assert!(printed.requests.is_empty(), "{name} made requests: {:?}", printed.requests);
    assert!(printed.console_errors.is_empty(), "{name} logged errors: {:?}", printed.console_errors);
    printed
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap()).map(|e| e.text().collect::<String>()).collect()
}

#[test]
fn the_checks_catch_a_page_that_loads_something_or_logs_an_error() {
    if !have_chrome() {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let html =
        "<html><body><img src=\"http://127.0.0.1:9/pixel.gif\"><script>console.error('boom')</script></body></html>";
    let printed = rt.block_on(print(html, &PrintOptions { pdf: false, ..PrintOptions::default() })).unwrap();
    assert_eq!(printed.requests, ["http://127.0.0.1:9/pixel.gif"]);
    assert!(printed.console_errors.iter().any(|e| e.contains("boom")), "{:?}", printed.console_errors);
    // A script the content policy does not allow (a report whose script hash went stale) is an error too.
    let html = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'sha256-AAAA'\">\
                </head><body><script>document.title = 'ran'</script></body></html>";
    let printed = rt.block_on(print(html, &PrintOptions { pdf: false, ..PrintOptions::default() })).unwrap();
    assert!(printed.requests.is_empty());
    assert!(
        printed.console_errors.iter().any(|e| e.contains("Content Security Policy")),
        "{:?}",
        printed.console_errors
    );
}

#[test]
fn the_audit_report_shows_its_sections_and_counts_in_chromium() {
    if !have_chrome() {
        return;
    }
    let json: serde_json::Value = serde_json::from_str(&run(&[&SHOP[..], &["--format", "json"]].concat())).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let printed = open("audit", &run(&[&SHOP[..], &["--format", "html"]].concat()));
    let doc = Html::parse_document(&printed.dom);
    let h2 = texts(&doc, "h2");
    for want in [
        format!("Vendors ({})", findings.len()),
        format!("Unknown third parties ({})", json["unknown_third_parties"].as_array().unwrap().len()),
        format!("Pages ({})", json["pages"].as_array().unwrap().len()),
    ] {
        assert!(h2.contains(&want), "no section {want:?} in {h2:?}");
    }
    // One card per finding, each with its verdict, in the order of the JSON report.
    let cards = texts(&doc, "article.card h3");
    assert_eq!(cards.len(), findings.len());
    for (card, f) in cards.iter().zip(findings) {
        let (name, verdict) = (f["vendor"]["name"].as_str().unwrap(), f["verdict"].as_str().unwrap());
        assert_eq!(card, &format!("{name} {verdict}"));
    }
    assert!(!texts(&doc, "svg").is_empty(), "the charts are drawn");
    // The policy's text can be opened in the page, each vendor it names marked.
    let marks = texts(&doc, ".policytext mark");
    let named = json["policy"]["vendors"].as_array().unwrap();
    assert!(!named.is_empty() && marks.len() >= named.len(), "{marks:?}");
    assert!(marks.iter().any(|m| m == "Google Analytics"), "{marks:?}");
}

#[test]
fn a_hostile_site_stays_text_in_chromium() {
    if !have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hostile = "</style><script>console.error('live')</script><img src=http://127.0.0.1:9/x onerror=alert(1)>";
    let esc = hostile.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    std::fs::write(
        dir.path().join(format!("{}.html", "index")),
        format!(
            "<html><head><title>{esc}</title><script src=\"https://static.hotjar.com/c/hotjar-3012345.js?sv=6\"></script>\
             </head><body><a href=\"/privacy.html\">Privacy Policy</a></body></html>"
        ),
    )
    .unwrap();
    let printed = open("hostile", &run(&["audit", dir.path().to_str().unwrap(), "--format", "html"]));
    let doc = Html::parse_document(&printed.dom);
    let scripts = texts(&doc, "script");
    assert_eq!(scripts.len(), 1, "a script element came alive: {scripts:?}");
    assert!(!scripts[0].contains("live"), "the one script is the report's own");
    assert!(texts(&doc, "body img").is_empty(), "an img element came alive");
}

#[test]
fn the_scan_page_and_the_table_pages_work_in_chromium() {
    if !have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    let shop = repo_path("fixtures/web/www.demo-shop.test");
    let news = repo_path("fixtures/web/www.gtm-news.test");
    let missing = dir.path().join("no-such-site");
    std::fs::write(&list, format!("{}\n{}\n{}\n", shop.display(), missing.display(), news.display())).unwrap();
    let page = dir.path().join("scan.html");
    run(&["scan", list.to_str().unwrap(), "--quiet", "--output", page.to_str().unwrap()]);
    let printed = open("scan", &std::fs::read_to_string(&page).unwrap());
    let doc = Html::parse_document(&printed.dom);
    assert_eq!(texts(&doc, "#sites tbody tr").len(), 3, "a row per site");
    assert_eq!(texts(&doc, "section.site").len(), 3, "a section per site");
    assert!(texts(&doc, "h2").contains(&"Failed sites (1)".to_string()));

    let policy = run(&["policy", "fixtures/web/www.demo-shop.test/privacy/index.html", "--format", "html"]);
    let doc = Html::parse_document(&open("policy", &policy).dom);
    assert!(texts(&doc, "td").iter().any(|c| c == "google-analytics"));
    let vendors = run(&["vendors", "list", "--format", "html"]);
    let doc = Html::parse_document(&open("vendors", &vendors).dom);
    assert!(texts(&doc, "tbody tr").len() > 1000, "the vendor database as a table");
}

/// Opens `html`, runs `actions`, and returns the DOM (no request or console error allowed).
fn after(html: &str, actions: &[&str]) -> Html {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let opts = PrintOptions {
        pdf: false,
        actions: actions.iter().map(ToString::to_string).collect(),
        ..PrintOptions::default()
    };
    let printed = rt.block_on(print(html, &opts)).unwrap();
    assert!(printed.requests.is_empty() && printed.console_errors.is_empty(), "{printed:?}");
    Html::parse_document(&printed.dom)
}

#[test]
fn the_tables_sort_by_a_clicked_column_and_filter_by_typed_text() {
    if !have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    let sites = ["www.demo-shop.test", "www.gtm-news.test", "www.heatmap-blog.test", "www.pixel-store.test"];
    let lines: Vec<String> = sites.iter().map(|s| repo_path("fixtures/web").join(s).display().to_string()).collect();
    std::fs::write(&list, lines.join("\n")).unwrap();
    let page = dir.path().join("scan.html");
    run(&["scan", list.to_str().unwrap(), "--quiet", "--output", page.to_str().unwrap()]);
    let html = std::fs::read_to_string(&page).unwrap();
    let column = |doc: &Html, n: usize| texts(doc, &format!("#sites tbody tr td:nth-child({n})"));
    // Without a click: worst first. A click on "site" sorts by name, a second click reverses it.
    let site_head = "document.querySelectorAll('#sites thead th')[1].click()";
    let mut names = column(&after(&html, &[]), 2);
    assert_eq!(names.len(), sites.len());
    names.sort();
    assert_eq!(column(&after(&html, &[site_head]), 2), names, "ascending by site");
    names.reverse();
    assert_eq!(column(&after(&html, &[site_head, site_head]), 2), names, "a second click reverses");
    // The vendors column sorts as numbers (10 after 9), not as text.
    let vendors = column(&after(&html, &["document.querySelectorAll('#sites thead th')[2].click()"]), 3);
    let counts: Vec<u32> = vendors.iter().map(|v| v.parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");

    // A long table gets a filter box: typing keeps only the rows containing the text.
    let vendors = run(&["vendors", "list", "--format", "html"]);
    let filter = "const b = document.querySelector('input.filter'); b.value = 'hotjar'; \
                  b.dispatchEvent(new Event('input'))";
    let doc = after(&vendors, &[filter]);
    let shown: Vec<String> = doc
        .select(&Selector::parse("tbody tr:not([hidden])").unwrap())
        .map(|e| e.text().collect::<String>().to_lowercase())
        .collect();
    assert!(!shown.is_empty() && shown.len() < 20, "{} rows shown", shown.len());
    assert!(shown.iter().all(|r| r.contains("hotjar")), "{shown:?}");
}

#[test]
fn the_audit_report_fits_a_phone_screen() {
    if !have_chrome() {
        return;
    }
    let html = run(&[&SHOP[..], &["--format", "html"]].concat());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fits = "const w = document.documentElement.scrollWidth; \
                document.title = w <= window.innerWidth ? 'fits' : 'overflows: ' + w + ' > ' + window.innerWidth";
    let opts = PrintOptions {
        pdf: false,
        screenshot: Some((390, Some(844))),
        actions: vec![fits.to_string()],
        ..PrintOptions::default()
    };
    let printed = rt.block_on(print(&html, &opts)).unwrap();
    let dir = repo_path("target/report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("audit-phone.png"), printed.png.as_deref().unwrap()).unwrap();
    let doc = Html::parse_document(&printed.dom);
    assert_eq!(texts(&doc, "title"), ["fits"], "the page scrolls sideways on a 390 px wide phone");
}

/// `pdftotext`, or `None` when poppler-utils is missing (a failure under `CI=true`: `.ci/run` installs it).
fn pdftotext(pdf: &Path) -> Option<String> {
    match std::process::Command::new("pdftotext").arg(pdf).arg("-").output() {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) => {
            assert!(
                !std::env::var("CI").is_ok_and(|v| v == "true"),
                "pdftotext is missing ({e}): .ci/run installs poppler-utils"
            );
            eprintln!("skipping the text check: pdftotext is missing (apt-get install poppler-utils)");
            None
        }
    }
}

#[test]
fn the_pdf_report_has_pages_and_names_the_site_and_every_vendor() {
    if !have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf: PathBuf = dir.path().join("shop.pdf");
    run(&[&SHOP[..], &["--format", "pdf", "--output", pdf.to_str().unwrap()]].concat());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let json: serde_json::Value = serde_json::from_str(&run(&[&SHOP[..], &["--format", "json"]].concat())).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    assert!(text.matches('\u{c}').count() >= 1, "no page break: {} bytes of text", text.len());
    assert!(text.contains("www.demo-shop.test"), "the site is named");
    for f in json["findings"].as_array().unwrap() {
        let name = f["vendor"]["name"].as_str().unwrap();
        assert!(text.contains(name), "{name} is not in the PDF");
    }
    // Every vendor's evidence is printed, folded or not (paper cannot be clicked).
    let evidence: usize =
        json["findings"].as_array().unwrap().iter().map(|f| f["evidence"].as_array().unwrap().len()).sum();
    assert!(text.matches("on https://www.demo-shop.test/").count() >= evidence, "some evidence is not printed");
}

#[test]
fn a_scan_prints_to_pdf_with_every_site() {
    if !have_chrome() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    let (shop, news) = (repo_path("fixtures/web/www.demo-shop.test"), repo_path("fixtures/web/www.gtm-news.test"));
    std::fs::write(&list, format!("{}\n{}\n", shop.display(), news.display())).unwrap();
    let pdf = dir.path().join("scan.pdf");
    run(&["scan", list.to_str().unwrap(), "--quiet", "--output", pdf.to_str().unwrap()]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "--output scan.pdf prints the page");
    let Some(text) = pdftotext(&pdf) else { return };
    for site in ["www.demo-shop.test", "www.gtm-news.test"] {
        assert!(text.contains(site), "{site} is not in the PDF");
    }
}
