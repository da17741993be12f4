//! The wire column: differences between the two specs' selected operations and the component
//! schemas they reach, as changes classified for API clients. A schema's effect depends on how
//! the selection uses it (request, response or both); parameters, request bodies and responses
//! are compared after following their references through the resolver, and schemas are
//! compared structurally (a `$ref` inside a schema is compared as the name it spells; the named
//! schema is compared on its own).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{MediaType, Operation, Parameter, ReferenceOr};
use serde::Serialize;
use serde_json::Value;

use super::{Tally, Wire, WireChange};
use crate::select::{SelectedOperation, Selection, Usage};
use crate::spec::resolve::Resolver;
use crate::spec::{Spec, EVENT_STREAM_EXTENSION};

/// One version: its spec and what its selection covers.
pub(super) struct Side<'a> {
    spec: &'a Spec,
    resolver: Resolver<'a>,
    /// `path → method → operation` of the selection.
    operations: BTreeMap<&'a str, BTreeMap<&'a str, &'a SelectedOperation<'a>>>,
    /// Component schemas in scope, with how the selection uses them.
    schemas: BTreeMap<String, Usage>,
}

impl<'a> Side<'a> {
    pub fn new(spec: &'a Spec, selection: &'a Selection<'a>) -> Self {
        let mut operations: BTreeMap<&str, BTreeMap<&str, &SelectedOperation<'_>>> =
            BTreeMap::new();
        for op in &selection.operations {
            operations.entry(op.path).or_default().insert(op.method, op);
        }
        let schemas = selection
            .reached
            .iter()
            .filter_map(|(location, usage)| Some((location.component("schemas")?, *usage)))
            .collect();
        Side {
            spec,
            resolver: Resolver::new(&spec.api),
            operations,
            schemas,
        }
    }

    /// Whether the spec has a component schema `name`, in scope or not.
    fn defines_schema(&self, name: &str) -> bool {
        self.spec
            .api
            .components
            .as_ref()
            .is_some_and(|components| components.schemas.contains_key(name))
    }

    /// The path item of `path`, as JSON.
    fn path_item(&self, path: &str) -> Value {
        self.spec
            .api
            .paths
            .paths
            .get(path)
            .map_or(Value::Null, json)
    }

    /// The component schema `name`, as JSON.
    fn schema(&self, name: &str) -> Value {
        self.spec
            .api
            .components
            .as_ref()
            .and_then(|components| components.schemas.get(name))
            .map_or(Value::Null, json)
    }

