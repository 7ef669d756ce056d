//! Policy-reader throughput: MB/s of policy text analysed on one core.
//!
//! Run with `scripts/bench-policy` (or `cargo bench --bench policy`). It reads every fixture policy and, when
//! present, the real policies in `../shared/seeds`, repeats them into a corpus of about 20 MB per format,
//! and times `policy::analyze` (segmentation, names, categories, claims) plus, for HTML, text extraction.
//! It prints figures and asserts nothing about time.

use std::path::Path;
use std::time::Instant;

use trackaudit::model::TextFormat;
use trackaudit::policy::{self, PolicyText, ReadOptions};
use trackaudit::vendors::Engine;

fn load(dir: &Path, out: &mut Vec<PolicyText>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with(".toml") || name.ends_with("README.md") || name.starts_with('.') {
            continue;
        }
        if let Ok(t) = policy::read_file(&p, &ReadOptions::default()) {
            out.push(t);
        }
    }
}

/// Time of each stage, to show where the time goes.
fn stages(doc: &PolicyText, engine: &Engine) {
    use trackaudit::policy::{categories, claims, mentions, segment};
    let t = Instant::now();
    let seg = segment::segment(&doc.text);
    let t_seg = t.elapsed();
    let t = Instant::now();
    let names = mentions::find(&seg, engine);
    let t_names = t.elapsed();
    let t = Instant::now();
    categories::find(&seg, &names.spans);
    let t_cat = t.elapsed();
    let t = Instant::now();
    claims::find(&seg);
    let t_claims = t.elapsed();
    println!(
        "  {:<8} stages: segment {t_seg:.2?}, names {t_names:.2?}, categories {t_cat:.2?}, claims {t_claims:.2?}",
        doc.format.as_str()
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = Vec::new();
    load(&root.join("fixtures/policies"), &mut docs);
    load(&root.join("../shared/seeds"), &mut docs);
    let engine = Engine::builtin();
    // Warm up: compile the engine and the static regexes.
    for d in &docs {
        policy::analyze(d, &engine);
    }

    const TARGET: usize = 20 * 1024 * 1024;
    println!("policy reader, one core, {} source policies", docs.len());
    for format in [TextFormat::Markdown, TextFormat::Text] {
        let pieces: Vec<&PolicyText> = docs.iter().filter(|d| d.format == format).collect();
        if pieces.is_empty() {
            continue;
        }
        let mut corpus = String::with_capacity(TARGET + 100_000);
        while corpus.len() < TARGET {
            for p in &pieces {
                corpus.push_str(&p.text);
                corpus.push_str("\n\n");
            }
        }
        let doc = PolicyText { source: "corpus".into(), format, text: corpus };
        stages(&doc, &engine);
        // Best of three runs: the machine is shared, and the minimum is the least disturbed figure.
        let mut secs = f64::MAX;
        let mut report = None;
        for _ in 0..3 {
            let start = Instant::now();
            report = Some(policy::analyze(&doc, &engine));
            secs = secs.min(start.elapsed().as_secs_f64());
        }
        let report = report.expect("ran three times");
        let mb = doc.text.len() as f64 / 1e6;
        // The template pass every policy goes through before analysis (this corpus has no tags to find).
        let name = if format == TextFormat::Markdown { "corpus.md" } else { "corpus.txt" };
        let mut tsecs = f64::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let prepared = policy::template::prepare(name, &doc.text);
            std::hint::black_box(prepared.text(format));
            tsecs = tsecs.min(start.elapsed().as_secs_f64());
        }
        println!("  {format:<8} template pass: {mb:7.1} MB in {tsecs:6.3} s = {:7.1} MB/s", mb / tsecs);
        println!(
            "  {format:<8} analyse: {mb:7.1} MB in {secs:6.3} s = {:7.1} MB/s  ({} vendor, {} company, {} category, {} claim mentions)",
            mb / secs,
            report.vendors.len(),
            report.companies.len(),
            report.categories.len(),
            report.claims.len()
        );
    }

    // HTML: extraction (DOM, readability, rendering) dominates; measure whole documents end to end.
    let html: Vec<Vec<u8>> = ["html-page.html", "cookie-table.html", "windows-1252.html"]
        .iter()
        .filter_map(|n| std::fs::read(root.join("fixtures/policies").join(n)).ok())
        .collect();
    let (mut bytes, mut n) = (0usize, 0usize);
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 3.0 {
        for h in &html {
            let t =
                policy::from_bytes("bench.html", h, Some("text/html"), &ReadOptions::default()).expect("fixture reads");
            policy::analyze(&t, &engine);
            bytes += h.len();
            n += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let html_line = (n, bytes, secs);

    // Source templates (fixtures/policies/templates): components and template tags, read and analysed.
    let dir = root.join("fixtures/policies/templates");
    let mut templates: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| !p.to_string_lossy().ends_with(".toml"))
                .filter_map(|p| Some((p.file_name()?.to_str()?.to_string(), std::fs::read(&p).ok()?)))
                .collect()
        })
        .unwrap_or_default();
    templates.sort();
    let (mut tbytes, mut tn) = (0usize, 0usize);
    let start = Instant::now();
    while !templates.is_empty() && start.elapsed().as_secs_f64() < 3.0 {
        for (name, bytes) in &templates {
            let t = policy::from_bytes(name, bytes, None, &ReadOptions::default()).expect("fixture reads");
            policy::analyze(&t, &engine);
            tbytes += bytes.len();
            tn += 1;
        }
    }
    let tsecs = start.elapsed().as_secs_f64();
    let (n, bytes, secs) = html_line;
    println!(
        "  html     read+analyse: {n} pages, {:.1} MB of HTML in {secs:.2} s = {:.1} MB/s, {:.2} ms per page",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs,
        secs * 1000.0 / n as f64
    );
    if tn > 0 {
        println!(
            "  template read+analyse: {tn} reads of {} fixtures, {:.1} MB in {tsecs:.2} s = {:.1} MB/s, {:.2} ms per file",
            templates.len(),
            tbytes as f64 / 1e6,
            tbytes as f64 / 1e6 / tsecs,
            tsecs * 1000.0 / tn as f64
        );
    }
}
