//! A JSON value that a schema accepts, made the way a mock server makes one: the schema's own
//! `example`, else its `default`, else its first `enum` value, else a value of its type that
//! meets its format, `pattern` and bounds. Objects get their required properties, arrays as many items as
//! `minItems` asks (at least one), compositions their first alternative (`oneOf`, `anyOf`) or
//! every part (`allOf`). An object alternative of a `oneOf` also gets a property that only it
//! declares, so that it is not taken by the others too.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ArrayType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema,
    SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{json, Map, Value};

use crate::spec::resolve::{Resolver, SchemaRef};

/// How deep a sample goes into schemas that contain themselves.
const MAX_DEPTH: usize = 8;

/// A value `schema` accepts, or `None` where one cannot be made (a broken reference, or a
/// schema that recurses with every step required).
pub(crate) fn sample(resolver: Resolver<'_>, schema: SchemaRef<'_>) -> Option<Value> {
    Sampler { resolver }.schema(schema, 0)
}

struct Sampler<'a> {
    resolver: Resolver<'a>,
}

impl<'a> Sampler<'a> {
    fn schema(&self, schema: SchemaRef<'_>, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = self.resolver.schema(schema)?;
        let data = &schema.schema_data;
        if let Some(example) = data.example.as_ref().filter(|v| !v.is_null()) {
            return Some(example.clone());
        }
        if let Some(default) = data.default.as_ref().filter(|v| !v.is_null()) {
            return Some(default.clone());
        }
        let depth = depth + 1;
        match &schema.schema_kind {
            SchemaKind::Type(ty) => self.typed(ty, depth),
            SchemaKind::OneOf { one_of } => self.one_of(one_of, depth),
            SchemaKind::AnyOf { any_of } => any_of
                .iter()
                .find_map(|part| self.schema(part.into(), depth)),
            SchemaKind::AllOf { all_of } => {
                let parts: Vec<Value> = all_of
                    .iter()
                    .map(|part| self.schema(part.into(), depth))
                    .collect::<Option<_>>()?;
                Some(merged(parts))
            }
            SchemaKind::Not { .. } => Some(json!({})),
            SchemaKind::Any(any) => {
                if let Some(value) = any.enumeration.iter().find(|v| !v.is_null()) {
                    return Some(value.clone());
                }
                if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                    let object = ObjectType {
                        properties: any.properties.clone(),
                        required: any.required.clone(),
                        ..ObjectType::default()
                    };
                    return self.object(&object, depth);
                }
                Some(match any.typ.as_deref() {
                    Some("string") => json!("string"),
                    Some("integer") => json!(1),
                    Some("number") => json!(1.5),
                    Some("boolean") => json!(true),
                    Some("array") => json!([]),
                    _ => json!({}),
                })
            }
        }
    }

    /// The first alternative that has a sample. An object gets one property that only its own
    /// alternative declares, so that the others (which close their objects, or require what it
    /// lacks) do not take it too: `oneOf` asks for exactly one.
    fn one_of(&self, parts: &[ReferenceOr<Schema>], depth: usize) -> Option<Value> {
        parts.iter().enumerate().find_map(|(index, part)| {
            let mut value = self.schema(part.into(), depth)?;
            if let Value::Object(object) = &mut value {
                let others: HashSet<&str> = parts
                    .iter()
                    .enumerate()
                    .filter(|(other, _)| *other != index)
                    .flat_map(|(_, other)| self.properties(other.into(), depth))
                    .map(|(name, _)| name)
                    .collect();
                let own = self.properties(part.into(), depth).into_iter();
                let distinct = own
                    .filter(|(name, _)| !others.contains(name) && !object.contains_key(*name))
                    .find_map(|(name, schema)| Some((name, self.schema(schema, depth)?)));
                if let Some((name, sample)) = distinct {
                    object.insert(name.to_owned(), sample);
                }
            }
            Some(value)
        })
    }

    /// The properties an object schema declares, its `allOf` parts' included.
    fn properties<'s>(&self, schema: SchemaRef<'s>, depth: usize) -> Vec<(&'s str, SchemaRef<'s>)>
    where
        'a: 's,
    {
        let Some(schema) = self.resolver.schema(schema).filter(|_| depth <= MAX_DEPTH) else {
            return Vec::new();
        };
        let declared = |properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>| {
            properties
                .iter()
                .map(|(name, schema)| (name.as_str(), SchemaRef::from(schema)))
                .collect()
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => declared(&object.properties),
            SchemaKind::Any(any) => declared(&any.properties),
            SchemaKind::AllOf { all_of } => all_of
                .iter()
                .flat_map(|part| self.properties(part.into(), depth + 1))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn typed(&self, ty: &Type, depth: usize) -> Option<Value> {
        match ty {
            Type::String(string) => Some(string_value(string)),
            Type::Integer(integer) => Some(integer_value(integer)),
            Type::Number(number) => Some(number_value(number)),
            Type::Boolean(boolean) => Some(json!(boolean
                .enumeration
                .first()
                .copied()
                .flatten()
                .unwrap_or(true))),
            Type::Array(array) => self.array(array, depth),
            Type::Object(object) => self.object(object, depth),
        }
    }

    fn array(&self, array: &ArrayType, depth: usize) -> Option<Value> {
        // Two items where the array allows them: a form or query parameter with one value is
        // indistinguishable from a string. Unique items would need as many different values:
        // one is as close as it gets.
        let count = match array.unique_items {
            true => 1,
            false => array
                .min_items
                .unwrap_or(2)
                .max(1)
                .min(array.max_items.unwrap_or(usize::MAX)),
        };
        let item = match &array.items {
            Some(items) => self.schema(items.into(), depth)?,
            None => json!("item"),
        };
        Some(Value::Array(vec![item; count]))
    }

    fn object(&self, object: &ObjectType, depth: usize) -> Option<Value> {
        let mut map = Map::new();
        for name in &object.required {
            let value = match object.properties.get(name) {
                Some(property) => self.schema(property.into(), depth)?,
                None => match &object.additional_properties {
                    Some(AdditionalProperties::Schema(schema)) => {
                        self.schema(schema.as_ref().into(), depth)?
                    }
                    _ => json!("string"),
                },
            };
            map.insert(name.clone(), value);
        }
        Some(Value::Object(map))
    }
}

/// The parts of an `allOf`, as one value: the objects' properties together, else the last part.
fn merged(parts: Vec<Value>) -> Value {
    if parts.iter().all(Value::is_object) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(properties) = part {
                merged.extend(properties);
            }
        }
        return Value::Object(merged);
    }
    parts.into_iter().last().unwrap_or(Value::Null)
}

