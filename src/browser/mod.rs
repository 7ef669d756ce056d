//! The Chromium engine: a pool of headless Chromium processes driven over the DevTools protocol
//! (chromiumoxide), one per worker, each site audited in a fresh browser context (no cookies or cache shared
//! between sites), its pages visited in a few reused tabs.
//!
//! Why these launch flags: cross-site iframes run in their own process under site isolation, and their
//! requests would be invisible to the page's DevTools session, so site isolation is off; third-party cookies
//! are blocked by default in this Chromium, so a fresh profile allows them (what a visitor with default
//! settings of most browsers gets); background networking is off so that only the page's traffic is seen.
//! A Chromium that crashes or stops answering is killed (and reaped) and replaced; its profile is removed.

mod error;
mod forms;
mod har;
mod recorder;
mod session;
mod source;
mod tab;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chromiumoxide::browser::{Browser, BrowserConfig};
use futures::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;

use crate::fetch::{HostRule, Target};
use crate::model::BrowserSettings;
pub(crate) use error::BrowserError;
pub(crate) use session::{SessionEnd, SiteSession};
pub(crate) use source::BrowserSource;

/// How the browser engine behaves.
#[derive(Debug, Clone)]
pub(crate) struct BrowserOptions {
    /// The Chromium executable.
    pub executable: PathBuf,
    /// Workers, timeouts and output folders (their `executable` is not read: the one above is resolved).
    pub settings: BrowserSettings,
    /// `--resolve` / `--connect-to` rules, passed to Chromium as host-resolver rules.
    pub rules: Vec<HostRule>,
    /// Accept invalid TLS certificates.
    pub insecure: bool,
    /// Navigate to non-public addresses from a public site (`--allow-private`).
    pub allow_private: bool,
    /// A user agent to send instead of Chromium's own (with `HeadlessChrome` made `Chrome`).
    pub user_agent: Option<String>,
    /// The `Accept-Language` to send (Chromium's own when empty).
    pub accept_language: String,
    /// The consent managers whose banners are clicked.
    pub consent: Arc<crate::consent::ConsentDb>,
}

impl BrowserOptions {
    /// Options with defaults for `executable`.
    pub(crate) fn new(executable: PathBuf) -> BrowserOptions {
        BrowserOptions {
            executable,
            settings: BrowserSettings::default(),
            rules: Vec::new(),
            insecure: false,
            allow_private: false,
            user_agent: None,
            accept_language: crate::fetch::DEFAULT_ACCEPT_LANGUAGE.to_string(),
            consent: crate::consent::ConsentDb::builtin(),
        }
    }
}

/// Finds Chromium: `$CHROME`, then `chromium`, `chromium-browser`, `google-chrome`, `google-chrome-stable` on
/// the `PATH`.
pub(crate) fn find_chrome() -> Option<PathBuf> {
    if let Some(c) = std::env::var_os("CHROME").filter(|c| !c.is_empty()) {
        let p = PathBuf::from(&c);
        if p.components().count() > 1 {
            return p.is_file().then_some(p);
        }
        return which(Path::new(&c));
    }
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].iter().find_map(|n| which(Path::new(n)))
}

fn which(name: &Path) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Host-resolver rules for Chromium from `--resolve` and `--connect-to` rules (first match wins in both).
pub(crate) fn host_resolver_rules(rules: &[HostRule]) -> String {
    let mut out = Vec::new();
    for r in rules {
        let pattern = match r.port {
            Some(p) => format!("{}:{p}", r.host.as_deref().unwrap_or("*")),
            None => r.host.clone().unwrap_or_else(|| "*".into()),
        };
        let bracket = |h: String| if h.contains(':') && !h.starts_with('[') { format!("[{h}]") } else { h };
        let replacement = match &r.target {
            Target::Addrs(addrs) => match addrs.first() {
                Some(a) => bracket(a.to_string()),
                None => continue,
            },
            Target::HostPort(host, port) => {
                let Some(host) = host.clone().or_else(|| r.host.clone()) else { continue };
                match port {
                    Some(p) => format!("{}:{p}", bracket(host)),
                    None => bracket(host),
                }
            }
        };
        out.push(format!("MAP {pattern} {replacement}"));
    }
    out.join(", ")
}

