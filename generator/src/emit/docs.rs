//! Doc text → `#[doc = "..."]` attributes, one per line, which prettyplease prints as `///`.
//! Text goes in string literals only, so no spec text can close a comment or open an item.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` for every line of `text`.
pub(super) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}
