//! How an operation's request body is taken by its method and put on the request: JSON, text
//! and bytes as they are, form bodies with each property's style, and multipart bodies as one
//! part per field, each as its type wants it (files, text or JSON).

use proc_macro2::TokenStream;
use quote::quote;

use super::type_ref::{type_tokens, Scope};
use crate::ir::{Api, Body, BodyEncoding, Field, FormStyle, Presence, TypeKind, TypeRef};

/// The type a body is passed as, required or to the setter.
pub(super) fn body_argument(api: &Api, body: &Body) -> TokenStream {
    match body.encoding {
        BodyEncoding::Text => quote!(impl Into<String>),
        BodyEncoding::Bytes => quote!(impl Into<Vec<u8>>),
        BodyEncoding::Json | BodyEncoding::Form(_) | BodyEncoding::Multipart(_) => {
            let ty = type_tokens(api, &body.ty, Scope::Crate);
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
        BodyEncoding::Form(styles) => {
            let styles = styles.iter().map(|(property, style)| {
                let style = match style {
                    FormStyle::Brackets => quote!(Brackets),
                    FormStyle::Repeated => quote!(Repeated),
                    FormStyle::Space => quote!(Space),
                    FormStyle::Pipe => quote!(Pipe),
                    FormStyle::Json => quote!(Json),
                };
                quote!((#property, crate::form::Style::#style))
            });
            quote!(form_body(body, &[#(#styles),*]))
        }
        BodyEncoding::Multipart(content_types) => {
            let parts = multipart_parts(api, body, content_types);
            quote!(multipart_body(#parts))
        }
    }
}

/// The parts of a multipart `body`: one per field of its struct (files as files, scalars as
/// text, the rest as JSON), or one per entry of a free-form object.
fn multipart_parts(api: &Api, body: &Body, content_types: &[(String, String)]) -> TokenStream {
    let Some(TypeKind::Struct { fields }) =
        crate::ir::definition_of(&api.types, &body.ty).map(|definition| &definition.kind)
    else {
        return quote!(crate::multipart::Parts::object(body));
    };
    let add = |field: &Field, value: TokenStream| {
        let wire = &field.wire_name;
        let content_type = match content_types.iter().find(|(property, _)| property == wire) {
            Some((_, content_type)) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        match part_kind(api, &field.ty) {
            PartKind::File => quote!(file(#wire, #value)),
            PartKind::Files => quote!(files(#wire, #value)),
            PartKind::Text => quote!(text(#wire, #value, #content_type)),
            PartKind::Json => quote!(json(#wire, #value, #content_type)),
        }
    };
    // Required fields in one chain, then each optional one when set.
    let mut chain = quote!(crate::multipart::Parts::new());
    let mut optional = Vec::new();
    for field in fields {
        let name = &field.name;
        match field.presence {
            Presence::Required => {
                let call = add(field, quote!(&body.#name));
                chain = quote!(#chain.#call);
            }
            Presence::Additional => chain = quote!(#chain.object_entries(&body.#name)),
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

/// How a field of a multipart body becomes a part.
enum PartKind {
    File,
    Files,
    Text,
    Json,
}

fn part_kind(api: &Api, ty: &TypeRef) -> PartKind {
    match ty {
        TypeRef::File => PartKind::File,
        TypeRef::Vec(item) if **item == TypeRef::File => PartKind::Files,
        TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => {
            PartKind::Text
        }
        TypeRef::Named(_)
            if matches!(
                crate::ir::definition_of(&api.types, ty).map(|d| &d.kind),
                Some(TypeKind::Enum { .. })
            ) =>
        {
            PartKind::Text
        }
        _ => PartKind::Json,
    }
}