    /// `(in, name) → parameter` of an operation, path-level parameters first and replaced by
    /// the operation's own of the same place and name, as JSON.
    fn parameters(&self, op: &SelectedOperation<'a>) -> BTreeMap<(String, String), Value> {
        let mut found = BTreeMap::new();
        for (at, parameter) in op.parameters() {
            if let Ok(parameter) = self.resolver.item::<Parameter>(parameter, &at) {
                let data = parameter.item.parameter_data_ref();
                let place = json(parameter.item)["in"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                found.insert((place, data.name.clone()), json(parameter.item));
            }
        }
        found
    }

    /// The JSON schema of the operation's request body, `Null` without one.
    fn request_body(&self, op: &SelectedOperation<'a>) -> Option<(Value, bool)> {
        let body = op.operation.request_body.as_ref()?;
        let body = self
            .resolver
            .item(body, &op.pointer.join("requestBody"))
            .ok()?;
        Some((json_schema(&body.item.content), body.item.required))
    }

    /// `status → JSON schema of the body` of the operation's responses (`Null` without one).
    fn responses(&self, op: &SelectedOperation<'a>) -> BTreeMap<String, Value> {
        responses(op.operation)
            .filter_map(|(status, response)| {
                let at = op.pointer.join("responses").join(&status);
                let response = self.resolver.item(response, &at).ok()?;
                Some((status, json_schema(&response.item.content)))
            })
            .collect()
    }
}

/// Compares what the API sends on its own: a webhook it stops sending (or no longer over an
/// event stream) breaks the consumers that wait for it; a new one breaks nothing. (A changed
/// payload is a change of the schemas, compared as what the API sends.)
pub(super) fn webhooks(old: &Spec, new: &Spec, changes: &mut Vec<WireChange>) {
    let delivered = |spec: &Spec| -> BTreeMap<String, bool> {
        spec.webhooks
            .iter()
            .flat_map(|(name, item)| {
                item.iter().map(move |(_, operation)| {
                    let stream = operation.extensions.contains_key(EVENT_STREAM_EXTENSION);
                    (name.clone(), stream)
                })
            })
            .collect()
    };
    let (before, after) = (delivered(old), delivered(new));
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for name in names {
        let subject = format!("webhook `{name}`");
        match (before.get(name), after.get(name)) {
            (None, Some(_)) => changes.push(change(&subject, "added", Wire::NonBreaking)),
            (Some(_), None) => changes.push(change(&subject, "removed", Wire::Breaking)),
            (Some(false), Some(true)) => changes.push(change(
                &subject,
                "now also sent over an event stream",
                Wire::NonBreaking,
            )),
            (Some(true), Some(false)) => changes.push(change(
                &subject,
                "no longer sent over an event stream",
                Wire::Breaking,
            )),
            _ => {}
        }
    }
}

/// Compares the paths in scope; pushes the changes of their operations.
pub(super) fn paths(old: &Side<'_>, new: &Side<'_>, changes: &mut Vec<WireChange>) -> Tally {
    let mut tally = Tally::default();
    let all: BTreeSet<&str> = old
        .operations
        .keys()
        .chain(new.operations.keys())
        .copied()
        .collect();
    let none = BTreeMap::new();
    for path in all {
        let (before, after) = (old.path_item(path), new.path_item(path));
        let old_methods = old.operations.get(path).unwrap_or(&none);
        let new_methods = new.operations.get(path).unwrap_or(&none);
        match (old_methods.is_empty(), new_methods.is_empty()) {
            (true, false) => tally.added.push(path.to_owned()),
            (false, true) => tally.removed.push(path.to_owned()),
            _ if before == after => continue,
            _ => {
                tally.changed.push(path.to_owned());
                if meaning(&before) == meaning(&after) {
                    tally.described.push(path.to_owned());
                }
            }
        }
        let methods: BTreeSet<&str> = old_methods
            .keys()
            .chain(new_methods.keys())
            .copied()
            .collect();
        for method in methods {
            let subject = format!("operation `{} {path}`", method.to_uppercase());
            match (old_methods.get(method), new_methods.get(method)) {
                (None, Some(_)) => changes.push(change(&subject, "added", Wire::NonBreaking)),
                (Some(_), None) => changes.push(change(&subject, "removed", Wire::Breaking)),
                (Some(a), Some(b)) => operation(old, new, a, b, &subject, changes),
                (None, None) => {}
            }
        }
    }
    tally
}

fn operation(
    old_side: &Side<'_>,
    new_side: &Side<'_>,
    old: &SelectedOperation<'_>,
    new: &SelectedOperation<'_>,
    subject: &str,
    changes: &mut Vec<WireChange>,
) {
    if old.operation.deprecated != new.operation.deprecated && new.operation.deprecated {
        changes.push(change(subject, "deprecated", Wire::NonBreaking));
    }
    let old_params = old_side.parameters(old);
    let new_params = new_side.parameters(new);
    let names: BTreeSet<&(String, String)> = old_params.keys().chain(new_params.keys()).collect();
    for key in names {
        let subject = format!("{subject}, {} parameter `{}`", key.0, key.1);
        match (old_params.get(key), new_params.get(key)) {
            (None, Some(p)) if p["required"] == true => {
                changes.push(change(&subject, "added (required)", Wire::Breaking));
            }
            (None, Some(_)) => {
                changes.push(change(&subject, "added (optional)", Wire::NonBreaking))
            }
            (Some(_), None) => changes.push(change(&subject, "removed", Wire::Breaking)),
            (Some(a), Some(b)) => {
                if a["required"] != b["required"] {
                    let (what, wire) = if b["required"] == true {
                        ("now required", Wire::Breaking)
                    } else {
                        ("now optional", Wire::NonBreaking)
                    };
                    changes.push(change(&subject, what, wire));
                }
                schema(
                    &a["schema"],
                    &b["schema"],
                    &subject,
                    Usage::REQUEST,
                    changes,
                );
            }
            (None, None) => {}
        }
    }
    let body_subject = format!("{subject}, request body");
    match (old_side.request_body(old), new_side.request_body(new)) {
        (None, Some((_, required))) => {
            changes.push(change(&body_subject, "added", wire_if(required)))
        }
        (Some(_), None) => changes.push(change(&body_subject, "removed", Wire::Breaking)),
        (Some((a, _)), Some((b, _))) => schema(&a, &b, &body_subject, Usage::REQUEST, changes),
        (None, None) => {}
    }
    let (old_responses, new_responses) = (old_side.responses(old), new_side.responses(new));
    let statuses: BTreeSet<&String> = old_responses.keys().chain(new_responses.keys()).collect();
    for status in statuses {
        let success = status.starts_with('2');
        let subject = format!("{subject}, response `{status}`");
        match (old_responses.get(status), new_responses.get(status)) {
            (None, Some(_)) => changes.push(change(&subject, "added", Wire::NonBreaking)),
            (Some(_), None) => changes.push(change(&subject, "removed", wire_if(success))),
            (Some(a), Some(b)) => {
                let subject = format!("{subject}, body");
                schema(a, b, &subject, Usage::RESPONSE, changes);
            }
            (None, None) => {}
        }
    }
}

/// Compares the component schemas in scope.
pub(super) fn schemas(old: &Side<'_>, new: &Side<'_>, changes: &mut Vec<WireChange>) -> Tally {
    let mut tally = Tally::default();
    let names: BTreeSet<&String> = old.schemas.keys().chain(new.schemas.keys()).collect();
    for name in names {
        let subject = format!("schema `{name}`");
        match (old.schemas.get(name), new.schemas.get(name)) {
            (None, _) => {
                tally.added.push(name.clone());
                changes.push(change(&subject, "added", Wire::NonBreaking));
            }
            // Still in the spec, but no selected operation uses it any more: the operations'
            // own changes say what breaks.
            (_, None) if new.defines_schema(name) => changes.push(change(
                &subject,
                "no longer used by the compared operations (still in the spec)",
                Wire::NonBreaking,
            )),
            (_, None) => {
                tally.removed.push(name.clone());
                changes.push(change(&subject, "removed", Wire::Breaking));
            }
            (Some(old_usage), Some(new_usage)) => {
                let (before, after) = (old.schema(name), new.schema(name));
                if before == after {
                    continue;
                }
                tally.changed.push(name.clone());
                if meaning(&before) == meaning(&after) {
                    tally.described.push(name.clone());
                } else {
                    let usage = old_usage.union(*new_usage);
                    schema(&before, &after, &subject, usage, changes);
                }
            }
        }
    }
    tally
}

/// The changes between two versions of one schema used as `usage`: what each changed keyword
/// means for clients, down through properties, items and alternatives. A change this does not
/// interpret (a new `pattern`, a `maximum`) is still listed, by keyword, as breaking.
fn schema(old: &Value, new: &Value, subject: &str, usage: Usage, changes: &mut Vec<WireChange>) {
    if meaning(old) == meaning(new) {
        return;
    }
    let listed = changes.len();
    if shape(old) != shape(new) {
        let what = format!("type {} → {}", shape(old), shape(new));
        changes.push(change(subject, &what, Wire::Breaking));
        return;
    }
    if old["nullable"] != new["nullable"] {
        let (what, wire) = if new["nullable"] == true {
            ("may now be null", wire_if(usage.response))
        } else {
            ("may no longer be null", wire_if(usage.request))
        };
        changes.push(change(subject, what, wire));
    }
    let (old_values, new_values) = (values(&old["enum"]), values(&new["enum"]));
    for value in new_values.difference(&old_values) {
        let what = format!("enum value `{value}` added");
        changes.push(change(subject, &what, wire_if(usage.response)));
    }
    for value in old_values.difference(&new_values) {
        let what = format!("enum value `{value}` removed");
        changes.push(change(subject, &what, wire_if(usage.request)));
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
                changes.push(change(&subject, "added (required)", wire_if(usage.request)));
            }
            (true, false) => changes.push(change(&subject, "added (optional)", Wire::NonBreaking)),
            (false, true) => changes.push(change(&subject, "removed", wire_if(usage.response))),
            _ => {
                if was_required != is_required {
                    let (what, wire) = if is_required {
                        ("now required", wire_if(usage.request))
                    } else {
                        ("now optional", wire_if(usage.response))
                    };
                    changes.push(change(&subject, what, wire));
                }
                schema(a, b, &subject, usage, changes);
            }
        }
    }
    if old["items"].is_object() || new["items"].is_object() {
        let subject = format!("{subject}, items");
        schema(&old["items"], &new["items"], &subject, usage, changes);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        match (old[key].as_array(), new[key].as_array()) {
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
                changes.push(change(subject, &what, Wire::Breaking));
            }
            _ => {}
        }
    }
    if meaning(&old["additionalProperties"]) != meaning(&new["additionalProperties"]) {
        changes.push(change(
            subject,
            "`additionalProperties` changed",
            Wire::Breaking,
        ));
    }
    if changes.len() == listed {
        let keywords: Vec<String> = keys(old)
            .union(&keys(new))
            .filter(|key| !TEXT_KEYS.contains(key))
            .filter(|key| keyword_meaning(key, &old[**key]) != keyword_meaning(key, &new[**key]))
            .map(|key| format!("`{key}`"))
            .collect();
        let what = format!("{} changed", keywords.join(", "));
        changes.push(change(subject, &what, Wire::Breaking));
    }
}

