//! Schemas → named types in the arena, and the [`TypeRef`]s that point at them.
//!
//! Every selected component gets its id and name *before* any schema is converted, so forward
//! and circular references resolve by lookup (typify's `TypeSpace`). Inline schemas that need a
//! name (objects, enums, `allOf`s, unions) get one from where they sit
//! (`CustomChannelContact` + `type` → `CustomChannelContactType`) and are memoised by their
//! location, so the same inline schema reached twice (once on its own, once flattened into an
//! `allOf`, or through a `$ref` into a component's interior) is one type. Component names are
//! claimed first and win over names suggested from context.
//!
//! One file per kind of decision: `convert` (which Rust type a schema becomes), `objects`
//! (structs and `allOf` merging), `unions` (`oneOf`/`anyOf`, and their implicit tags), `enums`
//! (string enums), `boxing` (breaking containment cycles), `merge` (one type for identical inline
//! schemas).

pub(super) mod boxing;
mod convert;
mod enums;
pub(super) mod merge;
mod objects;
#[cfg(test)]
mod tests;
pub(super) mod unions;

pub(super) use enums::string_enum_variants;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::Schema;

use super::examples::Examples;
use crate::config::FormatOverride;
use crate::error::Diagnostic;
use crate::ir::{Docs, Ident, NameAllocator, TypeDef, TypeId, TypeKind, TypeRef};
use crate::select::component_schema;
use crate::spec::resolve::{Node, Resolver, SchemaRef};
use crate::spec::Pointer;

