//! The session-recorder rule, over one page's probe records and requests for one calling script.
//!
//! A session recorder (rrweb, Hotjar, FullStory, Smartlook, Clarity…) replays a visit as a video: it needs
//! every pointer move and click, every keystroke or input value, every scroll, and every change of the page,
//! and it ships them off in batches while the visitor is still there. So a script records the session when
//! it does all three of:
//!
//! 1. **Listens across the document** (on `window`, `document`, `<html>` or `<body>`, where events from the
//!    whole page arrive) for events of each family: pointer (`mousemove`, `mousedown`, `mouseup`, `click`,
//!    `pointermove`, `touchstart`…), input or keyboard (`input`, `change`, `keydown`, `keyup`, `keypress`…)
//!    and scroll (`scroll`, `wheel`). A click tracker has only the first; a form library listens on its form.
//! 2. **Observes the whole document's mutations**: a `MutationObserver` on the document, `<html>` or
//!    `<body>` with `subtree` and `childList`, and `attributes` or `characterData` — the incremental DOM
//!    snapshots of rrweb's `MutationObserver`. A lazy loader or an infinite scroll watches for new children
//!    and nothing else, and sends nothing.
//! 3. **Sends batches**: at least [`MIN_SENDS`] sends with a body (`fetch` or XHR other than GET or HEAD,
//!    `navigator.sendBeacon`, WebSocket messages), or one of at least [`LARGE_SEND_BYTES`] (a full DOM
//!    snapshot), or at least [`MIN_SENDS`] POSTs the browser saw the script start to one endpoint.
//!
//! Sources: The Markup's Blacklight checks for session recorders by the URLs of known recorder scripts (its
//! `session_recorders` list), which this tool's vendor database covers (category `session-replay`); the
//! behaviour follows what Englehardt et al. found recorder scripts do in "No boundaries: Exfiltration of
//! personal data by session-replay scripts" (Freedom to Tinker, 2017) — collect mouse movements, clicks,
//! scrolls, keystrokes and the page's DOM and send them to the recorder's servers — and rrweb's recorder
//! (`record/observer.ts`: document-level listeners and one `MutationObserver` with `subtree`, `childList`,
//! `attributes` and `characterData` on the document).

use std::collections::BTreeMap;

use url::Url;

use crate::browser_page::ApiCall;

/// Sends that make batches.
pub(crate) const MIN_SENDS: usize = 2;

/// A body this large, sent once, is a snapshot rather than an analytics hit.
pub(crate) const LARGE_SEND_BYTES: u32 = 16 * 1024;

/// The targets where events from the whole page arrive, as the probes name them.
const DOCUMENT_WIDE: [&str; 4] = ["window", "document", "html", "body"];

/// The event families a recorder listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// Pointer, mouse and touch.
    Pointer,
    /// Input values and keys.
    Input,
    /// Scrolling.
    Scroll,
}

impl Family {
    /// Every family the rule asks for.
    const ALL: [Family; 3] = [Family::Pointer, Family::Input, Family::Scroll];

    fn name(self) -> &'static str {
        match self {
            Family::Pointer => "pointer",
            Family::Input => "input or keyboard",
            Family::Scroll => "scroll",
        }
    }
}

/// The family of an event type, if it is one the rule counts.
pub(crate) fn family(event: &str) -> Option<Family> {
    Some(match event {
        "mousemove" | "mousedown" | "mouseup" | "mouseover" | "click" | "dblclick" | "contextmenu" | "pointermove"
        | "pointerdown" | "pointerup" | "touchstart" | "touchmove" | "touchend" => Family::Pointer,
        "input" | "change" | "beforeinput" | "keydown" | "keyup" | "keypress" => Family::Input,
        "scroll" | "wheel" => Family::Scroll,
        _ => return None,
    })
}

/// What the rule found: why in words (one clause per criterion, joined by `; `), the probe records it rests
/// on (indices into the page's calls), and the requests, each in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Why, in words.
    pub reason: String,
    /// The calls it rests on: listeners, observers, sends.
    pub calls: Vec<usize>,
    /// Requests the browser saw the script send, grouped by endpoint, in words.
    pub requests: Vec<String>,
}

/// The calls `script` made, with their indices.
fn by<'a>(calls: &'a [ApiCall], script: &'a str) -> impl Iterator<Item = (usize, &'a ApiCall)> + 'a {
    calls.iter().enumerate().filter(move |(_, c)| c.script == script)
}

fn document_wide(c: &ApiCall) -> bool {
    c.target.as_deref().is_some_and(|t| DOCUMENT_WIDE.contains(&t))
}

/// Whether a call is a send the probes record (a body sent, a beacon, a WebSocket message).
fn is_send(c: &ApiCall) -> bool {
    c.nth.is_some()
        && matches!(c.api.as_str(), "fetch" | "XMLHttpRequest.send" | "Navigator.sendBeacon" | "WebSocket.send")
}

