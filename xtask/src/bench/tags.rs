//! The whole-API `intercom` crate built with every tag's feature beside each tag alone and none,
//! run by `cargo xtask bench-compare` (or alone with `--tag-features`). Target: a build with one
//! tag takes at most 25 % of the build with every tag, in every round; judged for every tag of
//! the crate's `all-tags` feature, not a chosen few.
//!
//! The committed crate is copied into a workspace of its own with this workspace's lock file,
//! and its dependencies are built and checked once (every feature set has the same ones). Then,
//! in each round and for each feature set in turn, the crate alone is checked and built from
//! scratch (its `lib.rs` touched, incremental compilation off): the part of a clean build that a
//! choice of features changes. A round takes minutes, so the build with every tag runs at its
//! start and at its end, and a round's ratios are taken against the mean of the two.

use std::fs::File;
use std::path::Path;
use std::time::SystemTime;

use anyhow::Context;

use super::compare::{cargo_with, duration, standalone};

/// Rounds of the feature sets (each round takes about two and a half minutes).
const ROUNDS: usize = 3;

/// The committed crate measured.
const CRATE_DIR: &str = "generated-client/intercom";

/// A one-tag build at most this share of the all-tags build.
const TARGET: f64 = 0.25;

/// One choice of the crate's features, and its times in every round.
struct FeatureSet {
    label: String,
    /// The `cargo` flags that choose it.
    flags: Vec<String>,
    checks: Vec<f64>,
    builds: Vec<f64>,
    /// Each round's build ÷ the mean of that round's two builds with every tag.
    ratios: Vec<f64>,
}

impl FeatureSet {
    fn new(label: String, flags: Vec<String>) -> Self {
        Self {
            label,
            flags,
            checks: Vec::new(),
            builds: Vec::new(),
            ratios: Vec::new(),
        }
    }

    /// The crate with the default TLS stack and `tag`'s feature, if any, and nothing else.
    fn only(label: String, tag: Option<&str>) -> Self {
        let features = tag.map_or_else(
            || "rustls-ring".to_owned(),
            |tag| format!("rustls-ring,{tag}"),
        );
        let flags = vec![
            "--no-default-features".to_owned(),
            "--features".to_owned(),
            features,
        ];
        Self::new(label, flags)
    }

    fn median_ratio(&self) -> f64 {
        let mut ratios = self.ratios.clone();
        ratios.sort_by(f64::total_cmp);
        ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN)
    }
}

pub fn run(root: &Path) -> anyhow::Result<()> {
    let scratch = std::env::temp_dir().join("xtask-bench-tags");
    let _ = std::fs::remove_dir_all(&scratch);
    let crate_dir = scratch.join("intercom");
    copy_dir(&root.join(CRATE_DIR), &crate_dir)?;
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))?;
    standalone(&crate_dir)?;
    let target = scratch.join("target");
    let cargo = |command: &str, flags: &[String]| {
        let args: Vec<&str> = [command, "--quiet"]
            .into_iter()
            .chain(flags.iter().map(String::as_str))
            .collect();
        cargo_with(&crate_dir, &target, &args, &[("CARGO_INCREMENTAL", "0")])
    };

    let mut every = FeatureSet::new(
        "every tag (default; each round's start and end)".to_owned(),
        Vec::new(),
    );
    let mut alone: Vec<FeatureSet> = tags(&crate_dir.join("Cargo.toml"))?
        .into_iter()
        .map(|tag| FeatureSet::only(format!("`{tag}`"), Some(&tag)))
        .collect();
    alone.push(FeatureSet::only("no tag".to_owned(), None));
    // A check reads its dependencies' metadata, which a build does not leave: both are made
    // before any round (else the first round's check checks the dependencies too). Every set
    // has the same dependencies (the default TLS stack), so the set with every tag makes them.
    cargo("build", &every.flags)?;
    cargo("check", &every.flags)?;

    let lib = crate_dir.join("src/lib.rs");
    let time = |set: &mut FeatureSet| -> anyhow::Result<f64> {
        touch(&lib)?;
        set.checks.push(cargo("check", &set.flags)?);
        touch(&lib)?;
        let build = cargo("build", &set.flags)?;
        set.builds.push(build);
        Ok(build)
    };
    for round in 1..=ROUNDS {
        eprintln!(
            "round {round} of {ROUNDS}: {} feature sets",
            alone.len() + 1
        );
        let first = time(&mut every)?;
        let mut builds = Vec::with_capacity(alone.len());
        for set in &mut alone {
            builds.push(time(set)?);
        }
        let last = time(&mut every)?;
        let mean = (first + last) / 2.0;
        every.ratios.push(1.0);
        for (set, build) in alone.iter_mut().zip(builds) {
            set.ratios.push(build / mean);
        }
    }

    print_table(&every, &mut alone);
    print_verdict(&alone);
    Ok(())
}

