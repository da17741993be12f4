//! `cargo xtask api-diff`: what changed between two versions of a spec, within a selection,
//! judged twice — for the API's clients on the wire, and for the semver of the generated crate
//! (a new optional response field is additive on the wire but breaks a struct literal).
//!
//! The two documents are compared as JSON values, so every difference is seen; `compare` turns
//! differences into classified [`Change`]s and `report` renders them as Markdown.

mod compare;
mod report;
mod usage;

use std::collections::BTreeSet;

use serde_json::Value;

use crate::spec::Spec;
use crate::Error;

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

/// One classified change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed, e.g. ``operation `POST /a` `` or ``schema `contact`, property `email` ``.
    pub subject: String,
    /// How, e.g. "added (optional)".
    pub what: String,
    /// The effect on API clients.
    pub wire: Wire,
    /// The effect on the generated crate.
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
    /// The tags the comparison is limited to; empty for the whole spec.
    pub tags: Vec<String>,
    /// Paths in scope.
    pub paths: Tally,
    /// Component schemas in scope.
    pub schemas: Tally,
    /// Every change that is more than text, classified.
    pub changes: Vec<Change>,
    /// Warnings about the specs themselves (e.g. a version header that contradicts `info.version`).
    pub warnings: Vec<String>,
}

/// Compares `old` and `new` within the operations tagged `tags` (all when empty) and the
/// component schemas they reach.
pub fn api_diff(
    old: &Spec,
    new: &Spec,
    tags: &[String],
    version_header: Option<&str>,
) -> Result<ApiDiff, Error> {
    let as_json = |spec: &Spec| {
        serde_json::to_value(&spec.api).map_err(|error| Error::Render {
            file: spec.path.display().to_string(),
            message: error.to_string(),
        })
    };
    let (old_doc, new_doc) = (as_json(old)?, as_json(new)?);
    let old_scope = usage::Scope::of(&old_doc, tags);
    let new_scope = usage::Scope::of(&new_doc, tags);

    let mut changes = Vec::new();
    let paths = compare::paths(&old_doc, &new_doc, &old_scope, &new_scope, &mut changes);
    let schemas = compare::schemas(&old_doc, &new_doc, &old_scope, &new_scope, &mut changes);
    let warnings = version_header
        .and_then(|header| crate::lower::version_header::check(&new.api, header))
        .map(|warning| warning.to_string())
        .into_iter()
        .collect();
    Ok(ApiDiff {
        old: (old.path.display().to_string(), old.api.info.version.clone()),
        new: (new.path.display().to_string(), new.api.info.version.clone()),
        tags: tags.to_vec(),
        paths,
        schemas,
        changes,
        warnings,
    })
}

impl ApiDiff {
    /// Whether any change breaks API clients.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.wire == Wire::Breaking)
    }

    /// The largest semver impact on the generated crate (a changed API version is at least a
    /// minor change: the client sends another version header).
    pub fn semver(&self) -> Semver {
        let version_changed = (self.old.1 != self.new.1).then_some(Semver::Minor);
        let text_changed = (!self.paths.described.is_empty() || !self.schemas.described.is_empty())
            .then_some(Semver::Patch);
        self.changes
            .iter()
            .map(|c| c.semver)
            .chain(version_changed)
            .chain(text_changed)
            .max()
            .unwrap_or(Semver::Patch)
    }
}

/// Keys whose differences are only text for people.
const TEXT_KEYS: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
];

/// `value` without its text-only keys, recursively.
fn without_text(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !TEXT_KEYS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), without_text(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_text).collect()),
        other => other.clone(),
    }
}

/// `value`, or the component its local `$ref` names.
fn resolve<'v>(document: &'v Value, value: &'v Value) -> &'v Value {
    match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => document.pointer(pointer).unwrap_or(value),
        None => value,
    }
}

/// Sorted names of a JSON object's keys.
fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .map(|map| map.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
