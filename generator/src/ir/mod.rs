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

    /// Whether some operation sends a body whose encoding `matches`.
    pub fn has_body(&self, matches: impl Fn(&BodyEncoding) -> bool) -> bool {
        self.operations
            .iter()
            .filter_map(|op| op.body.as_ref())
            .any(|body| matches(&body.encoding))
    }

    /// Whether some type, parameter or body holds a [`TypeRef::File`].
    pub fn uses_files(&self) -> bool {
        let in_types = self.types.iter().any(|definition| match &definition.kind {
            TypeKind::Struct { fields } => fields.iter().any(|f| f.ty.contains_file()),
            TypeKind::Union { variants, .. } => variants.iter().any(|v| v.ty.contains_file()),
            TypeKind::Alias(ty) => ty.contains_file(),
            TypeKind::Responses { variants } => variants
                .iter()
                .filter_map(|v| v.payload.as_ref())
                .any(|payload| payload.ty.contains_file()),
            TypeKind::Enum { .. } => false,
        });
        let in_operations = self.operations.iter().any(|op| {
            op.parameters.iter().any(|p| p.ty.contains_file())
                || op.body.as_ref().is_some_and(|body| body.ty.contains_file())
                || op.success.type_ref().is_some_and(|ty| ty.contains_file())
        });
        in_types || in_operations
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
    /// How the client sends its credential.
    pub auth: Auth,
    /// What the API promises (or does not) about repeated requests, said where the crate docs
    /// explain retries.
    pub retry_note: Option<String>,
    /// Crates the config's `format` mappings need, added to the generated `Cargo.toml`.
    pub extra_dependencies: Vec<Dependency>,
}

/// How a client sends its credential (from the spec's security scheme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// In a header: `name: prefix<token>` (`Authorization: Bearer <token>`, an API key).
    Header {
        /// The header's name, lowercase.
        name: String,
        /// Text before the token (`Bearer `), or none.
        prefix: String,
    },
    /// An API key in a query parameter.
    Query {
        /// The parameter's name.
        name: String,
    },
    /// HTTP Basic: a user name and a password.
    Basic,
    /// The spec declares no scheme (or one the client cannot send): a token, if given, is sent
    /// as `Authorization: Bearer`.
    Optional,
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
    /// The success responses of one operation whose bodies differ by status, decoded by the
    /// status rather than from JSON.
    Responses {
        /// A variant per documented success status, in spec order.
        variants: Vec<ResponseVariant>,
    },
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
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => inner.contains_file(),
            _ => false,
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
            | TypeRef::External(_)
            | TypeRef::File
            | TypeRef::Bytes => {}
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
    /// What a success decodes into.
    pub success: Success,
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

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type: a struct for JSON, form and multipart bodies, `String` for text, `Vec<u8>` for
    /// binary ones.
    pub ty: TypeRef,
    /// Whether the spec requires it.
    pub required: bool,
    /// The spec's first example of it as a value of `ty`, for docs; `None` when the spec has
    /// none or it does not fit the type.
    pub example: Option<ExampleValue>,
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// How the value is written.
    pub encoding: BodyEncoding,
}

/// How a request body is written.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`, each property by its style (by default nested
    /// objects and arrays in brackets: `a[b]=1`, `list[]=x`).
    Form(Vec<(String, FormStyle)>),
    /// `multipart/form-data`: a part per property (files as bytes, scalars as text, the rest
    /// as JSON), with the content types the spec's `encoding` gives by property.
    Multipart(Vec<(String, String)>),
    /// A text media type, from a `String`.
    Text,
    /// Any other media type, from bytes.
    Bytes,
}

/// How one property of a form body is written (from its `encoding` entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `a[b]=1`, `list[]=x`: the default.
    Brackets,
    /// `list=x&list=y` (`style: form`).
    Repeated,
    /// `list=x%20y` (`style: spaceDelimited`).
    Space,
    /// `list=x|y` (`style: pipeDelimited`).
    Pipe,
    /// The value as JSON text (`contentType: application/json`).
    Json,
}

/// What the success responses of an operation decode into.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// Every success has this body (or none, when `None`).
    One(Option<Payload>),
    /// Successes differ by status: the named enum [`TypeKind::Responses`] with a variant each.
    ByStatus(TypeId),
}

impl Success {
    /// The type a success is returned as; `None` for `()`.
    pub fn type_ref(&self) -> Option<TypeRef> {
        match self {
            Success::One(payload) => payload.as_ref().map(|payload| payload.ty.clone()),
            Success::ByStatus(id) => Some(TypeRef::Named(*id)),
        }
    }
}

/// A response body and how it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// What it decodes into.
    pub ty: TypeRef,
    /// Its media type as the spec gives it (`application/json`, `text/csv`, `image/png`).
    pub media_type: String,
    /// How it is read.
    pub read: Read,
}

/// How a response body becomes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Decoded as JSON.
    Json,
    /// Taken as text (invalid UTF-8 replaced).
    Text,
    /// Taken as bytes.
    Bytes,
}

/// One variant of a [`TypeKind::Responses`] enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseVariant {
    /// The Rust name (`Ok`, `Created`, `NoContent`).
    pub name: Ident,
    /// The status (`200`) or range (`2XX`) the spec documents.
    pub status: String,
    /// The body, if the response has one.
    pub payload: Option<Payload>,
    /// Rustdoc text (the response's description).
    pub docs: Docs,
}
