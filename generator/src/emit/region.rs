//! `src/region.rs`: the spec's servers as a `Region` enum; the first server is the default.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use crate::ir::Server;

/// The whole `region` module.
pub(super) fn region_rs(servers: &[Server]) -> TokenStream {
    let variants = servers.iter().enumerate().map(|(index, server)| {
        let name = &server.variant;
        let docs = match &server.description {
            Some(description) => format!("{description} (`{}`).", server.url),
            None => format!("`{}`.", server.url),
        };
        let docs = doc_attrs(&docs);
        let default = (index == 0).then(|| quote!(#[default]));
        quote! {
            #docs
            #default
            #name,
        }
    });
    let arms = servers.iter().map(|server| {
        let name = &server.variant;
        let url = &server.url;
        quote!(Region::#name => #url,)
    });
    quote! {
        //! Where the API is served.

        /// The servers the API description lists. Use
        /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url) for any other. A server
        /// the API adds later is a new variant, so match with a wildcard arm.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum Region {
            #(#variants)*
        }

        impl Region {
            /// The base URL of this region's server.
            pub fn base_url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}
