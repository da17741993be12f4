//! The command line of code generation, shared by the standalone `openapi-client-codegen`
//! (for a description in any repository, with or without a config file) and `cargo xtask
//! codegen` (this project's, with `openapi/codegen.toml`): the same flags, the same messages.
//! What the flags ask for is decided by the library ([`generator::config::Request`]); this crate
//! only parses them, runs the generation and reports.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;
use generator::config::{Job, Project, Request, SelectionConfig};
use generator::diff::Semver;
use generator::ir::CrateName;
use generator::release::Verdict;
use generator::Mode;

/// Which operations a command covers: `--tag` and `--operation` together, or `--all`.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// Select every operation of the spec.
    #[arg(long)]
    pub all: bool,
    /// Select the operations with this tag (repeatable).
    #[arg(long = "tag", value_name = "NAME")]
    pub tags: Vec<String>,
    /// Select the operation with this operationId (repeatable).
    #[arg(long = "operation", value_name = "ID")]
    pub operations: Vec<String>,
}

impl SelectionArgs {
    /// The selection these flags make, if they make one.
    pub fn criteria(&self) -> Option<SelectionConfig> {
        (self.all || !self.tags.is_empty() || !self.operations.is_empty()).then(|| {
            SelectionConfig {
                all: self.all,
                tags: self.tags.clone(),
                operations: self.operations.clone(),
            }
        })
    }
}

/// What to generate. With a config and nothing but `--check`, every crate it describes.
/// `--crate` picks one configured crate; the other options then change it. `--spec` alone
/// regenerates the first crate configured for that spec's API from it (a version bump);
/// `--spec` with a selection generates a crate the config does not describe, with the settings
/// of the spec's API if the config has them.
#[derive(Debug, Args)]
pub struct CodegenArgs {
    /// Write nothing; exit 1 naming the files that differ from a fresh generation.
    #[arg(long)]
    pub check: bool,
    /// Generate only this configured crate.
    #[arg(long = "crate", value_name = "NAME")]
    pub krate: Option<String>,
    /// The API description to read (YAML or JSON; Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2).
    #[arg(long, value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The operations to generate, instead of the config's selection.
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Write the crate to this directory (created if missing) instead of the config's.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The generated package's name (default: the configured one, else the spec's file name).
    #[arg(long, value_name = "NAME", value_parser = |name: &str| CrateName::parse(name))]
    pub crate_name: Option<CrateName>,
    /// The codegen config (the format of this project's `openapi/codegen.toml`).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Write a crate regenerated from another spec even when the change breaks its users and
    /// its configured version does not say so (a deliberate break before 1.0), or when the
    /// spec it was generated from is gone or changed in place, so that there is nothing to
    /// weigh the change against.
    #[arg(long)]
    pub allow_breaking: bool,
}

/// Runs `codegen` with paths relative to `root`, reading `args.config`, else `default_config`,
/// else no config at all; `command` is how the generated files name the command that
/// regenerates them. Exit code 1 when a check found a stale crate.
pub fn codegen(
    root: &Path,
    args: &CodegenArgs,
    default_config: Option<&Path>,
    command: &str,
) -> anyhow::Result<ExitCode> {
    let project = project(root, args, default_config)?;
    let request = request(root, args)?;
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let mut all_fresh = true;
    for mut job in project.jobs(root, &request)? {
        job.config.command = command.to_owned();
        all_fresh &= generate(root, job, mode, args.allow_breaking)?;
    }
    if all_fresh {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("regenerate to update them.");
    if std::env::var_os("CI").is_some() {
        eprintln!("then commit the regenerated files.");
    }
    Ok(ExitCode::FAILURE)
}

/// The config `args` name, else `default_config`, else none.
pub fn project(
    root: &Path,
    args: &CodegenArgs,
    default_config: Option<&Path>,
) -> anyhow::Result<Project> {
    Ok(match args.config.as_deref().or(default_config) {
        Some(config) => Project::from_file(&root.join(config))?,
        None => Project::empty(),
    })
}

/// What `args` ask for, paths made relative to `root`.
pub fn request(root: &Path, args: &CodegenArgs) -> anyhow::Result<Request> {
    Ok(Request {
        krate: args.krate.clone(),
        spec: args
            .spec
            .as_deref()
            .map(|spec| relative_to_root(root, spec))
            .transpose()?,
        selection: args.selection.criteria(),
        out: args
            .out
            .as_deref()
            .map(|out| relative_to_root(root, out))
            .transpose()?,
        crate_name: args.crate_name.clone(),
        check: args.check,
    })
}

/// Generates one crate and writes or checks it; `false` when a check found it stale.
fn generate(
    root: &Path,
    Job { config, source }: Job,
    mode: Mode,
    allow_breaking: bool,
) -> anyhow::Result<bool> {
    let generation = match source {
        Some(source) => generator::generate_source(root, &config, source)?,
        None => generator::generate(root, &config)?,
    };
    for warning in &generation.warnings {
        eprintln!("warning: {}: {warning}", config.krate.name);
    }
    if mode == Mode::Write {
        release(root, &config, &generation.spec_sha256, allow_breaking)?;
    }
    let out = root.join(&config.output);
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
        return Ok(true);
    }
    if report.is_clean() {
        eprintln!("{} is up to date ({summary})", out.display());
        return Ok(true);
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
    Ok(false)
}

/// Says what regenerating a committed crate from another spec does to its semver, and refuses
/// (unless `allow_breaking`) a breaking change that its configured version does not reflect.
fn release(
    root: &Path,
    config: &generator::Config,
    new_sha256: &str,
    allow_breaking: bool,
) -> anyhow::Result<()> {
    let release = match generator::release::check(root, config, new_sha256)? {
        None => return Ok(()),
        Some(Verdict::Compared(release)) => release,
        Some(Verdict::Uncomparable(why)) if allow_breaking => {
            eprintln!("{why}: written without weighing its semver impact, as --allow-breaking asks");
            return Ok(());
        }
        Some(Verdict::Uncomparable(why)) => bail!(
            "{why}: restore it to compare the regeneration with the crate (its semver impact), or pass --allow-breaking to write it unweighed; nothing was written"
        ),
    };
    let impact = match release.semver {
        Semver::Major => "major (breaking)",
        Semver::Minor => "minor",
        Semver::Patch => "patch",
    };
    let changes = match release.changes {
        1 => "1 change".to_owned(),
        count => format!("{count} changes"),
    };
    eprintln!(
        "{}: regenerated from {} instead of {}: a {impact} change of the crate's API ({changes}; `cargo xtask api-diff` lists them)",
        config.krate.name,
        config.spec.display(),
        release.old_spec.display(),
    );
    match release.required {
        Some(required) if !allow_breaking => bail!(
            "{}: the change breaks the crate's users, but its version {} does not say so: it should be {} (set `version = \"{}\"` for it in the config), or pass --allow-breaking for a deliberate break; nothing was written",
            config.krate.name,
            config.krate.version,
            required,
            required.split('+').next().unwrap_or(&required)
        ),
        _ => Ok(()),
    }
}

/// A path given on the command line (relative to the working directory) as the generator wants
/// it: relative to `root` when it lies inside it, absolute otherwise.
pub fn relative_to_root(root: &Path, path: &Path) -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let absolute = cwd.join(path);
    Ok(absolute
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or(absolute))
}
