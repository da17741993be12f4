//! What the client does: operations (parameters, bodies, what a success decodes into) and the
//! webhooks and event streams of what the API sends.

use super::{Docs, ExampleValue, Ident, TypeId, TypeRef};

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
    /// Successes differ by status: the named enum [`TypeKind::Responses`](super::TypeKind::Responses) with a variant each.
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

/// One variant of a [`TypeKind::Responses`](super::TypeKind::Responses) enum.
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
