//! What the variants of [`Error`](crate::Error) carry: the API's answer to a request that did
//! not succeed ([`ApiError`]), the failure of the transport ([`TransportError`]), and a success
//! whose body does not decode ([`DecodeError`]).
//!
//! An error body is decoded into the API's error type when it can be; bodies that do not decode
//! (an HTML 502 page, an empty body, truncated JSON) are kept raw; nothing here panics on what a
//! server sends.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A request that got no usable response: the connection could not be made or broke, TLS
/// failed, or time ran out. Its `source()` chain says why.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct TransportError(Failure);

#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Http(reqwest::Error),
    #[error("no response within {0:?}")]
    NoResponse(Duration),
}

impl TransportError {
    /// Whether time ran out.
    pub fn is_timeout(&self) -> bool {
        match &self.0 {
            Failure::Http(error) => error.is_timeout(),
            Failure::NoResponse(_) => true,
        }
    }

    /// Whether the connection could not be made (DNS, refused, TLS handshake).
    pub fn is_connect(&self) -> bool {
        match &self.0 {
            Failure::Http(error) => error.is_connect(),
            Failure::NoResponse(_) => false,
        }
    }

    /// No response headers arrived within `waited`.
    pub(crate) fn no_response(waited: Duration) -> Self {
        TransportError(Failure::NoResponse(waited))
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(error: reqwest::Error) -> Self {
        TransportError(Failure::Http(error))
    }
}

/// A response whose status is not a success.
///
/// Boxed, so that a `Result` of the crate's `Error` stays small to move around.
pub struct ApiError(Box<Answer>);

/// What [`ApiError`] holds.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Option<crate::ErrorBody>,
    request_id: Option<String>,
    summary: Option<String>,
    raw_body: Vec<u8>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, raw_body: Vec<u8>) -> Self {
        let json: Option<serde_json::Value> = serde_json::from_slice(&raw_body).ok();
        let header_id = headers
            .get(crate::CONVENTIONS.request_id_header)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body_id = json
            .as_ref()
            .and_then(|v| v.get(crate::CONVENTIONS.request_id_field))
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        ApiError(Box::new(Answer {
            status,
            body: serde_json::from_slice(&raw_body).ok(),
            request_id: header_id.or(body_id),
            summary: json.as_ref().and_then(summarize),
            headers,
            raw_body,
        }))
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The typed error body, when the server sent one that decodes.
    pub fn body(&self) -> Option<&crate::ErrorBody> {
        self.0.body.as_ref()
    }

    /// The body exactly as received.
    pub fn raw_body(&self) -> &[u8] {
        &self.0.raw_body
    }

    /// The body decoded as `T`: for an operation whose error responses have a body of their
    /// own (its docs name the type), where [`body`](Self::body) is `None`.
    pub fn decode_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.0.raw_body)
    }

    /// The request id header (`X-Request-Id` unless the API names another), else the error
    /// body's request id field.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// How long the server asks us to wait before trying again (`Retry-After`, or the reset of
    /// its rate limit).
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::server_wait(&self.0.headers, SystemTime::now(), &crate::CONVENTIONS)
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.0.status)
            .field("request_id", &self.0.request_id)
            .field("body", &Limited(&self.0.body))
            .field("raw_body", &Excerpt(&self.0.raw_body))
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.0.status)?;
        if let Some(summary) = &self.0.summary {
            write!(f, ": {summary}")?;
        }
        if let Some(id) = &self.0.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The `code: message` pairs of an error list (`{"errors": [{"code", "message"}]}`), the
/// `field: message` pairs of an error map (`{"errors": {"field": "message"}}`), or a top-level
/// `message`; `None` for bodies of any other shape.
fn summarize(json: &serde_json::Value) -> Option<String> {
    let text = |v: &serde_json::Value, key: &str| v.get(key)?.as_str().map(str::to_owned);
    if let Some(errors) = json.get("errors").and_then(|e| e.as_object()) {
        let parts: Vec<String> = errors
            .iter()
            .filter_map(|(field, message)| Some(format!("{field}: {}", message.as_str()?)))
            .collect();
        if !parts.is_empty() {
            return Some(parts.join("; "));
        }
    }
    if let Some(errors) = json.get("errors").and_then(|e| e.as_array()) {
        let parts: Vec<String> = errors
            .iter()
            .filter_map(|e| match (text(e, "code"), text(e, "message")) {
                (Some(code), Some(message)) => Some(format!("{code}: {message}")),
                (code, message) => code.or(message),
            })
            .collect();
        if !parts.is_empty() {
            return Some(parts.join("; "));
        }
    }
    text(json, "message")
}