fn string_value(string: &StringType) -> Value {
    if let Some(value) = string.enumeration.iter().flatten().next() {
        return json!(value);
    }
    let text = match &string.format {
        VariantOrUnknownOrEmpty::Item(format) => match format {
            StringFormat::Date => "2024-01-02",
            StringFormat::DateTime => "2024-01-02T03:04:05Z",
            StringFormat::Password => "secret",
            StringFormat::Byte => "cHJvYmU=",
            StringFormat::Binary => "probe",
        },
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "uuid" => "123e4567-e89b-12d3-a456-426614174000",
            "email" => "user@example.com",
            "uri" | "url" | "uri-reference" | "iri" => "https://example.com/probe",
            "hostname" => "example.com",
            "ipv4" => "192.0.2.1",
            "ipv6" => "2001:db8::1",
            "time" => "03:04:05Z",
            "duration" => "P1D",
            "date" => "2024-01-02",
            "date-time" => "2024-01-02T03:04:05Z",
            _ => "string",
        },
        VariantOrUnknownOrEmpty::Empty => "string",
    };
    let min = string.min_length.unwrap_or(0);
    let max = string.max_length.unwrap_or(usize::MAX);
    let mut text = text.to_owned();
    while text.len() < min {
        text.push('x');
    }
    text.truncate(max.max(1));
    match &string.pattern {
        Some(pattern) => json!(super::pattern::meeting(pattern, text, min, max)),
        None => json!(text),
    }
}

