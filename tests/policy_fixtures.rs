//! The policy reader on the fixture policies in `fixtures/policies`, each against its answer key
//! `NAME.expected.toml` (see `fixtures/policies/README.md`).

mod common;

use std::collections::BTreeSet;

use serde::Deserialize;
use trackaudit::model::PolicyReport;
use trackaudit::policy::{self, ReadOptions};
use trackaudit::vendors::Engine;

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
    quote: Vec<QuoteCheck>,
}

#[derive(Deserialize)]
struct QuoteCheck {
    entity: String,
    contains: String,
}

fn set<'a>(items: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    items.map(str::to_string).collect()
}

fn check(name: &str) -> Vec<String> {
    let path = common::repo_path(&format!("fixtures/policies/{name}"));
    let file = path.file_name().unwrap().to_str().unwrap();
    let key: Key =
        toml::from_str(&std::fs::read_to_string(path.with_file_name(format!("{file}.expected.toml"))).unwrap())
            .unwrap_or_else(|e| panic!("{name}.expected.toml: {e}"));
    let text = policy::read_file(&path, &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let r: PolicyReport = policy::analyze(&text, &Engine::builtin());
    let mut problems = Vec::new();
    if r.format.as_str() != key.format {
        problems.push(format!("format {} (expected {})", r.format, key.format));
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
    for absent in &key.absent_vendors {
        if r.vendors.iter().any(|v| &v.id == absent) {
            problems.push(format!("trap: vendor {absent} must not be found"));
        }
    }
    for absent in &key.absent_claims {
        if r.claims.iter().any(|c| c.kind.as_str() == absent) {
            problems.push(format!("trap: claim {absent} must not be found"));
        }
    }
    for q in &key.quote {
        let quotes: Vec<&str> = r
            .vendors
            .iter()
            .filter(|v| v.id == q.entity)
            .map(|v| v.quote.as_str())
            .chain(r.companies.iter().filter(|c| c.id == q.entity).map(|c| c.quote.as_str()))
            .collect();
        if !quotes.iter().any(|s| s.contains(&q.contains)) {
            problems.push(format!("no quote for {} contains {:?}: {quotes:?}", q.entity, q.contains));
        }
    }
    problems
}

macro_rules! fixture_tests {
    ($($test:ident => $file:expr,)*) => {$(
        #[test]
        fn $test() {
            let problems = check($file);
            assert!(problems.is_empty(), "{}:\n  {}", $file, problems.join("\n  "));
        }
    )*};
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

#[test]
fn every_fixture_has_a_test() {
    let listed = [
        "termly-list.md",
        "plain-prose.txt",
        "hard-wrapped.txt",
        "html-page.html",
        "cookie-table.md",
        "cookie-table.html",
        "windows-1252.html",
        "latin1.txt",
        "claims.txt",
        "no-cookies.txt",
        "dnt-ignored.txt",
    ];
    for entry in std::fs::read_dir(common::repo_path("fixtures/policies")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(fixture) = name.strip_suffix(".expected.toml") {
            assert!(listed.contains(&fixture), "{fixture} has an answer key but no test");
        }
    }
    for entry in std::fs::read_dir(common::repo_path("fixtures/policies/templates")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let fixture = name.strip_suffix(".expected.toml").unwrap_or(&name);
        assert!(TEMPLATES.contains(&fixture), "templates/{name} is not in TEMPLATES (and so has no test)");
    }
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
