//! One call of an operation: options, sending, retrying and decoding.
//!
//! Every operation method returns a [`Request`]. Awaiting it sends the request and returns the
//! typed value; before that, the operation's optional parameters and per-request options can be
//! set without a method per combination:
//!
//! ```text
//! client.list_things().per_page(50).timeout(Duration::from_secs(5)).await?;
//! let response = client.some_operation(&body).send_with_response().await?; // status, headers
//! ```
//!
//! The last type parameter of a `Request` is a marker type of its operation (in
//! [`operations`](crate::operations)); the setters of the operation's optional parameters are
//! methods of that `Request` alone. A parameter the API adds later is one more setter: code that
//! does not call it does not change.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::builder::Credential;
use crate::error::{ApiError, DecodeError, Error, TransportError};
use crate::hooks::{Attempt, AttemptRequest, Outcome};
use crate::response::Response;
use crate::Client;

/// Decodes a success body, given its status, into the operation's output type.
pub(crate) type Decoder<T> = fn(StatusCode, &[u8]) -> Result<T, serde_json::Error>;

/// A request body, kept so that every attempt sends it again.
enum Body {
    /// Bytes of a media type.
    Bytes {
        bytes: Vec<u8>,
        content_type: HeaderValue,
    },
    /// A body the builder writes itself (multipart forms, whose boundary it chooses), made
    /// anew for each attempt.
    Built(Arc<dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync>),
}

/// A request to one operation, ready to send. `.await` it, or set options first.
///
/// `T` is what a success decodes into; `O` is the operation's marker type, which selects the
/// setters of its optional parameters.
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Request<'c, T, O> {
    client: &'c Client,
    operation: &'static str,
    method: Method,
    path: String,
    /// The query pairs of each parameter, by parameter name, in the order they were first set;
    /// setting a parameter again replaces its pairs.
    query: Vec<(&'static str, Vec<(String, String)>)>,
    headers: HeaderMap,
    body: Option<Body>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    decode: Decoder<T>,
    /// The first problem met while building; reported by `send` instead of sending.
    invalid: Option<String>,
    operation_marker: PhantomData<fn() -> O>,
}

// Each operation's optional parameters are setters on this type, named after the parameters, so
// the methods the generated code builds a request with are named as a spec's parameters rarely
// are (`json_body`, `query_param`); the generator also avoids every name defined here.
impl<'c, T, O> Request<'c, T, O> {
    #[allow(dead_code, reason = "unused by a crate whose API has no operations")]
    pub(crate) fn new(
        client: &'c Client,
        operation: &'static str,
        method: Method,
        path: String,
        decode: Decoder<T>,
    ) -> Self {
        Request {
            client,
            operation,
            method,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            max_retries: None,
            decode,
            invalid: None,
            operation_marker: PhantomData,
        }
    }

