//! The one configured entry point: an [`AuditorBuilder`] takes the vendor engine (with overlays), the
//! consent database, the HTTP settings, the audit settings and the engine choice, checks them once, and
//! builds an [`Auditor`] whose engine and browser pool cannot disagree.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{AuditConfig, Auditor};
use crate::consent::ConsentDb;
use crate::crawl::PageObserver;
use crate::fetch::{FetchConfig, Fetcher};
use crate::model::BrowserSettings;
use crate::vendors::{Engine, LoadError};

/// Finds Chromium: `$CHROME`, then `chromium`, `chromium-browser`, `google-chrome`, `google-chrome-stable` on
/// the `PATH`. Always `None` in a build without the `browser` feature.
pub fn find_chrome() -> Option<PathBuf> {
    #[cfg(feature = "browser")]
    return crate::browser::find_chrome();
    #[cfg(not(feature = "browser"))]
    None
}

/// What to do when Chromium is missing.
pub const CHROMIUM_HINT: &str = "install Chromium (Debian/Ubuntu: apt-get install chromium) or set $CHROME to its path";

/// Why an [`Auditor`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A vendors file given as an overlay could not be loaded.
    #[error(transparent)]
    Vendors(#[from] LoadError),
    /// Both a compiled vendor engine and overlay files were given; overlays go over the built-in database,
    /// so merge them into the engine's database instead.
    #[error("both a vendor engine and vendors files to merge over the built-in database were given")]
    VendorsTwice,
    /// The browser engine was asked for, but this build has no browser engine.
    #[error("this trackaudit was built without the `browser` feature")]
    NoBrowserFeature,
    /// The browser engine was asked for, but no Chromium was found.
    #[error(
        "Chromium was not found (install Chromium (Debian/Ubuntu: apt-get install chromium) or set $CHROME to its path)"
    )]
    ChromiumNotFound,
    /// The Chromium executable given is not a file.
    #[error("{} is not a Chromium executable (no such file)", .0.display())]
    NotAnExecutable(PathBuf),
    /// A folder for screenshots or HAR files could not be created.
    #[error("cannot create {}: {source}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Configures an [`Auditor`]; every part has a default (the built-in vendor and consent databases, default
/// HTTP and audit settings, the static engine).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AuditorBuilder {
    vendors: Option<Arc<Engine>>,
    overlays: Vec<PathBuf>,
    consent: Option<Arc<ConsentDb>>,
    fetch: FetchConfig,
    config: AuditConfig,
    browser: Option<BrowserSettings>,
    observer: Option<PageObserver>,
}

