//! `cargo xtask bench-compare`: our generator beside cargo-progenitor and openapi-generator's
//! `rust` generator, measured the same way.
//!
//! - **Generation**: every tool as a whole process (ours is this executable's `codegen`,
//!   progenitor its `cargo-progenitor` binary, openapi-generator its CLI, which starts a JVM),
//!   on the same input file with every operation, in rounds whose order rotates; the medians
//!   and the ratio of each pair in every round are printed. Two inputs: the real Intercom 2.14
//!   file, and that file pruned by our selection stage to the 4 Custom Channel Events
//!   operations (progenitor cannot read the real file).
//! - **Build**: for the pruned input, the clean build of each generated crate with its
//!   dependencies (a fresh target directory each time, alternated), like for like: progenitor's
//!   crate has no TLS, so it is built with our default TLS stack added (what its users add to
//!   speak HTTPS), target ours ≤ 1.1× that; and each without TLS. Then the rebuild of the crate
//!   alone.
//! - **Whole-API crates**: ours beside openapi-generator's for the largest descriptions where
//!   its crate compiles (`whole_api.rs`, also run alone by `--whole-api`).
//! - **One tag**: the whole-API crate with every tag's feature beside each tag alone
//!   (`tags.rs`, also run alone by `--tag-features`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use generator::config::SelectionConfig;

/// Rounds of generation timings.
const ROUNDS: usize = 5;

/// Rounds of clean builds (each takes tens of seconds).
const BUILD_ROUNDS: usize = 2;

/// The peers, and the name their crates get.
const TOOLS: [&str; 3] = ["ours", "progenitor", "openapi-generator"];
const CRATE: &str = "peer-client";

pub fn run(root: &Path) -> anyhow::Result<()> {
    ensure_tools()?;
    let scratch = std::env::temp_dir().join("xtask-bench-compare");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)?;
    let real = root.join("openapi/intercom-2.14.yaml");
    let pruned = scratch.join("intercom-2.14-custom-channel-events.yaml");
    let spec = generator::spec::load(&real, Path::new("openapi/intercom-2.14.yaml"))?;
    let criteria = SelectionConfig {
        tags: vec!["Custom Channel Events".to_owned()],
        ..SelectionConfig::default()
    };
    std::fs::write(
        &pruned,
        serde_yaml::to_string(&generator::prune::prune(&spec, &criteria)?)?,
    )?;

    for (label, input) in [
        ("the real 2.14 file", &real),
        (
            "2.14 pruned to the 4 Custom Channel Events operations",
            &pruned,
        ),
    ] {
        generation(root, label, input, &scratch)?;
    }
    builds(root, &pruned, &scratch)?;
    super::whole_api::run(root)?;
    super::tags::run(root)
}

/// The generation rounds on one input, and what each tool's output is.
fn generation(root: &Path, label: &str, input: &Path, scratch: &Path) -> anyhow::Result<()> {
    println!("\n## Generation from {label} ({ROUNDS} rounds, whole processes, order rotating)\n");
    let mut times: Vec<Vec<Option<f64>>> = vec![Vec::new(); TOOLS.len()];
    let mut failures: Vec<Option<String>> = vec![None; TOOLS.len()];
    for round in 0..ROUNDS {
        for offset in 0..TOOLS.len() {
            let index = (round + offset) % TOOLS.len();
            let out = scratch.join(format!("{}-{round}", TOOLS[index]));
            match run_tool(root, TOOLS[index], input, &out) {
                Ok(seconds) => times[index].push(Some(seconds)),
                Err(why) => {
                    times[index].push(None);
                    failures[index].get_or_insert(why);
                }
            }
        }
    }
    println!("| tool | every round | median | lines of Rust | builds |\n|---|---|---|---|---|");
    for (index, tool) in TOOLS.iter().enumerate() {
        let rounds: Vec<String> = times[index]
            .iter()
            .map(|t| t.map_or_else(|| "failed".to_owned(), duration))
            .collect();
        let out = scratch.join(format!("{tool}-0"));
        let (lines, builds) = match &failures[index] {
            Some(why) => (0, format!("– (does not generate: {why})")),
            None => (
                rust_lines(&out.join("src")),
                match check(&out) {
                    Ok(()) => "yes".to_owned(),
                    Err(why) => format!("no ({why})"),
                },
            ),
        };
        println!(
            "| {tool} | {} | {} | {lines} | {builds} |",
            rounds.join(", "),
            median(&times[index]).map_or_else(|| "–".to_owned(), duration)
        );
    }
    for (index, tool) in TOOLS.iter().enumerate().skip(1) {
        let ratios: Vec<String> = times[0]
            .iter()
            .zip(&times[index])
            .map(|pair| match pair {
                (Some(ours), Some(theirs)) => format!("{:.3}", ours / theirs),
                _ => "–".to_owned(),
            })
            .collect();
        println!("\nours / {tool}, each round: {}", ratios.join(", "));
    }
    Ok(())
}

