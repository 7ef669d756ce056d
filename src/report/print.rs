//! Opening a report page in headless Chromium, as a reader opens it from disk: the PDF printed from it
//! (`Page.printToPDF`, A4), a screenshot, its DOM after load, and what it tried to load or complained about
//! (so that a report that fetched anything, or broke its own content policy, is caught).
//!
//! Needs the `browser` feature and a Chromium ([`find_chrome`](crate::audit::find_chrome)).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::log::{EnableParams as LogEnable, EventEntryAdded, LogEntryLevel};
use chromiumoxide::cdp::browser_protocol::network::{EnableParams as NetworkEnable, EventRequestWillBeSent};
use chromiumoxide::cdp::browser_protocol::page::PrintToPdfParams;
use chromiumoxide::cdp::js_protocol::runtime::{ConsoleApiCalledType, EventConsoleApiCalled, EventExceptionThrown};
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;

use crate::browser::{BrowserError, BrowserOptions, BrowserPool};

/// What to take from the page.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// The Chromium executable; `None` to look for it.
    pub executable: Option<PathBuf>,
    /// Print a PDF.
    pub pdf: bool,
    /// Take a PNG screenshot of the first `height` pixels (the whole page when `None`) at `width`.
    pub screenshot: Option<(u32, Option<u32>)>,
    /// Time allowed for everything.
    pub timeout: Duration,
    /// JavaScript run in the page, in order, after it loaded and before anything is taken (a test clicks a
    /// column head; a caller opens a section).
    pub actions: Vec<String>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            executable: None,
            pdf: true,
            screenshot: None,
            timeout: Duration::from_secs(60),
            actions: Vec::new(),
        }
    }
}

/// The page as Chromium showed it.
#[derive(Debug, Clone, Default)]
pub struct Printed {
    /// The PDF, when asked for.
    pub pdf: Option<Vec<u8>>,
    /// The PNG screenshot, when asked for.
    pub png: Option<Vec<u8>>,
    /// The DOM after load, serialised.
    pub dom: String,
    /// Every request the page made besides its own file (a self-contained report makes none); `data:` URLs
    /// are not requests.
    pub requests: Vec<String>,
    /// Console errors, uncaught exceptions and content-policy violations.
    pub console_errors: Vec<String>,
}

