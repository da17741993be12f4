//! The parts OpenAPI 3.1 and 3.2 added to the document itself, in 3.0's shape:
//!
//! - 3.1: top-level `webhooks` are `x-webhooks` (read the same way); `paths` may be absent;
//!   a `mutualTLS` security scheme is an HTTP scheme of that name (which the client cannot
//!   send: the TLS client certificate is the HTTP client's, `ClientBuilder::http_client`);
//!   `components.pathItems` are read where they are referenced; schemas' `$defs` become
//!   components of their own (references to them follow); a `jsonSchemaDialect` other than
//!   OpenAPI's is a warning; `info.summary` stands for a missing description.
//! - 3.2: the `query` method and `additionalOperations` are operations too (under
//!   [`OPERATIONS_EXTENSION`] of their path item); an `in: querystring` parameter of a form
//!   media type is the query parameters of its properties (`style: form`, exploded); an
//!   Example Object's `dataValue` is its value; a server's `name` names its `Region`; the
//!   `itemSchema` of a response's sequential media type (Server-Sent Events, JSON Lines, JSON
//!   text sequences) is its `schema`, marked [`SEQUENTIAL_EXTENSION`], so that the body is read
//!   as a stream of such items; any other `itemSchema` is a warning (the body is read whole).

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::walk::{each_at, each_object, each_schema};
use super::{refs, Moves, Version};
use crate::error::Diagnostic;
use crate::spec::{Pointer, Sequence, WEBHOOKS_EXTENSION};

/// A path item's operations of methods 3.0 lacks, by uppercase method (`QUERY`, `COPY`).
pub const OPERATIONS_EXTENSION: &str = "x-codegen-operations";

/// The dialect OpenAPI 3.1 and 3.2 schemas use unless the document says otherwise.
const OPENAPI_DIALECTS: &[&str] = &[
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-10-25",
    "https://spec.openapis.org/oas/3.2/dialect/2025-09-17",
    "https://json-schema.org/draft/2020-12/schema",
];

pub(super) fn downgrade(
    document: &mut Value,
    version: Version,
    moves: &mut Moves,
    warnings: &mut Vec<Diagnostic>,
) {
    let Value::Object(root) = document else {
        return;
    };
    if let Some(Value::String(dialect)) = root.get("jsonSchemaDialect") {
        if !OPENAPI_DIALECTS.contains(&dialect.as_str()) {
            warnings.push(Diagnostic {
                pointer: "#/jsonSchemaDialect".into(),
                message: format!("the schemas' dialect is `{dialect}`; they are read as OpenAPI's (JSON Schema 2020-12)"),
            });
        }
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(webhooks) = root.remove("webhooks") {
        match root.get_mut(WEBHOOKS_EXTENSION) {
            Some(Value::Object(existing)) => {
                if let Value::Object(webhooks) = webhooks {
                    existing.extend(webhooks);
                }
            }
            _ => {
                root.insert(WEBHOOKS_EXTENSION.into(), webhooks);
                let extension = Pointer::root().join(WEBHOOKS_EXTENSION).to_string();
                moves.push(&extension, "#/webhooks");
            }
        }
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if !info.contains_key("description") {
            if let Some(summary) = info.get("summary").cloned() {
                info.insert("description".into(), summary);
            }
        }
    }
    each_at(
        document,
        &["components", "securitySchemes", "*"],
        &mut |scheme, _| {
            if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                scheme.insert("type".into(), Value::String("http".into()));
                scheme.insert("scheme".into(), Value::String("mutualTLS".into()));
            }
        },
    );
    const PATH_ITEMS: &str = "#/components/pathItems/";
    if refs::has_components(document, PATH_ITEMS) {
        let source = document.clone();
        for key in ["paths", WEBHOOKS_EXTENSION] {
            if let Some(items) = document.get_mut(key) {
                refs::inline(items, &source, PATH_ITEMS);
            }
        }
    }
    embedded_definitions(document, warnings);
    hoist_definitions(document);
    if version >= Version::V32 {
        methods_and_query_strings(document, moves, warnings);
        each_at(document, &["servers", "*"], &mut |server, _| {
            if let Some(name) = server.remove("name") {
                server.insert(SERVER_NAME_EXTENSION.into(), name);
            }
        });
        data_values(document);
        sequential_media_types(document, moves, warnings);
    }
}

