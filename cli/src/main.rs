//! `openapi-client-codegen`: generates a typed async Rust client crate from an API description
//! in any repository, with or without a config file.
//!
//! ```text
//! openapi-client-codegen --spec api.yaml --all --out my-client [--crate-name my-client]
//! openapi-client-codegen --spec api.yaml --tag Pets --operation getUser --out my-client
//! openapi-client-codegen --config codegen.toml                # every crate it describes
//! openapi-client-codegen --config codegen.toml --check        # exit 1 when one is stale
//! ```
//!
//! Install it with `cargo install --git <this repository> --locked openapi-client-codegen`.

use std::process::ExitCode;

use clap::Parser;
use openapi_client_codegen::{codegen, CodegenArgs};

/// See `generator`'s allocator note in xtask: generation allocates and frees many small trees.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates a typed async Rust client crate from an OpenAPI description.
#[derive(Parser)]
#[command(name = "openapi-client-codegen", version, about)]
struct Cli {
    #[command(flatten)]
    codegen: CodegenArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = std::env::current_dir()
        .map_err(anyhow::Error::from)
        .and_then(|root| codegen(&root, &cli.codegen, None, "openapi-client-codegen"));
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
