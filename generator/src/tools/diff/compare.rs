//! Differences → classified changes. Each rule states its wire effect (for the usage of the
//! schema: request, response or both) and its semver effect on the generated crate, whose
//! structs have public fields (a new field breaks struct literals) and whose enums are
//! `#[non_exhaustive]` with an `Unknown` catch-all (a new value is only an addition).

use std::collections::BTreeSet;

use serde_json::Value;

use super::usage::{Scope, Usage};
use super::{keys, resolve, without_text, Change, Semver, Tally, Wire};

/// Compares the paths in scope; pushes the changes of their operations.
pub(super) fn paths(
    old: &Value,
    new: &Value,
    old_scope: &Scope,
    new_scope: &Scope,
    changes: &mut Vec<Change>,
) -> Tally {
    let mut tally = Tally::default();
    let all: BTreeSet<&String> = old_scope
        .operations
        .keys()
        .chain(new_scope.operations.keys())
        .collect();
    for path in all {
        let (before, after) = (&old["paths"][path], &new["paths"][path]);
        let old_methods = old_scope.operations.get(path).cloned().unwrap_or_default();
        let new_methods = new_scope.operations.get(path).cloned().unwrap_or_default();
        match (old_methods.is_empty(), new_methods.is_empty()) {
            (true, false) => tally.added.push(path.clone()),
            (false, true) => tally.removed.push(path.clone()),
            _ if before == after => continue,
            _ => {
                tally.changed.push(path.clone());
                if without_text(before) == without_text(after) {
                    tally.described.push(path.clone());
                }
            }
        }
        for method in old_methods.union(&new_methods) {
            let subject = format!("operation `{} {path}`", method.to_uppercase());
            match (old_methods.contains(method), new_methods.contains(method)) {
                (false, _) => {
                    changes.push(change(&subject, "added", Wire::NonBreaking, Semver::Minor))
                }
                (_, false) => {
                    changes.push(change(&subject, "removed", Wire::Breaking, Semver::Major))
                }
                _ => operation(
                    old,
                    new,
                    &before[method],
                    &after[method],
                    (&before["parameters"], &after["parameters"]),
                    &subject,
                    changes,
                ),
            }
        }
    }
    tally
}

fn operation(
    old_doc: &Value,
    new_doc: &Value,
    old: &Value,
    new: &Value,
    shared: (&Value, &Value),
    subject: &str,
    changes: &mut Vec<Change>,
) {
    if old["operationId"] != new["operationId"] {
        let what = format!(
            "operationId `{}` → `{}` (the client method is renamed)",
            text(&old["operationId"]),
            text(&new["operationId"])
        );
        changes.push(change(subject, &what, Wire::NonBreaking, Semver::Major));
    }
    if old["deprecated"] != new["deprecated"] && new["deprecated"] == true {
        changes.push(change(
            subject,
            "deprecated",
            Wire::NonBreaking,
            Semver::Minor,
        ));
    }
    let old_params = parameters(old_doc, shared.0, &old["parameters"]);
    let new_params = parameters(new_doc, shared.1, &new["parameters"]);
    let names: BTreeSet<&(String, String)> = old_params
        .iter()
        .map(|(k, _)| k)
        .chain(new_params.iter().map(|(k, _)| k))
        .collect();
    for key in names {
        let subject = format!("{subject}, {} parameter `{}`", key.0, key.1);
        let before = old_params.iter().find(|(k, _)| k == key).map(|(_, p)| p);
        let after = new_params.iter().find(|(k, _)| k == key).map(|(_, p)| p);
        match (before, after) {
            (None, Some(p)) if p["required"] == true => {
                changes.push(change(
                    &subject,
                    "added (required)",
                    Wire::Breaking,
                    Semver::Major,
                ));
            }
            (None, Some(_)) => changes.push(change(
                &subject,
                "added (optional; a new method argument)",
                Wire::NonBreaking,
                Semver::Major,
            )),
            (Some(_), None) => {
                changes.push(change(&subject, "removed", Wire::Breaking, Semver::Major))
            }
            (Some(a), Some(b)) => {
                if a["required"] != b["required"] {
                    let now_required = b["required"] == true;
                    let (what, wire) = if now_required {
                        ("now required", Wire::Breaking)
                    } else {
                        ("now optional", Wire::NonBreaking)
                    };
                    changes.push(change(&subject, what, wire, Semver::Major));
                }
                if without_text(&a["schema"]) != without_text(&b["schema"]) {
                    let what = format!("type {} → {}", shape(&a["schema"]), shape(&b["schema"]));
                    changes.push(change(&subject, &what, Wire::Breaking, Semver::Major));
                }
            }
            (None, None) => {}
        }
    }
    let (old_body, new_body) = (
        resolve(old_doc, &old["requestBody"]),
        resolve(new_doc, &new["requestBody"]),
    );
    if without_text(old_body) != without_text(new_body) {
        let body_subject = format!("{subject}, request body");
        match (old_body.is_null(), new_body.is_null()) {
            (true, false) => changes.push(change(
                &body_subject,
                "added",
                wire_if(new_body["required"] == true),
                Semver::Major,
            )),
            (false, true) => changes.push(change(
                &body_subject,
                "removed",
                Wire::Breaking,
                Semver::Major,
            )),
            _ => {
                let what = format!(
                    "{} → {}",
                    shape(&json_schema(old_body)),
                    shape(&json_schema(new_body))
                );
                changes.push(change(&body_subject, &what, Wire::Breaking, Semver::Major));
            }
        }
    }
    let statuses: BTreeSet<&str> = keys(&old["responses"])
        .into_iter()
        .chain(keys(&new["responses"]))
        .collect();
    for status in statuses {
        let success = status.starts_with('2');
        let subject = format!("{subject}, response `{status}`");
        let (a, b) = (
            resolve(old_doc, &old["responses"][status]),
            resolve(new_doc, &new["responses"][status]),
        );
        match (a.is_null(), b.is_null()) {
            (true, false) => changes.push(change(
                &subject,
                "added",
                Wire::NonBreaking,
                if success {
                    Semver::Major
                } else {
                    Semver::Minor
                },
            )),
            (false, true) => changes.push(change(
                &subject,
                "removed",
                wire_if(success),
                if success {
                    Semver::Major
                } else {
                    Semver::Minor
                },
            )),
            _ if without_text(&json_schema(a)) != without_text(&json_schema(b)) => {
                let what = format!(
                    "body {} → {}",
                    shape(&json_schema(a)),
                    shape(&json_schema(b))
                );
                changes.push(change(
                    &subject,
                    &what,
                    Wire::Breaking,
                    if success {
                        Semver::Major
                    } else {
                        Semver::Minor
                    },
                ));
            }
            _ => {}
        }
    }
}

