//! What one generation needs: spec, output, crate metadata, selection and customizations.
//!
//! A [`Config`] is flat and complete: [`Project`] builds one per generated crate from
//! `openapi/codegen.toml`, where settings are split by scope (an API's settings follow every
//! version of its spec, a crate's apply to that crate only; see [`Project`]), and tests build
//! them in code. Paths are relative to the project root (the folder that holds `openapi/`), so
//! a config reads the same from any working directory. Heuristics that are a matter of taste
//! (the names of the servers' `Region` variants) live here, not in code, so they survive
//! regeneration.

mod pagination;
mod project;
mod request;

pub use pagination::PagingConfig;
pub use project::{ApiSettings, CrateEntry, Project};
pub use request::{crate_name_from_file, Job, Request};

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::ir::{CrateName, Ident};

/// The whole configuration of one generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where the config was read from (for messages); empty when built in code.
    pub path: PathBuf,
    /// The OpenAPI description to read, relative to the project root.
    pub spec: PathBuf,
    /// The `info.title` the spec must have, when the settings were written for one API: a crate
    /// configured for Intercom refuses a Petstore spec instead of sending Intercom's headers.
    pub api_title: Option<String>,
    /// The folder that receives the generated crate, relative to the project root.
    pub output: PathBuf,
    /// The generated crate's package metadata.
    pub krate: CrateConfig,
    /// Which operations to generate.
    pub selection: SelectionConfig,
    /// OpenAPI Overlay files applied in order to the spec before anything reads it, relative to
    /// the project root.
    pub overlays: Vec<PathBuf>,
    /// How the generated client talks to the API.
    pub client: ClientConfig,
    /// `Region` variant names by server URL; servers not named here get a name derived from
    /// what distinguishes their host from the others'.
    pub servers: BTreeMap<String, String>,
    /// Names, derives and types the user wants instead of the generated ones.
    pub overrides: Overrides,
    /// A TOML file (relative to the project root) of the spec examples that do not round-trip
    /// through the generated types: JSON pointer = reason. The generated crate's `spec_examples`
    /// test fails on any other example that does not round-trip and on a listed one that does;
    /// generation fails on an entry that names no example of the spec.
    pub example_mismatches: Option<PathBuf>,
    /// How the API signs the webhook requests it sends, for the generated verification.
    pub webhook_signature: Option<WebhookSignature>,
    /// How list operations page, by `operationId` (the API's `[apis.<id>.pagination]`).
    pub pagination: BTreeMap<String, PagingConfig>,
    /// The command that regenerates the crate, which its files' headers name.
    pub command: String,
    /// What the generated `Cargo.toml` says about the package beyond its name and version.
    pub package: PackageMetadata,
    /// Whether the crate has a Cargo feature per tag of its operations, all on by default, so
    /// that a user of a few tags compiles only their operations and the types those use.
    pub tag_features: bool,
}

/// The package metadata of a generated crate that a registry shows (`[crates.package]` in
/// the config); all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageMetadata {
    /// The SPDX license expression (default `MIT OR Apache-2.0`).
    pub license: Option<String>,
    /// Where the source is.
    pub repository: Option<String>,
    /// The project's home page.
    pub homepage: Option<String>,
    /// Where the documentation is (default: docs.rs).
    pub documentation: Option<String>,
    /// Up to five keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io categories.
    #[serde(default)]
    pub categories: Vec<String>,
}

impl Config {
    /// A config with default settings: `spec` generated into `output` as crate `krate`, with
    /// `selection` and no customizations.
    pub fn new(
        spec: PathBuf,
        output: PathBuf,
        krate: CrateConfig,
        selection: SelectionConfig,
    ) -> Self {
        Config {
            path: PathBuf::new(),
            spec,
            api_title: None,
            output,
            krate,
            selection,
            overlays: Vec::new(),
            client: ClientConfig::default(),
            servers: BTreeMap::new(),
            overrides: Overrides::default(),
            example_mismatches: None,
            webhook_signature: None,
            pagination: BTreeMap::new(),
            command: "cargo xtask codegen".into(),
            package: PackageMetadata::default(),
            tag_features: false,
        }
    }
}

/// Customizations of the generated code that survive regeneration. Keys are the names the
/// generated crate shows: `Type`, `Type.field`, `Enum.Variant`, `method`. Every entry must match
/// something, so one that a spec update made stale fails the next generation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// By type name: a new name and extra derives.
    #[serde(default)]
    pub types: BTreeMap<String, TypeOverride>,
    /// By `Type.field`: a new name, or optional in spite of the spec's `required`.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldOverride>,
    /// By `Enum.Variant` (string enums and unions): a new name.
    #[serde(default)]
    pub variants: BTreeMap<String, Rename>,
    /// By method name: a new name.
    #[serde(default)]
    pub methods: BTreeMap<String, Rename>,
    /// By string `format` (`date-time`, `uuid`, …): the Rust type to use and its crate.
    #[serde(default)]
    pub formats: BTreeMap<String, FormatOverride>,
}

