//! Schemas → named types in the arena, and the [`TypeRef`]s that point at them.
//!
//! Every selected component gets its id and name *before* any schema is converted, so forward
//! and circular references resolve by lookup. Inline schemas that need a name (objects, enums,
//! `allOf`s) get one from where they sit (`CustomChannelContact` + `type` →
//! `CustomChannelContactType`) and are memoised by their location, so the same inline schema
//! reached twice (once on its own, once flattened into an `allOf`) is one type. Component names
//! are claimed first and win over names suggested from context.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use crate::config::FormatOverride;
use crate::error::Diagnostic;
use crate::ir::{
    field_name, type_name, variant_name, Field, NameAllocator, Presence, SpecExample, TypeDef,
    TypeId, TypeKind, TypeRef, UnionVariant, Variant,
};
use crate::select::component_schema;
use crate::spec::resolve::{Node, Resolver, SchemaRef};
use crate::spec::Pointer;

use super::docs;

/// A schema as a use site sees it: its type, and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(super) struct Use {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// The finished arena and what was found on the way.
pub(super) struct Built {
    pub types: Vec<TypeDef>,
    pub used_formats: BTreeSet<String>,
    pub origins: Vec<Pointer>,
    pub examples: Vec<SpecExample>,
    pub warnings: Vec<Diagnostic>,
    pub problems: Vec<Diagnostic>,
}

/// Builds the type arena.
pub(super) struct TypeBuilder<'a> {
    resolver: Resolver<'a>,
    types: Vec<TypeDef>,
    /// Where each type's schema sits, parallel to `types`.
    origins: Vec<Pointer>,
    components: IndexMap<&'a str, TypeId>,
    inline: HashMap<Pointer, TypeId>,
    names: NameAllocator,
    /// Rust types the config maps string formats to, by format.
    formats: &'a BTreeMap<String, FormatOverride>,
    /// The mapped Rust types some schema used.
    pub used_formats: BTreeSet<String>,
    /// Spec examples by pointer (a schema can be lowered more than once, its example once).
    examples: IndexMap<String, SpecExample>,
    pub warnings: Vec<Diagnostic>,
    pub problems: Vec<Diagnostic>,
}

/// The properties of an object-like schema after `allOf` flattening.
/// An object schema's `properties`, as openapiv3 models them.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

#[derive(Default)]
struct ObjectParts<'a> {
    properties: IndexMap<&'a str, Property<'a>>,
    required: Vec<&'a str>,
    /// `additionalProperties` that allows more keys: its schema (`None` for `true`), its
    /// location, and the owner's name.
    additional: Option<(Option<SchemaRef<'a>>, Pointer, String)>,
}

struct Property<'a> {
    schema: SchemaRef<'a>,
    at: Pointer,
    /// The Rust name of the type the property was declared in, for naming its inline types.
    owner: String,
}

