//! CPU-bound work with a deadline: HTML parsing, extraction and policy analysis.
//!
//! A page's markup is bounded before it is parsed (see [`crate::markup`]), so reading it is linear in its
//! size; the budget is the second line of defence, against a page that is large and slow to read rather than
//! deep. The work runs on the runtime's blocking pool while the caller waits at most the budget. Parsing cannot
//! be interrupted: past the budget the page becomes an error and the work finishes on its own thread, unseen.

use std::sync::mpsc;
use std::time::Duration;

/// Time allowed for reading one page or one policy document, unless `--page-budget` says otherwise.
pub const DEFAULT_PAGE_BUDGET: Duration = Duration::from_secs(15);

/// Why work given a budget produced nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Overrun {
    /// The work did not finish in time.
    #[error("reading it took longer than {} (the page budget); not audited; {}", secs(*.0), crate::model::Remedy::PageBudget)]
    Late(Duration),
    /// The work panicked.
    #[error("reading it failed: the reader stopped unexpectedly; not audited (please report this page)")]
    Failed,
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 && s.fract() == 0.0 { format!("{s:.0} s") } else { format!("{s:.3} s") }
}

/// Runs CPU-bound work so that it does not hold up the async runtime: on a multi-threaded runtime the worker
/// thread hands its other tasks (the timers of `--site-timeout`, other sites' audits) to another thread while
/// this one works. Elsewhere it simply runs.
fn cpu_bound<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(work),
        _ => work(),
    }
}

/// Runs `work` on a thread of its own (the runtime's blocking pool when there is one) and waits for it at most
/// `budget`.
pub(crate) fn within<T: Send + 'static>(
    budget: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Overrun> {
    let (tx, rx) = mpsc::sync_channel(1);
    let run = move || {
        // The receiver is gone when the caller gave up: the result is dropped.
        let _ = tx.send(work());
    };
    match tokio::runtime::Handle::try_current() {
        Ok(h) => drop(h.spawn_blocking(run)),
        Err(_) => drop(std::thread::spawn(run)),
    }
    cpu_bound(|| match rx.recv_timeout(budget) {
        Ok(v) => Ok(v),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Overrun::Late(budget)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Overrun::Failed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_within_the_budget_gives_its_result() {
        assert_eq!(within(Duration::from_secs(5), || 6 * 7), Ok(42));
    }

    #[test]
    fn work_past_the_budget_is_late_and_the_caller_moves_on() {
        let start = std::time::Instant::now();
        let r = within(Duration::from_millis(50), || std::thread::sleep(Duration::from_secs(2)));
        assert_eq!(r, Err(Overrun::Late(Duration::from_millis(50))));
        assert!(start.elapsed() < Duration::from_secs(1), "waited {:?}", start.elapsed());
        assert!(Overrun::Late(Duration::from_millis(50)).to_string().contains("0.050 s"));
    }

    #[test]
    fn a_panic_is_a_failure_not_a_crash() {
        let r: Result<(), _> = within(Duration::from_secs(5), || panic!("boom"));
        assert_eq!(r, Err(Overrun::Failed));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_the_runtime_the_timers_keep_running_while_it_waits() {
        let timer = tokio::spawn(tokio::time::sleep(Duration::from_millis(10)));
        let r = within(Duration::from_millis(300), || std::thread::sleep(Duration::from_secs(1)));
        assert!(r.is_err());
        assert!(timer.is_finished(), "the timer task ran while the budget was waited");
    }
}