/// Why a page could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No Chromium was found.
    #[error("{}", crate::audit::CHROMIUM_HINT)]
    NoChromium,
    /// The page could not be written to a temporary file.
    #[error("cannot write the page to print: {0}")]
    Io(#[from] std::io::Error),
    /// Chromium failed.
    #[error("Chromium could not print the page: {0}")]
    Browser(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Printing took longer than allowed.
    #[error("Chromium did not print the page within {0:?}")]
    Timeout(Duration),
}

impl From<BrowserError> for PrintError {
    fn from(e: BrowserError) -> Self {
        PrintError::Browser(Box::new(e))
    }
}

fn cdp(what: &'static str) -> impl FnOnce(chromiumoxide::error::CdpError) -> PrintError {
    move |source| PrintError::from(BrowserError::Command { what, source })
}

/// Opens `html` (written to a temporary file and loaded from it, as a reader opens a saved report) in a
/// fresh headless Chromium, and takes what `opts` asks for. The browser is closed before it returns.
pub async fn print(html: &str, opts: &PrintOptions) -> Result<Printed, PrintError> {
    let executable = opts.executable.clone().or_else(crate::audit::find_chrome).ok_or(PrintError::NoChromium)?;
    let dir = tempfile::Builder::new().prefix("trackaudit-print-").tempdir()?;
    let file = dir.path().join("report.html");
    std::fs::write(&file, html)?;
    let pool = BrowserPool::new(BrowserOptions::new(executable));
    let result = tokio::time::timeout(opts.timeout, async {
        let lease = pool.lease().await?;
        let browser = lease.browser();
        let page = browser.new_page("about:blank").await.map_err(cdp("open a tab"))?;
        let printed = take(&page, &file, opts).await;
        let _ = page.close().await;
        lease.release().await;
        printed
    })
    .await
    .unwrap_or(Err(PrintError::Timeout(opts.timeout)));
    pool.shutdown().await;
    result
}

async fn take(page: &Page, file: &std::path::Path, opts: &PrintOptions) -> Result<Printed, PrintError> {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let errors = Arc::new(Mutex::new(Vec::new()));
    page.execute(NetworkEnable::default()).await.map_err(cdp("watch the network"))?;
    page.execute(LogEnable::default()).await.map_err(cdp("watch the log"))?;
    let mut sent = page.event_listener::<EventRequestWillBeSent>().await.map_err(cdp("watch requests"))?;
    let mut console = page.event_listener::<EventConsoleApiCalled>().await.map_err(cdp("watch the console"))?;
    let mut thrown = page.event_listener::<EventExceptionThrown>().await.map_err(cdp("watch exceptions"))?;
    let mut log = page.event_listener::<EventEntryAdded>().await.map_err(cdp("watch the log"))?;
    let own = url::Url::from_file_path(file).map(String::from).unwrap_or_default();
    let (r, e1, e2, e3) = (Arc::clone(&requests), Arc::clone(&errors), Arc::clone(&errors), Arc::clone(&errors));
    let tasks = [
        tokio::spawn(async move {
            while let Some(ev) = sent.next().await {
                let url = ev.request.url.clone();
                if url != own && !url.starts_with("data:") && url != "about:blank" {
                    r.lock().expect("lock").push(url);
                }
            }
        }),
        tokio::spawn(async move {
            while let Some(ev) = console.next().await {
                if matches!(ev.r#type, ConsoleApiCalledType::Error | ConsoleApiCalledType::Assert) {
                    let text: Vec<String> =
                        ev.args.iter().filter_map(|a| a.value.as_ref().map(ToString::to_string)).collect();
                    e1.lock().expect("lock").push(format!("console.error: {}", text.join(" ")));
                }
            }
        }),
        tokio::spawn(async move {
            while let Some(ev) = thrown.next().await {
                e2.lock().expect("lock").push(format!("uncaught: {}", ev.exception_details.text));
            }
        }),
        tokio::spawn(async move {
            while let Some(ev) = log.next().await {
                if ev.entry.level == LogEntryLevel::Error {
                    e3.lock().expect("lock").push(format!("{:?}: {}", ev.entry.source, ev.entry.text));
                }
            }
        }),
    ];
    page.enable_runtime().await.map_err(cdp("watch the console"))?;
    let url =
        url::Url::from_file_path(file).map_err(|()| std::io::Error::other("the temporary path is not absolute"))?;
    page.goto(url.as_str()).await.map_err(cdp("load the page"))?;
    // Late events (a lazy image, a script's timer) get a moment to arrive.
    tokio::time::sleep(Duration::from_millis(300)).await;
    if let Some((width, height)) = opts.screenshot {
        // The window is sized first, so that the actions see the page at the screenshot's width.
        let h = height.unwrap_or(900);
        page.execute(SetDeviceMetricsOverrideParams::new(i64::from(width), i64::from(h), 1.0, false))
            .await
            .map_err(cdp("size the window"))?;
    }
    for js in &opts.actions {
        page.evaluate(js.as_str()).await.map_err(cdp("run an action in the page"))?;
    }
    let mut out = Printed { dom: page.content().await.map_err(cdp("read the DOM"))?, ..Printed::default() };
    if let Some((_, height)) = opts.screenshot {
        let shot = ScreenshotParams::builder().full_page(height.is_none()).build();
        out.png = Some(page.screenshot(shot).await.map_err(cdp("take a screenshot"))?);
    }
    if opts.pdf {
        // Paper cannot be clicked: every folded section (a vendor's evidence, a policy's text) is printed open.
        page.evaluate("for (const d of document.querySelectorAll('details')) d.open = true")
            .await
            .map_err(cdp("open the folded sections"))?;
        // A4, with the page's own colours (verdict badges), margins from the report's print style.
        let params = PrintToPdfParams::builder()
            .print_background(true)
            .paper_width(8.27)
            .paper_height(11.69)
            .prefer_css_page_size(true)
            .build();
        out.pdf = Some(page.pdf(params).await.map_err(cdp("print to PDF"))?);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    for t in tasks {
        t.abort();
    }
    out.requests = std::mem::take(&mut *requests.lock().expect("lock"));
    out.console_errors = std::mem::take(&mut *errors.lock().expect("lock"));
    Ok(out)
}
