//! Why a page of the crawl was not read.

use std::path::PathBuf;

use url::Url;

use crate::fetch::FetchError;
use crate::model::Remedy;

/// Why the crawler recorded a page as an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CrawlError {
    /// The page could not be fetched over HTTP(S).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The file of a folder could not be read.
    #[error(transparent)]
    Folder(#[from] FolderError),
    /// robots.txt disallows the page.
    #[error(transparent)]
    Robots(#[from] RobotsError),
    /// Another page source (Chromium) failed to read the page.
    #[error("{0}")]
    Source(Box<dyn std::error::Error + Send + Sync>),
}

impl CrawlError {
    /// The setting that would have avoided this error, if one would.
    pub fn remedy(&self) -> Option<Remedy> {
        match self {
            CrawlError::Fetch(e) => e.remedy(),
            CrawlError::Robots(_) => Some(Remedy::IgnoreRobots),
            CrawlError::Folder(_) | CrawlError::Source(_) => None,
        }
    }
}

/// What robots.txt said.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RobotsError {
    /// robots.txt answered with a server error, which disallows every page (RFC 9309).
    #[error("not fetched: robots.txt answered HTTP {status}, which disallows everything; {}", Remedy::IgnoreRobots)]
    ServerError {
        /// The HTTP status.
        status: u16,
    },
    /// A rule of robots.txt disallows the page for trackaudit's agent.
    #[error("not fetched: disallowed by robots.txt; {}", Remedy::IgnoreRobots)]
    Disallowed,
}

/// Why a file of a folder was not read.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// The folder itself cannot be read.
    #[error("cannot read the folder {}: {source}", root.display())]
    Root {
        /// The folder.
        root: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The URL maps to no file under the folder.
    #[error("{url} is outside the folder {}; not read", root.display())]
    Outside {
        /// The URL.
        url: Url,
        /// The folder.
        root: PathBuf,
    },
    /// The file is over the size limit.
    #[error("{} is larger than the {limit_mb} MB limit; not read", file.display())]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A symlink leads out of the folder.
    #[error(
        "skipped {}: a symlink to {} outside the folder {}{}; not read",
        link.display(),
        target.display(),
        root.display(),
        resolves.as_ref().map(|r| format!(" (resolves to {})", r.display())).unwrap_or_default()
    )]
    EscapingLink {
        /// The symlink.
        link: PathBuf,
        /// What it points to.
        target: PathBuf,
        /// The folder.
        root: PathBuf,
        /// Where it finally resolves, when that is not `target`.
        resolves: Option<PathBuf>,
    },
    /// Symlinks that lead back to themselves.
    #[error("skipped {}: a symlink loop ({chain}); not read", link.display())]
    LinkLoop {
        /// The first symlink.
        link: PathBuf,
        /// The chain, `a.html → b.html → a.html`.
        chain: String,
    },
    /// A symlink that cannot be followed.
    #[error("skipped {}: cannot resolve the symlink: {source}", link.display())]
    BrokenLink {
        /// The symlink.
        link: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}
