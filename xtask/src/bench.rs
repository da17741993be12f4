//! `cargo xtask bench`: the measurements criterion cannot take — peak memory (each generation in
//! an optimised child process of its own, read from `/proc/self/status`), time and memory as the spec grows
//! 1×, 2×, 5× and 10×, and the clean build time of the generated crate. Prints Markdown rows
//! for BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use generator::config::SelectionConfig;
use generator::Config;

use crate::synthetic;

/// The factors the scaling benchmark replicates the spec by.
const FACTORS: [usize; 4] = [1, 2, 5, 10];

pub fn run(root: &Path) -> anyhow::Result<()> {
    println!("## Generation of the whole spec, by size (each in its own process)\n");
    println!(
        "| spec | operations | time | peak memory (max RSS) | time / 1× |\n|---|---|---|---|---|"
    );
    let mut first = None;
    for factor in FACTORS {
        // Measured optimised, as users run generators (the `xtask` alias builds for debugging).
        let output = Command::new(env!("CARGO"))
            .args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "xtask",
                "--",
                "measure",
                "--factor",
            ])
            .arg(factor.to_string())
            .current_dir(root)
            .output()
            .context("running the measurement")?;
        if !output.status.success() {
            bail!(
                "measuring {factor}× failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let line = String::from_utf8_lossy(&output.stdout);
        let mut fields = line
            .split_whitespace()
            .map(|f| f.parse::<f64>().unwrap_or(0.0));
        let (operations, ms, kb) = (
            fields.next().unwrap_or(0.0),
            fields.next().unwrap_or(0.0),
            fields.next().unwrap_or(0.0),
        );
        let base = *first.get_or_insert(ms);
        println!(
            "| 2.14 × {factor} | {operations} | {ms:.0} ms | {:.0} MB | {:.2} |",
            kb / 1024.0,
            ms / base
        );
    }
    println!("\n## Clean build of the generated Custom Channel Events crate\n");
    let (with_deps, alone) = build_times(root)?;
    println!("| build | time |\n|---|---|\n| with dependencies, fresh target dir | {with_deps:.1} s |\n| the crate alone, dependencies built | {alone:.1} s |");
    Ok(())
}

/// In a child process: generate 2.14 × `factor` (all operations, in memory) and print
/// `operations milliseconds peak_kb`.
pub fn measure(root: &Path, factor: usize) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(root.join("openapi/intercom-2.14.yaml"))?;
    let document: serde_json::Value = serde_yaml::from_str(&text)?;
    let spec_text = serde_yaml::to_string(&synthetic::replicate(&document, factor))?;
    let mut config = Config::from_file(&root.join("openapi/codegen.toml"))?;
    config.overlays.clear();
    config.example_mismatches = None;
    config.selection = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };
    let started = Instant::now();
    let spec = generator::load::parse(spec_text.as_bytes(), Path::new("synthetic.yaml"))?;
    let generation = generator::generate_from(root, &config, spec)?;
    let elapsed = started.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches(" kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(0);
    println!(
        "{} {} {peak_kb}",
        generation.operations,
        elapsed.as_millis()
    );
    Ok(())
}

/// Seconds to build the generated client with a fresh target directory, then the crate alone.
fn build_times(root: &Path) -> anyhow::Result<(f64, f64)> {
    let scratch = std::env::temp_dir().join("xtask-bench-build");
    let _ = std::fs::remove_dir_all(&scratch);
    let config = Config::from_file(&root.join("openapi/codegen.toml"))?;
    let generation = generator::generate(root, &config)?;
    generator::write(
        &scratch.join("crate"),
        &generation.files,
        generator::Mode::Write,
    )?;
    std::fs::write(
        scratch.join("crate/Cargo.toml"),
        format!(
            "{}\n[workspace]\n",
            generation
                .files
                .iter()
                .find(|f| f.path == "Cargo.toml")
                .map(|f| f.contents.as_str())
                .unwrap_or_default()
        ),
    )?;
    std::fs::copy(root.join("Cargo.lock"), scratch.join("crate/Cargo.lock"))?;
    let cargo = |args: &[&str]| -> anyhow::Result<f64> {
        let started = Instant::now();
        let status = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(scratch.join("crate"))
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .status()?;
        if !status.success() {
            bail!("cargo {args:?} failed");
        }
        Ok(started.elapsed().as_secs_f64())
    };
    let with_deps = cargo(&["build", "--quiet"])?;
    cargo(&["clean", "--quiet", "-p", &config.krate.name])?;
    let alone = cargo(&["build", "--quiet"])?;
    Ok((with_deps, alone))
}
