//! The fixture shop's reports, checked in under `fixtures/golden/`, so that any change to what a report says
//! or how it looks shows up in review. Timestamps (the only part that changes between runs) are replaced by
//! `<time>`, and the HTML page (written without line breaks) is stored one tag per line so that its diff is
//! readable. After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test --test golden_reports`
//! and review the diff.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use common::{repo_path, trackaudit};

/// `2026-12-03T07:30:41Z` (and with fractions) becomes `<time>`.
fn normalise(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(len) = timestamp_at(&b[i..]) {
            out.push_str("<time>");
            i += len;
        } else {
            let ch = text[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The length of an RFC 3339 UTC timestamp at the start of `b`, if there is one.
fn timestamp_at(b: &[u8]) -> Option<usize> {
    let shape = b"dddd-dd-ddTdd:dd:dd";
    if b.len() < shape.len() + 1 {
        return None;
    }
    let fits = shape.iter().zip(b).all(|(s, c)| if *s == b'd' { c.is_ascii_digit() } else { s == c });
    if !fits {
        return None;
    }
    let mut n = shape.len();
    if b[n] == b'.' {
        n += 1;
        while n < b.len() && b[n].is_ascii_digit() {
            n += 1;
        }
    }
    (b.get(n) == Some(&b'Z')).then_some(n + 1)
}

fn check(format: &str, file: &str) {
    let out = trackaudit()
        .args([
            "audit",
            "fixtures/web/www.demo-shop.test",
            "--base-url",
            "https://www.demo-shop.test/",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut got = normalise(&String::from_utf8(out.stdout).unwrap());
    if format == "html" {
        got = got.replace("><", ">\n<");
    }
    let path = repo_path("fixtures/golden").join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; write it with UPDATE_GOLDEN=1 and review it", path.display()));
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(g, w)| g != w)
            .map_or_else(|| got.lines().count().min(want.lines().count()) + 1, |n| n + 1);
        panic!(
            "the {format} report of the fixture shop changed (first difference at line {line} of {}):\n  got:  {}\n  want: {}\n\
             If the change is intended, run UPDATE_GOLDEN=1 cargo test --test golden_reports and review the diff.",
            path.display(),
            got.lines().nth(line - 1).unwrap_or("<end>"),
            want.lines().nth(line - 1).unwrap_or("<end>"),
        );
    }
}

#[test]
fn timestamps_are_the_only_thing_normalised() {
    assert_eq!(normalise("at 2026-12-03T07:30:41Z and 2026-12-03T07:30:41.123Z."), "at <time> and <time>.");
    assert_eq!(
        normalise("2026-12-03 and 2026-12-03T07:30:41+01:00 stay"),
        "2026-12-03 and 2026-12-03T07:30:41+01:00 stay"
    );
}

#[test]
fn the_json_report_matches_the_golden_file() {
    check("json", "demo-shop.json");
}

#[test]
fn the_markdown_report_matches_the_golden_file() {
    check("markdown", "demo-shop.md");
}

#[test]
fn the_html_report_matches_the_golden_file() {
    check("html", "demo-shop.html");
}

#[test]
fn the_sarif_report_matches_the_golden_file() {
    check("sarif", "demo-shop.sarif");
}

#[test]
fn the_csv_report_matches_the_golden_file() {
    check("csv", "demo-shop.csv");
}
