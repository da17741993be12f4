//! Schemas of any version in the shape of an OpenAPI 3.0 Schema Object.
//!
//! Every version: an `anyOf`/`oneOf` alternative `{type: 'null'}` (the 3.1 habit, in 3.0
//! documents too) makes the schema nullable instead of being an alternative, a lone
//! `type: 'null'` is a schema that allows only `null`, an `enum` (or `const`) without a
//! `type` whose values are all of one type has that type, and `items` written as a list (JSON
//! Schema draft 4's tuples, which Slack's 2.0 description has) is a tuple, and `type` written as
//! a list (3.1's form, which Slack's has too) and a numeric `exclusiveMinimum` or
//! `exclusiveMaximum` (3.1's form, in Hugging Face's 3.0 description) are read as 3.1 reads
//! them, each with a warning.
//!
//! OpenAPI 3.1 and 3.2 (JSON Schema 2020-12), rule by rule:
//! - `type: [string, 'null']` is a nullable string; several types are an `anyOf` of one schema
//!   per type, each with the keywords of its type;
//! - `const` is an enum of one value; an `examples` list gives the first as `example`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` are 3.0's bound and flag;
//! - a `$ref` with sibling keywords is an `allOf` of the reference and the siblings, the
//!   reference's own description overridden by the sibling `description` (or `summary`);
//! - `contentEncoding: base64` is `format: byte`; a `contentMediaType` that is not text, or
//!   `contentEncoding: binary`, is `format: binary` (a file);
//! - `prefixItems` is a tuple: an array marked with [`TUPLE_EXTENSION`] whose `items` are a
//!   `oneOf` of the tuple's items, in order (so a reader that ignores the mark still sees an
//!   array of any of them);
//! - `patternProperties` are the object's additional properties (the patterns unchecked);
//! - `unevaluatedProperties` stands for `additionalProperties` where that is absent;
//! - `dependentRequired` is stated in the description; `if`/`then`/`else`,
//!   `dependentSchemas`, `propertyNames`, `contains` and `$dynamicRef` are not expressed in
//!   Rust types and are dropped with a warning.

use serde_json::{json, Map, Value};

use super::walk::{each_schema, At};
use super::Version;
use crate::error::Diagnostic;

/// Marks an array whose `prefixItems` make it a tuple; its `items` are a `oneOf` of them.
pub const TUPLE_EXTENSION: &str = "x-codegen-tuple";

/// Applies the rules of `version` to every schema of `document`.
pub(super) fn every_schema(document: &mut Value, version: Version, warnings: &mut Vec<Diagnostic>) {
    each_schema(document, &mut |schema, at| {
        items_list(schema, at, version, warnings);
        null_alternatives(schema);
        if version < Version::V31 && matches!(schema.get("type"), Some(Value::Array(_))) {
            warnings.push(Diagnostic {
                pointer: at.join("type").to_string(),
                message: format!("`type` is a list (JSON Schema's form since OpenAPI 3.1, which {} does not have); read as 3.1 reads it", version.name()),
            });
            type_list(schema);
        }
        if version < Version::V31 {
            for keyword in numeric_exclusive_bounds(schema) {
                warnings.push(Diagnostic {
                    pointer: at.join(keyword).to_string(),
                    message: format!("`{keyword}` is a number (JSON Schema's form since OpenAPI 3.1, which {} does not have); read as 3.1 reads it", version.name()),
                });
            }
        }
        if version >= Version::V31 {
            json_schema_2020(schema, at, warnings);
        } else if schema.get("type").and_then(Value::as_str) == Some("null") {
            only_null(schema);
        }
        enum_type(schema);
    });
    // After the items themselves are normalised.
    each_schema(document, &mut |schema, at| tuple(schema, at, warnings));
}

/// `items: [A, B]`: draft 4's tuple, `prefixItems` since 2020-12.
fn items_list(
    schema: &mut Map<String, Value>,
    at: &At<'_>,
    version: Version,
    warnings: &mut Vec<Diagnostic>,
) {
    if !matches!(schema.get("items"), Some(Value::Array(_))) || schema.contains_key("prefixItems") {
        return;
    }
    if let Some(items) = schema.remove("items") {
        schema.insert("prefixItems".into(), items);
        if version < Version::V31 {
            warnings.push(Diagnostic {
                pointer: at.join("items").to_string(),
                message: format!("`items` is a list (JSON Schema's tuple form, which {} does not have); read as 3.1's `prefixItems`", version.name()),
            });
        }
    }
}

