//! The list of sites to scan: a text file (one URL per line, `#` comments, blank lines ignored), a CSV file
//! with a `url` column whose other columns (`owner`, `team`…) are carried into the report, or `-` for
//! standard input (either form).

use std::io::Read;

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
    /// Nothing to scan.
    #[error("{0}: no sites to scan (one URL per line; `#` starts a comment)")]
    Empty(String),
}

/// Reads the site list at `path` (`-` for standard input).
pub fn read_sites(path: &str) -> Result<Vec<SiteEntry>, InputError> {
    let mut text = String::new();
    let io = |source| InputError::Io { path: path.to_string(), source };
    if path == "-" {
        std::io::stdin().read_to_string(&mut text).map_err(io)?;
    } else {
        let bytes = std::fs::read(path).map_err(io)?;
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    let shown = if path == "-" { "standard input" } else { path };
    let sites = parse_sites(shown, &text)?;
    if sites.is_empty() {
        return Err(InputError::Empty(shown.to_string()));
    }
    Ok(sites)
}

/// Whether the text is a CSV with a header naming a `url` column.
fn is_csv(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or_default();
    first.contains(',') && first.split(',').any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case("url"))
}

/// Parses a site list (text or CSV).
pub fn parse_sites(path: &str, text: &str) -> Result<Vec<SiteEntry>, InputError> {
    let text = text.trim_start_matches('\u{feff}');
    if is_csv(text) {
        return parse_csv(path, text);
    }
    if text.lines().next().is_some_and(|l| l.contains(',')) && !text.lines().next().unwrap_or_default().contains("://")
    {
        let header = text.lines().next().unwrap_or_default().to_string();
        return Err(InputError::NoUrlColumn { path: path.to_string(), header });
    }
    let mut sites = Vec::new();
    for line in text.lines() {
        let line = line.split_once(" #").map_or(line, |(l, _)| l).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        sites.push(SiteEntry { position: sites.len(), target: normalize(line), meta: Vec::new() });
    }
    Ok(sites)
}

fn parse_csv(path: &str, text: &str) -> Result<Vec<SiteEntry>, InputError> {
    let body: String = text.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n");
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(body.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    let url_col = headers.iter().position(|h| h.eq_ignore_ascii_case("url")).ok_or_else(|| {
        InputError::NoUrlColumn { path: path.to_string(), header: headers.iter().collect::<Vec<_>>().join(",") }
    })?;
    let mut sites = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let Some(url) = record.get(url_col).filter(|u| !u.is_empty()) else { continue };
        let meta = headers
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != url_col)
            .map(|(i, h)| (h.to_string(), record.get(i).unwrap_or_default().to_string()))
            .collect();
        sites.push(SiteEntry { position: sites.len(), target: normalize(url), meta });
    }
    Ok(sites)
}

fn csv_error(path: &str, e: &csv::Error) -> InputError {
    InputError::Csv { path: path.to_string(), line: e.position().map_or(0, |p| p.line()), message: e.to_string() }
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
        let sites =
            parse_sites("list", "# our brands\nhttps://www.a.test/\n\n  b.test  # the other one\n# c.test\n").unwrap();
        let targets: Vec<&str> = sites.iter().map(|s| s.target.as_str()).collect();
        assert_eq!(targets, ["https://www.a.test/", "https://b.test"]);
        assert_eq!(sites[1].position, 1);
    }

    #[test]
    fn csv_lists_carry_columns() {
        let sites =
            parse_sites("list.csv", "owner,url,team\nAda,https://www.a.test/,web\n\"Bo, Jr.\",b.test,apps\n,,\n")
                .unwrap();
        assert_eq!(sites.len(), 2);
        assert_eq!(sites[1].target, "https://b.test");
        assert_eq!(
            sites[1].meta,
            [("owner".to_string(), "Bo, Jr.".to_string()), ("team".to_string(), "apps".to_string())]
        );
        let e = parse_sites("list.csv", "owner,address\nAda,https://a.test\n").unwrap_err();
        assert!(e.to_string().contains("no `url` column"), "{e}");
    }
}
