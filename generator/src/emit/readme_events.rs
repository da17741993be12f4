//! The README sections on what the API sends on its own: a webhook handler that verifies and
//! dispatches (an axum route, compiled as a doctest) and a loop over an event stream.

use std::fmt::Write;

use proc_macro2::TokenStream;
use quote::quote;

use super::type_ref::{rust_type, Scope};
use crate::format::rust_text;
use crate::ir::{definition_of, Api, TypeKind, TypeRef};

/// "Receiving webhooks" and "Event streams", for the crates that have them.
pub(super) fn sections(api: &Api) -> String {
    let mut text = String::new();
    if let (Some(signature), Some(webhook)) = (&api.webhook_signature, api.webhooks.first()) {
        let method = &webhook.method_name;
        let _ = writeln!(
            text,
            "\n## Receiving webhooks\n\n\
The API signs each webhook request: the `{header}` header carries the HMAC of the raw body under your webhook's signing secret{prefixed}. [`Webhooks::{method}`] checks it in constant time, then decodes the body; a request that fails is a [`WebhookError`] (no header, a malformed one, a signature that does not match, or a signed body that does not decode, kept raw). Verify the body exactly as received, before any parsing. [`Webhooks::sign`] computes the header for a body, to test your handler.\n\n\
```rust,no_run\n{}```",
            webhook_example(api, method, &webhook.body),
            header = signature.header,
            prefixed = if signature.prefix.is_empty() {
                String::new()
            } else {
                format!(
                    ", written after `{}` (a header without that prefix is accepted too: implementations differ on whether it is sent)",
                    signature.prefix
                )
            },
        );
    }
    if let Some(stream) = api.event_streams.first() {
        let method = &stream.method_name;
        let _ = writeln!(
            text,
            "\n## Event streams\n\n\
[`Client::{method}`] opens a stream of Server-Sent Events from a URL the API hands out, and returns an [`EventStream`]: a `futures` [`Stream`](futures_core::Stream) of typed events. It sends no `Authorization` header (the URL carries its own token) and never shows the URL in errors, logs or `Debug` output. It ends when the server closes the stream; an event that does not decode yields [`Error::Decode`] and the stream goes on; a broken connection yields [`Error::Transport`] and ends it.\n\n\
```rust,no_run\n{}```",
            stream_example(api, method, &stream.item),
        );
    }
    text
}

/// An axum app whose route verifies the webhook's requests and dispatches on the payload.
fn webhook_example(api: &Api, method: &impl quote::ToTokens, body: &TypeRef) -> String {
    let crate_ident = api.meta.crate_name.library();
    let handled = first_alternative(api, body).map(|alternative| {
        quote! {
            Ok(#alternative(event)) => {
                println!("{event:?}");
                StatusCode::OK
            }
        }
    });
    let tokens = quote! {
        use axum::body::Bytes;
        use axum::extract::State;
        use axum::http::{HeaderMap, StatusCode};
        use axum::routing::post;
        use axum::Router;
        use #crate_ident::{types, WebhookError, Webhooks};

        async fn receive(
            State(webhooks): State<Webhooks>,
            headers: HeaderMap,
            body: Bytes,
        ) -> StatusCode {
            match webhooks.#method(&headers, &body) {
                #handled
                Ok(other) => {
                    println!("{other:?}");
                    StatusCode::OK
                }
                Err(WebhookError::InvalidBody { source, .. }) => {
                    eprintln!("signed, but not a payload this crate knows: {source}");
                    StatusCode::BAD_REQUEST
                }
                Err(error) => {
                    eprintln!("rejected: {error}");
                    StatusCode::UNAUTHORIZED
                }
            }
        }

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let webhooks = Webhooks::new(std::env::var("WEBHOOK_SIGNING_SECRET")?);
            let app = Router::new()
                .route("/webhooks", post(receive))
                .with_state(webhooks);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
            axum::serve(listener, app).await?;
            Ok(())
        }
    };
    rust_text(tokens)
}

/// A function that reads the stream to its end.
fn stream_example(api: &Api, method: &impl quote::ToTokens, item: &TypeRef) -> String {
    let crate_ident = api.meta.crate_name.library();
    let handled = first_alternative(api, item)
        .map(|alternative| quote!(Ok(#alternative(event)) => println!("{event:?}"),));
    let tokens = quote! {
        use futures_util::StreamExt;
        use #crate_ident::{types, Client, Error};

        async fn follow(client: &Client, url: &str) -> Result<(), Error> {
            let mut events = client.#method(url).await?;
            while let Some(event) = events.next().await {
                match event {
                    #handled
                    Ok(other) => println!("{other:?}"),
                    Err(Error::Decode(error)) => eprintln!("skipped an event: {error}"),
                    Err(error) => return Err(error),
                }
            }
            Ok(())
        }
    };
    rust_text(tokens)
}

/// `types::Union::FirstVariant` when `ty` is a union, for an example's match arm.
fn first_alternative(api: &Api, ty: &TypeRef) -> Option<TokenStream> {
    let definition = definition_of(&api.types, ty)?;
    let TypeKind::Union { variants, .. } = &definition.kind else {
        return None;
    };
    let variant = &variants.first()?.name;
    let path = rust_type(api, ty, Scope::Crate);
    Some(quote!(#path::#variant))
}
