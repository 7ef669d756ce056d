//! The list of sites to scan: a text file (one URL per line, `#` comments, blank lines ignored), a CSV file
//! with a `url` column whose other columns (`owner`, `team`…) are carried into the report, or `-` for
//! standard input (either form).

use std::io::Read;

pub use crate::model::SiteEntry;

/// A site list that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error("cannot read the site list {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A CSV without a `url` column.
    #[error("{path}: the CSV has no `url` column (its header is: {header}); name the column of addresses `url`")]
    NoUrlColumn {
        /// The path.
        path: String,
        /// The header as found.
        header: String,
    },
    /// Malformed CSV.
    #[error("{path}: line {line}: {message}")]
    Csv {
        /// The path.
        path: String,
        /// The line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Binary data, not a list.
    #[error(
        "{path}: line {line}: {what}: this is not a site list (give a text file with one URL per line, or a CSV \
         with a `url` column)"
    )]
    NotText {
        /// The path.
        path: String,
        /// The line the first offending byte is on.
        line: u64,
        /// What was found.
        what: String,
    },
    /// Nothing to scan.
    #[error("{0}: no sites to scan (one URL per line; `#` starts a comment)")]
    Empty(String),
}

/// A site list as read: the sites, each once, and the lines that repeated an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiteList {
    /// The sites, in list order, each once.
    pub sites: Vec<SiteEntry>,
    /// Lines that named a site already in the list: scanned once, at its first line.
    pub duplicates: Vec<Duplicate>,
}

/// A line of the list that repeats an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The repeating line (1-based).
    pub line: u64,
    /// The line that named the site first.
    pub first_line: u64,
    /// The site.
    pub target: String,
}

impl SiteList {
    /// The note shown when some lines repeat a site, or `None`.
    pub fn duplicates_note(&self) -> Option<String> {
        const SHOWN: usize = 5;
        if self.duplicates.is_empty() {
            return None;
        }
        let mut lines: Vec<String> = self
            .duplicates
            .iter()
            .take(SHOWN)
            .map(|d| format!("line {} repeats line {} ({})", d.line, d.first_line, d.target))
            .collect();
        if self.duplicates.len() > SHOWN {
            lines.push(format!("and {} more", self.duplicates.len() - SHOWN));
        }
        Some(format!(
            "{} duplicate site(s) in the list, each scanned once: {}",
            self.duplicates.len(),
            lines.join("; ")
        ))
    }
}

/// Reads the site list at `path` (`-` for standard input).
pub fn read_sites(path: &str) -> Result<SiteList, InputError> {
    let io = |source| InputError::Io { path: path.to_string(), source };
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(io)?;
        bytes
    } else {
        std::fs::read(path).map_err(io)?
    };
    let shown = if path == "-" { "standard input" } else { path };
    let text = text_of(shown, &bytes)?;
    let csv_named = path.to_ascii_lowercase().ends_with(".csv");
    let list = parse_list(shown, &text, csv_named)?;
    if list.sites.is_empty() {
        return Err(InputError::Empty(shown.to_string()));
    }
    Ok(list)
}

/// The text of a site list, or why it is not one: binary data (a NUL byte or control characters) or UTF-16.
/// Bytes that are not UTF-8 in a text are replaced, as in a Latin-1 `owner` column.
fn text_of(path: &str, bytes: &[u8]) -> Result<String, InputError> {
    let not_text = |line: u64, what: String| InputError::NotText { path: path.to_string(), line, what };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(not_text(1, "UTF-16 text (save the list as UTF-8)".into()));
    }
    let bad = bytes.iter().position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c) || b == 0x7f);
    if let Some(at) = bad {
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        let what =
            if bytes[at] == 0 { "a NUL byte".to_string() } else { format!("the control byte 0x{:02x}", bytes[at]) };
        return Err(not_text(line, format!("binary data ({what} at byte {at})")));
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Whether the text is a CSV with a header naming a `url` column.
fn is_csv(text: &str) -> bool {
    let first = first_line(text).unwrap_or_default();
    (first.contains(',') || first.trim_matches('"').eq_ignore_ascii_case("url"))
        && first.split(',').any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case("url"))
}

/// The first line that is not blank or a comment.
fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Parses a site list (text or CSV).
pub fn parse_sites(path: &str, text: &str) -> Result<SiteList, InputError> {
    parse_list(path, text, false)
}

