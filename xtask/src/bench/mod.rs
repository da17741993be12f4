//! `cargo xtask bench`: the measurements criterion cannot take, each in an optimised child
//! process of its own so it starts from a fresh heap: time and peak memory (from
//! `/proc/self/status`) as the spec grows 1×, 2×, 5× and 10×, beside the bare parse of the same
//! file and a control whose work is strictly linear (so growth that comes from the machine
//! rather than from the algorithms shows as such); the committed selection as `codegen` runs it;
//! and the clean build time of the generated crate. Prints Markdown tables for BENCHMARKS.md.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::ValueEnum;
use generator::config::SelectionConfig;

pub mod compare;
mod synthetic;

/// The factors the scaling benchmark replicates the spec by.
const FACTORS: [usize; 4] = [1, 2, 5, 10];

/// How many processes measure each size; the tables show the median run.
const RUNS: usize = 3;

/// What one `xtask measure` process measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Measured {
    /// Every operation of the spec, stage by stage, and the peak memory.
    Generation,
    /// The floor (parsing the YAML alone) and the control (cloning the typed spec).
    Baselines,
    /// `generator::generate` with the committed config for this spec: what `codegen` runs.
    Codegen,
}

/// One generation of the whole synthetic spec: its size, stage times and peak memory.
#[derive(Debug, Clone, Copy)]
struct Generation {
    operations: usize,
    load_ms: f64,
    select_ms: f64,
    lower_ms: f64,
    render_ms: f64,
    peak_kb: f64,
}

impl Generation {
    fn total_ms(&self) -> f64 {
        self.load_ms + self.select_ms + self.lower_ms + self.render_ms
    }
}

/// What the generation is compared with, for the same file, each in a fresh process too.
#[derive(Debug, Clone, Copy)]
struct Baselines {
    /// The floor: parsing the YAML alone into `openapiv3::OpenAPI`.
    floor_ms: f64,
    /// A control whose work is strictly linear in the spec's size: cloning the typed model.
    clone_ms: f64,
}

pub fn run(root: &Path) -> anyhow::Result<()> {
    let scratch = root.join("target/xtask-bench");
    std::fs::create_dir_all(&scratch)?;
    let text = std::fs::read_to_string(root.join("openapi/intercom-2.14.yaml"))?;
    let document: serde_json::Value = serde_yaml::from_str(&text)?;
    let mut sizes = Vec::new();
    for factor in FACTORS {
        let spec = scratch.join(format!("intercom-2.14-x{factor}.yaml"));
        std::fs::write(
            &spec,
            serde_yaml::to_string(&synthetic::replicate(&document, factor))?,
        )?;
        let generation = median(RUNS, Generation::total_ms, || {
            let [operations, load_ms, select_ms, lower_ms, render_ms, peak_kb] =
                measure_in_child(root, &spec, Measured::Generation)?;
            Ok(Generation {
                operations: operations as usize,
                load_ms,
                select_ms,
                lower_ms,
                render_ms,
                peak_kb,
            })
        })?;
        let baselines = median(
            RUNS,
            |b: &Baselines| b.floor_ms,
            || {
                let [floor_ms, clone_ms] = measure_in_child(root, &spec, Measured::Baselines)?;
                Ok(Baselines { floor_ms, clone_ms })
            },
        )?;
        sizes.push((factor, generation, baselines));
    }

    println!("## Generation of the whole spec, by size (median of {RUNS} processes each)\n");
    println!(
        "| spec | operations | floor (bare parse) | time | × floor | load | select | lower | emit + render | peak memory (max RSS) |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for (factor, g, b) in &sizes {
        println!(
            "| 2.14 × {factor} | {} | {:.1} ms | {:.1} ms | {:.2} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} MB |",
            g.operations,
            b.floor_ms,
            g.total_ms(),
            g.total_ms() / b.floor_ms,
            g.load_ms,
            g.select_ms,
            g.lower_ms,
            g.render_ms,
            g.peak_kb / 1024.0,
        );
    }
    println!("\n## Growth with the spec's size (each figure / its value at 1×)\n");
    println!(
        "| spec | generation | floor (bare parse) | control: cloning the typed spec | peak memory |\n|---|---|---|---|---|"
    );
    let (_, g1, b1) = sizes[0];
    for (factor, g, b) in &sizes {
        println!(
            "| 2.14 × {factor} | {:.2} | {:.2} | {:.2} | {:.2} |",
            g.total_ms() / g1.total_ms(),
            b.floor_ms / b1.floor_ms,
            b.clone_ms / b1.clone_ms,
            g.peak_kb / g1.peak_kb,
        );
    }
    let committed = crate::workspace::benchmarked_crate(root)?;
    let spec = root.join(&committed.spec);
    let [codegen_ms] = median(
        RUNS,
        |[ms]: &[f64; 1]| *ms,
        || measure_in_child(root, &spec, Measured::Codegen),
    )?;
    let [floor_ms, _] = median(
        RUNS,
        |[ms, _]: &[f64; 2]| *ms,
        || measure_in_child(root, &spec, Measured::Baselines),
    )?;
    println!(
        "\n## The committed selection as `codegen` runs it (fresh processes, median of {RUNS})\n"
    );
    println!(
        "| spec | generation (overlay and mismatch check included, no write) | floor (bare parse) | × floor |\n|---|---|---|---|\n| {} | {codegen_ms:.1} ms | {floor_ms:.1} ms | {:.2} |",
        committed.spec.display(),
        codegen_ms / floor_ms
    );
    println!("\n## Clean build of the generated Custom Channel Events crate\n");
    let (with_deps, alone) = build_times(root)?;
    println!("| build | time |\n|---|---|\n| with dependencies, fresh target dir | {with_deps:.1} s |\n| the crate alone, dependencies built | {alone:.1} s |");
    Ok(())
}