/// A schema as a use site sees it: its type, and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(super) struct Use {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Use {
    /// Untyped JSON: what a broken reference stands for while its problem is reported.
    fn json() -> Use {
        Use {
            ty: TypeRef::Json,
            nullable: false,
        }
    }

    /// The type to use inside a container (`Vec<Option<T>>` for nullable items); fields express
    /// optionality through their presence instead.
    pub fn in_container(self) -> TypeRef {
        if self.nullable && self.ty != TypeRef::Json {
            TypeRef::Nullable(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// The finished arena and what was found on the way.
pub(super) struct Built<'a> {
    pub types: Vec<TypeDef>,
    pub used_formats: BTreeSet<String>,
    /// Where each type's schema sits, parallel to `types`.
    pub origins: Vec<Pointer>,
    pub examples: Examples<'a>,
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
    /// Types of inline schemas, by location.
    inline: HashMap<Pointer, TypeId>,
    names: NameAllocator,
    /// Rust types the config maps string formats to, by format.
    formats: &'a BTreeMap<String, FormatOverride>,
    /// The mapped Rust types some schema used.
    used_formats: BTreeSet<String>,
    pub examples: Examples<'a>,
    pub warnings: Vec<Diagnostic>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> TypeBuilder<'a> {
    /// Reserves an id and a name for each selected component, in order.
    pub fn new(
        resolver: Resolver<'a>,
        components: &[&'a str],
        formats: &'a BTreeMap<String, FormatOverride>,
    ) -> Self {
        let mut builder = TypeBuilder {
            resolver,
            types: Vec::new(),
            origins: Vec::new(),
            components: IndexMap::new(),
            inline: HashMap::new(),
            names: NameAllocator::default(),
            formats,
            used_formats: BTreeSet::new(),
            examples: Examples::default(),
            warnings: Vec::new(),
            problems: Vec::new(),
        };
        for name in components {
            let id = builder.reserve(Ident::type_name(name), component_schema(name));
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
                    let ty = TypeRef::Named(id);
                    self.examples.record_schema(
                        component.item,
                        &at,
                        &ty,
                        component.item.schema_data.nullable,
                    );
                }
                Err(problem) => self.problems.push(problem),
            }
            // An alias component (`a: {$ref: b}`) stays a name for its target.
            if let Ok(Node::Reference(reference)) = self.resolver.locate(&at) {
                let target = self.use_schema(SchemaRef::Ref(reference), &at, "Value");
                self.types[id.0].kind = TypeKind::Alias(target.ty);
            }
        }
    }

    /// The arena, complete, with where each type's schema sits.
    pub fn finish(self) -> Built<'a> {
        Built {
            types: self.types,
            used_formats: self.used_formats,
            origins: self.origins,
            examples: self.examples,
            warnings: self.warnings,
            problems: self.problems,
        }
    }

    /// The kind of the type `ty` names, through aliases; `None` for unnamed types.
    pub fn kind_of(&self, ty: &TypeRef) -> Option<&TypeKind> {
        crate::ir::definition_of(&self.types, ty).map(|definition| &definition.kind)
    }

    /// The type of a schema at a use site; inline schemas that need a name are named `hint`.
    pub fn use_schema(&mut self, schema: SchemaRef<'a>, at: &Pointer, hint: &str) -> Use {
        match schema {
            SchemaRef::Ref(reference) => self.use_reference(reference, at, hint),
            SchemaRef::Inline(schema) => self.inline(schema, at, hint),
        }
    }

    /// The type a `$ref` names: the first component of its chain, or, for a reference into the
    /// interior of a component or an operation, the schema where it is defined, converted (and
    /// memoised) at that location as if it were met there.
    fn use_reference(&mut self, reference: &str, at: &Pointer, hint: &str) -> Use {
        let resolved = match self.resolver.follow::<Schema>(reference, at) {
            Ok(resolved) => resolved,
            Err(problem) => {
                // A dangling schema reference was a warning of the selection already.
                if self.resolver.dangling_schema(reference, at).is_none() {
                    self.problems.push(problem);
                }
                return Use::json();
            }
        };
        let nullable = convert::allows_null(resolved.item);
        let Some(component) = first_component(&resolved.chain) else {
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
                Use::json()
            }
        }
    }

    /// The name of the component `reference` spells first, when it names one.
    fn component_name_of(&self, reference: &str, at: &Pointer) -> Option<String> {
        let resolved = self.resolver.follow::<Schema>(reference, at).ok()?;
        first_component(&resolved.chain)
    }

    /// The selected component that a chain of followed references reaches first.
    fn component_in(&self, chain: &[Pointer]) -> Option<TypeId> {
        let name = first_component(chain)?;
        self.components.get(name.as_str()).copied()
    }

    /// The type of an inline schema that needs a name, memoised by its location.
    fn named_inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> TypeRef {
        if let Some(id) = self.inline.get(at) {
            return TypeRef::Named(*id);
        }
        let id = self.reserve(Ident::composed_type_name(hint), at.clone());
        self.inline.insert(at.clone(), id);
        self.define(id, schema, at, None);
        TypeRef::Named(id)
    }

    /// A named type made from something other than a schema (an operation's responses) at
    /// `at`, named `hint` or the first free name after it.
    pub fn add_named(&mut self, hint: &str, at: Pointer, kind: TypeKind, docs: Docs) -> TypeId {
        let id = self.reserve(Ident::composed_type_name(hint), at);
        self.types[id.0].kind = kind;
        self.types[id.0].docs = docs;
        id
    }

    /// A new slot in the arena, named `wanted` (or the first free name after it).
    fn reserve(&mut self, wanted: Ident, origin: Pointer) -> TypeId {
        let id = TypeId(self.types.len());
        self.origins.push(origin);
        self.types.push(TypeDef::new(
            self.names.claim(wanted),
            Docs::default(),
            TypeKind::Alias(TypeRef::Json),
        ));
        id
    }

    fn warn(&mut self, at: &Pointer, message: &str) {
        self.warnings.push(Diagnostic {
            pointer: at.to_string(),
            message: message.to_owned(),
        });
    }
}

/// The name of the component schema that a chain of followed references reaches first.
fn first_component(chain: &[Pointer]) -> Option<String> {
    chain.iter().find_map(|link| link.component("schemas"))
}
