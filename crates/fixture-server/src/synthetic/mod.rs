//! A synthetic web for benchmarks: `site<N>.bench.test` hosts whose pages are generated on
//! request from per-site templates, with a seeded mix of third-party tags.

mod tags;
mod text;

use std::fmt::Write;
use std::sync::OnceLock;

use bytes::Bytes;
use hyper::StatusCode;

use crate::body::{Resp, response, text as plain};
use tags::SiteTags;
use text::Rng;

/// The domain under which synthetic sites live.
const DOMAIN: &str = ".bench.test";
/// How many filler paragraphs are generated once and shared by all pages.
const PARAGRAPHS: usize = 256;
/// How many "read next" links each page has (its successors, wrapping around).
const NEXT_LINKS: usize = 8;

/// Settings of the synthetic web served when [`Options::synthetic`](crate::Options::synthetic) is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticConfig {
    /// Number of sites: hosts `site0.bench.test` to `site<sites-1>.bench.test`.
    pub sites: usize,
    /// Pages per site besides the home page: `/p0.html` to `/p<pages_per_site-1>.html`.
    pub pages_per_site: usize,
    /// The approximate size of each page in KiB (pages are never smaller than their markup).
    pub page_kib: usize,
    /// Chooses each site's name, tags and text; the same seed gives the same web.
    pub seed: u64,
}

impl Default for SyntheticConfig {
    /// 10 sites of 20 pages of about 30 KiB, seed 1.
    fn default() -> Self {
        SyntheticConfig { sites: 10, pages_per_site: 20, page_kib: 30, seed: 1 }
    }
}

impl SyntheticConfig {
    /// The host name of site `index`, e.g. `site3.bench.test`.
    pub fn host(index: usize) -> String {
        format!("site{index}{DOMAIN}")
    }

    /// The site index of a synthetic host name, if it is one of this web's sites.
    fn site_index(&self, host: &str) -> Option<usize> {
        let digits = host.strip_suffix(DOMAIN)?.strip_prefix("site")?;
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || (digits.len() > 1 && digits.starts_with('0'))
        {
            return None;
        }
        digits.parse().ok().filter(|&i| i < self.sites)
    }
}

/// The generated web: shared filler text plus per-site templates built on first use.
#[derive(Debug)]
pub(crate) struct SyntheticWeb {
    config: SyntheticConfig,
    paragraphs: Vec<String>,
    sites: Vec<OnceLock<Site>>,
}

/// The fixed parts of one site's pages.
#[derive(Debug)]
struct Site {
    name: String,
    /// From `<!doctype html>` up to `<title>`.
    head_start: String,
    /// From `</title>` to the end of the header navigation.
    head_rest: String,
    /// An embed shown after the first paragraph of each article.
    embed: String,
    /// From the end of `<main>` to `</html>`.
    tail: String,
    privacy: Bytes,
    robots: Bytes,
}