/// Takes `runs` measurements and returns the median by `key`.
fn median<T: Copy>(
    runs: usize,
    key: impl Fn(&T) -> f64,
    mut measure: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut taken = (0..runs)
        .map(|_| measure())
        .collect::<anyhow::Result<Vec<T>>>()?;
    taken.sort_by(|a, b| key(a).total_cmp(&key(b)));
    Ok(taken[runs / 2])
}

/// Runs `xtask measure` on one spec in an optimised child process of its own (as users run
/// generators; the `xtask` alias builds for debugging), so that each figure starts from a fresh
/// heap and the peak memory is the generation's alone, and reads the numbers it prints.
fn measure_in_child<const N: usize>(
    root: &Path,
    spec: &Path,
    what: Measured,
) -> anyhow::Result<[f64; N]> {
    let output = crate::workspace::cargo()
        .args(["run", "--release", "--quiet", "--package", "xtask", "--"])
        .arg("measure")
        .arg("--what")
        .arg(
            what.to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_owned()),
        )
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
    let numbers = line
        .split_whitespace()
        .map(str::parse::<f64>)
        .collect::<Result<Vec<f64>, _>>()
        .ok()
        .and_then(|numbers| <[f64; N]>::try_from(numbers).ok());
    numbers.with_context(|| format!("expected {N} numbers from `xtask measure`, got {line:?}"))
}

/// In a child process, measure `what` for `spec` and print the figures on one line, times in
/// milliseconds: for the generation `operations load select lower emit+render peak_kb`, for the
/// baselines `floor clone`, for codegen the one time.
pub fn measure(root: &Path, spec: &Path, what: Measured) -> anyhow::Result<()> {
    match what {
        Measured::Generation => measure_generation(root, spec),
        Measured::Baselines => measure_baselines(spec),
        Measured::Codegen => measure_codegen(root, spec),
    }
}

fn elapsed_ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn read(spec: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(spec).with_context(|| format!("reading {}", spec.display()))
}

/// `generator::generate` with the committed config for `spec`, which reads the file itself.
fn measure_codegen(root: &Path, spec: &Path) -> anyhow::Result<()> {
    let config = crate::workspace::benchmarked_crate(root)?
        .with_spec(spec.strip_prefix(root).unwrap_or(spec).to_path_buf());
    let started = Instant::now();
    let generation = generator::generate(root, &config)?;
    let codegen_ms = elapsed_ms(started);
    drop(generation);
    println!("{codegen_ms:.2}");
    Ok(())
}

fn measure_baselines(spec: &Path) -> anyhow::Result<()> {
    let bytes = read(spec)?;
    let started = Instant::now();
    let floor: openapiv3::OpenAPI = serde_yaml::from_slice(&bytes)?;
    let floor_ms = elapsed_ms(started);
    let started = Instant::now();
    let copy = floor.clone();
    let clone_ms = elapsed_ms(started);
    drop((floor, copy));
    println!("{floor_ms:.2} {clone_ms:.3}");
    Ok(())
}

fn measure_generation(root: &Path, spec: &Path) -> anyhow::Result<()> {
    let bytes = read(spec)?;
    let mut config = crate::workspace::benchmarked_crate(root)?;
    config.overlays.clear();
    config.selection = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };

    let started = Instant::now();
    let spec = generator::spec::parse(&bytes, spec)?;
    let load_ms = elapsed_ms(started);
    let started = Instant::now();
    let selection = generator::select::select(&spec, &config.selection)?;
    let select_ms = elapsed_ms(started);
    let started = Instant::now();
    let lowered = generator::lower::lower(&spec, &selection, &config, &BTreeMap::new())?;
    let lower_ms = elapsed_ms(started);
    let started = Instant::now();
    let files = generator::emit::emit(&lowered.api)?;
    let files = generator::render::render(files, &lowered.api)?;
    let render_ms = elapsed_ms(started);
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
    println!(
        "{} {load_ms:.2} {select_ms:.2} {lower_ms:.2} {render_ms:.2} {peak_kb}",
        lowered.api.operations.len()
    );
    Ok(())
}

/// Seconds to build the generated client with a fresh target directory, then the crate alone.
fn build_times(root: &Path) -> anyhow::Result<(f64, f64)> {
    let scratch = std::env::temp_dir().join("xtask-bench-build");
    let _ = std::fs::remove_dir_all(&scratch);
    let config = crate::workspace::benchmarked_crate(root)?;
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
        let status = crate::workspace::cargo()
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
    cargo(&["clean", "--quiet", "-p", config.krate.name.package()])?;
    let alone = cargo(&["build", "--quiet"])?;
    Ok((with_deps, alone))
}
