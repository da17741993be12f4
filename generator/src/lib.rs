//! Generates a typed Rust client crate from an OpenAPI 3.0 description.
//!
//! ```text
//! spec ──load──▶ OpenAPI ──select──▶ Selection ──lower──▶ ir::Api ──emit──▶ tokens
//!      ──render──▶ text per file ──write──▶ crate on disk (or a staleness report)
//! ```
//!
//! Each stage is one module with one public function, and data only flows forward: nothing after
//! `lower` reads the spec. [`generate()`] runs the stages up to rendering; [`write()`] puts the
//! result on disk or compares it with what is there.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod config;
mod customize;
pub mod emit;
mod error;
mod format;
pub mod ir;
pub mod lower;
pub mod render;
pub mod select;
pub mod spec;
mod suggest;
mod tools;
mod write;

use std::path::Path;

pub use config::Config;
pub use error::{Diagnostic, Error};
pub use render::RenderedFile;
pub use tools::{diff, probe, prune, release};
pub use write::{write, Mode, WriteReport};

/// A finished generation: the files, and what was approximated on the way.
#[derive(Debug)]
pub struct Generation {
    /// Every file of the crate, rendered.
    pub files: Vec<RenderedFile>,
    /// Constructs that were approximated or left out, each with its JSON pointer.
    pub warnings: Vec<Diagnostic>,
    /// How many operations were generated.
    pub operations: usize,
    /// How many named types were generated.
    pub types: usize,
    /// Hex SHA-256 of the spec's bytes, which the crate's manifest records.
    pub spec_sha256: String,
}

/// Runs load → select → lower → emit → render for `config`, whose paths are relative to `root`.
pub fn generate(root: &Path, config: &Config) -> Result<Generation, Error> {
    let source = spec::Source::read(&root.join(&config.spec), &config.spec)?;
    generate_source(root, config, source)
}

/// [`generate`] for a spec already read (to learn its title, which decides the config).
pub fn generate_source(
    root: &Path,
    config: &Config,
    source: spec::Source,
) -> Result<Generation, Error> {
    generate_from(root, config, with_overlays(root, config, source)?)
}

/// `source` parsed, with `config`'s overlays applied.
pub(crate) fn with_overlays(
    root: &Path,
    config: &Config,
    source: spec::Source,
) -> Result<spec::Spec, Error> {
    let overlays = customize::overlay::read_all(root, &config.overlays)?;
    source.into_spec(&overlays)
}

/// The stages after load, for a spec already parsed (from bytes, in tests).
pub fn generate_from(
    root: &Path,
    config: &Config,
    mut spec: spec::Spec,
) -> Result<Generation, Error> {
    let lowered = lowered(root, config, &mut spec)?;
    // Nothing past lowering reads the spec. Freed now, its memory serves render's allocations,
    // which would otherwise fault in fresh pages: a tenth fewer page faults for the whole 2.14
    // spec, a few milliseconds.
    drop(spec);
    emitted(lowered)
}

/// The files of a lowered model: emit → render.
pub(crate) fn emitted(lowered: lower::Lowered) -> Result<Generation, Error> {
    let files = emit::emit(&lowered.api)?;
    let files = render::render(files, &lowered.api)?;
    Ok(Generation {
        files,
        warnings: lowered.warnings,
        operations: lowered.api.operations.len(),
        types: lowered.api.types.len(),
        spec_sha256: lowered.api.meta.spec_sha256.clone(),
    })
}

/// Select and lower `spec` as `config` asks, refusing stale overlays and customizations.
pub(crate) fn lowered(
    root: &Path,
    config: &Config,
    spec: &mut spec::Spec,
) -> Result<lower::Lowered, Error> {
    check_api_title(config, spec)?;
    let stale_overlay_actions = std::mem::take(&mut spec.stale_overlay_actions);
    let mismatches = match &config.example_mismatches {
        Some(file) => customize::example_mismatches::load(root, file, spec)?,
        None => Default::default(),
    };
    let version_header = config.client.api_version_header.as_deref();
    let selection = select::select(spec, &config.selection, version_header)
        .map_err(|error| error.located_in(spec))?;
    if !stale_overlay_actions.is_empty() {
        return Err(Error::StaleOverlay {
            spec: spec.path.clone(),
            actions: stale_overlay_actions,
        });
    }
    let lowered = lower::lower(spec, &selection, config, &mismatches)?;
    let sections = [
        ("overrides", &lowered.stale_overrides),
        ("pagination", &lowered.unfit_pagination),
    ];
    let problems: Vec<String> = sections
        .iter()
        .filter(|(_, problems)| !problems.is_empty())
        .map(|(section, problems)| format!("[{section}]: {}", problems.join("; ")))
        .collect();
    if !problems.is_empty() {
        return Err(Error::Customization {
            path: config.path.clone(),
            message: problems.join("; "),
        });
    }
    Ok(lowered)
}

/// Refuses a spec of another API than the one `config`'s settings were written for: its
/// headers, token variable, overlays and overrides would be wrong there.
pub(crate) fn check_api_title(config: &Config, spec: &spec::Spec) -> Result<(), Error> {
    match &config.api_title {
        Some(expected) if *expected != spec.api.info.title => Err(Error::Config {
            path: config.path.clone(),
            message: format!(
                "crate `{}` is configured for the API titled {expected:?}, but {} is titled {:?}; its settings do not apply to another API (generate that spec without `--crate`)",
                config.krate.name,
                spec.path.display(),
                spec.api.info.title
            ),
        }),
        _ => Ok(()),
    }
}
