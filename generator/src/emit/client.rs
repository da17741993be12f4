//! `src/client.rs`: one method on `Client` per operation, each returning a `Request`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::example::example_call;
use super::type_ref::{type_tokens, Scope};
use crate::ir::{Api, Operation, Parameter, ParameterLocation, TypeRef};

/// The whole `client` module.
pub(super) fn client_rs(api: &Api) -> TokenStream {
    let methods = api.operations.iter().map(|op| method(api, op));
    let uses_types = api.operations.iter().any(|op| {
        let tys = op
            .parameters
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.iter().map(|b| &b.ty))
            .chain(op.success.iter());
        tys.into_iter().any(mentions_named_type)
    });
    let types_import = uses_types.then(|| {
        quote!(
            use crate::types;
        )
    });
    quote! {
        //! The API's operations, one method each.

        use crate::request::{self, Request};
        #types_import
        use crate::Client;

        impl Client {
            #(#methods)*
        }
    }
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let docs = doc_attrs(&method_docs(api, op));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = &op.method_name;
    let id = &op.id;
    let http_method = format_ident!("{}", op.http_method);
    let (output, decode) = match &op.success {
        Some(ty) => (type_tokens(api, ty, Scope::Crate), quote!(request::json)),
        None => (quote!(()), quote!(request::empty)),
    };

    let mut arguments: Vec<TokenStream> = op.parameters.iter().map(|p| argument(api, p)).collect();
    if let Some(body) = &op.body {
        let ty = type_tokens(api, &body.ty, Scope::Crate);
        arguments.push(if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        });
    }

    let path = path_expression(op);
    let mut chain = quote!(Request::new(self, #id, reqwest::Method::#http_method, #path, #decode));
    let mut statements = Vec::new();
    for parameter in &op.parameters {
        let setter = match parameter.location {
            ParameterLocation::Path => continue,
            ParameterLocation::Query => quote!(query),
            ParameterLocation::Header => quote!(header_param),
        };
        let wire = &parameter.wire_name;
        let value = &parameter.name;
        if parameter.exploded {
            statements.push(if parameter.required {
                quote!(request = request.query_object(#value);)
            } else {
                quote! {
                    if let Some(value) = #value {
                        request = request.query_object(value);
                    }
                }
            });
            continue;
        }
        let each = matches!(parameter.ty, TypeRef::Vec(_));
        match (parameter.required, each) {
            (true, false) => chain = quote!(#chain.#setter(#wire, #value)),
            (true, true) => statements.push(quote! {
                for item in #value {
                    request = request.#setter(#wire, item);
                }
            }),
            (false, false) => statements.push(quote! {
                if let Some(value) = #value {
                    request = request.#setter(#wire, value);
                }
            }),
            (false, true) => statements.push(quote! {
                for item in #value.into_iter().flatten() {
                    request = request.#setter(#wire, item);
                }
            }),
        }
    }
    match &op.body {
        Some(body) if body.required => chain = quote!(#chain.json(body)),
        Some(_) => statements.push(quote! {
            if let Some(body) = body {
                request = request.json(body);
            }
        }),
        None => {}
    }
    let body = if statements.is_empty() {
        chain
    } else {
        quote! {
            let mut request = #chain;
            #(#statements)*
            request
        }
    };

    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#arguments),*) -> Request<'_, #output> {
            #body
        }
    }
}

/// The path as a `String` expression: a literal, or literal pieces and encoded parameters.
fn path_expression(op: &Operation) -> TokenStream {
    let mut pieces: Vec<TokenStream> = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let parameter = op.parameters.iter().find(|p| {
            p.location == ParameterLocation::Path && p.wire_name == rest[open + 1..close]
        });
        let Some(parameter) = parameter else {
            break;
        };
        if open > 0 {
            let literal = Literal::string(&rest[..open]);
            pieces.push(quote!(#literal));
        }
        let value = &parameter.name;
        pieces.push(quote!(&request::path_segment(#value)));
        rest = &rest[close + 1..];
    }
    if pieces.is_empty() {
        let path = &op.path;
        return quote!(String::from(#path));
    }
    if !rest.is_empty() {
        let literal = Literal::string(rest);
        pieces.push(quote!(#literal));
    }
    quote!([#(#pieces),*].concat())
}

fn argument(api: &Api, parameter: &Parameter) -> TokenStream {
    let name = &parameter.name;
    let ty = match &parameter.ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(item) => {
            let item = type_tokens(api, item, Scope::Crate);
            quote!(&[#item])
        }
        ty @ (TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64) => {
            type_tokens(api, ty, Scope::Crate)
        }
        ty => {
            let ty = type_tokens(api, ty, Scope::Crate);
            quote!(&#ty)
        }
    };
    if parameter.required {
        quote!(#name: #ty)
    } else {
        quote!(#name: Option<#ty>)
    }
}

fn method_docs(api: &Api, op: &Operation) -> String {
    let mut docs = op.docs.render(api);
    if !op.parameters.is_empty() {
        let arguments: Vec<String> = op
            .parameters
            .iter()
            .map(|p| format!("- `{}`: {}", p.name, p.docs.render(api).replace('\n', " ")))
            .collect();
        docs.push_str(&format!("\n\n# Arguments\n\n{}", arguments.join("\n")));
    }
    if let Some(example) = usage_example(api, op) {
        docs.push_str(&format!("\n\n# Example\n\n```no_run\n{example}```"));
    }
    docs
}

/// The body of a doctest that calls `op` with the spec's example; the lines that only make it
/// compile are hidden (`# `).
fn usage_example(api: &Api, op: &Operation) -> Option<String> {
    let (setup, call) = example_call(api, op)?;
    let crate_ident = api.meta.crate_name.library();
    let function = quote! {
        async fn example(client: &#crate_ident::Client) -> Result<(), #crate_ident::Error> {
            #setup
            let response = #call.await?;
            println!("{response:?}");
            Ok(())
        }
    };
    let file = syn::parse2::<syn::File>(function).ok()?;
    let rendered = crate::format::rust_source(&file);
    // The signature (however prettyplease wraps it) ends at the first unindented line that
    // opens a block; it and the closing `Ok(())` and `}` are hidden.
    let lines: Vec<&str> = rendered.lines().collect();
    let opens_body = lines
        .iter()
        .position(|line| !line.starts_with(' ') && line.ends_with('{'))?;
    let (signature, rest) = lines.split_at(opens_body + 1);
    let body = rest.get(..rest.len().checked_sub(2)?)?;
    let mut text = format!("# use {crate_ident}::types;\n");
    for line in signature {
        text.push_str(&format!("# {line}\n"));
    }
    for line in body {
        text.push_str(line.strip_prefix("    ").unwrap_or(line));
        text.push('\n');
    }
    text.push_str("# Ok(())\n# }\n");
    Some(text)
}

fn mentions_named_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => mentions_named_type(inner),
        _ => false,
    }
}
