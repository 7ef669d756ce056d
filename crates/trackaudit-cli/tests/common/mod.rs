//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (this crate is `crates/trackaudit-cli` in it).
pub fn repo() -> &'static Path {
    static ROOT: std::sync::LazyLock<PathBuf> = std::sync::LazyLock::new(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        root.canonicalize().unwrap_or(root)
    });
    &ROOT
}

/// A path under the repository root.
pub fn repo_path(rel: &str) -> PathBuf {
    repo().join(rel)
}

/// The `trackaudit` binary, run from the repository root.
pub fn trackaudit() -> Command {
    let mut cmd = Command::cargo_bin("trackaudit").expect("binary is built");
    cmd.current_dir(repo());
    cmd.env_remove("NO_COLOR");
    // The static engine unless a test asks for Chromium with `--engine chrome` (arguments win over this).
    cmd.env("TRACKAUDIT_ENGINE", "static");
    cmd
}

/// `../shared/<rel>` beside the checkout. Under `CI=true` a missing folder fails the test (CI must run with
/// `../shared` in place); elsewhere the test is skipped with a message.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let dir = repo().join("..").join("shared").join(rel);
    if dir.exists() {
        return Some(dir);
    }
    assert!(
        !std::env::var("CI").is_ok_and(|v| v == "true"),
        "{} is missing: CI runs with ../shared beside the checkout",
        dir.display()
    );
    eprintln!("skipping: {} is missing (this test needs ../shared beside the checkout)", dir.display());
    None
}

/// Whether Chromium is here. Under `CI=true` a missing Chromium fails the test (`.ci/run` installs it);
/// elsewhere the test is skipped with a message.
pub fn have_chrome() -> bool {
    if trackaudit::audit::find_chrome().is_some() {
        return true;
    }
    assert!(
        !std::env::var("CI").is_ok_and(|v| v == "true"),
        "Chromium is missing: .ci/run installs it (apt-get install -y chromium)"
    );
    eprintln!("skipping: Chromium not found (install it with apt-get install chromium, or set $CHROME)");
    false
}

/// A fixture key's `[[quote]]`: some quote of `entity` (a vendor or company id) contains `contains`.
#[derive(serde::Deserialize)]
pub struct QuoteCheck {
    pub entity: String,
    pub contains: String,
}

/// The traps of a policy-fixture key: vendors and claims that must not be found, and quotes that must be.
pub fn check_traps(
    r: &trackaudit::model::PolicyReport,
    absent_vendors: &[String],
    absent_claims: &[String],
    quotes: &[QuoteCheck],
    problems: &mut Vec<String>,
) {
    for absent in absent_vendors {
        if r.vendors.iter().any(|v| &v.id == absent) {
            problems.push(format!("trap: vendor {absent} must not be found"));
        }
    }
    for absent in absent_claims {
        if r.claims.iter().any(|c| c.kind.as_str() == absent) {
            problems.push(format!("trap: claim {absent} must not be found"));
        }
    }
    for q in quotes {
        let found: Vec<&str> = r
            .vendors
            .iter()
            .filter(|v| v.id == q.entity)
            .map(|v| v.quote.as_str())
            .chain(r.companies.iter().filter(|c| c.id == q.entity).map(|c| c.quote.as_str()))
            .collect();
        if !found.iter().any(|s| s.contains(&q.contains)) {
            problems.push(format!("no quote for {} contains {:?}: {found:?}", q.entity, q.contains));
        }
    }
}