/// Marks a response's media type whose `schema` is the schema of each item of a sequence (its
/// `itemSchema` in the description), read as a stream.
pub const SEQUENTIAL_EXTENSION: &str = "x-codegen-sequential";

/// A response media type's `itemSchema` (3.2) becomes its `schema`, marked as the schema of
/// each item, where the client can read the items as they arrive. An event's `data` described
/// as a JSON string (`contentMediaType: application/json`) with a `contentSchema` is that
/// schema, as the client decodes it. Any other `itemSchema` (a request body's, a multipart
/// sequence's, one beside a `schema`) is a warning, and the body is read whole.
fn sequential_media_types(document: &mut Value, moves: &mut Moves, warnings: &mut Vec<Diagnostic>) {
    let mut moved = Vec::new();
    each_object(document, &mut |object, at| {
        let Some(item_schema) = object.remove("itemSchema") else {
            return;
        };
        let segments = at.segments();
        let media_type = segments.last().map(String::as_str).unwrap_or_default();
        let sequence = Sequence::of(media_type);
        let in_response = segments.iter().any(|segment| segment == "responses");
        let in_content = segments.len() >= 2 && segments[segments.len() - 2] == "content";
        if !(sequence.is_some() && in_response && in_content) || object.contains_key("schema") {
            let message = if in_response {
                "these items are not read one by one (the client streams a response's Server-Sent Events, JSON Lines and JSON text sequences described by `itemSchema` alone); the body is read whole, as text or bytes"
            } else {
                "a request body is not written item by item; it is sent as the text or bytes given"
            };
            warnings.push(Diagnostic {
                pointer: at.join("itemSchema").to_string(),
                message: message.into(),
            });
            object.insert("itemSchema".into(), item_schema);
            return;
        }
        let mut item_schema = item_schema;
        if sequence == Some(Sequence::Events) {
            json_event_data(&mut item_schema);
        }
        object.insert("schema".into(), item_schema);
        object.insert(SEQUENTIAL_EXTENSION.into(), Value::Bool(true));
        moved.push((at.join("schema"), at.join("itemSchema")));
    });
    for (schema, item_schema) in moved {
        moves.push(&schema.to_string(), &item_schema.to_string());
    }
}

/// An event schema whose `data` is a string of JSON with a `contentSchema`: `data` is that
/// schema.
fn json_event_data(event: &mut Value) {
    let Some(data) = event.pointer_mut("/properties/data") else {
        return;
    };
    let json = data
        .get("contentMediaType")
        .and_then(Value::as_str)
        .is_some_and(|media_type| {
            let essence = crate::spec::media_type_essence(media_type);
            essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")
        });
    if let (true, Some(schema)) = (json, data.get("contentSchema").cloned()) {
        *data = schema;
    }
}

/// A server's name (OpenAPI 3.2), which names its `Region` variant.
pub const SERVER_NAME_EXTENSION: &str = "x-codegen-name";

/// `$ref: '#/$defs/Name'` in a document without a top-level `$defs`, inside a schema whose own
/// `$defs` (or an enclosing schema's) has `Name`: the schema was written as a document of its
/// own (as pydantic writes them, Mistral's description has them) and embedded, and the
/// reference means that definition, the nearest one, which it now names.
fn embedded_definitions(document: &mut Value, warnings: &mut Vec<Diagnostic>) {
    if document.get("$defs").is_some() {
        return;
    }
    let mut owners: Vec<(Vec<String>, Pointer, Vec<String>)> = Vec::new();
    each_schema(document, &mut |schema, at| {
        if let Some(Value::Object(definitions)) = schema.get("$defs") {
            let names = definitions.keys().cloned().collect();
            owners.push((at.segments(), at.pointer(), names));
        }
    });
    if owners.is_empty() {
        return;
    }
    each_schema(document, &mut |schema, at| {
        let Some(Value::String(reference)) = schema.get("$ref") else {
            return;
        };
        let segments: Vec<String> = Pointer::from_ref(reference)
            .map(|pointer| pointer.segments().map(Cow::into_owned).collect())
            .unwrap_or_default();
        let [defs, name] = segments.as_slice() else {
            return;
        };
        let inside = at.segments();
        let owner = owners
            .iter()
            .filter(|(path, _, names)| {
                defs == "$defs" && inside.starts_with(path) && names.contains(name)
            })
            .max_by_key(|(path, _, _)| path.len());
        if let Some((_, owner, _)) = owner {
            let target = owner.join("$defs").join(name).to_string();
            warnings.push(Diagnostic {
                pointer: at.join("$ref").to_string(),
                message: format!("`$ref: {reference}` names nothing at the top of the document; read as the definition at {target}, of the enclosing schema, as if that schema were a document of its own"),
            });
            schema.insert("$ref".into(), Value::String(target));
        }
    });
}

