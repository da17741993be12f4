//! Regenerating a committed crate from another spec says what that does to the crate's semver
//! (api-diff's verdict), and refuses a breaking change that the configured version does not
//! reflect, naming the version it should have.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/fixtures/diff/{name}.yaml"))
}

/// A project of its own: two versions of a spec and a config that names one.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "openapi-client-codegen-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    std::fs::copy(fixture("base"), dir.join("v1.yaml")).expect("the old spec");
    // A new required parameter: a new argument of `create_note`, so a breaking change.
    std::fs::copy(fixture("parameter_added_required"), dir.join("v2.yaml")).expect("the new spec");
    dir
}

fn configure(dir: &Path, spec: &str, version: &str) {
    let config = format!(
        "[[crates]]\nname = \"notes-client\"\nversion = \"{version}\"\nspec = \"{spec}\"\noutput = \"notes-client\"\n\n[crates.selection]\nall = true\n"
    );
    std::fs::write(dir.join("codegen.toml"), config).expect("the config");
}

fn run(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-client-codegen"))
        .args(["--config", "codegen.toml"])
        .args(extra)
        .current_dir(dir)
        .output()
        .expect("run the binary")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_breaking_regeneration_needs_a_version_that_says_so() {
    let dir = project("release");
    configure(&dir, "v1.yaml", "0.1.0");
    let first = run(&dir, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let committed =
        std::fs::read_to_string(dir.join("notes-client/src/client.rs")).expect("client.rs");

    configure(&dir, "v2.yaml", "0.1.0");
    let refused = run(&dir, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("notes-client: regenerated from v2.yaml instead of v1.yaml: a major (breaking) change of the crate's API (1 change; `cargo xtask api-diff` lists them)"),
        "{message}"
    );
    assert!(
        message.contains("error: notes-client: the change breaks the crate's users, but its version 0.1.0 does not say so: it should be 0.2.0+api.1 (set `version = \"0.2.0\"` for it in the config), or pass --allow-breaking for a deliberate break; nothing was written"),
        "{message}"
    );
    let unchanged =
        std::fs::read_to_string(dir.join("notes-client/src/client.rs")).expect("client.rs");
    assert_eq!(unchanged, committed, "nothing was written");

    // The version the verdict names is accepted, as is the flag.
    configure(&dir, "v2.yaml", "0.2.0");
    let bumped = run(&dir, &[]);
    assert!(bumped.status.success(), "{}", stderr(&bumped));
    let manifest =
        std::fs::read_to_string(dir.join("notes-client/Cargo.toml")).expect("the manifest");
    assert!(manifest.contains("version = \"0.2.0+api.1\""), "{manifest}");

    configure(&dir, "v1.yaml", "0.2.0");
    let forced = run(&dir, &["--allow-breaking"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_additive_regeneration_says_so_and_writes() {
    let dir = project("additive");
    std::fs::copy(fixture("operation_added"), dir.join("v2.yaml")).expect("an additive change");
    configure(&dir, "v1.yaml", "0.1.0");
    assert!(run(&dir, &[]).status.success());
    configure(&dir, "v2.yaml", "0.1.0");
    let output = run(&dir, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("a minor change of the crate's API"),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_changed_in_place_is_written_only_when_the_maintainer_says_so() {
    let dir = project("in-place");
    configure(&dir, "v1.yaml", "0.1.0");
    assert!(run(&dir, &[]).status.success());
    let committed =
        std::fs::read_to_string(dir.join("notes-client/Cargo.toml")).expect("the manifest");
    std::fs::copy(dir.join("v2.yaml"), dir.join("v1.yaml")).expect("a spec changed in place");

    let refused = run(&dir, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("notes-client: the crate was generated from v1.yaml with sha256 ")
            && message.contains(", which has changed since: restore it to compare the regeneration with the crate (its semver impact), or pass --allow-breaking to write it unweighed; nothing was written"),
        "{message}"
    );
    let unchanged =
        std::fs::read_to_string(dir.join("notes-client/Cargo.toml")).expect("the manifest");
    assert_eq!(unchanged, committed, "nothing was written");

    let forced = run(&dir, &["--allow-breaking"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        stderr(&forced).contains("written without weighing its semver impact"),
        "{}",
        stderr(&forced)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
