//! Stage 3, **lower**: the selection → [`ir::Api`](crate::ir::Api), where every decision is made.
//!
//! Components are reserved first (ids and names in spec order), then converted, then operations
//! lowered (creating the inline types their bodies need), then unions' implicit tags found and
//! self-containing types boxed. The config's overrides apply to the finished model, the types
//! are put in emission order, and only then are request examples typed against the final types.
//! Problems are collected rather than returned at the first, so one run reports them all.

mod auth;
mod docs;
pub(crate) mod examples;
mod features;
mod media;
pub(crate) mod operation;
mod order;
mod pagination;
mod servers;
mod setters;
mod status;
mod types;
pub(crate) mod version_header;
mod webhooks;

use std::collections::{BTreeMap, HashSet};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::ir::reserved::CLIENT_METHODS;
use crate::ir::{Api, Dependency, Meta, Operation, TypeRef};
use crate::select::Selection;
use crate::spec::resolve::Resolver;
use crate::spec::Spec;
use crate::Error;

pub(crate) use pagination::describe as describe_paging;

/// The model, and the warnings met on the way.
#[derive(Debug)]
pub struct Lowered {
    /// The client to emit.
    pub api: Api,
    /// Constructs that were approximated or left out, each with its location.
    pub warnings: Vec<Diagnostic>,
    /// Overrides of the config that match nothing in this spec or cannot apply, in words. A
    /// generation fails on them; `api-diff` reports them.
    pub stale_overrides: Vec<String>,
    /// Pagination declarations of the config that do not fit their operation, in words; the
    /// same.
    pub unfit_pagination: Vec<String>,
}

/// Lowers `selection` of `spec` as `config` asks.
/// `mismatches` are the known non-round-tripping examples (pointer → reason); those of the
/// selection go into the model.
pub fn lower(
    spec: &Spec,
    selection: &Selection<'_>,
    config: &Config,
    mismatches: &BTreeMap<String, String>,
) -> Result<Lowered, Error> {
    let resolver = Resolver::new(&spec.api);
    let mut types =
        types::TypeBuilder::new(resolver, &selection.schemas, &config.overrides.formats);
    types.define_components();
    let skip_headers: Vec<String> = config.client.api_version_header.iter().cloned().collect();
    let lowered = operation::operations(
        &selection.operations,
        resolver,
        &mut types,
        &skip_headers,
        &spec.api.servers,
    );
    let client_methods = CLIENT_METHODS
        .iter()
        .copied()
        .chain(lowered.operations.iter().map(|op| op.method_name.as_str()));
    let hooks = webhooks::webhooks(&selection.webhooks, resolver, &mut types, client_methods);
    let mut built = types.finish();
    let (security, requirements) =
        auth::security(&spec.api, &selection.operations, &mut built.warnings);
    let mut operations = lowered.operations;
    for (operation, requirements) in operations.iter_mut().zip(requirements) {
        operation.security = requirements;
    }
    built
        .warnings
        .splice(0..0, spec.warnings.iter().chain(&selection.notes).cloned());
    if let Some(header) = &config.client.api_version_header {
        built.warnings.extend(version_header::check(spec, header));
    }
    if !built.problems.is_empty() {
        return Err(Error::Spec {
            path: spec.path.clone(),
            problems: built.problems,
        }
        .located_in(spec));
    }
    let mut arena = built.types;
    for index in types::unions::find_tags(&mut arena) {
        built.warnings.push(Diagnostic {
            pointer: built.origins[index].to_string(),
            message: "the `discriminator` does not tell every alternative apart (no mapping or single allowed value names it); values decode as the first alternative that fits".into(),
        });
    }
    // The examples are written as JSON while the types are merged.
    let (kept, examples) = rayon::join(
        || {
            let kept = types::merge::merge_identical(&mut arena, &built.origins);
            types::boxing::box_cycles(&mut arena);
            kept
        },
        || built.examples.into_list(),
    );
    let example_pointers: HashSet<&str> = examples.iter().map(|e| e.pointer.as_str()).collect();
    let known_example_mismatches = mismatches
        .iter()
        .filter(|(pointer, _)| example_pointers.contains(pointer.as_str()))
        .map(|(pointer, reason)| (pointer.clone(), reason.clone()))
        .collect();
    let servers = servers::servers(&spec.api.servers, &config.servers);
    let api = Api {
        server_variables: servers::variable_options(
            &spec.api.servers,
            &servers,
            security.schemes.iter().map(|scheme| scheme.setter.as_str()),
        ),
        meta: meta(spec, config, security),
        servers,
        types: arena,
        error_body: common_error_body(&operations),
        error_statuses: status::error_statuses(&operations),
        operations,
        tag_features: Vec::new(),
        webhook_signature: config
            .webhook_signature
            .clone()
            .filter(|_| !hooks.webhooks.is_empty()),
        webhooks: hooks.webhooks,
        event_streams: hooks.streams,
        known_example_mismatches,
        examples,
    };
    // Ordered, and the merged types gone, before the overrides look types up by name.
    let mut api = order::spec_order(api, &built.origins, &selection.schemas, &kept);
    let mut stale_overrides =
        crate::customize::overrides::apply(&mut api, config, &built.used_formats);
    setters::name_setters(&mut api.types);
    if config.webhook_signature.is_some() && api.webhooks.is_empty() {
        stale_overrides.push(
            "`webhook_signature` is configured, but the selection has no webhook to verify".into(),
        );
    }
    if config.webhook_signature.is_none() && !api.webhooks.is_empty() {
        built.warnings.push(Diagnostic {
            pointer: format!("#/{}", crate::spec::WEBHOOKS_EXTENSION),
            message: "the selection has webhooks, but the config names no `webhook_signature` scheme to verify them with; their payload types are generated, the verification is not".into(),
        });
        api.webhooks.clear();
    }
    let paginated = pagination::paginate(&mut api, &config.pagination);
    built.warnings.extend(paginated.notes);
    if config.tag_features {
        features::gate_by_tag(&mut api);
    }
    for (index, example) in lowered.body_examples.into_iter().enumerate() {
        let typed = example.and_then(|value| {
            let body = api.operations[index].body.as_ref()?;
            examples::typed(&api, &body.ty, value)
        });
        if let Some(body) = &mut api.operations[index].body {
            body.example = typed;
        }
    }
    // An operation reached through two paths (a `$ref`ed path item) would warn twice.
    let mut seen = HashSet::new();
    built
        .warnings
        .retain(|warning| seen.insert((warning.pointer.clone(), warning.message.clone())));
    for warning in &mut built.warnings {
        warning.pointer = spec.original_pointer(&warning.pointer);
    }
    Ok(Lowered {
        api,
        warnings: built.warnings,
        stale_overrides,
        unfit_pagination: paginated.problems,
    })
}

