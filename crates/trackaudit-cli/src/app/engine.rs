//! Choosing the engine (`--engine static|chrome|auto`) and setting up Chromium for it.

use std::path::PathBuf;
#[cfg(feature = "browser")]
use std::sync::Arc;
use std::time::Duration;

use trackaudit::audit::{Auditor, EngineKind};
use trackaudit::fetch::FetchConfig;

/// The engine asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EngineChoice {
    /// HTML only.
    Static,
    /// Chromium, or an error when it is missing.
    Chrome,
    /// Chromium when it is found, else the static engine (with a notice).
    #[default]
    Auto,
}

/// Browser-engine settings from the command line.
#[derive(Debug, Clone)]
// Without the `browser` feature the browser's settings are parsed but unused.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub struct EngineOptions {
    /// The engine asked for.
    pub choice: EngineChoice,
    /// Chromium processes at most.
    pub workers: usize,
    /// Time allowed for a page to load.
    pub page_timeout: Duration,
    /// Network quiet period after the load event.
    pub quiet: Duration,
    /// Longest wait for the quiet period.
    pub max_wait: Duration,
    /// Screenshot folder.
    pub screenshots: Option<PathBuf>,
    /// HAR folder.
    pub har: Option<PathBuf>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            choice: EngineChoice::Static,
            workers: 1,
            page_timeout: Duration::from_secs(30),
            quiet: Duration::from_secs(2),
            max_wait: Duration::from_secs(10),
            screenshots: None,
            har: None,
        }
    }
}

/// The engine in use, and the Chromium pool when it is the browser engine (to be shut down at the end).
pub(crate) struct EngineSetup {
    pub(crate) kind: EngineKind,
    #[cfg(feature = "browser")]
    pub(crate) pool: Option<Arc<trackaudit::browser::BrowserPool>>,
}

impl EngineSetup {
    /// Lends the pool to an auditor.
    pub(crate) fn attach(&self, auditor: Auditor) -> Auditor {
        #[cfg(feature = "browser")]
        if let Some(pool) = &self.pool {
            return auditor.with_browsers(Arc::clone(pool));
        }
        auditor
    }

    /// Closes every Chromium and removes its profile.
    pub(crate) async fn shutdown(&self) {
        #[cfg(feature = "browser")]
        if let Some(pool) = &self.pool {
            let _ = tokio::time::timeout(Duration::from_secs(20), pool.shutdown()).await;
        }
    }
}

/// Picks the engine; says on standard error which one `auto` chose.
pub(crate) fn setup(opts: &EngineOptions, fetch: &FetchConfig) -> anyhow::Result<EngineSetup> {
    let stat = || EngineSetup {
        kind: EngineKind::Static,
        #[cfg(feature = "browser")]
        pool: None,
    };
    if opts.choice == EngineChoice::Static {
        return Ok(stat());
    }
    #[cfg(not(feature = "browser"))]
    {
        if opts.choice == EngineChoice::Chrome {
            anyhow::bail!("this trackaudit was built without the `browser` feature; use --engine static");
        }
        eprintln!("trackaudit: notice: built without the browser engine; using the static engine");
        let _ = fetch;
        Ok(stat())
    }
    #[cfg(feature = "browser")]
    {
        use trackaudit::browser::{BrowserOptions, BrowserPool, find_chrome};
        let Some(exe) = find_chrome() else {
            let hint = "install Chromium (Debian/Ubuntu: apt-get install chromium) or set $CHROME to its path";
            if opts.choice == EngineChoice::Chrome {
                anyhow::bail!("Chromium was not found ({hint}), or use --engine static");
            }
            eprintln!("trackaudit: notice: Chromium was not found ({hint}); using the static engine (HTML only)");
            return Ok(stat());
        };
        if opts.choice == EngineChoice::Auto {
            eprintln!("trackaudit: engine: chrome ({})", exe.display());
        }
        for dir in [&opts.screenshots, &opts.har].into_iter().flatten() {
            std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        }
        let browser = BrowserOptions {
            workers: opts.workers.max(1),
            page_timeout: opts.page_timeout,
            quiet: opts.quiet,
            max_wait: opts.max_wait,
            screenshots: opts.screenshots.clone(),
            har: opts.har.clone(),
            rules: fetch.rules.clone(),
            insecure: fetch.accept_invalid_certs,
            allow_private: fetch.allow_private,
            // The default identity is Chromium's own user agent (not the static engine's Windows one).
            user_agent: (fetch.user_agent != trackaudit::fetch::DEFAULT_USER_AGENT).then(|| fetch.user_agent.clone()),
            accept_language: fetch.accept_language.clone(),
            ..BrowserOptions::new(exe)
        };
        Ok(EngineSetup { kind: EngineKind::Chrome, pool: Some(BrowserPool::new(browser)) })
    }
}
