// Installed before any page script: hands each cookie string a script writes (document.cookie, the Cookie
// Store API) to the engine through a DevTools binding, so the report can say what lifetime the site asked
// for (Chromium stores at most 400 days, whatever was asked). The binding is taken off the page's globals.
(() => {
  const report = window.__trackauditCookieWrite;
  if (typeof report !== "function") return;
  try { delete window.__trackauditCookieWrite; } catch (e) {}
  const send = (s) => { try { report(JSON.stringify([String(s).slice(0, 4096), Date.now()])); } catch (e) {} };
  const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (d && d.set && d.configurable) {
    Object.defineProperty(Document.prototype, "cookie", {
      configurable: true,
      enumerable: d.enumerable,
      get: d.get,
      set: function (v) { send(v); return d.set.call(this, v); },
    });
  }
  if (typeof CookieStore === "function" && typeof CookieStore.prototype.set === "function") {
    const set = CookieStore.prototype.set;
    CookieStore.prototype.set = function (a, b) {
      try {
        const o = typeof a === "object" && a !== null ? a : { name: a, value: b };
        let s = `${o.name}=${o.value}`;
        if (typeof o.expires === "number") s += `; expires=${new Date(o.expires).toUTCString()}`;
        send(s);
      } catch (e) {}
      return set.apply(this, arguments);
    };
  }
})();
