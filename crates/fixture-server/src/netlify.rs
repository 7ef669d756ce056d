//! Parsing and matching of Netlify-style `_headers` and `_redirects` files.
//!
//! Path patterns (in both files) are matched segment by segment: a literal segment, a
//! `:name` placeholder matching one segment, or a final `*` matching the rest (available
//! as `:splat` in a redirect target). A trailing slash is ignored on both sides.

/// A path pattern such as `/`, `/index.html`, `/news/:year/*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    segments: Vec<String>,
}

/// What a [`Pattern`] captured from a path.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Captures {
    params: Vec<(String, String)>,
    splat: Option<String>,
}

impl Pattern {
    pub(crate) fn parse(pattern: &str) -> Pattern {
        Pattern { segments: split_path(pattern).map(str::to_owned).collect() }
    }

    /// The captures if `path` (without its query) matches this pattern.
    pub(crate) fn matches(&self, path: &str) -> Option<Captures> {
        let mut caps = Captures::default();
        let mut rest = split_path(path);
        for (i, seg) in self.segments.iter().enumerate() {
            if seg == "*" && i + 1 == self.segments.len() {
                caps.splat = Some(rest.collect::<Vec<_>>().join("/"));
                return Some(caps);
            }
            let got = rest.next()?;
            if let Some(name) = seg.strip_prefix(':') {
                caps.params.push((name.to_owned(), got.to_owned()));
            } else if seg != got {
                return None;
            }
        }
        rest.next().is_none().then_some(caps)
    }
}

/// The non-empty segments of a path: `/a/b/` gives `a`, `b`.
fn split_path(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// Replace `:splat` and `:name` placeholders in a redirect target.
fn substitute(target: &str, caps: &Captures) -> String {
    let mut out = String::with_capacity(target.len());
    let mut rest = target;
    while let Some(pos) = rest.find(':') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let ident_len = after
            .char_indices()
            .find(|&(i, c)| !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
            .map_or(after.len(), |(i, _)| i);
        let name = &after[..ident_len];
        let value = if name == "splat" {
            caps.splat.as_deref()
        } else {
            caps.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        };
        match value {
            Some(v) if !name.is_empty() => out.push_str(v),
            _ => {
                out.push(':');
                out.push_str(name);
            }
        }
        rest = &after[ident_len..];
    }
    out.push_str(rest);
    out
}

/// One line of a `_redirects` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RedirectRule {
    from: Pattern,
    to: String,
    status: u16,
}

/// What a matching redirect rule asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RedirectAction {
    /// Answer with `status` (301, 302, 303, 307 or 308) and this `Location`.
    Redirect { status: u16, location: String },
    /// Serve another path of the same host with `status` (200 or an error status), the URL unchanged.
    Rewrite { status: u16, path: String },
}

/// Parse a `_redirects` file: `FROM TO [STATUS][!]` per line, `#` comments.
///
/// The status defaults to 301; 200 rewrites, and so do error statuses (401, 403, 404, 429, 451, 503: the
/// target's file is served with that status, for error and challenge pages). Lines with conditions or
/// query matching (more than three fields) and lines with other statuses are skipped. A trailing `!`
/// (force) is accepted: rules here always take precedence over files.
pub(crate) fn parse_redirects(text: &str) -> Vec<RedirectRule> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                return None;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (from, to, status) = match fields.as_slice() {
                [from, to] => (*from, *to, "301"),
                [from, to, status] => (*from, *to, *status),
                _ => return None,
            };
            let status: u16 = status.trim_end_matches('!').parse().ok()?;
            if !matches!(status, 200 | 301 | 302 | 303 | 307 | 308 | 401 | 403 | 404 | 429 | 451 | 503)
                || !from.starts_with('/')
            {
                return None;
            }
            Some(RedirectRule { from: Pattern::parse(from), to: to.to_owned(), status })
        })
        .collect()
}

/// The first rule matching the request, skipping rules whose target is the requested URL itself.
///
/// `path_and_query` is the request target, `own_url` the same as an absolute URL
/// (`http://host/path?query`). The query is passed on unless the target has its own.
/// This makes `/* https://www.x.test/:splat 301` in `www.x.test/_redirects` an HTTP→HTTPS
/// redirect that does not loop on HTTPS.
pub(crate) fn find_redirect(rules: &[RedirectRule], path_and_query: &str, own_url: &str) -> Option<RedirectAction> {
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    rules.iter().find_map(|rule| {
        let caps = rule.from.matches(path)?;
        let mut target = substitute(&rule.to, &caps);
        if let (Some(q), false) = (query, target.contains('?')) {
            target.push('?');
            target.push_str(q);
        }
        if target == path_and_query || target == own_url {
            return None;
        }
        Some(match rule.status {
            200 | 401 | 403 | 404 | 429 | 451 | 503 if target.starts_with('/') => {
                RedirectAction::Rewrite { status: rule.status, path: target }
            }
            200 | 401 | 403 | 404 | 429 | 451 | 503 => return None,
            status => RedirectAction::Redirect { status, location: target },
        })
    })
}