impl SyntheticWeb {
    pub(crate) fn new(config: SyntheticConfig) -> SyntheticWeb {
        let mut rng = Rng::new(config.seed, u64::MAX);
        SyntheticWeb {
            config,
            paragraphs: (0..PARAGRAPHS).map(|_| text::paragraph(&mut rng)).collect(),
            sites: (0..config.sites).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The response for a synthetic host, or `None` if `host` is not one.
    pub(crate) fn respond(&self, host: &str, path: &str) -> Option<Resp> {
        let index = self.config.site_index(host)?;
        let site = self.sites[index].get_or_init(|| self.build_site(index));
        let html = "text/html; charset=utf-8";
        let path = path.split('?').next().unwrap_or("/");
        Some(match path {
            "/" | "/index.html" => response(StatusCode::OK, html, self.page(index, site, None)),
            "/privacy.html" => response(StatusCode::OK, html, site.privacy.clone()),
            "/robots.txt" => response(StatusCode::OK, "text/plain; charset=utf-8", site.robots.clone()),
            _ => match page_number(path).filter(|&k| k < self.config.pages_per_site) {
                Some(k) => response(StatusCode::OK, html, self.page(index, site, Some(k))),
                None => plain(StatusCode::NOT_FOUND, format!("404 Not Found: {path}\n")),
            },
        })
    }

    fn rng(&self, index: usize, stream: u64) -> Rng {
        Rng::new(self.config.seed ^ (index as u64).wrapping_mul(0x1000_0000_01B3), stream)
    }

    /// The title of page `k` (`None`: the home page).
    fn title(&self, index: usize, k: Option<usize>) -> String {
        match k {
            Some(k) => text::title(&mut self.rng(index, k as u64)),
            None => "Home".to_owned(),
        }
    }

    fn build_site(&self, index: usize) -> Site {
        let mut rng = self.rng(index, u64::MAX);
        let host = SyntheticConfig::host(index);
        let name = text::site_name(&mut rng, index);
        let slug: String = name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
        let tags = SiteTags::choose(&mut rng, &slug);

        let head_start = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>".to_owned();
        let mut head_rest = format!(
            "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"description\" content=\"{name}: stories, guides and notes.\">\n<link rel=\"canonical\" href=\"https://{host}/\">\n\
<link rel=\"icon\" href=\"/favicon.ico\">\n"
        );
        tags.head(&mut head_rest, &name, &host);
        head_rest.push_str("</head>\n<body>\n");
        tags.body_start(&mut head_rest);
        let _ = write!(
            head_rest,
            "<header class=\"site-header\">\n<a class=\"logo\" href=\"/\">{name}</a>\n<nav aria-label=\"Main\"><ul>\n<li><a href=\"/\">Home</a></li>\n"
        );
        for k in 0..self.config.pages_per_site.min(4) {
            let _ = writeln!(head_rest, "<li><a href=\"/p{k}.html\">{}</a></li>", self.title(index, Some(k)));
        }
        head_rest.push_str("<li><a href=\"/privacy.html\">Privacy</a></li>\n</ul></nav>\n</header>\n");

        let mut embed = String::new();
        tags.in_article(&mut embed);

        let mut tail = format!(
            "<footer class=\"site-footer\">\n<nav aria-label=\"Legal\"><a href=\"/privacy.html\">Privacy policy</a> · \
<a href=\"/privacy.html#cookies\">Cookie settings</a> · <a href=\"/\">Home</a></nav>\n<p>© 2026 {name}. All rights reserved.</p>\n"
        );
        tags.footer_links(&mut tail);
        tail.push_str("</footer>\n");
        tags.body_end(&mut tail);
        tail.push_str("</body>\n</html>\n");

        let mut site = Site {
            name,
            head_start,
            head_rest,
            embed,
            tail,
            privacy: Bytes::new(),
            robots: Bytes::from_static(b"User-agent: *\nDisallow: /admin/\n\nUser-agent: BadBot\nDisallow: /\n"),
        };
        site.privacy = Self::privacy_page(&site, &tags, &mut rng).into();
        site
    }

    /// Home (`k = None`) or page `k`: the site template around an article of filler text.
    fn page(&self, index: usize, site: &Site, k: Option<usize>) -> Bytes {
        let target = self.config.page_kib * 1024;
        let mut out = String::with_capacity(target + site.tail.len() + 4096);
        let title = self.title(index, k);
        out.push_str(&site.head_start);
        let _ = write!(out, "{title} – {}", site.name);
        out.push_str(&site.head_rest);
        let _ = write!(out, "<main>\n<article>\n<h1>{title}</h1>\n");

        let mut related = String::from("</article>\n<aside>\n<h2>Read next</h2>\n<ul>\n");
        let n = self.config.pages_per_site;
        let next: Vec<usize> = match k {
            None => (0..n.min(NEXT_LINKS + 2)).collect(),
            Some(k) => (1..=NEXT_LINKS.min(n.saturating_sub(1))).map(|d| (k + d) % n).collect(),
        };
        for j in next {
            let _ = writeln!(related, "<li><a href=\"/p{j}.html\">{}</a></li>", self.title(index, Some(j)));
        }
        related.push_str("</ul>\n</aside>\n</main>\n");

        let mut rng = self.rng(index, k.map_or(u64::MAX - 1, |k| k as u64));
        let start = rng.below(PARAGRAPHS as u64) as usize;
        let step = 1 + 2 * rng.below(PARAGRAPHS as u64 / 2) as usize; // odd: visits every paragraph
        let fixed = related.len() + site.tail.len();
        for i in 0.. {
            out.push_str(&self.paragraphs[(start + i * step) % PARAGRAPHS]);
            if i == 0 {
                out.push_str(&site.embed);
            }
            if out.len() + fixed >= target {
                break;
            }
        }
        out.push_str(&related);
        out.push_str(&site.tail);
        out.into()
    }

    /// The privacy policy: names most of the site's vendors (some are left out, as in real life).
    fn privacy_page(site: &Site, tags: &SiteTags, rng: &mut Rng) -> String {
        let mut out = site.head_start.clone();
        let _ = write!(out, "Privacy Policy – {}", site.name);
        out.push_str(&site.head_rest);
        let _ = write!(
            out,
            "<main>\n<article>\n<h1>Privacy Policy</h1>\n<p>This policy explains how {} collects and uses personal data \
when you visit this website. We process data in line with the GDPR.</p>\n<h2 id=\"cookies\">Cookies and third-party services</h2>\n",
            site.name
        );
        let disclosed: Vec<&str> = tags.vendors().into_iter().filter(|_| rng.percent(75)).collect();
        if disclosed.is_empty() {
            out.push_str("<p>We do not use third-party analytics or advertising services.</p>\n");
        } else {
            out.push_str(
                "<p>We use the following services, which may set cookies or process your IP address:</p>\n<ul>\n",
            );
            for vendor in disclosed {
                let _ = writeln!(out, "<li>{vendor}: to measure and improve our website.</li>");
            }
            out.push_str("</ul>\n");
        }
        if rng.percent(20) {
            out.push_str("<p>Our newsletter is sent with Mailchimp.</p>\n");
        }
        out.push_str(
            "<h2>Your rights</h2>\n<p>You have the right to access, correct and delete your data, and to object to processing. \
Contact privacy@example.com.</p>\n</article>\n</main>\n",
        );
        out.push_str(&site.tail);
        out
    }
}

/// `k` for a path `/p<k>.html` (no leading zeros).
fn page_number(path: &str) -> Option<usize> {
    let digits = path.strip_prefix("/p")?.strip_suffix(".html")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || (digits.len() > 1 && digits.starts_with('0'))
    {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> SyntheticWeb {
        SyntheticWeb::new(SyntheticConfig { sites: 3, pages_per_site: 12, page_kib: 20, seed: 42 })
    }

    fn body(web: &SyntheticWeb, host: &str, path: &str) -> (StatusCode, String) {
        use hyper::body::Body;
        let resp = web.respond(host, path).expect("synthetic host");
        let status = resp.status();
        let mut body = resp.into_body();
        let mut out = Vec::new();
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        while let std::task::Poll::Ready(Some(Ok(frame))) = std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
            out.extend_from_slice(frame.data_ref().expect("data frame"));
        }
        (status, String::from_utf8(out).expect("utf-8"))
    }

    #[test]
    fn hosts() {
        let c = web().config;
        assert_eq!(c.site_index("site2.bench.test"), Some(2));
        assert_eq!(c.site_index("site3.bench.test"), None);
        assert_eq!(c.site_index("site01.bench.test"), None);
        assert_eq!(c.site_index("site1.other.test"), None);
        assert_eq!(page_number("/p11.html"), Some(11));
        assert_eq!(page_number("/p011.html"), None);
    }

    #[test]
    fn pages_are_deterministic_and_sized() {
        let (a, b) = (web(), web());
        for path in ["/", "/p0.html", "/p11.html", "/privacy.html"] {
            let (status, page) = body(&a, "site1.bench.test", path);
            assert_eq!(status, StatusCode::OK);
            assert_eq!(page, body(&b, "site1.bench.test", path).1);
            assert!(page.ends_with("</html>\n"));
            assert!(page.contains("href=\"/privacy.html\""));
        }
        let (_, page) = body(&a, "site0.bench.test", "/p3.html");
        assert!((20 * 1024..24 * 1024).contains(&page.len()), "{}", page.len());
        assert!(page.contains("href=\"/p4.html\"") && page.contains("href=\"/p11.html\""));
        assert_eq!(body(&a, "site0.bench.test", "/p12.html").0, StatusCode::NOT_FOUND);
        assert!(a.respond("www.site.test", "/").is_none());
    }

    #[test]
    fn tags_vary_between_sites() {
        let web = SyntheticWeb::new(SyntheticConfig { sites: 40, pages_per_site: 1, page_kib: 1, seed: 7 });
        let pages: Vec<String> = (0..40).map(|i| body(&web, &SyntheticConfig::host(i), "/").1).collect();
        for needle in [
            "googletagmanager.com/gtag/js?id=G-",
            "GTM-",
            "fbevents.js",
            "snap.licdn.com",
            "static.hotjar.com",
            "criteo.net",
            "youtube.com/embed/",
            "fonts.googleapis.com",
            "cdn.jsdelivr.net",
            "dns-prefetch",
            "https://twitter.com/",
            "application/ld+json",
            ".example/widget.js",
        ] {
            let n = pages.iter().filter(|p| p.contains(needle)).count();
            assert!(n > 0 && n < 40, "{needle} on {n} of 40 sites");
        }
    }
}
