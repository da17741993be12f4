//! Whole-API crates beside openapi-generator's `rust` crate for the same description, run by
//! `cargo xtask bench-compare` (or alone with `--whole-api`). Target: ours no slower to check
//! and to build than openapi-generator's, in every round, wherever its crate compiles.
//!
//! Both generators read each description as it is (ours with no config, every operation). Each
//! tool's crates share a target directory where their dependencies are built and checked once
//! (a check reads metadata a build does not leave). Then, in
//! each round and for each tool in turn (the order alternating), the crate alone is checked and
//! built from scratch: its `lib.rs` touched, incremental compilation off, as the one-tag
//! measurement does (`tags.rs`). The dependencies differ (openapi-generator's reqwest speaks
//! native TLS, ours rustls) but are the same for every description; what a description changes
//! is the crate's own code. The dependencies' clean build is measured like for like beside
//! progenitor's (`compare.rs`).

use std::path::Path;

use super::compare::{cargo_with, duration, run_tool, rust_lines};
use super::tags::touch;

/// Rounds per description (a round checks and builds two crates of up to 100,000 lines).
const ROUNDS: usize = 2;

/// The descriptions: the largest of the corpus whose openapi-generator crate compiles, and the
/// whole Intercom 2.16 API. (Stripe's, OpenAI's, Kubernetes' and Square's do not: see
/// BENCHMARKS.md.)
const INPUTS: [&str; 5] = [
    "tests/corpus/vault/openapi.json",
    "tests/corpus/coolify/openapi.yaml",
    "tests/corpus/svix/lib-openapi.json",
    "tests/corpus/influxdb/oss.yml",
    "openapi/intercom-2.16.yaml",
];

/// The tools compared, as `run_tool` names them.
const TOOLS: [&str; 2] = ["ours", "openapi-generator"];

pub fn run(root: &Path) -> anyhow::Result<()> {
    super::compare::ensure_tools()?;
    let scratch = std::env::temp_dir().join("xtask-bench-whole-api");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)?;
    println!("\n## Whole-API crates beside openapi-generator's ({ROUNDS} rounds per description, tools alternated; the crate alone, its dependencies built)\n");
    println!("| description | round | ours: check | theirs: check | ÷ (≤ 1) | ours: build | theirs: build | ÷ (≤ 1) |\n|---|---|---|---|---|---|---|---|");
    let mut sizes = Vec::new();
    let mut check_ratios = Vec::new();
    let mut build_ratios = Vec::new();
    for input in INPUTS {
        let crates = TOOLS.map(|tool| scratch.join(format!("{tool}-{}", file_stem(input))));
        let targets = TOOLS.map(|tool| scratch.join(format!("target-{tool}")));
        let cargo = |tool: usize, args: &[&str]| {
            cargo_with(
                &crates[tool],
                &targets[tool],
                args,
                &[("CARGO_INCREMENTAL", "0")],
            )
        };
        let mut failure = None;
        for (tool, name) in TOOLS.iter().enumerate() {
            // A check reads its dependencies' metadata, which a build does not leave: both are
            // made before any round.
            let built = run_tool(root, name, &root.join(input), &crates[tool])
                .map_err(anyhow::Error::msg)
                .and_then(|_| cargo(tool, &["build", "--quiet"]))
                .and_then(|_| cargo(tool, &["check", "--quiet"]));
            if let Err(why) = built {
                failure.get_or_insert(format!("{name}: {why}"));
            }
        }
        sizes.push((
            input,
            crates.each_ref().map(|dir| rust_lines(&dir.join("src"))),
        ));
        if let Some(why) = failure {
            println!("| `{input}` | – | {why} | | | | | |");
            continue;
        }
        for round in 0..ROUNDS {
            let mut times = [(0.0, 0.0); 2];
            for offset in 0..TOOLS.len() {
                let tool = (round + offset) % TOOLS.len();
                let lib = crates[tool].join("src/lib.rs");
                touch(&lib)?;
                let check = cargo(tool, &["check", "--quiet"])?;
                touch(&lib)?;
                let build = cargo(tool, &["build", "--quiet"])?;
                times[tool] = (check, build);
            }
            let [(ours_check, ours_build), (their_check, their_build)] = times;
            check_ratios.push(ours_check / their_check);
            build_ratios.push(ours_build / their_build);
            println!(
                "| `{input}` | {} | {} | {} | {:.2} | {} | {} | {:.2} |",
                round + 1,
                duration(ours_check),
                duration(their_check),
                ours_check / their_check,
                duration(ours_build),
                duration(their_build),
                ours_build / their_build
            );
        }
    }
    println!("\n| description | lines of Rust, ours | lines of Rust, openapi-generator's |\n|---|---|---|");
    for (input, [ours, theirs]) in sizes {
        println!("| `{input}` | {ours} | {theirs} |");
    }
    println!();
    super::verdict(
        "`cargo check` of the crate ≤ 1× openapi-generator's",
        &check_ratios,
        1.0,
    );
    super::verdict(
        "build of the crate ≤ 1× openapi-generator's",
        &build_ratios,
        1.0,
    );
    Ok(())
}

/// `vault-openapi` for `tests/corpus/vault/openapi.json`: a folder name per description.
fn file_stem(input: &str) -> String {
    let path = Path::new(input);
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{parent}-{stem}")
}