/// Clean builds (dependencies included) of ours and progenitor's crate for the pruned input,
/// alternated, then the rebuild of each crate alone.
fn builds(root: &Path, pruned: &Path, scratch: &Path) -> anyhow::Result<()> {
    let ours = scratch.join("build-ours");
    let progenitor = scratch.join("build-progenitor");
    let progenitor_tls = scratch.join("build-progenitor-tls");
    run_tool(root, "ours", pruned, &ours).map_err(|why| anyhow::anyhow!("ours: {why}"))?;
    run_tool(root, "progenitor", pruned, &progenitor)
        .map_err(|why| anyhow::anyhow!("progenitor: {why}"))?;
    with_our_tls_stack(&progenitor, &progenitor_tls)?;
    println!("\n## Clean build with dependencies, 4 Custom Channel Events operations ({BUILD_ROUNDS} rounds, alternated, fresh target directory each)\n");
    println!("Like for like: ours with its default TLS stack (reqwest's `rustls-no-provider`, rustls on *ring*) beside progenitor's crate with the same stack added, and each without TLS (ours `--no-default-features`; progenitor's crate has none of its own).\n");
    println!("| round | ours | progenitor with our TLS stack | ÷ (≤ 1.1) | ours without TLS | progenitor | ÷ |\n|---|---|---|---|---|---|---|");
    let mut ratios = Vec::new();
    for round in 1..=BUILD_ROUNDS {
        let ours_seconds = clean_build(&ours, &[])?;
        let theirs_seconds = clean_build(&progenitor_tls, &[])?;
        let plain_seconds = clean_build(&ours, &["--no-default-features"])?;
        let plain_theirs_seconds = clean_build(&progenitor, &[])?;
        ratios.push(ours_seconds / theirs_seconds);
        println!(
            "| {round} | {} | {} | {:.2} | {} | {} | {:.2} |",
            duration(ours_seconds),
            duration(theirs_seconds),
            ours_seconds / theirs_seconds,
            duration(plain_seconds),
            duration(plain_theirs_seconds),
            plain_seconds / plain_theirs_seconds
        );
    }
    println!();
    super::verdict(
        "clean build ≤ 1.1× progenitor's, like for like",
        &ratios,
        1.1,
    );
    println!("\n| crate alone, dependencies built | time |\n|---|---|");
    for (tool, dir, runtime) in [
        ("ours (runtime inside the crate)", &ours, None),
        ("progenitor", &progenitor, None),
        (
            "progenitor with its runtime crate `progenitor-client`",
            &progenitor,
            Some("progenitor-client"),
        ),
    ] {
        println!("| {tool} | {} |", duration(rebuild(dir, runtime)?));
    }
    Ok(())
}

