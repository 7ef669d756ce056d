//! Who the crawler says it is. Sites serve bots differently (no consent banner, no tags, a challenge page),
//! so by default both engines present themselves as a current desktop Chrome: its `User-Agent`, its
//! navigation `Accept`, an `Accept-Language`, and the client hints (`sec-ch-ua*`) Chrome sends to secure
//! origins, whose brand list follows Chromium's own GREASE algorithm for that version.
//!
//! `--user-agent` replaces the user agent everywhere; client hints are then sent only when it is a Chrome
//! user agent, with its version and platform, so that the headers never contradict each other. robots.txt is
//! obeyed under the product token `crate::crawl::robots::AGENT` whatever the user agent says.

/// The Chrome major version the default user agent claims (keep it current: sites treat old browsers
/// differently).
pub const CHROME_MAJOR: u32 = 148;

/// The user agent sent unless `--user-agent` says otherwise: Chrome on Windows 10, x86_64, the most common
/// desktop browser, in Chrome's reduced form (`Chrome/148.0.0.0`).
pub const DEFAULT_USER_AGENT: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/148.0.0.0 Safari/537.36";

/// The `Accept-Language` sent unless `--accept-language` says otherwise.
pub const DEFAULT_ACCEPT_LANGUAGE: &str = "en-US,en;q=0.9";

/// Chrome's `Accept` for a page navigation.
pub const ACCEPT_HTML: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

/// One entry of a client-hints brand list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    /// `Chromium`, `Google Chrome`, or the GREASE brand.
    pub brand: String,
    /// Its version: the major version, or a full one in `Sec-CH-UA-Full-Version-List`.
    pub version: String,
}

/// Chromium's brand list for `major`: Chromium, `product` (e.g. `Google Chrome`) and a GREASE brand, in the
/// order Chromium picks for that version (`components/embedder_support/user_agent_utils.cc`). `version` is
/// what Chromium and the product are given (the major version, or the full version); the GREASE brand gets
/// its own (`99`, or `99.0.0.0` in a full list).
pub fn brands(major: u32, product: &str, version: &str, full: bool) -> Vec<Brand> {
    const CHARS: [&str; 11] = [" ", "(", ":", "-", ".", "/", ")", ";", "=", "?", "_"];
    const VERSIONS: [&str; 3] = ["8", "99", "24"];
    const ORDERS: [[usize; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    let seed = major as usize;
    let grease = format!("Not{}A{}Brand", CHARS[seed % CHARS.len()], CHARS[(seed + 1) % CHARS.len()]);
    let grease_version = VERSIONS[seed % VERSIONS.len()];
    let grease_version = if full { format!("{grease_version}.0.0.0") } else { grease_version.to_string() };
    let order = ORDERS[seed % ORDERS.len()];
    let mut list = vec![Brand { brand: String::new(), version: String::new() }; 3];
    list[order[0]] = Brand { brand: grease, version: grease_version };
    list[order[1]] = Brand { brand: "Chromium".into(), version: version.into() };
    list[order[2]] = Brand { brand: product.into(), version: version.into() };
    list
}

/// The low-entropy client hints a Chrome user agent sends to secure origins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientHints {
    /// The major version.
    pub major: u32,
    /// `Windows`, `macOS`, `Linux`, `Android`, `Chrome OS`.
    pub platform: &'static str,
    /// A phone's user agent.
    pub mobile: bool,
}

impl ClientHints {
    /// The hints a browser with this user agent sends: only Google Chrome's (Chromium-based browsers that
    /// name themselves, such as Edge or Opera, and headless Chromium have other brands; other browsers send
    /// none).
    pub fn for_user_agent(ua: &str) -> Option<ClientHints> {
        const OTHERS: [&str; 6] = ["Edg/", "OPR/", "HeadlessChrome", "SamsungBrowser", "YaBrowser", "Vivaldi"];
        if OTHERS.iter().any(|o| ua.contains(o)) {
            return None;
        }
        let version = ua.split("Chrome/").nth(1)?;
        let major: u32 = version.split('.').next()?.parse().ok()?;
        Some(ClientHints { major, platform: platform_of(ua)?, mobile: ua.contains("Mobile") })
    }

    /// `Sec-CH-UA`.
    pub fn sec_ch_ua(&self) -> String {
        brands(self.major, "Google Chrome", &self.major.to_string(), false)
            .iter()
            .map(|b| format!("\"{}\";v=\"{}\"", b.brand, b.version))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The three headers, as Chrome sends them.
    pub fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("sec-ch-ua", self.sec_ch_ua()),
            ("sec-ch-ua-mobile", if self.mobile { "?1" } else { "?0" }.to_string()),
            ("sec-ch-ua-platform", format!("\"{}\"", self.platform)),
        ]
    }
}

/// The client-hints platform a user agent names.
pub fn platform_of(ua: &str) -> Option<&'static str> {
    Some(if ua.contains("Android") {
        "Android"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("CrOS") {
        "Chrome OS"
    } else if ua.contains("Macintosh") || ua.contains("Mac OS X") {
        "macOS"
    } else if ua.contains("Linux") || ua.contains("X11") {
        "Linux"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grease_brands_match_what_chrome_sent() {
        // Real Chrome headers: 120, 124, 130 and 131 cover four of the six orders and all three GREASE versions.
        let ua = |m: u32| ClientHints { major: m, platform: "Windows", mobile: false }.sec_ch_ua();
        assert_eq!(ua(120), r#""Not_A Brand";v="8", "Chromium";v="120", "Google Chrome";v="120""#);
        assert_eq!(ua(124), r#""Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99""#);
        assert_eq!(ua(130), r#""Chromium";v="130", "Google Chrome";v="130", "Not?A_Brand";v="99""#);
        assert_eq!(ua(131), r#""Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24""#);
        let full = brands(131, "Google Chrome", "131.0.6778.86", true);
        assert_eq!(full[2], Brand { brand: "Not_A Brand".into(), version: "24.0.0.0".into() });
    }

    #[test]
    fn the_default_identity_is_consistent() {
        let hints = ClientHints::for_user_agent(DEFAULT_USER_AGENT).unwrap();
        assert_eq!(hints, ClientHints { major: CHROME_MAJOR, platform: "Windows", mobile: false });
        assert!(DEFAULT_USER_AGENT.contains(&format!("Chrome/{CHROME_MAJOR}.0.0.0 ")));
        let [(_, ua), (_, mobile), (_, platform)] = hints.headers();
        assert!(ua.contains(&format!("\"Google Chrome\";v=\"{CHROME_MAJOR}\"")), "{ua}");
        assert_eq!((mobile.as_str(), platform.as_str()), ("?0", "\"Windows\""));
    }

    #[test]
    fn other_user_agents_send_their_own_hints_or_none() {
        assert_eq!(ClientHints::for_user_agent("trackaudit/0.1 (+https://example.test/bot)"), None);
        assert_eq!(
            ClientHints::for_user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"),
            None
        );
        let headless = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/148.0.0.0 Safari/537.36";
        assert_eq!(ClientHints::for_user_agent(headless), None);
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36";
        assert_eq!(
            ClientHints::for_user_agent(mac),
            Some(ClientHints { major: 147, platform: "macOS", mobile: false })
        );
        let phone = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/148.0.0.0 Mobile Safari/537.36";
        assert_eq!(
            ClientHints::for_user_agent(phone),
            Some(ClientHints { major: 148, platform: "Android", mobile: true })
        );
    }
}
