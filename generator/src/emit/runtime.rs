//! The static part of every generated crate: ordinary Rust in `generator/templates/`, copied
//! verbatim. It compiles, is linted and is unit-tested as part of `generated-client`.

/// `(path in the crate, source)` of each runtime file.
pub(super) const FILES: &[(&str, &str)] = &[
    ("src/builder.rs", include_str!("../../templates/builder.rs")),
    ("src/error.rs", include_str!("../../templates/error.rs")),
    ("src/hooks.rs", include_str!("../../templates/hooks.rs")),
    ("src/request.rs", include_str!("../../templates/request.rs")),
    (
        "src/response.rs",
        include_str!("../../templates/response.rs"),
    ),
    ("src/retry.rs", include_str!("../../templates/retry.rs")),
];

/// The check behind the generated `spec_examples` test, emitted with it when the spec has examples.
pub(super) const EXAMPLE_CHECK: &str = include_str!("../../templates/example_check.rs");

/// `File`, emitted when a schema has `format: binary`.
pub(super) const FILE: &str = include_str!("../../templates/file.rs");

/// Form bodies, emitted when an operation sends one.
pub(super) const FORM: &str = include_str!("../../templates/form.rs");

/// Multipart bodies, emitted when an operation sends one.
pub(super) const MULTIPART: &str = include_str!("../../templates/multipart.rs");

/// Webhook signature verification, emitted when the crate verifies webhooks.
pub(super) const WEBHOOK: &str = include_str!("../../templates/webhook.rs");

/// Server-Sent Events streams, emitted when the crate has one.
pub(super) const EVENT_STREAM: &str = include_str!("../../templates/event_stream.rs");

#[cfg(test)]
mod tests {
    #[test]
    fn every_runtime_file_is_valid_rust() {
        let all = super::FILES.iter().chain([
            &("src/example_check.rs", super::EXAMPLE_CHECK),
            &("src/file.rs", super::FILE),
            &("src/form.rs", super::FORM),
            &("src/multipart.rs", super::MULTIPART),
            &("src/webhook.rs", super::WEBHOOK),
            &("src/event_stream.rs", super::EVENT_STREAM),
        ]);
        for (path, source) in all {
            if let Err(error) = syn::parse_file(source) {
                panic!("{path} does not parse: {error}");
            }
        }
    }
}
