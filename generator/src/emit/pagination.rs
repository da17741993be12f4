//! The page and item streams of each paginated operation: `pages`, `pages_from` and `items` on
//! its `Request`, over the runtime's `pagination.rs`, with the operation's scheme as a constant.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::request_type;
use super::docs::doc_attrs;
use super::type_ref::{rust_type, Scope};
use crate::ir::{Api, Operation, PagingScheme};
use crate::lower::describe_paging;

/// `impl Request<…, operations::Op> { pages, pages_from, items }` for a paginated `op`.
pub(super) fn page_methods(api: &Api, op: &Operation) -> Option<TokenStream> {
    let paging = op.paging.as_ref()?;
    let request = request_type(api, op, quote!('c));
    let (output, _) = super::client::output(api, op);
    let item = rust_type(api, &paging.item, Scope::Crate);
    let scheme = scheme(&paging.scheme);
    let items = &paging.items;
    let method = &op.method_name;
    let how = doc_attrs(&format!(
        "Pages link up by {}{}.",
        describe_paging(paging),
        if paging.declared {
            " (as the config declares)"
        } else {
            " (inferred from the description)"
        }
    ));
    let pages_docs = doc_attrs(&format!(
        "The pages of the list [`Client::{method}`](crate::Client::{method}) returns, each requested as the stream is polled (none before), with this request's parameters and options. An error ends the stream; resume from the last page's [`Page::next_cursor`](crate::Page::next_cursor) with [`pages_from`](Self::pages_from)."
    ));
    let impl_docs = doc_attrs(&format!(
        "The pages and items of the list [`Client::{method}`](crate::Client::{method}) returns."
    ));
    let cfg = super::features::cfg(&op.gate);
    Some(quote! {
        #impl_docs
        #cfg
        impl<'c> #request {
            const PAGING: pagination::Scheme = #scheme;

            #pages_docs
            ///
            #how
            pub fn pages(self) -> Pages<'c, #output> {
                Pages::new(self, Self::PAGING, #items, None)
            }

            /// The pages from the one `cursor` asks for: a [`Page::next_cursor`](crate::Page::next_cursor) saved earlier.
            pub fn pages_from(self, cursor: Cursor) -> Pages<'c, #output> {
                Pages::new(self, Self::PAGING, #items, Some(cursor))
            }

            /// Every item of the list, page after page, each page requested as the stream is polled.
            pub fn items(self) -> Items<'c, #item> {
                self.pages().items()
            }
        }
    })
}

/// The runtime's `Scheme` value for `scheme`.
fn scheme(scheme: &PagingScheme) -> TokenStream {
    let optional = |value: &Option<String>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    match scheme {
        PagingScheme::QueryCursor { parameter, next } => {
            quote!(pagination::Scheme::QueryCursor { parameter: #parameter, next: #next })
        }
        PagingScheme::BodyCursor { field, next } => {
            quote!(pagination::Scheme::BodyCursor { field: #field, next: #next })
        }
        PagingScheme::PageNumber {
            parameter,
            total_pages,
        } => {
            let total_pages = optional(total_pages);
            quote!(pagination::Scheme::PageNumber { parameter: #parameter, total_pages: #total_pages })
        }
        PagingScheme::NextUrl { next, parameter } => {
            let (next, parameter) = (optional(next), optional(parameter));
            quote!(pagination::Scheme::NextUrl { next: #next, parameter: #parameter })
        }
        PagingScheme::HasMore {
            parameter,
            has_more,
            id,
        } => {
            quote!(pagination::Scheme::HasMore { parameter: #parameter, has_more: #has_more, id: #id })
        }
        PagingScheme::Scroll { parameter, next } => {
            quote!(pagination::Scheme::Scroll { parameter: #parameter, next: #next })
        }
    }
}
