//! Which failed sites are worth another attempt: a site that timed out, refused the connection or answered
//! 5xx or 429 may work in a minute; one whose name does not resolve, whose robots.txt disallows the audit, or
//! whose URL is invalid will not, and is recorded as failed at once (as webXray's queue does).

use std::time::Duration;

use crate::model::{AuditReport, ErrorScope};

/// How an audit ended, for the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// At least one page was read: the result stands.
    Done,
    /// Nothing was read, for a reason that may pass: try again later.
    Transient(String),
    /// Nothing was read, and trying again would not help.
    Permanent(String),
}

/// Error texts (from [`crate::fetch::FetchError`] and the crawler) that another attempt would not change.
const PERMANENT: &[&str] = &[
    "could not resolve host",
    "invalid URL",
    "disallowed by robots.txt",
    "robots.txt answered HTTP",
    "redirect loop",
    "too many redirects",
    "is larger than the",
    "TLS error",
    "no such file or directory",
    "not a folder",
];

/// Classifies a finished audit.
pub fn classify(report: &AuditReport) -> Outcome {
    let status = report.site_status();
    let Some(why) = status.error() else { return Outcome::Done };
    let why = why.to_string();
    if report.errors.iter().any(|e| e.scope == ErrorScope::Robots) {
        return Outcome::Permanent(why);
    }
    let lower = why.to_lowercase();
    // The private-address guard's refusal names the setting that would allow it.
    let private = format!("address; {}", crate::model::Remedy::AllowPrivate).to_lowercase();
    if lower.contains(&private) || PERMANENT.iter().any(|p| lower.contains(&p.to_lowercase())) {
        return Outcome::Permanent(why);
    }
    // A start page that answered: 5xx and 429 may pass, other 4xx (404, 410, 403) will not.
    if let Some(code) = report.pages.first().and_then(|p| p.status)
        && (400..500).contains(&code)
        && code != 429
        && code != 408
    {
        return Outcome::Permanent(format!("{why} (HTTP {code})"));
    }
    Outcome::Transient(why)
}

/// How long to wait before attempt `attempt + 1`: `base` doubled for each attempt made, at most an hour.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    base.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AuditError, PageRecord};

    fn failed(error: Option<&str>, status: Option<u16>) -> AuditReport {
        let mut r = AuditReport::started("https://a.test/");
        let mut page = PageRecord::new("https://a.test/", 0);
        page.status = status;
        page.error = error.map(str::to_string);
        r.pages.push(page);
        r
    }

    #[test]
    fn a_read_site_is_done_and_failures_are_transient_or_permanent_by_cause() {
        assert_eq!(classify(&failed(None, Some(200))), Outcome::Done);
        for (error, status) in [
            (Some("timed out after 20s fetching https://a.test/ (raise --timeout)"), None),
            (Some("connection refused by a.test:443: is the server running?"), None),
            (None, Some(503)),
            (None, Some(429)),
        ] {
            assert!(matches!(classify(&failed(error, status)), Outcome::Transient(_)), "{error:?} {status:?}");
        }
        for (error, status) in [
            (Some("could not resolve host nowhere.test: check the name"), None),
            (Some("redirect loop: https://a.test/ redirects back to itself through 2 hop(s)"), None),
            (None, Some(404)),
        ] {
            assert!(matches!(classify(&failed(error, status)), Outcome::Permanent(_)), "{error:?} {status:?}");
        }
        let mut robots = failed(Some("not fetched: disallowed by robots.txt; --ignore-robots"), None);
        robots.errors.push(AuditError { scope: ErrorScope::Robots, url: None, message: "disallowed".into() });
        assert!(matches!(classify(&robots), Outcome::Permanent(_)));
    }

    #[test]
    fn backoff_doubles_per_attempt_up_to_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 3), Duration::from_secs(120));
        assert_eq!(backoff(base, 40), Duration::from_secs(3600));
    }
}
