//! `src/events.rs`: the typed entry points for what the API sends on its own: a
//! `Webhooks::verify_…` method per webhook, and a `Client::…_stream` method per event stream.
//! The verification and the stream themselves are runtime code (`webhook.rs`,
//! `event_stream.rs`); these methods only fix the payload type.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::type_ref::{mentions_named_type, rust_type, Scope};
use crate::ir::Api;

/// The whole `events` module.
pub(super) fn events_rs(api: &Api) -> TokenStream {
    let verified = api.webhook_signature.is_some();
    let streams = !api.event_streams.is_empty();
    let verify_methods = api.webhooks.iter().map(|webhook| {
        let docs = doc_attrs(&webhook.docs.render(api));
        let name = &webhook.method_name;
        let ty = rust_type(api, &webhook.body, Scope::Crate);
        quote! {
            #docs
            pub fn #name(&self, headers: &HeaderMap, body: &[u8]) -> Result<#ty, WebhookError> {
                self.decode(headers, body)
            }
        }
    });
    let stream_methods = api.event_streams.iter().map(|stream| {
        let docs = doc_attrs(&stream.docs.render(api));
        let name = &stream.method_name;
        let ty = rust_type(api, &stream.item, Scope::Crate);
        quote! {
            #docs
            pub async fn #name(&self, url: &str) -> Result<EventStream<#ty>, Error> {
                self.open_event_stream(url).await
            }
        }
    });
    let payloads = api
        .webhooks
        .iter()
        .map(|webhook| &webhook.body)
        .chain(api.event_streams.iter().map(|stream| &stream.item));
    let types_import = payloads.into_iter().any(mentions_named_type).then(|| {
        quote!(
            use crate::types;
        )
    });
    let webhook_imports = verified.then(|| {
        quote! {
            use reqwest::header::HeaderMap;

            use crate::webhook::{WebhookError, Webhooks};
        }
    });
    let stream_imports = streams.then(|| {
        quote! {
            use crate::event_stream::EventStream;
            use crate::{Client, Error};
        }
    });
    let webhooks_impl = verified.then(|| {
        quote! {
            impl Webhooks {
                #(#verify_methods)*
            }
        }
    });
    let streams_impl = streams.then(|| {
        quote! {
            impl Client {
                #(#stream_methods)*
            }
        }
    });
    quote! {
        //! What the API sends on its own: webhook requests to verify and decode, and streams of
        //! events to read.

        #webhook_imports
        #stream_imports
        #types_import

        #webhooks_impl
        #streams_impl
    }
}
