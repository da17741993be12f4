//! Structs, `#[non_exhaustive]` so that a field the API adds later is not a breaking change:
//! built with `new` (the required fields, in spec order) and a `with_` setter per optional field,
//! read through public fields. `Default` where no field is required.
//!
//! `Some` and `None` are written bare: they live in the value namespace, where no generated
//! type (a braced struct, an enum, an alias) can shadow them.
//!
//! The setters are built as syntax trees, not written as tokens for render to parse: a whole-API
//! crate has thousands, all of one shape (2,000 for the whole 2.14 spec, where making and
//! formatting them was a fifth of the generation's CPU time). The shape is parsed once per
//! thread and each setter is a copy with its names filled in.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::{self, VisitMut};

use crate::emit::docs::{doc_attrs, doc_text};
use crate::emit::type_ref::{rust_type, Scope, Std};
use crate::ir::{Api, Field, Ident, Presence};

/// Clippy's limit for arguments (`too_many_arguments`); a constructor over it says why.
const CLIPPY_ARGUMENT_LIMIT: usize = 7;

/// The struct `name`, and an impl of its constructor and its setters.
pub(super) fn structure(
    api: &Api,
    name: &Ident,
    docs: &TokenStream,
    fields: &[Field],
    extra: &[syn::Path],
) -> syn::Result<Vec<syn::Item>> {
    let declarations = fields.iter().map(|field| declaration(api, field));
    let required: Vec<&Field> = fields.iter().filter(|f| is_required(f)).collect();
    let default = required.is_empty().then(|| quote!(, Default));
    let parameters = required.iter().map(|field| {
        let field_name = &field.name;
        let ty = rust_type(api, &field.ty, Scope::Types);
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
    let definition: syn::ItemStruct = syn::parse2(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #default #(, #extra)*)]
        #[non_exhaustive]
        pub struct #name {
            #(#declarations)*
        }
    })?;
    let mut methods: syn::ItemImpl = syn::parse2(quote! {
        impl #name {
            #[doc = #new_doc]
            #many
            pub fn new(#(#parameters),*) -> Self {
                #name {
                    #(#initializers),*
                }
            }
        }
    })?;
    methods.items.extend(
        fields
            .iter()
            .filter_map(|field| Some(setter(api, field, field.setter.as_ref()?))),
    );
    Ok(vec![
        syn::Item::Struct(definition),
        syn::Item::Impl(methods),
    ])
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
    let ty = rust_type(api, &field.ty, Scope::Types);
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
fn setter(api: &Api, field: &Field, method: &Ident) -> syn::ImplItem {
    thread_local! {
        /// Every setter's shape; [`SetterParts`] names what each one fills in.
        static SHAPE: syn::ImplItemFn = syn::parse_quote! {
            #[doc = "doc"]
            pub fn method(mut self, field: impl ::std::convert::Into<Type>) -> Self {
                self.field = Some(field.into());
                self
            }
        };
    }
    let name = &field.name;
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
    let mut setter = SHAPE.with(Clone::clone);
    SetterParts {
        method: method.to_syn(),
        field: name.to_syn(),
        ty: Some(rust_type(api, &field.ty, Scope::Types)),
        doc: doc_text(&doc),
    }
    .visit_impl_item_fn_mut(&mut setter);
    syn::ImplItem::Fn(setter)
}

/// What a setter fills into its shape: its name in place of `method`, the field's in place of
/// `field`, the field's type in place of `Type`, its doc text in place of `"doc"`.
struct SetterParts {
    method: syn::Ident,
    field: syn::Ident,
    ty: Option<syn::Type>,
    doc: String,
}

impl VisitMut for SetterParts {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if ident == "method" {
            *ident = self.method.clone();
        } else if ident == "field" {
            *ident = self.field.clone();
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        match ty {
            syn::Type::Path(path) if path.path.is_ident("Type") => {
                if let Some(field_type) = self.ty.take() {
                    *ty = field_type;
                }
            }
            _ => visit_mut::visit_type_mut(self, ty),
        }
    }

    fn visit_lit_str_mut(&mut self, doc: &mut syn::LitStr) {
        *doc = syn::LitStr::new(&self.doc, doc.span());
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