/// Moves every schema's `$defs` to `components.schemas` (named as they were, or after their
/// owner where that name is taken) and points the references at them there.
fn hoist_definitions(document: &mut Value) {
    let mut found: Vec<(Pointer, String, Value)> = Vec::new();
    each_schema(document, &mut |schema, at| {
        if let Some(Value::Object(definitions)) = schema.remove("$defs") {
            for (name, definition) in definitions {
                found.push((at.join("$defs").join(&name), name, definition));
            }
        }
    });
    if found.is_empty() {
        return;
    }
    let Value::Object(root) = document else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(schemas) = schemas else {
        return;
    };
    let mut moves = Vec::new();
    for (old, name, definition) in found {
        let owner = old.segments().nth(2).unwrap_or_default();
        let mut new_name = name.clone();
        let mut counter = 2;
        if schemas.contains_key(&new_name) {
            new_name = format!("{owner}_{name}");
        }
        while schemas.contains_key(&new_name) {
            new_name = format!("{owner}_{name}_{counter}");
            counter += 1;
        }
        moves.push((
            old.to_string(),
            Pointer::root()
                .join("components")
                .join("schemas")
                .join(&new_name)
                .to_string(),
        ));
        schemas.insert(new_name, definition);
    }
    refs::rename(document, &moves);
}

/// 3.2's `query` method and `additionalOperations`, and `in: querystring` parameters.
fn methods_and_query_strings(
    document: &mut Value,
    moves: &mut Moves,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else {
            continue;
        };
        let mut extra = Map::new();
        let at = Pointer::root().join("paths").join(path);
        let moved = at.join(OPERATIONS_EXTENSION);
        if let Some(query) = item.remove("query") {
            moves.push(
                &moved.join("QUERY").to_string(),
                &at.join("query").to_string(),
            );
            extra.insert("QUERY".into(), query);
        }
        if let Some(Value::Object(additional)) = item.remove("additionalOperations") {
            for (method, operation) in additional {
                let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
                if method.is_empty() || !method.chars().all(token) {
                    warnings.push(Diagnostic {
                        pointer: at.join("additionalOperations").join(&method).to_string(),
                        message: format!(
                            "`{method}` is not an HTTP method name; the operation is left out"
                        ),
                    });
                    continue;
                }
                let upper = method.to_ascii_uppercase();
                moves.push(
                    &moved.join(&upper).to_string(),
                    &at.join("additionalOperations").join(&method).to_string(),
                );
                extra.insert(upper, operation);
            }
        }
        if !extra.is_empty() {
            item.insert(OPERATIONS_EXTENSION.into(), Value::Object(extra));
        }
        query_strings(item, &at, warnings);
    }
}

