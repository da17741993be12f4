//! Real public OpenAPI descriptions from several vendors (`tests/corpus/`, see its
//! `SOURCES.md`), generated as the README's command generates any description:
//! `cargo xtask codegen --spec PATH --all --out DIR`, with the project's `openapi/codegen.toml`
//! in place. Every operation each declares must be generated, and the crates must compile
//! without warnings, doctests included; the descriptions this generator does not read are
//! refused with a message that says why, and nothing is written.
//!
//! The operation counts were made with Python's YAML and JSON parsers, independently of the
//! generator.

use std::path::{Path, PathBuf};

use codegen_tests::{cargo_in_workspace, every_operation_config, project_root};
use generator::spec::Source;
use generator::{Config, Mode};

/// Each valid description, with the number of operations it declares.
const VALID: &[(&str, usize)] = &[
    ("oai/petstore.yaml", 3),
    ("oai/petstore-expanded.yaml", 4),
    ("oai/api-with-examples.yaml", 2),
    ("oai/link-example.yaml", 6),
    ("oai/callback-example.yaml", 1),
    ("oai/uspto.yaml", 3),
    ("swagger-petstore/openapi.yaml", 19),
    ("ory-kratos/api.json", 60),
    ("twilio/twilio_chat_v2.json", 54),
    ("twilio/twilio_api_v2010.json", 197),
    ("box/openapi.json", 296),
];

/// Where a corpus description is, relative to the project root.
fn corpus_path(file: &str) -> PathBuf {
    PathBuf::from("tests/corpus").join(file)
}

/// The config `cargo xtask codegen --spec <corpus file> --all --out <dir>` builds: the settings
/// of the API the description's `title` names in `openapi/codegen.toml` (none of these), and a
/// crate named after the file.
fn config_for(file: &str, title: &str) -> Config {
    let name = format!(
        "corpus-{}",
        file.trim_end_matches(".yaml")
            .trim_end_matches(".json")
            .replace(['/', '_', '.'], "-")
            .to_ascii_lowercase()
    );
    let output = PathBuf::from("target/corpus-crates").join(&name);
    every_operation_config(title, corpus_path(file), &name, output)
}

#[test]
fn every_operation_of_every_description_is_generated_into_a_crate_that_compiles() {
    let root = project_root();
    let workspace = root.join("target/corpus-crates");
    let _ = std::fs::remove_dir_all(&workspace);
    let mut members = Vec::new();
    let mut figures = Vec::new();
    for (file, declared) in VALID {
        let spec = corpus_path(file);
        let source = Source::read(&root.join(&spec), &spec)
            .unwrap_or_else(|error| panic!("{file}: {error}"));
        let config = config_for(file, source.title().unwrap_or_default());
        let generation = generator::generate_source(&root, &config, source)
            .unwrap_or_else(|error| panic!("{file}: {error}"));
        assert_eq!(
            generation.operations, *declared,
            "{file}: every declared operation is generated"
        );
        generator::write(&root.join(&config.output), &generation.files, Mode::Write)
            .unwrap_or_else(|error| panic!("{error}"));
        let lines: usize = generation
            .files
            .iter()
            .map(|file| file.contents.lines().count())
            .sum();
        figures.push(format!(
            "| {file} | {declared} | {} | {} | {} | {lines} |",
            generation.operations,
            generation.types,
            generation.warnings.len()
        ));
        members.push(config.krate.name.to_string());
    }
    println!("| description | operations declared | generated | types | warnings | lines |");
    println!("|---|---|---|---|---|---|");
    for row in &figures {
        println!("{row}");
    }

    let checked = cargo_in_workspace(
        &workspace,
        &members,
        &["check", "--workspace", "--all-targets", "--quiet"],
    );
    assert!(
        checked.status.success(),
        "the corpus crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    // Their docs' examples; their spec_examples tests hold the vendors' examples to their
    // schemas, which is not this test's business.
    let doctests = cargo_in_workspace(&workspace, &members, &["test", "--workspace", "--doc"]);
    assert!(
        doctests.status.success(),
        "the corpus crates' doctests fail:\n{}\n{}",
        String::from_utf8_lossy(&doctests.stdout),
        String::from_utf8_lossy(&doctests.stderr)
    );
}

#[test]
fn descriptions_this_generator_does_not_read_are_refused_and_nothing_is_written() {
    let cases = [
        (
            "ory-kratos/swagger.json",
            "tests/corpus/ory-kratos/swagger.json: unsupported document version: swagger: 2.0; expected an OpenAPI 3.0.x description (`openapi: 3.0.x`)",
        ),
        (
            "sendgrid/oas_v3.json",
            "tests/corpus/sendgrid/oas_v3.json: unsupported document version: openapi: 3.1.0; expected an OpenAPI 3.0.x description (`openapi: 3.0.x`)",
        ),
    ];
    for (file, message) in cases {
        let mut config = config_for(file, "");
        config.output = PathBuf::from("target/corpus-refused");
        let error = generator::generate(&project_root(), &config).expect_err(file);
        assert_eq!(error.to_string(), message);
        assert!(!Path::new(&project_root().join(&config.output)).exists());
    }
}
