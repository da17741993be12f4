//! `src/region.rs`: the spec's servers as a `Region` enum (the first server is the default),
//! the values of their variables as enums, and a setter of the client builder per variable.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use crate::ir::{Api, ServerUrl, ServerVariableOption};

/// The whole `region` module.
pub(super) fn region_rs(api: &Api) -> TokenStream {
    let servers = &api.servers;
    let variants = servers.iter().enumerate().map(|(index, server)| {
        let name = &server.variant;
        let url = &server.url.template;
        let docs = match &server.description {
            Some(description) => format!("{description} (`{url}`)."),
            None => format!("`{url}`."),
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
        let server = server_literal(&server.url);
        quote!(Region::#name => #server,)
    });
    let variable_enums = api.server_variables.iter().filter_map(variable_enum);
    let setters = api.server_variables.iter().map(setter);
    let builder = (!api.server_variables.is_empty()).then(|| {
        quote! {
            /// The variables of the servers' URLs.
            impl crate::ClientBuilder {
                #(#setters)*
            }
        }
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
            /// The URL of this region's server as the API description gives it: where it has
            /// `{variables}`, the client fills them with the values given to the builder or
            /// their defaults.
            pub fn base_url(self) -> &'static str {
                self.server().url
            }

            /// This region's server.
            pub(crate) fn server(self) -> crate::servers::Server {
                match self {
                    #(#arms)*
                }
            }
        }

        #(#variable_enums)*

        #builder
    }
}

/// The runtime's `Server` of `url`: `crate::servers::Server { url: "…", variables: &[…] }`.
pub(super) fn server_literal(url: &ServerUrl) -> TokenStream {
    let template = &url.template;
    let variables = url.variables.iter().map(|variable| {
        let name = &variable.name;
        let default = &variable.default;
        let allowed = &variable.values;
        quote!(crate::servers::Variable { name: #name, default: #default, allowed: &[#(#allowed),*] })
    });
    quote!(crate::servers::Server { url: #template, variables: &[#(#variables),*] })
}

/// The enum of the values a variable may take, if the spec lists them.
fn variable_enum(option: &ServerVariableOption) -> Option<TokenStream> {
    let (name, variants) = option.values.as_ref()?;
    let docs = doc_attrs(&format!(
        "The values of the servers' variable `{}`.{}",
        option.name,
        option
            .description
            .as_deref()
            .map(|description| format!("\n\n{description}"))
            .unwrap_or_default()
    ));
    let declarations = variants.iter().map(|variant| {
        let doc = format!(" `{}`", variant.wire_name);
        let variant = &variant.name;
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let arms = variants.iter().map(|variant| {
        let wire = &variant.wire_name;
        let variant = &variant.name;
        quote!(#name::#variant => #wire,)
    });
    Some(quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
        }

        impl #name {
            /// The value as it goes into the URL.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    })
}

/// The builder's setter of a variable.
fn setter(option: &ServerVariableOption) -> TokenStream {
    let method = &option.method;
    let name = &option.name;
    let docs = doc_attrs(&format!(
        "Sets the servers' variable `{name}` (otherwise its default).{}",
        option
            .description
            .as_deref()
            .map(|description| format!(" {description}"))
            .unwrap_or_default()
    ));
    match &option.values {
        Some((ty, _)) => quote! {
            #docs
            pub fn #method(self, value: #ty) -> Self {
                self.server_variable(#name, value.as_str().to_owned())
            }
        },
        None => quote! {
            #docs
            pub fn #method(self, value: impl Into<String>) -> Self {
                self.server_variable(#name, value.into())
            }
        },
    }
}
