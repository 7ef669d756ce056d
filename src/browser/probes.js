// Installed before any page script: records calls to the browser APIs that fingerprinting scripts use (canvas
// read-backs and text, WebGL renderer strings and pixels, offline audio rendering, WebRTC offers, fonts
// measured, battery, media devices), each with a short summary of its arguments and the calling script (the
// first frame of the call's stack that is not this file; an inline script gives the page's URL), and hands
// them to the engine through a DevTools binding taken off the page's globals.
// Every wrapper returns what the original returns, keeps its name, length and native-looking source, and never
// throws into the page. Bounded: at most MAX records per document, an identical record is sent once, and the
// records of one task go in one message (a microtask).
(() => {
  const report = window.__trackauditProbe;
  if (typeof report !== "function") return;
  try { delete window.__trackauditProbe; } catch (e) {}
  const MAX = 500, SELF = "trackaudit-probes.js", AT = /((?:https?|file|blob):[^\s()]+?):\d+:\d+/;
  const E = Error, json = JSON.stringify, apply = Reflect.apply, construct = Reflect.construct;
  const own = Object.getOwnPropertyDescriptor, define = Object.defineProperty, then = Promise.prototype.then;
  const micro = window.queueMicrotask, fnToString = Function.prototype.toString;
  const natives = new WeakMap(), ids = new WeakMap(), drawn = new WeakSet(), rendered = new WeakSet();
  const seen = new Set();
  let queue = [], sent = 0, next = 1;

  const id = (o) => {
    if (o === null || (typeof o !== "object" && typeof o !== "function")) return undefined;
    if (!ids.has(o)) ids.set(o, next++);
    return ids.get(o);
  };
  const num = (x) => {
    const n = Math.abs(Math.trunc(Number(x)));
    return Number.isFinite(n) ? Math.min(n, 1e9) : undefined;
  };
  const text = (s) => String(s).slice(0, 200);
  const colour = (s) => (typeof s === "string" ? s.slice(0, 64) : "pattern or gradient");
  const caller = () => {
    let stack = "";
    try {
      const limit = E.stackTraceLimit, prepare = E.prepareStackTrace;
      E.stackTraceLimit = 20;
      if (prepare) E.prepareStackTrace = undefined;
      try {
        stack = String(new E().stack);
      } finally {
        E.stackTraceLimit = limit;
        if (prepare) E.prepareStackTrace = prepare;
      }
    } catch (e) {}
    for (const line of stack.split("\n").slice(1)) {
      const m = line.includes(SELF) ? null : AT.exec(line);
      if (m) return m[1].slice(0, 1000);
    }
    return String(location.href).slice(0, 1000);
  };
  const flush = () => { const batch = queue; queue = []; try { report(json(batch)); } catch (e) {} };
  // One record: the API, the object it was called on (a canvas, an audio context, a connection), a summary.
  // With `script` (already known) the record is one per script too.
  const record = (api, object, summary, script) => {
    let key = summary ? `${api} ${id(object)} ${json(summary)}` : `${api} ${id(object)}`;
    if (script) key += ` ${script}`;
    if (seen.has(key) || sent >= MAX) return;
    seen.add(key);
    sent++;
    const n = id(object), r = Object.assign({ api, object: n }, summary, { script: script || caller() });
    if (queue.push(r) === 1) apply(micro, window, [flush]);
  };

  // Makes `f` look like the original: name, length, and `toString()` (see below).
  const disguise = (f, orig) => {
    define(f, "name", { value: orig.name });
    define(f, "length", { value: orig.length });
    natives.set(f, orig);
    return f;
  };
  // Wraps the method `name` of `window[iface].prototype`; after each call, `probe(self, args, result)` returns
  // what to record, `{ on, with }` (the object, else `self`; the summary), or nothing.
  const wrap = (iface, name, probe, label = iface) => { try {
    const proto = window[iface] && window[iface].prototype, d = proto && own(proto, name);
    if (!d || typeof d.value !== "function" || !d.configurable) return;
    const orig = d.value, api = label + "." + name;
    const f = { [name](...args) {
      const result = apply(orig, this, args);
      if (sent < MAX) {
        try { const s = probe(this, args, result); if (s) record(api, s.on || this, s.with); } catch (e) {}
      }
      return result;
    } }[name];
    define(proto, name, Object.assign(d, { value: disguise(f, orig) }));
  } catch (e) {} };
  // Wraps a getter the same way; `probe(self)` returns the summary to record, or nothing.
  const wrapGetter = (iface, name, probe) => { try {
    const proto = window[iface] && window[iface].prototype, d = proto && own(proto, name);
    if (!d || typeof d.get !== "function" || !d.configurable) return;
    const orig = d.get, api = iface + "." + name;
    const get = own({ get [name]() {
      const result = apply(orig, this, []);
      if (sent < MAX) try { const s = probe(this); if (s) record(api, null, s); } catch (e) {}
      return result;
    } }, name).get;
    natives.set(get, orig);
    define(proto, name, Object.assign(d, { get }));
  } catch (e) {} };
  // Wraps a constructor in a proxy: `new`, `instanceof`, its prototype and subclasses work as before.
  const wrapClass = (name, probe) => { try {
    const C = window[name];
    if (typeof C !== "function") return;
    const P = new Proxy(C, { construct(target, args, newTarget) {
      const o = construct(target, args, newTarget);
      if (sent < MAX) try { record("new " + name, o, probe(o, args)); } catch (e) {}
      return o;
    } });
    natives.set(P, C);
    define(C.prototype, "constructor", Object.assign(own(C.prototype, "constructor"), { value: P }));
    for (const alias of [name, "webkit" + name]) {
      const d = own(window, alias);
      if (d && d.value === C) define(window, alias, Object.assign(d, { value: P }));
    }
  } catch (e) {} };

  try {
    // Function.prototype.toString shows the originals' source for the wrappers, and its own.
    const toString = { toString() { return apply(fnToString, natives.get(this) || this, []); } }.toString;
    const d = own(Function.prototype, "toString");
    define(Function.prototype, "toString", Object.assign(d, { value: disguise(toString, fnToString) }));
  } catch (e) {}

  // Canvas: read-backs with the canvas's size and the type asked for, text with its length, distinct
  // characters, colour and font, save/restore and event listeners (a game's or a chart's, not a fingerprint's).
  const readBack = (type) => (c, a) => ({
    with: { width: num(c.width), height: num(c.height), detail: text(a[type] || "image/png") } });
  wrap("HTMLCanvasElement", "toDataURL", readBack(0));
  wrap("HTMLCanvasElement", "toBlob", readBack(1));
  try {
    // A canvas's own addEventListener, handing over to EventTarget's as it is now (a page may patch it).
    const Target = EventTarget.prototype, add = Target.addEventListener;
    const listen = { addEventListener(...args) {
      if (sent < MAX) {
        try { record("HTMLCanvasElement.addEventListener", this, { detail: text(args[0]) }); } catch (e) {}
      }
      return apply(Target.addEventListener, this, args);
    } }.addEventListener;
    const value = disguise(listen, add);
    const d = { value, writable: true, enumerable: true, configurable: true };
    define(HTMLCanvasElement.prototype, "addEventListener", d);
  } catch (e) {}
  const drawText = (style) => (x, a) => ({ on: x.canvas, with: { chars: num(String(a[0]).length),
    distinct: num(new Set(String(a[0])).size), style: colour(x[style]), font: text(x.font) } });
  wrap("CanvasRenderingContext2D", "fillText", drawText("fillStyle"));
  wrap("CanvasRenderingContext2D", "strokeText", drawText("strokeStyle"));
  wrap("CanvasRenderingContext2D", "measureText", (x, a) => ({
    on: x.canvas, with: { chars: num(String(a[0]).length), font: text(x.font) } }));
  wrap("CanvasRenderingContext2D", "getImageData", (x, a) => ({
    on: x.canvas, with: { width: num(a[2]), height: num(a[3]) } }));
  for (const m of ["save", "restore"]) wrap("CanvasRenderingContext2D", m, (x) => ({ on: x.canvas }));

  // WebGL: the vendor and renderer strings, the debug extension, pixels read (after a draw call or not).
  const PARAMS = {
    0x9245: "UNMASKED_VENDOR_WEBGL", 0x9246: "UNMASKED_RENDERER_WEBGL", 0x1f00: "VENDOR", 0x1f01: "RENDERER" };
  for (const gl of ["WebGLRenderingContext", "WebGL2RenderingContext"]) {
    wrap(gl, "getParameter", (x, a) => PARAMS[a[0]] && { on: x.canvas, with: { detail: PARAMS[a[0]] } });
    wrap(gl, "getExtension", (x, a) => a[0] === "WEBGL_debug_renderer_info" && {
      on: x.canvas, with: { detail: a[0] } });
    wrap(gl, "readPixels", (x, a) => ({ on: x.canvas,
      with: { width: num(a[2]), height: num(a[3]), detail: drawn.has(x) ? "drawn" : "blank" } }));
    for (const m of ["drawArrays", "drawElements"]) wrap(gl, m, (x) => { drawn.add(x); });
  }

  // Audio: offline contexts, their oscillators, compressors and rendering, the rendered samples read.
  wrapClass("OfflineAudioContext", (o) => ({ detail: `${o.length} frames at ${o.sampleRate} Hz` }));
  const Offline = natives.get(window.OfflineAudioContext);
  for (const m of ["createOscillator", "createDynamicsCompressor"]) {
    wrap("BaseAudioContext", m, (x) => Offline && x instanceof Offline && {}, "OfflineAudioContext");
  }
  wrap("OfflineAudioContext", "startRendering", (x, a, p) => {
    apply(then, p, [(b) => { rendered.add(b); }, () => {}]);
    return {};
  });
  wrap("AudioBuffer", "getChannelData", (b, a) => rendered.has(b) && {
    with: { detail: `channel ${num(a[0])} of a rendered buffer` } });
  wrap("AnalyserNode", "getFloatFrequencyData", () => ({}));

  // WebRTC: connections, data channels, offers, and any media added.
  wrapClass("RTCPeerConnection", (o, a) => ({
    detail: `${num(a[0] && a[0].iceServers && a[0].iceServers.length) || 0} ICE servers` }));
  wrap("RTCPeerConnection", "createDataChannel", () => ({}));
  wrap("RTCPeerConnection", "createOffer", (x, a) => {
    const o = a.find((v) => v && typeof v === "object") || {};
    return { with: { detail: o.offerToReceiveAudio || o.offerToReceiveVideo ? "media" : "no media" } };
  });
  for (const m of ["addTrack", "addTransceiver", "addStream"]) wrap("RTCPeerConnection", m, () => ({}));

  // Battery, media devices, and the widths of elements given a font family (a font probe's spans).
  wrap("Navigator", "getBattery", () => ({}));
  wrap("MediaDevices", "enumerateDevices", () => ({}));
  wrapGetter("HTMLElement", "offsetWidth", (el) => {
    const family = el.style && el.style.fontFamily;
    return family ? { font: text(family) } : null;
  });
  // Navigator properties fingerprinting scripts read (not userAgent or language, which every library
  // reads): each read once per script, and no more than NAV_READS reads of a property are looked at.
  const NAV_READS = 20, navReads = Object.create(null);
  for (const name of ["plugins", "mimeTypes", "hardwareConcurrency", "deviceMemory", "platform", "languages",
    "maxTouchPoints", "vendor", "productSub", "doNotTrack", "webdriver", "cookieEnabled", "pdfViewerEnabled",
    "connection", "userAgentData"]) { try {
    const d = own(Navigator.prototype, name);
    if (!d || typeof d.get !== "function" || !d.configurable) continue;
    const orig = d.get, api = "Navigator." + name;
    const get = own({ get [name]() {
      const result = apply(orig, this, []);
      if (sent < MAX && (navReads[name] = (navReads[name] || 0) + 1) <= NAV_READS) {
        try { record(api, null, undefined, caller()); } catch (e) {}
      }
      return result;
    } }, name).get;
    natives.set(get, orig);
    define(Navigator.prototype, name, Object.assign(d, { get }));
  } catch (e) {} }

  // Session recording: listeners on the window, the document, <html> or <body> for the events recorders
  // capture (the registration, never the events), what mutation observers watch and with which options, and
  // what scripts send (fetch, XHR and WebSocket messages with a body, beacons): method, host and body size.
  // One record per script, listener type and target or observer target and options; at most SENDS sends per
  // API, method and host, numbered, so that a recorder's batches can be counted.
  const URL_ = URL, Req = window.Request, Buf = ArrayBuffer, Bin = window.Blob, Params = window.URLSearchParams;
  const LISTENED = new Set(["mousemove", "mousedown", "mouseup", "mouseover", "click", "dblclick", "contextmenu",
    "pointermove", "pointerdown", "pointerup", "touchstart", "touchmove", "touchend", "wheel", "scroll", "input",
    "change", "beforeinput", "keydown", "keyup", "keypress", "focus", "blur", "focusin", "focusout", "resize",
    "selectionchange", "visibilitychange", "submit", "copy", "paste"]);
  const SENDS = 8, sends = new Map(), xhrs = new WeakMap();
  const where = (t) => t === window ? "window" : t === document ? "document"
    : t === document.documentElement ? "html" : t === document.body ? "body" : null;
  // Wraps `holder[name]` as `wrap` does; `probe(self, args)` returns the summary to record, or nothing.
  const wrapOn = (holder, name, api, probe) => { try {
    const d = holder && own(holder, name);
    if (!d || typeof d.value !== "function" || !d.configurable) return;
    const orig = d.value;
    const f = { [name](...args) {
      const result = apply(orig, this, args);
      if (sent < MAX) try { const s = probe(this, args); if (s) record(api, null, s, caller()); } catch (e) {}
      return result;
    } }[name];
    define(holder, name, Object.assign(d, { value: disguise(f, orig) }));
  } catch (e) {} };
  wrapOn(EventTarget.prototype, "addEventListener", "EventTarget.addEventListener", (t, a) => {
    const at = typeof a[0] === "string" && LISTENED.has(a[0]) && where(t), o = a[2];
    return at && { detail: a[0], target: at, capture: o === true || !!(o && typeof o === "object" && o.capture) };
  });
  wrapOn(window.MutationObserver && MutationObserver.prototype, "observe", "MutationObserver.observe", (m, a) => {
    const o = a[1] || {}, on = {
      childList: o.childList, attributes: o.attributes || o.attributeFilter || o.attributeOldValue,
      characterData: o.characterData || o.characterDataOldValue, subtree: o.subtree };
    const target = (a[0] !== window && where(a[0])) || "element";
    return { target, detail: Object.keys(on).filter((k) => on[k]).join(" ") };
  });
  const host = (u) => { try { return new URL_(String(u), location.href).host.slice(0, 200); } catch (e) { return ""; } };
  const bytes = (b) => typeof b === "string" ? num(b.length) : b instanceof Buf || Buf.isView(b) ? num(b.byteLength)
    : Bin && b instanceof Bin ? num(b.size) : Params && b instanceof Params ? num(String(b).length) : undefined;
  const send = (api, method, url, body) => {
    const m = String(method || "GET").toUpperCase().slice(0, 16);
    if (m === "GET" || m === "HEAD") return null;
    const to = host(url), key = `${api} ${m} ${to}`, nth = (sends.get(key) || 0) + 1;
    if (nth > SENDS) return null;
    sends.set(key, nth);
    return { detail: m, target: to, bytes: bytes(body), nth };
  };
  wrapOn(window, "fetch", "fetch", (t, a) => {
    const r = a[0], i = a[1] && typeof a[1] === "object" ? a[1] : {}, req = Req && r instanceof Req;
    return send("fetch", i.method || (req ? r.method : "GET"), req ? r.url : r, i.body);
  });
  const XHR = window.XMLHttpRequest && XMLHttpRequest.prototype;
  wrapOn(XHR, "open", "XMLHttpRequest.open", (x, a) => { xhrs.set(x, [a[0], a[1]]); });
  wrapOn(XHR, "send", "XMLHttpRequest.send", (x, a) => {
    const [method, url] = xhrs.get(x) || [];
    return send("XMLHttpRequest.send", method, url, a[0]);
  });
  wrapOn(window.Navigator && Navigator.prototype, "sendBeacon", "Navigator.sendBeacon", (n, a) =>
    send("Navigator.sendBeacon", "POST", a[0], a[1]));
  wrapOn(window.WebSocket && WebSocket.prototype, "send", "WebSocket.send", (w, a) =>
    send("WebSocket.send", "MESSAGE", w.url, a[0]));
})();
//# sourceURL=trackaudit-probes.js
