//! Snapshots of generated code, one named snapshot per generated file that depends on the spec,
//! so a diff shows which file changed. Review with `cargo insta review`; under `CI=true` a
//! mismatch fails.

use codegen_tests::{
    fin_agent_config, fixture_config, generate, intercom_config, is_spec_dependent,
    whole_intercom_config,
};

#[test]
fn fixture_specs() {
    insta::glob!("../../fixtures", "*.yaml", |path| {
        let generation = generate(&fixture_config(path));
        for file in generation.files.iter().filter(|f| is_spec_dependent(f)) {
            insta::assert_snapshot!(file.path.replace('/', "_"), file.contents);
        }
        // What each fixture approximates or leaves out, with its pointer.
        let warnings: Vec<String> = generation
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        insta::assert_snapshot!("warnings", warnings.join("\n"));
    });
}

#[test]
fn intercom_custom_channel_events() {
    let generation = generate(&intercom_config());
    assert!(generation.warnings.is_empty(), "{:?}", generation.warnings);
    for file in generation.files.iter().filter(|f| is_spec_dependent(f)) {
        let name = format!("intercom__{}", file.path.replace('/', "_"));
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn intercom_fin_agent() {
    let generation = generate(&fin_agent_config());
    assert!(generation.warnings.is_empty(), "{:?}", generation.warnings);
    for file in generation.files.iter().filter(|f| is_spec_dependent(f)) {
        let name = format!("fin_agent__{}", file.path.replace('/', "_"));
        insta::assert_snapshot!(name, file.contents);
    }
}

/// The whole-API crate: every file, and what the generation approximates or infers (the lists
/// it pages without a declaration in the config, each for a maintainer to confirm).
#[test]
fn intercom_whole_api() {
    let generation = generate(&whole_intercom_config());
    for file in generation.files.iter().filter(|f| is_spec_dependent(f)) {
        let name = format!("intercom_whole__{}", file.path.replace('/', "_"));
        insta::assert_snapshot!(name, file.contents);
    }
    let warnings: Vec<String> = generation
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!("intercom_whole__warnings", warnings.join("\n"));
}
