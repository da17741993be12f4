//! `cargo xtask bench`: the measurements criterion cannot take — peak memory (each generation in
//! an optimised child process of its own, read from `/proc/self/status`), time and memory as the spec grows
//! 1×, 2×, 5× and 10×, and the clean build time of the generated crate. Prints Markdown rows
//! for BENCHMARKS.md.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use generator::config::SelectionConfig;
use generator::Config;

use crate::synthetic;

/// The factors the scaling benchmark replicates the spec by.
const FACTORS: [usize; 4] = [1, 2, 5, 10];

/// How many processes measure each size; the table shows the median run.
const RUNS: usize = 3;

/// One generation of the whole synthetic spec: its size, stage times and peak memory.
#[derive(Debug, Clone, Copy)]
struct Measurement {
    operations: usize,
    /// The floor: parsing the YAML alone into `openapiv3::OpenAPI`.
    floor_ms: f64,
    load_ms: f64,
    select_ms: f64,
    lower_ms: f64,
    render_ms: f64,
    peak_kb: u64,
}

impl Measurement {
    fn total_ms(&self) -> f64 {
        self.load_ms + self.select_ms + self.lower_ms + self.render_ms
    }
}

pub fn run(root: &Path) -> anyhow::Result<()> {
    println!("## Generation of the whole spec, by size (median of {RUNS} processes each)\n");
    println!(
        "| spec | operations | floor (bare parse) | time | × floor | load | select | lower | emit + render | peak memory (max RSS) | time / 1× |\n|---|---|---|---|---|---|---|---|---|---|---|"
    );
    let scratch = root.join("target/xtask-bench");
    std::fs::create_dir_all(&scratch)?;
    let text = std::fs::read_to_string(root.join("openapi/intercom-2.14.yaml"))?;
    let document: serde_json::Value = serde_yaml::from_str(&text)?;
    let mut first = None;
    for factor in FACTORS {
        let spec = scratch.join(format!("intercom-2.14-x{factor}.yaml"));
        std::fs::write(
            &spec,
            serde_yaml::to_string(&synthetic::replicate(&document, factor))?,
        )?;
        let mut runs = (0..RUNS)
            .map(|_| measure_in_child(root, &spec))
            .collect::<anyhow::Result<Vec<_>>>()?;
        runs.sort_by(|a, b| a.total_ms().total_cmp(&b.total_ms()));
        let m = runs[RUNS / 2];
        let base = *first.get_or_insert(m.total_ms());
        println!(
            "| 2.14 × {factor} | {} | {:.1} ms | {:.1} ms | {:.2} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} MB | {:.2} |",
            m.operations,
            m.floor_ms,
            m.total_ms(),
            m.total_ms() / m.floor_ms,
            m.load_ms,
            m.select_ms,
            m.lower_ms,
            m.render_ms,
            m.peak_kb as f64 / 1024.0,
            m.total_ms() / base
        );
    }
    println!("\n## Clean build of the generated Custom Channel Events crate\n");
    let (with_deps, alone) = build_times(root)?;
    println!("| build | time |\n|---|---|\n| with dependencies, fresh target dir | {with_deps:.1} s |\n| the crate alone, dependencies built | {alone:.1} s |");
    Ok(())
}

/// Runs `xtask measure` on one spec in an optimised child process of its own (as users run
/// generators; the `xtask` alias builds for debugging), so its peak memory is the generation's
/// alone, and reads what it prints.
fn measure_in_child(root: &Path, spec: &Path) -> anyhow::Result<Measurement> {
    let output = Command::new(env!("CARGO"))
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "measure",
        ])
        .arg(spec)
        .current_dir(root)
        .output()
        .context("running the measurement")?;
    if !output.status.success() {
        bail!(
            "measuring {} failed: {}",
            spec.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let line = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [operations, floor, load, select, lower, render, peak_kb] = fields[..] else {
        bail!("unexpected output of `xtask measure`: {line:?}");
    };
    let ms = |field: &str| field.parse::<f64>().context("a time in milliseconds");
    Ok(Measurement {
        operations: operations.parse().context("an operation count")?,
        floor_ms: ms(floor)?,
        load_ms: ms(load)?,
        select_ms: ms(select)?,
        lower_ms: ms(lower)?,
        render_ms: ms(render)?,
        peak_kb: peak_kb.parse().context("a size in kB")?,
    })
}

/// In a child process: generate every operation of `spec` (in memory), one stage at a time,
/// and print `operations floor load select lower emit+render peak_kb` (times in milliseconds).
/// The floor, parsing the YAML alone, is timed last, after the peak memory is read, so that it
/// neither warms the allocator for load nor counts towards the generation's memory.
pub fn measure(root: &Path, spec: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(spec).with_context(|| format!("reading {}", spec.display()))?;
    let mut config = Config::from_file(&root.join("openapi/codegen.toml"))?;
    config.overlays.clear();
    config.selection = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };
    let timed = |started: Instant| started.elapsed().as_secs_f64() * 1000.0;

    let started = Instant::now();
    let spec = generator::load::parse(&bytes, spec)?;
    let load_ms = timed(started);
    let started = Instant::now();
    let selection = generator::select::select(&spec.api, &config.selection, &spec.path)?;
    let select_ms = timed(started);
    let started = Instant::now();
    let lowered = generator::lower::lower(&spec, &selection, &config, &BTreeMap::new())?;
    let lower_ms = timed(started);
    let started = Instant::now();
    let files = generator::emit::emit(&lowered.api)?;
    let files = generator::render::render(files, &lowered.api)?;
    let render_ms = timed(started);
    drop(files);

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
    let started = Instant::now();
    let floor: openapiv3::OpenAPI = serde_yaml::from_slice(&bytes)?;
    let floor_ms = timed(started);
    drop(floor);
    println!(
        "{} {floor_ms:.2} {load_ms:.2} {select_ms:.2} {lower_ms:.2} {render_ms:.2} {peak_kb}",
        lowered.api.operations.len()
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