/// A copy of progenitor's crate at `crate_dir` in `out` with our default TLS stack added: the
/// `rustls-no-provider` feature of its reqwest, and rustls on *ring*, as our crate's
/// `rustls-ring` feature has them.
fn with_our_tls_stack(crate_dir: &Path, out: &Path) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out.join("src"))?;
    for entry in std::fs::read_dir(crate_dir.join("src"))? {
        let entry = entry?;
        std::fs::copy(entry.path(), out.join("src").join(entry.file_name()))?;
    }
    let mut manifest: toml::Table =
        std::fs::read_to_string(crate_dir.join("Cargo.toml"))?.parse()?;
    let dependencies = manifest
        .get_mut("dependencies")
        .and_then(toml::Value::as_table_mut)
        .context("progenitor's manifest has no [dependencies]")?;
    let reqwest = dependencies
        .get_mut("reqwest")
        .and_then(toml::Value::as_table_mut)
        .context("progenitor's manifest has no reqwest table")?;
    let features = reqwest
        .entry("features")
        .or_insert_with(|| toml::Value::Array(Vec::new()))
        .as_array_mut()
        .context("reqwest's features are not a list")?;
    features.push("rustls-no-provider".into());
    dependencies.insert(
        "rustls".to_owned(),
        toml::toml! {
            version = "0.23"
            default-features = false
            features = ["ring", "std", "tls12"]
        }
        .into(),
    );
    std::fs::write(out.join("Cargo.toml"), toml::to_string(&manifest)?)?;
    Ok(())
}

/// Seconds as people read them: milliseconds below a second.
pub(super) fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1000.0)
    } else {
        format!("{seconds:.2} s")
    }
}

fn median(times: &[Option<f64>]) -> Option<f64> {
    let mut known: Vec<f64> = times.iter().flatten().copied().collect();
    if known.is_empty() {
        return None;
    }
    known.sort_by(f64::total_cmp);
    Some(known[known.len() / 2])
}

/// An empty codegen config beside `out`: a spec read with it gets no customization.
fn no_config(out: &Path) -> Result<PathBuf, String> {
    let path = out.with_extension("no-config.toml");
    std::fs::write(&path, "").map_err(|error| error.to_string())?;
    Ok(path)
}

/// Runs one generator as a whole process on `input` into `out`: its seconds, or why it failed.
pub(super) fn run_tool(root: &Path, tool: &str, input: &Path, out: &Path) -> Result<f64, String> {
    let _ = std::fs::remove_dir_all(out);
    let mut command = match tool {
        "ours" => {
            let mut command = Command::new(std::env::current_exe().map_err(|e| e.to_string())?);
            // Every tool reads the input as it is: no config, so no overlay or check of ours.
            command
                .args(["codegen", "--all", "--config"])
                .arg(no_config(out)?)
                .arg("--spec")
                .arg(input)
                .arg("--out")
                .arg(out)
                .args(["--crate-name", CRATE])
                .current_dir(root);
            command
        }
        "progenitor" => {
            let mut command = Command::new("cargo-progenitor");
            command
                .args(["progenitor", "-i"])
                .arg(input)
                .arg("-o")
                .arg(out)
                .args(["-n", CRATE, "-v", "0.1.0"]);
            command
        }
        _ => {
            let mut command = Command::new("openapi-generator-cli");
            command
                .args(["generate", "-g", "rust", "-i"])
                .arg(input)
                .arg("-o")
                .arg(out)
                .args(["--package-name", CRATE, "--skip-validate-spec"])
                // Without a version some descriptions give the manifest `unersioned.0.0`.
                .arg("--additional-properties=packageVersion=0.1.0");
            command
        }
    };
    let started = Instant::now();
    let output = command.output().map_err(|error| error.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(if stderr.contains("panicked") {
            "it panics".to_owned()
        } else {
            "it reports an error".to_owned()
        });
    }
    standalone(out).map_err(|error| error.to_string())?;
    Ok(seconds)
}

