//! Structs: an object's properties, and `allOf` merging, which gathers the properties and
//! `required` lists of every schema a type extends into one flat set of fields (each `$ref`ed
//! base stays a type of its own as well).

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, BooleanType, IntegerType, NumberType, ReferenceOr, Schema,
    SchemaKind, StringType, Type,
};

use super::TypeBuilder;
use crate::error::Diagnostic;
use crate::ir::{Docs, Field, Ident, NameAllocator, Presence, TypeId, TypeKind, TypeRef};
use crate::lower::docs;
use crate::spec::resolve::SchemaRef;
use crate::spec::Pointer;

/// An object schema's `properties`, as openapiv3 models them.
pub(super) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties of an object-like schema after `allOf` flattening.
#[derive(Default)]
pub(super) struct ObjectParts<'a> {
    properties: IndexMap<&'a str, Property<'a>>,
    required: Vec<&'a str>,
    /// What happens to the keys the object does not name.
    extra: Extra<'a>,
    /// The components whose properties were gathered.
    bases: BTreeSet<TypeId>,
}

/// What an object keeps of the keys it does not name.
#[derive(Default)]
enum Extra<'a> {
    /// As untyped JSON (`additionalProperties` absent or `true`).
    #[default]
    Untyped,
    /// As values of a schema, with its location and the owner's name.
    Typed(SchemaRef<'a>, Pointer, String),
    /// Nothing (`additionalProperties: false`).
    None,
}

struct Property<'a> {
    schema: SchemaRef<'a>,
    at: Pointer,
    /// The Rust name of the type the property was declared in, for naming its inline types.
    owner: String,
}

impl<'a> ObjectParts<'a> {
    /// Adds declared properties (the first declaration of a name wins) and required names.
    pub fn add(
        &mut self,
        properties: &'a Properties,
        required: &'a [String],
        at: &Pointer,
        owner: &str,
    ) {
        for (name, property) in properties {
            self.properties.entry(name).or_insert_with(|| Property {
                schema: property.into(),
                at: at.join("properties").join(name),
                owner: owner.to_owned(),
            });
        }
        self.required.extend(required.iter().map(String::as_str));
    }

    /// Records that the properties of the component `base` are gathered.
    pub fn add_base(&mut self, base: TypeId) {
        self.bases.insert(base);
    }

    /// Records what the object's `additionalProperties` says about keys it does not name.
    /// OpenAPI 3.0 allows them when the keyword is absent, and servers send them (Intercom
    /// sends properties its spec does not declare), so an absent keyword keeps them as untyped
    /// JSON; a schema keeps them typed, and `false` anywhere in an `allOf` drops them.
    fn allow_more(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
        owner: &str,
    ) {
        let extra = match additional {
            Some(AdditionalProperties::Any(false)) => Extra::None,
            Some(AdditionalProperties::Schema(schema)) => Extra::Typed(
                (&**schema).into(),
                at.join("additionalProperties"),
                owner.to_owned(),
            ),
            Some(AdditionalProperties::Any(true)) | None => Extra::Untyped,
        };
        self.extra = match (&self.extra, extra) {
            (Extra::None, _) | (_, Extra::None) => Extra::None,
            (Extra::Typed(..), _) => return,
            (_, extra) => extra,
        };
    }
}

