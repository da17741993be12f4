//! The Fin Agent crate's three operations against wiremock on 127.0.0.1: the bodies they send,
//! the responses they decode, and both shapes of error body (the standard error list, and
//! `/fin/csat`'s `{"errors": {field: message}}`).

use codegen_tests::fin_client_builder;
use intercom_fin_agent::{types, Client, Error};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "fin-token-123";

fn client(server: &MockServer) -> Client {
    fin_client_builder()
        .token(TOKEN)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

fn user() -> types::FinAgentUser {
    types::FinAgentUser::new("123456")
        .with_name("John Doe")
        .with_email("john.doe@example.com")
}

fn message(body: &str) -> types::FinAgentMessage {
    types::FinAgentMessage::new(
        types::FinAgentMessageAuthor::User,
        body,
        "2025-01-24T10:01:20.000Z",
    )
}

/// The documented answer of `/fin/start` and `/fin/reply`, with attribute errors.
fn conversation_response() -> serde_json::Value {
    json!({
        "conversation_id": "ext-123",
        "user_id": "user-456",
        "status": "thinking",
        "created_at_ms": "2025-01-24T10:00:00.123Z",
        "sse_subscription_url": "https://primary-realtime.intercom-messenger.com/event-stream?channels=fin_agent_api:app123:ext-123&accessToken=eyJhbG&rewind=2m",
        "errors": {"user": {"attributes": {"invalid_attr": "User attribute 'invalid_attr' does not exist"}}}
    })
}

#[tokio::test]
async fn start_sends_the_conversation_and_decodes_the_subscription_url() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/fin/start"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("intercom-version", "2.16"))
        .and(body_json(json!({
            "conversation_id": "ext-123",
            "message": {
                "author": "user",
                "body": "How can I see my account details?",
                "timestamp": "2025-01-24T10:01:20.000Z"
            },
            "user": {"id": "123456", "name": "John Doe", "email": "john.doe@example.com"},
            "attachments": [{"type": "url", "url": "https://example.com/document.pdf"}]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(conversation_response()))
        .expect(1)
        .mount(&server)
        .await;

    let body = types::StartFinConversationRequest::new(
        "ext-123",
        message("How can I see my account details?"),
        user(),
    )
    .with_attachments(vec![types::FinAgentAttachment::new(
        types::FinAgentAttachmentType::Url,
    )
    .with_url("https://example.com/document.pdf")]);
    let started = client(&server)
        .start_fin_conversation(&body)
        .await
        .expect("a 200 decodes");
    assert_eq!(
        started.status,
        Some(types::StartFinConversationResponseStatus::Thinking)
    );
    assert!(started
        .sse_subscription_url
        .as_deref()
        .is_some_and(|url| url.contains("accessToken=eyJhbG")));
    let user_errors = started
        .errors
        .and_then(|errors| errors.user)
        .and_then(|user| user.attributes)
        .expect("the attribute errors decode");
    assert_eq!(
        user_errors["invalid_attr"],
        "User attribute 'invalid_attr' does not exist"
    );
}

#[tokio::test]
async fn reply_sends_the_message_and_a_400_is_the_standard_error_list() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/fin/reply"))
        .and(body_json(json!({
            "conversation_id": "ext-123",
            "message": {
                "author": "user",
                "body": "Here's the information you requested.",
                "timestamp": "2025-01-24T10:01:20.000Z"
            },
            "user": {"id": "123456", "name": "John Doe", "email": "john.doe@example.com"}
        })))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "type": "error.list",
            "request_id": "b68959ea-6328-4f70-83cb-e7913dba1542",
            "errors": [{"code": "parameter_invalid", "message": "conversation_id is required"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let body = types::ReplyToFinRequest::new(
        "ext-123",
        message("Here's the information you requested."),
        user(),
    );
    let error = client(&server)
        .reply_to_fin(&body)
        .await
        .expect_err("a 400");
    let Error::BadRequest(api_error) = &error else {
        panic!("a 400 is BadRequest: {error:?}");
    };
    let list = api_error.body().expect("the error list decodes");
    assert_eq!(list.errors[0].code, "parameter_invalid");
    assert_eq!(
        error.request_id(),
        Some("b68959ea-6328-4f70-83cb-e7913dba1542")
    );
}

/// API version 2.16 added `replying`: Fin has sent part of its answer and more may follow.
#[tokio::test]
async fn a_reply_answered_while_fin_is_replying_decodes_its_2_16_status() {
    let server = MockServer::start().await;
    let mut answer = conversation_response();
    answer["status"] = json!("replying");
    Mock::given(method("POST"))
        .and(path("/fin/reply"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;

    let body = types::ReplyToFinRequest::new("ext-123", message("And my invoices?"), user());
    let response = client(&server).reply_to_fin(&body).await.expect("a 200");
    assert_eq!(
        response.status,
        Some(types::StartFinConversationResponseStatus::Replying)
    );
}

#[tokio::test]
async fn csat_sends_the_rating_and_decodes_the_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/fin/csat"))
        .and(body_json(json!({
            "conversation_id": "ext-123",
            "rating": "amazing",
            "remark": "Fin solved my problem in seconds."
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "conversation_id": "ext-123", "rating": "amazing", "status": "rated"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let body = types::SubmitFinCsatRequest::new(
        "ext-123",
        types::FinAgentCsatRequestedEventCsatOptionsItemKey::Amazing,
    )
    .with_remark("Fin solved my problem in seconds.");
    let rated = client(&server)
        .submit_fin_csat(&body)
        .await
        .expect("a 200 decodes");
    assert_eq!(
        rated.rating,
        Some(types::FinAgentCsatRequestedEventCsatOptionsItemKey::Amazing)
    );
    assert_eq!(
        rated.status,
        Some(types::SubmitFinCsatResponseStatus::Rated)
    );
}

#[tokio::test]
async fn a_csat_422_keeps_its_own_body_shape() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/fin/csat"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "errors": {"base": "The rating window for this conversation has closed"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let body = types::SubmitFinCsatRequest::new(
        "ext-123",
        types::FinAgentCsatRequestedEventCsatOptionsItemKey::Good,
    );
    let error = client(&server)
        .submit_fin_csat(&body)
        .await
        .expect_err("a 422");
    // The status picks the variant, whatever the body's shape.
    let Error::UnprocessableEntity(api_error) = &error else {
        panic!("a 422 is UnprocessableEntity: {error:?}");
    };
    // Not the standard error list…
    assert!(api_error.body().is_none());
    // …but its own type, named in the operation's docs.
    let body: types::SubmitFinCsatUnprocessableEntityError =
        api_error.decode_body().expect("the 422 body decodes");
    assert_eq!(
        body.errors.expect("errors")["base"],
        "The rating window for this conversation has closed"
    );
    assert_eq!(
        error.to_string(),
        "the server answered 422 Unprocessable Entity: base: The rating window for this conversation has closed"
    );
}

/// 0.1.1 had a type per inline enum; they are one type now, and code written against the former
/// names still compiles (deprecated) and means the same values.
#[test]
#[allow(deprecated)]
fn the_names_of_merged_types_still_compile() {
    let rating: types::SubmitFinCsatRequestRating = types::SubmitFinCsatResponseRating::Amazing;
    assert_eq!(rating.as_str(), "amazing");
    let status = types::ReplyToFinResponseStatus::Replying;
    assert_eq!(status, types::StartFinConversationResponseStatus::Replying);
}
