//! Verifying the webhook requests the API sends: first the signature over the raw body, then the
//! body.
//!
//! The API signs each webhook request with a secret that only it and you know. A request whose
//! signature does not verify did not come from the API, or was altered on the way, and must be
//! rejected before anything in its body is trusted. The signature covers the body exactly as
//! sent, so verify the raw bytes before any JSON parsing or re-encoding. The comparison takes
//! the same time however many bytes match, so it tells an attacker nothing.

use std::fmt;

use hmac::{KeyInit, Mac};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// How the API signs its webhook requests (from the generator's configuration).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SignatureScheme {
    /// The request header that carries the signature.
    pub(crate) header: &'static str,
    /// Text before the encoded MAC in the header's value.
    pub(crate) prefix: &'static str,
    /// The MAC over the raw body.
    pub(crate) algorithm: MacAlgorithm,
    /// How the MAC is written.
    pub(crate) encoding: SignatureEncoding,
}

#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "each crate uses the algorithm its API signs with")]
pub(crate) enum MacAlgorithm {
    HmacSha256,
    HmacSha512,
}

#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "each crate uses the encoding its API signs with")]
pub(crate) enum SignatureEncoding {
    Hex,
    Base64,
}

/// Verifies webhook requests with your webhook's signing secret, and decodes their bodies.
///
/// Cheap to clone. The secret never appears in `Debug` output or in errors.
#[derive(Clone)]
pub struct Webhooks {
    secret: Vec<u8>,
    scheme: SignatureScheme,
}

impl Webhooks {
    /// The header that carries the signature of each webhook request.
    pub const SIGNATURE_HEADER: &'static str = crate::WEBHOOK_SIGNATURE.header;

    /// Verification with `secret`, the signing secret the API shows in your webhook settings.
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Webhooks {
            secret: secret.into(),
            scheme: crate::WEBHOOK_SIGNATURE,
        }
    }

    /// The signature header's value for `body`, as the API computes it: for tests of your
    /// handler, and for replaying a recorded request to it.
    pub fn sign(&self, body: &[u8]) -> String {
        let mac = match self.scheme.algorithm {
            MacAlgorithm::HmacSha256 => mac::<hmac::Hmac<sha2::Sha256>>(&self.secret, body),
            MacAlgorithm::HmacSha512 => mac::<hmac::Hmac<sha2::Sha512>>(&self.secret, body),
        };
        let encoded = match self.scheme.encoding {
            SignatureEncoding::Hex => hex::encode(mac),
            SignatureEncoding::Base64 => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(mac)
            }
        };
        format!("{}{encoded}", self.scheme.prefix)
    }

    /// Checks `signature`, the signature header's value, against `body`, the raw request body.
    ///
    /// The encoded MAC is accepted with or without the scheme's prefix (`sha256=`): the API's
    /// documentation shows the prefix, and implementations disagree on whether it is sent. Either
    /// way the MAC itself must match, compared in constant time.
    pub fn verify(&self, signature: &str, body: &[u8]) -> Result<(), WebhookError> {
        let malformed = |reason| WebhookError::MalformedSignature {
            header: self.scheme.header,
            reason,
        };
        let signature = signature.trim();
        let encoded = signature
            .strip_prefix(self.scheme.prefix)
            .unwrap_or(signature);
        let expected = match self.scheme.encoding {
            SignatureEncoding::Hex => hex::decode(encoded).ok(),
            SignatureEncoding::Base64 => {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .ok()
            }
        }
        .ok_or_else(|| malformed(MalformedReason::NotEncoded))?;
        let matches = match self.scheme.algorithm {
            MacAlgorithm::HmacSha256 => {
                verify::<hmac::Hmac<sha2::Sha256>>(&self.secret, body, &expected)
            }
            MacAlgorithm::HmacSha512 => {
                verify::<hmac::Hmac<sha2::Sha512>>(&self.secret, body, &expected)
            }
        };
        if matches {
            Ok(())
        } else {
            Err(WebhookError::SignatureMismatch)
        }
    }

    /// Verifies a request (its headers and raw body) and decodes the body as a `T`. The typed
    /// methods of each webhook (`verify_…`) call this.
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        let header = self.scheme.header;
        let signature = headers
            .get(header)
            .ok_or(WebhookError::MissingSignature { header })?
            .to_str()
            .map_err(|_| WebhookError::MalformedSignature {
                header,
                reason: MalformedReason::NotText,
            })?;
        self.verify(signature, body)?;
        serde_json::from_slice(body).map_err(|source| WebhookError::InvalidBody {
            source,
            body: body.to_vec(),
        })
    }
}