impl<'a> TypeBuilder<'a> {
    /// Gathers properties and `required` from an object-like schema and, through `allOf`, from
    /// every schema it extends. `stack` holds the definitions being flattened, to stop a loop.
    pub(super) fn collect(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        owner: &str,
        parts: &mut ObjectParts<'a>,
        stack: &mut Vec<Pointer>,
    ) {
        let all_of = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                parts.add(&object.properties, &object.required, at, owner);
                parts.allow_more(object.additional_properties.as_ref(), at, owner);
                &[][..]
            }
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::Any(any) => {
                parts.add(&any.properties, &any.required, at, owner);
                parts.allow_more(any.additional_properties.as_ref(), at, owner);
                any.all_of.as_slice()
            }
            // Which of the properties must be there: nothing to merge, nothing left out.
            _ if requires_only(schema) => return,
            _ => {
                self.warn(at, "this `allOf` part is not an object; its properties cannot be merged and are left out");
                return;
            }
        };
        for (index, part) in all_of.iter().enumerate() {
            let part_at = at.join("allOf").join(index);
            match SchemaRef::from(part) {
                SchemaRef::Inline(part) => self.collect(part, &part_at, owner, parts, stack),
                SchemaRef::Ref(reference) => {
                    let resolved = match self.resolver.follow::<Schema>(reference, &part_at) {
                        Ok(resolved) => resolved,
                        Err(problem) => {
                            self.problems.push(problem);
                            continue;
                        }
                    };
                    let definition = resolved.definition().clone();
                    if stack.contains(&definition) {
                        self.problems.push(Diagnostic {
                            pointer: part_at.to_string(),
                            message: format!(
                                "`allOf` includes `{reference}`, which includes this schema again"
                            ),
                        });
                        continue;
                    }
                    // Properties are named after the component that declares them.
                    let owner = match self.component_in(&resolved.chain) {
                        Some(base) => {
                            parts.add_base(base);
                            self.types[base.0].name.to_string()
                        }
                        None => owner.to_owned(),
                    };
                    stack.push(definition.clone());
                    self.collect(resolved.item, &definition, &owner, parts, stack);
                    stack.pop();
                }
            }
        }
    }

    /// The part of an `allOf` that says what the value is when every part is, or names, a
    /// schema of one primitive type (or only annotates): `allOf: [{$ref: object}, {type: string,
    /// enum: [tracking_event]}]`, where `object` is a string, as Lob writes a fixed value of a
    /// shared field. The value is of that type, narrowed by the part that lists its values: the
    /// part with the fewest `enum` values, or the first part when none has any. `None` for an
    /// `allOf` with an object, an array, a part of another kind, or parts of different types.
    /// Its index, the part, and whether the schema or an inline part makes it nullable.
    pub(super) fn scalar_part(
        &self,
        schema: &'a Schema,
        at: &Pointer,
    ) -> Option<(usize, &'a ReferenceOr<Schema>, bool)> {
        let parts = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) if any.properties.is_empty() => &any.all_of,
            _ => return None,
        };
        let mut chosen: Option<(usize, &'a ReferenceOr<Schema>, Option<usize>)> = None;
        let mut primitive = None;
        for (index, part) in parts.iter().enumerate() {
            let resolved = match part {
                ReferenceOr::Item(part) => part,
                ReferenceOr::Reference { reference } => {
                    let part_at = at.join("allOf").join(index);
                    self.resolver
                        .follow::<Schema>(reference, &part_at)
                        .ok()?
                        .item
                }
            };
            let (ty, values) = match &resolved.schema_kind {
                SchemaKind::Any(any) if *any == AnySchema::default() => continue,
                SchemaKind::Type(ty) => match ty {
                    Type::String(string) => (ty, string.enumeration.len()),
                    Type::Integer(integer) => (ty, integer.enumeration.len()),
                    Type::Number(number) => (ty, number.enumeration.len()),
                    Type::Boolean(boolean) => (ty, boolean.enumeration.len()),
                    Type::Object(_) | Type::Array(_) => return None,
                },
                _ => return None,
            };
            if *primitive.get_or_insert(std::mem::discriminant(ty)) != std::mem::discriminant(ty) {
                return None;
            }
            let values = (values > 0).then_some(values);
            let narrower = match (&chosen, values) {
                (None, _) => true,
                (Some((_, _, fewest)), Some(values)) => fewest.is_none_or(|fewest| values < fewest),
                (Some(_), None) => false,
            };
            if narrower {
                chosen = Some((index, part, values));
            }
        }
        chosen.map(|(index, part, _)| (index, part, any_nullable(schema, parts)))
    }

    /// Whether a property's schema says `readOnly`: itself, a part of its `allOf` (where a
    /// 3.1 `$ref` with a sibling `readOnly` lands), or the schema a `$ref` names.
    fn is_read_only(&self, schema: SchemaRef<'a>, at: &Pointer) -> bool {
        let resolve = |schema: SchemaRef<'a>, at: &Pointer| match schema {
            SchemaRef::Inline(schema) => Some(schema),
            SchemaRef::Ref(reference) => self
                .resolver
                .follow::<Schema>(reference, at)
                .ok()
                .map(|resolved| resolved.item),
        };
        let Some(schema) = resolve(schema, at) else {
            return false;
        };
        let parts = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::Any(any) => any.all_of.as_slice(),
            _ => &[],
        };
        schema.schema_data.read_only
            || parts.iter().enumerate().any(|(index, part)| {
                resolve(part.into(), &at.join("allOf").join(index))
                    .is_some_and(|part| part.schema_data.read_only)
            })
    }

    /// The struct of the gathered parts, for the type `id`, which records their bases.
    pub(super) fn structure(&mut self, id: TypeId, mut parts: ObjectParts<'a>) -> TypeKind {
        self.types[id.0].bases = std::mem::take(&mut parts.bases);
        TypeKind::Struct {
            fields: self.fields(parts),
        }
    }

    /// The struct fields of the gathered parts, with names unique within the struct.
    fn fields(&mut self, parts: ObjectParts<'a>) -> Vec<Field> {
        let mut names = NameAllocator::default();
        let mut fields = Vec::with_capacity(parts.properties.len() + 1);
        for (wire_name, property) in parts.properties {
            let hint = format!("{}{}", property.owner, Ident::type_name(wire_name));
            let used = self.use_schema(property.schema, &property.at, &hint);
            let read_only = self.is_read_only(property.schema, &property.at);
            let presence = match (parts.required.contains(&wire_name), used.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, _) => Presence::Optional,
            };
            let schema = match property.schema {
                SchemaRef::Inline(schema) => Some(schema),
                SchemaRef::Ref(_) => None,
            };
            let named = match &used.ty {
                TypeRef::Named(id) => Some(*id),
                _ => None,
            };
            let mut docs = docs::field_docs(schema, wire_name, named, external_type(&used.ty));
            if read_only {
                docs.push_text(" Read-only: the server sets it; it is never sent in a request.");
            }
            fields.push(Field {
                name: names.claim(Ident::field_name(wire_name)),
                wire_name: wire_name.to_owned(),
                docs,
                ty: used.ty,
                presence,
                read_only,
                setter: None,
            });
        }
        let value = match parts.extra {
            Extra::Typed(schema, at, owner) => Some(
                self.use_schema(schema, &at, &format!("{owner}Value"))
                    .in_container(),
            ),
            Extra::Untyped => Some(TypeRef::Json),
            Extra::None => None,
        };
        if let Some(value) = value {
            fields.push(Field {
                name: names.claim(Ident::field_name("additional_properties")),
                wire_name: String::new(),
                docs: Docs::text(
                    "The properties the schema does not declare, kept as sent (an object allows them unless its schema says `additionalProperties: false`).",
                ),
                ty: TypeRef::Map(Box::new(value)),
                presence: Presence::Additional,
                read_only: false,
                setter: None,
            });
        }
        fields
    }
}

