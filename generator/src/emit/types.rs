//! `src/types.rs`: one item per named type, in model order.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::type_ref::{type_tokens, Scope, Std};
use crate::ir::{Api, Field, Ident, Presence, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};

/// How many types one part of `types.rs` holds (see [`FileBody::Rust`]): enough that a part's
/// fixed cost does not show, few enough that the parts spread evenly over the threads and each
/// part's syntax tree stays small.
///
/// [`FileBody::Rust`]: super::FileBody::Rust
const TYPES_PER_PART: usize = 16;

/// How many parts `types.rs` is emitted in.
pub(super) fn parts(api: &Api) -> usize {
    api.types.len().div_ceil(TYPES_PER_PART).max(1)
}

/// Part `part` of the `types` module: the module docs (first part only), then its run of types.
pub(super) fn types_rs(api: &Api, part: usize) -> TokenStream {
    let module_docs = (part == 0).then(|| {
        quote! {
            //! The request and response types of the API, one per schema.
        }
    });
    let items = api
        .types
        .iter()
        .skip(part * TYPES_PER_PART)
        .take(TYPES_PER_PART)
        .map(|definition| type_def(api, definition));
    quote! {
        #module_docs
        #(#items)*
    }
}

fn type_def(api: &Api, definition: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&definition.docs.render(api));
    let name = &definition.name;
    // Lowering checked that each configured derive parses as a path.
    let extra: Vec<syn::Path> = definition
        .extra_derives
        .iter()
        .filter_map(|derive| syn::parse_str(derive).ok())
        .collect();
    match &definition.kind {
        TypeKind::Struct { fields } => {
            let fields = fields.iter().map(|field| struct_field(api, field));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #(, #extra)*)]
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        TypeKind::Enum { variants, unknown } => string_enum(name, &docs, variants, unknown, &extra),
        TypeKind::Union { variants, tag } => {
            union(api, name, &docs, variants, tag.as_deref(), &extra)
        }
        TypeKind::Alias(target) => {
            let target = type_tokens(api, target, Scope::Types);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

fn struct_field(api: &Api, field: &Field) -> TokenStream {
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

fn string_enum(
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
    quote! {
        #docs
        ///
        /// New values may appear in later API versions: they decode into the catch-all variant,
        /// and the enum is `#[non_exhaustive]` so that adding them is not a breaking change.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize #(, #extra)*)]
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
    }
}

/// A `oneOf`/`anyOf`. It always serialises as its payload. Without a tag it decodes as the first
/// variant that fits (serde's `untagged`); with one, it reads the tag and decodes that variant
/// only, so a payload that fits several shapes still lands in the right one.
fn union(
    api: &Api,
    name: &Ident,
    docs: &TokenStream,
    variants: &[UnionVariant],
    tag: Option<&str>,
    extra: &[syn::Path],
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = &variant.name;
        let ty = type_tokens(api, &variant.ty, Scope::Types);
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
    let Some(tag) = tag else {
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #(, #extra)*)]
            #[serde(untagged)]
            pub enum #name {
                #(#declarations)*
            }
        };
    };
    let values: Vec<&str> = variants
        .iter()
        .filter_map(|v| v.tag_value.as_deref())
        .collect();
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
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize #(, #extra)*)]
        #[serde(untagged)]
        pub enum #name {
            #(#declarations)*
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
                    Some(other) => return Err(D::Error::unknown_variant(other, &[#(#values),*])),
                    None => return Err(D::Error::missing_field(#tag)),
                }
                .map_err(D::Error::custom)
            }
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
