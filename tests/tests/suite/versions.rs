//! One API written as OpenAPI 3.0, as 3.1 (type lists for `nullable`, `const`, `examples`) and
//! as Swagger 2.0 (`definitions`, a body and `formData` parameters, `collectionFormat`,
//! `x-nullable`, `host` and `basePath`) generates the same crate, file by file: each version is
//! read into the one model by its own rules, and nothing after reading it asks which it was.
//! Only the lines that name the spec file (the `@generated` header, the crate's description and
//! docs) or pin its hash differ.

use std::path::PathBuf;

use codegen_tests::{fixture_config, generate, project_root};

fn generated(file: &str) -> Vec<(String, String)> {
    let spec = format!("tests/fixtures/versions/{file}");
    let mut config = fixture_config(&project_root().join(&spec));
    config.krate.name = generator::ir::CrateName::parse("fixture-versions")
        .unwrap_or_else(|error| panic!("{error}"));
    config.output = PathBuf::from("target/fixture-crates/versions");
    generate(&config)
        .files
        .into_iter()
        .map(|file| {
            let body = file
                .contents
                .lines()
                .filter(|line| !line.contains("@generated") && !line.starts_with("sha256 = "))
                .collect::<Vec<_>>()
                .join("\n")
                .replace(&spec, "SPEC");
            (file.path.to_owned(), body)
        })
        .collect()
}

#[test]
fn one_api_in_three_versions_generates_one_crate() {
    let reference = generated("openapi-3.0.yaml");
    assert!(reference.len() > 10, "a whole crate: {}", reference.len());
    for other in ["openapi-3.1.yaml", "swagger-2.0.yaml"] {
        let files = generated(other);
        assert_eq!(
            files.iter().map(|(path, _)| path).collect::<Vec<_>>(),
            reference.iter().map(|(path, _)| path).collect::<Vec<_>>(),
            "{other} generates other files"
        );
        for ((path, expected), (_, actual)) in reference.iter().zip(&files) {
            assert_eq!(
                actual, expected,
                "{other}: {path} differs from the 3.0 crate's"
            );
        }
    }
}
