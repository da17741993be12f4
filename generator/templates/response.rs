//! A decoded value together with the HTTP response it came from, and where the API reports its
//! rate limit and request id in it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

    /// The id the server assigned to the request (its request id header), for support
    /// requests.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get(crate::CONVENTIONS.request_id_header)
            .and_then(|v| v.to_str().ok())
    }
}

/// The rate limit headers of a response; each is `None` when absent or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// When the window resets (`None` also for a time the platform cannot represent).
    pub reset: Option<SystemTime>,
}

impl RateLimit {
    /// Reads the API's rate limit headers.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        RateLimit::read(headers, &crate::CONVENTIONS, SystemTime::now())
    }

    /// The rate limit `headers` report under `conventions`, at `now`.
    pub(crate) fn read(headers: &HeaderMap, conventions: &Conventions, now: SystemTime) -> Self {
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        RateLimit {
            limit: number(conventions.rate_limit_limit),
            remaining: number(conventions.rate_limit_remaining),
            reset: number(conventions.rate_limit_reset)
                .and_then(|reset| conventions.reset_is.reset_time(reset, now)),
        }
    }
}

/// Where an API reports its rate limit and names a failed request; the crate's own are
/// `crate::CONVENTIONS`, from the codegen config. Header names are lowercase.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Conventions {
    pub(crate) rate_limit_limit: &'static str,
    pub(crate) rate_limit_remaining: &'static str,
    pub(crate) rate_limit_reset: &'static str,
    pub(crate) reset_is: ResetIs,
    pub(crate) request_id_header: &'static str,
    /// The key of the error body that holds the request id.
    pub(crate) request_id_field: &'static str,
}

/// What a rate limit's reset value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "each crate reads its API's kind of reset")]
pub(crate) enum ResetIs {
    /// A Unix time in seconds.
    UnixTime,
    /// Seconds from now.
    Seconds,
    /// A Unix time when the number is too large to be a wait of less than a year, else seconds
    /// from now.
    Auto,
}

/// The defaults: what a crate whose config names no rate limit or request id headers reads.
#[cfg(test)]
pub(crate) const DEFAULT_CONVENTIONS: Conventions = Conventions {
    rate_limit_limit: "x-ratelimit-limit",
    rate_limit_remaining: "x-ratelimit-remaining",
    rate_limit_reset: "x-ratelimit-reset",
    reset_is: ResetIs::Auto,
    request_id_header: "x-request-id",
    request_id_field: "request_id",
};

/// Waits longer than this are not waits but times.
const A_YEAR: u64 = 366 * 24 * 60 * 60;

impl ResetIs {
    /// When a window whose reset header says `value` resets, seen at `now`; `None` for a time
    /// the platform cannot represent.
    pub(crate) fn reset_time(self, value: u64, now: SystemTime) -> Option<SystemTime> {
        let seconds = Duration::from_secs(value);
        match self {
            ResetIs::UnixTime => UNIX_EPOCH.checked_add(seconds),
            ResetIs::Seconds => now.checked_add(seconds),
            ResetIs::Auto if value > A_YEAR => UNIX_EPOCH.checked_add(seconds),
            ResetIs::Auto => now.checked_add(seconds),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn reads_rate_limit_headers_and_ignores_garbage() {
        let headers = headers(&[
            ("x-ratelimit-limit", "10000"),
            ("x-ratelimit-remaining", "9999"),
            ("x-ratelimit-reset", "soon"),
        ]);
        assert_eq!(
            RateLimit::read(&headers, &DEFAULT_CONVENTIONS, SystemTime::now()),
            RateLimit {
                limit: Some(10000),
                remaining: Some(9999),
                reset: None,
            }
        );
    }

    #[test]
    fn a_reset_is_a_unix_time_or_seconds_from_now_as_the_api_says() {
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let reset = |value: &'static str, reset_is| {
            let conventions = Conventions {
                reset_is,
                ..DEFAULT_CONVENTIONS
            };
            RateLimit::read(&headers(&[("x-ratelimit-reset", value)]), &conventions, now).reset
        };
        let unix = |seconds| UNIX_EPOCH.checked_add(Duration::from_secs(seconds));
        assert_eq!(reset("1445412485", ResetIs::UnixTime), unix(1_445_412_485));
        assert_eq!(reset("1445412485", ResetIs::Auto), unix(1_445_412_485));
        // Seconds to wait, as the IETF `RateLimit-Reset` and many APIs send them.
        assert_eq!(reset("30", ResetIs::Seconds), unix(1_445_412_510));
        assert_eq!(reset("30", ResetIs::Auto), unix(1_445_412_510));
        assert_eq!(reset("30", ResetIs::UnixTime), unix(30));
        assert_eq!(reset("18446744073709551615", ResetIs::Auto), None);
    }

    #[test]
    fn the_api_names_its_own_headers() {
        let conventions = Conventions {
            rate_limit_limit: "ratelimit-limit",
            rate_limit_remaining: "ratelimit-remaining",
            rate_limit_reset: "ratelimit-reset",
            ..DEFAULT_CONVENTIONS
        };
        let headers = headers(&[
            ("ratelimit-limit", "100"),
            ("x-ratelimit-limit", "1"),
            ("ratelimit-remaining", "7"),
        ]);
        let read = RateLimit::read(&headers, &conventions, SystemTime::now());
        assert_eq!((read.limit, read.remaining), (Some(100), Some(7)));
    }
}
