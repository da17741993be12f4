//! `cargo xtask api-diff`: what changed between two versions of a spec, within a selection,
//! judged twice. For the API's clients, on the wire (`wire`): the two specs' selected
//! operations and the schemas they reach are compared, each schema knowing whether requests,
//! responses or both use it. For the generated crate (`crate_api`): both specs are lowered
//! under the same config and the two models compared (types, fields, variants, methods,
//! parameters) as the crate exposes them, so the verdict is the generator's own, never a
//! re-derivation of its rules. `report` renders both as Markdown.

mod crate_api;
mod report;
mod wire;

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::customize::overlay;
use crate::select::{self, Selection};
use crate::spec::{Source, Spec};
use crate::{lower, Error};

use report::code_list;
pub(crate) use report::next_version;
pub use report::render;

/// How a change affects API clients on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wire {
    /// Existing clients keep working.
    NonBreaking,
    /// Existing clients may fail.
    Breaking,
}

/// How a change affects the generated crate, in semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    /// Docs only.
    Patch,
    /// Additions that cannot break code using the crate.
    Minor,
    /// Code using the crate may stop compiling.
    Major,
}

/// A change on the wire, from comparing the specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireChange {
    /// What changed, e.g. ``operation `POST /a` `` or ``schema `contact`, property `email` ``.
    pub subject: String,
    /// How, e.g. "added (optional)".
    pub what: String,
    /// The effect on API clients.
    pub wire: Wire,
}

/// A change of the generated crate's public API, from comparing the lowered models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateChange {
    /// The item, e.g. ``types::Contact`, field `email` `` or ``Client::notify_new_message``.
    pub item: String,
    /// How, e.g. "added (optional)".
    pub what: String,
    /// The effect on code that uses the crate.
    pub semver: Semver,
}

/// Added, removed and changed names of one kind of item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// In the new version only.
    pub added: Vec<String>,
    /// In the old version only.
    pub removed: Vec<String>,
    /// In both, with any difference (descriptions included).
    pub changed: Vec<String>,
    /// Those of `changed` whose only differences are descriptions, summaries, titles or examples.
    pub described: Vec<String>,
}

/// The comparison of two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// The old spec's path and `info.version`.
    pub old: (String, String),
    /// The new spec's path and `info.version`.
    pub new: (String, String),
    /// What was compared, in words: "the whole spec", "the operations tagged `X` …".
    pub scope: String,
    /// Paths in scope.
    pub paths: Tally,
    /// Component schemas in scope.
    pub schemas: Tally,
    /// Every change on the wire that is more than text, classified.
    pub wire: Vec<WireChange>,
    /// Every change of the generated crate's public API, classified.
    pub crate_changes: Vec<CrateChange>,
    /// Warnings the new version brings (lowering warnings the old one did not have, such as a
    /// version header that contradicts `info.version`) and customizations of the config that no
    /// longer apply to it.
    pub warnings: Vec<String>,
}

/// One side of a comparison: a spec, read (its path relative to the project root, as messages
/// show it), and the config it is generated with.
#[derive(Debug)]
pub struct Version<'a> {
    /// The spec.
    pub source: Source,
    /// Its selection, overlays and settings.
    pub config: &'a Config,
}

impl<'a> Version<'a> {
    /// Reads `spec`, a path relative to `root`, to be compared under `config`.
    pub fn read(root: &Path, spec: &Path, config: &'a Config) -> Result<Self, Error> {
        let source = Source::read(&root.join(spec), spec)?;
        Ok(Self { source, config })
    }
}

