//! Network events of a tab, turned into [`NetRequest`]s: sent, answered, finished or failed, with the cookies
//! responses set and those Chromium refused. Every event also marks activity, for the quiet-period wait.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::network::{
    EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent, EventResponseReceived,
    EventResponseReceivedExtraInfo, Headers, Request,
};
use chromiumoxide::cdp::js_protocol::runtime::EventBindingCalled;
use futures::stream::{BoxStream, StreamExt, select_all};
use tokio::task::JoinHandle;
use url::Url;

use crate::browser_page::{ApiCall, AskedLifetime, MAX_POST_DATA, NetRequest, RefusedCookie, ResourceType};

/// Requests kept per page.
const MAX_REQUESTS: usize = 5000;

enum Event {
    Sent(Arc<EventRequestWillBeSent>),
    Response(Arc<EventResponseReceived>),
    Finished(Arc<EventLoadingFinished>),
    Failed(Arc<EventLoadingFailed>),
    Extra(Arc<EventResponseReceivedExtraInfo>),
    Binding(Arc<EventBindingCalled>),
}

/// The binding the cookie-write init script calls with each string a script gives `document.cookie` or the
/// Cookie Store API (see `tab.rs`).
pub(crate) const COOKIE_BINDING: &str = "__trackauditCookieWrite";

/// The binding the probe init script calls with each batch of fingerprinting API calls (see `tab.rs`).
pub(crate) const PROBE_BINDING: &str = "__trackauditProbe";

/// The probes' script URL in stacks (its `sourceURL`).
const PROBES_URL: &str = "trackaudit-probes.js";

/// API calls kept per page visit (the probes send at most 500 per document: the page and each frame).
const MAX_API_CALLS: usize = 1000;

/// Bytes of request bodies kept per page visit, all requests together (each at most [`MAX_POST_DATA`]).
const MAX_POST_DATA_PER_PAGE: usize = 4 * 1024 * 1024;

/// Cookie names whose asked lifetime is kept per page: bounded against a page that writes cookies in a loop.
const MAX_ASKED: usize = 2000;

/// What one page visit has recorded so far.
#[derive(Debug)]
pub(crate) struct Recording {
    pub(crate) requests: Vec<NetRequest>,
    /// Request id → index of its latest entry (a redirect reuses the id).
    index: HashMap<String, usize>,
    /// Request id → monotonic send time, for durations.
    sent_at: HashMap<String, f64>,
    /// Cookie name → the response whose `Set-Cookie` set it.
    pub(crate) set_by: HashMap<String, String>,
    /// Cookie name → the lifetime last asked for (`Set-Cookie` or a script's cookie write).
    pub(crate) asked: HashMap<String, AskedLifetime>,
    pub(crate) refused: Vec<RefusedCookie>,
    /// Bytes of request bodies kept so far.
    post_data_bytes: usize,
    /// Calls to the APIs fingerprinting uses, from the probes.
    pub(crate) api_calls: Vec<ApiCall>,
    /// `Set-Cookie` lines whose request was not seen yet.
    pending_extra: HashMap<String, Arc<EventResponseReceivedExtraInfo>>,
    pub(crate) last_activity: Instant,
    /// Requests not done yet, with when they were sent. A script, style sheet or document is done when its
    /// body has loaded (it may load more); anything else when its response arrives (a `fetch` whose body the
    /// page never reads stays open in Chromium long after).
    in_flight: HashMap<String, Instant>,
    pub(crate) after_click: bool,
    pub(crate) main_frame: Option<String>,
}

impl Recording {
    /// An empty recording.
    pub(crate) fn new() -> Recording {
        Recording {
            requests: Vec::new(),
            index: HashMap::new(),
            sent_at: HashMap::new(),
            set_by: HashMap::new(),
            asked: HashMap::new(),
            refused: Vec::new(),
            post_data_bytes: 0,
            api_calls: Vec::new(),
            pending_extra: HashMap::new(),
            last_activity: Instant::now(),
            in_flight: HashMap::new(),
            after_click: false,
            main_frame: None,
        }
    }

    /// Starts a new page visit.
    pub(crate) fn reset(&mut self, main_frame: Option<String>) {
        *self = Recording { main_frame, ..Recording::new() };
    }

    /// Requests in flight that were sent less than `fresh` ago (a long poll or a stream that never ends is
    /// not waited for).
    pub(crate) fn in_flight(&self, fresh: std::time::Duration) -> usize {
        self.in_flight.values().filter(|at| at.elapsed() < fresh).count()
    }

