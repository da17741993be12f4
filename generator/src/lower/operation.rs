//! Operations → client methods: names, parameters, the JSON body, the success type, and the
//! error responses' body type.

use openapiv3::{Parameter as SpecParameter, ParameterSchemaOrContent, StatusCode};
use serde_json::Value;

use crate::error::Diagnostic;
use crate::ir::{
    Body, Docs, Ident, NameAllocator, Operation, Parameter, ParameterLocation, TypeKind, TypeRef,
};
use crate::select::SelectedOperation;
use crate::spec::resolve::Resolver;
use crate::spec::Pointer;

use super::docs;
use super::examples::first_example;
use super::types::TypeBuilder;

/// Methods `Client` already has; operations never take these names.
pub(crate) const CLIENT_METHODS: &[&str] =
    &["builder", "from_env", "base_url", "api_version", "request"];

/// Names a parameter never takes: the locals of the emitted method bodies (`body` is the request
/// body), and the methods of `Request`, on which optional parameters become setters.
const RESERVED_PARAMETER_NAMES: &[&str] = &[
    "body",
    "item",
    "request",
    "value",
    "new",
    "json",
    "query",
    "query_object",
    "set_query",
    "header_param",
    "header",
    "timeout",
    "max_retries",
    "send",
    "send_with_response",
    "send_with_retries",
    "attempt",
    "invalidate",
    "into_future",
];

/// The lowered operations and what lowering them found.
pub(super) struct LoweredOperations<'a> {
    pub operations: Vec<Operation>,
    /// The spec's request body example of each operation (parallel to `operations`), to be
    /// typed once the types are final.
    pub body_examples: Vec<Option<&'a Value>>,
}

/// Lowers every selected operation.
pub(super) fn operations<'a>(
    selected: &[SelectedOperation<'a>],
    resolver: Resolver<'a>,
    types: &mut TypeBuilder<'a>,
    skip_headers: &[String],
) -> LoweredOperations<'a> {
    let mut names = OperationNames {
        methods: NameAllocator::with_reserved(CLIENT_METHODS.iter().copied()),
        markers: NameAllocator::default(),
    };
    let mut lowered = LoweredOperations {
        operations: Vec::with_capacity(selected.len()),
        body_examples: Vec::with_capacity(selected.len()),
    };
    for op in selected {
        let lowering = OperationLowering {
            op,
            resolver,
            skip_headers,
        };
        if let Some((operation, example)) = lowering.lower(types, &mut names) {
            lowered.operations.push(operation);
            lowered.body_examples.push(example);
        }
    }
    lowered
}

/// The names operations take, unique on `Client` and in `operations`.
struct OperationNames {
    methods: NameAllocator,
    markers: NameAllocator,
}

/// What an operation's request body becomes.
enum RequestBody<'a> {
    /// The operation has none.
    Absent,
    /// A JSON body, with the spec's first example of it.
    Json(Body, Option<&'a Value>),
    /// A body in a format the client cannot send: the operation is left out.
    Unsupported,
}

struct OperationLowering<'o, 'a> {
    op: &'o SelectedOperation<'a>,
    resolver: Resolver<'a>,
    skip_headers: &'o [String],
}

