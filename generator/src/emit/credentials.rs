//! `src/credentials.rs`: the credential setters of `ClientBuilder`, one per security scheme the
//! API declares. An API with one scheme has `token` (bearer, API key) or `basic_auth` (HTTP
//! Basic) and not the other, which its client would ignore; an API with several has a setter
//! named after each, and every request sends the ones its operation requires.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use crate::ir::{Api, Auth, Requirements, Scheme};

pub(super) fn credentials_rs(api: &Api) -> TokenStream {
    let security = &api.meta.security;
    let setters = security.schemes.iter().enumerate().map(|(index, scheme)| {
        let name = &scheme.setter;
        let index = Literal::usize_unsuffixed(index);
        let sent = wire(&scheme.auth);
        let whom = match &scheme.declared {
            None => "every request, if given,".to_owned(),
            Some(_) if scheme.required => "every request,".to_owned(),
            Some(declared) => {
                format!("the requests of operations that accept the `{declared}` scheme,")
            }
        };
        let unrequired = match scheme.declared {
            None => " (the description declares no security scheme the client can send, so none is required)",
            Some(_) => "",
        };
        if scheme.auth == Auth::Basic {
            let docs = doc_attrs(&format!("The user name and password sent with {whom} as {sent}. They never appear in `Debug` output or error messages."));
            return quote! {
                #docs
                pub fn #name(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.with_credential(#index, Secret::Basic { username: username.into(), password: password.into() })
                }
            };
        }
        let (what, argument) = match &scheme.auth {
            Auth::Header { name, .. } if name == "authorization" => ("token", quote!(token)),
            _ => ("API key", quote!(key)),
        };
        let docs = doc_attrs(&format!("The {what} sent with {whom} as {sent}{unrequired}. It never appears in `Debug` output or error messages."));
        quote! {
            #docs
            pub fn #name(self, #argument: impl Into<String>) -> Self {
                self.with_credential(#index, Secret::Token(#argument.into()))
            }
        }
    });
    let module_docs = if security.single() {
        quote! {
            //! The credential the API takes, set on [`ClientBuilder`]: only the setter of the API's
            //! own security scheme exists.
        }
    } else {
        quote! {
            //! The credentials the API takes, one setter on [`ClientBuilder`] per security
            //! scheme. Each request sends those its operation requires: the first of its
            //! requirements whose credentials were all given.
        }
    };
    quote! {
        #module_docs

        use crate::security::Secret;
        use crate::ClientBuilder;

        impl ClientBuilder {
            #(#setters)*
        }
    }
}

/// Where `scheme`'s credential goes on the wire, for docs: "`Authorization: Bearer <token>`",
/// "the query parameter `appid`".
fn wire(auth: &Auth) -> String {
    match auth {
        Auth::Header { name, prefix } if name == "authorization" => {
            format!("`Authorization: {prefix}<token>`")
        }
        Auth::Header { name, prefix } => format!("the header `{name}: {prefix}<key>`"),
        Auth::Query { name } => format!("the query parameter `{name}`"),
        Auth::Cookie { name } => format!("the cookie `{name}`"),
        Auth::Basic => "HTTP Basic credentials".to_owned(),
    }
}

/// What a request sends for `scheme`, for the README: "`Authorization: Bearer <token>`
/// ([`ClientBuilder::token`])", "the API key as the query parameter `appid` (…)".
pub(super) fn sent_for(scheme: &Scheme) -> String {
    let wire = wire(&scheme.auth);
    let setter = scheme.setter.as_str();
    match (&scheme.auth, &scheme.declared) {
        (_, None) => format!("{wire} when a token is given to [`ClientBuilder::{setter}`] (the description declares no security scheme the client can send)"),
        (Auth::Header { name, .. }, _) if name == "authorization" => {
            format!("{wire} ([`ClientBuilder::{setter}`])")
        }
        (Auth::Basic, _) => format!("{wire} ([`ClientBuilder::{setter}`])"),
        _ => format!("the API key as {wire} ([`ClientBuilder::{setter}`])"),
    }
}

/// `requirements` as the runtime's `Requirements`: `&[&[0], &[1, 2]]`.
pub(super) fn requirements_tokens(requirements: &Requirements) -> TokenStream {
    let requirements = requirements.iter().map(|schemes| {
        let schemes = schemes
            .iter()
            .map(|&index| Literal::usize_unsuffixed(index));
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#requirements),*])
}
