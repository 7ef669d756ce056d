//! Evidence packs (`--evidence DIR`): everything an audit's verdicts rest on, filed so that it can be checked
//! later by someone who does not trust the tool. One folder per site:
//!
//! ```text
//! report.html  report.json  [report.pdf]
//! policies/1-privacy-policy.html     each policy document byte for byte as fetched (the browser engine
//!                                    files the rendered DOM it read, marked `rendered_dom`)
//! screenshots/*.png  har/*.har       (browser engine) as written during the audit
//! manifest.json                      every file with its SHA-256 and size, the tool version, the
//!                                    vendor database's SHA-256, the target and the time
//! SHA256SUMS                         the same hashes (and the manifest's), for `sha256sum -c SHA256SUMS`
//! ```

use std::path::{Path, PathBuf};

use crate::model::bounds::sha256_hex;
use crate::model::{AuditReport, timestamp};
use crate::report::{self, Format, Style};
use serde::{Deserialize, Serialize};

/// One file of a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackFile {
    /// Its path inside the pack, with `/` separators.
    pub path: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// What it is (`report`, `privacy-policy`, `screenshot`, `har`, …).
    pub what: String,
    /// For a policy document, where it was fetched from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// For a policy document, the `Content-Type` it was served with.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_type: Option<String>,
    /// For a policy document read by the browser engine: the rendered DOM (what the verdicts rest on, after
    /// the page's scripts ran), not the bytes the server sent.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub rendered_dom: bool,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `trackaudit`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// When the pack was written (RFC 3339, UTC).
    pub created_at: String,
    /// The audit's target, as given.
    pub target: String,
    /// The site, as reports name it.
    pub site: String,
    /// The engine that read the pages.
    pub engine: String,
    /// When the audit started and finished.
    pub audit_started_at: String,
    /// When the audit finished.
    pub audit_finished_at: String,
    /// SHA-256 of the vendor database that judged the vendors ([`VendorDb::sha256`](crate::VendorDb::sha256)).
    pub vendor_database_sha256: String,
    /// Every file of the pack but this one and `SHA256SUMS`.
    pub files: Vec<PackFile>,
    /// Files the report names (screenshots, HAR) that could not be found when the pack was written.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub missing: Vec<String>,
}

/// Why a pack could not be written or checked.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// A file could not be written, copied or read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `manifest.json` is not a manifest.
    #[error("{} is not an evidence manifest: {source}", path.display())]
    Manifest {
        /// The file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
}

/// What goes into a pack besides the report.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// SHA-256 of the vendor database used.
    pub vendor_database_sha256: String,
    /// Extra files (`report.pdf`), as a path inside the pack, what it is, and its bytes.
    pub extra: Vec<(String, String, Vec<u8>)>,
    /// Move the screenshots and HAR files into the pack instead of copying them (a scan's staging folder).
    pub move_artifacts: bool,
}

/// A file extension for a policy served as `content_type` from `url`.
fn extension(content_type: Option<&str>, url: &str) -> &'static str {
    let mime = content_type.unwrap_or_default().to_ascii_lowercase();
    if mime.contains("html") {
        "html"
    } else if mime.contains("markdown") {
        "md"
    } else if mime.contains("pdf") {
        "pdf"
    } else if mime.starts_with("text/") {
        "txt"
    } else {
        let path = url.rsplit('/').next().unwrap_or_default();
        match path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
            Some("html" | "htm") => "html",
            Some("md" | "markdown" | "mdx") => "md",
            Some("txt") => "txt",
            _ => "bin",
        }
    }
}

struct Writer<'a> {
    dir: &'a Path,
    files: Vec<PackFile>,
}

impl Writer<'_> {
    fn put(&mut self, rel: &str, what: &str, bytes: &[u8]) -> Result<&mut PackFile, EvidenceError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| EvidenceError::Io { path: parent.into(), source })?;
        }
        std::fs::write(&path, bytes).map_err(|source| EvidenceError::Io { path, source })?;
        self.files.push(PackFile {
            path: rel.to_string(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
            what: what.to_string(),
            source: None,
            content_type: None,
            rendered_dom: false,
        });
        Ok(self.files.last_mut().expect("just pushed"))
    }
}

