//! `cargo xtask`: the project's automation, a thin command line over the `generator` library.
//!
//! ```text
//! cargo xtask codegen                    # regenerate every crate openapi/codegen.toml lists
//! cargo xtask codegen --check            # exit 1, naming the stale files; writes nothing
//! cargo xtask codegen --crate NAME [--spec PATH] [...]   # one configured crate, maybe from another spec
//! cargo xtask codegen --spec PATH (--all | --tag NAME... | --operation ID...) --out DIR [--crate-name NAME]
//! cargo xtask api-diff OLD.yaml NEW.yaml [--crate NAME] [--all | --tag NAME... | --operation ID...] [--fail-on-breaking]
//! cargo xtask prune SPEC [--tag NAME]... [--operation ID]... --out FILE   # a selection as a standalone spec
//! cargo xtask corpus [--only TEXT] [--ci]         # generate and check tests/corpus/, write its REPORT.md
//! cargo xtask bench                              # time against the floor, scaling, memory (BENCHMARKS.md)
//! cargo xtask bench-compare                      # beside progenitor and openapi-generator, build times
//! cargo xtask soak [--runs N] [FILTER]           # integration tests N times beside a CPU load
//! ```

mod bench;
mod corpus;
mod soak;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use generator::config::{CrateConfig, Project, SelectionConfig};
use generator::ir::CrateName;
use generator::spec::Source;
use generator::{Config, Mode};
use workspace::project_root;

/// Generation allocates and frees many small trees (the document, tokens, syntax trees) on two
/// threads; mimalloc reuses that memory instead of faulting in fresh pages, which took a third
/// of the whole-spec generation's time under the system allocator. Version 2 without
/// transparent huge pages: huge pages are zeroed 2 MB at a time for trees that use a fraction
/// of them (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Regenerate the client crates openapi/codegen.toml lists, or generate one from any spec.
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
    /// Generate and `cargo check` every description of tests/corpus/, print a table and write
    /// it to tests/corpus/REPORT.md.
    Corpus {
        /// Only the descriptions whose path contains this text (the report is not written).
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
        /// Only the descriptions CI runs (the report is not written).
        #[arg(long)]
        ci: bool,
    },
    /// Measure generation against the bare parse (whole processes), scaling and peak memory.
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

/// Which operations a command covers: `--tag` and `--operation` together, or `--all`.
#[derive(Args)]
struct SelectionArgs {
    /// Select every operation of the spec.
    #[arg(long)]
    all: bool,
    /// Select the operations with this tag (repeatable).
    #[arg(long = "tag", value_name = "NAME")]
    tags: Vec<String>,
    /// Select the operation with this operationId (repeatable).
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
}

impl SelectionArgs {
    /// The selection these flags make, if they make one.
    fn criteria(&self) -> Option<SelectionConfig> {
        (self.all || !self.tags.is_empty() || !self.operations.is_empty()).then(|| {
            SelectionConfig {
                all: self.all,
                tags: self.tags.clone(),
                operations: self.operations.clone(),
            }
        })
    }
}

#[derive(Args)]
struct ApiDiffArgs {
    /// The old spec.
    old: PathBuf,
    /// The new spec.
    new: PathBuf,
    /// Compare as this configured crate sees the specs (its selection, overlays and overrides);
    /// by default the first crate configured for the new spec's API when no selection is given.
    #[arg(long = "crate", value_name = "NAME")]
    krate: Option<String>,
    /// Compare only these operations and the schemas they reach (default: the crate's
    /// selection, or the whole spec).
    #[command(flatten)]
    selection: SelectionArgs,
    /// Exit 1 when any change breaks API clients.
    #[arg(long)]
    fail_on_breaking: bool,
    /// The codegen config.
    #[arg(long, value_name = "PATH", default_value = "openapi/codegen.toml")]
    config: PathBuf,
}