impl<'a> TypeBuilder<'a> {
    /// Reserves an id and a name for each selected component, in order.
    pub fn new(
        resolver: Resolver<'a>,
        components: &[&'a str],
        reserved: &[&str],
        formats: &'a BTreeMap<String, FormatOverride>,
    ) -> Self {
        let mut builder = TypeBuilder {
            resolver,
            types: Vec::new(),
            origins: Vec::new(),
            components: IndexMap::new(),
            inline: HashMap::new(),
            names: NameAllocator::with_reserved(reserved.iter().copied()),
            formats,
            used_formats: BTreeSet::new(),
            examples: IndexMap::new(),
            warnings: Vec::new(),
            problems: Vec::new(),
        };
        for name in components {
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let id = builder.reserve(&type_name(name), at);
            builder.components.insert(name, id);
        }
        builder
    }

    /// Converts every reserved component.
    pub fn define_components(&mut self) {
        let components: Vec<(&'a str, TypeId)> =
            self.components.iter().map(|(n, id)| (*n, *id)).collect();
        for (name, id) in components {
            let at = component_schema(name);
            match self.resolver.follow::<Schema>(&at.to_string(), &at) {
                Ok(component) => {
                    self.define(id, component.item, &at, Some(name));
                    if let Some(example) = &component.item.schema_data.example {
                        let ty = TypeRef::Named(id);
                        let ty = if component.item.schema_data.nullable {
                            TypeRef::Nullable(Box::new(ty))
                        } else {
                            ty
                        };
                        self.record_example(at.join("example"), ty, example);
                    }
                }
                Err(problem) => self.problems.push(problem),
            }
            // An alias component (`a: {$ref: b}`) stays a name for its target.
            if let Ok(Node::Reference(reference)) = self.resolver.locate(&at) {
                let target = self.use_schema(SchemaRef::Ref(reference), &at);
                self.types[id.0].kind = TypeKind::Alias(target.ty);
            }
        }
    }

    /// The arena, complete, with where each type's schema sits.
    pub fn finish(self) -> Built {
        Built {
            types: self.types,
            used_formats: self.used_formats,
            origins: self.origins,
            examples: self.examples.into_values().collect(),
            warnings: self.warnings,
            problems: self.problems,
        }
    }

    /// The kind of the type `ty` names, through aliases; `None` for unnamed types.
    pub fn kind_of(&self, ty: &TypeRef) -> Option<&TypeKind> {
        crate::ir::definition_of(&self.types, ty).map(|definition| &definition.kind)
    }

    /// The type of a schema at a use site; inline schemas that need a name are named `hint`.
    pub fn use_schema_named(&mut self, schema: SchemaRef<'a>, at: &Pointer, hint: &str) -> Use {
        match schema {
            SchemaRef::Ref(reference) => self.use_reference(reference, at, hint),
            SchemaRef::Inline(schema) => self.inline(schema, at, hint),
        }
    }

    fn use_schema(&mut self, schema: SchemaRef<'a>, at: &Pointer) -> Use {
        self.use_schema_named(schema, at, "Value")
    }

    /// The type a `$ref` names: the first component of its chain, or, for a reference into the
    /// interior of a component or an operation, the schema where it is defined, converted (and
    /// memoised) at that location as if it were met there.
    fn use_reference(&mut self, reference: &str, at: &Pointer, hint: &str) -> Use {
        let resolved = match self.resolver.follow::<Schema>(reference, at) {
            Ok(resolved) => resolved,
            Err(problem) => {
                self.problems.push(problem);
                return json();
            }
        };
        let nullable = resolved.item.schema_data.nullable;
        let Some(component) = resolved
            .chain
            .iter()
            .find_map(|link| link.component("schemas"))
        else {
            return self.inline(resolved.item, resolved.definition(), hint);
        };
        match self.components.get(component.as_str()) {
            Some(id) => Use {
                ty: TypeRef::Named(*id),
                nullable,
            },
            None => {
                self.problems.push(Diagnostic {
                    pointer: at.to_string(),
                    message: format!(
                        "`$ref: {reference}` was not selected; this is a generator bug"
                    ),
                });
                json()
            }
        }
    }

    fn inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> Use {
        let nullable = schema.schema_data.nullable;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                self.named_inline(schema, at, hint)
            }
            SchemaKind::Type(Type::String(_)) => {
                match docs::string_format(schema).and_then(|f| self.formats.get(f)) {
                    Some(mapped) => {
                        self.used_formats.insert(mapped.rust_type.clone());
                        TypeRef::External(mapped.rust_type.clone())
                    }
                    None => TypeRef::String,
                }
            }
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
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item = self.use_schema_named(
                        items.into(),
                        &at.join("items"),
                        &format!("{hint}Item"),
                    );
                    TypeRef::Vec(Box::new(nullable_in_container(item)))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let only =
                    self.use_schema_named((&all_of[0]).into(), &at.join("allOf").join(0), hint);
                return Use {
                    nullable: nullable || only.nullable,
                    ..only
                };
            }
            SchemaKind::AllOf { .. } => self.named_inline(schema, at, hint),
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                self.named_inline(schema, at, hint)
            }
            SchemaKind::Any(any)
                if any.one_of.is_empty() && any.any_of.is_empty() && any.not.is_none() =>
            {
                if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
                    self.map(any.additional_properties.as_ref(), at, hint)
                } else {
                    TypeRef::Json
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.named_inline(schema, at, hint)
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
        if let Some(example) = &schema.schema_data.example {
            let ty = if nullable {
                TypeRef::Nullable(Box::new(ty.clone()))
            } else {
                ty.clone()
            };
            self.record_example(at.join("example"), ty, example);
        }
        Use { ty, nullable }
    }

