//! Webhooks → the methods of `Webhooks` that verify a request and decode its body, and the event
//! streams that deliver the same payloads (`x-event-stream` on a webhook) → methods of `Client`.

use crate::error::Diagnostic;
use crate::ir::reserved::WEBHOOKS_METHODS;
use crate::ir::{Docs, EventStream, Ident, NameAllocator, Webhook};
use crate::select::SelectedOperation;
use crate::spec::resolve::Resolver;

use super::docs;
use super::media::MediaKind;
use super::types::TypeBuilder;

/// The lowered webhooks and the streams of their payloads.
#[derive(Default)]
pub(super) struct LoweredWebhooks {
    pub webhooks: Vec<Webhook>,
    pub streams: Vec<EventStream>,
}

/// Lowers every selected webhook; stream methods avoid `taken`, the names `Client` already has.
pub(super) fn webhooks<'a, 't>(
    selected: &[SelectedOperation<'a>],
    resolver: Resolver<'a>,
    types: &mut TypeBuilder<'a>,
    taken: impl IntoIterator<Item = &'t str>,
) -> LoweredWebhooks {
    let mut verify_names = NameAllocator::with_reserved(WEBHOOKS_METHODS.iter().copied());
    let mut stream_names = NameAllocator::with_reserved(taken);
    let mut lowered = LoweredWebhooks::default();
    for op in selected {
        let warn = |types: &mut TypeBuilder<'a>, message: String| {
            types.warnings.push(Diagnostic {
                pointer: op.pointer.to_string(),
                message,
            })
        };
        let Some(body) = &op.operation.request_body else {
            warn(
                types,
                format!("webhook `{}` has no request body; there is nothing to verify or decode, so it is left out", op.path),
            );
            continue;
        };
        let at = op.pointer.join("requestBody");
        let (body, location) = match resolver.item(body, &at) {
            Ok(body) => (body.item, body.definition().clone()),
            Err(problem) => {
                types.problems.push(problem);
                continue;
            }
        };
        let Some((media_type, media)) = body
            .content
            .iter()
            .find(|(media, _)| MediaKind::of(media) == MediaKind::Json)
        else {
            warn(
                types,
                format!("webhook `{}` has no JSON body; it is left out", op.path),
            );
            continue;
        };
        let Some(schema) = &media.schema else {
            warn(
                types,
                format!(
                    "webhook `{}` has no schema for its body; it is left out",
                    op.path
                ),
            );
            continue;
        };
        let schema_at = at.join("content").join(media_type).join("schema");
        let hint = format!("{}Webhook", Ident::type_name(op.path));
        let ty = types.use_schema(schema.into(), &schema_at, &hint).ty;
        types
            .examples
            .record_media(media, &location.join("content").join(media_type), &ty);
        let description = [
            op.operation.summary.as_deref(),
            op.operation.description.as_deref(),
        ];
        let text: Vec<String> = description
            .into_iter()
            .flatten()
            .filter(|text| !text.trim().is_empty())
            .map(docs::clean)
            .collect();
        let mut webhook_docs = text.clone();
        webhook_docs.push(format!(
            "Verifies a `{}` request of the `{}` webhook (its headers and raw body) and decodes the body.",
            op.method.to_uppercase(),
            op.path
        ));
        lowered.webhooks.push(Webhook {
            name: op.path.to_owned(),
            method_name: verify_names.claim(Ident::method_name(&format!("verify {}", op.path))),
            body: ty.clone(),
            docs: Docs::text(webhook_docs.join("\n\n")),
        });
        if let Some(stream) = op
            .operation
            .extensions
            .get(crate::spec::EVENT_STREAM_EXTENSION)
        {
            let mut stream_docs = match stream.get("description").and_then(|d| d.as_str()) {
                Some(description) => vec![docs::clean(description)],
                None => text,
            };
            stream_docs.push(format!(
                "Opens the Server-Sent Events stream at `url`, which delivers the payloads of the `{}` webhook.",
                op.path
            ));
            lowered.streams.push(EventStream {
                method_name: stream_names.claim(Ident::method_name(&format!("{} stream", op.path))),
                item: ty,
                docs: Docs::text(stream_docs.join("\n\n")),
            });
        }
    }
    lowered
}
