//! Consent management platforms (CMPs): the data in `consent.toml`, detection from what a page loads (both
//! engines), and the script the browser engine runs to click "accept all" or "reject all".
//!
//! Everything CMP-specific is data: adding a CMP means adding a `[[cmp]]` table, not code (docs/consent.md).

use std::sync::{Arc, LazyLock};

use scraper::{Html, Selector};
use serde::Deserialize;
use url::Url;

use crate::capture::PageCapture;
use crate::model::{ConsentManager, ConsentState};

/// What the built-in `consent.toml` holds.
const BUILTIN: &str = include_str!("../consent.toml");

/// How an audit treats the consent banner (`--consent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum ConsentMode {
    /// Audit before any interaction.
    #[default]
    None,
    /// Click "accept all" on the first page, then audit.
    Accept,
    /// Click "reject all" on the first page, then audit.
    Reject,
    /// Audit with Global Privacy Control on (`Sec-GPC: 1`, `navigator.globalPrivacyControl`), no click.
    Gpc,
    /// Audit the four states (none, accept, reject, gpc), each in a fresh browser context.
    All,
}

impl ConsentMode {
    /// The states an audit in this mode visits, in order.
    pub fn states(self) -> Vec<ConsentState> {
        match self {
            ConsentMode::None => vec![ConsentState::None],
            ConsentMode::Accept => vec![ConsentState::Accept],
            ConsentMode::Reject => vec![ConsentState::Reject],
            ConsentMode::Gpc => vec![ConsentState::Gpc],
            ConsentMode::All => {
                vec![ConsentState::None, ConsentState::Accept, ConsentState::Reject, ConsentState::Gpc]
            }
        }
    }
}

/// One consent management platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cmp {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its vendor id in `vendors.toml`, if any.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Substrings of script URLs that identify it (case-insensitive).
    #[serde(default)]
    pub scripts: Vec<String>,
    /// Substrings of inline scripts that identify it.
    #[serde(default)]
    pub inline: Vec<String>,
    /// Window properties it defines.
    #[serde(default)]
    pub globals: Vec<String>,
    /// CSS selectors of its banner.
    #[serde(default)]
    pub selectors: Vec<String>,
    /// Cookies holding the visitor's choice.
    #[serde(default)]
    pub cookies: Vec<String>,
    /// Selectors of "accept all", best first.
    #[serde(default)]
    pub accept: Vec<String>,
    /// Selectors of "reject all", best first.
    #[serde(default)]
    pub reject: Vec<String>,
    /// A shadow-DOM host the banner lives in; its selectors are looked up inside the shadow root only.
    #[serde(default)]
    pub shadow_host: Option<String>,
}

/// Generic button texts, lower case, best first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Buttons {
    /// "Accept all" in many languages.
    pub accept: Vec<String>,
    /// "Reject all" in many languages.
    pub reject: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    cmp: Vec<Cmp>,
    buttons: Buttons,
}

/// The consent database, with banner selectors compiled for static detection.
#[derive(Debug)]
pub struct ConsentDb {
    cmps: Vec<Cmp>,
    buttons: Buttons,
    /// Per CMP, its banner selectors that scraper can parse.
    compiled: Vec<Vec<Selector>>,
}

static DB: LazyLock<Arc<ConsentDb>> =
    LazyLock::new(|| Arc::new(ConsentDb::parse(BUILTIN).expect("the built-in consent.toml is valid")));

/// Why a consent database could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConsentDbError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a valid `consent.toml`.
    #[error("invalid consent database: {0}")]
    Toml(#[from] toml::de::Error),
}

impl ConsentDb {
    /// The built-in database (parsed once per process; the auditor is handed it like the vendor engine).
    pub fn builtin() -> Arc<ConsentDb> {
        Arc::clone(&DB)
    }

