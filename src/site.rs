//! Who is first party: the site's registrable domain (eTLD+1 by the Public Suffix List), IP literals and
//! `localhost` as themselves, plus any domains the user declares with `--first-party`.

use url::{Host, Url};

/// The registrable domain of a host: `www.google-analytics.com` → `google-analytics.com`,
/// `foo.github.io` → `foo.github.io` (private suffixes count), an IP literal or a single label as itself.
pub(crate) fn registrable_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        return host.to_string();
    }
    psl::domain_str(host).unwrap_or(host).to_string()
}

/// The registrable domain of a URL's host, if it has one.
pub(crate) fn url_domain(url: &Url) -> Option<String> {
    match url.host()? {
        Host::Domain(d) => Some(registrable_domain(d)),
        Host::Ipv4(ip) => Some(ip.to_string()),
        Host::Ipv6(ip) => Some(ip.to_string()),
    }
}

/// The first party of an audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Site {
    /// The registrable domain (or IP, or folder name) that names the site.
    pub name: String,
    /// Registrable domains that count as first party.
    domains: Vec<String>,
    /// Host suffixes the user declared first party.
    declared: Vec<String>,
}

impl Site {
    /// The site of `url` (the final URL after redirects), with extra first-party domains.
    pub(crate) fn from_url(url: &Url, extra: &[String]) -> Site {
        let name = url_domain(url).unwrap_or_else(|| url.as_str().to_string());
        Site::named(name, extra)
    }

    /// A site by name (a registrable domain), with extra first-party domains.
    pub(crate) fn named(name: String, extra: &[String]) -> Site {
        let declared: Vec<String> = extra
            .iter()
            .map(|d| d.trim().trim_start_matches("*.").trim_end_matches('.').to_ascii_lowercase())
            .collect();
        Site { domains: vec![name.clone()], name, declared }
    }

    /// Whether a host belongs to the first party.
    pub(crate) fn is_first_party_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let domain = registrable_domain(&host);
        self.domains.contains(&domain)
            || self.declared.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")) || domain == *d)
    }

    /// Whether a URL is first party. URLs without a host (`data:`, `file:`) are.
    pub(crate) fn is_first_party(&self, url: &Url) -> bool {
        url.host_str().is_none_or(|h| self.is_first_party_host(h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        assert_eq!(registrable_domain("www.google-analytics.com"), "google-analytics.com");
        assert_eq!(registrable_domain("a.b.example.co.uk"), "example.co.uk");
        assert_eq!(registrable_domain("foo.github.io"), "foo.github.io");
        assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain("www.site.test"), "site.test");
    }

    #[test]
    fn first_party() {
        let site = Site::from_url(&Url::parse("https://www.shop.test/").unwrap(), &["cdn-shop.test".into()]);
        assert_eq!(site.name, "shop.test");
        assert!(site.is_first_party_host("shop.test"));
        assert!(site.is_first_party_host("static.shop.test"));
        assert!(site.is_first_party_host("img.cdn-shop.test"));
        assert!(!site.is_first_party_host("www.google-analytics.com"));
        assert!(!site.is_first_party_host("evilshop.test"));
        let ip = Site::from_url(&Url::parse("http://127.0.0.1:8080/").unwrap(), &[]);
        assert_eq!(ip.name, "127.0.0.1");
        assert!(ip.is_first_party(&Url::parse("http://127.0.0.1:9/x").unwrap()));
        assert!(!ip.is_first_party(&Url::parse("http://127.0.0.2/x").unwrap()));
    }
}
