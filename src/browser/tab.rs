//! One tab of a site's browser context: its page, the recording its network listener feeds, and what is
//! asked of a loaded page (is it done, which CMP globals it defines, a script run in every frame).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::browser::Browser;
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::emulation::{
    SetUserAgentOverrideParams, UserAgentBrandVersion, UserAgentMetadata,
};
use chromiumoxide::cdp::browser_protocol::network::{EnableParams, Headers, SetExtraHttpHeadersParams};
use chromiumoxide::cdp::browser_protocol::page::{
    AddScriptToEvaluateOnNewDocumentParams, CreateIsolatedWorldParams, FrameId, FrameTree, GetFrameTreeParams,
};
use chromiumoxide::cdp::browser_protocol::target::{CloseTargetParams, CreateTargetParams};
use chromiumoxide::cdp::js_protocol::runtime::{AddBindingParams, EvaluateParams};
use tokio::task::JoinHandle;
use tokio::time::timeout;

use super::recorder::{self, Recording};
use super::{BrowserError, BrowserOptions};
use crate::browser_page::MAX_POST_DATA;
use crate::fetch::identity::{ClientHints, brands};
use crate::model::{BrowserSettings, ConsentState, Settle};

/// Page timers due this long after the load event are waited for ([`Settle::Smart`]).
const TIMER_HORIZON: Duration = Duration::from_secs(5);

/// A request in flight longer than this is not waited for (long polling, streams).
const IN_FLIGHT_FRESH: Duration = Duration::from_secs(5);

/// The init script that tracks pending timers.
const TIMERS_SCRIPT: &str = include_str!("timers.js");

/// The init script that reports scripts' cookie writes through [`recorder::COOKIE_BINDING`].
const COOKIES_SCRIPT: &str = include_str!("cookies.js");

/// The init script that reports calls to the APIs fingerprinting uses through [`recorder::PROBE_BINDING`].
const PROBES_SCRIPT: &str = include_str!("probes.js");

/// The init script of the `gpc` state: `navigator.globalPrivacyControl` is `true` in every frame, before any
/// of its scripts runs (as in a browser with Global Privacy Control turned on).
const GPC_SCRIPT: &str = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', \
    { get: () => true, configurable: true, enumerable: true });";

/// Reads the page's consent and privacy strings: the US Privacy, GPP and TCF strings from their cookies and
/// from the CMP APIs (`__uspapi`, `__gpp`, `__tcfapi`; each given a second to answer).
const STRINGS_JS: &str = r"(async () => {
  const out = [];
  const add = (source, v) => { if (typeof v === 'string' && v.length > 0 && v.length < 20000) out.push([source, v]); };
  const cookie = (name) => {
    try {
      for (const c of document.cookie.split('; ')) {
        const i = c.indexOf('=');
        if (i > 0 && c.slice(0, i) === name) return decodeURIComponent(c.slice(i + 1));
      }
    } catch (e) {}
    return null;
  };
  add('usprivacy cookie', cookie('usprivacy'));
  add('__gpp cookie', cookie('__gpp'));
  add('euconsent-v2 cookie', cookie('euconsent-v2'));
  const ask = (call) => new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), 1000);
    try { call((v, ok) => { clearTimeout(t); resolve(ok === false ? null : v); }); } catch (e) { clearTimeout(t); resolve(null); }
  });
  if (typeof window.__uspapi === 'function') {
    const d = await ask((cb) => window.__uspapi('getUSPData', 1, cb));
    add('__uspapi', d && d.uspString);
  }
  if (typeof window.__gpp === 'function') {
    const d = await ask((cb) => window.__gpp('ping', cb));
    add('__gpp', d && d.gppString);
  }
  if (typeof window.__tcfapi === 'function') {
    const d = await ask((cb) => window.__tcfapi('getTCData', 2, cb));
    add('__tcfapi', d && d.tcString);
  }
  return out;
})()";

