//! `cargo xtask`: the project's automation, a thin command line over the `generator` library.
//!
//! ```text
//! cargo xtask codegen                    # regenerate generated-client/ from openapi/codegen.toml
//! cargo xtask codegen --check            # exit 1, naming the stale files; writes nothing
//! cargo xtask codegen --spec PATH [--tag NAME]... [--operation ID]... [--all] [--out DIR] [--crate-name NAME]
//! cargo xtask api-diff OLD.yaml NEW.yaml [--tag NAME]... [--operation ID]... [--fail-on-breaking]
//! cargo xtask prune SPEC [--tag NAME]... [--operation ID]... --out FILE   # a selection as a standalone spec
//! cargo xtask bench                              # memory, scaling and build time (BENCHMARKS.md)
//! cargo xtask bench-compare                      # side by side with progenitor and openapi-generator
//! cargo xtask soak [--runs N] [FILTER]           # integration tests N times beside a CPU load
//! ```

mod bench;
mod soak;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use generator::config::SelectionConfig;
use generator::ir::CrateName;
use generator::{Config, Mode};
use workspace::project_root;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the Intercom client generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate (by default generated-client/ from openapi/codegen.toml).
    Codegen(CodegenArgs),
    /// Print a Markdown report of what changed between two versions of the spec.
    ApiDiff(ApiDiffArgs),
    /// Write the selected operations and what they reach as a standalone spec.
    Prune {
        /// The spec to cut down.
        spec: PathBuf,
        #[command(flatten)]
        selection: SelectionArgs,
        /// Where to write the pruned spec (YAML).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Measure peak memory, scaling with spec size and the generated crate's build time.
    Bench,
    /// Compare generation with cargo-progenitor and openapi-generator (installs what is missing).
    BenchCompare,
    /// Run the integration tests matching FILTER many times beside a CPU-bound load on every core
    /// (a check for flaky tests; the default runs the client tests 100 times).
    Soak {
        /// How many runs.
        #[arg(long, default_value_t = 100)]
        runs: usize,
        /// Which tests: a filter of the test binary, e.g. `client::`.
        #[arg(default_value = "client::")]
        filter: String,
    },
    /// Measure one thing about SPEC in this process and print the figures (used by `bench`).
    #[command(hide = true)]
    Measure {
        spec: PathBuf,
        #[arg(long, value_enum, default_value = "generation")]
        what: bench::Measured,
    },
}

/// Which operations a command covers: `--tag` and `--operation` together, or all of them.
#[derive(Args)]
struct SelectionArgs {
    /// Select the operations with this tag (repeatable).
    #[arg(long = "tag", value_name = "NAME")]
    tags: Vec<String>,
    /// Select the operation with this operationId (repeatable).
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
}

impl SelectionArgs {
    /// The selection these flags make: the named tags and operations, or every operation when
    /// none is named.
    fn criteria(&self) -> SelectionConfig {
        SelectionConfig {
            all: self.tags.is_empty() && self.operations.is_empty(),
            tags: self.tags.clone(),
            operations: self.operations.clone(),
        }
    }
}

#[derive(Args)]
struct ApiDiffArgs {
    /// The old spec.
    old: PathBuf,
    /// The new spec.
    new: PathBuf,
    /// Compare only these operations and the schemas they reach (default: the whole spec).
    #[command(flatten)]
    selection: SelectionArgs,
    /// Exit 1 when any change breaks API clients.
    #[arg(long)]
    fail_on_breaking: bool,
    /// The codegen config, for the generated crate's version and the API version header.
    #[arg(long, value_name = "PATH", default_value = "openapi/codegen.toml")]
    config: PathBuf,
}