/// Compares `old` and `new` within the operations their configs' selections pick (tags or
/// operations that one version lacks select nothing there) and what they reach. Each spec is
/// read with its config's overlays and lowered with its settings (usually one config for both);
/// customizations that no longer apply to the new version are reported as warnings, not
/// errors.
pub fn api_diff(root: &Path, old: Version<'_>, new: Version<'_>) -> Result<ApiDiff, Error> {
    let load = |version: Version<'_>| {
        let overlays = overlay::read_all(root, &version.config.overlays)?;
        let spec = version.source.into_spec(&overlays)?;
        crate::check_api_title(version.config, &spec)?;
        Ok::<_, Error>(spec)
    };
    let (config, old_config) = (new.config, old.config);
    let old = load(old)?;
    let mut new = load(new)?;
    let stale_overlay_actions = std::mem::take(&mut new.stale_overlay_actions);
    let (old, new) = (&old, &new);
    let old_header = old_config.client.api_version_header.as_deref();
    let old_selection = select::select_for_comparison(old, &old_config.selection, old_header)?;
    let new_header = config.client.api_version_header.as_deref();
    let new_selection = select::select_for_comparison(new, &config.selection, new_header)?;
    let old_model = lowered(old, &old_selection, old_config)?;
    let new_model = lowered(new, &new_selection, config)?;

    let old_side = wire::Side::new(old, &old_selection);
    let new_side = wire::Side::new(new, &new_selection);
    let mut wire = Vec::new();
    let paths = wire::paths(&old_side, &new_side, &mut wire);
    wire::webhooks(old, new, &mut wire);
    let schemas = wire::schemas(&old_side, &new_side, &mut wire);
    let crate_changes = crate_api::compare(&old_model.api, &new_model.api);

    let known: Vec<String> = old_model
        .warnings
        .iter()
        .map(|w| w.message.clone())
        .collect();
    let warnings = new_model
        .warnings
        .iter()
        .filter(|warning| !known.contains(&warning.message))
        .map(ToString::to_string)
        .chain(
            new_model
                .stale_overrides
                .iter()
                .map(|problem| format!("the config's override {problem} in the new version")),
        )
        .chain(
            new_model
                .unfit_pagination
                .iter()
                .map(|problem| format!("the config's pagination no longer fits the new version: {problem}")),
        )
        .chain(stale_overlay_actions.iter().map(|action| {
            format!("overlay {action} matches nothing in the new version; its customization no longer applies")
        }))
        .collect();
    Ok(ApiDiff {
        old: (old.path.display().to_string(), old.api.info.version.clone()),
        new: (new.path.display().to_string(), new.api.info.version.clone()),
        scope: scope(config),
        paths,
        schemas,
        wire,
        crate_changes,
        warnings,
    })
}

fn lowered(
    spec: &Spec,
    selection: &Selection<'_>,
    config: &Config,
) -> Result<lower::Lowered, Error> {
    lower::lower(spec, selection, config, &BTreeMap::new())
}

/// The selection in words.
fn scope(config: &Config) -> String {
    let criteria = &config.selection;
    if criteria.all {
        return "the whole spec".to_owned();
    }
    let mut parts = Vec::new();
    if !criteria.tags.is_empty() {
        parts.push(format!(
            "the operations tagged {}",
            code_list(&criteria.tags)
        ));
    }
    if !criteria.operations.is_empty() {
        parts.push(format!(
            "the operations {}",
            code_list(&criteria.operations)
        ));
    }
    format!("{} and the schemas they reach", parts.join(" and "))
}

impl ApiDiff {
    /// Whether any change breaks API clients.
    pub fn has_breaking(&self) -> bool {
        self.wire.iter().any(|c| c.wire == Wire::Breaking)
    }

    /// The largest semver impact on the generated crate (a changed API version is at least a
    /// minor change: the client sends another version header; changed descriptions change its
    /// docs, a patch).
    pub fn semver(&self) -> Semver {
        let version_changed = (self.old.1 != self.new.1).then_some(Semver::Minor);
        let text_changed = (!self.paths.described.is_empty() || !self.schemas.described.is_empty())
            .then_some(Semver::Patch);
        self.crate_changes
            .iter()
            .map(|c| c.semver)
            .chain(version_changed)
            .chain(text_changed)
            .max()
            .unwrap_or(Semver::Patch)
    }
}