/// Makes a generated crate its own workspace so it builds outside ours.
pub(super) fn standalone(crate_dir: &Path) -> anyhow::Result<()> {
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))?;
    }
    Ok(())
}

/// `cargo <args>` in `crate_dir` with the target directory `target`: seconds, or the number of
/// compile errors.
fn cargo(crate_dir: &Path, target: &Path, args: &[&str]) -> anyhow::Result<f64> {
    cargo_with(crate_dir, target, args, &[])
}

/// [`cargo`] with the environment variables `envs` set.
pub(super) fn cargo_with(
    crate_dir: &Path,
    target: &Path,
    args: &[&str],
    envs: &[(&str, &str)],
) -> anyhow::Result<f64> {
    let started = Instant::now();
    let output = crate::workspace::cargo()
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .envs(envs.iter().copied())
        .output()?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let errors = stderr.matches("error[").count() + stderr.matches("error:").count();
        bail!("{errors} compile errors");
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Whether the crate compiles (dependencies in a target directory all checks share).
fn check(crate_dir: &Path) -> anyhow::Result<()> {
    let target = std::env::temp_dir().join("xtask-bench-compare-check");
    cargo(crate_dir, &target, &["check", "--quiet"]).map(drop)
}

/// A clean build of the crate and its dependencies in a fresh target directory, with `flags`.
fn clean_build(crate_dir: &Path, flags: &[&str]) -> anyhow::Result<f64> {
    let target = crate_dir.join("target-clean");
    let _ = std::fs::remove_dir_all(&target);
    let args: Vec<&str> = ["build", "--quiet"].iter().chain(flags).copied().collect();
    let seconds = cargo(crate_dir, &target, &args)
        .with_context(|| format!("building {}", crate_dir.display()))?;
    let _ = std::fs::remove_dir_all(&target);
    Ok(seconds)
}

/// Rebuilds the crate alone (and `runtime`, its runtime crate, with it) once its dependencies
/// are built.
fn rebuild(crate_dir: &Path, runtime: Option<&str>) -> anyhow::Result<f64> {
    let target = crate_dir.join("target-rebuild");
    cargo(crate_dir, &target, &["build", "--quiet"])?;
    let mut clean = vec!["clean", "--quiet", "-p", CRATE];
    clean.extend(runtime.iter().flat_map(|runtime| ["-p", runtime]));
    cargo(crate_dir, &target, &clean)?;
    cargo(crate_dir, &target, &["build", "--quiet"])
}

pub(super) fn rust_lines(dir: &Path) -> usize {
    let mut count = 0;
    let mut pending: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                count += std::fs::read_to_string(&path)
                    .map(|t| t.lines().count())
                    .unwrap_or(0);
            }
        }
    }
    count
}

/// Installs cargo-progenitor and openapi-generator-cli when missing; says what to do when that
/// cannot work (no Java, no pip).
pub(super) fn ensure_tools() -> anyhow::Result<()> {
    let works = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works("cargo-progenitor", &["progenitor", "--help"]) {
        eprintln!("installing cargo-progenitor (cargo install cargo-progenitor --locked) ...");
        if !works("cargo", &["install", "cargo-progenitor", "--locked"]) {
            bail!("cannot install cargo-progenitor with `cargo install cargo-progenitor --locked`");
        }
    }
    if !works("java", &["-version"]) {
        bail!("openapi-generator needs Java: install a JDK 11 or newer (e.g. `apt-get install openjdk-17-jre-headless`)");
    }
    if !works("openapi-generator-cli", &["version"]) {
        eprintln!(
            "installing openapi-generator-cli (python3 -m pip install openapi-generator-cli) ..."
        );
        if !works(
            "python3",
            &["-m", "pip", "install", "--quiet", "openapi-generator-cli"],
        ) {
            bail!("cannot install openapi-generator-cli: install Python 3 with pip, then `python3 -m pip install openapi-generator-cli`");
        }
    }
    Ok(())
}
