// Installed before any page script: remembers when each pending setTimeout is due, so that the engine waits
// for a timer about to fire (a tag that sends its beacon a few seconds after load) instead of a fixed quiet
// period. A timer that re-arms itself (a heartbeat, a poll: the callback schedules itself again) is not
// waited for after its first round, nor are timers given code as a string, or intervals.
(() => {
  const set = window.setTimeout, clear = window.clearTimeout, due = new Map();
  let running = null;
  window.setTimeout = function (fn, ms, ...args) {
    if (typeof fn !== "function") return set.call(this, fn, ms, ...args);
    const rearmed = fn === running;
    const handle = set.call(this, function (...a) {
      due.delete(handle);
      const outer = running;
      running = fn;
      try { return fn.apply(this, a); } finally { running = outer; }
    }, ms, ...args);
    if (!rearmed) due.set(handle, performance.now() + (Number(ms) || 0));
    return handle;
  };
  window.clearTimeout = function (handle) { due.delete(handle); return clear.call(this, handle); };
  Object.defineProperty(window, "__trackauditNextTimer", {
    value: () => {
      const now = performance.now();
      let next = Infinity;
      for (const at of due.values()) if (at < next) next = at;
      return next === Infinity ? -1 : Math.max(0, next - now);
    },
  });
})();