/// One block of a `_headers` file: a path pattern and the headers for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderBlock {
    pattern: Pattern,
    headers: Vec<(String, String)>,
}

/// Parse a `_headers` file: an unindented path line, then indented `Name: value` lines.
///
/// A name may repeat (e.g. several `Set-Cookie`); `#` starts a comment line.
pub(crate) fn parse_headers(text: &str) -> Vec<HeaderBlock> {
    let mut blocks: Vec<HeaderBlock> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if !indented {
            if trimmed.starts_with('/') {
                blocks.push(HeaderBlock { pattern: Pattern::parse(trimmed), headers: Vec::new() });
            }
            continue;
        }
        if let (Some(block), Some((name, value))) = (blocks.last_mut(), trimmed.split_once(':')) {
            block.headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    blocks
}

/// All headers of the blocks matching any of `paths`, in file order.
pub(crate) fn headers_for<'a>(blocks: &'a [HeaderBlock], paths: &[&str]) -> Vec<&'a (String, String)> {
    blocks.iter().filter(|b| paths.iter().any(|p| b.pattern.matches(p).is_some())).flat_map(|b| &b.headers).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let p = Pattern::parse("/news/:year/*");
        let caps = p.matches("/news/2024/a/b.html").unwrap();
        assert_eq!(caps.params, vec![("year".into(), "2024".into())]);
        assert_eq!(caps.splat.as_deref(), Some("a/b.html"));
        assert!(p.matches("/blog/2024/x").is_none());
        assert!(Pattern::parse("/").matches("/").is_some());
        assert!(Pattern::parse("/").matches("/a").is_none());
        assert!(Pattern::parse("/*").matches("/").is_some());
        assert!(Pattern::parse("/a/").matches("/a").is_some());
        assert!(Pattern::parse("/a").matches("/a/b").is_none());
    }

    #[test]
    fn substitution_leaves_schemes_and_ports_alone() {
        let caps = Pattern::parse("/:lang/*").matches("/en/x/y").unwrap();
        assert_eq!(
            substitute("https://www.x.test:8443/:splat?l=:lang&u=:unknown", &caps),
            "https://www.x.test:8443/x/y?l=en&u=:unknown"
        );
    }

    #[test]
    fn redirects() {
        let rules = parse_redirects(
            "# comment\n/old /new 302\n/perm /new\n/* https://www.x.test/:splat 301!\n/bad /x 999\n/c /x 301 Country=us\n",
        );
        assert_eq!(rules.len(), 3);
        let found = |p: &str, own: &str| find_redirect(&rules, p, own);
        assert_eq!(
            found("/old?a=1", "http://x.test/old?a=1"),
            Some(RedirectAction::Redirect { status: 302, location: "/new?a=1".into() })
        );
        assert_eq!(
            found("/perm", "http://x.test/perm"),
            Some(RedirectAction::Redirect { status: 301, location: "/new".into() })
        );
        assert_eq!(
            found("/a/b", "http://www.x.test/a/b"),
            Some(RedirectAction::Redirect { status: 301, location: "https://www.x.test/a/b".into() })
        );
        // A rule pointing at the requested URL itself is skipped.
        assert_eq!(found("/a/b", "https://www.x.test/a/b"), None);
    }

    #[test]
    fn rewrites() {
        let rules = parse_redirects(
            "/app/* /index.html 200\n/gone /404.html 404\n/ext https://e.test/ 200\n/wall /challenge.html 403\n",
        );
        assert_eq!(
            find_redirect(&rules, "/wall", "http://h/wall"),
            Some(RedirectAction::Rewrite { status: 403, path: "/challenge.html".into() })
        );
        assert_eq!(
            find_redirect(&rules, "/app/x", "http://h/app/x"),
            Some(RedirectAction::Rewrite { status: 200, path: "/index.html".into() })
        );
        assert_eq!(find_redirect(&rules, "/index.html", "http://h/index.html"), None);
        assert_eq!(find_redirect(&rules, "/ext", "http://h/ext"), None);
    }

    #[test]
    fn headers() {
        let blocks = parse_headers(
            "/*\n  X-Frame-Options: DENY\n/\n  Set-Cookie: a=1; Path=/\n  Set-Cookie: b=2\n\n/other.html\n\tContent-Type: text/plain\nstray: line\n",
        );
        assert_eq!(blocks.len(), 3);
        let names = |paths: &[&str]| -> Vec<String> {
            headers_for(&blocks, paths).iter().map(|(n, v)| format!("{n}={v}")).collect()
        };
        assert_eq!(names(&["/", "/index.html"]), ["X-Frame-Options=DENY", "Set-Cookie=a=1; Path=/", "Set-Cookie=b=2"]);
        assert_eq!(names(&["/other.html"]), ["X-Frame-Options=DENY", "Content-Type=text/plain"]);
    }
}