#[derive(Args)]
struct CodegenArgs {
    /// Write nothing; exit 1 naming the files that differ from a fresh generation.
    #[arg(long)]
    check: bool,
    /// The OpenAPI description to read instead of the config's.
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// Select the operations with this tag (repeatable); replaces the config's selection.
    #[arg(long = "tag", value_name = "NAME")]
    tags: Vec<String>,
    /// Select the operation with this operationId (repeatable); replaces the config's selection.
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
    /// Select every operation of the spec.
    #[arg(long)]
    all: bool,
    /// Write the crate to this directory (created if missing) instead of the config's.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated package's name instead of the config's.
    #[arg(long, value_name = "NAME", value_parser = |name: &str| CrateName::parse(name))]
    crate_name: Option<CrateName>,
    /// The codegen config to start from.
    #[arg(long, value_name = "PATH", default_value = "openapi/codegen.toml")]
    config: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = project_root().and_then(|root| {
        let done = |result: anyhow::Result<()>| result.map(|()| ExitCode::SUCCESS);
        match cli.command {
            Command::Codegen(args) => codegen(&root, args),
            Command::ApiDiff(args) => api_diff(&root, args),
            Command::Prune {
                spec,
                selection,
                out,
            } => prune(&root, &spec, &selection.criteria(), &out),
            Command::Bench => done(bench::run(&root)),
            Command::BenchCompare => done(bench::compare::run(&root)),
            Command::Soak { runs, filter } => done(soak::run(&root, runs, &filter)),
            Command::Measure { spec, what } => done(bench::measure(&root, &spec, what)),
        }
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(root: &Path, args: CodegenArgs) -> anyhow::Result<ExitCode> {
    let config = configure(root, &args)?;
    let generation = generator::generate(root, &config)?;
    for warning in &generation.warnings {
        eprintln!("warning: {warning}");
    }
    let out = root.join(&config.output);
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let report = generator::write(&out, &generation.files, mode)?;
    let summary = format!(
        "{} operations, {} types, {} warnings",
        generation.operations,
        generation.types,
        generation.warnings.len()
    );
    if mode == Mode::Write {
        eprintln!(
            "generated {} ({summary}): {} files changed, {} removed",
            out.display(),
            report.changed.len(),
            report.removed.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if report.is_clean() {
        eprintln!("{} is up to date ({summary})", out.display());
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{} is stale; these files differ from a fresh generation:",
        out.display()
    );
    for path in &report.changed {
        eprintln!("  changed: {path}");
    }
    for path in &report.removed {
        eprintln!("  no longer generated: {path}");
    }
    eprintln!("run `cargo xtask codegen` to regenerate it.");
    if std::env::var_os("CI").is_some() {
        eprintln!("then commit the regenerated files.");
    }
    Ok(ExitCode::FAILURE)
}

fn api_diff(root: &Path, args: ApiDiffArgs) -> anyhow::Result<ExitCode> {
    let mut config = Config::from_file(&root.join(&args.config))?;
    config.selection = args.selection.criteria();
    let (old, new) = (
        relative_to_root(root, &args.old)?,
        relative_to_root(root, &args.new)?,
    );
    let version = |spec| generator::diff::Version {
        spec,
        config: &config,
    };
    let diff = generator::diff::api_diff(root, version(&old), version(&new))?;
    print!("{}", generator::diff::render(&diff, &config.krate.version));
    if args.fail_on_breaking && diff.has_breaking() {
        eprintln!("breaking changes found (--fail-on-breaking)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn prune(
    root: &Path,
    spec: &Path,
    criteria: &SelectionConfig,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    let display = relative_to_root(root, spec)?;
    let loaded = generator::spec::load(&root.join(&display), &display)?;
    let pruned = generator::prune::prune(&loaded, criteria)?;
    let cwd = std::env::current_dir()?;
    std::fs::write(cwd.join(out), serde_yaml::to_string(&pruned)?)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// The config file with the command line's overrides applied.
fn configure(root: &Path, args: &CodegenArgs) -> anyhow::Result<Config> {
    let config_path = root.join(&args.config);
    let mut config = Config::from_file(&config_path)?;
    if let Some(spec) = &args.spec {
        config = config.with_spec(relative_to_root(root, spec)?);
    }
    if args.all || !args.tags.is_empty() || !args.operations.is_empty() {
        config.selection.all = args.all;
        config.selection.tags = args.tags.clone();
        config.selection.operations = args.operations.clone();
    }
    if let Some(out) = &args.out {
        config.output = relative_to_root(root, out)?;
    }
    if let Some(name) = &args.crate_name {
        config.krate.name = name.clone();
    }
    if args.check && args.out.is_none() && config.output.is_absolute() {
        bail!("--check compares against the config's output directory; it cannot be absolute");
    }
    Ok(config)
}

/// A path given on the command line (relative to the working directory) as the generator wants
/// it: relative to the project root when it lies inside it, absolute otherwise.
fn relative_to_root(root: &Path, path: &Path) -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let absolute = cwd.join(path);
    Ok(absolute
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or(absolute))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Cli;

    #[test]
    fn an_invalid_crate_name_is_refused_with_a_message() {
        for name in ["9lives", "my crate", "ünïcode", "fn", ""] {
            let error = Cli::try_parse_from(["cargo xtask", "codegen", "--crate-name", name])
                .err()
                .unwrap_or_else(|| panic!("{name:?} was accepted"));
            let message = error.to_string();
            assert!(message.contains("--crate-name"), "{message}");
            assert!(
                message.contains("crate name") || message.contains("empty"),
                "{message}"
            );
        }
        assert!(
            Cli::try_parse_from(["cargo xtask", "codegen", "--crate-name", "petstore-client"])
                .is_ok()
        );
    }
}
