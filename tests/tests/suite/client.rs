//! The generated client against an in-process HTTP server on 127.0.0.1 (wiremock): what it
//! sends, how it decodes success and each error status, and how it retries.

use std::time::Duration;

use codegen_tests::{client_builder, log_capture, sample_message};
use intercom_custom_channels::{Client, Error, Region, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-123";
const NEW_MESSAGE: &str = "/custom_channel_events/notify_new_message";

fn success() -> serde_json::Value {
    json!({
        "external_conversation_id": "customer_conversation_id_12",
        "conversation_id": "intercom_conversation_id_34",
        "external_contact_id": "customer_contact_id_56",
        "contact_id": "intercom_contact_id_79"
    })
}

fn error_list(code: &str, message: &str) -> serde_json::Value {
    json!({
        "type": "error.list",
        "request_id": "12a938a3-314e-4939-b773-5cd45738bd21",
        "errors": [{"code": code, "message": message}]
    })
}

/// A client for `server` whose retries wait a millisecond, not seconds.
fn client(server: &MockServer) -> Client {
    client_builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn sends_method_path_auth_version_and_json_body_and_decodes_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(NEW_MESSAGE))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("intercom-version", "2.14"))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "event_id": "evt_54321",
            "external_conversation_id": "conv_98765",
            "contact": {
                "type": "user",
                "external_id": "user_002",
                "name": "John Smith",
                "email": "john.smith@example.com"
            },
            "body": "Hello, I need help with my order."
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(success()))
        .expect(1)
        .mount(&server)
        .await;

    let reply = client(&server)
        .notify_new_message(&sample_message())
        .await
        .expect("a 200 decodes");
    assert_eq!(reply.conversation_id, "intercom_conversation_id_34");
    assert_eq!(reply.contact_id, "intercom_contact_id_79");
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_the_suffix() {
    let server = MockServer::start().await;
    let agent = format!("intercom-custom-channels/{} my-app/1.0", "0.2.0+api.2.14");
    Mock::given(header("user-agent", agent.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(success()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_builder()
        .token(TOKEN)
        .base_url(server.uri())
        .user_agent_suffix("my-app/1.0")
        .build()
        .expect("client builds");
    client
        .notify_new_message(&sample_message())
        .await
        .expect("200");
}

#[tokio::test]
async fn a_422_is_unprocessable_entity_with_the_typed_error_list() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(422).set_body_json(error_list(
            "data_invalid",
            "Invalid or duplicated record reference",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .notify_new_message(&sample_message())
        .await
        .expect_err("a 422 is an error");
    let Error::UnprocessableEntity(api) = &error else {
        panic!("expected UnprocessableEntity, got {error:?}");
    };
    let body = api.body().expect("the error list decodes");
    assert_eq!(body.r#type, "error.list");
    assert_eq!(body.errors[0].code, "data_invalid");
    assert_eq!(
        body.errors[0].message.as_deref(),
        Some("Invalid or duplicated record reference")
    );
    assert_eq!(
        error.request_id(),
        Some("12a938a3-314e-4939-b773-5cd45738bd21")
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(422));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn each_documented_status_has_its_own_variant_and_is_not_retried() {
    for status in [400u16, 401, 404, 422] {
        let server = MockServer::start().await;
        Mock::given(path(NEW_MESSAGE))
            .respond_with(ResponseTemplate::new(status).set_body_json(error_list("x", "y")))
            .expect(1)
            .mount(&server)
            .await;
        let error = client(&server)
            .notify_new_message(&sample_message())
            .await
            .expect_err("an error status");
        let variant = match &error {
            Error::BadRequest(_) => 400,
            Error::Unauthorized(_) => 401,
            Error::NotFound(_) => 404,
            Error::UnprocessableEntity(_) => 422,
            other => panic!("{status} became {other:?}"),
        };
        assert_eq!(variant, status);
        assert_eq!(
            error
                .api_error()
                .and_then(|e| e.body())
                .map(|b| b.errors.len()),
            Some(1)
        );
    }
}

#[tokio::test]
async fn transient_failures_are_retried_until_success() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(200).set_body_json(success()))
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server).notify_new_message(&sample_message()).await;
    assert!(reply.is_ok(), "{reply:?}");
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_can_be_turned_off_per_request() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .expect(3 + 1)
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client
        .notify_new_message(&sample_message())
        .await
        .expect_err("429");
    assert!(matches!(error, Error::TooManyRequests(_)), "{error:?}");
    assert!(error.is_retryable());
    // One more request: with retries off it is sent exactly once.
    let error = client
        .notify_new_message(&sample_message())
        .max_retries(0)
        .await
        .expect_err("429");
    assert!(matches!(error, Error::TooManyRequests(_)));
}

#[tokio::test]
async fn garbage_bodies_never_panic_and_are_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"conversation_id\": \"trunc"))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client
        .notify_new_message(&sample_message())
        .max_retries(0)
        .await
        .expect_err("502");
    let Error::Server(api) = &error else {
        panic!("expected Server, got {error:?}");
    };
    assert_eq!(api.raw_body(), b"<html>Bad gateway</html>");
    assert!(api.body().is_none());

    let error = client
        .notify_new_message(&sample_message())
        .await
        .expect_err("truncated JSON");
    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!(decode.raw_body(), b"{\"conversation_id\": \"trunc");
    assert!(decode.serde_error().is_eof());
}