/// `in: querystring` with a form media type → `in: query`, `style: form`, exploded: the
/// properties of its value are the query's pairs.
fn query_strings(item: &mut Map<String, Value>, at: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let lists: Vec<(Pointer, &mut Value)> = item
        .iter_mut()
        .flat_map(|(key, value)| {
            let at = at.join(key);
            match (key.as_str(), value) {
                ("parameters", list) => vec![(at, list)],
                (_, Value::Object(operation)) => operation
                    .get_mut("parameters")
                    .map(|list| vec![(at.join("parameters"), list)])
                    .unwrap_or_default(),
                _ => Vec::new(),
            }
        })
        .collect();
    for (at, list) in lists {
        let Value::Array(parameters) = list else {
            continue;
        };
        for (index, parameter) in parameters.iter_mut().enumerate() {
            let Value::Object(parameter) = parameter else {
                continue;
            };
            if parameter.get("in").and_then(Value::as_str) != Some("querystring") {
                continue;
            }
            let content = parameter.remove("content");
            let (media_type, schema) = content
                .as_ref()
                .and_then(Value::as_object)
                .and_then(|content| content.iter().next())
                .map(|(media_type, media)| (media_type.clone(), media.get("schema").cloned()))
                .unwrap_or_default();
            let form = media_type.starts_with("application/x-www-form-urlencoded");
            parameter.insert("in".into(), Value::String("query".into()));
            parameter.insert("style".into(), Value::String("form".into()));
            parameter.insert("explode".into(), Value::Bool(true));
            parameter.insert(
                "schema".into(),
                schema.unwrap_or_else(|| Value::Object(Map::new())),
            );
            if !form {
                warnings.push(Diagnostic {
                    pointer: at.join(index).to_string(),
                    message: format!("an `in: querystring` parameter of `{media_type}` is sent as the query pairs of its value's properties, as a form media type would be"),
                });
            }
        }
    }
}

