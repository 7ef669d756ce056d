//! What an audit target is (a URL, a folder, an HTML file), and which links are pages.

use std::path::{Path, PathBuf};

use url::Url;

/// Extensions of links that are not pages.
const NOT_PAGES: &[&str] = &[
    "pdf", "jpg", "jpeg", "png", "gif", "webp", "svg", "ico", "zip", "gz", "tgz", "rar", "7z", "mp3", "mp4", "webm",
    "mov", "avi", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "css", "js", "json", "xml", "rss", "woff", "woff2",
    "ttf", "eot", "exe", "dmg", "apk", "csv",
];

pub(super) fn is_page_link(url: &Url) -> bool {
    let last = url.path().rsplit('/').next().unwrap_or_default();
    match last.rsplit_once('.') {
        Some((_, ext)) => !NOT_PAGES.contains(&ext.to_ascii_lowercase().as_str()),
        None => true,
    }
}

/// What an audit target is.
pub(super) enum Target {
    Web(Url),
    Folder { root: PathBuf, start: PathBuf },
}

pub(super) fn parse_target(target: &str) -> Result<Target, String> {
    if target.starts_with("http://") || target.starts_with("https://") {
        return Url::parse(target).map(Target::Web).map_err(|e| format!("invalid URL {target:?}: {e}"));
    }
    if target.contains("://") {
        return Err(format!(
            "invalid target {target:?}: only http:// and https:// URLs, folders and HTML files are audited"
        ));
    }
    let path = Path::new(target);
    let abs = std::fs::canonicalize(path)
        .map_err(|e| format!("cannot read {target}: {e} (give an http(s) URL, a folder or an HTML file)"))?;
    if abs.is_dir() {
        let start = ["index.html", "index.htm"].iter().map(|f| abs.join(f)).find(|p| p.is_file());
        match start {
            Some(start) => Ok(Target::Folder { root: abs, start }),
            None => Err(format!(
                "{target} has no index.html: give the built site's folder (public/, _site/, out/) or an HTML file"
            )),
        }
    } else {
        let root = abs.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        Ok(Target::Folder { root, start: abs })
    }
}
