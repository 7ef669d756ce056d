//! `trackaudit.toml`: every option of `audit` and `scan` under its flag's name, flags winning over the file,
//! paths relative to the file, and `trackaudit init` writing a commented one. Built folders only: no network.
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use std::path::Path;
use std::process::Output;

use common::trackaudit;
use serde_json::Value;

fn write(root: &Path, rel: &str, body: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

/// A built site of two pages: Google Analytics, Hotjar and an in-house beacon only `fixtures/vendors/overlay.toml`
/// knows; its policy names Google Analytics only.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "index.html",
        "<html><head><title>Shop</title>\
         <script async src=\"https://www.googletagmanager.com/gtag/js?id=G-CONF12345\"></script>\
         <script src=\"https://static.hotjar.com/c/hotjar-3012345.js?sv=6\"></script>\
         <script src=\"https://beacon.acme-metrics.test/b.js\"></script></head>\
         <body><main><p>Shop.</p><a href=\"/about.html\">About us</a></main>\
         <footer><a href=\"/privacy.html\">Privacy Policy</a></footer></body></html>",
    );
    write(dir.path(), "about.html", "<html><body><main><p>About the shop.</p></main></body></html>");
    write(dir.path(), "privacy.html", &policy("Google Analytics"));
    dir
}

/// A privacy policy naming `vendors`.
fn policy(vendors: &str) -> String {
    format!(
        "<html><body><main><h1>Privacy Policy</h1><p>This privacy policy explains which personal data we collect \
         when you visit our website and why we process it. We use {vendors} to measure visits to our pages. You \
         have the right to access, correct and delete your personal data. Contact our data protection officer \
         at privacy@example.test.</p></main></body></html>"
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The JSON report on standard output of a run that exited with 0.
fn json(out: &Output) -> Value {
    json_exiting(out, 0)
}

/// The JSON report on standard output of a run that exited with `code`.
fn json_exiting(out: &Output, code: i32) -> Value {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// The verdict of `vendor`'s finding, as JSON text.
fn verdict(report: &Value, vendor: &str) -> Option<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["vendor"]["id"] == vendor)
        .map(|f| f["verdict"].to_string())
}

/// The template with every `# key = value`, `# [table]` and `# [[accept]]` line uncommented.
fn uncommented(template: &str) -> String {
    let key = |rest: &str| {
        rest.split_once(" = ")
            .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
    };
    template
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.starts_with('[') || key(rest) => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The long flags a command's --help lists (from the lines that introduce an option, not the prose).
fn flags(command: &str) -> Vec<String> {
    let out = trackaudit().args([command, "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let flags: Vec<String> = help
        .lines()
        .filter(|l| l.trim_start().starts_with('-') && l.len() - l.trim_start().len() <= 6)
        .filter_map(|l| l.split([' ', ',']).find_map(|w| w.strip_prefix("--")).map(str::to_string))
        .collect();
    assert!(flags.len() > 20, "{help}");
    flags
}

#[test]
fn init_writes_a_template_naming_every_option_which_audit_accepts_commented_or_not() {
    let work = tempfile::tempdir().unwrap();
    let out = trackaudit().current_dir(work.path()).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = work.path().join("trackaudit.toml");
    assert!(String::from_utf8_lossy(&out.stdout).contains("trackaudit.toml"), "says where it wrote");
    let template = std::fs::read_to_string(&path).unwrap();
    assert!(template.starts_with('#') && template.contains("wins over this file"), "{template}");

    // Every option of audit and scan is in it, but those about one run and not a setting.
    let not_settings = ["config", "write-baseline", "resume", "log", "quiet", "help", "version"];
    for flag in flags("audit").into_iter().chain(flags("scan")).filter(|f| !not_settings.contains(&f.as_str())) {
        assert!(template.contains(&format!("\n# {flag} = ")), "--{flag} is not in the template");
    }

    // All commented, it changes nothing: the same report as without a configuration.
    let dir = site();
    let audit = |cwd: &Path, extra: &[&str]| {
        trackaudit()
            .current_dir(cwd)
            .arg("audit")
            .arg(dir.path())
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap()
    };
    let plain = json(&audit(work.path(), &[]));
    std::fs::remove_file(&path).unwrap();
    let bare = json(&audit(work.path(), &[]));
    assert_eq!(plain["findings"], bare["findings"]);
    assert_eq!(plain["pages"].as_array().unwrap().len(), bare["pages"].as_array().unwrap().len());

    // Every key uncommented: still a valid configuration that audit runs with (its [audit] output is written
    // beside the file, since --format json on the command line only replaces its format).
    let conf = tempfile::tempdir().unwrap();
    let all = uncommented(&template);
    assert!(all.lines().filter(|l| l.contains(" = ") && !l.starts_with('#')).count() >= 38, "{all}");
    assert!(all.contains("\n[[accept]]\n"), "{all}");
    let file = conf.path().join("all.toml");
    std::fs::write(&file, &all).unwrap();
    // The files the template names, beside it: the Global Vendor List (the test GVL).
    std::fs::copy(common::repo_path("fixtures/gvl/vendor-list.json"), conf.path().join("vendor-list.json")).unwrap();
    let out = audit(work.path(), &["--config", file.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
    let report = std::fs::read_to_string(conf.path().join("trackaudit-report.html")).expect("output beside the file");
    let report: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["site"], "example.com", "base-url = \"https://www.example.com/\" took effect");
}

#[test]
fn a_value_in_the_file_takes_effect_and_a_flag_overrides_it() {
    let dir = site();
    let work = tempfile::tempdir().unwrap();
    let audit = |extra: &[&str]| {
        trackaudit().current_dir(work.path()).arg("audit").arg(dir.path()).args(extra).output().unwrap()
    };
    let pages = |r: &Value| r["pages"].as_array().unwrap().len();
    assert!(pages(&json(&audit(&["--format", "json"]))) >= 2, "the site has two pages and a policy");

    write(work.path(), "trackaudit.toml", "max-pages = 1\n\n[audit]\nformat = \"json\"\nfail-on = \"undisclosed\"\n");
    let out = audit(&[]);
    assert_eq!(out.status.code(), Some(1), "fail-on from the file: Hotjar is undisclosed. {}", stderr(&out));
    let from_file: Value = serde_json::from_slice(&out.stdout).expect("format = \"json\" from the file");
    let crawled = |r: &Value| {
        r["pages"].as_array().unwrap().iter().filter(|p| p["url"].as_str().unwrap().ends_with("about.html")).count()
    };
    assert_eq!(crawled(&from_file), 0, "max-pages = 1: only the start page (and the policy): {}", from_file["pages"]);

    // Flags win.
    let out = audit(&["--max-pages", "5", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(serde_json::from_str::<Value>(&text).is_err() && text.contains("Hotjar"), "{text}");
    let flagged = json_exiting(&audit(&["--max-pages", "5", "--format", "json"]), 1);
    assert_eq!(crawled(&flagged), 1, "--max-pages 5 beats max-pages = 1: {}", flagged["pages"]);

    // TRACKAUDIT_ENGINE (set to static by the test helper) counts as given: it beats the file's engine.
    write(work.path(), "trackaudit.toml", "engine = \"chrome\"\n[audit]\nformat = \"json\"\n");
    assert_eq!(json(&audit(&[]))["engine"], "static");
    // Without it, the file's engine beats the default (auto, which always says what it chose).
    write(work.path(), "trackaudit.toml", "engine = \"static\"\n[audit]\nformat = \"json\"\n");
    let out = trackaudit()
        .current_dir(work.path())
        .env_remove("TRACKAUDIT_ENGINE")
        .arg("audit")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("engine: chrome") && !stderr(&out).contains("Chromium was not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_key_or_a_bad_value_is_refused_naming_the_file_line_and_key() {
    let dir = site();
    let work = tempfile::tempdir().unwrap();
    for (text, wants) in [
        ("depth = 2\nmax-pagez = 3\n", &["trackaudit.toml", "line 2", "max-pagez"][..]),
        ("[audit]\nformat = \"jsn\"\n", &["trackaudit.toml", "line 2", "format", "json"]),
        ("consent = 3\n", &["trackaudit.toml", "line 1", "consent"]),
        ("format = \"json\"\n", &["trackaudit.toml", "format", "[audit] or [scan]"]),
        ("[[accept]]\nvendor = \"hotjar\"\nreason = \" \"\n", &["trackaudit.toml", "has no reason"]),
    ] {
        write(work.path(), "trackaudit.toml", text);
        for command in ["audit", "scan"] {
            let out = trackaudit().current_dir(work.path()).arg(command).arg(dir.path()).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{text:?}: {}", stderr(&out));
            for want in wants {
                assert!(stderr(&out).contains(want), "{command} {text:?}: {want:?} not in {}", stderr(&out));
            }
        }
    }
    let out = trackaudit().arg("audit").arg(dir.path()).args(["--config", "no/such.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read no/such.toml"), "{}", stderr(&out));
}

#[test]
fn relative_paths_are_relative_to_the_file_wherever_trackaudit_runs() {
    let dir = site();
    let conf = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    write(conf.path(), "legal/privacy.html", &policy("Google Analytics and Hotjar"));
    std::fs::copy(common::repo_path("fixtures/vendors/overlay.toml"), conf.path().join("our-vendors.toml")).unwrap();
    let audit = |extra: &[&str]| {
        trackaudit()
            .current_dir(elsewhere.path())
            .arg("audit")
            .arg(dir.path())
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap()
    };
    let before = json(&audit(&[]));
    assert_eq!(verdict(&before, "hotjar").as_deref(), Some("\"undisclosed\""));
    assert_eq!(verdict(&before, "acme-beacon"), None);

    write(
        conf.path(),
        "ci/trackaudit.toml",
        "policy = \"../legal/privacy.html\"\nvendors = [\"../our-vendors.toml\"]\n[audit]\noutput = \"../report.json\"\n",
    );
    let out = audit(&["--config", conf.path().join("ci/trackaudit.toml").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let after: Value =
        serde_json::from_str(&std::fs::read_to_string(conf.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(verdict(&after, "hotjar").as_deref(), Some("\"disclosed\""), "the policy in legal/ was read");
    assert!(verdict(&after, "acme-beacon").is_some(), "our-vendors.toml was merged");
    assert!(!elsewhere.path().join("report.json").exists());
}

#[test]
fn scan_reads_its_table_and_the_shared_settings_and_ignores_the_audit_table() {
    let (a, b) = (site(), site());
    let conf = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    write(work.path(), "sites.txt", &format!("{}\n{}\n", a.path().display(), b.path().display()));
    write(
        conf.path(),
        "trackaudit.toml",
        "max-pages = 1\n[audit]\nformat = \"sarif\"\n[scan]\nformat = \"jsonl\"\noutput = \"out/scan.jsonl\"\nfail-on = \"undisclosed\"\nconcurrency = 1\n",
    );
    std::fs::create_dir(conf.path().join("out")).unwrap();
    let out = trackaudit()
        .current_dir(work.path())
        .args(["scan", "sites.txt", "--quiet", "--config"])
        .arg(conf.path().join("trackaudit.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "fail-on from [scan]: {}", stderr(&out));
    let lines = std::fs::read_to_string(conf.path().join("out/scan.jsonl")).expect("[scan] output beside the file");
    let reports: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert!(
            r["pages"].as_array().unwrap().iter().all(|p| !p["url"].as_str().unwrap().ends_with("about.html")),
            "max-pages = 1: {}",
            r["pages"]
        );
    }
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("custom.toml");
    std::fs::write(&path, "max-pages = 3\n").unwrap();
    let out = trackaudit().current_dir(work.path()).args(["init", "custom.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("custom.toml already exists") && stderr(&out).contains("--force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "max-pages = 3\n", "left as it was");
    let out = trackaudit().current_dir(work.path()).args(["init", "--force", "custom.toml"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&path).unwrap().contains("# max-pages = 20"));
    // A folder gets trackaudit.toml inside it.
    std::fs::create_dir(work.path().join("site")).unwrap();
    let out = trackaudit().current_dir(work.path()).args(["init", "site"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(work.path().join("site/trackaudit.toml").is_file());
}

#[test]
fn accepted_vendors_in_a_full_configuration_do_not_fail_the_run() {
    let dir = site();
    let work = tempfile::tempdir().unwrap();
    let audit = || trackaudit().current_dir(work.path()).arg("audit").arg(dir.path()).output().unwrap();
    let settings = "max-pages = 2\n[audit]\nformat = \"json\"\nfail-on = \"undisclosed\"\n";
    write(work.path(), "trackaudit.toml", settings);
    assert_eq!(audit().status.code(), Some(1), "Hotjar is undisclosed");
    write(
        work.path(),
        "trackaudit.toml",
        &format!("{settings}\n[[accept]]\nvendor = \"hotjar\"\nreason = \"DPA signed\"\n"),
    );
    let report = json(&audit());
    let hotjar = report["findings"].as_array().unwrap().iter().find(|f| f["vendor"]["id"] == "hotjar").unwrap();
    assert_eq!(hotjar["accepted"]["reason"], "DPA signed");
}