/// Compares the component schemas in scope.
pub(super) fn schemas(
    old: &Value,
    new: &Value,
    old_scope: &Scope,
    new_scope: &Scope,
    changes: &mut Vec<Change>,
) -> Tally {
    let mut tally = Tally::default();
    let names: BTreeSet<&String> = old_scope
        .schemas
        .keys()
        .chain(new_scope.schemas.keys())
        .collect();
    for name in names {
        let (before, after) = (
            &old["components"]["schemas"][name],
            &new["components"]["schemas"][name],
        );
        let subject = format!("schema `{name}`");
        match (before.is_null(), after.is_null()) {
            (true, false) => {
                tally.added.push(name.clone());
                changes.push(change(&subject, "added", Wire::NonBreaking, Semver::Minor));
            }
            (false, true) => {
                tally.removed.push(name.clone());
                changes.push(change(&subject, "removed", Wire::Breaking, Semver::Major));
            }
            _ if before == after => {}
            _ => {
                tally.changed.push(name.clone());
                if without_text(before) == without_text(after) {
                    tally.described.push(name.clone());
                } else {
                    let usage = merge(old_scope.schemas.get(name), new_scope.schemas.get(name));
                    schema(before, after, &subject, usage, changes);
                }
            }
        }
    }
    tally
}