/// An operation's responses with their status (`default` last).
fn responses(
    operation: &Operation,
) -> impl Iterator<Item = (String, &ReferenceOr<openapiv3::Response>)> {
    let responses = &operation.responses;
    responses
        .responses
        .iter()
        .map(|(status, response)| (status.to_string(), response))
        .chain(responses.default.iter().map(|r| ("default".to_owned(), r)))
}

/// The schema of the JSON media type of a body, as JSON; `Null` without one.
fn json_schema(content: &indexmap::IndexMap<String, MediaType>) -> Value {
    content
        .iter()
        .find(|(media_type, _)| media_type.contains("json"))
        .and_then(|(_, media)| media.schema.as_ref())
        .map_or(Value::Null, json)
}

/// A part of the typed spec as JSON, for structural comparison. openapiv3's types only have
/// string map keys, so this cannot fail; if it ever did, the part would compare as absent.
fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
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

/// Keys whose values are sets: their order means nothing.
const SET_KEYS: &[&str] = &["enum", "required", "type"];

/// What `value` means to a client, for comparison: without its text-only keys, and with the
/// values of its set-valued keys in one order, recursively.
fn meaning(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !TEXT_KEYS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), keyword_meaning(key, value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(meaning).collect()),
        other => other.clone(),
    }
}