/// Reads the cookie declarations consent managers keep in the page: Cookiebot's `CookieConsentDialog`
/// tables and OneTrust's `OneTrust.GetDomainData()` groups, as JSON text (none when too large).
const DECLARATIONS_JS: &str = r"(() => {
  const out = {};
  try {
    const d = window.CookieConsentDialog;
    if (d && typeof d === 'object') {
      const pick = (k) => Array.isArray(d[k]) ? d[k].slice(0, 2000) : [];
      out.cookiebot = { necessary: pick('cookieTableNecessary'), preference: pick('cookieTablePreference'),
        statistics: pick('cookieTableStatistics'), advertising: pick('cookieTableAdvertising'),
        unclassified: pick('cookieTableUnclassified') };
    }
  } catch (e) {}
  try {
    const o = window.OneTrust;
    const d = o && typeof o.GetDomainData === 'function' ? o.GetDomainData() : null;
    if (d && Array.isArray(d.Groups)) {
      out.onetrust = { Groups: d.Groups.slice(0, 500).map((g) => ({ GroupName: g.GroupName,
        OptanonGroupId: g.OptanonGroupId, Parent: g.Parent, FirstPartyCookies: g.FirstPartyCookies,
        Hosts: g.Hosts })) };
    }
  } catch (e) {}
  if (!out.cookiebot && !out.onetrust) return null;
  const s = JSON.stringify(out);
  return s.length > 4000000 ? null : s;
})()";

/// A tab with its network recording.
pub(super) struct Tab {
    pub(super) page: Page,
    pub(super) recording: Arc<Mutex<Recording>>,
    listener: JoinHandle<()>,
}

impl Drop for Tab {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

impl Tab {
    /// Opens a tab in `context`, presenting the browser's identity, with timer tracking and a network listener;
    /// in the `gpc` state, with Global Privacy Control on (`Sec-GPC: 1` on every request).
    pub(super) async fn open(
        browser: &Browser,
        context: &BrowserContextId,
        opts: &BrowserOptions,
        state: ConsentState,
    ) -> Result<Tab, BrowserError> {
        let params =
            CreateTargetParams { browser_context_id: Some(context.clone()), ..CreateTargetParams::new("about:blank") };
        let page = timeout(Duration::from_secs(15), browser.new_page(params))
            .await
            .map_err(|_| BrowserError::NoAnswer("opening a tab"))?
            .map_err(|source| BrowserError::Command { what: "open a tab", source })?;
        if let Some(id) = identity(browser, opts).await {
            let _ = timeout(Duration::from_secs(5), page.execute(id)).await;
        }
        // The timer tracking runs before any script of every document the tab loads.
        let timers = AddScriptToEvaluateOnNewDocumentParams::new(TIMERS_SCRIPT);
        timeout(Duration::from_secs(5), page.execute(timers))
            .await
            .map_err(|_| BrowserError::NoAnswer("installing the timer tracking"))?
            .map_err(|source| BrowserError::Command { what: "install the timer tracking", source })?;
        // Request bodies in `requestWillBeSent` (`NetRequest::post_data`), for the form probe's search.
        let network = EnableParams { max_post_data_size: Some(MAX_POST_DATA as i64), ..EnableParams::default() };
        let _ = timeout(Duration::from_secs(5), page.execute(network)).await;
        // Scripts' cookie writes, for the lifetime they ask for: the binding first, then the script using it.
        timeout(Duration::from_secs(5), page.execute(AddBindingParams::new(recorder::COOKIE_BINDING)))
            .await
            .map_err(|_| BrowserError::NoAnswer("installing the cookie-write binding"))?
            .map_err(|source| BrowserError::Command { what: "install the cookie-write binding", source })?;
        timeout(Duration::from_secs(5), page.execute(AddScriptToEvaluateOnNewDocumentParams::new(COOKIES_SCRIPT)))
            .await
            .map_err(|_| BrowserError::NoAnswer("installing the cookie-write tracking"))?
            .map_err(|source| BrowserError::Command { what: "install the cookie-write tracking", source })?;
        // Calls to the APIs fingerprinting uses, the same way (unless the probes are off).
        if opts.settings.probes {
            timeout(Duration::from_secs(5), page.execute(AddBindingParams::new(recorder::PROBE_BINDING)))
                .await
                .map_err(|_| BrowserError::NoAnswer("installing the API-call binding"))?
                .map_err(|source| BrowserError::Command { what: "install the API-call binding", source })?;
            let probes = AddScriptToEvaluateOnNewDocumentParams::new(PROBES_SCRIPT);
            timeout(Duration::from_secs(5), page.execute(probes))
                .await
                .map_err(|_| BrowserError::NoAnswer("installing the API-call probes"))?
                .map_err(|source| BrowserError::Command { what: "install the API-call probes", source })?;
        }
        if state == ConsentState::Gpc {
            let header = SetExtraHttpHeadersParams::new(Headers::new(serde_json::json!({ "Sec-GPC": "1" })));
            timeout(Duration::from_secs(5), page.execute(header))
                .await
                .map_err(|_| BrowserError::NoAnswer("sending Sec-GPC"))?
                .map_err(|source| BrowserError::Command { what: "send Sec-GPC", source })?;
            let script = AddScriptToEvaluateOnNewDocumentParams::new(GPC_SCRIPT);
            timeout(Duration::from_secs(5), page.execute(script))
                .await
                .map_err(|_| BrowserError::NoAnswer("setting navigator.globalPrivacyControl"))?
                .map_err(|source| BrowserError::Command { what: "set navigator.globalPrivacyControl", source })?;
        }
        let recording = recorder::new_recording();
        let listener = recorder::record(&page, Arc::clone(&recording)).await?;
        Ok(Tab { page, recording, listener })
    }

