//! `src/lib.rs`: crate attributes, modules, re-exports and the constants the runtime reads.
//!
//! The crate docs are the generated README (`include_str!`), so they are written once. Modules
//! emitted by prettyplease carry `#[rustfmt::skip]`, so the workspace's `cargo fmt --check`
//! accepts them as rendered; this file and the runtime files are rustfmt-clean as they are.

use proc_macro2::TokenStream;
use quote::quote;

use super::credentials::requirements_tokens;
use super::features::users_cfg;
use super::type_ref::{rust_type, Scope};
use crate::ir::{
    Api, Auth, BodyEncoding, MacAlgorithm, Meta, Operation, ResetIs, SignatureEncoding,
};

/// The crate root.
pub(super) fn lib_rs(api: &Api) -> TokenStream {
    let meta = &api.meta;
    let version = &meta.api_version;
    let version_doc = format!(
        " The API version this client was generated from (`info.version` of `{}`).",
        meta.spec_path
    );
    let token_env = &meta.token_env_var;
    let version_header = match &meta.api_version_header {
        // `HeaderName::from_static` takes the lowercase form.
        Some(header) => {
            let header = header.to_ascii_lowercase();
            quote!(Some(#header))
        }
        None => quote!(None),
    };
    let error_body = match &api.error_body {
        Some(ty) => {
            let ty = rust_type(api, ty, Scope::Crate);
            quote!(#ty)
        }
        None => quote!(serde_json::Value),
    };
    let schemes = meta.security.schemes.iter().map(|scheme| {
        let auth = match &scheme.auth {
            Auth::Header { name, prefix } => {
                quote!(security::Auth::Header { name: #name, prefix: #prefix })
            }
            Auth::Query { name } => quote!(security::Auth::Query { name: #name }),
            Auth::Cookie { name } => quote!(security::Auth::Cookie { name: #name }),
            Auth::Basic => quote!(security::Auth::Basic),
        };
        let (setter, required) = (scheme.setter.as_str(), scheme.required);
        quote!(security::Scheme { auth: #auth, setter: #setter, required: #required },)
    });
    let default_security = requirements_tokens(&meta.security.default);
    // `SCHEMES` skips rustfmt, which writes a one-element array of a struct unlike prettyplease.
    let conventions = conventions(meta);
    let verifies_webhooks = api.webhook_signature.is_some();
    let streams = !api.event_streams.is_empty();
    let reads_events = api.reads_events();
    let reads_json_streams = api.reads_json_streams();
    let has_examples = !api.examples.is_empty();
    let files = api.uses_files();
    let forms = api.has_body(|encoding| matches!(encoding, BodyEncoding::Form(_)));
    let multipart = api.has_body(|encoding| matches!(encoding, BodyEncoding::Multipart(_)));
    let pages = api.pages();
    // The runtime of a kind of operation compiles with the operations that use it. rustfmt
    // leaves a gate as prettyplease wrote it: it would wrap a long one another way.
    let gate = |uses: fn(&Operation) -> bool| {
        users_cfg(api, uses).map(|cfg| quote! { #cfg #[rustfmt::skip] })
    };
    fn encoding(op: &Operation) -> Option<&BodyEncoding> {
        op.body.as_ref().map(|body| &body.encoding)
    }
    let forms_cfg = gate(|op| matches!(encoding(op), Some(BodyEncoding::Form(_))));
    let multipart_cfg = gate(|op| matches!(encoding(op), Some(BodyEncoding::Multipart(_))));
    let pages_cfg = gate(|op| op.paging.is_some());
    let structs = api.structs().next().is_some();
    let structs_cfg = super::features::structs_cfg(api).map(|cfg| quote! { #cfg #[rustfmt::skip] });
    // Every module, in name order; prettyplease-rendered ones skip rustfmt. (Brace-delimited
    // `quote!`s: rustfmt leaves those alone, and would drop the `#[rustfmt::skip]` of others.)
    let modules = [
        (true, quote! { mod builder; }),
        (true, quote! { #[rustfmt::skip] mod client; }),
        (true, quote! { #[rustfmt::skip] mod credentials; }),
        (structs, quote! { #structs_cfg mod decode; }),
        (true, quote! { #[rustfmt::skip] mod error; }),
        (true, quote! { mod error_details; }),
        (reads_events, quote! { mod event_stream; }),
        (
            verifies_webhooks || streams,
            quote! { #[rustfmt::skip] mod events; },
        ),
        (has_examples, quote! { #[cfg(test)] mod example_check; }),
        (files, quote! { mod file; }),
        (forms, quote! { #forms_cfg mod form; }),
        (true, quote! { mod hooks; }),
        (reads_json_streams, quote! { mod json_stream; }),
        (multipart, quote! { #multipart_cfg mod multipart; }),
        (true, quote! { #[rustfmt::skip] pub mod operations; }),
        (pages, quote! { #pages_cfg mod pagination; }),
        (true, quote! { #[rustfmt::skip] mod region; }),
        (true, quote! { mod request; }),
        (true, quote! { mod response; }),
        (true, quote! { mod retry; }),
        (true, quote! { mod security; }),
        (true, quote! { mod servers; }),
        (api.writes_styles(), quote! { mod style; }),
        (
            has_examples,
            quote! { #[cfg(test)] #[rustfmt::skip] mod spec_examples; },
        ),
        (true, quote! { #[rustfmt::skip] pub mod types; }),
        (verifies_webhooks, quote! { mod webhook; }),
    ]
    .into_iter()
    .filter_map(|(present, module)| present.then_some(module));
    let variable_enums = api
        .server_variables
        .iter()
        .filter_map(|option| option.values.as_ref().map(|(name, _)| name));
    let file_export = files.then(|| {
        quote! {
            pub use file::File;
        }
    });
    let pages_export = pages.then(|| {
        quote!(
            #pages_cfg
            pub use pagination::{Cursor, Items, Page, Pages};
        )
    });
    let stream_export = reads_events.then(|| {
        quote!(
            pub use event_stream::EventStream;
        )
    });
    let json_stream_export = reads_json_streams.then(|| {
        quote!(
            pub use json_stream::JsonStream;
        )
    });
    let webhook_export = verifies_webhooks.then(|| {
        quote!(
            pub use webhook::{MalformedReason, WebhookError, Webhooks};
        )
    });
    let webhook_scheme = api.webhook_signature.as_ref().map(|signature| {
        let header = &signature.header;
        let prefix = &signature.prefix;
        let algorithm = match signature.algorithm {
            MacAlgorithm::HmacSha256 => quote!(HmacSha256),
            MacAlgorithm::HmacSha512 => quote!(HmacSha512),
        };
        let encoding = match signature.encoding {
            SignatureEncoding::Hex => quote!(Hex),
            SignatureEncoding::Base64 => quote!(Base64),
        };
        quote! {
            /// How the API signs its webhook requests (from the codegen config).
            pub(crate) const WEBHOOK_SIGNATURE: webhook::SignatureScheme = webhook::SignatureScheme {
                header: #header,
                prefix: #prefix,
                algorithm: webhook::MacAlgorithm::#algorithm,
                encoding: webhook::SignatureEncoding::#encoding,
            };
        }
    });
    let answers_redirects = api.operations.iter().any(|op| !op.redirects.is_empty());
    // The runtime keeps what the crate's operations use (see `trim`); with some tags off, some
    // of those operations are not compiled.
    let partial_builds = (!api.tag_features.is_empty()).then(|| {
        let all_tags = super::manifest::ALL_TAGS;
        quote! {
            #![cfg_attr(
                not(feature = #all_tags),
                allow(dead_code, reason = "with some tags off, parts of the runtime serve no operation")
            )]
        }
    });
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #partial_builds
        #![deny(missing_docs)]
        #![allow(clippy::large_enum_variant, reason = "union variants are not boxed")]

        #(#modules)*

        pub use builder::{BuildError, Client, ClientBuilder, DEFAULT_TIMEOUT};
        pub use error::Error;
        pub use error_details::{ApiError, DecodeError, TransportError};
        #stream_export
        #file_export
        pub use hooks::{Attempt, AttemptRequest, Hook, Outcome};
        #json_stream_export
        #pages_export
        pub use region::{Region #(, #variable_enums)*};
        pub use request::Request;
        pub use response::{RateLimit, Response};
        pub use retry::RetryPolicy;
        #webhook_export

        /// The HTTP client this crate is built on, for [`ClientBuilder::http_client`]: a
        /// `reqwest::Client` configured through this re-export always has the matching version.
        pub use reqwest;
        /// HTTP types that appear in this crate's API, re-exported so that naming them needs no
        /// dependency of your own.
        pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
        pub use reqwest::{Method, StatusCode, Url};

        #[doc = #version_doc]
        pub const API_VERSION: &str = #version;

        /// The environment variable [`Client::from_env`] reads the access token from.
        pub const TOKEN_ENV_VAR: &str = #token_env;

        /// The header that pins the API version on every request, if the API has one.
        pub(crate) const API_VERSION_HEADER: Option<&str> = #version_header;

        /// The security schemes the client sends (from the API description), in the order of the
        /// builder's credential indices.
        #[rustfmt::skip]
        pub(crate) const SCHEMES: &[security::Scheme] = &[#(#schemes)*];

        /// The security requirements of an operation that names none of its own (the
        /// description's `security`).
        pub(crate) const SECURITY: security::Requirements = #default_security;

        /// Where the API reports its rate limit and names a failed request (from the codegen
        /// config, or the common defaults).
        pub(crate) const CONVENTIONS: response::Conventions = #conventions;

        /// Whether some operation documents a redirection as an answer, which its requests then
        /// return rather than follow (with a client of the builder's that follows none).
        pub(crate) const ANSWERS_REDIRECTS: bool = #answers_redirects;

        /// The body of the API's error responses, as [`ApiError::body`] decodes it.
        pub type ErrorBody = #error_body;

        #webhook_scheme
    }
}

/// The runtime's `response::Conventions` for the API: header names lowercase, as `HeaderMap`
/// keeps them.
fn conventions(meta: &Meta) -> TokenStream {
    let header = |name: &str| name.to_ascii_lowercase();
    let (limit, remaining, reset) = (
        header(&meta.rate_limit.limit),
        header(&meta.rate_limit.remaining),
        header(&meta.rate_limit.reset),
    );
    let reset_is = match meta.rate_limit.reset_is {
        ResetIs::UnixTime => quote!(UnixTime),
        ResetIs::Seconds => quote!(Seconds),
        ResetIs::Auto => quote!(Auto),
    };
    let request_id_header = header(&meta.request_id.header);
    let request_id_field = &meta.request_id.field;
    quote! {
        response::Conventions {
            rate_limit_limit: #limit,
            rate_limit_remaining: #remaining,
            rate_limit_reset: #reset,
            reset_is: response::ResetIs::#reset_is,
            request_id_header: #request_id_header,
            request_id_field: #request_id_field,
        }
    }
}
