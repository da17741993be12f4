//! `Cargo.toml` of the generated crate, serialised by `toml` so no value can break its syntax.
//!
//! The dependencies are the runtime's: reqwest, serde, tokio's timer for backoff, `tracing` for
//! spans and events, and small crates for what they do best. TLS is a choice of features: by
//! default rustls with the *ring* provider (ring's small C and assembly core, a short build),
//! or `rustls-aws-lc` (reqwest's default, FIPS-capable, a long C build), `native-tls` (the
//! platform's library), or none (plain HTTP). A crate that verifies webhooks adds the
//! RustCrypto HMAC and SHA-2 crates and the signature encodings; one with event streams adds an
//! SSE parser. Each only when used.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::{Api, BodyEncoding};

#[derive(Serialize)]
struct Manifest<'a> {
    package: Package<'a>,
    features: BTreeMap<String, Vec<String>>,
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
    license: &'a str,
    readme: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    repository: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    homepage: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documentation: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    categories: &'a [String],
    metadata: Metadata<'a>,
}

/// `[package.metadata.openapi]`: the description the crate was generated from, pinned once for
/// the whole crate (its files' headers name the spec's path only, so that they change only when
/// what they say changes).
#[derive(Serialize)]
struct Metadata<'a> {
    openapi: Provenance<'a>,
}

#[derive(Serialize)]
struct Provenance<'a> {
    spec: &'a str,
    #[serde(rename = "info-version")]
    info_version: &'a str,
    sha256: &'a str,
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
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        optional: bool,
    },
    /// A crate the config's format mappings need.
    Configured {
        version: String,
        features: Vec<String>,
    },
}

/// The TLS choices: each feature, and what it enables. The first is the default.
const TLS_FEATURES: [(&str, &[&str]); 3] = [
    ("rustls-ring", &["reqwest/rustls-no-provider", "dep:rustls"]),
    ("rustls-aws-lc", &["reqwest/rustls"]),
    ("native-tls", &["reqwest/native-tls"]),
];

/// The feature that turns every tag's feature on (a crate with tag features has it).
pub(super) const ALL_TAGS: &str = "all-tags";

/// The TLS choices, and when the crate has them a feature per tag and `all-tags`: by default
/// the first TLS choice and every tag.
fn features(api: &Api) -> BTreeMap<String, Vec<String>> {
    let owned = |names: &[&str]| names.iter().map(|name| name.to_string()).collect();
    let mut default = vec![TLS_FEATURES[0].0.to_owned()];
    let mut features: BTreeMap<String, Vec<String>> = TLS_FEATURES
        .iter()
        .map(|(name, enables)| (name.to_string(), owned(enables)))
        .collect();
    if !api.tag_features.is_empty() {
        let tags = api.tag_features.iter().map(|feature| feature.name.clone());
        features.extend(tags.clone().map(|name| (name, Vec::new())));
        features.insert(ALL_TAGS.to_owned(), tags.collect());
        default.push(ALL_TAGS.to_owned());
    }
    features.insert("default".to_owned(), default);
    features
}

/// The manifest text.
pub(super) fn cargo_toml(api: &Api) -> Result<String, toml::ser::Error> {
    let meta = &api.meta;
    let verifies_webhooks = api.webhook_signature.is_some();
    let events = api.reads_events();
    let json_streams = api.reads_json_streams();
    let streams = events || json_streams;
    let webhook_dependencies = [
        ("base64", Dependency::Version("0.22")),
        ("hex", Dependency::Version("0.4")),
        ("hmac", Dependency::Version("0.13")),
        ("sha2", Dependency::Version("0.11")),
    ];
    let stream_dependencies = [
        ("eventsource-stream", Dependency::Version("0.2"), events),
        ("bytes", Dependency::Version("1"), json_streams),
        ("futures-core", Dependency::Version("0.3"), streams),
    ];
    let pages = api.pages();
    let page_dependencies = [
        ("futures-core", Dependency::Version("0.3")),
        (
            "futures-util",
            Dependency::Detailed {
                version: "0.3",
                default_features: Some(false),
                features: &["std"],
                optional: false,
            },
        ),
    ];
    let forms = api.has_body(|encoding| matches!(encoding, BodyEncoding::Form(_)));
    let multipart = api.has_body(|encoding| matches!(encoding, BodyEncoding::Multipart(_)));
    let reqwest_features: &'static [&'static str] = match (streams, multipart) {
        (false, false) => &[],
        (true, false) => &["stream"],
        (false, true) => &["multipart"],
        (true, true) => &["multipart", "stream"],
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
            license: meta
                .package
                .license
                .as_deref()
                .unwrap_or("MIT OR Apache-2.0"),
            readme: "README.md",
            repository: meta.package.repository.as_deref(),
            homepage: meta.package.homepage.as_deref(),
            documentation: meta.package.documentation.as_deref(),
            keywords: &meta.package.keywords,
            categories: &meta.package.categories,
            metadata: Metadata {
                openapi: Provenance {
                    spec: &meta.spec_path,
                    info_version: &meta.api_version,
                    sha256: &meta.spec_sha256,
                },
            },
        },
        features: features(api),
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
                    optional: false,
                },
            ),
            (
                "rustls",
                Dependency::Detailed {
                    version: "0.23",
                    default_features: Some(false),
                    features: &["ring", "std", "tls12"],
                    optional: true,
                },
            ),
            (
                "serde",
                Dependency::Detailed {
                    version: "1",
                    default_features: None,
                    features: &["derive"],
                    optional: false,
                },
            ),
            (
                "serde_json",
                // Objects keep their keys' order, so a form or query object is written in the
                // order of its fields.
                Dependency::Detailed {
                    version: "1.0.140",
                    default_features: None,
                    features: &["preserve_order"],
                    optional: false,
                },
            ),
            ("thiserror", Dependency::Version("2")),
            (
                "tracing",
                // Without `attributes`: the runtime makes its spans by hand, and the
                // `#[instrument]` macro would build `syn` with every feature.
                Dependency::Detailed {
                    version: "0.1",
                    default_features: Some(false),
                    features: &["std"],
                    optional: false,
                },
            ),
            (
                "tokio",
                Dependency::Detailed {
                    version: "1",
                    default_features: None,
                    features: &["time"],
                    optional: false,
                },
            ),
        ]
        .into_iter()
        .chain(
            webhook_dependencies
                .into_iter()
                .filter(|_| verifies_webhooks),
        )
        .chain(
            stream_dependencies
                .into_iter()
                .filter_map(|(name, dependency, needed)| needed.then_some((name, dependency))),
        )
        .chain(page_dependencies.into_iter().filter(|_| pages))
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
                optional: false,
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
                optional: false,
            },
        )))
        // The crate docs' stream loop uses `StreamExt::next`.
        .chain(streams.then_some(("futures-util", Dependency::Version("0.3"))))
        .collect(),
    };
    toml::to_string(&manifest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::reserved::RUNTIME_FEATURES;

    #[test]
    fn the_reserved_feature_names_are_the_runtimes() {
        let mut names: Vec<&str> = TLS_FEATURES.iter().map(|(name, _)| *name).collect();
        names.extend(["default", ALL_TAGS]);
        names.sort();
        assert_eq!(names, RUNTIME_FEATURES);
    }
}
