//! `src/error.rs`: the crate's `Error`, with a variant for each client-error status the API
//! documents and only the failures the crate can meet (a broken event stream where it reads
//! events, pages that do not link up where it pages). What the variants carry is the runtime's
//! (`error_details.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use crate::ir::{Api, Failure};

pub(super) fn error_rs(api: &Api) -> TokenStream {
    let statuses = &api.error_statuses;
    let status_variants = statuses.iter().map(|status| {
        let docs = doc_attrs(&status.docs.render(api));
        let variant = &status.variant;
        quote! {
            #docs
            #[error(transparent)]
            #variant(ApiError),
        }
    });
    let names: Vec<_> = statuses.iter().map(|status| &status.variant).collect();
    let codes = statuses
        .iter()
        .map(|status| proc_macro2::Literal::u16_unsuffixed(status.code));
    let failures = api.failures().into_iter().map(|failure| match failure {
        Failure::InvalidEventStream => quote! {
            /// A response that should be a stream of Server-Sent Events is not one.
            #[error("invalid event stream: {0}")]
            InvalidEventStream(String),
        },
        Failure::Pagination => quote! {
            /// The pages of a list do not link up: a cursor repeats, or a page says there is more
            /// but gives no way to ask for it. The stream of pages ends here rather than loop.
            #[error("the list's pages do not link up: {0}")]
            Pagination(String),
        },
    });
    quote! {
        //! Everything a request can fail with.
        //!
        //! The HTTP status picks the variant (never a guess among look-alike bodies), so callers
        //! match on what happened: each client error the API documents has a variant of its own
        //! (`Error::Unauthorized(e)` for a 401), with the typed error body inside when the
        //! server sent one that decodes. A status the API does not document is `Error::Status`.

        use crate::error_details::{ApiError, DecodeError, TransportError};
        use reqwest::StatusCode;

        /// A failed request.
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            #(#status_variants)*
            /// 5xx: the server failed; [`ApiError::status`] says how.
            #[error(transparent)]
            Server(ApiError),
            /// Any other status that is not a success.
            #[error(transparent)]
            Status(ApiError),
            /// No response arrived in time.
            #[error("the request timed out: {0}")]
            Timeout(#[source] TransportError),
            /// The connection failed or broke (DNS, TLS, reset, …).
            #[error("the request failed: {0}")]
            Transport(#[source] TransportError),
            /// A success response whose body (or an item of a stream) does not match the
            /// expected type.
            #[error(transparent)]
            Decode(DecodeError),
            #(#failures)*
            /// The request could not be built (a parameter that cannot go in a URL or header, a
            /// body that cannot be serialised, a credential its operation requires not given).
            #[error("invalid request: {0}")]
            InvalidRequest(String),
        }

        impl Error {
            /// The HTTP status, when a response arrived.
            pub fn status(&self) -> Option<StatusCode> {
                match self {
                    Error::Decode(error) => Some(error.status()),
                    error => error.api_error().map(ApiError::status),
                }
            }

            /// The API error, when the server answered with a status that is not a success.
            pub fn api_error(&self) -> Option<&ApiError> {
                match self {
                    #(Error::#names(error))|* | Error::Server(error) | Error::Status(error) => Some(error),
                    _ => None,
                }
            }

            /// The request id from the API's request id header or the error body, for support
            /// requests.
            pub fn request_id(&self) -> Option<&str> {
                self.api_error().and_then(ApiError::request_id)
            }

            /// Whether the same request may succeed later: 429, 500, 502, 503, 504, timeouts
            /// and connection failures. When this is `true` for an error you receive, the
            /// client's retries were already spent.
            pub fn is_retryable(&self) -> bool {
                match self {
                    Error::Timeout(_) | Error::Transport(_) => true,
                    Error::TooManyRequests(_) => true,
                    Error::Server(error) => matches!(error.status().as_u16(), 500 | 502 | 503 | 504),
                    _ => false,
                }
            }

            /// The error for a response with a status that is not a success.
            pub(crate) fn from_status(error: ApiError) -> Self {
                match error.status().as_u16() {
                    #(#codes => Error::#names(error),)*
                    500..=599 => Error::Server(error),
                    _ => Error::Status(error),
                }
            }

            /// The error for a failed transport.
            pub(crate) fn from_transport(error: TransportError) -> Self {
                if error.is_timeout() {
                    Error::Timeout(error)
                } else {
                    Error::Transport(error)
                }
            }
        }
    }
}