impl<'a> OperationLowering<'_, 'a> {
    fn lower(
        &self,
        types: &mut TypeBuilder<'a>,
        names: &mut OperationNames,
    ) -> Option<(Operation, Option<&'a Value>)> {
        let op = self.op;
        let operation = op.operation;
        let id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => {
                let derived = Ident::method_name(&format!("{} {}", op.method, op.path));
                types.warnings.push(Diagnostic {
                    pointer: op.pointer.to_string(),
                    message: format!("the operation has no operationId; its method is named `{derived}` after its HTTP method and path"),
                });
                derived.to_string()
            }
        };
        let hint = Ident::type_name(&id).to_string();

        let (body, example) = match self.body(types, &hint) {
            RequestBody::Absent => (None, None),
            RequestBody::Json(body, example) => (Some(body), example),
            RequestBody::Unsupported => return None,
        };
        let parameters = self.parameters(types, &hint);
        let (success, errors, error_bodies) = self.responses(types, &hint);
        let http_method = op.method.to_uppercase();
        let method_name = names.methods.claim(Ident::method_name(&id));
        let operation = Operation {
            marker: names.markers.claim(Ident::type_name(method_name.as_str())),
            method_name,
            docs: docs::operation_docs(
                operation.summary.as_deref(),
                operation.description.as_deref(),
                &http_method,
                op.path,
                &errors,
            ),
            id,
            http_method,
            path: op.path.to_owned(),
            parameters,
            body,
            success,
            error_bodies,
            deprecated: operation.deprecated,
        };
        Some((operation, example))
    }

    fn body(&self, types: &mut TypeBuilder<'a>, hint: &str) -> RequestBody<'a> {
        let Some(body) = &self.op.operation.request_body else {
            return RequestBody::Absent;
        };
        let at = self.op.pointer.join("requestBody");
        let (body, location) = match self.resolver.item(body, &at) {
            Ok(body) => (body.item, body.definition().clone()),
            Err(problem) => {
                types.problems.push(problem);
                return RequestBody::Absent;
            }
        };
        let Some((media_type, media)) = body
            .content
            .iter()
            .find(|(media_type, _)| is_json(media_type))
        else {
            let found: Vec<&str> = body.content.keys().map(String::as_str).collect();
            types.warnings.push(Diagnostic {
                pointer: at.join("content").to_string(),
                message: format!(
                    "request bodies of type {} are not supported; operation `{}` is left out of the client",
                    found.join(", "),
                    self.op.operation.operation_id.as_deref().unwrap_or(self.op.path)
                ),
            });
            return RequestBody::Unsupported;
        };
        let ty = match &media.schema {
            Some(schema) => {
                let at = at.join("content").join(media_type).join("schema");
                types
                    .use_schema(schema.into(), &at, &format!("{hint}Request"))
                    .ty
            }
            None => TypeRef::Json,
        };
        types
            .examples
            .record_media(media, &location.join("content").join(media_type), &ty);
        let body = Body {
            ty,
            required: body.required,
            example: None,
        };
        RequestBody::Json(body, first_example(media))
    }

    fn parameters(&self, types: &mut TypeBuilder<'a>, hint: &str) -> Vec<Parameter> {
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
            let location = match parameter {
                SpecParameter::Path { .. } => ParameterLocation::Path,
                SpecParameter::Query { .. } => ParameterLocation::Query,
                SpecParameter::Header { .. } => ParameterLocation::Header,
                SpecParameter::Cookie { .. } => {
                    types.warnings.push(Diagnostic {
                        pointer: at.to_string(),
                        message: format!(
                            "cookie parameter `{}` is not supported and is not sent",
                            data.name
                        ),
                    });
                    continue;
                }
            };
            if location == ParameterLocation::Header
                && self
                    .skip_headers
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(&data.name))
            {
                continue;
            }
            let mut ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let hint = format!("{hint}{}", Ident::type_name(&data.name));
                    types
                        .use_schema(schema.into(), &at.join("schema"), &hint)
                        .ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::Json,
            };
            let exploded = location == ParameterLocation::Query
                && matches!(types.kind_of(&ty), Some(TypeKind::Struct { .. }));
            let repeatable = location == ParameterLocation::Query
                && matches!(&ty, TypeRef::Vec(item) if displayable(types, item));
            if !exploded && !repeatable && !displayable(types, &ty) {
                types.warnings.push(Diagnostic {
                    pointer: at.to_string(),
                    message: format!(
                        "parameter `{}` has a structured type that cannot be written as text here; it is sent as JSON",
                        data.name
                    ),
                });
                ty = TypeRef::Json;
            }
            parameters.push(Parameter {
                name: names.claim(Ident::field_name(&data.name)),
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParameterLocation::Path,
                exploded,
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

    /// Every `{name}` in the path template must be a path parameter. A spec that declares it
    /// elsewhere (Intercom's `{job_identifier}` is declared `in: query`) or not at all is wrong;
    /// warn, and send the value in the path, which is the only place the server can read it.
    fn match_path_template(
        &self,
        types: &mut TypeBuilder<'a>,
        parameters: &mut Vec<Parameter>,
        names: &mut NameAllocator,
    ) {
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
                    parameter.exploded = false;
                    format!("path template variable `{{{variable}}}` is declared `in: {declared}`; it is sent in the path")
                }
                None => {
                    parameters.push(Parameter {
                        name: names.claim(Ident::field_name(variable)),
                        wire_name: variable.to_owned(),
                        location: ParameterLocation::Path,
                        ty: TypeRef::String,
                        required: true,
                        exploded: false,
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

    /// The success body type, the documented non-success statuses with their descriptions, and
    /// the body type of each of those that has a schema.
    #[allow(clippy::type_complexity)]
    fn responses(
        &self,
        types: &mut TypeBuilder<'a>,
        hint: &str,
    ) -> (
        Option<TypeRef>,
        Vec<(String, String)>,
        Vec<(String, TypeRef)>,
    ) {
        let mut error_bodies = Vec::new();
        let responses = &self.op.operation.responses;
        let at = self.op.pointer.join("responses");
        let mut success: Option<Option<TypeRef>> = None;
        let mut errors = Vec::new();
        let listed = responses
            .responses
            .iter()
            .map(|(status, response)| (Some(status), status.to_string(), response))
            .chain(
                responses
                    .default
                    .iter()
                    .map(|r| (None, "default".to_owned(), r)),
            );
        for (status, label, response) in listed {
            let at = at.join(&label);
            let (response, location) = match self.resolver.item(response, &at) {
                Ok(response) => (response.item, response.definition().clone()),
                Err(problem) => {
                    types.problems.push(problem);
                    continue;
                }
            };
            let json = response
                .content
                .iter()
                .find(|(media_type, _)| is_json(media_type));
            let is_success = matches!(
                status,
                Some(StatusCode::Code(200..=299)) | Some(StatusCode::Range(2))
            );
            let body = json.and_then(|(media_type, media)| match &media.schema {
                Some(schema) => {
                    let at = at.join("content").join(media_type).join("schema");
                    let suffix = if is_success {
                        "Response".to_owned()
                    } else {
                        format!("{}Error", status_name(&label))
                    };
                    let hint = format!("{hint}{suffix}");
                    Some(types.use_schema(schema.into(), &at, &hint).ty)
                }
                // Examples without a schema (some error responses): any JSON, and no say in
                // the shared error body type.
                None => is_success.then_some(TypeRef::Json),
            });
            if let (Some((media_type, media)), Some(ty)) = (json, &body) {
                types
                    .examples
                    .record_media(media, &location.join("content").join(media_type), ty);
            }
            if is_success {
                if success.is_none() {
                    success = Some(body);
                }
            } else {
                if let Some(body) = body {
                    error_bodies.push((label.clone(), body));
                }
                errors.push((label, response.description.clone()));
            }
        }
        (success.flatten(), errors, error_bodies)
    }
}

/// A status as a name for the type of its error body: its reason phrase (`422` →
/// `UnprocessableEntity`), the class of a range (`4XX` → `Client`), nothing for `default`.
fn status_name(label: &str) -> String {
    let known = match label {
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "402" => "PaymentRequired",
        "403" => "Forbidden",
        "404" => "NotFound",
        "405" => "MethodNotAllowed",
        "406" => "NotAcceptable",
        "408" => "RequestTimeout",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "PreconditionFailed",
        "413" => "PayloadTooLarge",
        "415" => "UnsupportedMediaType",
        "422" => "UnprocessableEntity",
        "429" => "TooManyRequests",
        "500" => "InternalServer",
        "502" => "BadGateway",
        "503" => "ServiceUnavailable",
        "504" => "GatewayTimeout",
        "4XX" | "4xx" => "Client",
        "5XX" | "5xx" => "Server",
        "default" => "",
        other => return format!("Status{other}"),
    };
    known.to_owned()
}

/// The `{name}`s of a path template, in order.
fn path_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Whether a value of `ty` can be written as one text value (a path segment, a header, one query
/// value): scalars, enums and free JSON (written as JSON text).
fn displayable(types: &TypeBuilder<'_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F64
        | TypeRef::Json => true,
        TypeRef::Named(_) => matches!(types.kind_of(ty), Some(TypeKind::Enum { .. })),
        _ => false,
    }
}

pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

fn same_parameter(a: &SpecParameter, b: &SpecParameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}