    /// Closes the tab (a tab left busy by a page that never loaded is not reused).
    pub(super) async fn close(self, browser: &Browser) {
        self.listener.abort();
        let _ = timeout(Duration::from_secs(5), browser.execute(CloseTargetParams::new(self.page.target_id().clone())))
            .await;
    }

    /// Waits until the page is done ([`Settle`]): no network event for the quiet period and, with
    /// [`Settle::Smart`], no request in flight and no page timer due within [`TIMER_HORIZON`] of the start;
    /// at most `max_wait`.
    pub(super) async fn quiet(&self, settings: &BrowserSettings) {
        let start = Instant::now();
        let smart = settings.settle == Settle::Smart;
        let mut timer_due: Option<Instant> = None;
        let mut asked = start.checked_sub(Duration::from_secs(1)).unwrap_or(start);
        loop {
            let (idle, busy) = {
                let rec = self.recording.lock().expect("recording lock");
                (rec.last_activity.elapsed(), rec.in_flight(IN_FLIGHT_FRESH))
            };
            let waited = start.elapsed();
            if waited >= settings.max_wait {
                return;
            }
            if idle >= settings.quiet && (!smart || busy == 0) {
                if !smart {
                    return;
                }
                // Quiet: is a page timer about to fire? (Asked at most every 100 ms; a timer past the
                // horizon, or one re-armed forever, is not waited for beyond it.)
                if asked.elapsed() >= Duration::from_millis(100) {
                    asked = Instant::now();
                    timer_due = self.next_timer().await.map(|d| Instant::now() + d);
                }
                match timer_due {
                    Some(at) if at <= start + TIMER_HORIZON => {
                        let wait = at.saturating_duration_since(Instant::now()) + Duration::from_millis(50);
                        tokio::time::sleep(wait.min(Duration::from_millis(100))).await;
                        continue;
                    }
                    _ => return,
                }
            }
            if smart && busy > 0 && idle >= settings.quiet {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
            let step = settings
                .quiet
                .saturating_sub(idle)
                .min(settings.max_wait.saturating_sub(waited))
                .max(Duration::from_millis(20));
            tokio::time::sleep(step).await;
        }
    }

    /// How long until the page's next pending timer fires (from the init script), if one is pending.
    async fn next_timer(&self) -> Option<Duration> {
        let ask = self
            .page
            .evaluate("typeof window.__trackauditNextTimer === 'function' ? window.__trackauditNextTimer() : -1");
        let ms: f64 = timeout(Duration::from_secs(2), ask).await.ok()?.ok()?.into_value().ok()?;
        (ms >= 0.0).then(|| Duration::from_secs_f64(ms / 1000.0))
    }

    /// The consent and privacy strings the page holds ([`STRINGS_JS`]).
    pub(super) async fn privacy_strings(&self) -> Vec<(String, String)> {
        let Ok(params) =
            EvaluateParams::builder().expression(STRINGS_JS).await_promise(true).return_by_value(true).build()
        else {
            return Vec::new();
        };
        match timeout(Duration::from_secs(5), self.page.execute(params)).await {
            Ok(Ok(r)) => r.result.result.value.clone().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The consent manager's cookie declarations ([`DECLARATIONS_JS`]): (`cookiebot` or `onetrust`, its JSON).
    pub(super) async fn declarations(&self) -> Vec<(String, serde_json::Value)> {
        let Ok(Ok(r)) = timeout(Duration::from_secs(5), self.page.evaluate(DECLARATIONS_JS)).await else {
            return Vec::new();
        };
        let Some(text) = r.into_value::<Option<String>>().ok().flatten() else { return Vec::new() };
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&text) else { return Vec::new() };
        map.into_iter().collect()
    }

    /// Which of `names` (CMP globals) the page's main world defines.
    pub(super) async fn globals(&self, names: &[String]) -> Vec<String> {
        let names = serde_json::to_string(names).unwrap_or_else(|_| "[]".into());
        let js = format!(
            "({names}).filter(n => {{ try {{ return typeof window[n] !== 'undefined'; }} catch (e) {{ return false; }} }})"
        );
        match timeout(Duration::from_secs(5), self.page.evaluate(js)).await {
            Ok(Ok(r)) => r.into_value::<Vec<String>>().unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Evaluates `js` in an isolated world of every frame (main frame first); returns the non-null results
    /// with the frame's URL. Isolated worlds see every frame's DOM, cross-site frames included.
    pub(super) async fn eval_frames(&self, js: &str, first_only: bool) -> Vec<(String, serde_json::Value)> {
        let mut out = Vec::new();
        let Ok(Ok(tree)) = timeout(Duration::from_secs(5), self.page.execute(GetFrameTreeParams::default())).await
        else {
            return out;
        };
        let mut frames = Vec::new();
        flatten(&tree.result.frame_tree, &mut frames);
        for (id, url) in frames {
            let world = CreateIsolatedWorldParams {
                frame_id: id,
                world_name: Some("trackaudit".into()),
                grant_univeral_access: None,
            };
            let Ok(Ok(ctx)) = timeout(Duration::from_secs(5), self.page.execute(world)).await else { continue };
            let Ok(params) = EvaluateParams::builder()
                .expression(js)
                .context_id(ctx.result.execution_context_id)
                .return_by_value(true)
                .build()
            else {
                continue;
            };
            if let Ok(Ok(r)) = timeout(Duration::from_secs(5), self.page.execute(params)).await
                && let Some(v) = r.result.result.value.clone()
                && !v.is_null()
            {
                out.push((url, v));
                if first_only {
                    break;
                }
            }
        }
        out
    }
}

fn flatten(tree: &FrameTree, out: &mut Vec<(FrameId, String)>) {
    out.push((tree.frame.id.clone(), tree.frame.url.clone()));
    for child in tree.child_frames.iter().flatten() {
        flatten(child, out);
    }
}

/// What the tab says it is: Chromium's own user agent with `HeadlessChrome` replaced by `Chrome` (or
/// `--user-agent`), the `Accept-Language`, and client hints that match the user agent (Google Chrome's
/// brands, not HeadlessChrome's), so that headers, `navigator.userAgent` and `navigator.userAgentData` agree.
/// `None` when Chromium does not say what it is and no user agent was given.
async fn identity(browser: &Browser, opts: &BrowserOptions) -> Option<SetUserAgentOverrideParams> {
    let version = timeout(Duration::from_secs(5), browser.version()).await.ok().and_then(Result::ok);
    let (own, full) = match version {
        Some(v) => (v.user_agent.replace("HeadlessChrome", "Chrome"), v.product.split('/').nth(1).map(str::to_string)),
        None => (String::new(), None),
    };
    let ua = opts.user_agent.clone().unwrap_or(own);
    if ua.is_empty() {
        return None;
    }
    let mut params = SetUserAgentOverrideParams::new(ua.as_str());
    if !opts.accept_language.is_empty() {
        // Chromium wants the languages alone and adds the q-values itself (`en-US,en` → `en-US,en;q=0.9`).
        let languages: Vec<&str> =
            opts.accept_language.split(',').map(|l| l.split(';').next().unwrap_or("").trim()).collect();
        params.accept_language = Some(languages.join(","));
    }
    if let Some(hints) = ClientHints::for_user_agent(&ua) {
        let major = hints.major.to_string();
        let full = full.filter(|f| f.starts_with(&format!("{major}."))).unwrap_or_else(|| format!("{major}.0.0.0"));
        let list = |version: &str, full: bool| {
            brands(hints.major, "Google Chrome", version, full)
                .into_iter()
                .map(|b| UserAgentBrandVersion::new(b.brand, b.version))
                .collect::<Vec<_>>()
        };
        let (architecture, bitness) = match std::env::consts::ARCH {
            "aarch64" => ("arm", "64"),
            "arm" => ("arm", "32"),
            "x86" => ("x86", "32"),
            _ => ("x86", "64"),
        };
        params.user_agent_metadata = Some(UserAgentMetadata {
            brands: Some(list(&major, false)),
            full_version_list: Some(list(&full, true)),
            platform: hints.platform.to_string(),
            platform_version: String::new(),
            architecture: architecture.into(),
            model: String::new(),
            mobile: hints.mobile,
            bitness: Some(bitness.into()),
            wow64: Some(false),
            form_factors: None,
        });
        // A user agent naming another platform gets that platform's `navigator.platform` too.
        if opts.user_agent.is_some() {
            params.platform = Some(
                match hints.platform {
                    "Windows" => "Win32",
                    "macOS" => "MacIntel",
                    "Android" => "Linux armv81",
                    _ => "Linux x86_64",
                }
                .into(),
            );
        }
    }
    Some(params)
}