/// Writes the pack of `report` into `dir` (created when missing; files of an earlier pack there are
/// replaced). The report should come from an audit with
/// [`keep_sources`](crate::audit::AuditConfig::keep_sources) on, so that the policies are filed. Screenshots
/// and HAR files the report names are copied in (or, already inside `dir`, hashed where they are).
pub fn write(dir: &Path, report: &AuditReport, opts: &PackOptions) -> Result<Manifest, EvidenceError> {
    std::fs::create_dir_all(dir).map_err(|source| EvidenceError::Io { path: dir.into(), source })?;
    let mut w = Writer { dir, files: Vec::new() };
    w.put("report.json", "report", report::audit::render(report, Format::Json, Style::default()).as_bytes())?;
    w.put("report.html", "report", report::audit::render(report, Format::Html, Style::default()).as_bytes())?;
    for (rel, what, bytes) in &opts.extra {
        w.put(rel, what, bytes)?;
    }
    for (i, doc) in report.sources.iter().enumerate() {
        let rel = format!("policies/{}-{}.{}", i + 1, doc.kind, extension(doc.content_type.as_deref(), &doc.url));
        let f = w.put(&rel, doc.kind.as_str(), &doc.body)?;
        f.source = Some(doc.url.clone());
        f.content_type.clone_from(&doc.content_type);
        f.rendered_dom = doc.rendered;
    }
    let mut missing = Vec::new();
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for artifact in &report.artifacts {
        let src = Path::new(artifact);
        let what = if artifact.ends_with(".har") { "har" } else { "screenshot" };
        let Ok(bytes) = std::fs::read(src) else {
            missing.push(artifact.clone());
            continue;
        };
        let inside = src.canonicalize().ok().and_then(|p| p.strip_prefix(&canonical).ok().map(Path::to_path_buf));
        if let Some(rel) = inside {
            w.files.push(PackFile {
                path: rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
                sha256: sha256_hex(&bytes),
                bytes: bytes.len() as u64,
                what: what.into(),
                source: None,
                content_type: None,
                rendered_dom: false,
            });
        } else {
            let name = src.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
            let folder = if what == "har" { "har" } else { "screenshots" };
            w.put(&format!("{folder}/{name}"), what, &bytes)?;
            if opts.move_artifacts {
                let _ = std::fs::remove_file(src);
            }
        }
    }
    let manifest = Manifest {
        tool: "trackaudit".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        created_at: timestamp(),
        target: report.target.clone(),
        site: report.site.clone(),
        engine: report.engine.to_string(),
        audit_started_at: report.started_at.clone(),
        audit_finished_at: report.finished_at.clone(),
        vendor_database_sha256: opts.vendor_database_sha256.clone(),
        files: w.files,
        missing,
    };
    let json = serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n";
    let mut sums: String = manifest.files.iter().map(|f| format!("{}  {}\n", f.sha256, f.path)).collect();
    sums.push_str(&format!("{}  manifest.json\n", sha256_hex(json.as_bytes())));
    for (name, text) in [("manifest.json", json.as_str()), ("SHA256SUMS", sums.as_str())] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|source| EvidenceError::Io { path, source })?;
    }
    Ok(manifest)
}

/// Checks a pack against its manifest: the files whose bytes no longer match (or that are gone), as
/// `path: why`. Empty when the pack is intact.
pub fn verify(dir: &Path) -> Result<Vec<String>, EvidenceError> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|source| EvidenceError::Io { path: path.clone(), source })?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|source| EvidenceError::Manifest { path, source })?;
    let mut problems = Vec::new();
    for f in &manifest.files {
        match std::fs::read(dir.join(&f.path)) {
            Ok(bytes) if sha256_hex(&bytes) == f.sha256 => {}
            Ok(_) => problems.push(format!("{}: its SHA-256 differs from the manifest's", f.path)),
            Err(e) => problems.push(format!("{}: {e}", f.path)),
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentKind, SourceDocument};

    #[test]
    fn a_pack_files_the_reports_and_policies_with_hashes_and_notices_tampering() {
        let dir = tempfile_dir();
        let mut report = AuditReport::started("https://shop.example/");
        report.site = "shop.example".into();
        report.sources.push(SourceDocument {
            kind: DocumentKind::PrivacyPolicy,
            url: "https://shop.example/privacy".into(),
            content_type: Some("text/html; charset=utf-8".into()),
            body: b"<h1>Privacy</h1>".to_vec(),
            rendered: false,
        });
        report.artifacts.push(dir.join("gone.png").display().to_string());
        let opts = PackOptions { vendor_database_sha256: "ab".repeat(32), ..PackOptions::default() };
        let m = write(&dir, &report, &opts).unwrap();
        let paths: Vec<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["report.json", "report.html", "policies/1-privacy-policy.html"]);
        assert_eq!(std::fs::read(dir.join("policies/1-privacy-policy.html")).unwrap(), b"<h1>Privacy</h1>");
        assert_eq!(m.files[2].sha256, sha256_hex(b"<h1>Privacy</h1>"));
        assert_eq!(m.missing.len(), 1, "the missing screenshot is named");
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
        assert_eq!(sums.lines().count(), 4, "{sums}");
        assert!(verify(&dir).unwrap().is_empty());
        std::fs::write(dir.join("policies/1-privacy-policy.html"), "<h1>Edited</h1>").unwrap();
        assert_eq!(verify(&dir).unwrap(), ["policies/1-privacy-policy.html: its SHA-256 differs from the manifest's"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("trackaudit-pack-{}-{}", std::process::id(), line!()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn policy_files_get_the_extension_of_what_they_are() {
        assert_eq!(extension(Some("text/html; charset=utf-8"), "https://a.example/privacy"), "html");
        assert_eq!(extension(Some("text/plain"), "https://a.example/privacy"), "txt");
        assert_eq!(extension(None, "policies/privacy.md"), "md");
        assert_eq!(extension(Some("application/octet-stream"), "https://a.example/x"), "bin");
    }
}