    /// Records an example of `ty` found at `pointer`, once.
    pub fn record_example(&mut self, pointer: Pointer, ty: TypeRef, value: &serde_json::Value) {
        let pointer = pointer.to_string();
        self.examples
            .entry(pointer.clone())
            .or_insert_with(|| SpecExample {
                pointer,
                ty,
                json: value.to_string(),
            });
    }

    /// Records the `example` and every inline `examples` value of a media type object at `at`.
    pub fn record_media_examples(
        &mut self,
        media: &openapiv3::MediaType,
        at: &Pointer,
        ty: &TypeRef,
    ) {
        if let Some(example) = &media.example {
            self.record_example(at.join("example"), ty.clone(), example);
        }
        for (name, example) in &media.examples {
            if let ReferenceOr::Item(openapiv3::Example {
                value: Some(value), ..
            }) = example
            {
                self.record_example(
                    at.join("examples").join(name).join("value"),
                    ty.clone(),
                    value,
                );
            }
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
                let value = self.use_schema_named(
                    (&**value).into(),
                    &at.join("additionalProperties"),
                    &format!("{hint}Value"),
                );
                TypeRef::Map(Box::new(nullable_in_container(value)))
            }
            _ => TypeRef::JsonObject,
        }
    }

    fn named_inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> TypeRef {
        if let Some(id) = self.inline.get(at) {
            return TypeRef::Named(*id);
        }
        let id = self.reserve(hint, at.clone());
        self.inline.insert(at.clone(), id);
        self.define(id, schema, at, None);
        TypeRef::Named(id)
    }

    fn reserve(&mut self, wanted: &str, origin: Pointer) -> TypeId {
        let id = TypeId(self.types.len());
        self.origins.push(origin);
        self.types.push(TypeDef {
            name: self.names.claim(wanted),
            docs: String::new(),
            kind: TypeKind::Alias(TypeRef::Json),
            extra_derives: Vec::new(),
        });
        id
    }

    /// Fills the reserved slot `id` with the definition of `schema`.
    fn define(&mut self, id: TypeId, schema: &'a Schema, at: &Pointer, component: Option<&str>) {
        let name = self.types[id.0].name.clone();
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values = string.enumeration.iter().flatten().map(String::as_str);
                enum_kind(values)
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.union(schema, parts, &at.join(key), &name)
            }
            SchemaKind::Any(any)
                if (!any.one_of.is_empty() || !any.any_of.is_empty())
                    && required_alternatives(schema).is_none() =>
            {
                let (parts, key) = if any.one_of.is_empty() {
                    (&any.any_of, "anyOf")
                } else {
                    (&any.one_of, "oneOf")
                };
                self.union(schema, parts, &at.join(key), &name)
            }
            _ if is_object_like(schema) => {
                let mut parts = ObjectParts::default();
                self.collect(schema, at, &name, &mut parts, &mut Vec::new());
                TypeKind::Struct {
                    fields: self.fields(parts),
                }
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
        definition.docs = text;
    }

    /// The alternatives of a `oneOf`/`anyOf` at `at` (the list's location), named after the
    /// schemas they reference or their titles. A `discriminator` makes the union tagged here;
    /// [`super::unions::find_tags`] looks for an implicit tag once every type is known.
    fn union(
        &mut self,
        schema: &'a Schema,
        parts: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        name: &str,
    ) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut names = NameAllocator::default();
        let mut variants = Vec::with_capacity(parts.len());
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.join(index);
            let (wanted, tag_value) = match part {
                ReferenceOr::Reference { reference } => {
                    let component = self
                        .resolver
                        .follow::<Schema>(reference, &part_at)
                        .ok()
                        .and_then(|r| r.chain.iter().find_map(|l| l.component("schemas")))
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
                    (type_name(&component), tag_value)
                }
                ReferenceOr::Item(inline) => (variant_label(inline, index), None),
            };
            let variant_name = names.claim(&wanted);
            let hint = format!("{name}{variant_name}");
            let ty = match shared_properties(schema) {
                Some((properties, required)) => {
                    self.merged_variant(properties, required, part, &part_at, (name, &variant_name))
                }
                None => nullable_in_container(self.use_schema_named(part.into(), &part_at, &hint)),
            };
            variants.push(UnionVariant {
                name: variant_name,
                ty,
                tag_value,
            });
        }
        let tag = discriminator.map(|d| d.property_name.clone());
        TypeKind::Union { variants, tag }
    }

    /// An alternative of a union whose schema also declares properties of its own: a struct of
    /// those shared properties and the alternative's, as if the two were an `allOf`.
    fn merged_variant(
        &mut self,
        properties: &'a Properties,
        required: &'a [String],
        part: &'a ReferenceOr<Schema>,
        at: &Pointer,
        (union, variant): (&str, &str),
    ) -> TypeRef {
        let hint = &format!("{union}{variant}");
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
            return nullable_in_container(self.use_schema_named(part.into(), at, hint));
        }
        let id = self.reserve(hint, at.clone());
        self.inline.insert(at.clone(), id);
        let name = self.types[id.0].name.clone();
        let mut parts = ObjectParts::default();
        parts.add(properties, required, &at.join("shared"), &name);
        let (schema, part_at) = match part {
            ReferenceOr::Item(schema) => (schema, at.clone()),
            ReferenceOr::Reference { reference } => match self.resolver.follow(reference, at) {
                Ok(resolved) => (resolved.item, resolved.definition().clone()),
                Err(problem) => {
                    self.problems.push(problem);
                    return TypeRef::Json;
                }
            },
        };
        self.collect(schema, &part_at, &name, &mut parts, &mut Vec::new());
        let fields = self.fields(parts);
        self.types[id.0].docs = docs::merged_alternative(union, variant);
        self.types[id.0].kind = TypeKind::Struct { fields };
        TypeRef::Named(id)
    }

    /// Gathers properties and `required` from an object-like schema and, through `allOf`, from
    /// every schema it extends. `stack` holds the components being flattened, to stop a loop.
    fn collect(
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
                    let owner = resolved
                        .chain
                        .iter()
                        .find_map(|link| link.component("schemas"))
                        .and_then(|name| self.components.get(name.as_str()))
                        .map_or_else(|| owner.to_owned(), |id| self.types[id.0].name.clone());
                    stack.push(definition.clone());
                    self.collect(resolved.item, &definition, &owner, parts, stack);
                    stack.pop();
                }
            }
        }
    }

    fn fields(&mut self, parts: ObjectParts<'a>) -> Vec<Field> {
        let mut names = NameAllocator::default();
        let mut fields = Vec::with_capacity(parts.properties.len() + 1);
        for (wire_name, property) in parts.properties {
            let hint = format!("{}{}", property.owner, type_name(wire_name));
            let used = self.use_schema_named(property.schema, &property.at, &hint);
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
                TypeRef::Named(id) => Some(self.types[id.0].name.as_str()),
                _ => None,
            };
            fields.push(Field {
                name: names.claim(&field_name(wire_name)),
                wire_name: wire_name.to_owned(),
                docs: docs::field_docs(schema, wire_name, named, external_type(&used.ty)),
                ty: used.ty,
                presence,
            });
        }
        if let Some((schema, at, owner)) = parts.additional {
            let value = match schema {
                Some(schema) => nullable_in_container(self.use_schema_named(
                    schema,
                    &at,
                    &format!("{owner}Value"),
                )),
                None => TypeRef::Json,
            };
            fields.push(Field {
                name: names.claim("additional_properties"),
                wire_name: String::new(),
                docs: "The properties the schema does not name (it allows `additionalProperties`)."
                    .into(),
                ty: TypeRef::Map(Box::new(value)),
                presence: Presence::Additional,
            });
        }
        fields
    }

    fn warn(&mut self, at: &Pointer, message: &str) {
        self.warnings.push(Diagnostic {
            pointer: at.to_string(),
            message: message.to_owned(),
        });
    }
}

