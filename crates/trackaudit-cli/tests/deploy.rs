//! `deploy/`: the Kubernetes manifest parses as YAML and runs the `trackaudit` binary's `worker` with flags it
//! has, and the Dockerfile builds and starts that binary. (Images cannot be built here; this is their lint.)
#![allow(unused_crate_dependencies)] // each test and bench target is linked with every dev-dependency

mod common;

use serde::Deserialize;
use serde_yaml_ng::Value;

fn flags_of(subcommand: &str) -> String {
    let out = common::trackaudit().args([subcommand, "--help"]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_manifest_runs_worker_with_flags_it_has_and_a_grace_period_longer_than_a_site() {
    let text = std::fs::read_to_string(common::repo_path("deploy/workers.yaml")).unwrap();
    let help = flags_of("worker");
    let mut containers = 0;
    for doc in serde_yaml_ng::Deserializer::from_str(&text) {
        let doc = Value::deserialize(doc).expect("each document is YAML");
        let kind = doc["kind"].as_str().expect("each document has a kind");
        let Some(spec) = doc["spec"]["template"]["spec"].as_mapping() else { continue };
        let grace = spec.get("terminationGracePeriodSeconds").and_then(Value::as_u64).unwrap_or(30);
        for c in doc["spec"]["template"]["spec"]["containers"].as_sequence().unwrap() {
            containers += 1;
            let args: Vec<&str> = c["args"].as_sequence().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
            assert_eq!(args[0], "worker", "{kind}");
            for flag in args.iter().filter(|a| a.starts_with("--")) {
                assert!(
                    help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}\n")),
                    "{kind}: {flag} is not a worker flag"
                );
            }
            let timeout =
                args.iter().position(|a| *a == "--site-timeout").map_or(300, |i| args[i + 1].parse().unwrap());
            assert!(grace > timeout, "{kind}: the grace period ({grace}s) must outlast a site ({timeout}s)");
            let env = c["env"].as_sequence().unwrap();
            assert!(env.iter().any(|e| e["name"] == "TRACKAUDIT_DB"), "{kind}: the database comes from TRACKAUDIT_DB");
            if let Some(probe) = c["livenessProbe"]["exec"]["command"].as_sequence() {
                let script = probe.last().unwrap().as_str().unwrap();
                let heartbeat = args[args.iter().position(|a| *a == "--heartbeat").unwrap() + 1];
                assert!(script.contains(heartbeat), "the probe reads the file the worker writes");
            }
        }
    }
    assert_eq!(containers, 2, "the Deployment and the Job");
    assert!(help.contains("TRACKAUDIT_DB"), "--db reads the environment variable the manifest sets");
}

#[test]
fn the_dockerfile_builds_the_cli_crate_and_starts_its_binary() {
    let text = std::fs::read_to_string(common::repo_path("deploy/Dockerfile")).unwrap();
    assert!(text.contains("cargo build --release --locked -p trackaudit-cli"));
    assert!(text.contains("COPY --from=build /src/target/release/trackaudit /usr/local/bin/trackaudit"));
    assert!(text.contains(r#"ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/trackaudit"]"#));
    // The build image's Rust is at least the workspace's rust-version.
    let manifest = std::fs::read_to_string(common::repo_path("Cargo.toml")).unwrap();
    let needed = manifest.lines().find_map(|l| l.strip_prefix("rust-version = ")).unwrap().trim_matches('"');
    let image = text.lines().find_map(|l| l.strip_prefix("FROM rust:")).unwrap();
    let version = image.split('-').next().unwrap();
    let parse = |v: &str| v.split('.').map(|p| p.parse::<u32>().unwrap()).collect::<Vec<_>>();
    assert!(parse(version) >= parse(needed), "rust:{version} is older than rust-version {needed}");
}
