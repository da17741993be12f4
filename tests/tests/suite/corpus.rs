//! Real public API descriptions of many vendors (`tests/corpus/`, see its `SOURCES.md`), in
//! every version the generator reads, generated as the README's command generates any
//! description: `cargo xtask codegen --spec PATH --all --out DIR`, with the project's
//! `openapi/codegen.toml` in place. Every operation each declares must be generated, and the
//! crates must compile without warnings, doctests included.
//!
//! The descriptions and the operations each declares (counted by `tests/corpus/count.py`, with
//! Python's YAML and JSON readers, independently of the generator) are listed in
//! `tests/corpus/corpus.toml`. This test runs the ones marked `ci`; `cargo xtask corpus` runs
//! every one, the largest too, and writes `tests/corpus/REPORT.md`.

use std::path::PathBuf;

use codegen_tests::{cargo_in_workspace, every_operation_config, project_root};
use generator::spec::Source;
use generator::{Config, Mode};

/// Every description, with the number of operations each declares and whether CI runs it.
fn descriptions() -> Vec<(String, usize, bool)> {
    let path = project_root().join("tests/corpus/corpus.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{error}"));
    let manifest: toml::Table = toml::from_str(&text).unwrap_or_else(|error| panic!("{error}"));
    let entries = manifest["description"]
        .as_array()
        .expect("a list of descriptions");
    entries
        .iter()
        .map(|entry| {
            let file = entry["file"].as_str().expect("a file").to_owned();
            let operations = entry["operations"].as_integer().expect("a count");
            let ci = entry["ci"].as_bool().expect("a flag");
            (file, usize::try_from(operations).expect("a count"), ci)
        })
        .collect()
}

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
            .trim_end_matches(".yml")
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
    let all = descriptions();
    assert!(all.len() >= 30, "{} descriptions", all.len());
    let mut members = Vec::new();
    let mut figures = Vec::new();
    for (file, declared, _) in all.iter().filter(|(_, _, ci)| *ci) {
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
fn a_description_of_several_files_is_refused_at_each_reference_and_nothing_is_written() {
    let file = "sendgrid/oas_v3.json";
    let mut config = config_for(file, "");
    config.output = PathBuf::from("target/corpus-refused");
    let error = generator::generate(&project_root(), &config).expect_err(file);
    let message = error.to_string();
    assert!(
        message.starts_with("tests/corpus/sendgrid/oas_v3.json: 224 problems:\n  at #/paths/~1v3~1mail~1send: `$ref: ./spec/paths/mail_send/mail_send.json#/mail_send` points outside this document; external references are not supported, bundle the spec into one file first\n"),
        "{message}"
    );
    assert!(!project_root().join(&config.output).exists());
}
