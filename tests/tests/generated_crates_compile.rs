//! Every generated crate compiles without warnings: each fixture's, and the whole of each
//! vendored Intercom spec (2.13, 2.14, 2.15: every operation and schema).
//!
//! The crates are generated into `target/fixture-crates/` as members of one throwaway workspace
//! that shares this workspace's `Cargo.lock`, and checked with one `cargo check` (`check`, not
//! `build`: CI has two cores) in a target directory of its own, so it never waits on the lock
//! of the `cargo test` running it.

use std::process::Command;

use codegen_tests::{
    fixture_config, fixtures, generate, project_root, whole_spec_config, INTERCOM_SPECS,
};
use generator::{Config, Mode};

#[test]
fn every_generated_crate_compiles_without_warnings() {
    let root = project_root();
    let workspace = root.join("target/fixture-crates");
    let configs: Vec<Config> = fixtures()
        .iter()
        .map(|fixture| fixture_config(fixture))
        .chain(INTERCOM_SPECS.iter().map(|spec| whole_spec_config(spec)))
        .collect();
    let mut members = Vec::new();
    for config in &configs {
        let generation = generate(config);
        generator::write(&root.join(&config.output), &generation.files, Mode::Write)
            .unwrap_or_else(|error| panic!("{error}"));
        let member = config
            .output
            .strip_prefix("target/fixture-crates")
            .expect("under the workspace");
        members.push(format!("{:?}", member.display().to_string()));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("write the workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .expect("share the lock file");

    let output = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--all-targets", "--quiet"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo check");
    assert!(
        output.status.success(),
        "the generated crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
