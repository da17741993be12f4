//! Synthetic specs N times the size of a real one, for the scaling benchmarks: the paths and
//! schemas are replicated under renamed keys (`/copy2/...`, `schema_copy2`), with the copies'
//! `$ref`s and operationIds renamed to match, so every copy is a real, distinct API.

use serde_json::{Map, Value};

/// `document` with `factor - 1` renamed copies of its paths and schemas added.
pub fn replicate(document: &Value, factor: usize) -> Value {
    let mut result = document.clone();
    for copy in 2..=factor {
        let suffix = format!("_copy{copy}");
        let rename = |value: &Value| rename_refs(value, &suffix);
        let paths: Vec<(String, Value)> = document["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, item)| (format!("/copy{copy}{path}"), rename(item)))
            .collect();
        let schemas: Vec<(String, Value)> = document["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, schema)| (format!("{name}{suffix}"), rename(schema)))
            .collect();
        if let Some(target) = result["paths"].as_object_mut() {
            target.extend(paths);
        }
        if let Some(target) = result["components"]["schemas"].as_object_mut() {
            target.extend(schemas);
        }
    }
    result
}

fn rename_refs(value: &Value, suffix: &str) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = match (key.as_str(), value) {
                        ("$ref", Value::String(reference))
                            if reference.starts_with("#/components/schemas/") =>
                        {
                            Value::String(format!("{reference}{suffix}"))
                        }
                        ("operationId", Value::String(id)) => {
                            Value::String(format!("{id}{suffix}"))
                        }
                        _ => rename_refs(value, suffix),
                    };
                    (key.clone(), value)
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| rename_refs(item, suffix)).collect())
        }
        other => other.clone(),
    }
}