/// Whether an observer's options (the probes' `detail`: the options set, by name) watch every change.
fn watches_everything(c: &ApiCall) -> bool {
    let opts: Vec<&str> = c.detail.as_deref().unwrap_or("").split_whitespace().collect();
    opts.contains(&"subtree")
        && opts.contains(&"childList")
        && (opts.contains(&"attributes") || opts.contains(&"characterData"))
}

/// A request the browser saw, as the rule needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sent<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The URL.
    pub url: &'a Url,
    /// Who started it, as the engine writes it: `script https://…/record.js`.
    pub initiator: &'a str,
}

/// The requests whose initiator is `script` with a body method, by endpoint (origin and path), in order.
fn posts_by<'a>(requests: &[Sent<'a>], script: &str) -> BTreeMap<String, Vec<Sent<'a>>> {
    let mut out: BTreeMap<String, Vec<Sent<'a>>> = BTreeMap::new();
    for r in requests {
        let from = r.initiator.split_once(' ').map(|(_, by)| by);
        if from == Some(script) && matches!(r.method, "POST" | "PUT" | "PATCH") {
            out.entry(format!("{}{}", r.url.origin().ascii_serialization(), r.url.path())).or_default().push(*r);
        }
    }
    out
}

/// Whether `script` records the session, by the rule above.
pub(crate) fn recorder(calls: &[ApiCall], requests: &[Sent<'_>], script: &str) -> Option<Hit> {
    // 1. Listeners across the document, of each family.
    let listeners: Vec<(usize, &ApiCall, Family)> = by(calls, script)
        .filter(|(_, c)| c.api == "EventTarget.addEventListener" && document_wide(c))
        .filter_map(|(i, c)| Some((i, c, family(c.detail.as_deref()?)?)))
        .collect();
    let mut heard = Vec::new();
    for f in Family::ALL {
        let mut events: Vec<&str> = Vec::new();
        for e in listeners.iter().filter(|(_, _, g)| *g == f).filter_map(|(_, c, _)| c.detail.as_deref()) {
            if !events.contains(&e) {
                events.push(e);
            }
        }
        if events.is_empty() {
            return None;
        }
        heard.push(format!("{} ({})", f.name(), events.join(", ")));
    }
    let mut targets: Vec<&str> = listeners.iter().filter_map(|(_, c, _)| c.target.as_deref()).collect();
    targets.sort_unstable();
    targets.dedup();
    // 2. An observer of every change of the whole document.
    let observers: Vec<(usize, &ApiCall)> = by(calls, script)
        .filter(|(_, c)| c.api == "MutationObserver.observe" && document_wide(c) && watches_everything(c))
        .collect();
    let (_, observer) = observers.first()?;
    // 3. Batches sent.
    let sends: Vec<(usize, &ApiCall)> = by(calls, script).filter(|(_, c)| is_send(c)).collect();
    let large = sends.iter().find(|(_, c)| c.bytes.unwrap_or(0) >= LARGE_SEND_BYTES);
    let posts = posts_by(requests, script);
    let repeated: Vec<(&String, &Vec<Sent<'_>>)> = posts.iter().filter(|(_, r)| r.len() >= MIN_SENDS).collect();
    let sent = if sends.len() >= MIN_SENDS {
        let mut to: Vec<&str> = sends.iter().filter_map(|(_, c)| c.target.as_deref()).collect();
        to.sort_unstable();
        to.dedup();
        let many =
            if sends.iter().any(|(_, c)| c.nth == Some(crate::replay::SENDS_RECORDED)) { "or more " } else { "" };
        format!("sends batches: {} {many}sends to {}", sends.len(), to.join(", "))
    } else if let Some((_, c)) = large {
        format!("sends a {}-byte body to {}", c.bytes.unwrap_or(0), c.target.as_deref().unwrap_or("?"))
    } else if let Some((endpoint, r)) = repeated.first() {
        format!("sends batches: {} POSTs to {endpoint}", r.len())
    } else {
        return None;
    };
    let reason = format!(
        "listens on the {} for {} events; observes every change of the {} ({}); {sent}",
        targets.join(" and "),
        heard.join(", "),
        observer.target.as_deref().unwrap_or("document"),
        observer.detail.as_deref().unwrap_or("")
    );
    let mut used: Vec<usize> = listeners.iter().map(|(i, _, _)| *i).collect();
    used.extend(observers.iter().map(|(i, _)| *i));
    used.extend(sends.iter().map(|(i, _)| *i));
    used.sort_unstable();
    used.dedup();
    let requests = repeated
        .iter()
        .map(|(endpoint, r)| format!("{} {endpoint} ×{} (initiator {})", r[0].method, r.len(), r[0].initiator))
        .collect();
    Some(Hit { reason, calls: used, requests })
}
