//! `README.md` of the generated crate, which is also its crate-level rustdoc: what it is, a
//! quick start that compiles (a `no_run` doctest built from the spec's request example), the
//! operations, and how requests behave.

use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::quote;

use super::credentials::sent_for;
use super::example::example_call;
use crate::format::rust_text;
use crate::ir::{Api, Auth, Ident, Operation, TagFeature, TypeRef};

/// The README text (without the generated-file header, which `render` adds).
pub(super) fn readme(api: &Api) -> String {
    let meta = &api.meta;
    let mut text = String::new();
    let _ = writeln!(text, "# {}\n", meta.crate_name);
    let _ = writeln!(
        text,
        "Typed async Rust client for the {}, API version {}, generated from `{}` by `{}`. Every file of this crate is generated: change the spec or the codegen config and regenerate, never edit by hand.\n",
        meta.title, meta.api_version, meta.spec_path, meta.command
    );
    if let Some(description) = &meta.description {
        let _ = writeln!(text, "{description}\n");
    }
    let _ = writeln!(
        text,
        "## Quick start\n\n```rust,no_run\n{}```\n",
        quick_start(api)
    );
    let _ = writeln!(
        text,
        "## Operations\n\nEach is a method of [`Client`] that takes the required parameters and returns a [`Request`]; set optional parameters on the request, then `.await` it.\n\n| Method | Endpoint | Arguments | Optional (setters) | Returns |\n|---|---|---|---|---|"
    );
    for op in &api.operations {
        let _ = writeln!(
            text,
            "| [`Client::{}`] | `{} {}` | {} | {} | {} |",
            op.method_name,
            op.http_method,
            op.path,
            listed(arguments(api, op)),
            listed(setters(api, op)),
            returns(api, op)
        );
    }
    text.push_str(&super::readme_pages::section(api));
    text.push_str(&tag_features(api));
    let retry_note = match &meta.retry_note {
        Some(note) => format!(" {note}"),
        None => String::new(),
    };
    let version_header = match &meta.api_version_header {
        Some(header) => format!(", and `{header}: {}` (see [`API_VERSION`]; override with [`ClientBuilder::api_version`])", meta.api_version),
        None => String::new(),
    };
    let schemes = meta.security.schemes.iter().map(sent_for);
    let sends = if meta.security.single() {
        format!(
            "{}, `Accept: application/json`, a `User-Agent` naming this crate{version_header}. The credential never appears in `Debug` output or error messages.",
            schemes.collect::<String>()
        )
    } else {
        format!(
            "`Accept: application/json`, a `User-Agent` naming this crate{version_header}, and the credentials its operation requires: the first of its requirements whose credentials the builder was given; an operation whose credentials were not given is refused with [`Error::InvalidRequest`] before it is sent. The API's schemes: {}. Credentials never appear in `Debug` output or error messages.",
            schemes.collect::<Vec<_>>().join("; ")
        )
    };
    let reset = &meta.rate_limit.reset;
    let statuses: Vec<String> = api
        .error_statuses
        .iter()
        .map(|status| format!("`{}` {}", status.variant, status.code))
        .collect();
    let statuses = statuses.join(", ");
    let pages = if api.pages() {
        "- A list that pages gives a stream of its items and one of its pages (see [Lists that page](#lists-that-page)); every page is a request of its own, retried like any other. Pages that do not link up (a cursor that repeats, or more promised and no cursor given) end the stream with [`Error::Pagination`].\n"
    } else {
        ""
    };
    let _ = writeln!(
        text,
        "\n## How requests behave\n\n\
- Every request sends {sends}\n\
- An operation method returns a [`Request`]: `.await` it for the typed value, or set `.timeout(..)`, `.max_retries(..)` or `.header(..)` first; `.send_with_response()` also returns the status, headers and [`RateLimit`].\n\
- The HTTP status picks the [`Error`] variant: each client error the description documents has its own, as 401 and 429 always do ({statuses}); every 5xx is `Server`, any other status `Status`. Each carries an [`ApiError`] with the typed error body when it decodes, the raw body always, and the request id.\n\
- Failed requests are retried (default twice) with exponential backoff and jitter on 429, 500, 502, 503, 504, timeouts and connection failures, honouring `Retry-After` and `{reset}`; other statuses are never retried. A retry resends the same body: where the API does not deduplicate, pass `.max_retries(0)`.{retry_note}\n\
{pages}\
- Unknown enum values decode into an `Unknown` variant, and string formats (`date-time`, `email`, `uuid`) stay `String`, so a server that adds values or is looser than its spec does not break decoding.\n\
- HTTPS goes through rustls with the *ring* crypto provider (feature `rustls-ring`, the default: a short build, ring's small C and assembly core). With `default-features = false`, feature `rustls-aws-lc` uses aws-lc-rs instead (FIPS-capable, a longer C build), `native-tls` the platform's TLS library (OpenSSL, Secure Transport, SChannel), and none of them plain HTTP only (behind a TLS-terminating proxy). [`ClientBuilder::root_certificate`] trusts another certificate authority, [`ClientBuilder::http_client`] takes a `reqwest::Client` configured any other way."
    );
    text.push_str(&super::readme_events::sections(api));
    let _ = writeln!(
        text,
        "\n## Observing requests\n\nA [`Hook`] added with [`ClientBuilder::hook`] runs around every attempt of every request, retries included: `on_request` may change the request (refresh a token, add a header), `on_response` sees the status, headers and latency, or the transport error. This one counts the attempts that did not succeed:\n\n```rust\n{}```\n\nEach request is also a `tracing` span (`operation`, `method`, `path`) with an event per attempt and per retry; headers, and so the token, are never recorded.",
        hook_example(api)
    );
    text
}

