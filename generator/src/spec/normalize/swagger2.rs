//! Swagger 2.0 → OpenAPI 3.0, as the 3.0 specification maps one onto the other:
//!
//! - `host`, `basePath` and `schemes` are the servers (`https` first); without a host, the
//!   base path is a relative server;
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` are components
//!   (`basic` is HTTP Basic, `apiKey` stays, `oauth2`'s flow becomes its 3.0 flow);
//! - an `in: body` parameter is the request body, in every media type the operation
//!   `consumes` (globally or its own); `in: formData` parameters are the properties of a form
//!   body, `multipart/form-data` when the operation consumes it or a parameter is a `file`,
//!   else `application/x-www-form-urlencoded`;
//! - other parameters get a schema of their type keywords, and their `collectionFormat` (by
//!   default `csv`) is a style: `csv` is `form`/`simple` unexploded, `ssv`
//!   `spaceDelimited`, `tsv` tab-delimited, `pipes` `pipeDelimited`, `multi` `form` exploded;
//! - a response's schema, headers and examples are its content in every media type the
//!   operation `produces`;
//! - in schemas, `x-nullable` is `nullable`, a `discriminator` property name is a
//!   Discriminator Object, and `type: file` is binary.
//!
//! Where something moved, [`super::Moves`] records it, so that a problem found later is
//! reported at the place in the 2.0 document.

use serde_json::{json, Map, Value};

use super::walk::each_schema;
use super::{refs, Moves};
use crate::error::Diagnostic;
use crate::spec::Pointer;

/// Marks a parameter or encoding of Swagger's `collectionFormat: tsv`: items joined by tabs.
pub const TAB_DELIMITED_EXTENSION: &str = "x-codegen-tab-delimited";

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// The media type of JSON, the default of `consumes` and `produces`.
const JSON: &str = "application/json";

pub(super) fn convert(document: &mut Value, moves: &mut Moves, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(root) = document else {
        return;
    };
    let consumes = media_types(root.remove("consumes"));
    let produces = media_types(root.remove("produces"));
    let servers = servers(
        root.remove("host"),
        root.remove("basePath"),
        root.remove("schemes"),
    );
    root.remove("swagger");
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    if !servers.is_empty() {
        root.insert("servers".into(), Value::Array(servers));
    }
    let global_parameters = match root.remove("parameters") {
        Some(Value::Object(parameters)) => parameters,
        _ => Map::new(),
    };
    let mut components = Map::new();
    if let Some(definitions) = root.remove("definitions") {
        components.insert("schemas".into(), definitions);
        moves.push("#/components/schemas", "#/definitions");
    }
    let reusable: Map<String, Value> = global_parameters
        .iter()
        .filter(|(_, parameter)| !is_payload(parameter))
        .map(|(name, parameter)| {
            let at = Pointer::root().join("parameters").join(name);
            (name.clone(), parameter_30(parameter.clone(), &at, warnings))
        })
        .collect();
    if !reusable.is_empty() {
        components.insert("parameters".into(), Value::Object(reusable));
        moves.push("#/components/parameters", "#/parameters");
    }
    if let Some(Value::Object(responses)) = root.remove("responses") {
        let converted = responses
            .into_iter()
            .map(|(name, response)| (name, response_30(response, &produces)))
            .collect();
        components.insert("responses".into(), Value::Object(converted));
        moves.push("#/components/responses", "#/responses");
    }
    if let Some(Value::Object(schemes)) = root.remove("securityDefinitions") {
        let converted = schemes
            .into_iter()
            .map(|(name, scheme)| (name, security_scheme(scheme)))
            .collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
        moves.push("#/components/securitySchemes", "#/securityDefinitions");
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let at = Pointer::root().join("paths").join(path);
            path_item(
                item,
                &at,
                &global_parameters,
                &consumes,
                &produces,
                moves,
                warnings,
            );
        }
    }
    if !components.is_empty() {
        root.insert("components".into(), Value::Object(components));
    }
    refs::rename(
        document,
        &[
            ("#/definitions".into(), "#/components/schemas".into()),
            ("#/parameters".into(), "#/components/parameters".into()),
            ("#/responses".into(), "#/components/responses".into()),
        ],
    );
    each_schema(document, &mut |schema, _| schema_30(schema));
}

/// `consumes`/`produces` as a list.
fn media_types(value: Option<Value>) -> Vec<String> {
    match value {
        Some(Value::Array(types)) => types
            .into_iter()
            .filter_map(|ty| ty.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn servers(host: Option<Value>, base_path: Option<Value>, schemes: Option<Value>) -> Vec<Value> {
    let base_path = base_path
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    let Some(host) = host.as_ref().and_then(Value::as_str) else {
        return if base_path.is_empty() {
            Vec::new()
        } else {
            vec![json!({ "url": base_path })]
        };
    };
    let mut schemes = media_types(schemes);
    if schemes.is_empty() {
        schemes.push("https".into());
    }
    // https first: the default region should be the secure one.
    schemes.sort_by_key(|scheme| scheme != "https");
    schemes
        .iter()
        .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
        .collect()
}

/// Whether a 2.0 parameter is (part of) the payload.
fn is_payload(parameter: &Value) -> bool {
    matches!(
        parameter.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

/// The Schema Object keywords a non-body 2.0 parameter (or header, or items) carries.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// The schema of a non-body parameter, header or items object: its type keywords, with
/// nested items converted too.
fn simple_schema(object: &mut Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for keyword in SCHEMA_KEYWORDS {
        if let Some(value) = object.remove(*keyword) {
            schema.insert((*keyword).into(), value);
        }
    }
    object.remove("collectionFormat");
    if let Some(Value::Object(items)) = schema.get_mut("items") {
        let mut items = std::mem::take(items);
        let converted = simple_schema(&mut items);
        schema.insert("items".into(), converted);
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), Value::String("string".into()));
        schema.insert("format".into(), Value::String("binary".into()));
    }
    Value::Object(schema)
}

/// A 2.0 query, path, header or cookie parameter → 3.0.
fn parameter_30(parameter: Value, at: &Pointer, warnings: &mut Vec<Diagnostic>) -> Value {
    let Value::Object(mut parameter) = parameter else {
        return parameter;
    };
    if parameter.contains_key("$ref") {
        return Value::Object(parameter);
    }
    let location = parameter
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let is_array = parameter.get("type").and_then(Value::as_str) == Some("array");
    let format = parameter
        .get("collectionFormat")
        .and_then(Value::as_str)
        .unwrap_or("csv")
        .to_owned();
    let schema = simple_schema(&mut parameter);
    parameter.insert("schema".into(), schema);
    if is_array {
        let query = location == "query";
        let (style, explode) = match format.as_str() {
            "multi" if query => ("form", true),
            "ssv" if query => ("spaceDelimited", false),
            "pipes" if query => ("pipeDelimited", false),
            "tsv" if query => {
                parameter.insert(TAB_DELIMITED_EXTENSION.into(), Value::Bool(true));
                ("form", false)
            }
            "csv" if query => ("form", false),
            "csv" => ("simple", false),
            other => {
                warnings.push(Diagnostic {
                    pointer: at.join("collectionFormat").to_string(),
                    message: format!("`collectionFormat: {other}` has no OpenAPI 3 style for an `in: {location}` parameter; it is sent comma-separated"),
                });
                ("simple", false)
            }
        };
        parameter.insert("style".into(), Value::String(style.into()));
        parameter.insert("explode".into(), Value::Bool(explode));
    }
    Value::Object(parameter)
}

/// A 2.0 response → 3.0: its schema and examples as content of every produced media type.
fn response_30(response: Value, produces: &[String]) -> Value {
    let Value::Object(mut response) = response else {
        return response;
    };
    if response.contains_key("$ref") {
        return Value::Object(response);
    }
    response
        .entry("description")
        .or_insert_with(|| Value::String(String::new()));
    let schema = response.remove("schema");
    let examples = match response.remove("examples") {
        Some(Value::Object(examples)) => examples,
        _ => Map::new(),
    };
    if let Some(schema) = schema {
        let types = if produces.is_empty() {
            vec![JSON.to_owned()]
        } else {
            produces.to_vec()
        };
        let content: Map<String, Value> = types
            .into_iter()
            .map(|media_type| {
                let mut media = Map::new();
                media.insert("schema".into(), schema.clone());
                if let Some(example) = examples.get(&media_type) {
                    media.insert("example".into(), example.clone());
                }
                (media_type, Value::Object(media))
            })
            .collect();
        response.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = response.get_mut("headers") {
        for header in headers.values_mut() {
            if let Value::Object(header) = header {
                let schema = simple_schema(header);
                header.insert("schema".into(), schema);
            }
        }
    }
    Value::Object(response)
}

fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else {
        return scheme;
    };
    let description = scheme.remove("description");
    let mut converted = match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => json!({"type": "http", "scheme": "basic"}),
        Some("oauth2") => {
            let flow = match scheme.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl", "scopes"] {
                if let Some(value) = scheme.remove(key) {
                    details.insert(key.into(), value);
                }
            }
            details.entry("scopes").or_insert_with(|| json!({}));
            json!({"type": "oauth2", "flows": {flow: details}})
        }
        _ => Value::Object(scheme),
    };
    if let (Some(description), Value::Object(converted)) = (description, &mut converted) {
        converted.insert("description".into(), description);
    }
    converted
}

#[allow(clippy::too_many_arguments)]
fn path_item(
    item: &mut Value,
    at: &Pointer,
    global: &Map<String, Value>,
    consumes: &[String],
    produces: &[String],
    moves: &mut Moves,
    warnings: &mut Vec<Diagnostic>,
) {
    let Value::Object(item) = item else {
        return;
    };
    let shared: Vec<Value> = match item.remove("parameters") {
        Some(Value::Array(parameters)) => parameters,
        _ => Vec::new(),
    };
    let shared_at = at.join("parameters");
    // Path-level parameters that are not payload stay on the path item.
    let mut kept = Vec::new();
    for (index, parameter) in shared.iter().enumerate() {
        let resolved = resolved(parameter, global);
        if !is_payload(&resolved) {
            kept.push(parameter_30(
                parameter.clone(),
                &shared_at.join(index),
                warnings,
            ));
        }
    }
    if !kept.is_empty() {
        item.insert("parameters".into(), Value::Array(kept));
    }
    for method in METHODS {
        let Some(Value::Object(operation)) = item.get_mut(*method) else {
            continue;
        };
        let at = at.join(method);
        let op_consumes = match operation.remove("consumes") {
            Some(value) => media_types(Some(value)),
            None => consumes.to_vec(),
        };
        let op_produces = match operation.remove("produces") {
            Some(value) => media_types(Some(value)),
            None => produces.to_vec(),
        };
        let own: Vec<Value> = match operation.remove("parameters") {
            Some(Value::Array(parameters)) => parameters,
            _ => Vec::new(),
        };
        // Payload parameters of the path item apply to each operation, unless overridden.
        let mut payload: Vec<(Pointer, Value)> = Vec::new();
        let mut parameters = Vec::new();
        for (index, parameter) in shared.iter().enumerate() {
            let resolved = resolved(parameter, global);
            if is_payload(&resolved) {
                payload.push((shared_at.join(index), resolved));
            }
        }
        for (index, parameter) in own.iter().enumerate() {
            let resolved = resolved(parameter, global);
            let parameter_at = at.join("parameters").join(index);
            if is_payload(&resolved) {
                payload.retain(|(_, other)| !same_parameter(other, &resolved));
                payload.push((parameter_at, resolved));
            } else {
                parameters.push(parameter_30(parameter.clone(), &parameter_at, warnings));
            }
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = request_body(payload, &op_consumes, &at, moves) {
            operation.insert("requestBody".into(), body);
        }
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                let converted = response_30(std::mem::take(response), &op_produces);
                for media_type in converted
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|content| content.keys())
                {
                    let response_at = at.join("responses").join(status);
                    moves.push(
                        &response_at
                            .join("content")
                            .join(media_type)
                            .join("schema")
                            .to_string(),
                        &response_at.join("schema").to_string(),
                    );
                }
                *response = converted;
            }
        }
    }
}

/// A parameter, or the global one its `$ref` names.
fn resolved(parameter: &Value, global: &Map<String, Value>) -> Value {
    parameter
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/parameters/"))
        .and_then(|name| global.get(name))
        .cloned()
        .unwrap_or_else(|| parameter.clone())
}

fn same_parameter(a: &Value, b: &Value) -> bool {
    a.get("name") == b.get("name") && a.get("in") == b.get("in")
}

/// The request body of the payload parameters: the body parameter, or the form of the
/// `formData` ones.
fn request_body(
    payload: Vec<(Pointer, Value)>,
    consumes: &[String],
    at: &Pointer,
    moves: &mut Moves,
) -> Option<Value> {
    if payload.is_empty() {
        return None;
    }
    if let Some((body_at, Value::Object(mut body))) = payload
        .iter()
        .find(|(_, parameter)| parameter.get("in").and_then(Value::as_str) == Some("body"))
        .cloned()
    {
        let schema = body.remove("schema").unwrap_or_else(|| json!({}));
        let types = if consumes.is_empty() {
            vec![JSON.to_owned()]
        } else {
            consumes.to_vec()
        };
        let content: Map<String, Value> = types
            .into_iter()
            .map(|media_type| {
                moves.push(
                    &at.join("requestBody")
                        .join("content")
                        .join(&media_type)
                        .join("schema")
                        .to_string(),
                    &body_at.join("schema").to_string(),
                );
                (media_type, json!({ "schema": schema }))
            })
            .collect();
        let mut request = Map::new();
        if let Some(description) = body.remove("description") {
            request.insert("description".into(), description);
        }
        request.insert(
            "required".into(),
            body.remove("required").unwrap_or(Value::Bool(false)),
        );
        request.insert("content".into(), Value::Object(content));
        return Some(Value::Object(request));
    }
    let has_file = payload
        .iter()
        .any(|(_, parameter)| parameter.get("type").and_then(Value::as_str) == Some("file"));
    let multipart = has_file
        || consumes
            .iter()
            .any(|ty| ty.starts_with("multipart/form-data"));
    let media_type = if multipart {
        "multipart/form-data"
    } else {
        "application/x-www-form-urlencoded"
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut encoding = Map::new();
    for (parameter_at, parameter) in payload {
        let Value::Object(mut parameter) = parameter else {
            continue;
        };
        let Some(name) = parameter
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            continue;
        };
        if parameter.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(name.clone()));
        }
        if parameter.get("type").and_then(Value::as_str) == Some("array") {
            let style = match parameter.get("collectionFormat").and_then(Value::as_str) {
                Some("multi") => json!({"style": "form", "explode": true}),
                Some("ssv") => json!({"style": "spaceDelimited", "explode": false}),
                Some("pipes") => json!({"style": "pipeDelimited", "explode": false}),
                Some("tsv") => {
                    json!({"style": "form", "explode": false, TAB_DELIMITED_EXTENSION: true})
                }
                _ => json!({"style": "form", "explode": false}),
            };
            encoding.insert(name.clone(), style);
        }
        let description = parameter.remove("description");
        let mut schema = simple_schema(&mut parameter);
        if let (Some(description), Value::Object(schema)) = (description, &mut schema) {
            schema.insert("description".into(), description);
        }
        moves.push(
            &at.join("requestBody")
                .join("content")
                .join(media_type)
                .join("schema")
                .join("properties")
                .join(&name)
                .to_string(),
            &parameter_at.to_string(),
        );
        properties.insert(name, schema);
    }
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    let mut media = json!({ "schema": schema });
    if !encoding.is_empty() {
        media["encoding"] = Value::Object(encoding);
    }
    Some(json!({
        "required": !required.is_empty(),
        "content": { media_type: media },
    }))
}

/// 2.0's schema keywords in 3.0's words.
fn schema_30(schema: &mut Map<String, Value>) {
    if let Some(nullable) = schema.remove("x-nullable") {
        schema.insert("nullable".into(), nullable);
    }
    if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
        schema.insert("discriminator".into(), json!({ "propertyName": property }));
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), Value::String("string".into()));
        schema.insert("format".into(), Value::String("binary".into()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::convert;
    use crate::spec::normalize::Moves;

    #[test]
    fn a_swagger_document_takes_the_shape_of_openapi_3() {
        let mut document = json!({
            "swagger": "2.0",
            "info": {"title": "Pets", "version": "1"},
            "host": "api.example.com", "basePath": "/v1/", "schemes": ["http", "https"],
            "consumes": ["application/json"], "produces": ["application/json"],
            "securityDefinitions": {"key": {"type": "apiKey", "name": "X-Key", "in": "header"}, "basic": {"type": "basic"}},
            "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer"}},
            "paths": {"/pets": {
                "get": {
                    "parameters": [
                        {"$ref": "#/parameters/limit"},
                        {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                        {"name": "ids", "in": "header", "type": "array", "items": {"type": "integer"}}
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}}}
                },
                "post": {
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        {"name": "photo", "in": "formData", "type": "file", "required": true},
                        {"name": "name", "in": "formData", "type": "string", "description": "The name."}
                    ],
                    "responses": {"201": {"description": "made"}}
                },
                "put": {
                    "parameters": [{"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
                    "responses": {"204": {"description": "done"}}
                }
            }},
            "definitions": {"Pet": {"type": "object", "discriminator": "kind", "properties": {"kind": {"type": "string"}, "owner": {"type": "string", "x-nullable": true}}}}
        });
        let mut moves = Moves::default();
        convert(&mut document, &mut moves, &mut Vec::new());
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(
            document["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
        assert_eq!(
            document["components"]["securitySchemes"],
            json!({"key": {"type": "apiKey", "name": "X-Key", "in": "header"}, "basic": {"type": "http", "scheme": "basic"}})
        );
        let pets = &document["paths"]["/pets"];
        assert_eq!(
            pets["get"]["parameters"],
            json!([
                {"$ref": "#/components/parameters/limit"},
                {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": true},
                {"name": "ids", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}, "style": "simple", "explode": false}
            ])
        );
        assert_eq!(
            pets["get"]["responses"]["200"]["content"],
            json!({"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}})
        );
        assert_eq!(
            pets["post"]["requestBody"],
            json!({"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {"photo": {"type": "string", "format": "binary"}, "name": {"type": "string", "description": "The name."}},
                "required": ["photo"]
            }}}})
        );
        assert_eq!(
            pets["put"]["requestBody"],
            json!({"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}})
        );
        let pet = &document["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(
            pet["properties"]["owner"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            moves.original("#/components/schemas/Pet/properties/kind"),
            "#/definitions/Pet/properties/kind"
        );
        assert_eq!(
            moves.original("#/paths/~1pets/put/requestBody/content/application~1json/schema"),
            "#/paths/~1pets/put/parameters/0/schema"
        );
    }
}