impl<'a> ObjectParts<'a> {
    /// Adds declared properties (the first declaration of a name wins) and required names.
    fn add(
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

    /// Records `additionalProperties` that lets the object carry keys it does not name.
    fn allow_more(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
        owner: &str,
    ) {
        let schema = match additional {
            Some(AdditionalProperties::Any(true)) => None,
            Some(AdditionalProperties::Schema(schema)) => Some((&**schema).into()),
            Some(AdditionalProperties::Any(false)) | None => return,
        };
        self.additional
            .get_or_insert_with(|| (schema, at.join("additionalProperties"), owner.to_owned()));
    }
}

fn json() -> Use {
    Use {
        ty: TypeRef::Json,
        nullable: false,
    }
}

fn nullable_in_container(used: Use) -> TypeRef {
    if used.nullable && used.ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(used.ty))
    } else {
        used.ty
    }
}

/// For an object whose `oneOf`/`anyOf` alternatives only list `required` properties (JSON
/// Schema's "at least one of these" idiom, as in Intercom's `create_contact_request`): whether
/// exactly one must hold (`oneOf`), and each alternative's required names. `None` for real unions.
fn required_alternatives(schema: &Schema) -> Option<(bool, Vec<Vec<String>>)> {
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
        .map(|part| match part {
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
                Some(constraint.required.clone())
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    (!alternatives.is_empty()).then_some((exactly_one, alternatives))
}

/// The configured Rust type `ty` is, directly or in an `Option`/`Vec`.
fn external_type(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::External(path) => Some(path),
        TypeRef::Vec(inner) | TypeRef::Nullable(inner) => external_type(inner),
        _ => None,
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

/// A name for an inline alternative: its title, else what kind of value it is.
fn variant_label(schema: &Schema, index: usize) -> String {
    if let Some(title) = schema
        .schema_data
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        return type_name(title);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String".into(),
        SchemaKind::Type(Type::Integer(_)) => "Integer".into(),
        SchemaKind::Type(Type::Number(_)) => "Number".into(),
        SchemaKind::Type(Type::Boolean(_)) => "Boolean".into(),
        SchemaKind::Type(Type::Array(_)) => "Array".into(),
        SchemaKind::Type(Type::Object(_)) => "Object".into(),
        _ => format!("Variant{}", index + 1),
    }
}

fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => !any.properties.is_empty() || !any.all_of.is_empty(),
        _ => false,
    }
}

fn enum_kind<'s>(values: impl Iterator<Item = &'s str>) -> TypeKind {
    let mut names = NameAllocator::default();
    let mut variants: Vec<Variant> = Vec::new();
    for value in values {
        if variants.iter().any(|v| v.wire_name == value) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(&variant_name(value)),
            wire_name: value.to_owned(),
        });
    }
    TypeKind::Enum {
        variants,
        unknown: names.claim("Unknown"),
    }
}
