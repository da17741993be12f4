//! String enums: one variant per value, `#[non_exhaustive]`, and a catch-all that keeps a value
//! the API adds later, so that decoding never fails on it.
//!
//! `Deserialize` is written out rather than derived: serde's derive, given a catch-all
//! `#[serde(untagged)]` variant, buffers every value into its `Content` and tries each variant
//! in turn. A whole-API crate has hundreds of these enums, and that machinery was 5 % of the
//! whole Intercom crate's LLVM IR; reading the string once and matching it needs none of it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Ident, Variant};

/// The enum `name` of `variants` and its catch-all `unknown`, with `as_str` and `Display`.
pub(super) fn string_enum(
    name: &Ident,
    docs: &TokenStream,
    variants: &[Variant],
    unknown: &Ident,
    extra: &[syn::Path],
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = &variant.name;
        let wire = &variant.wire_name;
        let doc = format!(" `{wire}`");
        quote! {
            #[doc = #doc]
            #[serde(rename = #wire)]
            #variant_name,
        }
    });
    let arms = variants.iter().map(|variant| {
        let variant_name = &variant.name;
        let wire = &variant.wire_name;
        quote!(#name::#variant_name => #wire,)
    });
    let decoded = variants.iter().map(|variant| {
        let variant_name = &variant.name;
        let wire = &variant.wire_name;
        quote!(#wire => #name::#variant_name,)
    });
    // An enum whose only listed value is `null` has no variant to match.
    let variant = if variants.is_empty() {
        quote!(#name::#unknown(value))
    } else {
        quote! {
            match value.as_str() {
                #(#decoded)*
                _ => #name::#unknown(value),
            }
        }
    };
    quote! {
        #docs
        ///
        /// New values may appear in later API versions: they decode into the catch-all variant,
        /// and the enum is `#[non_exhaustive]` so that adding them is not a breaking change.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize #(, #extra)*)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value this client does not know (the server may add values), kept as sent.
            #[serde(untagged)]
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    #name::#unknown(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: ::std::string::String = ::serde::Deserialize::deserialize(deserializer)?;
                let variant = #variant;
                ::std::result::Result::Ok(variant)
            }
        }
    }
}
