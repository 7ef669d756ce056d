//! One site in one consent state: a fresh browser context whose tabs are reused for the pages of the crawl,
//! up to `tabs` pages loading at once.
//!
//! A visit takes an idle tab (or opens one), navigates, waits for the load event and then for the page to be
//! done ([`Settle`](crate::model::Settle)), clicks the consent banner on the first page when the state asks
//! for it (that page loads alone: later pages are loaded as consented), and collects what the browser holds:
//! requests, new cookies (with who set them), refused cookies, new storage keys, CMP globals.
//!
//! Cookies and storage belong to the context, not the tab, so a cookie is credited to the first page that
//! finds it new, except that a cookie another loading page's response set (`Set-Cookie`) is left for that
//! page. With `tabs = 1` every page has the context to itself.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::browser::Browser;
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::page::{NavigateParams, StopLoadingParams};
use chromiumoxide::cdp::browser_protocol::storage::GetCookiesParams;
use chromiumoxide::cdp::browser_protocol::target::CreateBrowserContextParams;
use chromiumoxide::error::CdpError;
use chromiumoxide::page::ScreenshotParams;
use tokio::time::timeout;
use url::Url;

use super::recorder::Recording;
use super::tab::Tab;
use super::{BrowserError, BrowserOptions, Lease, har};
use crate::browser_page::{BrowserPage, SeenCookie, StorageKey};
use crate::crawl::Fetched;
use crate::model::{ConsentAction, ConsentState, StorageKind};

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

/// What the pages of a session share, updated as each visit ends.
#[derive(Default)]
struct Ledger {
    action: Option<ConsentAction>,
    broken: Option<Arc<BrowserError>>,
    known_cookies: HashSet<(String, String, String)>,
    known_storage: HashSet<(String, StorageKind, String)>,
    har: har::HarLog,
    artifacts: Vec<String>,
    visits: usize,
}

/// A site audited in one consent state.
pub(crate) struct SiteSession {
    browser: Arc<Browser>,
    opts: Arc<BrowserOptions>,
    context: BrowserContextId,
    state: ConsentState,
    label: String,
    /// Tabs not loading a page.
    idle: Mutex<Vec<Tab>>,
    /// One permit per page loading at once.
    tabs: tokio::sync::Semaphore,
    /// Whether the consent banner was clicked (or needs no click); held through the first visit until then.
    click_done: tokio::sync::Mutex<bool>,
    /// The recordings of the pages loading now (for crediting cookies).
    loading: Mutex<Vec<Arc<Mutex<Recording>>>>,
    ledger: Mutex<Ledger>,
    /// (`--probe-forms`) the canaries typed into each page's form fields.
    probe: Option<crate::formprobe::Canaries>,
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

/// A frame's visible text (capped), read before the consent click.
const VISIBLE_TEXT_JS: &str = "document.body ? document.body.innerText.slice(0, 20000) : null";

impl SiteSession {
    /// Opens a fresh context and a first tab in the lease's browser. `label` names files written for the site.
    pub(crate) async fn open(lease: &Lease, state: ConsentState, label: &str) -> Result<SiteSession, BrowserError> {
        let browser = lease.browser();
        let opts = lease.options();
        let context =
            timeout(Duration::from_secs(15), browser.create_browser_context(CreateBrowserContextParams::default()))
                .await
                .map_err(|_| BrowserError::NoAnswer("creating a browser context"))?
                .map_err(|source| BrowserError::Command { what: "create a browser context", source })?;
        let tab = Tab::open(&browser, &context, &opts, state).await?;
        let tabs = opts.settings.tabs.max(1);
        Ok(SiteSession {
            browser,
            opts,
            context,
            state,
            label: label.to_string(),
            idle: Mutex::new(vec![tab]),
            tabs: tokio::sync::Semaphore::new(tabs),
            click_done: tokio::sync::Mutex::new(!state.clicks()),
            loading: Mutex::new(Vec::new()),
            ledger: Mutex::new(Ledger::default()),
            probe: None,
        })
    }

