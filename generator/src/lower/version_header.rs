//! The client sends `info.version` in the API version header on every request. When the spec's
//! own schema for that header disagrees (both `codegen` and `api-diff` report it) (Intercom 2.15 still defaults `Intercom-Version` to
//! `2.14` and does not list `2.15`), say so instead of silently following either.

use openapiv3::{OpenAPI, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

use crate::error::Diagnostic;
use crate::spec::resolve::Resolver;
use crate::spec::Pointer;

/// A warning about the first header parameter named `header` whose schema defaults to another
/// version or does not list `info.version`; `None` when they agree or there is no such parameter.
pub fn check(api: &OpenAPI, header: &str) -> Option<Diagnostic> {
    let resolver = Resolver::new(api);
    let version = &api.info.version;
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let at = Pointer::root().join("paths").join(path);
        let parameters = item
            .parameters
            .iter()
            .chain(item.iter().flat_map(|(_, op)| &op.parameters));
        for parameter in parameters {
            let Ok(parameter) = resolver.item(parameter, &at, Resolver::parameter) else {
                continue;
            };
            let data = parameter.parameter_data_ref();
            let is_header = matches!(parameter, openapiv3::Parameter::Header { .. });
            if !is_header || !data.name.eq_ignore_ascii_case(header) {
                continue;
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                continue;
            };
            let (schema, location) = match schema {
                ReferenceOr::Reference { reference } => (
                    resolver.schema(reference, &at).ok()?.item,
                    reference.clone(),
                ),
                ReferenceOr::Item(schema) => (schema, format!("{at}")),
            };
            let default = schema.schema_data.default.as_ref().and_then(|d| d.as_str());
            let listed = match &schema.schema_kind {
                SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                    Some(string.enumeration.iter().flatten().any(|v| v == version))
                }
                _ => None,
            };
            let mut facts = Vec::new();
            if let Some(default) = default.filter(|d| d != version) {
                facts.push(format!("defaults to `{default}`"));
            }
            if listed == Some(false) {
                facts.push(format!("does not list `{version}`"));
            }
            if facts.is_empty() {
                return None;
            }
            return Some(Diagnostic {
                pointer: location,
                message: format!(
                    "the `{header}` header's schema {}, but info.version is `{version}`; the client sends `{version}`",
                    facts.join(" and ")
                ),
            });
        }
    }
    None
}
