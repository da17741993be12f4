//! Where a document that does not type is wrong, to the value.
//!
//! openapiv3 reads every "Reference or Object" as an untagged enum, and an untagged enum's
//! error loses where inside it the problem was: a security requirement whose scopes are not a
//! list made the whole of `#/paths` fail, and the message said only that. So after a failure
//! the document is typed again piece by piece, descending into each "Reference or Object"
//! position that fails on its own, until the smallest piece that fails is found; its error,
//! with the path inside it, is the one reported.

use openapiv3::{
    Encoding, Header, MediaType, Operation, Parameter, PathItem, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Pointer;

/// What a node of the document is, as far as the search needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Components,
    /// A map of path items (`paths`, `x-webhooks`).
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    SecurityScheme,
}

/// The deepest place in `document` that fails to type, and why; `None` when every piece
/// types (the failure is in how they fit together).
pub(super) fn deepest_failure(document: &Value) -> Option<(Pointer, String)> {
    descend(document, &Pointer::root(), Kind::Root)
}

fn descend(node: &Value, at: &Pointer, kind: Kind) -> Option<(Pointer, String)> {
    // A reference stands for its target; `additionalProperties: false` is no schema to search.
    if node.get("$ref").is_some_and(Value::is_string) || node.is_boolean() {
        return None;
    }
    if let Err(failure) = type_check(node, at, kind) {
        for (child_at, child, child_kind) in children(node, at, kind) {
            if let Some(deeper) = descend(child, &child_at, child_kind) {
                return Some(deeper);
            }
        }
        return Some(failure);
    }
    None
}

/// The pieces of `node` that can be typed alone.
fn children<'v>(node: &'v Value, at: &Pointer, kind: Kind) -> Vec<(Pointer, &'v Value, Kind)> {
    let field = |key: &str| -> Option<Kind> {
        Some(match (kind, key) {
            (Kind::Root, "paths" | "x-webhooks") => Kind::Paths,
            (Kind::Root, "components") => Kind::Components,
            (
                Kind::PathItem,
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace",
            ) => Kind::Operation,
            (Kind::Operation, "requestBody") => Kind::RequestBody,
            (Kind::Operation, "responses") => Kind::Responses,
            (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => Kind::Schema,
            (Kind::Schema, "items" | "additionalProperties" | "not") => Kind::Schema,
            _ => return None,
        })
    };
    let each = |key: &str| -> Option<Kind> {
        Some(match (kind, key) {
            (Kind::PathItem | Kind::Operation, "parameters") => Kind::Parameter,
            (Kind::Response | Kind::RequestBody | Kind::Parameter | Kind::Header, "content") => {
                Kind::MediaType
            }
            (Kind::Response | Kind::Encoding, "headers") => Kind::Header,
            (Kind::MediaType, "encoding") => Kind::Encoding,
            (Kind::Schema, "properties" | "allOf" | "anyOf" | "oneOf") => Kind::Schema,
            (Kind::Components, "schemas") => Kind::Schema,
            (Kind::Components, "parameters") => Kind::Parameter,
            (Kind::Components, "responses") => Kind::Response,
            (Kind::Components, "requestBodies") => Kind::RequestBody,
            (Kind::Components, "headers") => Kind::Header,
            (Kind::Components, "securitySchemes") => Kind::SecurityScheme,
            _ => return None,
        })
    };
    // Maps whose every entry is of one kind.
    let entries_of = match kind {
        Kind::Paths => Some(Kind::PathItem),
        Kind::Responses => Some(Kind::Response),
        _ => None,
    };
    let mut found = Vec::new();
    match entries_of {
        Some(kind) => push_entries(&mut found, node, at.clone(), kind),
        None => {
            let Value::Object(object) = node else {
                return found;
            };
            for (key, value) in object {
                if let Some(kind) = field(key) {
                    found.push((at.join(key), value, kind));
                } else if let Some(kind) = each(key) {
                    push_entries(&mut found, value, at.join(key), kind);
                }
            }
        }
    }
    found
}

/// Each entry of a map or list `value` at `at`, as a `kind`.
fn push_entries<'v>(
    found: &mut Vec<(Pointer, &'v Value, Kind)>,
    value: &'v Value,
    at: Pointer,
    kind: Kind,
) {
    match value {
        Value::Object(entries) => {
            for (key, value) in entries {
                found.push((at.join(key), value, kind));
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                found.push((at.join(index), value, kind));
            }
        }
        _ => {}
    }
}

/// Types `node` as a `kind`, saying where inside it it fails.
fn type_check(node: &Value, at: &Pointer, kind: Kind) -> Result<(), (Pointer, String)> {
    match kind {
        Kind::Root => typed::<openapiv3::OpenAPI>(node, at),
        Kind::Components => typed::<openapiv3::Components>(node, at),
        Kind::Paths => typed::<openapiv3::Paths>(node, at),
        Kind::PathItem => typed::<PathItem>(node, at),
        Kind::Operation => typed::<Operation>(node, at),
        Kind::Parameter => typed::<Parameter>(node, at),
        Kind::RequestBody => typed::<RequestBody>(node, at),
        Kind::Responses => typed::<openapiv3::Responses>(node, at),
        Kind::Response => typed::<Response>(node, at),
        Kind::Header => typed::<Header>(node, at),
        Kind::MediaType => typed::<MediaType>(node, at),
        Kind::Encoding => typed::<Encoding>(node, at),
        Kind::Schema => typed::<Schema>(node, at),
        Kind::SecurityScheme => typed::<SecurityScheme>(node, at),
    }
}

fn typed<T: DeserializeOwned>(node: &Value, at: &Pointer) -> Result<(), (Pointer, String)> {
    match serde_path_to_error::deserialize::<_, T>(node) {
        Ok(_) => Ok(()),
        Err(located) => {
            let inside = located
                .path()
                .iter()
                .fold(at.clone(), |pointer, segment| match segment {
                    serde_path_to_error::Segment::Map { key } => pointer.join(key),
                    serde_path_to_error::Segment::Seq { index } => pointer.join(index),
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => pointer,
                });
            Err((inside, located.inner().to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::deepest_failure;

    #[test]
    fn a_problem_inside_references_or_objects_is_found_at_the_value() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/revoke": {"post": {
                "parameters": [{"name": "a", "in": "query", "schema": {"type": "string"}}],
                "security": [{"oauth2": "all"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"additionalProperties": false, "properties": {"x": {"type": "string"}}}}}}}
            }}}
        });
        let (at, message) = deepest_failure(&document).expect("a failure");
        assert_eq!(at.to_string(), "#/paths/~1revoke/post/security/0/oauth2");
        assert!(message.contains("expected a sequence"), "{message}");
    }

    /// A Schema Object's keywords are read through flattened untagged enums, so the search
    /// ends at the schema, not at its keyword.
    #[test]
    fn a_problem_in_a_nested_schema_is_found_at_that_schema() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"A": {"properties": {"b": {"items": {"required": "yes"}}}}}}
        });
        let (at, _) = deepest_failure(&document).expect("a failure");
        assert_eq!(at.to_string(), "#/components/schemas/A/properties/b/items");
    }
}
