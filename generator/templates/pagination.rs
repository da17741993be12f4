//! Lists that come in pages, as streams: the pages of one list, or the items of all of them.
//!
//! Nothing is sent until a stream is polled, and each page is a request of its own: the
//! client's retries, hooks, timeouts and rate-limit waits apply to every page, and the request's
//! options and setters (`client.list_things().per_page(50).items()`) to all of them. How an
//! operation's pages link up (a cursor in the query or the body, a page number, a next-page
//! URL, `has_more` with the last item's id, a scroll) is fixed by the generator; the
//! operation's `pages` method says which. Each [`Page`] carries the [`Cursor`] of the next
//! one: save it to resume a stopped stream with the operation's `pages_from`.
//!
//! A list whose pages do not link up (a cursor that repeats, a page that says there is more but
//! gives no way to ask for it) ends its stream with [`Error::Pagination`] instead of looping.

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;
use crate::error_details::DecodeError;
use crate::request::Request;
use crate::response::Response;

/// How an operation's pages link up. Pointers are JSON pointers into the success body.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "each crate uses the schemes its lists page by")]
pub(crate) enum Scheme {
    /// The query parameter `parameter` takes the cursor at `next`; no cursor, no more pages.
    QueryCursor {
        parameter: &'static str,
        next: &'static str,
    },
    /// The field at `field` of the JSON request body takes the cursor at `next`.
    BodyCursor {
        field: &'static str,
        next: &'static str,
    },
    /// The query parameter `parameter` takes the page number, counted from the one the request
    /// asks for (1 unless set). The number at `total_pages` says how many there are; without
    /// it, an empty page ends the list.
    PageNumber {
        parameter: &'static str,
        total_pages: Option<&'static str>,
    },
    /// The next page is the URL at `next` (relative to the page's own), or with `None` the
    /// `Link` header's `rel="next"` target. With a `parameter`, a value there that is not a URL
    /// (no scheme, not a path) is a cursor for that query parameter.
    NextUrl {
        next: Option<&'static str>,
        parameter: Option<&'static str>,
    },
    /// While the boolean at `has_more` is true, the query parameter `parameter` takes the
    /// value at `id` of the page's last item.
    HasMore {
        parameter: &'static str,
        has_more: &'static str,
        id: &'static str,
    },
    /// The query parameter `parameter` takes the scroll id at `next`; an empty page ends the
    /// scroll. The id may stay the same from page to page. A scroll lives a short while (a
    /// minute without a request, at Intercom); when a page asked for with a scroll id fails with
    /// a server error, the scroll is started again from the beginning, once, so its items come
    /// again from the first.
    Scroll {
        parameter: &'static str,
        next: &'static str,
    },
}

/// Where a list is in its pages: what the next page is asked for with (a cursor, a page
/// number or a URL, as the operation's scheme says). It is text, to be saved and given back to
/// the operation's `pages_from`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor(String);

impl Cursor {
    /// A cursor saved earlier.
    pub fn new(text: impl Into<String>) -> Self {
        Cursor(text.into())
    }

    /// The cursor as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One page of a list: its response, and the cursor of the page after it.
#[derive(Debug, Clone)]
pub struct Page<T> {
    response: Response<T>,
    next: Option<Cursor>,
}

impl<T> Page<T> {
    /// The response: status, headers, rate limit and the decoded body.
    pub fn response(&self) -> &Response<T> {
        &self.response
    }

    /// The decoded body.
    pub fn value(&self) -> &T {
        self.response.value()
    }

    /// The response, by value.
    pub fn into_response(self) -> Response<T> {
        self.response
    }

    /// The cursor of the next page; `None` on the last.
    pub fn next_cursor(&self) -> Option<&Cursor> {
        self.next.as_ref()
    }
}

/// A page with its body as JSON, from which the cursor and the items are read.
type RawPage<T> = (Page<T>, Value);

/// Why a list cannot go on, in words: a request that cannot be made, or pages that do not link
/// up. (Small, unlike [`Error`], which only the stream's own steps return.)
enum Broken {
    Request(String),
    Links(String),
}

impl From<Broken> for Error {
    fn from(broken: Broken) -> Self {
        match broken {
            Broken::Request(problem) => Error::InvalidRequest(problem),
            Broken::Links(problem) => Error::Pagination(problem),
        }
    }
}

/// The pages of a list, a [`Stream`] of `Result<Page<T>, Error>`; an error ends it.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<'c, T> {
    pages: BoxStream<'c, Result<RawPage<T>, Error>>,
    /// Where the items are in each page's body.
    items: &'static str,
}

