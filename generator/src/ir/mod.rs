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
mod features;
mod names;
mod operation;
pub mod reserved;
mod types;

pub use docs::{DocPart, Docs};
pub use example::ExampleValue;
pub use features::{Gate, TagFeature};
pub use names::{feature_name, CrateName, Ident, NameAllocator};
pub use operation::{
    Body, BodyEncoding, ErrorResponse, EventStream, FieldEncoding, Operation, Paging, PagingScheme,
    Parameter, ParameterLocation, Payload, Read, Redirect, ResponseVariant, Serialization, Style,
    Success, Webhook,
};
pub use types::{
    definition_of, Field, Presence, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant, Variant,
};

pub use crate::config::{
    MacAlgorithm, PackageMetadata, RateLimitHeaders, RequestId, ResetIs, SignatureEncoding,
    WebhookSignature,
};

impl Api {
    /// The definition a [`TypeId`] names.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The struct types, whose `Deserialize` the runtime's `decode` serves.
    pub fn structs(&self) -> impl Iterator<Item = &TypeDef> {
        self.types
            .iter()
            .filter(|definition| matches!(definition.kind, TypeKind::Struct { .. }))
    }

    /// Whether some operation sends a body whose encoding `matches`.
    pub fn has_body(&self, matches: impl Fn(&BodyEncoding) -> bool) -> bool {
        self.operations
            .iter()
            .filter_map(|op| op.body.as_ref())
            .any(|body| matches(&body.encoding))
    }

    /// Whether some operation's success is read as `matches` says (a success whose bodies
    /// differ by status is read whole).
    pub fn reads(&self, matches: impl Fn(Read) -> bool) -> bool {
        self.operations
            .iter()
            .filter_map(Operation::read)
            .any(matches)
    }

    /// Whether the crate reads Server-Sent Events: an operation's, or those of a stream whose
    /// URL the API hands out.
    pub fn reads_events(&self) -> bool {
        !self.event_streams.is_empty() || self.reads(|read| matches!(read, Read::Events { .. }))
    }

    /// Whether the crate writes values in OpenAPI's styles: some operation has parameters, or
    /// a form or multipart body, or pages (a page's cursor is a query parameter).
    pub fn writes_styles(&self) -> bool {
        self.operations.iter().any(|op| !op.parameters.is_empty())
            || self.has_body(|encoding| {
                matches!(encoding, BodyEncoding::Form(_) | BodyEncoding::Multipart(_))
            })
            || self.pages()
    }

    /// The failures of `Error` that this crate can meet: a broken event stream where it reads
    /// events, pages that do not link up where it pages.
    pub fn failures(&self) -> Vec<Failure> {
        let possible = [
            (self.reads_events(), Failure::InvalidEventStream),
            (self.pages(), Failure::Pagination),
        ];
        possible
            .into_iter()
            .filter_map(|(met, failure)| met.then_some(failure))
            .collect()
    }

    /// Whether some operation's list pages.
    pub fn pages(&self) -> bool {
        self.operations.iter().any(|op| op.paging.is_some())
    }

    /// Whether the crate reads JSON Lines or JSON text sequences.
    pub fn reads_json_streams(&self) -> bool {
        self.reads(|read| matches!(read, Read::Lines | Read::Records))
    }

    /// Whether the crate needs `File`: some type, parameter or body holds a
    /// [`TypeRef::File`], or a multipart body may have file parts.
    pub fn uses_files(&self) -> bool {
        let multipart = self.has_body(|encoding| matches!(encoding, BodyEncoding::Multipart(_)));
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
        multipart || in_types || in_operations
    }
}

/// The whole client to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// Package and provenance facts that headers, `Cargo.toml` and crate docs print.
    pub meta: Meta,
    /// The servers the spec lists, as `Region` variants, in spec order.
    pub servers: Vec<Server>,
    /// The variables of those servers, as options of the client builder.
    pub server_variables: Vec<ServerVariableOption>,
    /// Every emitted type, in emission order; a [`TypeId`] indexes this.
    pub types: Vec<TypeDef>,
    /// Every emitted operation, in spec order.
    pub operations: Vec<Operation>,
    /// The crate's feature per tag, by name; empty unless the config asks for them
    /// (`tag_features`).
    pub tag_features: Vec<TagFeature>,
    /// The webhooks the API sends, in spec order.
    pub webhooks: Vec<Webhook>,
    /// How the API signs its webhook requests; `None` when the crate verifies none.
    pub webhook_signature: Option<WebhookSignature>,
    /// The Server-Sent Events streams a client can open, in spec order.
    pub event_streams: Vec<EventStream>,
    /// The type that error responses decode into: the one most of them share.
    pub error_body: Option<TypeRef>,
    /// The client-error statuses with an `Error` variant of their own, by code.
    pub error_statuses: Vec<ErrorStatus>,
    /// Every example the spec gives for the selection, with the type it must decode into.
    pub examples: Vec<SpecExample>,
    /// Examples known not to round-trip, by pointer, with the reason (from the config).
    pub known_example_mismatches: Vec<(String, String)>,
}

