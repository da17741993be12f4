//! Customizations that survive regeneration: an OpenAPI Overlay and `codegen.toml` overrides
//! change the generated code without touching the spec, and a customization whose target is
//! gone fails the generation with a message that says which and what exists instead.

use std::path::{Path, PathBuf};

use codegen_tests::{customization_config, generate, intercom_config, project_root};
use generator::config::Project;
use generator::Config;

/// The customization fixture's crate, configured by `text` instead of its file.
fn customization_from(text: &str) -> Config {
    let path = Path::new("tests/fixtures/customization/codegen.toml");
    Project::from_toml(text, path)
        .and_then(|project| project.crate_config("fixture-customization"))
        .unwrap_or_else(|error| panic!("{error}"))
}

fn file<'g>(generation: &'g generator::Generation, path: &str) -> &'g str {
    &generation
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path}"))
        .contents
}

#[test]
fn every_kind_of_customization_takes_effect() {
    let generation = generate(&customization_config());
    let types = file(&generation, "src/types.rs");
    let client = file(&generation, "src/client.rs");
    let manifest = file(&generation, "Cargo.toml");
    // Overlay: a property removed, a description added.
    assert!(!types.contains("internal_notes"), "{types}");
    assert!(types.contains("/// What the server answers."), "{types}");
    // Overrides: type renamed with extra derives; field renamed (JSON key kept) and optional;
    // variant renamed (wire value kept); method renamed; `format: uuid` mapped to uuid::Uuid.
    assert!(
        types
            .contains("serde::Serialize, Eq, Hash)]\n#[non_exhaustive]\npub struct EventReceipt {"),
        "{types}"
    );
    assert!(
        types.contains("let mut intercom_contact_id = crate::decode::Slot::new(\"contact_id\");")
            && types.contains("\"contact_id\" => intercom_contact_id.read(&mut map)?,"),
        "{types}"
    );
    assert!(types.contains("    #[serde(rename = \"contact_id\")]\n    #[serde(skip_serializing_if = \"::std::option::Option::is_none\")]\n    pub intercom_contact_id: ::std::option::Option<::std::string::String>,"), "{types}");
    assert!(
        types.contains("    #[serde(rename = \"lead\")]\n    Visitor,"),
        "{types}"
    );
    assert!(
        types.contains("pub id: uuid::Uuid,") && types.contains("pub event_id: uuid::Uuid,"),
        "{types}"
    );
    assert!(client.contains("pub fn send_event("), "{client}");
    // A former name kept as a deprecated alias.
    assert!(
        types.contains("#[deprecated(note = \"renamed to `EventReceipt`\")]\npub type NotificationReceipt = EventReceipt;"),
        "{types}"
    );
    // Docs that link to a renamed type link to its new name.
    assert!(
        types.contains("/// The `kind` field ([`ContactKind`]).") && !types.contains("EventKind"),
        "{types}"
    );
    assert!(
        manifest.contains("[dependencies.uuid]\nversion = \"1\"\nfeatures = [\"serde\"]"),
        "{manifest}"
    );
    for path in ["src/types.rs", "src/client.rs", "Cargo.toml"] {
        insta::assert_snapshot!(
            format!("customization__{}", path.replace('/', "_")),
            file(&generation, path)
        );
    }
}

#[test]
fn the_intercom_overlay_documents_the_notification_response() {
    let with = generate(&intercom_config());
    let mut config = intercom_config();
    config.overlays.clear();
    let without = generate(&config);
    let sentence = "/// Intercom's answer to a custom channel notification";
    assert!(file(&with, "src/types.rs").contains(sentence));
    assert!(!file(&without, "src/types.rs").contains(sentence));
}

#[test]
fn a_stale_override_fails_with_close_matches() {
    let text =
        std::fs::read_to_string(project_root().join("tests/fixtures/customization/codegen.toml"))
            .expect("read");
    let stale = text
        .replace("overrides.types.Receipt]", "overrides.types.Reciept]")
        .replace("\"EventKind.Lead\"", "\"EventKind.Leed\"")
        .replace(
            "overrides.methods.notify_event]",
            "overrides.methods.notify_events]",
        )
        .replace("overrides.formats.uuid]", "overrides.formats.date-time]");
    let config = customization_from(&stale);
    let error = generator::generate(&project_root(), &config).expect_err("stale overrides");
    insta::assert_snapshot!("customization__stale_overrides", error.to_string());
    let mut config =
        customization_from(&text.replace("overrides.formats.uuid]", "overrides.formats.ignored]"));
    config.overrides.types.clear();
    let error = generator::generate(&project_root(), &config).expect_err("unused format");
    assert_eq!(
        error.to_string(),
        "tests/fixtures/customization/codegen.toml: [overrides]: no string schema of the selection has the format `ignored`"
    );
}

/// A former name becomes a `pub type`: one that a type or another alias already has would not
/// compile, so it is refused like a rename to a taken name.
#[test]
fn a_former_name_that_is_taken_is_refused() {
    let text =
        std::fs::read_to_string(project_root().join("tests/fixtures/customization/codegen.toml"))
            .expect("read");
    // `EventKind` comes first: its aliases are taken when `Receipt`'s are checked.
    let clashing = text.replace(
        "rename = \"ContactKind\"",
        "rename = \"ContactKind\"\nformer_names = [\"Receipt\", \"NotificationReceipt\"]",
    );
    let error = generator::generate(&project_root(), &customization_from(&clashing))
        .expect_err("taken former names");
    let message = error.to_string();
    for problem in [
        "type `EventKind`: cannot keep the former name `Receipt`, another type has that name",
        "type `Receipt`: cannot keep the former name `NotificationReceipt`, another type has that name",
    ] {
        assert!(message.contains(problem), "{message}");
    }
}

#[test]
fn every_stale_overlay_action_is_named_with_the_spec() {
    let mut config = customization_config();
    config.spec = PathBuf::from("tests/fixtures/allof_flattening.yaml");
    // As for a spec of the same API whose schemas moved on.
    config.api_title = None;
    config.overrides = Default::default();
    let error = generator::generate(&project_root(), &config).expect_err("stale overlay");
    assert_eq!(
        error.to_string(),
        "tests/fixtures/allof_flattening.yaml: 2 overlay action(s) match nothing in this spec, so their customizations no longer apply (was the spec updated, or is it another API's?):\n  tests/fixtures/customization/overlay.yaml: action 1 (target `$.components.schemas.event.properties.internal_notes`)\n  tests/fixtures/customization/overlay.yaml: action 2 (target `$.components.schemas.receipt`)"
    );
}

#[test]
fn a_configured_crate_refuses_a_spec_of_another_api() {
    let mut config = customization_config();
    config.spec = PathBuf::from("tests/fixtures/allof_flattening.yaml");
    let error = generator::generate(&project_root(), &config).expect_err("another API");
    assert_eq!(
        error.to_string(),
        "tests/fixtures/customization/codegen.toml: invalid codegen config: crate `fixture-customization` is configured for the API titled \"Customization API\", but tests/fixtures/allof_flattening.yaml is titled \"AllOf API\"; its settings do not apply to another API (generate that spec without `--crate`)"
    );
}
