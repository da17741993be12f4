//! The client sends `info.version` in the API version header on every request. When the spec's
//! own schema for that header disagrees (Intercom 2.15 still defaults `Intercom-Version` to
//! `2.14` and does not list `2.15`), lowering warns instead of silently following either, and
//! `api-diff` reports the warning of the new version.

use openapiv3::{ParameterSchemaOrContent, SchemaKind, Type};

use crate::error::Diagnostic;
use crate::select::all_operations;
use crate::spec::resolve::Resolver;
use crate::spec::Spec;

/// A warning about the first header parameter named `header` in the spec whose schema defaults
/// to another version or does not list `info.version`; `None` when they agree or there is no
/// such parameter. The whole spec is searched: the client sends the header with every request,
/// whether or not the selected operations declare it.
pub(crate) fn check(spec: &Spec, header: &str) -> Option<Diagnostic> {
    let api = &spec.api;
    let resolver = Resolver::new(api);
    let version = &api.info.version;
    let operations = all_operations(spec).unwrap_or_default();
    for op in &operations {
        for (at, parameter) in op.parameters() {
            let Ok(parameter) = resolver.item(parameter, &at).map(|p| p.item) else {
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
            let resolved = resolver.item(schema, &at.join("schema")).ok()?;
            let (schema, location) = (resolved.item, resolved.definition().to_string());
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
