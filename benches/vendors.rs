//! Vendor-database load: the time and memory it takes to read the built-in `vendors.toml` and compile the
//! matching engine, and what the first lookups of each kind cost.
//!
//! Run with `scripts/bench-vendors` (or `cargo bench --bench vendors`). `VENDORS=FILE` also times the
//! validating load of FILE on its own (what `trackaudit vendors check FILE --standalone` does). Memory is
//! counted by a wrapping allocator: bytes still allocated once the engine is built, and the peak on the way.
//! It prints figures and asserts nothing about time.
#![allow(unsafe_code)] // the allocation-counting global allocator below
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use trackaudit::policy::{self, ReadOptions};
use trackaudit::vendors::{self, Engine, VendorDb, check};

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Runs `f` `n` times and returns the fastest run (the machine is shared; the minimum is the least disturbed).
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..n)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .expect("n > 0")
}

/// Time and memory of one cold run of `f`: (time, bytes kept, peak bytes above the start).
fn measured<T>(f: impl FnOnce() -> T) -> (T, Duration, usize, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    let kept = LIVE.load(Ordering::Relaxed).saturating_sub(base);
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    (out, took, kept, peak)
}

/// Policy text (the fixtures and, when present, the seed policies) repeated to about `target` bytes.
fn policy_corpus(root: &std::path::Path, target: usize) -> Vec<trackaudit::policy::PolicyText> {
    let mut docs = Vec::new();
    for dir in [root.join("fixtures/policies"), root.join("../shared/seeds")] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if (name.ends_with(".txt") || name.ends_with(".md")) && !name.ends_with("README.md") {
                docs.extend(policy::read_file(&p, &ReadOptions::default()).ok());
            }
        }
    }
    let mut out = Vec::new();
    let mut total = 0;
    while total < target && !docs.is_empty() {
        for d in &docs {
            total += d.text.len();
            out.push(d.clone());
        }
    }
    out
}