/// What the stream needs between pages.
struct Walk<'c, T, O> {
    request: Request<'c, T, O>,
    scheme: Scheme,
    items: &'static str,
    /// What the next page is asked for with; `None` for the request as it was given.
    cursor: Option<Cursor>,
    /// Every cursor used so far, to end a list whose cursor repeats.
    seen: HashSet<Cursor>,
    /// Why the list cannot go on, found with the last page and reported after it.
    failure: Option<Broken>,
    done: bool,
}

impl<'c, T: DeserializeOwned + Send + 'c> Pages<'c, T> {
    /// The pages of `request`'s list, from `cursor` when given.
    pub(crate) fn new<O: 'c>(
        request: Request<'c, T, O>,
        scheme: Scheme,
        items: &'static str,
        cursor: Option<Cursor>,
    ) -> Self {
        let walk = Walk {
            request,
            scheme,
            items,
            seen: cursor.iter().cloned().collect(),
            cursor,
            failure: None,
            done: false,
        };
        let pages = stream::try_unfold(walk, |mut walk| async move {
            if let Some(failure) = walk.failure.take() {
                return Err(failure.into());
            }
            if walk.done {
                return Ok(None);
            }
            let page = walk.next_page().await?;
            Ok(Some((page, walk)))
        });
        Pages {
            pages: pages.boxed(),
            items,
        }
    }

    /// The items of every page, in order: the array at the page body's items pointer,
    /// decoded as `I`.
    pub(crate) fn items<I: DeserializeOwned + Send + 'c>(self) -> Items<'c, I> {
        let pointer = self.items;
        let items = self
            .pages
            .map_ok(move |(page, body)| {
                let items = decode_items::<I>(&body, pointer, page.response.status);
                stream::iter(match items {
                    Ok(items) => items.into_iter().map(Ok).collect::<Vec<_>>(),
                    Err(error) => vec![Err(Error::Decode(error))],
                })
            })
            .try_flatten();
        Items {
            items: items.boxed(),
        }
    }
}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<Page<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(match std::task::ready!(self.pages.poll_next_unpin(cx)) {
            Some(Ok((page, _))) => Some(Ok(page)),
            Some(Err(error)) => Some(Err(error)),
            None => None,
        })
    }
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("items", &self.items)
            .finish_non_exhaustive()
    }
}

/// The items of a list, page after page, a [`Stream`] of `Result<I, Error>`; an error ends it.
#[must_use = "streams do nothing unless polled"]
pub struct Items<'c, I> {
    items: BoxStream<'c, Result<I, Error>>,
}

impl<I> Stream for Items<'_, I> {
    type Item = Result<I, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.items.poll_next_unpin(cx)
    }
}

