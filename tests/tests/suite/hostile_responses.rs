//! No server response makes the generated client panic: every odd body becomes a typed error
//! (or, where it is only looser than the spec, a value), and the token never appears in an error.

use std::time::Duration;

use codegen_tests::client_builder;
use intercom_custom_channels::{types, Error};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-456";

fn event() -> types::CustomChannelBaseEvent {
    types::CustomChannelBaseEvent::new(
        "evt_1",
        "conv_1",
        types::CustomChannelContact::new(types::CustomChannelContactType::Lead, "lead_1"),
    )
}

/// Sends one request to a server that answers `response`, with retries off.
async fn answer(
    response: ResponseTemplate,
) -> Result<types::CustomChannelNotificationResponse, Error> {
    let server = MockServer::start().await;
    Mock::given(path("/custom_channel_events/notify_new_conversation"))
        .respond_with(response)
        .mount(&server)
        .await;
    let client = client_builder()
        .token(TOKEN)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds");
    client.notify_new_conversation(&event()).await
}

fn expect_decode_error(result: Result<types::CustomChannelNotificationResponse, Error>) -> Vec<u8> {
    match result {
        Err(Error::Decode(error)) => {
            assert_eq!(error.status().as_u16(), 200);
            error.raw_body().to_vec()
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

const COMPLETE: &str = r#"{"external_conversation_id":"a","conversation_id":"b","external_contact_id":"c","contact_id":"d"}"#;

#[tokio::test]
async fn an_empty_success_body_is_a_decode_error() {
    let raw = expect_decode_error(answer(ResponseTemplate::new(200)).await);
    assert!(raw.is_empty());
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_that_keeps_the_bytes() {
    let body = vec![b'{', 0xff, 0xfe, b'}'];
    let raw =
        expect_decode_error(answer(ResponseTemplate::new(200).set_body_bytes(body.clone())).await);
    assert_eq!(raw, body);
}

#[tokio::test]
async fn a_missing_required_field_is_a_decode_error_naming_it() {
    let result = answer(
        ResponseTemplate::new(200).set_body_raw(r#"{"conversation_id":"b"}"#, "application/json"),
    )
    .await;
    let Err(Error::Decode(error)) = result else {
        panic!("expected a decode error, got {result:?}");
    };
    assert!(error.to_string().contains("missing field"), "{error}");
}

#[tokio::test]
async fn extra_fields_and_a_wrong_content_type_still_decode() {
    let body = COMPLETE.replace('}', r#","added_later":{"deep":[1,2,3]}}"#);
    let reply = answer(ResponseTemplate::new(200).set_body_raw(body, "text/plain"))
        .await
        .expect("extra fields are ignored, the content type is not trusted over the body");
    assert_eq!(reply.contact_id, "d");
}

#[tokio::test]
async fn a_huge_body_is_decoded_or_refused_without_panicking() {
    // 8 MiB of padding in a field the type does not have.
    let padding = "x".repeat(8 * 1024 * 1024);
    let body = COMPLETE.replace('}', &format!(r#","padding":"{padding}"}}"#));
    let reply = answer(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .await
        .expect("a large body decodes");
    assert_eq!(reply.conversation_id, "b");
    let error = answer(ResponseTemplate::new(500).set_body_string(padding.clone()))
        .await
        .expect_err("500");
    assert_eq!(
        error.api_error().map(|e| e.raw_body().len()),
        Some(8 * 1024 * 1024)
    );
    // Debug output (what a log line or an `unwrap` prints) stays readable: an excerpt.
    assert!(
        format!("{error:?}").len() < 2048,
        "Debug prints the whole body"
    );
    let undecodable = answer(ResponseTemplate::new(200).set_body_string(padding))
        .await
        .expect_err("not JSON");
    let Error::Decode(decode) = &undecodable else {
        panic!("expected a decode error, got {undecodable}");
    };
    assert_eq!(decode.raw_body().len(), 8 * 1024 * 1024);
    assert!(
        format!("{undecodable:?}").len() < 2048,
        "Debug prints the whole body"
    );
}

#[tokio::test]
async fn error_bodies_of_the_wrong_shape_are_kept_raw() {
    for body in [
        "",
        "null",
        "[]",
        r#"{"errors":"not a list"}"#,
        "<html>teapot</html>",
    ] {
        let error = answer(ResponseTemplate::new(422).set_body_string(body))
            .await
            .expect_err("422");
        let Error::UnprocessableEntity(api) = &error else {
            panic!("expected UnprocessableEntity, got {error:?}");
        };
        assert_eq!(api.raw_body(), body.as_bytes());
        assert!(error
            .to_string()
            .starts_with("the server answered 422 Unprocessable Entity"));
    }
}

#[tokio::test]
async fn the_token_never_appears_in_errors() {
    // A closed port: a transport error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = client_builder()
        .token(TOKEN)
        .base_url(format!("http://{address}"))
        .max_retries(0)
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client builds");
    let error = client
        .notify_new_conversation(&event())
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    let error = answer(ResponseTemplate::new(401).set_body_string("bad token"))
        .await
        .expect_err("401");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
}