    /// Reads a `consent.toml` file.
    pub fn load(path: &std::path::Path) -> Result<ConsentDb, ConsentDbError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ConsentDbError::Read { path: path.to_path_buf(), source })?;
        ConsentDb::parse(&text)
    }

    /// Parses a `consent.toml`.
    pub fn parse(text: &str) -> Result<ConsentDb, ConsentDbError> {
        let file: File = toml::from_str(text)?;
        let compiled =
            file.cmp.iter().map(|c| c.selectors.iter().filter_map(|s| Selector::parse(s).ok()).collect()).collect();
        Ok(ConsentDb { cmps: file.cmp, buttons: file.buttons, compiled })
    }

    /// Every CMP.
    pub fn cmps(&self) -> &[Cmp] {
        &self.cmps
    }

    /// A CMP by id.
    pub fn get(&self, id: &str) -> Option<&Cmp> {
        self.cmps.iter().find(|c| c.id == id)
    }

    /// The CMP that stores its choice in a cookie of this name.
    pub fn cmp_for_cookie(&self, name: &str) -> Option<&Cmp> {
        self.cmps.iter().find(|c| {
            c.cookies.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => p == name,
            })
        })
    }

    /// Finds a CMP in a page: script URLs, inline code, banner elements (parsed from `html`, when given) and
    /// `globals` the browser found defined. A specific CMP wins over the generic IAB TCF entry.
    pub(crate) fn detect(
        &self,
        page: &Url,
        capture: &PageCapture,
        html: Option<&Html>,
        globals: &[String],
    ) -> Option<ConsentManager> {
        let mut found: Vec<(usize, Vec<String>)> = Vec::new();
        for (i, cmp) in self.cmps.iter().enumerate() {
            let mut why = Vec::new();
            for r in &capture.resources {
                let url = r.url.as_str().to_ascii_lowercase();
                if let Some(s) = cmp.scripts.iter().find(|s| url.contains(&s.to_ascii_lowercase())) {
                    why.push(format!("script {} (matches `{s}`)", r.url));
                    break;
                }
            }
            if let Some(s) =
                cmp.inline.iter().find(|s| capture.inline_scripts.iter().any(|i| i.code.contains(s.as_str())))
            {
                why.push(format!("inline script mentions `{s}`"));
            }
            if let Some(doc) = html
                && let Some(sel) =
                    self.compiled[i].iter().zip(&cmp.selectors).find(|(sel, _)| doc.select(sel).next().is_some())
            {
                why.push(format!("banner element `{}`", sel.1));
            }
            if let Some(g) = cmp.globals.iter().find(|g| globals.contains(g)) {
                why.push(format!("global `window.{g}`"));
            }
            if !why.is_empty() {
                found.push((i, why));
            }
        }
        let pick = found.iter().position(|(i, _)| self.cmps[*i].id != "iab-tcf").unwrap_or(0);
        let (i, mut why) = found.get(pick).cloned()?;
        if let Some((_, tcf)) = found.iter().find(|(j, _)| *j != i && self.cmps[*j].id == "iab-tcf") {
            why.extend(tcf.iter().map(|w| format!("{w} (IAB TCF)")));
        }
        Some(ConsentManager {
            id: self.cmps[i].id.clone(),
            name: self.cmps[i].name.clone(),
            page: page.to_string(),
            found_by: why,
        })
    }

    /// Every global any CMP defines, to ask the browser about.
    pub fn globals(&self) -> Vec<String> {
        let mut g: Vec<String> = self.cmps.iter().flat_map(|c| c.globals.iter().cloned()).collect();
        g.sort();
        g.dedup();
        g
    }

    /// A JavaScript expression that clicks the button reaching `state` in the current frame, and evaluates to
    /// a description of what it clicked (or `null`). CMP selectors come first (inside the CMP's shadow root
    /// when it has one), the CMP found on the page before the others; then visible buttons and links whose
    /// whole text is one of the generic texts.
    pub fn click_script(&self, state: ConsentState, first: Option<&str>) -> String {
        let mut order: Vec<&Cmp> = self.cmps.iter().collect();
        order.sort_by_key(|c| Some(c.id.as_str()) != first);
        let cmps: Vec<serde_json::Value> = order
            .iter()
            .map(|c| {
                let sel = if state == ConsentState::Accept { &c.accept } else { &c.reject };
                serde_json::json!({ "name": c.name, "sel": sel, "shadow": c.shadow_host })
            })
            .filter(|v| v["sel"].as_array().is_some_and(|a| !a.is_empty()))
            .collect();
        let texts = if state == ConsentState::Accept { &self.buttons.accept } else { &self.buttons.reject };
        let cfg = serde_json::json!({ "cmps": cmps, "texts": texts });
        format!("({CLICK_JS})({cfg})")
    }

    /// Counts for messages: CMP selectors and generic texts tried for `state`.
    pub fn tried(&self, state: ConsentState) -> (usize, usize) {
        let sel = self.cmps.iter().map(|c| if state == ConsentState::Accept { c.accept.len() } else { c.reject.len() });
        let texts = if state == ConsentState::Accept { &self.buttons.accept } else { &self.buttons.reject };
        (sel.sum(), texts.len())
    }
}

