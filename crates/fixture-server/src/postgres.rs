//! A throwaway PostgreSQL server for tests and benchmarks: Debian's `initdb` into a temporary folder, then
//! `postgres` on a free loopback port, with durability off (fsync, synchronous commit) since the data is
//! thrown away. Run as root (as CI is), the server runs as the unprivileged `postgres` user (or `nobody`),
//! since PostgreSQL refuses to run as root. Stopped and removed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running temporary PostgreSQL server.
#[derive(Debug)]
pub struct TempPostgres {
    child: Child,
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    user: Option<String>,
}

/// The folder of PostgreSQL's server programs: `$PG_BIN`, the newest `/usr/lib/postgresql/*/bin`, or the
/// folder of an `initdb` on the PATH.
pub fn find_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN").map(PathBuf::from) {
        return dir.join("initdb").exists().then_some(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, bin): &(u32, PathBuf)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(PathBuf::from)
        .find(|d| d.join("initdb").exists() && d.join("postgres").exists())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The unprivileged user to run as, when this process is root.
fn run_as() -> Option<String> {
    if !is_root() {
        return None;
    }
    ["postgres", "nobody"]
        .into_iter()
        .find(|u| {
            Command::new("id").arg(u).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
        })
        .map(str::to_string)
}

impl TempPostgres {
    /// Starts a server; the error says what is missing or what failed.
    pub fn start() -> Result<TempPostgres, String> {
        let bin = find_bin().ok_or(
            "PostgreSQL's server programs (initdb, postgres) are not installed: apt-get install -y postgresql",
        )?;
        let user = run_as();
        let dir = std::env::temp_dir().join(format!("trackaudit-pg-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if let Some(user) = &user {
            let status = Command::new("chown").arg("-R").arg(user).arg(&dir).status().map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("chown {user} {} failed", dir.display()));
            }
        }
        let data = dir.join("data");
        let out = command(&bin, "initdb", user.as_deref())
            .args(["-D"])
            .arg(&data)
            .args(["-U", "trackaudit", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"])
            .output()
            .map_err(|e| format!("initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!("initdb failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let port = free_port()?;
        let child = command(&bin, "postgres", user.as_deref())
            .arg("-D")
            .arg(&data)
            .arg("-p")
            .arg(port.to_string())
            .arg("-k")
            .arg(&dir)
            .args(["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("server.log")).map_err(|e| e.to_string())?)
            .spawn()
            .map_err(|e| format!("postgres: {e}"))?;
        let mut pg = TempPostgres { child, dir, bin, port, user };
        pg.wait_ready()?;
        Ok(pg)
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
                return Err(format!("postgres exited ({status}): {log}"));
            }
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "trackaudit"])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("postgres did not accept connections within 60 s".into())
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Creates an empty database called `name`; returns its URL.
    pub fn database(&self, name: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("createdb"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "trackaudit", name])
            .output()
            .map_err(|e| format!("createdb: {e}"))?;
        if !out.status.success() {
            return Err(format!("createdb {name}: {}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(self.url(name))
    }

    /// The URL of database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://trackaudit@127.0.0.1:{}/{name}", self.port)
    }

    /// Runs SQL with psql in database `name`; returns what it printed (unaligned, tuples only).
    pub fn psql(&self, name: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "trackaudit"])
            .args(["-p", &self.port.to_string(), "-d", name, "-c", sql])
            .output()
            .map_err(|e| format!("psql: {e}"))?;
        if !out.status.success() {
            return Err(format!("psql: {}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// The folder holding the data, socket and log.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the server runs as another user (this process is root).
    pub fn runs_as(&self) -> Option<&str> {
        self.user.as_deref()
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        // SIGINT is PostgreSQL's fast shutdown.
        let _ = Command::new("kill").arg("-INT").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn command(bin: &Path, program: &str, user: Option<&str>) -> Command {
    match user {
        Some(user) => {
            // setpriv execs the program itself, so the child is the server (and a signal reaches it).
            let mut c = Command::new("setpriv");
            c.args(["--reuid", user, "--regid", user, "--clear-groups", "--"]).arg(bin.join(program));
            c
        }
        None => Command::new(bin.join(program)),
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    nanos ^ NEXT.fetch_add(1, Ordering::SeqCst)
}

/// Starts a server for a test, or says why not: under `CI=true` a missing PostgreSQL fails the test
/// (`.ci/run` installs it); elsewhere the test is skipped with a message.
/// A server that is installed but fails to start fails the test everywhere.
pub fn for_test() -> Option<TempPostgres> {
    if find_bin().is_none() {
        let why = "PostgreSQL's server programs are not installed (apt-get install -y postgresql)";
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "{why}: .ci/run installs them");
        eprintln!("skipping: {why}");
        return None;
    }
    Some(TempPostgres::start().unwrap_or_else(|e| panic!("a temporary PostgreSQL did not start: {e}")))
}
