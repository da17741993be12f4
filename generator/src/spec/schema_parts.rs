//! Where a schema nests other schemas, whichever form openapiv3 parsed it into. The resolver
//! steps into them, `select` walks them, and lowering reads them through the same description.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::Pointer;

/// A schema as it appears in the spec: a reference or an inline definition.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    /// `$ref: '#/…'`.
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// The places a schema can nest other schemas, whichever form openapiv3 parsed it into (a typed
/// `object`/`array`, a bare `allOf`/`oneOf`/`anyOf`/`not`, or a schema without a `type`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SchemaParts<'a> {
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub additional_properties: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub all_of: &'a [ReferenceOr<Schema>],
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub not: Option<&'a ReferenceOr<Schema>>,
}

impl<'a> SchemaParts<'a> {
    pub fn of(schema: &'a Schema) -> Self {
        let mut parts = SchemaParts {
            properties: None,
            additional_properties: None,
            items: None,
            all_of: &[],
            one_of: &[],
            any_of: &[],
            not: None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                parts.properties = Some(&object.properties);
                parts.additional_properties = object.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(array)) => parts.items = array.items.as_ref(),
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => parts.one_of = one_of,
            SchemaKind::AllOf { all_of } => parts.all_of = all_of,
            SchemaKind::AnyOf { any_of } => parts.any_of = any_of,
            SchemaKind::Not { not } => parts.not = Some(not),
            SchemaKind::Any(any) => {
                parts.properties = Some(&any.properties);
                parts.additional_properties = any.additional_properties.as_ref();
                parts.items = any.items.as_ref();
                parts.all_of = &any.all_of;
                parts.one_of = &any.one_of;
                parts.any_of = &any.any_of;
                parts.not = any.not.as_deref();
            }
        }
        parts
    }
}

/// The schemas nested directly inside `schema`, each with its location below `at`.
pub(crate) fn children<'a>(schema: &'a Schema, at: &Pointer) -> Vec<(Pointer, SchemaRef<'a>)> {
    let parts = SchemaParts::of(schema);
    let mut children = Vec::new();
    for (name, property) in parts.properties.into_iter().flatten() {
        children.push((at.join("properties").join(name), property.into()));
    }
    if let Some(AdditionalProperties::Schema(schema)) = parts.additional_properties {
        children.push((at.join("additionalProperties"), (&**schema).into()));
    }
    if let Some(items) = parts.items {
        children.push((at.join("items"), items.into()));
    }
    for (key, list) in [
        ("allOf", parts.all_of),
        ("oneOf", parts.one_of),
        ("anyOf", parts.any_of),
    ] {
        for (index, item) in list.iter().enumerate() {
            children.push((at.join(key).join(index), item.into()));
        }
    }
    if let Some(not) = parts.not {
        children.push((at.join("not"), not.into()));
    }
    children
}