/// `anyOf: [X, {type: 'null'}]` → nullable `X`.
fn null_alternatives(schema: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(alternatives)) = schema.get_mut(key) else {
            continue;
        };
        let before = alternatives.len();
        alternatives.retain(|alternative| !is_null_schema(alternative));
        if alternatives.len() == before {
            continue;
        }
        let rest = std::mem::take(alternatives);
        schema.insert("nullable".into(), Value::Bool(true));
        match <[Value; 1]>::try_from(rest) {
            // One alternative left: 3.0's way to make a reference nullable.
            Ok([only]) => {
                schema.remove(key);
                schema.insert("allOf".into(), Value::Array(vec![only]));
            }
            Err(rest) if rest.is_empty() => {
                schema.remove(key);
            }
            Err(rest) => {
                schema.insert(key.into(), Value::Array(rest));
            }
        }
    }
}

/// The type of an `enum` whose values (besides `null`) are all of one type, where the schema
/// states none.
fn enum_type(schema: &mut Map<String, Value>) {
    if schema.contains_key("type") || schema.contains_key("$ref") {
        return;
    }
    let Some(Value::Array(values)) = schema.get("enum") else {
        return;
    };
    let mut types = values
        .iter()
        .filter(|value| !value.is_null())
        .map(json_type);
    let Some(first) = types.next() else {
        return;
    };
    let first = if first == "integer" && values.iter().any(|v| json_type(v) == "number") {
        "number"
    } else {
        first
    };
    let one_type = values
        .iter()
        .filter(|value| !value.is_null())
        .all(|value| json_type(value) == first || (first == "number" && value.is_number()));
    if one_type && !matches!(first, "array" | "object") {
        schema.insert("type".into(), Value::String(first.into()));
    }
}

/// Whether `schema` allows only `null`.
fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(ty)) => ty == "null",
        Some(Value::Array(types)) => types.iter().all(|ty| ty == "null"),
        _ => schema.get("const").is_some_and(Value::is_null) && schema.get("$ref").is_none(),
    }
}

/// A lone `type: 'null'`: nothing but `null` (as 3.0 says it: a nullable value of any type).
fn only_null(schema: &mut Map<String, Value>) {
    schema.remove("type");
    schema.insert("nullable".into(), Value::Bool(true));
}

/// Keywords that belong to one type, for splitting a list of types.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    (
        "string",
        &[
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "contentEncoding",
            "contentMediaType",
        ],
    ),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
    (
        "array",
        &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
        ],
    ),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
];

/// Keywords dropped with a warning: no Rust type says them.
const UNEXPRESSED: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicAnchor",
];

fn json_schema_2020(schema: &mut Map<String, Value>, at: &At<'_>, warnings: &mut Vec<Diagnostic>) {
    let mut warn = |message: String| {
        warnings.push(Diagnostic {
            pointer: at.to_string(),
            message,
        })
    };
    reference_siblings(schema);
    type_list(schema);
    if let Some(value) = schema.remove("const") {
        if value.is_null() {
            schema.insert("nullable".into(), Value::Bool(true));
        } else if !schema.contains_key("enum") {
            schema.insert("enum".into(), Value::Array(vec![value]));
        }
    }
    if let Some(Value::Array(examples)) = schema.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            schema.entry("example").or_insert(first);
        }
    }
    numeric_exclusive_bounds(schema);
    content_keywords(schema);
    if let Some(Value::Object(patterns)) = schema.remove("patternProperties") {
        if !schema.contains_key("additionalProperties") {
            let mut values: Vec<Value> = patterns.into_values().collect();
            let value = match values.len() {
                1 => values.remove(0),
                _ => json!({"anyOf": values}),
            };
            schema.insert("additionalProperties".into(), value);
        }
        warn("`patternProperties` are read as the object's additional properties; the keys' patterns are not checked".into());
    }
    if let Some(unevaluated) = schema.remove("unevaluatedProperties") {
        if !schema.contains_key("additionalProperties") {
            schema.insert("additionalProperties".into(), unevaluated);
        }
    }
    if let Some(Value::Object(dependent)) = schema.remove("dependentRequired") {
        let rules: Vec<String> = dependent
            .iter()
            .map(|(name, required)| {
                let names: Vec<String> = required
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(|name| format!("`{name}`"))
                    .collect();
                format!("if `{name}` is present, so must be {}", names.join(", "))
            })
            .collect();
        let note = format!("Dependent fields: {}.", rules.join("; "));
        let description = match schema.get("description").and_then(Value::as_str) {
            Some(text) => format!("{text}\n\n{note}"),
            None => note,
        };
        schema.insert("description".into(), Value::String(description));
    }
    let dropped: Vec<&str> = UNEXPRESSED
        .iter()
        .copied()
        .filter(|keyword| schema.remove(*keyword).is_some())
        .collect();
    if !dropped.is_empty() {
        warn(format!(
            "`{}` cannot be expressed in a Rust type; values are not checked against it",
            dropped.join("`, `")
        ));
    }
    if schema.remove("$dynamicRef").is_some() {
        warn("`$dynamicRef` is not followed; the value is any JSON".into());
    }
    if schema.get("type").and_then(Value::as_str) == Some("null") {
        only_null(schema);
    }
    if matches!(schema.get("items"), Some(Value::Bool(false))) {
        schema.remove("items");
    }
}