/// What to change about a generated type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeOverride {
    /// The name to use instead.
    pub rename: Option<Ident>,
    /// Keep the name the type had as a deprecated alias of the new one, so that code written
    /// against it still compiles (with a warning) after the rename.
    #[serde(default)]
    pub keep_old_name: bool,
    /// Other names to keep as deprecated aliases of the type: names of types the generator has
    /// since merged into this one (identical inline schemas), so that a regenerated crate does
    /// not break code written against them.
    #[serde(default)]
    pub former_names: Vec<Ident>,
    /// Derives to add, e.g. `["Eq", "Hash", "Default"]`.
    #[serde(default)]
    pub derives: Vec<String>,
}

/// What to change about a generated field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOverride {
    /// The Rust name to use instead (the JSON key stays).
    pub rename: Option<Ident>,
    /// Make the field `Option`al although the spec requires it: the server omits it in practice.
    #[serde(default)]
    pub optional: bool,
}

/// A new name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// The name to use instead.
    pub rename: Ident,
}

/// A Rust type for a string `format`, and the dependency that provides it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatOverride {
    /// The type, e.g. `chrono::DateTime<chrono::Utc>`; it must implement serde's traits.
    pub rust_type: String,
    /// The crate to add to the generated `Cargo.toml`.
    pub dependency: Dependency,
}

/// A dependency of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// The crate, e.g. `chrono`.
    pub name: String,
    /// Its version requirement, e.g. `0.4`.
    pub version: String,
    /// Its features, e.g. `["serde"]`.
    #[serde(default)]
    pub features: Vec<String>,
}

