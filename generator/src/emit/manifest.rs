//! `Cargo.toml` of the generated crate, serialised by `toml` so no value can break its syntax.
//!
//! The dependencies are the runtime's: reqwest with rustls (HTTPS without system OpenSSL),
//! serde, tokio's timer for backoff, `tracing` for spans and events, and small crates for what
//! they do best. A crate that verifies webhooks adds the RustCrypto HMAC and SHA-2 crates and
//! the signature encodings; one with event streams adds an SSE parser. Each only when used.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::{Api, BodyEncoding};

#[derive(Serialize)]
struct Manifest<'a> {
    package: Package<'a>,
    dependencies: BTreeMap<String, Dependency>,
    #[serde(rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<&'static str, Dependency>,
}

#[derive(Serialize)]
struct Package<'a> {
    name: &'a str,
    version: &'a str,
    edition: &'static str,
    #[serde(rename = "rust-version")]
    rust_version: &'static str,
    description: String,
    license: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Dependency {
    Version(&'static str),
    Detailed {
        version: &'static str,
        #[serde(rename = "default-features", skip_serializing_if = "Option::is_none")]
        default_features: Option<bool>,
        features: &'static [&'static str],
    },
    /// A crate the config's format mappings need.
    Configured {
        version: String,
        features: Vec<String>,
    },
}

/// The manifest text.
pub(super) fn cargo_toml(api: &Api) -> Result<String, toml::ser::Error> {
    let meta = &api.meta;
    let verifies_webhooks = api.webhook_signature.is_some();
    let streams = !api.event_streams.is_empty();
    let webhook_dependencies = [
        ("base64", Dependency::Version("0.22")),
        ("hex", Dependency::Version("0.4")),
        ("hmac", Dependency::Version("0.13")),
        ("sha2", Dependency::Version("0.11")),
    ];
    let stream_dependencies = [
        ("eventsource-stream", Dependency::Version("0.2")),
        ("futures-core", Dependency::Version("0.3")),
    ];
    let forms = api.has_body(|encoding| matches!(encoding, BodyEncoding::Form(_)));
    let multipart = api.has_body(|encoding| matches!(encoding, BodyEncoding::Multipart(_)));
    let reqwest_features: &'static [&'static str] = match (streams, multipart) {
        (false, false) => &["rustls"],
        (true, false) => &["rustls", "stream"],
        (false, true) => &["multipart", "rustls"],
        (true, true) => &["multipart", "rustls", "stream"],
    };
    let manifest = Manifest {
        package: Package {
            name: meta.crate_name.package(),
            version: &meta.crate_version,
            edition: "2021",
            rust_version: "1.85",
            description: format!(
                "Typed async client for the {} (API version {}), generated from {}.",
                meta.title, meta.api_version, meta.spec_path
            ),
            license: "MIT OR Apache-2.0",
        },
        dependencies: [
            ("fastrand", Dependency::Version("2")),
            ("httpdate", Dependency::Version("1")),
            ("percent-encoding", Dependency::Version("2")),
            (
                "reqwest",
                Dependency::Detailed {
                    version: "0.13",
                    default_features: Some(false),
                    features: reqwest_features,
                },
            ),
            (
                "serde",
                Dependency::Detailed {
                    version: "1",
                    default_features: None,
                    features: &["derive"],
                },
            ),
            ("serde_json", Dependency::Version("1.0.140")),
            ("thiserror", Dependency::Version("2")),
            ("tracing", Dependency::Version("0.1")),
            (
                "tokio",
                Dependency::Detailed {
                    version: "1",
                    default_features: None,
                    features: &["time"],
                },
            ),
        ]
        .into_iter()
        .chain(
            webhook_dependencies
                .into_iter()
                .filter(|_| verifies_webhooks),
        )
        .chain(stream_dependencies.into_iter().filter(|_| streams))
        .chain(forms.then_some(("form_urlencoded", Dependency::Version("1"))))
        .map(|(name, dependency)| (name.to_owned(), dependency))
        .chain(meta.extra_dependencies.iter().map(|dependency| {
            let configured = Dependency::Configured {
                version: dependency.version.clone(),
                features: dependency.features.clone(),
            };
            (dependency.name.clone(), configured)
        }))
        .collect(),
        dev_dependencies: [(
            "tokio",
            Dependency::Detailed {
                version: "1",
                default_features: None,
                // The webhook handler of the crate docs listens on a socket.
                features: if verifies_webhooks {
                    &["macros", "net", "rt-multi-thread"]
                } else {
                    &["macros", "rt-multi-thread"]
                },
            },
        )]
        .into_iter()
        // The crate docs' webhook handler is an axum route.
        .chain(verifies_webhooks.then_some((
            "axum",
            Dependency::Detailed {
                version: "0.8",
                default_features: Some(false),
                features: &["http1", "tokio"],
            },
        )))
        // The crate docs' stream loop uses `StreamExt::next`.
        .chain(streams.then_some(("futures-util", Dependency::Version("0.3"))))
        .collect(),
    };
    toml::to_string(&manifest)
}
