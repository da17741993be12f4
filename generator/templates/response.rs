//! A decoded value together with the HTTP response it came from.

use std::time::SystemTime;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A successful response: the typed value, its status and headers.
///
/// Returned by [`Request::send_with_response`](crate::Request::send_with_response); a plain
/// `.await` or [`send`](crate::Request::send) returns only the value.
#[derive(Debug, Clone)]
pub struct Response<T> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) value: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded body, by value.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The rate limit the server reported with this response.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The `X-Request-Id` the server assigned, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }
}

/// The `X-RateLimit-*` headers of a response; each is `None` when absent or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed in the window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: when the window resets (`None` also for a time the platform cannot
    /// represent).
    pub reset: Option<SystemTime>,
}

impl RateLimit {
    /// Reads the rate limit headers.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        RateLimit {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset: number("x-ratelimit-reset").and_then(crate::retry::unix_time),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn reads_rate_limit_headers_and_ignores_garbage() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("10000"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("9999"));
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("soon"));
        assert_eq!(
            RateLimit::from_headers(&headers),
            RateLimit {
                limit: Some(10000),
                remaining: Some(9999),
                reset: None,
            }
        );
    }

    #[test]
    fn a_reset_beyond_what_the_platform_represents_is_none() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-ratelimit-reset",
            HeaderValue::from_static("18446744073709551615"),
        );
        assert_eq!(RateLimit::from_headers(&headers).reset, None);
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("1445412485"));
        assert_eq!(
            RateLimit::from_headers(&headers).reset,
            crate::retry::unix_time(1_445_412_485)
        );
    }
}