    /// Types `canaries` into the form fields of every page visited (`--probe-forms`), after the consent click.
    pub(crate) fn probe_forms(&mut self, canaries: crate::formprobe::Canaries) {
        self.probe = Some(canaries);
    }

    fn ledger(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().expect("session ledger lock")
    }

    async fn fail(&self, what: BrowserError) -> BrowserError {
        let transport = match &what {
            BrowserError::Load { source, .. } | BrowserError::Dom { source, .. } => transport_error(source),
            _ => true,
        };
        if transport && !alive(&self.browser).await {
            let why = Arc::new(BrowserError::Crashed(Arc::new(what)));
            self.ledger().broken = Some(Arc::clone(&why));
            return BrowserError::Broken(why);
        }
        what
    }

    /// Visits `url` in an idle tab: see the module docs.
    pub(crate) async fn visit(&self, url: &Url) -> Result<Fetched, BrowserError> {
        if let Some(b) = &self.ledger().broken {
            return Err(BrowserError::Broken(Arc::clone(b)));
        }
        crate::fetch::guard::check_url(url, &self.opts.rules, self.opts.allow_private).await?;
        // Until the banner is clicked, one page at a time: the first page clicks it.
        let mut gate = Some(self.click_done.lock().await);
        if gate.as_deref() == Some(&true) {
            gate = None;
        }
        let _permit = self.tabs.acquire().await.map_err(|_| BrowserError::StillInUse)?;
        if let Some(b) = &self.ledger().broken {
            return Err(BrowserError::Broken(Arc::clone(b)));
        }
        let idle = self.idle.lock().expect("idle tabs lock").pop();
        let tab = match idle {
            Some(t) => t,
            None => match Tab::open(&self.browser, &self.context, &self.opts, self.state).await {
                Ok(t) => t,
                Err(e) => {
                    let why = Arc::new(e);
                    self.ledger().broken = Some(Arc::clone(&why));
                    return Err(BrowserError::Broken(why));
                }
            },
        };
        self.loading.lock().expect("loading lock").push(Arc::clone(&tab.recording));
        let (result, reuse) = self.visit_in(&tab, url, gate.as_deref_mut()).await;
        self.loading.lock().expect("loading lock").retain(|r| !Arc::ptr_eq(r, &tab.recording));
        if reuse {
            self.idle.lock().expect("idle tabs lock").push(tab);
        } else {
            tab.close(&self.browser).await;
        }
        result
    }