/// What the value of the schema keyword `key` means: a set once, in one order, for the
/// set-valued keywords (an overlay that appends a value already there changes nothing).
fn keyword_meaning(key: &str, value: &Value) -> Value {
    let mut value = meaning(value);
    if let (true, Value::Array(items)) = (SET_KEYS.contains(&key), &mut value) {
        items.sort_by_key(Value::to_string);
        items.dedup();
    }
    value
}

/// A short description of a schema's kind: `string`, `integer(int32)`, `` `custom_contact` ``
/// for a reference, `array`, `object`, `oneOf`, or `none`.
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

/// Sorted names of a JSON object's keys.
fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .map(|map| map.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn values(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect()
}

fn wire_if(breaking: bool) -> Wire {
    if breaking {
        Wire::Breaking
    } else {
        Wire::NonBreaking
    }
}

fn change(subject: &str, what: &str, wire: Wire) -> WireChange {
    WireChange {
        subject: subject.to_owned(),
        what: what.to_owned(),
        wire,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{schema, Usage};

    /// The changes between `old` and `new` used as `usage`, as `what (wire)` lines.
    fn compared(old: serde_json::Value, new: serde_json::Value, usage: Usage) -> Vec<String> {
        let mut changes = Vec::new();
        schema(&old, &new, "s", usage, &mut changes);
        changes
            .iter()
            .map(|change| {
                let subject = change.subject.strip_prefix('s').unwrap_or(&change.subject);
                format!("{subject}: {} ({:?})", change.what, change.wire)
            })
            .collect()
    }

    const BOTH: Usage = Usage {
        request: true,
        response: true,
    };

    #[test]
    fn text_and_the_order_of_sets_mean_nothing() {
        let old = json!({"type": "object", "required": ["a", "b"], "description": "Old.",
            "properties": {"a": {"type": "string", "enum": ["x", "y"], "example": "x"}}});
        let new = json!({"type": "object", "required": ["b", "a", "a"], "title": "New",
            "properties": {"a": {"type": "string", "enum": ["y", "x"], "description": "A."}}});
        assert!(compared(old, new, BOTH).is_empty());
    }

    #[test]
    fn a_new_enum_value_breaks_readers_and_a_removed_one_senders() {
        let old = json!({"type": "string", "enum": ["a", "b"]});
        let new = json!({"type": "string", "enum": ["a", "c"]});
        assert_eq!(
            compared(old.clone(), new.clone(), Usage::RESPONSE),
            [
                ": enum value `c` added (Breaking)",
                ": enum value `b` removed (NonBreaking)"
            ]
        );
        assert_eq!(
            compared(old, new, Usage::REQUEST),
            [
                ": enum value `c` added (NonBreaking)",
                ": enum value `b` removed (Breaking)"
            ]
        );
    }

    #[test]
    fn properties_are_compared_by_name_with_their_presence() {
        let old = json!({"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "gone": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}});
        let new = json!({"type": "object", "required": ["name"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "integer"}}}});
        assert_eq!(
            compared(old, new, Usage::RESPONSE),
            [
                ", property `gone`: removed (Breaking)",
                ", property `id`: now optional (Breaking)",
                ", property `name`: added (required) (NonBreaking)",
                ", property `tags`, items: type `string` → `integer` (Breaking)"
            ]
        );
    }

    #[test]
    fn a_keyword_without_a_rule_is_named_and_breaking() {
        let old = json!({"type": "string", "maxLength": 10});
        let new = json!({"type": "string", "maxLength": 5, "pattern": "^a"});
        assert_eq!(
            compared(old, new, BOTH),
            [": `maxLength`, `pattern` changed (Breaking)"]
        );
    }
}
