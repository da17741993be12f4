//! How an operation's request body is taken by its method and put on the request: JSON, text
//! and bytes as they are, form bodies with each property's `encoding`, and multipart bodies as
//! the parts of each field (files as files, other values as their `encoding` says).

use proc_macro2::TokenStream;
use quote::quote;

use super::serialization::field_encoding;
use super::type_ref::{rust_type, Scope};
use crate::ir::{Api, Body, BodyEncoding, Field, FieldEncoding, Presence, TypeKind, TypeRef};

/// The type a body is passed as, required or to the setter.
pub(super) fn body_argument(api: &Api, body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Text => quote!(impl Into<String>),
        BodyEncoding::Bytes => quote!(impl Into<Vec<u8>>),
        BodyEncoding::Json | BodyEncoding::Form(_) | BodyEncoding::Multipart(_) => {
            let ty = rust_type(api, &body.ty, Scope::Crate);
            quote!(&#ty)
        }
    }
}

/// The call that puts the argument `body` into the request, as its media type wants it.
pub(super) fn body_call(api: &Api, body: &Body) -> TokenStream {
    let media_type = &body.media_type;
    match &body.encoding {
        BodyEncoding::Json => quote!(json_body(body)),
        BodyEncoding::Text => quote!(text_body(body, #media_type)),
        BodyEncoding::Bytes => quote!(bytes_body(body, #media_type)),
        BodyEncoding::Form(encodings) => {
            let encodings = encodings
                .iter()
                .filter(|(_, encoding)| *encoding != FieldEncoding::default())
                .map(|(property, encoding)| {
                    let encoding = field_encoding(Some(encoding));
                    quote!((#property, #encoding))
                });
            quote!(form_body(body, &[#(#encodings),*]))
        }
        BodyEncoding::Multipart(encodings) => {
            let parts = multipart_parts(api, body, encodings);
            quote!(multipart_body(#parts))
        }
    }
}

/// The parts of a multipart `body`: those of each field of its struct (files as files, other
/// values as their encoding says) but its read-only ones, or of each entry of a free-form
/// object.
fn multipart_parts(api: &Api, body: &Body, encodings: &[(String, FieldEncoding)]) -> TokenStream {
    let Some(TypeKind::Struct { fields }) =
        crate::ir::definition_of(&api.types, &body.ty).map(|definition| &definition.kind)
    else {
        return quote!(crate::multipart::Parts::new().add_entries(body));
    };
    let add = |field: &Field, value: TokenStream| {
        let wire = &field.wire_name;
        let encoding = field_encoding(
            encodings
                .iter()
                .find(|(property, _)| property == wire)
                .map(|(_, encoding)| encoding),
        );
        match &field.ty {
            TypeRef::File => quote!(add_file(#wire, #value, #encoding)),
            TypeRef::Vec(item) if **item == TypeRef::File => {
                quote!(add_files(#wire, #value, #encoding))
            }
            _ => quote!(add_value(#wire, #value, #encoding)),
        }
    };
    // Required fields in one chain, then each optional one when set.
    let mut chain = quote!(crate::multipart::Parts::new());
    let mut optional = Vec::new();
    for field in fields.iter().filter(|field| !field.read_only) {
        let name = &field.name;
        match field.presence {
            Presence::Required => {
                let call = add(field, quote!(&body.#name));
                chain = quote!(#chain.#call);
            }
            Presence::Additional => chain = quote!(#chain.add_entries(&body.#name)),
            Presence::RequiredNullable | Presence::Optional => {
                let call = add(field, quote!(value));
                optional.push(quote! {
                    if let Some(value) = &body.#name {
                        parts = parts.#call;
                    }
                });
            }
        }
    }
    if optional.is_empty() {
        return chain;
    }
    quote! {{
        let mut parts = #chain;
        #(#optional)*
        parts
    }}
}