/// Whether a schema constrains nothing (no type, no properties, no keyword of any type), or is
/// an `allOf` of inline parts that each constrain nothing (`allOf: [{}, {example: …},
/// {description: …}]`, as Box writes a value of any type): any JSON value.
pub(super) fn constrains_nothing(schema: &Schema) -> bool {
    let parts = match &schema.schema_kind {
        SchemaKind::Any(any) if *any == AnySchema::default() => return true,
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any)
            if AnySchema {
                all_of: Vec::new(),
                ..any.clone()
            } == AnySchema::default() =>
        {
            &any.all_of
        }
        _ => return false,
    };
    parts
        .iter()
        .all(|part| matches!(part, ReferenceOr::Item(part) if constrains_nothing(part)))
}

/// Whether a schema has the shape of an object with properties (directly or through `allOf`).
pub(super) fn is_object_like(schema: &Schema) -> bool {
    if constrains_nothing(schema) {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::AllOf { .. } => wrapped_part(schema).is_none(),
        SchemaKind::Any(any) => {
            !any.properties.is_empty() || (!any.all_of.is_empty() && wrapped_part(schema).is_none())
        }
        _ => false,
    }
}

/// The one part of an `allOf` that says what the value is, when every other part only
/// annotates it (a `description`, `nullable`, an `example`) or restates a primitive type without
/// constraining it: `allOf: [{$ref: Id}, {description: …}]` is an `Id`, so is `allOf: [{$ref:
/// Id}, {type: string, description: …}]` (as Plaid writes them), and `allOf: [{type: string},
/// {nullable: true}]` a nullable string, not a struct. Its index, the part, and whether any part
/// makes it nullable.
pub(super) fn wrapped_part(schema: &Schema) -> Option<(usize, &ReferenceOr<Schema>, bool)> {
    let parts = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) if any.properties.is_empty() => &any.all_of,
        _ => return None,
    };
    let annotation = |part: &ReferenceOr<Schema>| match part {
        ReferenceOr::Item(part) => match &part.schema_kind {
            SchemaKind::Any(any) => *any == AnySchema::default(),
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    };
    let mut substantive = parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !annotation(part) && bare_type(part).is_none());
    let (index, part) = match substantive.next() {
        Some(_) if substantive.next().is_some() => return None,
        Some(only) => only,
        // Only bare types: the value is of that type, if they agree.
        None => {
            let mut bare = parts
                .iter()
                .enumerate()
                .filter_map(|(index, part)| bare_type(part).map(|ty| (index, part, ty)));
            let (index, part, ty) = bare.next()?;
            if bare.any(|(_, _, other)| other != ty) {
                return None;
            }
            (index, part)
        }
    };
    Some((index, part, any_nullable(schema, parts)))
}

