//! Unions (`oneOf`/`anyOf`): one enum variant per alternative, named after the schema it
//! references or its title; properties declared beside the alternatives are merged into each.
//!
//! A `discriminator` makes the union tagged where it is built. Intercom's spec declares none, yet
//! most of its `oneOf`s are objects that each carry a required `type` whose schema allows
//! exactly one string (`enum: [conversation_part]`); [`find_tags`] recognises such an implicit
//! tag once every type is known, so decoding reads it and picks the variant directly instead of
//! trying each in turn.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::objects::{is_object_like, ObjectParts, Properties};
use super::TypeBuilder;
use crate::ir::{
    definition_of, Docs, Ident, NameAllocator, Presence, TypeDef, TypeId, TypeKind, TypeRef,
    UnionVariant,
};
use crate::spec::Pointer;

impl<'a> TypeBuilder<'a> {
    /// The union `id` of the alternatives `parts` listed at `at`.
    pub(super) fn union(
        &mut self,
        id: TypeId,
        schema: &'a Schema,
        parts: &'a [ReferenceOr<Schema>],
        at: &Pointer,
    ) -> TypeKind {
        let name = self.types[id.0].name.to_string();
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut names = NameAllocator::default();
        let mut variants = Vec::with_capacity(parts.len());
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.join(index);
            let (wanted, tag_value) = match part {
                ReferenceOr::Reference { reference } => {
                    let component = self
                        .component_name_of(reference, &part_at)
                        .unwrap_or_default();
                    let mapped = discriminator.and_then(|d| {
                        d.mapping
                            .iter()
                            .find(|(_, target)| {
                                *target == reference || target.as_str() == component
                            })
                            .map(|(value, _)| value.clone())
                    });
                    let tag_value =
                        discriminator.map(|_| mapped.unwrap_or_else(|| component.clone()));
                    (Ident::type_name(&component), tag_value)
                }
                ReferenceOr::Item(inline) => {
                    // An inline alternative of a tagged union is named by its tag value.
                    let tag_value =
                        discriminator.and_then(|d| single_value(inline, &d.property_name));
                    match &tag_value {
                        Some(value) => (Ident::type_name(value), tag_value),
                        None => (variant_label(inline, index), None),
                    }
                }
            };
            let variant_name = names.claim(wanted);
            let hint = format!("{name}{variant_name}");
            let ty = match shared_properties(schema) {
                Some((properties, required)) => {
                    self.merged_variant(properties, required, part, &part_at, (id, &variant_name))
                }
                None => self.use_schema(part.into(), &part_at, &hint).in_container(),
            };
            variants.push(UnionVariant {
                name: variant_name,
                ty,
                tag_value,
            });
        }
        let tag = discriminator.map(|d| d.property_name.clone());
        TypeKind::Union {
            variants,
            tag,
            unknown: names.claim(Ident::variant_name("Unknown")),
        }
    }

    /// An alternative of a union whose schema also declares properties of its own: a struct of
    /// those shared properties and the alternative's, as if the two were an `allOf`.
    fn merged_variant(
        &mut self,
        properties: &'a Properties,
        required: &'a [String],
        part: &'a ReferenceOr<Schema>,
        at: &Pointer,
        (union, variant): (TypeId, &Ident),
    ) -> TypeRef {
        let hint = &format!("{}{variant}", self.types[union.0].name);
        if let Some(id) = self.inline.get(at) {
            return TypeRef::Named(*id);
        }
        let target = match part {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => {
                self.resolver.follow(reference, at).ok().map(|r| r.item)
            }
        };
        if target.is_some_and(|schema| {
            !is_object_like(schema)
                && !matches!(schema.schema_kind, SchemaKind::Type(Type::Object(_)))
        }) {
            let names: Vec<&str> = properties.keys().map(String::as_str).collect();
            self.warn(
                at,
                &format!(
                    "this alternative is not an object, so the properties shared by all alternatives ({}) cannot be merged into it and are not part of it",
                    names.join(", ")
                ),
            );
            return self.use_schema(part.into(), at, hint).in_container();
        }
        let id = self.reserve(Ident::composed_type_name(hint), at.clone());
        self.inline.insert(at.clone(), id);
        let name = self.types[id.0].name.to_string();
        let mut parts = ObjectParts::default();
        parts.add(properties, required, &at.join("shared"), &name);
        let (schema, part_at) = match part {
            ReferenceOr::Item(schema) => (schema, at.clone()),
            ReferenceOr::Reference { reference } => match self.resolver.follow(reference, at) {
                Ok(resolved) => {
                    if let Some(base) = self.component_in(&resolved.chain) {
                        parts.add_base(base);
                    }
                    (resolved.item, resolved.definition().clone())
                }
                Err(problem) => {
                    self.problems.push(problem);
                    return TypeRef::Json;
                }
            },
        };
        self.collect(schema, &part_at, &name, &mut parts, &mut Vec::new());
        let mut docs = Docs::text(format!("The `{variant}` alternative of "));
        docs.push_type(union)
            .push_text(", with the properties every alternative shares.");
        self.types[id.0].docs = docs;
        self.types[id.0].kind = self.structure(id, parts);
        TypeRef::Named(id)
    }
}

