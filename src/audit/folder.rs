//! Auditing a built static site on disk, before deploy: where its pages are published, who is first party,
//! and the report's URLs turned back into the folder's `file://` URLs.

use std::path::Path;

use url::Url;

use crate::crawl::FOLDER_ORIGIN;
use crate::model::AuditReport;
use crate::site::{Site, registrable_domain};

/// How a folder is crawled.
pub(super) struct FolderSetup {
    /// The URL the folder is published at.
    pub base: Url,
    /// The start page's URL.
    pub start: Url,
    /// The first party.
    pub site: Site,
    /// (Without `--base-url`) the crawl's URL prefix and the folder's `file://` URL that replaces it.
    pub rebase: Option<(String, String)>,
}

/// The crawl of the folder `root` from its page `start`, published at `base_url` when given.
pub(super) fn setup(root: &Path, start: &Path, base_url: Option<&Url>, first_party: &[String]) -> FolderSetup {
    let rel = start.strip_prefix(root).unwrap_or(start).to_string_lossy().replace('\\', "/");
    let rel = if rel == "index.html" { String::new() } else { rel };
    let (base, site, rebase) = if let Some(base) = base_url {
        let site = Site::named(registrable_domain(base.host_str().unwrap_or_default()), first_party);
        (base.clone(), site, None)
    } else {
        let base = Url::parse(FOLDER_ORIGIN).expect("valid origin");
        let mut extra = first_party.to_vec();
        extra.push(base.host_str().unwrap_or_default().to_string());
        let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let file = Url::from_directory_path(root).map_or_else(|()| format!("file://{}/", root.display()), String::from);
        (base, Site::named(name, &extra), Some((FOLDER_ORIGIN.to_string(), file)))
    };
    let start = base.join(&rel).unwrap_or_else(|_| base.clone());
    FolderSetup { base, start, site, rebase }
}

/// Replaces `from` by `to` in every string of the report (page URLs, evidence, the policy's URL, messages).
/// The report is left as it is if it cannot be walked (it always can: it is plain data).
pub(super) fn rebase(report: &mut AuditReport, from: &str, to: &str) {
    fn walk(v: &mut serde_json::Value, from: &str, to: &str) {
        match v {
            serde_json::Value::String(s) if s.contains(from) => *s = s.replace(from, to),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, from, to)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|x| walk(x, from, to)),
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(&*report) else { return };
    walk(&mut value, from, to);
    if let Ok(r) = serde_json::from_value(value) {
        // What is not serialised is carried over: the policies' bytes (their URLs rebased like the rest) and
        // readable texts.
        let mut sources = std::mem::take(&mut report.sources);
        for s in &mut sources {
            s.url = s.url.replace(from, to);
        }
        let texts: Vec<String> = report.documents().map(|d| d.text.clone()).collect();
        *report = r;
        report.sources = sources;
        let docs = report.policy.iter_mut().chain(report.other_documents.iter_mut());
        for (doc, text) in docs.zip(texts) {
            doc.text = text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_base_url_is_crawled_at_the_folder_origin_and_reported_as_files() {
        let root = Path::new("/srv/site/public");
        let s = setup(root, &root.join("index.html"), None, &[]);
        assert_eq!(s.start.as_str(), FOLDER_ORIGIN);
        assert_eq!(s.site.name, "public");
        assert!(s.site.is_first_party(&s.start.join("/shop/").unwrap()));
        assert!(!s.site.is_first_party(&Url::parse("https://www.google-analytics.com/").unwrap()));
        let s = setup(root, &root.join("blog/post.html"), None, &[]);
        assert_eq!(s.start.as_str(), format!("{FOLDER_ORIGIN}blog/post.html"));
        let (from, to) = s.rebase.unwrap();
        assert_eq!(to, "file:///srv/site/public/");
        let mut report = AuditReport::started("public");
        report.pages.push(crate::model::PageRecord::new(format!("{from}shop/"), 1));
        report.policy_missing = Some(format!("no link on {from}"));
        rebase(&mut report, &from, &to);
        assert_eq!(report.pages[0].url, "file:///srv/site/public/shop/");
        assert_eq!(report.policy_missing.as_deref(), Some("no link on file:///srv/site/public/"));
    }

    #[test]
    fn a_folder_with_base_url_is_that_site() {
        let root = Path::new("/srv/site/public");
        let base = Url::parse("https://www.example.test/").unwrap();
        let s = setup(root, &root.join("index.html"), Some(&base), &[]);
        assert_eq!((s.start.as_str(), s.site.name.as_str()), ("https://www.example.test/", "example.test"));
        assert!(s.rebase.is_none());
    }
}
