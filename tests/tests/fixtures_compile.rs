//! Every fixture's generated crate compiles without warnings.
//!
//! The fixtures are generated into `target/fixture-crates/` as members of one throwaway
//! workspace that shares this workspace's `Cargo.lock`, and checked with one `cargo check` (a
//! target directory of its own, so it never waits on the lock of the `cargo test` running it).

use std::process::Command;

use codegen_tests::{fixture_config, fixtures, generate, project_root};
use generator::Mode;

#[test]
fn every_fixture_crate_compiles_without_warnings() {
    let root = project_root();
    let workspace = root.join("target/fixture-crates");
    let mut members = Vec::new();
    for fixture in fixtures() {
        let config = fixture_config(&fixture);
        let generation = generate(&config);
        generator::write(&root.join(&config.output), &generation.files, Mode::Write)
            .unwrap_or_else(|error| panic!("{error}"));
        let member = config
            .output
            .file_name()
            .and_then(|n| n.to_str())
            .expect("fixture output has a name")
            .to_owned();
        members.push(format!("{member:?}"));
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
        "the generated fixture crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
