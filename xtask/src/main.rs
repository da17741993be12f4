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
mod probe;
mod soak;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use generator::config::{Project, SelectionConfig};
use generator::spec::Source;
use openapi_client_codegen::{relative_to_root, CodegenArgs, SelectionArgs};
use workspace::project_root;

/// This project's codegen config.
const CONFIG: &str = "openapi/codegen.toml";

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
    /// Generate every description of tests/corpus/ with a probe that calls each operation, run
    /// the probes against Prism, print a table and write it to tests/corpus/PROBE.md.
    Probe {
        /// Only the descriptions whose path contains this text (the report is not written).
        #[arg(long, value_name = "TEXT")]
        only: Option<String>,
        /// Only the descriptions CI runs (the report is not written).
        #[arg(long)]
        ci: bool,
    },
    /// Measure generation against the bare parse (whole processes), scaling and peak memory.
    Bench,
    /// Compare generation with cargo-progenitor and openapi-generator (installs what is missing),
    /// whole-API crates' builds with openapi-generator's, and the whole-API crate built with each
    /// tag alone beside every tag.
    BenchCompare {
        /// Only the whole-API crate's builds with each tag alone beside every tag.
        #[arg(long, conflicts_with = "whole_api")]
        tag_features: bool,
        /// Only the whole-API crates' checks and builds beside openapi-generator's.
        #[arg(long)]
        whole_api: bool,
    },
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = project_root().and_then(|root| {
        let done = |result: anyhow::Result<()>| result.map(|()| ExitCode::SUCCESS);
        match cli.command {
            Command::Codegen(args) => openapi_client_codegen::codegen(
                &root,
                &args,
                Some(CONFIG.as_ref()),
                "cargo xtask codegen",
            ),
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
            Command::Probe { only, ci } => probe::run(&root, only.as_deref(), ci).map(|passed| {
                if passed {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }),
            Command::Bench => done(bench::run(&root)),
            Command::BenchCompare {
                tag_features,
                whole_api,
            } => done(if tag_features {
                bench::tags::run(&root)
            } else if whole_api {
                bench::whole_api::run(&root)
            } else {
                bench::compare::run(&root)
            }),
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

fn api_diff(root: &Path, args: ApiDiffArgs) -> anyhow::Result<ExitCode> {
    let project = Project::from_file(&root.join(&args.config))?;
    let (old, new) = (
        relative_to_root(root, &args.old)?,
        relative_to_root(root, &args.new)?,
    );
    let source = Source::read(&root.join(&new), &new)?;
    let config = project.diff_config(
        &source,
        &new,
        args.krate.as_deref(),
        args.selection.criteria(),
    )?;
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::Parser;

    use super::{Cli, Command, CONFIG};
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
        let project = openapi_client_codegen::project(&root, &args, Some(CONFIG.as_ref()))
            .unwrap_or_else(|error| panic!("{error:#}"));
        let request = openapi_client_codegen::request(&root, &args)
            .unwrap_or_else(|error| panic!("{error:#}"));
        let jobs = project
            .jobs(&root, &request)
            .unwrap_or_else(|error| panic!("{error:#}"));
        jobs.into_iter().map(|job| job.config).collect()
    }

    #[test]
    fn no_options_generate_every_configured_crate() {
        let names: Vec<String> = configs(&[])
            .iter()
            .map(|config| config.krate.name.to_string())
            .collect();
        assert_eq!(
            names,
            ["intercom-custom-channels", "intercom-fin-agent", "intercom"]
        );
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
