//! The key-logging probe's typing (`--probe-forms`): the visible, enabled, writable text-like fields of the
//! page's top document (text, e-mail, telephone, search inputs and text areas; never passwords, hidden,
//! checkbox or file inputs, nor card or one-time-code fields) get a canary typed into them with real key
//! events (`keydown`, `keypress`, `input`, `keyup`, then `change` on blur), as a visitor would type. Nothing
//! is ever submitted: no Enter key is pressed, and a `submit` event is cancelled from the probe's isolated
//! world. Then the page is given time to send what it sends ([`FILL_WAIT`] at least, and its quiet period).

use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::emulation::SetFocusEmulationEnabledParams;
use chromiumoxide::cdp::browser_protocol::input::{DispatchKeyEventParams, DispatchKeyEventType};
use chromiumoxide::cdp::browser_protocol::page::CreateIsolatedWorldParams;
use chromiumoxide::cdp::js_protocol::runtime::{EvaluateParams, ExecutionContextId};
use tokio::time::timeout;

use super::tab::Tab;
use crate::formprobe::{Canaries, FilledField, FormFill};
use crate::model::{BrowserSettings, CanaryKind};

/// Fields filled per page at most.
const MAX_FIELDS: usize = 10;

/// The shortest wait after typing, for a script that sends on a timer (a debounce) or on blur.
const FILL_WAIT: Duration = Duration::from_millis(1500);

/// Finds the fields to fill (kept in the isolated world's `__trackauditFields`), cancels submits, and lists
/// each field's description and canary kind.
const FIND_JS: &str = r#"(() => {
  const allowed = new Set(['text', 'email', 'tel', 'search', 'textarea']);
  const avoid = /pass|card|cc-|cvc|cvv|iban|one-time|otp|captcha|token/;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05;
  };
  const hint = (el) => [el.name, el.id, el.getAttribute('autocomplete'), el.getAttribute('placeholder'),
    el.getAttribute('aria-label')].join(' ').toLowerCase();
  const kind = (el) => {
    const h = hint(el);
    if (el.type === 'email' || /e-?mail/.test(h)) return 'email';
    if (el.type === 'tel' || /phone|mobile|\btel/.test(h)) return 'phone';
    return 'name';
  };
  const cut = (s) => String(s).slice(0, 40).replace(/["\]\n]/g, '');
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (d === 'input') d += '[type=' + el.type + ']';
    if (el.id) d += '#' + cut(el.id);
    if (el.name) d += '[name=' + cut(el.name) + ']';
    if (el.form && el.form.id) d += ' in form#' + cut(el.form.id);
    return d;
  };
  const fields = [...document.querySelectorAll('input, textarea')]
    .filter((el) => allowed.has(el.type) && !el.disabled && !el.readOnly && !avoid.test(hint(el)) && visible(el))
    .slice(0, %MAX%);
  globalThis.__trackauditFields = fields;
  if (!globalThis.__trackauditNoSubmit) {
    globalThis.__trackauditNoSubmit = true;
    document.addEventListener('submit', (e) => e.preventDefault(), true);
  }
  return fields.map((el) => ({ field: describe(el), kind: kind(el) }));
})()"#;

/// Scrolls field `i` into view, empties it and focuses it; says whether it has the focus.
fn focus_js(i: usize) -> String {
    format!(
        "(() => {{ const el = globalThis.__trackauditFields[{i}]; if (!el || !el.isConnected) return false; \
         el.scrollIntoView({{ block: 'center' }}); el.value = ''; el.focus(); return document.activeElement === el; }})()"
    )
}

/// Takes the focus away from field `i` (the page gets `blur` and, the value having changed, `change`).
fn blur_js(i: usize) -> String {
    format!("(() => {{ const el = globalThis.__trackauditFields[{i}]; if (el) el.blur(); return true; }})()")
}