/// Package and provenance facts.
fn meta(spec: &Spec, config: &Config, security: crate::ir::Security) -> Meta {
    let info = &spec.api.info;
    Meta {
        crate_name: config.krate.name.clone(),
        crate_version: format!(
            "{}+api.{}",
            config.krate.version,
            build_metadata(&info.version)
        ),
        title: info.title.clone(),
        api_version: info.version.clone(),
        description: info.description.as_deref().map(docs::clean),
        spec_path: shown_path(&spec.path),
        spec_sha256: spec.sha256.clone(),
        api_version_header: config.client.api_version_header.clone(),
        token_env_var: config.token_env_var(),
        security,
        retry_note: config.client.retry_note.clone(),
        rate_limit: config.client.rate_limit.clone().unwrap_or_default(),
        request_id: config.client.request_id.clone().unwrap_or_default(),
        command: config.command.clone(),
        package: config.package.clone(),
        extra_dependencies: config
            .overrides
            .formats
            .values()
            .map(|format| Dependency {
                name: format.dependency.name.clone(),
                version: format.dependency.version.clone(),
                features: format.dependency.features.clone(),
            })
            .collect(),
    }
}

/// The type most error responses with a schema share (the first of equals when tied): what
/// `ApiError::body` decodes. Operations whose errors differ say so in their docs.
fn common_error_body(operations: &[Operation]) -> Option<TypeRef> {
    let mut counts: Vec<(&TypeRef, usize)> = Vec::new();
    let bodies = operations.iter().flat_map(|op| &op.errors);
    for ty in bodies.filter_map(|error| error.body.as_ref()) {
        match counts.iter_mut().find(|(seen, _)| *seen == ty) {
            Some((_, count)) => *count += 1,
            None => counts.push((ty, 1)),
        }
    }
    let most = counts.iter().map(|(_, count)| *count).max()?;
    counts
        .into_iter()
        .find(|(_, count)| *count == most)
        .map(|(ty, _)| ty.clone())
}

/// The spec's path as generated files show it: relative to the project, or, for a file outside
/// it, its name alone (an absolute path would record one machine's layout).
fn shown_path(path: &std::path::Path) -> String {
    let shown = if path.is_absolute() {
        path.file_name().unwrap_or(path.as_os_str())
    } else {
        path.as_os_str()
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// `info.version` as semver build metadata: only `[0-9A-Za-z-.]`.
fn build_metadata(version: &str) -> String {
    let cleaned: String = version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('.').replace("..", ".");
    if cleaned.is_empty() {
        "unknown".into()
    } else {
        cleaned
    }
}

/// The model `cargo xtask codegen --spec … --all` lowers from the description `text`, for
/// the unit tests of lowering's rules and of what reads the model.
#[cfg(test)]
pub(crate) fn model(text: &str) -> crate::ir::Api {
    lowered(text).api
}

/// What `cargo xtask codegen --spec … --all` lowers from the description `text`, warnings and
/// all.
#[cfg(test)]
pub(crate) fn lowered(text: &str) -> Lowered {
    use std::path::{Path, PathBuf};

    use crate::config::{CrateConfig, SelectionConfig};
    use crate::ir::CrateName;

    let spec = crate::spec::parse(text.as_bytes(), Path::new("test.yaml")).expect("parses");
    let krate = CrateConfig {
        name: CrateName::parse("example").expect("a crate name"),
        version: "0.1.0".into(),
    };
    let all = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };
    let config = Config::new(PathBuf::from("test.yaml"), PathBuf::from("out"), krate, all);
    let selection = crate::select::select(&spec, &config.selection, None).expect("selects");
    lower(
        &spec,
        &selection,
        &config,
        &std::collections::BTreeMap::new(),
    )
    .expect("lowers")
}
