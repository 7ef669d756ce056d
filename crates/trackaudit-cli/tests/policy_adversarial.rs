//! The ordinary-word rule on `fixtures/policies/adversarial`: policies dense with words that are also vendor
//! names ("medium-term", "a signal", "for clarity", "we segment", sentence-initial "Segment of users"),
//! mixed with real vendors that must still be found. The engine holds the built-in database plus
//! `fixtures/vendors/words.toml`, test-only vendors named like the ones a database derived from
//! third-party-web and Wappalyzer holds (Medium, Pulse, Beacon, Signal, Pure, Sumo, Iris, Victor, …).
//! Answer keys have the format of `fixtures/policies/*.expected.toml`; precision and recall must be 1.00.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;
use trackaudit::model::{PolicyReport, TextFormat};
use trackaudit::policy::{self, ReadOptions};
use trackaudit::vendors::{Engine, VendorDb};

#[derive(Deserialize)]
struct Key {
    format: String,
    vendors: Vec<String>,
    companies: Vec<String>,
    categories: Vec<String>,
    claims: Vec<String>,
    absent_vendors: Vec<String>,
    absent_claims: Vec<String>,
    #[serde(default)]
    quote: Vec<common::QuoteCheck>,
}

const FIXTURES: &[&str] = &[
    "medium-term.txt",
    "clarity-heading.md",
    "segment-of-users.txt",
    "heap-inc.txt",
    "beacon-pixel.html",
    "optimise-sumo.txt",
    "first-names.md",
    "answers-monitor.txt",
    "cookie-table-words.md",
    "german-nouns.txt",
    "browsers.txt",
];

fn engine() -> Engine {
    let words = common::repo_path("fixtures/vendors/words.toml");
    let db = VendorDb::with_overlays(&[words.as_path()]).expect("words.toml loads");
    Engine::new(Arc::clone(&db))
}

fn set<'a>(items: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    items.map(str::to_string).collect()
}

/// (true positives, false positives, misses, problems) of one fixture.
fn check(engine: &Engine, name: &str) -> (usize, usize, usize, Vec<String>) {
    let path = common::repo_path(&format!("fixtures/policies/adversarial/{name}"));
    let key_text = std::fs::read_to_string(path.with_file_name(format!("{name}.expected.toml"))).unwrap();
    let key: Key = toml::from_str(&key_text).unwrap_or_else(|e| panic!("{name}.expected.toml: {e}"));
    let text = policy::read_file(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let r: PolicyReport = policy::analyze(&text, engine);
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut problems = Vec::new();
    if r.format.as_str() != key.format {
        problems.push(format!("format {} (expected {})", r.format, key.format));
    }
    let got = [
        ("vendors", set(r.vendors.iter().map(|m| m.id.as_str())), &key.vendors, true),
        ("companies", set(r.companies.iter().map(|m| m.id.as_str())), &key.companies, true),
        ("categories", set(r.categories.iter().map(|m| m.category.as_str())), &key.categories, false),
        ("claims", set(r.claims.iter().map(|m| m.kind.as_str())), &key.claims, false),
    ];
    for (what, got, want, names) in got {
        let want = set(want.iter().map(String::as_str));
        if names {
            tp += got.intersection(&want).count();
            fp += got.difference(&want).count();
            fn_ += want.difference(&got).count();
        }
        if got != want {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            problems.push(format!("{what}: missing {missing:?}, unexpected {extra:?}"));
        }
    }
    common::check_traps(&r, &key.absent_vendors, &key.absent_claims, &key.quote, &mut problems);
    (tp, fp, fn_, problems)
}

#[test]
fn adversarial_fixtures_keep_precision_and_recall_at_one() {
    let engine = engine();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut problems = Vec::new();
    for name in FIXTURES {
        let (t, f, m, p) = check(&engine, name);
        (tp, fp, fn_) = (tp + t, fp + f, fn_ + m);
        problems.extend(p.into_iter().map(|p| format!("{name}: {p}")));
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    eprintln!("adversarial: {tp} names found, {fp} false, {fn_} missed: precision {precision:.3}, recall {recall:.3}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(fp == 0 && fn_ == 0);
}

#[test]
fn every_adversarial_fixture_is_listed() {
    for entry in std::fs::read_dir(common::repo_path("fixtures/policies/adversarial")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let fixture = name.strip_suffix(".expected.toml").unwrap_or(&name);
        assert!(FIXTURES.contains(&fixture), "adversarial/{name} is not in FIXTURES");
    }
}

/// The same word-named vendors that the fixtures find in a naming context are not found when the
/// policy uses the words as words, and the built-in database alone finds none of the test vendors.
#[test]
fn word_vendors_need_a_naming_context() {
    let engine = engine();
    let read = |s: &str| {
        let t = policy::PolicyText::new("inline", TextFormat::Text, s).unwrap();
        policy::analyze(&t, &engine).vendors.into_iter().map(|v| v.id).collect::<BTreeSet<_>>()
    };
    let none = BTreeSet::new();
    assert_eq!(read("Pulse rates and signal strength are shown on a monitor. Medium risk."), none);
    assert_eq!(read("PURE NECESSITY: WE USE A BEACON."), none);
    assert_eq!(read("A Guide To Pulse And Signal"), none);
    assert_eq!(read("Dr Iris Calloway and Victor Amsel run the practice; write to Max."), none);
    assert_eq!(read("We use Pulse to count visits."), BTreeSet::from(["pulse".to_string()]));
    assert_eq!(
        read("Pulse Metrics Ltd runs Pulse. Pulse Ltd is not a company we know."),
        BTreeSet::from(["pulse".to_string()])
    );
    assert_eq!(read("Signal, Inc. loads our tags."), BTreeSet::from(["signal".to_string()]));
    assert_eq!(read("Iris, LLC and Victor GmbH."), BTreeSet::from(["iris".to_string(), "victor".to_string()]));
    assert_eq!(read("Medium's privacy policy applies to our blog."), BTreeSet::from(["medium".to_string()]));
    assert_eq!(read("- Sumo"), BTreeSet::from(["sumo".to_string()]));
}
