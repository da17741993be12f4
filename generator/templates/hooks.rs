//! Observing and changing requests. A [`Hook`] runs around every attempt of every request: it
//! can change the request before it is sent (refresh a token, add a tracing header) and see what
//! came back (log, count, time). `tracing` spans and events describe each request too; neither
//! ever exposes the `Authorization` header.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use crate::error_details::TransportError;

/// Code that runs around each attempt. Both methods do nothing by default; implement either.
/// The [crate documentation](crate#observing-requests) shows one that counts failures.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent, retries included; may change the request's headers.
    fn on_request(&self, request: &mut AttemptRequest<'_>, attempt: &Attempt) {
        let _ = (request, attempt);
    }

    /// Called after each attempt with what happened.
    fn on_response(&self, outcome: &Outcome<'_>, attempt: &Attempt) {
        let _ = (outcome, attempt);
    }
}

/// The request of one attempt, as a hook sees it before it is sent.
#[derive(Debug)]
pub struct AttemptRequest<'a>(pub(crate) &'a mut reqwest::Request);

impl AttemptRequest<'_> {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.0.method()
    }

    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        self.0.url()
    }

    /// The headers to be sent (the token included: never log them whole).
    pub fn headers(&self) -> &HeaderMap {
        self.0.headers()
    }

    /// The headers, to change: add a tracing header, replace the token.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.0.headers_mut()
    }
}

/// Which attempt of which operation a hook is called for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// The spec's `operationId` of the operation.
    pub operation: &'static str,
    /// 1 for the first attempt, 2 for the first retry, …
    pub number: u32,
}

/// What one attempt came to.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// The server answered (with any status).
    Response {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
        /// From sending the request to receiving the headers.
        elapsed: Duration,
    },
    /// No answer: the connection failed or timed out.
    Failed {
        /// What went wrong.
        error: &'a TransportError,
        /// From sending the request to the failure.
        elapsed: Duration,
    },
}
