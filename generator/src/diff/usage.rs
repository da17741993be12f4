//! What a selection covers in one document, and how each schema is used: a schema sent in
//! requests and one received in responses break clients in opposite ways (a new required
//! property breaks senders, a removed one breaks readers).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Where a schema appears.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Usage {
    /// Reached from a parameter or request body.
    pub request: bool,
    /// Reached from a response.
    pub response: bool,
}

/// The paths, operations and component schemas a selection covers in one document.
#[derive(Debug, Default)]
pub(super) struct Scope {
    /// `path → methods` of the selected operations.
    pub operations: BTreeMap<String, BTreeSet<String>>,
    /// Component schemas in scope, with their usage.
    pub schemas: BTreeMap<String, Usage>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Scope {
    /// The operations tagged with any of `tags` (every operation when empty) and the schemas
    /// they reach; without tags, every component schema is in scope.
    pub fn of(document: &Value, tags: &[String]) -> Scope {
        let mut scope = Scope::default();
        let empty = serde_json::Map::new();
        let paths = document["paths"].as_object().unwrap_or(&empty);
        for (path, item) in paths {
            for method in METHODS {
                let Some(operation) = item.get(*method) else {
                    continue;
                };
                let tagged = operation["tags"]
                    .as_array()
                    .is_some_and(|list| list.iter().any(|t| tags.iter().any(|tag| t == tag)));
                if !tags.is_empty() && !tagged {
                    continue;
                }
                scope
                    .operations
                    .entry(path.clone())
                    .or_default()
                    .insert((*method).to_owned());
                let request = [
                    &item["parameters"],
                    &operation["parameters"],
                    &operation["requestBody"],
                ];
                for part in request {
                    scope.reach(
                        document,
                        part,
                        Usage {
                            request: true,
                            response: false,
                        },
                    );
                }
                scope.reach(
                    document,
                    &operation["responses"],
                    Usage {
                        request: false,
                        response: true,
                    },
                );
            }
        }
        if tags.is_empty() {
            for name in keys_of(&document["components"]["schemas"]) {
                // Not reached from any operation: how it is used is unknown, so assume both.
                scope.schemas.entry(name).or_insert(Usage {
                    request: true,
                    response: true,
                });
            }
        }
        scope
    }

    /// Marks every component schema `value` references, transitively, with `usage`.
    fn reach(&mut self, document: &Value, value: &Value, usage: Usage) {
        let mut pending = vec![value];
        let mut seen = BTreeSet::new();
        while let Some(current) = pending.pop() {
            match current {
                Value::Object(map) => {
                    if let Some(Value::String(reference)) = map.get("$ref") {
                        let Some(path) = reference.strip_prefix("#/components/") else {
                            continue;
                        };
                        if !seen.insert(reference.clone()) {
                            continue;
                        }
                        let mut parts = path.splitn(2, '/');
                        let (kind, name) = (
                            parts.next().unwrap_or_default(),
                            parts.next().unwrap_or_default(),
                        );
                        let name = name.replace("~1", "/").replace("~0", "~");
                        if kind == "schemas" {
                            let entry = self.schemas.entry(name.clone()).or_default();
                            entry.request |= usage.request;
                            entry.response |= usage.response;
                        }
                        if let Some(target) = document["components"][kind].get(&name) {
                            pending.push(target);
                        }
                    }
                    pending.extend(map.values());
                }
                Value::Array(items) => pending.extend(items),
                _ => {}
            }
        }
    }
}

fn keys_of(value: &Value) -> Vec<String> {
    value
        .as_object()
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

/// A warning when the schema of the API version header disagrees with `info.version` (Intercom
/// 2.15 still defaults `Intercom-Version` to 2.14 and does not list 2.15); the generated client
/// sends `info.version` regardless.
pub fn version_header_warning(document: &Value, header: &str, version: &str) -> Option<String> {
    let parameters = document["paths"]
        .as_object()?
        .values()
        .flat_map(|item| {
            let shared = item["parameters"].as_array().into_iter().flatten();
            let own = METHODS
                .iter()
                .filter_map(|m| item.get(*m))
                .flat_map(|op| op["parameters"].as_array().into_iter().flatten());
            shared.chain(own)
        })
        .chain(
            document["components"]["parameters"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values()),
        );
    for parameter in parameters {
        let parameter = resolve(document, parameter);
        if parameter["in"] != "header"
            || !parameter["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(header))
        {
            continue;
        }
        let (schema, at) = match parameter["schema"]["$ref"].as_str() {
            Some(reference) => (
                resolve(document, &parameter["schema"]),
                format!("`{reference}`"),
            ),
            None => (&parameter["schema"], "its inline schema".to_owned()),
        };
        let default = schema["default"].as_str();
        let listed = schema["enum"]
            .as_array()
            .map(|values| values.iter().any(|v| v == version));
        let default_differs = default.is_some_and(|d| d != version);
        if default_differs || listed == Some(false) {
            let mut facts = Vec::new();
            if let Some(default) = default.filter(|_| default_differs) {
                facts.push(format!("defaults to `{default}`"));
            }
            if listed == Some(false) {
                facts.push(format!("does not list `{version}` among its values"));
            }
            return Some(format!(
                "the `{header}` header's schema ({at}) {}, but info.version is `{version}`; the generated client sends `{version}`",
                facts.join(" and ")
            ));
        }
    }
    None
}

/// `value`, or what its `$ref` names.
fn resolve<'v>(document: &'v Value, value: &'v Value) -> &'v Value {
    match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => document.pointer(pointer).unwrap_or(value),
        None => value,
    }
}
