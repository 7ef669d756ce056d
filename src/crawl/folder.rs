//! Reading a built static site on disk as a static host serves it, without ever leaving the folder.
//!
//! A URL of the published site maps to a file under the folder (`/shop/` → `shop/index.html`, `/about` →
//! `about.html` or `about/index.html`). Every file is canonicalized before it is read and must lie under the
//! folder's canonical root: a symlink that leads out of the folder is skipped (the error names the link and
//! its target) and never read, a symlink loop is named as one, and a file reached through a symlink inside
//! the folder is reported at its own URL, so that the crawler audits it once.

use std::path::{Path, PathBuf};

use url::Url;

use super::FolderError;
use super::source::Fetched;

/// Most symlinks followed in a chain before it is called a loop (Linux follows 40).
const MAX_LINK_HOPS: usize = 40;

/// Reads the page at `url` of the folder `root` published at `base`; files over `max_bytes` are not read.
pub(super) fn read(root: &Path, base: &Url, max_bytes: u64, url: &Url) -> Result<Fetched, FolderError> {
    let root = root.canonicalize().map_err(|source| FolderError::Root { root: root.to_path_buf(), source })?;
    let path =
        local_path(&root, base, url).ok_or_else(|| FolderError::Outside { url: url.clone(), root: root.clone() })?;
    let dir = url.path().ends_with('/');
    let Some((literal, file)) = existing_file(&root, &path, dir)? else {
        return Ok(page(url.clone(), 404, None, Vec::new()));
    };
    let io = |source| FolderError::Io { path: file.clone(), source };
    let meta = std::fs::metadata(&file).map_err(io)?;
    if meta.len() > max_bytes {
        return Err(FolderError::TooLarge { file, limit_mb: max_bytes.div_ceil(1024 * 1024) });
    }
    let body = std::fs::read(&file).map_err(io)?;
    let final_url = if literal != file {
        // Reached through a symlink inside the folder: the page is the file's own URL, which its relative
        // links resolve against and which the crawler tells pages apart by.
        url_of(&root, base, &file).unwrap_or_else(|| url.clone())
    } else if !dir && literal.starts_with(&path) && literal != path {
        // `/about` served from `about/index.html`: static hosts redirect to `/about/`, which is what the
        // page's relative links resolve against.
        let mut u = url.clone();
        u.set_path(&format!("{}/", url.path()));
        u
    } else {
        url.clone()
    };
    Ok(page(final_url, 200, Some(content_type(&file).into()), body))
}

/// The canonical file `url` is served from, when it is one inside the folder.
pub(super) fn file_of(root: &Path, base: &Url, url: &Url) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    let path = local_path(&root, base, url)?;
    existing_file(&root, &path, url.path().ends_with('/')).ok().flatten().map(|(_, file)| file)
}

/// Whether `url` names a file of the folder: a `file:` URL under `root`, or an http(s) URL (the published
/// site's, checked when read).
pub(super) fn is_folder_url(root: &Path, url: &Url) -> bool {
    match url.scheme() {
        "http" | "https" => true,
        "file" => url.to_file_path().is_ok_and(|p| {
            let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            p.starts_with(&root) && !p.components().any(|c| c == std::path::Component::ParentDir)
        }),
        _ => false,
    }
}

fn page(url: Url, status: u16, content_type: Option<String>, body: Vec<u8>) -> Fetched {
    Fetched {
        url,
        status,
        content_type,
        body,
        hops: Vec::new(),
        headers: Vec::new(),
        browser: None,
        warnings: Vec::new(),
    }
}

/// The file a URL of the published site maps to: its path under the folder (not resolved yet).
pub(super) fn local_path(root: &Path, base: &Url, url: &Url) -> Option<PathBuf> {
    let rel = if url.scheme() == "file" {
        let p = url.to_file_path().ok()?;
        p.strip_prefix(root).ok()?.to_string_lossy().into_owned()
    } else {
        let base_path = base.path();
        let path = url.path();
        let rel = path.strip_prefix(base_path).or_else(|| path.strip_prefix('/'))?;
        percent_decode(rel)
    };
    let rel = rel.trim_start_matches('/');
    if rel.split('/').any(|seg| seg == "..") {
        return None;
    }
    Some(root.join(rel))
}

