//! The whole-API `intercom` crate built with every tag's feature beside one tag alone and none,
//! run by `cargo xtask bench-compare` (or alone with `--tag-features`). Target: a build with one
//! tag takes at most 25 % of the build with every tag, in every round.
//!
//! The committed crate is copied into a workspace of its own with this workspace's lock file,
//! and its dependencies are built and checked once. Then, in each round and for each feature set in turn,
//! the crate alone is checked and built from scratch (its `lib.rs` touched, incremental
//! compilation off): the part of a clean build that a choice of features changes, since the
//! dependencies are the same for every set.

use std::fs::File;
use std::path::Path;
use std::time::SystemTime;

use super::compare::{cargo_with, duration, standalone};

/// Rounds of the feature sets (each round takes about two minutes).
const ROUNDS: usize = 3;

/// The committed crate measured.
const CRATE_DIR: &str = "generated-client/intercom";

/// The feature sets, each as its `cargo` flags; every set but the first is held to the target
/// against the first.
const SETS: [(&str, &[&str]); 4] = [
    ("every tag (default)", &[]),
    (
        "`contacts` alone",
        &[
            "--no-default-features",
            "--features",
            "rustls-ring,contacts",
        ],
    ),
    (
        "`tickets` alone",
        &["--no-default-features", "--features", "rustls-ring,tickets"],
    ),
    (
        "no tag",
        &["--no-default-features", "--features", "rustls-ring"],
    ),
];

/// A one-tag build at most this share of the all-tags build.
const TARGET: f64 = 0.25;

pub fn run(root: &Path) -> anyhow::Result<()> {
    let scratch = std::env::temp_dir().join("xtask-bench-tags");
    let _ = std::fs::remove_dir_all(&scratch);
    let crate_dir = scratch.join("intercom");
    copy_dir(&root.join(CRATE_DIR), &crate_dir)?;
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))?;
    standalone(&crate_dir)?;
    let target = scratch.join("target");
    let cargo =
        |args: &[&str]| cargo_with(&crate_dir, &target, args, &[("CARGO_INCREMENTAL", "0")]);
    // A check reads its dependencies' metadata, which a build does not leave: both are made
    // before any round (else the first round's check checks the dependencies too).
    for (_, flags) in SETS {
        cargo(&[&["build", "--quiet"][..], flags].concat())?;
        cargo(&[&["check", "--quiet"][..], flags].concat())?;
    }

    println!("\n## The whole-API crate with one tag ({ROUNDS} rounds, feature sets in turn; the crate alone, its dependencies built)\n");
    println!("| round | features | check | ÷ every tag | build | ÷ every tag |\n|---|---|---|---|---|---|");
    let lib = crate_dir.join("src/lib.rs");
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); SETS.len()];
    for round in 1..=ROUNDS {
        let mut all = (0.0, 0.0);
        for (index, (label, flags)) in SETS.iter().enumerate() {
            touch(&lib)?;
            let check = cargo(&[&["check", "--quiet"][..], flags].concat())?;
            touch(&lib)?;
            let build = cargo(&[&["build", "--quiet"][..], flags].concat())?;
            if index == 0 {
                all = (check, build);
            }
            ratios[index].push(build / all.1);
            println!(
                "| {round} | {label} | {} | {:.2} | {} | {:.2} |",
                duration(check),
                check / all.0,
                duration(build),
                build / all.1
            );
        }
    }
    println!();
    for ((label, _), ratios) in SETS.iter().zip(&ratios).skip(1).take(2) {
        let target = format!(
            "build with {label} ≤ {:.0} % of every tag's",
            TARGET * 100.0
        );
        super::verdict(&target, ratios, TARGET);
    }
    Ok(())
}

/// Marks `path` changed, so that cargo compiles its crate again.
pub(super) fn touch(path: &Path) -> std::io::Result<()> {
    File::options()
        .write(true)
        .open(path)?
        .set_modified(SystemTime::now())
}

/// Copies the folder `from` to `to`, recursively.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
