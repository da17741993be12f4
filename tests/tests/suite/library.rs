//! The generator as a library, used from another repository: `examples/in-your-repository/`
//! is a workspace of its own whose `cargo xtask codegen` calls `generator::generate` and
//! `generator::write`. The test runs it there, checks the crate it writes, and checks that
//! `--check` finds it fresh.

use std::path::Path;
use std::process::Output;

use codegen_tests::{cargo, project_root};

fn cargo_in(dir: &Path, args: &[&str]) -> Output {
    cargo()
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            project_root().join("target/fixture-check"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo")
}

#[test]
fn another_repository_generates_its_client_with_the_library() {
    let example = project_root().join("examples/in-your-repository");
    let _ = std::fs::remove_dir_all(example.join("petstore-client"));
    let generated = cargo_in(&example, &["xtask", "codegen"]);
    let stderr = String::from_utf8_lossy(&generated.stderr);
    assert!(generated.status.success(), "{stderr}");
    assert!(stderr.contains("4 operations, 6 types"), "{stderr}");

    let checked = cargo_in(
        &example,
        &[
            "check",
            "--quiet",
            "--manifest-path",
            "petstore-client/Cargo.toml",
        ],
    );
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let fresh = cargo_in(&example, &["xtask", "codegen", "--check"]);
    assert!(
        fresh.status.success(),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
}
