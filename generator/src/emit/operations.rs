//! `src/operations.rs`: one marker type per operation, the last type parameter of its
//! [`Request`](crate), which gives that request the setters of the operation's optional
//! parameters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// The whole `operations` module.
pub(super) fn operations_rs(api: &Api) -> TokenStream {
    let markers = api.operations.iter().map(|op| {
        let marker = &op.marker;
        let doc = format!(
            " `{} {}`: the marker of the [`Request`](crate::Request) that [`Client::{}`]({}) returns.",
            op.http_method,
            op.path,
            op.method_name,
            op.method_name.doc_link("crate::Client", "method")
        );
        let cfg = super::features::cfg(&op.gate);
        quote! {
            #[doc = #doc]
            #cfg
            #[derive(Debug)]
            pub enum #marker {}
        }
    });
    quote! {
        //! One marker type per operation: the last type parameter of the operation's
        //! [`Request`](crate::Request), which selects the setters of its optional parameters.
        //! They are never constructed; name them only where a request's type must be written.

        #(#markers)*
    }
}
