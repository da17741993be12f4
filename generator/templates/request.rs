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

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::error::Error;
use crate::error_details::{ApiError, DecodeError, TransportError};
use crate::hooks::{Attempt, AttemptRequest, Outcome};
use crate::response::Response;
use crate::security::Requirements;
use crate::servers::Server;
// Only where the crate has `style::`.
use crate::style;
// Only where the crate has `Serialization`.
use crate::style::Serialization;
use crate::Client;

/// Decodes a success body, given its status, into the operation's output type.
pub(crate) type Decoder<T> = fn(StatusCode, &[u8]) -> Result<T, serde_json::Error>;

/// Makes the output of a success whose body is still to be read (a stream that reads its items
/// as they arrive), or the error saying why the response is not such a stream.
pub(crate) type Opener<T> = fn(StatusCode, reqwest::Response) -> Result<T, Error>;

/// How a success becomes the operation's output.
enum Output<T> {
    /// Its body is read whole, then decoded.
    Whole(Decoder<T>),
    /// Its body is read as it arrives, by the output.
    #[allow(
        dead_code,
        reason = "made only by operations that answer with a stream"
    )]
    Streamed(Opener<T>),
}

/// A success as it arrived: its body read whole, with how it decodes, or the output itself
/// (boxed, as a decoded value is: see [`Request::send_decoded`]).
enum Received<T> {
    Body(Vec<u8>, Decoder<T>),
    Output(Box<T>),
}

/// How an attempt reads an answer.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    /// Whole, before it is decoded.
    Whole,
    /// Not at all: the output reads it as it arrives.
    Streamed,
}

/// An answer as its [`Reading`] leaves it.
enum Answer {
    Body(Vec<u8>),
    Unread(reqwest::Response),
}

/// A request body, kept so that every attempt sends it again.
#[allow(
    dead_code,
    reason = "each crate makes the kinds of body its operations send"
)]
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
    /// All that the type parameters do not change. Its methods do the building, so that they
    /// are compiled once for the crate, not once for each operation's `Request`.
    pub(crate) outgoing: Outgoing<'c>,
    output: Output<T>,
    operation_marker: PhantomData<fn() -> O>,
}