/// Settings of the generated client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The request header that pins the API version (`Intercom-Version`). The client sends
    /// `info.version` in it on every request, so operations do not take it as a parameter.
    pub api_version_header: Option<String>,
    /// The environment variable `Client::from_env` reads the bearer token from; by default the
    /// crate name in SCREAMING_SNAKE_CASE followed by `_TOKEN`.
    pub token_env_var: Option<String>,
    /// What the API promises (or does not) about repeated requests, added where the generated
    /// docs explain retries (Markdown).
    pub retry_note: Option<String>,
    /// The headers that report the API's rate limit, and what its reset value means; by default
    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset`, the reset read as [`ResetIs::Auto`].
    pub rate_limit: Option<RateLimitHeaders>,
    /// Where the API says which request failed; by default the `X-Request-Id` header, else the
    /// error body's `request_id`.
    pub request_id: Option<RequestId>,
}

/// `[…client.rate_limit]`: the headers of an API's rate limit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitHeaders {
    /// Requests allowed in the window.
    #[serde(default = "RateLimitHeaders::default_limit")]
    pub limit: String,
    /// Requests left in the window.
    #[serde(default = "RateLimitHeaders::default_remaining")]
    pub remaining: String,
    /// When the window resets, also a wait before retrying a 429.
    #[serde(default = "RateLimitHeaders::default_reset")]
    pub reset: String,
    /// What the reset value means.
    #[serde(default)]
    pub reset_is: ResetIs,
}

impl RateLimitHeaders {
    fn default_limit() -> String {
        "X-RateLimit-Limit".into()
    }
    fn default_remaining() -> String {
        "X-RateLimit-Remaining".into()
    }
    fn default_reset() -> String {
        "X-RateLimit-Reset".into()
    }
}

impl Default for RateLimitHeaders {
    fn default() -> Self {
        RateLimitHeaders {
            limit: Self::default_limit(),
            remaining: Self::default_remaining(),
            reset: Self::default_reset(),
            reset_is: ResetIs::default(),
        }
    }
}

/// What a rate limit's reset value is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResetIs {
    /// A Unix time in seconds (GitHub, Intercom).
    UnixTime,
    /// Seconds from now (the IETF `RateLimit-Reset`, many others).
    Seconds,
    /// Whichever the value must be: a number of seconds too large to be a wait of less than a
    /// year is a Unix time, a smaller one seconds from now.
    #[default]
    Auto,
}

/// `[…client.request_id]`: where an API names the request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestId {
    /// The response header.
    #[serde(default = "RequestId::default_header")]
    pub header: String,
    /// The key of the error body that holds it, when the header is absent.
    #[serde(default = "RequestId::default_field")]
    pub field: String,
}

impl RequestId {
    fn default_header() -> String {
        "X-Request-Id".into()
    }
    fn default_field() -> String {
        "request_id".into()
    }
}

impl Default for RequestId {
    fn default() -> Self {
        RequestId {
            header: Self::default_header(),
            field: Self::default_field(),
        }
    }
}

impl Config {
    /// The token environment variable, configured or derived from the crate name.
    pub fn token_env_var(&self) -> String {
        self.client.token_env_var.clone().unwrap_or_else(|| {
            let stem: String = self
                .krate
                .name
                .package()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("{stem}_TOKEN")
        })
    }
}

/// Package metadata of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// The package name, e.g. `intercom-custom-channels`.
    pub name: CrateName,
    /// The crate's own semver version; the API version is appended as build metadata.
    pub version: String,
}

/// Which operations to generate: every operation when `all`, else those carrying one of `tags`
/// or one of the `operations` ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionConfig {
    /// Select every operation of the spec.
    #[serde(default)]
    pub all: bool,
    /// Select the operations tagged with any of these.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Select the operations with these `operationId`s.
    #[serde(default)]
    pub operations: Vec<String>,
}

impl Config {
    /// This config for another spec. The reviewed example mismatches describe the configured
    /// spec, so they are dropped when the spec changes.
    pub fn with_spec(mut self, spec: PathBuf) -> Self {
        if spec != self.spec {
            self.example_mismatches = None;
        }
        self.spec = spec;
        self
    }
}

impl ClientConfig {
    /// These settings, each one that is unset taken from `fallback`.
    pub fn or(self, fallback: &ClientConfig) -> ClientConfig {
        ClientConfig {
            api_version_header: self
                .api_version_header
                .or_else(|| fallback.api_version_header.clone()),
            token_env_var: self
                .token_env_var
                .or_else(|| fallback.token_env_var.clone()),
            retry_note: self.retry_note.or_else(|| fallback.retry_note.clone()),
            rate_limit: self.rate_limit.or_else(|| fallback.rate_limit.clone()),
            request_id: self.request_id.or_else(|| fallback.request_id.clone()),
        }
    }

    /// What is wrong with these settings, if anything; `at` is where they are in the file.
    fn problem(&self, at: &str) -> Option<String> {
        if let Some(header) = &self.api_version_header {
            if !is_header_name(header) {
                return Some(format!(
                    "`{at}.api_version_header` is {header:?}; expected an HTTP header name"
                ));
            }
        }
        let headers = self
            .rate_limit
            .iter()
            .flat_map(|r| {
                [
                    ("rate_limit.limit", &r.limit),
                    ("rate_limit.remaining", &r.remaining),
                    ("rate_limit.reset", &r.reset),
                ]
            })
            .chain(
                self.request_id
                    .iter()
                    .map(|r| ("request_id.header", &r.header)),
            );
        for (key, header) in headers {
            if !is_header_name(header) {
                return Some(format!(
                    "`{at}.{key}` is {header:?}; expected an HTTP header name"
                ));
            }
        }
        if let Some(var) = &self.token_env_var {
            if var.is_empty() || var.contains(['=', '\0']) {
                return Some(format!(
                    "`{at}.token_env_var` is {var:?}; expected an environment variable name"
                ));
            }
        }
        None
    }
}

/// How an API signs the webhook requests it sends: the `header` carries `prefix` followed by
/// the MAC of the raw request body under the webhook's signing secret, encoded as `encoding`.
/// Kept in the config, not in code, so that a correction of the scheme is a config change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSignature {
    /// The request header, e.g. `X-Fin-Agent-API-Webhook-Signature`.
    pub header: String,
    /// The MAC.
    pub algorithm: MacAlgorithm,
    /// How the MAC is written in the header.
    pub encoding: SignatureEncoding,
    /// Text before the encoded MAC, e.g. `sha256=`; empty when there is none.
    #[serde(default)]
    pub prefix: String,
}

/// A message authentication code a webhook signature can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum MacAlgorithm {
    /// HMAC with SHA-256.
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
    /// HMAC with SHA-512.
    #[serde(rename = "hmac-sha512")]
    HmacSha512,
}

/// How a webhook signature's bytes are written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum SignatureEncoding {
    /// Lowercase hexadecimal (uppercase is accepted when verifying).
    #[serde(rename = "hex")]
    Hex,
    /// Standard base64 with padding.
    #[serde(rename = "base64")]
    Base64,
}

impl WebhookSignature {
    fn problem(&self, at: &str) -> Option<String> {
        (!is_header_name(&self.header)).then(|| {
            format!(
                "`{at}.header` is {:?}; expected an HTTP header name",
                self.header
            )
        })
    }
}

/// Whether `name` is a valid HTTP header name (an RFC 9110 token).
pub(crate) fn is_header_name(name: &str) -> bool {
    let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    !name.is_empty() && name.chars().all(is_token)
}
