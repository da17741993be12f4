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
    cargo_in_workspace, customization_config, fixture_config, fixtures, generate, project_root,
    whole_spec_config, INTERCOM_SPECS,
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
        .chain([customization_config()])
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
    // Values of alternatives the spec does not list yet decode into the unions' catch-alls.
    let unions_tests = workspace.join("unions/tests");
    std::fs::create_dir_all(&unions_tests).expect("a tests folder");
    std::fs::write(
        unions_tests.join("forward_compatibility.rs"),
        FORWARD_COMPATIBILITY,
    )
    .expect("write the test");
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
            "--tests",
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
        stdout.contains("1540 spec examples round-trip; 71 known mismatches"),
        "the whole 2.14 spec's example count changed:\n{stdout}"
    );
}

/// An integration test of the unions fixture's crate, written beside it: a later API version's
/// alternatives and tags decode into `Unknown`, keep their JSON, and encode back unchanged.
const FORWARD_COMPATIBILITY: &str = r#"
use fixture_unions::types;
use serde_json::json;

fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(value: serde_json::Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value);
    decoded
}

#[test]
fn values_of_alternatives_added_later_decode_into_unknown() {
    let parrot = json!({"kind": "parrot", "wings": 2});
    assert!(matches!(decode::<types::Pet>(parrot.clone()), types::Pet::Unknown(v) if v == parrot));
    let untagged = json!({"year": 2026});
    assert!(matches!(decode::<types::Datetime>(untagged), types::Datetime::Unknown(_)));
    let phone = json!({"phone": "+1 555 0100"});
    assert!(matches!(decode::<types::Customer>(phone), types::Customer::Unknown(_)));
    // Known alternatives still land in their variants.
    let cat = json!({"kind": "kitty", "name": "Tom"});
    assert!(matches!(decode::<types::Pet>(cat), types::Pet::Cat(_)));
}
"#;
