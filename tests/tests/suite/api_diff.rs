//! `api-diff`: each kind of change, from one fixture pair, is classified for API clients and for
//! the generated crate as written here by hand; the 2.14 → 2.15 reports are snapshots, with their
//! figures (checked independently with a YAML parser) pinned.

use std::path::{Path, PathBuf};

use codegen_tests::{fixture_config, intercom_config, project_root};
use generator::config::SelectionConfig;
use generator::diff::{api_diff, render, ApiDiff, Semver, Version, Wire};
use generator::Config;

/// `old` → `new` under `config`, with `tags` selected (every operation without).
fn diff_with(mut config: Config, old: &str, new: &str, tags: &[&str]) -> ApiDiff {
    config.selection = SelectionConfig {
        all: tags.is_empty(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..SelectionConfig::default()
    };
    let root = project_root();
    let version = |spec| Version::read(&root, Path::new(spec), &config);
    version(old)
        .and_then(|old| api_diff(&root, old, version(new)?))
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Two versions of the Intercom spec, under the committed config.
fn intercom_diff(old: &str, new: &str, tags: &[&str]) -> ApiDiff {
    diff_with(intercom_config(), old, new, tags)
}

/// The base fixture against one of its variants, every operation selected.
fn fixture_diff(variant: &str) -> ApiDiff {
    let new = format!("tests/fixtures/diff/{variant}.yaml");
    let config = fixture_config(&PathBuf::from(&new));
    diff_with(config, "tests/fixtures/diff/base.yaml", &new, &[])
}

/// The variant makes exactly one change on the wire, classified `wire`, and the generated crate
/// changes with an overall impact of `semver`.
#[track_caller]
fn assert_single_change(variant: &str, what: &str, wire: Wire, semver: Semver) {
    let diff = fixture_diff(variant);
    let [change] = diff.wire.as_slice() else {
        panic!("{variant}: expected one change, got {:#?}", diff.wire);
    };
    assert!(change.what.starts_with(what), "{variant}: {change:?}");
    assert_eq!(change.wire, wire, "{variant}: {change:?}");
    assert_eq!(
        diff.semver(),
        semver,
        "{variant}: {:#?}",
        diff.crate_changes
    );
    insta::assert_snapshot!(format!("api_diff_{variant}"), render(&diff, "0.1.0"));
}

#[test]
fn an_added_operation_is_an_addition_everywhere() {
    assert_single_change("operation_added", "added", Wire::NonBreaking, Semver::Minor);
}

#[test]
fn a_removed_operation_breaks_everyone() {
    assert_single_change(
        "operation_removed",
        "removed",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_new_required_parameter_breaks_callers_and_the_signature() {
    assert_single_change(
        "parameter_added_required",
        "added (required)",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_parameter_made_required_breaks_callers_and_the_signature() {
    assert_single_change(
        "parameter_now_required",
        "now required",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_new_required_request_property_breaks_senders() {
    assert_single_change(
        "request_property_added_required",
        "added (required)",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_new_optional_response_property_is_an_addition_everywhere() {
    // The struct is `#[non_exhaustive]` and gains a setter: no code that uses it breaks.
    assert_single_change(
        "response_property_added_optional",
        "added (optional)",
        Wire::NonBreaking,
        Semver::Minor,
    );
}

#[test]
fn a_removed_response_property_breaks_readers() {
    assert_single_change(
        "response_property_removed",
        "removed",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_type_change_breaks_everyone() {
    assert_single_change(
        "property_type_changed",
        "type `string` → `integer`",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_new_response_enum_value_breaks_readers_but_not_the_forward_compatible_enum() {
    assert_single_change(
        "response_enum_value_added",
        "enum value `archived` added",
        Wire::Breaking,
        Semver::Minor,
    );
}

#[test]
fn a_removed_request_enum_value_breaks_senders_and_the_enum() {
    assert_single_change(
        "request_enum_value_removed",
        "enum value `blue` removed",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_response_property_made_optional_breaks_readers() {
    assert_single_change(
        "response_property_now_optional",
        "now optional",
        Wire::Breaking,
        Semver::Major,
    );
}

/// The variant makes exactly these changes on the wire (each named by the start of its
/// description), and the generated crate changes with an overall impact of `semver`.
#[track_caller]
fn assert_changes(variant: &str, expected: &[(&str, Wire)], semver: Semver) {
    let diff = fixture_diff(variant);
    let found: Vec<(String, Wire)> = diff
        .wire
        .iter()
        .map(|c| (format!("{}: {}", c.subject, c.what), c.wire))
        .collect();
    assert_eq!(found.len(), expected.len(), "{variant}: {found:#?}");
    for (change, (start, wire)) in found.iter().zip(expected) {
        assert!(change.0.starts_with(start), "{variant}: {change:?}");
        assert_eq!(change.1, *wire, "{variant}: {change:?}");
    }
    assert_eq!(
        diff.semver(),
        semver,
        "{variant}: {:#?}",
        diff.crate_changes
    );
    insta::assert_snapshot!(format!("api_diff_{variant}"), render(&diff, "0.1.0"));
}

#[test]
fn a_new_optional_request_property_is_an_addition_everywhere() {
    assert_single_change(
        "request_property_added_optional",
        "added (optional)",
        Wire::NonBreaking,
        Semver::Minor,
    );
}

#[test]
fn a_new_optional_parameter_is_a_setter_more() {
    assert_single_change(
        "parameter_added_optional",
        "added (optional)",
        Wire::NonBreaking,
        Semver::Minor,
    );
}

#[test]
fn a_parameter_of_another_type_breaks_callers_and_the_signature() {
    assert_single_change(
        "parameter_type_changed",
        "type `string` → `integer`",
        Wire::Breaking,
        Semver::Major,
    );
}

#[test]
fn a_new_union_alternative_breaks_readers_but_not_the_forward_compatible_union() {
    assert_changes(
        "union_alternative_added",
        &[
            (
                "schema `attachment`: `oneOf` alternatives changed (2 → 3)",
                Wire::Breaking,
            ),
            ("schema `image`: added", Wire::NonBreaking),
        ],
        Semver::Minor,
    );
}

#[test]
fn a_removed_union_alternative_breaks_everyone() {
    assert_changes(
        "union_alternative_removed",
        &[
            (
                "schema `attachment`: `oneOf` alternatives changed (2 → 1)",
                Wire::Breaking,
            ),
            ("schema `file`: removed", Wire::Breaking),
        ],
        Semver::Major,
    );
}

#[test]
fn removed_types_break_everyone() {
    assert_changes(
        "type_removed",
        &[
            ("schema `attachment`: removed", Wire::Breaking),
            ("schema `file`: removed", Wire::Breaking),
            ("schema `link`: removed", Wire::Breaking),
            (
                "schema `note`, property `attachment`: removed",
                Wire::Breaking,
            ),
        ],
        Semver::Major,
    );
}

#[test]
fn a_description_only_change_is_one_line_and_a_patch() {
    let diff = fixture_diff("description_only");
    assert!(diff.wire.is_empty(), "{:?}", diff.wire);
    assert!(diff.crate_changes.is_empty(), "{:?}", diff.crate_changes);
    assert_eq!(diff.schemas.described, ["note_request"]);
    assert_eq!(diff.semver(), Semver::Patch);
    insta::assert_snapshot!("api_diff_description_only", render(&diff, "0.1.0"));
}

#[test]
fn identical_files_report_no_change() {
    let diff = intercom_diff(
        "openapi/intercom-2.14.yaml",
        "openapi/intercom-2.14.yaml",
        &[],
    );
    assert!(
        diff.wire.is_empty()
            && diff.crate_changes.is_empty()
            && diff.paths.changed.is_empty()
            && diff.schemas.changed.is_empty()
    );
    assert!(!diff.has_breaking());
}

#[test]
fn custom_channel_events_are_unchanged_from_2_14_to_2_15() {
    let diff = intercom_diff(
        "openapi/intercom-2.14.yaml",
        "openapi/intercom-2.15.yaml",
        &["Custom Channel Events"],
    );
    assert!(diff.wire.is_empty(), "{:?}", diff.wire);
    assert!(diff.crate_changes.is_empty(), "{:?}", diff.crate_changes);
    assert!(diff.paths.changed.is_empty() && diff.schemas.changed.is_empty());
    // 2.15 still defaults Intercom-Version to 2.14 and does not list 2.15.
    assert_eq!(diff.warnings.len(), 1);
    insta::assert_snapshot!(
        "api_diff_intercom_2_14_to_2_15_custom_channel_events",
        render(&diff, "0.1.0")
    );
}

#[test]
fn the_whole_spec_from_2_14_to_2_15() {
    let diff = intercom_diff(
        "openapi/intercom-2.14.yaml",
        "openapi/intercom-2.15.yaml",
        &[],
    );
    // Counted independently with Python's YAML parser: 11 paths added and 1 changed (its
    // description only); of the component schemas some operation reaches, 8 added and 11 changed
    // (2 only in descriptions or examples), and 2.15's ninth new schema, `company_note`, which no
    // operation reaches but whose `x-tags: [Notes]` the whole spec selects.
    let counts = |t: &generator::diff::Tally| {
        (
            t.added.len(),
            t.removed.len(),
            t.changed.len(),
            t.described.len(),
        )
    };
    assert_eq!(counts(&diff.paths), (11, 0, 1, 1));
    assert_eq!(counts(&diff.schemas), (9, 0, 11, 2));
    assert_eq!(diff.paths.changed, ["/tickets/{ticket_id}"]);
    assert!(diff.has_breaking());
    assert_eq!(diff.semver(), Semver::Major);
    insta::assert_snapshot!(
        "api_diff_intercom_2_14_to_2_15_whole_spec",
        render(&diff, "0.1.0")
    );
}

#[test]
fn custom_channel_events_were_removed_upstream() {
    let diff = intercom_diff(
        "openapi/intercom-2.14.yaml",
        "openapi/intercom-2.14-8889625.yaml",
        &["Custom Channel Events"],
    );
    let breaking: Vec<&str> = diff
        .wire
        .iter()
        .filter(|change| change.wire == Wire::Breaking)
        .map(|change| change.subject.as_str())
        .collect();
    // The 4 operations and the 4 schemas only they used; `error` stays in the spec.
    assert_eq!(
        breaking,
        [
            "operation `POST /custom_channel_events/notify_attribute_collected`",
            "operation `POST /custom_channel_events/notify_new_conversation`",
            "operation `POST /custom_channel_events/notify_new_message`",
            "operation `POST /custom_channel_events/notify_quick_reply_selected`",
            "schema `custom_channel_attribute`",
            "schema `custom_channel_base_event`",
            "schema `custom_channel_contact`",
            "schema `custom_channel_notification_response`",
        ]
    );
    assert_eq!(diff.semver(), Semver::Major);
    // The crate's customizations target what the new file no longer has.
    assert_eq!(
        diff.warnings,
        [
            "the config's override no type `Error` is generated in the new version",
            "overlay openapi/overlays/custom-channels.yaml: action 1 (target `$.components.schemas.custom_channel_notification_response`) matches nothing in the new version; its customization no longer applies",
        ]
    );
}

/// A webhook pair of `tests/fixtures/diff/webhooks/` (with the signature scheme of its
/// `codegen.toml`): `base` → `variant`.
fn webhook_diff(base: &str, variant: &str) -> ApiDiff {
    let path = |name: &str| format!("tests/fixtures/diff/webhooks/{name}.yaml");
    let config = fixture_config(&PathBuf::from(path(variant)));
    diff_with(config, &path(base), &path(variant), &[])
}

/// The crate changes of `diff` as `item: change (semver)` lines.
fn crate_lines(diff: &ApiDiff) -> Vec<String> {
    diff.crate_changes
        .iter()
        .map(|change| format!("{}: {} ({:?})", change.item, change.what, change.semver))
        .collect()
}

#[test]
fn a_new_webhook_is_an_addition_everywhere() {
    let diff = webhook_diff("base", "webhook_added");
    let wire: Vec<(&str, &str, Wire)> = diff
        .wire
        .iter()
        .map(|c| (c.subject.as_str(), c.what.as_str(), c.wire))
        .collect();
    assert_eq!(
        wire,
        [("webhook `invoiceVoided`", "added", Wire::NonBreaking)]
    );
    assert_eq!(
        crate_lines(&diff),
        ["`Webhooks`, method `verify_invoice_voided`: added (`types::Invoice`) (Minor)"]
    );
    assert_eq!(diff.semver(), Semver::Minor);
}

#[test]
fn a_removed_webhook_or_stream_breaks_its_consumers_and_the_crate() {
    for (base, variant) in [
        ("base", "webhook_removed"),
        ("base_3_1", "webhook_removed_3_1"),
    ] {
        let diff = webhook_diff(base, variant);
        assert!(
            diff.wire
                .iter()
                .any(|c| c.subject == "webhook `invoicePaid`"
                    && c.what == "removed"
                    && c.wire == Wire::Breaking),
            "{variant}: {:#?}",
            diff.wire
        );
        assert!(
            crate_lines(&diff)
                .contains(&"`Webhooks`, method `verify_invoice_paid`: removed (Major)".to_owned()),
            "{variant}: {:#?}",
            diff.crate_changes
        );
        assert_eq!(diff.semver(), Semver::Major, "{variant}");
    }
    for (base, variant) in [
        ("base", "stream_removed"),
        ("base_3_1", "stream_removed_3_1"),
    ] {
        let diff = webhook_diff(base, variant);
        let wire: Vec<(&str, &str, Wire)> = diff
            .wire
            .iter()
            .map(|c| (c.subject.as_str(), c.what.as_str(), c.wire))
            .collect();
        assert_eq!(
            wire,
            [(
                "webhook `orderEvent`",
                "no longer sent over an event stream",
                Wire::Breaking
            )],
            "{variant}"
        );
        // With the crate's only stream goes the error of a stream that is not one.
        assert_eq!(
            crate_lines(&diff),
            [
                "`Error`, variant `InvalidEventStream`: removed (Major)",
                "`Client`, event stream `order_event_stream`: removed (Major)"
            ],
            "{variant}"
        );
    }
}

#[test]
fn a_new_event_in_the_union_is_minor_for_the_crate_and_breaks_exhaustive_consumers() {
    let diff = webhook_diff("base", "event_added");
    assert!(
        diff.wire
            .iter()
            .any(|c| c.subject.starts_with("schema `event`") && c.wire == Wire::Breaking),
        "{:#?}",
        diff.wire
    );
    assert_eq!(diff.semver(), Semver::Minor, "{:#?}", diff.crate_changes);
    assert!(
        crate_lines(&diff).contains(
            &"`types::Event`, variant `Refunded`: added (`types::Refunded`) (Minor)".to_owned()
        ),
        "{:#?}",
        diff.crate_changes
    );
}

#[test]
fn a_changed_signature_scheme_is_major() {
    let root = project_root();
    let spec = PathBuf::from("tests/fixtures/diff/webhooks/base.yaml");
    let old_config = fixture_config(&spec);
    let mut new_config = old_config.clone();
    if let Some(signature) = &mut new_config.webhook_signature {
        signature.header = "X-Orders-Signature".into();
    }
    let diff = Version::read(&root, &spec, &old_config)
        .and_then(|old| api_diff(&root, old, Version::read(&root, &spec, &new_config)?))
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        crate_lines(&diff),
        ["`Webhooks`, signature scheme: header `Webhook-Signature`, HmacSha256 in Hex after `sha256=` → header `X-Orders-Signature`, HmacSha256 in Hex after `sha256=` (Major)"]
    );
    assert_eq!(diff.semver(), Semver::Major);
}

/// An inline-schema pair of `tests/fixtures/diff/inline/`: the base → `variant`.
fn inline_diff(variant: &str) -> ApiDiff {
    let path = |name: &str| format!("tests/fixtures/diff/inline/{name}.yaml");
    let config = fixture_config(&PathBuf::from(path(variant)));
    diff_with(config, &path("base"), &path(variant), &[])
}

/// The wire changes of `diff` as `subject: what (wire)` lines.
fn wire_lines(diff: &ApiDiff) -> Vec<String> {
    diff.wire
        .iter()
        .map(|change| format!("{}: {} ({:?})", change.subject, change.what, change.wire))
        .collect()
}

#[test]
fn a_value_added_to_an_inline_response_enum_is_named_down_to_the_property() {
    let diff = inline_diff("response_enum_value_added");
    assert_eq!(
        wire_lines(&diff),
        ["operation `POST /runs`, response `200`, body, property `status`: enum value `paused` added (Breaking)"]
    );
    assert_eq!(
        crate_lines(&diff),
        ["`types::StartRunResponseStatus`, variant `Paused`: added (`paused`) (Minor)"]
    );
}

#[test]
fn a_keyword_api_diff_does_not_interpret_is_still_named_and_breaking() {
    let diff = inline_diff("request_pattern_added");
    assert_eq!(
        wire_lines(&diff),
        ["operation `POST /runs`, request body, property `name`: `pattern` changed (Breaking)"]
    );
    assert!(diff.crate_changes.is_empty(), "{:?}", diff.crate_changes);
}

#[test]
fn enums_and_required_lists_in_another_order_mean_the_same() {
    let diff = inline_diff("reordered");
    assert!(diff.wire.is_empty(), "{:?}", diff.wire);
    assert!(diff.crate_changes.is_empty(), "{:?}", diff.crate_changes);
    assert_eq!(diff.paths.described, ["/runs"]);
}