/// The section on the crate's feature per tag, when it has them.
fn tag_features(api: &Api) -> String {
    if api.tag_features.is_empty() {
        return String::new();
    }
    // The example turns on the two features with the most operations.
    let mut largest: Vec<&TagFeature> = api.tag_features.iter().collect();
    largest.sort_by_key(|feature| std::cmp::Reverse(feature.operations));
    let example: String = largest
        .iter()
        .take(2)
        .map(|feature| format!(", \"{}\"", feature.name))
        .collect();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "\n## Cargo features\n\nEach tag of the API is a Cargo feature, all of them on by default (`all-tags`). A program that uses a few tags can turn the others off, and then compiles only those tags' operations and the types they use:\n\n```toml\n[dependencies]\n{} = {{ version = \"{}\", default-features = false, features = [\"rustls-ring\"{example}] }}\n```\n\nAn operation with several tags compiles with any of them; a type that no operation uses, with the types built on it (`allOf`) or with the tags the description files it under (`x-tags`), and else in every build. The crate's own tests and doc examples need every feature.\n\n| Feature | Tag | Operations |\n|---|---|---|",
        api.meta.crate_name.package(),
        // Without the build metadata (`+api.2.16`), which a requirement cannot have.
        api.meta.crate_version.split('+').next().unwrap_or_default(),
    );
    for feature in &api.tag_features {
        let _ = writeln!(
            text,
            "| `{}` | {} | {} |",
            feature.name,
            feature.tags.join(", "),
            feature.operations
        );
    }
    text
}