/// The changes between two versions of one schema used as `usage`.
fn schema(old: &Value, new: &Value, subject: &str, usage: Usage, changes: &mut Vec<Change>) {
    if without_text(old) == without_text(new) {
        return;
    }
    if shape(old) != shape(new) {
        let what = format!("type {} → {}", shape(old), shape(new));
        changes.push(change(subject, &what, Wire::Breaking, Semver::Major));
        return;
    }
    if old["nullable"] != new["nullable"] {
        let (what, wire) = if new["nullable"] == true {
            ("may now be null", wire_if(usage.response))
        } else {
            ("may no longer be null", wire_if(usage.request))
        };
        changes.push(change(subject, what, wire, Semver::Major));
    }
    let (old_values, new_values) = (values(&old["enum"]), values(&new["enum"]));
    for value in new_values.difference(&old_values) {
        let what = format!("enum value `{value}` added");
        changes.push(change(
            subject,
            &what,
            wire_if(usage.response),
            Semver::Minor,
        ));
    }
    for value in old_values.difference(&new_values) {
        let what = format!("enum value `{value}` removed");
        changes.push(change(
            subject,
            &what,
            wire_if(usage.request),
            Semver::Major,
        ));
    }
    let (old_required, new_required) = (values(&old["required"]), values(&new["required"]));
    let properties: BTreeSet<&str> = keys(&old["properties"])
        .into_iter()
        .chain(keys(&new["properties"]))
        .collect();
    for property in properties {
        let subject = format!("{subject}, property `{property}`");
        let (a, b) = (&old["properties"][property], &new["properties"][property]);
        let (was_required, is_required) = (
            old_required.contains(property),
            new_required.contains(property),
        );
        match (a.is_null(), b.is_null()) {
            (true, false) if is_required => {
                changes.push(change(&subject, "added (required)", wire_if(usage.request), Semver::Major));
            }
            (true, false) => changes.push(change(
                &subject,
                "added (optional; additive on the wire, but a new struct field breaks struct literals)",
                Wire::NonBreaking,
                Semver::Major,
            )),
            (false, true) => changes.push(change(&subject, "removed", wire_if(usage.response), Semver::Major)),
            _ => {
                if was_required != is_required {
                    let (what, wire) = if is_required {
                        ("now required", wire_if(usage.request))
                    } else {
                        ("now optional", wire_if(usage.response))
                    };
                    changes.push(change(&subject, what, wire, Semver::Major));
                }
                schema(a, b, &subject, usage, changes);
            }
        }
    }
    if old["items"].is_object() || new["items"].is_object() {
        schema(
            &old["items"],
            &new["items"],
            &format!("{subject}, items"),
            usage,
            changes,
        );
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        let (a, b) = (old[key].as_array(), new[key].as_array());
        match (a, b) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                for (index, (x, y)) in a.iter().zip(b).enumerate() {
                    schema(x, y, &format!("{subject}, {key}[{index}]"), usage, changes);
                }
            }
            (a, b) if a != b => {
                let what = format!(
                    "`{key}` alternatives changed ({} → {})",
                    a.map_or(0, Vec::len),
                    b.map_or(0, Vec::len)
                );
                changes.push(change(subject, &what, Wire::Breaking, Semver::Major));
            }
            _ => {}
        }
    }
    if without_text(&old["additionalProperties"]) != without_text(&new["additionalProperties"]) {
        changes.push(change(
            subject,
            "`additionalProperties` changed",
            Wire::Breaking,
            Semver::Major,
        ));
    }
}

/// A short description of a schema's kind: `string`, `integer(int32)`, `$ref custom_contact`,
/// `array`, `object`, `oneOf`, or `none`.
fn shape(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return format!("`{}`", reference.rsplit('/').next().unwrap_or(reference));
    }
    let kind = match (&schema["type"], &schema["format"]) {
        (Value::String(kind), Value::String(format)) => format!("{kind}({format})"),
        (Value::String(kind), _) => kind.clone(),
        _ if schema["oneOf"].is_array() => "oneOf".into(),
        _ if schema["anyOf"].is_array() => "anyOf".into(),
        _ if schema["allOf"].is_array() => "allOf".into(),
        _ if schema["properties"].is_object() => "object".into(),
        _ if schema.is_null() => "none".into(),
        _ => "any".into(),
    };
    format!("`{kind}`")
}

/// `(in, name) → parameter` of an operation, path-level parameters first, `$ref`s resolved.
fn parameters<'v>(
    document: &'v Value,
    shared: &'v Value,
    own: &'v Value,
) -> Vec<((String, String), &'v Value)> {
    let mut found: Vec<((String, String), &Value)> = Vec::new();
    for parameter in shared
        .as_array()
        .into_iter()
        .flatten()
        .chain(own.as_array().into_iter().flatten())
    {
        let parameter = resolve(document, parameter);
        let key = (text(&parameter["in"]), text(&parameter["name"]));
        found.retain(|(k, _)| *k != key);
        found.push((key, parameter));
    }
    found
}

/// The JSON schema of a request body or response.
fn json_schema(item: &Value) -> Value {
    item["content"]
        .as_object()
        .and_then(|content| content.iter().find(|(media, _)| media.contains("json")))
        .map(|(_, media)| media["schema"].clone())
        .unwrap_or(Value::Null)
}

fn values(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect()
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

fn merge(a: Option<&Usage>, b: Option<&Usage>) -> Usage {
    let (a, b) = (
        a.copied().unwrap_or_default(),
        b.copied().unwrap_or_default(),
    );
    Usage {
        request: a.request || b.request,
        response: a.response || b.response,
    }
}

fn wire_if(breaking: bool) -> Wire {
    if breaking {
        Wire::Breaking
    } else {
        Wire::NonBreaking
    }
}

fn change(subject: &str, what: &str, wire: Wire, semver: Semver) -> Change {
    Change {
        subject: subject.to_owned(),
        what: what.to_owned(),
        wire,
        semver,
    }
}
