//! Webhook verification of the Fin Agent crate against fixed vectors. The expected signatures
//! were computed outside this code base (Python's `hmac.new(secret, body, sha256).hexdigest()`,
//! and RFC 4231's test case 2), so a wrong MAC, key handling or encoding fails here.

use intercom_fin_agent::reqwest::header::{HeaderMap, HeaderValue};
use intercom_fin_agent::{types, MalformedReason, WebhookError, Webhooks};

const SECRET: &str = "whsec_fin_test_secret";
const HEADER: &str = "X-Fin-Agent-API-Webhook-Signature";

const REPLIED: &str = r#"{"event_name":"fin_replied","conversation_id":"ext-123","user_id":"user-456","message":{"id":"98765","author":"fin","body":"<p>Click <em>Account</em>.</p>","timestamp_ms":"2025-01-24T09:01:00.456Z"},"status":"awaiting_user_reply","created_at_ms":"2025-01-24T10:00:00.123Z"}"#;
const REPLIED_SIGNATURE: &str =
    "sha256=39145381b5291fa66fee7ef565dfcf998c0b40f3c15a09aeddb54608c9951f87";
/// `REPLIED` signed with the secret `another-secret`.
const REPLIED_OTHER_SECRET: &str =
    "sha256=4d994c785cf1aff53950d7ec16956cb3d3eea20587bc7c17b5fd007fb02c663a";
const UNKNOWN: &str =
    r#"{"event_name":"fin_handed_over","conversation_id":"ext-123","team":"billing"}"#;
const UNKNOWN_SIGNATURE: &str =
    "sha256=ca0adb0b7c945d3fec23c19c586c033b127de1da6368a78ecfe4efb3413cac87";
const NOT_JSON: &str = "<html>not an event</html>";
const NOT_JSON_SIGNATURE: &str =
    "sha256=97d6d29314701829c09bc70aabdc259f31f1d0a17e1341477cf904a343b85393";

fn headers(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        HEADER,
        HeaderValue::from_str(signature).expect("a header value"),
    );
    headers
}

fn verify(signature: &str, body: &str) -> Result<types::Event, WebhookError> {
    Webhooks::new(SECRET).verify_event(&headers(signature), body.as_bytes())
}

#[test]
fn the_scheme_is_the_configured_one() {
    assert_eq!(Webhooks::SIGNATURE_HEADER, HEADER);
    assert_eq!(
        Webhooks::new(SECRET).sign(REPLIED.as_bytes()),
        REPLIED_SIGNATURE
    );
    // RFC 4231, test case 2.
    assert_eq!(
        Webhooks::new("Jefe").sign(b"what do ya want for nothing?"),
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn a_valid_signature_gives_the_typed_event() {
    let event = verify(REPLIED_SIGNATURE, REPLIED).expect("verifies");
    let types::Event::Replied(replied) = event else {
        panic!("a fin_replied event: {event:?}");
    };
    assert_eq!(replied.message.id.as_deref(), Some("98765"));
    assert_eq!(replied.message.body, "<p>Click <em>Account</em>.</p>");
    // Uppercase hex verifies too.
    assert!(verify(
        &REPLIED_SIGNATURE
            .to_uppercase()
            .replace("SHA256=", "sha256="),
        REPLIED
    )
    .is_ok());
}

#[test]
fn a_tampered_body_is_a_mismatch() {
    let tampered = REPLIED.replace("98765", "98766");
    assert!(matches!(
        verify(REPLIED_SIGNATURE, &tampered),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn another_secret_is_a_mismatch() {
    assert!(matches!(
        verify(REPLIED_OTHER_SECRET, REPLIED),
        Err(WebhookError::SignatureMismatch)
    ));
    let other = Webhooks::new("another-secret");
    assert!(matches!(
        other.verify_event(&headers(REPLIED_SIGNATURE), REPLIED.as_bytes()),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn a_missing_header_is_named() {
    let error = Webhooks::new(SECRET)
        .verify_event(&HeaderMap::new(), REPLIED.as_bytes())
        .expect_err("no header");
    assert!(matches!(error, WebhookError::MissingSignature { header } if header == HEADER));
    assert_eq!(
        error.to_string(),
        "the request has no X-Fin-Agent-API-Webhook-Signature header"
    );
}

/// Intercom's guide shows the header with its `sha256=` prefix, and implementations disagree on
/// whether it is sent: the bare hex digest verifies too, and a wrong one still does not.
#[test]
fn the_digest_verifies_with_or_without_the_prefix() {
    let bare = REPLIED_SIGNATURE.trim_start_matches("sha256=");
    assert!(verify(bare, REPLIED).is_ok());
    let bare_other = REPLIED_OTHER_SECRET.trim_start_matches("sha256=");
    assert!(matches!(
        verify(bare_other, REPLIED),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn a_malformed_header_says_what_is_wrong() {
    let reason = |signature: &str| match verify(signature, REPLIED) {
        Err(WebhookError::MalformedSignature { reason, .. }) => Some(reason),
        _ => None,
    };
    assert_eq!(reason("sha256=not-hex!"), Some(MalformedReason::NotEncoded));
    assert_eq!(reason("sha256=abc"), Some(MalformedReason::NotEncoded));
    assert_eq!(reason("md5=39145381"), Some(MalformedReason::NotEncoded));
    let mut not_text = HeaderMap::new();
    not_text.insert(
        HEADER,
        HeaderValue::from_bytes(b"sha256=\xff\xfe").expect("an opaque header value"),
    );
    assert!(matches!(
        Webhooks::new(SECRET).verify_event(&not_text, REPLIED.as_bytes()),
        Err(WebhookError::MalformedSignature {
            reason: MalformedReason::NotText,
            ..
        })
    ));
}

#[test]
fn an_unknown_event_name_decodes_into_the_catch_all() {
    let event = verify(UNKNOWN_SIGNATURE, UNKNOWN).expect("verifies");
    let types::Event::Unknown(value) = event else {
        panic!("the catch-all: {event:?}");
    };
    assert_eq!(value["event_name"], "fin_handed_over");
    assert_eq!(value["team"], "billing");
}

#[test]
fn a_signed_body_that_is_not_json_keeps_its_bytes() {
    let error = verify(NOT_JSON_SIGNATURE, NOT_JSON).expect_err("not JSON");
    let WebhookError::InvalidBody { body, .. } = &error else {
        panic!("an invalid body: {error:?}");
    };
    assert_eq!(body, NOT_JSON.as_bytes());
    assert!(error
        .to_string()
        .starts_with("the signed body does not decode: "));
}

#[test]
fn the_secret_never_shows() {
    let webhooks = Webhooks::new("hunter2-very-secret");
    let shown = format!("{webhooks:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    let error = webhooks
        .verify_event(&headers(REPLIED_SIGNATURE), REPLIED.as_bytes())
        .expect_err("another secret");
    assert!(!format!("{error:?} {error}").contains("hunter2"));
}
