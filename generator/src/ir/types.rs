//! The types the crate defines: the arena's entries ([`TypeDef`]), their kinds, fields and
//! variants, and how a field or parameter refers to a type ([`TypeRef`]).

use std::collections::BTreeSet;

use super::{Api, Docs, Gate, Ident, ResponseVariant};

/// The definition `ty` names, through aliases; `None` when it names no type (or the aliases
/// loop).
pub fn definition_of<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t TypeDef> {
    let mut current = ty;
    for _ in 0..=types.len() {
        let TypeRef::Named(id) = current else {
            return None;
        };
        let definition = types.get(id.0)?;
        match &definition.kind {
            TypeKind::Alias(target) => current = target,
            _ => return Some(definition),
        }
    }
    None
}

/// An index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// One named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name, UpperCamelCase and unique in the crate.
    pub name: Ident,
    /// Rustdoc text (never empty).
    pub docs: Docs,
    /// What the type is.
    pub kind: TypeKind,
    /// Derives the config adds to the standard ones, as Rust paths (`Eq`, `Hash`).
    pub extra_derives: Vec<String>,
    /// Former names the config keeps as deprecated aliases of this type, so that code written
    /// against them still compiles after a rename.
    pub deprecated_aliases: Vec<Ident>,
    /// The tag features the type compiles under: those of the operations that use it.
    pub gate: Gate,
    /// The component types whose properties this one copies (an `allOf` part, a union's
    /// alternative merged with the properties it shares). It does not hold them, yet they belong
    /// with it: a feature that compiles this type compiles them.
    pub bases: BTreeSet<TypeId>,
    /// The tags its component schema's `x-tags` lists: the features that compile it when no
    /// operation uses it.
    pub tags: Vec<String>,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// The fields, in spec order.
        fields: Vec<Field>,
    },
    /// A string enum; unknown values decode into an extra catch-all variant holding the string,
    /// so a value the server adds later does not break decoding.
    Enum {
        /// The known values.
        variants: Vec<Variant>,
        /// The name of the catch-all variant (`Unknown` unless the spec has a value of that name).
        unknown: Ident,
    },
    /// One of several shapes (`oneOf`, `anyOf`); a value of none of them (an alternative the
    /// API added later) decodes into an extra catch-all variant holding the JSON.
    Union {
        /// The alternatives, in spec order.
        variants: Vec<UnionVariant>,
        /// The property whose string value says which variant a JSON object is, when there is
        /// one (a `discriminator`, or a required single-value `type`-like property that every
        /// variant has with a distinct value). Without one, the first variant that decodes wins.
        tag: Option<String>,
        /// The name of the catch-all variant (`Unknown` unless an alternative has that name).
        unknown: Ident,
    },
    /// Another name for a type (a component that is an array, a map, a primitive or a `$ref`).
    Alias(TypeRef),
    /// The success responses of one operation whose bodies differ by status, decoded by the
    /// status rather than from JSON.
    Responses {
        /// A variant per documented success status, in spec order.
        variants: Vec<ResponseVariant>,
    },
}

impl TypeDef {
    /// A type of this name, docs and kind, with nothing else said of it.
    pub fn new(name: Ident, docs: Docs, kind: TypeKind) -> TypeDef {
        TypeDef {
            name,
            docs,
            kind,
            extra_derives: Vec::new(),
            deprecated_aliases: Vec::new(),
            gate: Gate::default(),
            bases: BTreeSet::new(),
            tags: Vec::new(),
        }
    }

    /// Rewrites every [`TypeId`] in the definition: its docs, the types (and docs) of its
    /// fields, variants and payloads, and its bases.
    pub fn remap(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        self.docs.remap(map);
        self.kind.remap(map);
        self.bases = self.bases.iter().map(|base| map(*base)).collect();
    }
}

impl TypeKind {
    /// Rewrites every [`TypeId`] the shape refers to, in types and in field docs.
    pub fn remap(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeKind::Struct { fields } => fields.iter_mut().for_each(|field| {
                field.ty.remap(map);
                field.docs.remap(map);
            }),
            TypeKind::Union { variants, .. } => variants
                .iter_mut()
                .for_each(|variant| variant.ty.remap(map)),
            TypeKind::Alias(target) => target.remap(map),
            TypeKind::Responses { variants } => {
                for payload in variants.iter_mut().filter_map(|v| v.payload.as_mut()) {
                    payload.ty.remap(map);
                }
            }
            TypeKind::Enum { .. } => {}
        }
    }

    /// Calls `visit` with every type the shape holds, directly or in a container.
    pub fn for_each_named(&self, visit: &mut impl FnMut(TypeId)) {
        match self {
            TypeKind::Struct { fields } => fields.iter().for_each(|f| f.ty.for_each_named(visit)),
            TypeKind::Union { variants, .. } => {
                variants.iter().for_each(|v| v.ty.for_each_named(visit))
            }
            TypeKind::Alias(target) => target.for_each_named(visit),
            TypeKind::Responses { variants } => variants
                .iter()
                .filter_map(|v| v.payload.as_ref())
                .for_each(|payload| payload.ty.for_each_named(visit)),
            TypeKind::Enum { .. } => {}
        }
    }
}

