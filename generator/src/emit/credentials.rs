//! `src/credentials.rs`: the credential setter of `ClientBuilder`, only the one the API's
//! security scheme takes. A bearer or API-key crate has `token` and no `basic_auth` (which its
//! client would ignore), an HTTP Basic crate `basic_auth` and no `token`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use crate::ir::{Api, Auth};

pub(super) fn credentials_rs(api: &Api) -> TokenStream {
    let token = |how: String| {
        let docs = doc_attrs(&format!(
            "The token sent with every request, {how}. It never appears in `Debug` output or error messages."
        ));
        quote! {
            #docs
            pub fn token(self, token: impl Into<String>) -> Self {
                self.with_token(token)
            }
        }
    };
    let setter = match &api.meta.auth {
        Auth::Header { name, prefix } if name == "authorization" => {
            token(format!("as `Authorization: {prefix}<token>`"))
        }
        Auth::Header { name, prefix } => token(format!("as the API key header `{name}: {prefix}<token>`")),
        Auth::Query { name } => token(format!("as the API key query parameter `{name}`")),
        Auth::Optional => token(
            "if given, as `Authorization: Bearer <token>` (the description declares no security scheme, so none is required)".to_owned(),
        ),
        Auth::Basic => quote! {
            /// The user name and password sent with every request (HTTP Basic authentication). They never appear in `Debug` output or error messages.
            pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.with_basic_auth(username, password)
            }
        },
    };
    quote! {
        //! The credential the API takes, set on [`ClientBuilder`]: only the setter of the API's
        //! own security scheme exists.

        use crate::ClientBuilder;

        impl ClientBuilder {
            #setter
        }
    }
}