/// One running Chromium.
struct Instance {
    browser: Arc<Browser>,
    handler: JoinHandle<()>,
    /// Kills this Chromium and removes its profile if trackaudit dies without closing it (SIGKILL).
    _watchdog: Option<Watchdog>,
    /// The profile folder, removed when dropped (after the process is gone).
    profile: tempfile::TempDir,
}

/// What the watchdog runs, as `sh -c WATCHDOG sh PARENT PROFILE`: every second it checks that its parent is
/// still trackaudit (a killed parent's children are re-parented, even while the dead parent is a zombie); once
/// not, it kills every process whose command line names the profile (Chromium and its helpers, never itself)
/// and removes the profile. Only `sh`, `tr`, `sleep`, `kill` and `rm`: no `unsafe` in trackaudit, nothing
/// beyond a base system.
const WATCHDOG: &str = r#"parent=$1 profile=$2
ppid() { set -- $(tr -d '()' < /proc/$$/stat 2>/dev/null); echo "$4"; }
while [ "$(ppid)" = "$parent" ]; do sleep 1; done
for p in /proc/[0-9]*; do
  pid=${p#/proc/}
  [ "$pid" = "$$" ] && continue
  case "$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" in *"$profile"*) kill -9 "$pid" 2>/dev/null;; esac
done
sleep 1
rm -rf -- "$profile""#;

/// The watchdog process of one Chromium; stopped (and reaped) when dropped, as the browser closes normally.
struct Watchdog(std::process::Child);

