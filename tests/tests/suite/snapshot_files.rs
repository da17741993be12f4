//! Every snapshot file belongs to an assertion. The snapshot tests run again in a child process
//! of this test binary, with insta recording each snapshot file they assert
//! (`INSTA_SNAPSHOT_REFERENCES_FILE`, the mechanism behind `cargo insta test
//! --unreferenced=reject`); any other `.snap` in `snapshots/` fails, so a renamed fixture or test
//! cannot leave a stale snapshot behind that nobody reviews again.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use codegen_tests::project_root;

/// The modules whose tests assert snapshots.
const SNAPSHOT_MODULES: [&str; 4] = [
    "api_diff::",
    "customization::",
    "invalid_specs::",
    "snapshots::",
];

#[test]
fn every_snapshot_file_is_asserted_by_a_test() {
    let references = std::env::temp_dir().join(format!(
        "codegen-tests-snapshot-references-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&references);
    let this_binary = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(this_binary)
        .args(SNAPSHOT_MODULES)
        .env("INSTA_SNAPSHOT_REFERENCES_FILE", &references)
        .env("INSTA_UPDATE", "no")
        .env("CI", "true")
        .output()
        .expect("run the snapshot tests");
    assert!(
        output.status.success(),
        "the snapshot tests fail:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let listed = std::fs::read_to_string(&references).unwrap_or_default();
    let _ = std::fs::remove_file(&references);
    let asserted: BTreeSet<PathBuf> = listed.lines().map(PathBuf::from).collect();
    assert!(
        asserted.len() > 50,
        "only {} snapshot files were recorded; is INSTA_SNAPSHOT_REFERENCES_FILE still honoured?",
        asserted.len()
    );

    let directory = project_root().join("tests/tests/suite/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "snap")
        })
        .filter(|path| !asserted.contains(path))
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        orphans.is_empty(),
        "these snapshots belong to no assertion; delete them:\n{}",
        orphans.join("\n")
    );
}
