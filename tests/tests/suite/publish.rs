//! A generated crate can be published: `cargo publish --dry-run` packages it (its README, its
//! metadata from `openapi/codegen.toml`) and builds the package on its own, outside this
//! workspace. (No network beyond the crate registry, which the dry run reads.)

use codegen_tests::{cargo, project_root};

#[test]
fn a_generated_crate_passes_a_publish_dry_run() {
    let root = project_root();
    let source = root.join("generated-client/intercom-fin-agent");
    let scratch = std::env::temp_dir().join(format!("publish-dry-run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    copy_dir(&source, &scratch);
    // The versions this workspace pins (cargo drops the entries the crate does not use).
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("the lock file");
    let output = cargo()
        .args(["publish", "--dry-run", "--allow-dirty"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("Packaged"), "{stderr}");
    assert!(stderr.contains("Verifying intercom-fin-agent"), "{stderr}");
    let _ = std::fs::remove_dir_all(&scratch);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the crate").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a file");
        }
    }
}
