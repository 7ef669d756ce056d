//! robots.txt, per host, fetched once and parsed with `texting_robots` (RFC 9309): a missing file (4xx)
//! allows everything, a server error (5xx) disallows everything, as the RFC says.

use std::collections::HashMap;

use texting_robots::Robot;
use url::Url;

use super::RobotsError;
use crate::fetch::Fetcher;

/// The user-agent token trackaudit matches in robots.txt groups.
pub(super) const AGENT: &str = "trackaudit";

/// What robots.txt says for one host.
#[derive(Debug)]
enum Rules {
    AllowAll,
    DisallowAll(u16),
    Parsed(Box<Robot>),
}

/// robots.txt rules of every host seen, fetched on first use.
#[derive(Debug, Default)]
pub(crate) struct RobotsCache {
    hosts: HashMap<String, Rules>,
}

impl RobotsCache {
    async fn rules(&mut self, fetcher: &Fetcher, url: &Url) -> &Rules {
        let key = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default())
            + &url.port().map(|p| format!(":{p}")).unwrap_or_default();
        if !self.hosts.contains_key(&key) {
            let rules = match url.join("/robots.txt") {
                Ok(robots_url) => match fetcher.get(&robots_url).await {
                    Ok(r) if (200..300).contains(&r.status) => match Robot::new(AGENT, &r.body) {
                        Ok(robot) => Rules::Parsed(Box::new(robot)),
                        Err(_) => Rules::AllowAll, // unparsable: treated as empty, as crawlers do
                    },
                    Ok(r) if r.status >= 500 => Rules::DisallowAll(r.status),
                    _ => Rules::AllowAll,
                },
                Err(_) => Rules::AllowAll,
            };
            self.hosts.insert(key.clone(), rules);
        }
        &self.hosts[&key]
    }

    /// `Ok` when `url` may be fetched, else why not.
    pub(crate) async fn check(&mut self, fetcher: &Fetcher, url: &Url) -> Result<(), RobotsError> {
        match self.rules(fetcher, url).await {
            Rules::AllowAll => Ok(()),
            Rules::DisallowAll(status) => Err(RobotsError::ServerError { status: *status }),
            Rules::Parsed(robot) if robot.allowed(url.as_str()) => Ok(()),
            Rules::Parsed(_) => Err(RobotsError::Disallowed),
        }
    }

    /// The crawl delay robots.txt asks for on `url`'s host, in seconds.
    pub(crate) async fn delay(&mut self, fetcher: &Fetcher, url: &Url) -> Option<f32> {
        match self.rules(fetcher, url).await {
            Rules::Parsed(robot) => robot.delay,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_txt_is_read_for_the_trackaudit_token_not_for_the_user_agent() {
        let txt = b"User-agent: Chrome\nUser-agent: Mozilla\nDisallow: /no-chrome/\n\n\
                    User-agent: TrackAudit\nDisallow: /no-trackaudit/\n\nUser-agent: *\nDisallow: /\n";
        let robot = Robot::new(AGENT, txt).unwrap();
        assert!(!robot.allowed("https://www.x.test/no-trackaudit/"));
        assert!(robot.allowed("https://www.x.test/no-chrome/"), "a group for browsers is not trackaudit's");
        assert!(robot.allowed("https://www.x.test/"), "its own group, not `*`");
        let star = Robot::new(AGENT, b"User-agent: *\nDisallow: /private/\n").unwrap();
        assert!(!star.allowed("https://www.x.test/private/"));
    }
}
