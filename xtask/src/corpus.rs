//! `cargo xtask corpus`: every description of `tests/corpus/` generated as the README's command
//! generates any description (`codegen --spec PATH --all`, with `openapi/codegen.toml` in
//! place), each crate checked with `cargo check --all-targets` and warnings denied, and a table
//! of what happened printed and written to `tests/corpus/REPORT.md`.
//!
//! The list and what each description declares are in `tests/corpus/corpus.toml`; the test
//! suite runs the part of it marked `ci` on every `cargo test`. This command runs all of it,
//! the largest descriptions included, which CI has no time for.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use generator::config::{CrateConfig, Project, SelectionConfig};
use generator::ir::CrateName;
use generator::spec::Source;
use generator::Mode;
use serde::Deserialize;

use crate::workspace::cargo;

/// `tests/corpus/corpus.toml`.
#[derive(Deserialize)]
struct Manifest {
    description: Vec<Entry>,
}

/// One description and what it declares.
#[derive(Deserialize)]
pub(crate) struct Entry {
    /// Its path under `tests/corpus/`.
    pub(crate) file: String,
    operations: usize,
    /// Whether the test suite (and so CI) runs it too.
    ci: bool,
}

/// What generating and checking one description gave.
struct Row {
    file: String,
    version: String,
    declared: usize,
    generated: Option<usize>,
    types: usize,
    warnings: usize,
    lines: usize,
    generation_ms: f64,
    check_s: Option<f64>,
    outcome: String,
}

/// Where the crates are generated: one workspace, one target directory of its own.
const WORKSPACE: &str = "target/corpus-all";

/// Runs the corpus, or the part of it whose file names contain `only`, or (`ci_only`) the part
/// CI runs; `false` when a description failed.
pub fn run(root: &Path, only: Option<&str>, ci_only: bool) -> anyhow::Result<bool> {
    let project = Project::from_file(&root.join("openapi/codegen.toml"))?;
    let workspace = root.join(WORKSPACE);
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for entry in &entries(root, only, ci_only)? {
        let (row, member) = generate(root, &project, entry)?;
        eprintln!("{}: {}", row.file, row.outcome);
        rows.push(row);
        members.extend(member);
    }
    if rows.is_empty() {
        bail!("no description of tests/corpus/corpus.toml matches");
    }
    // The dependencies once, with a small crate of their own, so that each crate's time is
    // its own.
    let warm_up = warm_up(root, &project)?;
    members.push(warm_up.clone());
    write_workspace(root, &workspace, &members)?;
    eprintln!("checking the dependencies…");
    if let Err(errors) = check(&workspace, root, &warm_up)? {
        bail!("the dependencies do not build: {}", first_error(&errors));
    }
    for row in rows.iter_mut().filter(|row| row.generated.is_some()) {
        let name = crate_name(&row.file)?;
        let started = Instant::now();
        let checked = check(&workspace, root, name.package())?;
        row.check_s = Some(started.elapsed().as_secs_f64());
        if let Err(errors) = checked {
            row.outcome = format!("does not compile: {}", first_error(&errors));
        }
        eprintln!("{}: checked, {}", row.file, row.outcome);
    }
    let report = report(&rows);
    print!("{report}");
    if only.is_none() && !ci_only {
        std::fs::write(root.join("tests/corpus/REPORT.md"), &report)
            .context("cannot write tests/corpus/REPORT.md")?;
    }
    Ok(rows.iter().all(|row| row.outcome == "ok"))
}

/// The descriptions of `tests/corpus/corpus.toml` whose file names contain `only`, or
/// (`ci_only`) those CI runs, or all of them.
pub(crate) fn entries(
    root: &Path,
    only: Option<&str>,
    ci_only: bool,
) -> anyhow::Result<Vec<Entry>> {
    let manifest_path = root.join("tests/corpus/corpus.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest: Manifest = toml::from_str(&text)
        .with_context(|| format!("{} is not a corpus manifest", manifest_path.display()))?;
    Ok(manifest
        .description
        .into_iter()
        .filter(|entry| only.is_none_or(|only| entry.file.contains(only)))
        .filter(|entry| entry.ci || !ci_only)
        .collect())
}

/// The config that generates the corpus file `file` (every operation) into `workspace`, as
/// `codegen --spec PATH --all` would, and the description read.
pub(crate) fn config(
    root: &Path,
    project: &Project,
    file: &str,
    workspace: &str,
) -> anyhow::Result<(generator::Config, Source)> {
    let spec = PathBuf::from("tests/corpus").join(file);
    let name = crate_name(file)?;
    let source = Source::read(&root.join(&spec), &spec)?;
    let title = source.title().unwrap_or_default().to_owned();
    let output = PathBuf::from(workspace).join(name.package());
    let krate = CrateConfig {
        name,
        version: "0.1.0".into(),
    };
    let all = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };
    Ok((project.ad_hoc(&title, spec, output, krate, all), source))
}

/// The crate name of a corpus file: `corpus-<folder>-<file>`.
pub(crate) fn crate_name(file: &str) -> anyhow::Result<CrateName> {
    let stem = file
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml")
        .trim_end_matches(".json")
        .replace(['/', '_', '.'], "-")
        .to_ascii_lowercase();
    CrateName::parse(&format!("corpus-{stem}")).map_err(anyhow::Error::msg)
}