/// The properties a union schema declares beside its alternatives, shared by all of them.
fn shared_properties(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Any(any) if !any.properties.is_empty() => {
            Some((&any.properties, &any.required))
        }
        _ => None,
    }
}

/// The one value `property` of the object `schema` allows (`kind: {enum: [circle]}`).
fn single_value(schema: &Schema, property: &str) -> Option<String> {
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.properties,
        SchemaKind::Any(any) => &any.properties,
        _ => return None,
    };
    let ReferenceOr::Item(property) = properties.get(property)? else {
        return None;
    };
    match &property.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// A name for an inline alternative: its title, else what kind of value it is.
fn variant_label(schema: &Schema, index: usize) -> Ident {
    if let Some(title) = schema
        .schema_data
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        return Ident::type_name(title);
    }
    Ident::type_name(match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Array(_)) => "Array",
        SchemaKind::Type(Type::Object(_)) => "Object",
        _ => return Ident::type_name(&format!("Variant{}", index + 1)),
    })
}

/// Completes the tags of unions: a `discriminator` over inline alternatives (which no mapping
/// names) takes each alternative's value from the tag property's single allowed value, and every
/// untagged union that has an implicit tag gets it. Returns the indices of the unions whose
/// `discriminator` does not tell every alternative apart; those decode as the first alternative
/// that fits.
pub(in crate::lower) fn find_tags(types: &mut [TypeDef]) -> Vec<usize> {
    let mut untellable = Vec::new();
    for index in 0..types.len() {
        if let TypeKind::Union {
            variants,
            tag: Some(name),
            ..
        } = &types[index].kind
        {
            let values: Vec<Option<String>> = variants
                .iter()
                .map(|variant| {
                    variant.tag_value.clone().or_else(|| {
                        constant_properties(types, &variant.ty)
                            .into_iter()
                            .find(|(property, _)| property == name)
                            .map(|(_, value)| value)
                    })
                })
                .collect();
            let complete = values.iter().all(Option::is_some);
            if let TypeKind::Union { variants, tag, .. } = &mut types[index].kind {
                if complete {
                    for (variant, value) in variants.iter_mut().zip(values) {
                        variant.tag_value = value;
                    }
                } else {
                    untellable.push(index);
                    *tag = None;
                    variants
                        .iter_mut()
                        .for_each(|variant| variant.tag_value = None);
                }
            }
        }
        let TypeKind::Union {
            variants,
            tag: None,
            ..
        } = &types[index].kind
        else {
            continue;
        };
        let candidates: Vec<Vec<(String, String)>> = variants
            .iter()
            .map(|v| constant_properties(types, &v.ty))
            .collect();
        let Some(first) = candidates.first() else {
            continue;
        };
        // Prefer `type`, then the other shared properties in declaration order.
        let mut names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
        names.sort_by_key(|name| *name != "type");
        let found = names.into_iter().find_map(|name| {
            let values: Vec<String> = candidates
                .iter()
                .map(|props| {
                    props
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                })
                .collect::<Option<_>>()?;
            let mut unique = values.clone();
            unique.sort();
            unique.dedup();
            (unique.len() == values.len()).then(|| (name.to_owned(), values))
        });
        if let Some((name, values)) = found {
            if let TypeKind::Union { variants, tag, .. } = &mut types[index].kind {
                for (variant, value) in variants.iter_mut().zip(values) {
                    variant.tag_value = Some(value);
                }
                *tag = Some(name);
            }
        }
    }
    untellable
}

/// `(wire name, the one allowed value)` of every required property of the struct behind `ty`
/// whose type is a string enum with a single value.
fn constant_properties(types: &[TypeDef], ty: &TypeRef) -> Vec<(String, String)> {
    let Some(TypeKind::Struct { fields }) = definition_of(types, ty).map(|t| &t.kind) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|f| f.presence == Presence::Required)
        .filter_map(
            |field| match definition_of(types, &field.ty).map(|t| &t.kind) {
                Some(TypeKind::Enum { variants, .. }) if variants.len() == 1 => {
                    Some((field.wire_name.clone(), variants[0].wire_name.clone()))
                }
                _ => None,
            },
        )
        .collect()
}