/// The published URL of the file `file` (canonical, under `root`): a directory's `index.html` as the
/// directory.
fn url_of(root: &Path, base: &Url, file: &Path) -> Option<Url> {
    let rel = file.strip_prefix(root).ok()?;
    let mut segments: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if segments.last().is_some_and(|s| s == "index.html") {
        segments.pop();
        segments.push(String::new());
    }
    let mut url = base.clone();
    if url.scheme() == "file" {
        return Url::from_file_path(file).ok();
    }
    {
        let mut path = url.path_segments_mut().ok()?;
        path.pop_if_empty();
        path.extend(&segments);
    }
    Some(url)
}

/// The file a path serves, as static hosts do: `dir/` → `dir/index.html`; `about` → `about`, `about.html`
/// or `about/index.html`; `dir` is set when the URL's path ends with `/`. Returns the path found and the file
/// it resolves to, or an error when it resolves out of the folder or in a loop.
fn existing_file(root: &Path, path: &Path, dir: bool) -> Result<Option<(PathBuf, PathBuf)>, FolderError> {
    let candidates = if dir {
        vec![path.join("index.html"), path.join("index.htm")]
    } else {
        let mut html = path.as_os_str().to_owned();
        html.push(".html");
        vec![path.to_path_buf(), PathBuf::from(html), path.join("index.html"), path.join("index.htm")]
    };
    for candidate in candidates {
        if let Some(file) = resolve(root, &candidate)? {
            return Ok(Some((candidate, file)));
        }
    }
    Ok(None)
}

/// The canonical file `path` (under `root`) names, `None` when there is none (missing, or a directory), or
/// why it is not read: it leads out of the folder, or into a symlink loop.
fn resolve(root: &Path, path: &Path) -> Result<Option<PathBuf>, FolderError> {
    match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => {
            let (link, target) = escaping_link(root, path).unwrap_or_else(|| (path.to_path_buf(), real.clone()));
            let resolves = (target != real).then_some(real);
            Err(FolderError::EscapingLink { link, target, root: root.to_path_buf(), resolves })
        }
        Ok(real) => Ok(real.is_file().then_some(real)),
        Err(e) => match broken_link(root, path) {
            Some((link, Some(chain))) => Err(FolderError::LinkLoop { link, chain }),
            Some((link, None)) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(FolderError::BrokenLink { link, source: e })
            }
            _ if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            _ => Err(FolderError::Io { path: path.to_path_buf(), source: e }),
        },
    }
}

/// The prefixes of `path` below `root`, shortest first.
fn prefixes(root: &Path, path: &Path) -> Vec<PathBuf> {
    let Ok(rel) = path.strip_prefix(root) else { return Vec::new() };
    let mut at = root.to_path_buf();
    rel.components()
        .map(|c| {
            at.push(c);
            at.clone()
        })
        .collect()
}

