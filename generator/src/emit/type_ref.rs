//! Type references → Rust types.
//!
//! In `types.rs`, where the generated types live, a schema may be called `Option`, `String` or
//! `Box` (or be renamed so by an override), and such a type shadows the prelude's. So there every
//! standard type is written by an absolute path (`::std::option::Option`) that no generated name
//! can shadow. Everywhere else generated types are `types::Name`, never imported one by one, and
//! the prelude's short names are safe.

use proc_macro2::Span;
use syn::punctuated::Punctuated;

use crate::ir::{Api, TypeRef};

/// Where the type is written: inside `types.rs`, or elsewhere in the crate.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope {
    /// In the `types` module, where named types need no prefix.
    Types,
    /// Anywhere else, where named types are `types::Name`.
    Crate,
}

/// The Rust type for `ty`, built as a syntax tree: `types.rs` puts one in every field and
/// setter, and parsing their tokens again cost more than building them.
pub(super) fn rust_type(api: &Api, ty: &TypeRef, scope: Scope) -> syn::Type {
    let inner = |ty: &TypeRef| rust_type(api, ty, scope);
    let std = Std(scope);
    match ty {
        TypeRef::String => std.string(),
        TypeRef::Bool => path_type("bool", []),
        TypeRef::I32 => path_type("i32", []),
        TypeRef::I64 => path_type("i64", []),
        TypeRef::F64 => path_type("f64", []),
        TypeRef::Json => json_value(),
        TypeRef::JsonObject => path_type("::serde_json::Map", [std.string(), json_value()]),
        TypeRef::Named(id) => {
            let name = api.type_def(*id).name.to_syn();
            match scope {
                Scope::Types => segments_type(None, [name], []),
                Scope::Crate => segments_type(None, [ident("types"), name], []),
            }
        }
        TypeRef::Vec(item) => std.vec(inner(item)),
        TypeRef::Tuple(items) => syn::Type::Tuple(syn::TypeTuple {
            attrs: Vec::new(),
            paren_token: Default::default(),
            elems: items.iter().map(inner).collect(),
        }),
        TypeRef::Map(value) => {
            path_type("::std::collections::BTreeMap", [std.string(), inner(value)])
        }
        TypeRef::Nullable(value) => std.option(inner(value)),
        TypeRef::Boxed(value) => match scope {
            Scope::Types => path_type("::std::boxed::Box", [inner(value)]),
            Scope::Crate => path_type("Box", [inner(value)]),
        },
        // Lowering checked that the configured type parses.
        TypeRef::External(path) => syn::parse_str(path).unwrap_or_else(|_| json_value()),
        TypeRef::File => path_type("crate::File", []),
        TypeRef::Bytes => std.vec(path_type("u8", [])),
    }
}

/// The standard types emitted code names, spelled for where it is written.
#[derive(Debug, Clone, Copy)]
struct Std(Scope);

impl Std {
    /// `String`.
    fn string(self) -> syn::Type {
        match self.0 {
            Scope::Types => path_type("::std::string::String", []),
            Scope::Crate => path_type("String", []),
        }
    }

    /// `Option<inner>`.
    fn option(self, inner: syn::Type) -> syn::Type {
        match self.0 {
            Scope::Types => path_type("::std::option::Option", [inner]),
            Scope::Crate => path_type("Option", [inner]),
        }
    }

    /// `Vec<item>`.
    fn vec(self, item: syn::Type) -> syn::Type {
        match self.0 {
            Scope::Types => path_type("::std::vec::Vec", [item]),
            Scope::Crate => path_type("Vec", [item]),
        }
    }
}

fn json_value() -> syn::Type {
    path_type("::serde_json::Value", [])
}

/// The type at `path`, written as in source (`::std::option::Option`), with `arguments` in
/// angle brackets when there are any.
fn path_type(path: &str, arguments: impl IntoIterator<Item = syn::Type>) -> syn::Type {
    let (leading_colon, path) = match path.strip_prefix("::") {
        Some(rest) => (Some(Default::default()), rest),
        None => (None, path),
    };
    segments_type(leading_colon, path.split("::").map(ident), arguments)
}

/// The type whose path is `segments`, its last with `arguments` in angle brackets when there
/// are any.
fn segments_type(
    leading_colon: Option<syn::Token![::]>,
    segments: impl IntoIterator<Item = syn::Ident>,
    arguments: impl IntoIterator<Item = syn::Type>,
) -> syn::Type {
    let mut segments: Punctuated<syn::PathSegment, syn::Token![::]> =
        segments.into_iter().map(syn::PathSegment::from).collect();
    let args: Punctuated<syn::GenericArgument, syn::Token![,]> = arguments
        .into_iter()
        .map(syn::GenericArgument::Type)
        .collect();
    if let Some(last) = segments.last_mut().filter(|_| !args.is_empty()) {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args,
            gt_token: Default::default(),
        });
    }
    syn::Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path: syn::Path {
            leading_colon,
            segments,
        },
    })
}

fn ident(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::call_site())
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
