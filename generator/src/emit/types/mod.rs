//! `src/types.rs`: one item per named type, in model order.
//!
//! Every type is built to survive additions to the API as a minor release of the crate:
//! structs are `#[non_exhaustive]` with a constructor of their required fields and a setter per
//! optional one (`structs`), string enums and unions are `#[non_exhaustive]` with a catch-all
//! variant that keeps what a later API version sends (`enums`, `unions`).

mod decode;
mod enums;
mod fill;
mod responses;

pub(super) use responses::read_function;
pub(super) mod structs;
mod unions;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attributes;
use super::type_ref::{rust_type, Scope};
use crate::ir::{Api, TypeDef, TypeKind};

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
pub(super) fn types_rs(api: &Api, part: usize) -> syn::Result<syn::File> {
    let module_docs = (part == 0).then(|| {
        quote! {
            //! The request and response types of the API, one per schema.
            //!
            //! Build a struct with its `new` function (the required fields) and its `with_`
            //! methods (the optional ones); read its fields directly. Match an enum with a
            //! wildcard arm: values the API adds later decode into its `Unknown` variant.
        }
    });
    let mut file: syn::File = syn::parse2(quote!(#module_docs))?;
    for definition in api
        .types
        .iter()
        .skip(part * TYPES_PER_PART)
        .take(TYPES_PER_PART)
    {
        let mut items = type_def(api, definition)?;
        super::features::gate(&definition.gate, &mut items)?;
        file.items.extend(items);
    }
    Ok(file)
}

/// A type's items: its definition, its impls, and the aliases of its former names.
fn type_def(api: &Api, definition: &TypeDef) -> syn::Result<Vec<syn::Item>> {
    let docs = doc_attributes(&definition.docs.render(api));
    // Structs and enums take the attributes; the other kinds are written as tokens.
    let tokens = |docs: &[syn::Attribute]| quote!(#(#docs)*);
    let name = &definition.name;
    // Lowering checked that each configured derive parses as a path.
    let extra: Vec<syn::Path> = definition
        .extra_derives
        .iter()
        .filter_map(|derive| syn::parse_str(derive).ok())
        .collect();
    let mut items = match &definition.kind {
        TypeKind::Struct { fields } => structs::structure(api, name, docs, fields, &extra)?,
        TypeKind::Enum { variants, unknown } => {
            enums::string_enum(name, docs, variants, unknown, &extra)
        }
        TypeKind::Union {
            variants,
            tag,
            unknown,
        } => parsed_items(unions::union(
            api,
            name,
            &tokens(&docs),
            variants,
            tag.as_deref(),
            unknown,
            &extra,
        ))?,
        TypeKind::Alias(target) => {
            let target = rust_type(api, target, Scope::Types);
            let docs = tokens(&docs);
            parsed_items(quote! {
                #docs
                pub type #name = #target;
            })?
        }
        TypeKind::Responses { variants } => {
            parsed_items(responses::responses(api, name, &tokens(&docs), variants))?
        }
    };
    let aliases = definition.deprecated_aliases.iter().map(|alias| {
        let note = format!("renamed to `{name}`");
        let doc = format!(" The former name of [`{name}`].");
        quote! {
            #[doc = #doc]
            #[deprecated(note = #note)]
            pub type #alias = #name;
        }
    });
    items.extend(parsed_items(quote!(#(#aliases)*))?);
    Ok(items)
}

/// The items `tokens` write.
fn parsed_items(tokens: TokenStream) -> syn::Result<Vec<syn::Item>> {
    syn::parse2::<syn::File>(tokens).map(|file| file.items)
}