/// A request as it is sent: all of a [`Request`] but how its success becomes the output.
pub(crate) struct Outgoing<'c> {
    client: &'c Client,
    operation: &'static str,
    method: Method,
    path: String,
    /// The operation's own server, when it has one.
    server: Option<Server>,
    /// Where to send instead of the URL made of server, path and query: a next page's link.
    url: Option<reqwest::Url>,
    /// The percent-encoded `name=value` pairs of each query parameter, by parameter name, in
    /// the order they were first set; setting a parameter again replaces its pairs.
    query: Vec<(&'static str, Vec<String>)>,
    /// The `name=value` pairs of each cookie parameter, likewise.
    cookies: Vec<(&'static str, Vec<String>)>,
    /// The security requirements the operation accepts.
    security: Requirements,
    /// Whether the operation documents redirections as answers, returned rather than followed.
    answers_redirects: bool,
    headers: HeaderMap,
    body: Option<Body>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    /// The first problem met while building; reported by `send` instead of sending.
    invalid: Option<String>,
}

// Each operation's optional parameters are setters on this type, named after the parameters, so
// the methods the generated code builds a request with are named as a spec's parameters rarely
// are (`json_body`, `query_param`); the generator also avoids every name defined here. Each
// hands its work to the `Outgoing`.
impl<'c, T, O> Request<'c, T, O> {
    #[allow(dead_code, reason = "unused by a crate whose API has no operations")]
    pub(crate) fn new(
        client: &'c Client,
        operation: &'static str,
        method: Method,
        path: &'static str,
        decode: Decoder<T>,
    ) -> Self {
        Request::with_output(
            Outgoing::new(client, operation, method, path),
            Output::Whole(decode),
        )
    }

    // Only where the crate has `Request::streamed(`.
    /// A request whose success is a stream of items, which `open` makes of the response before
    /// its body is read. The timeout bounds the wait for the response's head, not the stream.
    pub(crate) fn streamed(
        client: &'c Client,
        operation: &'static str,
        method: Method,
        path: &'static str,
        open: Opener<T>,
    ) -> Self {
        Request::with_output(
            Outgoing::new(client, operation, method, path),
            Output::Streamed(open),
        )
    }

    fn with_output(outgoing: Outgoing<'c>, output: Output<T>) -> Self {
        Request {
            outgoing,
            output,
            operation_marker: PhantomData,
        }
    }

    // Only where the crate has `.json_body(`.
    /// Sets the JSON body.
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.outgoing.json_body(body);
        self
    }

    // Only where the crate has `.text_body(`.
    /// Sets a text body of `media_type`.
    pub(crate) fn text_body(mut self, body: impl Into<String>, media_type: &'static str) -> Self {
        self.outgoing
            .with_body(body.into().into_bytes(), media_type);
        self
    }

    // Only where the crate has `.bytes_body(`.
    /// Sets a binary body of `media_type`.
    pub(crate) fn bytes_body(mut self, body: impl Into<Vec<u8>>, media_type: &'static str) -> Self {
        self.outgoing.with_body(body.into(), media_type);
        self
    }

    // Only where the crate has `.on_server(`.
    /// Sends the request to the operation's own `server` rather than the API's (unless the
    /// client was given a base URL).
    pub(crate) fn on_server(mut self, server: Server) -> Self {
        self.outgoing.server = Some(server);
        self
    }

    // Only where the crate has `.secured_by(`.
    /// Sends the request with the credentials of one of `requirements`, the operation's own,
    /// rather than the API's [`crate::SECURITY`].
    pub(crate) fn secured_by(mut self, requirements: Requirements) -> Self {
        self.outgoing.security = requirements;
        self
    }

    // Only where the crate has `.answering_redirects(`.
    /// Returns a redirection the server answers with rather than following it: the operation
    /// documents redirections as answers (a `302` whose `Location` is what the caller wants).
    pub(crate) fn answering_redirects(mut self) -> Self {
        self.outgoing.answers_redirects = true;
        self
    }

    // Only where the crate has `.path_param(`.
    /// Fills `{name}` in the path with `value`, written as the parameter's `style` says.
    pub(crate) fn path_param<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) -> Self {
        self.outgoing.path_param(name, value, serialization);
        self
    }

    // Only where the crate has `.query_param(`.
    /// Sets a query parameter, written as its `style` says; setting it again replaces it.
    pub(crate) fn query_param<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) -> Self {
        self.outgoing.query_param(name, value, serialization);
        self
    }

    // Only where the crate has `.header_param(`.
    /// Sets a header parameter, written as its `style` says (never percent-encoded).
    pub(crate) fn header_param<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) -> Self {
        self.outgoing.header_param(name, value, serialization);
        self
    }

    // Only where the crate has `.cookie_param(`.
    /// Sets a cookie parameter, written as its `style` says; every cookie of the request goes
    /// in one `Cookie` header.
    pub(crate) fn cookie_param<V: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) -> Self {
        self.outgoing.cookie_param(name, value, serialization);
        self
    }

    /// Adds a header to this request only, e.g. a tracing header. Headers set here replace the
    /// client's headers of the same name.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.outgoing.header(name.as_ref(), value.as_ref());
        self
    }

    /// The timeout for each attempt of this request, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.outgoing.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried, instead of the client's policy (0: never).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.outgoing.max_retries = Some(max_retries);
        self
    }

    /// Sends the request and returns the decoded value.
    pub async fn send(self) -> Result<T, Error> {
        let (_, _, value) = self.send_decoded().await?;
        Ok(*value)
    }

    /// Sends the request and returns the decoded value with the status and headers.
    pub async fn send_with_response(self) -> Result<Response<T>, Error> {
        let (status, headers, value) = self.send_decoded().await?;
        Ok(Response {
            status,
            headers,
            value: *value,
        })
    }

    /// Sends the request and decodes its success, which stays on the heap until the caller
    /// takes it: a type of a large API can be tens of kilobytes, and every future that held
    /// one would need that much more stack (several times over in a debug build) to be polled.
    async fn send_decoded(&self) -> Result<(StatusCode, HeaderMap, Box<T>), Error> {
        let (status, headers, received) = self.send_received().await?;
        let value = match received {
            Received::Body(body, decode) => decoded(status, body, decode).map_err(Error::Decode)?,
            Received::Output(value) => value,
        };
        Ok((status, headers, value))
    }

    /// Sends the request, in a span naming it, with retries; the success as it arrived, a
    /// stream's output made in the span.
    async fn send_received(&self) -> Result<(StatusCode, HeaderMap, Received<T>), Error> {
        let reading = match self.output {
            Output::Whole(_) => Reading::Whole,
            Output::Streamed(_) => Reading::Streamed,
        };
        let received = async {
            let (status, headers, answer) = self.outgoing.send_with_retries(reading).await?;
            let received = match (&self.output, answer) {
                (Output::Whole(decode), Answer::Body(body)) => Received::Body(body, *decode),
                (Output::Streamed(open), Answer::Unread(response)) => {
                    Received::Output(opened(*open, status, response)?)
                }
                _ => unreachable!("an answer is read as its output asks"),
            };
            Ok((status, headers, received))
        };
        received.instrument(self.outgoing.span()).await
    }
}