/// Generates `entry` into the workspace; the row, and the crate's name when it was written.
fn generate(
    root: &Path,
    project: &Project,
    entry: &Entry,
) -> anyhow::Result<(Row, Option<String>)> {
    let name = crate_name(&entry.file)?;
    let mut row = Row {
        file: entry.file.clone(),
        version: String::new(),
        declared: entry.operations,
        generated: None,
        types: 0,
        warnings: 0,
        lines: 0,
        generation_ms: 0.0,
        check_s: None,
        outcome: "ok".into(),
    };
    let started = Instant::now();
    let (config, source) = match config(root, project, &entry.file, WORKSPACE) {
        Ok(read) => read,
        Err(error) => {
            row.outcome = format!("refused: {error}");
            return Ok((row, None));
        }
    };
    row.version = source.version().name().to_owned();
    let generation = match generator::generate_source(root, &config, source) {
        Ok(generation) => generation,
        Err(error) => {
            row.outcome = format!("refused: {error}");
            return Ok((row, None));
        }
    };
    row.generation_ms = started.elapsed().as_secs_f64() * 1000.0;
    row.generated = Some(generation.operations);
    row.types = generation.types;
    row.warnings = generation.warnings.len();
    row.lines = generation
        .files
        .iter()
        .map(|file| file.contents.lines().count())
        .sum();
    if generation.operations != entry.operations {
        row.outcome = format!(
            "{} of {} operations generated",
            generation.operations, entry.operations
        );
    }
    generator::write(&root.join(&config.output), &generation.files, Mode::Write)?;
    Ok((row, Some(name.to_string())))
}

/// Generates the small crate that builds the dependencies before any corpus crate is timed.
fn warm_up(root: &Path, project: &Project) -> anyhow::Result<String> {
    let spec = PathBuf::from("tests/fixtures/versions/openapi-3.0.yaml");
    let name = CrateName::parse("corpus-warm-up").map_err(anyhow::Error::msg)?;
    let output = PathBuf::from(WORKSPACE).join(name.package());
    let krate = CrateConfig {
        name: name.clone(),
        version: "0.1.0".into(),
    };
    let all = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };
    let config = project.ad_hoc("", spec, output, krate, all);
    let generation = generator::generate(root, &config)?;
    generator::write(&root.join(&config.output), &generation.files, Mode::Write)?;
    Ok(name.to_string())
}

/// A workspace of `members`, sharing this workspace's lock file, built without debug info.
pub(crate) fn write_workspace(
    root: &Path,
    workspace: &Path,
    members: &[String],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(workspace)?;
    let listed: Vec<String> = members.iter().map(|member| format!("{member:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
        listed.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest)?;
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))?;
    Ok(())
}

/// `cargo check --all-targets` of one member from scratch (what an earlier run built of it
/// is cleaned first), warnings denied: its errors, if it fails.
fn check(workspace: &Path, root: &Path, member: &str) -> anyhow::Result<Result<(), String>> {
    let target = root.join("target/corpus-all-target");
    cargo()
        .args(["clean", "--quiet", "-p", member])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .context("cannot run cargo")?;
    let output = cargo()
        .args(["check", "--quiet", "--all-targets", "-p", member])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .context("cannot run cargo")?;
    Ok(if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    })
}

/// The first error of a compiler's output, on one line.
fn first_error(errors: &str) -> String {
    errors
        .lines()
        .find(|line| line.starts_with("error"))
        .unwrap_or("cargo check failed")
        .to_owned()
}

fn report(rows: &[Row]) -> String {
    let mut text = String::from(
        "# Corpus report\n\nThe last run of `cargo xtask corpus`: every description of `tests/corpus/` generated with\n`cargo xtask codegen --spec PATH --all` (release or debug, as `cargo xtask` ran) and its crate\nchecked with `cargo check --all-targets` and warnings denied (the dependencies checked first, so\neach time is the crate's own). Operations declared were counted by `count.py`.\n\n",
    );
    let passed = rows.iter().filter(|row| row.outcome == "ok").count();
    let _ = writeln!(
        text,
        "{passed} of {} descriptions generate every operation they declare into a crate that compiles.\n",
        rows.len()
    );
    text.push_str("| description | version | operations declared / generated | types | warnings | lines | generation | check | result |\n|---|---|---|---|---|---|---|---|---|\n");
    for row in rows {
        let generated = row
            .generated
            .map_or_else(|| "–".to_owned(), |count| count.to_string());
        let check = row
            .check_s
            .map_or_else(|| "–".to_owned(), |seconds| format!("{seconds:.1} s"));
        let _ = writeln!(
            text,
            "| `{}` | {} | {} / {generated} | {} | {} | {} | {:.0} ms | {check} | {} |",
            row.file,
            row.version,
            row.declared,
            row.types,
            row.warnings,
            row.lines,
            row.generation_ms,
            row.outcome.replace('|', "\\|").replace('\n', " ")
        );
    }
    text
}
