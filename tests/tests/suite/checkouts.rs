//! `cargo xtask` works on the checkout it runs in, even when another checkout built it.
//!
//! Two copies of the project share one target directory, as tools and `CARGO_TARGET_DIR` make
//! clones do. xtask is built in the first; then `cargo xtask codegen` runs in the second, whose
//! spec was edited after that build. Cargo reuses the first copy's binary (a path package's
//! build hash is taken relative to its workspace, and the second copy's sources are older than
//! the build), so a binary that found the project with `env!("CARGO_MANIFEST_DIR")` checked and
//! rewrote the first copy. It must read the second copy's spec and write the second copy's
//! crate, and leave the first alone.

use std::path::Path;
use std::process::Output;

use codegen_tests::{cargo, project_root};

/// What a checkout needs for `cargo xtask codegen`: the workspace and its members' manifests.
const PROJECT_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    ".cargo",
    "cli",
    "generator",
    "generated-client",
    "xtask",
    "openapi",
    "tests/Cargo.toml",
    "tests/src",
    "tests/benches",
];

#[test]
fn xtask_regenerates_the_checkout_it_runs_in_not_the_one_that_built_it() {
    let scratch = project_root().join("target/checkouts");
    let _ = std::fs::remove_dir_all(scratch.join("first"));
    let _ = std::fs::remove_dir_all(scratch.join("second"));
    let (first, second) = (scratch.join("first"), scratch.join("second"));
    for checkout in [&first, &second] {
        for path in PROJECT_FILES {
            copy(&project_root().join(path), &checkout.join(path));
        }
    }
    let shared_target = scratch.join("target");
    let built = run(
        &first,
        &shared_target,
        &["build", "--quiet", "--package", "xtask"],
    );
    assert!(built.status.success(), "{}", text(&built.stderr));

    let spec = second.join("openapi/intercom-2.14.yaml");
    let mut edited = std::fs::read_to_string(&spec).expect("the copied spec");
    edited.push_str("# edited in the second checkout\n");
    std::fs::write(&spec, edited).expect("edit the spec");
    let codegen = |args: &[&str]| {
        let mut all = vec!["run", "--quiet", "--package", "xtask", "--", "codegen"];
        all.extend_from_slice(args);
        run(&second, &shared_target, &all)
    };

    let check = codegen(&["--check"]);
    let report = text(&check.stderr);
    assert!(
        !check.status.success() && report.contains(&second.display().to_string()),
        "`codegen --check` in the second checkout did not find its own client stale:\n{report}"
    );
    // The spec changed in place, so there is no earlier file to weigh the change against:
    // regenerating takes the maintainer's word that the crate's version says what it means.
    let written = codegen(&["--allow-breaking"]);
    assert!(written.status.success(), "{}", text(&written.stderr));
    // The manifest pins the spec's hash.
    let pinned = |checkout: &Path| {
        std::fs::read_to_string(
            checkout.join("generated-client/intercom-custom-channels/Cargo.toml"),
        )
        .expect("the generated manifest")
        .lines()
        .find(|line| line.starts_with("sha256 = "))
        .map(str::to_owned)
        .unwrap_or_default()
    };
    assert_ne!(
        pinned(&second),
        pinned(&first),
        "the second checkout's client was not regenerated from its edited spec"
    );
    assert_eq!(
        pinned(&first),
        pinned(&project_root()),
        "the first checkout's client was touched"
    );
}

/// `cargo <args>` in `checkout` with the shared target directory, as a user would run it.
fn run(checkout: &Path, target: &Path, args: &[&str]) -> Output {
    cargo()
        .args(args)
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("run cargo")
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create a directory");
        let entries = std::fs::read_dir(from).expect("list a directory");
        for entry in entries.filter_map(|entry| entry.ok()) {
            let name = entry.file_name();
            if name != "target" && name != "node_modules" {
                copy(&entry.path(), &to.join(name));
            }
        }
    } else {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).expect("create a directory");
        }
        std::fs::copy(from, to).unwrap_or_else(|error| panic!("{}: {error}", from.display()));
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