impl<'c> Outgoing<'c> {
    fn new(
        client: &'c Client,
        operation: &'static str,
        method: Method,
        path: &'static str,
    ) -> Self {
        Outgoing {
            client,
            operation,
            method,
            path: path.to_owned(),
            server: None,
            url: None,
            query: Vec::new(),
            cookies: Vec::new(),
            security: crate::SECURITY,
            answers_redirects: false,
            headers: HeaderMap::new(),
            body: None,
            timeout: None,
            max_retries: None,
            invalid: None,
        }
    }

    // Only where the crate has `.json_body(`.
    /// Sets the JSON body.
    fn json_body<B: serde::Serialize + ?Sized>(&mut self, body: &B) {
        match written(|| serde_json::to_vec(body)) {
            Ok(bytes) => self.with_body(bytes, "application/json"),
            Err(error) => self.invalidate(format!("cannot serialise the body: {error}")),
        }
    }

    // Only where the crate has `.with_body(`.
    /// Sets the body to `bytes`, sent with the content type `media_type`.
    pub(crate) fn with_body(&mut self, bytes: Vec<u8>, media_type: &'static str) {
        self.body = Some(Body::Bytes {
            bytes,
            content_type: HeaderValue::from_static(media_type),
        });
    }

    // Only where the crate has `.with_built_body(`.
    /// Sets a body that `write` puts into each attempt's request.
    pub(crate) fn with_built_body(
        &mut self,
        write: impl Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync + 'static,
    ) {
        self.body = Some(Body::Built(Arc::new(write)));
    }

