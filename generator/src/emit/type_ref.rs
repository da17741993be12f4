//! Type references → Rust types.
//!
//! In `types.rs`, where the generated types live, a schema may be called `Option`, `String` or
//! `Box` (or be renamed so by an override), and such a type shadows the prelude's. So there every
//! standard type is written by an absolute path (`::std::option::Option`) that no generated name
//! can shadow. Everywhere else generated types are `types::Name`, never imported one by one, and
//! the prelude's short names are safe.

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
    let std = Std(scope);
    match ty {
        TypeRef::String => std.string(),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            let string = std.string();
            quote!(::serde_json::Map<#string, ::serde_json::Value>)
        }
        TypeRef::Named(id) => {
            let name = &api.type_def(*id).name;
            match scope {
                Scope::Types => quote!(#name),
                Scope::Crate => quote!(types::#name),
            }
        }
        TypeRef::Vec(item) => {
            let item = inner(item);
            match scope {
                Scope::Types => quote!(::std::vec::Vec<#item>),
                Scope::Crate => quote!(Vec<#item>),
            }
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(inner);
            quote!((#(#items,)*))
        }
        TypeRef::Map(value) => {
            let (string, value) = (std.string(), inner(value));
            quote!(::std::collections::BTreeMap<#string, #value>)
        }
        TypeRef::Nullable(value) => std.option(inner(value)),
        TypeRef::Boxed(value) => {
            let value = inner(value);
            match scope {
                Scope::Types => quote!(::std::boxed::Box<#value>),
                Scope::Crate => quote!(Box<#value>),
            }
        }
        // Lowering checked that the configured type parses.
        TypeRef::External(path) => match syn::parse_str::<syn::Type>(path) {
            Ok(ty) => quote!(#ty),
            Err(_) => quote!(::serde_json::Value),
        },
        TypeRef::File => quote!(crate::File),
        TypeRef::Bytes => match scope {
            Scope::Types => quote!(::std::vec::Vec<u8>),
            Scope::Crate => quote!(Vec<u8>),
        },
    }
}

/// The standard types emitted code names, spelled for where it is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Std(pub Scope);

impl Std {
    /// `String`.
    pub fn string(self) -> TokenStream {
        match self.0 {
            Scope::Types => quote!(::std::string::String),
            Scope::Crate => quote!(String),
        }
    }

    /// `Option<inner>`.
    pub fn option(self, inner: TokenStream) -> TokenStream {
        match self.0 {
            Scope::Types => quote!(::std::option::Option<#inner>),
            Scope::Crate => quote!(Option<#inner>),
        }
    }
}

/// Whether `ty` names a generated type, so that code writing it needs `crate::types`.
pub(super) fn mentions_named_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Tuple(items) => items.iter().any(mentions_named_type),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => mentions_named_type(inner),
        _ => false,
    }
}
