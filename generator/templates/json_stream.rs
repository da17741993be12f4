//! JSON values that arrive one after another in one response: JSON Lines (`application/jsonl`,
//! NDJSON: a value per line) and JSON text sequences (`application/json-seq`, RFC 7464: a value
//! after each record separator), each decoded into the stream's item type as soon as it is
//! complete. Blank records are skipped; so is the whitespace around a value.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, Error};

/// The body as it arrives.
type Chunks = Pin<Box<dyn Stream<Item = Result<bytes::Bytes, reqwest::Error>> + Send>>;

/// The record separator of a JSON text sequence.
const RECORD_SEPARATOR: u8 = 0x1e;

/// A live stream of `T` values: a [`Stream`] of `Result<T, Error>`.
///
/// - It ends (yields `None`) when the server ends the response; a last value not followed by
///   its separator is decoded then.
/// - A value that does not decode yields [`Error::Decode`], with the value kept raw in
///   [`DecodeError::raw_body`], and the stream goes on.
/// - A broken connection yields [`Error::Transport`] (a timeout [`Error::Timeout`]), and the
///   stream ends.
///
/// Poll it with `futures::StreamExt::next` (or any other stream combinator). Dropping it closes
/// the connection.
pub struct JsonStream<T> {
    chunks: Chunks,
    /// What ends a value.
    separator: u8,
    /// What has arrived of the values not yet decoded.
    pending: Vec<u8>,
    status: StatusCode,
    /// Whether the body has ended (what is pending is the last value).
    received: bool,
    item_type: PhantomData<fn() -> T>,
}

#[allow(dead_code, reason = "each crate reads the kinds of stream its API has")]
impl<T> JsonStream<T> {
    /// The JSON Lines of an operation's response.
    pub(crate) fn lines(status: StatusCode, response: reqwest::Response) -> Result<Self, String> {
        Ok(JsonStream::read(status, response, b'\n'))
    }

    /// The JSON text sequence of an operation's response.
    pub(crate) fn records(status: StatusCode, response: reqwest::Response) -> Result<Self, String> {
        Ok(JsonStream::read(status, response, RECORD_SEPARATOR))
    }

    fn read(status: StatusCode, response: reqwest::Response, separator: u8) -> Self {
        tracing::debug!(status = status.as_u16(), "stream opened");
        JsonStream {
            chunks: Box::pin(response.bytes_stream()),
            separator,
            pending: Vec::new(),
            status,
            received: false,
            item_type: PhantomData,
        }
    }
}

/// The next complete value of `pending` that is not blank, taken from it: up to the next
/// `separator`, or the rest once the body has ended (`received`).
fn next_value(pending: &mut Vec<u8>, separator: u8, received: bool) -> Option<Vec<u8>> {
    loop {
        let end = match pending.iter().position(|&byte| byte == separator) {
            Some(end) => end,
            None if received && !pending.is_empty() => pending.len(),
            None => return None,
        };
        let value: Vec<u8> = pending.drain(..end).collect();
        if !pending.is_empty() {
            pending.remove(0);
        }
        let value = value.trim_ascii();
        if !value.is_empty() {
            return Some(value.to_vec());
        }
    }
}

impl<T: DeserializeOwned> Stream for JsonStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let (separator, received) = (self.separator, self.received);
            if let Some(value) = next_value(&mut self.pending, separator, received) {
                let decoded = serde_json::from_slice(&value).map_err(|source| {
                    Error::Decode(DecodeError {
                        status: self.status,
                        subject: "stream item",
                        raw_body: value,
                        source,
                    })
                });
                return Poll::Ready(Some(decoded));
            }
            if self.received {
                return Poll::Ready(None);
            }
            match self.chunks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.pending.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    self.received = true;
                    self.pending.clear();
                    let error = Error::from_transport(error.without_url().into());
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => self.received = true,
            }
        }
    }
}

impl<T> fmt::Debug for JsonStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonStream")
            .field("status", &self.status)
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::{next_value, RECORD_SEPARATOR};

    /// Every value `pending` holds, as text, the body having ended or not.
    fn values(pending: &[u8], separator: u8, received: bool) -> (Vec<String>, String) {
        let mut pending = pending.to_vec();
        let mut values = Vec::new();
        while let Some(value) = next_value(&mut pending, separator, received) {
            values.push(String::from_utf8(value).expect("text"));
        }
        (values, String::from_utf8(pending).expect("text"))
    }

    #[test]
    fn a_line_is_a_value_once_its_newline_has_arrived() {
        let (taken, left) = values(b"{\"a\":1}\r\n\n  {\"b\":2}\n{\"c\"", b'\n', false);
        assert_eq!(taken, [r#"{"a":1}"#, r#"{"b":2}"#]);
        assert_eq!(left, r#"{"c""#);
    }

    #[test]
    fn the_last_line_needs_no_newline_once_the_body_has_ended() {
        let (taken, left) = values(b"{\"a\":1}\n{\"b\":2}\n\n", b'\n', true);
        assert_eq!(taken, [r#"{"a":1}"#, r#"{"b":2}"#]);
        assert_eq!(left, "");
        let (taken, _) = values(b"{\"a\":1}\n[2, 3]", b'\n', true);
        assert_eq!(taken, [r#"{"a":1}"#, "[2, 3]"]);
    }

    /// RFC 7464's framing: each text starts with a record separator and ends with a line feed;
    /// a line feed inside a pretty-printed value does not end it.
    #[test]
    fn a_text_sequence_splits_at_record_separators_only() {
        let sequence = b"\x1e{\"a\":\n 1}\n\x1e\"text\"\n\x1e";
        let (taken, left) = values(sequence, RECORD_SEPARATOR, false);
        assert_eq!(taken, ["{\"a\":\n 1}", "\"text\""]);
        assert_eq!(left, "");
        let (taken, _) = values(b"\x1e42\n\x1e[1]\n", RECORD_SEPARATOR, true);
        assert_eq!(taken, ["42", "[1]"]);
    }
}
