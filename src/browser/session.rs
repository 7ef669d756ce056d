//! One site in one consent state: a fresh browser context with one tab, reused for every page of the crawl.
//!
//! A visit navigates, waits for the load event and then for a quiet network (no event for the quiet period,
//! capped), clicks the consent banner on the first page when the state asks for it, and collects what the
//! browser holds: requests, new cookies (with who set them), refused cookies, new storage keys, CMP globals.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::browser::Browser;
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::emulation::{
    SetUserAgentOverrideParams, UserAgentBrandVersion, UserAgentMetadata,
};
use chromiumoxide::cdp::browser_protocol::page::{
    AddScriptToEvaluateOnNewDocumentParams, CreateIsolatedWorldParams, FrameTree, GetFrameTreeParams, NavigateParams,
    StopLoadingParams,
};
use chromiumoxide::cdp::browser_protocol::storage::GetCookiesParams;
use chromiumoxide::cdp::browser_protocol::target::{CloseTargetParams, CreateBrowserContextParams, CreateTargetParams};
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use chromiumoxide::error::CdpError;
use chromiumoxide::page::ScreenshotParams;
use tokio::task::JoinHandle;
use tokio::time::timeout;
use url::Url;

use super::recorder::{self, Recording};
use super::{BrowserError, BrowserOptions, Lease, har};
use crate::browser_page::{BrowserPage, SeenCookie, StorageKey};
use crate::crawl::Fetched;
use crate::fetch::identity::{ClientHints, brands};
use crate::model::{ConsentAction, ConsentState, Settle, StorageKind};

/// Page timers due this long after the load event are waited for ([`Settle::Smart`]).
const TIMER_HORIZON: Duration = Duration::from_secs(5);

/// A request in flight longer than this is not waited for (long polling, streams).
const IN_FLIGHT_FRESH: Duration = Duration::from_secs(5);

/// The init script that tracks pending timers.
const TIMERS_SCRIPT: &str = include_str!("timers.js");

/// What a session leaves behind when it ends.
#[derive(Debug, Default)]
pub(crate) struct SessionEnd {
    /// The consent click, for states other than `none`.
    pub action: Option<ConsentAction>,
    /// Files written (screenshots, HAR).
    pub artifacts: Vec<String>,
    /// Why the browser must be replaced, when it crashed or hung.
    pub broken: Option<BrowserError>,
}

/// A site audited in one consent state.
pub(crate) struct SiteSession {
    browser: Arc<Browser>,
    opts: Arc<BrowserOptions>,
    context: BrowserContextId,
    page: Page,
    recording: Arc<Mutex<Recording>>,
    listener: JoinHandle<()>,
    state: ConsentState,
    label: String,
    click_done: bool,
    action: Option<ConsentAction>,
    broken: Option<Arc<BrowserError>>,
    known_cookies: HashSet<(String, String, String)>,
    known_storage: HashSet<(String, StorageKind, String)>,
    har: har::HarLog,
    artifacts: Vec<String>,
    visits: usize,
}

impl std::fmt::Debug for SiteSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteSession").field("state", &self.state).field("label", &self.label).finish_non_exhaustive()
    }
}

/// Whether a DevTools error means the browser itself may be gone (rather than the page failing).
fn transport_error(e: &CdpError) -> bool {
    !matches!(e, CdpError::ChromeMessage(_) | CdpError::Chrome(_) | CdpError::JavascriptException(_))
}

impl SiteSession {
    /// Opens a fresh context and tab in the lease's browser. `label` names files written for the site.
    pub(crate) async fn open(lease: &Lease, state: ConsentState, label: &str) -> Result<SiteSession, BrowserError> {
        let browser = lease.browser();
        let opts = lease.options();
        let context =
            timeout(Duration::from_secs(15), browser.create_browser_context(CreateBrowserContextParams::default()))
                .await
                .map_err(|_| BrowserError::NoAnswer("creating a browser context"))?
                .map_err(|source| BrowserError::Command { what: "create a browser context", source })?;
        let (page, recording, listener) = open_tab(&browser, &context, &opts).await?;
        Ok(SiteSession {
            browser,
            opts,
            context,
            page,
            recording,
            listener,
            state,
            label: label.to_string(),
            click_done: state == ConsentState::None,
            action: None,
            broken: None,
            known_cookies: HashSet::new(),
            known_storage: HashSet::new(),
            har: har::HarLog::default(),
            artifacts: Vec::new(),
            visits: 0,
        })
    }

