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
    /// Whether Ctrl-C stopped the scan before the end.
    pub interrupted: bool,
}
