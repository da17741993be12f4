//! `cargo xtask codegen`: regenerates `petstore-client/` from `petstore.yaml`, as your own
//! repository's automation would, with the `generator` library.
//!
//! `cargo xtask codegen --check` writes nothing and fails when the committed crate is stale
//! (run it in CI).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::config::{CrateConfig, SelectionConfig};
use generator::ir::CrateName;
use generator::{Config, Mode};

fn main() -> ExitCode {
    let check = std::env::args().any(|arg| arg == "--check");
    match codegen(check) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("petstore-client is stale: run `cargo xtask codegen`");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Generates the client; `false` when a check found it stale.
fn codegen(check: bool) -> Result<bool, Box<dyn std::error::Error>> {
    // The repository's root, where `cargo xtask` runs from (cargo sets this for `cargo run`).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("the xtask is in a folder of the repository")?
        .to_path_buf();
    let krate = CrateConfig {
        name: CrateName::parse("petstore-client")?,
        version: "0.1.0".into(),
    };
    let every_operation = SelectionConfig {
        all: true,
        ..SelectionConfig::default()
    };
    let mut config = Config::new(
        PathBuf::from("petstore.yaml"),
        PathBuf::from("petstore-client"),
        krate,
        every_operation,
    );
    config.command = "cargo xtask codegen".into();
    let generation = generator::generate(&root, &config)?;
    for warning in &generation.warnings {
        eprintln!("warning: {warning}");
    }
    let mode = if check { Mode::Check } else { Mode::Write };
    let report = generator::write(&root.join(&config.output), &generation.files, mode)?;
    eprintln!(
        "{} operations, {} types: {} files changed",
        generation.operations,
        generation.types,
        report.changed.len()
    );
    Ok(report.is_clean() || !check)
}