    // Only where the crate has `.path_param(`.
    /// Fills `{name}` in the path with `value`, written as the parameter's `style` says.
    fn path_param<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) {
        if let Some(value) = self.json_value(name, value) {
            let written = style::path(name, &value, serialization);
            self.path = self.path.replace(&format!("{{{name}}}"), &written);
        }
    }

    // Only where the crate has `.query_param(`.
    /// Sets a query parameter, written as its `style` says; setting it again replaces it.
    fn query_param<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) {
        if let Some(value) = self.json_value(name, value) {
            let pairs = style::query(name, &value, serialization);
            set_pairs(&mut self.query, name, pairs);
        }
    }

    // Only where the crate has `.header_param(`.
    /// Sets a header parameter, written as its `style` says (never percent-encoded).
    fn header_param<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) {
        if let Some(value) = self.json_value(name, value) {
            self.header(name, &style::header(&value, serialization));
        }
    }

    // Only where the crate has `.cookie_param(`.
    /// Sets a cookie parameter, written as its `style` says; every cookie of the request goes
    /// in one `Cookie` header.
    fn cookie_param<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
        serialization: Serialization,
    ) {
        if let Some(value) = self.json_value(name, value) {
            let pairs = style::cookie(name, &value, serialization);
            set_pairs(&mut self.cookies, name, pairs);
        }
    }

    // Only where the crate has `.json_value(`.
    /// `value` as JSON, which the styles write; a value that cannot be (a map with keys that are
    /// not strings) makes the request invalid.
    fn json_value<V: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
    ) -> Option<serde_json::Value> {
        match written(|| serde_json::to_value(value)) {
            Ok(value) => Some(value),
            Err(error) => {
                self.invalidate(format!("cannot write parameter `{name}`: {error}"));
                None
            }
        }
    }

    /// Adds a header; one set before of the same name is replaced.
    fn header(&mut self, name: &str, value: &str) {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.invalidate(format!("invalid header {name:?}")),
        }
    }

    /// Records the first problem met while building; `send` reports it instead of sending.
    pub(crate) fn invalidate(&mut self, problem: String) {
        self.invalid.get_or_insert(problem);
    }

    /// The span the request's attempts are made in, naming it.
    fn span(&self) -> tracing::Span {
        tracing::info_span!(
            "request",
            operation = self.operation,
            method = %self.method,
            path = %self.path,
        )
    }

    /// The URL the request goes to, or why there is none.
    fn url(&self) -> Result<reqwest::Url, String> {
        if let Some(url) = &self.url {
            return Ok(url.clone());
        }
        let inner = &self.client.inner;
        let base_url = match self.server.as_ref().filter(|_| !inner.base_url_given) {
            Some(server) => server
                .url(&inner.server_variables)
                .map_err(|error| error.to_string())?,
            None => inner.base_url.clone(),
        };
        let mut url = format!("{base_url}{}", self.path);
        let query = joined(&self.query, "&");
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        reqwest::Url::parse(&url).map_err(|error| format!("invalid URL: {error}"))
    }

    async fn send_with_retries(
        &self,
        reading: Reading,
    ) -> Result<(StatusCode, HeaderMap, Answer), Error> {
        if let Some(problem) = &self.invalid {
            return Err(Error::InvalidRequest(problem.clone()));
        }
        let inner = &self.client.inner;
        let url = self.url().map_err(Error::InvalidRequest)?;
        let credentials = inner
            .credentials
            .choose(self.security)
            .map_err(Error::InvalidRequest)?;
        let retries = self.max_retries.unwrap_or(inner.retry.retries());
        let mut waited = Duration::ZERO;
        let mut retry = 0;
        loop {
            let attempt = Attempt {
                operation: self.operation,
                number: retry + 1,
            };
            let error = match self.attempt(&url, credentials, &attempt, reading).await {
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

    async fn attempt(
        &self,
        url: &reqwest::Url,
        credentials: &[usize],
        attempt: &Attempt,
        reading: Reading,
    ) -> Result<(StatusCode, HeaderMap, Answer), Error> {
        let inner = &self.client.inner;
        let mut url = url.clone();
        let mut headers = inner.headers.clone();
        let mut cookies: Vec<String> = self
            .cookies
            .iter()
            .flat_map(|(_, pairs)| pairs.iter().cloned())
            .collect();
        let applied = inner
            .credentials
            .apply(credentials, &mut url, &mut headers, &mut cookies);
        headers.extend(self.headers.clone());
        if !cookies.is_empty() {
            let cookies = HeaderValue::try_from(cookies.join("; ")).map_err(|_| {
                Error::InvalidRequest("a cookie's value cannot be sent in a header".into())
            })?;
            headers.insert(COOKIE, cookies);
        }
        let timeout = self.timeout.unwrap_or(inner.timeout);
        let http = inner.http_for(self.answers_redirects);
        let mut builder = http.request(self.method.clone(), url);
        if let Some((username, password)) = applied.basic {
            builder = builder.basic_auth(username, Some(password));
        }
        builder = builder.headers(headers);
        if reading == Reading::Whole {
            // From connecting until the body has been read.
            builder = builder.timeout(timeout);
        }
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
        let executed = http.execute(request);
        let response = match reading {
            Reading::Whole => executed.await.map_err(TransportError::from),
            // A stream's body is read as long as the server sends it.
            Reading::Streamed => match tokio::time::timeout(timeout, executed).await {
                Ok(response) => response.map_err(TransportError::from),
                Err(_) => Err(TransportError::no_response(timeout)),
            },
        };
        let response = match response {
            Ok(response) => response,
            Err(error) => {
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
        if reading == Reading::Streamed && self.is_answer(status) {
            return Ok((status, headers, Answer::Unread(response)));
        }
        let body = response
            .bytes()
            .await
            .map_err(|error| Error::from_transport(error.into()))?
            .to_vec();
        if self.is_answer(status) {
            Ok((status, headers, Answer::Body(body)))
        } else {
            Err(Error::from_status(ApiError::new(status, headers, body)))
        }
    }

    /// Whether a response of `status` is an answer of the operation, decoded as its output: a
    /// success, or a redirection where the operation documents those.
    fn is_answer(&self, status: StatusCode) -> bool {
        status.is_success() || (self.answers_redirects && status.is_redirection())
    }
}

// Only where the crate has `.send_page(`.
/// What the page streams of [`pagination`](crate::pagination) ask of a request: to be sent
/// again and again, each time asking for another page.
impl<T, O> Request<'_, T, O> {
    /// Sends the request and returns the decoded value with the body as JSON, from which a
    /// page's cursor and items are read; `None` when the operation answers with a stream,
    /// which has no pages.
    pub(crate) async fn send_page(
        &self,
    ) -> Result<Option<(Response<T>, serde_json::Value)>, Error> {
        let (status, headers, received) = self.send_received().await?;
        let Received::Body(body, decode) = received else {
            return Ok(None);
        };
        let json = serde_json::from_slice(&body);
        let value = *decoded(status, body.clone(), decode).map_err(Error::Decode)?;
        let json = json.map_err(|source| {
            Error::Decode(DecodeError {
                status,
                subject: "body",
                raw_body: body,
                source,
            })
        })?;
        let response = Response {
            status,
            headers,
            value,
        };
        Ok(Some((response, json)))
    }
}

// Only where the crate has `.send_page(`.
/// What the page streams ask of a request besides sending it: to ask for another page.
impl Outgoing<'_> {
    /// The operation's `operationId`, for messages.
    pub(crate) fn operation_name(&self) -> &'static str {
        self.operation
    }

    /// Sets the query parameter `name` to the text `value`, written in `form` style.
    pub(crate) fn set_query_text(&mut self, name: &'static str, value: &str) {
        let value = serde_json::Value::String(value.to_owned());
        set_pairs(
            &mut self.query,
            name,
            style::query(name, &value, style::FORM),
        );
    }

    /// Drops query parameter `name`.
    pub(crate) fn remove_query(&mut self, name: &str) {
        self.query.retain(|(parameter, _)| *parameter != name);
    }

    /// The text of query parameter `name`, when it is set to one value.
    pub(crate) fn query_text(&self, name: &str) -> Option<String> {
        let (_, pairs) = self
            .query
            .iter()
            .find(|(parameter, _)| *parameter == name)?;
        let [pair] = pairs.as_slice() else {
            return None;
        };
        let (_, value) = pair.split_once('=')?;
        Some(
            percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned(),
        )
    }

    /// Sets the field at the JSON pointer `pointer` of the JSON body to the text `value`,
    /// making the objects on the way (and the body) when absent; or says why it cannot.
    pub(crate) fn set_body_field(&mut self, pointer: &str, value: &str) -> Result<(), String> {
        let mut body = match &self.body {
            Some(Body::Bytes { bytes, .. }) => serde_json::from_slice(bytes)
                .map_err(|error| format!("the body is not JSON: {error}"))?,
            Some(Body::Built(_)) => {
                return Err("a cursor cannot be put into a multipart body".into());
            }
            None => serde_json::Value::Object(serde_json::Map::new()),
        };
        let mut field = &mut body;
        for key in pointer.split('/').skip(1) {
            let key = key.replace("~1", "/").replace("~0", "~");
            if !field.is_object() {
                *field = serde_json::Value::Object(serde_json::Map::new());
            }
            field = field
                .as_object_mut()
                .expect("made an object")
                .entry(key)
                .or_insert(serde_json::Value::Null);
        }
        *field = serde_json::Value::String(value.to_owned());
        let bytes = serde_json::to_vec(&body)
            .map_err(|error| format!("cannot serialise the body: {error}"))?;
        self.body = Some(Body::Bytes {
            bytes,
            content_type: HeaderValue::from_static("application/json"),
        });
        Ok(())
    }

    /// Sends the request to `url` instead of the operation's URL.
    pub(crate) fn set_url(&mut self, url: reqwest::Url) {
        self.url = Some(url);
    }

    /// `link` (absolute, or relative to the URL this request goes to) as a URL, or why it is
    /// not one.
    pub(crate) fn resolve(&self, link: &str) -> Result<reqwest::Url, String> {
        self.url()?
            .join(link)
            .map_err(|error| format!("the next page's URL `{link}`: {error}"))
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
        self.outgoing.fmt(f)
    }
}

impl fmt::Debug for Outgoing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "cookies",
                &self
                    .cookies
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

// Only where the crate has `request::method(`.
/// A method HTTP has no constant for (OpenAPI 3.2's `QUERY`, or another of its
/// `additionalOperations`). The generator emits only valid method names, so the fallback is
/// never taken.
pub(crate) fn method(name: &'static str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap_or(Method::POST)
}

// Only where the crate has `request::json`.
/// Decodes a JSON body. An empty one is `null` for a type that takes it (any JSON value, an
/// `Option`), as mock servers answer a schema that says nothing. A body that does not fit its
/// type is read again with the values a server wrote in another form mended (see [`mended`]).
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    _status: StatusCode,
    body: &[u8],
) -> Result<T, serde_json::Error> {
    match serde_json::from_slice(body) {
        Ok(decoded) => Ok(decoded),
        // No body where JSON was promised: a success that may be anything (or nothing) is
        // `null`; any other type keeps the error that says the body ended.
        Err(error) if body.iter().all(u8::is_ascii_whitespace) => {
            serde_json::from_slice(b"null").map_err(|_| error)
        }
        Err(error) if error.is_data() => mended(body, error),
        Err(error) => Err(error),
    }
}