impl Watchdog {
    /// Starts the watchdog of the Chromium using `profile`; `None` when `sh` cannot be started (the browser
    /// still works; only a SIGKILL of trackaudit would leave it behind).
    fn start(profile: &Path) -> Option<Watchdog> {
        std::process::Command::new("sh")
            .args(["-c", WATCHDOG, "sh", &std::process::id().to_string()])
            .arg(profile)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()
            .map(Watchdog)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Instance {
    async fn launch(opts: &BrowserOptions, pool: u64) -> Result<Instance, BrowserError> {
        let profile = tempfile::Builder::new()
            .prefix("trackaudit-chrome-")
            .tempdir()
            .map_err(|source| BrowserError::Profile { what: "create a Chromium profile folder", source })?;
        PROFILES.lock().expect("profiles lock").push((pool, profile.path().to_path_buf()));
        let prefs = profile.path().join("Default");
        std::fs::create_dir_all(&prefs)
            .and_then(|()| {
                std::fs::write(
                    prefs.join("Preferences"),
                    r#"{"profile":{"cookie_controls_mode":0,"block_third_party_cookies":false}}"#,
                )
            })
            .map_err(|source| BrowserError::Profile { what: "write the Chromium profile", source })?;
        // Chromium's own temporary files (shared memory, sockets) go inside the profile, which is removed
        // however Chromium ended.
        let tmp = profile.path().join("tmp");
        std::fs::create_dir_all(&tmp)
            .map_err(|source| BrowserError::Profile { what: "create a Chromium temp folder", source })?;
        let mut config = BrowserConfig::builder()
            .chrome_executable(&opts.executable)
            .env("TMPDIR", tmp.display().to_string())
            .user_data_dir(profile.path())
            .launch_timeout(Duration::from_secs(30))
            .request_timeout(opts.settings.page_timeout + Duration::from_secs(5))
            .window_size(1280, 900)
            .viewport(None)
            // Flags without leading dashes: chromiumoxide adds them (with dashes they are ignored).
            .arg("disable-component-update")
            .arg("disable-quic")
            .arg("disable-gpu")
            // WebGL in software (SwiftShader), as a browser with a GPU has it: without it `getContext("webgl")`
            // is null and a fingerprinting script's WebGL reads are never seen.
            .arg("enable-unsafe-swiftshader")
            .arg("disable-site-isolation-trials")
            .arg(("disable-features", "IsolateOrigins,site-per-process,NetworkTimeServiceQuerying"))
            .arg("no-default-browser-check")
            .arg("mute-audio")
            .arg("deny-permission-prompts");
        if is_root() {
            config = config.no_sandbox();
        }
        if !opts.insecure {
            config = config.respect_https_errors();
        }
        let rules = host_resolver_rules(&opts.rules);
        if !rules.is_empty() {
            config = config.arg(("host-resolver-rules", rules.as_str()));
        }
        let config = config.build().map_err(BrowserError::Config)?;
        let (browser, mut handler) = Browser::launch(config)
            .await
            .map_err(|source| BrowserError::Launch { executable: opts.executable.clone(), source })?;
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let watchdog = Watchdog::start(profile.path());
        Ok(Instance { browser: Arc::new(browser), handler, _watchdog: watchdog, profile })
    }

    /// Closes the browser (kills it when it does not close in time) and waits for it, then removes the profile.
    async fn shut(self, graceful: bool) {
        let Instance { browser, handler, _watchdog: watchdog, profile } = self;
        // A site's session may still hold the browser for a moment (a dropped site is torn down in no set
        // order): wait for it, so that the profile is removed only after the process has exited.
        for _ in 0..50 {
            if Arc::strong_count(&browser) == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        match Arc::try_unwrap(browser) {
            Ok(mut browser) => {
                let closed = graceful
                    && tokio::time::timeout(Duration::from_secs(5), async {
                        browser.close().await.is_ok() && browser.wait().await.is_ok()
                    })
                    .await
                    .unwrap_or(false);
                if !closed {
                    // `kill` waits for the process, so it leaves no zombie.
                    let _ = browser.kill().await;
                }
            }
            // A session still holds it: dropping the last handle kills the process (kill-on-drop) and tokio
            // reaps it.
            Err(shared) => drop(shared),
        }
        handler.abort();
        // The watchdog names the profile on its command line too: it goes first, so the wait below is for
        // Chromium's processes only.
        drop(watchdog);
        // Chromium's helper processes (network service, zygote) outlive the main one for a moment and may
        // still write into the profile: it is removed once they are gone.
        let path = profile.keep();
        remove_profile(&path).await;
    }
}

/// Every profile folder this process created and has not removed yet, with its pool. A launch abandoned
/// half-way (a signal stops the scan while a Chromium starts) drops its folder while that Chromium may still
/// recreate it: [`BrowserPool::shutdown`] sweeps what is left of its own.
static PROFILES: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());

/// Numbers the pools of this process.
static POOLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Removes a profile folder once no process uses it (killing stragglers), retrying while a helper that
/// inherited TMPDIR, and names no profile on its command line, still writes into it.
async fn remove_profile(path: &Path) {
    let needle = path.display().to_string();
    for i in 0..100 {
        let pids = processes_using(&needle);
        if !pids.is_empty() && i >= 40 {
            let _ = std::process::Command::new("kill").arg("-KILL").args(&pids).status();
        }
        if pids.is_empty() && (!path.exists() || std::fs::remove_dir_all(path).is_ok()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    PROFILES.lock().expect("profiles lock").retain(|(_, p)| p != path);
}

/// Removes the profile folders of `pool`'s launches that were abandoned.
async fn sweep_profiles(pool: u64) {
    let left: Vec<PathBuf> =
        PROFILES.lock().expect("profiles lock").iter().filter(|(id, _)| *id == pool).map(|(_, p)| p.clone()).collect();
    for path in left {
        remove_profile(&path).await;
    }
}

/// Processes whose command line mentions `needle` (a profile folder), from `/proc`.
fn processes_using(needle: &str) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().filter(|n| n.bytes().all(|b| b.is_ascii_digit())).map(str::to_string))
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| String::from_utf8_lossy(&c).contains(needle))
        })
        .collect()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// Chromium processes shared by the sites of an audit or scan.
pub(crate) struct BrowserPool {
    opts: Arc<BrowserOptions>,
    idle: Mutex<Vec<Instance>>,
    permits: Arc<Semaphore>,
    closing: Mutex<Vec<JoinHandle<()>>>,
    workers: usize,
    /// This pool's number, for its profiles in [`PROFILES`].
    id: u64,
}

impl std::fmt::Debug for BrowserPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrowserPool").field("opts", &self.opts).finish_non_exhaustive()
    }
}