/// Parses a site list; `csv_named` when the file's name says CSV (then it must have a `url` column).
fn parse_list(path: &str, text: &str, csv_named: bool) -> Result<SiteList, InputError> {
    let text = text.trim_start_matches('\u{feff}');
    let header = first_line(text).unwrap_or_default();
    if is_csv(text) {
        return Ok(dedup(parse_csv(path, text)?));
    }
    if csv_named || (header.contains(',') && !header.contains("://")) {
        return Err(InputError::NoUrlColumn { path: path.to_string(), header: header.to_string() });
    }
    let mut sites = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split_once(" #").map_or(line, |(l, _)| l).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        sites.push((n as u64 + 1, normalize(line), Vec::new()));
    }
    Ok(dedup(sites))
}

/// A site as listed: its line, the target, and the CSV's other columns.
type Line = (u64, String, Vec<(String, String)>);

/// The sites, each once (by its URL, or its path for a folder), numbered in list order.
fn dedup(lines: Vec<Line>) -> SiteList {
    let mut first: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut list = SiteList::default();
    for (line, target, meta) in lines {
        let key = match url::Url::parse(&target) {
            Ok(mut u) if matches!(u.scheme(), "http" | "https") => {
                u.set_fragment(None);
                u.to_string()
            }
            _ => target.trim_end_matches('/').to_string(),
        };
        if let Some(&first_line) = first.get(&key) {
            list.duplicates.push(Duplicate { line, first_line, target });
            continue;
        }
        first.insert(key, line);
        list.sites.push(SiteEntry { position: list.sites.len(), target, meta });
    }
    list
}

fn parse_csv(path: &str, text: &str) -> Result<Vec<Line>, InputError> {
    // Comment lines are left out; `lines[i]` is the list's line number of the body's line `i + 1`.
    let (lines, body): (Vec<u64>, Vec<&str>) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .map(|(n, l)| (n as u64 + 1, l))
        .unzip();
    let line_of = |body_line: u64| lines.get(body_line.saturating_sub(1) as usize).copied().unwrap_or(body_line);
    let csv_error = |e: csv::Error| InputError::Csv {
        path: path.to_string(),
        line: line_of(e.position().map_or(0, csv::Position::line)),
        message: e.to_string(),
    };
    if let Some(open) = unclosed_quote(&body) {
        return Err(InputError::Csv {
            path: path.to_string(),
            line: line_of(open),
            message: "a quote (\") opened on this line is never closed; close it, or double a quote inside a field \
                      (\"\")"
                .into(),
        });
    }
    let body = body.join("\n");
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(body.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    let url_col = headers.iter().position(|h| h.eq_ignore_ascii_case("url")).ok_or_else(|| {
        InputError::NoUrlColumn { path: path.to_string(), header: headers.iter().collect::<Vec<_>>().join(",") }
    })?;
    let mut sites = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = line_of(record.position().map_or(0, csv::Position::line));
        let Some(url) = record.get(url_col).filter(|u| !u.is_empty()) else { continue };
        if url.contains('\n') {
            return Err(InputError::Csv {
                path: path.to_string(),
                line,
                message: "the url field runs over several lines (an unbalanced quote?)".into(),
            });
        }
        let meta = headers
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != url_col)
            .map(|(i, h)| (h.to_string(), record.get(i).unwrap_or_default().to_string()))
            .collect();
        sites.push((line, normalize(url), meta));
    }
    Ok(sites)
}

/// The line (1-based, of `lines`) of a quote that is opened and never closed, if any. A doubled quote inside
/// a quoted field toggles twice, so it is balanced.
fn unclosed_quote(lines: &[&str]) -> Option<u64> {
    let mut open: Option<u64> = None;
    for (n, line) in lines.iter().enumerate() {
        for _ in line.matches('"') {
            open = match open {
                Some(_) => None,
                None => Some(n as u64 + 1),
            };
        }
    }
    open
}

