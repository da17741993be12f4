//! Stage 4, **emit**: the model → one token stream (or text) per file of the generated crate.
//!
//! One function per kind of item. Identifiers go through `format_ident!`/`syn` and spec text
//! only ever lands in `#[doc = ...]` attributes and string literals, so nothing from the spec can
//! become code. The static runtime (client builder, retries, errors) is ordinary Rust kept in
//! `generator/templates/` and copied as is.

mod client;
mod docs;
mod example;
mod lib_rs;
mod manifest;
mod readme;
mod region;
mod runtime;
mod spec_examples;
mod type_ref;
mod types;

use proc_macro2::TokenStream;

use crate::ir::Api;
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
    /// Rust to format with prettyplease, from the function that emits its tokens. Render calls
    /// it on the thread that formats the file (token streams cannot move between threads), so
    /// the files are emitted and formatted in parallel.
    Rust(fn(&Api) -> TokenStream),
    /// Rust copied verbatim (the runtime templates, formatted by rustfmt in this repository).
    RustVerbatim(&'static str),
    /// `Cargo.toml`.
    Toml(String),
    /// `README.md`.
    Markdown(String),
}

/// Every file of the crate, in a fixed order.
pub fn emit(api: &Api) -> Result<Vec<EmittedFile>, Error> {
    let manifest = manifest::cargo_toml(&api.meta).map_err(|error| Error::Render {
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
            body: FileBody::Rust(lib_rs::lib_rs),
        },
        EmittedFile {
            path: "src/client.rs",
            body: FileBody::Rust(client::client_rs),
        },
        EmittedFile {
            path: "src/region.rs",
            body: FileBody::Rust(|api| region::region_rs(&api.servers)),
        },
        EmittedFile {
            path: "src/types.rs",
            body: FileBody::Rust(types::types_rs),
        },
    ];
    files.extend(runtime::FILES.iter().map(|(path, source)| EmittedFile {
        path,
        body: FileBody::RustVerbatim(source),
    }));
    if !api.examples.is_empty() {
        files.push(EmittedFile {
            path: "src/spec_examples.rs",
            body: FileBody::Rust(spec_examples::spec_examples_rs),
        });
        files.push(EmittedFile {
            path: "src/example_check.rs",
            body: FileBody::RustVerbatim(runtime::EXAMPLE_CHECK),
        });
    }
    Ok(files)
}