/// Evaluates `js` in the probe's world; its value, if it returned one.
async fn eval(tab: &Tab, ctx: ExecutionContextId, js: &str) -> Option<serde_json::Value> {
    let params = EvaluateParams::builder().expression(js).context_id(ctx).return_by_value(true).build().ok()?;
    let r = timeout(Duration::from_secs(5), tab.page.execute(params)).await.ok()?.ok()?;
    r.result.result.value.clone()
}

/// The key code Windows gives `c` (what `keyCode`/`which` say), for the characters canaries hold.
fn key_code(c: char) -> Option<i64> {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => Some(i64::from(u32::from(c.to_ascii_uppercase()))),
        ' ' => Some(32),
        '+' => Some(187),
        '-' => Some(189),
        '.' => Some(190),
        _ => None,
    }
}

/// Types `text` into the focused element, a key down (with its text) and a key up per character.
async fn type_text(tab: &Tab, text: &str) {
    for c in text.chars() {
        let s = c.to_string();
        let mut down = DispatchKeyEventParams::new(DispatchKeyEventType::KeyDown);
        down.key = Some(s.clone());
        down.text = Some(s.clone());
        down.unmodified_text = Some(s.clone());
        down.windows_virtual_key_code = key_code(c);
        let mut up = DispatchKeyEventParams::new(DispatchKeyEventType::KeyUp);
        up.key = Some(s);
        up.windows_virtual_key_code = key_code(c);
        for e in [down, up] {
            if !matches!(timeout(Duration::from_secs(5), tab.page.execute(e)).await, Ok(Ok(_))) {
                return;
            }
        }
    }
}

/// Fills the page's fields with `canaries` and waits for what the page sends; `None` when the page has no
/// field to fill. `after_click` says whether the consent banner was clicked.
pub(super) async fn probe(
    tab: &Tab,
    canaries: &Canaries,
    after_click: bool,
    settings: &BrowserSettings,
) -> Option<FormFill> {
    // A tab loading beside others is not the focused one: it is told it has the focus, so that the fields
    // take it and the keys reach them.
    let _ = timeout(Duration::from_secs(5), tab.page.execute(SetFocusEmulationEnabledParams::new(true))).await;
    let frame = tab.page.mainframe().await.ok().flatten()?;
    let world = CreateIsolatedWorldParams {
        frame_id: frame,
        world_name: Some("trackaudit-forms".into()),
        grant_univeral_access: None,
    };
    let ctx = timeout(Duration::from_secs(5), tab.page.execute(world)).await.ok()?.ok()?.result.execution_context_id;
    let found = eval(tab, ctx, &FIND_JS.replace("%MAX%", &MAX_FIELDS.to_string())).await?;
    let listed: Vec<(String, String)> = found
        .as_array()?
        .iter()
        .filter_map(|f| Some((f["field"].as_str()?.to_string(), f["kind"].as_str()?.to_string())))
        .collect();
    if listed.is_empty() {
        return None;
    }
    let first_request = tab.recording.lock().expect("recording lock").requests.len();
    let mut fields = Vec::new();
    for (i, (field, kind)) in listed.into_iter().enumerate() {
        let kind = match kind.as_str() {
            "email" => CanaryKind::Email,
            "phone" => CanaryKind::Phone,
            _ => CanaryKind::Name,
        };
        if eval(tab, ctx, &focus_js(i)).await != Some(serde_json::Value::Bool(true)) {
            continue;
        }
        type_text(tab, canaries.value(kind)).await;
        eval(tab, ctx, &blur_js(i)).await;
        fields.push(FilledField { field, kind });
    }
    if fields.is_empty() {
        return None;
    }
    let typed = Instant::now();
    tab.recording.lock().expect("recording lock").last_activity = typed;
    tab.quiet(settings).await;
    if let Some(rest) = FILL_WAIT.checked_sub(typed.elapsed()) {
        tokio::time::sleep(rest).await;
    }
    Some(FormFill { canaries: canaries.clone(), fields, first_request, after_click })
}
