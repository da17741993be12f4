//! The README's section on lists that page: a doctest that walks one list item by item, and
//! pages through another (a search, when the API has one that pages) keeping the cursor to
//! resume from, both written against this crate's own operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::example::example_call;
use crate::format::rust_text;
use crate::ir::{Api, Operation};

/// The section, with its example when a list that pages can be called without inventing
/// values; nothing when no list pages.
pub(super) fn section(api: &Api) -> String {
    if !api.pages() {
        return String::new();
    }
    let example = example(api).map_or(String::new(), |code| {
        format!("\n```rust,no_run\n{code}```\n")
    });
    format!(
        "\n## Lists that page\n\nA list that pages (its `Returns` names `.items()`) gives, on its request, `.items()`: a stream of every item of every page, and `.pages()`: a stream of [`Page`]s, each with its [`Response`] (status, headers, rate limit) and the [`Cursor`] of the next. Nothing is sent until a stream is polled, and a page is requested only when the stream reaches it, with the request's parameters and options; retries, hooks and timeouts apply to every page. Save a page's cursor to stop, and resume later with `.pages_from(cursor)`.\n{example}"
    )
}

/// `main` with the item loop over the first list that pages and the page loop over the first
/// search that does (or the same list), the lists the config declares before inferred ones.
fn example(api: &Api) -> Option<String> {
    let mut paged: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.paging.is_some())
        .collect();
    paged.sort_by_key(|op| !op.paging.as_ref().is_some_and(|paging| paging.declared));
    let callable = |with_body: bool| {
        paged
            .iter()
            .filter(|op| op.body.is_some() == with_body)
            .find_map(|op| example_call(api, op))
    };
    let (list_setup, list) = callable(false).or_else(|| callable(true))?;
    let (search_setup, search) =
        callable(true).unwrap_or_else(|| (list_setup.clone(), list.clone()));
    let crate_ident = api.meta.crate_name.library();
    let uses_types = [&list_setup, &search_setup]
        .iter()
        .any(|setup| !setup.is_empty())
        .then(|| quote!(types,));
    let tokens: TokenStream = quote! {
        use futures_util::TryStreamExt;
        use #crate_ident::{#uses_types Client};

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let client = Client::from_env()?;

            #list_setup
            let mut items = #list.items();
            while let Some(item) = items.try_next().await? {
                println!("{item:?}");
            }

            #search_setup
            let mut pages = #search.pages();
            let Some(page) = pages.try_next().await? else {
                return Ok(());
            };
            println!("{:?}, rate limit {:?}", page.value(), page.response().rate_limit());
            if let Some(cursor) = page.next_cursor().cloned() {
                let mut rest = #search.pages_from(cursor);
                while let Some(page) = rest.try_next().await? {
                    println!("{:?}", page.value());
                }
            }
            Ok(())
        }
    };
    Some(rust_text(tokens))
}
