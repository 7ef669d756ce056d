//! `trackaudit policy <FILE|URL>`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{runtime, write_output, write_report};
use trackaudit::fetch::{FetchConfig, Fetcher};
use trackaudit::model::TextFormat;
use trackaudit::policy::{self, ReadOptions};
use trackaudit::report::{self, Format, Style};
use trackaudit::vendors::Engine;

/// Options of `trackaudit policy`.
#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// A path or an http(s) URL.
    pub input: String,
    /// Report format.
    pub format: Format,
    /// Read as this format instead of detecting it.
    pub input_format: Option<TextFormat>,
    /// Extra vendors files merged over the built-in database.
    pub vendors: Vec<PathBuf>,
    /// Write the report here instead of standard output.
    pub output: Option<PathBuf>,
    /// Print the readable text the reader extracted instead of the report.
    pub print_text: bool,
    /// Largest policy accepted, in bytes.
    pub max_bytes: u64,
    /// HTTP settings for URLs.
    pub fetch: FetchConfig,
}

/// Reads a policy and prints what it names.
pub fn policy(opts: &PolicyOptions) -> anyhow::Result<ExitCode> {
    let engine = Engine::with_overlays(&opts.vendors)?;
    let read_opts = ReadOptions { format: opts.input_format, max_bytes: opts.max_bytes };
    let fetcher = Fetcher::new(opts.fetch.clone());
    let text = runtime()?.block_on(policy::read(&opts.input, &read_opts, &fetcher))?;
    if opts.print_text {
        write_output(opts.output.as_deref(), &text.text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = policy::analyze(&text, &engine);
    report.bound_strings();
    let style = if opts.output.is_some() { Style::default() } else { Style::for_stdout() };
    write_report(opts.output.as_deref(), &report::policy::render(&report, opts.format, style), opts.format)?;
    Ok(ExitCode::SUCCESS)
}
