//! Every generated crate compiles without warnings: each fixture's (the customization fixture's
//! overlay and overrides included), and the whole of each
//! vendored Intercom spec (2.13, 2.14, 2.15: every operation and schema). Then their unit tests
//! run, among them each crate's `spec_examples` test: every example of the fixtures and of the
//! whole 2.14 spec round-trips through the generated types, or is a reviewed known mismatch
//! (`openapi/example-mismatches-2.14.toml`). The whole 2.13 and 2.15 crates are only checked.
//!
//! The crates are generated into `target/fixture-crates/` as members of one throwaway workspace
//! that shares this workspace's `Cargo.lock`, and checked with one `cargo check` (`check`, not
//! `build`: CI has two cores) in a target directory of its own, so it never waits on the lock
//! of the `cargo test` running it.

use codegen_tests::{
    cargo_in_workspace, fixture_config, fixtures, generate, project_root, whole_spec_config,
    INTERCOM_SPECS,
};
use generator::{Config, Mode};

#[test]
fn generated_crates_compile_without_warnings_and_pass_their_tests() {
    let root = project_root();
    let workspace = root.join("target/fixture-crates");
    let configs: Vec<Config> = fixtures()
        .iter()
        .map(|fixture| fixture_config(fixture))
        .chain(INTERCOM_SPECS.iter().map(|spec| whole_spec_config(spec)))
        .chain([
            Config::from_file(&root.join("tests/fixtures/customization/codegen.toml"))
                .unwrap_or_else(|error| panic!("{error}")),
        ])
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
        members.push(member.display().to_string());
    }
    let output = cargo_in_workspace(
        &workspace,
        &members,
        &["check", "--workspace", "--all-targets", "--quiet"],
    );
    assert!(
        output.status.success(),
        "the generated crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = cargo_in_workspace(
        &workspace,
        &members,
        &[
            "test",
            "--workspace",
            "--lib",
            "--quiet",
            "--exclude",
            "intercom-full-2-13",
            "--exclude",
            "intercom-full-2-15",
            "--",
            "--nocapture",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the generated crates' tests fail:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // What the spec_examples tests counted, for the log: "N spec examples round-trip; …".
    for line in stdout
        .lines()
        .filter(|line| line.contains("spec examples round-trip"))
    {
        println!("{line}");
    }
    assert!(
        stdout.contains("1510 spec examples round-trip; 71 known mismatches"),
        "the whole 2.14 spec's example count changed:\n{stdout}"
    );
}
