//! Why Chromium could not start, open a tab or read a page.

use std::path::PathBuf;
use std::sync::Arc;

use chromiumoxide::error::CdpError;
use url::Url;

use crate::fetch::guard::PrivateAddress;

/// What went wrong in the browser engine.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum BrowserError {
    /// The profile or temp folder could not be made.
    #[error("cannot {what}: {source}")]
    Profile {
        /// What was being done (`create a Chromium profile folder`).
        what: &'static str,
        /// What the system said.
        source: std::io::Error,
    },
    /// chromiumoxide refused the launch settings.
    #[error("invalid Chromium configuration: {0}")]
    Config(String),
    /// The process did not start or did not answer the DevTools handshake.
    #[error("Chromium ({}) could not be started: {source}", executable.display())]
    Launch {
        /// The executable.
        executable: PathBuf,
        /// What the DevTools client said.
        source: CdpError,
    },
    /// The pool was shut down while waiting for a browser.
    #[error("the browser pool is closed")]
    PoolClosed,
    /// A DevTools command got no answer in time.
    #[error("Chromium did not answer ({0})")]
    NoAnswer(&'static str),
    /// A DevTools command failed.
    #[error("Chromium could not {what}: {source}")]
    Command {
        /// What was asked (`open a tab`).
        what: &'static str,
        /// What the DevTools client said.
        source: CdpError,
    },
    /// The address guard refused the page.
    #[error(transparent)]
    Refused(#[from] PrivateAddress),
    /// Navigation failed.
    #[error("{url} could not be loaded in Chromium: {source}")]
    Load {
        /// The page.
        url: Url,
        /// What the DevTools client said.
        source: CdpError,
    },
    /// Navigation did not finish in time.
    #[error("{url} did not finish loading within {secs} s")]
    LoadTimeout {
        /// The page.
        url: Url,
        /// The page timeout.
        secs: u64,
    },
    /// The rendered DOM could not be read.
    #[error("cannot read the DOM of {url}: {source}")]
    Dom {
        /// The page.
        url: Url,
        /// What the DevTools client said.
        source: CdpError,
    },
    /// Reading the rendered DOM took too long.
    #[error("reading the DOM of {url} timed out")]
    DomTimeout {
        /// The page.
        url: Url,
    },
    /// The browser died or hung: every later page of the session fails with this, and the pool replaces it.
    #[error("Chromium crashed or stopped responding ({0}); it will be restarted")]
    Crashed(Arc<BrowserError>),
    /// The browser hung while a site's context was closed.
    #[error("Chromium stopped responding while closing a site's context")]
    HungClosing,
    /// The session was still shared when the site ended (a bug, reported rather than hidden).
    #[error("the browser session was still in use")]
    StillInUse,
    /// An earlier failure broke the session.
    #[error(transparent)]
    Broken(Arc<BrowserError>),
}
