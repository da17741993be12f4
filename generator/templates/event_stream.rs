//! Server-Sent Events: the typed events of a stream whose URL the API hands out.
//!
//! The stream is parsed by `eventsource-stream` (the WHATWG rules: comments and heartbeats are
//! skipped, multi-line `data` is joined, an event is dispatched at its blank line). The `data`
//! of each event is one JSON value, decoded into the stream's event type.
//!
//! Such a URL carries its own access token (in its query string), so the request sends no
//! `Authorization` header, and the URL never appears in errors, logs or `Debug` output.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use eventsource_stream::{EventStreamError, Eventsource};
use futures_core::Stream;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error, TransportError};
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
    status: StatusCode,
    ended: bool,
    event_type: PhantomData<fn() -> T>,
}

impl Client {
    /// Opens the Server-Sent Events stream at `url`, without this client's token (the URL
    /// carries its own). The client's timeout bounds the wait for the response headers, not
    /// the stream, which lasts as long as the server keeps it open.
    pub(crate) async fn open_event_stream<T>(&self, url: &str) -> Result<EventStream<T>, Error> {
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
        let headers = response.headers().clone();
        if !status.is_success() {
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
        let content_type = headers
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
            status,
            ended: false,
            event_type: PhantomData,
        })
    }
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
            Some(Ok(event)) => serde_json::from_str(&event.data).map_err(|source| {
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
