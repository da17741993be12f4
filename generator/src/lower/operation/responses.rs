//! Responses: what an answer decodes into (one type, or one variant per status), and the body
//! type of each documented error status.
//!
//! An operation's answers are its successes and the redirections it documents: a description
//! that lists `302` with a `Location` means the caller wants that URL (Intercom's signed call
//! recording), and one that lists `304` means the request was fine (Docker's start of a started
//! container), so both are returned as answers, and the runtime does not follow them.

use openapiv3::StatusCode;

use crate::error::Diagnostic;
use crate::ir::{
    Docs, ErrorResponse, Ident, NameAllocator, Payload, Read, Redirect, ResponseVariant, Success,
    TypeKind, TypeRef,
};
use crate::lower::docs;
use crate::lower::media::{self, MediaKind};
use crate::lower::status::{answer_name, error_name, variant};
use crate::lower::types::TypeBuilder;
use crate::spec::Pointer;

use super::OperationLowering;

/// What an operation's documented responses become.
pub(super) struct Responses {
    /// What an answer decodes into.
    pub(super) success: Success,
    /// The documented error responses.
    pub(super) errors: Vec<ErrorResponse>,
    /// The documented redirections, which are answers too.
    pub(super) redirects: Vec<Redirect>,
}

impl<'a> OperationLowering<'_, 'a> {
    /// What an answer decodes into, the documented error responses and redirections.
    pub(super) fn responses(&self, types: &mut TypeBuilder<'a>, hint: &str) -> Responses {
        let responses = &self.op.operation.responses;
        let at = self.op.pointer.join("responses");
        let mut successes: Vec<(String, String, Option<Payload>)> = Vec::new();
        let mut errors = Vec::new();
        let mut redirects = Vec::new();
        // Several answers may have bodies of their own, each then named by its status.
        let several = responses
            .responses
            .keys()
            .filter(|status| is_answer(status))
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
            if status.is_some_and(is_answer) {
                if status.is_some_and(is_redirection) {
                    redirects.push(Redirect {
                        status: label.clone(),
                        description: response.description.clone(),
                    });
                }
                let (site, name) = body_site(
                    at,
                    &location,
                    |status| format!("{}Response", answer_name(status)),
                    || {
                        if several {
                            format!("{hint}{}Body", answer_name(&label))
                        } else {
                            format!("{hint}Response")
                        }
                    },
                );
                let payload = self.payload(types, response, &site, &location, &name);
                successes.push((label, response.description.clone(), payload));
                continue;
            }
            // Error bodies are read as JSON; one without a schema has no say in their types.
            let json = response
                .content
                .iter()
                .find(|(media_type, _)| MediaKind::of(media_type) == MediaKind::Json);
            let schema = json
                .and_then(|(media_type, media)| Some((media_type, media, media.schema.as_ref()?)));
            let (site, hint) = body_site(
                at,
                &location,
                |status| match error_name(status).as_str() {
                    "" => "DefaultError".to_owned(),
                    name => format!("{name}Error"),
                },
                || format!("{hint}{}Error", error_name(&label)),
            );
            let body = schema.map(|(media_type, media, schema)| {
                let schema_at = site.join("content").join(media_type).join("schema");
                let ty = types.use_schema(schema.into(), &schema_at, &hint).ty;
                types
                    .examples
                    .record_media(media, &location.join("content").join(media_type), &ty);
                ty
            });
            errors.push(ErrorResponse {
                variant: variant(&label),
                status: label,
                description: response.description.clone(),
                body,
            });
        }
        Responses {
            success: self.success(types, hint, successes),
            errors,
            redirects,
        }
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
            (MediaKind::Events | MediaKind::Lines | MediaKind::Records, Some(schema)) => {
                // Where the description has it.
                let schema_at = at.join("content").join(media_type).join("itemSchema");
                let item = if kind == MediaKind::Events {
                    "Event"
                } else {
                    "Item"
                };
                let hint = format!("{}{item}", hint.trim_end_matches("Response"));
                let ty = types.use_schema(schema.into(), &schema_at, &hint).ty;
                let read = match kind {
                    MediaKind::Events => Read::Events {
                        json_data: has_json_data(types, &ty),
                    },
                    MediaKind::Lines => Read::Lines,
                    _ => Read::Records,
                };
                return Some(Payload {
                    ty,
                    media_type: media_type.clone(),
                    read,
                });
            }
            (kind, _) => match kind.read() {
                Read::Text => TypeRef::String,
                _ => TypeRef::Bytes,
            },
        };
        // Any media type and a string: the body is the string, whatever its type (Kubernetes'
        // exec and log operations answer `*/*` with text); and binary data, the bytes
        // (Apideck's downloads answer `*/*` with `format: binary`).
        let any = crate::spec::media_type_essence(media_type) == "*/*";
        let (ty, read) = match kind.read() {
            Read::Json if any && ty == TypeRef::String => (ty, Read::Text),
            Read::Json if any && ty == TypeRef::File => (TypeRef::Bytes, Read::Bytes),
            read => (ty, read),
        };
        Some(Payload {
            ty,
            media_type: media_type.clone(),
            read,
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
                name: names.claim(Ident::type_name(&answer_name(&status))),
                docs: Docs::text(format!("`{status}`: {}", docs::clean(&description))),
                payload: payload.map(|payload| self.read_whole(types, &status, payload)),
                status,
            })
            .collect();
        let op = self.op;
        let docs = Docs::text(format!(
            "What `{} {}` answers, by status: its answers have different bodies.",
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

/// Whether the events of type `event` have a `data` field of another type than a string: the
/// JSON their `data` holds, decoded.
fn has_json_data(types: &TypeBuilder<'_>, event: &TypeRef) -> bool {
    let Some(TypeKind::Struct { fields }) = types.kind_of(event) else {
        return false;
    };
    fields
        .iter()
        .find(|field| field.wire_name == "data")
        .is_some_and(|data| data.ty != TypeRef::String)
}

impl OperationLowering<'_, '_> {
    /// `payload` of the success `status` as an enum of successes holds it: a stream is read
    /// whole, as text, with a warning.
    fn read_whole(&self, types: &mut TypeBuilder<'_>, status: &str, payload: Payload) -> Payload {
        if !payload.read.is_stream() {
            return payload;
        }
        let at = self.op.pointer.join("responses").join(status);
        types.warnings.push(Diagnostic {
            pointer: at.join("content").join(&payload.media_type).to_string(),
            message: "this operation's successes differ by status, so this one's items are not read one by one; its body is read whole, as text".into(),
        });
        Payload {
            ty: TypeRef::String,
            read: Read::Text,
            ..payload
        }
    }
}

/// Where the schemas of a response's body are met, and the name their type is given. A response
/// defined under `components/responses` (`location`), which operations reference, is met there,
/// once for every operation that references it, and named after its name there (a status, as
/// `status_name` names it); Coolify's five shared error responses, met at each operation, were
/// 762 types of one shape. Any other is met at the operation (`at`) and named `own`.
fn body_site(
    at: Pointer,
    location: &Pointer,
    status_name: impl FnOnce(&str) -> String,
    own: impl FnOnce() -> String,
) -> (Pointer, String) {
    match location.component("responses") {
        Some(name) if is_status_label(&name) => (location.clone(), status_name(&name)),
        Some(name) => (location.clone(), Ident::type_name(&name).to_string()),
        None => (at, own()),
    }
}

/// Whether a response's name is a status (`404`, `4XX`, `default`), which then names its type.
fn is_status_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    let code = |b: &u8| b.is_ascii_digit();
    let range = |b: &u8| *b == b'X' || *b == b'x';
    name == "default"
        || (bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (bytes[1..].iter().all(code) || bytes[1..].iter().all(range)))
}

/// Whether `status` is an answer of the operation: a success or a redirection.
fn is_answer(status: &StatusCode) -> bool {
    matches!(
        status,
        StatusCode::Code(200..=399) | StatusCode::Range(2 | 3)
    )
}

fn is_redirection(status: &StatusCode) -> bool {
    matches!(status, StatusCode::Code(300..=399) | StatusCode::Range(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_is_named_by_its_status_only_when_its_name_is_one() {
        for status in ["401", "404", "4XX", "5xx", "default", "200"] {
            assert!(is_status_label(status), "{status}");
        }
        for name in ["RateLimited", "4X1", "600", "40", "4010", "Default"] {
            assert!(!is_status_label(name), "{name}");
        }
    }

    #[test]
    fn a_shared_response_is_met_where_it_is_defined_and_named_there() {
        let own = || "own".to_owned();
        let status = |name: &str| format!("status {name}");
        let shared = |name: &str| {
            Pointer::root()
                .join("components")
                .join("responses")
                .join(name)
        };
        let at = Pointer::root()
            .join("paths")
            .join("/a")
            .join("get")
            .join("responses")
            .join("401");
        let site = |location: &Pointer| body_site(at.clone(), location, status, own);
        assert_eq!(site(&shared("401")), (shared("401"), "status 401".into()));
        assert_eq!(
            site(&shared("RateLimited")),
            (shared("RateLimited"), "RateLimited".into())
        );
        assert_eq!(
            site(&shared("ereader200")),
            (shared("ereader200"), "Ereader200".into())
        );
        assert_eq!(site(&at), (at.clone(), "own".into()));
        let inside = shared("401").join("content");
        assert_eq!(site(&inside), (at.clone(), "own".into()));
    }
}