    /// Sets the JSON body.
    #[allow(dead_code, reason = "used only by operations with a body")]
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.with_body(bytes, "application/json"),
            Err(error) => {
                self.invalidate(format!("cannot serialise the body: {error}"));
                self
            }
        }
    }

    /// Sets a text body of `media_type`.
    #[allow(dead_code, reason = "used only by operations with such a body")]
    pub(crate) fn text_body(self, body: impl Into<String>, media_type: &'static str) -> Self {
        self.with_body(body.into().into_bytes(), media_type)
    }

    /// Sets a binary body of `media_type`.
    #[allow(dead_code, reason = "used only by operations with such a body")]
    pub(crate) fn bytes_body(self, body: impl Into<Vec<u8>>, media_type: &'static str) -> Self {
        self.with_body(body.into(), media_type)
    }

    /// Sets the body to `bytes`, sent with the content type `media_type`.
    pub(crate) fn with_body(mut self, bytes: Vec<u8>, media_type: &'static str) -> Self {
        self.body = Some(Body::Bytes {
            bytes,
            content_type: HeaderValue::from_static(media_type),
        });
        self
    }

    /// Sets a body that `write` puts into each attempt's request.
    #[allow(dead_code, reason = "used only by crates with multipart bodies")]
    pub(crate) fn with_built_body(
        mut self,
        write: impl Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync + 'static,
    ) -> Self {
        self.body = Some(Body::Built(Arc::new(write)));
        self
    }

    /// Sets a query parameter: one pair per value (an array parameter repeats its name).
    #[allow(dead_code, reason = "used only by operations with such parameters")]
    pub(crate) fn query_param<V: fmt::Display>(
        mut self,
        name: &'static str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let pairs = values
            .into_iter()
            .map(|value| (name.to_owned(), value.to_string()))
            .collect();
        self.set_query_pairs(name, pairs);
        self
    }

    /// Sets an object query parameter: one query pair per property (OpenAPI's `form` style with
    /// `explode: true`): scalars as text, arrays as repeated pairs, nested objects as JSON.
    #[allow(dead_code, reason = "used only by operations with such parameters")]
    pub(crate) fn query_object_param<Q: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &Q,
    ) -> Self {
        let object = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(object)) => object,
            Ok(other) => {
                self.invalidate(format!("a query object serialised as {other}"));
                return self;
            }
            Err(error) => {
                self.invalidate(format!("cannot serialise a query parameter: {error}"));
                return self;
            }
        };
        let mut pairs = Vec::new();
        for (property, value) in object {
            let values = match value {
                serde_json::Value::Array(items) => items,
                serde_json::Value::Null => Vec::new(),
                single => vec![single],
            };
            for value in values {
                let text = match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                pairs.push((property.clone(), text));
            }
        }
        self.set_query_pairs(name, pairs);
        self
    }

    /// Replaces the query pairs of parameter `name`.
    fn set_query_pairs(&mut self, name: &'static str, pairs: Vec<(String, String)>) {
        match self
            .query
            .iter_mut()
            .find(|(parameter, _)| *parameter == name)
        {
            Some((_, existing)) => *existing = pairs,
            None => self.query.push((name, pairs)),
        }
    }

    /// Sets a header parameter of the operation.
    #[allow(dead_code, reason = "used only by operations with such parameters")]
    pub(crate) fn header_param(self, name: &'static str, value: impl fmt::Display) -> Self {
        self.header(name, value.to_string())
    }

    /// Adds a header to this request only, e.g. a tracing header. Headers set here replace the
    /// client's headers of the same name.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name_text = name.as_ref();
        match (
            HeaderName::try_from(name_text),
            HeaderValue::try_from(value.as_ref()),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.invalidate(format!("invalid header {name_text:?}")),
        }
        self
    }

    /// The timeout for each attempt of this request, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried, instead of the client's policy (0: never).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Sends the request and returns the decoded value.
    pub async fn send(self) -> Result<T, Error> {
        self.send_with_response().await.map(Response::into_value)
    }

    /// Sends the request and returns the decoded value with the status and headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let span = tracing::info_span!(
            "request",
            operation = self.operation,
            method = %self.method,
            path = %self.path,
        );
        self.send_with_retries().instrument(span).await
    }

    async fn send_with_retries(self) -> Result<Response<T>, Error> {
        if let Some(problem) = self.invalid {
            return Err(Error::InvalidRequest(problem));
        }
        let inner = &self.client.inner;
        let mut url = reqwest::Url::parse(&format!("{}{}", inner.base_url, self.path))
            .map_err(|error| Error::InvalidRequest(format!("invalid URL: {error}")))?;
        if self.query.iter().any(|(_, pairs)| !pairs.is_empty()) {
            url.query_pairs_mut()
                .extend_pairs(self.query.iter().flat_map(|(_, pairs)| pairs));
        }
        let retries = self.max_retries.unwrap_or(inner.retry.retries());
        let mut waited = Duration::ZERO;
        let mut retry = 0;
        loop {
            let attempt = Attempt {
                operation: self.operation,
                number: retry + 1,
            };
            let error = match self.attempt(&url, &attempt).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            if retry >= retries || !error.is_retryable() {
                return Err(error);
            }
            let hint = error.api_error().and_then(ApiError::retry_after);
            let delay = inner.retry.delay(retry, hint);
            if waited.saturating_add(delay) > inner.retry.total_wait_cap() {
                tracing::warn!(
                    attempt = attempt.number,
                    delay_ms = delay.as_millis() as u64,
                    "not retrying: the wait would exceed the retry policy's total"
                );
                return Err(error);
            }
            tracing::warn!(
                attempt = attempt.number,
                delay_ms = delay.as_millis() as u64,
                error = %error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            waited = waited.saturating_add(delay);
            retry += 1;
        }
    }

    async fn attempt(&self, url: &reqwest::Url, attempt: &Attempt) -> Result<Response<T>, Error> {
        let inner = &self.client.inner;
        let mut headers = inner.headers.clone();
        headers.extend(self.headers.clone());
        let mut url = url.clone();
        let mut builder = match &inner.credential {
            Some(Credential::Query { name, value }) => {
                url.query_pairs_mut().append_pair(name, value);
                inner.http.request(self.method.clone(), url)
            }
            Some(Credential::Basic { username, password }) => inner
                .http
                .request(self.method.clone(), url)
                .basic_auth(username, Some(password)),
            None => inner.http.request(self.method.clone(), url),
        }
        .headers(headers)
        .timeout(self.timeout.unwrap_or(inner.timeout));
        match &self.body {
            Some(Body::Bytes {
                bytes,
                content_type,
            }) => {
                builder = builder
                    .header(CONTENT_TYPE, content_type.clone())
                    .body(bytes.clone());
            }
            Some(Body::Built(write)) => builder = write(builder),
            None => {}
        }
        let mut request = builder
            .build()
            .map_err(|error| Error::from_transport(error.into()))?;
        for hook in &inner.hooks {
            hook.on_request(&mut AttemptRequest(&mut request), attempt);
        }
        let started = Instant::now();
        let response = match inner.http.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                let error = TransportError::from(error);
                let elapsed = started.elapsed();
                let outcome = Outcome::Failed {
                    error: &error,
                    elapsed,
                };
                inner
                    .hooks
                    .iter()
                    .for_each(|hook| hook.on_response(&outcome, attempt));
                tracing::debug!(attempt = attempt.number, elapsed_ms = elapsed.as_millis() as u64, error = %error, "failed");
                return Err(Error::from_transport(error));
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let elapsed = started.elapsed();
        let outcome = Outcome::Response {
            status,
            headers: &headers,
            elapsed,
        };
        inner
            .hooks
            .iter()
            .for_each(|hook| hook.on_response(&outcome, attempt));
        tracing::debug!(
            attempt = attempt.number,
            status = status.as_u16(),
            elapsed_ms = elapsed.as_millis() as u64,
            "response"
        );
        let body = response
            .bytes()
            .await
            .map_err(|error| Error::from_transport(error.into()))?
            .to_vec();
        if !status.is_success() {
            return Err(Error::from_status(ApiError::new(status, headers, body)));
        }
        match (self.decode)(status, &body) {
            Ok(value) => Ok(Response {
                status,
                headers,
                value,
            }),
            Err(source) => Err(Error::Decode(DecodeError {
                status,
                subject: "body",
                raw_body: body,
                source,
            })),
        }
    }

    /// Records the first problem met while building; `send` reports it instead of sending.
    pub(crate) fn invalidate(&mut self, problem: String) {
        self.invalid.get_or_insert(problem);
    }
}

