//! Type references → Rust types. Prelude types are written bare (`String`, `Vec`, `Option`,
//! `Box`), which is safe because lowering never gives a schema one of those names; everything
//! else is a full path.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, TypeRef};

/// Where the type is written: inside `types.rs`, or elsewhere in the crate.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope {
    /// In the `types` module, where named types need no prefix.
    Types,
    /// Anywhere else, where named types are `types::Name`.
    Crate,
}

/// The Rust type for `ty`.
pub(super) fn type_tokens(api: &Api, ty: &TypeRef, scope: Scope) -> TokenStream {
    let inner = |ty: &TypeRef| type_tokens(api, ty, scope);
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(id) => {
            let name = &api.type_def(*id).name;
            match scope {
                Scope::Types => quote!(#name),
                Scope::Crate => quote!(types::#name),
            }
        }
        TypeRef::Vec(item) => {
            let item = inner(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = inner(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Nullable(value) => {
            let value = inner(value);
            quote!(Option<#value>)
        }
        TypeRef::Boxed(value) => {
            let value = inner(value);
            quote!(Box<#value>)
        }
        // Lowering checked that the configured type parses.
        TypeRef::External(path) => match syn::parse_str::<syn::Type>(path) {
            Ok(ty) => quote!(#ty),
            Err(_) => quote!(serde_json::Value),
        },
    }
}
