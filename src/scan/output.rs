//! Scan outputs written as sites finish: a CSV (the audit's columns plus the columns carried from the input)
//! or JSON Lines (one audit report per line, with the input position and columns).

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SiteEntry;
use crate::model::AuditReport;
use crate::report::audit::{CSV_HEADER, csv_rows};
use crate::report::html::scan::{ScanSite, SinceRun};

/// The format of a scan's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum ScanFormat {
    /// One row per site × vendor.
    Csv,
    /// One audit report per line.
    Jsonl,
    /// One self-contained HTML page for the run, written when the scan ends (also when it is interrupted).
    Html,
    /// That page printed to PDF (by Chromium: [`Output::finish_printed`]).
    Pdf,
}

impl ScanFormat {
    /// The format an output path's extension implies (`.jsonl`/`.ndjson`, else CSV).
    pub fn for_path(path: &Path) -> ScanFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson") => ScanFormat::Jsonl,
            Some("html" | "htm") => ScanFormat::Html,
            Some("pdf") => ScanFormat::Pdf,
            _ => ScanFormat::Csv,
        }
    }
}

/// One line of a JSON Lines scan output: the audit report with the input position and carried columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanRecord {
    /// Position of the site in the input list.
    pub position: usize,
    /// Columns carried from a CSV input.
    #[serde(default)]
    pub meta: BTreeMap<String, String>,
    /// The audit report.
    #[serde(flatten)]
    pub report: AuditReport,
}

/// Where finished sites are written, flushed after every site so that an interrupted scan loses nothing.
pub struct Output {
    format: ScanFormat,
    writer: Box<dyn Write + Send>,
    meta_columns: Vec<String>,
    path: Option<PathBuf>,
    /// The HTML page's sites, kept until [`Output::finish`].
    sites: Vec<ScanSite>,
    /// The HTML page's changes since an earlier run.
    since: Option<SinceRun>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output").field("format", &self.format).field("path", &self.path).finish()
    }
}

impl Output {
    /// Opens the output: a file (truncated), or standard output. `meta_columns` are the carried input columns.
    pub fn open(path: Option<&Path>, format: ScanFormat, meta_columns: Vec<String>) -> std::io::Result<Output> {
        let writer: Box<dyn Write + Send> = match path {
            Some(p) => Box::new(BufWriter::new(OpenOptions::new().create(true).write(true).truncate(true).open(p)?)),
            None => Box::new(std::io::stdout()),
        };
        let mut out =
            Output { format, writer, meta_columns, path: path.map(Path::to_path_buf), sites: Vec::new(), since: None };
        if format == ScanFormat::Csv {
            let mut header: Vec<String> = CSV_HEADER.iter().map(std::string::ToString::to_string).collect();
            header.extend(out.meta_columns.iter().cloned());
            out.write_csv(&[header])?;
        }
        Ok(out)
    }

    fn write_csv(&mut self, rows: &[Vec<String>]) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(Vec::new());
        for row in rows {
            w.write_record(row).map_err(std::io::Error::other)?;
        }
        let bytes = w.into_inner().map_err(csv::IntoInnerError::into_error)?;
        self.writer.write_all(&bytes)?;
        self.writer.flush()
    }

    /// Writes one finished site.
    pub fn write(&mut self, entry: &SiteEntry, report: &AuditReport) -> std::io::Result<()> {
        match self.format {
            ScanFormat::Csv => {
                let meta: BTreeMap<&str, &str> = entry.meta.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let extra: Vec<String> =
                    self.meta_columns.iter().map(|c| meta.get(c.as_str()).unwrap_or(&"").to_string()).collect();
                let rows: Vec<Vec<String>> = csv_rows(report)
                    .into_iter()
                    .map(|mut r| {
                        r.extend(extra.iter().cloned());
                        r
                    })
                    .collect();
                self.write_csv(&rows)
            }
            ScanFormat::Jsonl => {
                let record = ScanRecord {
                    position: entry.position,
                    meta: entry.meta.iter().cloned().collect(),
                    report: report.clone(),
                };
                let line = serde_json::to_string(&record).expect("reports serialise");
                self.writer.write_all(line.as_bytes())?;
                self.writer.write_all(b"\n")?;
                self.writer.flush()
            }
            ScanFormat::Html | ScanFormat::Pdf => {
                self.sites.push(ScanSite::new(entry, report));
                Ok(())
            }
        }
    }

    /// Whether the output is the HTML page (which can show the changes since an earlier run).
    pub fn is_html(&self) -> bool {
        matches!(self.format, ScanFormat::Html | ScanFormat::Pdf)
    }

    /// (HTML) the changes since an earlier run, shown on the page.
    pub fn set_changes(&mut self, since: SinceRun) {
        self.since = Some(since);
    }

    /// Ends the output: writes the HTML page (the other formats are already written and flushed). A PDF
    /// needs a printer: use [`Output::finish_printed`].
    pub fn finish(self) -> std::io::Result<()> {
        self.finish_printed(|_| Err(std::io::Error::other("a PDF scan report needs Chromium to print it")))
    }

    /// Ends the output; for a PDF, `print` turns the page into the PDF's bytes.
    pub fn finish_printed(mut self, print: impl FnOnce(&str) -> std::io::Result<Vec<u8>>) -> std::io::Result<()> {
        if self.is_html() {
            let page = crate::report::html::scan::render(&self.sites, self.since.as_ref());
            let bytes = if self.format == ScanFormat::Pdf { print(&page)? } else { page.into_bytes() };
            self.writer.write_all(&bytes)?;
        }
        self.writer.flush()
    }
}

/// Why a JSON Lines scan output could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum JsonlError {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A line is not a scan record.
    #[error("{}:{line}: not a trackaudit scan record: {source}", path.display())]
    Record {
        /// The file.
        path: std::path::PathBuf,
        /// The line number, from 1.
        line: usize,
        /// What the JSON reader said.
        source: serde_json::Error,
    },
}

/// Reads a JSON Lines scan output back (for `trackaudit diff`).
pub fn read_jsonl(path: &Path) -> Result<Vec<ScanRecord>, JsonlError> {
    let io = |source| JsonlError::Io { path: path.to_path_buf(), source };
    let file = File::open(path).map_err(io)?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufRead::lines(std::io::BufReader::new(file)).enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let record: ScanRecord = serde_json::from_str(&line).map_err(|source| JsonlError::Record {
            path: path.to_path_buf(),
            line: i + 1,
            source,
        })?;
        out.push(record);
    }
    Ok(out)
}