/// What `codegen` generates. With nothing but `--check`, every crate of the config. `--crate`
/// picks one configured crate; the other options then change it. `--spec` alone regenerates
/// the first crate configured for that spec's API from it (a version bump); `--spec` with a
/// selection generates a crate the config does not describe, with the settings of the spec's
/// API if the config has them and nothing of any configured crate.
#[derive(Args)]
struct CodegenArgs {
    /// Write nothing; exit 1 naming the files that differ from a fresh generation.
    #[arg(long)]
    check: bool,
    /// Generate only this configured crate.
    #[arg(long = "crate", value_name = "NAME")]
    krate: Option<String>,
    /// The OpenAPI description to read instead of the config's.
    #[arg(long, value_name = "PATH")]
    spec: Option<PathBuf>,
    /// The operations to generate, instead of the config's selection.
    #[command(flatten)]
    selection: SelectionArgs,
    /// Write the crate to this directory (created if missing) instead of the config's.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generated package's name (default: the configured one, else the spec's file name).
    #[arg(long, value_name = "NAME", value_parser = |name: &str| CrateName::parse(name))]
    crate_name: Option<CrateName>,
    /// The codegen config.
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
            } => prune(&root, &spec, &selection, &out),
            Command::Corpus { only, ci } => corpus::run(&root, only.as_deref(), ci).map(|passed| {
                if passed {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }),
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
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let mut all_fresh = true;
    for job in configure(root, &args)? {
        all_fresh &= codegen_one(root, job, mode)?;
    }
    if all_fresh {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("run `cargo xtask codegen` to regenerate.");
    if std::env::var_os("CI").is_some() {
        eprintln!("then commit the regenerated files.");
    }
    Ok(ExitCode::FAILURE)
}

/// One crate to generate: its config, and its spec when choosing the config read it already.
struct Job {
    config: Config,
    source: Option<Source>,
}

/// Generates one crate and writes or checks it; `false` when a check found it stale.
fn codegen_one(root: &Path, Job { config, source }: Job, mode: Mode) -> anyhow::Result<bool> {
    let generation = match source {
        Some(source) => generator::generate_source(root, &config, source)?,
        None => generator::generate(root, &config)?,
    };
    for warning in &generation.warnings {
        eprintln!("warning: {}: {warning}", config.krate.name);
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

fn api_diff(root: &Path, args: ApiDiffArgs) -> anyhow::Result<ExitCode> {
    let project = Project::from_file(&root.join(&args.config))?;
    let (old, new) = (
        relative_to_root(root, &args.old)?,
        relative_to_root(root, &args.new)?,
    );
    let flags = args.selection.criteria();
    let source = Source::read(&root.join(&new), &new)?;
    let title = source.title().unwrap_or_default();
    let configured = match &args.krate {
        Some(name) => Some(project.crate_config(name)?),
        None if flags.is_none() => project.default_crate_for(title),
        None => None,
    };
    let config = match configured {
        Some(mut config) => {
            if let Some(selection) = flags {
                config.selection = selection;
            }
            config
        }
        None => project.ad_hoc(
            title,
            new.clone(),
            PathBuf::new(),
            CrateConfig {
                name: crate_name_from_file(&new)?,
                version: "0.1.0".into(),
            },
            flags.unwrap_or(SelectionConfig {
                all: true,
                ..SelectionConfig::default()
            }),
        ),
    };
    let old = generator::diff::Version::read(root, &old, &config)?;
    let new = generator::diff::Version {
        source,
        config: &config,
    };
    let diff = generator::diff::api_diff(root, old, new)?;
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
    selection: &SelectionArgs,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    let criteria = &selection.criteria().unwrap_or(SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    });
    let display = relative_to_root(root, spec)?;
    let loaded = generator::spec::load(&root.join(&display), &display)?;
    let pruned = generator::prune::prune(&loaded, criteria)?;
    let cwd = std::env::current_dir()?;
    std::fs::write(cwd.join(out), serde_yaml::to_string(&pruned)?)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// The crates `codegen`'s arguments ask for (see [`CodegenArgs`]).
fn configure(root: &Path, args: &CodegenArgs) -> anyhow::Result<Vec<Job>> {
    let project = Project::from_file(&root.join(&args.config))?;
    let selection = args.selection.criteria();
    let spec = match &args.spec {
        Some(spec) => Some(relative_to_root(root, spec)?),
        None => None,
    };
    let (mut config, source) = match (&args.krate, &spec) {
        (Some(name), _) => (project.crate_config(name)?, None),
        (None, None) => {
            if selection.is_some() || args.out.is_some() || args.crate_name.is_some() {
                let names: Vec<String> = project.crate_names().map(ToString::to_string).collect();
                bail!(
                    "--tag, --operation, --all, --out and --crate-name change one crate: name it with --crate ({}) or give --spec",
                    names.join(", ")
                );
            }
            let jobs = project.crates().into_iter().map(|config| Job {
                config,
                source: None,
            });
            return Ok(jobs.collect());
        }
        (None, Some(spec)) => {
            let read = Source::read(&root.join(spec), spec)?;
            let title = read.title().unwrap_or_default();
            let config = match (&selection, project.default_crate_for(title)) {
                (None, Some(config)) => config,
                (None, None) => bail!(
                    "{}: say which operations to generate: --all, --tag NAME or --operation ID",
                    spec.display()
                ),
                (Some(selection), _) => {
                    let Some(out) = &args.out else {
                        bail!(
                            "{}: a crate that codegen.toml does not describe needs --out DIR",
                            spec.display()
                        );
                    };
                    let name = match &args.crate_name {
                        Some(name) => name.clone(),
                        None => crate_name_from_file(spec)?,
                    };
                    let krate = CrateConfig {
                        name,
                        version: "0.1.0".into(),
                    };
                    let out = relative_to_root(root, out)?;
                    project.ad_hoc(title, spec.clone(), out, krate, selection.clone())
                }
            };
            (config, Some(read))
        }
    };
    if let Some(spec) = spec {
        config = config.with_spec(spec);
    }
    if let Some(selection) = selection {
        config.selection = selection;
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
    Ok(vec![Job { config, source }])
}

/// A package name made from a spec's file name: `petstore.yaml` → `petstore`,
/// `stripe 2024.json` → `stripe-2024`.
fn crate_name_from_file(spec: &Path) -> anyhow::Result<CrateName> {
    let stem = spec
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = name
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name = format!("api-{name}");
    }
    // `box.json` cannot make a crate `box` (a keyword): `box-api`.
    if CrateName::parse(&name).is_err() {
        name.push_str("-api");
    }
    CrateName::parse(&name).map_err(|error| {
        anyhow::anyhow!(
            "{}: cannot name a crate after this file ({error}); give --crate-name",
            spec.display()
        )
    })
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
    use std::path::Path;

    use clap::Parser;

    use super::{configure, crate_name_from_file, Cli, Command};
    use crate::workspace::project_root;

    /// The configs `cargo xtask codegen <args>` would generate, paths given from the root.
    fn configs(args: &[&str]) -> Vec<generator::Config> {
        let root = project_root().expect("the checkout");
        let args: Vec<String> = args
            .iter()
            .map(|arg| match arg.strip_prefix('@') {
                Some(path) => root.join(path).display().to_string(),
                None => (*arg).to_owned(),
            })
            .collect();
        let cli = Cli::try_parse_from(
            ["cargo xtask", "codegen"]
                .into_iter()
                .chain(args.iter().map(String::as_str)),
        )
        .expect("valid arguments");
        let Command::Codegen(args) = cli.command else {
            unreachable!("parsed as codegen");
        };
        let jobs = configure(&root, &args).unwrap_or_else(|error| panic!("{error:#}"));
        jobs.into_iter().map(|job| job.config).collect()
    }

    #[test]
    fn no_options_generate_every_configured_crate() {
        let names: Vec<String> = configs(&[])
            .iter()
            .map(|config| config.krate.name.to_string())
            .collect();
        assert_eq!(names, ["intercom-custom-channels", "intercom-fin-agent"]);
    }

    #[test]
    fn a_spec_of_another_api_gets_none_of_the_intercom_settings() {
        let [config] = &configs(&[
            "--spec",
            "@tests/fixtures/enums.yaml",
            "--all",
            "--out",
            "@target/x",
        ])[..] else {
            panic!("one crate");
        };
        assert_eq!(config.krate.name.package(), "enums");
        assert_eq!(config.api_title, None);
        assert!(config.overlays.is_empty());
        assert_eq!(config.client, generator::config::ClientConfig::default());
        assert!(config.servers.is_empty());
        assert_eq!(config.token_env_var(), "ENUMS_TOKEN");
    }

    #[test]
    fn an_intercom_spec_with_a_selection_gets_the_apis_settings_only() {
        let [config] = &configs(&[
            "--spec",
            "@openapi/intercom-2.15.yaml",
            "--tag",
            "Contacts",
            "--out",
            "@target/x",
        ])[..] else {
            panic!("one crate");
        };
        assert_eq!(config.krate.name.package(), "intercom-2-15");
        assert_eq!(
            config.overlays,
            [Path::new("openapi/overlays/intercom.yaml")]
        );
        assert_eq!(
            config.client.api_version_header.as_deref(),
            Some("Intercom-Version")
        );
        assert_eq!(config.client.retry_note, None);
        assert!(config.overrides.types.is_empty());
    }

    #[test]
    fn a_spec_alone_regenerates_the_first_crate_of_its_api() {
        let [config] = &configs(&[
            "--spec",
            "@openapi/intercom-2.15.yaml",
            "--out",
            "@target/x",
        ])[..] else {
            panic!("one crate");
        };
        assert_eq!(config.krate.name.package(), "intercom-custom-channels");
        assert_eq!(config.spec, Path::new("openapi/intercom-2.15.yaml"));
        assert_eq!(
            config.overlays,
            [
                Path::new("openapi/overlays/intercom.yaml"),
                Path::new("openapi/overlays/custom-channels.yaml")
            ]
        );
        // The reviewed mismatches describe 2.14's examples.
        assert_eq!(config.example_mismatches, None);
    }

    #[test]
    fn crate_names_follow_the_file_name() {
        let name = |file: &str| {
            crate_name_from_file(Path::new(file))
                .map(|name| name.to_string())
                .unwrap_or_default()
        };
        assert_eq!(name("specs/petstore.yaml"), "petstore");
        assert_eq!(name("Stripe API 2024.json"), "stripe-api-2024");
        assert_eq!(name("2.14.yaml"), "api-2-14");
        assert_eq!(name("box.json"), "box-api");
    }

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
