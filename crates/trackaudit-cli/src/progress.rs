//! Scan progress: indicatif bars on a terminal (sites done and total, pages fetched, errors, ETA, the sites in
//! flight), one plain line per finished site otherwise (cron, CI), or nothing with `--quiet`.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use trackaudit::model::AuditReport;
use trackaudit::scan::ScanProgress;

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// Bars on a terminal, lines otherwise.
    Auto,
    /// One line per finished site, even on a terminal.
    Lines,
    /// Nothing.
    Quiet,
}

enum Display {
    Bars { sites: ProgressBar, status: ProgressBar, _multi: MultiProgress },
    Lines,
    Silent,
}

/// The progress of one scan.
pub struct Progress {
    display: Display,
    total: usize,
    state: Mutex<State>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress").field("total", &self.total).finish()
    }
}

#[derive(Default)]
struct State {
    done: usize,
    errors: usize,
    pages: u64,
    in_flight: Vec<String>,
}

impl Progress {
    /// Progress for `total` sites of which `done` are finished already (a resumed run).
    pub fn new(mode: ProgressMode, total: usize, done: usize) -> Progress {
        let mode = match mode {
            ProgressMode::Auto if std::io::stderr().is_terminal() => ProgressMode::Auto,
            ProgressMode::Auto => ProgressMode::Lines,
            m => m,
        };
        let display = match mode {
            ProgressMode::Auto => {
                let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(4));
                let sites = multi.add(ProgressBar::new(total as u64));
                sites.set_style(
                    ProgressStyle::with_template(
                        "{bar:32.cyan/blue} {pos}/{len} sites  {elapsed_precise} elapsed, ETA {eta}",
                    )
                    .expect("static template")
                    .progress_chars("█▉▊▋▌▍▎▏ "),
                );
                sites.set_position(done as u64);
                let status = multi.add(ProgressBar::new_spinner());
                status.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("static template"));
                status.enable_steady_tick(Duration::from_millis(250));
                Display::Bars { sites, status, _multi: multi }
            }
            ProgressMode::Lines => Display::Lines,
            ProgressMode::Quiet => Display::Silent,
        };
        Progress { display, total, state: Mutex::new(State { done, ..State::default() }) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn refresh(&self, s: &State) {
        if let Display::Bars { status, .. } = &self.display {
            let mut flight: Vec<&str> = s.in_flight.iter().map(String::as_str).take(4).collect();
            if s.in_flight.len() > 4 {
                flight.push("…");
            }
            status.set_message(format!(
                "{} pages fetched · {} failed site(s) · in flight: {}",
                s.pages,
                s.errors,
                flight.join(", ")
            ));
        }
    }
}

impl ScanProgress for Progress {
    /// A site started.
    fn started(&self, target: &str) {
        let mut s = self.state();
        s.in_flight.push(target.to_string());
        self.refresh(&s);
    }

    /// The count of pages fetched so far.
    fn pages(&self, pages: u64) {
        let mut s = self.state();
        s.pages = pages;
        self.refresh(&s);
    }

    /// A site finished.
    fn finished(&self, target: &str, report: &AuditReport, secs: f64) {
        let mut s = self.state();
        s.in_flight.retain(|t| t != target);
        s.done += 1;
        let failed = !report.any_page_read();
        s.errors += usize::from(failed);
        let done = s.done;
        self.refresh(&s);
        drop(s);
        match &self.display {
            Display::Bars { sites, .. } => sites.inc(1),
            Display::Lines => {
                let status = report.site_status();
                let undisclosed = report.findings.iter().filter(|f| f.verdict.is_undisclosed()).count();
                let pages = report.pages.iter().filter(|p| p.error.is_none()).count();
                eprintln!(
                    "[{done}/{}] {target} {status}: {pages} page(s), {} vendor(s), {undisclosed} undisclosed or contradicted, {secs:.1}s",
                    self.total,
                    report.findings.len()
                );
            }
            Display::Silent => {}
        }
    }

    /// The scan ended.
    fn finish(&self) {
        if let Display::Bars { sites, status, .. } = &self.display {
            status.finish_and_clear();
            sites.finish();
        }
    }
}

/// A spinner for one audit on a terminal (pages done, the last page), cleared when dropped; `None` when
/// standard error is not a terminal, so that pipes, files and CI logs get nothing.
pub struct AuditSpinner {
    bar: ProgressBar,
}

impl AuditSpinner {
    /// The spinner and the observer that moves it, when standard error is a terminal.
    pub fn on_terminal() -> Option<(AuditSpinner, trackaudit::crawl::PageObserver)> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("static template"));
        bar.set_message("starting");
        bar.enable_steady_tick(Duration::from_millis(120));
        let (shown, pages, failed) =
            (bar.clone(), std::sync::atomic::AtomicUsize::new(0), std::sync::atomic::AtomicUsize::new(0));
        let observer = trackaudit::crawl::PageObserver::new(move |page| {
            use std::sync::atomic::Ordering::Relaxed;
            let done = pages.fetch_add(1, Relaxed) + 1;
            let bad = failed.fetch_add(usize::from(page.error.is_some()), Relaxed) + usize::from(page.error.is_some());
            // A hostile URL must not move the cursor or repaint the terminal: control characters are dropped.
            let url: String = page.url.chars().filter(|c| !c.is_control()).take(100).collect();
            shown.set_message(format!("{done} page(s) read, {bad} failed · {url}"));
        });
        Some((AuditSpinner { bar }, observer))
    }
}

impl Drop for AuditSpinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
