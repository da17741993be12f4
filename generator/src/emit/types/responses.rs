//! The answers of an operation whose bodies differ by status: an enum with a variant per status,
//! decoded by the status the server sent (never by trying each body type).

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs::doc_attrs;
use super::super::type_ref::{rust_type, Scope};
use crate::ir::{Api, Ident, Payload, Read, ResponseVariant};

/// The enum `name` of `variants`, with the `decode` its operation's request calls.
pub(super) fn responses(
    api: &Api,
    name: &Ident,
    docs: &TokenStream,
    variants: &[ResponseVariant],
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs.render(api));
        let variant_name = &variant.name;
        match &variant.payload {
            Some(payload) => {
                let ty = rust_type(api, &payload.ty, Scope::Types);
                quote!(#docs #variant_name(#ty),)
            }
            None => quote!(#docs #variant_name,),
        }
    });
    let decoded = |variant: &ResponseVariant| {
        let variant_name = &variant.name;
        match &variant.payload {
            Some(payload) => {
                let read = read_function(payload);
                quote!(#name::#variant_name(crate::request::#read(status, body)?))
            }
            None => quote!(#name::#variant_name),
        }
    };
    // Statuses first, then ranges (`2XX` takes every success another variant does not).
    let (statuses, ranges): (Vec<_>, Vec<_>) = variants
        .iter()
        .partition(|variant| variant.status.parse::<u16>().is_ok());
    let arms = statuses.iter().chain(&ranges).filter_map(|variant| {
        let pattern = match variant.status.parse::<u16>() {
            Ok(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Err(_) => {
                let class = variant.status.chars().next()?.to_digit(10)? as u16;
                let (first, last) = (
                    proc_macro2::Literal::u16_unsuffixed(class * 100),
                    proc_macro2::Literal::u16_unsuffixed(class * 100 + 99),
                );
                quote!(#first..=#last)
            }
        };
        let value = decoded(variant);
        Some(quote!(#pattern => #value,))
    });
    // An answer the spec does not list, and no range of it, is read as the first variant.
    let fallback = variants.first().map(decoded);
    quote! {
        #docs
        ///
        /// The status the server sent picks the variant; a status the description does not list
        /// is read as its range's variant (else as the first).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
        }

        impl #name {
            /// The answer of `status` with `body`, as its variant.
            pub(crate) fn decode(
                status: ::reqwest::StatusCode,
                body: &[u8],
            ) -> ::std::result::Result<Self, ::serde_json::Error> {
                ::std::result::Result::Ok(match status.as_u16() {
                    #(#arms)*
                    _ => #fallback,
                })
            }
        }
    }
}

/// The runtime function that reads `payload` whole (`crate::request::json`, `text` or
/// `bytes`): a sequence read whole is text.
pub(in crate::emit) fn read_function(payload: &Payload) -> TokenStream {
    match payload.read {
        Read::Json => quote!(json),
        Read::Text | Read::Events { .. } | Read::Lines | Read::Records => quote!(text),
        Read::Bytes => quote!(bytes),
    }
}