fn mac<M: Mac + KeyInit>(secret: &[u8], body: &[u8]) -> Vec<u8> {
    let mut mac = <M as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// Whether `expected` is the MAC of `body`, compared in constant time.
fn verify<M: Mac + KeyInit>(secret: &[u8], body: &[u8], expected: &[u8]) -> bool {
    let mut mac = <M as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.verify_slice(expected).is_ok()
}

impl fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhooks")
            .field("secret", &"<redacted>")
            .field("header", &self.scheme.header)
            .finish_non_exhaustive()
    }
}

/// Why a webhook request was rejected. Answer `400 Bad Request` or `401 Unauthorized` to any of
/// them; only [`WebhookError::InvalidBody`] comes from a request the API did sign.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no signature header: it did not come from the API.
    #[error("the request has no {header} header")]
    MissingSignature {
        /// The header's name.
        header: &'static str,
    },
    /// The signature header is not of the form the API sends.
    #[error("the {header} header is malformed: {reason}")]
    MalformedSignature {
        /// The header's name.
        header: &'static str,
        /// What is wrong with it.
        reason: MalformedReason,
    },
    /// The signature does not match the body: the request was not signed with this secret, or
    /// was altered after signing.
    #[error(
        "the signature does not match the body (another secret signed it, or the body was altered)"
    )]
    SignatureMismatch,
    /// The signature is valid but the body is not what the webhook sends.
    #[error("the signed body does not decode: {source}")]
    InvalidBody {
        /// What serde_json could not decode.
        #[source]
        source: serde_json::Error,
        /// The body exactly as received.
        body: Vec<u8>,
    },
}

/// What is wrong with a signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MalformedReason {
    /// The value is not visible ASCII text.
    NotText,
    /// The signature (after the prefix, if any) is not in the scheme's encoding.
    NotEncoded,
}

impl fmt::Display for MalformedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MalformedReason::NotText => f.write_str("it is not ASCII text"),
            MalformedReason::NotEncoded => f.write_str("the signature is not validly encoded"),
        }
    }
}

impl fmt::Debug for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature { header } => f
                .debug_struct("MissingSignature")
                .field("header", header)
                .finish(),
            WebhookError::MalformedSignature { header, reason } => f
                .debug_struct("MalformedSignature")
                .field("header", header)
                .field("reason", reason)
                .finish(),
            WebhookError::SignatureMismatch => f.write_str("SignatureMismatch"),
            WebhookError::InvalidBody { source, body } => f
                .debug_struct("InvalidBody")
                .field("source", source)
                .field("body", &crate::error_details::Excerpt(body))
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            Webhooks::SIGNATURE_HEADER,
            signature.parse().expect("a valid header value"),
        );
        headers
    }

    #[test]
    fn a_signed_body_verifies_and_any_change_does_not() {
        let webhooks = Webhooks::new("secret");
        let body = br#"{"a":1}"#;
        let signature = webhooks.sign(body);
        assert!(signature.starts_with(crate::WEBHOOK_SIGNATURE.prefix));
        assert!(webhooks.verify(&signature, body).is_ok());
        assert!(matches!(
            webhooks.verify(&signature, br#"{"a":2}"#),
            Err(WebhookError::SignatureMismatch)
        ));
        assert!(matches!(
            Webhooks::new("other").verify(&signature, body),
            Err(WebhookError::SignatureMismatch)
        ));
        let value: serde_json::Value = webhooks
            .decode(&headers(&signature), body)
            .expect("verifies and decodes");
        assert_eq!(value["a"], 1);
    }

    #[test]
    fn malformed_headers_say_what_is_wrong() {
        let webhooks = Webhooks::new("secret");
        let prefix = crate::WEBHOOK_SIGNATURE.prefix;
        let reason = |signature: &str| match webhooks.verify(signature, b"{}") {
            Err(WebhookError::MalformedSignature { reason, .. }) => Some(reason),
            _ => None,
        };
        // Without the prefix, the signature is read as the encoded MAC itself.
        assert_eq!(reason("not encoded!"), Some(MalformedReason::NotEncoded));
        assert_eq!(
            reason(&format!("{prefix}not encoded!")),
            Some(MalformedReason::NotEncoded)
        );
        assert!(matches!(
            webhooks.decode::<serde_json::Value>(&HeaderMap::new(), b"{}"),
            Err(WebhookError::MissingSignature { .. })
        ));
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let shown = format!("{:?}", Webhooks::new("hunter2-secret"));
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