// Only where the crate has `mended(`.
/// How many failures [`mended`] mends before it gives up.
const MAX_MENDS: usize = 64;

// Only where the crate has `mended(`.
/// `body`, which is JSON but failed to decode with `error`, decoded after mending the values
/// its description types otherwise but whose meaning is not in doubt: a number or a boolean
/// written as a string (`"-0.0025"`, `"true"`, as Twilio's and Docker's APIs send them), and a
/// number where a string is described. Each place the decode fails at is mended, with the same
/// place in every item of the lists around it, and the decode is tried again. Where a failure
/// is of another kind (a missing field, a string that is not a number) or cannot be placed
/// (inside an untagged union): `error` if it is the first, else that failure with its path.
///
/// Every decode, mended or not, reads text with `serde_json::from_slice`: a type's
/// `Deserialize` is compiled for that one reader only (reading the mended `Value` directly, or
/// through a path-tracking wrapper, would compile every type's decoding again). The mending
/// itself is not generic, so it is compiled once, not once per type.
fn mended<T: serde::de::DeserializeOwned>(
    body: &[u8],
    error: serde_json::Error,
) -> Result<T, serde_json::Error> {
    let mut decoded = None;
    mend_until_decoded(body, error, &mut |text| {
        decoded = Some(serde_json::from_slice(text)?);
        Ok(())
    })?;
    decoded.ok_or_else(|| serde::de::Error::custom("mending stopped before decoding"))
}