impl<I> fmt::Debug for Items<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned, O> Walk<'_, T, O> {
    /// Sends the request for a page.
    async fn send(&self) -> Result<(Response<T>, Value), Error> {
        self.request.send_page().await?.ok_or_else(|| {
            Error::Pagination(format!(
                "{} answers with a stream, not with pages",
                self.request.outgoing.operation_name()
            ))
        })
    }

    /// Fetches the next page and works out the one after it. A page whose successor cannot be
    /// asked for is still returned; the failure follows it.
    async fn next_page(&mut self) -> Result<RawPage<T>, Error> {
        if let Some(cursor) = &self.cursor {
            let cursor = cursor.clone();
            self.ask_for(&cursor)?;
        }
        let (response, body) = match self.send().await {
            Err(Error::Server(_)) if self.in_scroll() => {
                self.start_scroll_again();
                self.send().await?
            }
            sent => sent?,
        };
        let next = self.next_cursor(&response, &body).unwrap_or_else(|broken| {
            self.failure = Some(broken);
            None
        });
        match &next {
            None => self.done = true,
            Some(cursor) if !self.may_repeat() && !self.seen.insert(cursor.clone()) => {
                self.failure = Some(Broken::Links(format!(
                    "{}: the next page's cursor `{cursor}` was already used; the list would loop",
                    self.request.outgoing.operation_name()
                )));
            }
            Some(_) => {}
        }
        self.cursor.clone_from(&next);
        Ok((Page { response, next }, body))
    }

    /// Whether the last request asked for a page of a scroll already open.
    fn in_scroll(&self) -> bool {
        matches!(self.scheme, Scheme::Scroll { .. }) && self.cursor.is_some()
    }

    /// Drops the scroll id, so that the next request opens a new scroll.
    fn start_scroll_again(&mut self) {
        if let Scheme::Scroll { parameter, .. } = self.scheme {
            self.request.outgoing.remove_query(parameter);
            self.cursor = None;
        }
    }

    /// Whether the scheme's cursors may come again (a scroll id, a page number).
    fn may_repeat(&self) -> bool {
        matches!(
            self.scheme,
            Scheme::Scroll { .. } | Scheme::PageNumber { .. }
        )
    }

    /// Sets what the request asks for to `cursor`.
    fn ask_for(&mut self, cursor: &Cursor) -> Result<(), Broken> {
        match self.scheme {
            Scheme::QueryCursor { parameter, .. }
            | Scheme::PageNumber { parameter, .. }
            | Scheme::HasMore { parameter, .. }
            | Scheme::Scroll { parameter, .. } => {
                self.request
                    .outgoing
                    .set_query_text(parameter, cursor.as_str());
                Ok(())
            }
            Scheme::BodyCursor { field, .. } => self
                .request
                .outgoing
                .set_body_field(field, cursor.as_str())
                .map_err(Broken::Request),
            Scheme::NextUrl {
                parameter: Some(parameter),
                ..
            } if !is_link(cursor.as_str()) => {
                self.request
                    .outgoing
                    .set_query_text(parameter, cursor.as_str());
                Ok(())
            }
            Scheme::NextUrl { .. } => {
                let url = reqwest::Url::parse(cursor.as_str()).map_err(|error| {
                    Broken::Links(format!("the next page's URL `{cursor}`: {error}"))
                })?;
                self.request.outgoing.set_url(url);
                Ok(())
            }
        }
    }

    /// The cursor of the page after the one `response` and `body` are, or `None` at the end.
    fn next_cursor(&self, response: &Response<T>, body: &Value) -> Result<Option<Cursor>, Broken> {
        let items = body.pointer(self.items).and_then(Value::as_array);
        let empty = items.is_none_or(Vec::is_empty);
        Ok(match self.scheme {
            Scheme::QueryCursor { next, .. } | Scheme::BodyCursor { next, .. } => {
                text_at(body, next).map(Cursor)
            }
            Scheme::Scroll { next, .. } => text_at(body, next).filter(|_| !empty).map(Cursor),
            Scheme::PageNumber {
                parameter,
                total_pages,
            } => {
                let current = match &self.cursor {
                    Some(cursor) => cursor.as_str().parse().ok(),
                    None => self
                        .request
                        .outgoing
                        .query_text(parameter)
                        .map_or(Some(1), |page| page.parse().ok()),
                };
                let current: u64 = current.ok_or_else(|| {
                    Broken::Links(format!(
                        "{}: the page number is not a number",
                        self.request.outgoing.operation_name()
                    ))
                })?;
                let more = match total_pages.and_then(|pointer| body.pointer(pointer)) {
                    Some(total) => total.as_u64().is_some_and(|total| current < total),
                    None => !empty,
                };
                more.then(|| Cursor((current + 1).to_string()))
            }
            Scheme::NextUrl { next, parameter } => {
                let link = match next {
                    Some(pointer) => text_at(body, pointer),
                    None => next_link(response),
                };
                match link {
                    Some(cursor) if parameter.is_some() && !is_link(&cursor) => {
                        Some(Cursor(cursor))
                    }
                    Some(link) => Some(Cursor(
                        self.request
                            .outgoing
                            .resolve(&link)
                            .map_err(Broken::Links)?
                            .to_string(),
                    )),
                    None => None,
                }
            }
            Scheme::HasMore { has_more, id, .. } => {
                if body.pointer(has_more).and_then(Value::as_bool) != Some(true) {
                    return Ok(None);
                }
                let last = items.and_then(|items| items.last());
                let id = last.and_then(|item| text_at(item, id)).ok_or_else(|| {
                    Broken::Links(format!(
                        "{}: the page says there is more (`{has_more}` is true) but has no last item with an id (`{id}`) to continue after",
                        self.request.outgoing.operation_name()
                    ))
                })?;
                Some(Cursor(id))
            }
        })
    }
}

