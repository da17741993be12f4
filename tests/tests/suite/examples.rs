//! Every request and response example of the four Custom Channel Events operations decodes
//! into the generated type and encodes back to the same JSON.
//!
//! Which type each example belongs to is written out here by hand, from reading the spec; the
//! test also checks that the spec still wires each operation to those responses, so it cannot
//! pass by looking at the wrong examples.

use codegen_tests::project_root;
use intercom_custom_channels::types;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

type Check = fn(&str, &Value);

const OPERATIONS: [(&str, Check); 4] = [
    (
        "/custom_channel_events/notify_new_conversation",
        round_trip::<types::CustomChannelBaseEvent>,
    ),
    (
        "/custom_channel_events/notify_new_message",
        round_trip::<types::NotifyNewMessageRequest>,
    ),
    (
        "/custom_channel_events/notify_quick_reply_selected",
        round_trip::<types::NotifyQuickReplySelectedRequest>,
    ),
    (
        "/custom_channel_events/notify_attribute_collected",
        round_trip::<types::NotifyAttributeCollectedRequest>,
    ),
];

const RESPONSES: [(&str, &str, Check); 5] = [
    (
        "200",
        "CustomChannelNotificationSuccess",
        round_trip::<types::CustomChannelNotificationResponse>,
    ),
    ("400", "BadRequest", round_trip::<types::ErrorList>),
    ("401", "Unauthorized", round_trip::<types::ErrorList>),
    ("404", "ObjectNotFound", round_trip::<types::ErrorList>),
    ("422", "ValidationError", round_trip::<types::ErrorList>),
];

#[test]
fn every_example_of_the_four_operations_round_trips() {
    let spec = spec();
    let mut checked = 0;
    for (path, check) in OPERATIONS {
        let operation = &spec["paths"][path]["post"];
        for (name, example) in examples(&operation["requestBody"]["content"]["application/json"]) {
            check(&format!("{path} request example {name}"), &example);
            checked += 1;
        }
        for (status, component, _) in RESPONSES {
            assert_eq!(
                operation["responses"][status]["$ref"],
                format!("#/components/responses/{component}"),
                "{path} {status} no longer uses {component}"
            );
        }
    }
    for (_, component, check) in RESPONSES {
        let media = &spec["components"]["responses"][component]["content"]["application/json"];
        for (name, example) in examples(media) {
            check(&format!("{component} example {name}"), &example);
            checked += 1;
        }
    }
    // 4 request examples; 1 success and 1 + 1 + 3 + 1 error examples.
    assert_eq!(checked, 11);
}

#[test]
fn a_value_the_server_adds_to_an_enum_still_decodes() {
    let contact: types::CustomChannelContact =
        serde_json::from_value(serde_json::json!({"type": "visitor", "external_id": "x"}))
            .expect("an unknown contact type decodes");
    assert_eq!(
        contact.r#type,
        types::CustomChannelContactType::Unknown("visitor".into())
    );
    assert_eq!(
        serde_json::to_value(&contact).expect("encodes")["type"],
        "visitor"
    );
    let known: types::CustomChannelContactType =
        serde_json::from_str(r#""lead""#).expect("a known value decodes");
    assert_eq!(known, types::CustomChannelContactType::Lead);
    let error = serde_json::from_str::<types::CustomChannelContactType>("5")
        .expect_err("a number is no value of a string enum");
    assert_eq!(
        error.to_string(),
        "invalid type: integer `5`, expected a string at line 1 column 1"
    );
}

#[test]
fn optional_fields_are_omitted_and_a_null_request_id_decodes() {
    let contact = types::CustomChannelContact::new(types::CustomChannelContactType::Lead, "lead_1");
    assert_eq!(
        serde_json::to_value(&contact).expect("encodes"),
        serde_json::json!({"type": "lead", "external_id": "lead_1"})
    );
    let error: types::ErrorList = serde_json::from_value(serde_json::json!({
        "type": "error.list", "request_id": null, "errors": [{"code": "server_error"}]
    }))
    .expect("a null request_id decodes");
    assert_eq!(error.request_id, None);
    assert_eq!(error.errors[0].message, None);
}

fn round_trip<T: DeserializeOwned + Serialize>(label: &str, example: &Value) {
    let typed: T = serde_json::from_value(example.clone())
        .unwrap_or_else(|error| panic!("{label} does not decode: {error}"));
    let encoded = serde_json::to_value(&typed).unwrap_or_else(|error| panic!("{label}: {error}"));
    assert_eq!(
        &encoded, example,
        "{label} does not encode back to the same JSON"
    );
}

/// `(name, value)` of every example of a media type object.
fn examples(media: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    if let Some(example) = media.get("example") {
        found.push(("example".to_owned(), example.clone()));
    }
    if let Some(map) = media.get("examples").and_then(Value::as_object) {
        for (name, example) in map {
            found.push((name.clone(), example["value"].clone()));
        }
    }
    assert!(!found.is_empty(), "no examples in {media}");
    found
}

fn spec() -> Value {
    let path = project_root().join("openapi/intercom-2.14.yaml");
    let text = std::fs::read_to_string(&path).expect("read the vendored spec");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("parse the vendored spec");
    serde_json::to_value(yaml).expect("the spec is JSON-compatible")
}
