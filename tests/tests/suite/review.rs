//! A maintainer reviews regenerations file by file, so a file's text changes only when what it
//! says changes: the spec's version and hash are pinned once, in `Cargo.toml`, and the other
//! files' headers name only the command and the spec's path.

use std::path::Path;

use codegen_tests::{intercom_config, project_root};
use generator::spec::Source;

#[test]
fn a_one_word_change_of_one_operation_changes_only_the_files_that_say_it() {
    let root = project_root();
    let config = intercom_config();
    let spec = std::fs::read_to_string(root.join(&config.spec)).expect("the spec");
    let edited = spec.replacen(
        "Notifies Intercom that a new message was sent in a conversation",
        "Tells Intercom that a new message was sent in a conversation",
        1,
    );
    assert_ne!(edited, spec, "the description was found");
    let generate = |text: &str| {
        let source = Source::parse(
            text.as_bytes().to_vec(),
            Path::new("openapi/intercom-2.14.yaml"),
        )
        .unwrap_or_else(|error| panic!("{error}"));
        generator::generate_source(&root, &config, source)
            .unwrap_or_else(|error| panic!("{error}"))
            .files
    };
    let (before, after) = (generate(&spec), generate(&edited));
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(old, new)| old.contents != new.contents)
        .map(|(old, _)| old.path.as_str())
        .collect();
    // The method's docs, and the hash that pins the spec.
    assert_eq!(changed, ["Cargo.toml", "src/client.rs"]);
}
