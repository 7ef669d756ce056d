//! The browser engine's own settings, plain data available in every build (the engine itself needs the
//! `browser` feature).

use std::path::PathBuf;
use std::time::Duration;

/// Time allowed by default for a page to reach its load event in the browser engine.
pub const DEFAULT_PAGE_TIMEOUT: Duration = Duration::from_secs(30);
/// The network quiet period awaited by default after the load event (with [`Settle::Smart`], which also waits
/// for requests in flight and timers about to fire; [`Settle::Fixed`] used 2 s).
pub const DEFAULT_QUIET: Duration = Duration::from_millis(500);
/// The longest wait by default for the quiet period, after the load event.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(10);

/// Pages of a site loading at once by default in the browser engine (`--tabs`).
pub const DEFAULT_TABS: usize = 3;
/// Most pages of a site loading at once (`--tabs`; more is taken as this).
pub const MAX_TABS: usize = 32;

/// When a page counts as done after its load event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Settle {
    /// No request in flight, no network event for the quiet period, and no page timer due within 5 s of the
    /// load event (a tag that sends its beacon a few seconds late is waited for); at most `max_wait`.
    #[default]
    Smart,
    /// No network event for the quiet period, at most `max_wait` (the engine's rule before `Smart`; with
    /// `--quiet-ms 2000`, its old default).
    Fixed,
}

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
    /// The rule for when a page is done.
    pub settle: Settle,
    /// The longest wait for the quiet period, after the load event.
    pub max_wait: Duration,
    /// Pages of a site loading at once, each in its own tab of the site's context (the first page, where the
    /// consent banner is clicked, loads alone).
    pub tabs: usize,
    /// Where to write a screenshot of each page (created when missing).
    pub screenshots: Option<PathBuf>,
    /// Where to write a HAR file per site and consent state (created when missing).
    pub har: Option<PathBuf>,
    /// Whether pages get the behaviour probes (an init script recording calls to the APIs fingerprinting
    /// and session recording use). Off, nothing of what scripts do is seen, only what they load.
    pub probes: bool,
}

impl Default for BrowserSettings {
    fn default() -> Self {
        BrowserSettings {
            executable: None,
            workers: 1,
            page_timeout: DEFAULT_PAGE_TIMEOUT,
            quiet: DEFAULT_QUIET,
            settle: Settle::Smart,
            max_wait: DEFAULT_MAX_WAIT,
            tabs: DEFAULT_TABS,
            screenshots: None,
            har: None,
            probes: true,
        }
    }
}
