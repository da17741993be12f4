//! Selections of the real Intercom specs: every tag of every vendored version generates, the
//! whole specs generate with the expected counts, and a missing tag fails with a message that
//! lists the tags that exist.

use std::collections::BTreeSet;
use std::path::PathBuf;

use codegen_tests::{intercom_config, project_root, whole_spec_config, INTERCOM_SPECS};
use generator::config::SelectionConfig;

#[test]
fn every_tag_of_every_version_generates_valid_rust() {
    let mut generated = 0;
    for spec in INTERCOM_SPECS {
        for tag in tags(spec) {
            let mut config = whole_spec_config(spec);
            config.selection = SelectionConfig {
                tags: vec![tag.clone()],
                ..SelectionConfig::default()
            };
            let generation = generator::generate(&project_root(), &config)
                .unwrap_or_else(|error| panic!("{spec}, tag {tag}: {error}"));
            assert!(
                generation.operations > 0,
                "{spec}, tag {tag}: no operations"
            );
            generated += 1;
        }
    }
    // 2.13's operations carry 25 tags, 2.14's 32 (Custom Channel Events among them), 2.15's 35;
    // counted with Python's YAML parser, independently of the generator.
    assert_eq!(generated, 25 + 32 + 35);
}

#[test]
fn whole_specs_generate_every_operation() {
    let operations: Vec<usize> = INTERCOM_SPECS
        .iter()
        .map(|spec| {
            generator::generate(&project_root(), &whole_spec_config(spec))
                .unwrap_or_else(|error| panic!("{spec}: {error}"))
                .operations
        })
        .collect();
    // The operation counts of shared/specs/README.md; none has a body the client cannot send.
    assert_eq!(operations, [133, 153, 164]);
}

#[test]
fn a_version_without_the_tag_names_it_and_lists_the_tags() {
    let config = intercom_config().with_spec(PathBuf::from("openapi/intercom-2.13.yaml"));
    let error = generator::generate(&project_root(), &config).expect_err("2.13 has no such tag");
    let message = error.to_string();
    assert!(
        message.starts_with(
            "openapi/intercom-2.13.yaml: no operation has the tag `Custom Channel Events`; the tags in this spec are: Admins, "
        ),
        "{message}"
    );
}

/// The tags the operations of a spec carry, read with plain YAML, not the generator.
fn tags(spec: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(project_root().join(spec)).expect("read the spec");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("parse the spec");
    let mut tags = BTreeSet::new();
    for (_, item) in yaml["paths"].as_mapping().expect("paths") {
        for (_, operation) in item.as_mapping().expect("path item") {
            for tag in operation["tags"].as_sequence().into_iter().flatten() {
                tags.extend(tag.as_str().map(str::to_owned));
            }
        }
    }
    tags
}
