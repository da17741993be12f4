//! Finding the nodes the rules rewrite: objects at a path of keys, and every schema of the
//! document (wherever OpenAPI puts one, and every subschema of those), each with where it is.
//! Where it is stays a chain of keys on the stack until a rule asks for its JSON pointer (to
//! say where in a warning): the walks visit every node of the document, a few times over, and
//! most nodes never need one.

use std::fmt;

use serde_json::{Map, Value};

use crate::spec::Pointer;

/// Where a node of the document is: its parent's place and its key or index there.
#[derive(Debug, Clone, Copy)]
pub(super) struct At<'a> {
    /// `None` at the root.
    parent: Option<&'a At<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    const ROOT: At<'static> = At {
        parent: None,
        segment: Segment::Root,
    };

    fn key<'s>(&'s self, key: &'s str) -> At<'s> {
        At {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    fn index<'s>(&'s self, index: usize) -> At<'s> {
        At {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The JSON pointer of this place.
    pub(super) fn pointer(&self) -> Pointer {
        let parent = || self.parent.map_or_else(Pointer::root, At::pointer);
        match self.segment {
            Segment::Root => Pointer::root(),
            Segment::Key(key) => parent().join(key),
            Segment::Index(index) => parent().join(index),
        }
    }

    /// The pointer of this place with one more segment.
    pub(super) fn join(&self, segment: impl fmt::Display) -> Pointer {
        self.pointer().join(segment)
    }

    /// The keys and indices from the root to this place.
    pub(super) fn segments(&self) -> Vec<String> {
        let mut segments = self.parent.map(At::segments).unwrap_or_default();
        match self.segment {
            Segment::Root => {}
            Segment::Key(key) => segments.push(key.to_owned()),
            Segment::Index(index) => segments.push(index.to_string()),
        }
        segments
    }

    /// The key of this place in the object that holds it; `None` at the root or in a list.
    pub(super) fn last_key(&self) -> Option<&'a str> {
        match self.segment {
            Segment::Key(key) => Some(key),
            Segment::Root | Segment::Index(_) => None,
        }
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pointer().fmt(f)
    }
}