impl BrowserPool {
    /// A pool of at most `opts.settings.workers` Chromium processes, started when first needed.
    pub(crate) fn new(opts: BrowserOptions) -> Arc<BrowserPool> {
        let workers = opts.settings.workers.max(1);
        Arc::new(BrowserPool {
            opts: Arc::new(opts),
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(workers)),
            closing: Mutex::new(Vec::new()),
            workers,
            id: POOLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Chromium processes at most.
    pub(crate) fn workers(&self) -> usize {
        self.workers
    }

    /// Waits for a free worker and hands out its browser, starting one when needed.
    pub(crate) async fn lease(self: &Arc<Self>) -> Result<Lease, BrowserError> {
        let permit = Arc::clone(&self.permits).acquire_owned().await.map_err(|_| BrowserError::PoolClosed)?;
        let idle = self.idle.lock().expect("pool lock").pop();
        let instance = match idle {
            Some(i) => i,
            None => Instance::launch(&self.opts, self.id).await?,
        };
        Ok(Lease { pool: Arc::clone(self), instance: Some(instance), healthy: true, _permit: permit })
    }

    /// Closes every browser and waits until each is gone and its profile removed.
    pub(crate) async fn shutdown(&self) {
        self.permits.close();
        // Sites dropped mid-page (Ctrl-C, a site timeout) hand their browser back as their tasks unwind: wait
        // until every lease has ended, so that each browser is awaited below.
        for _ in 0..150 {
            if self.permits.available_permits() >= self.workers {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let idle: Vec<Instance> = std::mem::take(&mut *self.idle.lock().expect("pool lock"));
        for i in idle {
            i.shut(true).await;
        }
        let closing: Vec<JoinHandle<()>> = std::mem::take(&mut *self.closing.lock().expect("pool lock"));
        for c in closing {
            let _ = c.await;
        }
        sweep_profiles(self.id).await;
    }
}

/// A browser lent to one site. Dropped healthy, it goes back to the pool; marked broken (or dropped while
/// a site timed out), it is killed and replaced by a fresh one for the next site.
pub(crate) struct Lease {
    pool: Arc<BrowserPool>,
    instance: Option<Instance>,
    healthy: bool,
    _permit: OwnedSemaphorePermit,
}

impl Lease {
    /// The browser.
    pub(crate) fn browser(&self) -> Arc<Browser> {
        Arc::clone(&self.instance.as_ref().expect("lease holds an instance").browser)
    }

    /// The options.
    pub(crate) fn options(&self) -> Arc<BrowserOptions> {
        Arc::clone(&self.pool.opts)
    }

    /// Marks the browser as crashed or hung: it is killed when the lease ends.
    pub(crate) fn mark_broken(&mut self) {
        self.healthy = false;
    }

    /// Ends the lease: a healthy browser goes back to the pool, a broken one is killed and awaited.
    pub(crate) async fn release(mut self) {
        if let Some(i) = self.instance.take() {
            if self.healthy {
                self.pool.idle.lock().expect("pool lock").push(i);
            } else {
                i.shut(false).await;
            }
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // Dropped without `release` (the site's time ran out mid-page): the browser's state is unknown.
        if let Some(i) = self.instance.take() {
            match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    let h = rt.spawn(i.shut(false));
                    self.pool.closing.lock().expect("pool lock").push(h);
                }
                Err(_) => drop(i),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_style_rules_become_host_resolver_rules_in_order() {
        let rules = vec![
            HostRule::parse_connect_to("www.a.test:80:127.0.0.1:9000").unwrap(),
            HostRule::parse_connect_to(":443:127.0.0.1:8443").unwrap(),
            HostRule::parse_resolve("www.b.test:443:[::1]").unwrap(),
            HostRule::parse_connect_to("www.c.test::staging.c.test:").unwrap(),
        ];
        assert_eq!(
            host_resolver_rules(&rules),
            "MAP www.a.test:80 127.0.0.1:9000, MAP *:443 127.0.0.1:8443, MAP www.b.test:443 [::1], \
             MAP www.c.test staging.c.test"
        );
    }
}
