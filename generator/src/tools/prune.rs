//! A standalone spec holding only the selected operations and everything they reach, for tools
//! that cannot select (the benchmark comparisons feed it to other generators). What is kept is
//! exactly what [`crate::select`] reached, so the pruned spec generates the same client.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, PathItem, Paths, ReferenceOr};

use crate::config::SelectionConfig;
use crate::select::{self, Selection};
use crate::spec::{Pointer, Spec};
use crate::Error;

/// The document of `spec` cut down to the operations `criteria` select, the components they
/// reach, every security scheme (security requirements name them), and the tags the kept
/// operations carry.
pub fn prune(spec: &Spec, criteria: &SelectionConfig) -> Result<OpenAPI, Error> {
    let api = &spec.api;
    // The version header's parameters stay in the document, and so their schemas with them.
    let selection = select::select(spec, criteria, None)?;
    let kept_operation = |path: &str, method: &str| {
        selection
            .operations
            .iter()
            .any(|op| op.path == path && op.method == method)
            || selection.reached.contains_key(&operation(path, method))
    };
    let mut paths = Paths::default();
    for (path, item) in &api.paths.paths {
        let item = match item {
            ReferenceOr::Item(item) => item,
            reference => {
                if selection.operations.iter().any(|op| op.path == path) {
                    paths.paths.insert(path.clone(), reference.clone());
                }
                continue;
            }
        };
        let keep = |method: &str, operation: &Option<openapiv3::Operation>| {
            operation.clone().filter(|_| kept_operation(path, method))
        };
        let kept = PathItem {
            get: keep("get", &item.get),
            put: keep("put", &item.put),
            post: keep("post", &item.post),
            delete: keep("delete", &item.delete),
            options: keep("options", &item.options),
            head: keep("head", &item.head),
            patch: keep("patch", &item.patch),
            trace: keep("trace", &item.trace),
            ..item.clone()
        };
        let shared_reached = selection
            .reached
            .contains_key(&Pointer::root().join("paths").join(path));
        if kept.iter().next().is_some() || shared_reached {
            paths.paths.insert(path.clone(), ReferenceOr::Item(kept));
        }
    }
    let tags = api
        .tags
        .iter()
        .filter(|tag| {
            paths
                .paths
                .values()
                .filter_map(ReferenceOr::as_item)
                .flat_map(|item| item.iter())
                .any(|(_, op)| op.tags.contains(&tag.name))
        })
        .cloned()
        .collect();
    Ok(OpenAPI {
        paths,
        components: api
            .components
            .as_ref()
            .map(|components| pruned_components(components, &selection)),
        tags,
        ..api.clone()
    })
}

/// `#/paths/<path>/<method>`.
fn operation(path: &str, method: &str) -> Pointer {
    Pointer::root().join("paths").join(path).join(method)
}

/// The components the selection reached, and every security scheme.
fn pruned_components(components: &Components, selection: &Selection<'_>) -> Components {
    fn kept<T: Clone>(
        map: &IndexMap<String, T>,
        kind: &str,
        selection: &Selection<'_>,
    ) -> IndexMap<String, T> {
        let base = Pointer::root().join("components").join(kind);
        map.iter()
            .filter(|(name, _)| selection.reached.contains_key(&base.join(name)))
            .map(|(name, item)| (name.clone(), item.clone()))
            .collect()
    }
    Components {
        security_schemes: components.security_schemes.clone(),
        responses: kept(&components.responses, "responses", selection),
        parameters: kept(&components.parameters, "parameters", selection),
        examples: kept(&components.examples, "examples", selection),
        request_bodies: kept(&components.request_bodies, "requestBodies", selection),
        headers: kept(&components.headers, "headers", selection),
        schemas: kept(&components.schemas, "schemas", selection),
        links: kept(&components.links, "links", selection),
        callbacks: kept(&components.callbacks, "callbacks", selection),
        extensions: components.extensions.clone(),
    }
}
