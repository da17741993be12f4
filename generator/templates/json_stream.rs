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

use crate::error::Error;
use crate::error_details::DecodeError;

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
    values: Values,
    status: StatusCode,
    /// Whether the body has ended (what is pending is the last value).
    received: bool,
    item_type: PhantomData<fn() -> T>,
}

impl<T> JsonStream<T> {
    // Only where the crate has `JsonStream::lines`.
    /// The JSON Lines of an operation's response.
    pub(crate) fn lines(status: StatusCode, response: reqwest::Response) -> Result<Self, Error> {
        Ok(JsonStream::read(status, response, b'\n'))
    }

    // Only where the crate has `JsonStream::records`.
    /// The JSON text sequence of an operation's response.
    pub(crate) fn records(status: StatusCode, response: reqwest::Response) -> Result<Self, Error> {
        Ok(JsonStream::read(status, response, RECORD_SEPARATOR))
    }

    fn read(status: StatusCode, response: reqwest::Response, separator: u8) -> Self {
        tracing::debug!(status = status.as_u16(), "stream opened");
        JsonStream {
            chunks: Box::pin(response.bytes_stream()),
            values: Values::new(separator),
            status,
            received: false,
            item_type: PhantomData,
        }
    }
}

/// The values of a body, taken as its chunks arrive: each ends at a separator byte. Every byte
/// is looked at once, however the values fall across chunks.
struct Values {
    separator: u8,
    /// What has arrived and is not taken yet, from `start` on.
    pending: Vec<u8>,
    start: usize,
    /// How far past `start` no separator is.
    searched: usize,
}

impl Values {
    fn new(separator: u8) -> Self {
        Values {
            separator,
            pending: Vec::new(),
            start: 0,
            searched: 0,
        }
    }

    fn push(&mut self, chunk: &[u8]) {
        // What was taken goes first, so that what is kept is one unfinished value at most.
        self.pending.drain(..self.start);
        self.start = 0;
        self.pending.extend_from_slice(chunk);
    }

    /// The next complete value that is not blank: up to the next separator, or the rest once
    /// the body has `ended`.
    fn next(&mut self, ended: bool) -> Option<Vec<u8>> {
        loop {
            let rest = &self.pending[self.start..];
            let end = match rest[self.searched..]
                .iter()
                .position(|&byte| byte == self.separator)
            {
                Some(at) => self.searched + at,
                None if ended && !rest.is_empty() => rest.len(),
                None => {
                    self.searched = rest.len();
                    return None;
                }
            };
            let value = rest[..end].trim_ascii().to_vec();
            self.start = (self.start + end + 1).min(self.pending.len());
            self.searched = 0;
            if !value.is_empty() {
                return Some(value);
            }
        }
    }

    /// What has arrived and is not taken.
    #[cfg(test)]
    fn rest(&self) -> &[u8] {
        &self.pending[self.start..]
    }
}

impl<T: DeserializeOwned> Stream for JsonStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let received = self.received;
            if let Some(value) = self.values.next(received) {
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
                Poll::Ready(Some(Ok(chunk))) => self.values.push(&chunk),
                Poll::Ready(Some(Err(error))) => {
                    self.received = true;
                    self.values = Values::new(self.values.separator);
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
    use super::{Values, RECORD_SEPARATOR};

    /// Every value `body` holds, arrived in chunks of `chunk` bytes, as text, and what is left,
    /// the body having ended or not.
    fn split(body: &[u8], chunk: usize, separator: u8, ended: bool) -> (Vec<String>, String) {
        let mut values = Values::new(separator);
        let mut taken = Vec::new();
        let text = |value: Vec<u8>| String::from_utf8(value).expect("text");
        for part in body.chunks(chunk) {
            values.push(part);
            while let Some(value) = values.next(false) {
                taken.push(text(value));
            }
        }
        while let Some(value) = values.next(ended) {
            taken.push(text(value));
        }
        (taken, text(values.rest().to_vec()))
    }

    /// [`split`], the same however the body is cut into chunks.
    fn values(body: &[u8], separator: u8, ended: bool) -> (Vec<String>, String) {
        let whole = split(body, body.len().max(1), separator, ended);
        for chunk in 1..body.len() {
            assert_eq!(
                split(body, chunk, separator, ended),
                whole,
                "chunks of {chunk}"
            );
        }
        whole
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