// Only where the crate has `mended(`.
/// [`mended`]'s work: mends `body` and calls `decode` with its text until `decode` succeeds,
/// or the failure cannot be mended.
fn mend_until_decoded(
    body: &[u8],
    error: serde_json::Error,
    decode: &mut dyn FnMut(&[u8]) -> Result<(), serde_json::Error>,
) -> Result<(), serde_json::Error> {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Err(error);
    };
    let mut path = path_at(body, &error);
    let mut failure = None;
    for mends in 0..MAX_MENDS {
        let how = match value_at(&value, &path) {
            Some(serde_json::Value::String(_)) => Some(Mend::Parse),
            Some(serde_json::Value::Number(_)) => Some(Mend::Print),
            _ => None,
        };
        if !how.is_some_and(|how| mend(&mut value, &path, how)) {
            break;
        }
        let text = value.to_string();
        match decode(text.as_bytes()) {
            Ok(()) => {
                tracing::debug!(
                    mends = mends + 1,
                    "decoded after mending values written in another form"
                );
                return Ok(());
            }
            Err(next) => {
                path = path_at(text.as_bytes(), &next);
                failure = Some(next);
            }
        }
    }
    Err(match failure {
        None => error,
        Some(failure) => serde::de::Error::custom(format_args!(
            "{}{} (after mending values written in another form)",
            Located(&path),
            without_position(&failure),
        )),
    })
}

// Only where the crate has `mended(`.
/// What [`mended`] does to a value: reads a string as the number or boolean it spells, or
/// writes a number as a string.
#[derive(Debug, Clone, Copy)]
enum Mend {
    Parse,
    Print,
}

// Only where the crate has `mended(`.
/// One step from a JSON value into one inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

// Only where the crate has `mended(`.
/// Where in `text` the value is that failed to decode with `error`: the keys and indices from
/// the top to the value `serde_json` had just read, or was about to read, when it failed. Its
/// errors stand just after that value (a string, a number, an object missing a field), or at
/// its first byte where its kind is wrong from the start (an object where a string is
/// described), so the open objects and lists before that place lead to it.
fn path_at(text: &[u8], error: &serde_json::Error) -> Vec<Step> {
    let line_start: usize = text
        .split_inclusive(|&byte| byte == b'\n')
        .take(error.line().saturating_sub(1))
        .map(<[u8]>::len)
        .sum();
    let end = (line_start + error.column()).min(text.len());
    // The open objects and lists, each with the step to its current member, and for each
    // object whether its next string is a key.
    let mut open: Vec<(Step, bool)> = Vec::new();
    let mut at = 0;
    while at < end {
        match text[at] {
            b'"' => {
                let close = string_end(text, at);
                if let Some((step @ Step::Key(_), awaiting_key @ true)) = open.last_mut() {
                    let key = serde_json::from_slice(&text[at..close]);
                    *step = Step::Key(key.unwrap_or_default());
                    *awaiting_key = false;
                }
                at = close;
                continue;
            }
            b'{' => open.push((Step::Key(String::new()), true)),
            b'[' => open.push((Step::Index(0), false)),
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some((Step::Index(index), _)) => *index += 1,
                Some((Step::Key(_), awaiting_key)) => *awaiting_key = true,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    open.into_iter().map(|(step, _)| step).collect()
}

// Only where the crate has `mended(`.
/// Where the JSON string that opens at `open` (its `"`) ends: just after its closing quote.
fn string_end(text: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    text.len()
}

// Only where the crate has `mended(`.
/// A path written as a prefix of a message, `items[1].price: `, or nothing for the top.
struct Located<'p>(&'p [Step]);

// Only where the crate has `mended(`.
impl std::fmt::Display for Located<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (position, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if position == 0 => formatter.write_str(key)?,
                Step::Key(key) => write!(formatter, ".{key}")?,
                Step::Index(index) => write!(formatter, "[{index}]")?,
            }
        }
        if self.0.is_empty() {
            Ok(())
        } else {
            formatter.write_str(": ")
        }
    }
}

// Only where the crate has `mended(`.
/// What `error` says, without the line and column it adds: those of the mended text, which
/// the caller never saw.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => message,
    }
}

// Only where the crate has `mended(`.
/// The value at `path`.
fn value_at<'v>(value: &'v serde_json::Value, path: &[Step]) -> Option<&'v serde_json::Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get(key.as_str()),
        Step::Index(index) => value.get(*index),
    })
}