/// Policy-reader throughput and URL lookups with `engine`.
fn throughput(label: &str, engine: &Engine, corpus: &[trackaudit::policy::PolicyText]) {
    let bytes: usize = corpus.iter().map(|d| d.text.len()).sum();
    let secs = best(2, || corpus.iter().map(|d| policy::analyze(d, engine).vendors.len()).sum::<usize>()).as_secs_f64();
    let mut urls: Vec<url::Url> = Vec::new();
    for (i, v) in engine.db().vendors().iter().enumerate() {
        for d in &v.domains {
            urls.extend(url::Url::parse(&format!("https://cdn.{d}/static/js/app.{i}.js?v=1")).ok());
        }
        urls.extend(url::Url::parse(&format!("https://assets{i}.example-shop.org/js/main.js")).ok());
    }
    let url_secs = best(2, || urls.iter().filter(|u| engine.vendor_for_url(u).is_some()).count()).as_secs_f64();
    println!(
        "  {label}: policy analyse {:.1} MB/s ({:.1} MB); URL lookups {:.0} per s ({} URLs)",
        bytes as f64 / 1e6 / secs,
        bytes as f64 / 1e6,
        urls.len() as f64 / url_secs,
        urls.len()
    );
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (db, t_db, db_kept, db_peak) = measured(VendorDb::load_builtin);
    let db = Arc::new(db);
    println!(
        "vendor database: {} vendors, {} companies, {:.1} MB of TOML",
        db.vendors().len(),
        db.companies().len(),
        vendors::BUILTIN_TOML.len() as f64 / 1e6
    );
    let (engine, t_engine, engine_kept, engine_peak) = measured(|| Engine::new(Arc::clone(&db)));
    println!(
        "  cold load: read {:.1} ms + compile {:.1} ms = {:.1} ms; {:.1} MiB kept (database {:.1}, engine {:.1}), peak {:.1} MiB",
        t_db.as_secs_f64() * 1e3,
        t_engine.as_secs_f64() * 1e3,
        (t_db + t_engine).as_secs_f64() * 1e3,
        mib(db_kept + engine_kept),
        mib(db_kept),
        mib(engine_kept),
        mib(db_peak.max(db_kept + engine_peak))
    );

    // The first lookup of each kind (anything compiled on first use is paid here), then a warm one.
    let url = url::Url::parse("https://www.googletagmanager.com/gtag/js?id=G-ABC123").expect("valid URL");
    let policy_path = root.join("fixtures/policies/claims.txt");
    let doc = policy::read_file(&policy_path, &ReadOptions::default()).expect("fixture policy reads");
    let firsts: [(&str, &dyn Fn()); 5] = [
        ("script URL", &|| {
            std::hint::black_box(engine.vendor_for_url(&url));
        }),
        ("cookie", &|| {
            std::hint::black_box(engine.vendor_for_cookie("_ga_ABC123"));
        }),
        ("signatures", &|| drop(std::hint::black_box(engine.signatures_in("gtag('config', 'G-X')")))),
        ("tracker ids", &|| drop(std::hint::black_box(engine.ids_in("gtag('config', 'G-ABC123')")))),
        ("policy names", &|| drop(std::hint::black_box(policy::analyze(&doc, &engine)))),
    ];
    let mut line = String::from("  first lookup:");
    for (name, f) in firsts {
        let ((), cold, kept, _) = measured(f);
        let warm = best(5, f);
        line.push_str(&format!(
            " {name} {:.2} ms (then {:.1} us, +{:.1} MiB);",
            cold.as_secs_f64() * 1e3,
            warm.as_secs_f64() * 1e6,
            mib(kept)
        ));
    }
    println!("{}", line.trim_end_matches(';'));

    let (_, t_alias, alias_kept, _) = measured(|| trackaudit::vendors::aliases::AliasIndex::new(&db));
    println!(
        "  the alias automaton (built on the first policy lookup, not at load): {:.1} ms, {:.1} MiB",
        t_alias.as_secs_f64() * 1e3,
        mib(alias_kept)
    );
    let warm_db = best(5, VendorDb::load_builtin);
    let warm_engine = best(5, || Engine::new(Arc::clone(&db)));
    println!(
        "  warm load (best of 5): read {:.1} ms + compile {:.1} ms",
        warm_db.as_secs_f64() * 1e3,
        warm_engine.as_secs_f64() * 1e3
    );
    let validate = best(3, || check::load(&[vendors::builtin_file()]));
    println!("  validation (`trackaudit vendors check`): {:.1} ms", validate.as_secs_f64() * 1e3);
    let corpus = policy_corpus(root, 5_000_000);
    throughput("built-in", &engine, &corpus);

    if let Ok(path) = std::env::var("VENDORS") {
        let file = vendors::read_file(path.as_ref()).expect("VENDORS names a readable file");
        let (out, took, kept, _) = measured(|| check::load(std::slice::from_ref(&file)));
        let (report, db) = out;
        match db {
            Some(db) => {
                let (vendors, companies) = (db.vendors().len(), db.companies().len());
                let (_, t_alias, alias_kept, _) = measured(|| trackaudit::vendors::aliases::AliasIndex::new(&db));
                let (engine, t_engine, engine_kept, _) = measured(|| Engine::new(Arc::new(db)));
                println!(
                    "  {path} ({vendors} vendors, {companies} companies): validated in {:.1} ms + compile {:.1} ms, {:.1} MiB kept (aliases {:.1} ms, {:.1} MiB)",
                    took.as_secs_f64() * 1e3,
                    t_engine.as_secs_f64() * 1e3,
                    mib(kept + engine_kept),
                    t_alias.as_secs_f64() * 1e3,
                    mib(alias_kept)
                );
                throughput(&path, &engine, &corpus);
            }
            None => println!("  {path}: {} error(s)", report.error_count()),
        }
    }
}
