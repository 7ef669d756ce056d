//! What a user can do about an error: the one place the library names the command line's flags.
//!
//! Errors say what went wrong, then what to do: those a setting can fix carry a [`Remedy`] (`remedy()` on the
//! error types) and end with its advice. The report rows a compliance team reads are written in the flag's
//! words, because the command line is how most people run the tool; code that embeds the library matches on
//! `remedy()` and names its own setting ([`Remedy::setting`] says which field of the library's configuration
//! it is).

use std::fmt;

/// A setting that would have avoided an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Remedy {
    /// Map a host name to an address (`FetchConfig::rules`).
    Resolve,
    /// Allow more time per request (`FetchConfig::timeout`).
    Timeout,
    /// Accept self-signed certificates (`FetchConfig::insecure`).
    Insecure,
    /// Audit private networks (`FetchConfig::allow_private`).
    AllowPrivate,
    /// Audit pages robots.txt disallows (`CrawlConfig::ignore_robots`).
    IgnoreRobots,
    /// Allow more time for reading a page (`AuditConfig::page_budget`).
    PageBudget,
    /// Allow more time per site in a scan (`ScanConfig::site_timeout`).
    SiteTimeout,
    /// Read a document whatever its content type (`ReadOptions::format`).
    InputFormat,
    /// Read a larger document (`ReadOptions::max_bytes`).
    MaxBytes,
    /// Give the policy's location (`AuditConfig::policy`).
    Policy,
    /// Finish an interrupted scan (the history database's unfinished run).
    Resume,
    /// Name a run the history holds.
    HistoryRuns,
}

impl Remedy {
    /// The command-line flag.
    pub fn flag(self) -> &'static str {
        match self {
            Remedy::Resolve => "--resolve",
            Remedy::Timeout => "--timeout",
            Remedy::Insecure => "--insecure",
            Remedy::AllowPrivate => "--allow-private",
            Remedy::IgnoreRobots => "--ignore-robots",
            Remedy::PageBudget => "--page-budget",
            Remedy::SiteTimeout => "--site-timeout",
            Remedy::InputFormat => "--input-format",
            Remedy::MaxBytes => "--max-bytes",
            Remedy::Policy => "--policy",
            Remedy::Resume => "--resume",
            Remedy::HistoryRuns => "trackaudit history --runs",
        }
    }

    /// The library setting that does the same.
    pub fn setting(self) -> &'static str {
        match self {
            Remedy::Resolve => "FetchConfig::rules",
            Remedy::Timeout => "FetchConfig::timeout",
            Remedy::Insecure => "FetchConfig::insecure",
            Remedy::AllowPrivate => "FetchConfig::allow_private",
            Remedy::IgnoreRobots => "CrawlConfig::ignore_robots",
            Remedy::PageBudget => "AuditConfig::page_budget",
            Remedy::SiteTimeout => "ScanConfig::site_timeout",
            Remedy::InputFormat => "ReadOptions::format",
            Remedy::MaxBytes => "ReadOptions::max_bytes",
            Remedy::Policy => "AuditConfig::policy",
            Remedy::Resume => "History::unfinished",
            Remedy::HistoryRuns => "History::runs",
        }
    }

    /// The advice, as report rows and the command line show it.
    pub fn advice(self) -> String {
        let flag = self.flag();
        match self {
            Remedy::Resolve => format!("check the spelling, your network, or map it with {flag}"),
            Remedy::Timeout => format!("raise {flag} if the server is slow"),
            Remedy::Insecure => format!("use {flag} to accept self-signed certificates"),
            Remedy::AllowPrivate => format!("use {flag} to audit private networks"),
            Remedy::IgnoreRobots => format!("use {flag} to audit anyway"),
            Remedy::PageBudget => format!("raise {flag} to allow more"),
            Remedy::SiteTimeout => format!("raise {flag} to allow more"),
            Remedy::InputFormat => format!("pass {flag} to read it anyway"),
            Remedy::MaxBytes => format!("raise {flag} to read it"),
            Remedy::Policy => format!("pass {flag} to give it"),
            Remedy::Resume => format!("run again with {flag} (and the same --db) to finish"),
            Remedy::HistoryRuns => format!("use a run id from `{flag}`, `latest` or `previous`"),
        }
    }
}

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.advice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_names_the_flag() {
        assert_eq!(Remedy::Timeout.to_string(), "raise --timeout if the server is slow");
        assert_eq!(Remedy::IgnoreRobots.setting(), "CrawlConfig::ignore_robots");
    }

    /// The remedy is the only place library code spells a flag: no other string literal under `src/` does.
    #[test]
    fn flags_are_spelled_only_here() {
        let flags: Vec<&str> = [
            Remedy::Resolve,
            Remedy::Timeout,
            Remedy::Insecure,
            Remedy::AllowPrivate,
            Remedy::IgnoreRobots,
            Remedy::PageBudget,
            Remedy::SiteTimeout,
            Remedy::InputFormat,
            Remedy::MaxBytes,
            Remedy::Policy,
            Remedy::Resume,
        ]
        .iter()
        .map(|r| r.flag())
        .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if !name.ends_with(".rs") || name == "remedy.rs" || name.ends_with("_tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // Only code before the file's test module: tests may name the flags they check for.
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for (n, line) in code.lines().enumerate() {
                    let line = line.trim_start();
                    if line.starts_with("//") {
                        continue;
                    }
                    for flag in &flags {
                        if line.contains(&format!("\"{flag}")) || line.contains(&format!(" {flag}")) {
                            offenders.push(format!("{}:{}: {flag}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "flags spelled outside model/remedy.rs:\n{}", offenders.join("\n"));
    }
}