// Only where the crate has `mended(`.
/// Mends the value at `path` as `how` says, and the value at the same path under every other
/// item of each list on the way where it needs the same; whether the value at `path` itself
/// was mended.
fn mend(value: &mut serde_json::Value, path: &[Step], how: Mend) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return mend_value(value, how);
    };
    match (first, value) {
        (Step::Key(key), serde_json::Value::Object(object)) => object
            .get_mut(key.as_str())
            .is_some_and(|value| mend(value, rest, how)),
        (Step::Index(index), serde_json::Value::Array(items)) => {
            let mut mended = false;
            for (at, item) in items.iter_mut().enumerate() {
                let this = mend(item, rest, how);
                mended |= this && at == *index;
            }
            mended
        }
        _ => false,
    }
}

// Only where the crate has `mended(`.
/// `value` mended as `how` says, where it is of the kind `how` mends.
fn mend_value(value: &mut serde_json::Value, how: Mend) -> bool {
    let mended = match (how, &*value) {
        (Mend::Parse, serde_json::Value::String(text)) => match serde_json::from_str(text.trim()) {
            Ok(number @ serde_json::Value::Number(_)) => number,
            Ok(boolean @ serde_json::Value::Bool(_)) => boolean,
            _ => return false,
        },
        (Mend::Print, serde_json::Value::Number(number)) => {
            serde_json::Value::String(number.to_string())
        }
        _ => return false,
    };
    *value = mended;
    true
}

