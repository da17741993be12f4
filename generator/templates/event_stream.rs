//! Server-Sent Events: the typed events of an operation's response, or of a stream whose URL
//! the API hands out.
//!
//! The stream is parsed by `eventsource-stream` (the WHATWG rules: comments and heartbeats are
//! skipped, multi-line `data` is joined, an event is dispatched at its blank line). Each event
//! of an operation's response is decoded whole, as OpenAPI models an event: an object of its
//! `event` (`message` when it names none), `data`, `id` (when there is one) and `retry` (in
//! milliseconds, when it sets one), its `data` decoded as JSON where the description types it
//! so. Of a stream whose URL the API hands out, the `data` of each event is one JSON value,
//! decoded into the stream's event type.
//!
//! Such a URL carries its own access token (in its query string), so the request sends no
//! `Authorization` header, and the URL never appears in errors, logs or `Debug` output.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use eventsource_stream::{EventStreamError, Eventsource};
use futures_core::Stream;
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::error_details::DecodeError;
// Only where the crate has `.open_event_stream(`.
use crate::Client;

/// The parsed Server-Sent Events of one response.
type Events = Pin<
    Box<
        dyn Stream<Item = Result<eventsource_stream::Event, EventStreamError<reqwest::Error>>>
            + Send,
    >,
>;

/// A live stream of `T` events: a [`Stream`] of `Result<T, Error>`.
///
/// - It ends (yields `None`) when the server closes the stream.
/// - An event whose data does not decode yields [`Error::Decode`], with the data kept raw in
///   [`DecodeError::raw_body`], and the stream goes on.
/// - A broken connection yields [`Error::Transport`] (a timeout [`Error::Timeout`]), and a
///   stream that is not valid Server-Sent Events [`Error::InvalidEventStream`]; the stream ends
///   after either.
///
/// Poll it with `futures::StreamExt::next` (or any other stream combinator). Dropping it closes
/// the connection.
pub struct EventStream<T> {
    events: Events,
    items: Items,
    status: StatusCode,
    ended: bool,
    event_type: PhantomData<fn() -> T>,
}

/// What each event is decoded from.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "each crate reads the kinds of stream its API has")]
enum Items {
    /// Its `data`, one JSON value.
    Data,
    /// The whole event, its `data` as JSON when `json_data`, else as text.
    Events { json_data: bool },
}

impl<T> EventStream<T> {
    // Only where the crate has `EventStream::events`.
    /// The events of an operation's response, each decoded whole, its `data` as text.
    pub(crate) fn events(status: StatusCode, response: reqwest::Response) -> Result<Self, Error> {
        EventStream::read(status, response, Items::Events { json_data: false })
    }

    // Only where the crate has `EventStream::json_events`.
    /// The events of an operation's response, each decoded whole, its `data` as JSON.
    pub(crate) fn json_events(
        status: StatusCode,
        response: reqwest::Response,
    ) -> Result<Self, Error> {
        EventStream::read(status, response, Items::Events { json_data: true })
    }

    /// The events of a successful `response`, or why it is not Server-Sent Events.
    fn read(status: StatusCode, response: reqwest::Response, items: Items) -> Result<Self, Error> {
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        // Media types are case-insensitive and may carry parameters (`; charset=utf-8`).
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        if !essence.eq_ignore_ascii_case("text/event-stream") {
            return Err(Error::InvalidEventStream(format!(
                "the server answered with content type {content_type:?}, not text/event-stream"
            )));
        }
        tracing::debug!(status = status.as_u16(), "event stream opened");
        Ok(EventStream {
            events: Box::pin(response.bytes_stream().eventsource()),
            items,
            status,
            ended: false,
            event_type: PhantomData,
        })
    }
}

// Only where the crate has `.open_event_stream(`.
impl Client {
    /// Opens the Server-Sent Events stream at `url`, without this client's token (the URL
    /// carries its own). The client's timeout bounds the wait for the response headers, not
    /// the stream, which lasts as long as the server keeps it open.
    pub(crate) async fn open_event_stream<T>(&self, url: &str) -> Result<EventStream<T>, Error> {
        use reqwest::header::{HeaderValue, ACCEPT, USER_AGENT};

        use crate::error_details::{ApiError, TransportError};

        let inner = &self.inner;
        let url = reqwest::Url::parse(url).map_err(|error| {
            // `url`'s errors never quote the input, which holds the token.
            Error::InvalidRequest(format!("the event stream URL is not a valid URL: {error}"))
        })?;
        let mut request = inner
            .http
            .get(url)
            .header(ACCEPT, HeaderValue::from_static("text/event-stream"));
        if let Some(user_agent) = inner.headers.get(USER_AGENT) {
            request = request.header(USER_AGENT, user_agent.clone());
        }
        let response = match tokio::time::timeout(inner.timeout, request.send()).await {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => return Err(Error::from_transport(error.without_url().into())),
            Err(_) => {
                return Err(Error::Timeout(TransportError::no_response(inner.timeout)));
            }
        };
        let status = response.status();
        if !status.is_success() {
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|error| Error::from_transport(error.without_url().into()))?;
            return Err(Error::from_status(ApiError::new(
                status,
                headers,
                body.to_vec(),
            )));
        }
        EventStream::read(status, response, Items::Data)
    }
}

/// `event`, decoded as `items` says.
fn decode<T: DeserializeOwned>(
    event: &eventsource_stream::Event,
    items: Items,
) -> Result<T, serde_json::Error> {
    match items {
        Items::Data => serde_json::from_str(&event.data),
        Items::Events { json_data } => serde_json::from_value(event_object(event, json_data)?),
    }
}

/// `event` as OpenAPI models it: an object of its fields.
fn event_object(
    event: &eventsource_stream::Event,
    json_data: bool,
) -> Result<serde_json::Value, serde_json::Error> {
    let mut object = serde_json::Map::new();
    object.insert("event".into(), event.event.clone().into());
    let data = if json_data {
        serde_json::from_str(&event.data)?
    } else {
        serde_json::Value::String(event.data.clone())
    };
    object.insert("data".into(), data);
    if !event.id.is_empty() {
        object.insert("id".into(), event.id.clone().into());
    }
    if let Some(retry) = event.retry {
        let milliseconds = u64::try_from(retry.as_millis()).unwrap_or(u64::MAX);
        object.insert("retry".into(), milliseconds.into());
    }
    Ok(serde_json::Value::Object(object))
}

impl<T: DeserializeOwned> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let item = match self.events.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(item) => item,
        };
        let result = match item {
            None => {
                self.ended = true;
                return Poll::Ready(None);
            }
            Some(Ok(event)) => decode(&event, self.items).map_err(|source| {
                Error::Decode(DecodeError {
                    status: self.status,
                    subject: "event",
                    raw_body: event.data.into_bytes(),
                    source,
                })
            }),
            Some(Err(error)) => {
                self.ended = true;
                Err(match error {
                    EventStreamError::Transport(error) => {
                        Error::from_transport(error.without_url().into())
                    }
                    EventStreamError::Utf8(error) => {
                        Error::InvalidEventStream(format!("the stream is not UTF-8 text: {error}"))
                    }
                    EventStreamError::Parser(error) => Error::InvalidEventStream(format!(
                        "the stream is not Server-Sent Events: {error}"
                    )),
                })
            }
        };
        Poll::Ready(Some(result))
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}
