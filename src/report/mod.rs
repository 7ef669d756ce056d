//! Rendering results for people (terminal tables, Markdown) and for programs (JSON, CSV).

pub mod audit;
pub mod cname;
pub mod consent;
pub mod cookies;
pub mod fingerprint;
pub mod form_leaks;
pub mod gpc;
pub mod html;
mod issue_rows;
pub mod policy;
#[cfg(feature = "browser")]
pub mod print;
pub mod replay;
pub mod sarif;
pub mod scan;
mod scripts;
pub mod stance;
pub mod tcf;
pub mod vendors;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON document.
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page (inline CSS and SVG; loads nothing).
    Html,
    /// SARIF 2.1.0, for code-scanning tools (audits only; other reports write JSON).
    Sarif,
    /// The HTML page printed to PDF by Chromium (`report::print`, with the `browser` feature).
    /// The renderers return the HTML to print.
    Pdf,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "sarif" => Ok(Format::Sarif),
            "pdf" => Ok(Format::Pdf),
            other => Err(format!("unknown format {other:?}: expected table, json, csv, markdown, html, sarif or pdf")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Sarif => "sarif",
            Format::Pdf => "pdf",
        })
    }
}

/// Terminal styling, on only when writing to a terminal (and `NO_COLOR` is unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Whether to emit ANSI colours.
    pub color: bool,
}

impl Style {
    /// Styling for standard output.
    pub fn for_stdout() -> Style {
        use std::io::IsTerminal;
        Style { color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() }
    }

    fn paint(self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }

    /// Bold text.
    pub fn bold(self, s: &str) -> String {
        self.paint("1", s)
    }

    /// Dimmed text.
    pub fn dim(self, s: &str) -> String {
        self.paint("2", s)
    }

    /// Red text (problems).
    pub fn red(self, s: &str) -> String {
        self.paint("31", s)
    }

    /// Yellow text (warnings).
    pub fn yellow(self, s: &str) -> String {
        self.paint("33", s)
    }

    /// Green text (good news).
    pub fn green(self, s: &str) -> String {
        self.paint("32", s)
    }
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("report types serialise");
    s.push('\n');
    s
}

/// CSV text from a header and rows.
pub fn to_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for row in rows {
        w.write_record(row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("csv of strings is UTF-8")
}

/// Cuts `s` to `max` characters, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Aligned columns: each column as wide as its widest cell, capped at `caps[i]` characters.
pub fn columns(header: &[&str], rows: &[Vec<String>], caps: &[usize]) -> String {
    let cap = |i: usize| caps.get(i).copied().unwrap_or(60);
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell.chars().count().min(cap(i));
            if i < widths.len() {
                widths[i] = widths[i].max(w);
            }
        }
    }
    let line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut s = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            let cell = truncate(&cell, cap(i));
            if i == last {
                s.push_str(&cell);
            } else {
                s.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header.iter().map(std::string::ToString::to_string).collect());
    for row in rows {
        out.push_str(&line(row.clone()));
    }
    out
}

/// Escapes a Markdown table cell: pipes, line breaks, and `<`/`>` (crawled strings must not become HTML in
/// a rendered report).
pub fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ").replace('<', "&lt;").replace('>', "&gt;")
}