// Only where the crate has `request::text`.
/// Takes a text body as it is (bytes that are not UTF-8 replaced, so reading never fails).
pub(crate) fn text(_status: StatusCode, body: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

// Only where the crate has `request::bytes`.
/// Takes a binary body as it is.
pub(crate) fn bytes(_status: StatusCode, body: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    Ok(body.to_vec())
}

// Only where the crate has `request::empty`.
/// Accepts any body of a response that the spec documents without one.
pub(crate) fn empty(_status: StatusCode, _body: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// The output `open` makes of a streamed success, on the heap (see [`Request::send_decoded`]):
/// a function of its own, so that no future holds the output while making it.
fn opened<T>(
    open: Opener<T>,
    status: StatusCode,
    response: reqwest::Response,
) -> Result<Box<T>, Error> {
    open(status, response).map(Box::new)
}

/// The success body decoded, on the heap (see [`Request::send_decoded`]).
fn decoded<T>(
    status: StatusCode,
    body: Vec<u8>,
    decode: Decoder<T>,
) -> Result<Box<T>, DecodeError> {
    decode(status, &body)
        .map(Box::new)
        .map_err(|source| DecodeError {
            status,
            subject: "body",
            raw_body: body,
            source,
        })
}

// Only where the crate has `set_pairs(`.
/// Replaces the pairs of parameter `name` in `list`.
fn set_pairs(list: &mut Vec<(&'static str, Vec<String>)>, name: &'static str, pairs: Vec<String>) {
    match list.iter_mut().find(|(parameter, _)| *parameter == name) {
        Some((_, existing)) => *existing = pairs,
        None => list.push((name, pairs)),
    }
}

/// Every pair of `list`, in order, joined by `separator`.
fn joined(list: &[(&'static str, Vec<String>)], separator: &str) -> String {
    list.iter()
        .flat_map(|(_, pairs)| pairs)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(separator)
}

// Only where the crate has `WRITING`.
thread_local! {
    /// Whether a request's body is being written on this thread, by [`written`].
    static WRITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

// Only where the crate has `written(`.
/// Runs `write`, which writes part of a request (its body, a part, a parameter's value). The
/// fields of the properties the description marks `readOnly` (the server sets them) are left
/// out while it runs, as OpenAPI asks, by their `skip_serializing_if`; a value serialized
/// anywhere else keeps them, so what a program reads from the API and writes out again loses
/// nothing.
pub(crate) fn written<R>(write: impl FnOnce() -> R) -> R {
    /// Ends the writing, even if `write` panics.
    struct Writing;
    impl Drop for Writing {
        fn drop(&mut self) {
            WRITING.set(false);
        }
    }
    WRITING.set(true);
    let _writing = Writing;
    write()
}

// Only where the crate has `request::read_only"`.
/// Whether a required `readOnly` property is left out: only while a request's body is written.
pub(crate) fn read_only<T>(_: &T) -> bool {
    WRITING.get()
}

// Only where the crate has `request::read_only_or_none`.
/// Whether an optional `readOnly` property is left out: while a request's body is written, or
/// when it has no value.
pub(crate) fn read_only_or_none<T>(value: &Option<T>) -> bool {
    value.is_none() || WRITING.get()
}

// Only where the crate has `request::json`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_json_body_is_null_where_null_fits_and_an_error_elsewhere() {
        let any: serde_json::Value = json(StatusCode::OK, b"").expect("any value");
        assert_eq!(any, serde_json::Value::Null);
        let optional: Option<u8> = json(StatusCode::OK, b" \n").expect("an option");
        assert_eq!(optional, None);
        let error = json::<Vec<u8>>(StatusCode::OK, b"").expect_err("a list needs a body");
        assert!(error.is_eof(), "{error}");
        let error = json::<u8>(StatusCode::OK, b"x").expect_err("not JSON");
        assert!(error.is_syntax(), "{error}");
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Price {
        amount: f64,
        count: Option<i64>,
        paid: bool,
        id: String,
    }

    #[test]
    fn numbers_and_booleans_written_as_strings_are_read_as_described() {
        let body = br#"[
            {"amount": "-0.0025", "count": "3", "paid": "true", "id": 7},
            {"amount": 1.5, "count": null, "paid": false, "id": "b"},
            {"amount": " 19.720000 ", "paid": "false", "id": 8.5}
        ]"#;
        let prices: Vec<Price> = json(StatusCode::OK, body).expect("mended");
        let read = |amount, count, paid, id: &str| Price {
            amount,
            count,
            paid,
            id: id.to_owned(),
        };
        assert_eq!(
            prices,
            [
                read(-0.0025, Some(3), true, "7"),
                read(1.5, None, false, "b"),
                read(19.72, None, false, "8.5"),
            ]
        );
    }

    #[test]
    fn what_cannot_be_mended_keeps_the_first_error() {
        let body = br#"{"amount": "a lot", "paid": true, "id": "a"}"#;
        let error = json::<Price>(StatusCode::OK, body).expect_err("not a number");
        // The first failure, where it is in the body.
        assert!(error.to_string().contains("a lot"), "{error}");
        assert_eq!(error.line(), 1, "{error}");
        // What is left after mending, with where it is.
        let body = br#"[{"amount": "1", "paid": true, "id": "a"}, {"amount": "1", "id": "a"}]"#;
        let error = json::<Vec<Price>>(StatusCode::OK, body).expect_err("`paid` is missing");
        assert_eq!(
            error.to_string(),
            "[1]: missing field `paid` (after mending values written in another form)"
        );
        let body = br#"{"amount": 2.0, "paid": "yes", "id": "a"}"#;
        let error = json::<Price>(StatusCode::OK, body).expect_err("not a boolean");
        assert!(error.to_string().contains("yes"), "{error}");
    }

    /// The shape of a generated struct: the properties the schema does not declare are kept
    /// beside those it does.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Line {
        price: Price,
        tags: Vec<String>,
        #[serde(flatten)]
        additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn values_are_mended_inside_objects_that_keep_undeclared_properties() {
        let body = br#"{"note": {"amount": "1"}, "price": {"amount": "2.5", "paid": true,
            "id": 3}, "tags": ["a", 1]}"#;
        let line: Line = json(StatusCode::OK, body).expect("mended");
        assert_eq!(line.price.amount, 2.5);
        assert_eq!(line.price.id, "3");
        assert_eq!(line.tags, ["a", "1"]);
        // An undeclared property is kept as it came, not mended.
        assert_eq!(line.additional_properties["note"]["amount"], "1");
        let body = br#"{"price": {"amount": "2.5", "id": "a"}, "tags": []}"#;
        let error = json::<Line>(StatusCode::OK, body).expect_err("`paid` is missing");
        assert_eq!(
            error.to_string(),
            "price: missing field `paid` (after mending values written in another form)"
        );
    }

    /// The path of the value a decode failed at, from the error's line and column.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(body: &str) -> String {
        let error = serde_json::from_str::<T>(body).expect_err("fails");
        Located(&path_at(body.as_bytes(), &error)).to_string()
    }

    #[test]
    fn a_failure_is_placed_by_the_keys_and_indices_that_lead_to_it() {
        type Nested = std::collections::BTreeMap<String, Vec<Price>>;
        // After a string, a number or a literal that is not of the described kind.
        let body = r#"{"a": [], "b \"quoted\", {[": [
            {"amount": 1, "paid": true, "id": "x"},
            {"id": "y,}", "amount": "1", "paid": true}
        ]}"#;
        assert_eq!(path_of::<Nested>(body), r#"b "quoted", {[[1].amount: "#);
        let body = r#"{"a": [{"amount": 1, "paid": 0, "id": "x"}]}"#;
        assert_eq!(path_of::<Nested>(body), "a[0].paid: ");
        // At the start of an object or a list where neither is described.
        let body = r#"{"a": [{"amount": 1, "paid": true, "id": {"b": [1]}}]}"#;
        assert_eq!(path_of::<Nested>(body), "a[0].id: ");
        let body = r#"{"a": [{"amount": 1, "paid": true, "id": "x"}, [2]]}"#;
        assert_eq!(path_of::<Nested>(body), "a[1]: ");
        // After an object that lacks a field.
        let body = "{\"a\": [{\"amount\": 1, \"id\": \"x\"\n}], \"b\": []}";
        assert_eq!(path_of::<Nested>(body), "a[0]: ");
        // The top.
        assert_eq!(path_of::<Nested>("[]"), "");
    }
}