    /// Visits `url` in `tab`; says too whether the tab can be reused. `gate` is held by the first visit, which
    /// clicks the banner.
    async fn visit_in(&self, tab: &Tab, url: &Url, gate: Option<&mut bool>) -> (Result<Fetched, BrowserError>, bool) {
        let main_frame = tab.page.mainframe().await.ok().flatten().map(|f| f.inner().clone());
        let consented = self.ledger().action.as_ref().is_some_and(|a| a.clicked.is_some());
        {
            let mut rec = tab.recording.lock().expect("recording lock");
            rec.reset(main_frame);
            rec.after_click = consented;
        }
        let t0 = Instant::now();
        match timeout(self.opts.settings.page_timeout, tab.page.goto(NavigateParams::new(url.as_str()))).await {
            Ok(Ok(_)) => {}
            Ok(Err(source)) => return (Err(self.fail(BrowserError::Load { url: url.clone(), source }).await), true),
            Err(_) => {
                let secs = self.opts.settings.page_timeout.as_secs();
                let why = self.fail(BrowserError::LoadTimeout { url: url.clone(), secs }).await;
                // A page that never loads can leave the tab busy: it is closed, and the next page gets a new one.
                let _ = timeout(Duration::from_secs(5), tab.page.execute(StopLoadingParams::default())).await;
                return (Err(why), false);
            }
        }
        tab.quiet(&self.opts.settings).await;
        let mut out = BrowserPage::default();
        if let Some(done) = gate {
            *done = true;
            self.collect_state(tab, &mut out, false).await;
            self.click(tab, url).await;
        }
        let clicked = self.ledger().action.as_ref().is_some_and(|a| a.clicked.is_some());
        let load_ms = t0.elapsed().as_millis() as u64;
        if let Some(canaries) = &self.probe {
            out.form_fill = super::forms::probe(tab, canaries, clicked, &self.opts.settings).await;
        }
        self.collect_state(tab, &mut out, clicked).await;
        out.load_ms = load_ms;
        let html = match timeout(Duration::from_secs(10), tab.page.content()).await {
            Ok(Ok(html)) => html,
            Ok(Err(source)) => return (Err(self.fail(BrowserError::Dom { url: url.clone(), source }).await), true),
            Err(_) => return (Err(self.fail(BrowserError::DomTimeout { url: url.clone() }).await), true),
        };
        out.cmp_globals = tab.globals(&self.opts.consent.globals()).await;
        out.privacy_strings = tab.privacy_strings().await;
        out.declarations = tab.declarations().await;
        let recording = std::mem::replace(&mut *tab.recording.lock().expect("recording lock"), Recording::new());
        out.refused = recording.refused;
        out.requests = recording.requests;
        out.api_calls = recording.api_calls;
        let visit = {
            let mut ledger = self.ledger();
            ledger.visits += 1;
            ledger.visits
        };
        if let Some(dir) = &self.opts.settings.screenshots {
            let path = dir.join(format!("{}-{}-{visit:02}.png", self.label, self.state));
            if let Ok(Ok(png)) =
                timeout(Duration::from_secs(10), tab.page.screenshot(ScreenshotParams::builder().build())).await
                && std::fs::write(&path, png).is_ok()
            {
                out.screenshot = Some(path.display().to_string());
                self.ledger().artifacts.push(path.display().to_string());
            }
        }
        let main = out.requests.iter().rev().find(|r| r.main_document);
        let final_url = main.map_or_else(|| url.clone(), |r| r.url.clone());
        let status = main.and_then(|r| r.status).unwrap_or(200);
        let content_type = main.and_then(|r| r.mime.clone()).or_else(|| Some("text/html".into()));
        self.ledger().har.add_page(url.as_str(), &out.requests);
        for (name, by) in &recording.set_by {
            for c in out.cookies.iter_mut().filter(|c| &c.name == name) {
                c.set_by_response.get_or_insert_with(|| by.clone());
            }
        }
        for c in &mut out.cookies {
            if c.asked.is_none() {
                c.asked = recording.asked.get(&c.name).cloned();
            }
        }
        let fetched = Fetched {
            url: final_url,
            status,
            content_type,
            body: html.into_bytes(),
            hops: Vec::new(),
            headers: main.map(|r| r.response_headers.clone()).unwrap_or_default(),
            browser: Some(Box::new(out)),
            warnings: Vec::new(),
        };
        (Ok(fetched), true)
    }

    /// Finds the banner's button for this state and clicks it, in the page and every frame.
    async fn click(&self, tab: &Tab, url: &Url) {
        let db = Arc::clone(&self.opts.consent);
        let globals = tab.globals(&db.globals()).await;
        let hint = match timeout(Duration::from_secs(10), tab.page.content()).await {
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
            let mut rec = tab.recording.lock().expect("recording lock");
            rec.after_click = true;
            rec.requests.len()
        };
        // The text each frame shows before the click: the clicked frame's is what the banner offered.
        let texts = tab.eval_frames(VISIBLE_TEXT_JS, false).await;
        let clicked = tab.eval_frames(&js, true).await.into_iter().next();
        if clicked.is_none() {
            let mut rec = tab.recording.lock().expect("recording lock");
            rec.after_click = false;
            for r in rec.requests.iter_mut().skip(before) {
                r.after_click = false;
            }
        }
        let mut action =
            ConsentAction { state: self.state, page: url.to_string(), clicked: None, problem: None, banner_text: None };
        if let Some((frame, v)) = clicked {
            action.banner_text =
                texts.into_iter().find(|(f, _)| *f == frame).and_then(|(_, t)| t.as_str().map(str::to_string));
            let what = v.as_str().unwrap_or_default().to_string();
            action.clicked = Some(if frame == url.as_str() { what } else { format!("{what} in frame {frame}") });
            tab.recording.lock().expect("recording lock").last_activity = Instant::now();
            tab.quiet(&self.opts.settings).await;
        } else {
            let (sel, texts) = db.tried(self.state);
            action.problem = Some(format!(
                "no visible \"{}\" button was found ({sel} CMP selectors and {texts} button texts tried); \
                 this state's pages are as before consent",
                if self.state == ConsentState::Accept { "accept all" } else { "reject all" }
            ));
        }
        self.ledger().action = Some(action);
    }

