//! Path, query and header parameters: their names, types and how each is written, and the
//! path template they must fill.

use openapiv3::{Parameter as SpecParameter, ParameterSchemaOrContent};

use crate::error::Diagnostic;
use crate::ir::reserved::RESERVED_PARAMETER_NAMES;
use crate::ir::{
    Docs, Ident, NameAllocator, Parameter, ParameterLocation, Serialization, Style, TypeRef,
};
use crate::lower::docs;
use crate::lower::media::MediaKind;
use crate::lower::types::TypeBuilder;
use crate::spec::Pointer;

use super::OperationLowering;

impl<'a> OperationLowering<'_, 'a> {
    pub(super) fn parameters(&self, types: &mut TypeBuilder<'a>, hint: &str) -> Vec<Parameter> {
        // An operation's own parameter replaces a path-level one with the same name and place.
        let mut resolved: Vec<(Pointer, &'a SpecParameter)> = Vec::new();
        for (at, parameter) in self.op.parameters() {
            match self.resolver.item(parameter, &at).map(|p| p.item) {
                Ok(parameter) => {
                    resolved.retain(|(_, p)| !same_parameter(p, parameter));
                    resolved.push((at, parameter));
                }
                Err(problem) => types.problems.push(problem),
            }
        }

        let mut names = NameAllocator::with_reserved(RESERVED_PARAMETER_NAMES.iter().copied());
        let mut parameters = Vec::new();
        for (at, parameter) in resolved {
            let data = parameter.parameter_data_ref();
            let location = location(parameter);
            if location == ParameterLocation::Header
                && self
                    .skip_headers
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(&data.name))
            {
                continue;
            }
            if location == ParameterLocation::Header && crate::spec::is_ignored_header(&data.name) {
                types.warnings.push(Diagnostic {
                    pointer: at.to_string(),
                    message: format!("a header parameter named `{}` is ignored, as OpenAPI says: the request's body or its security scheme sets that header", data.name),
                });
                continue;
            }
            let (ty, serialization) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{hint}{}", Ident::type_name(&data.name));
                    let ty = types
                        .use_schema(schema.into(), &at.join("schema"), &hint)
                        .ty;
                    (ty, styled(parameter))
                }
                ParameterSchemaOrContent::Content(content) => {
                    self.content_parameter(types, content, &at, hint, &data.name, location)
                }
            };
            parameters.push(Parameter {
                name: names.claim(Ident::field_name(&data.name)),
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParameterLocation::Path,
                serialization,
                docs: Docs::text(
                    data.description
                        .as_deref()
                        .map(docs::clean)
                        .unwrap_or_else(|| format!("The `{}` parameter.", data.name)),
                ),
            });
        }
        self.match_path_template(types, &mut parameters, &mut names);
        parameters
    }

    /// A parameter described by `content`: typed by its media type's schema, and written as
    /// JSON text for a JSON media type, as text (the location's default style) otherwise.
    fn content_parameter(
        &self,
        types: &mut TypeBuilder<'a>,
        content: &'a openapiv3::Content,
        at: &Pointer,
        hint: &str,
        name: &str,
        location: ParameterLocation,
    ) -> (TypeRef, Serialization) {
        let Some((media_type, media)) = content.iter().next() else {
            types.warnings.push(Diagnostic {
                pointer: at.join("content").to_string(),
                message: format!("parameter `{name}` has an empty `content`; it takes any JSON value, sent as JSON text"),
            });
            return (TypeRef::Json, Serialization::new(Style::Json, false));
        };
        let schema_at = at.join("content").join(media_type).join("schema");
        let ty = match &media.schema {
            Some(schema) => {
                let hint = format!("{hint}{}", Ident::type_name(name));
                types.use_schema(schema.into(), &schema_at, &hint).ty
            }
            None => TypeRef::Json,
        };
        let serialization = match MediaKind::of(media_type) {
            MediaKind::Json => Serialization::new(Style::Json, false),
            MediaKind::Text => Serialization {
                explode: false,
                ..Serialization::default_for(location)
            },
            _ => {
                types.warnings.push(Diagnostic {
                    pointer: at.join("content").join(media_type).to_string(),
                    message: format!("parameter `{name}` is described as `{media_type}`, which the client cannot write; it is sent as JSON text"),
                });
                Serialization::new(Style::Json, false)
            }
        };
        (ty, serialization)
    }

    /// Every `{name}` in the path template must be a path parameter. A spec that declares it
    /// elsewhere (Intercom's `{job_identifier}` is declared `in: query`) or not at all is wrong;
    /// warn, and send the value in the path, which is the only place the server can read it.
    fn match_path_template(
        &self,
        types: &mut TypeBuilder<'a>,
        parameters: &mut Vec<Parameter>,
        names: &mut NameAllocator,
    ) {
        // A path parameter the template does not name has nowhere to go.
        let variables = path_variables(self.op.path);
        parameters.retain(|parameter| {
            let placed = parameter.location != ParameterLocation::Path
                || variables.contains(&parameter.wire_name.as_str());
            if !placed {
                types.warnings.push(Diagnostic {
                    pointer: self.op.pointer.to_string(),
                    message: format!(
                        "path parameter `{}` is declared, but the path `{}` has no `{{{}}}`; it is left out",
                        parameter.wire_name, self.op.path, parameter.wire_name
                    ),
                });
            }
            placed
        });
        for variable in path_variables(self.op.path) {
            if parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire_name == variable)
            {
                continue;
            }
            let message = match parameters.iter_mut().find(|p| p.wire_name == variable) {
                Some(parameter) => {
                    let declared = parameter.location.as_str();
                    parameter.location = ParameterLocation::Path;
                    parameter.required = true;
                    parameter.serialization = Serialization::default_for(ParameterLocation::Path);
                    format!("path template variable `{{{variable}}}` is declared `in: {declared}`; it is sent in the path")
                }
                None => {
                    parameters.push(Parameter {
                        name: names.claim(Ident::field_name(variable)),
                        wire_name: variable.to_owned(),
                        location: ParameterLocation::Path,
                        ty: TypeRef::String,
                        required: true,
                        serialization: Serialization::default_for(ParameterLocation::Path),
                        docs: Docs::text(format!(
                            "The `{variable}` path segment (not declared by the spec)."
                        )),
                    });
                    format!("path template variable `{{{variable}}}` has no parameter; it becomes a string argument")
                }
            };
            types.warnings.push(Diagnostic {
                pointer: self.op.pointer.to_string(),
                message,
            });
        }
    }
}

