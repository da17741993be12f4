//! The committed crates in `generated-client/` are exactly what the generator makes from
//! `openapi/codegen.toml`, and making one twice gives the same bytes. A plain `cargo test`
//! therefore catches a stale client, without running the xtask.

use codegen_tests::{generate, intercom_config, project, project_root};
use generator::Mode;

#[test]
fn committed_clients_are_fresh() {
    let configs = project().crates();
    assert_eq!(configs.len(), 3, "every configured crate is checked");
    for config in configs {
        let generation = generate(&config);
        let report = generator::write(
            &project_root().join(&config.output),
            &generation.files,
            Mode::Check,
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert!(
            report.is_clean(),
            "{} is stale (changed: {:?}, no longer generated: {:?}); run `cargo xtask codegen`",
            config.output.display(),
            report.changed,
            report.removed
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let config = intercom_config();
    let first = generate(&config);
    let second = generate(&config);
    assert_eq!(first.files, second.files);
}

#[test]
fn selection_reaches_exactly_what_the_operations_use() {
    let generation = generate(&intercom_config());
    let types = generation
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types.rs is generated");
    let mut names: Vec<&str> = types
        .contents
        .lines()
        .filter_map(|line| {
            line.strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
        })
        .map(|rest| rest.trim_end_matches(" {"))
        .collect();
    names.sort_unstable();
    // The 4 operations reach these components (custom_channel_attribute, _base_event, _contact,
    // _notification_response, error) and inline schemas, and nothing else of the 232.
    assert_eq!(
        names,
        [
            "CustomChannelAttribute",
            "CustomChannelBaseEvent",
            "CustomChannelContact",
            "CustomChannelContactType",
            "CustomChannelNotificationResponse",
            "ErrorErrorsItem",
            "ErrorList",
            "NotifyAttributeCollectedRequest",
            "NotifyNewMessageRequest",
            "NotifyQuickReplySelectedRequest",
        ]
    );
}

/// The runtime templates are copied verbatim into every generated crate, whose files
/// `cargo fmt --check` checks in this workspace; a template rustfmt would change makes the
/// committed client and a fresh generation disagree. (Templates are not a crate of the
/// workspace, so `cargo fmt` does not reach them.)
#[test]
fn runtime_templates_are_formatted_as_rustfmt_formats_them() {
    let templates = project_root().join("generator/templates");
    let mut files: Vec<_> = std::fs::read_dir(&templates)
        .unwrap_or_else(|error| panic!("{}: {error}", templates.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .collect();
    files.sort();
    let output = std::process::Command::new("rustfmt")
        .args(["--edition", "2021", "--check"])
        .args(&files)
        .output()
        .expect("rustfmt runs (rustup component add rustfmt)");
    assert!(
        output.status.success(),
        "run `rustfmt --edition 2021 generator/templates/*.rs`:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
