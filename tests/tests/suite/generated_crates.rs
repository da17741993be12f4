//! Every generated crate compiles without warnings: each fixture's (the customization fixture's
//! overlay and overrides included), and the whole of the vendored Intercom 2.14 spec (every
//! operation and schema; the whole 2.16 is the committed `intercom` crate, which the workspace
//! builds and tests). Then their tests run:
//! unit tests, among them each crate's `spec_examples` test (every example of the fixtures and
//! of the whole 2.14 spec round-trips through the generated types, or is a reviewed known
//! mismatch, `openapi/example-mismatches-2.14.toml`), the integration tests of
//! `tests/fixtures/crate-tests/` (the bytes a crate sends, how it decodes), and the doctests of
//! their docs.
//!
//! The crates are generated into `target/fixture-crates/` as members of one throwaway workspace
//! that shares this workspace's `Cargo.lock`, and checked with one `cargo check` (`check`, not
//! `build`: CI has two cores) in a target directory of its own, so it never waits on the lock
//! of the `cargo test` running it.

use codegen_tests::{
    cargo_in_workspace, customization_config, fixture_config, fixtures, generate, project_root,
    whole_spec_config,
};
use std::path::Path;

use generator::{Config, Mode};

#[test]
fn generated_crates_compile_without_warnings_and_pass_their_tests() {
    let root = project_root();
    let workspace = root.join("target/fixture-crates");
    let configs: Vec<Config> = fixtures()
        .iter()
        .map(|fixture| fixture_config(fixture))
        .chain([whole_spec_config("openapi/intercom-2.14.yaml")])
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
    add_crate_tests(&root, &workspace);
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
        &["test", "--workspace", "--quiet", "--", "--nocapture"],
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
        stdout.contains("1539 spec examples round-trip; 71 known mismatches"),
        "the whole 2.14 spec's example count changed:\n{stdout}"
    );
}

/// Copies `tests/fixtures/crate-tests/<fixture>.rs` into the tests of that fixture's crate, with
/// the loopback server they share: what a fixture's crate does at run time (the bytes it sends,
/// how it decodes) beyond what its own unit tests check.
fn add_crate_tests(root: &Path, workspace: &Path) {
    let sources = root.join("tests/fixtures/crate-tests");
    let server = std::fs::read_to_string(sources.join("server.rs")).expect("the test server");
    let entries = std::fs::read_dir(&sources).expect("the crate tests");
    for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .to_owned();
        if stem == "server" {
            continue;
        }
        let tests = workspace.join(&stem).join("tests");
        std::fs::create_dir_all(&tests).expect("a tests folder");
        let test = std::fs::read_to_string(&path).expect("the test");
        if test.contains("mod server;") {
            std::fs::create_dir_all(tests.join("server")).expect("a server folder");
            std::fs::write(tests.join("server/mod.rs"), &server).expect("write the server");
        }
        std::fs::write(tests.join(format!("{stem}.rs")), test).expect("write the test");
    }
}

/// A crate has the credential setters of its API's security schemes and no other: a bearer
/// crate has no `basic_auth` (which its client would ignore), an HTTP Basic crate no `token`,
/// and a crate of several schemes a setter named after each.
#[test]
fn a_crate_sets_only_the_credentials_its_api_takes() {
    let setters = |fixture: &str| {
        let generation = generate(&fixture_config(Path::new(fixture)));
        let credentials = generation
            .files
            .iter()
            .find(|file| file.path == "src/credentials.rs")
            .expect("a credentials.rs");
        credentials
            .contents
            .split("pub fn ")
            .skip(1)
            .filter_map(|rest| rest.split_once('(').map(|(name, _)| name.to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(setters("tests/fixtures/auth_basic.yaml"), ["basic_auth"]);
    assert_eq!(setters("tests/fixtures/auth_api_key.yaml"), ["token"]);
    assert_eq!(setters("tests/fixtures/parameters.yaml"), ["token"]);
    assert_eq!(
        setters("tests/fixtures/auth_several.yaml"),
        [
            "bearer_auth",
            "api_key",
            "query_key",
            "session_cookie",
            "basic_auth"
        ]
    );
    let bearer = project_root().join("generated-client/intercom-custom-channels/src");
    let every_file: String = std::fs::read_dir(&bearer)
        .expect("the committed crate")
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .collect();
    assert!(
        !every_file.contains("fn basic_auth("),
        "a bearer crate with `basic_auth`"
    );
}
