//! Structs, `#[non_exhaustive]` so that a field the API adds later is not a breaking change:
//! built with `new` (the required fields, in spec order) and a `with_` setter per optional field,
//! read through public fields. `Default` where no field is required.
//!
//! `Some` and `None` are written bare: they live in the value namespace, where no generated
//! type (a braced struct, an enum, an alias) can shadow them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::type_ref::{type_tokens, Scope, Std};
use crate::ir::{Api, Field, Ident, Presence};

/// Clippy's limit for arguments (`too_many_arguments`); a constructor over it says why.
const CLIPPY_ARGUMENT_LIMIT: usize = 7;

/// The struct `name`, its constructor and its setters.
pub(super) fn structure(
    api: &Api,
    name: &Ident,
    docs: &TokenStream,
    fields: &[Field],
    extra: &[syn::Path],
) -> TokenStream {
    let declarations = fields.iter().map(|field| declaration(api, field));
    let required: Vec<&Field> = fields.iter().filter(|f| is_required(f)).collect();
    let default = required.is_empty().then(|| quote!(, Default));
    let parameters = required.iter().map(|field| {
        let field_name = &field.name;
        let ty = type_tokens(api, &field.ty, Scope::Types);
        match field.presence {
            Presence::RequiredNullable => {
                let ty = Std(Scope::Types).option(ty);
                quote!(#field_name: #ty)
            }
            _ => quote!(#field_name: impl ::std::convert::Into<#ty>),
        }
    });
    let initializers = fields.iter().map(|field| {
        let field_name = &field.name;
        match field.presence {
            Presence::Required => quote!(#field_name: #field_name.into()),
            Presence::RequiredNullable => quote!(#field_name),
            Presence::Optional => quote!(#field_name: None),
            Presence::Additional => quote!(#field_name: ::std::default::Default::default()),
        }
    });
    let many = (required.len() > CLIPPY_ARGUMENT_LIMIT).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required field of the schema")])
    });
    let new_doc = if required.is_empty() {
        format!(" A new `{name}` with every field unset; set them with the `with_` methods.")
    } else {
        format!(" A new `{name}` of its required fields; the optional ones start unset (see the `with_` methods).")
    };
    let setters: Vec<TokenStream> = fields
        .iter()
        .filter_map(|field| Some(setter(api, field, field.setter.as_ref()?)))
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #default #(, #extra)*)]
        #[non_exhaustive]
        pub struct #name {
            #(#declarations)*
        }

        impl #name {
            #[doc = #new_doc]
            #many
            pub fn new(#(#parameters),*) -> Self {
                #name {
                    #(#initializers),*
                }
            }

            #(#setters)*
        }
    }
}

fn is_required(field: &Field) -> bool {
    matches!(
        field.presence,
        Presence::Required | Presence::RequiredNullable
    )
}

fn declaration(api: &Api, field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs.render(api));
    let name = &field.name;
    let ty = type_tokens(api, &field.ty, Scope::Types);
    let optional = Std(Scope::Types).option(ty.clone());
    let rename = serde_rename(&field.name, &field.wire_name);
    match field.presence {
        Presence::Required => quote! {
            #docs
            #rename
            pub #name: #ty,
        },
        // A missing key decodes as `None` (serde's rule for `Option`); `None` encodes as `null`.
        Presence::RequiredNullable => quote! {
            #docs
            #rename
            pub #name: #optional,
        },
        Presence::Additional => quote! {
            #docs
            #[serde(flatten)]
            pub #name: #ty,
        },
        Presence::Optional => quote! {
            #docs
            #rename
            #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
            pub #name: #optional,
        },
    }
}

/// `with_field(value)`: sets an optional field.
fn setter(api: &Api, field: &Field, method: &Ident) -> TokenStream {
    let name = &field.name;
    let ty = type_tokens(api, &field.ty, Scope::Types);
    let summary = field
        .docs
        .render(api)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let doc = format!(
        " Sets [`{name}`]({}): {summary}",
        name.doc_link("Self", "structfield")
    );
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, #name: impl ::std::convert::Into<#ty>) -> Self {
            self.#name = Some(#name.into());
            self
        }
    }
}

/// `#[serde(rename = "wire")]` when the Rust name differs from the wire name.
fn serde_rename(rust_name: &Ident, wire_name: &str) -> TokenStream {
    if rust_name.as_str() == wire_name {
        TokenStream::new()
    } else {
        quote!(#[serde(rename = #wire_name)])
    }
}
