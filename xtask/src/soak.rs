//! `cargo xtask soak`: runs some of the integration tests many times in a row while every core
//! is kept busy, to show that they do not depend on timing (the tracing test once failed one run
//! in thirty on a loaded machine). A tool to run when a flaky test is suspected or fixed, not a
//! test itself: it takes minutes and its verdict is a count.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};

/// Runs the suite's tests matching `filter` `runs` times beside a CPU-bound load on every core;
/// fails when any run fails.
pub fn run(root: &Path, runs: usize, filter: &str) -> anyhow::Result<()> {
    let binary = suite_binary(root)?;
    let stop = Arc::new(AtomicBool::new(false));
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let load: Vec<_> = (0..cores)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x: u64 = 1;
                while !stop.load(Ordering::Relaxed) {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    std::hint::black_box(x);
                }
            })
        })
        .collect();
    eprintln!(
        "running `{filter}` {runs} times beside {cores} busy threads ({})",
        binary.display()
    );
    let started = Instant::now();
    let mut failures = Vec::new();
    for run in 1..=runs {
        let output = Command::new(&binary)
            .arg(filter)
            .current_dir(root.join("tests"))
            .env("CARGO_MANIFEST_DIR", root.join("tests"))
            .env("CI", "true")
            .stdin(Stdio::null())
            .output()
            .context("running the test binary")?;
        if !output.status.success() {
            eprintln!("run {run}: FAILED");
            failures.push((run, String::from_utf8_lossy(&output.stdout).into_owned()));
        }
    }
    stop.store(true, Ordering::Relaxed);
    for thread in load {
        let _ = thread.join();
    }
    println!(
        "{} of {runs} runs of `{filter}` passed beside a CPU-bound load on {cores} cores ({:.0} s)",
        runs - failures.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some((run, output)) = failures.first() {
        bail!(
            "{} runs failed; the first, run {run}, printed:\n{output}",
            failures.len()
        );
    }
    Ok(())
}

/// Builds the integration test binary and returns its path.
fn suite_binary(root: &Path) -> anyhow::Result<PathBuf> {
    let output = crate::workspace::cargo()
        .args([
            "test",
            "--package",
            "codegen-tests",
            "--test",
            "suite",
            "--no-run",
            "--message-format=json",
        ])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .context("building the test binary")?;
    if !output.status.success() {
        bail!("building the test binary failed");
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "suite")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .context("cargo did not report the test binary")
}