    fn on(&mut self, ev: Event) {
        // A cookie write or an API call is not network activity (a page writing a cookie every second must not
        // hold the wait).
        if !matches!(ev, Event::Binding(_)) {
            self.last_activity = Instant::now();
        }
        match &ev {
            Event::Sent(e) => {
                self.in_flight.insert(e.request_id.inner().clone(), Instant::now());
            }
            Event::Response(e) => {
                let loads_more = matches!(
                    ResourceType::from_name(e.r#type.as_ref()),
                    ResourceType::Script | ResourceType::Stylesheet | ResourceType::Document
                );
                if !loads_more {
                    self.in_flight.remove(e.request_id.inner());
                }
            }
            Event::Finished(e) => {
                self.in_flight.remove(e.request_id.inner());
            }
            Event::Failed(e) => {
                self.in_flight.remove(e.request_id.inner());
            }
            Event::Extra(_) | Event::Binding(_) => {}
        }
        match ev {
            Event::Sent(e) => self.sent(&e),
            Event::Response(e) => {
                if let Some(&i) = self.index.get(e.request_id.inner()) {
                    let r = &mut self.requests[i];
                    r.status = u16::try_from(e.response.status).ok();
                    r.mime = Some(e.response.mime_type.clone()).filter(|m| !m.is_empty());
                    r.response_headers = headers(&e.response.headers);
                }
            }
            Event::Finished(e) => {
                let id = e.request_id.inner();
                if let Some(&i) = self.index.get(id) {
                    self.requests[i].size = Some(e.encoded_data_length);
                    self.requests[i].duration_ms =
                        self.sent_at.get(id).map(|t| ((*e.timestamp.inner() - t) * 1000.0).max(0.0));
                }
            }
            Event::Failed(e) => {
                let id = e.request_id.inner();
                if let Some(&i) = self.index.get(id) {
                    let mut why = e.error_text.clone();
                    if let Some(b) = &e.blocked_reason {
                        why.push_str(&format!(" ({})", b.as_ref()));
                    }
                    self.requests[i].failed = Some(why);
                    self.requests[i].duration_ms =
                        self.sent_at.get(id).map(|t| ((*e.timestamp.inner() - t) * 1000.0).max(0.0));
                }
            }
            Event::Extra(e) => {
                if self.index.contains_key(e.request_id.inner()) {
                    self.extra(&e);
                } else {
                    self.pending_extra.insert(e.request_id.inner().clone(), e);
                }
            }
            Event::Binding(e) if e.name == PROBE_BINDING => self.api_calls(&e),
            Event::Binding(e) => self.cookie_write(&e),
        }
    }

    fn sent(&mut self, e: &EventRequestWillBeSent) {
        let id = e.request_id.inner().clone();
        // A redirect: the previous hop got its answer.
        if let (Some(resp), Some(&i)) = (&e.redirect_response, self.index.get(&id)) {
            let r = &mut self.requests[i];
            r.status = u16::try_from(resp.status).ok();
            r.response_headers = headers(&resp.headers);
        }
        // A page that never stops requesting (a polling loop, a broken script) cannot grow memory without end.
        if self.requests.len() >= MAX_REQUESTS {
            return;
        }
        let Ok(url) = Url::parse(&e.request.url) else { return };
        let resource_type = e.r#type.as_ref().map_or(ResourceType::Other, |t| ResourceType::from_name(t.as_ref()));
        let frame = e.frame_id.as_ref().map(|f| f.inner().clone());
        let in_main = frame.is_none() || frame == self.main_frame;
        let main_document = resource_type == ResourceType::Document && in_main && e.loader_id.inner() == &id;
        let mut initiator = e.initiator.r#type.as_ref().to_ascii_lowercase();
        let by = e
            .initiator
            .url
            .clone()
            // The top frame not the probes' (whose wrappers of fetch, XHR and beacons call the originals).
            .or_else(|| {
                let frames = e.initiator.stack.as_ref().map(|s| s.call_frames.as_slice()).unwrap_or_default();
                frames.iter().find(|f| f.url != PROBES_URL).map(|f| f.url.clone())
            })
            .filter(|u| !u.is_empty());
        if let Some(by) = by {
            initiator = format!("{initiator} {by}");
        }
        let post_data = self.post_data(&e.request);
        self.sent_at.insert(id.clone(), *e.timestamp.inner());
        self.index.insert(id.clone(), self.requests.len());
        self.requests.push(NetRequest {
            url,
            method: e.request.method.clone(),
            resource_type,
            initiator,
            frame_url: (!in_main).then(|| e.document_url.clone()),
            main_document,
            status: None,
            mime: None,
            failed: None,
            after_click: self.after_click,
            started: *e.wall_time.inner(),
            duration_ms: None,
            request_headers: headers(&e.request.headers),
            response_headers: Vec::new(),
            size: None,
            post_data,
        });
        if let Some(extra) = self.pending_extra.remove(&id) {
            self.extra(&extra);
        }
    }

    /// A request's body as text from its `postDataEntries` (base64 each), within [`MAX_POST_DATA`] and what is
    /// left of [`MAX_POST_DATA_PER_PAGE`].
    fn post_data(&mut self, r: &Request) -> Option<String> {
        use base64::Engine as _;
        let room = MAX_POST_DATA.min(MAX_POST_DATA_PER_PAGE.saturating_sub(self.post_data_bytes));
        let mut bytes = Vec::new();
        for entry in r.post_data_entries.iter().flatten() {
            let Some(b) = &entry.bytes else { continue };
            if let Ok(data) = base64::engine::general_purpose::STANDARD.decode(AsRef::<str>::as_ref(b)) {
                bytes.extend_from_slice(&data[..data.len().min(room.saturating_sub(bytes.len()))]);
            }
        }
        if bytes.is_empty() {
            return None;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        self.post_data_bytes += text.len();
        Some(text)
    }

    /// Keeps the lifetime a cookie line asks for (the latest line for a name wins, as in the browser).
    fn ask(&mut self, line: &str, now: i64) {
        let Some((name, _)) = line.split_once('=') else { return };
        let name = name.trim();
        if self.asked.len() >= MAX_ASKED && !self.asked.contains_key(name) {
            return;
        }
        if let Some(a) = AskedLifetime::of_line(line, now) {
            self.asked.insert(name.to_string(), a);
        }
    }

    /// A script's cookie write, reported by the init script as `[string, milliseconds since the epoch]`.
    fn cookie_write(&mut self, e: &EventBindingCalled) {
        if e.name != COOKIE_BINDING {
            return;
        }
        let Ok((line, ms)) = serde_json::from_str::<(String, f64)>(&e.payload) else { return };
        self.ask(&line, (ms / 1000.0) as i64);
    }

    /// A batch of API calls from the probes, as a JSON array of [`ApiCall`]s.
    fn api_calls(&mut self, e: &EventBindingCalled) {
        let Ok(calls) = serde_json::from_str::<Vec<ApiCall>>(&e.payload) else { return };
        let room = MAX_API_CALLS.saturating_sub(self.api_calls.len());
        let (document, after_click) = (*e.execution_context_id.inner(), self.after_click);
        self.api_calls.extend(calls.into_iter().take(room).map(|c| ApiCall { document, after_click, ..c }));
    }

    fn extra(&mut self, e: &EventResponseReceivedExtraInfo) {
        let Some(&i) = self.index.get(e.request_id.inner()) else { return };
        let url = self.requests[i].url.to_string();
        for (k, v) in headers(&e.headers) {
            if k.eq_ignore_ascii_case("set-cookie") {
                for line in v.lines() {
                    if let Some((name, _)) = line.split_once('=') {
                        self.set_by.insert(name.trim().to_string(), url.clone());
                        self.ask(line, chrono::Utc::now().timestamp());
                    }
                }
            }
        }
        for b in &e.blocked_cookies {
            let name = b.cookie_line.split_once('=').map(|(n, _)| n.trim().to_string()).unwrap_or_default();
            let reasons = b.blocked_reasons.iter().map(|r| r.as_ref().to_string()).collect();
            self.refused.push(RefusedCookie { name, url: url.clone(), reasons });
        }
    }
}

fn headers(h: &Headers) -> Vec<(String, String)> {
    match h.inner().as_object() {
        Some(map) => {
            map.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect()
        }
        None => Vec::new(),
    }
}

/// Subscribes to a tab's network events; the returned task feeds `recording` until the tab closes.
pub(crate) async fn record(
    page: &Page,
    recording: Arc<Mutex<Recording>>,
) -> Result<JoinHandle<()>, super::BrowserError> {
    let e = |source| super::BrowserError::Command { what: "listen to the page's network events", source };
    let streams: Vec<BoxStream<'static, Event>> = vec![
        page.event_listener::<EventRequestWillBeSent>().await.map_err(e)?.map(Event::Sent).boxed(),
        page.event_listener::<EventResponseReceived>().await.map_err(e)?.map(Event::Response).boxed(),
        page.event_listener::<EventLoadingFinished>().await.map_err(e)?.map(Event::Finished).boxed(),
        page.event_listener::<EventLoadingFailed>().await.map_err(e)?.map(Event::Failed).boxed(),
        page.event_listener::<EventResponseReceivedExtraInfo>().await.map_err(e)?.map(Event::Extra).boxed(),
        page.event_listener::<EventBindingCalled>().await.map_err(e)?.map(Event::Binding).boxed(),
    ];
    let mut all = select_all(streams);
    Ok(tokio::spawn(async move {
        while let Some(ev) = all.next().await {
            recording.lock().expect("recording lock").on(ev);
        }
    }))
}

/// A fresh recording.
pub(crate) fn new_recording() -> Arc<Mutex<Recording>> {
    Arc::new(Mutex::new(Recording::new()))
}
