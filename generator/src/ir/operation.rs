//! What the client does: operations (parameters, bodies, what a success decodes into) and the
//! webhooks and event streams of what the API sends.

use super::{Docs, ExampleValue, Gate, Ident, ServerUrl, TypeId, TypeRef};

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
    /// The server of the operation or its path item, when it has one of its own; `None` for
    /// the API's.
    pub server: Option<ServerUrl>,
    /// Path, query and header parameters, in spec order.
    pub parameters: Vec<Parameter>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// What a success decodes into.
    pub success: Success,
    /// The error responses the description documents, in its order.
    pub errors: Vec<ErrorResponse>,
    /// The redirections (`3xx`) the description documents, in its order: answers of the
    /// operation like its successes, which its requests return rather than follow.
    pub redirects: Vec<Redirect>,
    /// Rustdoc text for the method.
    pub docs: Docs,
    /// Whether the spec marks the operation `deprecated`.
    pub deprecated: bool,
    /// How its list pages, when it returns one page of a list.
    pub paging: Option<Paging>,
    /// Its tags, as the description spells them.
    pub tags: Vec<String>,
    /// The tag features it compiles under.
    pub gate: Gate,
    /// The security requirements it accepts (the document's unless it names its own).
    pub security: super::Requirements,
}

impl Operation {
    /// How its success is read, when every success has the one body (successes whose bodies
    /// differ by status are read whole).
    pub fn read(&self) -> Option<Read> {
        match &self.success {
            Success::One(Some(payload)) => Some(payload.read),
            _ => None,
        }
    }

    /// Calls `visit` with every type the operation names itself: its parameters, body,
    /// successes, error bodies and page items (not the types those hold).
    pub fn for_each_named(&self, visit: &mut impl FnMut(TypeId)) {
        let types = self.parameters.iter().map(|parameter| &parameter.ty);
        let types = types
            .chain(self.body.iter().map(|body| &body.ty))
            .chain(self.errors.iter().filter_map(|error| error.body.as_ref()))
            .chain(self.paging.iter().map(|paging| &paging.item));
        types.for_each(|ty| ty.for_each_named(visit));
        if let Some(success) = self.success.type_ref() {
            success.for_each_named(visit);
        }
    }
}

/// An error response an operation documents.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// Its status as the description writes it: `422`, `4XX`, `default`.
    pub status: String,
    /// The description's text for it.
    pub description: String,
    /// The crate `Error` variant it arrives as, when the status names one (a range of client
    /// errors and `default` do not).
    pub variant: Option<Ident>,
    /// Its body type, when the description gives its JSON a schema.
    pub body: Option<TypeRef>,
}

/// A redirection an operation documents as one of its answers (Intercom's call recording is
/// `302` to a signed URL, Docker's start of a started container `304`).
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// Its status as the description writes it: `302`, `3XX`.
    pub status: String,
    /// The description's text for it.
    pub description: String,
}

/// How an operation's list pages: the streams of its pages and items.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// How the next page is asked for, and the end known.
    pub scheme: PagingScheme,
    /// The JSON pointer of the items in the success body (`/data`).
    pub items: String,
    /// The type of one item.
    pub item: TypeRef,
    /// Whether the config declares it (rather than the generator inferring it).
    pub declared: bool,
}

/// How the next page is asked for. Pointers are JSON pointers into the success body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingScheme {
    /// The query parameter `parameter` takes the cursor at `next`.
    QueryCursor { parameter: String, next: String },
    /// The request body's field at the pointer `field` takes the cursor at `next`.
    BodyCursor { field: String, next: String },
    /// The query parameter `parameter` takes the page number; `total_pages` points at the
    /// number of pages.
    PageNumber {
        parameter: String,
        total_pages: Option<String>,
    },
    /// The next page's URL is at `next`, or (`None`) in the `Link` header; a value there that
    /// is not a URL is a cursor for the query parameter `parameter`, when there is one.
    NextUrl {
        next: Option<String>,
        parameter: Option<String>,
    },
    /// While `has_more` is true, the query parameter `parameter` takes the `id` of the last
    /// item.
    HasMore {
        parameter: String,
        has_more: String,
        id: String,
    },
    /// The query parameter `parameter` takes the scroll id at `next`.
    Scroll { parameter: String, next: String },
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
    /// Sent in the `Cookie` header.
    Cookie,
}

impl ParameterLocation {
    /// The spec's word for it (`in: query`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
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
    /// How its value is written.
    pub serialization: Serialization,
    /// Rustdoc text (for the method's argument list).
    pub docs: Docs,
}

