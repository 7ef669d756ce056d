//! The browser engine's own settings, plain data available in every build (the engine itself needs the
//! `browser` feature).

use std::path::PathBuf;
use std::time::Duration;

/// Time allowed by default for a page to reach its load event in the browser engine.
pub const DEFAULT_PAGE_TIMEOUT: Duration = Duration::from_secs(30);
/// The network quiet period awaited by default after the load event.
pub const DEFAULT_QUIET: Duration = Duration::from_secs(2);
/// The longest wait by default for the quiet period, after the load event.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(10);

/// How the browser engine runs: the settings of its own (the HTTP identity, host rules and address guard
/// come from the auditor's [`FetchConfig`](crate::fetch::FetchConfig), so that both engines behave alike).
#[derive(Debug, Clone)]
pub struct BrowserSettings {
    /// The Chromium executable; `None` to look for it ([`find_chrome`](crate::audit::find_chrome)).
    pub executable: Option<PathBuf>,
    /// Chromium processes at most (one per site in flight).
    pub workers: usize,
    /// Time allowed for a page to reach its load event.
    pub page_timeout: Duration,
    /// The network quiet period awaited after the load event.
    pub quiet: Duration,
    /// The longest wait for the quiet period, after the load event.
    pub max_wait: Duration,
    /// Where to write a screenshot of each page (created when missing).
    pub screenshots: Option<PathBuf>,
    /// Where to write a HAR file per site and consent state (created when missing).
    pub har: Option<PathBuf>,
}

impl Default for BrowserSettings {
    fn default() -> Self {
        BrowserSettings {
            executable: None,
            workers: 1,
            page_timeout: DEFAULT_PAGE_TIMEOUT,
            quiet: DEFAULT_QUIET,
            max_wait: DEFAULT_MAX_WAIT,
            screenshots: None,
            har: None,
        }
    }
}