/// A hook that counts failed attempts, written against this crate.
fn hook_example(api: &Api) -> String {
    let crate_ident = api.meta.crate_name.library();
    rust_text(quote! {
        use std::sync::atomic::{AtomicU32, Ordering};
        use #crate_ident::{Attempt, Hook, Outcome};

        #[derive(Default)]
        struct Failures(AtomicU32);

        impl Hook for Failures {
            fn on_response(&self, outcome: &Outcome<'_>, _attempt: &Attempt) {
                if !matches!(outcome, Outcome::Response { status, .. } if status.is_success()) {
                    self.0.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    })
}

/// The required arguments of `op`'s method, as `name: Type`.
fn arguments(api: &Api, op: &Operation) -> Vec<String> {
    let parameters = op
        .parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("`{}`: {}", p.name, type_link(api, &p.ty)));
    let body = op
        .body
        .iter()
        .filter(|body| body.required)
        .map(|body| format!("`body`: {}", type_link(api, &body.ty)));
    parameters.chain(body).collect()
}

/// What `op`'s request returns, and for a list that pages, the stream of its items.
fn returns(api: &Api, op: &Operation) -> String {
    let value = op
        .success
        .type_ref()
        .map_or_else(|| "`()`".to_owned(), |ty| type_link(api, &ty));
    let value = match op.read().and_then(super::client::stream_type) {
        Some(stream) => format!("[`{stream}`] of {value}"),
        None => value,
    };
    match &op.paging {
        Some(paging) => format!(
            "{value}<br>`.items()`: a stream of {}",
            type_link(api, &paging.item)
        ),
        None => value,
    }
}

/// The setters of `op`'s request, as `.name(Type)`.
fn setters(api: &Api, op: &Operation) -> Vec<String> {
    let parameters = op
        .parameters
        .iter()
        .filter(|p| !p.required)
        .map(|p| format!("`.{}(…)`: {}", p.name.in_code(), type_link(api, &p.ty)));
    let body = op
        .body
        .iter()
        .filter(|body| !body.required)
        .map(|body| format!("`.body(…)`: {}", type_link(api, &body.ty)));
    parameters.chain(body).collect()
}

/// Table cell text: the items separated by line breaks, or a dash.
fn listed(items: Vec<String>) -> String {
    if items.is_empty() {
        "–".to_owned()
    } else {
        items.join("<br>")
    }
}

/// A type as docs show it: a link for a generated type, else its Rust spelling.
fn type_link(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(_) => format!("[`{}`]", ty.rust_text(api)),
        ty => format!("`{}`", ty.rust_text(api)),
    }
}

/// A `main` that builds a client and calls the first operation whose request the spec gives an
/// example for; only the client when no operation has one.
fn quick_start(api: &Api) -> String {
    let crate_ident = api.meta.crate_name.library();
    let region = api.servers.get(1).or(api.servers.first()).map(|server| {
        let variant = &server.variant;
        quote!(.region(Region::#variant))
    });
    let call = api
        .operations
        .iter()
        .filter(|op| op.parameters.iter().all(|p| !p.required) && op.body.is_some())
        .find_map(|op| call_with_error_handling(api, op));
    let (imports, call) = match call {
        Some(call) => (
            quote!(use #crate_ident::{types, Client, Error, Region};),
            call,
        ),
        None => (
            quote!(use #crate_ident::{Client, Region};),
            quote!(println!("{client:?}");),
        ),
    };
    // The setter of the first scheme's credential (see `credentials.rs`).
    let scheme = &api.meta.security.schemes[0];
    let setter = &scheme.setter;
    let credential = match scheme.auth {
        Auth::Basic => quote!(.#setter(
            std::env::var("API_USERNAME")?,
            std::env::var("API_PASSWORD")?,
        )),
        _ => quote!(.#setter(std::env::var(#crate_ident::TOKEN_ENV_VAR)?)),
    };
    let tokens = quote! {
        #imports

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::builder()
                #credential
                #region
                .build()?;
            #call
            Ok(())
        }
    };
    rust_text(tokens)
}

fn call_with_error_handling(api: &Api, op: &Operation) -> Option<TokenStream> {
    let (setup, call) = example_call(api, op)?;
    // The first client error the operation documents, else the crate's first.
    let client_error = |variant: &&Ident| {
        let statuses = &api.error_statuses;
        statuses.iter().any(|status| status.variant == **variant)
    };
    let rejected = op
        .errors
        .iter()
        .filter_map(|error| error.variant.as_ref())
        .find(client_error)
        .or_else(|| api.error_statuses.first().map(|status| &status.variant))?;
    Some(quote! {
        #setup
        match #call.await {
            Ok(value) => println!("{value:?}"),
            Err(Error::#rejected(error)) => eprintln!("rejected: {error}"),
            Err(error) if error.is_retryable() => eprintln!("try again later: {error}"),
            Err(error) => return Err(error.into()),
        }
    })
}
