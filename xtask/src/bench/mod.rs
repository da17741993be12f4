//! `cargo xtask bench`: the measurements criterion cannot take, each in an optimised child
//! process of its own, and the targets they are held to. Every figure is taken in every round
//! and every round is printed; a target is met only when every round meets it.
//!
//! - **Generation against the floor, as whole processes.** Wall-clock time, from spawning to
//!   exit, of the command users run (`xtask codegen`, writing the crate) against a process that
//!   only parses the same file into `openapiv3::OpenAPI` (the floor), alternated in each round:
//!   the Custom Channel Events crate from the full 2.14 file (target ≤ 1.5× the floor), the
//!   whole 2.14 file (≤ 3×), and the largest description of the corpus (with its peak memory).
//! - **Scaling.** The whole spec replicated 1×, 2×, 5×, 10×: time, the floor and a strictly
//!   linear control (cloning the typed spec) for the same files, and peak memory (target ≤ 64 MB
//!   at 1×); in each round every size is measured in three fresh processes and the median kept.
//!   The target is that generation grows no faster than the bare parse of the same files: its
//!   "× floor" at 10× at most its "× floor" at 1×, in the same round. (An absolute "10× in 10×
//!   the time" is not a property of the generator on this machine: the parse alone grows
//!   11.6–13.9× once the data outgrows the cache.)
//!
//! The clean build of the generated crate is compared with progenitor's by `bench-compare`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::ValueEnum;
use generator::config::SelectionConfig;

pub mod compare;
mod synthetic;
pub mod tags;
pub mod whole_api;

/// The factors the scaling benchmark replicates the spec by.
const FACTORS: [usize; 4] = [1, 2, 5, 10];

/// How many rounds each benchmark runs.
const ROUNDS: usize = 5;

/// How many fresh processes measure each size of the scaling benchmark in a round; the round
/// keeps the figures of the median one, so one slow process start does not decide a ratio.
const PROCESSES_PER_SIZE: usize = 3;

/// The largest description of `tests/corpus/`.
const LARGEST_CORPUS_SPEC: &str = "tests/corpus/twilio/twilio_api_v2010.json";

/// What one `xtask measure` process measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Measured {
    /// Every operation of the spec, stage by stage, and the peak memory.
    Generation,
    /// The floor (parsing the file alone) and the control (cloning the typed spec).
    Baselines,
    /// The floor alone, as the whole work of a process.
    Floor,
}

/// One generation of a whole spec: its size, stage times and peak memory.
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

pub fn run(root: &Path) -> anyhow::Result<()> {
    against_the_floor(root)?;
    scaling(root)
}

/// The command users run, against the floor, both as whole processes, alternated. Each
/// generation writes into a directory of its own that holds its previous output, as a
/// regeneration does; one untimed run of each fills those directories and the page cache first.
fn against_the_floor(root: &Path) -> anyhow::Result<()> {
    let scratch = root.join("target/xtask-bench/out");
    let intercom = "openapi/intercom-2.14.yaml";
    let codegen = |out: &str, args: &[&str]| -> anyhow::Result<f64> {
        let out = scratch.join(out).display().to_string();
        let mut all = vec!["codegen", "--out", &out];
        all.extend_from_slice(args);
        time_process(root, &all)
    };
    let selection = || codegen("custom-channels", &["--crate", "intercom-custom-channels"]);
    let whole = || codegen("whole-2.14", &["--spec", intercom, "--all"]);
    let corpus = || codegen("corpus", &["--spec", LARGEST_CORPUS_SPEC, "--all"]);
    let floor = |spec: &str| time_process(root, &["measure", "--what", "floor", spec]);
    selection()?;
    whole()?;
    corpus()?;
    println!("## Generation against the floor, as whole processes ({ROUNDS} rounds)\n");
    println!("Wall-clock time from spawning the process to its exit, alternated in each round.\n");
    println!("| round | floor 2.14 | Custom Channel Events | × floor (≤ 1.5) | whole 2.14 | × floor (≤ 3) | floor Twilio 2010 | Twilio 2010 | × floor | Twilio 2010 peak memory |\n|---|---|---|---|---|---|---|---|---|---|");
    let mut selection_ratios = Vec::new();
    let mut whole_ratios = Vec::new();
    for round in 1..=ROUNDS {
        let floor_ms = floor(intercom)?;
        let selection_ms = selection()?;
        let whole_ms = whole()?;
        let corpus_floor_ms = floor(LARGEST_CORPUS_SPEC)?;
        let corpus_ms = corpus()?;
        let [.., corpus_peak_kb] =
            measure_in_child::<6>(root, Path::new(LARGEST_CORPUS_SPEC), Measured::Generation)?;
        selection_ratios.push(selection_ms / floor_ms);
        whole_ratios.push(whole_ms / floor_ms);
        println!(
            "| {round} | {floor_ms:.1} ms | {selection_ms:.1} ms | {:.2} | {whole_ms:.1} ms | {:.2} | {corpus_floor_ms:.1} ms | {corpus_ms:.1} ms | {:.2} | {:.0} MB |",
            selection_ms / floor_ms,
            whole_ms / floor_ms,
            corpus_ms / corpus_floor_ms,
            corpus_peak_kb / 1024.0
        );
    }
    println!();
    verdict(
        "Custom Channel Events ≤ 1.5× the floor",
        &selection_ratios,
        1.5,
    );
    verdict("whole 2.14 ≤ 3× the floor", &whole_ratios, 3.0);
    Ok(())
}

