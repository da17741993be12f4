//! Operations → client methods: names, parameters, the request body (JSON, form, multipart,
//! text or bytes), what a success decodes into, and the error responses' body types.

use openapiv3::{Parameter as SpecParameter, ParameterSchemaOrContent, StatusCode};
use serde_json::Value;

use crate::error::Diagnostic;
use crate::ir::{
    Body, BodyEncoding, Docs, Ident, NameAllocator, Operation, Parameter, ParameterLocation,
    Payload, ResponseVariant, Success, TypeKind, TypeRef,
};
use crate::select::SelectedOperation;
use crate::spec::resolve::Resolver;
use crate::spec::Pointer;

use super::docs;
use super::examples::first_example;
use super::media::{self, MediaKind};
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
        let (operation, example) = lowering.lower(types, &mut names);
        lowered.operations.push(operation);
        lowered.body_examples.push(example);
    }
    lowered
}

/// The names operations take, unique on `Client` and in `operations`.
struct OperationNames {
    methods: NameAllocator,
    markers: NameAllocator,
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
    ) -> (Operation, Option<&'a Value>) {
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
        if !operation.callbacks.is_empty() {
            let names: Vec<&str> = operation.callbacks.keys().map(String::as_str).collect();
            types.warnings.push(Diagnostic {
                pointer: op.pointer.join("callbacks").to_string(),
                message: format!(
                    "callbacks ({}) are requests the API sends to you, not operations; they are not generated (described as `x-webhooks`, they get typed, verified handlers)",
                    names.join(", ")
                ),
            });
        }

        let (body, example) = match self.body(types, &hint) {
            Some((body, example)) => (Some(body), example),
            None => (None, None),
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
        (operation, example)
    }

    /// The request body and the spec's first example of it; `None` without one, or for an
    /// optional body with nothing in it (some vendors declare an empty form on every operation).
    fn body(&self, types: &mut TypeBuilder<'a>, hint: &str) -> Option<(Body, Option<&'a Value>)> {
        let body = self.op.operation.request_body.as_ref()?;
        let at = self.op.pointer.join("requestBody");
        let (body, location) = match self.resolver.item(body, &at) {
            Ok(body) => (body.item, body.definition().clone()),
            Err(problem) => {
                types.problems.push(problem);
                return None;
            }
        };
        let Some((media_type, media, kind)) = media::preferred(&body.content) else {
            types.warnings.push(Diagnostic {
                pointer: at.join("content").to_string(),
                message:
                    "the request body lists no media type; the operation is sent without a body"
                        .into(),
            });
            return None;
        };
        let schema_at = at.join("content").join(media_type).join("schema");
        // A broken reference is reported where the schema is converted.
        let schema = media
            .schema
            .as_ref()
            .and_then(|schema| self.resolver.item(schema, &schema_at).ok())
            .map(|resolved| resolved.item);
        let structured = matches!(
            kind,
            MediaKind::Json | MediaKind::Form | MediaKind::Multipart
        );
        if !body.required && structured && schema.is_none_or(media::is_empty_object) {
            return None;
        }
        let typed = |types: &mut TypeBuilder<'a>, fallback: TypeRef| match &media.schema {
            Some(schema) => {
                types
                    .use_schema(schema.into(), &schema_at, &format!("{hint}Request"))
                    .ty
            }
            None => fallback,
        };
        let (ty, encoding) = match kind {
            MediaKind::Json => (typed(types, TypeRef::Json), BodyEncoding::Json),
            MediaKind::Form | MediaKind::Multipart => {
                let ty = typed(types, TypeRef::JsonObject);
                let is_object = matches!(ty, TypeRef::JsonObject | TypeRef::Map(_))
                    || matches!(types.kind_of(&ty), Some(TypeKind::Struct { .. }));
                if !is_object {
                    types.warnings.push(Diagnostic {
                        pointer: schema_at.to_string(),
                        message: format!("a `{media_type}` body whose schema is not an object cannot be written as fields; it is sent as raw bytes"),
                    });
                    (TypeRef::Bytes, BodyEncoding::Bytes)
                } else if kind == MediaKind::Form {
                    (ty, BodyEncoding::Form(media::form_styles(media)))
                } else {
                    (
                        ty,
                        BodyEncoding::Multipart(media::part_content_types(media)),
                    )
                }
            }
            MediaKind::Text | MediaKind::Binary => {
                let is_string = schema.is_some_and(|schema| {
                    matches!(
                        &schema.schema_kind,
                        openapiv3::SchemaKind::Type(openapiv3::Type::String(_))
                    )
                });
                if schema.is_some() && !is_string {
                    types.warnings.push(Diagnostic {
                        pointer: schema_at.to_string(),
                        message: format!("a `{media_type}` body is sent as the text or bytes you give; its schema is not used"),
                    });
                }
                if kind == MediaKind::Text {
                    (TypeRef::String, BodyEncoding::Text)
                } else {
                    (TypeRef::Bytes, BodyEncoding::Bytes)
                }
            }
        };
        let example = if matches!(encoding, BodyEncoding::Json | BodyEncoding::Form(_)) {
            types
                .examples
                .record_media(media, &location.join("content").join(media_type), &ty);
            first_example(media)
        } else {
            None
        };
        let body = Body {
            ty,
            required: body.required,
            example: None,
            media_type: media_type.clone(),
            encoding,
        };
        Some((body, example))
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
                ParameterSchemaOrContent::Content(content) => {
                    let media: Vec<&str> = content.keys().map(String::as_str).collect();
                    types.warnings.push(Diagnostic {
                        pointer: at.join("content").to_string(),
                        message: format!(
                            "parameter `{}` is described by `content` ({}); it takes any JSON value, sent as JSON text",
                            data.name,
                            media.join(", ")
                        ),
                    });
                    TypeRef::Json
                }
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

    /// What a success decodes into, the documented non-success statuses with their
    /// descriptions, and the body type of each of those that has a schema.
    #[allow(clippy::type_complexity)]
    fn responses(
        &self,
        types: &mut TypeBuilder<'a>,
        hint: &str,
    ) -> (Success, Vec<(String, String)>, Vec<(String, TypeRef)>) {
        let responses = &self.op.operation.responses;
        let at = self.op.pointer.join("responses");
        let mut successes: Vec<(String, String, Option<Payload>)> = Vec::new();
        let mut errors = Vec::new();
        let mut error_bodies = Vec::new();
        // Several successes may have bodies of their own, each then named by its status.
        let several = responses
            .responses
            .keys()
            .filter(|status| is_success(status))
            .count()
            > 1;
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
            if status.is_some_and(is_success) {
                let name = if several {
                    format!("{hint}{}Body", success_name(&label))
                } else {
                    format!("{hint}Response")
                };
                let payload = self.payload(types, response, &at, &location, &name);
                successes.push((label, response.description.clone(), payload));
                continue;
            }
            // Error bodies are read as JSON; one without a schema has no say in their types.
            let json = response
                .content
                .iter()
                .find(|(media_type, _)| MediaKind::of(media_type) == MediaKind::Json);
            if let Some((media_type, media)) = json {
                if let Some(schema) = &media.schema {
                    let schema_at = at.join("content").join(media_type).join("schema");
                    let hint = format!("{hint}{}Error", status_name(&label));
                    let ty = types.use_schema(schema.into(), &schema_at, &hint).ty;
                    types.examples.record_media(
                        media,
                        &location.join("content").join(media_type),
                        &ty,
                    );
                    error_bodies.push((label.clone(), ty));
                }
            }
            errors.push((label, response.description.clone()));
        }
        (self.success(types, hint, successes), errors, error_bodies)
    }

    /// The body a success response has, read by its preferred media type.
    fn payload(
        &self,
        types: &mut TypeBuilder<'a>,
        response: &'a openapiv3::Response,
        at: &Pointer,
        location: &Pointer,
        hint: &str,
    ) -> Option<Payload> {
        let (media_type, media, kind) = media::preferred(&response.content)?;
        let ty = match (kind, &media.schema) {
            (MediaKind::Json, Some(schema)) => {
                let schema_at = at.join("content").join(media_type).join("schema");
                let ty = types.use_schema(schema.into(), &schema_at, hint).ty;
                types
                    .examples
                    .record_media(media, &location.join("content").join(media_type), &ty);
                ty
            }
            (MediaKind::Json, None) => TypeRef::Json,
            (kind, _) => match kind.read() {
                crate::ir::Read::Text => TypeRef::String,
                _ => TypeRef::Bytes,
            },
        };
        Some(Payload {
            ty,
            media_type: media_type.clone(),
            read: kind.read(),
        })
    }

    /// One type for every success, or, when their bodies differ, an enum with a variant per
    /// status that the response's status picks.
    fn success(
        &self,
        types: &mut TypeBuilder<'a>,
        hint: &str,
        successes: Vec<(String, String, Option<Payload>)>,
    ) -> Success {
        let Some((_, _, first)) = successes.first() else {
            return Success::One(None);
        };
        let same = |a: &Option<Payload>, b: &Option<Payload>| match (a, b) {
            (Some(a), Some(b)) => a.ty == b.ty && a.read == b.read,
            (None, None) => true,
            _ => false,
        };
        if successes.iter().all(|(_, _, payload)| same(payload, first)) {
            return Success::One(first.clone());
        }
        let mut names = NameAllocator::default();
        let variants = successes
            .into_iter()
            .map(|(status, description, payload)| ResponseVariant {
                name: names.claim(Ident::type_name(&success_name(&status))),
                docs: Docs::text(format!("`{status}`: {}", docs::clean(&description))),
                status,
                payload,
            })
            .collect();
        let op = self.op;
        let docs = Docs::text(format!(
            "What `{} {}` answers, by status: its success responses have different bodies.",
            op.method.to_uppercase(),
            op.path
        ));
        let id = types.add_named(
            &format!("{hint}Response"),
            op.pointer.join("responses"),
            TypeKind::Responses { variants },
            docs,
        );
        Success::ByStatus(id)
    }
}

fn is_success(status: &StatusCode) -> bool {
    matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
}

/// A success status as a variant name: its reason phrase (`201` → `Created`).
fn success_name(label: &str) -> String {
    match label {
        "200" => "Ok".to_owned(),
        "201" => "Created".to_owned(),
        "202" => "Accepted".to_owned(),
        "203" => "NonAuthoritativeInformation".to_owned(),
        "204" => "NoContent".to_owned(),
        "205" => "ResetContent".to_owned(),
        "206" => "PartialContent".to_owned(),
        "2XX" | "2xx" => "Success".to_owned(),
        other => format!("Status{other}"),
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

fn same_parameter(a: &SpecParameter, b: &SpecParameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        && a.parameter_data_ref().name == b.parameter_data_ref().name
}