/// The tags of the crate: the features its `all-tags` feature turns on.
fn tags(manifest: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(manifest)?;
    let manifest: toml::Table = toml::from_str(&text)?;
    manifest
        .get("features")
        .and_then(|features| features.get("all-tags"))
        .and_then(toml::Value::as_array)
        .context("the crate has no `all-tags` feature")?
        .iter()
        .map(|tag| tag.as_str().map(str::to_owned))
        .collect::<Option<_>>()
        .context("`all-tags` lists something other than feature names")
}

/// Every set's times, round by round: every tag first (both of each round's builds), then the
/// one-tag sets from the slowest, then no tag.
fn print_table(every: &FeatureSet, alone: &mut [FeatureSet]) {
    let (tags, no_tag) = alone.split_at_mut(alone.len() - 1);
    tags.sort_by(|a, b| b.median_ratio().total_cmp(&a.median_ratio()));
    println!("\n## The whole-API crate with one tag ({ROUNDS} rounds, feature sets in turn; the crate alone, its dependencies built)\n");
    println!("Every tag is built at the start and the end of each round; a round's ratios are to the mean of the two.\n");
    println!("| features | check, by round | build, by round | build ÷ every tag, by round |\n|---|---|---|---|");
    for set in std::iter::once(every)
        .chain(tags.iter())
        .chain(no_tag.iter())
    {
        println!(
            "| {} | {} | {} | {} |",
            set.label,
            joined(&set.checks, duration),
            joined(&set.builds, duration),
            joined(&set.ratios, |ratio| format!("{ratio:.2}")),
        );
    }
    println!();
}

/// `figures`, each shown by `show`, in a list.
fn joined(figures: &[f64], show: impl Fn(f64) -> String) -> String {
    let shown: Vec<String> = figures.iter().map(|figure| show(*figure)).collect();
    shown.join(", ")
}

/// Whether every tag alone met the target in every round, and how far off the others were.
fn print_verdict(alone: &[FeatureSet]) {
    let tags = &alone[..alone.len() - 1];
    let missed: Vec<String> = tags
        .iter()
        .filter_map(|set| {
            let met = set.ratios.iter().filter(|ratio| **ratio <= TARGET).count();
            let high = set.ratios.iter().copied().fold(f64::MIN, f64::max);
            (met < set.ratios.len()).then(|| {
                format!(
                    "{} {met} of {} rounds, up to {high:.3}",
                    set.label,
                    set.ratios.len()
                )
            })
        })
        .collect();
    let status = if missed.is_empty() { "met" } else { "not met" };
    println!(
        "- build with one tag ≤ {:.0} % of every tag's, in every round: **{status}**, {} of {} tags within it{}",
        TARGET * 100.0,
        tags.len() - missed.len(),
        tags.len(),
        if missed.is_empty() {
            String::new()
        } else {
            format!("; over: {}", missed.join("; "))
        }
    );
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