/// Time and memory as the spec grows, each size in fresh processes, every round printed.
fn scaling(root: &Path) -> anyhow::Result<()> {
    let scratch = root.join("target/xtask-bench");
    std::fs::create_dir_all(&scratch)?;
    let text = std::fs::read_to_string(root.join("openapi/intercom-2.14.yaml"))?;
    let document: serde_json::Value = serde_yaml::from_str(&text)?;
    let mut specs = Vec::new();
    for factor in FACTORS {
        let spec = scratch.join(format!("intercom-2.14-x{factor}.yaml"));
        std::fs::write(
            &spec,
            serde_yaml::to_string(&synthetic::replicate(&document, factor))?,
        )?;
        specs.push((factor, spec));
    }
    println!("\n## Scaling: the whole spec replicated 1×–10× ({ROUNDS} rounds; in each, every size in {PROCESSES_PER_SIZE} fresh processes, the median kept)\n");
    println!("| round | spec | operations | floor (bare parse) | time | × floor | load | select | lower | emit + render | control: clone | peak memory |\n|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut growth = Vec::new();
    let mut peaks = Vec::new();
    for round in 1..=ROUNDS {
        let mut first: Option<(Generation, [f64; 2])> = None;
        for (factor, spec) in &specs {
            let [operations, load_ms, select_ms, lower_ms, render_ms, peak_kb] =
                median_child(root, spec, Measured::Generation, |figures: &[f64; 6]| {
                    figures[1..5].iter().sum()
                })?;
            let generation = Generation {
                operations: operations as usize,
                load_ms,
                select_ms,
                lower_ms,
                render_ms,
                peak_kb,
            };
            let baselines: [f64; 2] =
                median_child(root, spec, Measured::Baselines, |[floor, _]: &[f64; 2]| {
                    *floor
                })?;
            println!(
                "| {round} | 2.14 × {factor} | {} | {:.1} ms | {:.1} ms | {:.2} | {load_ms:.1} ms | {select_ms:.1} ms | {lower_ms:.1} ms | {render_ms:.1} ms | {:.1} ms | {:.0} MB |",
                generation.operations,
                baselines[0],
                generation.total_ms(),
                generation.total_ms() / baselines[0],
                baselines[1],
                peak_kb / 1024.0,
            );
            match first {
                None => {
                    peaks.push(peak_kb / 1024.0);
                    first = Some((generation, baselines));
                }
                Some((one, one_baselines)) if *factor == 10 => growth.push([
                    generation.total_ms() / one.total_ms(),
                    baselines[0] / one_baselines[0],
                    baselines[1] / one_baselines[1],
                    generation.peak_kb / one.peak_kb,
                ]),
                Some(_) => {}
            }
        }
    }
    println!(
        "\n### Growth from 1× to 10× (each figure at 10× / the same figure at 1×, same round)\n"
    );
    println!(
        "| round | generation | floor | control: clone | peak memory | × floor at 10× ÷ × floor at 1× |\n|---|---|---|---|---|---|"
    );
    for (round, [time, floor, clone, memory]) in growth.iter().enumerate() {
        println!(
            "| {} | {time:.2} | {floor:.2} | {clone:.2} | {memory:.2} | {:.2} |",
            round + 1,
            time / floor
        );
    }
    println!();
    let relative: Vec<f64> = growth
        .iter()
        .map(|[time, floor, ..]| time / floor)
        .collect();
    verdict(
        "generation grows no faster than the floor from 1× to 10× (× floor at 10× ≤ × floor at 1×)",
        &relative,
        1.0,
    );
    verdict("peak memory of the whole 2.14 spec ≤ 64 MB", &peaks, 64.0);
    Ok(())
}

/// Prints whether every figure is within `target`, with the range.
pub(super) fn verdict(target: &str, figures: &[f64], limit: f64) {
    let met = figures.iter().filter(|figure| **figure <= limit).count();
    let (low, high) = figures
        .iter()
        .fold((f64::MAX, f64::MIN), |(low, high), figure| {
            (low.min(*figure), high.max(*figure))
        });
    let status = if met == figures.len() {
        "met"
    } else {
        "not met"
    };
    println!(
        "- {target}: **{status}** ({met} of {} rounds; {low:.2}–{high:.2})",
        figures.len()
    );
}

/// This executable, which the measuring children run.
fn this_executable() -> anyhow::Result<PathBuf> {
    std::env::current_exe().context("cannot find the running xtask executable")
}

/// Milliseconds from spawning `xtask <args>` in `root` to its exit.
fn time_process(root: &Path, args: &[&str]) -> anyhow::Result<f64> {
    let mut command = Command::new(this_executable()?);
    command.args(args).current_dir(root);
    let started = Instant::now();
    let output = command.output().context("running xtask")?;
    let elapsed = elapsed_ms(started);
    if !output.status.success() {
        bail!(
            "`xtask {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(elapsed)
}

/// [`measure_in_child`] in [`PROCESSES_PER_SIZE`] fresh processes: the figures of the one
/// whose `key` is the median.
fn median_child<const N: usize>(
    root: &Path,
    spec: &Path,
    what: Measured,
    key: impl Fn(&[f64; N]) -> f64,
) -> anyhow::Result<[f64; N]> {
    let mut runs = (0..PROCESSES_PER_SIZE)
        .map(|_| measure_in_child(root, spec, what))
        .collect::<anyhow::Result<Vec<[f64; N]>>>()?;
    runs.sort_by(|a, b| key(a).total_cmp(&key(b)));
    Ok(runs[runs.len() / 2])
}

/// Runs `xtask measure` on one spec in a child process of its own, so that each figure starts
/// from a fresh heap and the peak memory is the generation's alone, and reads the numbers it
/// prints.
fn measure_in_child<const N: usize>(
    root: &Path,
    spec: &Path,
    what: Measured,
) -> anyhow::Result<[f64; N]> {
    let output = Command::new(this_executable()?)
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
/// baselines `floor clone`; the floor alone prints nothing (its process is timed whole).
pub fn measure(root: &Path, spec: &Path, what: Measured) -> anyhow::Result<()> {
    match what {
        Measured::Generation => measure_generation(root, spec),
        Measured::Baselines => measure_baselines(spec),
        Measured::Floor => floor(&read(spec)?, spec).map(drop),
    }
}

fn elapsed_ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn read(spec: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(spec).with_context(|| format!("reading {}", spec.display()))
}

/// The floor: the file parsed into `openapiv3::OpenAPI` and nothing else (JSON by serde_json).
fn floor(bytes: &[u8], spec: &Path) -> anyhow::Result<openapiv3::OpenAPI> {
    Ok(if spec.extension().is_some_and(|e| e == "json") {
        serde_json::from_slice(bytes)?
    } else {
        serde_yaml::from_slice(bytes)?
    })
}

fn measure_baselines(spec: &Path) -> anyhow::Result<()> {
    let bytes = read(spec)?;
    let started = Instant::now();
    let floor = floor(&bytes, spec)?;
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
    let version_header = config.client.api_version_header.as_deref();
    let selection = generator::select::select(&spec, &config.selection, version_header)?;
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
