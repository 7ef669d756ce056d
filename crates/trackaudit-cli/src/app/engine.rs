//! Choosing the engine (`--engine static|chrome|auto`) and building the auditor for it.

use trackaudit::audit::{Auditor, AuditorBuilder, BrowserSettings, BuildError, CHROMIUM_HINT, find_chrome};

/// The engine asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EngineChoice {
    /// HTML only.
    Static,
    /// Chromium, or an error when it is missing.
    Chrome,
    /// Chromium when it is found, else the static engine (with a notice).
    #[default]
    Auto,
}

/// The engine from the command line, with the browser engine's settings.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// The engine asked for.
    pub choice: EngineChoice,
    /// The browser engine's settings, used when it is chosen.
    pub browser: BrowserSettings,
}

/// Builds the auditor with the chosen engine; says on standard error which one `auto` chose.
pub(crate) fn build(builder: AuditorBuilder, opts: &EngineOptions) -> anyhow::Result<Auditor> {
    let with_flag = |e: BuildError| match e {
        BuildError::NoBrowserFeature => anyhow::anyhow!("{e}; use --engine static"),
        BuildError::ChromiumNotFound | BuildError::NotAnExecutable(_) => anyhow::anyhow!("{e}, or use --engine static"),
        other => anyhow::Error::new(other),
    };
    match opts.choice {
        EngineChoice::Static => builder.build().map_err(with_flag),
        EngineChoice::Chrome => builder.browser(opts.browser.clone()).build().map_err(with_flag),
        EngineChoice::Auto => {
            if !cfg!(feature = "browser") {
                eprintln!("trackaudit: notice: built without the browser engine; using the static engine");
                return builder.build().map_err(with_flag);
            }
            let Some(exe) = opts.browser.executable.clone().or_else(find_chrome) else {
                eprintln!(
                    "trackaudit: notice: Chromium was not found ({CHROMIUM_HINT}); using the static engine (HTML only)"
                );
                return builder.build().map_err(with_flag);
            };
            eprintln!("trackaudit: engine: chrome ({})", exe.display());
            let settings = BrowserSettings { executable: Some(exe), ..opts.browser.clone() };
            builder.browser(settings).build().map_err(with_flag)
        }
    }
}