/// The string or number at `pointer`, as text; `None` for a missing, `null` or empty value.
fn text_at(value: &Value, pointer: &str) -> Option<String> {
    match value.pointer(pointer)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Whether `text` is a link (an absolute URL, or a path or query relative to the page's own)
/// rather than a cursor.
fn is_link(text: &str) -> bool {
    text.contains("://") || text.starts_with('/') || text.starts_with('?')
}

/// The `rel="next"` target of the response's `Link` headers (RFC 8288).
fn next_link<T>(response: &Response<T>) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, parameters) = link.trim().split_once(';')?;
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            parameters
                .split(';')
                .filter_map(|parameter| parameter.split_once('='))
                .any(|(name, value)| {
                    name.trim().eq_ignore_ascii_case("rel")
                        && value
                            .trim()
                            .trim_matches('"')
                            .split_ascii_whitespace()
                            .any(|rel| rel.eq_ignore_ascii_case("next"))
                })
                .then(|| target.to_owned())
        })
}

/// The items of a page: the array at `pointer` (none when it is absent or `null`), decoded and
/// mended as a body is ([`crate::request::json`]). They are decoded from their text, as every
/// body is, so that each item type's decoding is compiled once.
fn decode_items<I: DeserializeOwned>(
    body: &Value,
    pointer: &str,
    status: reqwest::StatusCode,
) -> Result<Vec<I>, DecodeError> {
    match body.pointer(pointer) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(items) => {
            crate::request::json(status, items.to_string().as_bytes()).map_err(|source| {
                DecodeError {
                    status,
                    subject: "the page's items",
                    raw_body: body.to_string().into_bytes(),
                    source,
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn items_written_in_another_form_are_mended() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Item {
            count: i64,
        }
        let body = serde_json::json!({"data": [{"count": "1"}, {"count": 2}, {"count": "3"}]});
        let items: Vec<Item> =
            decode_items(&body, "/data", reqwest::StatusCode::OK).expect("mended");
        let counts: Vec<i64> = items.iter().map(|item| item.count).collect();
        assert_eq!(counts, [1, 2, 3]);
    }

    fn response_with_links(links: &[&'static str]) -> Response<()> {
        let mut headers = HeaderMap::new();
        for link in links {
            headers.append(reqwest::header::LINK, HeaderValue::from_static(link));
        }
        Response {
            status: reqwest::StatusCode::OK,
            headers,
            value: (),
        }
    }

    #[test]
    fn the_next_link_is_found_among_others_in_any_header() {
        let response = response_with_links(&[
            r#"<https://api.example.com/items?page=1>; rel="first""#,
            r#"<https://api.example.com/items?page=3>; rel="prev last", <https://api.example.com/items?page=5>; title="n"; rel="next""#,
        ]);
        assert_eq!(
            next_link(&response).as_deref(),
            Some("https://api.example.com/items?page=5")
        );
        assert_eq!(
            next_link(&response_with_links(&[r#"<x>; rel="prev""#])),
            None
        );
    }

    #[test]
    fn a_cursor_is_a_string_or_a_number_and_never_empty() {
        let body = serde_json::json!({"a": "c1", "b": 42, "c": "", "d": null, "e": true});
        assert_eq!(text_at(&body, "/a").as_deref(), Some("c1"));
        assert_eq!(text_at(&body, "/b").as_deref(), Some("42"));
        for pointer in ["/c", "/d", "/e", "/missing"] {
            assert_eq!(text_at(&body, pointer), None, "{pointer}");
        }
    }
}