    /// Whether the browser answers at all.
    async fn alive(&self) -> bool {
        matches!(timeout(Duration::from_secs(5), self.browser.version()).await, Ok(Ok(_)))
    }

    async fn fail(&mut self, what: BrowserError) -> BrowserError {
        let transport = match &what {
            BrowserError::Load { source, .. } | BrowserError::Dom { source, .. } => transport_error(source),
            _ => true,
        };
        if transport && !self.alive().await {
            let why = Arc::new(BrowserError::Crashed(Arc::new(what)));
            self.broken = Some(Arc::clone(&why));
            return BrowserError::Broken(why);
        }
        what
    }

    /// Visits `url`: see the module docs.
    pub(crate) async fn visit(&mut self, url: &Url) -> Result<Fetched, BrowserError> {
        if let Some(b) = &self.broken {
            return Err(BrowserError::Broken(Arc::clone(b)));
        }
        crate::fetch::guard::check_url(url, &self.opts.rules, self.opts.allow_private).await?;
        let main_frame = self.page.mainframe().await.ok().flatten().map(|f| f.inner().clone());
        let consented = self.action.as_ref().is_some_and(|a| a.clicked.is_some());
        {
            let mut rec = self.recording.lock().expect("recording lock");
            rec.reset(main_frame);
            rec.after_click = consented;
        }
        let t0 = Instant::now();
        match timeout(self.opts.settings.page_timeout, self.page.goto(NavigateParams::new(url.as_str()))).await {
            Ok(Ok(_)) => {}
            Ok(Err(source)) => return Err(self.fail(BrowserError::Load { url: url.clone(), source }).await),
            Err(_) => {
                let secs = self.opts.settings.page_timeout.as_secs();
                let why = self.fail(BrowserError::LoadTimeout { url: url.clone(), secs }).await;
                if self.broken.is_none() {
                    // A page that never loads can leave the tab busy: start the next page in a new one.
                    let _ = timeout(Duration::from_secs(5), self.page.execute(StopLoadingParams::default())).await;
                    if let Err(e) = self.new_tab().await {
                        self.broken = Some(Arc::new(e));
                    }
                }
                return Err(why);
            }
        }
        self.quiet().await;
        let mut out = BrowserPage::default();
        if !self.click_done {
            self.click_done = true;
            self.collect_state(&mut out, false).await;
            self.click(url).await;
        }
        let clicked = self.action.as_ref().is_some_and(|a| a.clicked.is_some());
        self.collect_state(&mut out, clicked).await;
        out.load_ms = t0.elapsed().as_millis() as u64;
        let html = match timeout(Duration::from_secs(10), self.page.content()).await {
            Ok(Ok(html)) => html,
            Ok(Err(source)) => return Err(self.fail(BrowserError::Dom { url: url.clone(), source }).await),
            Err(_) => return Err(self.fail(BrowserError::DomTimeout { url: url.clone() }).await),
        };
        out.cmp_globals = self.globals().await;
        let recording = std::mem::replace(&mut *self.recording.lock().expect("recording lock"), Recording::new());
        out.refused = recording.refused;
        out.requests = recording.requests;
        self.visits += 1;
        if let Some(dir) = &self.opts.settings.screenshots {
            let path = dir.join(format!("{}-{}-{:02}.png", self.label, self.state, self.visits));
            if let Ok(Ok(png)) =
                timeout(Duration::from_secs(10), self.page.screenshot(ScreenshotParams::builder().build())).await
                && std::fs::write(&path, png).is_ok()
            {
                out.screenshot = Some(path.display().to_string());
                self.artifacts.push(path.display().to_string());
            }
        }
        let main = out.requests.iter().rev().find(|r| r.main_document);
        let final_url = main.map_or_else(|| url.clone(), |r| r.url.clone());
        let status = main.and_then(|r| r.status).unwrap_or(200);
        let content_type = main.and_then(|r| r.mime.clone()).or_else(|| Some("text/html".into()));
        self.har.add_page(url.as_str(), &out.requests);
        for (name, by) in &recording.set_by {
            for c in out.cookies.iter_mut().filter(|c| &c.name == name) {
                c.set_by_response.get_or_insert_with(|| by.clone());
            }
        }
        Ok(Fetched {
            url: final_url,
            status,
            content_type,
            body: html.into_bytes(),
            hops: Vec::new(),
            headers: main.map(|r| r.response_headers.clone()).unwrap_or_default(),
            browser: Some(Box::new(out)),
            warnings: Vec::new(),
        })
    }

