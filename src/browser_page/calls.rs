//! Calls a page's scripts made to the browser APIs fingerprinting uses, as the browser engine's probes
//! recorded them (`src/browser/probes.js`): which API, on which object, a summary of the arguments, and
//! the calling script.

use serde::Deserialize;

/// One recorded call. The object is numbered within its document: calls on the same canvas (the element and
/// its 2D or WebGL context alike), audio context or peer connection share a number. Identical calls are
/// recorded once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ApiCall {
    /// Interface and member: `HTMLCanvasElement.toDataURL`, `CanvasRenderingContext2D.fillText`,
    /// `WebGLRenderingContext.getParameter`, `new OfflineAudioContext`, `HTMLElement.offsetWidth`.
    pub api: String,
    /// The calling script's URL (the page's for an inline script).
    pub script: String,
    /// The object called on, numbered within the document.
    pub object: Option<u32>,
    /// Width in pixels: the canvas read back, or the area read (`getImageData`, `readPixels`).
    pub width: Option<u32>,
    /// Height in pixels, as `width`.
    pub height: Option<u32>,
    /// Characters of the text drawn or measured.
    pub chars: Option<u32>,
    /// Distinct characters of the text drawn.
    pub distinct: Option<u32>,
    /// The colour text was drawn in (`fillStyle` or `strokeStyle`).
    pub style: Option<String>,
    /// The font of the text drawn or measured (`ctx.font`), or an element's inline `font-family`.
    pub font: Option<String>,
    /// What else the call was given: the image type asked for, the WebGL parameter read (by name), the
    /// extension asked for, `drawn` or `blank` for `readPixels`, `media` or `no media` for `createOffer`.
    pub detail: Option<String>,
    /// (Session recording) where: the target of a listener (`window`, `document`, `html`, `body`), of a
    /// mutation observer (those or `element`), or the host a request or message was sent to.
    pub target: Option<String>,
    /// (Session recording) whether a listener was added for the capture phase.
    pub capture: Option<bool>,
    /// (Session recording) the size of the body sent, in bytes (characters for a string), when known.
    pub bytes: Option<u32>,
    /// (Session recording) which send this is of its API, method and host in the document: 1, 2… (the probes
    /// record the first few).
    pub nth: Option<u32>,
    /// The document it was made in (the page or a frame), numbered by the engine: objects are numbered
    /// within a document.
    #[serde(skip)]
    pub document: i64,
    /// Whether it was recorded after the consent click.
    #[serde(skip)]
    pub after_click: bool,
}

impl ApiCall {
    /// A call of `api` by `script` (for tests and callers building calls by hand).
    pub fn new(api: &str, script: &str) -> ApiCall {
        ApiCall { api: api.to_string(), script: script.to_string(), ..ApiCall::default() }
    }

    /// Whether both calls are on the same object of the same document.
    pub fn same_object(&self, other: &ApiCall) -> bool {
        self.object.is_some() && self.object == other.object && self.document == other.document
    }

    /// The member called, without its interface: `toDataURL`, `getParameter`.
    pub fn member(&self) -> &str {
        self.api.rsplit(['.', ' ']).next().unwrap_or(&self.api)
    }

    /// The call in words, for evidence: `HTMLCanvasElement.toDataURL on #1: 240×60 px, image/png`.
    pub fn words(&self) -> String {
        let mut out = self.api.clone();
        if let Some(o) = self.object {
            out.push_str(&format!(" on #{o}"));
        }
        let mut parts = Vec::new();
        if let (Some(w), Some(h)) = (self.width, self.height) {
            parts.push(format!("{w}×{h} px"));
        }
        match (self.chars, self.distinct) {
            (Some(c), Some(d)) => parts.push(format!("{c} characters ({d} distinct)")),
            (Some(c), None) => parts.push(format!("{c} characters")),
            _ => {}
        }
        if let Some(s) = &self.style {
            parts.push(format!("colour {s}"));
        }
        if let Some(f) = &self.font {
            parts.push(format!("font {f}"));
        }
        parts.extend(self.detail.clone());
        parts.extend(self.session_words());
        if !parts.is_empty() {
            out.push_str(": ");
            out.push_str(&parts.join(", "));
        }
        out
    }

    /// The session-recording fields in words: `on document`, `capture`, `to cdn.test`, `312 bytes`, `send 2`.
    fn session_words(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(t) = &self.target {
            let to = if self.nth.is_some() { "to" } else { "on" };
            parts.push(format!("{to} {t}"));
        }
        if self.capture == Some(true) {
            parts.push("capture".into());
        }
        if let Some(b) = self.bytes {
            parts.push(format!("{b} bytes"));
        }
        if let Some(n) = self.nth {
            parts.push(format!("send {n}"));
        }
        parts
    }
}