/// How a value is written into the path, the query, a header or a cookie, or as a field of a
/// form (the spec's `style`, `explode` and `allowReserved`, defaults applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serialization {
    /// The style.
    pub style: Style,
    /// Whether an array or object becomes a pair per item or property.
    pub explode: bool,
    /// Whether reserved characters are sent unencoded.
    pub allow_reserved: bool,
}

impl Serialization {
    /// The default of a parameter in `location`: `simple` in the path and headers, `form`
    /// (exploded) in the query and cookies.
    pub fn default_for(location: ParameterLocation) -> Self {
        match location {
            ParameterLocation::Path | ParameterLocation::Header => {
                Serialization::new(Style::Simple, false)
            }
            ParameterLocation::Query | ParameterLocation::Cookie => {
                Serialization::new(Style::Form, true)
            }
        }
    }

    /// `style` with `explode`, reserved characters encoded.
    pub fn new(style: Style, explode: bool) -> Self {
        Serialization {
            style,
            explode,
            allow_reserved: false,
        }
    }
}

/// OpenAPI's parameter styles, and the JSON text of a `content`-described parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `blue,black` (path, header).
    Simple,
    /// `.blue.black` (path).
    Label,
    /// `;color=blue` (path).
    Matrix,
    /// `color=blue&color=black` (query, cookie, form fields).
    Form,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue%7Cblack` (query).
    PipeDelimited,
    /// `color=blue%09black`: Swagger 2.0's `collectionFormat: tsv` (query).
    TabDelimited,
    /// `color[R]=100` (query).
    DeepObject,
    /// `color=blue; color=black`, unencoded (cookie).
    Cookie,
    /// The value's JSON text (a parameter described by `content` of a JSON media type).
    Json,
}

impl Style {
    /// The spec's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Simple => "simple",
            Style::Label => "label",
            Style::Matrix => "matrix",
            Style::Form => "form",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::TabDelimited => "tsv",
            Style::DeepObject => "deepObject",
            Style::Cookie => "cookie",
            Style::Json => "content",
        }
    }
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
    /// `application/x-www-form-urlencoded`: a pair (or several) per property, each as its
    /// `encoding` entry says, or by OpenAPI's defaults.
    Form(Vec<(String, FieldEncoding)>),
    /// `multipart/form-data`: a part (or several) per property, each as its `encoding` entry
    /// says, or by OpenAPI's defaults.
    Multipart(Vec<(String, FieldEncoding)>),
    /// A text media type, from a `String`.
    Text,
    /// Any other media type, from bytes.
    Bytes,
}

/// The spec's `encoding` entry of one property of a form or multipart body. A property
/// without one is written by OpenAPI's defaults: an array a pair (or part) per item, a
/// primitive as text, an object as JSON, a file as `application/octet-stream`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldEncoding {
    /// `contentType`, if given.
    pub content_type: Option<String>,
    /// Whether `content_type` is a JSON media type: the value is written as JSON text.
    pub json: bool,
    /// `style`, `explode` and `allowReserved`, when any of them is given: then the value is
    /// written as a query parameter of that style would be, and `content_type` is ignored.
    pub serialization: Option<Serialization>,
    /// Headers of the part with a value the spec fixes (a `default`, or an enum of one value),
    /// sent with it (multipart only).
    pub headers: Vec<(String, String)>,
}

/// What the answers of an operation (its successes and documented redirections) decode into.
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Payload {
    /// What it decodes into.
    pub ty: TypeRef,
    /// Its media type as the spec gives it (`application/json`, `text/csv`, `image/png`).
    pub media_type: String,
    /// How it is read.
    pub read: Read,
}

/// How a response body becomes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Read {
    /// Decoded as JSON.
    Json,
    /// Taken as text (invalid UTF-8 replaced).
    Text,
    /// Taken as bytes.
    Bytes,
    /// Server-Sent Events, each decoded as it arrives into the payload type: an object of the
    /// event's `event`, `data`, `id` and `retry`, its `data` decoded as JSON when `json_data`
    /// (the item schema types it as other than a string) and kept as text otherwise.
    Events { json_data: bool },
    /// JSON Lines (`application/jsonl`, NDJSON): one JSON value per line, each decoded as it
    /// arrives.
    Lines,
    /// JSON text sequences (`application/json-seq`, RFC 7464): one JSON value after each record
    /// separator, each decoded as it arrives.
    Records,
}

impl Read {
    /// Whether the body is a sequence of items, returned as a stream of them.
    pub fn is_stream(self) -> bool {
        matches!(self, Read::Events { .. } | Read::Lines | Read::Records)
    }
}

/// One variant of a [`TypeKind::Responses`](super::TypeKind::Responses) enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