    /// Waits until the page is done ([`Settle`]): no network event for the quiet period and, with
    /// [`Settle::Smart`], no request in flight and no page timer due within [`TIMER_HORIZON`] of the start;
    /// at most `max_wait`.
    async fn quiet(&self) {
        let start = Instant::now();
        let smart = self.opts.settings.settle == Settle::Smart;
        let mut timer_due: Option<Instant> = None;
        let mut asked = start.checked_sub(Duration::from_secs(1)).unwrap_or(start);
        loop {
            let (idle, busy) = {
                let rec = self.recording.lock().expect("recording lock");
                (rec.last_activity.elapsed(), rec.in_flight(IN_FLIGHT_FRESH))
            };
            let waited = start.elapsed();
            if waited >= self.opts.settings.max_wait {
                return;
            }
            if idle >= self.opts.settings.quiet && (!smart || busy == 0) {
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
            if smart && busy > 0 && idle >= self.opts.settings.quiet {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
            let step = self
                .opts
                .settings
                .quiet
                .checked_sub(idle)
                .unwrap()
                .min(self.opts.settings.max_wait.checked_sub(waited).unwrap())
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

    /// Finds the banner's button for this state and clicks it, in the page and every frame.
    async fn click(&mut self, url: &Url) {
        let db = std::sync::Arc::clone(&self.opts.consent);
        let globals = self.globals().await;
        let hint = match timeout(Duration::from_secs(10), self.page.content()).await {
            Ok(Ok(html)) => {
                let doc = crate::markup::parse(&html);
                let cap = crate::capture::capture_document(&doc, url);
                db.detect(url, &cap, Some(&doc), &globals).map(|m| m.id)
            }
            _ => None,
        };
        let js = db.click_script(self.state, hint.as_deref());
        // Requests the click starts can arrive before the click's answer: mark them from now on, and undo
        // the mark when nothing was clicked.
        let before = {
            let mut rec = self.recording.lock().expect("recording lock");
            rec.after_click = true;
            rec.requests.len()
        };
        let clicked = self.eval_frames(&js, true).await.into_iter().next();
        if clicked.is_none() {
            let mut rec = self.recording.lock().expect("recording lock");
            rec.after_click = false;
            for r in rec.requests.iter_mut().skip(before) {
                r.after_click = false;
            }
        }
        let mut action = ConsentAction { state: self.state, page: url.to_string(), clicked: None, problem: None };
        if let Some((frame, v)) = clicked {
            let what = v.as_str().unwrap_or_default().to_string();
            action.clicked = Some(if frame == url.as_str() { what } else { format!("{what} in frame {frame}") });
            self.recording.lock().expect("recording lock").last_activity = Instant::now();
            self.quiet().await;
        } else {
            let (sel, texts) = db.tried(self.state);
            action.problem = Some(format!(
                "no visible \"{}\" button was found ({sel} CMP selectors and {texts} button texts tried); \
                 this state's pages are as before consent",
                if self.state == ConsentState::Accept { "accept all" } else { "reject all" }
            ));
        }
        self.action = Some(action);
    }

    /// Adds the cookies and storage keys that are new since the last look.
    async fn collect_state(&mut self, out: &mut BrowserPage, after_click: bool) {
        let params = GetCookiesParams { browser_context_id: Some(self.context.clone()) };
        if let Ok(Ok(r)) = timeout(Duration::from_secs(10), self.browser.execute(params)).await {
            for c in r.result.cookies {
                if self.known_cookies.insert((c.name.clone(), c.domain.clone(), c.path.clone())) {
                    out.cookies.push(SeenCookie {
                        name: c.name,
                        domain: c.domain,
                        path: c.path,
                        http_only: c.http_only,
                        secure: c.secure,
                        same_site: c.same_site.map(|s| s.as_ref().to_string()),
                        expires: (!c.session && c.expires > 0.0).then_some(c.expires),
                        set_by_response: None,
                        after_click,
                    });
                }
            }
        }
        for (_, v) in self.eval_frames(STORAGE_JS, false).await {
            let origin = v["origin"].as_str().unwrap_or_default().to_string();
            for kind in StorageKind::ALL {
                for key in v[kind.as_str()].as_array().into_iter().flatten().filter_map(|k| k.as_str()) {
                    if self.known_storage.insert((origin.clone(), kind, key.to_string())) {
                        out.storage.push(StorageKey { origin: origin.clone(), kind, key: key.into(), after_click });
                    }
                }
            }
        }
    }

    /// CMP globals defined in the page's main world.
    async fn globals(&self) -> Vec<String> {
        let names = serde_json::to_string(&self.opts.consent.globals()).unwrap_or_else(|_| "[]".into());
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
    async fn eval_frames(&self, js: &str, first_only: bool) -> Vec<(String, serde_json::Value)> {
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

    /// Replaces the tab with a new one in the same context.
    async fn new_tab(&mut self) -> Result<(), BrowserError> {
        self.listener.abort();
        let _ = timeout(
            Duration::from_secs(5),
            self.browser.execute(CloseTargetParams::new(self.page.target_id().clone())),
        )
        .await;
        let (page, recording, listener) = open_tab(&self.browser, &self.context, &self.opts).await?;
        self.page = page;
        self.recording = recording;
        self.listener = listener;
        Ok(())
    }

    /// Ends the session: writes the HAR file, closes the context.
    pub(crate) async fn close(mut self) -> SessionEnd {
        self.listener.abort();
        if let Some(dir) = &self.opts.settings.har {
            let path = dir.join(format!("{}-{}.har", self.label, self.state));
            if std::fs::write(&path, self.har.to_json()).is_ok() {
                self.artifacts.push(path.display().to_string());
            }
        }
        if self.broken.is_none() {
            let dispose = self.browser.dispose_browser_context(self.context.clone());
            if !matches!(timeout(Duration::from_secs(10), dispose).await, Ok(Ok(()))) && !self.alive().await {
                self.broken = Some(Arc::new(BrowserError::HungClosing));
            }
        }
        let broken = self.broken.map(BrowserError::Broken);
        SessionEnd { action: self.action, artifacts: self.artifacts, broken }
    }
}

async fn open_tab(
    browser: &Browser,
    context: &BrowserContextId,
    opts: &BrowserOptions,
) -> Result<(Page, Arc<Mutex<Recording>>, JoinHandle<()>), BrowserError> {
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
    let recording = recorder::new_recording();
    let listener = recorder::record(&page, Arc::clone(&recording)).await?;
    Ok((page, recording, listener))
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

fn flatten(tree: &FrameTree, out: &mut Vec<(chromiumoxide::cdp::browser_protocol::page::FrameId, String)>) {
    out.push((tree.frame.id.clone(), tree.frame.url.clone()));
    for child in tree.child_frames.iter().flatten() {
        flatten(child, out);
    }
}

/// Lists a frame's storage keys (never values: they can hold personal data).
const STORAGE_JS: &str = r"(() => {
  const o = location.origin;
  if (!o || o === 'null') return null;
  const keys = (get) => { try { const s = get(); const a = []; for (let i = 0; i < s.length; i++) a.push(s.key(i)); return a; } catch (e) { return []; } };
  return { origin: o, local: keys(() => localStorage), session: keys(() => sessionStorage) };
})()";
