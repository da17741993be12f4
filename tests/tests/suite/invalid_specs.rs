//! Bad input gets one clear message that says what is wrong and where (file, line and column for
//! syntax; a JSON pointer for meaning), never a panic, and a failed run changes nothing on disk.
//! The exact text of every message is a snapshot, so message quality is reviewed like code.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen_tests::{fixture_config, project_root};
use generator::config::SelectionConfig;
use generator::{Config, Mode};

/// The config for an invalid fixture: every operation, except where the point is the selection.
fn config_for(path: &Path) -> Config {
    let mut config = fixture_config(path);
    if path
        .file_stem()
        .is_some_and(|stem| stem == "selection_matches_nothing")
    {
        config.selection = SelectionConfig {
            tags: vec!["Custom Channel Events".into()],
            operations: vec!["listAdmin".into()],
            ..SelectionConfig::default()
        };
    }
    config
}

#[test]
fn every_invalid_spec_fails_with_a_located_message() {
    insta::glob!("../../fixtures/invalid", "*.*", |path| {
        match generator::generate(&project_root(), &config_for(path)) {
            Ok(_) => panic!("{} generated, but it is invalid", path.display()),
            Err(error) => insta::assert_snapshot!(error.to_string()),
        }
    });
}

#[test]
fn a_missing_file_is_named() {
    let config = fixture_config(&project_root().join("tests/fixtures/invalid/does-not-exist.yaml"));
    let error = generator::generate(&project_root(), &config).expect_err("missing file");
    assert_eq!(
        error.to_string(),
        "tests/fixtures/invalid/does-not-exist.yaml: cannot read the spec: No such file or directory (os error 2)"
    );
}

#[test]
fn an_unreadable_path_is_named() {
    // A directory cannot be read as a file, even by root (who can read any file).
    let config = fixture_config(&project_root().join("tests/fixtures/invalid"));
    let error = generator::generate(&project_root(), &config).expect_err("a directory");
    assert_eq!(
        error.to_string(),
        "tests/fixtures/invalid: cannot read the spec: Is a directory (os error 21)"
    );
}

#[test]
fn a_failed_generation_leaves_the_output_untouched() {
    let out = scratch("failed-generation");
    copy_dir(
        &project_root().join("generated-client/intercom-custom-channels"),
        &out,
    );
    let before = contents(&out);
    for fixture in ["ref_loop.yaml", "truncated.yaml", "swagger_2.yaml"] {
        let mut config = config_for(&project_root().join("tests/fixtures/invalid").join(fixture));
        config.output = out.clone();
        assert!(generator::generate(&project_root(), &config).is_err());
    }
    assert_eq!(contents(&out), before);
}

#[test]
fn a_write_that_fails_part_way_changes_no_file() {
    let out = scratch("failed-write");
    copy_dir(
        &project_root().join("generated-client/intercom-custom-channels"),
        &out,
    );
    let before = contents(&out);
    let mut generation = codegen_tests::generate(&codegen_tests::intercom_config());
    for file in &mut generation.files {
        file.contents.push_str("\n// changed\n");
    }
    // A directory where the last file's temporary copy should go makes that one write fail,
    // after the others were written.
    let last = generation.files.last().expect("files").path.clone();
    let blocker = PathBuf::from(format!("{last}.codegen-tmp"));
    std::fs::create_dir_all(out.join(&blocker)).expect("block the last file");
    let error = generator::write(&out, &generation.files, Mode::Write).expect_err("blocked");
    assert!(
        error.to_string().contains(&format!("{last}.codegen-tmp")),
        "{error}"
    );
    let mut after = contents(&out);
    after.remove(&blocker);
    assert_eq!(
        after, before,
        "no file was replaced and no temporary file was left"
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in contents(from) {
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        std::fs::write(target, bytes).expect("copy");
    }
}

/// Every file below `dir` (directories as empty entries), relative to it.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("list") {
            let path = entry.expect("entry").path();
            let relative = path.strip_prefix(dir).expect("inside").to_owned();
            if path.is_dir() {
                if std::fs::read_dir(&path).expect("list").next().is_none() {
                    found.insert(relative, Vec::new());
                }
                pending.push(path);
            } else {
                found.insert(relative, std::fs::read(&path).expect("read"));
            }
        }
    }
    found
}
