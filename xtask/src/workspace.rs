//! Where the checkout is and which `cargo` runs it, both found at run time.
//!
//! `env!("CARGO_MANIFEST_DIR")` would bake in the path of whichever checkout built the binary,
//! and cargo reuses a build across checkouts that share a target directory (the hash of a path
//! package is taken relative to its workspace, so two clones build to the same artifact): run
//! in checkout B, such a binary read and regenerated checkout A. `cargo run` (the `xtask` alias)
//! sets `CARGO_MANIFEST_DIR` in the environment to the xtask folder of the checkout it runs in;
//! started directly, the binary looks upward from the working directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

/// The root of the checkout this command works on.
pub fn project_root() -> anyhow::Result<PathBuf> {
    if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let manifest_dir = PathBuf::from(manifest_dir);
        return Ok(manifest_dir.parent().unwrap_or(&manifest_dir).to_path_buf());
    }
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    cwd.ancestors()
        .find(|dir| is_project_root(dir))
        .map(Path::to_path_buf)
        .with_context(|| {
            format!(
                "{} is not inside this project (no ancestor holds xtask/Cargo.toml); run `cargo xtask` from the checkout",
                cwd.display()
            )
        })
}

fn is_project_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("xtask/Cargo.toml").is_file()
}

/// A `cargo` command: the one that runs this xtask (`CARGO`), else the one on `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The crate the benchmarks measure: the Custom Channel Events client, as configured in
/// `openapi/codegen.toml`.
pub fn benchmarked_crate(root: &Path) -> anyhow::Result<generator::Config> {
    let project = generator::config::Project::from_file(&root.join("openapi/codegen.toml"))?;
    Ok(project.crate_config("intercom-custom-channels")?)
}
