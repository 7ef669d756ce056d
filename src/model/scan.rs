//! What batch scans share with the history, the reports and the diffs: a site of the list and a run's
//! summary.

/// One site to scan, with the columns carried from the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SiteEntry {
    /// Position in the input (0-based), which identifies the site within a run.
    pub position: usize,
    /// What to audit: a URL (a bare host gets `https://`), a folder or an HTML file.
    pub target: String,
    /// Other CSV columns, as (name, value).
    pub meta: Vec<(String, String)>,
}

/// What a scan found, for the summary and the exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ScanSummary {
    /// The history run, when there is a database.
    pub run_id: Option<i64>,
    /// Sites in the list.
    pub total: usize,
    /// Sites finished before this invocation (a resumed run).
    pub resumed: usize,
    /// Sites audited by this invocation.
    pub scanned: usize,
    /// Sites where nothing could be read.
    pub failed: usize,
    /// Sites with at least one undisclosed (or contradicted) vendor.
    pub with_undisclosed: usize,
    /// Sites with at least one contradicted vendor.
    pub with_contradictions: usize,
    /// Vendors most often undisclosed: (vendor name, sites).
    pub top_undisclosed: Vec<(String, usize)>,
    /// Whether a signal (Ctrl-C, SIGTERM, SIGHUP) stopped the scan before the end.
    pub interrupted: bool,
    /// The signal that stopped it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signal: Option<StopSignal>,
}

/// A signal that stops a scan: each is handled alike (sites in flight abandoned, every finished site saved,
/// every browser closed), and the process exits with 128 + its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum StopSignal {
    /// SIGINT (Ctrl-C).
    Sigint,
    /// SIGTERM (`kill`, systemd, Kubernetes).
    Sigterm,
    /// SIGHUP (the terminal closed).
    Sighup,
}

impl StopSignal {
    /// The exit code a process stopped by it reports: 130, 143 or 129.
    pub fn exit_code(self) -> u8 {
        match self {
            StopSignal::Sigint => 130,
            StopSignal::Sigterm => 143,
            StopSignal::Sighup => 129,
        }
    }

    /// Its name (`SIGTERM`).
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Sigint => "SIGINT",
            StopSignal::Sigterm => "SIGTERM",
            StopSignal::Sighup => "SIGHUP",
        }
    }
}
