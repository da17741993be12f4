//! `cargo xtask bench-compare`: our generator beside cargo-progenitor and openapi-generator's
//! `rust` generator, on the same inputs, in one run on one machine. Each runs twice: on the real
//! Intercom 2.14 file (the peers cannot select, so they get the whole file; ours selects Custom
//! Channel Events) and on the file pruned to those 4 operations by our selection stage. For each:
//! success, wall time (to failure, when it fails), lines of Rust emitted, whether the output
//! builds, and the build time of the crate alone once its dependencies are built. Since
//! progenitor keeps its runtime in a separate crate (`progenitor-client`) while ours and
//! openapi-generator's emit it into the crate, the build of "generated code and its runtime"
//! is reported too: for progenitor that rebuilds both crates.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use generator::config::SelectionConfig;

struct Outcome {
    tool: &'static str,
    generated: bool,
    seconds: f64,
    lines: usize,
    build_seconds: Option<f64>,
    /// The crate and the runtime crate it depends on, rebuilt together (progenitor only).
    with_runtime_seconds: Option<f64>,
    note: String,
}

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

    for (label, input, tag) in [
        ("the real 2.14 file", &real, "real"),
        ("2.14 pruned to the 4 operations", &pruned, "pruned"),
    ] {
        println!("\n### Input: {label}\n");
        println!("| tool | generates | time | lines of Rust | builds | crate-only build | code + runtime build |\n|---|---|---|---|---|---|---|");
        let out = |tool: &str| scratch.join(format!("{tool}-{tag}"));
        // The first row generates what the peers generate, every operation of the input, and
        // the ratios compare with it.
        let mut outcomes = vec![ours("ours", root, input, true, &out("ours"))?];
        if input == &real {
            outcomes.push(ours(
                "ours, Custom Channel Events only",
                root,
                input,
                false,
                &out("ours-selection"),
            )?);
        }
        for tool in ["progenitor", "openapi-generator"] {
            outcomes.push(peer(tool, input, &out(tool), &scratch)?);
        }
        let our_time = outcomes[0].seconds;
        let our_build = outcomes[0].build_seconds;
        for outcome in &outcomes {
            let compared = |ours: Option<f64>, theirs: f64| {
                if outcome.tool.starts_with("ours") {
                    String::new()
                } else {
                    ratio(ours, theirs)
                }
            };
            let build = match outcome.build_seconds {
                Some(seconds) => {
                    let with_runtime = outcome.with_runtime_seconds.unwrap_or(seconds);
                    format!(
                        "yes | {} | {}",
                        duration(seconds) + &compared(our_build, seconds),
                        duration(with_runtime) + &compared(our_build, with_runtime)
                    )
                }
                None if outcome.generated => format!("no ({}) | – | –", outcome.note),
                None => "– | – | –".to_owned(),
            };
            println!(
                "| {} | {} | {}{} | {} | {build} |",
                outcome.tool,
                if outcome.generated {
                    "yes".to_owned()
                } else {
                    format!("no ({})", outcome.note)
                },
                duration(outcome.seconds),
                compared(Some(our_time), outcome.seconds),
                outcome.lines
            );
        }
    }
    Ok(())
}

/// Seconds as people read them: milliseconds below a second.
fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1000.0)
    } else {
        format!("{seconds:.2} s")
    }
}

/// ` (ours/theirs 0.123)` for a peer's figure.
fn ratio(ours: Option<f64>, theirs: f64) -> String {
    match ours {
        Some(ours) if theirs > 0.0 && (ours - theirs).abs() > f64::EPSILON => {
            format!(" (ours/theirs {:.3})", ours / theirs)
        }
        _ => String::new(),
    }
}

