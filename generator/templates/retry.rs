//! When and how long to wait before retrying a request.
//!
//! Retried: 429, 500, 502, 503, 504, connection failures and timeouts. Never retried: any other
//! status, so a 400 or 422 comes back at once. The wait is the server's `Retry-After` (seconds or
//! an HTTP date) or its rate limit's reset (a Unix time or seconds, as the API's conventions say)
//! when it sends one, else exponential backoff with jitter; the total wait of one request is
//! capped.
//!
//! A retry resends the same request body. Where the API does not deduplicate requests, turn
//! retries off (`.max_retries(0)` on the request or the builder) for operations whose repetition
//! would hurt more than their loss; the crate documentation says what the API promises.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::response::Conventions;

/// How failed requests are retried. The default retries twice, starting at 500 ms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_total_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_total_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy::default().max_retries(0)
    }

    /// How many times a request is retried after its first attempt.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The backoff before the first retry; each later retry doubles it (before jitter).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts when the server does not say how long to wait.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The most one request waits in total; a retry that would wait longer is not made and the
    /// last error is returned instead.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    pub(crate) fn retries(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn total_wait_cap(&self) -> Duration {
        self.max_total_wait
    }

    /// The wait before retry number `retry` (0 for the first): the server's hint if it gave one,
    /// else `initial_backoff * 2^retry` capped at `max_backoff`, with jitter in its upper half.
    pub(crate) fn delay(&self, retry: u32, server_hint: Option<Duration>) -> Duration {
        if let Some(hint) = server_hint {
            return hint;
        }
        let exponential = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_backoff);
        let half = exponential / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// How long the server asks us to wait: `Retry-After` (delta seconds or HTTP date), else the
/// rate limit's reset header, read as `conventions` say; `None` when it says nothing usable. A
/// time too far in the future to represent is a wait of [`Duration::MAX`], which no retry
/// policy makes.
pub(crate) fn server_wait(
    headers: &HeaderMap,
    now: SystemTime,
    conventions: &Conventions,
) -> Option<Duration> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(value) = text(RETRY_AFTER.as_str()) {
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        if let Ok(date) = httpdate::parse_http_date(value) {
            return Some(date.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    let reset = text(conventions.rate_limit_reset)?.parse::<u64>().ok()?;
    Some(match conventions.reset_is.reset_time(reset, now) {
        Some(reset) => reset.duration_since(now).unwrap_or(Duration::ZERO),
        None => Duration::MAX,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{ResetIs, DEFAULT_CONVENTIONS};
    use reqwest::header::HeaderValue;
    use std::time::UNIX_EPOCH;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let policy = RetryPolicy::default();
        for _ in 0..100 {
            let first = policy.delay(0, None);
            assert!(first >= Duration::from_millis(250) && first <= Duration::from_millis(500));
            let third = policy.delay(2, None);
            assert!(third >= Duration::from_secs(1) && third <= Duration::from_secs(2));
            let late = policy.delay(30, None);
            assert!(late >= Duration::from_secs(4) && late <= Duration::from_secs(8));
        }
    }

    #[test]
    fn the_server_hint_wins() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
    }

    #[test]
    fn reads_retry_after_seconds_and_dates_and_rate_limit_reset() {
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            server_wait(&headers(&[("retry-after", "3")]), now, &DEFAULT_CONVENTIONS),
            Some(Duration::from_secs(3))
        );
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        assert_eq!(
            server_wait(
                &headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:10 GMT")]),
                now,
                &DEFAULT_CONVENTIONS
            ),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            server_wait(
                &headers(&[("x-ratelimit-reset", "1445412485")]),
                now,
                &DEFAULT_CONVENTIONS
            ),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            server_wait(
                &headers(&[("retry-after", "Wed, 21 Oct 2015 07:27:00 GMT")]),
                now,
                &DEFAULT_CONVENTIONS
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(
            server_wait(
                &headers(&[("retry-after", "soon")]),
                now,
                &DEFAULT_CONVENTIONS
            ),
            None
        );
        assert_eq!(
            server_wait(&HeaderMap::new(), now, &DEFAULT_CONVENTIONS),
            None
        );
    }

    #[test]
    fn a_reset_header_of_seconds_is_a_wait_of_those_seconds() {
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let seconds = headers(&[("x-ratelimit-reset", "30")]);
        assert_eq!(
            server_wait(&seconds, now, &DEFAULT_CONVENTIONS),
            Some(Duration::from_secs(30))
        );
        let unix_time = Conventions {
            reset_is: ResetIs::UnixTime,
            ..DEFAULT_CONVENTIONS
        };
        assert_eq!(server_wait(&seconds, now, &unix_time), Some(Duration::ZERO));
        let renamed = Conventions {
            rate_limit_reset: "ratelimit-reset",
            reset_is: ResetIs::Seconds,
            ..DEFAULT_CONVENTIONS
        };
        assert_eq!(
            server_wait(&headers(&[("ratelimit-reset", "7")]), now, &renamed),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn extreme_values_are_waits_no_policy_makes_not_panics() {
        let now = SystemTime::now();
        assert_eq!(
            server_wait(
                &headers(&[("x-ratelimit-reset", "18446744073709551615")]),
                now,
                &DEFAULT_CONVENTIONS
            ),
            Some(Duration::MAX)
        );
        assert_eq!(
            server_wait(
                &headers(&[("retry-after", "18446744073709551615")]),
                now,
                &DEFAULT_CONVENTIONS
            ),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            server_wait(
                &headers(&[("retry-after", "99999999999999999999")]),
                now,
                &DEFAULT_CONVENTIONS
            ),
            None
        );
        let policy = RetryPolicy::default().initial_backoff(Duration::MAX);
        assert!(policy.delay(u32::MAX, None) <= Duration::from_secs(8));
    }
}
