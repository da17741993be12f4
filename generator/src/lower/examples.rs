//! The spec's examples, twice. Every `example` and `examples` value of the selection is recorded
//! with the type it must decode into, for the generated crate's round-trip test. And a request
//! body's example becomes a typed [`ExampleValue`] for the docs, decided here against the final
//! types (after overrides), so that emit only spells it out; an example that does not fit its
//! type yields nothing, never a guess.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, Schema};
use rayon::prelude::*;
use serde_json::Value;

use crate::ir::{Api, ExampleValue, Presence, SpecExample, TypeId, TypeKind, TypeRef};
use crate::spec::Pointer;

/// Every example met while lowering, by pointer (a schema can be lowered more than once, its
/// example is recorded once), with its type and value.
#[derive(Debug, Default)]
pub(super) struct Examples<'a>(IndexMap<String, (TypeRef, &'a Value)>);

impl<'a> Examples<'a> {
    /// Records an example of `ty` found at `pointer`, once.
    fn record(&mut self, pointer: Pointer, ty: TypeRef, value: &'a Value) {
        self.0.entry(pointer.to_string()).or_insert((ty, value));
    }

    /// Records the `example` of a schema at `at` whose type is `ty` (`Option<ty>` if nullable).
    pub fn record_schema(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        ty: &TypeRef,
        nullable: bool,
    ) {
        if let Some(example) = &schema.schema_data.example {
            let ty = if nullable {
                TypeRef::Nullable(Box::new(ty.clone()))
            } else {
                ty.clone()
            };
            self.record(at.join("example"), ty, example);
        }
    }

    /// Records the `example` and every inline `examples` value of a media type object at `at`.
    pub fn record_media(&mut self, media: &'a MediaType, at: &Pointer, ty: &TypeRef) {
        if let Some(example) = &media.example {
            self.record(at.join("example"), ty.clone(), example);
        }
        for (name, example) in &media.examples {
            if let ReferenceOr::Item(openapiv3::Example {
                value: Some(value), ..
            }) = example
            {
                let at = at.join("examples").join(name).join("value");
                self.record(at, ty.clone(), value);
            }
        }
    }

    /// The examples, in the order they were met, written as JSON on rayon's threads: one after
    /// another, that was a tenth of lowering the whole 2.14 spec.
    pub fn into_list(self) -> Vec<SpecExample> {
        let examples: Vec<(String, (TypeRef, &Value))> = self.0.into_iter().collect();
        examples
            .into_par_iter()
            .map(|(pointer, (ty, value))| SpecExample {
                pointer,
                ty,
                json: value.to_string(),
            })
            .collect()
    }
}

/// The first example a media type object gives, if any (inline `examples` only).
pub(super) fn first_example(media: &MediaType) -> Option<&Value> {
    media.example.as_ref().or_else(|| {
        media.examples.values().find_map(|example| match example {
            ReferenceOr::Item(example) => example.value.as_ref(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}

/// `value` as a value of type `ty`, or `None` when it does not fit.
pub(crate) fn typed(api: &Api, ty: &TypeRef, value: &Value) -> Option<ExampleValue> {
    match (ty, value) {
        (TypeRef::String, Value::String(text)) => Some(ExampleValue::String(text.clone())),
        (TypeRef::Bool, Value::Bool(flag)) => Some(ExampleValue::Bool(*flag)),
        (TypeRef::I32, Value::Number(number)) => number
            .as_i64()
            .filter(|n| i32::try_from(*n).is_ok())
            .map(ExampleValue::Integer),
        (TypeRef::I64, Value::Number(number)) => number.as_i64().map(ExampleValue::Integer),
        (TypeRef::F64, Value::Number(number)) => number.as_f64().map(ExampleValue::Float),
        (TypeRef::Vec(item), Value::Array(items)) => items
            .iter()
            .map(|value| typed(api, item, value))
            .collect::<Option<Vec<_>>>()
            .map(ExampleValue::List),
        (TypeRef::Nullable(_), Value::Null) => Some(ExampleValue::None),
        (TypeRef::Nullable(inner), value) => {
            typed(api, inner, value).map(|inner| ExampleValue::Some(Box::new(inner)))
        }
        (TypeRef::Boxed(inner), value) => {
            typed(api, inner, value).map(|inner| ExampleValue::Boxed(Box::new(inner)))
        }
        (TypeRef::Named(id), value) => named(api, *id, value),
        (TypeRef::Json, value) => Some(ExampleValue::Json(value.clone())),
        (TypeRef::JsonObject, Value::Object(object)) => Some(ExampleValue::Map {
            entries: object
                .iter()
                .map(|(name, value)| (name.clone(), ExampleValue::Json(value.clone())))
                .collect(),
            json_object: true,
        }),
        (TypeRef::Map(item), Value::Object(object)) => object
            .iter()
            .map(|(name, value)| Some((name.clone(), typed(api, item, value)?)))
            .collect::<Option<Vec<_>>>()
            .map(|entries| ExampleValue::Map {
                entries,
                json_object: false,
            }),
        _ => None,
    }
}

fn named(api: &Api, id: TypeId, value: &Value) -> Option<ExampleValue> {
    match (&api.type_def(id).kind, value) {
        (TypeKind::Struct { fields }, Value::Object(object)) => {
            let values = fields
                .iter()
                .map(|field| {
                    if field.presence == Presence::Additional {
                        // Examples only use the named properties in the docs they feed.
                        return Some(ExampleValue::Default);
                    }
                    match (object.get(&field.wire_name), field.presence) {
                        (None, Presence::Required) => None,
                        (None, _)
                        | (Some(Value::Null), Presence::Optional | Presence::RequiredNullable) => {
                            Some(ExampleValue::None)
                        }
                        (Some(value), Presence::Required) => typed(api, &field.ty, value),
                        (Some(value), _) => typed(api, &field.ty, value)
                            .map(|inner| ExampleValue::Some(Box::new(inner))),
                    }
                })
                .collect::<Option<Vec<_>>>()?;
            Some(ExampleValue::Struct {
                ty: id,
                fields: values,
            })
        }
        (TypeKind::Enum { variants, .. }, Value::String(text)) => {
            Some(match variants.iter().position(|v| v.wire_name == *text) {
                Some(variant) => ExampleValue::Variant { ty: id, variant },
                None => ExampleValue::Unknown {
                    ty: id,
                    value: text.clone(),
                },
            })
        }
        (TypeKind::Union { variants, tag, .. }, value) => {
            let tag_value = tag
                .as_deref()
                .and_then(|tag| value.get(tag))
                .and_then(Value::as_str);
            variants
                .iter()
                .enumerate()
                .filter(|(_, variant)| {
                    tag_value.is_none() || variant.tag_value.as_deref() == tag_value
                })
                .find_map(|(index, variant)| {
                    let inner = typed(api, &variant.ty, value)?;
                    Some(ExampleValue::Alternative {
                        ty: id,
                        variant: index,
                        value: Box::new(inner),
                    })
                })
        }
        // A struct built through an alias is named as the alias (an operation's own name for a
        // shape it shares).
        (TypeKind::Alias(target), value) => match typed(api, target, value)? {
            ExampleValue::Struct { fields, .. } => Some(ExampleValue::Struct { ty: id, fields }),
            other => Some(other),
        },
        _ => None,
    }
}