impl<'c, T: Send + 'c, O: 'c> IntoFuture for Request<'c, T, O> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T, O> fmt::Debug for Request<'_, T, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

/// Decodes a JSON body.
#[allow(dead_code, reason = "used only by operations that need it")]
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    _status: StatusCode,
    body: &[u8],
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// Takes a text body as it is (bytes that are not UTF-8 replaced, so reading never fails).
#[allow(dead_code, reason = "used only by operations that need it")]
pub(crate) fn text(_status: StatusCode, body: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

/// Takes a binary body as it is.
#[allow(dead_code, reason = "used only by operations that need it")]
pub(crate) fn bytes(_status: StatusCode, body: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    Ok(body.to_vec())
}

/// Accepts any body of a response that the spec documents without one.
#[allow(dead_code, reason = "used only by operations that need it")]
pub(crate) fn empty(_status: StatusCode, _body: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// Percent-encodes a path parameter so that `/`, `?`, `#` and the like stay inside its segment.
#[allow(dead_code, reason = "used only by operations that need it")]
pub(crate) fn path_segment(value: impl fmt::Display) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(&value.to_string(), SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::path_segment;

    #[test]
    fn path_segments_cannot_escape_their_segment() {
        assert_eq!(path_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(path_segment("ünï-code_1.2~"), "%C3%BCn%C3%AF-code_1.2~");
    }
}