#[tokio::test]
async fn a_slow_server_times_out_per_request() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(success())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .notify_new_message(&sample_message())
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn send_with_response_exposes_status_headers_and_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(success())
                .insert_header("x-request-id", "req-7")
                .insert_header("x-ratelimit-limit", "10000")
                .insert_header("x-ratelimit-remaining", "9990"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .notify_new_message(&sample_message())
        .send_with_response()
        .await
        .expect("200");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.request_id(), Some("req-7"));
    assert_eq!(response.rate_limit().limit, Some(10000));
    assert_eq!(response.rate_limit().remaining, Some(9990));
    assert_eq!(response.value().contact_id, "intercom_contact_id_79");
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let builder = client_builder().token(TOKEN).region(Region::Eu);
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().expect("client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("<redacted>"));
    assert_eq!(client.base_url(), "https://api.eu.intercom.io");
}

#[test]
fn regions_come_from_the_spec_servers() {
    assert_eq!(Region::default(), Region::Us);
    assert_eq!(Region::Us.base_url(), "https://api.intercom.io");
    assert_eq!(Region::Eu.base_url(), "https://api.eu.intercom.io");
    assert_eq!(Region::Au.base_url(), "https://api.au.intercom.io");
}

#[test]
fn building_without_a_token_says_so() {
    let error = client_builder().build().expect_err("no token");
    assert_eq!(
        error.to_string(),
        "no access token was given; call `ClientBuilder::token`"
    );
}

/// `(attempt number, status if the server answered)`.
type Seen = Vec<(u32, Option<u16>)>;

/// Adds a header to every request and records every attempt's status (shared by its clones).
#[derive(Clone, Default)]
struct Recorder {
    statuses: std::sync::Arc<std::sync::Mutex<Seen>>,
}

impl intercom_custom_channels::Hook for Recorder {
    fn on_request(
        &self,
        request: &mut intercom_custom_channels::AttemptRequest<'_>,
        _: &intercom_custom_channels::Attempt,
    ) {
        // The HTTP types come from the crate's re-exports: no `reqwest` dependency needed.
        request.headers_mut().insert(
            "x-trace-id",
            intercom_custom_channels::HeaderValue::from_static("trace-1"),
        );
    }

    fn on_response(
        &self,
        outcome: &intercom_custom_channels::Outcome<'_>,
        attempt: &intercom_custom_channels::Attempt,
    ) {
        let status = match outcome {
            intercom_custom_channels::Outcome::Response { status, .. } => Some(status.as_u16()),
            _ => None,
        };
        self.statuses
            .lock()
            .expect("lock")
            .push((attempt.number, status));
    }
}

#[tokio::test]
async fn hooks_change_each_attempt_and_see_each_outcome() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .and(header("x-trace-id", "trace-1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(NEW_MESSAGE))
        .and(header("x-trace-id", "trace-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(success()))
        .mount(&server)
        .await;
    let recorder = Recorder::default();
    let client = client_builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .hook(recorder.clone())
        .build()
        .expect("client builds");
    client
        .notify_new_message(&sample_message())
        .await
        .expect("the retry succeeds");
    assert_eq!(
        *recorder.statuses.lock().expect("lock"),
        [(1, Some(503)), (2, Some(200))]
    );
}

#[tokio::test]
async fn each_request_is_traced_without_the_token() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(200).set_body_json(success()))
        .mount(&server)
        .await;
    log_capture::start();
    client(&server)
        .notify_new_message(&sample_message())
        .await
        .expect("200");
    let log = log_capture::finish();
    assert!(log.contains("operation=\"notifyNewMessage\""), "{log}");
    assert!(log.contains("attempt=1 status=200"), "{log}");
    assert!(log.contains("elapsed_ms="), "{log}");
    assert!(!log.contains(TOKEN), "{log}");
}

#[tokio::test]
async fn a_retry_after_too_large_to_add_up_ends_the_retries_instead_of_panicking() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(
            ResponseTemplate::new(503).insert_header("retry-after", "18446744073709551615"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .notify_new_message(&sample_message())
        .await
        .expect_err("the second wait is beyond any cap");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[tokio::test]
async fn a_rate_limit_reset_beyond_the_representable_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(
            ResponseTemplate::new(429).insert_header("x-ratelimit-reset", "18446744073709551615"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .notify_new_message(&sample_message())
        .await
        .expect_err("429");
    assert_eq!(
        error.api_error().and_then(|api| api.retry_after()),
        Some(Duration::MAX)
    );
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_wait_beyond_the_cap_is_not_made() {
    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(200).set_body_json(success()))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    client(&server)
        .notify_new_message(&sample_message())
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the client waited as asked"
    );

    let server = MockServer::start().await;
    Mock::given(path(NEW_MESSAGE))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .notify_new_message(&sample_message())
        .await
        .expect_err("429");
    let Error::TooManyRequests(api) = &error else {
        panic!("expected TooManyRequests, got {error:?}");
    };
    assert_eq!(api.retry_after(), Some(Duration::from_secs(3600)));
}

#[tokio::test]
async fn the_api_version_can_be_overridden() {
    let server = MockServer::start().await;
    Mock::given(header("intercom-version", "2.15"))
        .respond_with(ResponseTemplate::new(200).set_body_json(success()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_builder()
        .token(TOKEN)
        .base_url(server.uri())
        .api_version("2.15")
        .build()
        .expect("client builds");
    assert_eq!(client.api_version(), "2.15");
    client
        .notify_new_message(&sample_message())
        .await
        .expect("200");
    assert_eq!(intercom_custom_channels::API_VERSION, "2.14");
}

#[test]
fn the_token_variable_is_the_configured_one() {
    // How `from_env` behaves without it is a unit test of the generated builder, which needs no
    // environment of its own.
    assert_eq!(
        intercom_custom_channels::TOKEN_ENV_VAR,
        "INTERCOM_ACCESS_TOKEN"
    );
}
