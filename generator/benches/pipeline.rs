//! Generation speed, stage by stage, for the Custom Channel Events selection and for the whole
//! Intercom 2.14 spec, beside the floor: parsing the YAML alone into `openapiv3::OpenAPI`.
//!
//! `cargo bench -p generator`; results and how they compare are in BENCHMARKS.md.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use generator::config::{Project, SelectionConfig};
use generator::{emit, lower, render, select, spec, Config};

/// The workspace root, found at run time (cargo sets `CARGO_MANIFEST_DIR` for benchmarks).
fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo bench");
    Path::new(&manifest_dir).join("..")
}

fn spec_bytes() -> Vec<u8> {
    std::fs::read(root().join("openapi/intercom-2.14.yaml")).expect("the vendored spec")
}

/// The committed config of the Custom Channel Events crate, as `cargo xtask codegen` runs it
/// (overlays and example mismatches included), selecting every operation when `all`.
fn config(all: bool) -> Config {
    let project =
        Project::from_file(&root().join("openapi/codegen.toml")).expect("the codegen config");
    let mut config = project
        .crate_config("intercom-custom-channels")
        .expect("the crate is configured");
    if all {
        config.selection = SelectionConfig {
            all: true,
            ..SelectionConfig::default()
        };
    }
    config
}

fn stages(c: &mut Criterion) {
    let bytes = spec_bytes();
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let display = Path::new("openapi/intercom-2.14.yaml");
    let none = BTreeMap::new();

    c.bench_function("floor: serde_yaml into openapiv3::OpenAPI (2.14)", |b| {
        b.iter(|| {
            black_box(serde_yaml::from_str::<openapiv3::OpenAPI>(black_box(text)).expect("parses"))
        })
    });
    // End to end first, while the process holds nothing else: the stage benchmarks below keep a
    // parsed spec and its lowered model alive, and the larger heap that leaves slows every later
    // allocation-heavy measurement (Custom Channel Events end to end took 40 ms there, 34 here).
    for (label, all) in [("custom channel events", false), ("whole spec", true)] {
        let config = config(all);
        // Everything `cargo xtask codegen` does but write: read the file, apply the overlay,
        // check the example mismatches, and the stages.
        c.bench_function(&format!("end to end ({label})"), |b| {
            b.iter(|| black_box(generator::generate(&root(), &config).expect("generates")))
        });
    }
    c.bench_function("load (2.14)", |b| {
        b.iter(|| black_box(spec::parse(black_box(&bytes), display).expect("loads")))
    });

    let spec = spec::parse(&bytes, display).expect("loads");
    for (label, all) in [("custom channel events", false), ("whole spec", true)] {
        let config = config(all);
        let version_header = config.client.api_version_header.as_deref();
        let select = || select::select(&spec, &config.selection, version_header).expect("selects");
        c.bench_function(&format!("select ({label})"), |b| {
            b.iter(|| black_box(select()))
        });
        let selection = select();
        c.bench_function(&format!("lower ({label})"), |b| {
            b.iter(|| black_box(lower::lower(&spec, &selection, &config, &none).expect("lowers")))
        });
        let lowered = lower::lower(&spec, &selection, &config, &none).expect("lowers");
        // Render emits each file's tokens on the thread that formats it.
        c.bench_function(&format!("emit + render ({label})"), |b| {
            b.iter_batched(
                || emit::emit(&lowered.api).expect("emits"),
                |files| black_box(render::render(files, &lowered.api).expect("renders")),
                criterion::BatchSize::SmallInput,
            )
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
