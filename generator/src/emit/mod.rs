//! Stage 4, **emit**: the model → one syntax tree (or text) per file of the generated crate.
//!
//! One function per kind of item. Identifiers go through `format_ident!`/`syn` and spec text
//! only ever lands in `#[doc = ...]` attributes and string literals, so nothing from the spec can
//! become code. The static runtime (client builder, retries, errors) is ordinary Rust kept in
//! `generator/templates/` and copied as is.

mod client;
mod credentials;
mod docs;
mod error;
mod events;
pub(crate) mod example;
mod features;
mod lib_rs;
mod manifest;
mod operations;
mod pagination;
mod readme;
mod readme_events;
mod readme_pages;
mod region;
mod request_body;
mod runtime;
mod serialization;
mod spec_examples;
pub(crate) mod trim;
mod type_ref;
mod types;

pub(crate) use docs::{deferring as deferring_docs, restore as restore_docs};

use crate::ir::{Api, BodyEncoding};
use crate::Error;

/// One file of the generated crate, before rendering.
#[derive(Debug)]
pub struct EmittedFile {
    /// The path inside the crate, with `/` separators.
    pub path: &'static str,
    /// Its content.
    pub body: FileBody,
}

/// What a file holds, which decides how it is rendered and which comment syntax its header uses.
#[derive(Debug)]
pub enum FileBody {
    /// Rust to format with prettyplease, emitted in `parts` pieces by `emit(api, part)`. Each
    /// part is a run of whole top-level items (the first also carries the file's inner docs), so
    /// formatting the parts one at a time and joining the text gives exactly what formatting the
    /// whole file gives. Render calls `emit` on the thread that formats the part (token streams
    /// cannot move between threads): the parts of every file are formatted in parallel, and no
    /// thread ever holds more than one part's tokens and syntax tree.
    Rust {
        /// How many parts there are; at least one.
        parts: usize,
        /// Emits one part.
        emit: EmitPart,
    },
    /// Rust copied verbatim (the runtime templates, formatted by rustfmt in this repository).
    RustVerbatim(&'static str),
    /// `Cargo.toml`.
    Toml(String),
    /// `README.md`.
    Markdown(String),
}

/// Emits part `index` of a Rust file. Most files are written as tokens (`quote!`) and parsed
/// here; `types.rs` builds what it has thousands of (fields, setters) as syntax trees directly.
/// An error is a token stream that does not parse, which is a bug of the generator.
pub type EmitPart = fn(api: &Api, index: usize) -> syn::Result<syn::File>;

impl FileBody {
    /// A Rust file emitted in one piece.
    fn rust(emit: EmitPart) -> Self {
        FileBody::Rust { parts: 1, emit }
    }
}

/// Every file of the crate, in a fixed order.
pub fn emit(api: &Api) -> Result<Vec<EmittedFile>, Error> {
    let manifest = manifest::cargo_toml(api).map_err(|error| Error::Render {
        file: "Cargo.toml".into(),
        message: error.to_string(),
    })?;
    let mut files = vec![
        EmittedFile {
            path: "Cargo.toml",
            body: FileBody::Toml(manifest),
        },
        EmittedFile {
            path: "README.md",
            body: FileBody::Markdown(readme::readme(api)),
        },
        EmittedFile {
            path: "src/lib.rs",
            body: FileBody::rust(|api, _| syn::parse2(lib_rs::lib_rs(api))),
        },
        EmittedFile {
            path: "src/client.rs",
            body: FileBody::rust(|api, _| client::client_rs(api)),
        },
        EmittedFile {
            path: "src/credentials.rs",
            body: FileBody::rust(|api, _| syn::parse2(credentials::credentials_rs(api))),
        },
        EmittedFile {
            path: "src/error.rs",
            body: FileBody::rust(|api, _| syn::parse2(error::error_rs(api))),
        },
        EmittedFile {
            path: "src/operations.rs",
            body: FileBody::rust(|api, _| syn::parse2(operations::operations_rs(api))),
        },
        EmittedFile {
            path: "src/region.rs",
            body: FileBody::rust(|api, _| syn::parse2(region::region_rs(api))),
        },
        EmittedFile {
            path: "src/types.rs",
            body: FileBody::Rust {
                parts: types::parts(api),
                emit: types::types_rs,
            },
        },
    ];
    files.extend(runtime::FILES.iter().map(|(path, source)| EmittedFile {
        path,
        body: FileBody::RustVerbatim(source),
    }));
    let optional_runtime = [
        (
            api.structs().next().is_some(),
            "src/decode.rs",
            runtime::DECODE,
        ),
        (api.uses_files(), "src/file.rs", runtime::FILE),
        (
            api.has_body(|encoding| matches!(encoding, BodyEncoding::Form(_))),
            "src/form.rs",
            runtime::FORM,
        ),
        (
            api.has_body(|encoding| matches!(encoding, BodyEncoding::Multipart(_))),
            "src/multipart.rs",
            runtime::MULTIPART,
        ),
        (
            api.webhook_signature.is_some(),
            "src/webhook.rs",
            runtime::WEBHOOK,
        ),
        (api.writes_styles(), "src/style.rs", runtime::STYLE),
    ];
    files.extend(
        optional_runtime
            .into_iter()
            .filter(|(needed, _, _)| *needed)
            .map(|(_, path, source)| EmittedFile {
                path,
                body: FileBody::RustVerbatim(source),
            }),
    );
    if api.pages() {
        files.push(EmittedFile {
            path: "src/pagination.rs",
            body: FileBody::RustVerbatim(runtime::PAGINATION),
        });
    }
    if api.reads_events() {
        files.push(EmittedFile {
            path: "src/event_stream.rs",
            body: FileBody::RustVerbatim(runtime::EVENT_STREAM),
        });
    }
    if api.reads_json_streams() {
        files.push(EmittedFile {
            path: "src/json_stream.rs",
            body: FileBody::RustVerbatim(runtime::JSON_STREAM),
        });
    }
    if api.webhook_signature.is_some() || !api.event_streams.is_empty() {
        files.push(EmittedFile {
            path: "src/events.rs",
            body: FileBody::rust(|api, _| syn::parse2(events::events_rs(api))),
        });
    }
    if !api.examples.is_empty() {
        files.push(EmittedFile {
            path: "src/spec_examples.rs",
            body: FileBody::rust(|api, _| spec_examples::spec_examples_rs(api)),
        });
        files.push(EmittedFile {
            path: "src/example_check.rs",
            body: FileBody::RustVerbatim(runtime::EXAMPLE_CHECK),
        });
    }
    Ok(files)
}