/// The click function: `cfg = {cmps: [{name, sel: [..], shadow}], texts: [..]}`.
const CLICK_JS: &str = r#"function (cfg) {
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none' && parseFloat(st.opacity || '1') > 0;
  };
  const norm = (t) => (t || '').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
  const text = (el) => norm(el.tagName === 'INPUT' ? el.value : (el.innerText || el.textContent));
  const say = (el, how) => how + ' "' + text(el).slice(0, 60) + '"';
  for (const c of cfg.cmps) {
    let scopes = [document];
    if (c.shadow) {
      const host = document.querySelector(c.shadow);
      if (!host || !host.shadowRoot) continue;
      scopes = [host.shadowRoot];
    }
    for (const s of c.sel) {
      for (const root of scopes) {
        let el = null;
        try { el = root.querySelector(s); } catch (e) { continue; }
        if (el && visible(el)) { el.click(); return say(el, c.name + ' ' + s); }
      }
    }
  }
  const cands = [];
  const walk = (root) => {
    root.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit]').forEach((e) => cands.push(e));
    root.querySelectorAll('*').forEach((e) => { if (e.shadowRoot) walk(e.shadowRoot); });
  };
  walk(document);
  for (const t of cfg.texts) {
    for (const el of cands) {
      if (text(el) === t && visible(el)) { el.click(); return say(el, 'button by text'); }
    }
  }
  return null;
}"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture;

    #[test]
    fn builtin_parses_and_has_the_required_cmps() {
        let db = ConsentDb::builtin();
        for id in [
            "onetrust",
            "cookiebot",
            "didomi",
            "usercentrics",
            "quantcast-choice",
            "trustarc",
            "termly",
            "osano",
            "cookieyes",
            "complianz",
            "klaro",
            "iab-tcf",
        ] {
            assert!(db.get(id).is_some(), "{id} missing from consent.toml");
        }
        for (c, sels) in db.cmps.iter().zip(&db.compiled) {
            assert_eq!(c.selectors.len(), sels.len(), "{}: a banner selector does not parse", c.id);
        }
        assert!(db.buttons.accept.iter().any(|t| t == "alle akzeptieren"));
        assert!(db.buttons.reject.iter().any(|t| t == "tout refuser"));
        assert!(db.buttons.accept.iter().all(|t| !db.buttons.reject.contains(t)));
    }

    #[test]
    fn detects_by_script_and_banner_and_prefers_a_specific_cmp() {
        let html = r#"<html><head><script>window.__tcfapi=function(){}</script>
            <script src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"></script></head>
            <body><div id="onetrust-banner-sdk"></div></body></html>"#;
        let page = Url::parse("https://www.example.com/").unwrap();
        let cap = capture::capture(html, &page);
        let doc = Html::parse_document(html);
        let m = ConsentDb::builtin().detect(&page, &cap, Some(&doc), &[]).expect("found");
        assert_eq!(m.id, "onetrust");
        assert!(m.found_by.iter().any(|w| w.contains("otSDKStub.js")), "{:?}", m.found_by);
        assert!(m.found_by.iter().any(|w| w.contains("#onetrust-banner-sdk")), "{:?}", m.found_by);
        assert!(m.found_by.iter().any(|w| w.contains("IAB TCF")), "{:?}", m.found_by);
    }

    #[test]
    fn no_cmp_on_a_plain_page() {
        let html = "<html><body><p>Cookies are tasty.</p><button>Accept</button></body></html>";
        let page = Url::parse("https://www.example.com/").unwrap();
        let cap = capture::capture(html, &page);
        assert!(ConsentDb::builtin().detect(&page, &cap, Some(&Html::parse_document(html)), &[]).is_none());
    }

    #[test]
    fn click_script_puts_the_found_cmp_first() {
        let js = ConsentDb::builtin().click_script(ConsentState::Reject, Some("didomi"));
        let didomi = js.find("didomi-notice-disagree").or_else(|| js.find("Didomi")).expect("didomi in script");
        let onetrust = js.find("onetrust-reject-all-handler").expect("onetrust in script");
        assert!(didomi < onetrust);
        assert!(js.contains("tout refuser") && !js.contains("tout accepter"));
    }
}
