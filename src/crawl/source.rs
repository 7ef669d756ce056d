//! Where pages come from: the web (through the [`Fetcher`]) or a built static site on disk.
//!
//! A folder is read as a static host serves it: a URL of the published site maps to a file under the folder
//! (`/shop/` → `shop/index.html`, `/about` → `about.html` or `about/index.html`), and nothing outside the
//! folder is ever read. Without `--base-url` the folder is published at [`FOLDER_ORIGIN`], so that
//! root-relative links (`/shop/`, `<base href="/">`) resolve against the folder's root, as they do once
//! the site is deployed; the audit reports those URLs as the folder's `file://` URLs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use url::Url;

use crate::fetch::{Fetcher, Hop};

/// Where a folder audited without `--base-url` is published while it is crawled: a name that can never be
/// a real host (RFC 6761 `.invalid`), never fetched, and replaced by the folder's `file://` URL in reports.
pub const FOLDER_ORIGIN: &str = "http://local-folder.invalid/";

/// A page as read from its source.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The final URL, after redirects.
    pub url: Url,
    /// The HTTP status (200 for a file that exists).
    pub status: u16,
    /// The `Content-Type` (guessed from the extension for files).
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// Every response on the way, for their `Set-Cookie` headers.
    pub hops: Vec<Hop>,
    /// The final response's headers (names lowercase; none for files).
    pub headers: Vec<(String, String)>,
    /// (Browser engine) what the browser captured; the body is then the rendered DOM.
    pub browser: Option<Box<crate::browser_page::BrowserPage>>,
}

/// A site's pages read through Chromium, in one tab, with the fetcher for robots.txt and the policy.
#[cfg(feature = "browser")]
#[derive(Debug)]
pub struct BrowserSource {
    /// The tab.
    pub session: tokio::sync::Mutex<crate::browser::SiteSession>,
    /// For robots.txt.
    pub fetcher: Arc<Fetcher>,
}

/// Where an audit reads pages from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Over HTTP(S).
    Web(Arc<Fetcher>),
    /// Through Chromium.
    #[cfg(feature = "browser")]
    Browser(Arc<BrowserSource>),
    /// A folder holding a built static site (`public/`, `_site/`, `out/`), published at `base`.
    Folder {
        /// The folder.
        root: PathBuf,
        /// The URL the folder is published at: `--base-url`, or [`FOLDER_ORIGIN`].
        base: Url,
        /// Largest file read.
        max_bytes: u64,
    },
}

impl Source {
    /// Reads `url`.
    pub async fn fetch(&self, url: &Url) -> Result<Fetched, String> {
        match self {
            #[cfg(feature = "browser")]
            Source::Browser(b) => b.session.lock().await.visit(url).await,
            Source::Web(fetcher) => {
                let r = fetcher.get(url).await.map_err(|e| e.to_string())?;
                Ok(Fetched {
                    url: r.url,
                    status: r.status,
                    content_type: r.content_type,
                    body: r.body,
                    hops: r.hops,
                    headers: r.headers,
                    browser: None,
                })
            }
            Source::Folder { root, base, max_bytes } => {
                let path = local_path(root, base, url)
                    .ok_or_else(|| format!("{url} is outside the folder {}", root.display()))?;
                let dir = url.path().ends_with('/');
                let Some(file) = existing_file(&path, dir) else {
                    return Ok(Fetched {
                        url: url.clone(),
                        status: 404,
                        content_type: None,
                        body: Vec::new(),
                        hops: Vec::new(),
                        headers: Vec::new(),
                        browser: None,
                    });
                };
                let meta = std::fs::metadata(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                if meta.len() > *max_bytes {
                    return Err(format!(
                        "{} is larger than the {} MB limit; not read",
                        file.display(),
                        max_bytes.div_ceil(1024 * 1024)
                    ));
                }
                let body = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                // `/about` served from `about/index.html`: static hosts redirect to `/about/`, which is what
                // the page's relative links resolve against.
                let mut final_url = url.clone();
                if !dir && file.starts_with(&path) && file != path {
                    final_url.set_path(&format!("{}/", url.path()));
                }
                Ok(Fetched {
                    url: final_url,
                    status: 200,
                    content_type: Some(content_type(&file).into()),
                    body,
                    hops: Vec::new(),
                    headers: Vec::new(),
                    browser: None,
                })
            }
        }
    }

    /// Whether robots.txt applies (not to files on disk).
    pub fn is_web(&self) -> bool {
        match self {
            Source::Web(_) => true,
            #[cfg(feature = "browser")]
            Source::Browser(_) => true,
            Source::Folder { .. } => false,
        }
    }

    /// The fetcher, for the web.
    pub fn fetcher(&self) -> Option<&Fetcher> {
        match self {
            Source::Web(f) => Some(f),
            #[cfg(feature = "browser")]
            Source::Browser(b) => Some(&b.fetcher),
            Source::Folder { .. } => None,
        }
    }
}

/// The file a URL of the published site maps to: its path under the folder.
fn local_path(root: &Path, base: &Url, url: &Url) -> Option<PathBuf> {
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

/// The file a path serves, as static hosts do: `dir/` → `dir/index.html`; `about` → `about`, `about.html`
/// or `about/index.html`. `dir` is set when the URL's path ends with `/`.
fn existing_file(path: &Path, dir: bool) -> Option<PathBuf> {
    let candidates = if dir {
        vec![path.join("index.html"), path.join("index.htm")]
    } else {
        let mut html = path.as_os_str().to_owned();
        html.push(".html");
        vec![path.to_path_buf(), PathBuf::from(html), path.join("index.html"), path.join("index.htm")]
    };
    candidates.into_iter().find(|p| p.is_file())
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
            async move { source.fetch(&url).await.map(|f| (f.status, String::from_utf8(f.body).unwrap(), f.url)) }
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
        assert!(source.fetch(&outside).await.unwrap_err().contains("outside the folder"));
        assert_eq!(folder_key(&Url::parse("http://h/shop/index.html?x").unwrap()), "http://h/shop/");
    }
}