fn integer_value(integer: &IntegerType) -> Value {
    if let Some(value) = integer.enumeration.iter().flatten().next() {
        return json!(value);
    }
    let mut value = 1i64;
    if let Some(minimum) = integer.minimum {
        value = value.max(minimum + i64::from(integer.exclusive_minimum));
    }
    if let Some(maximum) = integer.maximum {
        value = value.min(maximum - i64::from(integer.exclusive_maximum));
    }
    if let Some(step) = integer.multiple_of.filter(|step| *step > 0) {
        value = (value / step).max(1) * step;
    }
    json!(value)
}

fn number_value(number: &NumberType) -> Value {
    if let Some(value) = number.enumeration.iter().flatten().next() {
        return json!(value);
    }
    let mut value = 1.0f64;
    if let Some(minimum) = number.minimum {
        value = value.max(minimum + if number.exclusive_minimum { 0.5 } else { 0.0 });
    }
    if let Some(maximum) = number.maximum {
        value = value.min(maximum - if number.exclusive_maximum { 0.5 } else { 0.0 });
    }
    json!(value)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::sample;
    use crate::spec::resolve::{Resolver, SchemaRef};

    /// A sample of the component schema `Target` of a description whose schemas are `schemas`.
    fn sampled(schemas: &str) -> Option<serde_json::Value> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas: {schemas}\n"
        );
        let spec =
            crate::spec::parse(text.as_bytes(), std::path::Path::new("t.yaml")).expect("parses");
        sample(
            Resolver::new(&spec.api),
            SchemaRef::Ref("#/components/schemas/Target"),
        )
    }

    #[test]
    fn a_sample_meets_the_schema_s_formats_bounds_and_enums() {
        let schemas = "{Target: {type: object, required: [id, at, count, kind, tags, ratio], properties: {\
            id: {type: string, format: uuid}, at: {type: string, format: date-time}, \
            count: {type: integer, minimum: 10, multipleOf: 5}, kind: {type: string, enum: [b, a]}, \
            tags: {type: array, items: {type: string, minLength: 3}}, ratio: {type: number, maximum: 0.5}, \
            note: {type: string}}}}";
        assert_eq!(
            sampled(schemas),
            Some(json!({
                "id": "123e4567-e89b-12d3-a456-426614174000",
                "at": "2024-01-02T03:04:05Z",
                "count": 10,
                "kind": "b",
                "tags": ["string", "string"],
                "ratio": 0.5,
            }))
        );
    }

    #[test]
    fn a_string_meets_its_pattern_and_keeps_a_format_sample_that_does() {
        let schemas = r"{Target: {type: object, required: [sid, day], properties: {
            sid: {type: string, pattern: '^IS[0-9a-f]{32}$', minLength: 34, maxLength: 34},
            day: {type: string, format: date, pattern: '^\d{4}-\d{2}-\d{2}$'}}}}";
        assert_eq!(
            sampled(schemas),
            Some(json!({"sid": format!("IS{}", "a".repeat(32)), "day": "2024-01-02"}))
        );
    }

    #[test]
    fn examples_and_defaults_come_first_and_compositions_take_their_parts() {
        let schemas = "{Target: {allOf: [{$ref: '#/components/schemas/Named'}, \
            {type: object, required: [size], properties: {size: {type: integer, default: 3}}}]}, \
            Named: {type: object, required: [name, pet], properties: {name: {type: string, example: Rex}, \
            pet: {oneOf: [{type: boolean}, {type: string}]}}}}";
        assert_eq!(
            sampled(schemas),
            Some(json!({"name": "Rex", "pet": true, "size": 3}))
        );
    }

    #[test]
    fn a_one_of_object_gets_a_property_that_only_its_alternative_declares() {
        let schemas = "{Target: {oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]}, \
            Cat: {type: object, additionalProperties: false, required: [kind], \
                properties: {kind: {type: string}, name: {type: string}, meows: {type: boolean}}}, \
            Dog: {allOf: [{type: object, properties: {kind: {type: string}, name: {type: string}}}, \
                {type: object, properties: {barks: {type: boolean}}}]}}";
        assert_eq!(
            sampled(schemas),
            Some(json!({"kind": "string", "meows": true}))
        );
    }

    #[test]
    fn a_schema_that_requires_itself_forever_has_no_sample() {
        let schemas = "{Target: {type: object, required: [next], properties: {next: {$ref: '#/components/schemas/Target'}}}}";
        assert_eq!(sampled(schemas), None);
    }
}