fn is_symlink(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// The first symlink on the way to `path` that leads out of `root`, with its target as written.
fn escaping_link(root: &Path, path: &Path) -> Option<(PathBuf, PathBuf)> {
    prefixes(root, path).into_iter().find_map(|p| {
        let leaves = is_symlink(&p) && p.canonicalize().is_ok_and(|real| !real.starts_with(root));
        leaves.then(|| (p.clone(), std::fs::read_link(&p).unwrap_or_default()))
    })
}

/// The first symlink on the way to `path` that cannot be resolved, and, when its chain loops, the chain
/// (`a.html → b.html → a.html`).
fn broken_link(root: &Path, path: &Path) -> Option<(PathBuf, Option<String>)> {
    let link = prefixes(root, path).into_iter().find(|p| is_symlink(p) && p.canonicalize().is_err())?;
    let mut chain = vec![link.clone()];
    for _ in 0..MAX_LINK_HOPS {
        let at = chain.last().expect("not empty");
        let Ok(target) = std::fs::read_link(at) else { return Some((link, None)) };
        let next = at.parent().map_or(target.clone(), |dir| dir.join(&target));
        if chain.contains(&next) {
            chain.push(next);
            let shown: Vec<String> =
                chain.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect();
            return Some((link, Some(shown.join(" → "))));
        }
        if !is_symlink(&next) {
            return Some((link, None));
        }
        chain.push(next);
    }
    Some((link, Some(format!("more than {MAX_LINK_HOPS} symlinks in a row"))))
}

/// The part of a folder URL that names its file: the path without its query, fragment or final
/// `index.html`, for telling apart the pages of a folder (`/shop/`, `/shop/index.html` and `/shop/?p=2` are
/// one file).
pub(crate) fn folder_key(url: &Url) -> String {
    let path = url.path();
    let path = path.strip_suffix("index.html").or_else(|| path.strip_suffix("index.htm")).unwrap_or(path);
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    format!("{}://{host}{path}", url.scheme())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let (b'%', Some(&hb), Some(&lb)) = (bytes[i], bytes.get(i + 1), bytes.get(i + 2))
            && let (Some(h), Some(l)) = (hex(hb), hex(lb))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm" | "xhtml") => "text/html",
        Some("md" | "markdown") => "text/markdown",
        Some("txt") => "text/plain",
        Some("css") => "text/css",
        Some("js" | "mjs") => "application/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png" | "jpg" | "jpeg" | "gif" | "webp" | "ico") => "image/*",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::CrawlError;
    use crate::crawl::source::{FOLDER_ORIGIN, Source};

    #[test]
    fn maps_published_urls_to_files() {
        let root = Path::new("/srv/site/public");
        let base = Url::parse("https://www.example.test/").unwrap();
        let p = |u: &str| local_path(root, &base, &Url::parse(u).unwrap());
        assert_eq!(p("https://www.example.test/about/"), Some(root.join("about/")));
        assert_eq!(p("https://example.test/a%20b.html"), Some(root.join("a b.html")));
        assert_eq!(p("https://www.example.test/../etc/passwd"), Some(root.join("etc/passwd")), "url normalises ..");
        let file_base = Url::from_directory_path(root).unwrap();
        let p = |u: &str| local_path(root, &file_base, &Url::parse(u).unwrap());
        assert_eq!(p("file:///srv/site/public/blog/index.html"), Some(root.join("blog/index.html")));
        assert_eq!(p("file:///etc/passwd"), None);
        assert_eq!(percent_decode("a%2Fb%zz"), "a/b%zz");
        let origin = Url::parse(FOLDER_ORIGIN).unwrap();
        let p = |u: &str| local_path(root, &origin, &origin.join(u).unwrap());
        assert_eq!(p("/shop/"), Some(root.join("shop/")));
        assert_eq!(p("/../../etc/passwd"), Some(root.join("etc/passwd")), "url normalises ..");
        assert_eq!(p("/a/..%2F..%2Fetc/passwd"), None, "an encoded .. is refused");
    }

    #[tokio::test]
    async fn folders_are_served_as_static_hosts_serve_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for (f, body) in [("index.html", "home"), ("about.html", "about"), ("shop/index.html", "shop")] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), body).unwrap();
        }
        std::fs::create_dir(root.join("empty")).unwrap();
        let source = Source::Folder { root: root.clone(), base: Url::parse(FOLDER_ORIGIN).unwrap(), max_bytes: 1000 };
        let get = |path: &str| {
            let url = Url::parse(FOLDER_ORIGIN).unwrap().join(path).unwrap();
            let source = source.clone();
            async move {
                source
                    .fetch(&url)
                    .await
                    .map(|f| (f.status, String::from_utf8(f.body).unwrap(), f.url))
                    .map_err(|e| e.to_string())
            }
        };
        let (status, body, _) = get("/").await.unwrap();
        assert_eq!((status, body.as_str()), (200, "home"));
        assert_eq!(get("/about").await.unwrap().1, "about");
        assert_eq!(get("/about.html").await.unwrap().1, "about");
        assert_eq!(get("/about/").await.unwrap().0, 404, "a directory URL is not a file");
        assert_eq!(get("/shop/").await.unwrap().1, "shop");
        assert_eq!(get("/shop/index.html?page=2").await.unwrap().1, "shop");
        // `/shop` is served from shop/index.html at `/shop/`, as a static host redirects.
        let (_, body, url) = get("/shop").await.unwrap();
        assert_eq!((body.as_str(), url.path()), ("shop", "/shop/"));
        assert_eq!(get("/empty/").await.unwrap().0, 404);
        assert_eq!(get("/missing").await.unwrap().0, 404);
        let outside = Url::from_file_path("/etc/passwd").unwrap();
        let e = source.fetch(&outside).await.unwrap_err();
        assert!(matches!(e, CrawlError::Folder(FolderError::Outside { .. })), "{e}");
        assert!(e.to_string().contains("outside the folder"));
        assert_eq!(folder_key(&Url::parse("http://h/shop/index.html?x").unwrap()), "http://h/shop/");
    }

    /// A folder to audit, and beside it (outside it) a file and a folder with a tracker each.
    #[cfg(unix)]
    fn folder_with_symlinks() -> (tempfile::TempDir, PathBuf) {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().canonicalize().unwrap();
        let root = top.join("public");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(top.join("secret")).unwrap();
        std::fs::write(top.join("outside.html"), "outside").unwrap();
        std::fs::write(top.join("secret/index.html"), "secret").unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("real.html"), "real").unwrap();
        // (link, target): out of the folder, a loop, back to the folder, inside it, nowhere.
        let outside = top.join("outside.html");
        let outside = outside.to_str().unwrap();
        for (link, target) in [
            ("leak.html", outside),
            ("ext", "../secret"),
            ("a.html", "b.html"),
            ("b.html", "a.html"),
            ("loop", "."),
            ("sub/alias.html", "../real.html"),
            ("dangling.html", "nowhere.html"),
        ] {
            symlink(target, root.join(link)).unwrap();
        }
        (dir, root)
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn symlinks_never_lead_out_of_the_folder() {
        let (_dir, root) = folder_with_symlinks();
        let origin = Url::parse(FOLDER_ORIGIN).unwrap();
        let source = Source::Folder { root: root.clone(), base: origin.clone(), max_bytes: 1000 };
        let get = |path: &str| {
            let url = origin.join(path).unwrap();
            let source = source.clone();
            async move {
                source
                    .fetch(&url)
                    .await
                    .map(|f| (f.status, String::from_utf8(f.body).unwrap(), f.url))
                    .map_err(|e| e.to_string())
            }
        };
        let e = get("/leak.html").await.unwrap_err();
        assert!(e.contains("skipped") && e.contains("leak.html") && e.contains("outside.html"), "{e}");
        assert!(e.contains("outside the folder"), "{e}");
        let e = get("/ext/").await.unwrap_err();
        assert!(e.contains("ext") && e.contains("../secret"), "the link and its target: {e}");
        let e = get("/a.html").await.unwrap_err();
        assert!(e.contains("symlink loop (a.html → b.html → a.html)"), "{e}");
        assert_eq!(get("/dangling.html").await.unwrap().0, 404, "a dangling link is a missing page");
        // Inside the folder: read, at the file's own URL.
        let (status, body, url) = get("/sub/alias.html").await.unwrap();
        assert_eq!((status, body.as_str(), url.path()), (200, "real", "/real.html"));
        let (_, body, url) = get("/loop/loop/index.html").await.unwrap();
        assert_eq!((body.as_str(), url.path()), ("home", "/"));
        assert_eq!(get("/real.html").await.unwrap().2.path(), "/real.html", "no symlink: the URL is kept");
        let inside = Url::from_file_path(root.join("real.html")).unwrap();
        assert!(source.reads_as_page(&inside));
        assert!(!source.reads_as_page(&Url::from_file_path("/etc/passwd").unwrap()));
        assert!(!source.reads_as_page(&Url::parse("mailto:a@b.test").unwrap()));
    }
}