/// `{$ref: X, description: d, nullable: true, …}` → `{allOf: [{$ref: X}], description: d,
/// nullable: true}`, other siblings in a second part.
fn reference_siblings(schema: &mut Map<String, Value>) {
    if !schema.contains_key("$ref") || schema.len() == 1 {
        return;
    }
    const KEPT: &[&str] = &[
        "description",
        "title",
        "nullable",
        "deprecated",
        "readOnly",
        "writeOnly",
        "example",
        "examples",
        "default",
    ];
    let reference = schema.remove("$ref").unwrap_or(Value::Null);
    if let Some(summary) = schema.remove("summary") {
        schema.entry("description").or_insert(summary);
    }
    let constraints: Map<String, Value> = schema
        .iter()
        .filter(|(key, _)| !KEPT.contains(&key.as_str()) && !key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    schema.retain(|key, _| !constraints.contains_key(key));
    let mut parts = vec![json!({ "$ref": reference })];
    if !constraints.is_empty() {
        parts.push(Value::Object(constraints));
    }
    schema.insert("allOf".into(), Value::Array(parts));
}

/// `type` as a list: `null` among them makes the schema nullable; one type left is `type`;
/// several are an `anyOf` with a schema per type.
fn type_list(schema: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = schema.get("type").cloned() else {
        return;
    };
    let mut types: Vec<String> = types
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if types.iter().any(|ty| ty == "null") {
        types.retain(|ty| ty != "null");
        schema.insert("nullable".into(), Value::Bool(true));
    }
    match types.len() {
        0 => {
            schema.remove("type");
        }
        1 => {
            schema.insert("type".into(), Value::String(types.remove(0)));
        }
        _ => {
            schema.remove("type");
            let enumeration = schema.remove("enum");
            let branches: Vec<Value> = types
                .iter()
                .map(|ty| {
                    let mut branch = Map::new();
                    branch.insert("type".into(), Value::String(ty.clone()));
                    let keywords = TYPE_KEYWORDS
                        .iter()
                        .find(|(name, _)| name == ty)
                        .map_or(&[][..], |(_, keywords)| keywords);
                    for keyword in keywords {
                        if let Some(value) = schema.get(*keyword) {
                            branch.insert((*keyword).into(), value.clone());
                        }
                    }
                    if let Some(Value::Array(values)) = &enumeration {
                        let own: Vec<Value> = values
                            .iter()
                            .filter(|value| {
                                json_type(value) == ty || (ty == "number" && value.is_number())
                            })
                            .cloned()
                            .collect();
                        if !own.is_empty() {
                            branch.insert("enum".into(), Value::Array(own));
                        }
                    }
                    Value::Object(branch)
                })
                .collect();
            for (_, keywords) in TYPE_KEYWORDS {
                for keyword in *keywords {
                    schema.remove(*keyword);
                }
            }
            schema.insert("anyOf".into(), Value::Array(branches));
        }
    }
}

/// The JSON Schema type of a value.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` (JSON Schema's since 2020-12) → 3.0's bound
/// and flag; the keywords that were numbers.
fn numeric_exclusive_bounds(schema: &mut Map<String, Value>) -> Vec<&'static str> {
    let mut converted = Vec::new();
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(number @ Value::Number(_)) = schema.get(exclusive).cloned() {
            schema.insert(bound.into(), number);
            schema.insert(exclusive.into(), Value::Bool(true));
            converted.push(exclusive);
        }
    }
    converted
}

