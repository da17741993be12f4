//! A standalone spec holding only the selected operations and every component they reach, for
//! tools that cannot select (the benchmark comparisons feed it to other generators).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::select::HTTP_METHODS;
use crate::spec::Spec;
use crate::Error;

/// The document of `spec` cut down to the operations tagged with any of `tags`.
pub fn prune(spec: &Spec, tags: &[String]) -> Result<Value, Error> {
    let document = serde_json::to_value(&spec.api).map_err(|error| Error::Render {
        file: spec.path.display().to_string(),
        message: error.to_string(),
    })?;
    let mut paths = Map::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        let kept: Map<String, Value> = item
            .iter()
            .filter(|(key, operation)| {
                !HTTP_METHODS.contains(&key.as_str())
                    || operation["tags"]
                        .as_array()
                        .is_some_and(|list| list.iter().any(|t| tags.iter().any(|tag| t == tag)))
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        if kept.keys().any(|key| HTTP_METHODS.contains(&key.as_str())) {
            paths.insert(path.clone(), Value::Object(kept));
        }
    }
    let reached = references(&document, &Value::Object(paths.clone()));
    let mut components = Map::new();
    for (kind, entries) in document["components"].as_object().into_iter().flatten() {
        let kept: Map<String, Value> = entries
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(name, _)| {
                kind == "securitySchemes" || reached.contains(&(kind.clone(), (*name).clone()))
            })
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        if !kept.is_empty() {
            components.insert(kind.clone(), Value::Object(kept));
        }
    }
    let mut pruned = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(value) = document.get(key).filter(|v| !v.is_null()) {
            pruned.insert(key.to_owned(), value.clone());
        }
    }
    pruned.insert("paths".into(), Value::Object(paths));
    pruned.insert("components".into(), Value::Object(components));
    Ok(Value::Object(pruned))
}

/// `(kind, name)` of every component (`schemas`, `responses`, `parameters` …) `start`
/// references, transitively, in a document held as JSON.
pub(crate) fn references(document: &Value, start: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut pending = vec![start.clone()];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let mut parts = reference.trim_start_matches("#/components/").splitn(2, '/');
                    if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
                        let name = name.replace("~1", "/").replace("~0", "~");
                        if found.insert((kind.to_owned(), name.clone())) {
                            pending.push(document["components"][kind][&name].clone());
                        }
                    }
                }
                pending.extend(map.into_iter().map(|(_, v)| v));
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    found
}
