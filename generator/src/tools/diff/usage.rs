//! What a selection covers in one document, and how each schema is used: a schema sent in
//! requests and one received in responses break clients in opposite ways (a new required
//! property breaks senders, a removed one breaks readers).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::select::HTTP_METHODS;
use crate::tools::prune::references;

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

impl Scope {
    /// The operations tagged with any of `tags` (every operation when empty) and the schemas
    /// they reach; without tags, every component schema is in scope.
    pub fn of(document: &Value, tags: &[String]) -> Scope {
        let mut scope = Scope::default();
        let empty = serde_json::Map::new();
        let paths = document["paths"].as_object().unwrap_or(&empty);
        for (path, item) in paths {
            for method in HTTP_METHODS {
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
                let request = Value::Array(vec![
                    item["parameters"].clone(),
                    operation["parameters"].clone(),
                    operation["requestBody"].clone(),
                ]);
                scope.mark(
                    document,
                    &request,
                    Usage {
                        request: true,
                        response: false,
                    },
                );
                scope.mark(
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
            let names = document["components"]["schemas"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys());
            for name in names {
                // Not reached from any operation: how it is used is unknown, so assume both.
                scope.schemas.entry(name.clone()).or_insert(Usage {
                    request: true,
                    response: true,
                });
            }
        }
        scope
    }

    /// Marks every component schema `value` references, transitively, with `usage`.
    fn mark(&mut self, document: &Value, value: &Value, usage: Usage) {
        for (kind, name) in references(document, value) {
            if kind == "schemas" {
                let entry = self.schemas.entry(name).or_default();
                entry.request |= usage.request;
                entry.response |= usage.response;
            }
        }
    }
}