/// An Example Object's `dataValue` (3.2) is its `value`.
fn data_values(document: &mut Value) {
    each_object(document, &mut |object, _| {
        let Some(Value::Object(examples)) = object.get_mut("examples") else {
            return;
        };
        for example in examples.values_mut() {
            if let Value::Object(example) = example {
                if let Some(data) = example.remove("dataValue") {
                    example.entry("value").or_insert(data);
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{downgrade, Moves, Version};

    #[test]
    fn webhooks_path_items_and_definitions_take_their_30_places() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "Short."},
            "webhooks": {"newPet": {"$ref": "#/components/pathItems/NewPet"}},
            "components": {
                "pathItems": {"NewPet": {"post": {"responses": {"200": {"description": "ok"}}}}},
                "schemas": {"Pet": {"$defs": {"Tag": {"type": "string"}, "Pet": {"type": "integer"}}, "properties": {
                    "tag": {"$ref": "#/components/schemas/Pet/$defs/Tag"},
                    "id": {"$ref": "#/components/schemas/Pet/$defs/Pet"}
                }}}
            }
        });
        downgrade(
            &mut document,
            Version::V31,
            &mut Moves::default(),
            &mut Vec::new(),
        );
        assert_eq!(document["paths"], json!({}));
        assert_eq!(document["info"]["description"], "Short.");
        assert_eq!(
            document["x-webhooks"]["newPet"],
            json!({"post": {"responses": {"200": {"description": "ok"}}}})
        );
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Tag"], json!({"type": "string"}));
        assert_eq!(schemas["Pet_Pet"], json!({"type": "integer"}));
        assert_eq!(
            schemas["Pet"]["properties"]["tag"]["$ref"],
            "#/components/schemas/Tag"
        );
        assert_eq!(
            schemas["Pet"]["properties"]["id"]["$ref"],
            "#/components/schemas/Pet_Pet"
        );
    }

    #[test]
    fn the_query_method_other_methods_and_query_strings_are_read() {
        let mut document = json!({"paths": {"/search": {
            "query": {"operationId": "search"},
            "additionalOperations": {"copy": {"operationId": "copy"}},
            "get": {"parameters": [{"name": "q", "in": "querystring", "content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"term": {"type": "string"}}}}
            }}]}
        }}});
        let mut warnings = Vec::new();
        downgrade(
            &mut document,
            Version::V32,
            &mut Moves::default(),
            &mut warnings,
        );
        let item = &document["paths"]["/search"];
        assert_eq!(
            item["x-codegen-operations"],
            json!({"QUERY": {"operationId": "search"}, "COPY": {"operationId": "copy"}})
        );
        assert_eq!(
            item["get"]["parameters"][0],
            json!({"name": "q", "in": "query", "style": "form", "explode": true, "schema": {"type": "object", "properties": {"term": {"type": "string"}}}})
        );
        assert!(warnings.is_empty());
    }

    /// A response's Server-Sent Events, JSON Lines and JSON text sequences are read item by
    /// item; other sequences, a request body's, and an `itemSchema` beside a `schema` are not.
    #[test]
    fn a_responses_item_schema_is_its_schema_where_the_client_streams_it() {
        let event = json!({"type": "object", "properties": {"data": {
            "type": "string", "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/Tick"}
        }}});
        let item = json!({"$ref": "#/components/schemas/Tick"});
        let mut document = json!({"paths": {"/ticks": {"post": {
            "requestBody": {"content": {"application/jsonl": {"itemSchema": item}}},
            "responses": {"200": {"content": {
                "text/event-stream": {"itemSchema": event},
                "application/jsonl": {"itemSchema": item},
                "application/json-seq": {"itemSchema": item},
                "application/x-ndjson": {"itemSchema": item, "schema": {"type": "string"}},
                "multipart/mixed": {"itemSchema": item}
            }}}
        }}}});
        let mut warnings = Vec::new();
        let mut moves = Moves::default();
        downgrade(&mut document, Version::V32, &mut moves, &mut warnings);
        let content = &document["paths"]["/ticks"]["post"]["responses"]["200"]["content"];
        assert_eq!(
            content["text/event-stream"],
            json!({"schema": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Tick"}}}, "x-codegen-sequential": true})
        );
        for streamed in ["application/jsonl", "application/json-seq"] {
            assert_eq!(
                content[streamed],
                json!({"schema": item, "x-codegen-sequential": true})
            );
        }
        assert_eq!(
            content["multipart/mixed"],
            json!({"itemSchema": item}),
            "kept, read whole"
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1ticks/post/requestBody/content/application~1jsonl/itemSchema",
                "#/paths/~1ticks/post/responses/200/content/application~1x-ndjson/itemSchema",
                "#/paths/~1ticks/post/responses/200/content/multipart~1mixed/itemSchema",
            ]
        );
        assert_eq!(
            moves.original("#/paths/~1ticks/post/responses/200/content/application~1jsonl/schema"),
            "#/paths/~1ticks/post/responses/200/content/application~1jsonl/itemSchema"
        );
    }

    /// Mistral's: a response schema written as a document of its own, its references naming
    /// `#/$defs/…` of that schema.
    #[test]
    fn a_reference_to_the_definitions_of_an_embedded_schema_names_them() {
        let mut document = json!({"paths": {"/speech": {"post": {"responses": {"200": {"content": {
            "text/event-stream": {"schema": {
                "properties": {"event": {"$ref": "#/$defs/Kind"}, "data": {"$ref": "#/$defs/Done"}},
                "$defs": {
                    "Kind": {"type": "string"},
                    "Done": {"properties": {"usage": {"$ref": "#/$defs/Usage"}}},
                    "Usage": {"type": "integer"}
                }
            }}
        }}}}}}});
        let mut warnings = Vec::new();
        downgrade(
            &mut document,
            Version::V31,
            &mut Moves::default(),
            &mut warnings,
        );
        let schema = &document["paths"]["/speech"]["post"]["responses"]["200"]["content"]
            ["text/event-stream"]["schema"];
        assert_eq!(
            schema["properties"],
            json!({"event": {"$ref": "#/components/schemas/Kind"}, "data": {"$ref": "#/components/schemas/Done"}})
        );
        assert_eq!(
            document["components"]["schemas"]["Done"],
            json!({"properties": {"usage": {"$ref": "#/components/schemas/Usage"}}})
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1speech/post/responses/200/content/text~1event-stream/schema/properties/event/$ref",
                "#/paths/~1speech/post/responses/200/content/text~1event-stream/schema/properties/data/$ref",
                "#/paths/~1speech/post/responses/200/content/text~1event-stream/schema/$defs/Done/properties/usage/$ref",
            ]
        );
    }

    #[test]
    fn another_dialect_is_a_warning() {
        let mut document = json!({"jsonSchemaDialect": "https://example.com/dialect", "paths": {}});
        let mut warnings = Vec::new();
        downgrade(
            &mut document,
            Version::V31,
            &mut Moves::default(),
            &mut warnings,
        );
        assert_eq!(warnings[0].pointer, "#/jsonSchemaDialect");
    }
}