impl AuditorBuilder {
    /// Tells `observer` of every page each audit finishes (a progress display: its URL and whether it was
    /// read); called from the audit's task, so it should be quick.
    pub fn on_page(mut self, observer: PageObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Uses this compiled vendor engine instead of the built-in database.
    pub fn vendors(mut self, engine: Arc<Engine>) -> Self {
        self.vendors = Some(engine);
        self
    }

    /// Merges these vendors files over the built-in database (loaded and checked by [`build`](Self::build));
    /// not together with [`vendors`](Self::vendors).
    pub fn vendor_overlays<P: AsRef<Path>>(mut self, files: impl IntoIterator<Item = P>) -> Self {
        self.overlays.extend(files.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// Uses this consent database (banner selectors, button texts, choice cookies) instead of the built-in one.
    pub fn consent_db(mut self, db: Arc<ConsentDb>) -> Self {
        self.consent = Some(db);
        self
    }

    /// HTTP settings (identity, timeouts, host rules, the private-address guard), for both engines.
    pub fn fetch(mut self, fetch: FetchConfig) -> Self {
        self.fetch = fetch;
        self
    }

    /// Crawl, policy and consent settings of every audit.
    pub fn config(mut self, config: AuditConfig) -> Self {
        self.config = config;
        self
    }

    /// Reads pages in Chromium with these settings (the browser engine); without it, the static engine.
    pub fn browser(mut self, settings: BrowserSettings) -> Self {
        self.browser = Some(settings);
        self
    }

    /// Loads the overlays, checks the browser settings, and builds the auditor. Chromium itself starts when
    /// the first site needs it.
    pub fn build(self) -> Result<Auditor, BuildError> {
        let vendors = match (self.vendors, self.overlays.is_empty()) {
            (Some(engine), true) => engine,
            (None, true) => Engine::builtin(),
            (None, false) => Engine::with_overlays(&self.overlays)?,
            (Some(_), false) => return Err(BuildError::VendorsTwice),
        };
        let consent = self.consent.unwrap_or_else(ConsentDb::builtin);
        let fetcher = Arc::new(Fetcher::new(self.fetch.clone()));
        let mut auditor = Auditor {
            vendors,
            consent: Arc::clone(&consent),
            fetcher,
            config: Arc::new(self.config),
            observer: self.observer,
            #[cfg(feature = "browser")]
            browsers: None,
            gvl_matches: Arc::default(),
            resolvers: Arc::default(),
        };
        let Some(settings) = self.browser else { return Ok(auditor) };
        #[cfg(not(feature = "browser"))]
        {
            let _ = (settings, &mut auditor);
            Err(BuildError::NoBrowserFeature)
        }
        #[cfg(feature = "browser")]
        {
            auditor.browsers = Some(crate::browser::BrowserPool::new(browser_options(settings, &self.fetch, consent)?));
            Ok(auditor)
        }
    }
}

/// The browser engine's options: its settings, with the HTTP identity and rules of `fetch`.
#[cfg(feature = "browser")]
fn browser_options(
    settings: BrowserSettings,
    fetch: &FetchConfig,
    consent: Arc<ConsentDb>,
) -> Result<crate::browser::BrowserOptions, BuildError> {
    let executable = match settings.executable {
        Some(exe) if exe.is_file() => exe,
        Some(exe) => return Err(BuildError::NotAnExecutable(exe)),
        None => find_chrome().ok_or(BuildError::ChromiumNotFound)?,
    };
    for dir in [&settings.screenshots, &settings.har].into_iter().flatten() {
        std::fs::create_dir_all(dir).map_err(|source| BuildError::Folder { path: dir.clone(), source })?;
    }
    Ok(crate::browser::BrowserOptions {
        settings: BrowserSettings {
            executable: Some(executable.clone()),
            workers: settings.workers.max(1),
            tabs: settings.tabs.clamp(1, crate::model::MAX_TABS),
            ..settings
        },
        rules: fetch.rules.clone(),
        insecure: fetch.accept_invalid_certs,
        allow_private: fetch.allow_private,
        // The default identity is Chromium's own user agent (not the static engine's Windows one).
        user_agent: (fetch.user_agent != crate::fetch::DEFAULT_USER_AGENT).then(|| fetch.user_agent.clone()),
        accept_language: fetch.accept_language.clone(),
        consent,
        ..crate::browser::BrowserOptions::new(executable)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EngineKind;

    #[test]
    fn the_default_builder_is_the_static_engine_with_the_builtin_databases() {
        let auditor = Auditor::builder().build().expect("defaults build");
        assert_eq!(auditor.engine_kind(), EngineKind::Static);
        assert!(Arc::ptr_eq(auditor.vendors(), &Engine::builtin()));
        assert!(Arc::ptr_eq(auditor.consent_db(), &ConsentDb::builtin()));
    }

    #[test]
    fn a_missing_overlay_is_a_build_error_naming_the_file() {
        let err = Auditor::builder().vendor_overlays(["/nonexistent/vendors.toml"]).build().unwrap_err();
        assert!(matches!(err, BuildError::Vendors(_)), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/vendors.toml"), "{err}");
    }

    #[test]
    fn an_executable_that_is_not_a_file_is_refused_before_anything_starts() {
        let settings = BrowserSettings { executable: Some("/nonexistent/chromium".into()), ..Default::default() };
        let err = Auditor::builder().browser(settings).build().unwrap_err();
        #[cfg(feature = "browser")]
        assert!(matches!(&err, BuildError::NotAnExecutable(p) if p == Path::new("/nonexistent/chromium")), "{err:?}");
        #[cfg(not(feature = "browser"))]
        assert!(matches!(err, BuildError::NoBrowserFeature), "{err:?}");
    }

    #[cfg(feature = "browser")]
    #[test]
    fn the_browser_engine_gets_the_fetch_identity_and_rules() {
        let fetch = FetchConfig {
            user_agent: "Example/1.0".into(),
            accept_invalid_certs: true,
            allow_private: true,
            ..FetchConfig::default()
        };
        let exe = std::env::current_exe().unwrap();
        let consent = ConsentDb::builtin();
        let settings = BrowserSettings { executable: Some(exe.clone()), workers: 0, ..Default::default() };
        let opts = browser_options(settings, &fetch, Arc::clone(&consent)).unwrap();
        assert_eq!(opts.executable, exe);
        assert_eq!(opts.settings.workers, 1, "at least one worker");
        assert_eq!(opts.user_agent.as_deref(), Some("Example/1.0"));
        assert!(opts.insecure && opts.allow_private);
        assert_eq!(
            (opts.settings.quiet, opts.settings.max_wait, opts.settings.page_timeout),
            (crate::model::DEFAULT_QUIET, crate::model::DEFAULT_MAX_WAIT, crate::model::DEFAULT_PAGE_TIMEOUT)
        );
        assert!(Arc::ptr_eq(&opts.consent, &consent));
        let default_identity = browser_options(
            BrowserSettings { executable: Some(exe), ..Default::default() },
            &FetchConfig::default(),
            consent,
        )
        .unwrap();
        assert_eq!(default_identity.user_agent, None, "Chromium's own user agent by default");
    }

    #[cfg(feature = "browser")]
    #[test]
    fn a_browser_auditor_reads_a_folder_with_the_static_engine_and_says_so() {
        // The executable is only started for a URL; a folder never needs it.
        let settings = BrowserSettings { executable: Some(std::env::current_exe().unwrap()), ..Default::default() };
        let auditor = Auditor::builder().browser(settings).build().unwrap();
        assert_eq!(auditor.engine_kind(), EngineKind::Chrome);
        assert_eq!(auditor.browser_workers(), Some(1));
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/static-site/public");
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let report = rt.block_on(auditor.audit(folder));
        assert_eq!(report.engine, EngineKind::Static);
        assert!(report.any_page_read());
        assert!(
            report.errors.iter().any(|e| e.message.contains("the browser engine audits URLs")),
            "{:?}",
            report.errors
        );
    }
}