fn ours(
    tool: &'static str,
    root: &Path,
    input: &Path,
    whole: bool,
    out: &Path,
) -> anyhow::Result<Outcome> {
    let mut config = crate::workspace::benchmarked_crate(root)?;
    config.overlays.clear();
    config.example_mismatches = None;
    config.spec = input.to_path_buf();
    if whole {
        config.selection = SelectionConfig {
            all: true,
            ..SelectionConfig::default()
        };
    }
    let started = Instant::now();
    let generation = generator::generate(root, &config)?;
    generator::write(out, &generation.files, generator::Mode::Write)?;
    let seconds = started.elapsed().as_secs_f64();
    standalone(out)?;
    Ok(finish(
        tool,
        seconds,
        out,
        config.krate.name.package(),
        None,
    ))
}

fn peer(tool: &'static str, input: &Path, out: &Path, scratch: &Path) -> anyhow::Result<Outcome> {
    let name = "peer-client";
    let mut command = match tool {
        "progenitor" => {
            let mut command = Command::new("cargo");
            command
                .args(["progenitor", "-i"])
                .arg(input)
                .arg("-o")
                .arg(out)
                .args(["-n", name, "-v", "0.1.0"]);
            command
        }
        _ => {
            let mut command = Command::new("openapi-generator-cli");
            command
                .args(["generate", "-g", "rust", "-i"])
                .arg(input)
                .arg("-o")
                .arg(out)
                .args(["--package-name", name, "--skip-validate-spec"]);
            command
        }
    };
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("running {tool}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = if stderr.contains("panicked") {
            "panicked"
        } else {
            "error"
        };
        std::fs::write(
            scratch.join(format!("{tool}-failure.log")),
            stderr.as_bytes(),
        )?;
        return Ok(Outcome {
            tool,
            generated: false,
            seconds,
            lines: 0,
            build_seconds: None,
            with_runtime_seconds: None,
            note: reason.into(),
        });
    }
    standalone(out)?;
    let runtime = (tool == "progenitor").then_some("progenitor-client");
    Ok(finish(tool, seconds, out, name, runtime))
}

/// Makes a generated crate its own workspace so it builds outside ours.
fn standalone(crate_dir: &Path) -> anyhow::Result<()> {
    let manifest = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n"))?;
    }
    Ok(())
}

/// Counts and builds the output of a generator that succeeded.
fn finish(
    tool: &'static str,
    seconds: f64,
    out: &Path,
    name: &str,
    runtime: Option<&str>,
) -> Outcome {
    let lines = rust_lines(&out.join("src"));
    let (build_seconds, with_runtime_seconds, note) = match build(out, name, runtime) {
        Ok((alone, with_runtime)) => (Some(alone), with_runtime, String::new()),
        Err(error) => (None, None, error.to_string()),
    };
    Outcome {
        tool,
        generated: true,
        seconds,
        lines,
        build_seconds,
        with_runtime_seconds,
        note,
    }
}

/// Builds the crate (dependencies included, in a target directory shared by all), then times a
/// rebuild of the crate alone and, given the runtime crate it depends on, of both together.
fn build(
    crate_dir: &Path,
    name: &str,
    runtime: Option<&str>,
) -> anyhow::Result<(f64, Option<f64>)> {
    let target = std::env::temp_dir().join("xtask-bench-compare-target");
    let cargo = |args: &[&str]| -> anyhow::Result<f64> {
        let started = Instant::now();
        let output = crate::workspace::cargo()
            .args(args)
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let errors = stderr.matches("error[").count() + stderr.matches("error:").count();
            bail!("{errors} compile errors");
        }
        Ok(started.elapsed().as_secs_f64())
    };
    cargo(&["build", "--quiet"])?;
    cargo(&["clean", "--quiet", "-p", name])?;
    let alone = cargo(&["build", "--quiet"])?;
    let with_runtime = match runtime {
        Some(runtime) => {
            cargo(&["clean", "--quiet", "-p", name, "-p", runtime])?;
            Some(cargo(&["build", "--quiet"])?)
        }
        None => None,
    };
    Ok((alone, with_runtime))
}

fn rust_lines(dir: &Path) -> usize {
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
fn ensure_tools() -> anyhow::Result<()> {
    let works = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works("cargo", &["progenitor", "--help"]) {
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