/// A bare host name (`example.com`) is audited over https.
fn normalize(target: &str) -> String {
    let looks_like_host = !target.contains("://")
        && !target.starts_with('.')
        && !target.starts_with('/')
        && target.split('/').next().is_some_and(|h| h.contains('.') && !std::path::Path::new(target).exists());
    if looks_like_host { format!("https://{target}") } else { target.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lists() {
        let list =
            parse_sites("list", "# our brands\nhttps://www.a.test/\n\n  b.test  # the other one\n# c.test\n").unwrap();
        let targets: Vec<&str> = list.sites.iter().map(|s| s.target.as_str()).collect();
        assert_eq!(targets, ["https://www.a.test/", "https://b.test"]);
        assert_eq!(list.sites[1].position, 1);
        assert!(list.duplicates.is_empty() && list.duplicates_note().is_none());
    }

    #[test]
    fn csv_lists_carry_columns() {
        let sites =
            parse_sites("list.csv", "owner,url,team\nAda,https://www.a.test/,web\n\"Bo, Jr.\",b.test,apps\n,,\n")
                .unwrap()
                .sites;
        assert_eq!(sites.len(), 2);
        assert_eq!(sites[1].target, "https://b.test");
        assert_eq!(
            sites[1].meta,
            [("owner".to_string(), "Bo, Jr.".to_string()), ("team".to_string(), "apps".to_string())]
        );
        let e = parse_sites("list.csv", "owner,address\nAda,https://a.test\n").unwrap_err();
        assert!(e.to_string().contains("no `url` column"), "{e}");
        let single = parse_sites("list", "url\nhttps://a.test/\n").unwrap();
        assert_eq!(single.sites.len(), 1, "a one-column CSV with its header");
        let e = parse_list("sites.csv", "address\nhttps://a.test/\n", true).unwrap_err();
        assert!(e.to_string().contains("no `url` column"), "a .csv file must have one: {e}");
    }

    #[test]
    fn duplicates_are_scanned_once_and_noted() {
        let text = "https://a.test/\nb.test\nhttps://A.test\n# note\nhttps://b.test/#top\nhttps://c.test/\n";
        let list = parse_sites("list", text).unwrap();
        let targets: Vec<&str> = list.sites.iter().map(|s| s.target.as_str()).collect();
        assert_eq!(targets, ["https://a.test/", "https://b.test", "https://c.test/"]);
        assert_eq!(list.sites.iter().map(|s| s.position).collect::<Vec<_>>(), [0, 1, 2], "positions stay dense");
        let lines: Vec<(u64, u64)> = list.duplicates.iter().map(|d| (d.line, d.first_line)).collect();
        assert_eq!(lines, [(3, 1), (5, 2)]);
        let note = list.duplicates_note().unwrap();
        assert!(note.starts_with("2 duplicate site(s)") && note.contains("line 3 repeats line 1"), "{note}");
        let csv = parse_sites("l.csv", "url,owner\n# c\nhttps://a.test/,Ada\nhttps://a.test/,Bo\n").unwrap();
        assert_eq!((csv.sites.len(), csv.duplicates[0].line, csv.duplicates[0].first_line), (1, 4, 3));
    }

    #[test]
    fn binary_data_and_broken_csv_are_one_clear_error() {
        let e = text_of("list.bin", b"\x7fELF\x02\x01\x01\x00\x00garbage\nmore").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("line 1") && msg.contains("binary data") && msg.contains("not a site list"), "{msg}");
        let e = text_of("l", b"https://a.test/\nhttps://b.test/\x00\n").unwrap_err();
        assert!(e.to_string().contains("line 2: binary data (a NUL byte at byte 31)"), "{e}");
        assert!(text_of("l", b"\xff\xfeh\x00").unwrap_err().to_string().contains("UTF-16"));
        assert_eq!(
            text_of("l", b"owner,url\nJos\xe9,https://a.test/\n").unwrap(),
            "owner,url\nJos\u{fffd},https://a.test/\n"
        );
        let e = parse_sites("l.csv", "owner,url\n# c\nAda,https://a.test/\n\"Bo,https://b.test/\nCy,https://c.test/\n")
            .unwrap_err();
        assert!(e.to_string().starts_with("l.csv: line 4: a quote (\") opened on this line is never closed"), "{e}");
        let e = parse_sites("l.csv", "owner,url\nAda,\"https://a.test/\nBo\",x\n").unwrap_err();
        assert!(e.to_string().contains("line 2: the url field runs over several lines"), "{e}");
    }
}