    /// Cookie names that the responses of pages loading in other tabs set: those cookies are theirs.
    fn set_elsewhere(&self, tab: &Tab) -> HashSet<String> {
        let own: HashSet<String> = tab.recording.lock().expect("recording lock").set_by.keys().cloned().collect();
        let loading = self.loading.lock().expect("loading lock");
        let mut others = HashSet::new();
        for rec in loading.iter().filter(|r| !Arc::ptr_eq(r, &tab.recording)) {
            let rec = rec.lock().expect("recording lock");
            others.extend(rec.set_by.keys().filter(|n| !own.contains(*n)).cloned());
        }
        others
    }

    /// Adds the cookies and storage keys that are new since the last look.
    async fn collect_state(&self, tab: &Tab, out: &mut BrowserPage, after_click: bool) {
        let params = GetCookiesParams { browser_context_id: Some(self.context.clone()) };
        if let Ok(Ok(r)) = timeout(Duration::from_secs(10), self.browser.execute(params)).await {
            let elsewhere = self.set_elsewhere(tab);
            let mut ledger = self.ledger();
            for c in r.result.cookies {
                if elsewhere.contains(&c.name) {
                    continue;
                }
                if ledger.known_cookies.insert((c.name.clone(), c.domain.clone(), c.path.clone())) {
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
                        asked: None,
                    });
                }
            }
        }
        let found = tab.eval_frames(STORAGE_JS, false).await;
        let mut ledger = self.ledger();
        for (_, v) in found {
            let origin = v["origin"].as_str().unwrap_or_default().to_string();
            for kind in StorageKind::ALL {
                for key in v[kind.as_str()].as_array().into_iter().flatten().filter_map(|k| k.as_str()) {
                    if ledger.known_storage.insert((origin.clone(), kind, key.to_string())) {
                        out.storage.push(StorageKey { origin: origin.clone(), kind, key: key.into(), after_click });
                    }
                }
            }
        }
    }

    /// Ends the session: writes the HAR file, closes the context.
    pub(crate) async fn close(self) -> SessionEnd {
        // Closing the context closes its tabs.
        drop(self.idle.into_inner().unwrap_or_default());
        let mut ledger = self.ledger.into_inner().unwrap_or_default();
        if let Some(dir) = &self.opts.settings.har {
            let path = dir.join(format!("{}-{}.har", self.label, self.state));
            if std::fs::write(&path, ledger.har.to_json()).is_ok() {
                ledger.artifacts.push(path.display().to_string());
            }
        }
        if ledger.broken.is_none() {
            let dispose = self.browser.dispose_browser_context(self.context.clone());
            if !matches!(timeout(Duration::from_secs(10), dispose).await, Ok(Ok(()))) && !alive(&self.browser).await {
                ledger.broken = Some(Arc::new(BrowserError::HungClosing));
            }
        }
        let broken = ledger.broken.map(BrowserError::Broken);
        SessionEnd { action: ledger.action, artifacts: ledger.artifacts, broken }
    }
}

/// Whether the browser answers at all.
async fn alive(browser: &Browser) -> bool {
    matches!(timeout(Duration::from_secs(5), browser.version()).await, Ok(Ok(_)))
}

/// Lists a frame's storage keys (never values: they can hold personal data).
const STORAGE_JS: &str = r"(() => {
  const o = location.origin;
  if (!o || o === 'null') return null;
  const keys = (get) => { try { const s = get(); const a = []; for (let i = 0; i < s.length; i++) a.push(s.key(i)); return a; } catch (e) { return []; } };
  return { origin: o, local: keys(() => localStorage), session: keys(() => sessionStorage) };
})()";