/// The `{name}`s of a path template, in order.
fn path_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// How a parameter described by `schema` is written: its `style` and `explode` (defaults by
/// location, as the specification gives them) and, in the query, `allowReserved`.
fn styled(parameter: &SpecParameter) -> Serialization {
    use openapiv3::{PathStyle, QueryStyle};
    let (style, allow_reserved) = match parameter {
        SpecParameter::Path { style, .. } => (
            match style {
                PathStyle::Simple => Style::Simple,
                PathStyle::Label => Style::Label,
                PathStyle::Matrix => Style::Matrix,
            },
            false,
        ),
        SpecParameter::Query {
            style,
            allow_reserved,
            ..
        } => (
            match style {
                _ if parameter
                    .parameter_data_ref()
                    .extensions
                    .contains_key(crate::spec::TAB_DELIMITED_EXTENSION) =>
                {
                    Style::TabDelimited
                }
                QueryStyle::Form => Style::Form,
                QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                QueryStyle::PipeDelimited => Style::PipeDelimited,
                QueryStyle::DeepObject => Style::DeepObject,
            },
            *allow_reserved,
        ),
        SpecParameter::Header { .. } => (Style::Simple, false),
        SpecParameter::Cookie { .. } => {
            let cookie_style = parameter
                .parameter_data_ref()
                .extensions
                .contains_key(crate::spec::COOKIE_STYLE_EXTENSION);
            (
                if cookie_style {
                    Style::Cookie
                } else {
                    Style::Form
                },
                false,
            )
        }
    };
    // `explode` defaults to true for `form` and `cookie`, to false for every other style.
    let explode_default = matches!(style, Style::Form | Style::Cookie);
    Serialization {
        style,
        explode: parameter
            .parameter_data_ref()
            .explode
            .unwrap_or(explode_default),
        allow_reserved,
    }
}

fn same_parameter(a: &SpecParameter, b: &SpecParameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}

/// Where a parameter goes (its `in`).
pub(crate) fn location(parameter: &SpecParameter) -> ParameterLocation {
    match parameter {
        SpecParameter::Path { .. } => ParameterLocation::Path,
        SpecParameter::Query { .. } => ParameterLocation::Query,
        SpecParameter::Header { .. } => ParameterLocation::Header,
        SpecParameter::Cookie { .. } => ParameterLocation::Cookie,
    }
}
