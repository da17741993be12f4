//! The static part of every generated crate: ordinary Rust in `generator/templates/`, copied
//! verbatim but for the items a crate does not use (see [`trim`](super::trim)). It compiles,
//! is linted and is unit-tested as part of `generated-client`.

/// `(path in the crate, source)` of each runtime file.
pub(super) const FILES: &[(&str, &str)] = &[
    ("src/builder.rs", include_str!("../../templates/builder.rs")),
    (
        "src/error_details.rs",
        include_str!("../../templates/error_details.rs"),
    ),
    ("src/hooks.rs", include_str!("../../templates/hooks.rs")),
    ("src/request.rs", include_str!("../../templates/request.rs")),
    (
        "src/response.rs",
        include_str!("../../templates/response.rs"),
    ),
    ("src/retry.rs", include_str!("../../templates/retry.rs")),
    (
        "src/security.rs",
        include_str!("../../templates/security.rs"),
    ),
    ("src/servers.rs", include_str!("../../templates/servers.rs")),
];

/// What the structs' written-out `Deserialize` impls share, emitted when the crate has structs.
pub(super) const DECODE: &str = include_str!("../../templates/decode.rs");

/// Parameter styles, emitted when the crate writes values in them.
pub(super) const STYLE: &str = include_str!("../../templates/style.rs");

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

/// Server-Sent Events streams, emitted when the crate reads one.
pub(super) const EVENT_STREAM: &str = include_str!("../../templates/event_stream.rs");

/// JSON Lines and JSON text sequence streams, emitted when the crate reads one.
pub(super) const JSON_STREAM: &str = include_str!("../../templates/json_stream.rs");

/// Page and item streams, emitted when an operation is paginated.
pub(super) const PAGINATION: &str = include_str!("../../templates/pagination.rs");

/// Every runtime file, those some crates leave out included: `(path in the crate, source)`.
#[cfg(test)]
pub(super) fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied().chain([
        ("src/decode.rs", DECODE),
        ("src/example_check.rs", EXAMPLE_CHECK),
        ("src/file.rs", FILE),
        ("src/form.rs", FORM),
        ("src/multipart.rs", MULTIPART),
        ("src/webhook.rs", WEBHOOK),
        ("src/event_stream.rs", EVENT_STREAM),
        ("src/json_stream.rs", JSON_STREAM),
        ("src/pagination.rs", PAGINATION),
        ("src/style.rs", STYLE),
    ])
}

#[cfg(test)]
mod tests {
    use crate::ir::reserved::{
        BUILDER_METHODS, CLIENT_METHODS, RESERVED_PARAMETER_NAMES, WEBHOOKS_METHODS,
    };

    /// Every runtime file, parsed.
    fn parsed() -> Vec<(&'static str, syn::File)> {
        super::all()
            .map(|(path, source)| match syn::parse_file(source) {
                Ok(file) => (path, file),
                Err(error) => panic!("{path} does not parse: {error}"),
            })
            .collect()
    }

    #[test]
    fn every_runtime_file_is_valid_rust() {
        assert_eq!(parsed().len(), super::FILES.len() + 10);
    }

    /// The generated methods and setters share `Client`, `Request` and `Webhooks` with the
    /// runtime's own methods, so lowering never gives one the name of another; an operation
    /// with a `text` query parameter once made a setter that clashed with `Request::text`.
    #[test]
    fn generated_names_avoid_every_method_the_runtime_defines() {
        let reserved = [
            ("Client", CLIENT_METHODS),
            ("ClientBuilder", BUILDER_METHODS),
            ("Request", RESERVED_PARAMETER_NAMES),
            ("Webhooks", WEBHOOKS_METHODS),
        ];
        let mut checked = 0;
        for (path, file) in parsed() {
            for item in &file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                let syn::Type::Path(self_type) = &*block.self_ty else {
                    continue;
                };
                let Some(segment) = self_type.path.segments.last() else {
                    continue;
                };
                let Some((owner, names)) =
                    reserved.iter().find(|(owner, _)| segment.ident == owner)
                else {
                    continue;
                };
                if block.trait_.is_some() {
                    continue;
                }
                for method in &block.items {
                    if let syn::ImplItem::Fn(method) = method {
                        let name = method.sig.ident.to_string();
                        assert!(
                            names.contains(&name.as_str()),
                            "{path} defines `{owner}::{name}`, which the names lowering avoids for `{owner}` do not include"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(
            checked >= 25,
            "only {checked} methods found: the search is broken"
        );
    }
}
