//! Unions (`oneOf`/`anyOf`): one variant per alternative, `#[non_exhaustive]`, and a catch-all
//! that keeps, as JSON, a value of an alternative the API adds later: a new alternative is a
//! minor release of the crate and never fails the response that carries it.
//!
//! `Some` is written bare: no generated type (a braced struct, an enum, an alias) can shadow a
//! name of the value namespace.
//!
//! A union always serialises as its payload. Without a tag it decodes as the first alternative
//! that fits (serde's `untagged`, the catch-all last); with one, it reads the tag and decodes
//! that alternative only, so a payload that fits several shapes still lands in the right one,
//! and a tag it does not know lands in the catch-all.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::type_ref::{rust_type, Scope};
use crate::ir::{Api, Ident, TypeRef, UnionVariant};

/// The union `name`, with `unknown` as its catch-all.
pub(super) fn union(
    api: &Api,
    name: &Ident,
    docs: &TokenStream,
    variants: &[UnionVariant],
    tag: Option<&str>,
    unknown: &Ident,
    extra: &[syn::Path],
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = &variant.name;
        let ty = rust_type(api, &variant.ty, Scope::Types);
        let doc = match (&variant.ty, &variant.tag_value) {
            (_, Some(value)) => format!(
                " The alternative whose `{}` is `{value}`.",
                tag.unwrap_or_default()
            ),
            (TypeRef::Named(id), None) => format!(" A [`{}`].", api.type_def(*id).name),
            (_, None) => format!(" The `{}` alternative.", variant.name),
        };
        quote! {
            #[doc = #doc]
            #variant_name(#ty),
        }
    });
    let matching = format!(
        " Match the alternatives you handle and end with `_ =>`: the enum is `#[non_exhaustive]`, and a value of an alternative the API adds later decodes into [`{unknown}`]({name}::{}) with its JSON kept.",
        unknown.to_syn()
    );
    let catch_all = quote! {
        /// A value of an alternative this client does not know (the API may add alternatives),
        /// kept as sent.
        #unknown(::serde_json::Value),
    };
    let Some(tag) = tag else {
        return quote! {
            #docs
            ///
            #[doc = #matching]
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #(, #extra)*)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#declarations)*
                #catch_all
            }
        };
    };
    let arms = variants.iter().filter_map(|variant| {
        let value = variant.tag_value.as_deref()?;
        let variant_name = &variant.name;
        Some(quote!(Some(#value) => ::serde_json::from_value(value).map(#name::#variant_name),))
    });
    let tag_doc = format!(" Decoded by the value of its `{tag}` property.");
    quote! {
        #docs
        ///
        #[doc = #tag_doc]
        ///
        #[doc = #matching]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize #(, #extra)*)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            #catch_all
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get(#tag)
                    .and_then(::serde_json::Value::as_str)
                    .map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(#name::#unknown(value)),
                }
                .map_err(D::Error::custom)
            }
        }
    }
}