/// `contentEncoding` and `contentMediaType` → 3.0's `format: byte` and `format: binary`.
fn content_keywords(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media_type = schema.remove("contentMediaType");
    if schema.contains_key("format") {
        return;
    }
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media_type.as_ref().and_then(Value::as_str),
    ) {
        (Some("base64" | "base64url"), _) => "byte",
        (Some(_), _) => "binary",
        (None, Some(media)) if !is_text(media) => "binary",
        _ => return,
    };
    schema.insert("format".into(), Value::String(format.into()));
}

fn is_text(media_type: &str) -> bool {
    let essence = crate::spec::media_type_essence(media_type);
    essence.starts_with("text/") || essence.ends_with("json") || essence.ends_with("xml")
}

/// `prefixItems` → a tuple: `type: array` marked with [`TUPLE_EXTENSION`], its items a
/// `oneOf` of the tuple's items. Only an array is held to `prefixItems`, so a schema that does
/// not say its value is an array takes any other value as it is: without a `type`, any JSON
/// (Slack writes `items: [Message, {type: 'null'}]` and sends a message object).
fn tuple(schema: &mut Map<String, Value>, at: &At<'_>, warnings: &mut Vec<Diagnostic>) {
    let Some(Value::Array(items)) = schema.remove("prefixItems") else {
        return;
    };
    let array = match schema.get("type") {
        Some(Value::String(ty)) => ty == "array",
        Some(Value::Array(types)) => types.iter().any(|ty| ty == "array"),
        _ => false,
    };
    if !array {
        schema.remove("items");
        warnings.push(Diagnostic {
            pointer: at.to_string(),
            message: "a tuple's items on a schema whose `type` is not `array` constrain only array values, which it does not require; the tuple is not kept".into(),
        });
        return;
    }
    if schema.remove("items").is_some() {
        warnings.push(Diagnostic {
            pointer: at.join("items").to_string(),
            message: "items beyond a tuple's `prefixItems` are not kept; the value is the tuple"
                .into(),
        });
    }
    schema.insert("type".into(), Value::String("array".into()));
    schema.insert(TUPLE_EXTENSION.into(), Value::Bool(true));
    schema.insert("items".into(), json!({ "oneOf": items }));
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{every_schema, Version};

    fn normalized(schema: Value, version: Version) -> (Value, Vec<String>) {
        let mut document = json!({"components": {"schemas": {"S": schema}}});
        let mut warnings = Vec::new();
        every_schema(&mut document, version, &mut warnings);
        let messages = warnings
            .into_iter()
            .map(|w| format!("{}: {}", w.pointer, w.message))
            .collect();
        (document["components"]["schemas"]["S"].clone(), messages)
    }

    fn v31(schema: Value) -> Value {
        normalized(schema, Version::V31).0
    }

    #[test]
    fn a_type_list_with_null_is_a_nullable_type() {
        assert_eq!(
            v31(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn several_types_are_an_any_of_each_with_its_own_keywords() {
        assert_eq!(
            v31(
                json!({"type": ["string", "integer"], "maxLength": 3, "minimum": 1, "enum": ["a", 2], "description": "d"})
            ),
            json!({"description": "d", "anyOf": [
                {"type": "string", "maxLength": 3, "enum": ["a"]},
                {"type": "integer", "minimum": 1, "enum": [2]}
            ]})
        );
    }

    /// Hugging Face's 3.0 description writes `minimum: 0, exclusiveMinimum: 0`.
    #[test]
    fn a_numeric_exclusive_bound_in_a_30_document_is_read_as_31_reads_it_with_a_warning() {
        let (schema, warnings) = normalized(
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": 0, "exclusiveMaximum": true, "maximum": 9}),
            Version::V30,
        );
        assert_eq!(
            schema,
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "exclusiveMaximum": true, "maximum": 9})
        );
        assert_eq!(
            warnings,
            ["#/components/schemas/S/exclusiveMinimum: `exclusiveMinimum` is a number (JSON Schema's form since OpenAPI 3.1, which OpenAPI 3.0 does not have); read as 3.1 reads it"]
        );
    }

    #[test]
    fn a_null_alternative_makes_the_schema_nullable_in_every_version() {
        for version in [Version::V30, Version::V31] {
            let (schema, _) = normalized(
                json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}),
                version,
            );
            assert_eq!(
                schema,
                json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
            );
        }
    }

    #[test]
    fn const_examples_and_exclusive_bounds_take_their_30_forms() {
        assert_eq!(
            v31(json!({"const": "card", "examples": ["card", "other"]})),
            json!({"enum": ["card"], "example": "card", "type": "string"})
        );
        assert_eq!(
            v31(json!({"type": "integer", "exclusiveMinimum": 0})),
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0})
        );
    }

    #[test]
    fn an_enum_without_a_type_has_the_type_of_its_values() {
        for version in [Version::V30, Version::V31] {
            let (schema, _) = normalized(json!({"enum": ["a", "b", null]}), version);
            assert_eq!(schema, json!({"enum": ["a", "b", null], "type": "string"}));
            let (schema, _) = normalized(json!({"enum": [1, 2.5]}), version);
            assert_eq!(schema, json!({"enum": [1, 2.5], "type": "number"}));
            let (schema, _) = normalized(json!({"enum": ["a", 1]}), version);
            assert_eq!(schema, json!({"enum": ["a", 1]}));
        }
    }

    #[test]
    fn a_reference_with_siblings_is_an_all_of_with_the_siblings_description() {
        assert_eq!(
            v31(
                json!({"$ref": "#/components/schemas/T", "summary": "s", "description": "d", "maxLength": 3})
            ),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}, {"maxLength": 3}]})
        );
        assert_eq!(
            v31(json!({"$ref": "#/components/schemas/T", "summary": "s"})),
            json!({"description": "s", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        // 3.0 ignores a reference's siblings, as its specification says.
        let (schema, _) = normalized(
            json!({"$ref": "#/components/schemas/T", "description": "d"}),
            Version::V30,
        );
        assert_eq!(
            schema,
            json!({"$ref": "#/components/schemas/T", "description": "d"})
        );
    }

    #[test]
    fn content_keywords_are_formats() {
        assert_eq!(
            v31(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            v31(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            v31(json!({"type": "string", "contentMediaType": "text/html"})),
            json!({"type": "string"})
        );
    }

    #[test]
    fn prefix_items_are_a_tuple_of_normalised_items() {
        assert_eq!(
            v31(
                json!({"type": "array", "prefixItems": [{"type": ["number", "null"]}, {"const": "x"}], "items": false})
            ),
            json!({"type": "array", "x-codegen-tuple": true, "items": {"oneOf": [{"type": "number", "nullable": true}, {"enum": ["x"], "type": "string"}]}})
        );
    }

    #[test]
    fn items_as_a_list_are_a_tuple_in_every_version() {
        let (schema, warnings) = normalized(
            json!({"type": "array", "items": [{"type": "integer"}, {"type": "null"}]}),
            Version::Swagger2,
        );
        assert_eq!(
            schema,
            json!({"type": "array", "x-codegen-tuple": true, "items": {"oneOf": [{"type": "integer"}, {"nullable": true}]}})
        );
        assert_eq!(warnings, ["#/components/schemas/S/items: `items` is a list (JSON Schema's tuple form, which Swagger 2.0 does not have); read as 3.1's `prefixItems`"]);
    }

    /// Slack's `latest: {items: [Message, {type: 'null'}]}` holds a message object.
    #[test]
    fn a_tuple_binds_only_arrays_so_without_type_array_any_value_goes() {
        let (schema, warnings) = normalized(
            json!({"description": "The latest message.", "items": [{"type": "object"}, {"type": "null"}]}),
            Version::Swagger2,
        );
        assert_eq!(schema, json!({"description": "The latest message."}));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[1].ends_with("the tuple is not kept"),
            "{warnings:?}"
        );
    }

    #[test]
    fn keywords_rust_cannot_express_are_documented_or_dropped_with_a_warning() {
        let (schema, warnings) = normalized(
            json!({"type": "object", "patternProperties": {"^x-": {"type": "string"}}, "dependentRequired": {"a": ["b"]}, "if": {}, "then": {}}),
            Version::V31,
        );
        assert_eq!(
            schema,
            json!({"type": "object", "additionalProperties": {"type": "string"}, "description": "Dependent fields: if `a` is present, so must be `b`."})
        );
        assert_eq!(
            warnings,
            [
                "#/components/schemas/S: `patternProperties` are read as the object's additional properties; the keys' patterns are not checked",
                "#/components/schemas/S: `if`, `then` cannot be expressed in a Rust type; values are not checked against it",
            ]
        );
    }
}
