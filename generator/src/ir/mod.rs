//! The intermediate model: everything the emitter needs, already decided.
//!
//! `lower` builds an [`Api`] from the selection and owns every decision (Rust names, `allOf`
//! flattening, optional vs nullable, enums, boxing, docs text). After lowering nothing reads the
//! spec again: `emit` is a plain translation of this model into tokens.
//!
//! Types live in an arena ([`Api::types`]) indexed by [`TypeId`]; fields and operations point at
//! types by id, so forward and circular references need no special care (typify's `TypeSpace`).

mod docs;
mod example;
mod names;

pub use docs::{DocPart, Docs};
pub use example::ExampleValue;
pub use names::{CrateName, Ident, NameAllocator};

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

impl Api {
    /// The definition a [`TypeId`] names.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// The whole client to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// Package and provenance facts that headers, `Cargo.toml` and crate docs print.
    pub meta: Meta,
    /// The servers the spec lists, as `Region` variants, in spec order.
    pub servers: Vec<Server>,
    /// Every emitted type, in emission order; a [`TypeId`] indexes this.
    pub types: Vec<TypeDef>,
    /// Every emitted operation, in spec order.
    pub operations: Vec<Operation>,
    /// The webhooks the API sends, in spec order.
    pub webhooks: Vec<Webhook>,
    /// How the API signs its webhook requests; `None` when the crate verifies none.
    pub webhook_signature: Option<WebhookSignature>,
    /// The Server-Sent Events streams a client can open, in spec order.
    pub event_streams: Vec<EventStream>,
    /// The type that error responses decode into: the one most of them share.
    pub error_body: Option<TypeRef>,
    /// Every example the spec gives for the selection, with the type it must decode into.
    pub examples: Vec<SpecExample>,
    /// Examples known not to round-trip, by pointer, with the reason (from the config).
    pub known_example_mismatches: Vec<(String, String)>,
}

/// One `example` or `examples` value of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecExample {
    /// Where the example is, e.g. `#/components/responses/BadRequest/content/application~1json/examples/BadRequest/value`.
    pub pointer: String,
    /// The type it is an example of.
    pub ty: TypeRef,
    /// The example as compact JSON text, which is how the generated test embeds it.
    pub json: String,
}

/// Provenance and package metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The generated crate's name.
    pub crate_name: CrateName,
    /// Its semver version, with the API version as build metadata (`0.1.0+api.2.14`).
    pub crate_version: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`, sent as the API version header.
    pub api_version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// The spec path as the header shows it.
    pub spec_path: String,
    /// Hex SHA-256 of the spec file.
    pub spec_sha256: String,
    /// The header that carries `api_version` on every request, if the API has one.
    pub api_version_header: Option<String>,
    /// The environment variable `Client::from_env` reads the token from.
    pub token_env_var: String,
    /// What the API promises (or does not) about repeated requests, said where the crate docs
    /// explain retries.
    pub retry_note: Option<String>,
    /// Crates the config's `format` mappings need, added to the generated `Cargo.toml`.
    pub extra_dependencies: Vec<Dependency>,
}

/// A crate the generated `Cargo.toml` depends on beyond the runtime's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The crate, e.g. `chrono`.
    pub name: String,
    /// Its version requirement, e.g. `0.4`.
    pub version: String,
    /// Its features, e.g. `["serde"]`.
    pub features: Vec<String>,
}

/// One entry of the spec's `servers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The `Region` variant.
    pub variant: Ident,
    /// The base URL without a trailing slash.
    pub url: String,
    /// The server's description, for docs.
    pub description: Option<String>,
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
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
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
}

/// One alternative of a [`TypeKind::Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust name, UpperCamelCase.
    pub name: Ident,
    /// The payload.
    pub ty: TypeRef,
    /// The tag value that selects this variant, for tagged unions.
    pub tag_value: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
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
}

/// How a field's key and value may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", inner.rust_text(api)),
            TypeRef::Nullable(inner) => format!("Option<{}>", inner.rust_text(api)),
            TypeRef::Boxed(inner) => format!("Box<{}>", inner.rust_text(api)),
            TypeRef::External(path) => path.clone(),
        }
    }

    /// Rewrites every [`TypeId`] inside this reference.
    pub fn remap(&mut self, map: &impl Fn(TypeId) -> TypeId) {
        match self {
            TypeRef::Named(id) => *id = map(*id),
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
            | TypeRef::External(_) => {}
        }
    }
}

/// One API operation, as a client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`, or the name derived from method and path when the spec has none.
    pub id: String,
    /// The method name, snake_case and unique on `Client`.
    pub method_name: Ident,
    /// The operation's marker type (`operations::NotifyNewMessage`), the last type parameter of
    /// its `Request`, which carries the setters of its optional parameters.
    pub marker: Ident,
    /// The HTTP method, uppercase (`POST`).
    pub http_method: String,
    /// The path template, e.g. `/contacts/{id}`.
    pub path: String,
    /// Path, query and header parameters, in spec order.
    pub parameters: Vec<Parameter>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// The 2xx response body type; `None` when the success response has no body.
    pub success: Option<TypeRef>,
    /// The body type of each documented error response that has one, by status (`422`,
    /// `4XX`, `default`).
    pub error_bodies: Vec<(String, TypeRef)>,
    /// Rustdoc text for the method.
    pub docs: Docs,
    /// Whether the spec marks the operation `deprecated`.
    pub deprecated: bool,
}

/// A request the API sends to the client (an `x-webhooks` entry), as a method of `Webhooks`
/// that verifies it and decodes its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The webhook's name in the spec.
    pub name: String,
    /// The method name on `Webhooks`, `verify_<name>`.
    pub method_name: Ident,
    /// The body's type.
    pub body: TypeRef,
    /// Rustdoc text for the method.
    pub docs: Docs,
}

/// A stream of Server-Sent Events whose URL the API hands out (a webhook marked
/// `x-event-stream`: the same payloads, delivered over a stream), as a method of `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventStream {
    /// The method name on `Client`, `<name>_stream`.
    pub method_name: Ident,
    /// The type of each event.
    pub item: TypeRef,
    /// Rustdoc text for the method.
    pub docs: Docs,
}

pub use crate::config::{MacAlgorithm, SignatureEncoding, WebhookSignature};

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// Substituted into the path template, percent-encoded.
    Path,
    /// Appended to the query string.
    Query,
    /// Sent as a request header.
    Header,
}

impl ParameterLocation {
    /// The spec's word for it (`in: query`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
        }
    }
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The Rust argument name, snake_case.
    pub name: Ident,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// For a query parameter that is an object: each property becomes its own query pair
    /// (OpenAPI's default `form` style with `explode: true`).
    pub exploded: bool,
    /// Rustdoc text (for the method's argument list).
    pub docs: Docs,
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// Whether the spec requires it.
    pub required: bool,
    /// The spec's first example of it as a value of `ty`, for docs; `None` when the spec has
    /// none or it does not fit the type.
    pub example: Option<ExampleValue>,
}