/// Every object of `document` found by following `path` (`*` matches every key of an object
/// or every item of an array), with where it is.
pub(super) fn each_at(
    document: &mut Value,
    path: &[&str],
    visit: &mut dyn FnMut(&mut Map<String, Value>, &At<'_>),
) {
    each_at_below(document, path, &At::ROOT, visit);
}

fn each_at_below(
    document: &mut Value,
    path: &[&str],
    at: &At<'_>,
    visit: &mut dyn FnMut(&mut Map<String, Value>, &At<'_>),
) {
    let Some((first, rest)) = path.split_first() else {
        if let Value::Object(object) = document {
            visit(object, at);
        }
        return;
    };
    match (document, *first) {
        (Value::Object(object), "*") => {
            for (key, value) in object.iter_mut() {
                each_at_below(value, rest, &at.key(key), visit);
            }
        }
        (Value::Array(items), "*") => {
            for (index, value) in items.iter_mut().enumerate() {
                each_at_below(value, rest, &at.index(index), visit);
            }
        }
        (Value::Object(object), key) => {
            if let Some(value) = object.get_mut(key) {
                each_at_below(value, rest, &at.key(key), visit);
            }
        }
        _ => {}
    }
}

/// Keys of OpenAPI objects and schemas whose values are example data, never walked: a `$ref`
/// in an example is text, not a reference (Square's examples have some). (`default` is not
/// among them: it is also the catch-all response.)
const DATA: &[&str] = &["example", "examples"];

/// Keys whose value maps names to objects: there, `example` is a name (Kubernetes has a
/// property called so), not data.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "securityDefinitions",
    "callbacks",
    "links",
    "paths",
    "webhooks",
    "x-webhooks",
    "pathItems",
    "mediaTypes",
    "content",
    "encoding",
    "variables",
];

/// Visits every object of `node` (the document, or a part of it whose places are then told
/// as if it were), each before what it holds, except example data.
pub(super) fn each_object(
    node: &mut Value,
    visit: &mut dyn FnMut(&mut Map<String, Value>, &At<'_>),
) {
    object_node(node, &At::ROOT, false, visit);
}

/// `names`: the keys of this node are names (it is the value of a name map).
fn object_node(
    node: &mut Value,
    at: &At<'_>,
    names: bool,
    visit: &mut dyn FnMut(&mut Map<String, Value>, &At<'_>),
) {
    match node {
        Value::Object(object) => {
            visit(object, at);
            for (key, value) in object.iter_mut() {
                if !names && DATA.contains(&key.as_str()) {
                    continue;
                }
                let holds_names = !names && NAME_MAPS.contains(&key.as_str());
                object_node(value, &at.key(key), holds_names, visit);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                object_node(item, &at.index(index), false, visit);
            }
        }
        _ => {}
    }
}

/// Visits every schema of `document`, each before its subschemas (so a rule that restructures
/// a schema sees the new subschemas visited too).
pub(super) fn each_schema(
    document: &mut Value,
    visit: &mut dyn FnMut(&mut Map<String, Value>, &At<'_>),
) {
    document_node(document, &At::ROOT, Place::Object, visit);
}

/// What a node of the document is, for finding its schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// An OpenAPI object: its `schema` and `itemSchema` are schemas.
    Object,
    /// `components`: its `schemas` map names to schemas.
    Components,
    /// A map of names to OpenAPI objects (whose keys are names, never data).
    Names,
}

fn document_node(
    node: &mut Value,
    at: &At<'_>,
    place: Place,
    visit: &mut dyn FnMut(&mut Map<String, Value>, &At<'_>),
) {
    match node {
        Value::Object(object) => {
            for (key, value) in object.iter_mut() {
                let at = at.key(key);
                if place == Place::Names {
                    document_node(value, &at, Place::Object, visit);
                    continue;
                }
                match key.as_str() {
                    key if key.starts_with("x-") && key != "x-webhooks" => {}
                    key if DATA.contains(&key) => {}
                    "schema" | "itemSchema" => schema_node(value, &at, visit),
                    "schemas" if place == Place::Components => {
                        if let Value::Object(schemas) = value {
                            for (name, schema) in schemas.iter_mut() {
                                schema_node(schema, &at.key(name), visit);
                            }
                        }
                    }
                    "components" => document_node(value, &at, Place::Components, visit),
                    key if NAME_MAPS.contains(&key) => {
                        document_node(value, &at, Place::Names, visit)
                    }
                    _ => document_node(value, &at, Place::Object, visit),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                document_node(item, &at.index(index), Place::Object, visit);
            }
        }
        _ => {}
    }
}

/// Subschema keywords whose value is one schema.
const ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "additionalItems",
];
/// Subschema keywords whose value is a list of schemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Subschema keywords whose value maps names to schemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

fn schema_node(
    node: &mut Value,
    at: &At<'_>,
    visit: &mut dyn FnMut(&mut Map<String, Value>, &At<'_>),
) {
    let Value::Object(schema) = node else {
        return;
    };
    visit(schema, at);
    for (key, value) in schema.iter_mut() {
        let at = at.key(key);
        if ONE.contains(&key.as_str()) {
            match value {
                // `items` as a list is draft 4's tuple.
                Value::Array(items) => {
                    for (index, item) in items.iter_mut().enumerate() {
                        schema_node(item, &at.index(index), visit);
                    }
                }
                other => schema_node(other, &at, visit),
            }
        } else if LIST.contains(&key.as_str()) {
            if let Value::Array(items) = value {
                for (index, item) in items.iter_mut().enumerate() {
                    schema_node(item, &at.index(index), visit);
                }
            }
        } else if MAP.contains(&key.as_str()) {
            if let Value::Object(entries) = value {
                for (name, entry) in entries.iter_mut() {
                    schema_node(entry, &at.key(name), visit);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::each_schema;

    #[test]
    fn every_schema_is_found_and_examples_are_not_walked() {
        let mut document = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"type": "object", "properties": {"schema": {"items": {"type": "integer"}}}},
                    "example": {"schema": {"$ref": "https://example.com/not-a-ref"}}
                }}}}
            }}},
            "components": {
                "schemas": {"A": {"allOf": [{"$ref": "#/components/schemas/B"}]}},
                "parameters": {"example": {"name": "example", "in": "query", "schema": {"type": "string"}}}
            }
        });
        let mut seen = Vec::new();
        each_schema(&mut document, &mut |_, at| seen.push(at.to_string()));
        assert_eq!(
            seen,
            [
                "#/paths/~1a/get/parameters/0/schema",
                "#/paths/~1a/get/responses/200/content/application~1json/schema",
                "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/schema",
                "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/schema/items",
                "#/components/schemas/A",
                "#/components/schemas/A/allOf/0",
                // A parameter named `example` is a name, not example data.
                "#/components/parameters/example/schema",
            ]
        );
    }
}