/// A failure of the crate's `Error` that only some crates can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A response that should be a stream of Server-Sent Events is not one.
    InvalidEventStream,
    /// The pages of a list do not link up.
    Pagination,
}

impl Failure {
    /// Its `Error` variant's name.
    pub fn variant(self) -> &'static str {
        match self {
            Failure::InvalidEventStream => "InvalidEventStream",
            Failure::Pagination => "Pagination",
        }
    }
}

/// A client-error status with a variant of its own in the crate's `Error`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorStatus {
    /// The status code, `400`–`499`.
    pub code: u16,
    /// The variant: the status's reason phrase (`Conflict`), else `Status499`.
    pub variant: Ident,
    /// What the status means.
    pub docs: Docs,
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
    /// The security schemes the client sends and what operations require by default.
    pub security: Security,
    /// What the API promises (or does not) about repeated requests, said where the crate docs
    /// explain retries.
    pub retry_note: Option<String>,
    /// The headers of the API's rate limit.
    pub rate_limit: RateLimitHeaders,
    /// Where the API names the request that failed.
    pub request_id: RequestId,
    /// Crates the config's `format` mappings need, added to the generated `Cargo.toml`.
    pub extra_dependencies: Vec<Dependency>,
    /// The command that regenerates the crate, which the files' headers name.
    pub command: String,
    /// What `Cargo.toml` says about the package beyond its name and version.
    pub package: PackageMetadata,
}

/// How the client authenticates: the security schemes it can send, and the requirements of an
/// operation that names none of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// The schemes the document or a selected operation requires and the client can send, in
    /// `components.securitySchemes` order; never empty (see [`Scheme::declared`]).
    pub schemes: Vec<Scheme>,
    /// The document's `security`, as indices into `schemes`.
    pub default: Requirements,
}

impl Security {
    /// Whether the client has one credential, set by `token` or `basic_auth`, rather than one
    /// setter per scheme.
    pub fn single(&self) -> bool {
        self.schemes.len() == 1
    }
}

/// Security requirements, any one of which suffices: each lists the schemes (indices into
/// [`Security::schemes`]) sent together. An empty requirement needs no credential; an empty
/// list, none at all.
pub type Requirements = Vec<Vec<usize>>;

/// A security scheme the client can send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Its name in `components.securitySchemes`; `None` when the document declares no scheme
    /// the client can send, and a token, if given, is sent as `Authorization: Bearer`.
    pub declared: Option<String>,
    /// How its credential is sent.
    pub auth: Auth,
    /// The `ClientBuilder` method that sets its credential.
    pub setter: Ident,
    /// Whether building a client without it fails: the API's only scheme, which some selected
    /// operation cannot do without.
    pub required: bool,
}

/// How a scheme's credential is sent.
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
    /// An API key in a cookie.
    Cookie {
        /// The cookie's name.
        name: String,
    },
    /// HTTP Basic: a user name and a password.
    Basic,
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
    /// Where it is.
    pub url: ServerUrl,
    /// The server's description, for docs.
    pub description: Option<String>,
}

/// A server's URL: a template whose `{name}`s are its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl {
    /// The URL template without a trailing slash, e.g. `https://{region}.example.com/v1`.
    pub template: String,
    /// Its variables, in spec order.
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    /// Its name in the template.
    pub name: String,
    /// The value used unless the client is given another.
    pub default: String,
    /// The values it may take; empty when any is allowed.
    pub values: Vec<String>,
}

/// A setter of `ClientBuilder` for a variable of the API's servers (the union of what each
/// server declares under that name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariableOption {
    /// The variable's name in the templates.
    pub name: String,
    /// The setter, `server_<name>`.
    pub method: Ident,
    /// The enum of the values it may take, when every server that has it lists them: its type
    /// name and a variant per value.
    pub values: Option<(Ident, Vec<Variant>)>,
    /// What the spec says of it.
    pub description: Option<String>,
}
