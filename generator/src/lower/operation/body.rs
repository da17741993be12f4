//! The request body: how it travels (see `media`), its type, and the spec's example of it.

use serde_json::Value;

use crate::error::Diagnostic;
use crate::ir::{Body, BodyEncoding, Read, TypeKind, TypeRef};
use crate::lower::examples::first_example;
use crate::lower::media::{self, MediaKind};
use crate::lower::types::TypeBuilder;

use super::OperationLowering;

impl<'a> OperationLowering<'_, 'a> {
    /// The request body and the spec's first example of it; `None` without one, or for an
    /// optional body with nothing in it (some vendors declare an empty form on every operation).
    pub(super) fn body(
        &self,
        types: &mut TypeBuilder<'a>,
        hint: &str,
    ) -> Option<(Body, Option<&'a Value>)> {
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
                } else {
                    let mut unsent = Vec::new();
                    let fields = media::field_encodings(media, &mut unsent);
                    if kind == MediaKind::Form {
                        // A form has no headers per field; the spec's are ignored, as it says.
                        (ty, BodyEncoding::Form(fields))
                    } else {
                        let encoding_at = at.join("content").join(media_type).join("encoding");
                        for (property, header) in unsent {
                            types.warnings.push(Diagnostic {
                                pointer: encoding_at.join(&property).join("headers").join(&header).to_string(),
                                message: format!("header `{header}` of part `{property}` has no value the spec fixes (a `default` or an enum of one value); it is not sent"),
                            });
                        }
                        (ty, BodyEncoding::Multipart(fields))
                    }
                }
            }
            // (A request body is never read item by item: its sequences are text.)
            MediaKind::Text
            | MediaKind::Binary
            | MediaKind::Events
            | MediaKind::Lines
            | MediaKind::Records => {
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
                if kind.read() == Read::Text {
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
}
