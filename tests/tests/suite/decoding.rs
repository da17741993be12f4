//! The structs' written-out `Deserialize` decodes as serde's derive did: the same values, and
//! the same errors for a key met twice, a required key missing, or a value that is not an
//! object; undeclared keys are kept (escaped ones too) or, where the schema allows none,
//! skipped.

use intercom_custom_channels::types::{
    CustomChannelContact, CustomChannelContactType, CustomChannelNotificationResponse,
};
use serde_json::json;

fn contact(text: &str) -> Result<CustomChannelContact, String> {
    serde_json::from_str(text).map_err(|error| error.to_string())
}

#[test]
fn declared_keys_fill_their_fields_in_any_order_and_absent_or_null_optionals_are_none() {
    let decoded = contact(r#"{"name":null,"external_id":"u_1","type":"user"}"#).unwrap();
    assert_eq!(decoded.r#type, CustomChannelContactType::User);
    assert_eq!(decoded.external_id, "u_1");
    assert_eq!(decoded.name, None);
    assert_eq!(decoded.email, None);
    assert!(decoded.additional_properties.is_empty());
}

#[test]
fn undeclared_keys_are_kept_as_sent_escaped_ones_unescaped() {
    let decoded = contact(
        r#"{"type":"lead","external_id":"l_1","plan":{"tier":2},"caf\u00e9":[1,"a"],"quote\"d":null}"#,
    )
    .unwrap();
    let kept =
        serde_json::Value::Object(decoded.additional_properties.clone().into_iter().collect());
    assert_eq!(
        kept,
        json!({"plan": {"tier": 2}, "café": [1, "a"], "quote\"d": null})
    );
    // And they are written back.
    let written = serde_json::to_value(&decoded).unwrap();
    assert_eq!(written["café"], json!([1, "a"]));
    assert_eq!(written["type"], "lead");
}

#[test]
fn a_key_met_twice_is_an_error() {
    let error = contact(r#"{"type":"user","external_id":"a","external_id":"b"}"#).unwrap_err();
    assert!(
        error.starts_with("duplicate field `external_id`"),
        "{error}"
    );
}

#[test]
fn a_missing_required_key_is_an_error_naming_it() {
    let error = contact(r#"{"type":"user"}"#).unwrap_err();
    assert!(error.starts_with("missing field `external_id`"), "{error}");
}

#[test]
fn a_value_that_is_not_an_object_is_an_error_naming_the_struct() {
    for text in [r#"["user","u_1"]"#, "\"user\"", "7"] {
        let error = contact(text).unwrap_err();
        assert!(
            error.contains("expected struct CustomChannelContact"),
            "{text}: {error}"
        );
    }
}

#[test]
fn a_field_of_the_wrong_type_is_an_error_at_its_place() {
    let error = serde_json::from_str::<CustomChannelNotificationResponse>(
        r#"{"external_conversation_id":"a","conversation_id":5,"external_contact_id":"c","contact_id":"d"}"#,
    )
    .unwrap_err();
    assert!(error.is_data(), "{error}");
    assert_eq!((error.line(), error.column()), (1, 51), "{error}");
}

#[test]
fn the_values_of_decoded_json_decode_as_its_text_does() {
    let value = json!({"type": "user", "external_id": "u_1", "extra": true});
    let decoded: CustomChannelContact = serde_json::from_value(value).unwrap();
    assert_eq!(decoded.external_id, "u_1");
    assert_eq!(decoded.additional_properties["extra"], json!(true));
}

#[test]
fn where_the_schema_allows_no_undeclared_key_one_is_skipped() {
    let decoded: intercom::types::LisDataEventsFilterEmailQueryParameter =
        serde_json::from_str(r#"{"other":{"deep":[1,2]},"email":"a@b.c"}"#).unwrap();
    assert_eq!(decoded.email, "a@b.c");
}
