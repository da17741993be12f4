//! Which Rust type a schema becomes: primitives, arrays and maps directly; objects, enums,
//! `allOf`s and unions as named types, whose definitions the sibling files build.

use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::objects::{
    constrains_nothing, is_object_like, required_alternatives, wrapped_part, ObjectParts,
};
use super::{enums, TypeBuilder, Use};
use crate::error::Diagnostic;
use crate::ir::{Docs, TypeId, TypeKind, TypeRef};
use crate::lower::docs;
use crate::select::x_tags;
use crate::spec::{Pointer, TUPLE_EXTENSION};

/// Whether `schema` allows `null`: `nullable`, or `null` among a string enum's values.
pub(super) fn allows_null(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || matches!(&schema.schema_kind,
            SchemaKind::Type(Type::String(string)) if string.enumeration.contains(&None))
}

/// Whether a schema of a primitive `type` has `oneOf`/`anyOf` alternatives that only narrow
/// it (`type: string, anyOf: [{format: date-time}, {format: date}]`, Lob's dates): every
/// alternative is of that type or of none, with no structure of its own. The value is then of
/// that type, not a union of untyped alternatives.
fn alternatives_only_narrow(any: &AnySchema) -> bool {
    let Some(typ) = any.typ.as_deref() else {
        return false;
    };
    let of_type = |alternative: &Type| {
        matches!(
            (typ, alternative),
            ("string", Type::String(_))
                | ("integer", Type::Integer(_))
                | ("number", Type::Number(_))
                | ("boolean", Type::Boolean(_))
        )
    };
    let narrows = |alternative: &ReferenceOr<Schema>| match alternative {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(alternative),
            ..
        }) => of_type(alternative),
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(alternative),
            ..
        }) => {
            alternative.typ.as_deref().is_none_or(|own| own == typ)
                && alternative.properties.is_empty()
                && alternative.additional_properties.is_none()
                && alternative.items.is_none()
                && alternative.all_of.is_empty()
                && alternative.one_of.is_empty()
                && alternative.any_of.is_empty()
                && alternative.not.is_none()
        }
        _ => false,
    };
    let mut alternatives = any.one_of.iter().chain(&any.any_of).peekable();
    matches!(typ, "string" | "integer" | "number" | "boolean")
        && any.properties.is_empty()
        && any.all_of.is_empty()
        && alternatives.peek().is_some()
        && alternatives.all(narrows)
}