/// One alternative of a [`TypeKind::Union`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// The Rust name, UpperCamelCase.
    pub name: Ident,
    /// The payload.
    pub ty: TypeRef,
    /// The tag value that selects this variant, for tagged unions.
    pub tag_value: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// The Rust name, snake_case.
    pub name: Ident,
    /// The JSON key.
    pub wire_name: String,
    /// Rustdoc text (never empty).
    pub docs: Docs,
    /// The value's type, before `Option` is applied for `presence`.
    pub ty: TypeRef,
    /// Whether the key must be present and whether `null` is allowed.
    pub presence: Presence,
    /// `readOnly` in the description: the server sets it, so it is decoded but never written
    /// into a request (OpenAPI: it "SHOULD NOT be sent as part of the request").
    pub read_only: bool,
    /// The method of the struct that sets it, for an optional field (`with_` and its name);
    /// named last, after overrides.
    pub setter: Option<Ident>,
}

/// How a field's key and value may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Required,
    /// Required and nullable: `Option<T>`, serialised as `null` when `None`.
    RequiredNullable,
    /// Not required: `Option<T>`, the key omitted when `None`. A `null` from the server (nullable
    /// or not) also decodes as `None`.
    Optional,
    /// The keys the schema does not name (`additionalProperties` beside `properties`), kept in
    /// a map flattened into the object, so none are lost on a round trip. The field's type is a
    /// [`TypeRef::Map`].
    Additional,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The Rust name, UpperCamelCase.
    pub name: Ident,
    /// The string on the wire.
    pub wire_name: String,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `String` (also every string `format`: `date-time`, `email`, `uuid` … stay text, so a
    /// server that is looser than its spec never breaks decoding).
    String,
    /// `bool`.
    Bool,
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (integers without a 32-bit format).
    I64,
    /// `f64`.
    F64,
    /// Any JSON value, for schemas that are truly free-form.
    Json,
    /// A JSON object with arbitrary keys and values.
    JsonObject,
    /// A named type.
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `(A, B, …)`: an array of fixed length whose items have their own types (JSON Schema's
    /// `prefixItems`).
    Tuple(Vec<TypeRef>),
    /// `BTreeMap<String, T>` (`additionalProperties: {schema}` without properties).
    Map(Box<TypeRef>),
    /// `Option<T>` inside a container (`Vec<Option<T>>` for nullable array items); fields
    /// express optionality through [`Presence`] instead.
    Nullable(Box<TypeRef>),
    /// `Box<T>`, inserted where a type contains itself.
    Boxed(Box<TypeRef>),
    /// A type the config maps a string `format` to, as a Rust type path
    /// (`chrono::DateTime<chrono::Utc>`).
    External(String),
    /// `crate::File`: a string of `format: binary`, a file's bytes with its name and content
    /// type (a part of a multipart body).
    File,
    /// `Vec<u8>`: a whole body of a binary media type.
    Bytes,
}

impl TypeRef {
    /// The Rust type this stands for, as text, generated types as `types::Name`.
    pub fn rust_text(&self, api: &Api) -> String {
        match self {
            TypeRef::String => "String".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::I32 => "i32".into(),
            TypeRef::I64 => "i64".into(),
            TypeRef::F64 => "f64".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
            TypeRef::Named(id) => format!("types::{}", api.type_def(*id).name),
            TypeRef::Vec(inner) => format!("Vec<{}>", inner.rust_text(api)),
            TypeRef::Tuple(items) => {
                let items: Vec<String> = items.iter().map(|item| item.rust_text(api)).collect();
                match items.as_slice() {
                    [one] => format!("({one},)"),
                    items => format!("({})", items.join(", ")),
                }
            }
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", inner.rust_text(api)),
            TypeRef::Nullable(inner) => format!("Option<{}>", inner.rust_text(api)),
            TypeRef::Boxed(inner) => format!("Box<{}>", inner.rust_text(api)),
            TypeRef::External(path) => path.clone(),
            TypeRef::File => "File".into(),
            TypeRef::Bytes => "Vec<u8>".into(),
        }
    }

    /// Whether this is, or holds, a [`TypeRef::File`] (named types are not looked into).
    pub fn contains_file(&self) -> bool {
        match self {
            TypeRef::File => true,
            TypeRef::Tuple(items) => items.iter().any(TypeRef::contains_file),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => inner.contains_file(),
            _ => false,
        }
    }

    /// Calls `visit` with every type this reference names, directly or inside a container.
    pub fn for_each_named(&self, visit: &mut impl FnMut(TypeId)) {
        match self {
            TypeRef::Named(id) => visit(*id),
            TypeRef::Tuple(items) => items.iter().for_each(|item| item.for_each_named(visit)),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => inner.for_each_named(visit),
            _ => {}
        }
    }

    /// Rewrites every [`TypeId`] inside this reference.
    pub fn remap(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = map(*id),
            TypeRef::Tuple(items) => items.iter_mut().for_each(|item| item.remap(map)),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => inner.remap(map),
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::Json
            | TypeRef::JsonObject
            | TypeRef::External(_)
            | TypeRef::File
            | TypeRef::Bytes => {}
        }
    }
}
