//! The policy reader on the fixture policies in `fixtures/policies` (English) and its language folders
//! (`de/`, `fr/`, …), each against its answer key `NAME.expected.toml` (see `fixtures/policies/README.md`).
//!
//! The keys of the other languages also list every claim and category mention unit by unit (`[[claim]]`,
//! `[[category]]`) and the near misses that must yield none (`[[not_claim]]`, `[[not_category]]`); from
//! them [`claims_and_categories_per_language_reach_precision_and_recall_of_095`] computes and prints
//! precision and recall per language.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use trackaudit::model::PolicyReport;
use trackaudit::policy::{self, ReadOptions};
use trackaudit::vendors::Engine;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Key {
    format: String,
    #[serde(default)]
    language: Option<String>,
    vendors: Vec<String>,
    companies: Vec<String>,
    categories: Vec<String>,
    claims: Vec<String>,
    absent_vendors: Vec<String>,
    absent_claims: Vec<String>,
    #[serde(default)]
    quote: Vec<common::QuoteCheck>,
    /// Every claim, one per unit: its kind and a piece of the unit.
    #[serde(default)]
    claim: Vec<Mention>,
    /// Every category mention, one per category and unit.
    #[serde(default)]
    category: Vec<Mention>,
    /// Units that must yield no claim.
    #[serde(default)]
    not_claim: Vec<NearMiss>,
    /// Units that must yield no category.
    #[serde(default)]
    not_category: Vec<NearMiss>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Mention {
    #[serde(alias = "category")]
    kind: String,
    quote: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NearMiss {
    quote: String,
}

fn set<'a>(items: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    items.map(str::to_string).collect()
}

fn load(name: &str) -> (Key, PolicyReport) {
    let path = common::repo_path(&format!("fixtures/policies/{name}"));
    let file = path.file_name().unwrap().to_str().unwrap();
    let key: Key =
        toml::from_str(&std::fs::read_to_string(path.with_file_name(format!("{file}.expected.toml"))).unwrap())
            .unwrap_or_else(|e| panic!("{name}.expected.toml: {e}"));
    let text = policy::read_file(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    (key, policy::analyze(&text, &Engine::builtin()))
}

/// True positives, false positives and misses of one kind of mention, matched one to one: an expected
/// entry is met by a found mention of its kind whose quote contains the entry's text.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    missed: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.missed += o.missed;
    }
    fn precision(self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(self) -> f64 {
        self.tp as f64 / (self.tp + self.missed).max(1) as f64
    }
}

fn score(what: &str, found: &[(&str, &str)], expected: &[Mention], problems: &mut Vec<String>) -> Counts {
    let mut used = vec![false; found.len()];
    let mut c = Counts::default();
    for e in expected {
        let hit = (0..found.len()).find(|&i| !used[i] && found[i].0 == e.kind && found[i].1.contains(&e.quote));
        if let Some(i) = hit {
            used[i] = true;
            c.tp += 1;
        } else {
            c.missed += 1;
            problems.push(format!("missing {what} {} in “{}”", e.kind, e.quote));
        }
    }
    for (i, (kind, quote)) in found.iter().enumerate() {
        if !used[i] {
            c.fp += 1;
            problems.push(format!("unexpected {what} {kind} in “{quote}”"));
        }
    }
    c
}

/// Checks `name` against its key: the problems found, and the claim and category counts when the key lists
/// mentions.
fn check(name: &str) -> (Vec<String>, Option<(Counts, Counts)>) {
    let (key, r) = load(name);
    let mut problems = Vec::new();
    if r.format.as_str() != key.format {
        problems.push(format!("format {} (expected {})", r.format, key.format));
    }
    if let Some(want) = &key.language
        && r.language.map(trackaudit::model::Language::as_str) != Some(want.as_str())
    {
        problems.push(format!("language {:?} (expected {want})", r.language));
    }
    let got = [
        ("vendors", set(r.vendors.iter().map(|m| m.id.as_str())), &key.vendors),
        ("companies", set(r.companies.iter().map(|m| m.id.as_str())), &key.companies),
        ("categories", set(r.categories.iter().map(|m| m.category.as_str())), &key.categories),
        ("claims", set(r.claims.iter().map(|m| m.kind.as_str())), &key.claims),
    ];
    for (what, got, want) in got {
        let want = set(want.iter().map(String::as_str));
        if got != want {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            problems.push(format!("{what}: missing {missing:?}, unexpected {extra:?}"));
        }
    }
    common::check_traps(&r, &key.absent_vendors, &key.absent_claims, &key.quote, &mut problems);
    for n in &key.not_claim {
        for c in r.claims.iter().filter(|c| c.quote.contains(&n.quote)) {
            problems.push(format!("trap: “{}” is not a claim, found {}", n.quote, c.kind));
        }
    }
    for n in &key.not_category {
        for c in r.categories.iter().filter(|c| c.quote.contains(&n.quote)) {
            problems.push(format!("trap: “{}” names no category, found {} ({})", n.quote, c.category, c.matched));
        }
    }
    if key.claim.is_empty() && key.category.is_empty() {
        return (problems, None);
    }
    let claims: Vec<(&str, &str)> = r.claims.iter().map(|c| (c.kind.as_str(), c.quote.as_str())).collect();
    let cats: Vec<(&str, &str)> = r.categories.iter().map(|c| (c.category.as_str(), c.quote.as_str())).collect();
    let counts =
        (score("claim", &claims, &key.claim, &mut problems), score("category", &cats, &key.category, &mut problems));
    (problems, Some(counts))
}

macro_rules! fixture_tests {
    ($($test:ident => $file:expr,)*) => {
        /// Every fixture with a test, for the test that every answer key has one.
        const LISTED: &[&str] = &[$($file,)*];
        $(
            #[test]
            fn $test() {
                let (problems, _) = check($file);
                assert!(problems.is_empty(), "{}:\n  {}", $file, problems.join("\n  "));
            }
        )*
    };
}

fixture_tests! {
    termly_style_markdown_list => "termly-list.md",
    plain_prose_with_ordinary_word_traps => "plain-prose.txt",
    hard_wrapped_text_with_vague_categories => "hard-wrapped.txt",
    html_page_ignores_nav_footer_and_cookie_banner => "html-page.html",
    markdown_cookie_table_row_by_row => "cookie-table.md",
    html_cookie_table_row_by_row => "cookie-table.html",
    windows_1252_html_is_decoded => "windows-1252.html",
    latin1_text_without_declaration_is_decoded => "latin1.txt",
    claims_and_near_misses => "claims.txt",
    no_cookies_claim => "no-cookies.txt",
    ignored_dnt_claim => "dnt-ignored.txt",
    vue_single_file_component => "templates/privacy.vue",
    svelte_component => "templates/privacy.svelte",
    astro_page => "templates/privacy.astro",
    jekyll_liquid_markdown => "templates/jekyll-privacy.md",
    jekyll_liquid_html_include => "templates/jekyll-include.html",
    hugo_markdown_with_shortcodes => "templates/hugo-privacy.md",
    twig_template => "templates/privacy.html.twig",
    blade_view => "templates/privacy.blade.php",
    php_page => "templates/privacy.php",
    erb_view => "templates/privacy.html.erb",
    mdx_page => "templates/privacy.mdx",
    tsx_component => "templates/Privacy.tsx",
    german_online_shop => "de/onlineshop.txt",
    german_blog_markdown => "de/blog.md",
    french_shop_html_page => "fr/politique.html",
    french_association_without_cookies => "fr/association.md",
    spanish_shop => "es/tienda.txt",
    spanish_app_informal => "es/app.md",
    italian_shop_informativa => "it/informativa.txt",
    italian_office_without_cookies => "it/studio.md",
    dutch_web_shop => "nl/webshop.txt",
    dutch_association => "nl/vereniging.md",
    portuguese_brazilian_shop => "pt/loja.txt",
    portuguese_association => "pt/associacao.md",
    polish_shop => "pl/sklep.txt",
    polish_foundation => "pl/fundacja.md",
    swedish_shop => "sv/butik.txt",
    swedish_club => "sv/forening.md",
}

/// The source templates in `fixtures/policies/templates`.
const TEMPLATES: &[&str] = &[
    "privacy.vue",
    "privacy.svelte",
    "privacy.astro",
    "jekyll-privacy.md",
    "jekyll-include.html",
    "hugo-privacy.md",
    "privacy.html.twig",
    "privacy.blade.php",
    "privacy.php",
    "privacy.html.erb",
    "privacy.mdx",
    "Privacy.tsx",
];

/// Template and code syntax that must never reach the text, and so never a quote.
const SYNTAX: &[&str] = &[
    "{%",
    "%}",
    "{{",
    "}}",
    "{#",
    "#}",
    "{!!",
    "!!}",
    "{/",
    "{:",
    "{@",
    "<?",
    "?>",
    "<%",
    "%>",
    "@include",
    "@if",
    "@endif",
    "@extends",
    "@section",
    "@foreach",
    "=>",
    "import ",
    "export ",
    "const ",
    "<script",
    "<template",
];

#[test]
fn no_template_syntax_in_text_or_quotes() {
    let engine = Engine::builtin();
    let mut problems = Vec::new();
    for name in TEMPLATES {
        let path = common::repo_path(&format!("fixtures/policies/templates/{name}"));
        let t = match policy::read_file(&path, &ReadOptions::default()) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        for s in SYNTAX.iter().filter(|s| t.text.contains(*s)) {
            problems.push(format!("{name}: {s:?} in the text"));
        }
        let r = policy::analyze(&t, &engine);
        let quotes: Vec<&String> = r
            .vendors
            .iter()
            .map(|m| &m.quote)
            .chain(r.companies.iter().map(|m| &m.quote))
            .chain(r.categories.iter().map(|m| &m.quote))
            .chain(r.claims.iter().map(|m| &m.quote))
            .collect();
        for q in quotes.iter().filter(|q| q.contains(['{', '}', '<', '>'])) {
            problems.push(format!("{name}: quote {q:?}"));
        }
        if quotes.len() < 3 {
            problems.push(format!("{name}: only {} quotes", quotes.len()));
        }
        // Markdown offsets point into the file itself.
        if t.format.as_str() == "markdown" {
            let file = std::fs::read_to_string(&path).unwrap();
            for v in r.vendors.iter().filter(|v| !file[v.offset..].starts_with(&v.matched)) {
                problems.push(format!("{name}: {} is not at offset {}", v.matched, v.offset));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn template_prose_with_at_signs_and_translations_survives() {
    let text = |name: &str| {
        let path = common::repo_path(&format!("fixtures/policies/templates/{name}"));
        let t = policy::read_file(&path, &ReadOptions::default()).unwrap();
        t.text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let blade = text("privacy.blade.php");
    assert!(blade.contains("Questions? Write to privacy@ridgeline.test or find us as @ridgeline on Mastodon."));
    assert!(blade.contains("is a booking platform for climbing gyms run by Ridgeline Software Ltd."));
    let twig = text("privacy.html.twig");
    assert!(twig.contains("This notice explains what Orchard Lane Cycles collects when you shop with us."));
    assert!(twig.contains("We do not sell your personal information."));
    let svelte = text("privacy.svelte");
    assert!(svelte.contains("You can reach us at privacy@quillfeather.test or @quillfeather on Mastodon."));
    assert!(!svelte.contains("Privacy policy | Quillfeather"), "<svelte:head> is not text");
}

/// The language folders and the fixtures in each.
fn language_fixtures() -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(common::repo_path("fixtures/policies")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let lang = entry.file_name().into_string().unwrap();
        // Language folders are named by their ISO 639-1 code (`templates/` holds source templates).
        if lang.len() != 2 {
            continue;
        }
        for f in std::fs::read_dir(entry.path()).unwrap() {
            let name = f.unwrap().file_name().into_string().unwrap();
            if let Some(fixture) = name.strip_suffix(".expected.toml") {
                out.entry(lang.clone()).or_default().push(format!("{lang}/{fixture}"));
            }
        }
    }
    out
}

#[test]
fn every_fixture_has_a_test() {
    for entry in std::fs::read_dir(common::repo_path("fixtures/policies")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(fixture) = name.strip_suffix(".expected.toml") {
            assert!(LISTED.contains(&fixture), "{fixture} has an answer key but no test");
        }
    }
    for entry in std::fs::read_dir(common::repo_path("fixtures/policies/templates")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let fixture = name.strip_suffix(".expected.toml").unwrap_or(&name);
        assert!(TEMPLATES.contains(&fixture), "templates/{name} is not in TEMPLATES (and so has no test)");
    }
    let langs = language_fixtures();
    for (lang, fixtures) in &langs {
        assert!(fixtures.len() >= 2, "{lang}: at least two fixtures");
        for f in fixtures {
            assert!(LISTED.contains(&f.as_str()), "{f} has an answer key but no test");
        }
    }
    for lang in ["de", "fr", "es", "it", "nl", "pt", "pl", "sv"] {
        assert!(langs.contains_key(lang), "no fixtures for {lang}");
    }
}

#[test]
fn claims_and_categories_per_language_reach_precision_and_recall_of_095() {
    let mut report = String::new();
    let mut failures = Vec::new();
    let mut all = (Counts::default(), Counts::default());
    for (lang, fixtures) in language_fixtures() {
        let (mut claims, mut cats) = (Counts::default(), Counts::default());
        for f in &fixtures {
            let (problems, counts) = check(f);
            let (c, k) = counts.unwrap_or_else(|| panic!("{f}: the key lists no [[claim]] or [[category]]"));
            claims.add(c);
            cats.add(k);
            for p in problems.iter().filter(|p| p.starts_with("missing") || p.starts_with("unexpected")) {
                report.push_str(&format!("  {f}: {p}\n"));
            }
        }
        let mut both = claims;
        both.add(cats);
        all.0.add(claims);
        all.1.add(cats);
        report.push_str(&format!(
            "{lang}: claims P {:.3} R {:.3} ({} tp, {} fp, {} missed); categories P {:.3} R {:.3} ({} tp, {} fp, {} missed); together P {:.3} R {:.3}\n",
            claims.precision(), claims.recall(), claims.tp, claims.fp, claims.missed,
            cats.precision(), cats.recall(), cats.tp, cats.fp, cats.missed,
            both.precision(), both.recall(),
        ));
        for (what, c) in [("claims", claims), ("categories", cats)] {
            if c.precision() < 0.95 || c.recall() < 0.95 {
                failures.push(format!("{lang} {what}: P {:.3} R {:.3}", c.precision(), c.recall()));
            }
        }
    }
    report.push_str(&format!(
        "all: claims P {:.3} R {:.3}; categories P {:.3} R {:.3}\n",
        all.0.precision(),
        all.0.recall(),
        all.1.precision(),
        all.1.recall()
    ));
    eprintln!("{report}");
    assert!(failures.is_empty(), "below 0.95: {failures:?}\n{report}");
}

#[derive(Deserialize)]
struct Sentences {
    s: Vec<Sentence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sentence {
    lang: String,
    text: String,
    #[serde(default)]
    claims: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
}

/// Sentences written after the rules, read in their language and English. This measures how the rules
/// carry over to phrasings they were not written for; the bar is lower than for the answer keys.
#[test]
fn new_sentences_per_language() {
    use trackaudit::model::Language;
    use trackaudit::policy::{categories, claims, segment};
    let file: Sentences =
        toml::from_str(&std::fs::read_to_string(common::repo_path("fixtures/policies/sentences.toml")).unwrap())
            .unwrap();
    let mut per: BTreeMap<String, Counts> = BTreeMap::new();
    let mut misses = String::new();
    for s in &file.s {
        let lang = Language::ALL.into_iter().find(|l| l.as_str() == s.lang).expect("a known language");
        let seg = segment::segment(&s.text);
        let readers = [Language::En, lang];
        let got: BTreeSet<String> = claims::find(&seg, &readers)
            .iter()
            .map(|c| c.kind.to_string())
            .chain(categories::find(&seg, &[], &readers).iter().map(|c| c.category.to_string()))
            .collect();
        let want: BTreeSet<String> = s.claims.iter().chain(&s.categories).cloned().collect();
        let c = per.entry(s.lang.clone()).or_default();
        c.tp += got.intersection(&want).count();
        c.fp += got.difference(&want).count();
        c.missed += want.difference(&got).count();
        if got != want {
            misses.push_str(&format!("  {}: {:?} found {got:?}, expected {want:?}\n", s.lang, s.text));
        }
    }
    let mut all = Counts::default();
    let mut report = String::new();
    for (lang, c) in &per {
        all.add(*c);
        report.push_str(&format!(
            "{lang}: P {:.3} R {:.3} ({} tp, {} fp, {} missed)\n",
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.missed
        ));
    }
    report.push_str(&format!("all new sentences: P {:.3} R {:.3}\n{misses}", all.precision(), all.recall()));
    eprintln!("{report}");
    assert!(all.precision() >= 0.9 && all.recall() >= 0.8, "{report}");
}

#[test]
fn legacy_encodings_decode_to_the_right_characters() {
    let t =
        policy::read_file(&common::repo_path("fixtures/policies/windows-1252.html"), &ReadOptions::default()).unwrap();
    assert!(t.text.contains("we’re") || t.text.contains("We’re"), "curly apostrophe from byte 0x92");
    assert!(t.text.contains("Société"));
    let t = policy::read_file(&common::repo_path("fixtures/policies/latin1.txt"), &ReadOptions::default()).unwrap();
    assert!(t.text.contains("Données personnelles") && t.text.contains("Zürich"));
}
