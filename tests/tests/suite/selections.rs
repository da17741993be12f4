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
fn the_readme_states_the_whole_2_14_figures_as_generated() {
    let generation = generator::generate(
        &project_root(),
        &whole_spec_config("openapi/intercom-2.14.yaml"),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let readme = std::fs::read_to_string(project_root().join("README.md")).expect("README");
    let claim = format!(
        "generates {} operations and {} types with {} warnings.",
        generation.operations,
        generation.types,
        generation.warnings.len()
    );
    assert!(
        readme.replace('\n', " ").contains(&claim),
        "README.md should say that the whole 2.14 spec {claim}"
    );
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

#[test]
fn prune_keeps_exactly_the_selection_and_what_it_reaches() {
    let spec = generator::spec::load(
        &project_root().join("openapi/intercom-2.14.yaml"),
        std::path::Path::new("openapi/intercom-2.14.yaml"),
    )
    .expect("loads");
    let criteria = SelectionConfig {
        tags: vec!["Custom Channel Events".to_owned()],
        ..SelectionConfig::default()
    };
    let pruned = generator::prune::prune(&spec, &criteria).expect("prunes");
    let paths: Vec<&str> = pruned.paths.paths.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "/custom_channel_events/notify_new_conversation",
            "/custom_channel_events/notify_new_message",
            "/custom_channel_events/notify_quick_reply_selected",
            "/custom_channel_events/notify_attribute_collected"
        ]
    );
    let components = pruned.components.as_ref().expect("components are kept");
    let sorted = |keys: Vec<&String>| {
        let mut keys: Vec<String> = keys.into_iter().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        sorted(components.schemas.keys().collect()),
        [
            "custom_channel_attribute",
            "custom_channel_base_event",
            "custom_channel_contact",
            "custom_channel_notification_response",
            "error"
        ]
    );
    assert_eq!(
        sorted(components.responses.keys().collect()),
        [
            "BadRequest",
            "CustomChannelNotificationSuccess",
            "ObjectNotFound",
            "Unauthorized",
            "ValidationError"
        ]
    );
    // The pruned spec is itself a spec the generator accepts, with the same 4 operations.
    let text = serde_yaml::to_string(&pruned).expect("yaml");
    let reparsed = generator::spec::parse(text.as_bytes(), std::path::Path::new("pruned.yaml"))
        .expect("parses");
    let mut config = codegen_tests::intercom_config();
    config.overlays.clear();
    config.example_mismatches = None;
    let generation =
        generator::generate_from(&project_root(), &config, reparsed).expect("generates");
    assert_eq!(generation.operations, 4);
}

#[test]
fn prune_selects_by_operation_id_too() {
    let spec = generator::spec::load(
        &project_root().join("openapi/intercom-2.14.yaml"),
        std::path::Path::new("openapi/intercom-2.14.yaml"),
    )
    .expect("loads");
    let criteria = SelectionConfig {
        operations: vec!["notifyNewMessage".to_owned()],
        ..SelectionConfig::default()
    };
    let pruned = generator::prune::prune(&spec, &criteria).expect("prunes");
    let paths: Vec<&str> = pruned.paths.paths.keys().map(String::as_str).collect();
    assert_eq!(paths, ["/custom_channel_events/notify_new_message"]);
    let operations: Vec<_> = pruned
        .paths
        .paths
        .values()
        .flat_map(|item| {
            item.as_item()
                .into_iter()
                .flat_map(|item| item.iter().map(|(method, _)| method))
        })
        .collect();
    assert_eq!(operations, ["post"]);
}

#[test]
fn generating_2_15_warns_that_its_version_header_schema_lags_behind() {
    let config = intercom_config().with_spec(PathBuf::from("openapi/intercom-2.15.yaml"));
    let generation = generator::generate(&project_root(), &config).expect("2.15 generates");
    let warnings: Vec<String> = generation
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        ["at #/components/schemas/intercom_version: the `Intercom-Version` header's schema defaults to `2.14` and does not list `2.15`, but info.version is `2.15`; the client sends `2.15`"]
    );
    let lib = &generation
        .files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("lib.rs")
        .contents;
    assert!(
        lib.contains("pub const API_VERSION: &str = \"2.15\";"),
        "the client pins info.version"
    );
    // 2.14's schema agrees with its info.version.
    assert!(codegen_tests::generate(&intercom_config())
        .warnings
        .is_empty());
}