/// The values of a string whose alternatives each fix one (`type: string, oneOf: [{title:
/// TYPING_START, const: TYPING_START}, …]`, Discord's named values): a string enum of them.
fn string_constants(any: &AnySchema) -> Option<Vec<&str>> {
    if any.typ.as_deref() != Some("string") || !alternatives_only_narrow(any) {
        return None;
    }
    any.one_of
        .iter()
        .chain(&any.any_of)
        .map(|alternative| match alternative {
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(Type::String(string)),
                ..
            }) => match string.enumeration.as_slice() {
                [Some(value)] => Some(value.as_str()),
                _ => None,
            },
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Any(alternative),
                ..
            }) => match alternative.enumeration.as_slice() {
                [serde_json::Value::String(value)] => Some(value.as_str()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The values of `type` in OpenAPI 3.0.
const TYPE_NAMES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

impl<'a> TypeBuilder<'a> {
    /// The type of an inline schema at `at`; one that needs a name is named `hint`.
    pub(super) fn inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> Use {
        if constrains_nothing(schema) {
            self.examples
                .record_schema(schema, at, &TypeRef::Json, false);
            return Use {
                ty: TypeRef::Json,
                nullable: false,
            };
        }
        let value_part = wrapped_part(schema).or_else(|| self.scalar_part(schema, at));
        if let Some((index, part, nullable)) = value_part {
            let only = self.use_schema(part.into(), &at.join("allOf").join(index), hint);
            return Use {
                nullable: nullable || only.nullable,
                ..only
            };
        }
        let nullable = allows_null(schema);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                self.named_inline(schema, at, hint)
            }
            SchemaKind::Type(Type::String(_)) => self.string(schema),
            SchemaKind::Type(Type::Integer(integer)) => match &integer.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                self.map(object.additional_properties.as_ref(), at, hint)
            }
            SchemaKind::Type(Type::Object(_)) => self.named_inline(schema, at, hint),
            SchemaKind::Type(Type::Array(array))
                if schema.schema_data.extensions.contains_key(TUPLE_EXTENSION) =>
            {
                self.tuple(array.items.as_ref(), at, hint)
            }
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let at = at.join("items");
                    let item = self.use_schema(items.into(), &at, &format!("{hint}Item"));
                    TypeRef::Vec(Box::new(item.in_container()))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::AllOf { .. } => self.named_inline(schema, at, hint),
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                self.named_inline(schema, at, hint)
            }
            SchemaKind::Any(any)
                if any.one_of.is_empty() && any.any_of.is_empty() && any.not.is_none() =>
            {
                self.by_type_name(any, at, hint)
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.named_inline(schema, at, hint)
            }
            SchemaKind::Any(any) if string_constants(any).is_some() => {
                self.named_inline(schema, at, hint)
            }
            SchemaKind::Any(any) if alternatives_only_narrow(any) => {
                self.by_type_name(any, at, hint)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                self.named_inline(schema, at, hint)
            }
            SchemaKind::Not { .. } | SchemaKind::Any(_) => {
                self.warn(
                    at,
                    "`not` cannot be expressed as a Rust type; the value is kept as untyped JSON (`serde_json::Value`)",
                );
                TypeRef::Json
            }
        };
        self.examples.record_schema(schema, at, &ty, nullable);
        Use { ty, nullable }
    }

    /// A schema openapiv3 could not type by its keywords (an integer bound beyond 64 bits, a
    /// keyword of another type's), read by its `type`; a `type` OpenAPI does not have is an
    /// error that suggests the closest one.
    fn by_type_name(&mut self, any: &'a AnySchema, at: &Pointer, hint: &str) -> TypeRef {
        let format = any.format.as_deref();
        match any.typ.as_deref() {
            Some("integer") if format == Some("int32") => TypeRef::I32,
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some("string") => self.string_of_format(format),
            Some("array") => match &any.items {
                Some(items) => {
                    let at = at.join("items");
                    let item = self.use_schema(items.into(), &at, &format!("{hint}Item"));
                    TypeRef::Vec(Box::new(item.in_container()))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            Some("object") => self.map(any.additional_properties.as_ref(), at, hint),
            None if any.additional_properties.is_some() => {
                self.map(any.additional_properties.as_ref(), at, hint)
            }
            None => TypeRef::Json,
            Some(unknown) => {
                let hint =
                    match crate::suggest::closest(unknown, TYPE_NAMES.iter().copied()).as_slice() {
                        [] => String::new(),
                        close => format!("; did you mean `{}`?", close.join("` or `")),
                    };
                self.problems.push(Diagnostic {
                    pointer: at.join("type").to_string(),
                    message: format!(
                        "`type: {unknown}` is not an OpenAPI type; expected one of {}{hint}",
                        TYPE_NAMES.join(", ")
                    ),
                });
                TypeRef::Json
            }
        }
    }

    /// A tuple: normalisation put its items in a `oneOf` as the array's `items`.
    fn tuple(
        &mut self,
        items: Option<&'a openapiv3::ReferenceOr<Box<Schema>>>,
        at: &Pointer,
        hint: &str,
    ) -> TypeRef {
        let Some(openapiv3::ReferenceOr::Item(items)) = items else {
            return TypeRef::Vec(Box::new(TypeRef::Json));
        };
        let SchemaKind::OneOf { one_of } = &items.schema_kind else {
            return TypeRef::Vec(Box::new(TypeRef::Json));
        };
        let at = at.join("items").join("oneOf");
        let elements = one_of
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let hint = format!("{hint}Item{}", index + 1);
                self.use_schema(item.into(), &at.join(index), &hint)
                    .in_container()
            })
            .collect();
        TypeRef::Tuple(elements)
    }

    /// A string: `String`, or the Rust type the config maps its `format` to.
    fn string(&mut self, schema: &Schema) -> TypeRef {
        self.string_of_format(docs::string_format(schema))
    }

    /// A string of `format`: the Rust type the config maps the format to, `File` for binary
    /// data, else `String`.
    fn string_of_format(&mut self, format: Option<&str>) -> TypeRef {
        match format.and_then(|format| self.formats.get(format)) {
            Some(mapped) => {
                self.used_formats.insert(mapped.rust_type.clone());
                TypeRef::External(mapped.rust_type.clone())
            }
            None if format == Some("binary") => TypeRef::File,
            None => TypeRef::String,
        }
    }

    /// `additionalProperties` of an object without properties: a typed map or free-form JSON.
    fn map(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
        hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let at = at.join("additionalProperties");
                let value = self.use_schema((&**value).into(), &at, &format!("{hint}Value"));
                TypeRef::Map(Box::new(value.in_container()))
            }
            _ => TypeRef::JsonObject,
        }
    }

    /// Fills the reserved slot `id` with the definition of `schema` at `at`; `component` is the
    /// component's name when the schema is one.
    pub(super) fn define(
        &mut self,
        id: TypeId,
        schema: &'a Schema,
        at: &Pointer,
        component: Option<&str>,
    ) {
        let name = self.types[id.0].name.to_string();
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                if string.enumeration.contains(&None) {
                    self.warn(at, "`null` is one of the enum's values: it is not a variant, the value is `None` (an `Option`) instead");
                }
                enums::string_enum(string.enumeration.iter().flatten().map(String::as_str))
            }
            SchemaKind::Any(any) if string_constants(any).is_some() => {
                enums::string_enum(string_constants(any).into_iter().flatten())
            }
            SchemaKind::OneOf { one_of } => self.union(id, schema, one_of, &at.join("oneOf")),
            SchemaKind::AnyOf { any_of } => self.union(id, schema, any_of, &at.join("anyOf")),
            SchemaKind::Any(any)
                if (!any.one_of.is_empty() || !any.any_of.is_empty())
                    && required_alternatives(schema).is_none()
                    && !alternatives_only_narrow(any) =>
            {
                let (parts, key) = if any.one_of.is_empty() {
                    (&any.any_of, "anyOf")
                } else {
                    (&any.one_of, "oneOf")
                };
                self.union(id, schema, parts, &at.join(key))
            }
            _ if is_object_like(schema) && self.scalar_part(schema, at).is_none() => {
                let mut parts = ObjectParts::default();
                self.collect(schema, at, &name, &mut parts, &mut Vec::new());
                self.structure(id, parts)
            }
            _ => TypeKind::Alias(self.inline(schema, at, &name).ty),
        };
        let mut text = docs::schema_docs(schema, at, component);
        if let Some((exactly_one, alternatives)) = required_alternatives(schema) {
            text.push_str(&docs::required_alternatives_note(
                exactly_one,
                &alternatives,
            ));
        }
        let definition = &mut self.types[id.0];
        definition.kind = kind;
        definition.docs = Docs::text(text);
        if component.is_some() {
            definition.tags = x_tags(schema).map(str::to_owned).collect();
        }
    }
}