/// A success response whose body, or an event of a stream, does not decode into the expected
/// type.
#[derive(thiserror::Error)]
#[error("cannot decode the {subject} of a {status} response: {source}")]
pub struct DecodeError {
    pub(crate) status: StatusCode,
    /// What did not decode: "body", "event".
    pub(crate) subject: &'static str,
    pub(crate) raw_body: Vec<u8>,
    #[source]
    pub(crate) source: serde_json::Error,
}

impl DecodeError {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body (or the event's data) exactly as received.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// What serde_json could not decode.
    pub fn serde_error(&self) -> &serde_json::Error {
        &self.source
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("subject", &self.subject)
            .field("source", &self.source)
            .field("raw_body", &Excerpt(&self.raw_body))
            .finish()
    }
}

/// How many bytes of a body `Debug` shows: enough to read, bounded however large the body is.
const SHOWN: usize = 512;

/// A body in `Debug` output: its start as text and its length (the whole body stays available
/// through `raw_body()`).
pub(crate) struct Excerpt<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.0[..self.0.len().min(SHOWN)];
        let text = String::from_utf8_lossy(shown);
        if shown.len() == self.0.len() {
            write!(f, "{text:?}")
        } else {
            write!(f, "{text:?}… ({} bytes in all)", self.0.len())
        }
    }
}

/// A decoded value in `Debug` output, cut after [`SHOWN`] bytes (a decoded body can hold a
/// string as large as the body).
struct Limited<'a, T>(&'a T);

impl<T: fmt::Debug> fmt::Debug for Limited<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut limited = LimitedWriter {
            out: f,
            left: SHOWN,
        };
        match fmt::write(&mut limited, format_args!("{:?}", self.0)) {
            Ok(()) => Ok(()),
            // Out of room: the value was cut; say so. (An error of the formatter itself would
            // show up again here.)
            Err(fmt::Error) if limited.left == 0 => f.write_str("…"),
            Err(error) => Err(error),
        }
    }
}

/// Passes text on until `left` bytes are written, then refuses the rest.
struct LimitedWriter<'a, 'f> {
    out: &'a mut fmt::Formatter<'f>,
    left: usize,
}

impl fmt::Write for LimitedWriter<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if text.len() <= self.left {
            self.left -= text.len();
            return self.out.write_str(text);
        }
        let mut end = self.left;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        self.out.write_str(&text[..end])?;
        self.left = 0;
        Err(fmt::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(status: u16, body: &str) -> ApiError {
        let status = StatusCode::from_u16(status).expect("valid status");
        ApiError::new(status, HeaderMap::new(), body.as_bytes().to_vec())
    }

    #[test]
    fn summarizes_error_lists_and_keeps_garbage_raw() {
        let error = api_error(
            422,
            r#"{"type":"error.list","request_id":"req-1","errors":[{"code":"data_invalid","message":"Bad"}]}"#,
        );
        assert_eq!(
            error.to_string(),
            "the server answered 422 Unprocessable Entity: data_invalid: Bad (request id req-1)"
        );
        let html = api_error(502, "<html><body>Bad gateway</body></html>");
        assert_eq!(html.to_string(), "the server answered 502 Bad Gateway");
        assert_eq!(html.raw_body(), b"<html><body>Bad gateway</body></html>");
        assert!(html.body().is_none());
    }

    #[test]
    fn debug_output_shows_an_excerpt_of_a_large_body() {
        let huge = format!("{{\"padding\": \"{}\"}}", "x".repeat(8 * 1024 * 1024));
        let error = api_error(500, &huge);
        let debug = format!("{error:?}");
        assert!(debug.len() < 2048, "{} bytes of Debug output", debug.len());
        assert!(debug.contains("… (8388623 bytes in all)"), "{debug}");
        assert_eq!(error.raw_body().len(), 8_388_623);
        let short = format!("{:?}", api_error(404, "gone"));
        assert!(short.contains("raw_body: \"gone\""), "{short}");
        let value = "é".repeat(SHOWN);
        assert_eq!(format!("{:?}", Limited(&"short")), "\"short\"");
        let cut = format!("{:?}", Limited(&value));
        assert!(
            cut.ends_with('…') && cut.len() <= SHOWN + '…'.len_utf8(),
            "{cut}"
        );
    }
}