/// Whether an `allOf` schema or one of its inline `parts` says `nullable`.
fn any_nullable(schema: &Schema, parts: &[ReferenceOr<Schema>]) -> bool {
    schema.schema_data.nullable
        || parts
            .iter()
            .any(|part| matches!(part, ReferenceOr::Item(part) if part.schema_data.nullable))
}

/// The primitive type an inline `allOf` part states without constraining it (no format, enum,
/// pattern, length or range): `{type: string, description: …}`.
fn bare_type(part: &ReferenceOr<Schema>) -> Option<std::mem::Discriminant<Type>> {
    let ReferenceOr::Item(part) = part else {
        return None;
    };
    let SchemaKind::Type(ty) = &part.schema_kind else {
        return None;
    };
    let bare = match ty {
        Type::String(string) => *string == StringType::default(),
        Type::Integer(integer) => *integer == IntegerType::default(),
        Type::Number(number) => *number == NumberType::default(),
        Type::Boolean(boolean) => *boolean == BooleanType::default(),
        Type::Object(_) | Type::Array(_) => false,
    };
    bare.then(|| std::mem::discriminant(ty))
}

/// For an object whose `oneOf`/`anyOf` alternatives only list `required` properties (JSON
/// Schema's "at least one of these" idiom, as in Intercom's `create_contact_request`): whether
/// exactly one must hold (`oneOf`), and each alternative's required names. `None` for real
/// unions.
pub(super) fn required_alternatives(schema: &Schema) -> Option<(bool, Vec<Vec<String>>)> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    if any.properties.is_empty() {
        return None;
    }
    let (exactly_one, parts) = if any.one_of.is_empty() {
        (false, &any.any_of)
    } else {
        (true, &any.one_of)
    };
    let alternatives = parts
        .iter()
        .map(|part| only_required(part).map(<[String]>::to_vec))
        .collect::<Option<Vec<_>>>()?;
    (!alternatives.is_empty()).then_some((exactly_one, alternatives))
}

/// Whether `schema` is a `oneOf`/`anyOf` of alternatives that only list `required` properties,
/// with nothing else (an `allOf` part saying which of the object's properties must be there,
/// as Lob's `before`-or-`after` parameters do): it adds no property to merge.
fn requires_only(schema: &Schema) -> bool {
    let parts = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => return false,
    };
    !parts.is_empty() && parts.iter().all(|part| only_required(part).is_some())
}

/// The names an inline schema requires, when requiring them is all it does.
fn only_required(part: &ReferenceOr<Schema>) -> Option<&[String]> {
    match part {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Any(constraint),
            ..
        }) if constraint.properties.is_empty()
            && constraint.typ.is_none()
            && constraint.all_of.is_empty()
            && constraint.one_of.is_empty()
            && constraint.any_of.is_empty()
            && !constraint.required.is_empty() =>
        {
            Some(&constraint.required)
        }
        _ => None,
    }
}

/// The configured Rust type `ty` is, directly or in an `Option`/`Vec`.
fn external_type(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::External(path) => Some(path),
        TypeRef::Vec(inner) | TypeRef::Nullable(inner) => external_type(inner),
        _ => None,
    }
}
