//! The commands of the `trackaudit` binary, callable from other programs too.
//!
//! Each command takes a plain options struct (the binary fills it from its arguments), prints its report,
//! and returns the process exit code: 0 when all went well, 1 when the command's check failed (a
//! `--fail-on` condition, an invalid vendors file), 2 for errors that stopped it (reported through `Err`).

mod audit_cmd;
mod engine;
mod policy_cmd;
mod queue_cmd;
mod scan_cmd;
mod vendors_cmd;

use std::io::Write;
use std::path::Path;

pub use audit_cmd::{AuditOptions, FailOn, audit};
pub use engine::{EngineChoice, EngineOptions};
pub use policy_cmd::{PolicyOptions, policy};
pub use queue_cmd::{WorkerOptions, queue_add, queue_status, secs, worker};
pub use scan_cmd::{DiffOptions, ScanOptions, diff, history, scan};
pub use vendors_cmd::{VendorsCheckOptions, vendors_check, vendors_list, vendors_show};

/// Writes `text` to `path`, or to standard output when there is none.
pub fn write_output(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    write_bytes(path, text.as_bytes())
}

/// Writes a report rendered in `format` (for PDF, the HTML page to print) to `path` or standard output.
pub fn write_report(path: Option<&Path>, text: &str, format: trackaudit::Format) -> anyhow::Result<()> {
    if format == trackaudit::Format::Pdf { write_bytes(path, &print_pdf(text)?) } else { write_output(path, text) }
}

/// Writes `bytes` to `path`, or to standard output when there is none.
fn write_bytes(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(p) = path {
        std::fs::write(p, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))
    } else {
        let mut out = std::io::stdout().lock();
        match out.write_all(bytes).and_then(|()| out.flush()) {
            // A closed pipe (`| head`) is not an error worth reporting.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            _ => Ok(()),
        }
    }
}

/// The HTML page printed to PDF by Chromium.
#[cfg(feature = "browser")]
pub(crate) fn print_pdf(html: &str) -> anyhow::Result<Vec<u8>> {
    use trackaudit::report::print::{PrintOptions, print};
    let printed =
        runtime()?.block_on(print(html, &PrintOptions::default())).map_err(|e| anyhow::anyhow!("--format pdf: {e}"))?;
    printed.pdf.ok_or_else(|| anyhow::anyhow!("--format pdf: Chromium returned no PDF"))
}

/// Without the browser engine there is nothing to print with.
#[cfg(not(feature = "browser"))]
pub(crate) fn print_pdf(_html: &str) -> anyhow::Result<Vec<u8>> {
    anyhow::bail!("--format pdf needs the browser engine: this trackaudit was built without the `browser` feature")
}

/// A runtime for the async parts (HTTP) of a command.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))
}
