//! `trackaudit audit` shows a spinner (pages read, the current page) when standard error is a terminal, and
//! nothing otherwise. The terminal is a real pseudo-terminal, made by `script` (util-linux).
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::{repo, trackaudit};

#[test]
fn a_piped_audit_prints_no_progress() {
    let out = trackaudit().args(["audit", "fixtures/web/www.gtm-news.test", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "nothing on standard error when it is not a terminal");
}

#[test]
fn on_a_terminal_the_audit_shows_pages_read_and_the_current_page_then_clears_the_line() {
    let bin = assert_cmd::cargo::cargo_bin("trackaudit");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let command = format!(
        "'{}' audit fixtures/web/www.gtm-news.test --format json --output '{}'",
        bin.display(),
        report.display()
    );
    let out = match std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo())
        .env("TRACKAUDIT_ENGINE", "static")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "script (util-linux) is missing: {e}");
            eprintln!("skipping: script (util-linux) is missing: {e}");
            return;
        }
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tty = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let pages = json["pages"].as_array().unwrap().len();
    assert!(tty.contains(&format!("{pages} page(s) read, 0 failed")), "the count of pages: {tty:?}");
    assert!(tty.contains("/privacy/"), "the current page, by its path in the folder: {tty:?}");
    // The spinner's line is erased at the end (ESC [2K), so that what follows starts on a clean line.
    assert!(tty.trim_end_matches(['\r', '\n']).ends_with("\u{1b}[2K"), "{tty:?}");
}
